#include "store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "store/writeback.h"
#include "tests/support/sqlite_rows.h"

namespace gapwatch {
namespace {

using testing::Rows;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        std::filesystem::temp_directory_path() / ("gapwatch-store-" + std::to_string(::getpid()) + "-" +
                                                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    path_ = (directory_ / "gapwatch.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  static Capture MakeCapture(const std::string& url, const std::string& body, const std::string& sha) {
    Capture capture;
    capture.site = "procurement";
    capture.url = url;
    capture.page = "detail";
    capture.source = "gpcms";
    capture.status = 200;
    capture.body = body;
    capture.sha256 = sha;
    capture.captured_at = "2025-06-30T08:00:00+08:00";
    return capture;
  }

  std::filesystem::path directory_;
  std::string path_;
};

std::string Pragma(const std::string& path, const std::string& pragma) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, ("PRAGMA " + pragma).c_str(), -1, &statement, nullptr);
  std::string value;
  if (sqlite3_step(statement) == SQLITE_ROW) value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return value;
}

// What takes a store back to an older schema (a test of an older store starts there).
// Each kDropVersion<N> takes a store of version N back to N - 1.
constexpr const char* kDropVersionFifteen[] = {"DROP TABLE alert_outbox", "DROP INDEX captures_by_sha256",
                                               "ALTER TABLE site_health DROP COLUMN recovered_from",
                                               "ALTER TABLE site_health DROP COLUMN recovered_at"};
constexpr const char* kDropVersionFourteen[] = {"DROP TABLE last_grouping",
                                                "ALTER TABLE projects ADD COLUMN grouping BLOB NOT NULL DEFAULT x''"};
constexpr const char* kDropVersionThirteen[] = {"DROP TRIGGER notices_log_what_they_leave", "DROP TABLE code_printings",
                                                "ALTER TABLE projects DROP COLUMN grouping"};
constexpr const char* kDropVersionTwelve[] = {
    "CREATE TABLE findings_v11 (id TEXT PRIMARY KEY, kind TEXT NOT NULL, severity TEXT NOT NULL, "
    "domain TEXT NOT NULL, site TEXT NOT NULL, project_code TEXT NOT NULL, project_title TEXT NOT NULL, "
    "buyer TEXT NOT NULL, due TEXT, overdue_working_days INTEGER NOT NULL, rule_id TEXT NOT NULL, "
    "rule_source TEXT NOT NULL, confidence TEXT NOT NULL, evidence TEXT NOT NULL, "
    "status TEXT NOT NULL CHECK (status IN ('open', 'resolved')), first_seen TEXT NOT NULL, "
    "last_seen TEXT NOT NULL, resolved_on TEXT, calendar_missing_year INTEGER, content_digest INTEGER, "
    "evidence_digest INTEGER)",
    "INSERT INTO findings_v11 SELECT * FROM findings ORDER BY rowid", "DROP TABLE findings",
    "ALTER TABLE findings_v11 RENAME TO findings"};
constexpr const char* kDropVersionEleven[] = {
    "DROP TABLE check_digests",
    "CREATE TABLE check_projects (code TEXT PRIMARY KEY, digest INTEGER NOT NULL) WITHOUT ROWID"};
constexpr const char* kDropVersionTen[] = {"ALTER TABLE notices DROP COLUMN captured_at",
                                           "ALTER TABLE notices DROP COLUMN capture_sha256"};
constexpr const char* kDropVersionNine[] = {
    "DROP VIEW project_notices",
    "CREATE TABLE projects_v8 (code TEXT PRIMARY KEY, title TEXT NOT NULL, buyer TEXT NOT NULL, "
    "domain TEXT NOT NULL, designated_site TEXT NOT NULL)",
    "INSERT INTO projects_v8 SELECT code, title, buyer, domain, designated_site FROM projects",
    "CREATE TABLE project_notices (project_code TEXT NOT NULL REFERENCES projects(code) ON DELETE CASCADE, "
    "notice_id INTEGER NOT NULL, PRIMARY KEY (project_code, notice_id)) WITHOUT ROWID",
    "INSERT INTO project_notices SELECT projects.code, ids.value FROM projects, json_each(projects.notice_ids) ids",
    "DROP TABLE projects",
    "ALTER TABLE projects_v8 RENAME TO projects",
    "CREATE INDEX project_notices_by_notice ON project_notices(notice_id)"};
constexpr const char* kDropVersionEight[] = {"DROP INDEX captures_complete_lists", "DROP INDEX captures_not_found",
                                             "DROP INDEX notice_contents_changed",
                                             "ALTER TABLE notice_contents DROP COLUMN follows_another"};
constexpr const char* kDropVersionSeven[] = {
    "DROP TABLE check_projects",  "DROP TABLE check_state",       "DROP TABLE notice_removals",
    "DROP TABLE notice_sequence", "DROP INDEX notices_by_change", "ALTER TABLE notices DROP COLUMN changed_seq"};
constexpr const char* kDropVersionSix[] = {
    "DROP TABLE project_notices",
    "CREATE TABLE project_notices (project_code TEXT NOT NULL REFERENCES projects(code) ON DELETE CASCADE, "
    "notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE, PRIMARY KEY (project_code, notice_id))",
    "CREATE INDEX project_notices_by_notice ON project_notices(notice_id)"};
constexpr const char* kDropVersionFive[] = {"DROP TABLE finding_events", "DROP TABLE findings_checked",
                                            "ALTER TABLE findings DROP COLUMN calendar_missing_year",
                                            "ALTER TABLE findings DROP COLUMN content_digest",
                                            "ALTER TABLE findings DROP COLUMN evidence_digest"};
constexpr const char* kDropVersionFour[] = {
    "DROP TABLE notice_contents", "DROP TABLE full_walks", "ALTER TABLE notices DROP COLUMN list_capture_id",
    "ALTER TABLE notices DROP COLUMN delisted", "DROP INDEX project_notices_by_notice"};

// Runs each statement on `db` in order; fails on the first that SQLite refuses.
template <typename Statements>
::testing::AssertionResult ExecuteAll(sqlite3* db, const Statements& statements) {
  for (const auto& sql : statements) {
    if (sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      return ::testing::AssertionFailure() << sql << ": " << sqlite3_errmsg(db);
    }
  }
  return ::testing::AssertionSuccess();
}

// Takes a store of the current schema back to `version`, newest change first.
::testing::AssertionResult TakeBackTo(sqlite3* db, int version) {
  static const std::map<int, std::span<const char* const>> kDropVersion = {
      {15, kDropVersionFifteen}, {14, kDropVersionFourteen}, {13, kDropVersionThirteen}, {12, kDropVersionTwelve},
      {11, kDropVersionEleven},  {10, kDropVersionTen},      {9, kDropVersionNine},      {8, kDropVersionEight},
      {7, kDropVersionSeven},    {6, kDropVersionSix},       {5, kDropVersionFive},      {4, kDropVersionFour}};
  for (int from = Store::kSchemaVersion; from > version; --from) {
    const auto drop = kDropVersion.find(from);
    if (drop == kDropVersion.end()) return ::testing::AssertionFailure() << "no way back from schema " << from;
    if (::testing::AssertionResult undone = ExecuteAll(db, drop->second); !undone) return undone;
  }
  return ExecuteAll(db, std::vector<std::string>{"PRAGMA user_version=" + std::to_string(version)});
}

TEST_F(StoreTest, CreatesSchemaInWalModeAtCurrentVersion) {
  { Store store(path_); }
  EXPECT_EQ(Pragma(path_, "journal_mode"), "wal");
  EXPECT_EQ(Pragma(path_, "user_version"), std::to_string(Store::kSchemaVersion));
}

TEST_F(StoreTest, RefusesNewerSchema) {
  { Store store(path_); }
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  try {
    Store store(path_);
    FAIL() << "opened a database with a newer schema";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("newer"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find(path_), std::string::npos) << error.what();
  }
  EXPECT_EQ(Pragma(path_, "user_version"), "99");  // never silently downgraded
}

TEST_F(StoreTest, UnwritableLocationIsAClearError) {
  EXPECT_THROW(Store((directory_ / "missing-folder" / "x.db").string()), StoreError);
}

TEST_F(StoreTest, CapturesKeepPayloadOncePerHashAndLatestWins) {
  Store store(path_);
  store.UpsertSite("procurement", "https://gdgpo.czt.gd.gov.cn");
  const long long run = store.BeginRun("crawl", "2025-06-30", "2025-06-30T08:00:00+08:00");
  store.AddCapture(MakeCapture("https://x/a", "first", "aa"), run);
  const long long second = store.AddCapture(MakeCapture("https://x/a", "second", "bb"), run);
  store.AddCapture(MakeCapture("https://x/b", "first", "aa"), run);
  const auto latest = store.LatestCapture("procurement", "https://x/a");
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->id, second);
  EXPECT_EQ(latest->body, "second");
  EXPECT_EQ(store.LatestCaptures("procurement", "detail").size(), 2u);
  EXPECT_EQ(store.CountCaptures(run, "procurement", false), 3);
  EXPECT_FALSE(store.LatestCapture("procurement", "https://x/none"));
}

TEST_F(StoreTest, APayloadIsFoundByItsHashWithTheTypeAndEncodingOfItsFirstCapture) {
  Store store(path_);
  store.UpsertSite("procurement", "https://gdgpo.czt.gd.gov.cn");
  const long long run = store.BeginRun("crawl", "2025-06-30", "t");
  Capture first = MakeCapture("https://x/a", std::string("\x1f\x8b\0gz", 5), "aa");
  first.content_type = "text/html; charset=GBK";
  first.content_encoding = "gzip";
  store.AddCapture(first, run);
  Capture later = MakeCapture("https://x/b", first.body, "aa");  // the same bytes, served otherwise
  later.content_type = "application/octet-stream";
  store.AddCapture(later, run);
  const auto payload = store.PayloadBySha256("aa");
  ASSERT_TRUE(payload);
  EXPECT_EQ(payload->body, first.body);
  EXPECT_EQ(payload->content_type, "text/html; charset=GBK");
  EXPECT_EQ(payload->content_encoding, "gzip");
  EXPECT_FALSE(store.PayloadBySha256("bb"));
}

TEST_F(StoreTest, RunsAreListedNewestFirst) {
  Store store(path_);
  const long long crawl = store.BeginRun("crawl", "2025-06-30", "2025-06-30T08:00:00+08:00");
  store.FinishRun(crawl, "2025-06-30T08:05:00+08:00", "done", true, R"({"pages":3})");
  const long long check = store.BeginRun("check", "2025-06-30", "2025-06-30T08:06:00+08:00");
  const std::vector<RunRecord> runs = store.Runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].id, check);
  EXPECT_EQ(runs[0].status, "running");
  EXPECT_EQ(runs[0].finished_at, "");
  EXPECT_EQ(runs[1].id, crawl);
  EXPECT_EQ(runs[1].command, "crawl");
  EXPECT_EQ(runs[1].finished_at, "2025-06-30T08:05:00+08:00");
  EXPECT_TRUE(runs[1].complete);
  EXPECT_EQ(runs[1].summary, R"({"pages":3})");
}

TEST_F(StoreTest, AReadOnlyStoreSeesWhatTheWriterCommitsAndWritesNothing) {
  Store writer(path_);
  Store reader(path_, Store::Access::kReadOnly);
  writer.BeginRun("crawl", "2025-06-30", "t");
  EXPECT_EQ(reader.Runs().size(), 1u);  // the writer's connection is still open, in WAL mode
  EXPECT_THROW(reader.BeginRun("check", "2025-06-30", "t"), StoreError);
  EXPECT_EQ(writer.Runs().size(), 1u);
}

TEST_F(StoreTest, AReadOnlyStoreIsNeverCreatedNorMigrated) {
  EXPECT_THROW(Store(path_, Store::Access::kReadOnly), StoreError);
  EXPECT_FALSE(std::filesystem::exists(path_));
  { Store store(path_); }
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  sqlite3_exec(db, "PRAGMA user_version=13", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  try {
    Store store(path_, Store::Access::kReadOnly);
    FAIL() << "read a store of another schema";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("schema version 13"), std::string::npos) << error.what();
  }
  EXPECT_EQ(Pragma(path_, "user_version"), "13");
}

TEST_F(StoreTest, HasCompleteCaptureLooksAtTheNewestCaptureOnly) {
  Store store(path_);
  store.UpsertSite("procurement", "https://gdgpo.czt.gd.gov.cn");
  const long long run = store.BeginRun("crawl", "2025-06-30", "t");
  EXPECT_FALSE(store.HasCompleteCapture("procurement", "https://x/a"));
  store.AddCapture(MakeCapture("https://x/a", "ok", "aa"), run);
  EXPECT_TRUE(store.HasCompleteCapture("procurement", "https://x/a"));
  Capture failed = MakeCapture("https://x/a", "", "");
  failed.status = 503;
  failed.error = "https://x/a: HTTP 503";
  store.AddCapture(failed, run);
  EXPECT_FALSE(store.HasCompleteCapture("procurement", "https://x/a"));
}

TEST_F(StoreTest, HostileTextIsStoredVerbatim) {
  Store store(path_);
  store.UpsertSite("procurement", "https://gdgpo.czt.gd.gov.cn");
  const long long run = store.BeginRun("crawl", "2025-06-30", "t");
  const std::string hostile = "x'); DROP TABLE notices; --";
  const long long capture = store.AddCapture(MakeCapture(hostile, std::string("a\0b", 3), "cc"), run);
  Notice notice;
  notice.site = "procurement";
  notice.url = hostile;
  notice.kind = "award";
  notice.domain = "procurement";
  notice.title = hostile;
  notice.lots = {{"包1", "甲公司", "100.00"}, {"包2", "乙公司", std::nullopt}};
  notice.fields_missing = {"supplier"};
  store.ReplaceNotices("procurement", {{notice, capture, 0, ""}}, {});
  const auto notices = store.Notices();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].notice.title, hostile);
  ASSERT_EQ(notices[0].notice.lots.size(), 2u);
  EXPECT_EQ(notices[0].notice.lots[0].amount_yuan, "100.00");
  EXPECT_FALSE(notices[0].notice.lots[1].amount_yuan);
  EXPECT_EQ(notices[0].sha256, "cc");
  EXPECT_EQ(store.LatestCapture("procurement", hostile)->body, std::string("a\0b", 3));
}

// Store::Notices keeps a text many notices repeat (a buyer, a day) once:
// each notice still reads its own, and a NULL stays absent.
TEST_F(StoreTest, NoticesReadTheirOwnFieldsWhereTextsRepeat) {
  Store store(path_);
  store.UpsertSite("procurement", "https://gdgpo.czt.gd.gov.cn");
  const long long run = store.BeginRun("crawl", "2025-06-30", "t");
  Notice tender;
  tender.site = "procurement";
  tender.url = "https://x/1";
  tender.kind = "tender";
  tender.buyer = "韶关市水务局";
  tender.title = "河道整治工程招标公告";
  tender.opening = "2025-03-20T09:30:00+08:00";
  Notice award = tender;
  award.url = "https://x/2";
  award.kind = "award";
  award.opening.reset();
  award.decided = "";
  const long long first = store.AddCapture(MakeCapture(tender.url, "t", "aa"), run);
  const long long second = store.AddCapture(MakeCapture(award.url, "a", "bb"), run);
  store.ReplaceNotices("procurement", {{tender, first, 0, ""}, {award, second, 0, ""}}, {});
  const auto notices = store.Notices();
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_EQ(notices[0].notice.kind, "tender");
  EXPECT_EQ(notices[1].notice.kind, "award");
  EXPECT_EQ(notices[1].notice.buyer, "韶关市水务局");
  EXPECT_EQ(notices[0].notice.opening.value_or("none"), "2025-03-20T09:30:00+08:00");
  EXPECT_FALSE(notices[1].notice.opening);
  ASSERT_TRUE(notices[1].notice.decided);  // stated empty, not absent
  EXPECT_EQ(*notices[1].notice.decided, "");
  EXPECT_EQ(notices[1].sha256, "bb");
}

// Every field of a loaded notice as text, NULL apart from "": what two loads
// of the same notices must agree on.
std::vector<std::string> FieldsOf(const NoticeWithEvidence& item) {
  const auto optional = [](const OptionalNoticeText& text) {
    return text ? "=" + std::string(*text) : std::string("NULL");
  };
  const HeldNotice& notice = item.notice;
  std::vector<std::string> fields = {
      std::to_string(item.notice_id), std::to_string(item.capture_id), std::string(item.captured_at),
      std::string(item.sha256),       std::string(notice.site),        std::string(notice.url),
      std::string(notice.kind),       std::string(notice.domain),      std::string(notice.project_code),
      std::string(notice.title),      std::string(notice.buyer),       std::string(notice.agency),
      std::string(notice.supplier),   optional(notice.budget_yuan),    optional(notice.amount_yuan),
      optional(notice.published),     optional(notice.opening),        optional(notice.decided),
      optional(notice.signed_on),     optional(notice.delisted)};
  for (const Lot& lot : notice.lots) {
    fields.push_back("lot " + lot.name + "/" + lot.supplier + "/" + lot.amount_yuan.value_or("NULL"));
  }
  for (const std::string& missing : notice.fields_missing) fields.push_back("missing " + missing);
  return fields;
}

