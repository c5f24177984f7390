#include "crawler/crawl.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "crawler/clock.h"
#include "crawler/fetcher.h"
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
      : site_(site), store_(store), run_id_(run_id), options_(options), log_(log), politeness_(site.politeness) {
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
    try {
      fetch_url = FetchUrlFor(site_, canonical_url, options_.origin_overrides);
    } catch (const std::invalid_argument& refused) {
      capture.error = refused.what();
      capture.captured_at = NowIso8601();
      Problem(capture.error);
      return capture;
    }
    if (politeness_.delay_ms > 0 && pages_fetched_ > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(politeness_.delay_ms));
    }
    FetchResult fetched = fetcher_->Fetch(fetch_url);
    ++pages_fetched_;
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
    if (!options_.full) {
      const auto previous = store_.LatestCapture(site_.name, url);
      if (previous && previous->status == 200 && previous->error.empty()) return;
    }
    FetchAndStore(url, "detail", source.name);
  }

  const SiteConfig& site_;
  Store& store_;
  long long run_id_;
  const CrawlOptions& options_;
  std::ostream& log_;
  Politeness politeness_;
  std::unique_ptr<Fetcher> fetcher_;
  SiteCrawlResult result_;
  long long pages_fetched_ = 0;
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
