#include "sim/truth.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "sim/world_timelines.h"

namespace gapwatch::sim {
namespace {

// The seed plan §七(一): plans by 30 August 2018.
constexpr CivilDate kPlanDue{2018, 8, 30};

// Collects a subject's findings, one per (kind, site), keeping the earliest
// due date.
class Findings {
 public:
  Findings(std::string code, std::string title, std::string buyer, SubjectId subject,
           const std::vector<Notice>& notices, CivilDate as_of)
      : code_(std::move(code)),
        title_(std::move(title)),
        buyer_(std::move(buyer)),
        subject_(subject),
        notices_(notices),
        as_of_(as_of) {}

  void Add(FindingKind kind, Site site, std::optional<CivilDate> due) {
    const auto key = std::make_pair(kind, site);
    auto it = found_.find(key);
    if (it == found_.end()) {
      found_.emplace(key, due);
    } else if (due && (!it->second || *due < *it->second)) {
      it->second = due;
    }
  }

  std::vector<TruthFinding> Take() const {
    std::vector<TruthFinding> out;
    for (const auto& [key, due] : found_) {
      TruthFinding finding;
      finding.kind = FindingKindName(key.first);
      finding.site = SiteName(key.second);
      finding.code = code_;
      finding.title = title_;
      finding.buyer = buyer_;
      finding.due = due;
      finding.subject = subject_;
      std::set<std::string> generations;
      for (const Notice& notice : notices_) {
        if (notice.site() == key.second && IsVisible(notice, as_of_))
          generations.insert(GenerationName(notice.generation));
      }
      finding.generations.assign(generations.begin(), generations.end());
      out.push_back(std::move(finding));
    }
    return out;
  }

 private:
  std::string code_, title_, buyer_;
  SubjectId subject_;
  const std::vector<Notice>& notices_;
  CivilDate as_of_;
  std::map<std::pair<FindingKind, Site>, std::optional<CivilDate>> found_;
};

// Watchdog signals, from what the crawls saw of each notice.
bool SeenChanged(const Notice& notice, const std::vector<CivilDate>& captures) {
  if (!notice.edited) return false;
  bool before = false, after = false;
  for (CivilDate capture : captures) {
    if (!IsVisible(notice, capture)) continue;
    (capture < *notice.edited ? before : after) = true;
  }
  return before && after;
}
bool SeenRemoved(const Notice& notice, const std::vector<CivilDate>& captures) {
  if (!notice.removed) return false;
  bool seen = false;
  for (CivilDate capture : captures) {
    if (IsVisible(notice, capture)) {
      seen = true;
    } else if (seen && capture >= *notice.removed) {
      return true;
    }
  }
  return false;
}

// What any subject's notices may show: changes, removals, missing content.
void NoticeFindings(const std::vector<Notice>& notices, const TruthContext& context, Findings& findings) {
  for (const Notice& notice : notices) {
    if (SeenChanged(notice, context.captures)) findings.Add(FindingKind::kNoticeChanged, notice.site(), std::nullopt);
    if (SeenRemoved(notice, context.captures)) findings.Add(FindingKind::kNoticeRemoved, notice.site(), std::nullopt);
    if (notice.omitted != 0 && IsVisible(notice, context.as_of)) {
      findings.Add(FindingKind::kFieldMissing, notice.site(), std::nullopt);
    }
  }
}

// A project's notices as they stand on as_of.
class Standing {
 public:
  Standing(const Project& project, CivilDate as_of) {
    for (const Notice& notice : project.notices) {
      if (IsVisible(notice, as_of)) notices_.push_back(&notice);
    }
  }
  // The first published of `kind` on `site`.
  const Notice* First(NoticeKind kind, Site site) const {
    for (const Notice* notice : notices_) {
      if (notice->kind == kind && notice->site() == site) return notice;
    }
    return nullptr;
  }
  bool Any(NoticeKind kind) const {
    return std::any_of(notices_.begin(), notices_.end(), [&](const Notice* n) { return n->kind == kind; });
  }
  bool AnyOn(NoticeKind kind, Site site) const { return First(kind, site) != nullptr; }
  const std::vector<const Notice*>& all() const { return notices_; }

