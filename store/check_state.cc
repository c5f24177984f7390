// The change log of the notices and what the last check saw (store.h, schemas 7, 9, 13 and 14).
#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "store/statement.h"

namespace gapwatch {

long long Store::NoticeSequence() const {
  Statement query(*this, "SELECT seq FROM notice_sequence");
  return query.Step() ? sqlite3_column_int64(query.get(), 0) : 0;
}

std::vector<long long> Store::NoticeIdsChangedSince(long long seq) const {
  // Sorted here: asked for in id order, SQLite scanned every notice by id
  // (0.44 s at 10^6) instead of reading the few the index on changed_seq holds.
  Statement query(*this, "SELECT id FROM notices WHERE changed_seq > ?");
  query.Bind(1, seq);
  std::vector<long long> ids;
  while (query.Step()) ids.push_back(sqlite3_column_int64(query.get(), 0));
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<Store::RemovedNotice> Store::NoticesRemovedSince(long long seq) const {
  Statement query(*this,
                  "SELECT seq, notice_id, site, url, kind, domain, project_code, COALESCE(linked_project, '') "
                  "FROM notice_removals WHERE seq > ? ORDER BY seq, id");
  query.Bind(1, seq);
  std::vector<RemovedNotice> removed;
  while (query.Step()) {
    sqlite3_stmt* row = query.get();
    removed.push_back({sqlite3_column_int64(row, 0), sqlite3_column_int64(row, 1), Text(row, 2), Text(row, 3),
                       Text(row, 4), Text(row, 5), Text(row, 6), Text(row, 7)});
  }
  return removed;
}

namespace {

// The capture time stands in for a publication date the site did not print (or not legibly).
constexpr const char* kOutlineColumns =
    "n.id, n.site, n.url, n.kind, n.domain, n.project_code, n.title, n.buyer, "
    "CASE WHEN n.kind IN ('award', 'blacklist') THEN n.supplier ELSE '' END, "
    "CASE WHEN n.kind = 'award' THEN n.lots ELSE '[]' END, n.published, n.captured_at";

void ReadOutline(ArenaColumns& columns, NoticeWithEvidence& entry) {
  constexpr bool kShared = true;
  entry.notice_id = columns.Integer(0);
  HeldNotice& notice = entry.notice;
  notice.site = columns.Text(1, kShared);
  notice.url = columns.Text(2);
  notice.kind = columns.Text(3, kShared);
  notice.domain = columns.Text(4, kShared);
  notice.project_code = columns.Text(5);
  notice.title = columns.Text(6);
  notice.buyer = columns.Text(7, kShared);
  notice.supplier = columns.Text(8, kShared);
  if (const std::string_view lots = columns.View(9); lots != "[]") {
    for (const auto& lot : nlohmann::json::parse(lots)) {
      notice.lots.push_back({lot.value("name", ""), lot.value("supplier", ""), std::nullopt});
    }
  }
  notice.published = columns.Optional(10);
  entry.captured_at = columns.Text(11);
  entry.texts = columns.arena();
}

}  // namespace

std::vector<NoticeWithEvidence> Store::NoticeOutlines() const {
  return ReadNotices(kOutlineColumns, "1", ReadOutline, Halves::kInPlace);
}

std::vector<NoticeWithEvidence> Store::NoticeOutlinesByIds(const std::vector<long long>& ids) const {
  return ReadNoticesWithIds(kOutlineColumns, ReadOutline, ids);
}

std::vector<NoticeWithEvidence> Store::NoticeOutlinesPrinting(const std::vector<std::string>& printed_codes) const {
  FillWantedCodes(printed_codes);
  return ReadNotices(kOutlineColumns, "n.project_code IN (SELECT code FROM temp.wanted_codes)", ReadOutline,
                     Halves::kNone);
}

std::vector<NoticeWithEvidence> Store::NoticeOutlinesAt(
    const std::vector<std::pair<std::string, std::string>>& sites_and_urls) const {
  FillWantedUrls(sites_and_urls);
  return ReadNotices(kOutlineColumns, "(n.site, n.url) IN (SELECT site, url FROM temp.wanted_urls)", ReadOutline,
                     Halves::kNone);
}

void Store::FillScratchTable(const std::string& table, const std::string& definition, int columns, std::size_t rows,
                             const std::function<void(Statement& insert, std::size_t row)>& bind) const {
  Statement create(*this, ("CREATE TEMP TABLE IF NOT EXISTS " + table + " (" + definition + ")").c_str());
  create.Run();
  Statement clear(*this, ("DELETE FROM temp." + table).c_str());
  clear.Run();
  std::string values = "?";
  for (int column = 1; column < columns; ++column) values += ", ?";
  Statement insert(*this, ("INSERT OR IGNORE INTO temp." + table + " VALUES (" + values + ")").c_str());
  for (std::size_t row = 0; row < rows; ++row) {
    insert.Reset();
    bind(insert, row);
    insert.Run();
  }
}

void Store::FillWantedIds(const std::vector<long long>& ids) const {
  FillScratchTable("wanted_ids", "id INTEGER PRIMARY KEY", 1, ids.size(),
                   [&](Statement& insert, std::size_t row) { insert.Bind(1, ids[row]); });
}

void Store::FillWantedCodes(const std::vector<std::string>& codes) const {
  FillScratchTable("wanted_codes", "code TEXT PRIMARY KEY", 1, codes.size(),
                   [&](Statement& insert, std::size_t row) { insert.Bind(1, codes[row]); });
}

void Store::FillWantedUrls(const std::vector<std::pair<std::string, std::string>>& sites_and_urls) const {
  FillScratchTable("wanted_urls", "site TEXT, url TEXT, PRIMARY KEY (site, url)", 2, sites_and_urls.size(),
                   [&](Statement& insert, std::size_t row) {
                     insert.Bind(1, sites_and_urls[row].first).Bind(2, sites_and_urls[row].second);
                   });
}

void Store::ReplaceCodePrintings(const std::vector<std::pair<std::string, std::string>>& printed_and_canonical) {
  Transaction transaction(*this);
  Execute("DELETE FROM code_printings");
  AddCodePrintings(printed_and_canonical);  // a savepoint of this transaction
  transaction.Commit();
}

void Store::AddCodePrintings(const std::vector<std::pair<std::string, std::string>>& printed_and_canonical) {
  Transaction transaction(*this);
  Statement insert(*this, "INSERT OR REPLACE INTO code_printings(printed, canonical) VALUES (?, ?)");
  for (const auto& [printed, canonical] : printed_and_canonical) {
    insert.Reset().Bind(1, printed).Bind(2, canonical).Run();
  }
  transaction.Commit();
}

std::vector<std::string> Store::PrintedFormsOf(const std::vector<std::string>& canonical_codes) const {
  FillWantedCodes(canonical_codes);
  Statement query(*this,
                  "SELECT code FROM temp.wanted_codes UNION "
                  "SELECT printed FROM code_printings WHERE canonical IN (SELECT code FROM temp.wanted_codes) "
                  "ORDER BY 1");
  std::vector<std::string> forms;
  while (query.Step()) forms.push_back(Text(query.get(), 0));
  return forms;
}

std::optional<Store::CheckState> Store::LoadCheckState() const {
  Statement query(*this, "SELECT as_of, notice_seq, config_digest FROM check_state");
  if (!query.Step()) return std::nullopt;
  return CheckState{Text(query.get(), 0), sqlite3_column_int64(query.get(), 1), Text(query.get(), 2)};
}

std::string Store::NewestCheckedAsOf() const {
  Statement query(*this, "SELECT newest_as_of FROM findings_checked");
  return query.Step() ? Text(query.get(), 0) : "";
}

namespace {

// The digests are packed by bucket (schema 9): a row of check_digests holds
// the digests of the codes whose hash picks its bucket. A full save writes
// 4,096 blobs instead of 410,037 rows (0.55 s at 10^6 notices); a save of a
// few codes rewrites only their buckets. The count and the hash decide where
// stored digests are: never change them without a migration.
constexpr std::uint64_t kDigestBuckets = 4096;

// FNV-1a over the code 8 bytes at a time, then MurmurHash3's finalizer: the
// bucket is the hash's low bits, which the multiplications alone would make
// of the code's first bytes only.
std::int64_t BucketOf(std::string_view code) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (std::size_t at = 0; at < code.size(); at += 8)
    hash = (hash ^ LittleEndianWord(code.substr(at, 8))) * 0x100000001b3ULL;
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdULL;
  hash ^= hash >> 33;
  hash *= 0xc4ceb9fe1a85ec53ULL;
  hash ^= hash >> 33;
  return static_cast<std::int64_t>(hash % kDigestBuckets);
}

// A bucket's blob: for each code, its length (LEB128), its bytes, then its
// digest (8 bytes, little-endian), in any order, each code once.
void AppendDigest(std::string& blob, std::string_view code, long long digest) {
  char length[10];
  std::size_t length_bytes = 0;
  for (std::size_t rest = code.size();; rest >>= 7) {
    if (rest < 0x80) {
      length[length_bytes++] = static_cast<char>(rest);
      break;
    }
    length[length_bytes++] = static_cast<char>(0x80 | (rest & 0x7f));
  }
  char bytes[8];
  const auto bits = static_cast<std::uint64_t>(digest);
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((bits >> (8 * i)) & 0xff);
  blob.append(length, length_bytes).append(code).append(bytes, 8);
}

// Calls visit(code, digest) for each entry of `blob`; false where it is cut short.
template <typename Visit>
bool ForEachDigest(std::string_view blob, Visit visit) {
  std::size_t at = 0;
  while (at < blob.size()) {
    std::uint64_t length = 0;
    for (int shift = 0;; shift += 7) {
      if (at == blob.size() || shift > 56) return false;
      const auto byte = static_cast<unsigned char>(blob[at++]);
      length |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    if (blob.size() - at < 8 || blob.size() - at - 8 < length) return false;
    const std::string_view code = blob.substr(at, length);
    at += length;
    visit(code, static_cast<long long>(LittleEndianWord(blob.substr(at, 8))));
    at += 8;
  }
  return true;
}

std::string_view BlobView(sqlite3_stmt* row, int column) {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(row, column));
  return bytes ? std::string_view(bytes, sqlite3_column_bytes(row, column)) : std::string_view();
}

}  // namespace

void Store::ReplaceLastGrouping(const std::vector<std::string>& parts) {
  Transaction transaction(*this);
  Execute("DELETE FROM last_grouping");
  for (const std::string& part : parts) AppendLastGroupingPart(part);
  transaction.Commit();
}

void Store::AppendLastGroupingPart(std::string_view part) {
  Statement insert(
      *this,
      "INSERT INTO last_grouping(part, bytes) VALUES ((SELECT COALESCE(MAX(part), -1) + 1 FROM last_grouping), ?)");
  insert.BindStaticBlob(1, part).Run();
}

std::vector<std::string> Store::LastGroupingParts() const {
  std::vector<std::string> parts;
  Statement query(*this, "SELECT bytes FROM last_grouping ORDER BY part");
  while (query.Step()) parts.emplace_back(BlobView(query.get(), 0));  // made at the blob's size
  return parts;
}

std::unordered_map<std::string, long long> Store::CheckedProjectDigests() const {
  // The blobs read first, then counted: a map of 410,037 codes made at its
  // size, not grown through a dozen rehashes.
  std::vector<std::string> buckets;
  {
    Statement query(*this, "SELECT entries FROM check_digests");
    while (query.Step()) buckets.emplace_back(BlobView(query.get(), 0));
  }
  std::size_t count = 0;
  for (const std::string& blob : buckets) {
    if (!ForEachDigest(blob, [&](std::string_view, long long) { ++count; })) {
      throw StoreError(path_ + ": check_digests: a bucket is cut short");
    }
  }
  std::unordered_map<std::string, long long> digests;
  digests.reserve(count);
  for (const std::string& blob : buckets) {
    ForEachDigest(blob, [&](std::string_view code, long long digest) { digests.emplace(code, digest); });
  }
  return digests;
}

void Store::SaveCheckState(const CheckState& state, const std::map<std::string, std::optional<long long>>& digests,
                           bool replace_all) {
  if (replace_all) {
    PackedDigests packed;
    for (const auto& [code, digest] : digests) {
      if (digest) packed.Add(code, *digest);
    }
    SaveCheckState(state, packed);
    return;
  }
  // Each bucket of a changed code read, changed and written back whole.
  std::map<std::int64_t, std::vector<const std::pair<const std::string, std::optional<long long>>*>> changes;
  for (const auto& change : digests) changes[BucketOf(change.first)].push_back(&change);
  Transaction transaction(*this);
  Statement read(*this, "SELECT entries FROM check_digests WHERE bucket = ?");
  Statement write(*this, "INSERT OR REPLACE INTO check_digests(bucket, entries) VALUES (?, ?)");
  Statement remove(*this, "DELETE FROM check_digests WHERE bucket = ?");
  for (const auto& [bucket, changed] : changes) {
    // Its entries stay in their order, a changed code in its place, a new one
    // last: a bucket whose codes did not change is written back as it was.
    std::string stored;
    if (read.Reset().Bind(1, static_cast<long long>(bucket)).Step()) stored = BlobView(read.get(), 0);
    read.Reset();
    std::vector<std::pair<std::string_view, long long>> entries;
    const bool whole =
        ForEachDigest(stored, [&](std::string_view code, long long digest) { entries.emplace_back(code, digest); });
    if (!whole) throw StoreError(path_ + ": check_digests: bucket " + std::to_string(bucket) + " is cut short");
    for (const auto* change : changed) {
      const auto found =
          std::find_if(entries.begin(), entries.end(), [&](const auto& entry) { return entry.first == change->first; });
      if (!change->second) {
        if (found != entries.end()) entries.erase(found);
      } else if (found != entries.end()) {
        found->second = *change->second;
      } else {
        entries.emplace_back(change->first, *change->second);
      }
    }
    if (entries.empty()) {
      remove.Reset().Bind(1, static_cast<long long>(bucket)).Run();
      continue;
    }
    std::string blob;
    blob.reserve(stored.size() + 64);
    for (const auto& [code, digest] : entries) AppendDigest(blob, code, digest);
    write.Reset().Bind(1, static_cast<long long>(bucket)).BindBlob(2, blob).Run();
  }
  WriteCheckState(state);
  transaction.Commit();
}

void Store::PackedDigests::Add(std::string_view code, long long digest) {
  if (buckets_.empty()) buckets_.resize(kDigestBuckets);
  AppendDigest(buckets_[BucketOf(code)], code, digest);
}

Store::PackedDigests Store::PackDigests(const std::unordered_map<std::string, long long>& digests) {
  PackedDigests packed;
  for (const auto& [code, digest] : digests) packed.Add(code, digest);
  return packed;
}

void Store::SaveCheckState(const CheckState& state, const std::unordered_map<std::string, long long>& digests) {
  SaveCheckState(state, PackDigests(digests));
}

void Store::SaveCheckState(const CheckState& state, const PackedDigests& digests) {
  Transaction transaction(*this);
  Execute("DELETE FROM check_digests");
  Statement insert(*this, "INSERT INTO check_digests(bucket, entries) VALUES (?, ?)");
  for (std::size_t bucket = 0; bucket < digests.buckets_.size(); ++bucket) {
    if (digests.buckets_[bucket].empty()) continue;
    insert.Reset().Bind(1, static_cast<long long>(bucket)).BindBlob(2, digests.buckets_[bucket]).Run();
  }
  WriteCheckState(state);
  transaction.Commit();
}

void Store::WriteCheckState(const CheckState& state) {
  Statement save(*this,
                 "INSERT INTO check_state(id, as_of, notice_seq, config_digest) VALUES (1, ?1, ?2, ?3) "
                 "ON CONFLICT(id) DO UPDATE SET as_of = ?1, notice_seq = ?2, config_digest = ?3");
  save.Bind(1, state.as_of).Bind(2, state.notice_seq).Bind(3, state.config_digest).Run();
  // No later check reads the removals this one has seen.
  Statement prune(*this, "DELETE FROM notice_removals WHERE seq <= ?");
  prune.Bind(1, state.notice_seq).Run();
}

std::map<std::string, long long> Store::OpenFindingsByKind() const {
  Statement query(*this, "SELECT kind, COUNT(*) FROM findings WHERE status = 'open' GROUP BY kind");
  std::map<std::string, long long> counts;
  while (query.Step()) counts.emplace(Text(query.get(), 0), sqlite3_column_int64(query.get(), 1));
  return counts;
}

}  // namespace gapwatch
