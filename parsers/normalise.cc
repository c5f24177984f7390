#include "parsers/normalise.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "parsers/utf8.h"

namespace gapwatch {
namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool StartsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Removes markup a site leaves inside a value: search highlights such as
// <font color="red">, <em>, <span class="highlight"> and their end tags.
std::string StripTags(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool tag_start = text[i] == '<' && i + 1 < text.size() &&
                           (IsAsciiAlpha(text[i + 1]) || text[i + 1] == '/' || text[i + 1] == '!');
    const std::size_t end = tag_start ? text.find('>', i) : std::string_view::npos;
    if (end == std::string_view::npos) {
      out += text[i];
    } else {
      i = end;
    }
  }
  return out;
}

// The value of a numeric character reference's digits; 0 when malformed.
char32_t ParseNumber(std::string_view digits, int base) {
  char32_t value = 0;
  for (char c : digits) {
    const char lower = static_cast<char>(c | 0x20);
    const int digit = IsAsciiDigit(c) ? c - '0' : (base == 16 && lower >= 'a' && lower <= 'f') ? lower - 'a' + 10 : -1;
    if (digit < 0 || value > 0x10FFFF) return 0;
    value = value * base + digit;
  }
  return value;
}

std::string DecodeEntities(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, char32_t>, 6> kNamed = {{
      {"nbsp", 0xA0},
      {"amp", '&'},
      {"lt", '<'},
      {"gt", '>'},
      {"quot", '"'},
      {"apos", '\''},
  }};
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::size_t semicolon = text[i] == '&' ? text.find(';', i) : std::string_view::npos;
    if (semicolon == std::string_view::npos || semicolon - i > 10) {
      out += text[i];
      continue;
    }
    const std::string_view name = text.substr(i + 1, semicolon - i - 1);
    char32_t decoded = 0;
    if (StartsWith(name, "#x") || StartsWith(name, "#X")) {
      decoded = ParseNumber(name.substr(2), 16);
    } else if (StartsWith(name, "#")) {
      decoded = ParseNumber(name.substr(1), 10);
    } else {
      for (const auto& [entity, value] : kNamed) {
        if (name == entity) decoded = value;
      }
    }
    if (decoded == 0 || decoded > 0x10FFFF || (decoded >= 0xD800 && decoded <= 0xDFFF)) {
      out += text[i];
      continue;
    }
    utf8::Append(out, decoded);
    i = semicolon;
  }
  return out;
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 || c == 0x3000 ||
         (c >= 0x2000 && c <= 0x200A);
}
bool IsZeroWidth(char32_t c) { return c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF; }

// ---- Money -------------------------------------------------------------

// Formats digits with the decimal point after `point` digits as 元 with two
// decimals, rounding the rest half up.
std::string FormatYuan(std::string digits, std::size_t point) {
  if (digits.size() < point + 3) digits.append(point + 3 - digits.size(), '0');
  std::string cents = digits.substr(0, point + 2);
  if (digits[point + 2] >= '5') {
    std::size_t i = cents.size();
    while (i > 0 && cents[i - 1] == '9') cents[--i] = '0';
    if (i == 0) {
      cents.insert(cents.begin(), '1');
    } else {
      ++cents[i - 1];
    }
  }
  const std::size_t first = cents.find_first_not_of('0');
  cents = first == std::string::npos ? "" : cents.substr(first);
  if (cents.size() < 3) cents.insert(0, 3 - cents.size(), '0');
  return cents.substr(0, cents.size() - 2) + "." + cents.substr(cents.size() - 2);
}

// What follows a number says whether it is an amount and in which unit.
enum class Follower { kYuan, kWan, kYi, kNone, kPercent, kOther };

Follower ClassifyFollower(std::string_view rest) {
  std::size_t i = 0;
  while (i < rest.size() && (rest[i] == ' ' || rest[i] == '(')) ++i;
  const std::string_view unit = rest.substr(i);
  if (StartsWith(unit, "%")) return Follower::kPercent;
  if (StartsWith(unit, "万")) return Follower::kWan;
  if (StartsWith(unit, "亿")) return Follower::kYi;
  if (StartsWith(unit, "元") || StartsWith(unit, "圆")) return Follower::kYuan;
  if (rest.empty()) return Follower::kNone;
  // A plain number ends at a space, bracket or separator; 2025年 or 3-18 is no amount.
  static constexpr std::string_view kEnds[] = {" ", "(", ")", ",", ";", "。", "、"};
  for (std::string_view end : kEnds) {
    if (StartsWith(rest, end)) return Follower::kNone;
  }
  return Follower::kOther;
}

