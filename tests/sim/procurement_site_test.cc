// The gpcms API of the simulated procurement site, called in-process:
// paging, filters, as-of visibility (edits, removals), errors, and what the
// notice HTML says for every notice type of SITES.md §3.3.
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

// The ids of the gpcms notices standing on as_of, worked out from the world's facts.
std::set<std::string> StandingIds(CivilDate as_of) {
  std::set<std::string> ids;
  for (const IndexedNotice& entry : TestWorld().Index(Generation::kGpcms)) {
    if (IsVisible(TestWorld().NoticeOf(entry.ref()), as_of)) {
      ids.insert(TestWorld().NoticeId(Generation::kGpcms, entry.ref()));
    }
  }
  return ids;
}

std::string Id(const IndexedNotice& entry) { return TestWorld().NoticeId(Generation::kGpcms, entry.ref()); }

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
  const auto expected = StandingIds(as_of);
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
  EXPECT_EQ(seen, expected);

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

TEST(ProcurementSiteTest, AsOfHidesLaterAndRemovedNoticesFromListsAndDetails) {
  for (const char* day : {"2024-09-30", "2025-06-30", "2025-12-31"}) {
    const CivilDate as_of = D(day);
    const ProcurementSite site(TestWorld(), as_of);
    const auto expected = StandingIds(as_of);
    const json body = List(site, "&pageSize=100");
    EXPECT_EQ(body["data"]["total"], expected.size());
    EXPECT_EQ(site.visible().size(), expected.size());
    for (const json& row : body["data"]["rows"]) EXPECT_LE(std::string(row["noticeTime"]), as_of.Iso() + " 23:59:59");

    for (const IndexedNotice& entry : TestWorld().Index(Generation::kGpcms)) {
      const std::string id = Id(entry);
      const HttpReply reply = site.Handle("GET", std::string(kDetailPath) + "?id=" + id);
      if (expected.count(id)) {
        EXPECT_EQ(reply.status, 200) << id;
      } else {
        ASSERT_EQ(reply.status, 404) << id;
        const json error = Body(reply);
        EXPECT_EQ(error["code"], "404");
        EXPECT_EQ(error["msg"], "信息不存在");
        EXPECT_TRUE(error["data"].is_null());
      }
    }
  }
}

// A notice edited after publication shows its edit from that day on; a
// removed one is gone from lists and details from its removal on.
TEST(ProcurementSiteTest, EditsAndRemovals) {
  int edited = 0, removed = 0;
  for (const IndexedNotice& entry : TestWorld().Index(Generation::kGpcms)) {
    const Project p = TestWorld().ProjectAt(entry.subject);
    const Notice& n = p.notices[entry.slot];
    const std::string target = std::string(kDetailPath) + "?id=" + Id(entry);
    if (n.edited) {
      ++edited;
      const ProcurementSite before(TestWorld(), n.edited->PlusDays(-1));
      const ProcurementSite after(TestWorld(), *n.edited);
      const std::string old_content = Body(before.Handle("GET", target))["data"]["content"];
      const std::string new_content = Body(after.Handle("GET", target))["data"]["content"];
      EXPECT_NE(old_content, new_content);
      EXPECT_EQ(new_content.find(n.edit_value) != std::string::npos, true) << n.edit_value;
      EXPECT_EQ(old_content.find(n.edit_value), std::string::npos);
    }
    if (n.removed) {
      ++removed;
      EXPECT_EQ(ProcurementSite(TestWorld(), n.removed->PlusDays(-1)).Handle("GET", target).status, 200);
      EXPECT_EQ(ProcurementSite(TestWorld(), *n.removed).Handle("GET", target).status, 404);
    }
  }
  EXPECT_GE(edited, 3);
  EXPECT_GE(removed, 3);
}

