#include "sim/faults.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <deque>
#include <memory>
#include <mutex>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "sim/random.h"

namespace gapwatch::sim {
namespace {

using Clock = std::chrono::steady_clock;

enum class Kind { kError, kSlow, kTruncate, kCharset, kRedirectLoop, kOversize };

struct RateKind {
  Kind kind;
  std::string_view name;
  double FaultSpec::*rate;
  double default_rate;  // when the item gives none
};

// Also the order in which one draw per request is split between the kinds:
// changing it changes which requests fail for a given seed.
constexpr RateKind kRateKinds[] = {
    {Kind::kError, "error", &FaultSpec::error, 0.02},
    {Kind::kSlow, "slow", &FaultSpec::slow, 0.005},
    {Kind::kTruncate, "truncate", &FaultSpec::truncate, 0.005},
    {Kind::kCharset, "charset", &FaultSpec::charset, 0.01},
    {Kind::kRedirectLoop, "redirect-loop", &FaultSpec::redirect_loop, 0.005},
    {Kind::kOversize, "oversize", &FaultSpec::oversize, 0.002},
};
constexpr char kKindList[] = "default, error, slow, throttle, truncate, charset, redirect-loop, robots, oversize";
constexpr std::chrono::milliseconds kDefaultSlowDelay{2000};
constexpr std::size_t kDefaultOversizeBytes = 25u << 20;
constexpr int kDefaultThrottle = 50;
constexpr std::string_view kLoopParam = "_redirect=";

// ---- parsing ----

// A non-negative integer followed by one of `units` (name, multiplier); false
// when the text is not that.
bool ParseAmount(std::string_view text, std::initializer_list<std::pair<std::string_view, uint64_t>> units,
                 uint64_t* out) {
  uint64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end == text.data()) return false;
  const std::string_view unit(end, static_cast<size_t>(text.data() + text.size() - end));
  for (const auto& [name, multiplier] : units) {
    if (unit == name && number <= UINT64_MAX / multiplier) {
      *out = number * multiplier;
      return true;
    }
  }
  return false;
}

bool ParseRate(std::string_view text, double* rate) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *rate);
  return error == std::errc() && end == text.data() + text.size() && *rate >= 0 && *rate <= 1;  // also refuses nan
}

