#include "cli/stages.h"

#include <fcntl.h>
#include <malloc.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "cli/check_reach.h"
#include "crawler/clock.h"
#include "crawler/crawl.h"
#include "crawler/http_client.h"
#include "crawler/warc.h"
#include "data/embedded.h"
#include "monitor/alert_delivery.h"
#include "monitor/check_support.h"
#include "monitor/checker.h"
#include "monitor/feeds.h"
#include "monitor/kept_grouping.h"
#include "monitor/matcher.h"
#include "monitor/ocds.h"
#include "monitor/recheck.h"
#include "monitor/report.h"
#include "monitor/scorecard.h"
#include "parsers/charset.h"
#include "parsers/content_coding.h"
#include "parsers/extractor.h"
#include "parsers/url.h"
#include "store/store.h"
#include "store/writeback.h"

namespace gapwatch {

Cycle::Cycle(CycleOptions options, std::ostream& out, std::ostream& err)
    : options_(std::move(options)), out_(out), err_(err) {
  config_ = options_.config_path.empty() ? LoadSitesConfig(std::string(embedded::sites_yaml()), "sites.yaml (built in)")
                                         : LoadSitesConfigFile(options_.config_path);
  if (!options_.alerts_path.empty()) alerts_ = LoadAlertsConfig(options_.alerts_path);
  as_of_given_ = !options_.as_of.empty();
  if (!as_of_given_) options_.as_of = TodayInShanghai();
  if (!Date::Parse(options_.as_of) || options_.as_of.size() != 10) {
    throw UsageError("--as-of: expected a date YYYY-MM-DD, got '" + options_.as_of + "'");
  }
  for (const std::string& override_text : options_.site_overrides) {
    const auto equals = override_text.find('=');
    const std::string name = override_text.substr(0, equals);
    if (equals == std::string::npos || !config_.Find(name)) {
      throw UsageError("--site: expected NAME=BASE_URL with NAME a site of " + config_.file + ", got '" +
                       override_text + "'");
    }
    const auto url = ParseUrl(override_text.substr(equals + 1));
    if (!url || !(url->path_and_query.empty() || url->path_and_query == "/")) {
      throw UsageError("--site " + name + ": expected a base URL like http://127.0.0.1:8080, got '" +
                       override_text.substr(equals + 1) + "'");
    }
    overrides_[name] = url->Origin();
  }
}

std::vector<const SiteConfig*> Cycle::SelectedSites() const {
  std::vector<const SiteConfig*> sites;
  for (const SiteConfig& site : config_.sites) {
    if (overrides_.empty() || overrides_.count(site.name)) sites.push_back(&site);
  }
  return sites;
}

namespace {

// Archives each exchange in `warc` (ARCHITECTURE.md "Evidence"), fsyncing at most once a second.
ExchangeArchiver WarcArchiver(WarcWriter& warc) {
  auto last_flush = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  return [&warc, last_flush](const HttpRequest& request, const HttpResponse& response, const std::string& canonical_url,
                             const Capture* capture, const Capture* previous) {
    WarcExchange exchange;
    exchange.target_uri = canonical_url;
    exchange.request_head = response.request_head;
    exchange.request_body = request.body;
    exchange.response_head = response.headers;
    exchange.payload = response.body;
    exchange.date = capture ? capture->captured_at : NowIso8601();
    exchange.ip_address = response.remote_ip;
    if (response.truncated) exchange.truncated = "length";
    WarcLocation location;
    if (capture && !capture->revisit.empty() && previous) {
      WarcRevisit revisit;
      revisit.profile =
          capture->revisit == "server-not-modified" ? kRevisitServerNotModified : kRevisitIdenticalPayloadDigest;
      revisit.refers_to_target_uri = previous->url;
      revisit.refers_to_date = previous->captured_at;
      revisit.refers_to_record_id = previous->warc_record_id;
      revisit.payload_sha256 = previous->sha256;
      location = warc.WriteRevisit(exchange, revisit);
    } else {
      location = warc.WriteResponse(exchange);
    }
    if (std::chrono::steady_clock::now() - *last_flush > std::chrono::seconds(1)) {
      warc.Flush();
      *last_flush = std::chrono::steady_clock::now();
    }
    return ArchivedAt{location.file, location.offset, location.length, location.record_id};
  };
}

// How well a site's rules read it this time (issue: "extractor health").
struct ExtractorHealth {
  long long list_pages = 0;
  long long items = 0;
  std::map<std::string, std::pair<long long, long long>> required;  // field -> (details requiring it, having it)

  void Count(const SourceRules& source, const Notice& notice) {
    const auto fields = source.required.find(notice.kind);
    if (fields == source.required.end()) return;
    for (const std::string& field : fields->second) {
      auto& [requiring, having] = required[field];
      ++requiring;
      if (std::find(notice.fields_missing.begin(), notice.fields_missing.end(), field) == notice.fields_missing.end()) {
        ++having;
      }
    }
  }

