// HTML to text and tables, through Gumbo (an HTML5 parser: any input parses,
// fragments included). Input and output are UTF-8. Pure functions,
// thread-safe.
//
// HtmlToText: one line per block (p, div, h1–h6, li, tr, table, …; br breaks a
//   line), the cells of a table row separated by '\t'. Inside a cell, blocks
//   flatten to spaces so that a row stays on one line; but a cell that holds a
//   table is layout, not data: its content keeps its lines, and its tables
//   their rows. Runs of whitespace (incl. &nbsp; and U+3000) become one space;
//   lines and cells are trimmed; empty lines are dropped. script, style and
//   comments are dropped.
// HtmlTables: every <table> in document order (a nested table is listed after
//   its outer table, and its rows are not the outer table's rows). A table is
//   its rows, a row its cells' texts (whitespace collapsed as above; a cell
//   holding a nested table has that table's text). A cell with colspan=N
//   appears N times (at most 50) so that columns line up; rowspan is ignored.
#pragma once
#include <gumbo.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gapwatch {

using HtmlRow = std::vector<std::string>;
using HtmlTable = std::vector<HtmlRow>;

std::string HtmlToText(std::string_view html);
std::vector<HtmlTable> HtmlTables(std::string_view html);

// Both at once, from one parse (the extractor needs both of every detail).
struct HtmlContent {
  std::string text;
  std::vector<HtmlTable> tables;
};
HtmlContent ReadHtml(std::string_view html);

// A parsed document, for callers that select parts of it (parsers/selector.h)
// before reading their text and tables. Immutable once parsed: thread-safe.
// Gumbo's allocations for it come from one arena, freed with the document.
class HtmlDocument {
 public:
  explicit HtmlDocument(std::string_view html);
  HtmlDocument(HtmlDocument&&) noexcept;
  HtmlDocument& operator=(HtmlDocument&&) noexcept;
  ~HtmlDocument();
  const GumboNode* root() const { return output_->document; }

 private:
  class Arena;
  std::unique_ptr<Arena> arena_;
  GumboOutput* output_ = nullptr;  // in arena_
};

// The text and tables of one node and its descendants (the document node, or
// an element), as HtmlToText and HtmlTables read a whole document.
HtmlContent ReadHtmlNode(const GumboNode* node);

}  // namespace gapwatch
