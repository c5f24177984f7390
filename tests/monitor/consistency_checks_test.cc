// Tests of monitor/consistency_checks.cc: amount_mismatch, supplier_mismatch
// and cross_site_missing, through CheckFindings.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "monitor/checker.h"

namespace gapwatch {
namespace {

// Every due date below is worked out by hand from the State Council notices
// (docs/RULES.md §3, data/calendar/README.md); the comments show the counting.

constexpr char kCode[] = "GDJY2025-001";
constexpr char kSupplier[] = "韶关市丹霞科技有限公司";

Date D(const char* text) { return *Date::Parse(text); }

NoticeWithEvidence MakeNotice(const std::string& kind, const std::string& published, const std::string& site,
                              const std::string& domain = "procurement") {
  NoticeWithEvidence item;
  item.notice.site = site;
  item.notice.url = "https://" + site + ".example/notice/" + kind + "/" + published;
  item.notice.kind = kind;
  item.notice.domain = domain;
  item.notice.project_code = kCode;
  item.notice.title = "韶关市第一人民医院设备采购项目";
  item.notice.buyer = "韶关市第一人民医院";
  item.notice.published = published + "T10:00:00+08:00";
  item.captured_at = published + "T18:00:00+08:00";
  item.sha256 = std::string(64, 'a' + static_cast<char>(kind.size() % 6));
  return item;
}

NoticeWithEvidence Award(const std::string& amount, const std::string& supplier = kSupplier,
                         const std::string& site = "procurement", const std::string& domain = "procurement") {
  NoticeWithEvidence item = MakeNotice("award", "2025-03-28", site, domain);
  item.notice.amount_yuan = amount;
  item.notice.supplier = supplier;
  return item;
}

NoticeWithEvidence Contract(const std::string& amount, const std::string& supplier = kSupplier,
                            const std::string& site = "procurement", const std::string& domain = "procurement") {
  NoticeWithEvidence item = MakeNotice("contract", "2025-04-11", site, domain);
  item.notice.amount_yuan = amount;
  item.notice.supplier = supplier;
  return item;
}

std::vector<Finding> Check(const std::vector<NoticeWithEvidence>& notices, const char* as_of = "2025-12-31",
                           const CheckOptions& options = {}) {
  const std::set<std::string> kinds = {"amount_mismatch", "supplier_mismatch", "cross_site_missing"};
  std::vector<Finding> findings =
      CheckFindings(notices, D(as_of), WorkingDayCalendar::Official(), RuleBook::Official(), options);
  std::erase_if(findings, [&](const Finding& finding) { return !kinds.contains(finding.kind); });
  return findings;
}

// --- amount_mismatch -------------------------------------------------------

TEST(ConsistencyChecksTest, ContractAmountAboveTheAwardRaisesAmountMismatch) {
  const auto findings = Check({Award("1420000.00"), Contract("1491000.00")});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "amount_mismatch");
  EXPECT_EQ(findings[0].rule_id, "GP-14");
  EXPECT_EQ(findings[0].site, "procurement");
  EXPECT_EQ(findings[0].project_code, kCode);
  EXPECT_FALSE(findings[0].due.has_value());
  ASSERT_EQ(findings[0].evidence.size(), 2u);
  EXPECT_EQ(findings[0].evidence[0].notice_kind, "award");
  EXPECT_EQ(findings[0].evidence[1].notice_kind, "contract");
}

TEST(ConsistencyChecksTest, ExactlyTheToleranceApartRaisesNothing) {
  // amount_within_tolerance: 1.00 元 is not "more than" 1.00 元, either way.
  EXPECT_TRUE(Check({Award("1420000.00"), Contract("1420001.00")}).empty());
  EXPECT_TRUE(Check({Award("1420000.00"), Contract("1419999.00")}).empty());
}

TEST(ConsistencyChecksTest, OneFenBeyondTheToleranceRaises) {
  const auto above = Check({Award("1420000.00"), Contract("1420001.01")});
  ASSERT_EQ(above.size(), 1u);
  EXPECT_EQ(above[0].kind, "amount_mismatch");
  const auto below = Check({Award("1420000.00"), Contract("1419998.99")});
  ASSERT_EQ(below.size(), 1u);
  EXPECT_EQ(below[0].kind, "amount_mismatch");
}

TEST(ConsistencyChecksTest, TheToleranceIsAnOption) {
  CheckOptions options;
  options.amount_tolerance_yuan = "0";
  EXPECT_EQ(Check({Award("1420000.00"), Contract("1420000.01")}, "2025-12-31", options).size(), 1u);
  options.amount_tolerance_yuan = "500";
  EXPECT_TRUE(Check({Award("1420000.00"), Contract("1420500.00")}, "2025-12-31", options).empty());
  options.amount_tolerance_yuan = "about one";
  EXPECT_THROW(Check({Award("1420000.00"), Contract("1420000.00")}, "2025-12-31", options), std::invalid_argument);
}

TEST(ConsistencyChecksTest, AMultiLotAwardIsComparedByTheSumOfItsLots) {
  // 1057728.00 + 889772.00 = 1947500.00: the contract covering both lots agrees.
  NoticeWithEvidence award = Award("1947500.00");
  award.notice.lots = {{"包1:执法执勤车辆", kSupplier, "1057728.00"}, {"包2:新能源巡逻车", kSupplier, "889772.00"}};
  EXPECT_TRUE(Check({award, Contract("1947500.00")}).empty());
  // The lots' sum decides even where the award prints no total.
  award.notice.amount_yuan.reset();
  EXPECT_TRUE(Check({award, Contract("1947500.00")}).empty());
  const auto findings = Check({award, Contract("1057728.00")});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "amount_mismatch");
}

