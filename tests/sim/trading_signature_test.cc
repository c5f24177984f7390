// The ygp request signature: SHA-256 against known digests, the canonical
// body (sorted keys, URL-decoded strings, numbers as written, compact JSON
// for arrays and objects) and the header checks that turn a request away.
#include "sim/trading_signature.h"

#include <gtest/gtest.h>

namespace gapwatch::sim {
namespace {

std::map<std::string, std::string> Headers(const std::string& nonce, const std::string& timestamp,
                                           const std::string& signature) {
  return {{"x-dgi-req-app", "ggzy-portal"},
          {"x-dgi-req-nonce", nonce},
          {"x-dgi-req-timestamp", timestamp},
          {"x-dgi-req-signature", signature}};
}

TEST(TradingSignatureTest, Sha256MatchesKnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(TradingSignatureTest, CanonicalBodySortsKeysByBytesAndKeepsValuesAsWritten) {
  const std::string body =
      R"({"pageSize":10, "keyword":"%E9%9F%B6%E5%85%B3+a%20b", "openConvert":false, "thirdType":"[]",)"
      R"( "b":[1, 2], "c":{"x": 1}, "n":1.50, "z":null, "Z":"upper", "pageNo":1})";
  EXPECT_EQ(CanonicalBody(body),
            "Z=upper&b=[1,2]&c={\"x\":1}&keyword=韶关 a b&n=1.50&openConvert=false&pageNo=1&pageSize=10&"
            "thirdType=[]&z=null");
  EXPECT_EQ(CanonicalBody("{}"), "");
  EXPECT_EQ(CanonicalBody(R"({"a":"x\"y"})"), "a=x\"y");
  EXPECT_FALSE(CanonicalBody("[1,2]"));
  EXPECT_FALSE(CanonicalBody("{\"a\":"));
  EXPECT_FALSE(CanonicalBody(""));
}

TEST(TradingSignatureTest, SignatureIsTheDigestOfNonceSaltBodyAndTimestamp) {
  EXPECT_EQ(YgpSignature("N", "S", "a=1", "T"), Sha256Hex("NSa=1T"));
}

TEST(TradingSignatureTest, AcceptsOnlyWellFormedMatchingHeaders) {
  const std::string body = R"({"pageNo":1,"keyword":""})";
  const std::string nonce = "Ab3dEf6hIj9kLm0n";
  const std::string timestamp = "1732780800000";
  const std::string good = Sha256Hex(nonce + "salt" + "keyword=&pageNo=1" + timestamp);
  EXPECT_TRUE(HasValidYgpSignature(Headers(nonce, timestamp, good), body, "salt"));
  // The same fields in another order sign the same way.
  EXPECT_TRUE(HasValidYgpSignature(Headers(nonce, timestamp, good), R"({"keyword":"","pageNo":1})", "salt"));

  EXPECT_FALSE(HasValidYgpSignature(Headers(nonce, timestamp, good), body, "other salt"));
  EXPECT_FALSE(HasValidYgpSignature(Headers(nonce, timestamp, good), R"({"pageNo":2,"keyword":""})", "salt"));
  EXPECT_FALSE(HasValidYgpSignature({}, body, "salt"));
  auto upper = good;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_FALSE(HasValidYgpSignature(Headers(nonce, timestamp, upper), body, "salt"));
  auto wrong_app = Headers(nonce, timestamp, good);
  wrong_app["x-dgi-req-app"] = "portal";
  EXPECT_FALSE(HasValidYgpSignature(wrong_app, body, "salt"));
  const std::string short_nonce = "Ab3dEf6hIj9kLm0";
  EXPECT_FALSE(HasValidYgpSignature(
      Headers(short_nonce, timestamp, Sha256Hex(short_nonce + "salt" + "keyword=&pageNo=1" + timestamp)), body,
      "salt"));
  const std::string dashed_nonce = "Ab3dEf6h-j9kLm0n";
  EXPECT_FALSE(HasValidYgpSignature(
      Headers(dashed_nonce, timestamp, Sha256Hex(dashed_nonce + "salt" + "keyword=&pageNo=1" + timestamp)), body,
      "salt"));
  const std::string odd_time = "17327808000x0";
  EXPECT_FALSE(HasValidYgpSignature(
      Headers(nonce, odd_time, Sha256Hex(nonce + "salt" + "keyword=&pageNo=1" + odd_time)), body, "salt"));
  // Any digits pass as a timestamp: the simulator does not judge its age.
  EXPECT_TRUE(
      HasValidYgpSignature(Headers(nonce, "1", Sha256Hex(nonce + "salt" + "keyword=&pageNo=1" + "1")), body, "salt"));
}

}  // namespace
}  // namespace gapwatch::sim
