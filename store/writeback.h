// Progressive writeback of a store's files. A check's save writes some
// 160 MB into the WAL and its checkpoint as much into the database file, and
// the kernel starts writing dirty pages out only when they are 30 s old or
// fill a tenth of memory: SQLite's fsyncs before and after the checkpoint
// then wait for all of it at once, at the end. While a Writeback lives, a
// thread of its own asks the kernel every `period` to start writing out
// what is dirty in the database and its WAL (sync_file_range), so that the
// disk writes while the save computes. Only a hint: what is durable, and
// when, stays SQLite's (its fsyncs are unchanged). Failures are ignored (a
// file not there yet is looked for again at the next tick).
#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace gapwatch {

class Writeback {
 public:
  Writeback(const std::string& db_path, std::chrono::milliseconds period);
  ~Writeback();  // stops the thread (at most one tick's writeout later)
  Writeback(const Writeback&) = delete;
  Writeback& operator=(const Writeback&) = delete;

 private:
  void Run();
  const std::string db_path_;
  const std::chrono::milliseconds period_;
  std::mutex mutex_;
  std::condition_variable stopping_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace gapwatch
