#include "sim/world_formats.h"

#include <cstdio>

namespace gapwatch::sim {
namespace {

std::string Printf(const char* format, int a, int b, int c, int d = 0, int e = 0, int f = 0) {
  char text[64];
  std::snprintf(text, sizeof text, format, a, b, c, d, e, f);
  return text;
}

int Hour(int second_of_day) { return second_of_day / 3600; }
int Minute(int second_of_day) { return second_of_day / 60 % 60; }
int Second(int second_of_day) { return second_of_day % 60; }

constexpr const char* kCapitalDigits[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
constexpr const char* kCapitalPlaces[] = {"", "拾", "佰", "仟"};
constexpr const char* kCapitalGroups[] = {"", "万", "亿", "万亿"};

// 0 < group < 10000 in capital numerals; zeros inside read as one 零, and a
// group after a higher non-zero one with fewer than four digits starts with
// 零 (壹亿零伍, 壹仟贰佰万零叁佰); zero groups are skipped by the caller.
std::string CapitalGroup(int group, bool after_higher) {
  std::string text;
  bool pending_zero = after_higher && group < 1000;
  for (int place = 3; place >= 0; --place) {
    int unit = 1;
    for (int i = 0; i < place; ++i) unit *= 10;
    const int digit = group / unit % 10;
    if (digit == 0) {
      pending_zero = pending_zero || !text.empty();
      continue;
    }
    if (pending_zero) text += kCapitalDigits[0];
    pending_zero = false;
    text += kCapitalDigits[digit];
    text += kCapitalPlaces[place];
  }
  return text;
}

}  // namespace

std::string IsoDateTime(CivilDate date, int s) {
  return Printf("%04d-%02d-%02d %02d:%02d:%02d", date.year, date.month, date.day, Hour(s), Minute(s), Second(s));
}
std::string CompactDateTime(CivilDate date, int s) {
  return Printf("%04d%02d%02d%02d%02d%02d", date.year, date.month, date.day, Hour(s), Minute(s), Second(s));
}
std::string CompactDate(CivilDate date) { return Printf("%04d%02d%02d", date.year, date.month, date.day); }
std::string DottedDateTime(CivilDate date, int s) {
  return Printf("%04d.%02d.%02d %02d:%02d:%02d", date.year, date.month, date.day, Hour(s), Minute(s), Second(s));
}
std::string SlashDate(CivilDate date) { return Printf("%04d/%02d/%02d", date.year, date.month, date.day); }
std::string ChineseDate(CivilDate date) { return Printf("%d年%d月%d日", date.year, date.month, date.day); }
std::string ChineseDatePadded(CivilDate date) { return Printf("%04d年%02d月%02d日", date.year, date.month, date.day); }
std::string ChineseMinutes(CivilDate date, int s) {
  return Printf("%04d年%02d月%02d日 %02d:%02d", date.year, date.month, date.day, Hour(s), Minute(s));
}
std::string ChineseDeadline(CivilDate date, int hour, int minute) {
  return Printf("%04d年%02d月%02d日%02d时%02d分", date.year, date.month, date.day, hour, minute);
}
std::string BeijingDeadline(CivilDate date, int hour, int minute) {
  return Printf("%04d年%02d月%02d日 %02d点%02d分（北京时间）", date.year, date.month, date.day, hour, minute);
}

std::string YuanWithSeparators(int64_t fen) {
  const std::string yuan = std::to_string(fen / 100);
  std::string grouped;
  for (size_t i = 0; i < yuan.size(); ++i) {
    if (i > 0 && (yuan.size() - i) % 3 == 0) grouped += ',';
    grouped += yuan[i];
  }
  char cents[8];
  std::snprintf(cents, sizeof cents, ".%02d", static_cast<int>(fen % 100));
  return grouped + cents;
}

std::string BudgetField(int64_t fen) {
  char cents[8];
  std::snprintf(cents, sizeof cents, ".%02d00", static_cast<int>(fen % 100));
  return std::to_string(fen / 100) + cents;
}

std::string PlainYuan(int64_t fen) {
  char cents[8];
  std::snprintf(cents, sizeof cents, ".%02d", static_cast<int>(fen % 100));
  return std::to_string(fen / 100) + cents;
}

std::string WanYuan(int64_t fen, int decimals) {
  // 1 万元 = 1,000,000 fen: the six fractional digits are exact.
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, "%06d", static_cast<int>(fen % 1000000));
  std::string text = std::to_string(fen / 1000000);
  if (decimals > 0) text += "." + std::string(fraction).substr(0, static_cast<size_t>(decimals > 6 ? 6 : decimals));
  return text;
}

std::string CapitalYuan(int64_t fen) {
  int64_t yuan = fen / 100;
  const int jiao = static_cast<int>(fen / 10 % 10);
  const int cents = static_cast<int>(fen % 10);
  std::string integer;
  if (yuan == 0) {
    integer = kCapitalDigits[0];
  } else {
    int groups[4] = {0, 0, 0, 0};
    int count = 0;
    while (yuan > 0 && count < 4) {
      groups[count++] = static_cast<int>(yuan % 10000);
      yuan /= 10000;
    }
    bool higher = false;
    for (int g = count - 1; g >= 0; --g) {
      if (groups[g] == 0) continue;
      integer += CapitalGroup(groups[g], higher);
      integer += kCapitalGroups[g];
      higher = true;
    }
  }
  std::string text = "人民币" + integer + "元";
  if (jiao == 0 && cents == 0) return text + "整";
  if (jiao == 0) return text + kCapitalDigits[0] + kCapitalDigits[cents] + "分";
  text += std::string(kCapitalDigits[jiao]) + "角";
  if (cents != 0) text += std::string(kCapitalDigits[cents]) + "分";
  return text;
}

std::string FullWidth(std::string_view text) {
  std::string out;
  for (char c : text) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (byte == ' ') {
      out += "\xE3\x80\x80";
    } else if (byte > 0x20 && byte < 0x7f) {
      const unsigned code = 0xFEE0u + byte;  // U+FF01 … U+FF5E, three UTF-8 bytes
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (code & 0x3f));
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace gapwatch::sim
