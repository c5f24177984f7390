#include "monitor/alerts.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "monitor/report.h"
#include "parsers/extract_rules.h"
#include "parsers/strict_yaml.h"
#include "parsers/url.h"
#include "parsers/utf8.h"

namespace gapwatch {
namespace {

using Json = nlohmann::ordered_json;

// ---- Reading alerts.yaml

bool IsControl(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

// A name or value that goes into messages and headers as it is: one line, never empty.
std::string OneLineValue(const ConfigNode& node) {
  const std::string value = node.String();
  if (value.empty()) node.Fail("must not be empty");
  if (std::any_of(value.begin(), value.end(), IsControl)) node.Fail("must be one line without control characters");
  return value;
}

std::string EnvironmentVariableName(const ConfigNode& node) {
  const std::string name = node.String();
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) ||
      !std::all_of(name.begin(), name.end(), word)) {
    node.Fail("expected the name of an environment variable (ASCII letters, digits and _), got '" + name + "'");
  }
  return name;
}

// An address as the SMTP envelope and the headers carry it: local@domain, with
// nothing that could end a header or a command, or add a recipient.
std::string MailAddress(const ConfigNode& node) {
  const std::string address = node.String();
  const std::size_t at = address.find('@');
  const auto forbidden = [](char c) {
    return c == ' ' || IsControl(c) || std::string_view("<>,;:\"()[]\\").find(c) != std::string_view::npos;
  };
  if (at == std::string::npos || at == 0 || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string::npos || std::any_of(address.begin(), address.end(), forbidden)) {
    node.Fail("expected an e-mail address like name@example.org, got '" + address + "'");
  }
  return address;
}

// A secret in the file would travel with every copy of it (backups, version
// control, a bug report): the file names the variable that holds it instead.
void RefuseInlineSecrets(const ConfigNode& channel) {
  if (channel.Has("password")) {
    channel.Child("password")
        .Fail(
            "a password never goes in the file: put it in an environment variable and name that variable with "
            "password_env");
  }
  if (channel.Has("token")) {
    channel.Child("token").Fail(
        "a token never goes in the file: put it in an environment variable and name that variable with token_env");
  }
}

// scheme://user:password@host/… : the same secret, in the URL.
void RefuseCredentialsInUrl(const ConfigNode& node, const std::string& url, const std::string& instead) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return;
  const std::string authority = url.substr(scheme_end + 3, url.find_first_of("/?#", scheme_end + 3) - scheme_end - 3);
  if (authority.find('@') != std::string::npos) {
    node.Fail("a URL never holds credentials: " + instead);
  }
}

