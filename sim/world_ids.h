// Identifiers in the shapes the real sites use (SITES.md §6), drawn so that
// the simulator can read them back without a lookup table:
//   - hex ids (gpcms and ygp UUIDs, freecms `8a7e…`, gdgpo `40288ba9…`,
//     sgjyzx and credit 32-hex) carry a keyed bijection of the notice's
//     number (NoticeRef: subject × kMaxNoticesPerSubject + slot), so that two
//     notices never share an id and ParseHexNoticeId inverts FormatHexNoticeId;
//   - numeric ids (portal post_NNNNNNN, TRS t…_NNNNNN, gkmlpt post ids) grow
//     with a notice's chronological position in its generation, as CMS ids do.
// Parsing a string that is not exactly an id this world could have issued
// gives nullopt. 统一社会信用代码 follow GB 32100-2015: 登记管理部门码, 机构类别码,
// 6-digit 行政区划码, a 9-character GB 11714 组织机构代码 with its own check
// character, and the GB 32100 check character. Pure functions, thread-safe.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/world_types.h"

namespace gapwatch::sim {

inline uint32_t NoticeNumber(NoticeRef ref) { return ref.subject * kMaxNoticesPerSubject + ref.slot; }
inline NoticeRef RefOfNumber(uint32_t number) {
  return {number / kMaxNoticesPerSubject, static_cast<uint8_t>(number % kMaxNoticesPerSubject)};
}

// Whether a generation's ids are numeric (position-based) or hex (number-based).
bool UsesNumericIds(Generation generation);

std::string FormatHexNoticeId(Generation generation, uint64_t seed, uint32_t number);
std::optional<uint32_t> ParseHexNoticeId(Generation generation, uint64_t seed, std::string_view id);

// `position`: 0 for the generation's oldest notice.
std::string FormatNumericNoticeId(Generation generation, uint64_t seed, uint32_t position);
std::optional<uint32_t> ParseNumericNoticeId(Generation generation, uint64_t seed, std::string_view id);

// An 18-character 统一社会信用代码. `registry`: '9' 市场监管 (companies), '1'
// 机构编制 (government bodies); `category`: '1' 企业 or 机关; `region`: 6 digits;
// `entropy` picks the 组织机构代码 body.
std::string MakeUscc(char registry, char category, std::string_view region, uint64_t entropy);
// The 18th character is the GB 32100 check character of the first 17, and the
// characters are from GB 32100's set.
bool IsValidUscc(std::string_view code);

}  // namespace gapwatch::sim
