// The words of the procurement site: notice titles, gpcms notice-type codes,
// money formats, and the notice bodies in the wording of the 2020 national
// templates (财办库〔2020〕50号) that gdgpo's `content` HTML follows.
//
// Pure functions of a Project and one of its Notices; no I/O, thread-safe.
// NoticeContent returns an HTML fragment whose body sits in
// <div class="noticeArea">; every date it prints comes from the Project, so
// a parser that reads it back recovers exactly the world's dates and amounts.
#pragma once
#include <cstdint>
#include <string>

#include "sim/world.h"

namespace gapwatch::sim {

const char* NoticeTypeCode(NoticeKind kind);  // gpcms noticeType: 00101, 00102, 001054, 001004
const char* NoticeTypeName(NoticeKind kind);  // 采购公告, 中标（成交）结果公告 …

// The notice's title as the detail API gives it.
std::string NoticeTitle(const Project& project, const Notice& notice);
// The title as a list row gives it: with <font color="red"> highlight markup
// inside a word when the notice is drawn with one.
std::string ListTitle(const Project& project, const Notice& notice);
// A one-line summary for the `description` field.
std::string NoticeDescription(const Project& project, const Notice& notice);
// The `content` HTML.
std::string NoticeContent(const Project& project, const Notice& notice);

// 142000000 fen → "1,420,000.00" (no unit).
std::string YuanWithSeparators(int64_t fen);
// 189000000 fen → "1890000.0000", the list's `budget` field.
std::string BudgetField(int64_t fen);

}  // namespace gapwatch::sim