// The host of smtp://host[:port][/] or smtps://…, as IsLoopbackHost takes it
// ([::1] keeps its brackets); nullopt for anything else.
std::optional<std::string> MailServerHost(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("smtp://")) {
    rest = url.substr(7);
  } else if (url.starts_with("smtps://")) {
    rest = url.substr(8);
  } else {
    return std::nullopt;
  }
  if (rest.ends_with('/')) rest.remove_suffix(1);
  const std::size_t host_end = rest.starts_with('[') ? rest.find(']') + 1 : rest.find(':');
  if (host_end == 0) return std::nullopt;  // '[' without ']'
  const std::string_view host = rest.substr(0, host_end);
  const auto host_character = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
  };
  const bool bracketed = host.starts_with('[') && host.size() > 2;
  const std::string_view name = bracketed ? host.substr(1, host.size() - 2) : host;
  if (name.empty() ||
      !std::all_of(name.begin(), name.end(), [&](char c) { return host_character(c) || (bracketed && c == ':'); })) {
    return std::nullopt;
  }
  if (host_end != std::string_view::npos && host_end < rest.size()) {
    const std::string_view port = rest.substr(host_end);
    if (port.size() < 2 || port.size() > 6 || port[0] != ':' ||
        !std::all_of(port.begin() + 1, port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    const int number = std::stoi(std::string(port.substr(1)));
    if (number < 1 || number > 65535) return std::nullopt;
  }
  std::string lower(host);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower;
}

void ReadWebhook(const ConfigNode& node, AlertChannel& channel) {
  node.CheckKeys({"type", "url"}, {"token_env", "ca_file", "timeout_s"});
  const ConfigNode url = node.Child("url");
  channel.url = url.String();
  RefuseCredentialsInUrl(url, channel.url, "put the token in an environment variable and name it with token_env");
  const auto parsed = ParseUrl(channel.url);
  if (!parsed) url.Fail("expected an http:// or https:// URL, got '" + channel.url + "'");
  if (node.Has("token_env")) {
    channel.token_env = EnvironmentVariableName(node.Child("token_env"));
    // A bearer token over plain HTTP can be read on the way; a loopback receiver is not on the way.
    if (parsed->scheme != "https" && !IsLoopbackHost(parsed->host)) {
      node.Child("token_env").Fail("a token is sent only over https (or to a loopback host), and the url is http");
    }
  }
}

void ReadEmail(const ConfigNode& node, AlertChannel& channel) {
  node.CheckKeys({"type", "url", "from", "to"}, {"username", "password_env", "tls", "ca_file", "timeout_s"});
  const ConfigNode url = node.Child("url");
  channel.url = url.String();
  RefuseCredentialsInUrl(url, channel.url,
                         "put the user in username, the password in an environment variable named by password_env");
  const auto host = MailServerHost(channel.url);
  if (!host) {
    url.Fail("expected smtp://host[:port] (STARTTLS) or smtps://host[:port] (TLS from the start), got '" + channel.url +
             "'");
  }
  channel.from = MailAddress(node.Child("from"));
  const ConfigNode to = node.Child("to");
  for (const ConfigNode& address : to.IsScalar() ? std::vector<ConfigNode>{to} : to.Elements()) {
    channel.to.push_back(MailAddress(address));
  }
  if (channel.to.empty()) to.Fail("an e-mail channel needs at least one recipient");
  if (node.Has("username")) channel.username = OneLineValue(node.Child("username"));
  if (node.Has("password_env")) {
    channel.password_env = EnvironmentVariableName(node.Child("password_env"));
    if (channel.username.empty()) node.Child("password_env").Fail("a password needs a username to log in with");
  }
  if (node.Has("tls")) {
    const ConfigNode tls = node.Child("tls");
    const std::string value = tls.String();
    if (value != "required" && value != "none") tls.Fail("expected required or none, got '" + value + "'");
    channel.require_tls = value == "required";
    if (!channel.require_tls && channel.url.starts_with("smtps://")) {
      tls.Fail("smtps:// is TLS from the start: 'tls: none' needs an smtp:// url");
    }
    // Without TLS the password would cross the network in clear; a loopback relay keeps it on the machine.
    if (!channel.require_tls && !channel.password_env.empty() && !IsLoopbackHost(*host)) {
      tls.Fail("'tls: none' sends the password in clear: only to a loopback relay (127.0.0.1, localhost, [::1])");
    }
  }
}

AlertChannel ReadChannel(const std::string& name, const ConfigNode& node) {
  node.ExpectMap();
  RefuseInlineSecrets(node);
  AlertChannel channel;
  channel.name = name;
  if (name.empty() || std::any_of(name.begin(), name.end(), IsControl)) {
    node.Fail("a channel's name must be one line, not empty");
  }
  const ConfigNode type = node.Child("type");
  const std::string kind = type.String();
  if (kind == "webhook") {
    channel.type = AlertChannel::Type::kWebhook;
    ReadWebhook(node, channel);
  } else if (kind == "email") {
    channel.type = AlertChannel::Type::kEmail;
    ReadEmail(node, channel);
  } else {
    type.Fail("expected webhook or email, got '" + kind + "'");
  }
  if (node.Has("ca_file")) channel.ca_file = OneLineValue(node.Child("ca_file"));
  channel.timeout_s = node.IntOr("timeout_s", channel.timeout_s, 1, 600);
  return channel;
}

// A scalar or a list, never an empty one: `buyers: []` matching every buyer
// (like no key at all) would surprise whoever wrote it.
std::vector<ConfigNode> NonEmptyList(const ConfigNode& node, const std::string& leave_out) {
  std::vector<ConfigNode> items = node.IsScalar() ? std::vector<ConfigNode>{node} : node.Elements();
  if (items.empty()) node.Fail("an empty list matches nothing; leave the key out to match " + leave_out);
  return items;
}

std::string JoinedNames(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) joined += (joined.empty() ? "" : ", ") + name;
  return joined;
}

