#include "sim/response_cache.h"

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace gapwatch::sim {
namespace {

// Bookkeeping per entry beyond its strings: list node, map node, HttpReply.
constexpr std::size_t kEntryOverhead = 256;

bool Cacheable(const HttpRequest& request) {
  if (request.method != "GET" && request.method != "HEAD") return false;
  if (!request.body.empty()) return false;
  for (const char* header : {"if-none-match", "if-modified-since", "if-match", "if-unmodified-since", "range"}) {
    if (request.headers.contains(header)) return false;
  }
  return true;
}

std::size_t CostOf(const std::string& key, const HttpReply& reply) {
  std::size_t cost = kEntryOverhead + key.size() + reply.content_type.size() + reply.body.size();
  for (const auto& [name, value] : reply.headers) cost += name.size() + value.size();
  return cost;
}

class Cache {
 public:
  Cache(HttpHandler handler, std::size_t max_bytes) : handler_(std::move(handler)), max_bytes_(max_bytes) {}

  HttpReply Handle(const HttpRequest& request) {
    if (!Cacheable(request)) return handler_(request);
    std::string key = request.method + " " + request.target;
    {
      std::lock_guard lock(mutex_);
      if (const auto found = by_key_.find(key); found != by_key_.end()) {
        entries_.splice(entries_.begin(), entries_, found->second);  // now the most recently used
        return found->second->reply;
      }
    }
    // Rendered outside the lock: another thread may render the same page at
    // the same time, which only costs the duplicate work.
    HttpReply reply = handler_(request);
    const std::size_t cost = CostOf(key, reply);
    if (cost > max_bytes_) return reply;
    std::lock_guard lock(mutex_);
    if (by_key_.contains(key)) return reply;
    entries_.push_front({key, reply, cost});
    by_key_.emplace(std::move(key), entries_.begin());
    bytes_ += cost;
    while (bytes_ > max_bytes_) {
      bytes_ -= entries_.back().cost;
      by_key_.erase(entries_.back().key);
      entries_.pop_back();
    }
    return reply;
  }

 private:
  struct Entry {
    std::string key;
    HttpReply reply;
    std::size_t cost = 0;
  };

  const HttpHandler handler_;
  const std::size_t max_bytes_;
  std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> by_key_;
  std::size_t bytes_ = 0;
};

}  // namespace

HttpHandler WithResponseCache(HttpHandler handler, std::size_t max_bytes) {
  if (max_bytes == 0) return handler;
  // Shared: handlers are copied (std::function), the cache must not be.
  auto cache = std::make_shared<Cache>(std::move(handler), max_bytes);
  return [cache](const HttpRequest& request) { return cache->Handle(request); };
}

}  // namespace gapwatch::sim
