// What the simulated world is made of: sites and their generations, the
// subjects notices are about (projects, credit records, blacklist entries,
// departments), and the notices themselves, each published on one site.
//
// Plain data, built by sim/world.h on demand; every date is a CivilDate of
// China Standard Time. A Notice is one document as one site publishes it: the
// same tender re-posted on another site is another Notice of the same subject.
// A notice can be edited (its content changes from `edited` on) and removed
// (gone from lists and details from `removed` on). The free functions are
// pure and thread-safe.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/civil_date.h"

namespace gapwatch::sim {

enum class Site : uint8_t { kPortal, kTrading, kProcurement, kCredit };
inline constexpr int kSiteCount = 4;
const char* SiteName(Site site);  // portal, trading, procurement, credit (ARCHITECTURE.md)

// A site's generations (SITES.md): each has its own URLs, markup and ids.
enum class Generation : uint8_t {
  kPortalColumn,  // sg.gov.cn NFCMS, 公共资源配置 column /zw/zdlyxxgk/ggzypz/ (SITES.md §1.1, §1.4), from 2021
  kPortalTrs,     // sg.gov.cn 2017-era TRS column /zw/gczbtb/zbgg/ (§1.2), until 2020
  kGkmlpt,        // sg.gov.cn departments' 政府信息公开目录平台 (§1.3)
  kYgp,           // ygp.gdzwfw.gov.cn, siteCode 440200 (§2.2), from 2021
  kSgjyzx,        // www.sgjyzx.com / jyzx.sg.gov.cn, GBK (§2.1), until 2020
  kGdgpo,         // www.gdgpo.gov.cn showNotice HTML (§3.1), until February 2021
  kFreecms,       // gdgpo.czt.gd.gov.cn freecms (§3.2), March 2021 – 2023
  kGpcms,         // gdgpo.czt.gd.gov.cn gpcms REST (§3.3), from 2024
  kCreditSite,    // credit.sg.gov.cn, modelled on 信用广东 (§4)
};
inline constexpr int kGenerationCount = 9;
Site SiteOf(Generation generation);
const char* GenerationName(Generation generation);  // portal_column, portal_trs, gkmlpt, ygp, sgjyzx, gdgpo, …
// The generation a site published on at `date` (for the portal: its trading
// re-posts; departments' documents are always on kGkmlpt).
Generation GenerationAt(Site site, CivilDate date);

enum class Domain : uint8_t { kProcurement, kConstruction, kLand, kStateProperty, kCredit, kDisclosure };
const char* DomainName(Domain domain);  // procurement, construction, land, state_property, credit, disclosure
// Where a domain's notices must stand (DOMAIN.md, "designated site").
Site DesignatedSite(Domain domain);

enum class NoticeKind : uint8_t {
  kIntention,     // 采购意向公开
  kTender,        // 招标/采购公告; land and property: 出让/交易公告
  kCorrection,    // 更正公告, may move the opening
  kSingleSource,  // 单一来源公示
  kCandidates,    // 中标候选人公示 (construction)
  kResult,        // 中标（成交）结果公告; land and property: 成交公示
  kContract,      // 合同公告
  kTermination,   // 终止公告
  kAcceptance,    // 验收结果公告
  kLicence,       // 行政许可 record
  kPenalty,       // 行政处罚 record
  kBlacklisting,  // a blacklist record
  kPlan,          // a department's 工作方案 under the seed plan §七(一)
  kAnnualReport,  // a department's 政府信息公开工作年度报告
};
const char* NoticeKindName(NoticeKind kind);  // intention, tender, correction, …

// The finding kinds of ARCHITECTURE.md, in its order.
enum class FindingKind : uint8_t {
  kAwardMissing,
  kAwardLate,
  kContractMissing,
  kContractLate,
  kTenderMissing,
  kCandidatesMissing,
  kAmountMismatch,
  kSupplierMismatch,
  kCrossSiteMissing,
  kPenaltyLate,
  kBlacklistedWinner,
  kNoticeChanged,
  kNoticeRemoved,
  kFieldMissing,
  kPlanMissing,
  kAnnualReportMissing,
};
inline constexpr int kFindingKindCount = 16;
const char* FindingKindName(FindingKind kind);  // award_missing, …
// A set of finding kinds, one bit per kind.
using FindingSet = uint32_t;
inline constexpr FindingSet Bit(FindingKind kind) { return FindingSet{1} << static_cast<int>(kind); }

// Content a notice's rule makes mandatory that a notice may leave out
// (field_missing): a bit set in Notice::omitted.
enum MandatoryItem : uint8_t {
  kExpertList = 1 << 0,          // GP-12: 评审专家名单
  kAwardAmount = 1 << 1,         // GP-12: 中标（成交）金额
  kSigningDate = 1 << 2,         // GP-15: 合同签订日期
  kManagerCertificate = 1 << 3,  // EB-06: 项目负责人 certificate name and number
  kPenaltyBasis = 1 << 4,        // 双公示: 处罚依据 (CF_YJ)
};

// What an edit changes; Notice::edit_value holds the new value.
enum class EditedField : uint8_t { kNone, kAgencyPhone, kSupplierAddress, kVenue, kFineAmount };

struct Notice {
  NoticeKind kind = NoticeKind::kTender;
  Generation generation = Generation::kGpcms;
  CivilDate published;
  int second_of_day = 0;  // publication time of day, 08:30–18:00
  std::optional<CivilDate> edited;
  EditedField edit = EditedField::kNone;
  std::string edit_value;  // the edited field's new value (for kFineAmount: fen, in decimal digits)
  std::optional<CivilDate> removed;
  uint8_t omitted = 0;           // MandatoryItem bits this notice leaves out
  bool code_full_width = false;  // writes its project code in full-width characters (ＧＤＪＹ…)
  bool code_platform_own =
      false;  // a ygp copy writing the platform's code (YgpProjectCode), not the procurement number
  bool highlighted_title = false;  // list rows carry search-highlight markup in the title
  bool capital_amounts = false;    // old generations: amounts also in capital numerals (人民币…元整)
  int title_style = 0;             // which of the site's real title shapes it uses (0 or 1)
  int year = 0;                    // kAnnualReport: the year it reports on