// Store::Notices reads the lower half of the ids on this connection and the
// upper half on a second one: together, in id order, they are what one
// connection reads (NoticesByIds), field for field.
TEST_F(StoreTest, ANoticeLoadInTwoHalvesIsWhatOneConnectionReads) {
  Store store(path_);
  store.UpsertSite("procurement", "https://x");
  const long long run = store.BeginRun("crawl", "2025-06-30", "t");
  EXPECT_TRUE(store.Notices().empty());  // an empty store: no half to read
  EXPECT_TRUE(store.NoticeOutlines().empty());
  std::vector<Store::ExtractedNotice> extracted;
  for (int i = 0; i < 301; ++i) {  // odd: the halves differ by one
    Notice notice;
    notice.site = "procurement";
    notice.url = "https://x/" + std::to_string(i);
    notice.kind = i % 3 == 0 ? "award" : "tender";
    notice.domain = "procurement";
    notice.project_code = "P" + std::to_string(i / 4);
    // Past the one-byte size of a stored text, and non-ASCII.
    notice.title = i % 50 == 0 ? std::string(300, 'x') : "河道整治工程第" + std::to_string(i) + "标段";
    notice.buyer = "韶关市第" + std::to_string(i % 97) + "水务局";  // past a first table of 64 repeated values
    notice.agency = i % 2 ? "" : "广东省机电设备招标中心有限公司";
    notice.supplier = i % 3 == 0 ? "韶关市帽峰建材有限公司" : "";
    if (i % 4 != 1) notice.budget_yuan = std::to_string(1000 + i) + ".00";
    if (i % 5 == 0) notice.amount_yuan = "";  // stated empty, not absent
    notice.published = "2025-03-" + std::to_string(10 + i % 9);
    if (i % 7 == 0) notice.opening = "2025-04-01T09:30:00+08:00";
    if (i % 11 == 0) notice.decided = "2025-04-02";
    if (i % 13 == 0) notice.signed_on = "2025-04-03";
    if (i % 17 == 0) notice.delisted = "2026-01-01";
    if (i % 6 == 0) notice.lots = {{"包1", "甲公司", "100.00"}, {"包2:\"引号\"", "乙公司", std::nullopt}};
    if (i % 8 == 0) notice.fields_missing = {"supplier", "amount_yuan"};
    Capture capture = MakeCapture(notice.url, "b" + std::to_string(i), "sha" + std::to_string(i));
    capture.captured_at = "2025-06-30T08:00:" + std::to_string(10 + i % 50) + "+08:00";
    extracted.push_back({notice, store.AddCapture(capture, run), 0, ""});
  }
  store.ReplaceNotices("procurement", extracted, {});
  // Gaps in the ids: a re-extract without every third notice removes them.
  std::erase_if(extracted, [](const Store::ExtractedNotice& item) { return item.notice.url.ends_with('3'); });
  store.ReplaceNotices("procurement", extracted, {});

  const std::vector<NoticeWithEvidence> halves = store.Notices();
  ASSERT_EQ(halves.size(), extracted.size());
  std::vector<long long> ids;
  for (const NoticeWithEvidence& item : halves) ids.push_back(item.notice_id);
  EXPECT_TRUE(std::ranges::is_sorted(ids));
  const std::vector<NoticeWithEvidence> one = store.NoticesByIds(ids);
  ASSERT_EQ(one.size(), halves.size());
  for (std::size_t i = 0; i < one.size(); ++i) EXPECT_EQ(FieldsOf(halves[i]), FieldsOf(one[i])) << "notice " << i;
  const auto loaded = [&](const std::string& url) -> const HeldNotice& {
    return std::ranges::find(halves, url, [](const NoticeWithEvidence& item) { return item.notice.url.view(); })
        ->notice;
  };
  EXPECT_EQ(loaded("https://x/0").title, std::string(300, 'x'));
  EXPECT_EQ(loaded("https://x/0").lots[1].name, "包2:\"引号\"");
  EXPECT_EQ(loaded("https://x/5").amount_yuan.value_or("NULL"), "");
  EXPECT_FALSE(loaded("https://x/1").budget_yuan);
  EXPECT_EQ(loaded("https://x/300").buyer, "韶关市第9水务局");  // 300 % 97

  // The outlines too: what the matcher reads of each notice, in the same order.
  const std::vector<NoticeWithEvidence> outlines = store.NoticeOutlines();
  ASSERT_EQ(outlines.size(), halves.size());
  for (std::size_t i = 0; i < outlines.size(); ++i) {
    const HeldNotice& outline = outlines[i].notice;
    const HeldNotice& full = halves[i].notice;
    EXPECT_EQ(outlines[i].notice_id, halves[i].notice_id);
    EXPECT_EQ(outlines[i].captured_at, halves[i].captured_at);
    EXPECT_EQ(std::tie(outline.url, outline.kind, outline.title, outline.buyer, outline.project_code),
              std::tie(full.url, full.kind, full.title, full.buyer, full.project_code));
    EXPECT_EQ(outline.published.optional(), full.published.optional());
    EXPECT_EQ(outline.supplier, full.kind == "award" ? full.supplier.view() : "");
    EXPECT_EQ(outline.lots.size(), full.lots.size());
  }
}

// The capture time and hash of a notice, as each load reads them.
std::vector<std::string> CaptureStampsOf(const Store& store) {
  std::vector<std::string> stamps;
  std::vector<long long> ids;
  for (const NoticeWithEvidence& item : store.Notices()) {
    stamps.push_back("full " + std::string(item.captured_at) + " " + item.sha256.str());
    ids.push_back(item.notice_id);
  }
  for (const NoticeWithEvidence& item : store.NoticesByIds(ids)) {
    stamps.push_back("by id " + std::string(item.captured_at) + " " + item.sha256.str());
  }
  for (const NoticeWithEvidence& item : store.NoticeOutlines()) {
    stamps.push_back("outline " + std::string(item.captured_at));
  }
  return stamps;
}

// A notice's capture time and hash (on its own row since schema 9) are those
// of the capture its last extract read: a newer capture changes nothing until
// an extract reads it; an extract from another capture changes both, an older
// one's included.
TEST_F(StoreTest, ANoticeCarriesTheTimeAndHashOfTheCaptureItWasLastExtractedFrom) {
  Store store(path_);
  store.UpsertSite("procurement", "https://x");
  const long long run = store.BeginRun("crawl", "2025-06-30", "t");
  Notice notice;
  notice.site = "procurement";
  notice.url = "https://x/a";
  notice.title = "河道整治工程招标公告";
  const std::string first_sha(64, 'a');
  const std::string second_sha(64, 'b');
  Capture first = MakeCapture(notice.url, "first", first_sha);
  first.captured_at = "2025-06-30T08:00:00+08:00";
  Capture second = MakeCapture(notice.url, "second", second_sha);
  second.captured_at = "2025-07-01T09:15:00+08:00";
  const long long first_id = store.AddCapture(first, run);
  store.ReplaceNotices("procurement", {{notice, first_id, 0, "content"}}, {});
  const std::vector<std::string> from_first = {"full " + first.captured_at + " " + first_sha,
                                               "by id " + first.captured_at + " " + first_sha,
                                               "outline " + first.captured_at};
  EXPECT_EQ(CaptureStampsOf(store), from_first);

  const long long second_id = store.AddCapture(second, run);
  EXPECT_EQ(CaptureStampsOf(store), from_first);  // captured again, not yet extracted

  const long long seq = store.NoticeSequence();
  store.ReplaceNotices("procurement", {{notice, second_id, 0, "content"}}, {});  // the same content, new bytes
  EXPECT_EQ(CaptureStampsOf(store), (std::vector<std::string>{"full " + second.captured_at + " " + second_sha,
                                                              "by id " + second.captured_at + " " + second_sha,
                                                              "outline " + second.captured_at}));
  EXPECT_EQ(store.NoticeIdsChangedSince(seq).size(), 1u);  // an incremental check looks at it again

  store.ReplaceNotices("procurement", {{notice, first_id, 0, "content"}}, {});  // back to the older capture
  EXPECT_EQ(CaptureStampsOf(store), from_first);
}

// The second reader of a load sees other notices than this connection (an
// extract committed in between; here, a relative path that names another
// store once the working directory changed): this connection reads them all.
TEST_F(StoreTest, ANoticeLoadWhoseSecondReaderSeesOtherNoticesReadsThemAllItself) {
  const std::filesystem::path before = std::filesystem::current_path();
  std::filesystem::create_directories(directory_ / "first");
  std::filesystem::create_directories(directory_ / "elsewhere");
  std::filesystem::current_path(directory_ / "first");
  {
    Store store("gapwatch.db");
    store.UpsertSite("procurement", "https://x");
    const long long run = store.BeginRun("crawl", "2025-06-30", "t");
    std::vector<Store::ExtractedNotice> extracted;
    for (int i = 0; i < 10; ++i) {
      Notice notice;
      notice.site = "procurement";
      notice.url = "https://x/" + std::to_string(i);
      notice.title = "公告" + std::to_string(i);
      extracted.push_back({notice, store.AddCapture(MakeCapture(notice.url, notice.url, "s"), run), 0, ""});
    }
    store.ReplaceNotices("procurement", extracted, {});
    std::filesystem::current_path(directory_ / "elsewhere");
    const auto notices = store.Notices();
    const auto outlines = store.NoticeOutlines();
    std::filesystem::current_path(before);
    ASSERT_EQ(notices.size(), 10u);
    ASSERT_EQ(outlines.size(), 10u);
    for (int i = 0; i < 10; ++i) {
      EXPECT_EQ(notices[i].notice.url, "https://x/" + std::to_string(i));
      EXPECT_EQ(outlines[i].notice.title, "公告" + std::to_string(i));
    }
  }
  std::filesystem::current_path(before);
}

TEST_F(StoreTest, FailedReplaceLeavesPreviousNotices) {
  Store store(path_);
  store.UpsertSite("procurement", "https://gdgpo.czt.gd.gov.cn");
  const long long run = store.BeginRun("crawl", "2025-06-30", "t");
  const long long capture = store.AddCapture(MakeCapture("https://x/a", "a", "aa"), run);
  Notice notice;
  notice.url = "https://x/a";
  notice.kind = "tender";
  store.ReplaceNotices("procurement", {{notice, capture, 0, ""}}, {});
  // A capture id that does not exist violates the foreign key mid-transaction.
  Notice other = notice;
  other.url = "https://x/b";
  try {
    store.ReplaceNotices("procurement", {{other, capture, 0, ""}, {notice, 999999, 0, ""}}, {});
    ADD_FAILURE() << "an unknown capture id was stored";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("FOREIGN KEY"), std::string::npos) << error.what();
  }
  const auto notices = store.Notices();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].notice.url, "https://x/a");
}

// A finding as the check raises it: award_missing on P1, due 2025-05-14.
Finding AwardMissing() {
  Finding finding;
  finding.id = "f1";
  finding.kind = "award_missing";
  finding.severity = "high";
  finding.domain = "procurement";
  finding.site = "procurement";
  finding.project_code = "P1";
  finding.due = "2025-05-14";
  finding.overdue_working_days = 4;
  finding.rule_id = "GP-12";
  finding.confidence = "High";
  finding.evidence = {{"https://x/a", "tender", "2025-04-01", "2025-04-01T09:00:00+08:00", "aa", {}}};
  return finding;
}

// The evidence column is JSON as nlohmann::json::dump() writes it (keys
// sorted, compact, only quotes, backslashes and control characters escaped,
// UTF-8 as is), which the evidence text of every stored finding already is.
TEST_F(StoreTest, EvidenceIsStoredAsCompactJsonWithItsKeysSorted) {
  Store store(path_);
  Finding finding = AwardMissing();
  finding.evidence[0].url = "https://x/a?q=\"1\"\\";
  finding.evidence[0].captured_at = std::string("t\x01\t\x7f");
  finding.evidence[0].missing = {{"中标\n金额", "GP-12"}, {"experts", "GP-13"}};
  finding.evidence[0].published_from = "2025年4月1日";
  finding.evidence.push_back({"https://x/b", "award", "", "", "", {}});
  store.SaveFindings("2025-05-20", {finding});
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  sqlite3_stmt* query = nullptr;
  sqlite3_prepare_v2(db, "SELECT evidence FROM findings", -1, &query, nullptr);
  ASSERT_EQ(sqlite3_step(query), SQLITE_ROW);
  const std::string evidence = reinterpret_cast<const char*>(sqlite3_column_text(query, 0));
  sqlite3_finalize(query);
  sqlite3_close(db);
  EXPECT_EQ(
      evidence,
      "[{\"captured_at\":\"t\\u0001\\t\x7f\",\"missing\":[{\"item\":\"中标\\n金额\",\"rule\":\"GP-12\"},"
      "{\"item\":\"experts\",\"rule\":\"GP-13\"}],\"notice_kind\":\"tender\",\"published\":\"2025-04-01\","
      "\"published_from\":\"2025年4月1日\",\"sha256\":\"aa\",\"url\":\"https://x/a?q=\\\"1\\\"\\\\\"},"
      "{\"captured_at\":\"\",\"notice_kind\":\"award\",\"published\":\"\",\"sha256\":\"\",\"url\":\"https://x/b\"}]");
  const std::vector<Finding> read = store.Findings("open");
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].evidence[0].url, finding.evidence[0].url);
  EXPECT_EQ(read[0].evidence[0].captured_at, finding.evidence[0].captured_at);
  EXPECT_EQ(read[0].evidence[0].missing[0].item, "中标\n金额");
  EXPECT_EQ(read[0].evidence[0].published_from, "2025年4月1日");
}

// The evidence JSON escapes as nlohmann::json::dump() does wherever in a text
// the characters to escape stand: first, last, one after another, alone.
TEST_F(StoreTest, EvidenceJsonEscapesAtEveryPlaceInAText) {
  const std::vector<std::string> texts = {"\"",           "\\",   "\x01",       "\"starts", "ends\\", "a\"\"b",
                                          "a\x1f\n\r\tb", "\b\f", "plain text", "",         "\x7f ~"};
  Store store(path_);
  std::vector<Finding> findings;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    Finding finding = AwardMissing();
    finding.id = "f" + std::to_string(i);
    finding.project_code = "P" + std::to_string(i);
    finding.evidence[0].url = texts[i];
    finding.evidence[0].sha256 = texts[i] + texts[(i + 1) % texts.size()];
    findings.push_back(finding);
  }
  store.SaveFindings("2025-05-20", findings);
  const std::vector<std::string> stored = Rows(path_, "SELECT evidence FROM findings ORDER BY rowid");
  ASSERT_EQ(stored.size(), texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    nlohmann::json expected = nlohmann::json::array();
    expected.push_back({{"captured_at", "2025-04-01T09:00:00+08:00"},
                        {"notice_kind", "tender"},
                        {"published", "2025-04-01"},
                        {"sha256", findings[i].evidence[0].sha256},
                        {"url", texts[i]}});
    EXPECT_EQ(stored[i], expected.dump()) << i;
  }
}

TEST_F(StoreTest, FindingsKeepFirstSeenAndResolve) {
  Store store(path_);
  Finding finding = AwardMissing();
  finding.evidence[0].missing = {{"experts", "GP-12"}};
  auto saved = store.SaveFindings("2025-05-20", {finding});
  EXPECT_EQ(saved[0].first_seen, "2025-05-20");
  EXPECT_TRUE(saved[0].evidence.empty()) << "let go while saving; the row has it (below)";
  finding.kind = "award_late";
  saved = store.SaveFindings("2025-06-01", {finding});
  EXPECT_EQ(saved[0].first_seen, "2025-05-20");
  EXPECT_EQ(saved[0].last_seen, "2025-06-01");
  auto open = store.Findings("open");
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].kind, "award_late");
  EXPECT_EQ(open[0].evidence[0].sha256, "aa");
  EXPECT_EQ(open[0].evidence[0].missing, (std::vector<MissingContent>{{"experts", "GP-12"}}));  // kept as saved
  store.SaveFindings("2025-06-02", {});
  EXPECT_TRUE(store.Findings("open").empty());
  EXPECT_EQ(store.Findings("resolved").size(), 1u);
}

// What `gapwatch serve` asks for: findings filtered and paged in SQL, each
// with its history whichever way it is read (a few by id, many in one pass).
TEST_F(StoreTest, FindingsAreFilteredAndPagedAsAskedWithTheirHistories) {
  Store store(path_);
  std::vector<Finding> findings;
  for (int i = 0; i < 1200; ++i) {
    Finding finding = AwardMissing();
    finding.id = "f" + std::to_string(10000 + i);
    finding.project_code = "P" + std::to_string(10000 + i);
    finding.buyer = i % 3 == 0 ? "韶关市甲局" : "韶关市乙局";
    finding.site = i % 2 == 0 ? "procurement" : "portal";
    if (i % 5 == 0) finding.kind = "contract_missing";
    findings.push_back(finding);
  }
  store.SaveFindings("2025-05-20", findings);
  findings.pop_back();  // resolved by the next check
  store.SaveFindings("2025-05-21", findings);

  const auto count = [&](const std::vector<Finding>& read, auto&& predicate) {
    return std::count_if(read.begin(), read.end(), predicate);
  };
  const auto events = [](const std::vector<FindingEvent>& history) {
    std::vector<std::string> listed;
    for (const FindingEvent& event : history) listed.push_back(event.as_of + " " + event.event + " " + event.status);
    return listed;
  };
  const std::vector<Finding> all = store.Findings("");
  ASSERT_EQ(all.size(), 1200u);
  Store::FindingFilter filter;
  EXPECT_EQ(store.CountFindings(filter), 1200);
  filter.status = "resolved";
  ASSERT_EQ(store.Findings(filter).size(), 1u);
  EXPECT_EQ(store.Findings(filter)[0].id, "f11199");
  filter.status = "open";
  filter.buyer = "韶关市甲局";
  filter.site = "procurement";
  filter.kind = "contract_missing";
  const std::vector<Finding> chosen = store.Findings(filter);
  EXPECT_EQ(static_cast<long long>(chosen.size()), store.CountFindings(filter));
  EXPECT_EQ(static_cast<long long>(chosen.size()), count(all, [](const Finding& finding) {
              return finding.status == "open" && finding.buyer == "韶关市甲局" && finding.site == "procurement" &&
                     finding.kind == "contract_missing";
            }));
  ASSERT_FALSE(chosen.empty());
  for (const Finding& finding : chosen) {
    EXPECT_EQ(events(finding.history), events(store.FindingHistory(finding.id)));  // read by id: 40 findings
    EXPECT_FALSE(finding.history.empty());
  }
  filter = {};
  filter.project_codes = {"P10007", "P10003", "NONE"};
  const std::vector<Finding> by_code = store.Findings(filter);
  ASSERT_EQ(by_code.size(), 2u);
  EXPECT_EQ(by_code[0].id, "f10003");
  EXPECT_EQ(by_code[1].id, "f10007");
  filter.project_codes.clear();
  filter.ids = {"f10009", "f10002", "f10009"};
  const std::vector<Finding> by_id = store.Findings(filter);
  ASSERT_EQ(by_id.size(), 2u);
  EXPECT_EQ(by_id[0].id, "f10002");
  EXPECT_EQ(by_id[1].id, "f10009");
  filter.ids.clear();
  filter.domain = "construction";
  EXPECT_EQ(store.CountFindings(filter), 0);

  // Pages follow the order of the whole; past the end, nothing. Over 1,000, the histories come in one pass.
  filter = {};
  const std::vector<Finding> page = store.Findings(filter, 10, 5);
  ASSERT_EQ(page.size(), 5u);
  for (std::size_t i = 0; i < page.size(); ++i) EXPECT_EQ(page[i].id, all[10 + i].id);
  EXPECT_TRUE(store.Findings(filter, 1200, 5).empty());
  const std::vector<Finding> most = store.Findings(filter, 0, 1100);
  ASSERT_EQ(most.size(), 1100u);
  EXPECT_EQ(events(most.back().history), events(store.FindingHistory(most.back().id)));
  EXPECT_EQ(events(most.front().history), events(all.front().history));
  EXPECT_FALSE(most.front().history.empty());
}

