// Request templates (crawler/request_template.h): parsing sites.yaml's
// `request:` with file/line/key errors, rendering GET queries, form and JSON
// bodies and computed headers, the canonical body of the ygp signature, and
// keeping secrets out of errors and logs.
#include "crawler/request_template.h"

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace gapwatch {
namespace {

constexpr char kFile[] = "sites.yaml";

// `yaml` holds a top-level `request:`; its key path is "request".
RequestTemplate Parse(const std::string& yaml) {
  const YAML::Node root = ParseYamlText(yaml, kFile);
  return ParseRequestTemplate(ConfigNode(root["request"], kFile, "request"));
}

// The ConfigError that parsing `yaml` throws.
ConfigError ParseError(const std::string& yaml) {
  try {
    Parse(yaml);
  } catch (const ConfigError& error) {
    return error;
  }
  ADD_FAILURE() << "accepted:\n" << yaml;
  return ConfigError("", 0, "", "");
}

#define EXPECT_CONFIG_ERROR(yaml, expected_line, expected_key, message_part)                    \
  do {                                                                                          \
    const ConfigError error = ParseError(yaml);                                                 \
    EXPECT_EQ(error.file(), kFile);                                                             \
    EXPECT_EQ(error.line(), expected_line) << error.what();                                     \
    EXPECT_EQ(error.key(), expected_key) << error.what();                                       \
    EXPECT_NE(std::string(error.what()).find(message_part), std::string::npos) << error.what(); \
  } while (false)

// The trading platform's signed search, as sites.yaml would describe it.
constexpr char kYgpRequest[] = R"(request:
  method: POST
  headers: {X-Dgi-Req-App: ggzy-portal}
  json:
    type: trading-type
    openConvert: false
    keyword: "{keyword}"
    siteCode: "440200"
    secondType: ""
    thirdType: "[]"
    pageNo: "{page:int}"
    pageSize: "{page_size:int}"
  computed_headers:
    X-Dgi-Req-Nonce: {nonce: 16}
    X-Dgi-Req-Timestamp: {timestamp_ms: true}
    X-Dgi-Req-Signature:
      sha256_hex: ["{header:X-Dgi-Req-Nonce}", "{env:GAPWATCH_TEST_SALT}", "{canonical_body}", "{header:X-Dgi-Req-Timestamp}"]
)";

std::string Sha256HexByOpenSsl(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  char hex[2 * SHA256_DIGEST_LENGTH + 1];
  for (int i = 0; i < SHA256_DIGEST_LENGTH; ++i) std::snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  return hex;
}

std::string HeaderOf(const PreparedRequest& request, const std::string& name) {
  for (const auto& [header, value] : request.headers) {
    if (header == name) return value;
  }
  return "<absent>";
}

// Fixed randomness, time and environment.
RenderSources FixedSources(std::map<std::string, std::string> environment) {
  RenderSources sources;
  sources.nonce = [](int length) { return std::string(static_cast<size_t>(length), 'N'); };
  sources.now_ms = [] { return 1735660800123LL; };
  sources.environment = [environment](const std::string& name) -> std::optional<std::string> {
    const auto found = environment.find(name);
    if (found == environment.end()) return std::nullopt;
    return found->second;
  };
  return sources;
}

// ---- Parsing ----

TEST(RequestTemplateParseTest, ReadsTheYgpTemplate) {
  const RequestTemplate request = Parse(kYgpRequest);
  EXPECT_EQ(request.method, "POST");
  ASSERT_EQ(request.headers.size(), 1u);
  EXPECT_EQ(request.headers[0].name, "X-Dgi-Req-App");
  EXPECT_FALSE(request.headers[0].secret);
  EXPECT_EQ(request.body, BodyKind::kJson);
  EXPECT_EQ(request.json.keys, (std::vector<std::string>{"type", "openConvert", "keyword", "siteCode", "secondType",
                                                         "thirdType", "pageNo", "pageSize"}));
  EXPECT_EQ(request.json.elements[6].kind, JsonTemplate::Kind::kInteger);
  EXPECT_EQ(request.json.elements[1].kind, JsonTemplate::Kind::kLiteral);
  EXPECT_EQ(request.json.elements[3].kind, JsonTemplate::Kind::kString);
  ASSERT_EQ(request.computed_headers.size(), 3u);
  EXPECT_EQ(request.computed_headers[0].function, ComputedHeader::Function::kNonce);
  EXPECT_EQ(request.computed_headers[0].nonce_length, 16);
  EXPECT_EQ(request.computed_headers[1].function, ComputedHeader::Function::kTimestampMs);
  EXPECT_EQ(request.computed_headers[2].function, ComputedHeader::Function::kSha256Hex);
  EXPECT_EQ(request.computed_headers[2].hashed_parts.size(), 4u);
  EXPECT_FALSE(request.computed_headers[0].secret);
  EXPECT_TRUE(request.computed_headers[2].secret) << "a hash over a salt is as secret as the salt";
}

TEST(RequestTemplateParseTest, DefaultsToAGetWithNothingExtra) {
  const RequestTemplate request = Parse("request: {query: {q: x}}\n");
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.body, BodyKind::kNone);
  EXPECT_TRUE(request.headers.empty());
  EXPECT_TRUE(request.computed_headers.empty());
}

