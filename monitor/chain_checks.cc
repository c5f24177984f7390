// The chains of DOMAIN.md: tender → (candidates →) award → contract on a
// project's designated site, each link against its deadline; and the links a
// result cannot stand without (tender_missing, candidates_missing).
#include <algorithm>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "monitor/check_support.h"
#include "monitor/deadlines.h"

namespace gapwatch::checks {
namespace {

using Notices = std::vector<const NoticeWithEvidence*>;
using NoticesOfCode = std::span<const NoticeWithEvidence* const>;  // NoticesByCode::at

// What the chain checks know about a project: its designated site's notices
// for the links, every site's for the tender.
struct Chain {
  Chain(const Project& project, NoticesOfCode everywhere) {
    for (const auto* item : everywhere) {
      const std::string_view kind = item->notice.kind;
      if (kind == "tender" || kind == "correction") {
        tendered = tendered || kind == "tender";
        tender_notices.push_back(item);
      } else if (kind == "single_source") {
        single_source = true;
      }
    }
    for (const auto* item : project.notices) {
      const std::string_view kind = item->notice.kind;
      if (kind == "candidates" && !candidates) {
        candidates = item;
      } else if (kind == "award" && !award) {
        award = item;
      } else if (kind == "contract" && !contract) {
        contract = item;
      }
    }
  }

  // EB-06: a candidates publicity counts only when published before the result (the day before at the latest).
  bool CandidatesBeforeAward() const {
    return candidates && (!award || *PublicationDate(*candidates) < *PublicationDate(*award));
  }

  bool tendered = false;                           // a tender notice on any site
  bool single_source = false;                      // single-source publicity (GP-10) on any site: no tender is due
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

  void Check(const Project& project, NoticesOfCode everywhere) {
    const Chain chain(project, everywhere);
    // The deadlines as data/rules.yaml sets them; `gapwatch explain` and the scorecards read the same.
    for (const Deadline& deadline : ChainDeadlines(project, everywhere, input_.as_of, input_.rules, input_.calendar)) {
      if (deadline.status == "on_time" || deadline.status == "pending") continue;
      Finding finding =
          NewFinding(*deadline.rule, DesignatedSite(project.domain), project.code, deadline.expected_notice);
      if (deadline.due) finding.due = deadline.due->ToString();
      finding.overdue_working_days = deadline.overdue_working_days;
      // The finding stays, with no invented number.
      if (deadline.status == "calendar_unknown") {
        MarkCalendarUnknown(finding, input_.calendar, deadline.start, deadline.published.value_or(input_.as_of));
      }
      Add(std::move(finding), project,
          deadline.expected_notice == "award" ? AwardEvidence(chain) : ContractEvidence(chain));
    }
    CheckTender(project, chain);
    if (project.domain != "procurement") CheckCandidates(project, chain);
  }

 private:
  // The result and the candidates publicity that counts, then the tenders and
  // corrections; without a result, the tenders and then the publicity.
  static Notices AwardEvidence(const Chain& chain) {
    Notices evidence;
    if (chain.award) evidence.push_back(chain.award);
    if (chain.award && chain.CandidatesBeforeAward()) evidence.push_back(chain.candidates);
    evidence.insert(evidence.end(), chain.tender_notices.begin(), chain.tender_notices.end());
    if (!chain.award && chain.candidates) evidence.push_back(chain.candidates);
    return evidence;
  }

  // The contract (when out) and the result it follows.
  static Notices ContractEvidence(const Chain& chain) {
    Notices evidence;
    for (const auto* item : {chain.contract, chain.award}) {
      if (item) evidence.push_back(item);
    }
    return evidence;
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
  ChainChecker checker(input, findings);
  for (const Project& project : input.projects) {
    if (project.domain == "procurement" || project.domain == "construction") {
      checker.Check(project, input.by_code.at(project.code));
    }
  }
}

}  // namespace gapwatch::checks
