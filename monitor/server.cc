#include "monitor/server.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "monitor/calendar.h"
#include "monitor/check_support.h"
#include "monitor/matcher.h"
#include "monitor/report.h"
#include "monitor/rules.h"
#include "monitor/scorecard.h"
#include "store/store.h"

namespace gapwatch {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using Json = nlohmann::ordered_json;

using Request = http::request<http::string_body>;
using StringResponse = http::response<http::string_body>;
using FileResponse = http::response<http::file_body>;
using Reply = std::variant<StringResponse, FileResponse>;

constexpr int kDefaultPerPage = 100;
constexpr int kMaxPerPage = 1000;

// Every response: scraped bytes (evidence, JSON of scraped text) are never sniffed into markup.
template <class Body>
void AddCommonHeaders(http::response<Body>& response) {
  response.set(http::field::server, "gapwatch");
  response.set("X-Content-Type-Options", "nosniff");
}

StringResponse Text(http::status status, const std::string& content_type, std::string body) {
  StringResponse response(status, 11);
  response.set(http::field::content_type, content_type);
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

// Scraped text (and a client's query) should be UTF-8; a stray invalid byte becomes U+FFFD rather than a 500.
StringResponse JsonResponse(http::status status, const Json& value) {
  return Text(status, "application/json",
              value.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace) + "\n");
}

StringResponse Error(http::status status, const std::string& message) {
  return JsonResponse(status, Json{{"error", message}});
}

StringResponse NotModified(const std::string& etag) {
  StringResponse response(http::status::not_modified, 11);
  response.set(http::field::etag, etag);
  return response;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoded (and '+' as a space in a query); nullopt for a broken escape or a NUL.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = HexValue(text[i + 1]);
      const int low = HexValue(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    decoded += c;
  }
  return decoded;
}

class BadRequest : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The query's parameters, each of `allowed` at most once; anything else is a BadRequest.
std::map<std::string, std::string> ParseQuery(std::string_view query, const std::vector<std::string_view>& allowed) {
  std::map<std::string, std::string> parameters;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    const auto name = PercentDecode(pair.substr(0, equals), true);
    const auto value = PercentDecode(equals == std::string_view::npos ? "" : pair.substr(equals + 1), true);
    if (!name || !value) throw BadRequest("malformed query");
    if (std::find(allowed.begin(), allowed.end(), *name) == allowed.end()) {
      throw BadRequest("unknown parameter " + *name);
    }
    if (!parameters.emplace(*name, *value).second) throw BadRequest("parameter " + *name + " given twice");
  }
  return parameters;
}

int IntegerParameter(const std::map<std::string, std::string>& parameters, const std::string& name, int fallback,
                     int max) {
  const auto found = parameters.find(name);
  if (found == parameters.end()) return fallback;
  int value = 0;
  const std::string& text = found->second;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1 || value > max) {
    throw BadRequest(name + " must be an integer from 1 to " + std::to_string(max));
  }
  return value;
}

// page (1-based) and per_page of a listing, and the body's paging fields.
struct Paging {
  explicit Paging(const std::map<std::string, std::string>& parameters)
      : page(IntegerParameter(parameters, "page", 1, 1 << 30)),
        per_page(IntegerParameter(parameters, "per_page", kDefaultPerPage, kMaxPerPage)) {}

  // The body {"total", "page", "per_page", name: [the page's items]}.
  template <class Item, class ToJson>
  Json Page(const std::vector<Item>& items, const char* name, const ToJson& to_json) const {
    const std::size_t end = std::min(items.size(), offset() + static_cast<std::size_t>(per_page));
    std::vector<Item> page_items;
    for (std::size_t i = offset(); i < end; ++i) page_items.push_back(items[i]);
    return Body(items.size(), name, page_items, to_json);
  }
  // The same of a page read alone, out of `total` items.
  template <class Item, class ToJson>
  Json Body(std::size_t total, const char* name, const std::vector<Item>& page_items, const ToJson& to_json) const {
    Json body = {{"total", total}, {"page", page}, {"per_page", per_page}};
    Json& listed = body[name] = Json::array();
    for (const Item& item : page_items) listed.push_back(to_json(item));
    return body;
  }
  std::size_t offset() const { return static_cast<std::size_t>(page - 1) * static_cast<std::size_t>(per_page); }

