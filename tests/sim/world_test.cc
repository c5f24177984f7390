// The generated world: deterministic, composed as documented, and timely
// everywhere except the planted gaps, under the official calendar.
#include "sim/world.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace gapwatch::sim {
namespace {

constexpr CivilDate kReference{2025, 12, 31};

const WorkCalendar& Calendar() { return WorkCalendar::Embedded(); }

// Everything a world holds, as text, to compare two worlds.
std::string Dump(const World& world) {
  std::ostringstream out;
  auto date = [](const std::optional<CivilDate>& d) { return d ? d->Iso() : std::string("-"); };
  for (const Project& p : world.projects) {
    out << p.code << '|' << p.name << '|' << p.buyer.name << '|' << p.agency.name << '|' << p.supplier.name << '|'
        << p.tender_published.Iso() << '|' << p.opening.Iso() << '|' << date(p.decided) << '|'
        << date(p.result_published) << '|' << date(p.signed_on) << '|' << date(p.contract_published) << '|'
        << date(p.terminated_published) << '|' << static_cast<int>(p.planted);
    for (const Lot& lot : p.lots) out << '|' << lot.name << ':' << lot.budget_fen << ':' << lot.award_fen;
    out << '\n';
  }
  for (const Notice& n : world.notices) out << n.id << ' ' << NoticeTime(n) << ' ' << n.project << '\n';
  return out.str();
}

int RestWeekdays(CivilDate from, CivilDate to) {
  int count = 0;
  for (CivilDate d = from.PlusDays(1); d <= to; d = d.PlusDays(1)) {
    count += d.IsoWeekday() <= 5 && !Calendar().IsWorkingDay(d);
  }
  return count;
}

TEST(WorldTest, SameSeedSameWorld) {
  const World a = BuildWorld(1, 1, Calendar());
  const World b = BuildWorld(1, 1, Calendar());
  EXPECT_EQ(Dump(a), Dump(b));
  const World c = BuildWorld(7, 2, Calendar());
  const World d = BuildWorld(7, 2, Calendar());
  EXPECT_EQ(Dump(c), Dump(d));
}

TEST(WorldTest, DifferentSeedDifferentWorld) {
  const World a = BuildWorld(1, 1, Calendar());
  const World b = BuildWorld(2, 1, Calendar());
  EXPECT_NE(Dump(a), Dump(b));
  std::set<std::string> codes_a, codes_b;
  for (const Project& p : a.projects) codes_a.insert(p.code);
  for (const Project& p : b.projects) codes_b.insert(p.code);
  EXPECT_NE(codes_a, codes_b);
}

TEST(WorldTest, ScaleMultipliesEveryKindOfProject) {
  for (int scale : {1, 3}) {
    const World world = BuildWorld(11, scale, Calendar());
    ASSERT_EQ(world.projects.size(), static_cast<size_t>(kProjectsPerScale * scale));
    std::map<PlantedGap, int> planted;
    int terminated = 0;
    for (const Project& p : world.projects) {
      ++planted[p.planted];
      terminated += p.terminated_published.has_value();
    }
    EXPECT_EQ(planted[PlantedGap::kAwardMissing], 5 * scale);
    EXPECT_EQ(planted[PlantedGap::kContractMissing], 5 * scale);
    EXPECT_EQ(terminated, 3 * scale);
  }
  EXPECT_THROW(BuildWorld(1, 0, Calendar()), std::invalid_argument);
  EXPECT_THROW(BuildWorld(1, kMaxScale + 1, Calendar()), std::invalid_argument);
}

// The deadlines of DOMAIN.md, checked on every project of many worlds.
TEST(WorldTest, EveryUnplantedChainIsTimely) {
  const WorkCalendar& cal = Calendar();
  for (uint64_t seed = 1; seed <= 25; ++seed) {
    const World world = BuildWorld(seed, 1, cal);
    for (const Project& p : world.projects) {
      SCOPED_TRACE(std::to_string(seed) + " " + p.code);
      EXPECT_TRUE(cal.IsWorkingDay(p.tender_published));
      EXPECT_TRUE(cal.IsWorkingDay(p.opening));
      EXPECT_GE(p.tender_published, (CivilDate{2024, 1, 1}));
      EXPECT_LE(p.tender_published, kReference);
      EXPECT_GE(DaysBetween(p.tender_published, p.opening), 20);
      EXPECT_LE(DaysBetween(p.tender_published, p.opening), 30);
      const CivilDate award_due = cal.AddWorkingDays(p.opening, 9);
      if (p.planted == PlantedGap::kAwardMissing) {
        EXPECT_FALSE(p.result_published || p.contract_published || p.terminated_published);
        continue;
      }
      if (p.terminated_published) {
        EXPECT_GT(*p.terminated_published, p.tender_published);
        EXPECT_LE(*p.terminated_published, award_due);
        EXPECT_FALSE(p.result_published || p.contract_published);
        continue;
      }
      ASSERT_TRUE(p.result_published);
      EXPECT_GT(*p.result_published, p.opening);
      EXPECT_LE(*p.result_published, award_due);
      if (p.decided) {
        EXPECT_GE(*p.decided, p.opening);
        EXPECT_GE(*p.result_published, *p.decided);
        EXPECT_LE(*p.result_published, cal.AddWorkingDays(*p.decided, 2));
      }
      if (p.planted == PlantedGap::kContractMissing) {
        EXPECT_FALSE(p.contract_published || p.signed_on);
        continue;
      }
      ASSERT_TRUE(p.signed_on && p.contract_published);
      EXPECT_GT(*p.signed_on, *p.result_published);
      EXPECT_LE(*p.signed_on, p.result_published->PlusDays(30));
      EXPECT_GE(*p.contract_published, *p.signed_on);
      EXPECT_LE(*p.contract_published, cal.AddWorkingDays(*p.signed_on, 2));
    }
  }
}

TEST(WorldTest, NoticesFollowTheirProjects) {
  const World world = BuildWorld(3, 2, Calendar());
  const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> ids;
  std::map<size_t, int> per_project;
  for (size_t i = 0; i < world.notices.size(); ++i) {
    const Notice& n = world.notices[i];
    EXPECT_TRUE(std::regex_match(n.id, uuid)) << n.id;
    EXPECT_TRUE(ids.insert(n.id).second) << "duplicate id " << n.id;
    EXPECT_TRUE(Calendar().IsWorkingDay(n.published));
    if (i > 0) {
      EXPECT_GE(NoticeTime(world.notices[i - 1]), NoticeTime(n)) << "not newest first";
    }
    const Project& p = world.projects.at(n.project);
    const std::optional<CivilDate> expected = n.kind == NoticeKind::kTender     ? p.tender_published
                                              : n.kind == NoticeKind::kResult   ? p.result_published
                                              : n.kind == NoticeKind::kContract ? p.contract_published
                                                                                : p.terminated_published;
    EXPECT_EQ(expected, n.published);
    ++per_project[n.project];
  }
  for (size_t i = 0; i < world.projects.size(); ++i) {
    const Project& p = world.projects[i];
    const int expected =
        1 + p.result_published.has_value() + p.contract_published.has_value() + p.terminated_published.has_value();
    EXPECT_EQ(per_project[i], expected) << p.code;
  }
}

TEST(WorldTest, ProjectsLookLikeShaoguanProcurement) {
  const World world = BuildWorld(5, 3, Calendar());
  const std::regex code_shape("[0-9A-Z]{4,6}-?[0-9A-Z-]{8,16}");
  std::set<std::string> codes;
  bool multi_lot = false, decided = false, city = false, county = false;
  for (const Project& p : world.projects) {
    EXPECT_TRUE(codes.insert(p.code).second) << "duplicate code " << p.code;
    EXPECT_TRUE(std::regex_match(p.code, code_shape)) << p.code;
    EXPECT_TRUE(p.name.ends_with("项目")) << p.name;
    EXPECT_TRUE(p.name.starts_with(p.buyer.name)) << p.name;
    EXPECT_TRUE(p.region_code.starts_with("4402") && p.region_code.size() == 6) << p.region_code;
    EXPECT_EQ(p.region_code == "440200", p.region_name == "韶关市本级");
    city |= p.region_code == "440200";
    county |= p.region_code != "440200";
    ASSERT_FALSE(p.lots.empty());
    multi_lot |= p.lots.size() > 1;
    decided |= p.decided.has_value();
    for (const Lot& lot : p.lots) {
      EXPECT_GT(lot.award_fen, 0);
      EXPECT_LE(lot.award_fen, lot.budget_fen);
    }
    if (p.budget_in_wan) {
      EXPECT_EQ(p.BudgetFen() % 1000000, 0) << p.code;
    }
    EXPECT_EQ(p.experts.size(), 5u);
    ASSERT_GE(p.scores.size(), 2u);
    EXPECT_EQ(p.scores[0].supplier, p.supplier.name);
    EXPECT_GT(p.scores[0].hundredths, p.scores[1].hundredths);
  }
  EXPECT_TRUE(multi_lot && decided && city && county);
}

// Working-day counting must matter: planted and timely deadlines cross the
// long breaks, and some projects are still in flight on the reference day.
TEST(WorldTest, DeadlinesCrossHolidaysAndSomeChainsAreInFlight) {
  const WorkCalendar& cal = Calendar();
  for (uint64_t seed : {1u, 2u, 99u}) {
    const World world = BuildWorld(seed, 1, cal);
    int award_gap_across_break = 0, award_on_due_across_break = 0, contract_limit_on_rest_day = 0,
        contract_limit_on_holiday_weekday = 0, contract_on_due_across_break = 0, tender_in_flight = 0,
        contract_in_flight = 0, overdue_only_later = 0;
    for (const Project& p : world.projects) {
      const CivilDate award_due = cal.AddWorkingDays(p.opening, 9);
      if (p.planted == PlantedGap::kAwardMissing) {
        award_gap_across_break += award_due < kReference && RestWeekdays(p.opening, award_due) >= 4;
        overdue_only_later += award_due >= kReference;
      }
      if (p.planted == PlantedGap::kNone && p.result_published && *p.result_published == award_due) {
        award_on_due_across_break += RestWeekdays(p.opening, award_due) >= 4;
      }
      if (p.planted == PlantedGap::kContractMissing) {
        const CivilDate limit = p.result_published->PlusDays(30);
        contract_limit_on_rest_day += !cal.IsWorkingDay(limit);
        contract_limit_on_holiday_weekday += !cal.IsWorkingDay(limit) && limit.IsoWeekday() <= 5;
        overdue_only_later += cal.AddWorkingDays(cal.FirstWorkingDayFrom(limit), 2) >= kReference;
      }
      if (p.contract_published && *p.contract_published == cal.AddWorkingDays(*p.signed_on, 2)) {
        contract_on_due_across_break += RestWeekdays(*p.signed_on, *p.contract_published) >= 4;
      }
      if (p.planted == PlantedGap::kNone && p.tender_published <= kReference && p.result_published &&
          *p.result_published > kReference) {
        ++tender_in_flight;
      }
      if (p.result_published && *p.result_published <= kReference && p.contract_published &&
          *p.contract_published > kReference) {
        ++contract_in_flight;
      }
    }
    SCOPED_TRACE(seed);
    EXPECT_GE(award_gap_across_break, 2);
    EXPECT_GE(award_on_due_across_break, 1);
    EXPECT_GE(contract_limit_on_rest_day, 3);
    EXPECT_GE(contract_limit_on_holiday_weekday, 2);
    EXPECT_GE(contract_on_due_across_break, 1);
    EXPECT_GE(tender_in_flight, 2);
    EXPECT_GE(contract_in_flight, 2);
    EXPECT_EQ(overdue_only_later, 2);
  }
}

}  // namespace
}  // namespace gapwatch::sim
