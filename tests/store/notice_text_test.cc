#include "store/notice_text.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/records.h"

namespace gapwatch {
namespace {

TEST(NoticeTextTest, ReadsWhatItWasGivenFromAnArenaOrItsOwn) {
  TextArena arena;
  const std::string long_title(300, 'x');  // past the one-byte size of a record
  const NoticeText stored = NoticeText::InArena(arena.Add("韶关市水务局"));
  const NoticeText long_stored = NoticeText::InArena(arena.Add(long_title));
  NoticeText owned;
  EXPECT_TRUE(owned.empty());
  owned = std::string("tender");
  EXPECT_EQ(stored, "韶关市水务局");
  EXPECT_EQ(long_stored.view(), long_title);
  EXPECT_EQ(owned, "tender");
  EXPECT_LT(owned, NoticeText("tenders"));
  EXPECT_EQ(std::string(stored) + "/" + std::string(owned), "韶关市水务局/tender");
}

TEST(NoticeTextTest, ACopyOfAnOwnedTextOutlivesTheOriginal) {
  auto original = std::make_unique<NoticeText>("2025-03-20");
  const NoticeText copy = *original;
  original.reset();
  EXPECT_EQ(copy, "2025-03-20");
}

TEST(NoticeTextTest, AnOptionalTextTellsNoneFromEmpty) {
  TextArena arena;
  OptionalNoticeText none = OptionalNoticeText::InArena(nullptr);
  const OptionalNoticeText empty = OptionalNoticeText::InArena(arena.Add(""));
  EXPECT_FALSE(none);
  EXPECT_EQ(none.value_or("undated"), "undated");
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, "");
  none = std::string("2025-03-18T09:30:00+08:00");
  EXPECT_EQ(*none, "2025-03-18T09:30:00+08:00");
  none.reset();
  EXPECT_FALSE(none.has_value());
}

TEST(NoticeTextTest, ANoticeKeepsTheArenaOfItsLoadAlive) {
  NoticeWithEvidence kept;
  {
    auto arena = std::make_shared<TextArena>();
    NoticeWithEvidence loaded;
    loaded.notice.title = NoticeText::InArena(arena->Add("韶关市河道综合整治工程招标公告"));
    loaded.texts = arena;
    kept = loaded;
  }
  EXPECT_EQ(kept.notice.title, "韶关市河道综合整治工程招标公告");
}

TEST(SparseListTest, ReadsAsTheVectorItWasGiven) {
  SparseList<std::string> missing;
  EXPECT_TRUE(missing.empty());
  EXPECT_EQ(missing.begin(), missing.end());
  missing = std::vector<std::string>{"experts", "signed"};
  SparseList<std::string> copy = missing;
  missing = std::vector<std::string>{};
  EXPECT_TRUE(missing.empty());
  ASSERT_EQ(copy.size(), 2u);
  EXPECT_EQ(copy[1], "signed");
  copy.push_back("amount_yuan");
  EXPECT_EQ(std::vector<std::string>(copy.begin(), copy.end()),
            (std::vector<std::string>{"experts", "signed", "amount_yuan"}));
}

}  // namespace
}  // namespace gapwatch
