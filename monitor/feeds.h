// Atom feeds (RFC 4287) of the findings that opened and resolved: the report's
// `feeds/all.atom` and one `feeds/buyer-<PageSlug(buyer)>.atom` per buyer of
// `findings` (empty when none of its findings changed), all.atom first, then
// by path. An entry is one event that opened a finding ("opened", "reopened")
// or resolved it; other events (late, changed) make none, nor does an event
// whose finding is not in `findings` (its title and buyer are unknown). Each
// feed holds its `max_entries` newest entries, newest first. Entry ids are
// urn:gapwatch:finding:<id>:<as_of>:<event>:run-<run_id>, the same at every
// generation; an entry's `updated` is its as_of at 00:00+08:00, a feed's its
// newest entry's (generated_at when it has none). Links point at the
// project's page `projects/<PageSlug(project_code)>.html` (none without a
// code) and each http(s) evidence URL; a buyer feed's alternate link is
// `buyers/<PageSlug(buyer)>.html`. Every text is valid UTF-8 XML 1.0 (an
// invalid byte becomes U+FFFD, a character XML forbids is dropped) with
// & < > " ' escaped: scraped text stays text. Pure: no I/O.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"

namespace gapwatch {

struct FeedOptions {
  std::string generated_at;  // ISO 8601 with +08:00
  // The report folder's URL ("https://example.org/gaps/"); "" for links
  // relative to the feed's own folder (`../projects/…`).
  std::string base_url;
  std::size_t max_entries = 200;  // per feed
  std::string title = "gapwatch 韶关 公共资源配置信息公开缺口";
};

struct AtomFeed {
  std::string path;  // relative to the report folder: feeds/all.atom, feeds/buyer-<slug>.atom
  std::string xml;
};

std::vector<AtomFeed> FindingFeeds(const std::vector<Finding>& findings, const std::vector<FindingEvent>& events,
                                   const FeedOptions& options);

// A name (a buyer, a project code) as a file name and URL path segment: its
// ASCII letters (lowercased) and digits and its CJK ideographs, every other
// run of characters one '-', cut at 60 bytes, then '-' and 12 hex digits of
// the SHA-256 of the whole name, so that names differing in anything (case
// and punctuation too) get different slugs. Never empty, never holds '/',
// '.', a space or a control character.
std::string PageSlug(std::string_view name);

}  // namespace gapwatch
