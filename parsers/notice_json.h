// A Notice as `gapwatch parse` prints it (ARCHITECTURE.md, "Command line"):
// an object with site, url, kind, domain, project_code, title, buyer, agency,
// supplier, budget_yuan, amount_yuan, published, opening, decided, signed,
// lots[] {name, supplier, amount_yuan} and fields_missing[]. `signed` holds
// Notice::signed_on. Absent or empty values and empty lists are omitted;
// amounts are exact decimal strings in 元 ("1420000.00"), dates ISO 8601.
// Pure function, thread-safe.
#pragma once
#include <nlohmann/json.hpp>

#include "store/records.h"

namespace gapwatch {

nlohmann::json NoticeToJson(const Notice& notice);

}  // namespace gapwatch
