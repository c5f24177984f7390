// The generated world: deterministic, composed as documented, lazy at large
// scales, and shaped like Shaoguan's real notices (SITES.md).
#include "sim/world.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "sim/world_formats.h"
#include "sim/world_ids.h"
#include "sim/world_timelines.h"
#include "sim/world_vocabulary.h"

namespace gapwatch::sim {
namespace {

const WorkCalendar& Calendar() { return WorkCalendar::Embedded(); }

std::string Date(const std::optional<CivilDate>& date) { return date ? date->Iso() : "-"; }

void DumpNotices(std::ostringstream& out, const World& world, SubjectId id, const std::vector<Notice>& notices) {
  for (size_t slot = 0; slot < notices.size(); ++slot) {
    const Notice& n = notices[slot];
    out << "  " << NoticeKindName(n.kind) << ' ' << GenerationName(n.generation) << ' ' << NoticeTime(n) << ' '
        << Date(n.edited) << ':' << n.edit_value << ' ' << Date(n.removed) << ' ' << int(n.omitted) << n.code_full_width
        << n.highlighted_title << n.capital_amounts << n.title_style << ' ' << n.year << ' '
        << world.NoticeId(n.generation, {id, static_cast<uint8_t>(slot)}) << '\n';
  }
}

// Everything a world holds, as text, to compare two worlds.
std::string Dump(const World& world) {
  std::ostringstream out;
  for (SubjectId id = 0; id < world.subject_count(); ++id) {
    switch (world.TypeOf(id)) {
      case SubjectType::kProject: {
        const Project p = world.ProjectAt(id);
        out << p.role << '|' << p.code << '|' << p.investment_code << '|' << p.name << '|' << p.buyer.name << '|'
            << p.buyer.uscc << '|' << p.agency.name << '|' << p.supplier.name << '|' << p.supplier.uscc << '|'
            << p.contract_supplier.name << '|' << p.contract_amount_fen << '|' << p.opening.Iso() << '|'
            << Date(p.corrected_opening) << '|' << Date(p.decided) << '|' << Date(p.signed_on) << '|'
            << p.experts.size() << '|' << p.candidates.size();
        for (const Lot& lot : p.lots) out << '|' << lot.name << ':' << lot.budget_fen << ':' << lot.award_fen;
        out << '\n';
        DumpNotices(out, world, id, p.notices);
        break;
      }
      case SubjectType::kCreditRecord: {
        const CreditRecord r = world.CreditRecordAt(id);
        out << r.role << '|' << r.number << '|' << r.party.name << '|' << r.party.uscc << '|' << r.decided.Iso() << '|'
            << r.fine_fen << '\n';
        DumpNotices(out, world, id, r.notices);
        break;
      }
      case SubjectType::kBlacklistEntry: {
        const BlacklistEntry e = world.BlacklistEntryAt(id);
        out << e.role << '|' << e.party.name << '|' << e.listed.Iso() << '|' << Date(e.removal) << '\n';
        DumpNotices(out, world, id, e.notices);
        break;
      }
      case SubjectType::kDepartment: {
        const Department d = world.DepartmentAt(id);
        out << d.role << '|' << d.seed_name << '|' << d.name << '|' << d.slug << '\n';
        DumpNotices(out, world, id, d.notices);
        break;
      }
    }
  }
  for (int g = 0; g < kGenerationCount; ++g) {
    for (const IndexedNotice& entry : world.Index(static_cast<Generation>(g))) {
      out << g << ' ' << entry.time << ' ' << entry.subject << ' ' << int(entry.slot) << '\n';
    }
  }
  return out.str();
}

uint32_t ProjectsPerUnit() {
  uint32_t count = 0;
  for (const RoleSpec& spec : UnitRoles()) count += spec.type == SubjectType::kProject ? spec.count : 0;
  return count;
}

TEST(WorldTest, SameSeedSameWorldByteForByte) {
  EXPECT_EQ(Dump(BuildWorld(1, 1, Calendar())), Dump(BuildWorld(1, 1, Calendar())));
  EXPECT_EQ(Dump(BuildWorld(7, 2, Calendar())), Dump(BuildWorld(7, 2, Calendar())));
}

TEST(WorldTest, DifferentSeedDifferentWorld) {
  const World a = BuildWorld(1, 1, Calendar());
  const World b = BuildWorld(2, 1, Calendar());
  EXPECT_NE(Dump(a), Dump(b));
  EXPECT_NE(a.ProjectAt(kHostileSubject + 1).code, b.ProjectAt(kHostileSubject + 1).code);
}

TEST(WorldTest, ScaleMultipliesEveryUnitRole) {
  for (int scale : {1, 3}) {
    const World world = BuildWorld(11, scale, Calendar());
    ASSERT_EQ(world.subject_count(), kSingletonCount + SubjectsPerUnit() * static_cast<uint32_t>(scale));
    std::map<std::string, int> per_role;
    for (SubjectId id = kSingletonCount; id < world.subject_count(); ++id) {
      switch (world.TypeOf(id)) {
        case SubjectType::kProject:
          ++per_role[world.ProjectAt(id).role];
          break;
        case SubjectType::kCreditRecord:
          ++per_role[world.CreditRecordAt(id).role];
          break;
        case SubjectType::kBlacklistEntry:
          ++per_role[world.BlacklistEntryAt(id).role];
          break;
        case SubjectType::kDepartment:
          ADD_FAILURE() << "a department inside a unit";
      }
    }
    for (const RoleSpec& spec : UnitRoles()) EXPECT_EQ(per_role[spec.name], spec.count * scale) << spec.name;
  }
  EXPECT_THROW(BuildWorld(1, 0, Calendar()), std::invalid_argument);
  EXPECT_THROW(BuildWorld(1, kMaxScale + 1, Calendar()), std::invalid_argument);
  // Scale 1 stays small: tens of projects per domain.
  std::map<Domain, int> per_domain;
  for (const RoleSpec& spec : UnitRoles()) per_domain[spec.domain] += spec.count;
  EXPECT_LE(per_domain[Domain::kProcurement], 80);
  EXPECT_GE(per_domain[Domain::kConstruction], 10);
}

TEST(WorldTest, SingletonsAreTheSeedPlansDepartmentsAndTheHostileProject) {
  const World world = BuildWorld(3, 1, Calendar());
  const std::vector<std::string> seed_list = {"市发改局",     "市经信局", "市财政局", "市住管局",     "市农业局",
                                              "市卫计局",     "市水务局", "市审计局", "市交通运输局", "市林业局",
                                              "市国土资源局", "市环保局", "市国资委", "市税务局"};
  std::map<std::string, int> roles;
  for (SubjectId id = 0; id < kDepartmentCount; ++id) {
    const Department d = world.DepartmentAt(id);
    EXPECT_EQ(d.seed_name, seed_list[id]);
    ++roles[d.role];
    for (const Notice& n : d.notices) EXPECT_EQ(n.generation, Generation::kGkmlpt);
  }
  EXPECT_EQ(roles["plan_never"], 2);
  EXPECT_EQ(roles["department_timely"], 6);
  EXPECT_EQ(world.TypeOf(kHostileSubject), SubjectType::kProject);
  // Which department plays which role is the seed's choice.
  bool differs = false;
  const World other = BuildWorld(4, 1, Calendar());
  for (SubjectId id = 0; id < kDepartmentCount; ++id) {
    differs |= std::string(world.DepartmentAt(id).role) != other.DepartmentAt(id).role;
  }
  EXPECT_TRUE(differs);
}

TEST(WorldTest, HostileStringsStandInANoticeOf2023InEveryWorld) {
  for (uint64_t seed : {1u, 2u, 3u, 77u}) {
    const Project p = BuildWorld(seed, 1, Calendar()).ProjectAt(kHostileSubject);
    EXPECT_EQ(p.name, "<script>alert(1)</script>");
    EXPECT_EQ(p.buyer.name, "=HYPERLINK(\"http://x\")");
    ASSERT_FALSE(p.notices.empty());
    EXPECT_EQ(p.notices.front().published.year, 2023);
    EXPECT_EQ(p.notices.front().generation, Generation::kFreecms);
  }
}

// Every notice stands on a working day, in office hours, on the generation
// its site used on that day; every subject's notices are in time order.
TEST(WorldTest, NoticesAreDatedLikeRealOnes) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    const World world = BuildWorld(seed, 1, Calendar());
    for (SubjectId id = 0; id < world.subject_count(); ++id) {
      const std::vector<Notice> notices = world.NoticesOf(id);
      ASSERT_LE(notices.size(), static_cast<size_t>(kMaxNoticesPerSubject));
      for (size_t i = 0; i < notices.size(); ++i) {
        const Notice& n = notices[i];
        SCOPED_TRACE(std::to_string(seed) + " subject " + std::to_string(id) + " " + NoticeKindName(n.kind));
        EXPECT_TRUE(Calendar().IsWorkingDay(n.published)) << n.published.Iso();
        EXPECT_GE(n.second_of_day, 8 * 3600 + 30 * 60);
        EXPECT_LT(n.second_of_day, 18 * 3600);
        EXPECT_LE(n.published, (CivilDate{2026, 11, 30}));
        if (n.generation != Generation::kGkmlpt) {
          EXPECT_EQ(n.generation, GenerationAt(n.site(), n.published));
        }
        if (i > 0) {
          EXPECT_LE(notices[i - 1].published, n.published);
        }
        if (n.edited) {
          EXPECT_GT(*n.edited, n.published);
        }
        if (n.removed) {
          EXPECT_GT(*n.removed, n.published);
        }
      }
    }
  }
}

