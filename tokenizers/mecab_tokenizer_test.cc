#include "tokenizers/mecab_tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/testing/status_matchers.h"
#include "tokenizers/language_detector.h"
#include "tokenizers/word_tokenizer.h"

namespace kiji::tokenizers {
namespace {

std::vector<std::string> Surfaces(const corpus::Document& doc) {
  std::vector<std::string> out;
  for (const corpus::Token& t : doc.tokens) out.emplace_back(doc.Surface(t));
  return out;
}

TEST(MecabTokenizerTest, KnownSentenceTokensAndOffsets) {
  ASSERT_OK_AND_ASSIGN(auto mecab, MecabTokenizer::Create());
  corpus::Document doc;
  doc.normalized = "山田太郎は東京で講演した。\n二行目です。";
  mecab->Tokenize(&doc);
  const std::vector<std::string> expected = {
      "山田", "太郎", "は", "東京", "で", "講演", "し", "た", "。",
      "二", "行", "目", "です", "。"};
  EXPECT_EQ(Surfaces(doc), expected);
  // Offsets are byte offsets into `normalized`, in order, non-overlapping.
  uint32_t prev_end = 0;
  for (const corpus::Token& t : doc.tokens) {
    EXPECT_GE(t.norm_begin, prev_end);
    prev_end = t.norm_end;
  }
  EXPECT_EQ(doc.tokens[3].norm_begin, std::string("山田太郎は").size());
  EXPECT_TRUE(doc.Features(doc.tokens[3]).starts_with("名詞,固有名詞,地域"));
  EXPECT_TRUE(doc.Features(doc.tokens[0]).starts_with("名詞,固有名詞,人名,姓"));
  EXPECT_TRUE(doc.Features(doc.tokens[1]).starts_with("名詞,固有名詞,人名,名"));
  // The second line starts after the newline.
  EXPECT_EQ(doc.tokens[9].norm_begin, doc.normalized.find("二"));
}

TEST(MecabTokenizerTest, LongSingleLineIsChunkedWithExactOffsets) {
  MecabOptions options;
  options.max_chunk_bytes = 64;
  ASSERT_OK_AND_ASSIGN(auto mecab, MecabTokenizer::Create(options));
  corpus::Document doc;
  for (int i = 0; i < 50; ++i) doc.normalized += "東京都で会議が開かれた。";
  mecab->Tokenize(&doc);
  size_t tokyo = 0;
  for (const corpus::Token& t : doc.tokens) {
    ASSERT_LE(t.norm_end, doc.normalized.size());
    if (doc.Surface(t) == "東京") ++tokyo;
  }
  EXPECT_EQ(tokyo, 50u);
}

TEST(MecabTokenizerTest, MissingDictionaryIsAnError) {
  MecabOptions options;
  options.dicdir = "/nonexistent/dic";
  auto mecab = MecabTokenizer::Create(options);
  ASSERT_FALSE(mecab.ok());
  EXPECT_NE(mecab.status().message().find("/nonexistent/dic"),
            std::string::npos);
}

TEST(WordTokenizerTest, SplitsWordsAndSkipsPunctuation) {
  ASSERT_OK_AND_ASSIGN(auto words, WordTokenizer::Create());
  corpus::Document doc;
  doc.normalized = "Ilya Sutskever left OpenAI, in May 2024.";
  words->Tokenize(&doc);
  const std::vector<std::string> expected = {"Ilya", "Sutskever", "left",
                                             "OpenAI", "in", "May", "2024"};
  EXPECT_EQ(Surfaces(doc), expected);
}

TEST(LanguageDetectorTest, DetectsPerDocument) {
  EXPECT_EQ(DetectLanguage("OpenAIは新しいモデルを発表した。"), "ja");
  EXPECT_EQ(DetectLanguage("人工知能公司发布了新的模型，引起广泛关注。"), "zh");
  EXPECT_EQ(DetectLanguage("The company announced a new model on Monday, "
                           "and investors reacted quickly to the news."),
            "en");
  EXPECT_EQ(DetectLanguage("12345 !!!"), "und");
}

}  // namespace
}  // namespace kiji::tokenizers
