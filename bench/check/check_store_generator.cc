// bench/check: writes a store of N synthetic notices for timing `gapwatch check`
// (scripts/bench --only check). No crawl: notices and the captures that prove
// them go straight into a store the real Store made (its migrations, its
// ReplaceNotices, its AddCaptures for the captures in one batch), so the schema is
// always the one `extract` writes and `check` reads.
//
// The world: projects across the four sites and their domains — procurement
// chains (intention, tender, corrections, award with lots, contracts per lot,
// acceptance, termination, copies on the trading platform), construction chains
// on the trading platform (candidates, award, contract, copies on the portal),
// land and property grants, credit licences, penalties and blacklist entries,
// departments' plans and annual reports on the portal. Delays are drawn so that
// some links are late or missing; about 5 % of notices carry no usable project
// code (intentions and annual reports have none; some chain notices lose theirs)
// and a few print their code in another case or padded, as sites do. Dates run
// from 2018 to early 2026. Everything follows from --seed.
//
// Usage:
//   check_store_generator --notices N --seed S --db PATH
//       a new store (PATH must not exist) with N notices
//   check_store_generator --notices N --seed S --db PATH --add K
//       a later cycle on a store made with the same N and S: K more notices,
//       published in December 2025, some completing chains left open; every
//       site's notices are rewritten, as `extract` does
// Prints what it wrote (notices per site, without a usable code) to stderr.
#include <openssl/evp.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace gapwatch {
namespace {

// splitmix64: the same stream on every platform and standard library.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  long long Uniform(long long low, long long high) {  // inclusive
    return low + static_cast<long long>(Next() % static_cast<std::uint64_t>(high - low + 1));
  }
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Next() % items.size()];
  }

 private:
  std::uint64_t state_;
};

// Days since 1970-01-01 <-> civil dates (H. Hinnant's algorithms).
long long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

std::string DateText(long long days) {
  days += 719468;
  const long long era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const long long y = static_cast<long long>(yoe) + era * 400 + (m <= 2);
  char text[48];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02u", y, m, d);
  return text;
}

int YearOf(long long days) { return std::stoi(DateText(days).substr(0, 4)); }

// A moment as sites print it: seconds since the epoch of day 0, Shanghai time.
std::string Timestamp(long long seconds) {
  char text[40];
  const long long in_day = seconds % 86400;
  std::snprintf(text, sizeof text, "%sT%02lld:%02lld:%02lld+08:00", DateText(seconds / 86400).c_str(), in_day / 3600,
                in_day / 60 % 60, in_day % 60);
  return text;
}

std::string Yuan(long long fen) {
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%02lld", fen / 100, fen % 100);
  return text;
}

std::string Hex(std::uint64_t value, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(static_cast<size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, value >>= 4) text[static_cast<size_t>(i)] = kHex[value & 15];
  return text;
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += Hex(digest[i], 2);
  return hex;
}

const std::vector<std::string> kCounties = {"韶关市", "浈江区", "武江区", "曲江区", "始兴县",        "仁化县",
                                            "翁源县", "新丰县", "乐昌市", "南雄市", "乳源瑶族自治县"};
const std::vector<std::string> kCountyTags = {"SG", "ZJ", "WJ", "QJ", "SX", "RH", "WY", "XF", "LC", "NX", "RY"};
const std::vector<std::string> kBodies = {"财政局",     "教育局",     "卫生健康局", "水务局", "住房和城乡建设管理局",
                                          "交通运输局", "自然资源局", "人民医院",   "中医院", "城市管理和综合执法局",
                                          "公安局",     "农业农村局", "第一中学",   "民政局"};
const std::vector<std::string> kAgencies = {"广东省政府采购中心", "广东粤北招标采购有限公司",
                                            "广东省机电设备招标中心有限公司", "广东省建科建筑设计院有限公司"};
const std::vector<std::string> kSupplierCities = {"韶关市", "广州市", "佛山市", "深圳市", "东莞市"};
const std::vector<std::string> kSupplierNames = {"恒泰", "华信", "帽峰", "南岭", "芙蓉",
                                                 "韶华", "曲韶", "粤北", "丹霞", "北江"};
const std::vector<std::string> kSupplierTrades = {"建材", "商贸",     "科技",     "建设工程",
                                                  "实业", "医疗器械", "信息技术", "物业管理"};
