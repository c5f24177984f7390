// Running the gapwatch executable from tests: a command to completion with
// its output, or a background process (the simulator) whose first stdout
// lines are read as they are printed. Loopback only, like everything in tests.
#pragma once
#include <sys/types.h>

#include <string>
#include <vector>

namespace gapwatch::testing {

struct CommandResult {
  int exit_status = -1;
  std::string out;
  std::string err;
};

CommandResult RunCommand(const std::vector<std::string>& arguments);

class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& arguments);
  ~BackgroundProcess();  // SIGTERM, then waits
  // Reads one line of standard output (without the newline); "" at end of output.
  std::string ReadLine();
  int Stop(int signal_number = 15);  // sends the signal (SIGTERM by default), waits, returns the exit status

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffered_;
  int exit_status_ = -1;
};

}  // namespace gapwatch::testing
