// Alerts end to end (cli/alert_stage.cc): `gapwatch run --alerts` against the
// simulator tells a real webhook receiver and a real SMTP server on loopback
// what the check found, once per event; a site's health goes to its own
// channel; the daemon sends from a thread of its own, so a receiver that
// hangs never holds up a crawl.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "data/embedded.h"
#include "tests/integration/integration_support.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/test_http_server.h"

namespace gapwatch {
namespace {

using testing::AnnouncedSite;
using testing::BackgroundProcess;
using testing::ReadFile;
using testing::RunCommand;
using testing::TestHttpServer;
using testing::TestRequest;
using testing::TestResponse;

const std::string kGapwatch = GAPWATCH_EXECUTABLE;
constexpr char kTokenVariable[] = "GAPWATCH_ALERTS_TEST_TOKEN";
constexpr char kToken[] = "tok-3b1f9e-never-logged";
constexpr char kPasswordVariable[] = "GAPWATCH_ALERTS_TEST_PASSWORD";
constexpr char kPassword[] = "pw-77c0a2-never-logged";

class AlertsTest : public testing::ScratchDirectoryTest {
 protected:
  void SetUp() override {
    testing::ScratchDirectoryTest::SetUp();
    ::setenv(kTokenVariable, kToken, 1);
    ::setenv(kPasswordVariable, kPassword, 1);
  }
  void TearDown() override {
    ::unsetenv(kTokenVariable);
    ::unsetenv(kPasswordVariable);
    testing::ScratchDirectoryTest::TearDown();
  }

  // The simulator's procurement site, then the receivers and alerts.yaml
  // naming them: journalists' webhook (new findings and the due-soon digest as
  // JSON), officials' mail over STARTTLS (the digest), operators' webhook (site
  // health only). The newsroom answers after `newsroom_delay`.
  void Start(int scale, std::chrono::milliseconds newsroom_delay = {}, int newsroom_timeout_s = 15) {
    simulator_ = std::make_unique<BackgroundProcess>(std::vector<std::string>{
        kGapwatch, "sim", "--seed", "3", "--scale", std::to_string(scale), "--listen", "127.0.0.1:0"});
    site_ = AnnouncedSite(*simulator_, "procurement");
    newsroom_ = std::make_unique<TestHttpServer>([newsroom_delay](const TestRequest&) {
      return TestResponse{204, "", "", newsroom_delay};
    });
    operators_ = std::make_unique<TestHttpServer>([](const TestRequest&) { return TestResponse{204, "", "", {}}; });
    const testing::TestCertificate certificate = testing::MakeTestCertificate(Path("tls"));
    smtp_ = std::make_unique<testing::SmtpSink>(Path("smtp"), "starttls", certificate);
    std::ofstream(Path("alerts.yaml")) << "channels:\n"
                                       << "  newsroom: {type: webhook, url: '" << newsroom_->origin()
                                       << "/hook', token_env: " << kTokenVariable
                                       << ", timeout_s: " << newsroom_timeout_s << "}\n"
                                       << "  officials:\n    type: email\n    url: " << smtp_->url()
                                       << "\n    from: gapwatch@example.org\n    to: [desk@example.org]\n"
                                       << "    username: gapwatch\n    password_env: " << kPasswordVariable
                                       << "\n    ca_file: " << certificate.certificate << "\n"
                                       << "  operators: {type: webhook, url: '" << operators_->origin() << "/health'}\n"
                                       << "subscriptions:\n"
                                       << "  - {name: all-new, events: new_findings, channel: newsroom}\n"
                                       << "  - {name: due-json, events: due_soon, channel: newsroom, "
                                          "within_working_days: 10}\n"
                                       << "  - {name: due-mail, events: due_soon, channel: officials, "
                                          "within_working_days: 10}\n"
                                       << "  - {name: health, events: site_health, channel: operators}\n";
    alerts_ = Path("alerts.yaml");
  }

  // The shipped sites.yaml with `lines` added to the procurement site.
  void WriteSitesConfig(const std::string& lines) {
    std::string text(embedded::sites_yaml());
    text.insert(text.find("    politeness:\n"), lines);
    std::ofstream(Path("sites.yaml")) << text;
  }

  std::vector<std::string> Command(const std::string& command, const std::string& site) {
    return {kGapwatch,    command,  "--db", Path("gapwatch.db"), "--out", Path("report"), "--as-of",
            "2025-12-31", "--site", site,   "--alerts",          alerts_, "--config",     Path("sites.yaml")};
  }

