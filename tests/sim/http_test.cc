// Real HTTP on loopback: the Beast server in front of the procurement site,
// spoken to by a hand-written socket client.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>

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
        server_("127.0.0.1", 0, [this](std::string_view method, std::string_view target) {
          ++requests_;
          return site_.Handle(method, target);
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

TEST(HttpServerTest, RefusesAnAddressItCannotListenOn) {
  HttpServer first("127.0.0.1", 0, [](std::string_view, std::string_view) { return HttpReply{}; });
  EXPECT_THROW(HttpServer("127.0.0.1", first.port(), [](std::string_view, std::string_view) { return HttpReply{}; }),
               std::runtime_error);
}

}  // namespace
}  // namespace gapwatch::sim
