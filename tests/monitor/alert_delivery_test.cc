// Alert delivery against real receivers on 127.0.0.1: a webhook receiver
// (tests/support/test_http_server.h) and an SMTP sink with STARTTLS and a
// certificate made for the test (tests/support/smtp_sink.py, whose e-mail
// parser reads what arrived independently of gapwatch's writer).
#include "monitor/alert_delivery.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/scratch_directory.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/test_http_server.h"

namespace gapwatch {
namespace {

// Distinctive values that must never show in an error, a log line or the store.
constexpr char kToken[] = "tok-9f3a1c-never-shown";
constexpr char kPassword[] = "pw-77e0b2-never-shown";
constexpr char kTokenVariable[] = "GAPWATCH_TEST_WEBHOOK_TOKEN";
constexpr char kPasswordVariable[] = "GAPWATCH_TEST_SMTP_PASSWORD";

// A scraped title at its worst: Chinese, markup, and a line break that would start a header.
constexpr char kHostileSubject[] =
    "新发现：广州市某某局 项目GDJY-2025-001 中标结果未按期公示 <script>alert(1)</script>\r\nBcc: victim@example.org";

class AlertDeliveryTest : public testing::ScratchDirectoryTest {
 protected:
  static void SetUpTestSuite() {
    certificates_ = std::filesystem::temp_directory_path() / ("gapwatch-alert-tls-" + std::to_string(::getpid()));
    certificate_ = testing::MakeTestCertificate(certificates_);
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(certificates_); }

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

  static AlertChannel Webhook(const std::string& url) {
    AlertChannel channel;
    channel.name = "newsroom";
    channel.type = AlertChannel::Type::kWebhook;
    channel.url = url;
    channel.token_env = kTokenVariable;
    channel.timeout_s = 5;
    return channel;
  }
  static AlertChannel Email(const std::string& url) {
    AlertChannel channel;
    channel.name = "officials";
    channel.type = AlertChannel::Type::kEmail;
    channel.url = url;
    channel.from = "gapwatch@example.org";
    channel.to = {"desk@example.org", "editor@example.org"};
    channel.username = "gapwatch";
    channel.password_env = kPasswordVariable;
    channel.ca_file = certificate_.certificate;
    channel.timeout_s = 5;
    return channel;
  }
  static AlertMessage Message(const std::string& event_key = "opened:3f2a") {
    return {
        "all-new",
        "newsroom",
        event_key,
        kHostileSubject,
        "广州市某某局未按期公示中标结果。\n规则 GP-12\n.\n证据: http://127.0.0.1/report/p/GDJY-2025-001.html\n",
        R"json({"event":"opened","title":"<script>alert(1)</script>","buyer":"=HYPERLINK(\"http://x\")","标题":"中标"})json"};
  }
  std::string StorePath() const { return (directory_ / "gapwatch.db").string(); }

  static std::filesystem::path certificates_;
  static testing::TestCertificate certificate_;
};

std::filesystem::path AlertDeliveryTest::certificates_;
testing::TestCertificate AlertDeliveryTest::certificate_;

// The value of the header `name` in a raw header block; "" when absent.
std::string HeaderValue(const std::string& headers, const std::string& name) {
  std::istringstream lines(headers);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind(name + ": ", 0) == 0) return line.substr(name.size() + 2);
  }
  return "";
}

testing::TestResponse Answer(int status) { return {status, "", "", std::chrono::milliseconds(0)}; }

TEST(RetryDelayTest, DoublesFromAMinuteUpToSixHoursThenGivesUp) {
  EXPECT_EQ(RetryDelay(1), 60);
  EXPECT_EQ(RetryDelay(2), 120);
  EXPECT_EQ(RetryDelay(3), 240);
  EXPECT_EQ(RetryDelay(9), 60 * 256);
  EXPECT_EQ(RetryDelay(10), 6 * 3600);  // 60 * 512 would pass the cap
  EXPECT_EQ(RetryDelay(kMaxAlertAttempts - 1), 6 * 3600);
  EXPECT_FALSE(RetryDelay(kMaxAlertAttempts));
  EXPECT_FALSE(RetryDelay(kMaxAlertAttempts + 5));
  long long waited = 0;
  for (int failed = 1; failed < kMaxAlertAttempts; ++failed) waited += *RetryDelay(failed);
  EXPECT_EQ(waited, 60 * 511 + 2 * 6 * 3600);  // about 20 hours of trying, as the header says
}

