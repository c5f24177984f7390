#include "monitor/server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "store/store.h"
#include "tests/sim/raw_http_client.h"

namespace gapwatch {
namespace {

namespace fs = std::filesystem;
using sim::testing::RawHttpConnection;
using sim::testing::RawResponse;

constexpr char kHostileTitle[] = "<script>alert(1)</script>";
constexpr char kHostileBuyer[] = "=HYPERLINK(\"http://x\")";
const std::string kPayloadSha(64, 'a');

Finding MakeFinding(const std::string& id, const std::string& kind, const std::string& site, const std::string& buyer) {
  Finding finding;
  finding.id = id;
  finding.kind = kind;
  finding.severity = "high";
  finding.domain = "procurement";
  finding.site = site;
  finding.project_code = "P-" + id;
  finding.project_title = kHostileTitle;
  finding.buyer = buyer;
  finding.due = "2025-05-14";
  finding.rule_id = "GP-12";
  finding.confidence = "High";
  finding.evidence = {{"https://x/" + id, "tender", "2025-04-01", "2025-04-01T09:00:00+08:00", kPayloadSha, {}}};
  return finding;
}

// A server on a free loopback port, on its own thread, over a scratch store
// (two runs, five findings of which one resolved, a gzip capture) and report folder.
class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("gapwatch-server-" + std::to_string(::getpid()) + "-" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_ / "report" / "feeds");
    std::ofstream(directory_ / "report" / "index.html") << "<h1>gaps</h1>";
    std::ofstream(directory_ / "report" / "gaps.json") << R"({"findings":[]})";
    std::ofstream(directory_ / "report" / "feeds" / "all.atom") << "<feed/>";
    std::ofstream(directory_ / "secret.txt") << "outside the report";
    FillStore();
    options_.db_path = (directory_ / "gapwatch.db").string();
    options_.report_dir = (directory_ / "report").string();
    options_.port = 0;
  }

  void TearDown() override {
    StopServer();
    fs::remove_all(directory_);
  }

  void FillStore() {
    Store store((directory_ / "gapwatch.db").string());
    store.UpsertSite("procurement", "https://gdgpo.czt.gd.gov.cn");
    const long long crawl = store.BeginRun("crawl", "2025-05-20", "2025-05-20T08:00:00+08:00");
    Capture capture;
    capture.site = "procurement";
    capture.url = "https://gdgpo.czt.gd.gov.cn/a";
    capture.page = "detail";
    capture.source = "gpcms";
    capture.status = 200;
    capture.content_type = "text/html; charset=GBK";
    capture.content_encoding = "gzip";
    capture.body = std::string("\x1f\x8b\x08\0gz\0bytes", 12);
    capture.sha256 = kPayloadSha;
    capture.captured_at = "2025-05-20T08:01:00+08:00";
    store.AddCapture(capture, crawl);
    store.FinishRun(crawl, "2025-05-20T08:02:00+08:00", "done", true, R"({"pages":1})");
    store.BeginRun("check", "2025-05-20", "2025-05-20T08:03:00+08:00");
    store.SaveFindings("2025-05-19", {MakeFinding("gone", "award_missing", "procurement", "B")});
    store.SaveFindings("2025-05-20", {MakeFinding("f1", "award_missing", "procurement", kHostileBuyer),
                                      MakeFinding("f2", "award_missing", "trading", "B"),
                                      MakeFinding("f3", "contract_missing", "procurement", "B"),
                                      MakeFinding("f4", "award_missing", "procurement", "B")});
  }

  void StartServer() {
    server_ = std::make_unique<Server>(options_);
    serving_ = std::thread([this] { server_->Run(); });
  }

  void StopServer() {
    if (!server_) return;
    server_->Stop();
    serving_.join();
    server_.reset();
  }

