// Percent-encoding for URL parts (RFC 3986): every byte but the unreserved
// A-Z a-z 0-9 - _ . ~ becomes %XX. Used for query values and detail-URL
// template substitutions; pure and thread-safe.
#pragma once
#include <string>
#include <string_view>

namespace gapwatch {

std::string PercentEncode(std::string_view text);
// %XX (either case) decoded, '+' read as a space (form and query encoding); a
// '%' not followed by two hex digits stays as it is.
std::string PercentDecode(std::string_view text);

}  // namespace gapwatch
