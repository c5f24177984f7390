#include "monitor/matcher.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "monitor/check_support.h"
#include "parsers/identifiers.h"
#include "parsers/normalise.h"
#include "parsers/utf8.h"

namespace gapwatch {
namespace {

using checks::CanonicalCode;
using checks::CodePartition;
using checks::IsCanonicalCode;
using checks::IsChainKind;
using checks::NoticeKeys;
using checks::PartitionByCode;
using checks::ProjectTitle;
using checks::PublicationDate;

// A title's character bigrams, sorted and unique: letters, digits and CJK
// only, so that brackets, spaces and punctuation of either width do not count.
// Two code points of 21 bits each.
using Bigram = std::uint64_t;

std::vector<Bigram> Bigrams(std::string_view title) {
  const std::string folded = FoldFullWidth(ProjectTitle(std::string(title)));
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
std::vector<std::string> Numbers(std::string_view title) {
  std::vector<std::string> numbers;
  std::string run;
  for (const char c : FoldFullWidth(ProjectTitle(std::string(title))) + " ") {
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
double Dice(std::span<const Bigram> a, std::span<const Bigram> b, double at_least = 0) {
  if (a.empty() || b.empty()) return 0;
  const auto needed = static_cast<std::size_t>(
      std::max(0.0, std::ceil(at_least * static_cast<double>(a.size() + b.size()) / 2.0 - 1e-9)));
  std::size_t shared = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (shared + std::min(a.size() - i, b.size() - j) < needed) return 0;
    // Without branches on the values: which side advances is unpredictable.
    const Bigram x = a[i], y = b[j];
    shared += x == y;
    i += x <= y;
    j += y <= x;
  }
  return 2.0 * static_cast<double>(shared) / static_cast<double>(a.size() + b.size());
}

// Each field's first non-empty value among tenders, else among all notices:
// the three a project takes, in one pass.
std::array<NoticeText, 3> FromTenderElseFirst(const std::vector<const NoticeWithEvidence*>& notices,
                                              const std::array<NoticeText HeldNotice::*, 3>& fields) {
  std::array<const NoticeText*, 3> tender{}, first{};
  for (const NoticeWithEvidence* item : notices) {
    const bool is_tender = item->notice.kind == "tender";
    for (std::size_t f = 0; f < fields.size(); ++f) {
      const NoticeText& value = item->notice.*fields[f];
      if (value.empty()) continue;
      if (!first[f]) first[f] = &value;
      if (is_tender && !tender[f]) tender[f] = &value;
    }
  }
  std::array<NoticeText, 3> taken;
  for (std::size_t f = 0; f < fields.size(); ++f) {
    if (const NoticeText* value = tender[f] ? tender[f] : first[f]) taken[f] = *value;
  }
  return taken;
}

// A notice's publication (PublicationDate) in days since 1970-01-01;
// kUndated, after every day, when it has none. Parsed once per call.
using Day = std::int32_t;
constexpr Day kUndated = std::numeric_limits<Day>::max();

Day DayOf(const std::optional<Date>& published) { return published ? static_cast<Day>(published->ToDays()) : kUndated; }
Day DayOf(const NoticeWithEvidence& item) { return DayOf(PublicationDate(item)); }

// Whether a notice of a project published on `day` is near enough a copy
// published on `copy_day` to be what it re-posts.
bool NearInTime(Day day, Day copy_day) { return day != kUndated && std::abs(day - copy_day) <= kCopyWindowDays; }

// work(from, to) over [0, n) in two halves, the second on a thread of its own:
// for work on each item apart from the others.
template <typename Work>
void InTwoHalves(std::size_t n, const Work& work) {
  std::future<void> second = std::async(std::launch::async, [&] { work(n / 2, n); });
  work(0, n / 2);
  second.get();
}

struct Dated {
  const NoticeWithEvidence* item;
  Day day;
};

// Publication order: undated notices last; same day by full timestamp, then
// URL, so the order never depends on input order.
bool Earlier(const Dated& a, const Dated& b) {
  if (a.day != b.day) return a.day < b.day;
  const auto published = [](const Dated& dated) {
    return dated.item->notice.published ? std::string_view(*dated.item->notice.published) : std::string_view();
  };
  return std::pair(published(a), std::string_view(a.item->notice.url)) <
         std::pair(published(b), std::string_view(b.item->notice.url));
}

template <typename Range, typename DatedOf>
void SortByPublication(Range& elements, DatedOf dated_of) {
  const auto earlier = [&](const auto& a, const auto& b) { return Earlier(dated_of(a), dated_of(b)); };
  if (elements.size() > 16) {
    std::stable_sort(elements.begin(), elements.end(), earlier);
    return;
  }
  // Most projects have a few notices: insertion, stable, allocates nothing.
  for (auto next = elements.begin(); next != elements.end(); ++next) {
    std::rotate(std::upper_bound(elements.begin(), next, *next, earlier), next, std::next(next));
  }
}

// Sorts a project's notices by publication and takes its title, buyer and domain from them.
void Finish(Project& project, std::span<Dated> notices) {
  SortByPublication(notices, [](const Dated& dated) { return dated; });
  project.notices.clear();
  project.notices.reserve(notices.size());
  for (const Dated& dated : notices) project.notices.push_back(dated.item);
  const auto [title, buyer, domain] =
      FromTenderElseFirst(project.notices, {&HeldNotice::title, &HeldNotice::buyer, &HeldNotice::domain});
  project.title = ProjectTitle(std::string(title));
  project.buyer = buyer;
  project.domain = domain;
}

// Finishes again a project that code-less notices joined: from the notices
// printing its code (finished: by publication) and those.
void FinishJoined(Project& project, std::span<const Dated> members, const std::vector<Dated>& joined) {
  std::vector<Dated> all(members.begin(), members.end());
  all.insert(all.end(), joined.begin(), joined.end());
  Finish(project, all);
}

// Small dense ids for the groups a notice may be matched within (domain and site).
class Groups {
 public:
  std::uint32_t Id(std::string_view domain, std::string_view site) {
    return ids_.try_emplace(Key(domain, site), static_cast<std::uint32_t>(ids_.size())).first->second;
  }
  std::optional<std::uint32_t> Find(std::string_view domain, std::string_view site) const {
    const auto found = ids_.find(Key(domain, site));
    return found == ids_.end() ? std::nullopt : std::optional(found->second);
  }
  std::size_t Count() const { return ids_.size(); }

 private:
  const std::string& Key(std::string_view domain, std::string_view site) const {
    key_.assign(domain).append(1, '\x1f').append(site);  // reuses its buffer
    return key_;
  }
  std::unordered_map<std::string, std::uint32_t> ids_;
  mutable std::string key_;
};

// Marks the projects of groups no query asks about (kUnindexed): the index leaves them out.
constexpr std::uint32_t kUnindexed = std::numeric_limits<std::uint32_t>::max();
void LeaveOutUnqueried(std::vector<std::uint32_t>& group_of, const std::vector<bool>& queried) {
  for (std::uint32_t& group : group_of) {
    if (!queried[group]) group = kUnindexed;
  }
}

// An open-addressing hash map from non-zero 64-bit keys to 32-bit values: a
// title index holds millions of entries, for each of which std::unordered_map
// would allocate a node.
class FlatMap {
 public:
  // The value of `key`, inserted as 0 when absent; valid until the next insert.
  std::uint32_t& operator[](std::uint64_t key) {
    if (2 * (size_ + 1) > keys_.size()) Grow();
    std::size_t slot = Slot(key);
    while (keys_[slot] != 0 && keys_[slot] != key) slot = (slot + 1) & mask_;
    if (keys_[slot] == 0) {
      keys_[slot] = key;
      ++size_;
    }
    return values_[slot];
  }
  const std::uint32_t* Find(std::uint64_t key) const {
    if (keys_.empty()) return nullptr;
    for (std::size_t slot = Slot(key);; slot = (slot + 1) & mask_) {
      if (keys_[slot] == key) return &values_[slot];
      if (keys_[slot] == 0) return nullptr;
    }
  }

 private:
  std::size_t Slot(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ULL) >> shift_);  // the product's top bits
  }
  void Grow() {
    std::vector<std::uint64_t> keys = std::move(keys_);
    std::vector<std::uint32_t> values = std::move(values_);
    const std::size_t capacity = keys.empty() ? 1024 : 2 * keys.size();
    keys_.assign(capacity, 0);
    values_.assign(capacity, 0);
    mask_ = capacity - 1;
    shift_ = 64 - std::countr_zero(capacity);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == 0) continue;
      std::size_t slot = Slot(keys[i]);
      while (keys_[slot] != 0) slot = (slot + 1) & mask_;
      keys_[slot] = keys[i];
      values_[slot] = values[i];
    }
  }

