// Ground truth: due dates worked out by hand from the holiday notices
// (RULES.md §3) for subjects built by hand, then the generated worlds: every
// planted kind listed at some as-of date, nothing else ever listed, the
// near-misses never, watchdog signals only for suitable crawl dates, and the
// file format.
#include "sim/truth.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace gapwatch::sim {
namespace {

CivilDate D(const char* text) { return *CivilDate::Parse(text); }
const WorkCalendar& Calendar() { return WorkCalendar::Embedded(); }

Notice At(NoticeKind kind, Generation generation, const char* date) {
  Notice notice;
  notice.kind = kind;
  notice.generation = generation;
  notice.published = D(date);
  notice.second_of_day = 10 * 3600;
  return notice;
}

Project Procurement(const char* code, const char* opening, std::vector<Notice> notices) {
  Project p;
  p.code = code;
  p.name = std::string(code) + "采购项目";
  p.buyer.name = "韶关市财政局";
  p.opening = D(opening);
  p.notices = std::move(notices);
  return p;
}

Project Works(const char* code, const char* opening, std::vector<Notice> notices) {
  Project p = Procurement(code, opening, std::move(notices));
  p.domain = Domain::kConstruction;
  return p;
}

// "kind due" of each finding, by kind.
template <typename Subject>
std::map<std::string, std::string> Found(const Subject& subject, const char* as_of,
                                         const std::vector<CivilDate>& crawled_at = {},
                                         std::vector<BlacklistEntry> blacklist = {}) {
  const TruthContext context = MakeTruthContext(Calendar(), D(as_of), crawled_at, std::move(blacklist));
  std::map<std::string, std::string> found;
  for (const TruthFinding& f : FindingsOf(subject, context)) found[f.kind] = f.due ? f.due->Iso() : "none";
  return found;
}

using Due = std::map<std::string, std::string>;
constexpr Generation kGp = Generation::kGpcms;

TEST(TruthDueDates, ProcurementAwardAcrossTheLongBreaks) {
  // opening Fri 2025-09-26: 09-28 (make-up Sun) 1, 09-29 2, 09-30 3, [10-01…10-08 off],
  // 10-09 4, 10-10 5, 10-11 (make-up Sat) 6, 10-13 7, 10-14 8, 10-15 9.
  const Project national_day =
      Procurement("A-NATIONAL-DAY", "2025-09-26", {At(NoticeKind::kTender, kGp, "2025-08-29")});
  EXPECT_EQ(Found(national_day, "2025-10-15"), Due{});  // the due day itself
  EXPECT_EQ(Found(national_day, "2025-10-16"), (Due{{"award_missing", "2025-10-15"}}));
  // opening Fri 2025-01-24: 01-26 (make-up Sun) 1, 01-27 2, [01-28…02-04 off], 02-05 3,
  // 02-06 4, 02-07 5, 02-08 (make-up Sat) 6, 02-10 7, 02-11 8, 02-12 9.
  const Project spring = Procurement("A-SPRING-2025", "2025-01-24", {At(NoticeKind::kTender, kGp, "2024-12-27")});
  EXPECT_EQ(Found(spring, "2025-12-31"), (Due{{"award_missing", "2025-02-12"}}));
  // opening Thu 2024-02-08: 02-09 (除夕, worked in 2024) 1, [02-10…02-17 off],
  // 02-18 (make-up Sun) 2, 02-19…02-23 3–7, 02-26 8, 02-27 9.
  const Project spring_2024 = Procurement("A-SPRING-2024", "2024-02-08", {At(NoticeKind::kTender, kGp, "2024-01-12")});
  EXPECT_EQ(Found(spring_2024, "2024-02-28"), (Due{{"award_missing", "2024-02-27"}}));

  // Near-miss: the result on 2025-10-15 is on time. Ignoring holidays, 9
  // weekdays after 09-26 end on 10-09 and it would look 4 days late.
  Project on_due = national_day;
  on_due.notices.push_back(At(NoticeKind::kResult, kGp, "2025-10-15"));
  on_due.notices.push_back(At(NoticeKind::kContract, kGp, "2025-10-20"));
  EXPECT_EQ(Found(on_due, "2025-12-31"), Due{});
  // One working day later it is late, and the late twin keeps the due date.
  Project late = national_day;
  late.notices.push_back(At(NoticeKind::kResult, kGp, "2025-10-16"));
  late.notices.push_back(At(NoticeKind::kContract, kGp, "2025-10-20"));
  EXPECT_EQ(Found(late, "2025-12-31"), (Due{{"award_late", "2025-10-15"}}));

  // A stated decision date sets the deadline instead: 2025-09-30 + 2 WD = 10-10
  // (RULES.md §3.4), so a result on 10-13 is late though within opening + 9 WD.
  Project decided = national_day;
  decided.decided = D("2025-09-30");
  decided.notices.push_back(At(NoticeKind::kResult, kGp, "2025-10-13"));
  decided.notices.push_back(At(NoticeKind::kContract, kGp, "2025-10-20"));
  EXPECT_EQ(Found(decided, "2025-12-31"), (Due{{"award_late", "2025-10-10"}}));

  // A correction moves the opening: the latest notice's opening counts.
  Project corrected =
      Procurement("A-CORRECTED", "2025-03-10",
                  {At(NoticeKind::kTender, kGp, "2025-02-14"), At(NoticeKind::kCorrection, kGp, "2025-02-20"),
                   At(NoticeKind::kResult, kGp, "2025-03-28")});
  corrected.corrected_opening = D("2025-03-20");  // + 9 WD = 04-02 (清明 04-04 not reached)
  EXPECT_EQ(Found(corrected, "2025-03-28"), Due{});
  corrected.corrected_opening.reset();  // against 03-10 + 9 WD = 03-21 it would be late
  EXPECT_EQ(Found(corrected, "2025-03-28"), (Due{{"award_late", "2025-03-21"}}));
}

TEST(TruthDueDates, ProcurementContract) {
  // award Mon 2025-09-01 + 30 = Wed 10-01 (National Day) → 10-09; + 2 WD: 10-10, 10-11 (make-up Sat).
  const Project national_day =
      Procurement("C-NATIONAL-DAY", "2025-08-20",
                  {At(NoticeKind::kTender, kGp, "2025-07-25"), At(NoticeKind::kResult, kGp, "2025-09-01")});
  EXPECT_EQ(Found(national_day, "2025-10-11"), Due{});
  EXPECT_EQ(Found(national_day, "2025-10-12"), (Due{{"contract_missing", "2025-10-11"}}));
  // award Thu 2024-03-07 + 30 = Sat 04-06 (清明 break) → Sun 04-07 (make-up); + 2 WD = Tue 04-09.
  const Project qingming =
      Procurement("C-QINGMING", "2024-02-27",
                  {At(NoticeKind::kTender, kGp, "2024-01-26"), At(NoticeKind::kResult, kGp, "2024-03-07")});
  EXPECT_EQ(Found(qingming, "2024-04-10"), (Due{{"contract_missing", "2024-04-09"}}));
  // Signed Fri 2026-02-13: + 2 WD = 02-24 (02-14 make-up Sat, 02-15…02-23 off). Published on
  // 02-24 it is on time (near-miss: exactly its last working day); on 02-25 late.
  Project signed_before_spring =
      Procurement("C-SPRING-2026", "2026-01-05",
                  {At(NoticeKind::kTender, kGp, "2025-12-10"), At(NoticeKind::kResult, kGp, "2026-01-09")});
  signed_before_spring.signed_on = D("2026-02-13");
  Project on_time = signed_before_spring;
  on_time.notices.push_back(At(NoticeKind::kContract, kGp, "2026-02-24"));
  EXPECT_EQ(Found(on_time, "2026-06-30"), Due{});
  Project late = signed_before_spring;
  late.notices.push_back(At(NoticeKind::kContract, kGp, "2026-02-25"));
  EXPECT_EQ(Found(late, "2026-06-30"), (Due{{"contract_late", "2026-02-24"}}));
  // Without a stated signing date the contract is judged from the award:
  // 2026-01-09 + 30 = 02-08 (Sun) → 02-09; + 2 WD = 02-11.
  Project unsigned_contract = late;
  unsigned_contract.notices.back().omitted = kSigningDate;
  EXPECT_EQ(Found(unsigned_contract, "2026-06-30"), (Due{{"contract_late", "2026-02-11"}, {"field_missing", "none"}}));
}

TEST(TruthDueDates, ConstructionAwardAndContract) {
  constexpr Generation kYgp = Generation::kYgp;
  // Candidates Fri 2025-09-26 + 3 days = Mon 09-29 (a working day); + 20 WD:
  // 09-30 1, [10-01…10-08 off], 10-09 2, 10-10 3, 10-11 (make-up Sat) 4, 10-13…10-17 5–9,
  // 10-20…10-24 10–14, 10-27…10-31 15–19, 11-03 20.
  const Project with_candidates =
      Works("W-CANDIDATES", "2025-09-23",
            {At(NoticeKind::kTender, kYgp, "2025-08-29"), At(NoticeKind::kCandidates, kYgp, "2025-09-26")});
  EXPECT_EQ(Found(with_candidates, "2025-11-04"), (Due{{"award_missing", "2025-11-03"}}));
  EXPECT_EQ(Found(with_candidates, "2025-11-03"), Due{});
  // No candidates: opening Wed 2025-01-22 + 6 days = Tue 01-28 (除夕, off) → Wed 02-05;
  // + 20 WD: 02-06 1, 02-07 2, 02-08 (make-up Sat) 3, 02-10…02-14 4–8, 02-17…02-21 9–13,
  // 02-24…02-28 14–18, 03-03 19, 03-04 20.
  const Project without = Works("W-OPENING", "2025-01-22", {At(NoticeKind::kTender, kYgp, "2024-12-27")});
  EXPECT_EQ(Found(without, "2025-03-05"), (Due{{"award_missing", "2025-03-04"}}));
  // An award without candidates publicity is also candidates_missing (no due date).
  Project awarded = without;
  awarded.notices.push_back(At(NoticeKind::kResult, kYgp, "2025-02-20"));
  awarded.notices.push_back(At(NoticeKind::kContract, kYgp, "2025-03-10"));
  EXPECT_EQ(Found(awarded, "2025-06-30"), (Due{{"candidates_missing", "none"}}));
  // Award Fri 2025-09-05 + 30 = Sun 10-05 (inside the break) → Thu 10-09; + 20 WD:
  // 10-10 1, 10-11 (make-up Sat) 2, 10-13…10-17 3–7, 10-20…10-24 8–12, 10-27…10-31 13–17,
  // 11-03 18, 11-04 19, 11-05 20.
  // (Candidates Fri 08-22 + 3 = Mon 08-25, + 20 WD = 09-22: the award of 09-05 is on time.)
  const Project contract_missing =
      Works("W-CONTRACT", "2025-08-20",
            {At(NoticeKind::kTender, kYgp, "2025-07-25"), At(NoticeKind::kCandidates, kYgp, "2025-08-22"),
             At(NoticeKind::kResult, kYgp, "2025-09-05")});
  EXPECT_EQ(Found(contract_missing, "2025-11-06"), (Due{{"contract_missing", "2025-11-05"}}));
}

TEST(TruthDueDates, PenaltiesWithinSevenWorkingDays) {
  CreditRecord record;
  record.number = "韶市监罚〔2025〕7号";
  // Decision Fri 2025-09-26 + 7 WD: 09-28 (make-up Sun) 1, 09-29 2, 09-30 3, [10-01…10-08 off],
  // 10-09 4, 10-10 5, 10-11 (make-up Sat) 6, 10-13 7.
  record.decided = D("2025-09-26");
  record.notices = {At(NoticeKind::kPenalty, Generation::kCreditSite, "2025-10-13")};
  EXPECT_EQ(Found(record, "2025-12-31"), Due{});  // near-miss: on its last working day
  record.notices[0].published = D("2025-10-14");
  EXPECT_EQ(Found(record, "2025-12-31"), (Due{{"penalty_late", "2025-10-13"}}));
  // Decision Wed 2026-02-11: 02-12 1, 02-13 2, 02-14 (make-up Sat) 3, [02-15…02-23 off],
  // 02-24 4, 02-25 5, 02-26 6, 02-27 7. Listed only once published.
  record.decided = D("2026-02-11");
  record.notices[0].published = D("2026-03-02");
  EXPECT_EQ(Found(record, "2026-03-01"), Due{});
  EXPECT_EQ(Found(record, "2026-03-02"), (Due{{"penalty_late", "2026-02-27"}}));
}

TEST(TruthDueDates, CrossSiteBlacklistPlansAndReports) {
  // A tender on the trading platform Tue 2025-09-30 + 1 WD = 10-09, not on the procurement site.
  Project copy_only = Procurement("X-TRADING", "2025-10-28", {At(NoticeKind::kTender, Generation::kYgp, "2025-09-30")});
  EXPECT_EQ(Found(copy_only, "2025-10-09"), Due{});
  EXPECT_EQ(Found(copy_only, "2025-10-10"), (Due{{"cross_site_missing", "2025-10-09"}}));
  // It resolves once the procurement site carries it.
  copy_only.notices.push_back(At(NoticeKind::kTender, kGp, "2025-10-15"));
  EXPECT_EQ(Found(copy_only, "2025-10-16"), Due{});

  // An award inside the winner's listing period; not once the listing ended.
  Project awarded = Procurement("B-WINNER", "2025-03-03",
                                {At(NoticeKind::kTender, kGp, "2025-02-07"), At(NoticeKind::kResult, kGp, "2025-03-10"),
                                 At(NoticeKind::kContract, kGp, "2025-03-20")});
  awarded.supplier.uscc = "914403001922038216";
  BlacklistEntry entry;
  entry.party.uscc = awarded.supplier.uscc;
  entry.listed = D("2024-06-03");
  entry.removal = D("2025-03-10");  // removed on the award day: no longer listed
  entry.notices = {At(NoticeKind::kBlacklisting, Generation::kCreditSite, "2024-06-03")};
  EXPECT_EQ(Found(awarded, "2025-12-31", {}, {entry}), Due{});
  entry.removal = D("2025-03-11");
  EXPECT_EQ(Found(awarded, "2025-12-31", {}, {entry}), (Due{{"blacklisted_winner", "none"}}));

  Department department;
  department.seed_name = "市林业局";
  EXPECT_EQ(Found(department, "2018-08-30"), Due{});  // the plan's due day itself
  EXPECT_EQ(Found(department, "2018-08-31"), (Due{{"plan_missing", "2018-08-30"}}));
  department.notices = {At(NoticeKind::kPlan, Generation::kGkmlpt, "2018-08-30")};
  for (int year = 2018; year <= 2025; ++year) {
    if (year == 2019) continue;
    department.notices.push_back(At(NoticeKind::kAnnualReport, Generation::kGkmlpt, "2019-01-15"));
    department.notices.back().year = year;
  }
  // The 2019 report was due on 2020-01-31, a fixed day: it stays there although
  // 2020-01-31 was a rest day of the extended Spring Festival break.
  EXPECT_EQ(Found(department, "2020-01-31"), Due{});
  EXPECT_EQ(Found(department, "2020-02-01"), (Due{{"annual_report_missing", "2020-01-31"}}));
}

TEST(TruthObservations, ChangesAndRemovalsNeedACrawlBeforeThem) {
  Project p =
      Procurement("W-WATCH", "2025-03-03",
                  {At(NoticeKind::kTender, kGp, "2025-02-07"), At(NoticeKind::kResult, kGp, "2025-03-10"),
                   At(NoticeKind::kContract, kGp, "2025-03-20"), At(NoticeKind::kAcceptance, kGp, "2025-05-06")});
  p.notices[0].edited = D("2025-08-01");
  p.notices[3].removed = D("2025-09-01");
  EXPECT_EQ(Found(p, "2025-12-31"), Due{});  // one crawl sees neither
  EXPECT_EQ(Found(p, "2025-12-31", {D("2025-06-30")}), (Due{{"notice_changed", "none"}, {"notice_removed", "none"}}));
  // A crawl between the edit and the removal sees only the removal happen.
  EXPECT_EQ(Found(p, "2025-12-31", {D("2025-08-15")}), (Due{{"notice_removed", "none"}}));
  // Before publication, or after both: nothing to compare.
  EXPECT_EQ(Found(p, "2025-12-31", {D("2025-01-31")}), Due{});
  EXPECT_EQ(Found(p, "2025-12-31", {D("2025-10-01")}), Due{});
  // The later capture may be an earlier crawl date than as_of.
  EXPECT_EQ(Found(p, "2025-12-31", {D("2025-06-30"), D("2025-08-15")}),
            (Due{{"notice_changed", "none"}, {"notice_removed", "none"}}));
  // Crawl dates after as_of do not count.
  EXPECT_EQ(Found(p, "2025-07-31", {D("2025-06-30"), D("2025-12-01")}), Due{});
}

// ---------------------------------------------------------------------------
// Generated worlds.

// A scan of as-of dates over the world's span, every subject derived once.
class Scan {
 public:
  Scan(uint64_t seed, int scale) : world_(BuildWorld(seed, scale, Calendar())) {
    for (SubjectId id = 0; id < world_.subject_count(); ++id) {
      switch (world_.TypeOf(id)) {
        case SubjectType::kProject:
          projects_.push_back(world_.ProjectAt(id));
          break;
        case SubjectType::kCreditRecord:
          credit_.push_back(world_.CreditRecordAt(id));
          break;
        case SubjectType::kBlacklistEntry:
          blacklist_.push_back(world_.BlacklistEntryAt(id));
          break;
        case SubjectType::kDepartment:
          departments_.push_back(world_.DepartmentAt(id));
          break;
      }
    }
  }

