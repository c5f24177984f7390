// `gapwatch parse SITE FILE [--page list|detail] [--url URL] [--source NAME]`: what SITE's
// rules in sites.yaml read from one saved page, without fetching or a store
// (ARCHITECTURE.md "Command line"). The bytes are decoded as a crawl would
// (content sniffed: BOM, <meta>, detection; the site's charset override).
// A list page prints a JSON array of its items' notices, each with `detail_url`
// and, when the list goes on, `next` (the next page's URL); a detail page
// prints one notice. The source is --source, else the sources whose list or
// detail URLs --url fits, else every source in order, the first whose rules
// read the page (a detail must yield a title or a project code). The page type
// comes from --page, else from --url, else from the content (a document with
// the list's items is a list). Exit 0; 2 (by
// UsageError) when the file cannot be read, SITE is unknown, or the page
// matches none of the site's page types — the message says what each
// source's rules expected.
#pragma once
#include <ostream>
#include <string>

#include "crawler/site_config.h"

namespace gapwatch {

struct ParseRequest {
  std::string site;
  std::string file;
  std::string page;    // "", "list" or "detail"
  std::string url;     // the page's URL, canonical; "" when unknown
  std::string source;  // the sites.yaml source whose rules apply; "" = find it
};

int ParsePage(const SitesConfig& config, const ParseRequest& request, std::ostream& out);

}  // namespace gapwatch