  RawResponse Get(const std::string& target, const std::string& headers = "", const std::string& method = "GET") {
    RawHttpConnection connection("127.0.0.1", server_->port());
    auto response = connection.Request(method, target, headers);
    if (!response) throw std::runtime_error("no response to " + method + " " + target);
    return *response;
  }

  nlohmann::json GetJson(const std::string& target) {
    const RawResponse response = Get(target);
    EXPECT_EQ(response.status, 200) << target << ": " << response.body;
    EXPECT_EQ(response.headers.at("content-type"), "application/json");
    return nlohmann::json::parse(response.body);
  }

  static std::vector<std::string> Ids(const nlohmann::json& body) {
    std::vector<std::string> ids;
    for (const auto& finding : body["findings"]) ids.push_back(finding["id"]);
    return ids;
  }

  fs::path directory_;
  ServerOptions options_;
  std::unique_ptr<Server> server_;
  std::thread serving_;
};

TEST_F(ServerTest, HealthzSaysOk) {
  StartServer();
  EXPECT_NE(server_->port(), 0);
  const RawResponse response = Get("/healthz");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "ok");
  EXPECT_EQ(response.headers.at("x-content-type-options"), "nosniff");
}

TEST_F(ServerTest, AReportFileComesWithItsTypeAndAnETagThatAnswers304) {
  StartServer();
  const RawResponse file = Get("/gaps.json");
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body, R"({"findings":[]})");
  EXPECT_EQ(file.headers.at("content-type"), "application/json");
  const std::string etag = file.headers.at("etag");
  EXPECT_EQ(Get("/gaps.json", "If-None-Match: " + etag + "\r\n").status, 304);
  EXPECT_EQ(Get("/gaps.json", "If-None-Match: \"other\", W/" + etag + "\r\n").status, 304);
  EXPECT_EQ(Get("/gaps.json", "If-None-Match: \"other\"\r\n").status, 200);

  std::ofstream(directory_ / "report" / "gaps.json") << R"({"findings":[1]})";  // a new report: another tag
  const RawResponse rewritten = Get("/gaps.json", "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(rewritten.status, 200);
  EXPECT_NE(rewritten.headers.at("etag"), etag);

  const RawResponse index = Get("/");
  EXPECT_EQ(index.body, "<h1>gaps</h1>");
  EXPECT_EQ(index.headers.at("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(Get("/feeds/all.atom").headers.at("content-type"), "application/atom+xml");
  EXPECT_EQ(Get("/feeds").headers.at("location"), "/feeds/");

  const RawResponse head = Get("/index.html", "", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers.at("content-length"), "13");
  EXPECT_EQ(head.headers.at("etag"), index.headers.at("etag"));
}

TEST_F(ServerTest, PathsLeavingTheReportFolderAreRefused) {
  fs::create_symlink(directory_ / "secret.txt", directory_ / "report" / "link.txt");
  StartServer();
  for (const char* target :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt", "/feeds/../../secret.txt",
        "/..\\secret.txt", "/%5c..%5csecret.txt", "/./index.html", "/%00", "/%zz"}) {
    const RawResponse response = Get(target);
    EXPECT_EQ(response.status, 400) << target;
    EXPECT_EQ(response.body.find("outside"), std::string::npos) << target;
  }
  for (const char* target : {"//etc/passwd", "/link.txt", "/missing.html"}) {
    EXPECT_EQ(Get(target).status, 404) << target;
  }
  EXPECT_EQ(Get("http://127.0.0.1/index.html").status, 400);  // absolute-form: no file system path either
}

TEST_F(ServerTest, OnlyGetAndHeadAreAllowed) {
  StartServer();
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS"}) {
    const RawResponse response = Get("/healthz", "", method);
    EXPECT_EQ(response.status, 405) << method;
    EXPECT_EQ(response.headers.at("allow"), "GET, HEAD");
  }
}

