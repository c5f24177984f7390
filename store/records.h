// Plain records that flow between the stages: what the crawler captured, what
// the extractor read from it, and what the monitor concluded. No I/O here; the
// store persists them (store/store.h), each stage fills its own.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/notice_text.h"

namespace gapwatch {

// One HTTP exchange as archived. `url` is always the canonical URL (the host
// of sites.yaml), whatever origin it was actually fetched from.
struct Capture {
  long long id = 0;
  std::string site;
  std::string url;
  std::string page;     // "list", "lookup" or "detail": which rules the extractor applies
  std::string source;   // the sites.yaml source that produced the request
  int status = 0;       // HTTP status; 0 when no response (error says why)
  std::string headers;  // response header block as received
  std::string content_type;
  std::string content_encoding;  // of the payload (gzip, br…): it is stored as received
  std::string sha256;            // hex SHA-256 of body (the payload as received)
  std::string body;
  std::string captured_at;  // ISO 8601 with +08:00
  std::string error;        // empty on success
  // "server-not-modified" (a 304) or "identical-payload-digest" (same bytes as
  // before): the payload is the earlier capture's, nothing new is stored.
  std::string revisit;
  int attempts = 1;        // requests made for this capture (retries included)
  bool truncated = false;  // body cut at max_body_bytes
  std::string warc_file;   // WARC evidence: file name under warc/, "" when none
  long long warc_offset = 0;
  long long warc_length = 0;
  std::string warc_record_id;  // for WARC-Refers-To in a later revisit

  // A response whose payload the extractor may read: 2xx, or 304 standing for the earlier 200.
  bool Complete() const { return error.empty() && ((status >= 200 && status < 300) || status == 304); }
};

// One lot (标段/包) of a result notice.
struct Lot {
  std::string name;
  std::string supplier;
  std::optional<std::string> amount_yuan;  // exact decimal string, e.g. "1420000.00"
};

// A notice as extracted and normalised. Dates are ISO 8601 ("2025-03-18" or
// "2025-03-18T09:30:00+08:00"); amounts are exact decimal strings in 元.
struct Notice {
  std::string site;
  std::string url;
  std::string kind;    // tender, award, contract, termination, ... (see parsers/)
  std::string domain;  // procurement, construction, land, ...
  std::string project_code;
  std::string title;
  std::string buyer;
  std::string agency;
  std::string supplier;
  std::optional<std::string> budget_yuan;
  std::optional<std::string> amount_yuan;
  std::optional<std::string> published;
  std::optional<std::string> opening;
  std::optional<std::string> decided;
  std::optional<std::string> signed_on;  // field name "signed" (a C++ keyword)
  std::optional<std::string> delisted;   // a blacklisting's end (移除黑名单日期)
  std::vector<Lot> lots;
  std::vector<std::string> fields_missing;
};

// A Notice as the monitor holds it: the same fields, each string an 8-byte
// handle (store/notice_text.h) instead of a std::string, so that a check can
// hold 10^6 of them in under half the memory (0.52 GB instead of 1.19 GB).
struct HeldNotice {
  NoticeText site;
  NoticeText url;
  NoticeText kind;
  NoticeText domain;
  NoticeText project_code;
  NoticeText title;
  NoticeText buyer;
  NoticeText agency;
  NoticeText supplier;
  OptionalNoticeText budget_yuan;
  OptionalNoticeText amount_yuan;
  OptionalNoticeText published;
  OptionalNoticeText opening;
  OptionalNoticeText decided;
  OptionalNoticeText signed_on;
  OptionalNoticeText delisted;
  SparseList<Lot> lots;
  SparseList<std::string> fields_missing;
};

// A notice together with the capture that proves it, as the monitor sees it.
struct NoticeWithEvidence {
  HeldNotice notice;
  long long notice_id = 0;  // the store's row id: 0 for a notice not (yet) stored
  long long capture_id = 0;
  NoticeText captured_at;
  Sha256Text sha256;
  // The arena the texts are in (Store::Notices: one per connection of the load); none when they own their strings.
  std::shared_ptr<const TextArena> texts;
};

// A mandatory content a notice lacks (field_missing), and the rule that makes it so.
struct MissingContent {
  std::string item;  // a sites.yaml field or content name: experts, amount_yuan, signed…
  std::string rule;  // e.g. GP-12
  bool operator==(const MissingContent&) const = default;
};

struct Evidence {
  std::string url;
  std::string notice_kind;
  std::string published;  // date, or empty when the site gave none
  std::string captured_at;
  std::string sha256;
  std::vector<MissingContent> missing;  // field_missing: what this notice lacks
  // "capture" when the site gave no publication date and `published` is the
  // day gapwatch first captured the notice (DOMAIN.md); "" when the notice's own.
  std::string published_from = "";
};

// One change of a finding at a check (Store::SaveFindings): what it became.
// `event`: opened, late (a *_missing became its *_late: the notice appeared
// after its due date), changed (kind, due date, confidence or evidence),
// resolved, reopened. The daily tick of overdue_working_days is no event.
struct FindingEvent {
  std::string finding_id;
  std::string as_of;     // the check's as_of
  long long run_id = 0;  // the check's run; 0 when unknown (events migrated from before schema 5)
  std::string event;
  std::string kind;  // the finding as it stood after the change
  std::optional<std::string> due;
  std::string status;  // open / resolved
  std::string confidence;
  int overdue_working_days = 0;
};

// An alert in the store's outbox (Store::EnqueueAlert): a message for a
// channel, and how its delivery has gone. Times are Unix seconds.
struct AlertRecord {
  long long id = 0;
  std::string subscription;
  std::string event_key;  // unique within its subscription
  std::string channel;
  std::string subject;
  std::string text;  // the e-mail body
  std::string json;  // the webhook body
  long long created_at = 0;
  int attempts = 0;  // sends tried, the successful one included
  long long next_attempt_at = 0;
  std::optional<long long> sent_at;  // none until sent
  bool abandoned = false;            // given up after too many failed attempts
  std::string last_error;            // the last failed attempt's, "" if none
};

// A finding as gaps.json shows it (docs: ARCHITECTURE.md "report/gaps.json").
struct Finding {
  std::string id;
  std::string kind;
  std::string severity;
  std::string domain;
  std::string site;
  std::string project_code;
  std::string project_title;
  std::string buyer;
  std::optional<std::string> due;  // YYYY-MM-DD, none for kinds without a deadline
  int overdue_working_days = 0;
  std::string rule_id;
  std::string rule_source;
  std::string confidence;  // High / Medium / Low, from data/rules.yaml
  std::vector<Evidence> evidence;
  std::string status = "open";  // open / resolved
  std::string first_seen;       // YYYY-MM-DD: as_of of the first check that raised it
  std::string last_seen;
  // With confidence "calendar_unknown": the first year whose official
  // working-day calendar (the State Council's 节假日安排 notice) is not loaded.
  std::optional<int> calendar_missing_year;
  std::vector<FindingEvent> history;  // oldest first; filled by Store::Findings
};

}  // namespace gapwatch
