// The dates of a subject's notices, drawn for its role (sim/world_roles.h).
//
// Every timeline is timely under DOMAIN.md's deadlines and the official
// calendar except where its role plants a gap; the role's constraints choose
// where the dates fall (before or after the reference day 2025-12-31, across
// a long break, inside the window for edits and removals …). Drawing retries
// until the constraints hold and throws std::logic_error if they never do.
// Deterministic: the same Random state gives the same timeline. Not
// thread-safe (it advances `random`).
#pragma once
#include <optional>
#include <utility>
#include <vector>

#include "sim/civil_date.h"
#include "sim/random.h"
#include "sim/world_roles.h"

namespace gapwatch::sim {

// The simulated "today" the composition is planned around: roles that are
// finished, in flight or overdue are so on this day, whatever --as-of a run
// then uses.
inline constexpr CivilDate kReferenceDay{2025, 12, 31};
// Edits and removals happen in this window, to notices published in the one
// before, so that a crawl on 2025-06-30 and one on 2025-12-31 see them all.
inline constexpr CivilDate kChangedNoticesFrom{2025, 1, 2};
inline constexpr CivilDate kChangedNoticesTo{2025, 6, 20};
inline constexpr CivilDate kChangesFrom{2025, 7, 7};
inline constexpr CivilDate kChangesTo{2025, 11, 28};

// Dates of a project's notices; absent ones are not published (ever).
struct ProjectTimeline {
  std::optional<CivilDate> intention;
  std::optional<CivilDate> tender;          // on the designated site
  std::optional<CivilDate> trading_tender;  // procurement: the trading platform's copy (or its only tender)
  std::optional<CivilDate> portal_tender;   // works, land, property: the portal's re-post
  CivilDate opening;                        // of the first tender notice
  std::optional<CivilDate> correction;
  std::optional<CivilDate> corrected_opening;
  std::optional<CivilDate> single_source;
  std::optional<CivilDate> candidates;
  std::optional<CivilDate> decided;  // stated by the result
  std::optional<CivilDate> result;
  std::optional<CivilDate> trading_result;
  std::optional<CivilDate> portal_result;
  std::optional<CivilDate> signed_on;  // stated by the contract
  std::optional<CivilDate> contract;
  std::optional<CivilDate> terminated;
  std::optional<CivilDate> acceptance;
  std::optional<CivilDate> approved;  // construction: the investment code's issue
  std::optional<CivilDate> changed;   // the role's edit or removal
};
ProjectTimeline PlanProject(Role role, Random& random, const WorkCalendar& calendar);

struct CreditTimeline {
  CivilDate decided;
  CivilDate published;
  std::optional<CivilDate> changed;  // the role's edit or removal
};
CreditTimeline PlanCreditRecord(Role role, Random& random, const WorkCalendar& calendar);

struct DepartmentTimeline {
  std::optional<CivilDate> plan;
  std::vector<std::pair<int, CivilDate>> reports;  // (year reported on, publication), by year
};
DepartmentTimeline PlanDepartment(Role role, Random& random, const WorkCalendar& calendar);

// The listing period of a blacklist entry, given the award date of the
// winner it is linked to (none for an unrelated entry).
struct ListingTimeline {
  CivilDate listed;
  std::optional<CivilDate> removal;
};
ListingTimeline PlanListing(Role role, std::optional<CivilDate> award, Random& random, const WorkCalendar& calendar);

// Shared by the timelines and the tests: the due dates of DOMAIN.md.
CivilDate ProcurementAwardDue(const WorkCalendar& calendar, CivilDate opening);             // opening + 9 WD
CivilDate ProcurementContractDue(const WorkCalendar& calendar, CivilDate award);            // award + 30 d + 2 WD
CivilDate WorksAwardDueFromCandidates(const WorkCalendar& calendar, CivilDate candidates);  // + 3 d + 20 WD
CivilDate WorksAwardDueFromOpening(const WorkCalendar& calendar, CivilDate opening);        // + 6 d + 20 WD
CivilDate WorksContractDue(const WorkCalendar& calendar, CivilDate award);                  // + 30 d + 20 WD
// Weekdays that are official rest days in (from, to].
int RestWeekdays(const WorkCalendar& calendar, CivilDate from, CivilDate to);
// (from, to] holds at least 4 weekday rest days and a make-up working day:
// Spring Festival, National Day or a break like them.
bool CrossesLongBreak(const WorkCalendar& calendar, CivilDate from, CivilDate to);

}  // namespace gapwatch::sim
