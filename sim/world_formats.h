// The date, amount and text formats of the real sites (SITES.md §6), for the
// templates and site renderers. The world stores facts (CivilDate, fen);
// these functions write them the way a given page does. Pure, thread-safe.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/civil_date.h"

namespace gapwatch::sim {

// ---- Dates and times (second_of_day: seconds after midnight, China time) ----
std::string IsoDateTime(CivilDate date, int second_of_day);         // 2025-12-19 10:22:31 (gpcms noticeTime, gkmlpt)
std::string CompactDateTime(CivilDate date, int second_of_day);     // 20251219102231 (ygp publishDate)
std::string CompactDate(CivilDate date);                            // 20251219
std::string DottedDateTime(CivilDate date, int second_of_day);      // 2025.12.19 10:22:31 (ccgp lists)
std::string SlashDate(CivilDate date);                              // 2025/12/19
std::string ChineseDate(CivilDate date);                            // 2025年3月25日
std::string ChineseDatePadded(CivilDate date);                      // 2025年03月18日
std::string ChineseMinutes(CivilDate date, int second_of_day);      // 2025年06月27日 17:52 (ccgp detail)
std::string ChineseDeadline(CivilDate date, int hour, int minute);  // 2025年03月18日09时30分
std::string BeijingDeadline(CivilDate date, int hour, int minute);  // 2025年03月18日 09点30分（北京时间）

// ---- Amounts (fen = 1/100 元; negative amounts do not occur) ----
std::string YuanWithSeparators(int64_t fen);     // 142000000 → 1,420,000.00
std::string BudgetField(int64_t fen);            // 189000000 → 1890000.0000 (gpcms budget)
std::string PlainYuan(int64_t fen);              // 56980000 → 569800.00
std::string WanYuan(int64_t fen, int decimals);  // 5698000000, 6 → 56.980000
std::string CapitalYuan(int64_t fen);            // 820000 → 人民币捌仟贰佰元整

// ---- Text ----
// Printable ASCII to its full-width form (Ａ, ２, －); a space becomes U+3000.
// Other characters are kept.
std::string FullWidth(std::string_view text);

}  // namespace gapwatch::sim
