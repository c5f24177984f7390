#include "monitor/feeds.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include "monitor/checker.h"
#include "monitor/report.h"
#include "parsers/percent_encode.h"
#include "parsers/utf8.h"

namespace gapwatch {
namespace {

constexpr char32_t kInvalidUtf8 = 0xFFFFFFFF;
constexpr char32_t kReplacement = 0xFFFD;

// The code point that starts at `text[i]`, advancing `i` past it; kInvalidUtf8
// (advancing one byte) for a byte that starts no well-formed UTF-8 sequence.
char32_t NextCodePoint(std::string_view text, std::size_t& i) {
  const utf8::CodePoint code = utf8::Decode(text, i);
  i += code.length;
  return code.valid ? code.value : kInvalidUtf8;
}

// XML 1.0's Char production: no C0 control but TAB, LF and CR, no U+FFFE/U+FFFF.
bool XmlAllows(char32_t code) {
  if (code < 0x20) return code == '\t' || code == '\n' || code == '\r';
  return code != 0xFFFE && code != 0xFFFF;
}

// `text` as XML character data or an attribute value. A parser turns a literal
// CR into LF, and in an attribute TAB and LF into spaces: those are written as
// character references so that the parsed text is exactly `text`.
enum class XmlContext { kText, kAttribute };
std::string Xml(std::string_view text, XmlContext context = XmlContext::kText) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t code = NextCodePoint(text, i);
    if (code == kInvalidUtf8) code = kReplacement;
    if (!XmlAllows(code)) continue;
    switch (code) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += context == XmlContext::kAttribute ? "&#9;" : "\t";
        break;
      case '\n':
        out += context == XmlContext::kAttribute ? "&#10;" : "\n";
        break;
      default:
        utf8::Append(out, code);
    }
  }
  return out;
}

std::string Attribute(std::string_view text) { return Xml(text, XmlContext::kAttribute); }

// What an event that makes an entry says it did; "" for the events that make none.
std::string_view EventTitle(std::string_view event) {
  if (event == "opened") return "新发现";
  if (event == "reopened") return "再次发现";
  if (event == "resolved") return "已解决";
  return "";
}

struct Entry {
  const FindingEvent* event;
  const Finding* finding;
};

// Newest first; the rest only makes the order the same at every generation.
bool NewerFirst(const Entry& a, const Entry& b) {
  return std::tie(b.event->as_of, b.event->run_id, a.event->finding_id, a.event->event) <
         std::tie(a.event->as_of, a.event->run_id, b.event->finding_id, b.event->event);
}

std::string AtomTime(const std::string& as_of) { return as_of + "T00:00:00+08:00"; }

std::string EntryContent(const FindingEvent& event, const Finding& finding) {
  std::string text = "规则 rule: " + finding.rule_id + " " + finding.rule_source + "\n";
  text += "截止日 due: " + event.due.value_or("—") + "\n";
  text += "逾期 overdue: " + std::to_string(event.overdue_working_days) + " 个工作日 working days\n";
  text += "采购人 buyer: " + finding.buyer + "\n";
  text += "项目 project: " + finding.project_code + (finding.project_code.empty() ? "" : " ") + finding.project_title +
          "\n";
  text += "状态 status: " + event.status + " (as of " + event.as_of + ", confidence " + event.confidence + ")\n";
  for (const Evidence& evidence : finding.evidence) {
    text +=
        "证据 evidence: " + evidence.url + " (captured " + evidence.captured_at + ", sha256 " + evidence.sha256 + ")\n";
  }
  return text;
}

std::string EntryXml(const Entry& entry, const std::string& link_root) {
  const FindingEvent& event = *entry.event;
  const Finding& finding = *entry.finding;
  const std::string& project = finding.project_title.empty() ? finding.project_code : finding.project_title;
  std::string xml = "  <entry>\n";
  xml += "    <id>urn:gapwatch:finding:" + PercentEncode(event.finding_id) + ":" + PercentEncode(event.as_of) + ":" +
         PercentEncode(event.event) + ":run-" + std::to_string(event.run_id) + "</id>\n";
  xml += "    <title>" + Xml(std::string(EventTitle(event.event)) + " " + event.kind + ": " + project) + "</title>\n";
  xml += "    <updated>" + Xml(AtomTime(event.as_of)) + "</updated>\n";
  if (!finding.project_code.empty()) {
    xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"" +
           Attribute(link_root + "projects/" + PageSlug(finding.project_code) + ".html") + "\"/>\n";
  }
  for (const Evidence& evidence : finding.evidence) {
    // Only web URLs become links: a feed reader would follow a javascript: one.
    if (IsWebUrl(evidence.url)) xml += "    <link rel=\"related\" href=\"" + Attribute(evidence.url) + "\"/>\n";
  }
  xml += "    <category term=\"" + Attribute(event.kind) + "\"/>\n";
  xml += "    <content type=\"text\">" + Xml(EntryContent(event, finding)) + "</content>\n";
  xml += "  </entry>\n";
  return xml;
}

