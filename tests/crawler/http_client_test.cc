#include "crawler/http_client.h"

#include <gtest/gtest.h>

#include "crawler/host_throttle.h"
#include "parsers/content_coding.h"
#include "tests/support/gzip.h"
#include "tests/support/test_http_server.h"

namespace gapwatch {
namespace {

using testing::Gzip;
using testing::TestHttpServer;
using testing::TestRequest;
using testing::TestResponse;

TransferLimits FastLimits() {
  TransferLimits limits;
  limits.timeout_s = 5;
  limits.connect_timeout_s = 2;
  limits.user_agent = "gapwatch-test";
  return limits;
}

// Runs one request to completion.
HttpResponse FetchOne(const HttpRequest& request, const TransferLimits& limits = FastLimits()) {
  HttpClient client;
  client.Start(7, request, limits);
  while (true) {
    auto finished = client.Wait(std::chrono::milliseconds(100));
    if (!finished.empty()) {
      EXPECT_EQ(finished[0].first, 7);
      return std::move(finished[0].second);
    }
  }
}

TEST(HttpClientTest, FetchesBodyHeadersAndSendsUserAgentAndExtraHeaders) {
  TestHttpServer server([](const TestRequest&) {
    return TestResponse{200, "Content-Type: application/json;charset=UTF-8\r\nETag: \"v1\"\r\n", "{\"ok\":1}"};
  });
  const HttpResponse response = FetchOne({"GET", server.origin() + "/a?b=1", {{"If-None-Match", "\"v0\""}}, ""});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{\"ok\":1}");
  EXPECT_EQ(response.content_type, "application/json;charset=UTF-8");
  EXPECT_EQ(HeaderValue(response.headers, "etag"), "\"v1\"");
  EXPECT_TRUE(response.error.empty());
  EXPECT_EQ(response.remote_ip, "127.0.0.1");
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].target, "/a?b=1");
  EXPECT_NE(server.requests()[0].headers.find("User-Agent: gapwatch-test"), std::string::npos);
  EXPECT_NE(server.requests()[0].headers.find("If-None-Match: \"v0\""), std::string::npos);
  // The request head as sent, for the WARC request record.
  EXPECT_EQ(response.request_head.rfind("GET /a?b=1 HTTP/1.1\r\n", 0), 0u) << response.request_head;
  EXPECT_NE(response.request_head.find("If-None-Match: \"v0\"\r\n"), std::string::npos);
}

TEST(HttpClientTest, KeepsTheContentCodingAsReceived) {
  const std::string page = "<html>" + std::string(3000, 'x') + "</html>";
  TestHttpServer server([&](const TestRequest&) {
    return TestResponse{200, "Content-Encoding: gzip\r\nContent-Type: text/html\r\n", Gzip(page)};
  });
  const HttpResponse response = FetchOne({"GET", server.origin() + "/", {{"Accept-Encoding", "gzip"}}, ""});
  EXPECT_EQ(response.body, Gzip(page)) << "the archive keeps the bytes the server sent";
  EXPECT_EQ(DecodeContent(response.body, HeaderValue(response.headers, "Content-Encoding")), page);
}

TEST(HttpClientTest, ManyTransfersAreInFlightAtOnce) {
  TestHttpServer server([](const TestRequest&) { return TestResponse{200, "", "ok"}; });
  HttpClient client;
  for (int i = 0; i < 20; ++i)
    client.Start(i, {"GET", server.origin() + "/" + std::to_string(i), {}, ""}, FastLimits());
  EXPECT_EQ(client.in_flight(), 20);
  std::vector<long long> tokens;
  while (tokens.size() < 20) {
    for (auto& [token, response] : client.Wait(std::chrono::milliseconds(100))) {
      EXPECT_EQ(response.status, 200);
      tokens.push_back(token);
    }
  }
  std::sort(tokens.begin(), tokens.end());
  for (int i = 0; i < 20; ++i) EXPECT_EQ(tokens[i], i);
  EXPECT_EQ(client.in_flight(), 0);
}

