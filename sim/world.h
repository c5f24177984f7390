// The simulated world: the public-resource notices of Shaoguan on the four
// sites, over 2018–2026, with gaps planted and known (docs/simulator.md).
//
// Built by BuildWorld(seed, scale, calendar): deterministic, the same (seed,
// scale) gives the same world byte for byte on any platform. The world is
// lazy: it holds only a compact index per site generation (12 bytes per
// notice) and rebuilds any subject on demand from (seed, scale, id)
// (sim/world_subjects.h), so that scales of hundreds of thousands of projects
// fit in memory. A world is 15 singletons plus `scale` units of
// SubjectsPerUnit() subjects (sim/world_roles.h). Throws std::invalid_argument
// for a scale outside 1..kMaxScale.
//
// How a site renderer uses it (all const; a World may be shared by any number
// of threads; the WorkCalendar must outlive it):
//
//   const NoticeList list = world.Visible(Generation::kGpcms, as_of);  // newest first
//   for (size_t i = first; i < std::min(list.size(), first + page_size); ++i) {
//     const IndexedNotice& entry = list[i];          // kind, region, time: enough to filter
//     const Project project = world.ProjectAt(entry.subject);
//     const Notice& notice = project.notices[entry.slot];
//     const Project shown = AsShown(project, notice, as_of);  // with the notice's edit, if made by then
//     … world.NoticeId(Generation::kGpcms, entry.ref()) …
//   }
//   std::optional<NoticeRef> ref = world.FindNotice(Generation::kGpcms, id);  // a detail request
//   if (ref && IsVisible(world.NoticeOf(*ref), as_of)) …                    // else 404
//
// "Visible" is ARCHITECTURE.md's "as of": published on or before as_of, in
// its latest edited form, without what was removed by then.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/civil_date.h"
#include "sim/world_roles.h"
#include "sim/world_subjects.h"
#include "sim/world_types.h"

namespace gapwatch::sim {

inline constexpr int kMaxScale = 2000;

// One notice in its generation's index: what a list needs to order, filter
// and page without rebuilding the subject.
struct IndexedNotice {
  uint32_t time = 0;  // publication: seconds since 2018-01-01 00:00 China Standard Time
  SubjectId subject = 0;
  uint8_t slot = 0;
  NoticeKind kind = NoticeKind::kTender;
  uint8_t region = 0;  // index into Regions() (sim/world_vocabulary.h); Regions().size() when none
  bool has_removal = false;

  NoticeRef ref() const { return {subject, slot}; }
  CivilDate published() const;
};
uint32_t TimeKey(CivilDate date, int second_of_day);

// The notices of one generation visible on one day, newest first (by
// publication time, then subject id, then slot). Random access costs
// O(log(number of notices removed by then)): list pages at scale read tens of
// thousands of positions each. Valid while its World lives.
class NoticeList {
 public:
  size_t size() const { return entries_ ? entries_->size() - first_ - skips_.size() : 0; }
  bool empty() const { return size() == 0; }
  const IndexedNotice& operator[](size_t position) const;

 private:
  friend class World;
  const std::vector<IndexedNotice>* entries_ = nullptr;
  size_t first_ = 0;  // index of the newest entry published by as_of
  // For the j-th entry (ascending index ≥ first_) removed by as_of: its index
  // minus j. Non-decreasing, so the number of removed entries before a
  // position is one binary search.
  std::vector<size_t> skips_;
};

class World {
 public:
  World(uint64_t seed, int scale, const WorkCalendar& calendar);

  uint64_t seed() const { return key_.seed; }
  int scale() const { return key_.scale; }
  const WorkCalendar& calendar() const { return *calendar_; }

  // ---- Subjects, rebuilt on each call (cheap: microseconds) ----
  uint32_t subject_count() const { return SubjectCount(key_.scale); }
  SubjectType TypeOf(SubjectId id) const;
  // The domain of the subject's role (RoleSpec::domain), without rebuilding the
  // subject: a project's or record's; kDisclosure for the departments.
  Domain DomainOf(SubjectId id) const;
  Project ProjectAt(SubjectId id) const;  // throws std::invalid_argument for another type
  CreditRecord CreditRecordAt(SubjectId id) const;
  BlacklistEntry BlacklistEntryAt(SubjectId id) const;
  Department DepartmentAt(SubjectId id) const;
  // A subject's notices, whatever its type; and one of them.
  std::vector<Notice> NoticesOf(SubjectId id) const;
  Notice NoticeOf(NoticeRef ref) const;

  // ---- Lists ----
  NoticeList Visible(Generation generation, CivilDate as_of) const;
  // Every notice the generation ever carries, newest first (for tests and counts).
  const std::vector<IndexedNotice>& Index(Generation generation) const {
    return index_[static_cast<size_t>(generation)];
  }

  // ---- Identifiers ----
  // The notice's id in the generation's real shape (sim/world_ids.h): a
  // gpcms/ygp UUID, a 32-hex freecms/gdgpo/sgjyzx/credit id, a portal or
  // gkmlpt post number. The notice must be on that generation.
  std::string NoticeId(Generation generation, NoticeRef ref) const;
  // The notice an id names on that generation; nullopt for anything else.
  std::optional<NoticeRef> FindNotice(Generation generation, std::string_view id) const;
  // The projects whose designated-site code is exactly `code`.
  std::vector<SubjectId> FindProjects(std::string_view code) const;

  // Bytes the indexes hold: the world's whole memory beyond a few tables.
  size_t IndexBytes() const;

 private:
  // Position of a notice in its generation's index (newest first).
  size_t IndexPosition(Generation generation, NoticeRef ref) const;

  WorldKey key_;
  const WorkCalendar* calendar_;
  std::array<std::vector<IndexedNotice>, kGenerationCount> index_;
  // Per generation: (index position, removal day number) of notices that get removed.
  std::array<std::vector<std::pair<size_t, long>>, kGenerationCount> removals_;
  std::vector<uint32_t> code_hashes_;  // per subject: a hash of its project code, 0 for other subjects
};

World BuildWorld(uint64_t seed, int scale, const WorkCalendar& calendar);

// The project as `notice` shows it on `as_of`: with the notice's edit applied
// once it has been made (EditedField), otherwise unchanged.
Project AsShown(const Project& project, const Notice& notice, CivilDate as_of);
CreditRecord AsShown(const CreditRecord& record, const Notice& notice, CivilDate as_of);

}  // namespace gapwatch::sim