  nlohmann::json ToJson() const {
    nlohmann::json shares = nlohmann::json::object();
    for (const auto& [field, counts] : required) {
      shares[field] = counts.first == 0 ? 1.0 : static_cast<double>(counts.second) / static_cast<double>(counts.first);
    }
    return {{"list_pages", list_pages},
            {"items_per_list_page", list_pages == 0 ? 0.0 : static_cast<double>(items) / list_pages},
            {"required_present", shares}};
  }
};

// Why the rules seem no longer to fit the site ("" when they do): list pages
// that yield nothing, or a required field that most details had last time and
// most lack now. A site that changed its pages shows up here before anywhere else.
std::string ExtractorStale(const nlohmann::json& before, const nlohmann::json& now) {
  if (now.value("list_pages", 0LL) > 0 && now.value("items_per_list_page", 0.0) == 0.0) {
    return "its list pages yield no items";
  }
  std::string reasons;
  const auto previous = before.value("required_present", nlohmann::json::object());
  const auto current = now.value("required_present", nlohmann::json::object());
  for (auto entry = current.begin(); entry != current.end(); ++entry) {
    const double was = previous.value(entry.key(), -1.0);
    const double share = entry.value().get<double>();
    if (was >= 0.8 && share < 0.5) {
      reasons += (reasons.empty() ? "" : "; ") + std::string("required field '") + entry.key() + "' found in " +
                 std::to_string(static_cast<int>(share * 100)) + "% of details, " +
                 std::to_string(static_cast<int>(was * 100)) + "% last time";
    }
  }
  return reasons;
}

nlohmann::json ResultJson(const SiteCrawlResult& result) {
  nlohmann::json by_status = nlohmann::json::object();
  for (const auto& [status, count] : result.requests_by_status) by_status[std::to_string(status)] = count;
  return {{"name", result.site},
          {"pages", result.pages},
          {"list_pages", result.list_pages},
          {"requests", result.requests},
          {"requests_by_status", by_status},
          {"retries", result.retries},
          {"bytes", result.bytes},
          {"not_modified", result.not_modified},
          {"unchanged", result.unchanged},
          {"errors", result.errors},
          {"robots_refusals", result.robots_refusals},
          {"seconds", result.seconds},
          {"resumed", result.resumed},
          {"finished", result.finished},
          {"complete", result.complete},
          {"problems", result.problems}};
}

}  // namespace

std::string Cycle::WarcDirectory() const {
  return (std::filesystem::absolute(options_.db_path).parent_path() / "warc").string();
}

int Cycle::Crawl() {
  std::vector<SiteCrawlResult> results;
  return CrawlSites(SelectedSites(), options_.full, results);
}

int Cycle::CrawlSites(const std::vector<const SiteConfig*>& sites, bool full, std::vector<SiteCrawlResult>& results) {
  Store store(options_.db_path);
  WarcWriter warc(WarcDirectory(), config_.warc_max_file_bytes, std::string("gapwatch/") + GAPWATCH_VERSION,
                  WarcInfo{"https://github.com/gapwatch/gapwatch", kDefaultUserAgent, "obey",
                           "gapwatch: third-party monitor of public-resource disclosure in Shaoguan"});
  for (const std::string& message : warc.recovery_messages()) err_ << "gapwatch: " << message << "\n";
  const long long started_at = UnixSecondsNow();
  const long long run_id = store.BeginRun("crawl", options_.as_of, NowIso8601());
  CrawlOptions crawl_options;
  crawl_options.archive = WarcArchiver(warc);
  crawl_options.origin_overrides = overrides_;
  crawl_options.full = full;
  crawl_options.stop = options_.stop;
  if (isatty(STDERR_FILENO)) crawl_options.progress = &err_;
  results = gapwatch::Crawl(sites, store, run_id, crawl_options, err_);
  warc.Flush();
  bool complete = true;
  nlohmann::json summary = {{"sites", nlohmann::json::array()}};
  for (const SiteCrawlResult& result : results) {
    complete = complete && result.complete;
    summary["sites"].push_back(ResultJson(result));
    out_ << "crawl: " << result.site << ": " << result.pages << " pages (" << result.list_pages << " list, "
         << result.not_modified + result.unchanged << " unchanged), " << result.requests << " requests ("
         << result.retries << " retries), " << result.errors << " errors, " << result.robots_refusals
         << " refused by robots.txt, " << static_cast<long long>(result.seconds * 1000) / 1000.0 << " s"
         << (result.resumed ? ", resumed" : "") << (result.finished ? "" : ", stopped")
         << (result.complete ? "" : " (incomplete)") << "\n";
  }
  store.FinishRun(run_id, NowIso8601(), complete ? "done" : "incomplete", complete, summary.dump());
  for (const SiteCrawlResult& result : results) {
    // Only a walk this run made whole proves a notice gone from every list (a
    // resumed cycle's first pages were read by an earlier run).
    if (full && result.finished && result.complete && !result.resumed) store.RecordFullWalk(result.site, run_id);
  }
  UpdateHealth(store, results, started_at, full);
  return complete ? 0 : 3;
}

void Cycle::UpdateHealth(Store& store, const std::vector<SiteCrawlResult>& results, long long started_at, bool full) {
  for (const SiteCrawlResult& result : results) {
    const SiteConfig* site = config_.Find(result.site);
    Store::SiteHealth health = store.LoadSiteHealth(result.site);
    health.last_result = ResultJson(result).dump();
    if (!result.finished) {
      store.SaveSiteHealth(result.site, health);  // stopped by a signal: neither a success nor a failure
      continue;
    }
    health.last_crawl_at = started_at;
    if (full) health.last_full_at = started_at;
    if (result.complete) {
      if (!health.unhealthy_since.empty()) {
        out_ << "health: " << result.site << ": recovered (unhealthy since " << health.unhealthy_since << ")\n";
        health.recovered_from = health.unhealthy_since;
        health.recovered_at = NowIso8601();
      }
      health.consecutive_failures = 0;
      health.unhealthy_since.clear();
    } else if (++health.consecutive_failures >= site->unhealthy_after && health.unhealthy_since.empty()) {
      health.unhealthy_since = NowIso8601();
      // Said once, when it turns: a site down for a week is one event, not 28.
      out_ << "health: " << result.site << ": unhealthy: " << health.consecutive_failures
           << " incomplete crawls in a row\n";
    }
    store.SaveSiteHealth(result.site, health);
  }
}

int Cycle::Daemon() {
  const std::string lock_path = options_.db_path + ".daemon.lock";
  const int lock = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock < 0 || ::flock(lock, LOCK_EX | LOCK_NB) != 0) {
    throw UsageError("another gapwatch daemon is using " + options_.db_path + " (lock " + lock_path + " is held)");
  }
  const auto stopping = [&] { return options_.stop && options_.stop->load(); };
  for (const SiteConfig* site : SelectedSites()) {
    out_ << "daemon: " << site->name << ": crawl " << Describe(site->crawl_schedule) << ", full "
         << Describe(site->full_schedule) << "\n";
  }
  out_.flush();
  // Alerts go out from a thread of their own, so that a slow or dead server
  // never holds up a crawl; the loop prints what it logged.
  std::mutex delivery_mutex;
  std::condition_variable_any delivery_wake;
  bool alerts_queued = false;  // guarded by delivery_mutex, as is:
  std::string delivery_log;
  const auto print_delivery_log = [&] {
    std::string log;
    {
      std::lock_guard lock(delivery_mutex);
      log.swap(delivery_log);
    }
    out_ << log;
    out_.flush();
  };
  std::jthread delivery;
  if (alerts_) {
    // Made (or migrated) here first: two connections creating one store at once may find it locked.
    Store{options_.db_path};
    delivery = std::jthread([&](std::stop_token stop) {
      std::unique_lock lock(delivery_mutex);
      while (!stop.stop_requested()) {
        lock.unlock();
        std::ostringstream log;
        try {
          Store store(options_.db_path);
          DeliverDueAlerts(store, *alerts_, UnixSecondsNow(), log);
        } catch (const std::exception& error) {
          log << "alerts: " << error.what() << " (tried again later)\n";
        }
        lock.lock();
        delivery_log += log.str();
        // Retries wait a minute at least: every half minute is soon enough for them.
        delivery_wake.wait_for(lock, stop, std::chrono::seconds(30),
                               [&] { return std::exchange(alerts_queued, false); });
      }
    });
  }
  while (!stopping()) {
    print_delivery_log();
    const auto now = std::chrono::system_clock::now();
    std::vector<const SiteConfig*> routine, full;
    std::optional<std::chrono::system_clock::time_point> wake;
    {
      Store store(options_.db_path);
      for (const SiteConfig* site : SelectedSites()) {
        const Store::SiteHealth health = store.LoadSiteHealth(site->name);
        const auto at = [](const std::optional<long long>& seconds) {
          return seconds ? std::optional(std::chrono::system_clock::time_point(std::chrono::seconds(*seconds)))
                         : std::nullopt;
        };
        // A site never crawled is due at once; cron schedules count from its last crawl.
        const auto last_crawl = at(health.last_crawl_at);
        const auto last_full = at(health.last_full_at);
        const auto next_full = last_full ? NextRun(site->full_schedule, *last_full, last_full) : now;
        const auto next_crawl = last_crawl ? NextRun(site->crawl_schedule, *last_crawl, last_crawl) : now;
        if (next_full && *next_full <= now) {
          full.push_back(site);
        } else if (next_crawl && *next_crawl <= now) {
          routine.push_back(site);
        } else {
          for (const auto& next : {next_crawl, next_full}) {
            if (next && (!wake || *next < *wake)) wake = *next;
          }
        }
      }
    }
    if (routine.empty() && full.empty()) {
      if (!wake) throw UsageError(config_.file + ": no site's schedule ever fires again");
      out_ << "daemon: next crawl at " << Iso8601InShanghai(*wake) << "\n";
      out_.flush();
      while (!stopping() && std::chrono::system_clock::now() < *wake) {
        print_delivery_log();
        std::this_thread::sleep_for(std::min<std::chrono::system_clock::duration>(
            std::chrono::seconds(1), *wake - std::chrono::system_clock::now()));
      }
      continue;
    }
    if (!as_of_given_) options_.as_of = TodayInShanghai();
    std::vector<SiteCrawlResult> results;
    if (!full.empty()) CrawlSites(full, true, results);
    if (!routine.empty() && !stopping()) CrawlSites(routine, false, results);
    if (stopping()) break;
    Extract();
    Check();
    Report();
    if (alerts_) {
      Store store(options_.db_path);
      QueueAlerts(store);
      std::lock_guard lock(delivery_mutex);
      alerts_queued = true;
      delivery_wake.notify_one();
    }
    out_.flush();
  }
  if (delivery.joinable()) {
    delivery.request_stop();  // an attempt under way ends within its channel's timeout
    delivery.join();
  }
  print_delivery_log();
  out_ << "daemon: stopped\n";
  ::close(lock);
  return 0;
}