TEST(HttpClientTest, SendsPostBodies) {
  TestHttpServer server([](const TestRequest& request) { return TestResponse{200, "", request.method}; });
  const HttpResponse response =
      FetchOne({"POST", server.origin() + "/search", {{"Content-Type", "application/json"}}, "{\"pageNo\":1}"});
  EXPECT_EQ(response.body, "POST");
  EXPECT_NE(response.request_head.find("Content-Length: 12"), std::string::npos) << response.request_head;
}

TEST(HttpClientTest, UnreachableServerIsAnError) {
  int port = 0;
  {
    TestHttpServer server([](const TestRequest&) { return TestResponse{}; });
    port = std::stoi(server.origin().substr(server.origin().rfind(':') + 1));
  }  // closed: nothing listens there now
  const HttpResponse response = FetchOne({"GET", "http://127.0.0.1:" + std::to_string(port) + "/x", {}, ""});
  EXPECT_EQ(response.status, 0);
  EXPECT_NE(response.error.find("onnect"), std::string::npos) << response.error;
}

TEST(HttpClientTest, TimesOut) {
  TestHttpServer server([](const TestRequest&) {
    return TestResponse{200, "", "late", std::chrono::milliseconds(2500)};
  });
  TransferLimits limits = FastLimits();
  limits.timeout_s = 1;
  const HttpResponse response = FetchOne({"GET", server.origin() + "/slow", {}, ""}, limits);
  EXPECT_EQ(response.status, 0);
  EXPECT_NE(response.error.find("timed out"), std::string::npos) << response.error;
}

TEST(HttpClientTest, TruncatesOversizedBody) {
  TestHttpServer server([](const TestRequest&) { return TestResponse{200, "", std::string(5000, 'x')}; });
  TransferLimits limits = FastLimits();
  limits.max_body_bytes = 1024;
  const HttpResponse response = FetchOne({"GET", server.origin() + "/big", {}, ""}, limits);
  EXPECT_EQ(response.body.size(), 1024u);
  EXPECT_TRUE(response.truncated);
  EXPECT_NE(response.error.find("truncated"), std::string::npos);
}

