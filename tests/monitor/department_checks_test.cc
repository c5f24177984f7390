// plan_missing and annual_report_missing (monitor/department_checks.cc) through
// CheckFindings with the shipped data/departments.yaml, and its loader
// (monitor/departments.cc). Both deadlines are fixed days (not moved off a
// rest day): the comments say which day and what kind of day it is.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "monitor/checker.h"
#include "monitor/departments.h"
#include "parsers/strict_yaml.h"

namespace gapwatch {
namespace {

Date D(const char* text) { return *Date::Parse(text); }

constexpr char kFinance[] = "市财政局";  // seed plan §七(一); portal slug sgsczj

NoticeWithEvidence PortalNotice(const std::string& kind, const std::string& title, const std::string& published,
                                const std::string& buyer = "韶关市财政局", const std::string& slug = "sgsczj") {
  NoticeWithEvidence item;
  item.notice.site = "portal";
  item.notice.url = "https://www.sg.gov.cn/" + slug + "/gkmlpt/content/0/900/post_" + published + ".html";
  item.notice.kind = kind;
  item.notice.domain = "portal";
  item.notice.title = title;
  item.notice.buyer = buyer;
  item.notice.published = published + "T10:00:00+08:00";
  item.captured_at = published + "T18:00:00+08:00";
  item.sha256 = std::string(64, 'd');
  return item;
}

NoticeWithEvidence Plan(const std::string& published) {
  return PortalNotice("plan", "韶关市财政局关于印发推进公共资源配置领域政府信息公开工作方案的通知", published);
}

NoticeWithEvidence Report(int year, const std::string& published) {
  return PortalNotice("annual_report", "韶关市财政局" + std::to_string(year) + "年政府信息公开工作年度报告", published);
}

// Every report of 2018–2024, each published on 10 January of the next year.
std::vector<NoticeWithEvidence> ReportsOnTime(int except_year = 0) {
  std::vector<NoticeWithEvidence> reports;
  for (int year = 2018; year <= 2024; ++year) {
    if (year != except_year) reports.push_back(Report(year, std::to_string(year + 1) + "-01-10"));
  }
  return reports;
}

// The findings of `kind` about 市财政局. 市审计局's plan (14 Aug 2018) stands
// beside `notices`, so that the portal counts as read.
std::vector<Finding> FinanceFindings(std::vector<NoticeWithEvidence> notices, const char* as_of,
                                     const std::string& kind) {
  notices.push_back(
      PortalNotice("plan", "韶关市审计局关于印发…工作方案的通知", "2018-08-14", "韶关市审计局", "sgssjj"));
  std::vector<Finding> found;
  for (Finding& finding : CheckFindings(notices, D(as_of), WorkingDayCalendar::Official(), RuleBook::Official())) {
    if (finding.kind == kind && finding.project_code == kFinance) found.push_back(std::move(finding));
  }
  return found;
}

TEST(DepartmentChecksTest, NothingIsMissingWhenThePortalWasNotRead) {
  // Not one plan or report of any department: the portal was left out of the crawl.
  NoticeWithEvidence award = PortalNotice("award", "韶关市某工程中标结果公告", "2025-03-03", "韶关市财政局", "sgsczj");
  award.notice.domain = "construction";
  for (const Finding& finding :
       CheckFindings({award}, D("2025-12-31"), WorkingDayCalendar::Official(), RuleBook::Official())) {
    EXPECT_NE(finding.kind, "plan_missing");
    EXPECT_NE(finding.kind, "annual_report_missing");
  }
}

TEST(DepartmentChecksTest, NoPlanByThirtiethAugust2018IsPlanMissing) {
  // Due Thu 30 Aug 2018, the seed plan's day; as of Fri 31 Aug it is missing, 1 WD over.
  const auto findings = FinanceFindings(ReportsOnTime(), "2018-08-31", "plan_missing");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].site, "portal");
  EXPECT_EQ(findings[0].project_title, "韶关市财政局");
  EXPECT_EQ(findings[0].due, "2018-08-30");
  EXPECT_EQ(findings[0].overdue_working_days, 1);
  EXPECT_EQ(findings[0].rule_id, "SEED-7.1");
}

TEST(DepartmentChecksTest, PlanIsNotMissingOnItsDueDay) {
  EXPECT_TRUE(FinanceFindings({}, "2018-08-30", "plan_missing").empty());
}

TEST(DepartmentChecksTest, PlanPublishedOnItsDueDayIsOnTime) {
  // plan_on_due_day: online 30 Aug 2018 itself.
  EXPECT_TRUE(FinanceFindings({Plan("2018-08-30")}, "2025-12-31", "plan_missing").empty());
}

TEST(DepartmentChecksTest, LatePlanLeavesOnceItIsPublished) {
  // plan_late: missing until 20 Oct 2018, then nothing (plan_missing has no late twin).
  EXPECT_EQ(FinanceFindings({Plan("2018-10-20")}, "2018-10-19", "plan_missing").size(), 1u);
  EXPECT_TRUE(FinanceFindings({Plan("2018-10-20")}, "2018-10-20", "plan_missing").empty());
}