TEST_F(StoreTest, TwoKindsUnderOneFindingIdAreRefusedNotMerged) {
  Store store(path_);
  Finding late = AwardMissing();
  late.kind = "award_late";
  Finding blacklisted = late;
  blacklisted.kind = "blacklisted_winner";
  try {
    store.SaveFindings("2025-05-20", {late, blacklisted});
    FAIL() << "one of two findings would have been lost";
  } catch (const std::logic_error& error) {
    EXPECT_NE(std::string(error.what()).find("award_late and blacklisted_winner"), std::string::npos) << error.what();
  }
  EXPECT_TRUE(store.Findings("open").empty()) << "nothing saved";
  // The same finding twice is one (the last).
  EXPECT_EQ(store.SaveFindings("2025-05-20", {late, late}).size(), 2u);
  EXPECT_EQ(store.Findings("open").size(), 1u);
}

std::vector<std::string> Events(const std::vector<FindingEvent>& history) {
  std::vector<std::string> events;
  for (const FindingEvent& event : history) events.push_back(event.as_of + " " + event.event + " " + event.kind);
  return events;
}

// A check saves its findings and its state in one transaction
// (Cycle::Check): killed before the commit, the store keeps the last check's
// findings with the state that goes with them.
// How many captures the database file holds on its own, without the WAL:
// what a checkpoint has copied into it.
long long CapturesInTheFileAlone(const std::string& path, const std::filesystem::path& copy) {
  std::filesystem::remove(copy.string() + "-wal");
  std::filesystem::copy_file(path, copy, std::filesystem::copy_options::overwrite_existing);
  const auto rows = Rows(copy.string(), "SELECT COUNT(*) FROM captures");
  return rows.empty() ? -1 : std::stoll(rows[0]);
}

// 1,200 pages of 4 KiB in one commit: past the 1,000 pages at which SQLite's
// auto-checkpoint would copy them into the file in the commit itself. The
// captures' payloads are `first` to `first` + 299.
void AddLargeCaptures(Store& store, int first = 0) {
  const long long run = store.BeginRun("crawl", "2025-06-30", "2025-06-30T08:00:00+08:00");
  store.AddCaptures(run, [&](const Store::CaptureAdder& add) {
    for (int i = first; i < first + 300; ++i) {
      Capture capture;
      capture.site = "procurement";
      capture.url = "https://x/" + std::to_string(i);
      capture.page = "detail";
      capture.status = 200;
      capture.captured_at = "2025-06-30T08:00:00+08:00";
      capture.sha256 = std::to_string(i);
      capture.body = std::string(16 * 1024, static_cast<char>('a' + i % 26)) + capture.sha256;
      add(capture);
    }
  });
}

// A check's projects writer commits without checkpointing, and another
// thread copies its frames into the file: until then they are only in the
// WAL (and read from there). A reader still on an older snapshot holds the
// newer frames back (false: the file alone is not yet the store); once it
// is gone the checkpoint copies them all.
TEST_F(StoreTest, ADeferredCommitStaysInTheWalUntilACheckpointCopiesIt) {
  const std::filesystem::path copy = directory_ / "file-alone.db";
  {
    Store store(path_);
    store.UpsertSite("procurement", "https://x");
  }
  Store writer(path_);
  writer.DeferCheckpoints();
  Store reader(path_);
  AddLargeCaptures(writer);
  EXPECT_EQ(CapturesInTheFileAlone(path_, copy), 0);
  EXPECT_EQ(reader.CountCaptures(1, "procurement", false), 300);  // read from the WAL

  sqlite3* snapshot = nullptr;  // reads the 300
  ASSERT_EQ(sqlite3_open(path_.c_str(), &snapshot), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(snapshot, "BEGIN; SELECT COUNT(*) FROM captures;", nullptr, nullptr, nullptr), SQLITE_OK);
  AddLargeCaptures(writer, 300);
  EXPECT_FALSE(reader.Checkpoint());  // the second 300 held back
  EXPECT_EQ(reader.CountCaptures(2, "procurement", false), 300);
  sqlite3_exec(snapshot, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(snapshot);
  EXPECT_TRUE(reader.Checkpoint());
  EXPECT_EQ(CapturesInTheFileAlone(path_, copy), 600);
  EXPECT_TRUE(writer.Checkpoint());  // nothing left to copy
}

// Without DeferCheckpoints, the same commit is in the file when it returns
// (SQLite's auto-checkpoint): the option is the connection's own.
TEST_F(StoreTest, ACommitThatDoesNotDeferIsCheckpointedByItself) {
  const std::filesystem::path copy = directory_ / "file-alone.db";
  Store deferring(path_);
  deferring.DeferCheckpoints();
  Store store(path_);
  store.UpsertSite("procurement", "https://x");
  AddLargeCaptures(store);
  EXPECT_EQ(CapturesInTheFileAlone(path_, copy), 300);
}

// The writeback thread is a hint to the kernel: a store written while it
// runs reads the same, and it stops when destroyed, within a tick, whether
// or not the files exist yet.
TEST_F(StoreTest, AWritebackChangesNothingAndStopsWhenDestroyed) {
  {
    const Writeback before_the_store(path_, std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const auto started = std::chrono::steady_clock::now();
  {
    const Writeback writeback(path_, std::chrono::hours(1));
    Store store(path_);
    store.UpsertSite("procurement", "https://x");
    AddLargeCaptures(store);
    EXPECT_EQ(store.CountCaptures(1, "procurement", false), 300);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::minutes(1));
  EXPECT_EQ(Store(path_).CountCaptures(1, "procurement", false), 300);
}

TEST_F(StoreTest, FindingsAndCheckStateSavedInOneTransactionCommitTogether) {
  Store store(path_);
  Finding first = AwardMissing();
  {
    Store::Transaction save(store);
    store.SaveFindings("2025-05-20", {first});
    store.SaveCheckState({"2025-05-20", 1, "d"}, {{"P1", 1}});
    save.Commit();
  }
  Finding second = AwardMissing();
  second.id = "second";
  {
    Store::Transaction save(store);
    store.SaveFindings("2025-05-21", {second});
    store.SaveCheckState({"2025-05-21", 2, "d"}, {{"P2", 2}});
    // no commit: the check dies here
  }
  const auto open = store.Findings("open");
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, first.id);
  EXPECT_EQ(open[0].last_seen, "2025-05-20");
  EXPECT_EQ(store.FindingHistory(second.id).size(), 0u);
  EXPECT_EQ(store.LoadCheckState()->notice_seq, 1);
  EXPECT_EQ(store.CheckedProjectDigests(), (std::unordered_map<std::string, long long>{{"P1", 1}}));
}

// A check saves with the connection's foreign key checks off (each event's
// finding was a lookup): the rows hold all the same, and the checks are on
// again once the transaction ends, committed or not.
TEST_F(StoreTest, SaveWithForeignKeysUncheckedKeepsThemAndChecksAgainAfter) {
  Store store(path_);
  const long long run = store.BeginRun("check", "2025-05-20", "t");
  std::vector<Finding> findings;
  for (int i = 0; i < 300; ++i) {  // more events than one batch
    Finding finding = AwardMissing();
    finding.id = "f" + std::to_string(i);
    findings.push_back(finding);
  }
  {
    Store::Transaction save(store, Store::Transaction::ForeignKeys::kUnchecked);
    store.SaveFindings("2025-05-20", findings);
    save.Commit();
  }
  EXPECT_TRUE(Rows(path_, "PRAGMA foreign_key_check").empty());
  EXPECT_EQ(Rows(path_, "SELECT COUNT(*), MIN(run_id), MAX(run_id) FROM finding_events"),
            std::vector<std::string>{"300|" + std::to_string(run) + "|" + std::to_string(run)});
  // Resolving them all would record 300 events of a run that does not exist.
  EXPECT_THROW(store.SaveFindings("2025-05-21", {}, 4242), StoreError) << "checked again after a commit";
  { Store::Transaction rolled_back(store, Store::Transaction::ForeignKeys::kUnchecked); }
  EXPECT_THROW(store.SaveFindings("2025-05-21", {}, 4242), StoreError) << "checked again after a rollback";
  EXPECT_EQ(store.Findings("open").size(), 300u);
}

// A check's first save (foreign keys unchecked, no finding row yet) builds
// the findings' id index after the rows; a save with the keys checked keeps
// it throughout. Both leave the same rows, events and index, and the next
// save finds its rows again through it (no duplicate row for a finding
// raised again).
TEST_F(StoreTest, FirstSaveWithForeignKeysUncheckedBuildsTheIdIndexAfterItsRows) {
  const std::string checked_path = (directory_ / "checked.db").string();
  const auto finding = [](int i) {
    Finding made = AwardMissing();
    made.id = "f" + std::to_string((i * 37) % 300);  // ids out of order
    made.project_code = "P" + std::to_string(i);
    return made;
  };
  std::vector<Finding> first;
  for (int i = 0; i < 300; ++i) first.push_back(finding(i));  // more rows than one batch
  std::vector<Finding> second(first.begin() + 100, first.end());
  second[0].overdue_working_days = 5;               // the daily tick: its row only
  second[1].evidence[0].url = "https://x/changed";  // its row rewritten
  second.push_back(finding(300));
  second.back().id = "new";  // raised for the first time
  for (const std::string& path : {path_, checked_path}) {
    Store store(path);
    if (path == path_) {
      Store::Transaction save(store, Store::Transaction::ForeignKeys::kUnchecked);
      store.SaveFindings("2025-05-20", first);
      save.Commit();
    } else {
      store.SaveFindings("2025-05-20", first);
    }
    EXPECT_EQ(Rows(path, "SELECT name, \"unique\" FROM pragma_index_list('findings')"),
              std::vector<std::string>{"findings_by_id|1"});
    EXPECT_EQ(Rows(path, "SELECT COUNT(*) FROM findings"), std::vector<std::string>{"300"});
    Store::Transaction save(store, Store::Transaction::ForeignKeys::kUnchecked);
    store.SaveFindings("2025-05-21", second);
    save.Commit();
    EXPECT_TRUE(Rows(path, "PRAGMA foreign_key_check").empty());
  }
  const char* rows = "SELECT rowid, * FROM findings ORDER BY rowid";
  const char* events = "SELECT * FROM finding_events ORDER BY id";
  const char* schema = "SELECT type, name, sql FROM sqlite_schema WHERE tbl_name LIKE 'finding%' ORDER BY name";
  EXPECT_EQ(Rows(path_, rows), Rows(checked_path, rows));
  EXPECT_EQ(Rows(path_, events), Rows(checked_path, events));
  EXPECT_EQ(Rows(path_, schema), Rows(checked_path, schema));
  // 300 raised first, 1 new; the first 100 resolved; f(101)'s row rewritten.
  EXPECT_EQ(Rows(path_, "SELECT status, COUNT(*) FROM findings GROUP BY status"),
            (std::vector<std::string>{"open|201", "resolved|100"}));
  EXPECT_EQ(Rows(path_, "SELECT overdue_working_days FROM findings WHERE project_code = 'P100'"),
            std::vector<std::string>{"5"});
  EXPECT_EQ(Rows(path_, "SELECT json_extract(evidence, '$[0].url') FROM findings WHERE project_code = 'P101'"),
            std::vector<std::string>{"https://x/changed"});
}

// New finding rows go in rows of many (Store::SaveFindings), in the order
// raised, and before the events naming them: here stored findings raised
// again late (an event each, their rows rewritten one by one) sit between
// new ones, so the events fill their batches before the new rows fill
// theirs; the foreign keys are checked.
TEST_F(StoreTest, NewFindingRowsGoInInTheOrderRaisedBeforeTheirEvents) {
  Store store(path_);
  const auto finding = [](const std::string& id) {
    Finding made = AwardMissing();
    made.id = id;
    return made;
  };
  std::vector<Finding> first;
  for (int i = 0; i < 100; ++i) first.push_back(finding("old" + std::to_string(i)));
  store.SaveFindings("2025-05-20", first);
  std::vector<Finding> second;
  std::vector<std::string> expected_order;
  for (const Finding& old : first) expected_order.push_back(old.id);
  int old = 0;
  for (int i = 0; i < 400; ++i) {
    if (i % 4 == 0 && old < 100) {
      second.push_back(first[old++]);
      second.back().kind = "award_late";
    } else {
      second.push_back(finding("new" + std::to_string(i)));
      expected_order.push_back(second.back().id);
    }
  }
  store.SaveFindings("2025-05-21", second);
  EXPECT_EQ(Rows(path_, "SELECT id FROM findings ORDER BY rowid"), expected_order);
  EXPECT_EQ(Rows(path_, "SELECT as_of, COUNT(*) FROM finding_events GROUP BY as_of"),
            (std::vector<std::string>{"2025-05-20|100", "2025-05-21|400"}));
  EXPECT_TRUE(Rows(path_, "PRAGMA foreign_key_check").empty());
  EXPECT_EQ(Rows(path_, "SELECT kind, COUNT(*) FROM findings GROUP BY kind"),
            (std::vector<std::string>{"award_late|100", "award_missing|300"}));
}

// Inside a transaction a failed save undoes only itself (a savepoint): what
// the transaction wrote before it stays, to be committed or not by its owner.
TEST_F(StoreTest, FailedSaveInsideATransactionUndoesOnlyItself) {
  Store store(path_);
  Finding late = AwardMissing();
  late.kind = "award_late";
  Finding blacklisted = late;
  blacklisted.kind = "blacklisted_winner";
  {
    Store::Transaction outer(store);
    store.SaveCheckState({"2025-05-20", 3, "d"}, {{"P1", 1}});
    EXPECT_THROW(store.SaveFindings("2025-05-20", {late, blacklisted}), std::logic_error);
    store.SaveFindings("2025-05-20", {late});
    outer.Commit();
  }
  const auto open = store.Findings("open");
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].kind, "award_late");
  EXPECT_EQ(Events(store.FindingHistory(late.id)), (std::vector<std::string>{"2025-05-20 opened award_late"}));
  EXPECT_EQ(store.LoadCheckState()->notice_seq, 3);
}

TEST_F(StoreTest, FindingHistoryRecordsEachChangeButNotTheDailyTick) {
  Store store(path_);
  const long long run = store.BeginRun("check", "2025-05-20", "t");
  Finding finding = AwardMissing();
  store.SaveFindings("2025-05-20", {finding});  // the check run in progress
  store.FinishRun(run, "t", "done", true, "{}");
  // The next day: one more working day overdue, and a new capture of the same
  // tender payload. Neither is a change of the finding.
  finding.overdue_working_days = 5;
  finding.evidence[0].captured_at = "2025-05-21T09:00:00+08:00";
  store.SaveFindings("2025-05-21", {finding});
  EXPECT_EQ(store.Findings("open")[0].overdue_working_days, 5);
  EXPECT_EQ(store.Findings("open")[0].evidence[0].captured_at, "2025-05-21T09:00:00+08:00");
  // The award appears on 2025-06-01, after its due date: the same id turns late.
  finding.kind = "award_late";
  finding.overdue_working_days = 12;
  finding.evidence.push_back({"https://x/b", "award", "2025-06-01", "2025-06-01T09:00:00+08:00", "bb", {}});
  store.SaveFindings("2025-06-01", {finding});
  // A rule correction moves the due date.
  finding.due = "2025-05-15";
  const long long rerun = store.BeginRun("check", "2025-06-02", "t");
  store.FinishRun(rerun, "t", "done", true, "{}");
  store.SaveFindings("2025-06-02", {finding}, rerun);  // as the caller says
  store.SaveFindings("2025-06-03", {});
  store.SaveFindings("2025-06-10", {finding});

  const auto history = store.FindingHistory("f1");
  EXPECT_EQ(Events(history),
            (std::vector<std::string>{"2025-05-20 opened award_missing", "2025-06-01 late award_late",
                                      "2025-06-02 changed award_late", "2025-06-03 resolved award_late",
                                      "2025-06-10 reopened award_late"}));
  ASSERT_EQ(history.size(), 5u);
  EXPECT_EQ(history[0].run_id, run);
  EXPECT_EQ(history[0].due, "2025-05-14");
  EXPECT_EQ(history[0].overdue_working_days, 4);
  EXPECT_EQ(history[1].run_id, 0);  // saved with no check run in progress
  EXPECT_EQ(history[2].due, "2025-05-15");
  EXPECT_EQ(history[2].run_id, rerun);
  EXPECT_EQ(history[3].status, "resolved");
  EXPECT_EQ(Events(store.FindingEvents("2025-06-02", "2025-06-03")),
            (std::vector<std::string>{"2025-06-02 changed award_late", "2025-06-03 resolved award_late"}));
  const auto open = store.Findings("open");
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].first_seen, "2025-06-10");  // a new episode
  EXPECT_EQ(open[0].last_seen, "2025-06-10");
  EXPECT_EQ(open[0].history.size(), 5u);
}

