#include "sim/templates.h"

#include <cstdio>

#include "sim/html_escape.h"

namespace gapwatch::sim {
namespace {

std::string Paragraph(const std::string& html) { return "<p>" + html + "</p>\n"; }
std::string Heading(const std::string& text) { return "<h3>" + text + "</h3>\n"; }
std::string Labelled(const std::string& label, const std::string& value) {
  return Paragraph(label + "：<span>" + HtmlEscape(value) + "</span>");
}
std::string Strong(const std::string& label, const std::string& value_html) {
  return Paragraph("<strong>" + label + "</strong>" + value_html);
}

std::string Table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::string html = "<table border=\"1\" cellspacing=\"0\" style=\"width:100%;\">\n<thead><tr>";
  for (const std::string& cell : header) html += "<th>" + cell + "</th>";
  html += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    html += "<tr>";
    for (const std::string& cell : row) html += cell.rfind("<td", 0) == 0 ? cell : "<td>" + cell + "</td>";
    html += "</tr>\n";
  }
  return html + "</tbody>\n</table>\n";
}

std::string Contacts(const Project& p) {
  return Paragraph("1.采购人信息") + Labelled("名称", p.buyer.name) + Labelled("地址", p.buyer.address) +
         Labelled("联系方式", p.buyer.contact + "，" + p.buyer.phone) + Paragraph("2.采购代理机构信息") +
         Labelled("名称", p.agency.name) + Labelled("地址", p.agency.address) +
         Labelled("联系方式", p.agency.contact + "，" + p.agency.phone) + Paragraph("3.项目联系方式") +
         Labelled("项目联系人", p.agency.contact) + Labelled("电话", p.agency.phone);
}

std::string Signature(const Project& p, CivilDate published) {
  return "<p style=\"text-align:right;\">" + HtmlEscape(p.agency.name) + "</p>\n<p style=\"text-align:right;\">" +
         ChineseDatePadded(published) + "</p>\n";
}

std::string Budget(const Project& p) {
  const int64_t fen = p.BudgetFen();
  if (p.budget_in_wan) return std::to_string(fen / 1000000) + "万元";
  return YuanWithSeparators(fen) + "元";
}

std::string Opening(CivilDate date) { return BeijingDeadline(date, 9, 30); }

std::string IntentionBody(const Project& p, const Notice& n) {
  const CivilDate planned = p.opening.PlusDays(-25);
  std::string needs;
  for (const Lot& lot : p.lots) needs += (needs.empty() ? "" : "；") + HtmlEscape(lot.item);
  return Paragraph(
             "为便于供应商及时了解政府采购信息，根据《财政部关于开展政府采购意向公开工作的通知》（财库〔2020〕10号）"
             "等有关规定，现将" +
             HtmlEscape(p.buyer.name) + std::to_string(planned.year) + "年" + std::to_string(planned.month) +
             "月政府采购意向公开如下：") +
         Table({"序号", "采购项目名称", "采购需求概况", "预算金额（万元）", "预计采购时间（填写到月）", "备注"},
               {{"1", HtmlEscape(p.name), needs, WanYuan(p.BudgetFen(), 2),
                 std::to_string(planned.year) + "年" + std::to_string(planned.month) + "月", ""}}) +
         Paragraph("本次公开的采购意向是本单位政府采购工作的初步安排，具体采购项目情况以相关采购公告和采购文件为准。") +
         "<p style=\"text-align:right;\">" + HtmlEscape(p.buyer.name) + "</p>\n<p style=\"text-align:right;\">" +
         ChineseDatePadded(n.published) + "</p>\n";
}