const std::vector<std::string> kGoods = {"办公设备", "食堂食材配送服务", "信息化系统建设", "执法车辆",
                                         "医疗设备", "物业管理服务",     "校服",           "教学设备",
                                         "安保服务", "印刷服务"};
const std::vector<std::string> kWorks = {"门诊综合楼改扩建工程", "市政道路改造工程", "供水管网改造工程",
                                         "学校运动场改造工程",   "河道整治工程",     "安置房建设工程"};

// The stream of notices a seed gives, one project at a time.
class WorldGenerator {
 public:
  using Visit = std::function<void(const Notice&, long long captured_at_seconds)>;

  WorldGenerator(std::uint64_t seed, long long notices, Visit visit)
      : rng_(seed), limit_(notices), visit_(std::move(visit)) {}

  void Generate() {
    while (emitted_ < limit_) {
      const double pick = static_cast<double>(rng_.Next() >> 11) * 0x1.0p-53;
      const long long start = rng_.Uniform(DaysFromCivil(2018, 4, 1), DaysFromCivil(2026, 3, 31));
      if (pick < 0.27) {
        Procurement(start);
      } else if (pick < 0.41) {
        Construction(start);
      } else if (pick < 0.46) {
        Grant(start);
      } else if (pick < 0.992) {
        Credit(start);
      } else {
        Department();
      }
    }
  }

  // A later cycle: new procurement and construction projects of December 2025,
  // and results of tenders the base world left open.
  void GenerateLaterCycle(const std::vector<Notice>& open_tenders) {
    const long long first = DaysFromCivil(2025, 12, 1);
    while (emitted_ < limit_) {
      if (!open_tenders.empty() && rng_.Chance(0.3)) {
        const Notice& tender = rng_.Pick(open_tenders);
        const long long at = rng_.Uniform(first, DaysFromCivil(2025, 12, 30));
        Notice award = tender;
        award.kind = "award";
        award.url = Url(tender.site, tender.domain);
        award.title = ReplaceSuffix(tender.title, "结果公告");
        award.supplier = Supplier();
        award.amount_yuan = Yuan(rng_.Uniform(100000, 5000000) * 100);
        award.opening.reset();
        award.decided = DateText(at - rng_.Uniform(0, 3));
        Emit(std::move(award), at);
      } else if (rng_.Chance(0.7)) {
        Procurement(rng_.Uniform(first, DaysFromCivil(2025, 12, 30)));
      } else {
        Construction(rng_.Uniform(first, DaysFromCivil(2025, 12, 30)));
      }
    }
  }

  // Procurement tenders published in the last quarter of 2025 that got no result.
  std::vector<Notice> open_tenders;

 private:
  std::string Buyer() { return rng_.Pick(kCounties) + rng_.Pick(kBodies); }
  std::string Supplier() {
    return rng_.Pick(kSupplierCities) + rng_.Pick(kSupplierNames) + rng_.Pick(kSupplierTrades) + "有限公司";
  }
  std::string Url(const std::string& site, const std::string& domain) {
    const std::uint64_t id = rng_.Next();
    if (site == "procurement") {
      return "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=" + Hex(id, 16) + "-" +
             Hex(++sequence_, 8);
    }
    if (site == "trading") {
      return "https://ygp.gdzwfw.gov.cn/ggzy-portal/center/apis/trading-notice/new/detail?nodeId=" +
             std::to_string(++sequence_) + "&version=v3&noticeId=" + Hex(id, 16) + "&siteCode=440200";
    }
    if (site == "credit") {
      return "https://credit.sg.gov.cn/page/creditPublic/detail.html?tableName=" + domain + "&id=" + Hex(id, 16) +
             Hex(++sequence_, 16);
    }
    return "https://www.sg.gov.cn/zw/gkmlpt/content/" + std::to_string(id % 10) + "/" + std::to_string(id % 1000) +
           "/post_" + std::to_string(++sequence_) + ".html";
  }
  static std::string ReplaceSuffix(const std::string& title, const std::string& suffix) {
    for (const std::string old : {"招标公告", "采购公告", "结果公告", "合同公告", "出让公告", "交易公告"}) {
      if (title.ends_with(old)) return title.substr(0, title.size() - old.size()) + suffix;
    }
    return title + suffix;
  }

