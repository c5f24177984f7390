#include "sim/portal_templates.h"

#include <utility>

#include "sim/html_escape.h"
#include "sim/world_formats.h"
#include "sim/world_subjects.h"

namespace gapwatch::sim {
namespace {

bool IsResult(const Notice& notice) { return notice.kind == NoticeKind::kResult; }

std::string Paragraph(std::string_view label, std::string_view value) {
  return "<p>" + std::string(label) + "：" + HtmlEscape(value) + "</p>\n";
}

// 1,234,567.00元, followed by （人民币壹佰…元整） on notices that carry capital numerals.
std::string Amount(int64_t fen, const Notice& notice) {
  std::string text = YuanWithSeparators(fen) + "元";
  if (notice.capital_amounts) text += "（" + CapitalYuan(fen) + "）";
  return text;
}

// A term the world writes with its label (工期410日历天, 出让年限70年) under that label.
std::string Term(std::string_view label, std::string_view term) {
  if (term.starts_with(label)) term.remove_prefix(label.size());
  return Paragraph(label, term);
}

std::string ShownCode(const Project& project, const Notice& notice) {
  return notice.code_full_width ? FullWidth(project.code) : project.code;
}

std::string Contact(const Party& party) {
  return Paragraph("联系人", party.contact) + Paragraph("联系电话", party.phone);
}

std::string WorksBody(const Project& p, const Notice& n) {
  std::string html = Paragraph("招标编号", ShownCode(p, n)) + Paragraph("项目名称", p.name);
  if (!p.investment_code.empty()) html += Paragraph("投资项目统一代码", p.investment_code);
  html += Paragraph("招标人", p.buyer.name) + Paragraph("招标代理机构", p.agency.name);
  const Lot& lot = p.lots.front();
  if (!IsResult(n)) {
    html += Paragraph("标段名称", lot.name) + Paragraph("招标控制价", Amount(lot.budget_fen, n)) +
            Term("工期", p.performance_term) + Paragraph("开标时间", ChineseDeadline(p.opening, 9, 30)) +
            Paragraph("开标地点", p.venue);
  } else {
    html += Paragraph("标段名称", lot.name) + Paragraph("中标人", p.supplier.name) +
            Paragraph("中标价", Amount(lot.award_fen, n));
    if (!p.candidates.empty()) html += Paragraph("项目负责人", p.candidates.front().manager);
    html += Term("工期", p.performance_term);
  }
  return html + Contact(p.agency);
}

std::string LandBody(const Project& p, const Notice& n) {
  const Lot& lot = p.lots.front();
  std::string html = Paragraph("项目编号", ShownCode(p, n)) + Paragraph("出让人", p.buyer.name) +
                     Paragraph("地块编号", lot.name) + Paragraph("土地用途", lot.item) +
                     Paragraph("出让面积", std::to_string(lot.quantity) + lot.unit) +
                     Term("出让年限", p.performance_term);
  if (!IsResult(n)) {
    html += Paragraph("起始价", Amount(lot.budget_fen, n)) +
            Paragraph("挂牌起始时间", ChineseDeadline(p.opening, 9, 0)) + Paragraph("交易地点", p.venue);
  } else {
    html += Paragraph("竞得人", p.supplier.name) + Paragraph("成交价", Amount(lot.award_fen, n));
  }
  return html + Contact(p.agency);
}

std::string PropertyBody(const Project& p, const Notice& n) {
  const Lot& lot = p.lots.front();
  std::string html = Paragraph("项目编号", ShownCode(p, n)) + Paragraph("标的名称", p.name) +
                     Paragraph("标的类型", p.catalogue) + Paragraph("转让方", p.buyer.name);
  if (!IsResult(n)) {
    html += Paragraph("转让底价", Amount(lot.budget_fen, n)) +
            Paragraph("交易时间", ChineseDeadline(p.opening, 9, 30)) + Paragraph("交易地点", p.venue);
  } else {
    html += Paragraph("受让方", p.supplier.name) + Paragraph("成交价", Amount(lot.award_fen, n));
  }
  return html + Contact(p.agency);
}

// 市发改局 → 韶发改: the 机关简称 of its 文号.
std::string ShortName(const Department& department) {
  std::string name = department.seed_name;
  if (name.starts_with("市")) name.erase(0, std::string("市").size());
  for (const char* suffix : {"局", "委"}) {
    if (name.ends_with(suffix)) name.erase(name.size() - std::string(suffix).size());
  }
  return "韶" + name;
}

}  // namespace

HttpReply PortalHtml(std::string body) { return {200, "text/html;charset=UTF-8", std::move(body)}; }

HttpReply PortalError(int status) {
  const std::string title = status == 405 ? "405 Not Allowed" : "404 Not Found";
  return {status, "text/html",
          "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
              "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"};
}

std::string RepostTitle(const Project& project, const Notice& notice) {
  const bool result = IsResult(notice);
  switch (project.domain) {
    case Domain::kLand:
      return project.name + (result ? "成交公示" : "公告");
    case Domain::kStateProperty:
      return project.name + (result ? "成交结果公告" : "交易公告");
    default:
      return project.name + (result ? "中标结果公示" : "招标公告");
  }
}

std::string RepostBody(const Project& project, const Notice& notice) {
  switch (project.domain) {
    case Domain::kLand:
      return LandBody(project, notice);
    case Domain::kStateProperty:
      return PropertyBody(project, notice);
    default:
      return WorksBody(project, notice);
  }
}

std::string DepartmentDocumentTitle(const Department& department, const Notice& notice) {
  const std::string& name = DepartmentNameOn(department, notice.published);
  if (notice.kind == NoticeKind::kPlan) return name + "关于印发推进公共资源配置领域政府信息公开工作方案的通知";
  return name + std::to_string(notice.year) + "年政府信息公开工作年度报告";
}

std::string DepartmentDocumentNumber(const Department& department, const Notice& notice) {
  if (notice.kind != NoticeKind::kPlan) return "";
  return ShortName(department) + "〔" + std::to_string(notice.published.year) + "〕" +
         std::to_string(11 + department.id * 3) + "号";
}

std::string DepartmentDocumentBody(const Department& department, const Notice& notice) {
  const std::string name = HtmlEscape(DepartmentNameOn(department, notice.published));
  if (notice.kind == NoticeKind::kPlan) {
    return "<p>各科室、局属各单位：</p>\n<p>根据《韶关市推进公共资源配置领域政府信息公开实施方案》要求，现将《" + name +
           "推进公共资源配置领域政府信息公开工作方案》印发给你们，请认真贯彻执行。</p>\n"
           "<p>一、工作目标</p>\n<p>二、公开内容</p>\n<p>三、公开时限</p>\n<p>四、保障措施</p>\n<p style=\"text-align: "
           "right;\">" +
           name + "</p>\n<p style=\"text-align: right;\">" + ChineseDate(notice.published) + "</p>\n";
  }
  const std::string year = std::to_string(notice.year);
  return "<p>本报告根据《中华人民共和国政府信息公开条例》要求，由" + name +
         "编制，全文包括总体情况、主动公开政府信息情况、" +
         "收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告的"
         "事项。" +
         "本报告所列数据的统计期限自" + year + "年1月1日起至" + year + "年12月31日止。</p>\n<p>一、总体情况</p>\n" +
         "<p>" + year + "年，" + name + "主动公开公共资源配置领域政府信息。</p>\n" +
         "<p>二、主动公开政府信息情况</p>\n<p>三、收到和处理政府信息公开申请情况</p>\n" +
         "<p>四、政府信息公开行政复议、行政诉讼情况</p>\n<p>五、存在的主要问题及改进情况</"
         "p>\n<p>六、其他需要报告的事项</p>\n";
}

}  // namespace gapwatch::sim
