// Links notices into projects and raises the findings that hold at `as_of`.
// Input: every extracted notice with the capture that proves it. Output: the
// findings, each with its rule, due date, working days overdue and evidence;
// `first_seen`/`last_seen` are left for the caller (the store knows history).
// Pure function: no I/O; the standing notices are gathered on a second thread
// while the grouping runs, and the checks that read no project (contents,
// penalty_late, departments, watchdog) are run there; the chains are then
// checked on it beside the others. Throws nothing for bad notices (they are skipped); a due date
// outside the calendar marks the finding's confidence "calendar_unknown" and
// names the year missing (calendar_missing_year). Checks: the chains (award_*,
// contract_* for procurement and construction, tender_missing,
// candidates_missing), content completeness (field_missing), credit
// (penalty_late, blacklisted_winner), departments (plan_missing,
// annual_report_missing), consistency (amount_mismatch, supplier_mismatch,
// cross_site_missing) and the watchdog signals (from `histories`: a notice
// whose content changed, or gone, between captures); `listings` are the
// evidence of a department's missing plan or report. A kind the rule book has
// no rule for is not checked. Notices published after `as_of` are ignored; a
// rule whose valid_from is after the clock's start is not applied. Output
// sorted by (kind, project code, site).
#pragma once
#include <array>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "monitor/calendar.h"
#include "monitor/date.h"
#include "monitor/rules.h"
#include "store/records.h"

namespace gapwatch {
namespace checks {
struct NoticeKeys;  // check_support.h
}  // namespace checks

// One site's copy of a notice, and how sure its link to the project is.
struct Sighting {
  const NoticeWithEvidence* item = nullptr;  // its site, url, publication and capture
  double confidence = 1;                     // 1 when its code names the project, else the title match's
};

struct Project {
  std::string code;
  std::string title;
  NoticeText buyer;  // its notices' (they outlive the project, which points at them)
  NoticeText domain;
  std::vector<const NoticeWithEvidence*> notices;  // ordered by publication
  // MatchDesignated only: the project's chain notices as other sites re-post
  // them (a procurement result on the trading platform), ordered by
  // publication, and the other codes they carry there (the platform's own
  // transaction number, a typo), sorted. They neither meet nor break deadlines.
  std::vector<Sighting> copies;
  std::vector<std::string> aliases;
};

// The site where a domain's notices must stand (DOMAIN.md, "designated site"):
// procurement for government procurement, credit for licences, penalties and
// blacklists, portal for departments' plans and reports, trading otherwise.
std::string DesignatedSite(std::string_view domain);
// The same as a table: the domains with a site of their own, and the site of every other.
const std::map<std::string, std::string>& DesignatedSitesOfDomains();
inline constexpr char kDesignatedSiteOtherwise[] = "trading";

// The kinds that make up a tender's chain, matched into projects by code or title.
inline constexpr std::array<std::string_view, 6> kChainKinds = {"tender", "correction", "candidates",
                                                                "award",  "contract",   "termination"};

// Groups notices into projects (monitor/matcher.h: by canonical code; a
// code-less chain notice by title when the match is confident).
std::vector<Project> GroupIntoProjects(const std::vector<NoticeWithEvidence>& notices);

// The projects the checks judge: notices published by as_of on their domain's
// designated site, grouped as above.
std::vector<Project> DesignatedProjects(const std::vector<NoticeWithEvidence>& notices, Date as_of);

// What a user may tune; the defaults are DOMAIN.md's.
struct CheckOptions {
  // amount_mismatch: a contract amount differing from the award's by more than this (元, exact decimal).
  std::string amount_tolerance_yuan = "1.00";
  // The sites whose notices the store holds (crawled into it); empty = all four. A kind
  // that needs a site's notices to tell (a tender "on no site", a notice missing from the
  // procurement site) is not judged without that site.
  std::set<std::string> sites;
};

// What successive captures showed of one notice (site, url), for the
// watchdog signals (notice_changed, notice_removed): the store keeps every
// capture, the notices only as last extracted.
struct NoticeHistory {
  std::string site;
  std::string url;
  std::vector<Evidence> contents;  // the first capture of each content it showed, oldest first
  std::optional<Evidence> gone;    // the capture showing it gone (404/410, or a full list walk without it)
};

// A list page as last captured: what the site listed then. A notice that list
// should show and does not is absent, and these pages are the proof
// (plan_missing, annual_report_missing: the department's own list).
struct ListingPage {
  std::string site;
  Evidence capture;  // url, captured_at, sha256; notice_kind "list"
};

std::vector<Finding> CheckFindings(const std::vector<NoticeWithEvidence>& notices, Date as_of,
                                   const WorkingDayCalendar& calendar, const RuleBook& rules,
                                   const CheckOptions& options = {}, const std::vector<NoticeHistory>& histories = {},
                                   const std::vector<ListingPage>& listings = {});

// CheckFindings over projects grouped by `group` (called on this thread while
// a second gathers what the checks read besides): DesignatedProjects(notices,
// as_of), or some of them — an incremental check passes the projects it looks
// at again, with every notice their codes and their copies read — their
// notices and copies pointing into `notices`. A finding of a subject (a code,
// a department, a code-less notice's URL) is the one CheckFindings raises when
// `notices` hold every notice it reads. `beside`, when given, is called with
// the grouped projects on a thread of its own while the checks run (the
// caller's own work on the projects, e.g. writing them and the digests the
// next check compares). It has returned before this does and must only read
// the projects; what it throws, this throws. `keys`, when given, are
// checks::NoticeKeys(notices), which the checks then read rather than work
// out again (the grouping may have read them too).
std::vector<Finding> CheckGroupedFindings(
    const std::vector<NoticeWithEvidence>& notices, const std::function<std::vector<Project>()>& group, Date as_of,
    const WorkingDayCalendar& calendar, const RuleBook& rules, const CheckOptions& options = {},
    const std::vector<NoticeHistory>& histories = {}, const std::vector<ListingPage>& listings = {},
    const std::function<void(const std::vector<Project>&)>& beside = {}, const checks::NoticeKeys* keys = nullptr);

// The first `hex_digits` (even, at most 64) lower-case hex digits of the SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes, std::size_t hex_digits = 64);

// Stable finding id: hex of a hash over site, subject and the expected notice,
// shared by a *_missing finding and its *_late twin.
std::string FindingId(const std::string& site, const std::string& subject, const std::string& expected_notice);

}  // namespace gapwatch
