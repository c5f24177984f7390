// A civil date (proleptic Gregorian), with ISO 8601 text conversion and day
// arithmetic. Value type, trivially copyable.
#pragma once
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace gapwatch {

struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  // Accepts "YYYY-MM-DD" and the date part of "YYYY-MM-DDThh:mm:ss…"; nullopt otherwise.
  static std::optional<Date> Parse(std::string_view text);
  static Date FromDays(long days);  // days since 1970-01-01
  long ToDays() const;
  int Weekday() const;  // 1 = Monday … 7 = Sunday
  Date AddDays(long days) const { return FromDays(ToDays() + days); }
  std::string ToString() const;  // YYYY-MM-DD

  auto operator<=>(const Date&) const = default;
};

}  // namespace gapwatch
