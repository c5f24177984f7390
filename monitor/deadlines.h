// The deadlines a project's chain sets (tender → award → contract, DOMAIN.md),
// met or not, computed from data/rules.yaml's due clocks: what `gapwatch
// explain` shows and what the scorecards count. The chain checks raise their
// findings from the same deadlines, so the three never disagree.
// Pure functions of their inputs; thread-safe.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "monitor/calendar.h"
#include "monitor/checker.h"
#include "monitor/date.h"
#include "monitor/rules.h"
#include "store/records.h"

namespace gapwatch {

// The dates a project's clocks start from, by RuleClock::from name: opening
// (the 开标时间 of the latest tender or correction stating one),
// candidates_published, award_published, decided (as the first award states
// it), signed (as the first contract states it).
std::map<std::string, Date> ProjectEvents(const Project& project);

struct Deadline {
  std::string expected_notice;       // "award" or "contract"
  const Rule* rule = nullptr;        // the *_late rule when the notice is out, else the *_missing rule
  const RuleClock* clock = nullptr;  // the clock that set `due`
  Date start;                        // the clock's start
  // None when the calendar does not cover the years the count needs.
  std::optional<Date> due;
  const NoticeWithEvidence* notice = nullptr;  // the expected notice, when published by as_of
  std::optional<Date> published;               // its publication day

  // on_time, late, missing (due passed, nothing published), pending (not yet
  // due), or calendar_unknown (published or past the earliest possible due day
  // with no due date to judge by).
  std::string status;
};

// The chain's deadlines at `as_of`, award first. An award is expected once a
// tender states an opening; a contract once the award is out; none after a
// termination. Domains without chain rules (land, credit…) have none.
std::vector<Deadline> ChainDeadlines(const Project& project, Date as_of, const RuleBook& rules,
                                     const WorkingDayCalendar& calendar);

// A clock in words, e.g. "opening 2025-03-20 + 9 WD", "award_published 2025-03-28 + 30 days + 2 WD".
std::string DescribeClock(const RuleClock& clock, Date start);

}  // namespace gapwatch
