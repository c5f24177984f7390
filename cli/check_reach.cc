#include "cli/check_reach.h"

#include <algorithm>
#include <deque>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "monitor/check_support.h"
#include "monitor/kept_grouping.h"
#include "monitor/matcher.h"

namespace gapwatch {
namespace {

// Outlines loaded batch by batch, where they stay: the regrouping's projects point into them.
class Loaded {
 public:
  explicit Loaded(std::deque<std::vector<NoticeWithEvidence>>& batches) : batches_(batches) {}
  std::vector<const NoticeWithEvidence*> Keep(std::vector<NoticeWithEvidence> outlines) {
    std::vector<NoticeWithEvidence>& batch = batches_.emplace_back(std::move(outlines));
    std::vector<const NoticeWithEvidence*> items;
    items.reserve(batch.size());
    for (const NoticeWithEvidence& item : batch) items.push_back(Index(item));
    return items;
  }
  // An outline kept elsewhere, for as long as the batches.
  const NoticeWithEvidence* Index(const NoticeWithEvidence& item) {
    by_id_.emplace(item.notice_id, &item);
    return &item;
  }
  const NoticeWithEvidence* Find(long long id) const {
    const auto found = by_id_.find(id);
    return found == by_id_.end() ? nullptr : found->second;
  }

