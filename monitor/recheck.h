// What an incremental check must look at again (Cycle::Check). The store
// logs what each extract changed (store.h, "change log"); the check keeps a
// digest of each project code as it grouped it. A later check groups every
// notice again from their outlines (what the matcher reads, nothing more),
// compares the digests, and loads in full only the notices whose findings may
// differ: those of the codes that changed, with everything their findings
// read (every site's notices of the code, the copies linked to the project,
// the projects those copies are linked to), the blacklist, the departments'
// plans and reports, and the notices with a watchdog history. The findings of
// every other subject are the last check's.
// Pure functions; thread-safe.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "monitor/check_support.h"
#include "monitor/checker.h"
#include "monitor/date.h"
#include "store/records.h"

namespace gapwatch {

// What CodeDigests and PlanRecheck read of every notice (check_support.h).
using checks::NoticeKeys;

// Each canonical project code's digest (`projects`: MatchDesignated(notices,
// as_of); `keys`: NoticeKeys(notices)): its designated project as grouped
// (the ids of its notices, of its copies with their links' confidence, its
// aliases) and the ids of the notices standing on as_of that print the code,
// on any site, each with the project it counts for (a copy may count for
// another code's project). The same digest means the same notices under the code, grouped
// the same way; what a notice says is the change log's.
std::unordered_map<std::string, long long> CodeDigests(const std::vector<NoticeWithEvidence>& notices,
                                                       const NoticeKeys& keys, const std::vector<Project>& projects,
                                                       Date as_of);

// A notice an extract removed: where it stood, what it printed, and the
// project code it was linked to (store: notice_removals).
struct RemovedOutline {
  std::string site;
  std::string url;
  std::string kind;
  std::string project_code;
  std::string linked_project;
  long long notice_id = 0;
};

struct RecheckPlan {
  std::set<std::string> codes;        // subjects (canonical codes) whose findings are raised again
  std::set<std::string> urls;         // code-less notices: their own subjects
  std::set<std::string> whole_kinds;  // kinds raised again for every subject
  std::vector<long long> notice_ids;  // the notices to load in full, ascending
  std::vector<std::string> projects;  // the codes of the projects to check again

  // Whether the check raises `kind` of `subject` (Finding::project_code) again.
  bool Covers(const std::string& kind, const std::string& subject) const {
    return whole_kinds.count(kind) > 0 || codes.count(subject) > 0 || urls.count(subject) > 0;
  }
};

// Whether a change (the outlines of the notices inserted or edited, and those
// removed) touches the credit site's blacklist, which every award's check reads.
bool ChangesTheBlacklist(const std::vector<NoticeWithEvidence>& changed, const std::vector<RemovedOutline>& removed);

// The codes whose digests differ between `now` and `then` (CodeDigests of two
// checks), or that only one of them has.
std::set<std::string> CodesWhoseDigestsMoved(const std::unordered_map<std::string, long long>& now,
                                             const std::unordered_map<std::string, long long>& then);

// `outlines`: every notice (Store::NoticeOutlines), `keys` theirs; `projects`:
// MatchDesignated(outlines, as_of); `moved`: the codes whose digests moved
// since the last check, made as of `last_as_of` (not after as_of); `changed`:
// ids of the notices inserted or changed since (from `outlines`); `removed`:
// those deleted since; `tracked`: (site, url) of the notices with a watchdog
// history. A later as_of also looks again at every project whose findings
// may move with the day alone: a chain lacking its result or its contract
// (a deadline falls due, an overdue count grows, a calendar year runs out),
// a copy whose kind the procurement site lacks (cross_site_missing), and the
// code-less notices published in between.
// The outlines may also be only those of the notices the plan reads (of
// every code it looks at again, the changed ones, the blacklist, the
// departments' records, the tracked notices), with the projects of those codes
// and of every such notice: what an incremental check of the same day reads
// (cli/check_reach.h).
RecheckPlan PlanRecheck(const std::vector<NoticeWithEvidence>& outlines, const NoticeKeys& keys,
                        const std::vector<Project>& projects, Date as_of, Date last_as_of,
                        const std::set<std::string>& moved, const std::vector<long long>& changed,
                        const std::vector<RemovedOutline>& removed,
                        const std::set<std::pair<std::string, std::string>>& tracked);

}  // namespace gapwatch
