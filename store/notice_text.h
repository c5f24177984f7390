// The strings of a notice as the monitor holds it (NoticeWithEvidence): a
// check holds every notice of the store at once, 10^6 of them, so each string
// is one 8-byte handle to a size-prefixed copy. Store::Notices copies a load's
// strings into a TextArena per connection that read them (the notices of each
// share its ownership); a string assigned one by one (tests, a notice made by
// hand) is owned by its handle. Both read as a std::string_view, valid while
// the handle (or, for an arena's, any notice holding that arena) lives.
#pragma once
#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gapwatch {

namespace text_detail {

// A stored string: one byte of size when under kLongText, else kLongText and
// four bytes of size; then the bytes.
constexpr unsigned char kLongText = 255;

inline std::size_t RecordBytes(std::string_view text) {
  return (text.size() < kLongText ? 1 : 1 + sizeof(std::uint32_t)) + text.size();
}

inline void WriteRecord(char* record, std::string_view text) {
  if (text.size() < kLongText) {
    *record++ = static_cast<char>(text.size());
  } else {
    *record++ = static_cast<char>(kLongText);
    const auto size = static_cast<std::uint32_t>(text.size());
    std::memcpy(record, &size, sizeof size);
    record += sizeof size;
  }
  if (!text.empty()) std::memcpy(record, text.data(), text.size());
}

inline std::string_view ReadRecord(const char* record) {
  const auto first = static_cast<unsigned char>(*record);
  if (first < kLongText) return {record + 1, first};
  std::uint32_t size = 0;
  std::memcpy(&size, record + 1, sizeof size);
  return {record + 1 + sizeof size, size};
}

// A handle: 0 for no string, else the address of a record whose low bit is
// set when the handle owns it (records are 2-aligned).
class Handle {
 public:
  Handle() = default;
  Handle(const Handle& other) { CopyFrom(other); }
  Handle(Handle&& other) noexcept : bits_(std::exchange(other.bits_, 0)) {}
  Handle& operator=(const Handle& other) {
    if (this != &other) {
      Release();
      CopyFrom(other);
    }
    return *this;
  }
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      Release();
      bits_ = std::exchange(other.bits_, 0);
    }
    return *this;
  }
  ~Handle() { Release(); }

 protected:
  static constexpr std::uintptr_t kOwned = 1;

  bool Present() const { return bits_ != 0; }
  const char* Record() const { return reinterpret_cast<const char*>(bits_ & ~kOwned); }
  std::string_view View() const { return bits_ == 0 ? std::string_view() : ReadRecord(Record()); }
  void Own(std::string_view text) {
    Release();
    char* record = new char[RecordBytes(text)];
    WriteRecord(record, text);
    bits_ = reinterpret_cast<std::uintptr_t>(record) | kOwned;
  }
  void Borrow(const char* record) {
    Release();
    bits_ = reinterpret_cast<std::uintptr_t>(record);
  }
  void Release() {
    if (bits_ & kOwned) delete[] Record();
    bits_ = 0;
  }

 private:
  void CopyFrom(const Handle& other) {
    if (other.bits_ & kOwned) {
      Own(other.View());
    } else {
      bits_ = other.bits_;
    }
  }

  std::uintptr_t bits_ = 0;
};

}  // namespace text_detail

// Append-only storage of strings, in chunks that never move.
class TextArena {
 public:
  // The stored copy of `text`, for NoticeText::InArena.
  const char* Add(std::string_view text) { return texts_.Add(text); }
  // The same for a value stored once and compared often (a load's table of
  // repeated values): such records stay together, apart from the rest, so
  // that comparing with them reads few cache lines.
  const char* AddDistinct(std::string_view text) { return distinct_.Add(text); }

