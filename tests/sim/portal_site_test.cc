// The simulated city portal www.sg.gov.cn over real HTTP: the NFCMS
// 公共资源配置 column, the legacy TRS column and the departments' gkmlpt
// (SITES.md §1.1–§1.4) — their URL shapes, DOM anchors, JSON fields, paging
// and its end, as-of visibility (publication, removal), determinism, and the
// world's facts on the pages.
#include "sim/portal_site.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "sim/gkmlpt.h"
#include "sim/html_escape.h"
#include "sim/http_server.h"
#include "sim/portal_templates.h"
#include "sim/world_formats.h"
#include "sim/world_roles.h"
#include "tests/sim/raw_http_client.h"

namespace gapwatch::sim {
namespace {

using nlohmann::json;
using testing::HttpGet;
using testing::RawResponse;

CivilDate D(const char* text) { return *CivilDate::Parse(text); }

const World& TestWorld() {
  static const World world = BuildWorld(7, 6, WorkCalendar::Embedded());
  return world;
}

// The portal's two handlers composed on one port, as the simulator does; 404 for the rest.
class Portal {
 public:
  explicit Portal(CivilDate as_of)
      : portal_(TestWorld(), as_of),
        gkmlpt_(TestWorld(), as_of),
        server_("127.0.0.1", 0, [this](const HttpRequest& request) {
          if (auto reply = portal_.Handle(request)) return *reply;
          if (auto reply = gkmlpt_.Handle(request)) return *reply;
          return HttpReply(404, "text/html", "not found");
        }) {
    server_.Start();
  }
  RawResponse Get(const std::string& target) const { return HttpGet(server_.port(), target); }
  int port() const { return server_.port(); }

