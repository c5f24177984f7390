// The procurement site (广东省政府采购网, 韶关 = regionCode 440200) in its
// current gpcms generation, as SITES.md §3.3 describes it:
//   GET /gpcms/rest/web/v2/info/selectInfoForIndex?siteId=…&channel=…&currPage=N&pageSize=M
//       [&noticeType=A,B][&regionCode=440200|4402xx][&openTenderCode=…]
//       → {"code":"200","msg":"操作成功","data":{"total":N,"rows":[…]}}, newest first;
//       missing or unknown siteId/channel, or a non-numeric page → {"code":"500","msg":"参数错误"}
//   GET /gpcms/rest/web/v2/info/getInfoById?id=<uuid> → {"code":"200",…,"data":{…,"content":HTML}};
//       unknown or not yet published → HTTP 404 {"code":"404","msg":"信息不存在","data":null}
//   GET /robots.txt; anything else → 404; methods other than GET and HEAD → 405.
// It serves the world's kGpcms generation as of `as_of` (sim/world.h):
// notices published by then, edited ones as edited by then, removed ones gone.
// Rows are newest first (ties in the world's fixed order). Handle is const
// and safe to call from any number of threads: its only mutable state is a
// mutex-guarded memo of which notices match each list filter, so that paging
// through a filter costs the page, not a walk of every visible notice. The
// World must outlive the site.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "sim/civil_date.h"
#include "sim/form.h"
#include "sim/http_reply.h"
#include "sim/world.h"

namespace gapwatch::sim {

inline constexpr char kProcurementSiteId[] = "cd64e06a-21a7-4620-aebc-0576bab7e07a";
inline constexpr char kProcurementChannel[] = "fca71be5-fc0c-45db-96af-f513e9abda9d";
inline constexpr char kListPath[] = "/gpcms/rest/web/v2/info/selectInfoForIndex";
inline constexpr char kDetailPath[] = "/gpcms/rest/web/v2/info/getInfoById";

class ProcurementSite {
 public:
  ProcurementSite(const World& world, CivilDate as_of);

  // `target` is the request target: path with optional query string.
  HttpReply Handle(std::string_view method, std::string_view target) const;

  // Notices visible on the as-of day, newest first.
  const NoticeList& visible() const { return visible_; }

 private:
  HttpReply List(const FormParams& query) const;
  HttpReply Detail(const FormParams& query) const;
  // Positions in visible_ of the notices a list filter selects, ascending.
  std::shared_ptr<const std::vector<uint32_t>> Matching(const std::string& region, const std::string& types,
                                                        const std::string& code) const;

  const World& world_;
  CivilDate as_of_;
  NoticeList visible_;
  mutable std::mutex matches_mutex_;
  // Keyed by region, types and code; cleared when it reaches kMaxFilters entries.
  mutable std::map<std::string, std::shared_ptr<const std::vector<uint32_t>>> matches_;
};

}  // namespace gapwatch::sim
