#include "monitor/kept_grouping.h"

#include <algorithm>
#include <bit>
#include <future>
#include <map>
#include <unordered_map>

#include "monitor/check_support.h"
#include "monitor/checker.h"

namespace gapwatch {
namespace {

constexpr char kFormat = 3;  // a part's first byte: change it with the layout
// Its second: a part of the whole grouping, or a change to it.
constexpr char kWholePart = 'W', kChangePart = 'C';
// Each record's tag: a project or outline as it is, or the code or id of one gone.
constexpr char kProjectTag = 'p', kOutlineTag = 'o', kProjectGoneTag = 'q', kOutlineGoneTag = 'n';
// A part is cut once it holds this much: a few MB each, read and written whole.
constexpr std::size_t kPartBytes = 4 << 20;

void PutNumber(std::string& out, std::uint64_t value) {  // LEB128
  for (; value >= 0x80; value >>= 7) out.push_back(static_cast<char>(0x80 | (value & 0x7f)));
  out.push_back(static_cast<char>(value));
}
void PutSigned(std::string& out, long long value) { PutNumber(out, static_cast<std::uint64_t>(value)); }
void PutText(std::string& out, std::string_view text) {
  PutNumber(out, text.size());
  out.append(text);
}
void PutReal(std::string& out, double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
}

// Reads what Put* wrote; fails (and stays failed) on bytes cut short or too large.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool ok() const { return ok_; }
  bool AtEnd() const { return at_ == bytes_.size(); }
  std::uint64_t Number() {
    std::uint64_t value = 0;
    for (int shift = 0; ok_ && shift < 64; shift += 7) {
      if (at_ == bytes_.size()) break;
      const auto byte = static_cast<unsigned char>(bytes_[at_++]);
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return value;
    }
    ok_ = false;
    return 0;
  }
  long long Signed() { return static_cast<long long>(Number()); }
  // A count of items each at least `least_bytes` long: never more than the bytes left can hold.
  std::size_t Count(std::size_t least_bytes) {
    const std::uint64_t count = Number();
    if (count > (bytes_.size() - at_) / least_bytes) ok_ = false;
    return ok_ ? static_cast<std::size_t>(count) : 0;
  }
  std::string_view Text() {
    const std::size_t size = Count(1);
    if (!ok_) return {};
    const std::string_view text = bytes_.substr(at_, size);
    at_ += size;
    return text;
  }
  std::uint8_t Byte() {
    if (at_ == bytes_.size()) {
      ok_ = false;
      return 0;
    }
    return static_cast<std::uint8_t>(bytes_[at_++]);
  }
  double Real() {
    if (bytes_.size() - at_ < 8) {
      ok_ = false;
      return 0;
    }
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) {
      bits |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes_[at_++])) << (8 * i);
    }
    return std::bit_cast<double>(bits);
  }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
  bool ok_ = true;
};

// Texts many records share (buyers, sites, kinds), stored once in the arena.
class SharedTexts {
 public:
  explicit SharedTexts(TextArena& arena) : arena_(arena) {}
  const char* operator()(std::string_view text) {
    const auto [found, added] = records_.try_emplace(text, nullptr);
    if (added) found->second = arena_.AddDistinct(text);
    return found->second;
  }

 private:
  TextArena& arena_;
  std::unordered_map<std::string_view, const char*> records_;
};

bool IsAwardOrBlacklist(std::string_view kind) { return kind == "award" || kind == "blacklist"; }

}  // namespace

std::uint8_t KindNumber(std::string_view kind) {
  for (std::size_t k = 0; k < kChainKinds.size(); ++k) {
    if (kChainKinds[k] == kind) return static_cast<std::uint8_t>(k);
  }
  return kOtherKind;
}

bool KeptForTheNextCheck(const HeldNotice& notice) {
  const std::string_view site = notice.site, kind = notice.kind;
  if (checks::IsChainKind(kind)) {
    return site != DesignatedSite(notice.domain) || checks::CanonicalCode(notice.project_code).empty();
  }
  return (site == "credit" && kind == "blacklist") || (site == "portal" && (kind == "plan" || kind == "annual_report"));
}

