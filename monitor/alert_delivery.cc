#include "monitor/alert_delivery.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "monitor/checker.h"

namespace gapwatch {
namespace {

using Easy = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using HeaderList = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

Easy NewEasy() {
  static const bool initialised = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  return Easy(initialised ? curl_easy_init() : nullptr, &curl_easy_cleanup);
}

// Appends `line` to `list`; false when out of memory (the list is kept).
bool Append(HeaderList& list, const std::string& line) {
  curl_slist* longer = curl_slist_append(list.get(), line.c_str());
  if (!longer) return false;
  list.release();
  list.reset(longer);
  return true;
}

// `url` as an error may show it: scheme, host, port and path, without the
// user, password, query or fragment that may hold a secret. Its scheme is
// put in `scheme` ("" when `url` is not a URL).
std::string ShownUrl(const std::string& url, std::string& scheme) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), &curl_url_cleanup);
  scheme.clear();
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return "(not a URL)";
  auto part = [&](CURLUPart which) {
    char* text = nullptr;
    if (curl_url_get(parsed.get(), which, &text, 0) != CURLUE_OK) return std::string();
    std::string value(text);
    curl_free(text);
    return value;
  };
  scheme = part(CURLUPART_SCHEME);
  const std::string port = part(CURLUPART_PORT);
  const std::string path = part(CURLUPART_PATH);
  return scheme + "://" + part(CURLUPART_HOST) + (port.empty() ? "" : ":" + port) + (path == "/" ? "" : path);
}

// The value of the environment variable `name`, or nullopt with `error` naming it.
std::optional<std::string> Secret(const std::string& name, std::string& error) {
  const char* value = std::getenv(name.c_str());
  if (!value || !*value) {
    error = "the environment variable " + name + " is not set";
    return std::nullopt;
  }
  if (std::string_view(value).find_first_of("\r\n") != std::string_view::npos) {
    error = "the environment variable " + name + " holds a line break";
    return std::nullopt;
  }
  return std::string(value);
}

// `text` with every occurrence of each secret replaced: whatever a server
// answers, and whatever a libcurl version puts of it into its error message.
std::string Redacted(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

std::string Base64(std::string_view bytes) {
  std::string encoded(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int length =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  encoded.resize(static_cast<std::size_t>(length));
  return encoded;
}

// A header value as visible ASCII: other bytes, and '%', as %XX.
std::string PercentEncoded(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const unsigned char byte : value) {
    if (byte > 0x20 && byte < 0x7f && byte != '%') {
      encoded += static_cast<char>(byte);
    } else {
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 15];
    }
  }
  return encoded;
}

// The subject as RFC 2047 encoded words of UTF-8, folded: a scraped title
// cannot end the header, whatever it holds (a control character becomes a
// space). Each word holds at most 45 bytes (60 of base64, under the limit of
// 75 characters a word), never cutting a character.
std::string EncodedSubject(std::string_view subject) {
  std::string line(subject);
  for (char& byte : line) {
    if (static_cast<unsigned char>(byte) < 0x20 || byte == 0x7f) byte = ' ';
  }
  std::string encoded;
  std::size_t at = 0;
  do {
    std::size_t end = std::min(line.size(), at + 45);
    while (end > at && end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
    if (end == at) end = std::min(line.size(), at + 45);  // not UTF-8: cut anyway
    encoded += (at == 0 ? "" : "\r\n ") + std::string("=?UTF-8?B?") + Base64(line.substr(at, end - at)) + "?=";
    at = end;
  } while (at < line.size());
  return encoded;
}

// RFC 5322's date-time of `at`, in UTC.
std::string MailDate(std::time_t at) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm utc{};
  gmtime_r(&at, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday], utc.tm_mday,
                kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return text;
}

// An address as configured (LoadAlertsConfig checks it), for the envelope and
// the headers as it is: nothing that could end a header or a command, or add a recipient.
bool PlainAddress(const std::string& address) {
  return !address.empty() && std::none_of(address.begin(), address.end(), [](char byte) {
    const auto code = static_cast<unsigned char>(byte);
    return code <= 0x20 || code == 0x7f || byte == '<' || byte == '>' || byte == ',';
  });
}

