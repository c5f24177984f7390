// The sources of the shipped sites.yaml (data/embedded.h, parsed once; no file
// is read), flattened in file order (site by site, source by source), each with
// what the extractor fuzz targets need besides the fuzzed bytes: the URL of its
// first list page, a detail URL and, for sources with a lookup, the lookup URL
// ExtractListPage builds from a valid item (and a valid answer to it). A target
// picks a source with its input's first byte (SourceFor).
//
// Valid items are synthesised from the rules themselves: a JSON list page with
// one item holding every value the templates and item fields read (each "1"),
// success_path set to success_value. Anything unexpected (a source whose
// synthetic page does not extract) aborts at start-up: the harness must be
// fixed before fuzzing means anything.
#pragma once
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/site_config.h"
#include "data/embedded.h"
#include "parsers/extractor.h"

namespace gapwatch::fuzz {

[[noreturn]] inline void HarnessFailure(const std::string& message) {
  std::fprintf(stderr, "fuzz harness: %s\n", message.c_str());
  std::abort();
}

// Sets the value at a sites.yaml JSON path (names, [N], [*] and [?name=value]
// steps), creating what is missing: [*] and [?…] make or reuse element 0.
inline void SetAtPath(nlohmann::json& root, std::string_view path, const nlohmann::json& value) {
  nlohmann::json* at = &root;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    const std::size_t end = std::min(path.find_first_of(".[", pos), path.size());
    const std::string name(path.substr(pos, end - pos));
    if (!name.empty()) {
      if (!at->is_object()) *at = nlohmann::json::object();
      at = &(*at)[name];
    }
    pos = end;
    while (pos < path.size() && path[pos] == '[') {
      const std::size_t close = path.find(']', pos);
      if (close == std::string_view::npos) HarnessFailure("bad path " + std::string(path));
      const std::string step(path.substr(pos + 1, close - pos - 1));
      std::size_t index = 0;
      if (!step.empty() && step[0] != '*' && step[0] != '?') index = std::stoul(step);
      if (!at->is_array()) *at = nlohmann::json::array();
      while (at->size() <= index) at->push_back(nlohmann::json::object());
      at = &(*at)[index];
      if (!step.empty() && step[0] == '?') {
        const std::size_t equals = step.find('=');
        if (!at->is_object()) *at = nlohmann::json::object();
        (*at)[step.substr(1, equals - 1)] = step.substr(equals + 1);
      }
      pos = close + 1;
    }
    if (pos < path.size() && path[pos] == '.') ++pos;
    if (pos >= path.size()) break;
  }
  *at = value;
}

// The {field} placeholders of a URL template (not {lookup}).
inline std::vector<std::string> TemplateFields(const std::string& url_template) {
  std::vector<std::string> fields;
  for (std::size_t open = url_template.find('{'); open != std::string::npos; open = url_template.find('{', open + 1)) {
    const std::size_t close = url_template.find('}', open);
    if (close == std::string::npos) break;
    const std::string field = url_template.substr(open + 1, close - open - 1);
    if (field != "lookup") fields.push_back(field);
  }
  return fields;
}

struct FuzzSource {
  const SiteConfig* site = nullptr;
  const SourceRules* rules = nullptr;
  std::string list_url;       // the first list page
  std::string detail_url;     // a detail URL as the list would give it (resolved when there is a lookup)
  std::string lookup_url;     // non-empty when the source has a lookup
  std::string lookup_answer;  // a valid answer to lookup_url
  Notice from_list;           // the valid item's notice
};

inline FuzzSource MakeFuzzSource(const SiteConfig& site, const SourceRules& rules) {
  FuzzSource source;
  source.site = &site;
  source.rules = &rules;
  source.list_url = ListPageUrl(site, rules, rules.list.first_page);
  const std::string origin = rules.base_url.empty() ? site.base_url : rules.base_url;
  source.detail_url = origin + "/fuzz/detail.html?id=1";
  source.from_list.site = site.name;
  source.from_list.url = source.detail_url;
  source.from_list.domain = rules.domain;
  if (rules.list_format != "json") return source;

  nlohmann::json item = nlohmann::json::object();
  std::vector<std::string> fields = TemplateFields(rules.detail_url);
  if (rules.lookup) {
    for (const std::string& field : TemplateFields(rules.lookup->url)) fields.push_back(field);
    for (const std::string& field : TemplateFields(rules.lookup->json)) fields.push_back(field);
  }
  if (rules.link) fields.push_back(rules.link->json);
  for (const auto& [name, rule] : rules.item_fields) {
    if (!rule.json.empty()) fields.push_back(rule.json);
  }
  for (const std::string& field : fields)
    SetAtPath(item, field, rules.link && field == rules.link->json ? "/fuzz/detail.html?id=1" : "1");
  nlohmann::json page = nlohmann::json::object();
  SetAtPath(page, rules.items_path, item);
  if (!rules.success_path.empty()) SetAtPath(page, rules.success_path, rules.success_value);
  ListPage list;
  try {
    list = ExtractListPage(rules, site.name, site.base_url, source.list_url, page.dump());
  } catch (const ExtractError& error) {
    HarnessFailure(site.name + "/" + rules.name + ": the synthetic list page does not extract: " + error.what());
  }
  if (list.items.size() != 1) HarnessFailure(site.name + "/" + rules.name + ": the synthetic list page has no item");
  source.from_list = list.items[0].notice;
  if (!list.items[0].lookup) {
    source.detail_url = list.items[0].detail_url;
    return source;
  }
  source.lookup_url = list.items[0].detail_url;
  nlohmann::json answer = nlohmann::json::object();
  SetAtPath(answer, rules.lookup->json, "2005939215280603137");
  source.lookup_answer = answer.dump();
  try {
    source.detail_url = ResolveLookup(source.lookup_url, source.lookup_answer);
  } catch (const ExtractError& error) {
    HarnessFailure(site.name + "/" + rules.name + ": the synthetic lookup answer does not resolve: " + error.what());
  }
  return source;
}

inline const SitesConfig& ShippedConfig() {
  static const SitesConfig config = LoadSitesConfig(std::string(embedded::sites_yaml()), "sites.yaml");
  return config;
}

inline const std::vector<FuzzSource>& ShippedSources() {
  static const std::vector<FuzzSource> sources = [] {
    std::vector<FuzzSource> all;
    for (const SiteConfig& site : ShippedConfig().sites) {
      for (const SourceRules& rules : site.sources) all.push_back(MakeFuzzSource(site, rules));
    }
    if (all.empty()) HarnessFailure("the shipped sites.yaml has no source");
    return all;
  }();
  return sources;
}

// True when `url` is an absolute http(s) URL, as every URL the extractor builds must be.
inline bool IsHttpUrl(std::string_view url) { return url.substr(0, 7) == "http://" || url.substr(0, 8) == "https://"; }

}  // namespace gapwatch::fuzz
