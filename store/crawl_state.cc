// The crawler's tables: crawl_cycles, frontier and list_items (store.h).
#include "store/statement.h"

namespace gapwatch {

std::vector<Store::FrontierEntry> Store::QueueFrontier(const std::string& site,
                                                       const std::vector<FrontierEntry>& entries) {
  Statement queue(*this,
                  "INSERT OR IGNORE INTO frontier(site, url, page, source, list_page, known_streak) "
                  "VALUES (?, ?, ?, ?, ?, ?)");
  std::vector<FrontierEntry> queued;
  for (const FrontierEntry& entry : entries) {
    sqlite3_reset(queue.get());
    queue.Bind(1, site)
        .Bind(2, entry.url)
        .Bind(3, entry.page)
        .Bind(4, entry.source)
        .Bind(5, static_cast<long long>(entry.list_page))
        .Bind(6, static_cast<long long>(entry.known_streak))
        .Run();
    if (sqlite3_changes(db_) > 0) queued.push_back(entry);
  }
  return queued;
}

std::optional<Store::CrawlCycle> Store::OpenCrawlCycle(const std::string& site) const {
  Statement query(*this, "SELECT COALESCE(run_id, 0), started_at, full FROM crawl_cycles WHERE site = ?");
  query.Bind(1, site);
  if (!query.Step()) return std::nullopt;
  return CrawlCycle{sqlite3_column_int64(query.get(), 0), Text(query.get(), 1),
                    sqlite3_column_int(query.get(), 2) != 0};
}

void Store::BeginCrawlCycle(const std::string& site, const CrawlCycle& cycle, const std::vector<FrontierEntry>& seeds) {
  Transaction transaction(*this);
  Statement begin(*this, "INSERT INTO crawl_cycles(site, run_id, started_at, full) VALUES (?, ?, ?, ?)");
  begin.Bind(1, site).Bind(2, cycle.run_id).Bind(3, cycle.started_at).Bind(4, cycle.full ? 1LL : 0LL).Run();
  QueueFrontier(site, seeds);
  transaction.Commit();
}

std::vector<Store::FrontierEntry> Store::QueuedFrontier(const std::string& site) const {
  Statement query(*this,
                  "SELECT url, page, source, list_page, known_streak FROM frontier WHERE site = ? AND done = 0 "
                  "ORDER BY id");
  query.Bind(1, site);
  std::vector<FrontierEntry> entries;
  while (query.Step()) {
    sqlite3_stmt* row = query.get();
    entries.push_back(
        {Text(row, 0), Text(row, 1), Text(row, 2), sqlite3_column_int(row, 3), sqlite3_column_int(row, 4)});
  }
  return entries;
}

Store::RecordedFetch Store::RecordFetch(const std::string& site, const std::string& url, const Capture* capture,
                                        long long run_id, const std::vector<FrontierEntry>& discovered,
                                        const std::vector<ListedItem>& listed) {
  Transaction transaction(*this);
  RecordedFetch recorded;
  const long long capture_id = capture ? InsertCapture(*capture, run_id) : 0;
  recorded.capture_id = capture_id;
  Statement done(*this, "UPDATE frontier SET done = 1 WHERE site = ? AND url = ?");
  done.Bind(1, site).Bind(2, url).Run();
  recorded.queued = QueueFrontier(site, discovered);
  if (!listed.empty() && capture_id == 0) throw StoreError(path_ + ": list items need the capture that lists them");
  Statement remember(*this,
                     "INSERT INTO list_items(site, url, source, list_capture_id, fingerprint) VALUES (?, ?, ?, ?, ?) "
                     "ON CONFLICT(site, url) DO UPDATE SET source = excluded.source, "
                     "list_capture_id = excluded.list_capture_id, fingerprint = excluded.fingerprint");
  for (const ListedItem& item : listed) {
    sqlite3_reset(remember.get());
    remember.Bind(1, site).Bind(2, item.url).Bind(3, item.source).Bind(4, capture_id).Bind(5, item.fingerprint).Run();
  }
  transaction.Commit();
  return recorded;
}

void Store::FinishCrawlCycle(const std::string& site) {
  Transaction transaction(*this);
  Statement forget(*this, "DELETE FROM frontier WHERE site = ?");
  forget.Bind(1, site).Run();
  Statement finish(*this, "DELETE FROM crawl_cycles WHERE site = ?");
  finish.Bind(1, site).Run();
  transaction.Commit();
}

std::optional<std::string> Store::ListItemFingerprint(const std::string& site, const std::string& url) const {
  Statement query(*this, "SELECT fingerprint FROM list_items WHERE site = ? AND url = ?");
  query.Bind(1, site).Bind(2, url);
  if (!query.Step()) return std::nullopt;
  return Text(query.get(), 0);
}

void Store::ForEachListItem(const std::string& site, const std::function<void(const ListItemRecord&)>& visit) const {
  Statement query(*this,
                  "SELECT url, source, list_capture_id FROM list_items WHERE site = ? ORDER BY list_capture_id, rowid");
  query.Bind(1, site);
  while (query.Step()) visit({Text(query.get(), 0), Text(query.get(), 1), sqlite3_column_int64(query.get(), 2)});
}

std::vector<Store::ListItemRecord> Store::ListItems(const std::string& site) const {
  std::vector<ListItemRecord> items;
  ForEachListItem(site, [&](const ListItemRecord& item) { items.push_back(item); });
  return items;
}

Store::SiteHealth Store::LoadSiteHealth(const std::string& site) const {
  Statement query(
      *this,
      "SELECT last_crawl_at, last_full_at, consecutive_failures, unhealthy_since, last_result, recovered_from, "
      "recovered_at FROM site_health WHERE site = ?");
  query.Bind(1, site);
  SiteHealth health;
  if (!query.Step()) return health;
  sqlite3_stmt* row = query.get();
  if (sqlite3_column_type(row, 0) != SQLITE_NULL) health.last_crawl_at = sqlite3_column_int64(row, 0);
  if (sqlite3_column_type(row, 1) != SQLITE_NULL) health.last_full_at = sqlite3_column_int64(row, 1);
  health.consecutive_failures = sqlite3_column_int(row, 2);
  health.unhealthy_since = Text(row, 3);
  health.last_result = Text(row, 4);
  health.recovered_from = Text(row, 5);
  health.recovered_at = Text(row, 6);
  return health;
}

void Store::SaveSiteHealth(const std::string& site, const SiteHealth& health) {
  Statement upsert(*this,
                   "INSERT INTO site_health(site, last_crawl_at, last_full_at, consecutive_failures, unhealthy_since, "
                   "last_result, recovered_from, recovered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT(site) DO UPDATE SET "
                   "last_crawl_at = excluded.last_crawl_at, last_result = excluded.last_result, "
                   "last_full_at = excluded.last_full_at, consecutive_failures = excluded.consecutive_failures, "
                   "unhealthy_since = excluded.unhealthy_since, recovered_from = excluded.recovered_from, "
                   "recovered_at = excluded.recovered_at");
  upsert.Bind(1, site);
  if (health.last_crawl_at) upsert.Bind(2, *health.last_crawl_at);
  if (health.last_full_at) upsert.Bind(3, *health.last_full_at);
  upsert.Bind(4, static_cast<long long>(health.consecutive_failures))
      .Bind(5, health.unhealthy_since.empty() ? std::nullopt : std::optional<std::string>(health.unhealthy_since))
      .Bind(6, health.last_result)
      .Bind(7, health.recovered_from)
      .Bind(8, health.recovered_at)
      .Run();
}

}  // namespace gapwatch
