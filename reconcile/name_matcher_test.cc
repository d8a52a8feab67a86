#include "reconcile/name_matcher.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

#ifndef KIJI_SOURCE_DIR
#define KIJI_SOURCE_DIR "."
#endif

namespace kiji::reconcile {

using corpus::EntityType;
using lexicon::EnamdictIndex;
namespace {

std::unique_ptr<NameMatcher> MakeMatcher(const EnamdictIndex* names) {
  NameMatcherOptions options;
  options.names = names;
  auto m = NameMatcher::Create(options);
  EXPECT_TRUE(m.ok());
  return std::move(m).value();
}

TEST(KatakanaKeyTest, Table) {
  struct Case {
    const char* in;
    const char* want;
  } cases[] = {
      {"ヴァイオリン", "バイオリン"},
      {"ベートーヴェン", "ベトベン"},
      {"ヴィクトル", "ビクトル"},
      {"ヴ", "ブ"},
      {"ヴォルフ", "ボルフ"},
      {"ゼレンスキィ", "ゼレンスキ"},
      {"ゼレンスキー", "ゼレンスキ"},
      {"ジョン・シュルマン", "ジョンシュルマン"},
      {"ジャン=リュック", "ジャンリュク"},
      {"バッハ", "バハ"},
      {"ウイリアム", "ウィリアム"},
      {"フアン", "ファン"},
      {"ヰスキー", "イスキ"},
      {"ヱビス", "エビス"},
      {"オオタ", "オタ"},
      {"アァ", "ア"},
      {"ァン", "アン"},
      {"しゅるまん", "シュルマン"},
      {"サ-ビス", "サビス"},
      {"オープンAI", "オプンAI"},
      {"", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(KatakanaKey(c.in), c.want);
  }
}

TEST(SplitMoraTest, Table) {
  struct Case {
    const char* in;
    std::vector<std::string> want;
  } cases[] = {
      {"シュルマン", {"シュ", "ル", "マ", "ン"}},
      {"ファッション", {"ファ", "ッ", "ショ", "ン"}},
      {"ティー", {"ティ", "ー"}},
      {"ウィリアム", {"ウィ", "リ", "ア", "ム"}},
      {"AIデータ", {"A", "I", "デ", "ー", "タ"}},
      {"ァア", {"ァ", "ア"}},
      {"", {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(SplitMora(c.in), c.want);
  }
}

TEST(MoraDistanceTest, Table) {
  struct Case {
    const char* a;
    const char* b;
    double lo, hi;  // expected range
  } cases[] = {
      {"シュルマン", "シュルマン", 0, 0},
      {"ウラジーミル", "ウラジミール", 0, 0},
      {"ヴァイオリン", "バイオリン", 0, 0},
      {"シュルマン", "シュラルマン", 0.05, 0.15},   // inserted ラ
      {"ヤン", "ジャン", 0.1, 0.2},                 // j/y
      {"レイク", "ライク", 0.1, 0.25},              // e/a
      {"ヴィソツキー", "ヴィソスケー", 0.1, 0.25},  // s/ts, i/e
      {"ケイト", "ケート", 0, 0.1},                 // エイ/エー
      {"リオネル", "ライオネル", 0.05, 0.2},        // i/ai
      {"ロバート", "ロバーツ", 0.3, 1},             // final sibilant
      {"マーク", "マイク", 0.3, 1},                 // a/ai
      {"トニー", "トミー", 0.4, 1},
      {"ハリス", "ハリソン", 0.3, 1},
      {"シュルマン", "", 1, 1},
      {"", "", 0, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " / " + c.b);
    double d = MoraDistance(c.a, c.b);
    EXPECT_GE(d, c.lo);
    EXPECT_LE(d, c.hi);
    EXPECT_DOUBLE_EQ(d, MoraDistance(c.b, c.a));
  }
}

TEST(ConsonantCostTest, TableAgreesWithDirectComputation) {
  // The 33 classes of the table, then symbols it does not hold (ン, ッ, ー,
  // non-kana, palatalised forms outside the list).
  const char* const symbols[] = {
      "",   "k",  "g",  "s",  "sh", "z",  "j",  "t",  "ch", "ts", "d",
      "n",  "h",  "f",  "b",  "p",  "m",  "y",  "r",  "w",  "ky", "gy",
      "ny", "hy", "by", "py", "my", "ry", "kw", "gw", "th", "gj", "v",
      "N",  "Q",  "H",  "#A", "ty", "dy", "fy", "tsy", "chy", "kww", "x",
  };
  for (const char* a : symbols) {
    for (const char* b : symbols) {
      for (bool cross : {false, true}) {
        SCOPED_TRACE(std::string(a) + " / " + b + (cross ? " cross" : ""));
        EXPECT_EQ(internal::ConsonantCost(a, b, cross),
                  internal::ConsonantCostUncached(a, b, cross));
      }
    }
  }
}

TEST(ConsonantCostTest, KnownCosts) {
  struct Case {
    const char* a;
    const char* b;
    bool cross;
    double want;
  } cases[] = {
      {"s", "sh", false, 0.3}, {"sh", "s", false, 0.3}, {"b", "v", true, 0.1},
      {"ts", "z", true, 0.3},  {"ts", "z", false, 0.5}, {"ky", "k", false, 0.4},
      {"k", "m", false, 1.0},  {"k", "k", true, 0.0},   {"", "w", true, 0.3},
      {"ty", "t", false, 0.4}, {"N", "n", false, 1.0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " / " + c.b);
    EXPECT_DOUBLE_EQ(internal::ConsonantCost(c.a, c.b, c.cross), c.want);
  }
}

TEST(FirstConsonantOfKanaTest, Table) {
  struct Case {
    const char* in;
    const char* want;
  } cases[] = {
      {"スミス", "s"},       {"アリス", ""},         {"ンゴロ", "n"},
      {"ッタ", "t"},         {"ーキ", "k"},          {"シャーロット", "sh"},
      {"ジョン", "j"},       {"ヴィクトル", "b"},    {"ウィリアム", "w"},
      {"イェーツ", "y"},     {"キャサリン", "ky"},   {"チャールズ", "ch"},
      {"ファン", "f"},       {"ティム", "t"},        {"デューク", "dy"},
      {"ヨハン", "y"},       {"しゅるまん", "sh"},   {"ヂョー", "j"},
      {"AIデータ", "#A"},    {"", ""},               {"・", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(internal::FirstConsonantOfKana(c.in), c.want);
    EXPECT_EQ(internal::FirstConsonantOfKana(c.in),
              internal::FirstConsonantOfKanaUncached(c.in));
  }
}

TEST(NameMatcherTest, CreateRejectsBadThreshold) {
  NameMatcherOptions o;
  o.threshold = 0;
  EXPECT_FALSE(NameMatcher::Create(o).ok());
  o.threshold = 1.5;
  EXPECT_FALSE(NameMatcher::Create(o).ok());
}

TEST(NameMatcherTest, LoneSurnameIsPartial) {
  auto m = MakeMatcher(nullptr);
  NameMatch r = m->Match("シュルマン", "ジョン・シュルマン", EntityType::kPerson);
  EXPECT_FALSE(r.same);
  EXPECT_NE(r.why.find("partial: surname only"), std::string::npos) << r.why;
  EXPECT_LT(r.score, m->options().threshold);
  NameMatch g = m->Match("ジョン", "ジョン・シュルマン", EntityType::kPerson);
  EXPECT_FALSE(g.same);
  EXPECT_NE(g.why.find("partial: given name only"), std::string::npos);
  EXPECT_TRUE(m->Match("ジョンシュルマン", "ジョン・シュルマン",
                       EntityType::kPerson)
                  .same);
  EXPECT_TRUE(m->SurnameCompatible("ジョン・シュルマン", "シュルマン"));
  EXPECT_TRUE(m->SurnameCompatible("ジョン・シュラルマン", "シュルマン"));
  EXPECT_TRUE(m->SurnameCompatible("John Schulman", "シュルマン"));
  EXPECT_FALSE(m->SurnameCompatible("ジョン・シュルマン", "ジョン"));
  EXPECT_FALSE(m->SurnameCompatible("ジョン・シュルマン", "スミス"));
  EXPECT_TRUE(m->SurnameCompatible("山田太郎", "山田"));
  EXPECT_FALSE(m->SurnameCompatible("山田太郎", "田中"));
  // Invented names. One kanji: the surname of short names only.
  EXPECT_TRUE(m->SurnameCompatible("楠史", "楠"));
  EXPECT_TRUE(m->SurnameCompatible("楠史郎", "楠"));
  EXPECT_FALSE(m->SurnameCompatible("楠木史郎", "楠"));
  EXPECT_TRUE(m->SurnameCompatible("楠木史郎", "楠木"));
  EXPECT_FALSE(m->SurnameCompatible("楠木", "楠木"));
  NameMatch k = m->Match("楠木", "楠木史郎", EntityType::kPerson);
  EXPECT_FALSE(k.same);
  EXPECT_EQ(k.why, "partial: surname only (kanji prefix)");
  EXPECT_FALSE(m->Match("楠木史郎", "楠木志保", EntityType::kPerson).same);
  // Punctuation is no surname (a fuzzer finding: it matched every kanji
  // name while sharing no blocking key with it).
  EXPECT_FALSE(m->SurnameCompatible("山田太郎", " '"));
  EXPECT_FALSE(m->SurnameCompatible("山田太郎", "・"));
  // Nor is a name of another script the surname of one written in kanji
  // (another fuzzer finding: Latin letters around one kanji made a "kanji"
  // full name whose key began with the Latin surname's).
  EXPECT_FALSE(m->SurnameCompatible("OOOO㪓OOO", "OO"));
  EXPECT_FALSE(m->SurnameCompatible("OO", "OOOO㪓OOO"));
}

TEST(NameMatcherTest, TruncatedSurname) {
  auto m = MakeMatcher(nullptr);
  struct Case {
    const char* a;
    const char* b;
    bool same;
  } cases[] = {
      {"ジョン・ロックフェー", "ジョン・ロックフェラー", true},
      {"ミハイル・ゴルバー", "ミハイル・ゴルバチョフ", true},
      {"ミハイル・ゴルバー", "セルゲイ・ゴルバチョフ", false},  // given differs
      {"ジョン・スミス", "ジョン・スミスソン", false},          // no final ー
      {"ロバート・ウィルキー", "ロバート・ウィルキンス", false},  // -ns
      {"ジョン・ミラー", "ジョン・ミラード", false},            // 2 morae
      {"ジョン・ロックフェー", "ジョン・ロックウェル", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " / " + c.b);
    NameMatch r = m->Match(c.a, c.b, EntityType::kPerson);
    EXPECT_EQ(r.same, c.same) << r.score << " " << r.why;
    EXPECT_EQ(m->Match(c.b, c.a, EntityType::kPerson).same, c.same);
    if (c.same) {
      EXPECT_NEAR(r.score, m->options().threshold + 0.01, 1e-9);
      EXPECT_EQ(r.why.rfind("person: truncated surname", 0), 0u) << r.why;
    }
  }
}

TEST(NameMatcherTest, EvidenceIsExposed) {
  auto m = MakeMatcher(nullptr);
  NameMatch r = m->Match("ジョン・シュラルマン", "ジョン・シュルマン",
                         EntityType::kPerson);
  EXPECT_TRUE(r.same);
  EXPECT_GT(r.score, 0.75);
  EXPECT_LT(r.score, 1.0);
  EXPECT_NE(r.why.find("surname"), std::string::npos) << r.why;
  EXPECT_NE(r.why.find("mora"), std::string::npos) << r.why;
  NameMatch c = m->Match("OpenAI", "SB OpenAI Japan", EntityType::kCompany);
  EXPECT_FALSE(c.same);
  EXPECT_NE(c.why.find("partial: extra tokens"), std::string::npos) << c.why;
  EXPECT_TRUE(m->Match("オープンAI", "OpenAI", EntityType::kCompany).same);
  NameMatch d = m->Match("2024-01-02", "2024-01-02", EntityType::kDate);
  EXPECT_TRUE(d.same);
  EXPECT_FALSE(m->Match("2024-01-02", "2024-01-03", EntityType::kDate).same);
}

TEST(NameMatcherTest, CompanyAcrossScriptsJoinsTokensAndDropsPluralS) {
  auto m = MakeMatcher(nullptr);
  // Katakana drops the plural s of an English company word.
  NameMatch labs = m->Match("ケストレル・ラボ", "Kestrel Labs",
                            EntityType::kCompany);
  EXPECT_TRUE(labs.same) << labs.why;
  EXPECT_NE(labs.why.find("plural s dropped"), std::string::npos) << labs.why;
  // One katakana word for two Latin tokens, in either order of arguments.
  for (const auto& [a, b] :
       {std::pair<std::string, std::string>{"ハーバーライト・キャピタル",
                                            "Harbor Light Capital"},
        {"Harbor Light Capital", "ハーバーライト・キャピタル"}}) {
    NameMatch r = m->Match(a, b, EntityType::kCompany);
    EXPECT_TRUE(r.same) << a << " / " << b << ": " << r.why;
  }
  // Still every token must be covered, and Latin tokens are never joined
  // against each other.
  EXPECT_FALSE(m->Match("ハーバー・キャピタル", "Harbor Light Capital",
                        EntityType::kCompany)
                   .same);
  EXPECT_FALSE(
      m->Match("HarborLight", "Harbor Lights", EntityType::kCompany).same);
  EXPECT_FALSE(m->Match("Kestrel Labs", "Kestrel Lab", EntityType::kCompany)
                   .same);
}

TEST(NameMatcherTest, ScoresAreInRangeAndSymmetric) {
  auto m = MakeMatcher(nullptr);
  const char* names[] = {"ジョン・シュルマン", "John Schulman", "シュルマン",
                         "ジョン", "ヤン・ライク", "ジャン・レイク", "山田太郎",
                         "", "・", "A", "ジョージ・W・ブッシュ", "オープンAI"};
  for (const char* a : names) {
    for (const char* b : names) {
      for (EntityType t : {EntityType::kPerson, EntityType::kCompany}) {
        NameMatch x = m->Match(a, b, t), y = m->Match(b, a, t);
        SCOPED_TRACE(std::string(a) + " / " + b);
        EXPECT_GE(x.score, 0.0);
        EXPECT_LE(x.score, 1.0);
        EXPECT_EQ(x.same, y.same);
        EXPECT_FALSE(x.why.empty());
      }
    }
  }
}

struct PairRow {
  std::string a, b, note;
  EntityType type;
  bool same;
};

std::vector<PairRow> ReadPairs(const std::string& path) {
  std::vector<PairRow> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("a\tb\t", 0) == 0) {
      continue;
    }
    std::vector<std::string> f;
    size_t start = 0;
    while (true) {
      size_t p = line.find('\t', start);
      f.push_back(line.substr(start, p - start));
      if (p == std::string::npos) break;
      start = p + 1;
    }
    if (f.size() < 5) {
      ADD_FAILURE() << "malformed row: " << line;
      continue;
    }
    rows.push_back({f[0], f[1], f[4],
                    f[2] == "PERSON" ? EntityType::kPerson
                                     : EntityType::kCompany,
                    f[3] == "1"});
  }
  return rows;
}

std::string DataPath(const char* name) {
  const char* dir = std::getenv("KIJI_SOURCE_DIR");
  return std::string(dir != nullptr ? dir : KIJI_SOURCE_DIR) +
         "/tests/data/" + name;
}

// Every pair of the table, without the ENAMDICT index: rows marked
// [enamdict] must then come out apart (never merged on phonetics alone).
TEST(NameMatcherTableTest, NamePairsWithoutIndex) {
  std::vector<PairRow> rows = ReadPairs(DataPath("name_pairs.tsv"));
  ASSERT_GE(rows.size(), 80u);
  auto m = MakeMatcher(nullptr);
  for (const PairRow& r : rows) {
    bool want = r.same && r.note.rfind("[enamdict]", 0) != 0;
    NameMatch got = m->Match(r.a, r.b, r.type);
    EXPECT_EQ(got.same, want) << r.a << " / " << r.b << " (" << r.note
                              << "): score " << got.score << " " << got.why;
  }
}

// The same table with the real index, when the build made one
// (KIJI_ENAMDICT_INDEX=path).
TEST(NameMatcherTableTest, NamePairsWithIndex) {
  const char* path = std::getenv("KIJI_ENAMDICT_INDEX");
  if (path == nullptr) GTEST_SKIP() << "KIJI_ENAMDICT_INDEX not set";
  auto index = EnamdictIndex::Load(path);
  ASSERT_TRUE(index.ok()) << index.status();
  auto m = MakeMatcher(index->get());
  for (const PairRow& r : ReadPairs(DataPath("name_pairs.tsv"))) {
    NameMatch got = m->Match(r.a, r.b, r.type);
    EXPECT_EQ(got.same, r.same) << r.a << " / " << r.b << " (" << r.note
                                << "): score " << got.score << " " << got.why;
  }
}

// Blocking keys are complete: any two names that match (or are surname
// compatible) share a key. Checked over all name combinations of both tables.
TEST(NameMatcherTableTest, BlockingKeysCoverEveryMatch) {
  std::vector<PairRow> rows = ReadPairs(DataPath("name_pairs.tsv"));
  std::vector<PairRow> more = ReadPairs(DataPath("name_pairs_holdout.tsv"));
  rows.insert(rows.end(), more.begin(), more.end());
  auto m = MakeMatcher(nullptr);
  for (EntityType type : {EntityType::kPerson, EntityType::kCompany}) {
    std::vector<std::string> names;
    for (const PairRow& r : rows) {
      if (r.type != type) continue;
      names.push_back(r.a);
      names.push_back(r.b);
    }
    std::vector<std::vector<std::string>> keys;
    for (const auto& n : names) {
      keys.push_back(m->BlockingKeys(n, type));
      EXPECT_FALSE(keys.back().empty()) << n;
      EXPECT_LE(keys.back().size(), 40u) << n;
    }
    int matches = 0;
    for (size_t i = 0; i < names.size(); ++i) {
      for (size_t j = i + 1; j < names.size(); ++j) {
        bool linked = m->Match(names[i], names[j], type).same;
        if (type == EntityType::kPerson) {
          linked = linked || m->SurnameCompatible(names[i], names[j]) ||
                   m->SurnameCompatible(names[j], names[i]);
        }
        if (!linked) continue;
        ++matches;
        std::vector<std::string> common;
        std::set_intersection(keys[i].begin(), keys[i].end(), keys[j].begin(),
                              keys[j].end(), std::back_inserter(common));
        EXPECT_FALSE(common.empty()) << names[i] << " / " << names[j];
      }
    }
    EXPECT_GT(matches, 20);
  }
}

TEST(NameMatcherTableTest, PreparedNamesGiveTheSameAnswers) {
  // Each name prepared once and matched against every other, as the
  // reconciler does with its remembered variants.
  std::vector<PairRow> rows = ReadPairs(DataPath("name_pairs.tsv"));
  auto m = MakeMatcher(nullptr);
  for (EntityType type : {EntityType::kPerson, EntityType::kCompany}) {
    std::vector<std::string> names;
    for (const PairRow& r : rows) {
      if (r.type != type) continue;
      names.push_back(r.a);
      names.push_back(r.b);
    }
    std::vector<std::shared_ptr<const PreparedName>> prepared;
    for (const std::string& n : names) prepared.push_back(m->Prepare(n, type));
    int same = 0, surname = 0;
    for (size_t i = 0; i < names.size(); ++i) {
      for (size_t j = 0; j < names.size(); ++j) {
        SCOPED_TRACE(names[i] + " / " + names[j]);
        const NameMatch want = m->Match(names[i], names[j], type);
        const NameMatch got = m->Match(*prepared[i], *prepared[j]);
        EXPECT_EQ(got.same, want.same);
        EXPECT_EQ(got.score, want.score);
        EXPECT_EQ(got.why, want.why);
        same += got.same ? 1 : 0;
        if (type != EntityType::kPerson) continue;
        const bool compatible = m->SurnameCompatible(names[i], names[j]);
        EXPECT_EQ(m->SurnameCompatible(*prepared[i], *prepared[j]),
                  compatible);
        surname += compatible ? 1 : 0;
      }
    }
    EXPECT_GT(same, static_cast<int>(names.size()));  // more than i == j
    if (type == EntityType::kPerson) {
      EXPECT_GT(surname, 0);
    }
  }
}

TEST(NameMatcherTest, ConcurrentUseGivesSameAnswers) {
  auto m = MakeMatcher(nullptr);
  std::vector<PairRow> rows = ReadPairs(DataPath("name_pairs.tsv"));
  std::vector<NameMatch> want;
  for (const PairRow& r : rows) want.push_back(m->Match(r.a, r.b, r.type));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = 0; i < rows.size(); ++i) {
        NameMatch got = m->Match(rows[i].a, rows[i].b, rows[i].type);
        if (got.same != want[i].same || got.score != want[i].score) {
          ++mismatches[t];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int x : mismatches) EXPECT_EQ(x, 0);
}

}  // namespace
}  // namespace kiji::reconcile
