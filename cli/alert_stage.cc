// The alert stage of a cycle (stages.h): the last check's results become the
// messages alerts.yaml subscribes to (monitor/alerts.h), queued in the store's
// outbox once per event, then sent (monitor/alert_delivery.h).
#include <filesystem>

#include "cli/stages.h"
#include "crawler/clock.h"
#include "monitor/alert_delivery.h"
#include "monitor/matcher.h"

namespace gapwatch {

void Cycle::QueueAlerts(Store& store) {
  const auto check = store.LatestRun("check");
  if (!check) throw UsageError(options_.db_path + ": no findings yet; run `gapwatch check` (or `gapwatch run`) first");
  AlertInput input;
  input.as_of = check->as_of;
  input.check_run_id = check->id;
  input.report_root = !options_.report_url.empty()
                          ? options_.report_url
                          : "file://" + std::filesystem::absolute(options_.out_dir).lexically_normal().string();
  while (input.report_root.size() > 1 && input.report_root.back() == '/') input.report_root.pop_back();
  for (FindingEvent& event : store.FindingEvents(check->as_of, check->as_of)) {
    if (event.run_id == check->id) input.events.push_back(std::move(event));
  }
  // Only the findings the check changed are told of: read those alone.
  if (!input.events.empty()) {
    Store::FindingFilter changed;
    for (const FindingEvent& event : input.events) changed.ids.push_back(event.finding_id);
    input.findings = store.Findings(changed);
  }
  if (const int window = DueSoonWindow(*alerts_); window > 0) {
    if (upcoming_for_alerts_ && upcoming_for_alerts_->first == check->id) {
      input.upcoming = upcoming_for_alerts_->second;
    } else {  // `gapwatch alert` alone: the report's matching was not made in this process
      const Date as_of = *Date::Parse(check->as_of);
      const std::vector<NoticeWithEvidence> notices = store.Notices();
      input.upcoming = UpcomingDeadlines(notices, MatchDesignated(notices, as_of).projects, as_of, RuleBook::Official(),
                                         WorkingDayCalendar::Official(), window);
    }
  }
  for (const SiteConfig* site : SelectedSites()) {
    const Store::SiteHealth health = store.LoadSiteHealth(site->name);
    input.health.push_back(
        {site->name, health.unhealthy_since, health.consecutive_failures, health.recovered_from, health.recovered_at});
  }
  const std::vector<AlertMessage> messages = AlertMessages(*alerts_, input);
  const int queued = EnqueueAlerts(store, messages, UnixSecondsNow());
  const int known = static_cast<int>(messages.size()) - queued;
  out_ << "alerts: " << queued << " queued";
  if (known > 0) out_ << ", " << known << " already queued or sent";
  out_ << "\n";
}

int Cycle::Alert() {
  if (!alerts_) throw UsageError("alert: name the alerts configuration with --alerts FILE");
  Store store(options_.db_path);
  QueueAlerts(store);
  const DeliveryCounts counts = DeliverDueAlerts(store, *alerts_, UnixSecondsNow(), out_);
  out_ << "alerts: " << counts.sent << " sent";
  if (counts.failed > 0) out_ << ", " << counts.failed << " failed (tried again later)";
  if (counts.abandoned > 0) out_ << ", " << counts.abandoned << " abandoned";
  if (counts.deferred > 0) out_ << ", " << counts.deferred << " deferred (their channel failed)";
  if (counts.waiting > 0) out_ << ", " << counts.waiting << " waiting for a channel alerts.yaml no longer defines";
  out_ << "\n";
  return counts.failed + counts.abandoned + counts.deferred > 0 ? 1 : 0;
}

}  // namespace gapwatch
