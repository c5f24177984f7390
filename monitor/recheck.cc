#include "monitor/recheck.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <stdexcept>
#include <string_view>

#include "monitor/check_support.h"

namespace gapwatch {
namespace {

using checks::IsChainKind;

// A 64-bit FNV-style digest of numbers and strings: a change detector between
// two checks, not a seal.
class Digest {
 public:
  Digest& Add(std::uint64_t word) {
    hash_ = (hash_ ^ word) * 0x100000001b3ULL;
    hash_ ^= hash_ >> 29;
    return *this;
  }
  Digest& Add(std::string_view text) {
    Add(text.size());
    for (const char c : text) Add(static_cast<unsigned char>(c));
    return *this;
  }
  long long Value() const { return static_cast<long long>(hash_); }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// The kinds a check always raises again in full: the watchdog's (captures
// change without the notices changing) and the departments' (read from all
// the portal's plans and reports, and its lists).
constexpr const char* kWholeKinds[] = {"notice_changed", "notice_removed", "plan_missing", "annual_report_missing"};

bool IsBlacklist(std::string_view site, std::string_view kind) { return site == "credit" && kind == "blacklist"; }

bool IsDepartmentRecord(const HeldNotice& notice) {
  return notice.site == "portal" && (notice.kind == "plan" || notice.kind == "annual_report");
}

// What may change between last_as_of and a later as_of with no notice
// changing (PlanRecheck); a notice published in between changes the digests
// of its code and project, but a code-less one outside any project only its
// own findings.
void AddWhatTheDayMoves(const std::vector<NoticeWithEvidence>& outlines, const NoticeKeys& keys,
                        const std::vector<Project>& projects, const std::vector<const Project*>& project_of, Date as_of,
                        Date last_as_of, RecheckPlan& plan, std::vector<const NoticeWithEvidence*>& loaded) {
  // Every domain: which chains have deadlines is the rule book's to say (data/rules.yaml).
  for (const Project& project : projects) {
    const auto has = [&](const std::string& kind) {
      return std::any_of(project.notices.begin(), project.notices.end(),
                         [&](const NoticeWithEvidence* item) { return item->notice.kind == kind; });
    };
    const bool copy_lacking = std::any_of(project.copies.begin(), project.copies.end(),
                                          [&](const Sighting& copy) { return !has(copy.item->notice.kind); });
    if (!has("award") || !has("contract") || copy_lacking) plan.codes.insert(project.code);
  }
  for (std::size_t i = 0; i < outlines.size(); ++i) {
    const NoticeWithEvidence& item = outlines[i];
    const std::optional<Date>& published = keys.published[i];
    if (!published || *published > as_of) continue;
    const std::string_view code = keys.Code(i);
    const bool home = item.notice.site == DesignatedSite(item.notice.domain);
    if (!home && IsChainKind(item.notice.kind) && !code.empty() && !project_of[i]) {
      plan.codes.emplace(code);  // a copy counted for its own code
    }
    if (code.empty() && *published > last_as_of) {
      plan.urls.insert(item.notice.url);
      loaded.push_back(&item);
    }
  }
}

// The project each notice counts for (as one of its notices or as a copy), by position in `notices`.
std::vector<const Project*> ProjectOfEach(const std::vector<NoticeWithEvidence>& notices,
                                          const std::vector<Project>& projects) {
  std::vector<const Project*> project_of(notices.size(), nullptr);
  const auto set = [&](const NoticeWithEvidence* item, const Project& project) {
    if (!project_of[static_cast<std::size_t>(item - notices.data())]) {
      project_of[static_cast<std::size_t>(item - notices.data())] = &project;
    }
  };
  for (const Project& project : projects) {
    for (const NoticeWithEvidence* item : project.notices) set(item, project);
    for (const Sighting& copy : project.copies) set(copy.item, project);
  }
  return project_of;
}

}  // namespace

std::unordered_map<std::string, long long> CodeDigests(const std::vector<NoticeWithEvidence>& notices,
                                                       const NoticeKeys& keys, const std::vector<Project>& projects,
                                                       Date as_of) {
  // By code rank: a million hash lookups of a code were most of the cost.
  std::vector<Digest> digests(keys.by_code.codes.size());
  std::vector<bool> digested(keys.by_code.codes.size());
  const std::vector<std::uint32_t> ranks = keys.RanksOf(projects);
  for (std::size_t p = 0; p < projects.size(); ++p) {
    const Project& project = projects[p];
    Digest& digest = digests[ranks[p]];
    digested[ranks[p]] = true;
    digest.Add("project");
    for (const NoticeWithEvidence* item : project.notices) digest.Add(static_cast<std::uint64_t>(item->notice_id));
    digest.Add("copies");
    for (const Sighting& copy : project.copies) {
      digest.Add(static_cast<std::uint64_t>(copy.item->notice_id));
      digest.Add(static_cast<std::uint64_t>(std::llround(copy.confidence * 1e9)));
    }
    digest.Add("aliases");
    for (const std::string& alias : project.aliases) digest.Add(alias);
  }
  // Each notice printing a code, with the project it counts for: a copy
  // linked elsewhere no longer counts for its own code (cross_site_missing).
  const std::vector<const Project*> project_of = ProjectOfEach(notices, projects);
  for (std::size_t i = 0; i < notices.size(); ++i) {
    const std::uint32_t rank = keys.rank[i];
    if (!keys.published[i] || *keys.published[i] > as_of || rank == NoticeKeys::kNoCode) continue;
    digested[rank] = true;
    digests[rank]
        .Add("printed")
        .Add(static_cast<std::uint64_t>(notices[i].notice_id))
        .Add(project_of[i] ? std::string_view(project_of[i]->code) : std::string_view());
  }
  std::unordered_map<std::string, long long> values;
  values.reserve(digests.size());
  for (std::size_t rank = 0; rank < digests.size(); ++rank) {
    if (digested[rank]) values.emplace(std::string(keys.by_code.codes[rank]), digests[rank].Value());
  }
  return values;
}

bool ChangesTheBlacklist(const std::vector<NoticeWithEvidence>& changed, const std::vector<RemovedOutline>& removed) {
  return std::ranges::any_of(
             changed, [](const NoticeWithEvidence& item) { return IsBlacklist(item.notice.site, item.notice.kind); }) ||
         std::ranges::any_of(removed, [](const RemovedOutline& gone) { return IsBlacklist(gone.site, gone.kind); });
}

std::set<std::string> CodesWhoseDigestsMoved(const std::unordered_map<std::string, long long>& now,
                                             const std::unordered_map<std::string, long long>& then) {
  std::set<std::string> moved;
  for (const auto& [code, digest] : now) {
    const auto before = then.find(code);
    if (before == then.end() || before->second != digest) moved.insert(code);
  }
  for (const auto& [code, digest] : then) {
    if (!now.count(code)) moved.insert(code);
  }
  return moved;
}

RecheckPlan PlanRecheck(const std::vector<NoticeWithEvidence>& outlines, const NoticeKeys& keys,
                        const std::vector<Project>& projects, Date as_of, Date last_as_of,
                        const std::set<std::string>& moved, const std::vector<long long>& changed,
                        const std::vector<RemovedOutline>& removed,
                        const std::set<std::pair<std::string, std::string>>& tracked) {
  const auto position = [&](const NoticeWithEvidence* item) {
    return static_cast<std::size_t>(item - outlines.data());
  };
  // The changed notices found in one pass: a map of every notice by id cost more than the plan.
  std::unordered_map<long long, const NoticeWithEvidence*> changed_by_id(changed.size());
  for (const long long id : changed) changed_by_id.emplace(id, nullptr);
  for (const NoticeWithEvidence& item : outlines) {
    if (const auto wanted = changed_by_id.find(item.notice_id); wanted != changed_by_id.end()) wanted->second = &item;
  }
  std::vector<const Project*> project_of_rank(keys.by_code.codes.size(), nullptr);
  const std::vector<std::uint32_t> ranks = keys.RanksOf(projects);
  for (std::size_t p = 0; p < projects.size(); ++p) project_of_rank[ranks[p]] = &projects[p];
  const std::vector<const Project*> project_of = ProjectOfEach(outlines, projects);

  RecheckPlan plan;
  plan.whole_kinds.insert(std::begin(kWholeKinds), std::end(kWholeKinds));
  // Codes grouped otherwise, or whose notices came, went or moved.
  plan.codes.insert(moved.begin(), moved.end());
  std::vector<const NoticeWithEvidence*> loaded;  // beside the codes' notices
  bool blacklist_changed = false;
  for (const long long id : changed) {
    const NoticeWithEvidence* item = changed_by_id.at(id);
    if (!item) continue;  // removed since: in `removed`
    const std::string_view code = keys.Code(position(item));
    if (code.empty()) {
      plan.urls.insert(item->notice.url);
      loaded.push_back(item);
    } else {
      plan.codes.emplace(code);
    }
    if (const Project* project = project_of[position(item)]) plan.codes.insert(project->code);
    blacklist_changed = blacklist_changed || IsBlacklist(item->notice.site, item->notice.kind);
  }
  for (const RemovedOutline& gone : removed) {
    const std::string code = checks::CanonicalCode(gone.project_code);
    if (code.empty()) {
      plan.urls.insert(gone.url);
    } else {
      plan.codes.insert(code);
    }
    if (!gone.linked_project.empty()) plan.codes.insert(gone.linked_project);
    blacklist_changed = blacklist_changed || IsBlacklist(gone.site, gone.kind);
  }
  // The whole blacklist is read by every award's check; a change to it may
  // raise or resolve blacklisted_winner anywhere: every award naming a listed
  // party is checked again, and the findings of the others resolved.
  const checks::PartyNames canonical_party;
  std::set<std::string> listed;
  for (const NoticeWithEvidence& item : outlines) {
    if (!IsBlacklist(item.notice.site, item.notice.kind)) continue;
    loaded.push_back(&item);
    if (const std::string& party = canonical_party(item.notice.supplier); !party.empty()) listed.insert(party);
  }
  if (blacklist_changed) {
    plan.whole_kinds.insert("blacklisted_winner");
    for (const Project& project : projects) {
      const auto award = std::find_if(project.notices.begin(), project.notices.end(),
                                      [](const NoticeWithEvidence* item) { return item->notice.kind == "award"; });
      if (award == project.notices.end()) continue;
      const std::set<std::string> winners = checks::Winners((*award)->notice, canonical_party);
      if (std::any_of(winners.begin(), winners.end(), [&](const std::string& party) { return listed.count(party); })) {
        plan.codes.insert(project.code);
      }
    }
  }
  // Looked up by views: a million pairs of strings built to ask cost more than the rest of the plan.
  const std::set<std::pair<std::string_view, std::string_view>> tracked_at(tracked.begin(), tracked.end());
  for (const NoticeWithEvidence& item : outlines) {
    if (IsDepartmentRecord(item.notice) ||
        (!tracked_at.empty() && tracked_at.count({item.notice.site, item.notice.url}) > 0)) {
      loaded.push_back(&item);
    }
  }
  if (last_as_of < as_of) AddWhatTheDayMoves(outlines, keys, projects, project_of, as_of, last_as_of, plan, loaded);

  // Every notice a rechecked code reads; a copy among them counts for the
  // project it is linked to, which is then checked again too.
  std::set<long long> ids;
  std::deque<std::string> pending(plan.codes.begin(), plan.codes.end());
  std::set<std::string> visited;
  const auto load = [&](const NoticeWithEvidence* item) {
    if (!ids.insert(item->notice_id).second) return;
    if (keys.rank[position(item)] == NoticeKeys::kNoCode) plan.urls.insert(item->notice.url);
    const Project* project = project_of[position(item)];
    if (!project) return;
    const bool copy = std::any_of(project->copies.begin(), project->copies.end(),
                                  [&](const Sighting& sighting) { return sighting.item == item; });
    if (copy && plan.codes.insert(project->code).second) pending.push_back(project->code);
  };
  for (const NoticeWithEvidence* item : loaded) load(item);
  while (!pending.empty()) {
    const std::string code = std::move(pending.front());
    pending.pop_front();
    if (!visited.insert(code).second) continue;
    const std::uint32_t rank = keys.RankOf(code);
    if (rank == NoticeKeys::kNoCode) continue;  // printed by none now (removed since)
    for (const std::uint32_t at : keys.by_code.MembersOf(rank)) load(&outlines[at]);
    if (const Project* project = project_of_rank[rank]) {
      plan.projects.push_back(code);
      for (const NoticeWithEvidence* item : project->notices) load(item);
      for (const Sighting& copy : project->copies) load(copy.item);
    }
  }
  plan.notice_ids.assign(ids.begin(), ids.end());
  return plan;
}

}  // namespace gapwatch