std::string TenderBody(const Project& p, const Notice& n) {
  const std::string opening = Opening(p.opening);
  std::vector<std::vector<std::string>> lots;
  for (const Lot& lot : p.lots) {
    lots.push_back({HtmlEscape(lot.name), HtmlEscape(lot.item), std::to_string(lot.quantity) + lot.unit,
                    YuanWithSeparators(lot.budget_fen)});
  }
  return Paragraph("<strong>项目概况</strong>") +
         Paragraph(HtmlEscape(p.name) +
                   "招标项目的潜在投标人应在广东省政府采购网（https://gdgpo.czt.gd.gov.cn/）获取招标文件，并于" +
                   opening + "前递交投标文件。") +
         Heading("一、项目基本情况") + Labelled("项目编号", p.code) + Labelled("项目名称", p.name) +
         Paragraph("采购方式：公开招标") + Paragraph("预算金额：<span>" + Budget(p) + "</span>") +
         Paragraph("最高限价（如有）：<span>" + Budget(p) + "</span>") + Paragraph("采购需求：") +
         Table({"包组", "标的名称", "数量", "预算金额（元）"}, lots) + Labelled("合同履行期限", p.performance_term) +
         Paragraph("本项目（否）接受联合体投标。") + Heading("二、申请人的资格要求") +
         Paragraph("1.满足《中华人民共和国政府采购法》第二十二条规定；") +
         Paragraph("2.落实政府采购政策需满足的资格要求：本项目专门面向中小企业采购；") +
         Paragraph("3.本项目的特定资格要求：无。") + Heading("三、获取招标文件") +
         Paragraph("时间：" + ChineseDatePadded(n.published) + "至" + ChineseDatePadded(n.published.PlusDays(7)) +
                   "，每天上午00:00至12:00，下午12:00至23:59（北京时间，法定节假日除外）") +
         Paragraph("地点：广东省政府采购网") + Paragraph("方式：在线获取") + Paragraph("售价：免费") +
         Heading("四、提交投标文件截止时间、开标时间和地点") +
         Paragraph("提交投标文件截止时间：<u>" + opening + "</u>") + Paragraph("开标时间：<u>" + opening + "</u>") +
         Paragraph("地点：" + HtmlEscape(p.venue)) + Heading("五、公告期限") +
         Paragraph("自本公告发布之日起5个工作日。") + Heading("六、其他补充事宜") +
         Paragraph("本项目采用电子化方式进行，投标人应通过广东省政府采购网的电子交易系统递交投标文件。") +
         Heading("七、对本次招标提出询问，请按以下方式联系。") + Contacts(p) + Signature(p, n.published);
}

// A correction states the new deadline under the labels a tender uses, and
// never the superseded one: a reader takes the latest notice's opening.
std::string CorrectionBody(const Project& p, const Notice& n, CivilDate first_published) {
  const std::string opening = Opening(p.corrected_opening.value_or(p.opening));
  return Heading("一、项目基本情况") + Labelled("原公告的采购项目编号", p.code) +
         Labelled("原公告的采购项目名称", p.name) + Labelled("首次公告日期", ChineseDatePadded(first_published)) +
         Heading("二、更正信息") + Paragraph("更正事项：采购公告") +
         Paragraph("更正内容：因采购需求调整，提交投标文件截止时间和开标时间顺延，调整如下：") +
         Paragraph("提交投标文件截止时间：<u>" + opening + "</u>") + Paragraph("开标时间：<u>" + opening + "</u>") +
         Paragraph("更正日期：" + ChineseDatePadded(n.published)) + Heading("三、其他补充事宜") +
         Paragraph("其他内容不变。") + Heading("四、凡对本次公告内容提出询问，请按以下方式联系。") + Contacts(p) +
         Signature(p, n.published);
}

std::string SingleSourceBody(const Project& p, const Notice& n) {
  return Heading("一、项目信息") + Labelled("采购人", p.buyer.name) + Labelled("项目名称", p.name) +
         Labelled("项目编号", p.code) + Labelled("拟采购的货物或服务的说明", p.lots.front().item) +
         Paragraph("拟采购的货物或服务的预算金额：<span>" + Budget(p) + "</span>") +
         Labelled("采用单一来源采购方式的原因及说明", "只能从唯一供应商处采购（原系统的升级维护，须由原开发商提供）") +
         Heading("二、拟定供应商信息") + Labelled("名称", p.supplier.name) + Labelled("地址", p.supplier.address) +
         Heading("三、公示期限") + Paragraph("自本公告发布之日起5个工作日。") + Heading("四、其他补充事宜") +
         Paragraph("无") + Heading("五、联系方式") + Contacts(p) + Signature(p, n.published);
}

