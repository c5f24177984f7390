#include "parsers/normalise.h"

#include <gtest/gtest.h>

namespace gapwatch {
namespace {

using std::nullopt;

TEST(FoldFullWidth, FoldsTheFullWidthBlockAndIdeographicSpace) {
  EXPECT_EQ(FoldFullWidth("ＮＸＪＳ２０１９－０１８"), "NXJS2019-018");
  EXPECT_EQ(FoldFullWidth("（一）：ａｂ　！～"), "(一):ab !~");
  EXPECT_EQ(FoldFullWidth("韶关市，。【】"), "韶关市,。【】");  // 。【】 are not in U+FF01–FF5E
}

TEST(FoldFullWidth, CopiesInvalidUtf8Through) {
  const std::string broken = std::string("a\xFF") + "ｂ\xE4";
  EXPECT_EQ(FoldFullWidth(broken), std::string("a\xFF") + "b\xE4");
}

TEST(NormaliseText, StripsHighlightTagsAndCollapsesWhitespace) {
  EXPECT_EQ(NormaliseText("韶关市<font color=\"red\">第一</font>人民医院"), "韶关市第一人民医院");
  EXPECT_EQ(NormaliseText("<em>曲江</em>区 <span class=\"highlight\">教育局</span>"), "曲江区 教育局");
  EXPECT_EQ(NormaliseText("  a&nbsp;&nbsp;b\u00a0\u3000c\n\t d  "), "a b c d");
  EXPECT_EQ(NormaliseText("A&amp;B &lt;1&gt; &#38; &#x4E2D;"), "A&B <1> & 中");
  EXPECT_EQ(NormaliseText("零\u200b宽"), "零宽");
  EXPECT_EQ(NormaliseText("   "), "");
}

TEST(NormaliseText, KeepsTextThatOnlyLooksLikeMarkup) {
  EXPECT_EQ(NormaliseText("1<2 且 3>2"), "1<2 且 3>2");
  EXPECT_EQ(NormaliseText("A & B; &unknown;"), "A & B; &unknown;");
}

TEST(NormaliseText, FoldsFullWidthLettersDigitsAndBrackets) {
  EXPECT_EQ(NormaliseText("广东（韶关）ＡＢＣ科技有限公司"), "广东(韶关)ABC科技有限公司");
}

TEST(NormaliseCode, FoldsTrimsUppercasesAndDropsBrackets) {
  EXPECT_EQ(NormaliseCode("ＮＸＪＳ２０１９－０１８"), "NXJS2019-018");
  EXPECT_EQ(NormaliseCode("  gdjy 251013001 fg046 "), "GDJY251013001FG046");
  EXPECT_EQ(NormaliseCode("［GDJY251013001FG046］"), "GDJY251013001FG046");
  EXPECT_EQ(NormaliseCode("【4188-2541GDG32711】"), "4188-2541GDG32711");
  EXPECT_EQ(NormaliseCode("(（LKZX2025-CG013）)"), "LKZX2025-CG013");
  EXPECT_EQ(NormaliseCode("GDJY<font color='red'>2510</font>13001FG046"), "GDJY251013001FG046");
  EXPECT_EQ(NormaliseCode("韶市监罚〔2025〕12号"), "韶市监罚〔2025〕12号");  // inner brackets stay
  EXPECT_EQ(NormaliseCode("（）"), "");
}

TEST(NormaliseMoney, PlainAndSeparatedAmounts) {
  EXPECT_EQ(NormaliseMoney("1890000.0000"), "1890000.00");
  EXPECT_EQ(NormaliseMoney("1,420,000.00元"), "1420000.00");
  EXPECT_EQ(NormaliseMoney("总价形式报价:569800.00(元)"), "569800.00");
  EXPECT_EQ(NormaliseMoney("人民币 8200 元整"), "8200.00");
  EXPECT_EQ(NormaliseMoney("０.５元"), "0.50");
  EXPECT_EQ(NormaliseMoney("１，２３４元"), "1234.00");
  EXPECT_EQ(NormaliseMoney("0"), "0.00");
}

TEST(NormaliseMoney, WanYuanConvertsExactly) {
  EXPECT_EQ(NormaliseMoney("￥56.980000 万元（人民币）"), "569800.00");
  EXPECT_EQ(NormaliseMoney("386万元"), "3860000.00");
  EXPECT_EQ(NormaliseMoney("0.0123万元"), "123.00");
  EXPECT_EQ(NormaliseMoney("12.345678万"), "123456.78");
  EXPECT_EQ(NormaliseMoney("1.5亿元"), "150000000.00");
  // A value from a label such as 中标价（万元）: the unit is in the label.
  EXPECT_EQ(NormaliseMoney("56.98", MoneyUnit::kWanYuan), "569800.00");
  // A unit in the value wins over the hint.
  EXPECT_EQ(NormaliseMoney("8200元", MoneyUnit::kWanYuan), "8200.00");
}

TEST(NormaliseMoney, RoundsSubFenDigitsHalfUp) {
  EXPECT_EQ(NormaliseMoney("0.004"), "0.00");
  EXPECT_EQ(NormaliseMoney("0.005"), "0.01");
  EXPECT_EQ(NormaliseMoney("99.995元"), "100.00");
  EXPECT_EQ(NormaliseMoney("999999.9999"), "1000000.00");
}

TEST(NormaliseMoney, CapitalNumerals) {
  EXPECT_EQ(NormaliseMoney("人民币捌仟贰佰元整"), "8200.00");
  EXPECT_EQ(NormaliseMoney("壹拾万元整"), "100000.00");
  EXPECT_EQ(NormaliseMoney("拾万元"), "100000.00");
  EXPECT_EQ(NormaliseMoney("叁佰万零伍拾元"), "3000050.00");
  EXPECT_EQ(NormaliseMoney("壹亿贰仟万元整"), "120000000.00");
  EXPECT_EQ(NormaliseMoney("壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"), "1234567.89");
  EXPECT_EQ(NormaliseMoney("伍角"), "0.50");
  EXPECT_EQ(NormaliseMoney("大写：玖佰玖拾玖元零伍分"), "999.05");
}

TEST(NormaliseMoney, DigitsWinOverCapitalsInTheSameText) {
  EXPECT_EQ(NormaliseMoney("壹拾万元整（¥100,000.00）"), "100000.00");
}

TEST(NormaliseMoney, RatesAndNonAmountsAreRejected) {
  EXPECT_EQ(NormaliseMoney("服务费率2.70%"), nullopt);
  EXPECT_EQ(NormaliseMoney("下浮率：5"), nullopt);
  EXPECT_EQ(NormaliseMoney("2.70 ％"), nullopt);
  EXPECT_EQ(NormaliseMoney("详见附件"), nullopt);
  EXPECT_EQ(NormaliseMoney("Invalid date"), nullopt);
  EXPECT_EQ(NormaliseMoney("2025-03-18"), nullopt);
  EXPECT_EQ(NormaliseMoney("GDJY251013001FG046"), nullopt);
  EXPECT_EQ(NormaliseMoney("第一分包"), nullopt);  // 分 without a capital digit is no amount
  EXPECT_EQ(NormaliseMoney(""), nullopt);
}

TEST(NormaliseMoney, SkipsNumbersThatAreNotTheAmount) {
  EXPECT_EQ(NormaliseMoney("2025年预算100万元"), "1000000.00");
  EXPECT_EQ(NormaliseMoney("第1包：1,000.5元"), "1000.50");
}

TEST(AddMoney, IsExact) {
  EXPECT_EQ(AddMoney("0.10", "0.20"), "0.30");
  EXPECT_EQ(AddMoney("999999999999999999.99", "0.01"), "1000000000000000000.00");
  EXPECT_EQ(AddMoney("0.00", "0.00"), "0.00");
}

TEST(NormaliseDate, EveryFormatTheSitesUse) {
  EXPECT_EQ(NormaliseDate("2025-03-18"), "2025-03-18");
  EXPECT_EQ(NormaliseDate("2025-03-18 10:22:31"), "2025-03-18");
  EXPECT_EQ(NormaliseDate("20240302000028"), "2024-03-02");
  EXPECT_EQ(NormaliseDate("20240302"), "2024-03-02");
  EXPECT_EQ(NormaliseDate("2025年3月18日"), "2025-03-18");
  EXPECT_EQ(NormaliseDate("2025年03月18日 17:52"), "2025-03-18");
  EXPECT_EQ(NormaliseDate("2025.03.18"), "2025-03-18");
  EXPECT_EQ(NormaliseDate("2025/3/18"), "2025-03-18");
  EXPECT_EQ(NormaliseDate("2025:03:18"), "2025-03-18");
  EXPECT_EQ(NormaliseDate("２０２５年３月１８日"), "2025-03-18");
  EXPECT_EQ(NormaliseDate("合同签订日期：2025年4月2日。"), "2025-04-02");
}

TEST(NormaliseDate, RejectsImpossibleDatesAndNonDates) {
  EXPECT_EQ(NormaliseDate("Invalid date"), nullopt);
  EXPECT_EQ(NormaliseDate("2025-02-30"), nullopt);
  EXPECT_EQ(NormaliseDate("2025-02-29"), nullopt);
  EXPECT_EQ(NormaliseDate("2024-02-29"), "2024-02-29");
  EXPECT_EQ(NormaliseDate("1900-02-29"), nullopt);
  EXPECT_EQ(NormaliseDate("2000-02-29"), "2000-02-29");
  EXPECT_EQ(NormaliseDate("2025-13-01"), nullopt);
  EXPECT_EQ(NormaliseDate("2025-04-31"), nullopt);
  EXPECT_EQ(NormaliseDate("2025-00-10"), nullopt);
  EXPECT_EQ(NormaliseDate("2025-03-180"), nullopt);
  EXPECT_EQ(NormaliseDate("20250230"), nullopt);
  EXPECT_EQ(NormaliseDate("120250318"), nullopt);
  // Found by tests/fuzz (normalise): compact dates took any year and printed it unpadded ("24-03-02").
  EXPECT_EQ(NormaliseDate("00240302"), nullopt);
  EXPECT_EQ(NormaliseDateTime("024003232114"), nullopt);
  EXPECT_EQ(NormaliseDate("12120301"), nullopt) << "an 8-digit number is no date outside 19xx and 20xx";
  EXPECT_EQ(NormaliseDate(""), nullopt);
}

TEST(NormaliseDateTime, TimesBecomeBeijingOffsets) {
  EXPECT_EQ(NormaliseDateTime("2025-03-18 10:22:31"), "2025-03-18T10:22:31+08:00");
  EXPECT_EQ(NormaliseDateTime("20240302000028"), "2024-03-02T00:00:28+08:00");
  EXPECT_EQ(NormaliseDateTime("202403021405"), "2024-03-02T14:05:00+08:00");
  EXPECT_EQ(NormaliseDateTime("2025年03月18日 17:52"), "2025-03-18T17:52:00+08:00");
  EXPECT_EQ(NormaliseDateTime("2025年3月18日9时30分"), "2025-03-18T09:30:00+08:00");
  EXPECT_EQ(NormaliseDateTime("2025年03月18日 09点30分（北京时间）"), "2025-03-18T09:30:00+08:00");
  EXPECT_EQ(NormaliseDateTime("2025年3月18日下午2点30分"), "2025-03-18T14:30:00+08:00");
  EXPECT_EQ(NormaliseDateTime("2025年3月18日上午9时"), "2025-03-18T09:00:00+08:00");
  EXPECT_EQ(NormaliseDateTime("２０２５年３月１８日　９：３０"), "2025-03-18T09:30:00+08:00");
  EXPECT_EQ(NormaliseDateTime("2025-03-18T10:22:31+08:00"), "2025-03-18T10:22:31+08:00");
}

TEST(NormaliseDateTime, DateOnlyWhenNoTimeIsGiven) {
  EXPECT_EQ(NormaliseDateTime("2025年3月18日"), "2025-03-18");
  EXPECT_EQ(NormaliseDateTime("20250318"), "2025-03-18");
  EXPECT_EQ(NormaliseDateTime("2025-03-18 前"), "2025-03-18");
}

TEST(NormaliseDateTime, RejectsImpossibleTimes) {
  EXPECT_EQ(NormaliseDateTime("2025-03-18 24:00"), nullopt);
  EXPECT_EQ(NormaliseDateTime("2025-03-18 10:60"), nullopt);
  EXPECT_EQ(NormaliseDateTime("20250318106000"), nullopt);
  EXPECT_EQ(NormaliseDateTime("2025-02-30 10:00"), nullopt);
}

}  // namespace
}  // namespace gapwatch
