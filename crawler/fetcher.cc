#include "crawler/fetcher.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace gapwatch {
namespace {

constexpr int kMaxRetryAfterSeconds = 120;

struct Transfer {
  FetchResult* result;
  long long max_body_bytes;
  bool truncated = false;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  const auto room = static_cast<size_t>(transfer->max_body_bytes) - transfer->result->body.size();
  if (bytes > room) {
    transfer->result->body.append(data, room);
    transfer->truncated = true;
    return 0;  // aborts the transfer: a bad server cannot make us store more
  }
  transfer->result->body.append(data, bytes);
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* result = static_cast<FetchResult*>(user);
  const std::string line(data, size * count);
  // A new status line (after a 100 Continue) starts a new header block.
  if (line.rfind("HTTP/", 0) == 0) result->headers.clear();
  result->headers += line;
  return size * count;
}

// The value of header `name` in a raw header block, or "" (case-insensitive).
std::string HeaderValue(const std::string& headers, const std::string& name) {
  std::string lower = headers;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  std::string key = "\n" + name + ":";
  std::transform(key.begin(), key.end(), key.begin(), ::tolower);
  const auto at = lower.find(key);
  if (at == std::string::npos) return "";
  const auto start = headers.find_first_not_of(" \t", at + key.size());
  const auto end = headers.find_first_of("\r\n", start);
  return headers.substr(start, end - start);
}

bool Retryable(const FetchResult& result) { return result.status == 0 || result.status == 429 || result.status >= 500; }

}  // namespace

Fetcher::Fetcher(const Politeness& politeness) : politeness_(politeness) {
  static const bool initialised = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  if (!initialised || !(curl_ = curl_easy_init())) throw std::runtime_error("libcurl could not be initialised");
}

Fetcher::~Fetcher() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

FetchResult Fetcher::FetchOnce(const std::string& fetch_url) {
  CURL* curl = static_cast<CURL*>(curl_);
  FetchResult result;
  Transfer transfer{&result, politeness_.max_body_bytes};
  char error_buffer[CURL_ERROR_SIZE] = "";
  curl_easy_reset(curl);
  curl_easy_setopt(curl, CURLOPT_URL, fetch_url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(politeness_.timeout_s));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(politeness_.connect_timeout_s));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, politeness_.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  result.status = static_cast<int>(status);
  result.content_type = HeaderValue(result.headers, "Content-Type");
  if (transfer.truncated) {
    result.error = "body larger than max_body_bytes (" + std::to_string(politeness_.max_body_bytes) + "), truncated";
  } else if (code != CURLE_OK) {
    result.status = 0;
    result.error = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
  } else if (status >= 300 && status < 400) {
    // Redirects are not followed: where they lead is not vetted, and a loop must not hang us.
    const std::string location = HeaderValue(result.headers, "Location");
    result.error =
        "HTTP " + std::to_string(status) + " redirect" + (location.empty() ? "" : " to " + location) + " not followed";
  } else if (status >= 400) {
    result.error = "HTTP " + std::to_string(status);
  }
  return result;
}

FetchResult Fetcher::Fetch(const std::string& fetch_url) {
  FetchResult result;
  for (int attempt = 0;; ++attempt) {
    result = FetchOnce(fetch_url);
    result.attempts = attempt + 1;
    if (!Retryable(result) || attempt >= politeness_.retries) break;
    // Backoff grows with each attempt, scaled by the site's delay (zero on loopback).
    auto wait = std::chrono::milliseconds(std::max(50, politeness_.delay_ms) << std::min(attempt, 6));
    const std::string retry_after = HeaderValue(result.headers, "Retry-After");
    if (!retry_after.empty() && std::all_of(retry_after.begin(), retry_after.end(), ::isdigit) &&
        retry_after.size() < 6) {
      wait = std::max(wait, std::chrono::milliseconds(1000 * std::min(std::stoi(retry_after), kMaxRetryAfterSeconds)));
    }
    std::this_thread::sleep_for(wait);
  }
  return result;
}

std::string Sha256Hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static const char* const kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

}  // namespace gapwatch
