#include "monitor/checker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <stdexcept>
#include <thread>

#include "monitor/check_support.h"
#include "monitor/matcher.h"

namespace gapwatch {
namespace {

// Every due date below is worked out by hand from the State Council notices
// (docs/RULES.md §3, data/calendar/README.md); the comments show the counting.

constexpr char kCode[] = "GDJY2025-001";

Date D(const char* text) { return *Date::Parse(text); }

NoticeWithEvidence MakeNotice(const std::string& kind, const std::string& published, const std::string& code = kCode) {
  NoticeWithEvidence item;
  item.notice.site = "procurement";
  item.notice.url = "https://gdgpo.czt.gd.gov.cn/notice/" + code + "/" + kind + "/" + published;
  item.notice.kind = kind;
  item.notice.domain = "procurement";
  item.notice.project_code = code;
  item.notice.title = "韶关市" + kind + "公告";
  item.notice.buyer = "韶关市" + kind + "局";
  item.notice.published = published + "T10:00:00+08:00";
  item.captured_at = published + "T18:00:00+08:00";
  item.sha256 = std::string(64, 'a' + static_cast<char>(kind.size() % 6));
  return item;
}

NoticeWithEvidence Tender(const std::string& published, const std::string& opening, const std::string& code = kCode) {
  NoticeWithEvidence item = MakeNotice("tender", published, code);
  item.notice.title = "韶关市第一人民医院设备采购项目";
  item.notice.buyer = "韶关市第一人民医院";
  if (!opening.empty()) item.notice.opening = opening + "T09:30:00+08:00";
  return item;
}

NoticeWithEvidence Correction(const std::string& published, const std::string& opening) {
  NoticeWithEvidence item = MakeNotice("correction", published);
  item.notice.opening = opening + "T09:30:00+08:00";
  return item;
}

NoticeWithEvidence Award(const std::string& published, const std::string& decided = "",
                         const std::string& code = kCode) {
  NoticeWithEvidence item = MakeNotice("award", published, code);
  if (!decided.empty()) item.notice.decided = decided;
  return item;
}

NoticeWithEvidence Contract(const std::string& published, const std::string& signed_on = "") {
  NoticeWithEvidence item = MakeNotice("contract", published);
  if (!signed_on.empty()) item.notice.signed_on = signed_on;
  return item;
}

std::vector<Finding> Check(const std::vector<NoticeWithEvidence>& notices, const char* as_of,
                           const RuleBook& rules = RuleBook::Official()) {
  return CheckFindings(notices, D(as_of), WorkingDayCalendar::Official(), rules);
}

TEST(CheckerTest, OnTimeChainRaisesNothing) {
  const std::vector<NoticeWithEvidence> notices = {
      Tender("2025-03-03", "2025-03-20"), Award("2025-03-28", "2025-03-27"),  // due 27 Mar + 2 WD = Mon 31 Mar
      Contract("2025-04-11", "2025-04-10")};                                  // due 10 Apr + 2 WD = Mon 14 Apr
  EXPECT_TRUE(Check(notices, "2025-12-31").empty());
}

TEST(CheckerTest, ACopyOnAnotherSiteDoesNotMeetTheDesignatedSitesDeadline) {
  // The result re-posted on the trading platform only: the procurement site still lacks it.
  NoticeWithEvidence copy = Award("2025-03-28");
  copy.notice.site = "trading";
  copy.notice.url = "https://ygp.gdzwfw.gov.cn/detail?noticeId=1";
  const auto findings = Check({Tender("2025-03-03", "2025-03-20"), copy}, "2025-12-31");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].kind, "award_missing");
  EXPECT_EQ(findings[0].site, "procurement");
  EXPECT_EQ(findings[1].kind, "cross_site_missing");  // and the copy itself is a procurement notice missing there
}

