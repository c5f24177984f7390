// Links notices into projects. A notice with a project code joins the project
// of that code (canonical: width, case, spaces). A notice without one — or
// whose code no other notice shares — may still belong to a project: it is
// compared with the projects of its domain by normalised title, buyer and
// date, and joins the best one when the match is confident enough; the
// confidence is recorded. Below the threshold it stays unmatched and is
// listed for review: a wrong join would make one project's notice prove
// another's deadline met, so doubt keeps notices apart.
// Pure functions; thread-safe.
#pragma once
#include <string>
#include <vector>

#include "monitor/checker.h"
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
  std::vector<TitleMatch> matched;     // notices joined by title, with their confidence
  std::vector<TitleMatch> for_review;  // chain notices left alone: no candidate above the threshold
};

// Chain notices (tender, correction, candidates, award, contract, termination)
// are matched; others without a code (intentions, reports) are left out.
// A code-less notice joins only a project of its own domain and site whose
// first notice is not later than it.
ProjectMatching MatchProjects(const std::vector<const NoticeWithEvidence*>& notices, double threshold = 0.85);

// MatchProjects over the notices published by as_of on their domain's
// designated site: what the checks judge (DesignatedProjects in checker.h).
ProjectMatching MatchDesignated(const std::vector<NoticeWithEvidence>& notices, Date as_of);

// Title similarity of two project titles, 0–1: the Dice coefficient of their
// character bigrams after ProjectTitle, full-width folding and dropping spaces
// and punctuation.
double TitleSimilarity(const std::string& a, const std::string& b);

}  // namespace gapwatch
