#include "monitor/deadlines.h"

namespace gapwatch {
namespace {

std::optional<Date> DateOf(const std::optional<std::string>& text) { return text ? Date::Parse(*text) : std::nullopt; }

// The site's publication day, else the capture's (DOMAIN.md).
std::optional<Date> PublishedOn(const NoticeWithEvidence& item) {
  if (const auto published = DateOf(item.notice.published)) return published;
  return Date::Parse(item.captured_at);
}

const NoticeWithEvidence* FirstOfKind(const Project& project, const std::string& kind) {
  for (const NoticeWithEvidence* item : project.notices) {
    if (item->notice.kind == kind) return item;
  }
  return nullptr;
}

bool HasKind(const Project& project, const std::string& kind) { return FirstOfKind(project, kind) != nullptr; }

// The deadline for `expected` under `rule`: its first clock whose start is
// known, judged against the notice's publication or, without one, as_of.
std::optional<Deadline> Judge(const std::string& expected, const Rule& rule, const std::map<std::string, Date>& events,
                              const NoticeWithEvidence* notice, Date as_of, const WorkingDayCalendar& calendar) {
  for (const RuleClock& clock : rule.due) {
    const auto event = clock.on ? clock.on : (events.count(clock.from) ? events.at(clock.from) : std::optional<Date>());
    if (!event) continue;
    if (*event < rule.valid_from || (rule.valid_to && *rule.valid_to < *event)) return std::nullopt;
    Deadline deadline;
    deadline.expected_notice = expected;
    deadline.rule = &rule;
    deadline.clock = &clock;
    deadline.start = *event;
    try {
      deadline.due = calendar.AddWorkingDays(calendar.AddCalendarDays(*event, clock.calendar_days, rule.last_day),
                                             clock.working_days);
    } catch (const CalendarUnknown&) {
    }
    deadline.notice = notice;
    if (notice) deadline.published = PublishedOn(*notice);
    // No clock of N days ends sooner than start + N calendar days, whatever the calendar says.
    const Date earliest_due = event->AddDays(clock.calendar_days + clock.working_days);
    const Date reference = deadline.published.value_or(as_of);
    if (reference <= earliest_due || (deadline.due && reference <= *deadline.due)) {
      deadline.status = notice ? "on_time" : "pending";
    } else if (!deadline.due) {
      deadline.status = "calendar_unknown";
    } else {
      deadline.status = notice ? "late" : "missing";
    }
    return deadline;
  }
  return std::nullopt;
}

}  // namespace

std::map<std::string, Date> ProjectEvents(const Project& project) {
  std::map<std::string, Date> events;
  for (const NoticeWithEvidence* item : project.notices) {
    const std::string& kind = item->notice.kind;
    // The latest notice stating an opening wins: corrections move it.
    if (kind == "tender" || kind == "correction") {
      if (const auto opening = DateOf(item->notice.opening)) events["opening"] = *opening;
    }
  }
  const auto first_date = [&](const std::string& kind, const std::string& event, auto date_of) {
    if (const NoticeWithEvidence* item = FirstOfKind(project, kind)) {
      if (const auto date = date_of(*item)) events[event] = *date;
    }
  };
  first_date("candidates", "candidates_published", PublishedOn);
  first_date("award", "award_published", PublishedOn);
  first_date("award", "decided", [](const NoticeWithEvidence& item) { return DateOf(item.notice.decided); });
  first_date("contract", "signed", [](const NoticeWithEvidence& item) { return DateOf(item.notice.signed_on); });
  return events;
}

std::vector<Deadline> ChainDeadlines(const Project& project, Date as_of, const RuleBook& rules,
                                     const WorkingDayCalendar& calendar) {
  std::vector<Deadline> deadlines;
  const std::map<std::string, Date> events = ProjectEvents(project);
  const bool terminated = HasKind(project, "termination");
  // The award follows a tender, the contract the award.
  const std::pair<const char*, bool> links[] = {{"award", HasKind(project, "tender")},
                                                {"contract", HasKind(project, "award")}};
  for (const auto& [expected, expected_now] : links) {
    const NoticeWithEvidence* notice = FirstOfKind(project, expected);
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
