#include "lexicon/gazetteer.h"

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace kiji::lexicon {
namespace {

struct LookupCase {
  const char* tsv;
  const char* query;
  bool found;
  GazetteerType type;
  const char* canonical;
  bool ambiguous;
};

TEST(GazetteerTest, Lookup) {
  const LookupCase kCases[] = {
      {"Veltrix\tCOMPANY\n", "Veltrix", true, GazetteerType::kCompany,
       "Veltrix", false},
      {"# comment\n\nVeltrix\tORG\tVeltrix Org\tmine\n", "Veltrix", true,
       GazetteerType::kOrg, "Veltrix Org", false},
      // Names are NFKC-normalised: full-width letters, half-width katakana.
      {"\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3\tCOMPANY\n", "ABC", true,
       GazetteerType::kCompany, "ABC", false},
      {"\xEF\xBD\xB6\xEF\xBE\x9E\xEF\xBE\x97\tPRODUCT\n", "ガラ", true,
       GazetteerType::kProduct, "ガラ", false},
      {"ミナトラボ\tPERSON\n", "ミナトラボ", true, GazetteerType::kPerson,
       "ミナトラボ", false},
      {"Orbix\tNOT_ENTITY\n", "Orbix", true, GazetteerType::kNotEntity, "Orbix",
       false},
      {"ランタン\tWORD\t\tipadic\n", "ランタン", true, GazetteerType::kWord,
       "ランタン", false},
      {"青葉精工\tCOMPANY\t青葉精工\tipadic:ambiguous\n", "青葉精工", true,
       GazetteerType::kCompany, "青葉精工", true},
      // Exact surface only.
      {"Veltrix\tCOMPANY\n", "Veltrix Inc", false, GazetteerType::kCompany, "",
       false},
      {"Veltrix\tCOMPANY\n", "veltrix", false, GazetteerType::kCompany, "",
       false},
      // Later lines win.
      {"Quorra\tCOMPANY\nQuorra\tNOT_ENTITY\n", "Quorra", true,
       GazetteerType::kNotEntity, "Quorra", false},
      // CRLF and surrounding spaces.
      {"Lumex Labs \tCOMPANY\r\n", "Lumex Labs", true, GazetteerType::kCompany,
       "Lumex Labs", false},
  };
  for (const LookupCase& c : kCases) {
    SCOPED_TRACE(c.tsv);
    auto g = Gazetteer::FromText(c.tsv, "test");
    ASSERT_TRUE(g.ok()) << g.status();
    const GazetteerEntry* e = (*g)->Find(c.query);
    ASSERT_EQ(e != nullptr, c.found);
    if (!c.found) continue;
    EXPECT_EQ(e->type, c.type);
    EXPECT_EQ(e->canonical, c.canonical);
    EXPECT_EQ(e->ambiguous, c.ambiguous);
  }
}

// Many names of every length (the filter in front of the map must let each
// one through) and near misses that share a prefix, suffix or length.
TEST(GazetteerTest, FindsEveryNameAndNoNearMiss) {
  std::string tsv;
  std::vector<std::string> names;
  for (int i = 0; i < 5000; ++i) {
    std::string name = "社" + std::to_string(i) + std::string(i % 7, 'x');
    if (i % 3 == 0) name = std::to_string(i % 100);  // 1-2 bytes
    names.push_back(name);
    tsv += name + "\tCOMPANY\n";
  }
  auto g = Gazetteer::FromText(tsv, "test");
  ASSERT_TRUE(g.ok()) << g.status();
  for (const std::string& name : names) {
    ASSERT_NE((*g)->Find(name), nullptr) << name;
  }
  EXPECT_EQ((*g)->Find(""), nullptr);
  EXPECT_EQ((*g)->Find("社"), nullptr);
  EXPECT_EQ((*g)->Find("社1xx"), nullptr);    // 社1x has one x
  EXPECT_EQ((*g)->Find("社10000"), nullptr);  // i < 5000
  EXPECT_EQ((*g)->Find("100"), nullptr);      // bare numbers stop at 99
  EXPECT_EQ((*g)->Find(std::string(200, 'x')), nullptr);
}

// Names that share their first and last characters and often their length
// (the first filter cannot tell them apart; the table must), and a later
// line that retypes an earlier name.
TEST(GazetteerTest, NamesWithTheSameEndsAndRetyping) {
  std::string tsv;
  std::vector<std::string> names;
  for (int i = 0; i < 3000; ++i) {
    names.push_back("東" + std::to_string(i) + "社");
    tsv += names.back() + (i % 2 ? "\tORG\n" : "\tCOMPANY\n");
  }
  tsv += "東7社\tNOT_ENTITY\n";
  auto g = Gazetteer::FromText(tsv, "test");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ((*g)->size(), names.size());
  for (int i = 0; i < 3000; ++i) {
    const GazetteerEntry* e = (*g)->Find(names[i]);
    ASSERT_NE(e, nullptr) << names[i];
    const GazetteerType want = i == 7       ? GazetteerType::kNotEntity
                               : i % 2 == 1 ? GazetteerType::kOrg
                                            : GazetteerType::kCompany;
    EXPECT_EQ(e->type, want) << names[i];
    EXPECT_EQ(e->canonical, names[i]);
  }
  EXPECT_EQ((*g)->Find("東社"), nullptr);
  EXPECT_EQ((*g)->Find("東3000社"), nullptr);
  EXPECT_EQ((*g)->Find("東01社"), nullptr);
  EXPECT_EQ((*g)->Find("東1社社"), nullptr);
}

TEST(GazetteerTest, EmptyGazetteerFindsNothing) {
  auto g = Gazetteer::FromText("# only a comment\n\n", "empty");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ((*g)->size(), 0u);
  EXPECT_EQ((*g)->Find(""), nullptr);
  EXPECT_EQ((*g)->Find("東"), nullptr);
}

// MayBeginWith: every name's first character (of 1 to 4 bytes, after
// NFKC), and not characters no name begins with (the filter could let a few
// through, but none of these).
TEST(GazetteerTest, MayBeginWithTheFirstCharacterOfEveryName) {
  auto g = Gazetteer::FromText(
      "Acme\tCOMPANY\n"
      "\xC3\xA9"
      "cole\tORG\n"  // école
      "東洋精機\tCOMPANY\n"
      "\xF0\xA0\xAE\xB7野家\tCOMPANY\n"  // 𠮷野家
      "\xEF\xBC\xAE\xEF\xBC\xA1\tORG\n"  // ＮＡ, NFKC NA
      "ホワイト\tWORD\n",
      "test");
  ASSERT_TRUE(g.ok()) << g.status();
  for (const char* first :
       {"A", "\xC3\xA9", "東", "\xF0\xA0\xAE\xB7", "N", "ホ"}) {
    EXPECT_TRUE((*g)->MayBeginWith(first)) << first;
  }
  for (const char* other : {"c", "a", "Z", "\xC3\xA8", "洋", "機", "の", "、",
                            "\xEF\xBC\xAE", "ト", "\xF0\xA0\xAE\xB8"}) {
    EXPECT_FALSE((*g)->MayBeginWith(other)) << other;
  }
  auto empty = Gazetteer::FromText("", "empty");
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_FALSE((*empty)->MayBeginWith("A"));
  EXPECT_FALSE((*empty)->MayBeginWith("東"));
}

// Columns past the fourth are ignored; a canonical form spelled like the
// name is normalised like it, another one on its own; a valid line keeps
// each field valid (cut at tabs, trimmed of ASCII blanks).
TEST(GazetteerTest, ColumnsAndCanonicalForms) {
  // ＡＢ (NFKC AB) with itself as canonical form; ｶﾞ (NFKC ガ) likewise,
  // blank-padded; 東洋 with ＴＯＹＯ (NFKC TOYO).
  auto g = Gazetteer::FromText(
      "\xEF\xBC\xA1\xEF\xBC\xA2\tCOMPANY\t"
      "\xEF\xBC\xA1\xEF\xBC\xA2\tsrc\n"
      "Veltrix\tORG\tVeltrix Org \tmine\textra\tmore\n"
      "\xEF\xBD\xB6\xEF\xBE\x9E\tPRODUCT\t \xEF\xBD\xB6\xEF\xBE\x9E \t\n"
      "東洋\tCOMPANY\t\xEF\xBC\xB4\xEF\xBC\xAF\xEF\xBC\xB9\xEF\xBC\xAF\n",
      "origin");
  ASSERT_TRUE(g.ok()) << g.status();
  const GazetteerEntry* ab = (*g)->Find("AB");
  ASSERT_NE(ab, nullptr);
  EXPECT_EQ(ab->canonical, "AB");
  EXPECT_EQ(ab->source, "src");
  const GazetteerEntry* veltrix = (*g)->Find("Veltrix");
  ASSERT_NE(veltrix, nullptr);
  EXPECT_EQ(veltrix->type, GazetteerType::kOrg);
  EXPECT_EQ(veltrix->canonical, "Veltrix Org");
  EXPECT_EQ(veltrix->source, "mine");
  const GazetteerEntry* ga = (*g)->Find("ガ");
  ASSERT_NE(ga, nullptr);
  EXPECT_EQ(ga->canonical, "ガ");
  EXPECT_EQ(ga->source, "origin");  // empty 4th column
  const GazetteerEntry* toyo = (*g)->Find("東洋");
  ASSERT_NE(toyo, nullptr);
  EXPECT_EQ(toyo->canonical, "TOYO");
  EXPECT_EQ(toyo->source, "origin");
}

TEST(GazetteerTest, MalformedLinesAreErrorsWithLineNumbers) {
  const struct {
    const char* tsv;
    const char* where;
  } kCases[] = {
      {"Veltrix\n", "bad:1:"},
      {"# ok\nVeltrix\tFIRM\n", "bad:2:"},
      {"\tCOMPANY\n", "bad:1:"},
      {"ok\tCOMPANY\n\xFF\xFE\tCOMPANY\n", "bad:2:"},
      // Invalid UTF-8 in the canonical column only.
      {"ok\tCOMPANY\n# c\n\nx\tCOMPANY\t\xE6\xA9\n", "bad:4:"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.tsv);
    auto g = Gazetteer::FromText(c.tsv, "bad");
    ASSERT_FALSE(g.ok());
    EXPECT_EQ(g.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(std::string(g.status().message()).find(c.where),
              std::string::npos)
        << g.status();
  }
}

TEST(GazetteerTest, LoadMergesFilesInOrderAndFailsOnMissingFile) {
  const std::string a = ::testing::TempDir() + "/kiji_gaz_a.tsv";
  const std::string b = ::testing::TempDir() + "/kiji_gaz_b.tsv";
  std::ofstream(a) << "Veltrix\tCOMPANY\nPraxon\tPRODUCT\n";
  std::ofstream(b) << "Veltrix\tNOT_ENTITY\n";
  auto g = Gazetteer::Load({a, b});
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ((*g)->size(), 2u);
  EXPECT_EQ((*g)->Find("Veltrix")->type, GazetteerType::kNotEntity);
  EXPECT_EQ((*g)->Find("Praxon")->type, GazetteerType::kProduct);
  EXPECT_EQ((*g)->Find("Praxon")->source, a);

  auto missing = Gazetteer::Load({a, "/nonexistent/kiji_gaz.tsv"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  std::remove(a.c_str());
  std::remove(b.c_str());
}

TEST(GazetteerTest, NfkcNormalize) {
  EXPECT_EQ(NfkcNormalize("\xEF\xBC\x88\xE6\xA0\xAA\xEF\xBC\x89"), "(株)");
  EXPECT_EQ(NfkcNormalize("plain"), "plain");
  EXPECT_EQ(NfkcNormalize("\xFF"), "\xFF");  // invalid UTF-8 passes through
}

}  // namespace
}  // namespace kiji::lexicon
