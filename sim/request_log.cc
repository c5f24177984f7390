#include "sim/request_log.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

namespace gapwatch::sim {
namespace {

// Now in China Standard Time (UTC+8, no daylight saving), ISO 8601 with milliseconds.
std::string NowInChina() {
  using namespace std::chrono;
  const auto now = system_clock::now() + hours(8);
  const std::time_t seconds = system_clock::to_time_t(now);
  const long millis = static_cast<long>(duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000);
  std::tm fields{};
  gmtime_r(&seconds, &fields);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03ld+08:00", fields.tm_year + 1900,
                fields.tm_mon + 1, fields.tm_mday, fields.tm_hour, fields.tm_min, fields.tm_sec, millis);
  return text;
}

}  // namespace

bool RequestLog::Open(const std::string& path, std::string* error) {
  out_.open(path, std::ios::app | std::ios::binary);
  if (!out_) {
    *error = "cannot open log file " + path + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

void RequestLog::Record(std::string_view site, std::string_view method, std::string_view path, int status, size_t bytes,
                        std::string_view fault) {
  nlohmann::ordered_json line;
  line["site"] = site;
  line["method"] = method;
  // Invalid UTF-8 in a request target must not stop the log.
  line["path"] = path;
  line["status"] = status;
  line["bytes"] = bytes;
  line["time"] = NowInChina();
  if (!fault.empty()) line["fault"] = fault;
  const std::string text = line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  std::lock_guard lock(mutex_);
  out_ << text << std::flush;
}

}  // namespace gapwatch::sim
