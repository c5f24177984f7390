// sites.yaml: the sites to crawl, how to reach them politely, and (through
// parsers/extract_rules.h) how to read them. LoadSitesConfig validates the
// whole file up front: an unknown key, a missing required key or a bad value
// throws ConfigError naming the file, line and key (exit status 2 in the CLI).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crawler/request_template.h"
#include "crawler/schedule.h"
#include "parsers/extract_rules.h"

namespace gapwatch {

// Names gapwatch and where to reach its operators, as politeness asks.
inline constexpr char kDefaultUserAgent[] =
    "gapwatch/0.1 (+https://github.com/gapwatch/gapwatch; third-party disclosure monitor)";

inline constexpr char kDefaultCrawlSchedule[] = "every 6h";
inline constexpr char kDefaultFullSchedule[] = "every 7d";

struct Politeness {
  int delay_ms = 2000;  // between two requests to one host (dropped on loopback)
  int timeout_s = 30;   // whole transfer
  int connect_timeout_s = 10;
  int retries = 3;  // further attempts after a timeout, connection error, 5xx or 429
  long long max_body_bytes = 20 << 20;
  std::string user_agent = kDefaultUserAgent;
  int concurrency = 2;          // requests in flight to one host at once
  int max_delay_ms = 60000;     // the adaptive throttle never waits longer between requests
  int max_retry_after_s = 120;  // a longer Retry-After is cut to this
  int max_redirects = 5;        // followed only to the site's allowed hosts
  // A host that failed this many requests in a row (timeouts, connection errors,
  // 5xx) is down: the rest of its URLs wait for the next crawl. 0: never.
  int max_consecutive_errors = 12;
};

struct SiteConfig {
  std::string name;  // portal, trading, procurement, credit
  std::string title;
  std::string base_url;  // canonical: stored URLs use it whatever origin is fetched
  std::vector<std::string> allowed_hosts;
  Politeness politeness;
  std::string charset;  // forces the decoding of every page (parsers/charset.h); "" = detect
  std::vector<SourceRules> sources;
  std::map<std::string, RequestTemplate> list_requests;  // by source name: lists that need more than a GET
  // `gapwatch daemon`: when to crawl, when to walk everything again, and after
  // how many incomplete crawls in a row the site is reported unhealthy.
  Schedule crawl_schedule = Schedule::Parse(kDefaultCrawlSchedule);
  Schedule full_schedule = Schedule::Parse(kDefaultFullSchedule);
  int unhealthy_after = 3;
};

struct SitesConfig {
  std::string file;                           // where it was loaded from, for messages
  long long warc_max_file_bytes = 1LL << 30;  // WARC files rotate before passing this
  std::vector<SiteConfig> sites;
  const SiteConfig* Find(const std::string& name) const;
};

// The site names gapwatch knows (ARCHITECTURE.md, "Command line").
const std::vector<std::string>& KnownSiteNames();

// A list page's canonical URL: the first page at list.url, later ones at
// list.page_url when it is given, with the fixed query, the page and page-size
// parameters. When the page number travels in a request body, the fragment
// "#source=NAME&page=N" (never sent) tells the pages, and the sources that
// post different bodies to one URL, apart.
std::string ListPageUrl(const SiteConfig& site, const SourceRules& source, int page);
// The page number of one of `source`'s list page URLs; nullopt for another URL.
std::optional<int> ListPageNumber(const SiteConfig& site, const SourceRules& source, const std::string& url);

SitesConfig LoadSitesConfig(const std::string& text, const std::string& file);
SitesConfig LoadSitesConfigFile(const std::string& path);  // ConfigError when unreadable

}  // namespace gapwatch
