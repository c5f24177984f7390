// Declarative extraction rules: the `sources[]` entries of sites.yaml that say
// how to read a site's list pages and notice details (docs/sites-yaml.md).
// ParseSourceRules validates one source and throws ConfigError naming the file,
// line and key of the first problem (unknown key, missing key, bad value,
// pattern that does not compile or has no group, malformed JSON path, a field
// that is not a notice field, a normaliser that does not fit its field).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parsers/strict_yaml.h"

namespace gapwatch {

// How to read one field. Exactly one of json / labels is set; pattern may
// narrow either (it runs on the value after NormaliseText, group 1 is kept,
// no match means no value).
struct FieldRule {
  std::string json;                 // JSON path into the item or detail document
  std::vector<std::string> labels;  // label–value lookup in the detail text
  std::string pattern;              // optional RE2 applied to the selected text; group 1 is kept
  std::string normalise;            // text | code | party | money | date | datetime
};

// Multi-lot result tables: a <table> whose header row holds every cell of
// `table_header` gives one lot per data row.
struct LotRules {
  std::vector<std::string> table_header;
  std::map<std::string, std::vector<std::string>> columns;  // name / supplier / amount_yuan -> header variants
};

struct ListRequest {
  std::string url;                           // path (or absolute URL) on the site's base URL
  std::map<std::string, std::string> query;  // fixed query parameters
  std::string page_param;                    // the page-number query parameter ("" when the request carries it)
  int first_page = 1;
  std::string page_size_param;  // empty when the site has no page-size parameter
  int page_size = 0;
  // A routine crawl stops walking the list after this many consecutive items
  // it already has, unchanged (newest first: the rest is older still).
  int stop_after_known = 20;
  // The `request` node as written; crawler/site_config.cc reads it as a
  // request template at load time (parsers/ only describe, never send).
  std::optional<ConfigNode> request;
};

struct SourceRules {
  std::string name;
  std::string domain;  // procurement, construction, land, mining, property, housing, credit, portal
  ListRequest list;
  std::string list_format;  // json
  std::string items_path;   // JSON path of the item array, e.g. data.rows[*]
  std::string total_path;   // JSON path of the total item count, may be empty
  // A list page counts only when the value at success_path equals success_value
  // (ygp answers a refused request with HTTP 200 and errcode 90104): a refusal
  // must never read as the end of the list.
  std::string success_path;
  std::string success_value;
  std::string detail_url;                       // template; {field} is an item's JSON field, URL-encoded
  std::string kind_field;                       // item field holding the site's type code
  std::map<std::string, std::string> kind_map;  // site code -> notice kind
  std::map<std::string, FieldRule> item_fields;
  std::string detail_format;  // json
  std::string detail_html;    // JSON path of the HTML body inside the detail document
  std::map<std::string, FieldRule> detail_fields;
  std::optional<LotRules> lots;
  std::map<std::string, std::vector<std::string>> required;  // notice kind -> fields that must be present
};

// Field names a rule may fill (the keys of `gapwatch parse` output).
const std::vector<std::string>& NoticeFieldNames();

// The notice kinds a kind map (and the title fallback) may give: intention,
// tender, prequalification, correction, candidates, award, termination,
// contract, acceptance, single_source, licence, penalty, blacklist, plan,
// annual_report, other.
const std::vector<std::string>& NoticeKinds();

// The domains a source may declare: procurement, construction, land, mining,
// property, housing, credit, portal.
const std::vector<std::string>& NoticeDomains();

SourceRules ParseSourceRules(const ConfigNode& source);

}  // namespace gapwatch
