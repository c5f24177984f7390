// Fuzz target: DecodeContent. Byte 0 picks the Content-Encoding, the rest is the
// payload (decoded output capped at 4 MiB). ContentCodingError is the documented
// answer to corrupt data; any other exception is a bug. Also checks the round
// trip: the payload compressed by zlib decodes back to itself.
#include "parsers/content_coding.h"

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {
constexpr std::string_view kCodings[] = {"gzip",       "deflate",     "br",   "x-gzip",       "identity", "",
                                         "gzip, gzip", "deflate, br", "GZIP", "br, identity", "compress", " gzip "};
constexpr std::size_t kMaxDecoded = std::size_t{4} << 20;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view coding = kCodings[data[0] % std::size(kCodings)];
  const std::string_view payload(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const std::string decoded = gapwatch::DecodeContent(payload, coding, kMaxDecoded);
    if (decoded.size() > kMaxDecoded) {
      std::fprintf(stderr, "DecodeContent returned %zu bytes, beyond the cap\n", decoded.size());
      std::abort();
    }
  } catch (const gapwatch::ContentCodingError&) {
  }

  uLongf compressed_size = compressBound(payload.size());
  std::string compressed(compressed_size, '\0');
  if (compress(reinterpret_cast<Bytef*>(compressed.data()), &compressed_size,
               reinterpret_cast<const Bytef*>(payload.data()), payload.size()) == Z_OK) {
    compressed.resize(compressed_size);
    if (gapwatch::DecodeContent(compressed, "deflate", kMaxDecoded) != payload) {
      std::fprintf(stderr, "deflate round trip differs\n");
      std::abort();
    }
  }
  return 0;
}