TEST(CheckerTest, MissingAwardIsDueNineWorkingDaysAfterTheOpening) {
  // Opening Thu 20 Mar 2025 + 9 WD: 21, 24, 25, 26, 27, 28, 31 Mar, 1, 2 Apr.
  const std::vector<NoticeWithEvidence> notices = {Tender("2025-03-03", "2025-03-20")};
  EXPECT_TRUE(Check(notices, "2025-04-02").empty()) << "not overdue on the due date itself";

  const auto findings = Check(notices, "2025-04-03");
  ASSERT_EQ(findings.size(), 1u);
  const Finding& finding = findings[0];
  EXPECT_EQ(finding.kind, "award_missing");
  EXPECT_EQ(finding.site, "procurement");
  EXPECT_EQ(finding.domain, "procurement");
  EXPECT_EQ(finding.project_code, kCode);
  EXPECT_EQ(finding.project_title, "韶关市第一人民医院设备采购项目");
  EXPECT_EQ(finding.buyer, "韶关市第一人民医院");
  EXPECT_EQ(finding.due, "2025-04-02");
  EXPECT_EQ(finding.overdue_working_days, 1);
  EXPECT_EQ(finding.rule_id, "GP-12");
  EXPECT_EQ(finding.rule_source, "政府采购法实施条例 第四十三条; 财政部令第87号 第六十九条");
  EXPECT_EQ(finding.severity, "high");
  EXPECT_EQ(finding.confidence, "High");
  EXPECT_EQ(finding.status, "open");
  EXPECT_EQ(finding.first_seen, "");  // the store knows history, not the checker
  ASSERT_EQ(finding.evidence.size(), 1u);
  EXPECT_EQ(finding.evidence[0].url, notices[0].notice.url);
  EXPECT_EQ(finding.evidence[0].notice_kind, "tender");
  EXPECT_EQ(finding.evidence[0].published, "2025-03-03");
  EXPECT_EQ(finding.evidence[0].captured_at, "2025-03-03T18:00:00+08:00");
  EXPECT_EQ(finding.evidence[0].sha256, notices[0].sha256);

  // Fri 4 Apr is 清明 (off), 5–6 Apr a weekend: Mon 7 Apr is the second working day overdue.
  const auto later = Check(notices, "2025-04-07");
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].overdue_working_days, 2);
}

TEST(CheckerTest, MissingAwardCountsAcrossNationalDay) {
  // Opening Thu 25 Sep 2025 + 9 WD: 26 Sep, 28 Sep (Sun, worked), 29, 30 Sep, [1–8 Oct off], 9, 10,
  // 11 Oct (Sat, worked), 13, 14 Oct.
  const std::vector<NoticeWithEvidence> notices = {Tender("2025-09-05", "2025-09-25")};
  EXPECT_TRUE(Check(notices, "2025-10-14").empty());
  const auto findings = Check(notices, "2025-10-15");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].due, "2025-10-14");
  EXPECT_EQ(findings[0].overdue_working_days, 1);
}

TEST(CheckerTest, TheLatestCorrectionMovesTheOpening) {
  // Opening moved to Thu 27 Mar + 9 WD: 28, 31 Mar, 1, 2, 3, [4 Apr off], 7, 8, 9, 10 Apr.
  const std::vector<NoticeWithEvidence> notices = {Correction("2025-03-15", "2025-03-27"),
                                                   Tender("2025-03-03", "2025-03-20")};
  const auto findings = Check(notices, "2025-04-11");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].due, "2025-04-10");
  EXPECT_EQ(findings[0].overdue_working_days, 1);
  ASSERT_EQ(findings[0].evidence.size(), 2u);
  EXPECT_EQ(findings[0].evidence[0].notice_kind, "tender");  // publication order
  EXPECT_EQ(findings[0].evidence[1].notice_kind, "correction");
}

TEST(CheckerTest, AwardLateAgainstItsDecisionDate) {
  // Decided Tue 29 Apr 2025 + 2 WD: 30 Apr, [1–5 May off], Tue 6 May.
  const auto tender = Tender("2025-04-07", "2025-04-28");
  EXPECT_TRUE(Check({tender, Award("2025-05-06", "2025-04-29")}, "2025-06-01").empty());

  const auto award = Award("2025-05-08", "2025-04-29");
  const auto findings = Check({tender, award}, "2025-05-09");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "award_late");
  EXPECT_EQ(findings[0].due, "2025-05-06");
  EXPECT_EQ(findings[0].overdue_working_days, 2);  // 7 and 8 May
  EXPECT_EQ(findings[0].rule_id, "GP-12");
  ASSERT_EQ(findings[0].evidence.size(), 2u);
  EXPECT_EQ(findings[0].evidence[0].url, award.notice.url);
  EXPECT_EQ(findings[0].evidence[1].url, tender.notice.url);
}

TEST(CheckerTest, AwardLateWithoutDecisionDateUsesTheOpeningBound) {
  // Opening Mon 28 Apr 2025 + 9 WD: 29, 30 Apr, [1–5 May off], 6, 7, 8, 9, 12, 13, 14 May.
  const auto tender = Tender("2025-04-07", "2025-04-28");
  EXPECT_TRUE(Check({tender, Award("2025-05-08")}, "2025-06-01").empty()) << "late only against a stated decision";
  const auto findings = Check({tender, Award("2025-05-16")}, "2025-06-01");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "award_late");
  EXPECT_EQ(findings[0].due, "2025-05-14");
  EXPECT_EQ(findings[0].overdue_working_days, 2);  // 15 and 16 May
}

TEST(CheckerTest, NoAwardClockWithoutOpeningOrDecision) {
  EXPECT_TRUE(Check({Tender("2025-03-03", "")}, "2025-12-31").empty());
  // The award stands (no award finding); its contract clock still runs: 10 Mar + 30 = 9 Apr, + 2 WD = 11 Apr.
  const auto findings = Check({Tender("2025-03-03", ""), Award("2025-03-10")}, "2025-04-14");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "contract_missing");
  EXPECT_EQ(findings[0].due, "2025-04-11");
}