  // Sends a notice published on day `day` (site time, office hours) with its
  // capture a few hours to two days later. Dropping or reprinting the code here
  // keeps every project's notices otherwise consistent.
  void Emit(Notice notice, long long day, bool plain_date = false) {
    if (emitted_ >= limit_ || day > DaysFromCivil(2026, 12, 31)) return;
    const long long seconds = day * 86400 + rng_.Uniform(8 * 3600, 18 * 3600);
    notice.published = plain_date ? DateText(day) : Timestamp(seconds);
    if (!notice.project_code.empty() && notice.kind != "tender" && notice.kind != "plan") {
      if (rng_.Chance(0.025)) {
        notice.project_code.clear();  // left to fuzzy matching by title, buyer and amount
      } else if (rng_.Chance(0.02)) {
        for (char& c : notice.project_code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      } else if (rng_.Chance(0.01)) {
        notice.project_code = "\xE3\x80\x80" + notice.project_code + " ";
      }
    }
    ++emitted_;
    visit_(notice, seconds + rng_.Uniform(3600, 2 * 86400));
  }

  Notice Base(const std::string& site, const std::string& domain, const std::string& kind) {
    Notice notice;
    notice.site = site;
    notice.domain = domain;
    notice.kind = kind;
    notice.url = Url(site, domain);
    return notice;
  }

  void Procurement(long long start) {
    const long long project = ++projects_;
    const std::string buyer = Buyer();
    const std::string name = buyer + std::to_string(YearOf(start)) + "年" + rng_.Pick(kGoods) + "项目";
    static const std::vector<std::string> kPrefixes = {"GPCGD", "YBZC", "GDJY"};
    const std::string code =
        rng_.Pick(kPrefixes) + DateText(start).substr(2, 2) + "48SG" + std::to_string(100000 + project) + "F";
    const std::string agency = rng_.Pick(kAgencies);
    const long long budget = rng_.Uniform(100000, 5000000) * 100;
    const auto notice = [&](const std::string& site, const std::string& kind, const std::string& suffix) {
      Notice n = Base(site, "procurement", kind);
      n.project_code = code;
      n.title = name + " [项目编号:" + code + "]" + suffix;
      n.buyer = buyer;
      n.agency = agency;
      n.budget_yuan = Yuan(budget);
      return n;
    };
    // A result copied onto the trading platform; now and then the original is missing.
    const bool copied = rng_.Chance(0.2);
    const bool original_missing = copied && rng_.Chance(0.05);
    const auto post = [&](const Notice& n, long long day) {
      if (!original_missing || n.kind == "contract") Emit(n, day);
      if (copied && (n.kind == "tender" || n.kind == "award")) {
        Notice copy = n;
        copy.site = "trading";
        copy.url = Url("trading", "procurement");
        copy.title = name + (n.kind == "tender" ? "公开招标公告" : "结果公告");
        Emit(std::move(copy), day + rng_.Uniform(0, 2));
      }
    };
    if (rng_.Chance(0.1)) {
      Notice intention = Base("procurement", "procurement", "intention");
      intention.title = buyer + DateText(start).substr(0, 4) + "年" + DateText(start).substr(5, 2) + "月政府采购意向";
      intention.buyer = buyer;
      intention.agency = agency;
      intention.budget_yuan = Yuan(budget);
      Emit(std::move(intention), start - rng_.Uniform(30, 90));
    }
    if (rng_.Chance(0.02)) {
      post(notice("procurement", "single_source", "单一来源公示"), start);
      return;
    }
    long long opening = start + rng_.Uniform(20, 30);
    Notice tender = notice("procurement", "tender", "招标公告");
    tender.opening = Timestamp(opening * 86400 + 9 * 3600 + 1800);
    post(tender, start);
    if (rng_.Chance(0.1)) {
      opening += rng_.Uniform(3, 14);
      Notice correction = notice("procurement", "correction", "更正公告");
      correction.opening = Timestamp(opening * 86400 + 9 * 3600 + 1800);
      post(correction, start + rng_.Uniform(5, 15));
    }
    if (rng_.Chance(0.05)) {
      post(notice("procurement", "termination", "终止公告"), opening + rng_.Uniform(-5, 10));
      return;
    }
    if (rng_.Chance(0.08)) {  // no result: award_missing once due
      if (start >= DaysFromCivil(2025, 10, 1) && start < DaysFromCivil(2026, 1, 1)) open_tenders.push_back(tender);
      return;
    }
    const long long decided = opening + rng_.Uniform(1, 8);
    const long long awarded = decided + (rng_.Chance(0.85) ? rng_.Uniform(0, 2) : rng_.Uniform(3, 20));
    Notice award = notice("procurement", "award", "中标（成交）结果公告");
    award.decided = DateText(decided);
    std::vector<Lot> lots;
    const int lot_count = rng_.Chance(0.2) ? static_cast<int>(rng_.Uniform(2, 4)) : 1;
    long long total = 0;
    for (int i = 1; i <= lot_count; ++i) {
      const long long amount = budget / lot_count * rng_.Uniform(85, 99) / 100;
      total += amount;
      lots.push_back({"包" + std::to_string(i) + ":" + rng_.Pick(kGoods), Supplier(), Yuan(amount)});
    }
    award.supplier = lots.front().supplier;
    award.amount_yuan = Yuan(total);
    if (lot_count > 1) award.lots = lots;
    if (rng_.Chance(0.03)) award.fields_missing = {"experts"};
    post(award, awarded);
    if (rng_.Chance(0.1)) return;  // no contract: contract_missing once due
    for (const Lot& lot : lots) {
      const long long signed_on = awarded + rng_.Uniform(3, 35);
      Notice contract = notice("procurement", "contract", "合同公告");
      if (lot_count > 1) contract.title = name + "（" + lot.name + "）合同公告";
      contract.supplier = rng_.Chance(0.01) ? Supplier() : lot.supplier;
      contract.amount_yuan = rng_.Chance(0.02) ? Yuan(rng_.Uniform(100000, 5000000) * 100) : *lot.amount_yuan;
      contract.signed_on = DateText(signed_on);
      if (rng_.Chance(0.03)) {
        contract.signed_on.reset();
        contract.fields_missing = {"signed"};
      }
      const long long published = signed_on + (rng_.Chance(0.85) ? rng_.Uniform(0, 2) : rng_.Uniform(3, 30));
      post(contract, published);
      if (rng_.Chance(0.2)) {
        Notice acceptance = notice("procurement", "acceptance", "验收结果公告");
        acceptance.supplier = lot.supplier;
        acceptance.amount_yuan = lot.amount_yuan;
        post(acceptance, published + rng_.Uniform(60, 300));
      }
    }
  }

  void Construction(long long start) {
    const long long project = ++projects_;
    const size_t county = static_cast<size_t>(rng_.Uniform(0, static_cast<long long>(kCounties.size()) - 1));
    const std::string buyer = kCounties[county] + rng_.Pick(kBodies);
    const std::string name = kCounties[county] + std::to_string(YearOf(start)) + "年" + rng_.Pick(kWorks);
    const std::string code = rng_.Chance(0.5) ? kCountyTags[county] + "JS" + std::to_string(YearOf(start)) + "-" +
                                                    std::to_string(100000 + project)
                                              : "E4402" + std::to_string(10 + county) + DateText(start).substr(2, 2) +
                                                    "0" + std::to_string(1000000 + project) + "001";
    const std::string agency = rng_.Pick(kAgencies);
    const long long budget = rng_.Uniform(1000000, 100000000) * 100;
    const auto notice = [&](const std::string& site, const std::string& kind, const std::string& suffix) {
      Notice n = Base(site, "construction", kind);
      n.project_code = code;
      n.title = (site == "trading" ? "[" + code + "]" : "") + name + suffix;
      n.buyer = buyer;
      n.agency = agency;
      return n;
    };
    const bool on_portal = rng_.Chance(0.3);
    const auto post = [&](const Notice& n, long long day) {
      Emit(n, day);
      if (on_portal && (n.kind == "tender" || n.kind == "award")) {
        Notice copy = n;
        copy.site = "portal";
        copy.url = Url("portal", "construction");
        copy.title = name + (n.kind == "tender" ? "招标公告" : "中标结果公示");
        Emit(std::move(copy), day + rng_.Uniform(0, 5));
      }
    };
    const long long opening = start + rng_.Uniform(20, 30);
    Notice tender = notice("trading", "tender", "施工招标公告");
    tender.budget_yuan = Yuan(budget);
    tender.opening = Timestamp(opening * 86400 + 9 * 3600 + 1800);
    post(tender, start);
    if (rng_.Chance(0.03)) {
      post(notice("trading", "termination", "招标终止公告"), opening + rng_.Uniform(-5, 10));
      return;
    }
    long long last = opening;
    if (rng_.Chance(0.85)) {
      Notice candidates = notice("trading", "candidates", "中标候选人公示");
      candidates.budget_yuan = tender.budget_yuan;
      candidates.opening = tender.opening;
      if (rng_.Chance(0.05)) candidates.fields_missing = {"certificate"};
      last = opening + rng_.Uniform(1, 5);
      post(candidates, last);
    }
    if (rng_.Chance(0.07)) return;
    const long long amount = budget * rng_.Uniform(88, 99) / 100;
    const std::string supplier = Supplier();
    Notice award = notice("trading", "award", "中标结果公示");
    award.supplier = supplier;
    award.amount_yuan = Yuan(amount);
    if (rng_.Chance(0.02)) {
      award.amount_yuan.reset();
      award.fields_missing = {"amount_yuan"};
    }
    const long long awarded = last + (rng_.Chance(0.9) ? rng_.Uniform(3, 25) : rng_.Uniform(26, 60));
    post(award, awarded);
    if (rng_.Chance(0.15)) return;
    Notice contract = notice("trading", "contract", "施工合同订立情况公示");
    contract.supplier = supplier;
    contract.amount_yuan = Yuan(amount);
    const long long signed_on = awarded + rng_.Uniform(5, 30);
    contract.signed_on = DateText(signed_on);
    post(contract, signed_on + (rng_.Chance(0.9) ? rng_.Uniform(1, 20) : rng_.Uniform(21, 60)));
  }

  // Land-use grants and state property transfers: tender and result on the
  // trading platform, the portal re-posting half of them.
  void Grant(long long start) {
    const long long project = ++projects_;
    const bool land = rng_.Chance(0.6);
    const size_t county = static_cast<size_t>(rng_.Uniform(0, static_cast<long long>(kCounties.size()) - 1));
    const std::string code = "E4402" + std::to_string(10 + county) + DateText(start).substr(2, 2) + "0" +
                             std::to_string(2000000 + project) + "001";
    const std::string name = land ? kCounties[county] + kCountyTags[county] + std::to_string(YearOf(start)) + "-" +
                                        std::to_string(project % 1000) + "号地块国有建设用地使用权出让"
                                  : kCounties[county] + "国有资产经营有限公司所持子公司股权转让";
    const std::string buyer = land ? kCounties[county] + "自然资源局" : kCounties[county] + "国有资产经营有限公司";
    const long long reserve = rng_.Uniform(5000000, 200000000) * 100;
    const bool on_portal = rng_.Chance(0.5);
    for (const std::string kind : {"tender", "award"}) {
      if (kind == "award" && rng_.Chance(0.1)) return;
      const long long day = kind == "tender" ? start : start + rng_.Uniform(22, 40);
      for (const std::string site : {"trading", "portal"}) {
        if (site == "portal" && !on_portal) continue;
        Notice n = Base(site, land ? "land" : "property", kind);
        n.project_code = code;
        n.title = name + (kind == "tender" ? (land ? "公告" : "交易公告") : "成交公示");
        n.buyer = buyer;
        n.agency = "韶关市公共资源交易中心";
        if (kind == "tender") {
          n.budget_yuan = Yuan(reserve);
          n.opening = Timestamp((start + 21) * 86400 + 9 * 3600);
        } else {
          n.supplier = Supplier();
          n.amount_yuan = Yuan(reserve * rng_.Uniform(100, 140) / 100);
        }
        Emit(std::move(n), day + (site == "portal" ? rng_.Uniform(0, 3) : 0));
      }
    }
  }

  // One credit record: a licence, a penalty or a blacklist entry.
  void Credit(long long decided) {
    const long long record = ++projects_;
    const double pick = static_cast<double>(rng_.Next() >> 11) * 0x1.0p-53;
    const std::string year = std::to_string(YearOf(decided));
    Notice n;
    if (pick < 0.5) {
      n = Base("credit", "credit", "licence");
      n.project_code = "韶" + rng_.Pick(kCountyTags) + "许〔" + year + "〕" + std::to_string(record) + "号";
    } else if (pick < 0.9) {
      n = Base("credit", "credit", "penalty");
      n.project_code = "韶" + rng_.Pick(kCountyTags) + "罚〔" + year + "〕" + std::to_string(record) + "号";
      n.amount_yuan = Yuan(rng_.Uniform(1000, 500000) * 100);
      if (rng_.Chance(0.03)) n.fields_missing = {"penalty_basis"};
    } else {
      n = Base("credit", "credit", "blacklist");
      n.project_code = "9144" + std::to_string(1000000000000LL + record);  // the listed firm's credit code
    }
    n.buyer = Buyer();
    // Now and then a firm that also wins tenders (blacklisted_winner); mostly one of its own.
    n.supplier = n.kind != "blacklist" || rng_.Chance(0.002) ? Supplier()
                                                             : rng_.Pick(kSupplierCities) + std::to_string(record) +
                                                                   "号" + rng_.Pick(kSupplierTrades) + "有限公司";
    n.decided = DateText(decided);
    // Mostly within GI-03's 7 working days (about 9 calendar days), some later.
    Emit(std::move(n), decided + (rng_.Chance(0.85) ? rng_.Uniform(0, 9) : rng_.Uniform(10, 40)), true);
  }

  // A department: its 2018 implementation plan and its yearly reports, some missing.
  void Department() {
    const long long department = ++projects_;
    const std::string body = rng_.Pick(kCounties) + rng_.Pick(kBodies) + "（" + std::to_string(department) + "）";
    if (rng_.Chance(0.9)) {
      Notice plan = Base("portal", "portal", "plan");
      plan.project_code = "韶" + std::to_string(department) + "〔2018〕" + std::to_string(department % 100) + "号";
      plan.title = body + "关于印发推进公共资源配置领域政府信息公开工作方案的通知";
      plan.buyer = body;
      Emit(std::move(plan), DaysFromCivil(2018, 7, 1) + rng_.Uniform(0, 90));
    }
    for (int year = 2018; year <= 2025; ++year) {
      if (rng_.Chance(0.1)) continue;
      Notice report = Base("portal", "portal", "annual_report");
      report.title = body + std::to_string(year) + "年政府信息公开工作年度报告";
      report.buyer = body;
      Emit(std::move(report), DaysFromCivil(year + 1, 1, 5) + rng_.Uniform(0, 40));
    }
  }

  Rng rng_;
  long long limit_;
  Visit visit_;
  long long emitted_ = 0;
  long long projects_ = 0;
  std::uint64_t sequence_ = 0;
};

const std::vector<std::pair<std::string, std::string>> kSites = {{"procurement", "https://gdgpo.czt.gd.gov.cn"},
                                                                 {"portal", "https://www.sg.gov.cn"},
                                                                 {"trading", "https://ygp.gdzwfw.gov.cn"},
                                                                 {"credit", "https://credit.sg.gov.cn"}};

Capture CaptureOf(const Notice& notice, long long captured_at_seconds) {
  Capture capture;
  capture.site = notice.site;
  capture.url = notice.url;
  capture.page = "detail";
  capture.source = notice.site == "credit" ? "xzcf" : notice.site == "portal" ? "gkmlpt" : "detail";
  capture.status = 200;
  capture.content_type = notice.site == "credit" ? "application/json;charset=UTF-8" : "text/html; charset=utf-8";
  capture.headers = "HTTP/1.1 200 OK\r\nContent-Type: " + capture.content_type +
                    "\r\nServer: nginx\r\nLast-Modified: " + notice.published.value_or("") + "\r\n\r\n";
  // A stand-in body: the check never reads payloads, only their digests.
  capture.body = "<html><title>" + notice.title + "</title><body>" + notice.url + "</body></html>";
  capture.sha256 = Sha256Hex(capture.body);
  capture.captured_at = Timestamp(captured_at_seconds);
  return capture;
}

struct Options {
  long long notices = 0;
  std::uint64_t seed = 1;
  std::string db;
  long long add = 0;
};

// Writes the captures of `generate`'s notices, then each site's notices in
// one ReplaceNotices transaction (the stream is generated again per site, so
// memory does not grow with N). `base` notices already have captures, ids from
// `base_first_capture` on in stream order.
void Write(Store& store, const std::function<void(const WorldGenerator::Visit&)>& generate_base,
           const std::function<void(const WorldGenerator::Visit&)>& generate_new, long long base_first_capture) {
  const long long run_id = store.BeginRun("crawl", "2025-12-31", Timestamp(0));
  std::vector<long long> new_captures;
  store.AddCaptures(run_id, [&](const Store::CaptureAdder& add) {
    generate_new([&](const Notice& notice, long long captured_at) {
      new_captures.push_back(add(CaptureOf(notice, captured_at)));
    });
  });
  store.FinishRun(run_id, Timestamp(0), "done", true, "{}");
  for (const auto& [site, base_url] : kSites) {
    long long written = 0, uncoded = 0;
    store.ReplaceNotices(site, [&, &site = site](Store::NoticeSink& sink) {
      const auto add = [&](const Notice& notice, long long capture_id) {
        if (notice.site != site) return;
        Store::ExtractedNotice extracted;
        extracted.notice = notice;
        extracted.capture_id = capture_id;
        // What extract keeps of a detail's content (the watchdog's notice_contents).
        extracted.content_sha256 = Sha256Hex(notice.title + '\x1f' + notice.url);
        sink.Add(extracted);
        ++written;
        uncoded += notice.project_code.empty();
      };
      long long index = 0;
      if (generate_base) {
        generate_base([&](const Notice& notice, long long) { add(notice, base_first_capture + index++); });
      }
      index = 0;
      generate_new([&](const Notice& notice, long long) { add(notice, new_captures[static_cast<size_t>(index++)]); });
    });
    std::cerr << "check_store_generator: " << site << ": " << written << " notices, " << uncoded
              << " without a project code\n";
  }
}

int Main(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--notices") {
      options.notices = std::stoll(value);
    } else if (flag == "--seed") {
      options.seed = std::stoull(value);
    } else if (flag == "--db") {
      options.db = value;
    } else if (flag == "--add") {
      options.add = std::stoll(value);
    } else {
      std::cerr << "check_store_generator: unknown flag " << flag << "\n";
      return 2;
    }
  }
  if (options.notices <= 0 || options.db.empty() || argc % 2 == 0) {
    std::cerr << "usage: check_store_generator --notices N --seed S --db PATH [--add K]\n";
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  const auto base = [&](const WorldGenerator::Visit& visit) {
    WorldGenerator(options.seed, options.notices, visit).Generate();
  };
  if (options.add == 0) {
    if (std::filesystem::exists(options.db)) {
      std::cerr << "check_store_generator: " << options.db << " exists; give a new path\n";
      return 2;
    }
    Store store(options.db);
    for (const auto& [site, base_url] : kSites) store.UpsertSite(site, base_url);
    Write(store, nullptr, base, 0);
  } else {
    Store store(options.db);
    // The base stream again, for its first notice's capture and the tenders left open.
    std::vector<Notice> open_tenders;
    std::optional<Notice> first;
    {
      WorldGenerator generator(options.seed, options.notices, [&](const Notice& notice, long long) {
        if (!first) first = notice;
      });
      generator.Generate();
      open_tenders = std::move(generator.open_tenders);
    }
    const auto capture = store.LatestCapture(first->site, first->url);
    if (!capture || store.CountNotices(first->site) == 0) {
      std::cerr << "check_store_generator: " << options.db << " was not made with --notices " << options.notices
                << " --seed " << options.seed << "\n";
      return 2;
    }
    const auto later = [&](const WorldGenerator::Visit& visit) {
      WorldGenerator(options.seed ^ 0x5eed5eedULL, options.add, visit).GenerateLaterCycle(open_tenders);
    };
    Write(store, base, later, capture->id);
  }
  std::cerr << "check_store_generator: " << options.db << " written in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
  return 0;
}

}  // namespace
}  // namespace gapwatch

int main(int argc, char** argv) {
  try {
    return gapwatch::Main(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "check_store_generator: " << error.what() << "\n";
    return 1;
  }
}
