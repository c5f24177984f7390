// The departments' 政府信息公开目录平台 (gkmlpt) on www.sg.gov.cn, SITES.md §1.3:
// the world's kGkmlpt generation, the 工作方案 and 政府信息公开工作年度报告 of
// the seed plan's 14 departments, each under /<slug>/gkmlpt/ (slugs and SIDs
// from the world: Department::slug, Department::sid).
//   GET /<slug>/gkmlpt/index → HTML embedding
//       window._CONFIG = {SID: '<sid>', TREE: [{id,name,post_count,children,jump_url}…], SERVICE_AREA_ID: 0}
//   GET /<slug>/gkmlpt/api/all/<category>?page=<n>&sid=<sid> (category 0 = all)
//       → {"total":N,"classify":{"id","name","post_count":N},"articles":[…]}, newest
//       first, 100 per page; page 0 and 1 are the same; a page past the end is
//       `"articles":[]` for departments with an even subject id and HTTP 404 for
//       odd ones (SITES.md reports both behaviours); a missing or wrong sid, or
//       a non-numeric page → HTTP 200 {"code":400,"msg":"参数错误"}; an unknown
//       category → 404
//   GET /<slug>/gkmlpt/content/<a>/<b>/post_<id>.html (a = id / 1000000, b = id / 1000)
//       → HTML with window._CONFIG = {SID, DETAIL: {…article, "content"}, TREE: […], …},
//         h1.title and .article-content; not yet published, removed, another
//         department's or a wrong <a>/<b> → 404
// Any other path → nullopt. Handle is const and thread-safe; the World must
// outlive the site.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/civil_date.h"
#include "sim/http_reply.h"
#include "sim/world.h"

namespace gapwatch::sim {

inline constexpr int kGkmlptPageSize = 100;

// A department's categories (TREE ids): its plans and its annual reports.
int GkmlptPlanCategory(const Department& department);
int GkmlptReportCategory(const Department& department);

class GkmlptSite {
 public:
  GkmlptSite(const World& world, CivilDate as_of);

  std::optional<HttpReply> Handle(const HttpRequest& request) const;

 private:
  // The department whose slug opens `path`, and the rest after /<slug>/gkmlpt/.
  std::optional<SubjectId> DepartmentOf(std::string_view path, std::string_view& rest) const;
  // The department's notices standing on as_of, newest first.
  std::vector<IndexedNotice> Standing(SubjectId department) const;
  HttpReply Index(const Department& department) const;
  HttpReply Api(const Department& department, std::string_view category, std::string_view query) const;
  HttpReply Detail(const Department& department, std::string_view rest) const;

  const World& world_;
  CivilDate as_of_;
};

}  // namespace gapwatch::sim
