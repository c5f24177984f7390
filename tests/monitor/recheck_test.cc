#include "monitor/recheck.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "monitor/matcher.h"

namespace gapwatch {
namespace {

// A small world: project A (tender, award, no contract yet) with a copy of
// its award on the trading platform under the platform's own number JY-1;
// project B complete (tender, award, contract); a code-less intention.
class RecheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Add(1, "procurement", "tender", "GP-A", "韶关市第一中学设备采购项目招标公告", "2025-03-03");
    Add(2, "procurement", "award", "GP-A", "韶关市第一中学设备采购项目结果公告", "2025-04-01");
    Add(3, "trading", "award", "JY-1", "韶关市第一中学设备采购项目结果公告", "2025-04-02");
    Add(4, "procurement", "tender", "GP-B", "韶关市第二中学课桌椅采购项目招标公告", "2025-03-05");
    Add(5, "procurement", "award", "GP-B", "韶关市第二中学课桌椅采购项目结果公告", "2025-04-03");
    Add(6, "procurement", "contract", "GP-B", "韶关市第二中学课桌椅采购项目合同公告", "2025-04-20");
    Add(7, "procurement", "intention", "", "韶关市第三中学2025年4月政府采购意向", "2025-03-01");
  }

  void Add(long long id, const std::string& site, const std::string& kind, const std::string& code,
           const std::string& title, const std::string& published) {
    NoticeWithEvidence& item = notices_.emplace_back();
    item.notice_id = id;
    item.notice.site = site;
    item.notice.url = "https://" + site + ".example/" + std::to_string(id);
    item.notice.kind = kind;
    item.notice.domain = "procurement";
    item.notice.project_code = code;
    item.notice.title = title;
    item.notice.buyer = title.substr(0, title.find("采购"));
    item.notice.published = published;
  }

  // Plans as if the last check was as of `last` and saw the world as it is, but `changed`.
  RecheckPlan Plan(const std::vector<long long>& changed, const std::string& last = "2025-06-30",
                   const std::vector<RemovedOutline>& removed = {}) {
    const Date as_of = *Date::Parse("2025-06-30");
    const ProjectMatching matching = MatchDesignated(notices_, as_of);
    const NoticeKeys keys(notices_);
    return PlanRecheck(notices_, keys, matching.projects, as_of, *Date::Parse(last), {}, changed, removed, {});
  }

  std::vector<NoticeWithEvidence> notices_;
};

TEST_F(RecheckTest, NothingChangedLooksAtNothingButTheWholeKinds) {
  const RecheckPlan plan = Plan({});
  EXPECT_TRUE(plan.codes.empty());
  EXPECT_TRUE(plan.notice_ids.empty());
  EXPECT_TRUE(plan.Covers("notice_changed", "GP-A"));  // the watchdog's kinds are always raised again
  EXPECT_TRUE(plan.Covers("plan_missing", "韶关市财政局"));
  EXPECT_FALSE(plan.Covers("award_late", "GP-B"));
}

TEST_F(RecheckTest, AChangedCopyBringsItsNumberAndTheProjectItCountsFor) {
  const RecheckPlan plan = Plan({3});
  EXPECT_EQ(plan.codes, (std::set<std::string>{"GP-A", "JY-1"}));
  EXPECT_EQ(plan.projects, std::vector<std::string>{"GP-A"});
  EXPECT_EQ(plan.notice_ids, (std::vector<long long>{1, 2, 3}));
  EXPECT_FALSE(plan.Covers("award_late", "GP-B"));
}

TEST_F(RecheckTest, ACodeLooksAgainAtTheCopiesPrintingItAndTheirProjects) {
  // A notice of JY-1 changed: the copy printing JY-1 counts for GP-A, which is checked too.
  const RecheckPlan plan = Plan({}, "2025-06-30", {{"trading", "https://trading.example/9", "tender", "JY-1", "", 9}});
  EXPECT_EQ(plan.codes, (std::set<std::string>{"GP-A", "JY-1"}));
  EXPECT_EQ(plan.notice_ids, (std::vector<long long>{1, 2, 3}));
}

