#include "sim/portal_site.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "sim/html_escape.h"
#include "sim/portal_templates.h"
#include "sim/world_formats.h"
#include "sim/world_roles.h"
#include "sim/world_vocabulary.h"

namespace gapwatch::sim {
namespace {

constexpr char kSiteName[] = "韶关市人民政府门户网站";
constexpr char kRepostSource[] = "韶关市公共资源交易中心";
constexpr Domain kColumnDomains[] = {Domain::kConstruction, Domain::kProcurement, Domain::kLand,
                                     Domain::kStateProperty};

const char* SubColumnName(Domain domain) {
  switch (domain) {
    case Domain::kConstruction:
      return "工程建设";
    case Domain::kProcurement:
      return "政府采购";
    case Domain::kLand:
      return "土地出让";
    default:
      return "国有产权";
  }
}

std::optional<Domain> DomainOfSubColumn(std::string_view sub) {
  for (Domain domain : kColumnDomains) {
    if (sub == PortalSubColumn(domain)) return domain;
  }
  return std::nullopt;
}

// A positive decimal without sign or leading zero; nullopt otherwise.
std::optional<int> PageNumber(std::string_view text) {
  int value = 0;
  if (text.empty() || text[0] == '0') return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "index.html" → 0, "index_N.html" → N, anything else → nullopt.
std::optional<int> IndexFile(std::string_view file) {
  if (file == "index.html") return 0;
  if (!file.starts_with("index_") || !file.ends_with(".html")) return std::nullopt;
  return PageNumber(file.substr(6, file.size() - 11));
}

std::string Head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + HtmlEscape(title) +
         "</title>\n</head>\n<body>\n";
}

constexpr char kFoot[] = "<div class=\"footer\">主办：韶关市人民政府办公室</div>\n</body>\n</html>\n";

// Calls visit(entry) for each notice of `generation` standing on `as_of`,
// newest first. It walks the world's index itself, in one pass, rather than
// a NoticeList position by position.
template <typename Visit>
void ForEachStanding(const World& world, Generation generation, CivilDate as_of, Visit visit) {
  const std::vector<IndexedNotice>& index = world.Index(generation);
  const uint32_t last = TimeKey(as_of, 86399);
  auto entry =
      std::partition_point(index.begin(), index.end(), [last](const IndexedNotice& e) { return e.time > last; });
  for (; entry != index.end(); ++entry) {
    if (entry->has_removal && !IsVisible(world.NoticeOf(entry->ref()), as_of)) continue;
    visit(*entry);
  }
}

std::string ColumnIndexUrl(Domain domain, int page) {
  return std::string(kPortalColumnRoot) + PortalSubColumn(domain) + "/" +
         (page <= 1 ? std::string("index.html") : "index_" + std::to_string(page) + ".html");
}

std::string ColumnDetailUrl(Domain domain, const std::string& id) {
  return std::string(kPortalColumnRoot) + PortalSubColumn(domain) + "/content/post_" + id + ".html";
}

// ./201910/t20191011_394067.html, relative to the column.
std::string TrsDetailPath(CivilDate date, const std::string& id) {
  char path[64];
  std::snprintf(path, sizeof path, "%04d%02d/t%04d%02d%02d_%s.html", date.year, date.month, date.year, date.month,
                date.day, id.c_str());
  return path;
}

// The trading platform's page of the same notice, which the re-post links to
// ("原文链接"), when it stands there: the platform's short detail URL (§2.2).
std::string OriginalLink(const World& world, const Project& project, const Notice& notice) {
  for (size_t slot = 0; slot < project.notices.size(); ++slot) {
    const Notice& other = project.notices[slot];
    if (other.generation != Generation::kYgp || other.kind != notice.kind) continue;
    const std::string url = "https://ygp.gdzwfw.gov.cn/ggzy-portal/#/440200/jygg/detail?noticeId=" +
                            world.NoticeId(Generation::kYgp, {project.id, static_cast<uint8_t>(slot)});
    return "<p>原文链接：<a href=\"" + HtmlEscape(url) + "\" target=\"_blank\">" + HtmlEscape(url) + "</a></p>\n";
  }
  return "";
}

}  // namespace

const char* PortalSubColumn(Domain domain) {
  switch (domain) {
    case Domain::kConstruction:
      return "gcjs";
    case Domain::kProcurement:
      return "zfcg";
    case Domain::kLand:
      return "tdcr";
    default:
      return "gycq";
  }
}

PortalSite::PortalSite(const World& world, CivilDate as_of) : world_(world), as_of_(as_of) {}

std::optional<HttpReply> PortalSite::Handle(const HttpRequest& request) const {
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, target.find('?'));
  std::optional<HttpReply> reply;
  if (path == "/" || path == "/index.html") {
    reply = Home();
  } else if (path.starts_with(kPortalColumnRoot)) {
    reply = Column(path.substr(std::string_view(kPortalColumnRoot).size()));
  } else if (path.starts_with(kPortalTrsRoot)) {
    reply = Trs(path.substr(std::string_view(kPortalTrsRoot).size()));
  }
  if (reply && request.method != "GET" && request.method != "HEAD") return PortalError(405);
  return reply;
}

