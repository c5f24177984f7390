#include "store/writeback.h"

#include <fcntl.h>
#include <unistd.h>

namespace gapwatch {
namespace {

// Starts writing out the dirty pages of the file at `path`, without waiting
// for the disk. Opened for each writeout: SQLite deletes and recreates the WAL.
void StartWriteout(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
  ::close(fd);
}

}  // namespace

Writeback::Writeback(const std::string& db_path, std::chrono::milliseconds period)
    : db_path_(db_path), period_(period), thread_([this] { Run(); }) {}

Writeback::~Writeback() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stopping_.notify_one();
  thread_.join();
}

void Writeback::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_.wait_for(lock, period_, [this] { return stop_; })) {
    lock.unlock();
    StartWriteout(db_path_ + "-wal");
    StartWriteout(db_path_);
    lock.lock();
  }
}

}  // namespace gapwatch
