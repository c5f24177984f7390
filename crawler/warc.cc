#include "crawler/warc.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <stdexcept>

namespace gapwatch {
namespace {

namespace fs = std::filesystem;

constexpr char kWarcVersion[] = "WARC/1.1";
constexpr char kFilePrefix[] = "gapwatch-";
constexpr char kFileSuffix[] = ".warc.gz";
constexpr char kLockFile[] = ".lock";
// Lines "SIZE NAME": files closed cleanly (or verified by recovery) at that size,
// so that recovery need not re-read every file on every start.
constexpr char kCompleteManifest[] = ".complete";
constexpr size_t kReadChunk = 64 * 1024;
constexpr size_t kMaxWarcHeaderBytes = 1 << 20;
// No record of ours comes near this; it stops garbage from inflating without end.
constexpr size_t kMaxRecordBytes = size_t{2} << 30;

std::string ErrnoText(int error) { return std::strerror(error); }

[[noreturn]] void ThrowErrno(const std::string& what, const std::string& path, int error) {
  throw std::runtime_error("WARC: " + what + " " + path + ": " + ErrnoText(error));
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view text) {
  const auto start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(" \t");
  return text.substr(start, end - start + 1);
}

// --- digests ---------------------------------------------------------------

std::string Digest(const EVP_MD* algorithm, std::initializer_list<std::string_view> pieces) {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  if (context == nullptr || EVP_DigestInit_ex(context, algorithm, nullptr) != 1) {
    EVP_MD_CTX_free(context);
    throw std::runtime_error("WARC: cannot start a digest (OpenSSL)");
  }
  for (std::string_view piece : pieces) EVP_DigestUpdate(context, piece.data(), piece.size());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context, digest, &length);
  EVP_MD_CTX_free(context);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string Base32(std::string_view bytes) {
  std::string text;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      text += kBase32Alphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) text += kBase32Alphabet[(buffer << (5 - bits)) & 31];
  while (text.size() % 8 != 0) text += '=';
  return text;
}

std::optional<std::string> DecodeBase32(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string bytes;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const char* at = std::strchr(kBase32Alphabet, upper);
    if (at == nullptr || upper == '\0') return std::nullopt;
    buffer = (buffer << 5) | static_cast<unsigned>(at - kBase32Alphabet);
    bits += 5;
    if (bits >= 8) {
      bytes += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return bytes;
}

std::optional<std::string> DecodeHex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string bytes;
  for (size_t i = 0; i < text.size(); i += 2) {
    int value = 0;
    for (char c : text.substr(i, 2)) {
      const int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                        : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                        : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                                    : -1;
      if (digit < 0) return std::nullopt;
      value = value * 16 + digit;
    }
    bytes += static_cast<char>(value);
  }
  return bytes;
}

std::string WarcDigestOfRawSha256(std::string_view raw) { return "sha256:" + Base32(raw); }

// Checks a WARC digest header ("ALGORITHM:VALUE", value base32 or hex) against
// the pieces' bytes; "" when it matches, else what is wrong.
std::string CheckDigest(std::string_view header, std::initializer_list<std::string_view> pieces) {
  const auto colon = header.find(':');
  if (colon == std::string_view::npos) return "malformed digest '" + std::string(header) + "'";
  const std::string algorithm_label(header.substr(0, colon));
  const EVP_MD* algorithm = EqualsIgnoreCase(algorithm_label, "sha256")   ? EVP_sha256()
                            : EqualsIgnoreCase(algorithm_label, "sha1")   ? EVP_sha1()
                            : EqualsIgnoreCase(algorithm_label, "sha512") ? EVP_sha512()
                                                                          : nullptr;
  if (algorithm == nullptr) return "unsupported digest algorithm '" + algorithm_label + "'";
  const std::string expected = Digest(algorithm, pieces);
  const std::string_view value = header.substr(colon + 1);
  std::optional<std::string> decoded;
  if (value.size() == expected.size() * 2) decoded = DecodeHex(value);
  if (!decoded || decoded->size() != expected.size()) decoded = DecodeBase32(value);
  if (!decoded || decoded->size() != expected.size()) return "unreadable digest '" + std::string(header) + "'";
  if (*decoded != expected)
    return "digest mismatch: header " + std::string(header) + ", content " + algorithm_label + ":" + Base32(expected);
  return "";
}

// --- record ids and dates ----------------------------------------------------

std::string NewRecordId() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("WARC: no random bytes for a record id");
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static const char* const kHex = "0123456789abcdef";
  std::string id = "<urn:uuid:";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
    id += kHex[bytes[i] >> 4];
    id += kHex[bytes[i] & 15];
  }
  return id + ">";
}

