#include "monitor/scorecard.h"

#include <map>
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

}  // namespace gapwatch
