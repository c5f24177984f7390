#include "parsers/charset.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <optional>

#include "parsers/utf8.h"

namespace gapwatch {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";
constexpr std::size_t kMetaScanBytes = 4096;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return Lower(c); });
  return lower;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool StartsWithIgnoringCase(std::string_view text, std::size_t pos, std::string_view prefix) {
  if (text.size() - pos < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(text[pos + i]) != prefix[i]) return false;
  }
  return true;
}

// The lowercase iconv name for a charset label, or "" for a label that cannot
// be one (which keeps header text such as "UTF-8//IGNORE" away from iconv's
// suffix syntax).
std::string CharsetName(std::string_view label) {
  const std::string name = Lower(Trim(label));
  if (name.empty() || name.size() > 40) return "";
  for (const char c : name) {
    const bool allowed =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
    if (!allowed) return "";
  }
  static constexpr std::array<std::string_view, 3> kUtf8 = {"utf-8", "utf8", "unicode-1-1-utf-8"};
  static constexpr std::array<std::string_view, 11> kGb18030 = {"gb18030",  "gbk",        "gb2312",     "x-gbk",
                                                                "cp936",    "ms936",      "chinese",    "x-gb2312",
                                                                "csgb2312", "gb_2312-80", "windows-936"};
  if (std::find(kUtf8.begin(), kUtf8.end(), name) != kUtf8.end()) return "utf-8";
  if (std::find(kGb18030.begin(), kGb18030.end(), name) != kGb18030.end()) return "gb18030";
  if (name == "utf-16" || name == "unicode") return "utf-16le";  // the WHATWG reading of an unmarked label
  return name;
}

bool IsUtf16(std::string_view name) { return name == "utf-16le" || name == "utf-16be"; }

