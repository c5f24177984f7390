#include "sim/world.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <set>
#include <stdexcept>

#include "sim/random.h"

namespace gapwatch::sim {
namespace {

// The default simulated today: roles that must be finished, in flight or
// overdue are placed relative to it, whatever --as-of a run then uses.
constexpr CivilDate kReferenceToday{2025, 12, 31};

// ---------------------------------------------------------------------------
// Vocabulary of the world: who buys, who runs the procurement, what is bought.

enum BuyerType : unsigned {
  kGovernment = 1u << 0,
  kHospital = 1u << 1,
  kSchool = 1u << 2,
  kPolice = 1u << 3,
  kFarming = 1u << 4,
  kWater = 1u << 5,
  kLand = 1u << 6,
  kAnyBuyer = ~0u,
};

struct BuyerProfile {
  const char* name;
  const char* region_code;
  const char* region_name;
  const char* address;
  unsigned type;
};

const std::vector<BuyerProfile> kBuyers = {
    {"韶关市财政局", "440200", "韶关市本级", "韶关市武江区惠民南路68号", kGovernment},
    {"韶关市教育局", "440200", "韶关市本级", "韶关市浈江区解放路33号", kSchool | kGovernment},
    {"韶关市第一人民医院", "440200", "韶关市本级", "韶关市浈江区东堤中路120号", kHospital},
    {"韶关市公安局", "440200", "韶关市本级", "韶关市武江区芙蓉东路6号", kPolice | kGovernment},
    {"韶关市交通运输局", "440200", "韶关市本级", "韶关市浈江区工业中路18号", kPolice | kGovernment},
    {"韶关市自然资源局", "440200", "韶关市本级", "韶关市武江区沿江路16号", kLand | kGovernment},
    {"韶关市政务服务和数据管理局", "440200", "韶关市本级", "韶关市武江区百旺路2号", kGovernment},
    {"韶关学院", "440200", "韶关市本级", "韶关市浈江区大学路288号", kSchool},
    {"乐昌市人民政府办公室", "440281", "乐昌市", "乐昌市乐城街道人民中路1号", kGovernment},
    {"南雄市卫生健康局", "440282", "南雄市", "南雄市雄州街道永康路9号", kHospital | kGovernment},
    {"仁化县教育局", "440224", "仁化县", "仁化县丹霞街道建设路21号", kSchool | kGovernment},
    {"始兴县人民医院", "440222", "始兴县", "始兴县太平镇墨江路45号", kHospital},
    {"翁源县农业农村局", "440229", "翁源县", "翁源县龙仙镇建设二路7号", kFarming | kGovernment},
    {"乳源瑶族自治县中医院", "440232", "乳源瑶族自治县", "乳源瑶族自治县乳城镇鹰峰东路3号", kHospital},
    {"新丰县水务局", "440233", "新丰县", "新丰县丰城街道人民东路12号", kWater | kGovernment},
    {"韶关市武江区教育局", "440203", "武江区", "韶关市武江区新华南路10号", kSchool | kGovernment},
    {"韶关市浈江区城市管理和综合执法局", "440204", "浈江区", "韶关市浈江区风度北路52号", kPolice | kGovernment},
    {"韶关市曲江区人民医院", "440205", "曲江区", "韶关市曲江区马坝镇南华路15号", kHospital},
};

// How an agency numbers its projects (openTenderCode), after real gdgpo codes.
enum class CodeStyle {
  kDatedSerial,    // GDJY250307001FG004: prefix, yymmdd, serial, FG, serial
  kCentreSerial,   // GPCGD2541SG0123F: prefix, yy, month+30, SG, serial, F
  kNumberedGroup,  // 4188-2541GDG32711: group, yy, 41, GDG, serial
  kYearCg,         // SGZB2025-CG013: prefix, yyyy, -CG, serial
};

struct AgencyProfile {
  const char* name;
  const char* address;
  const char* phone_prefix;
  const char* code_prefix;
  CodeStyle style;
};

const std::vector<AgencyProfile> kAgencies = {
    {"广东省机电设备招标中心有限公司", "广州市越秀区东风东路836号东峻广场3座", "020-", "GDJY", CodeStyle::kDatedSerial},
    {"广东省政府采购中心", "广州市天河区天河路351号广东外经贸大厦", "020-", "GPCGD", CodeStyle::kCentreSerial},
    {"广东华禹工程咨询有限公司", "广州市海珠区新港东路1068号中洲交易中心", "020-", "4188-", CodeStyle::kNumberedGroup},
    {"韶关市韶诚招标代理有限公司", "韶关市浈江区十里亭镇工业东路18号", "0751-", "SGZB", CodeStyle::kYearCg},
    {"广东粤北招标采购有限公司", "韶关市武江区西联镇沐溪大道66号", "0751-", "YBZC", CodeStyle::kDatedSerial},
};

struct LotItem {
  const char* item;
  const char* unit;
  int min_quantity;
  int max_quantity;
};

struct Subject {
  const char* name;       // appended to "<buyer><year>年"
  const char* catalogue;  // catalogueNameList
  const char* industry;   // for supplier names
  const char* performance_term;
  unsigned buyers;
  std::vector<LotItem> items;  // one lot per item; single-lot projects use the first
};

const std::vector<Subject> kSubjects = {
    {"办公设备采购项目",
     "台式计算机,打印设备,复印机",
     "科技",
     "合同签订后30日内交货并安装调试完毕",
     kAnyBuyer,
     {{"台式计算机", "台", 20, 200}, {"激光打印机", "台", 10, 60}, {"数字复印机", "台", 2, 12}}},
    {"信息化系统建设项目",
     "应用软件开发服务,运行维护服务",
     "信息技术",
     "合同签订后180日内完成建设并通过验收",
     kAnyBuyer,
     {{"业务管理系统开发", "项", 1, 1}, {"系统运行维护服务", "项", 1, 1}}},
    {"物业管理服务采购项目",
     "物业管理服务",
     "物业管理",
     "服务期限为合同签订之日起1年",
     kAnyBuyer,
     {{"办公区物业管理服务", "项", 1, 1}, {"安保服务", "项", 1, 1}}},
    {"医疗设备采购项目",
     "医用电子仪器设备,医用超声波仪器及设备",
     "医疗器械",
     "合同签订后60日内交货并安装调试完毕",
     kHospital,
     {{"彩色多普勒超声诊断仪", "台", 1, 3}, {"多参数监护仪", "台", 5, 30}, {"除颤监护仪", "台", 2, 8}}},
    {"食堂食材配送服务项目",
     "餐饮服务",
     "农业发展",
     "服务期限为合同签订之日起2年",
     kHospital | kSchool,
     {{"大米、食用油及干货配送", "项", 1, 1}, {"蔬菜、肉类配送", "项", 1, 1}}},
    {"教学设备采购项目",
     "教学仪器,多媒体设备",
     "教育装备",
     "合同签订后45日内交货并安装调试完毕",
     kSchool,
     {{"交互式智能平板", "台", 20, 120}, {"学生实验仪器", "批", 1, 4}, {"录播教室设备", "套", 1, 6}}},
    {"执法车辆采购项目",
     "乘用车",
     "汽车销售",
     "合同签订后60日内交付",
     kPolice,
     {{"执法执勤车辆", "辆", 2, 12}, {"新能源巡逻车", "辆", 2, 8}}},
    {"视频监控系统升级改造项目",
     "视频监控设备,安全技术防范服务",
     "智能科技",
     "合同签订后90日内完成并通过验收",
     kPolice | kGovernment,
     {{"高清网络摄像机", "台", 50, 400}, {"视频存储及平台扩容", "套", 1, 2}}},
    {"高标准农田建设监理服务项目",
     "工程监理服务",
     "工程咨询",
     "服务期限至项目竣工验收",
     kFarming,
     {{"高标准农田建设监理", "项", 1, 1}}},
    {"水质监测设备采购项目",
     "环境监测仪器",
     "环保科技",
     "合同签订后60日内交货并安装调试完毕",
     kWater,
     {{"在线水质监测站", "套", 2, 10}, {"便携式水质分析仪", "台", 4, 20}}},
    {"不动产登记数据整合服务项目",
     "测绘服务,数据处理服务",
     "测绘",
     "合同签订后240日内完成",
     kLand,
     {{"不动产登记数据整合", "项", 1, 1}, {"地籍测绘", "项", 1, 1}}},
};

struct SupplierHome {
  const char* name_prefix;
  const char* address;
  const char* area_code;
};
const std::vector<SupplierHome> kSupplierHomes = {
    {"韶关市", "韶关市浈江区南郊工业园1栋", "0751-"}, {"广州市", "广州市天河区科韵路16号", "020-"},
    {"深圳市", "深圳市南山区科技园南区8号", "0755-"}, {"佛山市", "佛山市南海区桂城街道海八路12号", "0757-"},
    {"广东", "韶关市武江区甘棠工业园C区", "0751-"},
};
const std::vector<const char*> kSupplierCores = {"华信", "粤韶", "丹霞", "南岭", "北江", "曲韶",   "芙蓉",
                                                 "帽峰", "浈武", "韶华", "南华", "风采", "中兴韶", "珠玑"};
const std::vector<const char*> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                            "徐", "孙", "朱", "胡", "郭", "何", "林", "罗", "梁", "谢"};
const std::vector<const char*> kGivenNames = {"伟",   "芳",   "敏",   "静",   "强",   "磊",   "军",   "洋",
                                              "勇",   "艳",   "杰",   "娟",   "涛",   "明",   "超",   "秀英",
                                              "建华", "志强", "海燕", "国庆", "丽华", "文斌", "晓东", "永红"};
const std::vector<const char*> kTerminationReasons = {
    "因采购需求发生重大变化，经采购人研究决定终止本项目采购活动。",
    "因项目预算调整，经采购人研究决定终止本项目采购活动。",
    "因投标截止时间届满时提交投标文件的供应商不足三家，本项目采购活动终止。",
};

// ---------------------------------------------------------------------------
// Roles: what a project's chain looks like and where its dates must fall.

enum class Role {
  kComplete,
  kCompleteMultiLot,
  kCompleteDecided,             // result states 中标（成交）确定日期
  kAwardOnDueAcrossHoliday,     // result on exactly opening + 9 WD across a long break
  kContractOnDueAcrossHoliday,  // contract on exactly signing + 2 WD across a long break
  kInFlightTender,              // only the tender is out on the reference day
  kInFlightContract,            // result out, contract not yet, on the reference day
  kTerminated,
  kAwardMissing,
  kAwardMissingAcrossHoliday,
  kAwardMissingDueNextYear,  // overdue only after the reference day
  kContractMissing,
  kContractMissingWeekend,  // award + 30 days falls on a weekend
  kContractMissingHoliday,  // award + 30 days falls on a holiday weekday
  kContractMissingDueNextYear,
};

struct RoleCount {
  Role role;
  int count;
};

// 36 projects per unit of scale.
const std::vector<RoleCount> kComposition = {
    {Role::kComplete, 10},
    {Role::kCompleteMultiLot, 4},
    {Role::kCompleteDecided, 3},
    {Role::kAwardOnDueAcrossHoliday, 1},
    {Role::kContractOnDueAcrossHoliday, 1},
    {Role::kInFlightTender, 2},
    {Role::kInFlightContract, 2},
    {Role::kTerminated, 3},
    {Role::kAwardMissing, 2},
    {Role::kAwardMissingAcrossHoliday, 2},
    {Role::kAwardMissingDueNextYear, 1},
    {Role::kContractMissing, 2},
    {Role::kContractMissingWeekend, 1},
    {Role::kContractMissingHoliday, 1},
    {Role::kContractMissingDueNextYear, 1},
};

enum class Chain { kTenderOnly, kTerminated, kThroughResult, kThroughContract };

Chain ChainOf(Role role) {
  switch (role) {
    case Role::kTerminated:
      return Chain::kTerminated;
    case Role::kAwardMissing:
    case Role::kAwardMissingAcrossHoliday:
    case Role::kAwardMissingDueNextYear:
      return Chain::kTenderOnly;
    case Role::kContractMissing:
    case Role::kContractMissingWeekend:
    case Role::kContractMissingHoliday:
    case Role::kContractMissingDueNextYear:
      return Chain::kThroughResult;
    default:
      return Chain::kThroughContract;
  }
}

PlantedGap GapOf(Role role) {
  switch (ChainOf(role)) {
    case Chain::kTenderOnly:
      return PlantedGap::kAwardMissing;
    case Chain::kThroughResult:
      return PlantedGap::kContractMissing;
    default:
      return PlantedGap::kNone;
  }
}

struct Timeline {
  CivilDate tender;
  CivilDate opening;
  std::optional<CivilDate> decided;
  std::optional<CivilDate> result;
  std::optional<CivilDate> signed_on;
  std::optional<CivilDate> contract;
  std::optional<CivilDate> terminated;
};

// Draws timelines for a role until one satisfies the role's constraints. Every
// drawn timeline is timely by construction (the DOMAIN.md deadlines), so the
// constraints only choose *where* it falls: before or after the reference day,
// across a long holiday, on a weekend.
class TimelineSampler {
 public:
  TimelineSampler(Random& random, const WorkCalendar& calendar) : random_(random), calendar_(calendar) {}

