#include "crawler/request_template.h"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>

#include "parsers/percent_encode.h"
#include "parsers/url.h"
#include "parsers/utf8.h"

namespace gapwatch {
namespace {

constexpr int kMaxNonceLength = 256;
constexpr int kMaxTemplateDepth = 32;  // nesting of a json body in sites.yaml
constexpr int kMaxBodyDepth = 512;     // nesting the canonical-body scanner accepts
constexpr size_t kDescribedBodyBytes = 512;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlphanumeric(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// {name} and {name:int}: item fields may be JSON paths such as data.id.
bool IsVariableName(std::string_view name) {
  if (name.empty() || IsDigit(name[0]) || name[0] == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return IsAlphanumeric(c) || c == '_' || c == '.'; });
}

bool IsEnvironmentName(std::string_view name) {
  if (name.empty() || IsDigit(name[0])) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return IsAlphanumeric(c) || c == '_'; });
}

// RFC 9110 token characters.
bool IsHeaderName(std::string_view name) {
  static constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return IsAlphanumeric(c) || kSymbols.find(c) != std::string_view::npos;
  });
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; });
  return lower;
}

bool SameHeaderName(std::string_view a, std::string_view b) { return Lower(a) == Lower(b); }

bool HasLineBreak(std::string_view text) { return text.find_first_of(std::string_view("\r\n\0", 3)) != text.npos; }

bool IsValidUtf8(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    const utf8::CodePoint code_point = utf8::Decode(text, at);
    if (!code_point.valid) return false;
    at += code_point.length;
  }
  return true;
}

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Lower-case hex SHA-256 (OpenSSL's libcrypto), kept here so that signing
// depends on nothing in the HTTP client.
std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("request template: SHA-256 failed (OpenSSL)");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex.append({kHex[digest[i] >> 4], kHex[digest[i] & 15]});
  return hex;
}

std::string JoinSorted(const std::map<std::string, std::string>& fields) {
  std::string joined;
  for (const auto& [key, value] : fields) {
    joined.append(joined.empty() ? "" : "&").append(key).append("=").append(value);
  }
  return joined;
}

// ---- JSON text: numbers in sites.yaml, and the body the signature covers ----

// The end of the JSON number at `at`, or npos when none starts there.
size_t JsonNumberEnd(std::string_view text, size_t at) {
  size_t i = at;
  const auto digits = [&] {
    const size_t start = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    return i > start;
  };
  if (i < text.size() && text[i] == '-') ++i;
  if (i < text.size() && text[i] == '0') {
    ++i;
  } else if (!digits()) {
    return std::string_view::npos;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) return std::string_view::npos;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return std::string_view::npos;
  }
  return i;
}

bool IsJsonNumber(std::string_view text) { return !text.empty() && JsonNumberEnd(text, 0) == text.size(); }

// A strict JSON reader (RFC 8259) that keeps the text of every value, so that
// numbers stay as written.
class JsonScanner {
 public:
  explicit JsonScanner(std::string_view text) : text_(text) {}

