#include "sim/procurement_legacy_templates.h"

#include <cstdio>

#include "sim/html_escape.h"
#include "sim/templates.h"
#include "sim/world_formats.h"

namespace gapwatch::sim {
namespace {

std::string P(const std::string& html) { return "<p>" + html + "</p>\n"; }
// "label：<u>value</u>", the old site's way of marking a filled-in value.
std::string Underlined(const std::string& label, const std::string& value) {
  return P(label + "<u>" + HtmlEscape(value) + "</u>");
}

std::string Row(const std::vector<std::string>& cells, const char* tag = "td") {
  std::string html = "<tr>";
  for (const std::string& cell : cells) html += std::string("<") + tag + ">" + cell + "</" + tag + ">";
  return html + "</tr>\n";
}

// Old tables put their header row inside the tbody.
std::string Table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::string html = "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" width=\"100%\">\n<tbody>\n" + Row(header);
  for (const auto& row : rows) html += Row(row);
  return html + "</tbody>\n</table>\n";
}

// 569800.00 (and, for notices drawn with capital numerals, its 大写 after it).
std::string Amount(const Notice& n, int64_t fen) {
  return PlainYuan(fen) + (n.capital_amounts ? "（大写：" + CapitalYuan(fen) + "）" : "");
}

std::string Deadline(CivilDate date) { return ChineseDeadline(date, 9, 30); }

std::string Contacts(const Project& p) {
  return P("八、采购人名称：" + HtmlEscape(p.buyer.name)) + P("地址：" + HtmlEscape(p.buyer.address)) +
         P("联系人：" + HtmlEscape(p.buyer.contact) + "　联系电话：" + HtmlEscape(p.buyer.phone)) +
         P("九、采购代理机构名称：" + HtmlEscape(p.agency.name)) + P("地址：" + HtmlEscape(p.agency.address)) +
         P("联系人：" + HtmlEscape(p.agency.contact) + "　联系电话：" + HtmlEscape(p.agency.phone));
}

std::string Signature(const Project& p, const Notice& n) {
  return "<p style=\"text-align:right\">" + HtmlEscape(p.agency.name) + "</p>\n<p style=\"text-align:right\">" +
         ChineseDatePadded(n.published) + "</p>\n";
}

std::string CodeAndName(const Project& p) {
  return P("一、采购项目编号：" + HtmlEscape(p.code)) + P("二、采购项目名称：" + HtmlEscape(p.name));
}

std::string IntentionBody(const Project& p, const Notice& n) {
  const CivilDate planned = p.opening.PlusDays(-25);
  const std::string month = std::to_string(planned.year) + "年" + std::to_string(planned.month) + "月";
  std::string needs;
  for (const Lot& lot : p.lots) needs += (needs.empty() ? "" : "；") + HtmlEscape(lot.item);
  return P("根据《财政部关于开展政府采购意向公开工作的通知》（财库〔2020〕10号），现将" + HtmlEscape(p.buyer.name) +
           month + "政府采购意向公开如下：") +
         Table({"序号", "采购项目名称", "采购需求概况", "预算金额（万元）", "预计采购时间"},
               {{"1", HtmlEscape(p.name), needs, WanYuan(p.BudgetFen(), 2), month}}) +
         Signature(p, n);
}

std::string TenderBody(const Project& p, const Notice& n) {
  std::vector<std::vector<std::string>> lots;
  for (const Lot& lot : p.lots) {
    lots.push_back({HtmlEscape(lot.name), HtmlEscape(lot.item), std::to_string(lot.quantity) + lot.unit,
                    PlainYuan(lot.budget_fen)});
  }
  const std::string deadline = Deadline(p.opening);
  return P(HtmlEscape(p.agency.name) + "受" + HtmlEscape(p.buyer.name) + "委托，就" + HtmlEscape(p.name) +
           "进行公开招标采购，欢迎符合资格条件的供应商投标。") +
         CodeAndName(p) + P("三、采购项目预算金额（元）：" + Amount(n, p.BudgetFen())) + P("四、采购数量及要求：") +
         Table({"包组", "采购内容", "数量", "预算金额（元）"}, lots) +
         P("五、供应商资格：符合《中华人民共和国政府采购法》第二十二条规定。") +
         P("六、获取招标文件时间：" + ChineseDatePadded(n.published) + "至" +
           ChineseDatePadded(n.published.PlusDays(7)) + "，地点：广东省政府采购网") +
         P("七、投标文件递交截止时间：" + deadline) + P("开标时间：" + deadline) +
         P("开标地点：" + HtmlEscape(p.venue)) + Contacts(p) + Signature(p, n);
}

std::string CorrectionBody(const Project& p, const Notice& n) {
  const std::string deadline = Deadline(p.corrected_opening.value_or(p.opening));
  return CodeAndName(p) + P("三、更正事项：招标文件") + P("四、更正内容：投标文件递交截止时间及开标时间延至：") +
         P("投标文件递交截止时间：" + deadline) + P("开标时间：" + deadline) + P("五、其他内容不变。") + Contacts(p) +
         Signature(p, n);
}

std::string SingleSourceBody(const Project& p, const Notice& n) {
  return CodeAndName(p) + P("三、采购项目预算金额（元）：" + Amount(n, p.BudgetFen())) +
         Underlined("四、拟定供应商名称：", p.supplier.name) + Underlined("拟定供应商地址：", p.supplier.address) +
         P("五、采用单一来源采购方式的原因：只能从唯一供应商处采购。") + P("六、公示期限：5个工作日。") + Contacts(p) +
         Signature(p, n);
}

std::string ResultBody(const Project& p, const Notice& n) {
  const bool amounts = !(n.omitted & kAwardAmount);
  std::string award;
  if (!amounts) {
    award = P("中标（成交）金额：");
  } else if (n.capital_amounts) {
    // The amount in capital numerals alone: the header's 中标金额 has the digits.
    const std::string capital = CapitalYuan(p.AwardFen());
    award = Underlined("中标、成交金额人民币：", capital.substr(std::string("人民币").size()));
  } else {
    award = Underlined("中标（成交）金额：", PlainYuan(p.AwardFen()) + "元");
  }
  std::string lots;
  if (p.lots.size() > 1) {
    std::vector<std::vector<std::string>> rows;
    for (const Lot& lot : p.lots) {
      rows.push_back({HtmlEscape(lot.name), HtmlEscape(p.supplier.name), HtmlEscape(p.supplier.address),
                      amounts ? PlainYuan(lot.award_fen) : ""});
    }
    lots = P("各包组中标（成交）情况：") + Table({"包组", "供应商名称", "供应商地址", "成交金额（元）"}, rows);
  }
  std::vector<std::vector<std::string>> scores;
  for (const Score& score : p.scores) {
    char points[16];
    std::snprintf(points, sizeof points, "%d.%02d", score.hundredths / 100, score.hundredths % 100);
    scores.push_back({HtmlEscape(score.supplier), points});
  }
  std::string experts;
  if (!(n.omitted & kExpertList)) {
    for (const std::string& expert : p.experts) experts += (experts.empty() ? "" : "、") + HtmlEscape(expert);
  }
  return P("一、采购人名称：" + HtmlEscape(p.buyer.name)) + P("二、采购项目名称：" + HtmlEscape(p.name)) +
         P("三、项目编号：" + HtmlEscape(p.code)) + P(std::string("四、采购方式：") + PurchaseMannerName(p.method)) +
         (p.decided ? P("五、定标日期：" + ChineseDatePadded(*p.decided)) : "") + P("六、中标（成交）信息：") +
         Underlined("中标（成交）供应商名称：", p.supplier.name) +
         Underlined("中标（成交）供应商地址：", p.supplier.address) + award + lots +
         P("七、评标委员会成员名单：" + experts) + P("评审得分情况：") + Table({"供应商名称", "综合得分"}, scores) +
         P("代理服务费：" + PlainYuan(p.AwardFen() * 15 / 1000) + "元，由中标（成交）供应商支付。") + Contacts(p) +
         Signature(p, n);
}

std::string ContractParties(const Project& p, const Notice& n) {
  return P("一、合同编号：" + HtmlEscape(p.contract_number)) + P("二、合同名称：" + HtmlEscape(p.name) + "合同") +
         P("三、项目编号：" + HtmlEscape(p.code)) + P("四、项目名称：" + HtmlEscape(p.name)) +
         P("五、采购人（甲方）：" + HtmlEscape(p.buyer.name)) +
         Underlined("供应商（乙方）：", p.contract_supplier.name) +
         P("乙方地址：" + HtmlEscape(p.contract_supplier.address)) +
         P("六、合同金额（元）：" + Amount(n, p.contract_amount_fen)) +
         P("七、履约期限：" + HtmlEscape(p.performance_term));
}

std::string ContractBody(const Project& p, const Notice& n) {
  const bool signing = p.signed_on && !(n.omitted & kSigningDate);
  return ContractParties(p, n) + P("八、合同签订日期：" + (signing ? ChineseDatePadded(*p.signed_on) : "")) +
         Signature(p, n);
}

std::string TerminationBody(const Project& p, const Notice& n) {
  return CodeAndName(p) + P("三、终止原因：" + HtmlEscape(p.termination_reason)) + Contacts(p) + Signature(p, n);
}

std::string AcceptanceBody(const Project& p, const Notice& n) {
  return ContractParties(p, n) + P("八、验收日期：" + ChineseDatePadded(n.published.PlusDays(-3))) +
         P("九、验收结论：合格。") + Signature(p, n);
}

}  // namespace