TEST(ConsistencyChecksTest, AContractNamingItsLotIsComparedWithThatLot) {
  NoticeWithEvidence award = Award("1947500.00");
  award.notice.lots = {{"包1:执法执勤车辆", kSupplier, "1057728.00"}, {"包2:新能源巡逻车", kSupplier, "889772.00"}};
  NoticeWithEvidence first = Contract("1057728.00");
  first.notice.lots = {{"包1：执法执勤车辆", "", std::nullopt}};  // full-width colon: the same lot
  EXPECT_TRUE(Check({award, first}).empty());
  NoticeWithEvidence second = Contract("950000.00");
  second.notice.url = std::string(second.notice.url) + "/2";
  second.notice.lots = {{"包2:新能源巡逻车", "", std::nullopt}};
  const auto findings = Check({award, first, second});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "amount_mismatch");
  ASSERT_EQ(findings[0].evidence.size(), 2u);
  EXPECT_EQ(findings[0].evidence[1].url, second.notice.url);
}

TEST(ConsistencyChecksTest, ALotContractStillToComeIsNotAnAmountMismatch) {
  // Three lots, two contracts naming no lot: the third lot's contract may follow.
  NoticeWithEvidence award = Award("3000000.00");
  award.notice.lots = {
      {"包1", kSupplier, "1000000.00"}, {"包2", kSupplier, "1000000.00"}, {"包3", kSupplier, "1000000.00"}};
  NoticeWithEvidence second = Contract("1000000.00");
  second.notice.url = std::string(second.notice.url) + "/2";
  EXPECT_TRUE(Check({award, Contract("1000000.00"), second}).empty());
  // Their suppliers are still held to the award's.
  second.notice.supplier = "广东曲韶信息技术有限公司";
  const auto findings = Check({award, Contract("1000000.00"), second});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "supplier_mismatch");
}

TEST(ConsistencyChecksTest, AnUnstatedAmountIsNotAMismatch) {
  // field_missing reports the award that states no amount.
  NoticeWithEvidence award = Award("1420000.00");
  award.notice.amount_yuan.reset();
  EXPECT_TRUE(Check({award, Contract("1491000.00")}).empty());
}