AlertSubscription ReadSubscription(const ConfigNode& node, const AlertsConfig& config) {
  node.CheckKeys({"name", "events", "channel"}, {"buyers", "domains", "within_working_days"});
  AlertSubscription subscription;
  subscription.name = OneLineValue(node.Child("name"));
  const ConfigNode events = node.Child("events");
  const std::string kind = events.String();
  if (kind == "new_findings") {
    subscription.events = AlertSubscription::Events::kNewFindings;
  } else if (kind == "due_soon") {
    subscription.events = AlertSubscription::Events::kDueSoon;
  } else if (kind == "site_health") {
    subscription.events = AlertSubscription::Events::kSiteHealth;
  } else {
    events.Fail("expected new_findings, due_soon or site_health, got '" + kind + "'");
  }
  const ConfigNode channel = node.Child("channel");
  subscription.channel = channel.String();
  if (!config.Find(subscription.channel)) {
    std::vector<std::string> names;
    for (const AlertChannel& candidate : config.channels) names.push_back(candidate.name);
    channel.Fail("no channel is named '" + subscription.channel + "' (channels: " + JoinedNames(names) + ")");
  }
  const bool site_health = subscription.events == AlertSubscription::Events::kSiteHealth;
  if (node.Has("buyers")) {
    if (site_health) node.Child("buyers").Fail("site health is per site, not per buyer");
    for (const ConfigNode& buyer : NonEmptyList(node.Child("buyers"), "every buyer")) {
      subscription.buyers.push_back(OneLineValue(buyer));
    }
  }
  if (node.Has("domains")) {
    if (site_health) node.Child("domains").Fail("site health is per site, not per domain");
    for (const ConfigNode& domain : NonEmptyList(node.Child("domains"), "every domain")) {
      const std::string value = domain.String();
      const auto& known = NoticeDomains();
      if (std::find(known.begin(), known.end(), value) == known.end()) {
        domain.Fail("unknown domain '" + value + "' (expected one of: " + JoinedNames(known) + ")");
      }
      subscription.domains.push_back(value);
    }
  }
  if (node.Has("within_working_days")) {
    const ConfigNode within = node.Child("within_working_days");
    if (subscription.events != AlertSubscription::Events::kDueSoon) {
      within.Fail("only a due_soon subscription has a window of working days");
    }
    subscription.within_working_days = within.Int(1, 60);
  }
  return subscription;
}

}  // namespace

AlertsConfig ParseAlertsConfig(const std::string& text, const std::string& file) {
  const ConfigNode root(ParseYamlText(text, file), file, "");
  if (!root.IsMap()) throw ConfigError(file, 1, "", "expected a mapping with keys 'channels' and 'subscriptions'");
  root.CheckKeys({"channels", "subscriptions"}, {});
  AlertsConfig config;
  config.file = file;
  for (const auto& [name, node] : root.Child("channels").Entries()) config.channels.push_back(ReadChannel(name, node));
  if (config.channels.empty()) root.Child("channels").Fail("no channels configured");
  std::map<std::string, int> name_lines;
  // Site health goes to people who keep gapwatch running, findings to those who
  // read them (issue 7): one channel serves one side. Channel -> (site health?, line).
  std::map<std::string, std::pair<bool, int>> channel_sides;
  for (const ConfigNode& node : root.Child("subscriptions").Elements()) {
    AlertSubscription subscription = ReadSubscription(node, config);
    const auto [named, fresh] = name_lines.emplace(subscription.name, node.Child("name").line());
    if (!fresh) {
      node.Child("name").Fail("another subscription is named '" + subscription.name + "' (line " +
                              std::to_string(named->second) + ")");
    }
    const bool site_health = subscription.events == AlertSubscription::Events::kSiteHealth;
    const auto [side, first] =
        channel_sides.emplace(subscription.channel, std::make_pair(site_health, node.Child("channel").line()));
    if (!first && side->second.first != site_health) {
      node.Child("channel").Fail(
          "channel '" + subscription.channel + "' already serves " + (site_health ? "findings" : "site health") +
          " (line " + std::to_string(side->second.second) + "): site health and findings go to separate channels");
    }
    config.subscriptions.push_back(std::move(subscription));
  }
  if (config.subscriptions.empty()) root.Child("subscriptions").Fail("no subscriptions configured");
  return config;
}

