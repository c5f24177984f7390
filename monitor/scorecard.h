// Scorecards for evaluators: per buyer and domain, how many chain notices
// were due by `as_of`, how many stand on the designated site, on time or
// late, and how many are missing, with completeness and timeliness rates.
// Every figure is a count of ChainDeadlines (monitor/deadlines.h), so each
// can be reproduced from `gapwatch explain` of the projects behind it;
// docs/method.md writes the method out. Pure functions; thread-safe.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "monitor/calendar.h"
#include "monitor/checker.h"
#include "monitor/rules.h"

namespace gapwatch {

struct Scorecard {
  std::string buyer;   // as the project's notices name it ("" when none does)
  std::string domain;  // procurement, construction
  int projects = 0;    // with at least one deadline counted
  int expected = 0;    // deadlines passed by as_of, or met before it
  int published = 0;   // of those, notices standing on the designated site
  int on_time = 0;
  int late = 0;
  int missing = 0;
  int unknown = 0;  // the calendar cannot say (a year without its notice)
  // published / expected and on_time / published; none when the divisor is 0.
  std::optional<double> completeness;
  std::optional<double> timeliness;
};

// Over `projects`, the projects the checks judge (DesignatedProjects of
// `notices` at as_of, which they point into). Sorted by domain, then buyer; a
// pending deadline (not yet due, nothing published) counts nowhere.
std::vector<Scorecard> Scorecards(const std::vector<NoticeWithEvidence>& notices, const std::vector<Project>& projects,
                                  Date as_of, const RuleBook& rules, const WorkingDayCalendar& calendar);

// A result or contract not yet published whose deadline falls soon after as_of:
// what an official wants to see before it passes.
struct UpcomingDeadline {
  std::string buyer;
  std::string domain;
  std::string project_code;
  std::string project_title;
  std::string expected_notice;  // award or contract
  Date due;
  int working_days_left = 0;  // from as_of to due: 1 when due the next working day
  std::string rule_id;
  std::string rule_source;
  std::string clock;  // DescribeClock: how the due day is counted
  std::string url;    // the project's newest notice
};

// How far ahead the report's buyer pages look.
inline constexpr int kReportDeadlineWindow = 10;

// The pending deadlines of `projects` (as Scorecards takes them) due within
// `working_days` working days after as_of, soonest first, then by code.
std::vector<UpcomingDeadline> UpcomingDeadlines(const std::vector<NoticeWithEvidence>& notices,
                                                const std::vector<Project>& projects, Date as_of, const RuleBook& rules,
                                                const WorkingDayCalendar& calendar,
                                                int working_days = kReportDeadlineWindow);

}  // namespace gapwatch