TEST_F(AlertDeliveryTest, AWebhookPostsTheJsonWithItsTypeTokenAndEventKey) {
  testing::TestHttpServer receiver([](const testing::TestRequest&) { return Answer(204); });
  const SendResult result = SendAlert(Webhook(receiver.origin() + "/hooks/gapwatch"), Message());
  ASSERT_TRUE(result.sent) << result.error;
  EXPECT_EQ(result.error, "");
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  const testing::TestRequest& request = requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/hooks/gapwatch");
  EXPECT_EQ(request.body, Message().json);  // byte for byte: Chinese and markup as the message has them
  EXPECT_EQ(HeaderValue(request.headers, "Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(HeaderValue(request.headers, "Authorization"), std::string("Bearer ") + kToken);
  EXPECT_EQ(HeaderValue(request.headers, "X-Gapwatch-Subscription"), "all-new");
  EXPECT_EQ(HeaderValue(request.headers, "X-Gapwatch-Event"), "opened:3f2a");
}

TEST_F(AlertDeliveryTest, AWebhookEventKeyCannotAddAHeaderAndAChannelWithoutATokenSendsNone) {
  testing::TestHttpServer receiver([](const testing::TestRequest&) { return Answer(200); });
  AlertChannel channel = Webhook(receiver.origin() + "/hook");
  channel.token_env = "";
  const SendResult result = SendAlert(channel, Message("opened:a\r\nX-Injected: 1 标"));
  ASSERT_TRUE(result.sent) << result.error;
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(HeaderValue(requests[0].headers, "X-Gapwatch-Event"), "opened:a%0D%0AX-Injected:%201%20%E6%A0%87");
  EXPECT_EQ(HeaderValue(requests[0].headers, "X-Injected"), "");
  EXPECT_EQ(HeaderValue(requests[0].headers, "Authorization"), "");
}

TEST_F(AlertDeliveryTest, AWebhookRedirectIsNotFollowedAndIsNotSent) {
  testing::TestHttpServer receiver([](const testing::TestRequest& request) {
    if (request.target == "/elsewhere") return Answer(200);
    return testing::TestResponse{302, "Location: /elsewhere\r\n", "", std::chrono::milliseconds(0)};
  });
  const SendResult result = SendAlert(Webhook(receiver.origin() + "/hook"), Message());
  EXPECT_FALSE(result.sent);
  EXPECT_EQ(result.error, "channel 'newsroom' (POST " + receiver.origin() + "/hook): HTTP 302");
  EXPECT_EQ(receiver.requests().size(), 1u);
}

TEST_F(AlertDeliveryTest, AMissingSecretIsAnErrorNamingItsVariableAndNothingIsSent) {
  testing::TestHttpServer receiver([](const testing::TestRequest&) { return Answer(200); });
  ::unsetenv(kTokenVariable);
  const SendResult webhook = SendAlert(Webhook(receiver.origin() + "/hook"), Message());
  EXPECT_FALSE(webhook.sent);
  EXPECT_NE(webhook.error.find(std::string("the environment variable ") + kTokenVariable + " is not set"),
            std::string::npos)
      << webhook.error;
  EXPECT_TRUE(receiver.requests().empty());
  ::unsetenv(kPasswordVariable);
  const SendResult email = SendAlert(Email("smtp://127.0.0.1:9"), Message());
  EXPECT_FALSE(email.sent);
  EXPECT_NE(email.error.find(kPasswordVariable), std::string::npos) << email.error;
}

TEST_F(AlertDeliveryTest, AnAttemptIsBoundedByTheChannelsTimeout) {
  testing::TestHttpServer receiver([](const testing::TestRequest&) {
    return testing::TestResponse{200, "", "", std::chrono::milliseconds(2500)};
  });
  AlertChannel channel = Webhook(receiver.origin() + "/hook");
  channel.timeout_s = 1;
  const auto started = std::chrono::steady_clock::now();
  const SendResult result = SendAlert(channel, Message());
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_FALSE(result.sent);
  EXPECT_LT(took, std::chrono::milliseconds(2000));
  EXPECT_NE(result.error.find("channel 'newsroom'"), std::string::npos) << result.error;
}

// A secret is never shown: not by an error (nor the server's echo of it in
// one), not by the log, not by the stored last_error; nor a URL's credentials.
TEST_F(AlertDeliveryTest, SecretsNeverAppearInErrorsTheLogOrTheStore) {
  testing::TestHttpServer receiver([](const testing::TestRequest& request) {
    return testing::TestResponse{500, "X-Echo: " + HeaderValue(request.headers, "Authorization") + "\r\n",
                                 HeaderValue(request.headers, "Authorization"), std::chrono::milliseconds(0)};
  });
  const testing::SmtpSink sink(directory_, "starttls", certificate_, /*reject_auth=*/true);
  AlertsConfig config;
  config.file = "alerts.yaml";
  config.channels = {Webhook(receiver.origin().insert(7, "user:url-secret@") + "/hook?key=query-secret#frag"),
                     Email(sink.url())};
  AlertMessage mail = Message("opened:mail");
  mail.channel = "officials";
  Store store(StorePath());
  ASSERT_EQ(EnqueueAlerts(store, {Message(), mail}, 100), 2);
  std::ostringstream log;
  const DeliveryCounts counts = DeliverDueAlerts(store, config, 100, log);
  EXPECT_EQ(counts.failed, 2);
  EXPECT_EQ(receiver.requests().size(), 1u);
  ASSERT_EQ(sink.Records("session").size(), 1u);
  ASSERT_NE(sink.Records("session")[0]["commands"].dump().find("AUTH"), std::string::npos);  // it did log in
  const auto alerts = store.Alerts();
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].last_error.rfind("channel 'newsroom' (POST " + receiver.origin() + "/hook): HTTP 500", 0), 0u)
      << alerts[0].last_error;
  EXPECT_EQ(alerts[1].last_error.rfind("channel 'officials' (" + sink.url() + "): ", 0), 0u) << alerts[1].last_error;
  std::vector<std::string> shown = {log.str(), alerts[0].last_error, alerts[1].last_error,
                                    SendAlert(config.channels[0], Message()).error,
                                    SendAlert(config.channels[1], mail).error};
  for (const std::string& text : shown) {
    for (const char* secret : {kToken, kPassword, "url-secret", "query-secret"}) {
      EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in: " << text;
    }
  }
}

