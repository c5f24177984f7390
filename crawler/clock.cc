#include "crawler/clock.h"

#include <chrono>
#include <ctime>

namespace gapwatch {
namespace {

std::tm InShanghai(std::time_t time) {
  const std::time_t shifted = time + 8 * 3600;
  std::tm fields{};
  gmtime_r(&shifted, &fields);
  return fields;
}

std::tm ShanghaiNow() { return InShanghai(std::time(nullptr)); }

}  // namespace

std::string Iso8601InShanghai(std::chrono::system_clock::time_point time) {
  const std::tm fields = InShanghai(std::chrono::system_clock::to_time_t(time));
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+08:00", &fields);
  return text;
}

std::string NowIso8601() { return Iso8601InShanghai(std::chrono::system_clock::now()); }

std::string TodayInShanghai() {
  const std::tm fields = ShanghaiNow();
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &fields);
  return text;
}

long long UnixSecondsNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace gapwatch
