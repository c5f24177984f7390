// Fuzz target: HtmlToText, HtmlTables and ReadHtml on arbitrary bytes. They
// accept any input (no exception is documented); ReadHtml must give what the
// two separate calls give.
#include "parsers/html.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  const std::string text = gapwatch::HtmlToText(html);
  const std::vector<gapwatch::HtmlTable> tables = gapwatch::HtmlTables(html);
  const gapwatch::HtmlContent content = gapwatch::ReadHtml(html);
  if (content.text != text || content.tables != tables) {
    std::fprintf(stderr, "ReadHtml differs from HtmlToText/HtmlTables\n");
    std::abort();
  }
  return 0;
}
