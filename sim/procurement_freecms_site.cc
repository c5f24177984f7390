#include "sim/procurement_freecms_site.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "sim/html_escape.h"
#include "sim/procurement_site.h"
#include "sim/templates.h"
#include "sim/world_formats.h"
#include "sim/world_vocabulary.h"

namespace gapwatch::sim {
namespace {

using Json = nlohmann::ordered_json;

constexpr char kJsonType[] = "application/json;charset=UTF-8";
constexpr char kHtmlType[] = "text/html;charset=UTF-8";
constexpr int kDefaultPageSize = 10;
constexpr int kMaxPageSize = 100;

// A 1×1 GIF: the captcha is never read, only fetched (SITES.md §3.2).
constexpr unsigned char kCaptchaGif[] = {0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80,
                                         0x00, 0x00, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x21, 0xf9, 0x04,
                                         0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01,
                                         0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b};

HttpReply JsonReply(const Json& body) { return {200, kJsonType, body.dump()}; }

HttpReply ParameterError() {
  return JsonReply(Json{{"code", "500"}, {"msg", "参数错误"}, {"total", 0}, {"data", Json::array()}});
}

HttpReply NginxError(int status, const std::string& reason) {
  const std::string title = std::to_string(status) + " " + reason;
  return {status, "text/html",
          "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
              "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"};
}

// "YYYY-MM-DD[ HH:MM:SS]": the day; nullopt when malformed, `fallback` when empty.
std::optional<CivilDate> DayParam(const FormParams& query, const std::string& name, CivilDate fallback) {
  const std::string text = ParamOf(query, name);
  if (text.empty()) return fallback;
  return CivilDate::Parse(std::string_view(text).substr(0, 10));
}

bool TypeMatches(std::string_view filter, std::string_view notice_type) {
  if (filter.empty()) return true;
  while (!filter.empty()) {
    const size_t comma = filter.find(',');
    if (filter.substr(0, comma) == notice_type) return true;
    filter = comma == std::string_view::npos ? std::string_view() : filter.substr(comma + 1);
  }
  return false;
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string Span(const std::string& id, const std::string& text) {
  return "<span id=\"" + id + "\">" + text + "</span>";
}
// "label：<span class="u-content">value</span>", with an id when the page has one there.
std::string Field(const std::string& label, const std::string& value, const std::string& id = "") {
  return "<p class=\"u-field\">" + label + "：<span" + (id.empty() ? "" : " id=\"" + id + "\"") +
         " class=\"u-content\">" + HtmlEscape(value) + "</span></p>\n";
}

// The winners as freecms's structured block lists them, one div per lot.
std::string Winners(const Project& p, const Notice& n) {
  const bool amounts = !(n.omitted & kAwardAmount);
  std::string html;
  for (size_t i = 0; i < p.lots.size(); ++i) {
    const Lot& lot = p.lots[i];
    html += "<div class=\"noticeBidResult-noticeBidResult_" + std::to_string(i) +
            "_supplierDetail\">\n<table class=\"supplierTable\">\n<tr><th>包组</th><th>供应商名称</th>"
            "<th>供应商地址</th><th>中标（成交）金额</th></tr>\n<tr><td>" +
            HtmlEscape(lot.name) + "</td><td style=\"width:400px;word-break:break-all;\">" +
            HtmlEscape(p.supplier.name) + "</td><td>" + HtmlEscape(p.supplier.address) +
            "</td><td class=\"alignright\"><span>" + (amounts ? YuanWithSeparators(lot.award_fen) + "元" : "") +
            "</span></td></tr>\n</table>\n</div>\n";
  }
  return html;
}

std::string DetailPage(const Project& p, const Notice& n) {
  const std::string title = HtmlEscape(NoticeTitle(p, n));
  std::string fields = "<h4 class=\"u-title\">项目名称：<span class=\"u-content\">" + HtmlEscape(p.name) +
                       "</span></h4>\n" + Field("项目编号", ListedCode(p, n)) +
                       Field("采购人", p.buyer.name, "_notice_content_noticePurchase-purchaserOrgName") +
                       Field("采购代理机构", p.agency.name, "_notice_content_noticeAgency-agencyName");
  if (n.kind == NoticeKind::kTender || n.kind == NoticeKind::kCorrection) {
    fields += Field("投标文件递交地点", p.venue, "_notice_content_noticeBidTime-bidFileSubmitAddress");
  }
  if (n.kind == NoticeKind::kResult) fields += Winners(p, n);
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"UTF-8\">\n<title>" + title +
         "</title>\n</head>\n<body>\n<div class=\"info-article\">\n<h1 class=\"info-title\">" + title +
         "</h1>\n<div class=\"info-source\">\n" + Span("f_noticeTime", "发布时间：" + NoticeTime(n)) + "\n" +
         Span("f_budget", "预算金额：" + PlainYuan(p.BudgetFen())) + "\n" +
         Span("f_catalogueNameList", "采购品目：" + HtmlEscape(p.catalogue)) +
         "\n</div>\n<div class=\"noticeInfo\">\n" + fields + "</div>\n<div id=\"content\">\n" + NoticeContent(p, n) +
         "</div>\n</div>\n</body>\n</html>\n";
}

}  // namespace

ProcurementFreecmsSite::ProcurementFreecmsSite(const World& world, CivilDate as_of)
    : world_(world), as_of_(as_of), visible_(world.Visible(Generation::kFreecms, as_of)) {}

std::string ProcurementFreecmsSite::PageUrl(NoticeRef ref) const {
  const Notice notice = world_.NoticeOf(ref);
  return std::string(kFreecmsDetailPrefix) + std::to_string(notice.published.year) + "/" +
         world_.NoticeId(Generation::kFreecms, ref) + ".html?noticeType=" + NoticeTypeCode(notice.kind);
}

std::optional<HttpReply> ProcurementFreecmsSite::Handle(const HttpRequest& request) const {
  const std::string_view target = request.target;
  const size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const bool list = path == kFreecmsListPath;
  const bool captcha = path == kFreecmsCaptchaPath;
  const bool detail = path.starts_with(kFreecmsDetailPrefix);
  if (!list && !captcha && !detail) return std::nullopt;
  if (request.method != "GET" && request.method != "HEAD") return NginxError(405, "Not Allowed");
  if (list) return List(ParseForm(question == std::string_view::npos ? "" : target.substr(question + 1)));
  if (captcha) {
    HttpReply reply(200, "image/gif", std::string(std::begin(kCaptchaGif), std::end(kCaptchaGif)));
    reply.headers.emplace_back("Cache-Control", "no-cache");
    return reply;
  }
  return Detail(path.substr(std::string_view(kFreecmsDetailPrefix).size()));
}

HttpReply ProcurementFreecmsSite::List(const FormParams& query) const {
  if (ParamOf(query, "siteId") != kProcurementSiteId || ParamOf(query, "channel") != kProcurementChannel) {
    return ParameterError();
  }
  const std::optional<long> page = IntegerParam(query, "currPage", 1);
  std::optional<long> page_size = IntegerParam(query, "pageSize", kDefaultPageSize);
  const std::optional<CivilDate> from = DayParam(query, "operationStartTime", CivilDate{1970, 1, 1});
  const std::optional<CivilDate> to = DayParam(query, "operationEndTime", as_of_);
  if (!page || !page_size || !from || !to) return ParameterError();
  if (*page_size < 1) page_size = kDefaultPageSize;
  page_size = std::min<long>(*page_size, kMaxPageSize);
  const long first = (std::max(*page, 1L) - 1) * *page_size;

  const std::string region = ParamOf(query, "regionCode");
  const std::string types = ParamOf(query, "noticeType");
  const std::string code = ParamOf(query, "openTenderCode");
  const std::string title = ParamOf(query, "title");
  const std::string purchaser = ParamOf(query, "purchaser");
  const std::string agency = ParamOf(query, "agency");
  const std::string manner = ParamOf(query, "purchaseManner");
  // Filters on the index alone cost nothing; the others rebuild each candidate's project.
  const bool reads_projects = !title.empty() || !purchaser.empty() || !agency.empty() || !manner.empty();
  std::vector<SubjectId> with_code;
  if (!code.empty()) with_code = world_.FindProjects(code);

  long total = 0;
  Json rows = Json::array();
  for (size_t i = 0; i < visible_.size(); ++i) {
    const IndexedNotice& entry = visible_[i];
    const std::string_view region_code = entry.region < Regions().size() ? Regions()[entry.region].code : "";
    const CivilDate day = entry.published();
    if (!RegionFilterMatches(region, region_code) || !TypeMatches(types, NoticeTypeCode(entry.kind)) || day < *from ||
        day > *to) {
      continue;
    }
    if (!code.empty() && (entry.kind == NoticeKind::kIntention ||
                          std::find(with_code.begin(), with_code.end(), entry.subject) == with_code.end())) {
      continue;
    }
    std::optional<Project> shown;
    if (reads_projects) {
      const Project project = world_.ProjectAt(entry.subject);
      shown = AsShown(project, project.notices[entry.slot], as_of_);
      if (!Contains(NoticeTitle(*shown, project.notices[entry.slot]), title) ||
          !Contains(shown->buyer.name, purchaser) || !Contains(shown->agency.name, agency) ||
          (!manner.empty() && manner != PurchaseMannerCode(shown->method))) {
        continue;
      }
    }
    if (total >= first && total < first + *page_size) {
      const Project project = world_.ProjectAt(entry.subject);
      const Notice& notice = project.notices[entry.slot];
      if (!shown) shown = AsShown(project, notice, as_of_);
      const Project& p = *shown;
      Json row;
      row["id"] = world_.NoticeId(Generation::kFreecms, entry.ref());
      row["title"] = ListTitle(p, notice);
      row["pageurl"] = PageUrl(entry.ref());
      row["noticeTime"] = NoticeTime(notice);
      row["openTenderCode"] = ListedCode(p, notice);
      row["purchaser"] = p.buyer.name;
      row["agency"] = p.agency.name;
      row["budget"] = BudgetField(p.BudgetFen());
      row["noticeType"] = NoticeTypeCode(notice.kind);
      row["noticeTypeName"] = NoticeTypeName(notice.kind);
      row["regionCode"] = p.region_code;
      row["regionName"] = p.region_name;
      row["catalogueNameList"] = p.catalogue;
      row["purchaseManner"] = PurchaseMannerCode(p.method);
      row["purchaseMannerName"] = PurchaseMannerName(p.method);
      row["content"] = NoticeContent(p, notice);
      rows.push_back(std::move(row));
    }
    ++total;
  }
  Json body;
  body["code"] = "200";
  body["msg"] = "操作成功";
  body["total"] = total;
  body["currPage"] = std::max(*page, 1L);
  body["pageSize"] = *page_size;
  body["data"] = std::move(rows);
  return JsonReply(body);
}

HttpReply ProcurementFreecmsSite::Detail(std::string_view rest) const {
  // rest: "<YYYY>/<id>.html"
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos || !rest.ends_with(".html")) return NginxError(404, "Not Found");
  const std::string_view year = rest.substr(0, slash);
  const std::string_view id = rest.substr(slash + 1, rest.size() - slash - 1 - 5);
  const std::optional<NoticeRef> ref = world_.FindNotice(Generation::kFreecms, id);
  if (!ref) return NginxError(404, "Not Found");
  const Project stored = world_.ProjectAt(ref->subject);
  const Notice& notice = stored.notices[ref->slot];
  if (!IsVisible(notice, as_of_) || year != std::to_string(notice.published.year)) return NginxError(404, "Not Found");
  return HttpReply(200, kHtmlType, DetailPage(AsShown(stored, notice, as_of_), notice));
}

}  // namespace gapwatch::sim
