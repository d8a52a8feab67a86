// Fixtures of the name extractor's tests (extractors/name_extractor_test.cc
// and extractors/names/*_test.cc): a MeCab tokenizer and a small gazetteer
// of invented names shared by a test suite, the real ENAMDICT index for
// NameExtractorEnamdictTest, and table checks of expected mentions.
#ifndef KIJI_TESTS_TESTING_NAME_EXTRACTOR_FIXTURE_H_
#define KIJI_TESTS_TESTING_NAME_EXTRACTOR_FIXTURE_H_

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corpus/document.h"
#include "lexicon/enamdict_index.h"
#include "extractors/name_extractor.h"
#include "gtest/gtest.h"
#include "tokenizers/mecab_tokenizer.h"

namespace kiji::extractors::name_testing {

using corpus::EntityType;

inline constexpr char kEnamdict[] = "/usr/share/edict/enamdict";

// What a case expects: `surface` found with `type`, or (absent) never found
// with `type` (nullopt: with any type).
struct Expect {
  const char* surface;
  std::optional<EntityType> type;
  bool present = true;
};

inline Expect Has(const char* s, EntityType t) { return {s, t, true}; }
inline Expect Lacks(const char* s, std::optional<EntityType> t = std::nullopt) {
  return {s, t, false};
}

struct Case {
  const char* text;  // already normalised
  std::vector<Expect> expects;
  const char* lang = "ja";
};

inline constexpr EntityType kPerson = EntityType::kPerson;
inline constexpr EntityType kCompany = EntityType::kCompany;
inline constexpr EntityType kOrg = EntityType::kOrg;
inline constexpr EntityType kProduct = EntityType::kProduct;

class NameExtractorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto mecab = tokenizers::MecabTokenizer::Create();
    ASSERT_TRUE(mecab.ok()) << mecab.status();
    mecab_ = mecab->release();
    gazetteer_path_ = ::testing::TempDir() + "/kiji_name_test_gazetteer." +
                      std::to_string(::getpid()) + ".tsv";
    std::ofstream(gazetteer_path_)
        << "# test gazetteer\n"
           "Veltrix\tCOMPANY\n"
           "ヴェルトリクス\tCOMPANY\tVeltrix\n"
           "Orbiscope\tPRODUCT\n"
           "カンナ精機\tCOMPANY\n"
           "Torrance Group\tNOT_ENTITY\n"
           "ハルモニア\tCOMPANY\tハルモニア\tipadic:ambiguous\n"
           "ZQX\tCOMPANY\tZQX\tipadic:ambiguous\n"
           "ホワイト\tWORD\n"
           "グリーン\tWORD\n"
           "ボード\tWORD\n"
           // Company entries that are also a surname, an era, a chamber,
           // an index prefix, an acronym (suffix/context tests below).
           "杉浦\tCOMPANY\n"
           "大正\tCOMPANY\n"
           "参院\tCOMPANY\n"
           "東証\tCOMPANY\n"
           "KDR\tCOMPANY\n"
           // A long name and its tail without the country, both listed.
           "日本海洋技術開発協議会\tORG\n"
           "海洋技術開発協議会\tORG\n"
           // IPADIC types all-caps organisations as companies.
           "EU\tCOMPANY\n";
  }
  static void TearDownTestSuite() {
    delete mecab_;
    mecab_ = nullptr;
    std::remove(gazetteer_path_.c_str());
  }

  static std::unique_ptr<NameExtractor> Make(
      const lexicon::EnamdictIndex* names) {
    NameExtractorOptions options;
    options.data_dir = KIJI_DATA_BUILD_DIR;
    options.names = names;
    options.gazetteers = {gazetteer_path_};
    auto e = NameExtractor::Create(options);
    EXPECT_TRUE(e.ok()) << e.status();
    return e.ok() ? std::move(e).value() : nullptr;
  }

  static corpus::Document Run(const NameExtractor& e, const Case& c) {
    corpus::Document doc;
    doc.normalized = c.text;
    doc.lang = c.lang;
    if (doc.lang == "ja") mecab_->Tokenize(&doc);
    e.Extract(&doc);
    return doc;
  }

  static std::string Dump(const corpus::Document& doc) {
    std::string out;
    for (const corpus::Mention& m : doc.mentions) {
      out += std::string(corpus::EntityTypeName(m.type)) + " [" +
             doc.normalized.substr(m.norm_begin, m.norm_end - m.norm_begin) +
             "] " + m.source + "\n";
    }
    return out;
  }

  static void Check(const NameExtractor& e, const std::vector<Case>& cases) {
    for (const Case& c : cases) {
      SCOPED_TRACE(c.text);
      const corpus::Document doc = Run(e, c);
      for (const Expect& x : c.expects) {
        bool found = false;
        for (const corpus::Mention& m : doc.mentions) {
          const std::string s =
              doc.normalized.substr(m.norm_begin, m.norm_end - m.norm_begin);
          if (s == x.surface && (!x.type || m.type == *x.type)) found = true;
        }
        EXPECT_EQ(found, x.present)
            << (x.present ? "missing " : "unexpected ") << x.surface
            << (x.type ? " " + std::string(corpus::EntityTypeName(*x.type))
                       : std::string())
            << "\nmentions:\n"
            << Dump(doc);
      }
      // Offsets: in range, on the text, non-overlapping.
      for (size_t i = 0; i < doc.mentions.size(); ++i) {
        const corpus::Mention& m = doc.mentions[i];
        EXPECT_LT(m.norm_begin, m.norm_end);
        EXPECT_LE(m.norm_end, doc.normalized.size());
        if (i > 0) {
          EXPECT_LE(doc.mentions[i - 1].norm_end, m.norm_begin);
        }
      }
    }
  }

  static tokenizers::MecabTokenizer* mecab_;
  static std::string gazetteer_path_;
};

// Cases that use the real ENAMDICT index.
class NameExtractorEnamdictTest : public NameExtractorTest {
 protected:
  static void SetUpTestSuite() {
    NameExtractorTest::SetUpTestSuite();
    if (!std::ifstream(kEnamdict)) return;
    const std::string path = ::testing::TempDir() + "/kiji_name_test." +
                             std::to_string(::getpid()) + ".idx";
    absl::Status built = lexicon::BuildEnamdictIndex(kEnamdict, path);
    ASSERT_TRUE(built.ok()) << built;
    auto index = lexicon::EnamdictIndex::Load(path);
    ASSERT_TRUE(index.ok()) << index.status();
    index_ = index->release();
    std::remove(path.c_str());
  }
  static void TearDownTestSuite() {
    delete index_;
    index_ = nullptr;
    NameExtractorTest::TearDownTestSuite();
  }
  void SetUp() override {
    if (index_ == nullptr) GTEST_SKIP() << kEnamdict << " is not installed";
  }
  static lexicon::EnamdictIndex* index_;
};

}  // namespace kiji::extractors::name_testing

#endif  // KIJI_TESTS_TESTING_NAME_EXTRACTOR_FIXTURE_H_
