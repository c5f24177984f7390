// Internal to store/: a prepared statement that binds by position (never by
// concatenation), a transaction that rolls back unless committed, inserts of
// many rows per statement, and the byte order of the stored digests. Errors
// throw StoreError with the database path and SQLite's message.
#pragma once
#include <sqlite3.h>

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/notice_text.h"
#include "store/store.h"

namespace gapwatch {

// Up to 8 bytes as a little-endian number, whatever the host: the digests
// and buckets the store keeps are worked out from these words, so they never
// change.
inline std::uint64_t LittleEndianWord(std::string_view bytes) {
  std::uint64_t word = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&word, bytes.data(), bytes.size());  // the same word, in one load
    return word;
  }
  for (std::size_t i = 0; i < bytes.size(); ++i) word |= std::uint64_t{static_cast<unsigned char>(bytes[i])} << (8 * i);
  return word;
}

// A column's text; NULL reads as nullopt (OptionalText) or "" (Text). These
// run for every column of every notice a check loads: one call into SQLite
// for the pointer, one for the length.
inline std::optional<std::string> OptionalText(sqlite3_stmt* statement, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  if (!text) return std::nullopt;
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
}

inline std::string Text(sqlite3_stmt* statement, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column))) : std::string();
}

// The records of a TextArena that hold each distinct value once: an open
// addressing table of (hash, record), which a load probes for every shared
// column of every row (10^7 probes at 10^6 notices; std::unordered_map's
// chained nodes cost a cache miss or two each).
class DistinctTexts {
 public:
  // The record of `value` in `arena`, added the first time it is seen.
  const char* Find(std::string_view value, TextArena& arena) {
    if (2 * (count_ + 1) > slots_.size()) Grow();
    const std::size_t hash = std::hash<std::string_view>()(value);
    for (std::size_t at = hash & (slots_.size() - 1);; at = (at + 1) & (slots_.size() - 1)) {
      Slot& slot = slots_[at];
      if (!slot.record) {
        slot = {hash, arena.AddDistinct(value)};
        ++count_;
        return slot.record;
      }
      if (slot.hash == hash && text_detail::ReadRecord(slot.record) == value) return slot.record;
    }
  }

 private:
  struct Slot {
    std::size_t hash = 0;
    const char* record = nullptr;  // none: the slot is free
  };
  void Grow() {
    std::vector<Slot> old(std::max<std::size_t>(64, 2 * slots_.size()));
    old.swap(slots_);
    for (const Slot& slot : old) {
      if (!slot.record) continue;
      std::size_t at = slot.hash & (slots_.size() - 1);
      while (slots_[at].record) at = (at + 1) & (slots_.size() - 1);
      slots_[at] = slot;
    }
  }
  std::vector<Slot> slots_;
  std::size_t count_ = 0;
};

// Reads a row's text columns into one arena shared by the notices of a load
// (store/notice_text.h). `shared`: a value notices repeat (a site, a kind, a
// party, a day) is stored once per load; rows in id order often repeat the
// row before (a site's notices come together), which costs one comparison.
class ArenaColumns {
 public:
  ArenaColumns(sqlite3_stmt* row, std::shared_ptr<TextArena> arena) : row_(row), arena_(std::move(arena)) {}

  // The column's text; "" for NULL.
  std::string_view View(int index) const {
    const char* text = nullptr;
    return Read(index, text);
  }
  NoticeText Text(int index, bool shared = false) {
    const char* record = Keep(index, shared);
    return record ? NoticeText::InArena(record) : NoticeText();
  }
  OptionalNoticeText Optional(int index, bool shared = false) {
    return OptionalNoticeText::InArena(Keep(index, shared));
  }
  long long Integer(int index) const { return sqlite3_column_int64(row_, index); }
  const std::shared_ptr<TextArena>& arena() const { return arena_; }

 private:
  static constexpr int kColumns = 32;  // the most columns a load reads

  // The column's text, and in `text` its start: nullptr for NULL (the only
  // value whose text SQLite gives as nullptr: an empty TEXT reads as "").
  // One lookup of the column for both: sqlite3_column_text and _bytes each
  // look it up and check the statement's error again (0.4 s of CPU at 10^6
  // notices). The value is unprotected (sqlite.org, sqlite3_column_value):
  // fine, as a connection is used by one thread (store.h).
  std::string_view Read(int index, const char*& text) const {
    sqlite3_value* value = sqlite3_column_value(row_, index);
    text = reinterpret_cast<const char*>(sqlite3_value_text(value));  // before its size
    return text ? std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(value))) : std::string_view();
  }

  // The record of the column's value; nullptr for NULL.
  const char* Keep(int index, bool shared) {
    const char* text = nullptr;
    const std::string_view value = Read(index, text);
    if (!text) return nullptr;
    if (!shared) return arena_->Add(value);
    const char*& previous = previous_.at(static_cast<std::size_t>(index));
    if (!previous || text_detail::ReadRecord(previous) != value) previous = distinct_.Find(value, *arena_);
    return previous;
  }

  sqlite3_stmt* row_;
  std::shared_ptr<TextArena> arena_;
  DistinctTexts distinct_;
  std::array<const char*, kColumns> previous_{};  // each shared column's record in the row before
};

