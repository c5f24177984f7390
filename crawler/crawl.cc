#include "crawler/crawl.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>

#include "crawler/clock.h"
#include "crawler/host_throttle.h"
#include "crawler/http_client.h"
#include "crawler/robots.h"
#include "parsers/charset.h"
#include "parsers/content_coding.h"
#include "parsers/extractor.h"
#include "parsers/notice_json.h"
#include "parsers/url.h"

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

using Clock = std::chrono::steady_clock;
using Milliseconds = std::chrono::milliseconds;

constexpr char kAcceptEncoding[] = "gzip, deflate, br";

struct Job {
  size_t site = 0;             // index into the engine's sites
  Store::FrontierEntry entry;  // canonical URL and what it is; robots.txt jobs have page ""
  std::string fetch_url;       // where the next request goes (override origin, redirects)
  std::string origin;          // the host key: origin of fetch_url
  int attempts = 0;            // requests made so far
  int redirects = 0;
  Clock::time_point not_before{};   // a retry waits for its backoff
  std::optional<Capture> previous;  // the newest complete capture before this request (no body)
  std::vector<std::pair<std::string, std::string>> validators;  // If-None-Match, If-Modified-Since
  std::set<std::string> secret_headers;                         // sent, but never archived
  bool conditional() const { return !validators.empty(); }
  HttpRequest request;  // as sent, for the archive
  Clock::time_point started{};
  bool robots() const { return entry.page.empty(); }
};

struct Host {
  explicit Host(HostThrottle::Settings settings) : throttle(settings) {}
  HostThrottle throttle;
  enum class Robots { kUnknown, kFetching, kReady } robots_state = Robots::kUnknown;
  RobotsRules rules;
  std::string robots_url;   // canonical, for messages
  std::string unavailable;  // why robots.txt could not be read: everything is refused
  int consecutive_errors = 0;
  int max_consecutive_errors = 0;  // from the politeness of the site that opened the host
  bool down = false;               // gave up for this cycle: its URLs stay in the frontier
  std::deque<Job> queue;
  std::vector<Job> waiting;  // retries before their not_before
};

struct Site {
  const SiteConfig* config = nullptr;
  Politeness politeness;      // loopback-adjusted
  std::string product_token;  // robots.txt groups are matched against it
  std::string origin;         // where requests go: base_url or the override
  SiteCrawlResult result;
  Store::CrawlCycle cycle;
  long long pending = 0;  // jobs queued, waiting or in flight
  Clock::time_point started{};
  const SourceRules* Source(const std::string& name) const {
    for (const SourceRules& source : config->sources) {
      if (source.name == name) return &source;
    }
    return nullptr;
  }
};

// A request head with the values of `names` replaced: headers derived from secrets stay out of the archive.
std::string RedactHeaders(const std::string& head, const std::set<std::string>& names) {
  std::string redacted;
  size_t start = 0;
  while (start < head.size()) {
    size_t end = head.find("\r\n", start);
    end = end == std::string::npos ? head.size() : end + 2;
    std::string line = head.substr(start, end - start);
    const auto colon = line.find(':');
    for (const std::string& name : names) {
      if (colon != std::string::npos && name.size() == colon &&
          std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
          })) {
        line = line.substr(0, colon) + ": <redacted>\r\n";
      }
    }
    redacted += line;
    start = end;
  }
  return redacted;
}

// A host's throttle from its site's politeness, with `min_delay_ms` the least
// delay (the configured one, or robots.txt's larger Crawl-delay).
HostThrottle::Settings ThrottleSettings(const Politeness& politeness, int min_delay_ms) {
  HostThrottle::Settings settings;
  settings.min_delay = Milliseconds(min_delay_ms);
  settings.max_delay = Milliseconds(std::max(politeness.max_delay_ms, min_delay_ms));
  settings.max_retry_after = Milliseconds(1000LL * politeness.max_retry_after_s);
  settings.concurrency = politeness.concurrency;
  return settings;
}

bool Retryable(const HttpResponse& response) {
  return (response.status == 0 && !response.truncated) || response.status == 429 || response.status >= 500;
}

long long UnixNow() { return static_cast<long long>(std::time(nullptr)); }

