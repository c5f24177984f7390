#include "monitor/matcher.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "monitor/check_support.h"
#include "parsers/identifiers.h"
#include "parsers/normalise.h"
#include "parsers/utf8.h"

namespace gapwatch {
namespace {

using checks::CanonicalCode;
using checks::ProjectTitle;
using checks::PublicationDate;

bool IsChainKind(const std::string& kind) {
  return kind == "tender" || kind == "correction" || kind == "candidates" || kind == "award" || kind == "contract" ||
         kind == "termination";
}

// A title's character bigrams, sorted and unique: letters, digits and CJK
// only, so that brackets, spaces and punctuation of either width do not count.
using Bigram = std::uint64_t;

std::vector<Bigram> Bigrams(const std::string& title) {
  const std::string folded = FoldFullWidth(ProjectTitle(title));
  std::vector<char32_t> characters;
  for (std::size_t pos = 0; pos < folded.size();) {
    const utf8::CodePoint cp = utf8::Decode(folded, pos);
    pos += cp.length;
    const char32_t c = cp.value;
    const bool ascii_word = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (cp.valid && (ascii_word || (c >= 0x3400 && c <= 0x9FFF))) characters.push_back(c);
  }
  std::vector<Bigram> bigrams;
  for (std::size_t i = 0; i + 1 < characters.size(); ++i) {
    bigrams.push_back((static_cast<Bigram>(characters[i]) << 32) | characters[i + 1]);
  }
  std::sort(bigrams.begin(), bigrams.end());
  bigrams.erase(std::unique(bigrams.begin(), bigrams.end()), bigrams.end());
  return bigrams;
}

// The runs of digits in a project title (years, lot and batch numbers): two
// titles that differ in them name different projects, however alike the rest.
std::vector<std::string> Numbers(const std::string& title) {
  std::vector<std::string> numbers;
  std::string run;
  for (const char c : FoldFullWidth(ProjectTitle(title)) + " ") {
    if (c >= '0' && c <= '9') {
      run += c;
    } else if (!run.empty()) {
      numbers.push_back(std::move(run));
      run.clear();
    }
  }
  return numbers;
}

double Dice(const std::vector<Bigram>& a, const std::vector<Bigram>& b) {
  if (a.empty() || b.empty()) return 0;
  std::size_t shared = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      ++shared, ++i, ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return 2.0 * static_cast<double>(shared) / static_cast<double>(a.size() + b.size());
}

// The first non-empty value of `field` among tenders, else among all notices.
std::string FromTenderElseFirst(const std::vector<const NoticeWithEvidence*>& notices, std::string Notice::*field) {
  for (const bool tenders_only : {true, false}) {
    for (const auto* item : notices) {
      if ((!tenders_only || item->notice.kind == "tender") && !(item->notice.*field).empty()) {
        return item->notice.*field;
      }
    }
  }
  return "";
}

void Finish(Project& project) {
  // Undated notices last; same day by full timestamp, then URL, so the order never depends on input order.
  const auto order = [](const NoticeWithEvidence* item) {
    const auto date = PublicationDate(*item);
    return std::make_tuple(!date.has_value(), date.value_or(Date{}), item->notice.published.value_or(""),
                           item->notice.url);
  };
  std::stable_sort(project.notices.begin(), project.notices.end(),
                   [&](const auto* a, const auto* b) { return order(a) < order(b); });
  project.title = ProjectTitle(FromTenderElseFirst(project.notices, &Notice::title));
  project.buyer = FromTenderElseFirst(project.notices, &Notice::buyer);
  project.domain = FromTenderElseFirst(project.notices, &Notice::domain);
}

// The projects a code-less notice may join, found through the rarest of its
// bigrams (prefix filtering: a title with Dice ≥ t to the notice's shares at
// least ⌈t·|A|/(2−t)⌉ of its |A| bigrams, so one of its |A| − that + 1 rarest).
class TitleIndex {
 public:
  TitleIndex(const std::vector<Project>& projects, double threshold) : threshold_(threshold) {
    titles_.reserve(projects.size());
    for (std::size_t i = 0; i < projects.size(); ++i) {
      titles_.push_back(Bigrams(projects[i].title));
      for (const Bigram bigram : titles_.back()) postings_[bigram].push_back(i);
    }
  }

