// The composition of the world: which subjects exist and what each is for.
//
// A world is the 15 singletons (the seed plan's 14 市直部门, then the project
// carrying the hostile strings) followed by `scale` units; every unit holds
// the same list of roles (kUnit below), each role a count of subjects. A
// role fixes a subject's type and domain, where its dates fall and which
// finding kinds it plants (`planted`: the kinds its truth lists at some as-of
// date — a late notice is first missing, so late roles plant both). Roles
// without planted kinds are timely everywhere under the official calendar;
// several are near-misses that a careless checker would report.
//
// SubjectId ↔ (unit, role, index) is pure arithmetic, so that any subject can
// be rebuilt from its id alone. Constant tables; thread-safe.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/world_types.h"

namespace gapwatch::sim {

enum class SubjectType : uint8_t { kProject, kCreditRecord, kBlacklistEntry, kDepartment };

enum class Role : uint8_t {
  // Government procurement on gpcms (2024–2026).
  kComplete,
  kCompleteMultiLot,
  kCompleteDecided,
  kAwardOnDueAcrossHoliday,   // near-miss: result on opening + 9 WD exactly, late if holidays were ignored
  kContractOnLastWorkingDay,  // near-miss: contract on signing + 2 WD exactly, across a long break
  kInFlightTender,
  kInFlightContract,
  kTerminated,  // near-miss: a terminated tender with no award, its award due long past
  kAwardMissing,
  kAwardMissingAcrossHoliday,
  kAwardMissingDueNextYear,
  kContractMissing,
  kContractMissingWeekend,
  kContractMissingHoliday,
  kContractMissingDueNextYear,
  kAwardLate,
  kAwardLateAgainstDecision,
  kAwardMissingThenLate,
  kContractLateSigned,
  kContractLateUnsigned,
  kContractMissingThenLate,
  kCorrectedOpening,  // near-miss: late against the first opening only
  kTenderMissing,
  kSingleSource,  // near-miss: no tender, but single-source publicity
  kAmountMismatch,
  kAmountWithinTolerance,  // near-miss: contract 1.00 元 above the award
  kSupplierMismatch,
  kSupplierSpelledDifferently,  // near-miss: （） in the result, () in the contract
  kCrossSiteMissing,
  kCrossSiteLate,
  kCrossSiteFullWidthCode,  // near-miss: the trading copies write the code in full-width
  kCrossSitePlatformCode,   // near-miss: the trading copies write the platform's own code
  kBlacklistedWinner,
  kBlacklistEnded,  // near-miss: the winner's listing ended before the award
  kResultWithoutExperts,
  kEditedTender,
  kEditedResult,
  kRemovedAcceptance,
  kRemovedTradingCopy,
  // Government procurement on the older generations.
  kFreecmsComplete,
  kFreecmsTerminated,
  kFreecmsAwardMissing,
  kFreecmsContractLate,
  kFreecmsResultWithoutAmount,
  kStraddling,  // tender on freecms, result and contract on gpcms, timely
  kGdgpoComplete,
  kGdgpoAwardLate,
  kHostile,  // singleton: <script> title and =HYPERLINK buyer, tender of 2023 never awarded
  // Construction tendering on the trading platform.
  kWorksComplete,
  kWorksInFlight,
  kWorksTerminated,
  kWorksAwardMissing,
  kWorksAwardMissingNoCandidates,
  kWorksAwardLate,
  kWorksContractMissing,
  kWorksContractLate,
  kWorksCandidatesMissing,
  kWorksTenderMissing,
  kWorksAmountMismatch,
  kWorksSupplierMismatch,
  kWorksBlacklistedWinner,
  kWorksListedAfterAward,  // near-miss: the winner was listed only after the award
  kWorksCandidatesWithoutCertificate,
  kWorksEditedTender,
  kWorksRemovedPortalCopy,
  kWorksLegacy,
  kWorksLegacyFullWidthCode,  // near-miss: full-width code on sgjyzx, half-width on the portal
  // Land grants and state-property transactions on the trading platform.
  kLandComplete,
  kLandEditedResult,
  kPropertyComplete,
  kPropertyRemovedResult,
  // Credit records.
  kLicenceTimely,
  kLicenceLate,
  kLicenceRemoved,
  kPenaltyTimely,
  kPenaltyLate,
  kPenaltyOnDueAcrossHoliday,  // near-miss: published on decision + 7 WD exactly, across a long break
  kPenaltyLateNextYear,
  kPenaltyWithoutBasis,
  kPenaltyEdited,
  // Blacklist entries (their findings sit on the winner's project).
  kListingOfWinner,
  kListingEndedBeforeAward,
  kListingOfWorksWinner,
  kListingAfterWorksAward,
  kListingUnrelated,
  // The seed plan's departments (singletons; which department plays which
  // role is drawn from the seed).
  kDepartmentTimely,
  kPlanOnDueDay,  // near-miss: the plan on 2018-08-30 itself
  kPlanLate,
  kPlanNever,
  kReportNever,
  kReportLate,
  kReportMissingLatestYear,
  kReportOnDueDay,  // near-miss: a report on 31 January itself
};

struct RoleSpec {
  Role role;
  const char* name;  // snake_case, as docs/simulator.md lists it
  SubjectType type;
  Domain domain;
  int count;  // per unit (for singletons: how many departments play it)
  FindingSet planted;
};

// The roles of one unit, in SubjectId order.
const std::vector<RoleSpec>& UnitRoles();
// The departments' roles, 14 in all, and the hostile project's.
const std::vector<RoleSpec>& SingletonRoles();
const RoleSpec& SpecOf(Role role);

inline constexpr uint32_t kDepartmentCount = 14;
inline constexpr uint32_t kSingletonCount = kDepartmentCount + 1;
inline constexpr SubjectId kHostileSubject = kDepartmentCount;
uint32_t SubjectsPerUnit();

struct SubjectSlot {
  SubjectType type = SubjectType::kProject;
  Role role = Role::kComplete;
  uint32_t unit = 0;   // meaningless for singletons
  uint32_t index = 0;  // within the unit: 0 … SubjectsPerUnit() - 1; for departments, 0 … 13
};
// Throws std::out_of_range past the world's last subject.
SubjectSlot SlotOf(SubjectId id, int scale, uint64_t seed);
uint32_t SubjectCount(int scale);
// The subject of `role` (its first one) in `unit`.
SubjectId SubjectOfRole(uint32_t unit, Role role);

}  // namespace gapwatch::sim
