// End-to-end, every site and every finding kind one crawl can see: gapwatch
// runs one cycle against all four simulated sites, and its gaps.json must hold
// exactly the simulator's truth — every planted finding with its kind, site,
// project code and due date (recall), and nothing else (precision), near-misses
// included. notice_changed and notice_removed need two crawls (watch_test.cc).
// Worlds: several seeds, scales and as-of dates, one inside the National Day
// break of 2025.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "tests/integration/integration_support.h"
#include "tests/support/process.h"

namespace gapwatch {
namespace {

using testing::AnnouncedSite;
using testing::BackgroundProcess;
using testing::ReadFile;
using testing::RunCommand;

const std::string kGapwatch = GAPWATCH_EXECUTABLE;
using testing::kSimulatorSites;
using testing::kSimulatorYgpSalt;

using FindingKey = std::tuple<std::string, std::string, std::string, std::string>;  // kind, site, code, due

std::set<FindingKey> Keys(const nlohmann::json& findings) {
  std::set<FindingKey> keys;
  for (const auto& finding : findings) {
    const std::string kind = finding["kind"];
    if (kind == "notice_changed" || kind == "notice_removed") continue;  // two crawls: watch_test.cc
    keys.emplace(kind, finding["site"], finding["project"]["code"],
                 finding["due"].is_null() ? "" : finding["due"].get<std::string>());
  }
  return keys;
}

struct World {
  int seed;
  int scale;
  const char* as_of;
};

class TruthTest : public testing::ScratchDirectoryTest, public ::testing::WithParamInterface<World> {};

TEST_P(TruthTest, EveryPlantedFindingAndNothingElse) {
  const World world = GetParam();
  ::setenv("GAPWATCH_YGP_SALT", kSimulatorYgpSalt, 1);
  BackgroundProcess simulator({kGapwatch, "sim", "--seed", std::to_string(world.seed), "--scale",
                               std::to_string(world.scale), "--as-of", world.as_of, "--listen", "127.0.0.1:0",
                               "--truth", Path("truth.json")});
  std::vector<std::string> run = {kGapwatch, "run",          "--db",    Path("gapwatch.db"),
                                  "--out",   Path("report"), "--as-of", world.as_of};
  for (const char* name : kSimulatorSites) {
    const std::string line = AnnouncedSite(simulator, name);
    ASSERT_FALSE(line.empty()) << "the simulator announced no " << name << " site";
    run.push_back("--site=" + line);
  }
  const testing::CommandResult result = RunCommand(run);
  ASSERT_EQ(result.exit_status, 0) << result.err.substr(0, 2000);

  const auto truth = nlohmann::json::parse(ReadFile(Path("truth.json")));
  const auto gaps = nlohmann::json::parse(ReadFile(Path("report/gaps.json")));
  EXPECT_EQ(gaps["complete"], true);
  const std::set<FindingKey> expected = Keys(truth["findings"]);
  const std::set<FindingKey> found = Keys(gaps["findings"]);
  ASSERT_FALSE(expected.empty()) << "the simulator planted nothing";
  for (const auto& [kind, site, code, due] : expected) {
    EXPECT_TRUE(found.count({kind, site, code, due}))
        << "missed (recall): " << kind << " " << site << " " << code << " due " << due;
  }
  for (const auto& [kind, site, code, due] : found) {
    EXPECT_TRUE(expected.count({kind, site, code, due}))
        << "not planted (precision): " << kind << " " << site << " " << code << " due " << due;
  }
  // Every finding carries its proof; a department's missing plan or report, the
  // department's own list on the portal as last captured, without it.
  for (const auto& finding : gaps["findings"]) {
    EXPECT_FALSE(finding["rule"]["id"].get<std::string>().empty());
    ASSERT_FALSE(finding["evidence"].empty()) << finding["kind"] << " " << finding["project"]["code"];
    const bool absence = finding["kind"] == "plan_missing" || finding["kind"] == "annual_report_missing";
    for (const auto& evidence : finding["evidence"]) {
      EXPECT_EQ(evidence["sha256"].get<std::string>().size(), 64u);
      if (absence) {
        EXPECT_EQ(evidence["notice_kind"], "list");
        EXPECT_NE(evidence["url"].get<std::string>().find("/gkmlpt/api/"), std::string::npos) << evidence["url"];
      }
    }
  }
  // The report's other forms of the same findings, each read by an independent
  // reader: gaps.json valid against its schema, gaps.csv through a CSV reader,
  // each Atom feed through an XML parser, with an entry a finding opened and
  // every page it links to written; and
  // ocds.json, every project, valid against the official OCDS schema.
  const testing::CommandResult read_back =
      RunCommand({"/usr/bin/python3", "-c",
                  "import csv, glob, json, sys, jsonschema, xml.etree.ElementTree as ET\n"
                  "report, schema = sys.argv[1], sys.argv[2]\n"
                  "gaps = json.load(open(report + '/gaps.json', encoding='utf-8'))\n"
                  "jsonschema.Draft202012Validator(json.load(open(schema))).validate(gaps)\n"
                  "rows = list(csv.DictReader(open(report + '/gaps.csv', encoding='utf-8-sig', newline='')))\n"
                  "assert [r['id'] for r in rows] == [f['id'] for f in gaps['findings']], 'csv ids'\n"
                  "atom = '{http://www.w3.org/2005/Atom}'\n"
                  "entries = ET.parse(report + '/feeds/all.atom').getroot().findall(atom + 'entry')\n"
                  "assert len(entries) == len(gaps['findings']), ('feed entries', len(entries))\n"
                  "feeds = glob.glob(report + '/feeds/*.atom')\n"
                  "for path in feeds:\n"
                  "    for link in ET.parse(path).getroot().iter(atom + 'link'):\n"
                  "        href = link.get('href')\n"
                  "        if not href.startswith('http'):\n"
                  "            target = report + '/feeds/' + href.split('#')[0]\n"
                  "            assert glob.glob(target), ('a feed links to no page', href)\n"
                  "print(len(rows), len(feeds))\n",
                  Path("report"), std::string(GAPWATCH_SOURCE_DIR) + "/docs/gaps.schema.json"});
  EXPECT_EQ(read_back.exit_status, 0) << read_back.err;
  const std::string ocds_schemas = std::string(GAPWATCH_SOURCE_DIR) + "/data/ocds-1.1.5/";
  const testing::CommandResult ocds = RunCommand(
      {"/usr/bin/python3", std::string(GAPWATCH_SOURCE_DIR) + "/tests/support/validate_ocds.py",
       ocds_schemas + "release-package-schema.json", ocds_schemas + "release-schema.json", Path("report/ocds.json")});
  EXPECT_EQ(ocds.exit_status, 0) << ocds.out << ocds.err;
  EXPECT_EQ(read_back.out.substr(0, read_back.out.find(' ')), std::to_string(gaps["findings"].size()));

  // One check: each finding's history is its opening, by this run's check.
  for (const auto& finding : gaps["findings"]) {
    ASSERT_EQ(finding["history"].size(), 1u) << finding["kind"] << " " << finding["project"]["code"];
    EXPECT_EQ(finding["history"][0]["event"], "opened");
    EXPECT_EQ(finding["history"][0]["as_of"], world.as_of);
    EXPECT_EQ(finding["history"][0]["kind"], finding["kind"]);
  }
  // `gapwatch explain` tells each chain finding's story with the same due date.
  for (const auto& finding : gaps["findings"]) {
    const std::string kind = finding["kind"];
    if (kind != "award_missing" && kind != "award_late" && kind != "contract_missing" && kind != "contract_late") {
      continue;
    }
    const auto explained = RunCommand({kGapwatch, "explain", finding["project"]["code"], "--db", Path("gapwatch.db")});
    ASSERT_EQ(explained.exit_status, 0) << explained.err;
    const std::string expected_notice = kind.substr(0, kind.find('_'));
    EXPECT_NE(explained.out.find(expected_notice + ": due " + finding["due"].get<std::string>()), std::string::npos)
        << kind << " " << finding["project"]["code"] << ":\n"
        << explained.out;
    EXPECT_NE(explained.out.find(kind + " on " + finding["site"].get<std::string>()), std::string::npos);
    EXPECT_NE(explained.out.find(std::string(world.as_of) + "  opened: " + kind), std::string::npos) << explained.out;
  }
  const auto unknown = RunCommand({kGapwatch, "explain", "NO-SUCH-CODE", "--db", Path("gapwatch.db")});
  EXPECT_EQ(unknown.exit_status, 1);
  EXPECT_NE(unknown.err.find("NO-SUCH-CODE"), std::string::npos);
  EXPECT_EQ(simulator.Stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(Worlds, TruthTest,
                         ::testing::Values(World{1, 1, "2025-12-31"}, World{2, 1, "2025-12-31"},
                                           World{3, 2, "2025-10-05"},   // inside the 1–8 Oct break
                                           World{4, 1, "2026-02-16"}),  // after 31 Jan: last year's reports due
                         [](const ::testing::TestParamInfo<World>& info) {
                           return "seed" + std::to_string(info.param.seed) + "_scale" +
                                  std::to_string(info.param.scale) + "_" + std::string(info.param.as_of).substr(0, 4) +
                                  std::string(info.param.as_of).substr(5, 2) +
                                  std::string(info.param.as_of).substr(8, 2);
                         });

}  // namespace
}  // namespace gapwatch