TEST(ProcurementSiteTest, RegionAndTypeFilters) {
  const ProcurementSite site(TestWorld(), D("2025-12-31"));
  const long all = List(site, "")["data"]["total"];
  EXPECT_EQ(List(site, "&regionCode=440200")["data"]["total"], all);
  EXPECT_EQ(List(site, "&regionCode=440000")["data"]["total"], all);
  EXPECT_EQ(List(site, "&regionCode=440100")["data"]["total"], 0);

  std::map<std::string, long> per_region;
  std::map<std::string, long> per_type;
  for (size_t i = 0; i < site.visible().size(); ++i) {
    ++per_region[TestWorld().ProjectAt(site.visible()[i].subject).region_code];
    ++per_type[NoticeTypeCode(site.visible()[i].kind)];
  }
  EXPECT_EQ(per_type.size(), 8u) << "every notice type of SITES.md §3.3";
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
  const Project project = TestWorld().ProjectAt(site.visible()[0].subject);
  const json by_code = List(site, "&openTenderCode=" + project.code);
  ASSERT_GE(by_code["data"]["total"], 1);
  for (const json& row : by_code["data"]["rows"]) EXPECT_EQ(row["openTenderCode"], project.code);
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
    if (type == "00101" || type == "001004" || type == "00103") {
      EXPECT_NE(title.find("[项目编号：" + code + "]"), std::string::npos);
    }
    // An intention comes before the project has a code.
    EXPECT_EQ(code.empty(), type == "59") << title;
    const std::map<std::string, std::string> suffixes = {
        {"59", "政府采购意向"}, {"00101", "招标公告"},  {"00103", "更正公告"},  {"001051", "单一来源公示"},
        {"00102", "结果公告"},  {"001054", "合同公告"}, {"001004", "终止公告"}, {"001009", "验收结果公告"}};
    ASSERT_TRUE(suffixes.count(type)) << type;
    EXPECT_TRUE(StripTags(title).ends_with(suffixes.at(type))) << title;
  }
  EXPECT_GT(highlighted, 0);
}

