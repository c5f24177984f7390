// Writes the gap report: `gaps.json` in the shape of ARCHITECTURE.md
// ("report/gaps.json"), `scorecards.json` (per buyer and domain,
// docs/method.md) and a plain `index.html` listing both, every scraped string
// HTML-escaped. The folder is written atomically: into a
// sibling temporary folder, then renamed over the old one.
// Throws std::runtime_error naming the path on any I/O failure.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "monitor/scorecard.h"
#include "store/records.h"

namespace gapwatch {

struct SiteSummary {
  std::string name;
  long long pages = 0;
  long long notices = 0;
  long long errors = 0;
  bool complete = true;         // its last crawl reached everything
  int failed_crawls = 0;        // incomplete crawls in a row
  std::string unhealthy_since;  // ISO 8601; "" while healthy
  std::string extractor_stale;  // why the rules seem not to fit the site any more; "" when they do
};

struct ReportInput {
  std::string as_of;         // YYYY-MM-DD
  std::string generated_at;  // ISO 8601 with +08:00
  bool complete = true;
  std::vector<SiteSummary> sites;
  std::vector<Finding> findings;
  std::vector<Scorecard> scorecards;
};

std::string GapsJson(const ReportInput& input);        // the gaps.json text
std::string ScorecardsJson(const ReportInput& input);  // {"schema":"gapwatch.scorecards/1","as_of":…,"scorecards":[…]}
std::string IndexHtml(const ReportInput& input);
std::string HtmlEscape(std::string_view text);
void WriteReport(const std::string& directory, const ReportInput& input);

}  // namespace gapwatch
