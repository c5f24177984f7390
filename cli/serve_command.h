// `gapwatch serve [--db FILE] [--out DIR] [--listen HOST:PORT]`: serves the
// report folder, the store's findings and runs, and the archived evidence
// over HTTP (monitor/server.h, docs/api.md) until SIGINT or SIGTERM, then
// answers the requests under way and returns 0. Once listening it prints one
// line, "serving http://HOST:PORT/", flushed. HOST is an IP address (IPv6 in
// brackets); port 0 takes a free port. A bad --listen is a UsageError; an
// address it cannot listen on, a std::runtime_error. With access_log, each
// response is logged as a line on `err` (docs/api.md "Access log"). Call it
// before any other thread starts: it blocks SIGINT and SIGTERM to wait for them.
#pragma once
#include <ostream>
#include <string>

namespace gapwatch {

struct ServeRequest {
  std::string db = "gapwatch.db";
  std::string out = "report";
  std::string listen = "127.0.0.1:8080";
  bool access_log = true;
};

int Serve(const ServeRequest& request, std::ostream& out, std::ostream& err);

}  // namespace gapwatch