// Applies one ITEM to *spec; false with the reason in *error.
bool ParseItem(std::string_view item, FaultSpec* spec, std::string* error) {
  const size_t eq = item.find('=');
  const std::string_view kind = item.substr(0, eq);
  const bool has_value = eq != std::string_view::npos;
  const std::string_view value = has_value ? item.substr(eq + 1) : std::string_view();
  const std::string quoted = "'" + std::string(item) + "'";
  if (kind.empty()) {
    *error = "empty item " + quoted;
    return false;
  }
  if ((kind == "default" || kind == "robots") && has_value) {
    *error = std::string(kind) + " takes no value, in " + quoted;
    return false;
  }
  if (kind == "default") {
    spec->error = 0.02;
    spec->throttle_per_second = kDefaultThrottle;
    spec->slow = 0.005;
    spec->slow_delay = kDefaultSlowDelay;
    spec->truncate = 0.005;
    spec->robots = true;
    return true;
  }
  if (kind == "robots") {
    spec->robots = true;
    return true;
  }
  if (kind == "throttle") {
    uint64_t per_second = kDefaultThrottle;
    if (has_value && (!ParseAmount(value, {{"/s", 1}}, &per_second) || per_second < 1 || per_second > 1000000)) {
      *error = "bad throttle " + quoted + ": want throttle=N/s with N from 1 to 1000000";
      return false;
    }
    spec->throttle_per_second = static_cast<int>(per_second);
    return true;
  }
  for (const RateKind& rate_kind : kRateKinds) {
    if (kind != rate_kind.name) continue;
    const size_t colon = value.find(':');
    const std::string_view rate_text = value.substr(0, colon);
    const std::string_view amount = colon == std::string_view::npos ? std::string_view() : value.substr(colon + 1);
    double rate = rate_kind.default_rate;
    if (has_value && !ParseRate(rate_text, &rate)) {
      *error = "bad rate '" + std::string(rate_text) + "' in " + quoted + ": want a probability from 0 to 1";
      return false;
    }
    uint64_t number = 0;
    if (rate_kind.kind == Kind::kSlow) {
      spec->slow_delay = kDefaultSlowDelay;
      if (!amount.empty()) {
        if (!ParseAmount(amount, {{"ms", 1}, {"s", 1000}}, &number) || number < 1 || number > 3600 * 1000) {
          *error = "bad delay '" + std::string(amount) + "' in " + quoted + ": want e.g. 500ms or 3s, up to 3600s";
          return false;
        }
        spec->slow_delay = std::chrono::milliseconds(number);
      }
    } else if (rate_kind.kind == Kind::kOversize) {
      spec->oversize_bytes = kDefaultOversizeBytes;
      if (!amount.empty()) {
        if (!ParseAmount(amount, {{"B", 1}, {"KiB", 1u << 10}, {"MiB", 1u << 20}}, &number) || number < 1 ||
            number > (1u << 30)) {
          *error = "bad size '" + std::string(amount) + "' in " + quoted + ": want e.g. 25MiB, up to 1024MiB";
          return false;
        }
        spec->oversize_bytes = number;
      }
    } else if (colon != std::string_view::npos) {
      *error = std::string(kind) + " takes only a rate, in " + quoted;
      return false;
    }
    spec->*rate_kind.rate = rate;
    return true;
  }
  *error = "unknown fault kind '" + std::string(kind) + "' in " + quoted + " (kinds: " + kKindList + ")";
  return false;
}

double RateSum(const FaultSpec& spec) {
  double sum = 0;
  for (const RateKind& rate_kind : kRateKinds) sum += spec.*rate_kind.rate;
  return sum;
}

// ---- injection ----

uint64_t Mix(uint64_t value) { return Random(value).Next(); }

uint64_t Fnv1a(uint64_t hash, std::string_view bytes) {
  for (const unsigned char c : bytes) hash = (hash ^ c) * 0x100000001b3ULL;
  return (hash ^ 0xff) * 0x100000001b3ULL;  // a separator, so that ("ab","c") and ("a","bc") differ
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

HttpReply NginxPage(int status, std::string_view reason) {
  const std::string title = std::to_string(status) + " " + std::string(reason);
  return {status, "text/html",
          "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
              "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"};
}

HttpReply Redirect(std::string location) {
  HttpReply reply = NginxPage(302, "Found");
  reply.headers.emplace_back("Location", std::move(location));
  reply.fault = "redirect-loop";
  return reply;
}

// Strict UTF-8: no overlong forms, surrogates or code points past U+10FFFF.
bool IsUtf8(std::string_view text) {
  constexpr uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t more;
    uint32_t code;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      more = 1, code = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
      more = 2, code = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
      more = 3, code = lead & 0x07u;
    } else {
      return false;
    }
    if (text.size() - i <= more) return false;
    for (size_t k = 1; k <= more; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3Fu);
    }
    if (code < kSmallest[more] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += more + 1;
  }
  return true;
}

// Claims the wrong charset for a text body that is not plain ASCII; false
// (nothing changed) when any charset would be right or the body is not text.
bool MisstateCharset(HttpReply* reply) {
  const std::string type = Lower(reply->content_type);
  if (!type.starts_with("text/") && type.find("json") == std::string::npos) return false;
  bool ascii = true;
  for (const unsigned char c : reply->body) ascii = ascii && c < 0x80;
  if (ascii) return false;
  const std::string wrong = IsUtf8(reply->body) ? "GBK" : "UTF-8";
  const size_t at = type.find("charset=");
  if (at == std::string::npos) {
    reply->content_type += ";charset=" + wrong;
  } else {
    const size_t end = std::min(type.find(';', at), type.size());
    reply->content_type.replace(at + 8, end - at - 8, wrong);
  }
  return true;
}

