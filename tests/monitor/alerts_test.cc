#include "monitor/alerts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "monitor/feeds.h"
#include "parsers/strict_yaml.h"
#include "report_samples.h"

namespace gapwatch {
namespace {

// Three channels, one subscription of each kind: each test edits one line.
constexpr char kConfig[] = R"(channels:
  hook:
    type: webhook
    url: https://hooks.example.org/x
  mail:
    type: email
    url: smtp://127.0.0.1:2525
    from: gapwatch@example.org
    to: [a@example.org]
    tls: none
  ops:
    type: webhook
    url: http://127.0.0.1:8089/health
subscriptions:
  - name: all
    events: new_findings
    channel: hook
  - name: soon
    events: due_soon
    channel: mail
    buyers: [韶关市第一人民医院]
    within_working_days: 5
  - name: health
    events: site_health
    channel: ops
)";

std::string Edited(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "the sample has no '" << from << "'";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

int LineOf(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

// Parsing `text` fails at the line holding `at`, on `key`, saying `message`.
void ExpectConfigError(const std::string& text, const std::string& at, const std::string& key,
                       const std::string& message) {
  try {
    ParseAlertsConfig(text, "my-alerts.yaml");
    ADD_FAILURE() << "accepted:\n" << text;
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.file(), "my-alerts.yaml");
    EXPECT_EQ(error.line(), LineOf(text, at)) << error.what();
    EXPECT_EQ(error.key(), key) << error.what();
    EXPECT_NE(std::string(error.what()).find(message), std::string::npos) << error.what();
  }
}

TEST(AlertsConfigTest, ReadsEveryField) {
  const AlertsConfig config = ParseAlertsConfig(kConfig, "alerts.yaml");
  EXPECT_EQ(config.file, "alerts.yaml");
  ASSERT_EQ(config.channels.size(), 3u);
  const AlertChannel* mail = config.Find("mail");
  ASSERT_NE(mail, nullptr);
  EXPECT_EQ(mail->type, AlertChannel::Type::kEmail);
  EXPECT_EQ(mail->url, "smtp://127.0.0.1:2525");
  EXPECT_EQ(mail->from, "gapwatch@example.org");
  EXPECT_EQ(mail->to, std::vector<std::string>{"a@example.org"});
  EXPECT_FALSE(mail->require_tls);
  EXPECT_EQ(mail->timeout_s, 20);
  EXPECT_EQ(config.Find("hook")->type, AlertChannel::Type::kWebhook);
  EXPECT_TRUE(config.Find("hook")->require_tls);
  EXPECT_EQ(config.Find("nowhere"), nullptr);
  ASSERT_EQ(config.subscriptions.size(), 3u);
  EXPECT_EQ(config.subscriptions[0].events, AlertSubscription::Events::kNewFindings);
  EXPECT_TRUE(config.subscriptions[0].buyers.empty());
  EXPECT_EQ(config.subscriptions[1].events, AlertSubscription::Events::kDueSoon);
  EXPECT_EQ(config.subscriptions[1].channel, "mail");
  EXPECT_EQ(config.subscriptions[1].buyers, std::vector<std::string>{"韶关市第一人民医院"});
  EXPECT_EQ(config.subscriptions[1].within_working_days, 5);
  EXPECT_EQ(config.subscriptions[2].events, AlertSubscription::Events::kSiteHealth);
}

TEST(AlertsConfigTest, ExampleFileParses) {
  const AlertsConfig config = LoadAlertsConfig(std::string(GAPWATCH_SOURCE_DIR) + "/alerts.example.yaml");
  ASSERT_EQ(config.channels.size(), 3u);
  const AlertChannel* newsroom = config.Find("newsroom");
  ASSERT_NE(newsroom, nullptr);
  EXPECT_EQ(newsroom->token_env, "GAPWATCH_NEWSROOM_TOKEN");
  const AlertChannel* officials = config.Find("officials");
  ASSERT_NE(officials, nullptr);
  EXPECT_EQ(officials->to, (std::vector<std::string>{"xxgk@example.gov.cn", "audit@example.gov.cn"}));
  EXPECT_EQ(officials->password_env, "GAPWATCH_SMTP_PASSWORD");
  EXPECT_TRUE(officials->require_tls);
  const AlertChannel* operators = config.Find("operators");
  ASSERT_NE(operators, nullptr);
  EXPECT_EQ(operators->to, std::vector<std::string>{"ops@example.org"});  // one address needs no list
  EXPECT_EQ(operators->url, "smtps://mail.example.org:465");
  ASSERT_EQ(config.subscriptions.size(), 4u);
  EXPECT_EQ(config.subscriptions[1].domains, std::vector<std::string>{"procurement"});
  EXPECT_EQ(config.subscriptions[3].channel, "operators");
}

TEST(AlertsConfigTest, UnreadableFileIsAConfigError) {
  EXPECT_THROW(LoadAlertsConfig("/nonexistent/alerts.yaml"), ConfigError);
}

TEST(AlertsConfigTest, UnknownKeyNamesFileLineAndKey) {
  ExpectConfigError(Edited(kConfig, "    url: https://hooks.example.org/x\n",
                           "    url: https://hooks.example.org/x\n    tokn_env: X\n"),
                    "tokn_env", "channels.hook.tokn_env", "unknown key");
  ExpectConfigError(Edited(kConfig, "    within_working_days: 5", "    within_days: 5"), "within_days",
                    "subscriptions[1].within_days", "unknown key");
  ExpectConfigError(std::string(kConfig) + "extra: 1\n", "extra", "extra", "unknown key");
}

TEST(AlertsConfigTest, MissingRequiredKeysAreErrors) {
  ExpectConfigError(Edited(kConfig, "    to: [a@example.org]\n", ""), "type: email", "channels.mail",
                    "missing required key 'to'");
  ExpectConfigError(Edited(kConfig, "    from: gapwatch@example.org\n", ""), "type: email", "channels.mail",
                    "missing required key 'from'");
  ExpectConfigError(Edited(kConfig, "    channel: hook\n", ""), "  - name: all", "subscriptions[0]",
                    "missing required key 'channel'");
  EXPECT_THROW(ParseAlertsConfig("channels: {}\nsubscriptions: []\n", "a.yaml"), ConfigError);
}

TEST(AlertsConfigTest, BadValuesAreErrors) {
  ExpectConfigError(Edited(kConfig, "events: new_findings", "events: new_finding"), "new_finding",
                    "subscriptions[0].events", "expected new_findings, due_soon or site_health");
  ExpectConfigError(Edited(kConfig, "type: email", "type: sms"), "type: sms", "channels.mail.type",
                    "expected webhook or email");
  ExpectConfigError(Edited(kConfig, "within_working_days: 5", "within_working_days: 0"), "within_working_days",
                    "subscriptions[1].within_working_days", "out of range [1, 60]");
  ExpectConfigError(Edited(kConfig, "within_working_days: 5", "within_working_days: 61"), "within_working_days",
                    "subscriptions[1].within_working_days", "out of range [1, 60]");
  EXPECT_EQ(ParseAlertsConfig(Edited(kConfig, "within_working_days: 5", "within_working_days: 60"), "a.yaml")
                .subscriptions[1]
                .within_working_days,
            60);
  ExpectConfigError(Edited(kConfig, "tls: none", "tls: maybe"), "tls:", "channels.mail.tls",
                    "expected required or none");
  ExpectConfigError(Edited(kConfig, "    tls: none", "    tls: none\n    timeout_s: 0"), "timeout_s",
                    "channels.mail.timeout_s", "out of range");
  ExpectConfigError(Edited(kConfig, "    channel: hook\n", "    channel: hook\n    domains: [procurement, lnd]\n"),
                    "lnd", "subscriptions[0].domains[1]", "unknown domain 'lnd'");
  ExpectConfigError(Edited(kConfig, "url: https://hooks.example.org/x",
                           "url: https://hooks.example.org/x\n    "
                           "token_env: 1TOKEN"),
                    "token_env", "channels.hook.token_env", "environment variable");
  ExpectConfigError(Edited(kConfig, "to: [a@example.org]", "to: [\"a@example.org\\r\\nBcc: x@y\"]"),
                    "to:", "channels.mail.to[0]", "expected an e-mail address");
  ExpectConfigError(Edited(kConfig, "from: gapwatch@example.org", "from: gapwatch"), "from:", "channels.mail.from",
                    "expected an e-mail address");
  ExpectConfigError(Edited(kConfig, "buyers: [韶关市第一人民医院]", "buyers: []"), "buyers:", "subscriptions[1].buyers",
                    "an empty list matches nothing");
}

TEST(AlertsConfigTest, DomainsAreTheFindingDomains) {
  const AlertsConfig config = ParseAlertsConfig(
      Edited(kConfig, "    channel: hook\n", "    channel: hook\n    domains: [procurement, construction, land]\n"),
      "a.yaml");
  EXPECT_EQ(config.subscriptions[0].domains, (std::vector<std::string>{"procurement", "construction", "land"}));
}

TEST(AlertsConfigTest, UrlSchemesAreChecked) {
  const std::string webhook = "url: https://hooks.example.org/x";
  ExpectConfigError(Edited(kConfig, webhook, "url: ftp://hooks.example.org/x"), "ftp:", "channels.hook.url",
                    "expected an http:// or https:// URL");
  ExpectConfigError(Edited(kConfig, webhook, "url: smtp://hooks.example.org"), "url: smtp://hooks", "channels.hook.url",
                    "expected an http:// or https:// URL");
  const std::string mail = "url: smtp://127.0.0.1:2525";
  for (const std::string bad : {"http://mail.example.org", "smtp://mail.example.org/path", "smtp://mail.example.org:0",
                                "smtp://mail.example.org:99999", "smtp://", "smtp://[::1", "smtp://mail example"}) {
    ExpectConfigError(Edited(kConfig, mail, "url: \"" + bad + "\""), bad, "channels.mail.url",
                      "expected smtp://host[:port]");
  }
  for (const std::string good : {"smtp://mail.example.org", "smtp://127.0.0.1:25/", "smtp://[::1]:2525"}) {
    EXPECT_EQ(ParseAlertsConfig(Edited(kConfig, mail, "url: \"" + good + "\""), "a.yaml").Find("mail")->url, good);
  }
  EXPECT_NO_THROW(ParseAlertsConfig(
      Edited(Edited(kConfig, mail, "url: smtps://mail.example.org:465"), "tls: none", "tls: required"), "a.yaml"));
}

TEST(AlertsConfigTest, SmtpsAcceptsRequiredTlsOnly) {
  const std::string smtps = Edited(kConfig, "url: smtp://127.0.0.1:2525", "url: smtps://mail.example.org:465");
  EXPECT_TRUE(ParseAlertsConfig(Edited(smtps, "    tls: none\n", ""), "a.yaml").Find("mail")->require_tls);
  ExpectConfigError(smtps, "tls: none", "channels.mail.tls", "'tls: none' needs an smtp:// url");
}

TEST(AlertsConfigTest, SubscriptionChannelMustExist) {
  ExpectConfigError(Edited(kConfig, "channel: hook", "channel: hooks"), "channel: hooks", "subscriptions[0].channel",
                    "no channel is named 'hooks' (channels: hook, mail, ops)");
}

TEST(AlertsConfigTest, SubscriptionNamesAreUnique) {
  const std::string text = Edited(kConfig, "  - name: soon", "  - name: all");
  try {
    ParseAlertsConfig(text, "a.yaml");
    FAIL() << "accepted two subscriptions named 'all'";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.line(), LineOf(text, "  - name: all\n    events: due_soon"));
    EXPECT_EQ(error.key(), "subscriptions[1].name");
    EXPECT_NE(std::string(error.what()).find("another subscription is named 'all' (line 15)"), std::string::npos)
        << error.what();
  }
}

TEST(AlertsConfigTest, SiteHealthHasAChannelOfItsOwn) {
  // Findings first, then site health on the same channel.
  ExpectConfigError(Edited(kConfig, "    channel: ops", "    channel: hook  # health"), "# health",
                    "subscriptions[2].channel", "already serves findings (line 17)");
  // Site health first, then a due_soon digest on its channel.
  const std::string health_first =
      std::string(kConfig) + "  - name: late\n    events: due_soon\n    channel: ops  # late\n";
  ExpectConfigError(health_first, "ops  # late", "subscriptions[3].channel", "already serves site health");
  // Two site_health subscriptions may share a channel.
  EXPECT_NO_THROW(ParseAlertsConfig(
      std::string(kConfig) + "  - name: health-too\n    events: site_health\n    channel: ops\n", "a.yaml"));
}

TEST(AlertsConfigTest, SiteHealthTakesNoBuyersOrDomains) {
  ExpectConfigError(Edited(kConfig, "    channel: ops", "    channel: ops\n    buyers: [x]"), "buyers: [x]",
                    "subscriptions[2].buyers", "per site");
  ExpectConfigError(Edited(kConfig, "    channel: ops", "    channel: ops\n    domains: [land]"), "domains: [land]",
                    "subscriptions[2].domains", "per site");
}

TEST(AlertsConfigTest, OnlyDueSoonHasAWindow) {
  ExpectConfigError(Edited(kConfig, "    channel: hook", "    channel: hook\n    within_working_days: 3"),
                    "within_working_days: 3", "subscriptions[0].within_working_days", "only a due_soon");
}

TEST(AlertsConfigTest, TheDueSoonWindowIsTheWidestOfTheDueSoonSubscriptions) {
  AlertsConfig config = ParseAlertsConfig(kConfig, "a.yaml");
  EXPECT_EQ(DueSoonWindow(config), 5);
  config.subscriptions.push_back(config.subscriptions[1]);
  config.subscriptions.back().within_working_days = 12;
  EXPECT_EQ(DueSoonWindow(config), 12);
  // Another kind's window counts for nothing, and without due_soon there is none.
  config.subscriptions[0].within_working_days = 40;
  EXPECT_EQ(DueSoonWindow(config), 12);
  config.subscriptions.erase(config.subscriptions.begin() + 1);
  config.subscriptions.pop_back();
  EXPECT_EQ(DueSoonWindow(config), 0);
}

TEST(AlertsConfigTest, InlineSecretsAreRefused) {
  ExpectConfigError(Edited(kConfig, "    tls: none", "    tls: none\n    password: hunter2"),
                    "password:", "channels.mail.password", "name that variable with password_env");
  ExpectConfigError(Edited(kConfig, "url: https://hooks.example.org/x",
                           "url: https://hooks.example.org/x\n    "
                           "token: abc123"),
                    "token:", "channels.hook.token", "name that variable with token_env");
  ExpectConfigError(Edited(kConfig, "url: https://hooks.example.org/x", "url: https://user:abc123@hooks.example.org/x"),
                    "abc123@", "channels.hook.url", "never holds credentials: put the token in an environment");
  ExpectConfigError(Edited(kConfig, "url: smtp://127.0.0.1:2525", "url: smtp://me:hunter2@127.0.0.1:2525"), "hunter2@",
                    "channels.mail.url", "password in an environment variable named by password_env");
}

TEST(AlertsConfigTest, SecretsTravelOnlyOverTlsOrLoopback) {
  const std::string with_token = "url: https://hooks.example.org/x\n    token_env: HOOK_TOKEN";
  EXPECT_EQ(ParseAlertsConfig(Edited(kConfig, "url: https://hooks.example.org/x", with_token), "a.yaml")
                .Find("hook")
                ->token_env,
            "HOOK_TOKEN");
  ExpectConfigError(
      Edited(kConfig, "url: https://hooks.example.org/x", "url: http://hooks.example.org/x\n    token_env: HOOK_TOKEN"),
      "token_env", "channels.hook.token_env", "only over https");
  EXPECT_NO_THROW(ParseAlertsConfig(
      Edited(kConfig, "url: https://hooks.example.org/x", "url: http://127.0.0.1:9/x\n    token_env: HOOK_TOKEN"),
      "a.yaml"));

  const std::string login = "    tls: none\n    username: me\n    password_env: SMTP_PASSWORD";
  EXPECT_EQ(ParseAlertsConfig(Edited(kConfig, "    tls: none", login), "a.yaml").Find("mail")->password_env,
            "SMTP_PASSWORD");
  ExpectConfigError(Edited(Edited(kConfig, "    tls: none", login), "smtp://127.0.0.1:2525", "smtp://mail.example.org"),
                    "tls: none", "channels.mail.tls", "only to a loopback relay");
  ExpectConfigError(Edited(kConfig, "    tls: none", "    tls: none\n    password_env: SMTP_PASSWORD"), "password_env",
                    "channels.mail.password_env", "needs a username");
}

// ---- Messages

Finding FindingOf(const std::string& id, const std::string& buyer, const std::string& domain) {
  Finding finding = testing::SampleFinding();
  finding.id = id;
  finding.buyer = buyer;
  finding.domain = domain;
  finding.project_code = "CODE-" + id;
  return finding;
}

FindingEvent EventOf(const std::string& id, const std::string& event, long long run_id) {
  FindingEvent change;
  change.finding_id = id;
  change.as_of = "2025-06-30";
  change.run_id = run_id;
  change.event = event;
  change.status = event == "resolved" ? "resolved" : "open";
  return change;
}

AlertInput CheckInput() {
  AlertInput input;
  input.as_of = "2025-06-30";
  input.report_root = "file:///srv/report/";
  input.check_run_id = 7;
  input.findings = {
      FindingOf("f1", "韶关市第一人民医院", "procurement"), FindingOf("f2", "韶关市教育局", "procurement"),
      FindingOf("f3", "韶关市第一人民医院", "construction"), FindingOf("f4", "韶关市第一人民医院", "procurement"),
      FindingOf("f5", "韶关市第一人民医院", "procurement")};
  input.events = {EventOf("f1", "opened", 7),  EventOf("f2", "opened", 7),   EventOf("f3", "reopened", 7),
                  EventOf("f4", "opened", 6),  // an earlier check's
                  EventOf("f5", "changed", 7), EventOf("f5", "resolved", 7), EventOf("missing", "opened", 7)};
  return input;
}

AlertsConfig ConfigWith(const std::string& subscriptions) {
  return ParseAlertsConfig(
      std::string(kConfig).substr(0, std::string(kConfig).find("subscriptions:")) + "subscriptions:\n" + subscriptions,
      "a.yaml");
}

std::vector<std::string> FindingIds(const AlertMessage& message) {
  std::vector<std::string> ids;
  const auto json = nlohmann::json::parse(message.json);
  for (const auto& finding : json.at("findings")) ids.push_back(finding.at("id"));
  return ids;
}

TEST(AlertMessagesTest, NewFindingsAreTheCheckOpeningsInOneMessage) {
  const AlertInput input = CheckInput();
  const auto messages = AlertMessages(ConfigWith("  - {name: all, events: new_findings, channel: hook}\n"), input);
  ASSERT_EQ(messages.size(), 1u);
  const AlertMessage& message = messages[0];
  EXPECT_EQ(message.subscription, "all");
  EXPECT_EQ(message.channel, "hook");
  EXPECT_EQ(message.event_key, "new_findings/run-7");
  EXPECT_EQ(message.subject, "gapwatch: 3 new findings as of 2025-06-30");
  EXPECT_EQ(FindingIds(message), (std::vector<std::string>{"f1", "f2", "f3"}));

  const auto json = nlohmann::json::parse(message.json);
  EXPECT_EQ(json.at("subscription"), "all");
  EXPECT_EQ(json.at("event"), "new_findings");
  EXPECT_EQ(json.at("as_of"), "2025-06-30");
  const auto& first = json.at("findings").at(0);
  EXPECT_EQ(first.at("event"), "opened");
  EXPECT_EQ(json.at("findings").at(2).at("event"), "reopened");
  EXPECT_EQ(first.at("kind"), "contract_missing");
  EXPECT_EQ(first.at("project").at("buyer"), "韶关市第一人民医院");
  EXPECT_EQ(first.at("rule").at("id"), "GP-15");
  EXPECT_EQ(first.at("overdue_working_days"), 32);
  EXPECT_EQ(first.at("evidence").at(0).at("url"), "https://gdgpo.czt.gd.gov.cn/notice/1");
  EXPECT_EQ(first.at("evidence").at(0).at("sha256"), std::string(64, 'b'));
  const std::string page = "file:///srv/report/projects/" + PageSlug("CODE-f1") + ".html";
  EXPECT_EQ(first.at("page"), page);

  for (const std::string& expected :
       {std::string("contract_missing (high, opened)"), std::string("韶关市第一人民医院"),
        std::string("CODE-f1 韶关市某设备采购项目"), std::string("2025-05-14, 32 working days overdue"),
        std::string("GP-15, 政府采购法实施条例 第五十条"), std::string("https://gdgpo.czt.gd.gov.cn/notice/1"), page,
        std::string("(high, reopened)"), std::string("file:///srv/report/index.html")}) {
    EXPECT_NE(message.text.find(expected), std::string::npos) << expected << "\n" << message.text;
  }
}

TEST(AlertMessagesTest, ANewFindingsMessageListsItsFirstFindingsAndCountsTheRest) {
  AlertInput input = CheckInput();
  input.findings.clear();
  input.events.clear();
  for (std::size_t i = 0; i < kMostFindingsInAMessage + 3; ++i) {
    const std::string id = "g" + std::to_string(1000 + i);
    input.findings.push_back(FindingOf(id, "韶关市教育局", "procurement"));
    input.events.push_back(EventOf(id, "opened", 7));
  }
  const auto messages = AlertMessages(ConfigWith("  - {name: all, events: new_findings, channel: hook}\n"), input);
  ASSERT_EQ(messages.size(), 1u);
  const auto json = nlohmann::json::parse(messages[0].json);
  EXPECT_EQ(json.at("total"), kMostFindingsInAMessage + 3);
  ASSERT_EQ(json.at("findings").size(), kMostFindingsInAMessage);
  EXPECT_EQ(json.at("findings").back().at("id"), "g" + std::to_string(1000 + kMostFindingsInAMessage - 1));
  EXPECT_EQ(messages[0].subject,
            "gapwatch: " + std::to_string(kMostFindingsInAMessage + 3) + " new findings as of 2025-06-30");
  EXPECT_NE(messages[0].text.find("... and 3 more (还有 3 项)"), std::string::npos);
  EXPECT_EQ(messages[0].text.find("CODE-g" + std::to_string(1000 + kMostFindingsInAMessage)), std::string::npos);
}

TEST(AlertMessagesTest, NewFindingsFollowBuyersAndDomains) {
  const AlertInput input = CheckInput();
  const auto messages = AlertMessages(ConfigWith("  - {name: hospital, events: new_findings, channel: hook, buyers: "
                                                 "[韶关市第一人民医院]}\n"
                                                 "  - {name: building, events: new_findings, channel: hook, domains: "
                                                 "[construction]}\n"
                                                 "  - {name: both, events: new_findings, channel: hook, buyers: "
                                                 "[韶关市第一人民医院, 韶关市教育局], domains: [procurement]}\n"),
                                      input);
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(FindingIds(messages[0]), (std::vector<std::string>{"f1", "f3"}));
  EXPECT_EQ(FindingIds(messages[1]), std::vector<std::string>{"f3"});
  EXPECT_EQ(FindingIds(messages[2]), (std::vector<std::string>{"f1", "f2"}));
  // Each subscription is its own outbox entry: the same key in each.
  EXPECT_EQ(messages[1].event_key, "new_findings/run-7");
  EXPECT_EQ(
      messages[1].subject.rfind("gapwatch: 1 new finding as of 2025-06-30: contract_missing, 韶关市第一人民医院, ", 0),
      0u)
      << messages[1].subject;
}

TEST(AlertMessagesTest, NoMessageWhenNothingMatches) {
  AlertInput input = CheckInput();
  const AlertsConfig config = ConfigWith(
      "  - {name: police, events: new_findings, channel: hook, buyers: [韶关市公安局]}\n"
      "  - {name: soon, events: due_soon, channel: mail}\n"
      "  - {name: health, events: site_health, channel: ops}\n");
  input.health = {{"procurement", "", 1, "", ""}};  // one failed crawl, still healthy
  EXPECT_TRUE(AlertMessages(config, input).empty());
  input.check_run_id = 8;  // a check that opened nothing
  EXPECT_TRUE(AlertMessages(ConfigWith("  - {name: all, events: new_findings, channel: hook}\n"), input).empty());
  // Run 0 is no check: the migrated events without a run are not news.
  input.check_run_id = 0;
  input.events.push_back(EventOf("f4", "opened", 0));
  EXPECT_TRUE(AlertMessages(ConfigWith("  - {name: all, events: new_findings, channel: hook}\n"), input).empty());
}

std::vector<UpcomingDeadline> Upcoming() {
  const auto deadline = [](const std::string& buyer, const std::string& code, int left, const std::string& domain) {
    UpcomingDeadline upcoming;
    upcoming.buyer = buyer;
    upcoming.domain = domain;
    upcoming.project_code = code;
    upcoming.project_title = "项目 " + code;
    upcoming.expected_notice = "contract";
    upcoming.due = *Date::Parse("2025-07-0" + std::to_string(left));
    upcoming.working_days_left = left;
    upcoming.rule_id = "GP-15";
    upcoming.rule_source = "政府采购法实施条例 第五十条";
    upcoming.clock = "30 days after the award";
    upcoming.url = "https://gdgpo.czt.gd.gov.cn/notice/" + code;
    return upcoming;
  };
  return {deadline("韶关市第一人民医院", "A", 1, "procurement"), deadline("韶关市教育局", "B", 2, "procurement"),
          deadline("韶关市第一人民医院", "C", 3, "construction"),
          deadline("韶关市第一人民医院", "D", 6, "procurement")};
}

std::vector<std::string> DeadlineCodes(const AlertMessage& message) {
  std::vector<std::string> codes;
  const auto json = nlohmann::json::parse(message.json);
  for (const auto& item : json.at("deadlines")) codes.push_back(item.at("project_code"));
  return codes;
}

TEST(AlertMessagesTest, DueSoonIsADigestOfTheBuyersDeadlinesInTheWindow) {
  AlertInput input = CheckInput();
  input.upcoming = Upcoming();
  const auto messages =
      AlertMessages(ConfigWith("  - {name: hospital, events: due_soon, channel: mail, buyers: [韶关市第一人民医院]}\n"
                               "  - {name: everyone, events: due_soon, channel: mail, within_working_days: 2}\n"
                               "  - {name: building, events: due_soon, channel: mail, domains: [construction], "
                               "within_working_days: 10}\n"),
                    input);
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(DeadlineCodes(messages[0]), (std::vector<std::string>{"A", "C"}));  // D is 6 working days away
  EXPECT_EQ(DeadlineCodes(messages[1]), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(DeadlineCodes(messages[2]), std::vector<std::string>{"C"});
  const AlertMessage& hospital = messages[0];
  EXPECT_EQ(hospital.event_key, "due_soon/2025-06-30");
  EXPECT_EQ(hospital.channel, "mail");
  EXPECT_EQ(hospital.subject, "gapwatch: 2 deadlines due within 5 working days as of 2025-06-30");
  const auto item = nlohmann::json::parse(hospital.json).at("deadlines").at(0);
  EXPECT_EQ(item.at("expected_notice"), "contract");
  EXPECT_EQ(item.at("due"), "2025-07-01");
  EXPECT_EQ(item.at("working_days_left"), 1);
  EXPECT_EQ(item.at("rule").at("source"), "政府采购法实施条例 第五十条");
  EXPECT_EQ(item.at("url"), "https://gdgpo.czt.gd.gov.cn/notice/A");
  EXPECT_EQ(item.at("page"), "file:///srv/report/projects/" + PageSlug("A") + ".html");
  for (const std::string& expected :
       {std::string("contract due (应公开) 2025-07-01, 1 working day left"), std::string("A 项目 A"),
        std::string("GP-15, 政府采购法实施条例 第五十条; 30 days after the award"),
        std::string("https://gdgpo.czt.gd.gov.cn/notice/A"), std::string("projects/" + PageSlug("C") + ".html")}) {
    EXPECT_NE(hospital.text.find(expected), std::string::npos) << expected << "\n" << hospital.text;
  }
  EXPECT_EQ(hospital.text.find("项目 B"), std::string::npos);
}

TEST(AlertMessagesTest, SiteHealthSaysWhenASiteTurnsAndRecovers) {
  AlertInput input = CheckInput();
  input.health = {{"procurement", "2025-06-29T06:00:00+08:00", 3, "", ""},
                  {"trading", "", 0, "2025-06-01T00:00:00+08:00", "2025-06-02T12:00:00+08:00"},
                  {"portal", "", 0, "", ""}};
  const auto messages = AlertMessages(ConfigWith("  - {name: health, events: site_health, channel: ops}\n"), input);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].event_key, "site_health/procurement/unhealthy/2025-06-29T06:00:00+08:00");
  EXPECT_EQ(messages[0].channel, "ops");
  EXPECT_EQ(messages[0].subject,
            "gapwatch: site procurement unhealthy since 2025-06-29T06:00:00+08:00, 3 failed crawls in a row");
  const auto unhealthy = nlohmann::json::parse(messages[0].json);
  EXPECT_EQ(unhealthy.at("state"), "unhealthy");
  EXPECT_EQ(unhealthy.at("site"), "procurement");
  EXPECT_EQ(unhealthy.at("failed_crawls"), 3);
  EXPECT_EQ(messages[1].event_key, "site_health/trading/recovered/2025-06-01T00:00:00+08:00");
  EXPECT_NE(messages[1].subject.find("recovered at 2025-06-02T12:00:00+08:00"), std::string::npos);
  const auto recovered = nlohmann::json::parse(messages[1].json);
  EXPECT_EQ(recovered.at("state"), "recovered");
  EXPECT_EQ(recovered.at("since"), "2025-06-01T00:00:00+08:00");
  EXPECT_EQ(recovered.at("recovered_at"), "2025-06-02T12:00:00+08:00");
}

