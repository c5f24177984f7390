// The words and pages of the credit site (信用韶关, SITES.md §4), modelled on
// 信用广东 because the real site's structure is unknown: its three tables
// (行政许可 `xzxk`, 行政处罚 `xzcf`, 黑名单 `hmd`), each record's fields with
// their 双公示 keys and national-standard Chinese labels, the JS shell pages
// and the detail page (docs/simulator.md, "The credit site's URLs").
//
// One field list (CreditField) feeds both the JSON list row and the detail
// table, so the two always carry the same values under matching key and
// label. Dates are written as the record's data-source department uploads
// them (CreditDate); 公示日期 as the platform stamps it. Pure functions of a
// record (as AsShown gives it) and the as-of day; thread-safe.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/world.h"

namespace gapwatch::sim {

inline constexpr char kCreditApiPath[] = "/gdcreditwebApi2//company/web/booleanQueryListByPageSimple";
inline constexpr char kCreditDetailPath[] = "/page/creditPublic/detail.html";

enum class CreditTable { kLicences, kPenalties, kBlacklist };
inline constexpr CreditTable kCreditTables[] = {CreditTable::kLicences, CreditTable::kPenalties,
                                                CreditTable::kBlacklist};

const char* TableName(CreditTable table);  // xzxk, xzcf, hmd
std::optional<CreditTable> TableOfName(std::string_view name);
std::optional<CreditTable> TableOfKind(NoticeKind kind);  // kLicence, kPenalty, kBlacklisting
// The table's page: /page/creditPublic/xzxk.html, xzcf.html, sxcjmd/sxbzxrmd.html.
const char* ShellPath(CreditTable table);

// One field of a record: its JSON key, its label on the detail page, its value
// (and, when the detail page writes it otherwise, that text: 当前状态 "1" → 有效).
struct CreditField {
  const char* key;
  const char* label;
  std::string value;
  std::optional<std::string> detail_text;
};

// A department's own date style: 生态环境局, 交通运输局 and 财政局 upload
// YYYY/MM/DD, the others YYYY-MM-DD (SITES.md §6 lists both).
std::string CreditDate(std::string_view department, CivilDate date);

// The fields after `ID`, in the standard's order, 公示日期 (`GSRQ`) last.
std::vector<CreditField> LicenceFields(const CreditRecord& record, const Notice& notice, CivilDate as_of);
std::vector<CreditField> PenaltyFields(const CreditRecord& record, const Notice& notice);
std::vector<CreditField> BlacklistFields(const BlacklistEntry& entry, const Notice& notice, CivilDate as_of);

// The JS shell of a table's page: names the list API, its tableName and the
// detail URL; rows come from the API.
std::string ShellPage(CreditTable table);
// The detail page: a two-column table of <th>label</th><td>value</td> rows.
std::string DetailPage(CreditTable table, const std::vector<CreditField>& fields);
std::string NotFoundPage();

}  // namespace gapwatch::sim
