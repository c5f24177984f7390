// Faults on demand: the spec's syntax, reproducible draws, and every fault
// kind as a client sees it on the wire.
#include "sim/faults.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "sim/gbk.h"
#include "tests/sim/raw_http_client.h"

namespace gapwatch::sim {
namespace {

using testing::RawHttpConnection;

constexpr char kChinese[] = "韶关市公共资源交易中心";

FaultSpec Parse(const std::string& text) {
  std::string error;
  const std::optional<FaultSpec> spec = ParseFaultSpec(text, &error);
  EXPECT_TRUE(spec) << text << ": " << error;
  return spec.value_or(FaultSpec{});
}

// A site with UTF-8 and GBK pages, JSON, a robots.txt and 404s.
HttpReply FakeSite(const HttpRequest& request) {
  const std::string path = request.target.substr(0, request.target.find('?'));
  if (path == "/robots.txt") return {200, "text/plain", "User-agent: *\nDisallow: /private/\n"};
  if (path == "/page.html") {
    return {200, "text/html;charset=UTF-8", std::string("<html><body><h1>") + kChinese + "</h1></body></html>"};
  }
  if (path == "/gbk.html") return {200, "text/html", Utf8ToGbk(std::string("<html>") + kChinese + "</html>")};
  if (path == "/ascii.html") return {200, "text/html", "<html>plain</html>"};
  if (path == "/api.json") return {200, "application/json;charset=UTF-8", R"({"msg":"操作成功"})"};
  return {404, "text/html", "<html>not found</html>"};
}

HttpReply SiteWithoutRobots(const HttpRequest& request) {
  if (request.target == "/robots.txt") return {404, "text/html", "<html>not found</html>"};
  return FakeSite(request);
}

HttpRequest Get(const std::string& target) { return {"GET", target, {}, "", "127.0.0.1:40000"}; }

// The fake site behind `spec` on a loopback port.
class Served {
 public:
  explicit Served(const std::string& spec, HttpHandler site = FakeSite, uint64_t seed = 1)
      : server_("127.0.0.1", 0, WithFaults(Parse(spec), seed, "procurement", std::move(site))) {
    server_.Start();
  }
  int port() const { return server_.port(); }
  testing::RawResponse Get(const std::string& target) const { return testing::HttpGet(port(), target); }