// The whole message, lines ending in CRLF: headers, then the text in base64.
std::string MailMessage(const AlertChannel& channel, const AlertMessage& message) {
  std::string to;
  for (const std::string& address : channel.to) to += (to.empty() ? "" : ", ") + address;
  std::string text;
  for (const char byte : message.text) {
    if (byte == '\r') continue;
    text += byte == '\n' ? "\r\n" : std::string(1, byte);
  }
  std::string body;
  const std::string encoded = Base64(text);
  for (std::size_t at = 0; at < encoded.size(); at += 76) body += encoded.substr(at, 76) + "\r\n";
  return "From: " + channel.from + "\r\nTo: " + to + "\r\nSubject: " + EncodedSubject(message.subject) +
         "\r\nDate: " + MailDate(std::time(nullptr)) + "\r\nMessage-ID: <" +
         Sha256Hex(message.subscription + '\x1f' + message.event_key, 32) +
         "@gapwatch>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n" +
         body;
}

struct Upload {
  std::string_view remaining;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t length = std::min(size * count, upload->remaining.size());
  std::copy_n(upload->remaining.data(), length, buffer);
  upload->remaining.remove_prefix(length);
  return length;
}

size_t DiscardBody(char*, size_t size, size_t count, void*) { return size * count; }

// The options every attempt has: the URL, its schemes only, the bound on its time, the CA bundle.
void SetCommonOptions(CURL* curl, const AlertChannel& channel, const char* schemes, char* error_buffer) {
  curl_easy_setopt(curl, CURLOPT_URL, channel.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, schemes);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(channel.timeout_s));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(channel.timeout_s));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  if (!channel.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, channel.ca_file.c_str());
}

// What went wrong in a transfer that returned `code`.
std::string CurlError(CURLcode code, const char* error_buffer) {
  return *error_buffer ? std::string(error_buffer) : std::string(curl_easy_strerror(code));
}

// One attempt; "" when sent, else why not (secrets not yet redacted).
std::string PostWebhook(const AlertChannel& channel, const AlertMessage& message, std::vector<std::string>& secrets) {
  HeaderList headers(nullptr, &curl_slist_free_all);
  std::string error;
  if (!channel.token_env.empty()) {
    const std::optional<std::string> token = Secret(channel.token_env, error);
    if (!token) return error;
    secrets.push_back(*token);
    if (!Append(headers, "Authorization: Bearer " + *token)) return "out of memory";
  }
  if (!Append(headers, "Content-Type: application/json; charset=utf-8") ||
      !Append(headers, "X-Gapwatch-Subscription: " + PercentEncoded(message.subscription)) ||
      !Append(headers, "X-Gapwatch-Event: " + PercentEncoded(message.event_key)) || !Append(headers, "Expect:")) {
    return "out of memory";
  }
  Easy curl = NewEasy();
  if (!curl) return "libcurl could not be initialised";
  char error_buffer[CURL_ERROR_SIZE] = "";
  SetCommonOptions(curl.get(), channel, "http,https", error_buffer);
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "gapwatch-alerts");
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl.get(), CURLOPT_POST, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, message.json.data());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(message.json.size()));
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, DiscardBody);
  if (const CURLcode code = curl_easy_perform(curl.get()); code != CURLE_OK) return CurlError(code, error_buffer);
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) return "HTTP " + std::to_string(status);
  return "";
}

std::string SendMail(const AlertChannel& channel, const AlertMessage& message, std::vector<std::string>& secrets) {
  if (!PlainAddress(channel.from)) return "the from address is not a plain address";
  if (channel.to.empty()) return "no address to send to";
  HeaderList recipients(nullptr, &curl_slist_free_all);
  for (const std::string& address : channel.to) {
    if (!PlainAddress(address)) return "a to address is not a plain address";
    if (!Append(recipients, "<" + address + ">")) return "out of memory";
  }
  std::optional<std::string> password;
  if (!channel.password_env.empty()) {
    std::string error;
    password = Secret(channel.password_env, error);
    if (!password) return error;
    secrets.push_back(*password);
  }
  Easy curl = NewEasy();
  if (!curl) return "libcurl could not be initialised";
  char error_buffer[CURL_ERROR_SIZE] = "";
  SetCommonOptions(curl.get(), channel, "smtp,smtps", error_buffer);
  // smtps:// is TLS from its first byte whatever this says; smtp:// must upgrade unless told not to.
  curl_easy_setopt(curl.get(), CURLOPT_USE_SSL,
                   static_cast<long>(channel.require_tls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
  if (!channel.username.empty()) curl_easy_setopt(curl.get(), CURLOPT_USERNAME, channel.username.c_str());
  if (password) curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, password->c_str());
  const std::string from = "<" + channel.from + ">";
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients.get());
  const std::string mail = MailMessage(channel, message);
  Upload upload{mail};
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mail.size()));
  if (const CURLcode code = curl_easy_perform(curl.get()); code != CURLE_OK) return CurlError(code, error_buffer);
  return "";
}

}  // namespace

