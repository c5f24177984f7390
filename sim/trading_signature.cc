#include "sim/trading_signature.h"

#include <openssl/evp.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "sim/form.h"

namespace gapwatch::sim {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

size_t SkipSpace(std::string_view text, size_t at) {
  while (at < text.size() && IsSpace(text[at])) ++at;
  return at;
}

// End (one past the closing quote) of the string starting at `at`.
size_t StringEnd(std::string_view text, size_t at) {
  for (size_t i = at + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return text.size();
}

// End of the JSON value starting at `at` (the text is known to be valid JSON).
size_t ValueEnd(std::string_view text, size_t at) {
  if (text[at] == '"') return StringEnd(text, at);
  if (text[at] == '{' || text[at] == '[') {
    int depth = 0;
    for (size_t i = at; i < text.size(); ++i) {
      if (text[i] == '"') {
        i = StringEnd(text, i) - 1;
      } else if (text[i] == '{' || text[i] == '[') {
        ++depth;
      } else if ((text[i] == '}' || text[i] == ']') && --depth == 0) {
        return i + 1;
      }
    }
    return text.size();
  }
  size_t end = at;
  while (end < text.size() && text[end] != ',' && text[end] != '}' && !IsSpace(text[end])) ++end;
  return end;
}

// The value's text in the canonical form: numbers and literals as written.
std::string CanonicalValue(std::string_view token) {
  if (token.front() == '"') return FormDecode(nlohmann::json::parse(token).get<std::string>());
  if (token.front() == '{' || token.front() == '[') return nlohmann::json::parse(token).dump();
  return std::string(token);
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

std::optional<std::string> CanonicalBody(std::string_view body) {
  if (!nlohmann::json::accept(body)) return std::nullopt;
  size_t at = SkipSpace(body, 0);
  if (at >= body.size() || body[at] != '{') return std::nullopt;
  // Parsed by hand, not through nlohmann::json, to keep numbers as written.
  std::vector<std::pair<std::string, std::string>> pairs;
  at = SkipSpace(body, at + 1);
  while (at < body.size() && body[at] == '"') {
    const size_t key_end = StringEnd(body, at);
    std::string key = nlohmann::json::parse(body.substr(at, key_end - at)).get<std::string>();
    at = SkipSpace(body, SkipSpace(body, key_end) + 1);  // past ':'
    const size_t value_end = ValueEnd(body, at);
    std::string value = CanonicalValue(body.substr(at, value_end - at));
    // A repeated key: the last one counts, as in a JavaScript object.
    auto same = std::find_if(pairs.begin(), pairs.end(), [&](const auto& pair) { return pair.first == key; });
    if (same != pairs.end()) {
      same->second = std::move(value);
    } else {
      pairs.emplace_back(std::move(key), std::move(value));
    }
    at = SkipSpace(body, value_end);
    if (at < body.size() && body[at] == ',') at = SkipSpace(body, at + 1);
  }
  std::sort(pairs.begin(), pairs.end());
  std::string canonical;
  for (const auto& [key, value] : pairs) canonical += (canonical.empty() ? "" : "&") + key + "=" + value;
  return canonical;
}

std::string YgpSignature(std::string_view nonce, std::string_view salt, std::string_view canonical_body,
                         std::string_view timestamp) {
  std::string message;
  message.append(nonce).append(salt).append(canonical_body).append(timestamp);
  return Sha256Hex(message);
}

bool HasValidYgpSignature(const std::map<std::string, std::string>& headers, std::string_view body,
                          std::string_view salt) {
  auto header = [&](const char* name) -> std::string_view {
    auto it = headers.find(name);
    return it == headers.end() ? std::string_view() : std::string_view(it->second);
  };
  const std::string_view nonce = header("x-dgi-req-nonce");
  const std::string_view timestamp = header("x-dgi-req-timestamp");
  const std::string_view signature = header("x-dgi-req-signature");
  const auto alphanumeric = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  if (header("x-dgi-req-app") != "ggzy-portal") return false;
  if (nonce.size() != 16 || !std::all_of(nonce.begin(), nonce.end(), alphanumeric)) return false;
  if (timestamp.empty() || timestamp.size() > 19 ||
      !std::all_of(timestamp.begin(), timestamp.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  const std::optional<std::string> canonical = CanonicalBody(body);
  return canonical && signature == YgpSignature(nonce, salt, *canonical, timestamp);
}

}  // namespace gapwatch::sim
