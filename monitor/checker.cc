#include "monitor/checker.h"

#include <openssl/evp.h>

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <tuple>

namespace gapwatch {
namespace {

constexpr char kProcurement[] = "procurement";
// Marks a finding whose due date or overdue count the calendar could not give.
constexpr char kCalendarUnknown[] = "calendar_unknown";

std::optional<Date> DateOf(const std::optional<std::string>& text) { return text ? Date::Parse(*text) : std::nullopt; }

// The day a notice counts as published: the site's date, else the capture time
// (DOMAIN.md: "where a site gives none, the capture time is used").
std::optional<Date> PublicationDate(const NoticeWithEvidence& item) {
  if (const auto published = DateOf(item.notice.published)) return published;
  return Date::Parse(item.captured_at);
}

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Project codes as sites print them differ in padding (ASCII or full-width
// spaces) and letter case only.
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

// A project's name from one of its notice titles: sites append the notice type
// and often the code ("…项目 [项目编号：X]招标公告"); neither names the project.
std::string ProjectTitle(std::string title) {
  for (const auto& [open, close] :
       {std::pair<std::string, std::string>{"[", "]"}, {"【", "】"}, {"(", ")"}, {"（", "）"}}) {
    const auto start = title.find(open + "项目编号");
    const auto end = start == std::string::npos ? start : title.find(close, start);
    if (end != std::string::npos) title.erase(start, end + close.size() - start);
  }
  for (const std::string suffix : {"招标公告", "采购公告", "中标（成交）结果公告", "中标(成交)结果公告", "结果公告",
                                   "合同公告", "终止公告", "更正公告"}) {
    if (title.size() > suffix.size() && title.ends_with(suffix)) {
      title.resize(title.size() - suffix.size());
      break;
    }
  }
  while (!title.empty() && title.back() == ' ') title.pop_back();
  return title;
}

std::vector<Project> Group(const std::vector<const NoticeWithEvidence*>& notices) {
  std::map<std::string, Project> by_code;
  for (const auto* item : notices) {
    std::string code = CanonicalCode(item->notice.project_code);
    if (code.empty()) continue;
    Project& project = by_code[code];
    project.code = std::move(code);
    project.notices.push_back(item);
  }
  std::vector<Project> projects;
  for (auto& [code, project] : by_code) {
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
    projects.push_back(std::move(project));
  }
  return projects;
}

Evidence EvidenceOf(const NoticeWithEvidence& item) {
  const auto published = DateOf(item.notice.published);
  return Evidence{item.notice.url,  item.notice.kind, published ? published->ToString() : "",
                  item.captured_at, item.sha256,      {}};
}

// A deadline: `calendar_days` first (ending on a working day, 民法典 reading),
// then `working_days`, counted from `start` (not counted).
struct Clock {
  Date start;
  int calendar_days = 0;
  int working_days = 0;

  // No clock of N days ends sooner than start + N calendar days, whatever the calendar says.
  Date EarliestDue() const { return start.AddDays(calendar_days + working_days); }

  // nullopt when the computation needs a year the calendar does not cover.
  std::optional<Date> Due(const WorkingDayCalendar& calendar) const {
    try {
      const Date base = calendar_days > 0 ? calendar.AddCalendarDaysToWorkingDay(start, calendar_days) : start;
      return calendar.AddWorkingDays(base, working_days);
    } catch (const CalendarUnknown&) {
      return std::nullopt;
    }
  }
};

// What the chain check knows about a project, from its notices in publication order.
struct ProcurementChain {
  explicit ProcurementChain(const Project& project) {
    for (const auto* item : project.notices) {
      const std::string& kind = item->notice.kind;
      if (kind == "tender" || kind == "correction") {
        has_tender = has_tender || kind == "tender";
        tender_notices.push_back(item);
        // The latest notice stating an opening wins: corrections move it.
        if (const auto stated = DateOf(item->notice.opening)) opening = stated;
      } else if (kind == "award" && !award) {
        award = item;
      } else if (kind == "contract" && !contract) {
        contract = item;
      } else if (kind == "termination") {
        terminated = true;
      }
    }
  }

  bool has_tender = false;
  bool terminated = false;
  std::optional<Date> opening;
  std::vector<const NoticeWithEvidence*> tender_notices;  // tenders and corrections
  const NoticeWithEvidence* award = nullptr;              // the first published
  const NoticeWithEvidence* contract = nullptr;           // the first published
};

class ChainChecker {
 public:
  ChainChecker(const WorkingDayCalendar& calendar, const RuleBook& rules, std::vector<Finding>& findings)
      : calendar_(calendar), rules_(rules), findings_(findings) {}

  void Check(const Project& project, Date as_of) {
    const ProcurementChain chain(project);
    CheckAward(project, chain, as_of);
    CheckContract(project, chain, as_of);
  }

 private:
  void CheckAward(const Project& project, const ProcurementChain& chain, Date as_of) {
    std::optional<Clock> clock;
    // GP-11 bound: evaluation report 2 WD + decision 5 WD + result notice 2 WD.
    if (chain.opening) clock = Clock{*chain.opening, 0, 9};
    if (!chain.award) {
      if (!chain.has_tender || chain.terminated || !clock) return;
      Raise("award_missing", "award", project, *clock, as_of, chain.tender_notices);
      return;
    }
    if (const auto decided = DateOf(chain.award->notice.decided)) clock = Clock{*decided, 0, 2};  // GP-12
    if (!clock) return;
    std::vector<const NoticeWithEvidence*> evidence = {chain.award};
    evidence.insert(evidence.end(), chain.tender_notices.begin(), chain.tender_notices.end());
    Raise("award_late", "award", project, *clock, *PublicationDate(*chain.award), evidence);
  }

  void CheckContract(const Project& project, const ProcurementChain& chain, Date as_of) {
    // GP-14 bound: signing within 30 days of the award, then GP-15's 2 WD.
    std::optional<Clock> from_award;
    if (chain.award) from_award = Clock{*PublicationDate(*chain.award), 30, 2};
    if (!chain.contract) {
      if (!from_award || chain.terminated) return;
      Raise("contract_missing", "contract", project, *from_award, as_of, {chain.award});
      return;
    }
    std::optional<Clock> clock = from_award;
    if (const auto signed_on = DateOf(chain.contract->notice.signed_on)) clock = Clock{*signed_on, 0, 2};  // GP-15
    if (!clock) return;
    std::vector<const NoticeWithEvidence*> evidence = {chain.contract};
    if (chain.award) evidence.push_back(chain.award);
    Raise("contract_late", "contract", project, *clock, *PublicationDate(*chain.contract), evidence);
  }

  // Raises `kind` when `reference` (as_of for a missing notice, the
  // publication for a late one) is after the clock's due date.
  void Raise(const std::string& kind, const std::string& expected_notice, const Project& project, const Clock& clock,
             Date reference, const std::vector<const NoticeWithEvidence*>& evidence) {
    const Rule& rule = rules_.For(kind, project.domain);
    if (clock.start < rule.valid_from) return;
    // Certainly not overdue, even where the calendar cannot say when exactly it is due.
    if (reference <= clock.EarliestDue()) return;
    const std::optional<Date> due = clock.Due(calendar_);
    if (due && reference <= *due) return;

    Finding finding;
    finding.id = FindingId(DesignatedSite(project.domain), project.code, expected_notice);
    finding.kind = kind;
    finding.severity = rule.severity;
    finding.domain = project.domain;
    finding.site = DesignatedSite(project.domain);
    finding.project_code = project.code;
    finding.project_title = project.title;
    finding.buyer = project.buyer;
    finding.rule_id = rule.id;
    finding.rule_source = rule.source;
    finding.confidence = rule.confidence;
    // An uncovered year (e.g. 2027 before its notice) leaves the due date or
    // the count unknown: the finding stays, flagged, with no invented number.
    if (due) {
      finding.due = due->ToString();
      try {
        finding.overdue_working_days = calendar_.WorkingDaysBetween(*due, reference);
      } catch (const CalendarUnknown&) {
        finding.confidence = kCalendarUnknown;
      }
    } else {
      finding.confidence = kCalendarUnknown;
    }
    for (const auto* item : evidence) finding.evidence.push_back(EvidenceOf(*item));
    findings_.push_back(std::move(finding));
  }

  const WorkingDayCalendar& calendar_;
  const RuleBook& rules_;
  std::vector<Finding>& findings_;
};

// field_missing: one finding per site and subject, its evidence the notices
// that lack mandatory contents, each missing item with the rule requiring it.
// A domain without a field_missing rule in data/rules.yaml raises nothing.
void CheckContents(const std::vector<const NoticeWithEvidence*>& standing, const RuleBook& rules,
                   std::vector<Finding>& findings) {
  std::map<std::pair<std::string, std::string>, Finding> by_subject;  // (site, subject)
  for (const NoticeWithEvidence* item : standing) {
    const Notice& notice = item->notice;
    if (notice.fields_missing.empty() || !rules.Has("field_missing", notice.domain, notice.kind)) continue;
    const Rule& rule = rules.For("field_missing", notice.domain, notice.kind);
    const std::optional<Date> published = PublicationDate(*item);
    if (published && *published < rule.valid_from) continue;
    // A notice without a project code (an intention) is its own subject.
    const std::string code = CanonicalCode(notice.project_code);
    const std::string subject = code.empty() ? notice.url : code;
    Finding& finding = by_subject[{notice.site, subject}];
    if (finding.id.empty()) {
      finding.id = FindingId(notice.site, subject, "field_missing");
      finding.kind = "field_missing";
      finding.severity = rule.severity;
      finding.domain = notice.domain;
      finding.site = notice.site;
      finding.project_code = subject;
      finding.project_title = ProjectTitle(notice.title);
      finding.buyer = notice.buyer;
      finding.rule_id = rule.id;
      finding.rule_source = rule.source;
      finding.confidence = rule.confidence;
    }
    Evidence evidence = EvidenceOf(*item);
    for (const std::string& missing : notice.fields_missing) evidence.missing.push_back({missing, rule.id});
    finding.evidence.push_back(std::move(evidence));
  }
  for (auto& [key, finding] : by_subject) findings.push_back(std::move(finding));
}

}  // namespace

std::string DesignatedSite(const std::string& domain) {
  if (domain == "procurement") return "procurement";
  if (domain == "credit") return "credit";
  if (domain == "portal") return "portal";
  return "trading";
}

std::vector<Project> GroupIntoProjects(const std::vector<NoticeWithEvidence>& notices) {
  std::vector<const NoticeWithEvidence*> all;
  for (const auto& item : notices) all.push_back(&item);
  return Group(all);
}

std::vector<Finding> CheckFindings(const std::vector<NoticeWithEvidence>& notices, Date as_of,
                                   const WorkingDayCalendar& calendar, const RuleBook& rules) {
  // The world as it stood on as_of: later notices did not exist yet; undated ones cannot be placed.
  // Deadlines bind the designated site (DOMAIN.md): a copy elsewhere (a procurement
  // result re-posted on the trading platform) neither meets nor breaks them.
  std::vector<const NoticeWithEvidence*> standing;
  for (const auto& item : notices) {
    const auto published = PublicationDate(item);
    if (published && *published <= as_of && item.notice.site == DesignatedSite(item.notice.domain)) {
      standing.push_back(&item);
    }
  }
  std::vector<Finding> findings;
  ChainChecker checker(calendar, rules, findings);
  for (const Project& project : Group(standing)) {
    if (project.domain == kProcurement) checker.Check(project, as_of);
  }
  CheckContents(standing, rules, findings);
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.kind, a.project_code, a.site) < std::tie(b.kind, b.project_code, b.site);
  });
  return findings;
}

std::string FindingId(const std::string& site, const std::string& subject, const std::string& expected_notice) {
  const std::string input = site + '\x1f' + subject + '\x1f' + expected_notice;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("FindingId: SHA-256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (unsigned int i = 0; i < 8; ++i) {
    id += kHex[digest[i] >> 4];
    id += kHex[digest[i] & 0x0f];
  }
  return id;
}

}  // namespace gapwatch
