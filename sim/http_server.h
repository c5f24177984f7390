// A small HTTP/1.1 server on Boost.Beast for one simulated site: keep-alive,
// Content-Length on every response, HEAD answered without a body, idle
// connections closed after 60 s. One thread serves all of the site's
// connections (asynchronous I/O), so the handler is never called concurrently
// by one server.
//
// The constructor binds and listens at once, so port() is known (port 0 picks
// a free port) and connections are queued before Start(); it throws
// std::runtime_error naming the address when it cannot listen. Stop() is
// idempotent and callable from any thread: it ends the serving thread and
// stops accepting; the destructor stops and closes every open connection.
// Beast stays inside http_server.cc to keep builds fast.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "sim/http_reply.h"

namespace gapwatch::sim {

using HttpHandler = std::function<HttpReply(std::string_view method, std::string_view target)>;

class HttpServer {
 public:
  HttpServer(const std::string& address, unsigned short port, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  unsigned short port() const;
  void Start();  // serves on a background thread
  void Stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace gapwatch::sim
