#include "monitor/calendar.h"

#include <nlohmann/json.hpp>

#include "data/embedded.h"

namespace gapwatch {
namespace {

std::set<Date> ReadDates(const nlohmann::json& year_entry, const std::string& year, const char* key) {
  const auto found = year_entry.find(key);
  if (found == year_entry.end() || !found->is_array()) {
    throw std::runtime_error("calendar: year " + year + ": '" + key + "' must be a list of dates");
  }
  std::set<Date> dates;
  for (const auto& element : *found) {
    const auto date = element.is_string() ? Date::Parse(element.get<std::string>()) : std::nullopt;
    if (!date || element.get<std::string>().size() != 10) {
      throw std::runtime_error("calendar: year " + year + ": '" + key + "' holds an invalid date: " + element.dump());
    }
    dates.insert(*date);
  }
  return dates;
}

bool IsWeekend(Date date) { return date.Weekday() >= 6; }

}  // namespace

WorkingDayCalendar WorkingDayCalendar::FromJson(std::string_view json) {
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(json);
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error(std::string("calendar: invalid JSON: ") + error.what());
  }
  if (!root.is_object() || root.empty()) throw std::runtime_error("calendar: expected an object keyed by year");
  WorkingDayCalendar calendar;
  std::set<int> years;
  for (const auto& [key, entry] : root.items()) {
    const auto year_date = Date::Parse(key + "-01-01");
    if (key.size() != 4 || !year_date || !entry.is_object()) {
      throw std::runtime_error("calendar: '" + key + "' is not a year with an object of dates");
    }
    years.insert(year_date->year);
    for (const Date date : ReadDates(entry, key, "off")) calendar.off_.insert(date);
    for (const Date date : ReadDates(entry, key, "makeup_workdays")) {
      if (!IsWeekend(date)) throw std::runtime_error("calendar: make-up working day on a weekday: " + date.ToString());
      calendar.makeup_.insert(date);
    }
  }
  for (const Date date : calendar.makeup_) {
    if (calendar.off_.count(date)) throw std::runtime_error("calendar: both rest and working day: " + date.ToString());
  }
  calendar.first_year_ = *years.begin();
  calendar.last_year_ = *years.rbegin();
  // A gap in the years would let a missing notice be classified by weekday alone.
  if (static_cast<int>(years.size()) != calendar.last_year_ - calendar.first_year_ + 1) {
    throw std::runtime_error("calendar: the years " + std::to_string(calendar.first_year_) + "–" +
                             std::to_string(calendar.last_year_) + " are not all present");
  }
  return calendar;
}

const WorkingDayCalendar& WorkingDayCalendar::Official() {
  static const WorkingDayCalendar calendar = FromJson(embedded::calendar_json());
  return calendar;
}

bool WorkingDayCalendar::Covers(Date date) const { return date.year >= first_year_ && date.year <= last_year_; }

bool WorkingDayCalendar::IsWorkingDay(Date date) const {
  if (!Covers(date)) throw CalendarUnknown(date.year);
  if (makeup_.count(date)) return true;
  return !IsWeekend(date) && !off_.count(date);
}

Date WorkingDayCalendar::AddWorkingDays(Date start, int days) const {
  if (days < 0) throw std::invalid_argument("AddWorkingDays: negative number of days");
  Date date = start;
  for (int counted = 0; counted < days;) {
    date = date.AddDays(1);
    if (IsWorkingDay(date)) ++counted;
  }
  return date;
}

int WorkingDayCalendar::WorkingDaysBetween(Date from, Date to) const {
  int count = 0;
  for (Date date = from.AddDays(1); date <= to; date = date.AddDays(1)) {
    if (IsWorkingDay(date)) ++count;
  }
  return count;
}

Date WorkingDayCalendar::AddCalendarDays(Date start, int days, LastDay last_day) const {
  if (days < 0) throw std::invalid_argument("AddCalendarDays: negative number of days");
  Date date = start.AddDays(days);
  if (last_day == LastDay::kFixed) return date;
  if (!Covers(date)) throw CalendarUnknown(date.year);
  if (last_day == LastDay::kAfterHoliday && !off_.count(date)) return date;
  while (!IsWorkingDay(date)) date = date.AddDays(1);
  return date;
}

}  // namespace gapwatch