TEST(ConsistencyChecksTest, ConstructionContractsAreHeldToEb09OnTheTradingSite) {
  const auto findings = Check({Award("58010835.69", kSupplier, "trading", "construction"),
                               Contract("59751160.76", kSupplier, "trading", "construction")});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "amount_mismatch");
  EXPECT_EQ(findings[0].rule_id, "EB-09");
  EXPECT_EQ(findings[0].site, "trading");
}

TEST(ConsistencyChecksTest, ACopyOnAnotherSiteIsNotTheContract) {
  // The designated site's award and contract agree; a differing copy on the portal is not compared.
  NoticeWithEvidence copy = Contract("99.00", kSupplier, "portal", "procurement");
  EXPECT_TRUE(Check({Award("1420000.00"), Contract("1420000.00"), copy}).empty());
}

// --- supplier_mismatch -----------------------------------------------------

TEST(ConsistencyChecksTest, AnotherSupplierOnTheContractRaisesSupplierMismatch) {
  const auto findings =
      Check({Award("855135.00", "佛山市芙蓉医疗器械有限公司"), Contract("855135.00", "佛山市韶华医疗器械有限公司")});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "supplier_mismatch");
  EXPECT_EQ(findings[0].rule_id, "GP-14");
  EXPECT_EQ(findings[0].site, "procurement");
  EXPECT_FALSE(findings[0].due.has_value());
  EXPECT_EQ(findings[0].evidence.size(), 2u);
}

TEST(ConsistencyChecksTest, TheSecondRankedCandidateSigningRaisesSupplierMismatch) {
  // works_supplier_mismatch: the contract names the runner-up, not the winner.
  const auto findings = Check({Award("21931417.47", "韶关市华信市政工程有限公司", "trading", "construction"),
                               Contract("21931417.47", "深圳市浈武市政工程有限公司", "trading", "construction")});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "supplier_mismatch");
  EXPECT_EQ(findings[0].rule_id, "EB-09");
  EXPECT_EQ(findings[0].site, "trading");
}

TEST(ConsistencyChecksTest, OneSupplierSpelledWithOtherBracketsRaisesNothing) {
  // supplier_spelled_differently: full-width brackets in the result, ASCII ones in the contract.
  EXPECT_TRUE(Check({Award("855135.00", "韶关市丹霞科技有限公司（浈江分公司）"),
                     Contract("855135.00", "韶关市丹霞科技有限公司(浈江分公司)")})
                  .empty());
  // A role label around the name is not part of it either.
  EXPECT_TRUE(
      Check({Award("855135.00", "中标（成交）供应商名称：韶关市丹霞科技有限公司"), Contract("855135.00")}).empty());
}

TEST(ConsistencyChecksTest, AContractForOneLotNamesThatLotsSupplier) {
  NoticeWithEvidence award = Award("2000000.00", "");
  award.notice.lots = {{"包1", "韶关市丹霞科技有限公司", "1000000.00"},
                       {"包2", "广东曲韶信息技术有限公司", "1000000.00"}};
  NoticeWithEvidence second = Contract("1000000.00", "广东曲韶信息技术有限公司");
  second.notice.lots = {{"包2", "", std::nullopt}};
  EXPECT_TRUE(Check({award, second}).empty());
  second.notice.lots = {{"包1", "", std::nullopt}};
  const auto findings = Check({award, second});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "supplier_mismatch");
}

// --- cross_site_missing ----------------------------------------------------

NoticeWithEvidence TradingCopy(const std::string& kind, const std::string& published) {
  return MakeNotice(kind, published, "trading");
}