TEST_F(StoreTest, ChangedEvidenceIsAnEventAndAResolvedFindingKeepsItsLastSeen) {
  Store store(path_);
  Finding finding = AwardMissing();
  finding.kind = "field_missing";
  finding.due.reset();
  finding.evidence[0].missing = {{"experts", "GP-12"}};
  store.SaveFindings("2025-05-20", {finding});
  store.SaveFindings("2025-05-21", {finding});
  finding.evidence[0].missing.push_back({"amount_yuan", "GP-12"});  // the edited notice lacks one more item
  store.SaveFindings("2025-05-22", {finding});
  store.SaveFindings("2025-05-23", {});
  EXPECT_EQ(store.Findings("resolved")[0].last_seen, "2025-05-22");  // the last check that raised it
  EXPECT_EQ(store.Findings("resolved")[0].evidence[0].published_from, "");
  // Raised again the same day with its published date from the capture: kept as such.
  finding.evidence[0].published = "2025-04-02";  // the capture day: the site gave none
  finding.evidence[0].published_from = "capture";
  store.SaveFindings("2025-05-23", {finding});
  EXPECT_EQ(store.Findings("open")[0].evidence[0].published_from, "capture");
  store.SaveFindings("2025-05-23", {});
  EXPECT_EQ(Events(store.FindingHistory("f1")),
            (std::vector<std::string>{"2025-05-20 opened field_missing", "2025-05-22 changed field_missing",
                                      "2025-05-23 resolved field_missing", "2025-05-23 reopened field_missing",
                                      "2025-05-23 resolved field_missing"}));
  const auto resolved = store.Findings("resolved");
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].first_seen, "2025-05-23");
  EXPECT_EQ(resolved[0].last_seen, "2025-05-23");
}

TEST_F(StoreTest, AnEarlierCheckRecordsNoHistoryAndTheNextCheckComparesWithTheHistory) {
  Store store(path_);
  const Finding finding = AwardMissing();
  store.SaveFindings("2025-12-31", {finding});
  // Checked again as of 2025-05-01: the award was not due yet, nothing is raised.
  // The rows show that check (what `report` would publish) ...
  store.SaveFindings("2025-05-01", {});
  EXPECT_TRUE(store.Findings("open").empty());
  // ... but the history, ordered by as_of, is left as the later check saw it.
  EXPECT_EQ(Events(store.FindingHistory("f1")), (std::vector<std::string>{"2025-12-31 opened award_missing"}));
  // Back to 2026-01-05: still open, as the history says; no "reopened".
  store.SaveFindings("2026-01-05", {finding});
  EXPECT_EQ(Events(store.FindingHistory("f1")), (std::vector<std::string>{"2025-12-31 opened award_missing"}));
  // And the rows follow the history again: a resolution is an event.
  store.SaveFindings("2026-01-06", {});
  EXPECT_EQ(Events(store.FindingHistory("f1")),
            (std::vector<std::string>{"2025-12-31 opened award_missing", "2026-01-06 resolved award_missing"}));
}

TEST_F(StoreTest, SavingManyFindingsRewritesOnlyWhatChanged) {
  Store store(path_);
  std::vector<Finding> findings;
  for (int i = 0; i < 2000; ++i) {
    Finding finding = AwardMissing();
    finding.id = "f" + std::to_string(i);
    findings.push_back(finding);
  }
  store.SaveFindings("2025-05-20", findings);
  findings[7].kind = "award_late";
  findings.pop_back();  // f1999 resolves
  for (Finding& finding : findings) ++finding.overdue_working_days;
  store.SaveFindings("2025-05-21", findings);
  EXPECT_EQ(store.FindingEvents("2025-05-20", "2025-05-20").size(), 2000u);
  EXPECT_EQ(Events(store.FindingEvents("2025-05-21", "2025-05-21")),
            (std::vector<std::string>{"2025-05-21 late award_late", "2025-05-21 resolved award_missing"}));
  const auto open = store.Findings("open");
  ASSERT_EQ(open.size(), 1999u);
  for (const Finding& finding : open) {
    EXPECT_EQ(finding.overdue_working_days, 5) << finding.id;
    EXPECT_EQ(finding.last_seen, "2025-05-21") << finding.id;
  }
}

