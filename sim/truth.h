// Ground truth: the findings a correct gapwatch run must report against the
// simulated world (ARCHITECTURE.md, "Simulator ground truth"), computed from
// the world's facts with the simulator's own calendar code, never monitor/'s.
//
// A finding holds at `as_of` for a client that crawled the world on each of
// `crawled_at` (dates after as_of are ignored) and then on as_of. Chain
// findings judge what stands on as_of; notice_changed needs a crawl before
// the edit and one after it while the notice stood, notice_removed one before
// the removal (and the final crawl sees it gone), so with no crawled_at
// neither is listed. Due dates follow DOMAIN.md exactly (docs/simulator.md
// lists each kind's rule); a finding is listed only when as_of is after its
// due date. One finding per (kind, site, subject): several notices of a
// subject failing the same way on one site make one finding, with the
// earliest due date.
//
// Pure functions; WriteFileAtomically writes PATH.tmp and renames it over
// PATH, so a reader never sees half a file.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "sim/civil_date.h"
#include "sim/world.h"

namespace gapwatch::sim {

struct TruthFinding {
  std::string kind;              // FindingKindName
  std::string site;              // SiteName
  std::string code;              // project code; 文号 for a licence or penalty; department (seed name); party USCC
  std::string title;             // the project's name, the department's or the party's; may be empty
  std::string buyer;             // projects only
  std::optional<CivilDate> due;  // none where DOMAIN.md gives no due date
  // The generations of `site` holding the subject's notices on as_of, sorted
  // by name: what a client crawling only some generations can see.
  std::vector<std::string> generations;
  SubjectId subject = 0;
};

// What one subject's findings depend on besides the subject itself.
struct TruthContext {
  const WorkCalendar* calendar = nullptr;
  CivilDate as_of;
  std::vector<CivilDate> captures;        // the crawl dates on or before as_of, ascending, ending with as_of
  std::vector<BlacklistEntry> blacklist;  // every blacklist entry of the world
};
TruthContext MakeTruthContext(const WorkCalendar& calendar, CivilDate as_of, const std::vector<CivilDate>& crawled_at,
                              std::vector<BlacklistEntry> blacklist);

// One subject's findings (unsorted), from its value: tests build subjects by
// hand to check due dates worked out on paper.
std::vector<TruthFinding> FindingsOf(const Project& project, const TruthContext& context);
std::vector<TruthFinding> FindingsOf(const CreditRecord& record, const TruthContext& context);
std::vector<TruthFinding> FindingsOf(const BlacklistEntry& entry, const TruthContext& context);
std::vector<TruthFinding> FindingsOf(const Department& department, const TruthContext& context);

// Every finding of the world, sorted by due date (findings without one
// last), kind, site, then code.
std::vector<TruthFinding> TruthFindings(const World& world, const WorkCalendar& calendar, CivilDate as_of,
                                        const std::vector<CivilDate>& crawled_at = {});

// The gapwatch.truth/1 document: schema, as_of, crawled_at, findings (each
// with kind, site, project {code, title, buyer}, due or null, generations).
std::string TruthJson(CivilDate as_of, const std::vector<CivilDate>& crawled_at,
                      const std::vector<TruthFinding>& findings);

// False, with the reason in *error, when the file cannot be written.
bool WriteFileAtomically(const std::string& path, const std::string& content, std::string* error);

}  // namespace gapwatch::sim