TEST(CheckerTest, TerminationSuppressesMissingNotices) {
  EXPECT_TRUE(
      Check({Tender("2025-03-03", "2025-03-20"), MakeNotice("termination", "2025-03-25")}, "2025-12-31").empty());
  EXPECT_TRUE(Check({Tender("2025-03-03", "2025-03-20"), Award("2025-03-28", "2025-03-27"),
                     MakeNotice("termination", "2025-04-15")},
                    "2025-12-31")
                  .empty());
}

TEST(CheckerTest, MissingContractCountsThirtyDaysToAWorkingDayThenTwoWorkingDays) {
  // Award published Mon 1 Sep 2025; + 30 days = Wed 1 Oct, inside the 1–8 Oct break → Thu 9 Oct;
  // + 2 WD: Fri 10 Oct, Sat 11 Oct (worked).
  const auto award = Award("2025-09-01", "2025-08-29");
  const std::vector<NoticeWithEvidence> notices = {Tender("2025-08-01", "2025-08-22"), award};
  EXPECT_TRUE(Check(notices, "2025-10-11").empty());
  const auto findings = Check(notices, "2025-10-13");
  ASSERT_EQ(findings.size(), 1u);
  const Finding& finding = findings[0];
  EXPECT_EQ(finding.kind, "contract_missing");
  EXPECT_EQ(finding.due, "2025-10-11");
  EXPECT_EQ(finding.overdue_working_days, 1);  // Sun 12 Oct is a rest day, Mon 13 Oct is not
  EXPECT_EQ(finding.rule_id, "GP-15");
  EXPECT_EQ(finding.rule_source, "政府采购法实施条例 第五十条; 政府采购法 第四十六条");
  ASSERT_EQ(finding.evidence.size(), 1u);
  EXPECT_EQ(finding.evidence[0].url, award.notice.url);
  EXPECT_EQ(finding.evidence[0].notice_kind, "award");
}

TEST(CheckerTest, ContractLateAgainstItsSigningDate) {
  const auto tender = Tender("2025-08-01", "2025-08-22");
  const auto award = Award("2025-09-01", "2025-08-29");
  // Signed Fri 26 Sep + 2 WD: Sun 28 Sep (worked), Mon 29 Sep.
  const auto contract = Contract("2025-10-09", "2025-09-26");
  const auto findings = Check({tender, award, contract}, "2025-10-31");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "contract_late");
  EXPECT_EQ(findings[0].due, "2025-09-29");
  EXPECT_EQ(findings[0].overdue_working_days, 2);  // 30 Sep, [1–8 Oct off], 9 Oct
  ASSERT_EQ(findings[0].evidence.size(), 2u);
  EXPECT_EQ(findings[0].evidence[0].url, contract.notice.url);
  EXPECT_EQ(findings[0].evidence[1].url, award.notice.url);

  // Without a signing date the GP-14 bound (due Sat 11 Oct, see above) applies: 9 Oct is on time.
  EXPECT_TRUE(Check({tender, award, Contract("2025-10-09")}, "2025-10-31").empty());
  const auto unsigned_late = Check({tender, award, Contract("2025-10-14")}, "2025-10-31");
  ASSERT_EQ(unsigned_late.size(), 1u);
  EXPECT_EQ(unsigned_late[0].due, "2025-10-11");
  EXPECT_EQ(unsigned_late[0].overdue_working_days, 2);  // 13 and 14 Oct
}

TEST(CheckerTest, NoticesPublishedAfterAsOfAreIgnoredAndIdsSurviveMissingToLate) {
  // Due 2 Apr (see above); the award appears on Thu 10 Apr.
  const std::vector<NoticeWithEvidence> notices = {Tender("2025-03-03", "2025-03-20"), Award("2025-04-10")};

  const auto before = Check(notices, "2025-04-08");
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].kind, "award_missing");
  EXPECT_EQ(before[0].overdue_working_days, 3);  // 3, [4–6 off], 7, 8 Apr

  const auto after = Check(notices, "2025-04-10");
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].kind, "award_late");
  EXPECT_EQ(after[0].overdue_working_days, 5);  // 3, 7, 8, 9, 10 Apr
  EXPECT_EQ(after[0].id, before[0].id);
  EXPECT_EQ(after[0].id, FindingId("procurement", kCode, "award"));
}

TEST(CheckerTest, ContractIdSurvivesMissingToLate) {
  const std::vector<NoticeWithEvidence> notices = {Tender("2025-08-01", "2025-08-22"),
                                                   Award("2025-09-01", "2025-08-29"), Contract("2025-10-20")};
  const auto missing = Check(notices, "2025-10-17");
  const auto late = Check(notices, "2025-10-20");
  ASSERT_EQ(missing.size(), 1u);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(missing[0].kind, "contract_missing");
  EXPECT_EQ(late[0].kind, "contract_late");
  EXPECT_EQ(missing[0].id, late[0].id);
  EXPECT_NE(late[0].id, FindingId("procurement", kCode, "award"));
}

