#include "store/store.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>
#include <future>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "store/statement.h"

namespace gapwatch {
namespace {

// Each entry migrates version i to i+1. Never edit a shipped entry: append.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE sites (
  name TEXT PRIMARY KEY,
  base_url TEXT NOT NULL
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  command TEXT NOT NULL,
  as_of TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL DEFAULT 'running',
  complete INTEGER NOT NULL DEFAULT 0,
  summary TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE payloads (
  sha256 TEXT PRIMARY KEY,
  body BLOB NOT NULL
);
CREATE TABLE captures (
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id),
  site TEXT NOT NULL REFERENCES sites(name),
  url TEXT NOT NULL,
  page TEXT NOT NULL CHECK (page IN ('list', 'detail')),
  source TEXT NOT NULL,
  status INTEGER NOT NULL,
  headers TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL DEFAULT '',
  sha256 TEXT REFERENCES payloads(sha256),
  captured_at TEXT NOT NULL,
  error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX captures_by_url ON captures(site, url, id);
CREATE INDEX captures_by_run ON captures(run_id, site);
CREATE TABLE notices (
  id INTEGER PRIMARY KEY,
  site TEXT NOT NULL REFERENCES sites(name),
  url TEXT NOT NULL,
  capture_id INTEGER NOT NULL REFERENCES captures(id),
  kind TEXT NOT NULL,
  domain TEXT NOT NULL,
  project_code TEXT NOT NULL,
  title TEXT NOT NULL,
  buyer TEXT NOT NULL,
  agency TEXT NOT NULL,
  supplier TEXT NOT NULL,
  budget_yuan TEXT,
  amount_yuan TEXT,
  published TEXT,
  opening TEXT,
  decided TEXT,
  signed_on TEXT,
  lots TEXT NOT NULL DEFAULT '[]',
  fields_missing TEXT NOT NULL DEFAULT '[]',
  UNIQUE (site, url)
);
CREATE INDEX notices_by_project ON notices(project_code);
CREATE TABLE extract_problems (
  id INTEGER PRIMARY KEY,
  site TEXT NOT NULL REFERENCES sites(name),
  url TEXT NOT NULL,
  capture_id INTEGER REFERENCES captures(id),
  message TEXT NOT NULL
);
CREATE TABLE projects (
  code TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  buyer TEXT NOT NULL,
  domain TEXT NOT NULL,
  designated_site TEXT NOT NULL
);
CREATE TABLE project_notices (
  project_code TEXT NOT NULL REFERENCES projects(code) ON DELETE CASCADE,
  notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
  PRIMARY KEY (project_code, notice_id)
);
CREATE TABLE findings (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  domain TEXT NOT NULL,
  site TEXT NOT NULL,
  project_code TEXT NOT NULL,
  project_title TEXT NOT NULL,
  buyer TEXT NOT NULL,
  due TEXT,
  overdue_working_days INTEGER NOT NULL,
  rule_id TEXT NOT NULL,
  rule_source TEXT NOT NULL,
  confidence TEXT NOT NULL,
  evidence TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  resolved_on TEXT
);
)sql",
    // v2: the crawler's frontier (a crawl resumes where it was killed), the list
    // items it has seen, and each capture's revisit kind, retries and WARC record.
    R"sql(
ALTER TABLE captures ADD COLUMN revisit TEXT NOT NULL DEFAULT ''
  CHECK (revisit IN ('', 'server-not-modified', 'identical-payload-digest'));
ALTER TABLE captures ADD COLUMN content_encoding TEXT NOT NULL DEFAULT '';
ALTER TABLE captures ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE captures ADD COLUMN truncated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE captures ADD COLUMN warc_file TEXT;
ALTER TABLE captures ADD COLUMN warc_offset INTEGER;
ALTER TABLE captures ADD COLUMN warc_length INTEGER;
ALTER TABLE captures ADD COLUMN warc_record_id TEXT NOT NULL DEFAULT '';
CREATE TABLE crawl_cycles (
  site TEXT PRIMARY KEY REFERENCES sites(name),
  run_id INTEGER REFERENCES runs(id),
  started_at TEXT NOT NULL,
  full INTEGER NOT NULL
);
CREATE TABLE frontier (
  id INTEGER PRIMARY KEY,
  site TEXT NOT NULL REFERENCES crawl_cycles(site) ON DELETE CASCADE,
  url TEXT NOT NULL,
  page TEXT NOT NULL CHECK (page IN ('list', 'detail')),
  source TEXT NOT NULL,
  list_page INTEGER NOT NULL DEFAULT 0,
  known_streak INTEGER NOT NULL DEFAULT 0,
  done INTEGER NOT NULL DEFAULT 0,
  UNIQUE (site, url)
);
CREATE TABLE site_health (
  site TEXT PRIMARY KEY REFERENCES sites(name),
  last_crawl_at INTEGER,
  last_full_at INTEGER,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  unhealthy_since TEXT,
  last_result TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE list_items (
  site TEXT NOT NULL REFERENCES sites(name),
  url TEXT NOT NULL,
  source TEXT NOT NULL,
  list_capture_id INTEGER NOT NULL REFERENCES captures(id),
  fingerprint TEXT NOT NULL,
  PRIMARY KEY (site, url)
);
)sql",
    // Version 3: lookup requests (a trading-platform node id before the detail)
    // are pages of their own. SQLite cannot alter a CHECK; widening one leaves
    // every stored row valid, so the schema text is edited in place (sqlite.org,
    // "ALTER TABLE", making other kinds of table schema changes); Migrate bumps
    // schema_version so that every connection reloads it.
    R"sql(
PRAGMA writable_schema=ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (page IN (''list'', ''detail''))', 'CHECK (page IN (''list'', ''detail'', ''lookup''))')
 WHERE type = 'table' AND name IN ('captures', 'frontier');
PRAGMA writable_schema=OFF;
)sql",
    // Version 4: what the watchdog signals need across crawls. `notices` is
    // replaced by every extract, so each content a notice showed is kept apart
    // with its first capture; a notice remembers the list capture showing it,
    // and the crawls that walked a site's every list to the end are recorded.
    R"sql(
ALTER TABLE notices ADD COLUMN list_capture_id INTEGER REFERENCES captures(id);
ALTER TABLE notices ADD COLUMN delisted TEXT;
CREATE TABLE notice_contents (
  site TEXT NOT NULL REFERENCES sites(name),
  url TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,
  capture_id INTEGER NOT NULL REFERENCES captures(id),
  PRIMARY KEY (site, url, content_sha256)
);
-- ReplaceNotices deletes a site's notices; the cascade finds their project rows by this.
CREATE INDEX project_notices_by_notice ON project_notices(notice_id);
CREATE TABLE full_walks (
  site TEXT NOT NULL REFERENCES sites(name),
  run_id INTEGER NOT NULL REFERENCES runs(id),
  PRIMARY KEY (site, run_id)
);
)sql",
    // Version 5: each finding's history, one row per change at a check
    // (Store::SaveFindings), and what a finding says of the calendar. Existing
    // findings start their history from what their row remembers: opened on
    // first_seen, resolved on resolved_on (without an evidence digest or a run).
    // The digests let a check rewrite only the rows that changed.
    R"sql(
ALTER TABLE findings ADD COLUMN calendar_missing_year INTEGER;
ALTER TABLE findings ADD COLUMN content_digest INTEGER;
ALTER TABLE findings ADD COLUMN evidence_digest INTEGER;
-- The as_of of the last check and the newest as_of any check had: the findings
-- rows end each finding's history while those are the same.
CREATE TABLE findings_checked (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  as_of TEXT NOT NULL,
  newest_as_of TEXT NOT NULL
);
CREATE TABLE finding_events (
  id INTEGER PRIMARY KEY,
  finding_id TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  as_of TEXT NOT NULL,
  run_id INTEGER REFERENCES runs(id),
  event TEXT NOT NULL CHECK (event IN ('opened', 'late', 'changed', 'resolved', 'reopened')),
  kind TEXT NOT NULL,
  due TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  confidence TEXT NOT NULL,
  overdue_working_days INTEGER NOT NULL,
  evidence_digest INTEGER
);
CREATE INDEX finding_events_by_finding ON finding_events(finding_id, as_of, id);
CREATE INDEX finding_events_by_date ON finding_events(as_of);
INSERT INTO finding_events(finding_id, as_of, event, kind, due, status, confidence, overdue_working_days)
  SELECT id, first_seen, 'opened', kind, due, 'open', confidence, overdue_working_days FROM findings
  ORDER BY first_seen, id;
INSERT INTO finding_events(finding_id, as_of, event, kind, due, status, confidence, overdue_working_days)
  SELECT id, resolved_on, 'resolved', kind, due, 'resolved', confidence, overdue_working_days FROM findings
  WHERE status = 'resolved' AND resolved_on IS NOT NULL ORDER BY resolved_on, id;
INSERT INTO findings_checked(id, as_of, newest_as_of)
  SELECT 1, MAX(MAX(last_seen), COALESCE(MAX(resolved_on), '')), MAX(MAX(last_seen), COALESCE(MAX(resolved_on), ''))
  FROM findings HAVING COUNT(*) > 0;
)sql",
    // Version 6: project_notices is the check's grouping, rewritten by it;
    // checking each notice id against notices cost more than writing the
    // link (3.6 s of 5.5 s for 10^6 links). ReplaceNotices removes the links
    // of the notices it replaces itself; links stay ordered by project.
    R"sql(
CREATE TABLE project_notices_v6 (
  project_code TEXT NOT NULL REFERENCES projects(code) ON DELETE CASCADE,
  notice_id INTEGER NOT NULL,
  PRIMARY KEY (project_code, notice_id)
) WITHOUT ROWID;
INSERT INTO project_notices_v6(project_code, notice_id) SELECT project_code, notice_id FROM project_notices;
DROP TABLE project_notices;
ALTER TABLE project_notices_v6 RENAME TO project_notices;
CREATE INDEX project_notices_by_notice ON project_notices(notice_id);
)sql",
    // Version 7: notice ids stable across extracts, and what each extract
    // changed. ReplaceNotices numbers its pass (notice_sequence); a notice it
    // inserts or changes takes that number as changed_seq, one it removes
    // leaves a row in notice_removals with its id, code and project link: what
    // an incremental check needs to find what to look at again.
    R"sql(
ALTER TABLE notices ADD COLUMN changed_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX notices_by_change ON notices(changed_seq);
CREATE TABLE notice_sequence (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL
);
INSERT INTO notice_sequence(id, seq) VALUES (1, 0);
CREATE TABLE notice_removals (
  id INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL,
  notice_id INTEGER NOT NULL,
  site TEXT NOT NULL,
  url TEXT NOT NULL,
  kind TEXT NOT NULL,
  domain TEXT NOT NULL,
  project_code TEXT NOT NULL,
  linked_project TEXT
);
CREATE INDEX notice_removals_by_seq ON notice_removals(seq);
-- What the last check saw (Store::CheckState): an incremental check starts from it.
CREATE TABLE check_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  as_of TEXT NOT NULL,
  notice_seq INTEGER NOT NULL,
  config_digest TEXT NOT NULL
);
CREATE TABLE check_projects (
  code TEXT PRIMARY KEY,
  digest INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // Version 8: what NoticeTracks and NewestListCaptures read, found through
    // small partial indexes instead of scans of every content and capture
    // (1.8 s of CPU at 10^6 notices, most of it grouping the contents by their
    // text keys). A content stored for a URL that already had one is flagged,
    // so the notices that showed more than one content are the flagged ones.
    R"sql(
ALTER TABLE notice_contents ADD COLUMN follows_another INTEGER NOT NULL DEFAULT 0;
-- One pass over the key index finds the few URLs with more than one content
-- (a probe per row instead cost 13 s at 10^6).
UPDATE notice_contents SET follows_another = 1
 WHERE (site, url) IN (SELECT site, url FROM notice_contents GROUP BY site, url HAVING COUNT(*) > 1)
   AND rowid > (SELECT MIN(rowid) FROM notice_contents earliest
                 WHERE earliest.site = notice_contents.site AND earliest.url = notice_contents.url);
CREATE INDEX notice_contents_changed ON notice_contents(site, url) WHERE follows_another = 1;
CREATE INDEX captures_not_found ON captures(site, url, id) WHERE status IN (404, 410) AND error = '';
CREATE INDEX captures_complete_lists ON captures(site, url, id)
  WHERE page = 'list' AND error = '' AND status IN (200, 304);
)sql",
    // Version 9: a project's notice ids on its own row, as a JSON array in
    // ascending order, instead of a row per link and an index by notice: a
    // first check of 10^6 notices wrote 916,000 links and their index (2 s of
    // the check's 3.5 s of writing). project_notices stays, as a view.
    R"sql(