std::string TwoDigits(long value) { return (value < 10 ? "0" : "") + std::to_string(value); }

// "YYYYMMDDHHMMSS" in UTC, for file names.
std::string CompactUtcNow() {
  std::string date = WarcDate(std::chrono::system_clock::now());
  date.erase(
      std::remove_if(date.begin(), date.end(), [](char c) { return c == '-' || c == ':' || c == 'T' || c == 'Z'; }),
      date.end());
  return date;
}

// --- validation of what goes into headers -------------------------------------

void RequireHeaderValue(std::string_view name, std::string_view value) {
  if (value.find_first_of("\r\n") != std::string_view::npos) {
    throw std::invalid_argument("WARC: " + std::string(name) + " contains CR or LF");
  }
}

void RequireUri(std::string_view name, std::string_view uri) {
  if (uri.empty()) throw std::invalid_argument("WARC: " + std::string(name) + " is empty");
  if (uri.find_first_of(" \t\r\n<>\"") != std::string_view::npos) {
    throw std::invalid_argument("WARC: " + std::string(name) + " '" + std::string(uri) +
                                "' has a space, quote or bracket");
  }
}

// An HTTP head as a record block begins: exactly one head, ending in CRLF CRLF.
std::string NormalizedHead(std::string_view name, std::string head) {
  if (head.empty()) throw std::invalid_argument("WARC: " + std::string(name) + " is empty");
  if (!EndsWith(head, "\r\n\r\n")) head += EndsWith(head, "\r\n") ? "\r\n" : "\r\n\r\n";
  if (head.find("\r\n\r\n") != head.size() - 4) {
    throw std::invalid_argument("WARC: " + std::string(name) + " holds more than one HTTP head (keep the final one)");
  }
  return head;
}

// The payload is stored without transfer coding, so a Transfer-Encoding header
// would make readers decode it again: renamed, as other archiving tools do.
std::string WithoutTransferEncoding(std::string head) {
  std::string result;
  size_t start = 0;
  bool first_line = true;
  while (start < head.size()) {
    size_t end = head.find("\r\n", start);
    end = end == std::string::npos ? head.size() : end + 2;
    const std::string_view line(head.data() + start, end - start);
    if (!first_line && line.size() > 18 && EqualsIgnoreCase(line.substr(0, 18), "transfer-encoding:")) {
      result += "X-Archive-Orig-";
    }
    result += line;
    first_line = false;
    start = end;
  }
  return result;
}

// --- gzip members ----------------------------------------------------------------

std::string GzipMember(std::initializer_list<std::string_view> pieces) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("WARC: cannot start gzip compression (zlib)");
  }
  size_t total = 0;
  for (std::string_view piece : pieces) total += piece.size();
  std::string output(deflateBound(&stream, static_cast<uLong>(total)) + 64, '\0');
  stream.next_out = reinterpret_cast<Bytef*>(output.data());
  stream.avail_out = static_cast<uInt>(output.size());
  const std::string_view* last = pieces.end() - 1;
  int status = Z_OK;
  for (const std::string_view* piece = pieces.begin(); piece != pieces.end(); ++piece) {
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece->data()));
    stream.avail_in = static_cast<uInt>(piece->size());
    status = deflate(&stream, piece == last ? Z_FINISH : Z_NO_FLUSH);
    if (status == Z_STREAM_ERROR || stream.avail_in != 0) break;
  }
  const bool finished = status == Z_STREAM_END;
  output.resize(stream.total_out);
  deflateEnd(&stream);
  if (!finished) throw std::runtime_error("WARC: gzip compression failed (zlib)");
  return output;
}

enum class MemberStatus { kComplete, kIncomplete, kBad };

struct Member {
  MemberStatus status = MemberStatus::kBad;
  std::string data;  // inflated bytes
  long long compressed_length = 0;
  std::string error;
};