TEST_F(ServerTest, FindingsAreFilteredAndPaged) {
  StartServer();
  nlohmann::json all = GetJson("/api/findings");
  EXPECT_EQ(all["total"], 5);
  EXPECT_EQ(all["page"], 1);
  EXPECT_EQ(all["per_page"], 100);
  EXPECT_EQ(all["findings"].size(), 5u);

  EXPECT_EQ(Ids(GetJson("/api/findings?status=resolved")), std::vector<std::string>{"gone"});
  EXPECT_EQ(GetJson("/api/findings?status=open")["total"], 4);
  EXPECT_EQ(Ids(GetJson("/api/findings?kind=contract_missing")), std::vector<std::string>{"f3"});
  EXPECT_EQ(Ids(GetJson("/api/findings?site=trading")), std::vector<std::string>{"f2"});
  EXPECT_EQ(Ids(GetJson("/api/findings?status=open&kind=award_missing&site=procurement&domain=procurement&buyer=B")),
            (std::vector<std::string>{"f4"}));
  EXPECT_EQ(GetJson("/api/findings?domain=land")["total"], 0);

  // The hostile buyer, as a query value and in the body: data both ways.
  const nlohmann::json hostile = GetJson("/api/findings?buyer=" + sim::testing::UrlEncode(kHostileBuyer));
  ASSERT_EQ(Ids(hostile), std::vector<std::string>{"f1"});
  EXPECT_EQ(hostile["findings"][0]["project"]["buyer"], kHostileBuyer);
  EXPECT_EQ(hostile["findings"][0]["project"]["title"], kHostileTitle);

  const nlohmann::json page_one = GetJson("/api/findings?status=open&per_page=3");
  const nlohmann::json page_two = GetJson("/api/findings?status=open&per_page=3&page=2");
  EXPECT_EQ(page_one["total"], 4);
  EXPECT_EQ(page_one["findings"].size(), 3u);
  EXPECT_EQ(page_two["total"], 4);
  ASSERT_EQ(page_two["findings"].size(), 1u);
  EXPECT_EQ(page_two["page"], 2);
  std::vector<std::string> both = Ids(page_one);
  both.push_back(page_two["findings"][0]["id"]);
  EXPECT_EQ(both, Ids(GetJson("/api/findings?status=open")));
  EXPECT_TRUE(GetJson("/api/findings?page=9")["findings"].empty());

  for (const char* bad :
       {"status=all", "page=0", "per_page=1001", "per_page=x", "page=1&page=2", "colour=red", "%FF=1"}) {
    EXPECT_EQ(Get(std::string("/api/findings?") + bad).status, 400) << bad;
  }
}

TEST_F(ServerTest, RunsAreListedNewestFirst) {
  StartServer();
  const nlohmann::json runs = GetJson("/api/runs");
  EXPECT_EQ(runs["total"], 2);
  ASSERT_EQ(runs["runs"].size(), 2u);
  EXPECT_EQ(runs["runs"][0]["command"], "check");
  EXPECT_EQ(runs["runs"][0]["status"], "running");
  EXPECT_TRUE(runs["runs"][0]["finished_at"].is_null());
  EXPECT_EQ(runs["runs"][1]["command"], "crawl");
  EXPECT_EQ(runs["runs"][1]["summary"], nlohmann::json({{"pages", 1}}));
  EXPECT_EQ(runs["runs"][1]["complete"], true);
  EXPECT_EQ(GetJson("/api/runs?per_page=1&page=2")["runs"][0]["command"], "crawl");
}

TEST_F(ServerTest, AWriterMidTransactionNeitherBlocksNorShowsThrough) {
  StartServer();
  Store writer(options_.db_path);
  Store::Transaction transaction(writer);
  writer.BeginRun("crawl", "2025-05-21", "2025-05-21T08:00:00+08:00");  // not committed
  const auto asked = std::chrono::steady_clock::now();
  EXPECT_EQ(GetJson("/api/runs")["total"], 2);
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(2));  // no wait for the writer's lock
  transaction.Commit();
  EXPECT_EQ(GetJson("/api/runs")["total"], 3);
}

