// RegroupFromLast against MatchDesignated on random worlds: the last check's
// grouping kept (through its stored bytes), a random change (notices edited,
// removed, added; the day moved on), then the projects the regrouping returns
// must be MatchDesignated's, and every other project must group as before.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "monitor/kept_grouping.h"
#include "monitor/matcher.h"

namespace gapwatch {
namespace {

// A project as a check tells it apart: what it holds and how.
struct Shape {
  std::string title, buyer, domain;
  std::vector<long long> notices;
  std::vector<std::pair<long long, double>> copies;
  std::vector<std::string> aliases;
  bool operator==(const Shape&) const = default;
};
Shape ShapeOf(const Project& project) {
  Shape shape{project.title, std::string(project.buyer), std::string(project.domain), {}, {}, project.aliases};
  for (const NoticeWithEvidence* item : project.notices) shape.notices.push_back(item->notice_id);
  for (const Sighting& copy : project.copies) shape.copies.emplace_back(copy.item->notice_id, copy.confidence);
  return shape;
}
std::map<std::string, Shape> Shapes(const std::vector<Project>& projects) {
  std::map<std::string, Shape> shapes;
  for (const Project& project : projects) shapes.emplace(project.code, ShapeOf(project));
  return shapes;
}

// What a check keeps of `projects` (by code), through its stored bytes.
LastGrouping KeptOf(const std::vector<Project>& projects) {
  LastGroupingWriter writer;
  for (const Project& project : projects) {
    writer.AddProject(project.code, project.title, project.buyer, project.domain, KeepGrouping(project));
  }
  std::optional<LastGrouping> last = LastGrouping::Decode(std::move(writer).Parts());
  if (!last) throw std::logic_error("a grouping written does not decode");
  return std::move(*last);
}

// Small worlds where everything the matcher weighs collides often: a few
// codes (some printed in another case or padded), alike titles, two buyers,
// three sites, dates within months, a fifth without a code.
class World {
 public:
  explicit World(unsigned seed) : random_(seed) {}

  std::size_t Pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_); }

  // Sets one of what the matcher reads (0 site and domain, 1 kind, 2 code,
  // 3 title, 4 buyer, 5 day) to a value picked at random.
  void Set(NoticeWithEvidence& item, std::size_t field) {
    static const std::vector<std::string> kSites = {"procurement", "procurement", "trading", "portal"};
    static const std::vector<std::string> kDomains = {"procurement", "procurement", "construction"};
    static const std::vector<std::string> kKinds = {"tender", "tender", "award", "contract", "candidates", "intention"};
    static const std::vector<std::string> kTitles = {
        "韶关市第一中学实验室设备采购项目",       "韶关市第一中学实验室设备采购项目（二次）",
        "韶关市第二中学实验室设备采购项目",       "韶关市第一中学2025年实验室设备采购项目",
        "韶关市第一中学2024年实验室设备采购项目", "浈江区道路改造工程施工"};
    static const std::vector<std::string> kBuyers = {"韶关市第一中学", "韶关市教育局", ""};
    static const std::vector<std::string> kCodes = {"SG-001", "SG-002", "sg-002", " SG-003", "SG-004", "JY-9", ""};
    HeldNotice& notice = item.notice;
    switch (field) {
      case 0:
        notice.site = kSites[Pick(kSites.size())];
        notice.domain = kDomains[Pick(kDomains.size())];
        break;
      case 1:
        notice.kind = kKinds[Pick(kKinds.size())];
        break;
      case 2:
        notice.project_code = Pick(5) == 0 ? std::string() : kCodes[Pick(kCodes.size())];
        break;
      case 3:
        notice.title = kTitles[Pick(kTitles.size())] + (Pick(2) ? "结果公告" : "招标公告");
        break;
      case 4:
        notice.buyer = kBuyers[Pick(kBuyers.size())];
        break;
      default: {
        const std::string day = Date::Parse("2025-10-01")->AddDays(static_cast<long>(Pick(90))).ToString();
        notice.published = day;
        item.captured_at = day + "T20:00:00+08:00";
      }
    }
  }

