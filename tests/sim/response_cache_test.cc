#include "sim/response_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace gapwatch::sim {
namespace {

// A site that renders a body naming the target and counts its renders.
struct CountingSite {
  int renders = 0;
  HttpHandler Handler() {
    return [this](const HttpRequest& request) {
      ++renders;
      HttpReply reply(200, "text/html", "page " + request.target + " " + std::string(1000, 'x'));
      reply.headers.emplace_back("X-Render", std::to_string(renders));
      return reply;
    };
  }
};

HttpRequest Get(const std::string& target) { return {"GET", target, {}, "", "127.0.0.1:1"}; }

TEST(ResponseCacheTest, AnsweredTwiceRendersOnceWithTheSameBytes) {
  CountingSite site;
  const HttpHandler cached = WithResponseCache(site.Handler(), 1 << 20);
  const HttpReply first = cached(Get("/a"));
  const HttpReply second = cached(Get("/a"));
  EXPECT_EQ(site.renders, 1);
  EXPECT_EQ(second.status, first.status);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.content_type, first.content_type);
  EXPECT_EQ(second.headers, first.headers);
  cached(Get("/b"));
  EXPECT_EQ(site.renders, 2) << "another target is another page";
}

TEST(ResponseCacheTest, RequestsWithABodyOrConditionsAlwaysReachTheSite) {
  CountingSite site;
  const HttpHandler cached = WithResponseCache(site.Handler(), 1 << 20);
  HttpRequest post = Get("/search");
  post.method = "POST";
  post.body = "{\"pageNo\":1}";
  cached(post);
  cached(post);
  EXPECT_EQ(site.renders, 2);
  HttpRequest conditional = Get("/a");
  conditional.headers["if-none-match"] = "\"v1\"";
  cached(conditional);
  cached(conditional);
  EXPECT_EQ(site.renders, 4);
}

TEST(ResponseCacheTest, LeastRecentlyUsedGoFirstPastTheLimit) {
  CountingSite site;
  const HttpHandler cached = WithResponseCache(site.Handler(), 3000);  // room for two pages of ~1.3 KB with overhead
  cached(Get("/a"));
  cached(Get("/b"));
  cached(Get("/a"));  // /a is now the most recently used
  cached(Get("/c"));  // evicts /b
  EXPECT_EQ(site.renders, 3);
  cached(Get("/a"));
  EXPECT_EQ(site.renders, 3) << "/a stayed";
  cached(Get("/b"));
  EXPECT_EQ(site.renders, 4) << "/b was evicted";
}

TEST(ResponseCacheTest, ZeroTurnsItOff) {
  CountingSite site;
  const HttpHandler uncached = WithResponseCache(site.Handler(), 0);
  uncached(Get("/a"));
  uncached(Get("/a"));
  EXPECT_EQ(site.renders, 2);
}

}  // namespace
}  // namespace gapwatch::sim