CREATE TABLE projects_v9 (
  code TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  buyer TEXT NOT NULL,
  domain TEXT NOT NULL,
  designated_site TEXT NOT NULL,
  notice_ids TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO projects_v9(code, title, buyer, domain, designated_site, notice_ids)
  SELECT p.code, p.title, p.buyer, p.domain, p.designated_site,
         (SELECT json_group_array(notice_id) FROM
            (SELECT notice_id FROM project_notices WHERE project_code = p.code ORDER BY notice_id))
  FROM projects p;
DROP TABLE project_notices;
DROP TABLE projects;
ALTER TABLE projects_v9 RENAME TO projects;
CREATE VIEW project_notices(project_code, notice_id) AS
  SELECT projects.code, ids.value FROM projects, json_each(projects.notice_ids) AS ids;
)sql",
    // Version 10: each notice carries its capture's time and SHA-256, so that
    // a check loads the notices from their own table: the join to captures
    // read a second table of 10^6 rows (1.2 s of CPU at 10^6 notices). Both
    // follow capture_id, which only ReplaceNotices writes (copying them from
    // the capture it names); a capture row never changes once written.
    R"sql(
ALTER TABLE notices ADD COLUMN captured_at TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN capture_sha256 TEXT;
UPDATE notices SET (captured_at, capture_sha256) =
  (SELECT captured_at, sha256 FROM captures WHERE captures.id = notices.capture_id);
)sql",
    // Version 11: the last check's project digests packed, a blob per bucket of
    // codes (store/check_state.cc), instead of a row per code: 410,037 rows
    // cost 0.55 s to write at 10^6 notices. The old rows are not repacked: a
    // new binary's first check is a full one anyway (its configuration digest
    // names the binary), and without a check state it is one whatever else.
    R"sql(
DROP TABLE check_projects;
DELETE FROM check_state;
CREATE TABLE check_digests (
  bucket INTEGER PRIMARY KEY,
  entries BLOB NOT NULL
);
)sql",
    // Version 12: a finding's id is kept unique by an index of its own, not by
    // the table's PRIMARY KEY, so that a first save can write its rows before
    // the index and then build it once from sorted ids (Store::SaveFindings):
    // at 139,178 findings the index, filled row by row in random id order,
    // cost a second. The rows keep their rowids (their order, the resolutions'
    // order at a check) and their columns.
    R"sql(
CREATE TABLE findings_v12 (
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  domain TEXT NOT NULL,
  site TEXT NOT NULL,
  project_code TEXT NOT NULL,
  project_title TEXT NOT NULL,
  buyer TEXT NOT NULL,
  due TEXT,
  overdue_working_days INTEGER NOT NULL,
  rule_id TEXT NOT NULL,
  rule_source TEXT NOT NULL,
  confidence TEXT NOT NULL,
  evidence TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  resolved_on TEXT,
  calendar_missing_year INTEGER,
  content_digest INTEGER,
  evidence_digest INTEGER
);
INSERT INTO findings_v12(rowid, id, kind, severity, domain, site, project_code, project_title, buyer, due,
                         overdue_working_days, rule_id, rule_source, confidence, evidence, status, first_seen,
                         last_seen, resolved_on, calendar_missing_year, content_digest, evidence_digest)
  SELECT rowid, id, kind, severity, domain, site, project_code, project_title, buyer, due, overdue_working_days,
         rule_id, rule_source, confidence, evidence, status, first_seen, last_seen, resolved_on,
         calendar_missing_year, content_digest, evidence_digest
  FROM findings ORDER BY rowid;
DROP TABLE findings;
ALTER TABLE findings_v12 RENAME TO findings;
CREATE UNIQUE INDEX findings_by_id ON findings(id);
)sql",
    // Version 13: what an incremental check regroups from instead of every
    // notice's outline: each project's grouping as the last check kept it
    // (bytes the check encodes), and the project codes as printed that differ
    // from their canonical form, to find every printing of a canonical code.
    R"sql(
ALTER TABLE projects ADD COLUMN grouping BLOB NOT NULL DEFAULT x'';
CREATE TABLE code_printings (
  printed TEXT PRIMARY KEY,
  canonical TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX code_printings_by_canonical ON code_printings(canonical);
-- An extract that gives a notice another code or kind logs what it leaves as
-- a removal: the next check looks again at the code it left, and at every
-- award if it was a blacklisting, which no change of their own names.
CREATE TRIGGER notices_log_what_they_leave AFTER UPDATE OF project_code, kind ON notices
WHEN OLD.project_code IS NOT NEW.project_code OR OLD.kind IS NOT NEW.kind
BEGIN
  INSERT INTO notice_removals(seq, notice_id, site, url, kind, domain, project_code, linked_project)
  VALUES (NEW.changed_seq, OLD.id, OLD.site, OLD.url, OLD.kind, OLD.domain, OLD.project_code, NULL);
END;
)sql",
    // Version 14: the grouping a check keeps for the next one, as a few big
    // blobs instead of a blob on each projects row: reading 410,000 rows'
    // groupings took 1.35 s, which the parts read in a fraction of. The parts
    // start empty: the rows' groupings are bytes the store does not read, so
    // it cannot make parts of them; the next check keeps its own.
    R"sql(
CREATE TABLE last_grouping (
  part INTEGER PRIMARY KEY,
  bytes BLOB NOT NULL
);
ALTER TABLE projects DROP COLUMN grouping;
)sql",
    // Version 15: the alerts' outbox (one row per subscription and event, so
    // that each is sent once, ever, and retried until it is), how a site last
    // recovered (for its "recovered" alert), and captures found by their
    // payload's hash (`gapwatch serve`'s /evidence/{sha256} scanned them all).
    R"sql(
CREATE TABLE alert_outbox (
  id INTEGER PRIMARY KEY,
  subscription TEXT NOT NULL,
  event_key TEXT NOT NULL,
  channel TEXT NOT NULL,
  subject TEXT NOT NULL,
  text TEXT NOT NULL,
  json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  sent_at INTEGER,
  abandoned INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  UNIQUE (subscription, event_key)
);
-- Sent alerts pile up; the few waiting ones are found without reading them.
CREATE INDEX alert_outbox_waiting ON alert_outbox(next_attempt_at) WHERE sent_at IS NULL AND abandoned = 0;
ALTER TABLE site_health ADD COLUMN recovered_from TEXT NOT NULL DEFAULT '';
ALTER TABLE site_health ADD COLUMN recovered_at TEXT NOT NULL DEFAULT '';
CREATE INDEX captures_by_sha256 ON captures(sha256, id);
)sql",
};
constexpr int kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);
static_assert(kMigrationCount == Store::kSchemaVersion, "one migration per schema version");

}  // namespace

Store::Store(const std::string& path, Access access) : path_(path) {
  // One Store per thread (store.h), so SQLite's per-call mutex would only cost:
  // a check reads every column of every notice through it.
  const int mode = access == Access::kReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &db_, mode | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(path + ": cannot open: " + message);
  }
  sqlite3_busy_timeout(db_, 10000);
  try {
    if (access == Access::kReadOnly) {
      CheckReadableVersion();
      return;
    }
    Execute("PRAGMA journal_mode=WAL");
    Execute("PRAGMA foreign_keys=ON");
    Execute("PRAGMA synchronous=NORMAL");
    // 16 MiB of page cache instead of 2: a check reads and writes tables of a
    // million rows in key orders that the default cache turns into a read
    // from the file per row (5.5 s instead of 8.9 s for 10^6 project links).
    // 64 MiB was no faster at 10^6 notices (a first check 13.2-13.4 s, a
    // second 9.1 s either way) and held 55 MB more at the check's peak.
    Execute("PRAGMA cache_size=-16384");
    Migrate();
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

Store::~Store() { sqlite3_close(db_); }

void Store::DeferCheckpoints() { Execute("PRAGMA wal_autocheckpoint=0"); }

bool Store::Checkpoint() {
  int frames = 0;
  int copied = 0;
  const int status = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
  if (status == SQLITE_BUSY) return false;
  if (status != SQLITE_OK) throw StoreError(path_ + ": checkpoint: " + sqlite3_errmsg(db_));
  return copied == frames;
}

void Store::Execute(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string text = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    throw StoreError(path_ + ": " + text);
  }
}

Store::Transaction::Transaction(Store& store, ForeignKeys foreign_keys)
    : store_(store), nested_(sqlite3_get_autocommit(store.db_) == 0) {
  if (nested_) {
    store_.Execute("SAVEPOINT nested_write");
    return;
  }
  // Only outside a transaction: within one, SQLite ignores the pragma.
  unchecked_ = foreign_keys == ForeignKeys::kUnchecked;
  if (unchecked_) store_.Execute("PRAGMA foreign_keys=OFF");
  try {
    store_.Execute("BEGIN IMMEDIATE");
  } catch (...) {
    if (unchecked_) sqlite3_exec(store_.db_, "PRAGMA foreign_keys=ON", nullptr, nullptr, nullptr);
    throw;
  }
}

Store::Transaction::~Transaction() {
  if (ended_) return;
  sqlite3_exec(store_.db_, nested_ ? "ROLLBACK TO nested_write; RELEASE nested_write" : "ROLLBACK", nullptr, nullptr,
               nullptr);
  CheckForeignKeysAgain();
}

void Store::Transaction::Commit() {
  store_.Execute(nested_ ? "RELEASE nested_write" : "COMMIT");  // on failure still open: the destructor rolls back
  ended_ = true;
  CheckForeignKeysAgain();
}

void Store::Transaction::CheckForeignKeysAgain() {
  if (unchecked_) sqlite3_exec(store_.db_, "PRAGMA foreign_keys=ON", nullptr, nullptr, nullptr);
}

void Store::CheckReadableVersion() {
  int version = 0;
  {
    Statement version_query(*this, "PRAGMA user_version");
    version_query.Step();
    version = sqlite3_column_int(version_query.get(), 0);
  }
  if (version != kSchemaVersion) {
    throw StoreError(path_ + ": database schema version " + std::to_string(version) + ", this gapwatch reads " +
                     std::to_string(kSchemaVersion) + " (a writing command migrates it)");
  }
}

void Store::Migrate() {
  int version = 0;
  {
    // Finished before migrating: an open statement would lock the tables a migration drops.
    Statement version_query(*this, "PRAGMA user_version");
    version_query.Step();
    version = sqlite3_column_int(version_query.get(), 0);
  }
  if (version > kSchemaVersion) {
    throw StoreError(path_ + ": database schema version " + std::to_string(version) +
                     " is newer than this gapwatch supports (" + std::to_string(kSchemaVersion) +
                     "); use a newer gapwatch or another --db");
  }
  for (int next = version; next < kSchemaVersion; ++next) {
    // Unchecked: a table rebuilt in place (version 12: findings) is dropped
    // without cascading the delete of its rows to the tables naming them.
    Transaction transaction(*this, Transaction::ForeignKeys::kUnchecked);
    Execute(kMigrations[next]);
    long long schema_version = 0;
    {
      Statement query(*this, "PRAGMA schema_version");
      query.Step();
      schema_version = sqlite3_column_int64(query.get(), 0);
    }
    Execute("PRAGMA schema_version=" + std::to_string(schema_version + 1));
    Execute("PRAGMA user_version=" + std::to_string(next + 1));
    transaction.Commit();
  }
  if (version < kSchemaVersion) {
    std::string result;
    {
      Statement check(*this, "PRAGMA quick_check");
      check.Step();
      result = Text(check.get(), 0);
    }
    if (result != "ok") throw StoreError(path_ + ": the store is damaged after migrating: " + result);
  }
}

