#include "monitor/check_support.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <deque>
#include <future>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <tuple>

#include "parsers/identifiers.h"

namespace gapwatch::checks {

const std::string& PartyNames::operator()(std::string_view name) const {
  const auto found = canonical_.find(name);
  if (found != canonical_.end()) return found->second;
  return canonical_.emplace(name, CanonicalPartyName(name)).first->second;
}
namespace {

// Marks a finding whose due date or overdue count the calendar could not give.
constexpr char kCalendarUnknown[] = "calendar_unknown";

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::optional<Date> DateOf(const OptionalNoticeText& text) { return text ? Date::Parse(*text) : std::nullopt; }

bool IsChainKind(std::string_view kind) { return std::ranges::find(kChainKinds, kind) != kChainKinds.end(); }

std::set<std::string> Winners(const HeldNotice& award, const PartyNames& canonical_party) {
  std::set<std::string> winners = {canonical_party(award.supplier)};
  for (const Lot& lot : award.lots) winners.insert(canonical_party(lot.supplier));
  winners.erase("");
  return winners;
}

std::optional<Date> PublicationDate(const NoticeWithEvidence& item) {
  if (const auto published = DateOf(item.notice.published)) return published;
  return Date::Parse(item.captured_at);
}

bool IsCanonicalCode(std::string_view code) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000
  if (!code.empty() && (IsAsciiSpace(code.front()) || IsAsciiSpace(code.back()))) return false;
  if (code.starts_with(kIdeographicSpace) || code.ends_with(kIdeographicSpace)) return false;
  return std::none_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string CanonicalCode(std::string_view code) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000
  while (true) {
    if (!code.empty() && IsAsciiSpace(code.front())) {
      code.remove_prefix(1);
    } else if (code.starts_with(kIdeographicSpace)) {
      code.remove_prefix(kIdeographicSpace.size());
    } else if (!code.empty() && IsAsciiSpace(code.back())) {
      code.remove_suffix(1);
    } else if (code.ends_with(kIdeographicSpace)) {
      code.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  std::string canonical(code);
  for (char& c : canonical) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return canonical;
}

std::string ProjectTitle(std::string title) {
  // The matcher calls this for every notice of a million: no string is built for a pattern.
  static constexpr std::pair<std::string_view, std::string_view> kCodeBrackets[] = {
      {"[项目编号", "]"}, {"【项目编号", "】"}, {"(项目编号", ")"}, {"（项目编号", "）"}};
  for (const auto& [open, close] : kCodeBrackets) {
    const auto start = title.find(open);
    const auto end = start == std::string::npos ? start : title.find(close, start);
    if (end != std::string::npos) title.erase(start, end + close.size() - start);
  }
  static constexpr std::string_view kNoticeTypes[] = {"招标公告",           "采购公告", "中标（成交）结果公告",
                                                      "中标(成交)结果公告", "结果公告", "合同公告",
                                                      "终止公告",           "更正公告"};
  for (const std::string_view suffix : kNoticeTypes) {
    if (title.size() > suffix.size() && title.ends_with(suffix)) {
      title.resize(title.size() - suffix.size());
      break;
    }
  }
  while (!title.empty() && title.back() == ' ') title.pop_back();
  return title;
}

Evidence EvidenceOf(const NoticeWithEvidence& item) {
  Evidence evidence{item.notice.url, item.notice.kind, "", item.captured_at, item.sha256, {}};
  if (const auto published = DateOf(item.notice.published)) {
    evidence.published = published->ToString();
  } else if (const auto captured = Date::Parse(item.captured_at)) {
    // The day PublicationDate counted, said to be the capture's.
    evidence.published = captured->ToString();
    evidence.published_from = "capture";
  }
  return evidence;
}

std::vector<const NoticeWithEvidence*> Standing(const std::vector<NoticeWithEvidence>& notices, Date as_of) {
  std::vector<const NoticeWithEvidence*> standing;
  for (const NoticeWithEvidence& item : notices) {
    if (const auto published = PublicationDate(item); published && *published <= as_of) standing.push_back(&item);
  }
  return standing;
}

namespace {

// The ids (positions) of distinct strings in the strings' order. Each carries
// its first 16 bytes as numbers, so that most comparisons read no string.
std::vector<std::uint32_t> SortedIds(const std::vector<std::string_view>& strings) {
  struct Keyed {
    std::uint64_t head[2];  // bytes 0–7 and 8–15, big-endian, zero-padded: ordered as the bytes
    std::string_view text;
    std::uint32_t id;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(strings.size());
  for (std::uint32_t id = 0; id < strings.size(); ++id) {
    Keyed entry{{0, 0}, strings[id], id};
    for (std::size_t i = 0; i < std::min<std::size_t>(16, entry.text.size()); ++i) {
      entry.head[i / 8] |= std::uint64_t{static_cast<unsigned char>(entry.text[i])} << (56 - 8 * (i % 8));
    }
    keyed.push_back(entry);
  }
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    if (a.head[0] != b.head[0]) return a.head[0] < b.head[0];
    if (a.head[1] != b.head[1]) return a.head[1] < b.head[1];
    return a.text < b.text;
  });
  std::vector<std::uint32_t> ids;
  ids.reserve(keyed.size());
  for (const Keyed& entry : keyed) ids.push_back(entry.id);
  return ids;
}

}  // namespace

CodePartition PartitionByCode(const std::vector<std::string_view>& printed) {
  // Codes numbered in order of appearance by a hash, sorted once, and the
  // items bucketed by their code's rank.
  constexpr std::uint32_t kNoCode = std::numeric_limits<std::uint32_t>::max();
  CodePartition partition;
  std::vector<std::string_view> codes;
  std::vector<std::uint32_t> code_of(printed.size(), kNoCode);
  {
    // Open addressing, each slot a code's id and its hash's top bits: a
    // million lookups in std::unordered_map chased a node and compared a
    // string apiece (most of a check's partitioning time at 10^6 notices).
    struct Slot {
      std::uint32_t id = kNoCode;
      std::uint32_t tag = 0;  // the hash's top 32 bits: most mismatches compare no string
    };
    const std::size_t capacity = std::bit_ceil(2 * printed.size() + 2);
    const std::size_t mask = capacity - 1;
    std::vector<Slot> slots(capacity);
    for (std::uint32_t i = 0; i < printed.size(); ++i) {
      const std::string_view code = IsCanonicalCode(printed[i])
                                        ? printed[i]
                                        : std::string_view(partition.canonical.emplace_back(CanonicalCode(printed[i])));
      if (code.empty()) {
        partition.without_code.push_back(i);
        continue;
      }
      const std::uint64_t hash = std::hash<std::string_view>{}(code)*0x9e3779b97f4a7c15ULL;
      const auto tag = static_cast<std::uint32_t>(hash >> 32);
      std::size_t at = hash & mask;
      while (slots[at].id != kNoCode && (slots[at].tag != tag || codes[slots[at].id] != code)) at = (at + 1) & mask;
      if (slots[at].id == kNoCode) {
        slots[at] = {static_cast<std::uint32_t>(codes.size()), tag};
        codes.push_back(code);
      }
      code_of[i] = slots[at].id;
    }
  }
  const std::vector<std::uint32_t> sorted = SortedIds(codes);
  std::vector<std::uint32_t> rank(codes.size());
  for (std::uint32_t r = 0; r < sorted.size(); ++r) rank[sorted[r]] = r;
  partition.codes.reserve(codes.size());
  for (const std::uint32_t id : sorted) partition.codes.push_back(codes[id]);
  partition.first.assign(codes.size() + 1, 0);
  for (const std::uint32_t code : code_of) {
    if (code != kNoCode) ++partition.first[rank[code] + 1];
  }
  std::partial_sum(partition.first.begin(), partition.first.end(), partition.first.begin());
  partition.members.resize(partition.first.back());
  std::vector<std::size_t> next(partition.first.begin(), partition.first.end() - 1);
  for (std::uint32_t i = 0; i < code_of.size(); ++i) {
    if (code_of[i] != kNoCode) partition.members[next[rank[code_of[i]]]++] = i;
  }
  return partition;
}

CodePartition KeptOf(const CodePartition& all, const std::vector<std::uint32_t>& kept_as) {
  CodePartition kept;
  kept.members.reserve(all.members.size());
  kept.first.push_back(0);
  for (std::size_t r = 0; r < all.codes.size(); ++r) {
    for (const std::uint32_t at : all.MembersOf(r)) {
      if (kept_as[at] != kLeftOut) kept.members.push_back(kept_as[at]);
    }
    if (kept.members.size() == kept.first.back()) continue;  // none kept prints it
    kept.codes.push_back(all.codes[r]);
    kept.first.push_back(kept.members.size());
  }
  for (const std::uint32_t at : all.without_code) {
    if (kept_as[at] != kLeftOut) kept.without_code.push_back(kept_as[at]);
  }
  return kept;
}

NoticeKeys::NoticeKeys(const std::vector<NoticeWithEvidence>& notices) {
  // The dates on a thread of their own while the codes are partitioned.
  std::future<void> dated = std::async(std::launch::async, [&] {
    published.reserve(notices.size());
    for (const NoticeWithEvidence& item : notices) published.push_back(PublicationDate(item));
  });
  std::vector<std::string_view> printed;
  printed.reserve(notices.size());
  for (const NoticeWithEvidence& item : notices) printed.push_back(item.notice.project_code);
  by_code = PartitionByCode(printed);
  rank.assign(notices.size(), kNoCode);
  for (std::uint32_t r = 0; r < by_code.codes.size(); ++r) {
    for (const std::uint32_t at : by_code.MembersOf(r)) rank[at] = r;
  }
  dated.get();
}

std::uint32_t NoticeKeys::RankOf(std::string_view code) const {
  const std::optional<std::size_t> found = by_code.RankOf(code);
  return found ? static_cast<std::uint32_t>(*found) : kNoCode;
}

std::vector<std::uint32_t> NoticeKeys::RanksOf(const std::vector<Project>& projects) const {
  const std::vector<std::string_view>& codes = by_code.codes;
  std::vector<std::uint32_t> ranks;
  ranks.reserve(projects.size());
  std::size_t from = 0;  // where the last code was: a sorted next one is found by galloping on from it
  for (const Project& project : projects) {
    const std::string_view code = project.code;
    std::size_t low = 0, high = codes.size();
    if (from < codes.size() && codes[from] < code) {
      std::size_t step = 1;
      low = from + 1;
      while (low + step < codes.size() && codes[low + step - 1] < code) step *= 2;
      high = std::min(codes.size(), low + step);
    }
    const auto found = std::lower_bound(codes.begin() + static_cast<std::ptrdiff_t>(low),
                                        codes.begin() + static_cast<std::ptrdiff_t>(high), code);
    if (found == codes.end() || *found != code) {
      throw std::invalid_argument("NoticeKeys: no notice prints the project code " + project.code);
    }
    from = static_cast<std::size_t>(found - codes.begin());
    ranks.push_back(static_cast<std::uint32_t>(from));
  }
  return ranks;
}

std::vector<const NoticeWithEvidence*> NoticeKeys::Standing(const std::vector<NoticeWithEvidence>& notices,
                                                            Date as_of) const {
  std::vector<const NoticeWithEvidence*> standing;
  for (std::size_t i = 0; i < notices.size(); ++i) {
    if (published[i] && *published[i] <= as_of) standing.push_back(&notices[i]);
  }
  return standing;
}

NoticesByCode::NoticesByCode(const std::vector<const NoticeWithEvidence*>& notices) {
  std::vector<std::string_view> printed;
  std::vector<Date> days;
  printed.reserve(notices.size());
  days.reserve(notices.size());
  for (const NoticeWithEvidence* item : notices) {
    printed.push_back(item->notice.project_code);
    days.push_back(PublicationDate(*item).value_or(Date{}));
  }
  partition_ = PartitionByCode(printed);
  Order(notices, days);
}

NoticesByCode::NoticesByCode(const std::vector<NoticeWithEvidence>& notices, const NoticeKeys& keys,
                             const std::vector<const NoticeWithEvidence*>& some) {
  std::vector<std::uint32_t> kept_as(notices.size(), kLeftOut);
  std::vector<Date> days;
  days.reserve(some.size());
  for (std::uint32_t k = 0; k < some.size(); ++k) {
    const auto at = static_cast<std::size_t>(some[k] - notices.data());
    kept_as[at] = k;
    days.push_back(keys.published[at].value_or(Date{}));
  }
  partition_ = KeptOf(keys.by_code, kept_as);
  Order(some, days);
}

void NoticesByCode::Order(const std::vector<const NoticeWithEvidence*>& items, const std::vector<Date>& days) {
  // Each notice's place worked out once, not at every comparison.
  struct Placed {
    Date day;
    std::string_view published;
    std::string_view url;
    const NoticeWithEvidence* item;
  };
  std::vector<Placed> placed;
  items_.reserve(partition_.members.size());
  for (std::size_t r = 0; r < partition_.codes.size(); ++r) {
    placed.clear();
    for (const std::uint32_t at : partition_.MembersOf(r)) {
      const NoticeWithEvidence* item = items[at];
      placed.push_back({days[at],
                        item->notice.published ? std::string_view(*item->notice.published) : std::string_view(),
                        item->notice.url, item});
    }
    std::stable_sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
      return std::tie(a.day, a.published, a.url) < std::tie(b.day, b.published, b.url);
    });
    for (const Placed& place : placed) items_.push_back(place.item);
  }
  partition_.members = {};
  partition_.without_code = {};
}