TEST(CheckerTest, FindingIdIsTheStartOfSha256OverSiteSubjectAndExpectedNotice) {
  // python3: hashlib.sha256('procurement\x1fGDJY2025-001\x1faward'.encode()).hexdigest()[:16]
  EXPECT_EQ(FindingId("procurement", "GDJY2025-001", "award"), "d74549d233a60111");
  EXPECT_EQ(FindingId("procurement", "GDJY2025-001", "contract"), "f302fa5b56c0546d");
  // The separator keeps ("ab", "c") and ("a", "bc") apart.
  EXPECT_NE(FindingId("ab", "c", "award"), FindingId("a", "bc", "award"));
}

TEST(CheckerTest, PublicationFallsBackToCaptureTime) {
  // The award shows no publication date; it was captured Fri 16 May, after the 14 May bound.
  auto award = Award("2025-05-16");
  award.notice.published.reset();
  const auto findings = Check({Tender("2025-04-07", "2025-04-28"), award}, "2025-06-01");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "award_late");
  EXPECT_EQ(findings[0].overdue_working_days, 2);
  // The evidence gives the day that counted and says it is the capture's.
  EXPECT_EQ(findings[0].evidence[0].published, "2025-05-16");
  EXPECT_EQ(findings[0].evidence[0].published_from, "capture");
  // A dated notice (the site's 16 May) says nothing of the kind.
  const auto dated = Check({Tender("2025-04-07", "2025-04-28"), Award("2025-05-16")}, "2025-06-01");
  ASSERT_EQ(dated.size(), 1u);
  EXPECT_EQ(dated[0].evidence[0].published, "2025-05-16");
  EXPECT_EQ(dated[0].evidence[0].published_from, "");

  // Neither a publication date nor a capture time: the notice cannot be placed and is skipped.
  award.captured_at = "";
  const auto skipped = Check({Tender("2025-04-07", "2025-04-28"), award}, "2025-06-01");
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0].kind, "award_missing");
}

TEST(CheckerTest, UncoveredYearMarksTheFindingInsteadOfGuessing) {
  // Opening Thu 24 Dec 2026 + 9 WD reaches into 2027, whose notice is not in the data.
  const std::vector<NoticeWithEvidence> notices = {Tender("2026-12-01", "2026-12-24")};
  EXPECT_TRUE(Check(notices, "2027-01-02").empty()) << "9 WD cannot end before 24 Dec + 9 days";
  const auto findings = Check(notices, "2027-01-20");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "award_missing");
  EXPECT_EQ(findings[0].confidence, "calendar_unknown");
  EXPECT_FALSE(findings[0].due.has_value());
  EXPECT_EQ(findings[0].overdue_working_days, 0);
  EXPECT_EQ(findings[0].calendar_missing_year, 2027) << "the finding names the notice to load";

  // Due inside 2026 (Tue 1 Dec + 9 WD = Mon 14 Dec), but the count to 2027 is unknown.
  const auto counted = Check({Tender("2026-11-02", "2026-12-01")}, "2027-01-05");
  ASSERT_EQ(counted.size(), 1u);
  EXPECT_EQ(counted[0].due, "2026-12-14");
  EXPECT_EQ(counted[0].confidence, "calendar_unknown");
  EXPECT_EQ(counted[0].overdue_working_days, 0);
  EXPECT_EQ(counted[0].calendar_missing_year, 2027);

  // The same project judged on Thu 31 Dec 2026: 13 WD overdue (15–31 Dec, less
  // weekends), all inside the calendar, so no year is named.
  const auto covered = Check({Tender("2026-11-02", "2026-12-01")}, "2026-12-31");
  ASSERT_EQ(covered.size(), 1u);
  EXPECT_EQ(covered[0].confidence, "High");
  EXPECT_EQ(covered[0].overdue_working_days, 13);
  EXPECT_FALSE(covered[0].calendar_missing_year.has_value());
}

TEST(CheckerTest, TheMissingCalendarYearIsTheEarliestUncoveredOneTheCountNeeds) {
  const WorkingDayCalendar& calendar = WorkingDayCalendar::Official();  // 2018–2026
  Finding before;
  checks::MarkCalendarUnknown(before, calendar, D("2017-12-20"), D("2018-01-10"));
  EXPECT_EQ(before.confidence, "calendar_unknown");
  EXPECT_EQ(before.calendar_missing_year, 2017);
  Finding after;
  checks::MarkCalendarUnknown(after, calendar, D("2026-12-24"), D("2028-02-01"));
  EXPECT_EQ(after.calendar_missing_year, 2027) << "2027 is needed before 2028";
  Finding starting_later;
  checks::MarkCalendarUnknown(starting_later, calendar, D("2028-01-03"), D("2028-02-01"));
  EXPECT_EQ(starting_later.calendar_missing_year, 2028);
}

