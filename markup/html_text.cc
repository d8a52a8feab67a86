#include "markup/html_text.h"

#include <gumbo.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"

namespace kiji::markup {
namespace {

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return absl::ascii_tolower(static_cast<unsigned char>(x)) ==
                  absl::ascii_tolower(static_cast<unsigned char>(y));
         });
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         EqualsNoCase(text.substr(0, prefix.size()), prefix);
}

// Elements whose content is not read: code, styling, embedded objects,
// form controls and navigation.
bool Dropped(const GumboElement& element) {
  switch (element.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
      return true;
    default:
      break;
  }
  const GumboAttribute* role = gumbo_get_attribute(&element.attributes, "role");
  return role != nullptr && EqualsNoCase(role->value, "navigation");
}

// Elements that start and end a line of text.
bool EndsLine(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
      return true;
    default:
      return false;
  }
}

bool IsDigit(char c, bool hex) {
  return hex ? absl::ascii_isxdigit(static_cast<unsigned char>(c))
             : absl::ascii_isdigit(static_cast<unsigned char>(c));
}

// The length of the character reference that may start at `source[i]`
// ('&'): `&#123;`, `&#x1F;`, `&name;`, the ';' optional as in HTML; 0 when
// none does.
size_t ReferenceLength(std::string_view source, size_t i) {
  size_t k = i + 1;
  size_t first = k;
  if (k < source.size() && source[k] == '#') {
    ++k;
    const bool hex =
        k < source.size() && (source[k] == 'x' || source[k] == 'X');
    if (hex) ++k;
    first = k;
    while (k < source.size() && IsDigit(source[k], hex)) ++k;
  } else {
    while (k < source.size() && k - i <= 40 &&
           absl::ascii_isalnum(static_cast<unsigned char>(source[k]))) {
      ++k;
    }
  }
  if (k == first) return 0;
  if (k < source.size() && source[k] == ';') ++k;
  return k - i;
}

// Bytes of the first `chars` code points of `text` from `at` (fewer at its
// end).
size_t CodePointBytes(std::string_view text, size_t at, int chars) {
  size_t k = at;
  for (int c = 0; c < chars && k < text.size(); ++c) {
    ++k;
    while (k < text.size() &&
           (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80) {
      ++k;
    }
  }
  return k - at;
}

// True when the source from `i` and the decoded text from `j` read the same
// up to the next reference or CR of the source (or 16 bytes), and end
// together if either ends there.
bool Agree(std::string_view source, size_t i, std::string_view decoded,
           size_t j) {
  size_t m = 0;
  while (i + m < source.size() && j + m < decoded.size() && m < 16 &&
         source[i + m] != '&' && source[i + m] != '\r') {
    if (source[i + m] != decoded[j + m]) return false;
    ++m;
  }
  if (m < 16 && (i + m == source.size() || j + m == decoded.size())) {
    return (i + m == source.size()) == (j + m == decoded.size());
  }
  return true;
}

// "YYYY-MM-DD..." or "YYYY/MM/DD..." as a date of the calendar.
std::optional<corpus::CivilDate> LeadingDate(std::string_view v) {
  while (!v.empty() && absl::ascii_isspace(static_cast<unsigned char>(v[0]))) {
    v.remove_prefix(1);
  }
  if (v.size() < 10 || (v[4] != '-' && v[4] != '/') || v[7] != v[4]) {
    return std::nullopt;
  }
  int parts[3] = {0, 0, 0};
  const size_t begin[3] = {0, 5, 8};
  const size_t length[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (size_t k = 0; k < length[p]; ++k) {
      const char c = v[begin[p] + k];
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
        return std::nullopt;
      }
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  const int year = parts[0], month = parts[1], day = parts[2];
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      day > (month == 2 && !leap ? 28 : kDays[month - 1])) {
    return std::nullopt;
  }
  return corpus::CivilDate{year, month, day};
}

std::string_view Attribute(const GumboElement& element, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&element.attributes, name);
  return a != nullptr ? std::string_view(a->value) : std::string_view();
}

