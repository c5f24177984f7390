#include "parsers/extractor.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "parsers/html.h"
#include "parsers/identifiers.h"
#include "parsers/json_path.h"
#include "parsers/normalise.h"
#include "parsers/notice_fields.h"
#include "parsers/notice_json.h"
#include "parsers/percent_encode.h"
#include "parsers/selector.h"
#include "parsers/url.h"
#include "parsers/utf8.h"

namespace gapwatch {
namespace {

using Cells = std::vector<std::string>;

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Patterns come from sites.yaml, a few dozen in all: each is compiled once,
// folded as the text it runs on (FoldedPattern).
const RE2& Compiled(const std::string& pattern) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::unique_ptr<const RE2>> compiled;
  const std::lock_guard<std::mutex> lock(mutex);
  auto& entry = compiled[pattern];
  if (!entry) entry = std::make_unique<const RE2>(FoldedPattern(pattern));
  return *entry;
}

// Selectors likewise, parsed once each (ParseSourceRules has checked them).
const Selector& CompiledSelector(const std::string& text) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::unique_ptr<const Selector>> compiled;
  const std::lock_guard<std::mutex> lock(mutex);
  auto& entry = compiled[text];
  if (!entry) entry = std::make_unique<const Selector>(Selector::Parse(text));
  return *entry;
}

nlohmann::json ParseJson(const std::string& url, std::string_view body) {
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception& error) {
    // A syntax error, or a number beyond a double (1e999: out_of_range.406).
    // what() starts with "[json.exception.parse_error.101] "; the rest says where and why.
    const std::string what = error.what();
    const std::size_t tag_end = what.find("] ");
    throw ExtractError(url, "expected JSON (" + (tag_end == std::string::npos ? what : what.substr(tag_end + 2)) + ")");
  }
}

