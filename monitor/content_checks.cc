// Content completeness (field_missing): what a notice of each kind must state.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "monitor/check_support.h"

namespace gapwatch::checks {

// field_missing: one finding per site and subject, its evidence the notices
// that lack mandatory contents, each missing item with the rule requiring it.
// A domain without a field_missing rule in data/rules.yaml raises nothing.
void CheckContents(const CheckInput& input, std::vector<Finding>& findings) {
  const RuleBook& rules = input.rules;
  std::map<std::pair<std::string, std::string>, Finding> by_subject;  // (site, subject)
  for (const NoticeWithEvidence* item : input.standing) {
    if (item->notice.site != DesignatedSite(item->notice.domain)) continue;
    const HeldNotice& notice = item->notice;
    if (notice.fields_missing.empty() || !rules.Has("field_missing", notice.domain, notice.kind)) continue;
    const Rule& rule = rules.For("field_missing", notice.domain, notice.kind);
    const std::optional<Date> published = PublicationDate(*item);
    if (published && *published < rule.valid_from) continue;
    // A notice without a project code (an intention) is its own subject.
    const std::string code = CanonicalCode(notice.project_code);
    const std::string subject = code.empty() ? notice.url : code;
    Finding& finding = by_subject[{notice.site, subject}];
    if (finding.id.empty()) {
      finding = NewFinding(rule, notice.site, subject, "field_missing");
      finding.domain = notice.domain;
      finding.project_title = ProjectTitle(notice.title);
      finding.buyer = notice.buyer;
    }
    Evidence evidence = EvidenceOf(*item);
    for (const std::string& missing : notice.fields_missing) evidence.missing.push_back({missing, rule.id});
    finding.evidence.push_back(std::move(evidence));
  }
  for (auto& [key, finding] : by_subject) findings.push_back(std::move(finding));
}

}  // namespace gapwatch::checks