  size_t SkipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
    return pos_;
  }
  bool AtEnd() { return SkipSpace() == text_.size(); }
  bool Peek(char c) { return SkipSpace() < text_.size() && text_[pos_] == c; }
  bool Consume(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }
  size_t pos() const { return pos_; }

  // A string; its decoded text into *decoded when given.
  bool String(std::string* decoded) {
    if (!Consume('"')) return false;
    std::string text;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        if (decoded) *decoded = std::move(text);
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        const utf8::CodePoint code_point = utf8::Decode(text_, pos_);
        if (!code_point.valid) return false;
        text.append(text_.substr(pos_, code_point.length));
        pos_ += code_point.length;
        continue;
      }
      if (++pos_ >= text_.size()) return false;
      const char escape = text_[pos_++];
      static constexpr std::string_view kEscapes = "\"\\/bfnrt";
      static constexpr std::string_view kMeanings = "\"\\/\b\f\n\r\t";
      if (const size_t which = kEscapes.find(escape); which != std::string_view::npos) {
        text += kMeanings[which];
      } else if (escape != 'u' || !UnicodeEscape(text)) {
        return false;
      }
    }
    return false;
  }

  bool Value(int depth) {
    if (depth > kMaxBodyDepth) return false;
    const size_t at = SkipSpace();
    if (at >= text_.size()) return false;
    switch (text_[at]) {
      case '"':
        return String(nullptr);
      case '{':
        return Container('}', depth, true);
      case '[':
        return Container(']', depth, false);
      default:
        break;
    }
    for (const std::string_view literal : {"true", "false", "null"}) {
      if (text_.substr(at, literal.size()) == literal) {
        pos_ += literal.size();
        return true;
      }
    }
    const size_t end = JsonNumberEnd(text_, at);
    if (end == std::string_view::npos) return false;
    pos_ = end;
    return true;
  }

 private:
  // After "\u": four hex digits, a surrogate pair taking two escapes.
  bool UnicodeEscape(std::string& text) {
    const auto hex4 = [&](char32_t& value) {
      if (pos_ + 4 > text_.size()) return false;
      value = 0;
      for (int i = 0; i < 4; ++i) {
        const int digit = HexValue(text_[pos_++]);
        if (digit < 0) return false;
        value = value * 16 + static_cast<char32_t>(digit);
      }
      return true;
    };
    char32_t value = 0;
    if (!hex4(value)) return false;
    if (value >= 0xDC00 && value <= 0xDFFF) return false;
    if (value >= 0xD800 && value <= 0xDBFF) {
      char32_t low = 0;
      if (text_.substr(pos_, 2) != "\\u") return false;
      pos_ += 2;
      if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00);
    }
    utf8::Append(text, value);
    return true;
  }

  bool Container(char close, int depth, bool object) {
    ++pos_;
    if (Consume(close)) return true;
    do {
      if (object && (!String(nullptr) || !Consume(':'))) return false;
      if (!Value(depth + 1)) return false;
    } while (Consume(','));
    return Consume(close);
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// ---- Parsing sites.yaml ----

// Where a placeholder kind may stand.
struct PlaceholderRules {
  bool environment = false;                 // headers: {env:…}
  bool header_refs = false;                 // computed headers: {header:…}
  bool canonical_body = false;              // computed headers of a request with a body
  bool integer = false;                     // json body values: {name:int}
  std::vector<std::string> headers_before;  // what {header:…} may name
};

constexpr char kPlaceholderForms[] = "{name}, {name:int}, {env:NAME}, {header:NAME} or {canonical_body}";

// `pageNo: {page}` unquoted is a YAML mapping {page: null}; say so instead of "expected a value".
void RejectUnquotedPlaceholder(const ConfigNode& node) {
  const YAML::Node& yaml = node.yaml();
  if (yaml.IsMap() && yaml.size() == 1 && yaml.begin()->second.IsNull()) {
    node.Fail("a placeholder must be quoted: write \"{" + yaml.begin()->first.as<std::string>() + "}\"");
  }
}

TemplatePart ParsePlaceholder(const ConfigNode& node, const std::string& content, const PlaceholderRules& rules) {
  const std::string shown = "{" + content + "}";
  if (content == "canonical_body") {
    if (!rules.canonical_body) {
      node.Fail(shown + " may stand only in computed_headers of a request with a json or form body");
    }
    return {TemplatePart::Kind::kCanonicalBody, "", false};
  }
  const size_t colon = content.find(':');
  if (colon == std::string::npos) {
    if (!IsVariableName(content)) {
      node.Fail("'" + shown + "' is not a placeholder (expected " + kPlaceholderForms +
                "; write {{ and }} for literal braces)");
    }
    return {TemplatePart::Kind::kVariable, content, false};
  }
  const std::string kind = content.substr(0, colon);
  const std::string name = content.substr(colon + 1);
  if (kind == "env") {
    if (!IsEnvironmentName(name)) node.Fail("'" + shown + "': '" + name + "' is not an environment variable name");
    if (!rules.environment) {
      node.Fail(shown + " may stand only in headers and computed_headers (URLs and bodies are stored and logged)");
    }
    return {TemplatePart::Kind::kEnvironment, name, false};
  }
  if (kind == "header") {
    if (!IsHeaderName(name)) node.Fail("'" + shown + "': '" + name + "' is not a header name");
    if (!rules.header_refs) node.Fail(shown + " may stand only in computed_headers");
    const bool defined = std::any_of(rules.headers_before.begin(), rules.headers_before.end(),
                                     [&](const std::string& header) { return SameHeaderName(header, name); });
    if (!defined) {
      node.Fail(shown + " names no header defined before it (in headers, or earlier in computed_headers)");
    }
    return {TemplatePart::Kind::kHeader, name, false};
  }
  if (IsVariableName(kind) && name == "int") {
    if (!rules.integer) {
      node.Fail(shown + ": a typed placeholder is a whole json body value, e.g. pageNo: \"{page:int}\"");
    }
    return {TemplatePart::Kind::kVariable, kind, true};
  }
  node.Fail("unknown placeholder '" + shown + "' (expected " + kPlaceholderForms + ")");
}

TextTemplate ParseText(const ConfigNode& node, const PlaceholderRules& rules) {
  RejectUnquotedPlaceholder(node);
  const std::string source = node.String();
  TextTemplate result;
  std::string literal;
  const auto flush = [&] {
    if (!literal.empty()) result.parts.push_back({TemplatePart::Kind::kText, std::move(literal), false});
    literal.clear();
  };
  for (size_t i = 0; i < source.size(); ++i) {
    const char c = source[i];
    const bool doubled = i + 1 < source.size() && source[i + 1] == c;
    if ((c == '{' || c == '}') && doubled) {
      literal += c;
      ++i;
    } else if (c == '}') {
      node.Fail("'}' without '{' in '" + source + "' (write }} for a literal brace)");
    } else if (c == '{') {
      const size_t close = source.find_first_of("{}", i + 1);
      if (close == std::string::npos || source[close] == '{') {
        node.Fail("'{' without '}' in '" + source + "' (write {{ for a literal brace)");
      }
      flush();
      result.parts.push_back(ParsePlaceholder(node, source.substr(i + 1, close - i - 1), rules));
      i = close;
    } else {
      literal += c;
    }
  }
  flush();
  const bool typed =
      std::any_of(result.parts.begin(), result.parts.end(), [](const auto& part) { return part.integer; });
  if (typed && result.parts.size() != 1) {
    node.Fail("a typed placeholder such as {page:int} must be the whole value, not part of '" + source + "'");
  }
  return result;
}

bool UsesEnvironment(const TextTemplate& text) {
  return std::any_of(text.parts.begin(), text.parts.end(),
                     [](const TemplatePart& part) { return part.kind == TemplatePart::Kind::kEnvironment; });
}

// A plain (unquoted) YAML scalar in a json body: a number, true or false as
// YAML reads it, and otherwise text; what YAML would read some other way is
// refused rather than guessed at.
JsonTemplate ParsePlainScalar(const ConfigNode& node, const PlaceholderRules& rules) {
  const std::string text = node.yaml().Scalar();
  JsonTemplate value;
  // Beyond a double is valid JSON, but common parsers (the simulator's too) refuse it.
  if (IsJsonNumber(text) && std::isinf(std::strtod(text.c_str(), nullptr))) {
    node.Fail("'" + text + "' is too large for a JSON number");
  }
  if (IsJsonNumber(text) || text == "true" || text == "false") {
    value.kind = JsonTemplate::Kind::kLiteral;
    value.literal = text;
    return value;
  }
  const bool numeric_start =
      !text.empty() && (IsDigit(text[0]) || ((text[0] == '-' || text[0] == '+' || text[0] == '.') && text.size() > 1 &&
                                             (IsDigit(text[1]) || text[1] == '.')));
  if (numeric_start) node.Fail("'" + text + "' is not a JSON number; quote it to send it as text");
  static const std::set<std::string> kYamlBooleans = {"yes", "no", "on", "off", "true", "false"};
  if (kYamlBooleans.count(Lower(text))) node.Fail("write true or false, or quote '" + text + "' to send it as text");
  value.kind = JsonTemplate::Kind::kString;
  value.text = ParseText(node, rules);
  return value;
}

JsonTemplate ParseJson(const ConfigNode& node, const PlaceholderRules& rules, int depth) {
  if (depth > kMaxTemplateDepth) node.Fail("nested too deeply");
  const YAML::Node& yaml = node.yaml();
  JsonTemplate value;
  if (yaml.IsNull()) {
    value.kind = JsonTemplate::Kind::kLiteral;
    value.literal = "null";
  } else if (yaml.IsMap()) {
    // YAML cannot tell `{page}` from `{page: null}`; a body member that is an
    // object of one null member is rare, a forgotten pair of quotes is not.
    RejectUnquotedPlaceholder(node);
    value.kind = JsonTemplate::Kind::kObject;
    for (const auto& [key, member] : node.Entries()) {
      if (!IsValidUtf8(key)) member.Fail("the key is not valid UTF-8");
      value.keys.push_back(key);
      value.elements.push_back(ParseJson(member, rules, depth + 1));
    }
  } else if (yaml.IsSequence()) {
    value.kind = JsonTemplate::Kind::kArray;
    for (const ConfigNode& element : node.Elements()) value.elements.push_back(ParseJson(element, rules, depth + 1));
  } else if (yaml.Tag() == "?") {
    value = ParsePlainScalar(node, rules);
  } else {
    value.kind = JsonTemplate::Kind::kString;
    value.text = ParseText(node, rules);
  }
  if (value.kind == JsonTemplate::Kind::kString && value.text.parts.size() == 1 && value.text.parts[0].integer) {
    value.kind = JsonTemplate::Kind::kInteger;
  }
  return value;
}

void CheckHeaderName(const ConfigNode& value_node, const std::string& name,
                     const std::vector<std::string>& names_before) {
  if (!IsHeaderName(name)) value_node.Fail("'" + name + "' is not a header name (letters, digits and -_.!#$%&'*+^`|~)");
  static const std::map<std::string, std::string> kNotYours = {
      {"host", "it comes from the URL"},
      {"content-length", "gapwatch computes it"},
      {"user-agent", "set politeness.user_agent"},
  };
  if (const auto reserved = kNotYours.find(Lower(name)); reserved != kNotYours.end()) {
    value_node.Fail("header '" + name + "' cannot be set here: " + reserved->second);
  }
  for (const std::string& before : names_before) {
    if (SameHeaderName(before, name)) value_node.Fail("header '" + name + "' is already set (as '" + before + "')");
  }
}

void CheckOneLine(const ConfigNode& node, const TextTemplate& text) {
  for (const TemplatePart& part : text.parts) {
    if (part.kind == TemplatePart::Kind::kText && HasLineBreak(part.text)) node.Fail("a header value must be one line");
  }
}

ComputedHeader ParseComputedHeader(const std::string& name, const ConfigNode& node, const RequestTemplate& request,
                                   const std::vector<std::string>& names_before) {
  static constexpr const char* kFunctions = "nonce, timestamp_ms, sha256_hex";
  if (!node.IsMap()) node.Fail(std::string("expected one of: ") + kFunctions + ", e.g. {nonce: 16}");
  node.CheckKeys({}, {"nonce", "timestamp_ms", "sha256_hex"});
  if (node.yaml().size() != 1) node.Fail(std::string("give exactly one of: ") + kFunctions);
  ComputedHeader header;
  header.name = name;
  if (node.Has("nonce")) {
    header.function = ComputedHeader::Function::kNonce;
    header.nonce_length = node.Child("nonce").Int(1, kMaxNonceLength);
  } else if (node.Has("timestamp_ms")) {
    header.function = ComputedHeader::Function::kTimestampMs;
    const ConfigNode flag = node.Child("timestamp_ms");
    if (!flag.Bool()) flag.Fail("must be true (leave the header out to send no timestamp)");
  } else {
    header.function = ComputedHeader::Function::kSha256Hex;
    const ConfigNode parts = node.Child("sha256_hex");
    PlaceholderRules rules;
    rules.environment = true;
    rules.header_refs = true;
    rules.canonical_body = request.body != BodyKind::kNone;
    rules.headers_before = names_before;
    if (parts.IsScalar()) {
      header.hashed_parts.push_back(ParseText(parts, rules));
    } else {
      for (const ConfigNode& part : parts.Elements()) header.hashed_parts.push_back(ParseText(part, rules));
    }
    if (header.hashed_parts.empty()) parts.Fail("must list at least one part to hash");
    // A hash of a secret is secret too, and so is one of a header derived from a secret.
    for (const TextTemplate& part : header.hashed_parts) {
      for (const TemplatePart& piece : part.parts) {
        if (piece.kind == TemplatePart::Kind::kEnvironment) header.secret = true;
        if (piece.kind != TemplatePart::Kind::kHeader) continue;
        for (const HeaderTemplate& earlier : request.headers) {
          if (SameHeaderName(earlier.name, piece.text) && earlier.secret) header.secret = true;
        }
        for (const ComputedHeader& earlier : request.computed_headers) {
          if (SameHeaderName(earlier.name, piece.text) && earlier.secret) header.secret = true;
        }
      }
    }
  }
  return header;
}

// ---- Rendering ----

class Renderer {
 public:
  Renderer(const RequestTemplate& request, const std::map<std::string, std::string>& variables,
           const RenderSources& sources, const PreparedRequest& prepared)
      : request_(request), variables_(variables), sources_(sources), prepared_(prepared) {}

  std::string Text(const TextTemplate& text, const std::string& where) {
    std::string out;
    for (const TemplatePart& part : text.parts) {
      switch (part.kind) {
        case TemplatePart::Kind::kText:
          out += part.text;
          break;
        case TemplatePart::Kind::kVariable:
          out += Variable(part.text, where);
          break;
        case TemplatePart::Kind::kEnvironment:
          out += Environment(part.text, where);
          break;
        case TemplatePart::Kind::kHeader:
          out += Header(part.text);
          break;
        case TemplatePart::Kind::kCanonicalBody:
          out += CanonicalBody();
          break;
      }
    }
    return out;
  }

  // `path` locates the value in the body for messages: pageNo, filters[0].code.
  void Json(const JsonTemplate& value, const std::string& path, std::string& out) {
    const std::string where = "json body '" + path + "'";
    switch (value.kind) {
      case JsonTemplate::Kind::kLiteral:
        out += value.literal;
        return;
      case JsonTemplate::Kind::kString: {
        const std::string text = Text(value.text, where);
        if (!IsValidUtf8(text)) throw std::runtime_error("request template: " + where + " is not valid UTF-8");
        out += nlohmann::json(text).dump();
        return;
      }
      case JsonTemplate::Kind::kInteger: {
        const std::string& name = value.text.parts[0].text;
        const std::string& text = Variable(name, where);
        long long number = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
          throw std::runtime_error("request template: " + where + ": variable '" + name + "' is '" + text +
                                   "', not a whole number");
        }
        out += std::to_string(number);  // "007" would not be JSON
        return;
      }
      case JsonTemplate::Kind::kArray:
      case JsonTemplate::Kind::kObject: {
        const bool object = value.kind == JsonTemplate::Kind::kObject;
        out += object ? '{' : '[';
        for (size_t i = 0; i < value.elements.size(); ++i) {
          if (i > 0) out += ',';
          if (object) out += nlohmann::json(value.keys[i]).dump() + ":";
          const std::string inner = !object        ? path + "[" + std::to_string(i) + "]"
                                    : path.empty() ? value.keys[i]
                                                   : path + "." + value.keys[i];
          Json(value.elements[i], inner, out);
        }
        out += object ? '}' : ']';
        return;
      }
    }
  }

 private:
  const std::string& Variable(const std::string& name, const std::string& where) const {
    const auto found = variables_.find(name);
    if (found != variables_.end()) return found->second;
    std::string supplied;
    for (const auto& [known, value] : variables_) supplied += (supplied.empty() ? "" : ", ") + known;
    throw std::runtime_error("request template: " + where + " needs variable '" + name + "', which was not supplied" +
                             (supplied.empty() ? "" : " (supplied: " + supplied + ")"));
  }

  std::string Environment(const std::string& name, const std::string& where) const {
    std::optional<std::string> value = sources_.environment ? sources_.environment(name) : std::nullopt;
    if (!value || value->empty()) {
      throw std::runtime_error("request template: " + where + " needs environment variable " + name +
                               ", which is not set (or is empty)");
    }
    return std::move(*value);
  }

  std::string Header(const std::string& name) const {
    for (const auto& [header, value] : prepared_.headers) {
      if (SameHeaderName(header, name)) return value;
    }
    throw std::logic_error("request template: header " + name + " used before it is set");  // checked at load
  }

  const std::string& CanonicalBody() {
    if (!canonical_body_) {
      if (request_.body == BodyKind::kJson) {
        canonical_body_ = CanonicalJsonBody(prepared_.body);
        if (!canonical_body_) throw std::logic_error("request template: the rendered json body is not a JSON object");
      } else {
        canonical_body_ = CanonicalFormBody(prepared_.body);
      }
    }
    return *canonical_body_;
  }

  const RequestTemplate& request_;
  const std::map<std::string, std::string>& variables_;
  const RenderSources& sources_;
  const PreparedRequest& prepared_;
  std::optional<std::string> canonical_body_;
};

