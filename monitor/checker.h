// Links notices into projects and raises the findings that hold at `as_of`.
// Input: every extracted notice with the capture that proves it. Output: the
// findings, each with its rule, due date, working days overdue and evidence;
// `first_seen`/`last_seen` are left for the caller (the store knows history).
// Pure function: no I/O. Throws nothing for bad notices (they are skipped);
// a due date outside the calendar marks the finding's confidence "calendar_unknown".
// Checks so far: the procurement chain (award_*, contract_*; DOMAIN.md) and
// content completeness (field_missing: a notice's fields_missing, the rule
// data/rules.yaml gives its domain and kind, one finding per site and subject,
// the missing items inside its evidence). Notices
// published after `as_of` are ignored; a rule whose valid_from is after the
// clock's start is not applied. Output sorted by (kind, project code, site).
#pragma once
#include <string>
#include <vector>

#include "monitor/calendar.h"
#include "monitor/date.h"
#include "monitor/rules.h"
#include "store/records.h"

namespace gapwatch {

struct Project {
  std::string code;
  std::string title;
  std::string buyer;
  std::string domain;
  std::vector<const NoticeWithEvidence*> notices;  // ordered by publication
};

// The site where a domain's notices must stand (DOMAIN.md, "designated site"):
// procurement for government procurement, credit for licences, penalties and
// blacklists, portal for departments' plans and reports, trading otherwise.
std::string DesignatedSite(const std::string& domain);

// Groups notices by canonical project code (notices without a code are left out).
std::vector<Project> GroupIntoProjects(const std::vector<NoticeWithEvidence>& notices);

// What a user may tune; the defaults are DOMAIN.md's.
struct CheckOptions {
  // amount_mismatch: a contract amount differing from the award's by more than this (元, exact decimal).
  std::string amount_tolerance_yuan = "1.00";
};

std::vector<Finding> CheckFindings(const std::vector<NoticeWithEvidence>& notices, Date as_of,
                                   const WorkingDayCalendar& calendar, const RuleBook& rules,
                                   const CheckOptions& options = {});

// Stable finding id: hex of a hash over site, subject and the expected notice,
// shared by a *_missing finding and its *_late twin.
std::string FindingId(const std::string& site, const std::string& subject, const std::string& expected_notice);

}  // namespace gapwatch
