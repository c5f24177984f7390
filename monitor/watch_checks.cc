// Watchdog signals (notice_changed, notice_removed): what two captures of a
// notice show that one cannot. Not breaches by themselves (DOMAIN.md).
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "monitor/check_support.h"

namespace gapwatch::checks {
namespace {

// The capture as evidence about `item`: its kind and publication, the capture's own URL, time and hash.
Evidence About(const NoticeWithEvidence& item, const Evidence& capture) {
  Evidence evidence = EvidenceOf(item);
  evidence.url = capture.url;
  evidence.captured_at = capture.captured_at;
  evidence.sha256 = capture.sha256;
  return evidence;
}

// One finding per (kind, site, subject); a second notice of the same subject adds its evidence.
class Signals {
 public:
  explicit Signals(const CheckInput& input) : input_(input) {}

  void Add(const std::string& kind, const NoticeWithEvidence& item, std::vector<Evidence> evidence) {
    const HeldNotice& notice = item.notice;
    // A notice without a project code is its own subject.
    const std::string code = CanonicalCode(notice.project_code);
    const std::string subject = code.empty() ? notice.url : code;
    Finding& finding = by_key_[{kind, notice.site, subject}];
    if (finding.id.empty()) {
      finding = NewFinding(input_.rules.For(kind, notice.domain), notice.site, subject, kind);
      finding.domain = notice.domain;
      finding.project_title = ProjectTitle(notice.title);
      finding.buyer = notice.buyer;
    }
    for (Evidence& entry : evidence) finding.evidence.push_back(std::move(entry));
  }

  void AppendTo(std::vector<Finding>& findings) {
    for (auto& [key, finding] : by_key_) findings.push_back(std::move(finding));
  }

 private:
  const CheckInput& input_;
  std::map<std::tuple<std::string, std::string, std::string>, Finding> by_key_;
};

}  // namespace

// notice_changed: the notice showed two or more contents (its body text, not
// merely its bytes); the evidence is the first capture of each. notice_removed:
// a later capture shows it gone; the evidence is the last capture showing it,
// then the one showing it gone. Captures are taken as they come: their times
// are the crawler's clock, which a check of an earlier as_of need not share.
void CheckWatch(const CheckInput& input, std::vector<Finding>& findings) {
  Signals signals(input);
  for (const auto& [standing, history] : input.histories) {
    const NoticeWithEvidence& item = *standing;
    if (history->contents.size() >= 2) {
      std::vector<Evidence> contents;
      for (const Evidence& capture : history->contents) contents.push_back(About(item, capture));
      signals.Add("notice_changed", item, std::move(contents));
    }
    if (history->gone) {
      signals.Add("notice_removed", item, {EvidenceOf(item), About(item, *history->gone)});
    }
  }
  signals.AppendTo(findings);
}

}  // namespace gapwatch::checks