  Timeline Sample(Role role) {
    for (int attempt = 0; attempt < 200000; ++attempt) {
      Timeline timeline = Draw(role);
      if (Accepts(role, timeline)) return timeline;
    }
    throw std::logic_error("world: no timeline satisfies role " + std::to_string(static_cast<int>(role)));
  }

 private:
  // A uniformly chosen working day in [from, to]. The windows used span at
  // least 10 days, longer than any official break.
  CivilDate WorkingDayIn(CivilDate from, CivilDate to) {
    std::vector<CivilDate> days;
    for (CivilDate day = from; day <= to; day = day.PlusDays(1)) {
      if (calendar_.IsWorkingDay(day)) days.push_back(day);
    }
    if (days.empty()) throw std::logic_error("world: no working day in " + from.Iso() + " … " + to.Iso());
    return random_.Pick(days);
  }

  // Where the bid opening may fall for a role.
  static std::pair<CivilDate, CivilDate> OpeningWindow(Role role) {
    switch (role) {
      case Role::kInFlightTender:
        return {{2026, 1, 5}, {2026, 1, 23}};
      case Role::kInFlightContract:
        return {{2025, 11, 10}, {2025, 12, 19}};
      case Role::kAwardMissing:
      case Role::kAwardMissingAcrossHoliday:
        return {{2024, 2, 1}, {2025, 11, 28}};
      case Role::kAwardMissingDueNextYear:
        return {{2026, 1, 5}, {2026, 1, 23}};
      case Role::kContractMissing:
      case Role::kContractMissingWeekend:
      case Role::kContractMissingHoliday:
        return {{2024, 2, 1}, {2025, 11, 10}};
      case Role::kContractMissingDueNextYear:
        return {{2025, 12, 1}, {2026, 1, 23}};
      default:
        return {{2024, 2, 1}, {2025, 10, 15}};
    }
  }