  // Calls visit(findings, planted set, role) per subject, for one as-of date.
  template <typename Visit>
  void At(CivilDate as_of, const std::vector<CivilDate>& crawled_at, Visit visit) const {
    const TruthContext context = MakeTruthContext(Calendar(), as_of, crawled_at, blacklist_);
    for (const Project& p : projects_) visit(FindingsOf(p, context), p.planted, std::string(p.role), &p);
    for (const CreditRecord& r : credit_) visit(FindingsOf(r, context), r.planted, std::string(r.role), nullptr);
    for (const BlacklistEntry& e : blacklist_) visit(FindingsOf(e, context), e.planted, std::string(e.role), nullptr);
    for (const Department& d : departments_) visit(FindingsOf(d, context), d.planted, std::string(d.role), nullptr);
  }

  // Every 7th day from the seed plan to the end of the calendar.
  static std::vector<CivilDate> Days() {
    std::vector<CivilDate> days;
    for (CivilDate day{2018, 8, 1}; day <= CivilDate{2026, 12, 31}; day = day.PlusDays(7)) days.push_back(day);
    days.push_back({2025, 12, 31});
    return days;
  }

  const World& world() const { return world_; }

 private:
  World world_;
  std::vector<Project> projects_;
  std::vector<CreditRecord> credit_;
  std::vector<BlacklistEntry> blacklist_;
  std::vector<Department> departments_;
};

FindingSet KindsOf(const std::vector<TruthFinding>& findings) {
  FindingSet kinds = 0;
  for (int k = 0; k < kFindingKindCount; ++k) {
    for (const TruthFinding& f : findings) {
      if (f.kind == FindingKindName(static_cast<FindingKind>(k))) kinds |= Bit(static_cast<FindingKind>(k));
    }
  }
  return kinds;
}

// Each planted kind is listed at some as-of date (with a crawl half a year
// before it, so that changes and removals show), and no subject is ever
// listed for a kind its role did not plant: the near-misses and the timely
// chains never appear.
TEST(TruthOfGeneratedWorlds, EveryPlantedKindAppearsAndNothingElse) {
  for (uint64_t seed : {1u, 2u, 3u}) {
    const Scan scan(seed, 1);
    std::map<std::string, FindingSet> seen_per_role;
    std::map<std::string, FindingSet> planted_per_role;
    FindingSet all_kinds = 0;
    for (CivilDate as_of : Scan::Days()) {
      scan.At(as_of, {as_of.PlusDays(-183)},
              [&](const auto& findings, FindingSet planted, const std::string& role, const Project*) {
                const FindingSet kinds = KindsOf(findings);
                EXPECT_EQ(kinds & ~planted, 0u)
                    << "seed " << seed << " " << role << " at " << as_of.Iso() << " lists an unplanted kind";
                seen_per_role[role] |= kinds;
                planted_per_role[role] = planted;
                all_kinds |= kinds;
              });
    }
    for (const auto& [role, planted] : planted_per_role) {
      EXPECT_EQ(seen_per_role[role], planted) << "seed " << seed << ": " << role << " never shows some planted kind";
    }
    EXPECT_EQ(all_kinds, (FindingSet{1} << kFindingKindCount) - 1) << "every one of the 16 kinds";
  }
}

TEST(TruthOfGeneratedWorlds, NearMissesAreNeverListed) {
  const std::set<std::string> near_misses = {"award_on_due_across_holiday",
                                             "contract_on_last_working_day",
                                             "terminated",
                                             "corrected_opening",
                                             "single_source",
                                             "amount_within_tolerance",
                                             "supplier_spelled_differently",
                                             "cross_site_full_width_code",
                                             "blacklist_ended",
                                             "works_terminated",
                                             "works_listed_after_award",
                                             "works_legacy_full_width_code",
                                             "penalty_on_due_across_holiday",
                                             "plan_on_due_day",
                                             "report_on_due_day"};
  for (uint64_t seed : {1u, 5u}) {
    const Scan scan(seed, 2);
    std::set<std::string> met;
    for (CivilDate as_of : Scan::Days()) {
      scan.At(as_of, {as_of.PlusDays(-90)},
              [&](const auto& findings, FindingSet, const std::string& role, const Project*) {
                if (!near_misses.count(role)) return;
                met.insert(role);
                EXPECT_TRUE(findings.empty()) << role << " listed at " << as_of.Iso() << ": " << findings[0].kind;
              });
    }
    EXPECT_EQ(met, near_misses);
  }
}

// gapwatch's stages crawl gpcms alone today: a procurement project whose
// procurement-site notices span generations must raise none of the four
// chain kinds, or a partial view of it could report what the truth keeps out
// of their comparison (tests/integration/cycle_test.cc).
TEST(TruthOfGeneratedWorlds, ProjectsAcrossGenerationsRaiseNoChainFinding) {
  const FindingSet chain = Bit(FindingKind::kAwardMissing) | Bit(FindingKind::kAwardLate) |
                           Bit(FindingKind::kContractMissing) | Bit(FindingKind::kContractLate);
  for (uint64_t seed : {1u, 2u, 3u, 4u}) {
    const Scan scan(seed, 2);
    int straddling = 0;
    for (CivilDate as_of : Scan::Days()) {
      scan.At(as_of, {}, [&](const auto& findings, FindingSet, const std::string&, const Project* p) {
        if (!p) return;
        std::set<Generation> generations;
        for (const Notice& n : p->notices) {
          if (n.site() == Site::kProcurement && IsVisible(n, as_of)) generations.insert(n.generation);
        }
        if (generations.size() < 2) return;
        ++straddling;
        EXPECT_EQ(KindsOf(findings) & chain, 0u) << p->role << " " << p->code << " at " << as_of.Iso();
      });
    }
    EXPECT_GT(straddling, 0);
  }
}

std::map<std::string, int> CountByKind(const std::vector<TruthFinding>& findings) {
  std::map<std::string, int> count;
  for (const TruthFinding& f : findings) ++count[f.kind];
  return count;
}

// The reference day with a crawl half a year earlier: the table of
// docs/simulator.md, "Planted gaps".
TEST(TruthOfGeneratedWorlds, ReferenceDayCountsPerScale) {
  for (int scale : {1, 2}) {
    const World world = BuildWorld(1, scale, Calendar());
    const auto findings = TruthFindings(world, Calendar(), D("2025-12-31"), {D("2025-06-30")});
    std::map<std::string, int> expected = {
        {"award_missing", 8},      {"award_late", 4},         {"contract_missing", 6},   {"contract_late", 4},
        {"tender_missing", 2},     {"candidates_missing", 1}, {"amount_mismatch", 2},    {"supplier_mismatch", 2},
        {"cross_site_missing", 1}, {"penalty_late", 2},       {"blacklisted_winner", 2}, {"notice_changed", 5},
        {"notice_removed", 5},     {"field_missing", 5},
    };
    for (auto& [kind, count] : expected) count *= scale;
    // The singletons do not scale: the hostile project's award_missing, the departments.
    expected["award_missing"] += 1;
    expected["plan_missing"] = 2;
    expected["annual_report_missing"] = 1;
    EXPECT_EQ(CountByKind(findings), expected) << "scale " << scale;
    // Without an earlier crawl the watchdog signals cannot be observed.
    const auto once = CountByKind(TruthFindings(world, Calendar(), D("2025-12-31")));
    EXPECT_EQ(once.count("notice_changed") + once.count("notice_removed"), 0u);
  }
}

// Time moves: missing notices published late turn into their late twins,
// with the same subject; those due later join; plans and reports resolve.
TEST(TruthOfGeneratedWorlds, LaterAsOfTurnsMissingIntoLate) {
  const World world = BuildWorld(1, 1, Calendar());
  auto by_code = [&](const char* as_of) {
    std::map<std::string, std::set<std::string>> kinds;
    for (const TruthFinding& f : TruthFindings(world, Calendar(), D(as_of))) kinds[f.code].insert(f.kind);
    return kinds;
  };
  const auto year_end = by_code("2025-12-31");
  const auto later = by_code("2026-06-30");
  int turned_late = 0;
  for (SubjectId id = 0; id < world.subject_count(); ++id) {
    if (world.TypeOf(id) != SubjectType::kProject) continue;
    const Project p = world.ProjectAt(id);
    const std::string role = p.role;
    if (role != "award_missing_then_late" && role != "contract_missing_then_late") continue;
    const std::string kind = role == "award_missing_then_late" ? "award" : "contract";
    EXPECT_TRUE(year_end.at(p.code).count(kind + "_missing")) << role;
    EXPECT_TRUE(later.at(p.code).count(kind + "_late")) << role;
    EXPECT_FALSE(later.at(p.code).count(kind + "_missing")) << role;
    ++turned_late;
  }
  EXPECT_EQ(turned_late, 2);
  auto total = [](const auto& kinds, const std::string& kind) {
    int count = 0;
    for (const auto& [code, set] : kinds) count += set.count(kind);
    return count;
  };
  EXPECT_GT(total(later, "penalty_late"), total(year_end, "penalty_late"));                        // published in 2026
  EXPECT_EQ(total(later, "annual_report_missing"), total(year_end, "annual_report_missing") + 1);  // 2025's
}

TEST(TruthJson, DeterministicAndShaped) {
  auto json_of = [](uint64_t seed) {
    const World world = BuildWorld(seed, 1, Calendar());
    const std::vector<CivilDate> crawled = {D("2025-06-30")};
    return TruthJson(D("2025-12-31"), crawled, TruthFindings(world, Calendar(), D("2025-12-31"), crawled));
  };
  const std::string text = json_of(1);
  EXPECT_EQ(text, json_of(1)) << "the same seed gives the same truth, byte for byte";
  EXPECT_NE(text, json_of(2));
  const auto json = nlohmann::json::parse(text);
  EXPECT_EQ(json["schema"], "gapwatch.truth/1");
  EXPECT_EQ(json["as_of"], "2025-12-31");
  EXPECT_EQ(json["crawled_at"], nlohmann::json::array({"2025-06-30"}));
  bool undated_seen = false;
  std::string previous_due;
  std::set<std::tuple<std::string, std::string, std::string>> keys;
  for (const auto& f : json["findings"]) {
    ASSERT_TRUE(f["kind"].is_string() && f["site"].is_string() && f["project"]["code"].is_string());
    EXPECT_TRUE(keys.emplace(f["kind"], f["site"], f["project"]["code"]).second) << "one finding per key";
    EXPECT_TRUE(f["generations"].is_array());
    if (f["due"].is_null()) {
      undated_seen = true;
      continue;
    }
    EXPECT_FALSE(undated_seen) << "findings without a due date come last";
    EXPECT_LE(previous_due, f["due"].get<std::string>());
    previous_due = f["due"];
  }
  // The hostile strings travel as data.
  bool hostile = false;
  for (const auto& f : json["findings"]) {
    hostile |= f["project"].value("title", "") == "<script>alert(1)</script>" &&
               f["project"].value("buyer", "") == "=HYPERLINK(\"http://x\")";
  }
  EXPECT_TRUE(hostile);
}

TEST(TruthFile, WritesAtomically) {
  const std::string dir = ::testing::TempDir() + "truth_test_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/truth.json";
  std::string error;
  ASSERT_TRUE(WriteFileAtomically(path, "{\"a\":1}\n", &error)) << error;
  ASSERT_TRUE(WriteFileAtomically(path, "{\"b\":2}\n", &error)) << error;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "{\"b\":2}\n");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  EXPECT_FALSE(WriteFileAtomically(dir + "/missing/truth.json", "x", &error));
  EXPECT_NE(error.find("missing/truth.json"), std::string::npos) << error;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace gapwatch::sim