// Text read from the parsed page is already free of markup, its entities
// decoded: escaped back, the normalisers (which strip highlight tags from JSON
// values) keep a title the page printed as &lt;script&gt; as the text it is.
std::string AsMarkup(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> Normalise(const FieldRule& rule, std::string_view raw, MoneyUnit unit) {
  std::string value = NormaliseText(raw);
  if (!rule.pattern.empty()) {
    const RE2& pattern = Compiled(rule.pattern);
    std::string group;
    if (!RE2::PartialMatch(value, pattern, &group)) return std::nullopt;
    value = group;
  }
  std::optional<std::string> normalised;
  if (rule.normalise == "money") {
    normalised = NormaliseMoney(value, unit);
  } else if (rule.normalise == "date") {
    normalised = NormaliseDate(value);
  } else if (rule.normalise == "datetime") {
    normalised = NormaliseDateTime(value);
  } else {
    // `value` is normalised text already; the identifier normalisers read markup, as it came.
    normalised = rule.normalise == "code"    ? CanonicalProjectCode(AsMarkup(value))
                 : rule.normalise == "party" ? CanonicalPartyName(AsMarkup(value))
                                             : value;
  }
  if (normalised && normalised->empty()) return std::nullopt;
  return normalised;
}

std::optional<std::string> FromJson(const nlohmann::json& document, const FieldRule& rule) {
  const nlohmann::json* value = JsonPath::Parse(rule.json).First(document);
  const std::optional<std::string> text = value ? JsonScalarToString(*value) : std::nullopt;
  return text ? Normalise(rule, *text, MoneyUnit::kYuan) : std::nullopt;
}

// The first element the rule's selector matches below `root` whose text (or
// attribute; a script's source) normalises.
std::optional<std::string> FromHtml(const GumboNode* root, const FieldRule& rule) {
  for (const GumboNode* node : CompiledSelector(rule.css).Select(root)) {
    std::string text;
    if (rule.attr.empty() && node->v.element.tag == GUMBO_TAG_SCRIPT) {
      // NodeText skips scripts; a selected one is read as written (createPageHTML('page_div', 7, …)).
      const GumboVector& children = node->v.element.children;
      for (unsigned i = 0; i < children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(children.data[i]);
        if (child->type == GUMBO_NODE_TEXT) text += child->v.text.text;
      }
    } else if (rule.attr.empty()) {
      text = NodeText(node);
    } else {
      const GumboAttribute* attribute = gumbo_get_attribute(&node->v.element.attributes, rule.attr.c_str());
      if (attribute == nullptr) continue;
      text = attribute->value;
    }
    if (auto value = Normalise(rule, AsMarkup(text), MoneyUnit::kYuan)) return value;
  }
  return std::nullopt;
}

// `path`, or `query.NAME`: the first such parameter, percent-decoded.
std::optional<std::string> FromUrl(std::string_view url, const FieldRule& rule) {
  url = url.substr(0, url.find('#'));
  const std::size_t scheme = url.find("://");
  const std::size_t path_start = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path_start == std::string_view::npos) return std::nullopt;
  const std::string_view path_and_query = url.substr(path_start);
  const std::size_t question = path_and_query.find('?');
  if (rule.url == "path") {
    return Normalise(rule, AsMarkup(PercentDecode(path_and_query.substr(0, question))), MoneyUnit::kYuan);
  }
  if (question == std::string_view::npos) return std::nullopt;
  const std::string wanted = rule.url.substr(std::string_view("query.").size());
  std::string_view query = path_and_query.substr(question + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t equals = pair.find('=');
    if (PercentDecode(pair.substr(0, equals)) == wanted) {
      return Normalise(rule, AsMarkup(equals == std::string_view::npos ? "" : PercentDecode(pair.substr(equals + 1))),
                       MoneyUnit::kYuan);
    }
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return std::nullopt;
}

// ---- Label–value lookup in the detail text -------------------------------

// A cell that starts with the label: optional numbering (一、 1. （一） (1)),
// the label (brackets and colons of either width, spaces anywhere), an
// optional unit （元）/（万元）, then ：, : or whitespace, or the end of the cell
// (the value is then the next cell). Group 1 is the unit, group 2 the value.
std::string LabelPattern(std::string_view label) {
  std::string pattern =
      R"(\s*(?:(?:[一二三四五六七八九十]+[、.．]|[0-9０-９]+[.．、]|[（(][一二三四五六七八九十0-9０-９]+[）)])\s*)*)";
  bool first = true;
  for (std::size_t pos = 0; pos < label.size();) {
    const utf8::CodePoint cp = utf8::Decode(label, pos);
    const std::string_view bytes = label.substr(pos, cp.length);
    pos += cp.length;
    if (bytes == " " || bytes == "\t" || bytes == "\u3000") continue;
    if (!first) pattern += R"(\s*)";
    first = false;
    if (bytes == "（" || bytes == "(") {
      pattern += "[（(]";
    } else if (bytes == "）" || bytes == ")") {
      pattern += "[）)]";
    } else if (bytes == "：" || bytes == ":") {
      pattern += "[：:]";
    } else {
      pattern += RE2::QuoteMeta(bytes);
    }
  }
  return pattern + R"(\s*(?:[（(]\s*(万元|元)\s*[）)])?\s*(?:[：:]\s*|\s+|$)(.*))";
}

// Where a label may start inside a cell: at its start or after a space or a
// sentence separator, never inside a word (本项目编号为… is no label).
std::vector<std::size_t> LabelStarts(std::string_view cell) {
  static constexpr std::string_view kSeparators[] = {" ", "，", ",", "；", ";", "。"};
  std::vector<std::size_t> starts = {0};
  for (std::size_t pos = 0; pos < cell.size();) {
    const std::size_t length = utf8::Decode(cell, pos).length;
    const std::string_view bytes = cell.substr(pos, length);
    pos += length;
    if (pos < cell.size() &&
        std::find(std::begin(kSeparators), std::end(kSeparators), bytes) != std::end(kSeparators)) {
      starts.push_back(pos);
    }
  }
  return starts;
}

std::string TrimValue(std::string value) {
  static constexpr std::string_view kTrailing[] = {" ", "；", ";", "。", "，", ","};
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    for (std::string_view suffix : kTrailing) {
      if (EndsWith(value, suffix)) {
        value.resize(value.size() - suffix.size());
        trimmed = true;
      }
    }
  }
  return value.substr(std::min(value.size(), value.find_first_not_of(' ')));
}

// Which characters a text holds, as 64 bits (a code point sets bit cp % 64):
// a text lacking one of a label's characters lacks one of its bits, so most
// cells are ruled out by one AND instead of a search, before RE2 runs.
using CharacterBits = std::uint64_t;

