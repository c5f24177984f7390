// Fuzz target: every normaliser of parsers/normalise.h on the input, checking
// the documented output shapes: money "D+.DD" (and AddMoney of two such
// values), dates "YYYY-MM-DD" that exist, datetimes with a possible time and
// "+08:00", codes without whitespace or ASCII lower case. No exception is
// documented for any of them.
#include "parsers/normalise.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void Fail(const char* what, std::string_view value) {
  std::fprintf(stderr, "%s: \"%.*s\"\n", what, static_cast<int>(value.size()), value.data());
  std::abort();
}

bool Digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return false;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

int Number(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

bool IsMoney(std::string_view money) {
  if (money.size() < 4 || money[money.size() - 3] != '.') return false;
  return Digits(money, 0, money.size() - 3) && Digits(money, money.size() - 2, 2);
}

bool IsDate(std::string_view date) {
  if (date.size() != 10 || !Digits(date, 0, 4) || date[4] != '-' || !Digits(date, 5, 2) || date[7] != '-' ||
      !Digits(date, 8, 2)) {
    return false;
  }
  const int year = Number(date, 0, 4), month = Number(date, 5, 2), day = Number(date, 8, 2);
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

bool IsDateTime(std::string_view value) {
  if (value.size() == 10) return IsDate(value);
  if (value.size() != 25 || !IsDate(value.substr(0, 10)) || value[10] != 'T' || value.substr(19) != "+08:00") {
    return false;
  }
  const std::string_view time = value.substr(11, 8);
  if (!Digits(time, 0, 2) || time[2] != ':' || !Digits(time, 3, 2) || time[5] != ':' || !Digits(time, 6, 2)) {
    return false;
  }
  return Number(time, 0, 2) < 24 && Number(time, 3, 2) < 60 && Number(time, 6, 2) < 60;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  (void)gapwatch::FoldFullWidth(text);
  (void)gapwatch::NormaliseText(text);
  const std::string code = gapwatch::NormaliseCode(text);
  for (const char c : code) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || (c >= 'a' && c <= 'z')) Fail("NormaliseCode", code);
  }

  const std::optional<std::string> yuan = gapwatch::NormaliseMoney(text, gapwatch::MoneyUnit::kYuan);
  const std::optional<std::string> wan = gapwatch::NormaliseMoney(text, gapwatch::MoneyUnit::kWanYuan);
  if (yuan && !IsMoney(*yuan)) Fail("NormaliseMoney", *yuan);
  if (wan && !IsMoney(*wan)) Fail("NormaliseMoney (wan)", *wan);
  if (yuan && wan) {
    const std::string sum = gapwatch::AddMoney(*yuan, *wan);
    if (!IsMoney(sum)) Fail("AddMoney", sum);
    if (gapwatch::AddMoney(*yuan, "0.00") != *yuan) Fail("AddMoney(x, 0.00) != x", *yuan);
  }

  const std::optional<std::string> date = gapwatch::NormaliseDate(text);
  if (date && !IsDate(*date)) Fail("NormaliseDate", *date);
  const std::optional<std::string> date_time = gapwatch::NormaliseDateTime(text);
  if (date_time && !IsDateTime(*date_time)) Fail("NormaliseDateTime", *date_time);
  if (date && date_time && date_time->substr(0, 10) != *date) {
    Fail("NormaliseDate and NormaliseDateTime disagree on the date", text);
  }
  return 0;
}