 private:
  class Chunks {
   public:
    explicit Chunks(std::size_t chunk_bytes) : chunk_bytes_(chunk_bytes) {}
    const char* Add(std::string_view text) {
      const std::size_t bytes = text_detail::RecordBytes(text);
      const std::size_t need = bytes + (bytes & 1);  // records stay 2-aligned: a handle's low bit is its own
      if (chunks_.empty() || used_ + need > chunk_size_) {
        chunk_size_ = std::max(chunk_bytes_, need);
        chunks_.push_back(std::make_unique_for_overwrite<char[]>(chunk_size_));
        used_ = 0;
      }
      char* record = chunks_.back().get() + used_;
      text_detail::WriteRecord(record, text);
      used_ += need;
      return record;
    }

   private:
    std::size_t chunk_bytes_;
    std::vector<std::unique_ptr<char[]>> chunks_;
    std::size_t chunk_size_ = 0;
    std::size_t used_ = 0;
  };
  Chunks texts_{1 << 20};
  Chunks distinct_{1 << 16};
};

// A notice's string ("" by default); reads as a std::string_view.
class NoticeText : private text_detail::Handle {
 public:
  NoticeText() = default;
  explicit NoticeText(std::string_view text) { Own(text); }
  NoticeText& operator=(std::string_view text) {
    Own(text);
    return *this;
  }
  // A handle to what TextArena::Add returned: the arena must outlive it (and its copies).
  static NoticeText InArena(const char* record) {
    NoticeText text;
    text.Borrow(record);
    return text;
  }

  std::string_view view() const { return View(); }
  operator std::string_view() const { return View(); }
  // A copy where a std::string is wanted (a finding's fields), as a std::string field was.
  operator std::string() const { return std::string(View()); }
  bool empty() const { return View().empty(); }
  std::size_t size() const { return View().size(); }
  const char* data() const { return View().data(); }
  std::string_view substr(std::size_t position, std::size_t count = std::string_view::npos) const {
    return View().substr(position, count);
  }

  friend bool operator==(const NoticeText& a, const NoticeText& b) { return a.View() == b.View(); }
  friend bool operator==(const NoticeText& a, std::string_view b) { return a.View() == b; }
  friend std::strong_ordering operator<=>(const NoticeText& a, const NoticeText& b) { return a.View() <=> b.View(); }
  friend std::strong_ordering operator<=>(const NoticeText& a, std::string_view b) { return a.View() <=> b; }
  friend std::ostream& operator<<(std::ostream& out, const NoticeText& text) { return out << text.View(); }
};

// A list most notices leave empty (lots, fields_missing): one pointer, where a
// std::vector takes three. Reads as a const std::vector's range.
template <typename T>
class SparseList {
 public:
  SparseList() = default;
  SparseList(const SparseList& other) { *this = other; }
  SparseList(SparseList&&) noexcept = default;
  SparseList& operator=(const SparseList& other) {
    if (this != &other) items_ = other.items_ ? std::make_unique<std::vector<T>>(*other.items_) : nullptr;
    return *this;
  }
  SparseList& operator=(SparseList&&) noexcept = default;
  SparseList& operator=(std::vector<T> items) {
    items_ = items.empty() ? nullptr : std::make_unique<std::vector<T>>(std::move(items));
    return *this;
  }
  ~SparseList() = default;

  void push_back(T item) {
    if (!items_) items_ = std::make_unique<std::vector<T>>();
    items_->push_back(std::move(item));
  }
  bool empty() const { return !items_; }
  std::size_t size() const { return items_ ? items_->size() : 0; }
  const T* begin() const { return items_ ? items_->data() : nullptr; }
  const T* end() const { return items_ ? items_->data() + items_->size() : nullptr; }
  const T& operator[](std::size_t index) const { return (*items_)[index]; }

 private:
  std::unique_ptr<std::vector<T>> items_;  // null when empty
};

// A notice's string that may be absent (a date, an amount): reads as a
// std::optional<std::string_view>.
class OptionalNoticeText : private text_detail::Handle {
 public:
  OptionalNoticeText() = default;
  OptionalNoticeText(std::nullopt_t) {}
  OptionalNoticeText& operator=(std::nullopt_t) {
    Release();
    return *this;
  }
  void reset() { Release(); }
  OptionalNoticeText& operator=(std::string_view text) {
    Own(text);
    return *this;
  }
  // As NoticeText::InArena; nullptr for none.
  static OptionalNoticeText InArena(const char* record) {
    OptionalNoticeText text;
    if (record) text.Borrow(record);
    return text;
  }