AlertsConfig LoadAlertsConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path, 0, "", "cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseAlertsConfig(text.str(), path);
}

namespace {

// ---- Messages

// Scraped text as one line of valid UTF-8: each run of control characters (C0,
// DEL, C1, U+2028, U+2029) and spaces one space, an invalid byte U+FFFD, so
// that a title cannot start a header ("\r\nBcc: …") or fake a line of its own.
std::string OneLine(std::string_view text) {
  std::string line;
  bool blank_pending = false;
  for (std::size_t pos = 0; pos < text.size();) {
    const utf8::CodePoint point = utf8::Decode(text, pos);
    pos += point.length;
    const char32_t value = point.valid ? point.value : U'\uFFFD';
    if (value <= 0x20 || (value >= 0x7f && value < 0xa0) || value == 0x2028 || value == 0x2029) {
      blank_pending = !line.empty();
      continue;
    }
    if (blank_pending) line += ' ';
    blank_pending = false;
    utf8::Append(line, value);
  }
  return line;
}

// A subject is one line, cut to a length every mail client shows whole.
std::string Subject(std::string_view text) {
  constexpr std::size_t kMaxCodePoints = 200;
  std::string line = OneLine(text);
  std::size_t pos = 0;
  for (std::size_t count = 0; pos < line.size() && count + 1 < kMaxCodePoints; ++count) {
    pos += utf8::Decode(line, pos).length;
  }
  if (pos < line.size()) line = line.substr(0, pos) + "…";
  return line;
}

// The project's page in the report, "" without a code (it has no page).
std::string ProjectPageLink(std::string root, const std::string& code) {
  if (code.empty()) return "";
  while (root.ends_with('/')) root.pop_back();
  return (root.empty() ? "" : root + "/") + ProjectPagePath(code);
}

bool Matches(const AlertSubscription& subscription, const std::string& buyer, const std::string& domain) {
  const auto listed = [](const std::vector<std::string>& list, const std::string& value) {
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
  };
  return listed(subscription.buyers, buyer) && listed(subscription.domains, domain);
}

AlertMessage Message(const AlertSubscription& subscription, std::string event_key, std::string_view subject,
                     std::string text, const Json& json) {
  return {subscription.name, subscription.channel, std::move(event_key), Subject(subject), std::move(text),
          // Scraped text should be UTF-8 already; a stray invalid byte becomes U+FFFD rather than losing the message.
          json.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace)};
}

