// Checking `gapwatch sim` options (SimOptions, from sim/simulator.h) into a
// SimConfig the simulator can run with. Every problem is a usage error (exit
// status 2) with a message that names the option:
//   --scale outside 1..kMaxScale; --listen not a loopback address with a port
//   (127.x.x.x:PORT or [::1]:PORT); --as-of or a --crawled-at date that is not
//   a valid YYYY-MM-DD; a crawl date after --as-of; --crawled-at without
//   --truth; a --faults spec that sim/faults.h does not accept; a
//   GAPWATCH_SIM_CACHE_MIB that is not a whole number of MiB (read only when
//   SimOptions::cache_mib is negative; the environment is read, nothing else).
// --crawled-at values may also be comma-separated lists.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/civil_date.h"
#include "sim/faults.h"
#include "sim/simulator.h"

namespace gapwatch::sim {

inline constexpr CivilDate kDefaultAsOf{2025, 12, 31};

struct SimConfig {
  uint64_t seed = 1;
  int scale = 1;
  std::string listen_host;  // numeric loopback address, without brackets
  unsigned short listen_port = 0;
  CivilDate as_of = kDefaultAsOf;
  std::string log_file;
  std::string truth_file;
  std::string records_file;           // "" = none
  std::vector<CivilDate> crawled_at;  // sorted, without duplicates
  FaultSpec faults;                   // none by default
  std::size_t cache_bytes = 0;        // per site's response cache; 0 = off
};

// The config, or nullopt with the reason in *error.
std::optional<SimConfig> CheckOptions(const SimOptions& options, std::string* error);

}  // namespace gapwatch::sim