TEST_F(ServerTest, EvidenceIsTheArchivedBytesWithTheirTypeAndEncoding) {
  StartServer();
  const RawResponse evidence = Get("/evidence/" + kPayloadSha);
  EXPECT_EQ(evidence.status, 200);
  EXPECT_EQ(evidence.body, std::string("\x1f\x8b\x08\0gz\0bytes", 12));
  EXPECT_EQ(evidence.headers.at("content-type"), "text/html; charset=GBK");
  EXPECT_EQ(evidence.headers.at("content-encoding"), "gzip");
  EXPECT_NE(evidence.headers.at("content-security-policy").find("sandbox"), std::string::npos);
  EXPECT_EQ(Get("/evidence/" + std::string(64, 'A')).body, evidence.body);  // hex in either case
  EXPECT_EQ(Get("/evidence/" + kPayloadSha, "If-None-Match: " + evidence.headers.at("etag") + "\r\n").status, 304);

  EXPECT_EQ(Get("/evidence/" + std::string(64, 'b')).status, 404);
  for (const std::string& bad :
       {std::string(63, 'a'), std::string(65, 'a'), std::string(63, 'a') + "g", std::string()}) {
    EXPECT_EQ(Get("/evidence/" + bad).status, 400) << bad;
  }
}

TEST_F(ServerTest, WithoutAStoreTheApiIsUnavailableAndTheReportStillServed) {
  options_.db_path = (directory_ / "none.db").string();
  StartServer();
  EXPECT_EQ(Get("/api/findings").status, 503);
  EXPECT_EQ(Get("/evidence/" + kPayloadSha).status, 503);
  EXPECT_EQ(Get("/index.html").status, 200);
  EXPECT_FALSE(fs::exists(directory_ / "none.db"));  // read-only: never created
}

TEST_F(ServerTest, AnOversizedHeaderOrABodyIsRefused) {
  StartServer();
  const RawResponse big = Get("/healthz", "X-Filler: " + std::string(9000, 'x') + "\r\n");
  EXPECT_EQ(big.status, 431);
  EXPECT_EQ(Get("/healthz", "X-Filler: " + std::string(7000, 'x') + "\r\n").status, 200);
  RawHttpConnection connection("127.0.0.1", server_->port());
  const auto with_body = connection.Request("GET", "/healthz", "", "a body");
  ASSERT_TRUE(with_body);
  EXPECT_EQ(with_body->status, 413);
}

TEST_F(ServerTest, StopAnswersTheRequestUnderWayAndClosesIdleConnections) {
  StartServer();
  RawHttpConnection idle("127.0.0.1", server_->port());
  ASSERT_EQ(idle.Get("/healthz")->status, 200);  // kept alive, now waiting for a request
  const unsigned short port = server_->port();
  RawHttpConnection busy("127.0.0.1", port);
  busy.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");  // begun, not finished
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server_->Stop();
  EXPECT_FALSE(idle.Read());  // closed by the server
  busy.Send("\r\n");
  const auto answered = busy.Read();
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->status, 200);
  EXPECT_EQ(answered->headers.at("connection"), "close");
  const auto stopped = std::chrono::steady_clock::now();
  serving_.join();  // Run() returns: nothing is left to serve, no connection held open to io_timeout
  EXPECT_LT(std::chrono::steady_clock::now() - stopped, std::chrono::seconds(5));
  server_.reset();
  EXPECT_THROW(RawHttpConnection("127.0.0.1", port), std::runtime_error);  // no longer listening
}

TEST_F(ServerTest, AnAddressItCannotListenOnIsAnError) {
  options_.address = "203.0.113.1";  // TEST-NET-3: never this machine's
  EXPECT_THROW(Server{options_}, std::runtime_error);
}

}  // namespace
}  // namespace gapwatch
