// What a check keeps of each designated project's grouping, for the next
// check to group again from (RegroupFromLast in matcher.h) without reading
// the notices no change touched: the project as its code alone groups it
// (what code-less notices are matched against), its notices' kinds and days
// (what copies are linked by), and what joined it by title. Stored as bytes
// (Store::ProjectRecord::grouping); Decode rejects what Encode did not write.
// Pure functions; thread-safe.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gapwatch {

struct KeptGrouping {
  // As its code alone groups it: the title (ProjectTitle), buyer and domain
  // its notices printing the code give, and its first notice's site and day
  // (days since 1970-01-01).
  std::string title;
  std::string buyer;
  std::string domain;
  std::string first_site;
  std::int32_t started = 0;
  // The designated notices printing its code (ids), and each one's kind
  // (KindNumber) and day, in publication order.
  std::vector<long long> members;
  std::vector<std::pair<std::uint8_t, std::int32_t>> member_kinds;
  std::vector<long long> joined;                     // code-less notices joined by title, ascending
  std::vector<std::pair<long long, double>> copies;  // other sites' notices linked, with confidence, as Project::copies
  std::vector<std::string> aliases;                  // sorted

  bool operator==(const KeptGrouping&) const = default;
};

// A chain kind's number (its place in kChainKinds, checker.h); kOtherKind for any other.
inline constexpr std::uint8_t kOtherKind = 255;
std::uint8_t KindNumber(std::string_view kind);

std::string EncodeKeptGrouping(const KeptGrouping& kept);
// nullopt for bytes Encode did not write (empty: a row stored before schema 13).
std::optional<KeptGrouping> DecodeKeptGrouping(std::string_view bytes);

}  // namespace gapwatch
