// The words of the legacy trading site (韶关市公共资源交易中心, www.sgjyzx.com /
// jyzx.sg.gov.cn, SITES.md §2.1): its announcetype columns, notice titles and
// notice bodies.
//
// Columns: a notice is listed under the announcetype code of SITES.md §2.1's
// table that its domain and kind belong to (construction tender 12, candidates
// 16, result and contract 17; procurement 00/01/02; land 20/23/22; property
// 30/32/31). Bodies: construction notices are a label/value `table` of more
// than 8 rows (what crawlers of the site key on), with a ranked candidates
// table where the notice has one; the other domains are "label：value"
// paragraphs with a table of lots. Every amount and date printed comes from
// the Project as the notice shows it (AsShown in sim/world.h): 元 with
// separators, 万元 to the fen (6 decimals) on results of title_style 1, and
// capital numerals (人民币…元整) when Notice::capital_amounts is set; content
// the notice leaves out (Notice::omitted) keeps its label with an empty value.
// The code is written full-width when Notice::code_full_width is set. All text
// is HTML-escaped and GBK-encodable. Pure functions, thread-safe.
#pragma once
#include <string>
#include <string_view>

#include "sim/world.h"

namespace gapwatch::sim {

// The announcetype code ("12", "00" …) a notice of `domain` and `kind` is listed under.
const char* AnnounceTypeOf(Domain domain, NoticeKind kind);
// The column's 栏目 (招标公告, 中标候选人公示 …) and 交易类别 (建设工程交易 …);
// nullptr for a code the site does not have.
const char* ColumnName(std::string_view announcetype);
const char* TradeCategory(std::string_view announcetype);

// The project code as the notice writes it (full-width when it does).
std::string LegacyCode(const Project& project, const Notice& notice);
// The notice's title (plain text, not escaped).
std::string LegacyTitle(const Project& project, const Notice& notice);
// The notice's body: an HTML fragment to put inside the page's body container.
std::string LegacyBody(const Project& project, const Notice& notice);

}  // namespace gapwatch::sim
