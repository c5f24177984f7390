// UTF-8 ⇄ GBK through glibc's iconv, against known GBK bytes.
#include "sim/gbk.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace gapwatch::sim {
namespace {

// printf 韶关市公共资源交易中心 | iconv -f utf-8 -t gbk | xxd
constexpr char kGbk[] = "\xC9\xD8\xB9\xD8\xCA\xD0\xB9\xAB\xB9\xB2\xD7\xCA\xD4\xB4\xBD\xBB\xD2\xD7\xD6\xD0\xD0\xC4";

TEST(GbkTest, RoundTripAgainstKnownBytes) {
  const std::string utf8 = "韶关市公共资源交易中心";
  const std::string gbk = Utf8ToGbk(utf8);
  EXPECT_EQ(gbk, std::string(kGbk));
  EXPECT_EQ(gbk.substr(0, 2), "\xC9\xD8");  // 韶
  EXPECT_EQ(GbkToUtf8(gbk), utf8);
}

TEST(GbkTest, AsciiAndFullWidthPunctuation) {
  EXPECT_EQ(Utf8ToGbk("<meta charset=\"gbk\">"), "<meta charset=\"gbk\">");
  EXPECT_EQ(Utf8ToGbk("（），：；"), "\xA3\xA8\xA3\xA9\xA3\xAC\xA3\xBA\xA3\xBB");
  EXPECT_EQ(GbkToUtf8(Utf8ToGbk("人民币捌仟贰佰元整 ￥1,000.00")), "人民币捌仟贰佰元整 ￥1,000.00");
  EXPECT_EQ(Utf8ToGbk(""), "");
}

TEST(GbkTest, LongTextCrossesTheBuffer) {
  std::string utf8;
  for (int i = 0; i < 3000; ++i) utf8 += "韶关";
  const std::string gbk = Utf8ToGbk(utf8);
  EXPECT_EQ(gbk.size(), 12000u);
  EXPECT_EQ(GbkToUtf8(gbk), utf8);
}

TEST(GbkTest, ThrowsOnWhatCannotBeConverted) {
  try {
    Utf8ToGbk("韶关😀");
    FAIL() << "encoded an emoji";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("byte 6"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Utf8ToGbk("¥"), std::invalid_argument);         // GBK has only the full-width ￥ (U+FFE5)
  EXPECT_THROW(Utf8ToGbk("\xE9\x9F"), std::invalid_argument);  // truncated UTF-8
  EXPECT_THROW(Utf8ToGbk("a\xFF"
                         "b"),
               std::invalid_argument);                             // not UTF-8
  EXPECT_THROW(GbkToUtf8("\xC9\xD8\xC9"), std::invalid_argument);  // half a character
}

}  // namespace
}  // namespace gapwatch::sim
