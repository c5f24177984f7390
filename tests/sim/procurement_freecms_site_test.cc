// The freecms generation of the simulated procurement site over real HTTP:
// the list JSON and its paging and filters, the captcha image, the detail
// page's DOM anchors (SITES.md §3.2), as-of visibility, and the world's facts
// on the page.
#include "sim/procurement_freecms_site.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "sim/http_server.h"
#include "sim/procurement_site.h"
#include "sim/templates.h"
#include "sim/world_formats.h"
#include "tests/sim/raw_http_client.h"
#include "tests/sim/served_generation.h"

namespace gapwatch::sim {
namespace {

using nlohmann::json;
using testing::D;
using testing::HttpGet;
using testing::RawResponse;
using testing::UrlEncode;

const World& TestWorld() {
  static const World world = BuildWorld(42, 3, WorkCalendar::Embedded());
  return world;
}

// One freecms site served on a free loopback port; paths it does not own get the composer's 404.
class Served : public testing::ServedGeneration<ProcurementFreecmsSite> {
 public:
  explicit Served(CivilDate as_of) : ServedGeneration(TestWorld(), as_of) {}
  json List(const std::string& extra) const {
    const RawResponse response = Get(std::string(kFreecmsListPath) + "?&siteId=" + kProcurementSiteId +
                                     "&channel=" + kProcurementChannel + "&verifyCode=x7Qa&subChannel=false" + extra);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.headers.at("content-type"), "application/json;charset=UTF-8");
    return json::parse(response.body);
  }
};

std::set<std::string> StandingIds(CivilDate as_of) {
  std::set<std::string> ids;
  for (const IndexedNotice& entry : TestWorld().Index(Generation::kFreecms)) {
    if (IsVisible(TestWorld().NoticeOf(entry.ref()), as_of)) {
      ids.insert(TestWorld().NoticeId(Generation::kFreecms, entry.ref()));
    }
  }
  return ids;
}

std::string IdOfPageUrl(const std::string& pageurl) {
  static const std::regex shape(R"(^/freecms/site/gd/ggxx/info/(\d{4})/(8a7e[0-9a-f]{28})\.html\?noticeType=\d+$)");
  std::smatch match;
  EXPECT_TRUE(std::regex_match(pageurl, match, shape)) << pageurl;
  return match.size() > 2 ? match[2].str() : "";
}

TEST(ProcurementFreecmsSiteTest, ListPagesCoverEveryVisibleNoticeOnceNewestFirst) {
  const CivilDate as_of = D("2023-12-31");
  const Served served(as_of);
  const auto expected = StandingIds(as_of);
  ASSERT_GT(expected.size(), 20u);
  std::set<std::string> seen;
  std::string previous = "9999";
  const long pages = static_cast<long>((expected.size() + 9) / 10);
  for (long page = 1; page <= pages + 1; ++page) {
    const json body = served.List("&currPage=" + std::to_string(page) +
                                  "&pageSize=10&noticeType=&regionCode=440200&purchaseManner=&title=&openTenderCode="
                                  "&purchaser=&agency=&purchaseNature=&operationStartTime=&operationEndTime="
                                  "&selectTimeName=noticeTime");
    EXPECT_EQ(body["total"], expected.size());
    const json& rows = body["data"];
    if (page > pages) {
      EXPECT_TRUE(rows.empty());
      continue;
    }
    EXPECT_EQ(rows.size(), page < pages ? 10u : expected.size() - 10 * (pages - 1));
    for (const json& row : rows) {
      for (const char* field : {"title", "pageurl", "noticeTime", "content", "openTenderCode", "purchaser", "agency",
                                "noticeType", "regionCode"}) {
        EXPECT_TRUE(row.contains(field)) << field;
      }
      const std::string id = IdOfPageUrl(row["pageurl"]);
      EXPECT_EQ(row["id"], id);
      EXPECT_TRUE(seen.insert(id).second) << "served twice: " << id;
      EXPECT_NE(std::string(row["content"]).find("<div class=\"noticeArea\">"), std::string::npos);
      const std::string time = row["noticeTime"];
      EXPECT_LE(time, previous);
      previous = time;
    }
  }
  EXPECT_EQ(seen, expected);
}

TEST(ProcurementFreecmsSiteTest, PageSizeAndErrors) {
  const Served served(D("2023-12-31"));
  EXPECT_EQ(served.List("")["data"].size(), 10u);
  EXPECT_EQ(served.List("&pageSize=0")["data"].size(), 10u);
  EXPECT_EQ(served.List("&pageSize=15")["data"].size(), 15u);
  EXPECT_EQ(served.List("&currPage=0&pageSize=5")["data"][0], served.List("&currPage=1&pageSize=5")["data"][0]);
  const RawResponse wrong_site = served.Get(std::string(kFreecmsListPath) + "?siteId=other&channel=x");
  EXPECT_EQ(json::parse(wrong_site.body)["code"], "500");
  EXPECT_EQ(served.List("&currPage=two")["code"], "500");
  EXPECT_EQ(served.List("&operationStartTime=yesterday")["code"], "500");
}

TEST(ProcurementFreecmsSiteTest, FiltersByTypeRegionCodeDatesAndText) {
  const CivilDate as_of = D("2023-12-31");
  const Served served(as_of);
  const World& world = TestWorld();
  int results = 0;
  const json only_results = served.List("&noticeType=00102&pageSize=100");
  for (const json& row : only_results["data"]) {
    EXPECT_EQ(row["noticeType"], "00102");
    ++results;
  }
  EXPECT_GT(results, 0);
  const json both = served.List("&noticeType=00101,00102&pageSize=100");
  EXPECT_GT(both["total"].get<int>(), results);

  // A project's code finds exactly its listed notices.
  const IndexedNotice& tender =
      *std::find_if(world.Index(Generation::kFreecms).begin(), world.Index(Generation::kFreecms).end(),
                    [](const IndexedNotice& e) { return e.kind == NoticeKind::kTender; });
  const Project project = world.ProjectAt(tender.subject);
  size_t listed = 0;
  for (const Notice& n : project.notices) {
    listed += n.generation == Generation::kFreecms && n.kind != NoticeKind::kIntention && IsVisible(n, as_of);
  }
  const json by_code = served.List("&openTenderCode=" + UrlEncode(project.code) + "&pageSize=100");
  EXPECT_EQ(by_code["total"], listed);
  for (const json& row : by_code["data"]) EXPECT_EQ(row["openTenderCode"], project.code);

  // The publication window is inclusive, by day.
  const std::string day = tender.published().Iso();
  const json window =
      served.List("&operationStartTime=" + day + "%2000:00:00&operationEndTime=" + day + "%2023:59:59&pageSize=100");
  EXPECT_GT(window["total"].get<int>(), 0);
  for (const json& row : window["data"]) EXPECT_EQ(std::string(row["noticeTime"]).substr(0, 10), day);

  // A county code lists that county alone; 440200 lists all of Shaoguan.
  const json county = served.List("&regionCode=" + project.region_code + "&pageSize=100");
  for (const json& row : county["data"]) EXPECT_EQ(row["regionCode"], project.region_code);
  EXPECT_GT(county["total"].get<int>(), 0);

  const json by_buyer = served.List("&purchaser=" + UrlEncode(project.buyer.name) + "&pageSize=100");
  EXPECT_GT(by_buyer["total"].get<int>(), 0);
  for (const json& row : by_buyer["data"]) EXPECT_EQ(row["purchaser"], project.buyer.name);
  EXPECT_EQ(served.List("&title=" + UrlEncode("没有这样的标题"))["total"], 0);
}

TEST(ProcurementFreecmsSiteTest, CaptchaIsAnImage) {
  const Served served(D("2023-12-31"));
  const RawResponse captcha =
      served.Get(std::string(kFreecmsCaptchaPath) + "?createTypeFlag=n&name=notice&d1700000000000");
  EXPECT_EQ(captcha.status, 200);
  EXPECT_EQ(captcha.headers.at("content-type"), "image/gif");
  EXPECT_EQ(captcha.body.substr(0, 6), "GIF89a");
}

std::string Between(const std::string& html, const std::string& open, const std::string& close) {
  const size_t start = html.find(open);
  if (start == std::string::npos) return "<absent>";
  const size_t end = html.find(close, start + open.size());
  return html.substr(start + open.size(), end - start - open.size());
}

TEST(ProcurementFreecmsSiteTest, DetailPagesCarryTheAnchorsAndTheWorldsFacts) {
  const CivilDate as_of = D("2023-12-31");
  const Served served(as_of);
  const World& world = TestWorld();
  std::set<NoticeKind> kinds;
  int without_amount = 0;
  for (const IndexedNotice& entry : world.Index(Generation::kFreecms)) {
    const Project stored = world.ProjectAt(entry.subject);
    const Notice& n = stored.notices[entry.slot];
    if (!IsVisible(n, as_of)) continue;
    const Project p = AsShown(stored, n, as_of);
    const RawResponse page = served.Get(served.site().PageUrl(entry.ref()));
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.headers.at("content-type"), "text/html;charset=UTF-8");
    const std::string& html = page.body;
    kinds.insert(n.kind);
    EXPECT_NE(html.find("<meta charset=\"UTF-8\">"), std::string::npos);
    EXPECT_EQ(Between(html, "<span id=\"f_noticeTime\">", "</span>"), "发布时间：" + NoticeTime(n));
    EXPECT_EQ(Between(html, "<span id=\"f_budget\">", "</span>"), "预算金额：" + PlainYuan(p.BudgetFen()));
    EXPECT_NE(Between(html, "<span id=\"f_catalogueNameList\">", "</span>"), "<absent>");
    EXPECT_NE(html.find("<h4 class=\"u-title\">项目名称：<span class=\"u-content\">"), std::string::npos);
    if (p.name.find('<') == std::string::npos) {
      EXPECT_EQ(Between(html, "id=\"_notice_content_noticePurchase-purchaserOrgName\" class=\"u-content\">", "<"),
                p.buyer.name);
      EXPECT_EQ(Between(html, "id=\"_notice_content_noticeAgency-agencyName\" class=\"u-content\">", "<"),
                p.agency.name);
    } else {  // the hostile project: markup is escaped, never live
      EXPECT_EQ(html.find("<script>"), std::string::npos);
      EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
    }
    EXPECT_NE(html.find("<div class=\"noticeArea\">"), std::string::npos);
    if (n.kind == NoticeKind::kTender) {
      EXPECT_EQ(Between(html, "id=\"_notice_content_noticeBidTime-bidFileSubmitAddress\" class=\"u-content\">", "<"),
                p.venue);
    }
    if (n.kind == NoticeKind::kResult) {
      for (size_t i = 0; i < p.lots.size(); ++i) {
        const std::string block = Between(
            html, "<div class=\"noticeBidResult-noticeBidResult_" + std::to_string(i) + "_supplierDetail\">", "</div>");
        EXPECT_EQ(Between(block, "<td style=\"width:400px;word-break:break-all;\">", "</td>"), p.supplier.name);
        const std::string amount = Between(block, "<td class=\"alignright\"><span>", "</span>");
        if (n.omitted & kAwardAmount) {
          EXPECT_EQ(amount, "");
          ++without_amount;
        } else {
          EXPECT_EQ(amount, YuanWithSeparators(p.lots[i].award_fen) + "元");
        }
      }
    }
  }
  EXPECT_TRUE(kinds.count(NoticeKind::kTender) && kinds.count(NoticeKind::kResult) &&
              kinds.count(NoticeKind::kContract) && kinds.count(NoticeKind::kTermination));
  EXPECT_GT(without_amount, 0);  // freecms_result_without_amount
}

