// Gazetteer names over token spans (gazetteer_spans.cc) and the generated
// gazetteer.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/name_extractor_fixture.h"

namespace kiji::extractors {
namespace {

using name_testing::Has;
using name_testing::kCompany;
using name_testing::kOrg;
using name_testing::kPerson;
using name_testing::Lacks;
using name_testing::NameExtractorEnamdictTest;
using name_testing::NameExtractorTest;

// A gazetteer name of many tokens (日本+海洋+技術+開発+協議+会) is found
// whole, not only its listed tail without the country.
TEST_F(NameExtractorTest, LongGazetteerNamesKeepTheirPlace) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(
      *e,
      {
          {"日本海洋技術開発協議会(海技協)と政府が協議する。",
           {Has("日本海洋技術開発協議会", kOrg), Lacks("海洋技術開発協議会")}},
          {"海洋技術開発協議会は声明を出した。",
           {Has("海洋技術開発協議会", kOrg)}},
      });
}

// With the generated gazetteer (IPADIC organisations, ENAMDICT companies).
TEST_F(NameExtractorEnamdictTest, GeneratedGazetteer) {
  const std::string generated =
      std::string(KIJI_DATA_BUILD_DIR) + "/gazetteer.tsv";
  if (!std::ifstream(generated)) GTEST_SKIP() << generated << " is missing";
  NameExtractorOptions options;
  options.data_dir = KIJI_DATA_BUILD_DIR;
  options.names = index_;
  options.gazetteers = {generated, gazetteer_path_};
  auto made = NameExtractor::Create(options);
  ASSERT_TRUE(made.ok()) << made.status();
  Check(**made,
        {
            // A place that ENAMDICT also lists as a company, in a company list.
            {"ソニーやアマゾンなどの大手企業が出資した。",
             {Has("アマゾン", kCompany), Has("ソニー", kCompany)}},
            {"アマゾンやナイルなどの大河を巡った。",
             {Lacks("アマゾン", kCompany)}},
            // IPADIC organisations that ENAMDICT knows only as surnames are
            // ambiguous: a place or a family without company context, a
            // company with it; IPADIC organisations that ENAMDICT also
            // lists as companies stay companies.
            {"広島県で開かれた会合に出席した。", {Lacks("広島", kCompany)}},
            {"吉田被告は起訴内容を認めた。", {Lacks("吉田", kCompany)}},
            {"昭和の終わりに建てられた。", {Lacks("昭和", kCompany)}},
            {"東芝は新型の半導体を発表した。", {Has("東芝", kCompany)}},
            // MeCab reads these as one unknown token; WORD entries know the
            // parts.
            {"ブルー・カーボンの研究が進む。", {Lacks("ブルー・カーボン")}},
            {"ゴールデン・ルーキーが活躍した。",
             {Lacks("ゴールデン・ルーキー", kPerson)}},
        });
}

}  // namespace
}  // namespace kiji::extractors