long long Store::BeginRun(const std::string& command, const std::string& as_of, const std::string& started_at) {
  Statement insert(*this, "INSERT INTO runs(command, as_of, started_at) VALUES (?, ?, ?)");
  insert.Bind(1, command).Bind(2, as_of).Bind(3, started_at).Run();
  return sqlite3_last_insert_rowid(db_);
}

void Store::FinishRun(long long run_id, const std::string& finished_at, const std::string& status, bool complete,
                      const std::string& summary_json) {
  Statement update(*this, "UPDATE runs SET finished_at = ?, status = ?, complete = ?, summary = ? WHERE id = ?");
  update.Bind(1, finished_at).Bind(2, status).Bind(3, complete ? 1LL : 0LL).Bind(4, summary_json).Bind(5, run_id);
  update.Run();
}

void Store::MarkInterruptedRuns(const std::string& command, long long run_id, const std::string& finished_at) {
  Statement update(*this,
                   "UPDATE runs SET status = 'interrupted', finished_at = ? WHERE command = ? AND id < ? AND "
                   "finished_at IS NULL");
  update.Bind(1, finished_at).Bind(2, command).Bind(3, run_id).Run();
}

namespace {
// A row of SELECT id, command, as_of, started_at, finished_at, status, complete, summary FROM runs.
RunRecord ReadRun(sqlite3_stmt* row) {
  RunRecord run;
  run.id = sqlite3_column_int64(row, 0);
  run.command = Text(row, 1);
  run.as_of = Text(row, 2);
  run.started_at = Text(row, 3);
  run.finished_at = Text(row, 4);
  run.status = Text(row, 5);
  run.complete = sqlite3_column_int(row, 6) != 0;
  run.summary = Text(row, 7);
  return run;
}
}  // namespace

std::optional<RunRecord> Store::LatestRun(const std::string& command) const {
  Statement query(*this,
                  "SELECT id, command, as_of, started_at, finished_at, status, complete, summary FROM runs "
                  "WHERE command = ? AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1");
  query.Bind(1, command);
  if (!query.Step()) return std::nullopt;
  return ReadRun(query.get());
}

std::vector<RunRecord> Store::Runs() const {
  Statement query(*this,
                  "SELECT id, command, as_of, started_at, finished_at, status, complete, summary FROM runs "
                  "ORDER BY id DESC");
  std::vector<RunRecord> runs;
  while (query.Step()) runs.push_back(ReadRun(query.get()));
  return runs;
}

void Store::UpsertSite(const std::string& name, const std::string& base_url) {
  Statement upsert(*this,
                   "INSERT INTO sites(name, base_url) VALUES (?, ?) "
                   "ON CONFLICT(name) DO UPDATE SET base_url = excluded.base_url");
  upsert.Bind(1, name).Bind(2, base_url).Run();
}

long long Store::AddCapture(const Capture& capture, long long run_id) {
  Transaction transaction(*this);
  const long long id = InsertCapture(capture, run_id);
  transaction.Commit();
  return id;
}

namespace {
constexpr const char* kCapturePayloadSql = "INSERT OR IGNORE INTO payloads(sha256, body) VALUES (?, ?)";
constexpr const char* kCaptureInsertSql =
    "INSERT INTO captures(run_id, site, url, page, source, status, headers, content_type, sha256, "
    "captured_at, error, revisit, attempts, truncated, warc_file, warc_offset, warc_length, content_encoding, "
    "warc_record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
}  // namespace

void Store::AddCaptures(long long run_id, const std::function<void(const CaptureAdder&)>& write) {
  Transaction transaction(*this);
  Statement payload(*this, kCapturePayloadSql);
  Statement insert(*this, kCaptureInsertSql);
  write([&](const Capture& capture) { return InsertCapture(capture, run_id, payload, insert); });
  transaction.Commit();
}

long long Store::InsertCapture(const Capture& capture, long long run_id) {
  Statement payload(*this, kCapturePayloadSql);
  Statement insert(*this, kCaptureInsertSql);
  return InsertCapture(capture, run_id, payload, insert);
}

long long Store::InsertCapture(const Capture& capture, long long run_id, Statement& payload, Statement& insert) {
  std::optional<std::string> sha256;
  if (!capture.sha256.empty()) {
    sha256 = capture.sha256;
    payload.Reset().Bind(1, capture.sha256).BindBlob(2, capture.body).Run();
  }
  insert.Reset()
      .Bind(1, run_id)
      .Bind(2, capture.site)
      .Bind(3, capture.url)
      .Bind(4, capture.page)
      .Bind(5, capture.source)
      .Bind(6, static_cast<long long>(capture.status))
      .Bind(7, capture.headers)
      .Bind(8, capture.content_type)
      .Bind(9, sha256)
      .Bind(10, capture.captured_at)
      .Bind(11, capture.error)
      .Bind(12, capture.revisit)
      .Bind(13, static_cast<long long>(capture.attempts))
      .Bind(14, capture.truncated ? 1LL : 0LL)
      .Bind(15, capture.warc_file.empty() ? std::nullopt : std::optional<std::string>(capture.warc_file))
      .Bind(16, capture.warc_offset)
      .Bind(17, capture.warc_length)
      .Bind(18, capture.content_encoding)
      .Bind(19, capture.warc_record_id)
      .Run();
  return sqlite3_last_insert_rowid(db_);
}

namespace {
constexpr const char* kCaptureColumns =
    "c.id, c.site, c.url, c.page, c.source, c.status, c.headers, c.content_type, c.sha256, c.captured_at, c.error, "
    "c.revisit, c.attempts, c.truncated, c.warc_file, c.warc_offset, c.warc_length, c.content_encoding, "
    "c.warc_record_id";

// SELECT … FROM captures c, with the payload as the last column (or NULL without it).
std::string SelectCaptures(bool with_body) {
  return std::string("SELECT ") + kCaptureColumns +
         (with_body ? ", p.body FROM captures c LEFT JOIN payloads p ON p.sha256 = c.sha256 "
                    : ", NULL FROM captures c ");
}

Capture ReadCapture(sqlite3_stmt* row) {
  Capture capture;
  capture.id = sqlite3_column_int64(row, 0);
  capture.site = Text(row, 1);
  capture.url = Text(row, 2);
  capture.page = Text(row, 3);
  capture.source = Text(row, 4);
  capture.status = sqlite3_column_int(row, 5);
  capture.headers = Text(row, 6);
  capture.content_type = Text(row, 7);
  capture.sha256 = Text(row, 8);
  capture.captured_at = Text(row, 9);
  capture.error = Text(row, 10);
  capture.revisit = Text(row, 11);
  capture.attempts = sqlite3_column_int(row, 12);
  capture.truncated = sqlite3_column_int(row, 13) != 0;
  capture.warc_file = Text(row, 14);
  capture.warc_offset = sqlite3_column_int64(row, 15);
  capture.warc_length = sqlite3_column_int64(row, 16);
  capture.content_encoding = Text(row, 17);
  capture.warc_record_id = Text(row, 18);
  if (const void* body = sqlite3_column_blob(row, 19)) {
    capture.body.assign(static_cast<const char*>(body), sqlite3_column_bytes(row, 19));
  }
  return capture;
}
}  // namespace

std::optional<Capture> Store::LatestCapture(const std::string& site, const std::string& url) const {
  const std::string sql = SelectCaptures(true) + "WHERE c.site = ? AND c.url = ? ORDER BY c.id DESC LIMIT 1";
  Statement query(*this, sql.c_str());
  query.Bind(1, site).Bind(2, url);
  if (!query.Step()) return std::nullopt;
  return ReadCapture(query.get());
}

namespace {
// Capture::Complete() in SQL.
constexpr const char* kCompleteCapture = "(error = '' AND ((status >= 200 AND status < 300) OR status = 304))";
}  // namespace

std::optional<Capture> Store::LatestCompleteCapture(const std::string& site, const std::string& url,
                                                    bool with_body) const {
  const std::string sql = SelectCaptures(with_body) + "WHERE c.site = ? AND c.url = ? AND " + kCompleteCapture +
                          " ORDER BY c.id DESC LIMIT 1";
  Statement query(*this, sql.c_str());
  query.Bind(1, site).Bind(2, url);
  if (!query.Step()) return std::nullopt;
  return ReadCapture(query.get());
}

std::optional<std::string> Store::LatestOkHeaders(const std::string& site, const std::string& url) const {
  Statement query(*this,
                  "SELECT headers FROM captures WHERE site = ? AND url = ? AND status = 200 AND error = '' "
                  "ORDER BY id DESC LIMIT 1");
  query.Bind(1, site).Bind(2, url);
  if (!query.Step()) return std::nullopt;
  return Text(query.get(), 0);
}

std::optional<Capture> Store::CaptureById(long long id) const {
  const std::string sql = SelectCaptures(true) + "WHERE c.id = ?";
  Statement query(*this, sql.c_str());
  query.Bind(1, id);
  if (!query.Step()) return std::nullopt;
  return ReadCapture(query.get());
}

std::optional<Store::Payload> Store::PayloadBySha256(const std::string& sha256) const {
  Payload payload;
  {
    Statement query(*this, "SELECT body FROM payloads WHERE sha256 = ?");
    query.Bind(1, sha256);
    if (!query.Step()) return std::nullopt;
    if (const void* body = sqlite3_column_blob(query.get(), 0)) {
      payload.body.assign(static_cast<const char*>(body), sqlite3_column_bytes(query.get(), 0));
    }
  }
  Statement query(*this, "SELECT content_type, content_encoding FROM captures WHERE sha256 = ? ORDER BY id LIMIT 1");
  query.Bind(1, sha256);
  if (query.Step()) {
    payload.content_type = Text(query.get(), 0);
    payload.content_encoding = Text(query.get(), 1);
  }
  return payload;
}

bool Store::HasCompleteCapture(const std::string& site, const std::string& url) const {
  const std::string sql =
      std::string("SELECT ") + kCompleteCapture + " FROM captures WHERE site = ? AND url = ? ORDER BY id DESC LIMIT 1";
  Statement query(*this, sql.c_str());
  query.Bind(1, site).Bind(2, url);
  return query.Step() && sqlite3_column_int(query.get(), 0) != 0;
}

std::vector<Capture> Store::LatestCaptures(const std::string& site, const std::string& page) const {
  const std::string sql = SelectCaptures(true) +
                          "WHERE c.id IN (SELECT MAX(id) FROM captures WHERE site = ? AND page = ? GROUP BY url) "
                          "ORDER BY c.id";
  Statement query(*this, sql.c_str());
  query.Bind(1, site).Bind(2, page);
  std::vector<Capture> captures;
  while (query.Step()) captures.push_back(ReadCapture(query.get()));
  return captures;
}

long long Store::CountCaptures(long long run_id, const std::string& site, bool errors_only) const {
  Statement query(*this, errors_only ? "SELECT COUNT(*) FROM captures WHERE run_id = ? AND site = ? AND "
                                       "(error != '' OR status < 200 OR status >= 400)"
                                     : "SELECT COUNT(*) FROM captures WHERE run_id = ? AND site = ?");
  query.Bind(1, run_id).Bind(2, site);
  query.Step();
  return sqlite3_column_int64(query.get(), 0);
}

void Store::ReplaceNotices(const std::string& site, const std::vector<ExtractedNotice>& notices,
                           const std::vector<ExtractProblem>& problems) {
  ReplaceNotices(site, [&](NoticeSink& sink) {
    for (const ExtractedNotice& extracted : notices) sink.Add(extracted);
    for (const ExtractProblem& problem : problems) sink.Add(problem);
  });
}

namespace {

class StatementSink : public Store::NoticeSink {
 public:
  StatementSink(sqlite3* db, const std::string& site, long long seq, sqlite3_stmt* claim_url,
                sqlite3_stmt* upsert_notice, sqlite3_stmt* insert_content, sqlite3_stmt* insert_problem,
                const std::function<void(int)>& check)
      : db_(db),
        site_(site),
        seq_(seq),
        claim_url_(claim_url),
        upsert_notice_(upsert_notice),
        insert_content_(insert_content),
        insert_problem_(insert_problem),
        check_(check) {}

