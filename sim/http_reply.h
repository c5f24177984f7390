// What a simulated site answers to one request: status, media type, body.
// The HTTP server adds Content-Length and connection handling around it.
#pragma once
#include <string>

namespace gapwatch::sim {

struct HttpReply {
  int status = 200;
  std::string content_type;
  std::string body;
};

}  // namespace gapwatch::sim
