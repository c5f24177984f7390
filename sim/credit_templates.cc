#include "sim/credit_templates.h"

#include "sim/html_escape.h"
#include "sim/world_formats.h"

namespace gapwatch::sim {
namespace {

// The heading a table's pages carry.
const char* TableTitle(CreditTable table) {
  switch (table) {
    case CreditTable::kLicences:
      return "行政许可";
    case CreditTable::kPenalties:
      return "行政处罚";
    case CreditTable::kBlacklist:
      return "失信惩戒主体名单";
  }
  return "";
}

std::string PageHead(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"UTF-8\">\n<title>" + title +
         "_信用韶关</title>\n</head>\n<body>\n<div class=\"header\"><a href=\"/\">信用韶关</a></div>\n";
}

// 公示日期: stamped by the platform itself, in its own style whatever the department's.
CreditField PublicationField(const Notice& notice) { return {"GSRQ", "公示日期", notice.published.Iso(), {}}; }

}  // namespace

const char* TableName(CreditTable table) {
  switch (table) {
    case CreditTable::kLicences:
      return "xzxk";
    case CreditTable::kPenalties:
      return "xzcf";
    case CreditTable::kBlacklist:
      return "hmd";
  }
  return "";
}

std::optional<CreditTable> TableOfName(std::string_view name) {
  for (CreditTable table : kCreditTables) {
    if (name == TableName(table)) return table;
  }
  return std::nullopt;
}

std::optional<CreditTable> TableOfKind(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::kLicence:
      return CreditTable::kLicences;
    case NoticeKind::kPenalty:
      return CreditTable::kPenalties;
    case NoticeKind::kBlacklisting:
      return CreditTable::kBlacklist;
    default:
      return std::nullopt;
  }
}

const char* ShellPath(CreditTable table) {
  switch (table) {
    case CreditTable::kLicences:
      return "/page/creditPublic/xzxk.html";
    case CreditTable::kPenalties:
      return "/page/creditPublic/xzcf.html";
    case CreditTable::kBlacklist:
      return "/page/creditPublic/sxcjmd/sxbzxrmd.html";
  }
  return "";
}

std::string CreditDate(std::string_view department, CivilDate date) {
  const bool slashes =
      department == "韶关市生态环境局" || department == "韶关市交通运输局" || department == "韶关市财政局";
  return slashes ? SlashDate(date) : date.Iso();
}

std::vector<CreditField> LicenceFields(const CreditRecord& r, const Notice& notice, CivilDate as_of) {
  // 当前状态: 1 有效 while the licence runs, 2 无效 after (SITES.md §4 [I]).
  const bool valid = as_of <= r.valid_until;
  return {
      {"XK_XDR_MC", "行政相对人名称", r.party.name, {}},
      {"XK_XDR_SHXYM", "统一社会信用代码", r.party.uscc, {}},
      {"XK_FDDB", "法定代表人", r.legal_representative, {}},
      {"XK_XKWS", "行政许可决定文书名称", r.document_name, {}},
      {"XK_WSH", "行政许可决定文书号", r.number, {}},
      {"XK_XKLB", "许可类别", r.category, {}},
      {"XK_XKZS", "许可证书名称", r.licence_name, {}},
      {"XK_XKBH", "许可编号", r.licence_number, {}},
      {"XK_NR", "许可内容", r.content, {}},
      {"XK_JDRQ", "许可决定日期", CreditDate(r.authority, r.decided), {}},
      {"XK_YXQZ", "有效期自", CreditDate(r.authority, r.decided), {}},
      {"XK_YXQZI", "有效期至", CreditDate(r.authority, r.valid_until), {}},
      {"XK_XKJG", "许可机关", r.authority, {}},
      {"XK_XKJGDM", "许可机关统一社会信用代码", r.authority_uscc, {}},
      {"XK_ZT", "当前状态", valid ? "1" : "2", valid ? "有效" : "无效"},
      {"XK_LYDW", "数据来源单位", r.authority, {}},
      {"BZ", "备注", "", {}},
      PublicationField(notice),
  };
}