class Engine {
 public:
  Engine(const std::vector<const SiteConfig*>& sites, Store& store, long long run_id, const CrawlOptions& options,
         std::ostream& log)
      : store_(store), run_id_(run_id), options_(options), log_(log) {
    for (const SiteConfig* config : sites) {
      Site site;
      site.config = config;
      site.politeness = config->politeness;
      const auto override_origin = options.origin_overrides.find(config->name);
      site.origin = override_origin == options.origin_overrides.end() ? config->base_url : override_origin->second;
      const auto parsed = ParseUrl(site.origin);
      // Delays protect real servers; a loopback origin is a simulator or test.
      if (parsed && IsLoopbackHost(parsed->host)) {
        site.politeness.delay_ms = 0;
        site.politeness.concurrency = std::max(site.politeness.concurrency, kLoopbackConcurrency);
      }
      site.product_token = RobotsProductToken(site.politeness.user_agent);
      site.result.site = config->name;
      sites_.push_back(std::move(site));
    }
  }

  std::vector<SiteCrawlResult> Run() {
    for (size_t index = 0; index < sites_.size(); ++index) Begin(index);
    Clock::time_point last_progress{};
    while (true) {
      const bool stopping = options_.stop && options_.stop->load();
      const auto now = Clock::now();
      Clock::time_point wake = now + Milliseconds(1000);
      if (!stopping) StartReady(now, wake);
      if (client_.in_flight() == 0 && (stopping || queued_ == 0)) break;
      const auto wait = std::chrono::duration_cast<Milliseconds>(wake - Clock::now());
      for (auto& [token, response] : client_.Wait(std::max(Milliseconds(0), wait))) {
        auto job = in_flight_.extract(token);
        Handle(std::move(job.mapped()), std::move(response));
      }
      if (options_.progress && Clock::now() - last_progress > Milliseconds(500)) {
        ShowProgress(false);
        last_progress = Clock::now();
      }
    }
    if (options_.progress) ShowProgress(true);
    std::vector<SiteCrawlResult> results;
    for (Site& site : sites_) {
      site.result.finished = site.pending == 0;
      if (site.result.finished) {
        store_.FinishCrawlCycle(site.config->name);
      } else {
        site.result.complete = false;
        site.result.problems.push_back("stopped with " + std::to_string(site.pending) +
                                       " URLs still to fetch; the next crawl resumes them");
      }
      site.result.seconds = std::chrono::duration<double>(Clock::now() - site.started).count();
      results.push_back(std::move(site.result));
    }
    return results;
  }

 private:
  // Opens the site's cycle (or resumes the one a killed crawl left) and queues its frontier.
  void Begin(size_t index) {
    Site& site = sites_[index];
    site.started = Clock::now();
    const std::string& name = site.config->name;
    store_.UpsertSite(name, site.config->base_url);
    if (const auto open = store_.OpenCrawlCycle(name)) {
      site.cycle = *open;
      site.result.resumed = true;
      // The crawls that left the cycle open never got to say how they ended.
      store_.MarkInterruptedRuns("crawl", run_id_, NowIso8601());
      log_ << "gapwatch: " << name << ": resuming the crawl cycle started " << open->started_at
           << (open->full ? " (full)" : "") << "\n";
    } else {
      site.cycle = {run_id_, NowIso8601(), options_.full};
      std::vector<Store::FrontierEntry> seeds;
      for (const SourceRules& source : site.config->sources) {
        seeds.push_back({ListPageUrl(*site.config, source, source.list.first_page), "list", source.name,
                         source.list.first_page, 0});
      }
      store_.BeginCrawlCycle(name, site.cycle, seeds);
    }
    for (Store::FrontierEntry& entry : store_.QueuedFrontier(name)) Queue(index, std::move(entry));
  }

  // Puts a frontier entry in its host's queue; one the site may not fetch is recorded and done.
  void Queue(size_t index, Store::FrontierEntry entry) {
    Site& site = sites_[index];
    Job job;
    job.site = index;
    try {
      job.fetch_url = FetchUrlFor(*site.config, entry.url, options_.origin_overrides);
    } catch (const std::invalid_argument& refused) {
      Problem(site, refused.what());
      store_.RecordFetch(site.config->name, entry.url, nullptr, run_id_, {}, {});
      return;
    }
    job.origin = ParseUrl(job.fetch_url)->Origin();
    job.entry = std::move(entry);
    ++site.pending;
    Enqueue(std::move(job));
  }

