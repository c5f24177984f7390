// Ground truth: due dates worked out by hand from the holiday notices
// (RULES.md §3), the strict as-of rule, and the file format.
#include "sim/truth.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace gapwatch::sim {
namespace {

CivilDate D(const char* text) { return *CivilDate::Parse(text); }

Project AwardMissing(const char* code, const char* tender, const char* opening) {
  Project p;
  p.code = code;
  p.name = std::string(code) + "采购项目";
  p.buyer.name = "韶关市财政局";
  p.tender_published = D(tender);
  p.opening = D(opening);
  p.planted = PlantedGap::kAwardMissing;
  return p;
}

Project ContractMissing(const char* code, const char* opening, const char* result) {
  Project p = AwardMissing(code, "2024-01-02", opening);
  p.result_published = D(result);
  p.planted = PlantedGap::kContractMissing;
  return p;
}

World HandMadeWorld() {
  World world;
  // opening Fri 2025-09-26: 09-28 (make-up Sun) 1, 09-29 2, 09-30 3, [10-01…10-08 off],
  // 10-09 4, 10-10 5, 10-11 (make-up Sat) 6, 10-13 7, 10-14 8, 10-15 9.
  world.projects.push_back(AwardMissing("A-NATIONAL-DAY", "2025-08-29", "2025-09-26"));
  // opening Fri 2025-01-24: 01-26 (make-up Sun) 1, 01-27 2, [01-28…02-04 off], 02-05 3,
  // 02-06 4, 02-07 5, 02-08 (make-up Sat) 6, 02-10 7, 02-11 8, 02-12 9.
  world.projects.push_back(AwardMissing("A-SPRING-2025", "2024-12-27", "2025-01-24"));
  // opening Thu 2024-02-08: 02-09 (除夕, worked in 2024) 1, [02-10…02-17 off],
  // 02-18 (make-up Sun) 2, 02-19…02-23 3–7, 02-26 8, 02-27 9.
  world.projects.push_back(AwardMissing("A-SPRING-2024", "2024-01-12", "2024-02-08"));
  // award Mon 2025-09-01 + 30 = Wed 10-01 (National Day) → 10-09; + 2 WD: 10-10, 10-11 (make-up Sat).
  world.projects.push_back(ContractMissing("C-NATIONAL-DAY", "2025-08-20", "2025-09-01"));
  // award Mon 2024-06-03 + 30 = Wed 07-03, a working day; + 2 WD = Fri 07-05.
  world.projects.push_back(ContractMissing("C-PLAIN", "2024-05-24", "2024-06-03"));
  // award Thu 2024-03-07 + 30 = Sat 04-06 (清明 break) → Sun 04-07 (make-up); + 2 WD = Tue 04-09.
  world.projects.push_back(ContractMissing("C-QINGMING", "2024-02-27", "2024-03-07"));
  // Not planted: never listed, however its dates look.
  Project timely = AwardMissing("TIMELY", "2024-03-01", "2024-03-25");
  timely.planted = PlantedGap::kNone;
  world.projects.push_back(timely);
  return world;
}

std::map<std::string, std::string> DueByCode(const std::vector<TruthFinding>& findings) {
  std::map<std::string, std::string> due;
  for (const TruthFinding& f : findings) due[f.code] = f.kind + " " + f.due.Iso();
  return due;
}

TEST(TruthTest, DueDatesWorkedOutByHand) {
  const auto findings = TruthFindings(HandMadeWorld(), WorkCalendar::Embedded(), D("2025-12-31"));
  const std::map<std::string, std::string> expected = {
      {"A-NATIONAL-DAY", "award_missing 2025-10-15"}, {"A-SPRING-2025", "award_missing 2025-02-12"},
      {"A-SPRING-2024", "award_missing 2024-02-27"},  {"C-NATIONAL-DAY", "contract_missing 2025-10-11"},
      {"C-PLAIN", "contract_missing 2024-07-05"},     {"C-QINGMING", "contract_missing 2024-04-09"},
  };
  EXPECT_EQ(DueByCode(findings), expected);
  for (const TruthFinding& f : findings) EXPECT_EQ(f.site, "procurement");
  // Sorted by due date.
  for (size_t i = 1; i < findings.size(); ++i) EXPECT_LE(findings[i - 1].due, findings[i].due);
}

TEST(TruthTest, AFindingHoldsOnlyOnceAsOfIsAfterItsDueDate) {
  const World world = HandMadeWorld();
  const WorkCalendar& cal = WorkCalendar::Embedded();
  auto listed = [&](const char* as_of, const std::string& code) {
    return DueByCode(TruthFindings(world, cal, D(as_of))).count(code) == 1;
  };
  EXPECT_FALSE(listed("2025-10-15", "A-NATIONAL-DAY"));  // the due day itself
  EXPECT_TRUE(listed("2025-10-16", "A-NATIONAL-DAY"));
  EXPECT_FALSE(listed("2025-10-11", "C-NATIONAL-DAY"));
  EXPECT_TRUE(listed("2025-10-12", "C-NATIONAL-DAY"));
  EXPECT_FALSE(listed("2024-04-09", "C-QINGMING"));
  EXPECT_TRUE(listed("2024-04-10", "C-QINGMING"));
  EXPECT_TRUE(TruthFindings(world, cal, D("2024-02-27")).empty());
}

TEST(TruthTest, GeneratedWorldsListEightGapsPerScaleOnTheReferenceDay) {
  for (int scale : {1, 2}) {
    const World world = BuildWorld(1, scale, WorkCalendar::Embedded());
    const auto findings = TruthFindings(world, WorkCalendar::Embedded(), D("2025-12-31"));
    EXPECT_EQ(findings.size(), static_cast<size_t>(8 * scale));
    int awards = 0;
    for (const TruthFinding& f : findings) awards += f.kind == "award_missing";
    EXPECT_EQ(awards, 4 * scale);
    // Later, the gaps planted to fall due in 2026 join them.
    EXPECT_EQ(TruthFindings(world, WorkCalendar::Embedded(), D("2026-06-30")).size(), static_cast<size_t>(10 * scale));
    // Before any notice, nothing.
    EXPECT_TRUE(TruthFindings(world, WorkCalendar::Embedded(), D("2023-12-31")).empty());
  }
}

TEST(TruthTest, JsonDocument) {
  const auto findings = TruthFindings(HandMadeWorld(), WorkCalendar::Embedded(), D("2025-12-31"));
  const auto json = nlohmann::json::parse(TruthJson(D("2025-12-31"), {D("2025-06-30"), D("2025-09-30")}, findings));
  EXPECT_EQ(json["schema"], "gapwatch.truth/1");
  EXPECT_EQ(json["as_of"], "2025-12-31");
  EXPECT_EQ(json["crawled_at"], nlohmann::json::array({"2025-06-30", "2025-09-30"}));
  ASSERT_EQ(json["findings"].size(), 6u);
  const auto& first = json["findings"][0];
  EXPECT_EQ(first["kind"], "award_missing");
  EXPECT_EQ(first["site"], "procurement");
  EXPECT_EQ(first["project"]["code"], "A-SPRING-2024");
  EXPECT_EQ(first["project"]["title"], "A-SPRING-2024采购项目");
  EXPECT_EQ(first["project"]["buyer"], "韶关市财政局");
  EXPECT_EQ(first["due"], "2024-02-27");
}

TEST(TruthTest, WritesAtomically) {
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