std::string Plural(std::size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// The closing line: whose message this is, and where the whole report is.
std::string Footer(const AlertSubscription& subscription, const AlertInput& input) {
  std::string footer = "\n-- \ngapwatch, subscription \"" + OneLine(subscription.name) + "\"";
  if (!input.report_root.empty()) {
    std::string root = input.report_root;
    while (root.ends_with('/')) root.pop_back();
    footer += "; the report: " + OneLine(root) + "/index.html";
  }
  return footer + "\n";
}

// The findings that the check opened or reopened, each with that event, in the order of input.findings.
using Openings = std::vector<std::pair<const Finding*, std::string>>;

Openings CheckOpenings(const AlertInput& input) {
  Openings openings;
  // Events of run 0 predate run ids (migrated): they belong to no check.
  if (input.check_run_id == 0) return openings;
  std::map<std::string, std::string> events;
  for (const FindingEvent& event : input.events) {
    if (event.run_id == input.check_run_id && (event.event == "opened" || event.event == "reopened")) {
      events[event.finding_id] = event.event;
    }
  }
  for (const Finding& finding : input.findings) {
    const auto event = events.find(finding.id);
    if (event != events.end()) openings.emplace_back(&finding, event->second);
  }
  return openings;
}

std::optional<AlertMessage> NewFindingsMessage(const AlertSubscription& subscription, const AlertInput& input,
                                               const Openings& openings) {
  std::ostringstream text;
  Json findings = Json::array();
  std::string only;  // what the subject says of a single finding
  std::size_t total = 0;
  for (const auto& [finding, event] : openings) {
    if (!Matches(subscription, finding->buyer, finding->domain)) continue;
    if (++total > kMostFindingsInAMessage) continue;  // counted, not listed
    const std::string page = ProjectPageLink(input.report_root, finding->project_code);
    text << "\n"
         << findings.size() + 1 << ". " << OneLine(finding->kind) << " (" << OneLine(finding->severity) << ", " << event
         << ")\n";
    text << "   Buyer (采购人): " << OneLine(finding->buyer) << "\n";
    text << "   Project (项目): " << OneLine(finding->project_code) << " " << OneLine(finding->project_title) << "\n";
    if (finding->due) {
      text << "   Due (应公开): " << OneLine(*finding->due) << ", " << finding->overdue_working_days
           << " working days overdue (逾期工作日)\n";
    }
    text << "   Rule (依据): " << OneLine(finding->rule_id) << ", " << OneLine(finding->rule_source) << " (confidence "
         << OneLine(finding->confidence) << ")\n";
    for (const Evidence& evidence : finding->evidence) {
      text << "   Evidence (证据): " << OneLine(evidence.url) << " (captured " << OneLine(evidence.captured_at)
           << ", sha256 " << OneLine(evidence.sha256) << ")\n";
    }
    if (!page.empty()) text << "   Page (项目页): " << OneLine(page) << "\n";
    Json item = FindingJson(*finding);
    item["event"] = event;
    item["page"] = page.empty() ? Json(nullptr) : Json(page);
    findings.push_back(std::move(item));
    only = ": " + finding->kind + ", " + finding->buyer + ", " + finding->project_title;
  }
  if (total == 0) return std::nullopt;
  if (total > findings.size()) {
    text << "\n... and " << total - findings.size() << " more (还有 " << total - findings.size()
         << " 项): every finding is in the report's gaps.csv and gaps.json\n";
  }
  const std::string count = Plural(total, "new finding");
  const std::string subject = "gapwatch: " + count + " as of " + input.as_of + (total == 1 ? only : "");
  const std::string body = "gapwatch: " + count + " (新发现) as of " + OneLine(input.as_of) + "\n" + text.str() +
                           Footer(subscription, input);
  const Json json = {
      {"subscription", subscription.name},  {"event", "new_findings"}, {"as_of", input.as_of},
      {"check_run_id", input.check_run_id}, {"total", total},          {"findings", std::move(findings)}};
  return Message(subscription, "new_findings/run-" + std::to_string(input.check_run_id), subject, body, json);
}

std::optional<AlertMessage> DueSoonMessage(const AlertSubscription& subscription, const AlertInput& input) {
  std::ostringstream text;
  Json deadlines = Json::array();
  for (const UpcomingDeadline& deadline : input.upcoming) {
    if (deadline.working_days_left > subscription.within_working_days ||
        !Matches(subscription, deadline.buyer, deadline.domain)) {
      continue;
    }
    const std::string page = ProjectPageLink(input.report_root, deadline.project_code);
    text << "\n"
         << deadlines.size() + 1 << ". " << OneLine(deadline.expected_notice) << " due (应公开) "
         << deadline.due.ToString() << ", " << Plural(deadline.working_days_left, "working day") << " left\n";
    text << "   Buyer (采购人): " << OneLine(deadline.buyer) << "\n";
    text << "   Project (项目): " << OneLine(deadline.project_code) << " " << OneLine(deadline.project_title) << "\n";
    text << "   Rule (依据): " << OneLine(deadline.rule_id) << ", " << OneLine(deadline.rule_source) << "; "
         << OneLine(deadline.clock) << "\n";
    if (!deadline.url.empty()) text << "   Latest notice (最新公告): " << OneLine(deadline.url) << "\n";
    if (!page.empty()) text << "   Page (项目页): " << OneLine(page) << "\n";
    deadlines.push_back({{"buyer", deadline.buyer},
                         {"domain", deadline.domain},
                         {"project_code", deadline.project_code},
                         {"project_title", deadline.project_title},
                         {"expected_notice", deadline.expected_notice},
                         {"due", deadline.due.ToString()},
                         {"working_days_left", deadline.working_days_left},
                         {"rule", {{"id", deadline.rule_id}, {"source", deadline.rule_source}}},
                         {"clock", deadline.clock},
                         {"url", deadline.url},
                         {"page", page.empty() ? Json(nullptr) : Json(page)}});
  }
  if (deadlines.empty()) return std::nullopt;
  const std::string summary = Plural(deadlines.size(), "deadline") + " due within " +
                              Plural(subscription.within_working_days, "working day") + " as of " + input.as_of;
  const std::string body =
      "gapwatch: " + OneLine(summary) + " (即将到期的公开期限)\n" + text.str() + Footer(subscription, input);
  const Json json = {{"subscription", subscription.name},
                     {"event", "due_soon"},
                     {"as_of", input.as_of},
                     {"within_working_days", subscription.within_working_days},
                     {"deadlines", std::move(deadlines)}};
  return Message(subscription, "due_soon/" + input.as_of, "gapwatch: " + summary, body, json);
}

void SiteHealthMessages(const AlertSubscription& subscription, const AlertInput& input,
                        std::vector<AlertMessage>& messages) {
  for (const SiteHealthState& state : input.health) {
    const std::string site = OneLine(state.site);
    if (!state.recovered_from.empty()) {
      const std::string summary = "site " + site + " recovered" +
                                  (state.recovered_at.empty() ? "" : " at " + OneLine(state.recovered_at)) +
                                  " (unhealthy since " + OneLine(state.recovered_from) + ")";
      const Json json = {{"subscription", subscription.name},
                         {"event", "site_health"},
                         {"as_of", input.as_of},
                         {"site", state.site},
                         {"state", "recovered"},
                         {"since", state.recovered_from},
                         {"recovered_at", state.recovered_at}};
      messages.push_back(Message(
          subscription, "site_health/" + state.site + "/recovered/" + state.recovered_from, "gapwatch: " + summary,
          "gapwatch: " + summary + ": its crawls reach everything again.\n" + Footer(subscription, input), json));
    }
    if (!state.unhealthy_since.empty()) {
      const std::string summary = "site " + site + " unhealthy since " + OneLine(state.unhealthy_since) + ", " +
                                  Plural(state.failed_crawls, "failed crawl") + " in a row";
      const Json json = {{"subscription", subscription.name},
                         {"event", "site_health"},
                         {"as_of", input.as_of},
                         {"site", state.site},
                         {"state", "unhealthy"},
                         {"since", state.unhealthy_since},
                         {"failed_crawls", state.failed_crawls}};
      messages.push_back(Message(subscription, "site_health/" + state.site + "/unhealthy/" + state.unhealthy_since,
                                 "gapwatch: " + summary,
                                 "gapwatch: " + summary +
                                     ".\nUntil its crawls are complete again, findings about its notices may be "
                                     "missing or stale (站点抓取不完整).\n" +
                                     Footer(subscription, input),
                                 json));
    }
  }
}

}  // namespace

int DueSoonWindow(const AlertsConfig& config) {
  int window = 0;
  for (const AlertSubscription& subscription : config.subscriptions) {
    if (subscription.events == AlertSubscription::Events::kDueSoon) {
      window = std::max(window, subscription.within_working_days);
    }
  }
  return window;
}

std::vector<AlertMessage> AlertMessages(const AlertsConfig& config, const AlertInput& input) {
  const Openings openings = CheckOpenings(input);
  std::vector<AlertMessage> messages;
  for (const AlertSubscription& subscription : config.subscriptions) {
    switch (subscription.events) {
      case AlertSubscription::Events::kNewFindings:
        if (auto message = NewFindingsMessage(subscription, input, openings)) messages.push_back(std::move(*message));
        break;
      case AlertSubscription::Events::kDueSoon:
        if (auto message = DueSoonMessage(subscription, input)) messages.push_back(std::move(*message));
        break;
      case AlertSubscription::Events::kSiteHealth:
        SiteHealthMessages(subscription, input, messages);
        break;
    }
  }
  return messages;
}

}  // namespace gapwatch
