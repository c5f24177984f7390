// `gapwatch sim`: serves simulated copies of the sites on loopback, each on
// its own port, with a deterministic world built from a seed and planted gaps
// whose ground truth it writes (ARCHITECTURE.md, "The simulator").
// Shares no code with crawler/, parsers/ or monitor/.
#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace gapwatch::sim {

struct SimOptions {
  unsigned long seed = 1;
  int scale = 1;                        // multiplies the number of projects
  std::string listen = "127.0.0.1:0";   // host:port of the first site; port 0 = ephemeral for every site
  std::string as_of;                    // simulated today, YYYY-MM-DD (empty = 2025-12-31)
  std::string faults;                   // fault spec (see docs/simulator.md)
  std::string log_file;                 // JSON line per request, appended
  std::string truth_file;               // ground truth, written before the sites are announced
  std::string records_file;             // what each standing notice shows (sim/records.h), written likewise
  std::vector<std::string> crawled_at;  // earlier crawl dates for the truth
  // Bound of each site's response cache (sim/response_cache.h), MiB; 0 = off;
  // negative = $GAPWATCH_SIM_CACHE_MIB if set, else kDefaultCacheMiB.
  long cache_mib = -1;
};

// Builds the world, writes the truth and the records, starts the servers, prints one
// `NAME=BASE_URL` line per site on `announce` (flushed), then serves until
// SIGINT or SIGTERM. Returns the process exit status (2 for bad options).
int RunSimulator(const SimOptions& options, std::ostream& announce, std::ostream& errors);

}  // namespace gapwatch::sim
