// Writes the gap report: `gaps.json` in the shape of ARCHITECTURE.md
// ("report/gaps.json"; fields added since: each finding's calendar_missing_year
// and history, an evidence item's published_from), `gaps.csv` (GapsCsv,
// monitor/exports.h), `scorecards.json` (per buyer and domain, docs/method.md)
// and an `index.html` listing both and the notices left for review, with
// charts drawn as inline SVG (on-time rate per buyer, findings opened and
// resolved by month, days overdue) and a findings table that filters itself,
// offline, from the findings embedded as JSON; a page for each buyer
// (BuyerPageHtml) and for each project with a finding (ProjectPageHtml);
// the Atom feeds given, every scraped string escaped. The folder is written atomically: into a
// sibling temporary folder, then renamed over the old one.
// Throws std::runtime_error naming the path on any I/O failure.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "monitor/feeds.h"
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

// A chain notice without a project code that no project matched with
// confidence (monitor/matcher.h): listed for a person to review.
struct ReviewItem {
  std::string site;
  std::string url;
  std::string kind;
  std::string title;
  std::string buyer;
  std::string published;
  std::string candidate;  // the closest project's code, "" when none came near
  double confidence = 0;  // of that candidate, 0–1
};

// What a project's page shows besides its findings: its notices on every
// site, in publication order, and its chain's deadlines.
struct ProjectPage {
  std::string code;
  std::string title;
  std::string buyer;
  std::string domain;
  struct Sighting {
    std::string published;  // YYYY-MM-DD or as printed; "" when none
    std::string site;
    std::string kind;
    std::string title;
    std::string url;
    std::string captured_at;
    std::string sha256;
  };
  std::vector<Sighting> notices;
  struct Due {
    std::string expected_notice;
    std::string due;  // "" when the calendar cannot say
    std::string status;
    std::string rule;       // id and source
    std::string clock;      // DescribeClock
    std::string start;      // the day the clock starts from
    std::string published;  // the expected notice's day, "" while it is not out
  };
  std::vector<Due> deadlines;
};

// The pages of the projects `findings` name (DesignatedProjects of `notices`
// at as_of): each one's notices and copies by publication, with their
// captures, and its chain's deadlines at as_of.
std::vector<ProjectPage> ProjectPages(const std::vector<NoticeWithEvidence>& notices,
                                      const std::vector<Project>& projects, const std::vector<Finding>& findings,
                                      Date as_of, const RuleBook& rules, const WorkingDayCalendar& calendar);
// The same of the projects whose codes are `codes` (`gapwatch serve`: one
// project's, or a buyer's, with or without findings).
std::vector<ProjectPage> ProjectPages(const std::vector<NoticeWithEvidence>& notices,
                                      const std::vector<Project>& projects, const std::set<std::string>& codes,
                                      Date as_of, const RuleBook& rules, const WorkingDayCalendar& calendar);

struct ReportInput {
  std::string as_of;         // YYYY-MM-DD
  std::string generated_at;  // ISO 8601 with +08:00
  bool complete = true;
  std::vector<SiteSummary> sites;
  std::vector<Finding> findings;
  std::vector<Scorecard> scorecards;
  std::vector<ReviewItem> for_review;
  std::vector<ProjectPage> projects;       // of the projects with findings, for their pages
  std::vector<UpcomingDeadline> upcoming;  // pending deadlines soon due (UpcomingDeadlines), for the buyers' pages
  std::vector<FindingEvent> events;        // every finding's, by as_of: the chart of what opened and resolved
  std::string ocds;                        // ocds.json (OcdsReleasePackage, monitor/ocds.h); not written when empty
  std::vector<AtomFeed> feeds;             // written at their paths (FindingFeeds, monitor/feeds.h)
  // index.html lists at most this many findings, the most overdue first: past
  // that a browser struggles (139,178 findings at 10^6 notices made a 181 MB
  // page). gaps.csv, gaps.json and the buyers' pages hold every one.
  std::size_t overview_findings_limit = 10000;
};

// One finding as gaps.json lists it (the API serves the same objects).
nlohmann::ordered_json FindingJson(const Finding& finding);
// One scorecard as scorecards.json lists it (the API serves the same objects).
nlohmann::ordered_json ScorecardJson(const Scorecard& card);
std::string GapsJson(const ReportInput& input);        // the gaps.json text
std::string ScorecardsJson(const ReportInput& input);  // {"schema":"gapwatch.scorecards/1","as_of":…,"scorecards":[…]}
std::string IndexHtml(const ReportInput& input);
// A buyer's page (buyers/<PageSlug(buyer)>.html): its scorecard, its deadlines
// coming, its open findings (`findings`, those of input.findings that are its).
std::string BuyerPageHtml(const ReportInput& input, const std::string& buyer,
                          const std::vector<const Finding*>& findings);
// A project's page (projects/<PageSlug(code)>.html): when `page` is given,
// its timeline drawn as inline SVG (a lane per site with a mark per notice, a
// lane per deadline with its clock's window, its due day and the gap past it)
// above the same as tables; and its findings (`findings`). Each archived
// capture links to evidence/<sha256>, which `gapwatch serve` answers.
std::string ProjectPageHtml(const ReportInput& input, const std::string& code, const ProjectPage* page,
                            const std::vector<const Finding*>& findings);
// Where a project's page lies in the report folder: projects/<PageSlug(code)>.html.
std::string ProjectPagePath(const std::string& code);
std::string HtmlEscape(std::string_view text);
// Whether a scraped URL is http(s), any case: only those become links (a
// javascript: one would run on click).
bool IsWebUrl(std::string_view url);
// What a calendar_unknown finding says of its calendar: "the official
// working-day calendar for 2027 is not loaded (国务院办公厅关于2027年部分节假日安排的通知)".
std::string MissingCalendarText(int year);
void WriteReport(const std::string& directory, const ReportInput& input);

}  // namespace gapwatch