TEST(HttpClientTest, ReturnsRedirectsWithoutFollowingThem) {
  TestHttpServer server([](const TestRequest&) { return TestResponse{302, "Location: http://evil.example/\r\n", ""}; });
  const HttpResponse response = FetchOne({"GET", server.origin() + "/r", {}, ""});
  EXPECT_EQ(response.status, 302);
  EXPECT_EQ(HeaderValue(response.headers, "Location"), "http://evil.example/");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(HttpClientTest, RefusesOtherSchemes) {
  const HttpResponse response = FetchOne({"GET", "file:///etc/passwd", {}, ""});
  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(response.body.empty());
  EXPECT_FALSE(response.error.empty());
}

TEST(Sha256Test, KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

using std::chrono::milliseconds;

TEST(HostThrottleTest, LimitsConcurrencyAndSpacesStartsByTheDelay) {
  HostThrottle throttle({milliseconds(100), milliseconds(1000), milliseconds(5000), 2});
  const auto t0 = HostThrottle::Clock::time_point{} + std::chrono::hours(1);
  EXPECT_TRUE(throttle.CanStart(t0));
  throttle.Started(t0);
  EXPECT_FALSE(throttle.CanStart(t0 + milliseconds(99)));
  EXPECT_TRUE(throttle.CanStart(t0 + milliseconds(100)));
  throttle.Started(t0 + milliseconds(100));
  EXPECT_FALSE(throttle.CanStart(t0 + milliseconds(500))) << "two in flight";
  throttle.Finished(t0 + milliseconds(500), milliseconds(40), HostThrottle::Outcome::kResponse);
  EXPECT_TRUE(throttle.CanStart(t0 + milliseconds(500)));
}

TEST(HostThrottleTest, SlowsDownOnLatencyButNeverBelowTheMinimum) {
  HostThrottle throttle({milliseconds(100), milliseconds(10000), milliseconds(5000), 1});
  const auto t0 = HostThrottle::Clock::time_point{} + std::chrono::hours(1);
  throttle.Started(t0);
  throttle.Finished(t0, milliseconds(2100), HostThrottle::Outcome::kResponse);
  EXPECT_EQ(throttle.delay(), milliseconds(1100)) << "halfway toward the latency";
  for (int i = 0; i < 20; ++i) {
    throttle.Started(t0);
    throttle.Finished(t0, milliseconds(1), HostThrottle::Outcome::kResponse);
  }
  EXPECT_EQ(throttle.delay(), milliseconds(100)) << "fast answers never go below the configured delay";
}

TEST(HostThrottleTest, BacksOffExponentiallyOnErrorsUpToTheMaximum) {
  HostThrottle throttle({milliseconds(0), milliseconds(3000), milliseconds(5000), 4});
  const auto t0 = HostThrottle::Clock::time_point{} + std::chrono::hours(1);
  std::vector<long long> delays;
  auto now = t0;
  for (int i = 0; i < 6; ++i) {
    throttle.Started(now);
    now += milliseconds(5);
    throttle.Finished(now, milliseconds(5), HostThrottle::Outcome::kError);
    delays.push_back(throttle.delay().count());
  }
  EXPECT_EQ(delays, (std::vector<long long>{250, 500, 1000, 2000, 3000, 3000}));
  EXPECT_FALSE(throttle.CanStart(now + milliseconds(2999))) << "the backoff runs from the error";
}

TEST(HostThrottleTest, ErrorsOfRequestsInFlightTogetherDoubleTheDelayOnce) {
  HostThrottle throttle({milliseconds(0), milliseconds(60000), milliseconds(5000), 8});
  const auto t0 = HostThrottle::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 8; ++i) throttle.Started(t0);
  for (int i = 0; i < 8; ++i) {
    throttle.Finished(t0 + milliseconds(10 + i), milliseconds(10 + i), HostThrottle::Outcome::kError);
  }
  EXPECT_EQ(throttle.delay(), milliseconds(250)) << "one burst refused is one signal";
  throttle.Started(t0 + milliseconds(300));
  throttle.Finished(t0 + milliseconds(310), milliseconds(10), HostThrottle::Outcome::kError);
  EXPECT_EQ(throttle.delay(), milliseconds(500)) << "a request started after the backoff doubles it again";
}

TEST(HostThrottleTest, RetryAfterHoldsTheHostUpToTheCap) {
  HostThrottle throttle({milliseconds(0), milliseconds(1000), milliseconds(5000), 4});
  const auto t0 = HostThrottle::Clock::time_point{} + std::chrono::hours(1);
  throttle.Started(t0);
  throttle.Finished(t0, milliseconds(1), HostThrottle::Outcome::kError, milliseconds(3000));
  EXPECT_FALSE(throttle.CanStart(t0 + milliseconds(2999)));
  EXPECT_TRUE(throttle.CanStart(t0 + milliseconds(3000)));
  throttle.Started(t0);
  throttle.Finished(t0, milliseconds(1), HostThrottle::Outcome::kError, milliseconds(999999));
  EXPECT_TRUE(throttle.CanStart(t0 + milliseconds(5000))) << "capped at max_retry_after";
}

TEST(RetryAfterTest, SecondsAndHttpDates) {
  EXPECT_EQ(ParseRetryAfter("120", 0), milliseconds(120000));
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 30), milliseconds(30000));
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 + 30), milliseconds(0)) << "already past";
  EXPECT_EQ(ParseRetryAfter("", 0), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("soon", 0), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("-5", 0), std::nullopt);
}

}  // namespace
}  // namespace gapwatch
