#include "sim/options.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string_view>

#include "sim/response_cache.h"
#include "sim/world.h"

namespace gapwatch::sim {
namespace {

// Splits "HOST:PORT" or "[HOST]:PORT"; false when the shape is wrong.
bool SplitHostPort(const std::string& text, std::string* host, std::string* port) {
  if (text.starts_with("[")) {
    const size_t close = text.find("]:");
    if (close == std::string::npos) return false;
    *host = text.substr(1, close - 1);
    *port = text.substr(close + 2);
    return true;
  }
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || text.find(':') != colon) return false;
  *host = text.substr(0, colon);
  *port = text.substr(colon + 1);
  return true;
}

bool IsLoopback(const std::string& host) {
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

}  // namespace

std::optional<SimConfig> CheckOptions(const SimOptions& options, std::string* error) {
  SimConfig config;
  config.seed = options.seed;
  if (options.scale < 1 || options.scale > kMaxScale) {
    *error = "--scale must be between 1 and " + std::to_string(kMaxScale) + ", not " + std::to_string(options.scale);
    return std::nullopt;
  }
  config.scale = options.scale;

  std::string port;
  unsigned port_number = 0;
  if (!SplitHostPort(options.listen, &config.listen_host, &port) || port.empty() ||
      std::from_chars(port.data(), port.data() + port.size(), port_number).ptr != port.data() + port.size() ||
      port_number > 65535) {
    *error = "--listen must be HOST:PORT (e.g. 127.0.0.1:0), not '" + options.listen + "'";
    return std::nullopt;
  }
  if (!IsLoopback(config.listen_host)) {
    *error = "--listen accepts only a loopback address (127.0.0.1 or [::1]), not '" + config.listen_host +
             "': the simulator must not be reachable from other hosts";
    return std::nullopt;
  }
  config.listen_port = static_cast<unsigned short>(port_number);

  if (!options.as_of.empty()) {
    auto as_of = CivilDate::Parse(options.as_of);
    if (!as_of) {
      *error = "--as-of must be a date YYYY-MM-DD, not '" + options.as_of + "'";
      return std::nullopt;
    }
    config.as_of = *as_of;
  }

  for (const std::string& item : options.crawled_at) {
    size_t start = 0;
    while (start <= item.size()) {
      const size_t comma = std::min(item.find(',', start), item.size());
      const std::string text = item.substr(start, comma - start);
      auto date = CivilDate::Parse(text);
      if (!date) {
        *error = "--crawled-at must list dates YYYY-MM-DD, not '" + text + "'";
        return std::nullopt;
      }
      if (*date > config.as_of) {
        *error = "--crawled-at " + text + " is after --as-of " + config.as_of.Iso();
        return std::nullopt;
      }
      config.crawled_at.push_back(*date);
      start = comma + 1;
    }
  }
  std::sort(config.crawled_at.begin(), config.crawled_at.end());
  config.crawled_at.erase(std::unique(config.crawled_at.begin(), config.crawled_at.end()), config.crawled_at.end());
  if (!config.crawled_at.empty() && options.truth_file.empty()) {
    *error = "--crawled-at needs --truth FILE";
    return std::nullopt;
  }

  const std::optional<FaultSpec> faults = ParseFaultSpec(options.faults, error);
  if (!faults) {
    *error = "--faults: " + *error + " (docs/simulator.md, \"Faults\")";
    return std::nullopt;
  }
  config.faults = *faults;

  long cache_mib = options.cache_mib;
  if (cache_mib < 0) {
    cache_mib = static_cast<long>(kDefaultCacheMiB);
    if (const char* text = std::getenv("GAPWATCH_SIM_CACHE_MIB"); text && *text) {
      const std::string_view value(text);
      if (std::from_chars(value.data(), value.data() + value.size(), cache_mib).ptr != value.data() + value.size() ||
          cache_mib < 0 || cache_mib > (1L << 20)) {
        *error = "GAPWATCH_SIM_CACHE_MIB must be a number of MiB from 0 to 1048576, not '" + std::string(value) + "'";
        return std::nullopt;
      }
    }
  }
  config.cache_bytes = static_cast<std::size_t>(cache_mib) << 20;
  config.log_file = options.log_file;
  config.truth_file = options.truth_file;
  config.records_file = options.records_file;
  return config;
}

}  // namespace gapwatch::sim
