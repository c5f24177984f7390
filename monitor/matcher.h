// Links notices into projects. A notice with a project code joins the project
// of that code (canonical: width, case, spaces). A notice without one — or
// whose code no other notice shares — may still belong to a project: it is
// compared with the projects of its domain by normalised title, buyer and
// date, and joins the best one when the match is confident enough; the
// confidence is recorded. Below the threshold it stays unmatched and is
// listed for review: a wrong join would make one project's notice prove
// another's deadline met, so doubt keeps notices apart.
// MatchDesignated also links the copies other sites post of a project's
// notices (Project::copies), by code or, where the codes disagree, by title.
// Pure functions; thread-safe. Candidates come from an index of the rarest
// title bigrams, never from a scan of every project; titles many projects share
// are compared once.
#pragma once
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "monitor/check_support.h"
#include "monitor/checker.h"
#include "monitor/kept_grouping.h"
#include "store/records.h"

namespace gapwatch {

struct TitleMatch {
  const NoticeWithEvidence* notice = nullptr;
  std::string project_code;  // the project it joined, or the best candidate when unmatched
  // 0–1: title similarity, × 0.8 when the buyers differ, × 0.5 when the
  // titles' numbers (years, lots) differ.
  double confidence = 0;
};

struct ProjectMatching {
  std::vector<Project> projects;       // sorted by code; notices ordered by publication
  std::vector<TitleMatch> matched;     // notices (and copies) joined by title, with their confidence
  std::vector<TitleMatch> for_review;  // chain notices left alone: no candidate above the threshold
};

// Chain notices (tender, correction, candidates, award, contract, termination)
// are matched; others without a code (intentions, reports) are left out.
// A code-less notice joins only a project of its own domain and site whose
// first notice is not later than it.
ProjectMatching MatchProjects(const std::vector<const NoticeWithEvidence*>& notices, double threshold = 0.85);

// MatchProjects over the notices published by as_of on their domain's
// designated site: what the checks judge (DesignatedProjects in checker.h).
// Then each chain notice standing elsewhere (a copy) is linked to a project,
// recorded in its `copies` with the link's confidence:
//  - to the project of its code, when that project has a notice of the copy's
//    kind on the designated site, or a title as similar as the threshold asks
//    (confidence 1: code and title agree, so a missing kind is a real gap);
//  - else, by title, to the project of its domain that has a notice of its
//    kind published within kCopyWindowDays of it, when confident enough
//    (scored as a code-less notice; its code becomes one of the project's
//    aliases) — the platform's own transaction number, a code with a prefix
//    or a typo;
//  - else to the project of its code (lacking the kind: the copy is all the
//    designated site's absence leaves); else it is linked to none, and listed
//    for review when it had a candidate.
ProjectMatching MatchDesignated(const std::vector<NoticeWithEvidence>& notices, Date as_of, double threshold = 0.85);
// The same from the notices' keys (checks::NoticeKeys(notices)), worked out
// once for the grouping and what reads the notices beside it.
ProjectMatching MatchDesignated(const std::vector<NoticeWithEvidence>& notices, const checks::NoticeKeys& keys,
                                Date as_of, double threshold = 0.85);

// What a check keeps of a designated project (MatchDesignated's) for the next
// one to group again from.
KeptGrouping KeepGrouping(const Project& project);

// The outlines of notices by id, which the regrouping's projects then point
// into: they must outlive them. Unknown ids are skipped.
using OutlineLoader = std::function<std::vector<const NoticeWithEvidence*>(const std::vector<long long>& ids)>;

// A notice the last grouping names and the change log does not remove, which
// the loader does not have: an extract removed it after the log was read.
class MissingOutline : public std::runtime_error {
 public:
  explicit MissingOutline(long long id)
      : std::runtime_error("notice " + std::to_string(id) + " is gone since the change log was read"), id_(id) {}
  long long id() const { return id_; }

 private:
  long long id_;
};

struct Regrouping {
  // The designated projects whose grouping moved (notices, copies and their
  // confidence, aliases, title, buyer or domain) or that are new, by code,
  // exactly as MatchDesignated groups them now.
  std::vector<Project> projects;
  std::vector<std::string> gone;  // the last projects none of whose code's notices stands any more, by code
  // Each code-less notice joined to a project by title and each copy linked to one: the project's code.
  std::unordered_map<long long, std::string> linked;
};

// MatchDesignated as of `as_of` from the last check's grouping (`last`, every
// designated project, by code) and what changed since: `changed`, the
// outlines of the notices inserted or edited since, and of those published
// since the last check's as_of if it was earlier; `removed`, the ids of those
// deleted. `loose` holds the outlines of (at least) every chain notice that
// prints no code or stands off its designated site: the notices the matcher
// links by title, every one matched again. Others are loaded as needed:
// the notices of the codes that changed, and of the projects whose grouping
// moved. Every project not in the result groups as it did. Throws
// MissingOutline when the loader lacks a notice it needs.
Regrouping RegroupFromLast(const LastGrouping& last, const std::vector<const NoticeWithEvidence*>& changed,
                           const std::vector<long long>& removed, const std::vector<const NoticeWithEvidence*>& loose,
                           const OutlineLoader& load, Date as_of, double threshold = 0.85);

// A project RegroupFromLast leaves as it was (the last grouping's `project`),
// from what the last check kept of it and the outlines of its notices and
// copies (`outline(id)`, never null).
Project RebuildProject(const LastGrouping& last, std::size_t project,
                       const std::function<const NoticeWithEvidence*(long long)>& outline);

// A re-post is published within days of its original (GP-21: one working day;
// the procurement site may follow the platform by a fortnight).
inline constexpr int kCopyWindowDays = 30;

// One notice with every site it stands on.
struct SightedNotice {
  std::vector<Sighting> sightings;  // the designated site's first, then by publication; one per site
};

// The project's notices and copies, one per notice: the same notice (same
// kind, same lots, the same numbers in a title as similar as TitleSimilarity's
// threshold asks) on two sites is one notice with two sightings. In the order
// of each notice's first sighting (publication).
std::vector<SightedNotice> SightedNotices(const Project& project, double threshold = 0.85);

// Title similarity of two project titles, 0–1: the Dice coefficient of their
// character bigrams after ProjectTitle, full-width folding and dropping spaces
// and punctuation.
double TitleSimilarity(std::string_view a, std::string_view b);

}  // namespace gapwatch