SendResult SendAlert(const AlertChannel& channel, const AlertMessage& message) {
  std::string scheme;
  const std::string shown_url = ShownUrl(channel.url, scheme);
  const bool webhook = channel.type == AlertChannel::Type::kWebhook;
  const std::string where = "channel '" + channel.name + "' (" + (webhook ? "POST " : "") + shown_url + "): ";
  std::string error;
  std::vector<std::string> secrets;
  if (webhook && scheme != "http" && scheme != "https") {
    error = "a webhook's URL must be http:// or https://";
  } else if (!webhook && scheme != "smtp" && scheme != "smtps") {
    error = "an e-mail channel's URL must be smtp:// or smtps://";
  } else {
    error = webhook ? PostWebhook(channel, message, secrets) : SendMail(channel, message, secrets);
  }
  if (error.empty()) return {true, ""};
  return {false, Redacted(where + error, secrets)};
}

int EnqueueAlerts(Store& store, const std::vector<AlertMessage>& messages, long long now) {
  Store::Transaction transaction(store);
  int queued = 0;
  for (const AlertMessage& message : messages) {
    AlertRecord alert;
    alert.subscription = message.subscription;
    alert.event_key = message.event_key;
    alert.channel = message.channel;
    alert.subject = message.subject;
    alert.text = message.text;
    alert.json = message.json;
    alert.created_at = now;
    queued += store.EnqueueAlert(alert) ? 1 : 0;
  }
  transaction.Commit();
  return queued;
}

std::optional<long long> RetryDelay(int failed_attempts) {
  if (failed_attempts >= kMaxAlertAttempts) return std::nullopt;
  constexpr long long kFirst = 60;
  constexpr long long kLongest = 6 * 60 * 60;
  const int doublings = std::clamp(failed_attempts - 1, 0, 20);  // 60 s << 20 is far past the cap
  return std::min(kLongest, kFirst << doublings);
}

DeliveryCounts DeliverDueAlerts(Store& store, const AlertsConfig& config, long long now, std::ostream& log) {
  DeliveryCounts counts;
  std::map<std::string, int> unconfigured;  // channel name -> alerts waiting for it
  std::set<std::string> failing;            // channels that failed an attempt in this call
  for (const AlertRecord& alert : store.AlertsDue(now)) {
    const AlertChannel* channel = config.Find(alert.channel);
    if (!channel) {
      ++unconfigured[alert.channel];
      continue;
    }
    if (failing.contains(channel->name)) {
      ++counts.deferred;
      continue;
    }
    // A minute past the attempt's bound: a deliverer killed mid-attempt delays it that long.
    if (!store.ClaimAlert(alert.id, alert.next_attempt_at, now + channel->timeout_s + 60)) continue;
    const AlertMessage message{alert.subscription, alert.channel, alert.event_key,
                               alert.subject,      alert.text,    alert.json};
    const SendResult result = SendAlert(*channel, message);
    const int attempts = alert.attempts + 1;
    const std::string what = "alert " + std::to_string(alert.id) + " of subscription '" + alert.subscription + "'";
    if (result.sent) {
      store.MarkAlertSent(alert.id, now);
      ++counts.sent;
      log << what << ": sent to channel '" << channel->name << "'\n";
      continue;
    }
    failing.insert(channel->name);
    const std::optional<long long> delay = RetryDelay(attempts);
    store.MarkAlertFailed(alert.id, result.error, delay ? std::optional<long long>(now + *delay) : std::nullopt);
    if (delay) {
      ++counts.failed;
      log << what << ": attempt " << attempts << " failed, next in " << *delay << " s: " << result.error << '\n';
    } else {
      ++counts.abandoned;
      log << what << ": abandoned after " << attempts << " attempts: " << result.error << '\n';
    }
  }
  if (counts.deferred > 0) log << counts.deferred << " alert(s) left for later: their channel failed just now\n";
  for (const auto& [name, waiting] : unconfigured) {
    counts.waiting += waiting;
    log << waiting << " alert(s) wait for channel '" << name << "', which " << config.file << " does not define\n";
  }
  return counts;
}

}  // namespace gapwatch
