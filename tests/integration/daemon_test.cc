// `gapwatch daemon` (cli/stages.h): crawls on the schedules of sites.yaml,
// routine cycles after the first, one daemon per store, a clean stop on
// SIGTERM, and a site reported unhealthy once after failing cycles in a row.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "crawler/site_config.h"
#include "data/embedded.h"
#include "tests/integration/integration_support.h"

namespace gapwatch {
namespace {

namespace fs = std::filesystem;
using testing::AnnouncedSite;
using testing::BackgroundProcess;
using testing::ReadFile;
using testing::RunCommand;

const std::string kGapwatch = GAPWATCH_EXECUTABLE;

class DaemonTest : public testing::ScratchDirectoryTest {
 protected:
  // The shipped sites.yaml with `lines` added to the procurement site.
  std::string WriteConfig(const std::string& lines) {
    std::string text(embedded::sites_yaml());
    const std::string anchor = "    politeness:\n";
    text.insert(text.find(anchor), lines);
    std::ofstream(Path("sites.yaml")) << text;
    return Path("sites.yaml");
  }

  std::vector<std::string> Daemon(const std::string& config, const std::string& site) {
    return {kGapwatch, "daemon",       "--config", config,       "--db",   Path("gapwatch.db"),
            "--out",   Path("report"), "--as-of",  "2025-12-31", "--site", site};
  }

  // Reads the daemon's output up to the `count`-th line starting with `prefix`.
  static std::vector<std::string> ReadUntil(BackgroundProcess& daemon, const std::string& prefix, int count) {
    std::vector<std::string> lines;
    for (std::string line = daemon.ReadLine(); !line.empty(); line = daemon.ReadLine()) {
      lines.push_back(line);
      if (line.rfind(prefix, 0) == 0 && --count == 0) break;
    }
    return lines;
  }
};

long CountLines(const std::string& text, const std::string& part) {
  long count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

TEST_F(DaemonTest, CrawlsOnItsScheduleOnePerStoreAndStopsCleanlyOnSigterm) {
  BackgroundProcess simulator(
      {kGapwatch, "sim", "--seed", "3", "--scale", "2", "--listen", "127.0.0.1:0", "--log", Path("requests.jsonl")});
  const std::string site = AnnouncedSite(simulator, "procurement");
  const std::string config = WriteConfig("    schedule: {crawl: every 1s, full: every 1d}\n");
  BackgroundProcess daemon(Daemon(config, site));
  const auto first = ReadUntil(daemon, "report: ", 1);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first[0], "daemon: procurement: crawl every second, full every day");
  const std::string after_first = ReadFile(Path("requests.jsonl"));
  EXPECT_TRUE(fs::exists(Path("report/gaps.json")));

  // The store is taken: a second daemon refuses to start.
  const auto second_daemon = RunCommand(Daemon(config, site));
  EXPECT_EQ(second_daemon.exit_status, 2);
  EXPECT_NE(second_daemon.err.find("another gapwatch daemon is using"), std::string::npos) << second_daemon.err;

  // A second cycle a second later: routine, so nothing but robots.txt and each source's first list page.
  const auto second = ReadUntil(daemon, "report: ", 1);
  const std::string log = ReadFile(Path("requests.jsonl"));
  // Up to a third cycle's robots.txt: a loaded machine may start one before the log is read.
  std::string second_cycle = log.substr(after_first.size());
  if (const std::size_t robots = second_cycle.find("/robots.txt"); robots != std::string::npos) {
    if (const std::size_t third = second_cycle.find("/robots.txt", robots + 1); third != std::string::npos) {
      second_cycle.resize(second_cycle.rfind('\n', third) + 1);
    }
  }
  const auto sources = static_cast<long long>(
      LoadSitesConfig(std::string(embedded::sites_yaml()), "sites.yaml").Find("procurement")->sources.size());
  EXPECT_EQ(CountLines(second_cycle, "\n"), 1 + sources) << second_cycle;
  EXPECT_EQ(CountLines(second_cycle, "/robots.txt"), 1);
  EXPECT_EQ(CountLines(log, "getInfoById"), CountLines(after_first, "getInfoById"));

  EXPECT_EQ(daemon.Stop(SIGTERM), 0);
}

TEST_F(DaemonTest, UnreachableSiteIsReportedUnhealthyOnceAndTheReportSaysSo) {
  int port = 0;
  {
    BackgroundProcess probe({kGapwatch, "sim", "--seed", "1", "--listen", "127.0.0.1:0"});
    const std::string site = AnnouncedSite(probe, "procurement");
    port = std::stoi(site.substr(site.rfind(':') + 1));
  }  // stopped: nothing listens there now
  const std::string config = WriteConfig("    schedule: {crawl: every 1s, unhealthy_after: 2}\n");
  std::string text = ReadFile(config);
  text.replace(text.find("retries: 3"), 10, "retries: 0");
  std::ofstream(config) << text;
  BackgroundProcess daemon(Daemon(config, "procurement=http://127.0.0.1:" + std::to_string(port)));
  const auto lines = ReadUntil(daemon, "crawl: ", 4);
  ReadUntil(daemon, "report: ", 1);
  EXPECT_EQ(daemon.Stop(SIGTERM), 0);
  std::string output;
  for (const std::string& line : lines) output += line + "\n";
  EXPECT_EQ(CountLines(output, "health: procurement: unhealthy: 2 incomplete crawls in a row"), 1) << output;
  EXPECT_EQ(CountLines(output, "health: "), 1) << "said when it turns, not on every cycle";
  EXPECT_NE(ReadFile(Path("report/index.html")).find("异常 (unhealthy)"), std::string::npos);
}

TEST_F(DaemonTest, BadScheduleIsAConfigurationErrorNamingFileLineAndKey) {
  const std::string config = WriteConfig("    schedule: {crawl: \"0 25 * * *\"}\n");
  const auto result = RunCommand(Daemon(config, "procurement=http://127.0.0.1:9"));
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("sites.procurement.schedule.crawl"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("expected 0-23"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace gapwatch