TEST(RequestTemplateParseTest, UnknownOrMisplacedKeys) {
  EXPECT_CONFIG_ERROR("request:\n  metod: POST\n", 2, "request.metod", "unknown key (expected one of: method");
  EXPECT_CONFIG_ERROR("request:\n  method: PUT\n", 2, "request.method", "'PUT' is not one of: GET, POST");
  EXPECT_CONFIG_ERROR("request: POST\n", 1, "request", "expected a mapping");
  EXPECT_CONFIG_ERROR("request:\n  method: POST\n  json: {a: 1}\n  form: {a: 1}\n", 4, "request.form",
                      "give json or form, not both");
  EXPECT_CONFIG_ERROR("request:\n  json: {a: 1}\n", 2, "request.json", "a GET request has no body");
  EXPECT_CONFIG_ERROR("request:\n  method: POST\n  json: [1, 2]\n", 3, "request.json", "a json body is a mapping");
}

TEST(RequestTemplateParseTest, BadPlaceholders) {
  EXPECT_CONFIG_ERROR("request:\n  query:\n    pageNo: \"{foo:bar}\"\n", 3, "request.query.pageNo",
                      "unknown placeholder '{foo:bar}'");
  EXPECT_CONFIG_ERROR("request:\n  query:\n    pageNo: \"{page\"\n", 3, "request.query.pageNo", "'{' without '}'");
  EXPECT_CONFIG_ERROR("request:\n  query:\n    pageNo: \"page}\"\n", 3, "request.query.pageNo", "'}' without '{'");
  EXPECT_CONFIG_ERROR("request:\n  query:\n    pageNo: \"{}\"\n", 3, "request.query.pageNo", "is not a placeholder");
  EXPECT_CONFIG_ERROR("request:\n  query:\n    pageNo: \"{page:int}\"\n", 3, "request.query.pageNo",
                      "a typed placeholder is a whole json body value");
  EXPECT_CONFIG_ERROR("request:\n  method: POST\n  json:\n    pageNo: \"{page:float}\"\n", 4, "request.json.pageNo",
                      "unknown placeholder '{page:float}'");
  EXPECT_CONFIG_ERROR("request:\n  method: POST\n  json:\n    pageNo: \"p{page:int}\"\n", 4, "request.json.pageNo",
                      "must be the whole value");
  EXPECT_CONFIG_ERROR("request:\n  method: POST\n  json:\n    pageNo: {page:int}\n", 4, "request.json.pageNo",
                      "a placeholder must be quoted: write \"{page:int}\"");
  EXPECT_CONFIG_ERROR("request:\n  query: {pageNo: {page}}\n", 2, "request.query.pageNo",
                      "a placeholder must be quoted");
}

