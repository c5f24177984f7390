#include "parsers/identifiers.h"

#include <array>
#include <cstddef>
#include <utility>
#include <vector>

#include "parsers/normalise.h"

namespace gapwatch {
namespace {

// Bracket pairs as they look after NormaliseText (full-width （）［］｛｝＜＞ are
// already ASCII then).
constexpr std::pair<std::string_view, std::string_view> kBrackets[] = {
    {"(", ")"},   {"[", "]"},   {"{", "}"},   {"<", ">"},   {"【", "】"},
    {"〔", "〕"}, {"〖", "〗"}, {"「", "」"}, {"『", "』"}, {"《", "》"},
};

// Punctuation trimmed from either end of a value.
constexpr std::string_view kPunctuation[] = {" ", ",", ";", ":", ".", "!", "?", "。", "、", "，", "；", "：", "·"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
char Upper(char c) { return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

bool TrimSpaces(std::string& s) {
  size_t begin = 0;
  size_t end = s.size();
  while (begin < end && s[begin] == ' ') ++begin;
  while (end > begin && s[end - 1] == ' ') --end;
  if (begin == 0 && end == s.size()) return false;
  s = s.substr(begin, end - begin);
  return true;
}

// Strips punctuation at the end (and at the start when `leading`).
bool TrimPunctuation(std::string& s, bool leading) {
  bool changed = false;
  for (bool again = true; again;) {
    again = false;
    for (std::string_view p : kPunctuation) {
      if (std::string_view(s).ends_with(p)) {
        s.resize(s.size() - p.size());
        again = changed = true;
      }
      if (leading && std::string_view(s).starts_with(p)) {
        s.erase(0, p.size());
        again = changed = true;
      }
    }
  }
  return changed;
}

// Position of the close bracket matching the open bracket at `open_at`, or npos.
size_t MatchingClose(std::string_view s, size_t open_at, std::string_view open, std::string_view close) {
  int depth = 0;
  for (size_t i = open_at; i < s.size();) {
    if (s.substr(i).starts_with(open)) {
      ++depth;
      i += open.size();
    } else if (s.substr(i).starts_with(close)) {
      if (--depth == 0) return i;
      i += close.size();
    } else {
      ++i;
    }
  }
  return std::string_view::npos;
}

// "(x)" -> "x" when the bracket that opens the text is the one that closes it.
bool StripSurroundingBrackets(std::string& s) {
  for (const auto& [open, close] : kBrackets) {
    const std::string_view view = s;
    if (view.size() < open.size() + close.size() || !view.starts_with(open) || !view.ends_with(close)) continue;
    if (MatchingClose(view, 0, open, close) != view.size() - close.size()) continue;
    s = s.substr(open.size(), s.size() - open.size() - close.size());
    TrimSpaces(s);
    return true;
  }
  return false;
}

// A leading ordinal: 一、 十二、 3、 3. (1)… only the first two shapes are common in labels.
bool StripOrdinal(std::string& s) {
  static constexpr std::string_view kNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  size_t i = 0;
  for (bool more = true; more;) {
    more = false;
    if (i < s.size() && IsDigit(s[i])) {
      ++i;
      more = true;
      continue;
    }
    for (std::string_view numeral : kNumerals) {
      if (std::string_view(s).substr(i).starts_with(numeral)) {
        i += numeral.size();
        more = true;
        break;
      }
    }
  }
  if (i == 0) return false;
  const std::string_view rest = std::string_view(s).substr(i);
  size_t after = 0;
  if (rest.starts_with("、")) {
    after = i + std::string_view("、").size();
  } else if (rest.starts_with(".") && i <= 2 && IsDigit(s[0]) &&
             (rest.size() == 1 || !(IsDigit(rest[1]) || IsUpper(rest[1]) || IsLower(rest[1])))) {
    after = i + 1;  // "3. 项目编号" but not "2025.0318"
  } else {
    return false;
  }
  s.erase(0, after);
  TrimSpaces(s);
  return true;
}

// Strips one of `labels` at the start, with the spaces and one colon after it.
bool StripLabel(std::string& s, const std::vector<std::string_view>& labels) {
  for (std::string_view label : labels) {
    if (!std::string_view(s).starts_with(label)) continue;
    std::string rest = s.substr(label.size());
    TrimSpaces(rest);
    if (!rest.empty() && rest[0] == ':') rest.erase(0, 1);
    TrimSpaces(rest);
    s = rest;
    return true;
  }
  return false;
}

// Longest first: a label that is the end of another comes after it.
const std::vector<std::string_view>& ProjectCodeLabels() {
  static const std::vector<std::string_view> labels = {
      "原公告的采购项目编号", "采购项目编号", "招标项目编号", "项目编号", "招标编号", "工程编号", "采购编号", "编号",
  };
  return labels;
}

// Strips labels, brackets and trailing punctuation until nothing changes.
std::string StripValue(std::string_view text, const std::vector<std::string_view>& labels) {
  std::string s = NormaliseText(text);
  for (bool changed = true; changed;) {
    changed = false;
    changed |= TrimPunctuation(s, false);
    changed |= StripSurroundingBrackets(s);
    changed |= StripOrdinal(s);
    changed |= StripLabel(s, labels);
  }
  return s;
}

bool IsCodeCharacter(char c) { return IsDigit(c) || IsUpper(c) || IsLower(c) || c == '-' || c == '_' || c == '/'; }

// 6–40 characters of A–Z 0–9 - _ /, a letter or digit at either end, ≥ 3 digits.
bool HasCodeShape(std::string_view code) {
  if (code.size() < 6 || code.size() > 40) return false;
  int digits = 0;
  for (char c : code) {
    if (!IsCodeCharacter(c) || IsLower(c)) return false;
    digits += IsDigit(c) ? 1 : 0;
  }
  const auto alnum = [](char c) { return IsDigit(c) || IsUpper(c); };
  return digits >= 3 && alnum(code.front()) && alnum(code.back());
}

// Whether an unlabelled, all-digit-groups candidate is a date, a year range,
// a phone number or a bare number rather than a code.
bool LooksLikeSomethingElse(std::string_view code) {
  std::vector<std::string_view> groups;
  size_t start = 0;
  for (size_t i = 0; i <= code.size(); ++i) {
    if (i == code.size() || code[i] == '-' || code[i] == '/' || code[i] == '_') {
      groups.push_back(code.substr(start, i - start));
      start = i + 1;
    } else if (!IsDigit(code[i])) {
      return false;  // has a letter: a code
    }
  }
  std::vector<size_t> sizes;
  for (std::string_view group : groups) sizes.push_back(group.size());
  if (groups.size() == 1) return true;  // amount, compact date, phone number
  const auto month_or_day = [](size_t size) { return size == 1 || size == 2; };
  const bool year = sizes[0] == 4 && (groups[0].starts_with("19") || groups[0].starts_with("20"));
  if (year && groups.size() == 3 && month_or_day(sizes[1]) && month_or_day(sizes[2])) return true;  // date
  if (year && groups.size() == 2 && (month_or_day(sizes[1]) || sizes[1] == 4)) return true;         // month, year range
  // Area code + number (+ extension), and a mobile number written in groups.
  if ((sizes[0] == 3 || sizes[0] == 4) && groups[0][0] == '0' && (sizes[1] == 7 || sizes[1] == 8) &&
      (groups.size() == 2 || (groups.size() == 3 && sizes[2] <= 4))) {
    return true;
  }
  if (groups.size() == 3 && sizes[0] == 3 && groups[0][0] == '1' && sizes[1] == 4 && sizes[2] == 4) return true;
  return false;
}

std::string UpperCase(std::string_view text) {
  std::string out;
  for (char c : text) out += Upper(c);
  return out;
}

// 投资项目统一代码 -----------------------------------------------------------

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return !s.empty();
}

// AAAA: a year 20xx (old style) or YYMM with YY ≥ 20, MM 01–12 (GB/T 40058).
bool IsValidTimeBlock(std::string_view block) {
  if (block.size() != 4 || !AllDigits(block)) return false;
  if (block.starts_with("20")) return true;
  const int yy = (block[0] - '0') * 10 + (block[1] - '0');
  const int mm = (block[2] - '0') * 10 + (block[3] - '0');
  return yy >= 20 && mm >= 1 && mm <= 12;
}

// 统一社会信用代码 -------------------------------------------------------------

constexpr std::string_view kCreditCharacters = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kCreditWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

// Party names ------------------------------------------------------------------

// Role words as they look after NormaliseText (中标（成交） -> 中标(成交)).
bool IsRole(std::string_view text) {
  static constexpr std::string_view kRoles[] = {
      "采购人",       "采购单位",       "招标人",         "招标单位",       "建设单位",
      "业主",         "业主单位",       "项目业主",       "代理机构",       "采购代理机构",
      "招标代理机构", "采购代理",       "招标代理",       "代理",           "集中采购机构",
      "中标人",       "中标单位",       "中标供应商",     "成交供应商",     "中标(成交)供应商",
      "中标(成交)人", "成交单位",       "成交人",         "供应商",         "投标人",
      "中标候选人",   "第一中标候选人", "第二中标候选人", "第三中标候选人", "出让人",
      "转让方",       "受让方",         "竞得人",         "买受人",         "发包人",
      "承包人",       "甲方",           "乙方",           "牵头人",         "联合体牵头人",
      "联合体成员",   "单位",
  };
  std::string compact;
  for (char c : text) {
    if (c != ' ') compact += c;
  }
  for (std::string_view role : kRoles) {
    if (compact == role) return true;
  }
  return false;
}

// A label before a name: a role, optionally followed by 名称 (供应商名称, 单位名称),
// or 名称 alone.
bool IsRoleLabel(std::string_view text) {
  std::string compact;
  for (char c : text) {
    if (c != ' ') compact += c;
  }
  std::string_view view = compact;
  if (view.ends_with("名称")) {
    view.remove_suffix(std::string_view("名称").size());
    if (view.empty()) return true;
  }
  return IsRole(view);
}

bool StripLeadingRoleLabel(std::string& s) {
  const size_t colon = s.find(':');
  if (colon == std::string::npos) return false;
  std::string label = s.substr(0, colon);
  StripOrdinal(label);
  if (!IsRoleLabel(label)) return false;
  s.erase(0, colon + 1);
  TrimSpaces(s);
  return true;
}

bool StripTrailingBracketedRole(std::string& s) {
  for (const auto& [open, close] : kBrackets) {
    const std::string_view view = s;
    if (!view.ends_with(close)) continue;
    // The last open bracket whose match is the final close.
    for (size_t at = view.rfind(open); at != std::string_view::npos && at > 0;
         at = at == 0 ? std::string_view::npos : view.rfind(open, at - 1)) {
      if (MatchingClose(view, at, open, close) != view.size() - close.size()) continue;
      const std::string_view content = view.substr(at + open.size(), view.size() - close.size() - at - open.size());
      if (!IsRole(content)) return false;
      s.resize(at);
      TrimSpaces(s);
      return true;
    }
  }
  return false;
}

bool StripTrailingSeparatedRole(std::string& s) {
  static constexpr std::string_view kSeparators[] = {":", "-", "—", "/", "|", ",", "，", " "};
  size_t best = std::string::npos;
  size_t best_size = 0;
  for (std::string_view separator : kSeparators) {
    const size_t at = s.rfind(separator);
    if (at != std::string::npos && at > 0 && (best == std::string::npos || at > best)) {
      best = at;
      best_size = separator.size();
    }
  }
  if (best == std::string::npos || !IsRole(std::string_view(s).substr(best + best_size))) return false;
  s.resize(best);
  TrimSpaces(s);
  return true;
}

}  // namespace

std::string CanonicalProjectCode(std::string_view text) { return NormaliseCode(StripValue(text, ProjectCodeLabels())); }

std::optional<std::string> ProjectCodeFromTitle(std::string_view title) {
  const std::string t = NormaliseText(title);
  const std::string_view view = t;
  // A labelled code: …编号[spaces][:][spaces]CODE.
  for (size_t at = view.find("编号"); at != std::string_view::npos; at = view.find("编号", at + 1)) {
    // 采购计划编号 and 合同编号 number other things than the project.
    if (view.substr(0, at).ends_with("计划") || view.substr(0, at).ends_with("合同")) continue;
    size_t i = at + std::string_view("编号").size();
    while (i < view.size() && view[i] == ' ') ++i;
    if (i < view.size() && view[i] == ':') ++i;
    while (i < view.size() && view[i] == ' ') ++i;
    size_t end = i;
    while (end < view.size() && IsCodeCharacter(view[end])) ++end;
    while (end > i && (view[end - 1] == '-' || view[end - 1] == '_' || view[end - 1] == '/')) --end;
    const std::string code = UpperCase(view.substr(i, end - i));
    if (HasCodeShape(code)) return code;
  }
  // Bracketed codes without a label.
  std::optional<std::string> found;
  for (size_t i = 0; i < view.size(); ++i) {
    for (const auto& [open, close] : kBrackets) {
      if (!view.substr(i).starts_with(open)) continue;
      const size_t close_at = MatchingClose(view, i, open, close);
      if (close_at == std::string_view::npos) continue;
      std::string content(view.substr(i + open.size(), close_at - i - open.size()));
      TrimSpaces(content);
      bool ok = !content.empty();
      for (char c : content) ok = ok && IsCodeCharacter(c);
      const std::string code = UpperCase(content);
      if (ok && HasCodeShape(code) && !LooksLikeSomethingElse(code) && !IsValidInvestmentProjectCode(code)) {
        if (found && *found != code) return std::nullopt;  // two different codes: ambiguous
        found = code;
      }
      break;
    }
  }
  return found;
}

bool IsValidInvestmentProjectCode(std::string_view code) {
  if (code.size() != 24 || code[4] != '-' || code[11] != '-' || code[14] != '-' || code[17] != '-') return false;
  return IsValidTimeBlock(code.substr(0, 4)) && AllDigits(code.substr(5, 6)) && AllDigits(code.substr(12, 2)) &&
         AllDigits(code.substr(15, 2)) && AllDigits(code.substr(18, 6));
}

std::optional<std::string> CanonicalInvestmentProjectCode(std::string_view text) {
  static const std::vector<std::string_view> labels = {
      "投资项目统一代码", "固定资产投资项目代码", "项目统一代码", "项目代码", "统一代码", "代码",
  };
  const std::string s = StripValue(text, labels);
  static constexpr std::string_view kSeparators[] = {"-", "_", "/", " ", "–", "—", "‐", "―", "－"};
  std::vector<std::string> groups(1);
  for (size_t i = 0; i < s.size();) {
    if (IsDigit(s[i])) {
      groups.back() += s[i++];
      continue;
    }
    bool separator = false;
    for (std::string_view sep : kSeparators) {
      if (std::string_view(s).substr(i).starts_with(sep)) {
        i += sep.size();
        separator = true;
        break;
      }
    }
    if (!separator) return std::nullopt;
    if (!groups.back().empty()) groups.emplace_back();
  }
  if (groups.back().empty()) groups.pop_back();
  std::string digits;
  if (groups.size() == 1 && groups[0].size() == 20) {
    digits = groups[0];
  } else if (groups.size() == 5 && groups[0].size() == 4 && groups[1].size() == 6 && groups[2].size() == 2 &&
             groups[3].size() == 2 && groups[4].size() == 6) {
    for (const std::string& group : groups) digits += group;
  } else {
    return std::nullopt;
  }
  std::string code = digits.substr(0, 4) + "-" + digits.substr(4, 6) + "-" + digits.substr(10, 2) + "-" +
                     digits.substr(12, 2) + "-" + digits.substr(14, 6);
  if (!IsValidInvestmentProjectCode(code)) return std::nullopt;
  return code;
}

bool IsValidCreditCode(std::string_view code) {
  if (code.size() != 18) return false;
  int sum = 0;
  for (size_t i = 0; i < 18; ++i) {
    const size_t value = kCreditCharacters.find(code[i]);
    if (value == std::string_view::npos) return false;
    if (i < 17) sum += static_cast<int>(value) * kCreditWeights[i];
  }
  return kCreditCharacters[static_cast<size_t>((31 - sum % 31) % 31)] == code[17];
}

std::optional<std::string> CanonicalCreditCode(std::string_view text) {
  static const std::vector<std::string_view> labels = {"统一社会信用代码", "社会信用代码", "信用代码"};
  std::string code = NormaliseCode(StripValue(text, labels));
  if (!IsValidCreditCode(code)) return std::nullopt;
  return code;
}

std::string CanonicalPartyName(std::string_view name) {
  std::string s = NormaliseText(name);
  for (bool changed = true; changed;) {
    changed = false;
    changed |= TrimPunctuation(s, true);
    changed |= StripLeadingRoleLabel(s);
    changed |= StripSurroundingBrackets(s);
    changed |= StripTrailingBracketedRole(s);
    changed |= StripTrailingSeparatedRole(s);
  }
  return s;
}

}  // namespace gapwatch
