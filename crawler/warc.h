// Evidence as WARC 1.1 (ISO 28500:2017) files: `.warc.gz`, one gzip member per
// record, in one directory (`warc/` beside the store file).
// WarcWriter writes each HTTP exchange as a `request` and a `response` record
// linked both ways by WARC-Concurrent-To, or as a `request` and a `revisit`
// (profile server-not-modified for a 304, identical-payload-digest for an
// unchanged 200) whose block is the HTTP response head. Every record carries
// WARC-Record-ID, WARC-Date, WARC-Block-Digest (and, but for warcinfo,
// WARC-Target-URI, and WARC-Payload-Digest unless a 304 revisit is not told
// the earlier payload's sha256), digests as `sha256:` + base32; the response
// block is the head and payload exactly as given (payload as received:
// transfer coding removed, content coding kept), except that a Transfer-Encoding
// header is renamed X-Archive-Orig-Transfer-Encoding, since the payload is no
// longer transfer-coded. A record's WarcLocation (file name, offset of its
// gzip member, member length) is what the store keeps.
// Files: each writer starts its own file, gapwatch-YYYYMMDDHHMMSS-NNNNN.warc.gz,
// beginning with a `warcinfo` record, at its first record, and a new one when
// the next exchange would take the current file past max_file_bytes; it never
// appends to an earlier file. Each record (request and response together)
// goes to disk in one write() to a file opened O_APPEND; Flush() fsyncs.
// Recovery: the constructor reads every *.warc.gz in the directory member by
// member and truncates a file whose tail is not a complete, digest-correct
// record back to its last such record (a file left with none is removed);
// recovery_messages() says what was cut. A file closed cleanly (or already
// recovered) is listed with its size in `.complete` there and is not read again
// while its size is unchanged, so a start does not re-read years of evidence.
// A bad member followed by good ones is damage, not a crash, and is never
// truncated: the constructor throws.
// Errors: std::runtime_error naming the path and the errno text (directory not
// creatable, lock held by another writer, write failure, disk full: a failed
// write is cut back off the file first); std::invalid_argument for a bad
// exchange (empty target URI, CR/LF in a header value, unreadable date).
// Thread-safety: one writer per directory at a time (an flock on `.lock` there
// enforces it across processes); a WarcWriter is not for concurrent use.
// ReadWarcRecord is a free function, safe anywhere, also beside a writer.
#pragma once
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gapwatch {

inline constexpr char kRevisitServerNotModified[] = "http://netpreserve.org/warc/1.1/revisit/server-not-modified";
inline constexpr char kRevisitIdenticalPayloadDigest[] =
    "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";

struct WarcLocation {
  std::string file{};       // file name relative to the WARC directory
  long long offset = 0;     // byte offset of the record's gzip member in the file
  long long length = 0;     // length of that member in bytes
  std::string record_id{};  // "<urn:uuid:…>", for WARC-Refers-To in a later revisit
};

// One HTTP exchange as the crawler saw it.
struct WarcExchange {
  std::string target_uri{};     // canonical URL (the one the store knows), no CR/LF/space
  std::string request_head{};   // request line + headers as sent, "GET /p HTTP/1.1\r\nHost: …\r\n\r\n"
  std::string request_body{};   // may be empty
  std::string response_head{};  // status line + headers as received (the final response's only)
  std::string payload{};        // body as received: transfer coding removed, content coding kept
  std::string date{};           // capture time, ISO 8601 with Z or ±hh:mm (stored as UTC …Z); "" = now
  std::string ip_address{};     // optional WARC-IP-Address
  std::string truncated{};      // optional WARC-Truncated reason ("length", "time", "disconnect")
};

// What a revisit refers to: the earlier capture whose payload is unchanged.
struct WarcRevisit {
  std::string profile{};               // kRevisitServerNotModified or kRevisitIdenticalPayloadDigest
  std::string refers_to_target_uri{};  // the earlier capture's URI
  std::string refers_to_date{};        // its date (as WarcExchange::date)
  std::string refers_to_record_id{};   // optional WARC-Refers-To, "<urn:uuid:…>"
  // Hex SHA-256 of the earlier payload (the evidence sha256), for WARC-Payload-Digest.
  // identical-payload-digest: taken from exchange.payload when empty; server-not-modified: optional.
  std::string payload_sha256{};
};

// Optional warcinfo fields beside software, format and conformsTo.
struct WarcInfo {
  std::string operator_contact{};  // `operator`
  std::string user_agent{};        // `http-header-user-agent`
  std::string robots = "obey";     // `robots`
  std::string description{};       // `description`
};

class WarcWriter {
 public:
  // Creates `directory` if missing, takes its lock and recovers its files.
  // max_file_bytes: a file is rotated before an exchange would take it past this
  // (a file holds at least one exchange, whatever its size).
  WarcWriter(std::string directory, long long max_file_bytes, std::string software, WarcInfo info = {});
  ~WarcWriter();  // fsyncs and closes; never throws
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;

  // Writes `request` + `response`; returns the response record's location.
  WarcLocation WriteResponse(const WarcExchange& exchange);
  // Writes `request` + `revisit` (block: exchange.response_head; exchange.payload is not stored).
  WarcLocation WriteRevisit(const WarcExchange& exchange, const WarcRevisit& revisit);
  // Durable point: after it returns, every record written so far is on disk.
  void Flush();

  const std::string& directory() const { return directory_; }
  // One line per file recovery changed: "FILE: truncated N bytes after offset M (why)"
  // (plus "; no complete record left, file removed" when nothing was left).
  const std::vector<std::string>& recovery_messages() const { return recovery_messages_; }

 private:
  WarcLocation WritePair(const WarcExchange& exchange, const WarcRevisit* revisit);
  void StartFile(const std::string& date);
  void CloseFile();
  void AppendAll(const std::string& bytes);

  std::string directory_;
  long long max_file_bytes_;
  std::string software_;
  WarcInfo info_;
  std::vector<std::string> recovery_messages_;
  int lock_fd_ = -1;
  int fd_ = -1;
  std::string file_name_;  // current file, "" before the first record
  std::string file_warcinfo_id_;
  long long file_size_ = 0;
  long long file_exchanges_ = 0;
  int next_serial_ = 1;
  bool directory_sync_pending_ = false;
};

// A record read back from a WARC file.
struct WarcRecord {
  std::string type;                                          // WARC-Type
  std::string record_id;                                     // WARC-Record-ID
  std::string date;                                          // WARC-Date
  std::string target_uri;                                    // WARC-Target-URI ("" for warcinfo)
  std::vector<std::pair<std::string, std::string>> headers;  // every WARC header, in order
  std::string block;                                         // the whole record block
  std::string http_head;  // request/response/revisit: the HTTP head, ending in \r\n\r\n
  std::string payload;    // the block after http_head (for warcinfo: the whole block)
  int http_status = 0;    // response/revisit: the HTTP status code
  long long offset = 0;   // where its gzip member starts in the file
  long long length = 0;   // the member's length

  std::string Header(std::string_view name) const;      // WARC header value, case-insensitive; "" if absent
  std::string HttpHeader(std::string_view name) const;  // HTTP header value, case-insensitive; "" if absent
};

// Reads the record at `location` in `directory`, checking the gzip CRC and both
// digests (not a revisit's payload digest: it names the payload referred to).
// Throws std::runtime_error naming the file and offset on anything
// unreadable or a digest mismatch, std::invalid_argument on a file name that is
// not a plain *.warc.gz name (no directory parts).
WarcRecord ReadWarcRecord(const std::string& directory, const WarcLocation& location);
// Every record of a .warc.gz file, checked as ReadWarcRecord checks them.
std::vector<WarcRecord> ReadWarcFile(const std::string& path);

// "sha256:" + RFC 4648 base32 (padded) of the SHA-256 of `bytes`: WARC digest form.
std::string WarcSha256Digest(std::string_view bytes);
// An ISO 8601 time (…Z, or with a ±hh:mm offset, optional fraction) as WARC-Date
// in UTC, e.g. "2025-06-30T00:00:00Z"; throws std::invalid_argument if unreadable.
std::string WarcDate(std::string_view iso8601);
std::string WarcDate(std::chrono::system_clock::time_point time);

}  // namespace gapwatch
