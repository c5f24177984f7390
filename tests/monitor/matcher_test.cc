#include "monitor/matcher.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace gapwatch {
namespace {

class MatcherTest : public ::testing::Test {
 protected:
  const NoticeWithEvidence* Add(const std::string& kind, const std::string& code, const std::string& title,
                                const std::string& buyer, const std::string& published,
                                const std::string& site = "procurement") {
    auto& item = notices_.emplace_back(std::make_unique<NoticeWithEvidence>());
    item->notice.site = site;
    item->notice.url = "https://example.gov.cn/" + std::to_string(notices_.size());
    item->notice.kind = kind;
    item->notice.domain = "procurement";
    item->notice.project_code = code;
    item->notice.title = title;
    item->notice.buyer = buyer;
    item->notice.published = published;
    return item.get();
  }

  ProjectMatching Match() {
    std::vector<const NoticeWithEvidence*> all;
    for (const auto& item : notices_) all.push_back(item.get());
    return MatchProjects(all);
  }

  std::vector<std::unique_ptr<NoticeWithEvidence>> notices_;
};

TEST_F(MatcherTest, CodesGroupWhateverTheirCaseAndPadding) {
  Add("tender", "sgzb2025-cg001", "韶关市第一中学设备采购项目招标公告", "韶关市第一中学", "2025-03-03");
  Add("award", "\u3000SGZB2025-CG001 ", "韶关市第一中学设备采购项目结果公告", "韶关市第一中学", "2025-04-01");
  const ProjectMatching matching = Match();
  ASSERT_EQ(matching.projects.size(), 1u);
  EXPECT_EQ(matching.projects[0].code, "SGZB2025-CG001");
  EXPECT_EQ(matching.projects[0].notices.size(), 2u);
  EXPECT_EQ(matching.projects[0].title, "韶关市第一中学设备采购项目");
}

// Thousands of titles: the index's hash maps grow (rehash) several times, and
// a code-less award still finds the one project whose title it shares but for
// its last character, and none of its near neighbours (one number apart).
TEST_F(MatcherTest, ACodelessNoticeFindsItsProjectAmongThousandsOfTitles) {
  const std::string schools[] = {"第一中学", "第二中学", "实验小学", "职业技术学院", "人民医院", "妇幼保健院"};
  const std::string goods[] = {"实验室设备", "食堂食材配送", "教学用计算机", "物业管理服务", "校园安防系统",
                               "医疗器械",   "办公家具",     "图书资料",     "体育器材",     "空调维修"};
  for (int n = 0; n < 3000; ++n) {
    const std::string title = "韶关市" + schools[n % 6] + goods[(n / 6) % 10] + "采购项目第" + std::to_string(n) + "包";
    Add("tender", "SGZB-" + std::to_string(10000 + n), title, "韶关市" + schools[n % 6], "2025-03-03");
  }
  // n = 1234: schools[4], goods[5] (1234 / 6 = 205, 205 % 10 = 5).
  const auto* award =
      Add("award", "", "韶关市人民医院医疗器械采购项目第1234包结果公告", "韶关市人民医院", "2025-04-01");
  // Without "市": not the same title, so found through the postings; 第1235包 is less alike.
  const auto* contract =
      Add("contract", "", "韶关人民医院医疗器械采购项目第1234包合同公告", "韶关市人民医院", "2025-04-20");
  const ProjectMatching matching = Match();
  ASSERT_EQ(matching.projects.size(), 3000u);
  ASSERT_EQ(matching.matched.size(), 2u);
  EXPECT_EQ(matching.matched[0].notice, award);
  EXPECT_EQ(matching.matched[0].project_code, "SGZB-11234");
  EXPECT_DOUBLE_EQ(matching.matched[0].confidence, 1.0);
  EXPECT_EQ(matching.matched[1].notice, contract);
  EXPECT_EQ(matching.matched[1].project_code, "SGZB-11234");
  EXPECT_LT(matching.matched[1].confidence, 1.0);
  EXPECT_GE(matching.matched[1].confidence, 0.85);
}

TEST_F(MatcherTest, ACodelessResultJoinsItsProjectByTitleAndBuyerWithItsConfidence) {
  Add("tender", "SGZB2025-CG001", "韶关市第一中学2025年实验室设备采购项目 [项目编号：SGZB2025-CG001]招标公告",
      "韶关市第一中学", "2025-03-03");
  Add("tender", "SGZB2025-CG002", "韶关市第二中学2025年食堂食材配送服务项目招标公告", "韶关市第二中学", "2025-03-04");
  const auto* award = Add("award", "", "韶关市第一中学２０２５年实验室设备采购项目中标（成交）结果公告",
                          "韶关市第一中学", "2025-04-01");
  const ProjectMatching matching = Match();
  ASSERT_EQ(matching.matched.size(), 1u);
  EXPECT_EQ(matching.matched[0].notice, award);
  EXPECT_EQ(matching.matched[0].project_code, "SGZB2025-CG001");
  EXPECT_DOUBLE_EQ(matching.matched[0].confidence, 1.0);  // the same title once folded and trimmed
  EXPECT_EQ(matching.projects[0].notices.back(), award);
  EXPECT_TRUE(matching.for_review.empty());
}

TEST_F(MatcherTest, DoubtKeepsANoticeApartForReview) {
  Add("tender", "SGZB2025-CG001", "韶关市第一中学2025年实验室设备采购项目招标公告", "韶关市第一中学", "2025-03-03");
  // Another year's project of the same buyer: similar, not the same.
  Add("award", "", "韶关市第一中学2024年实验室设备采购项目结果公告", "韶关市第一中学", "2025-04-01");
  // The same title from another buyer: confidence lowered below the threshold.
  Add("award", "", "韶关市第一中学2025年实验室设备采购项目结果公告", "韶关市教育局", "2025-04-02");
  // Published before the project began: cannot be its result.
  Add("award", "", "韶关市第一中学2025年实验室设备采购项目结果公告", "韶关市第一中学", "2025-02-01");
  const ProjectMatching matching = Match();
  EXPECT_TRUE(matching.matched.empty());
  ASSERT_EQ(matching.for_review.size(), 3u);
  EXPECT_EQ(matching.projects[0].notices.size(), 1u);
  EXPECT_GT(matching.for_review[0].confidence, 0.4);  // the best candidate is named, for the reviewer
  EXPECT_LT(matching.for_review[0].confidence, 0.85);
  EXPECT_EQ(matching.for_review[0].project_code, "SGZB2025-CG001");
}

TEST_F(MatcherTest, OnlyChainNoticesAreMatchedAndOnlyOnTheirOwnSite) {
  Add("tender", "SGZB2025-CG001", "韶关市第一中学2025年实验室设备采购项目招标公告", "韶关市第一中学", "2025-03-03");
  Add("intention", "", "韶关市第一中学2025年实验室设备采购项目采购意向", "韶关市第一中学", "2025-01-03");
  Add("award", "", "韶关市第一中学2025年实验室设备采购项目结果公告", "韶关市第一中学", "2025-04-01", "trading");
  const ProjectMatching matching = Match();
  EXPECT_TRUE(matching.matched.empty());
  ASSERT_EQ(matching.for_review.size(), 1u);  // the trading copy; the intention is no chain notice
  EXPECT_EQ(matching.for_review[0].notice->notice.site, "trading");
}

TEST_F(MatcherTest, ProjectsAreInCodeOrderThoughCodesShareTheirFirstSixteenBytes) {
  // Sorting compares the first 16 bytes as numbers before the rest: codes that
  // agree on them, end within them, or are a prefix of another still sort as text.
  for (const char* code :
       {"GPCGD2548SG100124F", "GPCGD2548SG10012", "gpcgd2548sg100122f", "GPCGD2548SG1001", "GPCGD2548SG100123F"}) {
    Add("tender", code, std::string("韶关市第一中学设备采购项目") + code, "韶关市第一中学", "2025-03-03");
  }
  const ProjectMatching matching = Match();
  std::vector<std::string> codes;
  for (const Project& project : matching.projects) codes.push_back(project.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"GPCGD2548SG1001", "GPCGD2548SG10012", "GPCGD2548SG100122F",
                                             "GPCGD2548SG100123F", "GPCGD2548SG100124F"}));
}