  void Add(const Store::ExtractedNotice& extracted) override {
    const Notice& notice = extracted.notice;
    // The first notice extracted for a URL is the one kept, as before ids were stable.
    sqlite3_reset(claim_url_);
    BindText(claim_url_, 1, notice.url);
    check_(sqlite3_step(claim_url_));
    if (sqlite3_changes(db_) > 0) Upsert(extracted);
    if (extracted.content_sha256.empty()) return;
    sqlite3_stmt* content = insert_content_;
    sqlite3_reset(content);
    BindText(content, 1, site_);
    BindText(content, 2, notice.url);
    BindText(content, 3, extracted.content_sha256);
    sqlite3_bind_int64(content, 4, extracted.capture_id);
    check_(sqlite3_step(content));
  }

  void Add(const ExtractProblem& problem) override {
    sqlite3_stmt* insert = insert_problem_;
    sqlite3_reset(insert);
    BindText(insert, 1, site_);
    BindText(insert, 2, problem.url);
    if (problem.capture_id > 0) {
      sqlite3_bind_int64(insert, 3, problem.capture_id);
    } else {
      sqlite3_bind_null(insert, 3);
    }
    BindText(insert, 4, problem.message);
    check_(sqlite3_step(insert));
  }

 private:
  void Upsert(const Store::ExtractedNotice& extracted) {
    const Notice& notice = extracted.notice;
    nlohmann::json lots = nlohmann::json::array();
    for (const Lot& lot : notice.lots) {
      nlohmann::json entry = {{"name", lot.name}, {"supplier", lot.supplier}};
      if (lot.amount_yuan) entry["amount_yuan"] = *lot.amount_yuan;
      lots.push_back(entry);
    }
    sqlite3_stmt* upsert = upsert_notice_;
    sqlite3_reset(upsert);
    BindText(upsert, 1, site_);
    BindText(upsert, 2, notice.url);
    sqlite3_bind_int64(upsert, 3, extracted.capture_id);
    BindText(upsert, 4, notice.kind);
    BindText(upsert, 5, notice.domain);
    BindText(upsert, 6, notice.project_code);
    BindText(upsert, 7, notice.title);
    BindText(upsert, 8, notice.buyer);
    BindText(upsert, 9, notice.agency);
    BindText(upsert, 10, notice.supplier);
    BindOptional(upsert, 11, notice.budget_yuan);
    BindOptional(upsert, 12, notice.amount_yuan);
    BindOptional(upsert, 13, notice.published);
    BindOptional(upsert, 14, notice.opening);
    BindOptional(upsert, 15, notice.decided);
    BindOptional(upsert, 16, notice.signed_on);
    BindText(upsert, 17, lots.dump());
    BindText(upsert, 18, nlohmann::json(notice.fields_missing).dump());
    if (extracted.list_capture_id > 0) {
      sqlite3_bind_int64(upsert, 19, extracted.list_capture_id);
    } else {
      sqlite3_bind_null(upsert, 19);
    }
    BindOptional(upsert, 20, notice.delisted);
    sqlite3_bind_int64(upsert, 21, seq_);
    check_(sqlite3_step(upsert));
  }

  static void BindText(sqlite3_stmt* statement, int index, const std::string& value) {
    sqlite3_bind_text(statement, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }
  static void BindOptional(sqlite3_stmt* statement, int index, const std::optional<std::string>& value) {
    if (value) {
      BindText(statement, index, *value);
    } else {
      sqlite3_bind_null(statement, index);
    }
  }

  sqlite3* db_;
  const std::string& site_;
  long long seq_;
  sqlite3_stmt* claim_url_;
  sqlite3_stmt* upsert_notice_;
  sqlite3_stmt* insert_content_;
  sqlite3_stmt* insert_problem_;
  const std::function<void(int)>& check_;
};

// The columns an extract writes; a row is changed when any differs.
constexpr const char* kExtractedColumns[] = {
    "capture_id", "kind",      "domain",      "project_code",   "title",           "buyer",
    "agency",     "supplier",  "budget_yuan", "amount_yuan",    "published",       "opening",
    "decided",    "signed_on", "lots",        "fields_missing", "list_capture_id", "delisted"};

// INSERT of a notice that updates the stored row of its (site, url) in place
// (its id stays) when, and only when, a column differs. The capture's time
// and SHA-256 are copied from the capture row it names (?3, capture_id):
// they differ only where capture_id does. An id naming no capture fails on
// its foreign key, as before they were copied.
std::string UpsertNoticeSql() {
  std::string columns, updates, same;
  for (const char* column : kExtractedColumns) {
    columns += std::string(", ") + column;
    updates += std::string(column) + " = excluded." + column + ", ";
    same += std::string(same.empty() ? "" : " AND ") + "notices." + column + " IS excluded." + column;
  }
  return "INSERT INTO notices(site, url" + columns +
         ", changed_seq, captured_at, capture_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
         "?, ?, ?, COALESCE((SELECT captured_at FROM captures WHERE id = ?3), ''), "
         "(SELECT sha256 FROM captures WHERE id = ?3)) "
         "ON CONFLICT(site, url) DO UPDATE SET " +
         updates +
         "changed_seq = excluded.changed_seq, captured_at = excluded.captured_at, "
         "capture_sha256 = excluded.capture_sha256 WHERE NOT (" +
         same + ")";
}

}  // namespace

void Store::ReplaceNotices(const std::string& site, const std::function<void(NoticeSink&)>& extract) {
  Transaction transaction(*this);
  long long seq = 0;
  {
    Statement next(*this, "UPDATE notice_sequence SET seq = seq + 1 RETURNING seq");
    next.Step();
    seq = sqlite3_column_int64(next.get(), 0);
  }
  Statement clear_problems(*this, "DELETE FROM extract_problems WHERE site = ?");
  clear_problems.Bind(1, site).Run();
  // The URLs this extract yields: the stored notices of any other URL are gone.
  Execute("CREATE TEMP TABLE IF NOT EXISTS extracted_urls (url TEXT PRIMARY KEY)");
  Execute("DELETE FROM temp.extracted_urls");
  Statement claim_url(*this, "INSERT OR IGNORE INTO temp.extracted_urls(url) VALUES (?)");
  const std::string upsert_sql = UpsertNoticeSql();
  Statement upsert(*this, upsert_sql.c_str());
  // A content seen before keeps its first capture; a new one for a URL that
  // had another is flagged (NoticeTracks reads those URLs).
  Statement insert_content(
      *this,
      "INSERT INTO notice_contents(site, url, content_sha256, capture_id, follows_another) "
      "VALUES (?1, ?2, ?3, ?4, EXISTS (SELECT 1 FROM notice_contents WHERE site = ?1 AND url = ?2)) "
      "ON CONFLICT(site, url, content_sha256) DO NOTHING");
  Statement insert_problem(*this, "INSERT INTO extract_problems(site, url, capture_id, message) VALUES (?, ?, ?, ?)");
  const std::function<void(int)> check = [this](int result) {
    if (result != SQLITE_DONE) throw StoreError(path_ + ": step: " + sqlite3_errmsg(db_));
  };
  StatementSink sink(db_, site, seq, claim_url.get(), upsert.get(), insert_content.get(), insert_problem.get(), check);
  extract(sink);
  Execute("CREATE TEMP TABLE IF NOT EXISTS gone_notices (id INTEGER PRIMARY KEY)");
  Execute("DELETE FROM temp.gone_notices");
  Statement find_gone(*this,
                      "INSERT INTO temp.gone_notices(id) SELECT id FROM notices "
                      "WHERE site = ? AND url NOT IN (SELECT url FROM temp.extracted_urls)");
  find_gone.Bind(1, site).Run();
  if (sqlite3_changes(db_) > 0) {
    // The projects that link a notice gone: one pass over every project's ids,
    // made only when a notice went (there is no index by notice).
    Execute(
        "CREATE TEMP TABLE IF NOT EXISTS gone_links (notice_id INTEGER NOT NULL, project_code TEXT NOT NULL); "
        "DELETE FROM temp.gone_links; "
        "INSERT INTO temp.gone_links(notice_id, project_code) SELECT ids.value, projects.code "
        "FROM projects, json_each(projects.notice_ids) AS ids WHERE ids.value IN (SELECT id FROM temp.gone_notices)");
    Statement record_removals(*this,
                              "INSERT INTO notice_removals(seq, notice_id, site, url, kind, domain, project_code, "
                              "linked_project) SELECT ?, n.id, n.site, n.url, n.kind, n.domain, n.project_code, "
                              "(SELECT MIN(project_code) FROM temp.gone_links WHERE notice_id = n.id) "
                              "FROM notices n WHERE n.id IN (SELECT id FROM temp.gone_notices)");
    record_removals.Bind(1, seq).Run();
    // Their projects keep the other ids, in order.
    Execute(
        "UPDATE projects SET notice_ids = (SELECT json_group_array(ids.value) FROM json_each(projects.notice_ids) "
        "AS ids WHERE ids.value NOT IN (SELECT id FROM temp.gone_notices)) "
        "WHERE code IN (SELECT project_code FROM temp.gone_links); "
        "DELETE FROM temp.gone_links");
  }
  Execute(
      "DELETE FROM notices WHERE id IN (SELECT id FROM temp.gone_notices); DELETE FROM temp.gone_notices; "
      "DELETE FROM temp.extracted_urls");
  transaction.Commit();
}

namespace {

constexpr const char* kNoticeColumns =
    "n.site, n.url, n.kind, n.domain, n.project_code, n.title, n.buyer, n.agency, n.supplier, n.budget_yuan, "
    "n.amount_yuan, n.published, n.opening, n.decided, n.signed_on, n.lots, n.fields_missing, n.capture_id, "
    "n.captured_at, n.capture_sha256, n.delisted, n.id";

// A row of kNoticeColumns. The few values notices repeat (sites, kinds,
// parties, days) are stored once; titles and codes are not: a table of 10^6
// of them would cost more time than the memory it saves.
void ReadNotice(ArenaColumns& columns, NoticeWithEvidence& entry) {
  constexpr bool kShared = true;
  entry.notice_id = columns.Integer(21);
  HeldNotice& notice = entry.notice;
  notice.site = columns.Text(0, kShared);
  notice.url = columns.Text(1);
  notice.kind = columns.Text(2, kShared);
  notice.domain = columns.Text(3, kShared);
  notice.project_code = columns.Text(4);
  notice.title = columns.Text(5);
  notice.buyer = columns.Text(6, kShared);
  notice.agency = columns.Text(7, kShared);
  notice.supplier = columns.Text(8, kShared);
  notice.budget_yuan = columns.Optional(9);
  notice.amount_yuan = columns.Optional(10);
  notice.published = columns.Optional(11);
  notice.opening = columns.Optional(12, kShared);
  notice.decided = columns.Optional(13, kShared);
  notice.signed_on = columns.Optional(14, kShared);
  // Most notices have no lots and miss nothing: skip the JSON parser for "[]".
  if (const std::string_view lots = columns.View(15); lots != "[]") {
    for (const auto& lot : nlohmann::json::parse(lots)) {
      notice.lots.push_back({lot.value("name", ""), lot.value("supplier", ""),
                             lot.contains("amount_yuan")
                                 ? std::optional<std::string>(lot["amount_yuan"].get<std::string>())
                                 : std::nullopt});
    }
  }
  if (const std::string_view missing = columns.View(16); missing != "[]") {
    notice.fields_missing = nlohmann::json::parse(missing).get<std::vector<std::string>>();
  }
  entry.capture_id = columns.Integer(17);
  entry.captured_at = columns.Text(18);
  entry.sha256 = columns.View(19);
  notice.delisted = columns.Optional(20, kShared);
  entry.texts = columns.arena();
}

// A read transaction: the statements run inside it see one snapshot of the
// store (a load counts its notices in it, then fills that many slots). Within
// a transaction already open it adds nothing.
class ReadSnapshot {
 public:
  ReadSnapshot(sqlite3* db, const std::string& path) : db_(sqlite3_get_autocommit(db) ? db : nullptr) {
    if (db_ && sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
      throw StoreError(path + ": begin: " + sqlite3_errmsg(db_));
    }
  }
  ~ReadSnapshot() {
    if (db_) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  sqlite3* db_;
};

// Frees what the page cache of `db` holds when it goes out of scope: after a
// load of every notice, pages no later query wants (64 MiB of them), which the
// memory of the notices' users (a check) can then take instead of growing.
class FreesPageCache {
 public:
  explicit FreesPageCache(sqlite3* db) : db_(db) {}
  ~FreesPageCache() { sqlite3_db_release_memory(db_); }
  FreesPageCache(const FreesPageCache&) = delete;
  FreesPageCache& operator=(const FreesPageCache&) = delete;

