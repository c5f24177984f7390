// The extractor on HTML lists and details, JSON lists that link, lookups and
// content checks: the rules of sites.yaml that are not the gpcms JSON ones.
#include <gtest/gtest.h>

#include "parsers/extractor.h"
#include "parsers/strict_yaml.h"

namespace gapwatch {
namespace {

SourceRules Parse(const std::string& yaml) {
  const ConfigNode root(ParseYamlText(yaml, "sites.yaml"), "sites.yaml", "");
  return ParseSourceRules(root.Child("sources").Elements().at(0));
}

// The portal's TRS column, as sites.yaml reads it.
const SourceRules kTrs = Parse(R"yaml(sources:
  - name: trs
    domain: construction
    list:
      url: /zw/gczbtb/zbgg/index.html
      page_url: /zw/gczbtb/zbgg/index_{page}.html
      first_page: 0
      format: html
      items: ul.comlist-wgk li
      total_pages: {css: script, pattern: "createPageHTML\\('page_div', *([0-9]+)"}
    item:
      link: {css: a, attr: href}
      kind:
        title: {招标公告: tender, 中标结果公示: award, 结果公示: other}
      fields:
        title: {css: a, attr: title, normalise: text}
        published: {css: span, normalise: date}
    detail:
      format: html
      scope: div.TRS_PreAppend
      fields:
        title: {css: div.xl-cont h4, normalise: text}
        published: {css: "div.xl-cont-xx span:contains('发布时间')", normalise: datetime}
        project_code: {label: [工程编号, 招标编号], normalise: code}
        buyer: {label: 招标人, normalise: party}
        opening: {label: 开标时间, normalise: datetime}
        budget_yuan: {label: 招标控制价, normalise: money}
      contents:
        certificate: {label: 注册建造师证书编号}
      required:
        tender: [project_code, opening]
        award: [certificate, supplier]
)yaml");

const std::string kTrsList = R"html(<html><body><ul class="comlist-wgk ">
<li><a target="_blank" title="南雄市2020年道路工程中标结果公示" href="./202003/t20200318_300123.html">南雄市…</a><span>2020-03-18</span></li>
<li><a target="_blank" title="浈江区学校建设工程招标公告" href="../zbgg/201909/t20190902_300005.html">浈江区…</a><span>2019-09-02</span></li>
</ul>
<script type="text/javascript">createPageHTML('page_div', 7, 1, 'index', 'html');</script></body></html>)html";

TEST(HtmlExtractor, ListItemsLinksKindsAndPageCount) {
  const std::string page = "https://www.sg.gov.cn/zw/gczbtb/zbgg/index_1.html";
  const ListPage list = ExtractListPage(kTrs, "portal", "https://www.sg.gov.cn", page, kTrsList);
  ASSERT_EQ(list.items.size(), 2u);
  EXPECT_EQ(list.total_pages, 7);
  EXPECT_EQ(list.items[0].detail_url, "https://www.sg.gov.cn/zw/gczbtb/zbgg/202003/t20200318_300123.html");
  EXPECT_EQ(list.items[1].detail_url, "https://www.sg.gov.cn/zw/gczbtb/zbgg/201909/t20190902_300005.html");
  EXPECT_FALSE(list.items[0].lookup);
  const Notice& first = list.items[0].notice;
  EXPECT_EQ(first.title, "南雄市2020年道路工程中标结果公示");  // the whole title, not the cut link text
  EXPECT_EQ(first.kind, "award");                              // the longest ending wins over 结果公示
  EXPECT_EQ(first.published, "2020-03-18");
  EXPECT_EQ(first.domain, "construction");
  EXPECT_EQ(first.url, list.items[0].detail_url);
  EXPECT_EQ(list.items[1].notice.kind, "tender");
}

TEST(HtmlExtractor, AListWithoutItemsIsEmptyAndALinkOffHttpIsAnError) {
  const std::string page = "https://www.sg.gov.cn/zw/gczbtb/zbgg/index.html";
  EXPECT_TRUE(ExtractListPage(kTrs, "portal", "https://www.sg.gov.cn", page, "<p>无</p>").items.empty());
  try {
    ExtractListPage(kTrs, "portal", "https://www.sg.gov.cn", page,
                    R"html(<ul class="comlist-wgk"><li><a href="javascript:toPage(2)">2</a></li></ul>)html");
    FAIL() << "no ExtractError";
  } catch (const ExtractError& error) {
    EXPECT_EQ(std::string(error.what()),
              page + ": item 1 links to 'javascript:toPage(2)', which is not an http or https URL");
  }
  try {
    ExtractListPage(kTrs, "portal", "https://www.sg.gov.cn", page,
                    R"html(<ul class="comlist-wgk"><li>无链接</li></ul>)html");
    FAIL() << "no ExtractError";
  } catch (const ExtractError& error) {
    EXPECT_NE(std::string(error.what()).find("item 1 (ul.comlist-wgk li) has no link at a @href"), std::string::npos)
        << error.what();
  }
}

const std::string kTrsDetail = R"html(<html><body><div class="header">招标人：页头不是正文</div>
<div class="xl-cont"><h4>浈江区学校建设工程招标公告</h4>
<div class="xl-cont-xx"><span>发布时间：2019-09-02 10:22:31</span><span>来源：韶关市公共资源交易中心</span></div>
<div class="TRS_PreAppend">
<p>一、工程编号：<span>ＺＪＪＳ２０１９－００５</span></p>
<table><tr><td>招标人</td><td>韶关市浈江区教育局</td></tr>
<tr><td>招标控制价</td><td>37,025,532.78元（大写：人民币叁仟柒佰零贰万伍仟伍佰叁拾贰元柒角捌分）</td></tr></table>
<p>开标时间：2019年09月25日09时30分</p>
</div></div></body></html>)html";

