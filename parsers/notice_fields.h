// A Notice's fields by their `gapwatch parse` names (NoticeFieldNames() in
// parsers/extract_rules.h), so that rules, required-field checks and JSON
// output can name fields as data. Both functions throw std::invalid_argument
// for a name that is not a field (rules are validated before they get here).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "store/records.h"

namespace gapwatch {

// nullopt when the field is absent or empty.
std::optional<std::string> GetNoticeField(const Notice& notice, std::string_view name);
void SetNoticeField(Notice& notice, std::string_view name, std::string value);

}  // namespace gapwatch
