#include "sim/trading_legacy_site.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/form.h"
#include "sim/gbk.h"
#include "sim/html_escape.h"
#include "sim/trading_legacy_templates.h"
#include "sim/world_formats.h"
#include "sim/world_ids.h"
#include "sim/world_roles.h"
#include "sim/world_vocabulary.h"

namespace gapwatch::sim {
namespace {

// The charset declarations a page may carry (see the header's top comment).
enum class LegacyCharset { kHeaderGbk, kMetaHttpEquivGbk, kMetaCharsetGb2312, kUndeclared };

constexpr char kAnnounceType[] = "businessAnnounce.announcetype";
constexpr char kNoticeIdParam[] = "businessAnnounce.id";
constexpr char kCentre[] = "韶关市公共资源交易中心";
// Notices published before this day put their body in div.xx-text, later ones
// in table.xx-main or div.xx-main (SITES.md §2.1: "xx-main (2019)"; the day is our choice).
constexpr CivilDate kXxMainFrom{2019, 9, 1};
// Titles longer than this (in characters) are cut in list rows, the whole title
// staying in the link's title attribute.
constexpr size_t kListTitleChars = 36;

bool IsUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    }
    i += length;
  }
  return true;
}

// A browser on the real site sends its form in the page's charset (GBK);
// scripts send UTF-8. Text that is not UTF-8 is read as GBK.
std::string SearchText(const std::string& raw) {
  if (IsUtf8(raw)) return raw;
  try {
    return GbkToUtf8(raw);
  } catch (const std::invalid_argument&) {
    return std::string();
  }
}

// A positive integer parameter; anything else (absent, empty, not a number, < 1) gives `fallback`.
long PositiveParam(const FormParams& params, std::string_view name, long fallback) {
  const std::optional<long> value = IntegerParam(params, name, fallback);
  return value && *value >= 1 ? *value : fallback;
}

// Request text echoed in a page, escaped; dropped when GBK cannot carry it (an
// emoji, bytes that are no UTF-8), which would otherwise make the page unencodable.
std::string Echo(const std::string& text) {
  try {
    Utf8ToGbk(text);
    return HtmlEscape(text);
  } catch (const std::invalid_argument&) {
    return std::string();
  }
}

// The first `count` characters of UTF-8 text.
std::string_view FirstChars(std::string_view text, size_t count) {
  size_t i = 0;
  for (size_t seen = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && seen++ == count) break;
  }
  return text.substr(0, i);
}