TEST(HtmlExtractor, DetailReadsSelectorsAndLabelsInsideItsScope) {
  Notice from_list;
  from_list.kind = "tender";
  const std::string url = "https://www.sg.gov.cn/zw/gczbtb/zbgg/201909/t20190902_300005.html";
  const Notice notice = ExtractDetail(kTrs, url, kTrsDetail, from_list);
  EXPECT_EQ(notice.title, "浈江区学校建设工程招标公告");
  EXPECT_EQ(notice.published, "2019-09-02T10:22:31+08:00");
  EXPECT_EQ(notice.project_code, "ZJJS2019-005");
  EXPECT_EQ(notice.buyer, "韶关市浈江区教育局");  // not the header's, outside the scope
  EXPECT_EQ(notice.budget_yuan, "37025532.78");
  EXPECT_EQ(notice.opening, "2019-09-25T09:30:00+08:00");
  EXPECT_EQ(notice.url, url);
  EXPECT_TRUE(notice.fields_missing.empty());
}

TEST(HtmlExtractor, TextThePageEscapedStaysText) {
  // The hostile title of the simulator's freecms tender: printed escaped, so it is text, not a tag.
  const std::string page = R"html(<div class="xl-cont"><h4>&lt;script&gt;alert(1)&lt;/script&gt; 工程&amp;招标公告</h4>
<div class="TRS_PreAppend"><p>招标人：=HYPERLINK("http://x")</p></div></div>)html";
  const Notice notice = ExtractDetail(kTrs, "https://www.sg.gov.cn/a.html", page, Notice{});
  EXPECT_EQ(notice.title, "<script>alert(1)</script> 工程&招标公告");
  EXPECT_EQ(notice.buyer, "=HYPERLINK(\"http://x\")");
}

TEST(HtmlExtractor, PatternsAreWrittenAsThePageShowsThem) {
  // The value is folded before the pattern runs; the pattern is folded alike.
  EXPECT_EQ(FoldedPattern("来源：(.+)"), "来源:(.+)");
  EXPECT_EQ(FoldedPattern("金额（元）([0-9.]+)"), "金额\\(元\\)([0-9.]+)");
  EXPECT_EQ(FoldedPattern("[:：]\u3000"), "[::] ");
  const Notice notice = ExtractDetail(kTrs, "https://www.sg.gov.cn/a.html", kTrsDetail, Notice{});
  EXPECT_EQ(notice.published, "2019-09-02T10:22:31+08:00");
  SourceRules rules = kTrs;
  FieldRule agency;
  agency.css = "div.xl-cont-xx span";
  agency.pattern = "来源：(.+)";
  agency.normalise = "party";
  rules.detail_fields["agency"] = agency;
  EXPECT_EQ(ExtractDetail(rules, "https://www.sg.gov.cn/a.html", kTrsDetail, Notice{}).agency,
            "韶关市公共资源交易中心");
}

TEST(HtmlExtractor, MissingContentsAndFieldsAreListed) {
  Notice from_list;
  from_list.kind = "award";
  const std::string with_empty_certificate =
      R"html(<div class="TRS_PreAppend"><table><tr><td>中标人</td><td>韶关市建工集团有限公司</td></tr>
<tr><td>注册建造师证书编号</td><td></td></tr></table></div>)html";
  const Notice missing = ExtractDetail(kTrs, "https://www.sg.gov.cn/a.html", with_empty_certificate, from_list);
  EXPECT_EQ(missing.fields_missing, (std::vector<std::string>{"certificate", "supplier"}));
  const std::string with_certificate =
      R"html(<div class="TRS_PreAppend"><table><tr><td>注册建造师证书编号</td><td>粤144151600123</td></tr></table></div>)html";
  EXPECT_EQ(ExtractDetail(kTrs, "https://www.sg.gov.cn/a.html", with_certificate, from_list).fields_missing,
            std::vector<std::string>{"supplier"});
}

