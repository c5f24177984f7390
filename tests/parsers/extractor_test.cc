#include "parsers/extractor.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gpcms_rules.h"

namespace gapwatch {
namespace {

const std::string kBase = "https://gdgpo.czt.gd.gov.cn";
const std::string kListUrl =
    "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/"
    "selectInfoForIndex?siteId=cd64e06a-21a7-4620-aebc-0576bab7e07a&currPage=1&pageSize=50";
const std::string kDetailUrl =
    "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=7b18d3af-2eb0-4ab9-8473-232dea1a4636";

// A gpcms list page as selectInfoForIndex returns it for regionCode 440200.
const std::string kListJson = R"({"code":"200","msg":"操作成功","data":{"total":137,"rows":[
  {"id":"7b18d3af-2eb0-4ab9-8473-232dea1a4636","noticeId":"7b18d3af-2eb0-4ab9-8473-232dea1a4636",
   "title":"韶关市<font color=\"red\">第一</font>人民医院医疗设备采购项目[项目编号：GDJY251013001FG046]招标公告",
   "noticeTime":"2025-02-25 10:22:31","regionName":"韶关市本级","regionCode":"440200",
   "purchaser":"韶关市第一人民医院","agency":"广东省机电设备招标中心有限公司",
   "openTenderCode":"GDJY251013001FG046","budget":"1890000.0000","catalogueNameList":"医疗设备",
   "noticeType":"00101","noticeTypeName":"采购公告","channel":"fca71be5-fc0c-45db-96af-f513e9abda9d",
   "channelName":"采购项目信息","purchaseManner":"1","purchaseMannerName":"公开招标"},
  {"id":"0d4c2a10-51f3-4b8e-9a57-6c3f1e2b7d90","title":"韶关市第一人民医院医疗设备采购项目结果公告",
   "noticeTime":"2025-04-10 17:05:00","purchaser":"韶关市第一人民医院","openTenderCode":"ＧＤＪＹ２５１０１３００１ＦＧ０４６",
   "budget":null,"noticeType":"001021"},
  {"id":"e2f0a9c4-7d1b-4c55-8f3e-1a2b3c4d5e6f","title":"韶关市第一人民医院医疗设备采购项目合同公告",
   "noticeTime":"2025-04-22","noticeType":"001054"},
  {"id":"5a5a5a5a-0000-4000-8000-000000000001","title":"曲江区教育局课桌椅采购项目采购更正公告（第一次）",
   "noticeTime":"2025-03-01 09:00:00","noticeType":"009901"},
  {"id":"5a5a5a5a-0000-4000-8000-000000000002","title":"南雄市定点议价采购公告汇总","noticeType":"009902"},
  {"id":"id with/slash&中","title":"新丰县项目招标失败公告","noticeType":null}
]}})";

std::string DetailJson(const std::string& title, const std::string& content) {
  return nlohmann::json{{"code", "200"},
                        {"msg", "操作成功"},
                        {"data",
                         {{"title", title},
                          {"noticeTime", "2025-04-10 17:05:00"},
                          {"openTenderCode", "GDJY251013001FG046"},
                          {"content", content},
                          {"attchList", nlohmann::json::array()}}}}
      .dump();
}

Notice FromList(const std::string& kind) {
  Notice notice;
  notice.site = "procurement";
  notice.url = kDetailUrl;
  notice.kind = kind;
  notice.domain = "procurement";
  notice.project_code = "GDJY251013001FG046";
  notice.title = "韶关市第一人民医院医疗设备采购项目";
  notice.buyer = "韶关市第一人民医院";
  notice.agency = "广东省机电设备招标中心有限公司";
  notice.published = "2025-04-10T17:05:00+08:00";
  return notice;
}

class ExtractorTest : public ::testing::Test {
 protected:
  const SourceRules rules_ = testing::GpcmsRules();
};

// ---- List pages ------------------------------------------------------------

