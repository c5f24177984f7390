#include "crawler/schedule.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <vector>

namespace gapwatch {
namespace {

using Clock = std::chrono::system_clock;
// China Standard Time has been a fixed UTC+8 since 1991 (no DST), so civil
// time is UTC shifted by a constant, whatever the machine's TZ says.
constexpr std::chrono::hours kShanghaiOffset{8};
// 400 Gregorian years: day of month, month and weekday repeat exactly after it.
constexpr std::chrono::days kCalendarCycle{146097};

std::string Lower(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lowered;
}

std::vector<std::string_view> SplitBlanks(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == separator) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// Digits only (no sign, no blanks); nullopt otherwise. Nine digits at most so
// that the value always fits; anything longer is out of every range anyway.
std::optional<long long> ParseDigits(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  long long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// ---- intervals ----

Schedule ParseInterval(const std::vector<std::string_view>& words, const std::string& expression) {
  const std::string expected =
      "interval '" + expression + "': expected a positive integer followed by s, m, h or d (e.g. 'every 30m')";
  if (words.size() != 2 || words[1].size() < 2) throw std::invalid_argument(expected);
  const std::string_view amount = words[1].substr(0, words[1].size() - 1);
  const std::optional<long long> count = ParseDigits(amount);
  if (!count || *count == 0) throw std::invalid_argument(expected);
  long long unit_seconds = 0;
  switch (std::tolower(static_cast<unsigned char>(words[1].back()))) {
    case 's':
      unit_seconds = 1;
      break;
    case 'm':
      unit_seconds = 60;
      break;
    case 'h':
      unit_seconds = 3600;
      break;
    case 'd':
      unit_seconds = 86400;
      break;
    default:
      throw std::invalid_argument(expected);
  }
  // Bounded so that time-point arithmetic cannot overflow; a site visited
  // less than once a year is not being monitored.
  if (*count > kMaxScheduleInterval.count() / unit_seconds) {
    throw std::invalid_argument("interval '" + expression + "': expected at most " +
                                std::to_string(kMaxScheduleInterval.count() / 86400) + " days");
  }
  Schedule schedule;
  schedule.kind = Schedule::Kind::kInterval;
  schedule.expression = expression;
  schedule.interval = std::chrono::seconds{*count * unit_seconds};
  return schedule;
}

// ---- cron ----

struct CronField {
  const char* name;
  int min;
  int max;
  const char* const* names;  // names[i] is value names_base + i; nullptr when none
  int names_base;
  int names_count;
};

constexpr const char* kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr const char* kDayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

constexpr std::array<CronField, 5> kCronFields = {{
    {"minute", 0, 59, nullptr, 0, 0},
    {"hour", 0, 23, nullptr, 0, 0},
    {"day-of-month", 1, 31, nullptr, 0, 0},
    {"month", 1, 12, kMonthNames, 1, 12},
    {"day-of-week", 0, 7, kDayNames, 0, 7},
}};

class FieldParser {
 public:
  FieldParser(int index, std::string_view text) : index_(index), field_(kCronFields[index]), text_(text) {}

  // The field's values as bits (value v at bit v; day-of-week 7 at bit 0).
  std::bitset<64> Parse() const {
    std::bitset<64> values;
    for (std::string_view item : Split(text_, ',')) {
      if (item.empty()) Fail(item, "empty list item");
      const std::vector<std::string_view> range_and_step = Split(item, '/');
      if (range_and_step.size() > 2) Fail(item, "expected at most one '/'");
      const std::string_view range = range_and_step[0];
      int low = field_.min;
      int high = field_.max;
      if (range == "*") {
        // 7 repeats Sunday (0); leaving it out keeps `*/2` at Sun, Tue, Thu, Sat.
        if (field_.names == kDayNames) high = 6;
      } else {
        const size_t dash = range.find('-');
        if (dash == std::string_view::npos) {
          if (range_and_step.size() == 2) Fail(item, "expected '*' or a range low-high before '/'");
          low = high = Value(item, range);
        } else {
          low = Value(item, range.substr(0, dash));
          high = Value(item, range.substr(dash + 1));
          if (low > high) Fail(item, "expected a range low-high with low <= high");
        }
      }
      int step = 1;
      if (range_and_step.size() == 2) {
        const int span = field_.max - field_.min + 1;
        const std::optional<long long> parsed = ParseDigits(range_and_step[1]);
        if (!parsed || *parsed < 1 || *parsed > span) Fail(item, "expected a step of 1-" + std::to_string(span));
        step = static_cast<int>(*parsed);
      }
      for (int value = low; value <= high; value += step) {
        values.set(field_.names == kDayNames && value == 7 ? 0 : value);
      }
    }
    return values;
  }

 private:
  int Value(std::string_view item, std::string_view token) const {
    if (const std::optional<long long> number = ParseDigits(token)) {
      if (*number >= field_.min && *number <= field_.max) return static_cast<int>(*number);
    } else if (field_.names != nullptr) {
      const std::string lowered = Lower(token);
      for (int i = 0; i < field_.names_count; ++i) {
        if (lowered == field_.names[i]) return field_.names_base + i;
      }
    }
    std::string expected = "expected " + std::to_string(field_.min) + "-" + std::to_string(field_.max);
    if (field_.names == kMonthNames) expected += " or JAN-DEC";
    if (field_.names == kDayNames) expected += " or SUN-SAT";
    Fail(item, expected);
  }

  [[noreturn]] void Fail(std::string_view item, const std::string& problem) const {
    std::string message =
        "cron field " + std::to_string(index_ + 1) + " (" + field_.name + ") '" + std::string(text_) + "'";
    if (item != text_) message += " at '" + std::string(item) + "'";
    throw std::invalid_argument(message + ": " + problem);
  }

  int index_;
  const CronField& field_;
  std::string_view text_;
};

template <size_t N>
std::bitset<N> Narrow(const std::bitset<64>& values) {
  return std::bitset<N>(values.to_ullong());
}

Schedule ParseCronFields(const std::vector<std::string_view>& words, const std::string& expression) {
  if (words.size() != kCronFields.size()) {
    throw std::invalid_argument("cron '" + expression +
                                "': expected 5 fields (minute hour day-of-month month day-of-week), got " +
                                std::to_string(words.size()));
  }
  Schedule schedule;
  schedule.kind = Schedule::Kind::kCron;
  schedule.expression = expression;
  schedule.minutes = Narrow<60>(FieldParser(0, words[0]).Parse());
  schedule.hours = Narrow<24>(FieldParser(1, words[1]).Parse());
  schedule.days_of_month = Narrow<32>(FieldParser(2, words[2]).Parse());
  schedule.months = Narrow<13>(FieldParser(3, words[3]).Parse());
  schedule.days_of_week = Narrow<7>(FieldParser(4, words[4]).Parse());
  schedule.day_of_month_restricted = words[2] != "*";
  schedule.day_of_week_restricted = words[4] != "*";
  return schedule;
}

Schedule ParseMacro(const std::string& expression) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kMacros = {{
      {"@hourly", "0 * * * *"},
      {"@daily", "0 0 * * *"},
      {"@midnight", "0 0 * * *"},
      {"@weekly", "0 0 * * 0"},
      {"@monthly", "0 0 1 * *"},
      {"@yearly", "0 0 1 1 *"},
      {"@annually", "0 0 1 1 *"},
  }};
  const std::string lowered = Lower(expression);
  for (const auto& [macro, fields] : kMacros) {
    if (lowered == macro) {
      Schedule schedule = ParseCronFields(SplitBlanks(fields), std::string(fields));
      schedule.expression = expression;
      return schedule;
    }
  }
  throw std::invalid_argument("cron '" + expression +
                              "': expected @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually");
}

// ---- next run ----

bool DayMatches(const Schedule& schedule, std::chrono::sys_days day) {
  const std::chrono::year_month_day date{day};
  const bool day_of_month = schedule.days_of_month[static_cast<unsigned>(date.day())];
  const bool day_of_week = schedule.days_of_week[std::chrono::weekday{day}.c_encoding()];
  if (schedule.day_of_month_restricted && schedule.day_of_week_restricted) return day_of_month || day_of_week;
  return day_of_month && day_of_week;  // the unrestricted one allows every day
}

// The first matching minute of a day at or after `from_minute` (minutes since midnight).
std::optional<int> FirstMinuteOfDay(const Schedule& schedule, int from_minute) {
  for (int hour = from_minute / 60; hour < 24; ++hour) {
    if (!schedule.hours[hour]) continue;
    for (int minute = hour == from_minute / 60 ? from_minute % 60 : 0; minute < 60; ++minute) {
      if (schedule.minutes[minute]) return hour * 60 + minute;
    }
  }
  return std::nullopt;
}

std::optional<Clock::time_point> NextCronRun(const Schedule& schedule, Clock::time_point after) {
  using std::chrono::days;
  using std::chrono::minutes;
  using std::chrono::sys_days;
  // Civil Shanghai time held in a sys_time, i.e. read as if it were UTC.
  const std::chrono::sys_time<minutes> start = std::chrono::floor<minutes>(after) + kShanghaiOffset + minutes{1};
  sys_days day = std::chrono::floor<days>(start);
  int from_minute = static_cast<int>((start - day).count());
  // Inclusive: the last day re-checks the minutes of the first day before `start`.
  const sys_days last_day = day + kCalendarCycle;
  while (day <= last_day) {
    const std::chrono::year_month_day date{day};
    if (!schedule.months[static_cast<unsigned>(date.month())]) {
      // Skip the whole month, so that a rare month costs one step, not thirty.
      day = sys_days{std::chrono::year_month_day{date.year() / date.month() / 1} + std::chrono::months{1}};
      from_minute = 0;
      continue;
    }
    if (DayMatches(schedule, day)) {
      if (const std::optional<int> minute = FirstMinuteOfDay(schedule, from_minute)) {
        const std::chrono::sys_time<minutes> utc = day + minutes{*minute} - kShanghaiOffset;
        // system_clock counts nanoseconds in 64 bits: it ends in 2262.
        if (utc > std::chrono::floor<minutes>(Clock::time_point::max())) return std::nullopt;
        return Clock::time_point{utc};
      }
    }
    day += days{1};
    from_minute = 0;
  }
  return std::nullopt;
}

// `point + duration`, held at the clock's last instant instead of overflowing.
Clock::time_point SaturatingAdd(Clock::time_point point, std::chrono::seconds duration) {
  const Clock::duration step = std::chrono::duration_cast<Clock::duration>(duration);
  if (point > Clock::time_point::max() - step) return Clock::time_point::max();
  return point + step;
}

std::string Plural(long long count, const char* unit) {
  if (count == 1) return std::string("every ") + unit;
  return "every " + std::to_string(count) + " " + unit + "s";
}

}  // namespace

Schedule Schedule::Parse(std::string_view text) {
  const std::vector<std::string_view> words = SplitBlanks(text);
  std::string expression;
  for (std::string_view word : words) {
    if (!expression.empty()) expression += ' ';
    expression += word;
  }
  if (words.empty()) {
    throw std::invalid_argument("schedule '" + std::string(text) +
                                "': expected 'every <N><s|m|h|d>' or a 5-field cron expression");
  }
  if (Lower(words[0]) == "every") return ParseInterval(words, expression);
  if (words[0].front() == '@') {
    if (words.size() != 1) throw std::invalid_argument("cron '" + expression + "': expected the macro alone");
    return ParseMacro(expression);
  }
  return ParseCronFields(words, expression);
}

std::optional<Clock::time_point> NextRun(const Schedule& schedule, Clock::time_point after,
                                         std::optional<Clock::time_point> last_run) {
  if (schedule.kind == Schedule::Kind::kCron) return NextCronRun(schedule, after);
  if (!last_run) return after;
  const Clock::time_point due = SaturatingAdd(*last_run, schedule.interval);
  if (due < after) return after;
  return std::min(due, SaturatingAdd(after, schedule.interval));
}

std::string Describe(const Schedule& schedule) {
  if (schedule.kind == Schedule::Kind::kCron) return "cron '" + schedule.expression + "' (Asia/Shanghai)";
  // In the largest unit that divides it: `every 120m` reads "every 2 hours".
  const long long seconds = schedule.interval.count();
  if (seconds % 86400 == 0) return Plural(seconds / 86400, "day");
  if (seconds % 3600 == 0) return Plural(seconds / 3600, "hour");
  if (seconds % 60 == 0) return Plural(seconds / 60, "minute");
  return Plural(seconds, "second");
}

}  // namespace gapwatch
