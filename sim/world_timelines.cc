#include "sim/world_timelines.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace gapwatch::sim {
namespace {

// No notice of the world falls after this day: the calendar ends with 2026
// and every deadline counted from a notice must stay inside it.
constexpr CivilDate kLastNoticeDay{2026, 11, 30};
constexpr CivilDate kGpcmsFrom{2024, 1, 2};
constexpr CivilDate kFreecmsFrom{2021, 3, 1};
constexpr CivilDate kFreecmsTo{2023, 12, 29};
constexpr CivilDate kGdgpoFrom{2019, 1, 2};
constexpr CivilDate kGdgpoTo{2021, 2, 26};
constexpr CivilDate kLegacyTradingTo{2020, 12, 31};
// Late notices of the "…_then_late" roles appear in this window of 2026.
constexpr CivilDate kLateIn2026From{2026, 1, 12};
constexpr CivilDate kLateIn2026To{2026, 2, 27};

constexpr int kMaxAttempts = 100000;

// Dates drawn against the official calendar.
class Picker {
 public:
  Picker(Random& random, const WorkCalendar& calendar) : random_(random), calendar_(calendar) {}

  // A uniformly chosen working day in [from, to] (rejection sampling: most
  // days are working days); when the window lies inside a break, the first
  // working day after it.
  CivilDate WorkingDayIn(CivilDate from, CivilDate to) {
    const long first = from.DayNumber();
    const long span = to.DayNumber() - first;
    if (span < 0) throw std::logic_error("world: empty window " + from.Iso() + " … " + to.Iso());
    for (int attempt = 0; attempt < 64; ++attempt) {
      const long day = first + random_.Uniform(0, span);
      if (calendar_.IsWorkingDayNumber(day)) return CivilDate::FromDayNumber(day);
    }
    return calendar_.FirstWorkingDayFrom(from);
  }
  // start + low…high working days.
  CivilDate WorkingDaysAfter(CivilDate start, int low, int high) {
    return calendar_.AddWorkingDays(start, static_cast<int>(random_.Uniform(low, high)));
  }
  CivilDate AddWorkingDays(CivilDate start, int count) const { return calendar_.AddWorkingDays(start, count); }
  bool Percent(int chance) { return random_.Percent(chance); }
  long Uniform(long low, long high) { return random_.Uniform(low, high); }
  const WorkCalendar& calendar() const { return calendar_; }

 private:
  Random& random_;
  const WorkCalendar& calendar_;
};

template <typename Draw, typename Accept>
auto Retry(const char* what, Draw draw, Accept accept) {
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    auto timeline = draw();
    if (accept(timeline)) return timeline;
  }
  throw std::logic_error(std::string("world: no timeline satisfies ") + what);
}

bool In(std::optional<CivilDate> date, CivilDate from, CivilDate to) { return date && *date >= from && *date <= to; }

// Every date a project timeline holds, for bounds checks.
std::vector<CivilDate> Dates(const ProjectTimeline& t) {
  std::vector<CivilDate> dates = {t.opening};
  for (const auto& date : {t.intention, t.tender, t.trading_tender, t.portal_tender, t.correction, t.corrected_opening,
                           t.single_source, t.candidates, t.decided, t.result, t.trading_result, t.portal_result,
                           t.signed_on, t.contract, t.terminated, t.acceptance, t.changed}) {
    if (date) dates.push_back(*date);
  }
  return dates;
}
CivilDate Last(const ProjectTimeline& t) {
  const auto dates = Dates(t);
  return *std::max_element(dates.begin(), dates.end());
}
// The notices on the procurement site (for generation bounds).
std::vector<CivilDate> ProcurementSiteDates(const ProjectTimeline& t) {
  std::vector<CivilDate> dates;
  for (const auto& date :
       {t.intention, t.tender, t.correction, t.single_source, t.result, t.contract, t.terminated, t.acceptance}) {
    if (date) dates.push_back(*date);
  }
  return dates;
}
bool AllIn(const std::vector<CivilDate>& dates, CivilDate from, CivilDate to) {
  return std::all_of(dates.begin(), dates.end(), [&](CivilDate d) { return d >= from && d <= to; });
}

// ---------------------------------------------------------------------------
// Government procurement.

