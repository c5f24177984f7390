// The departments' own duties on the portal (data/departments.yaml):
// plan_missing (seed plan §七(一)) and annual_report_missing (政府信息公开条例
// 第四十九条). Both deadlines are fixed days, not periods: never moved off a
// rest day. Neither kind has a late twin: a finding leaves once its notice
// stands. The evidence is the department's list as last captured.
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

bool PublishedBy(const Department& department, const Notice& notice) {
  if (notice.url.find("/" + department.portal_slug + "/gkmlpt/") != std::string::npos) return true;
  const std::string buyer = CanonicalPartyName(notice.buyer);
  for (const std::string& name : department.portal_names) {
    if (buyer == CanonicalPartyName(name)) return true;
  }
  return false;
}

// The plans and annual reports standing on the portal on as_of.
std::vector<const NoticeWithEvidence*> DutyNotices(const CheckInput& input) {
  std::vector<const NoticeWithEvidence*> duties;
  for (const NoticeWithEvidence* item : input.standing) {
    const Notice& notice = item->notice;
    if (notice.site == kPortalSite && (notice.kind == "plan" || notice.kind == "annual_report")) {
      duties.push_back(item);
    }
  }
  return duties;
}

PortalRecord RecordOf(const Department& department, const std::vector<const NoticeWithEvidence*>& duties) {
  PortalRecord record;
  for (const NoticeWithEvidence* item : duties) {
    if (!PublishedBy(department, item->notice)) continue;
    if (item->notice.kind == "plan") record.has_plan = true;
    if (item->notice.kind == "annual_report") record.report_years.insert(ReportYear(*item));
  }
  return record;
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
  const std::vector<const NoticeWithEvidence*> duties = DutyNotices(input);
  // Without a single plan or report of any department, absence cannot be told
  // from a crawl that left the portal's disclosure platform out, and 14
  // departments would be accused wrongly.
  if (duties.empty()) return;
  for (const Department& department : OfficialDepartments()) {
    const PortalRecord record = RecordOf(department, duties);
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