void LastGroupingWriter::AddProject(std::string_view code, std::string_view title, std::string_view buyer,
                                    std::string_view domain, const KeptGrouping& kept) {
  record_.clear();
  PutText(record_, code);
  for (const std::string* text : {&kept.title, &kept.buyer, &kept.domain, &kept.first_site}) PutText(record_, *text);
  PutSigned(record_, kept.started);
  PutNumber(record_, kept.members.size());
  for (std::size_t i = 0; i < kept.members.size(); ++i) {
    PutSigned(record_, kept.members[i]);
    record_.push_back(static_cast<char>(kept.member_kinds[i].first));
    PutSigned(record_, kept.member_kinds[i].second);
  }
  PutNumber(record_, kept.joined.size());
  for (const long long id : kept.joined) PutSigned(record_, id);
  PutNumber(record_, kept.copies.size());
  for (const auto& [id, confidence] : kept.copies) {
    PutSigned(record_, id);
    PutReal(record_, confidence);
  }
  PutNumber(record_, kept.aliases.size());
  for (const std::string& alias : kept.aliases) PutText(record_, alias);
  // As grouped, only where code-less notices made it differ.
  const bool differs = title != kept.title || buyer != kept.buyer || domain != kept.domain;
  record_.push_back(differs ? 1 : 0);
  if (differs) {
    for (const std::string_view text : {title, buyer, domain}) PutText(record_, text);
  }
  Add(kProjectTag, record_);
}

void LastGroupingWriter::AddProject(const LastGrouping& last, std::size_t project) {
  Add(kProjectTag, last.project_records_[project]);
}

void LastGroupingWriter::AddOutline(const NoticeWithEvidence& item) {
  const HeldNotice& notice = item.notice;
  record_.clear();
  PutSigned(record_, item.notice_id);
  for (const std::string_view text : {notice.site.view(), notice.url.view(), notice.kind.view(), notice.domain.view(),
                                      notice.project_code.view(), notice.title.view(), notice.buyer.view()}) {
    PutText(record_, text);
  }
  PutText(record_, IsAwardOrBlacklist(notice.kind) ? notice.supplier.view() : std::string_view());
  record_.push_back(notice.published ? 1 : 0);
  if (notice.published) PutText(record_, *notice.published);
  PutText(record_, item.captured_at);
  const bool with_lots = notice.kind == "award";
  PutNumber(record_, with_lots ? notice.lots.size() : 0);
  if (with_lots) {
    for (const Lot& lot : notice.lots) {
      PutText(record_, lot.name);
      PutText(record_, lot.supplier);
    }
  }
  Add(kOutlineTag, record_);
}

void LastGroupingWriter::AddOutline(const LastGrouping& last, std::size_t outline) {
  Add(kOutlineTag, last.outline_records_[outline]);
}

void LastGroupingWriter::RemoveProject(std::string_view code) {
  record_.clear();
  PutText(record_, code);
  Add(kProjectGoneTag, record_);
}

void LastGroupingWriter::RemoveOutline(long long id) {
  record_.clear();
  PutSigned(record_, id);
  Add(kOutlineGoneTag, record_);
}

void LastGroupingWriter::Add(char tag, std::string_view record) {
  // A change stays one part, whatever its size.
  if (parts_.empty() || (!change_ && parts_.back().size() >= kPartBytes)) {
    if (sink_ && !parts_.empty()) {
      sink_(parts_.back());
      parts_.pop_back();
    }
    parts_.push_back({kFormat, change_ ? kChangePart : kWholePart});
    parts_.back().reserve(change_ ? 4096 : kPartBytes + record.size() + 16);
  }
  std::string& part = parts_.back();
  part.push_back(tag);
  PutText(part, record);
}

std::vector<std::string> LastGroupingWriter::Parts() && {
  if (parts_.empty()) parts_.push_back({kFormat, change_ ? kChangePart : kWholePart});  // of nothing, still one
  if (sink_) {
    sink_(parts_.back());
    return {};
  }
  return std::move(parts_);
}

