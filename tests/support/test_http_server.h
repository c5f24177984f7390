// A small real HTTP/1.1 server on 127.0.0.1 for crawler tests: each request is
// answered by a handler (status, headers, body, optional delay) over a real
// socket, one connection at a time, "Connection: close". Requests are recorded.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gapwatch::testing {

struct TestRequest {
  std::string method;
  std::string target;  // path and query
  std::string headers;
  std::string body;  // as long as Content-Length says
  std::chrono::steady_clock::time_point received_at;
};

struct TestResponse {
  int status = 200;
  std::string headers;  // extra header lines, each ending in \r\n
  std::string body;
  std::chrono::milliseconds delay{0};  // before answering
};

class TestHttpServer {
 public:
  explicit TestHttpServer(std::function<TestResponse(const TestRequest&)> handler);
  ~TestHttpServer();
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<TestRequest> requests() const;

 private:
  void Serve();
  std::function<TestResponse(const TestRequest&)> handler_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<TestRequest> requests_;
  std::thread thread_;
};

}  // namespace gapwatch::testing
