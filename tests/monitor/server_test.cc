#include "monitor/server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "store/store.h"
#include "tests/sim/raw_http_client.h"
#include "tests/support/process.h"
#include "tests/support/scratch_directory.h"

namespace gapwatch {
namespace {

namespace fs = std::filesystem;
using sim::testing::RawHttpConnection;
using sim::testing::RawResponse;

constexpr char kHostileTitle[] = "<script>alert(1)</script>";
constexpr char kHostileBuyer[] = "=HYPERLINK(\"http://x\")";
const std::string kPayloadSha(64, 'a');
constexpr char kCode[] = "粤采/GD-2025-001";  // a slash and Chinese: %2F and UTF-8 in a path

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
class ServerTest : public testing::ScratchDirectoryTest {
 protected:
  void SetUp() override {
    testing::ScratchDirectoryTest::SetUp();
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
    testing::ScratchDirectoryTest::TearDown();
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

  // Two projects of the hostile buyer, checked as of Tue 2025-05-20. 粤采/GD-2025-001:
  // a tender (opening Thu 20 Mar: award due Wed 2 Apr), copied on the trading
  // site, and an award on 1 Apr (on time: the contract is due Thu 8 May, and
  // missing), with a finding; B-2: a tender opening Thu 15 May, its award due
  // Wed 28 May, 6 working days on.
  void AddProjects() {
    Store store(options_.db_path);
    store.UpsertSite("trading", "https://ggzy.gd.gov.cn");
    const long long crawl = store.BeginRun("crawl", "2025-05-20", "2025-05-20T09:00:00+08:00");
    std::map<std::string, std::vector<Store::ExtractedNotice>> by_site;
    char payload = '0';
    const auto add = [&](const std::string& site, const std::string& code, const std::string& kind,
                         const std::string& published, const std::string& opening) {
      Notice notice;
      notice.site = site;
      notice.url = "https://" + site + ".example/" + kind + "/" + std::to_string(by_site[site].size());
      notice.kind = kind;
      notice.domain = "procurement";
      notice.project_code = code;
      notice.title = kHostileTitle;
      notice.buyer = kHostileBuyer;
      notice.published = published;
      if (!opening.empty()) notice.opening = opening;
      Capture capture;
      capture.site = site;
      capture.url = notice.url;
      capture.page = "detail";
      capture.source = "test";
      capture.status = 200;
      capture.body = notice.url;
      capture.sha256 = std::string(63, 'c') + payload++;
      capture.captured_at = published + "T10:00:00+08:00";
      by_site[site].push_back({notice, store.AddCapture(capture, crawl), 0, ""});
    };
    add("procurement", kCode, "tender", "2025-03-03", "2025-03-20T09:30:00+08:00");
    add("trading", kCode, "tender", "2025-03-04", "2025-03-20T09:30:00+08:00");
    add("procurement", kCode, "award", "2025-04-01", "");
    add("trading", "JY-77", "award", "2025-04-02", "");  // the platform's own number: linked by title alone
    add("procurement", "B-2", "tender", "2025-05-12", "2025-05-15T09:30:00+08:00");
    for (const auto& [site, notices] : by_site) store.ReplaceNotices(site, notices, {});
    std::map<std::string, std::vector<long long>> ids;
    for (const NoticeWithEvidence& item : store.Notices()) ids[item.notice.project_code].push_back(item.notice_id);
    ids[kCode].push_back(ids["JY-77"].front());  // as the check linked it
    store.ReplaceProjects({{kCode, kHostileTitle, kHostileBuyer, "procurement", "procurement", ids[kCode]},
                           {"B-2", kHostileTitle, kHostileBuyer, "procurement", "procurement", ids["B-2"]}});
    Finding contract = MakeFinding("c1", "contract_missing", "procurement", kHostileBuyer);
    contract.project_code = kCode;
    const long long check = store.BeginRun("check", "2025-05-20", "2025-05-20T10:00:00+08:00");
    store.SaveFindings("2025-05-20", {contract}, check,
                       [](const std::string&, const std::string& code) { return code == kCode; });
    store.FinishRun(check, "2025-05-20T10:01:00+08:00", "done", true, "{}");  // the day projects are judged at
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

TEST_F(ServerTest, AProjectIsItsNoticesOnEverySiteItsDeadlinesAndItsFindings) {
  AddProjects();
  StartServer();
  // Printed in another case and padded, escaped whole: the canonical code's project.
  const nlohmann::json project = GetJson("/api/projects/" + sim::testing::UrlEncode(" 粤采/gd-2025-001 "));
  EXPECT_EQ(project["code"], kCode);
  EXPECT_EQ(project["as_of"], "2025-05-20");
  EXPECT_EQ(project["project"]["buyer"], kHostileBuyer);
  EXPECT_EQ(project["project"]["domain"], "procurement");
  EXPECT_EQ(project["project"]["designated_site"], "procurement");
  ASSERT_EQ(project["notices"].size(), 4u);
  std::vector<std::string> seen;
  for (const auto& notice : project["notices"]) {
    seen.push_back(notice["published"].get<std::string>() + " " + notice["site"].get<std::string>() + " " +
                   notice["kind"].get<std::string>());
    EXPECT_EQ(notice["title"], kHostileTitle);
    EXPECT_EQ(notice["buyer"], kHostileBuyer);
    EXPECT_EQ(notice["sha256"].get<std::string>().size(), 64u);
    EXPECT_EQ(notice["captured_at"], notice["published"].get<std::string>() + "T10:00:00+08:00");
    EXPECT_TRUE(notice["url"].get<std::string>().starts_with("https://" + notice["site"].get<std::string>()));
  }
  // The trading copies: one under the code, found by the index of codes; one under
  // another, found by the projects row of the check that linked it.
  EXPECT_EQ(seen, (std::vector<std::string>{"2025-03-03 procurement tender", "2025-03-04 trading tender",
                                            "2025-04-01 procurement award", "2025-04-02 trading award"}));
  ASSERT_EQ(project["deadlines"].size(), 2u);
  EXPECT_EQ(project["deadlines"][0]["expected_notice"], "award");
  EXPECT_EQ(project["deadlines"][0]["due"], "2025-04-02");
  EXPECT_EQ(project["deadlines"][0]["status"], "on_time");
  EXPECT_EQ(project["deadlines"][1]["expected_notice"], "contract");
  EXPECT_EQ(project["deadlines"][1]["due"], "2025-05-08");
  EXPECT_EQ(project["deadlines"][1]["status"], "missing");
  ASSERT_EQ(project["findings"].size(), 1u);
  EXPECT_EQ(project["findings"][0]["id"], "c1");
  EXPECT_EQ(project["findings"][0]["project"]["code"], kCode);

  // A code only a finding names (the fixture's), without notices: its findings alone.
  const nlohmann::json bare = GetJson("/api/projects/P-f3");
  EXPECT_TRUE(bare["project"].is_null());
  EXPECT_TRUE(bare["notices"].empty());
  ASSERT_EQ(bare["findings"].size(), 1u);
  EXPECT_EQ(bare["findings"][0]["id"], "f3");

  const RawResponse unknown = Get("/api/projects/NOWHERE-1");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(nlohmann::json::parse(unknown.body)["error"], "no project with the code NOWHERE-1");
  EXPECT_EQ(Get("/api/projects/%20").status, 400);
  EXPECT_EQ(Get("/api/projects/%zz").status, 400);
  EXPECT_EQ(Get("/api/projects/B-2?page=1").status, 400);
}

TEST_F(ServerTest, ScrapedStringsComeOutAsInertJson) {
  AddProjects();
  StartServer();
  for (const std::string& target :
       {"/api/projects/" + sim::testing::UrlEncode(kCode), "/api/buyers/" + sim::testing::UrlEncode(kHostileBuyer)}) {
    const RawResponse response = Get(target);
    ASSERT_EQ(response.status, 200) << target;
    EXPECT_EQ(response.headers.at("content-type"), "application/json");
    EXPECT_EQ(response.headers.at("x-content-type-options"), "nosniff");
    // The quotes escaped inside a JSON string, which reads back as the text scraped.
    EXPECT_NE(response.body.find(R"json("=HYPERLINK(\"http://x\")")json"), std::string::npos) << target;
    EXPECT_EQ(response.body.find(R"(=HYPERLINK("http)"), std::string::npos) << target;
    const nlohmann::json body = nlohmann::json::parse(response.body);
    const nlohmann::json& finding = body["findings"][0];
    EXPECT_EQ(finding["project"]["title"], kHostileTitle);
    EXPECT_EQ(finding["project"]["buyer"], kHostileBuyer);
  }
}

TEST_F(ServerTest, ABuyerIsItsScorecardItsDeadlinesComingAndItsOpenFindings) {
  AddProjects();
  StartServer();
  const nlohmann::json buyer = GetJson("/api/buyers/" + sim::testing::UrlEncode(kHostileBuyer));
  EXPECT_EQ(buyer["buyer"], kHostileBuyer);
  EXPECT_EQ(buyer["as_of"], "2025-05-20");
  ASSERT_EQ(buyer["scorecards"].size(), 1u);
  const nlohmann::json& card = buyer["scorecards"][0];
  EXPECT_EQ(card["buyer"], kHostileBuyer);
  EXPECT_EQ(card["domain"], "procurement");
  EXPECT_EQ(card["projects"], 1);  // B-2's award is not due yet: it counts nowhere
  EXPECT_EQ(card["expected"], 2);
  EXPECT_EQ(card["published"], 1);
  EXPECT_EQ(card["on_time"], 1);
  EXPECT_EQ(card["missing"], 1);
  EXPECT_EQ(card["completeness"], 0.5);
  EXPECT_EQ(card["timeliness"], 1.0);
  ASSERT_EQ(buyer["upcoming"].size(), 1u);
  const nlohmann::json& coming = buyer["upcoming"][0];
  EXPECT_EQ(coming["project"]["code"], "B-2");
  EXPECT_EQ(coming["expected_notice"], "award");
  EXPECT_EQ(coming["due"], "2025-05-28");
  EXPECT_EQ(coming["working_days_left"], 6);
  EXPECT_FALSE(coming["rule"]["id"].get<std::string>().empty());
  EXPECT_NE(coming["clock"].get<std::string>().find("opening 2025-05-15"), std::string::npos);
  // Its open findings only: f1 and c1 (the fixture's "gone" was B's, and resolved).
  std::vector<std::string> ids;
  for (const auto& finding : buyer["findings"]) ids.push_back(finding["id"]);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"c1", "f1"}));

  // A buyer only findings name: no projects, its findings.
  const nlohmann::json b = GetJson("/api/buyers/B");
  EXPECT_TRUE(b["scorecards"].empty());
  EXPECT_TRUE(b["upcoming"].empty());
  EXPECT_EQ(b["findings"].size(), 3u);

  const RawResponse unknown = Get("/api/buyers/" + sim::testing::UrlEncode("韶关市无此局"));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(nlohmann::json::parse(unknown.body)["error"], "no buyer named 韶关市无此局");
  EXPECT_EQ(Get("/api/buyers/").status, 400);
}

TEST_F(ServerTest, WithoutACheckNoProjectOrBuyerIsKnown) {
  options_.db_path = (directory_ / "crawled.db").string();
  Store(options_.db_path).BeginRun("crawl", "2025-05-20", "2025-05-20T08:00:00+08:00");
  StartServer();
  EXPECT_EQ(Get("/api/projects/P-f1").status, 404);
  EXPECT_EQ(Get("/api/buyers/B").status, 404);
}

// The Prometheus text format read back by Prometheus' own parser (Debian's
// python3-prometheus-client): each sample as "name{label=value,...} value".
std::vector<std::string> ParseExposition(const fs::path& file) {
  constexpr char kRead[] = R"(
import json, sys
from prometheus_client.parser import text_string_to_metric_families
families = list(text_string_to_metric_families(open(sys.argv[1], encoding='utf-8').read()))
print(json.dumps([[s.name, s.labels, s.value, f.type, f.documentation] for f in families for s in f.samples]))
)";
  const testing::CommandResult result = testing::RunCommand({"/usr/bin/python3", "-c", kRead, file.string()});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  std::vector<std::string> samples;
  if (result.exit_status != 0) return samples;
  for (const auto& sample : nlohmann::json::parse(result.out)) {
    std::string line = sample[0].get<std::string>() + "{";
    for (const auto& [name, value] : sample[1].items()) line += name + "=" + value.get<std::string>() + ",";
    line += "} " + std::to_string(static_cast<long long>(sample[2].get<double>())) + " " + sample[3].get<std::string>();
    EXPECT_FALSE(sample[4].get<std::string>().empty()) << line;  // every family has its HELP
    samples.push_back(line);
  }
  return samples;
}

TEST_F(ServerTest, MetricsAreThePrometheusTextFormatWithHostileLabelsEscaped) {
  const std::string hostile = "evil\"site\\\nx";
  {
    Store store(options_.db_path);
    store.UpsertSite(hostile, "https://evil");
    const long long first = store.BeginRun("crawl", "2025-05-19", "2025-05-19T08:00:00+08:00");
    nlohmann::json sites = {{{"name", "procurement"}, {"pages", 10}, {"errors", 1}, {"complete", true}},
                            {{"name", hostile}, {"pages", 3}, {"errors", 2}, {"complete", false}}};
    store.FinishRun(first, "2025-05-19T08:30:00+08:00", "incomplete", false, nlohmann::json{{"sites", sites}}.dump());
    const long long second = store.BeginRun("crawl", "2025-05-20", "2025-05-20T08:00:00+08:00");
    sites = {{{"name", "procurement"}, {"pages", 5}, {"errors", 0}, {"complete", false}},
             {{"name", hostile}, {"pages", 4}, {"errors", 0}, {"complete", true}}};
    store.FinishRun(second, "2025-05-20T08:30:00+08:00", "incomplete", false, nlohmann::json{{"sites", sites}}.dump());
    Store::SiteHealth health;
    health.last_crawl_at = 1747699200;
    health.consecutive_failures = 1;
    health.last_result = R"({"pages":5,"errors":0,"complete":false})";
    store.SaveSiteHealth("procurement", health);
    health.consecutive_failures = 0;
    health.unhealthy_since = "2025-05-01T00:00:00+08:00";  // a stale mark: shown as stored
    health.last_result = R"({"pages":4,"errors":0,"complete":true})";
    store.SaveSiteHealth(hostile, health);
    Finding odd = MakeFinding("odd", "kind\"with\\quote", "procurement", "B");
    odd.project_code = "P-odd";
    store.SaveFindings("2025-05-20", {odd}, 0, [](const std::string&, const std::string&) { return false; });
  }
  options_.version = "1.2.3";
  StartServer();
  const RawResponse response = Get("/metrics");
  ASSERT_EQ(response.status, 200);
  EXPECT_TRUE(response.headers.at("content-type").starts_with("text/plain; version=0.0.4")) << response.body;
  EXPECT_NE(response.body.find(R"(site="evil\"site\\\nx")"), std::string::npos) << response.body;
  std::ofstream(directory_ / "metrics.txt", std::ios::binary) << response.body;
  const std::vector<std::string> samples = ParseExposition(directory_ / "metrics.txt");
  const auto has = [&](const std::string& sample) {
    return std::find(samples.begin(), samples.end(), sample) != samples.end();
  };
  for (const std::string& expected : {
           std::string("gapwatch_build_info{version=1.2.3,} 1 gauge"),
           std::string("gapwatch_pages_fetched_total{site=procurement,} 15 counter"),
           "gapwatch_pages_fetched_total{site=" + hostile + ",} 7 counter",
           std::string("gapwatch_fetch_errors_total{site=procurement,} 1 counter"),
           "gapwatch_fetch_errors_total{site=" + hostile + ",} 2 counter",
           std::string("gapwatch_last_crawl_pages{site=procurement,} 5 gauge"),
           "gapwatch_last_crawl_pages{site=" + hostile + ",} 4 gauge",
           std::string("gapwatch_last_crawl_errors{site=procurement,} 0 gauge"),
           std::string("gapwatch_last_crawl_timestamp_seconds{site=procurement,} 1747699200 gauge"),
           // 2025-05-19T08:00:00+08:00, the last crawl where it was complete; the other's is the newest.
           std::string("gapwatch_last_successful_crawl_timestamp_seconds{site=procurement,} 1747612800 gauge"),
           "gapwatch_last_successful_crawl_timestamp_seconds{site=" + hostile + ",} 1747699200 gauge",
           std::string("gapwatch_consecutive_failed_crawls{site=procurement,} 1 gauge"),
           "gapwatch_consecutive_failed_crawls{site=" + hostile + ",} 0 gauge",
           std::string("gapwatch_site_unhealthy{site=procurement,} 0 gauge"),
           "gapwatch_site_unhealthy{site=" + hostile + ",} 1 gauge",
           std::string("gapwatch_findings_open{kind=award_missing,} 3 gauge"),
           std::string("gapwatch_findings_open{kind=contract_missing,} 1 gauge"),
           std::string("gapwatch_findings_open{kind=kind\"with\\quote,} 1 gauge"),
       }) {
    EXPECT_TRUE(has(expected)) << expected << "\n" << response.body;
  }
  EXPECT_EQ(samples.size(), 20u) << response.body;  // every sample read back, those above among them
  EXPECT_EQ(Get("/metrics?x=1").status, 400);
}

TEST_F(ServerTest, EachResponseIsALineOfTheAccessLogWithTheTargetEscaped) {
  std::mutex mutex;
  std::vector<std::string> lines;
  options_.access_log = [&](const std::string& line) {
    const std::lock_guard lock(mutex);
    lines.push_back(line);
  };
  StartServer();
  Get("/healthz");
  Get("/\xc3\xa9\\x");  // UTF-8 and a backslash: refused, logged escaped
  Get("/healthz", "X-Filler: " + std::string(9000, 'x') + "\r\n");
  {
    RawHttpConnection raw("127.0.0.1", server_->port());
    raw.Send("GET /a\x1b[31m HTTP/1.1\r\nHost: x\r\n\r\n");  // a terminal's escape: refused before routing
    ASSERT_TRUE(raw.Read());
  }
  StopServer();  // every line written
  ASSERT_EQ(lines.size(), 4u);
  const std::regex line(
      R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z 127\.0\.0\.1 (\S+) (\S+) (\d{3}) (\d+) \d+\.\d{3}ms)");
  std::smatch match;
  ASSERT_TRUE(std::regex_match(lines[0], match, line)) << lines[0];
  EXPECT_EQ(match[1], "GET");
  EXPECT_EQ(match[2], "/healthz");
  EXPECT_EQ(match[3], "200");
  EXPECT_GT(std::stoi(match[4]), 50);  // the header and the body: "ok"
  ASSERT_TRUE(std::regex_match(lines[1], match, line)) << lines[1];
  EXPECT_EQ(match[2], "/\\xc3\\xa9\\x5cx");
  EXPECT_EQ(match[3], "400");
  ASSERT_TRUE(std::regex_match(lines[2], match, line)) << lines[2];
  EXPECT_EQ(match[1], "-");
  EXPECT_EQ(match[2], "-");
  EXPECT_EQ(match[3], "431");
  ASSERT_TRUE(std::regex_match(lines[3], match, line)) << lines[3];
  EXPECT_EQ(match[3], "400");
  for (const std::string& logged : lines) EXPECT_EQ(logged.find('\x1b'), std::string::npos) << logged;
}

TEST_F(ServerTest, FindingsAreAnsweredWhileAWriterKeepsCommitting) {
  StartServer();
  std::atomic<bool> writing = true;
  std::atomic<int> commits = 0;
  std::thread writer([&] {
    Store store(options_.db_path);
    for (int round = 0; writing; ++round) {
      // Each commit rewrites the findings (a check) and adds a run: 5 findings open, or 4 and a 6th.
      std::vector<Finding> findings = {MakeFinding("f1", "award_missing", "procurement", kHostileBuyer),
                                       MakeFinding("f2", "award_missing", "trading", "B"),
                                       MakeFinding("f3", "contract_missing", "procurement", "B"),
                                       MakeFinding("f4", "award_missing", "procurement", "B")};
      if (round % 2) findings.push_back(MakeFinding("f5", "award_missing", "procurement", "B"));
      Store::Transaction transaction(store);
      store.BeginRun("check", "2025-05-20", "2025-05-20T09:00:00+08:00");
      store.SaveFindings("2025-05-20", findings);
      transaction.Commit();
      ++commits;
    }
  });
  std::set<int> totals;
  for (int request = 0; request < 60 || commits < 20; ++request) {
    const RawResponse response = Get("/api/findings?status=open");
    ASSERT_EQ(response.status, 200) << response.body;
    totals.insert(nlohmann::json::parse(response.body)["total"].get<int>());
    if (request > 2000) break;
  }
  writing = false;
  writer.join();
  EXPECT_GE(commits, 20);
  // Only whole commits are seen: 4 or 5 open, never a check half saved.
  for (const int total : totals) EXPECT_TRUE(total == 4 || total == 5) << total;
}

}  // namespace
}  // namespace gapwatch