 private:
  HttpServer server_;
};

TEST(FaultSpecTest, NoneByDefault) {
  EXPECT_FALSE(Parse("").any());
  EXPECT_FALSE(FaultSpec{}.any());
  EXPECT_TRUE(Parse("robots").any());
  EXPECT_TRUE(Parse("error=0.01").any());
  EXPECT_FALSE(Parse("error=0").any());
}

TEST(FaultSpecTest, DefaultMix) {
  const FaultSpec spec = Parse("default");
  EXPECT_EQ(spec.error, 0.02);
  EXPECT_EQ(spec.throttle_per_second, 50);
  EXPECT_EQ(spec.slow, 0.005);
  EXPECT_EQ(spec.slow_delay, std::chrono::seconds(2));
  EXPECT_EQ(spec.truncate, 0.005);
  EXPECT_TRUE(spec.robots);
  EXPECT_EQ(spec.charset, 0);
  EXPECT_EQ(spec.redirect_loop, 0);
  EXPECT_EQ(spec.oversize, 0);
}

TEST(FaultSpecTest, EveryKindWithAndWithoutValues) {
  const FaultSpec spec =
      Parse("error=0.1,slow=0.02:3s,throttle=20/s,truncate,charset=0.5,redirect-loop=0.05,oversize=0.01:2MiB,robots");
  EXPECT_EQ(spec.error, 0.1);
  EXPECT_EQ(spec.slow, 0.02);
  EXPECT_EQ(spec.slow_delay, std::chrono::seconds(3));
  EXPECT_EQ(spec.throttle_per_second, 20);
  EXPECT_EQ(spec.truncate, 0.005);
  EXPECT_EQ(spec.charset, 0.5);
  EXPECT_EQ(spec.redirect_loop, 0.05);
  EXPECT_EQ(spec.oversize, 0.01);
  EXPECT_EQ(spec.oversize_bytes, 2u << 20);
  EXPECT_TRUE(spec.robots);

  const FaultSpec bare = Parse("slow,oversize,throttle,charset,redirect-loop,error");
  EXPECT_EQ(bare.slow_delay, std::chrono::seconds(2));
  EXPECT_EQ(bare.oversize_bytes, 25u << 20);
  EXPECT_EQ(bare.throttle_per_second, 50);
  EXPECT_GT(bare.charset, 0);
  EXPECT_GT(bare.redirect_loop, 0);
  EXPECT_EQ(Parse("slow=1:250ms").slow_delay, std::chrono::milliseconds(250));
  EXPECT_EQ(Parse("oversize=1:300KiB").oversize_bytes, 300u << 10);
  EXPECT_EQ(Parse("oversize=1:4096B").oversize_bytes, 4096u);
  EXPECT_EQ(Parse("error=1").error, 1);
}

TEST(FaultSpecTest, LaterItemsOverrideEarlierOnes) {
  const FaultSpec spec = Parse("default,error=0.3,throttle=5/s");
  EXPECT_EQ(spec.error, 0.3);
  EXPECT_EQ(spec.throttle_per_second, 5);
  EXPECT_EQ(spec.truncate, 0.005);
  EXPECT_EQ(Parse("slow=0.1:9s,slow=0.2").slow_delay, std::chrono::seconds(2));
}

TEST(FaultSpecTest, ErrorsNameTheBadPart) {
  const std::pair<const char*, const char*> cases[] = {
      {"drop=0.1", "unknown fault kind 'drop'"},
      {"error=1.5", "bad rate '1.5'"},
      {"error=abc", "bad rate 'abc'"},
      {"error=-0.1", "bad rate '-0.1'"},
      {"error=nan", "bad rate 'nan'"},
      {"error=", "bad rate ''"},
      {"slow=0.1:3", "bad delay '3'"},
      {"slow=0.1:3h", "bad delay '3h'"},
      {"slow=0.1:0s", "bad delay '0s'"},
      {"oversize=0.1:25GB", "bad size '25GB'"},
      {"truncate=0.1:5s", "truncate takes only a rate"},
      {"throttle=20", "bad throttle 'throttle=20'"},
      {"throttle=0/s", "bad throttle 'throttle=0/s'"},
      {"robots=1", "robots takes no value"},
      {"default=yes", "default takes no value"},
      {"error,,slow", "empty item ''"},
      {"error,", "empty item ''"},
      {"Error=0.1", "unknown fault kind 'Error'"},
      {"error=0.6,slow=0.5", "add up to 1.1"},
  };
  for (const auto& [text, expected] : cases) {
    std::string error;
    EXPECT_FALSE(ParseFaultSpec(text, &error)) << text;
    EXPECT_NE(error.find(expected), std::string::npos) << text << " → " << error;
  }
  EXPECT_TRUE(Parse("error=0.5,slow=0.5").any()) << "rates may add up to exactly 1";
}

// The faults a sequence of requests gets, with repeats of the same URLs.
std::vector<std::string> Outcomes(const std::string& spec, uint64_t seed, const std::string& site) {
  HttpHandler handler = WithFaults(Parse(spec), seed, site, FakeSite);
  std::vector<std::string> outcomes;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 100; ++i) {
      const HttpReply reply =
          handler(Get(i % 2 ? "/page.html?i=" + std::to_string(i) : "/api.json?p=" + std::to_string(i)));
      outcomes.push_back(reply.fault + ":" + std::to_string(reply.status));
    }
  }
  return outcomes;
}

TEST(FaultInjectionTest, TheSameSeedSpecAndRequestsGiveTheSameFaults) {
  const std::string spec = "error=0.2,truncate=0.2,charset=0.2,redirect-loop=0.1,oversize=0.1:1KiB,slow=0.1:1ms";
  const auto first = Outcomes(spec, 7, "procurement");
  EXPECT_EQ(first, Outcomes(spec, 7, "procurement"));
  EXPECT_NE(first, Outcomes(spec, 8, "procurement"));
  EXPECT_NE(first, Outcomes(spec, 7, "trading"));
  std::set<std::string> kinds;
  for (const std::string& outcome : first) kinds.insert(outcome.substr(0, outcome.find(':')));
  EXPECT_EQ(kinds, (std::set<std::string>{"", "error", "truncate", "charset", "redirect-loop", "oversize", "slow"}));
}