  void Enqueue(Job job) {
    Host& host = HostOf(job);
    if (host.down) return;  // the frontier keeps it for the next crawl
    ++queued_;
    if (host.robots_state == Host::Robots::kUnknown) {
      // A host's first request is its robots.txt, which the others wait for.
      host.robots_state = Host::Robots::kFetching;
      Job robots;
      robots.site = job.site;
      robots.origin = job.origin;
      robots.fetch_url = job.origin + "/robots.txt";
      robots.entry.url = ParseUrl(job.entry.url)->Origin() + "/robots.txt";
      host.robots_url = robots.entry.url;
      ++queued_;
      host.queue.push_front(std::move(robots));
    }
    host.queue.push_back(std::move(job));
  }

  Host& HostOf(const Job& job) {
    auto found = hosts_.find(job.origin);
    if (found != hosts_.end()) return found->second;
    const Politeness& politeness = sites_[job.site].politeness;
    Host& host = hosts_.emplace(job.origin, Host(ThrottleSettings(politeness, politeness.delay_ms))).first->second;
    host.max_consecutive_errors = politeness.max_consecutive_errors;
    return host;
  }

  // Starts every request whose host allows it now; lowers `wake` to when the next could start.
  void StartReady(Clock::time_point now, Clock::time_point& wake) {
    for (auto& [origin, host] : hosts_) {
      for (auto waiting = host.waiting.begin(); waiting != host.waiting.end();) {
        if (waiting->not_before <= now) {
          host.queue.push_front(std::move(*waiting));
          waiting = host.waiting.erase(waiting);
        } else {
          wake = std::min(wake, waiting->not_before);
          ++waiting;
        }
      }
      while (!host.queue.empty()) {
        if (!host.queue.front().robots() && host.robots_state != Host::Robots::kReady) break;
        if (!host.throttle.CanStart(now)) {
          if (host.throttle.in_flight() == 0 || now < host.throttle.next_start()) {
            wake = std::min(wake, host.throttle.next_start());
          }
          break;
        }
        Job job = std::move(host.queue.front());
        host.queue.pop_front();
        --queued_;
        if (!job.robots() && !Allowed(host, job)) continue;
        StartJob(host, std::move(job), now);
      }
    }
  }

  bool Allowed(const Host& host, const Job& job) {
    if (host.rules.Allowed(ParseUrl(job.fetch_url)->path_and_query)) return true;
    Site& site = sites_[job.site];
    ++site.result.robots_refusals;
    // Not fetched, so not a capture: nothing was received.
    Problem(site, job.entry.url + ": not fetched: " +
                      (host.unavailable.empty() ? "disallowed by " + host.robots_url +
                                                      "; a notice we may not fetch is a notice we cannot see"
                                                : host.robots_url + " was unavailable (" + host.unavailable +
                                                      "), so nothing on this host is fetched this cycle"));
    store_.RecordFetch(site.config->name, job.entry.url, nullptr, run_id_, {}, {});
    Done(site);
    return false;
  }

