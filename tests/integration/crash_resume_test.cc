// Crash and resume (crawler/crawl.h, store/store.h "crawl cycle"): one crawl of
// the simulator's procurement site is killed with SIGKILL at 20 random points,
// restarted after each kill, then run to its end. It must end with the store an
// uninterrupted crawl of the same world ends with, must never fetch again a page
// it had finished before a kill, and must leave WARC files that an independent
// reader (warcio, tests/crawler/warc_reader) reads cleanly, holding the record
// of every capture.
//
// The kill points are request counts in the simulator's log, drawn from a
// seeded generator (GAPWATCH_CRASH_SEED overrides the seed, to explore); which
// URLs were finished at each kill is read from a copy of the store, so the next
// start finds the store (and its WAL) exactly as the kill left it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "crawler/crawl.h"
#include "tests/integration/integration_support.h"

extern char** environ;

namespace gapwatch {
namespace {

namespace fs = std::filesystem;
using testing::AnnouncedSite;
using testing::BackgroundProcess;
using testing::ReadFile;
using testing::RunCommand;

const std::string kGapwatch = GAPWATCH_EXECUTABLE;
constexpr int kKills = 20;
constexpr char kWorldSeed[] = "5";
constexpr char kScale[] = "20";  // ~3,700 requests to the procurement site, ~2 s uncut on loopback
constexpr char kAsOf[] = "2025-12-31";
constexpr unsigned kDefaultKillSeed = 20250630;
constexpr char kSiteOrigin[] = "https://gdgpo.czt.gd.gov.cn";
constexpr char kRobots[] = "/robots.txt";

// A process whose standard output and error go to a file, which can be polled
// for having exited, or killed, at any moment.
class Child {
 public:
  Child(const std::vector<std::string>& arguments, const std::string& output_path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> argv;
    for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    const int error = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) throw std::runtime_error("posix_spawn " + arguments[0] + ": " + std::to_string(error));
  }
  ~Child() { Kill(); }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // The exit status (128 + the signal when killed) once it has exited; nullopt while it runs.
  std::optional<int> Poll() {
    if (pid_ > 0) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) != pid_) return std::nullopt;
      Reaped(status);
    }
    return status_;
  }
  // SIGKILL, then waits; the exit status (137 unless it had already exited).
  int Kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      Reaped(status);
    }
    return status_;
  }

 private:
  void Reaped(int status) {
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    pid_ = -1;
  }
  pid_t pid_ = -1;
  int status_ = -1;
};

// The simulator's request log (--log), read as it grows: the target of every request, in order.
class RequestLog {
 public:
  explicit RequestLog(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY)) {
    if (fd_ < 0) throw std::runtime_error(path + ": cannot open the simulator's log");
  }
  ~RequestLog() { ::close(fd_); }
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;

  // Reads what was appended since the last call; returns how many requests are logged.
  size_t Poll() {
    char buffer[65536];
    ssize_t count;
    while ((count = ::read(fd_, buffer, sizeof buffer)) > 0) {
      partial_.append(buffer, static_cast<size_t>(count));
      for (size_t newline; (newline = partial_.find('\n')) != std::string::npos;) {
        const auto request = nlohmann::json::parse(partial_.substr(0, newline));
        paths_.push_back(request["path"].get<std::string>());
        if (request.contains("fault")) faults_.push_back(request.dump());
        partial_.erase(0, newline + 1);
      }
    }
    return paths_.size();
  }
  const std::vector<std::string>& paths() const { return paths_; }
  // Whether a request for `path` was logged at or after request number `from` (0-based).
  bool LoggedSince(size_t from, const std::string& path) const {
    return std::find(paths_.begin() + static_cast<std::ptrdiff_t>(std::min(from, paths_.size())), paths_.end(), path) !=
           paths_.end();
  }
  const std::vector<std::string>& faults() const { return faults_; }

 private:
  int fd_;
  std::string partial_;
  std::vector<std::string> paths_;
  std::vector<std::string> faults_;  // none expected: the simulator runs without --faults
};