std::optional<LastGrouping> LastGrouping::Decode(std::vector<std::string> parts) {
  if (parts.empty()) return std::nullopt;
  LastGrouping last;
  last.parts_ = std::make_shared<const std::vector<std::string>>(std::move(parts));
  // Projects and outlines are decoded apart, on two threads: each has its arena.
  SharedTexts shared(*last.texts_), shared_in_outlines(*last.outline_texts_);
  const auto project = [&](std::string_view record) {
    Reader in(record);
    const std::string_view code = in.Text();
    if (!last.codes_.empty() && !(last.codes_.back() < code)) return false;  // each once, ascending
    Fields fields{};
    fields.kept_title = in.Text();
    fields.kept_buyer = shared(in.Text());
    fields.kept_domain = shared(in.Text());
    fields.first_site = in.Text();
    fields.started = static_cast<std::int32_t>(in.Signed());
    const std::size_t members = in.Count(3);
    for (std::size_t i = 0; i < members && in.ok(); ++i) {
      last.members_.push_back(in.Signed());
      const std::uint8_t kind = in.Byte();
      last.member_kinds_.push_back({kind, static_cast<std::int32_t>(in.Signed())});
    }
    const std::size_t joined = in.Count(1);
    for (std::size_t i = 0; i < joined && in.ok(); ++i) last.joined_.push_back(in.Signed());
    const std::size_t copies = in.Count(9);
    for (std::size_t i = 0; i < copies && in.ok(); ++i) {
      const long long id = in.Signed();
      last.copies_.push_back({id, in.Real()});
    }
    const std::size_t aliases = in.Count(1);
    for (std::size_t i = 0; i < aliases && in.ok(); ++i) last.aliases_.push_back(in.Text());
    if (in.Byte() == 1) {
      fields.title = in.Text();
      fields.buyer = shared(in.Text());
      fields.domain = shared(in.Text());
    } else {
      fields.title = fields.kept_title;
      fields.buyer = fields.kept_buyer;
      fields.domain = fields.kept_domain;
    }
    if (!in.ok() || !in.AtEnd()) return false;
    last.codes_.push_back(code);
    last.project_records_.push_back(record);
    last.projects_.push_back(fields);
    last.member_begin_.push_back(static_cast<std::uint32_t>(last.members_.size()));
    last.joined_begin_.push_back(static_cast<std::uint32_t>(last.joined_.size()));
    last.copies_begin_.push_back(static_cast<std::uint32_t>(last.copies_.size()));
    last.aliases_begin_.push_back(static_cast<std::uint32_t>(last.aliases_.size()));
    return true;
  };
  const auto outline = [&](std::string_view record) {
    Reader in(record);
    NoticeWithEvidence item;
    item.notice_id = in.Signed();
    if (!last.outlines_.empty() && last.outlines_.back().notice_id >= item.notice_id) return false;
    HeldNotice& notice = item.notice;
    TextArena& texts = *last.outline_texts_;
    notice.site = NoticeText::InArena(shared_in_outlines(in.Text()));
    notice.url = NoticeText::InArena(texts.Add(in.Text()));
    notice.kind = NoticeText::InArena(shared_in_outlines(in.Text()));
    notice.domain = NoticeText::InArena(shared_in_outlines(in.Text()));
    notice.project_code = NoticeText::InArena(texts.Add(in.Text()));
    notice.title = NoticeText::InArena(texts.Add(in.Text()));
    notice.buyer = NoticeText::InArena(shared_in_outlines(in.Text()));
    notice.supplier = NoticeText::InArena(shared_in_outlines(in.Text()));
    if (in.Byte() == 1) notice.published = OptionalNoticeText::InArena(texts.Add(in.Text()));
    item.captured_at = NoticeText::InArena(texts.Add(in.Text()));
    const std::size_t lots = in.Count(2);
    for (std::size_t i = 0; i < lots && in.ok(); ++i) {
      const std::string_view name = in.Text();
      notice.lots.push_back({std::string(name), std::string(in.Text()), std::nullopt});
    }
    if (!in.ok() || !in.AtEnd()) return false;
    item.texts = last.outline_texts_;
    last.outlines_.push_back(std::move(item));
    last.outline_records_.push_back(record);
    return true;
  };
  // The whole grouping's records, then each change's applied in turn: a
  // record of a code or id replaces its last, a gone one (empty) removes it.
  std::vector<std::pair<std::string_view, std::string_view>> whole_projects;
  std::vector<std::pair<long long, std::string_view>> whole_outlines;
  std::map<std::string_view, std::string_view> changed_projects;
  std::map<long long, std::string_view> changed_outlines;
  for (const std::string& part : *last.parts_) {
    if (part.size() < 2 || part[0] != kFormat || (part[1] != kWholePart && part[1] != kChangePart)) {
      return std::nullopt;
    }
    const bool change = part[1] == kChangePart;
    if (!change && last.change_bytes_ > 0) return std::nullopt;  // the whole comes first
    (change ? last.change_bytes_ : last.whole_bytes_) += part.size();
    Reader in(std::string_view(part).substr(2));
    std::optional<std::string_view> last_code;  // each part's in ascending order
    std::optional<long long> last_id;
    while (!in.AtEnd()) {
      const std::uint8_t tag = in.Byte();
      const std::string_view record = in.Text();
      if (!in.ok()) return std::nullopt;
      Reader key(record);
      if (tag == kProjectTag || (change && tag == kProjectGoneTag)) {
        const std::string_view code = key.Text();
        if (!key.ok() || last_id || (last_code && !(*last_code < code))) return std::nullopt;
        last_code = code;
        const std::string_view kept = tag == kProjectTag ? record : std::string_view();
        if (change) {
          changed_projects[code] = kept;
        } else {
          whole_projects.emplace_back(code, kept);
        }
      } else if (tag == kOutlineTag || (change && tag == kOutlineGoneTag)) {
        const long long id = key.Signed();
        if (!key.ok() || (last_id && *last_id >= id)) return std::nullopt;
        last_id = id;
        const std::string_view kept = tag == kOutlineTag ? record : std::string_view();
        if (change) {
          changed_outlines[id] = kept;
        } else {
          whole_outlines.emplace_back(id, kept);
        }
      } else {
        return std::nullopt;
      }
    }
  }
  if (last.whole_bytes_ == 0) return std::nullopt;  // changes to nothing kept
  // Merged in order, each record decoded.
  const auto merge = [](const auto& whole, const auto& changed, const auto& decode) {
    auto next_change = changed.begin();
    const auto take = [&](std::string_view record) { return record.empty() || decode(record); };
    for (const auto& [key, record] : whole) {
      for (; next_change != changed.end() && next_change->first < key; ++next_change) {
        if (!take(next_change->second)) return false;
      }
      if (next_change != changed.end() && next_change->first == key) {
        if (!take(next_change->second)) return false;
        ++next_change;
      } else if (!decode(record)) {
        return false;
      }
    }
    for (; next_change != changed.end(); ++next_change) {
      if (!take(next_change->second)) return false;
    }
    return true;
  };
  const std::size_t projects = whole_projects.size() + changed_projects.size();
  last.codes_.reserve(projects);
  last.project_records_.reserve(projects);
  last.projects_.reserve(projects);
  for (std::vector<std::uint32_t>* begin :
       {&last.member_begin_, &last.joined_begin_, &last.copies_begin_, &last.aliases_begin_}) {
    begin->reserve(projects + 1);
  }
  last.outlines_.reserve(whole_outlines.size() + changed_outlines.size());
  last.outline_records_.reserve(whole_outlines.size() + changed_outlines.size());
  std::future<bool> outlines_decoded =
      std::async(std::launch::async, [&] { return merge(whole_outlines, changed_outlines, outline); });
  const bool projects_decoded = merge(whole_projects, changed_projects, project);
  if (!outlines_decoded.get() || !projects_decoded) return std::nullopt;
  return last;
}

std::optional<std::size_t> LastGrouping::Find(std::string_view code) const {
  const auto found = std::lower_bound(codes_.begin(), codes_.end(), code);
  if (found == codes_.end() || *found != code) return std::nullopt;
  return static_cast<std::size_t>(found - codes_.begin());
}

KeptGrouping LastGrouping::Kept(std::size_t p) const {
  KeptGrouping kept;
  kept.title = kept_title(p);
  kept.buyer = text_detail::ReadRecord(kept_buyer(p));
  kept.domain = text_detail::ReadRecord(kept_domain(p));
  kept.first_site = first_site(p);
  kept.started = started(p);
  for (std::size_t i = 0; i < members(p).size(); ++i) {
    kept.members.push_back(members(p)[i]);
    kept.member_kinds.emplace_back(member_kinds(p)[i].kind, member_kinds(p)[i].day);
  }
  kept.joined.assign(joined(p).begin(), joined(p).end());
  for (const LinkedCopy& copy : copies(p)) kept.copies.emplace_back(copy.id, copy.confidence);
  kept.aliases.assign(aliases(p).begin(), aliases(p).end());
  return kept;
}

}  // namespace gapwatch