TEST_F(ExtractorTest, ListPageItems) {
  const ListPage page = ExtractListPage(rules_, "procurement", kBase, kListUrl, kListJson);
  EXPECT_EQ(page.total, 137);
  ASSERT_EQ(page.items.size(), 6u);

  const ListItem& tender = page.items[0];
  EXPECT_EQ(tender.detail_url, kDetailUrl);
  const Notice& notice = tender.notice;
  EXPECT_EQ(notice.site, "procurement");
  EXPECT_EQ(notice.url, kDetailUrl);
  EXPECT_EQ(notice.domain, "procurement");
  EXPECT_EQ(notice.kind, "tender");
  EXPECT_EQ(notice.title, "韶关市第一人民医院医疗设备采购项目[项目编号:GDJY251013001FG046]招标公告");
  EXPECT_EQ(notice.project_code, "GDJY251013001FG046");
  EXPECT_EQ(notice.buyer, "韶关市第一人民医院");
  EXPECT_EQ(notice.agency, "广东省机电设备招标中心有限公司");
  EXPECT_EQ(notice.budget_yuan, "1890000.00");
  EXPECT_EQ(notice.published, "2025-02-25T10:22:31+08:00");
  EXPECT_TRUE(notice.fields_missing.empty());
}

TEST_F(ExtractorTest, ListPageKindsNormalisersAndAbsentValues) {
  const ListPage page = ExtractListPage(rules_, "procurement", kBase, kListUrl, kListJson);
  ASSERT_EQ(page.items.size(), 6u);
  EXPECT_EQ(page.items[1].notice.kind, "award");
  EXPECT_EQ(page.items[1].notice.project_code, "GDJY251013001FG046");  // full width folded
  EXPECT_EQ(page.items[1].notice.budget_yuan, std::nullopt);           // null budget
  EXPECT_TRUE(page.items[1].notice.agency.empty());
  EXPECT_EQ(page.items[2].notice.kind, "contract");
  EXPECT_EQ(page.items[2].notice.published, "2025-04-22");
  // Codes the map does not know fall back to the title's ending, then to other.
  EXPECT_EQ(page.items[3].notice.kind, "correction");
  EXPECT_EQ(page.items[4].notice.kind, "other");
  EXPECT_EQ(page.items[5].notice.kind, "termination");
  EXPECT_EQ(page.items[5].detail_url,
            "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=id%20with%2Fslash%26%E4%B8%AD");
}

TEST_F(ExtractorTest, ListPageTotalAsStringAndEmptyRows) {
  const ListPage empty =
      ExtractListPage(rules_, "procurement", kBase + "/", kListUrl, R"({"code":"200","data":{"total":"0","rows":[]}})");
  EXPECT_EQ(empty.total, 0);
  EXPECT_TRUE(empty.items.empty());
  const ListPage null_rows =
      ExtractListPage(rules_, "procurement", kBase, kListUrl, R"({"code":"200","data":{"rows":null}})");
  EXPECT_EQ(null_rows.total, std::nullopt);
  EXPECT_TRUE(null_rows.items.empty());
}

TEST_F(ExtractorTest, BaseUrlWithTrailingSlash) {
  const ListPage page = ExtractListPage(rules_, "procurement", kBase + "/", kListUrl,
                                        R"({"data":{"rows":[{"id":"abc","noticeType":"00102"}]}})");
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].detail_url, kBase + "/gpcms/rest/web/v2/info/getInfoById?id=abc");
}

TEST_F(ExtractorTest, ListPageErrorsNameThePage) {
  try {
    ExtractListPage(rules_, "procurement", kBase, kListUrl, "<html><body>403 Forbidden</body></html>");
    FAIL() << "no ExtractError";
  } catch (const ExtractError& error) {
    EXPECT_EQ(error.url(), kListUrl);
    EXPECT_EQ(std::string(error.what()).rfind(kListUrl + ": expected JSON (parse error at line 1, column 1", 0), 0u)
        << error.what();
  }
  try {
    ExtractListPage(rules_, "procurement", kBase, kListUrl, R"({"code":"500","msg":"验证码错误"})");
    FAIL() << "no ExtractError";
  } catch (const ExtractError& error) {
    EXPECT_EQ(std::string(error.what()), kListUrl + ": expected a list of items at data.rows");
  }
  try {
    ExtractListPage(rules_, "procurement", kBase, kListUrl, R"({"data":{"rows":[{"id":"a"},{"title":"无编号"}]}})");
    FAIL() << "no ExtractError";
  } catch (const ExtractError& error) {
    EXPECT_NE(std::string(error.what()).find("item 2 has no 'id'"), std::string::npos) << error.what();
  }
}

