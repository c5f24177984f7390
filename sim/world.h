// The simulated world of the procurement site: Shaoguan buyers, agencies and
// suppliers, and the government-procurement projects they run, each with the
// dates of the notices it publishes (tender, result, contract, termination).
//
// BuildWorld is deterministic: the same (seed, scale) gives the same world,
// byte for byte, on any platform. `scale` multiplies the project count (36 at
// scale 1). Every project is timely under the official calendar except the
// planted gaps, which never publish the notice they owe:
//   - award_missing: a tender with no result and no termination;
//   - contract_missing: a result with no contract.
// Dates run over 2024–2025, with a few chains reaching into 2026 so that some
// projects are still in flight on 2025-12-31. Throws std::invalid_argument for
// a scale outside 1..kMaxScale. The returned World is immutable data.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/civil_date.h"

namespace gapwatch::sim {

inline constexpr int kMaxScale = 1000;
inline constexpr int kProjectsPerScale = 36;

enum class NoticeKind { kTender, kResult, kContract, kTermination };
enum class PlantedGap { kNone, kAwardMissing, kContractMissing };

struct Party {
  std::string name;
  std::string address;
  std::string contact;  // person
  std::string phone;
};

struct Lot {
  std::string name;  // e.g. 包1：台式计算机
  std::string item;  // 主要标的名称
  int quantity = 1;
  std::string unit;  // 台, 项, 批 …
  int64_t budget_fen = 0;
  int64_t award_fen = 0;  // meaningful once the project has a result
};

struct Score {
  std::string supplier;
  int hundredths = 0;  // 综合得分 × 100
};

struct Project {
  std::string code;       // openTenderCode, unique in the world
  std::string name;       // 项目名称, ends with 项目
  std::string catalogue;  // catalogueNameList
  Party buyer;
  std::string region_code;  // 440200 (city level) or a county code 4402xx
  std::string region_name;  // 韶关市本级 or the county's name
  Party agency;
  Party supplier;  // wins every lot, so the contract names one supplier
  std::vector<Lot> lots;
  bool budget_in_wan = false;  // the tender writes 预算金额 as N万元
  std::vector<std::string> experts;
  std::vector<Score> scores;  // winner first
  std::string contract_number;
  std::string performance_term;  // 合同履行期限
  std::string termination_reason;

  CivilDate tender_published;
  CivilDate opening;                 // 开标时间 (09:30); also the bid deadline
  std::optional<CivilDate> decided;  // 中标（成交）确定日期, when the result states it
  std::optional<CivilDate> result_published;
  std::optional<CivilDate> signed_on;
  std::optional<CivilDate> contract_published;
  std::optional<CivilDate> terminated_published;
  PlantedGap planted = PlantedGap::kNone;

  int64_t BudgetFen() const;
  int64_t AwardFen() const;  // sum over lots: the contract amount
};

struct Notice {
  std::string id;  // gpcms UUID with hyphens
  NoticeKind kind = NoticeKind::kTender;
  size_t project = 0;  // index into World::projects
  CivilDate published;
  int second_of_day = 0;           // noticeTime's time of day
  int title_style = 0;             // which of the real title shapes the notice uses
  bool highlighted_title = false;  // list rows carry <font color="red"> markup
};

struct World {
  std::vector<Project> projects;
  std::vector<Notice> notices;  // newest first: noticeTime descending, then id
};

World BuildWorld(uint64_t seed, int scale, const WorkCalendar& calendar);

// "2025-03-18 10:22:31"
std::string NoticeTime(const Notice& notice);

}  // namespace gapwatch::sim