  std::unique_ptr<BackgroundProcess> simulator_;
  std::string site_;
  std::unique_ptr<TestHttpServer> newsroom_, operators_;
  std::unique_ptr<testing::SmtpSink> smtp_;
  std::string alerts_;
};

std::vector<nlohmann::json> Bodies(const std::vector<TestRequest>& requests) {
  std::vector<nlohmann::json> bodies;
  for (const TestRequest& request : requests) bodies.push_back(nlohmann::json::parse(request.body));
  return bodies;
}

TEST_F(AlertsTest, EachCheckTellsItsSubscribersOnceOverARealWebhookAndMail) {
  Start(/*scale=*/2);
  WriteSitesConfig("");
  const auto run = RunCommand(Command("run", site_));
  ASSERT_EQ(run.exit_status, 0) << run.err;
  const auto gaps = nlohmann::json::parse(ReadFile(Path("report/gaps.json")));
  ASSERT_FALSE(gaps["findings"].empty());

  // The newsroom: one message of the check's new findings, which at a first check are all of them, and one digest.
  const auto posted = newsroom_->requests();
  ASSERT_EQ(posted.size(), 2u) << run.out;
  std::map<std::string, nlohmann::json> by_event;
  for (const nlohmann::json& body : Bodies(posted)) by_event[body.value("event", "")] = body;
  ASSERT_TRUE(by_event.count("new_findings")) << posted[0].body;
  std::set<std::string> alerted, reported;
  for (const auto& finding : by_event["new_findings"]["findings"]) alerted.insert(finding["id"]);
  for (const auto& finding : gaps["findings"]) reported.insert(finding["id"]);
  EXPECT_EQ(alerted, reported);
  for (const TestRequest& request : posted) {
    EXPECT_NE(request.headers.find(std::string("Authorization: Bearer ") + kToken), std::string::npos);
    EXPECT_NE(request.headers.find("X-Gapwatch-Event: "), std::string::npos);
  }

  // Officials: the same digest by mail, over STARTTLS, as the JSON one lists.
  ASSERT_TRUE(by_event.count("due_soon"));
  const auto& due = by_event["due_soon"]["deadlines"];
  ASSERT_FALSE(due.empty()) << "the world has no deadline due within 10 working days of 2025-12-31";
  const auto mails = smtp_->Records("message");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_TRUE(mails[0]["starttls"].get<bool>());
  EXPECT_EQ(mails[0]["rcpt_to"], nlohmann::json::array({"<desk@example.org>"}));
  const std::string mail_body = mails[0]["body"];
  for (const auto& deadline : due) {
    EXPECT_NE(mail_body.find(deadline["project_code"].get<std::string>()), std::string::npos)
        << deadline["project_code"] << " missing from the mail";
  }

  // The site was healthy: operators heard nothing, and nothing of health reached the newsroom.
  EXPECT_TRUE(operators_->requests().empty());

  // Once per event: asking again sends nothing more.
  const auto again = RunCommand({kGapwatch, "alert", "--db", Path("gapwatch.db"), "--out", Path("report"), "--alerts",
                                 alerts_, "--config", Path("sites.yaml")});
  EXPECT_EQ(again.exit_status, 0) << again.err;
  EXPECT_NE(again.out.find("alerts: 0 queued, 3 already queued or sent"), std::string::npos) << again.out;
  EXPECT_EQ(newsroom_->requests().size(), 2u);
  EXPECT_EQ(smtp_->Records("message").size(), 1u);

  // No secret reached the output, the report or the store.
  for (const std::string& text :
       {run.out + run.err + again.out + again.err, ReadFile(Path("gapwatch.db")), ReadFile(Path("report/gaps.json"))}) {
    EXPECT_EQ(text.find(kToken), std::string::npos);
    EXPECT_EQ(text.find(kPassword), std::string::npos);
  }
}

TEST_F(AlertsTest, ASiteTurningUnhealthyAndRecoveringIsToldOnItsOwnChannelOnce) {
  Start(/*scale=*/1);
  WriteSitesConfig("    schedule: {unhealthy_after: 1}\n");
  // A port nothing listens on: the crawl cannot finish, and one such crawl makes the site unhealthy.
  auto closed = std::make_unique<TestHttpServer>([](const TestRequest&) { return TestResponse{}; });
  const std::string dead = "procurement=" + closed->origin();
  closed.reset();

  const auto down = RunCommand(Command("run", dead));
  EXPECT_EQ(down.exit_status, 3) << down.err;
  ASSERT_EQ(operators_->requests().size(), 1u) << down.out;
  EXPECT_EQ(Bodies(operators_->requests())[0]["event"], "site_health");
  EXPECT_NE(operators_->requests()[0].headers.find("X-Gapwatch-Event: site_health/procurement/unhealthy/"),
            std::string::npos)
      << operators_->requests()[0].headers;
  // Still down a cycle later: the same event, not sent again.
  EXPECT_EQ(RunCommand(Command("run", dead)).exit_status, 3);
  EXPECT_EQ(operators_->requests().size(), 1u);

  ASSERT_EQ(RunCommand(Command("run", site_)).exit_status, 0);
  ASSERT_EQ(operators_->requests().size(), 2u);
  EXPECT_NE(operators_->requests()[1].headers.find("X-Gapwatch-Event: site_health/procurement/recovered/"),
            std::string::npos)
      << operators_->requests()[1].headers;
  for (const nlohmann::json& body : Bodies(newsroom_->requests())) EXPECT_NE(body["event"], "site_health");
}

TEST_F(AlertsTest, TheDaemonSendsFromItsOwnThreadSoAHangingReceiverNeverHoldsUpACrawl) {
  // The newsroom answers after 12 s and its channel gives up after 10: a delivery hangs 10 s.
  Start(/*scale=*/1, std::chrono::milliseconds(12000), /*newsroom_timeout_s=*/10);
  WriteSitesConfig("    schedule: {crawl: every 1s, full: every 1d}\n");
  BackgroundProcess daemon(Command("daemon", site_));
  int reports = 0;
  bool queued = false;
  for (std::string line = daemon.ReadLine(); !line.empty(); line = daemon.ReadLine()) {
    if (line.rfind("alerts: ", 0) == 0 && line.find(" queued") != std::string::npos) queued = true;
    if (line.rfind("report: ", 0) == 0 && ++reports == 2) break;
  }
  ASSERT_EQ(reports, 2);
  EXPECT_TRUE(queued);
  // The first cycle's alerts went out after it; the second cycle ended while that POST still hung.
  ASSERT_FALSE(newsroom_->requests().empty());
  EXPECT_LT(std::chrono::steady_clock::now() - newsroom_->requests().front().received_at, std::chrono::seconds(10));
  EXPECT_EQ(daemon.Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace gapwatch
