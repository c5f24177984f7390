// The pre-2021 www.gdgpo.gov.cn generation of the simulated procurement site
// over real HTTP: the channel lists (GET and POST) with their pager, the
// table-style lists, the showNotice detail's DOM (SITES.md §3.1), as-of
// visibility, and the world's facts in the old wording.
#include "sim/procurement_gdgpo_site.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <map>
#include <regex>
#include <set>

#include "sim/http_server.h"
#include "sim/world_formats.h"
#include "tests/sim/raw_http_client.h"
#include "tests/sim/served_generation.h"

namespace gapwatch::sim {
namespace {

using testing::D;
using testing::HttpGet;
using testing::RawHttpConnection;
using testing::RawResponse;
using testing::UrlEncode;

const World& TestWorld() {
  static const World world = BuildWorld(42, 3, WorkCalendar::Embedded());
  return world;
}

class Served : public testing::ServedGeneration<ProcurementGdgpoSite> {
 public:
  explicit Served(CivilDate as_of) : ServedGeneration(TestWorld(), as_of) {}
  RawResponse Get(const std::string& target) const {
    RawResponse response = ServedGeneration::Get(target);
    if (response.status == 200) {
      EXPECT_EQ(response.headers.at("content-type"), "text/html;charset=UTF-8");
    }
    return response;
  }
};

struct Row {
  std::string type, region, id, title, date;
};

std::vector<Row> ListRows(const std::string& html) {
  static const std::regex li(
      R"re(<li><span>\[([^·<]+)·([^\]<]+)\]</span><a href="/showNotice/id/([0-9a-f]{32})\.html" title="([^"]*)" )re"
      R"re(target="_blank">[^<]*</a><em>(\d{4}-\d{2}-\d{2})</em></li>)re");
  std::vector<Row> rows;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), li); it != std::sregex_iterator(); ++it) {
    rows.push_back({(*it)[1], (*it)[2], (*it)[3], (*it)[4], (*it)[5]});
  }
  return rows;
}

std::vector<std::string> TableIds(const std::string& html) {
  static const std::regex link(R"(<td><a href="/showNotice/id/([0-9a-f]{32})\.html" title=)");
  std::vector<std::string> ids;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), link); it != std::sregex_iterator(); ++it) {
    ids.push_back((*it)[1]);
  }
  return ids;
}

// The pager's total (the last span.aspan) and its current page (span.aspan1).
std::pair<int, int> Pager(const std::string& html) {
  static const std::regex aspan(R"(<span class="aspan">(\d+)</span>)");
  static const std::regex current(R"(<span class="aspan1">(\d+)</span>)");
  int total = -1;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), aspan); it != std::sregex_iterator(); ++it) {
    total = std::stoi((*it)[1]);
  }
  std::smatch match;
  return {total, std::regex_search(html, match, current) ? std::stoi(match[1]) : -1};
}

std::string Between(const std::string& html, const std::string& open, const std::string& close) {
  const size_t start = html.find(open);
  if (start == std::string::npos) return "<absent>";
  const size_t end = html.find(close, start + open.size());
  return html.substr(start + open.size(), end - start - open.size());
}

