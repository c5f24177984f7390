#include "sim/templates.h"

#include <cstdio>

namespace gapwatch::sim {
namespace {

std::string Escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// 2025年03月18日
std::string ChineseDatePadded(CivilDate date) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d年%02d月%02d日", date.year, date.month, date.day);
  return text;
}

// 2025年3月25日
std::string ChineseDate(CivilDate date) {
  return std::to_string(date.year) + "年" + std::to_string(date.month) + "月" + std::to_string(date.day) + "日";
}

std::string Paragraph(const std::string& html) { return "<p>" + html + "</p>\n"; }
std::string Heading(const std::string& text) { return "<h3>" + text + "</h3>\n"; }
std::string Labelled(const std::string& label, const std::string& value) {
  return Paragraph(label + "：<span>" + Escape(value) + "</span>");
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
  return "<p style=\"text-align:right;\">" + Escape(p.agency.name) + "</p>\n<p style=\"text-align:right;\">" +
         ChineseDatePadded(published) + "</p>\n";
}

std::string Budget(const Project& p) {
  const int64_t fen = p.BudgetFen();
  if (p.budget_in_wan) return std::to_string(fen / 1000000) + "万元";
  return YuanWithSeparators(fen) + "元";
}

std::string TenderBody(const Project& p, const Notice& n) {
  const std::string opening = ChineseDatePadded(p.opening) + " 09点30分（北京时间）";
  std::vector<std::vector<std::string>> lots;
  for (const Lot& lot : p.lots) {
    lots.push_back({Escape(lot.name), Escape(lot.item), std::to_string(lot.quantity) + lot.unit,
                    YuanWithSeparators(lot.budget_fen)});
  }
  return Paragraph("<strong>项目概况</strong>") +
         Paragraph(Escape(p.name) +
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
         Paragraph("地点：韶关市公共资源交易中心开标室（韶关市武江区芙蓉新城芙蓉路3号）") + Heading("五、公告期限") +
         Paragraph("自本公告发布之日起5个工作日。") + Heading("六、其他补充事宜") +
         Paragraph("本项目采用电子化方式进行，投标人应通过广东省政府采购网的电子交易系统递交投标文件。") +
         Heading("七、对本次招标提出询问，请按以下方式联系。") + Contacts(p) + Signature(p, n.published);
}

std::string ResultBody(const Project& p, const Notice& n) {
  std::vector<std::vector<std::string>> awards;
  std::vector<std::vector<std::string>> items;
  for (size_t i = 0; i < p.lots.size(); ++i) {
    const Lot& lot = p.lots[i];
    const std::string number = std::to_string(i + 1);
    awards.push_back({number, Escape(lot.name), Escape(p.supplier.name), Escape(p.supplier.address),
                      "<td class=\"alignright\"><span>" + YuanWithSeparators(lot.award_fen) + "元</span></td>"});
    items.push_back({number, Escape(lot.name), Escape(lot.item), "详见投标文件", "详见投标文件",
                     std::to_string(lot.quantity) + lot.unit, YuanWithSeparators(lot.award_fen / lot.quantity)});
  }
  std::vector<std::vector<std::string>> scores;
  for (size_t i = 0; i < p.scores.size(); ++i) {
    char score[16];
    std::snprintf(score, sizeof score, "%d.%02d", p.scores[i].hundredths / 100, p.scores[i].hundredths % 100);
    scores.push_back({std::to_string(i + 1), Escape(p.scores[i].supplier), score});
  }
  std::string experts;
  for (const std::string& expert : p.experts) experts += (experts.empty() ? "" : "、") + Escape(expert);
  // The agency's fee: about 1.5% of the award, printed like the award so that
  // an extractor must tell the two apart by label.
  const std::string fee = YuanWithSeparators(p.AwardFen() * 15 / 1000);
  const std::string supplement = p.decided ? "中标（成交）确定日期：" + ChineseDate(*p.decided) : "无";
  return Heading("一、项目编号：<span>" + Escape(p.code) + "</span>") +
         Heading("二、项目名称：<span>" + Escape(p.name) + "</span>") + Heading("三、中标（成交）信息") +
         Table({"序号", "标项名称", "供应商名称", "供应商地址", "中标（成交）金额"}, awards) +
         Paragraph("评审得分情况：") + Table({"序号", "供应商", "综合得分"}, scores) + Heading("四、主要标的信息") +
         Table({"序号", "标项名称", "标的名称", "品牌", "规格型号", "数量", "单价（元）"}, items) +
         Paragraph("<strong>五、评审专家名单：</strong>" + experts) +
         Paragraph(
             "<strong>六、代理服务收费标准及金额：</"
             "strong>收费标准：按招标文件规定向中标（成交）供应商收取；收费金额：" +
             fee + "元") +
         Paragraph("<strong>七、公告期限：</strong>自本公告发布之日起1个工作日。") + Heading("八、其他补充事宜") +
         Paragraph(supplement) + Heading("九、凡对本次公告内容提出询问，请按以下方式联系。") + Contacts(p) +
         Signature(p, n.published);
}

std::string ContractBody(const Project& p, const Notice& n) {
  std::string items;
  std::string quantities;
  for (const Lot& lot : p.lots) {
    items += (items.empty() ? "" : "、") + Escape(lot.item);
    quantities += (quantities.empty() ? "" : "、") + std::to_string(lot.quantity) + lot.unit;
  }
  auto numbered = [](const std::string& label, const std::string& value_html) {
    return Paragraph("<strong>" + label + "</strong>" + value_html);
  };
  return numbered("一、合同编号：", "<span>" + Escape(p.contract_number) + "</span>") +
         numbered("二、合同名称：", "<span>" + Escape(p.name) + "合同</span>") +
         numbered("三、项目编号：", "<span>" + Escape(p.code) + "</span>") +
         numbered("四、项目名称：", "<span>" + Escape(p.name) + "</span>") + numbered("五、合同主体", "") +
         Labelled("采购人（甲方）", p.buyer.name) + Labelled("地址", p.buyer.address) +
         Labelled("联系方式", p.buyer.phone) + Labelled("供应商（乙方）", p.supplier.name) +
         Labelled("地址", p.supplier.address) + Labelled("联系方式", p.supplier.phone) +
         numbered("六、合同主要信息", "") + Paragraph("主要标的名称：" + items) +
         Paragraph("规格型号（或服务要求）：详见合同附件") + Paragraph("主要标的数量：" + quantities) +
         Paragraph("主要标的单价：详见合同附件") +
         Paragraph("合同金额：<u>" + YuanWithSeparators(p.AwardFen()) + "元</u>") +
         Paragraph("履约期限、地点等简要信息：" + Escape(p.performance_term) + "，地点为采购人指定地点") +
         Paragraph("采购方式：公开招标") + numbered("七、合同签订日期：", ChineseDatePadded(*p.signed_on)) +
         numbered("八、合同公告日期：", ChineseDatePadded(n.published)) + numbered("九、其他补充事宜：", "无");
}

std::string TerminationBody(const Project& p, const Notice& n) {
  return Heading("一、项目基本情况") + Labelled("采购项目编号", p.code) + Labelled("采购项目名称", p.name) +
         Heading("二、项目终止的原因") + Paragraph(Escape(p.termination_reason)) + Heading("三、其他补充事宜") +
         Paragraph("原招标公告发布日期：" + ChineseDatePadded(p.tender_published) + "。") +
         Heading("四、凡对本次公告内容提出询问，请按以下方式联系。") + Contacts(p) + Signature(p, n.published);
}

const char* TitleSuffix(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::kTender:
      return "招标公告";
    case NoticeKind::kResult:
      return "结果公告";
    case NoticeKind::kContract:
      return "合同公告";
    case NoticeKind::kTermination:
      return "终止公告";
  }
  return "";
}

// Byte length of the UTF-8 sequence starting with `lead`.
size_t Utf8Length(unsigned char lead) { return lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4; }

}  // namespace

