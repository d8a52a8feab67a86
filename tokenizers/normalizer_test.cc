#include "tokenizers/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <ios>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "corpus/document.h"
#include "corpus/offset_map.h"
#include "gtest/gtest.h"

namespace kiji::tokenizers {
namespace {

using corpus::OffsetMap;

std::unique_ptr<Normalizer> MakeNormalizer(
    const NormalizerOptions& options = {}) {
  auto normalizer = Normalizer::Create(options);
  EXPECT_TRUE(normalizer.ok()) << normalizer.status();
  return normalizer.ok() ? std::move(normalizer).value() : nullptr;
}

std::string Normalize(const Normalizer& normalizer, std::string_view text) {
  std::string out;
  OffsetMap map;
  normalizer.Normalize(text, &out, &map);
  return out;
}

const uint8_t* Bytes(std::string_view text) {
  return reinterpret_cast<const uint8_t*>(text.data());
}

// Byte offset of code point `index` in UTF-8 `text` (text.size() past the end).
size_t ByteOfChar(std::string_view text, uint32_t index) {
  size_t i = 0;
  for (uint32_t k = 0; k < index && i < text.size(); ++k) {
    U8_FWD_1_UNSAFE(Bytes(text), i);
  }
  return i;
}

uint32_t CountChars(std::string_view text) {
  uint32_t n = 0;
  for (size_t i = 0; i < text.size(); ++n) {
    UChar32 c;
    U8_NEXT(Bytes(text), i, text.size(), c);
  }
  return n;
}

std::string_view OriginalSubstr(std::string_view text,
                                std::pair<uint32_t, uint32_t> span) {
  const size_t b = ByteOfChar(text, span.first);
  const size_t e = ByteOfChar(text, span.second);
  return text.substr(b, e - b);
}

struct RuleCase {
  const char* input;
  const char* expected;
};

void CheckRules(const Normalizer& normalizer,
                const std::vector<RuleCase>& cases) {
  for (const RuleCase& c : cases) {
    SCOPED_TRACE(testing::Message() << "input \"" << c.input << "\"");
    EXPECT_EQ(Normalize(normalizer, c.input), c.expected);
  }
}

TEST(NormalizerTest, PiecesOfAPageMapBackIntoThePage) {
  auto normalizer = MakeNormalizer();
  // "<p>ＡＢＣ&amp;株式会社</p><p>二行目</p>": the text pieces a page
  // gives (markup/html_text.h): two verbatim runs, a reference, a line.
  const std::string page = "<p>ＡＢＣ&amp;株式会社</p><p>二行目</p>";
  const std::vector<corpus::TextPiece> pieces = {
      {3, 6, "ＡＢＣ", true},
      {6, 11, "&", false},
      {11, 15, "株式会社", true},
      {15, 22, "\n", false},
      {22, 25, "二行目", true},
  };
  std::string out;
  OffsetMap map;
  normalizer->NormalizePieces(pieces, CountChars(page), &out, &map);
  EXPECT_EQ(out, "ABC&株式会社\n二行目");
  EXPECT_EQ(map.OriginalChars(), CountChars(page));
  // "C" is the page's "Ｃ"; "&" is all of "&amp;"; "株式会社" its own.
  EXPECT_EQ(map.ToOriginalSpan(2, 3), std::make_pair(5u, 6u));
  EXPECT_EQ(map.ToOriginalSpan(3, 4), std::make_pair(6u, 11u));
  const size_t kabu = out.find("株式会社");
  EXPECT_EQ(map.ToOriginalSpan(kabu, kabu + 12), std::make_pair(11u, 15u));
  const size_t second = out.find("二行目");
  EXPECT_EQ(map.ToOriginalSpan(second, second + 9), std::make_pair(22u, 25u));
  // The markup before the first piece and after the last maps nowhere.
  EXPECT_EQ(map.ToOriginal(0), 3u);
}

TEST(NormalizerTest, CreateRejectsInconsistentOptions) {
  NormalizerOptions options;
  options.normalize_spaces = false;
  const auto normalizer = Normalizer::Create(options);
  EXPECT_EQ(normalizer.status().code(), absl::StatusCode::kInvalidArgument);
  options.remove_cjk_spaces = false;
  EXPECT_TRUE(Normalizer::Create(options).ok());
}

TEST(NormalizerTest, Nfkc) {
  const auto normalizer = MakeNormalizer();
  ASSERT_NE(normalizer, nullptr);
  CheckRules(*normalizer,
             {
                 {"２０２４", "2024"},
                 {"（株）", "(株)"},
                 {"１，０００円", "1,000円"},
                 {"ｶﾞｿﾘﾝ", "ガソリン"},
                 {"ﾊﾟﾝ", "パン"},
                 {"㋀", "1月"},
                 {"①", "1"},
                 {"㍻", "平成"},
                 {"Ａ＝Ｂ", "A=B"},
                 {"ｺﾝﾋﾟｭｰﾀ･ｼｽﾃﾑ", "コンピュータ・システム"},
                 {"Ｃ＋＋", "C++"},
                 {"e\u0301", "\u00e9"},  // composed
                 {"か\u3099", "が"},     // combining voiced mark composes
                 {"\uFB01le", "file"},   // ﬁ ligature
                 {"Ⅻ", "XII"},
                 {"㌔", "キロ"},
                 {"\U0001D400\U0001D7CF", "A1"},  // supplementary: 𝐀𝟏
                 {"\u2474", "(1)"},               // ⑴
             });
}

TEST(NormalizerTest, HyphensAndDashes) {
  const auto normalizer = MakeNormalizer();
  ASSERT_NE(normalizer, nullptr);
  const char* kDashes[] = {"‐", "‑",  "‒",  "–", "—", "―", "−",
                           "⁃", "﹣", "－", "─", "━", "-"};
  for (const char* dash : kDashes) {
    SCOPED_TRACE(dash);
    EXPECT_EQ(Normalize(*normalizer, std::string("1") + dash + "2"), "1-2");
    EXPECT_EQ(Normalize(*normalizer, std::string("東京") + dash + "大阪"),
              "東京-大阪");
    EXPECT_EQ(Normalize(*normalizer, std::string("サ") + dash + "ビス"),
              "サービス");
    EXPECT_EQ(Normalize(*normalizer, std::string("ラー") + dash + "メン"),
              "ラーメン");
  }
  CheckRules(
      *normalizer,
      {
          {"サ—ビス", "サービス"},
          {"ｻ-ﾋﾞｽ", "サービス"},          // katakana after NFKC
          {"サ——ビス", "サービス"},       // second dash follows the new ー
          {"ひ-ふ", "ひ-ふ"},             // hiragana is not katakana
          {"サ・-", "サ・-"},             // ・ is not a katakana letter
          {"サ -", "サ-"},                // not directly after: the space
          {"サ\u200B—ビス", "サービス"},  // zero-width characters are invisible
          {"ａ－ｂ", "a-b"},
          {"-サ", "-サ"},
      });
}

TEST(NormalizerTest, Tildes) {
  const auto normalizer = MakeNormalizer();
  ASSERT_NE(normalizer, nullptr);
  CheckRules(*normalizer,
             {
                 {"1~3", "1〜3"},
                 {"1∼3", "1〜3"},
                 {"1∾3", "1〜3"},
                 {"1〜3", "1〜3"},
                 {"1〰3", "1〜3"},
                 {"1～3", "1〜3"},
                 {"10 ~ 20", "10〜20"},  // 〜 is CJK punctuation: spaces go
             });
}

TEST(NormalizerTest, LongVowelMarks) {
  const auto normalizer = MakeNormalizer();
  ASSERT_NE(normalizer, nullptr);
  CheckRules(
      *normalizer,
      {
          {"スーーーパー", "スーパー"},
          {"ｽｰｰﾊﾟｰ", "スーパー"},
          {"ーー", "ー"},
          {"ー\u200Bー", "ー"},
          {"ー-", "ー"},
          {"ー ー", "ーー"},  // the space is removed only after the collapse
      });
}

TEST(NormalizerTest, ZeroWidth) {
  const auto normalizer = MakeNormalizer();
  ASSERT_NE(normalizer, nullptr);
  CheckRules(*normalizer,
             {
                 {"A\u200BB\u200CC\u200DD\u2060E\uFEFFF", "ABCDEF"},
                 {"\uFEFF日本", "日本"},
                 {"\u200B", ""},
                 {"👨\u200D👩\u200D👧", "👨👩👧"},
             });
}

TEST(NormalizerTest, Spaces) {
  const auto normalizer = MakeNormalizer();
  ASSERT_NE(normalizer, nullptr);
  CheckRules(*normalizer, {
                              {"30 億米ドル", "30億米ドル"},
                              {"OpenAI は", "OpenAIは"},
                              {"Ilya Sutskever", "Ilya Sutskever"},
                              {"Ilya   Sutskever", "Ilya Sutskever"},
                              {"a\tb", "a b"},
                              {"a\u3000b", "a b"},
                              {"a\u00A0b", "a b"},
                              {"a\u2009b", "a b"},
                              {"a\u202Fb", "a b"},
                              {"a \t\u3000 b", "a b"},
                              {"a \u200B b", "a b"},
                              {"日本　語", "日本語"},
                              {"日本 \t 語", "日本語"},
                              {"東京 、 大阪", "東京、大阪"},
                              {"「 Apple 」", "「Apple」"},
                              {"３０ 億", "30億"},
                              {"ｶﾞ ｿ", "ガソ"},
                              {"ー A", "ーA"},
                              {" 日本", "日本"},
                              {"日本 ", "日本"},
                              {" A ", " A "},
                              {"  ", " "},
                              {"가 나", "가 나"},  // Hangul is not Japanese
                              {"Ω Ψ", "Ω Ψ"},
                          });
}

TEST(NormalizerTest, Newlines) {
  const auto normalizer = MakeNormalizer();
  ASSERT_NE(normalizer, nullptr);
  CheckRules(*normalizer, {
                              {"a\r\nb\rc\nd", "a\nb\nc\nd"},
                              {"a\n\nb", "a\n\nb"},
                              {"\r\r\n", "\n\n"},
                              {"\n\r", "\n\n"},
                              {"a \n b", "a \n b"},
                              {"日本\n 語", "日本\n語"},
                              {"日本 \n語", "日本\n語"},
                          });
}

TEST(NormalizerTest, PassThrough) {
  const auto normalizer = MakeNormalizer();
  ASSERT_NE(normalizer, nullptr);
  CheckRules(*normalizer, {
                              {"", ""},
                              {"二〇二四年", "二〇二四年"},
                              {"三億五千万", "三億五千万"},
                              {"caf\u00e9", "caf\u00e9"},
                              {"👍🏽", "👍🏽"},
                              {"ガソリン", "ガソリン"},
                              {"Hello, world!", "Hello, world!"},
                              {"\x01\x7f", "\x01\x7f"},
                              {"a\xFF"
                               "b",
                               "a\uFFFDb"},  // invalid UTF-8
                          });
}

TEST(NormalizerTest, OptionsSwitchRulesOff) {
  struct OptionCase {
    const char* name;
    bool NormalizerOptions::*member;
    const char* input;
    const char* expected_off;
  };
  const OptionCase kCases[] = {
      {"nfkc", &NormalizerOptions::nfkc, "２０２４ｶﾞ", "２０２４ｶﾞ"},
      {"remove_zero_width", &NormalizerOptions::remove_zero_width, "A\u200BB",
       "A\u200BB"},
      {"unify_hyphens", &NormalizerOptions::unify_hyphens, "サ—1—2", "サ—1—2"},
      {"unify_tildes", &NormalizerOptions::unify_tildes, "1～3", "1~3"},
      {"collapse_long_vowels", &NormalizerOptions::collapse_long_vowels,
       "スーーパー", "スーーパー"},
      {"remove_cjk_spaces", &NormalizerOptions::remove_cjk_spaces, "30  億",
       "30 億"},
      {"normalize_newlines", &NormalizerOptions::normalize_newlines, "a\r\nb",
       "a\r\nb"},
  };
  for (const OptionCase& c : kCases) {
    SCOPED_TRACE(c.name);
    NormalizerOptions options;
    options.*c.member = false;
    const auto normalizer = MakeNormalizer(options);
    ASSERT_NE(normalizer, nullptr);
    EXPECT_EQ(Normalize(*normalizer, c.input), c.expected_off);
    const auto all_on = MakeNormalizer();
    EXPECT_NE(Normalize(*all_on, c.input), c.expected_off);
  }
  NormalizerOptions options;
  options.normalize_spaces = false;
  options.remove_cjk_spaces = false;
  const auto normalizer = MakeNormalizer(options);
  ASSERT_NE(normalizer, nullptr);
  EXPECT_EQ(Normalize(*normalizer, "a \t b"), "a \t b");
}

struct SpanCase {
  const char* input;
  const char* norm_needle;  // first occurrence in the normalised text
  const char* expected_original;
  uint32_t expected_begin;  // code points
};

TEST(NormalizerTest, OffsetMapSpans) {
  const auto normalizer = MakeNormalizer();
  ASSERT_NE(normalizer, nullptr);
  const SpanCase kCases[] = {
      {"２０２４年", "2024", "２０２４", 0},
      {"２０２４年", "4年", "４年", 3},
      {"a㋀b", "1", "㋀", 1},
      {"a㋀b", "月", "㋀", 1},
      {"a㋀b", "月b", "㋀b", 1},
      {"a㋀b", "a1", "a㋀", 0},
      {"x㍻元年", "成", "㍻", 1},
      {"ｶﾞｿﾘﾝ", "ガ", "ｶﾞ", 0},
      {"ｶﾞｿﾘﾝ", "ソ", "ｿ", 2},
      {"ｶﾞｿﾘﾝ", "ガソリン", "ｶﾞｿﾘﾝ", 0},
      {"OpenAI は", "OpenAI", "OpenAI", 0},
      {"OpenAI は", "は", "は", 7},
      {"OpenAI は", "OpenAIは", "OpenAI は", 0},
      {"30 億米ドル", "30", "30", 0},
      {"30 億米ドル", "億米ドル", "億米ドル", 3},
      {"A\u200BB", "A", "A", 0},
      {"A\u200BB", "B", "B", 2},
      {"A\u200BB", "AB", "A\u200BB", 0},
      {"Ilya   Sutskever", " ", "   ", 4},
      {"Ilya   Sutskever", "Sutskever", "Sutskever", 7},
      {"スーーーパー", "スー", "スーーー", 0},
      {"スーーーパー", "パー", "パー", 4},
      {"サ—ビス", "サー", "サ—", 0},
      {"サ—ビス", "ビ", "ビ", 2},
      {"a\r\nb", "\n", "\r\n", 1},
      {"a\r\nb", "b", "b", 3},
      {"e\u0301x", "\u00e9", "e\u0301", 0},
      {"日本 ", "日本", "日本", 0},
      {" 日本", "日本", "日本", 1},
      {"1～3", "〜", "～", 1},
      {"👨\u200D👩", "👨👩", "👨\u200D👩", 0},
      {"👨\u200D👩", "👩", "👩", 2},
  };
  for (const SpanCase& c : kCases) {
    SCOPED_TRACE(testing::Message() << "input \"" << c.input << "\" needle \""
                                    << c.norm_needle << "\"");
    std::string normalized;
    OffsetMap map;
    normalizer->Normalize(c.input, &normalized, &map);
    EXPECT_EQ(map.OriginalChars(), CountChars(c.input));
    EXPECT_EQ(map.NormalizedBytes(), normalized.size());
    const size_t at = normalized.find(c.norm_needle);
    ASSERT_NE(at, std::string::npos) << normalized;
    const auto span =
        map.ToOriginalSpan(at, at + std::string_view(c.norm_needle).size());
    EXPECT_EQ(span.first, c.expected_begin);
    EXPECT_EQ(OriginalSubstr(c.input, span), c.expected_original);
  }
}

// Mixed text of the kinds the rules touch, as random concatenations.
std::string RandomText(std::mt19937& rng) {
  static const char* const kPieces[] = {
      "a",          "Z",
      "7",          "-",
      "~",          " ",
      "  ",         "\t",
      "\u3000",     "\u00A0",
      "\u200B",     "\u200D",
      "\uFEFF",     "\u2060",
      "\r\n",       "\r",
      "\n",         "日本",
      "東京",       "は",
      "。",         "「",
      "」",         "サ",
      "ビス",       "ー",
      "ｰ",          "—",
      "－",         "‐",
      "〜",         "～",
      "㋀",         "㍻",
      "①",          "ｶﾞ",
      "ｶ",          "ﾞ",
      "ﾊﾟ",         "２０２４",
      "Ａ",         "e\u0301",
      "\u0301",     "か\u3099",
      "\u3099",     "👨\u200D👩\u200D👧",
      "👍🏽",   "가",
      "é",          "ﬁ",
      "\uFDFA",     "Ⅻ",
      "二〇二四年", "\u2474",
  };
  std::string text;
  const int pieces = static_cast<int>(rng() % 24);
  for (int i = 0; i < pieces; ++i) {
    text += kPieces[rng() % std::size(kPieces)];
  }
  return text;
}

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    UChar32 c;
    U8_NEXT(Bytes(text), i, text.size(), c);
    if (c < 0) return false;
  }
  return true;
}