  int page;
  int per_page;
};

StringResponse FindingsReply(std::string_view query, const ServerOptions& options) {
  const auto parameters = ParseQuery(query, {"kind", "domain", "buyer", "site", "status", "page", "per_page"});
  const Paging paging(parameters);
  const auto parameter = [&](const char* name) {
    const auto found = parameters.find(name);
    return found == parameters.end() ? std::string() : found->second;
  };
  Store::FindingFilter filter;
  filter.status = parameter("status");
  if (!filter.status.empty() && filter.status != "open" && filter.status != "resolved") {
    throw BadRequest("status must be open or resolved");
  }
  filter.kind = parameter("kind");
  filter.domain = parameter("domain");
  filter.buyer = parameter("buyer");
  filter.site = parameter("site");
  const Store store(options.db_path, Store::Access::kReadOnly);
  const long long total = store.CountFindings(filter);
  const std::vector<Finding> findings =
      store.Findings(filter, static_cast<long long>(paging.offset()), paging.per_page);
  return JsonResponse(http::status::ok,
                      paging.Body(static_cast<std::size_t>(total), "findings", findings, FindingJson));
}

StringResponse RunsReply(std::string_view query, const ServerOptions& options) {
  const Paging paging(ParseQuery(query, {"page", "per_page"}));
  const std::vector<RunRecord> runs = Store(options.db_path, Store::Access::kReadOnly).Runs();
  return JsonResponse(http::status::ok, paging.Page(runs, "runs", [](const RunRecord& run) {
    // A stage writes its summary as JSON; anything else is shown as the text it is.
    Json summary = Json::parse(run.summary, nullptr, /*allow_exceptions=*/false);
    if (summary.is_discarded()) summary = run.summary;
    return Json{{"id", run.id},
                {"command", run.command},
                {"as_of", run.as_of},
                {"started_at", run.started_at},
                {"finished_at", run.finished_at.empty() ? Json(nullptr) : Json(run.finished_at)},
                {"status", run.status},
                {"complete", run.complete},
                {"summary", std::move(summary)}};
  }));
}

// The notices some projects' pages read, loaded by index, never every notice:
// those printing a printed form of their codes on any site (notices_by_project,
// code_printings) and those the last check linked to them (`rows`).
std::vector<NoticeWithEvidence> NoticesOfProjects(const Store& store, const std::vector<std::string>& codes,
                                                  const std::vector<Store::StoredProject>& rows) {
  std::vector<long long> ids;
  for (const NoticeWithEvidence& item : store.NoticeOutlinesPrinting(store.PrintedFormsOf(codes))) {
    ids.push_back(item.notice_id);
  }
  for (const Store::StoredProject& row : rows) ids.insert(ids.end(), row.notice_ids.begin(), row.notice_ids.end());
  return store.NoticesByIds(ids);
}

// The day the last check judged: the store's projects and findings are its.
std::optional<Date> LastCheckDay(const Store& store) {
  const auto check = store.LatestRun("check");
  return check ? Date::Parse(check->as_of) : std::nullopt;
}

Json FindingsJson(const std::vector<Finding>& findings) {
  Json listed = Json::array();
  for (const Finding& finding : findings) listed.push_back(FindingJson(finding));
  return listed;
}