std::pair<CivilDate, CivilDate> ProcurementOpeningWindow(Role role) {
  switch (role) {
    case Role::kInFlightTender:
    case Role::kAwardMissingDueNextYear:
      return {{2026, 1, 5}, {2026, 1, 23}};
    case Role::kInFlightContract:
      return {{2025, 11, 10}, {2025, 12, 19}};
    case Role::kAwardMissing:
    case Role::kAwardMissingAcrossHoliday:
      return {{2024, 2, 1}, {2025, 11, 28}};
    case Role::kContractMissing:
    case Role::kContractMissingWeekend:
    case Role::kContractMissingHoliday:
      return {{2024, 2, 1}, {2025, 11, 10}};
    case Role::kContractMissingDueNextYear:
      return {{2025, 12, 1}, {2026, 1, 23}};
    case Role::kAwardMissingThenLate:
      return {{2025, 11, 17}, {2025, 12, 17}};
    case Role::kContractMissingThenLate:
      return {{2025, 9, 15}, {2025, 10, 24}};
    case Role::kAwardLate:
      return {{2024, 2, 1}, {2025, 10, 31}};
    case Role::kEditedTender:
      return {{2025, 2, 1}, {2025, 6, 30}};
    case Role::kEditedResult:
    case Role::kRemovedTradingCopy:
      return {{2024, 12, 20}, {2025, 6, 5}};
    case Role::kRemovedAcceptance:
      return {{2024, 9, 1}, {2025, 4, 15}};
    case Role::kFreecmsComplete:
    case Role::kFreecmsTerminated:
    case Role::kFreecmsAwardMissing:
    case Role::kFreecmsContractLate:
    case Role::kFreecmsResultWithoutAmount:
      return {{2022, 2, 1}, {2023, 10, 15}};
    case Role::kStraddling:
      return {{2023, 11, 20}, {2023, 12, 29}};
    case Role::kGdgpoComplete:
    case Role::kGdgpoAwardLate:
      return {{2019, 3, 1}, {2020, 10, 31}};
    case Role::kHostile:
      return {{2023, 3, 1}, {2023, 10, 31}};
    default:
      return {{2024, 2, 1}, {2025, 10, 15}};
  }
}

// The share of results stating their decision date (which sets the award's
// deadline when stated, GP-12).
int DecisionStatedPercent(Role role) {
  switch (role) {
    case Role::kCompleteDecided:
      return 100;
    case Role::kAwardOnDueAcrossHoliday:  // its deadline must come from the opening
    case Role::kBlacklistedWinner:        // its award is dated by its publication alone
    case Role::kBlacklistEnded:
      return 0;
    default:
      return 30;
  }
}

bool IsGpcmsRole(Role role) {
  switch (role) {
    case Role::kFreecmsComplete:
    case Role::kFreecmsTerminated:
    case Role::kFreecmsAwardMissing:
    case Role::kFreecmsContractLate:
    case Role::kFreecmsResultWithoutAmount:
    case Role::kStraddling:
    case Role::kGdgpoComplete:
    case Role::kGdgpoAwardLate:
    case Role::kHostile:
      return false;
    default:
      return true;
  }
}

// Optional notices that do not change the chain: an intention before the
// tender, an acceptance after the contract, copies on the trading platform.
void AddProcurementExtras(Role role, ProjectTimeline& t, Picker& pick) {
  const bool gpcms = IsGpcmsRole(role);
  const CivilDate era_from = gpcms                                                           ? kGpcmsFrom
                             : role == Role::kGdgpoComplete || role == Role::kGdgpoAwardLate ? kGdgpoFrom
                                                                                             : kFreecmsFrom;
  const CivilDate era_to = gpcms ? kLastNoticeDay : era_from == kGdgpoFrom ? kGdgpoTo : kFreecmsTo;
  if (role == Role::kStraddling) return;
  if (t.tender && pick.Percent(40)) {
    const CivilDate intention = pick.WorkingDayIn(t.tender->PlusDays(-60), t.tender->PlusDays(-30));
    if (intention >= era_from) t.intention = intention;
  }
  if (t.contract && (role == Role::kRemovedAcceptance || pick.Percent(30))) {
    const bool soon = role == Role::kRemovedAcceptance;
    const CivilDate acceptance =
        pick.WorkingDayIn(t.contract->PlusDays(soon ? 20 : 30), t.contract->PlusDays(soon ? 60 : 120));
    if (acceptance <= era_to) t.acceptance = acceptance;
  }
  const bool trading_copies =
      role == Role::kCrossSiteFullWidthCode || role == Role::kCrossSitePlatformCode || pick.Percent(30);
  if (trading_copies && t.tender && !t.trading_tender) t.trading_tender = pick.WorkingDaysAfter(*t.tender, 0, 1);
  if ((trading_copies || role == Role::kRemovedTradingCopy) && t.result) {
    t.trading_result = pick.WorkingDaysAfter(*t.result, 0, 1);
  }
}