// The publication date an element gives, if it is one of the metadata the
// file comment lists.
std::optional<corpus::CivilDate> PublishedDate(const GumboElement& element) {
  if (element.tag == GUMBO_TAG_META) {
    for (const char* key : {"property", "name", "itemprop"}) {
      const std::string_view k = Attribute(element, key);
      for (std::string_view known :
           {"article:published_time", "datePublished", "pubdate", "publishdate",
            "date", "dc.date", "dc.date.issued"}) {
        if (EqualsNoCase(k, known)) {
          return LeadingDate(Attribute(element, "content"));
        }
      }
    }
  } else if (element.tag == GUMBO_TAG_TIME &&
             (gumbo_get_attribute(&element.attributes, "pubdate") != nullptr ||
              EqualsNoCase(Attribute(element, "itemprop"), "datePublished"))) {
    return LeadingDate(Attribute(element, "datetime"));
  }
  return std::nullopt;
}

// A piece in bytes of the page, before code points are counted.
struct BytePiece {
  size_t begin;
  size_t end;
  std::string text;
  bool verbatim;
};

// Walks the parse tree in document order and collects the text.
class TextCollector {
 public:
  explicit TextCollector(std::string_view html) : html_(html) {}

  void Visit(const GumboNode& node) {
    switch (node.type) {
      case GUMBO_NODE_DOCUMENT:
        VisitChildren(node.v.document.children);
        break;
      case GUMBO_NODE_ELEMENT: {
        const GumboElement& element = node.v.element;
        if (!published_) published_ = PublishedDate(element);
        if (Dropped(element)) break;
        const bool line = EndsLine(element.tag);
        line_pending_ |= line;
        VisitChildren(element.children);
        line_pending_ |= line;
        break;
      }
      case GUMBO_NODE_TEXT:
        AddText(node.v.text, /*whitespace=*/false);
        break;
      case GUMBO_NODE_WHITESPACE:
        AddText(node.v.text, /*whitespace=*/true);
        break;
      default:  // comments, templates; CDATA only occurs in svg and math
        break;
    }
  }

  std::vector<BytePiece> Take() { return std::move(pieces_); }
  const std::optional<corpus::CivilDate>& published() const {
    return published_;
  }

 private:
  void VisitChildren(const GumboVector& children) {
    for (unsigned i = 0; i < children.length; ++i) {
      Visit(*static_cast<const GumboNode*>(children.data[i]));
    }
  }

  void AddText(const GumboText& text, bool whitespace) {
    const GumboStringPiece& source = text.original_text;
    if (source.data == nullptr || source.length == 0 ||
        source.data < html_.data() ||
        source.data + source.length > html_.data() + html_.size()) {
      return;  // not from the page (never seen; kept out of the offsets)
    }
    // White space between lines adds nothing to the line break.
    if (whitespace && (pieces_.empty() || line_pending_ || last_ == '\n')) {
      return;
    }
    const auto begin = static_cast<size_t>(source.data - html_.data());
    if (line_pending_ && !pieces_.empty() && last_ != '\n') {
      // The markup since the last text reads as the line break.
      Add(std::min(end_, begin), begin, "\n", /*verbatim=*/false);
    }
    line_pending_ = false;
    Align(begin, std::string_view(source.data, source.length),
          text.text != nullptr ? std::string_view(text.text) : "");
  }