uint64_t Fnv1a(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

LegacyCharset CharsetFor(std::string_view page_key) { return static_cast<LegacyCharset>(Fnv1a(page_key) % 4); }

std::string HeadMeta(LegacyCharset charset) {
  switch (charset) {
    case LegacyCharset::kMetaHttpEquivGbk:
      return "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\" />\n";
    case LegacyCharset::kMetaCharsetGb2312:
      return "<meta charset=\"gb2312\">\n";
    default:
      return "";
  }
}

// The page's UTF-8 HTML, as the GBK bytes the site sends, under the page's declaration.
HttpReply GbkPage(LegacyCharset charset, const std::string& title, const std::string& body_html) {
  const std::string html =
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
      "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
      "<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n" +
      HeadMeta(charset) + "<title>" + HtmlEscape(title) +
      "</title>\n<link href=\"/css/style.css\" rel=\"stylesheet\" type=\"text/css\" />\n</head>\n<body>\n" + body_html +
      "</body>\n</html>\n";
  return {200, charset == LegacyCharset::kHeaderGbk ? "text/html; charset=GBK" : "text/html", Utf8ToGbk(html)};
}

std::string SiteTop() {
  return std::string("<div class=\"top\"><div class=\"logo\">") + kCentre +
         "</div></div>\n<div class=\"nav\"><a href=\"/\">首页</a> | <a href=\"" + kLegacyChildrenPath + "?" +
         kAnnounceType + "=12\">建设工程交易</a> | <a href=\"" + kLegacyChildrenPath + "?" + kAnnounceType +
         "=00\">政府采购</a> | <a href=\"" + kLegacyChildrenPath + "?" + kAnnounceType +
         "=20\">国土资源交易</a> | <a href=\"" + kLegacyChildrenPath + "?" + kAnnounceType +
         "=30\">产权交易</a></div>\n";
}

std::string SiteFooter() {
  return std::string("<div class=\"footer\">主办单位：") + kCentre +
         "&nbsp;&nbsp;地址：韶关市武江区芙蓉新城芙蓉路3号</div>\n";
}

// The column of a notice: from its subject's role alone, without rebuilding the subject.
const char* ColumnOf(const World& world, const IndexedNotice& entry) {
  return AnnounceTypeOf(world.DomainOf(entry.subject), entry.kind);
}

std::string ListRow(const World& world, const IndexedNotice& entry, const Project& project, const Notice& notice,
                    bool alternate) {
  const std::string title = LegacyTitle(project, notice);
  std::string shown = title;
  if (FirstChars(title, kListTitleChars).size() < title.size()) {
    shown = std::string(FirstChars(title, kListTitleChars - 2)) + "...";
  }
  const std::string type = AnnounceTypeOf(project.domain, notice.kind);
  const std::string region = entry.region < Regions().size() ? Regions()[entry.region].name : "韶关市";
  return std::string("<tr class=\"") + (alternate ? "listAlternatingRow" : "listRow") +
         "\">\n<td class=\"tdRight\"><a title=\"" + HtmlEscape(title) + "\" href=\"" + kLegacyDetailPath + "?" +
         kNoticeIdParam + "=" + world.NoticeId(Generation::kSgjyzx, entry.ref()) + "\" target=\"_blank\">" +
         HtmlEscape(shown) + "</a>&nbsp;<span style=\"color:blue;\">" + HtmlEscape(region) + "|" + TradeCategory(type) +
         "</span></td>\n<td align=\"center\">" + ColumnName(type) + "</td>\n<td class=\"tdRight\" align=\"center\">" +
         notice.published.Iso() + "</td>\n</tr>\n";
}

std::string Pager(long page, long pages, long total, const std::string& children_base) {
  // The iframe list pages by posting its form; the whole-page variant by links.
  auto link = [&](long to, const char* word) {
    const std::string href = children_base.empty() ? "javascript:toPage(" + std::to_string(to) + ");"
                                                   : children_base + "&amp;page=" + std::to_string(to);
    return "<li><a href=\"" + href + "\">" + word + "</a></li>\n";
  };
  std::string html = "<div class=\"pagination page-mar\">\n<ul style=\"text-align: center;\">\n";
  html += link(1, "首页");
  if (page > 1) html += link(std::min(page - 1, pages), "上一页");
  if (page < pages) html += link(page + 1, "下一页");
  html += link(pages, "尾页");
  html += "<li><span>共" + std::to_string(total) + "条记录</span></li>\n";
  html += "<li><span>第" + std::to_string(page) + "页/共" + std::to_string(pages) + "页</span></li>\n";
  return html + "</ul>\n</div>\n";
}

HttpReply NotFoundPage(const std::string& id) {
  return GbkPage(
      CharsetFor("detail/" + id), "提示信息",
      SiteTop() + "<div class=\"xx-box\">\n<div class=\"error\">该信息不存在！</div>\n</div>\n" + SiteFooter());
}

HttpReply MethodNotAllowed() {
  return {405, "text/html;charset=utf-8",
          "<html><head><title>Apache Tomcat - Error report</title></head><body><h1>HTTP Status 405 - "
          "Request method not supported</h1></body></html>"};
}

}  // namespace

TradingLegacySite::TradingLegacySite(const World& world, CivilDate as_of)
    : world_(world), as_of_(as_of), visible_(world.Visible(Generation::kSgjyzx, as_of)) {}

std::optional<HttpReply> TradingLegacySite::Handle(const HttpRequest& request) const {
  const size_t question = request.target.find('?');
  std::string path = FormDecode(std::string_view(request.target).substr(0, question), /*plus_is_space=*/false);
  path = path.substr(0, path.find(';'));  // ;jsessionid=…
  const bool list = path == kLegacyListPath;
  const bool children = path == kLegacyChildrenPath;
  if (!list && !children && path != kLegacyDetailPath) return std::nullopt;
  if (request.method != "GET" && request.method != "HEAD" && request.method != "POST") return MethodNotAllowed();
  // The query string first, as the servlet container orders them: its values win over the body's.
  FormParams params;
  if (question != std::string::npos) AddFormParams(std::string_view(request.target).substr(question + 1), params);
  if (request.method == "POST") AddFormParams(request.body, params);
  if (list || children) return List(params, children);
  return Detail(params);
}

