// The extractor maintainer's tools (cli/parse_command.h, `gapwatch extract`):
// one saved page read with a site's rules, and a sites.yaml edit applied to
// what was already captured, without a single request.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "crawler/http_client.h"
#include "data/embedded.h"
#include "tests/integration/integration_support.h"

namespace gapwatch {
namespace {

using testing::AnnouncedSite;
using testing::BackgroundProcess;
using testing::ReadFile;
using testing::RunCommand;

const std::string kGapwatch = GAPWATCH_EXECUTABLE;
constexpr char kListPath[] =
    "/gpcms/rest/web/v2/info/"
    "selectInfoForIndex?channel=fca71be5-fc0c-45db-96af-f513e9abda9d&currPage=1&noticeType=&pageSize=50&regionCode="
    "440200&selectTimeName=noticeTime&siteId=cd64e06a-21a7-4620-aebc-0576bab7e07a&subChannel=false";
constexpr char kRealSite[] = "https://gdgpo.czt.gd.gov.cn";

class ParseTest : public testing::ScratchDirectoryTest {
 protected:
  long long CountRows(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(Path("gapwatch.db").c_str(), &db);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
    const long long count = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return count;
  }

  // GETs `url` and saves the body as received in `name`.
  std::string Save(const std::string& url, const std::string& name) {
    HttpClient client;
    client.Start(1, {"GET", url, {}, ""}, TransferLimits{});
    while (true) {
      for (auto& [token, response] : client.Wait(std::chrono::milliseconds(100))) {
        EXPECT_EQ(response.status, 200) << url;
        std::ofstream(Path(name), std::ios::binary) << response.body;
        return Path(name);
      }
    }
  }
};

TEST_F(ParseTest, ReadsASavedListAndDetailAsTheCrawlWould) {
  BackgroundProcess simulator({kGapwatch, "sim", "--seed", "1", "--listen", "127.0.0.1:0"});
  const std::string site = AnnouncedSite(simulator, "procurement");
  const std::string origin = site.substr(site.find('=') + 1);
  const std::string list_file = Save(origin + kListPath, "list.json");
  const auto list =
      RunCommand({kGapwatch, "parse", "procurement", list_file, "--url", kRealSite + std::string(kListPath)});
  ASSERT_EQ(list.exit_status, 0) << list.err;
  const auto items = nlohmann::json::parse(list.out);
  ASSERT_EQ(items.size(), 50u);
  const auto& item = items[0];
  EXPECT_EQ(item["site"], "procurement");
  EXPECT_EQ(item["domain"], "procurement");
  EXPECT_FALSE(item["project_code"].get<std::string>().empty());
  EXPECT_EQ(item["detail_url"].get<std::string>().rfind(
                std::string(kRealSite) + "/gpcms/rest/web/v2/info/getInfoById?id=", 0),
            0u);
  EXPECT_NE(item["next"].get<std::string>().find("currPage=2"), std::string::npos) << "the list goes on";

  const std::string detail_url = item["detail_url"];
  const std::string detail_file = Save(origin + detail_url.substr(std::string(kRealSite).size()), "detail.json");
  const auto detail = RunCommand({kGapwatch, "parse", "procurement", detail_file, "--url", detail_url});
  ASSERT_EQ(detail.exit_status, 0) << detail.err;
  const auto notice = nlohmann::json::parse(detail.out);
  EXPECT_EQ(notice["url"], detail_url);
  EXPECT_EQ(notice["project_code"], item["project_code"]) << "the detail's own 项目编号 agrees with its list row";

  // Without --url the content decides: a document with the list's items is a list.
  const auto sniffed = RunCommand({kGapwatch, "parse", "procurement", list_file});
  ASSERT_EQ(sniffed.exit_status, 0) << sniffed.err;
  EXPECT_TRUE(nlohmann::json::parse(sniffed.out).is_array());
}

TEST_F(ParseTest, APageOfNoKnownTypeOrAnUnknownSiteExitsTwo) {
  std::ofstream(Path("maintenance.html")) << "<html><body>系统维护中</body></html>";
  const auto unknown_page = RunCommand({kGapwatch, "parse", "procurement", Path("maintenance.html")});
  EXPECT_EQ(unknown_page.exit_status, 2);
  EXPECT_NE(unknown_page.err.find("matches none of the page types of site 'procurement'"), std::string::npos)
      << unknown_page.err;
  EXPECT_NE(unknown_page.err.find("expected JSON"), std::string::npos) << "says what the rules expected";
  const auto unknown_site = RunCommand({kGapwatch, "parse", "nowhere", Path("maintenance.html")});
  EXPECT_EQ(unknown_site.exit_status, 2);
  const auto missing = RunCommand({kGapwatch, "parse", "procurement", Path("absent.json")});
  EXPECT_EQ(missing.exit_status, 2);
  EXPECT_NE(missing.err.find("cannot read"), std::string::npos) << missing.err;
}

TEST_F(ParseTest, EditedRulesReExtractWhatWasCapturedWithoutARequest) {
  BackgroundProcess simulator(
      {kGapwatch, "sim", "--seed", "2", "--listen", "127.0.0.1:0", "--log", Path("requests.jsonl")});
  const std::string site = AnnouncedSite(simulator, "procurement");
  const std::vector<std::string> store = {"--db", Path("gapwatch.db"), "--site", site, "--as-of", "2025-12-31"};
  auto with = [&](std::vector<std::string> command) {
    command.insert(command.end(), store.begin(), store.end());
    return command;
  };
  ASSERT_EQ(RunCommand(with({kGapwatch, "crawl"})).exit_status, 0);
  ASSERT_EQ(RunCommand(with({kGapwatch, "extract"})).exit_status, 0);
  const std::string requests_after_crawl = ReadFile(Path("requests.jsonl"));
  // gpcms notices (the older generations read the buyer from their detail pages).
  const std::string differing = "SELECT COUNT(*) FROM notices WHERE buyer != agency AND url LIKE '%/gpcms/%'";
  ASSERT_GT(CountRows(differing), 0);

  // The buyer now read from the agency's field: an edit of a copy of sites.yaml.
  std::string text(embedded::sites_yaml());
  const std::string from = "buyer: {json: purchaser, normalise: party}";
  ASSERT_NE(text.find(from), std::string::npos);
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), "buyer: {json: agency, normalise: party}");
  }
  std::ofstream(Path("edited.yaml")) << text;
  const auto extract = RunCommand(with({kGapwatch, "extract", "--config", Path("edited.yaml")}));
  ASSERT_EQ(extract.exit_status, 0) << extract.err;
  EXPECT_EQ(ReadFile(Path("requests.jsonl")), requests_after_crawl) << "extract fetched something";
  EXPECT_EQ(CountRows(differing), 0) << "every notice's buyer is now its agency";
  EXPECT_GT(CountRows("SELECT COUNT(*) FROM notices"), 100);
}