TEST_F(MatcherTest, AProjectsNoticesAreInPublicationOrderHoweverMany) {
  // 20 corrections published 2025-03-20 back to 2025-03-01, then one undated:
  // the undated one goes last, the rest by day (more than 16 take another sort).
  for (int day = 20; day >= 1; --day) {
    Add("correction", "SGZB2025-MANY", "韶关市第一中学设备采购项目更正公告", "韶关市第一中学",
        "2025-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day));
  }
  const auto* undated = Add("correction", "SGZB2025-MANY", "韶关市第一中学设备采购项目更正公告", "韶关市第一中学", "");
  // Three of another project: the same day by timestamp (09:00 before 15:00), then the next day.
  const auto* afternoon = Add("tender", "SGZB2025-FEW", "韶关市第二中学设备采购项目招标公告", "韶关市第二中学",
                              "2025-03-03T15:00:00+08:00");
  const auto* next_day =
      Add("correction", "SGZB2025-FEW", "韶关市第二中学设备采购项目更正公告", "韶关市第二中学", "2025-03-04");
  const auto* morning = Add("tender", "SGZB2025-FEW", "韶关市第二中学设备采购项目招标公告", "韶关市第二中学",
                            "2025-03-03T09:00:00+08:00");
  const ProjectMatching matching = Match();
  ASSERT_EQ(matching.projects.size(), 2u);
  EXPECT_EQ(matching.projects[0].code, "SGZB2025-FEW");
  EXPECT_EQ(matching.projects[0].notices, (std::vector<const NoticeWithEvidence*>{morning, afternoon, next_day}));
  const std::vector<const NoticeWithEvidence*>& many = matching.projects[1].notices;
  ASSERT_EQ(many.size(), 21u);
  for (int day = 1; day <= 20; ++day) {
    EXPECT_EQ(*many[static_cast<std::size_t>(day - 1)]->notice.published,
              "2025-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day));
  }
  EXPECT_EQ(many.back(), undated);
}

TEST_F(MatcherTest, OfTwoEquallySimilarProjectsTheSmallerCodeTakesTheNotice) {
  // Each title shares all but its last character with the award's: the same
  // Dice, 30/32 (16 bigrams each, 15 shared). The later code is added first.
  Add("tender", "SGZB2025-CG002", "韶关市第一中学实验室设备采购项目甲招标公告", "韶关市第一中学", "2025-03-03");
  Add("tender", "SGZB2025-CG001", "韶关市第一中学实验室设备采购项目乙招标公告", "韶关市第一中学", "2025-03-04");
  Add("award", "", "韶关市第一中学实验室设备采购项目丙结果公告", "韶关市第一中学", "2025-04-01");
  const ProjectMatching matching = Match();
  ASSERT_EQ(matching.matched.size(), 1u);
  EXPECT_EQ(matching.matched[0].project_code, "SGZB2025-CG001");
  EXPECT_DOUBLE_EQ(matching.matched[0].confidence, 30.0 / 32.0);
}

// MatchDesignated and SightedNotices: the notices of one world, by value.
class CopiesTest : public ::testing::Test {
 protected:
  void Add(const std::string& site, const std::string& kind, const std::string& code, const std::string& title,
           const std::string& buyer, const std::string& published) {
    NoticeWithEvidence& item = notices_.emplace_back();
    HeldNotice& notice = item.notice;
    notice.site = site;
    notice.url = "https://" + site + ".example/" + std::to_string(notices_.size());
    notice.kind = kind;
    notice.domain = "procurement";
    notice.project_code = code;
    notice.title = title;
    notice.buyer = buyer;
    notice.published = published;
    item.captured_at = published + "T20:00:00+08:00";
  }
  ProjectMatching Match() { return MatchDesignated(notices_, *Date::Parse("2025-12-31")); }

  std::vector<NoticeWithEvidence> notices_;
};

constexpr char kTitle[] = "韶关市第一中学2025年实验室设备采购项目";

TEST_F(CopiesTest, ACopyJoinsByCodeOrByTitleUnderThePlatformsOwnCode) {
  Add("procurement", "tender", "SGZB2025-CG001", std::string(kTitle) + "招标公告", "韶关市第一中学", "2025-03-03");
  Add("procurement", "award", "SGZB2025-CG001", std::string(kTitle) + "结果公告", "韶关市第一中学", "2025-04-01");
  Add("trading", "tender", "sgzb2025-cg001", std::string(kTitle) + "公开招标公告", "韶关市第一中学", "2025-03-04");
  Add("trading", "award", "E4402002510000123001", std::string(kTitle) + "中标(成交)结果公告", "韶关市第一中学",
      "2025-04-02");
  const ProjectMatching matching = Match();
  ASSERT_EQ(matching.projects.size(), 1u);  // the copies make no project of their own
  const Project& project = matching.projects[0];
  EXPECT_EQ(project.notices.size(), 2u);  // deadlines bind the designated site only
  ASSERT_EQ(project.copies.size(), 2u);
  EXPECT_EQ(project.copies[0].item->notice.kind, "tender");  // by publication
  EXPECT_DOUBLE_EQ(project.copies[0].confidence, 1.0);       // by its code
  EXPECT_EQ(project.copies[1].item->notice.kind, "award");
  EXPECT_DOUBLE_EQ(project.copies[1].confidence, 1.0);  // by title: the same once the notice type is cut
  EXPECT_EQ(project.aliases, std::vector<std::string>{"E4402002510000123001"});
  ASSERT_EQ(matching.matched.size(), 1u);
  EXPECT_EQ(matching.matched[0].project_code, "SGZB2025-CG001");
  EXPECT_TRUE(matching.for_review.empty());
}

TEST_F(CopiesTest, ADoubtfulCopyIsListedForReviewAndLinkedToNothing) {
  Add("procurement", "award", "SGZB2025-CG001", std::string(kTitle) + "结果公告", "韶关市第一中学", "2025-04-01");
  // The same title from another buyer: 1.0 × 0.8 < 0.85.
  Add("trading", "award", "E4402002510000123001", std::string(kTitle) + "结果公告", "韶关市教育局", "2025-04-02");
  const ProjectMatching matching = Match();
  ASSERT_EQ(matching.projects.size(), 1u);
  EXPECT_TRUE(matching.projects[0].copies.empty());
  EXPECT_TRUE(matching.projects[0].aliases.empty());
  ASSERT_EQ(matching.for_review.size(), 1u);
  EXPECT_EQ(matching.for_review[0].project_code, "SGZB2025-CG001");
  EXPECT_DOUBLE_EQ(matching.for_review[0].confidence, 0.8);
}

TEST_F(CopiesTest, ACopyWhoseCodeAndTitleAgreeStaysWithItsProjectThoughItLacksTheKind) {
  // Two projects of one buyer with one title; the first published its tender only on the
  // platform (a real cross_site_missing), the second on gpcms within 30 days of that copy.
  Add("procurement", "award", "SGZB2025-CG001", std::string(kTitle) + "结果公告", "韶关市第一中学", "2025-04-01");
  Add("procurement", "tender", "SGZB2025-CG002", std::string(kTitle) + "招标公告", "韶关市第一中学", "2025-03-20");
  Add("trading", "tender", "SGZB2025-CG001", std::string(kTitle) + "招标公告", "韶关市第一中学", "2025-03-03");
  const ProjectMatching matching = Match();
  ASSERT_EQ(matching.projects.size(), 2u);
  ASSERT_EQ(matching.projects[0].copies.size(), 1u);
  EXPECT_EQ(matching.projects[0].code, "SGZB2025-CG001");
  EXPECT_TRUE(matching.projects[1].copies.empty());
  EXPECT_TRUE(matching.matched.empty());
}

TEST_F(CopiesTest, ACopyIsLinkedByTheTitleAProjectTookFromACodeLessTenderJoiningIt) {
  // The project's title is first its award's (12 bigrams). A code-less tender
  // (14 bigrams, 12 shared: Dice 24/26 = 0.92) joins it, and the project takes
  // the tender's title. The platform's copy (18 bigrams) is 2·14/32 = 0.875
  // like the new title, 2·12/30 = 0.8 like the old: only the new one links it.
  Add("procurement", "award", "SGZB2025-CG001", "韶关市第一中学设备采购项目结果公告", "韶关市第一中学", "2025-04-01");
  Add("procurement", "tender", "", "韶关市第一中学设备采购项目二期招标公告", "韶关市第一中学", "2025-04-02");
  Add("trading", "tender", "JY-9", "韶关市第一中学设备采购项目二期改造工程招标公告", "韶关市第一中学", "2025-04-05");
  const ProjectMatching matching = Match();
  ASSERT_EQ(matching.projects.size(), 1u);
  const Project& project = matching.projects[0];
  EXPECT_EQ(project.title, "韶关市第一中学设备采购项目二期");
  EXPECT_EQ(project.notices.size(), 2u);
  ASSERT_EQ(project.copies.size(), 1u);
  EXPECT_DOUBLE_EQ(project.copies[0].confidence, 28.0 / 32.0);
  EXPECT_EQ(project.aliases, std::vector<std::string>{"JY-9"});
  EXPECT_EQ(matching.matched.size(), 2u);  // the tender and the copy
  EXPECT_TRUE(matching.for_review.empty());
}

TEST_F(CopiesTest, TheSameNoticeOnTwoSitesIsOneNoticeWithTwoSightings) {
  Add("procurement", "tender", "SGZB2025-CG001", std::string(kTitle) + " [项目编号:SGZB2025-CG001]招标公告",
      "韶关市第一中学", "2025-03-03");
  Add("procurement", "award", "SGZB2025-CG001", std::string(kTitle) + "结果公告", "韶关市第一中学", "2025-04-02");
  // The copy of the tender, a day later; the award's copy published before its original.
  Add("trading", "tender", "SGZB2025-CG001", std::string(kTitle) + "招标公告", "韶关市第一中学", "2025-03-04");
  Add("trading", "award", "SGZB2025-CG001", std::string(kTitle) + "中标（成交）结果公告", "韶关市第一中学",
      "2025-04-01");
  // A correction is another notice, though of the same project.
  Add("procurement", "correction", "SGZB2025-CG001", std::string(kTitle) + "更正公告", "韶关市第一中学", "2025-03-10");
  const ProjectMatching matching = Match();
  ASSERT_EQ(matching.projects.size(), 1u);
  const std::vector<SightedNotice> sighted = SightedNotices(matching.projects[0]);
  ASSERT_EQ(sighted.size(), 3u);
  ASSERT_EQ(sighted[0].sightings.size(), 2u);
  EXPECT_EQ(sighted[0].sightings[0].item->notice.site, "procurement");  // the designated site first
  EXPECT_EQ(sighted[0].sightings[1].item->notice.site, "trading");
  EXPECT_EQ(sighted[0].sightings[1].item->captured_at, "2025-03-04T20:00:00+08:00");
  EXPECT_EQ(sighted[1].sightings.size(), 1u);  // the correction
  ASSERT_EQ(sighted[2].sightings.size(), 2u);
  EXPECT_EQ(sighted[2].sightings[0].item->notice.site, "procurement");
}

TEST_F(CopiesTest, DifferentLotsOrNumbersAreDifferentNotices) {
  Add("procurement", "award", "SGZB2025-CG001", std::string(kTitle) + "（包1）结果公告", "韶关市第一中学",
      "2025-04-01");
  Add("trading", "award", "SGZB2025-CG001", std::string(kTitle) + "（包2）结果公告", "韶关市第一中学", "2025-04-01");
  Add("trading", "award", "SGZB2025-CG001", std::string(kTitle) + "（包1）结果公告", "韶关市第一中学", "2025-04-02");
  notices_[2].notice.lots = {{"包1：数字复印机", "", std::nullopt}};  // names a lot the gpcms one does not
  const ProjectMatching matching = Match();
  ASSERT_EQ(matching.projects.size(), 1u);
  EXPECT_EQ(SightedNotices(matching.projects[0]).size(), 3u);
}

TEST(TitleSimilarityTest, IgnoresCodesSuffixesWidthAndPunctuation) {
  EXPECT_DOUBLE_EQ(TitleSimilarity("韶关市某项目 [项目编号：X-1]招标公告", "韶关市某项目（２０２５）结果公告"),
                   TitleSimilarity("韶关市某项目", "韶关市某项目(2025)"));
  EXPECT_DOUBLE_EQ(TitleSimilarity("韶关市某项目", "韶关市某项目"), 1.0);
  EXPECT_DOUBLE_EQ(TitleSimilarity("", "韶关市某项目"), 0.0);
  EXPECT_LT(TitleSimilarity("韶关市第一中学食堂项目", "南雄市人民医院设备项目"), 0.3);
}

}  // namespace
}  // namespace gapwatch