TEST(DepartmentChecksTest, PlanUnderTheOldNameOnTheDepartmentsColumnCounts) {
  // 市经信局 published as 韶关市经济和信息化局 in 2018, on its own gkmlpt column sgsgxj.
  const NoticeWithEvidence plan = PortalNotice("plan", "韶关市经济和信息化局关于印发…工作方案的通知", "2018-07-25",
                                               "韶关市经济和信息化局", "sgsgxj");
  for (const Finding& finding :
       CheckFindings({plan}, D("2018-12-31"), WorkingDayCalendar::Official(), RuleBook::Official())) {
    EXPECT_NE(finding.project_code, "市经信局");
  }
}

TEST(DepartmentChecksTest, MissingReportIsDueThirtyFirstJanuaryOfTheNextYear) {
  // report_never: 2019's report never published; due Fri 31 Jan 2020 — a Spring Festival rest
  // day, but a fixed day does not move to Mon 3 Feb. As of Mon 3 Feb 2020: 1 WD over.
  const auto findings = FinanceFindings(ReportsOnTime(2019), "2020-02-03", "annual_report_missing");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].due, "2020-01-31");
  EXPECT_EQ(findings[0].overdue_working_days, 1);
  EXPECT_EQ(findings[0].project_title, "韶关市财政局 2019年度报告");
  EXPECT_EQ(findings[0].rule_id, "GI-49");
  // Still missing six years on.
  ASSERT_EQ(FinanceFindings(ReportsOnTime(2019), "2025-12-31", "annual_report_missing").size(), 1u);
}

TEST(DepartmentChecksTest, ReportIsNotMissingOnItsDueDay) {
  // 2024's report is due Fri 31 Jan 2025 (a Spring Festival rest day): not missing on the day itself.
  EXPECT_TRUE(FinanceFindings(ReportsOnTime(2024), "2025-01-31", "annual_report_missing").empty());
  EXPECT_EQ(FinanceFindings(ReportsOnTime(2024), "2025-02-01", "annual_report_missing").size(), 1u);
}

TEST(DepartmentChecksTest, ReportPublishedOnItsDueDayIsOnTime) {
  // report_on_due_day: 2022's report on Tue 31 Jan 2023 itself.
  std::vector<NoticeWithEvidence> notices = ReportsOnTime(2022);
  notices.push_back(Report(2022, "2023-01-31"));
  EXPECT_TRUE(FinanceFindings(notices, "2025-12-31", "annual_report_missing").empty());
}

TEST(DepartmentChecksTest, LateReportLeavesOnceItIsPublished) {
  // report_late: 2021's report on 15 Mar 2022; missing from 1 Feb until then.
  std::vector<NoticeWithEvidence> notices = ReportsOnTime(2021);
  notices.push_back(Report(2021, "2022-03-15"));
  const auto before = FinanceFindings(notices, "2022-03-14", "annual_report_missing");
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].due, "2022-01-31");
  EXPECT_TRUE(FinanceFindings(notices, "2022-03-15", "annual_report_missing").empty());
}

TEST(DepartmentChecksTest, EachMissingYearIsItsOwnFinding) {
  // As of 15 Feb 2026 the 2025 report (due Sat 31 Jan 2026) joins the 2019 one.
  const auto findings = FinanceFindings(ReportsOnTime(2019), "2026-02-15", "annual_report_missing");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_NE(findings[0].id, findings[1].id);
  std::vector<std::string> dues = {*findings[0].due, *findings[1].due};
  std::sort(dues.begin(), dues.end());
  EXPECT_EQ(dues, (std::vector<std::string>{"2020-01-31", "2026-01-31"}));
}

TEST(DepartmentChecksTest, AnotherDepartmentsReportDoesNotCount) {
  // 市审计局's 2019 report does not stand for 市财政局's.
  std::vector<NoticeWithEvidence> notices = ReportsOnTime(2019);
  notices.push_back(PortalNotice("annual_report", "韶关市审计局2019年政府信息公开工作年度报告", "2020-01-09",
                                 "韶关市审计局", "sgssjj"));
  EXPECT_EQ(FinanceFindings(notices, "2025-12-31", "annual_report_missing").size(), 1u);
}

// The loader.

std::string DepartmentYaml(const std::string& plan_due_line = "    plan_due: 2018-08-30",
                           const std::string& extra_line = "") {
  return "departments:\n"                 // 1
         "  - seed_name: 市财政局\n"      // 2
         "    name: 韶关市财政局\n"       // 3
         "    portal:\n"                  // 4
         "      slug: sgsczj\n"           // 5
         "      names: [韶关市财政局]\n"  // 6
         + plan_due_line + "\n" +         // 7
         "    first_report_year: 2018\n"  // 8
         + extra_line;                    // 9
}

ConfigError LoadError(const std::string& yaml) {
  try {
    DepartmentsFromYaml(yaml, "departments.yaml");
  } catch (const ConfigError& error) {
    return error;
  }
  ADD_FAILURE() << "expected a ConfigError for:\n" << yaml;
  return ConfigError("", 0, "", "");
}

