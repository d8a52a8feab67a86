#include "tokenizers/mecab_tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
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

// Tokens cover `doc.normalized` (which has no spaces) exactly, in order.
void ExpectTokensCoverText(const corpus::Document& doc) {
  uint32_t expected_begin = 0;
  for (const corpus::Token& t : doc.tokens) {
    ASSERT_EQ(t.norm_begin, expected_begin);
    ASSERT_GT(t.norm_end, t.norm_begin);
    expected_begin = t.norm_end;
  }
  EXPECT_EQ(expected_begin, doc.normalized.size());
}

TEST(MecabTokenizerTest, HugeSingleScriptRunsAreCutIntoBoundedChunks) {
  MecabOptions options;
  options.max_chunk_bytes = 4096;
  options.max_run_bytes = 300;
  ASSERT_OK_AND_ASSIGN(auto mecab, MecabTokenizer::Create(options));
  corpus::Document doc;
  std::string katakana;
  while (katakana.size() < 60000) katakana += "アイウエオカキクケコ";
  doc.normalized = "東京で" + katakana + "を発表した。" +
                   std::string(20000, '7') + "円" + std::string(5000, 'x') +
                   "。";
  mecab->Tokenize(&doc);
  ExpectTokensCoverText(doc);
  for (const corpus::Token& t : doc.tokens) {
    ASSERT_LE(t.norm_end - t.norm_begin, options.max_run_bytes);
  }
  EXPECT_EQ(doc.Surface(doc.tokens[0]), "東京");
  EXPECT_EQ(doc.Surface(doc.tokens.back()), "。");
}

TEST(MecabTokenizerTest, LongLineWithoutSentenceEndIsCutAtScriptChanges) {
  MecabOptions options;
  options.max_chunk_bytes = 256;
  ASSERT_OK_AND_ASSIGN(auto mecab, MecabTokenizer::Create(options));
  corpus::Document doc;
  for (int i = 0; i < 200; ++i) doc.normalized += "東京都のソフトバンクと";
  mecab->Tokenize(&doc);
  ExpectTokensCoverText(doc);
  size_t tokyo = 0, softbank = 0;
  for (const corpus::Token& t : doc.tokens) {
    if (doc.Surface(t) == "東京") ++tokyo;
    if (doc.Surface(t) == "ソフトバンク") ++softbank;
  }
  // Cuts fall between scripts, never inside a word.
  EXPECT_EQ(tokyo, 200u);
  EXPECT_EQ(softbank, 200u);
}

TEST(MecabTokenizerTest, EqualFeaturesAreStoredOnce) {
  ASSERT_OK_AND_ASSIGN(auto mecab, MecabTokenizer::Create());
  corpus::Document doc;
  doc.normalized = "東京と東京と東京";
  mecab->Tokenize(&doc);
  ASSERT_EQ(doc.tokens.size(), 5u);
  EXPECT_EQ(doc.tokens[0].feature_begin, doc.tokens[2].feature_begin);
  EXPECT_EQ(doc.tokens[0].feature_begin, doc.tokens[4].feature_begin);
  EXPECT_EQ(doc.tokens[1].feature_begin, doc.tokens[3].feature_begin);
  EXPECT_TRUE(doc.Features(doc.tokens[4]).starts_with("名詞,固有名詞,地域"));
  EXPECT_TRUE(doc.Features(doc.tokens[3]).starts_with("助詞"));
  EXPECT_EQ(doc.token_features.size(), doc.Features(doc.tokens[0]).size() +
                                           doc.Features(doc.tokens[1]).size());
}

TEST(MecabTokenizerTest, MissingDictionaryIsAnError) {
  MecabOptions options;
  options.dicdir = "/nonexistent/dic";
  auto mecab = MecabTokenizer::Create(options);
  ASSERT_FALSE(mecab.ok());
  EXPECT_NE(mecab.status().message().find("/nonexistent/dic"),
            std::string::npos);
}

TEST(MecabTokenizerTest, OutOfRangeChunkOptionsAreErrors) {
  for (auto [chunk, run] : {std::pair<size_t, size_t>{0, 1024},
                            {size_t{1} << 16, 1024},
                            {4096, 0}}) {
    SCOPED_TRACE(chunk);
    MecabOptions options;
    options.max_chunk_bytes = chunk;
    options.max_run_bytes = run;
    EXPECT_EQ(MecabTokenizer::Create(options).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
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