  Site site() const { return SiteOf(generation); }
};

// Published on or before `as_of` and not removed by then.
bool IsVisible(const Notice& notice, CivilDate as_of);
// Its edit has happened by `as_of`: the site shows the edited content.
inline bool ShowsEdit(const Notice& notice, CivilDate as_of) { return notice.edited && *notice.edited <= as_of; }
// "2025-03-18 10:22:31"
std::string NoticeTime(const Notice& notice);

struct Party {
  std::string name;
  std::string address;
  std::string contact;  // person
  std::string phone;
  std::string uscc;  // 统一社会信用代码, 18 characters with a valid GB 32100 check character
};

struct Lot {
  std::string name;        // 包1：台式计算机; 第一标段; the land parcel's number
  std::string item;        // 主要标的名称; land: 用途
  int quantity = 1;        // land: area in m²
  std::string unit;        // 台, 项, 批, 平方米 …
  int64_t budget_fen = 0;  // 预算 / 招标控制价 / 起始价
  int64_t award_fen = 0;   // 中标（成交）金额 / 成交价, meaningful once the project has a result
};

struct Score {
  std::string supplier;
  int hundredths = 0;  // 综合得分 × 100
};

// A ranked 中标候选人 of a construction tender (EB-06 content).
struct Candidate {
  Party party;
  int64_t bid_fen = 0;
  int duration_days = 0;    // 工期
  std::string quality;      // 质量标准
  std::string manager;      // 项目负责人
  std::string certificate;  // the manager's 注册建造师 certificate number
};

enum class Method : uint8_t { kOpenTender, kSingleSource };

// A subject of the world: its position in the world's composition
// (sim/world_roles.h). Stable for a given (seed, scale).
using SubjectId = uint32_t;

// One notice of one subject: Project::notices[slot] (or the other subjects').
struct NoticeRef {
  SubjectId subject = 0;
  uint8_t slot = 0;
  auto operator<=>(const NoticeRef&) const = default;
};
// No subject has more notices than this (ids are numbered subject × this + slot).
inline constexpr int kMaxNoticesPerSubject = 16;

// A procurement, construction, land-grant or state-property project.
struct Project {
  SubjectId id = 0;
  const char* role = "";   // the composition's role that shaped it (docs/simulator.md)
  FindingSet planted = 0;  // the finding kinds the role plants on it, at some as-of date
  Domain domain = Domain::kProcurement;
  Method method = Method::kOpenTender;
  std::string code;                   // on its designated site: openTenderCode, ygp projectCode, legacy number
  std::string investment_code;        // construction: 投资项目统一代码 (old YYYY- or new YYMM- style)
  std::optional<CivilDate> approved;  // construction: when the investment code was issued
  std::string name;                   // 项目名称, without code or notice type
  std::string catalogue;              // catalogueNameList; land: 土地用途; property: 标的类型
  Party buyer;                        // 采购人 / 招标人 / 出让人 / 转让方
  std::string region_code;            // 440200 (city level) or a county code 4402xx
  std::string region_name;            // 韶关市本级 or the county's name
  Party agency;
  Party supplier;                              // the winner, as the result names it
  Party contract_supplier;                     // the winner as the contract names it
  bool contract_names_other_supplier = false;  // contract_supplier is another company
  std::vector<Lot> lots;
  int64_t contract_amount_fen = 0;  // 合同金额: the awarded sum unless the contract says otherwise
  bool budget_in_wan = false;       // the tender writes 预算金额 as N万元
  std::vector<std::string> experts;
  std::vector<Score> scores;          // winner first
  std::vector<Candidate> candidates;  // construction: ranked, the winner first
  std::string contract_number;
  std::string performance_term;  // 合同履行期限; construction: 工期
  std::string termination_reason;
  std::string venue;  // 开标地点

