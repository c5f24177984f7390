// Helpers shared by the integration tests (tests/integration/*_test.cc), which
// run the gapwatch executable and its simulator as separate processes.
#pragma once
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

// Every row of `sql` on the store at `path`, columns joined by '|' (NULL as "NULL").
inline std::vector<std::string> Rows(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &query, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  std::vector<std::string> rows;
  while (sqlite3_step(query) == SQLITE_ROW) {
    std::string row;
    for (int column = 0; column < sqlite3_column_count(query); ++column) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(query, column));
      row += (column ? "|" : "") + std::string(text ? text : "NULL");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(query);
  sqlite3_close(db);
  return rows;
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
