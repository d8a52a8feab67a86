// Each stage of the analysis alone (pipeline/stages.h, and the extractors
// that are stages themselves), then the analyser's list of them.
#include "pipeline/stages.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "extractors/amount_extractor.h"
#include "extractors/date_extractor.h"
#include "pipeline/analyzer.h"

namespace kiji::pipeline {
namespace {

corpus::Document Normalized(const std::string& text) {
  corpus::Document doc;
  doc.original = text;
  auto normalizer = tokenizers::Normalizer::Create();
  EXPECT_TRUE(normalizer.ok());
  NormalizeStage stage(normalizer->get());
  EXPECT_TRUE(stage.Process(doc).ok());
  return doc;
}

TEST(StagesTest, NormalizeFillsTextMapAndCount) {
  corpus::Document doc = Normalized("ＡＢＣ　株式会社");
  // Width folded; the space next to Japanese dropped.
  EXPECT_EQ(doc.normalized, "ABC株式会社");
  EXPECT_EQ(doc.original_chars, 8u);
  // The map leads back to the original's code points.
  EXPECT_EQ(doc.norm_to_orig.ToOriginalSpan(0, 3),
            (std::pair<uint32_t, uint32_t>{0, 3}));
}

TEST(StagesTest, LanguageAndDateline) {
  corpus::Document ja = Normalized("2024年8月19日\n政府は3日、新たな方針を示した。");
  ASSERT_TRUE(LanguageStage().Process(ja).ok());
  EXPECT_EQ(ja.lang, "ja");
  ASSERT_TRUE(DatelineStage(std::nullopt).Process(ja).ok());
  EXPECT_EQ(ja.date, (corpus::CivilDate{2024, 8, 19}));
  EXPECT_TRUE(ja.date_from_text);

  // An override wins over the dateline and is not "from the text".
  corpus::Document over = Normalized("2024年8月19日\n本文。");
  ASSERT_TRUE(DatelineStage(corpus::CivilDate{2020, 1, 2}).Process(over).ok());
  EXPECT_EQ(over.date, (corpus::CivilDate{2020, 1, 2}));
  EXPECT_FALSE(over.date_from_text);

  // No dateline, no override: no date.
  corpus::Document none = Normalized("The board met on Tuesday.");
  ASSERT_TRUE(LanguageStage().Process(none).ok());
  EXPECT_EQ(none.lang, "en");
  ASSERT_TRUE(DatelineStage(std::nullopt).Process(none).ok());
  EXPECT_FALSE(none.date.has_value());
}

TEST(StagesTest, TokenizeChoosesTheTokenizerByLanguage) {
  auto mecab = tokenizers::MecabTokenizer::Create({});
  ASSERT_TRUE(mecab.ok()) << mecab.status();
  auto words = tokenizers::WordTokenizer::Create();
  ASSERT_TRUE(words.ok()) << words.status();
  TokenizeStage stage(mecab->get(), words->get());
  corpus::Document ja = Normalized("東京都に住む。");
  ja.lang = "ja";
  ASSERT_TRUE(stage.Process(ja).ok());
  ASSERT_FALSE(ja.tokens.empty());
  // MeCab tokens carry IPADIC features; ICU word breaks carry none.
  EXPECT_GT(ja.tokens[0].feature_len, 0u);
  corpus::Document en = Normalized("Tokyo is large.");
  en.lang = "en";
  ASSERT_TRUE(stage.Process(en).ok());
  ASSERT_FALSE(en.tokens.empty());
  EXPECT_EQ(en.tokens[0].feature_len, 0u);
}

TEST(StagesTest, ExtractorsWriteTheirOwnMentions) {
  auto dates = extractors::DateExtractor::Create();
  ASSERT_TRUE(dates.ok());
  auto amounts = extractors::AmountExtractor::Create();
  ASSERT_TRUE(amounts.ok());
  corpus::Document doc = Normalized("同社は7月末に約78兆円と6.2%を示した。");
  doc.lang = "ja";
  doc.date = corpus::CivilDate{2024, 8, 19};
  ASSERT_TRUE((*dates)->Process(doc).ok());
  ASSERT_EQ(doc.mentions.size(), 1u);
  EXPECT_EQ(doc.mentions[0].type, corpus::EntityType::kDate);
  EXPECT_EQ(doc.mentions[0].date_norm, "2024-07");
  ASSERT_TRUE((*amounts)->Process(doc).ok());
  ASSERT_EQ(doc.mentions.size(), 3u);
  EXPECT_EQ(doc.mentions[1].type, corpus::EntityType::kAmount);
  EXPECT_EQ(doc.mentions[1].unit, "JPY");
  EXPECT_EQ(doc.mentions[1].qualifier, "approx");
  EXPECT_EQ(doc.mentions[2].type, corpus::EntityType::kPercent);
  EXPECT_EQ(doc.mentions[2].value, 6.2);
  EXPECT_EQ((*dates)->name(), "dates");
  EXPECT_EQ((*amounts)->name(), "amounts");
}

TEST(StagesTest, OrderMentionsKeepsAliases) {
  corpus::Document doc;
  auto add = [&](uint32_t b, uint32_t e) -> corpus::Mention& {
    corpus::Mention& m = doc.mentions.emplace_back();
    m.norm_begin = b;
    m.norm_end = e;
    return m;
  };
  add(20, 23).alias_of = 2;  // the gloss (BCG) of the long form below
  add(5, 8);
  add(0, 19);
  add(5, 12);  // longer than the mention at the same start: comes first
  ASSERT_TRUE(OrderMentionsStage().Process(doc).ok());
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  for (const corpus::Mention& m : doc.mentions) {
    spans.emplace_back(m.norm_begin, m.norm_end);
  }
  EXPECT_EQ(spans, (std::vector<std::pair<uint32_t, uint32_t>>{
                       {0, 19}, {5, 12}, {5, 8}, {20, 23}}));
  EXPECT_EQ(doc.mentions[3].alias_of, 0u);  // still the long form
}

TEST(StagesTest, TheAnalyzerIsTheListOfStages) {
  AnalyzerOptions options;
  options.data_dir = KIJI_DATA_BUILD_DIR;
  auto analyzer = Analyzer::Create(options);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status();
  std::vector<std::string> names;
  for (const corpus::Stage* s : (*analyzer)->stages()) {
    names.emplace_back(s->name());
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "decode", "markup", "normalize", "language", "dateline",
                       "tokenize", "dates", "amounts", "names", "order"}));
}

}  // namespace
}  // namespace kiji::pipeline