  // Cuts a text node into verbatim runs and the references and CRs between
  // them, from its source and its decoded text. What cannot be aligned (a
  // character the parser replaced, such as NUL or a noncharacter) reads as
  // one piece to the node's end.
  void Align(size_t begin, std::string_view source, std::string_view decoded) {
    size_t i = 0, j = 0, run = 0;
    auto flush = [&] {
      if (i > run) {
        Add(begin + run, begin + i, source.substr(run, i - run), true);
      }
    };
    while (i < source.size() && j < decoded.size()) {
      const char c = source[i];
      const bool literal_ampersand =
          decoded[j] == '&' && Agree(source, i + 1, decoded, j + 1);
      if (c == '&' && !literal_ampersand) {
        const size_t length = ReferenceLength(source, i);
        size_t bytes = 0;
        for (int chars = 1; length > 0 && chars <= 2 && bytes == 0; ++chars) {
          const size_t b = CodePointBytes(decoded, j, chars);
          if (Agree(source, i + length, decoded, j + b)) bytes = b;
        }
        if (bytes == 0) break;
        flush();
        Add(begin + i, begin + i + length, decoded.substr(j, bytes), false);
        i += length;
        j += bytes;
        run = i;
      } else if (c == '\r' && decoded[j] == '\n') {
        flush();
        const size_t length =
            i + 1 < source.size() && source[i + 1] == '\n' ? 2 : 1;
        Add(begin + i, begin + i + length, "\n", false);
        i += length;
        j += 1;
        run = i;
      } else if (c == decoded[j]) {
        ++i;
        ++j;
      } else {
        break;
      }
    }
    // A run ends on a character boundary (the parser replaces some
    // characters, such as noncharacters, by U+FFFD: their first bytes
    // agree). The bytes since `run` agreed one for one.
    while (i > run && i < source.size() &&
           (static_cast<unsigned char>(source[i]) & 0xC0) == 0x80) {
      --i;
      --j;
    }
    flush();
    if (i < source.size() || j < decoded.size()) {
      Add(begin + i, begin + source.size(), decoded.substr(j), false);
    }
  }

  void Add(size_t begin, size_t end, std::string_view text, bool verbatim) {
    if (text.empty()) return;  // reads as nothing: left out like markup
    pieces_.push_back({begin, end, std::string(text), verbatim});
    end_ = end;
    last_ = text.back();
  }

  std::string_view html_;
  std::vector<BytePiece> pieces_;
  bool line_pending_ = false;
  size_t end_ = 0;                              // source end of the last piece
  char last_ = 0;                               // last byte of the text so far
  std::optional<corpus::CivilDate> published_;  // the first date met
};

}  // namespace

bool IsHtml(std::string_view path, std::string_view text) {
  const size_t slash = path.rfind('/');
  const std::string_view name =
      slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot != std::string_view::npos) {
    const std::string_view ext = name.substr(dot + 1);
    for (std::string_view html : {"html", "htm", "xhtml", "shtml"}) {
      if (EqualsNoCase(ext, html)) return true;
    }
  }
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  while (!text.empty() &&
         absl::ascii_isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  return StartsWithNoCase(text, "<!doctype html") ||
         StartsWithNoCase(text, "<html");
}

std::vector<corpus::TextPiece> HtmlText(
    std::string_view html, std::optional<corpus::CivilDate>* published) {
  GumboOutput* output =
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  TextCollector collector(html);
  collector.Visit(*output->document);
  std::vector<BytePiece> pieces = collector.Take();
  if (published != nullptr) *published = collector.published();
  gumbo_destroy_output(&kGumboDefaultOptions, output);

  // In source order, without overlaps (the parser may move text, such as
  // text inside a table but outside its cells, before the table).
  std::stable_sort(
      pieces.begin(), pieces.end(),
      [](const BytePiece& a, const BytePiece& b) { return a.begin < b.begin; });
  std::vector<corpus::TextPiece> out;
  out.reserve(pieces.size());
  size_t byte = 0;
  uint32_t cp = 0;
  auto seek = [&](size_t target) {
    for (; byte < target; ++byte) {
      if ((static_cast<unsigned char>(html[byte]) & 0xC0) != 0x80) ++cp;
    }
    return cp;
  };
  size_t covered = 0;
  for (BytePiece& p : pieces) {
    if (p.begin < covered) continue;
    corpus::TextPiece& piece = out.emplace_back();
    piece.orig_begin = seek(p.begin);
    piece.orig_end = seek(p.end);
    piece.text = std::move(p.text);
    piece.verbatim = p.verbatim;
    covered = p.end;
  }
  return out;
}

}  // namespace kiji::markup
