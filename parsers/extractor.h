// Runs a source's declarative rules (parsers/extract_rules.h) over captured
// bytes. Pure functions of their inputs: no fetching, no store; thread-safe.
// Errors: ExtractError names the URL and what was expected, e.g.
//   https://…/getInfoById?id=…: expected JSON (parse error at line 1, column 1: …)
//   https://…/getInfoById?id=…: expected HTML at data.content
//
// List pages are JSON (items at a JSON path, values by JSON path) or HTML
// (items by selector, values by selectors inside each item). Item kind: the
// site's code through kind.map, else the title's ending through kind.title
// (longest ending wins; without kind.title the built-in endings 招标公告 /
// 采购公告 tender, 结果公告 award, 合同公告 contract, 更正公告 correction,
// 终止公告 / 废标公告 / 招标失败公告 termination), else kind.fixed, else "other".
// Details are JSON (values by JSON path, HTML inside at detail.html) or HTML;
// label rules and lots read the detail.scope element (else the whole HTML),
// css rules the whole HTML, url rules the page's URL.
// Detail labels: a label matches at the start of a cell (or after a space or
// ，；。), after optional numbering (一、 1. （一） (1)), with spaces and bracket
// or colon width ignored, then an optional unit （元）/（万元） and ：, : or
// whitespace; the value runs to the end of the cell, or is the next cell when
// that is empty. Labels are tried in order; the first value that normalises wins.
// Codes: `normalise: code` is CanonicalProjectCode (parsers/identifiers.h:
// width, case, brackets and a leading 项目编号： label); a notice whose rules
// find no code takes the one its title prints (ProjectCodeFromTitle), if any.
// Lots: every table whose first or second row holds each table_header entry
// and the supplier and amount columns (header cells compared without spaces,
// width or a trailing （元）/（万元）, which scales the amounts); 合计/总计/小计
// and empty rows are skipped. Without its own amount the notice gets the sum of
// the lots' amounts (only when every lot has one); without its own supplier,
// the lots' supplier when they all share one. fields_missing lists the
// required fields of the notice's kind that are absent; supplier and
// amount_yuan also count as present when every lot has them.
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/extract_rules.h"
#include "store/records.h"

namespace gapwatch {

class ExtractError : public std::runtime_error {
 public:
  ExtractError(const std::string& url, const std::string& message)
      : std::runtime_error(url + ": " + message), url_(url) {}
  const std::string& url() const { return url_; }

 private:
  std::string url_;
};

struct ListItem {
  // The canonical absolute URL to fetch next for this item: its detail (the
  // template on the base URL, or the item's link resolved against the list
  // page), or, when `lookup`, the lookup request (ResolveLookup below).
  std::string detail_url;
  bool lookup = false;
  Notice notice;  // what the list row itself says (kind, code, title, dates…)
};

struct ListPage {
  std::vector<ListItem> items;
  std::optional<long long> total;        // total items across pages, when the site says
  std::optional<long long> total_pages;  // the number of pages, when the site says
};

// `base_url` is the site's canonical base (https://host); detail URLs are built
// on it, or on the source's own base_url.
ListPage ExtractListPage(const SourceRules& rules, const std::string& site, const std::string& base_url,
                         const std::string& page_url, std::string_view body);

// The detail URL a lookup answer leads to: `lookup_url` is a ListItem's
// (the request, then "#gapwatch-lookup=<JSON path>&detail=<detail URL with
// {lookup}>", percent-encoded, never sent); the value at the path fills
// {lookup}, URL-encoded. Throws ExtractError when the answer has no such value.
std::string ResolveLookup(const std::string& lookup_url, std::string_view body);
// The detail URL with its looked-up value left empty: where a notice whose
// lookup was never answered is filed (its list row still proves it exists).
std::string UnresolvedLookupDetail(const std::string& lookup_url);

// Completes `from_list` with the detail page's fields (a detail value wins over
// the list's when both exist) and records required fields that are absent in
// `fields_missing`. Throws ExtractError on a page that is not what the rules expect.
Notice ExtractDetail(const SourceRules& rules, const std::string& url, std::string_view body, const Notice& from_list);

// A detail as the extractor read it: the notice, and what it says — its
// fields and the body text as the rules read it (the HTML inside a JSON
// detail, within detail.scope; a JSON detail without HTML: the document),
// rows and fields of detail.volatile labels left out. Two captures with the
// same content say the same, whatever their markup, encoding or page frame.
struct DetailRead {
  Notice notice;
  std::string content;
};
DetailRead ReadDetail(const SourceRules& rules, const std::string& url, std::string_view body, const Notice& from_list);

}  // namespace gapwatch
