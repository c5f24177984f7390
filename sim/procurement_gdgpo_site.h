// The procurement site's first generation, www.gdgpo.gov.cn (until February
// 2021), as SITES.md §3.1 describes it. All pages are UTF-8 HTML.
//   GET or POST /queryMoreInfoList.do, /queryMoreInfoList.do/<channelCode>,
//       /queryMoreInfoList/channelCode/<channelCode>.html, /queryMoreCityCountyInfoList2.do[/<channelCode>]
//       with channelCode, sitewebId, pageIndex, pageSize (15), pointPageIndexId and the filters
//       regionIds, title, purchaserOrgName, performOrgName, stockNum, operateDateFrom, operateDateTo
//       (query string or form body) → `ul.m_m_c_list > li` rows (a[title], em date, span [类型·地区]),
//       newest first, with the pager (span.aspan, current span.aspan1, turnOverPage(n), form qPageForm).
//       channelCode: 0005 采购公告, 0006 更正公告 (corrections and terminations), 0008 中标公告,
//       -4 单一来源, 0009 合同公告 (invented: SITES.md names no contract channel).
//   GET or POST /queryAcceptanceList.do, /queryCityAcceptanceList.do (验收) and /queryPrjReqList.do
//       (采购意向, the closest list SITES.md names) → the same page with `table.m_m_dljg` rows.
//   GET /showNotice/id/<32 lowercase hex>.html → the notice: div.zw_contianer > div.zw_c_c_title,
//       div.zw_c_c_qx spans, div.zw_c_c_cont; unknown, not yet published or removed → 404 page.
// Other paths → nullopt; other methods on these paths → 405.
// Serves the world's kGdgpo notices as of `as_of`. Handle is const and
// thread-safe; the World must outlive the site.
#pragma once
#include <optional>
#include <string>

#include "sim/civil_date.h"
#include "sim/form.h"
#include "sim/http_reply.h"
#include "sim/procurement_legacy_templates.h"
#include "sim/world.h"

namespace gapwatch::sim {

inline constexpr char kGdgpoDetailPrefix[] = "/showNotice/id/";
inline constexpr int kGdgpoPageSize = 15;

class ProcurementGdgpoSite {
 public:
  ProcurementGdgpoSite(const World& world, CivilDate as_of);

  std::optional<HttpReply> Handle(const HttpRequest& request) const;

  // The channelCode whose list carries a notice kind; "" for the kinds listed
  // on the table-style lists (acceptance, intention) or not on this site.
  static const char* ChannelOf(NoticeKind kind);

  struct ListKind;  // what one list shows (defined in the .cc)

 private:
  HttpReply List(const ListKind& list, const std::string& path, const FormParams& params) const;
  HttpReply Detail(std::string_view id) const;

  const World& world_;
  CivilDate as_of_;
  NoticeList visible_;
};

}  // namespace gapwatch::sim