// The procurement chains of DOMAIN.md, checked on every project without a
// planted chain gap: tender ≥ 20 days before the opening, the result within
// opening + 9 WD (or decision + 2 WD), the contract within signing + 2 WD.
TEST(WorldTest, UnplantedProcurementChainsAreTimely) {
  const FindingSet chain_gaps = Bit(FindingKind::kAwardMissing) | Bit(FindingKind::kAwardLate) |
                                Bit(FindingKind::kContractMissing) | Bit(FindingKind::kContractLate);
  const WorkCalendar& cal = Calendar();
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    const World world = BuildWorld(seed, 1, cal);
    for (SubjectId id = 0; id < world.subject_count(); ++id) {
      if (world.TypeOf(id) != SubjectType::kProject) continue;
      const Project p = world.ProjectAt(id);
      if (p.domain != Domain::kProcurement || (p.planted & chain_gaps)) continue;
      SCOPED_TRACE(std::to_string(seed) + " " + p.role + " " + p.code);
      std::optional<CivilDate> tender, result, contract, terminated;
      for (const Notice& n : p.notices) {
        if (n.kind == NoticeKind::kTender && !tender) tender = n.published;  // on any site: the bid period's start
        if (n.site() != Site::kProcurement) continue;
        if (n.kind == NoticeKind::kResult) result = n.published;
        if (n.kind == NoticeKind::kContract) contract = n.published;
        if (n.kind == NoticeKind::kTermination) terminated = n.published;
      }
      if (tender) {
        EXPECT_GE(DaysBetween(*tender, p.opening), 20);
      }
      const CivilDate opening = p.corrected_opening.value_or(p.opening);
      if (terminated) {
        EXPECT_FALSE(result || contract);
        EXPECT_LT(ProcurementAwardDue(cal, opening), kReferenceDay) << "a terminated tender's award is long due";
        continue;
      }
      if (!result) continue;
      if (p.decided) {
        EXPECT_LE(*result, cal.AddWorkingDays(*p.decided, 2));
      } else if (tender) {
        EXPECT_LE(*result, ProcurementAwardDue(cal, opening));
      }
      if (contract && p.signed_on) {
        EXPECT_GT(*p.signed_on, *result);
        EXPECT_LE(*p.signed_on, result->PlusDays(30));
        EXPECT_LE(*contract, cal.AddWorkingDays(*p.signed_on, 2));
      }
    }
  }
}

