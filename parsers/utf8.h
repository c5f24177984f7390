// UTF-8 helpers shared by the parsers: decoding one code point at a time and
// encoding one back. A malformed byte decodes as one byte with `valid` false,
// so a caller can copy it through unchanged (text.substr(pos, 1)).
// Pure functions.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace gapwatch::utf8 {

struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;  // bytes consumed, at least 1
  bool valid = false;
};

// Decodes the code point that starts at text[pos] (pos < text.size()).
CodePoint Decode(std::string_view text, std::size_t pos);

void Append(std::string& out, char32_t code_point);

}  // namespace gapwatch::utf8
