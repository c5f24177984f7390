// End-to-end: the gapwatch executable against the simulator (and against a
// deliberately broken server) on loopback, judged by the simulator's truth.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "crawler/crawl.h"
#include "tests/integration/integration_support.h"
#include "tests/support/process.h"
#include "tests/support/test_http_server.h"

namespace gapwatch {
namespace {

using testing::AnnouncedSite;
using testing::BackgroundProcess;
using testing::ReadFile;
using testing::RunCommand;

const std::string kGapwatch = GAPWATCH_EXECUTABLE;

class CycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        std::filesystem::temp_directory_path() / ("gapwatch-it-" + std::to_string(::getpid()) + "-" +
                                                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::string Path(const std::string& name) const { return (directory_ / name).string(); }

  // Runs one cycle against `site_flag` (NAME=BASE_URL).
  testing::CommandResult RunCycle(const std::string& site_flag, const std::string& as_of = "2025-12-31") {
    return RunCommand({kGapwatch, "run", "--db", Path("gapwatch.db"), "--out", Path("report"), "--as-of", as_of,
                       "--site", site_flag});
  }

  std::filesystem::path directory_;
};

using FindingKey = std::tuple<std::string, std::string, std::string, std::string>;  // kind, site, code, due

std::set<FindingKey> Keys(const nlohmann::json& findings) {
  std::set<FindingKey> keys;
  for (const auto& finding : findings) {
    keys.emplace(finding["kind"], finding["site"], finding["project"]["code"],
                 finding["due"].is_null() ? "" : finding["due"].get<std::string>());
  }
  return keys;
}

// The part of the simulator's truth a crawl of the procurement site alone can
// see (all three of its generations: gpcms, freecms, gdgpo): the kinds judged
// from that site's notices. tender_missing ("no tender on any site"),
// cross_site_missing and blacklisted_winner need the other sites, and gapwatch
// does not judge them without those (truth_test.cc crawls all four).
nlohmann::json FindingsTheStagesSupport(const nlohmann::json& truth_findings) {
  static const std::set<std::string> kSupportedKinds = {"award_missing",   "award_late",      "contract_missing",
                                                        "contract_late",   "field_missing",   "amount_mismatch",
                                                        "supplier_mismatch"};
  nlohmann::json supported = nlohmann::json::array();
  for (const auto& finding : truth_findings) {
    if (kSupportedKinds.count(finding["kind"].get<std::string>()) && finding["site"] == "procurement") {
      supported.push_back(finding);
    }
  }
  return supported;
}

// (seed, as-of, faults): faults never change the truth, so a correct client finds the same gaps.
class SimulatorTruthTest : public CycleTest,
                           public ::testing::WithParamInterface<std::tuple<int, std::string, std::string>> {};

TEST_P(SimulatorTruthTest, FindingsEqualTheSimulatorsTruth) {
  const auto [seed, as_of, faults] = GetParam();
  BackgroundProcess simulator({kGapwatch, "sim", "--seed", std::to_string(seed), "--as-of", as_of, "--listen",
                               "127.0.0.1:0", "--truth", Path("truth.json"), "--log", Path("requests.jsonl"),
                               "--faults", faults});
  const std::string announced = AnnouncedSite(simulator, "procurement");
  ASSERT_EQ(announced.rfind("procurement=http://127.0.0.1:", 0), 0u) << announced;
  // The truth is complete before the site is announced.
  const auto truth = nlohmann::json::parse(ReadFile(Path("truth.json")));
  ASSERT_EQ(truth["schema"], "gapwatch.truth/1");
  ASSERT_FALSE(truth["findings"].empty()) << "the simulator planted nothing to find";

  const auto result = RunCycle(announced, as_of);
  ASSERT_EQ(result.exit_status, 0) << result.err;
  const auto gaps = nlohmann::json::parse(ReadFile(Path("report/gaps.json")));
  EXPECT_EQ(gaps["schema"], "gapwatch.gaps/1");
  EXPECT_EQ(gaps["as_of"], as_of);
  EXPECT_EQ(gaps["complete"], true);

  const auto supported = FindingsTheStagesSupport(truth["findings"]);
  ASSERT_FALSE(supported.empty()) << "the simulator planted nothing the stages can see";
  const auto expected = Keys(supported);
  const auto found = Keys(gaps["findings"]);
  for (const auto& key : expected) {
    EXPECT_TRUE(found.count(key)) << "missed (recall): " << std::get<0>(key) << " " << std::get<2>(key) << " due "
                                  << std::get<3>(key);
  }
  for (const auto& key : found) {
    EXPECT_TRUE(expected.count(key)) << "not planted (precision): " << std::get<0>(key) << " " << std::get<2>(key)
                                     << " due " << std::get<3>(key);
  }
  for (const auto& finding : gaps["findings"]) {
    ASSERT_FALSE(finding["evidence"].empty());
    for (const auto& evidence : finding["evidence"]) {
      const std::string url = evidence["url"];
      EXPECT_TRUE(url.starts_with("https://gdgpo.czt.gd.gov.cn/") || url.starts_with("http://www.gdgpo.gov.cn/"))
          << url;
      EXPECT_EQ(evidence["sha256"].get<std::string>().size(), 64u);
    }
  }
  EXPECT_NE(ReadFile(Path("report/index.html")).find("gapwatch"), std::string::npos);
  EXPECT_EQ(simulator.Stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(Worlds, SimulatorTruthTest,
                         ::testing::Values(std::make_tuple(1, "2025-12-31", ""), std::make_tuple(2, "2025-12-31", ""),
                                           std::make_tuple(3, "2025-06-30", ""),
                                           // 5xx, 429 with Retry-After, slow and truncated replies, robots.
                                           std::make_tuple(1, "2025-12-31", "default"),
                                           // Every JSON page declares GBK: decoding must see through it.
                                           std::make_tuple(2, "2025-12-31", "charset=1")));

TEST_F(CycleTest, SecondRunFetchesOnlyListsAndKeepsFirstSeen) {
  BackgroundProcess simulator(
      {kGapwatch, "sim", "--seed", "1", "--listen", "127.0.0.1:0", "--log", Path("requests.jsonl")});
  const std::string announced = AnnouncedSite(simulator, "procurement");
  ASSERT_EQ(RunCycle(announced).exit_status, 0);
  const std::string first_log = ReadFile(Path("requests.jsonl"));
  const long first_requests = std::count(first_log.begin(), first_log.end(), '\n');
  ASSERT_EQ(RunCycle(announced).exit_status, 0);
  std::ifstream log(Path("requests.jsonl"));
  std::string line;
  long total = 0, details_after = 0;
  while (std::getline(log, line)) {
    if (++total > first_requests && line.find("getInfoById") != std::string::npos) ++details_after;
  }
  EXPECT_GT(total, first_requests);
  EXPECT_EQ(details_after, 0) << "the second cycle re-fetched details it already had";
}

TEST_F(CycleTest, StagesRunOneByOneAndReCheckWithoutFetching) {
  BackgroundProcess simulator(
      {kGapwatch, "sim", "--seed", "1", "--listen", "127.0.0.1:0", "--log", Path("requests.jsonl")});
  const std::string site = AnnouncedSite(simulator, "procurement");
  const std::vector<std::string> store = {"--db", Path("gapwatch.db"), "--out", Path("report")};
  const auto stage = [&](std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), kGapwatch);
    arguments.insert(arguments.end(), store.begin(), store.end());
    return RunCommand(arguments);
  };
  ASSERT_EQ(stage({"report"}).exit_status, 2) << "a report before any check has nothing to show";
  ASSERT_EQ(stage({"crawl", "--site", site}).exit_status, 0);
  const std::string requests_after_crawl = ReadFile(Path("requests.jsonl"));
  ASSERT_EQ(stage({"extract", "--site", site}).exit_status, 0);
  ASSERT_EQ(stage({"check", "--as-of", "2025-12-31"}).exit_status, 0);
  ASSERT_EQ(stage({"report"}).exit_status, 0);
  const auto year_end = nlohmann::json::parse(ReadFile(Path("report/gaps.json")));
  EXPECT_EQ(year_end["as_of"], "2025-12-31") << "the report carries the date of the check it shows";

  // Judging the same captures at an earlier date: nothing is fetched, fewer deadlines have passed.
  ASSERT_EQ(stage({"check", "--as-of", "2025-03-31"}).exit_status, 0);
  const auto report_mismatch = stage({"report", "--as-of", "2025-12-31"});
  EXPECT_EQ(report_mismatch.exit_status, 2);
  EXPECT_NE(report_mismatch.err.find("checked as of 2025-03-31"), std::string::npos) << report_mismatch.err;
  ASSERT_EQ(stage({"report", "--as-of", "2025-03-31"}).exit_status, 0);
  const auto march = nlohmann::json::parse(ReadFile(Path("report/gaps.json")));
  EXPECT_EQ(march["as_of"], "2025-03-31");
  EXPECT_LT(march["findings"].size(), year_end["findings"].size());
  for (const auto& finding : march["findings"]) {
    if (!finding["due"].is_null()) {  // field_missing has none
      EXPECT_LT(finding["due"].get<std::string>(), "2025-03-31");
    }
  }
  EXPECT_EQ(ReadFile(Path("requests.jsonl")), requests_after_crawl) << "extract, check or report fetched something";
}

TEST_F(CycleTest, CrawlKilledMidwayResumesWithoutRefetching) {
  BackgroundProcess simulator(
      {kGapwatch, "sim", "--seed", "5", "--scale", "20", "--listen", "127.0.0.1:0", "--log", Path("requests.jsonl")});
  const std::string site = AnnouncedSite(simulator, "procurement");
  const std::vector<std::string> crawl = {kGapwatch, "crawl", "--db", Path("gapwatch.db"), "--site", site};
  {
    BackgroundProcess crawler(crawl);
    // Let it get well into the details, then kill it without warning.
    for (int waited = 0; waited < 2000; ++waited) {
      const std::string log = ReadFile(Path("requests.jsonl"));
      if (std::count(log.begin(), log.end(), '\n') >= 300) break;
      ::usleep(5000);
    }
    EXPECT_EQ(crawler.Stop(9), 128 + 9);
  }
  const std::string before_resume = ReadFile(Path("requests.jsonl"));
  const auto resumed = RunCommand(crawl);
  ASSERT_EQ(resumed.exit_status, 0) << resumed.err;

  // Every detail was fetched once, but for at most those in flight at the kill.
  std::map<std::string, int> detail_fetches;
  std::istringstream log(ReadFile(Path("requests.jsonl")));
  for (std::string line; std::getline(log, line);) {
    const auto request = nlohmann::json::parse(line);
    const std::string path = request["path"];
    if (path.find("getInfoById") != std::string::npos) ++detail_fetches[path];
  }
  int refetched = 0;
  for (const auto& [path, count] : detail_fetches) refetched += count - 1;
  EXPECT_LE(refetched, kLoopbackConcurrency);
  EXPECT_GT(before_resume.size(), 0u);
  EXPECT_GT(detail_fetches.size(), 700u);  // scale 20: the resumed crawl reached the end of the list

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(Path("gapwatch.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "ok");
  sqlite3_finalize(statement);
  sqlite3_prepare_v2(db,
                     "SELECT COUNT(DISTINCT url) FROM captures WHERE page = 'detail' AND status = 200 "
                     "AND url LIKE '%getInfoById%'",
                     -1, &statement, nullptr);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(statement, 0), static_cast<long long>(detail_fetches.size()));
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

TEST_F(CycleTest, BrokenSitesYamlExitsTwoNamingFileLineAndKey) {
  std::ofstream(Path("sites.yaml")) << "version: 1\nsites:\n  procurement:\n    base_url: https://x.example\n"
                                       "    allowed_hosts: [x.example]\n    politness: {}\n    sources: []\n";
  const auto result = RunCommand({kGapwatch, "crawl", "--config", Path("sites.yaml"), "--db", Path("g.db")});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find(Path("sites.yaml") + ":6:"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("politness"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(Path("g.db"))) << "a bad configuration must not touch the store";
}

TEST_F(CycleTest, UnreachableSiteExitsThreeWithIncompleteReport) {
  int port = 0;
  {
    testing::TestHttpServer closed([](const testing::TestRequest&) { return testing::TestResponse{}; });
    port = std::stoi(closed.origin().substr(closed.origin().rfind(':') + 1));
  }
  const auto result = RunCycle("procurement=http://127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(result.exit_status, 3) << result.err;
  EXPECT_NE(result.err.find("https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/selectInfoForIndex"), std::string::npos)
      << result.err;
  const auto gaps = nlohmann::json::parse(ReadFile(Path("report/gaps.json")));
  EXPECT_EQ(gaps["complete"], false);
  EXPECT_EQ(gaps["sites"][0]["errors"], 1);
  // The store is consistent and records why.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(Path("gapwatch.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, "SELECT status FROM runs WHERE command = 'crawl'", -1, &statement, nullptr);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "incomplete");
  sqlite3_finalize(statement);
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "ok");
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

TEST_F(CycleTest, MalformedDetailPageIsNamedAndTheRestExtracted) {
  testing::TestHttpServer server([](const testing::TestRequest& request) {
    if (request.target.find("selectInfoForIndex") != std::string::npos) {
      return testing::TestResponse{
          200, "",
          R"({"code":"200","data":{"total":2,"rows":[)"
          R"({"id":"good","title":"甲项目招标公告","noticeTime":"2025-03-01 10:00:00","openTenderCode":"GOOD1","noticeType":"00101","purchaser":"韶关市甲局","agency":"代理","budget":"100.0000"},)"
          R"({"id":"bad","title":"乙项目招标公告","noticeTime":"2025-03-02 10:00:00","openTenderCode":"BAD1","noticeType":"00101","purchaser":"韶关市乙局","agency":"代理","budget":"200.0000"}]}})"};
    }
    // The older generations' lists: empty.
    if (request.target.find("selectInfoMoreChannel") != std::string::npos) {
      return testing::TestResponse{200, "", R"({"code":"200","total":0,"data":[]})"};
    }
    if (request.target.rfind("/query", 0) == 0) return testing::TestResponse{200, "", "<html><body></body></html>"};
    if (request.target.find("id=good") != std::string::npos) {
      return testing::TestResponse{
          200, "",
          R"({"code":"200","data":{"content":"<div class=\"noticeArea\"><p>开标时间：2025年03月25日 09点30分（北京时间）</p></div>"}})"};
    }
    return testing::TestResponse{200, "", "<html><body>系统维护中</body></html>"};
  });
  const auto result = RunCycle("procurement=" + server.origin());
  EXPECT_EQ(result.exit_status, 0) << result.err;
  const std::string bad_url = "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=bad";
  EXPECT_NE(result.err.find(bad_url), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("JSON"), std::string::npos) << result.err;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(Path("gapwatch.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, "SELECT project_code, opening FROM notices ORDER BY project_code", -1, &statement, nullptr);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "BAD1");  // from its list row
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "GOOD1");
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, 1))).substr(0, 10), "2025-03-25");
  sqlite3_finalize(statement);
  sqlite3_prepare_v2(db, "SELECT url FROM extract_problems", -1, &statement, nullptr);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_EQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), bad_url);
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

