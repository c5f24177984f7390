// The SQLite store: one file (default gapwatch.db) holding every stage's
// records. Opened in WAL mode with foreign keys on; the schema is created and
// migrated by PRAGMA user_version. Every write method runs in one transaction,
// so a process killed at any moment leaves the previous consistent state.
// Each table has one writing stage: captures (crawler), notices and
// extract_problems (extract), projects, last_grouping, code_printings and
// findings (check), alert_outbox (alerts: queued after a check, then the
// delivery's attempts), runs (all).
// Errors: StoreError with the database path and SQLite's message; opening a
// database whose schema is newer than this binary's is an error, never a
// silent downgrade.
// Thread-safety: one Store per thread.
// Access::kReadOnly (a reader beside a writer, e.g. `gapwatch serve`) opens an
// existing store without creating, migrating or writing it: a missing file or a
// schema other than this binary's is a StoreError, and so is any write method.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/records.h"

struct sqlite3;

namespace gapwatch {

class ArenaColumns;  // store/statement.h

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
  std::string status;  // running / done / incomplete / failed / interrupted
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
  static constexpr int kSchemaVersion = 15;

  enum class Access { kReadWrite, kReadOnly };
  explicit Store(const std::string& path, Access access = Access::kReadWrite);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const { return path_; }

  // Checkpoints (the WAL copied into the database file). SQLite's
  // auto-checkpoint runs in the commit that grows the WAL past 1,000 pages,
  // and at a check's size it is mostly fsync waits. After DeferCheckpoints()
  // this connection's commits leave their frames in the WAL (durable there:
  // synchronous=NORMAL syncs the WAL before any checkpoint copies it) for a
  // Checkpoint() on any connection, e.g. on a thread that has nothing else
  // to wait for. The last connection to close checkpoints what is left.
  void DeferCheckpoints();
  // Copies the committed frames into the database file and syncs it, waiting
  // for no one (a passive checkpoint). True when the WAL is all in the file
  // then; false when a reader holds some back or another connection is
  // checkpointing (its own checkpoint copies them, or the next one does).
  bool Checkpoint();

  // Rolls back unless committed: an exception leaves the store as it was.
  // Opened inside another one it is a savepoint of it, which Commit() keeps
  // and only the outer one's commit makes durable: a check saves its findings
  // (SaveFindings) and its state (SaveCheckState) in one transaction, so a
  // check killed meanwhile leaves the last check's findings with its state.
  // kUnchecked: the connection checks no foreign key until the transaction
  // ends, for a writer whose rows reference only rows it knows exist (a
  // check's save: each finding event's finding was a lookup in the findings'
  // index, 0.3 s of CPU at 139,178 events). No effect on a nested one.
  class Transaction {
   public:
    enum class ForeignKeys { kChecked, kUnchecked };
    explicit Transaction(Store& store, ForeignKeys foreign_keys = ForeignKeys::kChecked);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void Commit();

   private:
    void CheckForeignKeysAgain();  // once ended
    Store& store_;
    bool nested_;
    bool unchecked_ = false;
    bool ended_ = false;
  };

  long long BeginRun(const std::string& command, const std::string& as_of, const std::string& started_at);
  void FinishRun(long long run_id, const std::string& finished_at, const std::string& status, bool complete,
                 const std::string& summary_json);
  std::optional<RunRecord> LatestRun(const std::string& command) const;
  std::vector<RunRecord> Runs() const;  // every run, newest first
  // Runs of `command` before `run_id` that never finished (a killed process) become "interrupted".
  void MarkInterruptedRuns(const std::string& command, long long run_id, const std::string& finished_at);

  void UpsertSite(const std::string& name, const std::string& base_url);

