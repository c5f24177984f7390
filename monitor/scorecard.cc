#include "monitor/scorecard.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "monitor/check_support.h"
#include "monitor/deadlines.h"

namespace gapwatch {

std::vector<Scorecard> Scorecards(const std::vector<NoticeWithEvidence>& notices, const std::vector<Project>& projects,
                                  Date as_of, const RuleBook& rules, const WorkingDayCalendar& calendar) {
  const checks::NoticesByCode by_code(checks::Standing(notices, as_of));
  std::map<std::pair<std::string, std::string>, Scorecard> cards;  // (domain, buyer)
  for (const Project& project : projects) {
    bool counted = false;
    for (const Deadline& deadline : ChainDeadlines(project, by_code.at(project.code), as_of, rules, calendar)) {
      if (deadline.status == "pending") continue;
      Scorecard& card = cards[{project.domain, project.buyer}];
      card.domain = project.domain;
      card.buyer = project.buyer;
      ++card.expected;
      if (deadline.notice) ++card.published;
      if (deadline.status == "on_time") ++card.on_time;
      if (deadline.status == "late") ++card.late;
      if (deadline.status == "missing") ++card.missing;
      if (deadline.status == "calendar_unknown") ++card.unknown;
      if (!counted) ++card.projects;
      counted = true;
    }
  }
  std::vector<Scorecard> result;
  for (auto& [key, card] : cards) {
    if (card.expected > 0) card.completeness = static_cast<double>(card.published) / card.expected;
    if (card.published > 0) card.timeliness = static_cast<double>(card.on_time) / card.published;
    result.push_back(std::move(card));
  }
  return result;
}

std::vector<UpcomingDeadline> UpcomingDeadlines(const std::vector<NoticeWithEvidence>& notices,
                                                const std::vector<Project>& projects, Date as_of, const RuleBook& rules,
                                                const WorkingDayCalendar& calendar, int working_days) {
  const checks::NoticesByCode by_code(checks::Standing(notices, as_of));
  // A horizon the calendar cannot count to shows nothing rather than a guess.
  Date horizon;
  try {
    horizon = calendar.AddWorkingDays(as_of, working_days);
  } catch (const CalendarUnknown&) {
    return {};
  }
  std::vector<UpcomingDeadline> upcoming;
  for (const Project& project : projects) {
    for (const Deadline& deadline : ChainDeadlines(project, by_code.at(project.code), as_of, rules, calendar)) {
      if (deadline.status != "pending" || !deadline.due || *deadline.due <= as_of || horizon < *deadline.due) {
        continue;
      }
      upcoming.push_back({std::string(project.buyer), std::string(project.domain), project.code, project.title,
                          deadline.expected_notice, *deadline.due, calendar.WorkingDaysBetween(as_of, *deadline.due),
                          deadline.rule->id, deadline.rule->source, DescribeClock(*deadline.clock, deadline.start),
                          project.notices.empty() ? "" : std::string(project.notices.back()->notice.url)});
    }
  }
  std::sort(upcoming.begin(), upcoming.end(), [](const UpcomingDeadline& a, const UpcomingDeadline& b) {
    return std::tie(a.due, a.project_code, a.expected_notice) < std::tie(b.due, b.project_code, b.expected_notice);
  });
  return upcoming;
}

}  // namespace gapwatch
