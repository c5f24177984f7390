#include "monitor/kept_grouping.h"

#include <bit>

#include "monitor/checker.h"

namespace gapwatch {
namespace {

constexpr char kFormat = 1;  // the first byte: change it with the layout

void PutNumber(std::string& out, std::uint64_t value) {  // LEB128
  for (; value >= 0x80; value >>= 7) out.push_back(static_cast<char>(0x80 | (value & 0x7f)));
  out.push_back(static_cast<char>(value));
}
void PutSigned(std::string& out, long long value) { PutNumber(out, static_cast<std::uint64_t>(value)); }
void PutText(std::string& out, std::string_view text) {
  PutNumber(out, text.size());
  out.append(text);
}

// Reads what Put* wrote; fails (and stays failed) on bytes cut short or too large.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool ok() const { return ok_; }
  bool AtEnd() const { return at_ == bytes_.size(); }
  std::uint64_t Number() {
    std::uint64_t value = 0;
    for (int shift = 0; ok_ && shift < 64; shift += 7) {
      if (at_ == bytes_.size()) break;
      const auto byte = static_cast<unsigned char>(bytes_[at_++]);
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return value;
    }
    ok_ = false;
    return 0;
  }
  long long Signed() { return static_cast<long long>(Number()); }
  // A count of items each at least `least_bytes` long: never more than the bytes left can hold.
  std::size_t Count(std::size_t least_bytes) {
    const std::uint64_t count = Number();
    if (count > (bytes_.size() - at_) / least_bytes) ok_ = false;
    return ok_ ? static_cast<std::size_t>(count) : 0;
  }
  std::string Text() {
    const std::size_t size = Count(1);
    if (!ok_) return {};
    std::string text(bytes_.substr(at_, size));
    at_ += size;
    return text;
  }
  std::uint8_t Byte() {
    if (at_ == bytes_.size()) {
      ok_ = false;
      return 0;
    }
    return static_cast<std::uint8_t>(bytes_[at_++]);
  }
  double Real() {
    if (bytes_.size() - at_ < 8) {
      ok_ = false;
      return 0;
    }
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i)
      bits |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes_[at_++])) << (8 * i);
    return std::bit_cast<double>(bits);
  }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
  bool ok_ = true;
};

}  // namespace

std::uint8_t KindNumber(std::string_view kind) {
  for (std::size_t k = 0; k < kChainKinds.size(); ++k) {
    if (kChainKinds[k] == kind) return static_cast<std::uint8_t>(k);
  }
  return kOtherKind;
}

std::string EncodeKeptGrouping(const KeptGrouping& kept) {
  std::string out(1, kFormat);
  for (const std::string* text : {&kept.title, &kept.buyer, &kept.domain, &kept.first_site}) PutText(out, *text);
  PutSigned(out, kept.started);
  PutNumber(out, kept.members.size());
  for (std::size_t i = 0; i < kept.members.size(); ++i) {
    PutSigned(out, kept.members[i]);
    out.push_back(static_cast<char>(kept.member_kinds[i].first));
    PutSigned(out, kept.member_kinds[i].second);
  }
  PutNumber(out, kept.joined.size());
  for (const long long id : kept.joined) PutSigned(out, id);
  PutNumber(out, kept.copies.size());
  for (const auto& [id, confidence] : kept.copies) {
    PutSigned(out, id);
    const auto bits = std::bit_cast<std::uint64_t>(confidence);
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  }
  PutNumber(out, kept.aliases.size());
  for (const std::string& alias : kept.aliases) PutText(out, alias);
  return out;
}

std::optional<KeptGrouping> DecodeKeptGrouping(std::string_view bytes) {
  if (bytes.empty() || bytes.front() != kFormat) return std::nullopt;
  Reader in(bytes.substr(1));
  KeptGrouping kept;
  for (std::string* text : {&kept.title, &kept.buyer, &kept.domain, &kept.first_site}) *text = in.Text();
  kept.started = static_cast<std::int32_t>(in.Signed());
  const std::size_t members = in.Count(3);
  for (std::size_t i = 0; i < members && in.ok(); ++i) {
    kept.members.push_back(in.Signed());
    const std::uint8_t kind = in.Byte();
    kept.member_kinds.emplace_back(kind, static_cast<std::int32_t>(in.Signed()));
  }
  const std::size_t joined = in.Count(1);
  for (std::size_t i = 0; i < joined && in.ok(); ++i) kept.joined.push_back(in.Signed());
  const std::size_t copies = in.Count(9);
  for (std::size_t i = 0; i < copies && in.ok(); ++i) {
    const long long id = in.Signed();
    kept.copies.emplace_back(id, in.Real());
  }
  const std::size_t aliases = in.Count(1);
  for (std::size_t i = 0; i < aliases && in.ok(); ++i) kept.aliases.push_back(in.Text());
  return in.ok() && in.AtEnd() ? std::optional(std::move(kept)) : std::nullopt;
}

}  // namespace gapwatch
