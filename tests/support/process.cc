#include "tests/support/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace gapwatch::testing {
namespace {

std::vector<char*> Argv(const std::vector<std::string>& arguments) {
  std::vector<char*> argv;
  for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  return argv;
}

std::string Slurp(int fd) {
  std::string text;
  char buffer[65536];
  ssize_t count;
  while ((count = ::read(fd, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<size_t>(count));
  return text;
}

int ExitStatus(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  return 128 + WTERMSIG(wait_status);
}

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& arguments) {
  // stderr goes to a temporary file so that neither pipe can fill and block.
  char err_path[] = "/tmp/gapwatch-test-stderr-XXXXXX";
  const int err_fd = ::mkstemp(err_path);
  int out_pipe[2];
  if (err_fd < 0 || ::pipe(out_pipe) != 0) throw std::runtime_error("RunCommand: cannot create pipes");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_fd, 2);
    ::close(out_pipe[0]);
    auto argv = Argv(arguments);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  ::close(out_pipe[1]);
  CommandResult result;
  result.out = Slurp(out_pipe[0]);
  ::close(out_pipe[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_status = ExitStatus(status);
  ::lseek(err_fd, 0, SEEK_SET);
  result.err = Slurp(err_fd);
  ::close(err_fd);
  ::unlink(err_path);
  return result;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& arguments) {
  int out_pipe[2];
  if (::pipe(out_pipe) != 0) throw std::runtime_error("BackgroundProcess: cannot create a pipe");
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(out_pipe[1], 1);
    ::close(out_pipe[0]);
    auto argv = Argv(arguments);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  ::close(out_pipe[1]);
  stdout_fd_ = out_pipe[0];
}

BackgroundProcess::~BackgroundProcess() {
  Stop();
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

std::string BackgroundProcess::ReadLine() {
  while (buffered_.find('\n') == std::string::npos) {
    char buffer[4096];
    const ssize_t count = ::read(stdout_fd_, buffer, sizeof buffer);
    if (count <= 0) break;
    buffered_.append(buffer, static_cast<size_t>(count));
  }
  const auto newline = buffered_.find('\n');
  std::string line = buffered_.substr(0, newline);
  buffered_.erase(0, newline == std::string::npos ? buffered_.size() : newline + 1);
  return line;
}

int BackgroundProcess::Stop(int signal_number) {
  if (pid_ > 0) {
    ::kill(pid_, signal_number);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    exit_status_ = ExitStatus(status);
    pid_ = -1;
  }
  return exit_status_;
}

}  // namespace gapwatch::testing