// The first save writes the events' indexes after the rows (Store::SaveFindings):
// the history reads the same as when each event went into them.
TEST_F(StoreTest, FirstSaveOfManyFindingsLeavesTheEventIndexesAsTheSchemaHasThem) {
  Store store(path_);
  const auto schema = [&] {
    return Rows(path_,
                "SELECT sql FROM sqlite_schema WHERE tbl_name = 'finding_events' AND type = 'index' ORDER BY name");
  };
  const std::vector<std::string> indexes = schema();
  ASSERT_EQ(indexes.size(), 2u);
  std::vector<Finding> findings;
  for (int i = 0; i < 300; ++i) {  // more than one row batch of events
    Finding finding = AwardMissing();
    finding.id = "f" + std::to_string(i);
    finding.evidence[0].sha256 = std::to_string(i);
    findings.push_back(finding);
  }
  store.SaveFindings("2025-05-20", findings);
  EXPECT_EQ(schema(), indexes);
  EXPECT_EQ(Rows(path_, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  // Events are numbered in the order of the findings, each with its evidence digest.
  EXPECT_EQ(Rows(path_, "SELECT COUNT(*), MIN(id), MAX(id) FROM finding_events"),
            std::vector<std::string>{"300|1|300"});
  EXPECT_EQ(Rows(path_, "SELECT finding_id FROM finding_events WHERE id IN (1, 300) ORDER BY id"),
            (std::vector<std::string>{"f0", "f299"}));
  EXPECT_EQ(Rows(path_, "SELECT COUNT(DISTINCT evidence_digest) FROM finding_events"), std::vector<std::string>{"300"});
  // A later save goes through the indexes: f5 changes, f299 resolves.
  findings[5].evidence[0].sha256 = "new";
  findings.pop_back();
  store.SaveFindings("2025-05-21", findings);
  EXPECT_EQ(Events(store.FindingHistory("f5")),
            (std::vector<std::string>{"2025-05-20 opened award_missing", "2025-05-21 changed award_missing"}));
  EXPECT_EQ(Events(store.FindingEvents("2025-05-21", "2025-05-21")),
            (std::vector<std::string>{"2025-05-21 changed award_missing", "2025-05-21 resolved award_missing"}));
  EXPECT_EQ(Rows(path_, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
}

// A save that fails midway (here: the events name a run that does not exist,
// after the finding rows went in) leaves the store as the last save left it,
// the indexes the first save drops included.
TEST_F(StoreTest, FailedSaveLeavesThePreviousFindings) {
  Store store(path_);
  std::vector<Finding> findings;
  for (int i = 0; i < 200; ++i) {
    Finding finding = AwardMissing();
    finding.id = "f" + std::to_string(i);
    findings.push_back(finding);
  }
  const std::string indexes = "SELECT name FROM sqlite_schema WHERE tbl_name = 'finding_events' AND type = 'index'";
  const std::vector<std::string> before = Rows(path_, indexes);
  EXPECT_THROW(store.SaveFindings("2025-05-20", findings, 4242), StoreError);
  EXPECT_TRUE(store.Findings("").empty());
  EXPECT_EQ(Rows(path_, indexes), before);
  store.SaveFindings("2025-05-20", findings);
  // A later save fails as well: f0 would have changed and f199 resolved.
  std::vector<Finding> changed(findings.begin(), findings.end() - 1);
  changed[0].kind = "award_late";
  EXPECT_THROW(store.SaveFindings("2025-05-21", changed, 4242), StoreError);
  const auto open = store.Findings("open");
  ASSERT_EQ(open.size(), 200u);
  for (const Finding& finding : open) {
    EXPECT_EQ(finding.kind, "award_missing") << finding.id;
    EXPECT_EQ(Events(finding.history), std::vector<std::string>{"2025-05-20 opened award_missing"}) << finding.id;
  }
  EXPECT_EQ(store.NewestCheckedAsOf(), "2025-05-20");
}

// What a finding's row is compared with at the next check: the digests are
// stored, so their values must not change between builds (this one was
// written by gapwatch 3fef6d3).
TEST_F(StoreTest, StoredFindingDigestsKeepTheirValues) {
  Store store(path_);
  Finding finding = AwardMissing();
  finding.evidence[0].missing = {{"中标金额", "GP-12"}};
  store.SaveFindings("2025-05-20", {finding});
  EXPECT_EQ(Rows(path_, "SELECT content_digest, evidence_digest FROM findings"),
            std::vector<std::string>{"-3531251379194719647|2010161976205884141"});
}

TEST_F(StoreTest, VersionFourStoreStartsEachHistoryFromItsRow) {
  {
    Store store(path_);
    Finding open = AwardMissing();
    Finding resolved = AwardMissing();
    resolved.id = "f2";
    store.SaveFindings("2025-05-20", {open, resolved});
    store.SaveFindings("2025-05-22", {open});
  }
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_TRUE(TakeBackTo(db, 4));
  // Schema 4 dated every open row by the last check.
  ASSERT_EQ(sqlite3_exec(db, "UPDATE findings SET last_seen = '2025-05-22' WHERE id = 'f1'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=4", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  Store store(path_);
  EXPECT_EQ(Pragma(path_, "user_version"), std::to_string(Store::kSchemaVersion));
  EXPECT_EQ(Events(store.FindingHistory("f1")), (std::vector<std::string>{"2025-05-20 opened award_missing"}));
  EXPECT_EQ(Events(store.FindingHistory("f2")),
            (std::vector<std::string>{"2025-05-20 opened award_missing", "2025-05-22 resolved award_missing"}));
  EXPECT_EQ(store.Findings("open")[0].last_seen, "2025-05-22");
  // The first check after the migration: unchanged, no event; then a real change is one.
  Finding open = AwardMissing();
  store.SaveFindings("2025-05-23", {open});
  open.evidence[0].sha256 = "cc";
  store.SaveFindings("2025-05-24", {open});
  EXPECT_EQ(Events(store.FindingHistory("f1")),
            (std::vector<std::string>{"2025-05-20 opened award_missing", "2025-05-24 changed award_missing"}));
}

TEST_F(StoreTest, ReopenedDatabaseKeepsData) {
  {
    Store store(path_);
    store.BeginRun("check", "2025-06-30", "t");
  }
  Store store(path_);
  EXPECT_FALSE(store.LatestRun("check"));  // never finished
  const long long run = store.BeginRun("check", "2025-07-01", "t");
  store.FinishRun(run, "t2", "done", true, "{}");
  ASSERT_TRUE(store.LatestRun("check"));
  EXPECT_EQ(store.LatestRun("check")->as_of, "2025-07-01");
}

TEST_F(StoreTest, FrontierQueuesEachUrlOnceAndRecordsAFetchWithWhatItFound) {
  Store store(path_);
  store.UpsertSite("procurement", "https://x");
  const long long run = store.BeginRun("crawl", "2025-06-30", "t");
  store.BeginCrawlCycle("procurement", {run, "2025-06-30T08:00:00+08:00", false},
                        {{"https://x/list?p=1", "list", "gpcms", 1, 0}});
  ASSERT_EQ(store.QueuedFrontier("procurement").size(), 1u);
  Capture list = MakeCapture("https://x/list?p=1", "[1,2]", "11");
  list.page = "list";
  const auto recorded = store.RecordFetch("procurement", list.url, &list, run,
                                          {{"https://x/a", "detail", "gpcms", 0, 0},
                                           {"https://x/list?p=1", "list", "gpcms", 1, 0},
                                           {"https://x/list?p=2", "list", "gpcms", 2, 3}},
                                          {{"https://x/a", "gpcms", "fingerprint-a"}});
  EXPECT_GT(recorded.capture_id, 0);
  ASSERT_EQ(recorded.queued.size(), 2u) << "the list page itself was in the frontier already";
  EXPECT_EQ(recorded.queued[1].known_streak, 3);
  const auto queued = store.QueuedFrontier("procurement");
  ASSERT_EQ(queued.size(), 2u);
  EXPECT_EQ(queued[0].url, "https://x/a");
  EXPECT_EQ(store.ListItemFingerprint("procurement", "https://x/a"), "fingerprint-a");
  EXPECT_EQ(store.ListItems("procurement")[0].list_capture_id, recorded.capture_id);

  // A fetch that fails to record leaves nothing half done.
  EXPECT_THROW(store.RecordFetch("procurement", "https://x/a", nullptr, run, {}, {{"https://x/b", "gpcms", "f"}}),
               StoreError);
  EXPECT_EQ(store.QueuedFrontier("procurement").size(), 2u) << "rolled back: https://x/a is still to fetch";

  store.FinishCrawlCycle("procurement");
  EXPECT_FALSE(store.OpenCrawlCycle("procurement"));
  EXPECT_TRUE(store.QueuedFrontier("procurement").empty());
  EXPECT_TRUE(store.ListItemFingerprint("procurement", "https://x/a")) << "list items outlive the cycle";
}

TEST_F(StoreTest, RevisitCaptureStandsForItsPayload) {
  Store store(path_);
  store.UpsertSite("procurement", "https://x");
  const long long run = store.BeginRun("crawl", "2025-06-30", "t");
  Capture original = MakeCapture("https://x/a", "body", "aa");
  original.headers = "HTTP/1.1 200 OK\r\nETag: \"v1\"\r\n\r\n";
  original.content_encoding = "gzip";
  store.AddCapture(original, run);
  Capture not_modified = MakeCapture("https://x/a", "", "aa");
  not_modified.status = 304;
  not_modified.revisit = "server-not-modified";
  not_modified.warc_file = "w.warc.gz";
  not_modified.warc_offset = 77;
  not_modified.warc_record_id = "<urn:uuid:1>";
  store.AddCapture(not_modified, run);
  const auto latest = store.LatestCompleteCapture("procurement", "https://x/a", true);
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->status, 304);
  EXPECT_EQ(latest->body, "body") << "the payload the 304 confirmed";
  EXPECT_EQ(latest->warc_offset, 77);
  EXPECT_EQ(latest->warc_record_id, "<urn:uuid:1>");
  EXPECT_TRUE(store.LatestCompleteCapture("procurement", "https://x/a")->body.empty()) << "no body unless asked";
  EXPECT_EQ(store.LatestOkHeaders("procurement", "https://x/a"), original.headers) << "validators come from the 200";
}

TEST_F(StoreTest, SiteHealthRoundTrips) {
  Store store(path_);
  store.UpsertSite("procurement", "https://x");
  EXPECT_FALSE(store.LoadSiteHealth("procurement").last_crawl_at);
  Store::SiteHealth health;
  health.last_crawl_at = 1700000000;
  health.consecutive_failures = 3;
  health.unhealthy_since = "2025-06-30T08:00:00+08:00";
  health.last_result = "{\"pages\":5}";
  store.SaveSiteHealth("procurement", health);
  const auto loaded = store.LoadSiteHealth("procurement");
  EXPECT_EQ(loaded.last_crawl_at, 1700000000);
  EXPECT_FALSE(loaded.last_full_at);
  EXPECT_EQ(loaded.consecutive_failures, 3);
  EXPECT_EQ(loaded.unhealthy_since, "2025-06-30T08:00:00+08:00");
  EXPECT_EQ(loaded.last_result, "{\"pages\":5}");
  EXPECT_EQ(loaded.recovered_from, "");
  EXPECT_EQ(loaded.recovered_at, "");
  // It recovers: healthy again, and it says since when it had been unhealthy.
  health.consecutive_failures = 0;
  health.unhealthy_since = "";
  health.recovered_from = "2025-06-30T08:00:00+08:00";
  health.recovered_at = "2025-07-01T08:00:00+08:00";
  store.SaveSiteHealth("procurement", health);
  const auto recovered = store.LoadSiteHealth("procurement");
  EXPECT_EQ(recovered.unhealthy_since, "");
  EXPECT_EQ(recovered.recovered_from, "2025-06-30T08:00:00+08:00");
  EXPECT_EQ(recovered.recovered_at, "2025-07-01T08:00:00+08:00");
}

AlertRecord SampleAlert(const std::string& subscription, const std::string& event_key, long long created_at) {
  AlertRecord alert;
  alert.subscription = subscription;
  alert.event_key = event_key;
  alert.channel = "newsroom";
  alert.subject = "新发现：未公示中标结果 <script>";
  alert.text = "正文\r\nBcc: x@example.org";
  alert.json = "{\"event\":\"" + event_key + "\"}";
  alert.created_at = created_at;
  return alert;
}

std::vector<std::string> EventKeys(const std::vector<AlertRecord>& alerts) {
  std::vector<std::string> keys;
  for (const AlertRecord& alert : alerts) keys.push_back(alert.subscription + "/" + alert.event_key);
  return keys;
}

TEST_F(StoreTest, AnAlertIsEnqueuedOncePerSubscriptionAndEventKeyAndKeptAsGiven) {
  Store store(path_);
  AlertRecord alert = SampleAlert("all-new", "opened:abc", 1000);
  alert.attempts = 7;  // the outbox's own: ignored
  alert.sent_at = 5;
  alert.abandoned = true;
  EXPECT_TRUE(store.EnqueueAlert(alert));
  EXPECT_TRUE(store.EnqueueAlert(SampleAlert("buyers", "opened:abc", 1001)));  // the same event, another subscription
  AlertRecord again = SampleAlert("all-new", "opened:abc", 2000);
  again.subject = "changed";
  EXPECT_FALSE(store.EnqueueAlert(again));
  const std::vector<AlertRecord> alerts = store.Alerts();
  ASSERT_EQ(EventKeys(alerts), (std::vector<std::string>{"all-new/opened:abc", "buyers/opened:abc"}));
  const AlertRecord& stored = alerts[0];
  EXPECT_GT(stored.id, 0);
  EXPECT_EQ(stored.channel, "newsroom");
  EXPECT_EQ(stored.subject, alert.subject);  // the first one's, verbatim
  EXPECT_EQ(stored.text, alert.text);
  EXPECT_EQ(stored.json, alert.json);
  EXPECT_EQ(stored.created_at, 1000);
  EXPECT_EQ(stored.next_attempt_at, 1000);
  EXPECT_EQ(stored.attempts, 0);
  EXPECT_FALSE(stored.sent_at);
  EXPECT_FALSE(stored.abandoned);
  EXPECT_EQ(stored.last_error, "");
  // Sent, it is never enqueued again either.
  store.MarkAlertSent(stored.id, 1100);
  EXPECT_FALSE(store.EnqueueAlert(alert));
  EXPECT_EQ(store.Alerts().size(), 2u);
}

TEST_F(StoreTest, AlertsDueAreThoseNeitherSentNorAbandonedWhoseTimeHasComeOldestFirst) {
  Store store(path_);
  for (const char* key : {"a", "b", "c", "d"}) ASSERT_TRUE(store.EnqueueAlert(SampleAlert("s", key, 1000)));
  ASSERT_TRUE(store.EnqueueAlert(SampleAlert("s", "later", 1500)));
  EXPECT_TRUE(store.AlertsDue(999).empty());
  const std::vector<AlertRecord> due = store.AlertsDue(1000);
  ASSERT_EQ(EventKeys(due), (std::vector<std::string>{"s/a", "s/b", "s/c", "s/d"}));
  store.MarkAlertSent(due[0].id, 1001);
  store.MarkAlertFailed(due[1].id, "channel 'newsroom' (POST http://127.0.0.1:9/hook): HTTP 500", 1200);
  store.MarkAlertFailed(due[2].id, "channel 'newsroom': gave up", std::nullopt);
  EXPECT_EQ(EventKeys(store.AlertsDue(1199)), std::vector<std::string>{"s/d"});
  EXPECT_EQ(EventKeys(store.AlertsDue(1200)), (std::vector<std::string>{"s/b", "s/d"}));
  EXPECT_EQ(EventKeys(store.AlertsDue(1500)), (std::vector<std::string>{"s/b", "s/d", "s/later"}));
  const std::vector<AlertRecord> alerts = store.Alerts();
  EXPECT_EQ(alerts[0].sent_at, 1001);
  EXPECT_EQ(alerts[0].attempts, 1);
  EXPECT_EQ(alerts[1].attempts, 1);
  EXPECT_EQ(alerts[1].next_attempt_at, 1200);
  EXPECT_EQ(alerts[1].last_error, "channel 'newsroom' (POST http://127.0.0.1:9/hook): HTTP 500");
  EXPECT_FALSE(alerts[1].abandoned);
  EXPECT_TRUE(alerts[2].abandoned);
  EXPECT_EQ(alerts[2].next_attempt_at, 1000);  // as it was
  EXPECT_EQ(alerts[2].last_error, "channel 'newsroom': gave up");
  // A second failure counts; a send clears the error; a sent alert stays sent.
  store.MarkAlertFailed(alerts[1].id, "HTTP 502", 1400);
  store.MarkAlertSent(alerts[1].id, 1450);
  store.MarkAlertFailed(alerts[1].id, "late news of an earlier attempt", 9999);
  const AlertRecord retried = store.Alerts()[1];
  EXPECT_EQ(retried.attempts, 3);
  EXPECT_EQ(retried.sent_at, 1450);
  EXPECT_EQ(retried.last_error, "");
  EXPECT_EQ(EventKeys(store.AlertsDue(100000)), (std::vector<std::string>{"s/d", "s/later"}));
}

TEST_F(StoreTest, AnAlertIsClaimedByOneDelivererAtATime) {
  Store store(path_);
  Store other(path_);  // another process's deliverer
  ASSERT_TRUE(store.EnqueueAlert(SampleAlert("s", "a", 1000)));
  const std::vector<AlertRecord> seen = store.AlertsDue(1000);
  ASSERT_EQ(other.AlertsDue(1000).size(), 1u);  // both read it due
  EXPECT_TRUE(store.ClaimAlert(seen[0].id, seen[0].next_attempt_at, 1030));
  EXPECT_FALSE(other.ClaimAlert(seen[0].id, seen[0].next_attempt_at, 1030));
  EXPECT_TRUE(other.AlertsDue(1029).empty());
  EXPECT_EQ(other.AlertsDue(1030).size(), 1u);  // the claimer died: due again when its attempt would have ended
  store.MarkAlertSent(seen[0].id, 1010);
  EXPECT_FALSE(other.ClaimAlert(seen[0].id, 1030, 1100));
  EXPECT_TRUE(other.AlertsDue(100000).empty());
}

// Schema 15: a 14 store keeps its captures and site health, gains an empty
// outbox and the recoveries' columns, and a payload's capture is found by
// an index on its hash.
TEST_F(StoreTest, VersionFourteenStoreGainsTheAlertOutboxSiteRecoveriesAndCapturesByHash) {
  {
    Store store(path_);
    store.UpsertSite("procurement", "https://x");
    const long long run = store.BeginRun("crawl", "2025-06-30", "t");
    Capture capture = MakeCapture("https://x/a", "body", "aa");
    capture.content_type = "text/html";
    store.AddCapture(capture, run);
    Store::SiteHealth health;
    health.consecutive_failures = 2;
    health.unhealthy_since = "2025-06-29T08:00:00+08:00";
    store.SaveSiteHealth("procurement", health);
  }
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_TRUE(TakeBackTo(db, 14));
  sqlite3_close(db);
  const char* health_rows = "SELECT site, consecutive_failures, unhealthy_since FROM site_health";
  const std::vector<std::string> before = Rows(path_, health_rows);
  ASSERT_EQ(before, std::vector<std::string>{"procurement|2|2025-06-29T08:00:00+08:00"});
  ASSERT_EQ(Rows(path_, "SELECT COUNT(*) FROM sqlite_schema WHERE name IN ('alert_outbox', 'captures_by_sha256')"),
            std::vector<std::string>{"0"});
  Store store(path_);
  EXPECT_EQ(Pragma(path_, "user_version"), "15");
  EXPECT_EQ(Rows(path_, health_rows), before);
  const Store::SiteHealth health = store.LoadSiteHealth("procurement");
  EXPECT_EQ(health.recovered_from, "");
  EXPECT_EQ(health.recovered_at, "");
  EXPECT_TRUE(store.Alerts().empty());
  EXPECT_EQ(Rows(path_, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  const auto payload = store.PayloadBySha256("aa");
  ASSERT_TRUE(payload);
  EXPECT_EQ(payload->content_type, "text/html");
  // PayloadBySha256's query of captures (store.cc), as the planner takes it:
  // a search of the hash's index, in id order without a sort.
  const std::vector<std::string> plan =
      Rows(path_,
           "EXPLAIN QUERY PLAN SELECT content_type, content_encoding FROM captures WHERE sha256 = 'aa' "
           "ORDER BY id LIMIT 1");
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_NE(plan[0].find("SEARCH captures USING INDEX captures_by_sha256 (sha256=?)"), std::string::npos) << plan[0];
  EXPECT_TRUE(store.EnqueueAlert(SampleAlert("s", "k", 1)));
}

TEST_F(StoreTest, VersionTwoStoreIsMigratedToTakeLookupPages) {
  {
    Store store(path_);
    store.UpsertSite("procurement", "https://x");
    store.UpsertSite("trading", "https://x");
    store.AddCapture(MakeCapture("https://x/a", "body", "aa"), store.BeginRun("crawl", "2025-06-30", "t"));
  }
  // Schema 2 as version 0.2 wrote it: pages were lists and details only, and a
  // lookup was silently dropped by INSERT OR IGNORE (the bug version 3 fixes).
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_TRUE(TakeBackTo(db, 3));
  ASSERT_TRUE(ExecuteAll(
      db, std::vector<std::string>{
              "PRAGMA writable_schema=ON",
              "UPDATE sqlite_schema SET sql = replace(sql, ', ''lookup''', '') WHERE name IN ('captures', 'frontier')",
              "PRAGMA writable_schema=OFF", "PRAGMA user_version=2"}));
  sqlite3_close(db);
  ASSERT_EQ(Pragma(path_, "user_version"), "2");
  Store store(path_);
  EXPECT_EQ(Pragma(path_, "user_version"), std::to_string(Store::kSchemaVersion));
  EXPECT_TRUE(store.LatestCompleteCapture("procurement", "https://x/a").has_value());
  Capture lookup = MakeCapture("https://x/nodes#gapwatch-lookup=data&detail=x", "{}", "bb");
  lookup.site = "trading";
  lookup.page = "lookup";
  store.AddCapture(lookup, store.BeginRun("crawl", "2025-07-01", "t"));
  const auto stored = store.LatestCompleteCapture("trading", lookup.url);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->page, "lookup");
}

TEST_F(StoreTest, VersionOneStoreIsMigratedKeepingItsCaptures) {
  {
    Store store(path_);
    store.UpsertSite("procurement", "https://x");
    store.AddCapture(MakeCapture("https://x/a", "body", "aa"), store.BeginRun("crawl", "2025-06-30", "t"));
  }
  // Take the store back to schema 1 as version 0.1 wrote it: without the columns and tables of 2.
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_TRUE(TakeBackTo(db, 3));
  ASSERT_TRUE(ExecuteAll(
      db, std::vector<std::string>{
              "DROP TABLE frontier", "DROP TABLE crawl_cycles", "DROP TABLE list_items", "DROP TABLE site_health",
              "ALTER TABLE captures DROP COLUMN revisit", "ALTER TABLE captures DROP COLUMN content_encoding",
              "ALTER TABLE captures DROP COLUMN attempts", "ALTER TABLE captures DROP COLUMN truncated",
              "ALTER TABLE captures DROP COLUMN warc_file", "ALTER TABLE captures DROP COLUMN warc_offset",
              "ALTER TABLE captures DROP COLUMN warc_length", "ALTER TABLE captures DROP COLUMN warc_record_id",
              "PRAGMA user_version=1"}));
  sqlite3_close(db);
  Store store(path_);
  EXPECT_EQ(Pragma(path_, "user_version"), std::to_string(Store::kSchemaVersion));
  const auto capture = store.LatestCompleteCapture("procurement", "https://x/a", true);
  ASSERT_TRUE(capture);
  EXPECT_EQ(capture->body, "body");
  EXPECT_EQ(capture->attempts, 1);
  EXPECT_TRUE(capture->revisit.empty());
  EXPECT_FALSE(store.OpenCrawlCycle("procurement"));
}

}  // namespace
TEST_F(StoreTest, VersionThreeStoreIsMigratedToKeepNoticeHistories) {
  {
    Store store(path_);
    store.UpsertSite("procurement", "https://x");
    const long long capture =
        store.AddCapture(MakeCapture("https://x/a", "body", "aa"), store.BeginRun("crawl", "2025-06-30", "t"));
    Notice notice;
    notice.site = "procurement";
    notice.url = "https://x/a";
    store.ReplaceNotices("procurement", {{notice, capture, 0, ""}}, {});
  }
  // Schema 3: without the tables and the columns of 4.
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_TRUE(TakeBackTo(db, 3));
  sqlite3_close(db);
  Store store(path_);
  EXPECT_EQ(Pragma(path_, "user_version"), std::to_string(Store::kSchemaVersion));
  EXPECT_EQ(store.CountNotices("procurement"), 1);  // kept, with no history yet
  EXPECT_TRUE(store.NoticeTracks().empty());
  const long long run = store.BeginRun("crawl", "2025-07-01", "t");
  const long long capture = store.AddCapture(MakeCapture("https://x/a", "edited", "bb"), run);
  Notice notice;
  notice.site = "procurement";
  notice.url = "https://x/a";
  store.ReplaceNotices("procurement", {{notice, capture, 0, "c2"}}, {});
  store.RecordFullWalk("procurement", run);
  EXPECT_TRUE(store.NoticeTracks().empty());  // one content since the migration
  const long long edited = store.AddCapture(MakeCapture("https://x/a", "edited again", "cc"), run);
  store.ReplaceNotices("procurement", {{notice, edited, 0, "c3"}}, {});
  const auto tracks = store.NoticeTracks();
  ASSERT_EQ(tracks.size(), 1u);
  EXPECT_EQ(tracks[0].contents.size(), 2u);
}

TEST_F(StoreTest, VersionSevenStoreIsMigratedToFindTheNoticesThatChangedContent) {
  {
    Store store(path_);
    store.UpsertSite("procurement", "https://x");
    const long long run = store.BeginRun("crawl", "2025-06-30", "t");
    Notice changed;
    changed.site = "procurement";
    changed.url = "https://x/a";
    Notice same = changed;
    same.url = "https://x/b";
    const long long a1 = store.AddCapture(MakeCapture("https://x/a", "a1", "a1"), run);
    const long long b1 = store.AddCapture(MakeCapture("https://x/b", "b1", "b1"), run);
    store.ReplaceNotices("procurement", {{changed, a1, 0, "a-content-1"}, {same, b1, 0, "b-content-1"}}, {});
    const long long a2 = store.AddCapture(MakeCapture("https://x/a", "a2", "a2"), run);
    const long long b2 = store.AddCapture(MakeCapture("https://x/b", "b2", "b2"), run);
    // /a shows a second content; /b new bytes of the same content.
    store.ReplaceNotices("procurement", {{changed, a2, 0, "a-content-2"}, {same, b2, 0, "b-content-1"}}, {});
  }
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_TRUE(TakeBackTo(db, 7));
  sqlite3_close(db);
  Store store(path_);
  EXPECT_EQ(Pragma(path_, "user_version"), std::to_string(Store::kSchemaVersion));
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &reader), SQLITE_OK);
  // Only the second content of /a follows another.
  EXPECT_EQ(Rows(reader, "SELECT url, content_sha256, follows_another FROM notice_contents ORDER BY rowid"),
            (std::vector<std::string>{"https://x/a|a-content-1|0", "https://x/b|b-content-1|0",
                                      "https://x/a|a-content-2|1"}));
  sqlite3_close(reader);
  auto tracks = store.NoticeTracks();
  ASSERT_EQ(tracks.size(), 1u);
  EXPECT_EQ(tracks[0].url, "https://x/a");
  ASSERT_EQ(tracks[0].contents.size(), 2u);
  EXPECT_EQ(tracks[0].contents[0].sha256, "a1");
  EXPECT_EQ(tracks[0].contents[1].sha256, "a2");
  // A content stored after the migration is flagged as it is written: /b now has two.
  Notice same;
  same.site = "procurement";
  same.url = "https://x/b";
  const long long b3 = store.AddCapture(MakeCapture("https://x/b", "b3", "b3"), store.BeginRun("crawl", "d", "t"));
  store.ReplaceNotices("procurement", {{same, b3, 0, "b-content-2"}}, {});
  tracks = store.NoticeTracks();
  // /a was not extracted this time: its notice is gone, and with it its track.
  ASSERT_EQ(tracks.size(), 1u);
  EXPECT_EQ(tracks[0].url, "https://x/b");
  ASSERT_EQ(tracks[0].contents.size(), 2u);
  EXPECT_EQ(tracks[0].contents[0].sha256, "b1");
  EXPECT_EQ(tracks[0].contents[1].sha256, "b3");
}

// Schema 9 copies each notice's capture time and hash onto its row: a store
// of 8 gets them from the captures its notices name, each its own.
TEST_F(StoreTest, VersionEightStoreIsMigratedToCarryEachNoticesCaptureTimeAndHash) {
  Capture first = MakeCapture("https://x/a", "a", std::string(64, 'a'));
  first.captured_at = "2025-06-30T08:00:00+08:00";
  Capture second = MakeCapture("https://x/b", "b", std::string(64, 'b'));
  second.captured_at = "2025-07-01T09:15:00+08:00";
  {
    Store store(path_);
    store.UpsertSite("procurement", "https://x");
    const long long run = store.BeginRun("crawl", "2025-06-30", "t");
    Notice a;
    a.site = "procurement";
    a.url = first.url;
    Notice b = a;
    b.url = second.url;
    // Captured in the other order than extracted: capture and notice ids differ.
    const long long second_id = store.AddCapture(second, run);
    const long long first_id = store.AddCapture(first, run);
    store.ReplaceNotices("procurement", {{a, first_id, 0, "a"}, {b, second_id, 0, "b"}}, {});
  }
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_TRUE(TakeBackTo(db, 8));
  sqlite3_close(db);
  Store store(path_);
  EXPECT_EQ(Pragma(path_, "user_version"), std::to_string(Store::kSchemaVersion));
  EXPECT_EQ(CaptureStampsOf(store),
            (std::vector<std::string>{
                "full " + first.captured_at + " " + first.sha256, "full " + second.captured_at + " " + second.sha256,
                "by id " + first.captured_at + " " + first.sha256, "by id " + second.captured_at + " " + second.sha256,
                "outline " + first.captured_at, "outline " + second.captured_at}));
}

// Schema 12 rebuilds the findings table around an index of the ids: a store
// of 11 keeps every row as it was, rowid included (rows in an order of
// their own here), and every event (none deleted with the old table).
TEST_F(StoreTest, VersionElevenStoreKeepsItsFindingRowsAndTheirHistory) {
  {
    Store store(path_);
    Finding open = AwardMissing();
    Finding resolved = AwardMissing();
    resolved.id = "f2";
    Finding third = AwardMissing();
    third.id = "f3";
    store.SaveFindings("2025-05-20", {open, resolved, third});
    store.SaveFindings("2025-05-22", {open, third});
  }
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_TRUE(TakeBackTo(db, 11));
  ASSERT_TRUE(ExecuteAll(db, std::vector<std::string>{"UPDATE findings SET rowid = 10 - rowid"}));
  sqlite3_close(db);
  const char* rows = "SELECT rowid, * FROM findings ORDER BY rowid";
  const char* events = "SELECT * FROM finding_events ORDER BY id";
  const std::vector<std::string> rows_before = Rows(path_, rows);
  const std::vector<std::string> events_before = Rows(path_, events);
  ASSERT_EQ(rows_before.size(), 3u);
  ASSERT_EQ(events_before.size(), 4u);  // three opened, one resolved
  ASSERT_EQ(rows_before[0].substr(0, 5), "7|f3|");
  Store store(path_);
  EXPECT_EQ(Pragma(path_, "user_version"), std::to_string(Store::kSchemaVersion));
  EXPECT_EQ(Rows(path_, rows), rows_before);
  EXPECT_EQ(Rows(path_, events), events_before);
  EXPECT_EQ(Rows(path_, "SELECT name, \"unique\" FROM pragma_index_list('findings')"),
            std::vector<std::string>{"findings_by_id|1"});
  EXPECT_TRUE(Rows(path_, "PRAGMA foreign_key_check").empty());
  // The next save finds the rows by id: f2 reopened in its own row, f1 resolved.
  store.SaveFindings("2025-05-23", {AwardMissing(), [] {
                                      Finding reopened = AwardMissing();
                                      reopened.id = "f2";
                                      return reopened;
                                    }()});
  EXPECT_EQ(Rows(path_, "SELECT rowid, id, status FROM findings ORDER BY rowid"),
            (std::vector<std::string>{"7|f3|resolved", "8|f2|open", "9|f1|open"}));
  EXPECT_EQ(Events(store.FindingHistory("f2")),
            (std::vector<std::string>{"2025-05-20 opened award_missing", "2025-05-22 resolved award_missing",
                                      "2025-05-23 reopened award_missing"}));
}

TEST_F(StoreTest, ReplaceProjectsWritesOnlyWhatDiffers) {
  Store store(path_);
  store.UpsertSite("procurement", "https://x");
  const long long run = store.BeginRun("crawl", "2025-06-30", "t");
  std::vector<Store::ExtractedNotice> extracted;
  for (const char* url : {"https://x/a", "https://x/b", "https://x/c"}) {
    Notice notice;
    notice.site = "procurement";
    notice.url = url;
    extracted.push_back({notice, store.AddCapture(MakeCapture(url, url, url), run), 0, url});
  }
  store.ReplaceNotices("procurement", extracted, {});
  std::map<std::string, long long> id;
  for (const NoticeWithEvidence& item : store.Notices()) id[item.notice.url] = item.notice_id;
  const auto a = id["https://x/a"], b = id["https://x/b"], c = id["https://x/c"];

  store.ReplaceProjects({{"P1", "one", "buyer", "procurement", "procurement", {b, a}},
                         {"P2", "two", "buyer", "procurement", "procurement", {c}}});
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &reader), SQLITE_OK);
  const auto version = [&] { return Rows(reader, "PRAGMA data_version"); };
  const std::string links = "SELECT project_code, notice_id FROM project_notices ORDER BY 1, 2";
  const std::string projects = "SELECT code, title FROM projects ORDER BY 1";
  EXPECT_EQ(Rows(reader, links), (std::vector<std::string>{"P1|" + std::to_string(a), "P1|" + std::to_string(b),
                                                           "P2|" + std::to_string(c)}));
  const auto before = version();
  // The same grouping in another order: nothing is written.
  store.ReplaceProjects({{"P2", "two", "buyer", "procurement", "procurement", {c}},
                         {"P1", "one", "buyer", "procurement", "procurement", {a, b}}});
  EXPECT_EQ(version(), before);
  // P1 renamed and losing b to a new P3; P2 gone with its link.
  store.ReplaceProjects({{"P1", "one, renamed", "buyer", "procurement", "procurement", {a}},
                         {"P3", "three", "buyer", "procurement", "procurement", {b}}});
  EXPECT_NE(version(), before);
  EXPECT_EQ(Rows(reader, projects), (std::vector<std::string>{"P1|one, renamed", "P3|three"}));
  EXPECT_EQ(Rows(reader, links), (std::vector<std::string>{"P1|" + std::to_string(a), "P3|" + std::to_string(b)}));
  // P1 keeps its row but loses its last link.
  store.ReplaceProjects({{"P1", "one, renamed", "buyer", "procurement", "procurement", {}},
                         {"P3", "three", "buyer", "procurement", "procurement", {b}}});
  EXPECT_EQ(Rows(reader, projects), (std::vector<std::string>{"P1|one, renamed", "P3|three"}));
  EXPECT_EQ(Rows(reader, links), (std::vector<std::string>{"P3|" + std::to_string(b)}));
  EXPECT_EQ(Rows(reader, "SELECT notice_ids FROM projects ORDER BY code"),
            (std::vector<std::string>{"[]", "[" + std::to_string(b) + "]"}));
  sqlite3_close(reader);
}

// A first grouping writes its projects many to a statement; a small change
// later goes row by row. 130 projects: one full batch of 128, then 2 alone.
// Each row holds its notice ids in ascending order, each once.
TEST_F(StoreTest, ReplaceProjectsWritesAFirstGroupingInBatches) {
  Store store(path_);
  std::vector<Store::ProjectRecord> grouping;
  std::vector<std::string> expected;
  std::deque<std::string> codes;  // the records' texts are views: each code stays where it is
  for (int p = 0; p < 130; ++p) {
    char code[8];
    std::snprintf(code, sizeof code, "P%03d", p);
    codes.emplace_back(code);
    grouping.push_back(
        {codes.back(), "title", "buyer", "procurement", "procurement", {3 * p + 2, 3 * p + 1, 3 * p + 3, 3 * p + 1}});
    for (int n = 1; n <= 3; ++n) expected.push_back(std::string(code) + "|" + std::to_string(3 * p + n));
  }
  store.ReplaceProjects(grouping);
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &reader), SQLITE_OK);
  const std::string links = "SELECT project_code, notice_id FROM project_notices ORDER BY 1, 2";
  EXPECT_EQ(Rows(reader, links), expected);
  EXPECT_EQ(Rows(reader, "SELECT COUNT(*) FROM projects"), std::vector<std::string>{"130"});
  EXPECT_EQ(Rows(reader, "SELECT notice_ids FROM projects WHERE code IN ('P000', 'P129') ORDER BY code"),
            (std::vector<std::string>{"[1,2,3]", "[388,389,390]"}));
  EXPECT_EQ(Rows(reader, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  // One notice moves from P000 to P001: two projects' rows rewritten.
  grouping[0].notice_ids = {1, 2};
  grouping[1].notice_ids = {3, 4, 5, 6};
  store.ReplaceProjects(grouping);
  expected[2] = "P001|3";
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Rows(reader, links), expected);
  EXPECT_EQ(Rows(reader, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  sqlite3_close(reader);
}

// An incremental check rewrites the rows of the codes it looked at again,
// and no other: P1 relinked and renamed, P2 (looked at, grouped no more)
// removed, P4 new; P3 (not looked at) as it was.
TEST_F(StoreTest, ReplaceProjectsOfRewritesOnlyTheCodesGiven) {
  Store store(path_);
  store.ReplaceProjects({{"P1", "one", "buyer", "procurement", "procurement", {1, 2}},
                         {"P2", "two", "buyer", "procurement", "procurement", {3}},
                         {"P3", "three", "buyer", "procurement", "procurement", {4, 5}}});
  const auto schema_version = [&] {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    const auto version = Rows(db, "PRAGMA schema_version");
    sqlite3_close(db);
    return version;
  };
  const auto schema_before = schema_version();
  store.ReplaceProjectsOf({"P1", "P2", "P4"}, {{"P4", "four", "buyer", "procurement", "procurement", {3}},
                                               {"P1", "one, renamed", "buyer", "procurement", "procurement", {2, 6}}});
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &reader), SQLITE_OK);
  EXPECT_EQ(Rows(reader, "SELECT code, title FROM projects ORDER BY 1"),
            (std::vector<std::string>{"P1|one, renamed", "P3|three", "P4|four"}));
  EXPECT_EQ(Rows(reader, "SELECT project_code, notice_id FROM project_notices ORDER BY 1, 2"),
            (std::vector<std::string>{"P1|2", "P1|6", "P3|4", "P3|5", "P4|3"}));
  // Rows rewritten in place: no table or index was built again.
  EXPECT_EQ(schema_version(), schema_before);
  // A record outside the codes given would leave that code's stored rows beside it: refused, nothing written.
  const auto before = Rows(reader, "SELECT project_code, notice_id FROM project_notices ORDER BY 1, 2");
  EXPECT_THROW(store.ReplaceProjectsOf({"P1"}, {{"P3", "three", "buyer", "procurement", "procurement", {7}}}),
               std::invalid_argument);
  EXPECT_EQ(Rows(reader, "SELECT project_code, notice_id FROM project_notices ORDER BY 1, 2"), before);
  sqlite3_close(reader);
}

