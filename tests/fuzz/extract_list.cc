// Fuzz target: the list extractor with the shipped gpcms rules, on the input as
// a list response body. ExtractError is the documented answer to a page that is
// not what the rules expect; any other exception, crash, leak or hang is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/extractor.h"
#include "tests/parsers/gpcms_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const gapwatch::SourceRules rules = gapwatch::testing::GpcmsRules();
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  try {
    const gapwatch::ListPage page = gapwatch::ExtractListPage(
        rules, "procurement", "https://gdgpo.czt.gd.gov.cn",
        "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/selectInfoForIndex?currPage=1", body);
    (void)page;
  } catch (const gapwatch::ExtractError&) {
  }
  return 0;
}