TEST(CheckerTest, RulesAreNotAppliedBeforeTheyCameIntoForce) {
  const RuleBook rules = RuleBook::FromYaml(R"(rules:
  - id: GP-12
    kind: award_missing
    domain: procurement
    source: test
    confidence: Medium
    severity: low
    period: opening + 9 WD
    valid_from: 2025-06-01
    due:
      - {from: opening, working_days: 9}
)",
                                            "test.yaml");
  EXPECT_TRUE(Check({Tender("2025-03-03", "2025-03-20")}, "2025-12-01", rules).empty());
  const auto findings = Check({Tender("2025-06-03", "2025-06-20")}, "2025-12-01", rules);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, "low");  // severity and confidence come from the rule
  EXPECT_EQ(findings[0].confidence, "Medium");
}

TEST(CheckerTest, OnlyProcurementProjectsAreCheckedAgainstProcurementRules) {
  auto tender = Tender("2025-03-03", "2025-03-20");
  tender.notice.domain = "construction";
  EXPECT_TRUE(Check({tender}, "2025-12-31").empty());
}

TEST(CheckerTest, FindingsAreSortedByKindThenProjectCode) {
  const std::vector<NoticeWithEvidence> notices = {
      Tender("2025-03-03", "2025-03-20", "ZB-2"), Tender("2025-03-03", "2025-03-20", "ZB-1"),
      Award("2025-05-06", "", "ZB-3"),  // contract_missing, tender_missing for ZB-3
      Tender("2025-03-03", "2025-03-20", "AA-9")};
  const auto findings = Check(notices, "2025-12-31");
  std::vector<std::pair<std::string, std::string>> order;
  for (const auto& finding : findings) order.emplace_back(finding.kind, finding.project_code);
  const std::vector<std::pair<std::string, std::string>> expected = {{"award_missing", "AA-9"},
                                                                     {"award_missing", "ZB-1"},
                                                                     {"award_missing", "ZB-2"},
                                                                     {"contract_missing", "ZB-3"},
                                                                     {"tender_missing", "ZB-3"}};
  EXPECT_EQ(order, expected);
}

// Four projects with findings, for the callbacks of CheckGroupedFindings.
std::vector<NoticeWithEvidence> FourProjects() {
  return {Tender("2025-03-03", "2025-03-20", "ZB-2"), Tender("2025-03-03", "2025-03-20", "ZB-1"),
          Award("2025-05-06", "", "ZB-3"), Tender("2025-03-03", "2025-03-20", "AA-9")};
}

std::vector<Finding> CheckWith(const std::vector<NoticeWithEvidence>& notices,
                               const std::function<void(const std::vector<Project>&)>& beside) {
  return CheckGroupedFindings(
      notices, [&] { return DesignatedProjects(notices, D("2025-12-31")); }, D("2025-12-31"),
      WorkingDayCalendar::Official(), RuleBook::Official(), {}, {}, {}, beside);
}

std::vector<std::string> CodesOf(const std::vector<Project>& projects) {
  std::vector<std::string> codes;
  for (const Project& project : projects) codes.push_back(project.code);
  return codes;
}

// A full check writes the projects and works out their digests beside the
// checks, on a thread of its own: it sees the grouping and changes no finding.
TEST(CheckerTest, BesideSeesTheGroupedProjectsAndChangesNoFinding) {
  const auto notices = FourProjects();
  std::vector<std::string> written;
  std::thread::id writer;
  const auto findings = CheckWith(notices, [&](const std::vector<Project>& projects) {
    written = CodesOf(projects);
    writer = std::this_thread::get_id();
  });
  EXPECT_EQ(written, (std::vector<std::string>{"AA-9", "ZB-1", "ZB-2", "ZB-3"}));
  EXPECT_NE(writer, std::this_thread::get_id());
  const auto alone = Check(notices, "2025-12-31");
  ASSERT_EQ(findings.size(), alone.size());
  for (std::size_t i = 0; i < alone.size(); ++i) {
    EXPECT_EQ(findings[i].id, alone[i].id);
    EXPECT_EQ(findings[i].kind, alone[i].kind);
  }
}

// A full check works the notices' keys out once, for the grouping and the
// checks: given them, the check finds what it finds without them, in the same
// order (field_missing, raised beside the grouping, among the chains' kinds).
TEST(CheckerTest, KeysGivenChangeNoFindingNorItsPlace) {
  auto notices = FourProjects();
  notices.push_back(MakeNotice("award", "2025-05-07", "ZB-4"));
  notices.back().notice.fields_missing = {"supplier"};
  notices.push_back(MakeNotice("contract", "2026-01-05", "ZB-5"));  // after as_of: read by nothing
  const Date as_of = D("2025-12-31");
  const checks::NoticeKeys keys(notices);
  const auto findings = CheckGroupedFindings(
      notices, [&] { return MatchDesignated(notices, keys, as_of).projects; }, as_of, WorkingDayCalendar::Official(),
      RuleBook::Official(), {}, {}, {}, {}, &keys);
  const auto alone = Check(notices, "2025-12-31");
  ASSERT_EQ(findings.size(), alone.size());
  EXPECT_TRUE(std::ranges::any_of(alone, [](const Finding& finding) { return finding.kind == "field_missing"; }));
  for (std::size_t i = 0; i < alone.size(); ++i) {
    EXPECT_EQ(findings[i].id, alone[i].id);
    EXPECT_EQ(findings[i].kind, alone[i].kind);
  }
}

