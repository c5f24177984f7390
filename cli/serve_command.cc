#include "cli/serve_command.h"

#include <pthread.h>

#include <charconv>
#include <csignal>
#include <exception>
#include <filesystem>
#include <thread>

#include "cli/stages.h"
#include "monitor/server.h"

namespace gapwatch {
namespace {

// "127.0.0.1:8080" or "[::1]:8080" into the options' address and port.
void ParseListen(const std::string& listen, ServerOptions& options) {
  const std::size_t colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? "" : listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port = colon == std::string::npos ? "" : listen.substr(colon + 1);
  unsigned short number = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (host.empty() || port.empty() || error != std::errc() || end != port.data() + port.size()) {
    throw UsageError("--listen expects HOST:PORT, e.g. 127.0.0.1:8080, got '" + listen + "'");
  }
  options.address = host;
  options.port = number;
}

}  // namespace

int Serve(const ServeRequest& request, std::ostream& out, std::ostream& err) {
  ServerOptions options;
  options.db_path = request.db;
  options.report_dir = request.out;
  options.version = GAPWATCH_VERSION;
  if (request.access_log) {
    // One write per line, flushed: lines from the serving thread stay whole beside any other output.
    options.access_log = [&err](const std::string& line) { err << line + "\n" << std::flush; };
  }
  ParseListen(request.listen, options);
  if (!std::filesystem::exists(request.db)) {
    err << "gapwatch: no store at " << request.db
        << " yet: /api, /evidence and /metrics answer 503 until there is one\n";
  }

  // Blocked before the serving thread starts, which inherits the mask: the
  // signals wait for sigwait below instead of ending the process.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);

  Server server(options);
  const bool v6 = options.address.find(':') != std::string::npos;
  out << "serving http://" << (v6 ? "[" + options.address + "]" : options.address) << ":" << server.port() << "/"
      << std::endl;
  std::exception_ptr failure;
  std::thread serving([&] {
    try {
      server.Run();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  server.Stop();
  serving.join();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (failure) std::rethrow_exception(failure);
  return 0;
}

}  // namespace gapwatch