const char* NoticeTypeCode(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::kTender:
      return "00101";
    case NoticeKind::kResult:
      return "00102";
    case NoticeKind::kContract:
      return "001054";
    case NoticeKind::kTermination:
      return "001004";
  }
  return "";
}

const char* NoticeTypeName(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::kTender:
      return "采购公告";
    case NoticeKind::kResult:
      return "中标（成交）结果公告";
    case NoticeKind::kContract:
      return "合同公告";
    case NoticeKind::kTermination:
      return "终止公告";
  }
  return "";
}

std::string NoticeTitle(const Project& project, const Notice& notice) {
  const std::string code = "项目编号：" + project.code;
  const bool plain_style = notice.title_style == 0;
  switch (notice.kind) {
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
  // Wrap the 3rd and 4th characters, which always sit inside the buyer's
  // name: the markup splits a word, as gdgpo's search highlighting does.
  size_t start = 0;
  for (int i = 0; i < 2; ++i) start += Utf8Length(static_cast<unsigned char>(title[start]));
  size_t end = start;
  for (int i = 0; i < 2; ++i) end += Utf8Length(static_cast<unsigned char>(title[end]));
  return title.substr(0, start) + "<font color=\"red\">" + title.substr(start, end - start) + "</font>" +
         title.substr(end);
}

std::string NoticeDescription(const Project& project, const Notice& notice) {
  return project.name + TitleSuffix(notice.kind) + "，采购人：" + project.buyer.name + "，代理机构：" +
         project.agency.name;
}

std::string NoticeContent(const Project& project, const Notice& notice) {
  std::string body;
  switch (notice.kind) {
    case NoticeKind::kTender:
      body = TenderBody(project, notice);
      break;
    case NoticeKind::kResult:
      body = ResultBody(project, notice);
      break;
    case NoticeKind::kContract:
      body = ContractBody(project, notice);
      break;
    case NoticeKind::kTermination:
      body = TerminationBody(project, notice);
      break;
  }
  return "<div class=\"noticeArea\">\n<p style=\"text-align:center;\"><strong>" + Escape(NoticeTitle(project, notice)) +
         "</strong></p>\n" + body + "</div>\n";
}

std::string YuanWithSeparators(int64_t fen) {
  const std::string yuan = std::to_string(fen / 100);
  std::string grouped;
  for (size_t i = 0; i < yuan.size(); ++i) {
    if (i > 0 && (yuan.size() - i) % 3 == 0) grouped += ',';
    grouped += yuan[i];
  }
  char cents[8];
  std::snprintf(cents, sizeof cents, ".%02d", static_cast<int>(fen % 100));
  return grouped + cents;
}

std::string BudgetField(int64_t fen) {
  char cents[8];
  std::snprintf(cents, sizeof cents, ".%02d00", static_cast<int>(fen % 100));
  return std::to_string(fen / 100) + cents;
}

}  // namespace gapwatch::sim