TEST(HtmlExtractor, ADetailWithoutItsScopeIsAnError) {
  try {
    ExtractDetail(kTrs, "https://www.sg.gov.cn/a.html", "<html><p>该信息不存在！</p></html>", Notice{});
    FAIL() << "no ExtractError";
  } catch (const ExtractError& error) {
    EXPECT_EQ(std::string(error.what()), "https://www.sg.gov.cn/a.html: expected HTML with div.TRS_PreAppend");
  }
}

// The trading platform: a JSON search whose details need a node id first.
const SourceRules kYgp = Parse(R"yaml(sources:
  - name: ygp
    domain: construction
    list: {url: /search, page_param: pageNo, format: json, items: "data.pageData[*]", total: data.total}
    item:
      detail_url: "/detail?nodeId={lookup}&noticeId={noticeId}&projectCode={projectCode}"
      lookup:
        url: "/nodeList?projectCode={projectCode}&bizCode={bizCode}"
        json: "data[?selectedBizCode={bizCode}].nodeId"
      kind: {json: bizCode, map: {"3C52": award}}
    detail:
      format: json
      html: data.tradingNoticeColumnModelList[?name=公告内容].richtext
      fields:
        project_code: {url: query.projectCode, normalise: code}
        supplier: {json: "data.tradingNoticeColumnModelList[*].multiKeyValueTableList[*][?code=WIN_BIDDER_NAME].value", normalise: party}
        amount_yuan: {label: [中标价, 中标金额], normalise: money}
        decided: {json: "data.tradingNoticeColumnModelList[*].multiKeyValueTableList[*][?code=WIN_BID_DATE].value", normalise: date}
)yaml");

TEST(HtmlExtractor, LookupItemsCarryWhatToReadAndWhereItLeads) {
  const std::string list =
      R"json({"data":{"total":1,"pageData":[{"noticeId":"a1 b","projectCode":"E4402/01","bizCode":"3C52"}]}})json";
  const ListPage page =
      ExtractListPage(kYgp, "trading", "https://ygp.gdzwfw.gov.cn", "https://ygp.gdzwfw.gov.cn/search?pageNo=1", list);
  ASSERT_EQ(page.items.size(), 1u);
  const ListItem& item = page.items[0];
  EXPECT_TRUE(item.lookup);
  EXPECT_EQ(item.notice.kind, "award");
  EXPECT_EQ(item.detail_url.substr(0, item.detail_url.find('#')),
            "https://ygp.gdzwfw.gov.cn/nodeList?projectCode=E4402%2F01&bizCode=3C52");
  const std::string answer = R"json({"errcode":0,"data":[{"nodeId":"111","selectedBizCode":"3C14"},
                                                     {"nodeId":"2005939215326740481","selectedBizCode":"3C52"}]})json";
  EXPECT_EQ(ResolveLookup(item.detail_url, answer),
            "https://ygp.gdzwfw.gov.cn/detail?nodeId=2005939215326740481&noticeId=a1%20b&projectCode=E4402%2F01");
  // A path made malformed by an item's value (a "]" in it) is an ExtractError like any bad answer.
  const std::string bad_path = "https://ygp.gdzwfw.gov.cn/nodeList#gapwatch-lookup=data%5B%3Fa%3D%5D%5D&detail=x";
  EXPECT_THROW(ResolveLookup(bad_path, answer), ExtractError);
  EXPECT_EQ(UnresolvedLookupDetail(item.detail_url),
            "https://ygp.gdzwfw.gov.cn/detail?nodeId=&noticeId=a1%20b&projectCode=E4402%2F01");
  try {
    ResolveLookup(item.detail_url, R"json({"errcode":0,"data":[]})json");
    FAIL() << "no ExtractError";
  } catch (const ExtractError& error) {
    EXPECT_EQ(std::string(error.what()),
              "https://ygp.gdzwfw.gov.cn/nodeList?projectCode=E4402%2F01&bizCode=3C52: expected the lookup's value at "
              "data[?selectedBizCode=3C52].nodeId");
  }
}

