// Consistency between notices that must agree: a contract against its award
// (amount_mismatch, supplier_mismatch: GP-14 / EB-09) and a procurement notice
// on the trading platform against the procurement site (cross_site_missing: GP-22).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "monitor/check_support.h"
#include "parsers/identifiers.h"
#include "parsers/normalise.h"

namespace gapwatch::checks {
namespace {

// An amount in 元 written as an exact decimal ("1420000.00", "1", "0.5"), in
// fen: integers keep the comparison exact. nullopt for anything else (a sign,
// more than two decimals, no digits, more than int64 holds).
std::optional<std::int64_t> Fen(std::string_view yuan) {
  const auto point = yuan.find('.');
  const std::string_view whole = yuan.substr(0, point);
  const std::string_view decimals = point == std::string_view::npos ? "" : yuan.substr(point + 1);
  if ((whole.empty() && decimals.empty()) || decimals.size() > 2) return std::nullopt;
  std::int64_t fen = 0;
  const auto append = [&fen](char digit) {
    if (digit < '0' || digit > '9' || fen > (std::numeric_limits<std::int64_t>::max() - 9) / 10) return false;
    fen = fen * 10 + (digit - '0');
    return true;
  };
  for (const char digit : whole) {
    if (!append(digit)) return std::nullopt;
  }
  for (std::size_t i = 0; i < 2; ++i) {
    if (!append(i < decimals.size() ? decimals[i] : '0')) return std::nullopt;
  }
  return fen;
}

// Lot names as sites print them differ in width only ("包1：" and "包1:").
std::string LotKey(std::string_view name) { return NormaliseText(name); }

// What a contract must agree with: the award lots it covers (those it names,
// else all of them) and what was awarded for them.
struct Awarded {
  std::optional<std::string> amount_yuan;  // nullopt when the award does not state it
  std::set<std::string> suppliers;         // canonical names
};

// nullopt when the contract names a lot the award does not have: nothing to compare it with.
std::optional<Awarded> AwardedFor(const HeldNotice& award, const HeldNotice& contract,
                                  const PartyNames& canonical_party) {
  std::set<std::string> named;
  for (const Lot& lot : contract.lots) named.insert(LotKey(lot.name));
  std::vector<const Lot*> covered;
  for (const Lot& lot : award.lots) {
    if (named.empty() || named.contains(LotKey(lot.name))) covered.push_back(&lot);
  }
  if (covered.size() < named.size()) return std::nullopt;

  Awarded awarded;
  // The sum over the covered lots (DOMAIN.md); the award's total when its lots state no amounts.
  const bool lots_state_amounts =
      !covered.empty() && std::all_of(covered.begin(), covered.end(), [](const Lot* lot) { return lot->amount_yuan; });
  if (lots_state_amounts) {
    awarded.amount_yuan = *covered.front()->amount_yuan;
    for (auto lot = covered.begin() + 1; lot != covered.end(); ++lot) {
      awarded.amount_yuan = AddMoney(*awarded.amount_yuan, *(*lot)->amount_yuan);
    }
  } else if (named.empty()) {
    awarded.amount_yuan = award.amount_yuan;
  }
  for (const Lot* lot : covered) {
    if (!lot->supplier.empty()) awarded.suppliers.insert(canonical_party(lot->supplier));
  }
  if (named.empty() && !award.supplier.empty()) awarded.suppliers.insert(canonical_party(award.supplier));
  return awarded;
}

// Whether contracts naming no lot can each be compared with the whole award:
// a single one, or one per lot. Otherwise a lot's contract may still be to
// come, and the award's sum is no measure of those standing.
bool UnnamedContractsCoverTheAward(const NoticeWithEvidence& award,
                                   const std::vector<const NoticeWithEvidence*>& contracts) {
  const auto naming_none = std::ranges::count_if(
      contracts, [](const NoticeWithEvidence* contract) { return contract->notice.lots.empty(); });
  return naming_none == 1 || std::cmp_equal(naming_none, std::max<std::size_t>(1, award.notice.lots.size()));
}

class ContractChecker {
 public:
  ContractChecker(const CheckInput& input, std::vector<Finding>& findings)
      : input_(input), findings_(findings), tolerance_fen_(Tolerance(input.options)) {}