  void StartJob(Host& host, Job job, Clock::time_point now) {
    Site& site = sites_[job.site];
    job.request = HttpRequest{};
    job.request.url = job.fetch_url.substr(0, job.fetch_url.find('#'));
    const auto list_request = site.config->list_requests.find(job.entry.source);
    if (job.entry.page == "list" && list_request != site.config->list_requests.end()) {
      // Rendered for every attempt: each gets a fresh nonce and timestamp.
      const SourceRules* source = site.Source(job.entry.source);
      try {
        PreparedRequest prepared = Render(
            list_request->second, job.request.url,
            {{"page", std::to_string(job.entry.list_page)}, {"page_size", std::to_string(source->list.page_size)}});
        job.request = {prepared.method, prepared.url, prepared.headers, prepared.body};
        job.secret_headers = prepared.secret_headers;
      } catch (const std::runtime_error& error) {
        Problem(site, job.entry.url + ": not fetched: " + error.what());
        store_.RecordFetch(site.config->name, job.entry.url, nullptr, run_id_, {}, {});
        Done(site);
        return;
      }
    }
    job.request.headers.emplace_back("Accept-Encoding", kAcceptEncoding);
    if (!job.robots() && job.attempts == 0 && job.redirects == 0) {
      job.previous = store_.LatestCompleteCapture(site.config->name, job.entry.url);
      if (job.previous) {
        const std::string headers = store_.LatestOkHeaders(site.config->name, job.entry.url).value_or("");
        if (const auto etag = HeaderValue(headers, "ETag"); !etag.empty())
          job.validators.emplace_back("If-None-Match", etag);
        if (const auto modified = HeaderValue(headers, "Last-Modified"); !modified.empty()) {
          job.validators.emplace_back("If-Modified-Since", modified);
        }
      }
    }
    // Retries and redirects ask the same question as the first attempt.
    for (const auto& validator : job.validators) job.request.headers.push_back(validator);
    TransferLimits limits{site.politeness.timeout_s, site.politeness.connect_timeout_s, site.politeness.max_body_bytes,
                          site.politeness.user_agent};
    host.throttle.Started(now);
    ++job.attempts;
    job.started = now;
    const long long token = ++next_token_;
    client_.Start(token, job.request, limits);
    in_flight_.emplace(token, std::move(job));
  }

  void Handle(Job job, HttpResponse response) {
    Site& site = sites_[job.site];
    Host& host = HostOf(job);
    const auto now = Clock::now();
    ++site.result.requests;
    ++site.result.requests_by_status[response.status];
    site.result.bytes += static_cast<long long>(response.body.size());
    const bool failed = Retryable(response);
    std::optional<Milliseconds> retry_after;
    if (response.status == 429 || response.status == 503) {
      retry_after = ParseRetryAfter(HeaderValue(response.headers, "Retry-After"), UnixNow());
    }
    host.throttle.Finished(now, std::chrono::duration_cast<Milliseconds>(now - job.started),
                           failed ? HostThrottle::Outcome::kError : HostThrottle::Outcome::kResponse, retry_after);
    // A 429 says "slower", which Retry-After handles; it neither proves the host down nor up.
    if (!failed) {
      host.consecutive_errors = 0;
    } else if (response.status != 429 && ++host.consecutive_errors == host.max_consecutive_errors) {
      GiveUp(host, job, response);
    }
    if (failed && job.attempts <= site.politeness.retries) {
      Archive(job, response, nullptr);
      if (host.down) return;  // not retried now: the frontier keeps it for the next crawl
      ++site.result.retries;
      // Exponential backoff per URL, besides the host's (which the other URLs' successes relax).
      Milliseconds backoff = HostThrottle::kErrorBackoffFloor * (1 << std::min(job.attempts - 1, 8));
      if (retry_after) {
        backoff = std::max(backoff, std::min(*retry_after, Milliseconds(1000LL * site.politeness.max_retry_after_s)));
      }
      job.not_before = now + backoff;
      ++queued_;
      host.waiting.push_back(std::move(job));
      return;
    }
    if (job.robots()) return RobotsReceived(host, site, job, response);
    if (response.status >= 300 && response.status < 400 && response.status != 304 && Redirect(job, response)) {
      return;
    }
    Received(job, response);
  }

