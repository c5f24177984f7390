// Gzip for tests that need a server to send compressed bodies (zlib).
#pragma once
#include <string>

namespace gapwatch::testing {

std::string Gzip(const std::string& bytes);

}  // namespace gapwatch::testing
