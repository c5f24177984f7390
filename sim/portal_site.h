// The city portal www.sg.gov.cn (SITES.md §1): its home page and the two
// generations of trading re-posts. (The departments' gkmlpt is GkmlptSite,
// sim/gkmlpt.h.)
//   GET /  and  /index.html → a home page linking every column below and each
//       department's /<slug>/gkmlpt/index
//   kPortalColumn (NFCMS, §1.1, §1.4; from 2021):
//     /zw/zdlyxxgk/ggzypz/index.html → the 公共资源配置 column, linking its sub-columns
//     /zw/zdlyxxgk/ggzypz/<sub>/index.html, index_2.html, index_3.html … → 20 rows per
//         page in div.pageList ul li (<a href title>, <span>YYYY-MM-DD</span>), newest
//         first, and a pager; index_1.html and pages past the last → 404
//         (<sub>: gcjs 工程建设, zfcg 政府采购 (always empty), tdcr 土地出让, gycq 国有产权 — [I])
//     /zw/zdlyxxgk/ggzypz/<sub>/content/post_<7 digits>.html → the re-posted notice
//   kPortalTrs (TRS WCM, §1.2; until 2020):
//     /zw/gczbtb/zbgg/index.html, index_1.html, index_2.html … → 20 rows per page in
//         <ul class="comlist-wgk ">, total pages in createPageHTML('page_div', TOTAL, …)
//     /zw/gczbtb/zbgg/YYYYMM/tYYYYMMDD_<6 digits>.html → h4, div.xl-cont-xx span, div.TRS_PreAppend
// Everything UTF-8 (text/html;charset=UTF-8). Notices not yet published on
// `as_of`, removed by then, or asked for under another column or date → 404
// (nginx page); methods other than GET and HEAD on these paths → 405. Any
// other path → nullopt (the composer's). Handle is const and touches no
// shared mutable state; the World must outlive the site.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "sim/civil_date.h"
#include "sim/http_reply.h"
#include "sim/world.h"

namespace gapwatch::sim {

inline constexpr char kPortalColumnRoot[] = "/zw/zdlyxxgk/ggzypz/";
inline constexpr char kPortalTrsRoot[] = "/zw/gczbtb/zbgg/";
inline constexpr int kPortalColumnPageSize = 20;
inline constexpr int kPortalTrsPageSize = 20;

// The 公共资源配置 sub-column a domain's re-posts stand in: gcjs, zfcg, tdcr, gycq.
const char* PortalSubColumn(Domain domain);

class PortalSite {
 public:
  PortalSite(const World& world, CivilDate as_of);

  std::optional<HttpReply> Handle(const HttpRequest& request) const;

 private:
  HttpReply Home() const;
  HttpReply ColumnEntry() const;
  std::optional<HttpReply> Column(std::string_view rest) const;  // rest: after kPortalColumnRoot
  std::optional<HttpReply> ColumnList(std::string_view sub, int page) const;
  HttpReply ColumnDetail(std::string_view sub, std::string_view id) const;
  std::optional<HttpReply> Trs(std::string_view rest) const;  // rest: after kPortalTrsRoot
  HttpReply TrsList(int page) const;                          // page 0 = index.html
  HttpReply TrsDetail(std::string_view month, std::string_view day, std::string_view id) const;

  const World& world_;
  CivilDate as_of_;
};

}  // namespace gapwatch::sim
