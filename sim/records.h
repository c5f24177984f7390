// The simulator's record of what it renders (`gapwatch sim --records`): for
// every notice standing on `as_of` in every generation (published by then, not
// removed, shown as edited by then: AsShown), the notice as its pages show it,
// field by field, in the normalised form gapwatch's extractor should produce
// (docs/simulator.md, "Records (`--records`)", gives the semantics and, per
// generation, which part of the page each field comes from).
//
// Pure functions of the world and the day, derived from the same world facts
// and helpers the renderers use; thread-safe. Records come in generation order
// (Generation's enumeration), each generation newest first, as its lists are.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "sim/world.h"

namespace gapwatch::sim {

struct RecordLot {
  std::string name;  // as written
  std::string supplier;
  std::optional<std::string> amount_yuan;  // null when the lot's amount is left blank
};

struct NoticeRecord {
  std::string site;        // portal, trading, procurement, credit
  std::string generation;  // GenerationName
  std::string id;          // the notice id as in the generation's detail URL
  std::string kind;        // intention, tender, correction, candidates, award, … (docs/simulator.md)
  std::string domain;      // procurement, construction, land, property, credit, portal
  std::string project_code;
  std::string title;
  std::string buyer;
  std::string agency;
  std::string supplier;
  std::optional<std::string> budget_yuan;  // "1234.50": 元, 2 decimals; null when the page shows none
  std::optional<std::string> amount_yuan;
  std::optional<std::string> published;  // YYYY-MM-DDTHH:MM:SS+08:00, or YYYY-MM-DD when only a date is shown
  std::optional<std::string> opening;    // datetime
  std::optional<std::string> decided;    // date
  std::optional<std::string> signed_on;  // date ("signed" in the JSON)
  std::vector<RecordLot> lots;
  std::vector<std::string> omitted;  // experts, amount, signing_date, certificate, penalty_basis
};

// Every notice standing on `as_of`, in every generation.
std::vector<NoticeRecord> NoticeRecords(const World& world, CivilDate as_of);

// One JSON object per line, keys in NoticeRecord's order ("signed" for signed_on).
std::string RecordsJsonLines(const std::vector<NoticeRecord>& records);

}  // namespace gapwatch::sim