TEST_F(AlertDeliveryTest, AFailedAlertIsRetriedWithBackoffAndSentOnce) {
  std::atomic<int> answered{0};
  testing::TestHttpServer receiver([&](const testing::TestRequest&) { return Answer(++answered <= 2 ? 500 : 200); });
  AlertsConfig config;
  config.channels = {Webhook(receiver.origin() + "/hook")};
  Store store(StorePath());
  ASSERT_EQ(EnqueueAlerts(store, {Message()}, 1000), 1);
  EXPECT_EQ(EnqueueAlerts(store, {Message(), Message()}, 1001), 0);  // the same event again: stored once
  ASSERT_EQ(store.Alerts().size(), 1u);
  std::ostringstream log;

  DeliveryCounts counts = DeliverDueAlerts(store, config, 1000, log);
  EXPECT_EQ(counts.failed, 1);
  EXPECT_EQ(counts.sent, 0);
  AlertRecord alert = store.Alerts().at(0);
  EXPECT_EQ(alert.attempts, 1);
  EXPECT_EQ(alert.next_attempt_at, 1060);
  EXPECT_NE(alert.last_error.find("HTTP 500"), std::string::npos) << alert.last_error;
  EXPECT_FALSE(alert.sent_at);

  counts = DeliverDueAlerts(store, config, 1059, log);  // not yet
  EXPECT_EQ(counts.sent + counts.failed, 0);
  EXPECT_EQ(receiver.requests().size(), 1u);

  counts = DeliverDueAlerts(store, config, 1060, log);
  EXPECT_EQ(counts.failed, 1);
  alert = store.Alerts().at(0);
  EXPECT_EQ(alert.attempts, 2);
  EXPECT_EQ(alert.next_attempt_at, 1060 + 120);

  counts = DeliverDueAlerts(store, config, 1180, log);
  EXPECT_EQ(counts.sent, 1);
  alert = store.Alerts().at(0);
  EXPECT_EQ(alert.attempts, 3);
  EXPECT_EQ(alert.sent_at, 1180);
  EXPECT_EQ(alert.last_error, "");

  counts = DeliverDueAlerts(store, config, 1000000, log);  // sent once, ever
  EXPECT_EQ(counts.sent + counts.failed, 0);
  EXPECT_EQ(EnqueueAlerts(store, {Message()}, 1000000), 0);
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (const auto& request : requests) {
    EXPECT_EQ(HeaderValue(request.headers, "X-Gapwatch-Event"), "opened:3f2a");
    EXPECT_EQ(request.body, Message().json);  // as queued
  }
  EXPECT_NE(log.str().find("attempt 2 failed, next in 120 s"), std::string::npos) << log.str();
}

