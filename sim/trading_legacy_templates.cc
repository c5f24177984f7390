#include "sim/trading_legacy_templates.h"

#include <array>
#include <vector>

#include "sim/html_escape.h"
#include "sim/world_formats.h"

namespace gapwatch::sim {
namespace {

struct Column {
  const char* code;
  const char* category;
  const char* name;
};

// SITES.md §2.1's announcetype table.
constexpr std::array<Column, 20> kColumns{{
    {"12", "建设工程交易", "招标公告"},
    {"13", "建设工程交易", "招标答疑"},
    {"16", "建设工程交易", "中标候选人公示"},
    {"15", "建设工程交易", "全过程评标结果公示"},
    {"17", "建设工程交易", "全过程中标结果公示"},
    {"00", "政府采购", "采购公告"},
    {"01", "政府采购", "更正公告"},
    {"02", "政府采购", "结果公示"},
    {"20", "国土资源交易", "交易公告"},
    {"23", "国土资源交易", "补遗答疑"},
    {"22", "国土资源交易", "结果公示"},
    {"30", "产权交易", "交易公告"},
    {"32", "产权交易", "补遗答疑"},
    {"31", "产权交易", "结果公示"},
    {"60", "河砂权交易", "交易公告"},
    {"62", "河砂权交易", "补遗答疑"},
    {"61", "河砂权交易", "结果公示"},
    {"70", "小额建设工程交易", "交易公告"},
    {"72", "小额建设工程交易", "更正公告"},
    {"71", "小额建设工程交易", "结果公示"},
}};

const Column* FindColumn(std::string_view code) {
  for (const Column& column : kColumns) {
    if (code == column.code) return &column;
  }
  return nullptr;
}

bool Omits(const Notice& notice, MandatoryItem item) { return (notice.omitted & item) != 0; }

// 元 with separators, followed by the capital numerals when the notice writes them.
std::string Yuan(const Notice& notice, int64_t fen) {
  std::string text = YuanWithSeparators(fen) + "元";
  if (notice.capital_amounts) text += "（大写：" + CapitalYuan(fen) + "）";
  return text;
}

std::string Opening(CivilDate date) { return ChineseDeadline(date, 9, 30); }

// ---- Construction: label/value tables ----

using Rows = std::vector<std::pair<std::string, std::string>>;  // label, value HTML

std::string LabelTable(const Rows& rows) {
  std::string html = "<table class=\"xx-table\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\" width=\"100%\">\n";
  for (const auto& [label, value] : rows) {
    html += "<tr><td class=\"title\" width=\"25%\">" + label + "</td><td>" + value + "</td></tr>\n";
  }
  return html + "</table>\n";
}

std::string P(const std::string& html) { return "<p>" + html + "</p>\n"; }

std::string Footer(const Project& p, const Notice& n) {
  return "<p style=\"text-align:right;\">" + HtmlEscape(p.buyer.name) + "</p>\n<p style=\"text-align:right;\">" +
         HtmlEscape(p.agency.name) + "</p>\n<p style=\"text-align:right;\">" + ChineseDate(n.published) + "</p>\n";
}

std::string WorksTender(const Project& p, const Notice& n) {
  return P("根据《中华人民共和国招标投标法》等有关规定，" + HtmlEscape(p.name) +
           "已具备招标条件，现对该项目施工进行公开招标。") +
         LabelTable({{"工程名称", HtmlEscape(p.name)},
                     {"工程编号", HtmlEscape(LegacyCode(p, n))},
                     {"投资项目统一代码", HtmlEscape(p.investment_code)},
                     {"招标人", HtmlEscape(p.buyer.name)},
                     {"招标人地址", HtmlEscape(p.buyer.address)},
                     {"建设地点", HtmlEscape(p.region_name)},
                     {"招标代理机构", HtmlEscape(p.agency.name)},
                     {"招标控制价", Yuan(n, p.BudgetFen())},
                     {"计划工期", HtmlEscape(p.performance_term)},
                     {"开标时间", Opening(p.opening)},
                     {"开标地点", HtmlEscape(p.venue)},
                     {"联系人", HtmlEscape(p.agency.contact)},
                     {"联系电话", HtmlEscape(p.agency.phone)}}) +
         Footer(p, n);
}

std::string WorksCorrection(const Project& p, const Notice& n) {
  return P("各投标人：现对" + HtmlEscape(p.name) + "招标文件作如下补遗答疑：") +
         LabelTable({{"工程名称", HtmlEscape(p.name)},
                     {"工程编号", HtmlEscape(LegacyCode(p, n))},
                     {"招标人", HtmlEscape(p.buyer.name)},
                     {"招标代理机构", HtmlEscape(p.agency.name)},
                     {"招标控制价", Yuan(n, p.BudgetFen())},
                     {"原开标时间", Opening(p.opening)},
                     {"开标时间", Opening(p.corrected_opening.value_or(p.opening))},
                     {"开标地点", HtmlEscape(p.venue)},
                     {"联系人", HtmlEscape(p.agency.contact)},
                     {"联系电话", HtmlEscape(p.agency.phone)}}) +
         P("其他内容不变。") + Footer(p, n);
}

std::string WorksCandidates(const Project& p, const Notice& n) {
  std::string html = P("根据评标委员会的评审结果，现将" + HtmlEscape(p.name) + "中标候选人公示如下，公示期为3日：") +
                     LabelTable({{"工程名称", HtmlEscape(p.name)},
                                 {"工程编号", HtmlEscape(LegacyCode(p, n))},
                                 {"招标人", HtmlEscape(p.buyer.name)},
                                 {"招标代理机构", HtmlEscape(p.agency.name)},
                                 {"建设地点", HtmlEscape(p.region_name)},
                                 {"招标控制价", Yuan(n, p.BudgetFen())},
                                 {"开标时间", Opening(p.corrected_opening.value_or(p.opening))},
                                 {"公示期", ChineseDate(n.published) + "至" + ChineseDate(n.published.PlusDays(3))},
                                 {"联系人", HtmlEscape(p.agency.contact)},
                                 {"联系电话", HtmlEscape(p.agency.phone)}});
  html +=
      "<table class=\"xx-table\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\" width=\"100%\">\n"
      "<tr><td>排名</td><td>中标候选人</td><td>投标报价（元）</td><td>工期（日历天）</td><td>质量标准</td>"
      "<td>项目负责人</td><td>注册建造师证书编号</td></tr>\n";
  for (size_t i = 0; i < p.candidates.size(); ++i) {
    const Candidate& c = p.candidates[i];
    html += "<tr><td>第" + std::to_string(i + 1) + "名</td><td>" + HtmlEscape(c.party.name) + "</td><td>" +
            YuanWithSeparators(c.bid_fen) + "</td><td>" + std::to_string(c.duration_days) + "</td><td>" +
            HtmlEscape(c.quality) + "</td><td>" + HtmlEscape(c.manager) + "</td><td>" +
            (Omits(n, kManagerCertificate) ? "" : HtmlEscape(c.certificate)) + "</td></tr>\n";
  }
  return html + "</table>\n" + Footer(p, n);
}

std::string WorksResult(const Project& p, const Notice& n) {
  // title_style 1 writes the price in 万元 (to the fen: 6 decimals), as "中标价（万元）".
  const bool in_wan = n.title_style == 1;
  std::string price;
  if (!Omits(n, kAwardAmount)) price = in_wan ? WanYuan(p.AwardFen(), 6) : Yuan(n, p.AwardFen());
  Rows rows{{"工程名称", HtmlEscape(p.name)},
            {"工程编号", HtmlEscape(LegacyCode(p, n))},
            {"招标人", HtmlEscape(p.buyer.name)},
            {"招标代理机构", HtmlEscape(p.agency.name)},
            {"中标人", HtmlEscape(p.supplier.name)},
            {"中标人地址", HtmlEscape(p.supplier.address)},
            {in_wan ? "中标价（万元）" : "中标价", price}};
  if (in_wan && n.capital_amounts && !Omits(n, kAwardAmount))
    rows.push_back({"中标价（大写）", CapitalYuan(p.AwardFen())});
  rows.push_back({"工期", HtmlEscape(p.performance_term)});
  if (!p.candidates.empty()) rows.push_back({"项目负责人", HtmlEscape(p.candidates.front().manager)});
  if (p.decided) rows.push_back({"定标日期", ChineseDate(*p.decided)});
  rows.push_back({"联系人", HtmlEscape(p.agency.contact)});
  rows.push_back({"联系电话", HtmlEscape(p.agency.phone)});
  return P("经评标委员会评审并经招标人确定，" + HtmlEscape(p.name) + "中标结果公示如下：") + LabelTable(rows) +
         Footer(p, n);
}

std::string WorksContract(const Project& p, const Notice& n) {
  return P("现将" + HtmlEscape(p.name) + "施工合同订立情况公示如下：") +
         LabelTable({{"合同编号", HtmlEscape(p.contract_number)},
                     {"工程名称", HtmlEscape(p.name)},
                     {"工程编号", HtmlEscape(LegacyCode(p, n))},
                     {"发包人（甲方）", HtmlEscape(p.buyer.name)},
                     {"承包人（乙方）", HtmlEscape(p.contract_supplier.name)},
                     {"承包人地址", HtmlEscape(p.contract_supplier.address)},
                     {"合同金额", Yuan(n, p.contract_amount_fen)},
                     {"合同工期", HtmlEscape(p.performance_term)},
                     {"合同签订日期", p.signed_on && !Omits(n, kSigningDate) ? ChineseDate(*p.signed_on) : ""},
                     {"公示日期", ChineseDate(n.published)}}) +
         Footer(p, n);
}

std::string WorksTermination(const Project& p, const Notice& n) {
  return LabelTable({{"工程名称", HtmlEscape(p.name)},
                     {"工程编号", HtmlEscape(LegacyCode(p, n))},
                     {"招标人", HtmlEscape(p.buyer.name)},
                     {"招标代理机构", HtmlEscape(p.agency.name)},
                     {"招标控制价", Yuan(n, p.BudgetFen())},
                     {"原开标时间", Opening(p.opening)},
                     {"终止原因", HtmlEscape(p.termination_reason)},
                     {"联系人", HtmlEscape(p.agency.contact)},
                     {"联系电话", HtmlEscape(p.agency.phone)}}) +
         Footer(p, n);
}

// ---- Other domains: "label：value" paragraphs ----

std::string Labelled(const std::string& label, const std::string& value_html) {
  return P(label + "：<span>" + value_html + "</span>");
}

const char* OwnerLabel(Domain domain) {
  switch (domain) {
    case Domain::kLand:
      return "出让人";
    case Domain::kStateProperty:
      return "转让方";
    default:
      return "采购人";
  }
}

const char* PriceLabel(Domain domain) { return domain == Domain::kProcurement ? "预算金额" : "起始价"; }

std::string Budget(const Project& p, const Notice& n) {
  if (!p.budget_in_wan) return Yuan(n, p.BudgetFen());
  std::string text = std::to_string(p.BudgetFen() / 1000000) + "万元";
  if (n.capital_amounts) text += "（大写：" + CapitalYuan(p.BudgetFen()) + "）";
  return text;
}

std::string Basics(const Project& p, const Notice& n) {
  return Labelled("项目名称", HtmlEscape(p.name)) + Labelled("项目编号", HtmlEscape(LegacyCode(p, n))) +
         Labelled(OwnerLabel(p.domain), HtmlEscape(p.buyer.name)) + Labelled("代理机构", HtmlEscape(p.agency.name));
}

std::string Contacts(const Project& p) {
  return Labelled("联系人", HtmlEscape(p.agency.contact)) + Labelled("联系电话", HtmlEscape(p.agency.phone)) +
         Labelled("地址", HtmlEscape(p.agency.address));
}

std::string LotTable(const Project& p, bool awarded) {
  std::string html =
      "<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" width=\"100%\">\n<tr><td>序号</td><td>标项名称</td>";
  html += awarded ? "<td>中标（成交）供应商</td><td>供应商地址</td><td>中标（成交）金额（元）</td></tr>\n"
                  : "<td>标的名称</td><td>数量</td><td>预算金额（元）</td></tr>\n";
  for (size_t i = 0; i < p.lots.size(); ++i) {
    const Lot& lot = p.lots[i];
    html += "<tr><td>" + std::to_string(i + 1) + "</td><td>" + HtmlEscape(lot.name) + "</td>";
    html += awarded ? "<td>" + HtmlEscape(p.supplier.name) + "</td><td>" + HtmlEscape(p.supplier.address) + "</td><td>"
                    : "<td>" + HtmlEscape(lot.item) + "</td><td>" + std::to_string(lot.quantity) +
                          HtmlEscape(lot.unit) + "</td><td>" + YuanWithSeparators(lot.budget_fen) + "</td></tr>\n";
    if (awarded) html += YuanWithSeparators(lot.award_fen) + "</td></tr>\n";
  }
  return html + "</table>\n";
}

std::string PlainTender(const Project& p, const Notice& n) {
  return Basics(p, n) + Labelled(PriceLabel(p.domain), Budget(p, n)) + LotTable(p, false) +
         Labelled("开标时间", Opening(p.opening)) + Labelled("开标地点", HtmlEscape(p.venue)) + Contacts(p) +
         Footer(p, n);
}

std::string PlainCorrection(const Project& p, const Notice& n) {
  return Basics(p, n) + P("更正内容：开标时间顺延，调整如下：") +
         Labelled("开标时间", Opening(p.corrected_opening.value_or(p.opening))) +
         Labelled("开标地点", HtmlEscape(p.venue)) + P("其他内容不变。") + Contacts(p) + Footer(p, n);
}

std::string PlainResult(const Project& p, const Notice& n) {
  const std::string total = Omits(n, kAwardAmount) ? "" : Yuan(n, p.AwardFen());
  return Basics(p, n) + Labelled("中标（成交）供应商", HtmlEscape(p.supplier.name)) +
         Labelled("供应商地址", HtmlEscape(p.supplier.address)) + Labelled("中标（成交）金额", total) +
         LotTable(p, true) + Labelled("中标（成交）确定日期", p.decided ? ChineseDate(*p.decided) : "无") +
         Contacts(p) + Footer(p, n);
}

std::string PlainContract(const Project& p, const Notice& n) {
  return Labelled("合同编号", HtmlEscape(p.contract_number)) + Basics(p, n) +
         Labelled("供应商（乙方）", HtmlEscape(p.contract_supplier.name)) +
         Labelled("合同金额", Yuan(n, p.contract_amount_fen)) +
         Labelled("合同签订日期", p.signed_on && !Omits(n, kSigningDate) ? ChineseDate(*p.signed_on) : "") +
         Contacts(p) + Footer(p, n);
}

std::string PlainTermination(const Project& p, const Notice& n) {
  return Basics(p, n) + Labelled("终止原因", HtmlEscape(p.termination_reason)) + Contacts(p) + Footer(p, n);
}

// What a notice of each kind calls itself in its title, per domain.
const char* TitleWord(Domain domain, NoticeKind kind) {
  const bool works = domain == Domain::kConstruction;
  switch (kind) {
    case NoticeKind::kTender:
      return works ? "施工招标公告" : domain == Domain::kProcurement ? "采购公告" : "交易公告";
    case NoticeKind::kCorrection:
      return works || domain != Domain::kProcurement ? "补遗答疑" : "更正公告";
    case NoticeKind::kCandidates:
      return "中标候选人公示";
    case NoticeKind::kResult:
      return works ? "中标结果公示" : domain == Domain::kProcurement ? "中标（成交）结果公示" : "成交结果公示";
    case NoticeKind::kContract:
      return works ? "施工合同订立情况公示" : "合同公告";
    case NoticeKind::kTermination:
      return "终止公告";
    case NoticeKind::kSingleSource:
      return "单一来源公示";
    default:
      return "公告";
  }
}

}  // namespace

const char* AnnounceTypeOf(Domain domain, NoticeKind kind) {
  const bool correction = kind == NoticeKind::kCorrection;
  const bool opening =
      kind == NoticeKind::kTender || kind == NoticeKind::kIntention || kind == NoticeKind::kSingleSource;
  switch (domain) {
    case Domain::kConstruction:
      if (correction) return "13";
      if (kind == NoticeKind::kCandidates) return "16";
      if (kind == NoticeKind::kResult || kind == NoticeKind::kContract) return "17";
      return "12";  // tenders and terminations: the 公告公示 column
    case Domain::kLand:
      return correction ? "23" : opening ? "20" : "22";
    case Domain::kStateProperty:
      return correction ? "32" : opening ? "30" : "31";
    default:
      if (correction || kind == NoticeKind::kTermination) return "01";
      return opening ? "00" : "02";
  }
}

const char* ColumnName(std::string_view announcetype) {
  const Column* column = FindColumn(announcetype);
  return column ? column->name : nullptr;
}

const char* TradeCategory(std::string_view announcetype) {
  const Column* column = FindColumn(announcetype);
  return column ? column->category : nullptr;
}

std::string LegacyCode(const Project& project, const Notice& notice) {
  return notice.code_full_width ? FullWidth(project.code) : project.code;
}

std::string LegacyTitle(const Project& project, const Notice& notice) {
  const std::string word = TitleWord(project.domain, notice.kind);
  // title_style 1 puts the code in front, in brackets (our choice: SITES.md gives no title shape).
  if (notice.title_style == 1) return "[" + LegacyCode(project, notice) + "]" + project.name + word;
  return project.name + word;
}

std::string LegacyBody(const Project& p, const Notice& n) {
  if (p.domain == Domain::kConstruction) {
    switch (n.kind) {
      case NoticeKind::kCorrection:
        return WorksCorrection(p, n);
      case NoticeKind::kCandidates:
        return WorksCandidates(p, n);
      case NoticeKind::kResult:
        return WorksResult(p, n);
      case NoticeKind::kContract:
        return WorksContract(p, n);
      case NoticeKind::kTermination:
        return WorksTermination(p, n);
      default:
        return WorksTender(p, n);
    }
  }
  switch (n.kind) {
    case NoticeKind::kCorrection:
      return PlainCorrection(p, n);
    case NoticeKind::kResult:
    case NoticeKind::kAcceptance:
      return PlainResult(p, n);
    case NoticeKind::kContract:
      return PlainContract(p, n);
    case NoticeKind::kTermination:
      return PlainTermination(p, n);
    default:
      return PlainTender(p, n);
  }
}

}  // namespace gapwatch::sim
