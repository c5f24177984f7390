#include "parsers/selector.h"

#include <gtest/gtest.h>
#include <gumbo.h>

#include <memory>
#include <string>
#include <vector>

namespace gapwatch {
namespace {

struct GumboDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

class Doc {
 public:
  explicit Doc(const std::string& html)
      : html_(html), output_(gumbo_parse_with_options(&kGumboDefaultOptions, html_.data(), html_.size())) {}
  const GumboNode* document() const { return output_->document; }
  const GumboNode* root() const { return output_->root; }

 private:
  std::string html_;
  std::unique_ptr<GumboOutput, GumboDeleter> output_;
};

// Each match as its id attribute, or its tag name when it has none, joined by ' '.
std::string Label(const GumboNode* node) {
  const GumboAttribute* id = gumbo_get_attribute(&node->v.element.attributes, "id");
  if (id != nullptr) return id->value;
  if (node->v.element.tag == GUMBO_TAG_UNKNOWN) return "?";
  return gumbo_normalized_tagname(node->v.element.tag);
}

std::string Ids(const std::string& selector, const std::string& html) {
  const Doc doc(html);
  std::string out;
  for (const GumboNode* node : Selector::Parse(selector).Select(doc.document())) {
    if (!out.empty()) out += ' ';
    out += Label(node);
  }
  return out;
}

std::vector<std::string> Texts(const std::string& selector, const std::string& html) {
  const Doc doc(html);
  std::vector<std::string> out;
  for (const GumboNode* node : Selector::Parse(selector).Select(doc.document())) out.push_back(NodeText(node));
  return out;
}

std::vector<std::string> Attrs(const std::string& selector, const std::string& html, const char* name) {
  const Doc doc(html);
  std::vector<std::string> out;
  for (const GumboNode* node : Selector::Parse(selector).Select(doc.document())) {
    const GumboAttribute* attribute = gumbo_get_attribute(&node->v.element.attributes, name);
    out.push_back(attribute == nullptr ? "<none>" : attribute->value);
  }
  return out;
}

// ---- simple selectors ----

const char* const kBasic =
    "<div id=d1 class='a b'><p id=p1 class=a>x</p><p id=p2 class='ab'>y</p>"
    "<span id=s1 data-k=v title='hello world'>z</span></div>"
    "<div id=d2 class=' b\tc '><p id=p3 lang=''>w</p></div>";

TEST(SelectorSimple, TypeSelectorIsCaseInsensitive) {
  EXPECT_EQ(Ids("p", kBasic), "p1 p2 p3");
  EXPECT_EQ(Ids("P", kBasic), "p1 p2 p3");
  EXPECT_EQ(Ids("SPAN", "<SPAN id=x>t</Span>"), "x");
}

TEST(SelectorSimple, UniversalSelectorMatchesEveryElementInDocumentOrder) {
  EXPECT_EQ(Ids("*", "<p id=a><b id=b></b></p><i id=c></i>"), "html head body a b c");
  EXPECT_EQ(Ids("body *", "<p id=a><b id=b></b></p><i id=c></i>"), "a b c");
}

TEST(SelectorSimple, UnknownTagsMatchByName) {
  EXPECT_EQ(Ids("my-widget", "<my-widget id=w>t</my-widget><My-Widget id=v></My-Widget>"), "w v");
  EXPECT_EQ(Ids("font", "<font id=f>t</font>"), "f");
}

TEST(SelectorSimple, ClassMatchesAWholeWordOfTheClassAttribute) {
  EXPECT_EQ(Ids(".a", kBasic), "d1 p1");
  EXPECT_EQ(Ids(".b", kBasic), "d1 d2");
  EXPECT_EQ(Ids(".c", kBasic), "d2");
  EXPECT_EQ(Ids(".ab", kBasic), "p2");
  EXPECT_EQ(Ids(".a.b", kBasic), "d1");
  EXPECT_EQ(Ids(".A", kBasic), "");  // class names are case-sensitive
}

TEST(SelectorSimple, Id) {
  EXPECT_EQ(Ids("#p2", kBasic), "p2");
  EXPECT_EQ(Ids("#P2", kBasic), "");
  EXPECT_EQ(Ids("#nope", kBasic), "");
}

TEST(SelectorSimple, AttributePresence) {
  EXPECT_EQ(Ids("[data-k]", kBasic), "s1");
  EXPECT_EQ(Ids("[DATA-K]", kBasic), "s1");
  EXPECT_EQ(Ids("[lang]", kBasic), "p3");  // present even when empty
  EXPECT_EQ(Ids("[ title ]", kBasic), "s1");
}

TEST(SelectorSimple, AttributeEqualsQuotedOrUnquoted) {
  EXPECT_EQ(Ids("[data-k=v]", kBasic), "s1");
  EXPECT_EQ(Ids("[data-k=\"v\"]", kBasic), "s1");
  EXPECT_EQ(Ids("[data-k='v']", kBasic), "s1");
  EXPECT_EQ(Ids("[data-k = 'v' ]", kBasic), "s1");
  EXPECT_EQ(Ids("[title='hello world']", kBasic), "s1");
  EXPECT_EQ(Ids("[title=hello]", kBasic), "");
  EXPECT_EQ(Ids("[data-k=V]", kBasic), "");  // values are case-sensitive
  EXPECT_EQ(Ids("[lang='']", kBasic), "p3");
  EXPECT_EQ(Ids("[class='a b']", kBasic), "d1");
}

TEST(SelectorSimple, AttributeContains) {
  EXPECT_EQ(Ids("[title*=lo]", kBasic), "s1");
  EXPECT_EQ(Ids("[title*='o w']", kBasic), "s1");
  EXPECT_EQ(Ids("[title*=xyz]", kBasic), "");
  EXPECT_EQ(Ids("[lang*='']", kBasic), "");  // an empty substring matches nothing, as in CSS
  EXPECT_EQ(Attrs("a[href*='.html']", "<a href='/x/1.html'>a</a><a href='/x/2.htm'>b</a><a>c</a>", "href"),
            std::vector<std::string>{"/x/1.html"});
}

TEST(SelectorSimple, QuotedStringEscapes) {
  EXPECT_EQ(Ids("[title='it\\'s']", "<p id=a title=\"it's\"></p>"), "a");
  EXPECT_EQ(Ids("[title=\"a\\\\b\"]", "<p id=a title='a\\b'></p>"), "a");
  EXPECT_EQ(Ids("[title=\"a]b,c\"]", "<p id=a title='a]b,c'></p>"), "a");
}

TEST(SelectorSimple, Compound) {
  EXPECT_EQ(Ids("p.a#p1", kBasic), "p1");
  EXPECT_EQ(Ids("div.a#d1[class*=b]", kBasic), "d1");
  EXPECT_EQ(Ids("div.a#d2", kBasic), "");
  EXPECT_EQ(Ids("span[data-k][title]", kBasic), "s1");
  EXPECT_EQ(Ids("*.b", kBasic), "d1 d2");
  EXPECT_EQ(Ids("*#p3", kBasic), "p3");
}

// ---- combinators ----

const char* const kTree =
    "<div id=outer class=box>"
    "  <div id=inner class=box><p id=deep>deep</p></div>"
    "  <p id=direct>direct</p>"
    "  <section id=sec><p id=insec>s</p></section>"
    "</div><p id=outside>o</p>";

TEST(SelectorCombinator, Descendant) {
  EXPECT_EQ(Ids("div p", kTree), "deep direct insec");
  EXPECT_EQ(Ids("#outer p", kTree), "deep direct insec");
  EXPECT_EQ(Ids("#inner p", kTree), "deep");
  EXPECT_EQ(Ids("body  \n div\tp", kTree), "deep direct insec");
  EXPECT_EQ(Ids(".box .box p", kTree), "deep");
}

TEST(SelectorCombinator, Child) {
  EXPECT_EQ(Ids("#outer > p", kTree), "direct");
  EXPECT_EQ(Ids("#outer>p", kTree), "direct");
  EXPECT_EQ(Ids("div > p", kTree), "deep direct");
  EXPECT_EQ(Ids("body > p", kTree), "outside");
  EXPECT_EQ(Ids("#outer > section > p", kTree), "insec");
  EXPECT_EQ(Ids("#outer > p > b", kTree), "");
}

TEST(SelectorCombinator, Mixed) {
  EXPECT_EQ(Ids("#outer div > p", kTree), "deep");
  EXPECT_EQ(Ids("body > div section p", kTree), "insec");
  EXPECT_EQ(Ids("html div > div > p", kTree), "deep");
  // A descendant step must try every ancestor, not just the nearest match.
  EXPECT_EQ(Ids("div.box > div p", "<div class=box><div><div><p id=x></p></div></div></div>"), "x");
  EXPECT_EQ(Ids("section > div p", "<section><div><div class=x><p id=y></p></div></div></section>"), "y");
}

TEST(SelectorCombinator, DeepNestingStaysFast) {
  // Naive backtracking would try C(400, 9) ancestor chains per element.
  std::string html;
  for (int i = 0; i < 400; ++i) html += "<div>";
  html += "<p id=x>t</p>";
  EXPECT_EQ(Ids("div div div div div div div div div div p", html), "x");
  EXPECT_EQ(Ids("span div div div div div div div div div p", html), "");
  EXPECT_EQ(Ids("body > div > div div div div div div div div > p", html), "x");
  EXPECT_EQ(Ids("body > div > div div div div div div div div > span", html), "");
}

TEST(SelectorCombinator, SelectFromASubtreeSeesAncestorsAboveIt) {
  const Doc doc(kTree);
  const Selector inner = Selector::Parse("#inner");
  const std::vector<const GumboNode*> roots = inner.Select(doc.document());
  ASSERT_EQ(roots.size(), 1u);
  // The root itself is a candidate, and combinators may reach above it.
  EXPECT_EQ(Selector::Parse("div").Select(roots[0]).size(), 1u);
  const std::vector<const GumboNode*> deep = Selector::Parse("#outer p").Select(roots[0]);
  ASSERT_EQ(deep.size(), 1u);
  EXPECT_EQ(Label(deep[0]), "deep");
  EXPECT_TRUE(Selector::Parse("div#inner").Matches(roots[0]));
  EXPECT_FALSE(Selector::Parse("p").Matches(roots[0]));
}

// ---- pseudo-classes ----

const char* const kList =
    "<ul id=u><!-- c --><li id=l1>1</li> text <li id=l2>2</li><li id=l3>3</li>"
    "<li id=l4>4</li><li id=l5>5</li></ul>";

TEST(SelectorPseudo, FirstChildCountsElementsOnly) {
  EXPECT_EQ(Ids("li:first-child", kList), "l1");
  EXPECT_EQ(Ids("li:FIRST-CHILD", kList), "l1");
  EXPECT_EQ(Ids("ul :first-child", "<ul><li id=a><b id=b>x</b><i id=c></i></li><li id=d></li></ul>"), "a b");
  EXPECT_EQ(Ids("html:first-child", kList), "html");
}

TEST(SelectorPseudo, NthChildInteger) {
  EXPECT_EQ(Ids("li:nth-child(1)", kList), "l1");
  EXPECT_EQ(Ids("li:nth-child(3)", kList), "l3");
  EXPECT_EQ(Ids("li:nth-child( 2 )", kList), "l2");
  EXPECT_EQ(Ids("li:nth-child(6)", kList), "");
  EXPECT_EQ(Ids("li:nth-child(0)", kList), "");
  EXPECT_EQ(Ids("td:nth-child(2)", "<table><tr><th>a</th><td id=x>b</td><td>c</td></tr></table>"), "x");
}

TEST(SelectorPseudo, NthChildFormulas) {
  EXPECT_EQ(Ids("li:nth-child(odd)", kList), "l1 l3 l5");
  EXPECT_EQ(Ids("li:nth-child(EVEN)", kList), "l2 l4");
  EXPECT_EQ(Ids("li:nth-child(2n+1)", kList), "l1 l3 l5");
  EXPECT_EQ(Ids("li:nth-child(2n)", kList), "l2 l4");
  EXPECT_EQ(Ids("li:nth-child(n)", kList), "l1 l2 l3 l4 l5");
  EXPECT_EQ(Ids("li:nth-child(n+4)", kList), "l4 l5");
  EXPECT_EQ(Ids("li:nth-child(-n+2)", kList), "l1 l2");
  EXPECT_EQ(Ids("li:nth-child(3n - 1)", kList), "l2 l5");
  EXPECT_EQ(Ids("li:nth-child(+3)", kList), "l3");
  EXPECT_EQ(Ids("li:nth-child(-2n+5)", kList), "l1 l3 l5");
  EXPECT_EQ(Ids("li:nth-child(0n+2)", kList), "l2");
}

TEST(SelectorPseudo, ContainsUsesCollapsedTextContent) {
  const std::string html =
      "<div id=a><p id=b>Hello   <b>big</b>\n world</p></div><p id=c>hello world</p>"
      "<p id=d>x<script>var secret=1;</script><!-- secret --></p>";
  EXPECT_EQ(Ids("p:contains('Hello big world')", html), "b");
  EXPECT_EQ(Ids(":contains(\"big\")", html), "html body a b b");  // the last is <b>
  EXPECT_EQ(Ids("p:contains('hello')", html), "c");               // case-sensitive
  EXPECT_EQ(Ids("p:contains( 'llo' )", html), "b c");
  EXPECT_EQ(Ids("p:contains('secret')", html), "");
  EXPECT_EQ(Ids("p:contains('')", html), "b c d");
}

TEST(SelectorPseudo, ContainsChineseText) {
  const std::string html =
      "<table><tr><td id=k1>项目编号：</td><td id=v1>GDJY251013001FG046</td></tr>"
      "<tr><td id=k2>项目名称</td><td id=v2>韶关市第一中学&nbsp;设备采购</td></tr>"
      "<tr><td id=k3>采&#12288;购&#12288;人</td><td id=v3>韶关市财政局</td></tr></table>";
  EXPECT_EQ(Ids("td:contains(\"项目编号\")", html), "k1");
  EXPECT_EQ(Ids("td:contains('项目')", html), "k1 k2");
  EXPECT_EQ(Ids("td:contains('中学 设备')", html), "v2");  // &nbsp; collapses to a space
  EXPECT_EQ(Ids("td:contains('采 购 人')", html), "k3");   // so does U+3000
  EXPECT_EQ(Ids("tr:contains('项目名称') > td:nth-child(2)", html), "v2");
}

TEST(SelectorPseudo, CombinedWithOtherSimpleSelectors) {
  EXPECT_EQ(Ids("ul#u > li:nth-child(odd):contains('3')", kList), "l3");
  EXPECT_EQ(Ids("li:contains('2'):first-child", kList), "");
  EXPECT_EQ(Ids("ul:contains('1') li:nth-child(2)", kList), "l2");
}

// ---- selector lists ----

TEST(SelectorList, DocumentOrderAndNoDuplicates) {
  EXPECT_EQ(Ids("#p3, #p1, #s1", kBasic), "p1 s1 p3");
  EXPECT_EQ(Ids("p, .a, #p1", kBasic), "d1 p1 p2 p3");
  EXPECT_EQ(Ids("p,p", kBasic), "p1 p2 p3");
  EXPECT_EQ(Ids("div p , div > p,#outer p", kTree), "deep direct insec");
  EXPECT_EQ(Ids("  li:nth-child(2) ,\tli:first-child  ", kList), "l1 l2");
}

TEST(SelectorList, TextIsKept) {
  EXPECT_EQ(Selector::Parse("ul.list > li a[href*='.html']").text(), "ul.list > li a[href*='.html']");
}

// ---- NodeText ----

TEST(SelectorNodeText, CollapsesAndTrims) {
  const Doc doc("<div id=x>\n  a&nbsp;&nbsp;b <span> c </span>\td\r\n</div>");
  const std::vector<const GumboNode*> nodes = Selector::Parse("#x").Select(doc.document());
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(NodeText(nodes[0]), "a b c d");
  EXPECT_EQ(NodeText(nullptr), "");
  const std::vector<const GumboNode*> empty = Selector::Parse("head").Select(doc.document());
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(NodeText(empty[0]), "");
}

TEST(SelectorNodeText, AdjacentElementsJoinWithoutSpaceLikeTextContent) {
  EXPECT_EQ(Texts("tr", "<table><tr><td>项目编号</td><td>X1</td></tr></table>"),
            std::vector<std::string>{"项目编号X1"});
}

// ---- malformed HTML ----

TEST(SelectorMalformedHtml, StillSelectable) {
  // Unclosed tags, stray end tags, a missing </table>, an unquoted attribute.
  const std::string html =
      "<div class=list><ul><li><a href=/a/1.html>一<li><a href=/a/2.html>二</b></ul>"
      "<table><tr><td id=t1>项目编号<td id=t2>X-1";
  EXPECT_EQ(Attrs("div.list li > a", html, "href"), (std::vector<std::string>{"/a/1.html", "/a/2.html"}));
  EXPECT_EQ(Ids("li:nth-child(2) a", html), "a");
  EXPECT_EQ(Ids("tr > td:contains('项目编号')", html), "t1");
  EXPECT_EQ(Ids("table tbody tr td:nth-child(2)", html), "t2");  // tbody is implied
}

TEST(SelectorMalformedHtml, FragmentAndEmptyInput) {
  EXPECT_EQ(Ids("p", ""), "");
  EXPECT_EQ(Ids("html > body", "just text"), "body");
  EXPECT_EQ(Ids("b", "<<b id=x>>bold"), "x");
  EXPECT_TRUE(Selector::Parse("p").Select(nullptr).empty());
}

// ---- realistic pages ----

TEST(SelectorRealistic, ListPage) {
  const std::string html =
      "<!DOCTYPE html><html><head><meta charset=utf-8><title>采购公告</title></head><body>"
      "<div class=\"nav\"><a href=\"/index.html\">首页</a></div>"
      "<ul class=\"list\">\n"
      "  <li><a href=\"/x/1.html\" title=\"韶关市第一中学设备采购\">韶关市第一中学设备采购</a>"
      "<span class=\"date\">2025-03-18</span></li>\n"
      "  <li><a href=\"/x/2.html\">  某某县  道路\n修缮工程 </a><span class=\"date\">2025-03-17</span></li>\n"
      "  <li><a href=\"javascript:void(0)\">广告</a></li>\n"
      "  <li class=\"more\"><em><a href=\"/x/3.html\">嵌套链接</a></em><span class=\"date\">2025-03-16</span></li>\n"
      "</ul>"
      "<div class=\"page\"><a href=\"/list_2.html\">下一页</a></div></body></html>";
  EXPECT_EQ(Attrs("ul.list > li a[href*=\".html\"]", html, "href"),
            (std::vector<std::string>{"/x/1.html", "/x/2.html", "/x/3.html"}));
  EXPECT_EQ(Texts("ul.list > li a[href*=\".html\"]", html),
            (std::vector<std::string>{"韶关市第一中学设备采购", "某某县 道路 修缮工程", "嵌套链接"}));
  EXPECT_EQ(Texts("ul.list > li > a", html),
            (std::vector<std::string>{"韶关市第一中学设备采购", "某某县 道路 修缮工程", "广告"}));
  EXPECT_EQ(Texts("ul.list span.date", html), (std::vector<std::string>{"2025-03-18", "2025-03-17", "2025-03-16"}));
  EXPECT_EQ(Texts("ul.list > li:nth-child(2) .date", html), std::vector<std::string>{"2025-03-17"});
  EXPECT_EQ(Attrs(".page a:contains('下一页')", html, "href"), std::vector<std::string>{"/list_2.html"});
}

TEST(SelectorRealistic, DetailTable) {
  const std::string html =
      "<div class=\"vF_detail_content\"><h2>韶关市第一中学设备采购公开招标公告</h2>"
      "<table class=\"info\" border=1>"
      "<tr><td class=\"title\">项目编号</td><td>GDJY251013001FG046</td>"
      "<td class=\"title\">项目名称</td><td>韶关市第一中学设备采购</td></tr>"
      "<tr><td class=\"title\">预算金额</td><td colspan=3>  1,234,000.00 元 </td></tr>"
      "<tr><td class=\"title\">采购人</td><td colspan=3>韶关市第一中学</td></tr>"
      "</table></div>";
  EXPECT_EQ(Texts("td:contains(\"项目编号\")", html), std::vector<std::string>{"项目编号"});
  EXPECT_EQ(Texts("table.info tr:contains('预算金额') > td:nth-child(2)", html),
            std::vector<std::string>{"1,234,000.00 元"});
  EXPECT_EQ(Texts("td.title", html), (std::vector<std::string>{"项目编号", "项目名称", "预算金额", "采购人"}));
  EXPECT_EQ(Texts("tr:first-child td:nth-child(even)", html),
            (std::vector<std::string>{"GDJY251013001FG046", "韶关市第一中学设备采购"}));
  EXPECT_EQ(Texts(".vF_detail_content > h2, td:contains('采购人')", html),
            (std::vector<std::string>{"韶关市第一中学设备采购公开招标公告", "采购人"}));
  EXPECT_THROW(Selector::Parse("td:contains('采购人') + td"), SelectorError);
}

// ---- parse errors ----

struct ErrorCase {
  const char* selector;
  std::size_t position;  // byte offset
  const char* message;
};

class SelectorParseError : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(SelectorParseError, ReportsWhatWasExpectedAndWhere) {
  const ErrorCase& c = GetParam();
  try {
    Selector::Parse(c.selector);
    FAIL() << "parsed: " << c.selector;
  } catch (const SelectorError& e) {
    EXPECT_EQ(e.position(), c.position) << c.selector;
    EXPECT_EQ(std::string(e.what()), c.message);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Selector, SelectorParseError,
    ::testing::Values(
        ErrorCase{"", 0, "selector \"\": expected a selector at character 1, found end"},
        ErrorCase{"   ", 3, "selector \"   \": expected a selector at character 4, found end"},
        ErrorCase{"a,", 2, "selector \"a,\": expected a selector at character 3, found end"},
        ErrorCase{"a, ", 3, "selector \"a, \": expected a selector at character 4, found end"},
        ErrorCase{",a", 0, "selector \",a\": expected a selector at character 1, found ','"},
        ErrorCase{"a,,b", 2, "selector \"a,,b\": expected a selector at character 3, found ','"},
        ErrorCase{"a ~ b", 2, "selector \"a ~ b\": unsupported combinator '~' at character 3"},
        ErrorCase{"a+b", 1, "selector \"a+b\": unsupported combinator '+' at character 2"},
        ErrorCase{"a >", 3, "selector \"a >\": expected a selector at character 4, found end"},
        ErrorCase{"> a", 0, "selector \"> a\": expected a selector at character 1, found '>'"},
        ErrorCase{"a > > b", 4, "selector \"a > > b\": expected a selector at character 5, found '>'"},
        ErrorCase{"a:hover", 1, "selector \"a:hover\": unsupported pseudo-class ':hover' at character 2"},
        ErrorCase{"li:last-child", 2,
                  "selector \"li:last-child\": unsupported pseudo-class ':last-child' at character 3"},
        ErrorCase{"a::before", 2, "selector \"a::before\": expected pseudo-class name at character 3, found ':'"},
        ErrorCase{"a:", 2, "selector \"a:\": expected pseudo-class name at character 3, found end"},
        ErrorCase{"[href", 5, "selector \"[href\": expected ']', '=' or '*=' at character 6, found end"},
        ErrorCase{"[href='x'", 9, "selector \"[href='x'\": expected ']' at character 10, found end"},
        ErrorCase{"[]", 1, "selector \"[]\": expected attribute name at character 2, found ']'"},
        ErrorCase{"[href^=x]", 5, "selector \"[href^=x]\": expected ']', '=' or '*=' at character 6, found '^'"},
        ErrorCase{"[href=]", 6, "selector \"[href=]\": expected attribute value at character 7, found ']'"},
        ErrorCase{"a[href", 6, "selector \"a[href\": expected ']', '=' or '*=' at character 7, found end"},
        ErrorCase{"[href=.html]", 6, "selector \"[href=.html]\": expected attribute value at character 7, found '.'"},
        ErrorCase{"[href='x]", 9, "selector \"[href='x]\": expected closing ' at character 10, found end"},
        ErrorCase{"a]", 1, "selector \"a]\": expected ',' or end at character 2, found ']'"},
        ErrorCase{"a)", 1, "selector \"a)\": expected ',' or end at character 2, found ')'"},
        ErrorCase{".", 1, "selector \".\": expected class name at character 2, found end"},
        ErrorCase{"div.#x", 4, "selector \"div.#x\": expected class name at character 5, found '#'"},
        ErrorCase{"#", 1, "selector \"#\": expected id at character 2, found end"},
        ErrorCase{"*div", 1, "selector \"*div\": expected ',' or end at character 2, found 'd'"},
        ErrorCase{"li:nth-child", 12, "selector \"li:nth-child\": expected '(' at character 13, found end"},
        ErrorCase{"li:nth-child()", 13,
                  "selector \"li:nth-child()\": expected a number, an+b, odd or even at character 14, found ')'"},
        ErrorCase{"li:nth-child(2", 14, "selector \"li:nth-child(2\": expected ')' at character 15, found end"},
        ErrorCase{"li:nth-child(x)", 13,
                  "selector \"li:nth-child(x)\": expected a number, an+b, odd or even at character 14, found 'x'"},
        ErrorCase{"li:nth-child(2n+)", 16,
                  "selector \"li:nth-child(2n+)\": expected a number at character 17, found ')'"},
        ErrorCase{"li:nth-child(1.5)", 14, "selector \"li:nth-child(1.5)\": expected ')' at character 15, found '.'"},
        ErrorCase{"li:nth-child(9999999999)", 22,
                  "selector \"li:nth-child(9999999999)\": number too large at character 23, found '9'"},
        ErrorCase{"td:contains(项目)", 12,
                  "selector \"td:contains(项目)\": expected a quoted string at character 13, found '项'"},
        ErrorCase{"td:contains('项目)", 20,
                  "selector \"td:contains('项目)\": expected closing ' at character 17, found end"},
        ErrorCase{"td:contains(\"项目\"", 20,
                  "selector \"td:contains(\"项目\"\": expected ')' at character 17, found end"},
        ErrorCase{"td:contains('项目') ~ td", 22,
                  "selector \"td:contains('项目') ~ td\": unsupported combinator '~' at character 19"},
        ErrorCase{"a, b c,", 7, "selector \"a, b c,\": expected a selector at character 8, found end"},
        ErrorCase{"a{color:red}", 1, "selector \"a{color:red}\": expected ',' or end at character 2, found '{'"}));

TEST(SelectorParseErrorType, IsAnInvalidArgument) {
  EXPECT_THROW(Selector::Parse("a ~ b"), std::invalid_argument);
  EXPECT_THROW(Selector::Parse("(a)"), SelectorError);
}

}  // namespace
}  // namespace gapwatch
