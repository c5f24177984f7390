#include "crawler/host_throttle.h"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace gapwatch {

HostThrottle::HostThrottle(Settings settings) : settings_(settings), delay_(settings.min_delay) {
  settings_.concurrency = std::max(1, settings_.concurrency);
  settings_.max_delay = std::max(settings_.max_delay, settings_.min_delay);
}

bool HostThrottle::CanStart(Clock::time_point now) const {
  return in_flight_ < settings_.concurrency && now >= next_start_;
}

void HostThrottle::Started(Clock::time_point now) {
  ++in_flight_;
  next_start_ = std::max(next_start_, now + delay_);
}

void HostThrottle::Finished(Clock::time_point now, Milliseconds latency, Outcome outcome,
                            std::optional<Milliseconds> retry_after) {
  in_flight_ = std::max(0, in_flight_ - 1);
  if (outcome == Outcome::kError) {
    if (now - latency >= backed_off_at_) {
      delay_ = std::min(settings_.max_delay, std::max(delay_ * 2, kErrorBackoffFloor));
      backed_off_at_ = now;
    }
  } else {
    const Milliseconds target = latency / settings_.concurrency;
    delay_ = std::clamp((delay_ + target) / 2, settings_.min_delay, settings_.max_delay);
  }
  if (retry_after) next_start_ = std::max(next_start_, now + std::min(*retry_after, settings_.max_retry_after));
  // After an error the backoff applies from now, not from the failed request's start.
  if (outcome == Outcome::kError) next_start_ = std::max(next_start_, now + delay_);
}

std::optional<std::chrono::milliseconds> ParseRetryAfter(const std::string& value, long long now_unix_seconds) {
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (value.size() > 9) return std::chrono::milliseconds(999999999LL * 1000);
    return std::chrono::milliseconds(std::stoll(value) * 1000);
  }
  // IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm parsed{};
  const char* end = strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parsed);
  if (!end || *end != '\0') return std::nullopt;
  const long long at = timegm(&parsed);
  return std::chrono::milliseconds(std::max(0LL, at - now_unix_seconds) * 1000);
}

}  // namespace gapwatch