// ---- Detail pages ----------------------------------------------------------

// 2020 national 招标公告 template as gpcms renders it.
const std::string kTenderHtml = R"(<div class="noticeArea">
<p style="text-align:center"><strong>韶关市第一人民医院医疗设备采购项目招标公告</strong></p>
<p><strong>项目概况</strong></p>
<p>韶关市第一人民医院医疗设备采购项目的潜在投标人应在广东省政府采购网获取招标文件，并于2025年03月18日 09点30分（北京时间）前递交投标文件。</p>
<h4>一、项目基本情况</h4>
<p>项目编号：<span class="bookmark-item">GDJY251013001FG046</span></p>
<p>项目名称：韶关市第一人民医院医疗设备采购项目</p>
<p>采购方式：公开招标</p>
<p>预算金额：1,890,000.00元</p>
<h4>二、申请人的资格要求：</h4>
<p>1.满足《中华人民共和国政府采购法》第二十二条规定；</p>
<h4>三、获取招标文件</h4>
<p>时间：2025年02月26日 至 2025年03月05日，每天上午09:00至12:00，下午14:30至17:30（北京时间，法定节假日除外）</p>
<h4>四、提交投标文件截止时间、开标时间和地点</h4>
<p>提交投标文件截止时间：2025年03月18日 09点30分（北京时间）</p>
<p>开标时间：2025年03月18日 09点30分（北京时间）</p>
<p>地点：韶关市浈江区工业东路XX号开标室</p>
<h4>五、公告期限</h4>
<p>自本公告发布之日起5个工作日。</p>
</div>)";

TEST_F(ExtractorTest, TenderDetailReadsTheOpeningTime) {
  const Notice notice = ExtractDetail(rules_, kDetailUrl, DetailJson("招标公告", kTenderHtml), FromList("tender"));
  EXPECT_EQ(notice.opening, "2025-03-18T09:30:00+08:00");
  EXPECT_EQ(notice.project_code, "GDJY251013001FG046");
  EXPECT_EQ(notice.kind, "tender");
  EXPECT_EQ(notice.buyer, "韶关市第一人民医院");  // from the list, untouched
  EXPECT_TRUE(notice.lots.empty());
  EXPECT_FALSE(notice.amount_yuan.has_value());
  EXPECT_TRUE(notice.fields_missing.empty());  // nothing is required of a tender
}

TEST_F(ExtractorTest, LabelsAreTriedInOrderWithNumberingPrefixes) {
  // Only the second opening label is present, numbered, with an ASCII colon.
  const std::string html =
      "<p>四、提交投标文件截止时间、开标时间和地点</p>"
      "<p>四、提交投标文件截止时间和开标时间: 2025年3月18日9时30分</p>"
      "<p>（一）采购项目编号 ： ＧＤＪＹ２５０３２０００４ＦＧ００６</p>";
  const Notice notice = ExtractDetail(rules_, kDetailUrl, DetailJson("招标公告", html), FromList("tender"));
  EXPECT_EQ(notice.opening, "2025-03-18T09:30:00+08:00");
  EXPECT_EQ(notice.project_code, "GDJY250320004FG006");  // the detail's value wins over the list's
}

TEST_F(ExtractorTest, LabelInsideProseIsNoLabel) {
  const std::string html = "<p>本项目编号为XYZ-1，开标时间待定。</p><p>开标时间另行通知</p>";
  const Notice notice = ExtractDetail(rules_, kDetailUrl, DetailJson("招标公告", html), FromList("tender"));
  EXPECT_EQ(notice.project_code, "GDJY251013001FG046");  // kept from the list
  EXPECT_FALSE(notice.opening.has_value());
}