TEST_F(AlertDeliveryTest, AnAlertIsAbandonedWhenItsLastAttemptFails) {
  testing::TestHttpServer receiver([](const testing::TestRequest&) { return Answer(503); });
  AlertsConfig config;
  config.channels = {Webhook(receiver.origin() + "/hook")};
  Store store(StorePath());
  ASSERT_EQ(EnqueueAlerts(store, {Message()}, 0), 1);
  const long long id = store.Alerts().at(0).id;
  for (int failed = 1; failed < kMaxAlertAttempts; ++failed) store.MarkAlertFailed(id, "earlier", 0);
  std::ostringstream log;
  const DeliveryCounts counts = DeliverDueAlerts(store, config, 10, log);
  EXPECT_EQ(counts.abandoned, 1);
  EXPECT_EQ(counts.failed, 0);
  const AlertRecord alert = store.Alerts().at(0);
  EXPECT_TRUE(alert.abandoned);
  EXPECT_EQ(alert.attempts, kMaxAlertAttempts);
  EXPECT_NE(alert.last_error.find("HTTP 503"), std::string::npos);
  EXPECT_TRUE(store.AlertsDue(1LL << 40).empty());
  EXPECT_NE(log.str().find("abandoned after 12 attempts"), std::string::npos) << log.str();
}

TEST_F(AlertDeliveryTest, AnAlertWhoseChannelIsNotConfiguredWaitsUntriedUntilItIsBack) {
  testing::TestHttpServer receiver([](const testing::TestRequest&) { return Answer(200); });
  AlertsConfig config;
  config.file = "alerts.yaml";
  Store store(StorePath());
  ASSERT_EQ(EnqueueAlerts(store, {Message()}, 0), 1);
  std::ostringstream log;
  DeliveryCounts counts = DeliverDueAlerts(store, config, 50, log);
  EXPECT_EQ(counts.waiting, 1);
  EXPECT_EQ(counts.sent + counts.failed + counts.abandoned, 0);
  EXPECT_EQ(log.str(), "1 alert(s) wait for channel 'newsroom', which alerts.yaml does not define\n");
  AlertRecord alert = store.Alerts().at(0);
  EXPECT_EQ(alert.attempts, 0);
  EXPECT_EQ(alert.next_attempt_at, 0);
  config.channels = {Webhook(receiver.origin() + "/hook")};
  counts = DeliverDueAlerts(store, config, 60, log);
  EXPECT_EQ(counts.sent, 1);
  EXPECT_EQ(counts.waiting, 0);
  EXPECT_EQ(receiver.requests().size(), 1u);
}

TEST_F(AlertDeliveryTest, AfterAChannelFailsItsOtherAlertsWaitForTheNextCallAndOtherChannelsGoOn) {
  testing::TestHttpServer failing([](const testing::TestRequest&) { return Answer(500); });
  testing::TestHttpServer working([](const testing::TestRequest&) { return Answer(200); });
  AlertsConfig config;
  AlertChannel other = Webhook(working.origin() + "/hook");
  other.name = "other";
  config.channels = {Webhook(failing.origin() + "/hook"), other};
  Store store(StorePath());
  AlertMessage elsewhere = Message("c");
  elsewhere.channel = "other";
  ASSERT_EQ(EnqueueAlerts(store, {Message("a"), Message("b"), elsewhere}, 0), 3);
  std::ostringstream log;
  const DeliveryCounts counts = DeliverDueAlerts(store, config, 0, log);
  EXPECT_EQ(counts.failed, 1);
  EXPECT_EQ(counts.deferred, 1);
  EXPECT_EQ(counts.sent, 1);
  EXPECT_EQ(failing.requests().size(), 1u);
  EXPECT_EQ(working.requests().size(), 1u);
  const auto alerts = store.Alerts();
  EXPECT_EQ(alerts[1].attempts, 0);  // untried, still due
  EXPECT_EQ(store.AlertsDue(0).size(), 1u);
}

