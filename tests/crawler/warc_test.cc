// WARC writer and reader (crawler/warc.h) on real files in a temporary
// directory: round trips, digests recomputed here with OpenSSL, rotation,
// crash recovery, and the files read by an independent reader (warcio, from
// the npm registry, via tests/crawler/warc_reader/read_warc.mjs).
#include "crawler/warc.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/process.h"

namespace gapwatch {
namespace {

namespace fs = std::filesystem;

// --- independent helpers: none of these call into crawler/warc.cc --------------

std::string RawSha256(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string Hex(std::string_view bytes) {
  static const char* const kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : bytes) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 15];
  }
  return hex;
}

std::string Sha256Hex(std::string_view bytes) { return Hex(RawSha256(bytes)); }

std::string DecodeHexForTest(const std::string& hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return bytes;
}

// RFC 4648 base32 with padding, as WARC digests are usually written.
std::string Base32(std::string_view bytes) {
  static const char* const kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string text;
  for (size_t group = 0; group < bytes.size(); group += 5) {
    unsigned long long bits = 0;
    const size_t count = std::min<size_t>(5, bytes.size() - group);
    for (size_t i = 0; i < 5; ++i) bits = (bits << 8) | (i < count ? static_cast<unsigned char>(bytes[group + i]) : 0);
    const size_t characters = (count * 8 + 4) / 5;
    for (size_t i = 0; i < 8; ++i) text += i < characters ? kAlphabet[(bits >> (35 - 5 * i)) & 31] : '=';
  }
  return text;
}

std::string WarcSha256(std::string_view bytes) { return "sha256:" + Base32(RawSha256(bytes)); }

