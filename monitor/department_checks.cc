// The departments' own duties on the portal (data/departments.yaml):
// plan_missing (seed plan §七(一)) and annual_report_missing (政府信息公开条例
// 第四十九条). Both deadlines are fixed days, not periods: never moved off a
// rest day. Neither kind has a late twin: a finding leaves once its notice
// stands. The evidence is the department's list as last captured.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "monitor/check_support.h"
#include "monitor/departments.h"
#include "parsers/identifiers.h"

namespace gapwatch::checks {
namespace {

constexpr char kPortalSite[] = "portal";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The year a report covers, from its title ("韶关市财政局2019年政府信息公开工作年度报告",
// "…2019年度…"): the first four digits followed by 年. Failing that, the year
// before its publication, the year Art. 49 has it report on.
int ReportYear(const NoticeWithEvidence& item) {
  const std::string_view title = item.notice.title;
  constexpr std::string_view kYear = "年";
  for (std::size_t at = title.find(kYear); at != std::string_view::npos; at = title.find(kYear, at + 1)) {
    if (at < 4) continue;
    const std::string_view digits = title.substr(at - 4, 4);
    const bool four_digits = IsDigit(digits[0]) && IsDigit(digits[1]) && IsDigit(digits[2]) && IsDigit(digits[3]);
    if (four_digits && (at == 4 || !IsDigit(title[at - 5]))) return std::stoi(std::string(digits));
  }
  return PublicationDate(item)->year - 1;
}

// What a department has on the portal on as_of.
struct PortalRecord {
  bool has_plan = false;
  std::set<int> report_years;
};

// What each department has on the portal on as_of: its plans and annual
// reports, found by the department's column in the URL (/<slug>/gkmlpt/) or
// by any name it published under. One pass over the notices.
std::vector<PortalRecord> PortalRecords(const CheckInput& input, const std::vector<Department>& departments) {
  std::map<std::string, std::vector<std::size_t>, std::less<>> by_slug, by_name;
  for (std::size_t i = 0; i < departments.size(); ++i) {
    by_slug[departments[i].portal_slug].push_back(i);
    for (const std::string& name : departments[i].portal_names) by_name[CanonicalPartyName(name)].push_back(i);
  }
  std::vector<PortalRecord> records(departments.size());
  for (const NoticeWithEvidence* item : input.standing) {
    const HeldNotice& notice = item->notice;
    if (notice.site != kPortalSite || (notice.kind != "plan" && notice.kind != "annual_report")) continue;
    std::set<std::size_t> publishers;
    constexpr std::string_view kColumn = "/gkmlpt/";
    if (const std::size_t column = notice.url.view().find(kColumn); column != std::string::npos && column > 0) {
      const std::size_t slug = notice.url.view().rfind('/', column - 1);
      if (slug != std::string::npos) {
        const auto found = by_slug.find(std::string_view(notice.url).substr(slug + 1, column - slug - 1));
        if (found != by_slug.end()) publishers.insert(found->second.begin(), found->second.end());
      }
    }
    if (const auto found = by_name.find(input.canonical_party(notice.buyer)); found != by_name.end()) {
      publishers.insert(found->second.begin(), found->second.end());
    }
    for (const std::size_t i : publishers) {
      if (notice.kind == "plan") records[i].has_plan = true;
      if (notice.kind == "annual_report") records[i].report_years.insert(ReportYear(*item));
    }
  }
  return records;
}

// Whether the portal's disclosure platform was read at all.
bool PortalSeen(const CheckInput& input) {
  return std::any_of(input.standing.begin(), input.standing.end(), [](const NoticeWithEvidence* item) {
    return item->notice.site == kPortalSite && (item->notice.kind == "plan" || item->notice.kind == "annual_report");
  });
}

// Raises `kind` when the rule's clock, started by `events`, has run out by as_of.
void Raise(const CheckInput& input, const Department& department, const std::string& kind,
           const std::string& expected_notice, const std::map<std::string, Date>& events, const std::string& title,
           std::vector<Finding>& findings) {
  if (!input.rules.Has(kind, kPortalSite)) return;  // a rule book without it checks nothing of it
  const Rule& rule = input.rules.For(kind, kPortalSite);
  const std::optional<Clock> clock = ClockFor(rule, events);
  if (!clock) return;
  std::optional<Finding> finding =
      Overdue(input, rule, kPortalSite, department.seed_name, expected_notice, *clock, input.as_of);
  if (!finding) return;
  finding->project_title = title;
  finding->buyer = department.name;
  // The proof of absence: the department's own list on the portal as last read, without it.
  for (const ListingPage& page : input.listings) {
    if (page.site == kPortalSite &&
        page.capture.url.find("/" + department.portal_slug + "/gkmlpt/") != std::string::npos) {
      finding->evidence.push_back(page.capture);
    }
  }
  findings.push_back(std::move(*finding));
}

}  // namespace

void CheckDepartments(const CheckInput& input, std::vector<Finding>& findings) {
  // Without a single plan or report of any department, absence cannot be told
  // from a crawl that left the portal's disclosure platform out, and 14
  // departments would be accused wrongly.
  if (!PortalSeen(input)) return;
  const std::vector<Department>& departments = OfficialDepartments();
  const std::vector<PortalRecord> records = PortalRecords(input, departments);
  for (std::size_t i = 0; i < departments.size(); ++i) {
    const Department& department = departments[i];
    const PortalRecord& record = records[i];
    if (!record.has_plan) {
      Raise(input, department, "plan_missing", "plan", {{"plan_due", department.plan_due}}, department.name, findings);
    }
    // The report on year Y runs from its last day (GI-49: due 31 January of Y+1).
    for (int year = department.first_report_year; year < input.as_of.year; ++year) {
      if (record.report_years.count(year)) continue;
      const std::string year_text = std::to_string(year);
      Raise(input, department, "annual_report_missing", "annual_report " + year_text,
            {{"year_end", Date{year, 12, 31}}}, department.name + " " + year_text + "年度报告", findings);
    }
  }
}

}  // namespace gapwatch::checks
