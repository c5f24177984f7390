// Helpers shared by the integration tests (tests/integration/*_test.cc), which
// run the gapwatch executable and its simulator as separate processes.
#pragma once
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/scratch_directory.h"
#include "tests/support/sqlite_rows.h"

namespace gapwatch::testing {

// The simulator's sites, in the order it announces them.
inline constexpr const char* kSimulatorSites[] = {"portal", "trading", "procurement", "credit"};
// The simulator's signing salt for the trading platform's search (docs/simulator.md):
// gapwatch reads it from GAPWATCH_YGP_SALT.
inline constexpr char kSimulatorYgpSalt[] = "gapwatch-sim-ygp-salt-2024";

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

// Two stores hold the same findings and the same history: every findings row
// and every event (but the run that recorded it, which differs between stores).
inline void ExpectSameFindings(const std::string& one, const std::string& other, const std::string& what) {
  const char findings[] =
      "SELECT id, kind, severity, domain, site, project_code, project_title, buyer, due, overdue_working_days, "
      "rule_id, rule_source, confidence, evidence, status, first_seen, last_seen, resolved_on, "
      "calendar_missing_year, content_digest, evidence_digest FROM findings ORDER BY id";
  const char events[] =
      "SELECT finding_id, as_of, event, kind, due, status, confidence, overdue_working_days, evidence_digest "
      "FROM finding_events ORDER BY finding_id, as_of, id";
  EXPECT_EQ(Rows(one, findings), Rows(other, findings)) << what;
  EXPECT_EQ(Rows(one, events), Rows(other, events)) << what;
}

}  // namespace gapwatch::testing
