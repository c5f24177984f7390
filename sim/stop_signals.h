// Waiting for SIGINT or SIGTERM, whichever thread the signal is delivered to.
// The constructor installs handlers that write to a self-pipe; Wait() blocks
// until one of the signals arrives; the destructor restores the handlers that
// were there before. One instance at a time per process (the pipe is global).
#pragma once
#include <csignal>

namespace gapwatch::sim {

class StopSignals {
 public:
  StopSignals();  // throws std::runtime_error if the pipe cannot be made
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  int Wait();  // returns the signal number

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

}  // namespace gapwatch::sim
