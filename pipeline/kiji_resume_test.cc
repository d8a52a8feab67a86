// A run stopped at any batch boundary and resumed ends exactly as one
// uninterrupted run (issue #14, item 1): the same store, the same three
// output files. The corpus is made so that variants are shared between
// entities (a bare company stem that is first an entity of its own and later
// the gloss of a full name; surnames shared by several people; kanji names
// and their surnames), which is where the owner of a variant used to depend
// on the order of events rather than on the stored registry.
//
// The stop is deterministic: KIJI_TEST_KILL_AFTER_BATCHES=N makes `kiji`
// SIGKILL itself right after committing its N-th batch (64 files a batch).
#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testing/cli.h"

namespace {

namespace fs = std::filesystem;
using kiji::testing::FreshDir;
using kiji::testing::KijiBinary;
using kiji::testing::ReadAll;
using kiji::testing::Sql;
using kiji::testing::WriteFile;

constexpr int kFiles = 320;  // five batches of 64

// Articles built from a fixed seed: companies with their glosses and bare
// stems, people with shared surnames (katakana, Latin and kanji), in
// varying combinations, so that many variant keys end up known to more
// than one entity.
fs::path MakeSharedVariantCorpus(const fs::path& dir) {
  const fs::path in = dir / "in";
  fs::create_directories(in);
  // {full name, bare stem or surname}: the bare form alone, the full form
  // alone, and the full form glossed or followed by the bare form.
  const std::vector<std::pair<std::string, std::string>> companies = {
      {"トヨタ自動車", "トヨタ"},       {"日本銀行", "日銀"},
      {"ソフトバンクグループ", "ソフトバンク"},
      {"三菱商事", "三菱"},           {"三菱重工業", "三菱"},
      {"日立製作所", "日立"},         {"オープンAI", "オープン"}};
  const std::vector<std::pair<std::string, std::string>> people = {
      {"ジョン・スミス", "スミス"},     {"ジェーン・スミス", "スミス"},
      {"ジョン・スミシー", "スミシー"}, {"サム・アルトマン", "アルトマン"},
      {"サム・オルトマン", "オルトマン"},
      {"山田太郎", "山田"},           {"山田花子", "山田"},
      {"大河内信彦", "大河内"},       {"佐藤一郎", "佐藤"}};
  std::mt19937 rng(20261206);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  for (int i = 0; i < kFiles; ++i) {
    std::ostringstream s;
    s << "2024年" << (i % 12 + 1) << "月" << (i % 28 + 1) << "日\n";
    const int sentences = 2 + static_cast<int>(pick(3));
    for (int k = 0; k < sentences; ++k) {
      const auto& [full_c, bare_c] = companies[pick(companies.size())];
      const auto& [full_p, bare_p] = people[pick(people.size())];
      switch (pick(6)) {
        case 0:
          s << bare_c << "は" << (i + k + 1) << "億円を調達した。";
          break;
        case 1:
          s << full_c << "(" << bare_c << ")は新工場を建設すると発表した。"
            << bare_c << "の広報担当者が明らかにした。";
          break;
        case 2:
          s << full_c << "は" << full_p << "氏を社長に起用した。" << bare_p
            << "氏は就任会見に臨んだ。";
          break;
        case 3:
          s << bare_p << "氏は" << bare_c << "との提携について語った。";
          break;
        case 4:
          s << full_p << "氏が" << full_c << "の株主総会に出席した。";
          break;
        default:
          s << full_c << "と" << bare_c << "系の企業が協議した。" << full_p
            << "氏と" << bare_p << "氏が同席した。";
          break;
      }
    }
    s << "\n記事番号" << i << "。\n";
    char name[32];
    std::snprintf(name, sizeof name, "art_%04d.txt", i);
    WriteFile(in / name, s.str());
  }
  return in;
}

// Everything of the store that a run decides, in a canonical order.
std::string StoreDump(const fs::path& db) {
  return Sql(db,
             "SELECT doc_id, path, encoding, lang, date, chars, status, seq "
             "FROM documents ORDER BY seq;"
             "SELECT * FROM mentions ORDER BY doc_id, ord;"
             "SELECT * FROM entities ORDER BY seq;"
             "SELECT * FROM variants ORDER BY entity_id, text;"
             "SELECT * FROM entity_docs ORDER BY entity_id, doc_seq;"
             "SELECT * FROM evidence ORDER BY entity_id, variant, rule, other;");
}

// Runs `kiji ingest IN --out OUT --store DB` with `kill_after` batches
// (0: never killed); returns the wait status.
int Ingest(const fs::path& in, const fs::path& out, const fs::path& db,
           int kill_after, const fs::path& log) {
  std::string cmd;
  if (kill_after > 0) {
    cmd = "KIJI_TEST_KILL_AFTER_BATCHES=" + std::to_string(kill_after) + " ";
  }
  cmd += "'" + KijiBinary() + "' ingest '" + in.string() + "' --out '" +
         out.string() + "' --store '" + db.string() +
         "' --quiet --threads 2 --date 2024-12-01 2>'" + log.string() + "'";
  return std::system(cmd.c_str());
}

class KijiResumeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(FreshDir("kiji_resume", "suite"));
    in_ = new fs::path(MakeSharedVariantCorpus(*dir_));
    const int status =
        Ingest(*in_, *dir_ / "ref", *dir_ / "ref.db", 0, *dir_ / "ref.log");
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << ReadAll(*dir_ / "ref.log");
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete in_;
  }
  static fs::path* dir_;
  static fs::path* in_;
};
fs::path* KijiResumeTest::dir_ = nullptr;
fs::path* KijiResumeTest::in_ = nullptr;

