#include "monitor/calendar.h"

#include <gtest/gtest.h>

namespace gapwatch {
namespace {

Date D(const char* text) {
  const auto date = Date::Parse(text);
  if (!date) throw std::invalid_argument(text);
  return *date;
}

const WorkingDayCalendar& Official() { return WorkingDayCalendar::Official(); }

struct Vector {
  const char* start;
  int days;
  const char* expected;
};

// docs/RULES.md §3.4, all sixteen rows.
TEST(CalendarTest, RulesMdTestVectors) {
  const Vector vectors[] = {
      {"2024-02-08", 2, "2024-02-18"}, {"2024-09-13", 1, "2024-09-14"},  {"2024-09-30", 2, "2024-10-09"},
      {"2024-12-31", 1, "2025-01-02"}, {"2025-01-24", 2, "2025-01-27"},  {"2025-01-27", 2, "2025-02-06"},
      {"2025-04-30", 2, "2025-05-07"}, {"2025-05-30", 1, "2025-06-03"},  {"2025-09-26", 2, "2025-09-29"},
      {"2025-09-30", 2, "2025-10-10"}, {"2025-12-31", 20, "2026-01-29"}, {"2026-02-13", 2, "2026-02-24"},
      {"2026-02-13", 5, "2026-02-27"}, {"2026-06-18", 2, "2026-06-23"},  {"2026-09-18", 1, "2026-09-20"},
      {"2026-09-30", 2, "2026-10-09"},
  };
  for (const auto& v : vectors) {
    EXPECT_EQ(Official().AddWorkingDays(D(v.start), v.days), D(v.expected)) << v.start << " + " << v.days;
  }
}

// Derived by hand from data/calendar/README.md and the State Council notices for 2018–2023.
TEST(CalendarTest, EarlierYearsFromTheNotices) {
  const Vector vectors[] = {
      // 2018 Spring Festival: 15–21 Feb off; 11 Feb (Sun) and 24 Feb (Sat) worked.
      {"2018-02-09", 1, "2018-02-11"},
      {"2018-02-14", 1, "2018-02-22"},
      // 2018-12-29 (Sat) is a make-up day of the 2019 notice; 30 Dec – 1 Jan off.
      {"2018-12-28", 1, "2018-12-29"},
      {"2018-12-28", 2, "2019-01-02"},
      // 2019 amended Labour Day: 1–4 May off; 28 Apr (Sun) and 5 May (Sun) worked.
      {"2019-04-26", 1, "2019-04-28"},
      {"2019-04-30", 1, "2019-05-05"},
      {"2019-04-30", 2, "2019-05-06"},
      // 2020 COVID-19 extension: 24 Jan – 2 Feb off, 1 Feb no longer worked; 19 Jan (Sun) worked.
      {"2020-01-17", 1, "2020-01-19"},
      {"2020-01-23", 1, "2020-02-03"},
      // 2021 Mid-Autumn (19–21 Sep off, 18 Sep Sat worked) and National Day (1–7 Oct off, 9 Oct Sat worked).
      {"2021-09-17", 1, "2021-09-18"},
      {"2021-09-30", 1, "2021-10-08"},
      {"2021-10-08", 1, "2021-10-09"},
      // 2022 Spring Festival: 31 Jan – 6 Feb off; 29 and 30 Jan (weekend) worked.
      {"2022-01-28", 2, "2022-01-30"},
      {"2022-01-28", 3, "2022-02-07"},
      // 2023 New Year (2022-12-31 – 2023-01-02, under the 2023 notice) and Spring Festival (21–27 Jan off,
      // 28–29 Jan worked).
      {"2022-12-30", 1, "2023-01-03"},
      {"2023-01-20", 1, "2023-01-28"},
      // 2023 Mid-Autumn and National Day: 29 Sep – 6 Oct off; 7–8 Oct (weekend) worked.
      {"2023-09-28", 1, "2023-10-07"},
      {"2023-09-28", 2, "2023-10-08"},
  };
  for (const auto& v : vectors) {
    EXPECT_EQ(Official().AddWorkingDays(D(v.start), v.days), D(v.expected)) << v.start << " + " << v.days;
  }
}

TEST(CalendarTest, ClassifiesSingleDays) {
  EXPECT_FALSE(Official().IsWorkingDay(D("2020-02-01")));  // was a make-up Saturday until the COVID extension
  EXPECT_FALSE(Official().IsWorkingDay(D("2020-01-31")));  // extension: a Friday off
  EXPECT_TRUE(Official().IsWorkingDay(D("2020-01-19")));
  EXPECT_FALSE(Official().IsWorkingDay(D("2019-05-04")));
  EXPECT_TRUE(Official().IsWorkingDay(D("2019-05-05")));
  EXPECT_TRUE(Official().IsWorkingDay(D("2024-02-09")));   // 除夕 2024 was officially worked
  EXPECT_FALSE(Official().IsWorkingDay(D("2025-01-28")));  // 除夕 2025 is a statutory holiday
  EXPECT_TRUE(Official().IsWorkingDay(D("2025-06-30")));   // an ordinary Monday
  EXPECT_FALSE(Official().IsWorkingDay(D("2025-06-28")));  // an ordinary Saturday
}

TEST(CalendarTest, CountsTheWorkingDaysOfEachYear) {
  // data/calendar/README.md: working days per year.
  const std::pair<int, int> totals[] = {{2018, 250}, {2019, 250}, {2020, 249}, {2021, 250}, {2022, 249},
                                        {2023, 249}, {2024, 251}, {2025, 248}, {2026, 248}};
  for (const auto& [year, total] : totals) {
    EXPECT_EQ(Official().WorkingDaysBetween(Date{year - 1, 12, 31}, Date{year, 12, 31}), total) << year;
  }
}

TEST(CalendarTest, WorkingDaysBetweenCountsTheHalfOpenInterval) {
  EXPECT_EQ(Official().WorkingDaysBetween(D("2025-06-30"), D("2025-06-30")), 0);
  EXPECT_EQ(Official().WorkingDaysBetween(D("2025-07-01"), D("2025-06-30")), 0);
  EXPECT_EQ(Official().WorkingDaysBetween(D("2025-06-27"), D("2025-06-30")), 1);  // Fri → Mon
  EXPECT_EQ(Official().WorkingDaysBetween(D("2025-06-30"), D("2025-07-04")), 4);  // start not counted
  EXPECT_EQ(Official().WorkingDaysBetween(D("2025-09-30"), D("2025-10-10")), 2);  // 1–8 Oct off
  EXPECT_EQ(Official().WorkingDaysBetween(D("2025-09-26"), D("2025-09-28")), 1);  // 28 Sep (Sun) worked
}

TEST(CalendarTest, WorkingDaysBetweenInvertsAddWorkingDays) {
  for (Date start = D("2024-01-01"); start < D("2026-11-01"); start = start.AddDays(13)) {
    for (const int days : {0, 1, 2, 9, 20}) {
      EXPECT_EQ(Official().WorkingDaysBetween(start, Official().AddWorkingDays(start, days)), days)
          << start.ToString() << " + " << days;
    }
  }
}

TEST(CalendarTest, AddingZeroWorkingDaysReturnsTheStart) {
  EXPECT_EQ(Official().AddWorkingDays(D("2025-10-01"), 0), D("2025-10-01"));
  EXPECT_THROW(Official().AddWorkingDays(D("2025-10-01"), -1), std::invalid_argument);
}

TEST(CalendarTest, CalendarDaysEndingOnARestDayMoveToTheNextWorkingDay) {
  // 2025-09-01 + 30 days = 1 Oct, inside the 1–8 Oct break: the period ends on Thu 9 Oct.
  EXPECT_EQ(Official().AddCalendarDays(D("2025-09-01"), 30), D("2025-10-09"));
  // 2024-08-31 + 30 = Mon 30 Sep, a working day: unchanged.
  EXPECT_EQ(Official().AddCalendarDays(D("2024-08-31"), 30), D("2024-09-30"));
  // 2024-09-01 + 30 = 1 Oct; 1–7 Oct off: Tue 8 Oct.
  EXPECT_EQ(Official().AddCalendarDays(D("2024-09-01"), 30), D("2024-10-08"));
  // A last day on a make-up Sunday is a working day: 2026-08-21 + 30 = Sun 20 Sep.
  EXPECT_EQ(Official().AddCalendarDays(D("2026-08-21"), 30), D("2026-09-20"));
  // A plain weekend: 2025-06-06 + 30 = Sun 6 Jul → Mon 7 Jul.
  EXPECT_EQ(Official().AddCalendarDays(D("2025-06-06"), 30), D("2025-07-07"));
}

TEST(CalendarTest, TheNarrowReadingMovesOnlyAHolidayBreaksLastDay) {
  // 2025-09-01 + 30 = Wed 1 Oct, a listed rest day of the National Day break: Thu 9 Oct either way.
  EXPECT_EQ(Official().AddCalendarDays(D("2025-09-01"), 30, LastDay::kAfterHoliday), D("2025-10-09"));
  // 2025-06-06 + 30 = Sun 6 Jul, an ordinary weekend: it stands (民法典's reading gives Mon 7 Jul).
  EXPECT_EQ(Official().AddCalendarDays(D("2025-06-06"), 30, LastDay::kAfterHoliday), D("2025-07-06"));
  // 2024-02-10 (Sat, 春节) is a rest day the notice lists: after the 10–17 Feb break comes Sun 18 Feb,
  // a make-up working day.
  EXPECT_EQ(Official().AddCalendarDays(D("2024-01-11"), 30, LastDay::kAfterHoliday), D("2024-02-18"));
  EXPECT_THROW(Official().AddCalendarDays(D("2026-12-20"), 30, LastDay::kAfterHoliday), CalendarUnknown);
}

TEST(CalendarTest, AFixedDayIsNeverMovedAndNeedsNoCalendar) {
  // 2025-12-31 + 31 = Sat 31 Jan 2026: an annual report's deadline stays on the Saturday.
  EXPECT_EQ(Official().AddCalendarDays(D("2025-12-31"), 31, LastDay::kFixed), D("2026-01-31"));
  EXPECT_EQ(Official().AddCalendarDays(D("2026-12-31"), 31, LastDay::kFixed), D("2027-01-31"));
}

TEST(CalendarTest, CoversOnlyTheYearsOfTheNotices) {
  EXPECT_EQ(Official().first_year(), 2018);
  EXPECT_EQ(Official().last_year(), 2026);
  EXPECT_TRUE(Official().Covers(D("2018-01-01")));
  EXPECT_TRUE(Official().Covers(D("2026-12-31")));
  EXPECT_FALSE(Official().Covers(D("2027-01-01")));
  EXPECT_FALSE(Official().Covers(D("2017-12-31")));
}

TEST(CalendarTest, RefusesToGuessOutsideTheCoveredYears) {
  try {
    Official().IsWorkingDay(D("2027-01-04"));  // a Monday, but 2027's notice is not in the data
    FAIL() << "expected CalendarUnknown";
  } catch (const CalendarUnknown& error) {
    EXPECT_EQ(error.year(), 2027);
    EXPECT_NE(std::string(error.what()).find("2027"), std::string::npos);
  }
  EXPECT_THROW(Official().IsWorkingDay(D("2017-12-29")), CalendarUnknown);
  // 2026-12-31 (Thu) + 1 needs a day of 2027.
  EXPECT_THROW(Official().AddWorkingDays(D("2026-12-31"), 1), CalendarUnknown);
  EXPECT_THROW(Official().WorkingDaysBetween(D("2017-12-28"), D("2018-01-03")), CalendarUnknown);
  EXPECT_THROW(Official().WorkingDaysBetween(D("2026-12-30"), D("2027-01-05")), CalendarUnknown);
  EXPECT_THROW(Official().AddCalendarDays(D("2026-12-20"), 30), CalendarUnknown);
  // The start day itself is not counted, so a span ending inside the range needs nothing outside.
  EXPECT_EQ(Official().WorkingDaysBetween(D("2017-12-31"), D("2018-01-02")), 1);
  EXPECT_EQ(Official().AddWorkingDays(D("2017-12-31"), 1), D("2018-01-02"));  // 1 January off
}

TEST(CalendarTest, AnUncoveredSpanNamesTheFirstYearItNeeds) {
  const auto year_needed = [](const auto& query) {
    try {
      query();
    } catch (const CalendarUnknown& error) {
      return error.year();
    }
    return 0;
  };
  EXPECT_EQ(year_needed([] { Official().AddWorkingDays(D("2026-12-25"), 10); }), 2027);
  EXPECT_EQ(year_needed([] { Official().AddWorkingDays(D("2017-12-20"), 3); }), 2017);
  EXPECT_EQ(year_needed([] { Official().WorkingDaysBetween(D("2017-12-28"), D("2018-01-03")); }), 2017);
  EXPECT_EQ(year_needed([] { Official().WorkingDaysBetween(D("2026-06-30"), D("2028-01-05")); }), 2027);
  // The last covered working day is reachable: 2026-12-31 is a Thursday.
  EXPECT_EQ(Official().AddWorkingDays(D("2026-12-29"), 2), D("2026-12-31"));
  EXPECT_EQ(Official().WorkingDaysBetween(D("2026-12-29"), D("2026-12-31")), 2);
}

TEST(CalendarTest, FromJsonCombinesYearsAndValidates) {
  const auto calendar = WorkingDayCalendar::FromJson(R"({
    "2030": {"off": ["2029-12-31", "2030-01-01"], "makeup_workdays": ["2029-12-29"], "source": []},
    "2031": {"off": [], "makeup_workdays": []}
  })");
  EXPECT_EQ(calendar.first_year(), 2030);
  EXPECT_EQ(calendar.last_year(), 2031);
  EXPECT_FALSE(calendar.Covers(D("2029-12-29")));  // listed, but the year has no notice of its own
  EXPECT_FALSE(calendar.IsWorkingDay(D("2030-01-01")));
  EXPECT_TRUE(calendar.IsWorkingDay(D("2030-01-02")));

  EXPECT_THROW(WorkingDayCalendar::FromJson("not json"), std::runtime_error);
  EXPECT_THROW(WorkingDayCalendar::FromJson("{}"), std::runtime_error);
  EXPECT_THROW(WorkingDayCalendar::FromJson(R"({"2030": {"off": ["2030-02-30"], "makeup_workdays": []}})"),
               std::runtime_error);
  EXPECT_THROW(WorkingDayCalendar::FromJson(R"({"2030": {"makeup_workdays": []}})"), std::runtime_error);
  // 2030-01-07 is a Monday: a make-up working day must be a weekend day.
  EXPECT_THROW(WorkingDayCalendar::FromJson(R"({"2030": {"off": [], "makeup_workdays": ["2030-01-07"]}})"),
               std::runtime_error);
  // A missing year in the middle would be classified by weekday alone.
  EXPECT_THROW(WorkingDayCalendar::FromJson(R"({"2030": {"off": [], "makeup_workdays": []},
                                                "2032": {"off": [], "makeup_workdays": []}})"),
               std::runtime_error);
  EXPECT_THROW(WorkingDayCalendar::FromJson(R"({"30": {"off": [], "makeup_workdays": []}})"), std::runtime_error);
}

}  // namespace
}  // namespace gapwatch
