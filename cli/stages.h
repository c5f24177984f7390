// The stages of one cycle, each re-runnable alone from the store (ARCHITECTURE.md
// "Data flow"): crawl -> captures, extract -> notices, check -> projects and
// findings, report -> report/. This is the only place that moves records
// between the store and a stage; the stages themselves never reach around.
// Each returns the process exit status: 0 done, 3 finished but some site could
// not be crawled completely. ConfigError and UsageError propagate (exit 2).
// With alerts.yaml (--alerts), each check is followed by its alerts: queued in
// the store's outbox, then sent, by the daemon on a thread of their own.
#pragma once
#include <atomic>
#include <map>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "crawler/crawl.h"
#include "crawler/site_config.h"
#include "monitor/alerts.h"
#include "store/store.h"

namespace gapwatch {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CycleOptions {
  std::string config_path;  // empty: the sites.yaml compiled into gapwatch
  std::string db_path = "gapwatch.db";
  std::string out_dir = "report";
  std::string as_of;                        // YYYY-MM-DD; empty: today in Asia/Shanghai
  std::vector<std::string> site_overrides;  // NAME=BASE_URL
  bool full = false;
  std::string ocid_prefix = "ocds-gapwatch-sg";  // the report's ocds.json: each release's ocid begins with it
  std::string alerts_path;                       // alerts.yaml; empty: no alerts
  std::string report_url;                        // where alerts link to; empty: the report folder as file://
  const std::atomic<bool>* stop = nullptr;       // SIGTERM/SIGINT: finish what is in flight, commit, return
};

class Cycle {
 public:
  // Loads and validates the configuration and the overrides.
  Cycle(CycleOptions options, std::ostream& out, std::ostream& err);

  int Crawl();
  int Extract();
  int Check();
  int Report();
  // Queues the alerts of the last check in the store's outbox (each event once,
  // ever), then sends those due; 0 unless an alert could not be sent (1).
  int Alert();
  int RunAll();  // crawl, extract, check, report, alert; prints the summary
  // Runs each site on its schedules (sites.yaml) until *stop, then returns 0.
  // One daemon per store: a second one is a UsageError naming the lock file.
  int Daemon();

 private:
  std::vector<const SiteConfig*> SelectedSites() const;
  // Crawls `sites` (all of them full, or none); returns the exit status and leaves the results in `results`.
  int CrawlSites(const std::vector<const SiteConfig*>& sites, bool full, std::vector<SiteCrawlResult>& results);
  // After a crawl: counts incomplete cycles and says once when a site turns unhealthy or recovers.
  void UpdateHealth(Store& store, const std::vector<SiteCrawlResult>& results, long long started_at, bool full);
  std::string WarcDirectory() const;  // warc/ beside the store file
  // Alert's first half: the daemon sends the alerts from a thread of its own.
  void QueueAlerts(Store& store);

  CycleOptions options_;
  bool as_of_given_ = false;  // --as-of was on the command line (else today)
  SitesConfig config_;
  std::optional<AlertsConfig> alerts_;
  // The report's pending deadlines for the due-soon alerts, computed over the
  // widest window any subscription asks for, with the check run they are of.
  std::optional<std::pair<long long, std::vector<UpcomingDeadline>>> upcoming_for_alerts_;
  std::map<std::string, std::string> overrides_;
  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace gapwatch
