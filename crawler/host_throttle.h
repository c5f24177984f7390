// When the next request to one host may start: the per-host half of
// politeness. Settings come from the site's politeness (sites.yaml) and
// robots.txt's Crawl-delay; the throttle then adapts, AutoThrottle-style:
//   - a request starts only while fewer than `concurrency` are in flight to
//     the host and `delay` has passed since the previous start;
//   - after a response, the delay moves halfway toward latency / concurrency
//     (a slow server gets fewer requests), never below `min_delay`;
//   - after an error (no response, 5xx, 429) the delay doubles (at least
//     kErrorBackoffFloor), up to `max_delay`: exponential backoff. Requests
//     that were already in flight when it last doubled do not double it
//     again: eight transfers refused together are one signal, not eight;
//   - Retry-After (429, 503) holds every request to the host until then,
//     capped at `max_retry_after`.
// Thread-safety: none; owned by the crawl engine's single thread.
#pragma once
#include <chrono>
#include <optional>
#include <string>

namespace gapwatch {

class HostThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  using Milliseconds = std::chrono::milliseconds;
  static constexpr Milliseconds kErrorBackoffFloor{250};

  struct Settings {
    Milliseconds min_delay{0};
    Milliseconds max_delay{60000};
    Milliseconds max_retry_after{120000};
    int concurrency = 1;
  };

  explicit HostThrottle(Settings settings);

  bool CanStart(Clock::time_point now) const;
  // The earliest time a request could start if a slot were free.
  Clock::time_point next_start() const { return next_start_; }
  void Started(Clock::time_point now);

  enum class Outcome { kResponse, kError };
  void Finished(Clock::time_point now, Milliseconds latency, Outcome outcome,
                std::optional<Milliseconds> retry_after = std::nullopt);

  Milliseconds delay() const { return delay_; }
  int in_flight() const { return in_flight_; }

 private:
  Settings settings_;
  Milliseconds delay_;
  int in_flight_ = 0;
  Clock::time_point next_start_{};
  Clock::time_point backed_off_at_{};  // when the delay last doubled
};

// Retry-After (RFC 9110 §10.2.3) as a wait from `now_unix_seconds`: delay-seconds
// or an HTTP-date; nullopt when absent or malformed.
std::optional<std::chrono::milliseconds> ParseRetryAfter(const std::string& value, long long now_unix_seconds);

}  // namespace gapwatch
