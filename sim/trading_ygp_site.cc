#include "sim/trading_ygp_site.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "sim/trading_signature.h"
#include "sim/trading_ygp_templates.h"
#include "sim/world_formats.h"
#include "sim/world_roles.h"
#include "sim/world_vocabulary.h"

namespace gapwatch::sim {
namespace {

using Json = nlohmann::ordered_json;

constexpr char kJsonType[] = "application/json;charset=UTF-8";
constexpr char kCitySiteCode[] = "440200";
constexpr int kDefaultPageSize = 10;
constexpr int kMaxPageSize = 100;
constexpr long kMaxPageNo = 1000000000;  // keeps (pageNo - 1) × pageSize from overflowing

HttpReply JsonReply(int status, const Json& body) { return {status, kJsonType, body.dump()}; }

HttpReply Failure(int errcode, const char* message, int status = 200) {
  return JsonReply(status, Json{{"errcode", errcode}, {"errmsg", message}, {"data", nullptr}});
}
HttpReply BadSignature() { return Failure(90104, "访问过于频繁或签名错误"); }
HttpReply BadParameter() { return Failure(500, "参数错误"); }
HttpReply NotFound() { return Failure(404, "公告不存在或已删除"); }

HttpReply Success(Json data) { return JsonReply(200, Json{{"errcode", 0}, {"errmsg", ""}, {"data", std::move(data)}}); }

// A body field as text: strings as they are, numbers in decimal; absent or null → "".
std::optional<std::string> TextField(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::string();
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return std::nullopt;
}

// pageNo / pageSize: a number or a numeric string; absent → fallback.
std::optional<long> IntegerField(const Json& body, const char* name, long fallback) {
  const std::optional<std::string> text = TextField(body, name);
  if (!text) return std::nullopt;
  if (text->empty()) return fallback;
  long value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

// publishStartTime / publishEndTime: YYYYMMDD, yyyyMMddHHmmss, YYYY-MM-DD or
// "YYYY-MM-DD HH:mm:ss", as a TimeKey (the day's first or last second when no
// time is given); nullopt when malformed. Absent or empty → `fallback`.
std::optional<uint32_t> TimeField(const Json& body, const char* name, bool end_of_day, uint32_t fallback) {
  const std::optional<std::string> text = TextField(body, name);
  if (!text) return std::nullopt;
  if (text->empty()) return fallback;
  std::string digits;
  for (char c : *text) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != '-' && c != ' ' && c != ':') {
      return std::nullopt;
    }
  }
  if (digits.size() != 8 && digits.size() != 14) return std::nullopt;
  const std::optional<CivilDate> date =
      CivilDate::Parse(digits.substr(0, 4) + "-" + digits.substr(4, 2) + "-" + digits.substr(6, 2));
  if (!date || *date < CivilDate{2018, 1, 1}) return std::nullopt;
  int second = end_of_day ? 86399 : 0;
  if (digits.size() == 14) {
    second =
        std::stoi(digits.substr(8, 2)) * 3600 + std::stoi(digits.substr(10, 2)) * 60 + std::stoi(digits.substr(12));
  }
  return TimeKey(*date, second);
}

bool InList(std::string_view list, std::string_view value) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    if (list.substr(0, comma) == value) return true;
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return false;
}

// siteCode: "" or "44" the province, 440200 the whole city, 4402xx one
// county-level unit; any other code (440000 included) matches nothing.
bool SiteMatches(const std::string& site_code, std::string_view region_code) {
  if (site_code.empty() || site_code == "44" || site_code == kCitySiteCode) return true;
  return site_code == region_code;
}

const char* NoticeNature(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::kCorrection:
      return "2";
    case NoticeKind::kTermination:
      return "3";
    default:
      return "1";
  }
}

Json Row(const std::string& id, const Project& project, const Notice& notice) {
  const YgpNoticeType type = YgpTypeOf(project.domain, notice.kind);
  Json row;
  row["noticeId"] = id;
  row["docId"] = id;
  row["noticeTitle"] = YgpListTitle(project, notice);
  row["highlightNoticeContent"] = YgpHighlightContent(project, notice);
  row["publishDate"] = CompactDateTime(notice.published, notice.second_of_day);
  row["projectCode"] = YgpProjectCode(project);
  row["projectOwner"] = project.buyer.name;
  row["regionName"] = project.region_name;
  row["regionCode"] = project.region_code;
  row["siteCode"] = kCitySiteCode;
  row["siteName"] = "韶关市";
  row["pubServicePlat"] = "韶关市公共资源交易平台";
  row["datasetName"] = type.dataset_name;
  row["edition"] = "v3";
  row["projectType"] = type.project_type;
  row["projectTypeName"] = type.project_type_name;
  row["tradingProcess"] = type.biz_code;
  row["noticeSecondType"] = type.second_type;
  row["noticeSecondTypeDesc"] = type.second_type_desc;
  row["noticeThirdType"] = type.biz_code;
  row["noticeThirdTypeDesc"] = type.type_desc;
  row["noticeTypeDesc"] = type.type_desc;
  row["noticeNature"] = NoticeNature(notice.kind);
  return row;
}

}  // namespace