std::vector<CreditField> PenaltyFields(const CreditRecord& r, const Notice& notice) {
  const std::string basis = (notice.omitted & kPenaltyBasis) ? "" : r.basis;
  return {
      {"CF_WSH", "行政处罚决定书文号", r.number, {}},
      {"CF_XDR_MC", "行政相对人名称", r.party.name, {}},
      {"CF_XDR_LB", "行政相对人类别", "法人及非法人组织", {}},
      {"CF_XDR_SHXYM", "统一社会信用代码", r.party.uscc, {}},
      {"CF_FRDB", "法定代表人", r.legal_representative, {}},
      {"CF_WFXW", "违法行为类型", r.violation_type, {}},
      {"CF_SY", "违法事实", r.facts, {}},
      {"CF_YJ", "处罚依据", basis, {}},
      {"CF_CFLB", "处罚类别", r.category, {}},
      {"CF_NR", "处罚内容", r.content, {}},
      {"CF_NR_FK", "罚款金额（万元）", WanYuan(r.fine_fen, 6), {}},
      {"CF_JDRQ", "处罚决定日期", CreditDate(r.authority, r.decided), {}},
      {"CF_YXQ", "处罚有效期", CreditDate(r.authority, r.valid_until), {}},
      {"CF_GSJZQ", "公示截止期", CreditDate(r.authority, r.valid_until), {}},
      {"CF_CFJG", "处罚机关", r.authority, {}},
      {"CF_CFJGDM", "处罚机关统一社会信用代码", r.authority_uscc, {}},
      {"CF_SJLY", "数据来源单位", r.authority, {}},
      {"CF_SJLYDM", "数据来源单位统一社会信用代码", r.authority_uscc, {}},
      {"BZ", "备注", "", {}},
      PublicationField(notice),
  };
}

std::vector<CreditField> BlacklistFields(const BlacklistEntry& e, const Notice& notice, CivilDate as_of) {
  // The removal day is fixed at listing, but the site shows it only once it has come.
  const bool removed = e.removal && *e.removal <= as_of;
  return {
      {"HMD_ZTMC", "黑名单记录主体", e.party.name, {}},
      {"HMD_SHXYM", "统一社会信用代码", e.party.uscc, {}},
      {"HMD_LX", "黑名单类型", e.list_name, {}},
      {"HMD_RDBM", "认定部门", e.authority, {}},
      {"HMD_RDYJ", "黑名单认定依据", e.basis, {}},
      {"HMD_WSH", "认定文书号", e.document_number, {}},
      {"HMD_LRRQ", "列入黑名单日期", CreditDate(e.authority, e.listed), {}},
      {"HMD_YCRQ", "移除黑名单日期", removed ? CreditDate(e.authority, *e.removal) : "", {}},
      PublicationField(notice),
  };
}

std::string ShellPage(CreditTable table) {
  const std::string name = TableName(table);
  return PageHead(TableTitle(table)) + "<div id=\"app\" class=\"credit-public\" data-table-name=\"" + name +
         "\">\n<h2 class=\"page-title\">" + TableTitle(table) +
         "</h2>\n<div class=\"search-box\"><input type=\"text\" id=\"keyword\" "
         "placeholder=\"请输入主体名称、统一社会信用代码或文书号\"><button id=\"searchBtn\">查询</button></div>\n"
         "<table id=\"dataList\" class=\"list-table\"></table>\n<div id=\"pager\"></div>\n</div>\n<script>\n"
         "var CREDIT_API = \"" +
         kCreditApiPath + "\";\nvar TABLE_NAME = \"" + name + "\";\nvar DETAIL_URL = \"" + kCreditDetailPath +
         "?tableName=" + name + "&id=\";\n</script>\n</body>\n</html>\n";
}

std::string DetailPage(CreditTable table, const std::vector<CreditField>& fields) {
  std::string rows;
  for (const CreditField& field : fields) {
    rows += "<tr><th>" + std::string(field.label) + "</th><td>" + HtmlEscape(field.detail_text.value_or(field.value)) +
            "</td></tr>\n";
  }
  return PageHead(std::string(TableTitle(table)) + "详情") +
         "<div class=\"detail-container\">\n<h2 class=\"detail-title\">" + TableTitle(table) +
         "信息</h2>\n<table class=\"detail-table\">\n" + rows + "</table>\n</div>\n</body>\n</html>\n";
}

std::string NotFoundPage() {
  return PageHead("信息不存在") +
         "<div class=\"detail-container\">\n<p class=\"empty\">信息不存在或已撤销公示</p>\n</div>\n</body>\n</html>\n";
}

}  // namespace gapwatch::sim
