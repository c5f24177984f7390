// End-to-end: the watchdog signals (notice_changed, notice_removed), which
// only two crawls of the same world can show. The first crawl sees the world
// on 2025-06-30, the second (--full) on 2025-12-31; the simulator's truth,
// told of the first crawl (--crawled-at), lists what a client must see.
// Findings are read from the store: they are the check's, whatever the report.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

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
using testing::kSimulatorSites;
using testing::kSimulatorYgpSalt;
constexpr char kEarlier[] = "2025-06-30";
constexpr char kLater[] = "2025-12-31";

using WatchKey = std::tuple<std::string, std::string, std::string>;  // kind, site, code

bool IsWatchKind(const std::string& kind) { return kind == "notice_changed" || kind == "notice_removed"; }

class WatchTest : public testing::ScratchDirectoryTest {
 protected:
  void SetUp() override {
    ScratchDirectoryTest::SetUp();
    ::setenv("GAPWATCH_YGP_SALT", kSimulatorYgpSalt, 1);
  }

  // The simulator's --site flags, one per site, in announcement order.
  static std::map<std::string, std::string> SiteFlags(BackgroundProcess& simulator) {
    std::map<std::string, std::string> flags;
    for (const char* name : kSimulatorSites) flags[name] = "--site=" + AnnouncedSite(simulator, name);
    return flags;
  }

  // crawl, extract and check as of `as_of`; returns crawl's exit status (3: a site incomplete).
  int Cycle(const std::map<std::string, std::string>& sites, const std::string& as_of, bool full) {
    std::vector<std::string> crawl = {kGapwatch, "crawl", "--db", Path("gapwatch.db"), "--as-of", as_of};
    if (full) crawl.push_back("--full");
    for (const auto& [name, flag] : sites) crawl.push_back(flag);
    const auto crawled = RunCommand(crawl);
    for (const char* stage : {"extract", "check"}) {
      std::vector<std::string> command = {kGapwatch, stage, "--db", Path("gapwatch.db"), "--as-of", as_of};
      for (const auto& [name, flag] : sites) command.push_back(flag);
      const auto result = RunCommand(command);
      EXPECT_EQ(result.exit_status, 0) << stage << ": " << result.err.substr(0, 2000);
    }
    return crawled.exit_status;
  }

  // The open findings of the watch kinds: key -> evidence, and how many times each key was raised.
  std::map<WatchKey, std::vector<nlohmann::json>> Findings(std::map<WatchKey, int>& raised) const {
    std::map<WatchKey, std::vector<nlohmann::json>> findings;
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(Path("gapwatch.db").c_str(), &db), SQLITE_OK);
    sqlite3_stmt* query = nullptr;
    sqlite3_prepare_v2(db, "SELECT kind, site, project_code, evidence FROM findings WHERE status = 'open'", -1, &query,
                       nullptr);
    while (sqlite3_step(query) == SQLITE_ROW) {
      const auto text = [&](int column) {
        return std::string(reinterpret_cast<const char*>(sqlite3_column_text(query, column)));
      };
      if (!IsWatchKind(text(0))) continue;
      const WatchKey key{text(0), text(1), text(2)};
      ++raised[key];
      for (const auto& evidence : nlohmann::json::parse(text(3))) findings[key].push_back(evidence);
    }
    sqlite3_finalize(query);
    sqlite3_close(db);
    return findings;
  }

  std::set<WatchKey> Truth(const std::string& excluded_site = "") const {
    std::set<WatchKey> keys;
    const auto truth = nlohmann::json::parse(ReadFile(Path("truth.json")));
    for (const auto& finding : truth["findings"]) {
      if (IsWatchKind(finding["kind"].get<std::string>()) && finding["site"] != excluded_site) {
        keys.emplace(finding["kind"], finding["site"], finding["project"]["code"]);
      }
    }
    return keys;
  }

  void CrawlTheEarlierWorld() {
    BackgroundProcess simulator({kGapwatch, "sim", "--seed", "1", "--as-of", kEarlier, "--listen", "127.0.0.1:0"});
    ASSERT_EQ(Cycle(SiteFlags(simulator), kEarlier, false), 0);
    std::map<WatchKey, int> raised;
    // One crawl sees no change and no removal.
    EXPECT_TRUE(Findings(raised).empty());
    EXPECT_EQ(simulator.Stop(), 0);
  }

  // The check that just ran (incremental: the notices it had seen before are
  // not looked at again) left what a full check of a copy leaves.
  void ExpectAFullCheckAgrees(const std::map<std::string, std::string>& sites, const std::string& as_of) {
    const std::string copy = Path("full-check.db");
    std::filesystem::remove(copy);
    std::filesystem::copy_file(Path("gapwatch.db"), copy);
    std::vector<std::string> check = {kGapwatch, "check", "--db", copy, "--as-of", as_of, "--full"};
    for (const auto& [name, flag] : sites) check.push_back(flag);
    const auto result = RunCommand(check);
    EXPECT_EQ(result.exit_status, 0) << result.err;
    testing::ExpectSameFindings(Path("gapwatch.db"), copy, "as of " + as_of);
  }

  std::set<WatchKey> Keys(const std::map<WatchKey, std::vector<nlohmann::json>>& findings) const {
    std::set<WatchKey> keys;
    for (const auto& [key, evidence] : findings) keys.insert(key);
    return keys;
  }
};

