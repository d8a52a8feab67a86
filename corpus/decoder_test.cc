#include "corpus/decoder.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/testing/status_matchers.h"

namespace kiji::corpus {
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
    ::testing::Values(EncodingCase{Encoding::kUtf8, ""},
                      EncodingCase{Encoding::kUtf8, "\xEF\xBB\xBF"},
                      EncodingCase{Encoding::kShiftJis, ""},
                      EncodingCase{Encoding::kEucJp, ""},
                      EncodingCase{Encoding::kIso2022Jp, ""},
                      EncodingCase{Encoding::kUtf16Le, "\xFF\xFE"},
                      EncodingCase{Encoding::kUtf16Be, "\xFE\xFF"}));

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
  for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 7919) % 251));
  EXPECT_NE(Decode(junk).error, "");
}

TEST(DecoderTest, CountsCodePoints) {
  Document doc = Decode("a東\xF0\x9F\x98\x80");
  EXPECT_EQ(doc.original_chars, 3u);
}

}  // namespace
}  // namespace kiji::corpus
