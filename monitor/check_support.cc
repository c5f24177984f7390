#include "monitor/check_support.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <numeric>
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

bool IsChainKind(std::string_view kind) {
  return kind == "tender" || kind == "correction" || kind == "candidates" || kind == "award" || kind == "contract" ||
         kind == "termination";
}

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

std::map<std::string, std::vector<const NoticeWithEvidence*>> NoticesByCode(
    const std::vector<const NoticeWithEvidence*>& notices) {
  // Gathered by a hash of the codes, then put in the map in code order: a
  // million inserts at random places of a std::map were most of the cost.
  std::deque<std::string> canonical;  // the codes not printed canonical
  std::unordered_map<std::string_view, std::uint32_t> code_ids;
  std::vector<std::string_view> codes;
  std::vector<std::vector<const NoticeWithEvidence*>> items_of;
  for (const auto* item : notices) {
    const std::string_view printed = item->notice.project_code;
    const std::string_view code =
        IsCanonicalCode(printed) ? printed : std::string_view(canonical.emplace_back(CanonicalCode(printed)));
    if (code.empty()) continue;
    const auto [entry, added] = code_ids.try_emplace(code, static_cast<std::uint32_t>(codes.size()));
    if (added) {
      codes.push_back(code);
      items_of.emplace_back();
    }
    items_of[entry->second].push_back(item);
  }
  code_ids = {};
  std::vector<std::uint32_t> in_code_order(codes.size());
  std::iota(in_code_order.begin(), in_code_order.end(), 0);
  std::sort(in_code_order.begin(), in_code_order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return codes[a] < codes[b]; });
  // Each notice's place worked out once, not at every comparison (a date
  // parsed and two strings copied each time).
  struct Placed {
    Date day;
    std::string_view published;
    std::string_view url;
    const NoticeWithEvidence* item;
  };
  std::vector<Placed> placed;
  std::map<std::string, std::vector<const NoticeWithEvidence*>> by_code;
  for (const std::uint32_t id : in_code_order) {
    std::vector<const NoticeWithEvidence*>& items = items_of[id];
    if (items.size() >= 2) {
      placed.clear();
      for (const NoticeWithEvidence* item : items) {
        const HeldNotice& notice = item->notice;
        placed.push_back({PublicationDate(*item).value_or(Date{}),
                          notice.published ? std::string_view(*notice.published) : std::string_view(), notice.url,
                          item});
      }
      std::stable_sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
        return std::tie(a.day, a.published, a.url) < std::tie(b.day, b.published, b.url);
      });
      for (std::size_t i = 0; i < items.size(); ++i) items[i] = placed[i].item;
    }
    by_code.emplace_hint(by_code.end(), codes[id], std::move(items));
  }
  return by_code;
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
