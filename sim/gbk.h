// UTF-8 ⇄ GBK (code page 936 as glibc's iconv defines it), for the simulated
// legacy trading site, which serves GBK pages as the real one does (SITES.md
// §2). Both throw std::invalid_argument naming the byte offset of the first
// character that cannot be converted: one GBK cannot encode (an emoji; the
// half-width ¥ U+00A5, where GBK has only the full-width ￥ U+FFE5), or a
// malformed or truncated sequence. Thread-safe (an iconv descriptor per
// call).
#pragma once
#include <string>
#include <string_view>

namespace gapwatch::sim {

std::string Utf8ToGbk(std::string_view utf8);
std::string GbkToUtf8(std::string_view gbk);

}  // namespace gapwatch::sim