// The projects writer failing (a full disk) fails the check, even when it
// fails after the checks are done; the projects it read outlive it.
TEST(CheckerTest, AFailureBesideTheChecksIsThrownOnceTheyAreDone) {
  std::atomic<bool> read = false;
  EXPECT_THROW(CheckWith(FourProjects(),
                         [&](const std::vector<Project>& projects) {
                           std::this_thread::sleep_for(std::chrono::milliseconds(50));
                           read = projects.size() == 4;
                           throw std::runtime_error("database or disk is full");
                         }),
               std::runtime_error);
  EXPECT_TRUE(read);
}

TEST(GroupTest, GroupsByCanonicalCodeInPublicationOrder) {
  std::vector<NoticeWithEvidence> notices = {
      Award("2025-04-01", "", " gdjy2025-001\t"),
      Tender("2025-03-03", "2025-03-20", "\xE3\x80\x80GDJY2025-001"),  // full-width space in front
      MakeNotice("correction", "2025-03-10", "Gdjy2025-001"),
      Tender("2025-03-05", "2025-03-25", "OTHER-1"),
      MakeNotice("award", "2025-03-01", "  "),  // no usable code
  };
  const auto projects = GroupIntoProjects(notices);
  ASSERT_EQ(projects.size(), 2u);
  const Project& project = projects[0];
  EXPECT_EQ(project.code, "GDJY2025-001");
  EXPECT_EQ(project.title, "韶关市第一人民医院设备采购项目");  // from the tender, though the award came first
  EXPECT_EQ(project.buyer, "韶关市第一人民医院");
  EXPECT_EQ(project.domain, "procurement");
  ASSERT_EQ(project.notices.size(), 3u);
  EXPECT_EQ(project.notices[0]->notice.kind, "tender");
  EXPECT_EQ(project.notices[1]->notice.kind, "correction");
  EXPECT_EQ(project.notices[2]->notice.kind, "award");
  EXPECT_EQ(projects[1].code, "OTHER-1");
}

TEST(GroupTest, NoticesByCodeJoinsTheWaysACodeIsPrintedInPublicationOrder) {
  const std::vector<NoticeWithEvidence> notices = {
      Award("2025-04-01", "", " gdjy2025-001\t"),
      MakeNotice("contract", "2025-04-20", "B-2"),
      Tender("2025-03-03", "2025-03-20", "\xE3\x80\x80GDJY2025-001"),
      MakeNotice("correction", "2025-03-10", "Gdjy2025-001"),
      Tender("2025-03-05", "2025-03-25", "A-1"),
      MakeNotice("award", "2025-03-01", "  "),  // no usable code: left out
  };
  std::vector<const NoticeWithEvidence*> all;
  for (const NoticeWithEvidence& item : notices) all.push_back(&item);
  const checks::NoticesByCode by_code(all);
  EXPECT_EQ(by_code.codes(), (std::vector<std::string_view>{"A-1", "B-2", "GDJY2025-001"}));
  // Tender 03-03, correction 03-10, award 04-01: publication, not input, order.
  const auto gdjy = by_code.at("GDJY2025-001");
  EXPECT_EQ(std::vector(gdjy.begin(), gdjy.end()), (std::vector<const NoticeWithEvidence*>{all[2], all[3], all[0]}));
  EXPECT_EQ(by_code.at("B-2").size(), 1u);
  // Asked only by canonical code; a code no notice prints is an error, as std::map::at's.
  EXPECT_THROW(by_code.at("gdjy2025-001"), std::out_of_range);
  EXPECT_THROW(by_code.at("A-0"), std::out_of_range);
}

