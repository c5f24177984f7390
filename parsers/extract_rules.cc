#include "parsers/extract_rules.h"

#include <re2/re2.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "parsers/json_path.h"

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

// Lists and details are JSON in this slice; html comes with the sites that need it.
std::string Format(const ConfigNode& node) {
  std::string format = node.String();
  if (format != "json") node.Fail("unsupported format '" + format + "' (supported: json)");
  return format;
}

// A detail URL template: text with {json.path} placeholders.
std::string DetailUrlTemplate(const ConfigNode& node) {
  std::string url = NonEmptyString(node);
  for (std::size_t pos = 0; pos < url.size(); ++pos) {
    if (url[pos] == '}') node.Fail("'}' without '{' in '" + url + "'");
    if (url[pos] != '{') continue;
    const std::size_t close = url.find('}', pos);
    if (close == std::string::npos) node.Fail("'{' without '}' in '" + url + "'");
    try {
      JsonPath::Parse(url.substr(pos + 1, close - pos - 1));
    } catch (const std::invalid_argument& error) {
      node.Fail(error.what());
    }
    pos = close;
  }
  return url;
}

// Which normalisers make sense for a field: an amount must be money, a date a
// date, anything else text; a mismatch would store garbage silently.
std::vector<std::string> NormalisersFor(const std::string& field) {
  if (field == "budget_yuan" || field == "amount_yuan") return {"money"};
  if (field == "published" || field == "opening" || field == "decided" || field == "signed") {
    return {"date", "datetime"};
  }
  if (field == "buyer" || field == "agency" || field == "supplier") return {"party", "text"};
  return {"text", "code"};
}

FieldRule ParseFieldRule(const std::string& field, const ConfigNode& node, bool labels_allowed) {
  if (!Contains(NoticeFieldNames(), field)) {
    node.Fail("unknown field '" + field + "' (expected one of: " + Join(NoticeFieldNames()) + ")");
  }
  static const std::set<std::string> kSetByExtractor = {"site", "url", "kind", "domain"};
  if (kSetByExtractor.count(field)) node.Fail("'" + field + "' is set by the extractor, not by a field rule");
  node.CheckKeys({"normalise"}, {"json", "label", "pattern"});
  if (node.Has("json") == node.Has("label")) node.Fail("give exactly one of 'json' or 'label'");
  FieldRule rule;
  if (node.Has("json")) {
    rule.json = JsonPathValue(node.Child("json"));
  } else {
    const ConfigNode labels = node.Child("label");
    if (!labels_allowed) labels.Fail("label rules read detail pages; list items take 'json'");
    rule.labels = NonEmptyList(labels);
  }
  if (node.Has("pattern")) {
    const ConfigNode pattern = node.Child("pattern");
    rule.pattern = NonEmptyString(pattern);
    RE2::Options options;
    options.set_log_errors(false);
    const RE2 compiled(rule.pattern, options);
    if (!compiled.ok()) pattern.Fail("pattern does not compile: " + compiled.error());
    if (compiled.NumberOfCapturingGroups() < 1) pattern.Fail("pattern needs a capture group (group 1 is kept)");
  }
  const ConfigNode normalise = node.Child("normalise");
  rule.normalise = OneOf(normalise, {"text", "code", "party", "money", "date", "datetime"});
  const std::vector<std::string> fitting = NormalisersFor(field);
  if (!Contains(fitting, rule.normalise)) {
    normalise.Fail("field '" + field + "' needs normalise: " + Join(fitting));
  }
  return rule;
}

std::map<std::string, FieldRule> ParseFieldRules(const ConfigNode& node, bool labels_allowed) {
  std::map<std::string, FieldRule> rules;
  for (const auto& [field, rule] : node.Entries()) rules[field] = ParseFieldRule(field, rule, labels_allowed);
  return rules;
}

