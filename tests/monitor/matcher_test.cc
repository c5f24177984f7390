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

TEST(TitleSimilarityTest, IgnoresCodesSuffixesWidthAndPunctuation) {
  EXPECT_DOUBLE_EQ(TitleSimilarity("韶关市某项目 [项目编号：X-1]招标公告", "韶关市某项目（２０２５）结果公告"),
                   TitleSimilarity("韶关市某项目", "韶关市某项目(2025)"));
  EXPECT_DOUBLE_EQ(TitleSimilarity("韶关市某项目", "韶关市某项目"), 1.0);
  EXPECT_DOUBLE_EQ(TitleSimilarity("", "韶关市某项目"), 0.0);
  EXPECT_LT(TitleSimilarity("韶关市第一中学食堂项目", "南雄市人民医院设备项目"), 0.3);
}

}  // namespace
}  // namespace gapwatch
