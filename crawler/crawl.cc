#include "crawler/crawl.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <thread>

#include "crawler/clock.h"
#include "crawler/fetcher.h"
#include "crawler/robots.h"
#include "crawler/url.h"
#include "parsers/extractor.h"

namespace gapwatch {

std::string FetchUrlFor(const SiteConfig& site, const std::string& canonical_url,
                        const std::map<std::string, std::string>& origin_overrides) {
  const auto url = ParseUrl(canonical_url);
  if (!url) throw std::invalid_argument(canonical_url + ": not an http or https URL");
  if (std::find(site.allowed_hosts.begin(), site.allowed_hosts.end(), url->host) == site.allowed_hosts.end()) {
    throw std::invalid_argument(canonical_url + ": host '" + url->host + "' is not among the allowed hosts of site '" +
                                site.name + "'");
  }
  const auto override_origin = origin_overrides.find(site.name);
  if (override_origin == origin_overrides.end()) return canonical_url;
  return override_origin->second + url->path_and_query;
}

namespace {

class SiteCrawler {
 public:
  SiteCrawler(const SiteConfig& site, Store& store, long long run_id, const CrawlOptions& options, std::ostream& log)
      : site_(site),
        store_(store),
        run_id_(run_id),
        options_(options),
        log_(log),
        politeness_(site.politeness),
        product_token_(RobotsProductToken(site.politeness.user_agent)) {
    const auto override_origin = options.origin_overrides.find(site.name);
    const std::string origin =
        override_origin == options.origin_overrides.end() ? site.base_url : override_origin->second;
    const auto parsed = ParseUrl(origin);
    // Delays protect real servers; a loopback origin is a simulator or test.
    if (parsed && IsLoopbackHost(parsed->host)) politeness_.delay_ms = 0;
    fetcher_ = std::make_unique<Fetcher>(politeness_);
    result_.site = site.name;
  }

  SiteCrawlResult Run() {
    for (const SourceRules& source : site_.sources) WalkSource(source);
    return result_;
  }

 private:
  // Fetches and records one URL; returns the capture (status 0 when no response).
  Capture FetchAndStore(const std::string& canonical_url, const std::string& page, const std::string& source) {
    Capture capture;
    capture.site = site_.name;
    capture.url = canonical_url;
    capture.page = page;
    capture.source = source;
    std::string fetch_url;
    std::optional<Url> canonical, fetched_from;
    try {
      fetch_url = FetchUrlFor(site_, canonical_url, options_.origin_overrides);
      canonical = ParseUrl(canonical_url);
      fetched_from = ParseUrl(fetch_url);
      if (!fetched_from) throw std::invalid_argument(fetch_url + ": not an http or https URL");
    } catch (const std::invalid_argument& refused) {
      capture.error = refused.what();
      capture.captured_at = NowIso8601();
      Problem(capture.error);
      return capture;
    }
    const HostRobots& robots = RobotsFor(*canonical, *fetched_from);
    if (!robots.rules.Allowed(canonical->path_and_query)) {
      // Not fetched, so not a capture: nothing was received.
      ++result_.robots_refusals;
      capture.error = canonical_url + ": not fetched: " +
                      (robots.unavailable.empty() ? "disallowed by " + robots.robots_url +
                                                        "; a notice we may not fetch is a notice we cannot see"
                                                  : robots.robots_url + " was unavailable (" + robots.unavailable +
                                                        "), so nothing on this host is fetched this cycle");
      Problem(capture.error);
      return capture;
    }
    FetchResult fetched = FetchPolitely(*fetched_from, fetch_url);
    capture.captured_at = NowIso8601();
    capture.status = fetched.status;
    capture.headers = std::move(fetched.headers);
    capture.content_type = std::move(fetched.content_type);
    // The canonical URL: the override origin is an implementation detail.
    if (!fetched.error.empty()) capture.error = canonical_url + ": " + fetched.error;
    if (fetched.status != 0) {
      capture.sha256 = Sha256Hex(fetched.body);
      capture.body = std::move(fetched.body);
    }
    capture.id = store_.AddCapture(capture, run_id_);
    ++result_.pages;
    if (!capture.error.empty()) {
      ++result_.errors;
      Problem(capture.error);
    }
    return capture;
  }

  struct HostRobots {
    std::string robots_url;  // canonical, for messages
    RobotsRules rules;
    std::string unavailable;  // why robots.txt could not be read ("" when it could): everything is refused
  };

