// Context and evidence around a span (context.cc).
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/name_extractor_fixture.h"

namespace kiji::extractors {
namespace {

using name_testing::Has;
using name_testing::kCompany;
using name_testing::kPerson;
using name_testing::Lacks;
using name_testing::NameExtractorTest;

// A surname attested with 氏 or さん elsewhere in the document (directly or
// after a gloss) is evidence for the full name; without it the name rests on
// its structure alone.
TEST_F(NameExtractorTest, SurnameWithHonorificElsewhere) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  const struct {
    const char* text;
    const char* source;
  } kCases[] = {
      {"ヘレナ・ドレイクが来た。ドレイク氏は語った。", "person.katakana_name"},
      {"ヘレナ・ドレイクが来た。ドレイクさんは語った。",
       "person.katakana_name"},
      {"ヘレナ・ドレイクが来た。ドレイク(Drake)氏は語った。",
       "person.katakana_name"},
      {"ヘレナ・ドレイクが来た。", "person.katakana_structure"},
      {"ヘレナ・ドレイクが来た。ドレイク氏名は不明だ。",
       "person.katakana_structure"},
      {"ヘレナ・ドレイクが来た。マドレイク氏は語った。",
       "person.katakana_structure"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    const corpus::Document doc = Run(*e, {c.text, {}});
    std::string source;
    for (const corpus::Mention& m : doc.mentions) {
      if (doc.normalized.substr(m.norm_begin, m.norm_end - m.norm_begin) ==
          "ヘレナ・ドレイク") {
        source = m.source;
      }
    }
    EXPECT_EQ(source, c.source) << Dump(doc);
  }
}

// Employer / origin contexts type a katakana name as a company.
TEST_F(NameExtractorTest, EmployerAndOriginContexts) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(
      *e,
      {
          // Xから + N人は + a verb of leaving, in one sentence.
          {"ゼルノバから来た5人は、のちに退社して起業した。",
           {Has("ゼルノバ", kCompany)}},
          {"クオンタリスから移った十人が、退社してから独立した。",
           {Has("クオンタリス", kCompany)}},
          // Leaving, spinning out, working at.
          {"彼はノヴァテックを辞めて起業した。",
           {Has("ノヴァテック", kCompany)}},
          {"ゼフィロスから独立したエンジニアが新会社を作った。",
           {Has("ゼフィロス", kCompany)}},
          {"研究チームはオルテアからスピンアウトした。",
           {Has("オルテア", kCompany)}},
          {"彼女は長年ブライトンに勤務していた。",
           {Lacks("ブライトン", kCompany)}},  // a place (IPADIC 地域)
          {"彼女は長年ミルヴァスに勤務していた。",
           {Has("ミルヴァス", kCompany)}},
          // 出身の / の元 + an employee noun.
          {"ヴァルデン出身の起業家が新会社を作った。",
           {Has("ヴァルデン", kCompany)}},
          {"クオリスの元エンジニアが語った。", {Has("クオリス", kCompany)}},
          // Not companies: a place before から, no leaving verb, の元で
          // (under someone), a person with an honorific.
          {"ロンドンから出発した3人は、退職後に会社を作った。",
           {Lacks("ロンドン", kCompany)}},
          {"ケルドランから来た3人は、会議で発言した。",
           {Lacks("ケルドラン", kCompany)}},
          {"彼はゼノヴィアの元で長く働いた。", {Lacks("ゼノヴィア", kCompany)}},
          {"ゼルノバさんから独立の相談を受けた。",
           {Has("ゼルノバ", kPerson), Lacks("ゼルノバ", kCompany)}},
      });
}

}  // namespace
}  // namespace kiji::extractors