// Inflates the gzip member starting at `offset` in `fd`, reading no further
// than `file_size`. kIncomplete: the file ends inside the member.
Member InflateMember(int fd, long long offset, long long file_size) {
  Member member;
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) {
    member.error = "cannot start gzip decompression (zlib)";
    return member;
  }
  std::string input(kReadChunk, '\0');
  char output[kReadChunk];
  long long position = offset;
  int status = Z_OK;
  while (true) {
    if (stream.avail_in == 0) {
      if (position >= file_size) {
        member.status = MemberStatus::kIncomplete;
        member.error = "file ends inside a gzip member";
        break;
      }
      const size_t wanted = static_cast<size_t>(std::min<long long>(kReadChunk, file_size - position));
      const ssize_t count = ::pread(fd, input.data(), wanted, position);
      if (count <= 0) {
        member.error = count < 0 ? "read error: " + ErrnoText(errno) : "file shorter than expected";
        break;
      }
      position += count;
      stream.next_in = reinterpret_cast<Bytef*>(input.data());
      stream.avail_in = static_cast<uInt>(count);
    }
    stream.next_out = reinterpret_cast<Bytef*>(output);
    stream.avail_out = sizeof output;
    status = inflate(&stream, Z_NO_FLUSH);
    member.data.append(output, sizeof output - stream.avail_out);
    if (status == Z_STREAM_END) {
      member.status = MemberStatus::kComplete;
      member.compressed_length = static_cast<long long>(stream.total_in);
      break;
    }
    if (status != Z_OK && status != Z_BUF_ERROR) {
      member.error =
          std::string("not a valid gzip member (") + (stream.msg != nullptr ? stream.msg : "zlib error") + ")";
      break;
    }
    if (member.data.size() > kMaxRecordBytes) {
      member.error = "gzip member inflates past the record size limit";
      break;
    }
  }
  inflateEnd(&stream);
  return member;
}

// --- parsing a record ---------------------------------------------------------------

std::string HeaderIn(const std::vector<std::pair<std::string, std::string>>& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

// Parses one whole WARC record (the inflated member) and checks its digests;
// "" on success, else what is wrong.
std::string ParseRecord(std::string data, WarcRecord* record) {
  const auto header_end = data.find("\r\n\r\n");
  if (header_end == std::string::npos || header_end > kMaxWarcHeaderBytes) return "no WARC header block";
  const std::string_view header_block(data.data(), header_end + 2);
  size_t line_start = 0;
  bool first_line = true;
  while (line_start < header_block.size()) {
    const size_t line_end = header_block.find("\r\n", line_start);
    const std::string_view line = header_block.substr(line_start, line_end - line_start);
    line_start = line_end + 2;
    if (first_line) {
      if (line != "WARC/1.1" && line != "WARC/1.0") return "not a WARC record (first line '" + std::string(line) + "')";
      first_line = false;
    } else if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !record->headers.empty()) {
      record->headers.back().second += " " + std::string(Trim(line));  // a folded continuation line
    } else {
      const auto colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0)
        return "malformed WARC header line '" + std::string(line) + "'";
      record->headers.emplace_back(std::string(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1))));
    }
  }
  const std::string length_text = HeaderIn(record->headers, "Content-Length");
  if (length_text.empty() || length_text.size() > 15 ||
      !std::all_of(length_text.begin(), length_text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return "missing or bad Content-Length";
  }
  const size_t block_length = std::stoull(length_text);
  const size_t block_start = header_end + 4;
  if (data.size() != block_start + block_length + 4 || !EndsWith(data, "\r\n\r\n")) {
    return "record length does not match Content-Length " + length_text + " (or no CRLF CRLF after the block)";
  }
  data.resize(block_start + block_length);
  record->block = data.substr(block_start);
  record->type = HeaderIn(record->headers, "WARC-Type");
  record->record_id = HeaderIn(record->headers, "WARC-Record-ID");
  record->date = HeaderIn(record->headers, "WARC-Date");
  record->target_uri = HeaderIn(record->headers, "WARC-Target-URI");
  if (record->type.empty() || record->record_id.empty() || record->date.empty()) {
    return "missing WARC-Type, WARC-Record-ID or WARC-Date";
  }

  const bool http = record->type == "request" || record->type == "response" || record->type == "revisit";
  if (http && !record->block.empty()) {
    const auto head_end = record->block.find("\r\n\r\n");
    if (head_end == std::string::npos) return "HTTP head in the block is not terminated by CRLF CRLF";
    record->http_head = record->block.substr(0, head_end + 4);
    record->payload = record->block.substr(head_end + 4);
    if (record->type != "request") {
      const auto space = record->http_head.find(' ');
      if (space != std::string::npos) record->http_status = std::atoi(record->http_head.c_str() + space + 1);
    }
  } else if (!http) {
    record->payload = record->block;
  }

  const std::string block_digest = HeaderIn(record->headers, "WARC-Block-Digest");
  if (!block_digest.empty()) {
    if (std::string error = CheckDigest(block_digest, {record->block}); !error.empty()) return "block " + error;
  }
  const std::string payload_digest = HeaderIn(record->headers, "WARC-Payload-Digest");
  // A revisit's payload digest is that of the payload it refers to, not stored here.
  if (!payload_digest.empty() && record->type != "revisit") {
    if (std::string error = CheckDigest(payload_digest, {record->payload}); !error.empty()) return "payload " + error;
  }
  return "";
}