  static int DecisionStatedPercent(Role role) {
    switch (role) {
      case Role::kCompleteDecided:
        return 100;
      case Role::kAwardOnDueAcrossHoliday:
        return 0;  // its deadline must come from the opening
      default:
        return 30;
    }
  }

  Timeline Draw(Role role) {
    Timeline t;
    const auto [from, to] = OpeningWindow(role);
    t.opening = WorkingDayIn(from, to);
    t.tender = WorkingDayIn(t.opening.PlusDays(-30), t.opening.PlusDays(-20));
    const Chain chain = ChainOf(role);
    if (chain == Chain::kTenderOnly) return t;
    if (chain == Chain::kTerminated) {
      t.terminated = WorkingDayIn(t.tender.PlusDays(2), calendar_.AddWorkingDays(t.opening, 5));
      return t;
    }
    if (role == Role::kAwardOnDueAcrossHoliday) {
      t.result = calendar_.AddWorkingDays(t.opening, 9);
    } else if (random_.Percent(DecisionStatedPercent(role))) {
      // Decided within report (2 WD) + decision (5 WD), published within 2 WD of it.
      t.decided = calendar_.AddWorkingDays(t.opening, static_cast<int>(random_.Uniform(1, 7)));
      t.result = calendar_.AddWorkingDays(*t.decided, static_cast<int>(random_.Uniform(0, 2)));
    } else {
      t.result = calendar_.AddWorkingDays(t.opening, static_cast<int>(random_.Uniform(3, 9)));
    }
    if (chain == Chain::kThroughResult) return t;
    t.signed_on = WorkingDayIn(t.result->PlusDays(1), t.result->PlusDays(30));
    const int publish_after = role == Role::kContractOnDueAcrossHoliday ? 2 : static_cast<int>(random_.Uniform(0, 2));
    t.contract = calendar_.AddWorkingDays(*t.signed_on, publish_after);
    return t;
  }