TEST(FaultInjectionTest, RatesAreProbabilitiesPerRequest) {
  HttpHandler handler = WithFaults(Parse("error=0.3"), 1, "portal", FakeSite);
  int errors = 0;
  for (int i = 0; i < 4000; ++i) errors += handler(Get("/page.html?n=" + std::to_string(i))).fault == "error";
  EXPECT_GT(errors, 1000);
  EXPECT_LT(errors, 1400);
}

TEST(FaultInjectionTest, PostBodiesAreDrawnForSeparately) {
  // The trading API takes every page at one URL: the body tells requests apart.
  HttpHandler handler = WithFaults(Parse("error=0.5"), 1, "trading", FakeSite);
  std::set<std::string> statuses;
  for (int page = 1; page <= 40; ++page) {
    HttpRequest request{"POST", "/api.json", {}, R"({"pageNo":)" + std::to_string(page) + "}", "127.0.0.1:1"};
    statuses.insert(std::to_string(handler(request).status));
  }
  EXPECT_TRUE(statuses.contains("200"));
  EXPECT_GT(statuses.size(), 1u);
}

TEST(FaultsOnTheWireTest, ARetriedUrlEventuallySucceeds) {
  const Served site("error=0.5");
  int failures = 0;
  for (int i = 0; i < 20; ++i) {
    const std::string target = "/page.html?id=" + std::to_string(i);
    int attempts = 0;
    for (; attempts < 40; ++attempts) {
      const auto response = site.Get(target);
      if (response.status == 200) break;
      EXPECT_TRUE(response.status == 500 || response.status == 502 || response.status == 503) << response.status;
      ++failures;
    }
    EXPECT_LT(attempts, 40) << target << " never succeeded";
  }
  EXPECT_GT(failures, 3);
}

TEST(FaultsOnTheWireTest, ErrorIsA5xxNginxPage) {
  const Served site("error=1");
  std::set<int> statuses;
  for (int i = 0; i < 40; ++i) {
    const auto response = site.Get("/page.html?i=" + std::to_string(i));
    statuses.insert(response.status);
    EXPECT_EQ(response.headers.at("content-type"), "text/html");
    EXPECT_NE(response.body.find("<center>nginx</center>"), std::string::npos);
  }
  EXPECT_EQ(statuses, (std::set<int>{500, 502, 503}));
}

TEST(FaultsOnTheWireTest, SlowAnswersLate) {
  const Served site("slow=1:300ms");
  const auto start = std::chrono::steady_clock::now();
  const auto response = site.Get("/api.json");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(nlohmann::json::parse(response.body)["msg"], "操作成功");
}

TEST(FaultsOnTheWireTest, ThrottleAnswers429WithRetryAfterPerClientHost) {
  const Served site("throttle=5/s");
  RawHttpConnection connection("127.0.0.1", site.port());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(connection.Get("/page.html?i=" + std::to_string(i))->status, 200) << i;
  const auto throttled = connection.Get("/page.html?i=5");
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->status, 429);
  EXPECT_EQ(throttled->headers.at("retry-after"), "1");
  EXPECT_EQ(site.Get("/page.html").status, 429) << "a new connection from the same host escaped the limit";
  EXPECT_EQ(site.Get("/robots.txt").status, 200) << "robots.txt is never throttled";
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(connection.Get("/page.html?i=5")->status, 200);
}

TEST(FaultsOnTheWireTest, TruncateSendsHalfTheBodyAndCloses) {
  const Served site("truncate=1");
  RawHttpConnection connection("127.0.0.1", site.port());
  const auto response = connection.Get("/page.html");
  ASSERT_TRUE(response);
  const std::string whole = FakeSite(Get("/page.html")).body;
  EXPECT_EQ(response->headers.at("content-length"), std::to_string(whole.size()));
  EXPECT_TRUE(response->truncated);
  EXPECT_EQ(response->body, whole.substr(0, whole.size() / 2));
  EXPECT_FALSE(connection.Read());
}