YgpTradingSite::YgpTradingSite(const World& world, CivilDate as_of)
    : world_(world), as_of_(as_of), visible_(world.Visible(Generation::kYgp, as_of)) {}

std::optional<HttpReply> YgpTradingSite::Handle(const HttpRequest& request) const {
  const std::string_view target = request.target;
  const size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const bool is_get = request.method == "GET" || request.method == "HEAD";
  if (path == kYgpSearchPath) {
    return request.method == "POST" ? Search(request) : Failure(405, "Request method not supported", 405);
  }
  if (path != kYgpNodeListPath && path != kYgpSingleNodePath && path != kYgpDetailPath) return std::nullopt;
  if (!is_get) return Failure(405, "Request method not supported", 405);
  const FormParams query = ParseForm(question == std::string_view::npos ? "" : target.substr(question + 1));
  if (path == kYgpNodeListPath) return NodeList(query);
  if (path == kYgpSingleNodePath) return SingleNode(query);
  return Detail(query);
}

HttpReply YgpTradingSite::Search(const HttpRequest& request) const {
  if (!HasValidYgpSignature(request.headers, request.body, kYgpSignatureSalt)) return BadSignature();
  const Json body = Json::parse(request.body, nullptr, false);
  if (!body.is_object()) return BadParameter();
  const std::optional<long> page = IntegerField(body, "pageNo", 1);
  std::optional<long> page_size = IntegerField(body, "pageSize", kDefaultPageSize);
  const std::optional<std::string> keyword = TextField(body, "keyword");
  const std::optional<std::string> site_code = TextField(body, "siteCode");
  const std::optional<std::string> second_type = TextField(body, "secondType");
  const std::optional<std::string> process = TextField(body, "tradingProcess");
  const std::optional<std::string> project_type = TextField(body, "projectType");
  const std::optional<uint32_t> from = TimeField(body, "publishStartTime", false, 0);
  const std::optional<uint32_t> to = TimeField(body, "publishEndTime", true, UINT32_MAX);
  if (!page || !page_size || !keyword || !site_code || !second_type || !process || !project_type || !from || !to) {
    return BadParameter();
  }
  if (*page_size < 1) page_size = kDefaultPageSize;
  if (*page_size > kMaxPageSize) page_size = kMaxPageSize;
  const long first = (std::clamp(*page, 1L, kMaxPageNo) - 1) * *page_size;

  const bool whole_city = site_code->empty() || *site_code == "44" || *site_code == kCitySiteCode;
  const bool by_type = !second_type->empty() || !process->empty() || !project_type->empty();
  const bool filtered = !whole_city || by_type || !keyword->empty() || *from != 0 || *to != UINT32_MAX;
  long total = 0;
  Json rows = Json::array();
  auto add_row = [&](const IndexedNotice& entry, std::optional<Project>& project) {
    if (!project) project = world_.ProjectAt(entry.subject);
    const Notice& notice = project->notices[entry.slot];
    rows.push_back(Row(world_.NoticeId(Generation::kYgp, entry.ref()), AsShown(*project, notice, as_of_), notice));
  };
  if (!filtered) {
    // The common crawl: every notice, newest first; no need to visit them all.
    total = static_cast<long>(visible_.size());
    for (long i = first; i < std::min(total, first + *page_size); ++i) {
      std::optional<Project> project;
      add_row(visible_[static_cast<size_t>(i)], project);
    }
  }
  for (size_t i = 0; filtered && i < visible_.size(); ++i) {
    const IndexedNotice& entry = visible_[i];
    const std::string_view region_code = entry.region < Regions().size() ? Regions()[entry.region].code : "";
    if (entry.time < *from || entry.time > *to || !SiteMatches(*site_code, region_code)) continue;
    if (by_type) {
      const YgpNoticeType type = YgpTypeOf(world_.DomainOf(entry.subject), entry.kind);
      if (!second_type->empty() && *second_type != type.second_type) continue;
      if (!process->empty() && !InList(*process, type.biz_code)) continue;
      if (!project_type->empty() && *project_type != type.project_type) continue;
    }
    // Only keyword searches and the rows of the page rebuild their project.
    std::optional<Project> project;
    if (!keyword->empty()) {
      project = world_.ProjectAt(entry.subject);
      if (YgpTitle(*project, project->notices[entry.slot]).find(*keyword) == std::string::npos) continue;
    }
    if (total >= first && total < first + *page_size) add_row(entry, project);
    ++total;
  }
  Json data;
  data["total"] = total;
  data["pageTotal"] = (total + *page_size - 1) / *page_size;
  data["pageData"] = std::move(rows);
  return Success(std::move(data));
}

