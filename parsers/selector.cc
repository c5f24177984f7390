#include "parsers/selector.h"

#include <algorithm>

#include "parsers/utf8.h"

namespace gapwatch {
namespace {

using Simple = Selector::Simple;
using Compound = Selector::Compound;
using Complex = Selector::Complex;

constexpr std::size_t kMaxNumberDigits = 9;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsIdentChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         u >= 0x80;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  std::vector<Complex> ParseList() {
    std::vector<Complex> list;
    while (true) {
      SkipSpace();
      if (AtEnd() || Peek() == ',') Fail("expected a selector");
      list.push_back(ParseComplex());
      SkipSpace();
      if (AtEnd()) break;
      if (Peek() != ',') Fail("expected ',' or end");
      ++pos_;
    }
    return list;
  }

 private:
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return s_[pos_]; }

  bool SkipSpace() {
    const std::size_t start = pos_;
    while (!AtEnd() && IsSpace(Peek())) ++pos_;
    return pos_ != start;
  }

  // 1-based code point count up to byte offset `at`.
  std::size_t Column(std::size_t at) const {
    std::size_t column = 1;
    for (std::size_t i = 0; i < at && i < s_.size();) {
      i += utf8::Decode(s_, i).length;
      ++column;
    }
    return column;
  }

  [[noreturn]] void FailAt(std::size_t at, const std::string& what, const std::string& suffix = "") const {
    throw SelectorError(
        "selector \"" + std::string(s_) + "\": " + what + " at character " + std::to_string(Column(at)) + suffix, at);
  }

  [[noreturn]] void Fail(const std::string& expected) const {
    std::string found = "end";
    if (!AtEnd()) found = "'" + std::string(s_.substr(pos_, utf8::Decode(s_, pos_).length)) + "'";
    FailAt(pos_, expected, ", found " + found);
  }

  void Expect(char c) {
    if (AtEnd() || Peek() != c) Fail(std::string("expected '") + c + "'");
    ++pos_;
  }

  std::string_view Ident() {
    const std::size_t start = pos_;
    while (!AtEnd() && IsIdentChar(Peek())) ++pos_;
    return s_.substr(start, pos_ - start);
  }

  std::string RequireIdent(const char* what) {
    const std::string_view ident = Ident();
    if (ident.empty()) Fail(std::string("expected ") + what);
    return std::string(ident);
  }

  Complex ParseComplex() {
    Complex complex;
    complex.compounds.push_back(ParseCompound());
    while (true) {
      const bool space = SkipSpace();
      if (AtEnd() || Peek() == ',') break;
      if (Peek() == '~' || Peek() == '+') FailAt(pos_, std::string("unsupported combinator '") + Peek() + "'");
      bool child = false;
      if (Peek() == '>') {
        child = true;
        ++pos_;
        SkipSpace();
      } else if (!space) {
        break;  // the list parser reports the unexpected character
      }
      complex.child.push_back(child);
      complex.compounds.push_back(ParseCompound());
    }
    return complex;
  }

  Compound ParseCompound() {
    Compound compound;
    const std::size_t start = pos_;
    if (!AtEnd() && Peek() == '*') {
      ++pos_;
    } else {
      compound.tag = Lower(Ident());
    }
    while (!AtEnd()) {
      const char c = Peek();
      if (c == '.') {
        ++pos_;
        compound.simples.push_back({Simple::Kind::kClass, RequireIdent("class name"), {}});
      } else if (c == '#') {
        ++pos_;
        compound.simples.push_back({Simple::Kind::kId, RequireIdent("id"), {}});
      } else if (c == '[') {
        compound.simples.push_back(ParseAttribute());
      } else if (c == ':') {
        compound.simples.push_back(ParsePseudo());
      } else {
        break;
      }
    }
    if (pos_ == start) Fail("expected a selector");
    // Cheap tests first: :contains walks the subtree.
    std::stable_partition(compound.simples.begin(), compound.simples.end(),
                          [](const Simple& simple) { return simple.kind != Simple::Kind::kContains; });
    return compound;
  }

  Simple ParseAttribute() {
    Expect('[');
    SkipSpace();
    Simple simple{Simple::Kind::kHasAttr, Lower(RequireIdent("attribute name")), {}};
    SkipSpace();
    if (!AtEnd() && Peek() == ']') {
      ++pos_;
      return simple;
    }
    if (!AtEnd() && Peek() == '=') {
      simple.kind = Simple::Kind::kAttrEquals;
      ++pos_;
    } else if (pos_ + 1 < s_.size() && Peek() == '*' && s_[pos_ + 1] == '=') {
      simple.kind = Simple::Kind::kAttrContains;
      pos_ += 2;
    } else {
      Fail("expected ']', '=' or '*='");
    }
    SkipSpace();
    if (!AtEnd() && (Peek() == '"' || Peek() == '\'')) {
      simple.value = ParseString();
    } else {
      simple.value = RequireIdent("attribute value");
    }
    SkipSpace();
    Expect(']');
    return simple;
  }