// Reads and checks the record at `offset`; error text instead of a record when bad.
struct ReadResult {
  MemberStatus status = MemberStatus::kBad;
  WarcRecord record;
  std::string error;
};

ReadResult ReadRecordAt(int fd, long long offset, long long file_size) {
  ReadResult result;
  Member member = InflateMember(fd, offset, file_size);
  result.status = member.status;
  if (member.status != MemberStatus::kComplete) {
    result.error = member.error;
    return result;
  }
  result.record.offset = offset;
  result.record.length = member.compressed_length;
  result.error = ParseRecord(std::move(member.data), &result.record);
  if (!result.error.empty()) result.status = MemberStatus::kBad;
  return result;
}

// True if any complete, valid record starts after `from`: then the bad member at
// `from` is damage inside the file, not a tail cut short by a crash.
bool ValidRecordAfter(int fd, long long from, long long file_size) {
  std::string window(1 << 20, '\0');
  for (long long position = from + 1; position + 2 < file_size;) {
    const size_t wanted = static_cast<size_t>(std::min<long long>(window.size(), file_size - position));
    const ssize_t count = ::pread(fd, window.data(), wanted, position);
    if (count < 3) return false;
    for (ssize_t i = 0; i + 2 < count; ++i) {
      if (static_cast<unsigned char>(window[i]) == 0x1f && static_cast<unsigned char>(window[i + 1]) == 0x8b &&
          window[i + 2] == 8 && ReadRecordAt(fd, position + i, file_size).status == MemberStatus::kComplete) {
        return true;
      }
    }
    position += count - 2;  // the gzip magic may straddle two windows
  }
  return false;
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

long long FileSize(int fd, const std::string& path) {
  struct stat status {};
  if (::fstat(fd, &status) != 0) ThrowErrno("cannot stat", path, errno);
  return status.st_size;
}

void SyncDirectory(const std::string& directory) {
  FileDescriptor fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) ThrowErrno("cannot sync directory", directory, errno);
}

