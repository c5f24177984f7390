// The crawl engine: every configured site at once, over one HttpClient
// (libcurl multi), paced per host by HostThrottle, with its frontier in the
// store. A site's crawl cycle starts from the first page of each source's
// list; each list page is handed to parsers/ for its items, whose details are
// queued, and the next list page is queued after them (so memory stays flat
// however long the list). Every response (or final failure) becomes a
// Capture, committed in the same transaction as its frontier entry and what
// it discovered: a crawl killed at any moment resumes on the next start with
// exactly the URLs it had not finished (store.h "crawl cycle").
//
// Incremental: a routine cycle fetches a detail only when it is new, failed
// before, or its list row changed (a fingerprint of what the row says), and
// stops walking a list after `stop_after_known` consecutive items it already
// has, unchanged. A full cycle (CrawlOptions::full) walks every list to its
// end and revalidates every detail. Revalidation is a conditional GET
// (If-None-Match / If-Modified-Since from the newest 200); a 304 is recorded
// as a capture of the same payload ("server-not-modified"), a 200 with the
// same bytes as before as "identical-payload-digest".
//
// Politeness: robots.txt per origin per cycle (RFC 9309, crawler/robots.h;
// 4xx allows all; 5xx, 429 or no response refuses the host for the cycle);
// Crawl-delay raises the host's delay, never lowers it. Retries (timeouts,
// connection errors, 5xx, 429) are bounded by `retries`, wait with
// exponential backoff and honour Retry-After. Redirects are followed only to
// the site's allowed hosts, at most `max_redirects`; any other is refused and
// recorded. Loopback origins (the simulator, tests) get no delays and at
// least kLoopbackConcurrency transfers at once.
//
// Errors never throw for what a server does: they become captures and
// problems; StoreError propagates. Thread-safety: call from one thread.
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "crawler/site_config.h"
#include "store/store.h"

namespace gapwatch {

struct HttpRequest;
struct HttpResponse;

inline constexpr int kLoopbackConcurrency = 8;

// Called with every HTTP response (robots.txt, retries and redirects
// included) before its capture, if any, is stored; `capture` is that capture
// (its revisit kind set) and `previous` the capture it revisits. Returns where
// the exchange was archived (WARC), or an empty file name. May throw to stop
// the crawl (a full disk).
struct ArchivedAt {
  std::string file;
  long long offset = 0;
  long long length = 0;
  std::string record_id;
};
using ExchangeArchiver =
    std::function<ArchivedAt(const HttpRequest& request, const HttpResponse& response, const std::string& canonical_url,
                             const Capture* capture, const Capture* previous)>;

struct CrawlOptions {
  std::map<std::string, std::string> origin_overrides;  // site -> origin to fetch from instead of base_url
  bool full = false;                                    // walk every list, revalidate every notice
  int max_list_pages = 10000;                           // guard against a list that never ends
  const std::atomic<bool>* stop = nullptr;              // when set: start nothing new, finish what is in flight
  ExchangeArchiver archive;                             // may be empty
  std::ostream* progress = nullptr;                     // a terminal: a live progress line per site
};

struct SiteCrawlResult {
  std::string site;
  long long pages = 0;            // captures stored
  long long errors = 0;           // failed requests (after retries), robots.txt included
  long long robots_refusals = 0;  // pages not fetched because robots.txt forbids them
  long long requests = 0;         // HTTP requests sent: retries, redirects and robots.txt included
  long long retries = 0;
  long long bytes = 0;                          // payload bytes received
  long long not_modified = 0;                   // 304s to a conditional GET
  long long unchanged = 0;                      // 200s with the same payload as before
  long long list_pages = 0;                     // list pages fetched
  std::map<int, long long> requests_by_status;  // 0: no response
  double seconds = 0;
  bool resumed = false;  // continued a cycle an earlier crawl had not finished
  bool finished = true;  // the cycle ended (false: stopped, the frontier keeps the rest)
  bool complete = true;  // every list walked as far as needed and every detail fetched
  std::vector<std::string> problems;
};

// The origin to fetch a canonical URL from: the override for its site, or the
// URL itself. Throws std::invalid_argument for a URL off the site's allowed hosts.
std::string FetchUrlFor(const SiteConfig& site, const std::string& canonical_url,
                        const std::map<std::string, std::string>& origin_overrides);

std::vector<SiteCrawlResult> Crawl(const std::vector<const SiteConfig*>& sites, Store& store, long long run_id,
                                   const CrawlOptions& options, std::ostream& log);

}  // namespace gapwatch