UChar32 FirstChar(std::string_view text) {
  if (text.empty()) return -1;
  size_t i = 0;
  UChar32 c;
  U8_NEXT(Bytes(text), i, text.size(), c);
  return c;
}

bool IsSpaceChar(UChar32 c) {
  return c == ' ' || c == '\t' || c == 0x00A0 || c == 0x3000;
}

// Runs of kana and ideographs are copied whole; what follows a run must see
// its last character, and a character that composes with the next one ends
// the run.
TEST(NormalizerTest, PlainCjkRuns) {
  const auto normalizer = MakeNormalizer();
  ASSERT_NE(normalizer, nullptr);
  CheckRules(*normalizer,
             {
                 {"日本語のテキスト", "日本語のテキスト"},
                 {"かかか\u3099か", "かかがか"},        // mark ends the run
                 {"テスト—ケース", "テストーケース"},   // dash after katakana
                 {"日本—語", "日本-語"},                // dash after kanji
                 {"日本 abc", "日本abc"},               // space after CJK
                 {"abc 日本", "abc日本"},
                 {"日本 \u3099", "日本\u3099"},
                 {"東京ｶﾞｽ", "東京ガス"},
                 {"東京\r\n大阪", "東京\n大阪"},
                 // In the range of plain kana, but changed by NFKC.
                 {"\u309B\u309C\u309F", "\u3099\u309Aより"},
             });
  // One segment per character: every byte maps to its own character.
  const std::string original = "x日本語のテキストx";
  std::string out;
  OffsetMap map;
  normalizer->Normalize(original, &out, &map);
  ASSERT_EQ(out, original);
  for (uint32_t c = 0; c < 10; ++c) {
    const size_t b = ByteOfChar(out, c);
    const size_t e = ByteOfChar(out, c + 1);
    EXPECT_EQ(map.ToOriginalSpan(b, e), std::make_pair(c, c + 1)) << c;
    EXPECT_TRUE(map.IsSegmentBoundary(b));
  }
  // A run up to the end of the text, and a text that is one run.
  normalizer->Normalize("日本語", &out, &map);
  EXPECT_EQ(out, "日本語");
  EXPECT_EQ(map.norm_to_orig(),
            (std::vector<uint32_t>{0, 0, 0, 1, 1, 1, 2, 2, 2, 3}));
  normalizer->Normalize("a 日本語 ", &out, &map);
  EXPECT_EQ(out, "a日本語");
  EXPECT_EQ(map.OriginalChars(), 6u);
  EXPECT_EQ(map.ToOriginalSpan(1, 10), std::make_pair(2u, 5u));
}