// Pads a 200 HTML or JSON page with trailing whitespace, which keeps both valid.
bool Oversize(HttpReply* reply, size_t size) {
  const std::string type = Lower(reply->content_type);
  if (reply->status != 200 || reply->body.size() >= size ||
      (type.find("html") == std::string::npos && type.find("json") == std::string::npos)) {
    return false;
  }
  reply->body.append(size - reply->body.size(), ' ');
  return true;
}

// Inserts the disallow right after the first "User-agent: *" line, so that
// even a parser that reads only the first group obeys it; a site without a
// robots.txt gets one.
void DisallowInRobots(HttpReply* reply) {
  const std::string line = std::string("Disallow: ") + kRobotsDisallowed + "\n";
  constexpr std::string_view kAllAgents = "User-agent: *\n";
  const size_t group = reply->body.find(kAllAgents);
  if (reply->status != 200) {
    *reply = {200, "text/plain", std::string(kAllAgents) + line};
  } else if (group != std::string::npos && (group == 0 || reply->body[group - 1] == '\n')) {
    reply->body.insert(group + kAllAgents.size(), line);
  } else {
    if (!reply->body.empty() && !reply->body.ends_with('\n')) reply->body += '\n';
    reply->body += "\n" + std::string(kAllAgents) + line;
  }
  reply->fault = "robots";
}

class Injector {
 public:
  Injector(const FaultSpec& spec, uint64_t seed, const std::string& site, HttpHandler site_handler)
      : spec_(spec), seed_(seed), site_(site), site_handler_(std::move(site_handler)) {}

  HttpReply Handle(const HttpRequest& request) {
    if (request.target == "/robots.txt" || request.target.starts_with("/robots.txt?")) {
      HttpReply reply = site_handler_(request);
      if (spec_.robots) DisallowInRobots(&reply);
      return reply;
    }
    if (spec_.throttle_per_second > 0 && Throttled(request.client)) {
      HttpReply reply = NginxPage(429, "Too Many Requests");
      reply.headers.emplace_back("Retry-After", "1");  // the window is one second
      reply.fault = "throttle";
      return reply;
    }
    if (spec_.redirect_loop > 0) {
      if (std::optional<std::string> next = NextInLoop(request.target)) return Redirect(*next);
    }
    const auto [drawn, more] = Draw(request);
    if (!drawn) return site_handler_(request);
    const Kind kind = drawn->kind;
    const bool bodiless = request.method == "HEAD";
    if (kind == Kind::kError) {
      constexpr std::pair<int, std::string_view> kErrors[] = {
          {500, "Internal Server Error"}, {502, "Bad Gateway"}, {503, "Service Temporarily Unavailable"}};
      const auto& [status, reason] = kErrors[more % 3];
      HttpReply reply = NginxPage(status, reason);
      reply.fault = "error";
      return reply;
    }
    if (kind == Kind::kRedirectLoop && (bodiless || request.method == "GET")) {
      return Redirect(request.target + (request.target.find('?') == std::string::npos ? "?" : "&") +
                      std::string(kLoopParam) + "1");
    }
    HttpReply reply = site_handler_(request);
    bool applied = false;
    if (kind == Kind::kSlow) {
      reply.delay = spec_.slow_delay;
      applied = true;
    } else if (kind == Kind::kTruncate && !bodiless && reply.body.size() >= 2) {
      reply.sent_body_bytes = reply.body.size() / 2;
      applied = true;
    } else if (kind == Kind::kCharset) {
      applied = MisstateCharset(&reply);
    } else if (kind == Kind::kOversize) {
      applied = Oversize(&reply, spec_.oversize_bytes);
    }
    if (applied) reply.fault = drawn->name;
    return reply;
  }