  // Follows a redirect within the site's allowed hosts; false when it is refused (the caller records it).
  bool Redirect(Job& job, HttpResponse& response) {
    Site& site = sites_[job.site];
    const std::string location = HeaderValue(response.headers, "Location");
    const auto fetched = ParseUrl(job.fetch_url);
    const auto target = location.empty() ? std::nullopt : ResolveReference(*fetched, location);
    std::string refusal;
    if (!target) {
      refusal = location.empty() ? "no Location" : "Location '" + location + "' is not an http or https URL";
    } else if (job.redirects >= site.politeness.max_redirects) {
      refusal = "more than max_redirects (" + std::to_string(site.politeness.max_redirects) + ")";
    } else {
      // A redirect on the origin fetched from stays on it; elsewhere, only the site's allowed hosts.
      std::string canonical_target = target->Origin() == fetched->Origin()
                                         ? ParseUrl(job.entry.url)->Origin() + target->path_and_query
                                         : target->Origin() + target->path_and_query;
      try {
        const std::string next = FetchUrlFor(*site.config, canonical_target, options_.origin_overrides);
        Archive(job, response, nullptr);
        ++job.redirects;
        job.fetch_url = next;
        job.origin = ParseUrl(next)->Origin();
        job.attempts = 0;
        Enqueue(std::move(job));
        return true;
      } catch (const std::invalid_argument&) {
        refusal = "host '" + target->host + "' is not among the allowed hosts of site '" + site.config->name + "'";
      }
    }
    response.error = "HTTP " + std::to_string(response.status) + " redirect" +
                     (location.empty() ? "" : " to " + location) + " refused: " + refusal;
    return false;
  }

  void RobotsReceived(Host& host, Site& site, const Job& job, const HttpResponse& response) {
    Archive(job, response, nullptr);
    std::string outcome;
    if (response.status >= 200 && response.status < 300 && response.error.empty()) {
      std::string body = response.body;
      try {
        body = DecodeContent(response.body, HeaderValue(response.headers, "Content-Encoding"));
      } catch (const ContentCodingError&) {
      }
      host.rules = RobotsRules::Parse(body, site.product_token);
      outcome = "HTTP " + std::to_string(response.status) + ", " + std::to_string(body.size()) + " bytes";
      if (const auto crawl_delay = host.rules.crawl_delay_ms()) {
        outcome += ", crawl-delay " + std::to_string(*crawl_delay) + " ms";
        // Crawl-delay may slow us down, never speed us up; loopback has no delays at all.
        if (!IsLoopbackHost(ParseUrl(job.origin)->host) && *crawl_delay > site.politeness.delay_ms) {
          host.throttle = HostThrottle(ThrottleSettings(site.politeness, *crawl_delay));
        }
      }
    } else if (response.status == 0 || response.status == 429 || response.status >= 500) {
      host.rules = RobotsRules::DisallowAll();
      host.unavailable = response.error.empty() ? "HTTP " + std::to_string(response.status) : response.error;
      ++site.result.errors;
      Problem(site, host.robots_url + ": " + host.unavailable +
                        ": robots.txt unavailable, so nothing on this host is fetched this cycle (RFC 9309 §2.3.1.4)");
    } else {
      // 4xx, or a redirect we do not follow (RFC 9309 §2.3.1.2 lets a crawler give up on those).
      outcome = "HTTP " + std::to_string(response.status) + ", everything allowed";
    }
    if (!outcome.empty())
      log_ << "gapwatch: " << site.config->name << ": " << host.robots_url << ": " << outcome << "\n";
    host.robots_state = Host::Robots::kReady;
  }

