// The chains of DOMAIN.md: tender → (candidates →) award → contract on a
// project's designated site, each link against its deadline; and the links a
// result cannot stand without (tender_missing, candidates_missing).
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "monitor/check_support.h"

namespace gapwatch::checks {
namespace {

using Notices = std::vector<const NoticeWithEvidence*>;

// Publication order across sites: by date, then the site's full timestamp, then URL.
bool PublishedBefore(const NoticeWithEvidence* a, const NoticeWithEvidence* b) {
  const auto order = [](const NoticeWithEvidence* item) {
    return std::make_tuple(PublicationDate(*item).value_or(Date{}), item->notice.published.value_or(""),
                           item->notice.url);
  };
  return order(a) < order(b);
}

// Every standing notice of every site (copies included) by canonical code, in publication order:
// a tender or an opening counts wherever it stands; only deadlines bind the designated site.
std::map<std::string, Notices> NoticesEverywhere(const Notices& standing) {
  std::map<std::string, Notices> by_code;
  for (const auto* item : standing) {
    std::string code = CanonicalCode(item->notice.project_code);
    if (!code.empty()) by_code[std::move(code)].push_back(item);
  }
  for (auto& [code, notices] : by_code) std::stable_sort(notices.begin(), notices.end(), PublishedBefore);
  return by_code;
}

// What the chain checks know about a project: its designated site's notices
// for the links and their deadlines, every site's for the tender and the opening.
struct Chain {
  Chain(const Project& project, const Notices& everywhere) {
    for (const auto* item : everywhere) {
      const std::string& kind = item->notice.kind;
      if (kind == "tender" || kind == "correction") {
        tendered = tendered || kind == "tender";
        tender_notices.push_back(item);
        // The latest notice stating an opening wins: corrections move it.
        if (const auto stated = DateOf(item->notice.opening)) opening = stated;
      } else if (kind == "single_source") {
        single_source = true;
      }
    }
    for (const auto* item : project.notices) {
      const std::string& kind = item->notice.kind;
      if (kind == "candidates" && !candidates) {
        candidates = item;
      } else if (kind == "award" && !award) {
        award = item;
      } else if (kind == "contract" && !contract) {
        contract = item;
      } else if (kind == "termination") {
        terminated = true;
      }
    }
  }

  // EB-06: a candidates publicity counts only when published before the result (the day before at the latest).
  bool CandidatesBeforeAward() const {
    return candidates && (!award || *PublicationDate(*candidates) < *PublicationDate(*award));
  }

  bool tendered = false;       // a tender notice on any site
  bool single_source = false;  // single-source publicity (GP-10) on any site: no tender is due
  bool terminated = false;
  std::optional<Date> opening;
  Notices tender_notices;                          // tenders and corrections, every site
  const NoticeWithEvidence* candidates = nullptr;  // the first published
  const NoticeWithEvidence* award = nullptr;       // the first published
  const NoticeWithEvidence* contract = nullptr;    // the first published
};

class ChainChecker {
 public:
  ChainChecker(const CheckInput& input, std::vector<Finding>& findings)
      : input_(input),
        findings_(findings),
        holds_every_tender_site_(input.Holds("procurement") && input.Holds("trading")) {}

  void Check(const Project& project, const Notices& everywhere) {
    const Chain chain(project, everywhere);
    const bool procurement = project.domain == "procurement";
    const std::optional<Clock> award_clock = procurement ? ProcurementAwardClock(chain) : WorksAwardClock(chain);
    CheckAward(project, chain, award_clock);
    std::optional<Clock> contract_clock;
    if (chain.award) {
      // Signing within 30 days of the award (GP-14 / EB-09), then GP-15's 2 WD or GI-01's 20 WD.
      contract_clock = Clock{*PublicationDate(*chain.award), 30, procurement ? 2 : 20};
    }
    if (procurement && chain.contract) {
      if (const auto signed_on = DateOf(chain.contract->notice.signed_on)) contract_clock = Clock{*signed_on, 0, 2};
    }
    CheckContract(project, chain, contract_clock);
    CheckTender(project, chain);
    if (!procurement) CheckCandidates(project, chain);
  }

 private:
  static std::optional<Clock> ProcurementAwardClock(const Chain& chain) {
    if (chain.award) {
      if (const auto decided = DateOf(chain.award->notice.decided)) return Clock{*decided, 0, 2};  // GP-12
    }
    // GP-11 bound: evaluation report 2 WD + decision 5 WD + result notice 2 WD.
    if (chain.opening) return Clock{*chain.opening, 0, 9};
    return std::nullopt;
  }

