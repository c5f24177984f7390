#include "sim/credit_site.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "sim/form.h"
#include "sim/random.h"

namespace gapwatch::sim {
namespace {

using Json = nlohmann::ordered_json;

constexpr char kJsonType[] = "application/json;charset=UTF-8";
constexpr char kHtmlType[] = "text/html;charset=UTF-8";
constexpr long kDefaultPageSize = 10;
constexpr long kMaxPageSize = 50;

// The fields a keyword is matched against: name, 统一社会信用代码, 文书号.
constexpr const char* kSearchedKeys[] = {"XK_XDR_MC", "XK_XDR_SHXYM", "XK_WSH",    "CF_XDR_MC", "CF_XDR_SHXYM",
                                         "CF_WSH",    "HMD_ZTMC",     "HMD_SHXYM", "HMD_WSH"};

HttpReply JsonReply(const Json& body) { return {200, kJsonType, body.dump()}; }

HttpReply ParameterError() { return JsonReply(Json{{"code", 1}, {"msg", "参数错误"}, {"data", nullptr}}); }

HttpReply NginxError(int status, const std::string& reason) {
  const std::string title = std::to_string(status) + " " + reason;
  return {status, "text/html",
          "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
              "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"};
}

bool Matches(const std::vector<CreditField>& fields, const std::string& keyword) {
  return std::any_of(fields.begin(), fields.end(), [&](const CreditField& field) {
    return std::find_if(std::begin(kSearchedKeys), std::end(kSearchedKeys),
                        [&](const char* key) { return std::string_view(key) == field.key; }) !=
               std::end(kSearchedKeys) &&
           field.value.find(keyword) != std::string::npos;
  });
}

Json Row(const std::string& id, const std::vector<CreditField>& fields) {
  Json row;
  row["ID"] = id;
  for (const CreditField& field : fields) row[field.key] = field.value;
  return row;
}

}  // namespace

CreditSite::CreditSite(const World& world, CivilDate as_of) : world_(world), as_of_(as_of) {
  const NoticeList visible = world.Visible(Generation::kCreditSite, as_of);
  for (size_t i = 0; i < visible.size(); ++i) {
    if (const std::optional<CreditTable> table = TableOfKind(visible[i].kind)) {
      standing_[static_cast<size_t>(*table)].push_back(visible[i]);
    }
  }
  // A Tomcat-style session id, fixed for (seed, as-of) so that pages stay byte-identical.
  char text[33];
  std::snprintf(text, sizeof text, "%016llX%016llX", static_cast<unsigned long long>(Random::Mix(world.seed())),
                static_cast<unsigned long long>(Random::Mix(world.seed() ^ static_cast<uint64_t>(as_of.DayNumber()))));
  session_id_ = text;
}

std::optional<HttpReply> CreditSite::Handle(const HttpRequest& request) const {
  const size_t question = request.target.find('?');
  const std::string path = request.target.substr(0, question);
  FormParams params;
  if (question != std::string::npos) AddFormParams(std::string_view(request.target).substr(question + 1), params);
  const bool get = request.method == "GET" || request.method == "HEAD";

  if (path == kCreditApiPath) {
    if (request.method == "POST") AddFormParams(request.body, params);
    if (!get && request.method != "POST") return NginxError(405, "Not Allowed");
    // 信用广东 refuses its jsonArgs variant (SITES.md §4).
    if (params.count("jsonArgs")) return NginxError(403, "Forbidden");
    return List(params);
  }
  if (path == kCreditDetailPath) return get ? Detail(params) : NginxError(405, "Not Allowed");
  for (CreditTable table : kCreditTables) {
    if (path == ShellPath(table)) return get ? Shell(table) : NginxError(405, "Not Allowed");
  }
  return std::nullopt;
}

std::vector<CreditField> CreditSite::FieldsOf(CreditTable table, NoticeRef ref) const {
  if (table == CreditTable::kBlacklist) {
    const BlacklistEntry entry = world_.BlacklistEntryAt(ref.subject);
    return BlacklistFields(entry, entry.notices[ref.slot], as_of_);
  }
  const CreditRecord stored = world_.CreditRecordAt(ref.subject);
  const Notice& notice = stored.notices[ref.slot];
  const CreditRecord shown = AsShown(stored, notice, as_of_);
  return table == CreditTable::kLicences ? LicenceFields(shown, notice, as_of_) : PenaltyFields(shown, notice);
}

HttpReply CreditSite::List(const FormParams& params) const {
  const std::optional<CreditTable> table = TableOfName(ParamOf(params, "tableName"));
  const std::optional<long> page_param = IntegerParam(params, "page", 1);
  const std::optional<long> size_param = IntegerParam(params, "pageSize", kDefaultPageSize);
  if (!table || !page_param || !size_param) return ParameterError();
  const long page = std::max(*page_param, 1L);
  const long page_size = *size_param < 1 ? kDefaultPageSize : std::min(*size_param, kMaxPageSize);
  const long first = (page - 1) * page_size;
  const std::string keyword = ParamOf(params, "keyword");

  const std::vector<IndexedNotice>& entries = standing(*table);
  auto id_of = [&](const IndexedNotice& entry) { return world_.NoticeId(Generation::kCreditSite, entry.ref()); };
  Json rows = Json::array();
  long total = 0;
  if (keyword.empty()) {
    total = static_cast<long>(entries.size());
    for (long i = first; i < std::min(total, first + page_size); ++i) {
      const IndexedNotice& entry = entries[static_cast<size_t>(i)];
      rows.push_back(Row(id_of(entry), FieldsOf(*table, entry.ref())));
    }
  } else {
    // A search reads every record of the table: the index holds no names.
    for (const IndexedNotice& entry : entries) {
      std::vector<CreditField> fields = FieldsOf(*table, entry.ref());
      if (!Matches(fields, keyword)) continue;
      if (total >= first && total < first + page_size) rows.push_back(Row(id_of(entry), fields));
      ++total;
    }
  }
  Json data;
  data["rows"] = std::move(rows);
  data["page"] = page;
  data["pageSize"] = page_size;
  data["totalPage"] = (total + page_size - 1) / page_size;
  data["total"] = total;
  return JsonReply(Json{{"code", 0}, {"msg", "成功"}, {"data", std::move(data)}});
}

HttpReply CreditSite::Detail(const FormParams& params) const {
  const HttpReply not_found{404, kHtmlType, NotFoundPage()};
  const std::optional<NoticeRef> ref = world_.FindNotice(Generation::kCreditSite, ParamOf(params, "id"));
  if (!ref) return not_found;
  const Notice notice = world_.NoticeOf(*ref);
  const std::optional<CreditTable> table = TableOfKind(notice.kind);
  // The tableName must name the record's own table, as the page's links do.
  if (!table || ParamOf(params, "tableName") != TableName(*table) || !IsVisible(notice, as_of_)) return not_found;
  return HttpReply{200, kHtmlType, DetailPage(*table, FieldsOf(*table, *ref))};
}

HttpReply CreditSite::Shell(CreditTable table) const {
  HttpReply reply{200, kHtmlType, ShellPage(table)};
  reply.headers.emplace_back("Set-Cookie", "JSESSIONID=" + session_id_ + "; Path=/; HttpOnly");
  return reply;
}

}  // namespace gapwatch::sim