  // A final response (or failure) for a frontier entry: store it and what it leads to.
  void Received(Job& job, HttpResponse& response) {
    Site& site = sites_[job.site];
    Capture capture;
    capture.site = site.config->name;
    capture.url = job.entry.url;
    capture.page = job.entry.page;
    capture.source = job.entry.source;
    capture.captured_at = NowIso8601();
    capture.status = response.status;
    capture.headers = response.headers;
    capture.content_type = response.content_type;
    capture.content_encoding = HeaderValue(capture.headers, "Content-Encoding");
    capture.attempts = job.attempts;
    capture.truncated = response.truncated;
    std::string error = response.error;
    if (error.empty() && response.status == 304) {
      if (job.conditional() && job.previous) {
        capture.revisit = "server-not-modified";
        capture.sha256 = job.previous->sha256;
        capture.content_type = job.previous->content_type;
        capture.content_encoding = job.previous->content_encoding;
      } else {
        error = "HTTP 304 Not Modified to a request without validators";
      }
    } else if (error.empty() && response.status >= 300 && response.status < 400) {
      error = "HTTP " + std::to_string(response.status) + " redirect not followed";
    } else if (error.empty() && response.status >= 400) {
      error = "HTTP " + std::to_string(response.status);
    }
    if (response.status != 0 && response.status != 304) {
      capture.sha256 = Sha256Hex(response.body);
      capture.body = response.body;
    }
    if (!error.empty()) capture.error = capture.url + ": " + error;
    if (capture.Complete() && capture.revisit.empty() && job.previous && job.previous->sha256 == capture.sha256) {
      capture.revisit = "identical-payload-digest";
    }
    if (capture.revisit == "server-not-modified") ++site.result.not_modified;
    if (capture.revisit == "identical-payload-digest") ++site.result.unchanged;
    const ArchivedAt archived = Archive(job, response, &capture);
    capture.warc_file = archived.file;
    capture.warc_offset = archived.offset;
    capture.warc_length = archived.length;
    capture.warc_record_id = archived.record_id;
    ++site.result.pages;
    if (!capture.error.empty()) {
      ++site.result.errors;
      Problem(site, capture.error);
    }
    std::vector<Store::FrontierEntry> discovered;
    std::vector<Store::ListedItem> listed;
    if (capture.page == "list") {
      ++site.result.list_pages;
      if (capture.Complete()) ReadList(job, capture, discovered, listed);
    } else if (capture.page == "lookup" && capture.Complete()) {
      try {
        discovered.push_back({ResolveLookup(capture.url, Payload(job, capture)), "detail", capture.source, 0, 0});
      } catch (const std::exception& error) {
        Problem(site, error.what());
      }
    }
    const auto recorded = store_.RecordFetch(site.config->name, capture.url, &capture, run_id_, discovered, listed);
    for (const Store::FrontierEntry& entry : recorded.queued) Queue(job.site, entry);
    Done(site);
  }

  // What a list page leads to: the details to fetch and the next page, unless the walk stops here.
  void ReadList(const Job& job, const Capture& capture, std::vector<Store::FrontierEntry>& discovered,
                std::vector<Store::ListedItem>& listed) {
    Site& site = sites_[job.site];
    const SourceRules* source = site.Source(capture.source);
    if (!source) return;  // the source left sites.yaml since the cycle began
    ListPage list;
    try {
      list = ExtractListPage(*source, site.config->name, site.config->base_url, capture.url, Payload(job, capture));
    } catch (const std::exception& error) {
      // The rest of this list cannot be reached.
      Problem(site, error.what());
      return;
    }
    int streak = job.entry.known_streak;
    for (const ListItem& item : list.items) {
      const std::string fingerprint = Sha256Hex(NoticeToJson(item.notice).dump());
      listed.push_back({item.detail_url, source->name, fingerprint});
      const bool known =
          store_.ListItemFingerprint(site.config->name, item.detail_url) == fingerprint && Captured(site, item);
      streak = known ? streak + 1 : 0;
      if (!known || site.cycle.full) {
        discovered.push_back({item.detail_url, item.lookup ? "lookup" : "detail", source->name, 0, 0});
      }
    }
    const int page = job.entry.list_page;
    // Without a page-size parameter, pages are taken to be as long as this one.
    const long long page_length =
        source->list.page_size > 0 ? source->list.page_size : static_cast<long long>(list.items.size());
    const long long seen = (page - source->list.first_page) * page_length + static_cast<long long>(list.items.size());
    const bool ended = list.items.empty() || (list.total && seen >= *list.total) ||
                       (list.total_pages && page - source->list.first_page + 1 >= *list.total_pages) ||
                       (source->list.page_size > 0 && static_cast<int>(list.items.size()) < source->list.page_size);
    if (ended) return;
    if (!site.cycle.full && streak >= source->list.stop_after_known) return;
    if (page + 1 >= source->list.first_page + options_.max_list_pages) {
      Problem(site, "list of source '" + source->name + "' did not end within " +
                        std::to_string(options_.max_list_pages) + " pages");
      return;
    }
    discovered.push_back({ListPageUrl(*site.config, *source, page + 1), "list", source->name, page + 1, streak});
  }

  // A payload as the site's rules read it: content coding undone, decoded to UTF-8.
  static std::string Text(const Site& site, const std::string& payload, const Capture& capture) {
    return DecodeToUtf8(DecodeContent(payload, capture.content_encoding), capture.content_type, site.config->charset)
        .text;
  }

