// CSS selectors over a Gumbo DOM, the subset that sites.yaml rules use:
//   type selectors (`div`, case-insensitive) and `*`; `.class` (one of the
//   whitespace-separated words of the class attribute); `#id`; `[attr]`;
//   `[attr=value]` and `[attr*=value]` (value quoted with ' or ", or an
//   unquoted identifier; attribute names case-insensitive, values
//   case-sensitive); compound selectors (`div.a#b[x]`); the descendant
//   (whitespace) and child (`>`) combinators; `:first-child`;
//   `:nth-child(an+b)` (`3`, `odd`, `even`, `2n+1`, `-n+3`, …; 1-based,
//   counting element siblings only); `:contains("text")` (NodeText of the
//   element contains the string as given, byte for byte); and selector lists
//   separated by ','. Identifiers are runs of [A-Za-z0-9_-] and non-ASCII
//   characters; CSS escapes are not supported. Inside a quoted string a
//   backslash takes the next character literally.
//
// Parse throws SelectorError for anything else (`~`, `+`, other pseudo-classes,
// unbalanced brackets, parentheses or quotes, an empty selector or list item,
// a trailing comma, a number of more than 9 digits). position() is the 0-based
// byte offset of the offending character in the text (text.size() for an
// unexpected end); what() says what was expected there and what was found,
// e.g. `selector "a[href": expected ']', '=' or '*=' at character 7, found
// end` or `selector "a ~ b": unsupported combinator '~' at character 3`, where
// the character number is 1-based and counts UTF-8 code points. The caller
// adds file, line and key.
//
// Select(root) returns the elements among root (when it is an element) and
// its descendants that match any selector of the list, in document order,
// each at most once. Combinators may look at ancestors above root (as
// querySelectorAll does). Matches(node) tests one node. `[attr*=""]` matches
// nothing (as in CSS); `:contains("")` matches every element.
//
// NodeText: the concatenated text of the node's descendant text nodes (like
// DOM textContent, but script and style contents and comments are skipped),
// with runs of whitespace (incl. U+00A0 and U+3000) collapsed to one space
// and the ends trimmed. UTF-8 in, UTF-8 out.
//
// A Selector is immutable after Parse: Select is thread-safe. Select does not
// modify the tree; the tree must outlive the returned pointers.
#pragma once
#include <gumbo.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gapwatch {

class SelectorError : public std::invalid_argument {
 public:
  SelectorError(const std::string& message, std::size_t position)
      : std::invalid_argument(message), position_(position) {}
  std::size_t position() const { return position_; }  // 0-based byte offset

 private:
  std::size_t position_;
};

class Selector {
 public:
  static Selector Parse(std::string_view text);  // throws SelectorError

  std::vector<const GumboNode*> Select(const GumboNode* root) const;
  bool Matches(const GumboNode* node) const;  // false for non-elements
  const std::string& text() const { return text_; }

  // Parsed form; public so that the parser in selector.cc can build it.
  struct Simple {
    enum class Kind { kClass, kId, kHasAttr, kAttrEquals, kAttrContains, kNthChild, kContains };
    Kind kind;
    std::string name;        // class, id, attribute name (lower case)
    std::string value;       // attribute value or :contains text
    long long a = 0, b = 0;  // :nth-child(an+b); :first-child is a=0, b=1
  };
  struct Compound {
    std::string tag;  // lower case; empty for `*` or none
    std::vector<Simple> simples;
  };
  struct Complex {
    std::vector<Compound> compounds;  // left to right
    std::vector<bool> child;          // child[i]: '>' between compounds[i] and [i+1]
  };

 private:
  std::string text_;
  std::vector<Complex> list_;
};

// Element (or any node) text, whitespace collapsed; see above.
std::string NodeText(const GumboNode* node);

}  // namespace gapwatch
