#include "sim/civil_date.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "data/embedded.h"

namespace gapwatch::sim {
namespace {

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Parses exactly `width` ASCII digits.
std::optional<int> Digits(std::string_view text, size_t width) {
  if (text.size() != width) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::optional<CivilDate> CivilDate::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto year = Digits(text.substr(0, 4), 4);
  auto month = Digits(text.substr(5, 2), 2);
  auto day = Digits(text.substr(8, 2), 2);
  if (!year || !month || !day || *month < 1 || *month > 12) return std::nullopt;
  if (*day < 1 || *day > DaysInMonth(*year, *month)) return std::nullopt;
  return CivilDate{*year, *month, *day};
}

// Howard Hinnant's days_from_civil / civil_from_days: eras of 400 years
// starting on 1 March, so that the leap day is the last day of a year.
long CivilDate::DayNumber() const {
  const long y = month <= 2 ? year - 1 : year;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long year_of_era = y - era * 400;
  const long day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate CivilDate::FromDayNumber(long day_number) {
  const long z = day_number + 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long day_of_era = z - era * 146097;
  const long year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const long shifted_month = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  const int month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  const int year = static_cast<int>(year_of_era + era * 400 + (month <= 2 ? 1 : 0));
  return CivilDate{year, month, day};
}

int CivilDate::IsoWeekday() const {
  // 1970-01-01 was a Thursday (ISO 4).
  const long shifted = (DayNumber() + 3) % 7;
  return static_cast<int>(shifted < 0 ? shifted + 7 : shifted) + 1;
}

std::string CivilDate::Iso() const {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
  return text;
}

WorkCalendar::WorkCalendar(std::string_view calendar_json) {
  const auto root = nlohmann::json::parse(calendar_json, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object() || root.empty()) throw std::runtime_error("working-day calendar: not a JSON object of years");
  std::set<long> rest_days;    // day numbers of listed rest days
  std::set<long> makeup_days;  // day numbers of listed make-up working days
  auto load = [](const nlohmann::json& list, std::set<long>& into) {
    if (!list.is_array()) throw std::runtime_error("working-day calendar: date list is not an array");
    for (const auto& item : list) {
      auto date = item.is_string() ? CivilDate::Parse(item.get<std::string>()) : std::nullopt;
      if (!date) throw std::runtime_error("working-day calendar: bad date " + item.dump());
      into.insert(date->DayNumber());
    }
  };
  first_year_ = 9999;
  for (const auto& [key, year] : root.items()) {
    auto year_number = Digits(key, 4);
    if (!year_number || !year.is_object()) throw std::runtime_error("working-day calendar: bad year " + key);
    load(year.value("off", nlohmann::json::array()), rest_days);
    load(year.value("makeup_workdays", nlohmann::json::array()), makeup_days);
    first_year_ = std::min(first_year_, *year_number);
    last_year_ = std::max(last_year_, *year_number);
  }
  first_day_ = CivilDate{first_year_, 1, 1}.DayNumber();
  const long end = CivilDate{last_year_ + 1, 1, 1}.DayNumber();
  working_.resize(static_cast<size_t>(end - first_day_));
  for (long day = first_day_; day < end; ++day) {
    const bool weekday = CivilDate::FromDayNumber(day).IsoWeekday() <= 5;
    working_[static_cast<size_t>(day - first_day_)] = makeup_days.count(day) || (weekday && !rest_days.count(day));
  }
}

const WorkCalendar& WorkCalendar::Embedded() {
  static const WorkCalendar calendar(embedded::calendar_json());
  return calendar;
}

bool WorkCalendar::IsWorkingDayNumber(long day_number) const {
  const long offset = day_number - first_day_;
  if (offset < 0 || offset >= static_cast<long>(working_.size())) {
    throw std::out_of_range("no official working-day calendar for " +
                            std::to_string(CivilDate::FromDayNumber(day_number).year));
  }
  return working_[static_cast<size_t>(offset)] != 0;
}

// Both step over day numbers: the world asks these millions of times.
CivilDate WorkCalendar::AddWorkingDays(CivilDate start, int count) const {
  long day = start.DayNumber();
  for (int counted = 0; counted < count;) {
    if (IsWorkingDayNumber(++day)) ++counted;
  }
  return CivilDate::FromDayNumber(day);
}

CivilDate WorkCalendar::FirstWorkingDayFrom(CivilDate date) const {
  long day = date.DayNumber();
  while (!IsWorkingDayNumber(day)) ++day;
  return CivilDate::FromDayNumber(day);
}

}  // namespace gapwatch::sim
