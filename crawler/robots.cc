#include "crawler/robots.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace gapwatch {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

bool IsHexDigit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return (c | 0x20) - 'a' + 10;
}

// RFC 3986 §2.3: these mean the same encoded or not; every other octet does not.
bool IsUnreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

void AppendEncoded(unsigned char octet, std::string& out) {
  out += '%';
  out += kHexDigits[octet >> 4];
  out += kHexDigits[octet & 15];
}

// One spelling per path, applied to patterns and URLs alike (RFC 9309 §2.2.2).
std::string NormalisePercentEncoding(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto octet = static_cast<unsigned char>(text[i]);
    if (octet == '%' && i + 2 < text.size() && IsHexDigit(text[i + 1]) && IsHexDigit(text[i + 2])) {
      const auto decoded = static_cast<unsigned char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      if (IsUnreserved(decoded)) {
        out += static_cast<char>(decoded);
      } else {
        AppendEncoded(decoded, out);
      }
      i += 2;
    } else if (octet <= 0x20 || octet >= 0x7F) {
      AppendEncoded(octet, out);
    } else {
      out += static_cast<char>(octet);
    }
  }
  return out;
}

// Whether `pattern` matches `path` from its start: '*' matches any run of
// octets, a final '$' requires the match to reach the end of the path.
bool PatternMatches(std::string_view pattern, std::string_view path) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  size_t star = pattern.find('*');
  const std::string_view first = pattern.substr(0, star);
  if (!path.starts_with(first)) return false;
  if (star == std::string_view::npos) return !anchored || path.size() == first.size();
  size_t at = first.size();
  // Between stars, the leftmost occurrence of each segment leaves the most room for the rest.
  while (true) {
    const size_t next_star = pattern.find('*', star + 1);
    const std::string_view segment = pattern.substr(star + 1, next_star - star - 1);
    if (next_star == std::string_view::npos) {
      if (!anchored) return path.find(segment, at) != std::string_view::npos;
      return path.size() >= at + segment.size() && path.ends_with(segment);
    }
    const size_t found = path.find(segment, at);
    if (found == std::string_view::npos) return false;
    at = found + segment.size();
    star = next_star;
  }
}

std::string_view Trim(std::string_view text) {
  const size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  return text.substr(start, text.find_last_not_of(" \t") - start + 1);
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? x | 0x20 : x) == (y >= 'A' && y <= 'Z' ? y | 0x20 : y);
         });
}

// Seconds, possibly fractional ("2", "0.5"); nullopt for anything else.
std::optional<int> ParseCrawlDelayMs(std::string_view value) {
  double seconds = 0;
  const auto [end, error] =
      std::from_chars(value.data(), value.data() + value.size(), seconds, std::chars_format::fixed);
  if (error != std::errc() || end != value.data() + value.size() || !std::isfinite(seconds) || seconds < 0) {
    return std::nullopt;
  }
  return static_cast<int>(std::lround(std::min(seconds * 1000, static_cast<double>(kMaxCrawlDelayMs))));
}

// The text to parse: at most kMaxRobotsBytes, without a line cut in two at
// the limit (a cut pattern would match more than its author meant), without
// a UTF-8 byte order mark (or the start of one, as Google's parser accepts).
std::string_view ReadableText(std::string_view text) {
  if (text.size() > kMaxRobotsBytes) {
    text = text.substr(0, kMaxRobotsBytes);
    const size_t last_line_end = text.find_last_of("\r\n");
    text = last_line_end == std::string_view::npos ? std::string_view() : text.substr(0, last_line_end + 1);
  }
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  size_t bom = 0;
  while (bom < kByteOrderMark.size() && bom < text.size() && text[bom] == kByteOrderMark[bom]) ++bom;
  return text.substr(bom);
}

}  // namespace

std::string RobotsProductToken(std::string_view user_agent) {
  const auto end = std::find_if_not(user_agent.begin(), user_agent.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
  });
  return std::string(user_agent.begin(), end);
}

RobotsRules RobotsRules::Parse(std::string_view text, std::string_view product_token) {
  // What the groups say, for us and for '*'; `named`: some group names that agent.
  struct Groups {
    bool named = false;
    RobotsRules robots;
  } ours, everyone;
  bool reading_agents = false;  // the previous record was a user-agent line
  bool group_is_ours = false, group_is_everyones = false;
  text = ReadableText(text);
  while (!text.empty()) {
    const size_t line_end = text.find_first_of("\r\n");
    std::string_view line = text.substr(0, line_end);
    text = line_end == std::string_view::npos ? std::string_view() : text.substr(line_end + 1);
    line = line.substr(0, line.find('#'));
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view key = Trim(line.substr(0, colon));
    const std::string_view value = Trim(line.substr(colon + 1));
    if (EqualsIgnoringCase(key, "user-agent")) {
      // A user-agent line after a group's rules starts the next group.
      if (!reading_agents) group_is_ours = group_is_everyones = false;
      reading_agents = true;
      if (value.starts_with('*') && (value.size() == 1 || value[1] == ' ' || value[1] == '\t')) {
        group_is_everyones = everyone.named = true;
      } else {
        const std::string agent = RobotsProductToken(value);
        if (!agent.empty() && EqualsIgnoringCase(agent, product_token)) group_is_ours = ours.named = true;
      }
      continue;
    }
    const bool allow = EqualsIgnoringCase(key, "allow");
    const bool crawl_delay = EqualsIgnoringCase(key, "crawl-delay");
    if (!allow && !crawl_delay && !EqualsIgnoringCase(key, "disallow")) continue;  // sitemap and the like
    reading_agents = false;
    for (Groups* group : {group_is_ours ? &ours : nullptr, group_is_everyones ? &everyone : nullptr}) {
      if (!group) continue;
      RobotsRules& robots = group->robots;
      if (crawl_delay) {
        const std::optional<int> delay_ms = ParseCrawlDelayMs(value);
        // Merged groups: the slowest pace any of them asks for.
        if (delay_ms) robots.crawl_delay_ms_ = std::max(robots.crawl_delay_ms_.value_or(0), *delay_ms);
      } else if (!value.empty()) {  // an empty rule matches nothing (an empty disallow allows all)
        robots.rules_.push_back({allow, NormalisePercentEncoding(value)});
      }
    }
  }
  return ours.named ? ours.robots : everyone.robots;
}

RobotsRules RobotsRules::AllowAll() { return RobotsRules(); }

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules robots;
  robots.rules_.push_back({false, "*"});
  return robots;
}

bool RobotsRules::Allowed(std::string_view path_and_query) const {
  const std::string path = NormalisePercentEncoding(path_and_query.empty() ? "/" : path_and_query);
  long longest_allow = -1, longest_disallow = -1;
  for (const Rule& rule : rules_) {
    if (!PatternMatches(rule.pattern, path)) continue;
    long& longest = rule.allow ? longest_allow : longest_disallow;
    longest = std::max(longest, static_cast<long>(rule.pattern.size()));
  }
  return longest_allow >= longest_disallow;
}

}  // namespace gapwatch
