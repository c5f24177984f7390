// Request templates against the real thing: the simulator's trading site
// (`gapwatch sim`, on loopback) checks the ygp search signature with its own
// implementation (sim/trading_signature.h); a request rendered from the
// template sites.yaml would hold must pass it with the right salt and be
// refused with a wrong one. Sent with libcurl as rendered.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "crawler/request_template.h"
#include "sim/trading_signature.h"  // kYgpSignatureSalt only: a constant, no sim code is linked
#include "tests/support/process.h"

namespace gapwatch {
namespace {

const std::string kGapwatch = GAPWATCH_EXECUTABLE;
constexpr char kSaltVariable[] = "GAPWATCH_YGP_SALT";

// The ygp list request as sites.yaml describes it (SITES.md §2.2).
constexpr char kYgpSearch[] = R"(request:
  method: POST
  headers: {X-Dgi-Req-App: ggzy-portal}
  json:
    type: trading-type
    openConvert: false
    keyword: "{keyword}"
    siteCode: "440200"
    secondType: ""
    tradingProcess: ""
    thirdType: "[]"
    projectType: ""
    publishStartTime: ""
    publishEndTime: ""
    pageNo: "{page:int}"
    pageSize: "{page_size:int}"
  computed_headers:
    X-Dgi-Req-Nonce: {nonce: 16}
    X-Dgi-Req-Timestamp: {timestamp_ms: true}
    X-Dgi-Req-Signature:
      sha256_hex: ["{header:X-Dgi-Req-Nonce}", "{env:GAPWATCH_YGP_SALT}", "{canonical_body}", "{header:X-Dgi-Req-Timestamp}"]
)";

struct Response {
  long status = 0;
  std::string body;
  std::string error;
};

size_t AppendBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

Response Send(const PreparedRequest& request) {
  Response response;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) headers = curl_slist_append(headers, (name + ": " + value).c_str());
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers, curl_slist_free_all);
  curl_easy_setopt(curl.get(), CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &response.body);
  if (request.method == "POST") {
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, request.body.c_str());
  }
  const CURLcode code = curl_easy_perform(curl.get());
  if (code != CURLE_OK) response.error = curl_easy_strerror(code);
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

class RequestTemplateSimTest : public ::testing::Test {
 protected:
  // One simulator for the suite: building its world takes a moment.
  static void SetUpTestSuite() {
    simulator_ = new testing::BackgroundProcess({kGapwatch, "sim", "--seed", "1", "--listen", "127.0.0.1:0"});
    for (std::string line = simulator_->ReadLine(); !line.empty(); line = simulator_->ReadLine()) {
      if (line.rfind("trading=", 0) == 0) {
        trading_ = line.substr(std::string("trading=").size());
        break;
      }
    }
  }
  static void TearDownTestSuite() {
    delete simulator_;
    simulator_ = nullptr;
  }
  void SetUp() override { ASSERT_EQ(trading_.rfind("http://127.0.0.1:", 0), 0u) << "trading site not announced"; }
  void TearDown() override { ::unsetenv(kSaltVariable); }

  static PreparedRequest Search(int page, int page_size, const std::string& keyword = "") {
    static const RequestTemplate search =
        ParseRequestTemplate(ConfigNode(ParseYamlText(kYgpSearch, "sites.yaml")["request"], "sites.yaml", "request"));
    return Render(search, trading_ + "/ggzy-portal/search/v2/items",
                  {{"page", std::to_string(page)}, {"page_size", std::to_string(page_size)}, {"keyword", keyword}});
  }

  static nlohmann::json Json(const Response& response) {
    EXPECT_EQ(response.error, "");
    EXPECT_EQ(response.status, 200) << response.body;
    return nlohmann::json::parse(response.body, nullptr, false);
  }

  static testing::BackgroundProcess* simulator_;
  static std::string trading_;
};

testing::BackgroundProcess* RequestTemplateSimTest::simulator_ = nullptr;
std::string RequestTemplateSimTest::trading_;

TEST_F(RequestTemplateSimTest, SignedSearchWithTheRightSaltGetsRows) {
  ASSERT_EQ(::setenv(kSaltVariable, sim::kYgpSignatureSalt, 1), 0);
  const nlohmann::json first = Json(Send(Search(1, 5)));
  ASSERT_EQ(first["errcode"], 0) << first.dump();
  ASSERT_EQ(first["data"]["pageData"].size(), 5u) << first.dump();
  EXPECT_GT(first["data"]["total"].get<long>(), 5);
  EXPECT_TRUE(first["data"]["pageData"][0].contains("noticeId"));
  // Page 2: a new nonce and timestamp, the next rows.
  const nlohmann::json second = Json(Send(Search(2, 5)));
  ASSERT_EQ(second["errcode"], 0) << second.dump();
  ASSERT_EQ(second["data"]["pageData"].size(), 5u);
  EXPECT_NE(second["data"]["pageData"][0]["noticeId"], first["data"]["pageData"][0]["noticeId"]);
}

TEST_F(RequestTemplateSimTest, CanonicalBodyAgreesWithTheSiteOnUrlDecoding) {
  ASSERT_EQ(::setenv(kSaltVariable, sim::kYgpSignatureSalt, 1), 0);
  // Spaces, '+', a stray '%' and an escape: the signature covers their URL-decoded form.
  const nlohmann::json answer = Json(Send(Search(1, 10, "韶关 工程+100%%E5%85%AC")));
  EXPECT_EQ(answer["errcode"], 0) << answer.dump();
}

TEST_F(RequestTemplateSimTest, WrongSaltIsRefused) {
  ASSERT_EQ(::setenv(kSaltVariable, "not-the-salt", 1), 0);
  const nlohmann::json answer = Json(Send(Search(1, 5)));
  EXPECT_EQ(answer["errcode"], 90104) << answer.dump();
  EXPECT_TRUE(answer["data"].is_null());
}

TEST_F(RequestTemplateSimTest, BodyChangedAfterSigningIsRefused) {
  ASSERT_EQ(::setenv(kSaltVariable, sim::kYgpSignatureSalt, 1), 0);
  PreparedRequest request = Search(1, 5);
  const auto at = request.body.find("\"pageSize\":5");
  ASSERT_NE(at, std::string::npos) << request.body;
  request.body.replace(at, 12, "\"pageSize\":6");
  EXPECT_EQ(Json(Send(request))["errcode"], 90104);
}

}  // namespace
}  // namespace gapwatch
