// Golden test of extraction: gapwatch, with the shipped sites.yaml, crawls and
// extracts the four simulated sites, and every notice it stores must equal the
// simulator's own record of what it rendered (`gapwatch sim --records`,
// docs/simulator.md "Records"), field by field, for every generation.
//
// One crawl serves every case (the suite's fixture): `gapwatch sim --scale
// kScale` (about 553 standing notices per scale unit), then `gapwatch crawl`
// and `gapwatch extract` against all the sites sites.yaml names. A case per
// generation matches records and stored notices by the notice id in the
// stored URL and prints, per field that differs, how many notices differ and
// the first examples: what the person writing sites.yaml needs to see.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "parsers/normalise.h"
#include "tests/integration/integration_support.h"
#include "tests/support/process.h"

namespace gapwatch {
namespace {

using nlohmann::json;
using testing::AnnouncedSite;
using testing::BackgroundProcess;
using testing::ReadFile;
using testing::RunCommand;

const std::string kGapwatch = GAPWATCH_EXECUTABLE;
constexpr int kScale = 5;  // 2,166 standing notices at seed 1 (docs/simulator.md, "Records")
constexpr char kAsOf[] = "2025-12-31";
using testing::kSimulatorSites;
using testing::kSimulatorYgpSalt;

// The fields compared, named as in the records; "signed" is the store's signed_on.
const char* const kFields[] = {"kind",        "domain",      "project_code", "title",   "buyer",   "agency", "supplier",
                               "budget_yuan", "amount_yuan", "published",    "opening", "decided", "signed", "lots"};

// A generation: its site, and the notice id in the URL of a notice it published.
struct Generation {
  std::string name;
  std::string site;
  std::regex id_in_url;  // group 1: the id
};

const std::vector<Generation>& Generations() {
  static const std::vector<Generation> generations = {
      {"portal_column", "portal", std::regex(R"(/zw/zdlyxxgk/ggzypz/[a-z]+/content/post_(\d+)\.html)")},
      {"portal_trs", "portal", std::regex(R"(/zw/gczbtb/zbgg/\d{6}/t\d{8}_(\d+)\.html)")},
      {"gkmlpt", "portal", std::regex(R"(/gkmlpt/content/\d+/\d+/post_(\d+)\.html)")},
      {"ygp", "trading", std::regex(R"([?&#]noticeId=([0-9A-Za-z-]+))")},
      {"sgjyzx", "trading", std::regex(R"([?&]businessAnnounce\.id=([0-9A-Za-z]+))")},
      {"gdgpo", "procurement", std::regex(R"(/showNotice/id/([0-9A-Za-z]+)\.html)")},
      {"freecms", "procurement", std::regex(R"(/freecms/site/gd/ggxx/info/\d{4}/([0-9A-Za-z]+)\.html)")},
      {"gpcms", "procurement", std::regex(R"(/gpcms/rest/web/v2/info/getInfoById\?(?:.*&)?id=([0-9A-Za-z-]+))")},
      {"credit", "credit", std::regex(R"(/page/creditPublic/detail\.html\?(?:.*&)?id=([0-9A-Za-z]+))")},
  };
  return generations;
}

// The id a generation's URL carries, or nullopt when the URL is not that generation's.
std::optional<std::string> IdIn(const Generation& generation, const std::string& url) {
  std::smatch match;
  if (!std::regex_search(url, match, generation.id_in_url)) return std::nullopt;
  return match[1].str();
}

struct Stored {
  std::string site;
  std::string url;
  json fields;  // kFields, as the records write them
  std::vector<std::string> fields_missing;
};

json Nullable(sqlite3_stmt* row, int column) {
  if (sqlite3_column_type(row, column) == SQLITE_NULL) return nullptr;
  return std::string(reinterpret_cast<const char*>(sqlite3_column_text(row, column)));
}

// Lots in the records' shape: name, supplier, amount_yuan (null when absent).
json CanonicalLots(const json& lots) {
  json out = json::array();
  for (const json& lot : lots) {
    out.push_back({{"name", lot.value("name", "")},
                   {"supplier", lot.value("supplier", "")},
                   {"amount_yuan", lot.contains("amount_yuan") ? lot["amount_yuan"] : json(nullptr)}});
  }
  return out;
}

// Every notice of the store, or a message saying why not.
std::vector<Stored> ReadStore(const std::string& path, std::string* error) {
  std::vector<Stored> notices;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    *error = "cannot open " + path + ": " + sqlite3_errmsg(db);
    sqlite3_close(db);
    return notices;
  }
  sqlite3_stmt* row = nullptr;
  const char* query =
      "SELECT site, url, kind, domain, project_code, title, buyer, agency, supplier, budget_yuan, amount_yuan, "
      "published, opening, decided, signed_on, lots, fields_missing FROM notices";
  if (sqlite3_prepare_v2(db, query, -1, &row, nullptr) != SQLITE_OK) {
    *error = std::string("cannot read notices: ") + sqlite3_errmsg(db);
  } else {
    while (sqlite3_step(row) == SQLITE_ROW) {
      Stored notice;
      notice.site = Nullable(row, 0).get<std::string>();
      notice.url = Nullable(row, 1).get<std::string>();
      for (int i = 0; i < 13; ++i) notice.fields[kFields[i]] = Nullable(row, i + 2);
      notice.fields["lots"] = CanonicalLots(json::parse(Nullable(row, 15).get<std::string>()));
      notice.fields_missing = json::parse(Nullable(row, 16).get<std::string>()).get<std::vector<std::string>>();
      notices.push_back(std::move(notice));
    }
  }
  sqlite3_finalize(row);
  sqlite3_close(db);
  return notices;
}

// The crawl all cases share: records and stored notices, or why there are none.
struct Golden {
  std::string error;
  std::vector<std::string> crawled_sites;            // the sites sites.yaml names
  std::map<std::string, std::vector<json>> records;  // by generation
  std::vector<Stored> stored;
};

// Runs `command` (crawl or extract) against the simulated sites; drops from
// `sites` those the shipped sites.yaml does not name (gapwatch refuses them).
testing::CommandResult RunStage(const std::string& command, const std::string& db,
                                std::map<std::string, std::string>* sites) {
  for (;;) {
    std::vector<std::string> arguments = {kGapwatch, command, "--db", db, "--as-of", kAsOf};
    // A sites.yaml being written (not yet shipped) may be judged the same way.
    if (const char* config = std::getenv("GAPWATCH_GOLDEN_CONFIG"))
      arguments.push_back(std::string("--config=") + config);
    for (const auto& [name, base] : *sites) arguments.push_back("--site=" + name + "=" + base);
    testing::CommandResult result = RunCommand(arguments);
    std::string unknown;
    for (const auto& [name, base] : *sites) {
      if (result.exit_status == 2 && result.err.find("got '" + name + "=") != std::string::npos) unknown = name;
    }
    if (unknown.empty() || sites->size() == 1) return result;
    sites->erase(unknown);
  }
}

Golden CrawlIn(const std::filesystem::path& directory) {
  Golden golden;
  const std::string records_path = (directory / "records.jsonl").string();
  const std::string db = (directory / "gapwatch.db").string();
  ::setenv("GAPWATCH_YGP_SALT", kSimulatorYgpSalt, 1);
  {
    BackgroundProcess simulator({kGapwatch, "sim", "--seed", "1", "--scale", std::to_string(kScale), "--as-of", kAsOf,
                                 "--listen", "127.0.0.1:0", "--records", records_path});
    std::map<std::string, std::string> sites;
    for (const char* name : kSimulatorSites) {
      const std::string line = AnnouncedSite(simulator, name);
      if (line.empty()) {
        golden.error = std::string("the simulator announced no ") + name + " site";
        return golden;
      }
      sites[name] = line.substr(line.find('=') + 1);
    }
    // The records are complete before the sites are announced.
    std::istringstream lines(ReadFile(records_path));
    for (std::string line; std::getline(lines, line);) {
      json record = json::parse(line);
      golden.records[record["generation"].get<std::string>()].push_back(std::move(record));
    }
    for (const char* command : {"crawl", "extract"}) {
      const testing::CommandResult result = RunStage(command, db, &sites);
      if (result.exit_status != 0) {
        golden.error = std::string("gapwatch ") + command + " exited " + std::to_string(result.exit_status) + ": " +
                       result.err.substr(0, 2000);
        return golden;
      }
    }
    for (const auto& [name, base] : sites) golden.crawled_sites.push_back(name);
  }
  golden.stored = ReadStore(db, &golden.error);
  return golden;
}

Golden Crawl() {
  const std::filesystem::path directory =
      std::filesystem::temp_directory_path() / ("gapwatch-golden-" + std::to_string(::getpid()));
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  Golden golden = CrawlIn(directory);
  std::filesystem::remove_all(directory);
  return golden;
}

// Text as gapwatch stores it: full-width letters, digits and punctuation
// folded (NFKC, parsers/normalise.h), which the records, showing the page, keep.
json Folded(const json& value) {
  if (value.is_string()) return FoldFullWidth(value.get<std::string>());
  if (!value.is_array() && !value.is_object()) return value;
  json folded = value;
  for (auto& element : folded) element = Folded(element);
  return folded;
}

std::string Shown(const json& value) {
  std::string text = value.dump();
  return text.size() > 160 ? text.substr(0, 157) + "..." : text;
}

class GoldenTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { golden_ = std::make_unique<Golden>(Crawl()); }
  static void TearDownTestSuite() { golden_.reset(); }
  static std::unique_ptr<Golden> golden_;
};
std::unique_ptr<Golden> GoldenTest::golden_;

