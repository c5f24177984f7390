// The vocabulary the world is drawn from: Shaoguan's regions (SITES.md §2.2),
// buyers and owners, agencies, what each domain buys or sells, the seed plan's
// 市直部门 (§七(一)), credit authorities, and name parts for companies and
// people. Constant tables; names of real public bodies, invented companies.
#pragma once
#include <string>
#include <vector>

namespace gapwatch::sim {

struct Region {
  const char* code;     // GB/T 2260: 440200 city level, 4402xx counties and districts
  const char* name;     // 韶关市本级, 武江区 …
  const char* letters;  // pinyin initials used in local numbering: SG, WJ …
};
// The city level first, then the ten county-level units.
const std::vector<Region>& Regions();
// Index into Regions(); Regions().size() when unknown.
size_t RegionIndex(const std::string& code);

// Kinds of buyer, to match subjects to those who buy them.
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
  const char* address;
  unsigned type;
};
const std::vector<BuyerProfile>& ProcurementBuyers();
const std::vector<BuyerProfile>& ConstructionOwners();

// How an agency numbers its projects (openTenderCode), after real gdgpo codes.
enum class CodeStyle {
  kDatedSerial,    // GDJY250307001FG004: prefix, yymmdd, serial, FG, serial
  kCentreSerial,   // GPCGD2541SG0123F: prefix, yy, month+40, SG, serial, F
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
const std::vector<AgencyProfile>& ProcurementAgencies();
const std::vector<AgencyProfile>& ConstructionAgencies();  // code fields unused

struct LotItem {
  const char* item;
  const char* unit;
  int min_quantity;
  int max_quantity;
};

struct ProcurementSubject {
  const char* name;       // appended to "<buyer><year>年"
  const char* catalogue;  // catalogueNameList
  const char* industry;   // for supplier names
  const char* performance_term;
  unsigned buyers;
  std::vector<LotItem> items;  // one lot per item; single-lot projects use one
};
const std::vector<ProcurementSubject>& ProcurementSubjects();

struct WorksSubject {
  const char* name;           // appended to "<place>"
  const char* industry_code;  // 2-digit 行业代码 of the 投资项目统一代码
  const char* contractor;     // the kind of firm that builds it: 建设工程, 市政工程 …
  int min_wan;                // 招标控制价 range in 万元
  int max_wan;
  int min_days;  // 工期
  int max_days;
};
const std::vector<WorksSubject>& WorksSubjects();

struct LandUse {
  const char* use;  // 住宅用地 …
  int term_years;
  int min_area;  // m²
  int max_area;
  int min_yuan_per_m2;
  int max_yuan_per_m2;
};
const std::vector<LandUse>& LandUses();

struct PropertyItem {
  const char* name;  // 标的名称 pattern, appended to the owner's short name
  const char* type;  // 股权 / 实物资产 / 租赁权
  int min_wan;
  int max_wan;
};
const std::vector<PropertyItem>& PropertyItems();
const std::vector<BuyerProfile>& PropertyOwners();  // 转让方: city state-owned enterprises

struct CreditAuthority {
  const char* name;
  const char* penalty_prefix;  // 文号 prefix: 韶市监罚
  const char* licence_prefix;  // 韶市监许
  const char* licence_name;    // 许可证书名称
  const char* licence_content;
  const char* violation;  // 违法行为类型
  const char* facts;      // 违法事实 pattern
  const char* basis;      // 处罚依据
};
const std::vector<CreditAuthority>& CreditAuthorities();

// A 市直部门 of the seed plan §七(一), in the plan's order.
struct DepartmentProfile {
  const char* seed_name;  // 市发改局
  const char* name_2018;  // 韶关市发展和改革局
  const char* name;       // after the 2019 reform
  const char* slug;       // gkmlpt path segment [I]: SITES.md knows only sgtjj, zwfwglj, swj, sgsscjdglj, sgssthjj
};
const std::vector<DepartmentProfile>& SeedDepartments();

struct SupplierHome {
  const char* name_prefix;  // 韶关市, 广州市 …
  const char* region_code;  // for its 统一社会信用代码
  const char* address;
  const char* area_code;
};
const std::vector<SupplierHome>& SupplierHomes();
// Trade names of ordinary companies; companies on a blacklist draw theirs
// from BlacklistTradeCharacters() instead, which share no character with
// these, so that no ordinary winner is ever taken for a blacklisted one.
const std::vector<const char*>& TradeNames();
const std::vector<const char*>& BlacklistTradeCharacters();
const std::vector<const char*>& Surnames();
const std::vector<const char*>& GivenNames();
const std::vector<const char*>& TerminationReasons();

}  // namespace gapwatch::sim
