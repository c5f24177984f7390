#include "parsers/content_coding.h"

#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace gapwatch {
namespace {

// window_bits: 16 + 15 gzip, 15 zlib, -15 raw deflate.
std::string Inflate(std::string_view input, int window_bits, std::size_t limit, const std::string& coding) {
  z_stream stream{};
  if (inflateInit2(&stream, window_bits) != Z_OK) throw ContentCodingError(coding + ": zlib could not start");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  std::string output;
  char buffer[64 * 1024];
  int result = Z_OK;
  while (result != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof(buffer);
    result = inflate(&stream, Z_NO_FLUSH);
    if (result != Z_OK && result != Z_STREAM_END) {
      inflateEnd(&stream);
      throw ContentCodingError(coding + ": corrupt data (" +
                               (stream.msg ? stream.msg : "zlib error " + std::to_string(result)) + ")");
    }
    output.append(buffer, sizeof(buffer) - stream.avail_out);
    if (output.size() > limit) {
      inflateEnd(&stream);
      throw ContentCodingError(coding + ": decodes to more than " + std::to_string(limit) + " bytes");
    }
    if (result == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
      inflateEnd(&stream);
      throw ContentCodingError(coding + ": data ends early");
    }
  }
  inflateEnd(&stream);
  return output;
}

std::string Unbrotli(std::string_view input, std::size_t limit) {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (!state) throw ContentCodingError("br: decoder could not start");
  std::string output;
  const auto* next_in = reinterpret_cast<const uint8_t*>(input.data());
  size_t available_in = input.size();
  BrotliDecoderResult result = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    uint8_t buffer[64 * 1024];
    uint8_t* next_out = buffer;
    size_t available_out = sizeof(buffer);
    result = BrotliDecoderDecompressStream(state, &available_in, &next_in, &available_out, &next_out, nullptr);
    output.append(reinterpret_cast<char*>(buffer), sizeof(buffer) - available_out);
    if (output.size() > limit) {
      BrotliDecoderDestroyInstance(state);
      throw ContentCodingError("br: decodes to more than " + std::to_string(limit) + " bytes");
    }
  }
  BrotliDecoderDestroyInstance(state);
  if (result != BROTLI_DECODER_RESULT_SUCCESS) {
    throw ContentCodingError(result == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT ? "br: data ends early"
                                                                              : "br: corrupt data");
  }
  return output;
}

std::string DecodeOne(std::string_view input, const std::string& coding, std::size_t limit) {
  if (coding.empty() || coding == "identity") return std::string(input);
  if (coding == "gzip" || coding == "x-gzip") return Inflate(input, 16 + MAX_WBITS, limit, coding);
  if (coding == "deflate") {
    // RFC 9110 means zlib-wrapped; some servers send raw deflate. The zlib header tells them apart.
    const bool zlib_wrapped =
        input.size() >= 2 && (static_cast<unsigned char>(input[0]) & 0x0f) == 8 &&
        ((static_cast<unsigned char>(input[0]) << 8) | static_cast<unsigned char>(input[1])) % 31 == 0;
    return Inflate(input, zlib_wrapped ? MAX_WBITS : -MAX_WBITS, limit, coding);
  }
  if (coding == "br") return Unbrotli(input, limit);
  throw ContentCodingError("unknown content coding '" + coding + "' (gapwatch decodes gzip, deflate, br)");
}

}  // namespace

std::string DecodeContent(std::string_view payload, std::string_view content_encoding, std::size_t max_decoded_bytes) {
  std::vector<std::string> codings;
  std::string current;
  for (char c : content_encoding) {
    if (c == ',') {
      codings.push_back(current);
      current.clear();
    } else if (c != ' ' && c != '\t') {
      current += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  codings.push_back(current);
  std::string decoded(payload);
  // The last coding listed was applied last, so it comes off first.
  for (auto coding = codings.rbegin(); coding != codings.rend(); ++coding) {
    decoded = DecodeOne(decoded, *coding, max_decoded_bytes);
  }
  return decoded;
}

}  // namespace gapwatch
