#include "crawler/fetcher.h"

#include <gtest/gtest.h>

#include <atomic>

#include "tests/support/test_http_server.h"

namespace gapwatch {
namespace {

using testing::TestHttpServer;
using testing::TestRequest;
using testing::TestResponse;

Politeness FastPoliteness() {
  Politeness politeness;
  politeness.delay_ms = 0;
  politeness.timeout_s = 5;
  politeness.connect_timeout_s = 2;
  politeness.retries = 2;
  politeness.user_agent = "gapwatch-test";
  return politeness;
}

TEST(FetcherTest, FetchesBodyHeadersAndSendsUserAgent) {
  TestHttpServer server([](const TestRequest&) {
    return TestResponse{200, "Content-Type: application/json;charset=UTF-8\r\n", "{\"ok\":1}"};
  });
  Fetcher fetcher(FastPoliteness());
  const FetchResult result = fetcher.Fetch(server.origin() + "/a?b=1");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "{\"ok\":1}");
  EXPECT_EQ(result.content_type, "application/json;charset=UTF-8");
  EXPECT_TRUE(result.error.empty());
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].target, "/a?b=1");
  EXPECT_NE(server.requests()[0].headers.find("User-Agent: gapwatch-test"), std::string::npos);
}

TEST(FetcherTest, RetriesServerErrorsThenSucceeds) {
  std::atomic<int> calls{0};
  TestHttpServer server([&](const TestRequest&) {
    return ++calls < 3 ? TestResponse{503, "", "busy"} : TestResponse{200, "", "done"};
  });
  Fetcher fetcher(FastPoliteness());
  const FetchResult result = fetcher.Fetch(server.origin() + "/");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "done");
  EXPECT_EQ(result.attempts, 3);
}

TEST(FetcherTest, GivesUpAfterRetriesWithMessageNamingUrl) {
  TestHttpServer server([](const TestRequest&) { return TestResponse{500, "", "broken"}; });
  Fetcher fetcher(FastPoliteness());
  const std::string url = server.origin() + "/broken";
  const FetchResult result = fetcher.Fetch(url);
  EXPECT_EQ(result.status, 500);
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(result.error, "HTTP 500");
}

TEST(FetcherTest, NotFoundIsNotRetried) {
  TestHttpServer server([](const TestRequest&) { return TestResponse{404, "", "gone"}; });
  Fetcher fetcher(FastPoliteness());
  const FetchResult result = fetcher.Fetch(server.origin() + "/x");
  EXPECT_EQ(result.status, 404);
  EXPECT_EQ(result.attempts, 1);
}

TEST(FetcherTest, HonoursRetryAfterOn429) {
  std::atomic<int> calls{0};
  TestHttpServer server([&](const TestRequest&) {
    return ++calls == 1 ? TestResponse{429, "Retry-After: 1\r\n", "slow down"} : TestResponse{200, "", "ok"};
  });
  Fetcher fetcher(FastPoliteness());
  const auto start = std::chrono::steady_clock::now();
  const FetchResult result = fetcher.Fetch(server.origin() + "/");
  EXPECT_EQ(result.status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(950));
}

TEST(FetcherTest, UnreachableServerIsAnErrorNamingUrl) {
  int port = 0;
  {
    TestHttpServer server([](const TestRequest&) { return TestResponse{}; });
    port = std::stoi(server.origin().substr(server.origin().rfind(':') + 1));
  }  // closed: nothing listens there now
  Politeness politeness = FastPoliteness();
  politeness.retries = 1;
  Fetcher fetcher(politeness);
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/x";
  const FetchResult result = fetcher.Fetch(url);
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.attempts, 2);
  EXPECT_NE(result.error.find("onnect"), std::string::npos) << result.error;
}

TEST(FetcherTest, TimesOut) {
  TestHttpServer server([](const TestRequest&) {
    return TestResponse{200, "", "late", std::chrono::milliseconds(2500)};
  });
  Politeness politeness = FastPoliteness();
  politeness.timeout_s = 1;
  politeness.retries = 0;
  Fetcher fetcher(politeness);
  const FetchResult result = fetcher.Fetch(server.origin() + "/slow");
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.error.find("timed out"), std::string::npos) << result.error;
}

TEST(FetcherTest, TruncatesOversizedBody) {
  TestHttpServer server([](const TestRequest&) { return TestResponse{200, "", std::string(5000, 'x')}; });
  Politeness politeness = FastPoliteness();
  politeness.max_body_bytes = 1024;
  politeness.retries = 0;
  Fetcher fetcher(politeness);
  const FetchResult result = fetcher.Fetch(server.origin() + "/big");
  EXPECT_EQ(result.body.size(), 1024u);
  EXPECT_NE(result.error.find("truncated"), std::string::npos);
}

TEST(FetcherTest, DoesNotFollowRedirects) {
  TestHttpServer server([](const TestRequest&) { return TestResponse{302, "Location: http://evil.example/\r\n", ""}; });
  Fetcher fetcher(FastPoliteness());
  const FetchResult result = fetcher.Fetch(server.origin() + "/r");
  EXPECT_EQ(result.status, 302);
  EXPECT_EQ(result.error, "HTTP 302 redirect to http://evil.example/ not followed");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(FetcherTest, RefusesOtherSchemes) {
  Fetcher fetcher(FastPoliteness());
  const FetchResult result = fetcher.Fetch("file:///etc/passwd");
  EXPECT_EQ(result.status, 0);
  EXPECT_TRUE(result.body.empty());
  EXPECT_FALSE(result.error.empty());
}

TEST(Sha256Test, KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace gapwatch