CharacterBits BitsOf(std::string_view text) {
  CharacterBits bits = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const utf8::CodePoint cp = utf8::Decode(text, pos);
    bits |= CharacterBits{1} << (cp.value % 64);
    pos += cp.length;
  }
  return bits;
}

// A label's pattern, and the bits of the characters it requires as written
// (not spaces, brackets or colons, which have variants).
struct LabelMatcher {
  std::unique_ptr<const RE2> pattern;
  CharacterBits required = 0;
};

const LabelMatcher& MatcherFor(const std::string& label) {
  static std::mutex mutex;
  static std::unordered_map<std::string, LabelMatcher> matchers;
  const std::lock_guard<std::mutex> lock(mutex);
  LabelMatcher& matcher = matchers[label];
  if (matcher.pattern) return matcher;
  matcher.pattern = std::make_unique<const RE2>(LabelPattern(label));
  for (std::size_t pos = 0; pos < label.size();) {
    const utf8::CodePoint cp = utf8::Decode(label, pos);
    const std::string_view bytes = std::string_view(label).substr(pos, cp.length);
    pos += cp.length;
    static constexpr std::string_view kVariable[] = {" ", "\t", "\u3000", "（", "(", "）", ")", "：", ":"};
    if (std::find(std::begin(kVariable), std::end(kVariable), bytes) == std::end(kVariable)) {
      matcher.required |= BitsOf(bytes);
    }
  }
  return matcher;
}

// The scope's text split into lines and cells (views into the text), each
// cell with its characters.
struct LabelCell {
  std::string_view text;
  CharacterBits characters = 0;
  bool ends_line = false;
};

struct LabelText {
  CharacterBits characters = 0;  // of all cells
  std::vector<LabelCell> cells;

  explicit LabelText(std::string_view text) {
    for (std::size_t start = 0; start <= text.size();) {
      const std::size_t end = std::min(text.find_first_of("\t\n", start), text.size());
      LabelCell& cell =
          cells.emplace_back(LabelCell{text.substr(start, end - start), 0, end == text.size() || text[end] == '\n'});
      cell.characters = BitsOf(cell.text);
      characters |= cell.characters;
      start = end + 1;
    }
  }
};

bool MayHold(CharacterBits text, const LabelMatcher& matcher) { return (text & matcher.required) == matcher.required; }

std::optional<std::string> FromLabels(const LabelText& scope, const FieldRule& rule) {
  for (const std::string& label : rule.labels) {
    const LabelMatcher& matcher = MatcherFor(label);
    if (!MayHold(scope.characters, matcher)) continue;  // most labels of other kinds' notices stop here
    for (std::size_t i = 0; i < scope.cells.size(); ++i) {
      if (!MayHold(scope.cells[i].characters, matcher)) continue;
      const std::string_view cell = scope.cells[i].text;
      for (std::size_t start : LabelStarts(cell)) {
        re2::StringPiece unit, rest;
        if (!RE2::FullMatch(cell.substr(start), *matcher.pattern, &unit, &rest)) continue;
        std::string value = TrimValue(std::string(rest));
        if (value.empty() && !scope.cells[i].ends_line) value = TrimValue(std::string(scope.cells[i + 1].text));
        const MoneyUnit money_unit = unit == "万元" ? MoneyUnit::kWanYuan : MoneyUnit::kYuan;
        if (auto normalised = Normalise(rule, AsMarkup(value), money_unit)) return normalised;
      }
    }
  }
  return std::nullopt;
}

// ---- Lots ----------------------------------------------------------------

// A header cell compared without spaces and width: 中标（成交）金额 （元） ->
// 中标(成交)金额, with its unit (元 or 万元) set aside.
std::string HeaderKey(std::string_view cell, MoneyUnit* unit) {
  std::string key;
  for (char c : FoldFullWidth(cell)) {
    if (c != ' ') key += c;
  }
  *unit = MoneyUnit::kYuan;
  if (EndsWith(key, "(万元)")) {
    *unit = MoneyUnit::kWanYuan;
    key.resize(key.size() - std::string_view("(万元)").size());
  } else if (EndsWith(key, "(元)")) {
    key.resize(key.size() - std::string_view("(元)").size());
  }
  return key;
}

struct Column {
  std::optional<std::size_t> index;
  MoneyUnit unit = MoneyUnit::kYuan;
};

