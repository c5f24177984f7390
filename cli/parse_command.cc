#include "cli/parse_command.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/stages.h"
#include "crawler/site_config.h"
#include "parsers/charset.h"
#include "parsers/extractor.h"
#include "parsers/html.h"
#include "parsers/json_path.h"
#include "parsers/notice_json.h"
#include "parsers/selector.h"
#include "parsers/url.h"

namespace gapwatch {
namespace {

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(path + ": cannot read the file");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string PathOf(const std::string& url) {
  const auto parsed = ParseUrl(url);
  const std::string path_and_query = parsed ? parsed->path_and_query : url;
  return path_and_query.substr(0, path_and_query.find('?'));
}

// The page type --url points at for `source`: "list", "detail" or "" (unknown:
// a detail reached by a link can be anywhere on the site).
std::string PageTypeOfUrl(const SiteConfig& site, const SourceRules& source, const std::string& url) {
  if (ListPageNumber(site, source, url)) return "list";
  if (!source.detail_url.empty() && PathOf(url) == PathOf(source.detail_url.substr(0, source.detail_url.find('{')))) {
    return "detail";
  }
  return "";
}

// Whether `text` looks like one of `source`'s list pages: items where the rules look.
bool LooksLikeList(const SourceRules& source, const std::string& text) {
  if (source.list_format == "html") {
    const HtmlDocument document(text);
    return !Selector::Parse(source.items_selector).Select(document.root()).empty();
  }
  const auto document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return false;
  const std::string array_path = source.items_path.substr(0, source.items_path.size() - 3);
  const nlohmann::json* items = JsonPath::Parse(array_path).First(document);
  return items != nullptr && items->is_array();
}

nlohmann::json ListJson(const SiteConfig& site, const SourceRules& source, const std::string& url,
                        const std::string& text) {
  const ListPage list = ExtractListPage(source, site.name, site.base_url, url, text);
  const std::optional<int> page = ListPageNumber(site, source, url);
  const bool more = page && !list.items.empty() &&
                    !(source.list.page_size > 0 && static_cast<int>(list.items.size()) < source.list.page_size) &&
                    !(list.total_pages && *page - source.list.first_page + 1 >= *list.total_pages);
  const std::string next = more ? ListPageUrl(site, source, *page + 1) : "";
  nlohmann::json items = nlohmann::json::array();
  for (ListItem item : list.items) {
    item.notice.url = item.detail_url;
    nlohmann::json entry = NoticeToJson(item.notice);
    entry[item.lookup ? "lookup_url" : "detail_url"] = item.detail_url;
    if (!next.empty()) entry["next"] = next;
    items.push_back(std::move(entry));
  }
  return items;
}

}  // namespace

int ParsePage(const SitesConfig& config, const ParseRequest& request, std::ostream& out) {
  const SiteConfig* site = config.Find(request.site);
  if (!site) throw UsageError("parse: no site '" + request.site + "' in " + config.file);
  if (!request.page.empty() && request.page != "list" && request.page != "detail") {
    throw UsageError("parse: --page must be list or detail, got '" + request.page + "'");
  }
  const std::string bytes = ReadBytes(request.file);
  const DecodedText decoded = DecodeToUtf8(bytes, "", site->charset);
  const std::string url = request.url.empty() ? "file://" + request.file : request.url;
  // The sources to try: the one asked for; else those whose URLs --url fits (a
  // list page's URL names its source), else all, in sites.yaml's order.
  std::vector<const SourceRules*> candidates;
  for (const SourceRules& source : site->sources) {
    if (!request.source.empty() && source.name != request.source) continue;
    if (request.source.empty() && !request.url.empty() && PageTypeOfUrl(*site, source, request.url).empty()) continue;
    candidates.push_back(&source);
  }
  if (!request.source.empty() && candidates.empty()) {
    std::string names;
    for (const SourceRules& source : site->sources) names += (names.empty() ? "" : ", ") + source.name;
    throw UsageError("parse: site '" + request.site + "' has no source '" + request.source +
                     "' (its sources: " + names + ")");
  }
  if (candidates.empty()) {
    for (const SourceRules& source : site->sources) candidates.push_back(&source);
  }
  std::vector<std::string> attempts;
  for (const SourceRules* candidate : candidates) {
    const SourceRules& source = *candidate;
    std::string page = request.page;
    if (page.empty() && !request.url.empty()) page = PageTypeOfUrl(*site, source, request.url);
    if (page.empty()) page = LooksLikeList(source, decoded.text) ? "list" : "detail";
    try {
      if (page == "list") {
        // Without --url, links resolve against the site's root, where its lists link from.
        const std::string list_url =
            request.url.empty() ? (source.base_url.empty() ? site->base_url : source.base_url) + "/" : url;
        out << ListJson(*site, source, list_url, decoded.text)
                   .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
      } else {
        Notice from_list;
        from_list.site = site->name;
        from_list.domain = source.domain;
        const Notice notice = ExtractDetail(source, url, decoded.text, from_list);
        // Any HTML "parses": a page that gives none of the notice's identity is not this source's.
        if (notice.title.empty() && notice.project_code.empty()) {
          throw ExtractError(url, "no title or project code found by the detail rules");
        }
        out << NoticeToJson(notice).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      }
      return 0;
    } catch (const ExtractError& error) {
      attempts.push_back("source '" + source.name + "' (" + page + "): " + error.what());
    }
  }
  std::string message = "parse: " + request.file + " matches none of the page types of site '" + site->name + "'";
  for (const std::string& attempt : attempts) message += "\n  " + attempt;
  throw UsageError(message);
}

}  // namespace gapwatch
