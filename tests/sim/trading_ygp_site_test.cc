// The trading platform's ygp generation over real HTTP: the signed search API
// (fields, paging and its end, filters), the two-step detail (nodeList /
// singleNode, then detail) and what its richtext and key/value records say,
// visibility by as-of (publication, edits, removals), errors and determinism.
#include "sim/trading_ygp_site.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "sim/http_server.h"
#include "sim/trading_signature.h"
#include "sim/trading_ygp_templates.h"
#include "sim/world_formats.h"
#include "sim/world_vocabulary.h"
#include "tests/sim/raw_http_client.h"
#include "tests/sim/served_generation.h"

namespace gapwatch::sim {
namespace {

using nlohmann::json;
using testing::D;
using testing::RawHttpConnection;
using testing::RawResponse;
using testing::UrlEncode;

const World& TestWorld() {
  static const World world = BuildWorld(42, 3, WorkCalendar::Embedded());
  return world;
}

std::string StripTags(const std::string& html) { return std::regex_replace(html, std::regex("<[^>]*>"), ""); }

json SearchBody(const json& overrides) {
  json body = {{"type", "trading-type"}, {"openConvert", false}, {"keyword", ""},     {"siteCode", "440200"},
               {"secondType", ""},       {"tradingProcess", ""}, {"thirdType", "[]"}, {"projectType", ""},
               {"publishStartTime", ""}, {"publishEndTime", ""}, {"pageNo", 1},       {"pageSize", 10}};
  if (overrides.is_object()) body.update(overrides);
  return body;
}

// The four anti-crawl headers for `body`, signed with the simulator's salt.
std::string SignedHeaders(const std::string& body) {
  const std::string nonce = "Ab3dEf6hIj9kLm0n";
  const std::string timestamp = "1732780800000";
  return "Content-Type: application/json\r\nX-Dgi-Req-App: ggzy-portal\r\nX-Dgi-Req-Nonce: " + nonce +
         "\r\nX-Dgi-Req-Timestamp: " + timestamp +
         "\r\nX-Dgi-Req-Signature: " + YgpSignature(nonce, kYgpSignatureSalt, *CanonicalBody(body), timestamp) + "\r\n";
}

// The site on a real loopback server, with one keep-alive connection.
class ServedSite : public testing::ServedGeneration<YgpTradingSite> {
 public:
  explicit ServedSite(CivilDate as_of, const World& world = TestWorld())
      : ServedGeneration(world, as_of), connection_(std::make_unique<RawHttpConnection>("127.0.0.1", port())) {}

  RawResponse Raw(const std::string& method, const std::string& target, const std::string& headers = "",
                  const std::string& body = "") {
    std::optional<RawResponse> response = connection_->Request(method, target, headers, body);
    if (!response) throw std::runtime_error("connection closed");
    return *response;
  }

  json Json(const RawResponse& response) {
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.headers.at("content-type"), "application/json;charset=UTF-8");
    return json::parse(response.body);
  }

  json Search(const json& overrides) {
    const std::string body = SearchBody(overrides).dump();
    return Json(Raw("POST", kYgpSearchPath, SignedHeaders(body), body));
  }
  json Get(const std::string& target) { return Json(Raw("GET", target)); }

  json NodeList(const std::string& code, const std::string& trading_type) {
    return Get(std::string(kYgpNodeListPath) + "?siteCode=440200&tradingType=" + trading_type +
               "&bizCode=&projectCode=" + UrlEncode(code) + "&classify=");
  }
  json Detail(const json& row, const std::string& node_id) {
    return Get(std::string(kYgpDetailPath) + "?nodeId=" + node_id + "&version=v3&tradingType=" +
               row["noticeSecondType"].get<std::string>() + "&noticeId=" + row["noticeId"].get<std::string>() +
               "&bizCode=" + row["tradingProcess"].get<std::string>() +
               "&projectCode=" + UrlEncode(row["projectCode"]) + "&siteCode=440200");
  }

