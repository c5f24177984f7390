// robots.txt per RFC 9309. RobotsRules::Parse reads a robots.txt body (only its
// first kMaxRobotsBytes, RFC 9309 §2.5; a UTF-8 BOM, CR/LF/CRLF line ends and
// `#` comments tolerated; lines without a colon and unknown keys ignored) and
// keeps the rules of the group(s) naming `product_token` (case-insensitive),
// else those of the `*` group(s), else none; groups naming the same agent are
// merged. Allowed() applies them to a URL's path and query: the longest
// matching pattern wins, `allow` wins a tie, `*` matches any run of octets and
// a final `$` anchors at the end; both sides are percent-normalised first
// (non-ASCII octets encoded, hex upper-cased, unreserved octets decoded, as
// RFC 9309 §2.2.2 asks), so `ツ`, `%E3%83%84` and `%e3%83%84` are one path
// while `%2F` and `/` stay different. Crawl-delay (not in the RFC) is read from
// the chosen group(s) and capped at kMaxCrawlDelayMs.
// Never throws: anything unreadable is ignored, as the RFC asks.
// Thread-safety: immutable after construction; share freely.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gapwatch {

inline constexpr size_t kMaxRobotsBytes = 500 * 1024;
inline constexpr int kMaxCrawlDelayMs = 30'000;

class RobotsRules {
 public:
  static RobotsRules Parse(std::string_view text, std::string_view product_token);
  static RobotsRules AllowAll();
  static RobotsRules DisallowAll();

  // `path_and_query` as sent on the request line ("/a/b?c=d"); "" means "/".
  bool Allowed(std::string_view path_and_query) const;
  std::optional<int> crawl_delay_ms() const { return crawl_delay_ms_; }

 private:
  struct Rule {
    bool allow;
    std::string pattern;  // percent-normalised
  };
  std::vector<Rule> rules_;
  std::optional<int> crawl_delay_ms_;
};

// The product token robots.txt groups are matched against: the leading run of
// letters, '-' and '_' of a User-Agent ("gapwatch" for "gapwatch/0.1 (+…)").
std::string RobotsProductToken(std::string_view user_agent);

}  // namespace gapwatch