Json TextOrNull(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

// `/api/projects/{code}`: the project as the report's page shows it
// (ProjectPages over the notices of its code, grouped as the report groups
// them at the last check's day) and every finding of its code.
StringResponse ProjectReply(std::string_view raw_code, std::string_view query, const ServerOptions& options) {
  ParseQuery(query, {});  // none taken
  const auto decoded = PercentDecode(raw_code, false);
  if (!decoded) throw BadRequest("malformed project code");
  const std::string code = checks::CanonicalCode(*decoded);
  if (code.empty()) throw BadRequest("expected a project code");
  const Store store(options.db_path, Store::Access::kReadOnly);
  const std::optional<Date> as_of = LastCheckDay(store);
  if (!as_of) return Error(http::status::not_found, "no check has run yet");
  // Checks store a project's code canonical; other subjects (a notice's URL) as they are.
  Store::FindingFilter filter;
  filter.project_codes = {code, *decoded};
  const std::vector<Finding> findings = store.Findings(filter);
  std::vector<Store::StoredProject> rows;
  if (auto row = store.ProjectWithCode(code)) rows.push_back(std::move(*row));
  const std::vector<NoticeWithEvidence> notices = NoticesOfProjects(store, {code}, rows);
  if (rows.empty() && notices.empty() && findings.empty()) {
    return Error(http::status::not_found, "no project with the code " + code);
  }
  const ProjectMatching matching = MatchDesignated(notices, *as_of);
  const std::vector<ProjectPage> pages =
      ProjectPages(notices, matching.projects, {code}, *as_of, RuleBook::Official(), WorkingDayCalendar::Official());
  Json project = nullptr, listed = Json::array(), deadlines = Json::array();
  if (!pages.empty()) {
    const ProjectPage& page = pages.front();
    project = {{"title", page.title},
               {"buyer", page.buyer},
               {"domain", page.domain},
               {"designated_site", DesignatedSite(page.domain)}};
    std::map<std::pair<std::string_view, std::string_view>, std::string_view> buyers;  // (site, url): the notice's
    for (const NoticeWithEvidence& item : notices) buyers[{item.notice.site, item.notice.url}] = item.notice.buyer;
    for (const ProjectPage::Sighting& notice : page.notices) {
      listed.push_back({{"site", notice.site},
                        {"kind", notice.kind},
                        {"title", notice.title},
                        {"buyer", buyers[{notice.site, notice.url}]},
                        {"published", TextOrNull(notice.published)},
                        {"url", notice.url},
                        {"captured_at", notice.captured_at},
                        {"sha256", TextOrNull(notice.sha256)}});
    }
    for (const ProjectPage::Due& due : page.deadlines) {
      deadlines.push_back({{"expected_notice", due.expected_notice},
                           {"due", TextOrNull(due.due)},
                           {"status", due.status},
                           {"rule", due.rule},
                           {"clock", due.clock}});
    }
  }
  return JsonResponse(http::status::ok, {{"code", code},
                                         {"as_of", as_of->ToString()},
                                         {"project", std::move(project)},
                                         {"notices", std::move(listed)},
                                         {"deadlines", std::move(deadlines)},
                                         {"findings", FindingsJson(findings)}});
}

// `/api/buyers/{name}`: the buyer's scorecards and deadlines coming, worked
// out as the report does but over its own projects' notices only, and its
// open findings.
StringResponse BuyerReply(std::string_view raw_name, std::string_view query, const ServerOptions& options) {
  ParseQuery(query, {});
  const auto buyer = PercentDecode(raw_name, false);
  if (!buyer || buyer->empty()) throw BadRequest("expected a buyer's name");
  const Store store(options.db_path, Store::Access::kReadOnly);
  const std::optional<Date> as_of = LastCheckDay(store);
  if (!as_of) return Error(http::status::not_found, "no check has run yet");
  Store::FindingFilter filter;
  filter.status = "open";
  filter.buyer = *buyer;
  const std::vector<Finding> findings = store.Findings(filter);
  const std::vector<Store::StoredProject> rows = store.ProjectsOfBuyer(*buyer);
  if (rows.empty() && findings.empty()) return Error(http::status::not_found, "no buyer named " + *buyer);
  std::set<std::string> codes;
  for (const Store::StoredProject& row : rows) codes.insert(row.code);
  const std::vector<NoticeWithEvidence> notices =
      NoticesOfProjects(store, std::vector<std::string>(codes.begin(), codes.end()), rows);
  ProjectMatching matching = MatchDesignated(notices, *as_of);
  // Other codes' projects formed of the notices loaded count for their own buyers, not here.
  std::erase_if(matching.projects, [&](const Project& project) {
    return !codes.count(project.code) || project.buyer != std::string_view(*buyer);
  });
  Json cards = Json::array(), upcoming = Json::array();
  for (const Scorecard& card :
       Scorecards(notices, matching.projects, *as_of, RuleBook::Official(), WorkingDayCalendar::Official())) {
    cards.push_back(ScorecardJson(card));
  }
  for (const UpcomingDeadline& deadline :
       UpcomingDeadlines(notices, matching.projects, *as_of, RuleBook::Official(), WorkingDayCalendar::Official())) {
    upcoming.push_back({{"due", deadline.due.ToString()},
                        {"working_days_left", deadline.working_days_left},
                        {"expected_notice", deadline.expected_notice},
                        {"domain", deadline.domain},
                        {"project", {{"code", deadline.project_code}, {"title", deadline.project_title}}},
                        {"rule", {{"id", deadline.rule_id}, {"source", deadline.rule_source}}},
                        {"clock", deadline.clock},
                        {"url", deadline.url}});
  }
  return JsonResponse(http::status::ok, {{"buyer", *buyer},
                                         {"as_of", as_of->ToString()},
                                         {"scorecards", std::move(cards)},
                                         {"upcoming", std::move(upcoming)},
                                         {"findings", FindingsJson(findings)}});
}

// Unix seconds of an ISO 8601 time with an offset ("2025-05-20T08:00:00+08:00", or Z).
std::optional<long long> UnixSeconds(std::string_view text) {
  const auto day = Date::Parse(text.substr(0, 10));
  int hour = 0, minute = 0, second = 0, offset_hours = 0, offset_minutes = 0;
  char sign = 'Z';
  const std::string rest(text.size() > 10 ? text.substr(10) : "");
  const bool zulu = std::sscanf(rest.c_str(), "T%2d:%2d:%2dZ", &hour, &minute, &second) == 3 && rest.size() == 10;
  if (!day || (!zulu && (std::sscanf(rest.c_str(), "T%2d:%2d:%2d%c%2d:%2d", &hour, &minute, &second, &sign,
                                     &offset_hours, &offset_minutes) != 6 ||
                         (sign != '+' && sign != '-') || rest.size() != 15))) {
    return std::nullopt;
  }
  const long long offset = (sign == '-' ? -1 : 1) * (offset_hours * 3600LL + offset_minutes * 60LL);
  return day->ToDays() * 86400LL + hour * 3600LL + minute * 60LL + second - (zulu ? 0 : offset);
}

// A label value as the text format 0.0.4 writes it: backslash, double quote and line feed escaped.
std::string LabelValue(std::string_view value) {
  std::string escaped;
  for (const char c : value) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

// One metric family of the exposition: HELP and TYPE, then a sample per label value.
template <class Value>
void Family(std::string& text, const char* name, const char* type, const char* help, const char* label,
            const std::map<std::string, Value>& samples) {
  text += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
  for (const auto& [value, sample] : samples) {
    text += std::string(name) + "{" + label + "=\"" + LabelValue(value) + "\"} " + std::to_string(sample) + "\n";
  }
}

// `/metrics`: the crawls as the crawl runs' summaries and the sites' health
// record them, and the open findings, in Prometheus' text format 0.0.4.
StringResponse MetricsReply(std::string_view query, const ServerOptions& options) {
  ParseQuery(query, {});
  const Store store(options.db_path, Store::Access::kReadOnly);
  std::map<std::string, long long> pages_total, errors_total, last_success;
  for (const RunRecord& run : store.Runs()) {  // newest first
    if (run.command != "crawl") continue;
    const Json summary = Json::parse(run.summary, nullptr, /*allow_exceptions=*/false);
    if (!summary.is_object() || !summary.contains("sites") || !summary["sites"].is_array()) continue;
    const std::optional<long long> started = UnixSeconds(run.started_at);
    for (const Json& site : summary["sites"]) {
      if (!site.is_object() || !site.contains("name") || !site["name"].is_string()) continue;
      const std::string name = site["name"];
      pages_total[name] += site.value("pages", 0LL);
      errors_total[name] += site.value("errors", 0LL);
      if (site.value("complete", false) && started) last_success.emplace(name, *started);  // the newest kept
    }
  }
  std::map<std::string, long long> pages_last, errors_last, last_crawl, failures, unhealthy;
  for (const auto& [name, total] : pages_total) {
    const Store::SiteHealth health = store.LoadSiteHealth(name);
    const Json last = Json::parse(health.last_result, nullptr, /*allow_exceptions=*/false);
    if (last.is_object()) {
      pages_last[name] = last.value("pages", 0LL);
      errors_last[name] = last.value("errors", 0LL);
    }
    if (health.last_crawl_at) last_crawl[name] = *health.last_crawl_at;
    failures[name] = health.consecutive_failures;
    unhealthy[name] = health.unhealthy_since.empty() ? 0 : 1;
  }
  std::string text;
  if (!options.version.empty()) {
    text +=
        "# HELP gapwatch_build_info The gapwatch binary serving, as its version label.\n"
        "# TYPE gapwatch_build_info gauge\ngapwatch_build_info{version=\"" +
        LabelValue(options.version) + "\"} 1\n";
  }
  Family(text, "gapwatch_pages_fetched_total", "counter", "Pages fetched, over every crawl run in the store.", "site",
         pages_total);
  Family(text, "gapwatch_fetch_errors_total", "counter", "Fetch errors, over every crawl run in the store.", "site",
         errors_total);
  Family(text, "gapwatch_last_crawl_pages", "gauge", "Pages fetched by the site's last crawl.", "site", pages_last);
  Family(text, "gapwatch_last_crawl_errors", "gauge", "Fetch errors of the site's last crawl.", "site", errors_last);
  Family(text, "gapwatch_last_crawl_timestamp_seconds", "gauge", "Start of the site's last finished crawl.", "site",
         last_crawl);
  Family(text, "gapwatch_last_successful_crawl_timestamp_seconds", "gauge",
         "Start of the site's last crawl that completed.", "site", last_success);
  Family(text, "gapwatch_consecutive_failed_crawls", "gauge", "The site's incomplete crawls in a row.", "site",
         failures);
  Family(text, "gapwatch_site_unhealthy", "gauge", "1 while the site is unhealthy (too many failed crawls).", "site",
         unhealthy);
  Family(text, "gapwatch_findings_open", "gauge", "Open findings, by kind.", "kind", store.OpenFindingsByKind());
  return Text(http::status::ok, "text/plain; version=0.0.4; charset=utf-8", std::move(text));
}

// Whether If-None-Match names `etag` (or is *).
bool NoneMatchHolds(const Request& request, const std::string& etag) {
  const auto header = request.find(http::field::if_none_match);
  if (header == request.end()) return false;
  std::string_view list(header->value().data(), header->value().size());
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view tag = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);  // weak comparison, as RFC 9110 has for If-None-Match
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

Reply EvidenceReply(std::string_view hash, const Request& request, const ServerOptions& options) {
  if (hash.size() != 64 || !std::all_of(hash.begin(), hash.end(), [](char c) { return HexValue(c) >= 0; })) {
    throw BadRequest("expected a SHA-256 in 64 hex digits");
  }
  std::string sha256(hash);
  std::transform(sha256.begin(), sha256.end(), sha256.begin(),
                 [](char c) { return c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c; });
  const std::string etag = "\"" + sha256 + "\"";  // the bytes of a hash never change
  if (NoneMatchHolds(request, etag)) return NotModified(etag);
  auto payload = Store(options.db_path, Store::Access::kReadOnly).PayloadBySha256(sha256);
  if (!payload) return Error(http::status::not_found, "no payload with that SHA-256");
  StringResponse response =
      Text(http::status::ok, payload->content_type.empty() ? "application/octet-stream" : payload->content_type,
           std::move(payload->body));
  if (!payload->content_encoding.empty()) response.set(http::field::content_encoding, payload->content_encoding);
  response.set(http::field::etag, etag);
  // An archived page is the site's markup: shown, never run, on the report's origin.
  response.set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'");
  return response;
}

std::string ContentTypeOf(const fs::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},    {".json", "application/json"}, {".csv", "text/csv; charset=utf-8"},
      {".atom", "application/atom+xml"},        {".svg", "image/svg+xml"},     {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"}};
  const auto found = kTypes.find(file.extension().string());
  return found == kTypes.end() ? "application/octet-stream" : found->second;
}

// A file of the report folder. Each decoded segment must be a plain name:
// "..", ".", a backslash or a NUL is refused (400) before the file system is
// asked; the canonical path (symbolic links followed) must stay inside the
// folder's, else 404, as for anything that is not a regular file.
Reply StaticReply(std::string_view raw_path, const Request& request, const ServerOptions& options) {
  const auto path = PercentDecode(raw_path, false);
  if (!path || path->find('\\') != std::string::npos) throw BadRequest("malformed path");
  std::string relative;
  for (std::size_t start = 1; start <= path->size();) {
    const std::size_t slash = std::min(path->find('/', start), path->size());
    const std::string_view segment = std::string_view(*path).substr(start, slash - start);
    if (segment == ".." || segment == ".") throw BadRequest("dot segments are refused");
    if (!segment.empty()) relative += (relative.empty() ? "" : "/") + std::string(segment);
    start = slash + 1;
  }
  std::error_code error;
  const fs::path root = fs::canonical(options.report_dir, error);
  if (error) return Error(http::status::not_found, "no report yet");
  fs::path file = root / relative;
  if (fs::is_directory(file, error)) {
    if (!raw_path.ends_with("/")) {  // so that the index's relative links resolve inside it
      StringResponse redirect = Text(http::status::moved_permanently, "text/plain; charset=utf-8", "");
      redirect.set(http::field::location, std::string(raw_path) + "/");
      return redirect;
    }
    file /= "index.html";
  }
  const fs::path resolved = fs::canonical(file, error);
  const bool inside =
      !error && std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end()).first == root.end();
  if (!inside || !fs::is_regular_file(resolved, error)) return Error(http::status::not_found, "not found");
  const auto size = fs::file_size(resolved, error);
  const auto modified = fs::last_write_time(resolved, error);
  if (error) return Error(http::status::not_found, "not found");
  char etag[64];
  std::snprintf(etag, sizeof etag, "\"%llx-%llx\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(modified.time_since_epoch().count()));
  if (NoneMatchHolds(request, etag)) return NotModified(etag);

  FileResponse response(http::status::ok, 11);
  beast::error_code open_error;
  response.body().open(resolved.c_str(), beast::file_mode::scan, open_error);
  if (open_error) return Error(http::status::not_found, "not found");
  response.set(http::field::content_type, ContentTypeOf(resolved));
  response.set(http::field::etag, etag);
  response.set(http::field::cache_control, "no-cache");  // the report is rewritten by each run: revalidate
  response.prepare_payload();
  return response;
}

Reply Respond(const Request& request, const ServerOptions& options) {
  if (request.method() != http::verb::get && request.method() != http::verb::head) {
    StringResponse response = Error(http::status::method_not_allowed, "only GET and HEAD");
    response.set(http::field::allow, "GET, HEAD");
    return response;
  }
  const std::string_view target(request.target().data(), request.target().size());
  if (!target.starts_with("/")) return Error(http::status::bad_request, "expected an origin-form target");
  const std::size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query = question == std::string_view::npos ? "" : target.substr(question + 1);
  try {
    if (path == "/healthz") return Text(http::status::ok, "text/plain; charset=utf-8", "ok");
    if (path == "/api/findings") return FindingsReply(query, options);
    if (path == "/api/runs") return RunsReply(query, options);
    if (path.starts_with("/api/projects/")) return ProjectReply(path.substr(14), query, options);
    if (path.starts_with("/api/buyers/")) return BuyerReply(path.substr(12), query, options);
    if (path == "/metrics") return MetricsReply(query, options);
    if (path.starts_with("/evidence/")) return EvidenceReply(path.substr(10), request, options);
    return StaticReply(path, request, options);
  } catch (const BadRequest& error) {
    return Error(http::status::bad_request, error.what());
  } catch (const StoreError&) {
    return Error(http::status::service_unavailable, "the store cannot be read");
  }
}

// A request's method or target as the access log writes it: every byte but
// printable ASCII, and the backslash, as \xHH, so that a line stays one line
// and a terminal shows no escape sequence of a client's.
std::string LoggedText(std::string_view text) {
  std::string logged;
  for (const unsigned char c : text) {
    if (c > 0x20 && c < 0x7f && c != '\\') {
      logged += static_cast<char>(c);
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      logged += escaped;
    }
  }
  return logged.empty() ? "-" : logged;
}

// Now in UTC, to the millisecond: 2025-05-20T00:01:02.345Z.
std::string UtcNow() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const long long millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[80];  // room for any int the compiler cannot rule out
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
  return text;
}

class Session;

}  // namespace