std::optional<std::size_t> CodePartition::RankOf(std::string_view code) const {
  const auto found = std::lower_bound(codes.begin(), codes.end(), code);
  if (found == codes.end() || *found != code) return std::nullopt;
  return static_cast<std::size_t>(found - codes.begin());
}

std::span<const NoticeWithEvidence* const> NoticesByCode::at(std::string_view code) const {
  const std::optional<std::size_t> rank = partition_.RankOf(code);
  if (!rank) throw std::out_of_range("NoticesByCode: no notice prints the code " + std::string(code));
  return {items_.data() + partition_.first[*rank], partition_.first[*rank + 1] - partition_.first[*rank]};
}

std::optional<Date> Clock::Due(const WorkingDayCalendar& calendar) const {
  try {
    // Only a period of calendar days has a last day to move: "decision + 2 WD" counts from the decision as it is.
    const Date base = calendar_days > 0 ? calendar.AddCalendarDays(start, calendar_days, last_day) : start;
    return calendar.AddWorkingDays(base, working_days);
  } catch (const CalendarUnknown&) {
    return std::nullopt;
  }
}

std::optional<Clock> ClockFor(const Rule& rule, const std::map<std::string, Date>& events) {
  for (const RuleClock& clock : rule.due) {
    const auto event = events.find(clock.from);
    if (!clock.on && event == events.end()) continue;
    return Clock{clock.on.value_or(event->second), clock.calendar_days, clock.working_days, rule.last_day, &clock};
  }
  return std::nullopt;
}

