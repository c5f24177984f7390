// RunSimulator: options → world → sites → servers → truth and records files →
// announce → serve until SIGINT/SIGTERM. The order is the contract: the truth
// and the records are complete on disk before the announce lines, and every
// port already listens when announced.
#include "sim/simulator.h"

#include <algorithm>
#include <exception>
#include <functional>
#include <memory>

#include "sim/civil_date.h"
#include "sim/credit_site.h"
#include "sim/faults.h"
#include "sim/gkmlpt.h"
#include "sim/http_server.h"
#include "sim/options.h"
#include "sim/portal_site.h"
#include "sim/procurement_freecms_site.h"
#include "sim/procurement_gdgpo_site.h"
#include "sim/procurement_site.h"
#include "sim/records.h"
#include "sim/request_log.h"
#include "sim/response_cache.h"
#include "sim/stop_signals.h"
#include "sim/trading_legacy_site.h"
#include "sim/trading_ygp_site.h"
#include "sim/truth.h"
#include "sim/world.h"

namespace gapwatch::sim {
namespace {

// One generation of a site: answers its own paths, nullopt for the others.
using GenerationHandler = std::function<std::optional<HttpReply>(const HttpRequest&)>;

template <typename GenerationSite>
GenerationHandler GenerationOf(const World& world, CivilDate as_of) {
  auto site = std::make_shared<const GenerationSite>(world, as_of);
  return [site](const HttpRequest& request) { return site->Handle(request); };
}

// All of a site's generations on one port, as the real hosts' paths never
// collide: the first generation that knows the path answers, else `rest`.
HttpHandler Composed(std::vector<GenerationHandler> generations, HttpHandler rest) {
  return [generations = std::move(generations), rest = std::move(rest)](const HttpRequest& request) {
    for (const GenerationHandler& generation : generations) {
      if (std::optional<HttpReply> reply = generation(request)) return *std::move(reply);
    }
    return rest(request);
  };
}

// robots.txt (allowing everything) and 404 for the paths no generation knows.
HttpHandler PlainSiteRest() {
  return [](const HttpRequest& request) {
    const std::string path(request.target.substr(0, request.target.find('?')));
    if (path == "/robots.txt") return HttpReply(200, "text/plain", "User-agent: *\nDisallow:\n");
    return HttpReply(404, "text/html; charset=utf-8",
                     "<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>");
  };
}

// The registration point of the simulated sites: one entry per site, in
// announce order — portal, trading, procurement, credit — so site i listens on
// --listen's port + i. A handler owns its site (shared_ptr, as handlers are
// copied); the world outlives the servers. Handlers of one site are never
// called concurrently, but the sites serve on threads of their own.
std::vector<SimulatedSite> BuildSites(const World& world, const SimConfig& config) {
  // The current procurement generation also answers robots.txt and unknown paths.
  auto gpcms = std::make_shared<const ProcurementSite>(world, config.as_of);
  return {
      {"portal",
       Composed({GenerationOf<PortalSite>(world, config.as_of), GenerationOf<GkmlptSite>(world, config.as_of)},
                PlainSiteRest())},
      {"trading", Composed({GenerationOf<YgpTradingSite>(world, config.as_of),
                            GenerationOf<TradingLegacySite>(world, config.as_of)},
                           PlainSiteRest())},
      {"procurement",
       Composed({GenerationOf<ProcurementFreecmsSite>(world, config.as_of),
                 GenerationOf<ProcurementGdgpoSite>(world, config.as_of)},
                [gpcms](const HttpRequest& request) { return gpcms->Handle(request.method, request.target); })},
      {"credit", Composed({GenerationOf<CreditSite>(world, config.as_of)}, PlainSiteRest())},
  };
}

// The site's handler behind its response cache, then its faults, then logged:
// faults are drawn per request, cached page or not, and the log shows what was sent.
HttpHandler Served(const std::string& site, HttpHandler site_handler, const SimConfig& config, RequestLog* log) {
  HttpHandler handler =
      WithFaults(config.faults, config.seed, site, WithResponseCache(std::move(site_handler), config.cache_bytes));
  if (!log) return handler;
  return [handler = std::move(handler), name = site, log](const HttpRequest& request) {
    HttpReply reply = handler(request);
    log->Record(name, request.method, request.target, reply.status,
                std::min(reply.body.size(), reply.sent_body_bytes.value_or(reply.body.size())), reply.fault);
    return reply;
  };
}

}  // namespace

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

    RequestLog log;
    if (!config->log_file.empty() && !log.Open(config->log_file, &error)) {
      errors << "gapwatch sim: " << error << "\n";
      return 1;
    }
    // Installed before anything is announced, so that a client may stop us as
    // soon as it has read the announce lines.
    StopSignals stop_signals;
    std::vector<SimulatedSite> sites = BuildSites(world, *config);
    for (SimulatedSite& site : sites) {
      site.handler = Served(site.name, std::move(site.handler), *config, config->log_file.empty() ? nullptr : &log);
    }
    SiteServers servers(config->listen_host, config->listen_port, std::move(sites));

    if (!config->truth_file.empty()) {
      const auto findings = TruthFindings(world, calendar, config->as_of, config->crawled_at);
      if (!WriteFileAtomically(config->truth_file, TruthJson(config->as_of, config->crawled_at, findings), &error)) {
        errors << "gapwatch sim: " << error << "\n";
        return 1;
      }
    }
    if (!config->records_file.empty() &&
        !WriteFileAtomically(config->records_file, RecordsJsonLines(NoticeRecords(world, config->as_of)), &error)) {
      errors << "gapwatch sim: " << error << "\n";
      return 1;
    }
    servers.Start();
    announce << servers.Announcement() << std::flush;
    stop_signals.Wait();
    servers.Stop();
    return 0;
  } catch (const std::exception& e) {
    errors << "gapwatch sim: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace gapwatch::sim