 private:
  PortalSite portal_;
  GkmlptSite gkmlpt_;
  HttpServer server_;
};

Domain DomainOf(SubjectId id) { return TestWorld().DomainOf(id); }

std::string ColumnPage(Domain domain, int page) {
  return std::string(kPortalColumnRoot) + PortalSubColumn(domain) + "/" +
         (page == 1 ? std::string("index.html") : "index_" + std::to_string(page) + ".html");
}

// The ids of a generation's notices standing on as_of (of one domain, for the column), newest first.
std::vector<std::string> StandingIds(Generation generation, CivilDate as_of, std::optional<Domain> domain) {
  std::vector<std::string> ids;
  for (const IndexedNotice& entry : TestWorld().Index(generation)) {
    if (domain && DomainOf(entry.subject) != *domain) continue;
    if (IsVisible(TestWorld().NoticeOf(entry.ref()), as_of))
      ids.push_back(TestWorld().NoticeId(generation, entry.ref()));
  }
  return ids;
}

void ExpectUtf8Html(const RawResponse& response) {
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.at("content-type"), "text/html;charset=UTF-8");
  EXPECT_NE(response.body.find("<meta charset=\"utf-8\">"), std::string::npos);
}

TEST(PortalSiteTest, ColumnPagesListEveryStandingRepostOnceNewestFirst) {
  const CivilDate as_of = D("2025-12-31");
  const Portal portal(as_of);
  const std::regex row(
      "<li><a href=\"/zw/zdlyxxgk/ggzypz/([a-z]+)/content/post_(\\d{7})\\.html\" title=\"([^\"]+)\" "
      "target=\"_blank\">([^<]+)</a><span>(\\d{4}-\\d{2}-\\d{2})</span></li>");
  int multi_page_columns = 0;
  for (Domain domain : {Domain::kConstruction, Domain::kProcurement, Domain::kLand, Domain::kStateProperty}) {
    SCOPED_TRACE(PortalSubColumn(domain));
    const std::vector<std::string> expected = StandingIds(Generation::kPortalColumn, as_of, domain);
    std::vector<std::string> seen;
    std::string previous = "9999-99-99";
    int page = 1;
    for (;; ++page) {
      const RawResponse response = portal.Get(ColumnPage(domain, page));
      if (page > 1 && response.status == 404) break;
      ExpectUtf8Html(response);
      ASSERT_NE(response.body.find("<div class=\"pageList\">\n<ul>"), std::string::npos);
      const int pages =
          std::max<int>(1, (static_cast<int>(expected.size()) + kPortalColumnPageSize - 1) / kPortalColumnPageSize);
      EXPECT_NE(response.body.find("共" + std::to_string(pages) + "页"), std::string::npos);
      int rows = 0;
      for (std::sregex_iterator it(response.body.begin(), response.body.end(), row), end; it != end; ++it, ++rows) {
        EXPECT_EQ((*it)[1], PortalSubColumn(domain));
        EXPECT_EQ((*it)[3], (*it)[4]) << "title attribute and text";
        EXPECT_LE((*it)[5].str(), previous);
        EXPECT_LE((*it)[5].str(), as_of.Iso());
        previous = (*it)[5];
        seen.push_back((*it)[2]);
      }
      EXPECT_LE(rows, kPortalColumnPageSize);
      ASSERT_LT(page, 1000);
    }
    EXPECT_EQ(seen, expected);
    EXPECT_EQ(page - 1, std::max<int>(1, (static_cast<int>(expected.size()) + 19) / 20)) << "404 after the last page";
    multi_page_columns += page - 1 > 1;
    EXPECT_EQ(portal.Get(std::string(kPortalColumnRoot) + PortalSubColumn(domain) + "/index_1.html").status, 404);
    if (domain == Domain::kProcurement) {
      EXPECT_TRUE(expected.empty()) << "the world re-posts no procurement";
    }
  }
  EXPECT_GT(multi_page_columns, 0);
  // The page after the first links its neighbours.
  const std::string second = portal.Get(ColumnPage(Domain::kConstruction, 2)).body;
  EXPECT_NE(second.find("href=\"/zw/zdlyxxgk/ggzypz/gcjs/index.html\">上一页</a>"), std::string::npos);
}

TEST(PortalSiteTest, ColumnDetailsStateTheWorldsFacts) {
  const CivilDate as_of = D("2025-12-31");
  const Portal portal(as_of);
  int results = 0, tenders = 0, links = 0;
  for (const IndexedNotice& entry : TestWorld().Index(Generation::kPortalColumn)) {
    const Project stored = TestWorld().ProjectAt(entry.subject);
    const Notice& notice = stored.notices[entry.slot];
    const std::string id = TestWorld().NoticeId(Generation::kPortalColumn, entry.ref());
    const std::string target =
        std::string(kPortalColumnRoot) + PortalSubColumn(stored.domain) + "/content/post_" + id + ".html";
    const RawResponse response = portal.Get(target);
    if (!IsVisible(notice, as_of)) {
      EXPECT_EQ(response.status, 404) << target;
      continue;
    }
    SCOPED_TRACE(target + " " + stored.role);
    ExpectUtf8Html(response);
    const Project p = AsShown(stored, notice, as_of);
    const std::string& body = response.body;
    EXPECT_NE(body.find("<h1 class=\"title\">" + HtmlEscape(RepostTitle(p, notice)) + "</h1>"), std::string::npos);
    EXPECT_NE(body.find("发布时间：" + NoticeTime(notice)), std::string::npos);
    EXPECT_NE(body.find("来源："), std::string::npos);
    EXPECT_NE(body.find("<div class=\"article-content\">"), std::string::npos);
    EXPECT_NE(body.find(p.code), std::string::npos);
    EXPECT_NE(body.find(p.buyer.name), std::string::npos);
    if (notice.kind == NoticeKind::kResult) {
      ++results;
      EXPECT_NE(body.find(p.supplier.name), std::string::npos);
      EXPECT_NE(body.find(YuanWithSeparators(p.lots.front().award_fen) + "元"), std::string::npos);
    } else {
      ++tenders;
      EXPECT_NE(body.find(YuanWithSeparators(p.lots.front().budget_fen) + "元"), std::string::npos);
    }
    bool on_trading = false;
    for (const Notice& other : p.notices)
      on_trading |= other.generation == Generation::kYgp && other.kind == notice.kind;
    EXPECT_EQ(body.find("原文链接：<a href=\"https://ygp.gdzwfw.gov.cn/") != std::string::npos, on_trading);
    links += on_trading;
    // Under another sub-column, or with a mangled id, it is not found.
    const char* other = stored.domain == Domain::kLand ? "gycq" : "tdcr";
    EXPECT_EQ(portal.Get(std::string(kPortalColumnRoot) + other + "/content/post_" + id + ".html").status, 404);
  }
  EXPECT_GT(results, 0);
  EXPECT_GT(tenders, 0);
  EXPECT_GT(links, 0);
  EXPECT_EQ(portal.Get(std::string(kPortalColumnRoot) + "gcjs/content/post_0000001.html").status, 404);
  // The column's entry page links every sub-column.
  const RawResponse entry = portal.Get(std::string(kPortalColumnRoot) + "index.html");
  ExpectUtf8Html(entry);
  for (const char* sub : {"gcjs", "zfcg", "tdcr", "gycq"}) {
    EXPECT_NE(entry.body.find(std::string(kPortalColumnRoot) + sub + "/index.html"), std::string::npos) << sub;
  }
}

// A re-post appears on its publication day, not before; a removed one goes
// from list and detail on its removal day.
TEST(PortalSiteTest, AsOfPublicationAndRemoval) {
  int removed = 0;
  for (const IndexedNotice& entry : TestWorld().Index(Generation::kPortalColumn)) {
    const Project p = TestWorld().ProjectAt(entry.subject);
    const Notice& n = p.notices[entry.slot];
    if (!n.removed) continue;
    ++removed;
    const std::string id = TestWorld().NoticeId(Generation::kPortalColumn, entry.ref());
    const std::string detail =
        std::string(kPortalColumnRoot) + PortalSubColumn(p.domain) + "/content/post_" + id + ".html";
    auto listed = [&](const Portal& portal) {
      for (int page = 1;; ++page) {
        const RawResponse list = portal.Get(ColumnPage(p.domain, page));
        if (list.status != 200) return false;
        if (list.body.find("post_" + id + ".html") != std::string::npos) return true;
      }
    };
    const Portal before_publication(n.published.PlusDays(-1));
    EXPECT_EQ(before_publication.Get(detail).status, 404);
    EXPECT_FALSE(listed(before_publication));
    const Portal published(n.published);
    EXPECT_EQ(published.Get(detail).status, 200);
    EXPECT_TRUE(listed(published));
    const Portal before_removal(n.removed->PlusDays(-1));
    EXPECT_EQ(before_removal.Get(detail).status, 200);
    const Portal after_removal(*n.removed);
    EXPECT_EQ(after_removal.Get(detail).status, 404);
    EXPECT_FALSE(listed(after_removal));
  }
  EXPECT_GE(removed, 1) << "works_removed_portal_copy";
}

TEST(PortalSiteTest, TrsColumnPagesAndDetails) {
  const CivilDate as_of = D("2020-12-31");
  const Portal portal(as_of);
  const std::vector<std::string> expected = StandingIds(Generation::kPortalTrs, as_of, std::nullopt);
  ASSERT_GT(expected.size(), static_cast<size_t>(kPortalTrsPageSize)) << "enough for a second page";
  const int pages = static_cast<int>((expected.size() + kPortalTrsPageSize - 1) / kPortalTrsPageSize);
  const std::regex row(
      "<li><a target=\"_blank\" title=\"([^\"]+)\" href=\"\\./(\\d{6})/t(\\d{8})_(\\d{6})\\.html\">([^<]+)</a>");
  std::vector<std::string> seen;
  std::vector<std::string> details;
  for (int page = 0; page < pages; ++page) {
    const RawResponse response = portal.Get(std::string(kPortalTrsRoot) +
                                            (page == 0 ? "index.html" : "index_" + std::to_string(page) + ".html"));
    ExpectUtf8Html(response);
    EXPECT_NE(response.body.find("<ul class=\"comlist-wgk \">"), std::string::npos);
    std::smatch pager;
    ASSERT_TRUE(
        std::regex_search(response.body, pager, std::regex("createPageHTML\\(([^,]+), (\\d+), (\\d+), [^)]*\\);")));
    EXPECT_EQ(std::stoi(pager[2]), pages);
    EXPECT_EQ(std::stoi(pager[3]), page);
    for (std::sregex_iterator it(response.body.begin(), response.body.end(), row), end; it != end; ++it) {
      EXPECT_EQ((*it)[1], (*it)[5]);
      EXPECT_EQ((*it)[2].str(), (*it)[3].str().substr(0, 6));
      seen.push_back((*it)[4]);
      details.push_back(std::string(kPortalTrsRoot) + (*it)[2].str() + "/t" + (*it)[3].str() + "_" + (*it)[4].str() +
                        ".html");
    }
  }
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(portal.Get(std::string(kPortalTrsRoot) + "index_" + std::to_string(pages) + ".html").status, 404);

  for (size_t i = 0; i < details.size(); ++i) {
    const NoticeRef ref = *TestWorld().FindNotice(Generation::kPortalTrs, seen[i]);
    const Project p = TestWorld().ProjectAt(ref.subject);
    const Notice& n = p.notices[ref.slot];
    const RawResponse response = portal.Get(details[i]);
    ExpectUtf8Html(response);
    EXPECT_NE(response.body.find("<h4>" + HtmlEscape(RepostTitle(p, n)) + "</h4>"), std::string::npos);
    EXPECT_NE(response.body.find("<div class=\"xl-cont-xx\"><span>发布时间：" + NoticeTime(n) + "</span>"),
              std::string::npos);
    const size_t body = response.body.find("<div class=\"TRS_PreAppend\">");
    ASSERT_NE(body, std::string::npos);
    EXPECT_NE(response.body.find(p.code, body), std::string::npos) << "the legacy code, half-width on the portal";
    EXPECT_NE(response.body.find(p.buyer.name, body), std::string::npos);
    if (n.capital_amounts) {
      EXPECT_NE(response.body.find("人民币", body), std::string::npos);
    }
    // The same id under another date is not found.
    std::string wrong = details[i];
    wrong.replace(wrong.find("/t") + 8, 2, n.published.day == 1 ? "02" : "01");
    EXPECT_EQ(portal.Get(wrong).status, 404) << wrong;
  }
  // The archive stays on the portal after the generation ended.
  EXPECT_EQ(Portal(D("2025-12-31")).Get(details.front()).status, 200);
}

json Json(const RawResponse& response) {
  EXPECT_EQ(response.headers.at("content-type"), "application/json;charset=UTF-8");
  return json::parse(response.body);
}

TEST(PortalSiteTest, GkmlptIndexApiAndDetails) {
  const CivilDate as_of = D("2025-12-31");
  const Portal portal(as_of);
  const std::regex created_at("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
  int empty_past_end = 0, missing_past_end = 0, plans = 0, reports = 0;
  for (SubjectId id = 0; id < kDepartmentCount; ++id) {
    const Department d = TestWorld().DepartmentAt(id);
    SCOPED_TRACE(d.slug);
    const std::string root = "/" + d.slug + "/gkmlpt/";
    const RawResponse index = portal.Get(root + "index");
    ExpectUtf8Html(index);
    EXPECT_NE(index.body.find("window._CONFIG = {SID: '" + d.sid + "', TREE: "), std::string::npos);
    std::smatch tree_match;
    ASSERT_TRUE(std::regex_search(index.body, tree_match, std::regex("TREE: (\\[.*?\\]), SERVICE_AREA_ID")));
    const json tree = json::parse(tree_match[1].str());

    std::set<std::string> standing;
    for (const Notice& n : d.notices) {
      if (IsVisible(n, as_of)) standing.insert(n.kind == NoticeKind::kPlan ? "plan" : std::to_string(n.year));
    }
    const std::string api = root + "api/all/0?sid=" + d.sid + "&page=";
    const json page1 = Json(portal.Get(api + "1"));
    EXPECT_EQ(Json(portal.Get(api + "0")), page1) << "page 0 and 1 are the same";
    EXPECT_EQ(page1["total"], standing.size());
    EXPECT_EQ(page1["classify"]["post_count"], standing.size());
    ASSERT_EQ(page1["articles"].size(), standing.size());
    size_t tree_total = 0;
    for (const json& node : tree) {
      const json category =
          Json(portal.Get(root + "api/all/" + std::to_string(int(node["id"])) + "?page=1&sid=" + d.sid));
      EXPECT_EQ(category["total"], node["post_count"]);
      tree_total += node["post_count"].get<size_t>();
    }
    EXPECT_EQ(tree_total, standing.size());

    std::string previous = "9999";
    for (const json& article : page1["articles"]) {
      for (const char* field :
           {"title", "document_number", "identifier", "publisher", "keywords", "created_at", "classify_main_name",
            "classify_genre_name", "classify_theme_name", "url", "post_url", "abstract", "relation"}) {
        EXPECT_TRUE(article[field].is_string()) << field;
      }
      for (const char* field : {"id", "date", "display_publish_time", "is_expired", "is_abolished"}) {
        EXPECT_TRUE(article[field].is_number_integer()) << field;
      }
      EXPECT_TRUE(article["attachment"].is_array());
      const std::string created = article["created_at"];
      EXPECT_TRUE(std::regex_match(created, created_at));
      EXPECT_LE(created, previous);
      EXPECT_LE(created.substr(0, 10), as_of.Iso());
      previous = created;
      const std::string title = article["title"];
      const bool plan = title.find("工作方案") != std::string::npos;
      if (plan) {
        ++plans;
        EXPECT_TRUE(std::regex_search(std::string(article["document_number"]), std::regex("〔2018〕\\d+号$")));
        EXPECT_EQ(article["publisher"], d.name_2018);
      } else {
        ++reports;
        EXPECT_NE(title.find("政府信息公开工作年度报告"), std::string::npos);
      }
      const long post = article["id"];
      const std::string url = article["url"];
      EXPECT_EQ(url, root + "content/" + std::to_string(post / 1000000) + "/" + std::to_string(post / 1000) + "/post_" +
                         std::to_string(post) + ".html");
      const RawResponse detail = portal.Get(url);
      ExpectUtf8Html(detail);
      std::smatch detail_match;
      ASSERT_TRUE(std::regex_search(detail.body, detail_match, std::regex("DETAIL:\\s*(\\{.*\\}),\\s*TREE:")));
      const json config = json::parse(detail_match[1].str());
      EXPECT_EQ(config["title"], title);
      EXPECT_EQ(config["created_at"], created);
      EXPECT_TRUE(config["content"].is_string());
      EXPECT_NE(detail.body.find("<h1 class=\"title\">" + HtmlEscape(title) + "</h1>"), std::string::npos);
      EXPECT_NE(detail.body.find("<div class=\"article-content\">"), std::string::npos);
      // Under another department, it is not found.
      const Department other = TestWorld().DepartmentAt((id + 1) % kDepartmentCount);
      EXPECT_EQ(portal.Get("/" + other.slug + url.substr(d.slug.size() + 1)).status, 404);
    }
    // Past the end: an empty page or 404, per department.
    const RawResponse past = portal.Get(api + "2");
    if (past.status == 404) {
      ++missing_past_end;
    } else {
      const json body = Json(past);
      EXPECT_TRUE(body["articles"].empty());
      EXPECT_EQ(body["total"], standing.size());
      ++empty_past_end;
    }
    // A wrong sid is an error.
    const json wrong = Json(portal.Get(root + "api/all/0?page=1&sid=1" + d.sid));
    EXPECT_EQ(wrong["code"], 400);
    EXPECT_FALSE(wrong.contains("articles"));
    EXPECT_EQ(portal.Get(root + "api/all/99999?page=1&sid=" + d.sid).status, 404);
  }
  EXPECT_GT(empty_past_end, 0);
  EXPECT_GT(missing_past_end, 0);
  EXPECT_GE(plans, 10);
  EXPECT_GE(reports, 50);
}

// A department's document is listed and served from its publication day on.
TEST(PortalSiteTest, GkmlptAsOf) {
  int checked = 0;
  for (SubjectId id = 0; id < kDepartmentCount && checked < 4; ++id) {
    const Department d = TestWorld().DepartmentAt(id);
    for (size_t slot = 0; slot < d.notices.size() && checked < 4; slot += 3, ++checked) {
      const Notice& n = d.notices[slot];
      const std::string post = TestWorld().NoticeId(Generation::kGkmlpt, {id, static_cast<uint8_t>(slot)});
      const std::string url =
          "/" + d.slug + "/gkmlpt/content/0/" + std::to_string(std::stol(post) / 1000) + "/post_" + post + ".html";
      const std::string api = "/" + d.slug + "/gkmlpt/api/all/0?page=1&sid=" + d.sid;
      const Portal before(n.published.PlusDays(-1));
      EXPECT_EQ(before.Get(url).status, 404);
      EXPECT_EQ(before.Get(api).body.find("post_" + post), std::string::npos);
      const Portal on(n.published);
      EXPECT_EQ(on.Get(url).status, 200);
      EXPECT_NE(on.Get(api).body.find("post_" + post), std::string::npos);
    }
  }
  EXPECT_EQ(checked, 4);
}

TEST(PortalSiteTest, DeterministicHomeAndMethods) {
  const Portal one(D("2025-12-31"));
  const Portal two(D("2025-12-31"));
  const Department d = TestWorld().DepartmentAt(0);
  const std::string first_detail =
      std::string(kPortalColumnRoot) + PortalSubColumn(Domain::kConstruction) + "/content/post_" +
      StandingIds(Generation::kPortalColumn, D("2025-12-31"), Domain::kConstruction).front() + ".html";
  for (const std::string& target :
       {std::string("/"), ColumnPage(Domain::kLand, 1), first_detail, std::string(kPortalTrsRoot) + "index.html",
        "/" + d.slug + "/gkmlpt/index", "/" + d.slug + "/gkmlpt/api/all/0?page=1&sid=" + d.sid}) {
    const RawResponse a = one.Get(target);
    EXPECT_EQ(a.status, 200) << target;
    EXPECT_EQ(a.body, two.Get(target).body) << target;
  }
  const std::string home = one.Get("/").body;
  EXPECT_NE(home.find(ColumnPage(Domain::kConstruction, 1)), std::string::npos);
  EXPECT_NE(home.find(std::string(kPortalTrsRoot) + "index.html"), std::string::npos);
  for (SubjectId id = 0; id < kDepartmentCount; ++id) {
    EXPECT_NE(home.find("/" + TestWorld().DepartmentAt(id).slug + "/gkmlpt/index"), std::string::npos);
  }
  testing::RawHttpConnection connection("127.0.0.1", one.port());
  EXPECT_EQ(connection.Request("POST", ColumnPage(Domain::kLand, 1), "", "x")->status, 405);
  EXPECT_EQ(one.Get("/nothing/here.html").status, 404);
}

}  // namespace
}  // namespace gapwatch::sim
