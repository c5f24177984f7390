// penalty_late and blacklisted_winner (monitor/credit_checks.cc), through
// CheckFindings. Due dates are worked out by hand from the official calendar
// (data/calendar/cn-workdays-2018-2026.json); the comments show the counting.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "monitor/checker.h"

namespace gapwatch {
namespace {

Date D(const char* text) { return *Date::Parse(text); }

constexpr char kWinner[] = "韶关市恒泰建材有限公司";
constexpr char kWinnerCode[] = "914402049224794419";

NoticeWithEvidence CreditRecord(const std::string& kind, const std::string& number, const std::string& decided,
                                const std::string& published) {
  NoticeWithEvidence item;
  item.notice.site = "credit";
  item.notice.url = "https://credit.sg.gov.cn/page/creditPublic/detail.html?id=" + number;
  item.notice.kind = kind;
  item.notice.domain = "credit";
  item.notice.project_code = number;
  item.notice.buyer = "韶关市市场监督管理局";
  item.notice.supplier = "广东曲韶实业有限公司";
  item.notice.decided = decided;
  item.notice.published = published;
  item.captured_at = published + "T18:00:00+08:00";
  item.sha256 = std::string(64, 'c');
  return item;
}

// A blacklist record as the credit site's hmd detail gives it: the party's
// 统一社会信用代码 as its code, 列入黑名单日期 as `decided`.
NoticeWithEvidence Listing(const std::string& party, const std::string& listed) {
  NoticeWithEvidence item = CreditRecord("blacklist", kWinnerCode, listed, listed);
  item.notice.url = "https://credit.sg.gov.cn/page/creditPublic/detail.html?tableName=hmd&id=" + listed;
  item.notice.buyer = "韶关市财政局";
  item.notice.supplier = party;
  return item;
}

NoticeWithEvidence Award(const std::string& code, const std::string& published, const std::string& winner,
                         const std::string& domain = "procurement") {
  NoticeWithEvidence item;
  item.notice.site = domain == "procurement" ? "procurement" : "trading";
  item.notice.url = "https://example.gov.cn/" + code + "/award";
  item.notice.kind = "award";
  item.notice.domain = domain;
  item.notice.project_code = code;
  item.notice.title = "乳源瑶族自治县中医院2025年医疗设备采购项目结果公告";
  item.notice.buyer = "乳源瑶族自治县中医院";
  item.notice.supplier = winner;
  item.notice.published = published + "T09:41:10+08:00";
  item.captured_at = published + "T18:00:00+08:00";
  item.sha256 = std::string(64, 'a');
  return item;
}

std::vector<Finding> FindingsOfKind(const std::vector<NoticeWithEvidence>& notices, const char* as_of,
                                    const std::string& kind) {
  std::vector<Finding> found;
  for (Finding& finding : CheckFindings(notices, D(as_of), WorkingDayCalendar::Official(), RuleBook::Official())) {
    if (finding.kind == kind) found.push_back(std::move(finding));
  }
  return found;
}

TEST(CreditChecksTest, PenaltyOnlineMoreThanSevenWorkingDaysAfterItsDecisionIsLate) {
  // Decision Mon 3 Mar 2025 + 7 WD: 4, 5, 6, 7, 10, 11, 12 Mar → due Wed 12 Mar; online Fri 14 Mar.
  const auto findings = FindingsOfKind({CreditRecord("penalty", "韶市监罚〔2025〕101号", "2025-03-03", "2025-03-14")},
                                       "2025-12-31", "penalty_late");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].site, "credit");
  EXPECT_EQ(findings[0].project_code, "韶市监罚〔2025〕101号");  // the 文号 is the subject
  EXPECT_EQ(findings[0].project_title, "广东曲韶实业有限公司");
  EXPECT_EQ(findings[0].due, "2025-03-12");
  EXPECT_EQ(findings[0].overdue_working_days, 2);  // 13, 14 Mar
  EXPECT_EQ(findings[0].rule_id, "GI-03");
  ASSERT_EQ(findings[0].evidence.size(), 1u);
  EXPECT_EQ(findings[0].evidence[0].notice_kind, "penalty");
}