TEST(RequestTemplateParseTest, SecretsAndReferencesOnlyWhereTheyBelong) {
  EXPECT_CONFIG_ERROR("request:\n  query:\n    key: \"{env:API_KEY}\"\n", 3, "request.query.key",
                      "may stand only in headers and computed_headers");
  EXPECT_CONFIG_ERROR("request:\n  method: POST\n  form:\n    key: \"{env:API_KEY}\"\n", 4, "request.form.key",
                      "may stand only in headers");
  EXPECT_CONFIG_ERROR("request:\n  method: POST\n  json:\n    a:\n      - \"{env:API_KEY}\"\n", 5, "request.json.a[0]",
                      "may stand only in headers");
  EXPECT_CONFIG_ERROR("request:\n  headers:\n    X-A: \"{header:X-B}\"\n", 3, "request.headers.X-A",
                      "may stand only in computed_headers");
  EXPECT_CONFIG_ERROR("request:\n  headers:\n    X-A: \"{canonical_body}\"\n", 3, "request.headers.X-A",
                      "{canonical_body} may stand only in computed_headers");
  // A reference forward, or to nothing.
  EXPECT_CONFIG_ERROR(
      "request:\n  computed_headers:\n    X-Sig: {sha256_hex: [\"{header:X-Nonce}\"]}\n    X-Nonce: {nonce: 8}\n", 3,
      "request.computed_headers.X-Sig.sha256_hex[0]", "{header:X-Nonce} names no header defined before it");
  EXPECT_CONFIG_ERROR("request:\n  computed_headers:\n    X-Sig: {sha256_hex: \"{canonical_body}\"}\n", 3,
                      "request.computed_headers.X-Sig.sha256_hex", "of a request with a json or form body");
  EXPECT_CONFIG_ERROR("request:\n  headers:\n    X-A: \"{env:1BAD}\"\n", 3, "request.headers.X-A",
                      "is not an environment variable name");
}

TEST(RequestTemplateParseTest, BadHeadersAndComputedHeaders) {
  EXPECT_CONFIG_ERROR("request:\n  headers:\n    Bad Header: x\n", 3, "request.headers.Bad Header",
                      "is not a header name");
  EXPECT_CONFIG_ERROR("request:\n  headers:\n    Host: example.org\n", 3, "request.headers.Host",
                      "it comes from the URL");
  EXPECT_CONFIG_ERROR("request:\n  headers:\n    User-Agent: x\n", 3, "request.headers.User-Agent",
                      "politeness.user_agent");
  EXPECT_CONFIG_ERROR("request:\n  headers:\n    X-A: |\n      two\n      lines\n", 3, "request.headers.X-A",
                      "must be one line");
  EXPECT_CONFIG_ERROR("request:\n  headers: {X-Nonce: a}\n  computed_headers:\n    x-nonce: {nonce: 8}\n", 4,
                      "request.computed_headers.x-nonce", "is already set (as 'X-Nonce')");
  EXPECT_CONFIG_ERROR("request:\n  computed_headers:\n    X-N: {nonce: 0}\n", 3, "request.computed_headers.X-N.nonce",
                      "out of range [1, 256]");
  EXPECT_CONFIG_ERROR("request:\n  computed_headers:\n    X-N: {nonce: 8, timestamp_ms: true}\n", 3,
                      "request.computed_headers.X-N", "give exactly one of: nonce, timestamp_ms, sha256_hex");
  EXPECT_CONFIG_ERROR("request:\n  computed_headers:\n    X-N: {md5_hex: [a]}\n", 3,
                      "request.computed_headers.X-N.md5_hex", "unknown key (expected one of: nonce");
  EXPECT_CONFIG_ERROR("request:\n  computed_headers:\n    X-N: {timestamp_ms: false}\n", 3,
                      "request.computed_headers.X-N.timestamp_ms", "must be true");
  EXPECT_CONFIG_ERROR("request:\n  computed_headers:\n    X-N: {sha256_hex: []}\n", 3,
                      "request.computed_headers.X-N.sha256_hex", "at least one part");
  EXPECT_CONFIG_ERROR("request:\n  computed_headers:\n    X-N: sixteen\n", 3, "request.computed_headers.X-N",
                      "expected one of: nonce, timestamp_ms, sha256_hex");
}

