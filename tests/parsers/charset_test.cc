#include "parsers/charset.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include <stdexcept>

namespace gapwatch {
namespace {

constexpr char kName[] = "韶关市公共资源交易中心";
constexpr char kReplacement[] = "\xEF\xBF\xBD";

// `utf8` encoded as `charset` by iconv, independently of the code under test.
std::string Encode(std::string_view utf8, const char* charset) {
  const iconv_t converter = iconv_open(charset, "UTF-8");
  if (converter == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error(std::string("iconv: no ") + charset);
  std::string out(utf8.size() * 4 + 4, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* next = out.data();
  size_t out_left = out.size();
  const size_t result = iconv(converter, &in, &in_left, &next, &out_left);
  iconv_close(converter);
  if (result == static_cast<size_t>(-1)) throw std::runtime_error(std::string("iconv: cannot encode as ") + charset);
  out.resize(out.size() - out_left);
  return out;
}

std::string Gbk(std::string_view utf8) { return Encode(utf8, "GBK"); }

std::string Page(std::string_view head, std::string_view body) {
  return "<html><head>" + std::string(head) + "<title>公告</title></head><body><h2>" + std::string(body) +
         "</h2></body></html>";
}

TEST(DecodeToUtf8, TestDataIsGbk) {
  const std::string gbk = Gbk(kName);
  ASSERT_EQ(gbk.size(), 22u);               // 11 characters, 2 bytes each
  EXPECT_EQ(gbk.substr(0, 2), "\xC9\xD8");  // 韶
}

TEST(DecodeToUtf8, HeaderCharsetInAnyCaseQuotedOrNot) {
  const std::string gbk = Gbk(kName);
  for (const char* header : {"text/html; charset=gbk", "text/html;charset=GB2312", "text/html; charset=\"GBK\"",
                             "text/html; Charset='gbk'", "text/html; charset = x-gbk", "text/html;charset=cp936"}) {
    const DecodedText decoded = DecodeToUtf8(gbk, header);
    EXPECT_EQ(decoded.text, kName) << header;
    EXPECT_EQ(decoded.charset, "gb18030") << header;
    EXPECT_EQ(decoded.replaced, 0u) << header;
  }
}

TEST(DecodeToUtf8, Gb18030CoversCharactersGbkLacks) {
  const std::string text = "€ 𠀀 韶关";  // 𠀀 (U+20000) takes GB18030's four-byte form
  const DecodedText decoded = DecodeToUtf8(Encode(text, "GB18030"), "text/html; charset=gb2312");
  EXPECT_EQ(decoded.text, text);
  EXPECT_EQ(decoded.replaced, 0u);
}

TEST(DecodeToUtf8, ByteOrderMarks) {
  const DecodedText utf8 = DecodeToUtf8("\xEF\xBB\xBF" + std::string(kName), "text/html");
  EXPECT_EQ(utf8.text, kName);  // the BOM is not text
  EXPECT_EQ(utf8.charset, "utf-8");

  const DecodedText little = DecodeToUtf8("\xFF\xFE" + Encode(kName, "UTF-16LE"), "");
  EXPECT_EQ(little.text, kName);
  EXPECT_EQ(little.charset, "utf-16le");
  EXPECT_EQ(little.replaced, 0u);

  const DecodedText big = DecodeToUtf8("\xFE\xFF" + Encode("a韶", "UTF-16BE"), "text/plain");
  EXPECT_EQ(big.text, "a韶");
  EXPECT_EQ(big.charset, "utf-16be");
}

TEST(DecodeToUtf8, HeaderNamingUtf16NeedsNoBom) {
  const DecodedText decoded = DecodeToUtf8(Encode(kName, "UTF-16LE"), "text/plain; charset=utf-16le");
  EXPECT_EQ(decoded.text, kName);
  EXPECT_EQ(decoded.charset, "utf-16le");
}

TEST(DecodeToUtf8, MetaCharsetInItsUsualAndMalformedForms) {
  for (const char* meta : {"<meta charset=\"gbk\">", "<META CHARSET=GBK>", "<meta charset='gb2312'/>",
                           "<meta  charset =gbk >", "<meta charset = \"GBK\" />", "<Meta\ncharset=x-gbk>"}) {
    const std::string page = Page(meta, kName);
    const DecodedText decoded = DecodeToUtf8(Gbk(page), "text/html");
    EXPECT_EQ(decoded.text, page) << meta;
    EXPECT_EQ(decoded.charset, "gb18030") << meta;
  }
}

TEST(DecodeToUtf8, MetaHttpEquivInItsUsualAndMalformedForms) {
  for (const char* meta : {"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\" />",
                           "<META HTTP-EQUIV=\"CONTENT-TYPE\" CONTENT=\"TEXT/HTML; CHARSET=GB2312\">",
                           "<meta http-equiv='content-type' content='text/html;charset=gbk'>",
                           "<meta http-equiv=Content-Type content=text/html;charset=gbk>",
                           "<meta content=\"text/html; charset =gbk\" http-equiv = \"Content-Type\">"}) {
    const std::string page = Page(meta, kName);
    const DecodedText decoded = DecodeToUtf8(Gbk(page), "");
    EXPECT_EQ(decoded.text, page) << meta;
    EXPECT_EQ(decoded.charset, "gb18030") << meta;
  }
}

TEST(DecodeToUtf8, MetaIsReadOnlyWhereItCounts) {
  // Not a content-type pragma, inside a comment, or past the first 4 KiB: none declares the page.
  const std::string ignored = "<meta name=\"description\" content=\"charset=big5\"><!-- <meta charset=big5> -->" +
                              std::string(4096, ' ') + "<meta charset=big5>";
  const DecodedText decoded = DecodeToUtf8(Gbk(Page(ignored, kName)), "text/html");
  EXPECT_EQ(decoded.text, Page(ignored, kName));
  EXPECT_EQ(decoded.charset, "gb18030");  // found by detection
}

TEST(DecodeToUtf8, MetaClaimingUtf16IsReadAsUtf8) {
  const std::string page = Page("<meta charset=\"utf-16\">", kName);
  const DecodedText decoded = DecodeToUtf8(page, "text/html");
  EXPECT_EQ(decoded.text, page);
  EXPECT_EQ(decoded.charset, "utf-8");
}

TEST(DecodeToUtf8, DetectsGbkWithoutAnyDeclaration) {
  const std::string page = Page("", kName);
  const DecodedText decoded = DecodeToUtf8(Gbk(page), "text/html");
  EXPECT_EQ(decoded.text, page);
  EXPECT_EQ(decoded.charset, "gb18030");
  EXPECT_EQ(decoded.replaced, 0u);
}

TEST(DecodeToUtf8, DetectsUtf8WithoutAnyDeclaration) {
  const DecodedText decoded = DecodeToUtf8(Page("", kName), "");
  EXPECT_EQ(decoded.text, Page("", kName));
  EXPECT_EQ(decoded.charset, "utf-8");
}

TEST(DecodeToUtf8, DetectsTruncatedGbkAsGbk) {
  // A body cut mid-character (a maximum body size) is still GBK, with one replacement.
  const std::string gbk = Gbk(Page("", kName));
  const DecodedText decoded = DecodeToUtf8(gbk + "\xC9", "text/html");
  EXPECT_EQ(decoded.text, Page("", kName) + kReplacement);
  EXPECT_EQ(decoded.charset, "gb18030");
  EXPECT_EQ(decoded.replaced, 1u);
}

TEST(DecodeToUtf8, DetectsDamagedGbkAsGbk) {
  const DecodedText decoded = DecodeToUtf8(Gbk(Page("", "韶关")) + "\xFF" + Gbk(kName), "text/html");
  EXPECT_EQ(decoded.text, Page("", "韶关") + kReplacement + kName);
  EXPECT_EQ(decoded.charset, "gb18030");
  EXPECT_EQ(decoded.replaced, 1u);
}

TEST(DecodeToUtf8, TruncatedUtf8StaysUtf8) {
  const std::string page = Page("", kName);
  const std::string cut = page.substr(0, page.find("关") + 2);  // inside 关's three bytes
  for (const char* header : {"text/html; charset=utf-8", "text/html"}) {
    const DecodedText decoded = DecodeToUtf8(cut, header);
    EXPECT_EQ(decoded.text, page.substr(0, page.find("关")) + kReplacement) << header;
    EXPECT_EQ(decoded.charset, "utf-8") << header;
    EXPECT_EQ(decoded.replaced, 1u) << header;
  }
}

TEST(DecodeToUtf8, GbkBytesDeclaredUtf8AreDecodedAsGb18030) {
  const std::string page = Page("<meta charset=\"utf-8\">", kName);
  const DecodedText from_header = DecodeToUtf8(Gbk(page), "text/html;charset=UTF-8");
  EXPECT_EQ(from_header.text, page);
  EXPECT_EQ(from_header.charset, "gb18030 (declared utf-8)");
  EXPECT_EQ(from_header.replaced, 0u);

  const DecodedText from_meta = DecodeToUtf8(Gbk(page), "text/html");
  EXPECT_EQ(from_meta.text, page);
  EXPECT_EQ(from_meta.charset, "gb18030 (declared utf-8)");

  const DecodedText cut_short = DecodeToUtf8(Gbk(page) + "\xC9", "text/html;charset=UTF-8");
  EXPECT_EQ(cut_short.text, page + kReplacement);
  EXPECT_EQ(cut_short.charset, "gb18030 (declared utf-8)");
  EXPECT_EQ(cut_short.replaced, 1u);
}

TEST(DecodeToUtf8, Utf8BytesDeclaredGbkAreDecodedAsUtf8) {
  // What the simulator's --faults charset does to a UTF-8 page. GB18030 would
  // read UTF-8 bytes as other characters, often without a single error.
  const std::string page = Page("", "韶关市公共资源");
  const DecodedText decoded = DecodeToUtf8(page, "text/html;charset=GBK");
  EXPECT_EQ(decoded.text, page);
  EXPECT_EQ(decoded.charset, "utf-8 (declared gbk)");
  EXPECT_EQ(decoded.replaced, 0u);

  // Damaged as well: UTF-8 still reads it with fewer replacements.
  const DecodedText damaged = DecodeToUtf8(page + "\xFF" + kName, "application/json;charset=GBK");
  EXPECT_EQ(damaged.text, page + kReplacement + kName);
  EXPECT_EQ(damaged.charset, "utf-8 (declared gbk)");
  EXPECT_EQ(damaged.replaced, 1u);

  const DecodedText cut_short = DecodeToUtf8(page + std::string(kName).substr(0, 4), "text/html;charset=GBK");
  EXPECT_EQ(cut_short.text, page + "韶" + kReplacement);
  EXPECT_EQ(cut_short.charset, "utf-8 (declared gbk)");
}

TEST(DecodeToUtf8, DeclaredCharsetStandsWhenDetectionIsNoBetter) {
  // Bytes broken in either reading: the declaration is kept and the damage counted.
  const std::string gbk = Gbk(kName) + "\xFF";
  const DecodedText decoded = DecodeToUtf8(gbk, "text/html; charset=gbk");
  EXPECT_EQ(decoded.text, std::string(kName) + kReplacement);
  EXPECT_EQ(decoded.charset, "gb18030");
  EXPECT_EQ(decoded.replaced, 1u);
}

TEST(DecodeToUtf8, OverrideWinsOverEveryDeclaration) {
  const std::string page = Page("<meta charset=\"utf-8\">", kName);
  const DecodedText decoded = DecodeToUtf8(Gbk(page), "text/html; charset=utf-8", "GB2312");
  EXPECT_EQ(decoded.text, page);
  EXPECT_EQ(decoded.charset, "gb18030");

  // Even when it is wrong: the override is a person's decision, so the damage is counted, not second-guessed.
  const DecodedText wrong = DecodeToUtf8(Gbk(kName), "text/html; charset=gbk", "utf-8");
  EXPECT_EQ(wrong.charset, "utf-8");
  EXPECT_GT(wrong.replaced, 0u);
}

TEST(DecodeToUtf8, InvalidBytesAreReplacedAndCounted) {
  // Each bad byte counts; an incomplete character at the end counts once.
  const std::string broken = std::string("韶关\xFF") + "市\xC0\xAF" + "公共资源\xE9\x9F";
  const DecodedText utf8 = DecodeToUtf8(broken, "application/json; charset=utf-8");
  EXPECT_EQ(utf8.text,
            std::string("韶关") + kReplacement + "市" + kReplacement + kReplacement + "公共资源" + kReplacement);
  EXPECT_EQ(utf8.charset, "utf-8");
  EXPECT_EQ(utf8.replaced, 4u);
  // Undeclared, these bytes are still mostly UTF-8, though GB18030 would replace fewer of them.
  EXPECT_EQ(DecodeToUtf8(broken, "").text, utf8.text);

  // 0xC9 0x0A: a GBK lead byte before a newline; the newline survives.
  const DecodedText gbk = DecodeToUtf8(Gbk("韶关") + "\xC9\n" + Gbk("市"), "", "gbk");
  EXPECT_EQ(gbk.text, std::string("韶关") + kReplacement + "\n市");
  EXPECT_EQ(gbk.replaced, 1u);

  const DecodedText utf16 = DecodeToUtf8(Encode("韶", "UTF-16LE") + std::string("\x00\xDC", 2) + "a", "", "utf-16le");
  EXPECT_EQ(utf16.text, std::string("韶") + kReplacement + kReplacement);  // a lone surrogate, then half a unit
  EXPECT_EQ(utf16.replaced, 2u);
}

TEST(DecodeToUtf8, UnknownLabelsAreSkipped) {
  const std::string page = Page("", kName);
  const DecodedText from_header = DecodeToUtf8(Gbk(page), "text/html; charset=x-no-such-charset");
  EXPECT_EQ(from_header.text, page);
  EXPECT_EQ(from_header.charset, "gb18030 (unknown charset x-no-such-charset)");

  // iconv's own syntax is not a label.
  const DecodedText suffixed = DecodeToUtf8(page, "text/html; charset=\"UTF-8//IGNORE\"");
  EXPECT_EQ(suffixed.text, page);
  EXPECT_EQ(suffixed.charset, "utf-8 (unknown charset utf-8//ignore)");

  // An unknown override gives way to the page's own declaration.
  const std::string declared = Page("<meta charset=gbk>", kName);
  const DecodedText overridden = DecodeToUtf8(Gbk(declared), "text/html", "klingon");
  EXPECT_EQ(overridden.text, declared);
  EXPECT_EQ(overridden.charset, "gb18030 (unknown charset klingon)");
}

TEST(DecodeToUtf8, EmptyInput) {
  for (const char* header : {"", "text/html; charset=gbk", "text/html; charset=utf-16le"}) {
    const DecodedText decoded = DecodeToUtf8("", header);
    EXPECT_EQ(decoded.text, "") << header;
    EXPECT_EQ(decoded.replaced, 0u) << header;
  }
  EXPECT_EQ(DecodeToUtf8("", "").charset, "utf-8");
}

TEST(DecodeToUtf8, PureAsciiIsUnchangedUnderAnyAsciiBasedCharset) {
  const std::string ascii = "<html><body>GDJY2025-001 <a href=\"/x?y=1&z=2\">1,420,000.00</a></body></html>\n";
  for (const char* header : {"", "text/html", "text/html; charset=utf-8", "text/html; charset=gbk"}) {
    const DecodedText decoded = DecodeToUtf8(ascii, header);
    EXPECT_EQ(decoded.text, ascii) << header;
    EXPECT_EQ(decoded.replaced, 0u) << header;
  }
}

TEST(DecodeToUtf8, Utf8JsonPassesThroughByteIdentical) {
  const std::string json =
      R"({"data":[{"title":"韶关市第一人民医院 CT 采购","amount":"1420000.00","note":"€ 𠀀 \u00e9 é"}]})";
  for (const char* header : {"application/json;charset=UTF-8", "application/json", "application/json;charset=GBK"}) {
    const DecodedText decoded = DecodeToUtf8(json, header);
    EXPECT_EQ(decoded.text, json) << header;
    EXPECT_EQ(decoded.replaced, 0u) << header;
  }
}

TEST(DecodeToUtf8, NeverThrowsOnArbitraryBytes) {
  std::string bytes;
  for (int i = 0; i < 4096; ++i) bytes += static_cast<char>((i * 7919) % 256);
  for (const char* header : {"", "text/html; charset=gbk", "text/html; charset=utf-8", "text/html; charset=utf-16be",
                             "text/html; charset=iso-2022-jp", "text/html; charset=big5"}) {
    EXPECT_NO_THROW({
      const DecodedText decoded = DecodeToUtf8(bytes, header);
      EXPECT_FALSE(decoded.charset.empty()) << header;
      EXPECT_EQ(DecodeToUtf8(decoded.text, "text/plain; charset=utf-8").replaced, 0u) << header;  // valid UTF-8
    }) << header;
  }
}

}  // namespace
}  // namespace gapwatch