  void Add() {
    NoticeWithEvidence& item = notices.emplace_back();
    item.notice_id = ++last_id_;
    item.notice.url = "https://example.gov.cn/" + std::to_string(item.notice_id);
    for (std::size_t field = 0; field < 6; ++field) Set(item, field);
  }

  std::deque<NoticeWithEvidence> notices;  // by id; a deque: the pointers handed out stay valid

 private:
  std::mt19937 random_;
  long long last_id_ = 0;
};

std::vector<NoticeWithEvidence> Copy(const std::deque<NoticeWithEvidence>& notices) {
  std::vector<NoticeWithEvidence> copy;
  for (const NoticeWithEvidence& item : notices) {
    NoticeWithEvidence& made = copy.emplace_back();
    made.notice_id = item.notice_id;
    made.captured_at = std::string(item.captured_at);
    HeldNotice& notice = made.notice;
    notice.site = std::string(item.notice.site);
    notice.url = std::string(item.notice.url);
    notice.kind = std::string(item.notice.kind);
    notice.domain = std::string(item.notice.domain);
    notice.project_code = std::string(item.notice.project_code);
    notice.title = std::string(item.notice.title);
    notice.buyer = std::string(item.notice.buyer);
    if (item.notice.published) notice.published = std::string(*item.notice.published);
  }
  return copy;
}

TEST(RegroupTest, RegroupingFromTheLastGroupingGroupsAsMatchingEverything) {
  int moved_projects = 0, kept_projects = 0, gone_projects = 0;
  for (unsigned seed = 1; seed <= 400; ++seed) {
    World world(seed);
    const std::size_t size = 20 + world.Pick(120);
    for (std::size_t i = 0; i < size; ++i) world.Add();
    const Date first_day = *Date::Parse("2025-12-01");
    const std::vector<NoticeWithEvidence> before = Copy(world.notices);
    const ProjectMatching then = MatchDesignated(before, first_day);
    const LastGrouping last = KeptOf(then.projects);

    // The change: edits, removals, new notices; sometimes a later day.
    std::set<long long> changed_ids;
    std::vector<long long> removed;
    const std::size_t changes = 1 + world.Pick(8);
    for (std::size_t c = 0; c < changes && !world.notices.empty(); ++c) {
      const std::size_t at = world.Pick(world.notices.size());
      switch (world.Pick(4)) {
        case 0:
          removed.push_back(world.notices[at].notice_id);
          changed_ids.erase(world.notices[at].notice_id);
          world.notices.erase(world.notices.begin() + static_cast<std::ptrdiff_t>(at));
          break;
        case 1:
          world.Add();
          changed_ids.insert(world.notices.back().notice_id);
          break;
        default: {
          // One of what the matcher reads, or all of it.
          NoticeWithEvidence& item = world.notices[at];
          const std::size_t field = world.Pick(7);
          for (std::size_t f = 0; f < 6; ++f) {
            if (field == 6 || f == field) world.Set(item, f);
          }
          changed_ids.insert(item.notice_id);
        }
      }
    }
    const Date day = world.Pick(3) == 0 ? first_day.AddDays(static_cast<long>(world.Pick(40))) : first_day;
    std::vector<const NoticeWithEvidence*> changed, all;
    std::map<long long, const NoticeWithEvidence*> by_id;
    for (const NoticeWithEvidence& item : world.notices) {
      all.push_back(&item);
      by_id.emplace(item.notice_id, &item);
      const auto published = checks::PublicationDate(item);
      const bool newly_standing = published && first_day < *published && !(day < *published);
      if (changed_ids.count(item.notice_id) || newly_standing) changed.push_back(&item);
    }
    std::vector<long long> asked;
    const OutlineLoader load = [&](const std::vector<long long>& ids) {
      std::vector<const NoticeWithEvidence*> found;
      for (const long long id : ids) {
        asked.push_back(id);
        if (const auto item = by_id.find(id); item != by_id.end()) found.push_back(item->second);
      }
      return found;
    };
    const Regrouping regrouping = RegroupFromLast(last, changed, removed, all, load, day);

    const std::vector<NoticeWithEvidence> after = Copy(world.notices);
    const ProjectMatching now = MatchDesignated(after, day);
    const std::map<std::string, Shape> expected = Shapes(now.projects), previous = Shapes(then.projects);
    std::map<std::string, Shape> moved = Shapes(regrouping.projects);
    ASSERT_EQ(moved.size(), regrouping.projects.size()) << "seed " << seed;
    for (const auto& [code, shape] : moved) {
      ASSERT_TRUE(expected.count(code)) << "seed " << seed << ": " << code;
      EXPECT_EQ(shape.notices, expected.at(code).notices) << "seed " << seed << ": " << code;
      EXPECT_EQ(shape, expected.at(code)) << "seed " << seed << ": " << code;
    }
    std::set<std::string> gone;
    for (const auto& [code, shape] : expected) {
      if (moved.count(code)) continue;
      ASSERT_TRUE(previous.count(code)) << "seed " << seed << ": new project " << code << " not regrouped";
      EXPECT_EQ(shape, previous.at(code)) << "seed " << seed << ": " << code << " moved unseen";
      const std::optional<std::size_t> kept = last.Find(code);
      ASSERT_TRUE(kept);
      EXPECT_EQ(ShapeOf(RebuildProject(last, *kept, [&](long long id) { return by_id.at(id); })), shape)
          << "seed " << seed << ": " << code << " rebuilt";
    }
    for (const auto& [code, shape] : previous) {
      if (!expected.count(code)) gone.insert(code);
    }
    EXPECT_EQ(std::set<std::string>(regrouping.gone.begin(), regrouping.gone.end()), gone) << "seed " << seed;
    std::unordered_map<long long, std::string> linked;
    for (const Project& project : now.projects) {
      for (const NoticeWithEvidence* item : project.notices) {
        if (checks::CanonicalCode(item->notice.project_code).empty()) linked.emplace(item->notice_id, project.code);
      }
      for (const Sighting& copy : project.copies) linked.emplace(copy.item->notice_id, project.code);
    }
    EXPECT_EQ(regrouping.linked, linked) << "seed " << seed;
    if (::testing::Test::HasFailure()) return;
    moved_projects += static_cast<int>(moved.size());
    kept_projects += static_cast<int>(expected.size() - moved.size());
    gone_projects += static_cast<int>(gone.size());
  }
  // The worlds moved projects, kept others as they were, and lost some.
  EXPECT_GT(moved_projects, 400);
  EXPECT_GT(kept_projects, 400);
  EXPECT_GT(gone_projects, 10);
}

