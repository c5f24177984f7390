#include "crawler/http_client.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

namespace gapwatch {

struct HttpClient::Transfer {
  long long token = 0;
  long long max_body_bytes = 0;
  HttpResponse response;
  curl_slist* headers = nullptr;
  std::string body;  // request body, kept alive for libcurl
  char error_buffer[CURL_ERROR_SIZE] = "";
};

namespace {

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<HttpClient::Transfer*>(user);
  HttpResponse& response = transfer->response;
  const size_t bytes = size * count;
  const auto room = static_cast<size_t>(transfer->max_body_bytes) - response.body.size();
  if (bytes > room) {
    response.body.append(data, room);
    response.truncated = true;
    return 0;  // aborts the transfer: a bad server cannot make us store more
  }
  response.body.append(data, bytes);
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<HttpClient::Transfer*>(user);
  const std::string_view line(data, size * count);
  // A new status line (after a 100 Continue) starts a new header block.
  if (line.substr(0, 5) == "HTTP/") transfer->response.headers.clear();
  transfer->response.headers += line;
  return size * count;
}

// Keeps the request head as sent, for the WARC request record.
int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  if (type == CURLINFO_HEADER_OUT) static_cast<HttpClient::Transfer*>(user)->response.request_head.assign(data, size);
  return 0;
}

}  // namespace

HttpClient::HttpClient() {
  static const bool initialised = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  if (!initialised || !(multi_ = curl_multi_init())) throw std::runtime_error("libcurl could not be initialised");
  // Let transfers to one HTTP/2 host share a connection instead of opening more.
  curl_multi_setopt(static_cast<CURLM*>(multi_), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
}

HttpClient::~HttpClient() {
  auto* multi = static_cast<CURLM*>(multi_);
  for (auto& [handle, transfer] : transfers_) {
    curl_multi_remove_handle(multi, static_cast<CURL*>(handle));
    curl_easy_cleanup(static_cast<CURL*>(handle));
    curl_slist_free_all(transfer->headers);
    delete transfer;
  }
  for (void* handle : idle_handles_) curl_easy_cleanup(static_cast<CURL*>(handle));
  curl_multi_cleanup(multi);
}

void HttpClient::Start(long long token, const HttpRequest& request, const TransferLimits& limits) {
  CURL* curl = nullptr;
  if (!idle_handles_.empty()) {
    curl = static_cast<CURL*>(idle_handles_.back());
    idle_handles_.pop_back();
    curl_easy_reset(curl);
  } else if (!(curl = curl_easy_init())) {
    throw std::runtime_error("libcurl could not create a transfer");
  }
  auto* transfer = new Transfer;
  transfer->token = token;
  transfer->max_body_bytes = limits.max_body_bytes;
  transfer->body = request.body;
  for (const auto& [name, value] : request.headers) {
    transfer->headers = curl_slist_append(transfer->headers, (name + ": " + value).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(limits.timeout_s));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(limits.connect_timeout_s));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, limits.user_agent.c_str());
  // The payload is archived as received: libcurl must not decode it.
  curl_easy_setopt(curl, CURLOPT_HTTP_CONTENT_DECODING, 0L);
  curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(curl, CURLOPT_PIPEWAIT, 1L);
  if (request.method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, transfer->body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(transfer->body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, transfer->headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, transfer);
  curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, OnDebug);
  curl_easy_setopt(curl, CURLOPT_DEBUGDATA, transfer);
  curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, transfer->error_buffer);
  transfers_[curl] = transfer;
  curl_multi_add_handle(static_cast<CURLM*>(multi_), curl);
}

std::vector<std::pair<long long, HttpResponse>> HttpClient::Wait(std::chrono::milliseconds max_wait) {
  auto* multi = static_cast<CURLM*>(multi_);
  std::vector<std::pair<long long, HttpResponse>> finished;
  int running = 0;
  curl_multi_perform(multi, &running);
  // Sleep only when nothing finished: a transfer done in that perform must not wait for more traffic.
  if (running == in_flight()) {
    // Returns early when a socket is ready (with no transfers it just sleeps).
    curl_multi_poll(multi, nullptr, 0, static_cast<int>(std::max<long long>(0, max_wait.count())), nullptr);
    curl_multi_perform(multi, &running);
  }
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* curl = message->easy_handle;
    const CURLcode code = message->data.result;
    Transfer* transfer = transfers_.at(curl);
    transfers_.erase(curl);
    HttpResponse& response = transfer->response;
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    double seconds = 0;
    curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME, &seconds);
    response.seconds = seconds;
    char* ip = nullptr;
    if (curl_easy_getinfo(curl, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip) response.remote_ip = ip;
    response.content_type = HeaderValue(response.headers, "Content-Type");
    if (response.truncated) {
      response.error = "body larger than max_body_bytes (" + std::to_string(transfer->max_body_bytes) + "), truncated";
    } else if (code != CURLE_OK) {
      response.status = 0;
      response.error = transfer->error_buffer[0] ? transfer->error_buffer : curl_easy_strerror(code);
    }
    curl_multi_remove_handle(multi, curl);
    curl_slist_free_all(transfer->headers);
    finished.emplace_back(transfer->token, std::move(response));
    delete transfer;
    idle_handles_.push_back(curl);
  }
  return finished;
}

std::string HeaderValue(const std::string& header_block, const std::string& name) {
  size_t line_start = 0;
  while (line_start < header_block.size()) {
    size_t line_end = header_block.find('\n', line_start);
    if (line_end == std::string::npos) line_end = header_block.size();
    const std::string_view line(header_block.data() + line_start, line_end - line_start);
    line_start = line_end + 1;
    if (line.size() <= name.size() || line[name.size()] != ':') continue;
    if (!std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      continue;
    }
    std::string_view value = line.substr(name.size() + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == ' ' || value.back() == '\t')) {
      value.remove_suffix(1);
    }
    return std::string(value);
  }
  return "";
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