// A check's grouping is read one project at a time, in code order, the
// reader refilling one record; codes out of order (the merges with the stored
// tables would miss rows) are refused and nothing is written.
TEST_F(StoreTest, ReplaceProjectsReadsProjectsOneAtATimeInCodeOrder) {
  Store store(path_);
  const std::vector<std::string> codes = {"A1", "B2", "C3"};
  const std::vector<std::vector<long long>> ids = {{3, 1}, {2}, {}};
  std::vector<std::size_t> asked;
  store.ReplaceProjects(codes.size(), [&](std::size_t index, Store::ProjectRecord& record) {
    asked.push_back(index);
    record.code = codes[index];
    record.title = "title";
    record.buyer = "buyer";
    record.domain = "procurement";
    record.designated_site = "procurement";
    record.notice_ids = ids[index];
  });
  EXPECT_FALSE(asked.empty());
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &reader), SQLITE_OK);
  const std::string links = "SELECT project_code, notice_id FROM project_notices ORDER BY 1, 2";
  EXPECT_EQ(Rows(reader, "SELECT code FROM projects ORDER BY 1"), codes);
  EXPECT_EQ(Rows(reader, links), (std::vector<std::string>{"A1|1", "A1|3", "B2|2"}));
  const std::vector<std::string> disordered = {"A1", "C3", "B2"};
  EXPECT_THROW(store.ReplaceProjects(disordered.size(),
                                     [&](std::size_t index, Store::ProjectRecord& record) {
                                       record.code = disordered[index];
                                       record.notice_ids = {7};
                                     }),
               std::invalid_argument);
  EXPECT_EQ(Rows(reader, links), (std::vector<std::string>{"A1|1", "A1|3", "B2|2"}));
  sqlite3_close(reader);
}

// The last grouping is parts of bytes kept as given (NULs, 0xff, an empty
// part, one of several MB), read back in the order given.
TEST_F(StoreTest, LastGroupingPartsAreBytesKeptAsGivenInOrder) {
  Store store(path_);
  EXPECT_TRUE(store.LastGroupingParts().empty());  // no check kept one
  std::string large(5 << 20, '\0');
  for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>((i * 131 + i / 4096) & 0xff);
  const std::vector<std::string> parts = {std::string("a\0b\xff", 4), "", large, std::string(3, '\0'), "last"};
  store.ReplaceLastGrouping(parts);
  // Compared whole, told by sizes: a failure printing 5 MB would take minutes.
  const auto sizes = [](const std::vector<std::string>& read) {
    std::string text;
    for (const std::string& part : read) text += std::to_string(part.size()) + " ";
    return text;
  };
  const std::vector<std::string> read = store.LastGroupingParts();
  EXPECT_TRUE(read == parts) << "read parts of sizes " << sizes(read);
  EXPECT_EQ(Rows(path_, "SELECT part, typeof(bytes), length(bytes) FROM last_grouping ORDER BY part"),
            (std::vector<std::string>{"0|blob|4", "1|blob|0", "2|blob|" + std::to_string(large.size()), "3|blob|3",
                                      "4|blob|4"}));
  // Read by another connection too: the parts are in the file, not a cache.
  EXPECT_TRUE(Store(path_).LastGroupingParts() == parts);
}

// A check that keeps fewer parts than the last one leaves only its own.
TEST_F(StoreTest, ReplaceLastGroupingWithFewerPartsLeavesOnlyThose) {
  Store store(path_);
  store.ReplaceLastGrouping({"one", "two", "three"});
  store.ReplaceLastGrouping({std::string("\xff\0", 2)});
  EXPECT_EQ(store.LastGroupingParts(), std::vector<std::string>{std::string("\xff\0", 2)});
  EXPECT_EQ(Rows(path_, "SELECT COUNT(*) FROM last_grouping"), std::vector<std::string>{"1"});
  store.ReplaceLastGrouping({});
  EXPECT_TRUE(store.LastGroupingParts().empty());
}

// Parts appended one at a time (a full check's, as it makes them) follow
// each other in order, after what the caller's transaction cleared.
TEST_F(StoreTest, LastGroupingPartsAppendedOneAtATimeKeepTheirOrder) {
  Store store(path_);
  store.ReplaceLastGrouping({"earlier 0", "earlier 1", "earlier 2"});
  {
    Store::Transaction transaction(store);
    store.ReplaceLastGrouping({});
    for (const char* part : {"b", "a", "c"}) store.AppendLastGroupingPart(part);
    transaction.Commit();
  }
  EXPECT_EQ(store.LastGroupingParts(), (std::vector<std::string>{"b", "a", "c"}));
  store.AppendLastGroupingPart(std::string("\0z", 2));
  EXPECT_EQ(store.LastGroupingParts(), (std::vector<std::string>{"b", "a", "c", std::string("\0z", 2)}));
}

// Inside a caller's transaction it is a savepoint: what the caller rolls
// back (a check killed before it committed) leaves the earlier parts.
TEST_F(StoreTest, ReplaceLastGroupingInsideARolledBackTransactionLeavesTheEarlierParts) {
  Store store(path_);
  const std::vector<std::string> earlier = {"earlier 0", "earlier 1"};
  store.ReplaceLastGrouping(earlier);
  {
    Store::Transaction transaction(store);
    store.ReplaceLastGrouping({"later"});
    EXPECT_EQ(store.LastGroupingParts(), std::vector<std::string>{"later"});  // seen inside it
  }
  EXPECT_EQ(store.LastGroupingParts(), earlier);
  EXPECT_EQ(Store(path_).LastGroupingParts(), earlier);
  {
    Store::Transaction transaction(store);
    store.ReplaceLastGrouping({"later"});
    transaction.Commit();
  }
  EXPECT_EQ(Store(path_).LastGroupingParts(), std::vector<std::string>{"later"});
}

// Notices on four sites for the readers of only what a change reaches.
class ChangedNoticesTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store_ = std::make_unique<Store>(path_);
    const long long run = store_->BeginRun("crawl", "2025-06-30", "t");
    std::map<std::string, std::vector<Store::ExtractedNotice>> by_site;
    const auto add = [&](const std::string& name, const std::string& site, const std::string& kind,
                         const std::string& domain, const std::string& code) {
      Notice notice;
      notice.site = site;
      notice.url = "https://" + site + "/" + name;
      notice.kind = kind;
      notice.domain = domain;
      notice.project_code = code;
      notice.title = "title " + name;
      notice.buyer = "buyer";
      notice.supplier = "supplier " + name;
      if (by_site[site].empty()) store_->UpsertSite(site, "https://" + site);
      Capture capture = MakeCapture(notice.url, name, name);
      capture.site = site;
      by_site[site].push_back({notice, store_->AddCapture(capture, run), 0, name});
    };
    add("tender", "procurement", "tender", "procurement", "GD-2025-001");             // on its designated site
    add("copy", "portal", "award", "procurement", "GD-2025-001");                     // off it
    add("spaces", "procurement", "award", "procurement", "   ");                      // code-less
    add("empty", "procurement", "contract", "procurement", "");                       // code-less
    add("plan", "procurement", "plan", "procurement", "");                            // not a chain kind
    add("wide", "construction", "tender", "construction", "ＧＤ－２０２５－００１");  // no ASCII letter or digit
    add("padded", "construction", "award", "construction", " GD-2025-001 ");
    add("land", "construction", "tender", "land", "L-1");  // off the site of a domain not in the map
    add("land-portal", "portal", "tender", "land", "L-1");
    add("blacklist", "credit", "blacklist", "credit", "");
    add("credit-award", "credit", "award", "credit", "C-1");
    add("portal-plan", "portal", "plan", "department", "");
    add("annual", "portal", "annual_report", "department", "");
    for (const auto& [site, notices] : by_site) store_->ReplaceNotices(site, notices, {});
    for (const NoticeWithEvidence& item : store_->NoticeOutlines()) {
      const std::string url(item.notice.url);
      const std::string name = url.substr(url.rfind('/') + 1);
      id_[name] = item.notice_id;
      outline_[name] = FieldsOf(item);
    }
  }
  // The names of `read`, in their order, each checked to be read as NoticeOutlines() reads it.
  std::vector<std::string> Names(const std::vector<NoticeWithEvidence>& read) {
    std::vector<std::string> names;
    for (const NoticeWithEvidence& item : read) {
      const std::string url(item.notice.url);
      names.push_back(url.substr(url.rfind('/') + 1));
      EXPECT_EQ(FieldsOf(item), outline_[names.back()]) << names.back();
    }
    return names;
  }
  // `names` in id order.
  std::vector<std::string> ById(std::vector<std::string> names) {
    std::sort(names.begin(), names.end(), [&](const auto& a, const auto& b) { return id_.at(a) < id_.at(b); });
    return names;
  }

  std::unique_ptr<Store> store_;
  std::map<std::string, long long> id_;
  std::map<std::string, std::vector<std::string>> outline_;
};

TEST_F(ChangedNoticesTest, OutlinesByIdSkipUnknownIds) {
  EXPECT_EQ(Names(store_->NoticeOutlinesByIds({id_["spaces"], id_["tender"], 424242, id_["tender"]})),
            ById({"tender", "spaces"}));
  EXPECT_TRUE(store_->NoticeOutlinesByIds({}).empty());
}

TEST_F(ChangedNoticesTest, OutlinesPrintingACodeAreThoseThatPrintItExactly) {
  EXPECT_EQ(Names(store_->NoticeOutlinesPrinting({"ＧＤ－２０２５－００１", "GD-2025-001", "GD-2025-001", "nowhere"})),
            ById({"tender", "copy", "wide"}));
  EXPECT_EQ(Names(store_->NoticeOutlinesPrinting({" GD-2025-001 "})), std::vector<std::string>{"padded"});
  EXPECT_TRUE(store_->NoticeOutlinesPrinting({}).empty());
}

