// End-to-end: an incremental `gapwatch check` (what changed since the last
// check, or fell due since its as_of) leaves exactly the findings and the
// finding history a full check (`check --full`) leaves on a copy of the same
// store at the same as_of. The stores are the check benchmark's
// (bench/check/check_store_generator): a world of projects on four sites, a
// later cycle adding notices (--add), then edits the test makes through the
// store as an extract would: notices changed, removed, a code-less notice
// arriving, a blacklisting of an existing winner; then as_of moved across a
// deadline and across the 2026 Spring Festival (15–23 February: nine rest days).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "monitor/date.h"
#include "monitor/kept_grouping.h"
#include "store/store.h"
#include "tests/integration/integration_support.h"
#include "tests/support/process.h"

namespace gapwatch {
namespace {

using testing::ExpectSameFindings;
using testing::Rows;
using testing::RunCommand;

const std::string kGapwatch = GAPWATCH_EXECUTABLE;
const std::string kGenerator = CHECK_STORE_GENERATOR;
constexpr char kNotices[] = "3000";
constexpr char kSeed[] = "7";

class IncrementalCheckTest : public testing::ScratchDirectoryTest {
 protected:
  std::string Db() const { return Path("gapwatch.db"); }

  void Generate(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> command = {kGenerator, "--notices", kNotices, "--seed", kSeed, "--db", Db()};
    command.insert(command.end(), extra.begin(), extra.end());
    const auto result = RunCommand(command);
    ASSERT_EQ(result.exit_status, 0) << result.err;
  }

  // Checks the store as of `as_of` incrementally, a copy of it in full, and
  // expects the same findings and history; returns the incremental check's line.
  // The last grouping a store keeps (with the changes after it), written whole.
  static std::vector<std::string> WholeGrouping(const std::string& db) {
    const std::optional<LastGrouping> last = LastGrouping::Decode(Store(db).LastGroupingParts());
    if (!last) return {"no grouping kept"};
    LastGroupingWriter whole;
    for (std::size_t p = 0; p < last->size(); ++p) whole.AddProject(*last, p);
    for (std::size_t n = 0; n < last->outlines().size(); ++n) whole.AddOutline(*last, n);
    return std::move(whole).Parts();
  }

  std::string CheckBothWays(const std::string& as_of) {
    const std::string copy = Path("full-" + std::to_string(++copies_) + ".db");
    std::filesystem::copy_file(Db(), copy);
    const auto incremental = RunCommand({kGapwatch, "check", "--db", Db(), "--as-of", as_of});
    EXPECT_EQ(incremental.exit_status, 0) << incremental.err;
    const auto full = RunCommand({kGapwatch, "check", "--db", copy, "--as-of", as_of, "--full"});
    EXPECT_EQ(full.exit_status, 0) << full.err;
    EXPECT_NE(full.out.find("(full check: --full)"), std::string::npos) << full.out;
    EXPECT_FALSE(Rows(Db(), "SELECT id FROM findings").empty());
    ExpectSameFindings(Db(), copy, as_of);
    // The projects table, rewritten only where the incremental check looked again.
    // The grouping kept for the next check too: the same, written whole, byte for byte.
    EXPECT_EQ(WholeGrouping(Db()), WholeGrouping(copy)) << as_of;
    for (const char* rows : {"SELECT code, title, buyer, domain, designated_site FROM projects ORDER BY code",
                             "SELECT project_code, notice_id FROM project_notices ORDER BY 1, 2"}) {
      EXPECT_EQ(Rows(Db(), rows), Rows(copy, rows)) << as_of << ": " << rows;
    }
    std::filesystem::remove(copy);
    return incremental.out;
  }

  // A loaded notice as an extractor gives it to the store.
  static Notice Plain(const HeldNotice& held) {
    Notice notice{held.site,
                  held.url,
                  held.kind,
                  held.domain,
                  held.project_code,
                  held.title,
                  held.buyer,
                  held.agency,
                  held.supplier,
                  held.budget_yuan,
                  held.amount_yuan,
                  held.published,
                  held.opening,
                  held.decided,
                  held.signed_on,
                  held.delisted,
                  {},
                  {}};
    notice.lots.assign(held.lots.begin(), held.lots.end());
    notice.fields_missing.assign(held.fields_missing.begin(), held.fields_missing.end());
    return notice;
  }