int Cycle::Extract() {
  Store store(options_.db_path);
  const long long run_id = store.BeginRun("extract", options_.as_of, NowIso8601());
  nlohmann::json summary = {{"sites", nlohmann::json::array()}};
  for (const SiteConfig* site : SelectedSites()) {
    long long notices = 0, problems = 0;
    ExtractorHealth health;
    // Streamed into the store as read: memory stays flat however many notices a site has.
    store.ReplaceNotices(site->name, [&](Store::NoticeSink& sink) {
      const auto problem = [&](const std::string& url, long long capture_id, const std::string& message) {
        err_ << "gapwatch: extract: " << message << "\n";
        sink.Add(ExtractProblem{site->name, url, capture_id, message});
        ++problems;
      };
      const auto notice = [&](Store::ExtractedNotice extracted) {
        sink.Add(extracted);
        ++notices;
      };
      // A body with undecodable bytes is still extracted: the rest of it may hold the notice.
      const auto decode = [&](const Capture& capture) {
        DecodedText decoded =
            DecodeToUtf8(DecodeContent(capture.body, capture.content_encoding), capture.content_type, site->charset);
        if (decoded.replaced > 0) {
          problem(capture.url, capture.id,
                  capture.url + ": " + std::to_string(decoded.replaced) + " undecodable byte" +
                      (decoded.replaced == 1 ? "" : "s") + " replaced by U+FFFD; charset " + decoded.charset);
        }
        return std::move(decoded.text);
      };
      // The items a list capture is the newest to show, read from it.
      const auto read_list = [&](long long list_capture_id, const std::set<std::string>& urls) {
        const auto list_capture = store.CaptureById(list_capture_id);
        const SourceRules* source = nullptr;
        for (const SourceRules& candidate : site->sources) {
          if (list_capture && candidate.name == list_capture->source) source = &candidate;
        }
        if (!source) return;  // a source no longer in sites.yaml
        ListPage list;
        try {
          list = ExtractListPage(*source, site->name, site->base_url, list_capture->url, decode(*list_capture));
        } catch (const std::exception& error) {
          return problem(list_capture->url, list_capture->id, error.what());
        }
        ++health.list_pages;
        health.items += static_cast<long long>(list.items.size());
        for (ListItem& item : list.items) {
          if (!urls.count(item.detail_url)) continue;  // listed again on a newer page
          std::string detail_url = item.detail_url;
          std::optional<Capture> detail;
          if (!item.lookup) {
            detail = store.LatestCompleteCapture(site->name, detail_url, true);
          } else if (const auto lookup = store.LatestCompleteCapture(site->name, item.detail_url, true)) {
            // The detail is where the newest answer to the item's lookup led.
            try {
              detail_url = ResolveLookup(item.detail_url, decode(*lookup));
              detail = store.LatestCompleteCapture(site->name, detail_url, true);
            } catch (const std::exception& error) {
              detail_url = UnresolvedLookupDetail(item.detail_url);
              problem(item.detail_url, lookup->id, error.what());
            }
          } else {
            detail_url = UnresolvedLookupDetail(item.detail_url);
          }
          item.notice.url = detail_url;
          if (!detail) {
            // The list row alone still proves the notice exists.
            problem(detail_url, 0, detail_url + ": detail not captured; notice read from its list row");
            notice({item.notice, list_capture->id, list_capture->id, ""});
            continue;
          }
          try {
            const std::string text = decode(*detail);
            const DetailRead read = ReadDetail(*source, detail_url, text, item.notice);
            health.Count(*source, read.notice);
            notice({read.notice, detail->id, list_capture->id, Sha256Hex(read.content)});
          } catch (const std::exception& error) {
            problem(detail_url, detail->id, error.what());
            notice({item.notice, list_capture->id, list_capture->id, ""});
          }
        }
      };
      // Every item the crawler has seen listed, page by page (a routine crawl
      // re-reads only the first pages of a list, so older pages still count).
      long long current = 0;
      std::set<std::string> urls;
      store.ForEachListItem(site->name, [&](const Store::ListItemRecord& item) {
        if (item.list_capture_id != current && !urls.empty()) {
          read_list(current, urls);
          urls.clear();
        }
        current = item.list_capture_id;
        urls.insert(item.url);
      });
      if (!urls.empty()) read_list(current, urls);
    });
    const auto previous = store.LatestRun("extract");
    nlohmann::json before = nlohmann::json::object();
    if (previous) {
      for (const auto& entry : nlohmann::json::parse(previous->summary).value("sites", nlohmann::json::array())) {
        if (entry.value("name", "") == site->name) before = entry.value("health", nlohmann::json::object());
      }
    }
    const nlohmann::json now = health.ToJson();
    const std::string stale = ExtractorStale(before, now);
    out_ << "extract: " << site->name << ": " << notices << " notices, " << problems << " problems"
         << (stale.empty() ? "" : "; extractor stale: " + stale) << "\n";
    summary["sites"].push_back({{"name", site->name},
                                {"notices", notices},
                                {"problems", problems},
                                {"health", now},
                                {"extractor_stale", stale}});
  }
  store.FinishRun(run_id, NowIso8601(), "done", true, summary.dump());
  return 0;
}

