// The words of the procurement site: notice titles, gpcms notice-type codes,
// and the notice bodies in the wording of the 2020 national templates
// (财办库〔2020〕50号) that gdgpo's `content` HTML follows — intention,
// tender, correction, single-source publicity, result, contract, termination
// and acceptance (SITES.md §3.3).
//
// Pure functions of a Project (as the notice shows it: see AsShown in
// sim/world.h) and one of its Notices; no I/O, thread-safe. NoticeContent
// returns an HTML fragment whose body sits in <div class="noticeArea">; every
// date and amount it prints comes from the Project, so a parser that reads it
// back recovers exactly the world's facts — except what the notice leaves out
// on purpose (Notice::omitted), whose label then stands with no value.
#pragma once
#include <string>

#include "sim/world.h"
#include "sim/world_formats.h"

namespace gapwatch::sim {

// gpcms noticeType: 59, 00101, 00103, 001051, 00102, 001054, 001004, 001009;
// "" for kinds the procurement site does not publish.
const char* NoticeTypeCode(NoticeKind kind);
const char* NoticeTypeName(NoticeKind kind);  // 采购意向公开, 采购公告, 更正公告 …
// purchaseManner and purchaseMannerName: "1" 公开招标, "4" 单一来源.
const char* PurchaseMannerCode(Method method);
const char* PurchaseMannerName(Method method);

// The notice's title as the detail API gives it.
std::string NoticeTitle(const Project& project, const Notice& notice);
// The title as a list row gives it: with <font color="red"> highlight markup
// inside a word when the notice is drawn with one.
std::string ListTitle(const Project& project, const Notice& notice);
// A one-line summary for the `description` field.
std::string NoticeDescription(const Project& project, const Notice& notice);
// The `content` HTML.
std::string NoticeContent(const Project& project, const Notice& notice);
// The project code as the notice's list row gives it: none for an intention
// (published before the project has one).
std::string ListedCode(const Project& project, const Notice& notice);

}  // namespace gapwatch::sim
