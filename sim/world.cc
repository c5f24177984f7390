#include "sim/world.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "sim/world_ids.h"
#include "sim/world_vocabulary.h"

namespace gapwatch::sim {
namespace {

// Index times count from 2018-01-01, the calendar's first day.
long EpochDay() {
  static const long day = CivilDate{2018, 1, 1}.DayNumber();
  return day;
}

uint32_t CodeHash(std::string_view code) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : code) hash = (hash ^ c) * 16777619u;
  return hash == 0 ? 1 : hash;  // 0 marks subjects without a code
}

// Newest first; ties by subject, then slot, so the order never depends on
// how the index was built.
bool NewerFirst(const IndexedNotice& a, const IndexedNotice& b) {
  if (a.time != b.time) return a.time > b.time;
  if (a.subject != b.subject) return a.subject < b.subject;
  return a.slot < b.slot;
}

}  // namespace

uint32_t TimeKey(CivilDate date, int second_of_day) {
  return static_cast<uint32_t>((date.DayNumber() - EpochDay()) * 86400 + second_of_day);
}

CivilDate IndexedNotice::published() const { return CivilDate::FromDayNumber(EpochDay() + time / 86400); }

const IndexedNotice& NoticeList::operator[](size_t position) const {
  if (position >= size()) throw std::out_of_range("notice list position " + std::to_string(position));
  // The removed entry j lies before the wanted one exactly when its index
  // minus j is at most first_ + position (the index the wanted entry would
  // have without the j removals before it).
  const size_t target = first_ + position;
  const size_t removed_before =
      static_cast<size_t>(std::upper_bound(skips_.begin(), skips_.end(), target) - skips_.begin());
  return (*entries_)[target + removed_before];
}

World::World(uint64_t seed, int scale, const WorkCalendar& calendar) : key_{seed, scale}, calendar_(&calendar) {
  if (scale < 1 || scale > kMaxScale) {
    throw std::invalid_argument("scale must be between 1 and " + std::to_string(kMaxScale));
  }
  const uint32_t count = SubjectCount(scale);
  code_hashes_.assign(count, 0);
  for (SubjectId id = 0; id < count; ++id) {
    const SubjectSlot slot = SlotOf(id, scale, seed);
    std::vector<Notice> notices;
    uint8_t region = static_cast<uint8_t>(Regions().size());
    if (slot.type == SubjectType::kProject) {
      Project project = DeriveProject(key_, id, calendar, Detail::kIndex);
      region = static_cast<uint8_t>(RegionIndex(project.region_code));
      code_hashes_[id] = CodeHash(project.code);
      notices = std::move(project.notices);
    } else {
      notices = NoticesOf(id);
    }
    for (size_t slot_index = 0; slot_index < notices.size(); ++slot_index) {
      const Notice& notice = notices[slot_index];
      IndexedNotice entry;
      entry.time = TimeKey(notice.published, notice.second_of_day);
      entry.subject = id;
      entry.slot = static_cast<uint8_t>(slot_index);
      entry.kind = notice.kind;
      entry.region = region;
      entry.has_removal = notice.removed.has_value();
      index_[static_cast<size_t>(notice.generation)].push_back(entry);
    }
  }
  for (size_t g = 0; g < index_.size(); ++g) {
    std::vector<IndexedNotice>& entries = index_[g];
    entries.shrink_to_fit();
    std::sort(entries.begin(), entries.end(), NewerFirst);
    for (size_t i = 0; i < entries.size(); ++i) {
      if (entries[i].has_removal) removals_[g].emplace_back(i, NoticeOf(entries[i].ref()).removed->DayNumber());
    }
  }
}

SubjectType World::TypeOf(SubjectId id) const { return SlotOf(id, key_.scale, key_.seed).type; }
Domain World::DomainOf(SubjectId id) const { return SpecOf(SlotOf(id, key_.scale, key_.seed).role).domain; }

Project World::ProjectAt(SubjectId id) const { return DeriveProject(key_, id, *calendar_, Detail::kFull); }
CreditRecord World::CreditRecordAt(SubjectId id) const { return DeriveCreditRecord(key_, id, *calendar_); }
BlacklistEntry World::BlacklistEntryAt(SubjectId id) const { return DeriveBlacklistEntry(key_, id, *calendar_); }
Department World::DepartmentAt(SubjectId id) const { return DeriveDepartment(key_, id, *calendar_); }

std::vector<Notice> World::NoticesOf(SubjectId id) const {
  switch (TypeOf(id)) {
    case SubjectType::kProject:
      return DeriveProject(key_, id, *calendar_, Detail::kIndex).notices;
    case SubjectType::kCreditRecord:
      return CreditRecordAt(id).notices;
    case SubjectType::kBlacklistEntry:
      return BlacklistEntryAt(id).notices;
    case SubjectType::kDepartment:
      return DepartmentAt(id).notices;
  }
  return {};
}