TEST(WorldTest, ProjectsLookLikeShaoguansNotices) {
  const World world = BuildWorld(5, 3, Calendar());
  const std::regex procurement_code("[0-9A-Z]{4,6}-?[0-9A-Z-]{8,16}");
  const std::regex ygp_code("E4402[0-9]{2}[0-9A-Za-z]{13}");
  const std::regex legacy_code("[A-Z]{2}JS20(19|20)-[0-9]{3,}");
  const std::regex investment_code("[0-9]{4}-4402[0-9]{2}-[0-9]{2}-0[1-3]-[0-9]{6}");
  std::set<std::string> codes;
  std::set<std::string> investment_styles;
  bool multi_lot = false, decided = false, city = false, county = false, wan = false;
  for (SubjectId id = 0; id < world.subject_count(); ++id) {
    if (world.TypeOf(id) != SubjectType::kProject) continue;
    const Project p = world.ProjectAt(id);
    SCOPED_TRACE(std::string(p.role) + " " + p.code);
    EXPECT_TRUE(codes.insert(p.code).second) << "duplicate code";
    EXPECT_TRUE(p.region_code.starts_with("4402") && p.region_code.size() == 6) << p.region_code;
    EXPECT_EQ(p.region_name, Regions()[RegionIndex(p.region_code)].name);
    city |= p.region_code == "440200";
    county |= p.region_code != "440200";
    ASSERT_FALSE(p.lots.empty());
    EXPECT_TRUE(IsValidUscc(p.supplier.uscc)) << p.supplier.uscc;
    EXPECT_TRUE(IsValidUscc(p.buyer.uscc)) << p.buyer.uscc;
    for (const Lot& lot : p.lots) EXPECT_GT(lot.award_fen, 0);
    if (p.domain == Domain::kProcurement) {
      if (id != kHostileSubject) {
        EXPECT_TRUE(p.name.starts_with(p.buyer.name)) << p.name;
      }
      EXPECT_TRUE(std::regex_match(p.code, procurement_code));
      multi_lot |= p.lots.size() > 1;
      decided |= p.decided.has_value();
      wan |= p.budget_in_wan;
      EXPECT_EQ(p.experts.size(), 5u);
      EXPECT_EQ(p.scores[0].supplier, p.supplier.name);
      EXPECT_GT(p.scores[0].hundredths, p.scores[1].hundredths);
      for (const Lot& lot : p.lots) EXPECT_LE(lot.award_fen, lot.budget_fen);
    } else if (p.notices.front().published.year < 2021) {
      EXPECT_TRUE(std::regex_match(p.code, legacy_code));
    } else {
      EXPECT_TRUE(std::regex_match(p.code, ygp_code));
      EXPECT_EQ(p.code.size(), 20u);
    }
    if (p.domain == Domain::kConstruction) {
      ASSERT_EQ(p.investment_code.size(), 24u) << p.investment_code;
      EXPECT_TRUE(std::regex_match(p.investment_code, investment_code)) << p.investment_code;
      // Old (YYYY-) codes before the GB/T 40058 switch, new (YYMM-) after.
      const bool old_style = p.investment_code.starts_with("20") && p.investment_code[4] == '-' &&
                             std::stoi(p.investment_code.substr(0, 4)) == p.approved->year;
      EXPECT_EQ(old_style, *p.approved < (CivilDate{2020, 11, 30})) << p.investment_code;
      investment_styles.insert(old_style ? "old" : "new");
      ASSERT_EQ(p.candidates.size(), 3u);
      EXPECT_EQ(p.candidates[0].party.name, p.supplier.name);
      EXPECT_EQ(p.candidates[0].bid_fen, p.lots[0].award_fen);
    }
  }
  EXPECT_TRUE(multi_lot && decided && city && county && wan);
  EXPECT_EQ(investment_styles.size(), 2u) << "both 投资项目统一代码 formats";
}