ProjectTimeline DrawProcurement(Role role, Picker& pick) {
  const WorkCalendar& cal = pick.calendar();
  ProjectTimeline t;
  const auto [from, to] = ProcurementOpeningWindow(role);
  t.opening = pick.WorkingDayIn(from, to);
  const CivilDate tender = pick.WorkingDayIn(t.opening.PlusDays(-30), t.opening.PlusDays(-20));
  switch (role) {
    case Role::kTenderMissing:
      break;  // the project publishes no tender anywhere
    case Role::kSingleSource:
      t.single_source = tender;  // its publicity stands in for a tender (GP-10)
      break;
    case Role::kCrossSiteMissing:
      t.trading_tender = tender;  // the only tender is the trading platform's
      break;
    case Role::kCrossSiteLate:
      t.trading_tender = tender;
      t.tender = pick.WorkingDaysAfter(tender, 8, 12);
      break;
    default:
      t.tender = tender;
  }
  CivilDate opening = t.opening;
  if (role == Role::kCorrectedOpening) {
    t.correction = pick.WorkingDaysAfter(tender, 3, 6);
    t.corrected_opening = pick.WorkingDayIn(t.opening.PlusDays(7), t.opening.PlusDays(14));
    opening = *t.corrected_opening;
  }
  const CivilDate award_due = ProcurementAwardDue(cal, opening);

  switch (role) {
    case Role::kTerminated:
    case Role::kFreecmsTerminated:
      t.terminated = pick.WorkingDayIn(tender.PlusDays(2), pick.AddWorkingDays(opening, 5));
      return t;
    case Role::kAwardMissing:
    case Role::kAwardMissingAcrossHoliday:
    case Role::kAwardMissingDueNextYear:
    case Role::kFreecmsAwardMissing:
    case Role::kHostile:
      return t;
    case Role::kAwardOnDueAcrossHoliday:
      t.result = award_due;
      break;
    case Role::kAwardLate:
    case Role::kGdgpoAwardLate:
      // Late by two weeks or more, so that it is first missing for as long.
      t.result = pick.WorkingDaysAfter(award_due, 10, 15);
      break;
    case Role::kAwardLateAgainstDecision:
      t.decided = pick.WorkingDaysAfter(opening, 1, 3);
      t.result = pick.WorkingDaysAfter(*t.decided, 3, 5);
      break;
    case Role::kAwardMissingThenLate:
      t.result = pick.WorkingDayIn(kLateIn2026From, kLateIn2026To);
      break;
    case Role::kCorrectedOpening:
      t.result = pick.WorkingDaysAfter(opening, 5, 9);
      break;
    case Role::kTenderMissing:
      t.decided = pick.WorkingDaysAfter(opening, 1, 5);
      t.result = pick.WorkingDaysAfter(*t.decided, 0, 2);
      break;
    case Role::kSingleSource:
      // 5 WD of publicity, then negotiation and the decision.
      t.decided = pick.WorkingDaysAfter(*t.single_source, 7, 12);
      t.result = pick.WorkingDaysAfter(*t.decided, 0, 2);
      break;
    default:
      break;
  }
  if (!t.result) {
    if (pick.Percent(DecisionStatedPercent(role))) {
      // Decided within report (2 WD) + decision (5 WD), published within 2 WD of it.
      t.decided = pick.WorkingDaysAfter(opening, 1, 7);
      t.result = pick.WorkingDaysAfter(*t.decided, 0, 2);
    } else {
      t.result = pick.WorkingDaysAfter(opening, 3, 9);
    }
  }

  const CivilDate result = *t.result;
  switch (role) {
    case Role::kContractMissing:
    case Role::kContractMissingWeekend:
    case Role::kContractMissingHoliday:
    case Role::kContractMissingDueNextYear:
      AddProcurementExtras(role, t, pick);
      return t;
    case Role::kContractOnLastWorkingDay:
      t.signed_on = pick.WorkingDayIn(result.PlusDays(1), result.PlusDays(30));
      t.contract = pick.AddWorkingDays(*t.signed_on, 2);
      break;
    case Role::kContractLateSigned:
    case Role::kFreecmsContractLate:
      // Late against its signing date, yet published before the award's
      // 30-day bound: never missing first.
      t.signed_on = pick.WorkingDayIn(result.PlusDays(1), result.PlusDays(12));
      t.contract = pick.WorkingDaysAfter(*t.signed_on, 3, 8);
      break;
    case Role::kContractLateUnsigned:
      t.contract = pick.WorkingDaysAfter(ProcurementContractDue(cal, result), 10, 15);
      break;
    case Role::kContractMissingThenLate:
      t.signed_on = pick.WorkingDayIn(result.PlusDays(20), result.PlusDays(30));
      t.contract = pick.WorkingDayIn(kLateIn2026From, kLateIn2026To);
      break;
    default:
      break;
  }
  if (!t.contract) {
    t.signed_on = pick.WorkingDayIn(result.PlusDays(1), result.PlusDays(30));
    t.contract = pick.WorkingDaysAfter(*t.signed_on, 0, 2);
  }
  AddProcurementExtras(role, t, pick);
  if (role == Role::kEditedTender || role == Role::kEditedResult || role == Role::kRemovedAcceptance ||
      role == Role::kRemovedTradingCopy) {
    t.changed = pick.WorkingDayIn(kChangesFrom, kChangesTo);
  }
  return t;
}

