#include "sim/gkmlpt.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <vector>

#include "sim/html_escape.h"
#include "sim/portal_templates.h"
#include "sim/world_formats.h"
#include "sim/world_ids.h"
#include "sim/world_roles.h"

namespace gapwatch::sim {
namespace {

using Json = nlohmann::ordered_json;

constexpr char kJsonType[] = "application/json;charset=UTF-8";
constexpr char kPlanCategoryName[] = "计划规划";
constexpr char kReportCategoryName[] = "政府信息公开年报";

long UnixSeconds(CivilDate date, int second_of_day) {
  return date.DayNumber() * 86400 + second_of_day - 8 * 3600;  // China Standard Time
}

std::string QueryValue(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  return "";
}

std::optional<long> Number(std::string_view text) {
  long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Embedded in a <script>: "</" is written "<\/" (the same JSON string).
std::string ScriptSafe(const std::string& json) {
  std::string out;
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '<' && i + 1 < json.size() && json[i + 1] == '/') {
      out += "<\\";
    } else {
      out += json[i];
    }
  }
  return out;
}

std::string ContentPath(const Department& department, const std::string& id) {
  const long number = *Number(id);
  return "/" + department.slug + "/gkmlpt/content/" + std::to_string(number / 1000000) + "/" +
         std::to_string(number / 1000) + "/post_" + id + ".html";
}

int CategoryOf(const Department& department, const Notice& notice) {
  return notice.kind == NoticeKind::kPlan ? GkmlptPlanCategory(department) : GkmlptReportCategory(department);
}

Json Article(const Department& department, const Notice& notice, const std::string& id) {
  const bool plan = notice.kind == NoticeKind::kPlan;
  const std::string url = ContentPath(department, id);
  Json article;
  article["id"] = *Number(id);
  article["title"] = DepartmentDocumentTitle(department, notice);
  article["document_number"] = DepartmentDocumentNumber(department, notice);
  // 索引号: the publisher's 统一社会信用代码 / year - serial [I].
  article["identifier"] = MakeUscc('1', '1', "440200", 7000 + department.id) + "/" +
                          std::to_string(notice.published.year) + "-" + id.substr(id.size() - 5);
  article["publisher"] = DepartmentNameOn(department, notice.published);
  article["keywords"] = plan ? "工作方案" : "政府信息公开,年度报告";
  article["date"] = UnixSeconds(notice.published, 0);
  article["created_at"] = NoticeTime(notice);
  article["display_publish_time"] = UnixSeconds(notice.published, notice.second_of_day);
  article["classify_main"] = CategoryOf(department, notice);
  article["classify_main_name"] = plan ? kPlanCategoryName : kReportCategoryName;
  article["classify_genre_name"] = plan ? "通知" : "报告";
  article["classify_theme_name"] = "综合政务";
  article["url"] = url;
  article["post_url"] = url;
  article["attachment"] = Json::array();
  article["abstract"] = "";
  article["relation"] = "[]";
  article["is_expired"] = 0;
  article["is_abolished"] = 0;
  return article;
}

Json Tree(const Department& department, int plans, int reports) {
  Json tree = Json::array();
  auto node = [](int id, const char* name, int count) {
    return Json{{"id", id}, {"name", name}, {"post_count", count}, {"children", Json::array()}, {"jump_url", ""}};
  };
  tree.push_back(node(GkmlptPlanCategory(department), kPlanCategoryName, plans));
  tree.push_back(node(GkmlptReportCategory(department), kReportCategoryName, reports));
  return tree;
}

std::string Page(const std::string& title, const std::string& config, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + HtmlEscape(title) +
         "</title>\n<script>\nwindow._CONFIG = " + config + ";\n</script>\n</head>\n<body>\n" + body +
         "</body>\n</html>\n";
}

HttpReply JsonReply(int status, const Json& body) { return {status, kJsonType, body.dump()}; }

}  // namespace

int GkmlptPlanCategory(const Department& department) { return 2001 + static_cast<int>(department.id) * 10; }
int GkmlptReportCategory(const Department& department) { return 2002 + static_cast<int>(department.id) * 10; }

GkmlptSite::GkmlptSite(const World& world, CivilDate as_of) : world_(world), as_of_(as_of) {}

std::optional<HttpReply> GkmlptSite::Handle(const HttpRequest& request) const {
  const std::string_view target = request.target;
  const size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query = question == std::string_view::npos ? "" : target.substr(question + 1);
  std::string_view rest;
  const std::optional<SubjectId> id = DepartmentOf(path, rest);
  if (!id) return std::nullopt;
  const Department department = world_.DepartmentAt(*id);
  std::optional<HttpReply> reply;
  if (rest == "index") {
    reply = Index(department);
  } else if (rest.starts_with("api/all/")) {
    reply = Api(department, rest.substr(8), query);
  } else if (rest.starts_with("content/")) {
    reply = Detail(department, rest.substr(8));
  } else {
    return std::nullopt;
  }
  if (request.method != "GET" && request.method != "HEAD") return PortalError(405);
  return reply;
}

std::optional<SubjectId> GkmlptSite::DepartmentOf(std::string_view path, std::string_view& rest) const {
  if (!path.starts_with("/")) return std::nullopt;
  const size_t slash = path.find('/', 1);
  if (slash == std::string_view::npos || !path.substr(slash).starts_with("/gkmlpt/")) return std::nullopt;
  const std::string_view slug = path.substr(1, slash - 1);
  for (SubjectId id = 0; id < kDepartmentCount; ++id) {
    if (world_.DepartmentAt(id).slug == slug) {
      rest = path.substr(slash + 8);
      return id;
    }
  }
  return std::nullopt;
}

