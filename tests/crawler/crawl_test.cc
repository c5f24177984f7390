#include "crawler/crawl.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <sstream>

#include "data/embedded.h"
#include "tests/support/test_http_server.h"

namespace gapwatch {
namespace {

using testing::TestHttpServer;
using testing::TestRequest;
using testing::TestResponse;

// A two-page gpcms list (page size shrunk to 2) with three notices.
TestResponse FakeProcurementSite(const TestRequest& request) {
  const auto row = [](const std::string& id, const std::string& type) {
    return "{\"id\":\"" + id + "\",\"title\":\"项目" + id + "\",\"noticeTime\":\"2025-03-0" + id +
           " 10:00:00\",\"openTenderCode\":\"CODE" + id + "\",\"noticeType\":\"" + type +
           "\",\"purchaser\":\"韶关市某局\",\"agency\":\"代理\",\"budget\":\"100.0000\"}";
  };
  if (request.target.find("selectInfoForIndex") != std::string::npos) {
    const bool second = request.target.find("currPage=2") != std::string::npos;
    const std::string rows = second ? row("3", "001054") : row("1", "00101") + "," + row("2", "00102");
    return {200, "Content-Type: application/json\r\n",
            "{\"code\":\"200\",\"data\":{\"total\":3,\"rows\":[" + rows + "]}}"};
  }
  if (request.target.find("getInfoById?id=") != std::string::npos) {
    return {200, "Content-Type: application/json\r\n",
            "{\"code\":\"200\",\"data\":{\"content\":\"<div class=\\\"noticeArea\\\"><p>项目编号：CODE</p></div>\"}}"};
  }
  return {404, "", ""};
}

// FakeProcurementSite behind a robots.txt answered with `status` and `body`.
std::function<TestResponse(const TestRequest&)> WithRobots(int status, const std::string& body) {
  return [status, body](const TestRequest& request) {
    if (request.target == "/robots.txt") return TestResponse{status, "Content-Type: text/plain\r\n", body};
    return FakeProcurementSite(request);
  };
}

long CountRequests(const TestHttpServer& server, const std::string& part_of_target) {
  const auto requests = server.requests();
  return std::count_if(requests.begin(), requests.end(), [&](const TestRequest& request) {
    return request.target.find(part_of_target) != std::string::npos;
  });
}

class CrawlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("gapwatch-crawl-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db"))
                .string();
    std::filesystem::remove(path_);
    std::string text(embedded::sites_yaml());
    text.replace(text.find("page_size: 50"), 13, "page_size: 2");
    config_ = LoadSitesConfig(text, "sites.yaml");
  }
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }

  std::vector<SiteCrawlResult> CrawlOnce(Store& store, const std::string& origin) {
    CrawlOptions options;
    options.origin_overrides["procurement"] = origin;
    const long long run = store.BeginRun("crawl", "2025-12-31", "t");
    return Crawl({config_.Find("procurement")}, store, run, options, log_);
  }

  std::string path_;
  SitesConfig config_;
  std::ostringstream log_;
};

TEST_F(CrawlTest, WalksListToItsEndAndStoresCanonicalUrls) {
  TestHttpServer server(FakeProcurementSite);
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].complete) << log_.str();
  EXPECT_EQ(results[0].pages, 5);  // 2 list pages + 3 details
  EXPECT_EQ(store.LatestCaptures("procurement", "list").size(), 2u);
  const auto details = store.LatestCaptures("procurement", "detail");
  ASSERT_EQ(details.size(), 3u);
  for (const Capture& capture : details) {
    EXPECT_EQ(capture.url.rfind("https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=", 0), 0u);
    EXPECT_EQ(capture.sha256.size(), 64u);
  }
}

TEST_F(CrawlTest, SecondCrawlFetchesListsButNotKnownDetails) {
  TestHttpServer server(FakeProcurementSite);
  Store store(path_);
  CrawlOnce(store, server.origin());
  const size_t first = server.requests().size();
  CrawlOnce(store, server.origin());
  const auto requests = server.requests();
  ASSERT_EQ(requests.size() - first, 3u);  // robots.txt (a new cycle) and the two list pages
  EXPECT_EQ(requests[first].target, "/robots.txt");
  EXPECT_EQ(CountRequests(server, "getInfoById"), 3);  // from the first crawl only
}

TEST_F(CrawlTest, UnreachableSiteIsIncompleteAndRecorded) {
  int port = 0;
  {
    TestHttpServer gone([](const TestRequest&) { return TestResponse{}; });
    port = std::stoi(gone.origin().substr(gone.origin().rfind(':') + 1));
  }
  Store store(path_);
  const auto results = CrawlOnce(store, "http://127.0.0.1:" + std::to_string(port));
  EXPECT_FALSE(results[0].complete);
  EXPECT_EQ(results[0].errors, 1);  // robots.txt: unreachable means nothing may be fetched (RFC 9309 §2.3.1.4)
  ASSERT_EQ(results[0].problems.size(), 2u);
  EXPECT_EQ(results[0].problems[0].rfind("https://gdgpo.czt.gd.gov.cn/robots.txt: ", 0), 0u) << results[0].problems[0];
  EXPECT_NE(results[0].problems[1].find("selectInfoForIndex"), std::string::npos) << results[0].problems[1];
  EXPECT_TRUE(store.LatestCaptures("procurement", "list").empty());
}

