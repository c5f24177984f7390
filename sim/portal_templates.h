// The words of the city portal (www.sg.gov.cn): titles and bodies of the
// trading notices it re-posts (construction, land, state property: SITES.md
// §1.1, §1.2, §1.4) and of the departments' documents on gkmlpt (§1.3: the
// 工作方案 of the seed plan §七(一) and the 政府信息公开工作年度报告).
//
// Pure functions of the world's facts (a Project as the notice shows it, see
// AsShown in sim/world.h; a Department); no I/O, thread-safe. Bodies are
// UTF-8 HTML fragments; every date, amount and code in them comes from the
// world, escaped for HTML, so that a parser reading them back recovers the
// world's facts.
#pragma once
#include <string>
#include <string_view>

#include "sim/http_reply.h"
#include "sim/world.h"

namespace gapwatch::sim {

// The portal's pages: text/html;charset=UTF-8, and nginx's error page (404, 405).
HttpReply PortalHtml(std::string body);
HttpReply PortalError(int status);

// A re-posted trading notice: "<project>招标公告", "<project>中标结果公示",
// "<parcel>国有建设用地使用权出让公告", "…成交公示", "<item>转让交易公告", "…成交结果公告".
std::string RepostTitle(const Project& project, const Notice& notice);
// The body: the project code (full-width when the notice writes it so), the
// parties, the amounts (元, and in capital numerals when the notice carries
// them), the dates, the winner for results.
std::string RepostBody(const Project& project, const Notice& notice);

// 韶关市发展和改革局关于印发推进公共资源配置领域政府信息公开工作方案的通知;
// 韶关市发展和改革局2019年政府信息公开工作年度报告 (the name the department bore
// when it published).
std::string DepartmentDocumentTitle(const Department& department, const Notice& notice);
// 文号 of a plan, with 〔〕: 韶发改〔2018〕37号; reports carry none ("").
std::string DepartmentDocumentNumber(const Department& department, const Notice& notice);
std::string DepartmentDocumentBody(const Department& department, const Notice& notice);

}  // namespace gapwatch::sim
