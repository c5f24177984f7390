// `gapwatch serve` as a process (cli/serve_command.h): it announces where it
// listens, answers while a store and a report exist, and stops with exit 0 on
// SIGTERM or SIGINT.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <string>

#include "store/store.h"
#include "tests/integration/integration_support.h"
#include "tests/sim/raw_http_client.h"

namespace gapwatch {
namespace {

using testing::BackgroundProcess;
using testing::RunCommand;

const std::string kGapwatch = GAPWATCH_EXECUTABLE;

class ServeTest : public testing::ScratchDirectoryTest {
 protected:
  void SetUp() override {
    testing::ScratchDirectoryTest::SetUp();
    std::filesystem::create_directories(Path("report"));
    std::ofstream(Path("report/index.html")) << "<h1>gaps</h1>";
    Store store(Path("gapwatch.db"));
    store.BeginRun("check", "2025-05-20", "2025-05-20T08:00:00+08:00");
  }

  // The port of "serving http://127.0.0.1:PORT/"; 0 when the line is not that.
  static int AnnouncedPort(BackgroundProcess& server) {
    const std::string line = server.ReadLine();
    const std::string prefix = "serving http://127.0.0.1:";
    if (line.rfind(prefix, 0) != 0 || line.back() != '/') return 0;
    return std::stoi(line.substr(prefix.size()));
  }

  std::vector<std::string> Serve() {
    return {kGapwatch, "serve", "--db", Path("gapwatch.db"), "--out", Path("report"), "--listen", "127.0.0.1:0"};
  }
};

TEST_F(ServeTest, AnswersUntilSigtermThenExitsZero) {
  BackgroundProcess server(Serve());
  const int port = AnnouncedPort(server);
  ASSERT_NE(port, 0);
  const auto health = sim::testing::HttpGet(port, "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, "ok");
  EXPECT_EQ(sim::testing::HttpGet(port, "/").body, "<h1>gaps</h1>");
  EXPECT_NE(sim::testing::HttpGet(port, "/api/runs").body.find("\"command\":\"check\""), std::string::npos);
  EXPECT_EQ(server.Stop(SIGTERM), 0);
}

TEST_F(ServeTest, SigintStopsItToo) {
  BackgroundProcess server(Serve());
  ASSERT_NE(AnnouncedPort(server), 0);
  EXPECT_EQ(server.Stop(SIGINT), 0);
}

TEST_F(ServeTest, ABadListenAddressIsAUsageError) {
  const auto result = RunCommand({kGapwatch, "serve", "--db", Path("gapwatch.db"), "--listen", "127.0.0.1"});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("--listen expects HOST:PORT"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace gapwatch