TEST(RequestTemplateParseTest, PlainJsonValuesMustBeUnambiguous) {
  EXPECT_CONFIG_ERROR("request:\n  method: POST\n  json:\n    from: 2025-01-01\n", 4, "request.json.from",
                      "'2025-01-01' is not a JSON number; quote it");
  EXPECT_CONFIG_ERROR("request:\n  method: POST\n  json:\n    code: 0440\n", 4, "request.json.code",
                      "is not a JSON number");
  EXPECT_CONFIG_ERROR("request:\n  method: POST\n  json:\n    huge: 1e999\n", 4, "request.json.huge",
                      "too large for a JSON number");
  EXPECT_CONFIG_ERROR("request:\n  method: POST\n  json:\n    open: yes\n", 4, "request.json.open",
                      "write true or false");
}

// ---- Rendering ----

TEST(RequestTemplateRenderTest, GetWithAPercentEncodedQuery) {
  const RequestTemplate request =
      Parse("request:\n  query:\n    pageNo: \"{page}\"\n    q: \"{keyword} & more\"\n    fixed: 韶关\n");
  const PreparedRequest prepared =
      Render(request, "https://example.org/list", {{"page", "3"}, {"keyword", "a+b"}}, FixedSources({}));
  EXPECT_EQ(prepared.method, "GET");
  EXPECT_EQ(prepared.url, "https://example.org/list?fixed=%E9%9F%B6%E5%85%B3&pageNo=3&q=a%2Bb%20%26%20more");
  EXPECT_TRUE(prepared.headers.empty());
  EXPECT_TRUE(prepared.body.empty());
  // A query already on the URL is kept.
  EXPECT_EQ(Render(Parse("request: {query: {p: \"{page}\"}}\n"), "http://h/x?a=1", {{"page", "2"}}).url,
            "http://h/x?a=1&p=2");
  EXPECT_EQ(Render(Parse("request: {query: {p: \"{{{page}}}\"}}\n"), "http://h/x", {{"page", "2"}}).url,
            "http://h/x?p=%7B2%7D");
}

TEST(RequestTemplateRenderTest, PostFormInTheOrderWritten) {
  const RequestTemplate request = Parse(
      "request:\n  method: POST\n  form:\n    page: \"{page}\"\n    searchvalue: \"{q}\"\n    sortField: "
      "RELEASETIME\n");
  const PreparedRequest prepared = Render(request, "http://h/list.do", {{"page", "2"}, {"q", "a b&c=d"}});
  EXPECT_EQ(prepared.method, "POST");
  EXPECT_EQ(prepared.url, "http://h/list.do");
  EXPECT_EQ(prepared.body, "page=2&searchvalue=a%20b%26c%3Dd&sortField=RELEASETIME");
  EXPECT_EQ(HeaderOf(prepared, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(CanonicalFormBody(prepared.body), "page=2&searchvalue=a b&c=d&sortField=RELEASETIME");
}

TEST(RequestTemplateRenderTest, PostJsonWithTypedValues) {
  const RequestTemplate request = Parse(R"(request:
  method: POST
  headers: {Content-Type: application/json;charset=utf-8}
  json:
    pageNo: "{page:int}"
    pageSize: "{page_size:int}"
    siteCode: "44"
    keyword: ""
    openConvert: false
    price: 1.50
    big: -2e10
    none:
    thirdType: "[]"
    title: "{title}"
    tags: [a, "{id}", 7]
    filter: {code: "{id}", deep: [true]}
)");
  const PreparedRequest prepared =
      Render(request, "http://h/search",
             {{"page", "007"}, {"page_size", "50"}, {"title", "\"韶关\"\n"}, {"id", "x1"}, {"unused", "u"}});
  EXPECT_EQ(
      prepared.body,
      R"({"pageNo":7,"pageSize":50,"siteCode":"44","keyword":"","openConvert":false,"price":1.50,"big":-2e10,)"
      R"("none":null,"thirdType":"[]","title":"\"韶关\"\n","tags":["a","x1",7],"filter":{"code":"x1","deep":[true]}})");
  // The template's own Content-Type, not a second one.
  EXPECT_EQ(prepared.headers,
            (std::vector<std::pair<std::string, std::string>>{{"Content-Type", "application/json;charset=utf-8"}}));

  // No Content-Type given: JSON's.
  const PreparedRequest plain = Render(Parse("request: {method: POST, json: {a: 1}}\n"), "http://h/", {});
  EXPECT_EQ(plain.body, R"({"a":1})");
  EXPECT_EQ(HeaderOf(plain, "Content-Type"), "application/json");
}

TEST(RequestTemplateRenderTest, VariableErrorsNameTheVariable) {
  const RequestTemplate request =
      Parse("request:\n  method: POST\n  json:\n    pageNo: \"{page:int}\"\n    filter: {code: \"{code}\"}\n");
  try {
    Render(request, "http://h/", {{"page", "1"}});
    FAIL() << "rendered without {code}";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(),
                 "request template: json body 'filter.code' needs variable 'code', which was not supplied "
                 "(supplied: page)");
  }
  try {
    Render(request, "http://h/", {{"page", "1x"}, {"code", "c"}});
    FAIL() << "rendered a non-number into {page:int}";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "request template: json body 'pageNo': variable 'page' is '1x', not a whole number");
  }
  // A line break from an item field must not start a header of its own.
  const RequestTemplate header = Parse("request:\n  headers: {X-Referer: \"/detail/{id}\"}\n");
  EXPECT_THROW(Render(header, "http://h/", {{"id", "1\r\nX-Evil: yes"}}), std::runtime_error);
  EXPECT_EQ(HeaderOf(Render(header, "http://h/", {{"id", "12"}}), "X-Referer"), "/detail/12");
}