  // Weekdays that are official rest days in (from, to]: 4 or more means the
  // span crosses Spring Festival, National Day or a similar long break.
  int RestWeekdays(CivilDate from, CivilDate to) const {
    int count = 0;
    for (CivilDate day = from.PlusDays(1); day <= to; day = day.PlusDays(1)) {
      if (day.IsoWeekday() <= 5 && !calendar_.IsWorkingDay(day)) ++count;
    }
    return count;
  }
  bool HasMakeupDay(CivilDate from, CivilDate to) const {
    for (CivilDate day = from.PlusDays(1); day <= to; day = day.PlusDays(1)) {
      if (day.IsoWeekday() >= 6 && calendar_.IsWorkingDay(day)) return true;
    }
    return false;
  }
  bool CrossesLongBreak(CivilDate from, CivilDate to) const {
    return RestWeekdays(from, to) >= 4 && HasMakeupDay(from, to);
  }
  CivilDate AwardDue(const Timeline& t) const { return calendar_.AddWorkingDays(t.opening, 9); }
  CivilDate ContractDue(const Timeline& t) const {
    return calendar_.AddWorkingDays(calendar_.FirstWorkingDayFrom(t.result->PlusDays(30)), 2);
  }
  CivilDate LastNotice(const Timeline& t) const {
    return std::max(
        {t.tender, t.result.value_or(t.tender), t.contract.value_or(t.tender), t.terminated.value_or(t.tender)});
  }

