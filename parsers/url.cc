#include "parsers/url.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "parsers/percent_encode.h"

namespace gapwatch {

std::string Url::Origin() const {
  const bool default_port = port == 0 || (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
  std::string origin = scheme + "://" + host;
  if (!default_port) origin.append(":").append(std::to_string(port));
  return origin;
}

std::optional<Url> ParseUrl(const std::string& text) {
  Url url;
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string::npos) return std::nullopt;
  url.scheme = text.substr(0, scheme_end);
  std::transform(url.scheme.begin(), url.scheme.end(), url.scheme.begin(), ::tolower);
  if (url.scheme != "http" && url.scheme != "https") return std::nullopt;
  const auto authority_start = scheme_end + 3;
  const auto path_start = text.find_first_of("/?#", authority_start);
  std::string authority = text.substr(authority_start, path_start - authority_start);
  if (authority.empty() || authority.find('@') != std::string::npos) return std::nullopt;
  const auto colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    const std::string port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit)) return std::nullopt;
    url.port = std::stoi(port);
    if (url.port == 0 || url.port > 65535) return std::nullopt;
    authority.resize(colon);
  }
  std::transform(authority.begin(), authority.end(), authority.begin(), ::tolower);
  url.host = authority;
  if (path_start != std::string::npos) {
    url.path_and_query = text.substr(path_start);
    const auto fragment = url.path_and_query.find('#');
    if (fragment != std::string::npos) url.path_and_query.resize(fragment);
    if (!url.path_and_query.empty() && url.path_and_query[0] == '?') url.path_and_query = "/" + url.path_and_query;
  }
  return url;
}

namespace {

// RFC 3986 §5.2.4 on the path (the query is kept as it is): "." and ".."
// segments go, ".." never above the root.
std::string RemoveDotSegments(const std::string& path_and_query) {
  const std::size_t query = path_and_query.find('?');
  const std::string path = path_and_query.substr(0, query);
  std::vector<std::string> segments;
  std::size_t start = 1;  // after the leading '/'
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string segment = path.substr(start, end - start);
    const bool last = end == path.size();
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      if (last) segments.emplace_back();
    } else if (segment == ".") {
      if (last) segments.emplace_back();
    } else {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string& segment : segments) out += "/" + segment;
  if (out.empty()) out = "/";
  return query == std::string::npos ? out : out + path_and_query.substr(query);
}

// "javascript:", "mailto:"…: a scheme other than the two fetched.
bool HasOtherScheme(const std::string& reference) {
  const std::size_t colon = reference.find(':');
  if (colon == std::string::npos || colon == 0 || !std::isalpha(static_cast<unsigned char>(reference[0]))) {
    return false;
  }
  for (std::size_t i = 1; i < colon; ++i) {
    const char c = reference[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

}  // namespace

std::optional<Url> ResolveReference(const Url& base, const std::string& reference) {
  if (reference.find("://") != std::string::npos) return ParseUrl(reference);
  if (HasOtherScheme(reference)) return std::nullopt;
  if (reference.rfind("//", 0) == 0) return ParseUrl(base.scheme + ":" + reference);
  if (reference.empty() || reference.find_first_of(" \r\n") != std::string::npos) return std::nullopt;
  Url resolved = base;
  const std::string base_path = base.path_and_query.substr(0, base.path_and_query.find('?'));
  if (reference[0] == '/') {
    resolved.path_and_query = reference;
  } else if (reference[0] == '?') {
    resolved.path_and_query = (base_path.empty() ? "/" : base_path) + reference;
  } else {
    const auto slash = base_path.rfind('/');
    resolved.path_and_query = (slash == std::string::npos ? "/" : base_path.substr(0, slash + 1)) + reference;
  }
  const auto fragment = resolved.path_and_query.find('#');
  if (fragment != std::string::npos) resolved.path_and_query.resize(fragment);
  if (resolved.path_and_query.empty()) resolved.path_and_query = "/";
  resolved.path_and_query = RemoveDotSegments(resolved.path_and_query);
  return resolved;
}

std::string QueryString(const std::map<std::string, std::string>& parameters) {
  std::string query;
  for (const auto& [name, value] : parameters) {
    if (!query.empty()) query += '&';
    query.append(PercentEncode(name)).append("=").append(PercentEncode(value));
  }
  return query;
}

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

}  // namespace gapwatch
