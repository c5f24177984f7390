// Fuzz target: Selector::Parse on arbitrary text and, when it parses, Select
// and Matches over a small document. The input up to its first NUL byte is the
// selector; what follows, if anything, is the HTML document (else a fixed one
// with classes, ids, attributes, nested lists and tables, and non-ASCII text).
// SelectorError is the documented answer to a bad selector (its position()
// must lie within the text); any other exception, crash, leak or hang is a
// bug, and so is a selected element that Matches denies, one selected twice or
// out of document order.
#include "parsers/selector.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/html.h"

namespace {

constexpr char kDocument[] = R"html(<!DOCTYPE html><html><head><title>采购公告</title>
<style>.x{}</style><script>var a = "<li>";</script></head><body>
<div id="content" class="noticeArea main  x"><h1 class="info-title">韶关市 招标公告</h1>
<span id="f_noticeTime">发布时间：2024-01-02 10:00:00</span>
<ul class="m_m_c_list comlist-wgk "><li><a href="/showNotice/id/1.html" title="一">一</a><em>2024-01-01</em></li>
<li class="odd"><a href="./202401/t20240101_2.html" title="二、中标结果公示">二</a></li>
<li><a href="javascript:void(0)">三</a><!-- <a href="x"> --></li></ul>
<table class="xx-table m_m_dljg" id="dataList"><tr class="listRow"><th>项目</th><td>供应商名称</td><td align="center">x</td></tr>
<tr class="listAlternatingRow"><td>1</td><td>甲公司</td><td data-x="a b">１２３</td></tr>
<tr><td colspan="2"><table><tr><td>嵌套</td></tr></table></td></tr></table>
<p>供应商：<span title="乙公司">乙</span></p><div class="page"><span>共3页</span></div>
<div class="article-content TRS_PreAppend"><p>&nbsp;项目编号：ＳＧ-001&#12288;</p></div></div>
</body></html>)html";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = input.find('\0');
  const std::string_view text = input.substr(0, nul);
  gapwatch::Selector selector;
  try {
    selector = gapwatch::Selector::Parse(text);
  } catch (const gapwatch::SelectorError& error) {
    if (error.position() > text.size()) {
      std::fprintf(stderr, "SelectorError position %zu past the text (%zu bytes): %s\n", error.position(), text.size(),
                   error.what());
      std::abort();
    }
    return 0;
  }
  const gapwatch::HtmlDocument document(nul == std::string_view::npos ? std::string_view(kDocument)
                                                                      : input.substr(nul + 1));
  const std::vector<const GumboNode*> selected = selector.Select(document.root());
  std::set<const GumboNode*> seen;
  for (const GumboNode* node : selected) {
    if (!seen.insert(node).second) {
      std::fprintf(stderr, "Select returned an element twice\n");
      std::abort();
    }
    if (!selector.Matches(node)) {
      std::fprintf(stderr, "Select returned an element that Matches denies\n");
      std::abort();
    }
    (void)gapwatch::NodeText(node);
  }
  for (std::size_t i = 1; i < selected.size(); ++i) {
    // Document order: Gumbo numbers elements by their start position in the source.
    const GumboNode* before = selected[i - 1];
    const GumboNode* after = selected[i];
    if (before->parse_flags == GUMBO_INSERTION_NORMAL && after->parse_flags == GUMBO_INSERTION_NORMAL &&
        before->v.element.start_pos.offset > after->v.element.start_pos.offset) {
      std::fprintf(stderr, "Select returned elements out of document order\n");
      std::abort();
    }
  }
  (void)gapwatch::NodeText(document.root());
  return 0;
}
