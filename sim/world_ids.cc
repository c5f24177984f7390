#include "sim/world_ids.h"

#include <charconv>

#include "sim/random.h"

namespace gapwatch::sim {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

// Multiplicative inverse of an odd number modulo 2^32 (Newton's iteration:
// each step doubles the number of correct low bits).
constexpr uint32_t InverseOdd(uint32_t a) {
  uint32_t inverse = a;
  for (int i = 0; i < 5; ++i) inverse *= 2 - a * inverse;
  return inverse;
}

constexpr uint32_t kMultiplierA = 0x9e3779b1u;
constexpr uint32_t kMultiplierB = 0x85ebca77u;
static_assert(kMultiplierA * InverseOdd(kMultiplierA) == 1u);
static_assert(kMultiplierB * InverseOdd(kMultiplierB) == 1u);

uint32_t UndoXorShift(uint32_t y, int shift) {
  uint32_t x = y;
  for (int i = 0; i < 32 / shift + 1; ++i) x = y ^ (x >> shift);
  return x;
}

// A bijection of 32-bit values keyed per (seed, generation): xor, multiply
// by odd constants and xor-shifts are each invertible modulo 2^32.
uint64_t Key(uint64_t seed, Generation generation) {
  return Random::Mix(seed * 0x2545f4914f6cdd1dULL + static_cast<uint64_t>(generation) + 1);
}
uint32_t Permute(uint32_t x, uint64_t key) {
  x ^= static_cast<uint32_t>(key);
  x *= kMultiplierA;
  x ^= x >> 15;
  x *= kMultiplierB;
  x ^= x >> 13;
  return x + static_cast<uint32_t>(key >> 32);
}
uint32_t Unpermute(uint32_t x, uint64_t key) {
  x -= static_cast<uint32_t>(key >> 32);
  x = UndoXorShift(x, 13);
  x *= InverseOdd(kMultiplierB);
  x = UndoXorShift(x, 15);
  x *= InverseOdd(kMultiplierA);
  return x ^ static_cast<uint32_t>(key);
}

void AppendHex(std::string& out, uint64_t value, int digits) {
  for (int i = digits - 1; i >= 0; --i) out += kHexDigits[(value >> (4 * i)) & 0xf];
}

std::optional<uint32_t> ParseHex8(std::string_view text) {
  uint32_t value = 0;
  if (text.size() != 8) return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + 8, value, 16);
  if (error != std::errc() || end != text.data() + 8) return std::nullopt;
  for (char c : text) {
    if (c >= 'A' && c <= 'F') return std::nullopt;  // ids are lowercase
  }
  return value;
}

// The fixed prefix of a generation's 32-hex ids (SITES.md §6).
std::string_view HexPrefix(Generation generation) {
  switch (generation) {
    case Generation::kFreecms:
      return "8a7e";
    case Generation::kGdgpo:
      return "40288ba9";
    default:
      return "";
  }
}

// gpcms ids are always UUIDs, ygp's are UUIDs or 32 hex (both occur, §2.2).
bool IsUuid(Generation generation, uint32_t permuted) {
  return generation == Generation::kGpcms || (generation == Generation::kYgp && permuted % 4 != 0);
}

// Numeric ids: base + position × stride + a little jitter, so ids grow with
// time but are not consecutive, like a CMS shared with other columns.
struct NumericShape {
  uint32_t base;
  uint32_t stride;
};
NumericShape NumericShapeOf(Generation generation) {
  switch (generation) {
    case Generation::kPortalTrs:
      return {300000, 7};  // t20191011_394067
    case Generation::kGkmlpt:
      return {900000, 5};  // post_963149
    default:
      return {2000000, 3};  // post_2855829
  }
}

constexpr std::string_view kUsccCharacters = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kUsccWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

char UsccCheck(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += static_cast<int>(kUsccCharacters.find(first17[i])) * kUsccWeights[i];
  return kUsccCharacters[static_cast<size_t>((31 - sum % 31) % 31)];
}

