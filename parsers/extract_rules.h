// Declarative extraction rules: the `sources[]` entries of sites.yaml that say
// how to read a site's list pages and notice details (docs/sites-yaml.md).
// ParseSourceRules validates one source and throws ConfigError naming the file,
// line and key of the first problem (unknown key, missing key, a key given
// twice, bad value, pattern that does not compile or has no group, malformed
// JSON path, selector that does not parse, a value source that the page format
// cannot give (css on JSON, json on HTML, label without HTML), a field that is
// not a notice field, a normaliser that does not fit its field).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parsers/strict_yaml.h"

namespace gapwatch {

// Where a value comes from. Exactly one of json / labels / css / url is set;
// pattern may narrow any of them (it runs on the value after NormaliseText,
// group 1 is kept, no match means no value).
struct FieldRule {
  std::string json;                 // JSON path into the item or detail document
  std::vector<std::string> labels;  // label–value lookup in the detail text
  std::string css;                  // selector (parsers/selector.h): the first match's text…
  std::string attr;                 // …or this attribute of it
  std::string url;                  // "path", or "query.NAME": the page's own URL, percent-decoded
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
  std::string url;                           // path (or absolute URL) of the first page
  std::map<std::string, std::string> query;  // fixed query parameters
  std::string page_param;                    // the page-number query parameter ("" when the request carries it)
  // Pages after the first at their own path: a template with {page}, e.g.
  // /zw/gczbtb/zbgg/index_{page}.html (then no page_param).
  std::string page_url;
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

// How each list item reaches its detail: a URL template over the item's
// values ({json.path}), or the link the item holds; optionally through one
// lookup request first (ygp's node id), whose answer fills {lookup}.
struct DetailLookup {
  std::string url;   // template like detail_url
  std::string json;  // template of the JSON path read from the lookup's answer
};

// How an item's kind is decided: the site's own code (json or css value)
// through `map`, else the title's ending through `title_suffixes` (longest
// first), else `fixed`, else "other".
struct KindRules {
  std::optional<FieldRule> code;
  std::map<std::string, std::string> map;             // site code -> notice kind
  std::map<std::string, std::string> title_suffixes;  // 结果公告 -> award
  std::string fixed;
};

struct SourceRules {
  std::string name;
  std::string domain;    // procurement, construction, land, mining, property, housing, credit, portal
  std::string base_url;  // the source's own origin when it is not the site's (an older generation's host)
  ListRequest list;
  std::string list_format;               // json | html
  std::string items_path;                // json: JSON path of the item array, e.g. data.rows[*]
  std::string items_selector;            // html: selector of the item elements
  std::string total_path;                // json: JSON path of the total item count, may be empty
  std::optional<FieldRule> total_pages;  // the page count the list states, when it does
  // A list page counts only when the value at success_path equals success_value
  // (ygp answers a refused request with HTTP 200 and errcode 90104): a refusal
  // must never read as the end of the list.
  std::string success_path;
  std::string success_value;
  std::string detail_url;         // template; {field} is an item's JSON value, URL-encoded
  std::optional<FieldRule> link;  // or the detail's link in the item (resolved against the list page)
  std::optional<DetailLookup> lookup;
  KindRules kind;
  std::map<std::string, FieldRule> item_fields;
  std::string detail_format;  // json | html
  std::string detail_html;    // json: JSON path of the HTML body inside the detail document
  std::string detail_scope;   // html: selector of the part holding labels and lots ("" = all)
  // Labels of rows the platform updates by design (a licence's 当前状态, a
  // blacklisting's 移除黑名单日期): such a row, and a field read from it, are
  // no part of what the notice says (ReadDetail's content).
  std::vector<std::string> detail_volatile;
  std::map<std::string, FieldRule> detail_fields;
  // Mandatory contents that are not notice fields (评审专家名单, 处罚依据…): named
  // rules whose only use is to be present or not (`required`).
  std::map<std::string, FieldRule> contents;
  std::optional<LotRules> lots;
  std::map<std::string, std::vector<std::string>> required;  // notice kind -> fields or contents that must be present
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

// A `pattern` as it runs: on text whose full-width forms are folded to ASCII
// (normalise), so the pattern's own full-width characters are folded too,
// escaped where ASCII makes them special: 来源：(.+) runs as 来源:(.+), and a
// literal （ as \(.
std::string FoldedPattern(const std::string& pattern);

}  // namespace gapwatch
