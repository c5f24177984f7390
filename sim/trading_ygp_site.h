// The trading platform (广东省公共资源交易平台 ygp.gdzwfw.gov.cn, 韶关 =
// siteCode 440200) in its current generation, as SITES.md §2.2–2.3 describe
// it (docs/simulator.md, "Simulated trading platform"):
//   POST /ggzy-portal/search/v2/items, a JSON body, signed (sim/trading_signature.h)
//       → {"errcode":0,"errmsg":"","data":{"total":N,"pageTotal":M,"pageData":[…]}}, newest first;
//       a missing or wrong signature → {"errcode":90104,"errmsg":"访问过于频繁或签名错误","data":null};
//       a malformed body or filter → {"errcode":500,"errmsg":"参数错误","data":null}
//   GET /ggzy-portal/center/apis/trading-notice/new/nodeList?…&projectCode=… → the project's process nodes
//   GET /ggzy-portal/center/apis/trading-notice/new/singleNode?…&bizCode=… → a nodeId
//   GET /ggzy-portal/center/apis/trading-notice/new/detail?nodeId=…&noticeId=…&bizCode=…&projectCode=…
//       → {"errcode":0,"data":{"title",…,"tradingNoticeColumnModelList":[…]}}; a notice that is
//       unknown, not yet published or removed → {"errcode":404,…} with HTTP 200
// Every answer is HTTP 200 JSON (business errors in errcode) except a wrong
// method on one of these paths (HTTP 405). Other paths are not this
// generation's: Handle returns nullopt. It serves the world's kYgp generation
// as of `as_of`: notices published by then, edited ones as edited by then,
// removed ones gone. Handle is const and touches no shared mutable state:
// safe from any number of threads. The World must outlive the site.
#pragma once
#include <optional>
#include <string>

#include "sim/civil_date.h"
#include "sim/form.h"
#include "sim/http_reply.h"
#include "sim/world.h"

namespace gapwatch::sim {

inline constexpr char kYgpSearchPath[] = "/ggzy-portal/search/v2/items";
inline constexpr char kYgpNodeListPath[] = "/ggzy-portal/center/apis/trading-notice/new/nodeList";
inline constexpr char kYgpSingleNodePath[] = "/ggzy-portal/center/apis/trading-notice/new/singleNode";
inline constexpr char kYgpDetailPath[] = "/ggzy-portal/center/apis/trading-notice/new/detail";

class YgpTradingSite {
 public:
  YgpTradingSite(const World& world, CivilDate as_of);

  std::optional<HttpReply> Handle(const HttpRequest& request) const;

 private:
  HttpReply Search(const HttpRequest& request) const;
  HttpReply NodeList(const FormParams& query) const;
  HttpReply SingleNode(const FormParams& query) const;
  HttpReply Detail(const FormParams& query) const;
  // The project a projectCode names, when it has notices on ygp.
  std::optional<Project> ProjectOfCode(const std::string& code) const;

  const World& world_;
  CivilDate as_of_;
  NoticeList visible_;
};

}  // namespace gapwatch::sim
