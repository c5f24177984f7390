#include "sim/truth.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <tuple>

namespace gapwatch::sim {

std::vector<TruthFinding> TruthFindings(const World& world, const WorkCalendar& calendar, CivilDate as_of) {
  std::vector<TruthFinding> findings;
  for (const Project& project : world.projects) {
    TruthFinding finding{"", "procurement", project.code, project.name, project.buyer.name, {}};
    switch (project.planted) {
      case PlantedGap::kNone:
        continue;
      case PlantedGap::kAwardMissing:
        if (project.tender_published > as_of) continue;
        finding.kind = "award_missing";
        finding.due = calendar.AddWorkingDays(project.opening, 9);
        break;
      case PlantedGap::kContractMissing:
        if (!project.result_published || *project.result_published > as_of) continue;
        finding.kind = "contract_missing";
        finding.due = calendar.AddWorkingDays(calendar.FirstWorkingDayFrom(project.result_published->PlusDays(30)), 2);
        break;
    }
    if (as_of > finding.due) findings.push_back(finding);
  }
  std::sort(findings.begin(), findings.end(), [](const TruthFinding& a, const TruthFinding& b) {
    return std::tie(a.due, a.kind, a.code) < std::tie(b.due, b.kind, b.code);
  });
  return findings;
}

std::string TruthJson(CivilDate as_of, const std::vector<CivilDate>& crawled_at,
                      const std::vector<TruthFinding>& findings) {
  nlohmann::ordered_json truth;
  truth["schema"] = "gapwatch.truth/1";
  truth["as_of"] = as_of.Iso();
  truth["crawled_at"] = nlohmann::ordered_json::array();
  for (CivilDate date : crawled_at) truth["crawled_at"].push_back(date.Iso());
  truth["findings"] = nlohmann::ordered_json::array();
  for (const TruthFinding& finding : findings) {
    nlohmann::ordered_json item;
    item["kind"] = finding.kind;
    item["site"] = finding.site;
    item["project"] = {{"code", finding.code}, {"title", finding.title}, {"buyer", finding.buyer}};
    item["due"] = finding.due.Iso();
    truth["findings"].push_back(std::move(item));
  }
  return truth.dump(2) + "\n";
}

bool WriteFileAtomically(const std::string& path, const std::string& content, std::string* error) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      *error = "cannot write " + temporary + ": " + std::strerror(errno);
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    *error = "cannot rename " + temporary + " to " + path + ": " + std::strerror(errno);
    std::remove(temporary.c_str());
    return false;
  }
  return true;
}

}  // namespace gapwatch::sim
