#include "monitor/ocds.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string_view>

#include "monitor/date.h"

namespace gapwatch {
namespace {

using Json = nlohmann::ordered_json;  // keys in the order OCDS's examples show them
using Text = std::optional<std::string_view>;

Text TextOf(const std::optional<std::string>& text) { return text ? Text(*text) : std::nullopt; }

// {amount, currency} from an exact decimal in 元; none for an absent or malformed one.
std::optional<Json> Value(Text yuan) {
  static const std::regex kDecimal(R"(-?[0-9]+(\.[0-9]+)?)");
  if (!yuan || !std::regex_match(yuan->begin(), yuan->end(), kDecimal)) return std::nullopt;
  double amount = 0;
  if (std::from_chars(yuan->data(), yuan->data() + yuan->size(), amount).ec != std::errc()) return std::nullopt;
  return Json{{"amount", amount}, {"currency", "CNY"}};
}

// OCDS dates are date-times: a notice's day is its midnight in China.
std::optional<std::string> DateTime(Text text) {
  static const std::regex kDateTime(
      R"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}))");
  if (!text || !Date::Parse(*text)) return std::nullopt;
  if (text->size() == 10) return std::string(*text) + "T00:00:00+08:00";
  if (std::regex_match(text->begin(), text->end(), kDateTime)) return std::string(*text);
  return std::nullopt;
}

// The release's organisations, each name once with every role it plays.
class Parties {
 public:
  // A reference {id, name} to the party named `name`, now also playing
  // `role`; none for an empty name.
  std::optional<Json> Add(std::string_view name, const char* role) {
    if (name.empty()) return std::nullopt;
    std::size_t index = 0;
    while (index < parties_.size() && parties_[index]["name"].get_ref<const std::string&>() != name) ++index;
    if (index == parties_.size()) {
      parties_.push_back({{"id", "party-" + std::to_string(index + 1)}, {"name", name}, {"roles", Json::array()}});
    }
    Json& roles = parties_[index]["roles"];
    if (std::find(roles.begin(), roles.end(), role) == roles.end()) roles.push_back(role);
    return Json{{"id", parties_[index]["id"]}, {"name", name}};
  }
  const Json& All() const { return parties_; }