TEST(ConsistencyChecksTest, ATradingCopyMissingOnTheProcurementSiteRaisesCrossSiteMissing) {
  // Tue 30 Jan 2024 + 1 WD = Wed 31 Jan 2024; as_of 1 Feb is after it.
  const auto findings = Check({TradingCopy("tender", "2024-01-30")}, "2024-02-01");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "cross_site_missing");
  EXPECT_EQ(findings[0].rule_id, "GP-22");
  EXPECT_EQ(findings[0].site, "procurement");
  EXPECT_EQ(findings[0].project_code, kCode);
  EXPECT_EQ(findings[0].due, "2024-01-31");
  EXPECT_EQ(findings[0].overdue_working_days, 1);
  EXPECT_EQ(findings[0].project_title, "韶关市第一人民医院设备采购项目");
  ASSERT_EQ(findings[0].evidence.size(), 1u);
  EXPECT_EQ(findings[0].evidence[0].url, TradingCopy("tender", "2024-01-30").notice.url);
}

TEST(ConsistencyChecksTest, ACrossSiteCopyIsNotDueBeforeTheNextWorkingDayHasPassed) {
  // Sat 28 Sep 2024 + 1 WD: Sun 29 Sep is a make-up working day (国庆 2024), so due 29 Sep.
  EXPECT_TRUE(Check({TradingCopy("award", "2024-09-28")}, "2024-09-29").empty());
  const auto findings = Check({TradingCopy("award", "2024-09-28")}, "2024-09-30");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].due, "2024-09-29");
  // Mon 30 Sep + 1 WD: 1–7 Oct are the holiday, so Tue 8 Oct.
  EXPECT_TRUE(Check({TradingCopy("award", "2024-09-30")}, "2024-10-08").empty());
  EXPECT_EQ(Check({TradingCopy("award", "2024-09-30")}, "2024-10-09").size(), 1u);
}

TEST(ConsistencyChecksTest, TheCrossSiteFindingIsDueOnTheEarliestMissingCopy) {
  // Tender Tue 30 Jan 2024 → due 31 Jan; award Thu 7 Mar → due Fri 8 Mar. One finding, the earlier due.
  const auto findings = Check({TradingCopy("tender", "2024-01-30"), TradingCopy("award", "2024-03-07")}, "2024-12-31");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].due, "2024-01-31");
  EXPECT_EQ(findings[0].evidence.size(), 2u);
}

TEST(ConsistencyChecksTest, ACopyOnBothSitesRaisesNothing) {
  EXPECT_TRUE(Check({MakeNotice("tender", "2024-01-30", "procurement"), TradingCopy("tender", "2024-01-30")}).empty());
}

TEST(ConsistencyChecksTest, AFullWidthCodeOnOneSiteIsTheSameProject) {
  // cross_site_full_width_code: the extractor folds ＧＤＪＹ２０２５－００１ to ASCII; the
  // spaces and case CanonicalCode handles are left.
  NoticeWithEvidence copy = TradingCopy("tender", "2024-01-30");
  copy.notice.project_code = "\xE3\x80\x80gdjy2025-001 ";
  EXPECT_TRUE(Check({MakeNotice("tender", "2024-01-30", "procurement"), copy}).empty());
}

// A copy the platform numbers itself (its own transaction number), titled as the
// platform titles results.
NoticeWithEvidence PlatformCopy(const std::string& kind, const std::string& published, const std::string& title) {
  NoticeWithEvidence copy = TradingCopy(kind, published);
  copy.notice.project_code = "E4402002510000123001";
  copy.notice.title = title;
  return copy;
}

TEST(ConsistencyChecksTest, ACopyUnderThePlatformsOwnCodeCountsForItsProjectByTitle) {
  // The result on gpcms Fri 28 Mar 2025, its copy on the platform Mon 31 Mar under E4402…:
  // the same project by title and buyer, so nothing is missing on the procurement site.
  const std::vector<NoticeWithEvidence> notices = {
      MakeNotice("award", "2025-03-28", "procurement"),
      PlatformCopy("award", "2025-03-31", "韶关市第一人民医院设备采购项目中标(成交)结果公告")};
  EXPECT_TRUE(Check(notices).empty());
  const std::vector<Project> projects = DesignatedProjects(notices, D("2025-12-31"));
  ASSERT_EQ(projects.size(), 1u);
  EXPECT_EQ(projects[0].aliases, std::vector<std::string>{"E4402002510000123001"});
  ASSERT_EQ(projects[0].copies.size(), 1u);
  EXPECT_DOUBLE_EQ(projects[0].copies[0].confidence, 1.0);  // same title once the notice type is cut
}