// A store's URL as the simulator's log shows its request target.
std::string TargetOf(const std::string& url) {
  const std::string origin = kSiteOrigin;
  return url.rfind(origin, 0) == 0 ? url.substr(origin.size()) : url;
}

class Database {
 public:
  explicit Database(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error(path + ": " + message);
    }
    sqlite3_busy_timeout(db_, 10000);
  }
  ~Database() { sqlite3_close(db_); }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Every row of `sql`, as "column=value" (NULL: "column=NULL") joined by " | ",
  // leaving out the columns named in `skip`.
  std::vector<std::string> Rows(const std::string& sql, const std::set<std::string>& skip = {}) const {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    }
    std::vector<std::string> rows;
    int step;
    while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
      std::string row;
      for (int column = 0; column < sqlite3_column_count(statement); ++column) {
        const std::string name = sqlite3_column_name(statement, column);
        if (skip.count(name)) continue;
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
        row += (row.empty() ? "" : " | ") + name + "=" + (text ? text : "NULL");
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(statement);
    if (step != SQLITE_DONE) throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    return rows;
  }
  std::string Value(const std::string& sql) const {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    }
    std::string value = "<no row>";
    if (sqlite3_step(statement) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
      value = text ? text : "NULL";
    }
    sqlite3_finalize(statement);
    return value;
  }

 private:
  sqlite3* db_ = nullptr;
};

// Compares two row lists as sets, naming (a few of) the rows only one of them has.
void ExpectSameRows(const std::string& what, std::vector<std::string> reference, std::vector<std::string> resumed) {
  std::sort(reference.begin(), reference.end());
  std::sort(resumed.begin(), resumed.end());
  if (reference == resumed) return;
  std::vector<std::string> missing, extra;
  std::set_difference(reference.begin(), reference.end(), resumed.begin(), resumed.end(), std::back_inserter(missing));
  std::set_difference(resumed.begin(), resumed.end(), reference.begin(), reference.end(), std::back_inserter(extra));
  std::ostringstream message;
  message << what << ": " << reference.size() << " rows uncut, " << resumed.size() << " after the kills; "
          << missing.size() << " only uncut, " << extra.size() << " only after the kills";
  for (size_t i = 0; i < std::min<size_t>(missing.size(), 5); ++i) message << "\n  only uncut: " << missing[i];
  for (size_t i = 0; i < std::min<size_t>(extra.size(), 5); ++i) message << "\n  only after the kills: " << extra[i];
  if (missing.empty() && extra.empty()) message << " (the same rows, with duplicates)";
  ADD_FAILURE() << message.str();
}

// Runs warcio over `files` (tests/crawler/warc_reader/read_warc.mjs); fails the test when it cannot.
std::vector<nlohmann::json> ReadWithWarcio(const std::vector<std::string>& files) {
  const fs::path script = fs::path(GAPWATCH_SOURCE_DIR) / "tests" / "crawler" / "warc_reader" / "read_warc.mjs";
  if (!fs::exists(script)) {
    ADD_FAILURE() << script << " not found (the test finds it under the source tree, GAPWATCH_SOURCE_DIR)";
    return {};
  }
  std::vector<std::string> arguments = {"/usr/bin/env", "node", script.string()};
  arguments.insert(arguments.end(), files.begin(), files.end());
  const testing::CommandResult result = RunCommand(arguments);
  if (result.exit_status != 0) {
    ADD_FAILURE() << "read_warc.mjs failed with status " << result.exit_status
                  << " (127: node missing; if warcio is missing, run scripts/setup):\n"
                  << result.err;
    return {};
  }
  EXPECT_EQ(result.err, "") << "warcio warned while reading";
  std::vector<nlohmann::json> records;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) records.push_back(nlohmann::json::parse(line));
  return records;
}

// The WARC files in `directory`, by name.
std::set<std::string> WarcFiles(const fs::path& directory) {
  std::set<std::string> names;
  if (!fs::exists(directory)) return names;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.path().filename().string().ends_with(".warc.gz")) names.insert(entry.path().filename().string());
  }
  return names;
}

