// `--log FILE`: one JSON line per request served, appended and flushed as it
// is written, so a test can read the log while the simulator runs:
//   {"site":"procurement","method":"GET","path":"/gpcms/…?…","status":200,
//    "bytes":1234,"time":"2026-01-05T10:22:31.123+08:00"}
// `bytes` is the length of the response body (what GET sends, also for HEAD;
// what was sent of a truncated one); `time` is the wall-clock time served, in
// China Standard Time. A request that got a fault (sim/faults.h) has one more
// field, last: "fault":"error" (or "slow", "throttle", …).
// Thread-safe: sites serving on several threads may share one log.
#pragma once
#include <fstream>
#include <mutex>
#include <string>
#include <string_view>

namespace gapwatch::sim {

class RequestLog {
 public:
  // False, with the reason in *error, when the file cannot be opened for appending.
  bool Open(const std::string& path, std::string* error);
  void Record(std::string_view site, std::string_view method, std::string_view path, int status, size_t bytes,
              std::string_view fault);

 private:
  std::mutex mutex_;
  std::ofstream out_;
};

}  // namespace gapwatch::sim