HttpReply TradingLegacySite::List(const FormParams& params, bool whole_page) const {
  const std::string type = ParamOf(params, kAnnounceType);
  const long page_size = std::min<long>(PositiveParam(params, "pageSize", kLegacyDefaultPageSize), kLegacyMaxPageSize);
  const long page = PositiveParam(params, "page", 1);
  const bool oldest_first = ParamOf(params, "sortOrder") == "ASC";
  const std::string search = SearchText(ParamOf(params, "searchvalue"));

  // Positions in visible_ of the column's notices, newest first. Only a search
  // rebuilds projects beyond those of the page shown.
  std::vector<size_t> matching;
  if (ColumnName(type) != nullptr) {
    for (size_t i = 0; i < visible_.size(); ++i) {
      if (ColumnOf(world_, visible_[i]) != type) continue;
      if (!search.empty()) {
        const Project project = world_.ProjectAt(visible_[i].subject);
        const Project shown = AsShown(project, project.notices[visible_[i].slot], as_of_);
        if (LegacyTitle(shown, shown.notices[visible_[i].slot]).find(search) == std::string::npos) continue;
      }
      matching.push_back(i);
    }
  }
  if (oldest_first) std::reverse(matching.begin(), matching.end());
  const long total = static_cast<long>(matching.size());
  const long pages = std::max(1L, (total + page_size - 1) / page_size);

  std::string rows;
  const long first = page <= pages ? (page - 1) * page_size : total;  // no overflow for absurd pages
  for (long k = first; k < std::min(total, first + page_size); ++k) {
    const IndexedNotice& entry = visible_[matching[static_cast<size_t>(k)]];
    const Project project = world_.ProjectAt(entry.subject);
    const Notice& notice = project.notices[entry.slot];
    rows += ListRow(world_, entry, AsShown(project, notice, as_of_), notice, (k - first) % 2 == 1);
  }
  const std::string action =
      std::string(whole_page ? kLegacyChildrenPath : kLegacyListPath) + "?" + kAnnounceType + "=" + Echo(type);
  std::string html =
      "<table id=\"dataList\" class=\"dataList\" width=\"100%\" border=\"0\" cellspacing=\"0\" cellpadding=\"0\">\n"
      "<tr class=\"listHead\"><td>标题</td><td align=\"center\">栏目</td><td align=\"center\">发布时间</td></tr>\n" +
      rows + "</table>\n" + Pager(page, pages, total, whole_page ? action : std::string());
  const std::string column = ColumnName(type) ? std::string(TradeCategory(type)) + " &gt; " + ColumnName(type) : "";
  if (whole_page) {
    html = SiteTop() + "<div class=\"position\">当前位置：首页 &gt; " + column + "</div>\n<div class=\"listPanel\">\n" +
           html + "</div>\n" + SiteFooter();
  } else {
    html = "<form id=\"announceForm\" name=\"announceForm\" method=\"post\" action=\"" + action +
           "\">\n<input type=\"hidden\" name=\"searchvalue\" value=\"" + Echo(search) +
           "\" />\n<input type=\"hidden\" name=\"businessAnnounce.dpId\" value=\"" +
           Echo(ParamOf(params, "businessAnnounce.dpId")) +
           "\" />\n<input type=\"hidden\" name=\"page\" id=\"page\" value=\"" + std::to_string(page) +
           "\" />\n<input type=\"hidden\" name=\"pageSize\" value=\"" + std::to_string(page_size) +
           "\" />\n<input type=\"hidden\" name=\"sortField\" value=\"RELEASETIME\" />\n"
           "<input type=\"hidden\" name=\"sortOrder\" value=\"" +
           (oldest_first ? "ASC" : "DESC") + "\" />\n</form>\n" + html +
           "<script type=\"text/javascript\">function toPage(n){document.getElementById('page').value=n;"
           "document.getElementById('announceForm').submit();}</script>\n";
  }
  const std::string key = std::string(whole_page ? "children/" : "list/") + type + "/" + std::to_string(page);
  return GbkPage(CharsetFor(key), kCentre, html);
}

HttpReply TradingLegacySite::Detail(const FormParams& params) const {
  const std::string id = ParamOf(params, kNoticeIdParam);
  const std::optional<NoticeRef> ref = world_.FindNotice(Generation::kSgjyzx, id);
  // Only projects have notices on this generation; the type check keeps ProjectAt from throwing should that change.
  if (!ref || world_.TypeOf(ref->subject) != SubjectType::kProject) return NotFoundPage(id);
  const Project stored = world_.ProjectAt(ref->subject);
  const Notice& notice = stored.notices[ref->slot];
  if (!IsVisible(notice, as_of_)) return NotFoundPage(id);
  const Project project = AsShown(stored, notice, as_of_);
  const std::string title = LegacyTitle(project, notice);
  const std::string type = AnnounceTypeOf(project.domain, notice.kind);
  const std::string body = LegacyBody(project, notice);
  std::string container;
  if (notice.published < kXxMainFrom) {
    container = "<div class=\"xx-text\">\n" + body + "</div>\n";
  } else if (Fnv1a(id) >> 32 & 1) {
    container = "<div class=\"xx-main\">\n" + body + "</div>\n";
  } else {
    container = "<table class=\"xx-main\" width=\"100%\" border=\"0\">\n<tr><td>\n" + body + "</td></tr>\n</table>\n";
  }
  const std::string html = SiteTop() + "<div class=\"position\">当前位置：首页 &gt; " + TradeCategory(type) + " &gt; " +
                           ColumnName(type) + "</div>\n<div class=\"xx-box\">\n<h2>" + HtmlEscape(title) +
                           "</h2>\n<div class=\"publictime\">发布时间：" + NoticeTime(notice) +
                           "&nbsp;&nbsp;&nbsp;&nbsp;信息来源：" + kCentre + "</div>\n" + container + "</div>\n" +
                           SiteFooter();
  return GbkPage(CharsetFor("detail/" + id), title, html);
}

}  // namespace gapwatch::sim