 private:
  sqlite3* db_;
};

}  // namespace

std::vector<NoticeWithEvidence> Store::Notices() const {
  return ReadNotices(kNoticeColumns, "1", ReadNotice, Halves::kInPlace);
}

std::vector<NoticeWithEvidence> Store::NoticesByIds(const std::vector<long long>& ids) const {
  return ReadNoticesWithIds(kNoticeColumns, ReadNotice, ids);
}

std::vector<NoticeWithEvidence> Store::ReadNoticesWithIds(const std::string& columns, NoticeRowReader read,
                                                          const std::vector<long long>& ids) const {
  FillWantedIds(ids);
  return ReadNotices(columns, "n.id IN (SELECT id FROM temp.wanted_ids)", read, Halves::kNone);
}

std::vector<NoticeWithEvidence> Store::ReadNotices(const std::string& columns, const std::string& condition,
                                                   NoticeRowReader read, Halves halves) const {
  const std::string select = "SELECT " + columns + " FROM notices n WHERE (" + condition + ")";
  const auto read_rows = [&](Statement& query, std::vector<NoticeWithEvidence>& into) {
    ArenaColumns row(query.get(), std::make_shared<TextArena>());
    while (query.Step()) read(row, into.emplace_back());
  };
  const FreesPageCache afterwards(db_);  // after the snapshot ends and the statements are finalized
  const ReadSnapshot snapshot(db_, path_);
  std::vector<NoticeWithEvidence> notices;
  Statement count(*this, ("SELECT COUNT(*) FROM notices n WHERE " + condition).c_str());
  const std::size_t total = count.Step() ? static_cast<std::size_t>(sqlite3_column_int64(count.get(), 0)) : 0;
  // A database only this connection sees (in memory) has no second reader.
  if (halves == Halves::kNone || total < 2 || path_.empty() || path_ == ":memory:") {
    notices.reserve(total);
    Statement query(*this, (select + " ORDER BY n.id").c_str());
    read_rows(query, notices);
    return notices;
  }
  // Halves by id value, not by count: the first and last ids are one seek
  // each, where an OFFSET steps through every row below it (0.26 s at 10^6).
  // Re-extracts keep ids and removals leave few gaps, so the halves stay even.
  // The ids of the whole table, not of the rows kept: where a condition keeps
  // a few, the scan is the cost, and a MIN or MAX of the kept ids would scan
  // up to the first one (a site's notices come together: 0.17 s at 10^6).
  const auto end_id = [&](const char* which) {
    Statement query(*this, ("SELECT " + std::string(which) + "(id) FROM notices").c_str());
    return query.Step() ? sqlite3_column_int64(query.get(), 0) : 0;
  };
  const long long first = end_id("MIN");
  const long long middle = first + (end_id("MAX") - first + 1) / 2;  // the first id of the upper half
  // Only an extract changes notices, and each one advances the sequence: the
  // same sequence in both snapshots is the same notices.
  const long long sequence = NoticeSequence();
  // This connection fills the slots from the front in id order, the other
  // from the back in descending order: the halves meet in place, where
  // appending one to the other would hold both at once (+96 MB at 10^6).
  // Both read at most `total` rows together (the count is of this snapshot).
  notices.resize(total);
  std::size_t upper_first = total;  // the first slot the other connection filled
  // False when this connection is to read the upper half after all.
  std::future<bool> upper_read = std::async(std::launch::async, [&] {
    try {
      Store reader(path_);
      // A scan reads each page once: SQLite's default cache (2 MiB), not the
      // 64 MiB a Store keeps for its writes, which would only add to the peak.
      reader.Execute("PRAGMA cache_size=-2000");
      const ReadSnapshot same(reader.db_, path_);
      if (reader.NoticeSequence() != sequence) return false;
      Statement query(reader, (select + " AND n.id >= ?1 ORDER BY n.id DESC").c_str());
      query.Bind(1, middle);
      ArenaColumns row(query.get(), std::make_shared<TextArena>());
      while (query.Step()) read(row, notices[--upper_first]);
      return true;
    } catch (const StoreError&) {
      return false;  // a second connection that cannot open or read costs time, not the load
    }
  });
  std::size_t lower_end = 0;
  {
    Statement query(*this, (select + " AND n.id < ?1 ORDER BY n.id").c_str());
    query.Bind(1, middle);
    ArenaColumns row(query.get(), std::make_shared<TextArena>());
    while (query.Step()) read(row, notices[lower_end++]);
  }
  if (upper_read.get()) {
    notices.erase(notices.begin() + static_cast<std::ptrdiff_t>(lower_end),
                  notices.begin() + static_cast<std::ptrdiff_t>(upper_first));
  } else {
    // An extract committed in between (the other connection saw other
    // notices), or it failed: its slots are dropped, whatever it wrote.
    notices.resize(lower_end);
    Statement query(*this, (select + " AND n.id >= ?1 ORDER BY n.id").c_str());
    query.Bind(1, middle);
    read_rows(query, notices);
  }
  return notices;
}

long long Store::CountNotices(const std::string& site) const {
  Statement query(*this, "SELECT COUNT(*) FROM notices WHERE site = ?");
  query.Bind(1, site);
  query.Step();
  return sqlite3_column_int64(query.get(), 0);
}

std::vector<ExtractProblem> Store::ExtractProblems() const {
  Statement query(*this, "SELECT site, url, COALESCE(capture_id, 0), message FROM extract_problems ORDER BY id");
  std::vector<ExtractProblem> problems;
  while (query.Step()) {
    problems.push_back(
        {Text(query.get(), 0), Text(query.get(), 1), sqlite3_column_int64(query.get(), 2), Text(query.get(), 3)});
  }
  return problems;
}

void Store::RecordFullWalk(const std::string& site, long long run_id) {
  Statement insert(*this, "INSERT OR IGNORE INTO full_walks(site, run_id) VALUES (?, ?)");
  insert.Bind(1, site).Bind(2, run_id).Run();
}

std::vector<Store::NoticeTrack> Store::NoticeTracks() const {
  std::map<std::pair<std::string, std::string>, NoticeTrack> tracks;
  const auto track = [&](sqlite3_stmt* row) -> NoticeTrack& {
    NoticeTrack& found = tracks[{Text(row, 0), Text(row, 1)}];
    found.site = Text(row, 0);
    found.url = Text(row, 1);
    return found;
  };
  const auto stamp = [](sqlite3_stmt* row) { return CaptureStamp{Text(row, 2), Text(row, 3), Text(row, 4)}; };
  Statement contents(*this,
                     "SELECT k.site, k.url, c.url, c.captured_at, COALESCE(c.sha256, '') "
                     "FROM notice_contents k JOIN notices n ON n.site = k.site AND n.url = k.url "
                     "JOIN captures c ON c.id = k.capture_id WHERE (k.site, k.url) IN "
                     "(SELECT site, url FROM notice_contents WHERE follows_another = 1) "
                     "ORDER BY k.capture_id");
  while (contents.Step()) track(contents.get()).contents.push_back(stamp(contents.get()));
  // A 404 or 410 is gone only where the site answered other requests in the same
  // run: a site answering everything with an error says nothing about one notice.
  Statement detail_gone(*this,
                        "SELECT n.site, n.url, g.url, g.captured_at, COALESCE(g.sha256, '') FROM captures g "
                        "JOIN notices n ON n.site = g.site AND n.url = g.url "
                        "WHERE g.status IN (404, 410) AND g.error = '' AND NOT EXISTS (SELECT 1 FROM captures later "
                        "WHERE later.site = g.site AND later.url = g.url AND later.id > g.id) "
                        "AND EXISTS (SELECT 1 FROM captures a "
                        "WHERE a.run_id = g.run_id AND a.site = g.site AND a.error = '' AND a.status >= 200 "
                        "AND a.status < 300)");
  while (detail_gone.Step()) track(detail_gone.get()).gone = stamp(detail_gone.get());
  // Last listed before the newest complete full walk of its site: that walk
  // read every list to its end without it. A source with nothing listed since
  // (a redesigned list its rules no longer read) proves nothing; items the walk
  // listed may have been listed again later, so later runs count. Whether a
  // source listed anything is asked once per source, not once per notice: the
  // question scans the site's list items where the answer is no, and every
  // notice of a redesigned source is unlisted (10^5 of them would make 10^5
  // scans of 10^5 items).
  Statement unlisted(
      *this,
      "WITH walk AS (SELECT site, MAX(run_id) AS run_id FROM full_walks GROUP BY site), "
      "unlisted AS MATERIALIZED (SELECT n.site, n.url, l.source, w.run_id FROM notices n "
      "JOIN walk w ON w.site = n.site JOIN captures l ON l.id = n.list_capture_id "
      "WHERE l.run_id < w.run_id), "
      "sources AS MATERIALIZED (SELECT s.site, s.source, (SELECT MIN(id) FROM captures "
      "WHERE run_id = s.run_id AND site = s.site AND page = 'list' AND source = s.source) AS first_list "
      "FROM (SELECT DISTINCT site, source, run_id FROM unlisted) s WHERE EXISTS (SELECT 1 FROM "
      "list_items i JOIN captures c ON c.id = i.list_capture_id WHERE i.site = s.site "
      "AND c.run_id >= s.run_id AND c.source = s.source)) "
      "SELECT u.site, u.url, f.url, f.captured_at, COALESCE(f.sha256, '') FROM unlisted u "
      "JOIN sources s ON s.site = u.site AND s.source = u.source JOIN captures f ON f.id = s.first_list");
  while (unlisted.Step()) {
    NoticeTrack& found = track(unlisted.get());
    if (!found.gone) found.gone = stamp(unlisted.get());
  }
  std::vector<NoticeTrack> result;
  for (auto& [key, found] : tracks) result.push_back(std::move(found));
  return result;
}

std::vector<Store::CaptureStamp> Store::NewestListCaptures(const std::string& site) const {
  Statement query(*this,
                  "SELECT url, captured_at, COALESCE(sha256, '') FROM captures WHERE id IN (SELECT MAX(id) FROM "
                  "captures WHERE site = ? AND page = 'list' AND error = '' AND status IN (200, 304) GROUP BY url) "
                  "ORDER BY length(url), url");
  query.Bind(1, site);
  std::vector<CaptureStamp> pages;
  while (query.Step()) pages.push_back({Text(query.get(), 0), Text(query.get(), 1), Text(query.get(), 2)});
  return pages;
}

namespace {
// A JSON string as nlohmann::json::dump() writes it (escapes only '"', '\\'
// and control characters), without building a json value: a first check
// writes the evidence of every finding. Non-ASCII text goes through
// nlohmann itself, which checks the UTF-8.
void AppendJsonString(std::string& out, std::string_view text) {
  if (std::ranges::any_of(text, [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    out += nlohmann::json(text).dump();
    return;
  }
  out += '"';
  // The characters that need no escape go in runs, not one by one: a first
  // check writes some 70 MB of evidence JSON.
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.substr(run, i - run));
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0x0f];
      }
    }
  }
  out.append(text.substr(run));
  out += '"';
}