  bool has_value() const { return Present(); }
  explicit operator bool() const { return Present(); }
  std::string_view operator*() const { return View(); }
  std::string_view value_or(std::string_view otherwise) const { return Present() ? View() : otherwise; }
  std::optional<std::string_view> optional() const {
    return Present() ? std::optional<std::string_view>(View()) : std::nullopt;
  }
  // A copy where a std::optional<std::string> is wanted, as the field was.
  operator std::optional<std::string>() const { return Present() ? std::optional<std::string>(View()) : std::nullopt; }

  friend bool operator==(const OptionalNoticeText& a, const OptionalNoticeText& b) {
    return a.optional() == b.optional();
  }
};

// A payload's SHA-256 as the monitor holds it (NoticeWithEvidence::sha256):
// 32 bytes in place where it is 64 lowercase hex digits, as every capture's
// is, instead of a handle to a 66-byte copy (34 MB less at 10^6 notices);
// any other text (none: "", a test's stand-in) is kept as it is. Reads as the
// hex text, a copy: never a view into the object.
class Sha256Text : private text_detail::Handle {
 public:
  Sha256Text() = default;
  explicit Sha256Text(std::string_view text) { *this = text; }
  Sha256Text& operator=(std::string_view text) {
    if (text.size() == 2 * kBytes && Decode(text)) {
      Borrow(kDigest);
    } else if (text.empty()) {
      Release();
    } else {
      Own(text);
    }
    return *this;
  }

  std::string str() const {
    if (Record() != kDigest) return std::string(View());
    constexpr char kDigits[] = "0123456789abcdef";
    std::string hex(2 * kBytes, '0');
    for (std::size_t i = 0; i < kBytes; ++i) {
      hex[2 * i] = kDigits[bytes_[i] >> 4];
      hex[2 * i + 1] = kDigits[bytes_[i] & 0xf];
    }
    return hex;
  }
  operator std::string() const { return str(); }
  bool empty() const { return !Present(); }

  friend bool operator==(const Sha256Text& a, const Sha256Text& b) { return a.str() == b.str(); }
  friend bool operator==(const Sha256Text& a, std::string_view b) { return a.str() == b; }
  friend std::ostream& operator<<(std::ostream& out, const Sha256Text& text) { return out << text.str(); }

 private:
  static constexpr std::size_t kBytes = 32;
  // What the handle borrows while the digest is in bytes_: a record of its
  // own (2-aligned, as a handle's records are), never read as text.
  alignas(2) static constexpr char kDigest[2] = {};

  // Each byte's value as a lowercase hex digit, kNotADigit for any other.
  static constexpr unsigned char kNotADigit = 16;
  static constexpr std::array<unsigned char, 256> kDigitValues = [] {
    std::array<unsigned char, 256> values{};
    values.fill(kNotADigit);
    for (int c = '0'; c <= '9'; ++c) values[static_cast<std::size_t>(c)] = static_cast<unsigned char>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c) values[static_cast<std::size_t>(c)] = static_cast<unsigned char>(c - 'a' + 10);
    return values;
  }();

  // Fills bytes_ from 64 characters; false (bytes_ then unused) where one is
  // not a lowercase hex digit. One pass without a branch per digit: a load
  // decodes 10^6 of these.
  bool Decode(std::string_view hex) {
    unsigned char seen = 0;
    for (std::size_t i = 0; i < kBytes; ++i) {
      const unsigned char high = kDigitValues[static_cast<unsigned char>(hex[2 * i])];
      const unsigned char low = kDigitValues[static_cast<unsigned char>(hex[2 * i + 1])];
      seen |= high | low;
      bytes_[i] = static_cast<unsigned char>(high << 4 | low);
    }
    return (seen & kNotADigit) == 0;
  }

  std::array<unsigned char, kBytes> bytes_{};
};

}  // namespace gapwatch
