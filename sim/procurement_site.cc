#include "sim/procurement_site.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "sim/form.h"
#include "sim/templates.h"
#include "sim/world_vocabulary.h"

namespace gapwatch::sim {
namespace {

using Json = nlohmann::ordered_json;

constexpr char kJsonType[] = "application/json;charset=UTF-8";
constexpr int kDefaultPageSize = 15;
constexpr int kMaxPageSize = 100;
// Filters memoised at once: crawlers page through a handful; a client
// searching code by code makes many, each cheap to forget.
constexpr size_t kMaxFilters = 32;

// 440200 covers the city and its counties (4402xx); 440000 the province.
bool RegionMatches(const std::string& filter, const std::string& region_code) {
  if (filter.empty()) return true;
  if (filter.size() == 6 && filter.ends_with("0000")) return region_code.starts_with(filter.substr(0, 2));
  if (filter.size() == 6 && filter.ends_with("00")) return region_code.starts_with(filter.substr(0, 4));
  return region_code == filter;
}

bool TypeMatches(const std::string& filter, std::string_view notice_type) {
  if (filter.empty()) return true;
  std::string_view rest = filter;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    if (rest.substr(0, comma) == notice_type) return true;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return false;
}

HttpReply JsonReply(int status, const Json& body) { return {status, kJsonType, body.dump()}; }

HttpReply ParameterError() { return JsonReply(200, Json{{"code", "500"}, {"msg", "参数错误"}}); }

HttpReply NoSuchNotice() { return JsonReply(404, Json{{"code", "404"}, {"msg", "信息不存在"}, {"data", nullptr}}); }

HttpReply NginxError(int status, const std::string& reason) {
  const std::string title = std::to_string(status) + " " + reason;
  return {status, "text/html",
          "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
              "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"};
}

// Fields that list rows and details share.
void AddCommonFields(Json& json, const Project& project, const Notice& notice) {
  json["openTenderCode"] = ListedCode(project, notice);
  json["purchaser"] = project.buyer.name;
  json["agency"] = project.agency.name;
  json["budget"] = BudgetField(project.BudgetFen());
  json["purchaseMannerName"] = PurchaseMannerName(project.method);
  json["noticeTypeName"] = NoticeTypeName(notice.kind);
  json["noticeType"] = NoticeTypeCode(notice.kind);
  json["regionCode"] = project.region_code;
}

Json ListRow(const std::string& id, const Project& project, const Notice& notice) {
  Json row;
  row["id"] = id;
  row["noticeId"] = id;
  row["title"] = ListTitle(project, notice);
  row["noticeTime"] = NoticeTime(notice);
  row["regionName"] = project.region_name;
  AddCommonFields(row, project, notice);
  row["catalogueNameList"] = project.catalogue;
  row["channel"] = kProcurementChannel;
  row["channelName"] = "采购项目信息";
  row["description"] = NoticeDescription(project, notice);
  row["purchaseManner"] = PurchaseMannerCode(project.method);
  return row;
}

}  // namespace

ProcurementSite::ProcurementSite(const World& world, CivilDate as_of)
    : world_(world), as_of_(as_of), visible_(world.Visible(Generation::kGpcms, as_of)) {}

HttpReply ProcurementSite::Handle(std::string_view method, std::string_view target) const {
  if (method != "GET" && method != "HEAD") return NginxError(405, "Not Allowed");
  const size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const FormParams query = ParseForm(question == std::string_view::npos ? "" : target.substr(question + 1));
  if (path == kListPath) return List(query);
  if (path == kDetailPath) return Detail(query);
  if (path == "/robots.txt") {
    return {200, "text/plain;charset=UTF-8", "User-agent: *\nDisallow: /maincms-web/noticeInformationGd/search\n"};
  }
  return NginxError(404, "Not Found");
}

HttpReply ProcurementSite::List(const FormParams& query) const {
  if (ParamOf(query, "siteId") != kProcurementSiteId || ParamOf(query, "channel") != kProcurementChannel) {
    return ParameterError();
  }
  const std::optional<long> page = IntegerParam(query, "currPage", 1);
  std::optional<long> page_size = IntegerParam(query, "pageSize", kDefaultPageSize);
  if (!page || !page_size) return ParameterError();
  if (*page_size < 1) page_size = kDefaultPageSize;
  if (*page_size > kMaxPageSize) page_size = kMaxPageSize;
  const long first = (std::max(*page, 1L) - 1) * *page_size;

  const std::shared_ptr<const std::vector<uint32_t>> matching =
      Matching(ParamOf(query, "regionCode"), ParamOf(query, "noticeType"), ParamOf(query, "openTenderCode"));
  const long total = static_cast<long>(matching->size());
  Json rows = Json::array();
  for (long i = first; i < std::min(total, first + *page_size); ++i) {
    // Only the rows of the page rebuild their project.
    const IndexedNotice& entry = visible_[(*matching)[static_cast<size_t>(i)]];
    const Project project = world_.ProjectAt(entry.subject);
    const Notice& notice = project.notices[entry.slot];
    rows.push_back(ListRow(world_.NoticeId(Generation::kGpcms, entry.ref()), AsShown(project, notice, as_of_), notice));
  }
  Json data;
  data["total"] = total;
  data["rows"] = std::move(rows);
  return JsonReply(200, Json{{"code", "200"}, {"msg", "操作成功"}, {"data", std::move(data)}});
}

std::shared_ptr<const std::vector<uint32_t>> ProcurementSite::Matching(const std::string& region,
                                                                       const std::string& types,
                                                                       const std::string& code) const {
  const std::string key = region + '\n' + types + '\n' + code;
  {
    std::lock_guard lock(matches_mutex_);
    if (const auto found = matches_.find(key); found != matches_.end()) return found->second;
  }
  // Filters read the index alone, without rebuilding any subject.
  std::vector<SubjectId> with_code;
  if (!code.empty()) with_code = world_.FindProjects(code);
  auto positions = std::make_shared<std::vector<uint32_t>>();
  for (size_t i = 0; i < visible_.size(); ++i) {
    const IndexedNotice& entry = visible_[i];
    const std::string_view region_code = entry.region < Regions().size() ? Regions()[entry.region].code : "";
    if (!RegionMatches(region, std::string(region_code)) || !TypeMatches(types, NoticeTypeCode(entry.kind))) continue;
    if (!code.empty() && (entry.kind == NoticeKind::kIntention ||
                          std::find(with_code.begin(), with_code.end(), entry.subject) == with_code.end())) {
      continue;
    }
    positions->push_back(static_cast<uint32_t>(i));
  }
  std::lock_guard lock(matches_mutex_);
  if (matches_.size() >= kMaxFilters) matches_.clear();
  matches_.emplace(key, positions);
  return positions;
}

HttpReply ProcurementSite::Detail(const FormParams& query) const {
  const std::string id = ParamOf(query, "id");
  const std::optional<NoticeRef> ref = world_.FindNotice(Generation::kGpcms, id);
  if (!ref) return NoSuchNotice();
  const Project stored = world_.ProjectAt(ref->subject);
  const Notice& notice = stored.notices[ref->slot];
  if (!IsVisible(notice, as_of_)) return NoSuchNotice();
  const Project project = AsShown(stored, notice, as_of_);
  Json data;
  data["id"] = id;
  data["title"] = NoticeTitle(project, notice);
  data["noticeTime"] = NoticeTime(notice);
  data["content"] = NoticeContent(project, notice);
  AddCommonFields(data, project, notice);
  data["attchList"] = Json::array();
  data["description"] = NoticeDescription(project, notice);
  return JsonReply(200, Json{{"code", "200"}, {"msg", "操作成功"}, {"data", std::move(data)}});
}

}  // namespace gapwatch::sim
