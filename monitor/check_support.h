// What the check families (monitor/*_checks.cc) share: the notices standing on
// `as_of`, their projects, and the helpers that turn a rule and a clock into a
// finding. Internal to monitor/: CheckFindings (checker.h) is the interface.
// Pure functions; nothing here does I/O.
#pragma once
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "monitor/calendar.h"
#include "monitor/checker.h"
#include "monitor/date.h"
#include "monitor/rules.h"
#include "store/records.h"

namespace gapwatch::checks {

// CanonicalPartyName (parsers/identifiers.h), each distinct name worked out
// once: the checks ask for the same few thousand suppliers and buyers again
// and again (1.6 s of a check of 10^6 notices). Not thread-safe.
class PartyNames {
 public:
  const std::string& operator()(std::string_view name) const;

 private:
  // Looked up by a view: the names are the notices' own, no copy is made to ask.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };
  mutable std::unordered_map<std::string, std::string, Hash, std::equal_to<>> canonical_;
};

// Positions of items (notices) grouped by canonical project code, codes in
// their sorted order and each code's items in input order. Built by counting,
// not by inserting into a map: NoticeKeys partitions 10^6 notices this way,
// and the matcher and NoticesByCode take their notices' part of it (KeptOf).
struct CodePartition {
  std::vector<std::string_view> codes;      // distinct canonical codes, sorted
  std::vector<std::size_t> first;           // codes[r]'s items: members[first[r], first[r + 1])
  std::vector<std::uint32_t> members;       // positions in the input
  std::vector<std::uint32_t> without_code;  // positions whose code is empty once canonical, in input order
  std::deque<std::string> canonical;        // the codes not printed canonical, which `codes` views
  std::span<const std::uint32_t> MembersOf(std::size_t rank) const {
    return {members.data() + first[rank], first[rank + 1] - first[rank]};
  }
  // The rank of `code` (canonical) in `codes`; nullopt when no item prints it.
  std::optional<std::size_t> RankOf(std::string_view code) const;
};
// `printed`: each item's code as printed; the views must outlive the partition.
CodePartition PartitionByCode(const std::vector<std::string_view>& printed);

// The partition of some of `all`'s items, without partitioning them again:
// `kept_as[i]` is item i's position among those kept, ascending in i, or
// kLeftOut. Codes no kept item prints are left out; the codes view `all`'s,
// which must outlive the result.
inline constexpr std::uint32_t kLeftOut = std::numeric_limits<std::uint32_t>::max();
CodePartition KeptOf(const CodePartition& all, const std::vector<std::uint32_t>& kept_as);

// What the grouping, the checks and the digests read of every notice, worked
// out once (a check of 10^6 notices partitioned them three times): each
// notice's canonical project code (CanonicalCode) and the day it counts as
// published (PublicationDate). By position in `notices`, which must outlive
// the keys (the codes view the notices' own where printed canonical). The
// dates are parsed on a thread of their own while the codes are partitioned.
struct NoticeKeys {
  explicit NoticeKeys(const std::vector<NoticeWithEvidence>& notices);
  // The notice's canonical code; "" when it prints none.
  std::string_view Code(std::size_t position) const {
    return rank[position] == kNoCode ? std::string_view() : by_code.codes[rank[position]];
  }
  // The rank of `code` in by_code.codes; kNoCode when no notice prints it.
  std::uint32_t RankOf(std::string_view code) const;
  // Each project's RankOf(code); quick when they come sorted by code (as grouped).
  // Throws std::invalid_argument for a code no notice prints: projects are grouped from these notices.
  std::vector<std::uint32_t> RanksOf(const std::vector<Project>& projects) const;
  // Standing(notices, as_of): `notices` are those the keys were worked out from.
  std::vector<const NoticeWithEvidence*> Standing(const std::vector<NoticeWithEvidence>& notices, Date as_of) const;

  static constexpr std::uint32_t kNoCode = kLeftOut;
  CodePartition by_code;            // every notice's position by canonical code
  std::vector<std::uint32_t> rank;  // per notice: its code's rank in by_code.codes, or kNoCode
  std::vector<std::optional<Date>> published;
};

// Notices by canonical project code, every site, each code's in publication
// order (by day, the site's full timestamp, then URL); code-less ones left
// out. Held flat (one array, codes sorted), not a map of a vector per code:
// 10^6 notices made 4 × 10^5 of each. The notices must outlive it.
class NoticesByCode {
 public:
  NoticesByCode() = default;
  explicit NoticesByCode(const std::vector<const NoticeWithEvidence*>& notices);
  // The same of `some` of `notices` (in their order: e.g. keys.Standing),
  // from the notices' keys: no code is made canonical, nor any date parsed,
  // again. The keys must outlive it.
  NoticesByCode(const std::vector<NoticeWithEvidence>& notices, const NoticeKeys& keys,
                const std::vector<const NoticeWithEvidence*>& some);
  // The notices of a canonical code; throws std::out_of_range when none prints it.
  std::span<const NoticeWithEvidence* const> at(std::string_view code) const;
  // The codes, sorted.
  const std::vector<std::string_view>& codes() const { return partition_.codes; }

 private:
  // Fills items_ from partition_, whose members are positions in `items`, each code's by
  // publication (`days`: each item's PublicationDate, Date{} when it has none).
  void Order(const std::vector<const NoticeWithEvidence*>& items, const std::vector<Date>& days);