TEST(FaultsOnTheWireTest, CharsetClaimsTheWrongOne) {
  const Served site("charset=1");
  const auto utf8 = site.Get("/page.html");
  EXPECT_EQ(utf8.headers.at("content-type"), "text/html;charset=GBK");
  EXPECT_EQ(utf8.body, FakeSite(Get("/page.html")).body) << "the body must stay as it was";
  EXPECT_EQ(site.Get("/api.json").headers.at("content-type"), "application/json;charset=GBK");
  const auto gbk = site.Get("/gbk.html");
  EXPECT_EQ(gbk.headers.at("content-type"), "text/html;charset=UTF-8");
  EXPECT_EQ(GbkToUtf8(gbk.body), std::string("<html>") + kChinese + "</html>");
  EXPECT_EQ(site.Get("/ascii.html").headers.at("content-type"), "text/html") << "ASCII is right in any charset";
}

TEST(FaultsOnTheWireTest, RedirectLoopBetweenTwoUrls) {
  const Served site("redirect-loop=1");
  const auto first = site.Get("/page.html");
  EXPECT_EQ(first.status, 302);
  EXPECT_EQ(first.headers.at("location"), "/page.html?_redirect=1");
  const auto second = site.Get("/page.html?_redirect=1");
  EXPECT_EQ(second.status, 302);
  EXPECT_EQ(second.headers.at("location"), "/page.html?_redirect=2");
  EXPECT_EQ(site.Get("/page.html?_redirect=2").headers.at("location"), "/page.html?_redirect=1");
  EXPECT_EQ(site.Get("/list?page=2").headers.at("location"), "/list?page=2&_redirect=1");
  EXPECT_EQ(site.Get("/list?page=2&_redirect=1").headers.at("location"), "/list?page=2&_redirect=2");

  RawHttpConnection connection("127.0.0.1", site.port());
  const auto post = connection.Request("POST", "/api.json", "", "{}");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 200) << "a POST is not redirected";
}

TEST(FaultsOnTheWireTest, RobotsDisallowsSearchForEveryAgent) {
  const Served site("robots,error=1");
  const auto robots = site.Get("/robots.txt");
  EXPECT_EQ(robots.status, 200) << "robots.txt gets no other fault";
  EXPECT_EQ(robots.body, "User-agent: *\nDisallow: /search/\nDisallow: /private/\n");

  const Served bare("robots", SiteWithoutRobots);
  const auto made = bare.Get("/robots.txt");
  EXPECT_EQ(made.status, 200);
  EXPECT_EQ(made.body, "User-agent: *\nDisallow: /search/\n");

  const Served other_agents("robots", [](const HttpRequest&) {
    return HttpReply(200, "text/plain", "User-agent: Baiduspider\nDisallow: /");
  });
  EXPECT_EQ(other_agents.Get("/robots.txt").body,
            "User-agent: Baiduspider\nDisallow: /\n\nUser-agent: *\nDisallow: /search/\n");

  const Served clean("");
  EXPECT_EQ(clean.Get("/robots.txt").body, "User-agent: *\nDisallow: /private/\n");
}

TEST(FaultsOnTheWireTest, OversizePadsPagesPastTwentyMebibytes) {
  const Served site("oversize=1");
  const auto page = site.Get("/page.html");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.headers.at("content-length"), std::to_string(25u << 20));
  EXPECT_GT(page.body.size(), 20u << 20);
  EXPECT_FALSE(page.truncated);
  EXPECT_TRUE(page.body.starts_with(FakeSite(Get("/page.html")).body));

  const Served small("oversize=1:64KiB");
  const auto json = small.Get("/api.json");
  EXPECT_EQ(json.body.size(), 64u << 10);
  EXPECT_EQ(nlohmann::json::parse(json.body)["msg"], "操作成功") << "still valid JSON";
  EXPECT_LT(small.Get("/missing").body.size(), 100u) << "only 200 pages are padded";
}

TEST(FaultsOnTheWireTest, NoSpecNoFaults) {
  const Served site("");
  for (int i = 0; i < 50; ++i) EXPECT_EQ(site.Get("/page.html").status, 200);
}

}  // namespace
}  // namespace gapwatch::sim