struct Server::State {
  ServerOptions options;
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  unsigned short port = 0;
  bool stopping = false;  // on the I/O thread only
  std::vector<std::weak_ptr<Session>> sessions;

  void Accept();
  void BeginStop();
};

namespace {

// One connection: read a request, answer it, read the next while the client
// keeps the connection alive. Owned by its pending I/O operations.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::State& server) : stream_(std::move(socket)), server_(server) {}

  void ReadRequest() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
    parser_->body_limit(0);
    stream_.expires_after(server_.options.io_timeout);
    reading_ = true;
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  // A session waiting for a request that has not begun is closed; one that is
  // answering (or reading a request begun) is left to finish.
  void StopIfIdle() {
    if (reading_ && !parser_->got_some()) stream_.cancel();
  }

 private:
  void OnRead(beast::error_code error, std::size_t) {
    reading_ = false;
    answering_since_ = std::chrono::steady_clock::now();
    logged_method_ = logged_target_ = "-";
    if (error) return Refuse(error);
    const Request& request = parser_->get();
    logged_method_ = LoggedText(std::string_view(request.method_string().data(), request.method_string().size()));
    logged_target_ = LoggedText(std::string_view(request.target().data(), request.target().size()));
    Reply reply = Error(http::status::internal_server_error, "internal error");
    try {
      reply = Respond(request, server_.options);
    } catch (const std::exception&) {
      // reply stays the 500
    }
    const Then then = request.keep_alive() && !server_.stopping ? Then::kReadNext : Then::kClose;
    const bool head = request.method() == http::verb::head;
    std::visit(
        [&](auto& response) {
          if constexpr (std::is_same_v<std::decay_t<decltype(response)>, StringResponse>) {
            if (head) response.body().clear();  // Content-Length stays what GET would send
            Send(std::move(response), then);
          } else if (head) {
            StringResponse header(response.result(), 11, "");
            for (const auto& field : response) header.set(field.name_string(), field.value());
            Send(std::move(header), then);
          } else {
            Send(std::move(response), then);
          }
        },
        reply);
  }