  void Check(const Project& project) {
    const NoticeWithEvidence* award = nullptr;  // the first published, as the chain check reads it
    std::vector<const NoticeWithEvidence*> contracts;
    for (const auto* item : project.notices) {
      if (item->notice.kind == "award" && !award) award = item;
      if (item->notice.kind == "contract") contracts.push_back(item);
    }
    if (!award || contracts.empty()) return;
    const bool unnamed_cover_award = UnnamedContractsCoverTheAward(*award, contracts);

    std::vector<const NoticeWithEvidence*> amount_differs, supplier_differs;
    for (const auto* contract : contracts) {
      const std::optional<Awarded> awarded = AwardedFor(award->notice, contract->notice, input_.canonical_party);
      if (!awarded) continue;
      const bool comparable = !contract->notice.lots.empty() || unnamed_cover_award;
      if (comparable && AmountDiffers(*awarded, contract->notice)) amount_differs.push_back(contract);
      if (SupplierDiffers(*awarded, contract->notice, input_.canonical_party)) supplier_differs.push_back(contract);
    }
    Raise("amount_mismatch", project, *award, amount_differs);
    Raise("supplier_mismatch", project, *award, supplier_differs);
  }

 private:
  static std::int64_t Tolerance(const CheckOptions& options) {
    const auto fen = Fen(options.amount_tolerance_yuan);
    if (!fen) throw std::invalid_argument("amount tolerance is not an amount in 元: " + options.amount_tolerance_yuan);
    return *fen;
  }

  // Either side unstated raises nothing here: field_missing reports the gap.
  bool AmountDiffers(const Awarded& awarded, const HeldNotice& contract) const {
    if (!awarded.amount_yuan || !contract.amount_yuan) return false;
    const auto awarded_fen = Fen(*awarded.amount_yuan), contract_fen = Fen(*contract.amount_yuan);
    if (!awarded_fen || !contract_fen) return false;
    const std::int64_t difference =
        *contract_fen > *awarded_fen ? *contract_fen - *awarded_fen : *awarded_fen - *contract_fen;
    return difference > tolerance_fen_;
  }

  // The notices give no 统一社会信用代码 of the supplier (store/records.h has no
  // field for it), so names are compared, canonical: CanonicalPartyName folds
  // full-width brackets, which is how one company's name is spelled two ways.
  static bool SupplierDiffers(const Awarded& awarded, const HeldNotice& contract, const PartyNames& canonical_party) {
    if (awarded.suppliers.empty() || contract.supplier.empty()) return false;
    return !awarded.suppliers.contains(canonical_party(contract.supplier));
  }

  void Raise(const std::string& kind, const Project& project, const NoticeWithEvidence& award,
             const std::vector<const NoticeWithEvidence*>& contracts) {
    if (contracts.empty() || !input_.rules.Has(kind, project.domain)) return;
    const Rule& rule = input_.rules.For(kind, project.domain);
    // A contract published before the rule was in force is not held to it.
    const auto in_force = [&](const NoticeWithEvidence* item) { return *PublicationDate(*item) >= rule.valid_from; };
    if (!std::any_of(contracts.begin(), contracts.end(), in_force)) return;
    Finding finding = NewFinding(rule, DesignatedSite(project.domain), project.code, kind);
    finding.project_title = project.title;
    finding.buyer = project.buyer;
    finding.evidence.push_back(EvidenceOf(award));
    for (const auto* contract : contracts) finding.evidence.push_back(EvidenceOf(*contract));
    findings_.push_back(std::move(finding));
  }