std::optional<std::string> ArabicAmount(const std::string& text, MoneyUnit unit_hint) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!IsAsciiDigit(text[i])) continue;
    const char before = i > 0 ? text[i - 1] : ' ';
    const bool inside_token = IsAsciiAlpha(before) || IsAsciiDigit(before) || before == '.' || before == '-';
    std::string integer, fraction;
    std::size_t j = i;
    while (j < text.size()) {
      if (IsAsciiDigit(text[j])) {
        integer += text[j++];
      } else if (text[j] == ',' && j + 3 < text.size() && IsAsciiDigit(text[j + 1]) && IsAsciiDigit(text[j + 2]) &&
                 IsAsciiDigit(text[j + 3]) && (j + 4 == text.size() || !IsAsciiDigit(text[j + 4]))) {
        ++j;  // thousands separator: 1,420,000.00
      } else {
        break;
      }
    }
    if (j + 1 < text.size() && text[j] == '.' && IsAsciiDigit(text[j + 1])) {
      for (++j; j < text.size() && IsAsciiDigit(text[j]); ++j) fraction += text[j];
    }
    if (!inside_token) {
      if (text.substr(0, i).find("率") != std::string::npos) return std::nullopt;  // 费率 2.70, 下浮率
      std::size_t exponent = 0;
      switch (ClassifyFollower(std::string_view(text).substr(j))) {
        case Follower::kPercent:
          return std::nullopt;
        case Follower::kOther:
          i = j;
          continue;
        case Follower::kWan:
          exponent = 4;
          break;
        case Follower::kYi:
          exponent = 8;
          break;
        case Follower::kYuan:
          break;
        case Follower::kNone:
          exponent = unit_hint == MoneyUnit::kWanYuan ? 4 : 0;
          break;
      }
      return FormatYuan(integer + fraction, integer.size() + exponent);
    }
    i = j;
  }
  return std::nullopt;
}

// Reads 大写 amounts: 人民币捌仟贰佰元整, 壹拾万零伍佰元伍角. Only formal
// capital digits count, so 第一分包 or 万达 are not read as amounts.
std::optional<std::string> CapitalAmount(std::string_view text) {
  static const std::u32string kDigits = U"零壹贰叁肆伍陆柒捌玖";
  static const std::u32string kOthers = U"拾佰仟万亿元圆角分整正";
  std::uint64_t total = 0, section = 0, current = 0, digit = 0, yuan = 0, jiao = 0, fen = 0;
  bool in_run = false, has_digit = false, has_yuan = false, overflow = false;
  const auto add_scaled = [&](std::uint64_t& target, std::uint64_t value, std::uint64_t factor) {
    std::uint64_t scaled = 0;
    overflow |= __builtin_mul_overflow(value, factor, &scaled) || __builtin_add_overflow(target, scaled, &target);
  };
  for (std::size_t pos = 0; pos < text.size();) {
    const utf8::CodePoint cp = utf8::Decode(text, pos);
    pos += cp.length;
    const std::size_t digit_index = kDigits.find(cp.value);
    const bool numeral =
        cp.valid && (digit_index != std::u32string::npos || kOthers.find(cp.value) != std::u32string::npos);
    if (!numeral) {
      if (in_run && has_digit) break;  // the first run holding a digit is the amount
      in_run = has_digit = false;
      total = section = current = digit = jiao = fen = 0;
      has_yuan = false;
      continue;
    }
    in_run = true;
    if (digit_index != std::u32string::npos) {
      digit = digit_index;
      has_digit |= digit_index > 0;
      continue;
    }
    switch (cp.value) {
      case U'拾':
        has_digit = true;
        add_scaled(current, digit == 0 ? 1 : digit, 10);  // 拾万 = 100000
        digit = 0;
        break;
      case U'佰':
        add_scaled(current, digit, 100), digit = 0;
        break;
      case U'仟':
        add_scaled(current, digit, 1000), digit = 0;
        break;
      case U'万': {
        std::uint64_t below = section + current + digit;
        section = 0;
        add_scaled(section, below, 10000);
        current = digit = 0;
        break;
      }
      case U'亿': {
        std::uint64_t below = total + section + current + digit;
        total = 0;
        add_scaled(total, below, 100000000);
        section = current = digit = 0;
        break;
      }
      case U'元':
      case U'圆':
        yuan = total + section + current + digit;
        has_yuan = true;
        total = section = current = digit = 0;
        break;
      case U'角':
        jiao = digit, digit = 0;
        break;
      case U'分':
        fen = digit, digit = 0;
        break;
      default:  // 整 / 正 close the amount
        break;
    }
  }
  if (!has_digit || overflow) return std::nullopt;
  if (!has_yuan) yuan = total + section + current + digit;
  std::uint64_t cents = 0;
  add_scaled(cents, yuan, 100);
  add_scaled(cents, jiao, 10);
  add_scaled(cents, fen, 1);
  if (overflow) return std::nullopt;
  return FormatYuan(std::to_string(cents), std::to_string(cents).size() - 2);
}