  // EB-06 + GI-01: the 3-day candidates publicity, else the 3 days to publish the
  // candidates after the opening and their 3 days of publicity; then 20 WD.
  static std::optional<Clock> WorksAwardClock(const Chain& chain) {
    if (chain.CandidatesBeforeAward()) return Clock{*PublicationDate(*chain.candidates), 3, 20};
    if (chain.opening) return Clock{*chain.opening, 6, 20};
    return std::nullopt;
  }

  void CheckAward(const Project& project, const Chain& chain, const std::optional<Clock>& clock) {
    if (!clock) return;
    if (!chain.award) {
      if (!chain.tendered || chain.terminated) return;
      Notices evidence = chain.tender_notices;
      if (chain.candidates) evidence.push_back(chain.candidates);
      Raise("award_missing", "award", project, *clock, input_.as_of, evidence);
      return;
    }
    Notices evidence = {chain.award};
    if (chain.CandidatesBeforeAward()) evidence.push_back(chain.candidates);
    evidence.insert(evidence.end(), chain.tender_notices.begin(), chain.tender_notices.end());
    Raise("award_late", "award", project, *clock, *PublicationDate(*chain.award), evidence);
  }

  void CheckContract(const Project& project, const Chain& chain, const std::optional<Clock>& clock) {
    if (!clock) return;
    if (!chain.contract) {
      if (!chain.award || chain.terminated) return;
      Raise("contract_missing", "contract", project, *clock, input_.as_of, {chain.award});
      return;
    }
    Notices evidence = {chain.contract};
    if (chain.award) evidence.push_back(chain.award);
    Raise("contract_late", "contract", project, *clock, *PublicationDate(*chain.contract), evidence);
  }

  // GP-02 / EB-01: a result or contract with no tender notice on any site. Single-source
  // procurement has its own publicity (GP-10) instead.
  void CheckTender(const Project& project, const Chain& chain) {
    if (chain.tendered || chain.single_source || !holds_every_tender_site_) return;
    Notices evidence;
    for (const auto* item : {chain.award, chain.contract}) {
      if (item) evidence.push_back(item);
    }
    if (evidence.empty()) return;
    RaiseWithoutDue("tender_missing", "tender", project, evidence);
  }

  // EB-06: the winning candidates are published before the result.
  void CheckCandidates(const Project& project, const Chain& chain) {
    if (!chain.award || chain.CandidatesBeforeAward()) return;
    RaiseWithoutDue("candidates_missing", "candidates", project, {chain.award});
  }

  // Raises `kind` when `reference` (as_of for a missing notice, the
  // publication for a late one) is after the clock's due date.
  void Raise(const std::string& kind, const std::string& expected_notice, const Project& project, const Clock& clock,
             Date reference, const Notices& evidence) {
    if (!input_.rules.Has(kind, project.domain)) return;  // a rule book without it checks nothing of it
    const Rule& rule = input_.rules.For(kind, project.domain);
    std::optional<Finding> finding =
        Overdue(input_, rule, DesignatedSite(project.domain), project.code, expected_notice, clock, reference);
    if (finding) Add(std::move(*finding), project, evidence);
  }

  // A finding with no due date, judged on the first evidence notice's publication
  // against the rule's valid_from.
  void RaiseWithoutDue(const std::string& kind, const std::string& expected_notice, const Project& project,
                       const Notices& evidence) {
    if (!input_.rules.Has(kind, project.domain)) return;
    const Rule& rule = input_.rules.For(kind, project.domain);
    if (*PublicationDate(*evidence.front()) < rule.valid_from) return;
    Add(NewFinding(rule, DesignatedSite(project.domain), project.code, expected_notice), project, evidence);
  }

  void Add(Finding finding, const Project& project, const Notices& evidence) {
    finding.project_title = project.title;
    finding.buyer = project.buyer;
    for (const auto* item : evidence) finding.evidence.push_back(EvidenceOf(*item));
    findings_.push_back(std::move(finding));
  }

  const CheckInput& input_;
  std::vector<Finding>& findings_;
  // A tender may stand on either site: "none on any site" needs both crawled.
  bool holds_every_tender_site_;
};

}  // namespace

void CheckChains(const CheckInput& input, std::vector<Finding>& findings) {
  const std::map<std::string, Notices> everywhere = NoticesEverywhere(input.standing);
  ChainChecker checker(input, findings);
  for (const Project& project : input.projects) {
    if (project.domain == "procurement" || project.domain == "construction") {
      checker.Check(project, everywhere.at(project.code));
    }
  }
}

}  // namespace gapwatch::checks