// Two processes delivering from one store: an alert one is sending is not due for the other.
TEST_F(AlertDeliveryTest, AnAlertBeingSentIsNotDueForAnotherDeliverer) {
  std::atomic<int> due_elsewhere{-1};
  const std::string path = StorePath();
  testing::TestHttpServer receiver([&](const testing::TestRequest&) {
    due_elsewhere = static_cast<int>(Store(path).AlertsDue(1000).size());  // mid-attempt, on another connection
    return Answer(200);
  });
  AlertsConfig config;
  config.channels = {Webhook(receiver.origin() + "/hook")};
  Store store(path);
  ASSERT_EQ(EnqueueAlerts(store, {Message()}, 1000), 1);
  std::ostringstream log;
  EXPECT_EQ(DeliverDueAlerts(store, config, 1000, log).sent, 1);
  EXPECT_EQ(due_elsewhere, 0);
  // One the other deliverer took and never reported back on is due again once its attempt would have ended.
  ASSERT_EQ(EnqueueAlerts(store, {Message("b")}, 1000), 1);
  Store other(path);
  const AlertRecord taken = other.AlertsDue(1000).at(0);
  ASSERT_TRUE(other.ClaimAlert(taken.id, taken.next_attempt_at, 1100));
  EXPECT_EQ(DeliverDueAlerts(store, config, 1099, log).sent, 0);
  EXPECT_EQ(DeliverDueAlerts(store, config, 1100, log).sent, 1);
  EXPECT_EQ(receiver.requests().size(), 2u);
}

TEST_F(AlertDeliveryTest, AnEmailGoesOverStartTlsWithItsEnvelopeHeadersAndText) {
  const testing::SmtpSink sink(directory_, "starttls", certificate_);
  const AlertChannel channel = Email(sink.url());
  const SendResult result = SendAlert(channel, Message());
  ASSERT_TRUE(result.sent) << result.error;
  const auto messages = sink.Records("message");
  ASSERT_EQ(messages.size(), 1u);
  const nlohmann::json& mail = messages[0];
  EXPECT_EQ(mail["starttls"], true);
  EXPECT_EQ(mail["tls"], true);
  EXPECT_EQ(mail["auth"]["username"], "gapwatch");
  EXPECT_EQ(mail["auth"]["password"], kPassword);
  EXPECT_EQ(mail["auth"]["tls"], true);  // never in the clear
  EXPECT_EQ(mail["mail_from"], "<gapwatch@example.org>");
  EXPECT_EQ(mail["rcpt_to"], (nlohmann::json{"<desk@example.org>", "<editor@example.org>"}));
  // The title's line break became a space: no Bcc header, the whole title in the Subject.
  EXPECT_EQ(mail["headers"]["Subject"],
            "新发现：广州市某某局 项目GDJY-2025-001 中标结果未按期公示 <script>alert(1)</script>  Bcc: "
            "victim@example.org");
  EXPECT_EQ(mail["header_names"], (nlohmann::json{"From", "To", "Subject", "Date", "Message-ID", "MIME-Version",
                                                  "Content-Type", "Content-Transfer-Encoding"}));
  EXPECT_EQ(mail["headers"]["From"], "gapwatch@example.org");
  EXPECT_EQ(mail["headers"]["To"], "desk@example.org, editor@example.org");
  EXPECT_EQ(mail["content_type"], "text/plain");
  EXPECT_EQ(mail["charset"], "utf-8");
  EXPECT_EQ(mail["body"], Message().text);
  EXPECT_EQ(mail["raw"].get<std::string>().find("\r\n.\r\n"), std::string::npos);  // the text's "." line is not an end
  for (const std::string line : {"Bcc:", "victim"}) {
    EXPECT_EQ(mail["raw"].get<std::string>().find(line), std::string::npos) << line;
  }
  const std::string message_id = mail["headers"]["Message-ID"];
  EXPECT_EQ(message_id.size(), std::string("<@gapwatch>").size() + 32) << message_id;
  EXPECT_NE(mail["headers"]["Date"].get<std::string>().find(" +0000"), std::string::npos);
  // The same event has the same Message-ID, another event another.
  ASSERT_TRUE(SendAlert(channel, Message()).sent);
  ASSERT_TRUE(SendAlert(channel, Message("opened:other")).sent);
  const auto all = sink.Records("message", 3);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1]["headers"]["Message-ID"], message_id);
  EXPECT_NE(all[2]["headers"]["Message-ID"], message_id);
}

