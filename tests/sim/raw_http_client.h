// A minimal HTTP/1.1 client on POSIX sockets for the simulator's tests: the
// simulator must stay independent of the crawler's libcurl fetcher, so its
// tests speak HTTP by hand. One connection, requests written verbatim,
// responses read by Content-Length (a body cut short by the server closing is
// returned, marked truncated). Reads time out after 10 s so that a broken
// server fails the test instead of hanging it. Throws std::runtime_error on
// connection errors.
#pragma once
#include <map>
#include <optional>
#include <string>

namespace gapwatch::sim::testing {

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool truncated = false;  // the connection closed before Content-Length bytes came
};

class RawHttpConnection {
 public:
  RawHttpConnection(const std::string& host, int port);
  ~RawHttpConnection();
  RawHttpConnection(const RawHttpConnection&) = delete;
  RawHttpConnection& operator=(const RawHttpConnection&) = delete;

  void Send(const std::string& request);
  // The next response; nullopt when the server closed the connection first.
  // A response to HEAD has no body whatever its Content-Length says.
  std::optional<RawResponse> Read(bool response_to_head = false);
  // METHOD target with Host, keep-alive, `headers` (lines ending in CRLF) and
  // `body` (with its Content-Length when not empty), then Read().
  std::optional<RawResponse> Request(const std::string& method, const std::string& target,
                                     const std::string& headers = "", const std::string& body = "");
  std::optional<RawResponse> Get(const std::string& target) { return Request("GET", target); }

 private:
  bool Fill();  // appends what arrives to buffer_; false at end of stream
  int fd_ = -1;
  std::string buffer_;
};

// One GET on a fresh connection.
RawResponse HttpGet(int port, const std::string& target);

// Percent-encodes every byte but A-Z a-z 0-9 - _ . for a query value, as a client would.
std::string UrlEncode(const std::string& text);

}  // namespace gapwatch::sim::testing
