// The deadlines a project's chain sets (tender → award → contract, DOMAIN.md),
// met or not, computed from data/rules.yaml's due clocks: what `gapwatch
// explain` shows and what the scorecards count. The chain checks raise their
// findings from the same deadlines, so the three never disagree.
// Pure functions of their inputs; thread-safe.
#pragma once
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "monitor/calendar.h"
#include "monitor/checker.h"
#include "monitor/date.h"
#include "monitor/rules.h"
#include "store/records.h"

namespace gapwatch {

// The dates a project's clocks start from, by RuleClock::from name. From
// `everywhere` (the standing notices of the project's code on every site: a
// tender counts wherever it stands): opening, the 开标时间 of the latest
// tender or correction stating one. From the project (its designated site):
// candidates_published (only when before the result: a publicity published
// with it is none), award_published and decided (the first result),
// signed (the first contract).
std::map<std::string, Date> ProjectEvents(const Project& project,
                                          std::span<const NoticeWithEvidence* const> everywhere);

struct Deadline {
  std::string expected_notice;       // "award" or "contract"
  const Rule* rule = nullptr;        // the *_late rule when the notice is out, else the *_missing rule
  const RuleClock* clock = nullptr;  // the rule's clock that set `due`
  Date start;                        // the clock's start
  // None when the calendar does not cover the years the count needs.
  std::optional<Date> due;
  const NoticeWithEvidence* notice = nullptr;  // the expected notice, when published by as_of
  std::optional<Date> published;               // its publication day
  int overdue_working_days = 0;                // late or missing: working days after due

  // on_time, late, missing (due passed, nothing published), pending (not yet
  // due), or calendar_unknown (past the earliest possible due day, but the due
  // day, or the working days since, need a year the calendar lacks).
  std::string status;
};

// The chain's deadlines at `as_of`, award first: an award is expected once a
// tender stands on any site (everywhere), a contract once the result is out;
// none after a termination; a clock starting outside the rule's
// valid_from–valid_to sets none. Domains without chain rules have none.
std::vector<Deadline> ChainDeadlines(const Project& project, std::span<const NoticeWithEvidence* const> everywhere,
                                     Date as_of, const RuleBook& rules, const WorkingDayCalendar& calendar);

// A clock in words, e.g. "opening 2025-03-20 + 9 WD", "award_published 2025-03-28 + 30 days + 2 WD".
std::string DescribeClock(const RuleClock& clock, Date start);

}  // namespace gapwatch
