#include "monitor/deadlines.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace gapwatch {
namespace {

// Due dates worked out by hand from the State Council notices (RULES.md §3).

Date D(const char* text) { return *Date::Parse(text); }

class DeadlinesTest : public ::testing::Test {
 protected:
  const NoticeWithEvidence* Add(const std::string& kind, const std::string& published) {
    auto item = std::make_unique<NoticeWithEvidence>();
    item->notice.site = domain_ == "procurement" ? "procurement" : "trading";
    item->notice.kind = kind;
    item->notice.domain = domain_;
    item->notice.project_code = "SGZB2025-001";
    item->notice.url = "https://example.gov.cn/" + kind + "/" + published;
    item->notice.published = published;
    item->captured_at = published + "T20:00:00+08:00";
    notices_.push_back(std::move(item));
    project_.notices.push_back(notices_.back().get());
    return notices_.back().get();
  }
  NoticeWithEvidence* Last() { return notices_.back().get(); }

  std::vector<Deadline> At(const char* as_of) {
    project_.domain = domain_;
    return ChainDeadlines(project_, project_.notices, D(as_of), RuleBook::Official(), WorkingDayCalendar::Official());
  }

  std::string domain_ = "procurement";
  Project project_;
  std::vector<std::unique_ptr<NoticeWithEvidence>> notices_;
};

TEST_F(DeadlinesTest, AMissingAwardIsPendingUntilNineWorkingDaysAfterTheOpening) {
  Add("tender", "2025-03-03");
  Last()->notice.opening = "2025-03-20T09:30:00+08:00";
  // Thu 20 Mar + 9 WD: 21, 24, 25, 26, 27, 28, 31 Mar, 1, 2 Apr.
  auto deadlines = At("2025-04-02");
  ASSERT_EQ(deadlines.size(), 1u);
  EXPECT_EQ(deadlines[0].expected_notice, "award");
  EXPECT_EQ(deadlines[0].rule->kind, "award_missing");
  EXPECT_EQ(deadlines[0].due, D("2025-04-02"));
  EXPECT_EQ(deadlines[0].status, "pending");
  EXPECT_EQ(DescribeClock(*deadlines[0].clock, deadlines[0].start), "opening 2025-03-20 + 9 WD");
  EXPECT_EQ(At("2025-04-03")[0].status, "missing");
}

TEST_F(DeadlinesTest, TheDecisionDateSetsTheAwardsDeadlineAndTheAwardStartsTheContracts) {
  Add("tender", "2025-03-03");
  Last()->notice.opening = "2025-03-20T09:30:00+08:00";
  Add("award", "2025-03-28");
  Last()->notice.decided = "2025-03-27";
  const auto deadlines = At("2025-04-30");
  ASSERT_EQ(deadlines.size(), 2u);
  // Thu 27 Mar + 2 WD = Mon 31 Mar; published 28 Mar.
  EXPECT_EQ(deadlines[0].rule->kind, "award_late");
  EXPECT_EQ(deadlines[0].due, D("2025-03-31"));
  EXPECT_EQ(deadlines[0].published, D("2025-03-28"));
  EXPECT_EQ(deadlines[0].status, "on_time");
  // 28 Mar + 30 days = Sun 27 Apr, a make-up working day; + 2 WD = Tue 29 Apr.
  EXPECT_EQ(deadlines[1].expected_notice, "contract");
  EXPECT_EQ(deadlines[1].due, D("2025-04-29"));
  EXPECT_EQ(deadlines[1].status, "missing");
}

TEST_F(DeadlinesTest, ALateAwardWithoutADecisionDateIsJudgedFromTheOpening) {
  Add("tender", "2025-03-03");
  Last()->notice.opening = "2025-03-20T09:30:00+08:00";
  Add("award", "2025-04-03");
  const auto deadlines = At("2025-04-03");
  ASSERT_FALSE(deadlines.empty());
  EXPECT_EQ(deadlines[0].clock->from, "opening");
  EXPECT_EQ(deadlines[0].due, D("2025-04-02"));
  EXPECT_EQ(deadlines[0].status, "late");
}

TEST_F(DeadlinesTest, ATerminatedTenderExpectsNothing) {
  Add("tender", "2025-03-03");
  Last()->notice.opening = "2025-03-20T09:30:00+08:00";
  Add("termination", "2025-03-25");
  EXPECT_TRUE(At("2025-12-31").empty());
}

TEST_F(DeadlinesTest, AConstructionAwardIsDueTwentyWorkingDaysAfterTheCandidatesPublicityPeriod) {
  domain_ = "construction";
  Add("tender", "2025-08-01");
  Last()->notice.opening = "2025-08-25T09:30:00+08:00";
  Add("candidates", "2025-09-10");
  // Wed 10 Sep + 3 days = Sat 13 Sep → Mon 15 Sep; + 20 WD: 16–19, 22–26, Sun 28 (make-up), 29, 30 Sep
  // (12), 1–8 Oct off, 9, 10, Sat 11 (make-up), 13–17 Oct (20).
  const auto deadlines = At("2025-10-20");
  ASSERT_EQ(deadlines.size(), 1u);
  EXPECT_EQ(deadlines[0].rule->id, "EB-06");
  EXPECT_EQ(deadlines[0].clock->from, "candidates_published");
  EXPECT_EQ(deadlines[0].due, D("2025-10-17"));
  EXPECT_EQ(deadlines[0].status, "missing");
}

TEST_F(DeadlinesTest, AYearOutsideTheCalendarLeavesTheDueDateUnknown) {
  Add("tender", "2026-12-01");
  Last()->notice.opening = "2026-12-28T09:30:00+08:00";
  // Mon 28 Dec 2026 + 9 WD runs into 2027, whose notice is not out.
  EXPECT_EQ(At("2027-01-05")[0].status, "pending");  // not yet 9 calendar days: certainly not overdue
  const auto deadlines = At("2027-02-01");
  EXPECT_FALSE(deadlines[0].due.has_value());
  EXPECT_EQ(deadlines[0].status, "calendar_unknown");
}

TEST_F(DeadlinesTest, EventsComeFromTheLatestCorrectionAndTheFirstAwardAndContract) {
  Add("tender", "2025-03-03");
  Last()->notice.opening = "2025-03-20T09:30:00+08:00";
  Add("correction", "2025-03-10");
  Last()->notice.opening = "2025-03-25T09:30:00+08:00";
  Add("award", "2025-04-01");
  Last()->notice.decided = "2025-03-31";
  Add("contract", "2025-04-20");
  Last()->notice.signed_on = "2025-04-18";
  const auto events = ProjectEvents(project_, project_.notices);
  EXPECT_EQ(events.at("opening"), D("2025-03-25"));
  EXPECT_EQ(events.at("award_published"), D("2025-04-01"));
  EXPECT_EQ(events.at("decided"), D("2025-03-31"));
  EXPECT_EQ(events.at("signed"), D("2025-04-18"));
  EXPECT_FALSE(events.count("candidates_published"));
}

}  // namespace
}  // namespace gapwatch