std::map<std::string, long long> ReadCompleteManifest(const std::string& path) {
  std::map<std::string, long long> sizes;
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return sizes;
  std::string text;
  char buffer[kReadChunk];
  ssize_t count;
  while ((count = ::read(fd.get(), buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<size_t>(count));
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) break;  // a line cut short by a crash: ignored, the file is re-read
    const std::string_view line(text.data() + start, end - start);
    start = end + 1;
    const auto space = line.find(' ');
    if (space == std::string_view::npos || space == 0 || space > 18) continue;
    const std::string size_text(line.substr(0, space));
    if (!std::all_of(size_text.begin(), size_text.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    sizes[std::string(line.substr(space + 1))] = std::stoll(size_text);
  }
  return sizes;
}

void AppendCompleteManifest(const std::string& directory, const std::string& name, long long size) {
  const std::string path = directory + "/" + kCompleteManifest;
  FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (fd.get() < 0) ThrowErrno("cannot open", path, errno);
  const std::string line = std::to_string(size) + " " + name + "\n";
  if (::write(fd.get(), line.data(), line.size()) != static_cast<ssize_t>(line.size()) || ::fsync(fd.get()) != 0) {
    ThrowErrno("cannot write", path, errno);
  }
}

// Truncates `name` in `directory` after its last complete record when its tail
// is not one; returns what was done ("" when nothing).
std::string RecoverFile(const std::string& directory, const std::string& name) {
  const std::string path = directory + "/" + name;
  FileDescriptor fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  if (fd.get() < 0) ThrowErrno("cannot open", path, errno);
  const long long file_size = FileSize(fd.get(), path);
  long long good_end = 0;
  std::string why;
  while (good_end < file_size) {
    const ReadResult result = ReadRecordAt(fd.get(), good_end, file_size);
    if (result.status != MemberStatus::kComplete) {
      why = result.error;
      break;
    }
    good_end += result.record.length;
  }
  if (good_end == file_size) return "";
  if (ValidRecordAfter(fd.get(), good_end, file_size)) {
    throw std::runtime_error("WARC: " + path + ": damaged record at offset " + std::to_string(good_end) + " (" + why +
                             ") followed by valid records; not truncating a damaged file, move it aside");
  }
  const std::string message = name + ": truncated " + std::to_string(file_size - good_end) + " bytes after offset " +
                              std::to_string(good_end) + " (" + why + ")";
  if (good_end == 0) {
    if (::unlink(path.c_str()) != 0) ThrowErrno("cannot remove", path, errno);
    return message + "; no complete record left, file removed";
  }
  if (::ftruncate(fd.get(), good_end) != 0 || ::fsync(fd.get()) != 0) ThrowErrno("cannot truncate", path, errno);
  return message;
}

// The serial number in "gapwatch-YYYYMMDDHHMMSS-NNNNN.warc.gz", or 0.
int SerialOf(const std::string& name) {
  if (name.rfind(kFilePrefix, 0) != 0 || !EndsWith(name, kFileSuffix)) return 0;
  const std::string stem = name.substr(0, name.size() - std::strlen(kFileSuffix));
  const auto dash = stem.rfind('-');
  const std::string digits = stem.substr(dash + 1);
  if (digits.empty() || digits.size() > 9 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return 0;
  }
  return std::stoi(digits);
}

std::string ZeroPadded(int value, size_t width) {
  std::string text = std::to_string(value);
  return text.size() >= width ? text : std::string(width - text.size(), '0') + text;
}

// A record's text around its block: header lines, then the block pieces, then CRLF CRLF.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

std::string HeaderText(const HeaderList& headers) {
  std::string text = std::string(kWarcVersion) + "\r\n";
  for (const auto& [name, value] : headers) text += name + ": " + value + "\r\n";
  return text + "\r\n";
}

std::string RecordMember(HeaderList headers, std::string_view content_type, std::string_view head,
                         std::string_view payload, bool with_payload_digest) {
  headers.emplace_back("WARC-Block-Digest", WarcDigestOfRawSha256(Digest(EVP_sha256(), {head, payload})));
  if (with_payload_digest) headers.emplace_back("WARC-Payload-Digest", WarcSha256Digest(payload));
  headers.emplace_back("Content-Type", std::string(content_type));
  headers.emplace_back("Content-Length", std::to_string(head.size() + payload.size()));
  return GzipMember({HeaderText(headers), head, payload, "\r\n\r\n"});
}

}  // namespace

// --- public helpers -----------------------------------------------------------------

std::string WarcSha256Digest(std::string_view bytes) { return WarcDigestOfRawSha256(Digest(EVP_sha256(), {bytes})); }

std::string WarcDate(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto whole_seconds = floor<seconds>(time);
  const auto whole_days = floor<days>(whole_seconds);
  const year_month_day date{whole_days};
  const hh_mm_ss clock{whole_seconds - whole_days};
  return std::to_string(static_cast<int>(date.year())) + "-" + TwoDigits(static_cast<unsigned>(date.month())) + "-" +
         TwoDigits(static_cast<unsigned>(date.day())) + "T" + TwoDigits(clock.hours().count()) + ":" +
         TwoDigits(clock.minutes().count()) + ":" + TwoDigits(static_cast<long>(clock.seconds().count())) + "Z";
}

std::string WarcDate(std::string_view text) {
  using namespace std::chrono;
  const auto bad = [&]() { return std::invalid_argument("WARC: unreadable date '" + std::string(text) + "'"); };
  const auto number = [&](size_t at, size_t width) {
    if (at + width > text.size()) throw bad();
    int value = 0;
    for (char c : text.substr(at, width)) {
      if (c < '0' || c > '9') throw bad();
      value = value * 10 + (c - '0');
    }
    return value;
  };
  const auto expect = [&](size_t at, char c) {
    if (at >= text.size() || text[at] != c) throw bad();
  };
  // YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)
  const int year = number(0, 4);
  expect(4, '-');
  const int month = number(5, 2);
  expect(7, '-');
  const int day = number(8, 2);
  expect(10, 'T');
  const int hour = number(11, 2);
  expect(13, ':');
  const int minute = number(14, 2);
  expect(16, ':');
  const int second = number(17, 2);
  size_t at = 19;
  std::string fraction;
  if (at < text.size() && text[at] == '.') {
    const size_t start = at++;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    if (at == start + 1 || at > start + 10) throw bad();
    fraction = std::string(text.substr(start, at - start));
  }
  int offset_minutes = 0;
  if (at < text.size() && text[at] == 'Z') {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    const int sign = text[at] == '+' ? 1 : -1;
    const int offset_hours = number(at + 1, 2);
    expect(at + 3, ':');
    const int offset_mins = number(at + 4, 2);
    if (offset_hours > 23 || offset_mins > 59) throw bad();
    offset_minutes = sign * (offset_hours * 60 + offset_mins);
    at += 6;
  } else {
    throw bad();
  }
  const year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                            std::chrono::day{static_cast<unsigned>(day)}};
  if (at != text.size() || !date.ok() || hour > 23 || minute > 59 || second > 59) throw bad();
  const sys_seconds local = sys_days{date} + hours{hour} + minutes{minute} + seconds{second};
  std::string utc = WarcDate(local - minutes{offset_minutes});
  return utc.insert(utc.size() - 1, fraction);
}

