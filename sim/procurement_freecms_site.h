// The procurement site's freecms generation (gdgpo.czt.gd.gov.cn, March 2021 –
// 2023), as SITES.md §3.2 describes it:
//   GET /freecms/rest/v1/notice/selectInfoMoreChannel.do?siteId=…&channel=…&currPage=N&pageSize=M
//       [&noticeType=A,B][&regionCode=440200|4402xx][&openTenderCode=…][&title=…][&purchaser=…][&agency=…]
//       [&purchaseManner=1|4][&operationStartTime=YYYY-MM-DD 00:00:00][&operationEndTime=YYYY-MM-DD 23:59:59]
//       [&verifyCode=…]
//       → {"code":"200","msg":"操作成功","total":N,"currPage":N,"pageSize":M,"data":[{title, pageurl,
//          noticeTime, content, openTenderCode, purchaser, agency, noticeType, regionCode, …}]}, newest first;
//       a wrong siteId/channel or a non-numeric page → {"code":"500","msg":"参数错误","data":[],"total":0}.
//       verifyCode is accepted whatever it says (a crawler cannot solve the captcha).
//   GET /freecms/verify/verifyCode.do?createTypeFlag=n&name=notice&d<ms> → a small GIF captcha.
//   GET /freecms/site/gd/ggxx/info/<YYYY>/<32hex 8a7e…>.html[?noticeType=<code>] → the detail page
//       (UTF-8 HTML, span#f_noticeTime, span#f_budget, span.u-content …, the body in div.noticeArea);
//       unknown, wrong year, not yet published or removed → 404 page.
// Other paths → nullopt (the composer tries the next generation); methods
// other than GET and HEAD on these paths → 405.
// Serves the world's kFreecms notices as of `as_of`. Handle is const and
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

inline constexpr char kFreecmsListPath[] = "/freecms/rest/v1/notice/selectInfoMoreChannel.do";
inline constexpr char kFreecmsCaptchaPath[] = "/freecms/verify/verifyCode.do";
inline constexpr char kFreecmsDetailPrefix[] = "/freecms/site/gd/ggxx/info/";

class ProcurementFreecmsSite {
 public:
  ProcurementFreecmsSite(const World& world, CivilDate as_of);

  std::optional<HttpReply> Handle(const HttpRequest& request) const;

  // The detail page's site-relative URL (a list row's `pageurl`).
  std::string PageUrl(NoticeRef ref) const;

 private:
  HttpReply List(const FormParams& query) const;
  HttpReply Detail(std::string_view rest) const;

  const World& world_;
  CivilDate as_of_;
  NoticeList visible_;
};

}  // namespace gapwatch::sim