TEST_F(RecheckTest, ARemovedCodeLessNoticeIsItsOwnSubject) {
  const RecheckPlan plan =
      Plan({}, "2025-06-30", {{"procurement", "https://procurement.example/8", "intention", "", "", 8}});
  EXPECT_TRUE(plan.codes.empty());
  EXPECT_TRUE(plan.Covers("field_missing", "https://procurement.example/8"));
}

TEST_F(RecheckTest, ALaterDayLooksAgainAtChainsStillOwingANotice) {
  // GP-A lacks its contract (a deadline may fall due); GP-B is complete: its findings cannot move with the day.
  const RecheckPlan plan = Plan({}, "2025-05-31");
  EXPECT_EQ(plan.codes, (std::set<std::string>{"GP-A"}));
  EXPECT_EQ(plan.notice_ids, (std::vector<long long>{1, 2, 3}));
}

TEST_F(RecheckTest, ALaterDayLooksAgainAtChainsOfEveryDomain) {
  // Which domains have deadlines is data/rules.yaml's to say: a land grant's chain owing its
  // result is looked at again too, though today's rule book sets it no deadline.
  Add(8, "trading", "tender", "LD-C", "韶关市浈江区2025-05号地块国有建设用地使用权出让公告", "2025-03-10");
  notices_.back().notice.domain = "land";
  const RecheckPlan plan = Plan({}, "2025-05-31");
  EXPECT_EQ(plan.codes, (std::set<std::string>{"GP-A", "LD-C"}));
}

TEST_F(RecheckTest, ProjectCodesAreRankedInAnyOrderAndOnlyWhenPrinted) {
  const NoticeKeys keys(notices_);
  std::vector<Project> projects = MatchDesignated(notices_, *Date::Parse("2025-06-30")).projects;
  ASSERT_EQ(projects.size(), 2u);  // GP-A, GP-B; JY-1 is a copy
  // Ranks among every printed code, sorted: GP-A 0, GP-B 1, JY-1 2.
  EXPECT_EQ(keys.RanksOf(projects), (std::vector<std::uint32_t>{0, 1}));
  std::swap(projects[0], projects[1]);  // out of order: found all the same
  EXPECT_EQ(keys.RanksOf(projects), (std::vector<std::uint32_t>{1, 0}));
  EXPECT_EQ(keys.RankOf("JY-1"), 2u);
  EXPECT_EQ(keys.RankOf("GP-C"), NoticeKeys::kNoCode);
  projects[0].code = "GP-C";  // grouped from other notices: a broken contract, not a digest of nothing
  EXPECT_THROW(keys.RanksOf(projects), std::invalid_argument);
}

TEST_F(RecheckTest, DigestsMoveWhenAGroupingMovesAndOnlyThen) {
  const Date as_of = *Date::Parse("2025-06-30");
  const NoticeKeys keys(notices_);
  const auto before = CodeDigests(notices_, keys, MatchDesignated(notices_, as_of).projects, as_of);
  EXPECT_EQ(before, CodeDigests(notices_, keys, MatchDesignated(notices_, as_of).projects, as_of));
  // The contract of GP-B published after as_of: not standing, GP-B's digest moves; GP-A's does not.
  notices_[5].notice.published = "2025-07-20";
  const NoticeKeys later(notices_);
  const auto after = CodeDigests(notices_, later, MatchDesignated(notices_, as_of).projects, as_of);
  EXPECT_NE(after.at("GP-B"), before.at("GP-B"));
  EXPECT_EQ(after.at("GP-A"), before.at("GP-A"));
  EXPECT_EQ(after.at("JY-1"), before.at("JY-1"));
}

}  // namespace
}  // namespace gapwatch