  // Captures: the payload is stored once per SHA-256.
  long long AddCapture(const Capture& capture, long long run_id);
  // Many captures in one transaction (a benchmark writes a million: one
  // transaction each would take minutes): `write` gets a function that adds
  // one capture and returns its id. Nothing is kept if `write` throws.
  using CaptureAdder = std::function<long long(const Capture&)>;
  void AddCaptures(long long run_id, const std::function<void(const CaptureAdder&)>& write);
  // The newest capture of `url` on `site`, with its body; nullopt when never captured.
  std::optional<Capture> LatestCapture(const std::string& site, const std::string& url) const;
  // The newest Complete() capture of `url` (a 304 brings its earlier payload),
  // with or without its body; nullopt when none.
  std::optional<Capture> LatestCompleteCapture(const std::string& site, const std::string& url,
                                               bool with_body = false) const;
  // The newest 200 capture's header block: where the validators (ETag, Last-Modified) are.
  std::optional<std::string> LatestOkHeaders(const std::string& site, const std::string& url) const;
  std::optional<Capture> CaptureById(long long id) const;  // with its body
  // The payload whose hex SHA-256 is `sha256`, with the Content-Type and
  // Content-Encoding of the first capture that brought it (a revisit only
  // comes after); nullopt when no payload has that hash. Two index lookups
  // (payloads' key, captures_by_sha256 since schema 15).
  struct Payload {
    std::string body;
    std::string content_type;
    std::string content_encoding;
  };
  std::optional<Payload> PayloadBySha256(const std::string& sha256) const;
  // Whether the newest capture of `url` is Complete() (reads no payload).
  bool HasCompleteCapture(const std::string& site, const std::string& url) const;
  // The newest capture of every URL of `site` with the given page type, bodies included.
  std::vector<Capture> LatestCaptures(const std::string& site, const std::string& page) const;
  // Number of captures made by a run for a site, and how many of them failed.
  long long CountCaptures(long long run_id, const std::string& site, bool errors_only) const;

  // The crawler's own state (store/crawl_state.cc). A crawl cycle of a site is
  // open from BeginCrawlCycle until FinishCrawlCycle; its frontier holds every
  // URL to fetch in the cycle and whether it is done, so a killed crawl
  // resumes with exactly the URLs it had not finished.
  struct FrontierEntry {
    std::string url;   // canonical
    std::string page;  // list or detail
    std::string source;
    int list_page = 0;     // the page number of a list page
    int known_streak = 0;  // list pages: consecutive known, unchanged items listed before this page
  };
  struct CrawlCycle {
    long long run_id = 0;  // the run that began it
    std::string started_at;
    bool full = false;
  };
  // An item seen on a list page: its detail URL and a digest of what the list row says.
  struct ListedItem {
    std::string url;
    std::string source;
    std::string fingerprint;
  };
  std::optional<CrawlCycle> OpenCrawlCycle(const std::string& site) const;
  void BeginCrawlCycle(const std::string& site, const CrawlCycle& cycle, const std::vector<FrontierEntry>& seeds);
  std::vector<FrontierEntry> QueuedFrontier(const std::string& site) const;  // in the order queued
  // In one transaction: the capture (when given), `url` done in the frontier,
  // `discovered` queued (URLs already in the frontier this cycle are left
  // alone), and `listed` remembered as seen on that capture.
  struct RecordedFetch {
    long long capture_id = 0;           // 0 without a capture
    std::vector<FrontierEntry> queued;  // the entries of `discovered` that were new
  };
  RecordedFetch RecordFetch(const std::string& site, const std::string& url, const Capture* capture, long long run_id,
                            const std::vector<FrontierEntry>& discovered, const std::vector<ListedItem>& listed);
  void FinishCrawlCycle(const std::string& site);
  // The fingerprint of a list item seen before; nullopt when never listed.
  std::optional<std::string> ListItemFingerprint(const std::string& site, const std::string& url) const;
  struct ListItemRecord {
    std::string url;
    std::string source;
    long long list_capture_id = 0;
  };
  // Every item ever listed on `site`, with the newest list capture showing it.
  std::vector<ListItemRecord> ListItems(const std::string& site) const;
  // The same one by one, grouped by list capture (ascending), without holding them all.
  void ForEachListItem(const std::string& site, const std::function<void(const ListItemRecord&)>& visit) const;

  // How a site's crawls have gone, for the daemon's schedules and health.
  struct SiteHealth {
    std::optional<long long> last_crawl_at;  // Unix seconds of the last crawl's start
    std::optional<long long> last_full_at;   // … of the last full crawl
    int consecutive_failures = 0;            // crawls in a row that were incomplete
    std::string unhealthy_since;             // ISO 8601; "" while healthy
    std::string last_result = "{}";          // JSON: the last crawl's statistics for the site
    std::string recovered_from;              // the unhealthy_since its last recovery ended; "" if none
    std::string recovered_at;                // ISO 8601: when it last recovered
  };
  SiteHealth LoadSiteHealth(const std::string& site) const;
  void SaveSiteHealth(const std::string& site, const SiteHealth& health);

