// Content codings (RFC 9110 §8.4): the payload as archived, decoded for the
// extractor. DecodeContent undoes each coding named in `content_encoding`
// (a Content-Encoding header value, codings applied in the order listed):
// gzip / x-gzip, deflate (zlib-wrapped, or raw as some servers send it), br,
// identity. Empty or identity returns the bytes unchanged.
// Errors: ContentCodingError for an unknown coding, corrupt data, or output
// beyond `max_decoded_bytes` (a decompression bomb); the message says which.
// Thread-safety: pure function.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

namespace gapwatch {

class ContentCodingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string DecodeContent(std::string_view payload, std::string_view content_encoding,
                          std::size_t max_decoded_bytes = std::size_t{256} << 20);

}  // namespace gapwatch