  std::vector<std::uint64_t> keys_;  // 0: a free slot
  std::vector<std::uint32_t> values_;
  std::size_t size_ = 0;
  std::size_t mask_ = 0;
  int shift_ = 64;
};

// The projects a notice may join. Projects are indexed by distinct title (one
// buyer's many projects often share one), so a title is compared once however
// many projects bear it. Prefix filtering (PPJoin): with every title's bigrams
// ordered rarest first (a global order: frequency among the titles, then
// value), two titles with Dice ≥ t share |A∩B| ≥ ⌈t·|A|/(2−t)⌉ bigrams, so
// their first |A| − that + 1 bigrams meet; only those prefixes are indexed and
// probed. Titles too short or too long to reach t are skipped (t·|A|/(2−t) ≤
// |B| ≤ (2−t)·|A|/t). Postings are per group: another domain or site costs
// nothing. Projects of group kUnindexed, and those without a title, are left
// out. Titles, prefixes and postings are held flat (one array and offsets
// each), not a vector apiece.
class TitleIndex {
 public:
  using TitleId = std::uint32_t;

  // `known(project)`: the bigrams of that project's title when worked out
  // already (an earlier index's BigramsOf), else nullopt.
  template <typename Known>
  TitleIndex(const std::vector<Project>& projects, const std::vector<std::uint32_t>& groups, double threshold,
             Known known)
      : threshold_(threshold), title_of_(projects.size(), kNoTitle) {
    // Distinct (group, title) by open addressing on the title's hash: one
    // slot per id, not a node per entry.
    const std::size_t capacity = std::bit_ceil(2 * projects.size() + 2);
    std::vector<TitleId> slots(capacity, kNoTitle);
    std::vector<std::uint32_t> first_project;  // per title id: the first project bearing it
    title_begin_.push_back(0);
    for (std::size_t i = 0; i < projects.size(); ++i) {
      const std::string& title = projects[i].title;
      // An empty title matches none (Best asks a title), as at 10^6 notices half the projects' do.
      if (groups[i] == kUnindexed || title.empty()) continue;
      std::size_t slot =
          (std::hash<std::string_view>{}(title) ^ (std::size_t{groups[i]} * 0x9e3779b97f4a7c15ULL)) & (capacity - 1);
      while (slots[slot] != kNoTitle &&
             (title_group_[slots[slot]] != groups[i] || projects[first_project[slots[slot]]].title != title)) {
        slot = (slot + 1) & (capacity - 1);
      }
      if (slots[slot] == kNoTitle) {
        slots[slot] = static_cast<TitleId>(title_group_.size());
        std::vector<Bigram> computed;
        const std::optional<std::span<const Bigram>> given = known(i);
        if (!given) computed = Bigrams(title);
        const std::span<const Bigram> bigrams = given ? *given : std::span<const Bigram>(computed);
        bigrams_.insert(bigrams_.end(), bigrams.begin(), bigrams.end());
        title_begin_.push_back(static_cast<std::uint32_t>(bigrams_.size()));
        title_group_.push_back(groups[i]);
        first_project.push_back(static_cast<std::uint32_t>(i));
        for (const Bigram bigram : bigrams) ++frequency_[Key(groups[i], bigram)];
        same_.emplace_back(Hash(bigrams, groups[i]), slots[slot]);
      }
      title_of_[i] = slots[slot];
    }
    // Each title's projects, ascending, counted into one array.
    member_begin_.assign(TitleCount() + 1, 0);
    for (const TitleId title : title_of_) {
      if (title != kNoTitle) ++member_begin_[title + 1];
    }
    std::partial_sum(member_begin_.begin(), member_begin_.end(), member_begin_.begin());
    members_.resize(member_begin_.back());
    std::vector<std::uint32_t> next_member(member_begin_.begin(), member_begin_.end() - 1);
    for (std::size_t i = 0; i < projects.size(); ++i) {
      if (title_of_[i] != kNoTitle) members_[next_member[title_of_[i]]++] = static_cast<std::uint32_t>(i);
    }
    std::sort(same_.begin(), same_.end());
    // Each title's prefix; then the postings counted, placed and sorted.
    std::vector<Bigram> prefixes;
    std::vector<std::uint32_t> prefix_begin = {0};
    std::vector<std::pair<std::uint32_t, Bigram>> by_rarity;
    for (TitleId id = 0; id < TitleCount(); ++id) {
      Prefix(Title(id), title_group_[id], prefixes, by_rarity);
      prefix_begin.push_back(static_cast<std::uint32_t>(prefixes.size()));
    }
    const auto each_prefix_bigram = [&](auto visit) {
      for (TitleId id = 0; id < TitleCount(); ++id) {
        for (std::uint32_t at = prefix_begin[id]; at < prefix_begin[id + 1]; ++at) {
          visit(id, Key(title_group_[id], prefixes[at]), at - prefix_begin[id]);
        }
      }
    };
    std::vector<std::uint32_t> counts;
    each_prefix_bigram([&](TitleId, std::uint64_t key, std::uint32_t) {
      std::uint32_t& posting = posting_of_[key];  // its number + 1
      if (posting == 0) {
        counts.push_back(0);
        posting = static_cast<std::uint32_t>(counts.size());
      }
      ++counts[posting - 1];
    });
    posting_begin_.assign(counts.size() + 1, 0);
    std::partial_sum(counts.begin(), counts.end(), posting_begin_.begin() + 1);
    std::vector<std::uint32_t> next(posting_begin_.begin(), posting_begin_.end() - 1);
    entries_.resize(prefixes.size());
    each_prefix_bigram([&](TitleId id, std::uint64_t key, std::uint32_t position) {
      entries_[next[*posting_of_.Find(key) - 1]++] = {id, TitleSize(id), position};
    });
    for (std::size_t posting = 0; posting + 1 < posting_begin_.size(); ++posting) {
      std::sort(entries_.begin() + posting_begin_[posting], entries_.begin() + posting_begin_[posting + 1],
                [](const Entry& a, const Entry& b) { return std::pair(a.size, a.id) < std::pair(b.size, b.id); });
    }
  }