// A prepared statement; binds by position (1-based) and never by concatenation.
class Store::Statement {
 public:
  Statement(const Store& store, const char* sql) : store_(store) {
    if (sqlite3_prepare_v2(store.db_, sql, -1, &statement_, nullptr) != SQLITE_OK) Fail("prepare");
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, const std::string& value) {
    Check(sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Statement& Bind(int index, const std::optional<std::string>& value) {
    if (!value) {
      Check(sqlite3_bind_null(statement_, index));
      return *this;
    }
    return Bind(index, *value);
  }
  // Without a copy: for rows written by the thousand, where SQLite's copy
  // of each text (a malloc in a heap holding every loaded notice) cost more
  // than writing it. `value` must stay alive and unchanged until the
  // statement has run with it; rebind before running it again.
  Statement& BindStatic(int index, std::string_view value) {
    Check(sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC));
    return *this;
  }
  Statement& BindStatic(int index, const std::string& value) { return BindStatic(index, std::string_view(value)); }
  Statement& BindStatic(int index, const std::optional<std::string>& value) {
    if (!value) {
      Check(sqlite3_bind_null(statement_, index));
      return *this;
    }
    return BindStatic(index, *value);
  }
  Statement& Bind(int index, long long value) {
    Check(sqlite3_bind_int64(statement_, index, value));
    return *this;
  }
  Statement& BindBlob(int index, const std::string& value) {
    Check(sqlite3_bind_blob(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT));
    return *this;
  }
  // A blob without a copy, as BindStatic binds texts (a few MB each: a
  // check's last grouping); an empty one as an empty blob, never NULL (SQLite
  // binds a null pointer as NULL).
  Statement& BindStaticBlob(int index, std::string_view bytes) {
    Check(sqlite3_bind_blob64(statement_, index, bytes.empty() ? "" : bytes.data(), bytes.size(), SQLITE_STATIC));
    return *this;
  }
  // Ready to run again with new bindings (the old ones stay until rebound).
  Statement& Reset() {
    sqlite3_reset(statement_);
    return *this;
  }
  // Advances; true while a row is available.
  bool Step() {
    const int result = sqlite3_step(statement_);
    if (result == SQLITE_ROW) return true;
    if (result == SQLITE_DONE) return false;
    Fail("step");
  }
  void Run() {
    while (Step()) {
    }
  }
  sqlite3_stmt* get() { return statement_; }

 private:
  void Check(int result) {
    if (result != SQLITE_OK) Fail("bind");
  }
  [[noreturn]] void Fail(const char* what) const {
    throw StoreError(store_.path_ + ": " + what + ": " + sqlite3_errmsg(store_.db_));
  }
  const Store& store_;
  sqlite3_stmt* statement_ = nullptr;
};

// An INSERT of `rows` rows: `head` up to its VALUES, then `row` (one row's
// placeholders, "(?, ?)") `rows` times.
inline std::string InsertRowsSql(std::string_view head, std::string_view row, int rows) {
  std::string sql(head);
  for (int i = 0; i < rows; ++i) sql.append(i == 0 ? " " : ", ").append(row);
  return sql;
}

// Writes rows kBatchRows to a statement run, in the order added: a run
// (bind, step, halt, reset) costs more than the small row it writes, and a
// CHECK with an IN list opens its temporary table once per run, not once per
// row. `one` and `many` insert 1 and kBatchRows rows of `columns` parameters
// each; bind(statement, first parameter, row) binds a row. Write() what was
// added before anything reads the table; rows whose foreign keys name rows
// of other batches name those in `before`, written before each of these
// writes. Statement is Store::Statement (a parameter: its name is private to
// Store).
inline constexpr int kBatchRows = 128;
template <typename Row, typename Statement, typename BindRow>
class RowBatches {
 public:
  RowBatches(Statement& one, Statement& many, int columns, BindRow bind, std::function<void()> before = nullptr)
      : one_(one), many_(many), columns_(columns), bind_(std::move(bind)), before_(std::move(before)) {}

  void Add(Row row) {
    pending_.push_back(std::move(row));
    if (pending_.size() == kBatchRows) Write();
  }
  void Write() {
    if (pending_.empty()) return;
    if (before_) before_();
    if (pending_.size() == kBatchRows) {
      many_.Reset();
      for (int i = 0; i < kBatchRows; ++i) bind_(many_, i * columns_ + 1, pending_[i]);
      many_.Run();
    } else {
      for (const Row& row : pending_) {
        one_.Reset();
        bind_(one_, 1, row);
        one_.Run();
      }
    }
    pending_.clear();
  }

 private:
  Statement& one_;
  Statement& many_;
  int columns_;
  BindRow bind_;
  std::function<void()> before_;
  std::vector<Row> pending_;
};

}  // namespace gapwatch
