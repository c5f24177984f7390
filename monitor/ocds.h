// The projects as an Open Contracting Data Standard 1.1 release package
// (data/ocds-1.1.5/release-package-schema.json), for report/ocds.json.
//
// One release per project, reflecting all its chain notices as they stand:
//  - ocid = options.ocid_prefix + "-" + the project code, verbatim; id = the
//    ocid, the newest publication date and the number of notices, '-' apart,
//    with any '#' (which a release id must not hold) written "%23"; date = the
//    newest publication (else options.published_date); initiationType "tender".
//  - tag: one per stage the notices show, in this order: "tender" (a tender
//    notice), "tenderUpdate" (a correction), "award", "contract",
//    "tenderCancellation" (a termination); ["tender"] when none of these.
//  - parties: each distinct organisation name once, id "party-N" by first
//    appearance (buyer first, then the notices in publication order), roles
//    among buyer (the project's buyer), procuringEntity (a notice's agency) and
//    supplier (an award's or contract's); `buyer` and tender.procuringEntity
//    (the first agency) reference them by id and name.
//  - tender: id = the project code, title, status cancelled (a termination),
//    else complete (an award or contract), else active; value = the first
//    notice's budget_yuan.
//  - awards: one per lot of each award notice ("award-N-lot-M"), or one per
//    award notice without lots ("award-N"): title (lot name, else notice
//    title), date from decided (else published), value from amount_yuan,
//    suppliers. contracts: one per contract notice ("contract-N"): title,
//    dateSigned from signed_on, value from amount_yuan, awardID = the award
//    whose supplier is the contract's, else the newest award; a contract with
//    no award notice at all links to an award "implied-award-N" that holds only
//    its supplier and says so in its description (OCDS requires awardID).
// Amounts: exact decimal strings in 元 → JSON numbers in CNY; an absent or
// unparsable one leaves `value` out. Dates: "YYYY-MM-DD" → "YYYY-MM-DDT00:00:00
// +08:00", a date-time kept as it is, anything else left out. Left out: the
// candidates notices, notice URLs (no documents), tender periods, items,
// copies on other sites, aliases, and the findings themselves. With no
// projects `releases` is empty, which the schema rejects (minItems 1): do not
// publish that package. Pure function; strings are written as they are
// (JSON-escaped: the consumer must escape them for its own medium).
#pragma once
#include <string>
#include <vector>

#include "monitor/checker.h"

namespace gapwatch {

struct OcdsOptions {
  std::string ocid_prefix = "ocds-gapwatch-sg";
  std::string published_date;  // ISO 8601 date-time, +08:00: the package's publishedDate
  // The package's URI: the schema wants an absolute one (format "uri"), e.g.
  // "https://…/report/ocds.json"; a bare "ocds.json" fails a validator that checks formats.
  std::string uri;
  std::string publisher_name = "gapwatch";
};

// The ocds.json bytes: UTF-8 JSON, indented, ending with a newline.
std::string OcdsReleasePackage(const std::vector<Project>& projects, const OcdsOptions& options);

}  // namespace gapwatch