// 2020 中标（成交）结果公告 template: a multi-lot result table, a scoring table
// that must be ignored, a 主要标的信息 table and an agency fee given as a rate.
const std::string kResultHtml = R"(<div class="noticeArea">
<p>一、项目编号：GDJY251013001FG046</p>
<p>二、项目名称：韶关市第一人民医院医疗设备采购项目</p>
<p>三、中标（成交）信息</p>
<table class="template-bookmark uuid-1">
<thead><tr><th>序号</th><th>标项名称</th><th>供应商名称</th><th>供应商地址</th><th>中标（成交）金额</th></tr></thead>
<tbody>
<tr><td>1</td><td>包组1：彩色多普勒超声诊断仪</td><td>韶关市甲医疗器械有限公司</td><td>韶关市浈江区风采路1号</td>
    <td class="alignright"><span>1,420,000.00元</span></td></tr>
<tr><td>2</td><td>包组2：多参数监护仪</td><td>广州乙医疗科技有限公司</td><td>广州市天河区天河路2号</td>
    <td class="alignright"><span>￥36.5 万元（人民币）</span></td></tr>
<tr><td colspan="4">合计</td><td>1,785,000.00元</td></tr>
</tbody></table>
<p>评审情况：</p>
<table><tr><th>供应商名称</th><th>综合得分</th><th>排名</th></tr>
<tr><td>韶关市甲医疗器械有限公司</td><td>92.50</td><td>1</td></tr>
<tr><td>丙科技有限公司</td><td>88.00</td><td>2</td></tr></table>
<p>四、主要标的信息</p>
<table><tr><th>序号</th><th>标项名称</th><th>标的名称</th><th>品牌</th><th>规格型号</th><th>数量</th><th>单价（元）</th></tr>
<tr><td>1</td><td>包组1</td><td>彩色多普勒超声诊断仪</td><td>某品牌</td><td>X7</td><td>1</td><td>1420000</td></tr></table>
<p>五、评审专家（单一来源采购人员）名单：张三、李四、王五</p>
<p>六、代理服务收费标准及金额：服务费率2.70%</p>
<p>七、公告期限：自本公告发布之日起1个工作日。</p>
</div>)";

TEST_F(ExtractorTest, ResultDetailReadsEveryLotAndIgnoresOtherTables) {
  const Notice notice = ExtractDetail(rules_, kDetailUrl, DetailJson("结果公告", kResultHtml), FromList("award"));
  ASSERT_EQ(notice.lots.size(), 2u);
  EXPECT_EQ(notice.lots[0].name, "包组1:彩色多普勒超声诊断仪");
  EXPECT_EQ(notice.lots[0].supplier, "韶关市甲医疗器械有限公司");
  EXPECT_EQ(notice.lots[0].amount_yuan, "1420000.00");
  EXPECT_EQ(notice.lots[1].name, "包组2:多参数监护仪");
  EXPECT_EQ(notice.lots[1].supplier, "广州乙医疗科技有限公司");
  EXPECT_EQ(notice.lots[1].amount_yuan, "365000.00");
  EXPECT_EQ(notice.amount_yuan, "1785000.00");  // the lots' sum, not the 合计 row's text
  EXPECT_TRUE(notice.supplier.empty());         // two different winners
  EXPECT_EQ(notice.project_code, "GDJY251013001FG046");
  EXPECT_TRUE(notice.fields_missing.empty());  // every lot names its winner and amount
}

TEST_F(ExtractorTest, AResultWithoutItsExpertsListsThemMissing) {
  // GP-12: the result names the evaluation experts; an empty label is no list.
  std::string html = kResultHtml;
  const std::string experts = "五、评审专家（单一来源采购人员）名单：张三、李四、王五";
  html.replace(html.find(experts), experts.size(), "五、评审专家名单：");
  EXPECT_EQ(ExtractDetail(rules_, kDetailUrl, DetailJson("结果公告", html), FromList("award")).fields_missing,
            std::vector<std::string>{"experts"});
}