struct FeedHead {
  std::string path;
  std::string id;
  std::string title;
  std::string page;  // the report page it stands for, relative to the report folder
};

AtomFeed FeedXml(const FeedHead& head, const std::vector<Entry>& entries, const FeedOptions& options,
                 const std::string& link_root) {
  const std::size_t count = std::min(entries.size(), options.max_entries);
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  xml += "  <id>" + Xml(head.id) + "</id>\n";
  xml += "  <title>" + Xml(head.title) + "</title>\n";
  xml +=
      "  <updated>" + Xml(count > 0 ? AtomTime(entries.front().event->as_of) : options.generated_at) + "</updated>\n";
  xml += "  <author><name>gapwatch</name></author>\n";
  xml += "  <generator>gapwatch</generator>\n";
  xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + Attribute(link_root + head.path) + "\"/>\n";
  xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + Attribute(link_root + head.page) + "\"/>\n";
  for (std::size_t i = 0; i < count; ++i) xml += EntryXml(entries[i], link_root);
  xml += "</feed>\n";
  return {head.path, std::move(xml)};
}

bool IsAsciiAlnum(char32_t code) {
  return (code >= 'a' && code <= 'z') || (code >= 'A' && code <= 'Z') || (code >= '0' && code <= '9');
}

bool IsCjkIdeograph(char32_t code) { return (code >= 0x4E00 && code <= 0x9FFF) || (code >= 0x3400 && code <= 0x4DBF); }

}  // namespace

std::string PageSlug(std::string_view name) {
  constexpr std::size_t kReadableBytes = 60;
  std::string readable;
  bool gap = false;  // characters dropped since the last kept one
  for (std::size_t i = 0; i < name.size();) {
    const char32_t code = NextCodePoint(name, i);
    if (!IsAsciiAlnum(code) && !IsCjkIdeograph(code)) {
      gap = true;
      continue;
    }
    std::string kept;
    if (gap && !readable.empty()) kept += '-';
    utf8::Append(kept, code >= 'A' && code <= 'Z' ? code - 'A' + 'a' : code);
    if (readable.size() + kept.size() > kReadableBytes) break;
    readable += kept;
    gap = false;
  }
  return (readable.empty() ? "" : readable + "-") + Sha256Hex(name, 12);
}

std::vector<AtomFeed> FindingFeeds(const std::vector<Finding>& findings, const std::vector<FindingEvent>& events,
                                   const FeedOptions& options) {
  std::string link_root = options.base_url.empty() ? "../" : options.base_url;
  if (link_root.back() != '/') link_root += '/';

  std::unordered_map<std::string_view, const Finding*> finding_by_id;
  for (const Finding& finding : findings) finding_by_id.emplace(finding.id, &finding);
  std::vector<Entry> all;
  for (const FindingEvent& event : events) {
    const auto finding = finding_by_id.find(event.finding_id);
    if (EventTitle(event.event).empty() || finding == finding_by_id.end()) continue;
    all.push_back({&event, finding->second});
  }
  std::sort(all.begin(), all.end(), NewerFirst);

  // Every buyer of `findings` has a feed, so that a subscription outlives a quiet period.
  std::map<std::string, std::vector<Entry>> by_buyer;
  for (const Finding& finding : findings) {
    if (!finding.buyer.empty()) by_buyer[finding.buyer];
  }
  for (const Entry& entry : all) {
    if (!entry.finding->buyer.empty()) by_buyer[entry.finding->buyer].push_back(entry);
  }

  std::vector<AtomFeed> feeds;
  feeds.push_back(
      FeedXml({"feeds/all.atom", "urn:gapwatch:feed:all", options.title, "index.html"}, all, options, link_root));
  for (const auto& [buyer, entries] : by_buyer) {
    const std::string slug = PageSlug(buyer);
    feeds.push_back(FeedXml({"feeds/buyer-" + slug + ".atom", "urn:gapwatch:feed:buyer:" + PercentEncode(slug),
                             options.title + "：" + buyer, "buyers/" + slug + ".html"},
                            entries, options, link_root));
  }
  std::sort(feeds.begin() + 1, feeds.end(), [](const AtomFeed& a, const AtomFeed& b) { return a.path < b.path; });
  return feeds;
}

}  // namespace gapwatch
