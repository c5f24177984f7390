#include "parsers/notice_json.h"

#include "parsers/extract_rules.h"
#include "parsers/notice_fields.h"

namespace gapwatch {

nlohmann::json NoticeToJson(const Notice& notice) {
  nlohmann::json out = nlohmann::json::object();
  for (const std::string& field : NoticeFieldNames()) {
    if (auto value = GetNoticeField(notice, field)) out[field] = std::move(*value);
  }
  for (const Lot& lot : notice.lots) {
    nlohmann::json entry = nlohmann::json::object();
    if (!lot.name.empty()) entry["name"] = lot.name;
    if (!lot.supplier.empty()) entry["supplier"] = lot.supplier;
    if (lot.amount_yuan) entry["amount_yuan"] = *lot.amount_yuan;
    out["lots"].push_back(std::move(entry));
  }
  if (!notice.fields_missing.empty()) out["fields_missing"] = notice.fields_missing;
  return out;
}

}  // namespace gapwatch