bool AcceptsProcurement(Role role, const ProjectTimeline& t, const WorkCalendar& cal) {
  const CivilDate last = Last(t);
  if (last > kLastNoticeDay) return false;
  const auto site_dates = ProcurementSiteDates(t);
  const CivilDate first_tender = t.tender ? *t.tender : t.trading_tender ? *t.trading_tender : t.opening;
  if (IsGpcmsRole(role) && !AllIn(site_dates, kGpcmsFrom, kLastNoticeDay)) return false;
  if (IsGpcmsRole(role) && t.trading_tender && *t.trading_tender < kGpcmsFrom) return false;
  const CivilDate opening = t.corrected_opening.value_or(t.opening);
  const CivilDate award_due = ProcurementAwardDue(cal, opening);
  const bool finished_by_reference = last <= kReferenceDay;
  switch (role) {
    case Role::kComplete:
    case Role::kCompleteMultiLot:
    case Role::kCompleteDecided:
    case Role::kAwardLate:
    case Role::kAwardLateAgainstDecision:
    case Role::kContractLateSigned:
    case Role::kContractLateUnsigned:
    case Role::kTenderMissing:
    case Role::kSingleSource:
    case Role::kAmountMismatch:
    case Role::kAmountWithinTolerance:
    case Role::kSupplierMismatch:
    case Role::kSupplierSpelledDifferently:
    case Role::kCrossSiteMissing:
    case Role::kCrossSiteLate:
    case Role::kCrossSiteFullWidthCode:
    case Role::kCrossSitePlatformCode:
    case Role::kBlacklistedWinner:
    case Role::kBlacklistEnded:
    case Role::kResultWithoutExperts:
      if (role == Role::kAwardLateAgainstDecision && *t.result > award_due) return false;
      if (role == Role::kCrossSiteLate && *t.tender > opening.PlusDays(-10)) return false;
      return finished_by_reference;
    case Role::kTerminated:
      // The near-miss: its award would be long overdue had it not been terminated.
      return finished_by_reference && award_due < kReferenceDay;
    case Role::kCorrectedOpening:
      // Late against the first opening, on time against the corrected one.
      return finished_by_reference && *t.result > ProcurementAwardDue(cal, t.opening);
    case Role::kAwardOnDueAcrossHoliday:
      return finished_by_reference && CrossesLongBreak(cal, opening, *t.result);
    case Role::kContractOnLastWorkingDay:
      return finished_by_reference && RestWeekdays(cal, *t.signed_on, *t.contract) >= 4;
    case Role::kInFlightTender:
      return *t.tender <= kReferenceDay && *t.result > kReferenceDay;
    case Role::kInFlightContract:
      return *t.result <= kReferenceDay && *t.contract > kReferenceDay;
    case Role::kAwardMissing:
      return award_due < kReferenceDay;
    case Role::kAwardMissingAcrossHoliday:
      return award_due < kReferenceDay && CrossesLongBreak(cal, opening, award_due);
    case Role::kAwardMissingDueNextYear:
      return *t.tender <= kReferenceDay && award_due > kReferenceDay;
    case Role::kAwardMissingThenLate:
      return award_due < kReferenceDay;
    case Role::kContractMissing:
      return ProcurementContractDue(cal, *t.result) < kReferenceDay && cal.IsWorkingDay(t.result->PlusDays(30));
    case Role::kContractMissingWeekend: {
      const CivilDate limit = t.result->PlusDays(30);
      return ProcurementContractDue(cal, *t.result) < kReferenceDay && limit.IsoWeekday() >= 6 &&
             DaysBetween(limit, cal.FirstWorkingDayFrom(limit)) <= 2;
    }
    case Role::kContractMissingHoliday: {
      const CivilDate limit = t.result->PlusDays(30);
      return ProcurementContractDue(cal, *t.result) < kReferenceDay && !cal.IsWorkingDay(limit) &&
             limit.IsoWeekday() <= 5;
    }
    case Role::kContractMissingDueNextYear: {
      const CivilDate limit = t.result->PlusDays(30);
      return *t.result <= kReferenceDay && ProcurementContractDue(cal, *t.result) > kReferenceDay &&
             !cal.IsWorkingDay(limit) && limit.IsoWeekday() <= 5;
    }
    case Role::kContractMissingThenLate:
      return ProcurementContractDue(cal, *t.result) < kReferenceDay;
    case Role::kEditedTender:
      return finished_by_reference && In(t.tender, kChangedNoticesFrom, kChangedNoticesTo);
    case Role::kEditedResult:
      return finished_by_reference && In(t.result, kChangedNoticesFrom, kChangedNoticesTo);
    case Role::kRemovedAcceptance:
      return finished_by_reference && In(t.acceptance, kChangedNoticesFrom, kChangedNoticesTo);
    case Role::kRemovedTradingCopy:
      return finished_by_reference && In(t.trading_result, kChangedNoticesFrom, kChangedNoticesTo);
    case Role::kFreecmsComplete:
    case Role::kFreecmsTerminated:
    case Role::kFreecmsAwardMissing:
    case Role::kFreecmsContractLate:
    case Role::kFreecmsResultWithoutAmount:
    case Role::kHostile:
      return first_tender.year >= 2022 && AllIn(site_dates, kFreecmsFrom, kFreecmsTo) &&
             (role != Role::kHostile || first_tender.year == 2023);
    case Role::kStraddling:
      return *t.tender <= kFreecmsTo && *t.result >= kGpcmsFrom && finished_by_reference;
    case Role::kGdgpoComplete:
    case Role::kGdgpoAwardLate:
      return first_tender >= kGdgpoFrom && AllIn(site_dates, kGdgpoFrom, kGdgpoTo);
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// Construction tendering, land grants and state property (trading platform).

std::pair<CivilDate, CivilDate> TradingOpeningWindow(Role role) {
  switch (role) {
    case Role::kWorksInFlight:
      return {{2025, 11, 24}, {2025, 12, 19}};
    case Role::kWorksLegacy:
    case Role::kWorksLegacyFullWidthCode:
      return {{2019, 3, 1}, {2020, 9, 30}};
    case Role::kWorksEditedTender:
    case Role::kWorksRemovedPortalCopy:
      return {{2025, 1, 25}, {2025, 6, 30}};
    case Role::kLandEditedResult:
      return {{2024, 11, 20}, {2025, 5, 15}};
    case Role::kPropertyRemovedResult:
      return {{2024, 12, 1}, {2025, 6, 10}};
    default:
      return {{2023, 2, 1}, {2025, 10, 15}};
  }
}

void AddPortalCopies(ProjectTimeline& t, Picker& pick) {
  if (t.tender) t.portal_tender = pick.WorkingDaysAfter(*t.tender, 0, 2);
  if (t.result) t.portal_result = pick.WorkingDaysAfter(*t.result, 0, 2);
}

ProjectTimeline DrawWorks(Role role, Picker& pick) {
  const WorkCalendar& cal = pick.calendar();
  ProjectTimeline t;
  const auto [from, to] = TradingOpeningWindow(role);
  t.opening = pick.WorkingDayIn(from, to);
  const CivilDate tender = pick.WorkingDayIn(t.opening.PlusDays(-30), t.opening.PlusDays(-20));  // EB-03
  if (role != Role::kWorksTenderMissing) t.tender = tender;
  // The investment code was issued months or years before: some before the
  // GB/T 40058 switch of November 2020 (old YYYY- codes), most after.
  // (Before 2018 the calendar does not know working days: the day stays as drawn.)
  const CivilDate approved = tender.PlusDays(-pick.Uniform(100, 1500));
  t.approved = cal.Covers(approved) ? cal.FirstWorkingDayFrom(approved) : approved;
  const bool has_candidates = role != Role::kWorksAwardMissingNoCandidates && role != Role::kWorksCandidatesMissing &&
                              role != Role::kWorksTerminated;
  if (has_candidates) t.candidates = pick.WorkingDaysAfter(t.opening, 1, 3);
  const CivilDate award_due =
      t.candidates ? WorksAwardDueFromCandidates(cal, *t.candidates) : WorksAwardDueFromOpening(cal, t.opening);
  switch (role) {
    case Role::kWorksTerminated:
      t.terminated = pick.WorkingDayIn(tender.PlusDays(2), pick.AddWorkingDays(t.opening, 5));
      AddPortalCopies(t, pick);
      return t;
    case Role::kWorksAwardMissing:
    case Role::kWorksAwardMissingNoCandidates:
      AddPortalCopies(t, pick);
      return t;
    case Role::kWorksAwardLate:
      t.result = pick.WorkingDaysAfter(award_due, 10, 15);
      break;
    case Role::kWorksCandidatesMissing:
      t.result = pick.WorkingDaysAfter(cal.PeriodEnd(t.opening, 6), 1, 15);
      break;
    default:
      t.result = pick.WorkingDaysAfter(cal.PeriodEnd(*t.candidates, 3), 1, 8);
  }
  const CivilDate result = *t.result;
  if (role == Role::kWorksContractLate) {
    t.signed_on = pick.WorkingDayIn(result.PlusDays(5), result.PlusDays(28));
    t.contract = pick.WorkingDaysAfter(WorksContractDue(cal, result), 10, 15);
  } else if (role != Role::kWorksContractMissing) {
    t.signed_on = pick.WorkingDayIn(result.PlusDays(5), result.PlusDays(28));
    t.contract = pick.WorkingDaysAfter(*t.signed_on, 1, 5);
  }
  AddPortalCopies(t, pick);
  if (role == Role::kWorksEditedTender || role == Role::kWorksRemovedPortalCopy) {
    t.changed = pick.WorkingDayIn(kChangesFrom, kChangesTo);
  }
  return t;
}

bool AcceptsWorks(Role role, const ProjectTimeline& t, const WorkCalendar& cal) {
  const CivilDate last = Last(t);
  if (last > kLastNoticeDay) return false;
  const bool finished_by_reference = last <= kReferenceDay;
  const CivilDate award_due =
      t.candidates ? WorksAwardDueFromCandidates(cal, *t.candidates) : WorksAwardDueFromOpening(cal, t.opening);
  switch (role) {
    case Role::kWorksInFlight:
      return *t.tender <= kReferenceDay && *t.result > kReferenceDay;
    case Role::kWorksTerminated:
      return finished_by_reference && award_due < kReferenceDay;
    case Role::kWorksAwardMissing:
    case Role::kWorksAwardMissingNoCandidates:
      return award_due < kReferenceDay;
    case Role::kWorksContractMissing:
      return WorksContractDue(cal, *t.result) < kReferenceDay;
    case Role::kWorksLegacy:
    case Role::kWorksLegacyFullWidthCode:
      return t.tender->year >= 2019 && last <= kLegacyTradingTo;
    case Role::kWorksEditedTender:
      return finished_by_reference && In(t.tender, kChangedNoticesFrom, kChangedNoticesTo);
    case Role::kWorksRemovedPortalCopy:
      return finished_by_reference && In(t.portal_tender, kChangedNoticesFrom, kChangedNoticesTo);
    default:
      return finished_by_reference;
  }
}

ProjectTimeline DrawLand(Role role, Picker& pick) {
  ProjectTimeline t;
  const auto [from, to] = TradingOpeningWindow(role);
  t.opening = pick.WorkingDayIn(from, to);  // bidding starts ≥ 20 days after the notice (LD-01)
  t.tender = pick.WorkingDayIn(t.opening.PlusDays(-30), t.opening.PlusDays(-20));
  // Listing lasts 10 days (LD-02); the result within 10 WD of its end (LD-03).
  t.result = pick.WorkingDaysAfter(t.opening.PlusDays(10), 1, 10);
  AddPortalCopies(t, pick);
  if (role == Role::kLandEditedResult) t.changed = pick.WorkingDayIn(kChangesFrom, kChangesTo);
  return t;
}

ProjectTimeline DrawProperty(Role role, Picker& pick) {
  ProjectTimeline t;
  const auto [from, to] = TradingOpeningWindow(role);
  t.tender = pick.WorkingDayIn(from, to);
  t.opening = pick.WorkingDaysAfter(*t.tender, 20, 25);  // formal disclosure ≥ 20 WD (SP-02)
  t.result = pick.WorkingDaysAfter(t.opening, 3, 10);
  AddPortalCopies(t, pick);
  if (role == Role::kPropertyRemovedResult) t.changed = pick.WorkingDayIn(kChangesFrom, kChangesTo);
  return t;
}

bool AcceptsLandOrProperty(Role role, const ProjectTimeline& t) {
  if (Last(t) > kReferenceDay) return false;
  if (role == Role::kLandEditedResult || role == Role::kPropertyRemovedResult) {
    return In(t.result, kChangedNoticesFrom, kChangedNoticesTo);
  }
  return true;
}

}  // namespace

CivilDate ProcurementAwardDue(const WorkCalendar& calendar, CivilDate opening) {
  return calendar.AddWorkingDays(opening, 9);
}
CivilDate ProcurementContractDue(const WorkCalendar& calendar, CivilDate award) {
  return calendar.AddWorkingDays(calendar.PeriodEnd(award, 30), 2);
}
CivilDate WorksAwardDueFromCandidates(const WorkCalendar& calendar, CivilDate candidates) {
  return calendar.AddWorkingDays(calendar.PeriodEnd(candidates, 3), 20);
}
CivilDate WorksAwardDueFromOpening(const WorkCalendar& calendar, CivilDate opening) {
  return calendar.AddWorkingDays(calendar.PeriodEnd(opening, 6), 20);
}
CivilDate WorksContractDue(const WorkCalendar& calendar, CivilDate award) {
  return calendar.AddWorkingDays(calendar.PeriodEnd(award, 30), 20);
}

namespace {
// 1 = Monday … 7 = Sunday; day 0 (1970-01-01) was a Thursday.
int Weekday(long day_number) { return static_cast<int>(((day_number + 3) % 7 + 7) % 7) + 1; }
}  // namespace

int RestWeekdays(const WorkCalendar& calendar, CivilDate from, CivilDate to) {
  int count = 0;
  for (long day = from.DayNumber() + 1; day <= to.DayNumber(); ++day) {
    count += Weekday(day) <= 5 && !calendar.IsWorkingDayNumber(day);
  }
  return count;
}

bool CrossesLongBreak(const WorkCalendar& calendar, CivilDate from, CivilDate to) {
  bool makeup_day = false;
  for (long day = from.DayNumber() + 1; day <= to.DayNumber(); ++day) {
    makeup_day = makeup_day || (Weekday(day) >= 6 && calendar.IsWorkingDayNumber(day));
  }
  return makeup_day && RestWeekdays(calendar, from, to) >= 4;
}

ProjectTimeline PlanProject(Role role, Random& random, const WorkCalendar& calendar) {
  Picker pick(random, calendar);
  const RoleSpec& spec = SpecOf(role);
  switch (spec.domain) {
    case Domain::kProcurement:
      return Retry(
          spec.name, [&] { return DrawProcurement(role, pick); },
          [&](const ProjectTimeline& t) { return AcceptsProcurement(role, t, calendar); });
    case Domain::kConstruction:
      return Retry(
          spec.name, [&] { return DrawWorks(role, pick); },
          [&](const ProjectTimeline& t) { return AcceptsWorks(role, t, calendar); });
    case Domain::kLand:
      return Retry(
          spec.name, [&] { return DrawLand(role, pick); },
          [&](const ProjectTimeline& t) { return AcceptsLandOrProperty(role, t); });
    case Domain::kStateProperty:
      return Retry(
          spec.name, [&] { return DrawProperty(role, pick); },
          [&](const ProjectTimeline& t) { return AcceptsLandOrProperty(role, t); });
    default:
      throw std::logic_error(std::string("world: ") + spec.name + " is not a project role");
  }
}

CreditTimeline PlanCreditRecord(Role role, Random& random, const WorkCalendar& calendar) {
  Picker pick(random, calendar);
  auto draw = [&] {
    CreditTimeline t;
    switch (role) {
      case Role::kPenaltyLateNextYear:
        t.decided = pick.WorkingDayIn({2025, 11, 24}, {2025, 12, 19});
        t.published = pick.WorkingDayIn(kLateIn2026From, kLateIn2026To);
        return t;
      case Role::kLicenceRemoved:
      case Role::kPenaltyEdited:
        t.decided = pick.WorkingDayIn({2024, 12, 16}, {2025, 6, 10});
        break;
      default:
        t.decided = pick.WorkingDayIn({2023, 2, 1}, {2025, 11, 28});
    }
    switch (role) {
      case Role::kLicenceLate:
      case Role::kPenaltyLate:
        t.published = pick.WorkingDaysAfter(t.decided, 9, 25);  // GI-03 allows 7 WD
        break;
      case Role::kPenaltyOnDueAcrossHoliday:
        t.published = pick.AddWorkingDays(t.decided, 7);
        break;
      default:
        t.published = pick.WorkingDaysAfter(t.decided, 0, 7);
    }
    if (role == Role::kLicenceRemoved || role == Role::kPenaltyEdited) {
      t.changed = pick.WorkingDayIn(kChangesFrom, kChangesTo);
    }
    return t;
  };
  auto accept = [&](const CreditTimeline& t) {
    switch (role) {
      case Role::kPenaltyLateNextYear:
        return true;
      case Role::kPenaltyOnDueAcrossHoliday:
        return t.published <= kReferenceDay && CrossesLongBreak(calendar, t.decided, t.published);
      case Role::kLicenceRemoved:
      case Role::kPenaltyEdited:
        return t.published >= kChangedNoticesFrom && t.published <= kChangedNoticesTo;
      default:
        return t.published <= kReferenceDay;
    }
  };
  return Retry(SpecOf(role).name, draw, accept);
}

DepartmentTimeline PlanDepartment(Role role, Random& random, const WorkCalendar& calendar) {
  Picker pick(random, calendar);
  DepartmentTimeline t;
  // The seed plan (2018-07-20) gave until 30 August 2018.
  switch (role) {
    case Role::kPlanNever:
      break;
    case Role::kPlanOnDueDay:
      t.plan = CivilDate{2018, 8, 30};
      break;
    case Role::kPlanLate:
      t.plan = pick.WorkingDayIn({2018, 10, 15}, {2018, 11, 30});
      break;
    default:
      t.plan = pick.WorkingDayIn({2018, 7, 23}, {2018, 8, 29});
  }
  // 政府信息公开条例 Art. 49: each year's report by 31 January of the next.
  const int missing_year = role == Role::kReportNever               ? static_cast<int>(random.Uniform(2019, 2023))
                           : role == Role::kReportMissingLatestYear ? 2025
                                                                    : 0;
  const int late_year = role == Role::kReportLate ? static_cast<int>(random.Uniform(2019, 2023)) : 0;
  // Years whose report falls due on a working day: 2019-01-31, 2023-01-31, 2024-01-31.
  static constexpr int kYearsDueOnAWorkingDay[] = {2018, 2022, 2023};
  const int on_due_year = role == Role::kReportOnDueDay ? kYearsDueOnAWorkingDay[random.Uniform(0, 2)] : 0;
  for (int year = 2018; year <= 2025; ++year) {
    if (year == missing_year) continue;
    CivilDate published = pick.WorkingDayIn({year + 1, 1, 4}, {year + 1, 1, 30});
    if (year == late_year) published = pick.WorkingDayIn({year + 1, 2, 20}, {year + 1, 4, 30});
    if (year == on_due_year) published = {year + 1, 1, 31};
    t.reports.emplace_back(year, published);
  }
  return t;
}

ListingTimeline PlanListing(Role role, std::optional<CivilDate> award, Random& random, const WorkCalendar& calendar) {
  Picker pick(random, calendar);
  ListingTimeline t;
  switch (role) {
    case Role::kListingOfWinner:
    case Role::kListingOfWorksWinner:
      // Listed before the award, for 3 years (严重违法失信: 禁止参加 1–3 年).
      t.listed = pick.WorkingDayIn(award->PlusDays(-400), award->PlusDays(-10));
      t.removal = t.listed.PlusDays(3 * 365);
      break;
    case Role::kListingEndedBeforeAward:
      t.removal = calendar.FirstWorkingDayFrom(award->PlusDays(-random.Uniform(5, 60)));
      t.listed = pick.WorkingDayIn(t.removal->PlusDays(-730), t.removal->PlusDays(-365));
      break;
    case Role::kListingAfterWorksAward:
      t.listed = pick.WorkingDayIn(award->PlusDays(10), award->PlusDays(100));
      t.removal = t.listed.PlusDays(365);
      break;
    default:
      t.listed = pick.WorkingDayIn({2023, 2, 1}, {2025, 11, 28});
      if (random.Percent(50)) t.removal = t.listed.PlusDays(365 * random.Uniform(1, 3));
  }
  return t;
}

}  // namespace gapwatch::sim
