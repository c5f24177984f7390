#include "monitor/ocds.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/scratch_directory.h"

namespace gapwatch {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr char kPython[] = "/usr/bin/python3";  // Debian's, where scripts/setup installs python3-jsonschema
constexpr char kBuyer[] = "韶关市第一人民医院";
constexpr char kAgency[] = "广东某招标代理有限公司";

// Projects made by hand; the notices they point at live as long as this does.
class Projects {
 public:
  NoticeWithEvidence& Add(Project& project, const std::string& kind, const std::string& published) {
    NoticeWithEvidence& item = notices_.emplace_back();
    item.notice.kind = kind;
    item.notice.project_code = project.code;
    item.notice.title = project.title;
    item.notice.buyer = project.buyer;
    item.notice.published = published;
    project.notices.push_back(&item);
    return item;
  }
  Project& New(const std::string& code, const std::string& title, const std::string& buyer = kBuyer) {
    Project& project = projects_.emplace_back();
    project.code = code;
    project.title = title;
    project.buyer = buyer;
    return project;
  }
  std::vector<Project> All() const { return {projects_.begin(), projects_.end()}; }

 private:
  std::deque<NoticeWithEvidence> notices_;  // a deque: the projects' pointers stay valid
  std::deque<Project> projects_;
};

// tender → award of two lots → a contract with the first lot's supplier.
Project& FullChain(Projects& projects) {
  Project& project = projects.New("GDJY2025-001", "韶关市某设备采购项目");
  NoticeWithEvidence& tender = projects.Add(project, "tender", "2025-03-01");
  tender.notice.agency = kAgency;
  tender.notice.budget_yuan = "1500000.00";
  NoticeWithEvidence& award = projects.Add(project, "award", "2025-04-01");
  award.notice.agency = kAgency;
  award.notice.decided = "2025-03-28";
  award.notice.amount_yuan = "1470000.50";
  award.notice.lots = std::vector<Lot>{{"包1 设备", "甲公司", "1420000.00"}, {"包2 安装", "乙公司", "50000.50"}};
  NoticeWithEvidence& contract = projects.Add(project, "contract", "2025-04-20");
  contract.notice.supplier = "甲公司";
  contract.notice.signed_on = "2025-04-15";
  contract.notice.amount_yuan = "1420000.00";
  return project;
}

Project& Terminated(Projects& projects) {
  Project& project = projects.New("GDJY2025-002", "某服务采购项目");
  projects.Add(project, "tender", "2025-05-01").notice.budget_yuan = "80000";
  projects.Add(project, "correction", "2025-05-08");
  projects.Add(project, "termination", "2025-05-20T10:30:00+08:00");
  return project;
}

// No amount that parses, no decision or signing date, a contract without supplier.
Project& WithoutAmounts(Projects& projects) {
  Project& project = projects.New("GDJY2025-003", "某工程项目");
  projects.Add(project, "tender", "2025-06-01").notice.budget_yuan = "约100万";
  NoticeWithEvidence& award = projects.Add(project, "award", "2025-06-10");
  award.notice.supplier = "丙公司";
  award.notice.amount_yuan = "1,000,000";
  projects.Add(project, "award", "2025-06-12").notice.supplier = "丁公司";
  projects.Add(project, "contract", "2025-06-20");
  return project;
}

// The simulator's planted notice, under a code holding the '#' a release id must not.
Project& Hostile(Projects& projects) {
  Project& project = projects.New("ZB#2025-004", "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")");
  projects.Add(project, "tender", "2025-07-01");
  return project;
}

OcdsOptions Options() {
  OcdsOptions options;
  options.published_date = "2025-08-01T08:00:00+08:00";
  options.uri = "https://gapwatch.example/report/ocds.json";
  return options;
}

Json Package(const std::vector<Project>& projects) { return Json::parse(OcdsReleasePackage(projects, Options())); }

TEST(OcdsTest, PackageNamesItsUriVersionDateAndPublisherAndHoldsOneReleasePerProject) {
  Projects projects;
  FullChain(projects);
  Terminated(projects);
  const std::string text = OcdsReleasePackage(projects.All(), Options());
  EXPECT_EQ(text.back(), '\n');
  const Json package = Json::parse(text);
  EXPECT_EQ(package["uri"], "https://gapwatch.example/report/ocds.json");
  EXPECT_EQ(package["version"], "1.1");
  EXPECT_EQ(package["publishedDate"], "2025-08-01T08:00:00+08:00");
  EXPECT_EQ(package["publisher"], Json({{"name", "gapwatch"}}));
  ASSERT_EQ(package["releases"].size(), 2u);
  EXPECT_EQ(package["releases"][0]["ocid"], "ocds-gapwatch-sg-GDJY2025-001");
  EXPECT_EQ(package["releases"][1]["ocid"], "ocds-gapwatch-sg-GDJY2025-002");
  EXPECT_EQ(Package({})["releases"], Json::array());
}

TEST(OcdsTest, FullChainMapsTenderLotsAndContract) {
  Projects projects;
  FullChain(projects);
  const Json release = Package(projects.All())["releases"][0];
  EXPECT_EQ(release["id"], "ocds-gapwatch-sg-GDJY2025-001-2025-04-20-3");
  EXPECT_EQ(release["date"], "2025-04-20T00:00:00+08:00");
  EXPECT_EQ(release["tag"], Json({"tender", "award", "contract"}));
  EXPECT_EQ(release["initiationType"], "tender");

  const Json parties = Json::array({{{"id", "party-1"}, {"name", kBuyer}, {"roles", {"buyer"}}},
                                    {{"id", "party-2"}, {"name", kAgency}, {"roles", {"procuringEntity"}}},
                                    {{"id", "party-3"}, {"name", "甲公司"}, {"roles", {"supplier"}}},
                                    {{"id", "party-4"}, {"name", "乙公司"}, {"roles", {"supplier"}}}});
  EXPECT_EQ(release["parties"], parties);
  EXPECT_EQ(release["buyer"], Json({{"id", "party-1"}, {"name", kBuyer}}));

  const Json& tender = release["tender"];
  EXPECT_EQ(tender["id"], "GDJY2025-001");
  EXPECT_EQ(tender["title"], "韶关市某设备采购项目");
  EXPECT_EQ(tender["status"], "complete");
  EXPECT_EQ(tender["value"], Json({{"amount", 1500000}, {"currency", "CNY"}}));
  EXPECT_TRUE(tender["value"]["amount"].is_number());
  EXPECT_EQ(tender["procuringEntity"], Json({{"id", "party-2"}, {"name", kAgency}}));

  const Json& awards = release["awards"];
  ASSERT_EQ(awards.size(), 2u) << "one award per lot, none for the notice's total";
  EXPECT_EQ(awards[0], Json({{"id", "award-1-lot-1"},
                             {"title", "包1 设备"},
                             {"date", "2025-03-28T00:00:00+08:00"},
                             {"value", {{"amount", 1420000}, {"currency", "CNY"}}},
                             {"suppliers", {{{"id", "party-3"}, {"name", "甲公司"}}}}}));
  EXPECT_EQ(awards[1]["id"], "award-1-lot-2");
  EXPECT_EQ(awards[1]["value"]["amount"], 50000.5);
  EXPECT_EQ(awards[1]["suppliers"][0]["id"], "party-4");

  ASSERT_EQ(release["contracts"].size(), 1u);
  EXPECT_EQ(release["contracts"][0], Json({{"id", "contract-1"},
                                           {"title", "韶关市某设备采购项目"},
                                           {"dateSigned", "2025-04-15T00:00:00+08:00"},
                                           {"value", {{"amount", 1420000}, {"currency", "CNY"}}},
                                           {"awardID", "award-1-lot-1"}}))
      << "linked to the lot of its supplier, not the newest";
}

TEST(OcdsTest, TerminationCancelsTheTender) {
  Projects projects;
  Terminated(projects);
  const Json release = Package(projects.All())["releases"][0];
  EXPECT_EQ(release["tag"], Json({"tender", "tenderUpdate", "tenderCancellation"}));
  EXPECT_EQ(release["tender"]["status"], "cancelled");
  EXPECT_EQ(release["tender"]["value"]["amount"], 80000);
  EXPECT_EQ(release["date"], "2025-05-20T10:30:00+08:00") << "a date-time is kept as it is";
  EXPECT_EQ(release["id"], "ocds-gapwatch-sg-GDJY2025-002-2025-05-20-3");
  EXPECT_FALSE(release.contains("awards"));
  EXPECT_FALSE(release.contains("contracts"));
}

TEST(OcdsTest, LeavesOutAmountsAndDatesItCannotRead) {
  Projects projects;
  WithoutAmounts(projects);
  const Json release = Package(projects.All())["releases"][0];
  EXPECT_FALSE(release["tender"].contains("value"));
  EXPECT_EQ(release["tender"]["status"], "complete");
  ASSERT_EQ(release["awards"].size(), 2u);
  EXPECT_FALSE(release["awards"][0].contains("value"));
  EXPECT_EQ(release["awards"][0]["date"], "2025-06-10T00:00:00+08:00") << "published, when no decision date";
  const Json& contract = release["contracts"][0];
  EXPECT_FALSE(contract.contains("value"));
  EXPECT_FALSE(contract.contains("dateSigned"));
  EXPECT_EQ(contract["awardID"], "award-2") << "no supplier to match: the newest award";
}

TEST(OcdsTest, AContractWithoutAnAwardNoticeLinksToAnImpliedAward) {
  Projects projects;
  Project& project = projects.New("GDJY2025-005", "某采购项目");
  projects.Add(project, "contract", "2025-06-20").notice.supplier = "戊公司";
  const Json release = Package(projects.All())["releases"][0];
  EXPECT_EQ(release["tag"], Json({"contract"}));
  ASSERT_EQ(release["awards"].size(), 1u);
  EXPECT_EQ(release["awards"][0]["id"], "implied-award-1");
  EXPECT_EQ(release["awards"][0]["suppliers"][0]["name"], "戊公司");
  EXPECT_EQ(release["contracts"][0]["awardID"], "implied-award-1");
}

TEST(OcdsTest, CandidatesAloneMakeAnActiveTenderRelease) {
  Projects projects;
  Project& project = projects.New("GDJY2025-006", "某货物采购项目");
  projects.Add(project, "candidates", "2025-06-20").notice.supplier = "己公司";
  const Json release = Package(projects.All())["releases"][0];
  EXPECT_EQ(release["tag"], Json({"tender"}));
  EXPECT_EQ(release["tender"]["status"], "active");
  EXPECT_FALSE(release.contains("awards"));
  EXPECT_EQ(release["parties"].size(), 1u) << "the buyer only: candidates are no suppliers";
}

TEST(OcdsTest, HostileStringsStayDataAndTheReleaseIdHoldsNoHash) {
  Projects projects;
  Hostile(projects);
  const std::string text = OcdsReleasePackage(projects.All(), Options());
  const Json release = Json::parse(text)["releases"][0];
  EXPECT_EQ(release["ocid"], "ocds-gapwatch-sg-ZB#2025-004") << "the code is kept";
  EXPECT_EQ(release["id"], "ocds-gapwatch-sg-ZB%232025-004-2025-07-01-1");
  EXPECT_EQ(release["tender"]["title"], "<script>alert(1)</script>");
  EXPECT_EQ(release["buyer"]["name"], "=HYPERLINK(\"http://x\")");
  EXPECT_NE(text.find(R"x("name": "=HYPERLINK(\"http://x\")")x"), std::string::npos) << "quotes JSON-escaped";
}

class OcdsSchemaTest : public testing::ScratchDirectoryTest {
 protected:
  testing::CommandResult Validate(const std::string& package) const {
    const fs::path schemas = fs::path(GAPWATCH_SOURCE_DIR) / "data" / "ocds-1.1.5";
    const fs::path path = directory_ / "ocds.json";
    std::ofstream(path, std::ios::binary) << package;
    // tests/support/validate_ocds.py: offline, the release schema's URL mapped to the local file.
    return testing::RunCommand({kPython, std::string(GAPWATCH_SOURCE_DIR) + "/tests/support/validate_ocds.py",
                                (schemas / "release-package-schema.json").string(),
                                (schemas / "release-schema.json").string(), path.string()});
  }

  static std::vector<Project> Every(Projects& projects) {
    FullChain(projects);
    Terminated(projects);
    WithoutAmounts(projects);
    Hostile(projects);
    return projects.All();
  }
};

TEST_F(OcdsSchemaTest, EveryProjectsPackageIsValid) {
  Projects projects;
  const auto result = Validate(OcdsReleasePackage(Every(projects), Options()));
  EXPECT_EQ(result.exit_status, 0) << result.out << result.err;
}

TEST_F(OcdsSchemaTest, RejectsBrokenPackages) {
  Projects projects;
  const Json valid = Json::parse(OcdsReleasePackage(Every(projects), Options()));
  struct Broken {
    std::string what;
    std::string error;
    void (*change)(Json&);
  };
  const Broken cases[] = {
      {"an amount as a string", "'1420000.00' is not of type 'number', 'null'",
       [](Json& d) { d["releases"][0]["awards"][0]["value"]["amount"] = "1420000.00"; }},
      {"a release without ocid", "'ocid' is a required property", [](Json& d) { d["releases"][1].erase("ocid"); }},
      {"a contract without awardID", "'awardID' is a required property",
       [](Json& d) { d["releases"][0]["contracts"][0].erase("awardID"); }},
      {"a tag not in the codelist", "'terminated' is not one of",
       [](Json& d) { d["releases"][1]["tag"][1] = "terminated"; }},
      {"a date that is not a date-time", "'2025-04-20' is not a 'date-time'",
       [](Json& d) { d["releases"][0]["date"] = "2025-04-20"; }},
      {"no releases", "[] is too short", [](Json& d) { d["releases"] = Json::array(); }},
  };
  for (const Broken& test : cases) {
    Json document = valid;
    test.change(document);
    const auto result = Validate(document.dump());
    EXPECT_EQ(result.exit_status, 1) << test.what << ": " << result.err;
    EXPECT_NE(result.out.find(test.error), std::string::npos) << test.what << ": " << result.out << result.err;
  }
}

}  // namespace
}  // namespace gapwatch