TEST_F(ParseTest, RulesThatNoLongerFitAreReportedAsExtractorStale) {
  BackgroundProcess simulator({kGapwatch, "sim", "--seed", "2", "--listen", "127.0.0.1:0"});
  const std::string site = AnnouncedSite(simulator, "procurement");
  const std::vector<std::string> store = {"--db", Path("gapwatch.db"), "--site", site, "--as-of", "2025-12-31"};
  auto with = [&](std::vector<std::string> command) {
    command.insert(command.end(), store.begin(), store.end());
    return command;
  };
  ASSERT_EQ(RunCommand(with({kGapwatch, "run", "--out", Path("report")})).exit_status, 0);
  EXPECT_EQ(ReadFile(Path("report/index.html")).find("extractor stale"), std::string::npos);

  // As if the site renamed 合同签订日期: the rule's labels find nothing any more.
  std::string text(embedded::sites_yaml());
  const std::string from = "signed: {label: [合同签订日期";  // every generation's rule
  ASSERT_NE(text.find(from), std::string::npos);
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), "signed: {label: [签约日");
  }
  std::ofstream(Path("stale.yaml")) << text;
  const auto extract = RunCommand(with({kGapwatch, "extract", "--config", Path("stale.yaml")}));
  ASSERT_EQ(extract.exit_status, 0) << extract.err;
  // Last time most contracts had it (the simulator plants a few without: field_missing).
  EXPECT_NE(extract.out.find("extractor stale: required field 'signed' found in 0% of details, 98% last time"),
            std::string::npos)
      << extract.out;
  ASSERT_EQ(RunCommand(with({kGapwatch, "check", "--config", Path("stale.yaml")})).exit_status, 0);
  RunCommand(with({kGapwatch, "report", "--config", Path("stale.yaml"), "--out", Path("report")}));
  EXPECT_NE(ReadFile(Path("report/index.html")).find("抽取规则可能过时 (extractor stale)"), std::string::npos);
}

