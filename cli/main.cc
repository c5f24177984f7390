// gapwatch: the command line (ARCHITECTURE.md, "Command line").
// Exit status: 0 done; 1 unexpected failure (store, I/O); 2 bad usage or
// invalid configuration; 3 the cycle finished but some site could not be crawled.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <iostream>
#include <string_view>

#include "cli/explain_command.h"
#include "cli/parse_command.h"
#include "cli/serve_command.h"
#include "cli/stages.h"
#include "crawler/clock.h"
#include "data/embedded.h"
#include "monitor/calendar.h"
#include "parsers/strict_yaml.h"
#include "sim/simulator.h"
#include "store/store.h"

namespace {

constexpr int kUsageError = 2;

std::atomic<bool> stop_requested{false};

// The first SIGTERM or SIGINT asks the crawl to finish what is in flight and
// commit; a second one gives up at once (the store is consistent either way).
void OnStopSignal(int signal) {
  if (stop_requested.exchange(true)) _exit(128 + signal);
}

void HandleStopSignals() {
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

void AddCycleOptions(CLI::App& command, gapwatch::CycleOptions& options) {
  command.add_option("--config", options.config_path, "sites.yaml to use (default: the one built into gapwatch)");
  command.add_option("--db", options.db_path, "SQLite store")->capture_default_str();
  command.add_option("--out", options.out_dir, "report folder")->capture_default_str();
  command.add_option("--as-of", options.as_of,
                     "the date deadlines are judged at, YYYY-MM-DD (default: today in "
                     "Asia/Shanghai)");
  command.add_option("--site", options.site_overrides,
                     "NAME=BASE_URL: send site NAME's requests to BASE_URL (repeatable); when given, only the "
                     "named sites are crawled");
  command.add_flag("--full", options.full, "re-fetch every known notice, not only new ones");
  command
      .add_option("--ocid-prefix", options.ocid_prefix,
                  "the prefix of each project's OCDS ocid in the report's ocds.json")
      ->capture_default_str();
}

gapwatch::Date ParseDateArgument(const std::string& text) {
  const auto date = gapwatch::Date::Parse(text);
  if (!date || text.size() != 10) throw gapwatch::UsageError("expected a date YYYY-MM-DD, got '" + text + "'");
  return *date;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"gapwatch: watches whether Shaoguan's public bodies publish what the law requires, on time"};
  app.set_version_flag("--version", std::string("gapwatch ") + GAPWATCH_VERSION);
  app.require_subcommand(1);

  gapwatch::CycleOptions cycle_options;
  struct CycleCommand {
    const char* name;
    const char* help;
  };
  const CycleCommand cycle_commands[] = {
      {"run", "one cycle: crawl, extract, check, report"},
      {"crawl", "fetch list pages and new notices into the store"},
      {"extract", "read notices from the captured pages (no fetching)"},
      {"check", "link notices into projects and raise findings at --as-of"},
      {"report", "write report/gaps.json and report/index.html from the store"},
      {"daemon",
       "crawl each site on its schedules in sites.yaml, then extract, check and report; stops on "
       "SIGTERM or SIGINT"},
      {"alert", "queue the last check's alerts (--alerts) and send those due, failed ones included"},
  };
  for (const auto& command : cycle_commands) {
    CLI::App& subcommand = *app.add_subcommand(command.name, command.help);
    AddCycleOptions(subcommand, cycle_options);
    if (command.name == std::string_view("run") || command.name == std::string_view("daemon") ||
        command.name == std::string_view("alert")) {
      subcommand.add_option("--alerts", cycle_options.alerts_path,
                            "alerts.yaml: after each check, tell its subscribers (docs/alerts.md)");
      subcommand.add_option("--report-url", cycle_options.report_url,
                            "where the alerts' links point, e.g. the URL `gapwatch serve` answers at (default: "
                            "the report folder as file://)");
    }
  }

  gapwatch::sim::SimOptions sim_options;
  std::string crawled_at;
  CLI::App* sim = app.add_subcommand("sim", "serve the simulated sites on loopback, with planted gaps");
  sim->add_option("--seed", sim_options.seed, "world seed")->capture_default_str();
  sim->add_option("--scale", sim_options.scale, "multiplies the number of projects")->capture_default_str();
  sim->add_option("--listen", sim_options.listen, "loopback host:port of the first site (0: ephemeral ports)")
      ->capture_default_str();
  sim->add_option("--as-of", sim_options.as_of, "the simulated today, YYYY-MM-DD (default 2025-12-31)");
  sim->add_option("--faults", sim_options.faults, "faults to inject (docs/simulator.md)");
  sim->add_option("--log", sim_options.log_file, "append one JSON line per request served");
  sim->add_option("--truth", sim_options.truth_file, "write the ground truth here before serving");
  sim->add_option("--records", sim_options.records_file,
                  "write what each standing notice shows here before serving (JSON Lines)");
  sim->add_option("--crawled-at", crawled_at, "earlier crawl dates for the truth, DATE[,DATE...]");

  gapwatch::ParseRequest parse_request;
  std::string parse_config;
  CLI::App* parse = app.add_subcommand("parse", "print as JSON what SITE's rules read from one saved page");
  parse->add_option("SITE", parse_request.site, "portal, trading, procurement or credit")->required();
  parse->add_option("FILE", parse_request.file, "the saved page (bytes as the site sent them)")->required();
  parse->add_option("--page", parse_request.page, "list or detail (default: from --url, else from the content)");
  parse->add_option("--url", parse_request.url, "the page's URL on the real site");
  parse->add_option("--source", parse_request.source, "the sites.yaml source whose rules apply (default: found)");
  parse->add_option("--config", parse_config, "sites.yaml to use (default: the one built into gapwatch)");

  CLI::App* workdays = app.add_subcommand("workdays", "working-day arithmetic on the official calendar");
  workdays->require_subcommand(1);
  std::string add_date, between_from, between_to;
  int add_days = 0;
  CLI::App* workdays_add = workdays->add_subcommand("add", "print the date N working days after DATE");
  workdays_add->add_option("DATE", add_date, "YYYY-MM-DD")->required();
  workdays_add->add_option("N", add_days, "working days (start day not counted)")
      ->required()
      ->check(CLI::Range(0, 10000));
  CLI::App* workdays_between = workdays->add_subcommand("between", "print the working days after FROM up to TO");
  workdays_between->add_option("FROM", between_from, "YYYY-MM-DD")->required();
  workdays_between->add_option("TO", between_to, "YYYY-MM-DD")->required();

  gapwatch::ExplainRequest explain_request;
  CLI::App* explain = app.add_subcommand("explain", "print one project's timeline, deadlines and findings");
  explain->add_option("PROJECT_CODE", explain_request.project_code, "the project code, as any site prints it")
      ->required();
  explain->add_option("--db", explain_request.db, "SQLite store")->capture_default_str();
  explain->add_option("--as-of", explain_request.as_of, "judge deadlines at YYYY-MM-DD (default: the last check's)");

  gapwatch::ServeRequest serve_request;
  CLI::App* serve = app.add_subcommand(
      "serve", "serve the report, the findings and runs (JSON) and the evidence over HTTP until SIGINT/SIGTERM");
  serve->add_option("--db", serve_request.db, "SQLite store (opened read-only)")->capture_default_str();
  serve->add_option("--out", serve_request.out, "report folder")->capture_default_str();
  serve->add_option("--listen", serve_request.listen, "HOST:PORT to listen on (port 0: a free port)")
      ->capture_default_str();
  bool serve_quietly = false;
  serve->add_flag("--no-access-log", serve_quietly, "do not log each request on stderr");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int status = app.exit(error);
    return status == 0 ? 0 : kUsageError;
  }

