#include "cli/check_reach.h"

#include <algorithm>
#include <deque>
#include <future>
#include <iterator>
#include <map>
#include <unordered_map>

#include "monitor/check_support.h"
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
    for (const NoticeWithEvidence& item : batch) {
      items.push_back(&item);
      by_id_.emplace(item.notice_id, &item);
    }
    return items;
  }
  const NoticeWithEvidence* Find(long long id) const {
    const auto found = by_id_.find(id);
    return found == by_id_.end() ? nullptr : found->second;
  }

 private:
  std::deque<std::vector<NoticeWithEvidence>>& batches_;
  std::unordered_map<long long, const NoticeWithEvidence*> by_id_;
};

}  // namespace

std::optional<ReachedWorld> ReachOfChange(const Store& store, const std::vector<NoticeWithEvidence>& changed,
                                          const std::vector<RemovedOutline>& removed,
                                          const std::set<std::pair<std::string, std::string>>& tracked, Date as_of) {
  // The chain notices matched by title, then what every check reads again
  // (the blacklist, the departments' records, the notices with a history),
  // on a connection of their own while the last grouping is read and decoded
  // (in two halves, the second on a thread of its own).
  struct Read {
    std::vector<NoticeWithEvidence> loose, always;
  };
  std::future<Read> loose_read = std::async(std::launch::async, [&store, &tracked] {
    const Store reader(store.path());
    Read read;
    read.loose = reader.LooseNoticeOutlines(std::vector<std::string>(kChainKinds.begin(), kChainKinds.end()),
                                            DesignatedSitesOfDomains(), kDesignatedSiteOtherwise);
    read.always = reader.BlacklistAndDepartmentOutlines();
    std::vector<NoticeWithEvidence> tracked_outlines = reader.NoticeOutlinesAt({tracked.begin(), tracked.end()});
    std::move(tracked_outlines.begin(), tracked_outlines.end(), std::back_inserter(read.always));
    return read;
  });
  std::vector<Store::StoredProject> rows = store.StoredProjects();
  std::vector<LastProject> last(rows.size());
  const auto decode = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      Store::StoredProject& row = rows[i];
      std::optional<KeptGrouping> kept = DecodeKeptGrouping(row.grouping);
      if (!kept) return false;
      last[i] = {std::move(row.code), std::move(row.title), std::move(row.buyer), std::move(row.domain),
                 std::move(*kept)};
    }
    return true;
  };
  std::future<bool> second_half = std::async(std::launch::async, decode, rows.size() / 2, rows.size());
  const bool first_decoded = decode(0, rows.size() / 2);
  const bool decoded = second_half.get() && first_decoded;  // both halves done before the rows go
  decltype(rows)().swap(rows);
  ReachedWorld world;
  Loaded loaded(world.read);
  Read read = loose_read.get();
  const std::vector<const NoticeWithEvidence*> loose = loaded.Keep(std::move(read.loose));
  const std::vector<const NoticeWithEvidence*> always = loaded.Keep(std::move(read.always));
  if (!decoded) return std::nullopt;
  std::vector<const NoticeWithEvidence*> changed_items;
  for (const NoticeWithEvidence& item : changed) changed_items.push_back(&item);
  std::vector<long long> removed_ids;
  for (const RemovedOutline& gone : removed) removed_ids.push_back(gone.notice_id);
  Regrouping regrouping;
  try {
    regrouping = RegroupFromLast(
        last, changed_items, removed_ids, loose,
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
  std::unordered_map<long long, const std::string*> linked_before;
  for (const LastProject& project : last) {
    for (const long long id : project.kept.joined) linked_before.emplace(id, &project.code);
    for (const auto& copy : project.kept.copies) linked_before.emplace(copy.first, &project.code);
  }
  for (const NoticeWithEvidence* item : loose) {
    const auto before = linked_before.find(item->notice_id);
    const auto now = regrouping.linked.find(item->notice_id);
    const bool unlinked_before = before == linked_before.end(), unlinked_now = now == regrouping.linked.end();
    if (unlinked_before && unlinked_now) continue;
    if (!unlinked_before && !unlinked_now && *before->second == now->second) continue;
    if (std::string code = checks::CanonicalCode(item->notice.project_code); !code.empty()) {
      world.moved.insert(std::move(code));
    }
    if (!unlinked_before) world.moved.insert(*before->second);
  }
  const std::size_t new_projects =
      static_cast<std::size_t>(std::ranges::count_if(regrouping.projects, [&](const Project& project) {
        return !std::ranges::binary_search(last, project.code, {}, &LastProject::code);
      }));
  world.project_count = last.size() + new_projects - regrouping.gone.size();

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
    std::vector<const LastProject*> as_before;
    std::vector<long long> wanted;
    for (const std::string& code : codes) {
      if (const auto found = regrouped.find(code); found != regrouped.end()) {
        projects.push_back(found->second);
        continue;
      }
      const auto kept = std::ranges::lower_bound(last, code, {}, &LastProject::code);
      // No project: printed by copies or others only, or by none that stands any more.
      if (kept == last.end() || kept->code != code || gone.count(code)) continue;
      as_before.push_back(&*kept);
      for (const std::vector<long long>* ids : {&kept->kept.members, &kept->kept.joined}) {
        for (const long long id : *ids) {
          if (!loaded.Find(id)) wanted.push_back(id);
        }
      }
      for (const auto& copy : kept->kept.copies) {
        if (!loaded.Find(copy.first)) wanted.push_back(copy.first);
      }
    }
    loaded.Keep(store.NoticeOutlinesByIds(wanted));
    // An extract that committed meanwhile took some away: no world to plan from.
    if (std::ranges::any_of(wanted, [&](long long id) { return !loaded.Find(id); })) return std::nullopt;
    for (const LastProject* kept : as_before) {
      projects.push_back(&rebuilt.emplace_back(RebuildProject(*kept, [&](long long id) { return loaded.Find(id); })));
    }
    for (const NoticeWithEvidence* item : printing) {
      if (std::string project = project_of(*item); !project.empty() && !world.codes.count(project)) {
        pending.insert(std::move(project));
      }
    }
  }

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