TEST_F(ParseTest, AGbkPageDeclaredOnlyInItsMetaReadsAsTheCrawlReadsIt) {
  BackgroundProcess simulator({kGapwatch, "sim", "--seed", "1", "--listen", "127.0.0.1:0"});
  const std::string site = AnnouncedSite(simulator, "trading");
  const std::string origin = site.substr(site.find('=') + 1);
  // The legacy site's construction results column, as sites.yaml lists it.
  const std::string list_path =
      "/businessAnnounceAction!frontBusinessAnnounceIframeList.do?businessAnnounce.announcetype=17&page=1&pageSize=20"
      "&sortField=RELEASETIME&sortOrder=DESC";
  const std::string real = "http://www.sgjyzx.com";
  const std::string list_file = Save(origin + list_path, "list.html");
  const auto list = RunCommand({kGapwatch, "parse", "trading", list_file, "--url", real + list_path});
  ASSERT_EQ(list.exit_status, 0) << list.err;
  const auto items = nlohmann::json::parse(list.out);
  ASSERT_FALSE(items.empty());
  // The detail pages declare GBK four ways; find one whose only declaration is a <meta>.
  bool found = false;
  for (const auto& item : items) {
    const std::string detail_url = item["detail_url"];
    ASSERT_EQ(detail_url.rfind(real + "/", 0), 0u) << detail_url;
    HttpClient client;
    client.Start(1, {"GET", origin + detail_url.substr(real.size()), {}, ""}, TransferLimits{});
    HttpResponse response;
    for (bool done = false; !done;) {
      for (auto& [token, answer] : client.Wait(std::chrono::milliseconds(100))) {
        response = std::move(answer);
        done = true;
      }
    }
    const bool meta_only = response.content_type.find("charset") == std::string::npos &&
                           response.body.find("<meta") != std::string::npos &&
                           response.body.find("charset") != std::string::npos;
    if (!meta_only) continue;
    found = true;
    std::ofstream(Path("detail.html"), std::ios::binary) << response.body;
    const auto detail = RunCommand({kGapwatch, "parse", "trading", Path("detail.html"), "--url", detail_url});
    ASSERT_EQ(detail.exit_status, 0) << detail.err;
    const auto notice = nlohmann::json::parse(detail.out);
    EXPECT_EQ(notice["title"], item["title"]) << "the GBK bytes decoded as the list's title";
    EXPECT_EQ(notice["domain"], "construction");
    EXPECT_FALSE(notice["project_code"].get<std::string>().empty());
    break;
  }
  EXPECT_TRUE(found) << "no detail of the column declares its charset only in <meta>";
}

TEST_F(ParseTest, SourceIsChosenByTheUrlOrNamedOutright) {
  BackgroundProcess simulator({kGapwatch, "sim", "--seed", "1", "--listen", "127.0.0.1:0"});
  const std::string site = AnnouncedSite(simulator, "portal");
  const std::string origin = site.substr(site.find('=') + 1);
  const std::string land = "/zw/zdlyxxgk/ggzypz/tdcr/index.html";
  const std::string file = Save(origin + land, "land.html");
  // The land sub-column shares its rules with the construction one: its URL tells them apart.
  const auto by_url = RunCommand({kGapwatch, "parse", "portal", file, "--url", "https://www.sg.gov.cn" + land});
  ASSERT_EQ(by_url.exit_status, 0) << by_url.err;
  const auto items = nlohmann::json::parse(by_url.out);
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0]["domain"], "land");
  const auto named = RunCommand({kGapwatch, "parse", "portal", file, "--source", "ggzypz_gycq"});
  ASSERT_EQ(named.exit_status, 0) << named.err;
  EXPECT_EQ(nlohmann::json::parse(named.out)[0]["domain"], "property") << "--source wins, even when wrong";
  const auto unknown = RunCommand({kGapwatch, "parse", "portal", file, "--source", "nfcms"});
  EXPECT_EQ(unknown.exit_status, 2);
  EXPECT_NE(unknown.err.find("has no source 'nfcms' (its sources: ggzypz_gcjs"), std::string::npos) << unknown.err;
}

TEST_F(ParseTest, AnEditedSelectorChangesTheNoticesWithoutARequest) {
  BackgroundProcess simulator(
      {kGapwatch, "sim", "--seed", "2", "--listen", "127.0.0.1:0", "--log", Path("requests.jsonl")});
  const std::string site = AnnouncedSite(simulator, "portal");
  const std::vector<std::string> store = {"--db", Path("gapwatch.db"), "--site", site, "--as-of", "2025-12-31"};
  auto with = [&](std::vector<std::string> command) {
    command.insert(command.end(), store.begin(), store.end());
    return command;
  };
  ASSERT_EQ(RunCommand(with({kGapwatch, "crawl"})).exit_status, 0);
  ASSERT_EQ(RunCommand(with({kGapwatch, "extract"})).exit_status, 0);
  const std::string requests_after_crawl = ReadFile(Path("requests.jsonl"));
  const std::string sourced =
      "SELECT COUNT(*) FROM notices WHERE url LIKE '%/ggzypz/%' AND agency LIKE '%公共资源交易中心%'";
  ASSERT_EQ(CountRows(sourced), 0);

  // The re-posts' agency now read from the page's 来源 line: a selector in a copy of sites.yaml.
  std::string text(embedded::sites_yaml());
  const std::string from = "agency: &repost_agency {label: [招标代理机构, 采购代理机构, 代理机构], normalise: party}";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(),
               "agency: &repost_agency {css: \"div.info span:contains('来源')\", pattern: \"来源：(.+)\", "
               "normalise: party}");
  std::ofstream(Path("edited.yaml")) << text;
  const auto extract = RunCommand(with({kGapwatch, "extract", "--config", Path("edited.yaml")}));
  ASSERT_EQ(extract.exit_status, 0) << extract.err;
  EXPECT_EQ(ReadFile(Path("requests.jsonl")), requests_after_crawl) << "extract fetched something";
  EXPECT_EQ(CountRows(sourced), CountRows("SELECT COUNT(*) FROM notices WHERE url LIKE '%/ggzypz/%'"));
  EXPECT_GT(CountRows(sourced), 10);
}

}  // namespace
}  // namespace gapwatch
