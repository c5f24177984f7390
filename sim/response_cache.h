// A bounded cache of a site's rendered replies, so that a client crawling the
// same pages again (benchmarks, incremental cycles) costs the simulator a
// lookup instead of rebuilding subjects and rendering HTML and JSON.
//
// Every site answers a GET or HEAD as a pure function of (world, as_of,
// method, target): no site reads a GET's headers, its peer or the clock. So a
// cached reply is byte for byte what rendering again would give, and caching
// changes nothing a client can observe. Only requests without a body, and
// without conditional or range headers (which a future site might honour),
// are cached; POSTs (ygp's signed search, form posts) always reach the site.
// Faults and the request log stay outside (sim/simulator.cc): a cached page
// still gets its fault draw and its log line.
//
// Least recently used replies go first once the bodies, targets and headers
// held pass `max_bytes`; 0 turns the cache off (the handler is returned as
// is). The returned handler is thread-safe if `handler` is.
#pragma once
#include <cstddef>

#include "sim/http_server.h"

namespace gapwatch::sim {

inline constexpr std::size_t kDefaultCacheMiB = 256;

HttpHandler WithResponseCache(HttpHandler handler, std::size_t max_bytes);

}  // namespace gapwatch::sim