// A loader that lacks a notice the last grouping names (an extract removed it
// after the change log was read) stops the regrouping: without it, the
// notice's project would be grouped wrong, not left out.
TEST(RegroupTest, ANoticeTheLoaderLacksStopsTheRegroupingNamingIt) {
  World world(7);
  for (int i = 0; i < 60; ++i) world.Add();
  const Date day = *Date::Parse("2025-12-01");
  const std::vector<NoticeWithEvidence> notices = Copy(world.notices);
  const LastGrouping last = KeptOf(MatchDesignated(notices, day).projects);
  // A notice of a project of two or more changed: the others of its code are loaded.
  std::size_t touched = 0;
  while (touched < last.size() && last.members(touched).size() < 2) ++touched;
  ASSERT_LT(touched, last.size());
  const NoticeWithEvidence* edited = nullptr;
  for (const NoticeWithEvidence& item : notices) {
    if (item.notice_id == last.members(touched).front()) edited = &item;
  }
  ASSERT_NE(edited, nullptr);
  std::vector<const NoticeWithEvidence*> all;
  for (const NoticeWithEvidence& item : notices) all.push_back(&item);
  const long long lacking = last.members(touched)[1];
  const OutlineLoader without_one = [&](const std::vector<long long>& ids) {
    std::vector<const NoticeWithEvidence*> found;
    for (const NoticeWithEvidence& item : notices) {
      if (item.notice_id != lacking && std::ranges::find(ids, item.notice_id) != ids.end()) found.push_back(&item);
    }
    return found;
  };
  try {
    RegroupFromLast(last, {edited}, {}, all, without_one, day);
    FAIL() << "no MissingOutline";
  } catch (const MissingOutline& missing) {
    EXPECT_EQ(missing.id(), lacking);
  }
}

