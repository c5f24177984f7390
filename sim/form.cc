#include "sim/form.h"

#include <charconv>

namespace gapwatch::sim {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string FormDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (plus_is_space && text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

void AddFormParams(std::string_view form, FormParams& params) {
  while (!form.empty()) {
    const size_t amp = form.find('&');
    const std::string_view pair = form.substr(0, amp);
    form = amp == std::string_view::npos ? std::string_view() : form.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    params.emplace(FormDecode(pair.substr(0, eq)), eq == std::string_view::npos ? "" : FormDecode(pair.substr(eq + 1)));
  }
}

FormParams ParseForm(std::string_view form) {
  FormParams params;
  AddFormParams(form, params);
  return params;
}

std::string ParamOf(const FormParams& params, std::string_view name) {
  const auto it = params.find(std::string(name));
  return it == params.end() ? std::string() : it->second;
}

std::optional<long> IntegerParam(const FormParams& params, std::string_view name, long fallback) {
  const std::string text = ParamOf(params, name);
  if (text.empty()) return fallback;
  long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace gapwatch::sim
