#include "cli/explain_command.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <vector>

#include "cli/stages.h"
#include "monitor/calendar.h"
#include "monitor/checker.h"
#include "monitor/deadlines.h"
#include "monitor/matcher.h"
#include "monitor/report.h"
#include "monitor/rules.h"
#include "parsers/identifiers.h"
#include "store/store.h"

namespace gapwatch {
namespace {

// "2025-03-20" of "2025-03-20T09:30:00+08:00": the day is what deadlines count.
std::string Day(const OptionalNoticeText& timestamp) {
  return timestamp ? std::string((*timestamp).substr(0, 10)) : "";
}

void PrintNotice(const NoticeWithEvidence& item, std::ostream& out) {
  const HeldNotice& notice = item.notice;
  out << "  " << (notice.published ? Day(notice.published) : "(undated)  ") << "  " << notice.kind << " on "
      << notice.site << (notice.site == DesignatedSite(notice.domain) ? "" : " (not its designated site)") << "\n"
      << "      " << notice.title << "\n"
      << "      " << notice.url << "\n"
      << "      captured " << item.captured_at << "  sha256 " << item.sha256 << "\n";
  std::string dates;
  const auto add = [&](const char* name, const OptionalNoticeText& value) {
    if (value) dates += std::string(dates.empty() ? "" : "  ") + name + " " + Day(value);
  };
  add("opening", notice.opening);
  add("decided", notice.decided);
  add("signed", notice.signed_on);
  if (notice.amount_yuan)
    dates += std::string(dates.empty() ? "" : "  ") + "amount " + std::string(*notice.amount_yuan) + " 元";
  if (!notice.supplier.empty())
    dates += std::string(dates.empty() ? "" : "  ") + "supplier " + std::string(notice.supplier);
  if (!dates.empty()) out << "      " << dates << "\n";
  if (!item.notice.fields_missing.empty()) {
    out << "      lacks";
    for (const std::string& field : item.notice.fields_missing) out << " " << field;
    out << "\n";
  }
}

// Where a notice stands: every site's copy (the first is the one printed
// above), when it was published there and when gapwatch first captured it, and
// how sure the link is when the copy carries another code.
void PrintSightings(const SightedNotice& notice,
                    const std::map<std::pair<std::string, std::string>, std::string>& first_seen,
                    const std::string& project_code, std::ostream& out) {
  for (const Sighting& sighting : notice.sightings) {
    const HeldNotice& copy = sighting.item->notice;
    const auto seen = first_seen.find({copy.site, copy.url});
    out << "      on " << copy.site << ": published " << (copy.published ? Day(copy.published) : "(undated)")
        << ", first seen " << (seen != first_seen.end() ? seen->second : sighting.item->captured_at) << "\n";
    if (&sighting != &notice.sightings.front()) out << "        " << copy.url << "\n";
    const std::string code = CanonicalProjectCode(copy.project_code);
    if (code != CanonicalProjectCode(project_code)) {
      out << "        under code " << (code.empty() ? "(none)" : code) << ", linked with confidence "
          << sighting.confidence << "\n";
    }
  }
}

void PrintDeadline(const Deadline& deadline, std::ostream& out) {
  out << "  " << deadline.expected_notice << ": due "
      << (deadline.due ? deadline.due->ToString() : "unknown (the calendar does not cover the year)") << " = "
      << DescribeClock(*deadline.clock, deadline.start) << "\n"
      << "      rule " << deadline.rule->id << " (" << deadline.rule->source << "), confidence "
      << deadline.rule->confidence << "\n      ";
  if (deadline.published) {
    out << "published " << deadline.published->ToString() << ": " << deadline.status;
  } else {
    out << "not published: " << deadline.status;
  }
  out << "\n";
}

// The finding's history: each change a check saw, by as_of (Store::SaveFindings).
void PrintHistory(const std::vector<FindingEvent>& history, std::ostream& out) {
  out << "      history (" << history.size() << ")\n";
  for (const FindingEvent& event : history) {
    out << "        " << event.as_of << "  " << event.event << ": " << event.kind << ", " << event.status;
    if (event.due) out << ", due " << *event.due;
    if (event.run_id > 0) out << "  (run " << event.run_id << ")";
    out << "\n";
  }
}

void PrintFinding(const Finding& finding, std::ostream& out) {
  out << "  " << finding.kind << " on " << finding.site << "  " << finding.status;
  if (finding.due) out << "  due " << *finding.due << ", " << finding.overdue_working_days << " WD overdue";
  out << "\n      rule " << finding.rule_id << " (" << finding.rule_source << "), confidence " << finding.confidence
      << "\n      id " << finding.id << ", first seen " << finding.first_seen << ", last seen " << finding.last_seen
      << "\n";
  if (finding.calendar_missing_year) out << "      " << MissingCalendarText(*finding.calendar_missing_year) << "\n";
  for (const Evidence& evidence : finding.evidence) {
    out << "      evidence: " << evidence.notice_kind << " " << evidence.url << " captured " << evidence.captured_at
        << " sha256 " << evidence.sha256 << "\n";
    if (evidence.published_from == "capture") {
      out << "        published " << evidence.published << ": the site gives no date, the first capture stands in\n";
    }
    for (const MissingContent& missing : evidence.missing)
      out << "        lacks " << missing.item << " (" << missing.rule << ")\n";
  }
  PrintHistory(finding.history, out);
}

}  // namespace

int ExplainProject(const ExplainRequest& request, std::ostream& out, std::ostream& err) {
  if (!std::filesystem::exists(request.db)) throw UsageError("no store at " + request.db);
  Store store(request.db);
  std::string as_of_text = request.as_of;
  if (as_of_text.empty()) {
    const auto check = store.LatestRun("check");
    if (!check) throw UsageError(request.db + " holds no check yet: run `gapwatch check`, or give --as-of");
    as_of_text = check->as_of;
  }
  const auto as_of = Date::Parse(as_of_text);
  if (!as_of) throw UsageError("--as-of: expected YYYY-MM-DD, got '" + as_of_text + "'");

  const std::vector<NoticeWithEvidence> notices = store.Notices();
  const std::string wanted = CanonicalProjectCode(request.project_code);
  std::optional<Project> project;
  for (Project& candidate : GroupIntoProjects(notices)) {
    if (candidate.code == wanted) project = std::move(candidate);
  }
  if (!project) {
    err << "gapwatch explain: no notice in " << request.db << " has the project code " << wanted << "\n";
    return 1;
  }

  // Copies other sites post under another code, linked by the matcher (MatchDesignated).
  std::vector<std::string> aliases;
  for (const Project& designated : MatchDesignated(notices, *as_of).projects) {
    if (designated.code != project->code) continue;
    aliases = designated.aliases;
    for (const Sighting& copy : designated.copies) {
      if (std::ranges::find(project->notices, copy.item) == project->notices.end()) project->copies.push_back(copy);
    }
  }
  std::map<std::pair<std::string, std::string>, std::string> first_seen;  // (site, url): the first capture
  for (const Store::NoticeTrack& track : store.NoticeTracks()) {
    if (!track.contents.empty()) first_seen[{track.site, track.url}] = track.contents.front().captured_at;
  }
  const std::vector<SightedNotice> sighted = SightedNotices(*project);
  out << "project " << project->code << "  " << project->title << "\n"
      << "buyer " << (project->buyer.empty() ? "(not stated)" : project->buyer.view()) << ", domain " << project->domain
      << ", designated site " << DesignatedSite(project->domain) << ", judged as of " << as_of->ToString() << "\n";
  if (!aliases.empty()) {
    out << "also known as";
    for (const std::string& alias : aliases) out << " " << alias;
    out << "\n";
  }
  out << "\nnotices, in publication order (" << sighted.size() << ", seen "
      << project->notices.size() + project->copies.size() << " times)\n";
  for (const SightedNotice& notice : sighted) {
    PrintNotice(*notice.sightings.front().item, out);
    PrintSightings(notice, first_seen, project->code, out);
  }

  // As the check judged it: the notices published by as_of; deadlines bind the designated
  // site only (DOMAIN.md), a tender counts wherever it stands.
  std::vector<const NoticeWithEvidence*> everywhere = project->notices;
  std::erase_if(everywhere, [&](const NoticeWithEvidence* item) {
    const auto published = Date::Parse(item->notice.published.value_or(item->captured_at));
    return !published || *as_of < *published;
  });
  Project designated = *project;
  designated.notices = everywhere;
  std::erase_if(designated.notices, [&](const NoticeWithEvidence* item) {
    return item->notice.site != DesignatedSite(item->notice.domain);
  });
  const auto deadlines =
      ChainDeadlines(designated, everywhere, *as_of, RuleBook::Official(), WorkingDayCalendar::Official());
  out << "\ndeadlines (" << deadlines.size() << ")\n";
  for (const Deadline& deadline : deadlines) PrintDeadline(deadline, out);

  std::vector<Finding> findings = store.Findings("");
  std::erase_if(findings, [&](const Finding& finding) { return finding.project_code != project->code; });
  out << "\nfindings (" << findings.size() << ")\n";
  for (const Finding& finding : findings) PrintFinding(finding, out);
  return 0;
}

}  // namespace gapwatch