// A header row's cells as HeaderKey reads them, each with its unit.
std::vector<Column> HeaderKeys(const Cells& header, std::vector<std::string>& keys) {
  std::vector<Column> columns(header.size());
  keys.clear();
  for (std::size_t i = 0; i < header.size(); ++i) {
    columns[i].index = i;
    keys.push_back(HeaderKey(header[i], &columns[i].unit));
  }
  return columns;
}

// The first header cell that matches any of `variants`, tried in order.
Column FindColumn(const std::vector<std::string>& keys, const std::vector<Column>& columns,
                  const std::vector<std::string>& variants) {
  MoneyUnit ignored;
  for (const std::string& variant : variants) {
    const auto found = std::find(keys.begin(), keys.end(), HeaderKey(variant, &ignored));
    if (found != keys.end()) return columns[found - keys.begin()];
  }
  return {};
}

bool IsTotalOrEmptyRow(const Cells& row) {
  for (const std::string& cell : row) {
    const std::string text = NormaliseText(cell);
    if (text.empty()) continue;
    return text.starts_with("合计") || text.starts_with("总计") || text.starts_with("小计");
  }
  return true;  // all empty
}

// Lots from one table, or none when neither of its first two rows is the
// header the rules describe (a scoring table 供应商 | 综合得分 never is).
std::vector<Lot> LotsFromTable(const HtmlTable& table, const LotRules& rules) {
  for (std::size_t header_row = 0; header_row < std::min<std::size_t>(2, table.size()); ++header_row) {
    std::vector<std::string> keys;
    const std::vector<Column> columns = HeaderKeys(table[header_row], keys);
    const auto find = [&](const std::vector<std::string>& variants) { return FindColumn(keys, columns, variants); };
    const bool has_every_header =
        std::all_of(rules.table_header.begin(), rules.table_header.end(),
                    [&](const std::string& wanted) { return find({wanted}).index.has_value(); });
    const Column supplier = find(rules.columns.at("supplier"));
    const Column amount = find(rules.columns.at("amount_yuan"));
    if (!has_every_header || !supplier.index || !amount.index) continue;
    const auto name_variants = rules.columns.find("name");
    const Column name = name_variants == rules.columns.end() ? Column{} : find(name_variants->second);
    const auto cell = [](const Cells& row, const Column& column) {
      return column.index && *column.index < row.size() ? row[*column.index] : std::string();
    };
    std::vector<Lot> lots;
    for (std::size_t r = header_row + 1; r < table.size(); ++r) {
      const Cells& row = table[r];
      if (IsTotalOrEmptyRow(row)) continue;
      Lot lot{NormaliseText(AsMarkup(cell(row, name))), NormaliseText(AsMarkup(cell(row, supplier))),
              NormaliseMoney(AsMarkup(cell(row, amount)), amount.unit)};
      if (lot.supplier.empty() && !lot.amount_yuan) continue;
      lots.push_back(std::move(lot));
    }
    return lots;
  }
  return {};
}

// Whether every lot gives `field` (supplier or amount_yuan); false without lots.
bool EveryLotHas(const std::vector<Lot>& lots, std::string_view field) {
  return !lots.empty() && std::all_of(lots.begin(), lots.end(), [&](const Lot& lot) {
    return field == "supplier" ? !lot.supplier.empty() : field == "amount_yuan" && lot.amount_yuan.has_value();
  });
}

// When the notice gives no total or winner of its own, the lots do: the sum
// of their amounts (only when every lot has one) and their common supplier.
void CompleteFromLots(Notice& notice) {
  const auto& lots = notice.lots;
  if (lots.empty()) return;
  if (!notice.amount_yuan && EveryLotHas(lots, "amount_yuan")) {
    std::string sum = "0.00";
    for (const Lot& lot : lots) sum = AddMoney(sum, *lot.amount_yuan);
    notice.amount_yuan = sum;
  }
  const std::string& first = lots.front().supplier;
  if (notice.supplier.empty() && !first.empty() &&
      std::all_of(lots.begin(), lots.end(), [&](const Lot& lot) { return lot.supplier == first; })) {
    notice.supplier = first;
  }
}

// ---- Kinds, URLs, required fields ------------------------------------------