  const CheckInput& input_;
  std::vector<Finding>& findings_;
  const std::int64_t tolerance_fen_;
};

// The notice kinds 财政部令第101号 requires on the procurement site, which the
// trading platform re-posts.
bool IsCopiedKind(const std::string& kind) { return kind == "tender" || kind == "award" || kind == "contract"; }

// cross_site_missing: per project, the procurement notices standing on the
// trading platform whose kind the procurement site does not show (yet). A copy
// counts for the designated project the matcher linked it to (Project::copies:
// by code, or by title where the platform prints its own code), else for its
// own code. One finding per project, due on the earliest overdue copy; the
// copies as evidence.
void CheckCrossSite(const CheckInput& input, std::vector<Finding>& findings) {
  // A rule book without it checks nothing of it; a store without the procurement site cannot tell.
  if (!input.rules.Has("cross_site_missing", "procurement") || !input.Holds("procurement")) return;
  const auto counted = [](const HeldNotice& notice) {
    return notice.domain == "procurement" && notice.site == "trading" && IsCopiedKind(notice.kind);
  };
  // Per code, per kind, the trading copies the procurement site lacks.
  std::map<std::string, std::map<std::string, std::vector<const NoticeWithEvidence*>>> lacking;
  std::set<const NoticeWithEvidence*> linked;  // the counted copies linked to a project
  for (const Project& project : input.projects) {
    for (const Sighting& copy : project.copies) {
      const HeldNotice& notice = copy.item->notice;
      if (!counted(notice)) continue;
      linked.insert(copy.item);
      const bool shown = std::ranges::any_of(
          project.notices, [&](const NoticeWithEvidence* item) { return item->notice.kind == notice.kind; });
      if (!shown) lacking[project.code][notice.kind].push_back(copy.item);
    }
  }
  for (const NoticeWithEvidence* item : input.standing) {
    if (!counted(item->notice) || linked.contains(item)) continue;
    std::string code = CanonicalCode(item->notice.project_code);
    if (!code.empty()) lacking[std::move(code)][item->notice.kind].push_back(item);
  }
  // The projects of the codes lacking a notice (few of the many).
  std::map<std::string_view, const Project*> projects;
  for (const Project& project : input.projects) {
    if (lacking.contains(project.code)) projects[project.code] = &project;
  }

  const Rule& rule = input.rules.For("cross_site_missing", "procurement");
  for (auto& [code, copies_by_kind] : lacking) {
    std::optional<Finding> earliest;
    std::vector<const NoticeWithEvidence*> evidence;
    for (auto& [kind, copies] : copies_by_kind) {
      const NoticeWithEvidence* first =
          *std::ranges::min_element(copies, {}, [](const NoticeWithEvidence* item) { return *PublicationDate(*item); });
      // GP-21: the platform publishes within 1 WD; the procurement site by then too.
      const std::optional<Clock> clock = ClockFor(rule, {{"trading_published", *PublicationDate(*first)}});
      if (!clock) continue;
      std::optional<Finding> finding =
          Overdue(input, rule, "procurement", code, "cross_site_missing", *clock, input.as_of);
      if (!finding) continue;
      evidence.push_back(first);
      if (!earliest || finding->due.value_or("") < earliest->due.value_or("")) earliest = std::move(finding);
    }
    if (!earliest) continue;
    const auto project = projects.find(code);
    const HeldNotice& copy = evidence.front()->notice;
    earliest->project_title = project != projects.end() ? project->second->title : ProjectTitle(copy.title);
    earliest->buyer = project != projects.end() ? project->second->buyer : copy.buyer;
    for (const auto* item : evidence) earliest->evidence.push_back(EvidenceOf(*item));
    findings.push_back(std::move(*earliest));
  }
}

}  // namespace

void CheckConsistency(const CheckInput& input, std::vector<Finding>& findings) {
  ContractChecker contracts(input, findings);
  for (const Project& project : input.projects) {
    if (project.domain == "procurement" || project.domain == "construction") contracts.Check(project);
  }
  CheckCrossSite(input, findings);
}

}  // namespace gapwatch::checks