  bool Accepts(Role role, const Timeline& t) const {
    if (t.tender.year < 2024 || t.tender > kReferenceToday) return false;
    switch (role) {
      case Role::kComplete:
      case Role::kCompleteMultiLot:
      case Role::kCompleteDecided:
      case Role::kTerminated:
        return LastNotice(t) <= kReferenceToday;
      case Role::kAwardOnDueAcrossHoliday:
        return CrossesLongBreak(t.opening, *t.result) && LastNotice(t) <= kReferenceToday;
      case Role::kContractOnDueAcrossHoliday:
        return RestWeekdays(*t.signed_on, *t.contract) >= 4 && LastNotice(t) <= kReferenceToday;
      case Role::kInFlightTender:
        return true;  // the window puts the opening after the reference day
      case Role::kInFlightContract:
        return *t.result <= kReferenceToday && *t.contract > kReferenceToday;
      case Role::kAwardMissing:
        return AwardDue(t) < kReferenceToday;
      case Role::kAwardMissingAcrossHoliday:
        return AwardDue(t) < kReferenceToday && CrossesLongBreak(t.opening, AwardDue(t));
      case Role::kAwardMissingDueNextYear:
        return AwardDue(t) > kReferenceToday;
      case Role::kContractMissing:
        return ContractDue(t) < kReferenceToday && calendar_.IsWorkingDay(t.result->PlusDays(30));
      case Role::kContractMissingWeekend: {
        const CivilDate signing_limit = t.result->PlusDays(30);
        return ContractDue(t) < kReferenceToday && !calendar_.IsWorkingDay(signing_limit) &&
               signing_limit.IsoWeekday() >= 6 &&
               DaysBetween(signing_limit, calendar_.FirstWorkingDayFrom(signing_limit)) <= 2;
      }
      case Role::kContractMissingHoliday: {
        const CivilDate signing_limit = t.result->PlusDays(30);
        return ContractDue(t) < kReferenceToday && !calendar_.IsWorkingDay(signing_limit) &&
               signing_limit.IsoWeekday() <= 5;
      }
      case Role::kContractMissingDueNextYear: {
        const CivilDate signing_limit = t.result->PlusDays(30);
        return ContractDue(t) > kReferenceToday && !calendar_.IsWorkingDay(signing_limit) &&
               signing_limit.IsoWeekday() <= 5;
      }
    }
    return false;
  }

  Random& random_;
  const WorkCalendar& calendar_;
};

// ---------------------------------------------------------------------------
// Filling in a project around its timeline.

class ProjectFactory {
 public:
  ProjectFactory(Random& random, const WorkCalendar& calendar) : random_(random), sampler_(random, calendar) {}

