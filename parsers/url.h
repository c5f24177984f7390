// Minimal URL handling for the crawler and the extractor (links in list
// pages): split an absolute http(s) URL into
// origin and path, and build query strings. Anything else
// (other schemes, userinfo, missing host) is rejected, not guessed at.
#pragma once
#include <map>
#include <optional>
#include <string>

namespace gapwatch {

struct Url {
  std::string scheme;          // http or https
  std::string host;            // lower case
  int port = 0;                // 0 = the scheme's default
  std::string path_and_query;  // starts with '/' (or empty)
  std::string Origin() const;  // scheme://host[:port]
};

std::optional<Url> ParseUrl(const std::string& text);
// A reference (a Location header, a link) resolved against `base` (RFC 3986
// §5.2, dot segments removed): absolute http(s) URLs, "//host/path", "/path",
// "?query" and relative paths ("./201909/t…html"); the fragment is dropped;
// nullopt for other schemes ("javascript:toPage(2)") and anything else.
std::optional<Url> ResolveReference(const Url& base, const std::string& reference);
// Parameters in the order given, percent-encoded.
std::string QueryString(const std::map<std::string, std::string>& parameters);
bool IsLoopbackHost(const std::string& host);

}  // namespace gapwatch
