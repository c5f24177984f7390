// Charset decoding: the bytes a site sent, as UTF-8 text for the extractor.
//
// DecodeToUtf8 takes the first of these that names a charset it can decode:
//   1. `override_charset` (a site's sites.yaml setting), when non-empty;
//   2. the charset parameter of `content_type_header` (any case, quoted or not);
//   3. a byte-order mark: UTF-8, UTF-16LE, UTF-16BE;
//   4. <meta charset=…> or <meta http-equiv="Content-Type" content="…;charset=…">
//      in the first 4 KiB, attributes read leniently (any case, unquoted or
//      single-quoted values, spaces around '=');
//   5. detection: a BOM, else UTF-8 if the bytes are valid or mostly valid
//      UTF-8 (more valid multibyte characters than bad bytes), else GB18030
//      if it replaces fewer bytes than UTF-8 (a damaged GBK page), else UTF-8.
// gb2312, gbk, x-gbk, cp936 (and their aliases) decode as GB18030, their
// superset. A label that is unknown, or that iconv cannot open, is skipped.
// The bytes may overrule a declaration (2–4), never an override: when
// detection replaces fewer bytes than the declared charset, or when the
// declaration names an ASCII-based legacy charset (GBK, …) while the bytes are non-ASCII UTF-8,
// valid but for an incomplete character at the end (a body cut at a size
// limit): legacy text is almost never valid UTF-8 by accident.
//
// Output: `text` is UTF-8, without a BOM; valid UTF-8 decoded as UTF-8 comes
// back byte-identical. `charset` is what decoded it, lowercase ("utf-8",
// "gb18030", "utf-16le", …), followed by " (declared X)" when the bytes
// overruled declaration X, or " (unknown charset X)" when label X was skipped.
// Errors: none thrown for any input; each byte that cannot be decoded (each
// 2-byte unit in UTF-16), and an incomplete character at the end, becomes
// one U+FFFD and counts in `replaced`.
// Thread-safety: pure function (each call opens its own iconv descriptors).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace gapwatch {

struct DecodedText {
  std::string text;
  std::string charset;
  std::size_t replaced = 0;
};

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view content_type_header,
                         std::string_view override_charset = {});

}  // namespace gapwatch