bool HasNonAscii(std::string_view bytes) {
  return std::any_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// One decoding attempt. A body cut at a size limit ends inside a character
// in any multibyte charset; that one replacement does not make the charset wrong.
struct Decoding {
  DecodedText decoded;
  bool cut_short = false;     // the last replacement is an incomplete character at the end
  std::size_t multibyte = 0;  // valid characters of 2 or more bytes (counted for UTF-8 only)
  bool Clean() const { return decoded.replaced == (cut_short ? 1u : 0u); }
};

// Whether `tail` is the start of a UTF-8 multibyte sequence and nothing more.
bool IsUtf8Prefix(std::string_view tail) {
  const auto lead = static_cast<unsigned char>(tail[0]);
  const std::size_t length = lead >= 0xC2 && lead <= 0xDF   ? 2
                             : lead >= 0xE0 && lead <= 0xEF ? 3
                             : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                            : 0;
  if (tail.size() >= length) return false;
  return std::all_of(tail.begin() + 1, tail.end(),
                     [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; });
}

Decoding DecodeUtf8(std::string_view bytes) {
  if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
  Decoding decoding{{"", "utf-8", 0}};
  std::string& text = decoding.decoded.text;
  text.reserve(bytes.size());
  for (std::size_t pos = 0; pos < bytes.size();) {
    const utf8::CodePoint code_point = utf8::Decode(bytes, pos);
    if (code_point.valid) {
      text.append(bytes.substr(pos, code_point.length));
      if (code_point.length > 1) ++decoding.multibyte;
      pos += code_point.length;
      continue;
    }
    text.append(kReplacement);
    ++decoding.decoded.replaced;
    if (IsUtf8Prefix(bytes.substr(pos))) {
      decoding.cut_short = true;
      break;
    }
    pos += code_point.length;
  }
  return decoding;
}

class Converter {
 public:
  explicit Converter(const std::string& from) : handle_(iconv_open("UTF-8", from.c_str())) {}
  ~Converter() {
    if (ok()) iconv_close(handle_);
  }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;
  bool ok() const { return handle_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t handle() const { return handle_; }

 private:
  iconv_t handle_;
};

// Decodes `bytes` as charset `name` (from CharsetName); nullopt when iconv
// does not know the charset.
std::optional<Decoding> DecodeAs(std::string_view bytes, const std::string& name) {
  if (name == "utf-8") return DecodeUtf8(bytes);
  if (name.empty()) return std::nullopt;
  const Converter converter(name);
  if (!converter.ok()) return std::nullopt;
  if ((name == "utf-16le" && bytes.starts_with(kUtf16LeBom)) ||
      (name == "utf-16be" && bytes.starts_with(kUtf16BeBom))) {
    bytes.remove_prefix(2);
  }
  const std::size_t unit = IsUtf16(name) ? 2 : 1;  // resume after a bad unit, not inside it
  Decoding decoding{{"", name, 0}};
  DecodedText& decoded = decoding.decoded;
  decoded.text.reserve(bytes.size() * 3 / 2);
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; it does not write the input
  std::size_t in_left = bytes.size();
  std::array<char, 4096> buffer;
  while (in_left > 0) {
    char* out = buffer.data();
    std::size_t out_left = buffer.size();
    const std::size_t result = iconv(converter.handle(), &in, &in_left, &out, &out_left);
    const int error = errno;
    decoded.text.append(buffer.data(), static_cast<std::size_t>(out - buffer.data()));
    if (result != static_cast<std::size_t>(-1) || error == E2BIG) continue;
    decoded.text.append(kReplacement);
    ++decoded.replaced;
    if (error == EINVAL) {  // an incomplete character at the end
      decoding.cut_short = true;
      break;
    }
    const std::size_t skipped = std::min(unit, in_left);
    in += skipped;
    in_left -= skipped;
  }
  // A stateful decoder (ISO-2022-*) may still hold output.
  char* out = buffer.data();
  std::size_t out_left = buffer.size();
  iconv(converter.handle(), nullptr, nullptr, &out, &out_left);
  decoded.text.append(buffer.data(), static_cast<std::size_t>(out - buffer.data()));
  return decoding;
}

// The value of the first "charset = value" in `text` (a Content-Type value or
// a meta content attribute), unquoted; "" when there is none.
std::string_view CharsetParameter(std::string_view text) {
  constexpr std::string_view kKey = "charset";
  for (std::size_t pos = 0; pos + kKey.size() <= text.size(); ++pos) {
    if (!StartsWithIgnoringCase(text, pos, kKey)) continue;
    std::size_t at = pos + kKey.size();
    while (at < text.size() && IsSpace(text[at])) ++at;
    if (at == text.size() || text[at] != '=') continue;
    ++at;
    while (at < text.size() && IsSpace(text[at])) ++at;
    if (at < text.size() && (text[at] == '"' || text[at] == '\'')) {
      const std::size_t close = text.find(text[at], at + 1);
      return text.substr(at + 1, close == std::string_view::npos ? std::string_view::npos : close - at - 1);
    }
    std::size_t end = at;
    while (end < text.size() && !IsSpace(text[end]) && text[end] != ';' && text[end] != ',' && text[end] != '"' &&
           text[end] != '\'') {
      ++end;
    }
    return text.substr(at, end - at);
  }
  return {};
}

std::string BomCharset(std::string_view bytes) {
  if (bytes.starts_with(kUtf8Bom)) return "utf-8";
  if (bytes.starts_with(kUtf16LeBom)) return "utf-16le";
  if (bytes.starts_with(kUtf16BeBom)) return "utf-16be";
  return "";
}

// The charset label of the first <meta> that declares one in `html`'s first
// 4 KiB; comments are skipped. Attribute syntax is read leniently.
std::string MetaCharset(std::string_view html) {
  html = html.substr(0, kMetaScanBytes);
  std::size_t pos = 0;
  while (pos < html.size()) {
    if (html.substr(pos).starts_with("<!--")) {
      const std::size_t end = html.find("-->", pos + 4);
      if (end == std::string_view::npos) return "";
      pos = end + 3;
      continue;
    }
    if (!StartsWithIgnoringCase(html, pos, "<meta") || pos + 5 == html.size() ||
        !(IsSpace(html[pos + 5]) || html[pos + 5] == '/')) {
      ++pos;
      continue;
    }
    pos += 5;
    std::string charset, http_equiv, content;
    while (pos < html.size() && html[pos] != '>') {
      if (IsSpace(html[pos]) || html[pos] == '/') {
        ++pos;
        continue;
      }
      const std::size_t name_start = pos;
      while (pos < html.size() && !IsSpace(html[pos]) && html[pos] != '=' && html[pos] != '>' && html[pos] != '/') {
        ++pos;
      }
      const std::string name = Lower(html.substr(name_start, pos - name_start));
      while (pos < html.size() && IsSpace(html[pos])) ++pos;
      std::string_view value;
      if (pos < html.size() && html[pos] == '=') {
        ++pos;
        while (pos < html.size() && IsSpace(html[pos])) ++pos;
        if (pos < html.size() && (html[pos] == '"' || html[pos] == '\'')) {
          const std::size_t close = std::min(html.find(html[pos], pos + 1), html.size());
          value = html.substr(pos + 1, close - pos - 1);
          pos = std::min(close + 1, html.size());
        } else {
          const std::size_t value_start = pos;
          while (pos < html.size() && !IsSpace(html[pos]) && html[pos] != '>') ++pos;
          value = html.substr(value_start, pos - value_start);
        }
      }
      if (name == "charset" && charset.empty()) charset = Trim(value);
      if (name == "http-equiv" && http_equiv.empty()) http_equiv = Lower(Trim(value));
      if (name == "content" && content.empty()) content = value;
    }
    if (!charset.empty()) return charset;
    if (http_equiv == "content-type") {
      const std::string_view label = CharsetParameter(content);
      if (!label.empty()) return std::string(label);
    }
  }
  return "";
}

// Step 5 of the contract: what the bytes themselves say. Text in one of the
// two charsets read as the other gives many replacements, so the counts tell
// them apart even when a few bytes are damaged. GB18030 accepts most pairs of
// high bytes, UTF-8 few, so bytes that are mostly valid UTF-8 are UTF-8.
Decoding Detect(std::string_view bytes) {
  if (const std::string bom = BomCharset(bytes); !bom.empty()) {
    if (auto decoding = DecodeAs(bytes, bom)) return *decoding;
  }
  Decoding utf8 = DecodeUtf8(bytes);
  if (utf8.decoded.replaced == 0 || utf8.decoded.replaced < utf8.multibyte) return utf8;
  auto gb18030 = DecodeAs(bytes, "gb18030");
  if (gb18030 && gb18030->decoded.replaced < utf8.decoded.replaced) return *gb18030;
  return utf8;
}

// `declared` decoded the bytes as `label` said; detection overrules it when
// the bytes prove the label wrong (see the contract).
DecodedText CheckAgainstBytes(std::string_view bytes, Decoding declared, std::string_view label) {
  const std::string& charset = declared.decoded.charset;
  const bool clean_utf8_in_legacy_charset =
      charset != "utf-8" && !IsUtf16(charset) && HasNonAscii(bytes) && DecodeUtf8(bytes).Clean();
  if (declared.Clean() && !clean_utf8_in_legacy_charset) return declared.decoded;
  Decoding detected = Detect(bytes);
  if (detected.decoded.charset == charset ||
      !(clean_utf8_in_legacy_charset || detected.decoded.replaced < declared.decoded.replaced)) {
    return declared.decoded;
  }
  detected.decoded.charset += " (declared " + Lower(Trim(label)) + ")";
  return detected.decoded;
}

// Steps 1–5 of the contract; a label skipped as unknown lands in `unknown`.
DecodedText DecodeByFirstDeclaration(std::string_view bytes, std::string_view content_type_header,
                                     std::string_view override_charset, std::string& unknown) {
  const auto skip = [&](std::string_view label) {
    if (unknown.empty()) unknown = Lower(Trim(label));
  };
  if (!Trim(override_charset).empty()) {
    if (auto decoding = DecodeAs(bytes, CharsetName(override_charset))) return decoding->decoded;
    skip(override_charset);
  }
  const std::string_view header_label = CharsetParameter(content_type_header);
  if (!header_label.empty()) {
    if (auto decoding = DecodeAs(bytes, CharsetName(header_label))) {
      return CheckAgainstBytes(bytes, *decoding, header_label);
    }
    skip(header_label);
  }
  if (const std::string bom = BomCharset(bytes); !bom.empty()) {
    if (auto decoding = DecodeAs(bytes, bom)) return CheckAgainstBytes(bytes, *decoding, bom);
  }
  if (const std::string meta_label = MetaCharset(bytes); !meta_label.empty()) {
    std::string name = CharsetName(meta_label);
    // A page whose <meta> could be read as ASCII is not UTF-16, whatever it says (WHATWG prescan).
    if (name.starts_with("utf-16")) name = "utf-8";
    if (auto decoding = DecodeAs(bytes, name)) return CheckAgainstBytes(bytes, *decoding, meta_label);
    skip(meta_label);
  }
  return Detect(bytes).decoded;
}

}  // namespace

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view content_type_header,
                         std::string_view override_charset) {
  std::string unknown;
  DecodedText decoded = DecodeByFirstDeclaration(bytes, content_type_header, override_charset, unknown);
  if (!unknown.empty()) decoded.charset += " (unknown charset " + unknown + ")";
  return decoded;
}

}  // namespace gapwatch
