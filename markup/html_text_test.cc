#include "markup/html_text.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/script.h"

namespace kiji::markup {
namespace {

using corpus::TextPiece;

// The readable text: the pieces' texts joined.
std::string Text(const std::vector<TextPiece>& pieces) {
  std::string text;
  for (const TextPiece& p : pieces) text += p.text;
  return text;
}

// The page's code points [begin, end) as UTF-8.
std::string Slice(std::string_view page, uint32_t begin, uint32_t end) {
  size_t byte = 0;
  uint32_t cp = 0;
  size_t from = 0;
  for (; byte <= page.size(); ++byte) {
    if (byte == page.size() ||
        (static_cast<unsigned char>(page[byte]) & 0xC0) != 0x80) {
      if (cp == begin) from = byte;
      if (cp == end) break;
      ++cp;
    }
  }
  return std::string(page.substr(from, byte - from));
}

// Every piece lies in the page in order, and a verbatim one is the page's
// own text.
void ExpectPiecesOfPage(std::string_view page,
                        const std::vector<TextPiece>& pieces) {
  uint32_t last_end = 0;
  for (const TextPiece& p : pieces) {
    EXPECT_LE(last_end, p.orig_begin) << p.text;
    EXPECT_LE(p.orig_begin, p.orig_end) << p.text;
    EXPECT_LE(p.orig_end, corpus::CountCodePoints(page)) << p.text;
    if (p.verbatim) {
      EXPECT_EQ(Slice(page, p.orig_begin, p.orig_end), p.text);
    }
    last_end = p.orig_end;
  }
}

TEST(IsHtmlTest, ByNameOrByStart) {
  EXPECT_TRUE(IsHtml("news/a.html", "plain"));
  EXPECT_TRUE(IsHtml("A.HTM", ""));
  EXPECT_TRUE(IsHtml("x.zip!p/page.xhtml", ""));
  EXPECT_TRUE(IsHtml("a.txt", "\xEF\xBB\xBF  \n<!DOCTYPE html><p>x"));
  EXPECT_TRUE(IsHtml("a", "<HTML lang=ja>"));
  EXPECT_FALSE(IsHtml("a.txt", "<p>a paragraph is not enough</p>"));
  EXPECT_FALSE(IsHtml("html/a.txt", "本文"));
  EXPECT_FALSE(IsHtml("a.htmlx", ""));
}

TEST(HtmlTextTest, ReadsTextAndDropsCodeStylesAndNavigation) {
  const std::string page =
      "<!DOCTYPE html><html><head><title>見出し</title>"
      "<style>p{color:red}</style><script>var a = '<p>no</p>';</script>"
      "</head><body><nav>メニュー</nav><div role=\"navigation\">リンク</div>"
      "<p>本文の<b>一行目</b>。</p><!-- 注釈 --><p>二行目</p>"
      "<aside>関連</aside><footer>著作権</footer><noscript>JS</noscript>"
      "</body></html>";
  const std::vector<TextPiece> pieces = HtmlText(page);
  EXPECT_EQ(Text(pieces), "見出し\n本文の一行目。\n二行目");
  ExpectPiecesOfPage(page, pieces);
}

TEST(HtmlTextTest, ReferencesReadAsTheirCharactersAndSpanTheirSource) {
  const std::string page =
      "<p>AT&amp;T &#x682A;&#24335;会社 &lt;b&gt; R&D &copy;</p>";
  const std::vector<TextPiece> pieces = HtmlText(page);
  EXPECT_EQ(Text(pieces), "AT&T 株式会社 <b> R&D ©");
  ExpectPiecesOfPage(page, pieces);
  // "&amp;" is one piece that reads "&" and spans the five characters.
  bool found = false;
  for (const TextPiece& p : pieces) {
    if (!p.verbatim && p.text == "&") {
      EXPECT_EQ(Slice(page, p.orig_begin, p.orig_end), "&amp;");
      found = true;
    }
    if (!p.verbatim && p.text == "株") {
      EXPECT_EQ(Slice(page, p.orig_begin, p.orig_end), "&#x682A;");
    }
  }
  EXPECT_TRUE(found);
}

TEST(HtmlTextTest, CrLfReadsAsLf) {
  const std::string page = "<pre>一行目\r\n二行目\r三行目</pre>";
  const std::vector<TextPiece> pieces = HtmlText(page);
  EXPECT_EQ(Text(pieces), "一行目\n二行目\n三行目");
  ExpectPiecesOfPage(page, pieces);
}

TEST(HtmlTextTest, BlockElementsEndLinesOnce) {
  const std::string page =
      "<body>\n<div>\n  <p>一</p>\n\n  <p>二<br>三</p>\n</div>"
      "<ul><li>四</li><li>五</li></ul><span>六</span>七</body>";
  const std::vector<TextPiece> pieces = HtmlText(page);
  EXPECT_EQ(Text(pieces), "一\n二\n三\n四\n五\n六七");
  ExpectPiecesOfPage(page, pieces);
}

TEST(HtmlTextTest, TextTheParserMovesStaysInSourceOrder) {
  // Text inside a table but outside its cells is moved before the table by
  // the parser; the pieces still follow the source.
  const std::string page =
      "<table>前<tr><td>セル</td></tr>後</table><p>末尾</p>";
  const std::vector<TextPiece> pieces = HtmlText(page);
  ExpectPiecesOfPage(page, pieces);
  const std::string text = Text(pieces);
  EXPECT_NE(text.find("セル"), std::string::npos);
  EXPECT_NE(text.find("末尾"), std::string::npos);
}

TEST(HtmlTextTest, CharactersTheParserReplacesAreWholePieces) {
  // The parser reads the noncharacter U+FFFE as U+FFFD: the two share their
  // first two bytes, and the verbatim run must not end between them.
  const std::string page = "<p>前\uFFFD\uFFFE後</p>";
  const std::vector<TextPiece> pieces = HtmlText(page);
  ExpectPiecesOfPage(page, pieces);
  const std::string text = Text(pieces);
  EXPECT_EQ(text.substr(0, 6), "前\uFFFD");
  EXPECT_EQ(text.substr(text.size() - 3), "後");
}

TEST(HtmlTextTest, ThePublicationDateComesFromTheMetadata) {
  const auto date_of = [](const std::string& page) {
    std::optional<corpus::CivilDate> published;
    HtmlText(page, &published);
    return published;
  };
  EXPECT_EQ(date_of("<head><meta property=\"article:published_time\" "
                    "content=\"2021-03-04T09:00:00+09:00\"></head><p>本文</p>"),
            (corpus::CivilDate{2021, 3, 4}));
  EXPECT_EQ(date_of("<p>本文<time itemprop=\"datePublished\" "
                    "datetime=\"2019/12/31\">昨年末</time></p>"),
            (corpus::CivilDate{2019, 12, 31}));
  EXPECT_EQ(date_of("<meta name=\"DC.date\" content=\"2020-02-29\">"),
            (corpus::CivilDate{2020, 2, 29}));
  // The first wins; dates of the calendar only; other metadata is no date.
  EXPECT_EQ(date_of("<meta name=\"date\" content=\"2022-01-02\">"
                    "<meta name=\"pubdate\" content=\"2023-01-02\">"),
            (corpus::CivilDate{2022, 1, 2}));
  EXPECT_EQ(date_of("<meta name=\"date\" content=\"2021-02-29\">"),
            std::nullopt);
  EXPECT_EQ(date_of("<meta name=\"modified\" content=\"2021-02-01\">"
                    "<time datetime=\"2021-02-01\">x</time>"),
            std::nullopt);
}

TEST(HtmlTextTest, EmptyAndTextlessPages) {
  EXPECT_TRUE(HtmlText("").empty());
  EXPECT_TRUE(HtmlText("<html><script>x</script></html>").empty());
}

}  // namespace
}  // namespace kiji::markup