// Reality puts the same project on several sites: procurement notices copied
// to the trading platform, trading notices re-posted on the portal.
TEST(WorldTest, TheSameProjectStandsOnSeveralSites) {
  const World world = BuildWorld(1, 1, Calendar());
  int procurement_on_trading = 0, works_on_portal = 0, full_width_copies = 0;
  for (SubjectId id = 0; id < world.subject_count(); ++id) {
    if (world.TypeOf(id) != SubjectType::kProject) continue;
    const Project p = world.ProjectAt(id);
    std::set<Site> sites;
    for (const Notice& n : p.notices) {
      sites.insert(n.site());
      full_width_copies += n.code_full_width;
    }
    procurement_on_trading += p.domain == Domain::kProcurement && sites.count(Site::kTrading);
    works_on_portal += p.domain == Domain::kConstruction && sites.count(Site::kPortal);
  }
  EXPECT_GE(procurement_on_trading, 5);
  EXPECT_GE(works_on_portal, 10);
  EXPECT_GE(full_width_copies, 2);
}

TEST(WorldTest, EveryGenerationHasNotices) {
  const World world = BuildWorld(1, 1, Calendar());
  for (int g = 0; g < kGenerationCount; ++g) {
    EXPECT_FALSE(world.Index(static_cast<Generation>(g)).empty()) << GenerationName(static_cast<Generation>(g));
  }
}