 private:
  std::deque<std::vector<NoticeWithEvidence>>& batches_;
  std::unordered_map<long long, const NoticeWithEvidence*> by_id_;
};

// The grouping the next check starts from: the last one's projects and
// outlines, but for those the regrouping moved or removed and the notices
// changed since. `moved` and `gone` by code, as RegroupFromLast returns them.
// A change to the last grouping, unless the changes would then weigh more
// than an eighth of the whole: every check would read them again.
KeptGroupingChange NextGrouping(const LastGrouping& last, const std::vector<Project>& moved,
                                const std::vector<std::string>& gone,
                                const std::vector<const NoticeWithEvidence*>& changed,
                                const std::unordered_set<long long>& changed_or_removed) {
  std::vector<const NoticeWithEvidence*> kept;
  for (const NoticeWithEvidence* item : changed) {
    if (KeptForTheNextCheck(item->notice)) kept.push_back(item);
  }
  std::ranges::sort(kept, {}, &NoticeWithEvidence::notice_id);
  const auto add_moved = [](LastGroupingWriter& writer, const Project& project) {
    writer.AddProject(project.code, project.title, project.buyer, project.domain, KeepGrouping(project));
  };

  LastGroupingWriter change = LastGroupingWriter::Change();
  auto next_gone = gone.begin();
  for (const Project& project : moved) {
    for (; next_gone != gone.end() && *next_gone < project.code; ++next_gone) change.RemoveProject(*next_gone);
    add_moved(change, project);
  }
  for (; next_gone != gone.end(); ++next_gone) change.RemoveProject(*next_gone);
  std::vector<long long> removed_outlines;
  for (const NoticeWithEvidence& item : last.outlines()) {
    if (changed_or_removed.count(item.notice_id)) removed_outlines.push_back(item.notice_id);
  }
  auto next_removed = removed_outlines.begin();
  for (const NoticeWithEvidence* item : kept) {
    for (; next_removed != removed_outlines.end() && *next_removed < item->notice_id; ++next_removed) {
      change.RemoveOutline(*next_removed);
    }
    if (next_removed != removed_outlines.end() && *next_removed == item->notice_id) ++next_removed;
    change.AddOutline(*item);
  }
  for (; next_removed != removed_outlines.end(); ++next_removed) change.RemoveOutline(*next_removed);
  std::vector<std::string> parts = std::move(change).Parts();
  if (8 * (last.change_bytes() + parts.front().size()) <= last.whole_bytes()) return {std::move(parts), true};

  LastGroupingWriter whole;
  auto next_moved = moved.begin();
  for (std::size_t p = 0; p < last.size(); ++p) {
    for (; next_moved != moved.end() && next_moved->code < last.code(p); ++next_moved) add_moved(whole, *next_moved);
    if (next_moved != moved.end() && next_moved->code == last.code(p)) {
      add_moved(whole, *next_moved++);
    } else if (!std::ranges::binary_search(gone, last.code(p))) {
      whole.AddProject(last, p);
    }
  }
  for (; next_moved != moved.end(); ++next_moved) add_moved(whole, *next_moved);
  auto next_kept = kept.begin();
  const std::vector<NoticeWithEvidence>& outlines = last.outlines();
  for (std::size_t n = 0; n < outlines.size(); ++n) {
    for (; next_kept != kept.end() && (*next_kept)->notice_id < outlines[n].notice_id; ++next_kept) {
      whole.AddOutline(**next_kept);
    }
    if (!changed_or_removed.count(outlines[n].notice_id)) whole.AddOutline(last, n);
  }
  for (; next_kept != kept.end(); ++next_kept) whole.AddOutline(**next_kept);
  return {std::move(whole).Parts(), false};
}

}  // namespace

std::optional<ReachedWorld> ReachOfChange(const Store& store, const std::vector<NoticeWithEvidence>& changed,
                                          const std::vector<RemovedOutline>& removed,
                                          const std::set<std::pair<std::string, std::string>>& tracked, Date as_of) {
  // The last grouping, with the outlines of what every check reads again
  // (the chain notices matched by title, the blacklist, the departments'
  // records) as they were then: those changed since are read now.
  std::optional<LastGrouping> last = LastGrouping::Decode(store.LastGroupingParts());
  if (!last) return std::nullopt;
  ReachedWorld world;
  world.arenas = last->arenas();
  Loaded loaded(world.read);
  std::unordered_set<long long> changed_or_removed;
  for (const NoticeWithEvidence& item : changed) changed_or_removed.insert(item.notice_id);
  for (const RemovedOutline& gone : removed) changed_or_removed.insert(gone.notice_id);
  std::vector<const NoticeWithEvidence*> changed_items, loose, always;
  for (const NoticeWithEvidence& item : changed) changed_items.push_back(&item);
  for (const NoticeWithEvidence& item : last->outlines()) {
    if (changed_or_removed.count(item.notice_id)) continue;
    (checks::IsChainKind(item.notice.kind) ? loose : always).push_back(loaded.Index(item));
  }
  const std::vector<const NoticeWithEvidence*> tracked_items =
      loaded.Keep(store.NoticeOutlinesAt({tracked.begin(), tracked.end()}));
  always.insert(always.end(), tracked_items.begin(), tracked_items.end());
  for (const NoticeWithEvidence* item : changed_items) {
    if (!KeptForTheNextCheck(item->notice)) continue;
    (checks::IsChainKind(item->notice.kind) ? loose : always).push_back(item);
  }
  std::vector<long long> removed_ids;
  for (const RemovedOutline& gone : removed) removed_ids.push_back(gone.notice_id);
  Regrouping regrouping;
  try {
    regrouping = RegroupFromLast(
        *last, changed_items, removed_ids, loose,
        [&](const std::vector<long long>& ids) { return loaded.Keep(store.NoticeOutlinesByIds(ids)); }, as_of);
  } catch (const MissingOutline&) {
    return std::nullopt;  // an extract committed meanwhile: every outline, read now, serves
  }

  // The project a notice counts for now: the one it joined or is a copy of,
  // else its code's when it is one of that project's notices.
  const auto project_of = [&](const NoticeWithEvidence& item) -> std::string {
    if (const auto linked = regrouping.linked.find(item.notice_id); linked != regrouping.linked.end()) {
      return linked->second;
    }
    const std::optional<Date> published = checks::PublicationDate(item);
    if (!published || as_of < *published || item.notice.site != DesignatedSite(item.notice.domain)) return "";
    return checks::CanonicalCode(item.notice.project_code);
  };

  std::map<std::string, Project*> regrouped;
  const std::set<std::string> gone(regrouping.gone.begin(), regrouping.gone.end());
  for (Project& project : regrouping.projects) {
    world.moved.insert(project.code);
    regrouped.emplace(project.code, &project);
  }
  world.moved.insert(gone.begin(), gone.end());
  // A code-less notice or copy linked otherwise moves the digest of the code it prints.
  std::unordered_map<long long, std::string_view> linked_before;
  for (std::size_t p = 0; p < last->size(); ++p) {
    for (const long long id : last->joined(p)) linked_before.emplace(id, last->code(p));
    for (const LastGrouping::LinkedCopy& copy : last->copies(p)) linked_before.emplace(copy.id, last->code(p));
  }
  for (const NoticeWithEvidence* item : loose) {
    const auto before = linked_before.find(item->notice_id);
    const auto now = regrouping.linked.find(item->notice_id);
    const bool unlinked_before = before == linked_before.end(), unlinked_now = now == regrouping.linked.end();
    if (unlinked_before && unlinked_now) continue;
    if (!unlinked_before && !unlinked_now && before->second == now->second) continue;
    if (std::string code = checks::CanonicalCode(item->notice.project_code); !code.empty()) {
      world.moved.insert(std::move(code));
    }
    if (!unlinked_before) world.moved.emplace(before->second);
  }
  const std::size_t new_projects = static_cast<std::size_t>(
      std::ranges::count_if(regrouping.projects, [&](const Project& project) { return !last->Find(project.code); }));
  world.project_count = last->size() + new_projects - regrouping.gone.size();

  // What PlanRecheck starts from, then closed: each code's notices and
  // project, and the projects its notices count for.
  std::vector<const NoticeWithEvidence*> gathered = changed_items;
  std::set<std::string> pending = world.moved;
  for (const NoticeWithEvidence* item : changed_items) {
    if (std::string code = checks::CanonicalCode(item->notice.project_code); !code.empty()) pending.insert(code);
    if (std::string project = project_of(*item); !project.empty()) pending.insert(std::move(project));
  }
  for (const RemovedOutline& gone : removed) {
    if (std::string code = checks::CanonicalCode(gone.project_code); !code.empty()) pending.insert(code);
    if (!gone.linked_project.empty()) pending.insert(gone.linked_project);
  }
  // What every check reads again: of these, only one linked by title (a copy
  // is all PlanRecheck asks for) brings the project it counts for.
  gathered.insert(gathered.end(), always.begin(), always.end());
  for (const NoticeWithEvidence* item : always) {
    const auto linked = regrouping.linked.find(item->notice_id);
    if (linked != regrouping.linked.end()) pending.insert(linked->second);
  }
  std::deque<Project> rebuilt;
  std::vector<const Project*> projects;
  while (!pending.empty()) {
    std::vector<std::string> codes;
    for (const std::string& code : pending) {
      if (world.codes.insert(code).second) codes.push_back(code);
    }
    pending.clear();
    if (codes.empty()) break;
    const std::vector<const NoticeWithEvidence*> printing =
        loaded.Keep(store.NoticeOutlinesPrinting(store.PrintedFormsOf(codes)));
    gathered.insert(gathered.end(), printing.begin(), printing.end());
    // The projects the regrouping left as they were, from their notices.
    std::vector<std::size_t> as_before;
    std::vector<long long> wanted;
    for (const std::string& code : codes) {
      if (const auto found = regrouped.find(code); found != regrouped.end()) {
        projects.push_back(found->second);
        continue;
      }
      const std::optional<std::size_t> at = last->Find(code);
      // No project: printed by copies or others only, or by none that stands any more.
      if (!at || gone.count(code)) continue;
      as_before.push_back(*at);
      for (const std::span<const long long> ids : {last->members(*at), last->joined(*at)}) {
        for (const long long id : ids) {
          if (!loaded.Find(id)) wanted.push_back(id);
        }
      }
      for (const LastGrouping::LinkedCopy& copy : last->copies(*at)) {
        if (!loaded.Find(copy.id)) wanted.push_back(copy.id);
      }
    }
    loaded.Keep(store.NoticeOutlinesByIds(wanted));
    // An extract that committed meanwhile took some away: no world to plan from.
    if (std::ranges::any_of(wanted, [&](long long id) { return !loaded.Find(id); })) return std::nullopt;
    for (const std::size_t at : as_before) {
      projects.push_back(
          &rebuilt.emplace_back(RebuildProject(*last, at, [&](long long id) { return loaded.Find(id); })));
    }
    for (const NoticeWithEvidence* item : printing) {
      if (std::string project = project_of(*item); !project.empty() && !world.codes.count(project)) {
        pending.insert(std::move(project));
      }
    }
  }

  world.grouping = NextGrouping(*last, regrouping.projects, regrouping.gone, changed_items, changed_or_removed);

  // One copy of each notice gathered, by id, and the projects pointing into it.
  for (const Project* project : projects) {
    gathered.insert(gathered.end(), project->notices.begin(), project->notices.end());
    for (const Sighting& copy : project->copies) gathered.push_back(copy.item);
  }
  std::ranges::sort(gathered, {}, &NoticeWithEvidence::notice_id);
  gathered.erase(std::unique(gathered.begin(), gathered.end(),
                             [](const NoticeWithEvidence* a, const NoticeWithEvidence* b) {
                               return a->notice_id == b->notice_id;
                             }),
                 gathered.end());
  world.outlines.reserve(gathered.size());
  std::unordered_map<long long, const NoticeWithEvidence*> outline_of;
  for (const NoticeWithEvidence* item : gathered) world.outlines.push_back(*item);
  for (const NoticeWithEvidence& item : world.outlines) outline_of.emplace(item.notice_id, &item);
  for (const Project* project : projects) {
    Project& moved_here = world.projects.emplace_back(*project);
    for (const NoticeWithEvidence*& item : moved_here.notices) item = outline_of.at(item->notice_id);
    for (Sighting& copy : moved_here.copies) copy.item = outline_of.at(copy.item->notice_id);
  }
  std::ranges::sort(world.projects, {}, &Project::code);
  return world;
}

}  // namespace gapwatch