namespace {

// What decides findings besides the notices: this binary (its code, rules and
// calendar are compiled in; a rebuild changes its size or time), the options
// and the sites checked. An incremental check needs the last check's.
std::string CheckConfiguration(const CheckOptions& options) {
  std::string text = std::string("gapwatch ") + GAPWATCH_VERSION;
  struct stat binary {};
  if (::stat("/proc/self/exe", &binary) == 0) {
    text += "; binary " + std::to_string(binary.st_size) + " bytes, modified " + std::to_string(binary.st_mtim.tv_sec) +
            "." + std::to_string(binary.st_mtim.tv_nsec);
  }
  text += "; amount tolerance " + options.amount_tolerance_yuan + "; sites";
  for (const std::string& site : options.sites) text += " " + site;
  return text;
}

// Why this check must look at everything; "" when it may look only at what changed.
std::string WhyFullCheck(const Store& store, const std::optional<Store::CheckState>& last, const std::string& as_of,
                         const std::string& configuration, bool full) {
  if (full) return "--full";
  if (!last) return "no earlier check to start from";
  if (last->config_digest != configuration) return "gapwatch, its rules or the sites checked changed";
  if (as_of < last->as_of) return "as of a day before the last check's (" + last->as_of + ")";
  if (store.NewestCheckedAsOf() != last->as_of) return "an earlier check is not the newest";
  return "";
}

// What the extracts changed and removed since the `last` check (monitor/recheck.h).
struct ChangeLog {
  std::vector<RemovedOutline> removed;
  std::vector<long long> changed;
};

ChangeLog ReadChangeLog(const Store& store, const Store::CheckState& last) {
  ChangeLog log;
  for (const Store::RemovedNotice& gone : store.NoticesRemovedSince(last.notice_seq)) {
    log.removed.push_back({gone.site, gone.url, gone.kind, gone.project_code, gone.linked_project, gone.notice_id});
  }
  log.changed = store.NoticeIdsChangedSince(last.notice_seq);
  return log;
}

// The project codes `notices` print otherwise than canonical, each with its
// canonical form (Store::ReplaceCodePrintings).
std::vector<std::pair<std::string, std::string>> CodePrintings(const std::vector<NoticeWithEvidence>& notices) {
  std::set<std::pair<std::string, std::string>> printings;
  for (const NoticeWithEvidence& item : notices) {
    const std::string_view code = item.notice.project_code;
    if (!checks::IsCanonicalCode(code)) printings.emplace(code, checks::CanonicalCode(code));
  }
  return {printings.begin(), printings.end()};
}

// The projects `plan` checks again, as grouped from the outlines, their
// notices and copies pointing into `loaded` (which holds every one of them).
std::vector<Project> Rebound(std::vector<Project> grouped, const RecheckPlan& plan,
                             const std::vector<NoticeWithEvidence>& loaded) {
  std::unordered_map<long long, const NoticeWithEvidence*> loaded_by_id;
  for (const NoticeWithEvidence& item : loaded) loaded_by_id.emplace(item.notice_id, &item);
  const std::set<std::string> rechecked(plan.projects.begin(), plan.projects.end());
  std::vector<Project> projects;
  for (Project& project : grouped) {
    if (!rechecked.count(project.code)) continue;
    for (const NoticeWithEvidence*& item : project.notices) item = loaded_by_id.at(item->notice_id);
    for (Sighting& copy : project.copies) copy.item = loaded_by_id.at(copy.item->notice_id);
    projects.push_back(std::move(project));
  }
  return projects;
}

// Wall seconds of a check's steps, for its run summary (`runs.summary`
// "seconds"): where a slow check spent its time stays on record. Steps on
// other threads overlap the main thread's, so they do not add up to "total".
class StepSeconds {
 public:
  // Times a step from its start until Stop() or the end of its scope.
  class Timer {
   public:
    Timer(StepSeconds& owner, std::string step) : owner_(&owner), step_(std::move(step)) {}
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;
    ~Timer() { Stop(); }
    void Stop() {
      if (owner_) owner_->Add(step_, std::chrono::steady_clock::now() - start_);
      owner_ = nullptr;
    }

