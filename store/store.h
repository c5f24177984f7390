// The SQLite store: one file (default gapwatch.db) holding every stage's
// records. Opened in WAL mode with foreign keys on; the schema is created and
// migrated by PRAGMA user_version. Every write method runs in one transaction,
// so a process killed at any moment leaves the previous consistent state.
// Each table has one writing stage: captures (crawler), notices and
// extract_problems (extract), projects and findings (check), runs (all).
// Errors: StoreError with the database path and SQLite's message; opening a
// database whose schema is newer than this binary's is an error, never a
// silent downgrade.
// Thread-safety: one Store per thread.
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/records.h"

struct sqlite3;

namespace gapwatch {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunRecord {
  long long id = 0;
  std::string command;
  std::string as_of;
  std::string started_at;
  std::string finished_at;
  std::string status;  // running / done / incomplete / failed
  bool complete = false;
  std::string summary;  // JSON written by the stage
};

struct ExtractProblem {
  std::string site;
  std::string url;
  long long capture_id = 0;
  std::string message;
};

class Store {
 public:
  static constexpr int kSchemaVersion = 1;

  explicit Store(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const { return path_; }

  long long BeginRun(const std::string& command, const std::string& as_of, const std::string& started_at);
  void FinishRun(long long run_id, const std::string& finished_at, const std::string& status, bool complete,
                 const std::string& summary_json);
  std::optional<RunRecord> LatestRun(const std::string& command) const;

  void UpsertSite(const std::string& name, const std::string& base_url);

  // Captures: the payload is stored once per SHA-256.
  long long AddCapture(const Capture& capture, long long run_id);
  // The newest capture of `url` on `site`, with its body; nullopt when never captured.
  std::optional<Capture> LatestCapture(const std::string& site, const std::string& url) const;
  // Whether the newest capture of `url` is a complete 200 response (reads no payload).
  bool HasCompleteCapture(const std::string& site, const std::string& url) const;
  // The newest capture of every URL of `site` with the given page type, bodies included.
  std::vector<Capture> LatestCaptures(const std::string& site, const std::string& page) const;
  // Number of captures made by a run for a site, and how many of them failed.
  long long CountCaptures(long long run_id, const std::string& site, bool errors_only) const;

  // Extract stage: replaces every notice and problem of `site` at once.
  struct ExtractedNotice {
    Notice notice;
    long long capture_id = 0;
  };
  void ReplaceNotices(const std::string& site, const std::vector<ExtractedNotice>& notices,
                      const std::vector<ExtractProblem>& problems);
  std::vector<NoticeWithEvidence> Notices() const;
  long long CountNotices(const std::string& site) const;
  std::vector<ExtractProblem> ExtractProblems() const;

  // Check stage: records the findings that hold at `as_of`. A finding seen
  // before keeps its first_seen; an open finding not in `findings` is marked
  // resolved. Returns `findings` with first_seen and last_seen filled in.
  std::vector<Finding> SaveFindings(const std::string& as_of, std::vector<Finding> findings);
  std::vector<Finding> Findings(const std::string& status) const;  // "open", "resolved" or "" for all

  // Check stage: projects and their notices (by notice URL).
  struct ProjectRecord {
    std::string code;
    std::string title;
    std::string buyer;
    std::string domain;
    std::string designated_site;
    std::vector<std::pair<std::string, std::string>> notice_urls;  // (site, url)
  };
  void ReplaceProjects(const std::vector<ProjectRecord>& projects);
  long long CountProjects() const;

 private:
  class Statement;
  class Transaction;
  void Execute(const std::string& sql);
  void Migrate();

  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace gapwatch
