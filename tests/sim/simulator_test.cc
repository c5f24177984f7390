// RunSimulator end to end: usage errors, the truth on disk before the
// announce line, requests logged, and a clean exit on SIGTERM.
#include "sim/simulator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <streambuf>
#include <thread>

#include "sim/procurement_site.h"
#include "tests/sim/raw_http_client.h"

namespace gapwatch::sim {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int RunWith(SimOptions options, std::string* errors_out) {
  std::ostringstream announce, errors;
  const int status = RunSimulator(options, announce, errors);
  *errors_out = errors.str();
  EXPECT_EQ(announce.str(), "") << "announced despite a usage error";
  return status;
}

TEST(SimulatorTest, UsageErrorsExitTwoWithAMessage) {
  std::string errors;
  SimOptions bad_date;
  bad_date.as_of = "2025-02-30";
  EXPECT_EQ(RunWith(bad_date, &errors), 2);
  EXPECT_NE(errors.find("--as-of"), std::string::npos) << errors;

  SimOptions open_to_all;
  open_to_all.listen = "0.0.0.0:0";
  EXPECT_EQ(RunWith(open_to_all, &errors), 2);
  EXPECT_NE(errors.find("loopback"), std::string::npos) << errors;

  SimOptions faults;
  faults.faults = "drop=0.1";
  EXPECT_EQ(RunWith(faults, &errors), 2);
  EXPECT_NE(errors.find("--faults"), std::string::npos) << errors;
  EXPECT_NE(errors.find("'drop'"), std::string::npos) << errors;
  faults.faults = "error=2";
  EXPECT_EQ(RunWith(faults, &errors), 2);
  EXPECT_NE(errors.find("'2'"), std::string::npos) << errors;

  SimOptions no_scale;
  no_scale.scale = 0;
  EXPECT_EQ(RunWith(no_scale, &errors), 2);
  EXPECT_NE(errors.find("--scale"), std::string::npos) << errors;
}

// A stream buffer that, when the announcement is flushed, records whether the
// truth file was already complete, and hands the announced lines to the test.
class AnnounceProbe : public std::stringbuf {
 public:
  explicit AnnounceProbe(std::string truth_path) : truth_path_(std::move(truth_path)) {}

  std::string WaitForLine() {
    std::unique_lock lock(mutex_);
    announced_.wait_for(lock, std::chrono::seconds(30), [&] { return !line_.empty(); });
    return line_;
  }
  bool truth_was_ready() const { return truth_was_ready_; }

 protected:
  int sync() override {
    const std::string text = str();
    std::lock_guard lock(mutex_);
    if (line_.empty() && text.find('\n') != std::string::npos) {
      truth_was_ready_ = nlohmann::json::accept(ReadFile(truth_path_));
      line_ = text.substr(0, text.rfind('\n'));
      announced_.notify_all();
    }
    return 0;
  }

