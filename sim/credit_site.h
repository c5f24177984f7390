// The credit site (信用韶关 credit.sg.gov.cn, generation kCreditSite). SITES.md
// §4 found no source for its structure, so it is modelled on the verified
// analogue 信用广东 (credit.gd.gov.cn) and the 双公示 national standard:
//   GET /page/creditPublic/xzxk.html | xzcf.html | sxcjmd/sxbzxrmd.html
//       → a JS shell naming the API and its tableName, with a Set-Cookie JSESSIONID
//   GET|POST /gdcreditwebApi2//company/web/booleanQueryListByPageSimple
//       ?tableName=xzxk|xzcf|hmd&page=N&pageSize=M[&keyword=…] (POST: the same as a form body)
//       → {"code":0,"msg":"成功","data":{"rows":[…],"page":N,"pageSize":M,"totalPage":P,"total":T}},
//       newest publication first; a bad tableName/page/pageSize → {"code":1,"msg":"参数错误","data":null};
//       a `jsonArgs` parameter → 403, as the real API answers it
//   GET /page/creditPublic/detail.html?tableName=…&id=<32 hex> → a th/td table, or an HTML 404
// Other methods on these paths → 405; any other path → nullopt (the composer's).
// The session cookie is served but never required: a crawler that fetched a
// shell first would hold one, so demanding it tests nothing the crawl can miss.
// Serves the world as of `as_of`: records published by then, with their edits
// (a changed fine), removed ones gone from lists and details. Field keys,
// labels and date styles: sim/credit_templates.h and docs/simulator.md, "The credit site's URLs".
// Handle is const and thread-safe; the World must outlive the site.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "sim/civil_date.h"
#include "sim/credit_templates.h"
#include "sim/form.h"
#include "sim/http_reply.h"
#include "sim/world.h"

namespace gapwatch::sim {

class CreditSite {
 public:
  CreditSite(const World& world, CivilDate as_of);

  std::optional<HttpReply> Handle(const HttpRequest& request) const;

  // The records of a table standing on the as-of day, newest first.
  const std::vector<IndexedNotice>& standing(CreditTable table) const { return standing_[static_cast<size_t>(table)]; }
  // The JSESSIONID the shells hand out (fixed for a seed and as-of day).
  const std::string& session_id() const { return session_id_; }

 private:
  HttpReply List(const FormParams& params) const;
  HttpReply Detail(const FormParams& params) const;
  HttpReply Shell(CreditTable table) const;
  // The record's fields as shown on the as-of day.
  std::vector<CreditField> FieldsOf(CreditTable table, NoticeRef ref) const;

  const World& world_;
  CivilDate as_of_;
  // Split once by table, so that a page costs only its own rows.
  std::array<std::vector<IndexedNotice>, 3> standing_;
  std::string session_id_;
};

}  // namespace gapwatch::sim