std::optional<Project> YgpTradingSite::ProjectOfCode(const std::string& code) const {
  auto on_ygp = [](const Project& project) {
    for (const Notice& notice : project.notices) {
      if (notice.generation == Generation::kYgp) return true;
    }
    return false;
  };
  if (const std::optional<SubjectId> subject = SubjectOfAssignedCode(code)) {
    if (*subject < world_.subject_count() && world_.TypeOf(*subject) == SubjectType::kProject &&
        world_.DomainOf(*subject) == Domain::kProcurement) {
      Project project = world_.ProjectAt(*subject);
      if (on_ygp(project) && YgpProjectCode(project) == code) return project;
    }
    return std::nullopt;
  }
  for (SubjectId subject : world_.FindProjects(code)) {
    if (world_.DomainOf(subject) == Domain::kProcurement) continue;
    Project project = world_.ProjectAt(subject);
    if (on_ygp(project)) return project;
  }
  return std::nullopt;
}

HttpReply YgpTradingSite::NodeList(const FormParams& query) const {
  Json nodes = Json::array();
  const std::optional<Project> project = ProjectOfCode(ParamOf(query, "projectCode"));
  const std::string trading_type = ParamOf(query, "tradingType");
  if (!project ||
      (!trading_type.empty() && trading_type != YgpTypeOf(project->domain, NoticeKind::kTender).second_type)) {
    return Success(std::move(nodes));
  }
  for (const char* biz_code : YgpProcessOf(project->domain)) {
    int count = 0;
    for (const Notice& notice : project->notices) {
      if (notice.generation == Generation::kYgp && IsVisible(notice, as_of_) &&
          std::string_view(YgpTypeOf(project->domain, notice.kind).biz_code) == biz_code) {
        ++count;
      }
    }
    Json node;
    node["nodeId"] = *YgpNodeId(biz_code);
    node["nodeName"] = YgpNodeName(biz_code);
    node["selectedBizCode"] = biz_code;
    node["dataCount"] = count;
    nodes.push_back(std::move(node));
  }
  return Success(std::move(nodes));
}

HttpReply YgpTradingSite::SingleNode(const FormParams& query) const {
  const std::optional<std::string> node = YgpNodeId(ParamOf(query, "bizCode"));
  if (!node) return Failure(404, "节点不存在");
  return Success(*node);
}

HttpReply YgpTradingSite::Detail(const FormParams& query) const {
  const std::optional<NoticeRef> ref = world_.FindNotice(Generation::kYgp, ParamOf(query, "noticeId"));
  if (!ref) return NotFound();
  const Project stored = world_.ProjectAt(ref->subject);
  const Notice& notice = stored.notices[ref->slot];
  if (!IsVisible(notice, as_of_)) return NotFound();
  const Project project = AsShown(stored, notice, as_of_);
  const YgpNoticeType type = YgpTypeOf(project.domain, notice.kind);
  const std::string code = YgpProjectCode(project);
  // Parameters a client sends must agree with the notice, as the platform
  // finds a notice only under its own node, process and project.
  auto disagrees = [&](const char* name, const std::string& actual) {
    const std::string given = ParamOf(query, name);
    return !given.empty() && given != actual;
  };
  if (disagrees("bizCode", type.biz_code) || disagrees("projectCode", code) ||
      disagrees("tradingType", type.second_type) || disagrees("nodeId", YgpNodeId(type.biz_code).value_or(""))) {
    return NotFound();
  }
  Json tables = Json::array();
  for (const std::vector<YgpField>& record : YgpKeyValueTables(project, notice)) {
    Json fields = Json::array();
    for (const YgpField& field : record)
      fields.push_back(Json{{"code", field.code}, {"key", field.key}, {"value", field.value}});
    tables.push_back(std::move(fields));
  }
  Json columns = Json::array();
  columns.push_back(Json{{"name", "公告内容"}, {"richtext", YgpRichtext(project, notice)}});
  columns.push_back(Json{{"name", "公告信息"}, {"multiKeyValueTableList", std::move(tables)}});
  Json data;
  data["noticeId"] = ParamOf(query, "noticeId");
  data["title"] = YgpTitle(project, notice);
  data["publishDate"] = CompactDateTime(notice.published, notice.second_of_day);
  data["projectCode"] = code;
  data["bizCode"] = type.biz_code;
  data["tradingType"] = type.second_type;
  data["siteCode"] = kCitySiteCode;
  data["regionCode"] = project.region_code;
  data["tradingNoticeColumnModelList"] = std::move(columns);
  return Success(std::move(data));
}

}  // namespace gapwatch::sim
