#include "sim/world_roles.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "sim/random.h"

namespace gapwatch::sim {
namespace {

using K = FindingKind;
constexpr SubjectType kProjectType = SubjectType::kProject;
constexpr SubjectType kCreditType = SubjectType::kCreditRecord;
constexpr SubjectType kListingType = SubjectType::kBlacklistEntry;
constexpr Domain kGp = Domain::kProcurement;
constexpr Domain kWorks = Domain::kConstruction;

constexpr FindingSet kNone = 0;
constexpr FindingSet kAwardGap = Bit(K::kAwardMissing);
constexpr FindingSet kAwardLateGap = Bit(K::kAwardMissing) | Bit(K::kAwardLate);
constexpr FindingSet kContractGap = Bit(K::kContractMissing);
constexpr FindingSet kContractLateGap = Bit(K::kContractMissing) | Bit(K::kContractLate);

}  // namespace

const std::vector<RoleSpec>& UnitRoles() {
  static const std::vector<RoleSpec> roles = {
      // Government procurement on gpcms.
      {Role::kComplete, "complete", kProjectType, kGp, 10, kNone},
      {Role::kCompleteMultiLot, "complete_multi_lot", kProjectType, kGp, 4, kNone},
      {Role::kCompleteDecided, "complete_decided", kProjectType, kGp, 3, kNone},
      {Role::kAwardOnDueAcrossHoliday, "award_on_due_across_holiday", kProjectType, kGp, 1, kNone},
      {Role::kContractOnLastWorkingDay, "contract_on_last_working_day", kProjectType, kGp, 1, kNone},
      {Role::kInFlightTender, "in_flight_tender", kProjectType, kGp, 2, kNone},
      {Role::kInFlightContract, "in_flight_contract", kProjectType, kGp, 2, kNone},
      {Role::kTerminated, "terminated", kProjectType, kGp, 3, kNone},
      {Role::kAwardMissing, "award_missing", kProjectType, kGp, 2, kAwardGap},
      {Role::kAwardMissingAcrossHoliday, "award_missing_across_holiday", kProjectType, kGp, 2, kAwardGap},
      {Role::kAwardMissingDueNextYear, "award_missing_due_next_year", kProjectType, kGp, 1, kAwardGap},
      {Role::kContractMissing, "contract_missing", kProjectType, kGp, 2, kContractGap},
      {Role::kContractMissingWeekend, "contract_missing_weekend", kProjectType, kGp, 1, kContractGap},
      {Role::kContractMissingHoliday, "contract_missing_holiday", kProjectType, kGp, 1, kContractGap},
      {Role::kContractMissingDueNextYear, "contract_missing_due_next_year", kProjectType, kGp, 1, kContractGap},
      {Role::kAwardLate, "award_late", kProjectType, kGp, 1, kAwardLateGap},
      {Role::kAwardLateAgainstDecision, "award_late_against_decision", kProjectType, kGp, 1, Bit(K::kAwardLate)},
      {Role::kAwardMissingThenLate, "award_missing_then_late", kProjectType, kGp, 1, kAwardLateGap},
      {Role::kContractLateSigned, "contract_late_signed", kProjectType, kGp, 1, Bit(K::kContractLate)},
      {Role::kContractLateUnsigned, "contract_late_unsigned", kProjectType, kGp, 1,
       kContractLateGap | Bit(K::kFieldMissing)},
      {Role::kContractMissingThenLate, "contract_missing_then_late", kProjectType, kGp, 1, kContractLateGap},
      {Role::kCorrectedOpening, "corrected_opening", kProjectType, kGp, 1, kNone},
      {Role::kTenderMissing, "tender_missing", kProjectType, kGp, 1, Bit(K::kTenderMissing)},
      {Role::kSingleSource, "single_source", kProjectType, kGp, 1, kNone},
      {Role::kAmountMismatch, "amount_mismatch", kProjectType, kGp, 1, Bit(K::kAmountMismatch)},
      {Role::kAmountWithinTolerance, "amount_within_tolerance", kProjectType, kGp, 1, kNone},
      {Role::kSupplierMismatch, "supplier_mismatch", kProjectType, kGp, 1, Bit(K::kSupplierMismatch)},
      {Role::kSupplierSpelledDifferently, "supplier_spelled_differently", kProjectType, kGp, 1, kNone},
      {Role::kCrossSiteMissing, "cross_site_missing", kProjectType, kGp, 1, Bit(K::kCrossSiteMissing)},
      {Role::kCrossSiteLate, "cross_site_late", kProjectType, kGp, 1, Bit(K::kCrossSiteMissing)},
      {Role::kCrossSiteFullWidthCode, "cross_site_full_width_code", kProjectType, kGp, 1, kNone},
      {Role::kBlacklistedWinner, "blacklisted_winner", kProjectType, kGp, 1, Bit(K::kBlacklistedWinner)},
      {Role::kBlacklistEnded, "blacklist_ended", kProjectType, kGp, 1, kNone},
      {Role::kResultWithoutExperts, "result_without_experts", kProjectType, kGp, 1, Bit(K::kFieldMissing)},
      {Role::kEditedTender, "edited_tender", kProjectType, kGp, 1, Bit(K::kNoticeChanged)},
      {Role::kEditedResult, "edited_result", kProjectType, kGp, 1, Bit(K::kNoticeChanged)},
      {Role::kRemovedAcceptance, "removed_acceptance", kProjectType, kGp, 1, Bit(K::kNoticeRemoved)},
      {Role::kRemovedTradingCopy, "removed_trading_copy", kProjectType, kGp, 1, Bit(K::kNoticeRemoved)},
      // Government procurement on freecms (2021–2023) and gdgpo (until 2021).
      {Role::kFreecmsComplete, "freecms_complete", kProjectType, kGp, 3, kNone},
      {Role::kFreecmsTerminated, "freecms_terminated", kProjectType, kGp, 1, kNone},
      {Role::kFreecmsAwardMissing, "freecms_award_missing", kProjectType, kGp, 1, kAwardGap},
      {Role::kFreecmsContractLate, "freecms_contract_late", kProjectType, kGp, 1, Bit(K::kContractLate)},
      {Role::kFreecmsResultWithoutAmount, "freecms_result_without_amount", kProjectType, kGp, 1, Bit(K::kFieldMissing)},
      {Role::kStraddling, "straddling", kProjectType, kGp, 2, kNone},
      {Role::kGdgpoComplete, "gdgpo_complete", kProjectType, kGp, 1, kNone},
      {Role::kGdgpoAwardLate, "gdgpo_award_late", kProjectType, kGp, 1, kAwardLateGap},
      // Construction tendering.
      {Role::kWorksComplete, "works_complete", kProjectType, kWorks, 5, kNone},
      {Role::kWorksInFlight, "works_in_flight", kProjectType, kWorks, 1, kNone},
      {Role::kWorksTerminated, "works_terminated", kProjectType, kWorks, 1, kNone},
      {Role::kWorksAwardMissing, "works_award_missing", kProjectType, kWorks, 1, kAwardGap},
      {Role::kWorksAwardMissingNoCandidates, "works_award_missing_no_candidates", kProjectType, kWorks, 1, kAwardGap},
      {Role::kWorksAwardLate, "works_award_late", kProjectType, kWorks, 1, kAwardLateGap},
      {Role::kWorksContractMissing, "works_contract_missing", kProjectType, kWorks, 1, kContractGap},
      {Role::kWorksContractLate, "works_contract_late", kProjectType, kWorks, 1, kContractLateGap},
      {Role::kWorksCandidatesMissing, "works_candidates_missing", kProjectType, kWorks, 1, Bit(K::kCandidatesMissing)},
      {Role::kWorksTenderMissing, "works_tender_missing", kProjectType, kWorks, 1, Bit(K::kTenderMissing)},
      {Role::kWorksAmountMismatch, "works_amount_mismatch", kProjectType, kWorks, 1, Bit(K::kAmountMismatch)},
      {Role::kWorksSupplierMismatch, "works_supplier_mismatch", kProjectType, kWorks, 1, Bit(K::kSupplierMismatch)},
      {Role::kWorksBlacklistedWinner, "works_blacklisted_winner", kProjectType, kWorks, 1, Bit(K::kBlacklistedWinner)},
      {Role::kWorksListedAfterAward, "works_listed_after_award", kProjectType, kWorks, 1, kNone},
      {Role::kWorksCandidatesWithoutCertificate, "works_candidates_without_certificate", kProjectType, kWorks, 1,
       Bit(K::kFieldMissing)},
      {Role::kWorksEditedTender, "works_edited_tender", kProjectType, kWorks, 1, Bit(K::kNoticeChanged)},
      {Role::kWorksRemovedPortalCopy, "works_removed_portal_copy", kProjectType, kWorks, 1, Bit(K::kNoticeRemoved)},
      {Role::kWorksLegacy, "works_legacy", kProjectType, kWorks, 1, kNone},
      {Role::kWorksLegacyFullWidthCode, "works_legacy_full_width_code", kProjectType, kWorks, 1, kNone},
      // Land grants and state property.
      {Role::kLandComplete, "land_complete", kProjectType, Domain::kLand, 3, kNone},
      {Role::kLandEditedResult, "land_edited_result", kProjectType, Domain::kLand, 1, Bit(K::kNoticeChanged)},
      {Role::kPropertyComplete, "property_complete", kProjectType, Domain::kStateProperty, 2, kNone},
      {Role::kPropertyRemovedResult, "property_removed_result", kProjectType, Domain::kStateProperty, 1,
       Bit(K::kNoticeRemoved)},
      // Credit records.
      {Role::kLicenceTimely, "licence_timely", kCreditType, Domain::kCredit, 4, kNone},
      {Role::kLicenceLate, "licence_late", kCreditType, Domain::kCredit, 1, Bit(K::kPenaltyLate)},
      {Role::kLicenceRemoved, "licence_removed", kCreditType, Domain::kCredit, 1, Bit(K::kNoticeRemoved)},
      {Role::kPenaltyTimely, "penalty_timely", kCreditType, Domain::kCredit, 3, kNone},
      {Role::kPenaltyLate, "penalty_late", kCreditType, Domain::kCredit, 1, Bit(K::kPenaltyLate)},
      {Role::kPenaltyOnDueAcrossHoliday, "penalty_on_due_across_holiday", kCreditType, Domain::kCredit, 1, kNone},
      {Role::kPenaltyLateNextYear, "penalty_late_next_year", kCreditType, Domain::kCredit, 1, Bit(K::kPenaltyLate)},
      {Role::kPenaltyWithoutBasis, "penalty_without_basis", kCreditType, Domain::kCredit, 1, Bit(K::kFieldMissing)},
      {Role::kPenaltyEdited, "penalty_edited", kCreditType, Domain::kCredit, 1, Bit(K::kNoticeChanged)},
      // Blacklist entries.
      {Role::kListingOfWinner, "listing_of_winner", kListingType, Domain::kCredit, 1, kNone},
      {Role::kListingEndedBeforeAward, "listing_ended_before_award", kListingType, Domain::kCredit, 1, kNone},
      {Role::kListingOfWorksWinner, "listing_of_works_winner", kListingType, Domain::kCredit, 1, kNone},
      {Role::kListingAfterWorksAward, "listing_after_works_award", kListingType, Domain::kCredit, 1, kNone},
      {Role::kListingUnrelated, "listing_unrelated", kListingType, Domain::kCredit, 1, kNone},
      // Government procurement on gpcms, last in the unit so that every subject
      // before it keeps its id (and so its draws) from before it was added.
      {Role::kCrossSitePlatformCode, "cross_site_platform_code", kProjectType, kGp, 1, kNone},
  };
  return roles;
}

const std::vector<RoleSpec>& SingletonRoles() {
  constexpr SubjectType kDept = SubjectType::kDepartment;
  constexpr Domain kPortalDomain = Domain::kDisclosure;
  static const std::vector<RoleSpec> roles = {
      {Role::kDepartmentTimely, "department_timely", kDept, kPortalDomain, 6, kNone},
      {Role::kPlanOnDueDay, "plan_on_due_day", kDept, kPortalDomain, 1, kNone},
      {Role::kPlanLate, "plan_late", kDept, kPortalDomain, 1, Bit(K::kPlanMissing)},
      {Role::kPlanNever, "plan_never", kDept, kPortalDomain, 2, Bit(K::kPlanMissing)},
      {Role::kReportNever, "report_never", kDept, kPortalDomain, 1, Bit(K::kAnnualReportMissing)},
      {Role::kReportLate, "report_late", kDept, kPortalDomain, 1, Bit(K::kAnnualReportMissing)},
      {Role::kReportMissingLatestYear, "report_missing_latest_year", kDept, kPortalDomain, 1,
       Bit(K::kAnnualReportMissing)},
      {Role::kReportOnDueDay, "report_on_due_day", kDept, kPortalDomain, 1, kNone},
      {Role::kHostile, "hostile", kProjectType, kGp, 1, kAwardGap},
  };
  return roles;
}

const RoleSpec& SpecOf(Role role) {
  for (const auto* table : {&UnitRoles(), &SingletonRoles()}) {
    for (const RoleSpec& spec : *table) {
      if (spec.role == role) return spec;
    }
  }
  throw std::logic_error("no spec for role " + std::to_string(static_cast<int>(role)));
}

uint32_t SubjectsPerUnit() {
  static const uint32_t count = [] {
    uint32_t total = 0;
    for (const RoleSpec& spec : UnitRoles()) total += static_cast<uint32_t>(spec.count);
    return total;
  }();
  return count;
}

uint32_t SubjectCount(int scale) { return kSingletonCount + SubjectsPerUnit() * static_cast<uint32_t>(scale); }

SubjectSlot SlotOf(SubjectId id, int scale, uint64_t seed) {
  if (id >= SubjectCount(scale)) throw std::out_of_range("no subject " + std::to_string(id));
  SubjectSlot slot;
  if (id < kDepartmentCount) {
    // Which department plays which role is the seed's choice: a shuffle of
    // the 14 department roles.
    std::vector<Role> roles;
    for (const RoleSpec& spec : SingletonRoles()) {
      if (spec.type != SubjectType::kDepartment) continue;
      for (int i = 0; i < spec.count; ++i) roles.push_back(spec.role);
    }
    Random random = Random::Stream(seed, 0x5eedde9a, 0);
    for (size_t i = roles.size(); i > 1; --i) {
      std::swap(roles[i - 1], roles[static_cast<size_t>(random.Uniform(0, static_cast<long>(i) - 1))]);
    }
    slot.type = SubjectType::kDepartment;
    slot.role = roles.at(id);
    slot.index = id;
    return slot;
  }
  if (id == kHostileSubject) {
    slot.role = Role::kHostile;
    return slot;
  }
  const uint32_t offset = id - kSingletonCount;
  slot.unit = offset / SubjectsPerUnit();
  slot.index = offset % SubjectsPerUnit();
  uint32_t first = 0;
  for (const RoleSpec& spec : UnitRoles()) {
    if (slot.index < first + static_cast<uint32_t>(spec.count)) {
      slot.type = spec.type;
      slot.role = spec.role;
      return slot;
    }
    first += static_cast<uint32_t>(spec.count);
  }
  throw std::logic_error("composition: no role for index " + std::to_string(slot.index));
}

SubjectId SubjectOfRole(uint32_t unit, Role role) {
  uint32_t first = 0;
  for (const RoleSpec& spec : UnitRoles()) {
    if (spec.role == role) return kSingletonCount + unit * SubjectsPerUnit() + first;
    first += static_cast<uint32_t>(spec.count);
  }
  throw std::logic_error("composition: role not in a unit");
}

}  // namespace gapwatch::sim