const Generation& GenerationNamed(const std::string& name) {
  for (const Generation& generation : Generations()) {
    if (generation.name == name) return generation;
  }
  throw std::invalid_argument(name);
}

TEST_P(GoldenTest, ExtractedNoticesEqualTheSimulatorsRecords) {
  ASSERT_TRUE(golden_->error.empty()) << golden_->error;
  const Generation& generation = GenerationNamed(GetParam());
  const std::vector<json>& records = golden_->records[generation.name];
  ASSERT_FALSE(records.empty()) << "the simulator recorded no notice of generation " << generation.name;

  std::map<std::string, const Stored*> stored;  // by id
  std::vector<std::string> unattributed;        // the site's notices that no generation's URLs match
  for (const Stored& notice : golden_->stored) {
    if (notice.site != generation.site) continue;
    if (const auto id = IdIn(generation, notice.url)) stored[*id] = &notice;
    const bool known = std::any_of(Generations().begin(), Generations().end(), [&](const Generation& other) {
      return other.site == notice.site && IdIn(other, notice.url);
    });
    if (!known) unattributed.push_back(notice.url);
  }
  const bool crawled = std::find(golden_->crawled_sites.begin(), golden_->crawled_sites.end(), generation.site) !=
                       golden_->crawled_sites.end();
  ASSERT_FALSE(stored.empty()) << "generation " << generation.name << ": no notice extracted (is it in sites.yaml?"
                               << (crawled ? "" : " sites.yaml names no site " + generation.site) << ") — "
                               << records.size() << " standing on the simulated " << generation.site << " site";

  struct Differences {
    int count = 0;
    std::string examples;
  };
  std::map<std::string, Differences> differences;  // by field, and "missing", "extra", "omitted"
  auto note = [&](const std::string& field, const std::string& example) {
    Differences& d = differences[field];
    if (++d.count <= 3) d.examples += "\n      " + example;
  };
  std::map<std::string, bool> recorded;
  for (const json& record : records) {
    const std::string id = record["id"];
    recorded[id] = true;
    const auto found = stored.find(id);
    if (found == stored.end()) {
      note("missing", "id " + id + ": " + Shown(record["kind"]) + " " + Shown(record["title"]));
      continue;
    }
    const Stored& notice = *found->second;
    for (const char* field : kFields) {
      if (Folded(record[field]) != Folded(notice.fields[field])) {
        note(field,
             "record " + Shown(record[field]) + " vs extracted " + Shown(notice.fields[field]) + " at " + notice.url);
      }
    }
    if (!record["omitted"].empty() && notice.fields_missing.empty()) {
      note("omitted", "record omits " + Shown(record["omitted"]) + ", fields_missing [] at " + notice.url);
    }
    // A false "missing" accuses a public body of leaving out what it published.
    if (record["omitted"].empty() && !notice.fields_missing.empty()) {
      note("fields_missing",
           "record omits nothing, fields_missing " + Shown(json(notice.fields_missing)) + " at " + notice.url);
    }
  }
  for (const auto& [id, notice] : stored) {
    if (!recorded.count(id)) note("extra", "no record of " + notice->url);
  }
  for (const std::string& url : unattributed) note("unattributed", "no generation's URL: " + url);
  std::string summary;
  for (const auto& [field, d] : differences) {
    summary += "\n  " + field + ": " + std::to_string(d.count) + " of " + std::to_string(records.size()) + d.examples;
  }
  EXPECT_TRUE(differences.empty()) << "generation " << generation.name << ": " << records.size() << " records, "
                                   << stored.size() << " extracted; differences (missing: recorded, not stored; "
                                   << "extra: stored, not recorded; unattributed: a notice of the site whose URL no "
                                   << "generation matches):" << summary;
}

INSTANTIATE_TEST_SUITE_P(EveryGeneration, GoldenTest,
                         ::testing::Values("portal_column", "portal_trs", "gkmlpt", "ygp", "sgjyzx", "gdgpo", "freecms",
                                           "gpcms", "credit"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace gapwatch
