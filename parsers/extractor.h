// Runs a source's declarative rules (parsers/extract_rules.h) over captured
// bytes. Pure functions of their inputs: no fetching, no store.
// Errors: ExtractError names the URL and what was expected, e.g.
//   https://…/getInfoById?id=…: expected JSON (parse error at byte 17: …)
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
  std::string detail_url;  // canonical absolute URL (base_url + template)
  Notice notice;           // what the list row itself says (kind, code, title, dates…)
};

struct ListPage {
  std::vector<ListItem> items;
  std::optional<long long> total;  // total items across pages, when the site says
};

// `base_url` is the site's canonical base (https://host); detail URLs are built on it.
ListPage ExtractListPage(const SourceRules& rules, const std::string& site, const std::string& base_url,
                         const std::string& page_url, std::string_view body);

// Completes `from_list` with the detail page's fields (a detail value wins over
// the list's when both exist) and records required fields that are absent in
// `fields_missing`. Throws ExtractError on a page that is not what the rules expect.
Notice ExtractDetail(const SourceRules& rules, const std::string& url, std::string_view body,
                     const Notice& from_list);

}  // namespace gapwatch