std::string WarcRecord::Header(std::string_view name) const { return HeaderIn(headers, name); }

std::string WarcRecord::HttpHeader(std::string_view name) const {
  size_t start = http_head.find("\r\n");
  while (start != std::string::npos && start + 2 < http_head.size()) {
    start += 2;
    const size_t end = http_head.find("\r\n", start);
    const std::string_view line(http_head.data() + start, (end == std::string::npos ? http_head.size() : end) - start);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && EqualsIgnoreCase(Trim(line.substr(0, colon)), name)) {
      return std::string(Trim(line.substr(colon + 1)));
    }
    start = end;
  }
  return "";
}

WarcRecord ReadWarcRecord(const std::string& directory, const WarcLocation& location) {
  const std::string& name = location.file;
  if (name.empty() || name.find('/') != std::string::npos || name[0] == '.' || !EndsWith(name, kFileSuffix)) {
    throw std::invalid_argument("WARC: '" + name + "' is not a WARC file name");
  }
  const std::string path = directory + "/" + name;
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) ThrowErrno("cannot open", path, errno);
  const long long file_size = FileSize(fd.get(), path);
  if (location.offset < 0 || location.offset >= file_size) {
    throw std::runtime_error("WARC: " + path + ": offset " + std::to_string(location.offset) + " is past the end");
  }
  ReadResult result = ReadRecordAt(fd.get(), location.offset, file_size);
  if (result.status == MemberStatus::kComplete && location.length > 0 && result.record.length != location.length) {
    result.error =
        "record is " + std::to_string(result.record.length) + " bytes, not " + std::to_string(location.length);
  }
  if (!result.error.empty()) {
    throw std::runtime_error("WARC: " + path + " at offset " + std::to_string(location.offset) + ": " + result.error);
  }
  return std::move(result.record);
}

std::vector<WarcRecord> ReadWarcFile(const std::string& path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) ThrowErrno("cannot open", path, errno);
  const long long file_size = FileSize(fd.get(), path);
  std::vector<WarcRecord> records;
  for (long long offset = 0; offset < file_size;) {
    ReadResult result = ReadRecordAt(fd.get(), offset, file_size);
    if (!result.error.empty()) {
      throw std::runtime_error("WARC: " + path + " at offset " + std::to_string(offset) + ": " + result.error);
    }
    offset += result.record.length;
    records.push_back(std::move(result.record));
  }
  return records;
}

// --- the writer ---------------------------------------------------------------------

WarcWriter::WarcWriter(std::string directory, long long max_file_bytes, std::string software, WarcInfo info)
    : directory_(std::move(directory)),
      max_file_bytes_(max_file_bytes),
      software_(std::move(software)),
      info_(std::move(info)) {
  if (max_file_bytes_ <= 0) throw std::invalid_argument("WARC: max_file_bytes must be positive");
  RequireHeaderValue("software", software_);
  for (const std::string* value : {&info_.operator_contact, &info_.user_agent, &info_.robots, &info_.description}) {
    RequireHeaderValue("warcinfo field", *value);
  }
  std::error_code error;
  fs::create_directories(directory_, error);
  if (error) throw std::runtime_error("WARC: cannot create directory " + directory_ + ": " + error.message());

  // One writer per directory: recovery must not cut a record another writer is appending.
  const std::string lock_path = directory_ + "/" + kLockFile;
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) ThrowErrno("cannot open", lock_path, errno);
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const int flock_error = errno;
    ::close(lock_fd_);
    lock_fd_ = -1;
    if (flock_error == EWOULDBLOCK) {
      throw std::runtime_error("WARC: " + directory_ + " is in use by another WARC writer (lock " + lock_path + ")");
    }
    ThrowErrno("cannot lock", lock_path, flock_error);
  }

  try {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(directory_)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && name[0] != '.' && EndsWith(name, kFileSuffix)) names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    const auto complete = ReadCompleteManifest(directory_ + "/" + kCompleteManifest);
    bool removed_any = false;
    for (const std::string& name : names) {
      next_serial_ = std::max(next_serial_, SerialOf(name) + 1);
      const std::string path = directory_ + "/" + name;
      const auto known = complete.find(name);
      if (known != complete.end() && known->second == static_cast<long long>(fs::file_size(path))) continue;
      const std::string message = RecoverFile(directory_, name);
      if (!message.empty()) recovery_messages_.push_back(message);
      if (fs::exists(path)) {
        AppendCompleteManifest(directory_, name, static_cast<long long>(fs::file_size(path)));
      } else {
        removed_any = true;
      }
    }
    if (removed_any) SyncDirectory(directory_);
  } catch (const fs::filesystem_error& failure) {
    ::close(lock_fd_);
    throw std::runtime_error("WARC: cannot read directory " + directory_ + ": " + failure.what());
  } catch (...) {
    ::close(lock_fd_);
    throw;
  }
}

