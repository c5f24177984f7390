// The simulator's records (sim/records.h) against its own pages: one record
// per standing notice of each generation, as many as the lists hold, and, for
// a sample of every generation, each recorded value written somewhere on the
// notice's detail page (in one of the formats the sites use), the renderers
// called in-process.
#include "sim/records.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "sim/credit_site.h"
#include "sim/credit_templates.h"
#include "sim/gbk.h"
#include "sim/gkmlpt.h"
#include "sim/portal_site.h"
#include "sim/procurement_freecms_site.h"
#include "sim/procurement_gdgpo_site.h"
#include "sim/procurement_site.h"
#include "sim/trading_legacy_site.h"
#include "sim/trading_ygp_site.h"
#include "sim/world_formats.h"

namespace gapwatch::sim {
namespace {

constexpr CivilDate kAsOf{2025, 12, 31};

const World& TestWorld() {
  static const World world = BuildWorld(1, 1, WorkCalendar::Embedded());
  return world;
}

const std::vector<NoticeRecord>& Records() {
  static const std::vector<NoticeRecord> records = NoticeRecords(TestWorld(), kAsOf);
  return records;
}

std::map<std::string, std::vector<const NoticeRecord*>> ByGeneration() {
  std::map<std::string, std::vector<const NoticeRecord*>> by;
  for (const NoticeRecord& record : Records()) by[record.generation].push_back(&record);
  return by;
}

HttpRequest Get(const std::string& target) { return {"GET", target, {}, "", "127.0.0.1:1"}; }

// The text of a reply: JSON strings unescaped, HTML entities decoded.
std::string PageText(std::string body) {
  if (!body.empty() && body.front() == '{') body = nlohmann::json::parse(body).dump(-1, ' ', false);
  std::string text;
  for (size_t i = 0; i < body.size(); ++i) {
    bool decoded = false;
    for (const auto& [entity, character] : std::initializer_list<std::pair<std::string_view, char>>{
             {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&#34;", '"'}}) {
      if (std::string_view(body).substr(i, entity.size()) == entity) {
        text += character;
        i += entity.size() - 1;
        decoded = true;
        break;
      }
    }
    if (!decoded) text += body[i];
  }
  return text;
}

// All the sites in one, as the simulator composes them; the detail page of a record.
class Pages {
 public:
  Pages()
      : gpcms_(TestWorld(), kAsOf),
        freecms_(TestWorld(), kAsOf),
        gdgpo_(TestWorld(), kAsOf),
        ygp_(TestWorld(), kAsOf),
        sgjyzx_(TestWorld(), kAsOf),
        portal_(TestWorld(), kAsOf),
        gkmlpt_(TestWorld(), kAsOf),
        credit_(TestWorld(), kAsOf) {}

  // The detail page's text, or "" when none answers.
  std::string Detail(const NoticeRecord& record) const {
    const World& world = TestWorld();
    const std::string& id = record.id;
    const std::string year = record.published->substr(0, 4);
    std::optional<HttpReply> reply;
    if (record.generation == "gpcms") reply = gpcms_.Handle("GET", std::string(kDetailPath) + "?id=" + id);
    if (record.generation == "freecms") reply = freecms_.Handle(Get(kFreecmsDetailPrefix + year + "/" + id + ".html"));
    if (record.generation == "gdgpo") reply = gdgpo_.Handle(Get(kGdgpoDetailPrefix + id + ".html"));
    if (record.generation == "ygp") reply = ygp_.Handle(Get(std::string(kYgpDetailPath) + "?noticeId=" + id));
    if (record.generation == "sgjyzx") {
      reply = sgjyzx_.Handle(Get(std::string(kLegacyDetailPath) + "?businessAnnounce.id=" + id));
    }
    if (record.generation == "portal_column") {
      const NoticeRef ref = *world.FindNotice(Generation::kPortalColumn, id);
      reply = portal_.Handle(Get(std::string(kPortalColumnRoot) + PortalSubColumn(world.ProjectAt(ref.subject).domain) +
                                 "/content/post_" + id + ".html"));
    }
    if (record.generation == "portal_trs") {
      const std::string date = record.published->substr(0, 10);  // YYYY-MM-DD
      const std::string ymd = date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2);
      reply = portal_.Handle(Get(std::string(kPortalTrsRoot) + ymd.substr(0, 6) + "/t" + ymd + "_" + id + ".html"));
    }
    if (record.generation == "gkmlpt") {
      const NoticeRef ref = *world.FindNotice(Generation::kGkmlpt, id);
      const long number = std::stol(id);
      reply = gkmlpt_.Handle(Get("/" + world.DepartmentAt(ref.subject).slug + "/gkmlpt/content/" +
                                 std::to_string(number / 1000000) + "/" + std::to_string(number / 1000) + "/post_" +
                                 id + ".html"));
    }
    if (record.generation == "credit") {
      const char* table = record.kind == "licence" ? "xzxk" : record.kind == "penalty" ? "xzcf" : "hmd";
      reply = credit_.Handle(Get(std::string(kCreditDetailPath) + "?tableName=" + table + "&id=" + id));
    }
    if (!reply || reply->status != 200) return "";
    // The legacy trading site serves GBK, whatever its pages declare.
    return PageText(record.generation == "sgjyzx" ? GbkToUtf8(reply->body) : reply->body);
  }

 private:
  ProcurementSite gpcms_;
  ProcurementFreecmsSite freecms_;
  ProcurementGdgpoSite gdgpo_;
  YgpTradingSite ygp_;
  TradingLegacySite sgjyzx_;
  PortalSite portal_;
  GkmlptSite gkmlpt_;
  CreditSite credit_;
};

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
bool ContainsAny(const std::string& text, const std::vector<std::string>& parts) {
  return std::any_of(parts.begin(), parts.end(), [&](const std::string& part) { return Contains(text, part); });
}

int64_t FenOf(const std::string& yuan) {
  const size_t dot = yuan.find('.');
  return std::stoll(yuan.substr(0, dot)) * 100 + std::stoll(yuan.substr(dot + 1));
}

// The ways the sites write an amount.
std::vector<std::string> AmountForms(const std::string& yuan) {
  const int64_t fen = FenOf(yuan);
  std::vector<std::string> forms = {PlainYuan(fen), YuanWithSeparators(fen), BudgetField(fen), WanYuan(fen, 6)};
  if (fen % 1000000 == 0) forms.push_back(std::to_string(fen / 1000000) + "万元");
  return forms;
}

// The ways the sites write a date.
std::vector<std::string> DateForms(const std::string& iso) {
  const CivilDate date = *CivilDate::Parse(iso.substr(0, 10));
  return {date.Iso(), ChineseDate(date), ChineseDatePadded(date), SlashDate(date), CompactDate(date)};
}

// The ways the sites write a time of day: an opening (minutes) or a publication (seconds).
std::vector<std::string> DateTimeForms(const std::string& datetime) {
  const CivilDate date = *CivilDate::Parse(datetime.substr(0, 10));
  const int hour = std::stoi(datetime.substr(11, 2));
  const int minute = std::stoi(datetime.substr(14, 2));
  const int second = std::stoi(datetime.substr(17, 2));
  const int second_of_day = hour * 3600 + minute * 60 + second;
  return {IsoDateTime(date, second_of_day), CompactDateTime(date, second_of_day), ChineseDeadline(date, hour, minute),
          BeijingDeadline(date, hour, minute), date.Iso() + " " + datetime.substr(11, 5)};
}

TEST(RecordsTest, OneRecordPerStandingNoticeOfEveryGeneration) {
  const auto by = ByGeneration();
  std::set<std::pair<std::string, std::string>> ids;
  for (int g = 0; g < kGenerationCount; ++g) {
    const auto generation = static_cast<Generation>(g);
    const auto found = by.find(GenerationName(generation));
    ASSERT_NE(found, by.end()) << GenerationName(generation);
    EXPECT_EQ(found->second.size(), TestWorld().Visible(generation, kAsOf).size()) << GenerationName(generation);
    for (const NoticeRecord* record : found->second) {
      EXPECT_TRUE(ids.emplace(record->generation, record->id).second) << record->generation << " " << record->id;
      EXPECT_EQ(record->site, SiteName(SiteOf(generation)));
    }
  }
  // The gpcms list's own total, as a crawler reads it.
  const HttpReply list = ProcurementSite(TestWorld(), kAsOf)
                             .Handle("GET", std::string(kListPath) + "?siteId=" + kProcurementSiteId +
                                                "&channel=" + kProcurementChannel + "&pageSize=1");
  EXPECT_EQ(nlohmann::json::parse(list.body)["data"]["total"], by.at("gpcms").size());
  EXPECT_EQ(by.at("gpcms").size(), 183u);
}

TEST(RecordsTest, ValuesFollowTheirNormalForms) {
  for (const NoticeRecord& r : Records()) {
    SCOPED_TRACE(r.generation + " " + r.id);
    for (const auto& amount : {r.budget_yuan, r.amount_yuan}) {
      if (amount) {
        EXPECT_EQ(amount->size() - amount->find('.'), 3u) << *amount;
      }
    }
    ASSERT_TRUE(r.published);
    EXPECT_TRUE(r.published->size() == 10 || (r.published->size() == 25 && r.published->ends_with("+08:00")));
    if (r.opening) {
      EXPECT_EQ(r.opening->size(), 25u);
    }
    if (r.decided) {
      EXPECT_EQ(r.decided->size(), 10u);
    }
    if (r.signed_on) {
      EXPECT_EQ(r.signed_on->size(), 10u);
    }
    if (r.kind == "candidates") {
      EXPECT_EQ(r.supplier, "");
    }
    EXPECT_EQ(r.project_code.find_first_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos) << r.project_code;
  }
}

TEST(RecordsTest, RecordedValuesStandOnTheDetailPages) {
  const Pages pages;
  for (const auto& [generation, records] : ByGeneration()) {
    // About 40 records spread over each generation, the first and last included.
    const size_t step = std::max<size_t>(1, records.size() / 40);
    std::vector<const NoticeRecord*> sample;
    for (size_t i = 0; i < records.size(); i += step) sample.push_back(records[i]);
    sample.push_back(records.back());
    for (const NoticeRecord* record : sample) {
      const NoticeRecord& r = *record;
      SCOPED_TRACE(generation + " " + r.id + " " + r.kind);
      const std::string page = pages.Detail(r);
      ASSERT_FALSE(page.empty()) << "no detail page";
      if (!r.title.empty()) {
        EXPECT_TRUE(Contains(page, r.title)) << r.title;
      }
      for (const std::string* party : {&r.buyer, &r.agency, &r.supplier}) {
        if (!party->empty()) {
          EXPECT_TRUE(Contains(page, *party)) << *party;
        }
      }
      if (!r.project_code.empty()) {
        EXPECT_TRUE(ContainsAny(page, {r.project_code, FullWidth(r.project_code)})) << r.project_code;
      }
      if (r.budget_yuan) {
        EXPECT_TRUE(ContainsAny(page, AmountForms(*r.budget_yuan))) << *r.budget_yuan;
      }
      // A result of several lots may write no total: then its lots add up to it.
      int64_t lots_fen = 0;
      for (const RecordLot& lot : r.lots) lots_fen += lot.amount_yuan ? FenOf(*lot.amount_yuan) : 0;
      if (r.amount_yuan && (r.lots.size() < 2 || FenOf(*r.amount_yuan) != lots_fen)) {
        EXPECT_TRUE(ContainsAny(page, AmountForms(*r.amount_yuan))) << *r.amount_yuan;
      }
      EXPECT_TRUE(ContainsAny(page, r.published->size() == 10 ? DateForms(*r.published) : DateTimeForms(*r.published)))
          << *r.published;
      if (r.opening) {
        EXPECT_TRUE(ContainsAny(page, DateTimeForms(*r.opening))) << *r.opening;
      }
      for (const auto& date : {r.decided, r.signed_on}) {
        if (date) {
          EXPECT_TRUE(ContainsAny(page, DateForms(*date))) << *date;
        }
      }
      for (const RecordLot& lot : r.lots) {
        EXPECT_TRUE(Contains(page, lot.name)) << lot.name;
        if (lot.amount_yuan) {
          EXPECT_TRUE(ContainsAny(page, AmountForms(*lot.amount_yuan))) << *lot.amount_yuan;
        }
      }
    }
  }
}

TEST(RecordsTest, JsonLinesCarryEveryField) {
  const std::string lines = RecordsJsonLines(Records());
  EXPECT_EQ(static_cast<size_t>(std::count(lines.begin(), lines.end(), '\n')), Records().size());
  const nlohmann::json first = nlohmann::json::parse(lines.substr(0, lines.find('\n')));
  for (const char* key :
       {"site", "generation", "id", "kind", "domain", "project_code", "title", "buyer", "agency", "supplier",
        "budget_yuan", "amount_yuan", "published", "opening", "decided", "signed", "lots", "omitted"}) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
}

}  // namespace
}  // namespace gapwatch::sim
