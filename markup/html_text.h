// The readable text of a web page, as pieces of its source, so that every
// mention found in the text points into the page itself.
//
// The page is parsed by Gumbo, an HTML5 parser (Debian's libgumbo), whose
// nodes carry their source positions. Text is read in document order; the
// contents of script, style, noscript, template, iframe, object, svg, math,
// canvas, form controls and of navigation (nav, aside, footer, any element
// with role="navigation") are dropped, and so are comments. A block element
// (p, div, li, h1, br, td, title ...) ends a line: the markup between two
// lines reads as one "\n". Character references (`&amp;`, `&#x3042;`) read
// as the characters they stand for, CR LF as LF.
//
// The page's publication date is read from its metadata where it has one:
// the first <meta> whose property, name or itemprop is
// article:published_time, datePublished, pubdate, publishdate, date,
// dc.date or dc.date.issued, or <time datetime> marked pubdate or
// itemprop="datePublished"; its value starts with YYYY-MM-DD (or
// YYYY/MM/DD).
//
// Thread-safety: the functions are pure and may be called concurrently.
#ifndef KIJI_MARKUP_HTML_TEXT_H_
#define KIJI_MARKUP_HTML_TEXT_H_

#include <optional>
#include <string_view>
#include <vector>

#include "corpus/document.h"

namespace kiji::markup {

// True when a document is a web page: by its name (`.html`, `.htm`,
// `.xhtml`, `.shtml`, any case) or, whatever its name, by its start: after a
// byte-order mark and white space, `<!DOCTYPE html` or `<html` (any case).
bool IsHtml(std::string_view path, std::string_view text);

// The readable text of the page `html` (valid UTF-8), in order, as pieces
// of it: each with the code-point span of `html` it covers (increasing,
// never overlapping). A verbatim piece is a run of `html` itself; the
// others are a character reference, a CR LF, or the markup between two
// lines read as "\n".
// When `published` is given, it is set to the page's publication date, or
// nullopt when the page gives none (or none that is a date).
std::vector<corpus::TextPiece> HtmlText(
    std::string_view html,
    std::optional<corpus::CivilDate>* published = nullptr);

}  // namespace kiji::markup

#endif  // KIJI_MARKUP_HTML_TEXT_H_