TEST(HtmlExtractor, JsonDetailWithFiltersUrlValuesAndEmbeddedHtml) {
  const std::string detail = R"json({"errcode":0,"data":{"tradingNoticeColumnModelList":[
    {"name":"公告内容","richtext":"<table class=\"infoTable\"><tr><td class=\"label\">中标价（万元）</td><td class=\"value\">712.345678</td></tr></table>"},
    {"name":"公告信息","multiKeyValueTableList":[[{"code":"TENDERER_NAME","key":"招标人","value":"韶关市教育局"}],
      [{"code":"WIN_BIDDER_NAME","key":"中标人","value":"广东韶建集团有限公司"},{"code":"WIN_BID_DATE","value":"Invalid date"}]]}]}})json";
  const Notice notice = ExtractDetail(
      kYgp, "https://ygp.gdzwfw.gov.cn/detail?nodeId=1&noticeId=x&projectCode=%EF%BC%A54402", detail, Notice{});
  EXPECT_EQ(notice.project_code, "E4402");  // from the URL, decoded and folded to half-width
  EXPECT_EQ(notice.supplier, "广东韶建集团有限公司");
  EXPECT_EQ(notice.amount_yuan, "7123456.78");
  EXPECT_FALSE(notice.decided.has_value());  // "Invalid date" is no date
}

// The credit site's blacklist, as sites.yaml reads it: the listing's end is the platform's state.
const SourceRules kBlacklist = Parse(R"yaml(sources:
  - name: hmd
    domain: credit
    list: {url: /list, page_param: page, format: json, items: "data.rows[*]"}
    item:
      detail_url: /detail?id={ID}
      kind: {fixed: blacklist}
    detail:
      format: html
      scope: table.detail-table
      volatile: [移除黑名单日期]
      fields:
        project_code: {label: [统一社会信用代码], normalise: code}
        supplier: {label: [黑名单记录主体], normalise: party}
        decided: {label: [列入黑名单日期], normalise: date}
        delisted: {label: [移除黑名单日期], normalise: date}
)yaml");

std::string BlacklistPage(const std::string& frame, const std::string& subject, const std::string& delisted) {
  return "<html><body>" + frame + "<table class=\"detail-table\"><tr><th>黑名单记录主体</th><td>" + subject +
         "</td></tr><tr><th>统一社会信用代码</th><td>91440200MA4UJ5XX1K</td></tr>"
         "<tr><th>列入黑名单日期</th><td>2024-03-01</td></tr><tr><th>移除黑名单日期</th><td>" +
         delisted + "</td></tr></table></body></html>";
}

TEST(HtmlExtractor, WhatADetailSaysLeavesOutItsFrameAndItsVolatileRows) {
  const auto content = [](const std::string& page) {
    return ReadDetail(kBlacklist, "https://credit.example/detail?id=1", page, Notice{}).content;
  };
  const std::string listed = content(BlacklistPage("<p>访问量 1024</p>", "韶关市某建设有限公司", ""));
  // Another page frame around the same record: the same content.
  EXPECT_EQ(content(BlacklistPage("<p>访问量 2048</p>", "韶关市某建设有限公司", "")), listed);
  // The party leaves the list: the platform's state, not an edit — though the notice reads it.
  const DetailRead delisted = ReadDetail(kBlacklist, "https://credit.example/detail?id=1",
                                         BlacklistPage("", "韶关市某建设有限公司", "2025-03-01"), Notice{});
  EXPECT_EQ(delisted.notice.delisted, "2025-03-01");
  EXPECT_EQ(delisted.content, listed);
  // Another party named: an edit.
  EXPECT_NE(content(BlacklistPage("", "韶关市另一建设有限公司", "")), listed);
  // ExtractDetail reads the same notice.
  EXPECT_EQ(ExtractDetail(kBlacklist, "https://credit.example/detail?id=1",
                          BlacklistPage("", "韶关市某建设有限公司", "2025-03-01"), Notice{})
                .delisted,
            "2025-03-01");
}

TEST(HtmlExtractor, WhatAJsonDetailWithoutHtmlSaysIsTheDocument) {
  const SourceRules rules = Parse(R"yaml(sources:
  - name: api
    domain: procurement
    list: {url: /list, page_param: page, format: json, items: "rows[*]"}
    item: {detail_url: "/detail?id={id}"}
    detail:
      format: json
      fields:
        title: {json: data.title, normalise: text}
)yaml");
  const auto content = [&](const std::string& json) {
    return ReadDetail(rules, "https://x/detail?id=1", json, Notice{}).content;
  };
  // Spacing is not content; a value is.
  EXPECT_EQ(content(R"({"data": {"title": "A", "n": 1}})"), content(R"({"data":{"title":"A","n":1}})"));
  EXPECT_NE(content(R"({"data": {"title": "A", "n": 1}})"), content(R"({"data": {"title": "A", "n": 2}})"));
}

}  // namespace
}  // namespace gapwatch
