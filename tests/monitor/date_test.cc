#include "monitor/date.h"

#include <gtest/gtest.h>

namespace gapwatch {
namespace {

TEST(DateTest, ParsesIsoDate) {
  EXPECT_EQ(Date::Parse("2025-03-18"), (Date{2025, 3, 18}));
  EXPECT_EQ(Date::Parse("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_EQ(Date::Parse("2000-02-29"), (Date{2000, 2, 29}));
}

TEST(DateTest, ParsesTheDatePartOfAnIsoDateTime) {
  EXPECT_EQ(Date::Parse("2025-03-18T09:30:00+08:00"), (Date{2025, 3, 18}));
  EXPECT_EQ(Date::Parse("2025-03-18T23:59"), (Date{2025, 3, 18}));
}

TEST(DateTest, RejectsImpossibleDates) {
  EXPECT_FALSE(Date::Parse("2025-02-30"));
  EXPECT_FALSE(Date::Parse("2025-02-29"));  // 2025 is not a leap year
  EXPECT_FALSE(Date::Parse("2100-02-29"));  // century, not divisible by 400
  EXPECT_FALSE(Date::Parse("2025-04-31"));
  EXPECT_FALSE(Date::Parse("2025-13-01"));
  EXPECT_FALSE(Date::Parse("2025-00-10"));
  EXPECT_FALSE(Date::Parse("2025-01-00"));
  EXPECT_FALSE(Date::Parse("0000-01-01"));
}

TEST(DateTest, RejectsOtherShapes) {
  EXPECT_FALSE(Date::Parse(""));
  EXPECT_FALSE(Date::Parse("2025-1-05"));
  EXPECT_FALSE(Date::Parse("2025/01/05"));
  EXPECT_FALSE(Date::Parse("2025-01-05x"));
  EXPECT_FALSE(Date::Parse("2025-01-05 09:30"));
  EXPECT_FALSE(Date::Parse("2025-01-05T"));
  EXPECT_FALSE(Date::Parse("2025-01-05T25:00"));
  EXPECT_FALSE(Date::Parse("2025-01-05T09:60"));
  EXPECT_FALSE(Date::Parse("+025-01-05"));
  EXPECT_FALSE(Date::Parse("２０２５-01-05"));
}

TEST(DateTest, CountsDaysFromTheUnixEpoch) {
  EXPECT_EQ((Date{1970, 1, 1}).ToDays(), 0);
  EXPECT_EQ((Date{1969, 12, 31}).ToDays(), -1);
  // 30 years of 365 days plus 7 leap days (1972 … 1996), then January and a leap February.
  EXPECT_EQ((Date{2000, 3, 1}).ToDays(), 30 * 365 + 7 + 31 + 29);
  EXPECT_EQ(Date::FromDays(0), (Date{1970, 1, 1}));
  EXPECT_EQ(Date::FromDays(-1), (Date{1969, 12, 31}));
  EXPECT_EQ(Date::FromDays(30 * 365 + 7 + 31 + 29), (Date{2000, 3, 1}));
}

TEST(DateTest, FromDaysInvertsToDays) {
  // 0001-01-01 … 9999-12-31, the years ISO text can hold.
  EXPECT_EQ((Date{1, 1, 1}).ToDays(), -719162);
  EXPECT_EQ((Date{9999, 12, 31}).ToDays(), 2932896);
  for (long days = -719162; days <= 2932896; days += 997) {
    const Date date = Date::FromDays(days);
    ASSERT_EQ(date.ToDays(), days) << date.ToString();
    ASSERT_EQ(Date::Parse(date.ToString()), date) << days;
  }
}

TEST(DateTest, AddsDaysAcrossMonthsYearsAndLeapDays) {
  EXPECT_EQ((Date{2024, 2, 28}).AddDays(1), (Date{2024, 2, 29}));
  EXPECT_EQ((Date{2025, 2, 28}).AddDays(1), (Date{2025, 3, 1}));
  EXPECT_EQ((Date{2100, 2, 28}).AddDays(1), (Date{2100, 3, 1}));
  EXPECT_EQ((Date{2024, 12, 31}).AddDays(1), (Date{2025, 1, 1}));
  EXPECT_EQ((Date{2025, 9, 1}).AddDays(30), (Date{2025, 10, 1}));
  EXPECT_EQ((Date{2025, 1, 1}).AddDays(-1), (Date{2024, 12, 31}));
  EXPECT_EQ((Date{2024, 1, 1}).AddDays(366), (Date{2025, 1, 1}));
}

TEST(DateTest, WeekdayIsMondayOneToSundaySeven) {
  EXPECT_EQ((Date{1970, 1, 1}).Weekday(), 4);    // Thursday
  EXPECT_EQ((Date{1969, 12, 29}).Weekday(), 1);  // Monday, before the epoch
  EXPECT_EQ((Date{2025, 6, 30}).Weekday(), 1);
  EXPECT_EQ((Date{2024, 2, 18}).Weekday(), 7);
  EXPECT_EQ((Date{2026, 9, 20}).Weekday(), 7);
  EXPECT_EQ((Date{2024, 9, 14}).Weekday(), 6);
}

TEST(DateTest, PrintsZeroPaddedIso) {
  EXPECT_EQ((Date{2025, 3, 8}).ToString(), "2025-03-08");
  EXPECT_EQ((Date{5, 1, 2}).ToString(), "0005-01-02");
}

TEST(DateTest, OrdersChronologically) {
  EXPECT_LT((Date{2024, 12, 31}), (Date{2025, 1, 1}));
  EXPECT_LT((Date{2025, 1, 31}), (Date{2025, 2, 1}));
  EXPECT_LT((Date{2025, 2, 1}), (Date{2025, 2, 2}));
}

}  // namespace
}  // namespace gapwatch