  // What a caller of Best needs besides the index: Best is reentrant, given one per thread.
  class Scratch {
   public:
    explicit Scratch(const TitleIndex& index) { seen_.assign(index.TitleCount(), 0); }

   private:
    friend class TitleIndex;
    std::vector<std::pair<std::uint32_t, Bigram>> by_rarity_;  // Prefix's
    std::vector<std::uint32_t> seen_;                          // per title: the last query to see it
    std::uint32_t query_ = 0;
  };

  std::size_t TitleCount() const { return title_group_.size(); }
  // The projects bearing a title, in ascending order.
  std::span<const std::uint32_t> Members(TitleId title) const {
    return {members_.data() + member_begin_[title], member_begin_[title + 1] - member_begin_[title]};
  }
  // The bigrams of a project's title as indexed; nullopt when its group is not.
  std::optional<std::span<const Bigram>> BigramsOf(std::size_t project) const {
    if (title_of_[project] == kNoTitle) return std::nullopt;
    return Title(title_of_[project]);
  }

  // The most similar project of `group` and its Dice coefficient; nullopt when
  // none reaches the threshold. `first_allowed(title)` names the first of the
  // title's members the notice may join, if any. Ties go to the lower project
  // (the smaller code), so the result never depends on input order.
  template <typename FirstAllowed>
  std::optional<std::pair<std::size_t, double>> Best(const std::vector<Bigram>& title, std::uint32_t group,
                                                     FirstAllowed first_allowed, Scratch& scratch) const {
    if (title.empty()) return std::nullopt;
    // The same title (Dice 1) is as good as any can be: its first allowed project wins.
    const std::uint64_t hash = Hash(title, group);
    std::optional<std::uint32_t> first;
    for (auto same = std::lower_bound(same_.begin(), same_.end(), std::pair<std::uint64_t, TitleId>(hash, 0));
         same != same_.end() && same->first == hash; ++same) {
      const TitleId id = same->second;
      if (title_group_[id] != group || !std::ranges::equal(Title(id), title)) continue;
      if (const auto project = first_allowed(id); project && (!first || *project < *first)) first = project;
    }
    if (first) return std::pair<std::size_t, double>{*first, 1.0};
    const std::uint32_t query = ++scratch.query_;
    std::vector<std::uint32_t>& seen = scratch.seen_;
    std::optional<std::pair<std::size_t, double>> best;
    std::vector<Bigram> prefix;
    Prefix(title, group, prefix, scratch.by_rarity_);
    for (std::size_t position = 0; position < prefix.size(); ++position) {
      // Only a title as similar as the best so far matters: the prefix and
      // the sizes that can reach that narrow as the best rises.
      const double wanted = best ? best->second : threshold_;
      if (position >= PrefixLength(title.size(), wanted)) break;
      const std::uint32_t* found = posting_of_.Find(Key(group, prefix[position]));
      if (!found) continue;
      const auto shortest = LeastOverlap(title.size(), wanted);
      const auto longest =
          static_cast<std::size_t>(std::floor((2.0 - wanted) * static_cast<double>(title.size()) / wanted + 1e-9));
      const auto posting_end = entries_.begin() + posting_begin_[*found];
      auto candidate = std::lower_bound(entries_.begin() + posting_begin_[*found - 1], posting_end, shortest,
                                        [](const Entry& entry, std::size_t n) { return entry.size < n; });
      for (; candidate != posting_end && candidate->size <= longest; ++candidate) {
        if (seen[candidate->id] == query) continue;
        seen[candidate->id] = query;
        // Positional filter: met first here, the titles share nothing rarer in the
        // global order, so at most this bigram and what follows it in both.
        const double at_least = best ? best->second : threshold_;
        const std::size_t bound =
            1 + std::min<std::size_t>(title.size() - position - 1, candidate->size - candidate->position - 1);
        if (static_cast<double>(bound) < at_least * static_cast<double>(title.size() + candidate->size) / 2.0 - 1e-9) {
          continue;
        }
        const double dice = Dice(title, Title(candidate->id), at_least);
        if (dice < threshold_ || (best && dice < best->second)) continue;
        const std::optional<std::uint32_t> project = first_allowed(candidate->id);
        if (project && (!best || dice > best->second || *project < best->first)) best = {*project, dice};
      }
    }
    return best;
  }

