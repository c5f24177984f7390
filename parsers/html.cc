#include "parsers/html.h"

#include <gumbo.h>

#include <cstdlib>
#include <memory>

#include "parsers/utf8.h"

namespace gapwatch {
namespace {

constexpr int kMaxColspan = 50;

bool IsElement(const GumboNode* node, GumboTag tag) {
  return node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == tag;
}

bool IsCell(const GumboNode* node) { return IsElement(node, GUMBO_TAG_TD) || IsElement(node, GUMBO_TAG_TH); }

bool HasTable(const GumboNode* node) {
  if (node->type != GUMBO_NODE_ELEMENT) return false;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (IsElement(child, GUMBO_TAG_TABLE) || HasTable(child)) return true;
  }
  return false;
}

bool IsDropped(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TEMPLATE;
}

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_TITLE:
      return true;
    default:
      return false;
  }
}

// Builds text with '\n' between lines and '\t' between cells; whitespace is
// written as ' ' and collapsed by Finish().
class TextBuilder {
 public:
  void Walk(const GumboNode* node, bool in_cell) {
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        AppendText(node->v.text.text);
        return;
      case GUMBO_NODE_DOCUMENT:
        WalkChildren(node->v.document.children, in_cell);
        return;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        break;
      default:  // comments
        return;
    }
    const GumboTag tag = node->v.element.tag;
    if (IsDropped(tag)) return;
    if (tag == GUMBO_TAG_BR) {
      Break(in_cell);
    } else if (tag == GUMBO_TAG_TR) {
      Break(in_cell);
      bool first_cell = true;
      const GumboVector& children = node->v.element.children;
      for (unsigned i = 0; i < children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(children.data[i]);
        if (IsCell(child) && HasTable(child)) {
          // A layout cell: its content keeps its own lines (and its tables their rows).
          Break(in_cell);
          WalkChildren(child->v.element.children, in_cell);
          Break(in_cell);
          first_cell = true;
        } else if (IsCell(child)) {
          if (!first_cell) raw_ += in_cell ? ' ' : '\t';
          first_cell = false;
          WalkChildren(child->v.element.children, true);
        } else {
          Walk(child, in_cell);
        }
      }
      Break(in_cell);
    } else if (IsBlock(tag)) {
      Break(in_cell);
      WalkChildren(node->v.element.children, in_cell);
      Break(in_cell);
    } else {
      WalkChildren(node->v.element.children, in_cell);
    }
  }

  // Lines trimmed, spaces collapsed, empty lines dropped.
  std::string Finish() const {
    std::string out;
    std::size_t start = 0;
    while (start <= raw_.size()) {
      std::size_t end = raw_.find('\n', start);
      if (end == std::string::npos) end = raw_.size();
      std::string line;
      bool has_text = false;
      std::size_t cell_start = start;
      while (cell_start <= end) {
        std::size_t cell_end = raw_.find('\t', cell_start);
        if (cell_end == std::string::npos || cell_end > end) cell_end = end;
        const std::string cell = Collapse(std::string_view(raw_).substr(cell_start, cell_end - cell_start));
        has_text |= !cell.empty();
        line += (cell_start == start ? "" : "\t") + cell;
        cell_start = cell_end + 1;
      }
      if (has_text) out += (out.empty() ? "" : "\n") + line;
      start = end + 1;
    }
    return out;
  }

 private:
  void WalkChildren(const GumboVector& children, bool in_cell) {
    for (unsigned i = 0; i < children.length; ++i) Walk(static_cast<const GumboNode*>(children.data[i]), in_cell);
  }

  void Break(bool in_cell) { raw_ += in_cell ? ' ' : '\n'; }

  void AppendText(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
      const utf8::CodePoint cp = utf8::Decode(text, pos);
      const char32_t c = cp.value;
      const bool space =
          cp.valid && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xA0 || c == 0x3000);
      if (space) {
        raw_ += ' ';
      } else {
        raw_.append(text, pos, cp.length);
      }
      pos += cp.length;
    }
  }

  static std::string Collapse(std::string_view text) {
    std::string out;
    for (char c : text) {
      if (c != ' ' || (!out.empty() && out.back() != ' ')) out += c;
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  }

  std::string raw_;
};

std::string CellText(const GumboNode* cell) {
  TextBuilder builder;
  builder.Walk(cell, true);
  return builder.Finish();
}

int Colspan(const GumboNode* cell) {
  const GumboAttribute* attribute = gumbo_get_attribute(&cell->v.element.attributes, "colspan");
  if (attribute == nullptr) return 1;
  const int span = std::atoi(attribute->value);
  return span < 1 ? 1 : span > kMaxColspan ? kMaxColspan : span;
}

// Collects the rows of the table being read: <tr>s below `node` that are not
// inside a nested table.
void CollectRows(const GumboNode* node, HtmlTable& table) {
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type != GUMBO_NODE_ELEMENT || IsElement(child, GUMBO_TAG_TABLE)) continue;
    if (!IsElement(child, GUMBO_TAG_TR)) {
      CollectRows(child, table);
      continue;
    }
    HtmlRow row;
    const GumboVector& cells = child->v.element.children;
    for (unsigned j = 0; j < cells.length; ++j) {
      const auto* cell = static_cast<const GumboNode*>(cells.data[j]);
      if (!IsCell(cell)) continue;
      const std::string text = CellText(cell);
      row.insert(row.end(), Colspan(cell), text);
    }
    table.push_back(std::move(row));
  }
}

void CollectTables(const GumboNode* node, std::vector<HtmlTable>& tables) {
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return;
  if (IsElement(node, GUMBO_TAG_TABLE)) {
    tables.emplace_back();
    CollectRows(node, tables.back());
  }
  const GumboVector& children =
      node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) CollectTables(static_cast<const GumboNode*>(children.data[i]), tables);
}

std::string TextOf(const GumboNode* node) {
  TextBuilder builder;
  builder.Walk(node, false);
  return builder.Finish();
}

std::vector<HtmlTable> TablesOf(const GumboNode* node) {
  std::vector<HtmlTable> tables;
  CollectTables(node, tables);
  return tables;
}

}  // namespace

HtmlDocument::HtmlDocument(std::string_view html)
    : output_(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size())) {}

void HtmlDocument::Deleter::operator()(GumboOutput* output) const {
  gumbo_destroy_output(&kGumboDefaultOptions, output);
}

std::string HtmlToText(std::string_view html) { return TextOf(HtmlDocument(html).root()); }

std::vector<HtmlTable> HtmlTables(std::string_view html) { return TablesOf(HtmlDocument(html).root()); }

HtmlContent ReadHtmlNode(const GumboNode* node) { return {TextOf(node), TablesOf(node)}; }

HtmlContent ReadHtml(std::string_view html) { return ReadHtmlNode(HtmlDocument(html).root()); }

}  // namespace gapwatch
