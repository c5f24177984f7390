// Ground truth: the findings a correct gapwatch run must report against the
// simulated world on a given as-of day (ARCHITECTURE.md, "Simulator ground
// truth"), with due dates computed by the simulator's own calendar code.
//
// A planted gap is listed when the notices that reveal it are published by
// as_of and as_of is strictly after its due date (DOMAIN.md):
//   award_missing    due = opening + 9 working days
//   contract_missing due = award publication + 30 calendar days, moved to the
//                          next working day when that is not one, + 2 working days
// The world holds no edited or removed notices, so the crawl dates change
// nothing but the echoed `crawled_at`. Pure functions; WriteFileAtomically
// writes PATH.tmp and renames it over PATH, so a reader never sees half a file.
#pragma once
#include <string>
#include <vector>

#include "sim/civil_date.h"
#include "sim/world.h"

namespace gapwatch::sim {

struct TruthFinding {
  std::string kind;  // award_missing | contract_missing
  std::string site;  // procurement
  std::string code;
  std::string title;
  std::string buyer;
  CivilDate due;
};

// Sorted by due date, then kind, then project code.
std::vector<TruthFinding> TruthFindings(const World& world, const WorkCalendar& calendar, CivilDate as_of);

// The gapwatch.truth/1 document.
std::string TruthJson(CivilDate as_of, const std::vector<CivilDate>& crawled_at,
                      const std::vector<TruthFinding>& findings);

// False, with the reason in *error, when the file cannot be written.
bool WriteFileAtomically(const std::string& path, const std::string& content, std::string* error);

}  // namespace gapwatch::sim
