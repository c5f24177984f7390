// What a check keeps for the next check to group again from (RegroupFromLast
// in matcher.h) without reading every notice: each designated project's
// grouping, and the outlines of the notices every check reads again. Stored
// as parts of a few MB (Store::ReplaceLastGrouping), written by
// LastGroupingWriter and read back whole by LastGrouping, which holds 10^6
// notices' projects flat: no allocation per project. Decoding rejects any
// bytes the writer did not write. Pure; thread-safe.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/records.h"

namespace gapwatch {

struct KeptGrouping {
  // As its code alone groups it: the title (ProjectTitle), buyer and domain
  // its notices printing the code give, and its first notice's site and day
  // (days since 1970-01-01).
  std::string title;
  std::string buyer;
  std::string domain;
  std::string first_site;
  std::int32_t started = 0;
  // The designated notices printing its code (ids), and each one's kind
  // (KindNumber) and day, in publication order.
  std::vector<long long> members;
  std::vector<std::pair<std::uint8_t, std::int32_t>> member_kinds;
  std::vector<long long> joined;                     // code-less notices joined by title, ascending
  std::vector<std::pair<long long, double>> copies;  // other sites' notices linked, with confidence, as Project::copies
  std::vector<std::string> aliases;                  // sorted

  bool operator==(const KeptGrouping&) const = default;
};

// A chain kind's number (its place in kChainKinds, checker.h); kOtherKind for any other.
inline constexpr std::uint8_t kOtherKind = 255;
std::uint8_t KindNumber(std::string_view kind);

// Whether the next check reads the notice again whatever changed: a chain
// notice the matcher links by title (it prints no code, or stands off its
// domain's designated site), a blacklisting, a department's plan or report.
bool KeptForTheNextCheck(const HeldNotice& notice);

class LastGrouping;

// Writes the parts: projects in ascending code order, then outlines in
// ascending id order, each new or copied as it was from the last grouping.
// A whole grouping is cut into parts of a few MB; a change to the last one
// (Change()) is one part, appended after its parts (Store::AppendLastGroupingPart):
// a check that moved little writes little.
class LastGroupingWriter {
 public:
  // Each part goes to `sink` once full, when given (the last by Parts()).
  explicit LastGroupingWriter(std::function<void(std::string_view part)> sink = nullptr) : sink_(std::move(sink)) {}
  static LastGroupingWriter Change() {
    LastGroupingWriter writer;
    writer.change_ = true;
    return writer;
  }
  // `title`, `buyer` and `domain` as grouped (with the code-less notices that joined it).
  void AddProject(std::string_view code, std::string_view title, std::string_view buyer, std::string_view domain,
                  const KeptGrouping& kept);
  void AddProject(const LastGrouping& last, std::size_t project);
  // The outline's fields a check reads (Store::NoticeOutlines): a supplier
  // of awards and blacklistings, lots of awards.
  void AddOutline(const NoticeWithEvidence& item);
  void AddOutline(const LastGrouping& last, std::size_t outline);
  // A change's: the project or outline is no more (among the others, in order).
  void RemoveProject(std::string_view code);
  void RemoveOutline(long long id);
  // The parts not given to the sink: every one without a sink.
  std::vector<std::string> Parts() &&;

 private:
  void Add(char tag, std::string_view record);
  std::function<void(std::string_view part)> sink_;
  bool change_ = false;
  std::vector<std::string> parts_;
  std::string record_;
};

// Every designated project of the last grouping, by code, and the outlines kept, by id.
class LastGrouping {
 public:
  struct KindAndDay {
    std::uint8_t kind;
    std::int32_t day;
  };
  struct LinkedCopy {
    long long id;
    double confidence;
  };

  // nullopt for parts LastGroupingWriter did not write (none: no check kept
  // a grouping; it writes one part at least), or changes not after a whole.
  static std::optional<LastGrouping> Decode(std::vector<std::string> parts);

  std::size_t size() const { return codes_.size(); }
  std::optional<std::size_t> Find(std::string_view code) const;
  std::string_view code(std::size_t p) const { return codes_[p]; }
  // As grouped, with the code-less notices that joined it.
  std::string_view title(std::size_t p) const { return projects_[p].title; }
  // Records of a TextArena (NoticeText::InArena), alive while arenas() are.
  const char* buyer(std::size_t p) const { return projects_[p].buyer; }
  const char* domain(std::size_t p) const { return projects_[p].domain; }
  // KeptGrouping's, without a copy.
  std::string_view kept_title(std::size_t p) const { return projects_[p].kept_title; }
  const char* kept_buyer(std::size_t p) const { return projects_[p].kept_buyer; }
  const char* kept_domain(std::size_t p) const { return projects_[p].kept_domain; }
  std::string_view first_site(std::size_t p) const { return projects_[p].first_site; }
  std::int32_t started(std::size_t p) const { return projects_[p].started; }
  std::span<const long long> members(std::size_t p) const { return Slice(members_, member_begin_, p); }
  std::span<const KindAndDay> member_kinds(std::size_t p) const { return Slice(member_kinds_, member_begin_, p); }
  std::span<const long long> joined(std::size_t p) const { return Slice(joined_, joined_begin_, p); }
  std::span<const LinkedCopy> copies(std::size_t p) const { return Slice(copies_, copies_begin_, p); }
  std::span<const std::string_view> aliases(std::size_t p) const { return Slice(aliases_, aliases_begin_, p); }
  KeptGrouping Kept(std::size_t p) const;  // a copy

  // The outlines kept (KeptForTheNextCheck), by id, holding their texts.
  const std::vector<NoticeWithEvidence>& outlines() const { return outlines_; }
  // The bytes of the whole grouping's parts and of the changes after them.
  std::size_t whole_bytes() const { return whole_bytes_; }
  std::size_t change_bytes() const { return change_bytes_; }
  // Where every text viewed here is: keep them while a view may be used.
  std::vector<std::shared_ptr<const TextArena>> arenas() const { return {texts_, outline_texts_}; }

 private:
  friend class LastGroupingWriter;
  struct Fields {
    std::string_view title, kept_title, first_site;
    const char *buyer, *domain, *kept_buyer, *kept_domain;
    std::int32_t started;
  };
  template <typename T>
  static std::span<const T> Slice(const std::vector<T>& items, const std::vector<std::uint32_t>& begin, std::size_t p) {
    return {items.data() + begin[p], begin[p + 1] - begin[p]};
  }

  std::shared_ptr<const std::vector<std::string>> parts_;  // what the views point into
  std::shared_ptr<TextArena> texts_ = std::make_shared<TextArena>();
  std::shared_ptr<TextArena> outline_texts_ = std::make_shared<TextArena>();
  std::vector<std::string_view> codes_;
  std::vector<std::string_view> project_records_;  // each as written, for LastGroupingWriter
  std::vector<Fields> projects_;
  std::vector<std::uint32_t> member_begin_ = {0}, joined_begin_ = {0}, copies_begin_ = {0}, aliases_begin_ = {0};
  std::vector<long long> members_;
  std::vector<KindAndDay> member_kinds_;
  std::vector<long long> joined_;
  std::vector<LinkedCopy> copies_;
  std::vector<std::string_view> aliases_;
  std::vector<NoticeWithEvidence> outlines_;
  std::vector<std::string_view> outline_records_;
  std::size_t whole_bytes_ = 0, change_bytes_ = 0;
};

}  // namespace gapwatch