// The evidence as JSON: what nlohmann::json would dump for an array of
// objects with their keys sorted (captured_at, missing, notice_kind,
// published, published_from, sha256, url), `missing` and `published_from`
// only when not empty. EvidenceFromJson reads it.
std::string EvidenceToJson(const std::vector<Evidence>& evidence) {
  std::string json = "[";
  for (const Evidence& item : evidence) {
    if (json.size() > 1) json += ',';
    json += "{\"captured_at\":";
    AppendJsonString(json, item.captured_at);
    if (!item.missing.empty()) {
      json += ",\"missing\":[";
      for (const MissingContent& missing : item.missing) {
        if (json.back() != '[') json += ',';
        json += "{\"item\":";
        AppendJsonString(json, missing.item);
        json += ",\"rule\":";
        AppendJsonString(json, missing.rule);
        json += '}';
      }
      json += ']';
    }
    json += ",\"notice_kind\":";
    AppendJsonString(json, item.notice_kind);
    json += ",\"published\":";
    AppendJsonString(json, item.published);
    if (!item.published_from.empty()) {
      json += ",\"published_from\":";
      AppendJsonString(json, item.published_from);
    }
    json += ",\"sha256\":";
    AppendJsonString(json, item.sha256);
    json += ",\"url\":";
    AppendJsonString(json, item.url);
    json += '}';
  }
  return json + ']';
}

std::vector<Evidence> EvidenceFromJson(const std::string& text) {
  std::vector<Evidence> evidence;
  for (const auto& item : nlohmann::json::parse(text)) {
    Evidence read{item.value("url", ""),           item.value("notice_kind", ""), item.value("published", ""),
                  item.value("captured_at", ""),   item.value("sha256", ""),      {},
                  item.value("published_from", "")};
    for (const auto& missing : item.value("missing", nlohmann::json::array())) {
      read.missing.push_back({missing.value("item", ""), missing.value("rule", "")});
    }
    evidence.push_back(std::move(read));
  }
  return evidence;
}

// A 64-bit digest of length-prefixed fields, read 8 bytes at a time
// (little-endian, whatever the host): tells a check whether what it would
// write differs from what is stored. A change detector, not a seal; its
// values are stored, so it never changes.
class FieldDigest {
 public:
  FieldDigest& Add(std::string_view field) {
    Mix(field.size());
    std::size_t i = 0;
    for (; i + 8 <= field.size(); i += 8) Mix(LittleEndianWord(field.substr(i, 8)));
    if (i < field.size()) Mix(LittleEndianWord(field.substr(i)));
    return *this;
  }
  FieldDigest& AddOptional(const std::optional<std::string>& field) { return field ? Add("+").Add(*field) : Add("-"); }
  FieldDigest& AddNumber(long long number) {
    Mix(static_cast<unsigned long long>(number));
    return *this;
  }
  // As SQLite stores integers.
  long long Value() const { return static_cast<long long>(hash_); }

 private:
  void Mix(unsigned long long word) {
    hash_ = (hash_ ^ word) * 0x100000001b3ULL;
    hash_ ^= hash_ >> 29;
  }
  unsigned long long hash_ = 0xcbf29ce484222325ULL;
};

// What the evidence proves, without when it was last captured: a new capture
// of the same payload is no change in the finding's history.
void AddEvidence(FieldDigest& digest, const std::vector<Evidence>& evidence, bool with_capture_time) {
  for (const Evidence& item : evidence) {
    digest.Add(item.url).Add(item.notice_kind).Add(item.published).Add(item.published_from).Add(item.sha256);
    if (with_capture_time) digest.Add(item.captured_at);
    for (const MissingContent& missing : item.missing) digest.Add(missing.item).Add(missing.rule);
    digest.Add("|");
  }
}

long long EvidenceDigest(const std::vector<Evidence>& evidence) {
  FieldDigest digest;
  AddEvidence(digest, evidence, false);
  return digest.Value();
}

// Every stored field of a finding row but its status, its dates and its
// overdue count (the daily tick, written apart).
long long ContentDigest(const Finding& finding) {
  FieldDigest digest;
  digest.Add(finding.kind)
      .Add(finding.severity)
      .Add(finding.domain)
      .Add(finding.site)
      .Add(finding.project_code)
      .Add(finding.project_title)
      .Add(finding.buyer)
      .AddOptional(finding.due)
      .Add(finding.rule_id)
      .Add(finding.rule_source)
      .Add(finding.confidence)
      .AddNumber(finding.calendar_missing_year.value_or(0));
  AddEvidence(digest, finding.evidence, true);
  return digest.Value();
}

// A finding's state in its history: what its newest event left.
struct HistoryState {
  std::string kind;
  std::optional<std::string> due;
  std::string status;
  std::string confidence;
  int overdue_working_days = 0;
  std::optional<long long> evidence_digest;  // none on events migrated from schema 4
};

// The event that takes a finding from `before` (none: never seen) to `after`;
// "" when nothing an evaluator needs changed. An unknown digest matches any.
std::string Transition(const HistoryState* before, const HistoryState& after) {
  if (!before || before->status == "resolved") {
    if (after.status != "open") return "";
    return before ? "reopened" : "opened";
  }
  if (after.status == "resolved") return "resolved";
  if (before->kind != after.kind) {
    const bool late =
        before->kind.ends_with("_missing") && after.kind == before->kind.substr(0, before->kind.size() - 8) + "_late";
    return late ? "late" : "changed";
  }
  const bool evidence_changed =
      before->evidence_digest && after.evidence_digest && *before->evidence_digest != *after.evidence_digest;
  if (before->due != after.due || before->confidence != after.confidence || evidence_changed) return "changed";
  return "";
}

constexpr const char* kEventColumns =
    "finding_id, as_of, COALESCE(run_id, 0), event, kind, due, status, confidence, overdue_working_days";

FindingEvent ReadEvent(sqlite3_stmt* row) {
  return FindingEvent{Text(row, 0), Text(row, 1), sqlite3_column_int64(row, 2),
                      Text(row, 3), Text(row, 4), OptionalText(row, 5),
                      Text(row, 6), Text(row, 7), sqlite3_column_int(row, 8)};
}
std::optional<long long> OptionalInteger(sqlite3_stmt* row, int column) {
  if (sqlite3_column_type(row, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(row, column);
}

// Also a blob's bytes as stored: the database is UTF-8, so reading one as text converts nothing.
std::string_view TextView(sqlite3_stmt* row, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(row, column));
  return text ? std::string_view(text, sqlite3_column_bytes(row, column)) : std::string_view();
}

// A finding's state as its row or an event holds it.
HistoryState ReadState(sqlite3_stmt* row, int first_column) {
  return HistoryState{
      Text(row, first_column),     OptionalText(row, first_column + 1),       Text(row, first_column + 2),
      Text(row, first_column + 3), sqlite3_column_int(row, first_column + 4), OptionalInteger(row, first_column + 5)};
}
constexpr const char* kStateColumns = "kind, due, status, confidence, overdue_working_days, evidence_digest";

}  // namespace