  // Every row the search gives for `overrides`, page by page, checking the paging.
  std::vector<json> AllRows(json overrides, int page_size = 25) {
    std::vector<json> rows;
    overrides["pageSize"] = page_size;
    for (int page = 1;; ++page) {
      overrides["pageNo"] = page;
      const json answer = Search(overrides);
      EXPECT_EQ(answer["errcode"], 0);
      const json& data = answer["data"];
      const long total = data["total"];
      EXPECT_EQ(data["pageTotal"], (total + page_size - 1) / page_size);
      for (const json& row : data["pageData"]) rows.push_back(row);
      if (page >= data["pageTotal"].get<long>()) {
        overrides["pageNo"] = page + 1;
        const json beyond = Search(overrides);
        EXPECT_TRUE(beyond["data"]["pageData"].empty());
        EXPECT_EQ(beyond["data"]["total"], total);
        EXPECT_EQ(static_cast<long>(rows.size()), total);
        return rows;
      }
      EXPECT_EQ(data["pageData"].size(), static_cast<size_t>(page_size));
    }
  }

 private:
  std::unique_ptr<RawHttpConnection> connection_;
};

std::set<std::string> StandingIds(CivilDate as_of) {
  std::set<std::string> ids;
  for (const IndexedNotice& entry : TestWorld().Index(Generation::kYgp)) {
    if (IsVisible(TestWorld().NoticeOf(entry.ref()), as_of))
      ids.insert(TestWorld().NoticeId(Generation::kYgp, entry.ref()));
  }
  return ids;
}

// The world's notice behind a row.
std::pair<Project, Notice> Fact(const json& row) {
  const NoticeRef ref = *TestWorld().FindNotice(Generation::kYgp, row["noticeId"].get<std::string>());
  Project project = TestWorld().ProjectAt(ref.subject);
  Notice notice = project.notices[ref.slot];
  return {project, notice};
}

const std::vector<std::string> kRowFields = {"noticeId",
                                             "docId",
                                             "noticeTitle",
                                             "highlightNoticeContent",
                                             "publishDate",
                                             "projectCode",
                                             "projectOwner",
                                             "regionName",
                                             "regionCode",
                                             "siteCode",
                                             "siteName",
                                             "pubServicePlat",
                                             "datasetName",
                                             "edition",
                                             "projectType",
                                             "projectTypeName",
                                             "tradingProcess",
                                             "noticeSecondType",
                                             "noticeSecondTypeDesc",
                                             "noticeThirdType",
                                             "noticeThirdTypeDesc",
                                             "noticeTypeDesc",
                                             "noticeNature"};

TEST(YgpTradingSiteTest, SearchPagesEveryStandingNoticeOnceNewestFirstInSitesShape) {
  const CivilDate as_of = D("2025-12-31");
  ServedSite site(as_of);
  const std::set<std::string> expected = StandingIds(as_of);
  ASSERT_GT(expected.size(), 100u);
  const std::vector<json> rows = site.AllRows({});
  std::set<std::string> seen;
  std::string previous = "99999999999999";
  const std::regex id_shape("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}");
  const std::regex code_shape("E4402[0-9]{2}[0-9A-Za-z]{13}");
  bool highlighted = false;
  for (const json& row : rows) {
    std::set<std::string> keys;
    for (const auto& [key, value] : row.items()) keys.insert(key);
    EXPECT_EQ(keys, std::set<std::string>(kRowFields.begin(), kRowFields.end()));
    const std::string id = row["noticeId"];
    EXPECT_TRUE(seen.insert(id).second) << id;
    EXPECT_TRUE(std::regex_match(id, id_shape)) << id;
    EXPECT_TRUE(std::regex_match(row["projectCode"].get<std::string>(), code_shape)) << row["projectCode"];
    const std::string date = row["publishDate"];
    EXPECT_TRUE(std::regex_match(date, std::regex("20(2[1-5])[01][0-9][0-3][0-9][0-2][0-9][0-5][0-9][0-5][0-9]")))
        << date;
    EXPECT_LE(date, previous);
    previous = date;
    EXPECT_EQ(row["edition"], "v3");
    EXPECT_EQ(row["siteCode"], "440200");
    EXPECT_TRUE(row["regionCode"].get<std::string>().starts_with("4402"));
    EXPECT_EQ(row["tradingProcess"], row["noticeThirdType"]);
    const auto [project, notice] = Fact(row);
    EXPECT_EQ(date, CompactDateTime(notice.published, notice.second_of_day));
    EXPECT_EQ(row["projectOwner"], project.buyer.name);
    EXPECT_EQ(row["regionCode"], project.region_code);
    const std::string title = row["noticeTitle"];
    EXPECT_NE(StripTags(title).find(project.name), std::string::npos);
    if (notice.highlighted_title) {
      highlighted = true;
      EXPECT_NE(title.find("<span style=\"color:red\">"), std::string::npos) << title;
      EXPECT_NE(StripTags(title).find(project.name), std::string::npos);
    } else {
      EXPECT_EQ(title.find('<'), std::string::npos) << title;
    }
    if (project.domain != Domain::kProcurement) {
      EXPECT_EQ(row["projectCode"], project.code);
    }
    const std::string second = row["noticeSecondType"];
    EXPECT_EQ(second, std::string(1, "DABC"[static_cast<int>(project.domain)]));
  }
  EXPECT_TRUE(highlighted);
  EXPECT_EQ(seen, expected);
  // Fields come in SITES.md's order.
  const std::string body = SearchBody({}).dump();
  const auto page = nlohmann::ordered_json::parse(site.Raw("POST", kYgpSearchPath, SignedHeaders(body), body).body);
  std::vector<std::string> order;
  for (const auto& [key, value] : page["data"]["pageData"][0].items()) order.push_back(key);
  EXPECT_EQ(order, kRowFields);
  std::vector<std::string> envelope;
  for (const auto& [key, value] : page.items()) envelope.push_back(key);
  EXPECT_EQ(envelope, (std::vector<std::string>{"errcode", "errmsg", "data"}));
}

TEST(YgpTradingSiteTest, FiltersByTypeProcessRegionTimeAndKeyword) {
  const CivilDate as_of = D("2025-12-31");
  ServedSite site(as_of);
  const long total = site.Search({})["data"]["total"];

  const std::set<std::string> works = {"3C14", "3C21", "3C24", "3C42", "3C52", "3C61"};
  const std::vector<json> construction = site.AllRows({{"secondType", "A"}});
  ASSERT_FALSE(construction.empty());
  for (const json& row : construction) {
    EXPECT_TRUE(works.count(row["tradingProcess"])) << row["tradingProcess"];
    EXPECT_EQ(row["noticeSecondTypeDesc"], "工程建设");
    EXPECT_EQ(Fact(row).first.domain, Domain::kConstruction);
  }
  // The procurement results crawlers ask for, counted from the world.
  long results = 0;
  const NoticeList visible = TestWorld().Visible(Generation::kYgp, as_of);
  for (size_t i = 0; i < visible.size(); ++i) {
    results += visible[i].kind == NoticeKind::kResult &&
               TestWorld().ProjectAt(visible[i].subject).domain == Domain::kProcurement;
  }
  ASSERT_GT(results, 0);
  const std::vector<json> awards = site.AllRows({{"secondType", "D"}, {"tradingProcess", "553,3871,2871,2873"}});
  EXPECT_EQ(static_cast<long>(awards.size()), results);
  for (const json& row : awards) EXPECT_EQ(Fact(row).second.kind, NoticeKind::kResult);
  const std::vector<json> candidates = site.AllRows({{"tradingProcess", "3C42"}});
  for (const json& row : candidates) EXPECT_EQ(Fact(row).second.kind, NoticeKind::kCandidates);
  EXPECT_FALSE(candidates.empty());
  long land = site.Search({{"secondType", "B"}})["data"]["total"];
  long property = site.Search({{"secondType", "C"}})["data"]["total"];
  long procurement = site.Search({{"secondType", "D"}})["data"]["total"];
  EXPECT_GT(land, 0);
  EXPECT_GT(property, 0);
  EXPECT_EQ(static_cast<long>(construction.size()) + land + property + procurement, total);

  // Counties partition the city; the province code "44" covers it all; 440000 and other cities nothing.
  long by_region = 0;
  for (const json& row : site.AllRows({}, 100)) by_region += row["regionCode"] == "440200";
  for (const Region& region : Regions()) {
    if (std::string(region.code) == "440200") continue;  // 440200 as siteCode is the whole city
    const json answer = site.Search({{"siteCode", region.code}, {"pageSize", 100}});
    by_region += answer["data"]["total"].get<long>();
    for (const json& row : answer["data"]["pageData"]) EXPECT_EQ(row["regionCode"], region.code);
  }
  EXPECT_EQ(by_region, total);
  EXPECT_EQ(site.Search({{"siteCode", "44"}})["data"]["total"], total);
  EXPECT_EQ(site.Search({{"siteCode", "440000"}})["data"]["total"], 0);
  EXPECT_EQ(site.Search({{"siteCode", "440100"}})["data"]["total"], 0);

  const std::vector<json> in_2024 =
      site.AllRows({{"publishStartTime", "20240101"}, {"publishEndTime", "2024-12-31 23:59:59"}});
  ASSERT_FALSE(in_2024.empty());
  for (const json& row : in_2024) EXPECT_TRUE(row["publishDate"].get<std::string>().starts_with("2024"));

  const json first = site.Search({{"pageSize", 1}})["data"]["pageData"][0];
  const std::string keyword = Fact(first).first.name;
  const std::vector<json> found = site.AllRows({{"keyword", keyword}});
  ASSERT_FALSE(found.empty());
  for (const json& row : found) EXPECT_NE(StripTags(row["noticeTitle"]).find(keyword), std::string::npos);
}

TEST(YgpTradingSiteTest, UnsignedOrMalformedSearchesAreRefused) {
  ServedSite site(D("2025-12-31"));
  const std::string body = SearchBody({}).dump();
  const json unsigned_answer = site.Json(site.Raw("POST", kYgpSearchPath, "Content-Type: application/json\r\n", body));
  EXPECT_EQ(unsigned_answer, json::parse(R"({"errcode":90104,"errmsg":"访问过于频繁或签名错误","data":null})"));
  // Signed for another body.
  const std::string other = SearchBody({{"pageNo", 2}}).dump();
  EXPECT_EQ(site.Json(site.Raw("POST", kYgpSearchPath, SignedHeaders(other), body))["errcode"], 90104);
  const std::string bad_page = SearchBody({{"pageNo", "x"}}).dump();
  const json refused = site.Json(site.Raw("POST", kYgpSearchPath, SignedHeaders(bad_page), bad_page));
  EXPECT_EQ(refused["errcode"], 500);
  EXPECT_TRUE(refused["data"].is_null());
  EXPECT_EQ(site.Search({{"publishStartTime", "2024/01/01"}})["errcode"], 500);
  EXPECT_EQ(site.Raw("GET", kYgpSearchPath).status, 405);
  EXPECT_EQ(site.Raw("POST", kYgpDetailPath).status, 405);
  // Paths of other generations are left to the composer.
  EXPECT_EQ(site.Raw("GET", "/ggzy-portal/search/v1/items").status, 404);
  EXPECT_EQ(site.Raw("GET", "/ggzy-portal/search/v1/items").body, "not this generation");
}

TEST(YgpTradingSiteTest, SingleNodeGivesTheKnownNodeIds) {
  ServedSite site(D("2025-12-31"));
  const std::map<std::string, std::string> known = {{"3C14", "2005939215280603137"},
                                                    {"3C51", "2005939215293186049"},
                                                    {"3C52", "2005939215326740481"},
                                                    {"3C61", "1982028456772669441"}};
  for (const auto& [biz_code, node] : known) {
    const json answer = site.Get(std::string(kYgpSingleNodePath) +
                                 "?siteCode=440200&tradingType=A&bizCode=" + biz_code + "&classify=A07");
    EXPECT_EQ(answer["errcode"], 0);
    EXPECT_EQ(answer["data"], node);
  }
  EXPECT_EQ(site.Get(std::string(kYgpSingleNodePath) + "?siteCode=440200&tradingType=A&bizCode=9Z99")["errcode"], 404);
}

// What a detail's richtext and records must say, from the world's facts.
// Returns whether a record carries the literal "Invalid date".
bool ExpectFacts(const Project& p, const Notice& n, const json& data) {
  const json& columns = data["tradingNoticeColumnModelList"];
  EXPECT_EQ(columns.size(), 2u);
  const std::string html = columns[0]["richtext"];
  const std::string text = StripTags(html);
  std::map<std::string, std::string> fields;
  for (const json& record : columns[1]["multiKeyValueTableList"]) {
    EXPECT_TRUE(record.is_array());
    for (const json& field : record) {
      EXPECT_TRUE(field.contains("code") && field.contains("key") && field.contains("value")) << field;
      fields.emplace(field["code"], field["value"]);
    }
  }
  if (p.domain != Domain::kProcurement) {
    EXPECT_NE(html.find("<td class=\"label\">"), std::string::npos);
  }
  EXPECT_NE(text.find(p.buyer.name), std::string::npos);
  EXPECT_NE(text.find(p.agency.phone), std::string::npos);
  const std::string code = n.code_platform_own ? YgpProjectCode(p) : n.code_full_width ? FullWidth(p.code) : p.code;
  EXPECT_NE(text.find(code), std::string::npos) << code;
  const int64_t award = p.AwardFen();
  const auto has_award = [&](int64_t fen) {
    return text.find(YuanWithSeparators(fen)) != std::string::npos ||
           text.find("中标价（万元）：" + WanYuan(fen, 6)) != std::string::npos ||
           html.find("中标价（万元）</td><td class=\"value\">" + WanYuan(fen, 6)) != std::string::npos;
  };
  switch (n.kind) {
    case NoticeKind::kTender:
      EXPECT_NE(text.find(YuanWithSeparators(p.BudgetFen())), std::string::npos);
      EXPECT_NE(text.find(p.venue), std::string::npos);
      if (p.domain == Domain::kConstruction) {
        EXPECT_NE(text.find(p.investment_code), std::string::npos);
        EXPECT_NE(text.find(ChineseDeadline(p.opening, 9, 30)), std::string::npos);
      }
      break;
    case NoticeKind::kCandidates:
      for (const Candidate& c : p.candidates) {
        EXPECT_NE(text.find(c.party.name), std::string::npos);
        EXPECT_NE(text.find(YuanWithSeparators(c.bid_fen)), std::string::npos);
        EXPECT_NE(text.find(c.manager), std::string::npos);
        EXPECT_EQ(text.find(c.certificate) != std::string::npos, !(n.omitted & kManagerCertificate));
      }
      EXPECT_NE(html.find("<th>排名</th><th>中标候选人</th><th>投标报价（元）</th>"), std::string::npos);
      break;
    case NoticeKind::kResult:
      EXPECT_NE(text.find(p.supplier.name), std::string::npos);
      EXPECT_NE(text.find(p.supplier.address), std::string::npos);
      if (p.domain == Domain::kProcurement) {
        for (const Lot& lot : p.lots) EXPECT_NE(text.find(YuanWithSeparators(lot.award_fen)), std::string::npos);
      } else {
        EXPECT_TRUE(has_award(award)) << text;
      }
      EXPECT_EQ(fields["WIN_BIDDER_NAME"], p.supplier.name);
      EXPECT_EQ(fields["WIN_BID_PRICE"], PlainYuan(award));
      EXPECT_EQ(fields["WIN_BID_DATE"], p.decided ? p.decided->Iso() : "Invalid date");
      break;
    case NoticeKind::kContract:
      EXPECT_NE(text.find(p.contract_supplier.name), std::string::npos);
      EXPECT_NE(text.find(YuanWithSeparators(p.contract_amount_fen)), std::string::npos);
      if (p.signed_on && !(n.omitted & kSigningDate)) {
        EXPECT_NE(text.find(ChineseDate(*p.signed_on)), std::string::npos);
      }
      EXPECT_EQ(fields["CONTRACT_PARTY_A"], p.buyer.name);
      EXPECT_EQ(fields["BID_AMOUNT"], PlainYuan(p.contract_amount_fen));
      break;
    case NoticeKind::kTermination:
      EXPECT_NE(text.find(p.termination_reason), std::string::npos);
      break;
    default:
      break;
  }
  if (p.domain == Domain::kProcurement) {
    EXPECT_TRUE(fields.count("PURCHASER_NAME"));
  } else {
    EXPECT_EQ(fields["TENDERER_NAME"], p.buyer.name);
  }
  for (const auto& [code, value] : fields) {
    if (value == "Invalid date") return true;
  }
  return false;
}

TEST(YgpTradingSiteTest, TwoStepDetailOfEveryNoticeSaysWhatTheWorldSays) {
  const CivilDate as_of = D("2025-12-31");
  ServedSite site(as_of);
  std::set<NoticeKind> kinds;
  bool full_width = false;
  bool without_certificate = false;
  bool invalid_date = false;
  for (const json& row : site.AllRows({}, 100)) {
    const auto [stored, notice] = Fact(row);
    const Project project = AsShown(stored, notice, as_of);
    const json nodes = site.NodeList(row["projectCode"], row["noticeSecondType"]);
    ASSERT_EQ(nodes["errcode"], 0);
    std::string node_id;
    for (const json& node : nodes["data"]) {
      if (node["selectedBizCode"] == row["tradingProcess"]) {
        node_id = node["nodeId"];
        EXPECT_GE(node["dataCount"].get<int>(), 1);
      }
    }
    ASSERT_FALSE(node_id.empty()) << row["projectCode"] << " " << row["tradingProcess"];
    const json single = site.Get(
        std::string(kYgpSingleNodePath) + "?siteCode=440200&tradingType=" + row["noticeSecondType"].get<std::string>() +
        "&bizCode=" + row["tradingProcess"].get<std::string>() + "&classify=" + row["projectType"].get<std::string>());
    EXPECT_EQ(single["data"], node_id);
    const json detail = site.Detail(row, node_id);
    ASSERT_EQ(detail["errcode"], 0) << row;
    const json& data = detail["data"];
    EXPECT_EQ(data["title"], StripTags(row["noticeTitle"]));
    EXPECT_EQ(data["publishDate"], row["publishDate"]);
    EXPECT_EQ(data["projectCode"], row["projectCode"]);
    invalid_date |= ExpectFacts(project, notice, data);
    kinds.insert(notice.kind);
    full_width |= notice.code_full_width;
    without_certificate |= (notice.omitted & kManagerCertificate) != 0;
  }
  for (NoticeKind kind : {NoticeKind::kTender, NoticeKind::kCandidates, NoticeKind::kResult, NoticeKind::kContract}) {
    EXPECT_TRUE(kinds.count(kind)) << NoticeKindName(kind);
  }
  EXPECT_TRUE(full_width);
  EXPECT_TRUE(without_certificate);
  EXPECT_TRUE(invalid_date);
}

TEST(YgpTradingSiteTest, DetailRefusesUnknownOrMismatchedNotices) {
  ServedSite site(D("2025-12-31"));
  const json row =
      site.Search({{"secondType", "A"}, {"tradingProcess", "3C14"}, {"pageSize", 1}})["data"]["pageData"][0];
  const std::string node = "2005939215280603137";
  EXPECT_EQ(site.Detail(row, node)["errcode"], 0);
  json other = row;
  other["tradingProcess"] = "3C52";
  EXPECT_EQ(site.Detail(other, "2005939215326740481")["errcode"], 404);
  EXPECT_EQ(site.Detail(row, "2005939215326740481")["errcode"], 404);
  other = row;
  other["noticeId"] = "00000000-0000-4000-8000-000000000000";
  const json missing = site.Detail(other, node);
  EXPECT_EQ(missing["errcode"], 404);
  EXPECT_TRUE(missing["data"].is_null());
  EXPECT_EQ(site.NodeList("E4402002500000000001", "A")["data"], json::array());
}

TEST(YgpTradingSiteTest, NoticesAppearOnTheirPublicationDayAndShowEditsAndRemovals) {
  const World& world = TestWorld();
  std::optional<NoticeRef> edited;
  std::optional<NoticeRef> removed;
  for (const IndexedNotice& entry : world.Index(Generation::kYgp)) {
    const Notice notice = world.NoticeOf(entry.ref());
    if (notice.edited && !edited) edited = entry.ref();
    if (notice.removed && !removed) removed = entry.ref();
  }
  ASSERT_TRUE(edited && removed);

  auto find = [&](ServedSite& site, const Project& project, NoticeRef ref) {
    const json answer = site.Search({{"keyword", project.name}, {"pageSize", 100}});
    const std::string id = world.NoticeId(Generation::kYgp, ref);
    for (const json& row : answer["data"]["pageData"]) {
      if (row["noticeId"] == id) return std::optional<json>(row);
    }
    return std::optional<json>();
  };
  {
    const Project project = world.ProjectAt(removed->subject);
    const Notice& notice = project.notices[removed->slot];
    ServedSite before(notice.removed->PlusDays(-1));
    ServedSite after(*notice.removed);
    ServedSite unpublished(notice.published.PlusDays(-1));
    const std::optional<json> row = find(before, project, *removed);
    ASSERT_TRUE(row);
    const std::string node = *YgpNodeId((*row)["tradingProcess"].get<std::string>());
    EXPECT_EQ(before.Detail(*row, node)["errcode"], 0);
    EXPECT_FALSE(find(after, project, *removed));
    EXPECT_EQ(after.Detail(*row, node)["errcode"], 404);
    EXPECT_FALSE(find(unpublished, project, *removed));
    EXPECT_EQ(unpublished.Detail(*row, node)["errcode"], 404);
  }
  {
    const Project project = world.ProjectAt(edited->subject);
    const Notice& notice = project.notices[edited->slot];
    ServedSite before(notice.edited->PlusDays(-1));
    ServedSite after(*notice.edited);
    ServedSite published(notice.published);
    EXPECT_TRUE(find(published, project, *edited));
    const std::optional<json> row = find(before, project, *edited);
    ASSERT_TRUE(row);
    const std::string node = *YgpNodeId((*row)["tradingProcess"].get<std::string>());
    const std::string old_text = before.Detail(*row, node)["data"]["tradingNoticeColumnModelList"][0]["richtext"];
    const std::string new_text = after.Detail(*row, node)["data"]["tradingNoticeColumnModelList"][0]["richtext"];
    EXPECT_EQ(old_text.find(notice.edit_value), std::string::npos);
    EXPECT_NE(new_text.find(notice.edit_value), std::string::npos) << notice.edit_value;
    const std::string original = notice.edit == EditedField::kVenue ? project.venue : project.agency.phone;
    EXPECT_NE(old_text.find(original), std::string::npos);
  }
}

TEST(YgpTradingSiteTest, PagesAreByteIdenticalForTheSameSeedScaleAndDay) {
  const World again = BuildWorld(42, 3, WorkCalendar::Embedded());
  ServedSite first(D("2025-06-30"));
  ServedSite second(D("2025-06-30"), again);
  const std::string body = SearchBody({{"pageNo", 2}, {"pageSize", 30}}).dump();
  const RawResponse a = first.Raw("POST", kYgpSearchPath, SignedHeaders(body), body);
  const RawResponse b = second.Raw("POST", kYgpSearchPath, SignedHeaders(body), body);
  EXPECT_EQ(a.body, b.body);
  const json row = json::parse(a.body)["data"]["pageData"][0];
  const std::string target = std::string(kYgpDetailPath) + "?noticeId=" + row["noticeId"].get<std::string>();
  EXPECT_EQ(first.Raw("GET", target).body, second.Raw("GET", target).body);
}

}  // namespace
}  // namespace gapwatch::sim
