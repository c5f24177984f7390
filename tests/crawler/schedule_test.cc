// Schedules of `gapwatch daemon`. Every instant is written with its offset
// ("...Z" or "...+08:00") and built from that alone, never from the machine's
// local time; results are shown in Asia/Shanghai time, which is how sites.yaml
// reads them.
#include "crawler/schedule.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace gapwatch {
namespace {

using Clock = std::chrono::system_clock;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// "2026-01-01T00:00:00Z" or "2028-02-29T00:00:00+08:00": the instant, by
// calendar arithmetic only.
Clock::time_point Instant(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute, &second, &consumed) !=
      6) {
    throw std::invalid_argument("bad instant in test: " + text);
  }
  const std::string zone = text.substr(consumed);
  minutes offset{0};
  if (zone == "+08:00") {
    offset = hours{8};
  } else if (zone != "Z") {
    throw std::invalid_argument("bad offset in test: " + text);
  }
  const std::chrono::sys_days date{std::chrono::year{year} / month / day};
  return Clock::time_point{date + hours{hour} + minutes{minute} + seconds{second} - offset};
}

// The instant in Shanghai time, "2028-02-29T00:00:00+08:00".
std::string Shanghai(Clock::time_point point) {
  const auto local = std::chrono::floor<seconds>(point) + hours{8};
  const auto date_days = std::chrono::floor<days>(local);
  const std::chrono::year_month_day date{date_days};
  const std::chrono::hh_mm_ss time{local - date_days};
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d+08:00", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return text;
}

std::string Show(std::optional<Clock::time_point> point) { return point ? Shanghai(*point) : "never"; }

std::string Next(const std::string& expression, const std::string& after) {
  return Show(NextRun(Schedule::Parse(expression), Instant(after)));
}

// The first `count` runs after `after`, each found from the one before.
std::vector<std::string> Runs(const std::string& expression, const std::string& after, int count) {
  const Schedule schedule = Schedule::Parse(expression);
  std::vector<std::string> runs;
  std::optional<Clock::time_point> point = Instant(after);
  for (int i = 0; i < count && point; ++i) {
    point = NextRun(schedule, *point);
    runs.push_back(Show(point));
  }
  return runs;
}