std::string ResultBody(const Project& p, const Notice& n) {
  const bool amounts = !(n.omitted & kAwardAmount);
  std::vector<std::vector<std::string>> awards;
  std::vector<std::vector<std::string>> items;
  for (size_t i = 0; i < p.lots.size(); ++i) {
    const Lot& lot = p.lots[i];
    const std::string number = std::to_string(i + 1);
    awards.push_back({number, HtmlEscape(lot.name), HtmlEscape(p.supplier.name), HtmlEscape(p.supplier.address),
                      amounts ? "<td class=\"alignright\"><span>" + YuanWithSeparators(lot.award_fen) + "元</span></td>"
                              : "<td class=\"alignright\"><span></span></td>"});
    items.push_back({number, HtmlEscape(lot.name), HtmlEscape(lot.item), "详见投标文件", "详见投标文件",
                     std::to_string(lot.quantity) + lot.unit,
                     amounts ? YuanWithSeparators(lot.award_fen / lot.quantity) : ""});
  }
  std::vector<std::vector<std::string>> scores;
  for (size_t i = 0; i < p.scores.size(); ++i) {
    char score[16];
    std::snprintf(score, sizeof score, "%d.%02d", p.scores[i].hundredths / 100, p.scores[i].hundredths % 100);
    scores.push_back({std::to_string(i + 1), HtmlEscape(p.scores[i].supplier), score});
  }
  std::string experts;
  if (!(n.omitted & kExpertList)) {
    for (const std::string& expert : p.experts) experts += (experts.empty() ? "" : "、") + HtmlEscape(expert);
  }
  // The agency's fee: about 1.5% of the award, printed like the award so that
  // an extractor must tell the two apart by label.
  const std::string fee = YuanWithSeparators(p.AwardFen() * 15 / 1000);
  const std::string supplement = p.decided ? "中标（成交）确定日期：" + ChineseDate(*p.decided) : "无";
  return Heading("一、项目编号：<span>" + HtmlEscape(p.code) + "</span>") +
         Heading("二、项目名称：<span>" + HtmlEscape(p.name) + "</span>") + Heading("三、中标（成交）信息") +
         Table({"序号", "标项名称", "供应商名称", "供应商地址", "中标（成交）金额"}, awards) +
         Paragraph("评审得分情况：") + Table({"序号", "供应商", "综合得分"}, scores) + Heading("四、主要标的信息") +
         Table({"序号", "标项名称", "标的名称", "品牌", "规格型号", "数量", "单价（元）"}, items) +
         Strong("五、评审专家名单：", experts) +
         Strong("六、代理服务收费标准及金额：",
                "收费标准：按招标文件规定向中标（成交）供应商收取；收费金额：" + fee + "元") +
         Strong("七、公告期限：", "自本公告发布之日起1个工作日。") + Heading("八、其他补充事宜") +
         Paragraph(supplement) + Heading("九、凡对本次公告内容提出询问，请按以下方式联系。") + Contacts(p) +
         Signature(p, n.published);
}

