#include "sim/records.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "sim/portal_templates.h"
#include "sim/procurement_legacy_templates.h"
#include "sim/templates.h"
#include "sim/trading_legacy_templates.h"
#include "sim/trading_ygp_templates.h"
#include "sim/world_subjects.h"

namespace gapwatch::sim {
namespace {

using Json = nlohmann::ordered_json;

// The world's kind names, but for a blacklist entry, which gapwatch calls a blacklist.
std::string KindName(NoticeKind kind) { return kind == NoticeKind::kBlacklisting ? "blacklist" : NoticeKindName(kind); }

const char* DomainOfRecord(Domain domain) {
  switch (domain) {
    case Domain::kProcurement:
      return "procurement";
    case Domain::kConstruction:
      return "construction";
    case Domain::kLand:
      return "land";
    case Domain::kStateProperty:
      return "property";
    case Domain::kCredit:
      return "credit";
    case Domain::kDisclosure:
      return "portal";
  }
  return "";
}

// ---- Normal forms ----

std::string Yuan(int64_t fen) {
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(fen / 100), static_cast<long long>(fen % 100));
  return text;
}

std::string DateTime(CivilDate date, int second_of_day) {
  char text[40];
  std::snprintf(text, sizeof text, "%sT%02d:%02d:%02d+08:00", date.Iso().c_str(), second_of_day / 3600,
                second_of_day / 60 % 60, second_of_day % 60);
  return text;
}

std::string At(CivilDate date, int hour, int minute) { return DateTime(date, hour * 3600 + minute * 60); }

std::optional<std::string> DateOf(const std::optional<CivilDate>& date) {
  if (!date) return std::nullopt;
  return date->Iso();
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Runs of ASCII whitespace to one space, none at either end.
std::string Collapsed(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (IsSpace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// A code's canonical form: full-width ASCII (U+FF01–FF5E, U+3000) to
// half-width, upper case, trimmed.
std::string CanonicalCode(std::string_view code) {
  std::string out;
  for (size_t i = 0; i < code.size(); ++i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(code[k]); };
    if (i + 2 < code.size() && byte(i) == 0xEF && (byte(i + 1) == 0xBC || byte(i + 1) == 0xBD)) {
      const unsigned point = 0xF000 | (byte(i + 1) & 0x3F) << 6 | (byte(i + 2) & 0x3F);
      if (point >= 0xFF01 && point <= 0xFF5E) {
        out += static_cast<char>(point - 0xFF01 + 0x21);
        i += 2;
        continue;
      }
    }
    if (i + 2 < code.size() && byte(i) == 0xE3 && byte(i + 1) == 0x80 && byte(i + 2) == 0x80) {
      out += ' ';
      i += 2;
      continue;
    }
    out += code[i];
  }
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return Collapsed(out);
}

std::vector<std::string> OmittedNames(uint8_t omitted) {
  static const std::pair<MandatoryItem, const char*> kNames[] = {{kExpertList, "experts"},
                                                                 {kAwardAmount, "amount"},
                                                                 {kSigningDate, "signing_date"},
                                                                 {kManagerCertificate, "certificate"},
                                                                 {kPenaltyBasis, "penalty_basis"}};
  std::vector<std::string> names;
  for (const auto& [item, name] : kNames) {
    if (omitted & item) names.push_back(name);
  }
  return names;
}

bool Omits(const Notice& notice, MandatoryItem item) { return (notice.omitted & item) != 0; }
bool Is(const Notice& notice, NoticeKind kind) { return notice.kind == kind; }

const Lot& FirstLot(const Project& p) {
  static const Lot kNone;
  return p.lots.empty() ? kNone : p.lots.front();
}

// What every record of a project's notice shares: kind, domain, the code, the
// parties as far as all of the project's notices name them, the publication time.
NoticeRecord ProjectRecord(const World& world, Generation generation, NoticeRef ref, const Project& p,
                           const Notice& n) {
  NoticeRecord record;
  record.site = SiteName(SiteOf(generation));
  record.generation = GenerationName(generation);
  record.id = world.NoticeId(generation, ref);
  record.kind = KindName(n.kind);
  record.domain = DomainOfRecord(p.domain);
  record.project_code = CanonicalCode(p.code);
  record.buyer = Collapsed(p.buyer.name);
  record.published = DateTime(n.published, n.second_of_day);
  record.omitted = OmittedNames(n.omitted);
  return record;
}

std::string Winner(const Project& p, const Notice& n) {
  if (Is(n, NoticeKind::kResult)) return Collapsed(p.supplier.name);
  if (Is(n, NoticeKind::kContract)) return Collapsed(p.contract_supplier.name);
  return "";
}

// Each lot with the project's winner and its award (none when the notice leaves amounts out).
std::vector<RecordLot> AwardLots(const Project& p, bool amounts) {
  std::vector<RecordLot> lots;
  for (const Lot& lot : p.lots) {
    lots.push_back({Collapsed(lot.name), Collapsed(p.supplier.name),
                    amounts ? std::optional<std::string>(Yuan(lot.award_fen)) : std::nullopt});
  }
  return lots;
}

// ---- Procurement site: gpcms and freecms (the 2020 national templates, sim/templates.h),
// and gdgpo (sim/procurement_legacy_templates.h, the detail header) ----

// What a procurement-site page shows; the generations differ in the title, in the
// code of an intention, and in whether a single lot is written as a lot table.
NoticeRecord ProcurementRecord(const World& world, Generation generation, NoticeRef ref, const Project& p,
                               const Notice& n) {
  const bool gdgpo = generation == Generation::kGdgpo;
  NoticeRecord r = ProjectRecord(world, generation, ref, p, n);
  if (!gdgpo) {
    r.project_code = CanonicalCode(ListedCode(p, n));
  } else if (Is(n, NoticeKind::kIntention)) {
    r.project_code = "";
  }
  r.title = Collapsed(gdgpo ? GdgpoTitle(p, n) : NoticeTitle(p, n));
  r.agency = Collapsed(p.agency.name);
  r.budget_yuan = Yuan(p.BudgetFen());
  const bool amounts = !Omits(n, kAwardAmount);
  switch (n.kind) {
    case NoticeKind::kTender:
      r.opening = At(p.opening, 9, 30);
      break;
    case NoticeKind::kCorrection:
      r.opening = At(p.corrected_opening.value_or(p.opening), 9, 30);
      break;
    case NoticeKind::kResult:
      r.supplier = Winner(p, n);
      if (amounts) r.amount_yuan = Yuan(p.AwardFen());
      r.decided = DateOf(p.decided);
      if (!gdgpo || p.lots.size() > 1) r.lots = AwardLots(p, amounts);
      break;
    case NoticeKind::kContract:
      r.supplier = Winner(p, n);
      r.amount_yuan = Yuan(p.contract_amount_fen);
      if (!Omits(n, kSigningDate)) r.signed_on = DateOf(p.signed_on);
      break;
    case NoticeKind::kAcceptance:
      r.supplier = Collapsed(p.contract_supplier.name);
      r.amount_yuan = Yuan(p.contract_amount_fen);
      break;
    default:
      break;
  }
  return r;
}

// ---- City portal: the re-posts of both generations (RepostBody, sim/portal_templates.h) ----

NoticeRecord RepostRecord(const World& world, Generation generation, NoticeRef ref, const Project& p, const Notice& n) {
  NoticeRecord r = ProjectRecord(world, generation, ref, p, n);
  r.title = Collapsed(RepostTitle(p, n));
  // Only the works body names the agency; land and property give its contact alone.
  if (p.domain != Domain::kLand && p.domain != Domain::kStateProperty) r.agency = Collapsed(p.agency.name);
  const Lot& lot = FirstLot(p);
  if (Is(n, NoticeKind::kResult)) {
    r.supplier = Winner(p, n);
    r.amount_yuan = Yuan(lot.award_fen);
  } else {
    r.budget_yuan = Yuan(lot.budget_fen);
    r.opening = At(p.opening, 9, p.domain == Domain::kLand ? 0 : 30);
  }
  return r;
}

// ---- Trading platform: ygp (YgpRichtext and YgpKeyValueTables, sim/trading_ygp_templates.h) ----

NoticeRecord YgpRecord(const World& world, NoticeRef ref, const Project& p, const Notice& n) {
  NoticeRecord r = ProjectRecord(world, Generation::kYgp, ref, p, n);
  if (n.code_platform_own) r.project_code = CanonicalCode(YgpProjectCode(p));
  r.title = Collapsed(YgpTitle(p, n));
  r.agency = Collapsed(p.agency.name);
  const CivilDate latest_opening = p.corrected_opening.value_or(p.opening);
  const bool deal = p.domain == Domain::kLand || p.domain == Domain::kStateProperty;
  switch (n.kind) {
    case NoticeKind::kTender:
      r.budget_yuan = Yuan(deal ? FirstLot(p).budget_fen : p.BudgetFen());
      r.opening = At(p.opening, 9, 30);
      break;
    case NoticeKind::kCorrection:
    case NoticeKind::kCandidates:
      r.opening = At(latest_opening, 9, 30);
      break;
    case NoticeKind::kResult:
      r.supplier = Winner(p, n);
      r.amount_yuan = Yuan(deal ? FirstLot(p).award_fen : p.AwardFen());
      r.decided = DateOf(p.decided);
      if (p.domain == Domain::kProcurement) r.lots = AwardLots(p, true);
      break;
    case NoticeKind::kContract:
      r.supplier = Winner(p, n);
      r.amount_yuan = Yuan(p.contract_amount_fen);
      if (!Omits(n, kSigningDate)) r.signed_on = DateOf(p.signed_on);
      break;
    default:
      break;
  }
  return r;
}

// ---- Trading platform: sgjyzx (LegacyBody, sim/trading_legacy_templates.h) ----

NoticeRecord SgjyzxRecord(const World& world, NoticeRef ref, const Project& p, const Notice& n) {
  NoticeRecord r = ProjectRecord(world, Generation::kSgjyzx, ref, p, n);
  r.title = Collapsed(LegacyTitle(p, n));
  const bool works = p.domain == Domain::kConstruction;
  const CivilDate latest_opening = p.corrected_opening.value_or(p.opening);
  // The budget as written: a 万元 budget of the plain bodies in whole 万元.
  const int64_t budget = !works && p.budget_in_wan ? p.BudgetFen() / 1000000 * 1000000 : p.BudgetFen();
  const bool amounts = !Omits(n, kAwardAmount);
  // Every body but the works contract names the agency under a label.
  if (!(works && Is(n, NoticeKind::kContract))) r.agency = Collapsed(p.agency.name);
  switch (n.kind) {
    case NoticeKind::kCorrection:
      if (works) r.budget_yuan = Yuan(budget);
      r.opening = At(latest_opening, 9, 30);
      break;
    case NoticeKind::kCandidates:
      r.budget_yuan = Yuan(budget);
      r.opening = At(latest_opening, 9, 30);
      break;
    case NoticeKind::kResult:
    case NoticeKind::kAcceptance:
      r.supplier = Collapsed(p.supplier.name);
      if (amounts) r.amount_yuan = Yuan(p.AwardFen());
      r.decided = DateOf(p.decided);
      // The plain result's lot table prints every lot's award, even when the total is left out.
      if (!works) r.lots = AwardLots(p, true);
      break;
    case NoticeKind::kContract:
      r.supplier = Winner(p, n);
      r.amount_yuan = Yuan(p.contract_amount_fen);
      if (!Omits(n, kSigningDate)) r.signed_on = DateOf(p.signed_on);
      break;
    case NoticeKind::kTermination:
      if (works) r.budget_yuan = Yuan(budget);
      break;
    default:  // tenders, and what the plain tender body also draws: intentions, single-source notices
      r.budget_yuan = Yuan(budget);
      r.opening = At(p.opening, 9, 30);
      break;
  }
  return r;
}

// ---- City portal: gkmlpt (the article JSON and page, sim/gkmlpt.h) ----

NoticeRecord GkmlptRecord(const World& world, NoticeRef ref, const Department& d, const Notice& n) {
  NoticeRecord r;
  r.site = SiteName(Site::kPortal);
  r.generation = GenerationName(Generation::kGkmlpt);
  r.id = world.NoticeId(Generation::kGkmlpt, ref);
  r.kind = KindName(n.kind);
  r.domain = DomainOfRecord(Domain::kDisclosure);
  r.project_code = CanonicalCode(DepartmentDocumentNumber(d, n));
  r.title = Collapsed(DepartmentDocumentTitle(d, n));
  r.buyer = Collapsed(DepartmentNameOn(d, n.published));
  r.published = DateTime(n.published, n.second_of_day);
  r.omitted = OmittedNames(n.omitted);
  return r;
}

// ---- Credit site (the 双公示 fields, sim/credit_templates.h) ----

NoticeRecord CreditBase(const World& world, NoticeRef ref, const Notice& n) {
  NoticeRecord r;
  r.site = SiteName(Site::kCredit);
  r.generation = GenerationName(Generation::kCreditSite);
  r.id = world.NoticeId(Generation::kCreditSite, ref);
  r.kind = KindName(n.kind);
  r.domain = DomainOfRecord(Domain::kCredit);
  r.published = n.published.Iso();  // GSRQ
  r.omitted = OmittedNames(n.omitted);
  return r;
}

NoticeRecord CreditRecordOf(const World& world, NoticeRef ref, CivilDate as_of) {
  if (world.TypeOf(ref.subject) == SubjectType::kBlacklistEntry) {
    const BlacklistEntry e = world.BlacklistEntryAt(ref.subject);
    NoticeRecord r = CreditBase(world, ref, e.notices[ref.slot]);
    r.project_code = CanonicalCode(e.party.uscc);
    r.buyer = Collapsed(e.authority);
    r.supplier = Collapsed(e.party.name);
    r.decided = e.listed.Iso();
    return r;
  }
  const CreditRecord stored = world.CreditRecordAt(ref.subject);
  const Notice& n = stored.notices[ref.slot];
  const CreditRecord c = AsShown(stored, n, as_of);
  NoticeRecord r = CreditBase(world, ref, n);
  r.project_code = CanonicalCode(c.number);
  r.buyer = Collapsed(c.authority);
  r.supplier = Collapsed(c.party.name);
  if (Is(n, NoticeKind::kPenalty)) r.amount_yuan = Yuan(c.fine_fen);
  r.decided = c.decided.Iso();
  return r;
}

NoticeRecord RecordOf(const World& world, Generation generation, NoticeRef ref, CivilDate as_of) {
  if (generation == Generation::kCreditSite) return CreditRecordOf(world, ref, as_of);
  if (generation == Generation::kGkmlpt) {
    const Department d = world.DepartmentAt(ref.subject);
    return GkmlptRecord(world, ref, d, d.notices[ref.slot]);
  }
  const Project stored = world.ProjectAt(ref.subject);
  const Notice& n = stored.notices[ref.slot];
  const Project p = AsShown(stored, n, as_of);
  switch (generation) {
    case Generation::kGpcms:
    case Generation::kFreecms:
      return ProcurementRecord(world, generation, ref, p, n);
    case Generation::kGdgpo:
      return ProcurementRecord(world, Generation::kGdgpo, ref, p, n);
    case Generation::kYgp:
      return YgpRecord(world, ref, p, n);
    case Generation::kSgjyzx:
      return SgjyzxRecord(world, ref, p, n);
    default:  // kPortalColumn, kPortalTrs
      return RepostRecord(world, generation, ref, p, n);
  }
}

Json Nullable(const std::optional<std::string>& value) { return value ? Json(*value) : Json(nullptr); }

}  // namespace

std::vector<NoticeRecord> NoticeRecords(const World& world, CivilDate as_of) {
  std::vector<NoticeRecord> records;
  for (int g = 0; g < kGenerationCount; ++g) {
    const auto generation = static_cast<Generation>(g);
    const NoticeList list = world.Visible(generation, as_of);
    for (size_t i = 0; i < list.size(); ++i) records.push_back(RecordOf(world, generation, list[i].ref(), as_of));
  }
  return records;
}

std::string RecordsJsonLines(const std::vector<NoticeRecord>& records) {
  std::string out;
  for (const NoticeRecord& r : records) {
    Json lots = Json::array();
    for (const RecordLot& lot : r.lots) {
      lots.push_back(Json{{"name", lot.name}, {"supplier", lot.supplier}, {"amount_yuan", Nullable(lot.amount_yuan)}});
    }
    const Json line{{"site", r.site},
                    {"generation", r.generation},
                    {"id", r.id},
                    {"kind", r.kind},
                    {"domain", r.domain},
                    {"project_code", r.project_code},
                    {"title", r.title},
                    {"buyer", r.buyer},
                    {"agency", r.agency},
                    {"supplier", r.supplier},
                    {"budget_yuan", Nullable(r.budget_yuan)},
                    {"amount_yuan", Nullable(r.amount_yuan)},
                    {"published", Nullable(r.published)},
                    {"opening", Nullable(r.opening)},
                    {"decided", Nullable(r.decided)},
                    {"signed", Nullable(r.signed_on)},
                    {"lots", std::move(lots)},
                    {"omitted", r.omitted}};
    out += line.dump() + "\n";
  }
  return out;
}

}  // namespace gapwatch::sim
