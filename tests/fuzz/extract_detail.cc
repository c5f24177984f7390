// Fuzz target: the detail extractor with every source of the shipped
// sites.yaml (tests/fuzz/shipped_sources.h), plus one harness source whose
// rules read the page's URL (`url: path` / `url: query.NAME`, which the shipped
// file does not use). The first input byte picks the source (modulo the number
// of sources + 1, in file order: procurement gpcms = 0, freecms = 1, …; the
// last is the URL-rule source); the rest is:
//   - for a shipped source, the detail body, extracted (1) as it is, (2) for a
//     JSON detail with HTML inside, as that HTML in a well-formed document, and
//     (3) for a source with a lookup, as the lookup's answer (ResolveLookup on
//     the lookup URL ExtractListPage built from a valid item);
//   - for the URL-rule source, the rest of the detail URL up to the first
//     newline (after https://www.example.com/), then the HTML body.
// ExtractError is the documented answer to a page that is not what the rules
// expect; any other exception, crash, leak or hang is a bug, and so is a
// resolved lookup that is not an absolute http(s) URL.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "parsers/strict_yaml.h"
#include "tests/fuzz/shipped_sources.h"

namespace {

constexpr const char* kKinds[] = {"award", "contract", "tender", "candidates", "penalty", "other", ""};

constexpr char kUrlRulesYaml[] = R"yaml(sources:
  - name: fuzz-url-rules
    domain: procurement
    list:
      url: /list.html
      page_param: page
      format: html
      items: li
    item:
      link: {css: a, attr: href}
    detail:
      format: html
      scope: "div.main, table[id*=x] td:nth-child(2n+1)"
      fields:
        project_code: {url: query.projectCode, normalise: code}
        title: {url: path, pattern: "/([^/]+)\\.html", normalise: text}
        buyer: {url: "query.buyer", normalise: party}
        amount_yuan: {url: query.amount, normalise: money}
        published: {url: query.date, normalise: datetime}
        decided: {url: query.d, normalise: date}
        supplier: {css: "p:contains(\"供应商\") span", attr: title, normalise: party}
        signed: {label: [合同签订日期], normalise: date}
      contents:
        basis: {url: query.basis}
      required:
        award: [supplier, amount_yuan, basis]
)yaml";

const gapwatch::SourceRules& UrlRules() {
  static const gapwatch::SourceRules rules = [] {
    const gapwatch::ConfigNode root(gapwatch::ParseYamlText(kUrlRulesYaml, "fuzz.yaml"), "fuzz.yaml", "");
    return gapwatch::ParseSourceRules(root.Child("sources").Elements().at(0));
  }();
  return rules;
}

void Extract(const gapwatch::SourceRules& rules, const std::string& url, std::string_view body,
             const gapwatch::Notice& from_list) {
  try {
    const gapwatch::Notice notice = gapwatch::ExtractDetail(rules, url, body, from_list);
    (void)notice;
  } catch (const gapwatch::ExtractError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gapwatch;
  const std::vector<fuzz::FuzzSource>& sources = fuzz::ShippedSources();
  const SourceRules& url_rules = UrlRules();
  if (size == 0) return 0;
  const std::size_t choice = data[0] % (sources.size() + 1);
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

  if (choice == sources.size()) {
    const std::size_t newline = bytes.find('\n');
    const std::string url = "https://www.example.com/" + std::string(bytes.substr(0, newline));
    const std::string_view body = newline == std::string_view::npos ? std::string_view() : bytes.substr(newline + 1);
    Notice from_list;
    from_list.site = "procurement";
    from_list.url = url;
    from_list.kind = kKinds[size % std::size(kKinds)];
    Extract(url_rules, url, body, from_list);
    return 0;
  }

  const fuzz::FuzzSource& source = sources[choice];
  Notice from_list = source.from_list;
  from_list.kind = kKinds[size % std::size(kKinds)];
  Extract(*source.rules, source.detail_url, bytes, from_list);

  if (source.rules->detail_format == "json" && !source.rules->detail_html.empty()) {
    // The bytes as the HTML of a valid document (invalid UTF-8 replaced by
    // U+FFFD, as JSON text cannot carry it).
    nlohmann::json document = nlohmann::json::object();
    fuzz::SetAtPath(document, source.rules->detail_html, std::string(bytes));
    Extract(*source.rules, source.detail_url, document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
            from_list);
  }

  if (!source.lookup_url.empty()) {
    try {
      const std::string resolved = ResolveLookup(source.lookup_url, bytes);
      if (!fuzz::IsHttpUrl(resolved)) fuzz::HarnessFailure("resolved lookup detail not http(s): " + resolved);
    } catch (const ExtractError&) {
    }
  }
  return 0;
}