// Title endings → kinds: sites.yaml's, or when it names none, the gdgpo-style
// built-in ones (…招标公告, 采购更正公告（第一次）). The longest ending that fits
// wins, compared width-folded; a trailing bracketed part is ignored.
std::optional<std::string> KindFromTitle(const std::map<std::string, std::string>& suffixes, std::string title) {
  static const std::map<std::string, std::string> kBuiltIn = {
      {"招标失败公告", "termination"}, {"终止公告", "termination"}, {"废标公告", "termination"},
      {"更正公告", "correction"},      {"结果公告", "award"},       {"合同公告", "contract"},
      {"招标公告", "tender"},          {"采购公告", "tender"},
  };
  title = FoldFullWidth(title);
  if (EndsWith(title, ")")) {
    const std::size_t open = title.rfind('(');
    if (open != std::string::npos && open > 0) title.resize(open);
  }
  const std::string* best = nullptr;
  std::size_t best_length = 0;
  for (const auto& [suffix, kind] : suffixes.empty() ? kBuiltIn : suffixes) {
    const std::string folded = FoldFullWidth(suffix);
    if (folded.size() > best_length && EndsWith(title, folded)) {
      best = &kind;
      best_length = folded.size();
    }
  }
  return best ? std::optional<std::string>(*best) : std::nullopt;
}

// `code` is the site's own type code for the item, when the rules read one.
std::string KindOf(const KindRules& rules, const std::optional<std::string>& code, const std::string& title) {
  if (code) {
    const auto mapped = rules.map.find(*code);
    if (mapped != rules.map.end()) return mapped->second;
  }
  if (auto kind = KindFromTitle(rules.title_suffixes, title)) return *kind;
  return rules.fixed.empty() ? "other" : rules.fixed;
}

std::string OnBase(const std::string& base_url, const std::string& url) {
  if (url.starts_with("http://") || url.starts_with("https://")) return url;
  const std::string base = EndsWith(base_url, "/") ? base_url.substr(0, base_url.size() - 1) : base_url;
  return base + (url.starts_with("/") ? "" : "/") + url;
}

// A template's {json.path} placeholders filled from the item, URL-encoded;
// {lookup} is left for the lookup's answer.
std::string RenderTemplate(const std::string& url_template, const nlohmann::json& item, const std::string& page_url,
                           std::size_t item_number) {
  std::string url;
  for (std::size_t pos = 0; pos < url_template.size(); ++pos) {
    if (url_template[pos] != '{') {
      url += url_template[pos];
      continue;
    }
    const std::size_t close = url_template.find('}', pos);
    if (close == std::string::npos) {  // ParseSourceRules rejects this; keep the rest literally
      url += url_template.substr(pos);
      break;
    }
    const std::string field = url_template.substr(pos + 1, close - pos - 1);
    pos = close;
    if (field == "lookup") {
      url += "{lookup}";
      continue;
    }
    const nlohmann::json* value = JsonPath::Parse(field).First(item);
    const std::optional<std::string> text = value ? JsonScalarToString(*value) : std::nullopt;
    if (!text || text->empty()) {
      throw ExtractError(page_url,
                         "item " + std::to_string(item_number) + " has no '" + field + "' to build " + url_template);
    }
    url += PercentEncode(*text);
  }
  return url;
}

constexpr std::string_view kLookupFragment = "#gapwatch-lookup=";

// Where a JSON item leads: its detail, or (with a lookup) the lookup request,
// carrying in its fragment (never sent) what to read from the answer and the
// detail URL to fill with it.
std::string ItemTarget(const SourceRules& rules, const std::string& base_url, const nlohmann::json& item,
                       const std::string& page_url, std::size_t item_number) {
  const std::string detail = OnBase(base_url, RenderTemplate(rules.detail_url, item, page_url, item_number));
  if (!rules.lookup) return detail;
  const std::string lookup = OnBase(base_url, RenderTemplate(rules.lookup->url, item, page_url, item_number));
  const std::string path = RenderTemplate(rules.lookup->json, item, page_url, item_number);
  return lookup + std::string(kLookupFragment) + PercentEncode(path) + "&detail=" + PercentEncode(detail);
}

// A link in a list item, resolved against the list page.
std::string ResolveLink(const std::string& page_url, const std::string& link, std::size_t item_number) {
  const auto page = ParseUrl(page_url);
  const auto resolved = page ? ResolveReference(*page, link) : std::nullopt;
  if (!resolved) {
    throw ExtractError(page_url, "item " + std::to_string(item_number) + " links to '" + link +
                                     "', which is not an http or https URL");
  }
  return resolved->Origin() + resolved->path_and_query;
}