// ---- Dates -------------------------------------------------------------

struct DateTime {
  int year = 0, month = 0, day = 0;
  std::optional<std::array<int, 3>> time;  // hour, minute, second
};

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool ValidDate(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= kDays[month - 1] + (month == 2 && IsLeap(year) ? 1 : 0);
}

int ToInt(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::optional<DateTime> Validated(DateTime value) {
  if (!ValidDate(value.year, value.month, value.day)) return std::nullopt;
  if (value.time && ((*value.time)[0] > 23 || (*value.time)[1] > 59 || (*value.time)[2] > 59)) return std::nullopt;
  return value;
}

std::optional<DateTime> ParseDateTime(std::string_view raw) {
  const std::string text = NormaliseText(raw);
  // Compact dates take the years the separated forms take (19xx, 20xx): 00240302 is no date.
  if ((text.size() == 8 || text.size() == 12 || text.size() == 14) &&
      text.find_first_not_of("0123456789") == std::string::npos &&
      (text.rfind("19", 0) == 0 || text.rfind("20", 0) == 0)) {
    DateTime compact{ToInt(text.substr(0, 4)), ToInt(text.substr(4, 2)), ToInt(text.substr(6, 2)), std::nullopt};
    if (text.size() > 8) {
      compact.time = std::array<int, 3>{ToInt(text.substr(8, 2)), ToInt(text.substr(10, 2)),
                                        text.size() == 14 ? ToInt(text.substr(12, 2)) : 0};
    }
    return Validated(compact);
  }
  static const RE2 kPattern(
      "(?:^|[^0-9])((?:19|20)[0-9]{2})\\s*[-/.:年]\\s*([0-9]{1,2})\\s*[-/.:月]\\s*([0-9]{1,2})(?:\\s*日)?"
      "(?:\\s*T?\\s*(上午|下午|晚上)?\\s*(?:([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?|"
      "([0-9]{1,2})\\s*[时点](?:\\s*([0-9]{1,2})\\s*分(?:\\s*([0-9]{1,2})\\s*秒)?)?))?");
  re2::StringPiece year, month, day, half, hour, minute, second, hour_cn, minute_cn, second_cn;
  if (!RE2::PartialMatch(text, kPattern, &year, &month, &day, &half, &hour, &minute, &second, &hour_cn, &minute_cn,
                         &second_cn)) {
    return std::nullopt;
  }
  const char* day_end = day.data() + day.size();
  if (day_end < text.data() + text.size() && IsAsciiDigit(*day_end)) return std::nullopt;  // 2025-03-180
  DateTime value{ToInt(year), ToInt(month), ToInt(day), std::nullopt};
  if (!hour.empty() || !hour_cn.empty()) {
    int h = ToInt(hour.empty() ? hour_cn : hour);
    if (half != "上午" && !half.empty() && h < 12) h += 12;  // 下午2点 is 14:00
    value.time =
        std::array<int, 3>{h, ToInt(hour.empty() ? minute_cn : minute), ToInt(hour.empty() ? second_cn : second)};
  }
  return Validated(value);
}

std::string TwoDigits(int value) { return std::string(1, '0' + value / 10) + std::string(1, '0' + value % 10); }

std::string IsoDate(const DateTime& value) {
  return std::to_string(value.year) + "-" + TwoDigits(value.month) + "-" + TwoDigits(value.day);
}

}  // namespace