TEST(RequestTemplateRenderTest, NonceAndTimestampFromTheRealSources) {
  const RequestTemplate request = Parse(kYgpRequest);
  ASSERT_EQ(::setenv("GAPWATCH_TEST_SALT", "salt", 1), 0);
  const std::map<std::string, std::string> variables = {{"page", "1"}, {"page_size", "10"}, {"keyword", ""}};
  const PreparedRequest first = Render(request, "http://h/search", variables);
  const PreparedRequest second = Render(request, "http://h/search", variables);
  ::unsetenv("GAPWATCH_TEST_SALT");
  const std::string nonce = HeaderOf(first, "X-Dgi-Req-Nonce");
  EXPECT_EQ(nonce.size(), 16u);
  EXPECT_TRUE(std::all_of(nonce.begin(), nonce.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c));
  })) << nonce;
  EXPECT_NE(nonce, HeaderOf(second, "X-Dgi-Req-Nonce"));
  const std::string timestamp = HeaderOf(first, "X-Dgi-Req-Timestamp");
  EXPECT_TRUE(!timestamp.empty() && std::all_of(timestamp.begin(), timestamp.end(), ::isdigit)) << timestamp;
  EXPECT_GT(std::stoll(timestamp), 1700000000000LL);  // milliseconds, not seconds
  EXPECT_NE(HeaderOf(first, "X-Dgi-Req-Signature"), HeaderOf(second, "X-Dgi-Req-Signature"));
}

TEST(RequestTemplateRenderTest, SignatureIsSha256OverNonceSaltCanonicalBodyAndTimestamp) {
  const RequestTemplate request = Parse(kYgpRequest);
  const PreparedRequest prepared = Render(request, "http://h/ggzy-portal/search/v2/items",
                                          {{"page", "2"}, {"page_size", "20"}, {"keyword", "道路%20工程+"}},
                                          FixedSources({{"GAPWATCH_TEST_SALT", "the-salt"}}));
  EXPECT_EQ(prepared.body, R"({"type":"trading-type","openConvert":false,"keyword":"道路%20工程+","siteCode":"440200",)"
                           R"("secondType":"","thirdType":"[]","pageNo":2,"pageSize":20})");
  const std::string canonical =
      "keyword=道路 工程 &openConvert=false&pageNo=2&pageSize=20&secondType=&siteCode=440200&thirdType=[]&"
      "type=trading-type";
  EXPECT_EQ(CanonicalJsonBody(prepared.body), canonical);
  EXPECT_EQ(prepared.headers, (std::vector<std::pair<std::string, std::string>>{
                                  {"X-Dgi-Req-App", "ggzy-portal"},
                                  {"Content-Type", "application/json"},
                                  {"X-Dgi-Req-Nonce", "NNNNNNNNNNNNNNNN"},
                                  {"X-Dgi-Req-Timestamp", "1735660800123"},
                                  {"X-Dgi-Req-Signature", Sha256HexByOpenSsl("NNNNNNNNNNNNNNNN"
                                                                             "the-salt" +
                                                                             canonical + "1735660800123")},
                              }));
  EXPECT_EQ(prepared.secret_headers, std::set<std::string>{"X-Dgi-Req-Signature"});
}

