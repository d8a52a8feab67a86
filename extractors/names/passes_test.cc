// Document-wide passes (passes.cc): glosses, lists, consistency, surname
// and stem references.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/name_extractor_fixture.h"

namespace kiji::extractors {
namespace {

using name_testing::Expect;
using name_testing::Has;
using name_testing::kCompany;
using name_testing::kPerson;
using name_testing::Lacks;
using name_testing::NameExtractorTest;

TEST_F(NameExtractorTest, AliasOfPointsAtTheGlossedMention) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  const corpus::Document doc =
      Run(*e, {"ノーザン・アドバイザリー・パートナーズ(NAP)に転職した。", {}});
  ASSERT_EQ(doc.mentions.size(), 2u) << Dump(doc);
  EXPECT_FALSE(doc.mentions[0].alias_of.has_value());
  ASSERT_TRUE(doc.mentions[1].alias_of.has_value());
  EXPECT_EQ(*doc.mentions[1].alias_of, 0u);
  EXPECT_EQ(doc.mentions[1].source, "company.abbreviation");

  const corpus::Document doc2 =
      Run(*e, {"カール・ヴァイス(Karl Weiss)は物理学者だ。", {}});
  ASSERT_EQ(doc2.mentions.size(), 2u) << Dump(doc2);
  ASSERT_TRUE(doc2.mentions[1].alias_of.has_value());
  EXPECT_EQ(*doc2.mentions[1].alias_of, 0u);
}

// Lists: glosses inside a list, acronyms and ambiguous names typed by a
// strongly typed member or a company tail.
TEST_F(NameExtractorTest, CoordinationLists) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(
      *e,
      {
          {"VeltrixやOrbal、ZMXと共同で新会社を設立した。",
           {Has("Orbal", kCompany), Has("ZMX", kCompany)}},
          {"Veltrix(Orbiscope)、Quorin、Talvexなどの競争相手が成長している。",
           {Has("Quorin", kCompany), Has("Talvex", kCompany),
            Lacks("Orbiscope", kCompany)}},
          {"QuorinやTalvexなどのライバル企業が値下げした。",
           {Has("Quorin", kCompany), Has("Talvex", kCompany)}},
          {"QuorinやTalvexなどの競合が値下げした。",
           {Has("Quorin", kCompany), Has("Talvex", kCompany)}},
          {"QuorinやTalvexなどの大手テクノロジー企業が参入した。",
           {Has("Quorin", kCompany), Has("Talvex", kCompany)}},
          {"QuorinやZMXを含む多くの新興テクノロジー企業が参入した。",
           {Has("Quorin", kCompany), Has("ZMX", kCompany)}},
          {"QuorinやハルモニアなどのIT大手が参入した。",
           {Has("ハルモニア", kCompany)}},
          // Negatives.
          {"VeltrixやAI、IoTと共同で研究する。",
           {Has("Veltrix", kCompany), Lacks("AI"), Lacks("IoT")}},
          {"QuorinやTalvexなどの競合製品が増えた。",
           {Lacks("Quorin", kCompany), Lacks("Talvex", kCompany)}},
          {"ZMXやQRBと共同で研究する。", {Lacks("ZMX"), Lacks("QRB")}},
          {"ハルモニアやアルカディアなどの地名が残る。", {Lacks("ハルモニア")}},
          {"QuorinやTalvexを含む多くの製品が売れた。",
           {Lacks("Quorin", kCompany)}},
      });
}