  Simple ParsePseudo() {
    const std::size_t start = pos_;
    Expect(':');
    const std::string name = Lower(RequireIdent("pseudo-class name"));
    Simple simple{Simple::Kind::kNthChild, {}, {}};
    if (name == "first-child") {
      simple.a = 0;
      simple.b = 1;
    } else if (name == "nth-child") {
      Expect('(');
      SkipSpace();
      ParseNth(simple);
      SkipSpace();
      Expect(')');
    } else if (name == "contains") {
      simple.kind = Simple::Kind::kContains;
      Expect('(');
      SkipSpace();
      if (AtEnd() || (Peek() != '"' && Peek() != '\'')) Fail("expected a quoted string");
      simple.value = ParseString();
      SkipSpace();
      Expect(')');
    } else {
      FailAt(start, "unsupported pseudo-class ':" + name + "'");
    }
    return simple;
  }

  long long Number() {
    const std::size_t start = pos_;
    long long value = 0;
    while (!AtEnd() && IsDigit(Peek())) {
      if (pos_ - start >= kMaxNumberDigits) Fail("number too large");
      value = value * 10 + (Peek() - '0');
      ++pos_;
    }
    return value;
  }

  // an+b | odd | even; a and b optional as in CSS ("n", "-n+3", "+5", "2n").
  void ParseNth(Simple& simple) {
    const std::size_t save = pos_;
    const std::string word = Lower(Ident());
    if (word == "odd" || word == "even") {
      simple.a = 2;
      simple.b = word == "odd" ? 1 : 0;
      return;
    }
    pos_ = save;
    long long sign = 1;
    if (!AtEnd() && (Peek() == '+' || Peek() == '-')) {
      sign = Peek() == '-' ? -1 : 1;
      ++pos_;
    }
    const bool has_digits = !AtEnd() && IsDigit(Peek());
    const long long value = Number();
    if (!AtEnd() && (Peek() == 'n' || Peek() == 'N')) {
      ++pos_;
      simple.a = sign * (has_digits ? value : 1);
      simple.b = 0;
      const std::size_t after_n = pos_;
      SkipSpace();
      if (!AtEnd() && (Peek() == '+' || Peek() == '-')) {
        const long long b_sign = Peek() == '-' ? -1 : 1;
        ++pos_;
        SkipSpace();
        if (AtEnd() || !IsDigit(Peek())) Fail("expected a number");
        simple.b = b_sign * Number();
      } else {
        pos_ = after_n;
      }
      return;
    }
    if (!has_digits) Fail("expected a number, an+b, odd or even");
    simple.a = 0;
    simple.b = sign * value;
  }

