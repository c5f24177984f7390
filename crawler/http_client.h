// Many HTTP transfers in flight at once over libcurl's multi interface, with
// keep-alive connections shared across requests (HTTP/2 where the server
// offers it over TLS). The client only moves bytes: which request to start
// when (politeness, retries) is the crawl engine's business.
// Each transfer: http and https only (CURLOPT_PROTOCOLS_STR), no redirects
// followed (a 3xx is returned as received), connect and total timeouts, the
// body cut at max_body_bytes (truncated = true). Content coding is kept: the
// body is the payload as received (ARCHITECTURE.md "Evidence"), and
// Accept-Encoding is sent only when the request asks for it.
// Errors never throw: HttpResponse::error says what happened (status 0 when
// there was no HTTP response); the caller names the URL.
// Thread-safety: one HttpClient per thread.
#pragma once
#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace gapwatch {

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // the URL actually fetched
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent when not empty (POST)
};

struct TransferLimits {
  int timeout_s = 30;
  int connect_timeout_s = 10;
  long long max_body_bytes = 20 << 20;
  std::string user_agent;
};

struct HttpResponse {
  int status = 0;            // 0 when no HTTP response arrived
  std::string headers;       // the final response's header block as received
  std::string content_type;  // from headers
  std::string body;          // payload as received (content coding kept)
  std::string error;         // "" on a complete response of any status
  bool truncated = false;    // body longer than max_body_bytes; `body` holds its start
  std::string request_head;  // request line and headers as sent
  std::string remote_ip;
  double seconds = 0;  // from the start of the transfer to its end
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Starts a transfer; `token` comes back with its response.
  void Start(long long token, const HttpRequest& request, const TransferLimits& limits);
  // Drives the transfers until one or more finish or `max_wait` passes;
  // returns those finished, in no particular order.
  std::vector<std::pair<long long, HttpResponse>> Wait(std::chrono::milliseconds max_wait);
  int in_flight() const { return static_cast<int>(transfers_.size()); }

  struct Transfer;  // one transfer's state; internal

 private:
  void* multi_ = nullptr;                 // CURLM*
  std::vector<void*> idle_handles_;       // CURL* kept for reuse
  std::map<void*, Transfer*> transfers_;  // by CURL*
};

// The value of header `name` in a raw header block, or "" (case-insensitive;
// the first occurrence).
std::string HeaderValue(const std::string& header_block, const std::string& name);

std::string Sha256Hex(const std::string& bytes);

}  // namespace gapwatch