bool RegionFilterMatches(std::string_view filter, std::string_view region_code) {
  if (filter.empty()) return true;
  if (filter.size() == 6 && filter.ends_with("0000")) return region_code.starts_with(filter.substr(0, 2));
  if (filter.size() == 6 && filter.ends_with("00")) return region_code.starts_with(filter.substr(0, 4));
  return region_code == filter;
}

const char* GdgpoTypeName(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::kIntention:
      return "采购意向";
    case NoticeKind::kTender:
      return "采购公告";
    case NoticeKind::kCorrection:
      return "更正公告";
    case NoticeKind::kSingleSource:
      return "单一来源公示";
    case NoticeKind::kResult:
      return "中标公告";
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

std::string GdgpoTitle(const Project& p, const Notice& n) {
  switch (n.kind) {
    case NoticeKind::kIntention: {
      const CivilDate planned = p.opening.PlusDays(-25);
      return p.buyer.name + std::to_string(planned.year) + "年" + std::to_string(planned.month) + "月政府采购意向";
    }
    case NoticeKind::kTender:
      return p.name + "招标公告";
    case NoticeKind::kCorrection:
      return p.name + "更正公告";
    case NoticeKind::kSingleSource:
      return p.name + "单一来源采购公示";
    case NoticeKind::kResult:
      // Both words occur on the old site.
      return p.name + (n.title_style == 0 ? "中标公告" : "成交公告");
    case NoticeKind::kContract:
      return p.name + "合同公告";
    case NoticeKind::kTermination:
      return p.name + "终止公告";
    case NoticeKind::kAcceptance:
      return p.name + "验收结果公告";
    default:
      return p.name;
  }
}

std::string GdgpoBody(const Project& p, const Notice& n) {
  switch (n.kind) {
    case NoticeKind::kIntention:
      return IntentionBody(p, n);
    case NoticeKind::kTender:
      return TenderBody(p, n);
    case NoticeKind::kCorrection:
      return CorrectionBody(p, n);
    case NoticeKind::kSingleSource:
      return SingleSourceBody(p, n);
    case NoticeKind::kResult:
      return ResultBody(p, n);
    case NoticeKind::kContract:
      return ContractBody(p, n);
    case NoticeKind::kTermination:
      return TerminationBody(p, n);
    case NoticeKind::kAcceptance:
      return AcceptanceBody(p, n);
    default:
      return "";
  }
}

}  // namespace gapwatch::sim
