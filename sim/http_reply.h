// What a simulated site sees of one request (HttpRequest) and what it answers
// (HttpReply). The HTTP server (sim/http_server.h) adds Content-Length,
// Server and connection handling around a reply. The fields after `body` let
// the transport misbehave on purpose (sim/faults.h); sites leave them at their
// defaults, except `headers` when a page needs one (Location, Set-Cookie…).
#pragma once
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gapwatch::sim {

struct HttpRequest {
  std::string method;                          // as received: "GET", "POST"…
  std::string target;                          // path with its query string, as received
  std::map<std::string, std::string> headers;  // lower-cased names; repeated fields joined with ", "
  std::string body;
  std::string client;  // the peer: "127.0.0.1:54321" or "[::1]:54321"
};

struct HttpReply {
  // A constructor, not aggregate initialisation, so that sites write
  // {status, type, body} without spelling the transport's fields below.
  HttpReply() = default;
  HttpReply(int status, std::string content_type, std::string body)
      : status(status), content_type(std::move(content_type)), body(std::move(body)) {}

  int status = 200;
  std::string content_type;  // none sent when empty
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // further fields, in order
  // Answer this much later, without holding up the site's other connections.
  std::chrono::milliseconds delay{0};
  // When set (and below the body's size), only this many body bytes are sent
  // under the full Content-Length, then the connection is closed.
  std::optional<std::size_t> sent_body_bytes;
  std::string fault;  // the fault applied (sim/faults.h), for the request log; empty when none
};

}  // namespace gapwatch::sim
