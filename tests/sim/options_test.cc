// Checking `gapwatch sim` options.
#include "sim/options.h"

#include <gtest/gtest.h>

#include <chrono>

#include "sim/world.h"

namespace gapwatch::sim {
namespace {

std::optional<SimConfig> Check(const SimOptions& options, std::string* error) { return CheckOptions(options, error); }

TEST(OptionsTest, Defaults) {
  std::string error;
  const auto config = Check(SimOptions{}, &error);
  ASSERT_TRUE(config) << error;
  EXPECT_EQ(config->as_of, (CivilDate{2025, 12, 31}));
  EXPECT_EQ(config->listen_host, "127.0.0.1");
  EXPECT_EQ(config->listen_port, 0);
  EXPECT_EQ(config->scale, 1);
  EXPECT_EQ(config->seed, 1u);
  EXPECT_FALSE(config->faults.any());
}

TEST(OptionsTest, ListenAcceptsOnlyLoopback) {
  std::string error;
  for (const char* good : {"127.0.0.1:8080", "127.1.2.3:0", "[::1]:0"}) {
    SimOptions options;
    options.listen = good;
    EXPECT_TRUE(Check(options, &error)) << good << ": " << error;
  }
  SimOptions v6;
  v6.listen = "[::1]:9000";
  const auto config = Check(v6, &error);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->listen_host, "::1");
  EXPECT_EQ(config->listen_port, 9000);

  for (const char* bad : {"0.0.0.0:0", "192.168.1.10:80", "[::]:0", "localhost:0", "127.0.0.1",
                          "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:http", "::1:80"}) {
    SimOptions options;
    options.listen = bad;
    EXPECT_FALSE(Check(options, &error)) << bad;
    EXPECT_NE(error.find("--listen"), std::string::npos) << error;
  }
}

TEST(OptionsTest, Dates) {
  std::string error;
  SimOptions options;
  options.as_of = "2024-06-30";
  options.truth_file = "truth.json";
  options.crawled_at = {"2024-03-31,2024-01-31", "2024-03-31"};
  const auto config = Check(options, &error);
  ASSERT_TRUE(config) << error;
  EXPECT_EQ(config->as_of, (CivilDate{2024, 6, 30}));
  ASSERT_EQ(config->crawled_at.size(), 2u);
  EXPECT_EQ(config->crawled_at[0], (CivilDate{2024, 1, 31}));
  EXPECT_EQ(config->crawled_at[1], (CivilDate{2024, 3, 31}));

  options.crawled_at = {"2024-07-01"};
  EXPECT_FALSE(Check(options, &error));
  EXPECT_NE(error.find("after --as-of"), std::string::npos) << error;
  options.crawled_at = {"2024-02-30"};
  EXPECT_FALSE(Check(options, &error));
  options.crawled_at = {"2024-01-31"};
  options.truth_file.clear();
  EXPECT_FALSE(Check(options, &error));
  EXPECT_NE(error.find("--truth"), std::string::npos) << error;

  for (const char* bad : {"2025-12-32", "20251231", "2025-12-31 ", "yesterday"}) {
    SimOptions dated;
    dated.as_of = bad;
    EXPECT_FALSE(Check(dated, &error)) << bad;
  }
}

TEST(OptionsTest, ScaleAndFaults) {
  std::string error;
  SimOptions options;
  options.scale = kMaxScale;
  EXPECT_TRUE(Check(options, &error));
  options.scale = -1;
  EXPECT_FALSE(Check(options, &error));
  options.scale = 1;
  options.faults = "slow=0.1:3s,throttle=20/s";
  const auto config = Check(options, &error);
  ASSERT_TRUE(config) << error;
  EXPECT_EQ(config->faults.slow, 0.1);
  EXPECT_EQ(config->faults.slow_delay, std::chrono::seconds(3));
  EXPECT_EQ(config->faults.throttle_per_second, 20);
  options.faults = "slow=2";
  EXPECT_FALSE(Check(options, &error));
  EXPECT_TRUE(error.starts_with("--faults: ")) << error;
  EXPECT_NE(error.find("slow=2"), std::string::npos) << error;
}

}  // namespace
}  // namespace gapwatch::sim