// A kill inside write() leaves the record being written cut short at the end
// of the file being written. SIGKILL seldom lands there (a record goes out in
// one write()), so some kills are followed by what such a kill would leave:
// the first 200 bytes of a record (the file's own first gzip member, its
// warcinfo, is longer) appended to the newest file the killed crawl started.
// Returns the file's name, or "" when the killed crawl had started none.
std::string TearNewestFile(const fs::path& directory, const std::set<std::string>& before) {
  std::string newest;
  for (const std::string& name : WarcFiles(directory)) {
    if (!before.count(name)) newest = std::max(newest, name);
  }
  if (newest.empty()) return "";
  const std::string bytes = ReadFile(directory / newest);
  if (bytes.size() < 400) return "";
  std::ofstream(directory / newest, std::ios::binary | std::ios::app) << bytes.substr(0, 200);
  return newest;
}

unsigned KillSeed() {
  const char* text = std::getenv("GAPWATCH_CRASH_SEED");
  return text && *text ? static_cast<unsigned>(std::strtoul(text, nullptr, 10)) : kDefaultKillSeed;
}

class CrashResumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("gapwatch-crash-" + std::to_string(::getpid()) + "-" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_ / "reference");
    fs::create_directories(directory_ / "resumed");
    fs::create_directories(directory_ / "snapshot");
  }
  // Kept when the test failed, to look at (the path is printed).
  void TearDown() override {
    if (HasFailure()) {
      std::cerr << "crash-resume test files kept in " << directory_ << "\n";
    } else {
      fs::remove_all(directory_);
    }
  }

  std::string Path(const std::string& name) const { return (directory_ / name).string(); }

  // The target of every URL with a capture in the store at `db` (done in its
  // frontier), read from a copy: the store itself is left as the kill left it.
  std::set<std::string> FinishedTargets(const fs::path& db) const {
    const fs::path copy = directory_ / "snapshot" / "store.db";
    for (const char* suffix : {"", "-wal", "-journal", "-shm"}) fs::remove(copy.string() + suffix);
    if (!fs::exists(db)) return {};
    for (const char* suffix : {"", "-wal", "-journal"}) {
      if (fs::exists(db.string() + suffix)) fs::copy_file(db.string() + suffix, copy.string() + suffix);
    }
    std::set<std::string> targets;
    Database snapshot(copy.string());
    if (snapshot.Value("SELECT COUNT(*) FROM sqlite_master WHERE name = 'captures'") == "0") return targets;
    // Rows() prefixes "url=": strip it.
    for (const std::string& row : snapshot.Rows("SELECT url FROM captures")) targets.insert(TargetOf(row.substr(4)));
    return targets;
  }

  fs::path directory_;
};

