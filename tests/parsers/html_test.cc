#include "parsers/html.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace gapwatch {
namespace {

TEST(HtmlToText, BlocksBecomeLinesAndInlineTextJoins) {
  const std::string html =
      "<div class=\"noticeArea\"><h3>一、项目基本情况</h3>"
      "<p>项目编号：<span class=\"bookmark\">GDJY251013001FG046</span></p>"
      "<p>项目名称：韶关市<b>第一</b>中学设备采购</p>line one<br>line two"
      "<ul><li>甲</li><li>乙</li></ul></div>";
  EXPECT_EQ(HtmlToText(html),
            "一、项目基本情况\n项目编号：GDJY251013001FG046\n项目名称：韶关市第一中学设备采购\n"
            "line one\nline two\n甲\n乙");
}

TEST(HtmlToText, CollapsesWhitespaceIncludingNbspAndIdeographicSpace) {
  EXPECT_EQ(HtmlToText("<p>\n   采&nbsp;&nbsp;购&#12288;人：\t 韶关市  财政局 \r\n</p>"), "采 购 人： 韶关市 财政局");
}

TEST(HtmlToText, DropsScriptStyleAndComments) {
  EXPECT_EQ(HtmlToText("<style>p{color:red}</style><p>正文<!-- 注释 --></p><script>var a = '<p>x</p>';</script>"),
            "正文");
}

TEST(HtmlToText, TableRowsAreLinesWithTabSeparatedCells) {
  const std::string html =
      "<table><tr><th>序号</th><th>供应商名称</th><th>中标（成交）金额</th></tr>"
      "<tr><td>1</td><td><p>韶关市</p><p>甲公司</p></td><td>1,420,000.00元</td></tr>"
      "<tr><td>2</td><td></td><td>3</td></tr></table>";
  EXPECT_EQ(HtmlToText(html), "序号\t供应商名称\t中标（成交）金额\n1\t韶关市 甲公司\t1,420,000.00元\n2\t\t3");
}

TEST(HtmlToText, CellHoldingATableIsLayout) {
  const std::string html =
      "<table><tr><td>左</td><td><p>一、项目编号：X-1</p><table><tr><td>序号</td><td>金额</td></tr>"
      "<tr><td>1</td><td>100</td></tr></table></td><td>右</td></tr></table>";
  EXPECT_EQ(HtmlToText(html), "左\n一、项目编号：X-1\n序号\t金额\n1\t100\n右");
}

TEST(HtmlToText, CellsAreTrimmedAndRowsWithoutTextDropped) {
  const std::string html =
      "<table><tr><td> a </td><td>\n b&nbsp;</td></tr><tr><td> </td><td>&nbsp;</td></tr>"
      "<tr><td></td><td>x <b>y</b></td></tr><tr><td>z</td><td></td></tr></table>";
  EXPECT_EQ(HtmlToText(html), "a\tb\n\tx y\nz\t");
}

TEST(HtmlToText, EmptyAndBrokenInput) {
  EXPECT_EQ(HtmlToText(""), "");
  EXPECT_EQ(HtmlToText("<p>未闭合<div>块"), "未闭合\n块");
  EXPECT_EQ(HtmlToText("纯文本"), "纯文本");
}

TEST(HtmlTables, ReadsRowsAndCellTexts) {
  const std::string html =
      "<p>前言</p><table><thead><tr><th> 序号 </th><th>供应商\n名称</th></tr></thead>"
      "<tbody><tr><td>1</td><td>甲&nbsp;公司</td></tr></tbody></table>";
  const auto tables = HtmlTables(html);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0], (HtmlTable{{"序号", "供应商 名称"}, {"1", "甲 公司"}}));
}

TEST(HtmlTables, NestedTablesAreListedSeparatelyAfterTheirParent) {
  const std::string html =
      "<table><tr><td>外1</td><td><table><tr><td>内1</td><td>内2</td></tr></table></td></tr>"
      "<tr><td>外2</td><td>外3</td></tr></table><table><tr><td>后</td></tr></table>";
  const auto tables = HtmlTables(html);
  ASSERT_EQ(tables.size(), 3u);
  EXPECT_EQ(tables[0], (HtmlTable{{"外1", "内1 内2"}, {"外2", "外3"}}));
  EXPECT_EQ(tables[1], (HtmlTable{{"内1", "内2"}}));
  EXPECT_EQ(tables[2], (HtmlTable{{"后"}}));
}

TEST(HtmlTables, ColspanRepeatsTheCellAndIsBounded) {
  const auto tables = HtmlTables(
      "<table><tr><td colspan=\"3\">合计</td><td>100</td></tr><tr><td colspan=\"100000\">x</td></tr>"
      "<tr><td colspan=\"junk\">y</td></tr></table>");
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0][0], (HtmlRow{"合计", "合计", "合计", "100"}));
  EXPECT_EQ(tables[0][1].size(), 50u);
  EXPECT_EQ(tables[0][2], (HtmlRow{"y"}));
}

TEST(HtmlTables, NoTables) { EXPECT_TRUE(HtmlTables("<p>无表格</p>").empty()); }

TEST(ReadHtmlTest, GivesTheTextAndTheTablesOfOneParse) {
  const std::string html =
      "<p>项目编号：A1</p><table><tr><td>供应商</td><td>金额</td></tr><tr><td>甲</td><td>1</td></tr></table>";
  const HtmlContent content = ReadHtml(html);
  EXPECT_EQ(content.text, HtmlToText(html));
  EXPECT_EQ(content.tables, HtmlTables(html));
  ASSERT_EQ(content.tables.size(), 1u);
  EXPECT_EQ(content.tables[0][1][0], "甲");
}

TEST(HtmlDocumentTest, LargePagesAndLongTextsParseWhole) {
  // Many nodes (the arena grows block after block) and one text longer than
  // any block (an allocation of its own).
  std::string html = "<table>";
  for (int row = 0; row < 20000; ++row) html += "<tr><td>" + std::to_string(row) + "</td><td>韶关市甲公司</td></tr>";
  html += "</table><p>" + std::string(3 << 20, 'x') + "</p>";
  const HtmlContent content = ReadHtml(html);
  ASSERT_EQ(content.tables.size(), 1u);
  EXPECT_EQ(content.tables[0].size(), 20000u);
  EXPECT_EQ(content.tables[0][19999], (HtmlRow{"19999", "韶关市甲公司"}));
  EXPECT_TRUE(content.text.ends_with("\n" + std::string(3 << 20, 'x')));
}

TEST(HtmlDocumentTest, AMovedDocumentKeepsItsTree) {
  HtmlDocument first("<p>项目编号：A1</p>");
  const HtmlDocument moved(std::move(first));
  EXPECT_EQ(ReadHtmlNode(moved.root()).text, "项目编号：A1");
}

}  // namespace
}  // namespace gapwatch