TEST(ProcurementGdgpoSiteTest, ListsCoverEveryVisibleNoticeOnceWithTheirPager) {
  const CivilDate as_of = D("2021-02-28");
  const Served served(as_of);
  const World& world = TestWorld();
  std::map<std::string, NoticeKind> expected;
  for (const IndexedNotice& entry : world.Index(Generation::kGdgpo)) {
    if (IsVisible(world.NoticeOf(entry.ref()), as_of)) {
      expected[world.NoticeId(Generation::kGdgpo, entry.ref())] = entry.kind;
    }
  }
  ASSERT_GT(expected.size(), 5u);
  std::set<std::string> seen;
  for (const char* channel : {"0005", "0006", "0008", "-4", "0009"}) {
    int pages = 1;
    std::string previous = "9999";
    for (int page = 1; page <= pages + 1; ++page) {
      // Alternate the two ways the old site is asked: a POSTed form and a GET query.
      const std::string form =
          "channelCode=" + std::string(channel) +
          "&sitewebId=4028889705bebb510105bec068b00003&sitewebName=" + UrlEncode("广东省") +
          "&pageIndex=" + std::to_string(page) + "&pageSize=15&pointPageIndexId=" + std::to_string(page - 1) +
          "&issueOrgan=&operateDateFrom=&operateDateTo=" +
          "&performOrgName=&purchaserOrgName=&regionIds=&stockIndexName=&stockNum=" + "&stockTypes=&title=";
      const RawResponse response =
          page % 2 ? served.Post("/queryMoreInfoList.do", form) : served.Get("/queryMoreInfoList.do?" + form);
      ASSERT_EQ(response.status, 200);
      const std::string& html = response.body;
      EXPECT_NE(html.find("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"/>"),
                std::string::npos);
      EXPECT_NE(html.find("<form name=\"qPageForm\""), std::string::npos);
      EXPECT_NE(html.find("function turnOverPage(n)"), std::string::npos);
      const auto [total_pages, current] = Pager(html);
      pages = total_pages;
      EXPECT_EQ(current, page <= pages ? page : -1);
      const std::vector<Row> rows = ListRows(html);
      if (page > pages) {
        EXPECT_TRUE(rows.empty());
        continue;
      }
      EXPECT_LE(rows.size(), 15u);
      if (page < pages) {
        EXPECT_EQ(rows.size(), 15u);
      }
      for (const Row& row : rows) {
        ASSERT_TRUE(expected.count(row.id)) << row.id;
        EXPECT_EQ(ProcurementGdgpoSite::ChannelOf(expected[row.id]), std::string(channel));
        EXPECT_TRUE(row.id.starts_with("40288ba9") || row.id.starts_with("297e55e8")) << row.id;
        EXPECT_TRUE(seen.insert(row.id).second) << "listed twice: " << row.id;
        EXPECT_EQ(row.type, GdgpoTypeName(expected[row.id]));
        EXPECT_LE(row.date, previous);
        previous = row.date;
      }
    }
  }
  for (const char* path : {"/queryCityAcceptanceList.do", "/queryPrjReqList.do"}) {
    const RawResponse response = served.Get(std::string(path) + "?pageIndex=1&pageSize=100");
    EXPECT_NE(response.body.find("<table class=\"m_m_dljg\""), std::string::npos);
    for (const std::string& id : TableIds(response.body)) EXPECT_TRUE(seen.insert(id).second) << id;
  }
  std::set<std::string> all;
  for (const auto& [id, kind] : expected) all.insert(id);
  EXPECT_EQ(seen, all);
}

TEST(ProcurementGdgpoSiteTest, ListVariantsAndFilters) {
  const CivilDate as_of = D("2021-02-28");
  const Served served(as_of);
  const std::string query = "?pageIndex=1&pageSize=100";
  const std::vector<Row> tenders = ListRows(served.Get("/queryMoreInfoList.do" + query + "&channelCode=0005").body);
  ASSERT_FALSE(tenders.empty());
  for (const std::string path : {"/queryMoreInfoList.do/0005", "/queryMoreInfoList/channelCode/0005.html",
                                 "/queryMoreCityCountyInfoList2.do/0005"}) {
    EXPECT_EQ(ListRows(served.Get(path + query + "&regionIds=440200").body).size(), tenders.size()) << path;
  }
  EXPECT_TRUE(ListRows(served.Get("/queryMoreInfoList.do/0005" + query + "&regionIds=450000").body).empty());
  EXPECT_TRUE(ListRows(served.Get("/queryMoreInfoList.do/9999" + query).body).empty());

  const Row& row = tenders.front();
  const std::vector<Row> by_title =
      ListRows(served.Get("/queryMoreInfoList.do/0005" + query + "&title=" + UrlEncode(row.title)).body);
  ASSERT_FALSE(by_title.empty());
  for (const Row& found : by_title) EXPECT_NE(found.title.find(row.title), std::string::npos);
  const std::vector<Row> on_day = ListRows(
      served.Get("/queryMoreInfoList.do/0005" + query + "&operateDateFrom=" + row.date + "&operateDateTo=" + row.date)
          .body);
  ASSERT_FALSE(on_day.empty());
  for (const Row& found : on_day) EXPECT_EQ(found.date, row.date);
  const RawResponse small = served.Get("/queryMoreInfoList.do/0005?pageIndex=1&pageSize=1");
  EXPECT_EQ(ListRows(small.body).size(), 1u);
  EXPECT_EQ(Pager(small.body).first, static_cast<int>(tenders.size()));
}

TEST(ProcurementGdgpoSiteTest, DetailPagesCarryTheWorldsFactsInTheOldWording) {
  const CivilDate as_of = D("2021-02-28");
  const Served served(as_of);
  const World& world = TestWorld();
  std::set<NoticeKind> kinds;
  int capital_results = 0, digit_results = 0;
  for (const IndexedNotice& entry : world.Index(Generation::kGdgpo)) {
    const Project stored = world.ProjectAt(entry.subject);
    const Notice& n = stored.notices[entry.slot];
    if (!IsVisible(n, as_of)) continue;
    kinds.insert(n.kind);
    const Project p = AsShown(stored, n, as_of);
    const RawResponse page =
        served.Get(std::string(kGdgpoDetailPrefix) + world.NoticeId(Generation::kGdgpo, entry.ref()) + ".html");
    ASSERT_EQ(page.status, 200);
    const std::string& html = page.body;
    const std::string container = Between(html, "<div class=\"zw_contianer\">", "</body>");
    EXPECT_EQ(Between(container, "<div class=\"zw_c_c_title\">", "</div>"), GdgpoTitle(p, n));
    const std::string header = Between(container, "<div class=\"zw_c_c_qx\">", "</div>");
    EXPECT_NE(header.find("<span>发布日期：" + NoticeTime(n) + "</span>"), std::string::npos);
    EXPECT_NE(header.find("<span>采购人：" + p.buyer.name + "</span>"), std::string::npos);
    EXPECT_NE(header.find("<span>代理机构：" + p.agency.name + "</span>"), std::string::npos);
    EXPECT_NE(header.find("<span>预算金额：" + PlainYuan(p.BudgetFen()) + "元</span>"), std::string::npos);
    const std::string body = Between(container, "<div class=\"zw_c_c_cont\">", "</div>");
    switch (n.kind) {
      case NoticeKind::kTender:
        EXPECT_NE(body.find("一、采购项目编号：" + p.code), std::string::npos);
        EXPECT_NE(body.find("二、采购项目名称：" + p.name), std::string::npos);
        EXPECT_NE(body.find("三、采购项目预算金额（元）：" + PlainYuan(p.BudgetFen())), std::string::npos);
        EXPECT_NE(body.find("截止时间：" + ChineseDeadline(p.opening, 9, 30)), std::string::npos);
        EXPECT_EQ(body.find("人民币") != std::string::npos, n.capital_amounts);
        break;
      case NoticeKind::kResult: {
        EXPECT_NE(header.find("<span>中标金额：" + PlainYuan(p.AwardFen()) + "元</span>"), std::string::npos);
        EXPECT_NE(body.find("三、项目编号：" + p.code), std::string::npos);
        EXPECT_NE(body.find("中标（成交）供应商名称：<u>" + p.supplier.name + "</u>"), std::string::npos);
        const std::string capital = CapitalYuan(p.AwardFen()).substr(std::string("人民币").size());
        ++(n.capital_amounts ? capital_results : digit_results);
        if (n.capital_amounts) {
          EXPECT_NE(body.find("中标、成交金额人民币：<u>" + capital + "</u>"), std::string::npos);
        } else {
          EXPECT_NE(body.find("中标（成交）金额：<u>" + PlainYuan(p.AwardFen()) + "元</u>"), std::string::npos);
        }
        // Multi-package results: a tbody whose last header is 成交金额（元）, one row per lot.
        EXPECT_EQ(body.find("<th>成交金额（元）</th></tr>") != std::string::npos ||
                      body.find("<td>成交金额（元）</td></tr>") != std::string::npos,
                  p.lots.size() > 1);
        for (const Lot& lot : p.lots) {
          if (p.lots.size() > 1) {
            EXPECT_NE(body.find(PlainYuan(lot.award_fen) + "</td></tr>"), std::string::npos);
          }
        }
        // The scoring table stands apart, under its own header, never labelled as an amount.
        EXPECT_NE(body.find("<td>供应商名称</td><td>综合得分</td>"), std::string::npos);
        break;
      }
      case NoticeKind::kContract:
        EXPECT_NE(body.find("供应商（乙方）：<u>" + p.contract_supplier.name + "</u>"), std::string::npos);
        EXPECT_NE(body.find("六、合同金额（元）：" + PlainYuan(p.contract_amount_fen)), std::string::npos);
        break;
      default:
        break;
    }
  }
  EXPECT_TRUE(kinds.count(NoticeKind::kTender) && kinds.count(NoticeKind::kResult) &&
              kinds.count(NoticeKind::kContract));
  EXPECT_GT(capital_results, 0);
  EXPECT_GT(digit_results, 0);
}

// The world draws no multi-lot project onto this generation today; the body
// template must still give one row per lot under 成交金额（元）, apart from the scores.
TEST(ProcurementGdgpoSiteTest, MultiPackageResultsListEveryLotApartFromTheScores) {
  const World& world = TestWorld();
  for (const IndexedNotice& entry : world.Index(Generation::kGdgpo)) {
    if (entry.kind != NoticeKind::kResult) continue;
    Project p = world.ProjectAt(entry.subject);
    Notice n = p.notices[entry.slot];
    n.capital_amounts = false;
    Lot second = p.lots.front();
    second.name = "包2：第二包";
    second.award_fen = p.lots.front().award_fen / 2 + 12345;
    p.lots.push_back(second);
    const std::string body = GdgpoBody(p, n);
    const std::string table = Between(body, "各包组中标（成交）情况：", "</table>");
    EXPECT_NE(
        table.find("<tbody>\n<tr><td>包组</td><td>供应商名称</td><td>供应商地址</td><td>成交金额（元）</td></tr>"),
        std::string::npos);
    for (const Lot& lot : p.lots) {
      EXPECT_NE(table.find("<tr><td>" + lot.name + "</td><td>" + p.supplier.name), std::string::npos);
      EXPECT_NE(table.find(PlainYuan(lot.award_fen) + "</td></tr>"), std::string::npos);
    }
    EXPECT_NE(body.find("中标（成交）金额：<u>" + PlainYuan(p.AwardFen()) + "元</u>"), std::string::npos);
    const std::string scores = Between(body, "评审得分情况：", "</table>");
    EXPECT_EQ(scores.find("元"), std::string::npos);
    EXPECT_EQ(table.find("综合得分"), std::string::npos);
    return;
  }
  FAIL() << "no gdgpo result in the test world";
}

TEST(ProcurementGdgpoSiteTest, NoticesAppearFromTheirPublicationDay) {
  const World& world = TestWorld();
  const IndexedNotice& entry = world.Index(Generation::kGdgpo)[world.Index(Generation::kGdgpo).size() / 2];
  const CivilDate day = entry.published();
  const std::string id = world.NoticeId(Generation::kGdgpo, entry.ref());
  const char* channel = ProcurementGdgpoSite::ChannelOf(entry.kind);
  for (const CivilDate as_of : {day.PlusDays(-1), day}) {
    const Served served(as_of);
    const bool shown = as_of == day;
    EXPECT_EQ(served.Get(std::string(kGdgpoDetailPrefix) + id + ".html").status, shown ? 200 : 404);
    const std::string list = *channel                                ? "/queryMoreInfoList.do/" + std::string(channel)
                             : entry.kind == NoticeKind::kAcceptance ? "/queryAcceptanceList.do"
                                                                     : "/queryPrjReqList.do";
    const std::string html = served.Get(list + "?pageSize=100").body;
    EXPECT_EQ(html.find(id) != std::string::npos, shown);
  }
}

TEST(ProcurementGdgpoSiteTest, UnknownIdsPathsAndMethods) {
  const Served served(D("2021-02-28"));
  EXPECT_EQ(served.Get("/showNotice/id/40288ba90000000000000000000000000.html").status, 404);
  EXPECT_EQ(served.Get("/showNotice/id/40288ba9000000000000000000000000.html").status, 404);
  EXPECT_FALSE(served.site().Handle({"GET", "/freecms/rest/v1/notice/selectInfoMoreChannel.do", {}, "", ""}));
  EXPECT_FALSE(served.site().Handle({"GET", "/robots.txt", {}, "", ""}));
  EXPECT_EQ(served.site().Handle({"PUT", "/queryMoreInfoList.do", {}, "", ""})->status, 405);
  EXPECT_EQ(served.site().Handle({"POST", "/showNotice/id/x.html", {}, "", ""})->status, 405);
}

TEST(ProcurementGdgpoSiteTest, PagesAreDeterministic) {
  const World again = BuildWorld(42, 3, WorkCalendar::Embedded());
  const ProcurementGdgpoSite first(TestWorld(), D("2020-12-31"));
  const ProcurementGdgpoSite second(again, D("2020-12-31"));
  for (const std::string target :
       {"/queryMoreInfoList.do/0008?pageSize=100", "/queryMoreInfoList.do?channelCode=0005"}) {
    EXPECT_EQ(first.Handle({"GET", target, {}, "", ""})->body, second.Handle({"GET", target, {}, "", ""})->body);
  }
  const NoticeRef ref = TestWorld().Visible(Generation::kGdgpo, D("2020-12-31"))[0].ref();
  const std::string detail = std::string(kGdgpoDetailPrefix) + TestWorld().NoticeId(Generation::kGdgpo, ref) + ".html";
  EXPECT_EQ(first.Handle({"GET", detail, {}, "", ""})->body, second.Handle({"GET", detail, {}, "", ""})->body);
}

}  // namespace
}  // namespace gapwatch::sim