std::string ContractParties(const Project& p) {
  std::string items;
  std::string quantities;
  for (const Lot& lot : p.lots) {
    items += (items.empty() ? "" : "、") + HtmlEscape(lot.item);
    quantities += (quantities.empty() ? "" : "、") + std::to_string(lot.quantity) + lot.unit;
  }
  return Strong("一、合同编号：", "<span>" + HtmlEscape(p.contract_number) + "</span>") +
         Strong("二、合同名称：", "<span>" + HtmlEscape(p.name) + "合同</span>") +
         Strong("三、项目编号：", "<span>" + HtmlEscape(p.code) + "</span>") +
         Strong("四、项目名称：", "<span>" + HtmlEscape(p.name) + "</span>") + Strong("五、合同主体", "") +
         Labelled("采购人（甲方）", p.buyer.name) + Labelled("地址", p.buyer.address) +
         Labelled("联系方式", p.buyer.phone) + Labelled("供应商（乙方）", p.contract_supplier.name) +
         Labelled("地址", p.contract_supplier.address) + Labelled("联系方式", p.contract_supplier.phone) +
         Strong("六、合同主要信息", "") + Paragraph("主要标的名称：" + items) +
         Paragraph("规格型号（或服务要求）：详见合同附件") + Paragraph("主要标的数量：" + quantities) +
         Paragraph("主要标的单价：详见合同附件") +
         Paragraph("合同金额：<u>" + YuanWithSeparators(p.contract_amount_fen) + "元</u>") +
         Paragraph("履约期限、地点等简要信息：" + HtmlEscape(p.performance_term) + "，地点为采购人指定地点") +
         Paragraph(std::string("采购方式：") + PurchaseMannerName(p.method));
}

std::string ContractBody(const Project& p, const Notice& n) {
  const bool signing = p.signed_on && !(n.omitted & kSigningDate);
  return ContractParties(p) + Strong("七、合同签订日期：", signing ? ChineseDatePadded(*p.signed_on) : "") +
         Strong("八、合同公告日期：", ChineseDatePadded(n.published)) + Strong("九、其他补充事宜：", "无");
}

std::string TerminationBody(const Project& p, const Notice& n, CivilDate tender_published) {
  return Heading("一、项目基本情况") + Labelled("采购项目编号", p.code) + Labelled("采购项目名称", p.name) +
         Heading("二、项目终止的原因") + Paragraph(HtmlEscape(p.termination_reason)) + Heading("三、其他补充事宜") +
         Paragraph("原招标公告发布日期：" + ChineseDatePadded(tender_published) + "。") +
         Heading("四、凡对本次公告内容提出询问，请按以下方式联系。") + Contacts(p) + Signature(p, n.published);
}

std::string AcceptanceBody(const Project& p, const Notice& n) {
  std::string members;
  for (size_t i = 0; i < 3 && i < p.experts.size(); ++i)
    members += (members.empty() ? "" : "、") + HtmlEscape(p.experts[i]);
  return ContractParties(p) + Strong("七、验收日期：", ChineseDatePadded(n.published.PlusDays(-3))) +
         Strong("八、验收组成员名单：", members) +
         Strong("九、验收意见：", "经验收，各项指标符合合同约定，验收合格。") + Strong("十、其他补充事宜：", "无") +
         Signature(p, n.published);
}

const char* TitleSuffix(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::kTender:
      return "招标公告";
    case NoticeKind::kCorrection:
      return "更正公告";
    case NoticeKind::kSingleSource:
      return "单一来源公示";
    case NoticeKind::kResult:
      return "结果公告";
    case NoticeKind::kContract:
      return "合同公告";
    case NoticeKind::kTermination:
      return "终止公告";
    case NoticeKind::kAcceptance:
      return "验收结果公告";
    default:
      return "";
  }
}

// The first publication of a kind among the project's procurement-site notices.
CivilDate FirstPublished(const Project& p, NoticeKind kind, CivilDate fallback) {
  for (const Notice& notice : p.notices) {
    if (notice.kind == kind && notice.site() == Site::kProcurement) return notice.published;
  }
  return fallback;
}

// Byte length of the UTF-8 sequence starting with `lead`.
size_t Utf8Length(unsigned char lead) { return lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4; }

}  // namespace

const char* NoticeTypeCode(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::kIntention:
      return "59";
    case NoticeKind::kTender:
      return "00101";
    case NoticeKind::kCorrection:
      return "00103";
    case NoticeKind::kSingleSource:
      return "001051";
    case NoticeKind::kResult:
      return "00102";
    case NoticeKind::kContract:
      return "001054";
    case NoticeKind::kTermination:
      return "001004";
    case NoticeKind::kAcceptance:
      return "001009";
    default:
      return "";
  }
}

