#include "parsers/notice_fields.h"

#include <stdexcept>
#include <utility>
#include <variant>

#include "parsers/extract_rules.h"

namespace gapwatch {
namespace {

using TextMember = std::string Notice::*;
using OptionalMember = std::optional<std::string> Notice::*;
using Member = std::variant<TextMember, OptionalMember>;

// In `gapwatch parse` output order.
const std::vector<std::pair<std::string, Member>>& Fields() {
  static const std::vector<std::pair<std::string, Member>> fields = {
      {"site", &Notice::site},
      {"url", &Notice::url},
      {"kind", &Notice::kind},
      {"domain", &Notice::domain},
      {"project_code", &Notice::project_code},
      {"title", &Notice::title},
      {"buyer", &Notice::buyer},
      {"agency", &Notice::agency},
      {"supplier", &Notice::supplier},
      {"budget_yuan", &Notice::budget_yuan},
      {"amount_yuan", &Notice::amount_yuan},
      {"published", &Notice::published},
      {"opening", &Notice::opening},
      {"decided", &Notice::decided},
      {"signed", &Notice::signed_on},
      {"delisted", &Notice::delisted},
  };
  return fields;
}

const Member& MemberNamed(std::string_view name) {
  for (const auto& [field, member] : Fields()) {
    if (field == name) return member;
  }
  throw std::invalid_argument("no notice field named '" + std::string(name) + "'");
}

}  // namespace

const std::vector<std::string>& NoticeFieldNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const auto& field : Fields()) all.push_back(field.first);
    return all;
  }();
  return names;
}

std::optional<std::string> GetNoticeField(const Notice& notice, std::string_view name) {
  const Member& member = MemberNamed(name);
  if (const auto* text = std::get_if<TextMember>(&member)) {
    const std::string& value = notice.*(*text);
    return value.empty() ? std::nullopt : std::optional<std::string>(value);
  }
  const std::optional<std::string>& value = notice.*std::get<OptionalMember>(member);
  return value && !value->empty() ? value : std::nullopt;
}

void SetNoticeField(Notice& notice, std::string_view name, std::string value) {
  std::visit([&](auto member) { notice.*member = std::move(value); }, MemberNamed(name));
}

}  // namespace gapwatch