std::optional<long long> Total(const SourceRules& rules, const nlohmann::json& document) {
  if (rules.total_path.empty()) return std::nullopt;
  const nlohmann::json* total = JsonPath::Parse(rules.total_path).First(document);
  if (total && total->is_number_integer()) return total->get<long long>();
  const std::optional<std::string> text = total ? JsonScalarToString(*total) : std::nullopt;
  if (!text || text->empty() || text->size() > 18 || text->find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(*text);
}

std::optional<long long> CountFrom(const std::optional<std::string>& text) {
  if (!text || text->empty() || text->size() > 12 || text->find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(*text);
}

// A required field is present on the notice, or for supplier and amount on
// every lot (a multi-lot award names a winner per lot); a required content
// item when its rule found it.
std::vector<std::string> MissingFields(const SourceRules& rules, const Notice& notice,
                                       const std::set<std::string>& contents_present) {
  const auto required = rules.required.find(notice.kind);
  if (required == rules.required.end()) return {};
  std::vector<std::string> missing;
  for (const std::string& field : required->second) {
    if (rules.contents.count(field)) {
      if (!contents_present.count(field)) missing.push_back(field);
      continue;
    }
    if (GetNoticeField(notice, field)) continue;
    if (!EveryLotHas(notice.lots, field)) missing.push_back(field);
  }
  return missing;
}

Notice NewItemNotice(const SourceRules& rules, const std::string& site, const std::string& url) {
  Notice notice;
  notice.site = site;
  notice.url = url;
  notice.domain = rules.domain;
  return notice;
}

void FinishItemNotice(const SourceRules& rules, const std::optional<std::string>& code, Notice& notice) {
  notice.kind = KindOf(rules.kind, code, notice.title);
  if (notice.project_code.empty()) notice.project_code = ProjectCodeFromTitle(notice.title).value_or("");
}

ListPage JsonListPage(const SourceRules& rules, const std::string& site, const std::string& base_url,
                      const std::string& page_url, std::string_view body) {
  const nlohmann::json document = ParseJson(page_url, body);
  if (!rules.success_path.empty()) {
    const nlohmann::json* status = JsonPath::Parse(rules.success_path).First(document);
    const std::string said = status == nullptr     ? "nothing"
                             : status->is_string() ? status->get<std::string>()
                                                   : status->dump();
    if (said != rules.success_value) {
      throw ExtractError(page_url, "the site did not answer with success: " + rules.success_path + " is " + said +
                                       ", expected " + rules.success_value);
    }
  }
  const std::string container = rules.items_path.substr(0, rules.items_path.size() - 3);  // without [*]
  const nlohmann::json* items = JsonPath::Parse(container).First(document);
  if (items == nullptr || !(items->is_array() || items->is_null())) {
    throw ExtractError(page_url, "expected a list of items at " + container);
  }
  ListPage page;
  page.total = Total(rules, document);
  if (rules.total_pages) page.total_pages = CountFrom(FromJson(document, *rules.total_pages));
  if (items->is_null()) return page;  // an empty result
  for (std::size_t i = 0; i < items->size(); ++i) {
    const nlohmann::json& item = (*items)[i];
    ListItem entry;
    if (rules.link) {
      const std::optional<std::string> link = FromJson(item, *rules.link);
      if (!link) throw ExtractError(page_url, "item " + std::to_string(i + 1) + " has no link at " + rules.link->json);
      entry.detail_url = ResolveLink(page_url, *link, i + 1);
    } else {
      entry.detail_url = ItemTarget(rules, base_url, item, page_url, i + 1);
    }
    entry.lookup = rules.lookup.has_value();
    entry.notice = NewItemNotice(rules, site, entry.detail_url);
    for (const auto& [field, rule] : rules.item_fields) {
      if (auto value = FromJson(item, rule)) SetNoticeField(entry.notice, field, std::move(*value));
    }
    FinishItemNotice(rules, rules.kind.code ? FromJson(item, *rules.kind.code) : std::nullopt, entry.notice);
    page.items.push_back(std::move(entry));
  }
  return page;
}

ListPage HtmlListPage(const SourceRules& rules, const std::string& site, const std::string& page_url,
                      std::string_view body) {
  const HtmlDocument document(body);
  ListPage page;
  if (rules.total_pages) page.total_pages = CountFrom(FromHtml(document.root(), *rules.total_pages));
  const std::vector<const GumboNode*> items = CompiledSelector(rules.items_selector).Select(document.root());
  for (std::size_t i = 0; i < items.size(); ++i) {
    ListItem entry;
    const std::optional<std::string> link = FromHtml(items[i], *rules.link);
    if (!link) {
      throw ExtractError(page_url, "item " + std::to_string(i + 1) + " (" + rules.items_selector + ") has no link at " +
                                       rules.link->css + (rules.link->attr.empty() ? "" : " @" + rules.link->attr));
    }
    entry.detail_url = ResolveLink(page_url, *link, i + 1);
    entry.notice = NewItemNotice(rules, site, entry.detail_url);
    for (const auto& [field, rule] : rules.item_fields) {
      if (auto value = FromHtml(items[i], rule)) SetNoticeField(entry.notice, field, std::move(*value));
    }
    FinishItemNotice(rules, rules.kind.code ? FromHtml(items[i], *rules.kind.code) : std::nullopt, entry.notice);
    page.items.push_back(std::move(entry));
  }
  return page;
}

// Where a detail's values may be read from: its JSON (when it is JSON), its
// HTML (the page, or the HTML inside the JSON), the label–value lines of the
// scope, and its URL.
struct DetailSources {
  const nlohmann::json* json = nullptr;
  const GumboNode* html = nullptr;
  const LabelText* labels = nullptr;
  std::string_view url;
};

std::optional<std::string> ReadValue(const FieldRule& rule, const DetailSources& in) {
  if (!rule.json.empty()) return in.json ? FromJson(*in.json, rule) : std::nullopt;
  if (!rule.labels.empty()) return in.labels ? FromLabels(*in.labels, rule) : std::nullopt;
  if (!rule.css.empty()) return in.html ? FromHtml(in.html, rule) : std::nullopt;
  return FromUrl(in.url, rule);
}

}  // namespace

ListPage ExtractListPage(const SourceRules& rules, const std::string& site, const std::string& base_url,
                         const std::string& page_url, std::string_view body) {
  if (rules.list_format == "html") return HtmlListPage(rules, site, page_url, body);
  return JsonListPage(rules, site, rules.base_url.empty() ? base_url : rules.base_url, page_url, body);
}

namespace {

// A lookup URL's parts: the request, the JSON path to read, the detail template.
struct LookupParts {
  std::string request;
  std::string path;
  std::string detail;
};

LookupParts SplitLookupUrl(const std::string& lookup_url) {
  const std::size_t fragment = lookup_url.find(kLookupFragment);
  const std::size_t detail = lookup_url.find("&detail=", fragment);
  if (fragment == std::string::npos || detail == std::string::npos) {
    throw ExtractError(lookup_url, "not a lookup URL (no " + std::string(kLookupFragment) + "…&detail=…)");
  }
  return {
      lookup_url.substr(0, fragment),
      PercentDecode(lookup_url.substr(fragment + kLookupFragment.size(), detail - fragment - kLookupFragment.size())),
      PercentDecode(lookup_url.substr(detail + std::string_view("&detail=").size()))};
}

std::string FillLookup(const std::string& detail_url, const std::string& value) {
  const std::size_t placeholder = detail_url.find("{lookup}");
  if (placeholder == std::string::npos) return detail_url;
  return detail_url.substr(0, placeholder) + PercentEncode(value) +
         detail_url.substr(placeholder + std::string_view("{lookup}").size());
}

}  // namespace

std::string ResolveLookup(const std::string& lookup_url, std::string_view body) {
  const LookupParts parts = SplitLookupUrl(lookup_url);
  const nlohmann::json document = ParseJson(parts.request, body);
  const nlohmann::json* value = nullptr;
  try {
    value = JsonPath::Parse(parts.path).First(document);  // the path holds item values: it may not parse
  } catch (const std::invalid_argument& error) {
    throw ExtractError(parts.request, error.what());
  }
  const std::optional<std::string> text = value ? JsonScalarToString(*value) : std::nullopt;
  if (!text || text->empty()) throw ExtractError(parts.request, "expected the lookup's value at " + parts.path);
  return FillLookup(parts.detail, *text);
}

std::string UnresolvedLookupDetail(const std::string& lookup_url) {
  return FillLookup(SplitLookupUrl(lookup_url).detail, "");
}

namespace {

// The label of a line of ReadHtmlNode text: a row's cells are joined by tabs.
std::string_view LineLabel(std::string_view line) { return line.substr(0, line.find('\t')); }

// ExtractDetail, and when `said` is given, what the detail says (DetailRead::content).
Notice ReadDetailInto(const SourceRules& rules, const std::string& url, std::string_view body, const Notice& from_list,
                      std::string* said) {
  std::optional<nlohmann::json> json;
  std::string_view html;
  if (rules.detail_format == "json") {
    json = ParseJson(url, body);
    if (!rules.detail_html.empty()) {
      const nlohmann::json* value = JsonPath::Parse(rules.detail_html).First(*json);
      if (value == nullptr || !value->is_string()) throw ExtractError(url, "expected HTML at " + rules.detail_html);
      html = value->get_ref<const std::string&>();
    }
  } else {
    html = body;
  }
  const bool has_html = rules.detail_format == "html" || !rules.detail_html.empty();
  std::optional<HtmlDocument> document;
  const GumboNode* scope = nullptr;
  if (has_html) {
    document.emplace(html);
    scope = document->root();
    if (!rules.detail_scope.empty()) {
      const std::vector<const GumboNode*> scopes = CompiledSelector(rules.detail_scope).Select(document->root());
      if (scopes.empty()) throw ExtractError(url, "expected HTML with " + rules.detail_scope);
      scope = scopes.front();
    }
  }
  const HtmlContent content = has_html ? ReadHtmlNode(scope) : HtmlContent{};
  const LabelText labels(content.text);
  const DetailSources in{json ? &*json : nullptr, has_html ? document->root() : nullptr, has_html ? &labels : nullptr,
                         url};

  Notice notice = from_list;
  notice.url = url;
  notice.domain = rules.domain;
  for (const auto& [field, rule] : rules.detail_fields) {
    if (auto value = ReadValue(rule, in)) SetNoticeField(notice, field, std::move(*value));
  }
  std::set<std::string> contents_present;
  for (const auto& [name, rule] : rules.contents) {
    if (ReadValue(rule, in)) contents_present.insert(name);
  }
  if (rules.lots) {
    std::vector<Lot> lots;
    for (const HtmlTable& table : content.tables) {
      for (Lot& lot : LotsFromTable(table, *rules.lots)) lots.push_back(std::move(lot));
    }
    if (!lots.empty()) notice.lots = std::move(lots);
    CompleteFromLots(notice);
  }
  if (notice.kind.empty()) notice.kind = KindOf(rules.kind, std::nullopt, notice.title);
  if (notice.project_code.empty()) notice.project_code = ProjectCodeFromTitle(notice.title).value_or("");
  notice.fields_missing = MissingFields(rules, notice, contents_present);
  if (said) {
    const auto is_volatile = [&](std::string_view label) {
      return std::find(rules.detail_volatile.begin(), rules.detail_volatile.end(), label) !=
             rules.detail_volatile.end();
    };
    nlohmann::json fields = NoticeToJson(notice);
    for (const auto& [field, rule] : rules.detail_fields) {
      if (std::any_of(rule.labels.begin(), rule.labels.end(), is_volatile)) fields.erase(field);
    }
    std::string text;
    if (has_html) {
      std::size_t start = 0;
      while (start < content.text.size()) {
        const std::size_t end = std::min(content.text.find('\n', start), content.text.size());
        const std::string_view line = std::string_view(content.text).substr(start, end - start);
        if (!is_volatile(LineLabel(line))) (text += line) += '\n';
        start = end + 1;
      }
    } else {
      text = json->dump();
    }
    *said = fields.dump() + '\n' + text;
  }
  return notice;
}

}  // namespace

Notice ExtractDetail(const SourceRules& rules, const std::string& url, std::string_view body, const Notice& from_list) {
  return ReadDetailInto(rules, url, body, from_list, nullptr);
}

DetailRead ReadDetail(const SourceRules& rules, const std::string& url, std::string_view body,
                      const Notice& from_list) {
  DetailRead read;
  read.notice = ReadDetailInto(rules, url, body, from_list, &read.content);
  return read;
}

}  // namespace gapwatch
