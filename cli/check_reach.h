// What an incremental check of the day the last check was made reads instead
// of every notice (Cycle::Check): what a change reaches. The last check kept
// its grouping, with the outlines every check reads again (LastGrouping,
// monitor/kept_grouping.h); the change log names the notices inserted,
// edited and removed since. The projects are
// grouped again from those (RegroupFromLast: the touched codes' notices read,
// every code-less notice and copy matched again by title), then the notices
// the recheck plan reads are gathered: every notice of each code whose
// findings may differ, the projects of those codes and of every notice so
// gathered (closed under both), the changed notices, the blacklist, the
// departments' records and the notices with a watchdog history. PlanRecheck
// over them plans what it plans over every notice.
#pragma once
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "monitor/checker.h"
#include "monitor/date.h"
#include "monitor/recheck.h"
#include "store/records.h"
#include "store/store.h"

namespace gapwatch {

// What a check keeps for the next one to start from (LastGroupingWriter):
// a change appended to the last grouping, or a whole one replacing it.
struct KeptGroupingChange {
  std::vector<std::string> parts;
  bool appended = false;
};

struct ReachedWorld {
  std::vector<NoticeWithEvidence> outlines;  // every notice gathered, by id
  std::vector<Project> projects;             // the projects of `codes`, grouped as now, by code, into `outlines`
  std::set<std::string> moved;               // the codes whose digests may have moved (PlanRecheck's `moved`)
  std::set<std::string> codes;               // the codes whose notices and project `outlines` and `projects` hold
  std::size_t project_count = 0;             // designated projects after the change
  // Every outline read, and the last grouping's texts, which the projects' buyers and domains may view.
  std::deque<std::vector<NoticeWithEvidence>> read;
  std::vector<std::shared_ptr<const TextArena>> arenas;
  KeptGroupingChange grouping;  // for the next check
};

// `changed`: the outlines of the notices the change log names as inserted or
// edited since the last check, made as of `as_of` too (they must outlive the
// world); `removed`: those it names as removed; `tracked`: (site, url) of the
// notices with a watchdog history. nullopt when the store keeps no grouping
// that decodes (one migrated from before schema 14 keeps none), or an
// extract committing meanwhile removed a notice it needs. The world holds
// the grouping for the next check: a change to the last one, or a whole.
std::optional<ReachedWorld> ReachOfChange(const Store& store, const std::vector<NoticeWithEvidence>& changed,
                                          const std::vector<RemovedOutline>& removed,
                                          const std::set<std::pair<std::string, std::string>>& tracked, Date as_of);

}  // namespace gapwatch