// Document-wide evidence (a surname with 氏 elsewhere, a title quoted
// elsewhere, an open quote earlier on the line) is found however far away
// it is: the same mentions with 80 KB of plain text between the pieces of
// one line as without.
TEST_F(NameExtractorTest, DocumentWideEvidenceAcrossALongLine) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  std::string filler;
  for (int i = 0; i < 3000; ++i) filler += "今日は晴れだった。";
  ASSERT_TRUE(Run(*e, {filler.c_str(), {}}).mentions.empty());
  struct Spread {
    std::vector<std::string> pieces;
    std::vector<Expect> expects;
  };
  const std::vector<Spread> spreads = {
      {{"「ザルコ・グリーンの挑戦」が出版された。", "グリーン氏は否定した。"},
       {Has("ザルコ・グリーン", kPerson), Has("グリーン", kPerson)}},
      {{"ドレイク(Drake)氏は語った。", "イーロ・ドレイクが来日した。"},
       {Has("イーロ・ドレイク", kPerson)}},
      {{"「ザルコ・ベリタン」という番組だ。", "ザルコ・ベリタンが届いた。"},
       {Lacks("ザルコ・ベリタン", kPerson)}},
      {{"番組「", "ザルコ・ベリタンの夜」が始まった。"},
       {Lacks("ザルコ・ベリタン", kPerson)}},
      {{"番組「朝」が終わった。", "ザルコ・ベリタンは語った。"},
       {Has("ザルコ・ベリタン", kPerson)}},
  };
  for (const Spread& spread : spreads) {
    std::string near, far;
    for (const std::string& piece : spread.pieces) {
      near += piece;
      far += (far.empty() ? "" : filler) + piece;
    }
    SCOPED_TRACE(near);
    Check(*e, {{near.c_str(), spread.expects}});
    Check(*e, {{far.c_str(), spread.expects}});
    EXPECT_EQ(Dump(Run(*e, {near.c_str(), {}})),
              Dump(Run(*e, {far.c_str(), {}})));
  }
}

// Kanji glosses of a katakana or Latin person: the name in characters.
TEST_F(NameExtractorTest, KanjiGlossOfAPerson) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e,
        {
            {"リー・ウェイミン(李偉民)氏が講演した。",
             {Has("リー・ウェイミン", kPerson), Has("李偉民", kPerson)}},
            {"ドミトリ・ヴォルコフ(度見鳥理)が来日した。",
             {Has("度見鳥理", kPerson)}},
            // Not names: occupation, nationality, title, pseudonym, place.
            {"ジョン・ハーパー(会社員)が証言した。", {Lacks("会社員")}},
            {"ジョン・ハーパー(米国籍)が証言した。", {Lacks("米国籍")}},
            {"ジョン・ハーパー(元社長)が証言した。", {Lacks("元社長")}},
            {"ジョン・ハーパー(仮名)が証言した。", {Lacks("仮名")}},
            {"ジョン・ハーパー(東京都港区)が証言した。", {Lacks("東京都港区")}},
            // Only after a person.
            {"ゼルノバ社(森林公園)が出資した。", {Lacks("森林公園")}},
        });
}

// I/l look alike: a Latin spelling with l for I of a company of the
// document is that company.
TEST_F(NameExtractorTest, HomoglyphVariantOfACompany) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e,
        {
            {"QuantIQ社は新製品を発表した。投資家はQuantlQの動向に注目する。",
             {Has("QuantIQ", kCompany), Has("QuantlQ", kCompany)}},
            // Nothing to match: stays untyped.
            {"QuantIQ社は新製品を発表した。投資家はQuantlXの動向に注目する。",
             {Lacks("QuantlX")}},
        });
  const corpus::Document doc = Run(
      *e,
      {"QuantIQ社は新製品を発表した。投資家はQuantlQの動向に注目する。", {}});
  ASSERT_EQ(doc.mentions.size(), 2u) << Dump(doc);
  EXPECT_EQ(doc.mentions[1].alias_of, std::optional<size_t>(0));
}

// "Corvane Logistics ... Corvane": the stem alone is an alias of the full
// name, linked only when one full name has that stem.
TEST_F(NameExtractorTest, LatinCompanyStemIsAnAliasOfTheFullName) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  const corpus::Document doc =
      Run(*e, {"Corvane Logistics said it would cut costs. Corvane has "
               "struggled since the spring.",
               {},
               "en"});
  ASSERT_EQ(doc.mentions.size(), 2u) << Dump(doc);
  EXPECT_EQ(doc.mentions[1].source, "company.alias");
  EXPECT_EQ(doc.mentions[1].alias_of, std::optional<size_t>(0));

  const corpus::Document two = Run(
      *e, {"Corvane Logistics and Corvane Foods merged. Corvane has struggled "
           "since the spring.",
           {},
           "en"});
  ASSERT_EQ(two.mentions.size(), 3u) << Dump(two);
  EXPECT_EQ(two.mentions[2].source, "company.alias");
  EXPECT_FALSE(two.mentions[2].alias_of.has_value());
}

}  // namespace
}  // namespace kiji::extractors