 private:
  Json parties_ = Json::array();
};

// The releaseTag codelist's values for the stages a chain shows, in chain order.
enum Stage { kTender, kTenderUpdate, kAward, kContract, kTenderCancellation, kStages };
constexpr std::array<const char*, kStages> kStageTags = {"tender", "tenderUpdate", "award", "contract",
                                                         "tenderCancellation"};

struct AwardMade {
  std::string id;
  std::string supplier;
};

Json AwardOf(std::string id, std::string_view title, const HeldNotice& notice, std::string_view supplier, Text yuan,
             Parties& parties) {
  Json award = {{"id", std::move(id)}};
  if (!title.empty()) award["title"] = title;
  if (const auto date = DateTime(notice.decided ? notice.decided.optional() : notice.published.optional())) {
    award["date"] = *date;
  }
  if (const auto value = Value(yuan)) award["value"] = *value;
  if (const auto reference = parties.Add(supplier, "supplier")) award["suppliers"] = Json::array({*reference});
  return award;
}

Json Release(const Project& project, const OcdsOptions& options) {
  const std::string ocid = options.ocid_prefix + "-" + project.code;
  Parties parties;
  const std::optional<Json> buyer = parties.Add(project.buyer, "buyer");
  std::optional<Json> procuring_entity;
  std::optional<Json> budget;
  std::optional<std::string> newest;  // the newest publication, as a date-time
  std::array<bool, kStages> stages{};
  Json awards = Json::array();
  std::vector<AwardMade> awards_made;
  Json contracts = Json::array();
  std::vector<std::string> contract_suppliers;
  int award_notices = 0;
  for (const NoticeWithEvidence* item : project.notices) {
    const HeldNotice& notice = item->notice;
    if (const auto published = DateTime(notice.published.optional()); published && (!newest || *published > *newest)) {
      newest = published;
    }
    if (const auto agency = parties.Add(notice.agency, "procuringEntity"); agency && !procuring_entity) {
      procuring_entity = agency;
    }
    if (!budget) budget = Value(notice.budget_yuan.optional());
    const std::string_view kind = notice.kind;
    if (kind == "tender") {
      stages[kTender] = true;
    } else if (kind == "correction") {
      stages[kTenderUpdate] = true;
    } else if (kind == "termination") {
      stages[kTenderCancellation] = true;
    } else if (kind == "award") {
      stages[kAward] = true;
      const std::string id = "award-" + std::to_string(++award_notices);
      if (notice.lots.empty()) {
        awards.push_back(AwardOf(id, notice.title, notice, notice.supplier, notice.amount_yuan.optional(), parties));
        awards_made.push_back({id, std::string(notice.supplier)});
      }
      int lot_number = 0;
      for (const Lot& lot : notice.lots) {
        const std::string lot_id = id + "-lot-" + std::to_string(++lot_number);
        const std::string_view supplier = lot.supplier.empty() ? notice.supplier.view() : lot.supplier;
        awards.push_back(AwardOf(lot_id, lot.name.empty() ? notice.title.view() : lot.name, notice, supplier,
                                 TextOf(lot.amount_yuan), parties));
        awards_made.push_back({lot_id, std::string(supplier)});
      }
    } else if (kind == "contract") {
      stages[kContract] = true;
      Json contract = {{"id", "contract-" + std::to_string(contracts.size() + 1)}};
      if (!notice.title.empty()) contract["title"] = notice.title.view();
      if (const auto signed_on = DateTime(notice.signed_on.optional())) contract["dateSigned"] = *signed_on;
      if (const auto value = Value(notice.amount_yuan.optional())) contract["value"] = *value;
      parties.Add(notice.supplier, "supplier");
      contracts.push_back(std::move(contract));
      contract_suppliers.push_back(std::string(notice.supplier));
    }
  }

  // awardID is required: the award of the contract's supplier, else the
  // newest; without any award notice, an award the contract implies.
  for (std::size_t i = 0; i < contracts.size(); ++i) {
    Json& contract = contracts[i];
    if (awards_made.empty()) {
      const std::string id = "implied-award-" + std::to_string(i + 1);
      Json award = {{"id", id},
                    {"description", "No award notice was found: the contract " + contract["id"].get<std::string>() +
                                        " implies this award."}};
      if (const auto reference = parties.Add(contract_suppliers[i], "supplier")) {
        award["suppliers"] = Json::array({*reference});
      }
      awards.push_back(std::move(award));
      contract["awardID"] = id;
      continue;
    }
    const AwardMade* linked = &awards_made.back();
    for (const AwardMade& award : awards_made) {
      if (!contract_suppliers[i].empty() && award.supplier == contract_suppliers[i]) linked = &award;
    }
    contract["awardID"] = linked->id;
  }

  Json tender = {{"id", project.code}};
  if (!project.title.empty()) tender["title"] = project.title;
  tender["status"] = stages[kTenderCancellation]           ? "cancelled"
                     : stages[kAward] || stages[kContract] ? "complete"
                                                           : "active";
  if (budget) tender["value"] = *budget;
  if (procuring_entity) tender["procuringEntity"] = *procuring_entity;

  Json tags = Json::array();
  for (int stage = 0; stage < kStages; ++stage) {
    if (stages[stage]) tags.push_back(kStageTags[stage]);
  }
  if (tags.empty()) tags.push_back(kStageTags[kTender]);

  std::string id =
      ocid + "-" + (newest ? newest->substr(0, 10) : "undated") + "-" + std::to_string(project.notices.size());
  for (std::size_t at; (at = id.find('#')) != std::string::npos;) id.replace(at, 1, "%23");

  Json release = {{"ocid", ocid},
                  {"id", id},
                  {"date", newest.value_or(options.published_date)},
                  {"tag", tags},
                  {"initiationType", "tender"},
                  {"parties", parties.All()}};
  if (buyer) release["buyer"] = *buyer;
  release["tender"] = tender;
  if (!awards.empty()) release["awards"] = awards;
  if (!contracts.empty()) release["contracts"] = contracts;
  return release;
}

}  // namespace

std::string OcdsReleasePackage(const std::vector<Project>& projects, const OcdsOptions& options) {
  Json releases = Json::array();
  for (const Project& project : projects) releases.push_back(Release(project, options));
  const Json package = {{"uri", options.uri},
                        {"version", "1.1"},
                        {"publishedDate", options.published_date},
                        {"publisher", {{"name", options.publisher_name}}},
                        {"releases", releases}};
  return package.dump(2, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace) + "\n";
}

}  // namespace gapwatch