 private:
  std::string truth_path_;
  std::mutex mutex_;
  std::condition_variable announced_;
  std::string line_;
  bool truth_was_ready_ = false;
};

TEST(SimulatorTest, WritesTruthAnnouncesServesLogsAndStopsOnSigterm) {
  const std::string dir = ::testing::TempDir() + "simulator_test_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  SimOptions options;
  options.seed = 1;
  options.listen = "127.0.0.1:0";
  options.truth_file = dir + "/truth.json";
  options.log_file = dir + "/requests.log";
  options.crawled_at = {"2025-06-30"};

  AnnounceProbe probe(options.truth_file);
  std::ostream announce(&probe);
  std::ostringstream errors;
  int status = -1;
  std::thread simulator([&] { status = RunSimulator(options, announce, errors); });

  std::istringstream announced(probe.WaitForLine());
  std::vector<std::string> lines_announced;
  for (std::string site_line; std::getline(announced, site_line);) lines_announced.push_back(site_line);
  ASSERT_EQ(lines_announced.size(), 4u) << announced.str() << errors.str();
  const char* const kOrder[] = {"portal=http://127.0.0.1:", "trading=http://127.0.0.1:",
                                "procurement=http://127.0.0.1:", "credit=http://127.0.0.1:"};
  for (size_t i = 0; i < lines_announced.size(); ++i) EXPECT_TRUE(lines_announced[i].starts_with(kOrder[i]));
  const std::string line = lines_announced[2];
  EXPECT_TRUE(probe.truth_was_ready()) << "announced before the truth was written";
  const int port = std::stoi(line.substr(line.rfind(':') + 1));
  ASSERT_GT(port, 0);

  const std::string target = std::string(kListPath) + "?siteId=" + kProcurementSiteId +
                             "&channel=" + kProcurementChannel + "&currPage=1&pageSize=5";
  const auto response = testing::HttpGet(port, target);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(testing::HttpGet(port, "/missing").status, 404);

  kill(getpid(), SIGTERM);
  simulator.join();
  EXPECT_EQ(status, 0) << errors.str();

  const auto truth = nlohmann::json::parse(ReadFile(options.truth_file));
  EXPECT_EQ(truth["schema"], "gapwatch.truth/1");
  EXPECT_EQ(truth["as_of"], "2025-12-31");
  EXPECT_EQ(truth["crawled_at"], nlohmann::json::array({"2025-06-30"}));
  // What the world plants is checked in truth_test.cc; here, that this run wrote it,
  // for a client that also crawled on --crawled-at (edits after it are observable).
  ASSERT_FALSE(truth["findings"].empty());
  const auto changed = std::count_if(truth["findings"].begin(), truth["findings"].end(),
                                     [](const auto& finding) { return finding["kind"] == "notice_changed"; });
  EXPECT_GT(changed, 0) << "--crawled-at did not reach the truth";
  for (const auto& finding : truth["findings"]) {
    if (!finding["due"].is_null()) {
      EXPECT_LT(std::string(finding["due"]), "2025-12-31");
    }
  }

  std::istringstream log(ReadFile(options.log_file));
  std::vector<nlohmann::json> lines;
  for (std::string text; std::getline(log, text);) lines.push_back(nlohmann::json::parse(text));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["site"], "procurement");
  EXPECT_EQ(lines[0]["method"], "GET");
  EXPECT_EQ(lines[0]["path"], target);
  EXPECT_EQ(lines[0]["status"], 200);
  EXPECT_EQ(lines[0]["bytes"], response.body.size());
  EXPECT_TRUE(lines[0]["time"].is_string());
  EXPECT_EQ(lines[1]["status"], 404);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace gapwatch::sim

namespace gapwatch::sim {
namespace {

// Runs the simulator on a thread until Stop(); the procurement site's announce
// line is available once the constructor returns.
class RunningSimulator {
 public:
  explicit RunningSimulator(const SimOptions& options)
      : probe_(options.truth_file),
        announce_(&probe_),
        thread_([this, options] { status_ = RunSimulator(options, announce_, errors_); }) {
    std::istringstream announced(probe_.WaitForLine());
    for (std::string site_line; std::getline(announced, site_line);) {
      if (site_line.starts_with("procurement=")) line_ = site_line;
    }
  }
  int Stop() {
    kill(getpid(), SIGTERM);
    thread_.join();
    return status_;
  }
  const std::string& line() const { return line_; }
  int port() const { return std::stoi(line_.substr(line_.rfind(':') + 1)); }
  std::string errors() const { return errors_.str(); }

 private:
  AnnounceProbe probe_;
  std::ostream announce_;
  std::ostringstream errors_;
  int status_ = -1;
  std::thread thread_;
  std::string line_;
};

TEST(SimulatorTest, FaultsChangeWhatIsSentAndLoggedNeverTheTruth) {
  const std::string dir = ::testing::TempDir() + "simulator_faults_test_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  SimOptions options;
  options.truth_file = dir + "/clean-truth.json";
  {
    RunningSimulator clean(options);
    ASSERT_TRUE(clean.line().starts_with("procurement=")) << clean.line() << clean.errors();
    EXPECT_EQ(clean.Stop(), 0);
  }

  options.truth_file = dir + "/truth.json";
  options.log_file = dir + "/requests.log";
  options.faults = "error=1,robots";
  RunningSimulator faulty(options);
  ASSERT_TRUE(faulty.line().starts_with("procurement=http://127.0.0.1:")) << faulty.line() << faulty.errors();
  const std::string target = std::string(kListPath) + "?siteId=" + kProcurementSiteId +
                             "&channel=" + kProcurementChannel + "&currPage=1&pageSize=5";
  const auto failed = testing::HttpGet(faulty.port(), target);
  EXPECT_GE(failed.status, 500);
  const auto robots = testing::HttpGet(faulty.port(), "/robots.txt");
  EXPECT_EQ(robots.status, 200);
  EXPECT_NE(robots.body.find("Disallow: /search/\n"), std::string::npos) << robots.body;
  EXPECT_EQ(faulty.Stop(), 0) << faulty.errors();

  EXPECT_EQ(ReadFile(options.truth_file), ReadFile(dir + "/clean-truth.json"));
  std::istringstream log(ReadFile(options.log_file));
  std::vector<nlohmann::json> lines;
  for (std::string text; std::getline(log, text);) lines.push_back(nlohmann::json::parse(text));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["site"], "procurement");
  EXPECT_EQ(lines[0]["status"], failed.status);
  EXPECT_EQ(lines[0]["bytes"], failed.body.size());
  EXPECT_EQ(lines[0]["fault"], "error");
  EXPECT_EQ(lines[1]["path"], "/robots.txt");
  EXPECT_EQ(lines[1]["fault"], "robots");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace gapwatch::sim
