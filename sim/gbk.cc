#include "sim/gbk.h"

#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace gapwatch::sim {
namespace {

std::string Convert(std::string_view text, const char* from, const char* to) {
  const iconv_t converter = iconv_open(to, from);
  if (converter == reinterpret_cast<iconv_t>(-1)) {
    throw std::runtime_error(std::string("iconv cannot convert ") + from + " to " + to + ": " + std::strerror(errno));
  }
  std::string out;
  char* in = const_cast<char*>(text.data());  // iconv's signature; it does not write the input
  size_t in_left = text.size();
  char buffer[4096];
  while (in_left > 0) {
    char* next = buffer;
    size_t out_left = sizeof buffer;
    const size_t result = iconv(converter, &in, &in_left, &next, &out_left);
    out.append(buffer, static_cast<size_t>(next - buffer));
    if (result == static_cast<size_t>(-1) && errno != E2BIG) {  // E2BIG: the buffer is full, go on
      const auto offset = static_cast<size_t>(in - text.data());
      iconv_close(converter);
      throw std::invalid_argument(std::string("cannot convert from ") + from + " to " + to + " at byte " +
                                  std::to_string(offset));
    }
  }
  iconv_close(converter);
  return out;
}

}  // namespace

std::string Utf8ToGbk(std::string_view utf8) { return Convert(utf8, "UTF-8", "GBK"); }

std::string GbkToUtf8(std::string_view gbk) { return Convert(gbk, "GBK", "UTF-8"); }

}  // namespace gapwatch::sim
