// Real HTTP on loopback: the Beast server in front of the procurement site and
// of test handlers, spoken to by a hand-written socket client; several sites
// on their own ports.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "sim/http_server.h"
#include "sim/procurement_site.h"
#include "tests/sim/raw_http_client.h"

namespace gapwatch::sim {
namespace {

using testing::RawHttpConnection;

class HttpTest : public ::testing::Test {
 protected:
  HttpTest()
      : world_(BuildWorld(1, 1, WorkCalendar::Embedded())),
        site_(world_, CivilDate{2025, 12, 31}),
        server_("127.0.0.1", 0, [this](const HttpRequest& request) {
          ++requests_;
          return site_.Handle(request.method, request.target);
        }) {
    server_.Start();
  }

  std::string ListTarget(int page) const {
    return std::string(kListPath) + "?siteId=" + kProcurementSiteId + "&channel=" + kProcurementChannel +
           "&currPage=" + std::to_string(page) + "&pageSize=10&regionCode=440200";
  }

  World world_;
  ProcurementSite site_;
  std::atomic<int> requests_{0};
  HttpServer server_;
};

TEST_F(HttpTest, ListThenDetailsOnOneKeptAliveConnection) {
  ASSERT_GT(server_.port(), 0);
  RawHttpConnection connection("127.0.0.1", server_.port());
  auto list = connection.Get(ListTarget(1));
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200);
  EXPECT_EQ(list->headers["content-type"], "application/json;charset=UTF-8");
  EXPECT_EQ(std::stoul(list->headers["content-length"]), list->body.size());
  const auto body = nlohmann::json::parse(list->body);
  ASSERT_EQ(body["data"]["rows"].size(), 10u);
  EXPECT_EQ(body["data"]["total"], site_.visible().size());
  for (const auto& row : body["data"]["rows"]) {
    auto detail = connection.Get(std::string(kDetailPath) + "?id=" + std::string(row["id"]));
    ASSERT_TRUE(detail) << "connection not kept alive";
    EXPECT_EQ(detail->status, 200);
    const auto data = nlohmann::json::parse(detail->body)["data"];
    EXPECT_EQ(data["id"], row["id"]);
    EXPECT_NE(std::string(data["content"]).find("noticeArea"), std::string::npos);
  }
  EXPECT_EQ(requests_, 11);
}

TEST_F(HttpTest, NotFoundAndHead) {
  const auto missing = testing::HttpGet(server_.port(), std::string(kDetailPath) + "?id=no-such-id");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(nlohmann::json::parse(missing.body)["msg"], "信息不存在");
  EXPECT_EQ(testing::HttpGet(server_.port(), "/no/such/path").status, 404);
  EXPECT_EQ(testing::HttpGet(server_.port(), "/robots.txt").status, 200);

  RawHttpConnection connection("127.0.0.1", server_.port());
  connection.Send("HEAD " + ListTarget(1) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  auto head = connection.Read(/*response_to_head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_GT(std::stoul(head->headers["content-length"]), 100u);
  // No body followed the HEAD answer: the next response parses cleanly.
  auto next = connection.Get(ListTarget(2));
  ASSERT_TRUE(next);
  EXPECT_EQ(nlohmann::json::parse(next->body)["code"], "200");
}

TEST_F(HttpTest, ConnectionCloseIsHonoured) {
  RawHttpConnection connection("127.0.0.1", server_.port());
  connection.Send("GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  auto response = connection.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->headers["connection"], "close");
  EXPECT_FALSE(connection.Read()) << "server kept a closed connection open";
}

TEST_F(HttpTest, StopEndsServing) {
  const int port = server_.port();
  EXPECT_EQ(testing::HttpGet(port, "/robots.txt").status, 200);
  server_.Stop();
  server_.Stop();  // idempotent
  EXPECT_THROW(testing::HttpGet(port, "/robots.txt"), std::runtime_error);
}

HttpReply Text(const std::string& body) { return {200, "text/plain;charset=UTF-8", body}; }

TEST(HttpServerTest, RefusesAnAddressItCannotListenOn) {
  HttpServer first("127.0.0.1", 0, [](const HttpRequest&) { return HttpReply{}; });
  EXPECT_THROW(HttpServer("127.0.0.1", first.port(), [](const HttpRequest&) { return HttpReply{}; }),
               std::runtime_error);
}

TEST(HttpServerTest, TheHandlerSeesMethodTargetHeadersBodyAndClient) {
  std::mutex mutex;
  std::vector<HttpRequest> seen;
  HttpServer server("127.0.0.1", 0, [&](const HttpRequest& request) {
    std::lock_guard lock(mutex);
    seen.push_back(request);
    return Text("ok");
  });
  server.Start();
  RawHttpConnection connection("127.0.0.1", server.port());
  const std::string body = R"({"siteCode":"440200","pageNo":1,"keyword":"韶关"})";
  auto response = connection.Request("POST", "/ggzy-portal/search/v2/items?x=1",
                                     "Content-Type: application/json\r\nX-Dgi-Req-App: ggzy-portal\r\n"
                                     "X-DGI-REQ-NONCE: abc\r\nAccept: text/html\r\nAccept: application/json\r\n",
                                     body);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "ok");
  ASSERT_TRUE(connection.Get("/second"));  // same connection

  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/ggzy-portal/search/v2/items?x=1");
  EXPECT_EQ(seen[0].body, body);
  EXPECT_EQ(seen[0].headers["x-dgi-req-app"], "ggzy-portal");
  EXPECT_EQ(seen[0].headers["x-dgi-req-nonce"], "abc");
  EXPECT_EQ(seen[0].headers["content-type"], "application/json");
  EXPECT_EQ(seen[0].headers["accept"], "text/html, application/json");
  EXPECT_EQ(seen[0].headers["content-length"], std::to_string(body.size()));
  EXPECT_TRUE(seen[0].client.starts_with("127.0.0.1:")) << seen[0].client;
  EXPECT_GT(std::stoi(seen[0].client.substr(10)), 0);
  EXPECT_EQ(seen[1].method, "GET");
  EXPECT_EQ(seen[1].body, "");
  EXPECT_EQ(seen[1].client, seen[0].client);
}

TEST(HttpServerTest, ExtraHeadersAndNoContentTypeWhenEmpty) {
  HttpServer server("127.0.0.1", 0, [](const HttpRequest&) {
    HttpReply reply(302, "", "");
    reply.headers = {{"Location", "/elsewhere"}, {"Retry-After", "1"}};
    return reply;
  });
  server.Start();
  const auto response = testing::HttpGet(server.port(), "/");
  EXPECT_EQ(response.status, 302);
  EXPECT_EQ(response.headers.at("location"), "/elsewhere");
  EXPECT_EQ(response.headers.at("retry-after"), "1");
  EXPECT_EQ(response.headers.count("content-type"), 0u);
  EXPECT_EQ(response.headers.at("content-length"), "0");
}

TEST(HttpServerTest, ACutBodyPromisesTheWholeLengthThenCloses) {
  HttpServer server("127.0.0.1", 0, [](const HttpRequest&) {
    HttpReply reply = Text(std::string(1000, 'x'));
    reply.sent_body_bytes = 300;
    return reply;
  });
  server.Start();
  RawHttpConnection connection("127.0.0.1", server.port());
  auto response = connection.Get("/");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->headers["content-length"], "1000");
  EXPECT_TRUE(response->truncated);
  EXPECT_EQ(response->body, std::string(300, 'x'));
  EXPECT_FALSE(connection.Read()) << "the connection stayed open";

  // HEAD has no body to cut.
  RawHttpConnection head("127.0.0.1", server.port());
  auto answer = head.Request("HEAD", "/");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->headers["content-length"], "1000");
  EXPECT_TRUE(head.Get("/")) << "HEAD closed the connection";
}

TEST(HttpServerTest, ADelayedReplyHoldsUpNoOtherConnection) {
  using Clock = std::chrono::steady_clock;
  HttpServer server("127.0.0.1", 0, [](const HttpRequest& request) {
    HttpReply reply = Text(request.target);
    if (request.target == "/slow") reply.delay = std::chrono::milliseconds(600);
    return reply;
  });
  server.Start();
  const Clock::time_point start = Clock::now();
  std::optional<testing::RawResponse> slow;
  std::thread client([&] { slow = testing::HttpGet(server.port(), "/slow"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(testing::HttpGet(server.port(), "/fast").body, "/fast");
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(500)) << "the fast request waited for the slow one";
  client.join();
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(600));
  ASSERT_TRUE(slow);
  EXPECT_EQ(slow->body, "/slow");
}

std::vector<SimulatedSite> NamedSites(const std::vector<std::string>& names) {
  std::vector<SimulatedSite> sites;
  for (const std::string& name : names) sites.push_back({name, [name](const HttpRequest&) { return Text(name); }});
  return sites;
}

int PortOf(const std::string& line) { return std::stoi(line.substr(line.rfind(':') + 1)); }

TEST(SiteServersTest, EachSiteOnItsOwnPortAnnouncedInOrder) {
  SiteServers servers("127.0.0.1", 0, NamedSites({"portal", "trading", "procurement", "credit"}));
  servers.Start();
  std::istringstream lines(servers.Announcement());
  std::set<int> ports;
  for (const std::string name : {"portal", "trading", "procurement", "credit"}) {
    std::string line;
    ASSERT_TRUE(std::getline(lines, line));
    ASSERT_TRUE(line.starts_with(name + "=http://127.0.0.1:")) << line;
    ports.insert(PortOf(line));
    EXPECT_EQ(testing::HttpGet(PortOf(line), "/").body, name);
  }
  EXPECT_EQ(ports.size(), 4u);
  EXPECT_FALSE(ports.contains(0));
}

TEST(SiteServersTest, AGivenPortIsTheFirstSitesAndTheOthersFollow) {
  // A free port P, with P + 1 and P + 2 hopefully free too; another try if not.
  for (int attempt = 0; attempt < 5; ++attempt) {
    unsigned short first = 0;
    {
      HttpServer probe("127.0.0.1", 0, [](const HttpRequest&) { return HttpReply{}; });
      first = probe.port();
    }
    if (first > 65533) continue;
    try {
      SiteServers servers("127.0.0.1", first, NamedSites({"trading", "procurement", "credit"}));
      EXPECT_EQ(servers.Announcement(), "trading=" + BaseUrl("127.0.0.1", first) +
                                            "\nprocurement=" + BaseUrl("127.0.0.1", first + 1) +
                                            "\ncredit=" + BaseUrl("127.0.0.1", first + 2) + "\n");
      return;
    } catch (const std::runtime_error&) {
    }
  }
  FAIL() << "no three consecutive free ports";
}

TEST(SiteServersTest, APortInUseNamesTheSite) {
  HttpServer taken("127.0.0.1", 0, [](const HttpRequest&) { return HttpReply{}; });
  try {
    SiteServers servers("127.0.0.1", taken.port(), NamedSites({"procurement"}));
    FAIL() << "bound a port in use";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("site procurement"), std::string::npos) << e.what();
  }
  EXPECT_THROW(SiteServers("127.0.0.1", 65535, NamedSites({"portal", "trading"})), std::runtime_error);
}

TEST(SiteServersTest, BaseUrl) {
  EXPECT_EQ(BaseUrl("::1", 9000), "http://[::1]:9000");
  EXPECT_EQ(BaseUrl("127.0.0.1", 80), "http://127.0.0.1:80");
}

}  // namespace
}  // namespace gapwatch::sim