TEST(GroupTest, PartitionByCodeGroupsThousandsOfCodesAsAMapOfCanonicalCodesWould) {
  // 20,000 items over 3,000 codes, each printed three ways (canonical, lower
  // case, padded), and every seventh without one: enough for the partition's
  // table to probe past collisions and grow no wrong group.
  std::deque<std::string> texts;
  std::vector<std::string_view> printed;
  std::map<std::string, std::vector<std::uint32_t>> expected;
  std::vector<std::uint32_t> expected_without;
  for (std::uint32_t i = 0; i < 20000; ++i) {
    const std::string code = "GDJY2025-" + std::to_string(i * 7919 % 3000);
    std::string text = code;
    if (i % 7 == 0) {
      text = i % 2 ? "" : "  ";
    } else if (i % 3 == 1) {
      std::transform(text.begin(), text.end(), text.begin(), [](char c) { return std::tolower(c); });
    } else if (i % 3 == 2) {
      text = "\xE3\x80\x80" + text + " ";
    }
    printed.push_back(texts.emplace_back(text));
    if (i % 7 == 0) {
      expected_without.push_back(i);
    } else {
      expected[code].push_back(i);
    }
  }
  const checks::CodePartition partition = checks::PartitionByCode(printed);
  ASSERT_EQ(partition.codes.size(), expected.size());
  std::size_t rank = 0;
  for (const auto& [code, items] : expected) {
    EXPECT_EQ(partition.codes[rank], code);
    const auto members = partition.MembersOf(rank++);
    EXPECT_EQ(std::vector(members.begin(), members.end()), items) << code;  // in input order
  }
  EXPECT_EQ(partition.without_code, expected_without);
}

TEST(GroupTest, KeptOfIsThePartitionOfTheItemsKeptWithoutTheCodesOnlyOthersPrint) {
  // Items 0-8; kept: 1, 2, 4, 5, 7, 8 (as 0-5). "C-3" is printed only by
  // items 0 and 3, both left out: no code of the kept ones.
  const std::vector<std::string_view> printed = {"C-3", "b-2", "", "C-3", "A-1", " ", "B-2", "A-1", "a-1"};
  const std::vector<std::uint32_t> kept_as = {checks::kLeftOut, 0, 1, checks::kLeftOut, 2, 3, checks::kLeftOut, 4, 5};
  // KeptOf's codes view those of the partition it is given, which must outlive them.
  const checks::CodePartition all = checks::PartitionByCode(printed);
  const checks::CodePartition kept = checks::KeptOf(all, kept_as);
  const std::vector<std::string_view> kept_printed = {"b-2", "", "A-1", " ", "A-1", "a-1"};
  const checks::CodePartition direct = checks::PartitionByCode(kept_printed);
  EXPECT_EQ(kept.codes, (std::vector<std::string_view>{"A-1", "B-2"}));
  EXPECT_EQ(kept.codes, direct.codes);
  EXPECT_EQ(kept.first, direct.first);
  EXPECT_EQ(kept.members, direct.members);  // A-1: 2, 4, 5; B-2: 0
  EXPECT_EQ(kept.without_code, (std::vector<std::uint32_t>{1, 3}));
  EXPECT_EQ(kept.without_code, direct.without_code);
}

TEST(GroupTest, NoticesByCodeFromKeysIsThatOfTheStandingNotices) {
  NoticeWithEvidence undated = MakeNotice("award", "2025-03-01", "A-1");
  undated.notice.published = std::nullopt;
  undated.captured_at = "";
  const std::vector<NoticeWithEvidence> notices = {
      Award("2025-04-01", "", " gdjy2025-001\t"),
      MakeNotice("contract", "2026-01-02", "B-2"),  // after as_of: B-2 stands nowhere
      Tender("2025-03-03", "2025-03-20", "\xE3\x80\x80GDJY2025-001"),
      MakeNotice("correction", "2025-12-31", "Gdjy2025-001"),  // on as_of: standing
      undated,
      Tender("2025-03-05", "2025-03-25", "A-1"),
  };
  const Date as_of = D("2025-12-31");
  const checks::NoticeKeys keys(notices);
  const std::vector<const NoticeWithEvidence*> standing = keys.Standing(notices, as_of);
  EXPECT_EQ(standing, checks::Standing(notices, as_of));
  EXPECT_EQ(standing, (std::vector<const NoticeWithEvidence*>{&notices[0], &notices[2], &notices[3], &notices[5]}));
  const checks::NoticesByCode from_keys(notices, keys, standing);
  const checks::NoticesByCode direct(standing);
  EXPECT_EQ(from_keys.codes(), (std::vector<std::string_view>{"A-1", "GDJY2025-001"}));
  EXPECT_EQ(from_keys.codes(), direct.codes());
  for (const std::string_view code : direct.codes()) {
    const auto a = from_keys.at(code), b = direct.at(code);
    EXPECT_EQ(std::vector(a.begin(), a.end()), std::vector(b.begin(), b.end())) << code;
  }
  // Tender 03-03, award 04-01, correction 12-31.
  const auto gdjy = from_keys.at("GDJY2025-001");
  EXPECT_EQ(std::vector(gdjy.begin(), gdjy.end()),
            (std::vector<const NoticeWithEvidence*>{&notices[2], &notices[0], &notices[3]}));
  EXPECT_THROW(from_keys.at("B-2"), std::out_of_range);  // printed, but by no standing notice
}