TEST(CreditChecksTest, LicenceIsHeldToTheSameSevenWorkingDays) {
  // Decision Wed 28 May 2025 + 7 WD: 29, 30 May, [31 May–2 Jun 端午], 3, 4, 5, 6, 9 Jun → due Mon 9 Jun.
  const auto findings = FindingsOfKind({CreditRecord("licence", "韶环审〔2025〕105号", "2025-05-28", "2025-06-26")},
                                       "2025-12-31", "penalty_late");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].due, "2025-06-09");
}

TEST(CreditChecksTest, PenaltyOnlineOnTheSeventhWorkingDayAcrossNationalDayIsOnTime) {
  // Decision Fri 26 Sep 2025 + 7 WD: Sun 28 Sep (make-up), 29, 30 Sep, [1–8 Oct off], 9, 10 Oct,
  // Sat 11 Oct (make-up), Mon 13 Oct → due 13 Oct; online that day (penalty_on_due_across_holiday).
  EXPECT_TRUE(FindingsOfKind({CreditRecord("penalty", "韶交罚〔2025〕111号", "2025-09-26", "2025-10-13")}, "2025-12-31",
                             "penalty_late")
                  .empty());
  // One day later it is late.
  EXPECT_EQ(FindingsOfKind({CreditRecord("penalty", "韶交罚〔2025〕111号", "2025-09-26", "2025-10-14")}, "2025-12-31",
                           "penalty_late")
                .size(),
            1u);
}

TEST(CreditChecksTest, PenaltyNotYetOnlineOnAsOfRaisesNothing) {
  // Published in 2026: on 2025-12-31 the record does not exist yet (penalty_late_next_year).
  EXPECT_TRUE(FindingsOfKind({CreditRecord("penalty", "韶市监罚〔2025〕120号", "2025-12-01", "2026-01-20")},
                             "2025-12-31", "penalty_late")
                  .empty());
}

// Both name the project's award as what they are about; they are two findings,
// and one must not take the other's id (the store keeps one row per id).
TEST(CreditChecksTest, ABlacklistedWinnersLateAwardIsTwoFindingsWithTwoIds) {
  NoticeWithEvidence award = Award("4188-2541GDG30067", "2025-07-21", kWinner);
  award.notice.decided = "2025-07-01";  // + 2 WD: due Thu 3 Jul; published 21 Jul
  const std::vector<NoticeWithEvidence> notices = {award, Listing(kWinner, "2025-06-16")};
  const auto late = FindingsOfKind(notices, "2025-12-31", "award_late");
  const auto blacklisted = FindingsOfKind(notices, "2025-12-31", "blacklisted_winner");
  ASSERT_EQ(late.size(), 1u);
  ASSERT_EQ(blacklisted.size(), 1u);
  EXPECT_EQ(late[0].due, "2025-07-03");
  EXPECT_NE(late[0].id, blacklisted[0].id);
}

TEST(CreditChecksTest, WinnerListedBeforeTheAwardIsABlacklistedWinner) {
  const auto findings =
      FindingsOfKind({Award("4188-2541GDG30067", "2025-07-21", kWinner), Listing(kWinner, "2025-06-16")}, "2025-12-31",
                     "blacklisted_winner");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].site, "procurement");
  EXPECT_EQ(findings[0].project_code, "4188-2541GDG30067");  // the project's code, not the party's
  EXPECT_EQ(findings[0].project_title, "乳源瑶族自治县中医院2025年医疗设备采购项目");
  EXPECT_FALSE(findings[0].due.has_value());
  EXPECT_EQ(findings[0].rule_id, "SEED-3");
  ASSERT_EQ(findings[0].evidence.size(), 2u);
  EXPECT_EQ(findings[0].evidence[0].notice_kind, "award");
  EXPECT_EQ(findings[0].evidence[1].notice_kind, "blacklist");
}

TEST(CreditChecksTest, WinnerListedOnTheAwardDayIsABlacklistedWinner) {
  EXPECT_EQ(FindingsOfKind({Award("GDJY2025-001", "2025-06-16", kWinner), Listing(kWinner, "2025-06-16")}, "2025-12-31",
                           "blacklisted_winner")
                .size(),
            1u);
}