// The normaliser tabulates NFKC's quick check of each BMP code point from
// the NFKC_Quick_Check property; the two must agree.
TEST(NormalizerTest, QuickCheckPropertyMatchesQuickCheck) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  ASSERT_TRUE(U_SUCCESS(status));
  icu::UnicodeString one;
  for (UChar32 c = 0; c < 0x10000; ++c) {
    if (U_IS_SURROGATE(c)) continue;
    one.setTo(c);
    status = U_ZERO_ERROR;
    const bool check = nfkc->quickCheck(one, status) == UNORM_YES;
    ASSERT_TRUE(U_SUCCESS(status));
    ASSERT_EQ(check,
              u_getIntPropertyValue(c, UCHAR_NFKC_QUICK_CHECK) == UNORM_YES)
        << "U+" << std::hex << c;
  }
}

TEST(NormalizerTest, RandomRoundTrip) {
  const auto normalizer = MakeNormalizer();
  ASSERT_NE(normalizer, nullptr);
  std::mt19937 rng(7);
  std::string normalized, part;
  OffsetMap map, part_map;
  for (int round = 0; round < 3000; ++round) {
    const std::string original = RandomText(rng);
    SCOPED_TRACE(testing::Message()
                 << "round " << round << " original \"" << original << "\"");
    normalizer->Normalize(original, &normalized, &map);
    ASSERT_TRUE(IsValidUtf8(normalized)) << normalized;
    ASSERT_EQ(map.OriginalChars(), CountChars(original));
    ASSERT_EQ(map.NormalizedBytes(), normalized.size());
    const std::vector<uint32_t>& entries = map.norm_to_orig();
    for (size_t i = 1; i < entries.size(); ++i) {
      ASSERT_LE(entries[i - 1], entries[i]) << "at byte " << i;
    }
    const size_t n = normalized.size();
    for (int q = 0; q < 20; ++q) {
      size_t nb = rng() % (n + 1);
      size_t ne = rng() % (n + 1);
      if (nb > ne) std::swap(nb, ne);
      const auto span = map.ToOriginalSpan(nb, ne);
      ASSERT_LE(span.first, span.second);
      ASSERT_LE(span.second, map.OriginalChars());
      // Monotone: a sub-span maps inside the span's image.
      const size_t mid = nb + (ne - nb) / 2;
      const auto left = map.ToOriginalSpan(nb, mid);
      const auto right = map.ToOriginalSpan(mid, ne);
      if (nb < mid && mid < ne) {
        ASSERT_EQ(left.first, span.first);
        ASSERT_EQ(right.second, span.second);
        ASSERT_LE(left.first, right.first);
        ASSERT_LE(left.second, right.second);
      }

      // Round outward to segment boundaries.
      while (!map.IsSegmentBoundary(nb)) --nb;
      while (!map.IsSegmentBoundary(ne)) ++ne;
      if (mid != nb && mid != ne && map.IsSegmentBoundary(mid)) {
        ASSERT_LE(map.ToOriginalSpan(nb, mid).second,
                  map.ToOriginalSpan(mid, ne).first);
      }
      const auto aligned = map.ToOriginalSpan(nb, ne);
      const std::string_view norm_span =
          std::string_view(normalized).substr(nb, ne - nb);
      const std::string_view orig_span = OriginalSubstr(original, aligned);
      SCOPED_TRACE(testing::Message()
                   << "norm [" << nb << ", " << ne << ") \"" << norm_span
                   << "\" orig \"" << orig_span << "\"");
      // A prefix ending on a segment boundary normalises to the prefix.
      const uint32_t prefix_end =
          ne == 0 ? 0 : map.ToOriginalSpan(0, ne).second;
      normalizer->Normalize(OriginalSubstr(original, {0, prefix_end}), &part,
                            &part_map);
      ASSERT_EQ(part, normalized.substr(0, ne));
      // The span on its own normalises to the span, unless its first
      // character depended on what precedes it: a dash after katakana, or a
      // space removed next to CJK before a combining mark.
      const UChar32 norm_first = FirstChar(norm_span);
      const UChar32 orig_first = FirstChar(orig_span);
      if (norm_first == 0x30FC && orig_first != 0x30FC) continue;
      if (IsSpaceChar(orig_first) && norm_first != ' ') continue;
      normalizer->Normalize(orig_span, &part, &part_map);
      ASSERT_EQ(part, norm_span);
    }
  }
}

TEST(NormalizerTest, ConcurrentCallsAgree) {
  const auto normalizer = MakeNormalizer();
  ASSERT_NE(normalizer, nullptr);
  std::mt19937 rng(11);
  std::vector<std::string> texts;
  for (int i = 0; i < 200; ++i) texts.push_back(RandomText(rng));
  std::vector<std::string> expected;
  for (const std::string& t : texts)
    expected.push_back(Normalize(*normalizer, t));
  std::vector<int> mismatches(2, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (int rep = 0; rep < 20; ++rep) {
        for (size_t i = 0; i < texts.size(); ++i) {
          if (Normalize(*normalizer, texts[i]) != expected[i]) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(mismatches[0], 0);
  EXPECT_EQ(mismatches[1], 0);
}

}  // namespace
}  // namespace kiji::tokenizers