 private:
  static std::uint64_t Key(std::uint32_t group, Bigram bigram) { return (std::uint64_t{group} << 42) | bigram; }
  static std::uint64_t Hash(std::span<const Bigram> title, std::uint32_t group) {
    std::uint64_t hash = group;
    for (const Bigram bigram : title) hash = (hash ^ bigram) * 0x100000001b3ULL;  // FNV-1a over the bigrams
    return hash;
  }
  std::span<const Bigram> Title(TitleId id) const { return {bigrams_.data() + title_begin_[id], TitleSize(id)}; }
  std::uint32_t TitleSize(TitleId id) const { return title_begin_[id + 1] - title_begin_[id]; }

  // The least overlap with a title of n bigrams that can reach Dice
  // `similarity` (with the most favourable other title): also the fewest
  // bigrams such a title has (a hair of slack for rounding, on the safe side).
  static std::size_t LeastOverlap(std::size_t n, double similarity) {
    return static_cast<std::size_t>(std::ceil(similarity * static_cast<double>(n) / (2.0 - similarity) - 1e-9));
  }
  // How many of a title's rarest bigrams meet every title as similar as `similarity`.
  static std::size_t PrefixLength(std::size_t n, double similarity) {
    return n - std::min(n, LeastOverlap(n, similarity)) + 1;
  }

  // Appends a title's rarest bigrams to `prefix`, as many as prefix filtering needs.
  // `by_rarity`: scratch.
  void Prefix(std::span<const Bigram> title, std::uint32_t group, std::vector<Bigram>& prefix,
              std::vector<std::pair<std::uint32_t, Bigram>>& by_rarity) const {
    by_rarity.clear();
    for (const Bigram bigram : title) {
      const std::uint32_t* found = frequency_.Find(Key(group, bigram));
      by_rarity.emplace_back(found ? *found : 0, bigram);
    }
    const std::size_t length = PrefixLength(title.size(), threshold_);
    const auto end = by_rarity.begin() + static_cast<std::ptrdiff_t>(std::min(length, title.size()));
    std::partial_sort(by_rarity.begin(), end, by_rarity.end());
    for (auto rare = by_rarity.begin(); rare != end; ++rare) prefix.push_back(rare->second);
  }

  double threshold_;
  std::vector<Bigram> bigrams_;             // every title's, each sorted by value
  std::vector<std::uint32_t> title_begin_;  // title id's bigrams: [title_begin_[id], title_begin_[id + 1])
  std::vector<std::uint32_t> title_group_;  // per title id
  static constexpr TitleId kNoTitle = std::numeric_limits<TitleId>::max();
  std::vector<TitleId> title_of_;            // per project: its title's id, or kNoTitle (unindexed)
  std::vector<std::uint32_t> member_begin_;  // title id's projects: members_[member_begin_[id], member_begin_[id + 1])
  std::vector<std::uint32_t> members_;
  FlatMap frequency_;                                    // titles holding each bigram, by Key
  std::vector<std::pair<std::uint64_t, TitleId>> same_;  // by Hash, sorted: titles to compare whole
  // A title whose prefix holds a bigram, at `position` of it (rarest first).
  struct Entry {
    TitleId id;
    std::uint32_t size;  // the title's bigrams
    std::uint32_t position;
  };
  FlatMap posting_of_;                        // by Key: the posting's number + 1
  std::vector<std::uint32_t> posting_begin_;  // posting n: entries_[posting_begin_[n], posting_begin_[n + 1])
  std::vector<Entry> entries_;                // of prefixes; each posting by title size, then id
};

// A notice's match to a project whose title has Dice `dice` to its own: lowered
// when the buyers differ (× 0.8) or the titles' numbers do (× 0.5).
TitleMatch Scored(const NoticeWithEvidence* item, const Project& project, double dice) {
  const std::string buyer = CanonicalPartyName(item->notice.buyer);
  const bool buyers_differ = !buyer.empty() && !project.buyer.empty() && buyer != CanonicalPartyName(project.buyer);
  const bool numbers_differ = Numbers(item->notice.title) != Numbers(project.title);
  return {item, project.code, dice * (buyers_differ ? 0.8 : 1.0) * (numbers_differ ? 0.5 : 1.0)};
}

// The projects MatchDated grouped, and what its title index leaves for LinkCopies.
struct DatedMatching {
  ProjectMatching matching;
  TitleIndex index;            // of the project titles as first taken
  std::vector<bool> retitled;  // per project: its title was taken again after code-less notices joined it
};

