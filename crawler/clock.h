// Wall-clock time and "today" in Asia/Shanghai (UTC+8, no daylight saving),
// the time zone every date in gapwatch is read in.
#pragma once
#include <string>

namespace gapwatch {

std::string NowIso8601();       // e.g. 2025-06-30T08:00:00+08:00
std::string TodayInShanghai();  // YYYY-MM-DD

}  // namespace gapwatch
