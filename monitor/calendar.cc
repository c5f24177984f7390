#include "monitor/calendar.h"

#include <algorithm>
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
  calendar.first_day_ = Date{calendar.first_year_, 1, 1}.ToDays();
  const long days = Date{calendar.last_year_, 12, 31}.ToDays() - calendar.first_day_ + 1;
  int working_so_far = 0;
  for (long index = 0; index < days; ++index) {
    const Date date = Date::FromDays(calendar.first_day_ + index);
    const bool working = calendar.makeup_.count(date) || (!IsWeekend(date) && !calendar.off_.count(date));
    working_so_far += working ? 1 : 0;
    calendar.working_.push_back(working ? 1 : 0);
    calendar.cumulative_.push_back(working_so_far);
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
  return working_[IndexOf(date)] != 0;
}

Date WorkingDayCalendar::AddWorkingDays(Date start, int days) const {
  if (days < 0) throw std::invalid_argument("AddWorkingDays: negative number of days");
  if (days == 0) return start;
  // Counting starts the day after `start`, which must be covered (start may be 31 December before).
  const Date first_counted = start.AddDays(1);
  if (!Covers(first_counted)) throw CalendarUnknown(first_counted.year);
  const long start_index = IndexOf(start);
  const int before = start_index < 0 ? 0 : cumulative_[start_index];
  // The first day whose running count reaches the target is that working day.
  const auto found = std::lower_bound(cumulative_.begin(), cumulative_.end(), before + days);
  if (found == cumulative_.end()) throw CalendarUnknown(last_year_ + 1);
  return Date::FromDays(first_day_ + (found - cumulative_.begin()));
}

int WorkingDayCalendar::WorkingDaysBetween(Date from, Date to) const {
  if (to <= from) return 0;
  const Date first_counted = from.AddDays(1);
  if (!Covers(first_counted)) throw CalendarUnknown(first_counted.year);
  if (!Covers(to)) throw CalendarUnknown(last_year_ + 1);
  const long from_index = IndexOf(from);
  return cumulative_[IndexOf(to)] - (from_index < 0 ? 0 : cumulative_[from_index]);
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
