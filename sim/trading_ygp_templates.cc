#include "sim/trading_ygp_templates.h"

#include <cstdio>

#include "sim/html_escape.h"
#include "sim/world_formats.h"

namespace gapwatch::sim {
namespace {

struct NodeInfo {
  const char* biz_code;
  const char* name;
  const char* node_id;  // the first four are SITES.md's; the others are ours
};
constexpr NodeInfo kNodes[] = {
    {"3C14", "招标公告", "2005939215280603137"},
    {"3C21", "变更公告", "2005939215301574657"},
    {"3C24", "终止公告", "2005939215305768961"},
    {"3C42", "中标候选人公示", "2005939215309963265"},
    {"3C51", "中标结果公示", "2005939215293186049"},
    {"3C52", "中标结果公告", "2005939215326740481"},
    {"3C61", "合同公告", "1982028456772669441"},
    {"551", "采购公告", "2005939215335129089"},
    {"553", "中标（成交）结果公告", "2005939215339323393"},
    {"3B14", "出让公告", "2005939215343517697"},
    {"3B52", "成交公示", "2005939215347712001"},
    {"3P14", "交易公告", "2005939215351906305"},
    {"3P52", "成交结果公告", "2005939215356100609"},
};

using Rows = std::vector<std::pair<std::string, std::string>>;  // (label, plain value)

// A label-cell / value-cell table, as engineering notices use.
std::string LabelTable(const Rows& rows) {
  std::string html = "<table class=\"infoTable\" border=\"1\" cellspacing=\"0\" style=\"width:100%;\">\n<tbody>\n";
  for (const auto& [label, value] : rows) {
    html += "<tr><td class=\"label\">" + label + "</td><td class=\"value\">" + HtmlEscape(value) + "</td></tr>\n";
  }
  return html + "</tbody>\n</table>\n";
}

std::string Paragraph(const std::string& label, const std::string& value) {
  return "<p>" + label + "：" + HtmlEscape(value) + "</p>\n";
}
std::string Text(const std::string& html) { return "<p>" + html + "</p>\n"; }
std::string Heading(const std::string& text) { return "<h4>" + text + "</h4>\n"; }

std::string GridTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::string html = "<table class=\"candidateTable\" border=\"1\" cellspacing=\"0\" style=\"width:100%;\">\n<tr>";
  for (const std::string& cell : header) html += "<th>" + cell + "</th>";
  html += "</tr>\n";
  for (const auto& row : rows) {
    html += "<tr>";
    for (const std::string& cell : row) html += "<td>" + HtmlEscape(cell) + "</td>";
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

bool IsWorks(const Project& p) { return p.domain == Domain::kConstruction; }

// The code as the notice writes it: the procurement number for copies of
// procurement notices, in full-width characters when the notice is drawn so,
// or the platform's own number in its place.
std::string ShownCode(const Project& p, const Notice& n) {
  if (n.code_platform_own) return YgpProjectCode(p);
  return n.code_full_width ? FullWidth(p.code) : p.code;
}

// Label variants (SITES.md §2.3), fixed per project or per notice.
const char* CodeLabel(const Project& p) {
  switch (p.domain) {
    case Domain::kConstruction: {
      static const char* const kLabels[] = {"项目编号", "招标编号", "工程编号"};
      return kLabels[p.id % 3];
    }
    case Domain::kProcurement:
      return p.id % 2 == 0 ? "采购项目编号" : "项目编号";
    default:
      return "项目编号";
  }
}
const char* BuyerLabel(const Project& p, const Notice& n) {
  switch (p.domain) {
    case Domain::kConstruction:
      return n.title_style == 0 ? "招标人" : "建设单位";
    case Domain::kProcurement:
      return "采购人";
    case Domain::kLand:
      return "出让人";
    default:
      return "转让方";
  }
}
const char* WinnerLabel(const Project& p, const Notice& n) {
  switch (p.domain) {
    case Domain::kConstruction:
      return n.title_style == 0 ? "中标人" : "中标单位";
    case Domain::kProcurement:
      return n.title_style == 0 ? "中标供应商" : "成交供应商";
    case Domain::kLand:
      return "竞得人";
    default:
      return "受让方";
  }
}
const char* AgencyLabel(const Project& p) {
  return p.domain == Domain::kLand || p.domain == Domain::kStateProperty ? "交易机构" : "招标代理机构";
}

// An award in one of the price label variants: 中标价（万元）, 中标价（元）, 中标金额.
std::pair<std::string, std::string> PriceCell(const Project& p, int64_t fen) {
  if (p.domain != Domain::kConstruction) return {"成交金额（元）", YuanWithSeparators(fen)};
  switch (p.id % 3) {
    case 0:
      return {"中标价（万元）", WanYuan(fen, 6)};
    case 1:
      return {"中标价（元）", YuanWithSeparators(fen)};
    default:
      return {"中标金额", YuanWithSeparators(fen) + "元"};
  }
}

std::string HhMm(CivilDate date) { return date.Iso() + " 09:30"; }  // 2024-03-02 09:30

std::string Contacts(const Project& p, const Notice& n) {
  return Heading("联系方式") + Paragraph(BuyerLabel(p, n), p.buyer.name) + Paragraph("地址", p.buyer.address) +
         Paragraph("联系人", p.buyer.contact) + Paragraph("联系电话", p.buyer.phone) +
         Paragraph(AgencyLabel(p), p.agency.name) + Paragraph("地址", p.agency.address) +
         Paragraph("联系人", p.agency.contact) + Paragraph("联系电话", p.agency.phone);
}

std::string Signature(const Project& p, const Notice& n) {
  return "<p style=\"text-align:right;\">" + HtmlEscape(p.buyer.name) + "</p>\n<p style=\"text-align:right;\">" +
         ChineseDate(n.published) + "</p>\n";
}

const Lot& FirstLot(const Project& p) {
  static const Lot kNone;
  return p.lots.empty() ? kNone : p.lots.front();
}

CivilDate LatestOpening(const Project& p) { return p.corrected_opening.value_or(p.opening); }

// ---- Construction (A) ----

Rows WorksBasics(const Project& p, const Notice& n) {
  Rows rows = {{"项目名称", p.name}, {CodeLabel(p), ShownCode(p, n)}};
  if (!p.investment_code.empty()) rows.emplace_back("投资项目统一代码", p.investment_code);
  rows.emplace_back("标段名称", FirstLot(p).name);
  rows.emplace_back(BuyerLabel(p, n), p.buyer.name);
  return rows;
}

std::string WorksTender(const Project& p, const Notice& n) {
  Rows rows = WorksBasics(p, n);
  rows.emplace_back("招标控制价（元）", YuanWithSeparators(p.BudgetFen()));
  rows.emplace_back("工期", p.performance_term);
  rows.emplace_back("招标方式", "公开招标");
  return Heading("一、招标条件") +
         Text("本招标项目" + HtmlEscape(p.name) + "已批准建设，项目业主为" + HtmlEscape(p.buyer.name) +
              "，建设资金已落实，项目已具备招标条件，现对该项目的施工进行公开招标。") +
         LabelTable(rows) + Heading("二、投标文件的递交") +
         Paragraph("投标文件递交截止时间（开标时间）", ChineseDeadline(p.opening, 9, 30)) +
         Paragraph("开标地点", p.venue) + Contacts(p, n) + Signature(p, n);
}

std::string WorksCorrection(const Project& p, const Notice& n) {
  return Heading("一、原公告主要信息") + LabelTable(WorksBasics(p, n)) + Heading("二、变更内容") +
         Paragraph("原开标时间", HhMm(p.opening)) + Paragraph("变更后开标时间", HhMm(LatestOpening(p))) +
         Paragraph("开标地点", p.venue) + Contacts(p, n) + Signature(p, n);
}

std::string WorksCandidates(const Project& p, const Notice& n) {
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < p.candidates.size(); ++i) {
    const Candidate& c = p.candidates[i];
    const bool certificate = !(n.omitted & kManagerCertificate);
    rows.push_back({std::to_string(i + 1), c.party.name, YuanWithSeparators(c.bid_fen), std::to_string(c.duration_days),
                    c.quality, c.manager, certificate ? c.certificate : ""});
  }
  return Heading("一、项目基本情况") + LabelTable(WorksBasics(p, n)) +
         Paragraph("开标时间", ChineseDeadline(LatestOpening(p), 9, 30)) + Heading("二、中标候选人") +
         GridTable(
             {"排名", "中标候选人", "投标报价（元）", "工期（日历天）", "质量标准", "项目负责人", "注册建造师证书编号"},
             rows) +
         Paragraph("公示期", ChineseDate(n.published) + "至" + ChineseDate(n.published.PlusDays(3))) + Contacts(p, n) +
         Signature(p, n);
}

std::string WorksResult(const Project& p, const Notice& n) {
  Rows rows = WorksBasics(p, n);
  rows.emplace_back(WinnerLabel(p, n), p.supplier.name);
  rows.push_back(PriceCell(p, p.AwardFen()));
  if (!p.candidates.empty()) rows.emplace_back("项目负责人", p.candidates.front().manager);
  std::string html = Heading("一、中标结果") + LabelTable(rows) + Paragraph("中标人地址", p.supplier.address);
  if (p.decided) html += Paragraph("中标日期", ChineseDate(*p.decided));
  return html + Contacts(p, n) + Signature(p, n);
}

std::string WorksContract(const Project& p, const Notice& n) {
  Rows rows = {{"合同名称", p.name + "施工合同"},
               {"合同编号", p.contract_number},
               {CodeLabel(p), ShownCode(p, n)},
               {"发包人（甲方）", p.buyer.name},
               {"承包人（乙方）", p.contract_supplier.name},
               {"合同金额（元）", YuanWithSeparators(p.contract_amount_fen)},
               {"工期", p.performance_term}};
  rows.emplace_back("合同签订日期",
                    p.signed_on && !(n.omitted & kSigningDate) ? ChineseDate(*p.signed_on) : std::string());
  return Heading("合同基本信息") + LabelTable(rows) + Contacts(p, n) + Signature(p, n);
}

std::string Termination(const Project& p, const Notice& n) {
  return LabelTable({{"项目名称", p.name}, {CodeLabel(p), ShownCode(p, n)}, {BuyerLabel(p, n), p.buyer.name}}) +
         Paragraph("终止原因", p.termination_reason) + Contacts(p, n) + Signature(p, n);
}

// ---- Government procurement copies (D) ----

std::string ProcurementTender(const Project& p, const Notice& n) {
  std::vector<std::vector<std::string>> lots;
  for (const Lot& lot : p.lots) {
    lots.push_back({lot.name, lot.item, std::to_string(lot.quantity) + lot.unit, YuanWithSeparators(lot.budget_fen)});
  }
  return Heading("一、项目基本情况") + Paragraph(CodeLabel(p), ShownCode(p, n)) + Paragraph("项目名称", p.name) +
         Paragraph("采购方式", p.method == Method::kSingleSource ? "单一来源" : "公开招标") +
         Paragraph("预算金额（元）", YuanWithSeparators(p.BudgetFen())) +
         GridTable({"包组", "标的名称", "数量", "预算金额（元）"}, lots) +
         Heading("二、提交投标文件截止时间、开标时间和地点") +
         Paragraph("开标时间", ChineseDeadline(p.opening, 9, 30)) + Paragraph("地点", p.venue) + Contacts(p, n) +
         Signature(p, n);
}

std::string ProcurementResult(const Project& p, const Notice& n) {
  std::vector<std::vector<std::string>> lots;
  for (const Lot& lot : p.lots) {
    lots.push_back({lot.name, p.supplier.name, p.supplier.address, YuanWithSeparators(lot.award_fen)});
  }
  std::string html = Heading("一、项目编号：" + HtmlEscape(ShownCode(p, n))) +
                     Heading("二、项目名称：" + HtmlEscape(p.name)) + Heading("三、中标（成交）信息") +
                     GridTable({"包组", WinnerLabel(p, n), "供应商地址", "中标（成交）金额（元）"}, lots);
  if (p.decided) html += Paragraph("中标（成交）日期", ChineseDate(*p.decided));
  return html + Contacts(p, n) + Signature(p, n);
}

// ---- Land grants (B) and state property (C) ----

std::string LandTender(const Project& p, const Notice& n) {
  const Lot& lot = FirstLot(p);
  return Text("经" + HtmlEscape(p.buyer.name) + "批准，现以挂牌方式出让以下国有建设用地使用权：") +
         LabelTable({{"地块编号", lot.name},
                     {CodeLabel(p), ShownCode(p, n)},
                     {"土地用途", lot.item},
                     {"出让面积（平方米）", std::to_string(lot.quantity)},
                     {"出让年限", p.performance_term},
                     {"起始价（元）", YuanWithSeparators(lot.budget_fen)}}) +
         Paragraph("挂牌起始时间", HhMm(p.opening)) + Paragraph("挂牌地点", p.venue) + Contacts(p, n) + Signature(p, n);
}

std::string PropertyTender(const Project& p, const Notice& n) {
  const Lot& lot = FirstLot(p);
  return LabelTable({{"项目名称", p.name},
                     {CodeLabel(p), ShownCode(p, n)},
                     {"标的名称", lot.name},
                     {"标的类型", p.catalogue},
                     {BuyerLabel(p, n), p.buyer.name},
                     {"挂牌价（元）", YuanWithSeparators(lot.budget_fen)}}) +
         Paragraph("挂牌起始时间", ChineseDeadline(p.opening, 9, 30)) + Paragraph("交易地点", p.venue) +
         Contacts(p, n) + Signature(p, n);
}

std::string DealResult(const Project& p, const Notice& n) {
  const Lot& lot = FirstLot(p);
  return LabelTable({{"项目名称", p.name},
                     {CodeLabel(p), ShownCode(p, n)},
                     {p.domain == Domain::kLand ? "地块编号" : "标的名称", lot.name},
                     {BuyerLabel(p, n), p.buyer.name},
                     {WinnerLabel(p, n), p.supplier.name},
                     {"地址", p.supplier.address},
                     {"成交价（元）", YuanWithSeparators(lot.award_fen)},
                     {"成交时间", ChineseDate(LatestOpening(p))}}) +
         Contacts(p, n) + Signature(p, n);
}

std::string Highlight(const std::string& text) {
  static const std::string kWord = "韶关";
  size_t at = text.find(kWord);
  size_t length = kWord.size();
  if (at == std::string::npos) {
    length = std::string("公告").size();
    at = text.size() >= length ? text.size() - length : 0;
  }
  return text.substr(0, at) + "<span style=\"color:red\">" + text.substr(at, length) + "</span>" +
         text.substr(at + length);
}

std::string Money(int64_t fen) { return PlainYuan(fen); }

const char* BudgetKey(const Project& p) {
  switch (p.domain) {
    case Domain::kConstruction:
      return "招标控制价（元）";
    case Domain::kProcurement:
      return "预算金额（元）";
    default:
      return "起始价（元）";
  }
}

}  // namespace

YgpNoticeType YgpTypeOf(Domain domain, NoticeKind kind) {
  switch (domain) {
    case Domain::kProcurement: {
      const bool result = kind == NoticeKind::kResult;
      return {"D",
              "政府采购",
              result ? "553" : "551",
              result ? "中标（成交）结果公告" : "采购公告",
              "D01",
              "政府采购",
              result ? "政府采购结果公告" : "政府采购公告"};
    }
    case Domain::kLand: {
      const bool result = kind == NoticeKind::kResult;
      return {"B",
              "土地使用权",
              result ? "3B52" : "3B14",
              result ? "成交公示" : "出让公告",
              "B01",
              "国有建设用地使用权出让",
              result ? "土地出让成交公示" : "土地出让公告"};
    }
    case Domain::kStateProperty: {
      const bool result = kind == NoticeKind::kResult;
      return {"C",
              "国有产权",
              result ? "3P52" : "3P14",
              result ? "成交结果公告" : "交易公告",
              "C01",
              "国有产权转让",
              result ? "产权交易结果公告" : "产权交易公告"};
    }
    default:
      break;
  }
  YgpNoticeType type{
      "A", "工程建设", "3C14", "招标公告", "A01", "房屋建筑和市政基础设施工程", "招标公告和资格预审公告"};
  switch (kind) {
    case NoticeKind::kCorrection:
      type.biz_code = "3C21";
      type.type_desc = "变更公告";
      type.dataset_name = "招标公告变更";
      break;
    case NoticeKind::kTermination:
      type.biz_code = "3C24";
      type.type_desc = "终止公告";
      type.dataset_name = "招标异常";
      break;
    case NoticeKind::kCandidates:
      type.biz_code = "3C42";
      type.type_desc = "中标候选人公示";
      type.dataset_name = "中标候选人公示";
      break;
    case NoticeKind::kResult:
      type.biz_code = "3C52";
      type.type_desc = "中标结果公告";
      type.dataset_name = "中标结果公示";
      break;
    case NoticeKind::kContract:
      type.biz_code = "3C61";
      type.type_desc = "合同公告";
      type.dataset_name = "签约履行";
      break;
    default:
      break;
  }
  return type;
}

std::vector<const char*> YgpProcessOf(Domain domain) {
  switch (domain) {
    case Domain::kProcurement:
      return {"551", "553"};
    case Domain::kLand:
      return {"3B14", "3B52"};
    case Domain::kStateProperty:
      return {"3P14", "3P52"};
    default:
      return {"3C14", "3C21", "3C24", "3C42", "3C52", "3C61"};
  }
}

const char* YgpNodeName(std::string_view biz_code) {
  for (const NodeInfo& node : kNodes) {
    if (biz_code == node.biz_code) return node.name;
  }
  return "";
}

std::optional<std::string> YgpNodeId(std::string_view biz_code) {
  for (const NodeInfo& node : kNodes) {
    if (biz_code == node.biz_code) return node.node_id;
  }
  return std::nullopt;
}

std::string YgpProjectCode(const Project& project) {
  if (project.domain != Domain::kProcurement) return project.code;
  int year = 2021;
  for (const Notice& notice : project.notices) {
    if (notice.generation == Generation::kYgp) {
      year = notice.published.year;
      break;
    }
  }
  char code[32];
  std::snprintf(code, sizeof code, "E%s%02d1%07u001", project.region_code.c_str(), year % 100, project.id);
  return code;
}

std::optional<SubjectId> SubjectOfAssignedCode(std::string_view code) {
  // E(1) region(6) yy(2) '1'(1) subject(7) 001(3)
  if (code.size() != 20 || code[0] != 'E' || code[9] != '1' || code.substr(17) != "001") return std::nullopt;
  SubjectId subject = 0;
  for (char c : code.substr(10, 7)) {
    if (c < '0' || c > '9') return std::nullopt;
    subject = subject * 10 + static_cast<SubjectId>(c - '0');
  }
  return subject;
}

std::string YgpTitle(const Project& p, const Notice& n) {
  const bool alternative = n.title_style == 1;
  const std::string section = "（" + FirstLot(p).name + "）";
  switch (p.domain) {
    case Domain::kProcurement:
      if (n.kind == NoticeKind::kResult) return p.name + (alternative ? "结果公告" : "中标（成交）结果公告");
      return p.name + (alternative ? "公开招标公告" : "招标公告");
    case Domain::kLand:
      if (n.kind == NoticeKind::kResult) return p.name + (alternative ? "结果公示" : "成交公示");
      return p.name + (alternative ? "挂牌公告" : "公告");
    case Domain::kStateProperty:
      if (n.kind == NoticeKind::kResult) return p.name + (alternative ? "交易结果公告" : "成交结果公示");
      return p.name + (alternative ? "挂牌公告" : "交易公告");
    default:
      break;
  }
  switch (n.kind) {
    case NoticeKind::kCorrection:
      return p.name + "变更公告";
    case NoticeKind::kTermination:
      return p.name + "招标终止公告";
    case NoticeKind::kCandidates:
      return p.name + (alternative ? section : "") + "中标候选人公示";
    case NoticeKind::kResult:
      return p.name + (alternative ? section + "中标结果公示" : "中标结果公告");
    case NoticeKind::kContract:
      return p.name + (alternative ? "合同公示" : "施工合同公告");
    default:
      return p.name + (alternative ? section + "招标公告" : "施工招标公告");
  }
}

std::string YgpListTitle(const Project& project, const Notice& notice) {
  const std::string title = YgpTitle(project, notice);
  return notice.highlighted_title ? Highlight(title) : title;
}

std::string YgpHighlightContent(const Project& project, const Notice& notice) {
  const std::string summary = std::string(BuyerLabel(project, notice)) + "：" + project.buyer.name + "；项目名称：" +
                              project.name + "；" + YgpTypeOf(project.domain, notice.kind).type_desc;
  return notice.highlighted_title ? Highlight(summary) : summary;
}

std::string YgpRichtext(const Project& p, const Notice& n) {
  std::string body;
  switch (p.domain) {
    case Domain::kProcurement:
      body = n.kind == NoticeKind::kResult ? ProcurementResult(p, n) : ProcurementTender(p, n);
      break;
    case Domain::kLand:
      body = n.kind == NoticeKind::kResult ? DealResult(p, n) : LandTender(p, n);
      break;
    case Domain::kStateProperty:
      body = n.kind == NoticeKind::kResult ? DealResult(p, n) : PropertyTender(p, n);
      break;
    default:
      switch (n.kind) {
        case NoticeKind::kCorrection:
          body = WorksCorrection(p, n);
          break;
        case NoticeKind::kTermination:
          body = Termination(p, n);
          break;
        case NoticeKind::kCandidates:
          body = WorksCandidates(p, n);
          break;
        case NoticeKind::kResult:
          body = WorksResult(p, n);
          break;
        case NoticeKind::kContract:
          body = WorksContract(p, n);
          break;
        default:
          body = WorksTender(p, n);
      }
  }
  return "<div class=\"notice-content\">\n" + body + "</div>";
}

std::vector<std::vector<YgpField>> YgpKeyValueTables(const Project& p, const Notice& n) {
  const bool works = IsWorks(p);
  const std::string buyer_code = p.domain == Domain::kProcurement ? "PURCHASER_NAME" : "TENDERER_NAME";
  std::vector<YgpField> basics = {
      {works ? "TENDER_PROJECT_NAME" : "PROJECT_NAME", works ? "招标项目名称" : "项目名称", p.name},
      {buyer_code, BuyerLabel(p, n), p.buyer.name},
      {"TENDERER_CONTACT", "联系人", p.buyer.contact},
      {"TENDERER_PHONE", "联系电话", p.buyer.phone},
  };
  if (works) {
    basics.insert(basics.begin() + 1, {"PROJECT_NAME", "项目名称", p.name});
    basics.insert(basics.begin() + 2, {"BID_SECTION_NAME", "标段(包)名称", FirstLot(p).name});
  }
  std::vector<std::vector<YgpField>> tables = {basics};
  // Dates the platform could not read come out as the literal "Invalid date".
  const std::string decided = p.decided ? p.decided->Iso() : "Invalid date";
  switch (n.kind) {
    case NoticeKind::kCandidates:
      for (size_t i = 0; i < p.candidates.size(); ++i) {
        tables.push_back({{"BID_SECTION_NAME", "标段(包)名称", FirstLot(p).name},
                          {"RANK", "排名", std::to_string(i + 1)},
                          {"BIDDER_NAME", "中标候选人", p.candidates[i].party.name},
                          {"BID_AMOUNT", "投标报价（元）", Money(p.candidates[i].bid_fen)}});
      }
      break;
    case NoticeKind::kResult:
      tables.push_back({{"BID_SECTION_NAME", "标段(包)名称", FirstLot(p).name},
                        {"WIN_BIDDER_NAME", WinnerLabel(p, n), p.supplier.name},
                        {"WIN_BID_PRICE", works ? "中标价（元）" : "成交金额（元）", Money(p.AwardFen())},
                        {"WIN_BID_DATE", "中标日期", decided}});
      break;
    case NoticeKind::kContract:
      tables.push_back({{"CONTRACT_NAME", "合同名称", p.name + "施工合同"},
                        {"CONTRACT_PARTY_A", "发包人", p.buyer.name},
                        {"WIN_BIDDER_NAME", "承包人", p.contract_supplier.name},
                        {"BID_AMOUNT", "合同金额（元）", Money(p.contract_amount_fen)},
                        {"CONTRACT_SIGN_DATE", "合同签订日期",
                         p.signed_on && !(n.omitted & kSigningDate) ? p.signed_on->Iso() : "Invalid date"}});
      break;
    case NoticeKind::kTender:
      tables.push_back({{"BID_OPEN_TIME", "开标时间", p.opening.Iso() + " 09:30:00"},
                        {"BID_AMOUNT", BudgetKey(p), Money(p.BudgetFen())}});
      break;
    default:
      break;
  }
  return tables;
}

}  // namespace gapwatch::sim