std::vector<Finding> Store::SaveFindings(const std::string& as_of, std::vector<Finding> findings, long long run_id,
                                         const FindingScope& in_scope) {
  Transaction transaction(*this);
  // The findings rows hold the last check; they are also where the history
  // ends when that check was the newest by as_of and this one is not older
  // (the usual case): then the history need not be read.
  std::string last_as_of;
  std::string newest_as_of;
  {
    Statement query(*this, "SELECT as_of, newest_as_of FROM findings_checked");
    if (query.Step()) {
      last_as_of = Text(query.get(), 0);
      newest_as_of = Text(query.get(), 1);
    }
  }
  // History only moves forward: a check older than the newest one records no
  // event (the rows still show it: they are the last check's).
  const bool records_history = newest_as_of <= as_of;
  if (run_id == 0) {
    Statement query(*this, "SELECT MAX(id) FROM runs WHERE command = 'check' AND finished_at IS NULL");
    if (query.Step()) run_id = sqlite3_column_int64(query.get(), 0);  // NULL reads as 0
  }
  const bool rows_end_history = records_history && last_as_of == newest_as_of;
  // The rows of out-of-scope findings stand for their history only when they end it.
  if (in_scope && !rows_end_history) {
    throw StoreError(path_ + ": an incremental check needs the last check to be the newest by as_of");
  }

  // A finding raised twice counts once, as the last one says (the row keeps the last).
  // Two kinds under one id would lose one of them: a checker's bug, never stored.
  std::unordered_map<std::string_view, std::size_t> last_of;
  last_of.reserve(findings.size());
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const auto [at, first] = last_of.try_emplace(findings[i].id, i);
    if (first) continue;
    if (findings[at->second].kind != findings[i].kind) {
      throw std::logic_error("SaveFindings: " + findings[at->second].kind + " and " + findings[i].kind + " of " +
                             findings[i].project_code + " share the finding id " + findings[i].id);
    }
    at->second = i;
  }
  // The rows, read in one pass: those raised again by index, the open others to resolve.
  struct StoredRow {
    long long rowid = 0;  // the daily tick updates by it: no lookup of the id
    std::string first_seen;
    long long content_digest = 0;
    HistoryState state;
  };
  std::vector<std::optional<StoredRow>> stored(findings.size());
  std::vector<std::pair<std::string, HistoryState>> unraised_open;
  bool has_rows = false;
  {
    const std::string sql = std::string("SELECT id, first_seen, COALESCE(content_digest, 0), ") + kStateColumns +
                            ", rowid, project_code FROM findings";
    Statement query(*this, sql.c_str());
    while (query.Step()) {
      has_rows = true;
      sqlite3_stmt* row = query.get();
      if (const auto raised = last_of.find(TextView(row, 0)); raised != last_of.end()) {
        stored[raised->second] =
            StoredRow{sqlite3_column_int64(row, 9), Text(row, 1), sqlite3_column_int64(row, 2), ReadState(row, 3)};
      } else if (TextView(row, 5) == "open" && (!in_scope || in_scope(Text(row, 3), Text(row, 10)))) {
        unraised_open.emplace_back(Text(row, 0), ReadState(row, 3));
      }
    }
  }
  // After an older check, each finding's state is its newest event.
  std::unordered_map<std::string, HistoryState> timeline;
  if (records_history && !rows_end_history) {
    const std::string sql = std::string("SELECT finding_id, ") + kStateColumns +
                            " FROM finding_events WHERE as_of <= ? ORDER BY finding_id, as_of, id";
    Statement query(*this, sql.c_str());
    query.Bind(1, as_of);
    while (query.Step()) timeline.insert_or_assign(Text(query.get(), 0), ReadState(query.get(), 1));
  }
  const auto history_state = [&](const std::string& id, const StoredRow* row) -> const HistoryState* {
    if (rows_end_history) return row ? &row->state : nullptr;
    const auto found = timeline.find(id);
    return found == timeline.end() ? nullptr : &found->second;
  };

  // A finding's row is written when it was not open, or when more than its
  // overdue count (the daily tick) changed.
  const auto writes_row = [&](const StoredRow* row, long long content_digest) {
    return !row || row->state.status != "open" || row->first_seen > as_of || row->content_digest != content_digest;
  };
  // The digests and the evidence JSON of the findings raised last under
  // their id, worked out on a second thread while this one writes (a first
  // check writes 10^5 findings: 1 s of the 7 s it took). Published in order:
  // those before `prepared_count` are ready.
  std::vector<std::size_t> last_index(findings.size());  // of the finding raised last under each one's id
  std::vector<bool> last(findings.size());
  for (std::size_t i = 0; i < findings.size(); ++i) {
    last_index[i] = last_of.at(findings[i].id);
    last[i] = last_index[i] == i;
  }
  struct Prepared {
    long long content_digest = 0;
    long long evidence_digest = 0;
    std::string evidence_json;  // only for a row to write
  };
  std::vector<Prepared> prepared(findings.size());
  std::atomic<std::size_t> prepared_count = 0;
  const auto prepare = [&] {
    constexpr std::size_t kChunk = 64;
    try {
      for (std::size_t i = 0; i < findings.size(); ++i) {
        if (last[i]) {
          Prepared& entry = prepared[i];
          entry.content_digest = ContentDigest(findings[i]);
          entry.evidence_digest = EvidenceDigest(findings[i].evidence);
          const StoredRow* row = stored[i] ? &*stored[i] : nullptr;
          if (writes_row(row, entry.content_digest)) entry.evidence_json = EvidenceToJson(findings[i].evidence);
        }
        // Nothing else reads it: let go here, beside the writes, not by the
        // caller after them (about 40 % of the frees of the findings returned).
        std::vector<Evidence>().swap(findings[i].evidence);
        if ((i + 1) % kChunk == 0) {
          prepared_count.store(i + 1, std::memory_order_release);
          prepared_count.notify_one();
        }
      }
    } catch (...) {
      prepared_count.store(findings.size(), std::memory_order_release);
      prepared_count.notify_one();
      throw;  // to the future's get()
    }
    prepared_count.store(findings.size(), std::memory_order_release);
    prepared_count.notify_one();
  };
  std::future<void> preparing = std::async(std::launch::async, prepare);
  const auto wait_prepared = [&](std::size_t i) {
    for (std::size_t ready = prepared_count.load(std::memory_order_acquire); ready <= i;
         ready = prepared_count.load(std::memory_order_acquire)) {
      prepared_count.wait(ready, std::memory_order_acquire);
    }
  };

  // The first save (no event yet) writes the events' indexes once from
  // sorted keys after the rows (1.3 s less for 139,178 events). Later saves add few events to a long history,
  // and fill_digest (below) reads them by finding.
  bool has_events = false;
  {
    Statement any(*this, "SELECT EXISTS (SELECT 1 FROM finding_events)");
    has_events = any.Step() && sqlite3_column_int(any.get(), 0) != 0;
  }
  const bool rebuild_event_indexes = records_history && !has_events && !findings.empty();
  if (rebuild_event_indexes) Execute("DROP INDEX finding_events_by_finding; DROP INDEX finding_events_by_date");
  // So does the first save for the findings' id index (1 s less for 139,178
  // rows filling it in random id order), unless the foreign keys are checked:
  // an event's key finds its finding through that index.
  bool foreign_keys_checked = false;
  {
    Statement pragma(*this, "PRAGMA foreign_keys");
    foreign_keys_checked = pragma.Step() && sqlite3_column_int(pragma.get(), 0) != 0;
  }
  const bool rebuild_id_index = !has_rows && !findings.empty() && !foreign_keys_checked;
  if (rebuild_id_index) Execute("DROP INDEX findings_by_id");

  const char* insert_finding =
      "INSERT INTO findings(id, kind, severity, domain, site, project_code, project_title, buyer, due, "
      "overdue_working_days, rule_id, rule_source, confidence, evidence, status, first_seen, last_seen, resolved_on, "
      "calendar_missing_year, content_digest, evidence_digest) VALUES";
  const char* finding_row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, NULL, ?, ?, ?)";
  // A stored row is rewritten in place: it keeps its rowid. Only with rows
  // stored, and so with the id index its conflict target needs.
  const std::string upsert_sql =
      InsertRowsSql(insert_finding, finding_row, 1) +
      " ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, severity = excluded.severity, "
      "domain = excluded.domain, site = excluded.site, project_code = excluded.project_code, "
      "project_title = excluded.project_title, buyer = excluded.buyer, due = excluded.due, "
      "overdue_working_days = excluded.overdue_working_days, rule_id = excluded.rule_id, "
      "rule_source = excluded.rule_source, confidence = excluded.confidence, "
      "evidence = excluded.evidence, status = 'open', first_seen = excluded.first_seen, "
      "last_seen = excluded.last_seen, resolved_on = NULL, "
      "calendar_missing_year = excluded.calendar_missing_year, "
      "content_digest = excluded.content_digest, evidence_digest = excluded.evidence_digest";
  std::optional<Statement> upsert;
  if (has_rows) upsert.emplace(*this, upsert_sql.c_str());
  // New rows (every row of a first save) go in rows of many, in the order raised as before.
  Statement insert_one_finding(*this, InsertRowsSql(insert_finding, finding_row, 1).c_str());
  Statement insert_findings(*this, InsertRowsSql(insert_finding, finding_row, kBatchRows).c_str());
  const auto bind_finding = [&](Statement& statement, int first, std::size_t i, const std::string& evidence_json) {
    const Finding& finding = findings[i];
    statement.BindStatic(first, finding.id)
        .BindStatic(first + 1, finding.kind)
        .BindStatic(first + 2, finding.severity)
        .BindStatic(first + 3, finding.domain)
        .BindStatic(first + 4, finding.site)
        .BindStatic(first + 5, finding.project_code)
        .BindStatic(first + 6, finding.project_title)
        .BindStatic(first + 7, finding.buyer)
        .BindStatic(first + 8, finding.due)
        .Bind(first + 9, static_cast<long long>(finding.overdue_working_days))
        .BindStatic(first + 10, finding.rule_id)
        .BindStatic(first + 11, finding.rule_source)
        .BindStatic(first + 12, finding.confidence)
        .BindStatic(first + 13, evidence_json)
        .BindStatic(first + 14, finding.first_seen)
        .BindStatic(first + 15, finding.last_seen);
    if (finding.calendar_missing_year) {
      statement.Bind(first + 16, static_cast<long long>(*finding.calendar_missing_year));
    } else {
      statement.Bind(first + 16, std::optional<std::string>());
    }
    statement.Bind(first + 17, prepared[i].content_digest).Bind(first + 18, prepared[i].evidence_digest);
  };
  struct NewRow {
    std::size_t index = 0;      // in findings
    std::string evidence_json;  // its own, let go once written
  };
  const auto bind_new_row = [&](Statement& statement, int first, const NewRow& row) {
    bind_finding(statement, first, row.index, row.evidence_json);
  };
  RowBatches<NewRow, Statement, decltype(bind_new_row)> new_rows(insert_one_finding, insert_findings, 19, bind_new_row);
  Statement tick(*this, "UPDATE findings SET overdue_working_days = ? WHERE rowid = ?");
  const char* insert_event =
      "INSERT INTO finding_events(finding_id, as_of, run_id, event, kind, due, status, confidence, "
      "overdue_working_days, evidence_digest) VALUES";
  const char* event_row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  Statement insert_one_event(*this, InsertRowsSql(insert_event, event_row, 1).c_str());
  Statement insert_events(*this, InsertRowsSql(insert_event, event_row, kBatchRows).c_str());
  struct EventRow {
    std::string finding_id;
    std::string event;
    HistoryState state;
  };
  const auto bind_event = [&](Statement& statement, int first, const EventRow& row) {
    statement.BindStatic(first, row.finding_id).BindStatic(first + 1, as_of);
    if (run_id > 0) {
      statement.Bind(first + 2, run_id);
    } else {
      statement.Bind(first + 2, std::optional<std::string>());
    }
    statement.BindStatic(first + 3, row.event)
        .BindStatic(first + 4, row.state.kind)
        .BindStatic(first + 5, row.state.due)
        .BindStatic(first + 6, row.state.status)
        .BindStatic(first + 7, row.state.confidence)
        .Bind(first + 8, static_cast<long long>(row.state.overdue_working_days));
    if (row.state.evidence_digest) {
      statement.Bind(first + 9, *row.state.evidence_digest);
    } else {
      statement.Bind(first + 9, std::optional<std::string>());
    }
  };
  // Each event follows its finding's row (the foreign key).
  RowBatches<EventRow, Statement, decltype(bind_event)> events(insert_one_event, insert_events, 10, bind_event,
                                                               [&] { new_rows.Write(); });
  // Schema 4 kept no evidence digest: the first check after the migration
  // supplies it to the event it finds unchanged.
  Statement fill_digest(*this,
                        "UPDATE finding_events SET evidence_digest = ?1 WHERE id = (SELECT id FROM finding_events "
                        "WHERE finding_id = ?2 AND as_of <= ?3 ORDER BY as_of DESC, id DESC LIMIT 1) "
                        "AND evidence_digest IS NULL");
  const auto record = [&](const std::string& id, const HistoryState* before, const HistoryState& after) {
    if (!records_history) return;
    std::string event = Transition(before, after);
    if (event.empty()) {
      if (before && !before->evidence_digest && after.evidence_digest) {
        events.Write();  // reads the events
        sqlite3_reset(fill_digest.get());
        fill_digest.Bind(1, *after.evidence_digest).Bind(2, id).Bind(3, as_of).Run();
      }
      return;
    }
    events.Add({id, std::move(event), after});
  };

  for (std::size_t i = 0; i < findings.size(); ++i) {
    Finding& finding = findings[i];
    const StoredRow* row = stored[last_index[i]] ? &*stored[last_index[i]] : nullptr;
    const bool was_open = row && row->state.status == "open";
    // A finding resolved earlier and raised again starts a new episode.
    finding.first_seen = was_open ? std::min(row->first_seen, as_of) : as_of;
    finding.last_seen = as_of;
    finding.status = "open";
    if (!last[i]) continue;
    wait_prepared(i);
    const long long content_digest = prepared[i].content_digest;
    const long long evidence_digest = prepared[i].evidence_digest;
    if (!row) {
      new_rows.Add({i, std::move(prepared[i].evidence_json)});
    } else if (writes_row(row, content_digest)) {
      sqlite3_reset(upsert->get());
      bind_finding(*upsert, 1, i, prepared[i].evidence_json);
      upsert->Run();
      prepared[i].evidence_json = std::string();  // written: 70 MB at 139,178 findings, not held to the end
    } else if (row->state.overdue_working_days != finding.overdue_working_days) {
      sqlite3_reset(tick.get());
      tick.Bind(1, static_cast<long long>(finding.overdue_working_days)).Bind(2, row->rowid).Run();
    }
    record(finding.id, history_state(finding.id, row),
           HistoryState{finding.kind, finding.due, "open", finding.confidence, finding.overdue_working_days,
                        evidence_digest});
  }
  new_rows.Write();
  preparing.get();  // rethrows what stopped the second thread: nothing is then committed
  if (rebuild_id_index) Execute("CREATE UNIQUE INDEX findings_by_id ON findings(id)");
  // Open in the last check's rows but not raised now: resolved there (last
  // seen by that check), and in the history where it stood open on as_of.
  Statement resolve(*this, "UPDATE findings SET status = 'resolved', resolved_on = ?, last_seen = ? WHERE id = ?");
  const auto resolve_in_history = [&](const std::string& id, const HistoryState& state) {
    if (state.status != "open") return;
    HistoryState resolved = state;
    resolved.status = "resolved";
    record(id, &state, resolved);
  };
  for (const auto& [id, state] : unraised_open) {
    sqlite3_reset(resolve.get());
    resolve.Bind(1, as_of).Bind(2, last_as_of).Bind(3, id).Run();
    if (rows_end_history) resolve_in_history(id, state);
  }
  for (const auto& [id, state] : timeline) {
    if (!last_of.count(id)) resolve_in_history(id, state);
  }
  events.Write();
  if (rebuild_event_indexes) {
    Execute(
        "CREATE INDEX finding_events_by_finding ON finding_events(finding_id, as_of, id); "
        "CREATE INDEX finding_events_by_date ON finding_events(as_of)");
  }
  // Every row left open was raised now: its last_seen is read from here (Findings).
  Statement checked(*this,
                    "INSERT INTO findings_checked(id, as_of, newest_as_of) VALUES (1, ?1, ?1) ON CONFLICT(id) "
                    "DO UPDATE SET as_of = ?1, newest_as_of = MAX(newest_as_of, ?1)");
  checked.Bind(1, as_of).Run();
  transaction.Commit();
  return findings;
}

std::vector<FindingEvent> Store::FindingHistory(const std::string& finding_id) const {
  const std::string sql =
      std::string("SELECT ") + kEventColumns + " FROM finding_events WHERE finding_id = ? ORDER BY as_of, id";
  Statement query(*this, sql.c_str());
  query.Bind(1, finding_id);
  std::vector<FindingEvent> events;
  while (query.Step()) events.push_back(ReadEvent(query.get()));
  return events;
}