  CodePartition partition_;                       // its `members` unused: `items_` in their place
  std::vector<const NoticeWithEvidence*> items_;  // code r's: [partition_.first[r], partition_.first[r + 1])
};

// What every family reads. `standing`: every notice of every site published
// by as_of. `projects`: those on their domain's designated site, grouped by
// the matcher (monitor/matcher.h: by code, a code-less notice by title), each
// with its copies on other sites.
struct CheckInput {
  Date as_of;
  const WorkingDayCalendar& calendar;
  const RuleBook& rules;
  const CheckOptions& options;
  std::vector<const NoticeWithEvidence*> standing;
  std::vector<Project> projects;
  NoticesByCode by_code;  // of `standing`
  // The histories of notices of `standing`, each with its notice.
  std::vector<std::pair<const NoticeWithEvidence*, const NoticeHistory*>> histories;
  const std::vector<ListingPage>& listings;  // the lists as last captured
  PartyNames canonical_party;

  // Whether the store holds `site`'s notices (CheckOptions::sites).
  bool Holds(const std::string& site) const { return options.sites.empty() || options.sites.count(site) > 0; }
};

std::optional<Date> DateOf(const OptionalNoticeText& text);

// The kinds that make up a tender's chain (matched into projects by code or title).
bool IsChainKind(std::string_view kind);

// Every winner an award names, canonical: its supplier and each lot's.
std::set<std::string> Winners(const HeldNotice& award, const PartyNames& canonical_party);

// The world as it stood on as_of: the notices published by then (later ones did
// not exist yet; undated ones cannot be placed).
std::vector<const NoticeWithEvidence*> Standing(const std::vector<NoticeWithEvidence>& notices, Date as_of);

// The day a notice counts as published: the site's date, else the capture time
// (DOMAIN.md: "where a site gives none, the capture time is used").
std::optional<Date> PublicationDate(const NoticeWithEvidence& item);

// Project codes as sites print them differ in padding (ASCII or full-width
// spaces) and letter case only.
std::string CanonicalCode(std::string_view code);
// Whether CanonicalCode(code) == code: most codes are printed canonical, and
// need no copy.
bool IsCanonicalCode(std::string_view code);

// A project's name from one of its notice titles: sites append the notice type
// and often the code ("…项目 [项目编号：X]招标公告"); neither names the project.
std::string ProjectTitle(std::string title);

// The notice as evidence. Without a publication date from the site, `published`
// is the capture day that PublicationDate counts, and published_from "capture".
Evidence EvidenceOf(const NoticeWithEvidence& item);

// A deadline: `calendar_days` first (their last day moved as `last_day`
// says), then `working_days`, counted from `start` (not counted).
struct Clock {
  Date start;
  int calendar_days = 0;
  int working_days = 0;
  LastDay last_day = LastDay::kNextWorkingDay;
  const RuleClock* definition = nullptr;  // the rule's clock it comes from

  // No clock of N days ends sooner than start + N calendar days, whatever the calendar says.
  Date EarliestDue() const { return start.AddDays(calendar_days + working_days); }
  // nullopt when the computation needs a year the calendar does not cover.
  std::optional<Date> Due(const WorkingDayCalendar& calendar) const;
};

// The rule's first due clock whose start `events` give (by RuleClock::from; a
// clock `on` a fixed day needs none); nullopt when none does.
std::optional<Clock> ClockFor(const Rule& rule, const std::map<std::string, Date>& events);

// A finding of the rule's kind about `subject` on `site`, with the rule's id,
// source, confidence and severity; its id is FindingId(site, subject, expected_notice).
Finding NewFinding(const Rule& rule, const std::string& site, const std::string& subject,
                   const std::string& expected_notice);

// The finding when `reference` (as_of for a missing notice, the publication
// for a late one) is after the clock's due date, else nullopt. Sets due and
// overdue_working_days, or marks it calendar_unknown (MarkCalendarUnknown)
// when the calendar cannot give them (the finding stays: no invented number).
// A clock starting before the rule's valid_from raises nothing.
std::optional<Finding> Overdue(const CheckInput& input, const Rule& rule, const std::string& site,
                               const std::string& subject, const std::string& expected_notice, const Clock& clock,
                               Date reference);

// A finding whose due date or overdue count needs a year the calendar lacks:
// confidence "calendar_unknown", and calendar_missing_year the earliest year
// between the clock's `start` and `reference` whose official calendar (the
// State Council's 节假日安排 notice) is not loaded.
void MarkCalendarUnknown(Finding& finding, const WorkingDayCalendar& calendar, Date start, Date reference);

// The families, each appending what it finds. Those marked "no project" read
// none of input.projects (CheckGroupedFindings runs them beside the grouping).
void CheckChains(const CheckInput& input, std::vector<Finding>& findings);    // chain_checks.cc
void CheckContents(const CheckInput& input, std::vector<Finding>& findings);  // content_checks.cc; no project
// The credit site's: penalty_late (no project), then blacklisted_winner. credit_checks.cc
void CheckCreditDelays(const CheckInput& input, std::vector<Finding>& findings);
void CheckBlacklistedWinners(const CheckInput& input, std::vector<Finding>& findings);
void CheckDepartments(const CheckInput& input, std::vector<Finding>& findings);  // department_checks.cc; no project
void CheckConsistency(const CheckInput& input, std::vector<Finding>& findings);  // consistency_checks.cc
void CheckWatch(const CheckInput& input, std::vector<Finding>& findings);        // watch_checks.cc; no project

}  // namespace gapwatch::checks