  // A request that could not be read: answered when it broke a rule, else the
  // connection is closed.
  void Refuse(beast::error_code error) {
    if (error == http::error::header_limit) {
      return Send(Error(http::status::request_header_fields_too_large, "request header over the limit"),
                  Then::kDrainThenClose);
    }
    if (error == http::error::body_limit) {
      return Send(Error(http::status::payload_too_large, "a request has no body here"), Then::kDrainThenClose);
    }
    if (error != http::error::end_of_stream &&
        error.category() == beast::error_code(http::error::bad_target).category()) {
      return Send(Error(http::status::bad_request, "malformed request"), Then::kDrainThenClose);
    }
    Close();  // the client left or timed out, or the server is stopping
  }

  // What follows a response. A refused request may have unread bytes behind
  // it: closing at once would reset the connection and could lose the answer
  // before the client reads it, so they are read and dropped until the client
  // closes or io_timeout passes.
  enum class Then { kReadNext, kClose, kDrainThenClose };

  template <class Body>
  void Send(http::response<Body>&& response, Then then) {
    AddCommonHeaders(response);
    response.keep_alive(then == Then::kReadNext);
    auto held = std::make_shared<http::response<Body>>(std::move(response));
    stream_.expires_after(server_.options.io_timeout);
    http::async_write(stream_, *held,
                      [self = shared_from_this(), held, then](beast::error_code error, std::size_t written) {
                        self->Log(held->result_int(), written, error);
                        if (!error && then == Then::kDrainThenClose) {
                          self->Close();
                          return self->Drain();
                        }
                        if (error || then == Then::kClose || self->server_.stopping) return self->Close();
                        self->ReadRequest();
                      });
  }