void AddHeader(PreparedRequest& prepared, const std::string& name, std::string value, bool secret) {
  // A line break would start a header of the caller's choosing (header injection).
  if (HasLineBreak(value)) {
    throw std::runtime_error("request template: header '" + name + "' would hold a line break");
  }
  prepared.headers.emplace_back(name, std::move(value));
  if (secret) prepared.secret_headers.insert(name);
}

}  // namespace

RequestTemplate ParseRequestTemplate(const ConfigNode& node) {
  node.CheckKeys({}, {"method", "query", "headers", "json", "form", "computed_headers"});
  RequestTemplate request;
  if (node.Has("method")) {
    const ConfigNode method = node.Child("method");
    request.method = method.String();
    if (request.method != "GET" && request.method != "POST") {
      method.Fail("'" + request.method + "' is not one of: GET, POST");
    }
  }
  if (node.Has("json") && node.Has("form")) {
    node.Child("form").Fail("a request has one body: give json or form, not both");
  }
  for (const char* body : {"json", "form"}) {
    if (node.Has(body) && request.method != "POST") {
      node.Child(body).Fail("a GET request has no body: add method: POST, or send the values in query");
    }
  }

  const PlaceholderRules variables_only;
  if (node.Has("query")) {
    for (const auto& [name, value] : node.Child("query").Entries()) {
      if (name.empty()) value.Fail("a query parameter needs a name");
      request.query[name] = ParseText(value, variables_only);
    }
  }

  std::vector<std::string> header_names;
  if (node.Has("headers")) {
    PlaceholderRules rules;
    rules.environment = true;
    for (const auto& [name, value] : node.Child("headers").Entries()) {
      CheckHeaderName(value, name, header_names);
      HeaderTemplate header{name, ParseText(value, rules), false};
      CheckOneLine(value, header.value);
      header.secret = UsesEnvironment(header.value);
      request.headers.push_back(std::move(header));
      header_names.push_back(name);
    }
  }

  if (node.Has("json")) {
    const ConfigNode json = node.Child("json");
    if (!json.IsMap()) json.Fail("a json body is a mapping of keys to values");
    PlaceholderRules rules;
    rules.integer = true;
    request.body = BodyKind::kJson;
    request.json = ParseJson(json, rules, 0);
  } else if (node.Has("form")) {
    request.body = BodyKind::kForm;
    for (const auto& [name, value] : node.Child("form").Entries()) {
      if (name.empty()) value.Fail("a form field needs a name");
      request.form.emplace_back(name, ParseText(value, variables_only));
    }
  }

  if (node.Has("computed_headers")) {
    for (const auto& [name, value] : node.Child("computed_headers").Entries()) {
      CheckHeaderName(value, name, header_names);
      request.computed_headers.push_back(ParseComputedHeader(name, value, request, header_names));
      header_names.push_back(name);
    }
  }
  return request;
}