std::vector<FindingEvent> Store::FindingEvents(const std::string& from, const std::string& to) const {
  const std::string sql = std::string("SELECT ") + kEventColumns +
                          " FROM finding_events WHERE as_of >= ? AND as_of <= ? ORDER BY as_of, id";
  Statement query(*this, sql.c_str());
  query.Bind(1, from).Bind(2, to);
  std::vector<FindingEvent> events;
  while (query.Step()) events.push_back(ReadEvent(query.get()));
  return events;
}

namespace {

// FindingFilter as SQL: a parameter left empty selects any value; the codes
// are a JSON array, so that the statement's text never holds data.
constexpr const char* kFindingFilter =
    "(?1 = '' OR status = ?1) AND (?2 = '' OR kind = ?2) AND (?3 = '' OR domain = ?3) AND "
    "(?4 = '' OR buyer = ?4) AND (?5 = '' OR site = ?5) AND "
    "(?6 = '[]' OR project_code IN (SELECT value FROM json_each(?6))) AND "
    "(?7 = '[]' OR id IN (SELECT value FROM json_each(?7)))";

template <class Statement>  // Store::Statement, whose name is private
void BindFindingFilter(Statement& statement, const Store::FindingFilter& filter) {
  statement.Bind(1, filter.status)
      .Bind(2, filter.kind)
      .Bind(3, filter.domain)
      .Bind(4, filter.buyer)
      .Bind(5, filter.site)
      .Bind(6, nlohmann::json(filter.project_codes).dump())
      .Bind(7, nlohmann::json(filter.ids).dump());
}

}  // namespace

std::vector<Finding> Store::Findings(const std::string& status) const {
  FindingFilter filter;
  filter.status = status;
  return Findings(filter);
}

long long Store::CountFindings(const FindingFilter& filter) const {
  Statement query(*this, (std::string("SELECT count(*) FROM findings WHERE ") + kFindingFilter).c_str());
  BindFindingFilter(query, filter);
  query.Step();
  return sqlite3_column_int64(query.get(), 0);
}

std::vector<Finding> Store::Findings(const FindingFilter& filter, long long offset, long long limit) const {
  const std::string sql =
      std::string(
          "SELECT id, kind, severity, domain, site, project_code, project_title, buyer, due, "
          "overdue_working_days, rule_id, rule_source, confidence, evidence, status, first_seen, "
          // An open finding was raised by the last check (SaveFindings).
          "CASE WHEN status = 'open' THEN COALESCE((SELECT as_of FROM findings_checked), last_seen) "
          "ELSE last_seen END, calendar_missing_year FROM findings WHERE ") +
      kFindingFilter + " ORDER BY kind, project_code, id LIMIT ?8 OFFSET ?9";
  Statement query(*this, sql.c_str());
  BindFindingFilter(query, filter);
  query.Bind(8, limit).Bind(9, offset);
  std::vector<Finding> findings;
  std::unordered_map<std::string, std::size_t> index;
  while (query.Step()) {
    sqlite3_stmt* row = query.get();
    Finding finding;
    finding.id = Text(row, 0);
    finding.kind = Text(row, 1);
    finding.severity = Text(row, 2);
    finding.domain = Text(row, 3);
    finding.site = Text(row, 4);
    finding.project_code = Text(row, 5);
    finding.project_title = Text(row, 6);
    finding.buyer = Text(row, 7);
    finding.due = OptionalText(row, 8);
    finding.overdue_working_days = sqlite3_column_int(row, 9);
    finding.rule_id = Text(row, 10);
    finding.rule_source = Text(row, 11);
    finding.confidence = Text(row, 12);
    finding.evidence = EvidenceFromJson(Text(row, 13));
    finding.status = Text(row, 14);
    finding.first_seen = Text(row, 15);
    finding.last_seen = Text(row, 16);
    if (sqlite3_column_type(row, 17) != SQLITE_NULL) finding.calendar_missing_year = sqlite3_column_int(row, 17);
    index.emplace(finding.id, findings.size());
    findings.push_back(std::move(finding));
  }
  // A few findings' histories by the index; many, in one pass over every event.
  if (findings.size() <= 1000) {
    for (Finding& finding : findings) finding.history = FindingHistory(finding.id);
    return findings;
  }
  const std::string events_sql =
      std::string("SELECT ") + kEventColumns + " FROM finding_events ORDER BY finding_id, as_of, id";
  Statement events(*this, events_sql.c_str());
  while (events.Step()) {
    FindingEvent event = ReadEvent(events.get());
    if (const auto found = index.find(event.finding_id); found != index.end()) {
      findings[found->second].history.push_back(std::move(event));
    }
  }
  return findings;
}

namespace {

// Reads projects one at a time in code order, each at most once per walk;
// their notice ids sorted, each once. Throws std::invalid_argument where the
// codes do not ascend (the merge with the stored table relies on it).
class ProjectWalk {
 public:
  ProjectWalk(std::size_t count, const Store::ProjectReader& read) : count_(count), read_(read) {}
  // The index of the project with `code`, looking on from the last one found
  // (codes asked in ascending order); `count` if there is none.
  std::size_t Find(std::string_view code) {
    while (next_ < count_ && At(next_).code < code) ++next_;
    return next_ < count_ && At(next_).code == code ? next_ : count_;
  }
  const Store::ProjectRecord& At(std::size_t index) {
    if (loaded_ != index) {
      read_(index, record_);
      std::vector<long long>& ids = record_.notice_ids;
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      if (index > 0 && loaded_ == index - 1 && !(previous_code_ < record_.code)) {
        throw std::invalid_argument("ReplaceProjects: project " + std::string(record_.code) + " does not come after " +
                                    std::string(previous_code_) + " in code order");
      }
      previous_code_ = record_.code;
      loaded_ = index;
    }
    return record_;
  }

 private:
  std::size_t count_;
  const Store::ProjectReader& read_;
  Store::ProjectRecord record_;
  std::string_view previous_code_;
  std::size_t loaded_ = static_cast<std::size_t>(-1);
  std::size_t next_ = 0;
};

// The notice_ids column: ascending ids as a JSON array, as SQLite's
// json_group_array writes it, so a stored value compares as text.
const std::string& NoticeIdsText(const std::vector<long long>& ids, std::string& text) {
  text = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) text += ',';
    text += std::to_string(ids[i]);
  }
  text += ']';
  return text;
}

// A project's row while it waits in a batch: its texts are the caller's, but
// for the site's short name and the ids.
struct ProjectRow {
  std::string_view code, title, buyer, domain;
  std::string designated_site;
  std::string notice_ids;
};

// `projects` put in code order, and read from there as a walk reads them.
Store::ProjectReader InCodeOrder(std::vector<Store::ProjectRecord>& projects) {
  std::sort(projects.begin(), projects.end(),
            [](const Store::ProjectRecord& a, const Store::ProjectRecord& b) { return a.code < b.code; });
  return [&projects](std::size_t index, Store::ProjectRecord& record) { record = projects[index]; };
}

}  // namespace

void Store::ReplaceProjects(std::vector<ProjectRecord> projects) {
  ReplaceProjects(projects.size(), InCodeOrder(projects));
}

void Store::ReplaceProjects(std::size_t count, const ProjectReader& project) {
  Transaction transaction(*this);
  // What differs from the stored grouping, found in one pass over the table
  // merged in code order with the new grouping (no hashing of 10^6 codes):
  // the projects to write and the stored ones gone.
  std::vector<bool> write(count, true);
  std::vector<std::string> gone;
  ProjectWalk projects(count, project);
  std::string ids;
  Statement read(*this, "SELECT code, title, buyer, domain, designated_site, notice_ids FROM projects ORDER BY code");
  while (read.Step()) {
    sqlite3_stmt* row = read.get();
    const std::size_t found = projects.Find(TextView(row, 0));
    if (found == count) {
      gone.emplace_back(TextView(row, 0));
      continue;
    }
    const ProjectRecord& record = projects.At(found);
    write[found] = TextView(row, 1) != record.title || TextView(row, 2) != record.buyer ||
                   TextView(row, 3) != record.domain || TextView(row, 4) != record.designated_site ||
                   TextView(row, 5) != NoticeIdsText(record.notice_ids, ids);
  }
  WriteProjects(project, write, gone);
  transaction.Commit();
}

void Store::ReplaceProjectsOf(const std::set<std::string>& codes, std::vector<ProjectRecord> projects) {
  const ProjectReader in_code_order = InCodeOrder(projects);
  Transaction transaction(*this);
  std::set<std::string_view> kept;
  for (const ProjectRecord& record : projects) {
    if (!codes.count(std::string(record.code))) {
      throw std::invalid_argument("ReplaceProjectsOf: project " + std::string(record.code) +
                                  " is not among the codes rewritten");
    }
    kept.insert(record.code);
  }
  std::vector<std::string> gone;
  for (const std::string& code : codes) {
    if (!kept.count(code)) gone.push_back(code);
  }
  WriteProjects(in_code_order, std::vector<bool>(projects.size(), true), gone);
  transaction.Commit();
}

void Store::WriteProjects(const ProjectReader& project, const std::vector<bool>& write,
                          const std::vector<std::string>& gone) {
  const std::string insert_project =
      "INSERT INTO projects(code, title, buyer, domain, designated_site, notice_ids) VALUES";
  const std::string update_project =
      " ON CONFLICT(code) DO UPDATE SET title = excluded.title, buyer = excluded.buyer, "
      "domain = excluded.domain, designated_site = excluded.designated_site, notice_ids = excluded.notice_ids";
  const char* const project_row = "(?, ?, ?, ?, ?, ?)";
  Statement upsert(*this, (InsertRowsSql(insert_project, project_row, 1) + update_project).c_str());
  Statement upsert_rows(*this, (InsertRowsSql(insert_project, project_row, kBatchRows) + update_project).c_str());
  const auto bind_project = [](Statement& statement, int first, const ProjectRow& row) {
    statement.BindStatic(first, row.code)
        .BindStatic(first + 1, row.title)
        .BindStatic(first + 2, row.buyer)
        .BindStatic(first + 3, row.domain)
        .BindStatic(first + 4, row.designated_site)
        .BindStatic(first + 5, row.notice_ids);
  };
  RowBatches<ProjectRow, Statement, decltype(bind_project)> rows(upsert, upsert_rows, 6, bind_project);
  ProjectWalk written(write.size(), project);
  std::string ids;
  for (std::size_t index = 0; index < write.size(); ++index) {
    if (!write[index]) continue;
    const ProjectRecord& record = written.At(index);
    rows.Add(ProjectRow{record.code, record.title, record.buyer, record.domain, record.designated_site,
                        NoticeIdsText(record.notice_ids, ids)});
  }
  rows.Write();
  Statement remove(*this, "DELETE FROM projects WHERE code = ?");
  for (const std::string& code : gone) remove.Reset().Bind(1, code).Run();
}

namespace {

// A projects row as `SELECT code, title, buyer, domain, designated_site, notice_ids` reads it.
Store::StoredProject StoredProjectOf(sqlite3_stmt* row) {
  Store::StoredProject project{Text(row, 0), Text(row, 1), Text(row, 2), Text(row, 3), Text(row, 4), {}};
  for (const auto& id : nlohmann::json::parse(TextView(row, 5))) project.notice_ids.push_back(id.get<long long>());
  return project;
}

}  // namespace

std::optional<Store::StoredProject> Store::ProjectWithCode(const std::string& code) const {
  Statement query(*this, "SELECT code, title, buyer, domain, designated_site, notice_ids FROM projects WHERE code = ?");
  query.Bind(1, code);
  if (!query.Step()) return std::nullopt;
  return StoredProjectOf(query.get());
}

std::vector<Store::StoredProject> Store::ProjectsOfBuyer(const std::string& buyer) const {
  Statement query(*this,
                  "SELECT code, title, buyer, domain, designated_site, notice_ids FROM projects WHERE buyer = ? "
                  "ORDER BY code");
  query.Bind(1, buyer);
  std::vector<StoredProject> projects;
  while (query.Step()) projects.push_back(StoredProjectOf(query.get()));
  return projects;
}

}  // namespace gapwatch