  try {
    if (sim->parsed()) {
      for (std::size_t start = 0; !crawled_at.empty() && start <= crawled_at.size();) {
        const auto comma = crawled_at.find(',', start);
        sim_options.crawled_at.push_back(crawled_at.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return gapwatch::sim::RunSimulator(sim_options, std::cout, std::cerr);
    }
    if (parse->parsed()) {
      const gapwatch::SitesConfig config =
          parse_config.empty()
              ? gapwatch::LoadSitesConfig(std::string(gapwatch::embedded::sites_yaml()), "sites.yaml (built in)")
              : gapwatch::LoadSitesConfigFile(parse_config);
      return gapwatch::ParsePage(config, parse_request, std::cout);
    }
    if (explain->parsed()) return gapwatch::ExplainProject(explain_request, std::cout, std::cerr);
    if (serve->parsed()) {
      serve_request.access_log = !serve_quietly;
      return gapwatch::Serve(serve_request, std::cout, std::cerr);
    }
    if (workdays->parsed()) {
      const auto& calendar = gapwatch::WorkingDayCalendar::Official();
      if (workdays_add->parsed()) {
        std::cout << calendar.AddWorkingDays(ParseDateArgument(add_date), add_days).ToString() << "\n";
      } else {
        std::cout << calendar.WorkingDaysBetween(ParseDateArgument(between_from), ParseDateArgument(between_to))
                  << "\n";
      }
      return 0;
    }
    const std::string command = app.get_subcommands().front()->get_name();
    if (command == "crawl" || command == "run" || command == "daemon") {
      HandleStopSignals();
      cycle_options.stop = &stop_requested;
    }
    gapwatch::Cycle cycle(cycle_options, std::cout, std::cerr);
    if (command == "daemon") return cycle.Daemon();
    if (command == "crawl") return cycle.Crawl();
    if (command == "extract") return cycle.Extract();
    if (command == "check") return cycle.Check();
    if (command == "report") return cycle.Report();
    if (command == "alert") return cycle.Alert();
    return cycle.RunAll();
  } catch (const gapwatch::ConfigError& error) {
    std::cerr << "gapwatch: " << error.what() << "\n";
    return kUsageError;
  } catch (const gapwatch::UsageError& error) {
    std::cerr << "gapwatch: " << error.what() << "\n";
    return kUsageError;
  } catch (const gapwatch::CalendarUnknown& error) {
    std::cerr << "gapwatch: " << error.what() << " (the calendar covers "
              << gapwatch::WorkingDayCalendar::Official().first_year() << "–"
              << gapwatch::WorkingDayCalendar::Official().last_year() << ")\n";
    return kUsageError;
  } catch (const std::exception& error) {
    std::cerr << "gapwatch: " << error.what() << "\n";
    return 1;
  }
}