TEST(DepartmentChecksTest, TheDepartmentsListAsLastReadIsTheProofOfAbsence) {
  std::vector<NoticeWithEvidence> notices = ReportsOnTime();
  notices.push_back(
      PortalNotice("plan", "韶关市审计局关于印发…工作方案的通知", "2018-08-14", "韶关市审计局", "sgssjj"));
  const auto page = [](const std::string& slug, const std::string& sha) {
    return ListingPage{"portal", Evidence{"https://www.sg.gov.cn/" + slug + "/gkmlpt/api/all/0?page=1&sid=764085",
                                          "list",
                                          "",
                                          "2025-12-31T09:00:00+08:00",
                                          sha,
                                          {}}};
  };
  const std::vector<ListingPage> listings = {page("sgsczj", std::string(64, 'a')),
                                             page("sgssjj", std::string(64, 'b'))};
  std::vector<Finding> plans;
  for (Finding& finding : CheckFindings(notices, D("2025-12-31"), WorkingDayCalendar::Official(), RuleBook::Official(),
                                        {}, {}, listings)) {
    if (finding.kind == "plan_missing" && finding.project_code == kFinance) plans.push_back(std::move(finding));
  }
  ASSERT_EQ(plans.size(), 1u);
  // 市财政局's own list, not 市审计局's.
  ASSERT_EQ(plans[0].evidence.size(), 1u);
  EXPECT_EQ(plans[0].evidence[0].sha256, std::string(64, 'a'));
  EXPECT_EQ(plans[0].evidence[0].notice_kind, "list");
}

TEST(DepartmentsTest, ReadsAValidFile) {
  const auto departments = DepartmentsFromYaml(DepartmentYaml(), "departments.yaml");
  ASSERT_EQ(departments.size(), 1u);
  EXPECT_EQ(departments[0].seed_name, "市财政局");
  EXPECT_EQ(departments[0].name, "韶关市财政局");
  EXPECT_EQ(departments[0].portal_slug, "sgsczj");
  EXPECT_EQ(departments[0].portal_names, std::vector<std::string>{"韶关市财政局"});
  EXPECT_EQ(departments[0].plan_due, D("2018-08-30"));
  EXPECT_EQ(departments[0].first_report_year, 2018);
}

TEST(DepartmentsTest, OfficialFileListsTheFourteenDepartmentsOfTheSeedPlan) {
  const auto& departments = OfficialDepartments();
  ASSERT_EQ(departments.size(), 14u);
  EXPECT_EQ(departments.front().seed_name, "市发改局");
  EXPECT_EQ(departments.front().name, "韶关市发展和改革局");
  EXPECT_EQ(departments.back().seed_name, "市税务局");
  EXPECT_EQ(departments.back().name, "国家税务总局韶关市税务局");
  EXPECT_EQ(departments.back().portal_names,
            (std::vector<std::string>{"韶关市地方税务局", "国家税务总局韶关市税务局"}));
}

TEST(DepartmentsTest, UnknownKeyNamesItsLine) {
  const ConfigError error = LoadError(DepartmentYaml("    plan_due: 2018-08-30", "    website: x\n"));
  EXPECT_EQ(error.file(), "departments.yaml");
  EXPECT_EQ(error.line(), 9);
  EXPECT_EQ(error.key(), "departments[0].website");
}

TEST(DepartmentsTest, MissingKeyNamesTheDepartment) {
  const ConfigError missing = LoadError(
      "departments:\n  - seed_name: 市财政局\n    name: 韶关市财政局\n    portal: {slug: sgsczj, names: [x]}\n"
      "    first_report_year: 2018\n");
  EXPECT_EQ(missing.line(), 2);
  EXPECT_EQ(missing.key(), "departments[0]");
  EXPECT_NE(std::string(missing.what()).find("plan_due"), std::string::npos);
}

TEST(DepartmentsTest, PlanDueMustBeADate) {
  for (const char* line : {"    plan_due: 2018-8-30", "    plan_due: 2018-02-30", "    plan_due: 8月30日"}) {
    const ConfigError error = LoadError(DepartmentYaml(line));
    EXPECT_EQ(error.line(), 7) << line;
    EXPECT_EQ(error.key(), "departments[0].plan_due") << line;
  }
}

TEST(DepartmentsTest, SlugMustBeAPathSegment) {
  const ConfigError error = LoadError(
      "departments:\n  - seed_name: 市财政局\n    name: 韶关市财政局\n    portal:\n      slug: sg/czj\n"
      "      names: [韶关市财政局]\n    plan_due: 2018-08-30\n    first_report_year: 2018\n");
  EXPECT_EQ(error.line(), 5);
  EXPECT_EQ(error.key(), "departments[0].portal.slug");
}

TEST(DepartmentsTest, DepartmentListedTwiceIsAnError) {
  std::string yaml = DepartmentYaml();
  yaml += yaml.substr(yaml.find("  - seed_name"));  // lines 9–15 repeat 2–8
  const ConfigError error = LoadError(yaml);
  EXPECT_EQ(error.line(), 9);
  EXPECT_EQ(error.key(), "departments[1].seed_name");
}

}  // namespace
}  // namespace gapwatch
