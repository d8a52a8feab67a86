#include "decode/decoder.h"

#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "corpus/script.h"
#include "tests/testing/status_matchers.h"

namespace kiji::decode {

using corpus::CountCodePoints;
using corpus::Document;
using corpus::Encoding;
using corpus::EncodingName;
namespace {

constexpr char kSample[] =
    "2024年8月19日、ソフトバンクグループは約78兆円の投資を発表した。"
    "「ＡＩ」と（株）、東京。";

Document Decode(std::string raw) {
  Document doc;
  doc.raw = std::move(raw);
  auto decoder = Decoder::Create();
  EXPECT_TRUE(decoder.ok());
  (*decoder)->Decode(&doc);
  return doc;
}

struct EncodingCase {
  Encoding encoding;
  std::string bom;
};

class DecoderEncodingTest : public ::testing::TestWithParam<EncodingCase> {};

TEST_P(DecoderEncodingTest, RoundTripsSampleText) {
  const EncodingCase& c = GetParam();
  ASSERT_OK_AND_ASSIGN(std::string bytes, EncodeAs(kSample, c.encoding));
  Document doc = Decode(c.bom + bytes);
  EXPECT_EQ(doc.error, "");
  EXPECT_EQ(doc.encoding, c.encoding) << EncodingName(doc.encoding);
  EXPECT_EQ(doc.original, kSample);
  EXPECT_TRUE(doc.diagnostics.empty());
}

INSTANTIATE_TEST_SUITE_P(
    AllEncodings, DecoderEncodingTest,
    ::testing::Values(
        EncodingCase{Encoding::kUtf8, ""},
        EncodingCase{Encoding::kUtf8, "\xEF\xBB\xBF"},
        EncodingCase{Encoding::kShiftJis, ""},
        EncodingCase{Encoding::kEucJp, ""},
        EncodingCase{Encoding::kIso2022Jp, ""},
        EncodingCase{Encoding::kUtf16Le, "\xFF\xFE"},
        EncodingCase{Encoding::kUtf16Be, "\xFE\xFF"},
        EncodingCase{Encoding::kUtf32Le, std::string("\xFF\xFE\0\0", 4)},
        EncodingCase{Encoding::kUtf32Be, std::string("\0\0\xFE\xFF", 4)}));

TEST(DecoderTest, Utf32WithBomKeepsSupplementaryCharactersAndNames) {
  const std::string text = "𠮷野家の新メニュー😀、ABC。";
  struct Case {
    Encoding encoding;
    std::string bom;
    const char* name;
  };
  for (const Case& c :
       {Case{Encoding::kUtf32Le, std::string("\xFF\xFE\0\0", 4), "UTF-32LE"},
        Case{Encoding::kUtf32Be, std::string("\0\0\xFE\xFF", 4), "UTF-32BE"}}) {
    SCOPED_TRACE(c.name);
    ASSERT_OK_AND_ASSIGN(std::string bytes, EncodeAs(text, c.encoding));
    Document doc = Decode(c.bom + bytes);
    EXPECT_EQ(doc.error, "");
    EXPECT_EQ(EncodingName(doc.encoding), c.name);
    EXPECT_EQ(doc.original, text);
    EXPECT_EQ(doc.original_chars, CountCodePoints(text));
    EXPECT_TRUE(doc.diagnostics.empty());
  }
}

TEST(DecoderTest, DamagedUtf32IsStillUtf32WithAWarning) {
  // A unit above U+10FFFF as the third character (byte 4 + 8 of the file),
  // and a last unit cut short: both become U+FFFD, reported from the first.
  std::string text;
  for (int i = 0; i < 10; ++i) text += kSample;
  struct Case {
    Encoding encoding;
    std::string bom;
    std::string bad_unit;
  };
  for (const Case& c : {Case{Encoding::kUtf32Le, std::string("\xFF\xFE\0\0", 4),
                             std::string("\0\0\x11\0", 4)},
                        Case{Encoding::kUtf32Be, std::string("\0\0\xFE\xFF", 4),
                             std::string("\0\x11\0\0", 4)}}) {
    SCOPED_TRACE(EncodingName(c.encoding));
    ASSERT_OK_AND_ASSIGN(std::string bytes, EncodeAs(text, c.encoding));
    bytes.replace(8, 4, c.bad_unit);
    bytes.pop_back();
    Document doc = Decode(c.bom + bytes);
    EXPECT_EQ(doc.error, "");
    EXPECT_EQ(doc.encoding, c.encoding);
    EXPECT_EQ(doc.original_chars, CountCodePoints(text));
    EXPECT_EQ(doc.original.substr(0, 5), "20\xEF\xBF\xBD");
    ASSERT_EQ(doc.diagnostics.size(), 1u);
    EXPECT_EQ(doc.diagnostics[0].raw_begin, 12u);
    EXPECT_NE(doc.diagnostics[0].message.find("2 invalid"), std::string::npos)
        << doc.diagnostics[0].message;
  }
}

TEST(DecoderTest, Utf16LeStartingWithNulIsNotUtf32) {
  // `FF FE 00 00` is also the UTF-16LE BOM and a U+0000: what follows is not
  // UTF-32LE (its units would be far above U+10FFFF), so it stays UTF-16LE.
  const std::string text = std::string(1, '\0') + kSample;
  ASSERT_OK_AND_ASSIGN(std::string bytes, EncodeAs(text, Encoding::kUtf16Le));
  ASSERT_EQ(bytes.substr(0, 2), std::string(2, '\0'));
  Document doc = Decode("\xFF\xFE" + bytes);
  EXPECT_EQ(doc.error, "");
  EXPECT_EQ(doc.encoding, Encoding::kUtf16Le);
  EXPECT_EQ(doc.original, text);
  // ASCII too: U+0041 U+0000... would be the unit 0x00420041 in UTF-32LE.
  const std::string ascii = std::string(1, '\0') + "AB, C.";
  ASSERT_OK_AND_ASSIGN(bytes, EncodeAs(ascii, Encoding::kUtf16Le));
  doc = Decode("\xFF\xFE" + bytes);
  EXPECT_EQ(doc.encoding, Encoding::kUtf16Le);
  EXPECT_EQ(doc.original, ascii);
}

TEST(DecoderTest, Utf32WithoutBomIsBinary) {
  ASSERT_OK_AND_ASSIGN(std::string bytes,
                       EncodeAs(kSample, Encoding::kUtf32Le));
  EXPECT_EQ(Decode(bytes).error.rfind("binary file (", 0), 0u);
}

TEST(DecoderTest, ByteOrderMarkAloneIsAnEmptyFile) {
  for (const std::string& bom :
       {std::string("\xEF\xBB\xBF"), std::string("\xFF\xFE"),
        std::string("\xFE\xFF"), std::string("\xFF\xFE\0\0", 4),
        std::string("\0\0\xFE\xFF", 4)}) {
    SCOPED_TRACE(bom.size());
    Document doc = Decode(bom);
    EXPECT_EQ(doc.error, "empty file");
    EXPECT_EQ(doc.original, "");
  }
  // Whitespace is text: a file of it is decoded (0 characters is empty).
  EXPECT_EQ(Decode("\xEF\xBB\xBF \n").error, "");
  EXPECT_EQ(Decode("\xEF\xBB\xBF \n").original_chars, 2u);
}

TEST(DecoderTest, Utf16WithoutBomMostlyAscii) {
  const std::string text = "OpenAI hired 5 researchers in 2024. 東京";
  ASSERT_OK_AND_ASSIGN(std::string le, EncodeAs(text, Encoding::kUtf16Le));
  Document doc = Decode(le);
  EXPECT_EQ(doc.encoding, Encoding::kUtf16Le);
  EXPECT_EQ(doc.original, text);
  ASSERT_OK_AND_ASSIGN(std::string be, EncodeAs(text, Encoding::kUtf16Be));
  doc = Decode(be);
  EXPECT_EQ(doc.encoding, Encoding::kUtf16Be);
  EXPECT_EQ(doc.original, text);
}

// Japanese text without a BOM: UTF-16 has too few zero bytes to be spotted
// by them, and Shift_JIS / EUC-JP of even length are valid-looking UTF-16
// code units, so each encoding must still win against the others.
struct NoBomCase {
  const char* name;
  const char* text;
};

constexpr NoBomCase kNoBomTexts[] = {
    {"news", kSample},
    {"news_lines",
     "東京（共同）―政府は19日、2024年度の補正予算案を閣議決定した。\n"
     "総額は約13兆円で、物価高対策が柱となる。\n"
     "岸田首相は記者団に「速やかな成立を目指す」と述べた。\n"},
    {"kana_heavy",
     "きょうはとてもいいてんきですね。あしたもはれるでしょうか。"
     "アイスクリームをたべにいきましょう。"},
    {"kanji_heavy", "東京都千代田区霞が関一丁目、経済産業省大臣官房総務課長。"},
    {"katakana_names", "ソフトバンクグループ、トヨタ自動車、パナソニック"},
};

class DecoderNoBomTest
    : public ::testing::TestWithParam<std::tuple<NoBomCase, Encoding>> {};

TEST_P(DecoderNoBomTest, DetectsEncoding) {
  const auto& [c, encoding] = GetParam();
  std::string text = c.text;
  ASSERT_OK_AND_ASSIGN(std::string bytes, EncodeAs(text, encoding));
  if (bytes.size() % 2 != 0) {
    // Even length: the case where UTF-16 is a candidate too.
    text += ".";
    ASSERT_OK_AND_ASSIGN(bytes, EncodeAs(text, encoding));
  }
  ASSERT_EQ(bytes.size() % 2, 0u);
  Document doc = Decode(bytes);
  EXPECT_EQ(doc.error, "");
  EXPECT_EQ(doc.encoding, encoding) << EncodingName(doc.encoding);
  EXPECT_EQ(doc.original, text);
  EXPECT_TRUE(doc.diagnostics.empty());
}

INSTANTIATE_TEST_SUITE_P(
    JapaneseWithoutBom, DecoderNoBomTest,
    ::testing::Combine(::testing::ValuesIn(kNoBomTexts),
                       ::testing::Values(Encoding::kUtf16Le, Encoding::kUtf16Be,
                                         Encoding::kShiftJis,
                                         Encoding::kEucJp)),
    [](const auto& param_info) {
      std::string name = std::get<0>(param_info.param).name;
      switch (std::get<1>(param_info.param)) {
        case Encoding::kUtf16Le:
          return name + "_Utf16Le";
        case Encoding::kUtf16Be:
          return name + "_Utf16Be";
        case Encoding::kShiftJis:
          return name + "_ShiftJis";
        case Encoding::kEucJp:
          return name + "_EucJp";
        default:
          return name;
      }
    });

TEST(DecoderTest, Utf16WithoutBomWithSurrogatePairs) {
  // Emoji and a CJK Extension B kanji (𠮷) are surrogate pairs in UTF-16.
  const std::string text =
      "𠮷野家の新メニューが話題に😀。発売から3日で10万食を突破した🎉";
  for (Encoding encoding : {Encoding::kUtf16Le, Encoding::kUtf16Be}) {
    SCOPED_TRACE(EncodingName(encoding));
    ASSERT_OK_AND_ASSIGN(std::string bytes, EncodeAs(text, encoding));
    Document doc = Decode(bytes);
    EXPECT_EQ(doc.error, "");
    EXPECT_EQ(doc.encoding, encoding) << EncodingName(doc.encoding);
    EXPECT_EQ(doc.original, text);
    EXPECT_TRUE(doc.diagnostics.empty());
  }
}

TEST(DecoderTest, Utf16WithoutBomUnpairedSurrogateIsNotUtf16) {
  // A lone high surrogate in otherwise clean UTF-16LE: not a clean UTF-16
  // decoding, so it is not taken for one silently.
  ASSERT_OK_AND_ASSIGN(std::string bytes,
                       EncodeAs("東京で会議が開かれた。", Encoding::kUtf16Le));
  bytes.insert(6, "\x3D\xD8", 2);
  Document doc = Decode(bytes);
  EXPECT_NE(doc.encoding, Encoding::kUtf16Le);
}

TEST(DecoderTest, BinaryWithZeroBytesIsNotUtf16) {
  std::string junk;
  for (int i = 0; i < 4096; ++i) {
    junk.push_back(i % 3 == 0 ? '\0' : static_cast<char>((i * 7919) % 251));
  }
  EXPECT_NE(Decode(junk).error, "");
}

TEST(DecoderTest, InvalidUtf8InsideGoodTextIsReplacedAndReported) {
  std::string text(kSample);
  std::string raw = text.substr(0, 12) + "\xFF" + text.substr(12);
  // Long enough that one bad byte stays under the error threshold.
  for (int i = 0; i < 5; ++i) raw += text;
  Document doc = Decode(raw);
  EXPECT_EQ(doc.error, "");
  EXPECT_EQ(doc.encoding, Encoding::kUtf8);
  EXPECT_NE(doc.original.find("\xEF\xBF\xBD"), std::string::npos);
  ASSERT_EQ(doc.diagnostics.size(), 1u);
  EXPECT_EQ(doc.diagnostics[0].raw_begin, 12u);
}

TEST(DecoderTest, ShiftJisWithBrokenTrailingByte) {
  std::string long_text;
  for (int i = 0; i < 10; ++i) long_text += kSample;
  ASSERT_OK_AND_ASSIGN(std::string sjis,
                       EncodeAs(long_text, Encoding::kShiftJis));
  sjis += "\x82";  // lead byte of a two-byte character, cut off
  Document doc = Decode(sjis);
  EXPECT_EQ(doc.error, "");
  EXPECT_EQ(doc.encoding, Encoding::kShiftJis);
  EXPECT_EQ(doc.original.substr(0, long_text.size()), long_text);
  EXPECT_EQ(doc.diagnostics.size(), 1u);
}

TEST(DecoderTest, RejectsEmptyAndBinaryFiles) {
  EXPECT_EQ(Decode("").error, "empty file");
  EXPECT_EQ(Decode(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)).error,
            "binary file (PNG image)");
  EXPECT_EQ(Decode(std::string("\x1f\x8b\x08\0\0\0\0\0", 8)).error,
            "binary file (gzip archive)");
  std::string junk;
  for (int i = 0; i < 4096; ++i)
    junk.push_back(static_cast<char>((i * 7919) % 251));
  EXPECT_NE(Decode(junk).error, "");
}

TEST(DecoderTest, CountsCodePoints) {
  Document doc = Decode("a東\xF0\x9F\x98\x80");
  EXPECT_EQ(doc.original_chars, 3u);
}

TEST(Utf8Test, CountCodePointsCountsCharactersNotBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("記事"), 2u);      // 3 bytes each
  EXPECT_EQ(CountCodePoints("ｶﾞ𠮷é"), 4u);     // 3 + 3 + 4 + 2 bytes
  EXPECT_EQ(CountCodePoints("\xE8\xA8"), 1u);  // truncated: one lead byte
}

}  // namespace
}  // namespace kiji::decode
