#include "store/notice_text.h"

#include <gtest/gtest.h>

#include <memory>
#include <sstream>
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

TEST(Sha256TextTest, ReadsAsTheTextItWasGivenWhateverItHolds) {
  // python3: hashlib.sha256(b"gapwatch").hexdigest()
  const std::string digest = "84aec69ce7356075fa6ee5b23717548d70ff5a5e68ca57767f82a7149a30d4ad";
  Sha256Text held(digest);
  EXPECT_EQ(held, digest);
  EXPECT_EQ(held.str(), digest);
  EXPECT_FALSE(held.empty());
  // All the digits and their order survive the 32 bytes.
  const std::string every_digit = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  EXPECT_EQ(Sha256Text(every_digit).str(), every_digit);
  // Near misses are kept as text: upper case, 63 digits, a non-digit.
  const std::string upper = "84AEC69CE7356075FA6EE5B23717548D70FF5A5E68CA57767F82A7149A30D4AD";
  EXPECT_EQ(Sha256Text(upper).str(), upper);
  EXPECT_EQ(Sha256Text(digest.substr(1)).str(), digest.substr(1));
  const std::string not_hex = "g" + digest.substr(1);
  EXPECT_EQ(Sha256Text(not_hex).str(), not_hex);
  EXPECT_EQ(Sha256Text("aa"), "aa");
  EXPECT_TRUE(Sha256Text().empty());
  EXPECT_EQ(Sha256Text().str(), "");
  EXPECT_TRUE(Sha256Text("").empty());
  // Copies and reassignments hold their own value.
  Sha256Text copy = held;
  held = "aa";
  EXPECT_EQ(copy, digest);
  EXPECT_EQ(held, "aa");
  held = digest;
  EXPECT_EQ(held, copy);
  std::ostringstream out;
  out << copy;
  EXPECT_EQ(out.str(), digest);
  EXPECT_EQ(std::string(copy), digest);
}

}  // namespace
}  // namespace gapwatch