TEST_F(ChangedNoticesTest, OutlinesAtSitesAndUrlsSkipUnknownOnes) {
  EXPECT_EQ(Names(store_->NoticeOutlinesAt({{"procurement", "https://procurement/spaces"},
                                            {"portal", "https://portal/copy"},
                                            {"procurement", "https://portal/copy"},  // another site's URL
                                            {"procurement", "https://procurement/nowhere"}})),
            ById({"copy", "spaces"}));
}

TEST_F(ChangedNoticesTest, PrintedFormsOfACanonicalCodeAreItselfAndItsPrintingsSorted) {
  store_->ReplaceCodePrintings(
      {{"ＧＤ－２０２５－００１", "GD-2025-001"}, {" GD-2025-001 ", "GD-2025-001"}, {"L 1", "L-1"}});
  EXPECT_EQ(store_->PrintedFormsOf({"GD-2025-001", "X-9", "GD-2025-001"}),
            (std::vector<std::string>{" GD-2025-001 ", "GD-2025-001", "X-9", "ＧＤ－２０２５－００１"}));
  // Added: "L 1" now printed for L-2; the others kept.
  store_->AddCodePrintings({{"L 1", "L-2"}, {"L1", "L-1"}});
  EXPECT_EQ(store_->PrintedFormsOf({"L-1"}), (std::vector<std::string>{"L-1", "L1"}));
  EXPECT_EQ(store_->PrintedFormsOf({"L-2"}), (std::vector<std::string>{"L 1", "L-2"}));
  EXPECT_EQ(store_->PrintedFormsOf({"GD-2025-001"}).size(), 3u);
  // Replaced: only the pairs given.
  store_->ReplaceCodePrintings({{"l-1", "L-1"}});
  EXPECT_EQ(store_->PrintedFormsOf({"GD-2025-001"}), std::vector<std::string>{"GD-2025-001"});
  EXPECT_EQ(store_->PrintedFormsOf({"L-1", "L-2"}), (std::vector<std::string>{"L-1", "L-2", "l-1"}));
  EXPECT_EQ(Rows(path_, "SELECT printed, canonical FROM code_printings"), std::vector<std::string>{"l-1|L-1"});
}

TEST_F(StoreTest, VersionTwelveStoreKeepsItsProjectsAndGainsCodePrintings) {
  {
    Store store(path_);
    store.ReplaceProjects({{"P1", "one", "buyer", "procurement", "procurement", {2, 1}},
                           {"P2", "two", "buyer", "construction", "construction", {}}});
  }
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_TRUE(TakeBackTo(db, 12));
  sqlite3_close(db);
  const char* projects = "SELECT * FROM projects ORDER BY code";
  const std::vector<std::string> before = Rows(path_, projects);
  ASSERT_EQ(before, (std::vector<std::string>{"P1|one|buyer|procurement|procurement|[1,2]",
                                              "P2|two|buyer|construction|construction|[]"}));
  Store store(path_);
  EXPECT_EQ(Pragma(path_, "user_version"), std::to_string(Store::kSchemaVersion));
  EXPECT_EQ(Rows(path_, projects), before);  // the grouping column came (13) and went (14)
  EXPECT_EQ(Rows(path_, "SELECT COUNT(*) FROM code_printings"), std::vector<std::string>{"0"});
  EXPECT_EQ(Rows(path_, "SELECT name FROM pragma_index_list('code_printings') WHERE origin = 'c'"),
            std::vector<std::string>{"code_printings_by_canonical"});
  EXPECT_EQ(Rows(path_, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  EXPECT_TRUE(store.LastGroupingParts().empty());
  // The migrated rows compare as a check writes them.
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &reader), SQLITE_OK);
  const auto version = Rows(reader, "PRAGMA data_version");
  store.ReplaceProjects({{"P1", "one", "buyer", "procurement", "procurement", {1, 2}},
                         {"P2", "two", "buyer", "construction", "construction", {}}});
  EXPECT_EQ(Rows(reader, "PRAGMA data_version"), version);
  sqlite3_close(reader);
  store.ReplaceCodePrintings({{"P 1", "P1"}});
  EXPECT_EQ(store.PrintedFormsOf({"P1"}), (std::vector<std::string>{"P 1", "P1"}));
}

// A 13 store's groupings on its projects rows are dropped, its rows otherwise
// kept: the next check finds no last grouping and groups from scratch.
TEST_F(StoreTest, VersionThirteenStoreKeepsItsProjectsWithoutTheirGroupingsAndHasNoLastGrouping) {
  {
    Store store(path_);
    store.ReplaceProjects({{"P1", "one", "buyer 1", "procurement", "procurement", {2, 1}},
                           {"P2", "two", "buyer 2", "construction", "construction", {3}},
                           {"P3", "three", "buyer 3", "procurement", "procurement", {}}});
    store.ReplaceLastGrouping({"dropped with the table"});
  }
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_TRUE(TakeBackTo(db, 13));
  ASSERT_TRUE(ExecuteAll(db, std::vector<std::string>{"UPDATE projects SET grouping = x'00ff61' WHERE code = 'P1'",
                                                      "UPDATE projects SET grouping = x'02' WHERE code = 'P2'"}));
  sqlite3_close(db);
  const char* kept = "SELECT code, title, buyer, domain, designated_site, notice_ids FROM projects ORDER BY code";
  const std::vector<std::string> before = Rows(path_, kept);
  ASSERT_EQ(before, (std::vector<std::string>{"P1|one|buyer 1|procurement|procurement|[1,2]",
                                              "P2|two|buyer 2|construction|construction|[3]",
                                              "P3|three|buyer 3|procurement|procurement|[]"}));
  ASSERT_EQ(Rows(path_, "SELECT code, hex(grouping) FROM projects ORDER BY code"),
            (std::vector<std::string>{"P1|00FF61", "P2|02", "P3|"}));
  ASSERT_EQ(Rows(path_, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'last_grouping'"),
            std::vector<std::string>{"0"});
  Store store(path_);
  EXPECT_EQ(Pragma(path_, "user_version"), std::to_string(Store::kSchemaVersion));
  EXPECT_EQ(Rows(path_, kept), before);
  EXPECT_EQ(Rows(path_, "SELECT name FROM pragma_table_info('projects') ORDER BY cid"),
            (std::vector<std::string>{"code", "title", "buyer", "domain", "designated_site", "notice_ids"}));
  EXPECT_EQ(Rows(path_, "SELECT project_code, notice_id FROM project_notices ORDER BY 1, 2"),
            (std::vector<std::string>{"P1|1", "P1|2", "P2|3"}));
  EXPECT_EQ(Rows(path_, "SELECT COUNT(*) FROM last_grouping"), std::vector<std::string>{"0"});
  EXPECT_TRUE(store.LastGroupingParts().empty());
  EXPECT_EQ(Rows(path_, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  store.ReplaceLastGrouping({"kept"});
  EXPECT_EQ(store.LastGroupingParts(), std::vector<std::string>{"kept"});
}

TEST_F(StoreTest, ReextractKeepsIdsAndLogsWhatChanged) {
  Store store(path_);
  store.UpsertSite("procurement", "https://x");
  const long long run = store.BeginRun("crawl", "2025-06-30", "t");
  const long long capture_a = store.AddCapture(MakeCapture("https://x/a", "a", "a"), run);
  const long long capture_b = store.AddCapture(MakeCapture("https://x/b", "b", "b"), run);
  const long long capture_c = store.AddCapture(MakeCapture("https://x/c", "c", "c"), run);
  const auto notice = [](const std::string& url, const std::string& title, const std::string& code) {
    Notice made;
    made.site = "procurement";
    made.url = url;
    made.kind = "award";
    made.title = title;
    made.project_code = code;
    return made;
  };
  const auto ids = [&] {
    std::map<std::string, long long> id;
    for (const NoticeWithEvidence& item : store.Notices()) id[item.notice.url] = item.notice_id;
    return id;
  };
  EXPECT_EQ(store.NoticeSequence(), 0);
  store.ReplaceNotices("procurement",
                       {{notice("https://x/a", "A", "P1"), capture_a, 0, ""},
                        {notice("https://x/b", "B", "P2"), capture_b, 0, ""},
                        // The same URL twice in one extract: the first is kept.
                        {notice("https://x/a", "A again", "P9"), capture_a, 0, ""}},
                       {});
  EXPECT_EQ(store.NoticeSequence(), 1);
  const auto first = ids();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(store.NoticeIdsChangedSince(0), (std::vector<long long>{first.at("https://x/a"), first.at("https://x/b")}));
  EXPECT_EQ(store.Notices().at(0).notice.title, "A");
  store.ReplaceProjects(
      {{"P1", "one", "buyer", "procurement", "procurement", {first.at("https://x/a"), first.at("https://x/b")}}});

  // The same extract again: ids kept, nothing logged.
  store.ReplaceNotices(
      "procurement",
      {{notice("https://x/a", "A", "P1"), capture_a, 0, ""}, {notice("https://x/b", "B", "P2"), capture_b, 0, ""}}, {});
  EXPECT_EQ(store.NoticeSequence(), 2);
  EXPECT_EQ(ids(), first);
  EXPECT_TRUE(store.NoticeIdsChangedSince(1).empty());
  EXPECT_TRUE(store.NoticesRemovedSince(0).empty());

  // b edited (a new capture, a new title), a removed, c new.
  store.ReplaceNotices("procurement",
                       {{notice("https://x/b", "B edited", "P2"), capture_c, 0, ""},
                        {notice("https://x/c", "C", "P3"), capture_c, 0, ""}},
                       {});
  const auto third = ids();
  ASSERT_EQ(third.size(), 2u);
  EXPECT_EQ(third.at("https://x/b"), first.at("https://x/b"));
  EXPECT_GT(third.at("https://x/c"), first.at("https://x/b"));
  EXPECT_EQ(store.NoticeIdsChangedSince(2), (std::vector<long long>{third.at("https://x/b"), third.at("https://x/c")}));
  EXPECT_TRUE(store.NoticeIdsChangedSince(3).empty());
  const auto removed = store.NoticesRemovedSince(2);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].seq, 3);
  EXPECT_EQ(removed[0].notice_id, first.at("https://x/a"));
  EXPECT_EQ(removed[0].url, "https://x/a");
  EXPECT_EQ(removed[0].kind, "award");
  EXPECT_EQ(removed[0].project_code, "P1");
  EXPECT_EQ(removed[0].linked_project, "P1");  // what finds the project it left
  // The project keeps its other notice.
  EXPECT_EQ(Rows(path_, "SELECT notice_ids FROM projects"),
            std::vector<std::string>{"[" + std::to_string(first.at("https://x/b")) + "]"});
  EXPECT_TRUE(store.NoticesRemovedSince(3).empty());
  // A check that has seen step 2 keeps the removal of step 3; one that has seen step 3 forgets it.
  store.SaveCheckState({"2025-12-31", 2, "d"}, {}, true);
  EXPECT_EQ(store.NoticesRemovedSince(2).size(), 1u);
  store.SaveCheckState({"2025-12-31", 3, "d"}, {}, true);
  EXPECT_TRUE(store.NoticesRemovedSince(0).empty());
  // Only the column that changed moves a notice: the capture alone is a change (new evidence).
  store.ReplaceNotices("procurement",
                       {{notice("https://x/b", "B edited", "P2"), capture_b, 0, ""},
                        {notice("https://x/c", "C", "P3"), capture_c, 0, ""}},
                       {});
  EXPECT_EQ(store.NoticeIdsChangedSince(3), std::vector<long long>{third.at("https://x/b")});
  EXPECT_TRUE(store.NoticesRemovedSince(3).empty());
  // A notice given another code (or kind) leaves what it was, logged as a
  // removal (schema 13); a notice that keeps both logs none.
  store.ReplaceNotices("procurement",
                       {{notice("https://x/b", "B edited", "P7"), capture_b, 0, ""},
                        {notice("https://x/c", "C", "P3"), capture_c, 0, ""}},
                       {});
  const auto recoded = store.NoticesRemovedSince(4);
  ASSERT_EQ(recoded.size(), 1u);
  EXPECT_EQ(recoded[0].seq, 5);
  EXPECT_EQ(recoded[0].notice_id, third.at("https://x/b"));
  EXPECT_EQ(recoded[0].project_code, "P2");
  EXPECT_EQ(store.NoticeIdsChangedSince(4), std::vector<long long>{third.at("https://x/b")});
  Notice relisted = notice("https://x/c", "C", "P3");
  relisted.kind = "blacklist";
  store.ReplaceNotices("procurement",
                       {{notice("https://x/b", "B edited", "P7"), capture_b, 0, ""}, {relisted, capture_c, 0, ""}}, {});
  const auto rekinded = store.NoticesRemovedSince(5);
  ASSERT_EQ(rekinded.size(), 1u);
  EXPECT_EQ(rekinded[0].notice_id, third.at("https://x/c"));
  EXPECT_EQ(rekinded[0].kind, "award");
  EXPECT_EQ(rekinded[0].project_code, "P3");
  store.ReplaceNotices("procurement",
                       {{notice("https://x/b", "B edited", "P7"), capture_b, 0, ""},
                        {notice("https://x/c", "C", "P3"), capture_c, 0, ""}},
                       {});
  // The outlines and the notices by id read the same rows.
  const auto by_id = store.NoticesByIds({third.at("https://x/c"), 424242});
  ASSERT_EQ(by_id.size(), 1u);
  EXPECT_EQ(by_id[0].notice.title, "C");
  EXPECT_EQ(by_id[0].captured_at, "2025-06-30T08:00:00+08:00");
  const auto outlines = store.NoticeOutlines();
  ASSERT_EQ(outlines.size(), 2u);
  EXPECT_EQ(outlines[0].notice.title, "B edited");
  EXPECT_EQ(outlines[1].notice.project_code, "P3");
}

TEST_F(StoreTest, CheckStateKeepsProjectDigests) {
  Store store(path_);
  EXPECT_FALSE(store.LoadCheckState());
  store.SaveCheckState({"2025-12-31", 4, "d"}, {{"P1", 1}, {"P2", 2}}, true);
  store.SaveCheckState({"2025-12-31", 5, "d"}, {{"P1", std::nullopt}, {"P3", 3}}, false);
  const auto state = store.LoadCheckState();
  ASSERT_TRUE(state);
  EXPECT_EQ(state->notice_seq, 5);
  EXPECT_EQ(store.CheckedProjectDigests(), (std::unordered_map<std::string, long long>{{"P2", 2}, {"P3", 3}}));
  store.SaveCheckState({"2026-01-31", 6, "e"}, {{"P4", 4}}, true);
  EXPECT_EQ(store.CheckedProjectDigests(), (std::unordered_map<std::string, long long>{{"P4", 4}}));
  // A full check's digests, many to a bucket; a code without a digest is left out.
  std::map<std::string, std::optional<long long>> many;
  std::unordered_map<std::string, long long> expected;
  for (long long p = 0; p < 300; ++p) {
    const std::string code = "Q" + std::to_string(p);
    many[code] = p == 7 ? std::nullopt : std::optional<long long>(-p);
    if (p != 7) expected[code] = -p;
  }
  store.SaveCheckState({"2026-02-28", 7, "e"}, many, true);
  EXPECT_EQ(store.CheckedProjectDigests(), expected);
  // As a full check has them: unordered, all of them; codes that share a
  // prefix, end within another, are not ASCII or are empty each keep their own.
  expected.erase("Q0");
  for (const std::string code : {"GDJY1848SG101495F", "GDJY1848SG101495", "GDJY1848SG101495FA", "GDJY1848SG101495E",
                                 "GDJY1848", "GDJY1848SG101495F\xff", "粤财采2025-0001号", "粤财采2025-0001号A", ""}) {
    expected[code] = static_cast<long long>(code.size());
  }
  store.SaveCheckState({"2026-03-31", 8, "f"}, expected);
  EXPECT_EQ(store.CheckedProjectDigests(), expected);
  EXPECT_EQ(store.LoadCheckState()->notice_seq, 8);
}

// The digests are packed, a blob per bucket of codes (schema 9): a full save
// writes a few rows, not one per code, and a save of a few codes rewrites
// their buckets and leaves every other digest as it was.
TEST_F(StoreTest, CheckStatePacksDigestsAndChangesOnlyTheBucketsOfChangedCodes) {
  Store store(path_);
  std::unordered_map<std::string, long long> expected;
  for (long long p = 0; p < 20000; ++p) {
    // Digests over all 64 bits, negative ones and a zero among them.
    expected["P" + std::to_string(p)] =
        static_cast<long long>(0x9e3779b97f4a7c15ULL * static_cast<unsigned long long>(p));
  }
  const std::string long_code(300, 'L');  // a length of two LEB128 bytes
  expected[long_code] = -1;
  expected[""] = 5;
  // Packed ahead (on another thread, in a check) or by the save: the same rows.
  store.SaveCheckState({"2026-01-31", 1, "d"}, Store::PackDigests(expected));
  EXPECT_EQ(store.CheckedProjectDigests(), expected);
  const std::set<std::string> packed_ahead = [&] {
    const std::vector<std::string> rows = Rows(path_, "SELECT bucket, hex(entries) FROM check_digests");
    return std::set<std::string>(rows.begin(), rows.end());
  }();
  store.SaveCheckState({"2026-01-31", 1, "d"}, Store::PackedDigests());  // none: every row deleted
  EXPECT_TRUE(store.CheckedProjectDigests().empty());
  store.SaveCheckState({"2026-01-31", 1, "d"}, expected);
  EXPECT_EQ(store.CheckedProjectDigests(), expected);
  // 20,002 codes spread over (nearly) all 4,096 rows.
  const auto rows = std::stoll(Rows(path_, "SELECT COUNT(*) FROM check_digests").at(0));
  EXPECT_GT(rows, 4000);
  EXPECT_LE(rows, 4096);
  const auto bucket_rows = [&] {
    const std::vector<std::string> rows = Rows(path_, "SELECT bucket, hex(entries) FROM check_digests");
    return std::set<std::string>(rows.begin(), rows.end());
  };
  const std::set<std::string> before = bucket_rows();
  EXPECT_EQ(before, packed_ahead);
  // An incremental save: one changed, one removed, one added, one removed that was never there.
  std::map<std::string, std::optional<long long>> changes{
      {"P17", 17}, {long_code, std::nullopt}, {"NEW", 42}, {"NEVER", std::nullopt}};
  store.SaveCheckState({"2026-02-01", 2, "d"}, changes, false);
  expected["P17"] = 17;
  expected.erase(long_code);
  expected["NEW"] = 42;
  EXPECT_EQ(store.CheckedProjectDigests(), expected);
  EXPECT_EQ(store.LoadCheckState()->notice_seq, 2);
  // Only the buckets of the three codes that changed differ; the others are as they were.
  const std::set<std::string> after = bucket_rows();
  std::set<std::string> differ;
  std::set_symmetric_difference(before.begin(), before.end(), after.begin(), after.end(),
                                std::inserter(differ, differ.end()));
  std::set<std::string> buckets;
  for (const std::string& row : differ) buckets.insert(row.substr(0, row.find('|')));
  EXPECT_EQ(buckets.size(), 3u);  // P17's, the long code's and NEW's: NEVER's bucket is written back as it was
  // A bucket left empty is removed: every code gone, no row left.
  std::map<std::string, std::optional<long long>> all_gone;
  for (const auto& [code, digest] : expected) all_gone[code] = std::nullopt;
  store.SaveCheckState({"2026-02-02", 3, "d"}, all_gone, false);
  EXPECT_TRUE(store.CheckedProjectDigests().empty());
  EXPECT_EQ(Rows(path_, "SELECT COUNT(*) FROM check_digests"), std::vector<std::string>{"0"});
}

// A bucket cut short (a damaged store) is an error, never a digest read wrong.
TEST_F(StoreTest, CheckStateRefusesABucketCutShort) {
  {
    Store store(path_);
    store.SaveCheckState({"2026-01-31", 1, "d"}, std::unordered_map<std::string, long long>{{"P1", 7}});
  }
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_TRUE(ExecuteAll(db, std::vector<std::string>{"UPDATE check_digests SET entries = substr(entries, 1, 7)"}));
  sqlite3_close(db);
  Store store(path_);
  EXPECT_THROW(store.CheckedProjectDigests(), StoreError);
}

// Schema 11 drops the digests of schema 8's rows with the check state: the
// next check is a full one (as a new binary's first check is anyway).
TEST_F(StoreTest, VersionEightStoreStartsItsNextCheckFromScratch) {
  { Store store(path_); }
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_TRUE(TakeBackTo(db, 8));
  ASSERT_TRUE(
      ExecuteAll(db, std::vector<std::string>{"INSERT INTO check_state(id, as_of, notice_seq, config_digest) "
                                              "VALUES (1, '2025-12-31', 3, 'd')",
                                              "INSERT INTO check_projects(code, digest) VALUES ('P1', 1), ('P2', 2)",
                                              "PRAGMA user_version=8"}));
  sqlite3_close(db);
  Store store(path_);
  EXPECT_EQ(Pragma(path_, "user_version"), std::to_string(Store::kSchemaVersion));
  EXPECT_FALSE(store.LoadCheckState());
  EXPECT_TRUE(store.CheckedProjectDigests().empty());
  EXPECT_TRUE(Rows(path_, "SELECT name FROM sqlite_master WHERE name = 'check_projects'").empty());
}

TEST_F(StoreTest, VersionFiveStoreKeepsItsProjectLinksAndAReplacedNoticeLosesThem) {
  long long notice_id = 0;
  {
    Store store(path_);
    store.UpsertSite("procurement", "https://x");
    Notice notice;
    notice.site = "procurement";
    notice.url = "https://x/a";
    const long long capture = store.AddCapture(MakeCapture("https://x/a", "a", "a"), store.BeginRun("crawl", "d", "t"));
    store.ReplaceNotices("procurement", {{notice, capture, 0, "c"}}, {});
    notice_id = store.Notices().at(0).notice_id;
  }
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_TRUE(TakeBackTo(db, 5));
  const std::string link =
      "INSERT INTO projects VALUES ('P1', 't', 'b', 'procurement', 'procurement'); "
      "INSERT INTO project_notices VALUES ('P1', " +
      std::to_string(notice_id) + "); PRAGMA user_version=5";
  ASSERT_EQ(sqlite3_exec(db, link.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
  Store store(path_);
  EXPECT_EQ(Pragma(path_, "user_version"), std::to_string(Store::kSchemaVersion));
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &reader), SQLITE_OK);
  const std::string links = "SELECT project_code, notice_id FROM project_notices";
  EXPECT_EQ(Rows(reader, links), std::vector<std::string>{"P1|" + std::to_string(notice_id)});
  // The site's notices are replaced: their links go with them (no foreign key does it now).
  store.ReplaceNotices("procurement", {}, {});
  EXPECT_TRUE(Rows(reader, links).empty());
  sqlite3_close(reader);
}

// Schema 8 kept a row per link; 9 packs each project's ids on its row,
// ascending, and project_notices reads them as links still.
TEST_F(StoreTest, VersionEightStoreIsMigratedToHoldEachProjectsNoticeIdsOnItsRow) {
  { Store store(path_); }
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_TRUE(TakeBackTo(db, 8));
  ASSERT_TRUE(ExecuteAll(
      db, std::vector<std::string>{"INSERT INTO projects VALUES ('P1', 't', 'b', 'procurement', 'procurement'), "
                                   "('P2', 'u', 'b', 'procurement', 'procurement')",
                                   "INSERT INTO project_notices VALUES ('P1', 5), ('P1', 2), ('P1', 40)",
                                   "PRAGMA user_version=8"}));
  sqlite3_close(db);
  Store store(path_);
  EXPECT_EQ(Pragma(path_, "user_version"), std::to_string(Store::kSchemaVersion));
  EXPECT_EQ(Rows(path_, "SELECT code, title, notice_ids FROM projects ORDER BY code"),
            (std::vector<std::string>{"P1|t|[2,5,40]", "P2|u|[]"}));
  EXPECT_EQ(Rows(path_, "SELECT project_code, notice_id FROM project_notices ORDER BY 1, 2"),
            (std::vector<std::string>{"P1|2", "P1|5", "P1|40"}));
  // The rows read as a check writes them: a check grouping alike writes nothing.
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &reader), SQLITE_OK);
  const auto before = Rows(reader, "PRAGMA data_version");
  store.ReplaceProjects(
      {{"P1", "t", "b", "procurement", "procurement", {40, 2, 5}}, {"P2", "u", "b", "procurement", "procurement", {}}});
  EXPECT_EQ(Rows(reader, "PRAGMA data_version"), before);
  sqlite3_close(reader);
}