Finding NewFinding(const Rule& rule, const std::string& site, const std::string& subject,
                   const std::string& expected_notice) {
  Finding finding;
  finding.id = FindingId(site, subject, expected_notice);
  finding.kind = rule.kind;
  finding.severity = rule.severity;
  finding.domain = rule.domain;
  finding.site = site;
  finding.project_code = subject;
  finding.rule_id = rule.id;
  finding.rule_source = rule.source;
  finding.confidence = rule.confidence;
  return finding;
}

std::optional<Finding> Overdue(const CheckInput& input, const Rule& rule, const std::string& site,
                               const std::string& subject, const std::string& expected_notice, const Clock& clock,
                               Date reference) {
  if (clock.start < rule.valid_from || (rule.valid_to && *rule.valid_to < clock.start)) return std::nullopt;
  // Certainly not overdue, even where the calendar cannot say when exactly it is due.
  if (reference <= clock.EarliestDue()) return std::nullopt;
  const std::optional<Date> due = clock.Due(input.calendar);
  if (due && reference <= *due) return std::nullopt;
  Finding finding = NewFinding(rule, site, subject, expected_notice);
  // An uncovered year (e.g. 2027 before its notice) leaves the due date or
  // the count unknown: the finding stays, flagged, with no invented number.
  if (due) {
    finding.due = due->ToString();
    try {
      finding.overdue_working_days = input.calendar.WorkingDaysBetween(*due, reference);
    } catch (const CalendarUnknown&) {
      MarkCalendarUnknown(finding, input.calendar, clock.start, reference);
    }
  } else {
    MarkCalendarUnknown(finding, input.calendar, clock.start, reference);
  }
  return finding;
}

void MarkCalendarUnknown(Finding& finding, const WorkingDayCalendar& calendar, Date start, Date reference) {
  finding.confidence = kCalendarUnknown;
  // The earliest year from the clock's start to the reference that the calendar lacks.
  if (start.year < calendar.first_year()) {
    finding.calendar_missing_year = start.year;
  } else if (reference.year > calendar.last_year()) {
    finding.calendar_missing_year = std::max(start.year, calendar.last_year() + 1);
  }
}

}  // namespace gapwatch::checks