 private:
  std::vector<const Notice*> notices_;  // by publication
};

// DOMAIN.md's "opening": the bid deadline of the latest tender or correction
// notice (on any site) that states one.
std::optional<CivilDate> Opening(const Project& project, const Standing& standing) {
  std::optional<CivilDate> opening;
  for (const Notice* notice : standing.all()) {
    if (notice->kind == NoticeKind::kTender) opening = project.opening;
    if (notice->kind == NoticeKind::kCorrection) opening = project.corrected_opening.value_or(project.opening);
  }
  return opening;
}

void ChainFindings(const Project& p, const TruthContext& context, Findings& findings) {
  const WorkCalendar& cal = *context.calendar;
  const CivilDate as_of = context.as_of;
  const bool procurement = p.domain == Domain::kProcurement;
  const Site home = DesignatedSite(p.domain);
  const Standing standing(p, as_of);
  const std::optional<CivilDate> opening = Opening(p, standing);
  const Notice* award = standing.First(NoticeKind::kResult, home);
  const Notice* contract = standing.First(NoticeKind::kContract, home);
  const Notice* candidates = standing.First(NoticeKind::kCandidates, home);
  const bool terminated = standing.AnyOn(NoticeKind::kTermination, home);
  const bool has_tender = standing.Any(NoticeKind::kTender);

  // award_missing / award_late (GP-11, GP-12; EB-06 + GI-01).
  std::optional<CivilDate> award_due;
  if (procurement) {
    if (award && p.decided) {
      award_due = cal.AddWorkingDays(*p.decided, 2);
    } else if (opening) {
      award_due = ProcurementAwardDue(cal, *opening);
    }
  } else if (candidates && (!award || candidates->published < award->published)) {
    award_due = WorksAwardDueFromCandidates(cal, candidates->published);
  } else if (opening) {
    award_due = WorksAwardDueFromOpening(cal, *opening);
  }
  if (!award) {
    if (has_tender && !terminated && award_due && as_of > *award_due) {
      findings.Add(FindingKind::kAwardMissing, home, award_due);
    }
  } else if (award_due && award->published > *award_due) {
    findings.Add(FindingKind::kAwardLate, home, award_due);
  }

  // contract_missing / contract_late (GP-14 + GP-15; EB-09 + GI-01).
  std::optional<CivilDate> contract_due;
  const bool signing_stated = contract && p.signed_on && !(contract->omitted & kSigningDate);
  if (procurement && signing_stated) {
    contract_due = cal.AddWorkingDays(*p.signed_on, 2);
  } else if (award) {
    contract_due =
        procurement ? ProcurementContractDue(cal, award->published) : WorksContractDue(cal, award->published);
  }
  if (!contract) {
    if (award && !terminated && contract_due && as_of > *contract_due) {
      findings.Add(FindingKind::kContractMissing, home, contract_due);
    }
  } else if (contract_due && contract->published > *contract_due) {
    findings.Add(FindingKind::kContractLate, home, contract_due);
  }

  // tender_missing (GP-02 / EB-01): single-source projects have their own publicity.
  if ((award || contract) && !has_tender && p.method != Method::kSingleSource) {
    findings.Add(FindingKind::kTenderMissing, home, std::nullopt);
  }
  // candidates_missing (EB-06).
  if (!procurement && award && !(candidates && candidates->published < award->published)) {
    findings.Add(FindingKind::kCandidatesMissing, home, std::nullopt);
  }
  // amount_mismatch, supplier_mismatch (GP-14): the contract against the award.
  if (award && contract) {
    const int64_t difference = p.contract_amount_fen - p.AwardFen();
    if (difference > 100 || difference < -100) findings.Add(FindingKind::kAmountMismatch, home, std::nullopt);
    if (p.contract_names_other_supplier) findings.Add(FindingKind::kSupplierMismatch, home, std::nullopt);
  }
  // blacklisted_winner (seed §三): the award dated inside a listing period of its winner.
  if (award) {
    const CivilDate award_date = procurement && p.decided ? *p.decided : award->published;
    for (const BlacklistEntry& entry : context.blacklist) {
      if (entry.party.uscc != p.supplier.uscc || entry.notices.empty() || !IsVisible(entry.notices[0], as_of)) continue;
      if (entry.listed <= award_date && !(entry.removal && *entry.removal <= award_date)) {
        findings.Add(FindingKind::kBlacklistedWinner, home, std::nullopt);
      }
    }
  }
  // cross_site_missing (GP-21, GP-22): on the trading platform, not on the procurement site.
  if (procurement) {
    for (NoticeKind kind : {NoticeKind::kTender, NoticeKind::kResult, NoticeKind::kContract}) {
      const Notice* copy = standing.First(kind, Site::kTrading);
      if (!copy || standing.AnyOn(kind, Site::kProcurement)) continue;
      const CivilDate due = cal.AddWorkingDays(copy->published, 1);
      if (as_of > due) findings.Add(FindingKind::kCrossSiteMissing, Site::kProcurement, due);
    }
  }
}

}  // namespace

TruthContext MakeTruthContext(const WorkCalendar& calendar, CivilDate as_of, const std::vector<CivilDate>& crawled_at,
                              std::vector<BlacklistEntry> blacklist) {
  TruthContext context;
  context.calendar = &calendar;
  context.as_of = as_of;
  for (CivilDate date : crawled_at) {
    if (date < as_of) context.captures.push_back(date);
  }
  std::sort(context.captures.begin(), context.captures.end());
  context.captures.erase(std::unique(context.captures.begin(), context.captures.end()), context.captures.end());
  context.captures.push_back(as_of);
  context.blacklist = std::move(blacklist);
  return context;
}

std::vector<TruthFinding> FindingsOf(const Project& project, const TruthContext& context) {
  Findings findings(project.code, project.name, project.buyer.name, project.id, project.notices, context.as_of);
  if (project.domain == Domain::kProcurement || project.domain == Domain::kConstruction) {
    ChainFindings(project, context, findings);
  }
  NoticeFindings(project.notices, context, findings);
  return findings.Take();
}

std::vector<TruthFinding> FindingsOf(const CreditRecord& record, const TruthContext& context) {
  Findings findings(record.number, record.party.name, "", record.id, record.notices, context.as_of);
  // penalty_late (GI-03): online within 7 WD of the decision.
  const CivilDate due = context.calendar->AddWorkingDays(record.decided, 7);
  for (const Notice& notice : record.notices) {
    if (IsVisible(notice, context.as_of) && notice.published > due) {
      findings.Add(FindingKind::kPenaltyLate, Site::kCredit, due);
    }
  }
  NoticeFindings(record.notices, context, findings);
  return findings.Take();
}

std::vector<TruthFinding> FindingsOf(const BlacklistEntry& entry, const TruthContext& context) {
  Findings findings(entry.party.uscc, entry.party.name, "", entry.id, entry.notices, context.as_of);
  NoticeFindings(entry.notices, context, findings);
  return findings.Take();
}

std::vector<TruthFinding> FindingsOf(const Department& department, const TruthContext& context) {
  Findings findings(department.seed_name, department.name, "", department.id, department.notices, context.as_of);
  auto published = [&](NoticeKind kind, int year) {
    return std::any_of(department.notices.begin(), department.notices.end(), [&](const Notice& n) {
      return n.kind == kind && (kind == NoticeKind::kPlan || n.year == year) && IsVisible(n, context.as_of);
    });
  };
  if (context.as_of > kPlanDue && !published(NoticeKind::kPlan, 0)) {
    findings.Add(FindingKind::kPlanMissing, Site::kPortal, kPlanDue);
  }
  // 政府信息公开条例 Art. 49: the report for year Y by 31 January of Y+1 (a
  // fixed day, not a period: it does not move off a rest day).
  for (int year = 2018; CivilDate{year + 1, 1, 31} < context.as_of; ++year) {
    if (!published(NoticeKind::kAnnualReport, year)) {
      findings.Add(FindingKind::kAnnualReportMissing, Site::kPortal, CivilDate{year + 1, 1, 31});
    }
  }
  NoticeFindings(department.notices, context, findings);
  return findings.Take();
}

std::vector<TruthFinding> TruthFindings(const World& world, const WorkCalendar& calendar, CivilDate as_of,
                                        const std::vector<CivilDate>& crawled_at) {
  std::vector<BlacklistEntry> blacklist;
  for (SubjectId id = 0; id < world.subject_count(); ++id) {
    if (world.TypeOf(id) == SubjectType::kBlacklistEntry) blacklist.push_back(world.BlacklistEntryAt(id));
  }
  const TruthContext context = MakeTruthContext(calendar, as_of, crawled_at, std::move(blacklist));
  std::vector<TruthFinding> all;
  for (SubjectId id = 0; id < world.subject_count(); ++id) {
    std::vector<TruthFinding> found;
    switch (world.TypeOf(id)) {
      case SubjectType::kProject:
        found = FindingsOf(world.ProjectAt(id), context);
        break;
      case SubjectType::kCreditRecord:
        found = FindingsOf(world.CreditRecordAt(id), context);
        break;
      case SubjectType::kBlacklistEntry:
        found = FindingsOf(world.BlacklistEntryAt(id), context);
        break;
      case SubjectType::kDepartment:
        found = FindingsOf(world.DepartmentAt(id), context);
        break;
    }
    all.insert(all.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  std::sort(all.begin(), all.end(), [](const TruthFinding& a, const TruthFinding& b) {
    // Findings without a due date sort last.
    if (a.due.has_value() != b.due.has_value()) return a.due.has_value();
    if (a.due != b.due) return *a.due < *b.due;
    return std::tie(a.kind, a.site, a.code) < std::tie(b.kind, b.site, b.code);
  });
  return all;
}

std::string TruthJson(CivilDate as_of, const std::vector<CivilDate>& crawled_at,
                      const std::vector<TruthFinding>& findings) {
  nlohmann::ordered_json truth;
  truth["schema"] = "gapwatch.truth/1";
  truth["as_of"] = as_of.Iso();
  truth["crawled_at"] = nlohmann::ordered_json::array();
  for (CivilDate date : crawled_at) truth["crawled_at"].push_back(date.Iso());
  truth["findings"] = nlohmann::ordered_json::array();
  for (const TruthFinding& finding : findings) {
    nlohmann::ordered_json item;
    item["kind"] = finding.kind;
    item["site"] = finding.site;
    item["project"] = {{"code", finding.code}};
    if (!finding.title.empty()) item["project"]["title"] = finding.title;
    if (!finding.buyer.empty()) item["project"]["buyer"] = finding.buyer;
    item["due"] = finding.due ? nlohmann::ordered_json(finding.due->Iso()) : nlohmann::ordered_json(nullptr);
    item["generations"] = finding.generations;
    truth["findings"].push_back(std::move(item));
  }
  return truth.dump(2) + "\n";
}

bool WriteFileAtomically(const std::string& path, const std::string& content, std::string* error) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      *error = "cannot write " + temporary + ": " + std::strerror(errno);
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    *error = "cannot rename " + temporary + " to " + path + ": " + std::strerror(errno);
    std::remove(temporary.c_str());
    return false;
  }
  return true;
}

}  // namespace gapwatch::sim