  // The access log's line of the response just written (or not: its error).
  void Log(unsigned status, std::size_t written, beast::error_code error) {
    if (!server_.options.access_log) return;
    beast::error_code ignored;
    const auto peer = stream_.socket().remote_endpoint(ignored);
    const double milliseconds =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - answering_since_).count();
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.3f", milliseconds);
    std::string line = UtcNow() + " " + (ignored ? "-" : peer.address().to_string()) + " " + logged_method_ + " " +
                       logged_target_ + " " + std::to_string(status) + " " + std::to_string(written) + " " + duration +
                       "ms";
    if (error) line += " (write failed: " + LoggedText(error.message()) + ")";
    server_.options.access_log(line);
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  void Drain() {
    stream_.expires_after(server_.options.io_timeout);
    stream_.async_read_some(asio::buffer(drained_), [self = shared_from_this()](beast::error_code error, std::size_t) {
      if (!error) self->Drain();
    });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool reading_ = false;
  std::chrono::steady_clock::time_point answering_since_;  // the request read, or refused
  std::string logged_method_ = "-";
  std::string logged_target_ = "-";
  char drained_[4096];
  Server::State& server_;
};

}  // namespace

void Server::State::Accept() {
  acceptor.async_accept([this](beast::error_code error, tcp::socket socket) {
    if (error == asio::error::operation_aborted || stopping) return;  // the acceptor closed
    if (!error) {
      auto session = std::make_shared<Session>(std::move(socket), *this);
      std::erase_if(sessions, [](const std::weak_ptr<Session>& held) { return held.expired(); });
      sessions.push_back(session);
      session->ReadRequest();
    }
    Accept();
  });
}

void Server::State::BeginStop() {
  if (stopping) return;
  stopping = true;
  beast::error_code ignored;
  acceptor.close(ignored);
  for (const auto& held : sessions) {
    if (const auto session = held.lock()) session->StopIfIdle();
  }
}

Server::Server(ServerOptions options) : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
  const std::string where = state_->options.address + ":" + std::to_string(state_->options.port);
  try {
    const tcp::endpoint endpoint(asio::ip::make_address(state_->options.address), state_->options.port);
    state_->acceptor.open(endpoint.protocol());
    state_->acceptor.set_option(asio::socket_base::reuse_address(true));
    state_->acceptor.bind(endpoint);
    state_->acceptor.listen(asio::socket_base::max_listen_connections);
    state_->port = state_->acceptor.local_endpoint().port();
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("cannot listen on " + where + ": " + e.code().message());
  }
  state_->Accept();
}

Server::~Server() = default;

unsigned short Server::port() const { return state_->port; }

void Server::Run() { state_->io.run(); }

void Server::Stop() {
  asio::post(state_->io, [state = state_.get()] { state->BeginStop(); });
}

}  // namespace gapwatch