Notice World::NoticeOf(NoticeRef ref) const {
  std::vector<Notice> notices = NoticesOf(ref.subject);
  if (ref.slot >= notices.size()) throw std::out_of_range("no notice " + std::to_string(NoticeNumber(ref)));
  return notices[ref.slot];
}

NoticeList World::Visible(Generation generation, CivilDate as_of) const {
  NoticeList list;
  list.entries_ = &Index(generation);
  const uint32_t end_of_day = TimeKey(as_of.PlusDays(1), 0);
  // The first entry published before the end of as_of.
  list.first_ =
      static_cast<size_t>(std::partition_point(list.entries_->begin(), list.entries_->end(),
                                               [&](const IndexedNotice& entry) { return entry.time >= end_of_day; }) -
                          list.entries_->begin());
  for (const auto& [index, removal_day] : removals_[static_cast<size_t>(generation)]) {
    if (index >= list.first_ && removal_day <= as_of.DayNumber()) list.skips_.push_back(index - list.skips_.size());
  }
  return list;
}

size_t World::IndexPosition(Generation generation, NoticeRef ref) const {
  const Notice notice = NoticeOf(ref);
  if (notice.generation != generation) {
    throw std::invalid_argument("notice " + std::to_string(NoticeNumber(ref)) + " is not on " +
                                GenerationName(generation));
  }
  IndexedNotice probe;
  probe.time = TimeKey(notice.published, notice.second_of_day);
  probe.subject = ref.subject;
  probe.slot = ref.slot;
  const auto& entries = Index(generation);
  return static_cast<size_t>(std::lower_bound(entries.begin(), entries.end(), probe, NewerFirst) - entries.begin());
}

std::string World::NoticeId(Generation generation, NoticeRef ref) const {
  if (!UsesNumericIds(generation)) {
    if (NoticeOf(ref).generation != generation) {
      throw std::invalid_argument("notice " + std::to_string(NoticeNumber(ref)) + " is not on " +
                                  GenerationName(generation));
    }
    return FormatHexNoticeId(generation, key_.seed, NoticeNumber(ref));
  }
  // Numeric ids count from the generation's oldest notice.
  const size_t chronological = Index(generation).size() - 1 - IndexPosition(generation, ref);
  return FormatNumericNoticeId(generation, key_.seed, static_cast<uint32_t>(chronological));
}

std::optional<NoticeRef> World::FindNotice(Generation generation, std::string_view id) const {
  const auto& entries = Index(generation);
  if (UsesNumericIds(generation)) {
    const auto position = ParseNumericNoticeId(generation, key_.seed, id);
    if (!position || *position >= entries.size()) return std::nullopt;
    return entries[entries.size() - 1 - *position].ref();
  }
  const auto number = ParseHexNoticeId(generation, key_.seed, id);
  if (!number) return std::nullopt;
  const NoticeRef ref = RefOfNumber(*number);
  if (ref.subject >= subject_count()) return std::nullopt;
  const std::vector<Notice> notices = NoticesOf(ref.subject);
  if (ref.slot >= notices.size() || notices[ref.slot].generation != generation) return std::nullopt;
  return ref;
}

std::vector<SubjectId> World::FindProjects(std::string_view code) const {
  std::vector<SubjectId> found;
  const uint32_t hash = CodeHash(code);
  for (SubjectId id = 0; id < code_hashes_.size(); ++id) {
    if (code_hashes_[id] == hash && DeriveProject(key_, id, *calendar_, Detail::kIndex).code == code) {
      found.push_back(id);
    }
  }
  return found;
}

size_t World::IndexBytes() const {
  size_t bytes = code_hashes_.capacity() * sizeof(uint32_t);
  for (size_t g = 0; g < index_.size(); ++g) {
    bytes += index_[g].capacity() * sizeof(IndexedNotice) + removals_[g].capacity() * sizeof(removals_[g][0]);
  }
  return bytes;
}

World BuildWorld(uint64_t seed, int scale, const WorkCalendar& calendar) { return World(seed, scale, calendar); }

Project AsShown(const Project& project, const Notice& notice, CivilDate as_of) {
  if (!ShowsEdit(notice, as_of)) return project;
  Project shown = project;
  switch (notice.edit) {
    case EditedField::kAgencyPhone:
      shown.agency.phone = notice.edit_value;
      break;
    case EditedField::kSupplierAddress:
      shown.supplier.address = notice.edit_value;
      shown.contract_supplier.address = notice.edit_value;
      break;
    case EditedField::kVenue:
      shown.venue = notice.edit_value;
      break;
    default:
      break;
  }
  return shown;
}

CreditRecord AsShown(const CreditRecord& record, const Notice& notice, CivilDate as_of) {
  if (!ShowsEdit(notice, as_of) || notice.edit != EditedField::kFineAmount) return record;
  CreditRecord shown = record;
  shown.fine_fen = std::stoll(notice.edit_value);
  shown.content = "罚款人民币" + std::to_string(shown.fine_fen / 100) + "元";
  return shown;
}

}  // namespace gapwatch::sim