std::string Gzip(std::string_view bytes) {
  z_stream stream{};
  deflateInit2(&stream, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  std::string output(deflateBound(&stream, bytes.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(output.data());
  stream.avail_out = static_cast<uInt>(output.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  output.resize(stream.total_out);
  deflateEnd(&stream);
  return output;
}

struct InflatedMember {
  std::string data;
  size_t compressed_length = 0;
};

// Inflates every gzip member of `bytes` in turn; fails the test on anything else.
std::vector<InflatedMember> InflateMembers(std::string_view bytes) {
  std::vector<InflatedMember> members;
  size_t offset = 0;
  while (offset < bytes.size()) {
    z_stream stream{};
    inflateInit2(&stream, 31);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + offset));
    stream.avail_in = static_cast<uInt>(bytes.size() - offset);
    InflatedMember member;
    char output[16384];
    int status = Z_OK;
    while (status == Z_OK) {
      stream.next_out = reinterpret_cast<Bytef*>(output);
      stream.avail_out = sizeof output;
      status = inflate(&stream, Z_NO_FLUSH);
      member.data.append(output, sizeof output - stream.avail_out);
    }
    member.compressed_length = stream.total_in;
    inflateEnd(&stream);
    EXPECT_EQ(status, Z_STREAM_END) << "bad gzip member at offset " << offset;
    if (status != Z_STREAM_END) break;
    offset += member.compressed_length;
    members.push_back(std::move(member));
  }
  return members;
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteBytes(const fs::path& path, std::string_view bytes, bool append) {
  std::ofstream out(path, std::ios::binary | (append ? std::ios::app : std::ios::trunc));
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A record parsed here, from an inflated member, by Content-Length.
struct ParsedRecord {
  std::map<std::string, std::vector<std::string>> headers;
  std::string block;
  std::string Get(const std::string& name) const {
    const auto found = headers.find(name);
    return found == headers.end() ? "" : found->second.front();
  }
};

ParsedRecord ParseMember(const std::string& member) {
  ParsedRecord record;
  const auto header_end = member.find("\r\n\r\n");
  EXPECT_NE(header_end, std::string::npos);
  std::istringstream lines(member.substr(0, header_end));
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "WARC/1.1\r");
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(": ");
    EXPECT_NE(colon, std::string::npos) << line;
    record.headers[line.substr(0, colon)].push_back(line.substr(colon + 2));
  }
  const size_t length = std::stoul(record.Get("Content-Length"));
  EXPECT_EQ(member.size(), header_end + 4 + length + 4) << "one record per member, ending in CRLF CRLF";
  record.block = member.substr(header_end + 4, length);
  EXPECT_EQ(member.substr(header_end + 4 + length), "\r\n\r\n");
  return record;
}

std::vector<std::string> WarcFiles(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 8 && name.substr(name.size() - 8) == ".warc.gz") names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string DeterministicBytes(size_t count, unsigned seed) {
  std::mt19937 random(seed);
  std::string bytes(count, '\0');
  for (char& byte : bytes) byte = static_cast<char>(random() & 0xff);
  return bytes;
}

const std::regex kRecordId("<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>");

// A GET whose payload keeps its content coding (gzip) and holds CR LF CR LF and NULs.
WarcExchange GzipPageExchange(const std::string& path, unsigned seed) {
  const std::string body =
      "<html><body>公告 " + path + "\r\n\r\n" + std::string(3, '\0') + DeterministicBytes(300, seed) + "</body></html>";
  WarcExchange exchange;
  exchange.target_uri = "https://gdgpo.czt.gd.gov.cn" + path;
  exchange.request_head = "GET " + path +
                          " HTTP/1.1\r\nHost: gdgpo.czt.gd.gov.cn\r\nUser-Agent: gapwatch/0.1\r\n"
                          "Accept-Encoding: gzip\r\n\r\n";
  exchange.payload = Gzip(body);
  exchange.response_head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
      "Content-Length: " +
      std::to_string(exchange.payload.size()) + "\r\n\r\n";
  exchange.date = "2025-06-30T08:00:00+08:00";
  exchange.ip_address = "127.0.0.1";
  return exchange;
}

WarcExchange PostExchange() {
  WarcExchange exchange;
  exchange.target_uri = "https://ygp.gdzwfw.gov.cn/ggzy-portal/search/v2/items";
  exchange.request_body = R"({"siteCode":"440200","pageNo":1})";
  exchange.request_head =
      "POST /ggzy-portal/search/v2/items HTTP/1.1\r\nHost: ygp.gdzwfw.gov.cn\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(exchange.request_body.size()) + "\r\n\r\n";
  exchange.response_head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n";
  exchange.payload = R"({"code":200,"data":{"pageData":[]}})";
  exchange.date = "2025-07-01T01:02:03Z";
  return exchange;
}

WarcExchange NotModifiedExchange(const WarcExchange& original) {
  WarcExchange exchange = original;
  exchange.request_head.insert(exchange.request_head.size() - 2, "If-None-Match: \"v1\"\r\n");
  exchange.response_head = "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n";
  exchange.payload.clear();
  exchange.date = "2025-07-02T00:00:00Z";
  return exchange;
}

class WarcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() /
            ("gapwatch-warc-" + std::to_string(::getpid()) + "-" + test->test_suite_name() + "-" + test->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    directory_ = (root_ / "warc").string();
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path root_;
  std::string directory_;
};

// --- writing and reading back ------------------------------------------------------

TEST_F(WarcTest, ResponseRoundTripsWithLinkedRequestAndWarcinfo) {
  const WarcExchange exchange = GzipPageExchange("/gpcms/rest/web/v2/info/getInfoById?id=7", 1);
  WarcLocation location;
  {
    WarcWriter writer(directory_, 1'000'000, "gapwatch/0.1.0", {.operator_contact = "evaluators@example.org"});
    EXPECT_TRUE(writer.recovery_messages().empty());
    location = writer.WriteResponse(exchange);
    writer.Flush();
  }
  EXPECT_TRUE(std::regex_match(location.record_id, kRecordId)) << location.record_id;
  EXPECT_TRUE(std::regex_match(location.file, std::regex(R"(gapwatch-\d{14}-\d{5}\.warc\.gz)"))) << location.file;

  const WarcRecord response = ReadWarcRecord(directory_, location);
  EXPECT_EQ(response.type, "response");
  EXPECT_EQ(response.record_id, location.record_id);
  EXPECT_EQ(response.target_uri, exchange.target_uri);
  EXPECT_EQ(response.date, "2025-06-30T00:00:00Z");  // +08:00 stored as UTC
  EXPECT_EQ(response.http_head, exchange.response_head);
  EXPECT_EQ(response.payload, exchange.payload);  // as received: still gzip
  EXPECT_EQ(response.http_status, 200);
  EXPECT_EQ(response.HttpHeader("content-encoding"), "gzip");
  EXPECT_EQ(response.HttpHeader("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(response.Header("Content-Type"), "application/http;msgtype=response");
  EXPECT_EQ(response.Header("WARC-IP-Address"), "127.0.0.1");
  EXPECT_EQ(response.offset, location.offset);
  EXPECT_EQ(response.length, location.length);

  const std::vector<WarcRecord> records = ReadWarcFile(directory_ + "/" + location.file);
  ASSERT_EQ(records.size(), 3u);
  const WarcRecord& warcinfo = records[0];
  const WarcRecord& request = records[1];
  EXPECT_EQ(warcinfo.type, "warcinfo");
  EXPECT_EQ(warcinfo.offset, 0);
  EXPECT_EQ(warcinfo.Header("Content-Type"), "application/warc-fields");
  EXPECT_EQ(warcinfo.Header("WARC-Filename"), location.file);
  EXPECT_NE(warcinfo.block.find("software: gapwatch/0.1.0\r\n"), std::string::npos) << warcinfo.block;
  EXPECT_NE(warcinfo.block.find("format: WARC File Format 1.1\r\n"), std::string::npos);
  EXPECT_NE(warcinfo.block.find("robots: obey\r\n"), std::string::npos);
  EXPECT_NE(warcinfo.block.find("operator: evaluators@example.org\r\n"), std::string::npos);
  EXPECT_EQ(request.type, "request");
  EXPECT_EQ(request.Header("Content-Type"), "application/http;msgtype=request");
  EXPECT_EQ(request.http_head, exchange.request_head);
  EXPECT_EQ(request.payload, "");
  EXPECT_EQ(request.target_uri, exchange.target_uri);
  EXPECT_EQ(request.Header("WARC-Concurrent-To"), response.record_id);
  EXPECT_EQ(response.Header("WARC-Concurrent-To"), request.record_id);
  EXPECT_EQ(request.Header("WARC-Warcinfo-ID"), warcinfo.record_id);
  EXPECT_EQ(response.Header("WARC-Warcinfo-ID"), warcinfo.record_id);
  EXPECT_EQ(records[2].offset, location.offset);
  EXPECT_EQ(request.offset + request.length, location.offset);
  std::set<std::string> ids;
  for (const WarcRecord& record : records) {
    EXPECT_TRUE(std::regex_match(record.record_id, kRecordId)) << record.record_id;
    ids.insert(record.record_id);
  }
  EXPECT_EQ(ids.size(), 3u);
}

TEST_F(WarcTest, DigestsAndLayoutCheckedIndependently) {
  const WarcExchange page = GzipPageExchange("/a?id=1", 2);
  const WarcExchange post = PostExchange();
  std::vector<WarcLocation> locations;
  {
    WarcWriter writer(directory_, 1'000'000, "gapwatch/0.1.0");
    locations.push_back(writer.WriteResponse(page));
    locations.push_back(writer.WriteResponse(post));
  }
  ASSERT_EQ(locations[0].file, locations[1].file);
  const std::string bytes = ReadBytes(fs::path(directory_) / locations[0].file);
  const std::vector<InflatedMember> members = InflateMembers(bytes);
  ASSERT_EQ(members.size(), 5u);  // warcinfo, then request + response twice

  // Offsets are those of the gzip members; each member is one whole record.
  std::vector<long long> member_offsets;
  long long offset = 0;
  for (const InflatedMember& member : members) {
    member_offsets.push_back(offset);
    offset += static_cast<long long>(member.compressed_length);
  }
  EXPECT_EQ(offset, static_cast<long long>(bytes.size()));
  EXPECT_EQ(locations[0].offset, member_offsets[2]);
  EXPECT_EQ(locations[0].length, static_cast<long long>(members[2].compressed_length));
  EXPECT_EQ(locations[1].offset, member_offsets[4]);
  EXPECT_EQ(locations[1].length, static_cast<long long>(members[4].compressed_length));

  const std::vector<std::pair<std::string, std::string>> expected_head_and_payload = {
      {page.request_head, ""},
      {page.response_head, page.payload},
      {post.request_head, post.request_body},
      {post.response_head, post.payload}};
  for (size_t i = 0; i < members.size(); ++i) {
    SCOPED_TRACE("record " + std::to_string(i));
    const ParsedRecord record = ParseMember(members[i].data);
    EXPECT_EQ(record.Get("WARC-Block-Digest"), WarcSha256(record.block));
    if (i == 0) {
      EXPECT_EQ(record.Get("WARC-Type"), "warcinfo");
      continue;
    }
    const auto& [head, payload] = expected_head_and_payload[i - 1];
    EXPECT_EQ(record.block, head + payload);
    EXPECT_EQ(record.Get("WARC-Payload-Digest"), WarcSha256(payload));
    EXPECT_EQ(record.Get("Content-Length"), std::to_string(head.size() + payload.size()));
    EXPECT_EQ(record.headers.at("WARC-Record-ID").size(), 1u);
    EXPECT_FALSE(record.Get("WARC-Date").empty());
  }
  // The evidence sha256 of ARCHITECTURE.md is the hex SHA-256 of exactly the stored payload.
  EXPECT_EQ(Sha256Hex(ReadWarcRecord(directory_, locations[0]).payload), Sha256Hex(page.payload));
  EXPECT_EQ(WarcSha256Digest(page.payload), WarcSha256(page.payload));
}

TEST_F(WarcTest, RevisitRecordsForNotModifiedAndIdenticalPayload) {
  const WarcExchange original = GzipPageExchange("/detail?id=9", 3);
  WarcLocation first, not_modified, identical;
  {
    WarcWriter writer(directory_, 1'000'000, "gapwatch/0.1.0");
    first = writer.WriteResponse(original);
    not_modified = writer.WriteRevisit(NotModifiedExchange(original), {.profile = kRevisitServerNotModified,
                                                                       .refers_to_target_uri = original.target_uri,
                                                                       .refers_to_date = original.date,
                                                                       .refers_to_record_id = first.record_id,
                                                                       .payload_sha256 = Sha256Hex(original.payload)});
    WarcExchange unchanged = original;
    unchanged.date = "2025-07-03T00:00:00Z";
    identical = writer.WriteRevisit(unchanged, {.profile = kRevisitIdenticalPayloadDigest,
                                                .refers_to_target_uri = original.target_uri,
                                                .refers_to_date = "2025-06-30T00:00:00Z"});
  }
  const WarcRecord revisit304 = ReadWarcRecord(directory_, not_modified);
  EXPECT_EQ(revisit304.type, "revisit");
  EXPECT_EQ(revisit304.Header("WARC-Profile"), "http://netpreserve.org/warc/1.1/revisit/server-not-modified");
  EXPECT_EQ(revisit304.Header("WARC-Refers-To-Target-URI"), original.target_uri);
  EXPECT_EQ(revisit304.Header("WARC-Refers-To-Date"), "2025-06-30T00:00:00Z");
  EXPECT_EQ(revisit304.Header("WARC-Refers-To"), first.record_id);
  EXPECT_EQ(revisit304.Header("WARC-Payload-Digest"), WarcSha256(original.payload));
  EXPECT_EQ(revisit304.Header("WARC-Block-Digest"), WarcSha256(NotModifiedExchange(original).response_head));
  EXPECT_EQ(revisit304.block, NotModifiedExchange(original).response_head);
  EXPECT_EQ(revisit304.http_status, 304);
  EXPECT_EQ(revisit304.payload, "");

  const WarcRecord revisit200 = ReadWarcRecord(directory_, identical);
  EXPECT_EQ(revisit200.Header("WARC-Profile"), "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest");
  EXPECT_EQ(revisit200.Header("WARC-Payload-Digest"), WarcSha256(original.payload));  // computed from the payload
  EXPECT_EQ(revisit200.block, original.response_head);  // the payload itself is not stored again
  EXPECT_EQ(revisit200.http_status, 200);
  EXPECT_EQ(revisit200.date, "2025-07-03T00:00:00Z");

  const std::vector<WarcRecord> records = ReadWarcFile(directory_ + "/" + first.file);
  ASSERT_EQ(records.size(), 7u);
  EXPECT_EQ(records[3].type, "request");
  EXPECT_NE(records[3].http_head.find("If-None-Match: \"v1\""), std::string::npos);
  EXPECT_EQ(records[3].Header("WARC-Concurrent-To"), revisit304.record_id);
  EXPECT_EQ(revisit304.Header("WARC-Concurrent-To"), records[3].record_id);
}

TEST_F(WarcTest, TransferEncodingHeaderIsRenamedSinceThePayloadIsDechunked) {
  WarcExchange exchange = GzipPageExchange("/chunked", 4);
  exchange.response_head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n";
  WarcWriter writer(directory_, 1'000'000, "gapwatch/0.1.0");
  const WarcRecord record = ReadWarcRecord(directory_, writer.WriteResponse(exchange));
  EXPECT_EQ(record.http_head,
            "HTTP/1.1 200 OK\r\nX-Archive-Orig-Transfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n");
  EXPECT_EQ(record.HttpHeader("Transfer-Encoding"), "");
  EXPECT_EQ(record.payload, exchange.payload);
}

TEST_F(WarcTest, WarcDateIsUtcWithZ) {
  EXPECT_EQ(WarcDate("2025-06-30T08:00:00+08:00"), "2025-06-30T00:00:00Z");
  EXPECT_EQ(WarcDate("2025-01-01T02:30:00+08:00"), "2024-12-31T18:30:00Z");
  EXPECT_EQ(WarcDate("2024-02-28T23:00:00-01:30"), "2024-02-29T00:30:00Z");
  EXPECT_EQ(WarcDate("2025-06-30T08:00:00.123Z"), "2025-06-30T08:00:00.123Z");
  EXPECT_EQ(WarcDate(std::chrono::sys_days{std::chrono::year{2025} / 3 / 4} + std::chrono::seconds{3723}),
            "2025-03-04T01:02:03Z");
  for (const char* bad : {"", "2025-06-30", "2025-06-30T08:00:00", "2025-02-30T00:00:00Z", "2025-06-30T24:00:00Z",
                          "2025-06-30 08:00:00Z", "2025-06-30T08:00:00+0800", "2025-06-30T08:00:00Zjunk"}) {
    EXPECT_THROW(WarcDate(bad), std::invalid_argument) << bad;
  }
}

TEST_F(WarcTest, BadExchangesAreRejectedBeforeAnythingIsWritten) {
  WarcWriter writer(directory_, 1'000'000, "gapwatch/0.1.0");
  const WarcExchange good = GzipPageExchange("/x", 5);
  WarcExchange bad = good;
  bad.target_uri = "";
  EXPECT_THROW(writer.WriteResponse(bad), std::invalid_argument);
  bad.target_uri = "https://example.org/a\r\nWARC-Type: metadata";
  EXPECT_THROW(writer.WriteResponse(bad), std::invalid_argument);
  bad = good;
  bad.response_head = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n";
  EXPECT_THROW(writer.WriteResponse(bad), std::invalid_argument);
  bad = good;
  bad.date = "yesterday";
  EXPECT_THROW(writer.WriteResponse(bad), std::invalid_argument);
  bad = good;
  bad.ip_address = "1.2.3.4\n";
  EXPECT_THROW(writer.WriteResponse(bad), std::invalid_argument);
  EXPECT_THROW(writer.WriteRevisit(good, {.profile = "server-not-modified",
                                          .refers_to_target_uri = good.target_uri,
                                          .refers_to_date = good.date}),
               std::invalid_argument);
  EXPECT_THROW(writer.WriteRevisit(good, {.profile = kRevisitServerNotModified,
                                          .refers_to_target_uri = good.target_uri,
                                          .refers_to_date = good.date,
                                          .payload_sha256 = "abc"}),
               std::invalid_argument);
  EXPECT_TRUE(WarcFiles(directory_).empty());

  // A head missing its final blank line is completed, not rejected.
  WarcExchange unterminated = good;
  unterminated.request_head = "GET /x HTTP/1.1\r\nHost: gdgpo.czt.gd.gov.cn\r\n";
  const WarcRecord record = ReadWarcFile(directory_ + "/" + writer.WriteResponse(unterminated).file)[1];
  EXPECT_EQ(record.http_head, "GET /x HTTP/1.1\r\nHost: gdgpo.czt.gd.gov.cn\r\n\r\n");
}

TEST_F(WarcTest, RotatesBeforeAFileWouldPassMaxBytesEachFileStartingWithWarcinfo) {
  constexpr long long kMaxFileBytes = 6000;
  std::vector<std::pair<WarcExchange, WarcLocation>> written;
  {
    WarcWriter writer(directory_, kMaxFileBytes, "gapwatch/0.1.0");
    for (unsigned i = 0; i < 12; ++i) {
      WarcExchange exchange = GzipPageExchange("/page/" + std::to_string(i), 100 + i);
      exchange.payload = DeterministicBytes(1500, 200 + i);  // incompressible: about 1.6 kB per exchange
      written.emplace_back(exchange, writer.WriteResponse(exchange));
    }
  }
  const std::vector<std::string> files = WarcFiles(directory_);
  EXPECT_GE(files.size(), 3u);
  std::set<std::string> files_used;
  for (const auto& [exchange, location] : written) files_used.insert(location.file);
  EXPECT_EQ(files_used, std::set<std::string>(files.begin(), files.end()));
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    EXPECT_LE(static_cast<long long>(fs::file_size(fs::path(directory_) / file)), kMaxFileBytes);
    const std::vector<WarcRecord> records = ReadWarcFile(directory_ + "/" + file);
    ASSERT_GE(records.size(), 3u);
    EXPECT_EQ(records[0].type, "warcinfo");
    EXPECT_EQ(records[0].Header("WARC-Filename"), file);
    for (size_t i = 1; i < records.size(); ++i) {
      EXPECT_EQ(records[i].type, i % 2 == 1 ? "request" : "response");
      EXPECT_EQ(records[i].Header("WARC-Warcinfo-ID"), records[0].record_id);
    }
  }
  for (const auto& [exchange, location] : written) {
    const WarcRecord record = ReadWarcRecord(directory_, location);
    EXPECT_EQ(record.target_uri, exchange.target_uri);
    EXPECT_EQ(record.payload, exchange.payload);
  }
}

TEST_F(WarcTest, AnExchangeLargerThanMaxBytesStillGetsAFile) {
  WarcWriter writer(directory_, 100, "gapwatch/0.1.0");
  const WarcLocation first = writer.WriteResponse(GzipPageExchange("/big/1", 6));
  const WarcLocation second = writer.WriteResponse(GzipPageExchange("/big/2", 7));
  EXPECT_NE(first.file, second.file);
  EXPECT_EQ(ReadWarcFile(directory_ + "/" + first.file).size(), 3u);
  EXPECT_EQ(ReadWarcFile(directory_ + "/" + second.file).size(), 3u);
}

TEST_F(WarcTest, EachWriterStartsItsOwnFile) {
  WarcLocation first, second;
  {
    WarcWriter writer(directory_, 1'000'000, "gapwatch/0.1.0");
    first = writer.WriteResponse(GzipPageExchange("/1", 8));
  }
  {
    WarcWriter writer(directory_, 1'000'000, "gapwatch/0.1.0");
    EXPECT_TRUE(writer.recovery_messages().empty());
  }
  EXPECT_EQ(WarcFiles(directory_).size(), 1u);  // no record, no file
  {
    WarcWriter writer(directory_, 1'000'000, "gapwatch/0.1.0");
    second = writer.WriteResponse(GzipPageExchange("/2", 9));
  }
  EXPECT_NE(first.file, second.file);
  EXPECT_LT(first.file.substr(first.file.size() - 13), second.file.substr(second.file.size() - 13));  // serials
  EXPECT_EQ(ReadWarcRecord(directory_, first).target_uri, "https://gdgpo.czt.gd.gov.cn/1");
}

TEST_F(WarcTest, OneWriterPerDirectory) {
  WarcWriter writer(directory_, 1'000'000, "gapwatch/0.1.0");
  try {
    WarcWriter second(directory_, 1'000'000, "gapwatch/0.1.0");
    FAIL() << "a second writer on the same directory was allowed";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(directory_), std::string::npos) << error.what();
  }
}

TEST_F(WarcTest, UncreatableDirectoryErrorNamesThePath) {
  WriteBytes(root_ / "not-a-directory", "x", false);
  const std::string directory = (root_ / "not-a-directory" / "warc").string();
  try {
    WarcWriter writer(directory, 1'000'000, "gapwatch/0.1.0");
    FAIL() << "no error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(directory), std::string::npos) << error.what();
  }
}

TEST_F(WarcTest, ReadingRejectsPathsOutsideTheDirectoryAndTamperedRecords) {
  WarcLocation location;
  {
    WarcWriter writer(directory_, 1'000'000, "gapwatch/0.1.0");
    location = writer.WriteResponse(GzipPageExchange("/t", 10));
  }
  EXPECT_THROW(ReadWarcRecord(directory_, {.file = "../x.warc.gz"}), std::invalid_argument);
  EXPECT_THROW(ReadWarcRecord(directory_, {.file = ".complete"}), std::invalid_argument);
  EXPECT_THROW(ReadWarcRecord(directory_, {.file = location.file, .offset = location.offset + 1}), std::runtime_error);

  // A well-formed gzip member whose payload no longer matches its digest.
  const std::string bytes = ReadBytes(fs::path(directory_) / location.file);
  std::string record = InflateMembers(bytes.substr(location.offset)).front().data;
  record[record.size() - 10] ^= 1;
  const std::string tampered_name = "gapwatch-20250101000000-00099.warc.gz";
  WriteBytes(fs::path(directory_) / tampered_name, Gzip(record), false);
  try {
    ReadWarcRecord(directory_, {.file = tampered_name});
    FAIL() << "tampered record read without error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("digest mismatch"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find(tampered_name), std::string::npos) << error.what();
  }
}

// --- crash recovery ------------------------------------------------------------------

class WarcRecoveryTest : public WarcTest {
 protected:
  // Three exchanges in one closed file; returns their locations.
  std::vector<WarcLocation> WriteThree() {
    std::vector<WarcLocation> locations;
    WarcWriter writer(directory_, 1'000'000, "gapwatch/0.1.0");
    for (unsigned i = 0; i < 3; ++i)
      locations.push_back(writer.WriteResponse(GzipPageExchange("/r/" + std::to_string(i), 20 + i)));
    return locations;
  }
  fs::path FileOf(const WarcLocation& location) const { return fs::path(directory_) / location.file; }

  // Reopens the directory and writes one more exchange; every file must then read cleanly.
  std::vector<std::string> ReopenAndWrite(const std::vector<WarcLocation>& still_readable) {
    std::vector<std::string> messages;
    {
      WarcWriter writer(directory_, 1'000'000, "gapwatch/0.1.0");
      messages = writer.recovery_messages();
      const WarcLocation added = writer.WriteResponse(GzipPageExchange("/after-restart", 30));
      EXPECT_EQ(ReadWarcRecord(directory_, added).target_uri, "https://gdgpo.czt.gd.gov.cn/after-restart");
    }
    for (const std::string& file : WarcFiles(directory_))
      EXPECT_NO_THROW(ReadWarcFile(directory_ + "/" + file)) << file;
    for (const WarcLocation& location : still_readable) EXPECT_NO_THROW(ReadWarcRecord(directory_, location));
    return messages;
  }
};

TEST_F(WarcRecoveryTest, PartialGzipMemberAtTheEndIsCutOff) {
  const std::vector<WarcLocation> locations = WriteThree();
  const fs::path file = FileOf(locations[0]);
  const auto complete_size = fs::file_size(file);
  const std::string bytes = ReadBytes(file);
  // Half of a real member, as a crash in the middle of write() would leave it.
  WriteBytes(file, bytes.substr(locations[2].offset, locations[2].length / 2), true);

  const std::vector<std::string> messages = ReopenAndWrite(locations);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find(locations[0].file), std::string::npos) << messages[0];
  EXPECT_NE(messages[0].find("truncated " + std::to_string(locations[2].length / 2) + " bytes"), std::string::npos)
      << messages[0];
  EXPECT_EQ(fs::file_size(file), complete_size);
  EXPECT_EQ(ReadWarcFile(file.string()).size(), 7u);
}

TEST_F(WarcRecoveryTest, FileCutMidRecordIsTruncatedToItsLastCompleteRecord) {
  const std::vector<WarcLocation> locations = WriteThree();
  const fs::path file = FileOf(locations[0]);
  fs::resize_file(file, static_cast<uintmax_t>(locations[2].offset + locations[2].length / 2));

  const std::vector<std::string> messages = ReopenAndWrite({locations[0], locations[1]});
  ASSERT_EQ(messages.size(), 1u);
  // The last response is gone; its request, a complete record, stays.
  EXPECT_EQ(static_cast<long long>(fs::file_size(file)), locations[2].offset);
  const std::vector<WarcRecord> records = ReadWarcFile(file.string());
  ASSERT_EQ(records.size(), 6u);
  EXPECT_EQ(records.back().type, "request");
}

TEST_F(WarcRecoveryTest, GarbageAfterTheLastRecordIsCutOff) {
  const std::vector<WarcLocation> locations = WriteThree();
  const fs::path file = FileOf(locations[0]);
  const auto complete_size = fs::file_size(file);
  WriteBytes(file, std::string(4096, '\0'), true);  // a zero-filled tail, as a crash can leave on ext4
  EXPECT_EQ(ReopenAndWrite(locations).size(), 1u);
  EXPECT_EQ(fs::file_size(file), complete_size);
}

TEST_F(WarcRecoveryTest, FileOfAWriterThatDiedWithoutClosingIsCheckedAndKept) {
  // A child process writes, flushes and dies without running any destructor.
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      auto* writer = new WarcWriter(directory_, 1'000'000, "gapwatch/0.1.0");
      writer->WriteResponse(GzipPageExchange("/died/1", 40));
      writer->WriteResponse(GzipPageExchange("/died/2", 41));
      writer->Flush();
    } catch (...) {
      ::_exit(1);
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const std::vector<std::string> files = WarcFiles(directory_);
  ASSERT_EQ(files.size(), 1u);
  const auto size = fs::file_size(fs::path(directory_) / files[0]);

  EXPECT_TRUE(ReopenAndWrite({}).empty());  // read through, nothing to cut
  EXPECT_EQ(fs::file_size(fs::path(directory_) / files[0]), size);
  EXPECT_EQ(ReadWarcFile(directory_ + "/" + files[0]).size(), 5u);
}

TEST_F(WarcRecoveryTest, FileWithoutAnyCompleteRecordIsRemoved) {
  fs::create_directories(directory_);
  const std::string name = "gapwatch-20250101000000-00007.warc.gz";
  WriteBytes(fs::path(directory_) / name, Gzip(std::string(2000, 'w')).substr(0, 40), false);
  WarcLocation added;
  {
    WarcWriter writer(directory_, 1'000'000, "gapwatch/0.1.0");
    ASSERT_EQ(writer.recovery_messages().size(), 1u);
    EXPECT_NE(writer.recovery_messages()[0].find("removed"), std::string::npos) << writer.recovery_messages()[0];
    added = writer.WriteResponse(GzipPageExchange("/new", 50));
  }
  EXPECT_FALSE(fs::exists(fs::path(directory_) / name));
  EXPECT_EQ(added.file.substr(added.file.size() - 14), "-00008.warc.gz");  // serials continue, never reused
}

TEST_F(WarcRecoveryTest, DamageBeforeValidRecordsIsReportedNotTruncated) {
  const std::vector<WarcLocation> locations = WriteThree();
  const fs::path file = FileOf(locations[0]);
  std::string bytes = ReadBytes(file);
  bytes[locations[1].offset + locations[1].length / 2] ^= 0x55;  // inside the second response
  // A cut-short tail as well, so that the file is read through (a file closed
  // cleanly and unchanged in size is not re-read at every start).
  bytes += bytes.substr(locations[2].offset, 20);
  WriteBytes(file, bytes, false);
  try {
    WarcWriter writer(directory_, 1'000'000, "gapwatch/0.1.0");
    FAIL() << "a damaged file was accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("damaged record at offset " + std::to_string(locations[1].offset)),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(ReadBytes(file), bytes);  // left as it was, for a person to look at
}

// --- an independent reader: warcio (npm) ----------------------------------------------

// Runs read_warc.mjs on `files`; fails the test (never skips) when node or warcio is missing.
std::vector<nlohmann::json> ReadWithWarcio(const std::vector<std::string>& files) {
  const std::string script = std::string(GAPWATCH_SOURCE_DIR) + "/tests/crawler/warc_reader/read_warc.mjs";
  std::vector<std::string> arguments = {"/usr/bin/env", "node", script};
  arguments.insert(arguments.end(), files.begin(), files.end());
  const testing::CommandResult result = testing::RunCommand(arguments);
  if (result.exit_status == 127) {
    ADD_FAILURE() << "node is not installed (run scripts/setup): " << result.err;
    return {};
  }
  if (result.exit_status != 0) {
    ADD_FAILURE() << "read_warc.mjs failed with status " << result.exit_status
                  << " (if warcio is missing, run scripts/setup):\n"
                  << result.err;
    return {};
  }
  EXPECT_EQ(result.err, "") << "warcio warned while reading";
  std::vector<nlohmann::json> records;
  std::istringstream lines(result.out);
  std::string line;
  while (std::getline(lines, line)) records.push_back(nlohmann::json::parse(line));
  return records;
}

std::string OrNull(const nlohmann::json& value) { return value.is_null() ? "<null>" : value.get<std::string>(); }

TEST_F(WarcTest, WarcioReadsEveryRecordAndVerifiesEveryDigest) {
  struct Expected {
    std::string type;
    WarcExchange exchange;
    WarcLocation location;
    std::string profile;
    std::string payload_digest;
  };
  std::vector<Expected> expected;  // response and revisit records, in writing order
  {
    // Small files, so that rotation is read too.
    WarcWriter writer(directory_, 3000, "gapwatch/0.1.0", {.user_agent = "gapwatch/0.1.0 (+contact)"});
    for (unsigned i = 0; i < 6; ++i) {
      const WarcExchange page = GzipPageExchange("/list?page=" + std::to_string(i), 60 + i);
      expected.push_back({"response", page, writer.WriteResponse(page), "", WarcSha256(page.payload)});
    }
    const WarcExchange post = PostExchange();
    expected.push_back({"response", post, writer.WriteResponse(post), "", WarcSha256(post.payload)});
    WarcExchange empty = GzipPageExchange("/empty", 70);
    empty.payload.clear();
    empty.response_head = "HTTP/1.1 204 No Content\r\n\r\n";
    expected.push_back({"response", empty, writer.WriteResponse(empty), "", WarcSha256("")});
    const Expected original = expected[0];
    const WarcExchange not_modified = NotModifiedExchange(original.exchange);
    expected.push_back({"revisit", not_modified,
                        writer.WriteRevisit(not_modified, {.profile = kRevisitServerNotModified,
                                                           .refers_to_target_uri = original.exchange.target_uri,
                                                           .refers_to_date = original.exchange.date,
                                                           .refers_to_record_id = original.location.record_id,
                                                           .payload_sha256 = Sha256Hex(original.exchange.payload)}),
                        kRevisitServerNotModified, WarcSha256(original.exchange.payload)});
    expected.push_back({"revisit", original.exchange,
                        writer.WriteRevisit(original.exchange, {.profile = kRevisitIdenticalPayloadDigest,
                                                                .refers_to_target_uri = original.exchange.target_uri,
                                                                .refers_to_date = original.exchange.date}),
                        kRevisitIdenticalPayloadDigest, WarcSha256(original.exchange.payload)});
  }
  const std::vector<std::string> names = WarcFiles(directory_);
  ASSERT_GE(names.size(), 2u);
  std::vector<std::string> paths;
  for (const std::string& name : names) paths.push_back(directory_ + "/" + name);
  const std::vector<nlohmann::json> records = ReadWithWarcio(paths);
  ASSERT_EQ(records.size(), names.size() + 2 * expected.size()) << "every record read";

  std::map<std::string, nlohmann::json> by_id;
  for (const nlohmann::json& record : records) by_id[record["record_id"].get<std::string>()] = record;
  ASSERT_EQ(by_id.size(), records.size()) << "record ids are unique";

  // Every record, whatever its type: WARC/1.1, digests that warcio recomputes and we do too.
  std::map<std::string, std::string> warcinfo_of_file;
  for (const nlohmann::json& record : records) {
    SCOPED_TRACE(record.dump());
    EXPECT_EQ(record["warc_version"], "WARC/1.1");
    const std::string file = fs::path(record["file"].get<std::string>()).filename().string();
    if (record["type"] == "warcinfo") {
      EXPECT_EQ(record["index"], 0);
      EXPECT_EQ(record["offset"], 0);
      EXPECT_EQ(record["filename"], file);
      EXPECT_EQ(record["content_type"], "application/warc-fields");
      warcinfo_of_file[file] = record["record_id"];
      // warcio does not digest warcinfo blocks: our own SHA-256 of the block it read.
      EXPECT_EQ(record["block_digest"], "sha256:" + Base32(DecodeHexForTest(record["block_sha256"])));
      continue;
    }
    EXPECT_EQ(record["block_digest_ok"], true);
    EXPECT_EQ(record["warcio_block_digest"], record["block_digest"]);
    EXPECT_EQ(record["block_digest"], "sha256:" + Base32(DecodeHexForTest(record["block_sha256"])));
    EXPECT_EQ(record["block_bytes_read"], record["content_length"]);
    EXPECT_EQ(record["warcinfo_id"], warcinfo_of_file[file]);
    if (record["type"] != "revisit") {
      EXPECT_EQ(record["payload_digest_ok"], true);
      EXPECT_EQ(record["payload_digest"], "sha256:" + Base32(DecodeHexForTest(record["payload_sha256"])));
    }
    ASSERT_EQ(record["concurrent_to"].size(), 1u);
    const std::string partner = record["concurrent_to"][0];
    ASSERT_EQ(by_id.count(partner), 1u) << "Concurrent-To names a record in the files";
    EXPECT_EQ(by_id[partner]["concurrent_to"][0], record["record_id"]) << "linked both ways";
    EXPECT_EQ(by_id[partner]["target_uri"], record["target_uri"]);
    EXPECT_EQ(by_id[partner]["file"], record["file"]);
  }

  // What was written, found where the writer said it put it.
  for (const Expected& want : expected) {
    SCOPED_TRACE(want.exchange.target_uri + " " + want.type);
    ASSERT_EQ(by_id.count(want.location.record_id), 1u);
    const nlohmann::json& record = by_id[want.location.record_id];
    EXPECT_EQ(fs::path(record["file"].get<std::string>()).filename().string(), want.location.file);
    EXPECT_EQ(record["offset"], want.location.offset);
    EXPECT_EQ(record["length"], want.location.length);
    EXPECT_EQ(record["type"], want.type);
    EXPECT_EQ(record["target_uri"], want.exchange.target_uri);
    EXPECT_EQ(record["content_type"], "application/http;msgtype=response");
    EXPECT_EQ(record["payload_digest"], want.payload_digest);
    EXPECT_EQ(record["block_sha256"],
              Sha256Hex(want.type == "revisit" ? want.exchange.response_head
                                               : want.exchange.response_head + want.exchange.payload));
    const int status = std::stoi(want.exchange.response_head.substr(9, 3));
    EXPECT_EQ(record["http_status"], status);
    const nlohmann::json& request = by_id[record["concurrent_to"][0].get<std::string>()];
    EXPECT_EQ(request["type"], "request");
    EXPECT_EQ(request["payload_sha256"], Sha256Hex(want.exchange.request_body));
    EXPECT_EQ(request["block_sha256"], Sha256Hex(want.exchange.request_head + want.exchange.request_body));
    if (want.type == "response") {
      EXPECT_EQ(record["payload_sha256"], Sha256Hex(want.exchange.payload));  // the evidence sha256
      EXPECT_EQ(OrNull(record["profile"]), "<null>");
    } else {
      EXPECT_EQ(record["profile"], want.profile);
      EXPECT_EQ(record["refers_to_target_uri"], expected[0].exchange.target_uri);
      EXPECT_EQ(record["refers_to_date"], "2025-06-30T00:00:00Z");
    }
  }
  EXPECT_EQ(by_id[expected[8].location.record_id]["refers_to"], expected[0].location.record_id);
}

TEST_F(WarcRecoveryTest, WarcioReadsRecoveredFilesCleanly) {
  const std::vector<WarcLocation> locations = WriteThree();
  const fs::path file = FileOf(locations[0]);
  fs::resize_file(file, static_cast<uintmax_t>(locations[2].offset + locations[2].length - 7));
  ReopenAndWrite({locations[0], locations[1]});
  std::vector<std::string> paths;
  for (const std::string& name : WarcFiles(directory_)) paths.push_back(directory_ + "/" + name);
  ASSERT_EQ(paths.size(), 2u);
  const std::vector<nlohmann::json> records = ReadWithWarcio(paths);
  ASSERT_EQ(records.size(), 6u + 3u);
  for (const nlohmann::json& record : records) {
    EXPECT_NE(record["block_digest_ok"], false) << record.dump();
    EXPECT_NE(record["payload_digest_ok"], false) << record.dump();
  }
}

}  // namespace
}  // namespace gapwatch