TEST(AlertMessagesTest, EventKeysAreStableAcrossCalls) {
  AlertInput input = CheckInput();
  input.upcoming = Upcoming();
  input.health = {{"procurement", "2025-06-29T06:00:00+08:00", 3, "2025-06-01T00:00:00+08:00", "2025-06-02"}};
  const AlertsConfig config = ParseAlertsConfig(kConfig, "a.yaml");
  const auto first = AlertMessages(config, input);
  const auto second = AlertMessages(config, input);
  ASSERT_EQ(first.size(), 4u);
  ASSERT_EQ(second.size(), first.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].event_key, second[i].event_key);
    EXPECT_EQ(first[i].json, second[i].json);
  }
  // A later check of the same day opens other findings under another key; the digest keeps its day's.
  input.check_run_id = 8;
  for (FindingEvent& event : input.events) event.run_id = 8;
  const auto later = AlertMessages(config, input);
  EXPECT_EQ(later[0].event_key, "new_findings/run-8");
  EXPECT_EQ(later[1].event_key, first[1].event_key);
}

bool HasLineBreakOrControl(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }) ||
         text.find("\u2028") != std::string::npos || text.find("\xc2\x85") != std::string::npos;
}

TEST(AlertMessagesTest, HostileScrapedStringsStayInert) {
  AlertInput input = CheckInput();
  const std::string title = "<script>alert(1)</script>\r\nBcc: x@y\u2028\xc2\x85\x01\xff";
  const std::string buyer = "=HYPERLINK(\"http://x\")";
  input.findings = {FindingOf("f1", buyer, "procurement")};
  input.findings[0].project_title = title;
  input.findings[0].evidence[0].url = "https://x.example/\nBcc: z@y";
  input.upcoming = Upcoming();
  input.upcoming[0].buyer = buyer;
  input.upcoming[0].project_title = title;
  input.health = {{"procurement\r\nBcc: x@y", "2025-06-29", 3, "", ""}};
  const auto messages = AlertMessages(ConfigWith("  - {name: all, events: new_findings, channel: hook}\n"
                                                 "  - {name: soon, events: due_soon, channel: mail}\n"
                                                 "  - {name: health, events: site_health, channel: ops}\n"),
                                      input);
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].subject,
            "gapwatch: 1 new finding as of 2025-06-30: contract_missing, =HYPERLINK(\"http://x\"), "
            "<script>alert(1)</script> Bcc: x@y \xef\xbf\xbd");
  for (const AlertMessage& message : messages) {
    EXPECT_FALSE(HasLineBreakOrControl(message.subject)) << message.subject;
    // No scraped line break starts a line of the text: each value stays on its own line.
    EXPECT_EQ(message.text.find("\nBcc:"), std::string::npos) << message.text;
    EXPECT_EQ(message.text.find('\r'), std::string::npos);
    EXPECT_TRUE(nlohmann::json::accept(message.json)) << message.json;
  }
  // The webhook gets the title as scraped (JSON-escaped), only the invalid byte replaced.
  const auto json = nlohmann::json::parse(messages[0].json);
  EXPECT_EQ(json.at("findings").at(0).at("project").at("title"),
            "<script>alert(1)</script>\r\nBcc: x@y\u2028\xc2\x85\x01\xef\xbf\xbd");
  EXPECT_EQ(json.at("findings").at(0).at("project").at("buyer"), buyer);
  EXPECT_NE(messages[0].json.find("\\r\\nBcc"), std::string::npos);
  EXPECT_NE(messages[0].text.find("=HYPERLINK(\"http://x\")"), std::string::npos);
}

TEST(AlertMessagesTest, SubjectIsCutToAReadableLength) {
  AlertInput input = CheckInput();
  input.findings = {FindingOf("f1", std::string(300, 'b'), "procurement")};
  const auto messages = AlertMessages(ConfigWith("  - {name: all, events: new_findings, channel: hook}\n"), input);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_LE(messages[0].subject.size(), 203u);
  EXPECT_TRUE(messages[0].subject.ends_with("…")) << messages[0].subject;
}

}  // namespace
}  // namespace gapwatch