// Also: the header in the second row, matched without spaces and bracket width,
// its unit (万元) applied to the amounts.
TEST_F(ExtractorTest, OneWinnerForEveryLotBecomesTheSupplier) {
  const std::string html =
      "<table><tr><td colspan=\"3\">中标结果</td></tr>"
      "<tr><td>标段</td><td>供应商 名称</td><td>中标(成交)金额 （万元）</td></tr>"
      "<tr><td>一标段</td><td>韶关市丁建设有限公司</td><td>120.5</td></tr>"
      "<tr><td>二标段</td><td>韶关市丁建设有限公司</td><td>79.5</td></tr>"
      "<tr><td></td><td></td><td></td></tr></table>";
  Notice from_list = FromList("award");
  from_list.amount_yuan = "1.00";  // a list value is overridden only by a detail value
  const Notice notice = ExtractDetail(rules_, kDetailUrl, DetailJson("结果公告", html), from_list);
  ASSERT_EQ(notice.lots.size(), 2u);
  EXPECT_EQ(notice.lots[0].amount_yuan, "1205000.00");
  EXPECT_EQ(notice.supplier, "韶关市丁建设有限公司");
  EXPECT_EQ(notice.amount_yuan, "1.00");
}

TEST_F(ExtractorTest, LotWithARateLeavesTheAmountMissing) {
  const std::string html =
      "<table><tr><th>序号</th><th>供应商名称</th><th>中标（成交）金额</th></tr>"
      "<tr><td>1</td><td>韶关市戊造价咨询有限公司</td><td>服务费率2.70%</td></tr></table>";
  const Notice notice = ExtractDetail(rules_, kDetailUrl, DetailJson("结果公告", html), FromList("award"));
  ASSERT_EQ(notice.lots.size(), 1u);
  EXPECT_FALSE(notice.lots[0].amount_yuan.has_value());
  EXPECT_EQ(notice.supplier, "韶关市戊造价咨询有限公司");
  EXPECT_FALSE(notice.amount_yuan.has_value());
  EXPECT_EQ(notice.fields_missing, (std::vector<std::string>{"amount_yuan", "experts"}));
}

TEST_F(ExtractorTest, ScoringTableAloneGivesNoLots) {
  const std::string html =
      "<table><tr><th>供应商名称</th><th>综合得分</th></tr><tr><td>甲公司</td><td>92.5</td></tr></table>";
  const Notice notice = ExtractDetail(rules_, kDetailUrl, DetailJson("结果公告", html), FromList("award"));
  EXPECT_TRUE(notice.lots.empty());
  EXPECT_EQ(notice.fields_missing, (std::vector<std::string>{"supplier", "amount_yuan", "experts"}));
}

TEST_F(ExtractorTest, TableWithoutTheAmountColumnIsNeverRead) {
  SourceRules rules = rules_;
  rules.lots->table_header = {"供应商名称"};  // the header alone no longer excludes a scoring table
  const std::string html =
      "<table><tr><th>供应商名称</th><th>综合得分</th></tr><tr><td>甲公司</td><td>92.5</td></tr></table>";
  EXPECT_TRUE(ExtractDetail(rules, kDetailUrl, DetailJson("结果公告", html), FromList("award")).lots.empty());
}

TEST_F(ExtractorTest, ResultTableInsideALayoutTableIsReadOnce) {
  const std::string html = "<table><tr><td>" + kResultHtml + "</td></tr></table>";
  const Notice notice = ExtractDetail(rules_, kDetailUrl, DetailJson("结果公告", html), FromList("award"));
  ASSERT_EQ(notice.lots.size(), 2u);
  EXPECT_EQ(notice.amount_yuan, "1785000.00");
}