   private:
    StepSeconds* owner_;
    std::string step_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  };
  Timer Time(std::string step) { return Timer(*this, std::move(step)); }
  nlohmann::json Json() const {
    const std::lock_guard lock(mutex_);
    nlohmann::json seconds = nlohmann::json::object();
    for (const auto& [step, spent] : seconds_) seconds[step] = std::round(spent.count() * 1000) / 1000;
    return seconds;
  }

 private:
  void Add(const std::string& step, std::chrono::steady_clock::duration spent) {
    const std::lock_guard lock(mutex_);
    seconds_[step] += std::chrono::duration<double>(spent);
  }
  mutable std::mutex mutex_;
  std::map<std::string, std::chrono::duration<double>> seconds_;
};

// Makes the projects table's rows of `grouped` (only those whose code is in
// `only`, when given; `grouped` sorted by code, as the matcher's is): each
// project with its notices and the copies linked to it, read from the
// projects in place.
void WriteProjects(Store& store, const std::vector<Project>& grouped, const std::set<std::string>* only) {
  const auto record_of = [](const Project& project, Store::ProjectRecord& record) {
    record.code = project.code;
    record.title = project.title;
    record.buyer = project.buyer;
    record.domain = project.domain;
    record.designated_site = DesignatedSite(project.domain);
    record.notice_ids.clear();
    for (const NoticeWithEvidence* notice : project.notices) record.notice_ids.push_back(notice->notice_id);
    for (const Sighting& copy : project.copies) record.notice_ids.push_back(copy.item->notice_id);
  };
  if (!only) {
    store.ReplaceProjects(grouped.size(),
                          [&](std::size_t index, Store::ProjectRecord& record) { record_of(grouped[index], record); });
    return;
  }
  std::vector<Store::ProjectRecord> records;
  for (const Project& project : grouped) {
    if (only->count(project.code)) record_of(project, records.emplace_back());
  }
  store.ReplaceProjectsOf(*only, std::move(records));
}

// What a check that grouped every notice keeps for the next one to start
// from (LastGroupingWriter): `grouped`, by code, and the outlines of
// `notices` every check reads again. Given to `sink` as made, when given.
std::vector<std::string> LastGroupingOf(const std::vector<Project>& grouped,
                                        const std::vector<NoticeWithEvidence>& notices,
                                        std::function<void(std::string_view part)> sink = nullptr) {
  LastGroupingWriter writer(std::move(sink));
  for (const Project& project : grouped) {
    writer.AddProject(project.code, project.title, project.buyer, project.domain, KeepGrouping(project));
  }
  std::vector<const NoticeWithEvidence*> kept;
  for (const NoticeWithEvidence& item : notices) {
    if (KeptForTheNextCheck(item.notice)) kept.push_back(&item);
  }
  std::ranges::sort(kept, {}, &NoticeWithEvidence::notice_id);
  for (const NoticeWithEvidence* item : kept) writer.AddOutline(*item);
  return std::move(writer).Parts();
}

}  // namespace