const char* NoticeTypeName(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::kIntention:
      return "采购意向公开";
    case NoticeKind::kTender:
      return "采购公告";
    case NoticeKind::kCorrection:
      return "更正公告";
    case NoticeKind::kSingleSource:
      return "单一来源公示";
    case NoticeKind::kResult:
      return "中标（成交）结果公告";
    case NoticeKind::kContract:
      return "合同公告";
    case NoticeKind::kTermination:
      return "终止公告";
    case NoticeKind::kAcceptance:
      return "验收公告";
    default:
      return "";
  }
}

const char* PurchaseMannerCode(Method method) { return method == Method::kSingleSource ? "4" : "1"; }
const char* PurchaseMannerName(Method method) { return method == Method::kSingleSource ? "单一来源" : "公开招标"; }

std::string NoticeTitle(const Project& project, const Notice& notice) {
  const std::string code = "项目编号：" + project.code;
  const bool plain_style = notice.title_style == 0;
  switch (notice.kind) {
    case NoticeKind::kIntention: {
      const CivilDate planned = project.opening.PlusDays(-25);
      return project.buyer.name + std::to_string(planned.year) + "年" + std::to_string(planned.month) +
             "月政府采购意向";
    }
    case NoticeKind::kResult:
      // Both bracket shapes occur on gdgpo.
      return project.name + (plain_style ? " [" + code + "]" : "【" + code + "】") + TitleSuffix(notice.kind);
    case NoticeKind::kContract:
      return project.name + (plain_style ? " [" + code + "]" : "") + TitleSuffix(notice.kind);
    default:
      return project.name + " [" + code + "]" + TitleSuffix(notice.kind);
  }
}

std::string ListTitle(const Project& project, const Notice& notice) {
  std::string title = NoticeTitle(project, notice);
  if (!notice.highlighted_title) return title;
  // Wrap the 3rd and 4th characters, which sit inside the buyer's name: the
  // markup splits a word, as gdgpo's search highlighting does.
  size_t start = 0;
  for (int i = 0; i < 2 && start < title.size(); ++i) start += Utf8Length(static_cast<unsigned char>(title[start]));
  size_t end = start;
  for (int i = 0; i < 2 && end < title.size(); ++i) end += Utf8Length(static_cast<unsigned char>(title[end]));
  return title.substr(0, start) + "<font color=\"red\">" + title.substr(start, end - start) + "</font>" +
         title.substr(end);
}

std::string NoticeDescription(const Project& project, const Notice& notice) {
  return project.name + (notice.kind == NoticeKind::kIntention ? "采购意向" : TitleSuffix(notice.kind)) + "，采购人：" +
         project.buyer.name + "，代理机构：" + project.agency.name;
}

std::string ListedCode(const Project& project, const Notice& notice) {
  return notice.kind == NoticeKind::kIntention ? std::string() : project.code;
}

std::string NoticeContent(const Project& project, const Notice& notice) {
  std::string body;
  switch (notice.kind) {
    case NoticeKind::kIntention:
      body = IntentionBody(project, notice);
      break;
    case NoticeKind::kTender:
      body = TenderBody(project, notice);
      break;
    case NoticeKind::kCorrection:
      body = CorrectionBody(project, notice, FirstPublished(project, NoticeKind::kTender, notice.published));
      break;
    case NoticeKind::kSingleSource:
      body = SingleSourceBody(project, notice);
      break;
    case NoticeKind::kResult:
      body = ResultBody(project, notice);
      break;
    case NoticeKind::kContract:
      body = ContractBody(project, notice);
      break;
    case NoticeKind::kTermination:
      body = TerminationBody(project, notice, FirstPublished(project, NoticeKind::kTender, notice.published));
      break;
    case NoticeKind::kAcceptance:
      body = AcceptanceBody(project, notice);
      break;
    default:
      break;
  }
  return "<div class=\"noticeArea\">\n<p style=\"text-align:center;\"><strong>" +
         HtmlEscape(NoticeTitle(project, notice)) + "</strong></p>\n" + body + "</div>\n";
}

}  // namespace gapwatch::sim
