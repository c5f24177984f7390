// bench/match: times the matcher over a store's notices and prints a digest of
// each result, so that a change to monitor/matcher.cc can be shown to be
// faster and to give the same projects, matches and reviews.
//   match_benchmark STORE [AS_OF=2025-12-31] [DUMP_PREFIX]
// Prints seconds and an FNV-1a digest for MatchProjects (every notice) and
// MatchDesignated (as of AS_OF); with DUMP_PREFIX, writes each result in full
// to DUMP_PREFIX.projects.txt and DUMP_PREFIX.designated.txt for diffing.
// The store is only read, but open a copy: opening a store may migrate it.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "monitor/matcher.h"
#include "store/store.h"

namespace {

using gapwatch::NoticeWithEvidence;
using gapwatch::ProjectMatching;

// Every field of a result that a caller can see, one line per item.
void Describe(const ProjectMatching& matching, const std::function<void(const std::string&)>& line) {
  const auto url = [](const NoticeWithEvidence* item) { return item ? item->notice.url : std::string("-"); };
  char confidence[32];
  for (const auto& project : matching.projects) {
    line("P " + project.code + "|" + project.title + "|" + std::string(project.buyer) + "|" +
         std::string(project.domain));
    for (const auto* item : project.notices) line(" n " + url(item));
    for (const auto& copy : project.copies) {
      std::snprintf(confidence, sizeof confidence, "%.17g", copy.confidence);
      line(" c " + url(copy.item) + " " + confidence);
    }
    for (const auto& alias : project.aliases) line(" a " + alias);
  }
  for (const auto* list : {&matching.matched, &matching.for_review}) {
    for (const auto& match : *list) {
      std::snprintf(confidence, sizeof confidence, "%.17g", match.confidence);
      line((list == &matching.matched ? "M " : "R ") + url(match.notice) + " " + match.project_code + " " + confidence);
    }
  }
}

void Report(const char* name, const ProjectMatching& matching, double seconds, const std::string& dump) {
  std::uint64_t digest = 0xcbf29ce484222325ULL;
  std::ofstream out;
  if (!dump.empty()) out.open(dump);
  Describe(matching, [&](const std::string& line) {
    for (const char c : line + '\n') digest = (digest ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    if (out.is_open()) out << line << '\n';
  });
  std::printf("%-16s %8.3f s  projects %zu  matched %zu  for_review %zu  digest %016llx\n", name, seconds,
              matching.projects.size(), matching.matched.size(), matching.for_review.size(),
              static_cast<unsigned long long>(digest));
  std::fflush(stdout);
}

// Wall seconds; the CPU seconds (steadier on a shared machine) go to stderr.
template <typename Call>
double Seconds(Call call) {
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu = std::clock();
  call();
  std::fprintf(stderr, "cpu %.3f s\n", static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s STORE [AS_OF] [DUMP_PREFIX]\n", argv[0]);
    return 2;
  }
  const auto as_of = gapwatch::Date::Parse(argc > 2 ? argv[2] : "2025-12-31");
  if (!as_of) {
    std::fprintf(stderr, "bad as-of date\n");
    return 2;
  }
  const std::string dump = argc > 3 ? argv[3] : "";
  std::vector<NoticeWithEvidence> notices;
  const double load = Seconds([&] { notices = gapwatch::Store(argv[1]).Notices(); });
  std::printf("loaded %zu notices in %.3f s\n", notices.size(), load);
  std::vector<const NoticeWithEvidence*> all;
  for (const auto& item : notices) all.push_back(&item);

  ProjectMatching projects, designated;
  const double projects_seconds = Seconds([&] { projects = gapwatch::MatchProjects(all); });
  Report("MatchProjects", projects, projects_seconds, dump.empty() ? "" : dump + ".projects.txt");
  const double designated_seconds = Seconds([&] { designated = gapwatch::MatchDesignated(notices, *as_of); });
  Report("MatchDesignated", designated, designated_seconds, dump.empty() ? "" : dump + ".designated.txt");
  return 0;
}
