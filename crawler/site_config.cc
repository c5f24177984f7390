#include "crawler/site_config.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "parsers/percent_encode.h"
#include "parsers/url.h"

namespace gapwatch {

const SiteConfig* SitesConfig::Find(const std::string& name) const {
  for (const SiteConfig& site : sites) {
    if (site.name == name) return &site;
  }
  return nullptr;
}

const std::vector<std::string>& KnownSiteNames() {
  static const std::vector<std::string> names = {"portal", "trading", "procurement", "credit"};
  return names;
}

namespace {

Politeness ReadPoliteness(const ConfigNode& node) {
  node.CheckKeys({}, {"delay_ms", "timeout_s", "connect_timeout_s", "retries", "max_body_bytes", "user_agent",
                      "concurrency", "max_delay_ms", "max_retry_after_s", "max_redirects", "max_consecutive_errors"});
  Politeness politeness;
  politeness.delay_ms = node.IntOr("delay_ms", politeness.delay_ms, 0, 600000);
  politeness.timeout_s = node.IntOr("timeout_s", politeness.timeout_s, 1, 3600);
  politeness.connect_timeout_s = node.IntOr("connect_timeout_s", politeness.connect_timeout_s, 1, 600);
  politeness.retries = node.IntOr("retries", politeness.retries, 0, 10);
  politeness.max_body_bytes = node.IntOr("max_body_bytes", static_cast<int>(politeness.max_body_bytes), 1024, 1 << 30);
  politeness.user_agent = node.StringOr("user_agent", kDefaultUserAgent);
  politeness.concurrency = node.IntOr("concurrency", politeness.concurrency, 1, 64);
  politeness.max_delay_ms = node.IntOr("max_delay_ms", politeness.max_delay_ms, 0, 3600000);
  if (politeness.max_delay_ms < politeness.delay_ms) {
    node.Child("max_delay_ms").Fail("must be at least delay_ms (" + std::to_string(politeness.delay_ms) + ")");
  }
  politeness.max_retry_after_s = node.IntOr("max_retry_after_s", politeness.max_retry_after_s, 0, 86400);
  politeness.max_redirects = node.IntOr("max_redirects", politeness.max_redirects, 0, 20);
  politeness.max_consecutive_errors =
      node.IntOr("max_consecutive_errors", politeness.max_consecutive_errors, 0, 100000);
  return politeness;
}

Schedule ReadOneSchedule(const ConfigNode& node) {
  Schedule schedule;
  try {
    schedule = Schedule::Parse(node.String());
  } catch (const std::invalid_argument& error) {
    node.Fail(error.what());
  }
  if (!NextRun(schedule, std::chrono::system_clock::now())) node.Fail("'" + schedule.expression + "' never fires");
  return schedule;
}

void ReadSchedule(const ConfigNode& node, SiteConfig& site) {
  node.CheckKeys({}, {"crawl", "full", "unhealthy_after"});
  if (node.Has("crawl")) site.crawl_schedule = ReadOneSchedule(node.Child("crawl"));
  if (node.Has("full")) site.full_schedule = ReadOneSchedule(node.Child("full"));
  site.unhealthy_after = node.IntOr("unhealthy_after", site.unhealthy_after, 1, 1000);
}

SiteConfig ReadSite(const std::string& name, const ConfigNode& node) {
  node.CheckKeys({"base_url", "allowed_hosts", "sources"}, {"title", "politeness", "charset", "schedule"});
  const auto& known = KnownSiteNames();
  if (std::find(known.begin(), known.end(), name) == known.end()) {
    node.Fail("unknown site name (expected one of: portal, trading, procurement, credit)");
  }
  SiteConfig site;
  site.name = name;
  site.title = node.StringOr("title", name);
  const ConfigNode base = node.Child("base_url");
  site.base_url = base.String();
  const auto parsed = ParseUrl(site.base_url);
  if (!parsed || (!parsed->path_and_query.empty() && parsed->path_and_query != "/")) {
    base.Fail("expected an http or https URL without a path, like https://host, got '" + site.base_url + "'");
  }
  site.base_url = parsed->Origin();
  site.allowed_hosts = node.Child("allowed_hosts").StringList();
  if (std::find(site.allowed_hosts.begin(), site.allowed_hosts.end(), parsed->host) == site.allowed_hosts.end()) {
    node.Child("allowed_hosts").Fail("must include the base_url host '" + parsed->host + "'");
  }
  if (node.Has("politeness")) site.politeness = ReadPoliteness(node.Child("politeness"));
  site.charset = node.StringOr("charset", "");
  if (node.Has("schedule")) ReadSchedule(node.Child("schedule"), site);
  const ConfigNode sources = node.Child("sources");
  for (const ConfigNode& source : sources.Elements()) {
    site.sources.push_back(ParseSourceRules(source));
    const SourceRules& rules = site.sources.back();
    for (std::size_t i = 0; i + 1 < site.sources.size(); ++i) {
      if (site.sources[i].name == rules.name) source.Child("name").Fail("another source is named '" + rules.name + "'");
    }
    if (!rules.base_url.empty()) {
      const std::string host = ParseUrl(rules.base_url)->host;
      if (std::find(site.allowed_hosts.begin(), site.allowed_hosts.end(), host) == site.allowed_hosts.end()) {
        source.Child("base_url").Fail("host '" + host + "' is not among the site's allowed_hosts");
      }
    }
    if (rules.list.request) site.list_requests[rules.name] = ParseRequestTemplate(*rules.list.request);
  }
  if (site.sources.empty()) sources.Fail("a site needs at least one source");
  return site;
}

}  // namespace

std::string ListPageUrl(const SiteConfig& site, const SourceRules& source, int page) {
  std::map<std::string, std::string> query = source.list.query;
  if (!source.list.page_param.empty()) query[source.list.page_param] = std::to_string(page);
  if (!source.list.page_size_param.empty()) query[source.list.page_size_param] = std::to_string(source.list.page_size);
  std::string path = source.list.url;
  if (!source.list.page_url.empty() && page != source.list.first_page) {
    path = source.list.page_url;
    path.replace(path.find("{page}"), std::string_view("{page}").size(), std::to_string(page));
  }
  const bool absolute = path.starts_with("http://") || path.starts_with("https://");
  std::string url = (absolute ? "" : source.base_url.empty() ? site.base_url : source.base_url) + path;
  if (!query.empty()) url += (url.find('?') == std::string::npos ? "?" : "&") + QueryString(query);
  if (source.list.page_param.empty() && source.list.page_url.empty()) {
    url += "#source=" + PercentEncode(source.name) + "&page=" + std::to_string(page);
  }
  return url;
}

std::optional<int> ListPageNumber(const SiteConfig& site, const SourceRules& source, const std::string& url) {
  const auto number = [](const std::string& digits) -> std::optional<int> {
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    return std::stoi(digits);
  };
  if (!source.list.page_param.empty()) {
    const std::string first = ListPageUrl(site, source, source.list.first_page);
    const std::string path = first.substr(0, first.find('?'));
    if (url.substr(0, url.find('?')) != path) return std::nullopt;
    const std::string key = source.list.page_param + "=";
    for (std::size_t at = url.find(key); at != std::string::npos; at = url.find(key, at + 1)) {
      if (url[at - 1] != '?' && url[at - 1] != '&') continue;
      const std::size_t start = at + key.size();
      return number(url.substr(start, url.find_first_of("&#", start) - start));
    }
    return source.list.first_page;  // the site's default page
  }
  if (url == ListPageUrl(site, source, source.list.first_page)) return source.list.first_page;
  if (source.list.page_url.empty()) {
    const std::string marker = "#source=" + PercentEncode(source.name) + "&page=";
    const std::size_t fragment = url.find(marker);
    return fragment == std::string::npos ? std::nullopt : number(url.substr(fragment + marker.size()));
  }
  // Page 1000000000 cannot be a real page: its URL splits the template around {page}.
  const std::string probe = ListPageUrl(site, source, 1000000000);
  const std::size_t at = probe.find("1000000000");
  const std::string prefix = probe.substr(0, at), suffix = probe.substr(at + 10);
  if (url.size() <= prefix.size() + suffix.size() || !url.starts_with(prefix) || !url.ends_with(suffix)) {
    return std::nullopt;
  }
  return number(url.substr(prefix.size(), url.size() - prefix.size() - suffix.size()));
}

SitesConfig LoadSitesConfig(const std::string& text, const std::string& file) {
  const ConfigNode root(ParseYamlText(text, file), file, "");
  if (!root.IsMap()) throw ConfigError(file, 1, "", "expected a mapping with keys 'version' and 'sites'");
  root.CheckKeys({"version", "sites"}, {"warc"});
  if (root.Child("version").Int(1, 1000) != 1) root.Child("version").Fail("this gapwatch reads version 1");
  SitesConfig config;
  config.file = file;
  if (root.Has("warc")) {
    const ConfigNode warc = root.Child("warc");
    warc.CheckKeys({}, {"max_file_mb"});
    config.warc_max_file_bytes = static_cast<long long>(warc.IntOr("max_file_mb", 1024, 1, 1 << 20)) << 20;
  }
  for (const auto& [name, site] : root.Child("sites").Entries()) config.sites.push_back(ReadSite(name, site));
  if (config.sites.empty()) root.Child("sites").Fail("no sites configured");
  return config;
}

SitesConfig LoadSitesConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path, 0, "", "cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return LoadSitesConfig(text.str(), path);
}

}  // namespace gapwatch
