#include "crawler/crawl.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "crawler/http_client.h"
#include "data/embedded.h"
#include "tests/support/gzip.h"
#include "tests/support/test_http_server.h"

namespace gapwatch {
namespace {

using testing::Gzip;
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
    config_ = GpcmsOnly(LoadSitesConfig(text, "sites.yaml"));
  }
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }

  std::vector<SiteCrawlResult> CrawlOnce(Store& store, const std::string& origin, CrawlOptions options = {}) {
    options.origin_overrides["procurement"] = origin;
    const long long run = store.BeginRun("crawl", "2025-12-31", "t");
    return Crawl({config_.Find("procurement")}, store, run, options, log_);
  }

  // Replaces `from` by `to` in the shipped sites.yaml (as SetUp loaded it) and reloads it.
  void EditConfig(const std::string& from, const std::string& to) {
    std::string text(embedded::sites_yaml());
    text.replace(text.find("page_size: 50"), 13, "page_size: 2");
    text.replace(text.find(from), from.size(), to);
    config_ = GpcmsOnly(LoadSitesConfig(text, "sites.yaml"));
  }

  // The shipped procurement site with its current generation only: what FakeProcurementSite serves.
  static SitesConfig GpcmsOnly(SitesConfig config) {
    for (SiteConfig& site : config.sites) {
      if (site.name == "procurement") site.sources.resize(1);
    }
    return config;
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

TEST_F(CrawlTest, RedirectLoopIsRefusedAfterMaxRedirectsNamingTheCanonicalUrl) {
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
  EXPECT_EQ(CountRequests(server, "id=2"), 6) << "the first request and max_redirects (5) more";
  EXPECT_NE(results[0].problems[0].find("refused: more than max_redirects (5)"), std::string::npos)
      << results[0].problems[0];
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

// FakeProcurementSite, but `id=N` details are answered by `detail` first.
std::function<TestResponse(const TestRequest&)> WithDetail(
    const std::string& id, std::function<std::optional<TestResponse>(const TestRequest&)> detail) {
  return [id, detail](const TestRequest& request) {
    if (request.target.find("getInfoById?id=" + id) != std::string::npos) {
      if (auto response = detail(request)) return *response;
    }
    return FakeProcurementSite(request);
  };
}

TEST_F(CrawlTest, RetriesServerErrorsThenSucceeds) {
  std::atomic<int> calls{0};
  TestHttpServer server(WithDetail("1", [&](const TestRequest&) -> std::optional<TestResponse> {
    if (++calls < 3) return TestResponse{503, "", "busy"};
    return std::nullopt;
  }));
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  EXPECT_TRUE(results[0].complete) << log_.str();
  EXPECT_EQ(results[0].retries, 2);
  EXPECT_EQ(results[0].requests_by_status.at(503), 2);
  const auto capture =
      store.LatestCapture("procurement", "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=1");
  ASSERT_TRUE(capture);
  EXPECT_EQ(capture->status, 200);
  EXPECT_EQ(capture->attempts, 3);
}

TEST_F(CrawlTest, GivesUpAfterTheConfiguredRetriesAndRecordsTheFailure) {
  EditConfig("retries: 3", "retries: 1");
  TestHttpServer server(WithDetail("2", [](const TestRequest&) { return TestResponse{500, "", "broken"}; }));
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  EXPECT_FALSE(results[0].complete);
  EXPECT_EQ(CountRequests(server, "id=2"), 2);
  EXPECT_EQ(results[0].errors, 1);
  ASSERT_EQ(results[0].problems.size(), 1u);
  EXPECT_EQ(results[0].problems[0], "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=2: HTTP 500");
  const auto capture =
      store.LatestCapture("procurement", "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=2");
  ASSERT_TRUE(capture);
  EXPECT_EQ(capture->attempts, 2);
  EXPECT_FALSE(capture->Complete());
}

TEST_F(CrawlTest, HostFailingRequestsInARowIsLeftForTheNextCrawl) {
  EditConfig("retries: 3", "retries: 2\n      max_consecutive_errors: 2");
  std::atomic<bool> down{true};
  // Down after its first list page: details 1 and 2 and list page 2 all fail.
  TestHttpServer server([&](const TestRequest& request) {
    const bool answered = request.target == "/robots.txt" || request.target.find("currPage=1") != std::string::npos;
    if (down && !answered) return TestResponse{500, "", "down"};
    return FakeProcurementSite(request);
  });
  Store store(path_);
  auto results = CrawlOnce(store, server.origin());
  EXPECT_FALSE(results[0].finished);
  EXPECT_FALSE(results[0].complete);
  // Without giving up, each would be retried twice, the host's delay doubling each time.
  for (const char* url : {"id=1", "id=2", "currPage=2"}) EXPECT_EQ(CountRequests(server, url), 1) << url;
  const auto gave_up = std::find_if(results[0].problems.begin(), results[0].problems.end(), [](const std::string& p) {
    return p.find("2 requests in a row failed (the last: HTTP 500)") != std::string::npos;
  });
  ASSERT_NE(gave_up, results[0].problems.end()) << log_.str();
  EXPECT_EQ(gave_up->rfind("https://gdgpo.czt.gd.gov.cn: ", 0), 0u) << *gave_up;
  EXPECT_FALSE(store.QueuedFrontier("procurement").empty());

  down = false;
  results = CrawlOnce(store, server.origin());
  EXPECT_TRUE(results[0].resumed);
  EXPECT_TRUE(results[0].finished);
  EXPECT_TRUE(results[0].complete) << log_.str();
  for (const char* id : {"id=1", "id=2", "id=3"}) {
    EXPECT_TRUE(store.HasCompleteCapture(
        "procurement", std::string("https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?") + id))
        << id;
  }
}

TEST_F(CrawlTest, NotFoundIsNotRetried) {
  TestHttpServer server(WithDetail("3", [](const TestRequest&) { return TestResponse{404, "", "gone"}; }));
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  EXPECT_EQ(CountRequests(server, "id=3"), 1);
  EXPECT_EQ(results[0].retries, 0);
  EXPECT_FALSE(results[0].complete);
}

TEST_F(CrawlTest, RetryAfterHoldsEveryRequestToTheHost) {
  std::atomic<int> calls{0};
  TestHttpServer server(WithDetail("1", [&](const TestRequest&) -> std::optional<TestResponse> {
    if (++calls == 1) return TestResponse{429, "Retry-After: 1\r\n", "slow down"};
    return std::nullopt;
  }));
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  EXPECT_TRUE(results[0].complete) << log_.str();
  const auto requests = server.requests();
  const auto throttled = std::find_if(requests.begin(), requests.end(), [](const TestRequest& request) {
    return request.target.find("id=1") != std::string::npos;
  });
  ASSERT_NE(throttled, requests.end());
  for (auto later = throttled + 1; later != requests.end(); ++later) {
    // Transfers already in flight when the 429 arrived may land just after it; nothing new starts for a second.
    if (later->received_at - throttled->received_at < std::chrono::milliseconds(200)) continue;
    EXPECT_GE(later->received_at - throttled->received_at, std::chrono::milliseconds(990)) << later->target;
  }
  EXPECT_EQ(CountRequests(server, "id=1"), 2);
}

// FakeProcurementSite with an ETag on every detail, answering If-None-Match with 304.
TestResponse WithValidators(const TestRequest& request) {
  TestResponse response = FakeProcurementSite(request);
  if (request.target.find("getInfoById") == std::string::npos) return response;
  const std::string etag = "\"v1-" + request.target.substr(request.target.find("id=") + 3) + "\"";
  if (request.headers.find("If-None-Match: " + etag) != std::string::npos) return {304, "ETag: " + etag + "\r\n", ""};
  response.headers += "ETag: " + etag + "\r\nLast-Modified: Tue, 18 Mar 2025 02:00:00 GMT\r\n";
  return response;
}

TEST_F(CrawlTest, FullCrawlRevalidatesWithConditionalGetAnd304KeepsThePayload) {
  TestHttpServer server(WithValidators);
  Store store(path_);
  CrawlOnce(store, server.origin());
  const std::string url = "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=2";
  const Capture first = *store.LatestCapture("procurement", url);
  CrawlOptions full;
  full.full = true;
  const auto results = CrawlOnce(store, server.origin(), full);
  EXPECT_TRUE(results[0].complete) << log_.str();
  EXPECT_EQ(results[0].not_modified, 3);
  const auto requests = server.requests();
  const auto revalidation = std::find_if(requests.rbegin(), requests.rend(), [](const TestRequest& request) {
    return request.target.find("id=2") != std::string::npos;
  });
  EXPECT_NE(revalidation->headers.find("If-None-Match: \"v1-2\""), std::string::npos) << revalidation->headers;
  EXPECT_NE(revalidation->headers.find("If-Modified-Since: Tue, 18 Mar 2025 02:00:00 GMT"), std::string::npos);
  const Capture refreshed = *store.LatestCapture("procurement", url);
  EXPECT_NE(refreshed.id, first.id) << "a 304 refreshes the capture's freshness";
  EXPECT_EQ(refreshed.status, 304);
  EXPECT_EQ(refreshed.revisit, "server-not-modified");
  EXPECT_TRUE(refreshed.Complete());
  EXPECT_EQ(refreshed.sha256, first.sha256);
  EXPECT_EQ(refreshed.body, first.body) << "the payload is the one revalidated";
  EXPECT_EQ(refreshed.content_type, first.content_type);
}

TEST_F(CrawlTest, FullCrawlWithoutValidatorsMarksIdenticalContentAsUnchanged) {
  TestHttpServer server(FakeProcurementSite);
  Store store(path_);
  CrawlOnce(store, server.origin());
  CrawlOptions full;
  full.full = true;
  const auto results = CrawlOnce(store, server.origin(), full);
  EXPECT_EQ(CountRequests(server, "getInfoById"), 6) << "every notice revalidated";
  EXPECT_EQ(results[0].unchanged, 5) << "two list pages and three details, all as before";
  const auto capture =
      store.LatestCapture("procurement", "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=1");
  EXPECT_EQ(capture->revisit, "identical-payload-digest");
  EXPECT_EQ(capture->status, 200);
}

// A newest-first list of `ids` (page size 2), each notice with a detail.
std::function<TestResponse(const TestRequest&)> ListOf(const std::vector<std::string>* ids) {
  return [ids](const TestRequest& request) {
    if (request.target.find("selectInfoForIndex") != std::string::npos) {
      const auto at = request.target.find("currPage=");
      const size_t page = std::stoul(request.target.substr(at + 9));
      std::string rows;
      for (size_t i = (page - 1) * 2; i < std::min(ids->size(), page * 2); ++i) {
        if (!rows.empty()) rows += ",";
        rows += "{\"id\":\"" + (*ids)[i] + "\",\"title\":\"项目" + (*ids)[i] +
                "\",\"noticeTime\":\"2025-03-01 10:00:00\",\"openTenderCode\":\"C" + (*ids)[i] +
                "\",\"noticeType\":\"00101\",\"purchaser\":\"韶关市某局\",\"agency\":\"代理\",\"budget\":\"1\"}";
      }
      return TestResponse{
          200, "Content-Type: application/json\r\n",
          "{\"code\":\"200\",\"data\":{\"total\":" + std::to_string(ids->size()) + ",\"rows\":[" + rows + "]}}"};
    }
    return FakeProcurementSite(request);
  };
}

TEST_F(CrawlTest, RoutineCrawlStopsAtKnownItemsAndFetchesOnlyWhatIsNew) {
  EditConfig("page_size: 2", "page_size: 2\n          stop_after_known: 2");
  std::vector<std::string> ids = {"5", "4", "3", "2", "1"};
  TestHttpServer server(ListOf(&ids));
  Store store(path_);
  CrawlOnce(store, server.origin());
  EXPECT_EQ(CountRequests(server, "selectInfoForIndex"), 3);
  EXPECT_EQ(CountRequests(server, "getInfoById"), 5);

  // Nothing new: the first page alone shows two known items in a row.
  size_t before = server.requests().size();
  auto results = CrawlOnce(store, server.origin());
  EXPECT_EQ(server.requests().size() - before, 2u) << "robots.txt and one list page";
  EXPECT_EQ(results[0].list_pages, 1);
  EXPECT_TRUE(results[0].complete);

  // One new notice on top: page 1 (new, 5), page 2 (4 known: two in a row), then stop.
  ids.insert(ids.begin(), "6");
  before = server.requests().size();
  results = CrawlOnce(store, server.origin());
  EXPECT_EQ(server.requests().size() - before, 4u) << "robots.txt, two list pages, one new detail";
  EXPECT_EQ(CountRequests(server, "id=6"), 1);

  // Every item ever listed is still known to the store, though its list page was not re-read.
  EXPECT_EQ(store.ListItems("procurement").size(), 6u);
}

TEST_F(CrawlTest, ChangedListRowRefetchesItsDetail) {
  std::atomic<bool> edited{false};
  TestHttpServer server([&](const TestRequest& request) {
    TestResponse response = FakeProcurementSite(request);
    if (edited && request.target.find("currPage=1") != std::string::npos) {
      response.body.replace(response.body.find("项目2"), std::string("项目2").size(), "项目2（更正）");
    }
    return response;
  });
  Store store(path_);
  CrawlOnce(store, server.origin());
  edited = true;
  CrawlOnce(store, server.origin());
  EXPECT_EQ(CountRequests(server, "id=2"), 2) << "its row changed";
  EXPECT_EQ(CountRequests(server, "id=1"), 1);
  EXPECT_EQ(CountRequests(server, "id=3"), 1);
}

TEST_F(CrawlTest, RedirectOnTheSiteIsFollowedAndStoredUnderTheCanonicalUrl) {
  TestHttpServer server([](const TestRequest& request) {
    if (request.target.find("id=2") != std::string::npos && request.target.find("moved") == std::string::npos) {
      return TestResponse{301, "Location: /gpcms/rest/web/v2/info/getInfoById?id=2&moved=1\r\n", ""};
    }
    return FakeProcurementSite(request);
  });
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  EXPECT_TRUE(results[0].complete) << log_.str();
  const auto capture =
      store.LatestCapture("procurement", "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=2");
  ASSERT_TRUE(capture);
  EXPECT_EQ(capture->status, 200);
  EXPECT_EQ(CountRequests(server, "moved=1"), 1);
}

TEST_F(CrawlTest, RedirectToAnotherHostIsRefusedAndRecorded) {
  TestHttpServer server(WithDetail("2", [](const TestRequest&) {
    return TestResponse{302, "Location: http://evil.example/steal\r\n", ""};
  }));
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  EXPECT_FALSE(results[0].complete);
  ASSERT_EQ(results[0].problems.size(), 1u);
  EXPECT_EQ(results[0].problems[0],
            "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=2: HTTP 302 redirect to "
            "http://evil.example/steal refused: host 'evil.example' is not among the allowed hosts of site "
            "'procurement'");
  const auto capture =
      store.LatestCapture("procurement", "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=2");
  EXPECT_EQ(capture->status, 302) << "the refusal is recorded as received";
}

TEST_F(CrawlTest, CompressedPagesAreStoredAsReceivedAndReadDecoded) {
  TestHttpServer server([](const TestRequest& request) {
    TestResponse response = FakeProcurementSite(request);
    if (request.headers.find("Accept-Encoding: gzip, deflate, br") == std::string::npos)
      return TestResponse{400, "", ""};
    if (request.target.find("selectInfoForIndex") != std::string::npos) {
      response.body = Gzip(response.body);
      response.headers += "Content-Encoding: gzip\r\n";
    }
    return response;
  });
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  EXPECT_TRUE(results[0].complete) << log_.str();
  EXPECT_EQ(CountRequests(server, "getInfoById"), 3) << "the gzip list pages were read";
  for (const Capture& list : store.LatestCaptures("procurement", "list")) {
    EXPECT_EQ(list.content_encoding, "gzip");
    EXPECT_EQ(static_cast<unsigned char>(list.body[0]), 0x1f) << "archived as received";
    EXPECT_EQ(list.sha256, Sha256Hex(list.body));
  }
}

TEST_F(CrawlTest, OversizedBodyIsTruncatedAndRecorded) {
  EditConfig("max_body_bytes: 20971520", "max_body_bytes: 2048");
  TestHttpServer server(WithDetail("1", [](const TestRequest&) {
    return TestResponse{200, "", std::string(10000, 'x')};
  }));
  Store store(path_);
  const auto results = CrawlOnce(store, server.origin());
  EXPECT_FALSE(results[0].complete);
  EXPECT_EQ(CountRequests(server, "id=1"), 1) << "a truncation is not retried";
  const auto capture =
      store.LatestCapture("procurement", "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=1");
  EXPECT_TRUE(capture->truncated);
  EXPECT_EQ(capture->body.size(), 2048u);
  EXPECT_NE(capture->error.find("truncated"), std::string::npos) << capture->error;
}

TEST_F(CrawlTest, StoppedCrawlKeepsItsFrontierAndTheNextOneResumesIt) {
  std::atomic<bool> stop{false};
  TestHttpServer server(WithDetail("1", [&](const TestRequest&) -> std::optional<TestResponse> {
    stop = true;  // as SIGTERM would, while the first detail is being fetched
    return std::nullopt;
  }));
  Store store(path_);
  CrawlOptions stopping;
  stopping.stop = &stop;
  auto results = CrawlOnce(store, server.origin(), stopping);
  EXPECT_FALSE(results[0].finished);
  EXPECT_FALSE(results[0].complete);
  ASSERT_TRUE(store.OpenCrawlCycle("procurement"));
  EXPECT_FALSE(store.QueuedFrontier("procurement").empty());
  EXPECT_TRUE(
      store.HasCompleteCapture("procurement", "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=1"))
      << "what was in flight was finished and committed";

  const long long stopped_run = store.BeginRun("crawl", "2025-12-31", "t");  // as a killed process leaves it
  results = CrawlOnce(store, server.origin());
  EXPECT_TRUE(results[0].resumed);
  EXPECT_EQ(store.LatestRun("crawl")->id, stopped_run) << "the killed run is closed as interrupted";
  EXPECT_EQ(store.LatestRun("crawl")->status, "interrupted");
  EXPECT_TRUE(results[0].finished);
  EXPECT_TRUE(results[0].complete) << log_.str();
  EXPECT_FALSE(store.OpenCrawlCycle("procurement"));
  for (const char* id : {"id=1", "id=2", "id=3"}) EXPECT_EQ(CountRequests(server, id), 1) << id;
  EXPECT_EQ(CountRequests(server, "currPage=1"), 1) << "the finished list page is not fetched again";
}

TEST_F(CrawlTest, EveryExchangeGoesToTheArchiverAndItsLocationToTheCapture) {
  TestHttpServer server(FakeProcurementSite);
  Store store(path_);
  int archived = 0;
  CrawlOptions options;
  options.archive = [&](const HttpRequest&, const HttpResponse& response, const std::string& canonical_url,
                        const Capture* capture, const Capture*) {
    ++archived;
    EXPECT_EQ(canonical_url.rfind("https://gdgpo.czt.gd.gov.cn/", 0), 0u);
    EXPECT_FALSE(response.request_head.empty());
    if (capture) {
      EXPECT_EQ(capture->url, canonical_url);
    }
    return ArchivedAt{"test.warc.gz", archived * 100, 10, "<urn:uuid:" + std::to_string(archived) + ">"};
  };
  const auto results = CrawlOnce(store, server.origin(), options);
  EXPECT_EQ(archived, 6) << "robots.txt, two list pages, three details";
  EXPECT_EQ(results[0].requests, 6);
  for (const Capture& capture : store.LatestCaptures("procurement", "detail")) {
    EXPECT_EQ(capture.warc_file, "test.warc.gz");
    EXPECT_GT(capture.warc_offset, 0);
    EXPECT_EQ(capture.warc_record_id.rfind("<urn:uuid:", 0), 0u);
  }
}

TEST_F(CrawlTest, ProgressLineShowsEachSite) {
  TestHttpServer server(FakeProcurementSite);
  Store store(path_);
  std::ostringstream progress;
  CrawlOptions options;
  options.progress = &progress;
  CrawlOnce(store, server.origin(), options);
  EXPECT_NE(progress.str().find("procurement: 5 fetched, 0 to go, 0 errors"), std::string::npos) << progress.str();
}

// A list that pages through a signed POST JSON body, as the trading platform's ygp search does.
constexpr char kSignedListConfig[] = R"(version: 1
sites:
  trading:
    base_url: https://ygp.gdzwfw.gov.cn
    allowed_hosts: [ygp.gdzwfw.gov.cn]
    sources:
      - name: ygp
        domain: construction
        list:
          url: /ggzy-portal/search/v2/items
          request:
            method: POST
            headers: {X-Dgi-Req-App: ggzy-portal}
            json: {pageNo: "{page:int}", pageSize: "{page_size:int}", siteCode: "440200"}
            computed_headers:
              X-Dgi-Req-Nonce: {nonce: 16}
              X-Dgi-Req-Timestamp: {timestamp_ms: true}
              X-Dgi-Req-Signature:
                sha256_hex: ["{header:X-Dgi-Req-Nonce}", "{env:GAPWATCH_TEST_SALT}", "{canonical_body}",
                             "{header:X-Dgi-Req-Timestamp}"]
          page_size: 2
          format: json
          items: data.pageData[*]
          total: data.total
        item:
          detail_url: /detail?id={id}
          kind: {json: type, map: {"t": tender}}
          fields:
            title: {json: title, normalise: text}
        detail:
          format: json
          html: data.content
          fields: {}
)";

std::string HeaderOf(const TestRequest& request, const std::string& name) {
  const auto at = request.headers.find(name + ": ");
  if (at == std::string::npos) return "";
  const auto start = at + name.size() + 2;
  return request.headers.substr(start, request.headers.find("\r\n", start) - start);
}

TEST_F(CrawlTest, ListPagesThroughASignedPostBodyAndKeepsTheSecretOutOfTheArchive) {
  ::setenv("GAPWATCH_TEST_SALT", "pepper", 1);
  const SitesConfig config = LoadSitesConfig(kSignedListConfig, "signed.yaml");
  TestHttpServer server([](const TestRequest& request) {
    if (request.target == "/robots.txt") return TestResponse{404, "", ""};
    if (request.target.rfind("/detail", 0) == 0) {
      return TestResponse{200, "Content-Type: application/json\r\n", R"({"data":{"content":"<p>x</p>"}})"};
    }
    const std::string nonce = HeaderOf(request, "X-Dgi-Req-Nonce");
    const std::string timestamp = HeaderOf(request, "X-Dgi-Req-Timestamp");
    const auto page = nlohmann::json::parse(request.body).at("pageNo").get<int>();
    const std::string canonical = "pageNo=" + std::to_string(page) + "&pageSize=2&siteCode=440200";
    if (request.method != "POST" ||
        HeaderOf(request, "X-Dgi-Req-Signature") != Sha256Hex(nonce + "pepper" + canonical + timestamp)) {
      return TestResponse{403, "", "bad signature"};
    }
    const std::string rows = page == 1 ? R"({"id":"1","title":"A","type":"t"},{"id":"2","title":"B","type":"t"})"
                                       : R"({"id":"3","title":"C","type":"t"})";
    return TestResponse{200, "Content-Type: application/json\r\n", R"({"data":{"total":3,"pageData":[)" + rows + "]}}"};
  });
  Store store(path_);
  std::vector<std::string> archived_heads;
  CrawlOptions options;
  options.origin_overrides["trading"] = server.origin();
  options.archive = [&](const HttpRequest&, const HttpResponse& response, const std::string&, const Capture*,
                        const Capture*) {
    archived_heads.push_back(response.request_head);
    return ArchivedAt{};
  };
  const auto results =
      Crawl({config.Find("trading")}, store, store.BeginRun("crawl", "2025-12-31", "t"), options, log_);
  ::unsetenv("GAPWATCH_TEST_SALT");
  EXPECT_TRUE(results[0].complete) << log_.str();
  EXPECT_EQ(results[0].list_pages, 2);
  EXPECT_EQ(CountRequests(server, "/detail?id="), 3);
  EXPECT_TRUE(
      store.HasCompleteCapture("trading", "https://ygp.gdzwfw.gov.cn/ggzy-portal/search/v2/items#source=ygp&page=2"))
      << "each page of a POST list has its own canonical URL";
  bool saw_list_request = false;
  for (const std::string& head : archived_heads) {
    if (head.rfind("POST ", 0) != 0) continue;
    saw_list_request = true;
    EXPECT_NE(head.find("X-Dgi-Req-Signature: <redacted>\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("X-Dgi-Req-Nonce: "), std::string::npos) << "only what derives from the secret is hidden";
  }
  EXPECT_TRUE(saw_list_request);
}

TEST_F(CrawlTest, MissingSecretLeavesTheListUnfetchedAndSaysWhich) {
  ::unsetenv("GAPWATCH_TEST_SALT");
  const SitesConfig config = LoadSitesConfig(kSignedListConfig, "signed.yaml");
  TestHttpServer server([](const TestRequest&) { return TestResponse{404, "", ""}; });
  Store store(path_);
  CrawlOptions options;
  options.origin_overrides["trading"] = server.origin();
  const auto results =
      Crawl({config.Find("trading")}, store, store.BeginRun("crawl", "2025-12-31", "t"), options, log_);
  EXPECT_FALSE(results[0].complete);
  ASSERT_EQ(results[0].problems.size(), 1u);
  EXPECT_NE(results[0].problems[0].find("GAPWATCH_TEST_SALT"), std::string::npos) << results[0].problems[0];
  EXPECT_EQ(CountRequests(server, "/ggzy-portal"), 0);
  EXPECT_FALSE(store.OpenCrawlCycle("trading")) << "the cycle ends: nothing else was left to fetch";
}

}  // namespace
}  // namespace gapwatch
