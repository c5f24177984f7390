// The official Chinese working-day calendar (国务院办公厅 holiday notices),
// loaded from data/calendar/cn-workdays-2018-2026.json.
// A date is a working day when it is Monday–Friday and not a listed rest day,
// or a listed make-up working day. Dates outside the covered years are never
// classified by weekday: queries that touch them throw CalendarUnknown naming
// the year whose notice is missing.
// Thread-safety: immutable after construction; safe to share.
#pragma once
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "monitor/date.h"

namespace gapwatch {

class CalendarUnknown : public std::runtime_error {
 public:
  explicit CalendarUnknown(int year)
      : std::runtime_error("no official working-day calendar for " + std::to_string(year)), year_(year) {}
  int year() const { return year_; }

 private:
  int year_;
};

// How a period of calendar days ends when its last day is a rest day (RULES.md §0).
enum class LastDay {
  // 民法典 第二百零三条 as DOMAIN.md reads it, the default: a last day that is
  // not a working day (weekend or holiday) moves to the next working day.
  kNextWorkingDay,
  // 财政部令第87号 第八十五条 read narrowly: only a day of a holiday break (a rest
  // day the State Council notice lists) moves, to the first working day after
  // the break; a last day on an ordinary weekend stands.
  kAfterHoliday,
  // A fixed day (31 January for an annual report): never moved.
  kFixed,
};

class WorkingDayCalendar {
 public:
  // Parses the calendar JSON; throws std::runtime_error on malformed data.
  static WorkingDayCalendar FromJson(std::string_view json);
  // The calendar compiled into the executable.
  static const WorkingDayCalendar& Official();

  bool Covers(Date date) const;
  bool IsWorkingDay(Date date) const;
  // The date N working days after `start` (start not counted; N == 0 returns start;
  // N < 0 throws std::invalid_argument).
  Date AddWorkingDays(Date start, int days) const;
  // Working days in (from, to]: 0 when to <= from.
  int WorkingDaysBetween(Date from, Date to) const;
  // start + N calendar days, the last day moved as `last_day` says. N < 0
  // throws std::invalid_argument.
  Date AddCalendarDays(Date start, int days, LastDay last_day = LastDay::kNextWorkingDay) const;
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

 private:
  // Index of a date in the covered days: 0 is 1 January of first_year.
  long IndexOf(Date date) const { return date.ToDays() - first_day_; }

  std::set<Date> off_;
  std::set<Date> makeup_;
  int first_year_ = 0;
  int last_year_ = 0;
  // Per covered day: whether it is a working day, and the working days up to
  // and including it, so that counting and adding cost O(1) and O(log n).
  long first_day_ = 0;
  std::vector<char> working_;
  std::vector<int> cumulative_;
};

}  // namespace gapwatch
