// Identifiers: project codes, 投资项目统一代码, 统一社会信用代码 and party names in the
// canonical form the store keeps (SITES.md §6). Pure functions of their input, no
// state, thread-safe; they never throw on bad input (bad input gives nullopt, false
// or ""). Input is UTF-8 as sites print it: full-width forms (ＡＢＣ１２３－：（）) are
// folded first (FoldFullWidth / NormaliseText of parsers/normalise.h), so markup such
// as <font color="red"> and entities are also tolerated.
//
//   CanonicalProjectCode   a 项目编号 value: NormaliseCode (no whitespace, ASCII upper
//                          case) after stripping, repeatedly, surrounding brackets of
//                          any kind (() [] {} 【】 〔〕 〖〗 「」 『』 《》 <>), a leading
//                          label with its colon (项目编号：, 采购项目编号:, 招标编号,
//                          工程编号, 采购编号, 招标项目编号, 原公告的采购项目编号, an
//                          ordinal such as 一、 before it) and trailing punctuation
//                          (；。，,;.). "[项目编号：gdjy25…]" -> "GDJY25…". "" when
//                          nothing is left. It does not judge whether the rest looks
//                          like a code.
//   ProjectCodeFromTitle   the code a title prints, canonical, or nullopt. Only two
//                          shapes are taken: a labelled code (项目编号：X, in brackets
//                          or not: "…项目 [项目编号：GDJY251013001FG046]招标公告",
//                          "…【项目编号：SGZB2025-CG013】结果公告") and a bracketed
//                          unlabelled code ("[SGJS2025-106]…", "…(440201-2025-00012)…").
//                          The code must be 6–40 characters of A–Z 0–9 - _ / starting
//                          and ending with a letter or digit, with at least 3 digits.
//                          An unlabelled bracket must also not look like something
//                          else: pure digits (amounts, compact dates, phone numbers),
//                          dates (2025-03-18, 2025-3-8), year ranges (2025-2027) and
//                          phone numbers (0751-8123456, 020-12345678) are refused,
//                          and so is a 投资项目统一代码 (another identifier). Codes after
//                          采购计划编号 or 合同编号 are not the project's and are skipped.
//                          A labelled code wins over bracketed ones; two different
//                          unlabelled bracketed codes give nullopt (ambiguous).
//   IsValidInvestmentProjectCode / CanonicalInvestmentProjectCode
//                          投资项目统一代码, 24 characters AAAA-BBBBBB-CC-DD-EEEEEE, all
//                          digits. AAAA is either a 4-digit year 20xx (old style,
//                          2015–2020: 2018-440203-48-01-012345) or YYMM with YY ≥ 20
//                          and MM 01–12 (GB/T 40058-2021 style, from Nov 2020:
//                          2509-320193-89-01-544060). The new style's last digit is
//                          a check digit whose rule is not public, so it is NOT
//                          verified (the simulator uses a stand-in rule that real
//                          codes do not follow). Canonical form: folded, hyphens as
//                          separators; accepted separators are - – — ‐ ― － _ /
//                          and spaces around them, or none at all (20 bare digits),
//                          after an optional label (投资项目统一代码：, 项目代码：) and
//                          surrounding brackets; nullopt unless the result is valid.
//                          IsValid takes the string exactly as given, i.e. only the
//                          canonical form is valid.
//   IsValidCreditCode / CanonicalCreditCode
//                          统一社会信用代码 (GB 32100-2015): 18 characters from
//                          0-9 A-H J-N P-R T-U W-Y (no I O Z S V), the 18th the check
//                          character of the first 17 (weights 1,3,9,27,19,26,16,17,20,
//                          29,25,13,8,24,10,30,28; check = (31 − Σ mod 31) mod 31).
//                          IsValid takes the string exactly as given (upper case, no
//                          spaces); Canonical first strips a 统一社会信用代码：label and
//                          brackets, folds full width, drops whitespace, upper-cases,
//                          then validates. The 9-character 组织机构代码 inside is not
//                          checked separately.
//   CanonicalPartyName     a buyer / agency / supplier name: NormaliseText, then
//                          repeatedly strips a leading role label (采购人：, 采购代理
//                          机构：, 中标（成交）供应商名称：, 招标人:, …), surrounding
//                          brackets, a trailing role in brackets ((采购人), （招标人）,
//                          【代理机构】, [中标人]) or after a separator (：中标人, -采购人,
//                          /代理机构), and leading/trailing punctuation. Brackets that
//                          are not a role stay: they are part of the registered name
//                          (韶关市财政局（本级）, XX有限公司（浈江分公司）), written
//                          with ASCII brackets as NormaliseText folds them, so the
//                          full- and half-width spellings of one name compare equal.
//                          "" when nothing is left.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace gapwatch {

std::string CanonicalProjectCode(std::string_view text);
std::optional<std::string> ProjectCodeFromTitle(std::string_view title);

bool IsValidInvestmentProjectCode(std::string_view code);
std::optional<std::string> CanonicalInvestmentProjectCode(std::string_view text);

bool IsValidCreditCode(std::string_view code);
std::optional<std::string> CanonicalCreditCode(std::string_view text);

std::string CanonicalPartyName(std::string_view name);

}  // namespace gapwatch
