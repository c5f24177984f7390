// The change log of the notices and what the last check saw (store.h, schema 7).
#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "store/statement.h"

namespace gapwatch {

long long Store::NoticeSequence() const {
  Statement query(*this, "SELECT seq FROM notice_sequence");
  return query.Step() ? sqlite3_column_int64(query.get(), 0) : 0;
}

std::vector<long long> Store::NoticeIdsChangedSince(long long seq) const {
  Statement query(*this, "SELECT id FROM notices WHERE changed_seq > ? ORDER BY id");
  query.Bind(1, seq);
  std::vector<long long> ids;
  while (query.Step()) ids.push_back(sqlite3_column_int64(query.get(), 0));
  return ids;
}

std::vector<Store::RemovedNotice> Store::NoticesRemovedSince(long long seq) const {
  Statement query(*this,
                  "SELECT seq, notice_id, site, url, kind, domain, project_code, COALESCE(linked_project, '') "
                  "FROM notice_removals WHERE seq > ? ORDER BY seq, id");
  query.Bind(1, seq);
  std::vector<RemovedNotice> removed;
  while (query.Step()) {
    sqlite3_stmt* row = query.get();
    removed.push_back({sqlite3_column_int64(row, 0), sqlite3_column_int64(row, 1), Text(row, 2), Text(row, 3),
                       Text(row, 4), Text(row, 5), Text(row, 6), Text(row, 7)});
  }
  return removed;
}

namespace {

// The capture time stands in for a publication date the site did not print (or not legibly).
constexpr const char* kOutlineColumns =
    "n.id, n.site, n.url, n.kind, n.domain, n.project_code, n.title, n.buyer, "
    "CASE WHEN n.kind IN ('award', 'blacklist') THEN n.supplier ELSE '' END, "
    "CASE WHEN n.kind = 'award' THEN n.lots ELSE '[]' END, n.published, n.captured_at";

void ReadOutline(ArenaColumns& columns, NoticeWithEvidence& entry) {
  constexpr bool kShared = true;
  entry.notice_id = columns.Integer(0);
  HeldNotice& notice = entry.notice;
  notice.site = columns.Text(1, kShared);
  notice.url = columns.Text(2);
  notice.kind = columns.Text(3, kShared);
  notice.domain = columns.Text(4, kShared);
  notice.project_code = columns.Text(5);
  notice.title = columns.Text(6);
  notice.buyer = columns.Text(7, kShared);
  notice.supplier = columns.Text(8, kShared);
  if (const std::string_view lots = columns.View(9); lots != "[]") {
    for (const auto& lot : nlohmann::json::parse(lots)) {
      notice.lots.push_back({lot.value("name", ""), lot.value("supplier", ""), std::nullopt});
    }
  }
  notice.published = columns.Optional(10);
  entry.captured_at = columns.Text(11);
  entry.texts = columns.arena();
}

}  // namespace

std::vector<NoticeWithEvidence> Store::NoticeOutlines() const {
  return ReadNotices(kOutlineColumns, "1", ReadOutline, true);
}

void Store::FillWantedIds(const std::vector<long long>& ids) const {
  Statement create(*this, "CREATE TEMP TABLE IF NOT EXISTS wanted_ids (id INTEGER PRIMARY KEY)");
  create.Run();
  Statement clear(*this, "DELETE FROM temp.wanted_ids");
  clear.Run();
  Statement insert(*this, "INSERT OR IGNORE INTO temp.wanted_ids(id) VALUES (?)");
  for (const long long id : ids) insert.Reset().Bind(1, id).Run();
}

std::optional<Store::CheckState> Store::LoadCheckState() const {
  Statement query(*this, "SELECT as_of, notice_seq, config_digest FROM check_state");
  if (!query.Step()) return std::nullopt;
  return CheckState{Text(query.get(), 0), sqlite3_column_int64(query.get(), 1), Text(query.get(), 2)};
}

std::string Store::NewestCheckedAsOf() const {
  Statement query(*this, "SELECT newest_as_of FROM findings_checked");
  return query.Step() ? Text(query.get(), 0) : "";
}

std::unordered_map<std::string, long long> Store::CheckedProjectDigests() const {
  Statement query(*this, "SELECT code, digest FROM check_projects");
  std::unordered_map<std::string, long long> digests;
  while (query.Step()) digests.emplace(Text(query.get(), 0), sqlite3_column_int64(query.get(), 1));
  return digests;
}

void Store::SaveCheckState(const CheckState& state, const std::map<std::string, std::optional<long long>>& digests,
                           bool replace_all) {
  if (replace_all) {
    std::vector<CodeDigest> every;
    every.reserve(digests.size());
    for (const auto& [code, digest] : digests) {
      if (digest) every.emplace_back(&code, *digest);
    }
    ReplaceCheckState(state, every);
    return;
  }
  Transaction transaction(*this);
  Statement upsert(*this,
                   "INSERT INTO check_projects(code, digest) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET "
                   "digest = excluded.digest");
  Statement remove(*this, "DELETE FROM check_projects WHERE code = ?");
  for (const auto& [code, digest] : digests) {
    if (digest) {
      upsert.Reset().Bind(1, code).Bind(2, *digest).Run();
    } else {
      remove.Reset().Bind(1, code).Run();
    }
  }
  WriteCheckState(state);
  transaction.Commit();
}

namespace {

// A code's first 16 bytes as two numbers that order as the bytes do (zeros
// past the end), beside its map entry: sorting 423,668 codes compared through
// pointers into the map's nodes, a cache miss a comparison, took 0.9 s.
struct CodeKey {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  const std::pair<const std::string, long long>* entry = nullptr;