HttpReply PortalSite::Home() const {
  std::string html = Head(kSiteName) + "<div class=\"nav\">\n<ul>\n";
  html += "<li><a href=\"" + std::string(kPortalColumnRoot) + "index.html\">公共资源配置</a></li>\n";
  for (Domain domain : kColumnDomains) {
    html += "<li><a href=\"" + ColumnIndexUrl(domain, 1) + "\">" + SubColumnName(domain) + "</a></li>\n";
  }
  html += "<li><a href=\"" + std::string(kPortalTrsRoot) + "index.html\">工程招投标 招标公告</a></li>\n";
  html += "</ul>\n</div>\n<div class=\"gkml\">\n<ul>\n";
  for (const DepartmentProfile& department : SeedDepartments()) {
    html += "<li><a href=\"/" + std::string(department.slug) + "/gkmlpt/index\">" + department.name + "</a></li>\n";
  }
  return PortalHtml(html + "</ul>\n</div>\n" + kFoot);
}

HttpReply PortalSite::ColumnEntry() const {
  std::string html = Head(std::string("公共资源配置 - ") + kSiteName) + "<div class=\"pageList\">\n<ul>\n";
  for (Domain domain : kColumnDomains) {
    html += "<li><a href=\"" + ColumnIndexUrl(domain, 1) + "\" title=\"" + SubColumnName(domain) + "\">" +
            SubColumnName(domain) + "</a></li>\n";
  }
  return PortalHtml(html + "</ul>\n</div>\n" + kFoot);
}

std::optional<HttpReply> PortalSite::Column(std::string_view rest) const {
  if (rest == "index.html" || rest.empty()) return ColumnEntry();
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view sub = rest.substr(0, slash);
  const std::string_view file = rest.substr(slash + 1);
  if (!DomainOfSubColumn(sub)) return std::nullopt;
  if (file.starts_with("content/post_") && file.ends_with(".html")) {
    const std::string_view id = file.substr(13, file.size() - 18);
    return ColumnDetail(sub, id);
  }
  if (file.empty()) return ColumnList(sub, 1);
  const std::optional<int> page = IndexFile(file);
  if (!page) return PortalError(404);
  if (*page == 1) return PortalError(404);  // NFCMS numbers the second page index_2.html
  return ColumnList(sub, *page == 0 ? 1 : *page);
}

std::optional<HttpReply> PortalSite::ColumnList(std::string_view sub, int page) const {
  const Domain domain = *DomainOfSubColumn(sub);
  // The rows of this page; the count of all rows for the pager.
  const size_t first = static_cast<size_t>(page - 1) * kPortalColumnPageSize;
  size_t total = 0;
  std::string rows;
  ForEachStanding(world_, Generation::kPortalColumn, as_of_, [&](const IndexedNotice& entry) {
    if (world_.DomainOf(entry.subject) != domain) return;
    if (total >= first && total < first + kPortalColumnPageSize) {
      const Project stored = world_.ProjectAt(entry.subject);
      const Notice& notice = stored.notices[entry.slot];
      const std::string title = HtmlEscape(RepostTitle(AsShown(stored, notice, as_of_), notice));
      rows += "<li><a href=\"" + ColumnDetailUrl(domain, world_.NoticeId(Generation::kPortalColumn, entry.ref())) +
              "\" title=\"" + title + "\" target=\"_blank\">" + title + "</a><span>" + notice.published.Iso() +
              "</span></li>\n";
    }
    ++total;
  });
  const int pages = std::max<int>(1, static_cast<int>((total + kPortalColumnPageSize - 1) / kPortalColumnPageSize));
  if (page > pages) return PortalError(404);

  std::string html = Head(std::string(SubColumnName(domain)) + " - 公共资源配置 - " + kSiteName);
  html += "<div class=\"location\">当前位置：<a href=\"/\">首页</a> &gt; 重点领域信息公开 &gt; <a href=\"" +
          std::string(kPortalColumnRoot) + "index.html\">公共资源配置</a> &gt; " + SubColumnName(domain) + "</div>\n";
  html += "<div class=\"pageList\">\n<ul>\n" + rows + "</ul>\n</div>\n";
  html += "<div class=\"page\"><span>共" + std::to_string(pages) + "页</span>";
  html += "<a href=\"" + ColumnIndexUrl(domain, 1) + "\">首页</a>";
  if (page > 1) html += "<a href=\"" + ColumnIndexUrl(domain, page - 1) + "\">上一页</a>";
  html += "<span class=\"current\">" + std::to_string(page) + "</span>";
  if (page < pages) html += "<a href=\"" + ColumnIndexUrl(domain, page + 1) + "\">下一页</a>";
  html += "<a href=\"" + ColumnIndexUrl(domain, pages) + "\">尾页</a></div>\n";
  return PortalHtml(html + kFoot);
}