  // Re-extracts `site` with `edit` applied to its notices, as `extract` would write them.
  void Reextract(const std::string& site,
                 const std::function<void(std::vector<Store::ExtractedNotice>& notices, Store& store)>& edit) {
    Store store(Db());
    std::vector<Store::ExtractedNotice> extracted;
    for (const NoticeWithEvidence& item : store.Notices()) {
      if (item.notice.site == site) extracted.push_back({Plain(item.notice), item.capture_id, 0, ""});
    }
    edit(extracted, store);
    store.ReplaceNotices(site, extracted, {});
  }

  int copies_ = 0;
};

bool Incremental(const std::string& line) { return line.find("(incremental check:") != std::string::npos; }

TEST_F(IncrementalCheckTest, EqualsAFullCheckThroughCyclesEditsAndDays) {
  Generate();
  const auto first = RunCommand({kGapwatch, "check", "--db", Db(), "--as-of", "2025-12-31"});
  ASSERT_EQ(first.exit_status, 0) << first.err;
  EXPECT_NE(first.out.find("(full check: no earlier check"), std::string::npos) << first.out;

  // Nothing changed: only what every check reads again.
  EXPECT_TRUE(Incremental(CheckBothWays("2025-12-31")));
  // A later cycle: 300 notices of December 2025, some closing open chains.
  Generate({"--add", "300"});
  EXPECT_TRUE(Incremental(CheckBothWays("2025-12-31")));

  // Edits on the procurement site: an award's supplier changed (a contract
  // then names another firm), a tender and a contract gone, and a result
  // arriving without its code, its title naming a project (joined by title).
  std::string winner;
  Store::ExtractedNotice award;
  Reextract("procurement", [&](std::vector<Store::ExtractedNotice>& notices, Store&) {
    int awards = 0;
    for (Store::ExtractedNotice& extracted : notices) {
      Notice& notice = extracted.notice;
      if (notice.kind == "award" && notice.published && *notice.published < "2025-06" && ++awards == 3) {
        winner = notice.supplier;
        award = extracted;
      }
      if (notice.kind == "award" && awards == 5) notice.supplier = "韶关市另一家公司";
    }
    ASSERT_FALSE(winner.empty());
    Store::ExtractedNotice codeless = notices.front();
    for (const Store::ExtractedNotice& extracted : notices) {
      if (extracted.notice.kind == "tender") codeless = extracted;
    }
    codeless.notice.kind = "award";
    codeless.notice.project_code.clear();
    codeless.notice.url += "-codeless-result";
    codeless.notice.published = "2025-12-20";
    notices.push_back(codeless);
    const auto gone = [&](const std::string& kind) {
      const auto found = std::find_if(notices.begin() + 10, notices.end(),
                                      [&](const Store::ExtractedNotice& e) { return e.notice.kind == kind; });
      if (found != notices.end()) notices.erase(found);
    };
    gone("tender");
    gone("contract");
  });
  EXPECT_TRUE(Incremental(CheckBothWays("2025-12-31")));

  // The credit site lists an existing winner on its blacklist, from before its award.
  Reextract("credit", [&](std::vector<Store::ExtractedNotice>& notices, Store&) {
    Store::ExtractedNotice listing = notices.front();
    listing.notice.kind = "blacklist";
    listing.notice.url += "-blacklisted-winner";
    listing.notice.supplier = winner;
    listing.notice.decided = "2018-01-02";
    listing.notice.delisted.reset();
    listing.notice.published = "2025-12-30";
    notices.push_back(listing);
  });
  const std::string blacklisted = CheckBothWays("2025-12-31");
  EXPECT_TRUE(Incremental(blacklisted));
  EXPECT_FALSE(Rows(Db(), "SELECT id FROM findings WHERE kind = 'blacklisted_winner' AND status = 'open'").empty());

  // The trading platform re-posts that award under its own transaction
  // number: linked to the project by title. Then another notice under that
  // number: the copy is looked at again, and so is the project it counts for.
  Store::ExtractedNotice copy = award;
  copy.notice.site = "trading";
  copy.notice.url = "https://ygp.gdzwfw.gov.cn/copy-of-an-award";
  copy.notice.project_code = "JY2025-COPY-0001";
  Reextract("trading", [&](std::vector<Store::ExtractedNotice>& notices, Store&) { notices.push_back(copy); });
  EXPECT_TRUE(Incremental(CheckBothWays("2025-12-31")));
  Reextract("trading", [&](std::vector<Store::ExtractedNotice>& notices, Store&) {
    Store::ExtractedNotice tender = copy;
    tender.notice.kind = "tender";
    tender.notice.url += "-tender";
    notices.push_back(tender);
  });
  EXPECT_TRUE(Incremental(CheckBothWays("2025-12-31")));
  // The projects table is the checks' grouping: the award's copy is one of
  // its project's notices; the tender, linked to no project, is in none.
  const auto projects_of = [&](const std::string& url) {
    return Rows(Db(),
                "SELECT p.project_code FROM project_notices p JOIN notices n ON n.id = p.notice_id "
                "WHERE n.url = '" +
                    url + "'");
  };
  EXPECT_EQ(projects_of(copy.notice.url), projects_of(award.notice.url));
  EXPECT_EQ(projects_of(copy.notice.url).size(), 1u);
  EXPECT_TRUE(projects_of(copy.notice.url + "-tender").empty());
  // The award's copy counts for the project it is linked to; the tender, linked to none, for its own number.
  EXPECT_EQ(Rows(Db(),
                 "SELECT kind, json_array_length(evidence), json_extract(evidence, '$[0].notice_kind') FROM findings "
                 "WHERE project_code = 'JY2025-COPY-0001'"),
            std::vector<std::string>{"cross_site_missing|1|tender"});

  // Another re-post of it, months later: near no result of its project, it
  // counts for its own number. Then a new project of the same title posts its
  // result beside it: the re-post is now that project's, its number clear.
  Store::ExtractedNotice repost = award;
  repost.notice.site = "trading";
  repost.notice.url = "https://ygp.gdzwfw.gov.cn/late-repost";
  repost.notice.project_code = "JY2025-COPY-0002";
  repost.notice.published = "2025-11-03";
  Reextract("trading", [&](std::vector<Store::ExtractedNotice>& notices, Store&) { notices.push_back(repost); });
  EXPECT_TRUE(Incremental(CheckBothWays("2025-12-31")));
  const std::string repost_findings =
      "SELECT kind FROM findings WHERE project_code = 'JY2025-COPY-0002' AND status = 'open'";
  EXPECT_EQ(Rows(Db(), repost_findings), std::vector<std::string>{"cross_site_missing"});
  Reextract("procurement", [&](std::vector<Store::ExtractedNotice>& notices, Store&) {
    Store::ExtractedNotice result = award;
    result.notice.url += "-same-title-new-project";
    result.notice.project_code = "GDJY2548SG999999F";
    result.notice.published = "2025-11-04";
    notices.push_back(result);
  });
  EXPECT_TRUE(Incremental(CheckBothWays("2025-12-31")));
  EXPECT_TRUE(Rows(Db(), repost_findings).empty());

  // The days move on with no notice changing: deadlines fall due (January
  // 2026), then the Spring Festival's nine rest days pass (an overdue count
  // grows by the working days only: 2026-02-13 to 2026-02-25 is 2 WD).
  EXPECT_TRUE(Incremental(CheckBothWays("2026-01-31")));
  EXPECT_TRUE(Incremental(CheckBothWays("2026-02-13")));
  EXPECT_TRUE(Incremental(CheckBothWays("2026-02-25")));
  // A check of an earlier day is a full one (history only moves forward).
  EXPECT_NE(CheckBothWays("2026-01-15").find("(full check: as of a day before"), std::string::npos);
}

// Random extracts of every kind of change the matcher reads, a few dozen at a
// time on one site, then a check on the same day or a later one: codes
// dropped, merged into another project's, made new; titles and buyers taken
// from other notices (drawing code-less notices and copies to their
// projects); dates moved (a project's start, a copy's window); kinds,
// suppliers and amounts changed; notices removed; re-posts from other sites
// under their code, another or none. However the grouping moves, the
// incremental check leaves what a full one leaves, whether it regrouped what
// the change reaches (the same day) or every outline.
TEST_F(IncrementalCheckTest, RandomEditsOfEveryKindLeaveWhatAFullCheckLeaves) {
  const std::vector<std::string> sites = {"procurement", "trading", "portal", "credit"};
  const std::vector<std::string> days = {"2025-12-31", "2025-12-31", "2025-12-31", "2025-12-31",
                                         "2025-12-31", "2026-01-20", "2026-02-13", "2026-02-25"};
  int fresh_code = 0;
  int reached = 0;              // checks that regrouped only what the change reached
  int appended = 0, whole = 0;  // checks that kept their grouping as a change, or whole
  for (const unsigned seed : {1u, 2u, 3u}) {
    std::filesystem::remove(Db());
    std::filesystem::remove(Db() + "-wal");
    std::filesystem::remove(Db() + "-shm");
    Generate();
    ASSERT_EQ(RunCommand({kGapwatch, "check", "--db", Db(), "--as-of", "2025-12-31"}).exit_status, 0);
    std::mt19937 random(seed);
    const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
    for (std::size_t round = 0; round < days.size(); ++round) {
      const std::string site = sites[pick(sites.size())];
      std::vector<Notice> elsewhere;  // other sites' notices, to re-post here
      for (const NoticeWithEvidence& item : Store(Db()).Notices()) {
        if (item.notice.site != site) elsewhere.push_back(Plain(item.notice));
      }
      Reextract(site, [&](std::vector<Store::ExtractedNotice>& notices, Store&) {
        ASSERT_GT(notices.size(), 2u);
        for (int edit = 0; edit < 60; ++edit) {
          Notice& notice = notices[pick(notices.size())].notice;
          const Notice& other = notices[pick(notices.size())].notice;
          switch (pick(10)) {
            case 0:
              notice.project_code.clear();
              break;
            case 1:
              notice.project_code = other.project_code;
              break;
            case 2:
              notice.project_code = "RANDOM-" + std::to_string(++fresh_code);
              break;
            case 3:
              notice.title = other.title;
              break;
            case 4:
              notice.buyer = other.buyer;
              break;
            case 5:
              if (const auto day = Date::Parse(notice.published.value_or("").substr(0, 10))) {
                notice.published =
                    day->AddDays(static_cast<long>(pick(61)) - 30).ToString() + notice.published->substr(10);
              }
              break;
            case 6: {
              static const std::vector<std::string> kinds = {"tender", "award", "contract", "candidates"};
              notice.kind = kinds[pick(kinds.size())];
              break;
            }
            case 7:
              notices.erase(notices.begin() + static_cast<std::ptrdiff_t>(pick(notices.size())));
              break;
            case 8:
              notice.supplier = other.supplier;
              notice.amount_yuan = other.amount_yuan;
              break;
            default: {
              Store::ExtractedNotice repost = notices.front();
              repost.notice = elsewhere[pick(elsewhere.size())];
              repost.notice.site = site;
              repost.notice.url = "https://" + site + ".example/repost-" + std::to_string(++fresh_code);
              const std::size_t code = pick(3);
              if (code == 1) repost.notice.project_code = "REPOST-" + std::to_string(fresh_code);
              if (code == 2) repost.notice.project_code.clear();
              notices.push_back(repost);
            }
          }
        }
      });
      const std::string line = CheckBothWays(days[round]);
      EXPECT_TRUE(Incremental(line)) << "seed " << seed << ", round " << round << ": " << line;
      reached += line.find("regrouped what the change reaches") != std::string::npos;
      // Its grouping kept as a change to the last one (its second byte 'C'), or whole again.
      const auto changes =
          Rows(Db(), "SELECT COUNT(*) FROM last_grouping WHERE substr(bytes, 2, 1) = CAST('C' AS BLOB)");
      (changes == std::vector<std::string>{"0"} ? whole : appended) += 1;
      if (::testing::Test::HasFailure()) return;
    }
  }
  // The same day, the blacklist unchanged: what the change reaches; else every outline.
  EXPECT_GE(reached, 8);
  EXPECT_GT(appended, 0);
  EXPECT_GT(whole, 0);
}

// A store that kept no grouping (one migrated from before schema 14), or
// one whose grouping does not decode, gives the same day's check nothing to
// regroup from: it regroups every outline, as exactly, and keeps the grouping
// again for the next check.
TEST_F(IncrementalCheckTest, AStoreWithoutItsLastGroupingRegroupsFromEveryOutline) {
  Generate();
  ASSERT_EQ(RunCommand({kGapwatch, "check", "--db", Db(), "--as-of", "2025-12-31"}).exit_status, 0);
  EXPECT_NE(Rows(Db(), "SELECT COUNT(*) FROM last_grouping"), std::vector<std::string>{"0"});
  for (const char* lose : {"DELETE FROM last_grouping", "UPDATE last_grouping SET bytes = x'0270'"}) {
    Generate({"--add", "100"});
    Rows(Db(), lose);
    const std::string line = CheckBothWays("2025-12-31");
    EXPECT_NE(line.find("regrouped every outline"), std::string::npos) << lose << ": " << line;
    Generate({"--add", "100"});
    const std::string next = CheckBothWays("2025-12-31");
    EXPECT_NE(next.find("regrouped what the change reaches"), std::string::npos) << lose << ": " << next;
  }
}

// A full check leaves its WAL frames to checkpoints off its own path (the
// projects' on a thread of their own, the save's after it): once it exits,
// the database file alone holds every projects row and finding, and no WAL
// is left to replay.
TEST_F(IncrementalCheckTest, AFullCheckLeavesTheStoreCheckpointedIntoItsFile) {
  Generate();
  ASSERT_EQ(RunCommand({kGapwatch, "check", "--db", Db(), "--as-of", "2025-12-31"}).exit_status, 0);
  EXPECT_FALSE(std::filesystem::exists(Db() + "-wal") && std::filesystem::file_size(Db() + "-wal") > 0);
  const std::string alone = Path("file-alone.db");
  std::filesystem::copy_file(Db(), alone);
  for (const char* table : {"projects", "findings", "finding_events"}) {
    const std::string count = std::string("SELECT COUNT(*) FROM ") + table;
    EXPECT_EQ(Rows(alone, count), Rows(Db(), count)) << table;
    EXPECT_NE(Rows(alone, count), std::vector<std::string>{"0"}) << table;
  }
}

// Each check keeps in its run summary where its time went, by the steps of its
// kind (a full check loads every notice; an incremental one their outlines,
// then what it looks at again); no step outlasts the whole.
TEST_F(IncrementalCheckTest, ARunSummaryTimesTheStepsOfItsKindOfCheck) {
  Generate();
  const auto steps_of_last_check = [&] {
    const auto summaries = Rows(Db(), "SELECT summary FROM runs WHERE command = 'check' ORDER BY id DESC LIMIT 1");
    EXPECT_EQ(summaries.size(), 1u);
    std::map<std::string, double> seconds;
    if (summaries.empty()) return seconds;
    const nlohmann::json summary = nlohmann::json::parse(summaries[0]);
    for (const auto& [step, spent] : summary.at("seconds").items()) {
      seconds[step] = spent.get<double>();
    }
    return seconds;
  };
  const auto expect_steps = [](const std::map<std::string, double>& seconds, const std::vector<std::string>& steps) {
    std::vector<std::string> named;
    for (const auto& [step, spent] : seconds) {
      named.push_back(step);
      EXPECT_GE(spent, 0) << step;
      EXPECT_LE(spent, seconds.at("total")) << step;
    }
    EXPECT_EQ(named, steps);
  };
  ASSERT_EQ(RunCommand({kGapwatch, "check", "--db", Db(), "--as-of", "2025-12-31"}).exit_status, 0);
  const auto full = steps_of_last_check();
  expect_steps(full, {"check", "checkpoint", "histories", "load", "projects", "save", "total"});
  EXPECT_GT(full.at("total"), 0);

  Generate({"--add", "50"});
  const auto again = RunCommand({kGapwatch, "check", "--db", Db(), "--as-of", "2025-12-31"});
  ASSERT_TRUE(Incremental(again.out)) << again.out;
  ASSERT_NE(again.out.find("regrouped what the change reaches"), std::string::npos) << again.out;
  expect_steps(steps_of_last_check(),
               {"check", "histories", "load_looked_at", "plan", "projects", "reach", "save", "total"});
  // A later day regroups every outline: chains fall due everywhere.
  const auto later = RunCommand({kGapwatch, "check", "--db", Db(), "--as-of", "2026-01-15"});
  ASSERT_NE(later.out.find("regrouped every outline"), std::string::npos) << later.out;
  expect_steps(steps_of_last_check(),
               {"check", "histories", "load_looked_at", "load_outlines", "plan", "projects", "save", "total"});
}

}  // namespace
}  // namespace gapwatch