  Project Make(Role role) {
    const Timeline t = sampler_.Sample(role);
    Project p;
    p.tender_published = t.tender;
    p.opening = t.opening;
    p.decided = t.decided;
    p.result_published = t.result;
    p.signed_on = t.signed_on;
    p.contract_published = t.contract;
    p.terminated_published = t.terminated;
    p.planted = GapOf(role);

    const BuyerProfile& buyer = random_.Pick(kBuyers);
    p.buyer = {buyer.name, buyer.address, PersonName(), Phone("0751-")};
    p.region_code = buyer.region_code;
    p.region_name = buyer.region_name;
    std::vector<const Subject*> subjects;
    for (const Subject& subject : kSubjects) {
      const bool has_lots = role != Role::kCompleteMultiLot || subject.items.size() >= 2;
      if ((subject.buyers & buyer.type) && has_lots) subjects.push_back(&subject);
    }
    const Subject& subject = *random_.Pick(subjects);
    p.name = std::string(buyer.name) + std::to_string(t.tender.year) + "年" + subject.name;
    p.catalogue = subject.catalogue;
    p.performance_term = subject.performance_term;

    const AgencyProfile& agency = random_.Pick(kAgencies);
    p.agency = {agency.name, agency.address, PersonName(), Phone(agency.phone_prefix)};
    p.code = UniqueCode(agency, t.tender);

    p.supplier = Supplier(subject.industry);
    const int lot_count =
        role == Role::kCompleteMultiLot
            ? static_cast<int>(std::min<long>(static_cast<long>(subject.items.size()), random_.Uniform(2, 3)))
            : 1;
    // Whole 万元 budgets let the tender write "189万元", as real notices sometimes do.
    p.budget_in_wan = random_.Percent(30);
    // A single-lot project buys any one of the subject's items.
    const long first_item = lot_count == 1 ? random_.Uniform(0, static_cast<long>(subject.items.size()) - 1) : 0;
    for (int i = 0; i < lot_count; ++i) {
      const LotItem& item = subject.items[static_cast<size_t>(first_item + i)];
      Lot lot;
      lot.name = "包" + std::to_string(i + 1) + "：" + item.item;
      lot.item = item.item;
      lot.unit = item.unit;
      lot.quantity = static_cast<int>(random_.Uniform(item.min_quantity, item.max_quantity));
      lot.budget_fen = p.budget_in_wan ? random_.Uniform(8, 300) * 10000 * 100 : random_.Uniform(80, 3000) * 1000 * 100;
      lot.award_fen = lot.budget_fen * random_.Uniform(8500, 9950) / 10000;
      p.lots.push_back(lot);
    }
    for (int i = 0; i < 5; ++i) p.experts.push_back(PersonName());
    const int winner = static_cast<int>(random_.Uniform(8500, 9650));
    p.scores.push_back({p.supplier.name, winner});
    p.scores.push_back({Supplier(subject.industry).name, winner - static_cast<int>(random_.Uniform(100, 600))});
    p.scores.push_back({Supplier(subject.industry).name, winner - static_cast<int>(random_.Uniform(700, 1500))});
    char contract_number[32];
    std::snprintf(contract_number, sizeof contract_number, "HT%04d%05ld", t.tender.year, ++serial_);
    p.contract_number = contract_number;
    p.termination_reason = random_.Pick(kTerminationReasons);
    return p;
  }

 private:
  std::string PersonName() { return std::string(random_.Pick(kSurnames)) + random_.Pick(kGivenNames); }
  // Shaoguan numbers have 7 digits, those of the Pearl River Delta cities 8.
  std::string Phone(const std::string& area) {
    return area + (area == "0751-" ? std::to_string(random_.Uniform(8000000, 8999999))
                                   : std::to_string(random_.Uniform(80000000, 89999999)));
  }
  Party Supplier(const char* industry) {
    const SupplierHome& home = random_.Pick(kSupplierHomes);
    return {std::string(home.name_prefix) + random_.Pick(kSupplierCores) + industry + "有限公司", home.address,
            PersonName(), Phone(home.area_code)};
  }