  CivilDate opening;                           // 开标时间 09:30 (bid deadline); land and property: start of bidding
  std::optional<CivilDate> corrected_opening;  // as the correction notice moves it
  std::optional<CivilDate> decided;            // 中标（成交）确定日期, when the result states it
  std::optional<CivilDate> signed_on;          // 合同签订日期, when the contract states it

  std::vector<Notice> notices;  // on every site, by publication time

  int64_t BudgetFen() const;
  int64_t AwardFen() const;  // sum over the lots
};

// A 行政许可 (XK_*) or 行政处罚 (CF_*) record of the 双公示 standard.
struct CreditRecord {
  SubjectId id = 0;
  const char* role = "";
  FindingSet planted = 0;
  NoticeKind kind = NoticeKind::kPenalty;  // kLicence or kPenalty
  std::string number;                      // 文书号: 韶市监罚〔2025〕12号
  std::string document_name;               // 行政处罚决定书 / 行政许可决定书
  Party party;                             // 行政相对人 (a company, with its USCC)
  std::string legal_representative;
  std::string authority;       // 处罚/许可机关
  std::string authority_uscc;  // its 统一社会信用代码
  std::string category;        // 许可类别 / 处罚类别
  std::string content;         // 许可内容 / 处罚内容
  std::string violation_type;  // penalties: 违法行为类型
  std::string facts;           // penalties: 违法事实
  std::string basis;           // penalties: 处罚依据
  int64_t fine_fen = 0;        // penalties: 罚款金额
  std::string licence_name;    // licences: 许可证书名称
  std::string licence_number;  // licences: 许可编号
  CivilDate decided;           // 决定日期
  CivilDate valid_until;       // 有效期至 / 公示截止期
  std::vector<Notice> notices;
};

// An entry of a blacklist on the credit site, with its listing period
// (decided when listed, so the record never changes).
struct BlacklistEntry {
  SubjectId id = 0;
  const char* role = "";
  FindingSet planted = 0;
  Party party;
  std::string list_name;             // 政府采购严重违法失信行为记录名单 / 建筑市场主体黑名单
  std::string authority;             // 认定部门
  std::string basis;                 // 认定依据
  std::string document_number;       // 文号 of the decision
  CivilDate listed;                  // 列入日期
  std::optional<CivilDate> removal;  // 移出日期: the listing ends that day
  std::vector<Notice> notices;
};

// A 市直部门 of the seed plan §七(一): its 工作方案 and yearly reports on gkmlpt.
struct Department {
  SubjectId id = 0;
  const char* role = "";
  FindingSet planted = 0;
  std::string seed_name;  // as the seed plan writes it: 市发改局 (the subject of its findings)
  std::string name_2018;  // its full name when the plan was due
  std::string name;       // its full name after the 2019 reform (= name_2018 when unchanged)
  std::string slug;       // gkmlpt path: /<slug>/gkmlpt/
  std::string sid;        // gkmlpt SID
  std::vector<Notice> notices;
};

}  // namespace gapwatch::sim