std::string FoldFullWidth(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const utf8::CodePoint cp = utf8::Decode(text, pos);
    if (cp.valid && cp.value >= 0xFF01 && cp.value <= 0xFF5E) {
      out += static_cast<char>(cp.value - 0xFF01 + 0x21);
    } else if (cp.valid && cp.value == 0x3000) {
      out += ' ';
    } else {
      out.append(text, pos, cp.length);
    }
    pos += cp.length;
  }
  return out;
}

std::string NormaliseText(std::string_view text) {
  const std::string folded = FoldFullWidth(DecodeEntities(StripTags(text)));
  std::string out;
  bool pending_space = false;
  for (std::size_t pos = 0; pos < folded.size();) {
    const utf8::CodePoint cp = utf8::Decode(folded, pos);
    if (cp.valid && IsSpace(cp.value)) {
      pending_space = !out.empty();
    } else if (!cp.valid || !IsZeroWidth(cp.value)) {
      if (pending_space) out += ' ';
      pending_space = false;
      out.append(folded, pos, cp.length);
    }
    pos += cp.length;
  }
  return out;
}

std::string NormaliseCode(std::string_view text) {
  std::string code;
  for (char c : NormaliseText(text)) {
    if (c != ' ') code += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  static constexpr std::pair<std::string_view, std::string_view> kBrackets[] = {
      {"(", ")"}, {"[", "]"}, {"{", "}"}, {"<", ">"}, {"【", "】"}, {"〔", "〕"}, {"《", "》"}, {"「", "」"}};
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (const auto& [open, close] : kBrackets) {
      const std::string_view view = code;
      if (view.size() >= open.size() + close.size() && StartsWith(view, open) &&
          view.substr(view.size() - close.size()) == close) {
        code = code.substr(open.size(), code.size() - open.size() - close.size());
        stripped = true;
      }
    }
  }
  return code;
}

std::optional<std::string> NormaliseMoney(std::string_view text, MoneyUnit unit_hint) {
  const std::string normalised = NormaliseText(text);
  const bool has_arabic_digit = normalised.find_first_of("0123456789") != std::string::npos;
  return has_arabic_digit ? ArabicAmount(normalised, unit_hint) : CapitalAmount(normalised);
}

std::optional<std::string> NormaliseDate(std::string_view text) {
  const auto value = ParseDateTime(text);
  if (!value) return std::nullopt;
  return IsoDate(*value);
}

std::optional<std::string> NormaliseDateTime(std::string_view text) {
  const auto value = ParseDateTime(text);
  if (!value) return std::nullopt;
  if (!value->time) return IsoDate(*value);
  const auto& [hour, minute, second] = *value->time;
  return IsoDate(*value) + "T" + TwoDigits(hour) + ":" + TwoDigits(minute) + ":" + TwoDigits(second) + "+08:00";
}

std::string AddMoney(std::string_view a, std::string_view b) {
  const auto digits = [](std::string_view amount) {
    std::string out;
    for (char c : amount) {
      if (IsAsciiDigit(c)) out += c;
    }
    return out;
  };
  const std::string x = digits(a), y = digits(b);
  std::string sum;
  int carry = 0;
  for (std::size_t i = 0; i < std::max(x.size(), y.size()) || carry; ++i) {
    const int dx = i < x.size() ? x[x.size() - 1 - i] - '0' : 0;
    const int dy = i < y.size() ? y[y.size() - 1 - i] - '0' : 0;
    sum.insert(sum.begin(), static_cast<char>('0' + (dx + dy + carry) % 10));
    carry = (dx + dy + carry) / 10;
  }
  if (sum.size() < 3) sum.insert(0, 3 - sum.size(), '0');
  return FormatYuan(sum, sum.size() - 2);
}

}  // namespace gapwatch
