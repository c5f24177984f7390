// Faults on demand (`--faults SPEC`, docs/simulator.md "Faults"): realistic
// failures injected between the transport and a site's handler, so that a
// client can be tested for retrying or reporting a site incomplete. Faults
// change what is sent, never the world or the truth.
//
//   SPEC := "" | ITEM ("," ITEM)*
//   ITEM := "default" | "robots" | "throttle" ["=" N "/s"]
//         | KIND ["=" RATE] | ("slow" | "oversize") ["=" RATE [":" AMOUNT]]
//   KIND := "error" | "truncate" | "charset" | "redirect-loop"
//   RATE := a decimal probability in [0, 1]; AMOUNT := N ("ms" | "s") for
//   slow, N ("B" | "KiB" | "MiB") for oversize.
// A later item overrides an earlier one of the same kind ("default" sets
// several). The rates are probabilities per request and may add up to 1.
//
// Which fault, if any, a request gets depends only on (seed, site, method,
// target, body, how many times that same request was decided before): runs
// are reproducible, and retrying a failed request draws again. Throttling
// alone depends on timing. /robots.txt never gets any fault but `robots`.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/http_server.h"

namespace gapwatch::sim {

struct FaultSpec {
  // Probabilities per request; at most one of these faults hits a request.
  double error = 0;          // 500, 502 or 503 with an nginx error page
  double slow = 0;           // the answer comes after slow_delay
  double truncate = 0;       // half the body under the full Content-Length, then the connection closes
  double charset = 0;        // Content-Type names GBK for a UTF-8 body, UTF-8 for any other
  double redirect_loop = 0;  // 302 into a loop of two made-up URLs that redirect to each other
  double oversize = 0;       // a 200 HTML or JSON page padded to oversize_bytes
  std::chrono::milliseconds slow_delay{2000};
  std::size_t oversize_bytes = 25u << 20;
  int throttle_per_second = 0;  // 429 + Retry-After past this many requests a second per client host; 0: off
  bool robots = false;          // robots.txt also disallows kRobotsDisallowed for every user agent

  bool any() const;
};

// Served by no site, so that obeying the disallow costs no notice.
inline constexpr char kRobotsDisallowed[] = "/search/";

// The spec, or nullopt with the reason, naming the bad item, in *error.
std::optional<FaultSpec> ParseFaultSpec(std::string_view text, std::string* error);

// `site_handler` behind the faults of `spec`, for the site named `site`;
// `site_handler` itself when the spec has none. The returned handler is
// thread-safe if `site_handler` is.
HttpHandler WithFaults(const FaultSpec& spec, uint64_t seed, const std::string& site, HttpHandler site_handler);

}  // namespace gapwatch::sim