TEST(RequestTemplateRenderTest, MissingEnvironmentVariableIsNamedAndNothingLeaks) {
  const RequestTemplate request = Parse(R"(request:
  method: POST
  headers: {Authorization: "Bearer {env:GAPWATCH_TEST_TOKEN}"}
  json: {a: 1}
  computed_headers:
    X-Sig: {sha256_hex: ["{env:GAPWATCH_TEST_UNSET_SALT}", "{canonical_body}"]}
)");
  ASSERT_EQ(::setenv("GAPWATCH_TEST_TOKEN", "tok-3e1b9c", 1), 0);
  ::unsetenv("GAPWATCH_TEST_UNSET_SALT");
  try {
    Render(request, "http://h/", {});
    FAIL() << "rendered without the salt";
  } catch (const std::runtime_error& error) {
    const std::string message = error.what();
    EXPECT_EQ(message,
              "request template: header 'X-Sig' needs environment variable GAPWATCH_TEST_UNSET_SALT, which is not set "
              "(or is empty)");
    EXPECT_EQ(message.find("tok-3e1b9c"), std::string::npos);
  }
  // Set, the secret reaches the request but not its description.
  ASSERT_EQ(::setenv("GAPWATCH_TEST_UNSET_SALT", "salt-77aa", 1), 0);
  const PreparedRequest prepared = Render(request, "http://h/", {});
  ::unsetenv("GAPWATCH_TEST_TOKEN");
  ::unsetenv("GAPWATCH_TEST_UNSET_SALT");
  EXPECT_EQ(HeaderOf(prepared, "Authorization"), "Bearer tok-3e1b9c");
  EXPECT_EQ(prepared.secret_headers, (std::set<std::string>{"Authorization", "X-Sig"}));
  const std::string description = Describe(prepared);
  EXPECT_EQ(description,
            "POST http://h/ | Authorization: <redacted> | Content-Type: application/json | X-Sig: <redacted> | body: "
            R"({"a":1})");
  EXPECT_EQ(description.find("tok-3e1b9c"), std::string::npos);
}

TEST(RequestTemplateRenderTest, SecretnessFollowsHeaderReferences) {
  const RequestTemplate request = Parse(R"(request:
  headers: {X-Key: "{env:K}", X-App: app}
  computed_headers:
    X-Nonce: {nonce: 4}
    X-Inner: {sha256_hex: "{header:x-key}"}
    X-Outer: {sha256_hex: ["{header:X-Inner}", "{header:X-Nonce}"]}
    X-Public: {sha256_hex: ["{header:X-App}", "{header:X-Nonce}"]}
)");
  const PreparedRequest prepared = Render(request, "http://h/", {}, FixedSources({{"K", "k"}}));
  EXPECT_EQ(prepared.secret_headers, (std::set<std::string>{"X-Key", "X-Inner", "X-Outer"}));
  EXPECT_EQ(HeaderOf(prepared, "X-Inner"), Sha256HexByOpenSsl("k"));
  EXPECT_EQ(HeaderOf(prepared, "X-Outer"), Sha256HexByOpenSsl(Sha256HexByOpenSsl("k") + "NNNN"));
  EXPECT_EQ(HeaderOf(prepared, "X-Public"), Sha256HexByOpenSsl("appNNNN"));
}