  static std::uint64_t BigEndian(std::string_view bytes) {
    std::uint64_t word = 0;
    for (std::size_t i = 0; i < 8; ++i)
      word = word << 8 | (i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0);
    return word;
  }
  explicit CodeKey(const std::pair<const std::string, long long>& of) : entry(&of) {
    const std::string_view code = of.first;
    high = BigEndian(code);
    low = BigEndian(code.size() > 8 ? code.substr(8) : std::string_view());
  }
  // Equal prefixes (or codes of 16 bytes or fewer that differ only by trailing
  // zero bytes) fall back to the codes themselves.
  bool operator<(const CodeKey& other) const {
    if (high != other.high) return high < other.high;
    if (low != other.low) return low < other.low;
    return entry->first < other.entry->first;
  }
};

}  // namespace

void Store::SaveCheckState(const CheckState& state, const std::unordered_map<std::string, long long>& digests) {
  std::vector<CodeKey> keys;
  keys.reserve(digests.size());
  for (const auto& entry : digests) keys.emplace_back(entry);
  std::sort(keys.begin(), keys.end());
  std::vector<CodeDigest> every;
  every.reserve(keys.size());
  for (const CodeKey& key : keys) every.emplace_back(&key.entry->first, key.entry->second);
  keys = {};
  ReplaceCheckState(state, every);
}

void Store::ReplaceCheckState(const CheckState& state, const std::vector<CodeDigest>& in_code_order) {
  // Every digest is written anew: rows of many at a time, in code order (the
  // table's), without looking for one to update (1.2 s of CPU for 410,037
  // digests upserted one by one).
  Transaction transaction(*this);
  Execute("DELETE FROM check_projects");
  const char* insert = "INSERT INTO check_projects(code, digest) VALUES";
  Statement one(*this, InsertRowsSql(insert, "(?, ?)", 1).c_str());
  Statement many(*this, InsertRowsSql(insert, "(?, ?)", kBatchRows).c_str());
  const auto bind = [](Statement& statement, int first, const CodeDigest& row) {
    statement.BindStatic(first, *row.first).Bind(first + 1, row.second);
  };
  RowBatches<CodeDigest, Statement, decltype(bind)> rows(one, many, 2, bind);
  for (const CodeDigest& digest : in_code_order) rows.Add(digest);
  rows.Write();
  WriteCheckState(state);
  transaction.Commit();
}

void Store::WriteCheckState(const CheckState& state) {
  Statement save(*this,
                 "INSERT INTO check_state(id, as_of, notice_seq, config_digest) VALUES (1, ?1, ?2, ?3) "
                 "ON CONFLICT(id) DO UPDATE SET as_of = ?1, notice_seq = ?2, config_digest = ?3");
  save.Bind(1, state.as_of).Bind(2, state.notice_seq).Bind(3, state.config_digest).Run();
  // No later check reads the removals this one has seen.
  Statement prune(*this, "DELETE FROM notice_removals WHERE seq <= ?");
  prune.Bind(1, state.notice_seq).Run();
}

std::map<std::string, long long> Store::OpenFindingsByKind() const {
  Statement query(*this, "SELECT kind, COUNT(*) FROM findings WHERE status = 'open' GROUP BY kind");
  std::map<std::string, long long> counts;
  while (query.Step()) counts.emplace(Text(query.get(), 0), sqlite3_column_int64(query.get(), 1));
  return counts;
}

}  // namespace gapwatch