  // An openTenderCode in the agency's style; the running serial keeps codes
  // unique across the world at any scale.
  std::string UniqueCode(const AgencyProfile& agency, CivilDate tender) {
    char code[48];
    const int yy = tender.year % 100;
    const long serial = ++serial_;
    switch (agency.style) {
      case CodeStyle::kDatedSerial:
        std::snprintf(code, sizeof code, "%s%02d%02d%02d%03ldFG%03ld", agency.code_prefix, yy, tender.month, tender.day,
                      serial % 1000, random_.Uniform(1, 999) + serial / 1000 * 1000);
        break;
      case CodeStyle::kCentreSerial:
        std::snprintf(code, sizeof code, "%s%02d%02dSG%04ldF", agency.code_prefix, yy, 40 + tender.month, serial);
        break;
      case CodeStyle::kNumberedGroup:
        std::snprintf(code, sizeof code, "%s%02d41GDG%05ld", agency.code_prefix, yy, 30000 + serial);
        break;
      case CodeStyle::kYearCg:
        std::snprintf(code, sizeof code, "%s%04d-CG%03ld", agency.code_prefix, tender.year, serial);
        break;
    }
    return code;
  }

  Random& random_;
  TimelineSampler sampler_;
  long serial_ = 0;
};

// A random version-4 UUID, lowercase with hyphens, as gpcms ids are.
std::string Uuid(Random& random) {
  const uint64_t high = (random.Next() & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  const uint64_t low = (random.Next() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char text[40];
  std::snprintf(text, sizeof text, "%08llx-%04llx-%04llx-%04llx-%012llx", static_cast<unsigned long long>(high >> 32),
                static_cast<unsigned long long>((high >> 16) & 0xffff), static_cast<unsigned long long>(high & 0xffff),
                static_cast<unsigned long long>(low >> 48), static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return text;
}

}  // namespace

int64_t Project::BudgetFen() const {
  int64_t total = 0;
  for (const Lot& lot : lots) total += lot.budget_fen;
  return total;
}

int64_t Project::AwardFen() const {
  int64_t total = 0;
  for (const Lot& lot : lots) total += lot.award_fen;
  return total;
}

World BuildWorld(uint64_t seed, int scale, const WorkCalendar& calendar) {
  if (scale < 1 || scale > kMaxScale) {
    throw std::invalid_argument("scale must be between 1 and " + std::to_string(kMaxScale));
  }
  World world;
  Random random(seed);
  ProjectFactory factory(random, calendar);
  for (int round = 0; round < scale; ++round) {
    for (const RoleCount& entry : kComposition) {
      for (int i = 0; i < entry.count; ++i) world.projects.push_back(factory.Make(entry.role));
    }
  }

  std::set<std::string> ids;
  auto add_notice = [&](size_t project, NoticeKind kind, CivilDate published) {
    Notice notice;
    do {
      notice.id = Uuid(random);
    } while (!ids.insert(notice.id).second);
    notice.kind = kind;
    notice.project = project;
    notice.published = published;
    notice.second_of_day = static_cast<int>(random.Uniform(8 * 3600 + 30 * 60, 18 * 3600 - 1));
    notice.title_style = static_cast<int>(random.Uniform(0, 1));
    notice.highlighted_title = random.Percent(15);
    world.notices.push_back(notice);
  };
  for (size_t i = 0; i < world.projects.size(); ++i) {
    const Project& p = world.projects[i];
    add_notice(i, NoticeKind::kTender, p.tender_published);
    if (p.result_published) add_notice(i, NoticeKind::kResult, *p.result_published);
    if (p.contract_published) add_notice(i, NoticeKind::kContract, *p.contract_published);
    if (p.terminated_published) add_notice(i, NoticeKind::kTermination, *p.terminated_published);
  }
  std::sort(world.notices.begin(), world.notices.end(), [](const Notice& a, const Notice& b) {
    if (a.published != b.published) return a.published > b.published;
    if (a.second_of_day != b.second_of_day) return a.second_of_day > b.second_of_day;
    return a.id < b.id;
  });
  return world;
}

std::string NoticeTime(const Notice& notice) {
  char text[24];
  std::snprintf(text, sizeof text, "%s %02d:%02d:%02d", notice.published.Iso().c_str(), notice.second_of_day / 3600,
                notice.second_of_day / 60 % 60, notice.second_of_day % 60);
  return text;
}

}  // namespace gapwatch::sim