 private:
  // True when the client's host has had throttle_per_second requests let
  // through in the last second; otherwise counts this one.
  bool Throttled(const std::string& client) {
    const std::string host = client.substr(0, client.rfind(':'));
    const Clock::time_point now = Clock::now();
    std::lock_guard lock(mutex_);
    std::deque<Clock::time_point>& recent = recent_[host];
    while (!recent.empty() && now - recent.front() >= std::chrono::seconds(1)) recent.pop_front();
    if (recent.size() >= static_cast<size_t>(spec_.throttle_per_second)) return true;
    recent.push_back(now);
    return false;
  }

  // The loop: TARGET?_redirect=1 → TARGET?_redirect=2 → TARGET?_redirect=1 …
  // (made-up URLs that hold nothing), entered from TARGET by a redirect-loop draw.
  static std::optional<std::string> NextInLoop(const std::string& target) {
    const size_t at = target.rfind(kLoopParam);
    if (at == std::string::npos || at == 0 || (target[at - 1] != '?' && target[at - 1] != '&') ||
        target.size() != at + kLoopParam.size() + 1 || (target.back() != '1' && target.back() != '2')) {
      return std::nullopt;
    }
    return target.substr(0, target.size() - 1) + (target.back() == '1' ? "2" : "1");
  }

  // One draw, from the seed, the site, the request and how often that same
  // request was drawn for before: the fault (null for none), and more bits
  // for its details.
  std::pair<const RateKind*, uint64_t> Draw(const HttpRequest& request) {
    uint64_t key = 0xcbf29ce484222325ULL;
    for (const std::string* part : {&site_, &request.method, &request.target, &request.body}) key = Fnv1a(key, *part);
    uint64_t attempt;
    {
      std::lock_guard lock(mutex_);
      attempt = attempts_[key]++;
    }
    const uint64_t bits = Mix(seed_ ^ Mix(key + Mix(attempt)));
    const double draw = static_cast<double>(bits >> 11) * 0x1.0p-53;  // uniform in [0, 1)
    double bound = 0;
    for (const RateKind& rate_kind : kRateKinds) {
      bound += spec_.*rate_kind.rate;
      if (draw < bound) return {&rate_kind, Mix(bits)};
    }
    return {nullptr, 0};
  }

  const FaultSpec spec_;
  const uint64_t seed_;
  const std::string site_;
  const HttpHandler site_handler_;
  std::mutex mutex_;                                                       // guards the two maps
  std::unordered_map<uint64_t, uint64_t> attempts_;                        // request key → draws so far
  std::unordered_map<std::string, std::deque<Clock::time_point>> recent_;  // client host → requests let through
};

}  // namespace

bool FaultSpec::any() const { return RateSum(*this) > 0 || throttle_per_second > 0 || robots; }

std::optional<FaultSpec> ParseFaultSpec(std::string_view text, std::string* error) {
  FaultSpec spec;
  if (text.empty()) return spec;
  for (size_t start = 0;;) {
    const size_t comma = text.find(',', start);
    if (!ParseItem(text.substr(start, comma - start), &spec, error)) return std::nullopt;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  const double sum = RateSum(spec);
  if (sum > 1 + 1e-9) {
    std::ostringstream message;
    message << "the rates of '" << text << "' add up to " << sum << ", more than 1";
    *error = message.str();
    return std::nullopt;
  }
  return spec;
}

HttpHandler WithFaults(const FaultSpec& spec, uint64_t seed, const std::string& site, HttpHandler site_handler) {
  if (!spec.any()) return site_handler;
  auto injector = std::make_shared<Injector>(spec, seed, site, std::move(site_handler));
  return [injector](const HttpRequest& request) { return injector->Handle(request); };
}

}  // namespace gapwatch::sim
