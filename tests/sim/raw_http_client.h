// A minimal HTTP/1.1 client on POSIX sockets for the simulator's tests: the
// simulator must stay independent of the crawler's libcurl fetcher, so its
// tests speak HTTP by hand. One connection, requests written verbatim,
// responses read by Content-Length. Reads time out after 10 s so that a
// broken server fails the test instead of hanging it. Throws
// std::runtime_error on connection errors.
#pragma once
#include <map>
#include <optional>
#include <string>

namespace gapwatch::sim::testing {

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
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
  // "GET target" with Host and keep-alive, then Read().
  std::optional<RawResponse> Get(const std::string& target);

 private:
  bool Fill();  // appends what arrives to buffer_; false at end of stream
  int fd_ = -1;
  std::string buffer_;
};

// One GET on a fresh connection.
RawResponse HttpGet(int port, const std::string& target);

}  // namespace gapwatch::sim::testing