std::string ParseError(const std::string& expression) {
  try {
    Schedule::Parse(expression);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "no error";
}

template <size_t N>
std::vector<int> Values(const std::bitset<N>& bits) {
  std::vector<int> values;
  for (size_t i = 0; i < N; ++i) {
    if (bits[i]) values.push_back(static_cast<int>(i));
  }
  return values;
}

// ---- parsing ----

TEST(ScheduleParseTest, Intervals) {
  const Schedule thirty_minutes = Schedule::Parse("every 30m");
  EXPECT_EQ(thirty_minutes.kind, Schedule::Kind::kInterval);
  EXPECT_EQ(thirty_minutes.interval, minutes{30});
  EXPECT_EQ(Schedule::Parse("every 6h").interval, hours{6});
  EXPECT_EQ(Schedule::Parse("every 1d").interval, days{1});
  EXPECT_EQ(Schedule::Parse("every 90s").interval, seconds{90});
  EXPECT_EQ(Schedule::Parse("every 366d").interval, days{366});
  EXPECT_EQ(Schedule::Parse("  Every\t45M ").interval, minutes{45});
  EXPECT_EQ(Schedule::Parse("  Every\t45M ").expression, "Every 45M");
}

TEST(ScheduleParseTest, IntervalErrorsSayWhatWasExpected) {
  const std::string expected = ": expected a positive integer followed by s, m, h or d (e.g. 'every 30m')";
  EXPECT_EQ(ParseError("every"), "interval 'every'" + expected);
  EXPECT_EQ(ParseError("every 0m"), "interval 'every 0m'" + expected);
  EXPECT_EQ(ParseError("every 30"), "interval 'every 30'" + expected);
  EXPECT_EQ(ParseError("every 30x"), "interval 'every 30x'" + expected);
  EXPECT_EQ(ParseError("every -5m"), "interval 'every -5m'" + expected);
  EXPECT_EQ(ParseError("every +5m"), "interval 'every +5m'" + expected);
  EXPECT_EQ(ParseError("every 1.5h"), "interval 'every 1.5h'" + expected);
  EXPECT_EQ(ParseError("every m"), "interval 'every m'" + expected);
  EXPECT_EQ(ParseError("every 30 m"), "interval 'every 30 m'" + expected);
  EXPECT_EQ(ParseError("every 99999999999s"), "interval 'every 99999999999s'" + expected);
  EXPECT_EQ(ParseError("every 367d"), "interval 'every 367d': expected at most 366 days");
  EXPECT_EQ(ParseError("every 8785h"), "interval 'every 8785h': expected at most 366 days");
  EXPECT_EQ(ParseError(""), "schedule '': expected 'every <N><s|m|h|d>' or a 5-field cron expression");
  EXPECT_EQ(ParseError(" \t "), "schedule ' \t ': expected 'every <N><s|m|h|d>' or a 5-field cron expression");
}

TEST(ScheduleParseTest, CronFields) {
  const Schedule schedule = Schedule::Parse("0,30 9-17 1,15 * MON-FRI");
  EXPECT_EQ(schedule.kind, Schedule::Kind::kCron);
  EXPECT_EQ(Values(schedule.minutes), (std::vector<int>{0, 30}));
  EXPECT_EQ(Values(schedule.hours), (std::vector<int>{9, 10, 11, 12, 13, 14, 15, 16, 17}));
  EXPECT_EQ(Values(schedule.days_of_month), (std::vector<int>{1, 15}));
  EXPECT_EQ(Values(schedule.months), (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  EXPECT_EQ(Values(schedule.days_of_week), (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(schedule.day_of_month_restricted);
  EXPECT_TRUE(schedule.day_of_week_restricted);

  const Schedule every = Schedule::Parse("* * * * *");
  EXPECT_EQ(every.minutes.count(), 60u);
  EXPECT_EQ(every.hours.count(), 24u);
  EXPECT_EQ(Values(every.days_of_month).front(), 1);
  EXPECT_EQ(every.days_of_month.count(), 31u);
  EXPECT_EQ(every.months.count(), 12u);
  EXPECT_EQ(every.days_of_week.count(), 7u);
  EXPECT_FALSE(every.day_of_month_restricted);
  EXPECT_FALSE(every.day_of_week_restricted);
}

TEST(ScheduleParseTest, StepsAndRanges) {
  EXPECT_EQ(Values(Schedule::Parse("*/15 * * * *").minutes), (std::vector<int>{0, 15, 30, 45}));
  EXPECT_EQ(Values(Schedule::Parse("10-50/10 * * * *").minutes), (std::vector<int>{10, 20, 30, 40, 50}));
  EXPECT_EQ(Values(Schedule::Parse("0 */6 * * *").hours), (std::vector<int>{0, 6, 12, 18}));
  EXPECT_EQ(Values(Schedule::Parse("0 0 */10 * *").days_of_month), (std::vector<int>{1, 11, 21, 31}));
  EXPECT_EQ(Values(Schedule::Parse("0 0 1 */3 *").months), (std::vector<int>{1, 4, 7, 10}));
  EXPECT_EQ(Values(Schedule::Parse("0 0 * * */2").days_of_week), (std::vector<int>{0, 2, 4, 6}));
  EXPECT_EQ(Values(Schedule::Parse("5-7,1-3/2,58-59/5 * * * *").minutes), (std::vector<int>{1, 3, 5, 6, 7, 58}));
  EXPECT_EQ(Values(Schedule::Parse("*/60 * * * *").minutes), (std::vector<int>{0}));
  EXPECT_EQ(Values(Schedule::Parse("7 7 7 7 *").minutes), (std::vector<int>{7}));
}

TEST(ScheduleParseTest, NamesInAnyCase) {
  EXPECT_EQ(Values(Schedule::Parse("0 0 1 jan,Jul,DEC *").months), (std::vector<int>{1, 7, 12}));
  EXPECT_EQ(Values(Schedule::Parse("0 0 1 FEB-apr *").months), (std::vector<int>{2, 3, 4}));
  EXPECT_EQ(Values(Schedule::Parse("0 0 1 JAN-DEC/6 *").months), (std::vector<int>{1, 7}));
  EXPECT_EQ(Values(Schedule::Parse("0 0 * * sun,Sat").days_of_week), (std::vector<int>{0, 6}));
  EXPECT_EQ(Values(Schedule::Parse("0 0 * * Tue-THU").days_of_week), (std::vector<int>{2, 3, 4}));
}

TEST(ScheduleParseTest, DayOfWeekSevenIsSunday) {
  EXPECT_EQ(Values(Schedule::Parse("0 0 * * 7").days_of_week), (std::vector<int>{0}));
  EXPECT_EQ(Values(Schedule::Parse("0 0 * * 5-7").days_of_week), (std::vector<int>{0, 5, 6}));
  EXPECT_EQ(Values(Schedule::Parse("0 0 * * 0-7").days_of_week), (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
}

TEST(ScheduleParseTest, OnlyABareStarLeavesADayFieldUnrestricted) {
  EXPECT_FALSE(Schedule::Parse("0 0 * * 1").day_of_month_restricted);
  EXPECT_TRUE(Schedule::Parse("0 0 * * 1").day_of_week_restricted);
  EXPECT_TRUE(Schedule::Parse("0 0 */2 * 1").day_of_month_restricted);
  EXPECT_TRUE(Schedule::Parse("0 0 1-31 * *").day_of_month_restricted);
  EXPECT_FALSE(Schedule::Parse("0 0 1 * *").day_of_week_restricted);
}

TEST(ScheduleParseTest, Macros) {
  const auto same_fields = [](const std::string& macro, const std::string& fields) {
    const Schedule a = Schedule::Parse(macro);
    const Schedule b = Schedule::Parse(fields);
    return a.kind == Schedule::Kind::kCron && a.minutes == b.minutes && a.hours == b.hours &&
           a.days_of_month == b.days_of_month && a.months == b.months && a.days_of_week == b.days_of_week &&
           a.day_of_month_restricted == b.day_of_month_restricted &&
           a.day_of_week_restricted == b.day_of_week_restricted;
  };
  EXPECT_TRUE(same_fields("@hourly", "0 * * * *"));
  EXPECT_TRUE(same_fields("@daily", "0 0 * * *"));
  EXPECT_TRUE(same_fields("@midnight", "0 0 * * *"));
  EXPECT_TRUE(same_fields("@weekly", "0 0 * * 0"));
  EXPECT_TRUE(same_fields("@monthly", "0 0 1 * *"));
  EXPECT_TRUE(same_fields("@yearly", "0 0 1 1 *"));
  EXPECT_TRUE(same_fields("@annually", "0 0 1 1 *"));
  EXPECT_TRUE(same_fields(" @Daily ", "0 0 * * *"));
  EXPECT_EQ(Schedule::Parse("@daily").expression, "@daily");
}

TEST(ScheduleParseTest, CronErrorsSayWhereAndWhatWasExpected) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"0 25 * * *", "cron field 2 (hour) '25': expected 0-23"},
      {"60 * * * *", "cron field 1 (minute) '60': expected 0-59"},
      {"* 24 * * *", "cron field 2 (hour) '24': expected 0-23"},
      {"* * 0 * *", "cron field 3 (day-of-month) '0': expected 1-31"},
      {"* * 32 * *", "cron field 3 (day-of-month) '32': expected 1-31"},
      {"* * * 0 *", "cron field 4 (month) '0': expected 1-12 or JAN-DEC"},
      {"* * * 13 *", "cron field 4 (month) '13': expected 1-12 or JAN-DEC"},
      {"* * * JANUARY *", "cron field 4 (month) 'JANUARY': expected 1-12 or JAN-DEC"},
      {"* * * MON *", "cron field 4 (month) 'MON': expected 1-12 or JAN-DEC"},
      {"* * * * 8", "cron field 5 (day-of-week) '8': expected 0-7 or SUN-SAT"},
      {"* * * * MON-FOO", "cron field 5 (day-of-week) 'MON-FOO': expected 0-7 or SUN-SAT"},
      {"* * * * JAN", "cron field 5 (day-of-week) 'JAN': expected 0-7 or SUN-SAT"},
      {"MON * * * *", "cron field 1 (minute) 'MON': expected 0-59"},
      {"x * * * *", "cron field 1 (minute) 'x': expected 0-59"},
      {"-5 * * * *", "cron field 1 (minute) '-5': expected 0-59"},
      {"0 5- * * *", "cron field 2 (hour) '5-': expected 0-23"},
      {"0 1-2-3 * * *", "cron field 2 (hour) '1-2-3': expected 0-23"},
      {"0 1,25 * * *", "cron field 2 (hour) '1,25' at '25': expected 0-23"},
      {"0 1,,2 * * *", "cron field 2 (hour) '1,,2' at '': empty list item"},
      {"0 1, * * *", "cron field 2 (hour) '1,' at '': empty list item"},
      {"0 17-9 * * *", "cron field 2 (hour) '17-9': expected a range low-high with low <= high"},
      {"0 0 * * FRI-MON", "cron field 5 (day-of-week) 'FRI-MON': expected a range low-high with low <= high"},
      {"*/0 * * * *", "cron field 1 (minute) '*/0': expected a step of 1-60"},
      {"*/61 * * * *", "cron field 1 (minute) '*/61': expected a step of 1-60"},
      {"0 0 * * */x", "cron field 5 (day-of-week) '*/x': expected a step of 1-8"},
      {"0 0,*/ * * *", "cron field 2 (hour) '0,*/' at '*/': expected a step of 1-24"},
      {"5/15 * * * *", "cron field 1 (minute) '5/15': expected '*' or a range low-high before '/'"},
      {"*/5/2 * * * *", "cron field 1 (minute) '*/5/2': expected at most one '/'"},
      {"0 0 * *", "cron '0 0 * *': expected 5 fields (minute hour day-of-month month day-of-week), got 4"},
      {"0 0 0 * * *", "cron '0 0 0 * * *': expected 5 fields (minute hour day-of-month month day-of-week), got 6"},
      {"@reboot", "cron '@reboot': expected @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually"},
      {"@", "cron '@': expected @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually"},
      {"@daily 0", "cron '@daily 0': expected the macro alone"},
  };
  for (const auto& [expression, message] : cases) EXPECT_EQ(ParseError(expression), message) << expression;
}

// ---- next run, cron ----

TEST(ScheduleNextRunTest, NextMinute) {
  EXPECT_EQ(Next("* * * * *", "2026-03-10T10:15:30+08:00"), "2026-03-10T10:16:00+08:00");
  EXPECT_EQ(Runs("* * * * *", "2026-03-10T10:58:00+08:00", 3),
            (std::vector<std::string>{"2026-03-10T10:59:00+08:00", "2026-03-10T11:00:00+08:00",
                                      "2026-03-10T11:01:00+08:00"}));
}

TEST(ScheduleNextRunTest, StrictlyAfter) {
  EXPECT_EQ(Next("0 2 * * *", "2026-01-01T02:00:00+08:00"), "2026-01-02T02:00:00+08:00");
  EXPECT_EQ(Next("0 2 * * *", "2026-01-01T01:59:59+08:00"), "2026-01-01T02:00:00+08:00");
  const Schedule schedule = Schedule::Parse("0 2 * * *");
  const Clock::time_point two = Instant("2026-01-01T02:00:00+08:00");
  EXPECT_EQ(Show(NextRun(schedule, two - std::chrono::nanoseconds{1})), "2026-01-01T02:00:00+08:00");
  EXPECT_EQ(Show(NextRun(schedule, two + std::chrono::nanoseconds{1})), "2026-01-02T02:00:00+08:00");
}

TEST(ScheduleNextRunTest, HourBoundary) {
  EXPECT_EQ(Next("0 * * * *", "2026-03-10T10:59:00+08:00"), "2026-03-10T11:00:00+08:00");
  EXPECT_EQ(Next("30 * * * *", "2026-03-10T10:45:00+08:00"), "2026-03-10T11:30:00+08:00");
  EXPECT_EQ(Next("30 9-17 * * *", "2026-03-10T17:30:00+08:00"), "2026-03-11T09:30:00+08:00");
}

TEST(ScheduleNextRunTest, DayBoundary) {
  EXPECT_EQ(Next("0 0 * * *", "2026-03-10T23:59:59+08:00"), "2026-03-11T00:00:00+08:00");
  EXPECT_EQ(Next("15 23 * * *", "2026-03-10T23:20:00+08:00"), "2026-03-11T23:15:00+08:00");
}

TEST(ScheduleNextRunTest, MonthBoundary) {
  EXPECT_EQ(Next("0 0 1 * *", "2026-01-31T12:00:00+08:00"), "2026-02-01T00:00:00+08:00");
  EXPECT_EQ(Next("0 0 1 * *", "2026-02-15T00:00:00+08:00"), "2026-03-01T00:00:00+08:00");
  EXPECT_EQ(Next("0 0 30 * *", "2026-01-30T00:00:00+08:00"), "2026-03-30T00:00:00+08:00");  // no 30 February
  // Day 31 only in the months that have one.
  EXPECT_EQ(
      Runs("0 0 31 * *", "2026-01-01T00:00:00+08:00", 8),
      (std::vector<std::string>{"2026-01-31T00:00:00+08:00", "2026-03-31T00:00:00+08:00", "2026-05-31T00:00:00+08:00",
                                "2026-07-31T00:00:00+08:00", "2026-08-31T00:00:00+08:00", "2026-10-31T00:00:00+08:00",
                                "2026-12-31T00:00:00+08:00", "2027-01-31T00:00:00+08:00"}));
}

TEST(ScheduleNextRunTest, YearBoundary) {
  EXPECT_EQ(Next("0 0 1 1 *", "2026-12-31T23:59:30+08:00"), "2027-01-01T00:00:00+08:00");
  EXPECT_EQ(Next("59 23 31 12 *", "2026-12-31T23:59:00+08:00"), "2027-12-31T23:59:00+08:00");
  EXPECT_EQ(Next("0 9 * JAN MON", "2026-01-26T09:00:00+08:00"), "2027-01-04T09:00:00+08:00");
}

TEST(ScheduleNextRunTest, LeapDay) {
  EXPECT_EQ(Next("0 0 29 2 *", "2025-01-01T00:00:00+08:00"), "2028-02-29T00:00:00+08:00");
  EXPECT_EQ(NextRun(Schedule::Parse("0 0 29 2 *"), Instant("2025-01-01T00:00:00Z")), Instant("2028-02-28T16:00:00Z"));
  EXPECT_EQ(Next("0 0 29 2 *", "2028-02-29T00:00:00+08:00"), "2032-02-29T00:00:00+08:00");
  // 2100 is not a leap year: eight years between two 29 Februaries.
  EXPECT_EQ(Next("0 0 29 2 *", "2096-03-01T00:00:00+08:00"), "2104-02-29T00:00:00+08:00");
  EXPECT_EQ(Runs("0 12 28-29 FEB *", "2027-01-01T00:00:00+08:00", 3),
            (std::vector<std::string>{"2027-02-28T12:00:00+08:00", "2028-02-28T12:00:00+08:00",
                                      "2028-02-29T12:00:00+08:00"}));
}

TEST(ScheduleNextRunTest, DayOfMonthOrDayOfWeekWhenBothRestricted) {
  // The 13th or any Friday; Friday the 13th of February 2026 once.
  EXPECT_EQ(
      Runs("0 0 13 * FRI", "2026-01-01T00:00:00+08:00", 8),
      (std::vector<std::string>{"2026-01-02T00:00:00+08:00", "2026-01-09T00:00:00+08:00", "2026-01-13T00:00:00+08:00",
                                "2026-01-16T00:00:00+08:00", "2026-01-23T00:00:00+08:00", "2026-01-30T00:00:00+08:00",
                                "2026-02-06T00:00:00+08:00", "2026-02-13T00:00:00+08:00"}));
  EXPECT_EQ(Next("0 0 13 * FRI", "2026-02-13T00:00:00+08:00"), "2026-02-20T00:00:00+08:00");
  // A stepped day-of-month is restricted too: days 1, 11, 21, 31 or Sundays.
  EXPECT_EQ(Runs("0 0 */10 * SUN", "2026-01-01T00:00:00+08:00", 4),
            (std::vector<std::string>{"2026-01-04T00:00:00+08:00", "2026-01-11T00:00:00+08:00",
                                      "2026-01-18T00:00:00+08:00", "2026-01-21T00:00:00+08:00"}));
}

TEST(ScheduleNextRunTest, DayOfWeekAloneMustMatch) {
  // Friday 2 January 2026, after 09:00: next weekday is Monday the 5th.
  EXPECT_EQ(Next("0 9 * * MON-FRI", "2026-01-02T10:00:00+08:00"), "2026-01-05T09:00:00+08:00");
  EXPECT_EQ(Next("0 0 * * 7", "2026-01-01T00:00:00+08:00"), "2026-01-04T00:00:00+08:00");
  EXPECT_EQ(Next("0 0 * * 0", "2026-01-01T00:00:00+08:00"), "2026-01-04T00:00:00+08:00");
  // Sundays in February only.
  EXPECT_EQ(Runs("0 0 * 2 SUN", "2026-02-20T00:00:00+08:00", 2),
            (std::vector<std::string>{"2026-02-22T00:00:00+08:00", "2027-02-07T00:00:00+08:00"}));
  // Day-of-month alone: the 15th whatever its weekday.
  EXPECT_EQ(Next("0 0 15 * *", "2026-01-01T00:00:00+08:00"), "2026-01-15T00:00:00+08:00");
}

TEST(ScheduleNextRunTest, StepsAndRanges) {
  EXPECT_EQ(Runs("*/15 * * * *", "2026-03-10T10:50:00+08:00", 3),
            (std::vector<std::string>{"2026-03-10T11:00:00+08:00", "2026-03-10T11:15:00+08:00",
                                      "2026-03-10T11:30:00+08:00"}));
  EXPECT_EQ(
      Runs("10-50/20 9-10 * * *", "2026-03-10T00:00:00+08:00", 7),
      (std::vector<std::string>{"2026-03-10T09:10:00+08:00", "2026-03-10T09:30:00+08:00", "2026-03-10T09:50:00+08:00",
                                "2026-03-10T10:10:00+08:00", "2026-03-10T10:30:00+08:00", "2026-03-10T10:50:00+08:00",
                                "2026-03-11T09:10:00+08:00"}));
  EXPECT_EQ(Runs("0 */6 * * *", "2026-03-10T05:00:00+08:00", 4),
            (std::vector<std::string>{"2026-03-10T06:00:00+08:00", "2026-03-10T12:00:00+08:00",
                                      "2026-03-10T18:00:00+08:00", "2026-03-11T00:00:00+08:00"}));
  EXPECT_EQ(Runs("0 3 1 JAN-DEC/3 *", "2026-02-01T00:00:00+08:00", 3),
            (std::vector<std::string>{"2026-04-01T03:00:00+08:00", "2026-07-01T03:00:00+08:00",
                                      "2026-10-01T03:00:00+08:00"}));
}

TEST(ScheduleNextRunTest, Macros) {
  const std::string after = "2026-01-01T10:30:00+08:00";  // a Thursday
  EXPECT_EQ(Next("@hourly", after), "2026-01-01T11:00:00+08:00");
  EXPECT_EQ(Next("@daily", after), "2026-01-02T00:00:00+08:00");
  EXPECT_EQ(Next("@midnight", after), "2026-01-02T00:00:00+08:00");
  EXPECT_EQ(Next("@weekly", after), "2026-01-04T00:00:00+08:00");
  EXPECT_EQ(Next("@monthly", after), "2026-02-01T00:00:00+08:00");
  EXPECT_EQ(Next("@yearly", after), "2027-01-01T00:00:00+08:00");
}

TEST(ScheduleNextRunTest, CronIsInShanghaiTime) {
  EXPECT_EQ(NextRun(Schedule::Parse("0 2 * * *"), Instant("2026-01-01T00:00:00Z")), Instant("2026-01-01T18:00:00Z"));
  // Midnight in Shanghai is 16:00 UTC the day before.
  EXPECT_EQ(NextRun(Schedule::Parse("0 0 * * *"), Instant("2025-12-31T15:59:00Z")), Instant("2025-12-31T16:00:00Z"));
  // Monday 07:00 in Shanghai is Sunday 23:00 UTC: weekdays are Shanghai's too.
  EXPECT_EQ(NextRun(Schedule::Parse("0 7 * * MON"), Instant("2026-01-04T00:00:00Z")), Instant("2026-01-04T23:00:00Z"));
  // Day 1 of the month in Shanghai starts on the last day of the month before in UTC.
  EXPECT_EQ(NextRun(Schedule::Parse("30 1 1 * *"), Instant("2026-02-27T00:00:00Z")), Instant("2026-02-28T17:30:00Z"));
}

TEST(ScheduleNextRunTest, IgnoresTheMachineTimeZone) {
  const char* saved = std::getenv("TZ");
  const std::string saved_tz = saved ? saved : "";
  setenv("TZ", "America/New_York", 1);
  tzset();
  const auto in_new_york = NextRun(Schedule::Parse("0 2 * * *"), Instant("2026-07-01T00:00:00Z"));
  if (saved) {
    setenv("TZ", saved_tz.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
  EXPECT_EQ(in_new_york, Instant("2026-07-01T18:00:00Z"));
}

TEST(ScheduleNextRunTest, CronIgnoresLastRun) {
  const Schedule schedule = Schedule::Parse("0 2 * * *");
  EXPECT_EQ(NextRun(schedule, Instant("2026-01-05T00:00:00Z"), Instant("2026-01-01T00:00:00Z")),
            Instant("2026-01-05T18:00:00Z"));
}

TEST(ScheduleNextRunTest, ImpossibleExpressionNeverFires) {
  EXPECT_EQ(Next("0 0 30 2 *", "2025-01-01T00:00:00+08:00"), "never");
  EXPECT_EQ(Next("0 0 31 4,6,9,11 *", "2025-01-01T00:00:00+08:00"), "never");
  // Possible, but only after the last instant system_clock can hold (2262).
  EXPECT_EQ(Next("0 0 29 2 *", "2261-03-01T00:00:00Z"), "never");
  // A day-of-week makes the same date possible (the OR rule).
  EXPECT_EQ(Next("0 0 30 2 MON", "2026-01-01T00:00:00+08:00"), "2026-02-02T00:00:00+08:00");
}

// Every expression built from these fields agrees with a minute-by-minute
// scan, written here from the rules alone, from random instants.
TEST(ScheduleNextRunTest, AgreesWithAMinuteByMinuteScan) {
  const std::vector<std::vector<std::string>> choices = {
      {"*", "0", "*/15", "10-50/10", "5,35", "59"}, {"*", "0", "*/6", "9-17", "23", "2,14"},
      {"*", "1", "15", "31", "1-7", "*/10", "29"},  {"*", "2", "*/3", "JAN,JUL", "11-12"},
      {"*", "0", "7", "MON-FRI", "SAT,SUN", "3"},
  };
  const auto matches = [](const Schedule& schedule, std::chrono::sys_time<minutes> local) {
    const auto day = std::chrono::floor<days>(local);
    const std::chrono::year_month_day date{day};
    const long long minute_of_day = (local - day).count();
    const bool by_month_day = schedule.days_of_month[static_cast<unsigned>(date.day())];
    const bool by_week_day = schedule.days_of_week[std::chrono::weekday{day}.c_encoding()];
    const bool day_ok = schedule.day_of_month_restricted && schedule.day_of_week_restricted
                            ? by_month_day || by_week_day
                            : by_month_day && by_week_day;
    return day_ok && schedule.months[static_cast<unsigned>(date.month())] && schedule.hours[minute_of_day / 60] &&
           schedule.minutes[minute_of_day % 60];
  };
  std::mt19937 random(20260101);
  const auto pick = [&random](const std::vector<std::string>& options) {
    return options[std::uniform_int_distribution<size_t>(0, options.size() - 1)(random)];
  };
  const Clock::time_point first = Instant("2024-01-01T00:00:00Z");
  constexpr int kScanMinutes = 40 * 24 * 60;
  long long runs_checked = 0;
  for (int round = 0; round < 150; ++round) {
    std::string expression;
    for (const auto& options : choices) expression += (expression.empty() ? "" : " ") + pick(options);
    const Schedule schedule = Schedule::Parse(expression);
    const Clock::time_point after =
        first + seconds{std::uniform_int_distribution<long long>(0, 6LL * 365 * 86400)(random)};
    // Every run the scan finds must be the one NextRun gives from the run before.
    Clock::time_point from = after;
    auto local = std::chrono::floor<minutes>(after) + hours{8} + minutes{1};
    const auto scan_end = local + minutes{kScanMinutes};
    for (; local < scan_end; local += minutes{1}) {
      if (!matches(schedule, local)) continue;
      const Clock::time_point run{local - hours{8}};
      ASSERT_EQ(Show(NextRun(schedule, from)), Shanghai(run)) << expression << " after " << Shanghai(from);
      from = run;
      ++runs_checked;
    }
    const std::optional<Clock::time_point> beyond = NextRun(schedule, from);
    ASSERT_TRUE(beyond.has_value()) << expression;  // every choice above can fire
    EXPECT_GE(*beyond, Clock::time_point{scan_end - hours{8}}) << expression << " after " << Shanghai(from);
  }
  EXPECT_GT(runs_checked, 1000);
}

// ---- next run, interval ----

TEST(ScheduleNextRunTest, IntervalWithoutLastRunIsDueNow) {
  const Clock::time_point now = Instant("2026-01-01T00:00:00Z");
  EXPECT_EQ(NextRun(Schedule::Parse("every 30m"), now), now);
  EXPECT_EQ(NextRun(Schedule::Parse("every 1d"), now, std::nullopt), now);
}

TEST(ScheduleNextRunTest, IntervalAfterLastRun) {
  const Schedule schedule = Schedule::Parse("every 30m");
  const Clock::time_point last = Instant("2026-01-01T10:00:00+08:00");
  EXPECT_EQ(Show(NextRun(schedule, last + minutes{5}, last)), "2026-01-01T10:30:00+08:00");
  EXPECT_EQ(Show(NextRun(schedule, last, last)), "2026-01-01T10:30:00+08:00");
  EXPECT_EQ(Show(NextRun(Schedule::Parse("every 90s"), last, last)), "2026-01-01T10:01:30+08:00");
  EXPECT_EQ(Show(NextRun(Schedule::Parse("every 6h"), last + hours{1}, last)), "2026-01-01T16:00:00+08:00");
  EXPECT_EQ(Show(NextRun(Schedule::Parse("every 1d"), last + hours{1}, last)), "2026-01-02T10:00:00+08:00");
}

TEST(ScheduleNextRunTest, OverdueIntervalIsDueNowOnce) {
  const Schedule schedule = Schedule::Parse("every 30m");
  const Clock::time_point last = Instant("2026-01-01T10:00:00+08:00");
  const Clock::time_point now = last + hours{5} + seconds{7};  // stopped for hours: no catching up
  EXPECT_EQ(NextRun(schedule, now, last), now);
  EXPECT_EQ(NextRun(schedule, last + minutes{30}, last), last + minutes{30});
}

TEST(ScheduleNextRunTest, IntervalAfterTheClockWasSetBack) {
  const Schedule schedule = Schedule::Parse("every 30m");
  const Clock::time_point now = Instant("2026-01-01T10:00:00+08:00");
  EXPECT_EQ(NextRun(schedule, now, now + days{2}), now + minutes{30});
}

TEST(ScheduleNextRunTest, IntervalAtTheEndOfTheClock) {
  const Clock::time_point end = Clock::time_point::max();
  EXPECT_EQ(NextRun(Schedule::Parse("every 366d"), end - hours{1}, end - hours{1}), end);
}

// ---- describe ----

TEST(ScheduleDescribeTest, ForLogs) {
  EXPECT_EQ(Describe(Schedule::Parse("every 30m")), "every 30 minutes");
  EXPECT_EQ(Describe(Schedule::Parse("every 6h")), "every 6 hours");
  EXPECT_EQ(Describe(Schedule::Parse("every 1d")), "every day");
  EXPECT_EQ(Describe(Schedule::Parse("every 90s")), "every 90 seconds");
  EXPECT_EQ(Describe(Schedule::Parse("every 120m")), "every 2 hours");
  EXPECT_EQ(Describe(Schedule::Parse("every 60s")), "every minute");
  EXPECT_EQ(Describe(Schedule::Parse("every 1s")), "every second");
  EXPECT_EQ(Describe(Schedule::Parse("0 */6 * * *")), "cron '0 */6 * * *' (Asia/Shanghai)");
  EXPECT_EQ(Describe(Schedule::Parse(" 0\t*/6  * * * ")), "cron '0 */6 * * *' (Asia/Shanghai)");
  EXPECT_EQ(Describe(Schedule::Parse("@daily")), "cron '@daily' (Asia/Shanghai)");
}

}  // namespace
}  // namespace gapwatch
