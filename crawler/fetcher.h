// One HTTP client per crawl, over libcurl (keep-alive across requests).
// Fetch() sends a GET to `fetch_url` and never follows redirects (a redirect
// is recorded as received); only http and https are allowed; the body is cut
// at max_body_bytes (truncation recorded in FetchResult::error).
// Retries timeouts, connection errors, 5xx and 429 up to `retries` times with
// exponential backoff, honouring Retry-After (seconds) up to a cap.
// A 3xx is an error ("redirect … not followed"), as is any status >= 400.
// Errors never throw: FetchResult::error says what happened; the caller names
// the URL (it knows the canonical one).
// Thread-safety: one Fetcher per thread.
#pragma once
#include <string>

#include "crawler/site_config.h"

namespace gapwatch {

struct FetchResult {
  int status = 0;  // 0 when there was no HTTP response
  std::string headers;
  std::string content_type;
  std::string body;
  std::string error;  // empty on a complete 2xx response
  int attempts = 0;
};

class Fetcher {
 public:
  explicit Fetcher(const Politeness& politeness);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  FetchResult Fetch(const std::string& fetch_url);

 private:
  FetchResult FetchOnce(const std::string& fetch_url);

  Politeness politeness_;
  void* curl_ = nullptr;  // CURL*, kept for connection reuse
};

std::string Sha256Hex(const std::string& bytes);

}  // namespace gapwatch
