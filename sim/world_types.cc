#include "sim/world_types.h"

#include <cstdio>

namespace gapwatch::sim {
namespace {

// When a site changed generation (SITES.md; the exact days are our choice,
// docs/simulator.md): gdgpo stopped in February 2021 and freecms served until
// gpcms took over; the trading centre and the portal moved to their current
// systems with 2021.
constexpr CivilDate kFreecmsFrom{2021, 3, 1};
constexpr CivilDate kGpcmsFrom{2024, 1, 1};
constexpr CivilDate kYgpFrom{2021, 1, 1};
constexpr CivilDate kPortalColumnFrom{2021, 1, 1};

}  // namespace

const char* SiteName(Site site) {
  switch (site) {
    case Site::kPortal:
      return "portal";
    case Site::kTrading:
      return "trading";
    case Site::kProcurement:
      return "procurement";
    case Site::kCredit:
      return "credit";
  }
  return "";
}

Site SiteOf(Generation generation) {
  switch (generation) {
    case Generation::kPortalColumn:
    case Generation::kPortalTrs:
    case Generation::kGkmlpt:
      return Site::kPortal;
    case Generation::kYgp:
    case Generation::kSgjyzx:
      return Site::kTrading;
    case Generation::kGdgpo:
    case Generation::kFreecms:
    case Generation::kGpcms:
      return Site::kProcurement;
    case Generation::kCreditSite:
      return Site::kCredit;
  }
  return Site::kPortal;
}

const char* GenerationName(Generation generation) {
  switch (generation) {
    case Generation::kPortalColumn:
      return "portal_column";
    case Generation::kPortalTrs:
      return "portal_trs";
    case Generation::kGkmlpt:
      return "gkmlpt";
    case Generation::kYgp:
      return "ygp";
    case Generation::kSgjyzx:
      return "sgjyzx";
    case Generation::kGdgpo:
      return "gdgpo";
    case Generation::kFreecms:
      return "freecms";
    case Generation::kGpcms:
      return "gpcms";
    case Generation::kCreditSite:
      return "credit";
  }
  return "";
}

Generation GenerationAt(Site site, CivilDate date) {
  switch (site) {
    case Site::kPortal:
      return date < kPortalColumnFrom ? Generation::kPortalTrs : Generation::kPortalColumn;
    case Site::kTrading:
      return date < kYgpFrom ? Generation::kSgjyzx : Generation::kYgp;
    case Site::kProcurement:
      return date < kFreecmsFrom ? Generation::kGdgpo : date < kGpcmsFrom ? Generation::kFreecms : Generation::kGpcms;
    case Site::kCredit:
      return Generation::kCreditSite;
  }
  return Generation::kGpcms;
}

const char* DomainName(Domain domain) {
  switch (domain) {
    case Domain::kProcurement:
      return "procurement";
    case Domain::kConstruction:
      return "construction";
    case Domain::kLand:
      return "land";
    case Domain::kStateProperty:
      return "state_property";
    case Domain::kCredit:
      return "credit";
    case Domain::kDisclosure:
      return "disclosure";
  }
  return "";
}

Site DesignatedSite(Domain domain) {
  switch (domain) {
    case Domain::kProcurement:
      return Site::kProcurement;
    case Domain::kCredit:
      return Site::kCredit;
    case Domain::kDisclosure:
      return Site::kPortal;
    default:
      return Site::kTrading;
  }
}

const char* NoticeKindName(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::kIntention:
      return "intention";
    case NoticeKind::kTender:
      return "tender";
    case NoticeKind::kCorrection:
      return "correction";
    case NoticeKind::kSingleSource:
      return "single_source";
    case NoticeKind::kCandidates:
      return "candidates";
    case NoticeKind::kResult:
      return "award";
    case NoticeKind::kContract:
      return "contract";
    case NoticeKind::kTermination:
      return "termination";
    case NoticeKind::kAcceptance:
      return "acceptance";
    case NoticeKind::kLicence:
      return "licence";
    case NoticeKind::kPenalty:
      return "penalty";
    case NoticeKind::kBlacklisting:
      return "blacklisting";
    case NoticeKind::kPlan:
      return "plan";
    case NoticeKind::kAnnualReport:
      return "annual_report";
  }
  return "";
}

const char* FindingKindName(FindingKind kind) {
  static constexpr const char* kNames[kFindingKindCount] = {
      "award_missing",      "award_late",         "contract_missing",   "contract_late",
      "tender_missing",     "candidates_missing", "amount_mismatch",    "supplier_mismatch",
      "cross_site_missing", "penalty_late",       "blacklisted_winner", "notice_changed",
      "notice_removed",     "field_missing",      "plan_missing",       "annual_report_missing",
  };
  return kNames[static_cast<int>(kind)];
}

bool IsVisible(const Notice& notice, CivilDate as_of) {
  return notice.published <= as_of && !(notice.removed && *notice.removed <= as_of);
}

std::string NoticeTime(const Notice& notice) {
  char text[24];
  std::snprintf(text, sizeof text, "%s %02d:%02d:%02d", notice.published.Iso().c_str(), notice.second_of_day / 3600,
                notice.second_of_day / 60 % 60, notice.second_of_day % 60);
  return text;
}

int64_t Project::BudgetFen() const {
  int64_t total = 0;
  for (const Lot& lot : lots) total += lot.budget_fen;
  return total;
}

int64_t Project::AwardFen() const {
  int64_t total = 0;
  for (const Lot& lot : lots) total += lot.award_fen;
  return total;
}

}  // namespace gapwatch::sim
