// RunSimulator: options → world → truth file → servers → announce → serve
// until SIGINT/SIGTERM. The order is the contract: the truth is complete on
// disk before the announce line, and the port already listens when announced.
#include "sim/simulator.h"

#include <exception>
#include <memory>

#include "sim/civil_date.h"
#include "sim/http_server.h"
#include "sim/options.h"
#include "sim/procurement_site.h"
#include "sim/request_log.h"
#include "sim/stop_signals.h"
#include "sim/truth.h"
#include "sim/world.h"

namespace gapwatch::sim {

int RunSimulator(const SimOptions& options, std::ostream& announce, std::ostream& errors) {
  std::string error;
  const std::optional<SimConfig> config = CheckOptions(options, &error);
  if (!config) {
    errors << "gapwatch sim: " << error << "\n";
    return 2;
  }
  try {
    const WorkCalendar& calendar = WorkCalendar::Embedded();
    const World world = BuildWorld(config->seed, config->scale, calendar);
    const ProcurementSite procurement(world, config->as_of);

    RequestLog log;
    if (!config->log_file.empty() && !log.Open(config->log_file, &error)) {
      errors << "gapwatch sim: " << error << "\n";
      return 1;
    }
    // Installed before anything is announced, so that a client may stop us as
    // soon as it has read the announce line.
    StopSignals stop_signals;
    HttpServer server(config->listen_host, config->listen_port, [&](std::string_view method, std::string_view target) {
      HttpReply reply = procurement.Handle(method, target);
      if (!config->log_file.empty()) {
        log.Record("procurement", method, target, reply.status, reply.body.size());
      }
      return reply;
    });

    if (!config->truth_file.empty()) {
      const auto findings = TruthFindings(world, calendar, config->as_of);
      if (!WriteFileAtomically(config->truth_file, TruthJson(config->as_of, config->crawled_at, findings), &error)) {
        errors << "gapwatch sim: " << error << "\n";
        return 1;
      }
    }
    server.Start();
    announce << "procurement=" << BaseUrl(config->listen_host, server.port()) << "\n" << std::flush;
    stop_signals.Wait();
    server.Stop();
    return 0;
  } catch (const std::exception& e) {
    errors << "gapwatch sim: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace gapwatch::sim
