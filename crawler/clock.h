// Wall-clock time and "today" in Asia/Shanghai (UTC+8, no daylight saving),
// the time zone every date in gapwatch is read in.
#pragma once
#include <chrono>
#include <string>

namespace gapwatch {

std::string NowIso8601();  // e.g. 2025-06-30T08:00:00+08:00
std::string Iso8601InShanghai(std::chrono::system_clock::time_point time);
std::string TodayInShanghai();  // YYYY-MM-DD
long long UnixSecondsNow();

}  // namespace gapwatch