  // The alerts' outbox (schema 15, store/alert_outbox.cc): what is to be sent,
  // one row per (subscription, event_key), kept once sent so that an event is
  // sent once, ever. Times are Unix seconds.
  // EnqueueAlert adds a new alert due at its created_at (the record's id,
  // attempts, next_attempt_at, sent_at, abandoned and last_error are the
  // outbox's own and ignored); false, changing nothing, when the
  // subscription already has that event key, whatever became of it.
  bool EnqueueAlert(const AlertRecord& alert);
  // Alerts neither sent nor abandoned whose next attempt is due at `now`, oldest first.
  std::vector<AlertRecord> AlertsDue(long long now) const;
  // Takes a due alert (as AlertsDue read it, due at `due_at`) for an attempt
  // that ends by `until`: no other deliverer (another process on the store)
  // takes it before then. False when one already has, or it was sent or
  // abandoned meanwhile. A deliverer killed mid-attempt leaves it due at `until`.
  bool ClaimAlert(long long id, long long due_at, long long until);
  // One more attempt made: it sent the alert at `at`.
  void MarkAlertSent(long long id, long long at);
  // One more attempt made, which failed with `error` (no secret in it): tried
  // again from `next_attempt_at`, or never again when nullopt (abandoned).
  void MarkAlertFailed(long long id, const std::string& error, std::optional<long long> next_attempt_at);
  std::vector<AlertRecord> Alerts() const;  // every alert, oldest first

  // Extract stage: replaces every notice and problem of `site` at once.
  struct ExtractedNotice {
    Notice notice;
    long long capture_id = 0;
    long long list_capture_id = 0;  // the newest list capture showing it (0: none known)
    // SHA-256 of the notice's content as read from its detail capture (the body
    // text, markup aside); "" when read from a list row only. Each content is
    // kept with the first capture showing it, whatever later extracts replace.
    std::string content_sha256;
  };
  void ReplaceNotices(const std::string& site, const std::vector<ExtractedNotice>& notices,
                      const std::vector<ExtractProblem>& problems);
  // The same, streamed: `extract` hands each notice and problem to the sink as
  // it reads them, so memory does not grow with the site. One transaction: if
  // `extract` throws, the site keeps its previous notices.
  class NoticeSink {
   public:
    virtual ~NoticeSink() = default;
    virtual void Add(const ExtractedNotice& extracted) = 0;
    virtual void Add(const ExtractProblem& problem) = 0;
  };
  void ReplaceNotices(const std::string& site, const std::function<void(NoticeSink&)>& extract);
  // Every notice, by id. A store in a file is read on two cores: this
  // connection reads the lower half of the ids, a second one (opened for the
  // call) the upper half, in the same snapshot of the notices.
  std::vector<NoticeWithEvidence> Notices() const;
  long long CountNotices(const std::string& site) const;

  // The change log (schema 7, store/check_state.cc). Each ReplaceNotices is
  // one step of a store-wide sequence and keeps a notice's id as long as its
  // (site, url) is extracted: a notice it inserts or changes (any column)
  // takes the step's number as its changed_seq; one it no longer extracts is
  // deleted and recorded as removed at that step.
  long long NoticeSequence() const;                                   // the newest step; 0 before any extract
  std::vector<long long> NoticeIdsChangedSince(long long seq) const;  // ascending
  struct RemovedNotice {
    long long seq = 0;
    long long notice_id = 0;
    std::string site;
    std::string url;
    std::string kind;
    std::string domain;
    std::string project_code;    // as printed
    std::string linked_project;  // the project whose notice_ids held it when it was removed; "" for none
  };
  std::vector<RemovedNotice> NoticesRemovedSince(long long seq) const;  // by step
  // Every notice with what the matcher reads (site, url, kind, domain, code,
  // title, buyer, publication, capture time and id; an award's or a
  // blacklisting's supplier, an award's lots' names and suppliers) and nothing
  // else: an incremental check groups them all and loads in full only what it
  // must look at again. By id; on two cores as Notices().
  std::vector<NoticeWithEvidence> NoticeOutlines() const;
  // The notices with these ids (unknown ids are skipped), as Notices() reads them, by id.
  std::vector<NoticeWithEvidence> NoticesByIds(const std::vector<long long>& ids) const;
  // What an incremental check reads instead of every outline: outlines (as
  // NoticeOutlines() reads them) of only the notices a change reaches, by id.
  // Those with these ids; unknown ids are skipped.
  std::vector<NoticeWithEvidence> NoticeOutlinesByIds(const std::vector<long long>& ids) const;
  // Those whose project_code is exactly one of `printed_codes`, each once.
  std::vector<NoticeWithEvidence> NoticeOutlinesPrinting(const std::vector<std::string>& printed_codes) const;
  // Those at these (site, url); unknown ones are skipped.
  std::vector<NoticeWithEvidence> NoticeOutlinesAt(
      const std::vector<std::pair<std::string, std::string>>& sites_and_urls) const;

