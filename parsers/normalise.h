// Normalisers: turn what sites print into the canonical values the store keeps.
// Pure functions of their input, thread-safe. Input is UTF-8; invalid bytes
// pass through unchanged.
//
//   FoldFullWidth      U+FF01–FF5E (ＡＢＣ１２３：（）－) to ASCII, U+3000 to a space;
//                      nothing else changes.
//   NormaliseText      strips inline tags (<font color="red">, <em>, <span …>),
//                      decodes the common entities (&nbsp; &amp; &lt; &gt; &quot; &#N;),
//                      folds full width, collapses whitespace (incl. U+00A0, U+3000),
//                      drops zero-width characters, trims. "" when nothing is left.
//   NormaliseCode      NormaliseText, then no whitespace at all, ASCII upper case, and
//                      surrounding brackets removed: "［ｇｄｊｙ ２５］" -> "GDJY25".
//   NormaliseMoney     the first amount in the text, in 元 with exactly two decimals
//                      ("1420000.00"); 万/万元/亿 after the number scale it, otherwise
//                      `unit_hint` applies (a label such as 预算金额（万元）). Capital
//                      numerals (人民币捌仟贰佰元整) are read when no digits are present.
//                      Sub-fen digits are rounded half up. nullopt for rates (a number
//                      followed by %, or text with 率 before the number) and for text
//                      without an amount.
//   NormaliseDate      "YYYY-MM-DD" from the first date in the text.
//   NormaliseDateTime  "YYYY-MM-DDTHH:MM:SS+08:00" (times are Beijing time) when the
//                      text gives a time after the date, else "YYYY-MM-DD".
// Dates: 2025-03-18, 2025/3/18, 2025.03.18, 2025:03:18, 2025年3月18日, with an
// optional time 10:22[:31], 9时30分, 09点30分, 上午/下午; and the compact
// 20250318, 202503181022, 20250318102231. Impossible dates and times are nullopt.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace gapwatch {

enum class MoneyUnit { kYuan, kWanYuan };

std::string FoldFullWidth(std::string_view text);
std::string NormaliseText(std::string_view text);
std::string NormaliseCode(std::string_view text);
std::optional<std::string> NormaliseMoney(std::string_view text, MoneyUnit unit_hint = MoneyUnit::kYuan);
std::optional<std::string> NormaliseDate(std::string_view text);
std::optional<std::string> NormaliseDateTime(std::string_view text);

// Sum of two NormaliseMoney results, exact: AddMoney("0.10", "0.20") == "0.30".
std::string AddMoney(std::string_view a, std::string_view b);

}  // namespace gapwatch
