#include "sim/world_subjects.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <tuple>

#include "sim/random.h"
#include "sim/world_ids.h"
#include "sim/world_timelines.h"
#include "sim/world_vocabulary.h"

namespace gapwatch::sim {
namespace {

// The two streams of a subject (see the header).
constexpr uint64_t kIndexStream = 1;
constexpr uint64_t kDetailStream = 2;

constexpr CivilDate kDepartmentReform{2019, 3, 1};
constexpr char kExchange[] = "韶关市公共资源交易中心";
constexpr char kExchangeAddress[] = "韶关市武江区芙蓉新城芙蓉路3号";
constexpr char kVenue[] = "韶关市公共资源交易中心开标室（韶关市武江区芙蓉新城芙蓉路3号）";
constexpr char kMovedVenue[] = "韶关市公共资源交易中心第二开标室（韶关市武江区芙蓉新城芙蓉路3号4楼）";
constexpr char kHostileName[] = "<script>alert(1)</script>";
constexpr char kHostileBuyer[] = "=HYPERLINK(\"http://x\")";

uint64_t Fnv1a(const std::string& text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

// A company's or body's code follows from its name: the same company always
// has the same code, wherever it appears.
std::string CompanyUscc(const std::string& name, const std::string& region) {
  return MakeUscc('9', '1', region, Fnv1a(name));
}
std::string BodyUscc(const std::string& name, const std::string& region) {
  return MakeUscc('1', '1', region, Fnv1a(name));
}

std::string RegionName(const std::string& code) {
  const size_t index = RegionIndex(code);
  return index < Regions().size() ? Regions()[index].name : "";
}

// The notice a timeline date stands for, on the site it was published on.
Notice MakeNotice(NoticeKind kind, Site site, CivilDate date, Random& random) {
  Notice notice;
  notice.kind = kind;
  notice.generation = GenerationAt(site, date);
  notice.published = date;
  notice.second_of_day = static_cast<int>(random.Uniform(8 * 3600 + 30 * 60, 18 * 3600 - 1));
  notice.title_style = static_cast<int>(random.Uniform(0, 1));
  notice.highlighted_title = random.Percent(15);
  notice.capital_amounts =
      random.Percent(50) && (notice.generation == Generation::kGdgpo || notice.generation == Generation::kSgjyzx);
  return notice;
}

void SortByPublication(std::vector<Notice>& notices) {
  std::stable_sort(notices.begin(), notices.end(), [](const Notice& a, const Notice& b) {
    return std::tie(a.published, a.second_of_day) < std::tie(b.published, b.second_of_day);
  });
}

Notice* Find(std::vector<Notice>& notices, NoticeKind kind, Site site) {
  for (Notice& notice : notices) {
    if (notice.kind == kind && notice.site() == site) return &notice;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// People and companies (the detail stream).

class Names {
 public:
  explicit Names(Random& random) : random_(random) {}

  std::string Person() { return std::string(random_.Pick(Surnames())) + random_.Pick(GivenNames()); }
  // Shaoguan numbers have 7 digits, those of the Pearl River Delta cities 8.
  std::string Phone(const std::string& area) {
    return area + (area == "0751-" ? std::to_string(random_.Uniform(8000000, 8999999))
                                   : std::to_string(random_.Uniform(80000000, 89999999)));
  }
  Party Company(const std::string& industry) {
    const SupplierHome& home = random_.Pick(SupplierHomes());
    const std::string name = std::string(home.name_prefix) + random_.Pick(TradeNames()) + industry + "有限公司";
    return {name, home.address, Person(), Phone(home.area_code), CompanyUscc(name, home.region_code)};
  }
  // Another company of the same industry than `other`.
  Party OtherCompany(const std::string& industry, const Party& other) {
    for (;;) {
      Party party = Company(industry);
      if (party.name != other.name) return party;
    }
  }
  Party Body(const BuyerProfile& profile) {
    return {profile.name, profile.address, Person(), Phone("0751-"), BodyUscc(profile.name, profile.region_code)};
  }
  Party Agency(const AgencyProfile& profile) {
    return {profile.name, profile.address, Person(), Phone(profile.phone_prefix),
            CompanyUscc(profile.name, profile.phone_prefix == std::string("0751-") ? "440203" : "440104")};
  }
  Random& random() { return random_; }

 private:
  Random& random_;
};

// A company found nowhere else in the world: the blacklisted ones. `serial`
// is unique per blacklist entry; the mapping below is injective for serial <
// 5 × 40 × 39 × 6, and its trade names share no character with TradeNames().
Party UniqueCompany(uint32_t serial, Names& names) {
  static const char* const kPrefixes[] = {"韶关市", "广东", "广州市", "南雄市", "乐昌市"};
  static const char* const kRegions[] = {"440204", "440203", "440106", "440282", "440281"};
  static const char* const kIndustries[] = {"建材", "建设工程", "贸易", "科技", "实业", "电子"};
  const auto& characters = BlacklistTradeCharacters();
  const uint32_t count = static_cast<uint32_t>(characters.size());
  uint32_t rest = serial;
  const uint32_t prefix = rest % 5;
  rest /= 5;
  const uint32_t first = rest % count;
  rest /= count;
  const uint32_t second = (first + 1 + rest % (count - 1)) % count;
  rest /= count - 1;
  const std::string name =
      std::string(kPrefixes[prefix]) + characters[first] + characters[second] + kIndustries[rest % 6] + "有限公司";
  return {name, std::string(kPrefixes[prefix]) + "工业大道" + std::to_string(serial % 200 + 1) + "号", names.Person(),
          names.Phone(prefix == 2 ? "020-" : "0751-"), CompanyUscc(name, kRegions[prefix])};
}

// The serial of a blacklisted company: its listing entry's place among all entries.
uint32_t ListingSerial(uint32_t unit, Role listing_role) {
  uint32_t place = 0;
  uint32_t per_unit = 0;
  for (const RoleSpec& spec : UnitRoles()) {
    if (spec.type != SubjectType::kBlacklistEntry) continue;
    if (spec.role == listing_role) place = per_unit;
    per_unit += static_cast<uint32_t>(spec.count);
  }
  return unit * per_unit + place;
}

// The listing role that names the winner of `project_role`, if any.
std::optional<Role> ListingOfWinner(Role project_role) {
  switch (project_role) {
    case Role::kBlacklistedWinner:
      return Role::kListingOfWinner;
    case Role::kBlacklistEnded:
      return Role::kListingEndedBeforeAward;
    case Role::kWorksBlacklistedWinner:
      return Role::kListingOfWorksWinner;
    case Role::kWorksListedAfterAward:
      return Role::kListingAfterWorksAward;
    default:
      return std::nullopt;
  }
}
Role WinnerOfListing(Role listing_role) {
  switch (listing_role) {
    case Role::kListingOfWinner:
      return Role::kBlacklistedWinner;
    case Role::kListingEndedBeforeAward:
      return Role::kBlacklistEnded;
    case Role::kListingOfWorksWinner:
      return Role::kWorksBlacklistedWinner;
    default:
      return Role::kWorksListedAfterAward;
  }
}

// ---------------------------------------------------------------------------
// Project codes (the index stream: codes are looked up by the index).

std::string ProcurementCode(const AgencyProfile& agency, CivilDate tender, SubjectId serial, Random& random) {
  char code[64];
  const int yy = tender.year % 100;
  switch (agency.style) {
    case CodeStyle::kDatedSerial:
      std::snprintf(code, sizeof code, "%s%02d%02d%02d%03uFG%03ld", agency.code_prefix, yy, tender.month, tender.day,
                    serial % 1000, random.Uniform(1, 999) + static_cast<long>(serial / 1000) * 1000);
      break;
    case CodeStyle::kCentreSerial:
      std::snprintf(code, sizeof code, "%s%02d%02dSG%04uF", agency.code_prefix, yy, 40 + tender.month, serial);
      break;
    case CodeStyle::kNumberedGroup:
      std::snprintf(code, sizeof code, "%s%02d41GDG%05u", agency.code_prefix, yy, 30000 + serial);
      break;
    case CodeStyle::kYearCg:
      std::snprintf(code, sizeof code, "%s%04d-CG%03u", agency.code_prefix, tender.year, serial);
      break;
  }
  return code;
}

// ygp projectCode: E + 6-digit region + 13 characters (SITES.md §2.2).
std::string TradingCode(const std::string& region, CivilDate tender, SubjectId serial) {
  char code[32];
  std::snprintf(code, sizeof code, "E%s%02d0%07u001", region.c_str(), tender.year % 100, serial);
  return code;
}

// The legacy trading centre's own numbers: NXJS2019-018 (SITES.md §2.2 labels).
std::string LegacyWorksCode(const std::string& region, CivilDate tender, SubjectId serial) {
  const size_t index = RegionIndex(region);
  char code[32];
  std::snprintf(code, sizeof code, "%sJS%04d-%03u", index < Regions().size() ? Regions()[index].letters : "SG",
                tender.year, serial);
  return code;
}

// 投资项目统一代码 (SITES.md §6): before the GB/T 40058 switch (Guangdong,
// 2020-11-30) YYYY-region-industry-type-serial; after it YYMM-…-5 random
// digits and a check digit ([I]: the check rule is not public; a weighted
// sum modulo 10 stands in for it).
std::string InvestmentCode(CivilDate approved, const std::string& region, const char* industry, Random& random) {
  char code[40];
  const int type = static_cast<int>(random.Uniform(1, 3));
  if (approved < CivilDate{2020, 11, 30}) {
    std::snprintf(code, sizeof code, "%04d-%s-%s-%02d-%06ld", approved.year, region.c_str(), industry, type,
                  random.Uniform(1, 999999));
    return code;
  }
  const long digits = random.Uniform(0, 99999);
  long sum = 0;
  long rest = digits;
  for (int place = 0; place < 5; ++place, rest /= 10) sum += rest % 10 * (place % 2 == 0 ? 3 : 1);
  std::snprintf(code, sizeof code, "%02d%02d-%s-%s-%02d-%05ld%ld", approved.year % 100, approved.month, region.c_str(),
                industry, type, digits, (10 - sum % 10) % 10);
  return code;
}

// ---------------------------------------------------------------------------
// Projects.

// What the index needs of a project: the role's timeline as notices, the
// buyer's or owner's region, the code.
struct ProjectSkeleton {
  ProjectTimeline timeline;
  size_t buyer = 0;   // into the domain's buyer table
  size_t agency = 0;  // into ProcurementAgencies() / ConstructionAgencies()
};

const std::vector<BuyerProfile>& BuyersOf(Domain domain) {
  switch (domain) {
    case Domain::kProcurement:
      return ProcurementBuyers();
    case Domain::kStateProperty:
      return PropertyOwners();
    default:
      return ConstructionOwners();  // land grants: the owner only gives the region
  }
}

void AddProjectNotices(Project& p, Role role, const ProjectTimeline& t, Random& random) {
  const Site home = DesignatedSite(p.domain);
  auto add = [&](std::optional<CivilDate> date, NoticeKind kind, Site site) -> Notice* {
    if (!date) return nullptr;
    p.notices.push_back(MakeNotice(kind, site, *date, random));
    return &p.notices.back();
  };
  add(t.intention, NoticeKind::kIntention, home);
  add(t.tender, NoticeKind::kTender, home);
  add(t.correction, NoticeKind::kCorrection, home);
  add(t.single_source, NoticeKind::kSingleSource, home);
  add(t.candidates, NoticeKind::kCandidates, home);
  add(t.result, NoticeKind::kResult, home);
  add(t.contract, NoticeKind::kContract, home);
  add(t.terminated, NoticeKind::kTermination, home);
  add(t.acceptance, NoticeKind::kAcceptance, home);
  add(t.trading_tender, NoticeKind::kTender, Site::kTrading);
  add(t.trading_result, NoticeKind::kResult, Site::kTrading);
  add(t.portal_tender, NoticeKind::kTender, Site::kPortal);
  add(t.portal_result, NoticeKind::kResult, Site::kPortal);
  // What the role plants on particular notices.
  std::vector<Notice>& n = p.notices;
  switch (role) {
    case Role::kContractLateUnsigned:
      Find(n, NoticeKind::kContract, home)->omitted |= kSigningDate;
      break;
    case Role::kResultWithoutExperts:
      Find(n, NoticeKind::kResult, home)->omitted |= kExpertList;
      break;
    case Role::kFreecmsResultWithoutAmount:
      Find(n, NoticeKind::kResult, home)->omitted |= kAwardAmount;
      break;
    case Role::kWorksCandidatesWithoutCertificate:
      Find(n, NoticeKind::kCandidates, home)->omitted |= kManagerCertificate;
      break;
    case Role::kCrossSiteFullWidthCode:
      for (Notice& notice : n) notice.code_full_width = notice.site() == Site::kTrading;
      break;
    case Role::kCrossSitePlatformCode:
      for (Notice& notice : n) notice.code_platform_own = notice.site() == Site::kTrading;
      break;
    case Role::kWorksLegacyFullWidthCode:
      for (Notice& notice : n) notice.code_full_width = notice.site() == Site::kTrading;
      break;
    case Role::kEditedTender:
      Find(n, NoticeKind::kTender, home)->edited = t.changed;
      Find(n, NoticeKind::kTender, home)->edit = EditedField::kAgencyPhone;
      break;
    case Role::kEditedResult:
      Find(n, NoticeKind::kResult, home)->edited = t.changed;
      Find(n, NoticeKind::kResult, home)->edit = EditedField::kSupplierAddress;
      break;
    case Role::kWorksEditedTender:
      Find(n, NoticeKind::kTender, home)->edited = t.changed;
      Find(n, NoticeKind::kTender, home)->edit = EditedField::kVenue;
      break;
    case Role::kLandEditedResult:
      Find(n, NoticeKind::kResult, home)->edited = t.changed;
      Find(n, NoticeKind::kResult, home)->edit = EditedField::kAgencyPhone;
      break;
    case Role::kRemovedAcceptance:
      Find(n, NoticeKind::kAcceptance, home)->removed = t.changed;
      break;
    case Role::kRemovedTradingCopy:
      Find(n, NoticeKind::kResult, Site::kTrading)->removed = t.changed;
      break;
    case Role::kWorksRemovedPortalCopy:
      Find(n, NoticeKind::kTender, Site::kPortal)->removed = t.changed;
      break;
    case Role::kPropertyRemovedResult:
      Find(n, NoticeKind::kResult, home)->removed = t.changed;
      break;
    default:
      break;
  }
  SortByPublication(p.notices);
}

void FillProcurementDetail(Project& p, Role role, const ProjectSkeleton& s, Names& names) {
  Random& random = names.random();
  const BuyerProfile& buyer = ProcurementBuyers()[s.buyer];
  p.buyer = names.Body(buyer);
  std::vector<const ProcurementSubject*> subjects;
  for (const ProcurementSubject& subject : ProcurementSubjects()) {
    const bool has_lots = role != Role::kCompleteMultiLot || subject.items.size() >= 2;
    if ((subject.buyers & buyer.type) && has_lots) subjects.push_back(&subject);
  }
  const ProcurementSubject& subject = *random.Pick(subjects);
  p.name = std::string(buyer.name) + std::to_string(p.notices.front().published.year) + "年" + subject.name;
  p.catalogue = subject.catalogue;
  p.performance_term = subject.performance_term;
  p.agency = names.Agency(ProcurementAgencies()[s.agency]);
  p.supplier = names.Company(subject.industry);
  if (auto listing = ListingOfWinner(role)) {
    const uint32_t unit = (p.id - kSingletonCount) / SubjectsPerUnit();
    p.supplier = UniqueCompany(ListingSerial(unit, *listing), names);
  }
  if (role == Role::kSupplierSpelledDifferently) {
    // The branch in full-width brackets in the result, ASCII ones in the
    // contract: the same company, spelled two ways.
    const std::string branch = p.region_code == "440200" ? "浈江" : RegionName(p.region_code);
    p.supplier.name += "（" + branch + "分公司）";
  }
  const int lot_count =
      role == Role::kCompleteMultiLot
          ? static_cast<int>(std::min<long>(static_cast<long>(subject.items.size()), random.Uniform(2, 3)))
          : 1;
  // Whole 万元 budgets let the tender write "189万元", as real notices sometimes do.
  p.budget_in_wan = random.Percent(30);
  const long first_item = lot_count == 1 ? random.Uniform(0, static_cast<long>(subject.items.size()) - 1) : 0;
  for (int i = 0; i < lot_count; ++i) {
    const LotItem& item = subject.items[static_cast<size_t>(first_item + i)];
    Lot lot;
    lot.name = "包" + std::to_string(i + 1) + "：" + item.item;
    lot.item = item.item;
    lot.unit = item.unit;
    lot.quantity = static_cast<int>(random.Uniform(item.min_quantity, item.max_quantity));
    lot.budget_fen = p.budget_in_wan ? random.Uniform(8, 300) * 10000 * 100 : random.Uniform(80, 3000) * 1000 * 100;
    lot.award_fen = lot.budget_fen * random.Uniform(8500, 9950) / 10000;
    p.lots.push_back(lot);
  }
  for (int i = 0; i < 5; ++i) p.experts.push_back(names.Person());
  const int winner = static_cast<int>(random.Uniform(8500, 9650));
  p.scores.push_back({p.supplier.name, winner});
  p.scores.push_back(
      {names.OtherCompany(subject.industry, p.supplier).name, winner - static_cast<int>(random.Uniform(100, 600))});
  p.scores.push_back(
      {names.OtherCompany(subject.industry, p.supplier).name, winner - static_cast<int>(random.Uniform(700, 1500))});
  p.termination_reason = random.Pick(TerminationReasons());
  p.contract_supplier = p.supplier;
  if (role == Role::kSupplierSpelledDifferently) {
    std::string& name = p.contract_supplier.name;
    name.replace(name.find("（"), std::string("（").size(), "(");
    name.replace(name.find("）"), std::string("）").size(), ")");
  }
  if (role == Role::kSupplierMismatch) {
    p.contract_supplier = names.OtherCompany(subject.industry, p.supplier);
    p.contract_names_other_supplier = true;
  }
  if (role == Role::kHostile) {
    p.name = kHostileName;
    p.buyer.name = kHostileBuyer;
  }
}

void FillWorksDetail(Project& p, Role role, const ProjectSkeleton& s, Names& names) {
  Random& random = names.random();
  const BuyerProfile& owner = ConstructionOwners()[s.buyer];
  p.buyer = names.Body(owner);
  const WorksSubject& subject = random.Pick(WorksSubjects());
  const std::string place = p.region_code == "440200" ? "韶关市" : RegionName(p.region_code);
  p.name = place + std::to_string(p.notices.front().published.year) + "年" + subject.name;
  p.catalogue = "房屋建筑和市政基础设施工程";
  p.investment_code = InvestmentCode(*p.approved, p.region_code, subject.industry_code, random);
  p.agency = names.Agency(ConstructionAgencies()[s.agency]);
  p.supplier = names.Company(subject.contractor);
  if (auto listing = ListingOfWinner(role)) {
    const uint32_t unit = (p.id - kSingletonCount) / SubjectsPerUnit();
    p.supplier = UniqueCompany(ListingSerial(unit, *listing), names);
  }
  const int days = static_cast<int>(random.Uniform(subject.min_days, subject.max_days));
  p.performance_term = "工期" + std::to_string(days) + "日历天";
  Lot lot;
  lot.name = "第一标段";
  lot.item = subject.name;
  lot.unit = "项";
  // 招标控制价 in whole 元; the award 92–99 % of it, to the fen.
  lot.budget_fen = random.Uniform(subject.min_wan, subject.max_wan) * 1000000 + random.Uniform(0, 9999) * 100;
  lot.award_fen = lot.budget_fen * random.Uniform(9200, 9900) / 10000 + random.Uniform(0, 99);
  p.lots.push_back(lot);
  for (int i = 0; i < 5; ++i) p.experts.push_back(names.Person());
  auto candidate = [&](const Party& party, int64_t bid) {
    Candidate c;
    c.party = party;
    c.bid_fen = bid;
    c.duration_days = days;
    c.quality = "合格";
    c.manager = names.Person();
    char certificate[32];
    std::snprintf(certificate, sizeof certificate, "粤144%04ld%07ld", random.Uniform(2010, 2022),
                  random.Uniform(1000000, 9999999));
    c.certificate = certificate;
    return c;
  };
  p.candidates.push_back(candidate(p.supplier, lot.award_fen));
  for (int rank = 2; rank <= 3; ++rank) {
    const int64_t bid = std::min(lot.budget_fen, lot.award_fen + lot.award_fen * random.Uniform(5, 40) / 1000);
    p.candidates.push_back(candidate(names.OtherCompany(subject.contractor, p.supplier), bid));
  }
  p.termination_reason = "因招标人对招标范围作重大调整，经研究决定终止本次招标。";
  p.contract_supplier = p.supplier;
  if (role == Role::kWorksSupplierMismatch) {
    p.contract_supplier = p.candidates[1].party;  // the second-ranked candidate signs
    p.contract_names_other_supplier = true;
  }
}

void FillLandDetail(Project& p, Names& names) {
  Random& random = names.random();
  const std::string region = p.region_code == "440200" ? "韶关市" : RegionName(p.region_code);
  const std::string seller = region + "自然资源局";
  p.buyer = {seller, region + "人民政府大院", names.Person(), names.Phone("0751-"), BodyUscc(seller, p.region_code)};
  p.agency = {kExchange, kExchangeAddress, names.Person(), names.Phone("0751-"), BodyUscc(kExchange, "440200")};
  const LandUse& use = random.Pick(LandUses());
  const size_t region_index = RegionIndex(p.region_code);
  Lot lot;
  lot.name = std::string(Regions()[region_index].letters) + std::to_string(p.opening.year) + "-" +
             std::to_string(p.id % 1000) + "号地块";
  lot.item = use.use;
  lot.quantity = static_cast<int>(random.Uniform(use.min_area, use.max_area));
  lot.unit = "平方米";
  lot.budget_fen = int64_t{lot.quantity} * random.Uniform(use.min_yuan_per_m2, use.max_yuan_per_m2) * 100;
  lot.award_fen = lot.budget_fen * random.Uniform(10000, 16000) / 10000 / 100 * 100;  // auctions bid up
  p.lots.push_back(lot);
  p.name = region + lot.name + "国有建设用地使用权出让";
  p.catalogue = use.use;
  p.performance_term = "出让年限" + std::to_string(use.term_years) + "年";
  static const char* const kDevelopers[] = {"房地产开发", "置业", "实业"};
  p.supplier = names.Company(kDevelopers[random.Uniform(0, 2)]);
  p.contract_supplier = p.supplier;
  p.venue = kVenue;
}

void FillPropertyDetail(Project& p, const ProjectSkeleton& s, Names& names) {
  Random& random = names.random();
  const BuyerProfile& owner = PropertyOwners()[s.buyer];
  p.buyer = names.Body(owner);
  p.buyer.uscc = CompanyUscc(owner.name, owner.region_code);  // state-owned companies are companies
  p.agency = {kExchange, kExchangeAddress, names.Person(), names.Phone("0751-"), BodyUscc(kExchange, "440200")};
  const PropertyItem& item = random.Pick(PropertyItems());
  p.name = std::string(owner.name) + item.name + "转让";
  p.catalogue = item.type;
  Lot lot;
  lot.name = item.name;
  lot.item = item.type;
  lot.unit = "项";
  lot.budget_fen = random.Uniform(item.min_wan, item.max_wan) * 1000000;  // 挂牌底价
  lot.award_fen = lot.budget_fen * random.Uniform(10000, 12500) / 10000;
  p.lots.push_back(lot);
  p.supplier = names.Company("投资");
  p.contract_supplier = p.supplier;
  p.venue = kVenue;
}

Project BuildProject(WorldKey key, SubjectId id, const SubjectSlot& slot, const WorkCalendar& calendar, Detail detail) {
  const RoleSpec& spec = SpecOf(slot.role);
  Project p;
  p.id = id;
  p.role = spec.name;
  p.planted = spec.planted;
  p.domain = spec.domain;
  p.method = slot.role == Role::kSingleSource ? Method::kSingleSource : Method::kOpenTender;

  Random index_stream = Random::Stream(key.seed, id, kIndexStream);
  ProjectSkeleton s;
  s.timeline = PlanProject(slot.role, index_stream, calendar);
  const ProjectTimeline& t = s.timeline;
  s.buyer = static_cast<size_t>(index_stream.Uniform(0, static_cast<long>(BuyersOf(p.domain).size()) - 1));
  p.region_code = BuyersOf(p.domain)[s.buyer].region_code;
  if (p.domain == Domain::kLand) p.region_code = Regions()[index_stream.Uniform(0, 10)].code;
  p.region_name = RegionName(p.region_code);
  p.opening = t.opening;
  p.corrected_opening = t.corrected_opening;
  p.decided = t.decided;
  p.signed_on = t.signed_on;
  p.approved = t.approved;
  const CivilDate first_notice = t.tender.value_or(
      t.trading_tender.value_or(t.single_source.value_or(t.candidates.value_or(t.result.value_or(t.opening)))));
  if (p.domain == Domain::kProcurement) {
    s.agency = static_cast<size_t>(index_stream.Uniform(0, static_cast<long>(ProcurementAgencies().size()) - 1));
    p.code = ProcurementCode(ProcurementAgencies()[s.agency], first_notice, id, index_stream);
  } else {
    s.agency = static_cast<size_t>(index_stream.Uniform(0, static_cast<long>(ConstructionAgencies().size()) - 1));
    const bool legacy = first_notice < CivilDate{2021, 1, 1};
    p.code = legacy ? LegacyWorksCode(p.region_code, first_notice, id) : TradingCode(p.region_code, first_notice, id);
  }
  AddProjectNotices(p, slot.role, t, index_stream);
  if (detail == Detail::kIndex) return p;

  Random detail_stream = Random::Stream(key.seed, id, kDetailStream);
  Names names(detail_stream);
  switch (p.domain) {
    case Domain::kProcurement:
      FillProcurementDetail(p, slot.role, s, names);
      break;
    case Domain::kConstruction:
      FillWorksDetail(p, slot.role, s, names);
      break;
    case Domain::kLand:
      FillLandDetail(p, names);
      break;
    default:
      FillPropertyDetail(p, s, names);
  }
  if (p.venue.empty()) p.venue = kVenue;
  char contract_number[32];
  std::snprintf(contract_number, sizeof contract_number, "HT%04d%06u", first_notice.year, id);
  p.contract_number = contract_number;
  p.contract_amount_fen = p.AwardFen();
  if (slot.role == Role::kAmountMismatch || slot.role == Role::kWorksAmountMismatch) {
    p.contract_amount_fen += p.AwardFen() * detail_stream.Uniform(30, 80) / 1000;  // 3–8 % more
  }
  if (slot.role == Role::kAmountWithinTolerance) p.contract_amount_fen += 100;  // exactly the 1 元 tolerance
  for (Notice& notice : p.notices) {
    switch (notice.edit) {
      case EditedField::kAgencyPhone:
        notice.edit_value = names.Phone(p.agency.phone.substr(0, p.agency.phone.find('-') + 1));
        break;
      case EditedField::kSupplierAddress:
        notice.edit_value = p.supplier.address + "（更正：" + std::to_string(detail_stream.Uniform(2, 9)) + "楼）";
        break;
      case EditedField::kVenue:
        notice.edit_value = kMovedVenue;
        break;
      default:
        break;
    }
  }
  return p;
}

// ---------------------------------------------------------------------------
// Credit records, blacklist entries, departments.

bool IsLicenceRole(Role role) {
  return role == Role::kLicenceTimely || role == Role::kLicenceLate || role == Role::kLicenceRemoved;
}

SubjectSlot CheckedSlot(WorldKey key, SubjectId id, SubjectType type, const char* what) {
  const SubjectSlot slot = SlotOf(id, key.scale, key.seed);
  if (slot.type != type) throw std::invalid_argument("subject " + std::to_string(id) + " is no " + what);
  return slot;
}

}  // namespace

CreditRecord DeriveCreditRecord(WorldKey key, SubjectId id, const WorkCalendar& calendar) {
  const SubjectSlot slot = CheckedSlot(key, id, SubjectType::kCreditRecord, "credit record");
  const RoleSpec& spec = SpecOf(slot.role);
  CreditRecord r;
  r.id = id;
  r.role = spec.name;
  r.planted = spec.planted;
  r.kind = IsLicenceRole(slot.role) ? NoticeKind::kLicence : NoticeKind::kPenalty;
  Random index_stream = Random::Stream(key.seed, id, kIndexStream);
  const CreditTimeline t = PlanCreditRecord(slot.role, index_stream, calendar);
  r.decided = t.decided;
  Notice notice = MakeNotice(r.kind, Site::kCredit, t.published, index_stream);
  if (slot.role == Role::kLicenceRemoved) notice.removed = t.changed;
  if (slot.role == Role::kPenaltyEdited) {
    notice.edited = t.changed;
    notice.edit = EditedField::kFineAmount;
  }
  if (slot.role == Role::kPenaltyWithoutBasis) notice.omitted |= kPenaltyBasis;

  Random detail_stream = Random::Stream(key.seed, id, kDetailStream);
  Names names(detail_stream);
  const CreditAuthority& authority = detail_stream.Pick(CreditAuthorities());
  const bool licence = r.kind == NoticeKind::kLicence;
  // The serial follows the subject: unique in the world, small at scale 1.
  r.number = std::string(licence ? authority.licence_prefix : authority.penalty_prefix) + "〔" +
             std::to_string(r.decided.year) + "〕" + std::to_string(id - kSingletonCount + 1) + "号";
  r.document_name = licence ? "行政许可决定书" : "行政处罚决定书";
  r.party = names.Company(licence ? "商贸" : "实业");
  r.legal_representative = names.Person();
  r.authority = authority.name;
  r.authority_uscc = BodyUscc(authority.name, "440200");
  if (licence) {
    r.category = "普通";
    r.content = authority.licence_content;
    r.licence_name = authority.licence_name;
    r.licence_number = std::string(authority.licence_prefix).substr(0, 3) + std::to_string(r.decided.year) +
                       std::to_string(100000 + id % 100000);
    r.valid_until = r.decided.PlusDays(365 * detail_stream.Uniform(3, 5));
  } else {
    r.category = "罚款";
    r.violation_type = authority.violation;
    r.facts = r.party.name + authority.facts + "。";
    r.basis = authority.basis;
    r.fine_fen = detail_stream.Uniform(5, 200) * 100000;  // 0.5–20 万元
    r.content = "罚款人民币" + std::to_string(r.fine_fen / 100) + "元";
    r.valid_until = r.decided.PlusDays(365 * 3);  // 公示截止期
    if (notice.edit == EditedField::kFineAmount) notice.edit_value = std::to_string(r.fine_fen / 2);
  }
  r.notices.push_back(notice);
  return r;
}

BlacklistEntry DeriveBlacklistEntry(WorldKey key, SubjectId id, const WorkCalendar& calendar) {
  const SubjectSlot slot = CheckedSlot(key, id, SubjectType::kBlacklistEntry, "blacklist entry");
  const RoleSpec& spec = SpecOf(slot.role);
  BlacklistEntry e;
  e.id = id;
  e.role = spec.name;
  e.planted = spec.planted;
  Random detail_stream = Random::Stream(key.seed, id, kDetailStream);
  Names names(detail_stream);
  std::optional<CivilDate> award;
  bool works = false;
  if (slot.role == Role::kListingUnrelated) {
    e.party = UniqueCompany(ListingSerial(slot.unit, slot.role), names);
  } else {
    // The entry names the winner of its project, whose award date it is placed around.
    const Project winner =
        DeriveProject(key, SubjectOfRole(slot.unit, WinnerOfListing(slot.role)), calendar, Detail::kFull);
    e.party = winner.supplier;
    works = winner.domain == Domain::kConstruction;
    for (const Notice& notice : winner.notices) {
      if (notice.kind == NoticeKind::kResult && notice.site() == DesignatedSite(winner.domain)) {
        award = notice.published;
      }
    }
  }
  Random index_stream = Random::Stream(key.seed, id, kIndexStream);
  const ListingTimeline t = PlanListing(slot.role, award, index_stream, calendar);
  e.listed = t.listed;
  e.removal = t.removal;
  e.list_name = works ? "建筑市场主体黑名单" : "政府采购严重违法失信行为记录名单";
  e.authority = works ? "韶关市住房和城乡建设管理局" : "韶关市财政局";
  e.basis = works ? "《建筑市场信用管理暂行办法》第十四条" : "《中华人民共和国政府采购法》第七十七条";
  e.document_number = std::string(works ? "韶住建罚" : "韶财采罚") + "〔" + std::to_string(e.listed.year) + "〕" +
                      std::to_string(id - kSingletonCount + 1) + "号";
  e.notices.push_back(MakeNotice(NoticeKind::kBlacklisting, Site::kCredit, e.listed, index_stream));
  return e;
}

Department DeriveDepartment(WorldKey key, SubjectId id, const WorkCalendar& calendar) {
  const SubjectSlot slot = CheckedSlot(key, id, SubjectType::kDepartment, "department");
  const RoleSpec& spec = SpecOf(slot.role);
  const DepartmentProfile& profile = SeedDepartments().at(id);
  Department d;
  d.id = id;
  d.role = spec.name;
  d.planted = spec.planted;
  d.seed_name = profile.seed_name;
  d.name_2018 = profile.name_2018;
  d.name = profile.name;
  d.slug = profile.slug;
  d.sid = std::to_string(764011 + id * 37);
  Random index_stream = Random::Stream(key.seed, id, kIndexStream);
  const DepartmentTimeline t = PlanDepartment(slot.role, index_stream, calendar);
  auto add = [&](NoticeKind kind, CivilDate date, int year) {
    Notice notice = MakeNotice(kind, Site::kPortal, date, index_stream);
    notice.generation = Generation::kGkmlpt;
    notice.year = year;
    d.notices.push_back(notice);
  };
  if (t.plan) add(NoticeKind::kPlan, *t.plan, 2018);
  for (const auto& [year, published] : t.reports) add(NoticeKind::kAnnualReport, published, year);
  SortByPublication(d.notices);
  return d;
}

const std::string& DepartmentNameOn(const Department& department, CivilDate date) {
  return date < kDepartmentReform ? department.name_2018 : department.name;
}

Project DeriveProject(WorldKey key, SubjectId id, const WorkCalendar& calendar, Detail detail) {
  return BuildProject(key, id, CheckedSlot(key, id, SubjectType::kProject, "project"), calendar, detail);
}

}  // namespace gapwatch::sim