TEST_F(KijiResumeTest, TheCorpusSharesVariantsBetweenEntities) {
  // The property under test needs variants known to several entities.
  const std::string shared =
      Sql(*dir_ / "ref.db",
          "SELECT count(*) FROM (SELECT text FROM variants GROUP BY text "
          "HAVING count(DISTINCT entity_id) > 1)");
  EXPECT_GE(std::atoi(shared.c_str()), 3) << shared;
}

TEST_F(KijiResumeTest, KilledAtEveryBatchBoundaryAndResumedEqualsOneRun) {
  const std::string want_store = StoreDump(*dir_ / "ref.db");
  for (int batches = 1; batches < kFiles / 64; ++batches) {
    SCOPED_TRACE("killed after batch " + std::to_string(batches));
    const fs::path out = *dir_ / ("out" + std::to_string(batches));
    const fs::path db = *dir_ / ("db" + std::to_string(batches) + ".db");
    const fs::path log = *dir_ / ("log" + std::to_string(batches));
    const int killed = Ingest(*in_, out, db, batches, log);
    // std::system reports a child killed by a signal as the shell's exit
    // status 128 + signal, or the signal itself.
    const bool by_sigkill =
        (WIFSIGNALED(killed) && WTERMSIG(killed) == SIGKILL) ||
        (WIFEXITED(killed) && WEXITSTATUS(killed) == 128 + SIGKILL);
    ASSERT_TRUE(by_sigkill) << "status " << killed << ": " << ReadAll(log);
    EXPECT_EQ(Sql(db, "SELECT count(*) FROM documents"),
              std::to_string(64 * batches) + "\n");
    const int resumed = Ingest(*in_, out, db, 0, log);
    ASSERT_TRUE(WIFEXITED(resumed) && WEXITSTATUS(resumed) == 0)
        << ReadAll(log);
    for (const char* f : {"documents.jsonl", "entities.jsonl", "names.jsonl"}) {
      SCOPED_TRACE(f);
      EXPECT_TRUE(ReadAll(out / f) == ReadAll(*dir_ / "ref" / f))
          << "differs from the uninterrupted run";
    }
    EXPECT_TRUE(StoreDump(db) == want_store)
        << "store differs from the uninterrupted run";
  }
}

TEST_F(KijiResumeTest, ACorpusIngestedInTwoPartsEqualsOneRun) {
  // Yesterday's files, then today's: the registry is reloaded from the
  // store in between, as after a stop. The entities and their variants
  // equal those of one run over all files.
  const fs::path part1 = *dir_ / "part1";
  const fs::path part2 = *dir_ / "part2";
  fs::create_directories(part1);
  fs::create_directories(part2);
  for (const auto& e : fs::directory_iterator(*in_)) {
    const std::string name = e.path().filename().string();
    fs::copy_file(e.path(), (name < "art_0150" ? part1 : part2) / name);
  }
  const fs::path db = *dir_ / "parts.db";
  const fs::path log = *dir_ / "parts.log";
  for (const fs::path& part : {part1, part2}) {
    const int status = Ingest(part, *dir_ / "parts_out", db, 0, log);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << ReadAll(log);
  }
  const char* kRegistry =
      "SELECT entity_id, type, canonical, seq FROM entities ORDER BY seq;"
      "SELECT * FROM variants ORDER BY entity_id, text;"
      "SELECT m.entity_id, m.text, count(*) FROM mentions m "
      "WHERE m.entity_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2;";
  EXPECT_TRUE(Sql(db, kRegistry) == Sql(*dir_ / "ref.db", kRegistry))
      << "registry differs from the one-run registry";
}

}  // namespace