TEST(ConsistencyChecksTest, ACopyWhoseOnlyCandidateDiffersStillRaisesUnderItsOwnCode) {
  // Another project of the same buyer (a different title and year): no link, so the copy
  // stands alone; Mon 31 Mar + 1 WD = Tue 1 Apr 2025.
  const std::vector<NoticeWithEvidence> notices = {
      MakeNotice("award", "2025-03-28", "procurement"),
      PlatformCopy("award", "2025-03-31", "韶关市第一人民医院2024年信息化系统建设项目结果公告")};
  const auto findings = Check(notices);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].project_code, "E4402002510000123001");
  EXPECT_EQ(findings[0].due, "2025-04-01");
}

TEST(ConsistencyChecksTest, ACopyIsNotLinkedToAProjectWhoseNoticeOfItsKindIsMonthsAway) {
  // The same title, but gpcms's result is of 28 Mar and the copy of 30 May: more than 30
  // days apart, not a re-post of it. Fri 30 May + 1 WD = Tue 3 Jun (2 Jun: 端午 observed).
  const std::vector<NoticeWithEvidence> notices = {
      MakeNotice("award", "2025-03-28", "procurement"),
      PlatformCopy("award", "2025-05-30", "韶关市第一人民医院设备采购项目结果公告")};
  const auto findings = Check(notices);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].due, "2025-06-03");
}

TEST(ConsistencyChecksTest, ACopyWhoseCodesProjectLacksItsKindIsLinkedByTitleToTheOneThatHasIt) {
  // The platform copied the result under a mistyped code that happens to be another
  // project's (which has only a tender): the result counts for the project it copies.
  NoticeWithEvidence other = MakeNotice("tender", "2025-02-10", "procurement");
  other.notice.project_code = "GDJY2025-010";
  other.notice.title = "南雄市人民医院食堂食材配送服务项目";
  other.notice.buyer = "南雄市人民医院";
  NoticeWithEvidence copy = TradingCopy("award", "2025-03-31");
  copy.notice.project_code = "GDJY2025-010";
  EXPECT_TRUE(Check({MakeNotice("award", "2025-03-28", "procurement"), other, copy}).empty());
}

TEST(ConsistencyChecksTest, ALateProcurementCopyEndsTheFinding) {
  // cross_site_late: listed while the procurement copy is missing, nothing once it stands.
  const std::vector<NoticeWithEvidence> notices = {TradingCopy("tender", "2024-01-30"),
                                                   MakeNotice("tender", "2024-02-20", "procurement")};
  EXPECT_EQ(Check(notices, "2024-02-19").size(), 1u);
  EXPECT_TRUE(Check(notices, "2024-02-20").empty());
}

TEST(ConsistencyChecksTest, OnlyProcurementNoticesOfTheCopiedKindsAreHeldToTheProcurementSite) {
  // Construction notices belong on the trading platform; corrections are not among GP-22's kinds.
  EXPECT_TRUE(Check({MakeNotice("tender", "2024-01-30", "trading", "construction")}).empty());
  EXPECT_TRUE(Check({TradingCopy("correction", "2024-01-30")}).empty());
}

TEST(ConsistencyChecksTest, AStoreWithoutTheProcurementSiteCannotTellACopyIsMissingThere) {
  CheckOptions trading_only;
  trading_only.sites = {"trading"};
  const auto findings = CheckFindings({TradingCopy("tender", "2024-01-30")}, *Date::Parse("2024-02-01"),
                                      WorkingDayCalendar::Official(), RuleBook::Official(), trading_only);
  EXPECT_TRUE(std::none_of(findings.begin(), findings.end(),
                           [](const Finding& finding) { return finding.kind == "cross_site_missing"; }));
}

}  // namespace
}  // namespace gapwatch
