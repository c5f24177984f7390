// The words of the trading platform's current generation (ygp, SITES.md
// §2.2–2.3): the type letters, bizCodes and node ids of each notice, its
// titles, and the detail API's two column kinds — the `richtext` HTML (label
// cell / value cell tables and "label：value" paragraphs, in the label
// variants of §2.3) and the `multiKeyValueTableList` records.
//
// Pure functions of a Project (as the notice shows it: AsShown in
// sim/world.h) and one of its ygp Notices; thread-safe. Every date and amount
// printed comes from the Project, so a parser reading it back recovers the
// world's facts — except what the notice leaves out on purpose
// (Notice::omitted), whose cell then stands empty.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/world.h"

namespace gapwatch::sim {

// How ygp classifies a notice. Letters A and D and the construction and
// procurement-result bizCodes are SITES.md's; the rest are our choice
// (docs/simulator.md, "Simulated trading platform").
struct YgpNoticeType {
  const char* second_type;       // A 工程建设, D 政府采购, B 土地使用权 [I], C 国有产权 [I]
  const char* second_type_desc;  // noticeSecondTypeDesc
  const char* biz_code;          // tradingProcess / bizCode
  const char* type_desc;         // noticeThirdTypeDesc: 招标公告, 中标候选人公示 …
  const char* project_type;      // projectType / classify
  const char* project_type_name;
  const char* dataset_name;
};
YgpNoticeType YgpTypeOf(Domain domain, NoticeKind kind);

// The bizCodes ygp shows for a domain's process, in process order.
std::vector<const char*> YgpProcessOf(Domain domain);
const char* YgpNodeName(std::string_view biz_code);  // "" when unknown
// The node id of a bizCode (the same in every city); nullopt when unknown.
std::optional<std::string> YgpNodeId(std::string_view biz_code);

// projectCode: the designated-site code of construction, land and property
// projects; for procurement copies a code of the same shape that ygp assigns
// (E + region + yy + '1' + 7-digit subject + 001), the procurement number
// standing in the body.
std::string YgpProjectCode(const Project& project);
// The subject a procurement copy's projectCode names, or nullopt.
std::optional<SubjectId> SubjectOfAssignedCode(std::string_view code);

std::string YgpTitle(const Project& project, const Notice& notice);
// With <span style="color:red">…</span> highlight tags when the notice is drawn with them.
std::string YgpListTitle(const Project& project, const Notice& notice);
std::string YgpHighlightContent(const Project& project, const Notice& notice);

std::string YgpRichtext(const Project& project, const Notice& notice);

struct YgpField {
  std::string code;  // TENDERER_NAME …
  std::string key;   // 招标人 …
  std::string value;
};
// multiKeyValueTableList: one record per section or candidate.
std::vector<std::vector<YgpField>> YgpKeyValueTables(const Project& project, const Notice& notice);

}  // namespace gapwatch::sim
