#include "parsers/extract_rules.h"

#include <re2/re2.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "parsers/json_path.h"
#include "parsers/selector.h"
#include "parsers/utf8.h"

namespace gapwatch {
namespace {

bool Contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::string Join(const std::vector<std::string>& values) {
  std::string joined;
  for (const auto& value : values) joined += (joined.empty() ? "" : ", ") + value;
  return joined;
}

std::string NonEmptyString(const ConfigNode& node) {
  std::string value = node.String();
  if (value.empty()) node.Fail("must not be empty");
  return value;
}

std::vector<std::string> NonEmptyList(const ConfigNode& node) {
  std::vector<std::string> values = node.StringList();
  if (values.empty()) node.Fail("must list at least one value");
  for (const auto& value : values) {
    if (value.empty()) node.Fail("must not hold an empty value");
  }
  return values;
}

std::string OneOf(const ConfigNode& node, const std::vector<std::string>& allowed) {
  std::string value = node.String();
  if (!Contains(allowed, value)) node.Fail("'" + value + "' is not one of: " + Join(allowed));
  return value;
}

std::string JsonPathValue(const ConfigNode& node) {
  std::string path = NonEmptyString(node);
  try {
    JsonPath::Parse(path);
  } catch (const std::invalid_argument& error) {
    node.Fail(error.what());
  }
  return path;
}

std::string Format(const ConfigNode& node) { return OneOf(node, {"json", "html"}); }

std::string SelectorValue(const ConfigNode& node) {
  std::string text = NonEmptyString(node);
  try {
    Selector::Parse(text);
  } catch (const SelectorError& error) {
    node.Fail(error.what());
  }
  return text;
}

std::string PatternValue(const ConfigNode& node) {
  std::string pattern = NonEmptyString(node);
  RE2::Options options;
  options.set_log_errors(false);
  const RE2 compiled(FoldedPattern(pattern), options);
  if (!compiled.ok()) node.Fail("pattern does not compile: " + compiled.error());
  if (compiled.NumberOfCapturingGroups() < 1) node.Fail("pattern needs a capture group (group 1 is kept)");
  return pattern;
}

// A URL template: text with {json.path} placeholders ({lookup} when `lookup_allowed`).
std::string UrlTemplate(const ConfigNode& node, bool lookup_allowed) {
  std::string url = NonEmptyString(node);
  for (std::size_t pos = 0; pos < url.size(); ++pos) {
    if (url[pos] == '}') node.Fail("'}' without '{' in '" + url + "'");
    if (url[pos] != '{') continue;
    const std::size_t close = url.find('}', pos);
    if (close == std::string::npos) node.Fail("'{' without '}' in '" + url + "'");
    const std::string name = url.substr(pos + 1, close - pos - 1);
    if (name == "lookup") {
      if (!lookup_allowed) node.Fail("{lookup} needs item.lookup (and only detail_url may use it)");
    } else {
      try {
        JsonPath::Parse(name);
      } catch (const std::invalid_argument& error) {
        node.Fail(error.what());
      }
    }
    pos = close;
  }
  return url;
}

// Which normalisers make sense for a field: an amount must be money, a date a
// date, anything else text; a mismatch would store garbage silently.
std::vector<std::string> NormalisersFor(const std::string& field) {
  if (field == "budget_yuan" || field == "amount_yuan") return {"money"};
  if (field == "published" || field == "opening" || field == "decided" || field == "signed" || field == "delisted") {
    return {"date", "datetime"};
  }
  if (field == "buyer" || field == "agency" || field == "supplier") return {"party", "text"};
  return {"text", "code"};
}

// Where a value may come from in one place of sites.yaml.
struct ValueSources {
  bool json = false;   // a JSON item or document
  bool label = false;  // label–value text of an HTML body
  bool css = false;    // an HTML element
  bool url = false;    // the page's own URL
};

// The source keys of a value rule (json, label, css + attr, url) and its pattern.
FieldRule ParseValueRule(const ConfigNode& node, const ValueSources& allowed, const std::string& where) {
  FieldRule rule;
  int given = 0;
  const auto refuse = [&](const char* key, bool ok, const std::string& why) {
    if (node.Has(key) && !ok) node.Child(key).Fail("'" + std::string(key) + "' cannot be used " + where + why);
  };
  refuse("json", allowed.json, " (the page is not JSON)");
  refuse("label", allowed.label, " (no HTML body to read labels from)");
  refuse("css", allowed.css, " (the page is not HTML)");
  refuse("url", allowed.url, "");
  if (node.Has("json")) {
    rule.json = JsonPathValue(node.Child("json"));
    ++given;
  }
  if (node.Has("label")) {
    rule.labels = NonEmptyList(node.Child("label"));
    ++given;
  }
  if (node.Has("css")) {
    rule.css = SelectorValue(node.Child("css"));
    ++given;
  }
  if (node.Has("attr")) {
    if (!node.Has("css")) node.Child("attr").Fail("'attr' reads an attribute of the element that 'css' selects");
    rule.attr = NonEmptyString(node.Child("attr"));
  }
  if (node.Has("url")) {
    const ConfigNode url = node.Child("url");
    rule.url = NonEmptyString(url);
    if (rule.url != "path" && !(rule.url.starts_with("query.") && rule.url.size() > 6)) {
      url.Fail("expected 'path' or 'query.NAME', got '" + rule.url + "'");
    }
    ++given;
  }
  if (given != 1) {
    std::vector<std::string> keys;
    if (allowed.json) keys.push_back("json");
    if (allowed.label) keys.push_back("label");
    if (allowed.css) keys.push_back("css");
    if (allowed.url) keys.push_back("url");
    node.Fail("give exactly one of: " + Join(keys));
  }
  if (node.Has("pattern")) rule.pattern = PatternValue(node.Child("pattern"));
  return rule;
}

FieldRule ParseFieldRule(const std::string& field, const ConfigNode& node, const ValueSources& allowed,
                         const std::string& where) {
  if (!Contains(NoticeFieldNames(), field)) {
    node.Fail("unknown field '" + field + "' (expected one of: " + Join(NoticeFieldNames()) + ")");
  }
  static const std::set<std::string> kSetByExtractor = {"site", "url", "kind", "domain"};
  if (kSetByExtractor.count(field)) node.Fail("'" + field + "' is set by the extractor, not by a field rule");
  node.CheckKeys({"normalise"}, {"json", "label", "css", "attr", "url", "pattern"});
  FieldRule rule = ParseValueRule(node, allowed, where);
  const ConfigNode normalise = node.Child("normalise");
  rule.normalise = OneOf(normalise, {"text", "code", "party", "money", "date", "datetime"});
  const std::vector<std::string> fitting = NormalisersFor(field);
  if (!Contains(fitting, rule.normalise)) {
    normalise.Fail("field '" + field + "' needs normalise: " + Join(fitting));
  }
  return rule;
}

FieldRule ParsePlainValueRule(const ConfigNode& node, const ValueSources& allowed, const std::string& where) {
  node.CheckKeys({}, {"json", "label", "css", "attr", "url", "pattern"});
  FieldRule rule = ParseValueRule(node, allowed, where);
  rule.normalise = "text";
  return rule;
}

std::map<std::string, FieldRule> ParseFieldRules(const ConfigNode& node, const ValueSources& allowed,
                                                 const std::string& where) {
  std::map<std::string, FieldRule> rules;
  for (const auto& [field, rule] : node.Entries()) rules[field] = ParseFieldRule(field, rule, allowed, where);
  return rules;
}

void ParseList(const ConfigNode& list, SourceRules& rules) {
  list.CheckKeys({"url", "format", "items"},
                 {"query", "page_param", "page_url", "first_page", "page_size_param", "page_size", "total",
                  "total_pages", "stop_after_known", "request", "success"});
  rules.list.url = NonEmptyString(list.Child("url"));
  if (list.Has("query")) rules.list.query = list.Child("query").StringMap();
  // A request template (crawler/request_template.h) may carry the page in its body instead of the query.
  if (list.Has("request")) rules.list.request = list.Child("request");
  if (list.Has("page_param") && list.Has("page_url")) list.Fail("give 'page_param' or 'page_url', not both");
  if (list.Has("page_param")) {
    rules.list.page_param = NonEmptyString(list.Child("page_param"));
  } else if (list.Has("page_url")) {
    const ConfigNode page_url = list.Child("page_url");
    rules.list.page_url = NonEmptyString(page_url);
    if (rules.list.page_url.find("{page}") == std::string::npos) page_url.Fail("must contain {page}");
  } else if (!rules.list.request) {
    list.Fail(
        "missing key 'page_param' (a list pages through a query parameter, a 'page_url' template or a request "
        "template)");
  }
  rules.list.first_page = list.IntOr("first_page", 1, 0, 1);
  if (list.Has("page_size_param") && !list.Has("page_size")) list.Fail("page_size_param needs page_size");
  if (list.Has("page_size") && !list.Has("page_size_param") && !rules.list.request) {
    list.Fail("page_size needs page_size_param (or a request template that uses {page_size})");
  }
  if (list.Has("page_size_param")) rules.list.page_size_param = NonEmptyString(list.Child("page_size_param"));
  if (list.Has("page_size")) rules.list.page_size = list.Child("page_size").Int(1, 1000);
  rules.list.stop_after_known = list.IntOr("stop_after_known", rules.list.stop_after_known, 1, 100000);
  rules.list_format = Format(list.Child("format"));
  const bool json = rules.list_format == "json";
  const ConfigNode items = list.Child("items");
  if (json) {
    rules.items_path = JsonPathValue(items);
    if (rules.items_path.size() < 4 || rules.items_path.substr(rules.items_path.size() - 3) != "[*]") {
      items.Fail("must select the elements of an array, e.g. data.rows[*]");
    }
  } else {
    rules.items_selector = SelectorValue(items);
  }
  if (list.Has("total")) {
    if (!json) list.Child("total").Fail("'total' is a JSON path; an HTML list states 'total_pages'");
    rules.total_path = JsonPathValue(list.Child("total"));
  }
  if (list.Has("total_pages")) {
    rules.total_pages = ParsePlainValueRule(list.Child("total_pages"), {.json = json, .css = !json}, "in a list");
  }
  if (list.Has("success")) {
    const ConfigNode success = list.Child("success");
    if (!json) success.Fail("'success' reads a JSON answer");
    success.CheckKeys({"json", "equals"}, {});
    rules.success_path = JsonPathValue(success.Child("json"));
    rules.success_value = success.Child("equals").String();
  }
}

void ParseKind(const ConfigNode& kind, bool json, KindRules& rules) {
  kind.CheckKeys({}, {"json", "css", "attr", "pattern", "map", "title", "fixed"});
  if (kind.Has("json") || kind.Has("css")) {
    if (!kind.Has("map")) kind.Fail("a kind code needs 'map' (the site's codes to notice kinds)");
    FieldRule rule;
    if (kind.Has("json")) {
      if (!json) kind.Child("json").Fail("'json' cannot be used in an HTML list");
      rule.json = JsonPathValue(kind.Child("json"));
    } else {
      if (json) kind.Child("css").Fail("'css' cannot be used in a JSON list");
      rule.css = SelectorValue(kind.Child("css"));
      if (kind.Has("attr")) rule.attr = NonEmptyString(kind.Child("attr"));
    }
    if (kind.Has("pattern")) rule.pattern = PatternValue(kind.Child("pattern"));
    rule.normalise = "text";
    rules.code = rule;
  } else if (kind.Has("map")) {
    kind.Child("map").Fail("'map' needs 'json' or 'css' (where the site's code is)");
  }
  if (kind.Has("map")) {
    for (const auto& [code, value] : kind.Child("map").Entries()) rules.map[code] = OneOf(value, NoticeKinds());
  }
  if (kind.Has("title")) {
    for (const auto& [suffix, value] : kind.Child("title").Entries()) {
      rules.title_suffixes[suffix] = OneOf(value, NoticeKinds());
    }
  }
  if (kind.Has("fixed")) rules.fixed = OneOf(kind.Child("fixed"), NoticeKinds());
}

void ParseItem(const ConfigNode& item, SourceRules& rules) {
  item.CheckKeys({}, {"detail_url", "link", "lookup", "kind", "fields"});
  const bool json = rules.list_format == "json";
  const ValueSources in_item{.json = json, .css = !json};
  if (item.Has("detail_url") == item.Has("link")) item.Fail("give exactly one of 'detail_url' or 'link'");
  if (item.Has("detail_url")) {
    if (!json) item.Child("detail_url").Fail("an HTML list item gives its detail as a 'link'");
    rules.detail_url = UrlTemplate(item.Child("detail_url"), item.Has("lookup"));
  } else {
    rules.link = ParsePlainValueRule(item.Child("link"), in_item, "in a list item");
  }
  if (item.Has("lookup")) {
    const ConfigNode lookup = item.Child("lookup");
    if (!json || rules.detail_url.find("{lookup}") == std::string::npos) {
      lookup.Fail("a lookup fills {lookup} in the detail_url of a JSON list");
    }
    lookup.CheckKeys({"url", "json"}, {});
    DetailLookup parsed;
    parsed.url = UrlTemplate(lookup.Child("url"), false);
    parsed.json = NonEmptyString(lookup.Child("json"));
    rules.lookup = parsed;
  }
  if (item.Has("kind")) ParseKind(item.Child("kind"), json, rules.kind);
  if (item.Has("fields")) rules.item_fields = ParseFieldRules(item.Child("fields"), in_item, "in a list item");
}

LotRules ParseLots(const ConfigNode& lots) {
  lots.CheckKeys({"table_header", "columns"}, {});
  LotRules rules;
  rules.table_header = NonEmptyList(lots.Child("table_header"));
  const ConfigNode columns = lots.Child("columns");
  columns.CheckKeys({"supplier", "amount_yuan"}, {"name"});
  for (const auto& [column, variants] : columns.Entries()) rules.columns[column] = NonEmptyList(variants);
  return rules;
}

void ParseDetail(const ConfigNode& detail, SourceRules& rules) {
  detail.CheckKeys({"format"}, {"html", "scope", "volatile", "fields", "contents", "lots", "required"});
  rules.detail_format = Format(detail.Child("format"));
  const bool json = rules.detail_format == "json";
  if (detail.Has("html")) {
    if (!json) detail.Child("html").Fail("'html' locates HTML inside a JSON detail; this detail is HTML");
    rules.detail_html = JsonPathValue(detail.Child("html"));
  }
  const bool has_html = !json || !rules.detail_html.empty();
  if (detail.Has("scope")) {
    if (!has_html) detail.Child("scope").Fail("'scope' needs HTML (format html, or detail.html)");
    rules.detail_scope = SelectorValue(detail.Child("scope"));
  }
  if (detail.Has("volatile")) {
    if (!has_html) detail.Child("volatile").Fail("'volatile' names labels of the HTML body; this detail has none");
    rules.detail_volatile = NonEmptyList(detail.Child("volatile"));
  }
  const ValueSources allowed{.json = json, .label = has_html, .css = has_html, .url = true};
  const std::string where = json && !has_html ? "without detail.html" : "in this detail";
  if (detail.Has("fields")) rules.detail_fields = ParseFieldRules(detail.Child("fields"), allowed, where);
  if (detail.Has("contents")) {
    for (const auto& [name, rule] : detail.Child("contents").Entries()) {
      if (Contains(NoticeFieldNames(), name)) rule.Fail("'" + name + "' is a notice field: give it under 'fields'");
      rules.contents[name] = ParsePlainValueRule(rule, allowed, where);
    }
  }
  if (detail.Has("lots")) {
    const ConfigNode lots = detail.Child("lots");
    if (!has_html) lots.Fail("lots need HTML (format html, or detail.html)");
    rules.lots = ParseLots(lots);
  }
  if (detail.Has("required")) {
    for (const auto& [kind, fields] : detail.Child("required").Entries()) {
      if (!Contains(NoticeKinds(), kind)) fields.Fail("'" + kind + "' is not one of: " + Join(NoticeKinds()));
      for (const auto& field : NonEmptyList(fields)) {
        if (!Contains(NoticeFieldNames(), field) && !rules.contents.count(field)) {
          fields.Fail("unknown field '" + field + "' (expected a notice field, " + Join(NoticeFieldNames()) +
                      ", or one of detail.contents)");
        }
        rules.required[kind].push_back(field);
      }
    }
  }
}

}  // namespace

std::string FoldedPattern(const std::string& pattern) {
  std::string folded;
  for (std::size_t pos = 0; pos < pattern.size();) {
    const utf8::CodePoint cp = utf8::Decode(pattern, pos);
    if (cp.valid && cp.value >= 0xFF01 && cp.value <= 0xFF5E) {
      const char ascii = static_cast<char>(cp.value - 0xFF01 + '!');
      if (std::string_view("\\^$.|?*+()[]{}").find(ascii) != std::string_view::npos) folded += '\\';
      folded += ascii;
    } else if (cp.valid && cp.value == 0x3000) {
      folded += ' ';
    } else {
      folded.append(pattern, pos, cp.length);
    }
    pos += cp.length;
  }
  return folded;
}

const std::vector<std::string>& NoticeKinds() {
  static const std::vector<std::string> kinds = {"intention",  "tender",        "prequalification", "correction",
                                                 "candidates", "award",         "termination",      "contract",
                                                 "acceptance", "single_source", "licence",          "penalty",
                                                 "blacklist",  "plan",          "annual_report",    "other"};
  return kinds;
}

const std::vector<std::string>& NoticeDomains() {
  static const std::vector<std::string> domains = {"procurement", "construction", "land",   "mining",
                                                   "property",    "housing",      "credit", "portal"};
  return domains;
}

SourceRules ParseSourceRules(const ConfigNode& source) {
  source.CheckKeys({"name", "domain", "list", "item", "detail"}, {"base_url"});
  SourceRules rules;
  rules.name = NonEmptyString(source.Child("name"));
  rules.domain = OneOf(source.Child("domain"), NoticeDomains());
  if (source.Has("base_url")) {
    const ConfigNode base_url = source.Child("base_url");
    rules.base_url = NonEmptyString(base_url);
    const std::size_t scheme_end = rules.base_url.find("://");
    if (!(rules.base_url.starts_with("http://") || rules.base_url.starts_with("https://")) ||
        rules.base_url.find('/', scheme_end + 3) != std::string::npos) {
      base_url.Fail("expected an origin like https://host (no path), got '" + rules.base_url + "'");
    }
  }
  ParseList(source.Child("list"), rules);
  ParseItem(source.Child("item"), rules);
  ParseDetail(source.Child("detail"), rules);
  return rules;
}

}  // namespace gapwatch
