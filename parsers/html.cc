#include "parsers/html.h"

#include <gumbo.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <memory>

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

// Builds text with '\n' between lines and '\t' between cells as it walks:
// runs of whitespace become one space, written only before the next text of
// the same cell, so cells come out trimmed and collapsed; a line that ends
// without text is taken back.
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
          if (!first_cell) in_cell ? Space() : NextCell();
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

  // The text: lines joined by '\n', without a last one.
  std::string Finish() && {
    EndLine();
    if (!out_.empty()) out_.pop_back();
    return std::move(out_);
  }

 private:
  void WalkChildren(const GumboVector& children, bool in_cell) {
    for (unsigned i = 0; i < children.length; ++i) Walk(static_cast<const GumboNode*>(children.data[i]), in_cell);
  }

  void Break(bool in_cell) { in_cell ? Space() : EndLine(); }

  void Space() { space_pending_ = true; }

  void NextCell() {
    out_ += '\t';
    cell_start_ = out_.size();
    space_pending_ = false;
  }

  void EndLine() {
    if (line_has_text_) {
      out_ += '\n';
    } else {
      out_.resize(line_start_);
    }
    line_start_ = cell_start_ = out_.size();
    line_has_text_ = space_pending_ = false;
  }

  void Append(std::string_view bytes) {
    if (bytes.empty()) return;
    if (space_pending_ && out_.size() > cell_start_) out_ += ' ';
    space_pending_ = false;
    out_ += bytes;
    line_has_text_ = true;
  }

  // Whitespace: ASCII's, U+00A0 (&nbsp;) and U+3000; Gumbo's text is UTF-8.
  void AppendText(std::string_view text) {
    std::size_t run = 0;  // start of the bytes not yet appended
    for (std::size_t pos = 0; pos < text.size();) {
      const auto byte = static_cast<unsigned char>(text[pos]);
      std::size_t space = 0;
      if (byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r' || byte == '\f') {
        space = 1;
      } else if (byte == 0xC2 && text.substr(pos, 2) == "\u00A0") {
        space = 2;
      } else if (byte == 0xE3 && text.substr(pos, 3) == "\u3000") {
        space = 3;
      }
      if (space == 0) {
        ++pos;
        continue;
      }
      Append(text.substr(run, pos - run));
      Space();
      pos += space;
      run = pos;
    }
    Append(text.substr(run));
  }

  std::string out_;
  std::size_t line_start_ = 0;
  std::size_t cell_start_ = 0;
  bool line_has_text_ = false;
  bool space_pending_ = false;
};

std::string CellText(const GumboNode* cell) {
  TextBuilder builder;
  builder.Walk(cell, true);
  return std::move(builder).Finish();
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
  return std::move(builder).Finish();
}

std::vector<HtmlTable> TablesOf(const GumboNode* node) {
  std::vector<HtmlTable> tables;
  CollectTables(node, tables);
  return tables;
}

}  // namespace

// Gumbo allocates node by node and grows its vectors and buffers by
// allocate, copy, free: from malloc that is a seventh of its parse. Here each
// allocation moves a pointer, and nothing is freed before the document is.
class HtmlDocument::Arena {
 public:
  static void* Allocate(void* arena, std::size_t size) { return static_cast<Arena*>(arena)->Take(size); }
  static void Release(void*, void*) {}

 private:
  static constexpr std::size_t kAlignment = alignof(std::max_align_t);
  static constexpr std::size_t kLargestBlock = std::size_t{1} << 20;

  void* Take(std::size_t size) {
    size = (size + kAlignment - 1) & ~(kAlignment - 1);
    if (size > left_) {
      block_size_ = std::min(block_size_ * 2, kLargestBlock);
      const std::size_t bytes = std::max(block_size_, size);
      blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(bytes));
      next_ = blocks_.back().get();
      left_ = bytes;
    }
    void* taken = next_;
    next_ += size;
    left_ -= size;
    return taken;
  }

  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::byte* next_ = nullptr;
  std::size_t left_ = 0;
  std::size_t block_size_ = 8 * 1024;
};

HtmlDocument::HtmlDocument(std::string_view html) : arena_(std::make_unique<Arena>()) {
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &Arena::Allocate;
  options.deallocator = &Arena::Release;
  options.userdata = arena_.get();
  options.max_errors = 0;  // nobody reads them
  output_ = gumbo_parse_with_options(&options, html.data(), html.size());
}

HtmlDocument::HtmlDocument(HtmlDocument&&) noexcept = default;
HtmlDocument& HtmlDocument::operator=(HtmlDocument&&) noexcept = default;
HtmlDocument::~HtmlDocument() = default;  // the arena holds the whole output

std::string HtmlToText(std::string_view html) { return TextOf(HtmlDocument(html).root()); }

std::vector<HtmlTable> HtmlTables(std::string_view html) { return TablesOf(HtmlDocument(html).root()); }

HtmlContent ReadHtmlNode(const GumboNode* node) { return {TextOf(node), TablesOf(node)}; }

HtmlContent ReadHtml(std::string_view html) { return ReadHtmlNode(HtmlDocument(html).root()); }

}  // namespace gapwatch
