// When `gapwatch daemon` runs a site next: the schedules of sites.yaml (the
// routine cycle and the rarer full re-walk, `--full`).
//
// Schedule::Parse reads either an interval, `every <N><unit>` (N a positive
// integer, unit s, m, h or d, at most kMaxScheduleInterval), or a 5-field cron
// expression `minute hour day-of-month month day-of-week` with `*`, lists
// `1,15`, ranges `1-5`, steps `*/15` and `10-50/10`, names JAN-DEC and SUN-SAT
// (any case), day-of-week 0-7 (0 and 7 are Sunday), or one of the macros
// @hourly, @daily (@midnight), @weekly, @monthly, @yearly (@annually). As in
// Vixie cron, when both day fields are restricted a day matches if EITHER
// matches, otherwise both must (`0 0 * * MON` is Mondays only). A day field is
// unrestricted only when it is a bare `*`: `*/2` restricts (Vixie cron, by
// accident of its parser, treats any field starting with `*` as unrestricted).
// Errors: std::invalid_argument saying where and what was expected, e.g.
// "cron field 2 (hour) '25': expected 0-23"; the caller adds file:line:key.
//
// NextRun, cron: the first second-0 of a matching minute strictly after
// `after`, in Asia/Shanghai civil time at the fixed offset UTC+8 (no daylight
// saving since 1991), never the machine's TZ or tzdata; `last_run` is ignored
// (missed runs are not caught up). nullopt when the expression never fires
// (`0 0 30 2 *`; the Gregorian calendar repeats every 400 years, so the search,
// day by day and skipping unwanted months, stops there: a millisecond at
// worst) or not before system_clock ends (year 2262). Interval:
// `interval` after `last_run`, but not before `after` (an overdue run is due
// now, once) nor more than `interval` after it (a last_run in the future: the
// clock was set back); due at `after` when there is no last run. Never nullopt.
//
// Thread-safety: Schedule is a plain value; the functions are pure.
#pragma once
#include <bitset>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gapwatch {

inline constexpr std::chrono::seconds kMaxScheduleInterval = std::chrono::days{366};

struct Schedule {
  enum class Kind { kInterval, kCron };

  Kind kind = Kind::kInterval;
  std::string expression;  // as written, trimmed, runs of blanks made one space: "every 30m", "0 */6 * * *"

  std::chrono::seconds interval{0};  // kInterval

  // kCron: the values each field allows, in Asia/Shanghai civil time.
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days_of_month;         // 1-31; bit 0 unused
  std::bitset<13> months;                // 1-12; bit 0 unused
  std::bitset<7> days_of_week;           // 0 = Sunday (a 7 in the expression is stored as 0)
  bool day_of_month_restricted = false;  // not `*`: with the next, selects the OR rule
  bool day_of_week_restricted = false;

  // Throws std::invalid_argument (see above).
  static Schedule Parse(std::string_view text);
};

std::optional<std::chrono::system_clock::time_point> NextRun(
    const Schedule& schedule, std::chrono::system_clock::time_point after,
    std::optional<std::chrono::system_clock::time_point> last_run = std::nullopt);

// For logs: "every 30 minutes", "every 2 hours", "cron '0 */6 * * *' (Asia/Shanghai)".
std::string Describe(const Schedule& schedule);

}  // namespace gapwatch