// Links the chain notices standing off their designated site to the designated
// projects (MatchDesignated in matcher.h), into their copies and aliases;
// `matching` gets the links by title and the doubts. `day_of(item)` is a
// notice's Day; `known(project)` the bigrams of its title when worked out
// already, else nullopt; `has_kind(project, kind)` whether one of its notices
// is of that kind, `near(project, kind, day)` whether one is of that kind and
// published within kCopyWindowDays of `day`.
template <typename DayOfItem, typename Known, typename HasKind, typename Near>
void LinkCopies(const std::vector<Dated>& copies, std::vector<Project>& projects, ProjectMatching& matching,
                DayOfItem day_of, Known known, HasKind has_kind, Near near, double threshold) {
  const auto project_of_code = [&](std::string_view code) -> std::optional<std::size_t> {
    const auto found = std::lower_bound(projects.begin(), projects.end(), code,
                                        [](const Project& project, std::string_view c) { return project.code < c; });
    if (found == projects.end() || found->code != code) return std::nullopt;
    return static_cast<std::size_t>(found - projects.begin());
  };
  Groups groups;
  std::vector<std::uint32_t> group_of;
  group_of.reserve(projects.size());
  for (const Project& project : projects) group_of.push_back(groups.Id(project.domain, ""));
  std::vector<bool> queried(groups.Count());
  for (const Dated& copy : copies) {
    if (const auto group = groups.Find(copy.item->notice.domain, "")) queried[*group] = true;
  }
  LeaveOutUnqueried(group_of, queried);
  const TitleIndex index(projects, group_of, threshold, known);
  std::vector<std::vector<Sighting>> linked(projects.size());
  TitleIndex::Scratch scratch(index);
  for (const Dated& dated : copies) {
    const NoticeWithEvidence* copy = dated.item;
    const std::string code = CanonicalCode(copy->notice.project_code);
    const std::optional<std::size_t> named = project_of_code(code);
    // Its code's project, when it has the copy's kind or when its title agrees too: a
    // copy that code and title both tie to a project lacking its kind is the gap itself.
    if (named && (has_kind(*named, copy->notice.kind) ||
                  TitleSimilarity(copy->notice.title, projects[*named].title) >= threshold)) {
      linked[*named].push_back({copy, 1.0});
      continue;
    }
    const auto near_in_time = [&](TitleIndex::TitleId title) -> std::optional<std::uint32_t> {
      if (dated.day == kUndated) return std::nullopt;
      for (const std::uint32_t project : index.Members(title)) {
        if (near(project, copy->notice.kind, dated.day)) return project;
      }
      return std::nullopt;
    };
    std::optional<TitleMatch> match;
    if (const auto group = groups.Find(copy->notice.domain, "")) {
      if (const auto best = index.Best(Bigrams(copy->notice.title), *group, near_in_time, scratch)) {
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
    if (named) linked[*named].push_back({copy, 1.0});
  }
  for (std::size_t i = 0; i < projects.size(); ++i) {
    Project& project = projects[i];
    project.copies = std::move(linked[i]);
    SortByPublication(project.copies, [&](const Sighting& sighting) {
      return Dated{sighting.item, day_of(sighting.item)};
    });
    std::sort(project.aliases.begin(), project.aliases.end());
    project.aliases.erase(std::unique(project.aliases.begin(), project.aliases.end()), project.aliases.end());
  }
}

// The code-less notices matched to projects by title (MatchProjects in matcher.h).
struct CodelessMatching {
  TitleIndex index;                                 // of the projects' titles as given
  std::vector<TitleMatch> matches;                  // per code-less notice: its best, or no project
  std::vector<std::optional<std::uint32_t>> joins;  // per code-less notice: the project it joins, if any
};
// `projects` with their titles, buyers and domains as their codes group them;
// `first_site` and `started`: each one's first notice's site and Day.
CodelessMatching MatchCodeless(const std::vector<Project>& projects, const std::vector<std::string_view>& first_site,
                               const std::vector<Day>& started, const std::vector<Dated>& codeless, double threshold);

// The notices' partition by code (PartitionByCode), a code's in input order.
CodePartition PartitionOf(const std::vector<Dated>& notices) {
  std::vector<std::string_view> printed;
  printed.reserve(notices.size());
  for (const Dated& notice : notices) printed.push_back(notice.item->notice.project_code);
  return PartitionByCode(printed);
}

// MatchProjects (matcher.h) over notices whose days and partition by code are known.
DatedMatching MatchDated(const std::vector<Dated>& notices, const CodePartition& partition, double threshold) {
  // Projects sorted by code, their notices gathered in input order (no
  // Project is moved).
  std::vector<Dated> codeless;
  for (const std::uint32_t at : partition.without_code) {
    if (IsChainKind(notices[at].item->notice.kind)) codeless.push_back(notices[at]);
  }
  std::vector<Dated> members;
  members.reserve(partition.members.size());
  for (const std::uint32_t at : partition.members) members.push_back(notices[at]);
  const auto members_of = [&](std::size_t project) {
    return std::span<Dated>(members.data() + partition.first[project],
                            partition.first[project + 1] - partition.first[project]);
  };

  ProjectMatching matching;
  std::vector<Project>& projects = matching.projects;
  projects.resize(partition.codes.size());
  // Each project apart from the others: the second half on a thread of its
  // own (0.4 CPU s at 10^6 notices; the other core has less to do then).
  const auto finish = [&](std::size_t from, std::size_t to) {
    for (std::size_t p = from; p < to; ++p) {
      projects[p].code = partition.codes[p];
      Finish(projects[p], members_of(p));
    }
  };
  InTwoHalves(projects.size(), finish);
  std::vector<std::string_view> first_site;
  std::vector<Day> started;
  first_site.reserve(projects.size());
  started.reserve(projects.size());
  for (std::size_t p = 0; p < projects.size(); ++p) {
    first_site.push_back(members_of(p).front().item->notice.site);
    started.push_back(members_of(p).front().day);
  }
  CodelessMatching codeless_matching = MatchCodeless(projects, first_site, started, codeless, threshold);
  std::vector<TitleMatch>& matches = codeless_matching.matches;
  const std::vector<std::optional<std::uint32_t>>& joins = codeless_matching.joins;
  std::vector<std::vector<Dated>> joined(projects.size());
  for (std::size_t k = 0; k < codeless.size(); ++k) {
    if (joins[k]) {
      joined[*joins[k]].push_back(codeless[k]);
      matching.matched.push_back(std::move(matches[k]));
    } else {
      matching.for_review.push_back(std::move(matches[k]));
    }
  }
  std::vector<bool> retitled(projects.size());
  for (std::size_t p = 0; p < joined.size(); ++p) {
    if (joined[p].empty()) continue;
    FinishJoined(projects[p], members_of(p), joined[p]);
    retitled[p] = true;
  }
  return {std::move(matching), std::move(codeless_matching.index), std::move(retitled)};
}

CodelessMatching MatchCodeless(const std::vector<Project>& projects, const std::vector<std::string_view>& first_site,
                               const std::vector<Day>& started, const std::vector<Dated>& codeless, double threshold) {
  Groups groups;
  std::vector<std::uint32_t> group_of;
  group_of.reserve(projects.size());
  for (std::size_t p = 0; p < projects.size(); ++p) group_of.push_back(groups.Id(projects[p].domain, first_site[p]));

  std::vector<std::optional<std::uint32_t>> codeless_group;
  std::vector<bool> queried(groups.Count());
  for (const Dated& notice : codeless) {
    codeless_group.push_back(groups.Find(notice.item->notice.domain, notice.item->notice.site));
    if (codeless_group.back()) queried[*codeless_group.back()] = true;
  }
  LeaveOutUnqueried(group_of, queried);
  TitleIndex index(projects, group_of, threshold, [](std::size_t) { return std::nullopt; });
  // Each code-less notice matched apart from the others (what one joins
  // changes a project only once all are matched): the second half on a thread
  // of its own (0.5 CPU s at 10^6 notices), then taken in order.
  std::vector<TitleMatch> matches(codeless.size());
  std::vector<std::optional<std::uint32_t>> joins(codeless.size());  // the project each joins, if any
  const auto match_codeless = [&](std::size_t from, std::size_t to) {
    TitleIndex::Scratch scratch(index);
    for (std::size_t k = from; k < to; ++k) {
      // Only projects of the notice's site and domain that had begun by its publication.
      const Dated& notice = codeless[k];
      // The title's first project that had begun by the notice's day (any may
      // take an undated notice; an undated start counts as 1970-01-01): a scan,
      // as few titles are ever asked about.
      const auto begun = [&](TitleIndex::TitleId title) -> std::optional<std::uint32_t> {
        for (const std::uint32_t project : index.Members(title)) {
          const Day start = started[project] == kUndated ? static_cast<Day>(Date{}.ToDays()) : started[project];
          if (notice.day == kUndated || start <= notice.day) return project;
        }
        return std::nullopt;
      };
      matches[k] = {notice.item, "", 0};
      const std::optional<std::uint32_t>& group = codeless_group[k];
      if (const auto best =
              group ? index.Best(Bigrams(notice.item->notice.title), *group, begun, scratch) : std::nullopt) {
        matches[k] = Scored(notice.item, projects[best->first], best->second);
        if (matches[k].confidence >= threshold) joins[k] = static_cast<std::uint32_t>(best->first);
      }
    }
  };
  InTwoHalves(codeless.size(), match_codeless);
  return {std::move(index), std::move(matches), std::move(joins)};
}

}  // namespace

double TitleSimilarity(std::string_view a, std::string_view b) { return Dice(Bigrams(a), Bigrams(b)); }

ProjectMatching MatchDesignated(const std::vector<NoticeWithEvidence>& notices, Date as_of, double threshold) {
  return MatchDesignated(notices, NoticeKeys(notices), as_of, threshold);
}

ProjectMatching MatchDesignated(const std::vector<NoticeWithEvidence>& notices, const NoticeKeys& keys, Date as_of,
                                double threshold) {
  std::vector<Day> days;
  days.reserve(notices.size());
  for (const std::optional<Date>& published : keys.published) days.push_back(DayOf(published));
  const auto day_of = [&](const NoticeWithEvidence* item) {
    return days[static_cast<std::size_t>(item - notices.data())];
  };
  std::vector<Dated> designated, elsewhere;
  std::vector<std::uint32_t> designated_as(notices.size(), checks::kLeftOut);  // for the designated's partition
  const Day last = static_cast<Day>(as_of.ToDays());
  for (std::size_t i = 0; i < notices.size(); ++i) {
    if (days[i] == kUndated || days[i] > last) continue;  // not standing (checks::Standing) by as_of
    const NoticeWithEvidence& item = notices[i];
    const bool home = item.notice.site == DesignatedSite(item.notice.domain);
    if (home) {
      designated_as[i] = static_cast<std::uint32_t>(designated.size());
      designated.push_back({&item, days[i]});
    } else if (IsChainKind(item.notice.kind)) {
      elsewhere.push_back({&item, days[i]});
    }
  }
  DatedMatching dated = MatchDated(designated, checks::KeptOf(keys.by_code, designated_as), threshold);
  std::vector<Project>& projects = dated.matching.projects;
  const auto has_kind = [&](std::size_t project, std::string_view kind) {
    return std::ranges::any_of(projects[project].notices,
                               [&](const NoticeWithEvidence* item) { return item->notice.kind == kind; });
  };
  const auto near = [&](std::size_t project, std::string_view kind, Day day) {
    return std::ranges::any_of(projects[project].notices, [&](const NoticeWithEvidence* item) {
      return item->notice.kind == kind && NearInTime(day_of(item), day);
    });
  };
  LinkCopies(
      elsewhere, projects, dated.matching, day_of,
      [&](std::size_t project) { return dated.retitled[project] ? std::nullopt : dated.index.BigramsOf(project); },
      has_kind, near, threshold);
  return std::move(dated.matching);
}

KeptGrouping KeepGrouping(const Project& project) {
  KeptGrouping kept;
  std::vector<const NoticeWithEvidence*> members;
  for (const NoticeWithEvidence* item : project.notices) {
    if (CanonicalCode(item->notice.project_code).empty()) {
      kept.joined.push_back(item->notice_id);
      continue;
    }
    members.push_back(item);
    kept.members.push_back(item->notice_id);
    kept.member_kinds.emplace_back(KindNumber(item->notice.kind), DayOf(*item));
  }
  std::sort(kept.joined.begin(), kept.joined.end());
  if (!members.empty()) {
    const auto [title, buyer, domain] =
        FromTenderElseFirst(members, {&HeldNotice::title, &HeldNotice::buyer, &HeldNotice::domain});
    kept.title = ProjectTitle(std::string(title));
    kept.buyer = buyer;
    kept.domain = domain;
    kept.first_site = members.front()->notice.site;
    kept.started = DayOf(*members.front());
  }
  for (const Sighting& copy : project.copies) kept.copies.emplace_back(copy.item->notice_id, copy.confidence);
  kept.aliases = project.aliases;
  return kept;
}

namespace {

// A notice's Day, and whether it stands on its designated site, once per notice.
struct Placed {
  Dated dated;
  bool standing;
  bool designated;
};
Placed PlaceOf(const NoticeWithEvidence* item, Day last) {
  const Day day = DayOf(*item);
  return {{item, day}, day != kUndated && day <= last, item->notice.site == DesignatedSite(item->notice.domain)};
}

// The notices by id, each once (a later copy of an id is dropped).
std::vector<const NoticeWithEvidence*> ById(std::vector<const NoticeWithEvidence*> items) {
  std::stable_sort(items.begin(), items.end(), [](const NoticeWithEvidence* a, const NoticeWithEvidence* b) {
    return a->notice_id < b->notice_id;
  });
  items.erase(std::unique(items.begin(), items.end(),
                          [](const NoticeWithEvidence* a, const NoticeWithEvidence* b) {
                            return a->notice_id == b->notice_id;
                          }),
              items.end());
  return items;
}

std::vector<Dated> DatedById(std::vector<const NoticeWithEvidence*> items) {
  std::vector<Dated> dated;
  for (const NoticeWithEvidence* item : ById(std::move(items))) dated.push_back({item, DayOf(*item)});
  return dated;
}

}  // namespace

Regrouping RegroupFromLast(const LastGrouping& last, const std::vector<const NoticeWithEvidence*>& changed,
                           const std::vector<long long>& removed, const std::vector<const NoticeWithEvidence*>& loose,
                           const OutlineLoader& load, Date as_of, double threshold) {
  const Day last_day = static_cast<Day>(as_of.ToDays());
  // Every notice asked for, or MissingOutline: a regrouping without one would be wrong, not smaller.
  const auto load_all = [&load](const std::vector<long long>& ids) {
    std::vector<const NoticeWithEvidence*> items = load(ids);
    if (items.size() != std::set<long long>(ids.begin(), ids.end()).size()) {
      std::set<long long> found;
      for (const NoticeWithEvidence* item : items) found.insert(item->notice_id);
      for (const long long id : ids) {
        if (!found.count(id)) throw MissingOutline(id);
      }
    }
    return items;
  };
  std::unordered_set<long long> changed_ids, moved_ids(removed.begin(), removed.end());
  for (const NoticeWithEvidence* item : changed) changed_ids.insert(item->notice_id);
  moved_ids.insert(changed_ids.begin(), changed_ids.end());

  // The codes whose notices changed: those the changed notices print now, and
  // the projects they (or the removed ones) were members of.
  std::map<std::string, std::vector<const NoticeWithEvidence*>, std::less<>> touched;  // code: its notices standing now
  for (const NoticeWithEvidence* item : changed) {
    const Placed placed = PlaceOf(item, last_day);
    std::string code = CanonicalCode(item->notice.project_code);
    if (placed.standing && placed.designated && !code.empty()) touched[std::move(code)].push_back(item);
  }
  std::vector<long long> unchanged_members;
  std::vector<std::string> touched_by_members;
  auto next_touched_code = touched.begin();  // both in code order: a walk, not a lookup a project
  for (std::size_t p = 0; p < last.size(); ++p) {
    const std::string_view code = last.code(p);
    while (next_touched_code != touched.end() && next_touched_code->first < code) ++next_touched_code;
    if ((next_touched_code == touched.end() || next_touched_code->first != code) &&
        std::ranges::none_of(last.members(p), [&](long long id) { return moved_ids.count(id) > 0; })) {
      continue;
    }
    touched_by_members.emplace_back(code);
    for (const long long id : last.members(p)) {
      if (!moved_ids.count(id)) unchanged_members.push_back(id);
    }
  }
  for (std::string& code : touched_by_members) touched[std::move(code)];
  for (const NoticeWithEvidence* item : load_all(unchanged_members)) {
    touched[CanonicalCode(item->notice.project_code)].push_back(item);
  }

  // The projects as their codes alone group them: the last check's, but for the touched codes.
  constexpr std::size_t kTouched = std::numeric_limits<std::size_t>::max();
  struct Basic {
    std::size_t at_last = kTouched;  // untouched: its place in the last grouping, which kept it
    std::vector<Dated> members;      // touched: its notices, by publication
  };
  std::vector<Project> projects;
  std::vector<Basic> basics;
  std::vector<std::string_view> first_site;
  std::vector<Day> started;
  std::vector<std::string> gone;
  const std::size_t most = last.size() + touched.size();
  projects.reserve(most);
  basics.reserve(most);
  first_site.reserve(most);
  started.reserve(most);
  const auto add_last = [&](std::size_t p) {
    Project& basic = projects.emplace_back();
    basic.code = last.code(p);
    basic.title = last.kept_title(p);
    basic.buyer = NoticeText::InArena(last.kept_buyer(p));
    basic.domain = NoticeText::InArena(last.kept_domain(p));
    basics.push_back({p, {}});
    first_site.push_back(last.first_site(p));
    started.push_back(last.started(p));
  };
  const auto add_touched = [&](const std::string& code, const std::vector<const NoticeWithEvidence*>& notices) {
    if (notices.empty()) {
      gone.push_back(code);
      return;
    }
    Project& basic = projects.emplace_back();
    basic.code = code;
    Basic& members = basics.emplace_back();
    members.members = DatedById(notices);
    Finish(basic, members.members);
    first_site.push_back(members.members.front().item->notice.site);
    started.push_back(members.members.front().day);
  };
  auto next_touched = touched.begin();
  for (std::size_t p = 0; p < last.size(); ++p) {
    for (; next_touched != touched.end() && next_touched->first < last.code(p); ++next_touched) {
      add_touched(next_touched->first, next_touched->second);
    }
    if (next_touched != touched.end() && next_touched->first == last.code(p)) {
      add_touched(next_touched->first, next_touched->second);
      ++next_touched;
    } else {
      add_last(p);
    }
  }
  for (; next_touched != touched.end(); ++next_touched) add_touched(next_touched->first, next_touched->second);

  // Every code-less notice matched again, then every copy linked again, as MatchDesignated does.
  std::vector<const NoticeWithEvidence*> candidates = changed;
  candidates.insert(candidates.end(), loose.begin(), loose.end());
  std::vector<Dated> codeless, copies;
  for (const NoticeWithEvidence* item : ById(std::move(candidates))) {
    const Placed placed = PlaceOf(item, last_day);
    if (!placed.standing || !IsChainKind(item->notice.kind)) continue;
    if (!placed.designated) {
      copies.push_back(placed.dated);
    } else if (CanonicalCode(item->notice.project_code).empty()) {
      codeless.push_back(placed.dated);
    }
  }
  CodelessMatching codeless_matching = MatchCodeless(projects, first_site, started, codeless, threshold);
  std::vector<std::vector<Dated>> joined(projects.size());
  for (std::size_t k = 0; k < codeless.size(); ++k) {
    if (codeless_matching.joins[k]) joined[*codeless_matching.joins[k]].push_back(codeless[k]);
  }
  // A project keeps the title, buyer and domain it was grouped with when its
  // code's notices and those that joined it are the same; the others are
  // finished again from their notices.
  const auto joined_as_before = [&](std::size_t p) {
    if (basics[p].at_last == kTouched) return false;
    std::vector<long long> ids;
    for (const Dated& dated : joined[p]) {
      if (changed_ids.count(dated.item->notice_id)) return false;
      ids.push_back(dated.item->notice_id);
    }
    std::sort(ids.begin(), ids.end());
    return std::ranges::equal(ids, last.joined(basics[p].at_last));
  };
  std::vector<bool> as_before(projects.size());
  std::vector<long long> wanted;
  for (std::size_t p = 0; p < projects.size(); ++p) {
    as_before[p] = joined_as_before(p);
    if (!as_before[p] && basics[p].at_last != kTouched) {
      const std::span<const long long> members = last.members(basics[p].at_last);
      wanted.insert(wanted.end(), members.begin(), members.end());
    }
  }
  // The notices of a project grouped again, by id, then finished as MatchDated
  // finishes them: its code's first, then with those that joined it.
  std::map<long long, const NoticeWithEvidence*> outline_of;
  const auto load_members = [&](const std::vector<long long>& ids) {
    for (const NoticeWithEvidence* item : load_all(ids)) outline_of.emplace(item->notice_id, item);
  };
  const auto finish_again = [&](std::size_t p) {
    if (basics[p].at_last != kTouched) {  // a touched project's were finished as it was added
      std::vector<const NoticeWithEvidence*> members;
      for (const long long id : last.members(basics[p].at_last)) members.push_back(outline_of.at(id));
      basics[p].members = DatedById(members);
      Finish(projects[p], basics[p].members);
    }
    if (!joined[p].empty()) FinishJoined(projects[p], basics[p].members, joined[p]);
  };
  load_members(wanted);
  // Each project's notices' kinds and days, for the copies: flat, a project's
  // from kinds_begin[p] to kinds_begin[p + 1].
  std::vector<std::pair<std::uint8_t, Day>> kinds;
  std::vector<std::size_t> kinds_begin = {0};
  for (std::size_t p = 0; p < projects.size(); ++p) {
    if (as_before[p]) {
      const std::size_t before = basics[p].at_last;
      projects[p].title = last.title(before);
      projects[p].buyer = NoticeText::InArena(last.buyer(before));
      projects[p].domain = NoticeText::InArena(last.domain(before));
      for (const LastGrouping::KindAndDay& seen : last.member_kinds(before)) kinds.emplace_back(seen.kind, seen.day);
    } else {
      finish_again(p);
      for (const Dated& dated : basics[p].members) kinds.emplace_back(KindNumber(dated.item->notice.kind), dated.day);
    }
    for (const Dated& dated : joined[p]) kinds.emplace_back(KindNumber(dated.item->notice.kind), dated.day);
    kinds_begin.push_back(kinds.size());
  }
  const auto kinds_of = [&](std::size_t p) {
    return std::span(kinds.data() + kinds_begin[p], kinds_begin[p + 1] - kinds_begin[p]);
  };
  const auto has_kind = [&](std::size_t p, std::string_view kind) {
    return std::ranges::any_of(kinds_of(p), [&, number = KindNumber(kind)](const auto& seen) {
      return seen.first == number && number != kOtherKind;
    });
  };
  const auto near = [&](std::size_t p, std::string_view kind, Day day) {
    return std::ranges::any_of(kinds_of(p), [&, number = KindNumber(kind)](const auto& seen) {
      return seen.first == number && number != kOtherKind && NearInTime(seen.second, day);
    });
  };
  ProjectMatching links;  // its projects unused: the copies are linked into `projects`
  LinkCopies(
      copies, projects, links, [](const NoticeWithEvidence* item) { return DayOf(*item); },
      [&](std::size_t p) { return joined[p].empty() ? codeless_matching.index.BigramsOf(p) : std::nullopt; }, has_kind,
      near, threshold);

  Regrouping regrouping;
  regrouping.gone = std::move(gone);
  std::vector<std::size_t> moved;
  wanted.clear();
  for (std::size_t p = 0; p < projects.size(); ++p) {
    const std::size_t before = basics[p].at_last;
    for (const Dated& dated : joined[p]) regrouping.linked.emplace(dated.item->notice_id, projects[p].code);
    for (const Sighting& copy : projects[p].copies) regrouping.linked.emplace(copy.item->notice_id, projects[p].code);
    if (as_before[p]) {
      const bool copies_as_before =
          std::ranges::equal(projects[p].copies, last.copies(before), [](const Sighting& now, const auto& then) {
            return now.item->notice_id == then.id && now.confidence == then.confidence;
          });
      if (copies_as_before && std::ranges::equal(projects[p].aliases, last.aliases(before))) continue;
      const std::span<const long long> members = last.members(before);
      wanted.insert(wanted.end(), members.begin(), members.end());
    }
    moved.push_back(p);
  }
  load_members(wanted);
  for (const std::size_t p : moved) {
    if (as_before[p]) finish_again(p);
    regrouping.projects.push_back(std::move(projects[p]));
  }
  return regrouping;
}

Project RebuildProject(const LastGrouping& last, std::size_t p,
                       const std::function<const NoticeWithEvidence*(long long)>& outline) {
  const auto outlines = [&](std::span<const long long> ids) {
    std::vector<const NoticeWithEvidence*> items;
    for (const long long id : ids) items.push_back(outline(id));
    return DatedById(std::move(items));
  };
  Project project;
  project.code = last.code(p);
  std::vector<Dated> members = outlines(last.members(p));
  Finish(project, members);
  if (!last.joined(p).empty()) FinishJoined(project, members, outlines(last.joined(p)));
  for (const LastGrouping::LinkedCopy& copy : last.copies(p))
    project.copies.push_back({outline(copy.id), copy.confidence});
  project.aliases.assign(last.aliases(p).begin(), last.aliases(p).end());
  return project;
}

ProjectMatching MatchProjects(const std::vector<const NoticeWithEvidence*>& notices, double threshold) {
  std::vector<Dated> dated;
  dated.reserve(notices.size());
  for (const NoticeWithEvidence* item : notices) dated.push_back({item, DayOf(*item)});
  return MatchDated(dated, PartitionOf(dated), threshold).matching;
}

std::vector<SightedNotice> SightedNotices(const Project& project, double threshold) {
  std::vector<Sighting> sightings;
  for (const NoticeWithEvidence* item : project.notices) sightings.push_back({item, 1.0});
  sightings.insert(sightings.end(), project.copies.begin(), project.copies.end());
  SortByPublication(sightings, [](const Sighting& sighting) { return Dated{sighting.item, DayOf(*sighting.item)}; });

  struct Identity {  // what makes two sightings one notice
    std::string kind;
    std::vector<std::string> lots;
    std::vector<Bigram> title;
    std::vector<std::string> numbers;
  };
  const auto identity = [](const HeldNotice& notice) {
    Identity id{std::string(notice.kind), {}, Bigrams(notice.title), Numbers(notice.title)};
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