WarcWriter::~WarcWriter() {
  try {
    CloseFile();
  } catch (...) {
    // A destructor cannot report; the next writer's recovery checks this file.
  }
  if (fd_ >= 0) ::close(fd_);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void WarcWriter::AppendAll(const std::string& bytes) {
  const std::string path = directory_ + "/" + file_name_;
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t count = ::write(fd_, bytes.data() + written, bytes.size() - written);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) {
      const int write_error = count < 0 ? errno : ENOSPC;
      // Cut the partial record off so that the file still reads cleanly.
      if (::ftruncate(fd_, file_size_) != 0) {
        throw std::runtime_error("WARC: cannot write " + path + ": " + ErrnoText(write_error) +
                                 "; and cannot cut the partial record off: " + ErrnoText(errno));
      }
      ThrowErrno("cannot write", path, write_error);
    }
    written += static_cast<size_t>(count);
  }
  file_size_ += static_cast<long long>(bytes.size());
}

void WarcWriter::StartFile(const std::string& date) {
  CloseFile();
  const std::string stamp = CompactUtcNow();
  std::string path;
  for (;; ++next_serial_) {
    file_name_ = kFilePrefix + stamp + "-" + ZeroPadded(next_serial_, 5) + kFileSuffix;
    path = directory_ + "/" + file_name_;
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ >= 0) break;
    if (errno != EEXIST) {
      const int open_error = errno;
      file_name_.clear();
      ThrowErrno("cannot create", path, open_error);
    }
  }
  ++next_serial_;
  file_size_ = 0;
  file_exchanges_ = 0;
  directory_sync_pending_ = true;

  std::string fields = "software: " + software_ + "\r\nformat: WARC File Format 1.1\r\n" +
                       "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n";
  if (!info_.robots.empty()) fields += "robots: " + info_.robots + "\r\n";
  if (!info_.operator_contact.empty()) fields += "operator: " + info_.operator_contact + "\r\n";
  if (!info_.user_agent.empty()) fields += "http-header-user-agent: " + info_.user_agent + "\r\n";
  if (!info_.description.empty()) fields += "description: " + info_.description + "\r\n";
  file_warcinfo_id_ = NewRecordId();
  HeaderList headers = {{"WARC-Type", "warcinfo"},
                        {"WARC-Record-ID", file_warcinfo_id_},
                        {"WARC-Date", date},
                        {"WARC-Filename", file_name_}};
  try {
    AppendAll(RecordMember(std::move(headers), "application/warc-fields", "", fields, false));
  } catch (...) {
    ::close(fd_);
    fd_ = -1;
    ::unlink(path.c_str());  // a file without its warcinfo is of no use
    file_name_.clear();
    throw;
  }
}

void WarcWriter::CloseFile() {
  if (fd_ < 0) return;
  Flush();
  ::close(fd_);
  fd_ = -1;
  AppendCompleteManifest(directory_, file_name_, file_size_);
  file_name_.clear();
}

void WarcWriter::Flush() {
  if (fd_ < 0) return;
  if (::fsync(fd_) != 0) ThrowErrno("cannot sync", directory_ + "/" + file_name_, errno);
  if (directory_sync_pending_) {
    SyncDirectory(directory_);
    directory_sync_pending_ = false;
  }
}

WarcLocation WarcWriter::WriteResponse(const WarcExchange& exchange) { return WritePair(exchange, nullptr); }