TEST_F(WatchTest, ChangesAndRemovalsBetweenTwoCrawlsEqualTheTruth) {
  CrawlTheEarlierWorld();
  BackgroundProcess simulator({kGapwatch, "sim", "--seed", "1", "--as-of", kLater, "--listen", "127.0.0.1:0", "--truth",
                               Path("truth.json"), "--crawled-at", kEarlier});
  const auto sites = SiteFlags(simulator);
  ASSERT_EQ(Cycle(sites, kLater, true), 0);

  ExpectAFullCheckAgrees(sites, kLater);
  const std::set<WatchKey> expected = Truth();
  // seed 1: edited_tender, edited_result, works_edited_tender, land_edited_result, penalty_edited;
  // removed_acceptance, removed_trading_copy, works_removed_portal_copy, property_removed_result, licence_removed.
  ASSERT_EQ(expected.size(), 10u);
  std::map<WatchKey, int> raised;
  const auto findings = Findings(raised);
  EXPECT_EQ(Keys(findings), expected);
  for (const auto& [key, count] : raised) EXPECT_EQ(count, 1) << std::get<0>(key) << " " << std::get<2>(key);
  for (const auto& [key, evidence] : findings) {
    ASSERT_EQ(evidence.size(), 2u) << std::get<0>(key) << " " << std::get<2>(key);
    for (const auto& capture : evidence) EXPECT_EQ(capture["sha256"].get<std::string>().size(), 64u);
    EXPECT_LE(evidence[0]["captured_at"].get<std::string>(), evidence[1]["captured_at"].get<std::string>());
    EXPECT_NE(evidence[0]["sha256"], evidence[1]["sha256"]);
    if (std::get<0>(key) == "notice_changed") {
      // Both captures of the same notice: before and after its edit.
      EXPECT_EQ(evidence[0]["url"], evidence[1]["url"]);
    }
  }

  // A routine crawl afterwards re-reads only the first list pages: what was seen stays seen.
  ASSERT_EQ(Cycle(sites, kLater, false), 0);
  ExpectAFullCheckAgrees(sites, kLater);
  std::map<WatchKey, int> raised_again;
  EXPECT_EQ(Keys(Findings(raised_again)), expected);
}

TEST_F(WatchTest, SiteDownOnTheSecondCrawlRemovesAndChangesNothingThere) {
  CrawlTheEarlierWorld();
  BackgroundProcess simulator({kGapwatch, "sim", "--seed", "1", "--as-of", kLater, "--listen", "127.0.0.1:0", "--truth",
                               Path("truth.json"), "--crawled-at", kEarlier});
  auto sites = SiteFlags(simulator);
  int closed_port = 0;
  {
    testing::TestHttpServer closed([](const testing::TestRequest&) { return testing::TestResponse{}; });
    closed_port = std::stoi(closed.origin().substr(closed.origin().rfind(':') + 1));
  }
  // The credit site refuses connections: its records are neither removed nor changed.
  sites["credit"] = "--site=credit=http://127.0.0.1:" + std::to_string(closed_port);
  EXPECT_EQ(Cycle(sites, kLater, true), 3);

  const std::set<WatchKey> expected = Truth("credit");
  ASSERT_EQ(Truth().size() - expected.size(), 2u);  // penalty_edited and licence_removed are the credit site's
  std::map<WatchKey, int> raised;
  EXPECT_EQ(Keys(Findings(raised)), expected);
}

}  // namespace
}  // namespace gapwatch