// The grouping a check keeps reads back as written, its projects and
// outlines copied as they were too; bytes the writer did not write are
// rejected, never half read.
TEST(RegroupTest, KeptGroupingsRoundTripTheirBytesAndRejectOthers) {
  const KeptGrouping kept{"韶关市第一中学实验室设备采购项目",
                          "韶关市第一中学",
                          "procurement",
                          "procurement",
                          20300,
                          {7, 9},
                          {{0, 20300}, {3, 20330}},
                          {12},
                          {{40, 1.0}, {41, 0.9166666666666666}},
                          {"JY-9"}};
  KeptGrouping other = kept;
  other.joined.clear();
  other.aliases.clear();
  NoticeWithEvidence award;
  award.notice_id = 12;
  award.notice.site = "procurement";
  award.notice.url = "http://127.0.0.1/12.html";
  award.notice.kind = "award";
  award.notice.domain = "procurement";
  award.notice.title = "韶关市第一中学实验室设备采购项目结果公告";
  award.notice.buyer = "韶关市第一中学";
  award.notice.supplier = "韶关市某某科技有限公司";
  award.notice.agency = "not an outline's";
  award.notice.published = "2025-08-01";
  award.notice.lots = std::vector<Lot>{{"一标段", "韶关市某某科技有限公司", "100.00"}};
  award.captured_at = "2025-08-02T10:00:00+08:00";
  NoticeWithEvidence blacklisting = award;
  blacklisting.notice_id = 40;
  blacklisting.notice.site = "credit";
  blacklisting.notice.kind = "blacklist";
  blacklisting.notice.published.reset();
  ASSERT_TRUE(KeptForTheNextCheck(award.notice));  // prints no code
  ASSERT_TRUE(KeptForTheNextCheck(blacklisting.notice));

  LastGroupingWriter writer;
  writer.AddProject("SG-001", "韶关市第一中学实验室设备采购项目（二次）", "韶关市教育局", "procurement", kept);
  writer.AddProject("SG-002", other.title, other.buyer, other.domain, other);
  writer.AddOutline(award);
  writer.AddOutline(blacklisting);
  std::vector<std::string> parts = std::move(writer).Parts();
  const std::optional<LastGrouping> last = LastGrouping::Decode(parts);
  ASSERT_TRUE(last);
  ASSERT_EQ(last->size(), 2u);
  EXPECT_EQ(last->Kept(0), kept);
  EXPECT_EQ(last->Kept(1), other);
  EXPECT_EQ(last->title(0), "韶关市第一中学实验室设备采购项目（二次）");
  EXPECT_EQ(NoticeText::InArena(last->buyer(0)), "韶关市教育局");
  EXPECT_EQ(last->title(1), other.title);
  EXPECT_EQ(last->Find("SG-002"), 1u);
  EXPECT_FALSE(last->Find("SG-003"));
  ASSERT_EQ(last->outlines().size(), 2u);
  const NoticeWithEvidence& read = last->outlines()[0];
  EXPECT_EQ(read.notice_id, 12);
  EXPECT_EQ(read.notice.title, award.notice.title);
  EXPECT_EQ(read.notice.supplier, award.notice.supplier);
  EXPECT_EQ(read.notice.agency, "");  // not an outline's field
  EXPECT_EQ(read.notice.published, award.notice.published);
  EXPECT_EQ(read.captured_at, award.captured_at);
  ASSERT_EQ(read.notice.lots.size(), 1u);
  EXPECT_EQ(read.notice.lots[0].supplier, "韶关市某某科技有限公司");
  EXPECT_FALSE(last->outlines()[1].notice.published);

  // Copied as they were, they read back the same.
  LastGroupingWriter again;
  for (std::size_t p = 0; p < last->size(); ++p) again.AddProject(*last, p);
  for (std::size_t n = 0; n < last->outlines().size(); ++n) again.AddOutline(*last, n);
  EXPECT_EQ(std::move(again).Parts(), parts);

  EXPECT_FALSE(LastGrouping::Decode({}));                           // no check kept one
  EXPECT_TRUE(LastGrouping::Decode(LastGroupingWriter().Parts()));  // a grouping of nothing
  const std::string& part = parts.front();
  EXPECT_FALSE(LastGrouping::Decode({part.substr(0, part.size() - 1)}));  // cut short
  EXPECT_FALSE(LastGrouping::Decode({part + "x"}));                       // trailing bytes
  EXPECT_FALSE(LastGrouping::Decode({"\x01" + part.substr(1)}));          // another layout
  LastGroupingWriter disordered;
  disordered.AddProject("SG-002", other.title, other.buyer, other.domain, other);
  disordered.AddProject("SG-001", other.title, other.buyer, other.domain, other);
  EXPECT_FALSE(LastGrouping::Decode(std::move(disordered).Parts()));  // codes out of order
  LastGroupingWriter twice;
  twice.AddOutline(award);
  twice.AddOutline(award);
  EXPECT_FALSE(LastGrouping::Decode(std::move(twice).Parts()));  // an outline twice
  LastGroupingWriter late;
  late.AddOutline(award);
  late.AddProject("SG-001", other.title, other.buyer, other.domain, other);
  EXPECT_FALSE(LastGrouping::Decode(std::move(late).Parts()));  // a project after the outlines
  EXPECT_EQ(KindNumber("award"), 3);
  EXPECT_EQ(KindNumber("intention"), kOtherKind);
}