  // A complete capture's text (a 304's is the earlier capture's payload).
  std::string Payload(const Job& job, const Capture& capture) {
    if (capture.revisit != "server-not-modified") return Text(sites_[job.site], capture.body, capture);
    return Text(sites_[job.site], store_.CaptureById(job.previous->id)->body, capture);
  }

  // Whether an item's detail was captured complete (through its lookup, for a lookup item).
  bool Captured(const Site& site, const ListItem& item) {
    const std::string& name = site.config->name;
    if (!item.lookup) return store_.HasCompleteCapture(name, item.detail_url);
    const auto lookup = store_.LatestCompleteCapture(name, item.detail_url, true);
    if (!lookup) return false;
    try {
      return store_.HasCompleteCapture(name, ResolveLookup(item.detail_url, Text(site, lookup->body, *lookup)));
    } catch (const std::exception&) {
      return false;  // fetch it again: the problem is reported then
    }
  }

  // Backing off a host that answers nothing would wait out max_delay_ms for
  // each URL left (hours for a site that is down); its URLs wait in the
  // frontier for the next crawl instead, and its sites are unfinished.
  void GiveUp(Host& host, const Job& last, const HttpResponse& response) {
    host.down = true;
    std::set<size_t> sites = {last.site};
    for (const Job& job : host.queue) sites.insert(job.site);
    for (const Job& job : host.waiting) sites.insert(job.site);
    queued_ -= static_cast<long long>(host.queue.size() + host.waiting.size());
    host.queue.clear();
    host.waiting.clear();
    const std::string why = response.status == 0 ? response.error : "HTTP " + std::to_string(response.status);
    for (const size_t index : sites) {
      Problem(sites_[index], ParseUrl(last.entry.url)->Origin() + ": " + std::to_string(host.consecutive_errors) +
                                 " requests in a row failed (the last: " + why +
                                 "); taken as down for this crawl, its other URLs wait for the next one");
    }
  }

  ArchivedAt Archive(const Job& job, const HttpResponse& response, const Capture* capture) {
    if (!options_.archive || response.status == 0) return {};  // nothing was received
    const Capture* previous = job.previous ? &*job.previous : nullptr;
    if (job.secret_headers.empty()) return options_.archive(job.request, response, job.entry.url, capture, previous);
    HttpResponse redacted = response;
    redacted.request_head = RedactHeaders(response.request_head, job.secret_headers);
    return options_.archive(job.request, redacted, job.entry.url, capture, previous);
  }

  void Done(Site& site) { --site.pending; }

  void Problem(Site& site, const std::string& message) {
    site.result.complete = false;
    site.result.problems.push_back(message);
    log_ << "gapwatch: " << site.config->name << ": " << message << "\n";
  }

  void ShowProgress(bool last) {
    std::ostream& out = *options_.progress;
    if (progress_lines_ > 0) out << "\033[" << progress_lines_ << "F";
    for (const Site& site : sites_) {
      const double seconds = std::max(1e-3, std::chrono::duration<double>(Clock::now() - site.started).count());
      out << "\033[2K" << site.config->name << ": " << site.result.pages << " fetched, " << site.pending << " to go, "
          << site.result.errors << " errors, " << static_cast<long long>(site.result.requests / seconds) << " req/s\n";
    }
    progress_lines_ = last ? 0 : static_cast<int>(sites_.size());
    out.flush();
  }

  Store& store_;
  long long run_id_;
  const CrawlOptions& options_;
  std::ostream& log_;
  HttpClient client_;
  std::vector<Site> sites_;
  std::map<std::string, Host> hosts_;  // by origin fetched from
  std::map<long long, Job> in_flight_;
  long long next_token_ = 0;
  long long queued_ = 0;  // jobs in host queues and waiting lists
  int progress_lines_ = 0;
};

}  // namespace

std::vector<SiteCrawlResult> Crawl(const std::vector<const SiteConfig*>& sites, Store& store, long long run_id,
                                   const CrawlOptions& options, std::ostream& log) {
  return Engine(sites, store, run_id, options, log).Run();
}

}  // namespace gapwatch