  // The project codes as printed that differ from their canonical form
  // (schema 13): the caller canonicalises, the store keeps the pairs, so a
  // check finds every printing of a canonical code without reading them all.
  // ReplaceCodePrintings empties the table first; AddCodePrintings replaces
  // the pairs of the printed forms it is given and keeps the others.
  void ReplaceCodePrintings(const std::vector<std::pair<std::string, std::string>>& printed_and_canonical);
  void AddCodePrintings(const std::vector<std::pair<std::string, std::string>>& printed_and_canonical);
  // Each of `canonical_codes` and every printed form recorded for it, sorted, each once.
  std::vector<std::string> PrintedFormsOf(const std::vector<std::string>& canonical_codes) const;

  // What the last check saw (check_state), for the next one to look only at what changed.
  struct CheckState {
    std::string as_of;
    long long notice_seq = 0;   // NoticeSequence() when it read the notices
    std::string config_digest;  // what else decides findings (the binary, rules, options, sites)
  };
  std::optional<CheckState> LoadCheckState() const;
  // The as_of after which the findings rows no longer end every finding's
  // history (SaveFindings): the newest as_of any check had; "" before any.
  std::string NewestCheckedAsOf() const;
  // Each project's digest (what the check grouped into it) as the last check left it.
  std::unordered_map<std::string, long long> CheckedProjectDigests() const;
  // Records `state`, and the project digests: with `replace_all`, `digests`
  // are all of them; else only the projects in `digests` change (a digest of
  // nullopt removes the project's). The removals up to state.notice_seq are
  // forgotten: the next check reads only later ones.
  void SaveCheckState(const CheckState& state, const std::map<std::string, std::optional<long long>>& digests,
                      bool replace_all);
  // The same with every project's digest (replace_all), as a full check has
  // them: no ordered copy of 10^5 codes to make first. The digests are kept
  // packed (check_digests, a blob per bucket of codes): a full save of
  // 410,037 writes 4,096 rows, a save of a few rewrites only their buckets;
  // a load costs what making the map does (0.2 s of CPU at 410,037).
  void SaveCheckState(const CheckState& state, const std::unordered_map<std::string, long long>& digests);
  // Every project's digest packed as check_digests keeps them: the CPU part
  // of a full SaveCheckState (0.1-0.15 s at 410,037 codes, most of it reading
  // them out of the map), which a check does on a thread of its own while it
  // saves its findings. Needs no store: any thread, any time.
  class PackedDigests {
   public:
    PackedDigests() = default;

   private:
    friend class Store;
    void Add(std::string_view code, long long digest);
    std::vector<std::string> buckets_;  // by bucket number; "" for an empty one
  };
  static PackedDigests PackDigests(const std::unordered_map<std::string, long long>& digests);
  // SaveCheckState with every project's digest (replace_all), packed.
  void SaveCheckState(const CheckState& state, const PackedDigests& digests);
  std::vector<ExtractProblem> ExtractProblems() const;

