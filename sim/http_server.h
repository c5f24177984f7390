// The simulator's HTTP/1.1 transport on Boost.Beast.
//
// HttpServer serves one site: keep-alive, Content-Length on every response,
// HEAD answered without a body, idle connections closed after 60 s, request
// bodies up to 1 MiB. One thread serves all of the site's connections
// (asynchronous I/O), so one server never calls its handler concurrently; a
// reply's `delay` is waited on a timer and holds up no other connection.
// The constructor binds and listens at once, so port() is known (port 0 picks
// a free port) and connections are queued before Start(); it throws
// std::runtime_error naming the address when it cannot listen. Stop() is
// idempotent and callable from any thread: it ends the serving thread and
// stops accepting; the destructor stops and closes every open connection.
//
// SiteServers serves several sites, each on its own port of one host: site i
// on first_port + i, or each on a free port when first_port is 0.
//
// Beast stays inside http_server.cc to keep builds fast.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/http_reply.h"

namespace gapwatch::sim {

using HttpHandler = std::function<HttpReply(const HttpRequest& request)>;

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

// One simulated site as the transport sees it.
struct SimulatedSite {
  std::string name;  // "portal", "trading", "procurement" or "credit": announce and log name
  HttpHandler handler;
};

class SiteServers {
 public:
  // Binds every site at once; throws std::runtime_error naming the site and
  // address when one cannot listen (or first_port + i passes 65535).
  SiteServers(const std::string& host, unsigned short first_port, std::vector<SimulatedSite> sites);

  void Start();
  void Stop();
  // One "NAME=BASE_URL\n" line per site, in the order the sites were given.
  std::string Announcement() const;

 private:
  std::string host_;
  std::vector<std::string> names_;
  std::vector<std::unique_ptr<HttpServer>> servers_;
};

// http://127.0.0.1:PORT or http://[::1]:PORT
std::string BaseUrl(const std::string& host, unsigned short port);

}  // namespace gapwatch::sim
