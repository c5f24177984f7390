// The alerts' outbox (Store::EnqueueAlert and the rest; schema 15).
#include "store/statement.h"
#include "store/store.h"

namespace gapwatch {
namespace {

constexpr const char* kAlertColumns =
    "SELECT id, subscription, event_key, channel, subject, text, json, created_at, attempts, next_attempt_at, "
    "sent_at, abandoned, last_error FROM alert_outbox ";

AlertRecord ReadAlert(sqlite3_stmt* row) {
  AlertRecord alert;
  alert.id = sqlite3_column_int64(row, 0);
  alert.subscription = Text(row, 1);
  alert.event_key = Text(row, 2);
  alert.channel = Text(row, 3);
  alert.subject = Text(row, 4);
  alert.text = Text(row, 5);
  alert.json = Text(row, 6);
  alert.created_at = sqlite3_column_int64(row, 7);
  alert.attempts = sqlite3_column_int(row, 8);
  alert.next_attempt_at = sqlite3_column_int64(row, 9);
  if (sqlite3_column_type(row, 10) != SQLITE_NULL) alert.sent_at = sqlite3_column_int64(row, 10);
  alert.abandoned = sqlite3_column_int(row, 11) != 0;
  alert.last_error = Text(row, 12);
  return alert;
}

}  // namespace

bool Store::EnqueueAlert(const AlertRecord& alert) {
  Statement insert(*this,
                   "INSERT OR IGNORE INTO alert_outbox(subscription, event_key, channel, subject, text, json, "
                   "created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?7)");
  insert.Bind(1, alert.subscription)
      .Bind(2, alert.event_key)
      .Bind(3, alert.channel)
      .Bind(4, alert.subject)
      .Bind(5, alert.text)
      .Bind(6, alert.json)
      .Bind(7, alert.created_at)
      .Run();
  return sqlite3_changes(db_) > 0;
}

std::vector<AlertRecord> Store::AlertsDue(long long now) const {
  const std::string sql =
      std::string(kAlertColumns) + "WHERE sent_at IS NULL AND abandoned = 0 AND next_attempt_at <= ? ORDER BY id";
  Statement query(*this, sql.c_str());
  query.Bind(1, now);
  std::vector<AlertRecord> due;
  while (query.Step()) due.push_back(ReadAlert(query.get()));
  return due;
}

bool Store::ClaimAlert(long long id, long long due_at, long long until) {
  Statement update(*this,
                   "UPDATE alert_outbox SET next_attempt_at = ? "
                   "WHERE id = ? AND next_attempt_at = ? AND sent_at IS NULL AND abandoned = 0");
  update.Bind(1, until).Bind(2, id).Bind(3, due_at).Run();
  return sqlite3_changes(db_) > 0;
}

void Store::MarkAlertSent(long long id, long long at) {
  Statement update(*this,
                   "UPDATE alert_outbox SET sent_at = ?, attempts = attempts + 1, last_error = '' "
                   "WHERE id = ? AND sent_at IS NULL");
  update.Bind(1, at).Bind(2, id).Run();
}

void Store::MarkAlertFailed(long long id, const std::string& error, std::optional<long long> next_attempt_at) {
  Statement update(*this,
                   "UPDATE alert_outbox SET attempts = attempts + 1, last_error = ?, "
                   "next_attempt_at = COALESCE(?2, next_attempt_at), abandoned = (?2 IS NULL) "
                   "WHERE id = ? AND sent_at IS NULL");
  update.Bind(1, error);
  if (next_attempt_at) update.Bind(2, *next_attempt_at);
  update.Bind(3, id).Run();
}

std::vector<AlertRecord> Store::Alerts() const {
  const std::string sql = std::string(kAlertColumns) + "ORDER BY id";
  Statement query(*this, sql.c_str());
  std::vector<AlertRecord> alerts;
  while (query.Step()) alerts.push_back(ReadAlert(query.get()));
  return alerts;
}

}  // namespace gapwatch