HttpReply PortalSite::ColumnDetail(std::string_view sub, std::string_view id) const {
  if (id.size() != 7) return PortalError(404);
  const std::optional<NoticeRef> ref = world_.FindNotice(Generation::kPortalColumn, id);
  if (!ref) return PortalError(404);
  const Project stored = world_.ProjectAt(ref->subject);
  const Notice& notice = stored.notices[ref->slot];
  if (!IsVisible(notice, as_of_) || PortalSubColumn(stored.domain) != sub) return PortalError(404);
  const Project project = AsShown(stored, notice, as_of_);
  const std::string title = HtmlEscape(RepostTitle(project, notice));
  std::string html = Head(title + " - " + kSiteName);
  html += "<div class=\"article\">\n<h1 class=\"title\">" + title + "</h1>\n";
  html += "<div class=\"info\"><span class=\"time\">发布时间：" + NoticeTime(notice) +
          "</span><span class=\"source\">来源：" + kRepostSource + "</span></div>\n";
  html += "<div class=\"article-content\">\n" + RepostBody(project, notice) + OriginalLink(world_, stored, notice) +
          "</div>\n</div>\n";
  return PortalHtml(html + kFoot);
}

std::optional<HttpReply> PortalSite::Trs(std::string_view rest) const {
  if (rest.empty()) return TrsList(0);
  if (const std::optional<int> page = IndexFile(rest)) return TrsList(*page);
  // YYYYMM/tYYYYMMDD_NNNNNN.html
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view file = rest.substr(slash + 1);
  if (slash != 6 || file.size() != 21 || file[0] != 't' || file[9] != '_' || !file.ends_with(".html")) {
    return PortalError(404);
  }
  return TrsDetail(rest.substr(0, 6), file.substr(1, 8), file.substr(10, 6));
}

HttpReply PortalSite::TrsList(int page) const {
  const NoticeList list = world_.Visible(Generation::kPortalTrs, as_of_);
  const int pages = std::max<int>(1, static_cast<int>((list.size() + kPortalTrsPageSize - 1) / kPortalTrsPageSize));
  if (page >= pages) return PortalError(404);
  std::string rows;
  const size_t first = static_cast<size_t>(page) * kPortalTrsPageSize;
  for (size_t i = first; i < std::min(list.size(), first + kPortalTrsPageSize); ++i) {
    const IndexedNotice& entry = list[i];
    const Project stored = world_.ProjectAt(entry.subject);
    const Notice& notice = stored.notices[entry.slot];
    const std::string title = HtmlEscape(RepostTitle(AsShown(stored, notice, as_of_), notice));
    rows += "<li><a target=\"_blank\" title=\"" + title + "\" href=\"./" +
            TrsDetailPath(notice.published, world_.NoticeId(Generation::kPortalTrs, entry.ref())) + "\">" + title +
            "</a><span>" + notice.published.Iso() + "</span></li>\n";
  }
  std::string html = Head(std::string("招标公告 - ") + kSiteName);
  html += "<div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; 政务 &gt; 工程招投标 &gt; 招标公告</div>\n";
  html += "<ul class=\"comlist-wgk \">\n" + rows + "</ul>\n";
  // TRS's pager script: page count, current page (0-based), file name and extension.
  html += "<div class=\"page\"><script type=\"text/javascript\">createPageHTML('page_div', " + std::to_string(pages) +
          ", " + std::to_string(page) + ", 'index', 'html');</script></div>\n";
  return PortalHtml(html + kFoot);
}

HttpReply PortalSite::TrsDetail(std::string_view month, std::string_view day, std::string_view id) const {
  const std::optional<NoticeRef> ref = world_.FindNotice(Generation::kPortalTrs, id);
  if (!ref) return PortalError(404);
  const Project stored = world_.ProjectAt(ref->subject);
  const Notice& notice = stored.notices[ref->slot];
  const std::string expected = TrsDetailPath(notice.published, std::string(id));
  if (!IsVisible(notice, as_of_) || expected.substr(0, 6) != month || expected.substr(8, 8) != day) {
    return PortalError(404);
  }
  const Project project = AsShown(stored, notice, as_of_);
  const std::string title = HtmlEscape(RepostTitle(project, notice));
  std::string html = Head(title);
  html += "<div class=\"xl-cont\">\n<h4>" + title + "</h4>\n";
  html += "<div class=\"xl-cont-xx\"><span>发布时间：" + NoticeTime(notice) + "</span><span>来源：" + kRepostSource +
          "</span></div>\n";
  html += "<div class=\"TRS_PreAppend\">\n" + RepostBody(project, notice) + "</div>\n</div>\n";
  return PortalHtml(html + kFoot);
}

}  // namespace gapwatch::sim