TEST(WorldTest, VisibleListsFollowAsOfEditsAndRemovals) {
  const World world = BuildWorld(1, 2, Calendar());
  for (int g = 0; g < kGenerationCount; ++g) {
    const Generation generation = static_cast<Generation>(g);
    for (const char* day : {"2019-06-30", "2024-03-01", "2025-06-30", "2025-12-31", "2026-12-31"}) {
      const CivilDate as_of = *CivilDate::Parse(day);
      const NoticeList list = world.Visible(generation, as_of);
      size_t expected = 0;
      for (const IndexedNotice& entry : world.Index(generation)) {
        expected += IsVisible(world.NoticeOf(entry.ref()), as_of);
      }
      ASSERT_EQ(list.size(), expected) << GenerationName(generation) << " " << day;
      for (size_t i = 0; i < list.size(); ++i) {
        const Notice n = world.NoticeOf(list[i].ref());
        EXPECT_TRUE(IsVisible(n, as_of));
        EXPECT_EQ(list[i].kind, n.kind);
        if (i > 0) {
          EXPECT_GE(list[i - 1].time, list[i].time) << "not newest first";
        }
      }
      EXPECT_THROW(list[list.size()], std::out_of_range);
    }
  }
}

TEST(WorldTest, EditsShowFromTheirDayOn) {
  const World world = BuildWorld(1, 1, Calendar());
  int edits = 0;
  for (SubjectId id = 0; id < world.subject_count(); ++id) {
    if (world.TypeOf(id) != SubjectType::kProject) continue;
    const Project p = world.ProjectAt(id);
    for (const Notice& n : p.notices) {
      if (!n.edited) continue;
      ++edits;
      const Project before = AsShown(p, n, n.edited->PlusDays(-1));
      const Project after = AsShown(p, n, *n.edited);
      EXPECT_EQ(before.agency.phone, p.agency.phone);
      EXPECT_TRUE(before.agency.phone != after.agency.phone || before.supplier.address != after.supplier.address ||
                  before.venue != after.venue)
          << p.role;
    }
  }
  EXPECT_GE(edits, 4);
}

