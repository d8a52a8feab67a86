#include "corpus/script.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace kiji::corpus {
namespace {

std::u32string DecodeAll(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) out.push_back(NextCodePoint(s, &i));
  return out;
}

TEST(ScriptTest, DecodesValidUtf8) {
  EXPECT_EQ(DecodeAll("aé東𠮷"), U"aé東𠮷");
  EXPECT_EQ(CodePointAt("東京", 3), U'京');
  EXPECT_EQ(CodePointAt("東京", 6), 0u);  // past the end
  EXPECT_EQ(PrevCodePointStart("a東𠮷", 8), 4u);
  EXPECT_EQ(PrevCodePointStart("a東𠮷", 4), 1u);
  EXPECT_EQ(PrevCodePointStart("a東𠮷", 1), 0u);
}

TEST(ScriptTest, MalformedBytesAreOneReplacementEach) {
  // A stray continuation byte, a truncated sequence, an overlong encoding
  // of '/', a surrogate, a code point above U+10FFFF: each byte that starts
  // no valid sequence is one U+FFFD, and decoding goes on after it.
  EXPECT_EQ(DecodeAll("\x80" "a"), U"\uFFFDa");
  EXPECT_EQ(DecodeAll("\xE6\x9D" "a"), U"\uFFFD\uFFFDa");
  EXPECT_EQ(DecodeAll("\xC0\xAF"), U"\uFFFD\uFFFD");
  EXPECT_EQ(DecodeAll("\xED\xA0\x80"), U"\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(DecodeAll("\xF4\x90\x80\x80"),
            U"\uFFFD\uFFFD\uFFFD\uFFFD");
}

TEST(ScriptTest, KanjiIncludesMarksCompatibilityAndExtensions) {
  for (char32_t c : {U'東', U'々', U'〇', U'\u3400', U'\uF929', U'𠮷'}) {
    EXPECT_TRUE(IsKanji(c)) << static_cast<uint32_t>(c);
  }
  for (char32_t c : {U'あ', U'ア', U'ー', U'・', U'A', U'、', U'😀'}) {
    EXPECT_FALSE(IsKanji(c)) << static_cast<uint32_t>(c);
  }
  EXPECT_TRUE(HasKanji("ジョン東"));
  EXPECT_FALSE(HasKanji("ジョン・スミス"));
  EXPECT_FALSE(HasKanji("\xE6\x9D"));  // a truncated 東 is no kanji
}

TEST(ScriptTest, KanaAndLatinClasses) {
  EXPECT_TRUE(IsKatakanaLetter(U'ァ'));
  EXPECT_TRUE(IsKatakanaLetter(U'ヺ'));
  EXPECT_FALSE(IsKatakanaLetter(U'ー'));
  EXPECT_FALSE(IsKatakanaLetter(U'・'));
  EXPECT_TRUE(IsHiraganaLetter(U'ゖ'));
  EXPECT_FALSE(IsHiraganaLetter(U'ゝ'));
  EXPECT_TRUE(IsHiragana(U'ゝ'));
  EXPECT_TRUE(IsLatinLetter(U'é'));
  EXPECT_FALSE(IsLatinLetter(U'×'));
  EXPECT_FALSE(IsLatinLetter(U'1'));
}

}  // namespace
}  // namespace kiji::corpus