  // The robots.txt of the host `fetched_from` is on, fetched on first use and
  // kept for the rest of the cycle (RFC 9309 §2.3.1: 4xx allows all; 5xx, 429
  // or no response disallows all). Not stored: captures hold list and detail pages.
  const HostRobots& RobotsFor(const Url& canonical, const Url& fetched_from) {
    const std::string origin = fetched_from.Origin();
    const auto known = robots_by_origin_.find(origin);
    if (known != robots_by_origin_.end()) return known->second;
    HostRobots robots;
    robots.robots_url = canonical.Origin() + "/robots.txt";
    const FetchResult fetched = FetchPolitely(fetched_from, origin + "/robots.txt");
    std::string outcome;
    if (fetched.status >= 200 && fetched.status < 300) {
      // A body cut at max_body_bytes still has its first kMaxRobotsBytes.
      robots.rules = RobotsRules::Parse(fetched.body, product_token_);
      outcome = "HTTP " + std::to_string(fetched.status) + ", " + std::to_string(fetched.body.size()) + " bytes";
      if (robots.rules.crawl_delay_ms()) {
        outcome += ", crawl-delay " + std::to_string(*robots.rules.crawl_delay_ms()) + " ms";
      }
    } else if (fetched.status == 0 || fetched.status == 429 || fetched.status >= 500) {
      robots.rules = RobotsRules::DisallowAll();
      robots.unavailable = fetched.error;
      ++result_.errors;
      Problem(robots.robots_url + ": " + fetched.error +
              ": robots.txt unavailable, so nothing on this host is fetched this cycle (RFC 9309 §2.3.1.4)");
    } else {
      // 4xx, or a redirect we do not follow (RFC 9309 §2.3.1.2 lets a crawler give up on those).
      outcome = fetched.error + ", everything allowed";
    }
    if (!outcome.empty()) log_ << "gapwatch: " << site_.name << ": " << robots.robots_url << ": " << outcome << "\n";
    const int crawl_delay_ms = robots.rules.crawl_delay_ms().value_or(0);
    // Crawl-delay may slow us down, never speed us up; loopback has no delays at all.
    delay_ms_by_origin_[origin] =
        IsLoopbackHost(fetched_from.host) ? 0 : std::max(site_.politeness.delay_ms, crawl_delay_ms);
    return robots_by_origin_.emplace(origin, std::move(robots)).first->second;
  }

  // Fetches after the host's delay has passed since its previous response.
  FetchResult FetchPolitely(const Url& fetched_from, const std::string& fetch_url) {
    const std::string origin = fetched_from.Origin();
    const auto previous = last_response_at_.find(origin);
    // A host's first request is its robots.txt, which sets its delay before any second one.
    if (previous != last_response_at_.end()) {
      std::this_thread::sleep_until(previous->second + std::chrono::milliseconds(delay_ms_by_origin_.at(origin)));
    }
    FetchResult fetched = fetcher_->Fetch(fetch_url);
    last_response_at_[origin] = std::chrono::steady_clock::now();
    return fetched;
  }

  void Problem(const std::string& message) {
    result_.complete = false;
    result_.problems.push_back(message);
    log_ << "gapwatch: " << site_.name << ": " << message << "\n";
  }

  std::string ListUrl(const SourceRules& source, int page) const {
    std::map<std::string, std::string> query = source.list.query;
    query[source.list.page_param] = std::to_string(page);
    if (!source.list.page_size_param.empty()) {
      query[source.list.page_size_param] = std::to_string(source.list.page_size);
    }
    const bool absolute = source.list.url.rfind("http", 0) == 0;
    return (absolute ? "" : site_.base_url) + source.list.url + "?" + QueryString(query);
  }

  void WalkSource(const SourceRules& source) {
    long long seen = 0;
    for (int page = source.list.first_page; page < source.list.first_page + options_.max_list_pages; ++page) {
      const std::string url = ListUrl(source, page);
      const Capture capture = FetchAndStore(url, "list", source.name);
      if (!capture.error.empty()) return;  // the rest of this list cannot be reached
      ListPage list;
      try {
        list = ExtractListPage(source, site_.name, site_.base_url, url, capture.body);
      } catch (const ExtractError& error) {
        Problem(error.what());
        return;
      }
      for (const ListItem& item : list.items) FetchDetail(source, item.detail_url);
      seen += static_cast<long long>(list.items.size());
      if (list.items.empty()) return;
      if (list.total && seen >= *list.total) return;
      if (source.list.page_size > 0 && static_cast<int>(list.items.size()) < source.list.page_size) return;
    }
    Problem("list of source '" + source.name + "' did not end within " + std::to_string(options_.max_list_pages) +
            " pages");
  }

  void FetchDetail(const SourceRules& source, const std::string& url) {
    if (!options_.full && store_.HasCompleteCapture(site_.name, url)) return;
    FetchAndStore(url, "detail", source.name);
  }

  const SiteConfig& site_;
  Store& store_;
  long long run_id_;
  const CrawlOptions& options_;
  std::ostream& log_;
  Politeness politeness_;
  std::string product_token_;  // robots.txt groups are matched against it
  std::unique_ptr<Fetcher> fetcher_;
  SiteCrawlResult result_;
  // Per origin fetched from (the override origin when there is one): what the server there sees of us.
  std::map<std::string, HostRobots> robots_by_origin_;
  std::map<std::string, int> delay_ms_by_origin_;
  std::map<std::string, std::chrono::steady_clock::time_point> last_response_at_;
};

}  // namespace

std::vector<SiteCrawlResult> Crawl(const std::vector<const SiteConfig*>& sites, Store& store, long long run_id,
                                   const CrawlOptions& options, std::ostream& log) {
  std::vector<SiteCrawlResult> results;
  for (const SiteConfig* site : sites) {
    store.UpsertSite(site->name, site->base_url);
    results.push_back(SiteCrawler(*site, store, run_id, options, log).Run());
  }
  return results;
}

}  // namespace gapwatch