TEST_F(CrawlTest, RedirectedDetailIsAnErrorNamingTheCanonicalUrl) {
  TestHttpServer server([](const TestRequest& request) {
    if (request.target.find("id=2") != std::string::npos) {
      return TestResponse{302, "Location: " + request.target + "&_redirect=1\r\n", ""};
    }
    return FakeProcurementSite(request);
  });
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  EXPECT_FALSE(results[0].complete) << "a redirect loop must not pass for a complete crawl";
  EXPECT_EQ(results[0].errors, 1);
  ASSERT_EQ(results[0].problems.size(), 1u);
  EXPECT_EQ(
      results[0].problems[0].rfind("https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=2: HTTP 302", 0),
      0u)
      << results[0].problems[0];
}

TEST_F(CrawlTest, MalformedListPageStopsTheSourceWithAClearProblem) {
  TestHttpServer server([](const TestRequest&) { return TestResponse{200, "", "<html>维护中</html>"}; });
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  EXPECT_FALSE(results[0].complete);
  ASSERT_EQ(results[0].problems.size(), 1u);
  EXPECT_NE(results[0].problems[0].find("https://gdgpo.czt.gd.gov.cn/gpcms"), std::string::npos);
  EXPECT_NE(results[0].problems[0].find("JSON"), std::string::npos) << results[0].problems[0];
}

TEST_F(CrawlTest, RobotsDisallowingDetailsKeepsThemUnfetchedAndTheSiteIncomplete) {
  TestHttpServer server(WithRobots(200, "User-agent: *\nDisallow: /gpcms/rest/web/v2/info/getInfoById\n"));
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  EXPECT_EQ(CountRequests(server, "getInfoById"), 0);
  EXPECT_EQ(CountRequests(server, "selectInfoForIndex"), 2);
  EXPECT_FALSE(results[0].complete);
  EXPECT_EQ(results[0].robots_refusals, 3);
  EXPECT_EQ(results[0].errors, 0);
  ASSERT_EQ(results[0].problems.size(), 3u);
  EXPECT_EQ(results[0].problems[0],
            "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=1: not fetched: disallowed by "
            "https://gdgpo.czt.gd.gov.cn/robots.txt; a notice we may not fetch is a notice we cannot see");
  EXPECT_TRUE(store.LatestCaptures("procurement", "detail").empty()) << "nothing was received, so nothing is stored";
}

TEST_F(CrawlTest, RobotsDisallowingTheListStopsTheSourceBeforeItsFirstPage) {
  TestHttpServer server(WithRobots(200, "User-agent: gapwatch\nDisallow: /gpcms/\n"));
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(results[0].robots_refusals, 1);
  EXPECT_FALSE(results[0].complete);
  ASSERT_EQ(results[0].problems.size(), 1u);
  EXPECT_NE(results[0].problems[0].find("selectInfoForIndex"), std::string::npos) << results[0].problems[0];
}

TEST_F(CrawlTest, RobotsNotFoundAllowsEverythingAndIsFetchedOnceFirst) {
  TestHttpServer server(FakeProcurementSite);  // 404 for /robots.txt
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  EXPECT_TRUE(results[0].complete) << log_.str();
  EXPECT_EQ(results[0].pages, 5);
  EXPECT_EQ(results[0].robots_refusals, 0);
  ASSERT_FALSE(server.requests().empty());
  EXPECT_EQ(server.requests()[0].target, "/robots.txt");
  EXPECT_EQ(CountRequests(server, "robots.txt"), 1);
  EXPECT_NE(log_.str().find("https://gdgpo.czt.gd.gov.cn/robots.txt: HTTP 404, everything allowed"), std::string::npos)
      << log_.str();
}

TEST_F(CrawlTest, RobotsServerErrorFetchesNothingElseThisCycle) {
  TestHttpServer server(WithRobots(503, "busy"));
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  for (const TestRequest& request : server.requests()) EXPECT_EQ(request.target, "/robots.txt");
  EXPECT_FALSE(results[0].complete);
  EXPECT_EQ(results[0].errors, 1);
  EXPECT_EQ(results[0].pages, 0);
  ASSERT_FALSE(results[0].problems.empty());
  EXPECT_EQ(results[0].problems[0].rfind("https://gdgpo.czt.gd.gov.cn/robots.txt: HTTP 503: robots.txt unavailable", 0),
            0u)
      << results[0].problems[0];
}

TEST_F(CrawlTest, RobotsGroupForOurProductTokenReplacesTheStarGroup) {
  TestHttpServer server(
      WithRobots(200, "User-agent: *\nDisallow: /\n\nUser-agent: GapWatch\nDisallow: /search/\nCrawl-delay: 2\n"));
  Store store(path_);
  const auto started = std::chrono::steady_clock::now();
  const auto results = CrawlOnce(store, server.origin());
  EXPECT_TRUE(results[0].complete) << log_.str();
  EXPECT_EQ(results[0].pages, 5);
  EXPECT_EQ(CountRequests(server, "robots.txt"), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2)) << "loopback drops Crawl-delay";
  EXPECT_NE(log_.str().find("crawl-delay 2000 ms"), std::string::npos) << log_.str();
}

TEST_F(CrawlTest, SimulatorRobotsFaultHidesNoNotice) {
  // What `gapwatch sim --faults robots` serves for the procurement site.
  TestHttpServer server(WithRobots(200,
                                   "User-agent: *\nDisallow: /search/\n"
                                   "Disallow: /maincms-web/noticeInformationGd/search\n"));
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  EXPECT_TRUE(results[0].complete) << log_.str();
  EXPECT_EQ(results[0].robots_refusals, 0);
  EXPECT_EQ(store.LatestCaptures("procurement", "detail").size(), 3u);
}

}  // namespace
}  // namespace gapwatch
