// Helpers shared by the integration tests (tests/integration/*_test.cc), which
// run the gapwatch executable and its simulator as separate processes.
#pragma once
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/process.h"

namespace gapwatch::testing {

// The simulator's sites, in the order it announces them.
inline constexpr const char* kSimulatorSites[] = {"portal", "trading", "procurement", "credit"};
// The simulator's signing salt for the trading platform's search (docs/simulator.md):
// gapwatch reads it from GAPWATCH_YGP_SALT.
inline constexpr char kSimulatorYgpSalt[] = "gapwatch-sim-ygp-salt-2024";

// A fixture with a fresh directory per test, removed afterwards.
class ScratchDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("gapwatch-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }
  std::string Path(const std::string& name) const { return (directory_ / name).string(); }

  std::filesystem::path directory_;
};

// The whole file, bytes as they are; "" when it cannot be read.
inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The simulator's NAME=BASE_URL line for `name` (it announces every site it serves, in
// the order portal, trading, procurement, credit); "" when it announced no such site.
inline std::string AnnouncedSite(BackgroundProcess& simulator, const std::string& name) {
  for (std::string line = simulator.ReadLine(); !line.empty(); line = simulator.ReadLine()) {
    if (line.rfind(name + "=", 0) == 0) return line;
  }
  return "";
}

}  // namespace gapwatch::testing
