// Fuzz target: JsonPath::Parse on arbitrary text and, when it parses, Select
// and First over a JSON document. The input up to its first newline is the
// path; what follows, when it is JSON, is the document (else a fixed one with
// nested objects and arrays, filters' targets, numbers, booleans and nulls).
// std::invalid_argument is the documented answer to a malformed path; any
// other exception, crash, leak or hang is a bug, and so is First disagreeing
// with Select's first match.
#include "parsers/json_path.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr char kDocument[] = R"json({"code":"200","data":{"total":3,"pageTotal":"1","rows":[
{"id":"a1","noticeType":"00101","budget":1.5e3,"flag":true,"n":null},
{"id":2,"noticeType":"00102","tags":["x",{"code":"WIN_BID_PRICE","value":"100"}]},
{"id":"a3","sub":{"rows":[{"id":"deep"}]}}],
"tradingNoticeColumnModelList":[{"richtext":"<p>x</p>"},{"multiKeyValueTableList":[[{"code":"WIN_BIDDER_NAME","value":"甲"},
{"code":"WIN_BID_DATE","value":"Invalid date"}],[]]}]},"articles":[],"":{"":1},"a.b":2})json";

const nlohmann::json& FixedDocument() {
  static const nlohmann::json document = nlohmann::json::parse(kDocument);
  return document;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view text = input.substr(0, newline);
  std::optional<gapwatch::JsonPath> path;
  try {
    path = gapwatch::JsonPath::Parse(text);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  nlohmann::json parsed;
  const nlohmann::json* document = &FixedDocument();
  if (newline != std::string_view::npos) {
    parsed = nlohmann::json::parse(input.substr(newline + 1), nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) document = &parsed;
  }
  const std::vector<const nlohmann::json*> matches = path->Select(*document);
  const nlohmann::json* first = path->First(*document);
  if (first != (matches.empty() ? nullptr : matches.front())) {
    std::fprintf(stderr, "First differs from Select's first match\n");
    std::abort();
  }
  for (const nlohmann::json* match : matches) (void)gapwatch::JsonScalarToString(*match);
  return 0;
}
