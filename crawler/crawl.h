// The crawl: for each configured site, walk every source's list pages from the
// first until the list ends, hand each page to parsers/ for its items, and
// fetch each item's detail. Every response (or failure) becomes a Capture in
// the store under its canonical URL, committed as it arrives, so a killed
// crawl loses nothing it had fetched and the next run skips details already
// captured. Lists are always re-walked (they are where new notices appear).
// Robots (RFC 9309, crawler/robots.h): before the first request to a host in
// a cycle, its /robots.txt is fetched once, from the origin actually
// contacted (the --site override when given), and logged, not stored. 2xx:
// its rules for our product token apply; 4xx or a redirect: everything is
// allowed; 5xx, 429 or no response: nothing on that host is fetched this
// cycle, and the site is incomplete with a problem naming the robots.txt URL.
// A list page or detail robots.txt forbids is not fetched, counts as a robots
// refusal and makes the site incomplete (a notice we may not fetch is one we
// cannot see). Crawl-delay (capped, robots.h) raises the host's delay above
// the site's configured one, never lowers it; loopback hosts have no delays.
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
  long long pages = 0;            // responses captured
  long long errors = 0;           // failed requests (after retries), robots.txt included
  long long robots_refusals = 0;  // pages not fetched because robots.txt forbids them
  bool complete = true;           // every list walked to its end and every detail fetched
  std::vector<std::string> problems;
};

// The origin to fetch a canonical URL from: the override for its site, or the
// URL itself. Throws std::invalid_argument for a URL off the site's allowed hosts.
std::string FetchUrlFor(const SiteConfig& site, const std::string& canonical_url,
                        const std::map<std::string, std::string>& origin_overrides);

std::vector<SiteCrawlResult> Crawl(const std::vector<const SiteConfig*>& sites, Store& store, long long run_id,
                                   const CrawlOptions& options, std::ostream& log);

}  // namespace gapwatch
