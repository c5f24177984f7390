// The legacy trading site (sgjyzx, SITES.md §2.1) over real HTTP: its GBK
// pages and their charset declarations, the announcetype columns and their
// paging, POST and GET alike, the whole-page ListChildren variant, detail
// pages with the world's facts, the not-found page, as-of visibility and
// determinism.
#include "sim/trading_legacy_site.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "sim/gbk.h"
#include "sim/http_server.h"
#include "sim/trading_legacy_templates.h"
#include "sim/world_formats.h"
#include "sim/world_vocabulary.h"
#include "tests/sim/raw_http_client.h"
#include "tests/sim/served_generation.h"

namespace gapwatch::sim {
namespace {

using testing::RawHttpConnection;
using testing::RawResponse;

const World& TestWorld() {
  static const World world = BuildWorld(42, 6, WorkCalendar::Embedded());
  return world;
}

constexpr CivilDate kAsOf{2025, 12, 31};
constexpr CivilDate kXxMainFrom{2019, 9, 1};  // the body container's switch (docs/simulator.md)

// A site served on a free loopback port; unknown paths get a bare 404.
class Served : public testing::ServedGeneration<TradingLegacySite> {
 public:
  explicit Served(CivilDate as_of) : ServedGeneration(TestWorld(), as_of) {}
};

std::string Utf8(const RawResponse& response) { return GbkToUtf8(response.body); }

std::string ListTarget(const std::string& type) {
  return std::string(kLegacyListPath) + "?businessAnnounce.announcetype=" + type;
}
std::string DetailTarget(const std::string& id) {
  return std::string(kLegacyDetailPath) + "?businessAnnounce.id=" + id;
}
std::string Form(long page, long page_size = 20) {
  return "searchvalue=&businessAnnounce.dpId=&pageSize=" + std::to_string(page_size) + "&page=" + std::to_string(page) +
         "&sortField=RELEASETIME&sortOrder=DESC";
}

Domain DomainOf(SubjectId subject) { return TestWorld().ProjectAt(subject).domain; }

// The ids a column must list on as_of, newest first, from the world's facts.
std::vector<std::string> ExpectedIds(const std::string& type, CivilDate as_of) {
  std::vector<std::string> ids;
  for (const IndexedNotice& entry : TestWorld().Index(Generation::kSgjyzx)) {
    const Notice notice = TestWorld().NoticeOf(entry.ref());
    if (IsVisible(notice, as_of) && AnnounceTypeOf(DomainOf(entry.subject), notice.kind) == type) {
      ids.push_back(TestWorld().NoticeId(Generation::kSgjyzx, entry.ref()));
    }
  }
  return ids;
}

struct Row {
  std::string row_class, id, title, anchor_text, span, date;
  int cells = 0;
};

std::vector<Row> Rows(const std::string& html) {
  std::vector<Row> rows;
  static const std::regex row_re(R"re(<tr class="([^"]*)">([\s\S]*?)</tr>)re");
  static const std::regex anchor_re(
      R"re(<a title="([^"]*)" href="/businessAnnounceAction!frontToBusinessAnnounceForm\.do\?businessAnnounce\.id=([0-9a-f]{32})"[^>]*>([^<]*)</a>)re");
  static const std::regex span_re(R"re(<span style="color:blue;">([^<]*)</span>)re");
  static const std::regex date_re(R"re(<td class="tdRight" align="center">(\d{4}-\d{2}-\d{2})</td>)re");
  static const std::regex td_re(R"re(<td[ >])re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), row_re); it != std::sregex_iterator(); ++it) {
    const std::string cls = (*it)[1], inner = (*it)[2];
    if (cls != "listRow" && cls != "listAlternatingRow") continue;
    Row row;
    row.row_class = cls;
    std::smatch m;
    if (std::regex_search(inner, m, anchor_re)) {
      row.title = m[1];
      row.id = m[2];
      row.anchor_text = m[3];
    }
    if (std::regex_search(inner, m, span_re)) row.span = m[1];
    if (std::regex_search(inner, m, date_re)) row.date = m[1];
    row.cells = static_cast<int>(std::distance(std::sregex_iterator(inner.begin(), inner.end(), td_re), {}));
    rows.push_back(row);
  }
  return rows;
}

// N of the last span's 共N页 in div.pagination.page-mar > ul[style="text-align: center;"].
long PageCount(const std::string& html) {
  static const std::regex pager_re(
      R"re(<div class="pagination page-mar">\s*<ul style="text-align: center;">([\s\S]*?)</ul>)re");
  std::smatch pager;
  if (!std::regex_search(html, pager, pager_re)) return -1;
  const std::string list = pager[1];
  static const std::regex span_re(R"re(<span>([^<]*)</span>)re");
  std::string last;
  for (auto it = std::sregex_iterator(list.begin(), list.end(), span_re); it != std::sregex_iterator(); ++it) {
    last = (*it)[1];
  }
  static const std::regex count_re(R"re(共(\d+)页)re");
  std::smatch count;
  return std::regex_search(last, count, count_re) ? std::stol(count[1]) : -1;
}

std::string Escaped(const std::string& text) {
  std::string out;
  for (char c : text)
    out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : std::string(1, c);
  return out;
}

const std::vector<std::string>& AllTypes() {
  static const std::vector<std::string> types{"12", "13", "16", "15", "17", "00", "01", "02", "20", "23",
                                              "22", "30", "32", "31", "60", "62", "61", "70", "72", "71"};
  return types;
}

TEST(TradingLegacySiteTest, EveryColumnListsItsNoticesOnceNewestFirstAndPagesEnd) {
  const Served site(kAsOf);
  const long size = 5;  // small pages, so that every column runs over several
  size_t listed = 0;
  for (const std::string& type : AllTypes()) {
    const std::vector<std::string> expected = ExpectedIds(type, kAsOf);
    const long pages = std::max<long>(1, (static_cast<long>(expected.size()) + size - 1) / size);
    if (expected.size() > 10) {
      EXPECT_GT(pages, 2);
    }
    std::vector<std::string> seen;
    std::string previous_date = "9999-99-99";
    for (long page = 1; page <= pages + 1; ++page) {
      const RawResponse response = site.Post(ListTarget(type), Form(page, size));
      ASSERT_EQ(response.status, 200);
      const std::string html = Utf8(response);
      ASSERT_NE(html.find("<table id=\"dataList\""), std::string::npos);
      EXPECT_NE(html.find("<tr class=\"listHead\">"), std::string::npos);  // the header row comes first
      EXPECT_EQ(PageCount(html), pages) << type << " page " << page;
      const std::vector<Row> rows = Rows(html);
      if (page > pages) {
        EXPECT_TRUE(rows.empty()) << "a page past the end is empty";
        continue;
      }
      EXPECT_EQ(rows.size(), page < pages ? static_cast<size_t>(size) : expected.size() - size * (pages - 1));
      for (size_t i = 0; i < rows.size(); ++i) {
        const Row& row = rows[i];
        EXPECT_EQ(row.row_class, i % 2 == 0 ? "listRow" : "listAlternatingRow");
        EXPECT_EQ(row.cells, 3);
        EXPECT_LE(row.date, previous_date) << "newest first";
        previous_date = row.date;
        seen.push_back(row.id);
        const NoticeRef ref = *TestWorld().FindNotice(Generation::kSgjyzx, row.id);
        const Project project = TestWorld().ProjectAt(ref.subject);
        const Notice& notice = project.notices[ref.slot];
        EXPECT_EQ(row.date, notice.published.Iso());
        EXPECT_EQ(row.title, Escaped(LegacyTitle(project, notice)));
        // A cut title keeps its start and ends in "...".
        if (row.anchor_text != row.title) {
          ASSERT_TRUE(row.anchor_text.ends_with("..."));
          EXPECT_TRUE(row.title.starts_with(row.anchor_text.substr(0, row.anchor_text.size() - 3)));
        }
        EXPECT_EQ(row.span.substr(0, row.span.find('|')), project.region_name);
      }
    }
    EXPECT_EQ(seen, expected) << "column " << type;
    listed += seen.size();
  }
  size_t standing = 0;
  for (const IndexedNotice& entry : TestWorld().Index(Generation::kSgjyzx)) {
    standing += IsVisible(TestWorld().NoticeOf(entry.ref()), kAsOf);
  }
  EXPECT_EQ(listed, standing) << "every standing notice is in exactly one column";
  EXPECT_GT(standing, 40u);
}

TEST(TradingLegacySiteTest, ColumnsFollowTheAnnouncetypeTable) {
  EXPECT_STREQ(AnnounceTypeOf(Domain::kConstruction, NoticeKind::kTender), "12");
  EXPECT_STREQ(AnnounceTypeOf(Domain::kConstruction, NoticeKind::kCandidates), "16");
  EXPECT_STREQ(AnnounceTypeOf(Domain::kConstruction, NoticeKind::kResult), "17");
  EXPECT_STREQ(AnnounceTypeOf(Domain::kProcurement, NoticeKind::kTender), "00");
  EXPECT_STREQ(AnnounceTypeOf(Domain::kProcurement, NoticeKind::kCorrection), "01");
  EXPECT_STREQ(AnnounceTypeOf(Domain::kProcurement, NoticeKind::kResult), "02");
  EXPECT_STREQ(AnnounceTypeOf(Domain::kLand, NoticeKind::kTender), "20");
  EXPECT_STREQ(AnnounceTypeOf(Domain::kLand, NoticeKind::kResult), "22");
  EXPECT_STREQ(AnnounceTypeOf(Domain::kStateProperty, NoticeKind::kTender), "30");
  EXPECT_STREQ(AnnounceTypeOf(Domain::kStateProperty, NoticeKind::kResult), "31");
  EXPECT_STREQ(ColumnName("16"), "中标候选人公示");
  EXPECT_STREQ(TradeCategory("22"), "国土资源交易");
  EXPECT_EQ(ColumnName("99"), nullptr);
  // The world's legacy notices fill the construction and procurement columns.
  for (const char* type : {"12", "16", "17", "00", "02"}) EXPECT_FALSE(ExpectedIds(type, kAsOf).empty()) << type;
}

TEST(TradingLegacySiteTest, GetQueryStringAnswersAsThePostForm) {
  const Served site(kAsOf);
  for (const std::string type : {"12", "17", "02"}) {
    const RawResponse post = site.Post(ListTarget(type), Form(1));
    const RawResponse get = site.Get(ListTarget(type) + "&" + Form(1));
    EXPECT_EQ(get.status, 200);
    EXPECT_EQ(get.body, post.body);
    EXPECT_EQ(get.headers.at("content-type"), post.headers.at("content-type"));
    // Without a form: page 1 of 20.
    EXPECT_EQ(Rows(Utf8(site.Get(ListTarget(type)))).size(), std::min<size_t>(20, ExpectedIds(type, kAsOf).size()));
  }
  // pageSize is honoured (the crawler that asked for 50); page and pageSize that are no numbers read as 1 and 20.
  const std::vector<std::string> works = ExpectedIds("12", kAsOf);
  ASSERT_GT(works.size(), 5u);
  EXPECT_EQ(Rows(Utf8(site.Post(ListTarget("12"), "pageSize=5&page=2"))).front().id, works[5]);
  EXPECT_EQ(Rows(Utf8(site.Post(ListTarget("12"), "pageSize=x&page=y"))).front().id, works[0]);
  // sortOrder=ASC: oldest first.
  EXPECT_EQ(Rows(Utf8(site.Post(ListTarget("12"), "pageSize=50&page=1&sortOrder=ASC"))).front().id, works.back());
  // What GBK cannot carry (an emoji, bytes that are no text) is not echoed; absurd pages are past the end.
  for (const char* form : {"page=1&searchvalue=%F0%9F%98%80", "page=99999999999999999"}) {
    const RawResponse response = site.Post(ListTarget("12"), form);
    EXPECT_EQ(response.status, 200) << form;
    EXPECT_TRUE(Rows(Utf8(response)).empty()) << form;
  }
  EXPECT_EQ(Rows(Utf8(site.Post(ListTarget("12"), "page=1&businessAnnounce.dpId=%FF%FE"))).size(),
            std::min<size_t>(20, works.size()));
  const RawResponse odd_type = site.Post(ListTarget("%F0%9F%98%80"), Form(1));
  EXPECT_EQ(odd_type.status, 200);
  EXPECT_TRUE(Rows(Utf8(odd_type)).empty());
  // An unknown column: an empty table, one page.
  const std::string unknown = Utf8(site.Post(ListTarget("99"), Form(1)));
  EXPECT_TRUE(Rows(unknown).empty());
  EXPECT_EQ(PageCount(unknown), 1);
}

TEST(TradingLegacySiteTest, SearchValueFindsTitlesInUtf8AndGbk) {
  const Served site(kAsOf);
  const std::vector<std::string> works = ExpectedIds("12", kAsOf);
  const NoticeRef ref = *TestWorld().FindNotice(Generation::kSgjyzx, works.front());
  const std::string name = TestWorld().ProjectAt(ref.subject).name;
  auto percent = [](const std::string& bytes) {
    std::string out;
    for (unsigned char c : bytes) out += "%" + std::string(1, "0123456789ABCDEF"[c >> 4]) + "0123456789ABCDEF"[c & 15];
    return out;
  };
  for (const std::string& encoded : {percent(name), percent(Utf8ToGbk(name))}) {
    const std::vector<Row> rows = Rows(Utf8(site.Post(ListTarget("12"), "page=1&searchvalue=" + encoded)));
    ASSERT_FALSE(rows.empty());
    for (const Row& row : rows) EXPECT_NE(row.title.find(name), std::string::npos);
    EXPECT_EQ(rows.front().id, works.front());
  }
}

TEST(TradingLegacySiteTest, ListChildrenIsTheSameListInAWholePage) {
  const Served site(kAsOf);
  const std::string target = std::string(kLegacyChildrenPath) + "?businessAnnounce.announcetype=12&page=";
  const std::string page1 = Utf8(site.Get(target + "1"));
  EXPECT_NE(page1.find("<div class=\"listPanel\">"), std::string::npos);
  const std::vector<std::string> works = ExpectedIds("12", kAsOf);
  std::vector<std::string> ids;
  for (const Row& row : Rows(page1)) ids.push_back(row.id);
  EXPECT_EQ(ids, std::vector<std::string>(works.begin(), works.begin() + std::min<size_t>(20, works.size())));
  EXPECT_EQ(PageCount(page1), std::max<long>(1, (static_cast<long>(works.size()) + 19) / 20));
  // Its pager pages by links to itself.
  if (works.size() > 20) {
    EXPECT_NE(page1.find("frontBusinessAnnounceListChildren.do?businessAnnounce.announcetype=12&amp;page=2"),
              std::string::npos);
  }
}

// What a detail page shows, checked against the world for every notice of the generation.
TEST(TradingLegacySiteTest, DetailsShowTheWorldsFacts) {
  const Served site(kAsOf);
  std::set<std::string> containers;
  for (const IndexedNotice& entry : TestWorld().Index(Generation::kSgjyzx)) {
    const Project stored = TestWorld().ProjectAt(entry.subject);
    const Notice& n = stored.notices[entry.slot];
    if (!IsVisible(n, kAsOf)) continue;
    const Project p = AsShown(stored, n, kAsOf);
    const std::string id = TestWorld().NoticeId(Generation::kSgjyzx, entry.ref());
    const RawResponse response = site.Get(DetailTarget(id));
    ASSERT_EQ(response.status, 200);
    const std::string html = Utf8(response);
    SCOPED_TRACE(id + " " + NoticeKindName(n.kind));
    EXPECT_NE(html.find("<h2>" + Escaped(LegacyTitle(p, n)) + "</h2>"), std::string::npos);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(html, m, std::regex(R"re(<div class="publictime">([^<]*)</div>)re")));
    const std::string publictime = m[1];
    ASSERT_TRUE(std::regex_search(publictime, m, std::regex(R"(\d{2,4}-\d{1,2}-\d{1,2})")));
    EXPECT_EQ(m[0], n.published.Iso());
    // The body container: div.xx-text before 2019-09-01, xx-main (table or div) after.
    ASSERT_TRUE(std::regex_search(html, m, std::regex(R"re(<(div|table) class="(xx-text|xx-main)")re")));
    EXPECT_EQ(m[2], n.published < kXxMainFrom ? "xx-text" : "xx-main");
    containers.insert(std::string(m[1]) + "." + std::string(m[2]));

    // The code as the notice writes it: full-width on the flagged notices.
    const std::string code = n.code_full_width ? FullWidth(p.code) : p.code;
    EXPECT_NE(html.find(code), std::string::npos);
    if (n.code_full_width) {
      EXPECT_EQ(html.find(p.code), std::string::npos);
    }
    EXPECT_NE(html.find(Escaped(p.buyer.name)), std::string::npos);
    const bool works = p.domain == Domain::kConstruction;
    if (works) {
      // A label/value table of more than 8 rows (what crawlers key on).
      ASSERT_TRUE(std::regex_search(html, m, std::regex(R"re(<table class="xx-table"[^>]*>([\s\S]*?)</table>)re")));
      const std::string table = m[1];
      static const std::regex row_re("<tr>");
      EXPECT_GT(std::distance(std::sregex_iterator(table.begin(), table.end(), row_re), {}), 8);
    }
    int64_t fen = 0;
    switch (n.kind) {
      case NoticeKind::kTender:
        fen = p.BudgetFen();
        if (works || !p.budget_in_wan) {
          EXPECT_NE(html.find(YuanWithSeparators(fen) + "元"), std::string::npos);
        } else {
          EXPECT_NE(html.find(std::to_string(fen / 1000000) + "万元"), std::string::npos);
        }
        EXPECT_NE(html.find(ChineseDeadline(p.opening, 9, 30)), std::string::npos);
        EXPECT_NE(html.find(Escaped(p.venue)), std::string::npos);
        break;
      case NoticeKind::kCandidates:
        for (const Candidate& c : p.candidates) {
          EXPECT_NE(html.find(Escaped(c.party.name)), std::string::npos);
          EXPECT_NE(html.find(YuanWithSeparators(c.bid_fen)), std::string::npos);
          EXPECT_EQ(html.find(c.certificate) != std::string::npos, !(n.omitted & kManagerCertificate));
        }
        break;
      case NoticeKind::kResult:
        fen = p.AwardFen();
        EXPECT_NE(html.find(Escaped(p.supplier.name)), std::string::npos);
        if (works && n.title_style == 1) {
          EXPECT_NE(html.find("中标价（万元）</td><td>" + WanYuan(fen, 6) + "<"), std::string::npos);
        } else {
          EXPECT_NE(html.find(YuanWithSeparators(fen) + "元"), std::string::npos);
        }
        break;
      case NoticeKind::kContract:
        fen = p.contract_amount_fen;
        EXPECT_NE(html.find(Escaped(p.contract_supplier.name)), std::string::npos);
        EXPECT_NE(html.find(YuanWithSeparators(fen) + "元"), std::string::npos);
        EXPECT_NE(html.find(p.contract_number), std::string::npos);
        ASSERT_TRUE(p.signed_on.has_value());
        EXPECT_NE(html.find(ChineseDate(*p.signed_on)), std::string::npos);
        break;
      default:
        break;
    }
    if (fen != 0) {
      EXPECT_EQ(html.find(CapitalYuan(fen)) != std::string::npos, n.capital_amounts);
    }
  }
  EXPECT_EQ(containers, (std::set<std::string>{"div.xx-text", "div.xx-main", "table.xx-main"}));
}

TEST(TradingLegacySiteTest, PagesAreGbkWithEveryKindOfCharsetDeclaration) {
  const Served site(kAsOf);
  std::vector<RawResponse> pages;
  for (const char* type : {"12", "16", "17", "00", "02"}) {
    for (long page = 1; page <= 3; ++page) pages.push_back(site.Post(ListTarget(type), Form(page)));
  }
  for (const IndexedNotice& entry : TestWorld().Index(Generation::kSgjyzx)) {
    pages.push_back(site.Get(DetailTarget(TestWorld().NoticeId(Generation::kSgjyzx, entry.ref()))));
  }
  std::map<std::string, int> declarations;
  for (const RawResponse& page : pages) {
    const std::string type = page.headers.at("content-type");
    const bool equiv =
        page.body.find("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\"") != std::string::npos;
    const bool gb2312 = page.body.find("<meta charset=\"gb2312\">") != std::string::npos;
    if (type == "text/html; charset=GBK") {
      EXPECT_FALSE(equiv || gb2312);
      ++declarations["header"];
    } else {
      ASSERT_EQ(type, "text/html");
      EXPECT_FALSE(equiv && gb2312);
      ++declarations[equiv ? "http-equiv" : gb2312 ? "gb2312" : "none"];
    }
    // GBK bytes, not UTF-8: the centre's name reads back only through GBK.
    EXPECT_EQ(page.body.find("韶关市公共资源交易中心"), std::string::npos);
    EXPECT_NE(page.body.find(Utf8ToGbk("韶关市公共资源交易中心")), std::string::npos);
    EXPECT_NE(GbkToUtf8(page.body).find("韶关市公共资源交易中心"), std::string::npos);
  }
  for (const char* kind : {"header", "http-equiv", "gb2312", "none"}) EXPECT_GT(declarations[kind], 0) << kind;
}

TEST(TradingLegacySiteTest, NoticesAppearFromTheirPublicationDay) {
  const IndexedNotice& entry = TestWorld().Index(Generation::kSgjyzx)[3];
  const CivilDate published = entry.published();
  const std::string id = TestWorld().NoticeId(Generation::kSgjyzx, entry.ref());
  const std::string type = AnnounceTypeOf(DomainOf(entry.subject), entry.kind);
  for (const CivilDate as_of : {published.PlusDays(-1), published}) {
    const Served site(as_of);
    const bool standing = as_of >= published;
    const std::string detail = Utf8(site.Get(DetailTarget(id)));
    EXPECT_EQ(detail.find("该信息不存在") != std::string::npos, !standing);
    EXPECT_EQ(detail.find("<h2>") != std::string::npos, standing);
    std::set<std::string> listed;
    const std::string form = "pageSize=100&page=1";
    for (const Row& row : Rows(Utf8(site.Post(ListTarget(type), form)))) listed.insert(row.id);
    EXPECT_EQ(listed.count(id), standing ? 1u : 0u);
    EXPECT_EQ(listed.size(), ExpectedIds(type, as_of).size());
  }
}

TEST(TradingLegacySiteTest, UnknownIdsGetTheNotFoundPage) {
  const Served site(kAsOf);
  const std::string gpcms_id = TestWorld().NoticeId(Generation::kGpcms, TestWorld().Index(Generation::kGpcms)[0].ref());
  for (const std::string& id :
       {std::string("ee374ed39aea4aa7a17cdfc9eba2585f"), std::string(), gpcms_id, std::string("not-an-id")}) {
    const RawResponse response = site.Get(DetailTarget(id));
    EXPECT_EQ(response.status, 200);
    EXPECT_NE(Utf8(response).find("该信息不存在"), std::string::npos) << id;
  }
}

TEST(TradingLegacySiteTest, PathsMethodsAndDeterminism) {
  const TradingLegacySite site(TestWorld(), kAsOf);
  const TradingLegacySite again(TestWorld(), kAsOf);
  const std::string id = TestWorld().NoticeId(Generation::kSgjyzx, TestWorld().Index(Generation::kSgjyzx)[0].ref());
  auto request = [](const std::string& method, const std::string& target, const std::string& host) {
    HttpRequest r;
    r.method = method;
    r.target = target;
    r.headers["host"] = host;
    return r;
  };
  const HttpReply reference = *site.Handle(request("GET", DetailTarget(id), "www.sgjyzx.com"));
  EXPECT_NE(GbkToUtf8(reference.body).find("<h2>"), std::string::npos);
  // Both host names, %21 for '!', a ;jsessionid and another World instance give the same bytes.
  for (const HttpReply& other :
       {*site.Handle(request("GET", DetailTarget(id), "jyzx.sg.gov.cn")),
        *site.Handle(request("POST", DetailTarget(id), "jyzx.sg.gov.cn")),
        *site.Handle(request("GET",
                             "/businessAnnounceAction%21frontToBusinessAnnounceForm.do;jsessionid=0A1B2C?"
                             "businessAnnounce.id=" +
                                 id,
                             "www.sgjyzx.com")),
        *again.Handle(request("GET", DetailTarget(id), "www.sgjyzx.com"))}) {
    EXPECT_EQ(other.body, reference.body);
    EXPECT_EQ(other.content_type, reference.content_type);
  }
  const World rebuilt = BuildWorld(42, 6, WorkCalendar::Embedded());
  EXPECT_EQ(TradingLegacySite(rebuilt, kAsOf).Handle(request("POST", ListTarget("12") + "&page=2", ""))->body,
            site.Handle(request("POST", ListTarget("12") + "&page=2", ""))->body);
  EXPECT_FALSE(site.Handle(request("GET", "/", "")).has_value());
  EXPECT_FALSE(site.Handle(request("GET", "/robots.txt", "")).has_value());
  EXPECT_FALSE(site.Handle(request("GET", "/gpcms/rest/web/v2/info/getInfoById?id=1", "")).has_value());
  EXPECT_EQ(site.Handle(request("PUT", ListTarget("12"), ""))->status, 405);
}

}  // namespace
}  // namespace gapwatch::sim
