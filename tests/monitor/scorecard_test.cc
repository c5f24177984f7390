#include "monitor/scorecard.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gapwatch {
namespace {

Date D(const char* text) { return *Date::Parse(text); }

class ScorecardTest : public ::testing::Test {
 protected:
  // A procurement project of `buyer`: a tender opening on Thu 20 Mar 2025 (award due
  // + 9 WD = Wed 2 Apr), and an award and a contract when their dates are given.
  void AddProject(const std::string& code, const std::string& buyer, const std::string& award,
                  const std::string& contract) {
    Add(code, buyer, "tender", "2025-03-03").notice.opening = "2025-03-20T09:30:00+08:00";
    if (!award.empty()) Add(code, buyer, "award", award);
    if (!contract.empty()) Add(code, buyer, "contract", contract);
  }

  NoticeWithEvidence& Add(const std::string& code, const std::string& buyer, const std::string& kind,
                          const std::string& published) {
    NoticeWithEvidence& item = notices_.emplace_back();
    item.notice.site = "procurement";
    item.notice.url = "https://gdgpo.czt.gd.gov.cn/" + code + "/" + kind;
    item.notice.kind = kind;
    item.notice.domain = "procurement";
    item.notice.project_code = code;
    item.notice.buyer = buyer;
    item.notice.published = published;
    return item;
  }

  std::vector<Scorecard> At(const char* as_of) {
    return Scorecards(notices_, DesignatedProjects(notices_, D(as_of)), D(as_of), RuleBook::Official(),
                      WorkingDayCalendar::Official());
  }

  std::vector<NoticeWithEvidence> notices_;
};

TEST_F(ScorecardTest, CountsEachBuyersDeadlinesAndRates) {
  // 甲: award on time (1 Apr ≤ 2 Apr); its contract due 1 Apr + 30 days = 1 May (holiday 1–5 May)
  // → Tue 6 May + 2 WD = Thu 8 May: published 7 May, on time.
  AddProject("A-1", "韶关市甲局", "2025-04-01", "2025-05-07");
  // 甲: award late (3 Apr > 2 Apr); contract due 3 Apr + 30 = Sat 3 May → Tue 6 May + 2 WD = 8 May: missing.
  AddProject("A-2", "韶关市甲局", "2025-04-03", "");
  // 乙: no award by 31 Dec: missing; no contract expected without an award.
  AddProject("B-1", "韶关市乙局", "", "");
  const auto cards = At("2025-12-31");
  ASSERT_EQ(cards.size(), 2u);
  // Sorted by domain, then buyer as UTF-8 bytes: 乙 (U+4E59) before 甲 (U+7532).
  const Scorecard& second = cards[0];
  const Scorecard& first = cards[1];
  EXPECT_EQ(first.buyer, "韶关市甲局");
  EXPECT_EQ(first.projects, 2);
  EXPECT_EQ(first.expected, 4);
  EXPECT_EQ(first.published, 3);
  EXPECT_EQ(first.on_time, 2);
  EXPECT_EQ(first.late, 1);
  EXPECT_EQ(first.missing, 1);
  EXPECT_DOUBLE_EQ(*first.completeness, 0.75);
  EXPECT_DOUBLE_EQ(*first.timeliness, 2.0 / 3.0);
  EXPECT_EQ(second.buyer, "韶关市乙局");
  EXPECT_EQ(second.expected, 1);
  EXPECT_EQ(second.missing, 1);
  EXPECT_DOUBLE_EQ(*second.completeness, 0.0);
  EXPECT_FALSE(second.timeliness.has_value());  // nothing published: no rate, not 0 %
}

TEST_F(ScorecardTest, DeadlinesNotYetDueCountNowhere) {
  AddProject("B-1", "韶关市乙局", "", "");
  // 1 Apr: the award is due 2 Apr, nothing is owed yet.
  EXPECT_TRUE(At("2025-04-01").empty());
}

TEST_F(ScorecardTest, ANoticeOnTwoSitesCountsOnce) {
  // The award (1 Apr, on time against 2 Apr) and the contract (7 May, due 8 May) also stand
  // on the trading platform, one under the platform's own code: still 2 due, 2 published.
  AddProject("A-1", "韶关市甲局", "2025-04-01", "2025-05-07");
  for (const char* kind : {"award", "contract"}) {
    NoticeWithEvidence copy = notices_[kind == std::string("award") ? 1 : 2];
    copy.notice.site = "trading";
    copy.notice.url = "https://ygp.gdzwfw.gov.cn/A-1/" + std::string(kind);
    notices_.push_back(copy);
  }
  notices_.back().notice.project_code = "E4402002510000123001";
  const auto cards = At("2025-12-31");
  ASSERT_EQ(cards.size(), 1u);
  EXPECT_EQ(cards[0].projects, 1);
  EXPECT_EQ(cards[0].expected, 2);
  EXPECT_EQ(cards[0].published, 2);
  EXPECT_EQ(cards[0].on_time, 2);
}

// What an official sees coming: a result or contract not yet published whose
// deadline falls within the next 10 working days, soonest first; one already
// due, one further off, or one published are not listed.
TEST_F(ScorecardTest, UpcomingDeadlinesAreThePendingOnesWithinTenWorkingDays) {
  // Award due Wed 2 Apr 2025 (opening Thu 20 Mar + 9 WD), for each project.
  AddProject("A-1", "韶关市<甲>局", "", "");
  AddProject("A-2", "韶关市乙局", "", "");
  AddProject("A-3", "韶关市乙局", "2025-03-18", "");  // published: the contract's clock runs instead
  const auto upcoming = [&](const char* as_of) {
    return UpcomingDeadlines(notices_, DesignatedProjects(notices_, D(as_of)), D(as_of), RuleBook::Official(),
                             WorkingDayCalendar::Official());
  };
  // Thu 20 Mar: 2 Apr is the 9th working day after; A-3's contract is due in May.
  const auto soon = upcoming("2025-03-20");
  ASSERT_EQ(soon.size(), 2u);
  EXPECT_EQ(soon[0].project_code, "A-1");
  EXPECT_EQ(soon[0].buyer, "韶关市<甲>局");
  EXPECT_EQ(soon[0].expected_notice, "award");
  EXPECT_EQ(soon[0].due, D("2025-04-02"));
  EXPECT_EQ(soon[0].working_days_left, 9);
  EXPECT_FALSE(soon[0].rule_id.empty());
  EXPECT_NE(soon[0].clock.find("opening 2025-03-20"), std::string::npos) << soon[0].clock;
  EXPECT_EQ(soon[0].url, "https://gdgpo.czt.gd.gov.cn/A-1/tender");
  EXPECT_EQ(soon[1].project_code, "A-2");
  // Fri 14 Mar: 2 Apr is 13 working days away; Wed 2 Apr: due today, no longer coming.
  EXPECT_TRUE(upcoming("2025-03-14").empty());
  EXPECT_TRUE(upcoming("2025-04-02").empty());
  // A horizon past the calendar's years lists nothing rather than guessing.
  EXPECT_TRUE(upcoming("2026-12-28").empty());
}

}  // namespace
}  // namespace gapwatch