WarcLocation WarcWriter::WriteRevisit(const WarcExchange& exchange, const WarcRevisit& revisit) {
  return WritePair(exchange, &revisit);
}

WarcLocation WarcWriter::WritePair(const WarcExchange& exchange, const WarcRevisit* revisit) {
  RequireUri("target URI", exchange.target_uri);
  RequireHeaderValue("IP address", exchange.ip_address);
  RequireHeaderValue("truncation reason", exchange.truncated);
  const std::string date = exchange.date.empty() ? WarcDate(std::chrono::system_clock::now()) : WarcDate(exchange.date);
  const std::string request_head = NormalizedHead("request head", exchange.request_head);
  const std::string response_head = WithoutTransferEncoding(NormalizedHead("response head", exchange.response_head));

  // The second record's headers beyond the common ones.
  HeaderList second_extra;
  std::string payload_digest;
  if (revisit != nullptr) {
    const bool identical = revisit->profile == kRevisitIdenticalPayloadDigest;
    if (!identical && revisit->profile != kRevisitServerNotModified) {
      throw std::invalid_argument("WARC: unknown revisit profile '" + revisit->profile + "'");
    }
    RequireUri("refers-to target URI", revisit->refers_to_target_uri);
    RequireHeaderValue("refers-to record id", revisit->refers_to_record_id);
    second_extra.emplace_back("WARC-Profile", revisit->profile);
    second_extra.emplace_back("WARC-Refers-To-Target-URI", revisit->refers_to_target_uri);
    second_extra.emplace_back("WARC-Refers-To-Date", WarcDate(revisit->refers_to_date));
    if (!revisit->refers_to_record_id.empty()) {
      second_extra.emplace_back("WARC-Refers-To", revisit->refers_to_record_id);
    }
    if (!revisit->payload_sha256.empty()) {
      const auto raw = DecodeHex(revisit->payload_sha256);
      if (!raw || raw->size() != 32) {
        throw std::invalid_argument("WARC: payload_sha256 '" + revisit->payload_sha256 + "' is not a hex SHA-256");
      }
      payload_digest = WarcDigestOfRawSha256(*raw);
    } else if (identical) {
      payload_digest = WarcSha256Digest(exchange.payload);
    }
    if (!payload_digest.empty()) second_extra.emplace_back("WARC-Payload-Digest", payload_digest);
  } else if (!exchange.truncated.empty()) {
    second_extra.emplace_back("WARC-Truncated", exchange.truncated);
  }

  const std::string request_id = NewRecordId();
  const std::string second_id = NewRecordId();
  const auto encode = [&](const std::string& warcinfo_id, std::string* request_member, std::string* second_member) {
    const auto common = [&](const char* type, const std::string& id, const std::string& concurrent_id) {
      HeaderList headers = {{"WARC-Type", type},
                            {"WARC-Record-ID", id},
                            {"WARC-Date", date},
                            {"WARC-Target-URI", exchange.target_uri},
                            {"WARC-Concurrent-To", concurrent_id},
                            {"WARC-Warcinfo-ID", warcinfo_id}};
      if (!exchange.ip_address.empty()) headers.emplace_back("WARC-IP-Address", exchange.ip_address);
      return headers;
    };
    *request_member = RecordMember(common("request", request_id, second_id), "application/http;msgtype=request",
                                   request_head, exchange.request_body, true);
    HeaderList second = common(revisit != nullptr ? "revisit" : "response", second_id, request_id);
    second.insert(second.end(), second_extra.begin(), second_extra.end());
    *second_member = revisit != nullptr ? RecordMember(std::move(second), "application/http;msgtype=response",
                                                       response_head, "", false)
                                        : RecordMember(std::move(second), "application/http;msgtype=response",
                                                       response_head, exchange.payload, true);
  };

  if (fd_ < 0) StartFile(WarcDate(std::chrono::system_clock::now()));
  std::string request_member, second_member;
  encode(file_warcinfo_id_, &request_member, &second_member);
  const long long pair_size = static_cast<long long>(request_member.size() + second_member.size());
  if (file_exchanges_ > 0 && file_size_ + pair_size > max_file_bytes_) {
    StartFile(WarcDate(std::chrono::system_clock::now()));
    encode(file_warcinfo_id_, &request_member, &second_member);  // now naming the new file's warcinfo
  }
  WarcLocation location{file_name_, file_size_ + static_cast<long long>(request_member.size()),
                        static_cast<long long>(second_member.size()), second_id};
  request_member += second_member;
  AppendAll(request_member);
  ++file_exchanges_;
  return location;
}

}  // namespace gapwatch