// A change appended to a grouping (one part) replaces the projects and
// outlines it names and removes those it says are gone; it reads as the
// grouping written whole. Changes that come first, or are out of order, are
// rejected.
TEST(RegroupTest, AChangeAppendedToAGroupingReadsAsTheGroupingWrittenWhole) {
  const auto kept = [](std::int32_t started) {
    KeptGrouping grouping;
    grouping.title = "韶关市第一中学实验室设备采购项目";
    grouping.buyer = "韶关市第一中学";
    grouping.domain = grouping.first_site = "procurement";
    grouping.started = started;
    grouping.members = {started};
    grouping.member_kinds = {{0, started}};
    return grouping;
  };
  const auto outline = [](long long id, std::string_view title) {
    NoticeWithEvidence item;
    item.notice_id = id;
    item.notice.site = "trading";
    item.notice.kind = "award";
    item.notice.domain = "procurement";
    item.notice.title = title;
    return item;
  };
  const auto project = [&](LastGroupingWriter& writer, std::string_view code, std::int32_t started) {
    const KeptGrouping grouping = kept(started);
    writer.AddProject(code, grouping.title, grouping.buyer, grouping.domain, grouping);
  };
  LastGroupingWriter first;
  project(first, "A", 1);
  project(first, "B", 2);
  project(first, "C", 3);
  first.AddOutline(outline(10, "ten"));
  first.AddOutline(outline(20, "twenty"));
  const std::vector<std::string> whole = std::move(first).Parts();
  LastGroupingWriter change = LastGroupingWriter::Change();
  project(change, "AA", 4);  // new
  change.RemoveProject("B");
  project(change, "C", 5);  // moved
  change.RemoveOutline(10);
  change.AddOutline(outline(20, "twenty, edited"));
  change.AddOutline(outline(30, "thirty"));
  const std::vector<std::string> changes = std::move(change).Parts();
  ASSERT_EQ(changes.size(), 1u);
  LastGroupingWriter second = LastGroupingWriter::Change();
  second.RemoveProject("A");
  second.RemoveOutline(30);
  const std::vector<std::string> more = std::move(second).Parts();

  std::vector<std::string> parts = whole;
  parts.insert(parts.end(), changes.begin(), changes.end());
  parts.insert(parts.end(), more.begin(), more.end());
  const std::optional<LastGrouping> last = LastGrouping::Decode(parts);
  ASSERT_TRUE(last);
  LastGroupingWriter expected;
  project(expected, "AA", 4);
  project(expected, "C", 5);
  expected.AddOutline(outline(20, "twenty, edited"));
  const std::optional<LastGrouping> written = LastGrouping::Decode(std::move(expected).Parts());
  ASSERT_TRUE(written);
  ASSERT_EQ(last->size(), written->size());
  for (std::size_t p = 0; p < last->size(); ++p) {
    EXPECT_EQ(last->code(p), written->code(p));
    EXPECT_EQ(last->Kept(p), written->Kept(p));
  }
  ASSERT_EQ(last->outlines().size(), 1u);
  EXPECT_EQ(last->outlines()[0].notice.title, "twenty, edited");
  EXPECT_EQ(last->whole_bytes(), whole.front().size());
  EXPECT_EQ(last->change_bytes(), changes.front().size() + more.front().size());

  EXPECT_FALSE(LastGrouping::Decode(changes));  // changes to no grouping
  std::vector<std::string> change_first = changes;
  change_first.push_back(whole.front());
  EXPECT_FALSE(LastGrouping::Decode(change_first));  // a whole after a change
  LastGroupingWriter disordered = LastGroupingWriter::Change();
  disordered.RemoveProject("C");
  disordered.RemoveProject("A");
  EXPECT_FALSE(LastGrouping::Decode({whole.front(), std::move(disordered).Parts().front()}));
  LastGroupingWriter gone_in_whole;
  gone_in_whole.RemoveProject("A");  // only a change removes
  EXPECT_FALSE(LastGrouping::Decode(std::move(gone_in_whole).Parts()));
}

