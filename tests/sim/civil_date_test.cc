// The simulator's own date and working-day arithmetic, checked against the
// test vectors of RULES.md §3.4 and facts of the holiday notices.
#include "sim/civil_date.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace gapwatch::sim {
namespace {

CivilDate D(const char* text) {
  auto date = CivilDate::Parse(text);
  if (!date) throw std::invalid_argument(text);
  return *date;
}

TEST(CivilDateTest, ParsesOnlyRealIsoDates) {
  EXPECT_EQ(D("2024-02-29"), (CivilDate{2024, 2, 29}));
  EXPECT_FALSE(CivilDate::Parse("2025-02-29"));  // not a leap year
  EXPECT_FALSE(CivilDate::Parse("1900-02-29"));  // century, not leap
  EXPECT_TRUE(CivilDate::Parse("2000-02-29"));   // 400-year leap
  EXPECT_FALSE(CivilDate::Parse("2025-13-01"));
  EXPECT_FALSE(CivilDate::Parse("2025-04-31"));
  EXPECT_FALSE(CivilDate::Parse("2025-00-10"));
  EXPECT_FALSE(CivilDate::Parse("2025-1-01"));
  EXPECT_FALSE(CivilDate::Parse("2025/01/01"));
  EXPECT_FALSE(CivilDate::Parse("2025-01-01T00:00"));
  EXPECT_FALSE(CivilDate::Parse(""));
  EXPECT_FALSE(CivilDate::Parse("２０２５-01-01"));
}

TEST(CivilDateTest, DayNumbersAndWeekdays) {
  EXPECT_EQ(D("1970-01-01").DayNumber(), 0);
  EXPECT_EQ(D("2000-03-01").DayNumber(), 11017);
  EXPECT_EQ(D("1969-12-31").DayNumber(), -1);
  EXPECT_EQ(D("1970-01-01").IsoWeekday(), 4);  // Thursday
  EXPECT_EQ(D("2025-10-01").IsoWeekday(), 3);  // Wednesday (RULES.md §3.2)
  EXPECT_EQ(D("2024-02-09").IsoWeekday(), 5);  // 除夕 2024, a Friday
  EXPECT_EQ(D("2026-02-15").IsoWeekday(), 7);
  // Every day of 2017–2027 survives the round trip and follows its predecessor.
  for (long n = D("2017-01-01").DayNumber(); n <= D("2027-12-31").DayNumber(); ++n) {
    const CivilDate date = CivilDate::FromDayNumber(n);
    ASSERT_EQ(date.DayNumber(), n);
    ASSERT_EQ(CivilDate::Parse(date.Iso()), date);
    ASSERT_LT(date, date.PlusDays(1));
  }
  EXPECT_EQ(D("2024-12-31").PlusDays(1), D("2025-01-01"));
  EXPECT_EQ(D("2024-02-28").PlusDays(1), D("2024-02-29"));
  EXPECT_EQ(DaysBetween(D("2025-09-01"), D("2025-10-01")), 30);
}

struct Vector {
  const char* start;
  int working_days;
  const char* expected;
};

// RULES.md §3.4, all sixteen.
const Vector kRulesVectors[] = {
    {"2024-02-08", 2, "2024-02-18"}, {"2024-09-13", 1, "2024-09-14"},  {"2024-09-30", 2, "2024-10-09"},
    {"2024-12-31", 1, "2025-01-02"}, {"2025-01-24", 2, "2025-01-27"},  {"2025-01-27", 2, "2025-02-06"},
    {"2025-04-30", 2, "2025-05-07"}, {"2025-05-30", 1, "2025-06-03"},  {"2025-09-26", 2, "2025-09-29"},
    {"2025-09-30", 2, "2025-10-10"}, {"2025-12-31", 20, "2026-01-29"}, {"2026-02-13", 2, "2026-02-24"},
    {"2026-02-13", 5, "2026-02-27"}, {"2026-06-18", 2, "2026-06-23"},  {"2026-09-18", 1, "2026-09-20"},
    {"2026-09-30", 2, "2026-10-09"},
};

TEST(WorkCalendarTest, RulesTestVectors) {
  const WorkCalendar& calendar = WorkCalendar::Embedded();
  for (const Vector& v : kRulesVectors) {
    EXPECT_EQ(calendar.AddWorkingDays(D(v.start), v.working_days), D(v.expected))
        << v.start << " + " << v.working_days << " WD";
  }
}

TEST(WorkCalendarTest, ClassifiesNoticeDays) {
  const WorkCalendar& calendar = WorkCalendar::Embedded();
  EXPECT_TRUE(calendar.IsWorkingDay(D("2024-02-09")));   // 除夕 2024 was worked
  EXPECT_FALSE(calendar.IsWorkingDay(D("2025-01-28")));  // 除夕 2025 is a holiday
  EXPECT_TRUE(calendar.IsWorkingDay(D("2025-09-28")));   // make-up Sunday
  EXPECT_TRUE(calendar.IsWorkingDay(D("2025-10-11")));   // make-up Saturday
  EXPECT_FALSE(calendar.IsWorkingDay(D("2025-10-08")));  // a Wednesday off
  EXPECT_FALSE(calendar.IsWorkingDay(D("2025-03-01")));  // an ordinary Saturday
  EXPECT_TRUE(calendar.IsWorkingDay(D("2025-03-03")));   // an ordinary Monday
  // 2019's notice lists the last days of 2018.
  EXPECT_TRUE(calendar.IsWorkingDay(D("2018-12-29")));
  EXPECT_FALSE(calendar.IsWorkingDay(D("2018-12-31")));
}

TEST(WorkCalendarTest, YearTotalsMatchTheNotices) {
  const WorkCalendar& calendar = WorkCalendar::Embedded();
  const std::pair<int, int> totals[] = {{2024, 251}, {2025, 248}, {2026, 248}, {2020, 249}, {2018, 250}};
  for (auto [year, expected] : totals) {
    int count = 0;
    for (CivilDate d{year, 1, 1}; d.year == year; d = d.PlusDays(1)) count += calendar.IsWorkingDay(d);
    EXPECT_EQ(count, expected) << year;
  }
}

TEST(WorkCalendarTest, FirstWorkingDayFrom) {
  const WorkCalendar& calendar = WorkCalendar::Embedded();
  EXPECT_EQ(calendar.FirstWorkingDayFrom(D("2025-10-01")), D("2025-10-09"));
  EXPECT_EQ(calendar.FirstWorkingDayFrom(D("2025-10-09")), D("2025-10-09"));
  EXPECT_EQ(calendar.FirstWorkingDayFrom(D("2024-04-06")), D("2024-04-07"));  // make-up Sunday
  EXPECT_EQ(calendar.FirstWorkingDayFrom(D("2025-03-01")), D("2025-03-03"));
  EXPECT_EQ(calendar.AddWorkingDays(D("2025-03-03"), 0), D("2025-03-03"));
}

// Calendar-day periods ending on a rest day end on the next working day
// (民法典 Art. 203, RULES.md §0).
TEST(WorkCalendarTest, PeriodEnd) {
  const WorkCalendar& calendar = WorkCalendar::Embedded();
  EXPECT_EQ(calendar.PeriodEnd(D("2025-09-01"), 30), D("2025-10-09"));  // 10-01 National Day
  EXPECT_EQ(calendar.PeriodEnd(D("2024-03-07"), 30), D("2024-04-07"));  // 04-06 清明, 04-07 make-up Sunday
  EXPECT_EQ(calendar.PeriodEnd(D("2025-06-03"), 30), D("2025-07-03"));  // a working day stays
  EXPECT_EQ(calendar.PeriodEnd(D("2025-01-22"), 6), D("2025-02-05"));   // 01-28 除夕 → after the break
  EXPECT_EQ(calendar.IsWorkingDayNumber(D("2025-09-28").DayNumber()), true);
}

TEST(WorkCalendarTest, RefusesYearsItDoesNotKnow) {
  const WorkCalendar& calendar = WorkCalendar::Embedded();
  EXPECT_EQ(calendar.first_year(), 2018);
  EXPECT_EQ(calendar.last_year(), 2026);
  EXPECT_THROW(calendar.IsWorkingDay(D("2027-01-04")), std::out_of_range);
  EXPECT_THROW(calendar.AddWorkingDays(D("2026-12-30"), 5), std::out_of_range);
  EXPECT_THROW(calendar.IsWorkingDay(D("2017-06-01")), std::out_of_range);
}

TEST(WorkCalendarTest, RejectsMalformedJson) {
  EXPECT_THROW(WorkCalendar("[]"), std::runtime_error);
  EXPECT_THROW(WorkCalendar("{\"2025\":{\"off\":[\"2025-13-01\"]}}"), std::runtime_error);
  EXPECT_THROW(WorkCalendar("{\"20x5\":{}}"), std::runtime_error);
  EXPECT_THROW(WorkCalendar("not json"), std::runtime_error);
  const WorkCalendar tiny("{\"2025\":{\"off\":[\"2025-01-01\"],\"makeup_workdays\":[\"2025-01-04\"]}}");
  EXPECT_FALSE(tiny.IsWorkingDay(D("2025-01-01")));
  EXPECT_TRUE(tiny.IsWorkingDay(D("2025-01-04")));
  EXPECT_FALSE(tiny.IsWorkingDay(D("2025-01-05")));
}

}  // namespace
}  // namespace gapwatch::sim