TEST_F(CrashResumeTest, KilledAtTwentyRandomPointsEndsAsAnUncutCrawlWithoutRefetching) {
  const auto test_started = std::chrono::steady_clock::now();
  const unsigned kill_seed = KillSeed();
  SCOPED_TRACE("kill seed " + std::to_string(kill_seed) + " (set GAPWATCH_CRASH_SEED to change it)");
  BackgroundProcess simulator({kGapwatch, "sim", "--seed", kWorldSeed, "--scale", kScale, "--as-of", kAsOf, "--listen",
                               "127.0.0.1:0", "--log", Path("requests.jsonl")});
  const std::string site = AnnouncedSite(simulator, "procurement");
  ASSERT_EQ(site.rfind("procurement=http://127.0.0.1:", 0), 0u) << site;
  RequestLog log(Path("requests.jsonl"));
  const auto crawl = [&](const std::string& store) {
    return std::vector<std::string>{kGapwatch, "crawl", "--db", Path(store), "--site", site, "--as-of", kAsOf};
  };
  const auto extract = [&](const std::string& store) {
    return RunCommand({kGapwatch, "extract", "--db", Path(store), "--site", site, "--as-of", kAsOf});
  };

  // The reference: one crawl, never interrupted.
  const auto reference = RunCommand(crawl("reference/gapwatch.db"));
  ASSERT_EQ(reference.exit_status, 0) << reference.err;
  const size_t reference_end = log.Poll();
  const std::vector<std::string> reference_paths(log.paths().begin(), log.paths().end());
  ASSERT_GT(reference_end, 3000u) << "scale " << kScale << " should give thousands of requests";

  // The same crawl into another store, killed at kKills points: request counts
  // drawn over the first 90% of the reference's requests (so that no attempt
  // finishes before its kill); an attempt that starts past its point is killed
  // after its first request.
  std::mt19937 random(kill_seed);
  std::set<size_t> points;
  while (points.size() < static_cast<size_t>(kKills)) points.insert(1 + random() % (reference_end * 9 / 10));
  struct Kill {
    size_t point;                    // the request count (of this crawl) it was meant for
    size_t logged;                   // requests in the log (all of them) once the crawler was dead
    std::set<std::string> finished;  // targets with a capture in the store then
  };
  std::vector<Kill> kills;
  const fs::path resumed_db = directory_ / "resumed" / "gapwatch.db";
  const fs::path warc_directory = directory_ / "resumed" / "warc";
  std::map<size_t, std::string> torn;  // kill -> the WARC file then left with a record cut short
  for (const size_t point : points) {
    const size_t attempt = kills.size();
    const std::set<std::string> warc_before = WarcFiles(warc_directory);
    const size_t start = log.Poll();
    const std::string output = Path("attempt-" + std::to_string(attempt) + ".out");
    Child crawler(crawl("resumed/gapwatch.db"), output);
    std::optional<int> exited;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    // Killed once the crawl has reached its point, and this attempt has made its first request (robots.txt).
    const auto reached = [&] { return log.Poll() >= reference_end + point && log.LoggedSince(start, kRobots); };
    while (!(exited = crawler.Poll()) && !reached() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    ASSERT_FALSE(exited) << "attempt " << attempt << " exited with status " << *exited
                         << " before its kill point (request " << point << "):\n"
                         << ReadFile(output);
    ASSERT_TRUE(reached()) << "attempt " << attempt << " made no progress in 30 s:\n" << ReadFile(output);
    ASSERT_EQ(crawler.Kill(), 128 + SIGKILL) << ReadFile(output);
    kills.push_back({point, log.Poll(), FinishedTargets(resumed_db)});
    if (attempt % 5 == 4) {
      if (const std::string name = TearNewestFile(warc_directory, warc_before); !name.empty()) torn[attempt] = name;
    }
  }
  // Then to its end.
  const auto last = RunCommand(crawl("resumed/gapwatch.db"));
  ASSERT_EQ(last.exit_status, 0) << last.out << last.err;
  EXPECT_NE(last.out.find(", resumed"), std::string::npos) << last.out;
  const size_t resumed_end = log.Poll();
  EXPECT_EQ(log.faults(), std::vector<std::string>{}) << "the simulator runs without faults";

  for (const std::string store : {"reference/gapwatch.db", "resumed/gapwatch.db"}) {
    const auto extracted = extract(store);
    ASSERT_EQ(extracted.exit_status, 0) << store << ": " << extracted.err;
  }

  // 1. The stores agree on everything but ids, times and where the evidence was archived.
  Database uncut(Path("reference/gapwatch.db"));
  Database cut(resumed_db.string());
  for (const Database* db : {&uncut, &cut}) {
    EXPECT_EQ(db->Value("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(db->Rows("PRAGMA foreign_key_check"), std::vector<std::string>{});
    EXPECT_EQ(db->Value("SELECT COUNT(*) FROM frontier"), "0") << "the frontier outlived its cycle";
    EXPECT_EQ(db->Value("SELECT COUNT(*) FROM crawl_cycles"), "0") << "a crawl cycle is still open";
    EXPECT_EQ(db->Rows("SELECT url, COUNT(*) AS captures FROM captures GROUP BY site, url HAVING COUNT(*) > 1"),
              std::vector<std::string>{})
        << "a URL was captured twice in one cycle";
  }
  const std::string last_crawl = "SELECT status || ' ' || complete FROM runs WHERE command = 'crawl' ORDER BY id DESC";
  EXPECT_EQ(uncut.Value(last_crawl), "done 1");
  EXPECT_EQ(cut.Value(last_crawl), "done 1");
  EXPECT_GT(std::stoll(uncut.Value("SELECT COUNT(*) FROM notices")), 3000);
  ExpectSameRows("sites", uncut.Rows("SELECT * FROM sites"), cut.Rows("SELECT * FROM sites"));
  const std::set<std::string> volatile_capture_columns = {"id",        "run_id",      "headers",     "captured_at",
                                                          "warc_file", "warc_offset", "warc_length", "warc_record_id"};
  const std::string newest_captures =
      "SELECT * FROM captures WHERE id IN (SELECT MAX(id) FROM captures GROUP BY site, url)";
  ExpectSameRows("newest capture per URL", uncut.Rows(newest_captures, volatile_capture_columns),
                 cut.Rows(newest_captures, volatile_capture_columns));
  ExpectSameRows("payloads", uncut.Rows("SELECT sha256, length(body) AS bytes FROM payloads"),
                 cut.Rows("SELECT sha256, length(body) AS bytes FROM payloads"));
  const std::string list_items =
      "SELECT i.*, c.url AS list_url, c.sha256 AS list_sha256 FROM list_items i "
      "JOIN captures c ON c.id = i.list_capture_id";
  ExpectSameRows("list_items", uncut.Rows(list_items, {"list_capture_id"}), cut.Rows(list_items, {"list_capture_id"}));
  // A notice carries its capture's SHA-256 and time (schema 9): the time is as volatile as the capture's.
  const std::string notices = "SELECT n.*, c.url AS capture_url FROM notices n JOIN captures c ON c.id = n.capture_id";
  const std::set<std::string> volatile_notice_columns = {"id", "capture_id", "list_capture_id", "captured_at"};
  ExpectSameRows("notices", uncut.Rows(notices, volatile_notice_columns), cut.Rows(notices, volatile_notice_columns));
  const std::string problems =
      "SELECT p.*, c.url AS capture_url FROM extract_problems p LEFT JOIN captures c ON c.id = p.capture_id";
  ExpectSameRows("extract_problems", uncut.Rows(problems, {"id", "capture_id"}),
                 cut.Rows(problems, {"id", "capture_id"}));

  // 2. Nothing finished before a kill was requested after it, and the cut crawl
  // requested exactly what the uncut one did (robots.txt once per start).
  std::map<std::string, int> uncut_requests, cut_requests;
  for (const std::string& path : reference_paths) ++uncut_requests[path];
  for (size_t i = reference_end; i < resumed_end; ++i) ++cut_requests[log.paths()[i]];
  for (const auto& [path, count] : uncut_requests) EXPECT_EQ(count, 1) << path << " requested twice, uncut";
  EXPECT_EQ(cut_requests[kRobots], kKills + 1) << "robots.txt once per start";
  std::set<std::string> uncut_targets, cut_targets;
  for (const auto& [path, count] : uncut_requests) uncut_targets.insert(path);
  for (const auto& [path, count] : cut_requests) cut_targets.insert(path);
  ExpectSameRows("request targets", std::vector<std::string>(uncut_targets.begin(), uncut_targets.end()),
                 std::vector<std::string>(cut_targets.begin(), cut_targets.end()));
  int refetched_after_finish = 0;
  for (size_t k = 0; k < kills.size(); ++k) {
    for (size_t i = kills[k].logged; i < resumed_end; ++i) {
      const std::string& path = log.paths()[i];
      if (path != kRobots && kills[k].finished.count(path) && ++refetched_after_finish <= 10) {
        ADD_FAILURE() << path << " was captured before kill " << k << " (at request " << kills[k].point
                      << ") and requested again after it (request " << i - reference_end + 1 << " of the cut crawl)";
      }
    }
  }
  EXPECT_EQ(refetched_after_finish, 0) << "requests for pages finished before a kill";
  // What is requested twice was in flight at a kill: at most kLoopbackConcurrency a kill.
  int refetched = 0;
  for (const auto& [path, count] : cut_requests) {
    if (path != kRobots) refetched += count - 1;
  }
  EXPECT_LE(refetched, kKills * kLoopbackConcurrency);

  // 3. Every WARC file reads cleanly with warcio, and holds the record of every capture.
  std::vector<std::string> warc_files;
  for (const std::string& name : WarcFiles(warc_directory)) warc_files.push_back((warc_directory / name).string());
  ASSERT_FALSE(warc_files.empty());
  const auto records = ReadWithWarcio(warc_files);
  ASSERT_FALSE(records.empty());
  std::map<std::pair<std::string, long long>, const nlohmann::json*> by_location;
  for (const auto& record : records) {
    EXPECT_NE(record["block_digest_ok"], false) << record.dump();
    EXPECT_NE(record["payload_digest_ok"], false) << record.dump();
    by_location[{fs::path(record["file"].get<std::string>()).filename().string(), record["offset"].get<long long>()}] =
        &record;
  }
  int unarchived = 0;
  const auto captures = cut.Rows("SELECT url, sha256, warc_file, warc_offset, warc_length FROM captures");
  for (const std::string& row : captures) {
    // url=… | sha256=… | warc_file=… | warc_offset=… | warc_length=…
    std::vector<std::string> fields;
    for (size_t start = 0, bar;; start = bar + 3) {
      bar = row.find(" | ", start);
      const std::string field = row.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      fields.push_back(field.substr(field.find('=') + 1));
      if (bar == std::string::npos) break;
    }
    ASSERT_EQ(fields.size(), 5u) << row;
    const auto found = fields[3] == "NULL" ? by_location.end() : by_location.find({fields[2], std::stoll(fields[3])});
    const bool archived = found != by_location.end() && (*found->second)["type"] == "response" &&
                          (*found->second)["target_uri"] == fields[0] &&
                          (*found->second)["payload_sha256"] == fields[1] &&
                          (*found->second)["length"] == std::stoll(fields[4]);
    if (!archived && ++unarchived <= 10) ADD_FAILURE() << "capture without its WARC record: " << row;
  }
  EXPECT_EQ(unarchived, 0) << "of " << captures.size() << " captures";

  // Each start after a kill says what it cut back; after a torn file, at least that.
  const auto output_of_attempt = [&](size_t attempt) {
    return attempt < kills.size() ? ReadFile(Path("attempt-" + std::to_string(attempt) + ".out")) : last.err;
  };
  int warc_recoveries = 0;
  for (size_t attempt = 1; attempt <= kills.size(); ++attempt) {
    const std::string output = output_of_attempt(attempt);
    for (size_t at = output.find(": truncated "); at != std::string::npos; at = output.find(": truncated ", at + 1)) {
      ++warc_recoveries;
    }
  }
  for (const auto& [attempt, name] : torn) {
    EXPECT_NE(output_of_attempt(attempt + 1).find(name + ": truncated "), std::string::npos)
        << "the WARC file torn after kill " << attempt << " was not cut back on the next start:\n"
        << output_of_attempt(attempt + 1);
  }
  std::cout << "[ crash    ] " << kills.size() << " kills (seed " << kill_seed << "), " << resumed_end - reference_end
            << " requests cut vs " << reference_end << " uncut, " << refetched << " in flight at a kill, "
            << warc_recoveries << " WARC files cut back (" << torn.size() << " torn by the test), " << records.size()
            << " WARC records in " << warc_files.size() << " files, "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - test_started).count() << " s\n";
  EXPECT_EQ(simulator.Stop(), 0);
}

}  // namespace
}  // namespace gapwatch