  // The crawler's full walk of `site` in `run_id` ended complete: a notice it
  // did not list is gone from every list.
  void RecordFullWalk(const std::string& site, long long run_id);
  // What the captures show of an extracted notice over time (watchdog signals),
  // for the few notices with something to show: two or more contents, or gone.
  struct CaptureStamp {
    std::string url;
    std::string captured_at;
    std::string sha256;
  };
  struct NoticeTrack {
    std::string site;
    std::string url;
    // The first capture of each content it showed, oldest first; empty when it showed only one.
    std::vector<CaptureStamp> contents;
    // Where it is seen gone, if it is: its detail's newest capture answered 404
    // or 410 in a run where the site answered other requests, or (else) the
    // first list page of its source in the newest complete full walk, which
    // did not list it.
    std::optional<CaptureStamp> gone;
  };
  std::vector<NoticeTrack> NoticeTracks() const;
  // Each list page of `site` as last read (its newest complete capture, 200 or
  // 304), in URL order, page 2 before page 10: what the site listed, the proof
  // that a notice it does not list is absent.
  std::vector<CaptureStamp> NewestListCaptures(const std::string& site) const;

  // Check stage: records the findings that hold at `as_of`. The findings rows
  // hold the last check's view: a finding seen before keeps its first_seen;
  // an open finding not in `findings` is marked resolved. Returns `findings`
  // with first_seen and last_seen filled in and without their evidence (it is
  // in the rows: Findings() reads it). Rows are rewritten only where
  // something but last_seen changed.
  // Each finding's history (FindingEvent) is a timeline by as_of: the check
  // compares each finding with where its history ends and appends an event,
  // tagged with `run_id`, where something an evaluator needs changed. Without
  // a run_id, the check run in progress (begun, not finished) is taken, if any.
  // History only moves forward: a check at an as_of earlier than an earlier
  // check's records no event (its findings rows stand until the next check;
  // the next check compares with the history, not with them).
  // With `in_scope` (an incremental check, which raised again only some
  // subjects), an open finding not in `findings` is resolved only when
  // in_scope(kind, project_code) says so; the others keep their rows.
  // SaveFindings works out each finding's digests and evidence JSON on a
  // second thread beside its writes.
  using FindingScope = std::function<bool(const std::string& kind, const std::string& project_code)>;
  std::vector<Finding> SaveFindings(const std::string& as_of, std::vector<Finding> findings, long long run_id = 0,
                                    const FindingScope& in_scope = nullptr);
  // "open", "resolved" or "" for all; each with its history.
  std::vector<Finding> Findings(const std::string& status) const;
  // Which findings to read: a field left empty selects any value.
  struct FindingFilter {
    std::string status;  // open / resolved
    std::string kind;
    std::string domain;
    std::string buyer;
    std::string site;
    std::vector<std::string> project_codes;  // any of them
    std::vector<std::string> ids;            // any of them
  };
  // The findings `filter` selects, in the order of Findings(status), each with
  // its history: `limit` of them after the first `offset` (limit < 0: all).
  // Filtered in SQL, so `gapwatch serve` reads only what it answers with.
  std::vector<Finding> Findings(const FindingFilter& filter, long long offset = 0, long long limit = -1) const;
  long long CountFindings(const FindingFilter& filter) const;
  std::map<std::string, long long> OpenFindingsByKind() const;
  std::vector<FindingEvent> FindingHistory(const std::string& finding_id) const;  // oldest first
  // Every event of every finding with from <= as_of <= to (YYYY-MM-DD), by as_of:
  // what opened and resolved over a period.
  std::vector<FindingEvent> FindingEvents(const std::string& from, const std::string& to) const;

  // Check stage: projects and their notices (by NoticeWithEvidence::notice_id).
  // ReplaceProjects makes the table the `count` projects `project(i, record)`
  // reads (it fills `record`, which it may be given again), in ascending code
  // order, each code once: a check's grouping of 10^6 notices is read one
  // project at a time, never copied whole. Writes only what differs from the
  // stored grouping: a recheck that moved no notice writes nothing. A record's
  // texts are views that must outlive the call. The vector form takes the
  // projects in any order. ReplaceProjectsOf rewrites only the rows of `codes`
  // (an incremental check's), as `projects`: a code of `codes` without a
  // record is removed; every record's code is one of `codes`.
  struct ProjectRecord {
    std::string_view code;
    std::string_view title;
    std::string_view buyer;
    std::string_view domain;
    std::string designated_site;  // a site's name
    std::vector<long long> notice_ids;
  };
  using ProjectReader = std::function<void(std::size_t index, ProjectRecord& record)>;
  void ReplaceProjects(std::size_t count, const ProjectReader& project);
  void ReplaceProjects(std::vector<ProjectRecord> projects);
  void ReplaceProjectsOf(const std::set<std::string>& codes, std::vector<ProjectRecord> projects);

