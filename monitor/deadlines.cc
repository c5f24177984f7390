#include "monitor/deadlines.h"

#include "monitor/check_support.h"

namespace gapwatch {
namespace {

using checks::Clock;
using checks::DateOf;
using checks::PublicationDate;

const NoticeWithEvidence* FirstOfKind(std::span<const NoticeWithEvidence* const> notices, const std::string& kind) {
  for (const NoticeWithEvidence* item : notices) {
    if (item->notice.kind == kind) return item;
  }
  return nullptr;
}

// The deadline for `expected` under `rule`: its first clock whose start is
// known, judged against the notice's publication or, without one, as_of.
std::optional<Deadline> Judge(const std::string& expected, const Rule& rule, const std::map<std::string, Date>& events,
                              const NoticeWithEvidence* notice, Date as_of, const WorkingDayCalendar& calendar) {
  const std::optional<Clock> clock = checks::ClockFor(rule, events);
  if (!clock || clock->start < rule.valid_from || (rule.valid_to && *rule.valid_to < clock->start)) {
    return std::nullopt;
  }
  Deadline deadline;
  deadline.expected_notice = expected;
  deadline.rule = &rule;
  deadline.clock = clock->definition;
  deadline.start = clock->start;
  deadline.due = clock->Due(calendar);
  deadline.notice = notice;
  if (notice) deadline.published = PublicationDate(*notice);
  const Date reference = deadline.published.value_or(as_of);
  if (reference <= clock->EarliestDue() || (deadline.due && reference <= *deadline.due)) {
    deadline.status = notice ? "on_time" : "pending";
    return deadline;
  }
  deadline.status = notice ? "late" : "missing";
  try {
    if (!deadline.due) throw CalendarUnknown(reference.year);
    deadline.overdue_working_days = calendar.WorkingDaysBetween(*deadline.due, reference);
  } catch (const CalendarUnknown&) {
    deadline.status = "calendar_unknown";  // the due day or the count needs a year the calendar lacks
  }
  return deadline;
}

}  // namespace

std::map<std::string, Date> ProjectEvents(const Project& project,
                                          std::span<const NoticeWithEvidence* const> everywhere) {
  std::map<std::string, Date> events;
  for (const NoticeWithEvidence* item : everywhere) {
    const std::string& kind = item->notice.kind;
    // The latest notice stating an opening wins: corrections move it.
    if (kind == "tender" || kind == "correction") {
      if (const auto opening = DateOf(item->notice.opening)) events["opening"] = *opening;
    }
  }
  const NoticeWithEvidence* award = FirstOfKind(project.notices, "award");
  const NoticeWithEvidence* candidates = FirstOfKind(project.notices, "candidates");
  // EB-06: a candidates publicity counts only when published before the result.
  if (candidates && (!award || *PublicationDate(*candidates) < *PublicationDate(*award))) {
    events["candidates_published"] = *PublicationDate(*candidates);
  }
  if (award) {
    events["award_published"] = *PublicationDate(*award);
    if (const auto decided = DateOf(award->notice.decided)) events["decided"] = *decided;
  }
  if (const NoticeWithEvidence* contract = FirstOfKind(project.notices, "contract")) {
    if (const auto signed_on = DateOf(contract->notice.signed_on)) events["signed"] = *signed_on;
  }
  return events;
}

std::vector<Deadline> ChainDeadlines(const Project& project, std::span<const NoticeWithEvidence* const> everywhere,
                                     Date as_of, const RuleBook& rules, const WorkingDayCalendar& calendar) {
  std::vector<Deadline> deadlines;
  const std::map<std::string, Date> events = ProjectEvents(project, everywhere);
  const bool terminated = FirstOfKind(project.notices, "termination") != nullptr;
  // The award follows a tender (on any site), the contract the award.
  const std::pair<const char*, bool> links[] = {{"award", FirstOfKind(everywhere, "tender") != nullptr},
                                                {"contract", FirstOfKind(project.notices, "award") != nullptr}};
  for (const auto& [expected, expected_now] : links) {
    const NoticeWithEvidence* notice = FirstOfKind(project.notices, expected);
    const std::string kind = std::string(expected) + (notice ? "_late" : "_missing");
    if (!rules.Has(kind, project.domain) || (!notice && (!expected_now || terminated))) continue;
    if (auto deadline = Judge(expected, rules.For(kind, project.domain), events, notice, as_of, calendar)) {
      deadlines.push_back(std::move(*deadline));
    }
  }
  return deadlines;
}

std::string DescribeClock(const RuleClock& clock, Date start) {
  std::string text = clock.on ? clock.on->ToString() : clock.from + " " + start.ToString();
  if (clock.calendar_days > 0) text += " + " + std::to_string(clock.calendar_days) + " days";
  if (clock.working_days > 0) text += " + " + std::to_string(clock.working_days) + " WD";
  return text;
}

}  // namespace gapwatch