TEST(RequestTemplateRenderTest, DescribeCutsLongBodiesOnACharacterBoundary) {
  PreparedRequest request{"POST", "http://h/", {{"X-A", "1"}}, std::string(511, 'a') + "韶关", {}};
  EXPECT_EQ(Describe(request), "POST http://h/ | X-A: 1 | body: " + std::string(511, 'a') + "… (517 bytes)");
}

// ---- The canonical body ----

TEST(CanonicalBodyTest, JsonKeysInByteOrder) {
  EXPECT_EQ(CanonicalJsonBody(R"({"b":1,"a":"x","c":true})"), "a=x&b=1&c=true");
  EXPECT_EQ(CanonicalJsonBody(R"({"b":1,"aa":2,"a":3,"B":4,"_":5,"韶":6})"), "B=4&_=5&a=3&aa=2&b=1&韶=6");
  EXPECT_EQ(CanonicalJsonBody("{}"), "");
  EXPECT_EQ(CanonicalJsonBody(" \n{ \"k\" : \"v\" ,\t\"j\":null } \r\n"), "j=null&k=v");
  EXPECT_EQ(CanonicalJsonBody(R"({"a":1,"a":2})"), "a=2") << "a repeated key: the last one counts";
}

TEST(CanonicalBodyTest, StringValuesAreUrlDecoded) {
  EXPECT_EQ(CanonicalJsonBody(R"({"q":"a%20b+c%E9%9F%B6%e5%85%b3"})"), "q=a b c韶关");
  EXPECT_EQ(CanonicalJsonBody(R"({"q":"100%","r":"%zz%4","s":"%%41"})"), "q=100%&r=%zz%4&s=%A");
  // JSON escapes first, URL-decoding after; keys are not URL-decoded.
  EXPECT_EQ(CanonicalJsonBody(R"({"a%20b":"\u97f6\n\"\\\/","e":"\ud83d\ude00"})"), "a%20b=韶\n\"\\/&e=😀");
  EXPECT_EQ(CanonicalJsonBody(R"({"t":"[]","u":""})"), "t=[]&u=");
}

TEST(CanonicalBodyTest, NumbersAndLiteralsAsWritten) {
  EXPECT_EQ(CanonicalJsonBody(R"({"a":1.50,"b":-0,"c":1e5,"d":1E+2,"e":false,"f":null,"g":12345678901234567890123})"),
            "a=1.50&b=-0&c=1e5&d=1E+2&e=false&f=null&g=12345678901234567890123");
}

TEST(CanonicalBodyTest, NestedValuesAsCompactJson) {
  EXPECT_EQ(CanonicalJsonBody(R"({"t": [1, 2, {"k": "v%20"}], "e": [ ], "o": {"z": [true], "a": "x y"}})"),
            R"(e=[]&o={"a":"x y","z":[true]}&t=[1,2,{"k":"v%20"}])");
}

TEST(CanonicalBodyTest, NotAJsonObject) {
  for (const char* body : {"", "[1]", "\"x\"", "1", "{", "{\"a\":}", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1} x", "{a:1}",
                           "{\"a\":tru}", "{\"a\":\"\x01\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\ud800\"}",
                           "{\"a\":\"\xff\"}", "{\"a\":[1,]}", "{\"a\":1}{}"}) {
    EXPECT_EQ(CanonicalJsonBody(body), std::nullopt) << body;
  }
  const std::string deep = "{\"a\":" + std::string(600, '[') + std::string(600, ']') + "}";
  EXPECT_EQ(CanonicalJsonBody(deep), std::nullopt) << "depth is bounded";
  const std::string nested = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_EQ(CanonicalJsonBody(nested), "a=" + std::string(100, '[') + std::string(100, ']'));
}

TEST(CanonicalBodyTest, FormFields) {
  EXPECT_EQ(CanonicalFormBody("b=2&a=x%20y+z&c=&&d"), "a=x y z&b=2&c=&d=");
  EXPECT_EQ(CanonicalFormBody("n%61me=v&a=1&a=2"), "a=2&name=v");
  EXPECT_EQ(CanonicalFormBody(""), "");
}

}  // namespace
}  // namespace gapwatch
