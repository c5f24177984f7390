// The gpcms API of the simulated procurement site, called in-process:
// paging, filters, as-of visibility, errors, and what the notice HTML says.
#include "sim/procurement_site.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "sim/templates.h"

namespace gapwatch::sim {
namespace {

using nlohmann::json;

CivilDate D(const char* text) { return *CivilDate::Parse(text); }

const World& TestWorld() {
  static const World world = BuildWorld(42, 3, WorkCalendar::Embedded());
  return world;
}

std::string ListTarget(const std::string& extra) {
  return std::string(kListPath) + "?siteId=" + kProcurementSiteId + "&channel=" + kProcurementChannel + extra;
}

json Body(const HttpReply& reply) { return json::parse(reply.body); }

json List(const ProcurementSite& site, const std::string& extra) {
  const HttpReply reply = site.Handle("GET", ListTarget(extra));
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.content_type, "application/json;charset=UTF-8");
  return Body(reply);
}

std::vector<const Notice*> PublishedBy(CivilDate as_of) {
  std::vector<const Notice*> notices;
  for (const Notice& n : TestWorld().notices) {
    if (n.published <= as_of) notices.push_back(&n);
  }
  return notices;
}

std::string StripTags(const std::string& html) { return std::regex_replace(html, std::regex("<[^>]*>"), ""); }

// 1,420,000.00 → 142000000 fen
int64_t Fen(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return std::stoll(digits);
}

TEST(ProcurementSiteTest, PagesCoverEveryVisibleNoticeOnceNewestFirst) {
  const CivilDate as_of = D("2025-12-31");
  const ProcurementSite site(TestWorld(), as_of);
  const auto expected = PublishedBy(as_of);
  ASSERT_GT(expected.size(), 100u);
  std::set<std::string> seen;
  std::string previous_time = "9999";
  const long page_size = 7;
  const long pages = static_cast<long>((expected.size() + page_size - 1) / page_size);
  for (long page = 1; page <= pages; ++page) {
    const json body = List(site, "&currPage=" + std::to_string(page) + "&pageSize=7&noticeType=&regionCode=440200");
    ASSERT_EQ(body["code"], "200");
    EXPECT_EQ(body["msg"], "操作成功");
    EXPECT_EQ(body["data"]["total"], expected.size());
    const json& rows = body["data"]["rows"];
    EXPECT_EQ(rows.size(), page < pages ? 7u : expected.size() - static_cast<size_t>(page_size * (pages - 1)));
    for (const json& row : rows) {
      EXPECT_TRUE(seen.insert(row["id"]).second) << "served twice: " << row["id"];
      EXPECT_EQ(row["noticeId"], row["id"]);
      const std::string time = row["noticeTime"];
      EXPECT_LE(time, previous_time);
      previous_time = time;
      EXPECT_LE(time.substr(0, 10), as_of.Iso());
    }
  }
  std::set<std::string> expected_ids;
  for (const Notice* n : expected) expected_ids.insert(n->id);
  EXPECT_EQ(seen, expected_ids);

  const json past_end = List(site, "&currPage=" + std::to_string(pages + 1) + "&pageSize=7");
  EXPECT_TRUE(past_end["data"]["rows"].empty());
  EXPECT_EQ(past_end["data"]["total"], expected.size());
}

TEST(ProcurementSiteTest, PageSizeDefaultsAndCap) {
  const ProcurementSite site(TestWorld(), D("2025-12-31"));
  EXPECT_EQ(List(site, "")["data"]["rows"].size(), 15u);
  EXPECT_EQ(List(site, "&pageSize=1000")["data"]["rows"].size(), 100u);
  EXPECT_EQ(List(site, "&pageSize=0")["data"]["rows"].size(), 15u);
  // Page 0 reads as page 1.
  EXPECT_EQ(List(site, "&currPage=0&pageSize=5")["data"]["rows"][0]["id"],
            List(site, "&currPage=1&pageSize=5")["data"]["rows"][0]["id"]);
}

TEST(ProcurementSiteTest, AsOfHidesLaterNoticesFromListsAndDetails) {
  const CivilDate as_of = D("2024-09-30");
  const ProcurementSite site(TestWorld(), as_of);
  const auto expected = PublishedBy(as_of);
  const json body = List(site, "&pageSize=100");
  EXPECT_EQ(body["data"]["total"], expected.size());
  EXPECT_EQ(site.visible().size(), expected.size());
  for (const json& row : body["data"]["rows"]) EXPECT_LE(std::string(row["noticeTime"]), "2024-09-30 23:59:59");

  for (const Notice& n : TestWorld().notices) {
    const HttpReply reply = site.Handle("GET", std::string(kDetailPath) + "?id=" + n.id);
    if (n.published <= as_of) {
      EXPECT_EQ(reply.status, 200) << n.id;
    } else {
      ASSERT_EQ(reply.status, 404) << n.id;
      const json error = Body(reply);
      EXPECT_EQ(error["code"], "404");
      EXPECT_EQ(error["msg"], "信息不存在");
      EXPECT_TRUE(error["data"].is_null());
    }
  }
}

TEST(ProcurementSiteTest, RegionAndTypeFilters) {
  const ProcurementSite site(TestWorld(), D("2025-12-31"));
  const long all = List(site, "")["data"]["total"];
  EXPECT_EQ(List(site, "&regionCode=440200")["data"]["total"], all);
  EXPECT_EQ(List(site, "&regionCode=440000")["data"]["total"], all);
  EXPECT_EQ(List(site, "&regionCode=440100")["data"]["total"], 0);

  std::map<std::string, long> per_region;
  std::map<std::string, long> per_type;
  for (const Notice* n : site.visible()) {
    ++per_region[TestWorld().projects[n->project].region_code];
    ++per_type[NoticeTypeCode(n->kind)];
  }
  ASSERT_GE(per_region.size(), 3u);
  for (const auto& [region, count] : per_region) {
    if (region == "440200") continue;  // the city level: covers the counties too
    const json body = List(site, "&pageSize=100&regionCode=" + region);
    EXPECT_EQ(body["data"]["total"], count) << region;
    for (const json& row : body["data"]["rows"]) EXPECT_EQ(row["regionCode"], region);
  }
  for (const auto& [type, count] : per_type) {
    const json body = List(site, "&pageSize=100&noticeType=" + type);
    EXPECT_EQ(body["data"]["total"], count) << type;
    for (const json& row : body["data"]["rows"]) EXPECT_EQ(row["noticeType"], type);
  }
  EXPECT_EQ(List(site, "&noticeType=00102,001054")["data"]["total"], per_type["00102"] + per_type["001054"]);
  const std::string code = TestWorld().projects[site.visible()[0]->project].code;
  const json by_code = List(site, "&openTenderCode=" + code);
  ASSERT_GE(by_code["data"]["total"], 1);
  for (const json& row : by_code["data"]["rows"]) EXPECT_EQ(row["openTenderCode"], code);
}

TEST(ProcurementSiteTest, RowsCarryTheGpcmsFields) {
  const ProcurementSite site(TestWorld(), D("2025-12-31"));
  const json rows = List(site, "&pageSize=100")["data"]["rows"];
  const std::regex time_shape("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
  const std::regex budget_shape("\\d+\\.\\d{4}");
  int highlighted = 0;
  for (const json& row : rows) {
    for (const char* field : {"id", "noticeId", "title", "noticeTime", "regionName", "regionCode", "purchaser",
                              "agency", "openTenderCode", "budget", "catalogueNameList", "noticeType", "noticeTypeName",
                              "channel", "channelName", "description", "purchaseManner", "purchaseMannerName"}) {
      EXPECT_TRUE(row.contains(field) && row[field].is_string()) << field;
    }
    EXPECT_TRUE(std::regex_match(std::string(row["noticeTime"]), time_shape));
    EXPECT_TRUE(std::regex_match(std::string(row["budget"]), budget_shape));
    EXPECT_EQ(row["channel"], kProcurementChannel);
    EXPECT_EQ(row["channelName"], "采购项目信息");
    const std::string title = row["title"];
    highlighted += title.find("<font color=\"red\">") != std::string::npos;
    // Without its markup, a list title is the detail title.
    const json detail = Body(site.Handle("GET", std::string(kDetailPath) + "?id=" + std::string(row["id"])));
    EXPECT_EQ(StripTags(title), detail["data"]["title"]);
    const std::string code = row["openTenderCode"];
    const std::string type = row["noticeType"];
    if (type == "00101" || type == "001004") {
      EXPECT_NE(title.find("[项目编号：" + code + "]"), std::string::npos);
    }
    const std::string suffix = type == "00101"    ? "招标公告"
                               : type == "00102"  ? "结果公告"
                               : type == "001054" ? "合同公告"
                                                  : "终止公告";
    EXPECT_TRUE(StripTags(title).ends_with(suffix)) << title;
  }
  EXPECT_GT(highlighted, 0);
}

TEST(ProcurementSiteTest, DetailHtmlStatesTheWorldsFacts) {
  const ProcurementSite site(TestWorld(), D("2025-12-31"));
  const std::regex award_cell("<td class=\"alignright\"><span>([0-9,]+\\.[0-9]{2})元</span></td>");
  const std::regex contract_amount("合同金额：<u>([0-9,]+\\.[0-9]{2})元</u>");
  int decided_seen = 0, multi_lot_seen = 0;
  for (const Notice* n : site.visible()) {
    const Project& p = TestWorld().projects[n->project];
    const json data = Body(site.Handle("GET", std::string(kDetailPath) + "?id=" + n->id))["data"];
    const std::string content = data["content"];
    SCOPED_TRACE(p.code + " " + NoticeTypeName(n->kind));
    EXPECT_TRUE(content.starts_with("<div class=\"noticeArea\">"));
    EXPECT_EQ(data["openTenderCode"], p.code);
    EXPECT_EQ(data["purchaser"], p.buyer.name);
    EXPECT_TRUE(data["attchList"].is_array());
    EXPECT_NE(content.find(p.code), std::string::npos);
    char date[96];
    switch (n->kind) {
      case NoticeKind::kTender:
        std::snprintf(date, sizeof date, "%04d年%02d月%02d日 09点30分（北京时间）", p.opening.year, p.opening.month,
                      p.opening.day);
        EXPECT_NE(content.find(std::string("开标时间：<u>") + date + "</u>"), std::string::npos);
        EXPECT_NE(content.find(std::string("提交投标文件截止时间：<u>") + date + "</u>"), std::string::npos);
        EXPECT_NE(content.find("自本公告发布之日起5个工作日"), std::string::npos);
        break;
      case NoticeKind::kResult: {
        std::vector<int64_t> amounts;
        for (std::sregex_iterator it(content.begin(), content.end(), award_cell), end; it != end; ++it) {
          amounts.push_back(Fen((*it)[1]));
        }
        ASSERT_EQ(amounts.size(), p.lots.size());
        for (size_t i = 0; i < amounts.size(); ++i) EXPECT_EQ(amounts[i], p.lots[i].award_fen);
        multi_lot_seen += p.lots.size() > 1;
        EXPECT_NE(content.find("<th>供应商</th><th>综合得分</th>"), std::string::npos);
        EXPECT_NE(content.find(p.experts[0]), std::string::npos);
        if (p.decided) {
          const std::string stated = "中标（成交）确定日期：" + std::to_string(p.decided->year) + "年" +
                                     std::to_string(p.decided->month) + "月" + std::to_string(p.decided->day) + "日";
          EXPECT_NE(content.find(stated), std::string::npos);
          ++decided_seen;
        } else {
          EXPECT_EQ(content.find("确定日期"), std::string::npos);
        }
        break;
      }
      case NoticeKind::kContract: {
        std::smatch match;
        ASSERT_TRUE(std::regex_search(content, match, contract_amount));
        int64_t awarded = 0;
        for (const Lot& lot : p.lots) awarded += lot.award_fen;
        EXPECT_EQ(Fen(match[1]), awarded);
        std::snprintf(date, sizeof date, "%04d年%02d月%02d日", p.signed_on->year, p.signed_on->month, p.signed_on->day);
        EXPECT_NE(content.find(std::string("七、合同签订日期：</strong>") + date), std::string::npos);
        EXPECT_NE(content.find("供应商（乙方）：<span>" + p.supplier.name + "</span>"), std::string::npos);
        break;
      }
      case NoticeKind::kTermination:
        EXPECT_NE(content.find("二、项目终止的原因"), std::string::npos);
        break;
    }
  }
  EXPECT_GT(decided_seen, 0);
  EXPECT_GT(multi_lot_seen, 0);
}

TEST(ProcurementSiteTest, ParameterErrorsAndOtherPaths) {
  const ProcurementSite site(TestWorld(), D("2025-12-31"));
  auto expect_parameter_error = [&](const std::string& target) {
    const HttpReply reply = site.Handle("GET", target);
    EXPECT_EQ(reply.status, 200) << target;
    const json body = Body(reply);
    EXPECT_EQ(body["code"], "500") << target;
    EXPECT_EQ(body["msg"], "参数错误") << target;
  };
  expect_parameter_error(std::string(kListPath) + "?channel=" + kProcurementChannel);
  expect_parameter_error(std::string(kListPath) + "?siteId=" + kProcurementSiteId);
  expect_parameter_error(std::string(kListPath) + "?siteId=nope&channel=" + kProcurementChannel);
  expect_parameter_error(ListTarget("&currPage=abc"));
  expect_parameter_error(ListTarget("&pageSize=1x"));

  EXPECT_EQ(site.Handle("GET", std::string(kDetailPath) + "?id=00000000-0000-4000-8000-000000000000").status, 404);
  EXPECT_EQ(site.Handle("GET", kDetailPath).status, 404);
  const HttpReply robots = site.Handle("GET", "/robots.txt");
  EXPECT_EQ(robots.status, 200);
  EXPECT_NE(robots.body.find("User-agent: *"), std::string::npos);
  EXPECT_EQ(site.Handle("GET", "/gpcms/rest/web/v2/info/nothing").status, 404);
  EXPECT_EQ(site.Handle("GET", "/").status, 404);
  EXPECT_EQ(site.Handle("POST", ListTarget("")).status, 405);
  // Percent-encoded parameters decode.
  const json encoded = Body(site.Handle(
      "GET", std::string(kListPath) + "?siteId=cd64e06a%2D21a7-4620-aebc-0576bab7e07a&channel=" + kProcurementChannel));
  EXPECT_EQ(encoded["code"], "200");
}

TEST(ProcurementSiteTest, MoneyFormats) {
  EXPECT_EQ(YuanWithSeparators(142000000), "1,420,000.00");
  EXPECT_EQ(YuanWithSeparators(99), "0.99");
  EXPECT_EQ(YuanWithSeparators(100000), "1,000.00");
  EXPECT_EQ(YuanWithSeparators(12345678901), "123,456,789.01");
  EXPECT_EQ(BudgetField(189000000), "1890000.0000");
  EXPECT_EQ(BudgetField(12345), "123.4500");
}

}  // namespace
}  // namespace gapwatch::sim
