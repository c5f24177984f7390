// Fuzz target: DecodeToUtf8. Input layout: byte 0 = header length (low 6 bits)
// and override choice (high 2 bits), then the Content-Type header, then the
// body. No exception is documented; the text must be valid UTF-8.
#include "parsers/charset.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "parsers/utf8.h"

namespace {
constexpr std::string_view kOverrides[] = {"", "gbk", "utf-8", "utf-16le"};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t header_length = std::min<std::size_t>(data[0] & 0x3F, size - 1);
  const std::string_view header = input.substr(1, header_length);
  const std::string_view body = input.substr(1 + header_length);
  const std::string_view override_charset = kOverrides[data[0] >> 6];

  const gapwatch::DecodedText decoded = gapwatch::DecodeToUtf8(body, header, override_charset);
  for (std::size_t pos = 0; pos < decoded.text.size();) {
    const gapwatch::utf8::CodePoint point = gapwatch::utf8::Decode(decoded.text, pos);
    if (!point.valid) {
      std::fprintf(stderr, "DecodeToUtf8 (%s) returned invalid UTF-8 at byte %zu\n", decoded.charset.c_str(), pos);
      std::abort();
    }
    pos += point.length;
  }
  return 0;
}
