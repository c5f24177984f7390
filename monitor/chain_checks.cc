// The chains of DOMAIN.md: tender → award → contract on a project's
// designated site, each link against its deadline.
#include <optional>
#include <string>
#include <vector>

#include "monitor/check_support.h"

namespace gapwatch::checks {
namespace {

// What the chain check knows about a project, from its notices in publication order.
struct ProcurementChain {
  explicit ProcurementChain(const Project& project) {
    for (const auto* item : project.notices) {
      const std::string& kind = item->notice.kind;
      if (kind == "tender" || kind == "correction") {
        has_tender = has_tender || kind == "tender";
        tender_notices.push_back(item);
        // The latest notice stating an opening wins: corrections move it.
        if (const auto stated = DateOf(item->notice.opening)) opening = stated;
      } else if (kind == "award" && !award) {
        award = item;
      } else if (kind == "contract" && !contract) {
        contract = item;
      } else if (kind == "termination") {
        terminated = true;
      }
    }
  }

  bool has_tender = false;
  bool terminated = false;
  std::optional<Date> opening;
  std::vector<const NoticeWithEvidence*> tender_notices;  // tenders and corrections
  const NoticeWithEvidence* award = nullptr;              // the first published
  const NoticeWithEvidence* contract = nullptr;           // the first published
};

class ChainChecker {
 public:
  ChainChecker(const CheckInput& input, std::vector<Finding>& findings) : input_(input), findings_(findings) {}

  void Check(const Project& project) {
    const ProcurementChain chain(project);
    CheckAward(project, chain, input_.as_of);
    CheckContract(project, chain, input_.as_of);
  }

 private:
  void CheckAward(const Project& project, const ProcurementChain& chain, Date as_of) {
    std::optional<Clock> clock;
    // GP-11 bound: evaluation report 2 WD + decision 5 WD + result notice 2 WD.
    if (chain.opening) clock = Clock{*chain.opening, 0, 9};
    if (!chain.award) {
      if (!chain.has_tender || chain.terminated || !clock) return;
      Raise("award_missing", "award", project, *clock, as_of, chain.tender_notices);
      return;
    }
    if (const auto decided = DateOf(chain.award->notice.decided)) clock = Clock{*decided, 0, 2};  // GP-12
    if (!clock) return;
    std::vector<const NoticeWithEvidence*> evidence = {chain.award};
    evidence.insert(evidence.end(), chain.tender_notices.begin(), chain.tender_notices.end());
    Raise("award_late", "award", project, *clock, *PublicationDate(*chain.award), evidence);
  }

  void CheckContract(const Project& project, const ProcurementChain& chain, Date as_of) {
    // GP-14 bound: signing within 30 days of the award, then GP-15's 2 WD.
    std::optional<Clock> from_award;
    if (chain.award) from_award = Clock{*PublicationDate(*chain.award), 30, 2};
    if (!chain.contract) {
      if (!from_award || chain.terminated) return;
      Raise("contract_missing", "contract", project, *from_award, as_of, {chain.award});
      return;
    }
    std::optional<Clock> clock = from_award;
    if (const auto signed_on = DateOf(chain.contract->notice.signed_on)) clock = Clock{*signed_on, 0, 2};  // GP-15
    if (!clock) return;
    std::vector<const NoticeWithEvidence*> evidence = {chain.contract};
    if (chain.award) evidence.push_back(chain.award);
    Raise("contract_late", "contract", project, *clock, *PublicationDate(*chain.contract), evidence);
  }

  // Raises `kind` when `reference` (as_of for a missing notice, the
  // publication for a late one) is after the clock's due date.
  void Raise(const std::string& kind, const std::string& expected_notice, const Project& project, const Clock& clock,
             Date reference, const std::vector<const NoticeWithEvidence*>& evidence) {
    const Rule& rule = input_.rules.For(kind, project.domain);
    std::optional<Finding> finding =
        Overdue(input_, rule, DesignatedSite(project.domain), project.code, expected_notice, clock, reference);
    if (!finding) return;
    finding->project_title = project.title;
    finding->buyer = project.buyer;
    for (const auto* item : evidence) finding->evidence.push_back(EvidenceOf(*item));
    findings_.push_back(std::move(*finding));
  }

  const CheckInput& input_;
  std::vector<Finding>& findings_;
};

}  // namespace

void CheckChains(const CheckInput& input, std::vector<Finding>& findings) {
  ChainChecker checker(input, findings);
  for (const Project& project : input.projects) {
    if (project.domain == "procurement") checker.Check(project);
  }
}

}  // namespace gapwatch::checks