TEST(ProcurementFreecmsSiteTest, NoticesAppearFromTheirPublicationDay) {
  const World& world = TestWorld();
  const IndexedNotice& entry = world.Index(Generation::kFreecms)[world.Index(Generation::kFreecms).size() / 2];
  const CivilDate day = entry.published();
  const std::string id = world.NoticeId(Generation::kFreecms, entry.ref());
  for (const CivilDate as_of : {day.PlusDays(-1), day}) {
    const Served served(as_of);
    const bool shown = as_of == day;
    EXPECT_EQ(served.Get(served.site().PageUrl(entry.ref())).status, shown ? 200 : 404);
    bool listed = false;
    const json body = served.List("&pageSize=100&operationStartTime=" + day.Iso());
    for (const json& row : body["data"]) {
      listed |= row["id"] == id;
    }
    EXPECT_EQ(listed, shown);
  }
}

TEST(ProcurementFreecmsSiteTest, UnknownPathsIdsYearsAndMethods) {
  const Served served(D("2023-12-31"));
  const World& world = TestWorld();
  const IndexedNotice& entry = world.Index(Generation::kFreecms).back();
  const std::string id = world.NoticeId(Generation::kFreecms, entry.ref());
  const std::string other_year = std::to_string(entry.published().year + 1);
  EXPECT_EQ(served.Get(std::string(kFreecmsDetailPrefix) + other_year + "/" + id + ".html").status, 404);
  EXPECT_EQ(served.Get(std::string(kFreecmsDetailPrefix) + "2022/8a7e0000000000000000000000000000.html").status, 404);
  EXPECT_FALSE(served.site().Handle({"GET", "/gpcms/rest/web/v2/info/getInfoById?id=x", {}, "", ""}));
  EXPECT_FALSE(served.site().Handle({"GET", "/showNotice/id/" + id + ".html", {}, "", ""}));
  const auto post = served.site().Handle({"POST", kFreecmsListPath, {}, "", ""});
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
}

TEST(ProcurementFreecmsSiteTest, PagesAreDeterministic) {
  const World again = BuildWorld(42, 3, WorkCalendar::Embedded());
  const ProcurementFreecmsSite first(TestWorld(), D("2023-06-30"));
  const ProcurementFreecmsSite second(again, D("2023-06-30"));
  const std::string list = std::string(kFreecmsListPath) + "?siteId=" + kProcurementSiteId +
                           "&channel=" + kProcurementChannel + "&pageSize=100";
  EXPECT_EQ(first.Handle({"GET", list, {}, "", ""})->body, second.Handle({"GET", list, {}, "", ""})->body);
  const NoticeRef ref = TestWorld().Visible(Generation::kFreecms, D("2023-06-30"))[0].ref();
  EXPECT_EQ(first.Handle({"GET", first.PageUrl(ref), {}, "", ""})->body,
            second.Handle({"GET", second.PageUrl(ref), {}, "", ""})->body);
}

}  // namespace
}  // namespace gapwatch::sim