TEST_F(AlertDeliveryTest, AServerWithoutStartTlsIsRefusedUnlessTheChannelSaysTlsNone) {
  const testing::SmtpSink sink(directory_, "none", certificate_);
  AlertChannel channel = Email(sink.url());
  const SendResult refused = SendAlert(channel, Message());
  EXPECT_FALSE(refused.sent);
  EXPECT_EQ(refused.error.rfind("channel 'officials' (" + sink.url() + "): ", 0), 0u) << refused.error;
  const auto sessions = sink.Records("session");
  ASSERT_EQ(sessions.size(), 1u);
  for (const char* command : {"AUTH", "MAIL", "RCPT", "DATA"}) {  // no login, no envelope in the clear
    EXPECT_EQ(sessions[0]["commands"].dump().find(command), std::string::npos) << sessions[0]["commands"].dump();
  }
  EXPECT_TRUE(sink.Records("message", 0).empty());
  // `tls: none`, meant for a loopback relay.
  channel.require_tls = false;
  channel.username = "";
  channel.password_env = "";
  ASSERT_TRUE(SendAlert(channel, Message()).sent);
  const auto messages = sink.Records("message");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["tls"], false);
  EXPECT_TRUE(messages[0]["auth"].is_null());
}

TEST_F(AlertDeliveryTest, SmtpsIsTlsFromTheFirstByte) {
  const testing::SmtpSink sink(directory_, "implicit", certificate_);
  const SendResult result = SendAlert(Email(sink.url("smtps")), Message());
  ASSERT_TRUE(result.sent) << result.error;
  const auto messages = sink.Records("message");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["tls"], true);
  EXPECT_EQ(messages[0]["starttls"], false);
  EXPECT_EQ(messages[0]["auth"]["password"], kPassword);
}

TEST_F(AlertDeliveryTest, ACertificateNoTrustedAuthoritySignedIsRefused) {
  const testing::SmtpSink sink(directory_, "starttls", certificate_);
  AlertChannel channel = Email(sink.url());
  channel.ca_file = "";  // the system's bundle, which never signed the test's certificate
  const SendResult result = SendAlert(channel, Message());
  EXPECT_FALSE(result.sent);
  EXPECT_NE(result.error.find("certificate"), std::string::npos) << result.error;
  EXPECT_TRUE(sink.Records("message", 0).empty());
  const auto sessions = sink.Records("session");
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0]["commands"].dump().find("AUTH"), std::string::npos);
}

TEST_F(AlertDeliveryTest, ADueEmailIsDeliveredAndRecordedSent) {
  const testing::SmtpSink sink(directory_, "starttls", certificate_);
  AlertsConfig config;
  config.channels = {Email(sink.url())};
  AlertMessage message = Message();
  message.channel = "officials";
  Store store(StorePath());
  ASSERT_EQ(EnqueueAlerts(store, {message}, 500), 1);
  std::ostringstream log;
  const DeliveryCounts counts = DeliverDueAlerts(store, config, 600, log);
  EXPECT_EQ(counts.sent, 1);
  EXPECT_EQ(store.Alerts().at(0).sent_at, 600);
  const auto messages = sink.Records("message");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["body"], message.text);
  EXPECT_EQ(log.str(), "alert 1 of subscription 'all-new': sent to channel 'officials'\n");
}

}  // namespace
}  // namespace gapwatch