std::vector<IndexedNotice> GkmlptSite::Standing(SubjectId department) const {
  std::vector<IndexedNotice> standing;
  const NoticeList list = world_.Visible(Generation::kGkmlpt, as_of_);
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].subject == department) standing.push_back(list[i]);
  }
  return standing;
}

HttpReply GkmlptSite::Index(const Department& department) const {
  int plans = 0, reports = 0;
  for (const IndexedNotice& entry : Standing(department.id)) ++(entry.kind == NoticeKind::kPlan ? plans : reports);
  const std::string config =
      "{SID: '" + department.sid + "', TREE: " + Tree(department, plans, reports).dump() + ", SERVICE_AREA_ID: 0}";
  const std::string name = DepartmentNameOn(department, as_of_);
  std::string body =
      "<div class=\"gkml-header\"><h2>" + HtmlEscape(name) + "政府信息公开目录</h2></div>\n<ul class=\"tree\">\n";
  body += "<li><a href=\"index#" + std::to_string(GkmlptPlanCategory(department)) + "\">" + kPlanCategoryName +
          "</a></li>\n<li><a href=\"index#" + std::to_string(GkmlptReportCategory(department)) + "\">" +
          kReportCategoryName + "</a></li>\n</ul>\n<div id=\"postList\"></div>\n";
  return PortalHtml(Page(name + "政府信息公开目录", config, body));
}

HttpReply GkmlptSite::Api(const Department& department, std::string_view category, std::string_view query) const {
  const std::optional<long> category_id = Number(category);
  if (!category_id || (*category_id != 0 && *category_id != GkmlptPlanCategory(department) &&
                       *category_id != GkmlptReportCategory(department))) {
    return PortalError(404);
  }
  const std::string page_text = QueryValue(query, "page");
  const std::optional<long> page = page_text.empty() ? std::optional<long>(1) : Number(page_text);
  if (QueryValue(query, "sid") != department.sid || !page || *page < 0) {
    return JsonReply(200, Json{{"code", 400}, {"msg", "参数错误"}});
  }
  std::vector<std::pair<std::string, Notice>> rows;
  for (const IndexedNotice& entry : Standing(department.id)) {
    const Notice notice = world_.NoticeOf(entry.ref());
    if (*category_id == 0 || CategoryOf(department, notice) == *category_id) {
      rows.emplace_back(world_.NoticeId(Generation::kGkmlpt, entry.ref()), notice);
    }
  }
  const size_t first = static_cast<size_t>(std::max(*page, 1L) - 1) * kGkmlptPageSize;
  if (first >= rows.size() && first > 0 && department.id % 2 == 1) return PortalError(404);
  Json articles = Json::array();
  for (size_t i = first; i < std::min(rows.size(), first + kGkmlptPageSize); ++i) {
    articles.push_back(Article(department, rows[i].second, rows[i].first));
  }
  const char* name = *category_id == 0                                ? "全部"
                     : *category_id == GkmlptPlanCategory(department) ? kPlanCategoryName
                                                                      : kReportCategoryName;
  Json body;
  body["total"] = rows.size();
  body["classify"] = Json{{"id", *category_id}, {"name", name}, {"post_count", rows.size()}};
  body["articles"] = std::move(articles);
  return JsonReply(200, body);
}

HttpReply GkmlptSite::Detail(const Department& department, std::string_view rest) const {
  // <a>/<b>/post_<id>.html
  const size_t post = rest.rfind("/post_");
  if (post == std::string_view::npos || !rest.ends_with(".html")) return PortalError(404);
  const std::string id(rest.substr(post + 6, rest.size() - post - 11));
  const std::optional<NoticeRef> ref = world_.FindNotice(Generation::kGkmlpt, id);
  if (!ref || ref->subject != department.id) return PortalError(404);
  const Notice& notice = department.notices[ref->slot];
  if (!IsVisible(notice, as_of_) ||
      ContentPath(department, id) != "/" + department.slug + "/gkmlpt/content/" + std::string(rest)) {
    return PortalError(404);
  }
  int plans = 0, reports = 0;
  for (const IndexedNotice& entry : Standing(department.id)) ++(entry.kind == NoticeKind::kPlan ? plans : reports);
  const std::string content = DepartmentDocumentBody(department, notice);
  Json detail = Article(department, notice, id);
  detail["content"] = content;
  const std::string config = "{SID: '" + department.sid + "', DETAIL: " + ScriptSafe(detail.dump()) +
                             ", TREE: " + Tree(department, plans, reports).dump() + ", SERVICE_AREA_ID: 0}";
  const std::string title = HtmlEscape(DepartmentDocumentTitle(department, notice));
  std::string body = "<div class=\"content\">\n<h1 class=\"title\">" + title + "</h1>\n";
  body += "<table class=\"introduce\"><tr><td>索引号：" + HtmlEscape(std::string(detail["identifier"])) +
          "</td><td>发布机构：" + HtmlEscape(std::string(detail["publisher"])) + "</td></tr><tr><td>文号：" +
          HtmlEscape(std::string(detail["document_number"])) + "</td><td>发布日期：" + notice.published.Iso() +
          "</td></tr></table>\n";
  body += "<div class=\"article-content\">\n" + content + "</div>\n</div>\n";
  return PortalHtml(Page(DepartmentDocumentTitle(department, notice), config, body));
}

}  // namespace gapwatch::sim