// GB 11714 组织机构代码: 8 digits and a check character (0–9 or X).
std::string OrganisationCode(uint64_t entropy) {
  static constexpr int kWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  std::string code;
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    const int digit = static_cast<int>(entropy % 10);
    entropy /= 10;
    code += static_cast<char>('0' + digit);
    sum += digit * kWeights[i];
  }
  const int check = 11 - sum % 11;
  code += check == 10 ? 'X' : check == 11 ? '0' : static_cast<char>('0' + check);
  return code;
}

}  // namespace

bool UsesNumericIds(Generation generation) {
  return generation == Generation::kPortalColumn || generation == Generation::kPortalTrs ||
         generation == Generation::kGkmlpt;
}

std::string FormatHexNoticeId(Generation generation, uint64_t seed, uint32_t number) {
  const uint64_t key = Key(seed, generation);
  const uint32_t permuted = Permute(number, key);
  const uint64_t filler = Random::Mix(key ^ permuted);
  const uint64_t more = Random::Mix(filler);
  std::string id;
  if (IsUuid(generation, permuted)) {
    // 8-4-4-4-12, version 4, variant 10xx.
    AppendHex(id, permuted, 8);
    id += '-';
    AppendHex(id, filler >> 48, 4);
    id += "-4";
    AppendHex(id, filler >> 36, 3);
    id += '-';
    AppendHex(id, 8 | ((filler >> 34) & 3), 1);
    AppendHex(id, filler >> 22, 3);
    id += '-';
    AppendHex(id, more, 12);
    return id;
  }
  id = HexPrefix(generation);
  AppendHex(id, permuted, 8);
  const int rest = 32 - static_cast<int>(id.size());
  AppendHex(id, filler, rest > 16 ? 16 : rest);
  if (rest > 16) AppendHex(id, more, rest - 16);
  return id;
}

std::optional<uint32_t> ParseHexNoticeId(Generation generation, uint64_t seed, std::string_view id) {
  if (UsesNumericIds(generation)) return std::nullopt;
  const std::string_view prefix = HexPrefix(generation);
  const bool uuid = id.size() == 36;
  if (!uuid && (id.size() != 32 || !id.starts_with(prefix))) return std::nullopt;
  const auto permuted = ParseHex8(id.substr(uuid ? 0 : prefix.size(), 8));
  if (!permuted) return std::nullopt;
  const uint32_t number = Unpermute(*permuted, Key(seed, generation));
  if (FormatHexNoticeId(generation, seed, number) != id) return std::nullopt;
  return number;
}

std::string FormatNumericNoticeId(Generation generation, uint64_t seed, uint32_t position) {
  const NumericShape shape = NumericShapeOf(generation);
  const uint32_t jitter = static_cast<uint32_t>(Random::Mix(Key(seed, generation) ^ position) % shape.stride);
  return std::to_string(static_cast<uint64_t>(shape.base) + uint64_t{position} * shape.stride + jitter);
}

std::optional<uint32_t> ParseNumericNoticeId(Generation generation, uint64_t seed, std::string_view id) {
  if (!UsesNumericIds(generation) || id.empty() || id.size() > 10 || id[0] == '0') return std::nullopt;
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), value);
  const NumericShape shape = NumericShapeOf(generation);
  if (error != std::errc() || end != id.data() + id.size() || value < shape.base) return std::nullopt;
  const uint64_t position = (value - shape.base) / shape.stride;
  if (position > UINT32_MAX || FormatNumericNoticeId(generation, seed, static_cast<uint32_t>(position)) != id) {
    return std::nullopt;
  }
  return static_cast<uint32_t>(position);
}

std::string MakeUscc(char registry, char category, std::string_view region, uint64_t entropy) {
  std::string code;
  code += registry;
  code += category;
  code += region;
  code += OrganisationCode(entropy);
  code += UsccCheck(code);
  return code;
}

bool IsValidUscc(std::string_view code) {
  if (code.size() != 18) return false;
  for (char c : code) {
    if (kUsccCharacters.find(c) == std::string_view::npos) return false;
  }
  return UsccCheck(code.substr(0, 17)) == code[17];
}

}  // namespace gapwatch::sim