int Cycle::Check() {
  StepSeconds steps;
  auto total_time = steps.Time("total");
  Store store(options_.db_path);
  const long long run_id = store.BeginRun("check", options_.as_of, NowIso8601());
  const Date as_of = *Date::Parse(options_.as_of);
  // Read before the notices: an extract committing meanwhile is seen again next time.
  const long long notice_seq = store.NoticeSequence();
  CheckOptions check_options;
  for (const SiteConfig* site : SelectedSites()) {
    const Store::SiteHealth health = store.LoadSiteHealth(site->name);
    if (health.last_crawl_at || health.last_result != "{}") check_options.sites.insert(site->name);
  }
  const std::string configuration = CheckConfiguration(check_options);
  const auto last = store.LoadCheckState();
  const std::string why_full = WhyFullCheck(store, last, options_.as_of, configuration, options_.full);
  // What the captures show of the notices over time, and the lists that prove
  // an absence: queries of their own, read on their own connection while the
  // notices load.
  std::future<std::pair<std::vector<NoticeHistory>, std::vector<ListingPage>>> captured =
      std::async(std::launch::async, [this, &steps, portal = check_options.sites.count("portal") > 0] {
        const auto timed = steps.Time("histories");
        Store reader(options_.db_path);
        std::vector<NoticeHistory> histories;
        for (const Store::NoticeTrack& track : reader.NoticeTracks()) {
          const auto evidence = [](const Store::CaptureStamp& stamp) {
            return Evidence{stamp.url, "", "", stamp.captured_at, stamp.sha256, {}};
          };
          NoticeHistory& history = histories.emplace_back(NoticeHistory{track.site, track.url, {}, std::nullopt});
          for (const Store::CaptureStamp& stamp : track.contents) history.contents.push_back(evidence(stamp));
          if (track.gone) history.gone = evidence(*track.gone);
        }
        // The departments' own lists on the portal (plan_missing,
        // annual_report_missing). The other sites' lists run to thousands of
        // pages that no finding cites.
        std::vector<ListingPage> listings;
        if (portal) {
          for (const Store::CaptureStamp& page : reader.NewestListCaptures("portal")) {
            listings.push_back({"portal", Evidence{page.url, "list", "", page.captured_at, page.sha256, {}}});
          }
        }
        return std::pair(std::move(histories), std::move(listings));
      });
  // A full check reads every notice in full; an incremental one what a change
  // reaches, or every notice's outline when the day moved or the blacklist changed.
  std::vector<NoticeWithEvidence> notices;
  if (!why_full.empty()) {
    const auto load_time = steps.Time("load");
    notices = store.Notices();
  }
  const auto [histories, listings] = captured.get();
  // The checks' grouping, and each code's digest for the next check to compare.
  std::unordered_map<std::string, long long> digests;
  const Store::CheckState state{options_.as_of, notice_seq, configuration};
  std::string mode;
  // The projects table is the checks' grouping, for readers of the store: a
  // full check writes it beside the checks, on a connection of its own.
  std::size_t project_count = 0;
  if (!why_full.empty()) {
    // The projects' commit leaves its frames in the WAL, and a thread of
    // their own copies them into the file while the save runs: checkpointed
    // in the commit, they kept the checks waiting for their fsyncs. The disk
    // writes out the WAL and the file as they grow (store/writeback.h).
    std::future<void> projects_checkpointed;
    const Writeback writeback(options_.db_path, std::chrono::milliseconds(100));
    auto check_time = steps.Time("check");
    // The digests are worked out beside the checks once the projects are
    // written (at 10^6 notices the two last about as long as the checks, 2 s),
    // from the keys the grouping and the checks read too. They are freed, and
    // what the check freed is handed back to the system, before the save:
    // kept, it raised the save's peak of memory (the check's) by some 40 MB at
    // 10^6 notices.
    auto keys = std::make_unique<const NoticeKeys>(notices);
    auto checked = CheckGroupedFindings(
        notices, [&] { return MatchDesignated(notices, *keys, as_of).projects; }, as_of, WorkingDayCalendar::Official(),
        RuleBook::Official(), check_options, histories, listings,
        [&](const std::vector<Project>& projects) {
          project_count = projects.size();
          {
            const auto projects_time = steps.Time("projects");
            Store writer(options_.db_path);
            writer.DeferCheckpoints();
            Store::Transaction grouping(writer);
            WriteProjects(writer, projects, nullptr);
            writer.ReplaceLastGrouping({});
            LastGroupingOf(projects, notices, [&](std::string_view part) { writer.AppendLastGroupingPart(part); });
            grouping.Commit();
          }
          projects_checkpointed = std::async(std::launch::async, [this, &steps] {
            const auto checkpoint_time = steps.Time("checkpoint");
            Store(options_.db_path).Checkpoint();
          });
          digests = CodeDigests(notices, *keys, projects, as_of);
        },
        keys.get());
    keys.reset();
    malloc_trim(0);
    check_time.Stop();
    auto save_time = steps.Time("save");
    // The findings with the state that finds them again; every event names a
    // finding the save writes or keeps, and this run. Its commit checkpoints
    // nothing: the projects' checkpoint may still run (one at a time).
    store.DeferCheckpoints();
    // The digests packed on a thread of their own while the findings are written.
    std::future<Store::PackedDigests> packed =
        std::async(std::launch::async, [&digests] { return Store::PackDigests(digests); });
    Store::Transaction save(store, Store::Transaction::ForeignKeys::kUnchecked);
    std::vector<Finding> saved = store.SaveFindings(options_.as_of, std::move(checked));
    store.SaveCheckState(state, packed.get());
    store.ReplaceCodePrintings(CodePrintings(notices));
    save.Commit();
    // The notices, the digests and the findings saved are read no more: freed
    // on a thread of their own while the last checkpoint waits for the disk
    // (the digests' 410,000 codes took 0.1 s to free when the check returned,
    // the 139,178 findings 0.2-0.3 s when the save did), and the WAL left all
    // in the file, as a check always has.
    std::future<void> released = std::async(std::launch::async, [&notices, &digests, &saved] {
      decltype(notices)().swap(notices);
      decltype(digests)().swap(digests);
      std::vector<Finding>().swap(saved);
    });
    projects_checkpointed.get();
    store.Checkpoint();
    released.get();
    mode = "full check: " + why_full;
  } else {
    auto plan_time = steps.Time("plan");
    const ChangeLog log = ReadChangeLog(store, *last);
    std::set<std::pair<std::string, std::string>> tracked;
    for (const NoticeHistory& history : histories) tracked.emplace(history.site, history.url);
    const std::vector<NoticeWithEvidence> changed = store.NoticeOutlinesByIds(log.changed);
    // The grouping, the plan, and the digests of the codes it looks at again.
    std::vector<Project> grouped;
    std::optional<RecheckPlan> plan;
    std::optional<ReachedWorld> reached;
    KeptGroupingChange next_grouping;  // what the next check starts from
    if (last->as_of == options_.as_of && !ChangesTheBlacklist(changed, log.removed)) {
      const auto reach_time = steps.Time("reach");
      reached = ReachOfChange(store, changed, log.removed, tracked, as_of);
    }
    if (reached) {
      const NoticeKeys keys(reached->outlines);
      digests = CodeDigests(reached->outlines, keys, reached->projects, as_of);
      plan = PlanRecheck(reached->outlines, keys, reached->projects, as_of, as_of, reached->moved, log.changed,
                         log.removed, tracked);
      // Its codes' notices and projects must all be at hand: else a bug, not a smaller plan.
      std::set<std::string> looked_at = plan->codes;
      looked_at.insert(plan->projects.begin(), plan->projects.end());
      for (const std::string& code : looked_at) {
        if (!reached->codes.count(code)) {
          throw std::logic_error("check: the plan looks again at " + code + ", which the change did not reach");
        }
      }
      grouped = std::move(reached->projects);
      next_grouping = std::move(reached->grouping);
      project_count = reached->project_count;
      mode = "incremental check: regrouped what the change reaches; ";
    } else {
      // The day moved (chains fall due everywhere), the blacklist changed
      // (every award may name a party on it), or the last grouping is not at
      // hand: every notice's outline, grouped.
      auto load_time = steps.Time("load_outlines");
      std::future<std::unordered_map<std::string, long long>> digests_read =
          std::async(std::launch::async, [&] { return Store(options_.db_path).CheckedProjectDigests(); });
      notices = store.NoticeOutlines();
      load_time.Stop();
      const NoticeKeys keys(notices);
      grouped = MatchDesignated(notices, keys, as_of).projects;
      next_grouping.parts = LastGroupingOf(grouped, notices);
      digests = CodeDigests(notices, keys, grouped, as_of);
      plan = PlanRecheck(notices, keys, grouped, as_of, *Date::Parse(last->as_of),
                         CodesWhoseDigestsMoved(digests, digests_read.get()), log.changed, log.removed, tracked);
      project_count = grouped.size();
      mode = "incremental check: regrouped every outline; ";
    }
    plan_time.Stop();
    {
      const auto projects_time = steps.Time("projects");
      std::set<std::string> rewritten = plan->codes;
      rewritten.insert(plan->projects.begin(), plan->projects.end());
      WriteProjects(store, grouped, &rewritten);
    }
    // The projects to check again, as grouped, on their notices loaded in full.
    auto reload_time = steps.Time("load_looked_at");
    const std::vector<NoticeWithEvidence> loaded = store.NoticesByIds(plan->notice_ids);
    reload_time.Stop();
    auto check_time = steps.Time("check");
    auto checked = CheckGroupedFindings(
        loaded, [&] { return Rebound(std::move(grouped), *plan, loaded); }, as_of, WorkingDayCalendar::Official(),
        RuleBook::Official(), check_options, histories, listings);
    std::erase_if(checked, [&](const Finding& finding) { return !plan->Covers(finding.kind, finding.project_code); });
    check_time.Stop();
    auto save_time = steps.Time("save");
    Store::Transaction save(store, Store::Transaction::ForeignKeys::kUnchecked);
    store.SaveFindings(options_.as_of, std::move(checked), 0, [&](const std::string& kind, const std::string& subject) {
      return plan->Covers(kind, subject);
    });
    std::map<std::string, std::optional<long long>> changed_digests;
    for (const std::string& code : plan->codes) {
      const auto digest = digests.find(code);
      changed_digests[code] = digest == digests.end() ? std::nullopt : std::optional<long long>(digest->second);
    }
    store.SaveCheckState(state, changed_digests, false);
    store.AddCodePrintings(CodePrintings(changed));
    if (next_grouping.appended) {
      for (const std::string& part : next_grouping.parts) store.AppendLastGroupingPart(part);
    } else {
      store.ReplaceLastGrouping(next_grouping.parts);
    }
    save.Commit();
    mode += std::to_string(plan->codes.size()) + " project codes and " + std::to_string(loaded.size()) +
            " notices looked at again";
  }
  const std::map<std::string, long long> by_kind = store.OpenFindingsByKind();
  long long open = 0;
  for (const auto& [kind, count] : by_kind) open += count;
  total_time.Stop();
  nlohmann::json summary = {
      {"projects", project_count}, {"findings", by_kind}, {"mode", mode}, {"seconds", steps.Json()}};
  store.FinishRun(run_id, NowIso8601(), "done", true, summary.dump());
  out_ << "check: " << project_count << " projects, " << open << " findings as of " << options_.as_of << " (" << mode
       << ")\n";
  return 0;
}

