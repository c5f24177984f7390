// The crawl: for each configured site, walk every source's list pages from the
// first until the list ends, hand each page to parsers/ for its items, and
// fetch each item's detail. Every response (or failure) becomes a Capture in
// the store under its canonical URL, committed as it arrives, so a killed
// crawl loses nothing it had fetched and the next run skips details already
// captured. Lists are always re-walked (they are where new notices appear).
#pragma once
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "crawler/site_config.h"
#include "store/store.h"

namespace gapwatch {

struct CrawlOptions {
  std::map<std::string, std::string> origin_overrides;  // site -> origin to fetch from instead of base_url
  bool full = false;                                    // re-fetch details already captured
  int max_list_pages = 10000;                           // guard against a list that never ends
};

struct SiteCrawlResult {
  std::string site;
  long long pages = 0;   // responses captured
  long long errors = 0;  // failed requests (after retries)
  bool complete = true;  // every list walked to its end and every detail fetched
  std::vector<std::string> problems;
};

// The origin to fetch a canonical URL from: the override for its site, or the
// URL itself. Throws std::invalid_argument for a URL off the site's allowed hosts.
std::string FetchUrlFor(const SiteConfig& site, const std::string& canonical_url,
                        const std::map<std::string, std::string>& origin_overrides);

std::vector<SiteCrawlResult> Crawl(const std::vector<const SiteConfig*>& sites, Store& store, long long run_id,
                                   const CrawlOptions& options, std::ostream& log);

}  // namespace gapwatch
