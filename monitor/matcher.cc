#include "monitor/matcher.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

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
// Two code points of 21 bits each.
using Bigram = std::uint64_t;

std::vector<Bigram> Bigrams(const std::string& title) {
  const std::string folded = FoldFullWidth(ProjectTitle(title));
  std::vector<Bigram> bigrams;
  char32_t previous = 0;
  for (std::size_t pos = 0; pos < folded.size();) {
    const utf8::CodePoint cp = utf8::Decode(folded, pos);
    pos += cp.length;
    const char32_t c = cp.value;
    const bool ascii_word = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!cp.valid || !(ascii_word || (c >= 0x3400 && c <= 0x9FFF))) continue;
    if (previous != 0) bigrams.push_back((static_cast<Bigram>(previous) << 21) | c);
    previous = c;
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

// Dice; 0 as soon as it cannot reach `at_least` (the merge stops early).
double Dice(const std::vector<Bigram>& a, const std::vector<Bigram>& b, double at_least = 0) {
  if (a.empty() || b.empty()) return 0;
  const auto needed = static_cast<std::size_t>(
      std::max(0.0, std::ceil(at_least * static_cast<double>(a.size() + b.size()) / 2.0 - 1e-9)));
  std::size_t shared = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (shared + std::min(a.size() - i, b.size() - j) < needed) return 0;
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

// Publication order: undated notices last; same day by full timestamp, then
// URL, so the order never depends on input order. Dates parsed once per notice.
template <typename Element, typename ItemOf>
void SortByPublication(std::vector<Element>& elements, ItemOf item_of) {
  using Key = std::tuple<bool, Date, std::string_view, std::string_view>;
  std::vector<std::pair<Key, Element>> keyed;
  keyed.reserve(elements.size());
  for (Element& element : elements) {
    const NoticeWithEvidence& item = *item_of(element);
    const std::optional<Date> date = PublicationDate(item);
    const std::string_view published = item.notice.published ? std::string_view(*item.notice.published) : "";
    keyed.emplace_back(Key{!date.has_value(), date.value_or(Date{}), published, item.notice.url}, std::move(element));
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < keyed.size(); ++i) elements[i] = std::move(keyed[i].second);
}

void Finish(Project& project) {
  SortByPublication(project.notices, [](const NoticeWithEvidence* item) { return item; });
  project.title = ProjectTitle(FromTenderElseFirst(project.notices, &Notice::title));
  project.buyer = FromTenderElseFirst(project.notices, &Notice::buyer);
  project.domain = FromTenderElseFirst(project.notices, &Notice::domain);
}

// Small dense ids for the groups a notice may be matched within (domain and site).
class Groups {
 public:
  std::uint32_t Id(const std::string& domain, const std::string& site) {
    return ids_.try_emplace(domain + '\x1f' + site, static_cast<std::uint32_t>(ids_.size())).first->second;
  }
  std::optional<std::uint32_t> Find(const std::string& domain, const std::string& site) const {
    const auto found = ids_.find(domain + '\x1f' + site);
    return found == ids_.end() ? std::nullopt : std::optional(found->second);
  }

 private:
  std::unordered_map<std::string, std::uint32_t> ids_;
};

// The projects a notice may join. Projects are indexed by distinct title (one
// buyer's many projects often share one), so a title is compared once however
// many projects bear it. Prefix filtering (PPJoin): with every title's bigrams
// ordered rarest first (a global order: frequency among the titles, then
// value), two titles with Dice ≥ t share |A∩B| ≥ ⌈t·|A|/(2−t)⌉ bigrams, so
// their first |A| − that + 1 bigrams meet; only those prefixes are indexed and
// probed. Titles too short or too long to reach t are skipped (t·|A|/(2−t) ≤
// |B| ≤ (2−t)·|A|/t). Postings are per group: another domain or site costs nothing.
class TitleIndex {
 public:
  using TitleId = std::uint32_t;

  TitleIndex(const std::vector<Project>& projects, const std::vector<std::uint32_t>& groups, double threshold)
      : threshold_(threshold) {
    std::unordered_map<std::string, TitleId> ids;  // by group and title
    for (std::size_t i = 0; i < projects.size(); ++i) {
      const auto [id, added] =
          ids.try_emplace(std::to_string(groups[i]) + '\x1f' + projects[i].title, static_cast<TitleId>(titles_.size()));
      if (added) {
        titles_.push_back(Bigrams(projects[i].title));
        title_group_.push_back(groups[i]);
        members_.emplace_back();
        for (const Bigram bigram : titles_.back()) ++frequency_[Key(groups[i], bigram)];
        same_[Hash(titles_.back(), groups[i])].push_back(id->second);
      }
      members_[id->second].push_back(static_cast<std::uint32_t>(i));
    }
    for (TitleId id = 0; id < titles_.size(); ++id) {
      const std::vector<Bigram> prefix = Prefix(titles_[id], title_group_[id]);
      for (std::size_t position = 0; position < prefix.size(); ++position) {
        postings_[Key(title_group_[id], prefix[position])].push_back({id, titles_[id].size(), position});
      }
    }
    for (auto& [key, posting] : postings_) {
      std::sort(posting.begin(), posting.end(),
                [](const Entry& a, const Entry& b) { return std::pair(a.size, a.id) < std::pair(b.size, b.id); });
    }
    seen_.assign(titles_.size(), 0);
  }

  std::size_t TitleCount() const { return titles_.size(); }
  // The projects bearing a title, in ascending order.
  const std::vector<std::uint32_t>& Members(TitleId title) const { return members_[title]; }

  // The most similar project of `group` and its Dice coefficient; nullopt when
  // none reaches the threshold. `first_allowed(title)` names the first of the
  // title's members the notice may join, if any. Ties go to the lower project
  // (the smaller code), so the result never depends on input order. Not reentrant.
  template <typename FirstAllowed>
  std::optional<std::pair<std::size_t, double>> Best(const std::vector<Bigram>& title, std::uint32_t group,
                                                     FirstAllowed first_allowed) const {
    if (title.empty()) return std::nullopt;
    // The same title (Dice 1) is as good as any can be: its first allowed project wins.
    if (const auto same = same_.find(Hash(title, group)); same != same_.end()) {
      std::optional<std::uint32_t> first;
      for (const TitleId id : same->second) {
        if (title_group_[id] != group || titles_[id] != title) continue;
        if (const auto project = first_allowed(id); project && (!first || *project < *first)) first = project;
      }
      if (first) return std::pair<std::size_t, double>{*first, 1.0};
    }
    const auto shortest = LeastOverlap(title.size());
    const auto longest = static_cast<std::size_t>(
        std::floor((2.0 - threshold_) * static_cast<double>(title.size()) / threshold_ + 1e-9));
    ++query_;
    std::optional<std::pair<std::size_t, double>> best;
    const std::vector<Bigram> prefix = Prefix(title, group);
    for (std::size_t position = 0; position < prefix.size(); ++position) {
      const auto found = postings_.find(Key(group, prefix[position]));
      if (found == postings_.end()) continue;
      const std::vector<Entry>& posting = found->second;
      auto candidate = std::lower_bound(posting.begin(), posting.end(), shortest,
                                        [](const Entry& entry, std::size_t n) { return entry.size < n; });
      for (; candidate != posting.end() && candidate->size <= longest; ++candidate) {
        if (seen_[candidate->id] == query_) continue;
        seen_[candidate->id] = query_;
        // Positional filter: met first here, the titles share nothing rarer in the
        // global order, so at most this bigram and what follows it in both.
        const double at_least = best ? best->second : threshold_;
        const std::size_t bound = 1 + std::min(title.size() - position - 1, candidate->size - candidate->position - 1);
        if (static_cast<double>(bound) < at_least * static_cast<double>(title.size() + candidate->size) / 2.0 - 1e-9) {
          continue;
        }
        const double dice = Dice(title, titles_[candidate->id], at_least);
        if (dice < threshold_ || (best && dice < best->second)) continue;
        const std::optional<std::uint32_t> project = first_allowed(candidate->id);
        if (project && (!best || dice > best->second || *project < best->first)) best = {*project, dice};
      }
    }
    return best;
  }

 private:
  static std::uint64_t Key(std::uint32_t group, Bigram bigram) { return (std::uint64_t{group} << 42) | bigram; }
  static std::uint64_t Hash(const std::vector<Bigram>& title, std::uint32_t group) {
    std::uint64_t hash = group;
    for (const Bigram bigram : title) hash = (hash ^ bigram) * 0x100000001b3ULL;  // FNV-1a over the bigrams
    return hash;
  }

  // The least overlap with a title of n bigrams that can reach the threshold
  // (with the most favourable other title): also the fewest bigrams such a title has.
  std::size_t LeastOverlap(std::size_t n) const {
    return static_cast<std::size_t>(std::ceil(threshold_ * static_cast<double>(n) / (2.0 - threshold_) - 1e-9));
  }

  // A title's rarest bigrams, as many as prefix filtering needs.
  std::vector<Bigram> Prefix(const std::vector<Bigram>& title, std::uint32_t group) const {
    std::vector<std::pair<std::uint32_t, Bigram>> by_rarity;
    by_rarity.reserve(title.size());
    for (const Bigram bigram : title) {
      const auto found = frequency_.find(Key(group, bigram));
      by_rarity.emplace_back(found == frequency_.end() ? 0 : found->second, bigram);
    }
    const std::size_t length = title.size() - std::min(title.size(), LeastOverlap(title.size())) + 1;
    const auto end = by_rarity.begin() + static_cast<std::ptrdiff_t>(std::min(length, title.size()));
    std::partial_sort(by_rarity.begin(), end, by_rarity.end());
    std::vector<Bigram> prefix;
    for (auto rare = by_rarity.begin(); rare != end; ++rare) prefix.push_back(rare->second);
    return prefix;
  }

  double threshold_;
  std::vector<std::vector<Bigram>> titles_;  // per title id, sorted by value
  std::vector<std::uint32_t> title_group_;   // per title id
  std::vector<std::vector<std::uint32_t>> members_;
  std::unordered_map<std::uint64_t, std::uint32_t> frequency_;    // titles holding each bigram
  std::unordered_map<std::uint64_t, std::vector<TitleId>> same_;  // by Hash: titles to compare whole
  // A title whose prefix holds a bigram, at `position` of it (rarest first).
  struct Entry {
    TitleId id;
    std::size_t size;  // the title's bigrams
    std::size_t position;
  };
  std::unordered_map<std::uint64_t, std::vector<Entry>> postings_;  // of prefixes; by title size, then id
  mutable std::vector<std::uint32_t> seen_;                         // per title: the last query to see it
  mutable std::uint32_t query_ = 0;
};

// The first member of each title that had begun by a day: a title's members
// in order with the running minimum of their start days, so that the first
// member started by `day` is a binary search away (undated starts never bar).
class FirstBegun {
 public:
  FirstBegun(const TitleIndex& index, const std::vector<std::optional<Date>>& started) : index_(index) {
    earliest_.resize(index.TitleCount());
    for (TitleIndex::TitleId title = 0; title < index.TitleCount(); ++title) {
      for (const std::uint32_t project : index.Members(title)) {
        const Date start = started[project].value_or(Date{});  // Date{} is before every day
        earliest_[title].push_back(earliest_[title].empty() ? start : std::min(start, earliest_[title].back()));
      }
    }
  }

  // nullopt for an undated notice: any member may take it.
  std::optional<std::uint32_t> operator()(TitleIndex::TitleId title, const std::optional<Date>& day) const {
    const std::vector<Date>& earliest = earliest_[title];
    if (!day) return index_.Members(title).front();
    // Running minima never rise: the first at or before `day`.
    const auto first = std::partition_point(earliest.begin(), earliest.end(), [&](Date d) { return *day < d; });
    if (first == earliest.end()) return std::nullopt;
    return index_.Members(title)[static_cast<std::size_t>(first - earliest.begin())];
  }

 private:
  const TitleIndex& index_;
  std::vector<std::vector<Date>> earliest_;  // Date{} stands for an undated start
};

// A notice's match to a project whose title has Dice `dice` to its own: lowered
// when the buyers differ (× 0.8) or the titles' numbers do (× 0.5).
TitleMatch Scored(const NoticeWithEvidence* item, const Project& project, double dice) {
  const std::string buyer = CanonicalPartyName(item->notice.buyer);
  const bool buyers_differ = !buyer.empty() && !project.buyer.empty() && buyer != CanonicalPartyName(project.buyer);
  const bool numbers_differ = Numbers(item->notice.title) != Numbers(project.title);
  return {item, project.code, dice * (buyers_differ ? 0.8 : 1.0) * (numbers_differ ? 0.5 : 1.0)};
}

// Links the chain notices standing off their designated site to the designated
// projects (MatchDesignated in matcher.h).
void LinkCopies(const std::vector<const NoticeWithEvidence*>& copies, ProjectMatching& matching, double threshold) {
  std::vector<Project>& projects = matching.projects;
  std::unordered_map<std::string_view, std::size_t> by_code;
  Groups groups;
  std::vector<std::uint32_t> group_of;
  // Per project, the publication days of its notices of each kind.
  std::vector<std::vector<std::pair<std::string_view, std::optional<Date>>>> dated(projects.size());
  for (std::size_t i = 0; i < projects.size(); ++i) {
    by_code.emplace(projects[i].code, i);
    group_of.push_back(groups.Id(projects[i].domain, ""));
    for (const NoticeWithEvidence* item : projects[i].notices) {
      dated[i].emplace_back(item->notice.kind, PublicationDate(*item));
    }
  }
  const auto has_kind = [&](std::size_t project, const std::string& kind) {
    return std::ranges::any_of(dated[project], [&](const auto& notice) { return notice.first == kind; });
  };
  const TitleIndex index(projects, group_of, threshold);
  std::vector<std::vector<Sighting>> linked(projects.size());
  for (const NoticeWithEvidence* copy : copies) {
    const std::string code = CanonicalCode(copy->notice.project_code);
    const auto named = by_code.find(code);
    // Its code's project, when it has the copy's kind or when its title agrees too: a
    // copy that code and title both tie to a project lacking its kind is the gap itself.
    if (named != by_code.end() && (has_kind(named->second, copy->notice.kind) ||
                                   TitleSimilarity(copy->notice.title, projects[named->second].title) >= threshold)) {
      linked[named->second].push_back({copy, 1.0});
      continue;
    }
    const std::optional<Date> published = PublicationDate(*copy);
    const auto near_in_time = [&](TitleIndex::TitleId title) -> std::optional<std::uint32_t> {
      for (const std::uint32_t project : index.Members(title)) {
        const bool near = std::ranges::any_of(dated[project], [&](const auto& notice) {
          return notice.first == copy->notice.kind && notice.second && published &&
                 std::abs(notice.second->ToDays() - published->ToDays()) <= kCopyWindowDays;
        });
        if (near) return project;
      }
      return std::nullopt;
    };
    std::optional<TitleMatch> match;
    if (const auto group = groups.Find(copy->notice.domain, "")) {
      if (const auto best = index.Best(Bigrams(copy->notice.title), *group, near_in_time)) {
        match = Scored(copy, projects[best->first], best->second);
        if (match->confidence >= threshold) {
          linked[best->first].push_back({copy, match->confidence});
          matching.matched.push_back(*match);
          if (!code.empty() && code != projects[best->first].code) projects[best->first].aliases.push_back(code);
          continue;
        }
      }
    }
    if (match) matching.for_review.push_back(*match);
    if (named != by_code.end()) linked[named->second].push_back({copy, 1.0});
  }
  for (std::size_t i = 0; i < projects.size(); ++i) {
    Project& project = projects[i];
    project.copies = std::move(linked[i]);
    SortByPublication(project.copies, [](const Sighting& sighting) { return sighting.item; });
    std::sort(project.aliases.begin(), project.aliases.end());
    project.aliases.erase(std::unique(project.aliases.begin(), project.aliases.end()), project.aliases.end());
  }
}

}  // namespace

double TitleSimilarity(const std::string& a, const std::string& b) { return Dice(Bigrams(a), Bigrams(b)); }

ProjectMatching MatchDesignated(const std::vector<NoticeWithEvidence>& notices, Date as_of, double threshold) {
  std::vector<const NoticeWithEvidence*> designated, elsewhere;
  for (const NoticeWithEvidence* item : checks::Standing(notices, as_of)) {
    const bool home = item->notice.site == DesignatedSite(item->notice.domain);
    if (home) {
      designated.push_back(item);
    } else if (IsChainKind(item->notice.kind)) {
      elsewhere.push_back(item);
    }
  }
  ProjectMatching matching = MatchProjects(designated, threshold);
  LinkCopies(elsewhere, matching, threshold);
  return matching;
}

ProjectMatching MatchProjects(const std::vector<const NoticeWithEvidence*>& notices, double threshold) {
  std::unordered_map<std::string, std::size_t> by_code;
  ProjectMatching matching;
  std::vector<Project>& projects = matching.projects;
  std::vector<const NoticeWithEvidence*> codeless;
  for (const auto* item : notices) {
    std::string code = CanonicalCode(item->notice.project_code);
    if (code.empty()) {
      if (IsChainKind(item->notice.kind)) codeless.push_back(item);
      continue;
    }
    const auto [entry, added] = by_code.try_emplace(std::move(code), projects.size());
    if (added) projects.emplace_back().code = entry->first;
    projects[entry->second].notices.push_back(item);
  }
  std::sort(projects.begin(), projects.end(), [](const Project& a, const Project& b) { return a.code < b.code; });
  Groups groups;
  std::vector<std::uint32_t> group_of;
  std::vector<std::optional<Date>> started;  // each project's first publication
  group_of.reserve(projects.size());
  started.reserve(projects.size());
  for (Project& project : projects) {
    Finish(project);
    group_of.push_back(groups.Id(project.domain, project.notices.front()->notice.site));
    started.push_back(PublicationDate(*project.notices.front()));
  }

  const TitleIndex index(projects, group_of, threshold);
  const FirstBegun first_begun(index, started);
  std::vector<std::vector<const NoticeWithEvidence*>> joined(projects.size());
  for (const NoticeWithEvidence* item : codeless) {
    // Only projects of the notice's site and domain that had begun by its publication.
    const std::optional<Date> published = PublicationDate(*item);
    const auto begun = [&](TitleIndex::TitleId title) { return first_begun(title, published); };
    TitleMatch match{item, "", 0};
    const auto group = groups.Find(item->notice.domain, item->notice.site);
    if (const auto best = group ? index.Best(Bigrams(item->notice.title), *group, begun) : std::nullopt) {
      match = Scored(item, projects[best->first], best->second);
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
    Project& project = projects[i];
    project.notices.insert(project.notices.end(), joined[i].begin(), joined[i].end());
    Finish(project);
  }
  return matching;
}

std::vector<SightedNotice> SightedNotices(const Project& project, double threshold) {
  std::vector<Sighting> sightings;
  for (const NoticeWithEvidence* item : project.notices) sightings.push_back({item, 1.0});
  sightings.insert(sightings.end(), project.copies.begin(), project.copies.end());
  SortByPublication(sightings, [](const Sighting& sighting) { return sighting.item; });

  struct Identity {  // what makes two sightings one notice
    std::string kind;
    std::vector<std::string> lots;
    std::vector<Bigram> title;
    std::vector<std::string> numbers;
  };
  const auto identity = [](const Notice& notice) {
    Identity id{notice.kind, {}, Bigrams(notice.title), Numbers(notice.title)};
    for (const Lot& lot : notice.lots) id.lots.push_back(NormaliseText(lot.name));
    std::sort(id.lots.begin(), id.lots.end());
    return id;
  };
  std::vector<SightedNotice> sighted;
  std::vector<Identity> identities;
  for (const Sighting& sighting : sightings) {
    const Identity id = identity(sighting.item->notice);
    std::size_t i = 0;
    for (; i < sighted.size(); ++i) {
      const Identity& other = identities[i];
      const bool on_its_site = std::ranges::any_of(sighted[i].sightings, [&](const Sighting& seen) {
        return seen.item->notice.site == sighting.item->notice.site;
      });
      if (!on_its_site && other.kind == id.kind && other.lots == id.lots && other.numbers == id.numbers &&
          Dice(other.title, id.title) >= threshold) {
        break;
      }
    }
    if (i == sighted.size()) {
      sighted.emplace_back();
      identities.push_back(id);
    }
    sighted[i].sightings.push_back(sighting);
  }
  for (SightedNotice& notice : sighted) {
    std::stable_partition(notice.sightings.begin(), notice.sightings.end(), [](const Sighting& sighting) {
      return sighting.item->notice.site == DesignatedSite(sighting.item->notice.domain);
    });
  }
  return sighted;
}

}  // namespace gapwatch