int Cycle::Report() {
  Store store(options_.db_path);
  // The report shows the findings of the last check, so it carries that check's date.
  const auto check = store.LatestRun("check");
  if (!check) throw UsageError(options_.db_path + ": no findings yet; run `gapwatch check` (or `gapwatch run`) first");
  if (as_of_given_ && check->as_of != options_.as_of) {
    throw UsageError(options_.db_path + ": the findings were checked as of " + check->as_of +
                     "; run `gapwatch check --as-of " + options_.as_of + "` first");
  }
  ReportInput input;
  input.as_of = check->as_of;
  input.generated_at = NowIso8601();
  // Each site as its own last crawl left it (the daemon crawls sites on their own schedules).
  input.complete = true;
  std::map<std::string, std::string> stale;
  if (const auto extract = store.LatestRun("extract")) {
    for (const auto& entry : nlohmann::json::parse(extract->summary).value("sites", nlohmann::json::array())) {
      stale[entry.value("name", "")] = entry.value("extractor_stale", "");
    }
  }
  for (const SiteConfig* site : SelectedSites()) {
    const Store::SiteHealth health = store.LoadSiteHealth(site->name);
    if (!health.last_crawl_at && health.last_result == "{}") continue;  // never crawled into this store
    const auto last = nlohmann::json::parse(health.last_result);
    SiteSummary summary;
    summary.name = site->name;
    summary.pages = last.value("pages", 0LL);
    summary.notices = store.CountNotices(site->name);
    summary.errors = last.value("errors", 0LL);
    summary.complete = last.value("complete", false);
    summary.unhealthy_since = health.unhealthy_since;
    summary.failed_crawls = health.consecutive_failures;
    summary.extractor_stale = stale[site->name];
    input.complete = input.complete && summary.complete;
    input.sites.push_back(summary);
  }
  input.complete = input.complete && !input.sites.empty();
  // Every finding, for the feeds of what opened and resolved; the open ones for the rest.
  const std::vector<Finding> findings = store.Findings("");
  std::copy_if(findings.begin(), findings.end(), std::back_inserter(input.findings),
               [](const Finding& finding) { return finding.status == "open"; });
  FeedOptions feed_options;
  feed_options.generated_at = input.generated_at;
  input.events = store.FindingEvents("0000-01-01", check->as_of);
  input.feeds = FindingFeeds(findings, input.events, feed_options);
  const Date as_of = *Date::Parse(check->as_of);
  const std::vector<NoticeWithEvidence> notices = store.Notices();
  // One matching for both: it is the costliest step of either.
  const ProjectMatching matching = MatchDesignated(notices, as_of);
  input.scorecards =
      Scorecards(notices, matching.projects, as_of, RuleBook::Official(), WorkingDayCalendar::Official());
  // The alerts' due-soon digests may look further ahead than the report's 10 working days.
  const int window = std::max(kReportDeadlineWindow, alerts_ ? DueSoonWindow(*alerts_) : 0);
  std::vector<UpcomingDeadline> upcoming = UpcomingDeadlines(notices, matching.projects, as_of, RuleBook::Official(),
                                                             WorkingDayCalendar::Official(), window);
  std::copy_if(upcoming.begin(), upcoming.end(), std::back_inserter(input.upcoming),
               [](const UpcomingDeadline& deadline) { return deadline.working_days_left <= kReportDeadlineWindow; });
  if (alerts_) upcoming_for_alerts_.emplace(check->id, std::move(upcoming));
  input.projects = ProjectPages(notices, matching.projects, input.findings, as_of, RuleBook::Official(),
                                WorkingDayCalendar::Official());
  // OCDS needs a release a package and an absolute URI: none without a project.
  if (!matching.projects.empty()) {
    OcdsOptions ocds;
    ocds.ocid_prefix = options_.ocid_prefix;
    ocds.published_date = input.generated_at;
    ocds.uri = "file://" + std::filesystem::absolute(std::filesystem::path(options_.out_dir) / "ocds.json").string();
    input.ocds = OcdsReleasePackage(matching.projects, ocds);
  }
  for (const TitleMatch& match : matching.for_review) {
    const HeldNotice& notice = match.notice->notice;
    input.for_review.push_back({notice.site, notice.url, notice.kind, notice.title, notice.buyer,
                                std::string(notice.published.value_or("")), match.project_code, match.confidence});
  }
  WriteReport(options_.out_dir, input);
  out_ << "report: " << options_.out_dir << "/index.html\n";
  return input.complete ? 0 : 3;
}

int Cycle::RunAll() {
  const int crawl_status = Crawl();
  if (options_.stop && options_.stop->load()) return crawl_status;  // asked to stop: the next run resumes
  Extract();
  Check();
  Report();
  if (alerts_) Alert();
  Store store(options_.db_path);
  std::map<std::string, int> by_kind;
  for (const Finding& finding : store.Findings("open")) ++by_kind[finding.kind];
  out_ << "\nsummary (as of " << options_.as_of << "):\n";
  const auto crawl = store.LatestRun("crawl");
  for (const SiteConfig* site : SelectedSites()) {
    long long pages = 0;
    if (crawl) pages = store.CountCaptures(crawl->id, site->name, false);
    out_ << "  " << site->name << ": " << pages << " pages, " << store.CountNotices(site->name) << " notices\n";
  }
  out_ << "  findings:" << (by_kind.empty() ? " none" : "") << "\n";
  for (const auto& [kind, count] : by_kind) out_ << "    " << kind << ": " << count << "\n";
  out_ << "  report: " << std::filesystem::absolute(options_.out_dir + "/index.html").string() << "\n";
  return crawl_status;
}

}  // namespace gapwatch