// 2020 合同公告 template.
const std::string kContractHtml = R"(<div class="noticeArea">
<p>一、合同编号：SGDYRMYY-2025-HT031</p>
<p>二、合同名称：韶关市第一人民医院医疗设备采购合同（包组1）</p>
<p>三、项目编号：GDJY251013001FG046</p>
<p>四、项目名称：韶关市第一人民医院医疗设备采购项目</p>
<p>五、合同主体</p>
<p>采购人（甲方）：韶关市第一人民医院</p>
<p>地&nbsp;&nbsp;址：韶关市武江区东堤南路133号</p>
<p>供应商（乙方）：韶关市甲医疗器械有限公司</p>
<p>六、合同主要信息</p>
<p>主要标的名称：彩色多普勒超声诊断仪</p>
<p>合同金额：1,420,000.00元（大写：壹佰肆拾贰万元整）</p>
<p>履约期限、地点等简要信息：合同签订后30日内交货</p>
<p>采购方式：公开招标</p>
<p>七、合同签订日期：2025年04月20日</p>
<p>八、合同公告日期：2025年04月22日</p>
</div>)";

TEST_F(ExtractorTest, ContractDetail) {
  const Notice notice = ExtractDetail(rules_, kDetailUrl, DetailJson("合同公告", kContractHtml), FromList("contract"));
  EXPECT_EQ(notice.supplier, "韶关市甲医疗器械有限公司");
  EXPECT_EQ(notice.amount_yuan, "1420000.00");
  EXPECT_EQ(notice.signed_on, "2025-04-20");
  EXPECT_EQ(notice.project_code, "GDJY251013001FG046");
  EXPECT_TRUE(notice.fields_missing.empty());
}

TEST_F(ExtractorTest, ContractInATableWithUnitInTheLabel) {
  const std::string html =
      "<table><tr><td>乙方</td><td>韶关市己物业管理有限公司</td></tr>"
      "<tr><td>合同金额（万元）</td><td>142</td></tr></table>";
  const Notice notice = ExtractDetail(rules_, kDetailUrl, DetailJson("合同公告", html), FromList("contract"));
  EXPECT_EQ(notice.supplier, "韶关市己物业管理有限公司");
  EXPECT_EQ(notice.amount_yuan, "1420000.00");
  EXPECT_EQ(notice.fields_missing, std::vector<std::string>{"signed"});
}

TEST_F(ExtractorTest, EmptyValueFallsThroughToTheNextOccurrence) {
  const std::string html = "<p>合同金额：详见合同</p><p>合同金额：</p><p>合同金额：８，２００元</p>";
  const Notice notice = ExtractDetail(rules_, kDetailUrl, DetailJson("合同公告", html), FromList("contract"));
  EXPECT_EQ(notice.amount_yuan, "8200.00");
}

TEST_F(ExtractorTest, KindFromTheTitleWhenTheListGaveNone) {
  Notice from_list = FromList("");
  from_list.title = "韶关市第一人民医院医疗设备采购项目合同公告";
  const Notice notice = ExtractDetail(rules_, kDetailUrl, DetailJson("合同公告", "<p>无</p>"), from_list);
  EXPECT_EQ(notice.kind, "contract");
  EXPECT_EQ(notice.fields_missing, (std::vector<std::string>{"supplier", "amount_yuan", "signed"}));
  EXPECT_EQ(ExtractDetail(rules_, kDetailUrl, DetailJson("", "<p>无</p>"), Notice{}).kind, "other");
}