  // What a check keeps of its grouping for the next check to start from
  // (schema 14): parts of bytes the store does not read, in order.
  // ReplaceLastGrouping makes them `parts`, in one transaction (a savepoint
  // inside a caller's); LastGroupingParts reads them back in order (none:
  // no check kept one, or the store was migrated from before 14).
  // AppendLastGroupingPart adds one part after the others (ReplaceLastGrouping({})
  // first, in the caller's transaction): a full check's 100 MB at 10^6
  // notices are written as they are made, never held whole.
  void ReplaceLastGrouping(const std::vector<std::string>& parts);
  void AppendLastGroupingPart(std::string_view part);
  std::vector<std::string> LastGroupingParts() const;

  // The projects as the last check grouped them (ReplaceProjects), for
  // `gapwatch serve`'s pages of one project or buyer: the one with this
  // (canonical) code, a primary-key lookup; those of a buyer, in code order,
  // a scan of the table (it has no index by buyer). notice_ids: its notices
  // and the copies linked to it, ascending.
  struct StoredProject {
    std::string code;
    std::string title;
    std::string buyer;
    std::string domain;
    std::string designated_site;
    std::vector<long long> notice_ids;
  };
  std::optional<StoredProject> ProjectWithCode(const std::string& code) const;
  std::vector<StoredProject> ProjectsOfBuyer(const std::string& buyer) const;

 private:
  class Statement;
  long long InsertCapture(const Capture& capture, long long run_id);  // inside a transaction
  // The same with its two statements prepared once by the caller (AddCaptures).
  long long InsertCapture(const Capture& capture, long long run_id, Statement& payload, Statement& insert);
  // Inside a transaction: queues the entries not yet in the frontier; returns those.
  std::vector<FrontierEntry> QueueFrontier(const std::string& site, const std::vector<FrontierEntry>& entries);
  void Execute(const std::string& sql);
  void Migrate();
  void CheckReadableVersion();                    // a read-only store's schema is this binary's
  void WriteCheckState(const CheckState& state);  // inside a transaction: the state row, the removals it has seen
  // Inside a transaction: upserts the projects `write` marks (by index), removes `gone`.
  void WriteProjects(const ProjectReader& project, const std::vector<bool>& write,
                     const std::vector<std::string>& gone);

  // The rows of `columns` (of notices n) where `condition` holds, by id, each
  // made a notice by `read`; their texts in one arena per connection. With
  // kInPlace (a condition that reads nothing of this connection's temp
  // tables), a second connection reads the upper half of the ids on a second
  // core, in the same snapshot of the notices; the rows are counted first and
  // the halves meet in one vector (a load of every notice, whose count is a seek).
  enum class Halves { kNone, kInPlace };
  using NoticeRowReader = void (*)(ArenaColumns& row, NoticeWithEvidence& entry);
  std::vector<NoticeWithEvidence> ReadNotices(const std::string& columns, const std::string& condition,
                                              NoticeRowReader read, Halves halves) const;
  // ReadNotices of the notices with these ids, on this connection.
  std::vector<NoticeWithEvidence> ReadNoticesWithIds(const std::string& columns, NoticeRowReader read,
                                                     const std::vector<long long>& ids) const;
  // Makes a const reader's scratch table temp.`table` (`definition`, its
  // columns: the caller's constants, never data) hold exactly the `rows` rows
  // `bind` binds to its `columns` values.
  void FillScratchTable(const std::string& table, const std::string& definition, int columns, std::size_t rows,
                        const std::function<void(Statement& insert, std::size_t row)>& bind) const;
  // Fill a const reader's scratch tables: temp.wanted_ids with `ids`,
  // temp.wanted_codes with `codes`, temp.wanted_urls with (site, url) pairs.
  void FillWantedIds(const std::vector<long long>& ids) const;
  void FillWantedCodes(const std::vector<std::string>& codes) const;
  void FillWantedUrls(const std::vector<std::pair<std::string, std::string>>& sites_and_urls) const;

  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace gapwatch