TEST(WorldTest, IdsHaveTheirSitesShapesAndLeadBackToTheirNotices) {
  const World world = BuildWorld(9, 2, Calendar());
  const std::map<Generation, std::regex> shapes = {
      {Generation::kGpcms, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")},
      {Generation::kYgp,
       std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|[0-9a-f]{32}")},
      {Generation::kFreecms, std::regex("8a7e[0-9a-f]{28}")},
      {Generation::kGdgpo, std::regex("40288ba9[0-9a-f]{24}")},
      {Generation::kSgjyzx, std::regex("[0-9a-f]{32}")},
      {Generation::kCreditSite, std::regex("[0-9a-f]{32}")},
      {Generation::kPortalColumn, std::regex("[1-9][0-9]{6}")},
      {Generation::kPortalTrs, std::regex("[1-9][0-9]{5}")},
      {Generation::kGkmlpt, std::regex("[1-9][0-9]{5}")},
  };
  for (const auto& [generation, shape] : shapes) {
    std::set<std::string> ids;
    std::string previous_numeric;
    const auto& index = world.Index(generation);
    for (size_t i = index.size(); i-- > 0;) {  // oldest first
      const std::string id = world.NoticeId(generation, index[i].ref());
      EXPECT_TRUE(std::regex_match(id, shape)) << GenerationName(generation) << " " << id;
      EXPECT_TRUE(ids.insert(id).second) << "duplicate " << id;
      EXPECT_EQ(world.FindNotice(generation, id), index[i].ref()) << id;
      if (UsesNumericIds(generation)) {
        EXPECT_TRUE(previous_numeric.empty() || std::stol(id) > std::stol(previous_numeric)) << "ids grow with time";
        previous_numeric = id;
      }
    }
    EXPECT_FALSE(world.FindNotice(generation, "not-an-id"));
    EXPECT_FALSE(world.FindNotice(generation, ""));
  }
  // An id of one generation names nothing on another.
  const std::string gpcms_id = world.NoticeId(Generation::kGpcms, world.Index(Generation::kGpcms)[0].ref());
  EXPECT_FALSE(world.FindNotice(Generation::kYgp, gpcms_id));
  EXPECT_FALSE(world.FindNotice(Generation::kGpcms, "00000000-0000-4000-8000-000000000000"));
  // A code leads to its project.
  const Project p = world.ProjectAt(kHostileSubject + 5);
  EXPECT_EQ(world.FindProjects(p.code), std::vector<SubjectId>{p.id});
  EXPECT_TRUE(world.FindProjects("NO-SUCH-CODE").empty());
}

TEST(WorldTest, UsccCheckCharacters) {
  EXPECT_TRUE(IsValidUscc("914403001922038216"));  // SITES.md §4's real example
  EXPECT_FALSE(IsValidUscc("914403001922038217"));
  EXPECT_FALSE(IsValidUscc("91440300192203821"));
  EXPECT_FALSE(IsValidUscc("91440300I922038216"));  // I is not in GB 32100's set
  const std::string made = MakeUscc('9', '1', "440203", 12345678);
  EXPECT_TRUE(IsValidUscc(made)) << made;
  EXPECT_EQ(made.substr(0, 8), "91440203");
}

TEST(WorldTest, AmountDateAndTextFormats) {
  EXPECT_EQ(YuanWithSeparators(142000000), "1,420,000.00");
  EXPECT_EQ(YuanWithSeparators(99), "0.99");
  EXPECT_EQ(YuanWithSeparators(12345678901), "123,456,789.01");
  EXPECT_EQ(BudgetField(189000000), "1890000.0000");
  EXPECT_EQ(PlainYuan(56980000), "569800.00");
  EXPECT_EQ(WanYuan(56980000, 6), "56.980000");
  EXPECT_EQ(WanYuan(386000000, 0), "386");
  EXPECT_EQ(CapitalYuan(820000), "人民币捌仟贰佰元整");
  EXPECT_EQ(CapitalYuan(142000000), "人民币壹佰肆拾贰万元整");
  EXPECT_EQ(CapitalYuan(100530), "人民币壹仟零伍元叁角");
  EXPECT_EQ(CapitalYuan(1000005), "人民币壹万元零伍分");
  EXPECT_EQ(CapitalYuan(1200030000), "人民币壹仟贰佰万零叁佰元整");
  EXPECT_EQ(CapitalYuan(10000000500), "人民币壹亿零伍元整");
  const CivilDate d{2025, 3, 8};
  const int t = 9 * 3600 + 30 * 60 + 5;
  EXPECT_EQ(IsoDateTime(d, t), "2025-03-08 09:30:05");
  EXPECT_EQ(CompactDateTime(d, t), "20250308093005");
  EXPECT_EQ(CompactDate(d), "20250308");
  EXPECT_EQ(DottedDateTime(d, t), "2025.03.08 09:30:05");
  EXPECT_EQ(SlashDate(d), "2025/03/08");
  EXPECT_EQ(ChineseDate(d), "2025年3月8日");
  EXPECT_EQ(ChineseDatePadded(d), "2025年03月08日");
  EXPECT_EQ(ChineseMinutes(d, t), "2025年03月08日 09:30");
  EXPECT_EQ(ChineseDeadline(d, 9, 30), "2025年03月08日09时30分");
  EXPECT_EQ(BeijingDeadline(d, 9, 30), "2025年03月08日 09点30分（北京时间）");
  EXPECT_EQ(FullWidth("NXJS2019-018"), "ＮＸＪＳ２０１９－０１８");
  EXPECT_EQ(FullWidth("a b"), "ａ\u3000ｂ");
}

// Scale for benchmarks: 100,000 projects held as an index of 12 bytes per
// notice, every subject rebuilt on demand.
TEST(WorldTest, HundredThousandProjectsStayLazyAndSmall) {
  const int scale = static_cast<int>((100000 + ProjectsPerUnit() - 1) / ProjectsPerUnit());
  ASSERT_LE(scale, kMaxScale);
  const World world = BuildWorld(1, scale, Calendar());
  ASSERT_GE(static_cast<uint64_t>(ProjectsPerUnit()) * static_cast<uint64_t>(scale), 100000u);
  EXPECT_EQ(sizeof(IndexedNotice), 12u);
  size_t notices = 0;
  for (int g = 0; g < kGenerationCount; ++g) notices += world.Index(static_cast<Generation>(g)).size();
  EXPECT_GT(notices, 300000u);
  EXPECT_LT(world.IndexBytes(), notices * sizeof(IndexedNotice) + world.subject_count() * 4 + 1024 * 1024);
  EXPECT_LT(world.IndexBytes(), 16u * 1024 * 1024);
  // The last subject is as reachable as the first.
  const SubjectId last = world.subject_count() - 1;
  const std::vector<Notice> notices_of_last = world.NoticesOf(last);
  ASSERT_FALSE(notices_of_last.empty());
  const Generation generation = notices_of_last[0].generation;
  const NoticeRef ref{last, 0};
  EXPECT_EQ(world.FindNotice(generation, world.NoticeId(generation, ref)), ref);
  EXPECT_EQ(world.Visible(Generation::kGpcms, kReferenceDay).size() > 100000, true);
}

}  // namespace
}  // namespace gapwatch::sim