TEST_F(ExtractorTest, CodesLoseTheirLabelAndComeFromTheTitleWhenNothingElseHasOne) {
  const std::string list = R"({"data":{"total":2,"rows":[
    {"id":"a","title":"乳源县人民医院设备采购项目【项目编号：ＲＹＣＧ２０２５－０１８】结果公告","noticeType":"001021"},
    {"id":"b","title":"乳源县人民医院设备采购项目结果公告","openTenderCode":"[项目编号：ry-2025-07]","noticeType":"001021"}
  ]}})";
  const ListPage page = ExtractListPage(rules_, "procurement", kBase, kListUrl, list);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].notice.project_code, "RYCG2025-018") << "from the title: the row has no code";
  EXPECT_EQ(page.items[1].notice.project_code, "RY-2025-07") << "label and brackets are not the code";
  Notice from_list;
  from_list.title = "乳源县人民医院设备采购项目[项目编号：RYCG2025-019]合同公告";
  const Notice detail =
      ExtractDetail(rules_, kDetailUrl, DetailJson(from_list.title, "<p>合同金额：100元</p>"), from_list);
  EXPECT_EQ(detail.project_code, "RYCG2025-019");
}

TEST_F(ExtractorTest, NumbersBeyondADoubleAreAnExtractErrorNotACrash) {
  // Found by tests/fuzz (extract_list): nlohmann throws out_of_range, not parse_error, for 1e999.
  EXPECT_THROW(ExtractListPage(rules_, "procurement", kBase, kListUrl, R"({"data":{"rows":[]},"total":1e999})"),
               ExtractError);
  EXPECT_THROW(ExtractDetail(rules_, kDetailUrl, R"({"code":"200","data":{"content":"<p>x</p>","n":1e999}})", {}),
               ExtractError);
}

TEST_F(ExtractorTest, AListPageWithoutItsSuccessCodeIsAnErrorNotAnEmptyPage) {
  SourceRules rules = rules_;
  rules.success_path = "errcode";
  rules.success_value = "0";
  const std::string ok = R"({"errcode":0,"data":{"total":0,"rows":null}})";
  EXPECT_TRUE(ExtractListPage(rules, "procurement", kBase, kListUrl, ok).items.empty());
  try {
    ExtractListPage(rules, "procurement", kBase, kListUrl, R"({"errcode":90104,"errmsg":"签名错误","data":null})");
    FAIL() << "a refused page read as an empty one";
  } catch (const ExtractError& error) {
    EXPECT_EQ(std::string(error.what()),
              kListUrl + ": the site did not answer with success: errcode is 90104, expected 0");
  }
  EXPECT_THROW(ExtractListPage(rules, "procurement", kBase, kListUrl, R"({"data":{"rows":[]}})"), ExtractError)
      << "no code at all is no success either";
}

TEST_F(ExtractorTest, PartiesLoseTheirRoleLabels) {
  const std::string list = R"({"data":{"total":1,"rows":[
    {"id":"a","title":"x采购项目招标公告","purchaser":"采购人：韶关市财政局（本级）","agency":"广东某招标代理有限公司（代理机构）","noticeType":"00101"}
  ]}})";
  const ListPage page = ExtractListPage(rules_, "procurement", kBase, kListUrl, list);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].notice.buyer, "韶关市财政局(本级)") << "part of the name stays, the label goes";
  EXPECT_EQ(page.items[0].notice.agency, "广东某招标代理有限公司");
}

TEST_F(ExtractorTest, MalformedDetailsNameTheUrl) {
  const auto message = [&](const std::string& body) {
    try {
      ExtractDetail(rules_, kDetailUrl, body, FromList("award"));
    } catch (const ExtractError& error) {
      EXPECT_EQ(error.url(), kDetailUrl);
      return std::string(error.what());
    }
    return std::string("no ExtractError");
  };
  EXPECT_EQ(message("<!DOCTYPE html><html>系统繁忙</html>").rfind(kDetailUrl + ": expected JSON (", 0), 0u);
  EXPECT_EQ(message(R"({"code":"200","data":{"title":"结果公告"}})"), kDetailUrl + ": expected HTML at data.content");
  EXPECT_EQ(message(R"({"code":"200","data":{"content":42}})"), kDetailUrl + ": expected HTML at data.content");
  EXPECT_EQ(message(R"({"code":"200","data":null})"), kDetailUrl + ": expected HTML at data.content");
  EXPECT_EQ(message("").rfind(kDetailUrl + ": expected JSON (", 0), 0u);
}

}  // namespace
}  // namespace gapwatch
