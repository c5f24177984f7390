// What the procurement site's two older generations share (besides request
// parameters, sim/form.h): HTML escaping, the region filter, and the words of the
// pre-2021 www.gdgpo.gov.cn notices (SITES.md §3.1): titles and the
// `div.zw_c_c_cont` bodies in the old provincial wording (一、采购项目编号：…,
// 中标（成交）供应商名称：<u>…</u>, deadlines as YYYY年MM月DD日HH时MM分,
// amounts in capital numerals when the notice is drawn with them).
//
// Pure functions; thread-safe. Every date and amount a body prints comes from
// the Project as the notice shows it (AsShown in sim/world.h), except what the
// notice leaves out on purpose (Notice::omitted), whose label then stands with
// no value. The freecms generation's bodies are the 2020 national templates of
// sim/templates.h, which it shares with gpcms.
#pragma once
#include <string>
#include <string_view>

#include "sim/html_escape.h"
#include "sim/world.h"

namespace gapwatch::sim {

// A region filter as both generations read it: empty matches all; 440000 the
// province, 440200 the city and its counties (4402xx), a county code itself.
bool RegionFilterMatches(std::string_view filter, std::string_view region_code);

// The old site's notice title: 韶关市…项目招标公告, 中标公告 or 成交公告 …
std::string GdgpoTitle(const Project& project, const Notice& notice);
// 采购公告, 更正公告, 中标公告, 单一来源公示 …: the `[类型·地区]` word of a list row.
const char* GdgpoTypeName(NoticeKind kind);
// The inner HTML of `div.zw_c_c_cont`.
std::string GdgpoBody(const Project& project, const Notice& notice);

}  // namespace gapwatch::sim
