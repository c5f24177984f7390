// Request templates: how sites.yaml describes a request a site needs beyond a
// plain GET (SITES.md §2.2, the trading platform's signed ygp search): the
// method, query and extra headers, a JSON or form body, and computed headers
// (a random nonce, a millisecond timestamp, a SHA-256 over parts such as the
// canonical body and a salt read from the environment).
// ParseRequestTemplate checks a `request:` node once, at load time, and throws
// ConfigError naming the file, line and key: an unknown key or placeholder
// kind, a placeholder where it may not stand, a header used before it exists.
// Render fills a template for one request. A variable the caller does not
// supply, an unset environment variable, or a value that would break a header
// throws std::runtime_error naming the variable, never an environment value.
// Secrets: {env:…} may stand only in headers (URLs and bodies are stored and
// logged); a header derived from one, directly or through {header:…}, is in
// PreparedRequest::secret_headers and Describe() shows it as <redacted>.
// Thread-safety: templates are immutable once parsed; Render may run on many
// threads at once when its RenderSources may (the defaults may, as long as
// nothing calls setenv meanwhile).
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/strict_yaml.h"

namespace gapwatch {

// One piece of a template: literal text or a placeholder.
struct TemplatePart {
  enum class Kind {
    kText,           // literal text ({{ and }} stand for braces)
    kVariable,       // {name}: a value the caller supplies (page, page_size, an item field)
    kEnvironment,    // {env:NAME}: an environment variable, read when rendering
    kHeader,         // {header:NAME}: a header defined before this one
    kCanonicalBody,  // {canonical_body}: CanonicalJsonBody / CanonicalFormBody of the body
  };
  Kind kind = Kind::kText;
  std::string text;      // the literal text, or the variable's, environment variable's or header's name
  bool integer = false;  // {name:int}: the whole value of a JSON member, written as a JSON number
};

struct TextTemplate {
  std::vector<TemplatePart> parts;
};

// A JSON body value: numbers, booleans and null as written in sites.yaml,
// strings as templates, arrays and objects of those.
struct JsonTemplate {
  enum class Kind { kLiteral, kString, kInteger, kArray, kObject };
  Kind kind = Kind::kObject;
  std::string literal;                 // kLiteral: a JSON number, true, false or null
  TextTemplate text;                   // kString; kInteger: one integer variable
  std::vector<std::string> keys;       // kObject, in sites.yaml order
  std::vector<JsonTemplate> elements;  // kArray; kObject: the values, parallel to keys
};

struct HeaderTemplate {
  std::string name;
  TextTemplate value;
  bool secret = false;  // uses {env:…}
};

struct ComputedHeader {
  enum class Function {
    kNonce,        // nonce: N — N random ASCII letters and digits
    kTimestampMs,  // timestamp_ms: true — milliseconds since the Unix epoch
    kSha256Hex,    // sha256_hex: [parts] — lower-case hex SHA-256 of the parts concatenated
  };
  std::string name;
  Function function = Function::kNonce;
  int nonce_length = 0;
  std::vector<TextTemplate> hashed_parts;
  bool secret = false;  // derived from {env:…}: a hash over public data and a weak salt can be brute-forced
};

enum class BodyKind { kNone, kJson, kForm };

struct RequestTemplate {
  std::string method = "GET";                              // GET or POST
  std::map<std::string, TextTemplate> query;               // appended to the URL, percent-encoded
  std::vector<HeaderTemplate> headers;                     // in sites.yaml order
  BodyKind body = BodyKind::kNone;                         // kJson and kForm only with POST
  JsonTemplate json;                                       // kJson: an object
  std::vector<std::pair<std::string, TextTemplate>> form;  // kForm, in sites.yaml order
  std::vector<ComputedHeader> computed_headers;            // evaluated in order, after the body
};

// `node` is the `request:` mapping (docs/sites-yaml.md, "request").
RequestTemplate ParseRequestTemplate(const ConfigNode& node);

struct PreparedRequest {
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // in the order sent
  std::string body;
  std::set<std::string> secret_headers;  // names of the headers Describe() redacts
};

// The defaults of RenderSources.
std::string RandomAlphanumeric(int length);                               // std::random_device
long long SystemTimeMs();                                                 // the system clock
std::optional<std::string> EnvironmentVariable(const std::string& name);  // unset or empty: nullopt

// Where randomness, time and the environment come from; tests fix them.
struct RenderSources {
  std::function<std::string(int length)> nonce = RandomAlphanumeric;
  std::function<long long()> now_ms = SystemTimeMs;
  std::function<std::optional<std::string>(const std::string& name)> environment = EnvironmentVariable;
};

// The request for `url` (base URL + path; a query already on it is kept and
// the template's query appended). A JSON body gets `Content-Type:
// application/json`, a form body `application/x-www-form-urlencoded`, unless
// the template sets Content-Type.
PreparedRequest Render(const RequestTemplate& request, const std::string& url,
                       const std::map<std::string, std::string>& variables, const RenderSources& sources = {});

// The canonical form of a body that the ygp signature covers: the top-level
// members sorted by key in ascending byte order, each as key=value, joined by
// '&'. A string value is URL-decoded (%XX and '+'); a number, true, false or
// null is written as in the body; an array or object is its compact JSON
// (no whitespace, object keys sorted, numbers in shortest form, as
// nlohmann::json writes it). A repeated key: the last one counts. nullopt
// when the body is not a JSON object.
std::optional<std::string> CanonicalJsonBody(std::string_view body);
// The same over a form body's fields: names and values URL-decoded once.
std::string CanonicalFormBody(std::string_view body);

// One line for logs: method, URL, headers (secret ones as <redacted>) and
// the body (cut after 512 bytes).
std::string Describe(const PreparedRequest& request);

}  // namespace gapwatch
