// Building one subject of the world from (seed, scale, id) alone, so that a
// world of any size is held as a compact index and each subject is rebuilt
// when a page or the truth needs it (sim/world.h).
//
// Two random streams per subject keep rebuilding cheap and consistent: the
// first draws what the index needs (role timeline, sites, notice dates and
// times, region, project code), the second the rest (names, parties, lots,
// amounts, edited values). Detail::kIndex skips the second; every field it
// does fill is identical to Detail::kFull's. Pure functions of their
// arguments; thread-safe. Throws std::out_of_range for an id past the world
// and std::invalid_argument for an id of another subject type.
#pragma once
#include <cstdint>

#include "sim/civil_date.h"
#include "sim/world_roles.h"
#include "sim/world_types.h"

namespace gapwatch::sim {

enum class Detail { kIndex, kFull };

struct WorldKey {
  uint64_t seed = 1;
  int scale = 1;
};

Project DeriveProject(WorldKey key, SubjectId id, const WorkCalendar& calendar, Detail detail);
CreditRecord DeriveCreditRecord(WorldKey key, SubjectId id, const WorkCalendar& calendar);
BlacklistEntry DeriveBlacklistEntry(WorldKey key, SubjectId id, const WorkCalendar& calendar);
Department DeriveDepartment(WorldKey key, SubjectId id, const WorkCalendar& calendar);

// The name a department publishes under on `date` (the 2019 reform renamed
// several; reports from March 2019 on carry the new name).
const std::string& DepartmentNameOn(const Department& department, CivilDate date);

}  // namespace gapwatch::sim
