#include "sim/procurement_gdgpo_site.h"

#include <algorithm>
#include <vector>

#include "sim/html_escape.h"
#include "sim/world_formats.h"
#include "sim/world_vocabulary.h"

namespace gapwatch::sim {

// What one list shows: the kinds of its channel, and its markup.
struct ProcurementGdgpoSite::ListKind {
  std::string channel;  // echoed in the pager form; "" for the table-style lists
  std::string name;     // the list's heading
  std::vector<NoticeKind> kinds;
  bool table = false;  // table.m_m_dljg rows instead of ul.m_m_c_list
};

namespace {

using ListKind = ProcurementGdgpoSite::ListKind;

constexpr char kHtmlType[] = "text/html;charset=UTF-8";
constexpr int kMaxPageSize = 100;
constexpr char kProvinceSitewebId[] = "4028889705bebb510105bec068b00003";

// The filters a list page echoes back in its qPageForm.
constexpr const char* kFilterNames[] = {"regionIds",      "title",      "purchaserOrgName", "performOrgName",
                                        "stockNum",       "issueOrgan", "operateDateFrom",  "operateDateTo",
                                        "stockIndexName", "stockTypes"};

const char* const kChannelCodes[] = {"0005", "0006", "0008", "-4", "0009"};

ListKind ChannelList(const std::string& code) {
  ListKind list{code, "", {}, false};
  if (code == "0005") list = {code, "采购公告", {NoticeKind::kTender}, false};
  if (code == "0006") list = {code, "更正公告", {NoticeKind::kCorrection, NoticeKind::kTermination}, false};
  if (code == "0008") list = {code, "中标公告", {NoticeKind::kResult}, false};
  if (code == "-4") list = {code, "单一来源公示", {NoticeKind::kSingleSource}, false};
  if (code == "0009") list = {code, "合同公告", {NoticeKind::kContract}, false};
  return list;
}

HttpReply ErrorPage(int status, const std::string& message) {
  return {status, kHtmlType,
          "<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"/>\n"
          "<title>广东省政府采购网</title>\n</head>\n<body>\n<div class=\"error\">" +
              message + "</div>\n</body>\n</html>\n"};
}

// A page number as the old JSP reads it: anything unreadable is page 1.
long PageParam(const FormParams& params, std::string_view name, long fallback) {
  return IntegerParam(params, name, fallback).value_or(fallback);
}

std::string PageHead(const std::string& title) {
  return "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
         "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
         "<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n"
         "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"/>\n<title>" +
         title + "</title>\n";
}

// 首页 上一页 1 2 [3] 4 … 下一页 尾页 共<span class="aspan">N</span>页: the last span.aspan is always the total.
std::string Pager(long page, long pages) {
  const auto link = [](long to, const std::string& text) {
    return "<a href=\"javascript:turnOverPage(" + std::to_string(to) + ")\">" + text + "</a>";
  };
  std::string html =
      "<div class=\"m_m_page\">\n" + link(1, "首页") + " " + link(std::max(1L, page - 1), "上一页") + " ";
  for (long k = std::max(1L, page - 4); k <= std::min(pages, page + 4); ++k) {
    html += k == page ? "<span class=\"aspan1\">" + std::to_string(k) + "</span> "
                      : link(k, "<span class=\"aspan\">" + std::to_string(k) + "</span>") + " ";
  }
  return html + link(std::min(pages, page + 1), "下一页") + " " + link(pages, "尾页") + " 共<span class=\"aspan\">" +
         std::to_string(pages) + "</span>页\n</div>\n";
}

std::string Hidden(const std::string& name, const std::string& value) {
  return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + HtmlEscape(value) + "\"/>\n";
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string DetailUrl(const std::string& id) { return std::string(kGdgpoDetailPrefix) + id + ".html"; }

std::string DetailPage(const Project& p, const Notice& n) {
  const std::string title = HtmlEscape(GdgpoTitle(p, n));
  std::string header = "<span>发布日期：" + NoticeTime(n) + "</span>\n<span>采购人：" + HtmlEscape(p.buyer.name) +
                       "</span>\n<span>代理机构：" + HtmlEscape(p.agency.name) + "</span>\n<span>预算金额：" +
                       PlainYuan(p.BudgetFen()) + "元</span>\n";
  if (n.kind == NoticeKind::kResult) {
    header += "<span>中标金额：" + (n.omitted & kAwardAmount ? "" : PlainYuan(p.AwardFen()) + "元") + "</span>\n";
  }
  return PageHead(title + " - 广东省政府采购网") + "</head>\n<body>\n<div class=\"zw_contianer\">\n" +
         "<div class=\"zw_c_c_title\">" + title + "</div>\n<div class=\"zw_c_c_qx\">\n" + header +
         "</div>\n<div class=\"zw_c_c_cont\">\n" + GdgpoBody(p, n) + "</div>\n</div>\n</body>\n</html>\n";
}

}  // namespace

ProcurementGdgpoSite::ProcurementGdgpoSite(const World& world, CivilDate as_of)
    : world_(world), as_of_(as_of), visible_(world.Visible(Generation::kGdgpo, as_of)) {}

const char* ProcurementGdgpoSite::ChannelOf(NoticeKind kind) {
  for (const char* code : kChannelCodes) {
    const ListKind list = ChannelList(code);
    if (std::find(list.kinds.begin(), list.kinds.end(), kind) != list.kinds.end()) return code;
  }
  return "";
}

std::optional<HttpReply> ProcurementGdgpoSite::Handle(const HttpRequest& request) const {
  const std::string_view target = request.target;
  const size_t question = target.find('?');
  const std::string path(target.substr(0, question));
  FormParams params = ParseForm(question == std::string_view::npos ? "" : target.substr(question + 1));
  const bool post = request.method == "POST";
  if (post) params.merge(ParseForm(request.body));  // the query string wins over the body

  std::optional<ListKind> list;
  for (const std::string base : {"/queryMoreInfoList.do", "/queryMoreCityCountyInfoList2.do"}) {
    if (path == base) list = ChannelList(params.count("channelCode") ? ParamOf(params, "channelCode") : "0005");
    if (path.starts_with(base + "/")) list = ChannelList(path.substr(base.size() + 1));
  }
  constexpr std::string_view kRestList = "/queryMoreInfoList/channelCode/";
  if (path.starts_with(kRestList) && path.ends_with(".html")) {
    list = ChannelList(path.substr(kRestList.size(), path.size() - kRestList.size() - 5));
  }
  if (path == "/queryAcceptanceList.do" || path == "/queryCityAcceptanceList.do") {
    list = ListKind{"", "验收公告", {NoticeKind::kAcceptance}, true};
  }
  if (path == "/queryPrjReqList.do") list = ListKind{"", "采购意向", {NoticeKind::kIntention}, true};

  const bool detail = path.starts_with(kGdgpoDetailPrefix) && path.ends_with(".html");
  if (!list && !detail) return std::nullopt;
  if (request.method != "GET" && request.method != "HEAD" && !(post && list)) {
    return ErrorPage(405, "HTTP Status 405 - Request method '" + HtmlEscape(request.method) + "' not supported");
  }
  if (list) return List(*list, path, params);
  const std::string_view prefix = kGdgpoDetailPrefix;
  return Detail(std::string_view(path).substr(prefix.size(), path.size() - prefix.size() - 5));
}

HttpReply ProcurementGdgpoSite::List(const ListKind& list, const std::string& path, const FormParams& params) const {
  long page_size = PageParam(params, "pageSize", kGdgpoPageSize);
  if (page_size < 1) page_size = kGdgpoPageSize;
  page_size = std::min<long>(page_size, kMaxPageSize);
  const long page = std::max(1L, PageParam(params, "pageIndex", 1));
  const long first = (page - 1) * page_size;

  const std::string region = ParamOf(params, "regionIds");
  const std::string title = ParamOf(params, "title");
  const std::string purchaser = ParamOf(params, "purchaserOrgName");
  const std::string agency = ParamOf(params, "performOrgName");
  const std::string code = ParamOf(params, "stockNum");
  const std::optional<CivilDate> from = CivilDate::Parse(ParamOf(params, "operateDateFrom"));
  const std::optional<CivilDate> to = CivilDate::Parse(ParamOf(params, "operateDateTo"));
  const bool reads_projects = !title.empty() || !purchaser.empty() || !agency.empty();
  std::vector<SubjectId> with_code;
  if (!code.empty()) with_code = world_.FindProjects(code);

  long total = 0;
  std::string rows;
  for (size_t i = 0; i < visible_.size(); ++i) {
    const IndexedNotice& entry = visible_[i];
    if (std::find(list.kinds.begin(), list.kinds.end(), entry.kind) == list.kinds.end()) continue;
    const std::string_view region_code = entry.region < Regions().size() ? Regions()[entry.region].code : "";
    const CivilDate day = entry.published();
    if (!RegionFilterMatches(region, region_code) || (from && day < *from) || (to && day > *to)) continue;
    if (!code.empty() && std::find(with_code.begin(), with_code.end(), entry.subject) == with_code.end()) continue;
    const bool on_page = total >= first && total < first + page_size;
    if (reads_projects || on_page) {
      const Project stored = world_.ProjectAt(entry.subject);
      const Notice& notice = stored.notices[entry.slot];
      const Project p = AsShown(stored, notice, as_of_);
      const std::string notice_title = GdgpoTitle(p, notice);
      if (!Contains(notice_title, title) || !Contains(p.buyer.name, purchaser) || !Contains(p.agency.name, agency)) {
        continue;
      }
      if (total >= first && total < first + page_size) {
        const std::string link = "<a href=\"" + DetailUrl(world_.NoticeId(Generation::kGdgpo, entry.ref())) +
                                 "\" title=\"" + HtmlEscape(notice_title) + "\" target=\"_blank\">" +
                                 HtmlEscape(notice_title) + "</a>";
        const std::string date = day.Iso();
        if (list.table) {
          rows += "<tr><td>" + std::to_string(total + 1) + "</td><td>" + link + "</td><td>" + HtmlEscape(p.buyer.name) +
                  "</td><td>" + date + "</td></tr>\n";
        } else {
          rows += "<li><span>[" + std::string(GdgpoTypeName(notice.kind)) + "·" + HtmlEscape(p.region_name) +
                  "]</span>" + link + "<em>" + date + "</em></li>\n";
        }
      }
    }
    ++total;
  }
  const long pages = std::max(1L, (total + page_size - 1) / page_size);

  std::string form = "<form name=\"qPageForm\" action=\"" + HtmlEscape(path) + "\" method=\"post\">\n";
  if (!list.channel.empty()) form += Hidden("channelCode", list.channel);
  const std::string siteweb = ParamOf(params, "sitewebId");
  form += Hidden("sitewebId", siteweb.empty() ? kProvinceSitewebId : siteweb) +
          Hidden("pageIndex", std::to_string(page)) + Hidden("pageSize", std::to_string(page_size)) +
          Hidden("pointPageIndexId", std::to_string(page - 1));
  for (const char* name : kFilterNames) form += Hidden(name, ParamOf(params, name));
  form += "</form>\n";

  const std::string rows_html =
      list.table ? "<table class=\"m_m_dljg\" width=\"100%\">\n<tr><th>序号</th><th>标题</th><th>采购人</th>"
                   "<th>发布日期</th></tr>\n" +
                       rows + "</table>\n"
                 : "<ul class=\"m_m_c_list\">\n" + rows + "</ul>\n";
  const std::string script =
      "<script type=\"text/javascript\">\nfunction turnOverPage(n) {\n  var f = document.forms['qPageForm'];\n"
      "  f.pageIndex.value = n;\n  f.pointPageIndexId.value = n - 1;\n  f.submit();\n}\n</script>\n";
  return HttpReply(200, kHtmlType,
                   PageHead(list.name + " - 广东省政府采购网") + script +
                       "</head>\n<body>\n<div class=\"m_m_cont\">\n" + "<div class=\"m_m_c_title\">" + list.name +
                       "</div>\n" + rows_html + form + Pager(page, pages) + "</div>\n</body>\n</html>\n");
}

HttpReply ProcurementGdgpoSite::Detail(std::string_view id) const {
  const std::optional<NoticeRef> ref = world_.FindNotice(Generation::kGdgpo, id);
  if (!ref) return ErrorPage(404, "对不起，您访问的信息不存在或已被删除！");
  const Project stored = world_.ProjectAt(ref->subject);
  const Notice& notice = stored.notices[ref->slot];
  if (!IsVisible(notice, as_of_)) return ErrorPage(404, "对不起，您访问的信息不存在或已被删除！");
  return HttpReply(200, kHtmlType, DetailPage(AsShown(stored, notice, as_of_), notice));
}

}  // namespace gapwatch::sim