TEST(CreditChecksTest, ConstructionWinnerIsReportedOnTheTradingPlatform) {
  const auto findings = FindingsOfKind(
      {Award("E4402822300000101001", "2023-04-24", kWinner, "construction"), Listing(kWinner, "2023-01-20")},
      "2025-12-31", "blacklisted_winner");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].site, "trading");
  EXPECT_EQ(findings[0].domain, "construction");
}

TEST(CreditChecksTest, WinnerOfOneLotIsMatched) {
  NoticeWithEvidence award = Award("GDJY2025-002", "2025-07-21", "广东帽峰实业有限公司");
  award.notice.lots = {{"包1", "广东帽峰实业有限公司", "100.00"}, {"包2", kWinner, "200.00"}};
  EXPECT_EQ(FindingsOfKind({award, Listing(kWinner, "2025-06-16")}, "2025-12-31", "blacklisted_winner").size(), 1u);
}

TEST(CreditChecksTest, WinnerListedOnlyAfterTheAwardIsNotABlacklistedWinner) {
  // works_listed_after_award: awarded 27 Jun 2023, listed 8 Aug 2023.
  EXPECT_TRUE(FindingsOfKind({Award("E4402242300000102001", "2023-06-27", kWinner, "construction"),
                              Listing(kWinner, "2023-08-08")},
                             "2025-12-31", "blacklisted_winner")
                  .empty());
}

TEST(CreditChecksTest, AListingEndedBeforeTheAwardIsNotABlacklistedWinner) {
  // blacklist_ended: listed 2 Jan 2024, removed 21 Mar 2024, awarded 3 Apr 2024.
  NoticeWithEvidence ended = Listing(kWinner, "2024-01-02");
  ended.notice.delisted = "2024-03-21";
  EXPECT_TRUE(
      FindingsOfKind({Award("GDJY240301068FG303", "2024-04-03", kWinner), ended}, "2025-12-31", "blacklisted_winner")
          .empty());
  // Removed on the award day itself: no longer listed that day.
  ended.notice.delisted = "2024-04-03";
  EXPECT_TRUE(
      FindingsOfKind({Award("GDJY240301068FG303", "2024-04-03", kWinner), ended}, "2025-12-31", "blacklisted_winner")
          .empty());
  // Removed the day after: still listed when awarded.
  ended.notice.delisted = "2024-04-04";
  EXPECT_EQ(
      FindingsOfKind({Award("GDJY240301068FG303", "2024-04-03", kWinner), ended}, "2025-12-31", "blacklisted_winner")
          .size(),
      1u);
}

TEST(CreditChecksTest, AwardIsDatedByItsDecisionWhenItStatesOne) {
  // Decided 12 Jun, listed 16 Jun, published 21 Jul: the award predates the listing.
  NoticeWithEvidence award = Award("GDJY2025-003", "2025-07-21", kWinner);
  award.notice.decided = "2025-06-12";
  EXPECT_TRUE(FindingsOfKind({award, Listing(kWinner, "2025-06-16")}, "2025-12-31", "blacklisted_winner").empty());
}

TEST(CreditChecksTest, ListingOfAnotherPartyIsUnrelated) {
  // listing_unrelated: 乐昌市恒泰建材 is listed, 韶关市恒泰建材 wins.
  EXPECT_TRUE(
      FindingsOfKind({Award("GDJY2025-004", "2025-07-21", kWinner), Listing("乐昌市恒泰建材有限公司", "2024-05-21")},
                     "2025-12-31", "blacklisted_winner")
          .empty());
}

TEST(CreditChecksTest, ListingNotYetPublishedOnAsOfIsNotSeen) {
  // Listed 1 May 2025, online only 16 Jun 2025; awarded 20 May 2025.
  NoticeWithEvidence listing = Listing(kWinner, "2025-05-01");
  listing.notice.published = "2025-06-16";
  const std::vector<NoticeWithEvidence> notices = {Award("GDJY2025-005", "2025-05-20", kWinner), listing};
  EXPECT_TRUE(FindingsOfKind(notices, "2025-06-01", "blacklisted_winner").empty());
  EXPECT_EQ(FindingsOfKind(notices, "2025-06-16", "blacklisted_winner").size(), 1u);
}

}  // namespace
}  // namespace gapwatch
