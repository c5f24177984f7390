// The simulated credit site (信用韶关, modelled on 信用广东, SITES.md §4) over
// real HTTP on loopback: the JS shells and their cookie, the list API of each
// table (keys of the 双公示 standard, paging and its end, GET and POST,
// keyword search, errors), the th/td detail pages, visibility by as-of
// (publication, the edited fine, the removed licence, the blacklist's
// removal date), the planted facts as the world holds them, determinism.
#include "sim/credit_site.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string_view>

#include "sim/http_server.h"
#include "sim/world_formats.h"
#include "sim/world_ids.h"
#include "tests/sim/raw_http_client.h"
#include "tests/sim/served_generation.h"

namespace gapwatch::sim {
namespace {

// Ordered, so that key order can be asserted.
using json = nlohmann::ordered_json;
using testing::HttpGet;
using testing::RawHttpConnection;
using testing::RawResponse;

constexpr CivilDate kAsOf{2025, 12, 31};

const World& TestWorld() {
  static const World world = BuildWorld(42, 3, WorkCalendar::Embedded());
  return world;
}

// A credit site for one as-of day behind a real HTTP server; paths it does
// not own get the composer's plain 404.
class Served : public testing::ServedGeneration<CreditSite> {
 public:
  explicit Served(CivilDate as_of) : ServedGeneration(TestWorld(), as_of) {}
  json List(CreditTable table, const std::string& extra = "") const {
    const RawResponse response =
        Get(std::string(kCreditApiPath) + "?tableName=" + TableName(table) + "&page=1&pageSize=10" + extra);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.headers.at("content-type"), "application/json;charset=UTF-8");
    return json::parse(response.body);
  }
};

std::string DetailTarget(CreditTable table, const std::string& id) {
  return std::string(kCreditDetailPath) + "?tableName=" + TableName(table) + "&id=" + id;
}

std::string IdOf(NoticeRef ref) { return TestWorld().NoticeId(Generation::kCreditSite, ref); }

// Every row of a table, page after page, until a page comes back empty.
std::vector<json> AllRows(const Served& served, CreditTable table, int page_size) {
  std::vector<json> rows;
  for (int page = 1;; ++page) {
    const json body = json::parse(served
                                      .Get(std::string(kCreditApiPath) + "?tableName=" + TableName(table) +
                                           "&page=" + std::to_string(page) + "&pageSize=" + std::to_string(page_size))
                                      .body);
    EXPECT_EQ(body["code"], 0);
    const json& data = body["data"];
    EXPECT_EQ(data["page"], page);
    EXPECT_EQ(data["totalPage"], (data["total"].get<int>() + page_size - 1) / page_size);
    if (data["rows"].empty()) {
      EXPECT_EQ(page, data["totalPage"].get<int>() + 1) << "the list ends right after its last page";
      return rows;
    }
    EXPECT_LE(data["rows"].size(), static_cast<size_t>(page_size));
    for (const json& row : data["rows"]) rows.push_back(row);
  }
}

// The ids of a table's records standing on as_of, from the world's facts.
std::set<std::string> StandingIds(NoticeKind kind, CivilDate as_of) {
  std::set<std::string> ids;
  for (const IndexedNotice& entry : TestWorld().Index(Generation::kCreditSite)) {
    if (entry.kind == kind && IsVisible(TestWorld().NoticeOf(entry.ref()), as_of)) ids.insert(IdOf(entry.ref()));
  }
  return ids;
}

// Both date styles of SITES.md §6 the site writes: 2025-03-18 and 2025/03/18.
std::optional<CivilDate> ParseCreditDate(std::string text) {
  if (!std::regex_match(text, std::regex(R"(\d{4}([-/])\d{2}\1\d{2})"))) return std::nullopt;
  std::replace(text.begin(), text.end(), '/', '-');
  return CivilDate::Parse(text);
}

// The <th>label</th><td>value</td> pairs of a detail page.
std::vector<std::pair<std::string, std::string>> DetailPairs(const std::string& html) {
  std::vector<std::pair<std::string, std::string>> pairs;
  const std::regex row("<tr><th>([^<]*)</th><td>([^<]*)</td></tr>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), row); it != std::sregex_iterator(); ++it) {
    pairs.emplace_back((*it)[1], (*it)[2]);
  }
  return pairs;
}

// The first credit subject of a role.
SubjectId SubjectOfRole(std::string_view role) {
  for (SubjectId id = 0; id < TestWorld().subject_count(); ++id) {
    const SubjectType type = TestWorld().TypeOf(id);
    if (type == SubjectType::kCreditRecord && TestWorld().CreditRecordAt(id).role == role) return id;
    if (type == SubjectType::kBlacklistEntry && TestWorld().BlacklistEntryAt(id).role == role) return id;
  }
  ADD_FAILURE() << "no subject of role " << role;
  return 0;
}

bool Listed(const Served& served, CreditTable table, const std::string& id) {
  for (const json& row : AllRows(served, table, 50)) {
    if (row["ID"] == id) return true;
  }
  return false;
}

std::vector<std::string> Keys(const json& row) {
  std::vector<std::string> keys;
  for (auto it = row.begin(); it != row.end(); ++it) keys.push_back(it.key());
  return keys;
}

TEST(CreditSiteTest, ShellsNameTheApiAndHandOutASessionCookie) {
  const Served served(kAsOf);
  for (CreditTable table : kCreditTables) {
    const RawResponse shell = served.Get(ShellPath(table));
    ASSERT_EQ(shell.status, 200) << ShellPath(table);
    EXPECT_EQ(shell.headers.at("content-type"), "text/html;charset=UTF-8");
    EXPECT_NE(shell.body.find("<meta charset=\"UTF-8\">"), std::string::npos);
    EXPECT_NE(shell.body.find("\"/gdcreditwebApi2//company/web/booleanQueryListByPageSimple\""), std::string::npos);
    EXPECT_NE(shell.body.find("TABLE_NAME = \"" + std::string(TableName(table)) + "\""), std::string::npos);
    EXPECT_NE(shell.body.find("/page/creditPublic/detail.html?tableName=" + std::string(TableName(table)) + "&id="),
              std::string::npos);
    EXPECT_TRUE(
        std::regex_match(shell.headers.at("set-cookie"), std::regex("JSESSIONID=[0-9A-F]{32}; Path=/; HttpOnly")));
  }
  EXPECT_EQ(served.Get("/page/creditPublic/tqnmggz.html").status, 404) << "not the credit site's path";
  EXPECT_EQ(served.Get("/gdcreditwebApi2/company/web/booleanQueryListByPageSimple?tableName=xzxk").status, 404)
      << "only the double-slash path is the API";
}

TEST(CreditSiteTest, EachTablePagesThroughExactlyItsStandingRecordsNewestFirst) {
  const Served served(kAsOf);
  const std::pair<CreditTable, NoticeKind> tables[] = {{CreditTable::kLicences, NoticeKind::kLicence},
                                                       {CreditTable::kPenalties, NoticeKind::kPenalty},
                                                       {CreditTable::kBlacklist, NoticeKind::kBlacklisting}};
  for (const auto& [table, kind] : tables) {
    const std::vector<json> rows = AllRows(served, table, 4);
    std::set<std::string> ids;
    std::string previous = "9999-12-31";
    for (const json& row : rows) {
      ids.insert(row["ID"].get<std::string>());
      EXPECT_TRUE(std::regex_match(row["ID"].get<std::string>(), std::regex("[0-9a-f]{32}")));
      const std::string published = row["GSRQ"];
      EXPECT_LE(published, previous) << "newest first";
      previous = published;
    }
    EXPECT_EQ(ids.size(), rows.size()) << "no record twice";
    EXPECT_EQ(ids, StandingIds(kind, kAsOf)) << TableName(table);
    EXPECT_FALSE(ids.empty());
  }
}

TEST(CreditSiteTest, RowsCarryTheDoubleDisclosureKeysInTheStandardsOrder) {
  const Served served(kAsOf);
  const std::vector<std::string> licence = {"ID",      "XK_XDR_MC", "XK_XDR_SHXYM", "XK_FDDB", "XK_XKWS",
                                            "XK_WSH",  "XK_XKLB",   "XK_XKZS",      "XK_XKBH", "XK_NR",
                                            "XK_JDRQ", "XK_YXQZ",   "XK_YXQZI",     "XK_XKJG", "XK_XKJGDM",
                                            "XK_ZT",   "XK_LYDW",   "BZ",           "GSRQ"};
  const std::vector<std::string> penalty = {"ID",        "CF_WSH", "CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_FRDB",
                                            "CF_WFXW",   "CF_SY",  "CF_YJ",     "CF_CFLB",   "CF_NR",        "CF_NR_FK",
                                            "CF_JDRQ",   "CF_YXQ", "CF_GSJZQ",  "CF_CFJG",   "CF_CFJGDM",    "CF_SJLY",
                                            "CF_SJLYDM", "BZ",     "GSRQ"};
  const std::vector<std::string> blacklist = {"ID",       "HMD_ZTMC", "HMD_SHXYM", "HMD_LX",   "HMD_RDBM",
                                              "HMD_RDYJ", "HMD_WSH",  "HMD_LRRQ",  "HMD_YCRQ", "GSRQ"};
  const json licences = served.List(CreditTable::kLicences);
  const json penalties = served.List(CreditTable::kPenalties);
  const json listings = served.List(CreditTable::kBlacklist);
  ASSERT_FALSE(licences["data"]["rows"].empty());
  ASSERT_FALSE(penalties["data"]["rows"].empty());
  ASSERT_FALSE(listings["data"]["rows"].empty());
  EXPECT_EQ(Keys(licences["data"]["rows"][0]), licence);
  EXPECT_EQ(Keys(penalties["data"]["rows"][0]), penalty);
  EXPECT_EQ(Keys(listings["data"]["rows"][0]), blacklist);
  EXPECT_EQ(Keys(penalties), (std::vector<std::string>{"code", "msg", "data"}));
  EXPECT_EQ(Keys(penalties["data"]), (std::vector<std::string>{"rows", "page", "pageSize", "totalPage", "total"}));
  for (const json& row : penalties["data"]["rows"]) {
    for (const std::string& key : penalty) EXPECT_TRUE(row[key].is_string()) << key;
  }
}

TEST(CreditSiteTest, RecordsSayWhatTheWorldHolds) {
  const Served served(kAsOf);
  std::set<char> separators;
  int without_basis = 0;
  for (CreditTable table : {CreditTable::kLicences, CreditTable::kPenalties}) {
    for (const json& row : AllRows(served, table, 50)) {
      const NoticeRef ref = *TestWorld().FindNotice(Generation::kCreditSite, row["ID"].get<std::string>());
      const CreditRecord stored = TestWorld().CreditRecordAt(ref.subject);
      const Notice& notice = stored.notices[ref.slot];
      const CreditRecord record = AsShown(stored, notice, kAsOf);
      const bool licence = table == CreditTable::kLicences;
      const std::string prefix = licence ? "XK_" : "CF_";
      EXPECT_EQ(row[prefix + "XDR_MC"], record.party.name);
      EXPECT_EQ(row[prefix + "XDR_SHXYM"], record.party.uscc);
      EXPECT_TRUE(IsValidUscc(row[prefix + "XDR_SHXYM"].get<std::string>()));
      EXPECT_EQ(row[prefix + "WSH"], record.number);
      EXPECT_EQ(row["GSRQ"], notice.published.Iso());
      const std::string decided = row[prefix + "JDRQ"];
      EXPECT_EQ(ParseCreditDate(decided), record.decided) << decided;
      separators.insert(decided[4]);
      // One record, one date style.
      const std::string until = row[licence ? "XK_YXQZI" : "CF_GSJZQ"];
      EXPECT_EQ(ParseCreditDate(until), record.valid_until);
      EXPECT_EQ(until[4], decided[4]);
      if (licence) {
        EXPECT_EQ(row["XK_XKJG"], record.authority);
        EXPECT_EQ(row["XK_XKBH"], record.licence_number);
        EXPECT_EQ(row["XK_ZT"], record.valid_until >= kAsOf ? "1" : "2");
      } else {
        EXPECT_EQ(row["CF_CFJG"], record.authority);
        EXPECT_EQ(row["CF_CFJGDM"], record.authority_uscc);
        // 万元 with 6 decimals: back to fen exactly.
        const std::string wan = row["CF_NR_FK"];
        EXPECT_TRUE(std::regex_match(wan, std::regex(R"(\d+\.\d{6})"))) << wan;
        EXPECT_EQ(std::llround(std::stod(wan) * 1000000), record.fine_fen);
        const bool omitted = (notice.omitted & kPenaltyBasis) != 0;
        EXPECT_EQ(row["CF_YJ"], omitted ? "" : record.basis);
        EXPECT_FALSE(record.basis.empty());
        without_basis += omitted;
      }
    }
  }
  EXPECT_EQ(separators, (std::set<char>{'-', '/'})) << "both date styles occur";
  EXPECT_GE(without_basis, 1) << "penalty_without_basis leaves CF_YJ empty";
}

TEST(CreditSiteTest, DetailPagesAreThTdTablesOfTheRowsValues) {
  const Served served(kAsOf);
  const std::map<CreditTable, std::map<std::string, std::string>> labels = {{CreditTable::kLicences,
                                                                             {{"XK_WSH", "行政许可决定文书号"},
                                                                              {"XK_XDR_MC", "行政相对人名称"},
                                                                              {"XK_XDR_SHXYM", "统一社会信用代码"},
                                                                              {"XK_JDRQ", "许可决定日期"},
                                                                              {"GSRQ", "公示日期"}}},
                                                                            {CreditTable::kPenalties,
                                                                             {{"CF_WSH", "行政处罚决定书文号"},
                                                                              {"CF_XDR_MC", "行政相对人名称"},
                                                                              {"CF_JDRQ", "处罚决定日期"},
                                                                              {"CF_YJ", "处罚依据"},
                                                                              {"CF_NR_FK", "罚款金额（万元）"},
                                                                              {"GSRQ", "公示日期"}}},
                                                                            {CreditTable::kBlacklist,
                                                                             {{"HMD_ZTMC", "黑名单记录主体"},
                                                                              {"HMD_SHXYM", "统一社会信用代码"},
                                                                              {"HMD_RDBM", "认定部门"},
                                                                              {"HMD_LRRQ", "列入黑名单日期"},
                                                                              {"HMD_YCRQ", "移除黑名单日期"},
                                                                              {"HMD_LX", "黑名单类型"},
                                                                              {"HMD_RDYJ", "黑名单认定依据"}}}};
  RawHttpConnection connection("127.0.0.1", served.port());
  for (const auto& [table, wanted] : labels) {
    const json list = served.List(table);  // a range-for over a temporary's member would dangle
    for (const json& row : list["data"]["rows"]) {
      const auto detail = connection.Get(DetailTarget(table, row["ID"]));
      ASSERT_TRUE(detail);
      ASSERT_EQ(detail->status, 200);
      EXPECT_EQ(detail->headers.at("content-type"), "text/html;charset=UTF-8");
      EXPECT_NE(detail->body.find("<table class=\"detail-table\">"), std::string::npos);
      const auto pairs = DetailPairs(detail->body);
      EXPECT_EQ(pairs.size(), row.size() - 1) << "every field but ID, once";
      const std::map<std::string, std::string> by_label(pairs.begin(), pairs.end());
      for (const auto& [key, label] : wanted) {
        ASSERT_TRUE(by_label.count(label)) << label;
        EXPECT_EQ(by_label.at(label), row[key]) << label;
      }
    }
  }
  const json licence = served.List(CreditTable::kLicences)["data"]["rows"][0];
  const auto pairs = DetailPairs(served.Get(DetailTarget(CreditTable::kLicences, licence["ID"])).body);
  const std::map<std::string, std::string> by_label(pairs.begin(), pairs.end());
  EXPECT_EQ(by_label.at("当前状态"), licence["XK_ZT"] == "1" ? "有效" : "无效");
}

TEST(CreditSiteTest, DetailsOfUnknownOrMismatchedIdsAreNotFound) {
  const Served served(kAsOf);
  const std::string licence = served.List(CreditTable::kLicences)["data"]["rows"][0]["ID"];
  const RawResponse wrong_table = served.Get(DetailTarget(CreditTable::kPenalties, licence));
  EXPECT_EQ(wrong_table.status, 404);
  EXPECT_EQ(wrong_table.headers.at("content-type"), "text/html;charset=UTF-8");
  EXPECT_NE(wrong_table.body.find("信息不存在"), std::string::npos);
  EXPECT_EQ(served.Get(std::string(kCreditDetailPath) + "?id=" + licence).status, 404) << "tableName is required";
  EXPECT_EQ(served.Get(DetailTarget(CreditTable::kLicences, std::string(32, '0'))).status, 404);
  EXPECT_EQ(served.Get(DetailTarget(CreditTable::kLicences, "")).status, 404);
  // A gpcms id is not a credit id.
  const IndexedNotice& gpcms = TestWorld().Index(Generation::kGpcms).back();
  EXPECT_EQ(
      served.Get(DetailTarget(CreditTable::kLicences, TestWorld().NoticeId(Generation::kGpcms, gpcms.ref()))).status,
      404);
  RawHttpConnection connection("127.0.0.1", served.port());
  EXPECT_EQ(connection.Request("POST", DetailTarget(CreditTable::kLicences, licence))->status, 405);
  EXPECT_EQ(connection.Request("DELETE", ShellPath(CreditTable::kLicences))->status, 405);
}

TEST(CreditSiteTest, PostedFormsGetTheSameAnswerAndBadParametersAreRefused) {
  const Served served(kAsOf);
  RawHttpConnection connection("127.0.0.1", served.port());
  const auto get = connection.Get(std::string(kCreditApiPath) + "?tableName=xzcf&page=2&pageSize=3");
  const auto post =
      connection.Request("POST", kCreditApiPath, "Content-Type: application/x-www-form-urlencoded; charset=UTF-8\r\n",
                         "tableName=xzcf&page=2&pageSize=3");
  ASSERT_TRUE(get && post);
  EXPECT_EQ(post->status, 200);
  EXPECT_EQ(post->body, get->body);
  EXPECT_EQ(json::parse(get->body)["data"]["rows"].size(), 3u);

  for (const std::string query : {"tableName=xyz", "", "tableName=xzxk&page=abc", "tableName=xzxk&pageSize=1x"}) {
    const RawResponse response = served.Get(std::string(kCreditApiPath) + "?" + query);
    EXPECT_EQ(response.status, 200) << query;
    EXPECT_EQ(json::parse(response.body), json::parse(R"({"code":1,"msg":"参数错误","data":null})")) << query;
  }
  EXPECT_EQ(served.Get(std::string(kCreditApiPath) + "?tableName=xzxk&jsonArgs=%7B%7D").status, 403);
  const json capped =
      json::parse(served.Get(std::string(kCreditApiPath) + "?tableName=xzxk&pageSize=1000").body)["data"];
  EXPECT_EQ(capped["pageSize"], 50);
  const json floored = json::parse(served.Get(std::string(kCreditApiPath) + "?tableName=xzxk&page=0").body)["data"];
  EXPECT_EQ(floored["page"], 1);
  EXPECT_EQ(floored["pageSize"], 10);
  const json past = json::parse(served.Get(std::string(kCreditApiPath) + "?tableName=xzxk&page=99").body)["data"];
  EXPECT_TRUE(past["rows"].empty());
  EXPECT_EQ(past["total"], served.List(CreditTable::kLicences)["data"]["total"]);
}

TEST(CreditSiteTest, KeywordFindsByNameCodeOrNumber) {
  const Served served(kAsOf);
  const json target = served.List(CreditTable::kPenalties)["data"]["rows"][1];
  for (const std::string key : {"CF_XDR_MC", "CF_XDR_SHXYM", "CF_WSH"}) {
    const std::string keyword = target[key];
    std::string escaped;
    for (unsigned char c : keyword) {
      static const char* hex = "0123456789ABCDEF";
      escaped += std::string("%") + hex[c >> 4] + hex[c & 15];
    }
    const json data = served.List(CreditTable::kPenalties, "&keyword=" + escaped)["data"];
    ASSERT_GE(data["total"].get<int>(), 1) << key;
    bool found = false;
    for (const json& row : data["rows"]) {
      EXPECT_TRUE(row["CF_XDR_MC"].get<std::string>().find(keyword) != std::string::npos ||
                  row["CF_XDR_SHXYM"].get<std::string>().find(keyword) != std::string::npos ||
                  row["CF_WSH"].get<std::string>().find(keyword) != std::string::npos);
      found = found || row["ID"] == target["ID"];
    }
    EXPECT_TRUE(found) << key;
  }
  EXPECT_EQ(served.List(CreditTable::kPenalties, "&keyword=%E4%B8%8D%E5%AD%98%E5%9C%A8")["data"]["total"], 0);
}

TEST(CreditSiteTest, ARecordStandsFromItsPublicationDay) {
  const NoticeRef ref{SubjectOfRole("penalty_late_next_year"), 0};
  const CivilDate published = TestWorld().NoticeOf(ref).published;
  ASSERT_GT(published, kAsOf) << "published in 2026";
  const std::string id = IdOf(ref);
  const Served before(published.PlusDays(-1));
  EXPECT_FALSE(Listed(before, CreditTable::kPenalties, id));
  EXPECT_EQ(before.Get(DetailTarget(CreditTable::kPenalties, id)).status, 404);
  const Served on(published);
  EXPECT_TRUE(Listed(on, CreditTable::kPenalties, id));
  EXPECT_EQ(on.Get(DetailTarget(CreditTable::kPenalties, id)).status, 200);
}

TEST(CreditSiteTest, TheEditedFineShowsFromTheEditDay) {
  const SubjectId subject = SubjectOfRole("penalty_edited");
  const CreditRecord record = TestWorld().CreditRecordAt(subject);
  const Notice& notice = record.notices[0];
  ASSERT_EQ(notice.edit, EditedField::kFineAmount);
  const int64_t edited_fen = std::stoll(notice.edit_value);
  ASSERT_NE(edited_fen, record.fine_fen);
  const std::string id = IdOf({subject, 0});
  auto fine_on = [&](CivilDate as_of) {
    const Served served(as_of);
    const auto pairs = DetailPairs(served.Get(DetailTarget(CreditTable::kPenalties, id)).body);
    const std::map<std::string, std::string> by_label(pairs.begin(), pairs.end());
    const json rows = served.List(CreditTable::kPenalties, "&pageSize=50")["data"]["rows"];
    for (const json& row : rows) {
      if (row["ID"] == id) {
        EXPECT_EQ(row["CF_NR_FK"], by_label.at("罚款金额（万元）"));
      }
    }
    return std::make_pair(by_label.at("罚款金额（万元）"), by_label.at("处罚内容"));
  };
  const auto before = fine_on(notice.edited->PlusDays(-1));
  const auto after = fine_on(*notice.edited);
  EXPECT_EQ(before.first, WanYuan(record.fine_fen, 6));
  EXPECT_EQ(after.first, WanYuan(edited_fen, 6));
  EXPECT_NE(before.second.find(std::to_string(record.fine_fen / 100) + "元"), std::string::npos);
  EXPECT_NE(after.second.find(std::to_string(edited_fen / 100) + "元"), std::string::npos);
}

TEST(CreditSiteTest, ARemovedLicenceIsGoneFromListAndDetail) {
  const SubjectId subject = SubjectOfRole("licence_removed");
  const Notice notice = TestWorld().NoticeOf({subject, 0});
  ASSERT_TRUE(notice.removed);
  const std::string id = IdOf({subject, 0});
  const Served before(notice.removed->PlusDays(-1));
  EXPECT_TRUE(Listed(before, CreditTable::kLicences, id));
  EXPECT_EQ(before.Get(DetailTarget(CreditTable::kLicences, id)).status, 200);
  const Served after(*notice.removed);
  EXPECT_FALSE(Listed(after, CreditTable::kLicences, id));
  EXPECT_EQ(after.Get(DetailTarget(CreditTable::kLicences, id)).status, 404);
}

TEST(CreditSiteTest, TheBlacklistShowsItsRemovalDateOnlyOnceItHasCome) {
  const SubjectId subject = SubjectOfRole("listing_ended_before_award");
  const BlacklistEntry entry = TestWorld().BlacklistEntryAt(subject);
  ASSERT_TRUE(entry.removal);
  const std::string id = IdOf({subject, 0});
  auto row_on = [&](CivilDate as_of) {
    for (const json& row : AllRows(Served(as_of), CreditTable::kBlacklist, 50)) {
      if (row["ID"] == id) return row;
    }
    ADD_FAILURE() << "listing absent on " << as_of.Iso();
    return json();
  };
  const json listed = row_on(entry.removal->PlusDays(-1));
  EXPECT_EQ(listed["HMD_YCRQ"], "");
  EXPECT_EQ(listed["HMD_ZTMC"], entry.party.name);
  EXPECT_EQ(listed["HMD_SHXYM"], entry.party.uscc);
  EXPECT_EQ(listed["HMD_RDBM"], entry.authority);
  EXPECT_EQ(listed["HMD_LX"], entry.list_name);
  EXPECT_EQ(ParseCreditDate(listed["HMD_LRRQ"]), entry.listed);
  const json ended = row_on(*entry.removal);
  EXPECT_EQ(ParseCreditDate(ended["HMD_YCRQ"]), *entry.removal);
  EXPECT_EQ(ended["HMD_YCRQ"].get<std::string>()[4], ended["HMD_LRRQ"].get<std::string>()[4]);
}

TEST(CreditSiteTest, PagesAreByteIdenticalForTheSameWorldAndDay) {
  const World twin = BuildWorld(42, 3, WorkCalendar::Embedded());
  const CreditSite again(twin, kAsOf);
  const Served served(kAsOf);
  EXPECT_EQ(again.session_id(), served.site().session_id());
  for (CreditTable table : kCreditTables) {
    for (const std::string& target :
         {std::string(ShellPath(table)), std::string(kCreditApiPath) + "?tableName=" + TableName(table) + "&page=2",
          DetailTarget(table, served.List(table)["data"]["rows"][0]["ID"])}) {
      HttpRequest request;
      request.method = "GET";
      request.target = target;
      const std::optional<HttpReply> reply = again.Handle(request);
      ASSERT_TRUE(reply) << target;
      EXPECT_EQ(reply->body, served.Get(target).body) << target;
    }
  }
  EXPECT_NE(CreditSite(TestWorld(), kAsOf.PlusDays(1)).session_id(), served.site().session_id());
}

}  // namespace
}  // namespace gapwatch::sim