std::string RandomAlphanumeric(int length) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device random;
  std::uniform_int_distribution<size_t> pick(0, kAlphabet.size() - 1);
  std::string text;
  for (int i = 0; i < length; ++i) text += kAlphabet[pick(random)];
  return text;
}

long long SystemTimeMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<std::string> EnvironmentVariable(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

PreparedRequest Render(const RequestTemplate& request, const std::string& url,
                       const std::map<std::string, std::string>& variables, const RenderSources& sources) {
  PreparedRequest prepared;
  Renderer renderer(request, variables, sources, prepared);
  prepared.method = request.method;
  prepared.url = url;
  if (!request.query.empty()) {
    std::map<std::string, std::string> query;
    for (const auto& [name, value] : request.query)
      query[name] = renderer.Text(value, "query parameter '" + name + "'");
    prepared.url += (url.find('?') == std::string::npos ? "?" : "&") + QueryString(query);
  }

  if (request.body == BodyKind::kJson) {
    renderer.Json(request.json, "", prepared.body);
  } else if (request.body == BodyKind::kForm) {
    for (const auto& [name, value] : request.form) {
      if (!prepared.body.empty()) prepared.body += '&';
      prepared.body += PercentEncode(name) + "=" + PercentEncode(renderer.Text(value, "form field '" + name + "'"));
    }
  }

  for (const HeaderTemplate& header : request.headers) {
    AddHeader(prepared, header.name, renderer.Text(header.value, "header '" + header.name + "'"), header.secret);
  }
  const bool has_content_type = std::any_of(prepared.headers.begin(), prepared.headers.end(), [](const auto& header) {
    return SameHeaderName(header.first, "Content-Type");
  });
  if (!has_content_type && request.body == BodyKind::kJson)
    AddHeader(prepared, "Content-Type", "application/json", false);
  if (!has_content_type && request.body == BodyKind::kForm) {
    AddHeader(prepared, "Content-Type", "application/x-www-form-urlencoded", false);
  }

  for (const ComputedHeader& header : request.computed_headers) {
    std::string value;
    switch (header.function) {
      case ComputedHeader::Function::kNonce:
        value = sources.nonce(header.nonce_length);
        break;
      case ComputedHeader::Function::kTimestampMs:
        value = std::to_string(sources.now_ms());
        break;
      case ComputedHeader::Function::kSha256Hex: {
        std::string hashed;
        for (const TextTemplate& part : header.hashed_parts)
          hashed += renderer.Text(part, "header '" + header.name + "'");
        value = Sha256Hex(hashed);
        break;
      }
    }
    AddHeader(prepared, header.name, std::move(value), header.secret);
  }
  return prepared;
}

std::optional<std::string> CanonicalJsonBody(std::string_view body) {
  JsonScanner scanner(body);
  if (!scanner.Consume('{')) return std::nullopt;
  std::map<std::string, std::string> fields;
  if (!scanner.Consume('}')) {
    do {
      std::string key;
      if (!scanner.String(&key) || !scanner.Consume(':')) return std::nullopt;
      const size_t start = scanner.SkipSpace();
      const char first = start < body.size() ? body[start] : '\0';
      std::string value;
      if (first == '"') {
        if (!scanner.String(&value)) return std::nullopt;
        value = PercentDecode(value);
      } else {
        if (!scanner.Value(1)) return std::nullopt;
        value = body.substr(start, scanner.pos() - start);
        if (first == '{' || first == '[') {
          try {
            value = nlohmann::json::parse(value).dump();
          } catch (const nlohmann::json::exception&) {
            return std::nullopt;
          }
        }
      }
      fields[key] = std::move(value);  // a repeated key: the last one counts, as in JavaScript
    } while (scanner.Consume(','));
    if (!scanner.Consume('}')) return std::nullopt;
  }
  if (!scanner.AtEnd()) return std::nullopt;
  return JoinSorted(fields);
}

std::string CanonicalFormBody(std::string_view body) {
  std::map<std::string, std::string> fields;
  while (!body.empty()) {
    const size_t amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t equals = pair.find('=');
    fields[PercentDecode(pair.substr(0, equals))] =
        equals == std::string_view::npos ? "" : PercentDecode(pair.substr(equals + 1));
  }
  return JoinSorted(fields);
}

std::string Describe(const PreparedRequest& request) {
  std::string text = request.method + " " + request.url;
  for (const auto& [name, value] : request.headers) {
    text.append(" | ").append(name).append(": ").append(request.secret_headers.count(name) ? "<redacted>" : value);
  }
  if (!request.body.empty()) {
    size_t shown = std::min(request.body.size(), kDescribedBodyBytes);
    // Cut on a character boundary.
    while (shown < request.body.size() && shown > 0 &&
           (static_cast<unsigned char>(request.body[shown]) & 0xC0) == 0x80) {
      --shown;
    }
    text.append(" | body: ").append(request.body, 0, shown);
    if (shown < request.body.size()) text.append("… (").append(std::to_string(request.body.size())).append(" bytes)");
  }
  return text;
}

}  // namespace gapwatch