TEST_F(CycleTest, WorkdaysCommands) {
  auto result = RunCommand({kGapwatch, "workdays", "add", "2025-09-30", "2"});
  EXPECT_EQ(result.exit_status, 0);
  EXPECT_EQ(result.out, "2025-10-10\n");
  result = RunCommand({kGapwatch, "workdays", "between", "2025-09-30", "2025-10-10"});
  EXPECT_EQ(result.out, "2\n");
  result = RunCommand({kGapwatch, "workdays", "add", "2026-12-30", "5"});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("2027"), std::string::npos) << result.err;
  result = RunCommand({kGapwatch, "workdays", "add", "2025-02-30", "1"});
  EXPECT_EQ(result.exit_status, 2);
}

TEST_F(CycleTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunCommand({kGapwatch, "run", "--site", "nowhere=http://127.0.0.1:1"}).exit_status, 2);
  EXPECT_EQ(RunCommand({kGapwatch, "run", "--as-of", "yesterday"}).exit_status, 2);
  EXPECT_EQ(RunCommand({kGapwatch, "frobnicate"}).exit_status, 2);
  const auto version = RunCommand({kGapwatch, "--version"});
  EXPECT_EQ(version.exit_status, 0);
  EXPECT_NE(version.out.find("gapwatch"), std::string::npos);
}

}  // namespace
}  // namespace gapwatch
