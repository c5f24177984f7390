#include "parsers/identifiers.h"

#include <gtest/gtest.h>

namespace gapwatch {
namespace {

using std::nullopt;

// ---------------------------------------------------------------------------
// CanonicalProjectCode

TEST(CanonicalProjectCode, PlainCodesPassThrough) {
  EXPECT_EQ(CanonicalProjectCode("GDJY251013001FG046"), "GDJY251013001FG046");
  EXPECT_EQ(CanonicalProjectCode("4188-2541GDG32711"), "4188-2541GDG32711");
  EXPECT_EQ(CanonicalProjectCode("  LKZX2025-CG013 "), "LKZX2025-CG013");
  EXPECT_EQ(CanonicalProjectCode("E4402032500000123001"), "E4402032500000123001");
}

TEST(CanonicalProjectCode, FoldsFullWidthAndCase) {
  EXPECT_EQ(CanonicalProjectCode("ＮＸＪＳ２０１９－０１８"), "NXJS2019-018");
  EXPECT_EQ(CanonicalProjectCode("gdjy251013001fg046"), "GDJY251013001FG046");
  EXPECT_EQ(CanonicalProjectCode("ｇｐｃｇｄ２５４３ｓｇ００４２ｆ"), "GPCGD2543SG0042F");
  EXPECT_EQ(CanonicalProjectCode("SGZB 2025-CG013"), "SGZB2025-CG013");
}

TEST(CanonicalProjectCode, StripsLabels) {
  EXPECT_EQ(CanonicalProjectCode("项目编号：GDJY251013001FG046"), "GDJY251013001FG046");
  EXPECT_EQ(CanonicalProjectCode("采购项目编号:GPCGD2543SG0042F"), "GPCGD2543SG0042F");
  EXPECT_EQ(CanonicalProjectCode("招标编号 SGJS2025-106"), "SGJS2025-106");
  EXPECT_EQ(CanonicalProjectCode("工程编号：ＮＸＪＳ２０１９－０１８"), "NXJS2019-018");
  EXPECT_EQ(CanonicalProjectCode("一、采购项目编号：YBZC250611007FG203"), "YBZC250611007FG203");
  EXPECT_EQ(CanonicalProjectCode("三、项目编号：SGZB2025-CG013"), "SGZB2025-CG013");
  EXPECT_EQ(CanonicalProjectCode("原公告的采购项目编号：GDJY250320004FG006"), "GDJY250320004FG006");
  EXPECT_EQ(CanonicalProjectCode("项目编号：GDJY250320004FG006；"), "GDJY250320004FG006");
}

TEST(CanonicalProjectCode, StripsBracketsOfAnyKind) {
  EXPECT_EQ(CanonicalProjectCode("[项目编号：GDJY251013001FG046]"), "GDJY251013001FG046");
  EXPECT_EQ(CanonicalProjectCode("（项目编号：GDJY251013001FG046）"), "GDJY251013001FG046");
  EXPECT_EQ(CanonicalProjectCode("【项目编号：GDJY251013001FG046】"), "GDJY251013001FG046");
  EXPECT_EQ(CanonicalProjectCode("［ＳＧＪＳ２０２５－１０６］"), "SGJS2025-106");
  EXPECT_EQ(CanonicalProjectCode("〔SGJS2025-106〕"), "SGJS2025-106");
  EXPECT_EQ(CanonicalProjectCode("(SGJS2025-106)"), "SGJS2025-106");
  EXPECT_EQ(CanonicalProjectCode("项目编号：【SGJS2025-106】"), "SGJS2025-106");
  EXPECT_EQ(CanonicalProjectCode("<span>GDJY251013001FG046</span>"), "GDJY251013001FG046");
}

TEST(CanonicalProjectCode, DigitsAtTheStartAreNotAnOrdinal) {
  EXPECT_EQ(CanonicalProjectCode("2025.0318ABC"), "2025.0318ABC");
  EXPECT_EQ(CanonicalProjectCode("3. 项目编号：SGZB2025-CG013"), "SGZB2025-CG013");
  EXPECT_EQ(CanonicalProjectCode("440201-2025-00012"), "440201-2025-00012");
}

TEST(CanonicalProjectCode, EmptyWhenNothingIsLeft) {
  EXPECT_EQ(CanonicalProjectCode(""), "");
  EXPECT_EQ(CanonicalProjectCode("项目编号："), "");
  EXPECT_EQ(CanonicalProjectCode("【】"), "");
}

// ---------------------------------------------------------------------------
// ProjectCodeFromTitle: the title shapes the simulator prints (sim/templates.cc
// NoticeTitle, sim/trading_legacy_templates.cc LegacyTitle) and the code styles
// of sim/world_subjects.cc ProcurementCode / TradingCode / LegacyWorksCode.

TEST(ProjectCodeFromTitle, GdgpoTitles) {
  EXPECT_EQ(ProjectCodeFromTitle("韶关市财政局2025年办公设备采购项目 [项目编号：GDJY250318042FG517]招标公告"),
            "GDJY250318042FG517");
  EXPECT_EQ(ProjectCodeFromTitle("韶关市教育局2025年教学设备采购【项目编号：SGZB2025-CG013】结果公告"),
            "SGZB2025-CG013");
  EXPECT_EQ(ProjectCodeFromTitle("韶关学院2024年物业服务 [项目编号：4188-2541GDG30042]更正公告"), "4188-2541GDG30042");
  EXPECT_EQ(ProjectCodeFromTitle("韶关市公安局2025年警用装备 [项目编号：GPCGD2543SG0042F]合同公告"),
            "GPCGD2543SG0042F");
  EXPECT_EQ(ProjectCodeFromTitle("韶关市第一人民医院2025年医疗设备 [项目编号：YBZC250611007FG1203]终止公告"),
            "YBZC250611007FG1203");
  EXPECT_EQ(ProjectCodeFromTitle("…采购项目（项目编号：GDJY251013001FG046）中标结果公告"), "GDJY251013001FG046");
}

TEST(ProjectCodeFromTitle, HighlightedAndFullWidthTitles) {
  EXPECT_EQ(ProjectCodeFromTitle(
                "韶关<font color=\"red\">市财</font>政局2025年办公设备 [项目编号：GDJY250318042FG517]招标公告"),
            "GDJY250318042FG517");
  EXPECT_EQ(ProjectCodeFromTitle("某项目［项目编号：ｇｄｊｙ２５０３１８０４２ｆｇ５１７］招标公告"),
            "GDJY250318042FG517");
}

TEST(ProjectCodeFromTitle, LegacyTradingTitles) {
  EXPECT_EQ(ProjectCodeFromTitle("[SGJS2025-106]韶关市2025年道路改造工程施工招标公告"), "SGJS2025-106");
  EXPECT_EQ(ProjectCodeFromTitle("[NXJS2019-018]南雄市2019年污水管网工程中标结果公示"), "NXJS2019-018");
  // code_full_width notices: the code full width inside ASCII brackets.
  EXPECT_EQ(ProjectCodeFromTitle("[ＮＸＪＳ２０１９－０１８]南雄市2019年污水管网工程中标结果公示"), "NXJS2019-018");
  EXPECT_EQ(ProjectCodeFromTitle("某工程(440201-2025-00012)招标公告"), "440201-2025-00012");
  EXPECT_EQ(ProjectCodeFromTitle("某工程【E4402032500000123001】招标公告"), "E4402032500000123001");
}

TEST(ProjectCodeFromTitle, TitlesWithoutCodes) {
  EXPECT_EQ(ProjectCodeFromTitle("韶关市财政局2025年3月政府采购意向"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("韶关市教育局2025年教学设备采购合同公告"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("韶关市2025年道路改造工程（第一标段）中标候选人公示"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("韶关市财政局2025年采购（包1：台式计算机）招标公告"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("韶关市2025年道路改造工程中标结果公告"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle(""), nullopt);
}

TEST(ProjectCodeFromTitle, NearMissesAreNotCodes) {
  EXPECT_EQ(ProjectCodeFromTitle("关于延期开标的通知(2025-03-18)"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("关于延期开标的通知（2025-3-8）"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("规划(2025-2027)公示"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("某项目[20250318]招标公告"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("咨询电话(0751-8123456)"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("咨询电话（020-12345678）"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("联系人（13800138000）"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("联系人（138-0013-8000）"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("预算(1420000)"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("预算(1,420,000.00元)"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("某项目[AB12]招标公告"), nullopt);          // too short
  EXPECT_EQ(ProjectCodeFromTitle("某项目[ABCDEF12]招标公告"), nullopt);      // 2 digits
  EXPECT_EQ(ProjectCodeFromTitle("某项目 SGJS2025-106 招标公告"), nullopt);  // neither bracketed nor labelled
  EXPECT_EQ(ProjectCodeFromTitle("某项目(韶财采2025-106号)招标公告"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("某工程(2018-440203-48-01-012345)招标公告"), nullopt);  // 投资项目统一代码
  EXPECT_EQ(ProjectCodeFromTitle("某项目（采购计划编号：440200-2025-00123）"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("某项目（合同编号：HT2025-00123）"), nullopt);
}

TEST(ProjectCodeFromTitle, LabelledCodesWinAndAmbiguityIsRefused) {
  EXPECT_EQ(ProjectCodeFromTitle("[SGJS2025-106]某工程(项目编号：SGJS2025-107)"), "SGJS2025-107");
  EXPECT_EQ(ProjectCodeFromTitle("[SGJS2025-106]某工程[SGJS2025-107]"), nullopt);
  EXPECT_EQ(ProjectCodeFromTitle("[SGJS2025-106]某工程[sgjs2025-106]"), "SGJS2025-106");
  EXPECT_EQ(ProjectCodeFromTitle("项目编号：20250318001"), "20250318001");  // a label vouches for digits
}

// ---------------------------------------------------------------------------
// 投资项目统一代码

TEST(InvestmentProjectCode, OldStyleYearCodes) {
  EXPECT_TRUE(IsValidInvestmentProjectCode("2017-440200-48-01-012345"));
  EXPECT_TRUE(IsValidInvestmentProjectCode("2018-440203-48-01-012345"));
  EXPECT_TRUE(IsValidInvestmentProjectCode("2019-440282-78-02-999999"));
}

TEST(InvestmentProjectCode, NewStyleYymmCodes) {
  EXPECT_TRUE(IsValidInvestmentProjectCode("2509-320193-89-01-544060"));  // SITES.md §6
  EXPECT_TRUE(IsValidInvestmentProjectCode("2605-440100-04-01-000001"));
  EXPECT_TRUE(IsValidInvestmentProjectCode("2112-440203-48-03-123457"));  // sim stand-in check digit
  EXPECT_TRUE(IsValidInvestmentProjectCode("2011-440200-48-01-544061"));  // Nov 2020
}

TEST(InvestmentProjectCode, InvalidCodes) {
  EXPECT_FALSE(IsValidInvestmentProjectCode(""));
  EXPECT_FALSE(IsValidInvestmentProjectCode("2018-440203-48-01-01234"));    // 23 characters
  EXPECT_FALSE(IsValidInvestmentProjectCode("2018-440203-48-01-0123456"));  // 25
  EXPECT_FALSE(IsValidInvestmentProjectCode("2018-44020-348-01-012345"));   // separators misplaced
  EXPECT_FALSE(IsValidInvestmentProjectCode("2018-440203-4A-01-012345"));   // letter
  EXPECT_FALSE(IsValidInvestmentProjectCode("1913-440203-48-01-012345"));   // YY < 20
  EXPECT_FALSE(IsValidInvestmentProjectCode("2513-440203-48-01-012345"));   // month 13
  EXPECT_FALSE(IsValidInvestmentProjectCode("2500-440203-48-01-012345"));   // month 0
  EXPECT_FALSE(IsValidInvestmentProjectCode("201844020348010123450000"));   // no separators
  EXPECT_FALSE(IsValidInvestmentProjectCode("２０１８－４４０２０３－４８－０１－０１２３４５"));  // not canonical
}

TEST(InvestmentProjectCode, CanonicalForm) {
  EXPECT_EQ(CanonicalInvestmentProjectCode("2018-440203-48-01-012345"), "2018-440203-48-01-012345");
  EXPECT_EQ(CanonicalInvestmentProjectCode("２０１８－４４０２０３－４８－０１－０１２３４５"),
            "2018-440203-48-01-012345");
  EXPECT_EQ(CanonicalInvestmentProjectCode("2509—320193—89—01—544060"), "2509-320193-89-01-544060");
  EXPECT_EQ(CanonicalInvestmentProjectCode("2509–320193–89–01–544060"), "2509-320193-89-01-544060");
  EXPECT_EQ(CanonicalInvestmentProjectCode("2509 - 320193 - 89 - 01 - 544060"), "2509-320193-89-01-544060");
  EXPECT_EQ(CanonicalInvestmentProjectCode("2509_320193_89_01_544060"), "2509-320193-89-01-544060");
  EXPECT_EQ(CanonicalInvestmentProjectCode("25093201938901544060"), "2509-320193-89-01-544060");
  EXPECT_EQ(CanonicalInvestmentProjectCode("投资项目统一代码：2605-440100-04-01-000001"), "2605-440100-04-01-000001");
  EXPECT_EQ(CanonicalInvestmentProjectCode("（2605-440100-04-01-000001）"), "2605-440100-04-01-000001");
}

TEST(InvestmentProjectCode, CanonicalRefusesWhatIsNotACode) {
  EXPECT_EQ(CanonicalInvestmentProjectCode(""), nullopt);
  EXPECT_EQ(CanonicalInvestmentProjectCode("2018-440203-48-01"), nullopt);
  EXPECT_EQ(CanonicalInvestmentProjectCode("2018-440203-48-01-012345-1"), nullopt);
  EXPECT_EQ(CanonicalInvestmentProjectCode("2018-4402-0348-01-012345"), nullopt);
  EXPECT_EQ(CanonicalInvestmentProjectCode("2513-440203-48-01-012345"), nullopt);
  EXPECT_EQ(CanonicalInvestmentProjectCode("2018-440203-48-01-01234X"), nullopt);
  EXPECT_EQ(CanonicalInvestmentProjectCode("2509320193890154406"), nullopt);  // 19 digits
  EXPECT_EQ(CanonicalInvestmentProjectCode("2025-03-18"), nullopt);
}

// ---------------------------------------------------------------------------
// 统一社会信用代码

TEST(CreditCode, ValidCodes) {
  EXPECT_TRUE(IsValidCreditCode("914403001922038216"));  // SITES.md §4
  EXPECT_TRUE(IsValidCreditCode("91350100M000100Y43"));
  EXPECT_TRUE(IsValidCreditCode("91110000600037341L"));
  EXPECT_TRUE(IsValidCreditCode("12100000400000624D"));
  // Shaped as sim/world_ids.cc MakeUscc makes them (GB 11714 body, GB 32100 check).
  EXPECT_TRUE(IsValidCreditCode("11440200876543210X"));
  EXPECT_TRUE(IsValidCreditCode("91440203234567894B"));
  EXPECT_TRUE(IsValidCreditCode("9144010462951413X2"));
  EXPECT_TRUE(IsValidCreditCode("11440282818281726F"));
}

TEST(CreditCode, BadCheckCharacters) {
  EXPECT_FALSE(IsValidCreditCode("914403001922038217"));
  EXPECT_FALSE(IsValidCreditCode("91350100M000100Y44"));
  EXPECT_FALSE(IsValidCreditCode("11440200876543210J"));
  EXPECT_FALSE(IsValidCreditCode("91440101MA5CYUF04K"));  // check would be G
  EXPECT_FALSE(IsValidCreditCode("924403001922038216"));  // one body character changed
}

TEST(CreditCode, WrongLengthsAndCharacters) {
  EXPECT_FALSE(IsValidCreditCode(""));
  EXPECT_FALSE(IsValidCreditCode("91440300192203821"));
  EXPECT_FALSE(IsValidCreditCode("9144030019220382166"));
  for (char bad : {'I', 'O', 'Z', 'S', 'V'}) {
    std::string code = "91350100M000100Y43";
    code[8] = bad;
    EXPECT_FALSE(IsValidCreditCode(code)) << code;
  }
  EXPECT_FALSE(IsValidCreditCode("91350100m000100y43"));   // IsValid wants upper case
  EXPECT_FALSE(IsValidCreditCode("91350100M000100Y4 3"));  // and no spaces
  EXPECT_FALSE(IsValidCreditCode("９１３５０１００Ｍ０００１００Ｙ４３"));
}

TEST(CreditCode, CanonicalForm) {
  EXPECT_EQ(CanonicalCreditCode("914403001922038216"), "914403001922038216");
  EXPECT_EQ(CanonicalCreditCode("９１３５０１００Ｍ０００１００Ｙ４３"), "91350100M000100Y43");
  EXPECT_EQ(CanonicalCreditCode("91350100m000100y43"), "91350100M000100Y43");
  EXPECT_EQ(CanonicalCreditCode(" 9135 0100 M000 100Y 43 "), "91350100M000100Y43");
  EXPECT_EQ(CanonicalCreditCode("统一社会信用代码：91110000600037341L"), "91110000600037341L");
  EXPECT_EQ(CanonicalCreditCode("（91110000600037341L）"), "91110000600037341L");
  EXPECT_EQ(CanonicalCreditCode("914403001922038217"), nullopt);
  EXPECT_EQ(CanonicalCreditCode("9135O100M000100Y43"), nullopt);  // letter O
  EXPECT_EQ(CanonicalCreditCode("12345"), nullopt);
  EXPECT_EQ(CanonicalCreditCode(""), nullopt);
}

// ---------------------------------------------------------------------------
// CanonicalPartyName

TEST(CanonicalPartyName, PlainNamesPassThrough) {
  EXPECT_EQ(CanonicalPartyName("韶关市财政局"), "韶关市财政局");
  EXPECT_EQ(CanonicalPartyName("  广东省机电设备招标中心有限公司 "), "广东省机电设备招标中心有限公司");
  EXPECT_EQ(CanonicalPartyName(""), "");
}

TEST(CanonicalPartyName, StripsTrailingRoles) {
  EXPECT_EQ(CanonicalPartyName("韶关市财政局（采购人）"), "韶关市财政局");
  EXPECT_EQ(CanonicalPartyName("韶关市教育局(招标人)"), "韶关市教育局");
  EXPECT_EQ(CanonicalPartyName("广东粤北招标采购有限公司【代理机构】"), "广东粤北招标采购有限公司");
  EXPECT_EQ(CanonicalPartyName("广东粤北招标采购有限公司[采购代理机构]"), "广东粤北招标采购有限公司");
  EXPECT_EQ(CanonicalPartyName("韶关市某某建设有限公司：中标人"), "韶关市某某建设有限公司");
  EXPECT_EQ(CanonicalPartyName("韶关市某某建设有限公司—中标单位"), "韶关市某某建设有限公司");
  EXPECT_EQ(CanonicalPartyName("韶关市某某科技有限公司（中标（成交）供应商）"), "韶关市某某科技有限公司");
}

TEST(CanonicalPartyName, StripsLeadingLabels) {
  EXPECT_EQ(CanonicalPartyName("采购代理机构：广东省政府采购中心"), "广东省政府采购中心");
  EXPECT_EQ(CanonicalPartyName("采购人:韶关市公安局"), "韶关市公安局");
  EXPECT_EQ(CanonicalPartyName("中标（成交）供应商名称：韶关市某某科技有限公司"), "韶关市某某科技有限公司");
  EXPECT_EQ(CanonicalPartyName("一、采购人：韶关学院"), "韶关学院");
  EXPECT_EQ(CanonicalPartyName("名称：韶关学院"), "韶关学院");
}

TEST(CanonicalPartyName, StripsBracketsAndPunctuation) {
  EXPECT_EQ(CanonicalPartyName("【韶关市财政局】"), "韶关市财政局");
  EXPECT_EQ(CanonicalPartyName("韶关市财政局。"), "韶关市财政局");
  EXPECT_EQ(CanonicalPartyName("韶关市财政局；"), "韶关市财政局");
  EXPECT_EQ(CanonicalPartyName("[韶关市财政局（采购人）]，"), "韶关市财政局");
  EXPECT_EQ(CanonicalPartyName("韶关<font color=\"red\">市财</font>政局"), "韶关市财政局");
}

TEST(CanonicalPartyName, KeepsBracketsThatArePartOfTheName) {
  EXPECT_EQ(CanonicalPartyName("韶关市财政局（本级）"), "韶关市财政局(本级)");
  EXPECT_EQ(CanonicalPartyName("韶关市财政局（本级）（采购人）"), "韶关市财政局(本级)");
  // sim kSupplierSpelledDifferently: the same branch in full- and half-width brackets.
  EXPECT_EQ(CanonicalPartyName("韶关市某某科技有限公司（浈江分公司）"),
            CanonicalPartyName("韶关市某某科技有限公司(浈江分公司)"));
  EXPECT_EQ(CanonicalPartyName("韶关市某某科技有限公司（浈江分公司）"), "韶关市某某科技有限公司(浈江分公司)");
  EXPECT_EQ(CanonicalPartyName("=HYPERLINK(\"http://x\")"), "=HYPERLINK(\"http://x\")");
}

}  // namespace
}  // namespace gapwatch
