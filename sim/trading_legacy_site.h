// The trading site's legacy generation (韶关市公共资源交易中心, Struts pages on
// www.sgjyzx.com, later jyzx.sg.gov.cn: Generation::kSgjyzx), as SITES.md §2.1
// describes it, in GBK:
//   GET|POST /businessAnnounceAction!frontBusinessAnnounceIframeList.do?businessAnnounce.announcetype=TT
//       form or query: page, pageSize (20), searchvalue, sortField=RELEASETIME, sortOrder=DESC|ASC,
//       businessAnnounce.dpId → the iframe list: table#dataList (tr.listRow / tr.listAlternatingRow)
//       and the pager div.pagination.page-mar whose last span says 共N页;
//   GET|POST /businessAnnounceAction!frontBusinessAnnounceListChildren.do?businessAnnounce.announcetype=TT&page=N
//       → the same list inside a whole page, in div.listPanel;
//   GET|POST /businessAnnounceAction!frontToBusinessAnnounceForm.do?businessAnnounce.id=<32 hex>
//       → h2 title, div.publictime, body in div.xx-text / table.xx-main / div.xx-main; an unknown,
//       removed or not yet published id → HTTP 200 with 该信息不存在 (as Struts sites answer).
// The host is ignored (both real host names route here); a `;jsessionid=…`
// path parameter and %21 for `!` are accepted. Other paths → nullopt (the
// site's composer answers them); other methods on these paths → 405.
//
// Every page is GBK bytes. Which charset declaration a page carries is fixed
// per page (by a hash of its URL's meaningful parts): a `charset=GBK` header,
// or a bare `text/html` header with <meta http-equiv … charset=gbk>, with
// <meta charset="gb2312">, or with no declaration at all.
//
// It serves the world's kSgjyzx generation as of `as_of` (sim/world.h):
// notices published by then, edited ones as edited by then, removed ones gone.
// Pages are rendered per request; Handle is const and touches no shared
// mutable state: thread-safe. The World must outlive the site.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "sim/civil_date.h"
#include "sim/form.h"
#include "sim/http_reply.h"
#include "sim/world.h"

namespace gapwatch::sim {

inline constexpr char kLegacyListPath[] = "/businessAnnounceAction!frontBusinessAnnounceIframeList.do";
inline constexpr char kLegacyChildrenPath[] = "/businessAnnounceAction!frontBusinessAnnounceListChildren.do";
inline constexpr char kLegacyDetailPath[] = "/businessAnnounceAction!frontToBusinessAnnounceForm.do";
inline constexpr int kLegacyDefaultPageSize = 20;
inline constexpr int kLegacyMaxPageSize = 100;

class TradingLegacySite {
 public:
  TradingLegacySite(const World& world, CivilDate as_of);

  std::optional<HttpReply> Handle(const HttpRequest& request) const;

 private:
  HttpReply List(const FormParams& params, bool whole_page) const;
  HttpReply Detail(const FormParams& params) const;

  const World& world_;
  CivilDate as_of_;
  NoticeList visible_;
};

}  // namespace gapwatch::sim