void ParseList(const ConfigNode& list, SourceRules& rules) {
  list.CheckKeys({"url", "format", "items"}, {"query", "page_param", "first_page", "page_size_param", "page_size",
                                              "total", "stop_after_known", "request", "success"});
  rules.list.url = NonEmptyString(list.Child("url"));
  if (list.Has("query")) rules.list.query = list.Child("query").StringMap();
  // A request template (crawler/request_template.h) may carry the page in its body instead of the query.
  if (list.Has("request")) rules.list.request = list.Child("request");
  if (list.Has("page_param")) {
    rules.list.page_param = NonEmptyString(list.Child("page_param"));
  } else if (!rules.list.request) {
    list.Fail("missing key 'page_param' (a list without a request template pages through a query parameter)");
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
  const ConfigNode items = list.Child("items");
  rules.items_path = JsonPathValue(items);
  if (rules.items_path.size() < 4 || rules.items_path.substr(rules.items_path.size() - 3) != "[*]") {
    items.Fail("must select the elements of an array, e.g. data.rows[*]");
  }
  if (list.Has("total")) rules.total_path = JsonPathValue(list.Child("total"));
  if (list.Has("success")) {
    const ConfigNode success = list.Child("success");
    success.CheckKeys({"json", "equals"}, {});
    rules.success_path = JsonPathValue(success.Child("json"));
    rules.success_value = success.Child("equals").String();
  }
}

void ParseItem(const ConfigNode& item, SourceRules& rules) {
  item.CheckKeys({"detail_url"}, {"kind", "fields"});
  rules.detail_url = DetailUrlTemplate(item.Child("detail_url"));
  if (item.Has("kind")) {
    const ConfigNode kind = item.Child("kind");
    kind.CheckKeys({"field", "map"}, {});
    rules.kind_field = JsonPathValue(kind.Child("field"));
    for (const auto& [code, value] : kind.Child("map").Entries()) rules.kind_map[code] = OneOf(value, NoticeKinds());
  }
  if (item.Has("fields")) rules.item_fields = ParseFieldRules(item.Child("fields"), false);
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
  detail.CheckKeys({"format"}, {"html", "fields", "lots", "required"});
  rules.detail_format = Format(detail.Child("format"));
  if (detail.Has("html")) rules.detail_html = JsonPathValue(detail.Child("html"));
  if (detail.Has("fields")) {
    const ConfigNode fields = detail.Child("fields");
    rules.detail_fields = ParseFieldRules(fields, true);
    for (const auto& [field, rule] : rules.detail_fields) {
      if (!rule.labels.empty() && rules.detail_html.empty()) {
        fields.Child(field).Fail("label rules need detail.html (where the notice's HTML is)");
      }
    }
  }
  if (detail.Has("lots")) {
    const ConfigNode lots = detail.Child("lots");
    if (rules.detail_html.empty()) lots.Fail("lots need detail.html (where the notice's HTML is)");
    rules.lots = ParseLots(lots);
  }
  if (detail.Has("required")) {
    for (const auto& [kind, fields] : detail.Child("required").Entries()) {
      if (!Contains(NoticeKinds(), kind)) fields.Fail("'" + kind + "' is not one of: " + Join(NoticeKinds()));
      for (const auto& field : NonEmptyList(fields)) {
        if (!Contains(NoticeFieldNames(), field)) {
          fields.Fail("unknown field '" + field + "' (expected one of: " + Join(NoticeFieldNames()) + ")");
        }
        rules.required[kind].push_back(field);
      }
    }
  }
}

}  // namespace

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
  source.CheckKeys({"name", "domain", "list", "item", "detail"}, {});
  SourceRules rules;
  rules.name = NonEmptyString(source.Child("name"));
  rules.domain = OneOf(source.Child("domain"), NoticeDomains());
  ParseList(source.Child("list"), rules);
  ParseItem(source.Child("item"), rules);
  ParseDetail(source.Child("detail"), rules);
  return rules;
}

}  // namespace gapwatch
