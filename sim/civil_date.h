// Civil dates and the official Chinese working-day calendar, for the simulator
// alone. It shares no code with monitor/: the simulator's ground truth must not
// inherit a date bug from the checker it is meant to score.
//
// CivilDate: a proleptic Gregorian date, trivially copyable, ordered.
// WorkCalendar: the rest days and make-up working days of the State Council
// holiday notices (data/calendar/cn-workdays-2018-2026.json). A working day is
// Monday–Friday and not a listed rest day, or a listed make-up working day.
// Queries about a year the JSON does not cover throw std::out_of_range: the
// calendar never guesses from the weekday alone. Lookups are O(1) (one byte
// per covered day), since the world asks millions of them at large scales.
// Immutable after construction, so one instance may be shared by any number
// of threads.
#pragma once
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gapwatch::sim {

struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;

  // Exactly "YYYY-MM-DD" naming a real day; nullopt for anything else.
  static std::optional<CivilDate> Parse(std::string_view text);
  static CivilDate FromDayNumber(long day_number);  // days since 1970-01-01
  long DayNumber() const;
  int IsoWeekday() const;  // 1 = Monday … 7 = Sunday
  CivilDate PlusDays(long days) const { return FromDayNumber(DayNumber() + days); }
  std::string Iso() const;  // YYYY-MM-DD

  auto operator<=>(const CivilDate&) const = default;
};

// Calendar days from `from` to `to` (negative when `to` is earlier).
inline long DaysBetween(CivilDate from, CivilDate to) { return to.DayNumber() - from.DayNumber(); }

class WorkCalendar {
 public:
  // Parses the calendar JSON; throws std::runtime_error when it is malformed.
  explicit WorkCalendar(std::string_view calendar_json);
  // The calendar compiled into the executable (gapwatch_data).
  static const WorkCalendar& Embedded();

  bool Covers(CivilDate date) const { return date.year >= first_year_ && date.year <= last_year_; }
  bool IsWorkingDay(CivilDate date) const { return IsWorkingDayNumber(date.DayNumber()); }
  bool IsWorkingDayNumber(long day_number) const;  // the same for CivilDate::DayNumber()
  // The date `count` working days after `start`; the start day is not counted.
  CivilDate AddWorkingDays(CivilDate start, int count) const;
  // `date` itself when it is a working day, else the next working day.
  CivilDate FirstWorkingDayFrom(CivilDate date) const;
  // The end of a period of `days` calendar days from `start` (start day not
  // counted) whose last day, when not a working day, moves to the next one
  // (民法典 Art. 203, RULES.md §0): FirstWorkingDayFrom(start + days).
  CivilDate PeriodEnd(CivilDate start, int days) const { return FirstWorkingDayFrom(start.PlusDays(days)); }
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

 private:
  std::vector<uint8_t> working_;  // 1 for a working day, from 1 January of first_year_
  long first_day_ = 0;            // day number of 1 January of first_year_
  int first_year_ = 0;
  int last_year_ = -1;
};

}  // namespace gapwatch::sim
