// A renderer of one site generation served on a free loopback port, as the
// simulator composes it: paths the generation does not own get a plain 404.
// Tests derive from it to add their site's own requests.
#pragma once
#include <string>

#include "sim/civil_date.h"
#include "sim/http_server.h"
#include "sim/world.h"
#include "tests/sim/raw_http_client.h"

namespace gapwatch::sim::testing {

template <typename Site>
class ServedGeneration {
 public:
  ServedGeneration(const World& world, CivilDate as_of)
      : site_(world, as_of), server_("127.0.0.1", 0, [this](const HttpRequest& request) {
          return site_.Handle(request).value_or(HttpReply(404, "text/plain", "not this generation"));
        }) {
    server_.Start();
  }
  ServedGeneration(const ServedGeneration&) = delete;
  ServedGeneration& operator=(const ServedGeneration&) = delete;

  const Site& site() const { return site_; }
  unsigned short port() const { return server_.port(); }
  RawResponse Get(const std::string& target) const { return HttpGet(server_.port(), target); }
  RawResponse Post(const std::string& target, const std::string& form) const {
    RawHttpConnection connection("127.0.0.1", server_.port());
    const auto response =
        connection.Request("POST", target, "Content-Type: application/x-www-form-urlencoded\r\n", form);
    return response.value_or(RawResponse{});
  }

 private:
  Site site_;
  HttpServer server_;
};

inline CivilDate D(const char* text) { return *CivilDate::Parse(text); }

}  // namespace gapwatch::sim::testing