// What every check reads again, and so the grouping keeps: the chain
// notices matched by title (off their designated site, or without a code),
// blacklistings, departments' plans and reports; nothing else.
TEST(RegroupTest, TheOutlinesKeptAreThoseEveryCheckReadsAgain) {
  const auto notice = [](std::string site, std::string kind, std::string domain, std::string code) {
    HeldNotice held;
    held.site = site;
    held.kind = kind;
    held.domain = domain;
    held.project_code = code;
    return held;
  };
  EXPECT_TRUE(KeptForTheNextCheck(notice("trading", "award", "procurement", "SG-001")));  // a copy
  EXPECT_TRUE(KeptForTheNextCheck(notice("procurement", "award", "procurement", "")));
  EXPECT_TRUE(KeptForTheNextCheck(notice("procurement", "contract", "procurement", " 　")));  // spaces: no code
  EXPECT_FALSE(KeptForTheNextCheck(notice("procurement", "award", "procurement", "SG-001")));
  EXPECT_FALSE(KeptForTheNextCheck(notice("trading", "tender", "construction", "JY-9")));
  EXPECT_TRUE(KeptForTheNextCheck(notice("portal", "tender", "construction", "JY-9")));
  EXPECT_TRUE(KeptForTheNextCheck(notice("credit", "blacklist", "credit", "")));
  EXPECT_TRUE(KeptForTheNextCheck(notice("portal", "plan", "portal", "")));
  EXPECT_TRUE(KeptForTheNextCheck(notice("portal", "annual_report", "portal", "")));
  EXPECT_FALSE(KeptForTheNextCheck(notice("credit", "licence", "credit", "")));
  EXPECT_FALSE(KeptForTheNextCheck(notice("procurement", "intention", "procurement", "")));
  EXPECT_FALSE(KeptForTheNextCheck(notice("trading", "blacklist", "credit", "")));  // not the credit site's
}

// A grouping of many MB is cut into parts of a few; given to a sink as each
// fills, they are the parts kept whole.
TEST(RegroupTest, AGroupingGivenToASinkPartByPartIsTheOneKeptWhole) {
  NoticeWithEvidence copy;
  copy.notice.site = "trading";
  copy.notice.kind = "award";
  copy.notice.domain = "procurement";
  copy.notice.title = std::string(3000, 'x');
  std::vector<std::string> sunk;
  LastGroupingWriter whole, given([&](std::string_view part) { sunk.emplace_back(part); });
  for (long long id = 1; id <= 4000; ++id) {
    copy.notice_id = id;
    whole.AddOutline(copy);
    given.AddOutline(copy);
  }
  EXPECT_TRUE(std::move(given).Parts().empty());
  const std::vector<std::string> parts = std::move(whole).Parts();
  EXPECT_GT(parts.size(), 2u);
  EXPECT_EQ(sunk, parts);
  const std::optional<LastGrouping> last = LastGrouping::Decode(sunk);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->outlines().size(), 4000u);
}

}  // namespace
}  // namespace gapwatch
