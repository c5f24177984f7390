// `gapwatch serve`: a read-only HTTP/1.1 server (Boost.Beast) for the report
// folder, the store's findings and runs as JSON, and the archived evidence.
// docs/api.md is the reference: GET/HEAD /healthz, /api/findings, /api/runs,
// /api/projects/{code}, /api/buyers/{name}, /metrics, /evidence/{sha256},
// else a file of the report folder; other methods 405.
//
// Threads: Run() does all the I/O on the calling thread, asynchronously, and
// answers each request synchronously there (a file opened, a store query), so
// requests are answered one at a time while every connection's bytes move.
// The store is opened read-only for each request that needs it
// (Store::Access::kReadOnly): a `run` may write it meanwhile (WAL mode).
// Limits: a request's header up to header_limit bytes (else 431), no request
// body (else 413), io_timeout to read a request or write a response (else the
// connection is closed); keep-alive otherwise.
// Access log: with access_log given, one line per response written (or
// failed to write), called on the I/O thread (docs/api.md "Access log").
// The constructor binds and listens (port 0: a free port, port() says which);
// it throws std::runtime_error naming the address when it cannot. Stop() may
// be called from any thread, at any time, more than once: no connection or
// request is taken after it, the requests under way are answered, then Run()
// returns. Destroy the server only once Run() has returned (or never ran).
#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace gapwatch {

struct ServerOptions {
  std::string db_path = "gapwatch.db";
  std::string report_dir = "report";
  std::string address = "127.0.0.1";  // an IPv4 or IPv6 address, not a host name
  unsigned short port = 8080;
  std::size_t header_limit = 8 * 1024;
  std::chrono::milliseconds io_timeout{10'000};
  std::string version;  // the binary's: /metrics' gapwatch_build_info; none when empty
  std::function<void(const std::string& line)> access_log;  // none when empty
};

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  unsigned short port() const;
  void Run();
  void Stop();

  struct State;  // server.cc; public for its sessions

 private:
  std::unique_ptr<State> state_;
};

}  // namespace gapwatch
