// Alerts (alerts.yaml, `--alerts FILE`): who is told what gapwatch finds, and how.
// Channels say where a message goes (a webhook's JSON POST, or e-mail over
// SMTP); subscriptions say what goes there: new findings, a "due soon" digest
// of a body's deadlines, or a site's health. LoadAlertsConfig validates the
// whole file up front and throws ConfigError naming the file, line and key.
// Secrets never live in the file: a channel names the environment variable
// that holds each one, read only when sending (monitor/alert_delivery.h).
// AlertMessages turns a check's results into the messages each subscription
// asks for; each has an event key, so the store's outbox sends it once.
// Pure functions; thread-safe.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "monitor/scorecard.h"
#include "store/records.h"

namespace gapwatch {

struct AlertChannel {
  enum class Type { kWebhook, kEmail };
  std::string name;
  Type type = Type::kWebhook;
  // webhook: http:// or https://; email: smtp://host[:port] (STARTTLS) or smtps://host[:port] (TLS from the start)
  std::string url;
  std::string token_env;  // webhook: sent as "Authorization: Bearer <its value>"; "" sends none
  std::string from;       // email
  std::vector<std::string> to;
  std::string username;      // email: "" logs in as nobody
  std::string password_env;  // email: the variable holding the SMTP password
  // smtp:// must upgrade to TLS (STARTTLS) unless the file says `tls: none`, meant for a loopback relay.
  bool require_tls = true;
  std::string ca_file;  // a CA bundle for the server's certificate; "" the system's
  int timeout_s = 20;   // one attempt, connection included
};

struct AlertSubscription {
  enum class Events { kNewFindings, kDueSoon, kSiteHealth };
  std::string name;
  Events events = Events::kNewFindings;
  std::string channel;
  std::vector<std::string> buyers;   // empty: every buyer (not for site_health)
  std::vector<std::string> domains;  // empty: every domain (not for site_health)
  int within_working_days = 5;       // due_soon: deadlines within this many working days after as_of
};

struct AlertsConfig {
  std::string file;
  std::vector<AlertChannel> channels;
  std::vector<AlertSubscription> subscriptions;
  const AlertChannel* Find(std::string_view channel) const {  // nullptr when none has that name
    for (const AlertChannel& candidate : channels) {
      if (candidate.name == channel) return &candidate;
    }
    return nullptr;
  }
};

// The widest window of the due_soon subscriptions, in working days; 0 when there are none.
int DueSoonWindow(const AlertsConfig& config);

AlertsConfig LoadAlertsConfig(const std::string& path);
AlertsConfig ParseAlertsConfig(const std::string& text, const std::string& file);

// A site's health as the crawls left it (Store::SiteHealth).
struct SiteHealthState {
  std::string site;
  std::string unhealthy_since;  // ISO 8601; "" while healthy
  int failed_crawls = 0;        // incomplete crawls in a row
  std::string recovered_from;   // the unhealthy_since of its last recovery; "" if it never recovered
  std::string recovered_at;     // ISO 8601
};

struct AlertInput {
  std::string as_of;        // the check's
  std::string report_root;  // where links point: the report folder as file:// or a served http:// root
  long long check_run_id = 0;
  std::vector<Finding> findings;           // those `events` name at least, with their histories
  std::vector<FindingEvent> events;        // the events of check_run_id: opened, reopened, resolved, ...
  std::vector<UpcomingDeadline> upcoming;  // pending deadlines within the widest due_soon window
  std::vector<SiteHealthState> health;
};

struct AlertMessage {
  std::string subscription;
  std::string channel;
  // Unique within its subscription: the outbox sends each (subscription, event key) once, ever.
  std::string event_key;
  std::string subject;  // one line
  std::string text;     // the e-mail body, plain UTF-8
  std::string json;     // the webhook body
};

// A new_findings message lists this many findings at most and counts the rest:
// a first check of a large store opens a hundred thousand.
inline constexpr std::size_t kMostFindingsInAMessage = 200;

std::vector<AlertMessage> AlertMessages(const AlertsConfig& config, const AlertInput& input);

}  // namespace gapwatch
