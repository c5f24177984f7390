#include "crawler/clock.h"

#include <chrono>
#include <ctime>

namespace gapwatch {
namespace {

std::tm ShanghaiNow() {
  const std::time_t shifted = std::time(nullptr) + 8 * 3600;
  std::tm fields{};
  gmtime_r(&shifted, &fields);
  return fields;
}

}  // namespace

std::string NowIso8601() {
  const std::tm fields = ShanghaiNow();
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+08:00", &fields);
  return text;
}

std::string TodayInShanghai() {
  const std::tm fields = ShanghaiNow();
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &fields);
  return text;
}

}  // namespace gapwatch