  std::string ParseString() {
    const char quote = Peek();
    ++pos_;
    std::string out;
    while (true) {
      if (AtEnd()) Fail(std::string("expected closing ") + quote);
      const char c = Peek();
      ++pos_;
      if (c == quote) break;
      if (c == '\\') {
        if (AtEnd()) Fail(std::string("expected closing ") + quote);
        out += Peek();
        ++pos_;
      } else {
        out += c;
      }
    }
    return out;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

bool IsElement(const GumboNode* node) {
  return node != nullptr && (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE);
}

const GumboNode* ParentElement(const GumboNode* node) {
  const GumboNode* parent = node->parent;
  return IsElement(parent) ? parent : nullptr;
}

std::string TagName(const GumboNode* node) {
  const GumboElement& element = node->v.element;
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  GumboStringPiece piece = element.original_tag;
  gumbo_tag_from_original_text(&piece);
  std::string_view name(piece.data == nullptr ? "" : piece.data, piece.length);
  std::size_t end = 0;
  while (end < name.size() && !IsSpace(name[end]) && name[end] != '/' && name[end] != '>') ++end;
  return Lower(name.substr(0, end));
}

const char* Attribute(const GumboNode* node, const std::string& name) {
  const GumboAttribute* attribute = gumbo_get_attribute(&node->v.element.attributes, name.c_str());
  return attribute == nullptr ? nullptr : attribute->value;
}

bool HasClass(const GumboNode* node, std::string_view name) {
  const char* value = Attribute(node, "class");
  if (value == nullptr) return false;
  const std::string_view classes(value);
  for (std::size_t pos = 0; pos < classes.size();) {
    while (pos < classes.size() && IsSpace(classes[pos])) ++pos;
    std::size_t end = pos;
    while (end < classes.size() && !IsSpace(classes[end])) ++end;
    if (end > pos && classes.substr(pos, end - pos) == name) return true;
    pos = end;
  }
  return false;
}

long long ElementIndex(const GumboNode* node) {
  const GumboNode* parent = node->parent;
  if (parent == nullptr) return 1;
  const GumboVector& siblings =
      parent->type == GUMBO_NODE_DOCUMENT ? parent->v.document.children : parent->v.element.children;
  long long index = 1;
  for (unsigned i = 0; i < siblings.length && i < node->index_within_parent; ++i) {
    if (IsElement(static_cast<const GumboNode*>(siblings.data[i]))) ++index;
  }
  return index;
}

bool MatchesNth(long long index, long long a, long long b) {
  if (a == 0) return index == b;
  const long long diff = index - b;
  return diff % a == 0 && diff / a >= 0;
}

bool MatchesSimple(const GumboNode* node, const Simple& simple) {
  switch (simple.kind) {
    case Simple::Kind::kClass:
      return HasClass(node, simple.name);
    case Simple::Kind::kId: {
      const char* id = Attribute(node, "id");
      return id != nullptr && simple.name == id;
    }
    case Simple::Kind::kHasAttr:
      return Attribute(node, simple.name) != nullptr;
    case Simple::Kind::kAttrEquals: {
      const char* value = Attribute(node, simple.name);
      return value != nullptr && simple.value == value;
    }
    case Simple::Kind::kAttrContains: {
      const char* value = Attribute(node, simple.name);
      return value != nullptr && !simple.value.empty() &&
             std::string_view(value).find(simple.value) != std::string_view::npos;
    }
    case Simple::Kind::kNthChild:
      return MatchesNth(ElementIndex(node), simple.a, simple.b);
    case Simple::Kind::kContains:
      return NodeText(node).find(simple.value) != std::string::npos;
  }
  return false;
}

bool MatchesCompound(const GumboNode* node, const Compound& compound) {
  if (!compound.tag.empty() && TagName(node) != compound.tag) return false;
  for (const Simple& simple : compound.simples) {
    if (!MatchesSimple(node, simple)) return false;
  }
  return true;
}

// kGlobalMiss: no ancestor further up can help either (the ancestors ran out),
// so a descendant combinator to the right stops trying. Keeps deep pages from
// making `div div div …` exponential (the scheme Servo and WebKit use).
enum class Match { kYes, kNo, kGlobalMiss };

Match MatchesComplex(const GumboNode* node, const Complex& complex, std::size_t index) {
  if (!MatchesCompound(node, complex.compounds[index])) return Match::kNo;
  if (index == 0) return Match::kYes;
  if (complex.child[index - 1]) {
    const GumboNode* parent = ParentElement(node);
    return parent == nullptr ? Match::kGlobalMiss : MatchesComplex(parent, complex, index - 1);
  }
  for (const GumboNode* ancestor = ParentElement(node); ancestor != nullptr; ancestor = ParentElement(ancestor)) {
    const Match result = MatchesComplex(ancestor, complex, index - 1);
    if (result != Match::kNo) return result;
  }
  return Match::kGlobalMiss;
}

const GumboVector* Children(const GumboNode* node) {
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  if (IsElement(node)) return &node->v.element.children;
  return nullptr;
}

}  // namespace

Selector Selector::Parse(std::string_view text) {
  Selector selector;
  selector.text_ = std::string(text);
  selector.list_ = Parser(text).ParseList();
  return selector;
}

bool Selector::Matches(const GumboNode* node) const {
  if (!IsElement(node)) return false;
  for (const Complex& complex : list_) {
    if (MatchesComplex(node, complex, complex.compounds.size() - 1) == Match::kYes) return true;
  }
  return false;
}

std::vector<const GumboNode*> Selector::Select(const GumboNode* root) const {
  std::vector<const GumboNode*> out;
  if (root == nullptr) return out;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (Matches(node)) out.push_back(node);
    if (const GumboVector* children = Children(node)) {
      for (unsigned i = children->length; i > 0; --i)
        stack.push_back(static_cast<const GumboNode*>(children->data[i - 1]));
    }
  }
  return out;
}

std::string NodeText(const GumboNode* node) {
  std::string out;
  bool space = false;
  if (node == nullptr) return out;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    const GumboNode* current = stack.back();
    stack.pop_back();
    switch (current->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE: {
        const std::string_view text(current->v.text.text);
        for (std::size_t pos = 0; pos < text.size();) {
          const utf8::CodePoint cp = utf8::Decode(text, pos);
          const char32_t c = cp.value;
          if (cp.valid && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xA0 || c == 0x3000)) {
            space = true;
          } else {
            if (space && !out.empty()) out += ' ';
            space = false;
            out.append(text, pos, cp.length);
          }
          pos += cp.length;
        }
        break;
      }
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        if (current->v.element.tag == GUMBO_TAG_SCRIPT || current->v.element.tag == GUMBO_TAG_STYLE) break;
        [[fallthrough]];
      case GUMBO_NODE_DOCUMENT: {
        const GumboVector* children = Children(current);
        for (unsigned i = children->length; i > 0; --i)
          stack.push_back(static_cast<const GumboNode*>(children->data[i - 1]));
        break;
      }
      case GUMBO_NODE_COMMENT:
        break;
    }
  }
  return out;
}

}  // namespace gapwatch
