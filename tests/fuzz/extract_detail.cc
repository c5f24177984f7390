// Fuzz target: the detail extractor with the shipped gpcms rules, on the input
// (1) as the whole detail response body (JSON expected), and (2) as the HTML
// content of a well-formed gpcms detail document. ExtractError is the
// documented answer to a page that is not what the rules expect; any other
// exception, crash, leak or hang is a bug.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "parsers/extractor.h"
#include "tests/parsers/gpcms_rules.h"

namespace {

constexpr char kUrl[] = "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=fuzz";
constexpr const char* kKinds[] = {"award", "contract", "tender", "other", ""};

const gapwatch::SourceRules& Rules() {
  static const gapwatch::SourceRules rules = gapwatch::testing::GpcmsRules();
  return rules;
}

void Extract(std::string_view body, const gapwatch::Notice& from_list) {
  try {
    const gapwatch::Notice notice = gapwatch::ExtractDetail(Rules(), kUrl, body, from_list);
    (void)notice;
  } catch (const gapwatch::ExtractError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  gapwatch::Notice from_list;
  from_list.site = "procurement";
  from_list.url = kUrl;
  from_list.domain = "procurement";
  from_list.kind = kKinds[size % std::size(kKinds)];

  Extract(bytes, from_list);

  // The bytes as the HTML of a valid document (invalid UTF-8 replaced by U+FFFD,
  // as JSON text cannot carry it).
  const nlohmann::json document = {{"code", "200"},
                                   {"msg", "操作成功"},
                                   {"data", {{"id", "fuzz"}, {"title", "招标公告"}, {"content", std::string(bytes)}}}};
  Extract(document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), from_list);
  return 0;
}
