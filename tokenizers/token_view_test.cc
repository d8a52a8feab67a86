#include "tokenizers/token_view.h"

#include <algorithm>
#include <memory>
#include <string>

#include "corpus/document.h"
#include "gtest/gtest.h"
#include "tokenizers/mecab_tokenizer.h"

namespace kiji::tokenizers {
namespace {

TEST(TokenViewTest, SplitsTheNineIpadicFields) {
  const TokenFields f =
      TokenFields::Split("名詞,固有名詞,人名,姓,*,*,田中,タナカ,タナカ");
  EXPECT_EQ(f.head(0), "名詞");
  EXPECT_EQ(f.head(1), "固有名詞");
  EXPECT_EQ(f.head(2), "人名");
  EXPECT_EQ(f.head(3), "姓");
  EXPECT_EQ(f.base(), "田中");
  EXPECT_EQ(f.reading(), "タナカ");
  EXPECT_TRUE(f.known());
}

// MeCab's guess for an unknown word has seven fields: no reading, unknown.
TEST(TokenViewTest, UnknownWordsAndShortFeatures) {
  const struct {
    const char* features;
    bool known;
    const char* pos1;
    const char* reading;
  } kCases[] = {
      {"名詞,一般,*,*,*,*,*", false, "一般", ""},
      {"名詞,固有名詞,組織,*,*,*,*,*", false, "固有名詞", "*"},  // 8 fields
      {"名詞,固有名詞,組織,*,*,*,X,エックス,エックス", true, "固有名詞",
       "エックス"},
      {"名詞,固有名詞,組織,*,*,*,X,エックス,エックス,extra", true, "固有名詞",
       "エックス"},
      {"記号", false, "", ""},
      {"", false, "", ""},  // ICU word-break tokens have no features
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.features);
    const TokenFields f = TokenFields::Split(c.features);
    EXPECT_EQ(f.known(), c.known);
    EXPECT_EQ(f.head(1), c.pos1);
    EXPECT_EQ(f.reading(), c.reading);
  }
}

// A document tokenised by hand: features shared by two tokens, an ICU token
// without features, and the script of each surface.
TEST(TokenViewTest, NamedPredicatesAndScripts) {
  corpus::Document doc;
  doc.normalized = "田中さんはソニー々AI";
  const std::string person = "名詞,固有名詞,人名,姓,*,*,田中,タナカ,タナカ";
  const std::string suffix = "名詞,接尾,人名,*,*,*,さん,サン,サン";
  const std::string particle = "助詞,係助詞,*,*,*,*,は,ハ,ワ";
  const std::string org = "名詞,固有名詞,組織,*,*,*,*";
  doc.token_features = person + suffix + particle + org;
  auto feature = [&](const std::string& f) {
    return std::make_pair(static_cast<uint32_t>(doc.token_features.find(f)),
                          static_cast<uint32_t>(f.size()));
  };
  auto add = [&](std::string_view surface, std::pair<uint32_t, uint32_t> f) {
    const size_t b = doc.normalized.find(surface);
    corpus::Token t;
    t.norm_begin = static_cast<uint32_t>(b);
    t.norm_end = static_cast<uint32_t>(b + surface.size());
    t.feature_begin = f.first;
    t.feature_len = f.second;
    doc.tokens.push_back(t);
  };
  add("田中", feature(person));
  add("さん", feature(suffix));
  add("は", feature(particle));
  add("ソニー", feature(org));
  add("々", feature(org));  // the same features as the token before
  add("AI", {0, 0});        // no features

  const TokenViews views(doc);
  ASSERT_EQ(views.size(), 6u);
  const TokenView tanaka = views[0];
  EXPECT_EQ(tanaka.surface(), "田中");
  EXPECT_EQ(tanaka.pos(), "名詞");
  EXPECT_EQ(tanaka.base(), "田中");
  EXPECT_EQ(tanaka.reading(), "タナカ");
  EXPECT_TRUE(tanaka.IsNoun());
  EXPECT_TRUE(tanaka.IsProperNoun());
  EXPECT_TRUE(tanaka.IsPersonName());
  EXPECT_TRUE(tanaka.IsSurname());
  EXPECT_FALSE(tanaka.IsGivenName());
  EXPECT_TRUE(tanaka.known());
  EXPECT_TRUE(tanaka.AllKanji());
  EXPECT_FALSE(tanaka.AllKatakana());

  EXPECT_TRUE(views[1].IsSuffix());
  EXPECT_TRUE(views[1].IsPersonName());  // pos2 alone
  EXPECT_FALSE(views[1].AllKanji());
  EXPECT_TRUE(views[2].IsParticle());
  EXPECT_FALSE(views[2].IsNoun());

  const TokenView sony = views[3];
  EXPECT_TRUE(sony.IsOrganization());
  EXPECT_FALSE(sony.known());
  EXPECT_TRUE(sony.AllKatakana());
  EXPECT_TRUE(sony.AllKatakana());  // remembered, the same answer
  EXPECT_FALSE(sony.AllKanji());
  EXPECT_EQ(views[4].surface(), "々");
  EXPECT_TRUE(views[4].IsOrganization());
  EXPECT_TRUE(views[4].AllKanji());  // 々 counts as kanji

  const TokenView ai = views[5];
  EXPECT_EQ(ai.pos(), "");
  EXPECT_FALSE(ai.known());
  EXPECT_FALSE(ai.IsNoun());
  EXPECT_FALSE(ai.AllKanji());
  EXPECT_FALSE(ai.AllKatakana());
  EXPECT_EQ(ai.norm_begin(), doc.normalized.find("AI"));
}

// Over MeCab's own output: every token's view agrees with its feature CSV.
TEST(TokenViewTest, AgreesWithMecabFeatures) {
  auto mecab = MecabTokenizer::Create();
  ASSERT_TRUE(mecab.ok()) << mecab.status();
  corpus::Document doc;
  doc.normalized = "山田太郎教授は大阪でZorbaxを設立した。";
  (*mecab)->Tokenize(&doc);
  const TokenViews views(doc);
  ASSERT_EQ(views.size(), doc.tokens.size());
  bool saw_place = false, saw_given = false;
  for (size_t i = 0; i < views.size(); ++i) {
    const TokenView t = views[i];
    const std::string_view features = doc.Features(doc.tokens[i]);
    SCOPED_TRACE(std::string(t.surface()) + " " + std::string(features));
    EXPECT_EQ(features.substr(0, t.pos().size()), t.pos());
    EXPECT_EQ(t.known(),
              std::count(features.begin(), features.end(), ',') >= 8);
    saw_place |= t.surface() == "大阪" && t.IsPlace() && t.IsProperNoun();
    saw_given |= t.surface() == "太郎" && t.IsGivenName() && t.known();
  }
  EXPECT_TRUE(saw_place);
  EXPECT_TRUE(saw_given);
}

}  // namespace
}  // namespace kiji::tokenizers