TEST_F(StoreTest, NewestListCapturesAreEachListPageAsLastRead) {
  Store store(path_);
  store.UpsertSite("procurement", "https://x");
  const auto list = [](const std::string& page, const std::string& sha) {
    Capture capture = MakeCapture("https://x/list?page=" + page, "list " + sha, sha);
    capture.page = "list";
    return capture;
  };
  const long long first = store.BeginRun("crawl", "2025-06-30", "t");
  for (const char* page : {"1", "2", "10"}) store.AddCapture(list(page, std::string("old") + page), first);
  store.AddCapture(MakeCapture("https://x/a", "detail", "detail"), first);
  const long long second = store.BeginRun("crawl", "2025-07-31", "t");
  store.AddCapture(list("1", "new1"), second);
  Capture failed = list("2", "");
  failed.status = 0;
  failed.error = "timed out";
  store.AddCapture(failed, second);  // a failed read leaves the page as last read
  std::vector<std::string> read;
  for (const Store::CaptureStamp& page : store.NewestListCaptures("procurement")) {
    read.push_back(page.url.substr(page.url.find('?')) + " " + page.sha256);
  }
  EXPECT_EQ(read, (std::vector<std::string>{"?page=1 new1", "?page=2 old2", "?page=10 old10"}));
  EXPECT_TRUE(store.NewestListCaptures("trading").empty());
}

class NoticeTrackTest : public StoreTest {
 protected:
  // A detail and the list page showing it, captured by `run`; the notice extracted with `content`.
  long long Crawl(Store& store, long long run, const std::string& content, const std::string& detail_sha) {
    Capture list = MakeCapture("https://x/list?page=1", "list " + detail_sha, "list" + detail_sha);
    list.page = "list";
    const long long list_id = store.AddCapture(list, run);
    const long long detail_id = store.AddCapture(MakeCapture("https://x/a", "detail " + detail_sha, detail_sha), run);
    Notice notice;
    notice.site = "procurement";
    notice.url = "https://x/a";
    store.ReplaceNotices("procurement", {{notice, detail_id, list_id, content}}, {});
    return detail_id;
  }

  // A full walk's one list page, listing `urls`, as the crawler records it.
  static void WalkListing(Store& store, long long run, const std::vector<std::string>& urls) {
    const std::string url = "https://x/list?page=1";
    store.BeginCrawlCycle("procurement", {run, "2025-12-31T08:00:00+08:00", true}, {{url, "list", "gpcms", 1, 0}});
    Capture list = MakeCapture(url, "walk", "walk");
    list.page = "list";
    std::vector<Store::ListedItem> listed;
    for (const std::string& item : urls) listed.push_back({item, "gpcms", "fingerprint"});
    store.RecordFetch("procurement", url, &list, run, {}, listed);
    store.FinishCrawlCycle("procurement");
  }
};

TEST_F(NoticeTrackTest, EachContentIsKeptWithItsFirstCapture) {
  Store store(path_);
  store.UpsertSite("procurement", "https://x");
  Crawl(store, store.BeginRun("crawl", "2025-06-30", "t"), "content-1", "d1");
  // New bytes, same content (a page's frame changed): not a new content.
  Crawl(store, store.BeginRun("crawl", "2025-07-30", "t"), "content-1", "d2");
  Crawl(store, store.BeginRun("crawl", "2025-08-30", "t"), "content-2", "d3");
  const auto tracks = store.NoticeTracks();
  ASSERT_EQ(tracks.size(), 1u);
  ASSERT_EQ(tracks[0].contents.size(), 2u);
  EXPECT_EQ(tracks[0].contents[0].sha256, "d1");
  EXPECT_EQ(tracks[0].contents[1].sha256, "d3");
  EXPECT_EQ(tracks[0].contents[1].url, "https://x/a");
  EXPECT_FALSE(tracks[0].gone);
}

TEST_F(NoticeTrackTest, UnlistedOnACompleteFullWalkIsGone) {
  Store store(path_);
  store.UpsertSite("procurement", "https://x");
  Crawl(store, store.BeginRun("crawl", "2025-06-30", "t"), "content-1", "d1");
  const long long walk = store.BeginRun("crawl", "2025-12-31", "t");
  WalkListing(store, walk, {"https://x/b"});
  // Until the walk is known complete, a list without the notice proves nothing.
  EXPECT_TRUE(store.NoticeTracks().empty());  // one content, not gone: nothing to show
  store.RecordFullWalk("procurement", walk);
  const auto tracks = store.NoticeTracks();
  ASSERT_EQ(tracks.size(), 1u);
  const auto gone = tracks[0].gone;
  ASSERT_TRUE(gone);
  EXPECT_TRUE(tracks[0].contents.empty());  // its one content is the notice itself
  EXPECT_EQ(gone->url, "https://x/list?page=1");
  EXPECT_EQ(gone->sha256, "walk");
}

TEST_F(NoticeTrackTest, AWalkWhoseListShowsNothingRemovesNothing) {
  // A list its rules no longer read (the site redesigned) lists no item at all.
  Store store(path_);
  store.UpsertSite("procurement", "https://x");
  Crawl(store, store.BeginRun("crawl", "2025-06-30", "t"), "content-1", "d1");
  const long long walk = store.BeginRun("crawl", "2025-12-31", "t");
  WalkListing(store, walk, {});
  store.RecordFullWalk("procurement", walk);
  EXPECT_TRUE(store.NoticeTracks().empty());  // one content, not gone: nothing to show
}

TEST_F(NoticeTrackTest, OnlyASourceThatListedSomethingOnTheWalkProvesItsNoticesGone) {
  Store store(path_);
  store.UpsertSite("procurement", "https://x");
  const long long run = store.BeginRun("crawl", "2025-06-30", "t");
  const auto list_of = [](const std::string& source, const std::string& sha) {
    Capture list = MakeCapture("https://x/" + source + "?page=1", "list " + sha, sha);
    list.page = "list";
    list.source = source;
    return list;
  };
  const long long gpcms_list = store.AddCapture(list_of("gpcms", "g1"), run);
  const long long legacy_list = store.AddCapture(list_of("legacy", "l1"), run);
  Notice listed_by_gpcms;
  listed_by_gpcms.site = "procurement";
  listed_by_gpcms.url = "https://x/a";
  Notice listed_by_legacy = listed_by_gpcms;
  listed_by_legacy.url = "https://x/c";
  const long long a = store.AddCapture(MakeCapture("https://x/a", "detail a", "da"), run);
  const long long c = store.AddCapture(MakeCapture("https://x/c", "detail c", "dc"), run);
  store.ReplaceNotices("procurement",
                       {{listed_by_gpcms, a, gpcms_list, "a-1"}, {listed_by_legacy, c, legacy_list, "c-1"}}, {});
  // The walk lists another item on gpcms; the legacy list (its rules no
  // longer read it) is captured but lists nothing.
  const long long walk = store.BeginRun("crawl", "2025-12-31", "t");
  WalkListing(store, walk, {"https://x/b"});
  store.AddCapture(list_of("legacy", "l2"), walk);
  store.RecordFullWalk("procurement", walk);
  const auto tracks = store.NoticeTracks();
  ASSERT_EQ(tracks.size(), 1u);
  EXPECT_EQ(tracks[0].url, "https://x/a");
  ASSERT_TRUE(tracks[0].gone);
  EXPECT_EQ(tracks[0].gone->url, "https://x/list?page=1");  // the walk's first gpcms page
}

TEST_F(NoticeTrackTest, ListedAgainOnTheFullWalkIsNotGone) {
  Store store(path_);
  store.UpsertSite("procurement", "https://x");
  Crawl(store, store.BeginRun("crawl", "2025-06-30", "t"), "content-1", "d1");
  const long long walk = store.BeginRun("crawl", "2025-12-31", "t");
  Crawl(store, walk, "content-1", "d1");
  store.RecordFullWalk("procurement", walk);
  EXPECT_TRUE(store.NoticeTracks().empty());  // one content, not gone: nothing to show
}

TEST_F(NoticeTrackTest, NotFoundIsGoneOnlyWhereTheSiteAnsweredOtherwise) {
  Store store(path_);
  store.UpsertSite("procurement", "https://x");
  Crawl(store, store.BeginRun("crawl", "2025-06-30", "t"), "content-1", "d1");
  // A run whose every request failed (the site down, or answering 404 to all): not gone.
  const long long down = store.BeginRun("crawl", "2025-07-01", "t");
  Capture not_found = MakeCapture("https://x/a", "<h1>404</h1>", "nf");
  not_found.status = 404;
  store.AddCapture(not_found, down);
  Capture refused = MakeCapture("https://x/list?page=1", "", "");
  refused.page = "list";
  refused.status = 0;
  refused.error = "connection refused";
  store.AddCapture(refused, down);
  EXPECT_TRUE(store.NoticeTracks().empty());  // one content, not gone: nothing to show
  // 503 is a failure to load, never a removal.
  const long long failing = store.BeginRun("crawl", "2025-07-02", "t");
  Capture unavailable = MakeCapture("https://x/a", "<h1>503</h1>", "su");
  unavailable.status = 503;
  store.AddCapture(unavailable, failing);
  store.AddCapture(MakeCapture("https://x/b", "other", "ob"), failing);
  EXPECT_TRUE(store.NoticeTracks().empty());  // one content, not gone: nothing to show
  // 410 while the site serves other pages: gone.
  const long long answered = store.BeginRun("crawl", "2025-07-03", "t");
  store.AddCapture(MakeCapture("https://x/b", "other", "ob"), answered);
  Capture gone = MakeCapture("https://x/a", "<h1>410</h1>", "g4");
  gone.status = 410;
  store.AddCapture(gone, answered);
  const auto tracks = store.NoticeTracks();
  ASSERT_EQ(tracks.size(), 1u);
  const auto track = tracks[0];
  ASSERT_TRUE(track.gone);
  EXPECT_EQ(track.gone->sha256, "g4");
  // Back the next day: only the newest capture of the detail counts.
  const long long back = store.BeginRun("crawl", "2025-07-04", "t");
  store.AddCapture(MakeCapture("https://x/a", "detail d1", "d1"), back);
  EXPECT_TRUE(store.NoticeTracks().empty());
}

TEST_F(StoreTest, StoredProjectsAreFoundByCodeAndByBuyerReadOnly) {
  {
    Store store(path_);
    store.ReplaceProjects({{"P2", "two", "市医院", "procurement", "procurement", {9, 5}},
                           {"P1", "one", "市医院", "construction", "trading", {}},
                           {"P3", "three", "其他", "procurement", "procurement", {7}}});
  }
  const Store reader(path_, Store::Access::kReadOnly);
  const auto p2 = reader.ProjectWithCode("P2");
  ASSERT_TRUE(p2);
  EXPECT_EQ(p2->title, "two");
  EXPECT_EQ(p2->buyer, "市医院");
  EXPECT_EQ(p2->domain, "procurement");
  EXPECT_EQ(p2->designated_site, "procurement");
  EXPECT_EQ(p2->notice_ids, (std::vector<long long>{5, 9}));
  EXPECT_FALSE(reader.ProjectWithCode("p2"));  // codes are canonical: exact
  std::vector<std::string> codes;
  for (const Store::StoredProject& project : reader.ProjectsOfBuyer("市医院")) codes.push_back(project.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"P1", "P2"}));
  EXPECT_TRUE(reader.ProjectsOfBuyer("无").empty());
}

}  // namespace gapwatch