TEST(GroupTest, IsCanonicalCodeOnlyWhereCanonicalCodeChangesNothing) {
  for (const char* code : {"GDJY2025-001", "", "A B", "项目-1", " GDJY", "GDJY\t", "\xE3\x80\x80GDJY",
                           "GDJY\xE3\x80\x80", "gdjy2025-001", "GDJy", "  "}) {
    EXPECT_EQ(checks::IsCanonicalCode(code), checks::CanonicalCode(code) == code) << code;
  }
}

TEST(GroupTest, TitleAndBuyerFallBackToTheFirstNotice) {
  const auto projects = GroupIntoProjects({Award("2025-04-01"), Contract("2025-04-20")});
  ASSERT_EQ(projects.size(), 1u);
  EXPECT_EQ(projects[0].title, "韶关市award公告");
  EXPECT_EQ(projects[0].buyer, "韶关市award局");
}

TEST(GroupTest, ProjectTitleDropsTheCodeAndTheNoticeType) {
  for (const std::string& title : {std::string("韶关市教育局课桌椅采购项目 [项目编号：GDJY2501]招标公告"),
                                   std::string("韶关市教育局课桌椅采购项目【项目编号:GDJY2501】中标（成交）结果公告"),
                                   std::string("韶关市教育局课桌椅采购项目合同公告")}) {
    NoticeWithEvidence tender = Tender("2025-03-03", "2025-03-20", "GDJY2501");
    tender.notice.title = title;
    const auto projects = GroupIntoProjects({tender});
    ASSERT_EQ(projects.size(), 1u);
    EXPECT_EQ(projects[0].title, "韶关市教育局课桌椅采购项目") << title;
  }
}

}  // namespace
}  // namespace gapwatch

namespace gapwatch {
namespace {

TEST(ContentCheckTest, ANoticeLackingMandatoryContentsIsOneFindingNamingEachItemAndItsRule) {
  NoticeWithEvidence award = Award("2025-03-28");
  award.notice.fields_missing = {"experts", "amount_yuan"};
  NoticeWithEvidence contract = Contract("2025-04-11", "2025-04-10");
  contract.notice.fields_missing = {"signed"};
  const auto findings = Check({Tender("2025-03-03", "2025-03-20"), award, contract}, "2025-12-31");
  ASSERT_EQ(findings.size(), 1u);
  const Finding& finding = findings[0];
  EXPECT_EQ(finding.kind, "field_missing");
  EXPECT_EQ(finding.site, "procurement");
  EXPECT_EQ(finding.project_code, kCode);
  EXPECT_FALSE(finding.due.has_value());
  EXPECT_EQ(finding.id, FindingId("procurement", kCode, "field_missing"));
  ASSERT_EQ(finding.evidence.size(), 2u);
  EXPECT_EQ(finding.evidence[0].notice_kind, "award");
  EXPECT_EQ(finding.evidence[0].missing, (std::vector<MissingContent>{{"experts", "GP-12"}, {"amount_yuan", "GP-12"}}));
  EXPECT_EQ(finding.evidence[1].notice_kind, "contract");
  EXPECT_EQ(finding.evidence[1].missing, (std::vector<MissingContent>{{"signed", "GP-15"}}));
  EXPECT_EQ(finding.rule_id, "GP-12");
}

TEST(ContentCheckTest, CompleteNoticesCopiesAndDomainsWithoutARuleRaiseNothing) {
  NoticeWithEvidence copy = Award("2025-03-28");
  copy.notice.site = "trading";  // a re-post: the designated site's notice is what counts
  copy.notice.fields_missing = {"experts"};
  NoticeWithEvidence land = Award("2025-03-28", "", "LAND-1");
  land.notice.domain = "land";
  land.notice.site = "trading";
  land.notice.fields_missing = {"supplier"};
  NoticeWithEvidence later = Award("2025-04-11", "", "LATER-1");  // not yet published on as_of
  later.notice.fields_missing = {"experts"};
  // Before the contract is due (award + 30 days + 2 WD): the chain has nothing to say yet.
  const auto findings =
      Check({Tender("2025-03-03", "2025-03-20"), copy, land, later, Award("2025-03-28")}, "2025-04-10");
  EXPECT_TRUE(findings.empty()) << findings.size() << " " << (findings.empty() ? "" : findings[0].kind);
}

TEST(ContentCheckTest, ACreditRecordWithoutItsBasisBreaksGI03) {
  NoticeWithEvidence penalty = MakeNotice("penalty", "2025-05-06", "韶市监罚〔2025〕12号");
  penalty.notice.site = "credit";
  penalty.notice.domain = "credit";
  penalty.notice.fields_missing = {"penalty_basis"};
  const auto findings = Check({penalty}, "2025-12-31");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].site, "credit");
  EXPECT_EQ(findings[0].project_code, "韶市监罚〔2025〕12号");
  EXPECT_EQ(findings[0].rule_id, "GI-03");
  EXPECT_EQ(findings[0].confidence, "Medium");
}

}  // namespace
}  // namespace gapwatch