  // The most similar project and its Dice coefficient; nullopt when none reaches the threshold.
  template <typename Allowed>
  std::optional<std::pair<std::size_t, double>> Best(const std::vector<Bigram>& title, Allowed allowed) const {
    if (title.empty()) return std::nullopt;
    std::vector<Bigram> by_rarity = title;
    std::sort(by_rarity.begin(), by_rarity.end(), [&](Bigram a, Bigram b) { return Frequency(a) < Frequency(b); });
    const auto overlap =
        static_cast<std::size_t>(std::ceil(threshold_ * static_cast<double>(title.size()) / (2.0 - threshold_) - 1e-9));
    const std::size_t prefix = title.size() - std::min(title.size(), overlap) + 1;
    std::optional<std::pair<std::size_t, double>> best;
    std::vector<std::size_t> seen;
    for (std::size_t i = 0; i < std::min(prefix, by_rarity.size()); ++i) {
      const auto posting = postings_.find(by_rarity[i]);
      if (posting == postings_.end()) continue;
      for (const std::size_t project : posting->second) {
        seen.push_back(project);
      }
    }
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (const std::size_t project : seen) {
      if (!allowed(project)) continue;
      const double dice = Dice(title, titles_[project]);
      // Ties go to the lower index (the smaller code), so the result never depends on input order.
      if (dice >= threshold_ && (!best || dice > best->second)) best = {project, dice};
    }
    return best;
  }

 private:
  std::size_t Frequency(Bigram bigram) const {
    const auto posting = postings_.find(bigram);
    return posting == postings_.end() ? 0 : posting->second.size();
  }

  double threshold_;
  std::vector<std::vector<Bigram>> titles_;
  std::unordered_map<Bigram, std::vector<std::size_t>> postings_;
};

}  // namespace

double TitleSimilarity(const std::string& a, const std::string& b) { return Dice(Bigrams(a), Bigrams(b)); }

ProjectMatching MatchDesignated(const std::vector<NoticeWithEvidence>& notices, Date as_of) {
  std::vector<const NoticeWithEvidence*> designated = checks::Standing(notices, as_of);
  std::erase_if(designated, [](const NoticeWithEvidence* item) {
    return item->notice.site != DesignatedSite(item->notice.domain);
  });
  return MatchProjects(designated);
}

ProjectMatching MatchProjects(const std::vector<const NoticeWithEvidence*>& notices, double threshold) {
  std::map<std::string, Project> by_code;
  std::vector<const NoticeWithEvidence*> codeless;
  for (const auto* item : notices) {
    std::string code = CanonicalCode(item->notice.project_code);
    if (code.empty()) {
      if (IsChainKind(item->notice.kind)) codeless.push_back(item);
      continue;
    }
    Project& project = by_code[code];
    project.code = std::move(code);
    project.notices.push_back(item);
  }
  ProjectMatching matching;
  for (auto& [code, project] : by_code) {
    Finish(project);
    matching.projects.push_back(std::move(project));
  }

  const TitleIndex index(matching.projects, threshold);
  std::vector<std::vector<const NoticeWithEvidence*>> joined(matching.projects.size());
  for (const NoticeWithEvidence* item : codeless) {
    // Only projects of the notice's site and domain that had begun by its publication.
    const std::optional<Date> published = PublicationDate(*item);
    const auto allowed = [&](std::size_t i) {
      const NoticeWithEvidence* first = matching.projects[i].notices.front();
      const std::optional<Date> started = PublicationDate(*first);
      return matching.projects[i].domain == item->notice.domain && first->notice.site == item->notice.site &&
             (!started || !published || *started <= *published);
    };
    TitleMatch match{item, "", 0};
    if (const auto best = index.Best(Bigrams(item->notice.title), allowed)) {
      const Project& project = matching.projects[best->first];
      const std::string buyer = CanonicalPartyName(item->notice.buyer);
      const bool buyers_differ = !buyer.empty() && !project.buyer.empty() && buyer != CanonicalPartyName(project.buyer);
      const bool numbers_differ = Numbers(item->notice.title) != Numbers(project.title);
      match.project_code = project.code;
      match.confidence = best->second * (buyers_differ ? 0.8 : 1.0) * (numbers_differ ? 0.5 : 1.0);
      if (match.confidence >= threshold) {
        joined[best->first].push_back(item);
        matching.matched.push_back(match);
        continue;
      }
    }
    matching.for_review.push_back(match);
  }
  for (std::size_t i = 0; i < joined.size(); ++i) {
    if (joined[i].empty()) continue;
    Project& project = matching.projects[i];
    project.notices.insert(project.notices.end(), joined[i].begin(), joined[i].end());
    Finish(project);
  }
  return matching;
}

}  // namespace gapwatch
