// An independent WARC reader for gapwatch's tests (tests/crawler/warc_test.cc):
// reads every record of each .warc.gz named on the command line with the
// warcio package (webrecorder's reader, not ours) and prints one JSON object
// per record, one per line.
//
// Each file is read twice: once without HTTP parsing, for the record block as
// stored, and once with it, for the HTTP payload as warcio finds it after the
// HTTP headers. Digests are recomputed twice: by warcio's own WARCSerializer
// (sha256, base32: `warcio_*_digest`, compared with the record's header in
// `*_digest_ok`), and with node:crypto as hex (`block_sha256`,
// `payload_sha256`) so that the caller can compare with its own sha256.
// warcio does not digest warcinfo blocks, nor revisit payloads (those refer to
// another record): there the `warcio_*` fields and `*_ok` are null.
//
// Exit status: 0 every file read; 1 a file could not be read (the message
// says which and why); 2 bad usage or warcio is not installed (scripts/setup
// installs it with `npm ci` in this folder).
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

let warcio;
try {
  warcio = await import("warcio");
} catch (error) {
  process.stderr.write(
    `read_warc.mjs: cannot load the warcio package (${error.message}); ` +
      "run scripts/setup, which runs `npm ci` in tests/crawler/warc_reader\n",
  );
  process.exit(2);
}
const { WARCParser, WARCSerializer, SerializerInMemBuffer } = warcio;

const kDigestOptions = { digest: { algo: "sha-256", prefix: "sha256:", base32: true } };

function concat(chunks) {
  return Buffer.concat(chunks.map((chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
}

function sha256Hex(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

// Lets warcio's serializer digest the record's remaining content; returns the
// digests it computed and the bytes it read. The serializer overwrites the
// record's digest headers, so the caller reads them first.
async function warcioDigests(record) {
  const buffer = new SerializerInMemBuffer();
  const serializer = new WARCSerializer(record, kDigestOptions, buffer);
  await serializer.digestRecord({ recompute: true });
  const bytes = concat(buffer.buffers);
  return {
    block: record.warcHeaders.headers.get("WARC-Block-Digest") ?? null,
    payload: record.warcHeaders.headers.get("WARC-Payload-Digest") ?? null,
    bytes,
  };
}

// Pass 1: the raw block of every record, with its offset and length in the file.
async function readBlocks(path) {
  const parser = new WARCParser(createReadStream(path), { keepHeadersCase: true, parseHttp: false });
  const records = [];
  for await (const record of parser) {
    const headers = record.warcHeaders.headers;
    const field = (name) => headers.get(name) ?? null;
    const entry = {
      file: path,
      index: records.length,
      warc_version: record.warcHeaders.statusline,
      type: record.warcType ?? null,
      target_uri: record.warcTargetURI ?? null,
      record_id: field("WARC-Record-ID"),
      date: record.warcDate ?? null,
      concurrent_to: record.warcConcurrentTo ?? [],
      refers_to: field("WARC-Refers-To"),
      refers_to_target_uri: field("WARC-Refers-To-Target-URI"),
      refers_to_date: field("WARC-Refers-To-Date"),
      profile: field("WARC-Profile"),
      warcinfo_id: field("WARC-Warcinfo-ID"),
      filename: field("WARC-Filename"),
      ip_address: field("WARC-IP-Address"),
      truncated: field("WARC-Truncated"),
      content_type: record.warcContentType ?? null,
      content_length: record.warcContentLength,
      block_digest: field("WARC-Block-Digest"),
      payload_digest: field("WARC-Payload-Digest"),
    };
    const digests = await warcioDigests(record);
    entry.offset = parser.offset;
    entry.length = parser.recordLength;
    entry.block_sha256 = sha256Hex(digests.bytes);
    entry.block_bytes_read = digests.bytes.length;
    entry.warcio_block_digest = entry.type === "warcinfo" ? null : digests.block;
    entry.block_digest_ok = entry.type === "warcinfo" ? null : digests.block === entry.block_digest;
    records.push(entry);
  }
  return records;
}

// Pass 2: the HTTP status and payload of every record, as warcio parses them.
async function readPayloads(path) {
  const parser = new WARCParser(createReadStream(path), { keepHeadersCase: true, parseHttp: true });
  const payloads = [];
  for await (const record of parser) {
    const type = record.warcType;
    const statusLine = record.httpHeaders ? record.httpHeaders.statusline : null;
    const status = type === "request" || !record.httpHeaders ? null : Number(record.httpHeaders.statusCode);
    const digests = await warcioDigests(record);
    const hasPayload = type === "request" || type === "response";
    payloads.push({
      http_status_line: statusLine,
      http_status: status,
      payload_sha256: hasPayload ? sha256Hex(digests.bytes) : null,
      payload_length: hasPayload ? digests.bytes.length : null,
      warcio_payload_digest: hasPayload ? digests.payload : null,
    });
  }
  return payloads;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write("usage: node read_warc.mjs FILE.warc.gz...\n");
  process.exit(2);
}
for (const path of files) {
  let blocks, payloads;
  try {
    blocks = await readBlocks(path);
    payloads = await readPayloads(path);
  } catch (error) {
    process.stderr.write(`read_warc.mjs: ${path}: ${error.stack ?? error}\n`);
    process.exit(1);
  }
  if (blocks.length !== payloads.length) {
    process.stderr.write(`read_warc.mjs: ${path}: ${blocks.length} records in one pass, ${payloads.length} in the other\n`);
    process.exit(1);
  }
  for (let i = 0; i < blocks.length; ++i) {
    const record = { ...blocks[i], ...payloads[i] };
    record.payload_digest_ok =
      record.warcio_payload_digest === null ? null : record.warcio_payload_digest === record.payload_digest;
    process.stdout.write(JSON.stringify(record) + "\n");
  }
}