TEST(ProcurementSiteTest, DetailHtmlStatesTheWorldsFacts) {
  const ProcurementSite site(TestWorld(), D("2025-12-31"));
  const std::regex award_cell("<td class=\"alignright\"><span>([0-9,]+\\.[0-9]{2})元</span></td>");
  const std::regex contract_amount("合同金额：<u>([0-9,]+\\.[0-9]{2})元</u>");
  int decided_seen = 0, multi_lot_seen = 0, corrected_seen = 0, omitted_seen = 0;
  for (size_t i = 0; i < site.visible().size(); ++i) {
    const IndexedNotice& entry = site.visible()[i];
    const Project p = AsShown(TestWorld().ProjectAt(entry.subject), TestWorld().NoticeOf(entry.ref()), D("2025-12-31"));
    const Notice* n = &p.notices[entry.slot];
    const json data = Body(site.Handle("GET", std::string(kDetailPath) + "?id=" + Id(entry)))["data"];
    const std::string content = data["content"];
    SCOPED_TRACE(p.code + " " + NoticeTypeName(n->kind) + " " + p.role);
    EXPECT_TRUE(content.starts_with("<div class=\"noticeArea\">"));
    EXPECT_EQ(data["openTenderCode"], n->kind == NoticeKind::kIntention ? "" : p.code);
    EXPECT_EQ(data["purchaser"], p.buyer.name);
    EXPECT_TRUE(data["attchList"].is_array());
    if (n->kind != NoticeKind::kIntention) {
      EXPECT_NE(content.find(p.code), std::string::npos);
    }
    char date[96];
    switch (n->kind) {
      case NoticeKind::kTender:
        std::snprintf(date, sizeof date, "%04d年%02d月%02d日 09点30分（北京时间）", p.opening.year, p.opening.month,
                      p.opening.day);
        EXPECT_NE(content.find(std::string("开标时间：<u>") + date + "</u>"), std::string::npos);
        EXPECT_NE(content.find(std::string("提交投标文件截止时间：<u>") + date + "</u>"), std::string::npos);
        EXPECT_NE(content.find("自本公告发布之日起5个工作日"), std::string::npos);
        break;
      case NoticeKind::kCorrection:
        std::snprintf(date, sizeof date, "%04d年%02d月%02d日 09点30分（北京时间）", p.corrected_opening->year,
                      p.corrected_opening->month, p.corrected_opening->day);
        EXPECT_NE(content.find(std::string("开标时间：<u>") + date + "</u>"), std::string::npos);
        ++corrected_seen;
        break;
      case NoticeKind::kResult: {
        std::vector<int64_t> amounts;
        for (std::sregex_iterator it(content.begin(), content.end(), award_cell), end; it != end; ++it) {
          amounts.push_back(Fen((*it)[1]));
        }
        ASSERT_EQ(amounts.size(), p.lots.size());
        for (size_t lot = 0; lot < amounts.size(); ++lot) EXPECT_EQ(amounts[lot], p.lots[lot].award_fen);
        multi_lot_seen += p.lots.size() > 1;
        EXPECT_NE(content.find("<th>供应商</th><th>综合得分</th>"), std::string::npos);
        // A result that leaves its experts out (field_missing) keeps the label alone.
        EXPECT_EQ(content.find(p.experts[0]) == std::string::npos, (n->omitted & kExpertList) != 0);
        omitted_seen += n->omitted != 0;
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
        EXPECT_EQ(Fen(match[1]), p.contract_amount_fen);
        if (std::string(p.role) != "amount_mismatch" && std::string(p.role) != "amount_within_tolerance") {
          EXPECT_EQ(p.contract_amount_fen, p.AwardFen()) << "the contract amount is the sum of the lots";
        }
        if (n->omitted & kSigningDate) {
          EXPECT_NE(content.find("七、合同签订日期：</strong></p>"), std::string::npos);
          ++omitted_seen;
        } else {
          std::snprintf(date, sizeof date, "%04d年%02d月%02d日", p.signed_on->year, p.signed_on->month,
                        p.signed_on->day);
          EXPECT_NE(content.find(std::string("七、合同签订日期：</strong>") + date), std::string::npos);
        }
        EXPECT_NE(content.find("供应商（乙方）：<span>" + p.contract_supplier.name + "</span>"), std::string::npos);
        break;
      }
      case NoticeKind::kTermination:
        EXPECT_NE(content.find("二、项目终止的原因"), std::string::npos);
        break;
      case NoticeKind::kIntention:
        EXPECT_NE(content.find("预计采购时间"), std::string::npos);
        EXPECT_EQ(content.find("开标时间"), std::string::npos);
        break;
      case NoticeKind::kSingleSource:
        EXPECT_NE(content.find("采用单一来源采购方式的原因及说明"), std::string::npos);
        EXPECT_EQ(data["purchaseMannerName"], "单一来源");
        break;
      case NoticeKind::kAcceptance:
        EXPECT_NE(content.find("验收意见"), std::string::npos);
        break;
      default:
        ADD_FAILURE() << "a notice the procurement site does not publish";
    }
  }
  EXPECT_GT(decided_seen, 0);
  EXPECT_GT(multi_lot_seen, 0);
  EXPECT_GT(corrected_seen, 0);
  EXPECT_GE(omitted_seen, 2);
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

// Only the current generation: older procurement notices stay on freecms and gdgpo.
TEST(ProcurementSiteTest, ServesTheGpcmsGenerationOnly) {
  const ProcurementSite site(TestWorld(), D("2026-06-30"));
  for (size_t i = 0; i < site.visible().size(); ++i) {
    EXPECT_GE(site.visible()[i].published(), (CivilDate{2024, 1, 1}));
  }
  const IndexedNotice& freecms = TestWorld().Index(Generation::kFreecms).front();
  const std::string freecms_id = TestWorld().NoticeId(Generation::kFreecms, freecms.ref());
  EXPECT_EQ(site.Handle("GET", std::string(kDetailPath) + "?id=" + freecms_id).status, 404);
}

}  // namespace
}  // namespace gapwatch::sim
