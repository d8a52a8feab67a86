// Store safety tests of `kiji ingest` (issue #14), running the real binary:
// two runs that reach one store through a hard link or a symlink wait for
// each other and end as sequential runs do; a damaged store (bytes
// overwritten, bit flips, truncated, not SQLite at all) is refused with exit
// status 3 and left as it was; store errors say what happened in the user's
// words, with the store's path and the cause.
//
// The binary under test is KIJI_BINARY, or $KIJI_TEST_BINARY when set.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/testing/cli.h"


namespace {

namespace fs = std::filesystem;
using kiji::testing::FreshDir;
using kiji::testing::KijiBinary;
using kiji::testing::ReadAll;
using kiji::testing::Sql;
using kiji::testing::WriteFile;

using Child = kiji::testing::KijiChild;
using kiji::testing::SpawnKiji;

Child Spawn(const std::vector<std::string>& args, const fs::path& log,
            const std::vector<std::string>& prefix = {}) {
  return SpawnKiji(args, log, prefix);
}

// Whether the child has ended (without waiting).
bool Ended(Child* c) {
  int status = 0;
  if (!c->status && c->pid > 0 &&
      ::waitpid(c->pid, &status, WNOHANG) == c->pid) {
    c->status = status;
  }
  return c->status.has_value();
}

// The exit status, or -1 when killed by a signal.
int Wait(const Child& c) {
  int status = c.status.value_or(0);
  if (!c.status && (c.pid < 0 || ::waitpid(c.pid, &status, 0) != c.pid)) {
    return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int RunKiji(const std::vector<std::string>& args, const fs::path& log,
            std::string* err, const std::vector<std::string>& prefix = {}) {
  const int code = Wait(Spawn(args, log, prefix));
  *err = ReadAll(log);
  return code;
}

std::vector<std::string> IngestArgs(const fs::path& in, const fs::path& out,
                                    const fs::path& db) {
  return {"ingest",    in.string(), "--out",     out.string(), "--store",
          db.string(), "--quiet",   "--threads", "1"};
}

// Everything of the store that a run decides, in a canonical order.
std::string StoreDump(const fs::path& db) {
  return Sql(
      db,
      "SELECT doc_id, path, encoding, lang, date, chars, status, seq "
      "FROM documents ORDER BY seq;"
      "SELECT * FROM mentions ORDER BY doc_id, ord;"
      "SELECT * FROM entities ORDER BY seq;"
      "SELECT * FROM variants ORDER BY entity_id, text;"
      "SELECT * FROM entity_docs ORDER BY entity_id, doc_seq;"
      "SELECT * FROM evidence ORDER BY entity_id, variant, rule, other;");
}

// `n` small articles numbered from `first` naming a few people and
// companies in varying spellings, so that reconciliation across documents
// (and across runs) matters.
fs::path MakeCorpus(const fs::path& in, int first, int n) {
  fs::create_directories(in);
  const char* people[] = {"ジョン・スミス",   "ジョン・スミス",   "山田太郎",
                          "サム・アルトマン", "サム・オルトマン", "佐藤花子"};
  const char* companies[] = {"株式会社テスト", "トヨタ自動車", "オープンAI",
                             "ソフトバンクグループ", "日立製作所"};
  for (int i = first; i < first + n; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "art_%04d.txt", i);
    std::ostringstream s;
    s << "2024年" << (i % 12 + 1) << "月" << (i % 28 + 1) << "日\n"
      << companies[i % 5] << "は" << (i + 1) << "億円を調達した。"
      << people[i % 6] << "氏が" << companies[(i + 2) % 5] << "と会談した。"
      << "記事番号" << i << "。前年比で約" << (i % 9 + 1) << "割増えた。\n";
    // About 2 KB of body per article.
    for (int k = 0; k < 16; ++k) {
      s << "本文の段落" << k << "では、市場の動向と各社の戦略について"
        << "詳しく説明している。\n";
    }
    WriteFile(in / name, s.str());
  }
  return in;
}

// Two runs over disjoint halves of a corpus on one store reached by two
// names, B started while A holds the store: B waits for A, and store and
// output files equal those of the two runs one after the other.
class KijiStoreLinkTest : public ::testing::Test {
 protected:
  static constexpr int kFilesPerRun = 320;  // five batches

  static void SetUpTestSuite() {
    dir_ = new fs::path(FreshDir("kiji_store_safety", "links"));
    MakeCorpus(*dir_ / "in_a", 0, kFilesPerRun);
    MakeCorpus(*dir_ / "in_b", kFilesPerRun, kFilesPerRun);
    // The reference: A, then B.
    for (const std::string run : {"a", "b"}) {
      std::string err;
      const int code =
          RunKiji(IngestArgs(*dir_ / ("in_" + run), *dir_ / ("ref_ab_" + run),
                             *dir_ / "ref_ab.db"),
                  *dir_ / "ref.stderr", &err);
      ASSERT_EQ(code, 0) << err;
    }
  }
  static void TearDownTestSuite() { delete dir_; }

  // Runs A through `a_path` and B through `b_path` so that they overlap
  // for sure: A is paused (SIGSTOP) once it has written to the store, B is
  // started, and A goes on when B says it waits (or has ended).
  static void ExpectSerialised(const std::string& name, const fs::path& db,
                               const fs::path& a_path, const fs::path& b_path) {
    const fs::path out_a = *dir_ / (name + "_a"), out_b = *dir_ / (name + "_b");
    Child a = Spawn(IngestArgs(*dir_ / "in_a", out_a, a_path),
                    *dir_ / (name + "_a.stderr"));
    ASSERT_GT(a.pid, 0);
    const fs::path a_wal = a_path.string() + "-wal";
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(60);
    std::error_code ec;
    while (!(fs::exists(a_wal, ec) && fs::file_size(a_wal, ec) > 0) &&
           !Ended(&a) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ::kill(a.pid, SIGSTOP);
    const std::string waiting = "is in use by another kiji process";
    Child b = Spawn(IngestArgs(*dir_ / "in_b", out_b, b_path),
                    *dir_ / (name + "_b.stderr"));
    while (ReadAll(b.stderr_path).find(waiting) == std::string::npos &&
           !Ended(&b) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ::kill(a.pid, SIGCONT);
    const int code_a = Wait(a), code_b = Wait(b);
    const std::string err_a = ReadAll(a.stderr_path);
    const std::string err_b = ReadAll(b.stderr_path);
    EXPECT_EQ(code_a, 0) << err_a;
    EXPECT_EQ(code_b, 0) << err_b;
    // B waited for A: the runs were serialised.
    EXPECT_EQ(err_a.find(waiting), std::string::npos) << err_a;
    EXPECT_NE(err_b.find(waiting), std::string::npos) << err_b;
    EXPECT_EQ(Sql(db, "PRAGMA integrity_check"), "ok\n");
    const std::string dump = StoreDump(db);
    EXPECT_TRUE(dump == StoreDump(*dir_ / "ref_ab.db"))
        << "the store differs from that of the runs one after the other";
    for (const auto& [out, run] :
         {std::pair{out_a, "a"}, std::pair{out_b, "b"}}) {
      for (const char* f :
           {"documents.jsonl", "entities.jsonl", "names.jsonl"}) {
        SCOPED_TRACE(std::string(run) + " " + f);
        const std::string want =
            ReadAll(*dir_ / ("ref_ab_" + std::string(run)) / f);
        EXPECT_FALSE(want.empty());
        EXPECT_TRUE(ReadAll(out / f) == want)
            << "differs from the sequential run's";
      }
    }
  }

  static fs::path* dir_;
};
fs::path* KijiStoreLinkTest::dir_ = nullptr;

TEST_F(KijiStoreLinkTest, RunsThroughAHardLinkWaitForEachOther) {
  const fs::path db = *dir_ / "hard.db";
  const fs::path link = *dir_ / "hard_link.db";
  { std::ofstream create(db); }  // the store must exist to be linked
  fs::create_hard_link(db, link);
  ExpectSerialised("hard", db, db, link);
}

TEST_F(KijiStoreLinkTest, RunsThroughASymlinkWaitForEachOther) {
  const fs::path db = *dir_ / "sym.db";
  const fs::path link = *dir_ / "sym_link.db";
  fs::create_directories(*dir_ / "elsewhere");
  // A relative symlink in another folder: another path string entirely.
  fs::create_symlink("../sym.db", *dir_ / "elsewhere" / "sym_link.db");
  ExpectSerialised("sym", db, db, *dir_ / "elsewhere" / "sym_link.db");
}

// A store made by a real ingest, and files to ingest into it.
class KijiDamagedStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(FreshDir("kiji_store_safety", "damaged"));
    MakeCorpus(*dir_ / "in", 0, 200);
    MakeCorpus(*dir_ / "more", 200, 10);
    std::string err;
    const int code =
        RunKiji(IngestArgs(*dir_ / "in", *dir_ / "out", *dir_ / "good.db"),
                *dir_ / "good.stderr", &err);
    ASSERT_EQ(code, 0) << err;
    ASSERT_EQ(Sql(*dir_ / "good.db", "PRAGMA integrity_check"), "ok\n");
  }
  static void TearDownTestSuite() { delete dir_; }

  // A copy of the good store, to damage.
  static fs::path Copy(const std::string& name) {
    const fs::path db = *dir_ / name;
    fs::remove(db);
    fs::copy_file(*dir_ / "good.db", db);
    return db;
  }

  // `kiji ingest` of new files into `db` refuses it: exit status 3, a
  // message naming the store and what is wrong, how to recover, and the
  // file exactly as it was.
  static void ExpectRefused(const fs::path& db, const std::string& message) {
    fs::remove_all(*dir_ / "out_more");
    const std::string before = ReadAll(db);
    std::string err;
    const int code = RunKiji(IngestArgs(*dir_ / "more", *dir_ / "out_more", db),
                             *dir_ / "refused.stderr", &err);
    EXPECT_EQ(code, 3) << err;
    EXPECT_NE(err.find("store " + db.string() + message), std::string::npos)
        << err;
    EXPECT_NE(err.find("kiji does not use a damaged store: restore it from "
                       "a backup, or ingest the articles again into a new "
                       "store (--store NEW.db)"),
              std::string::npos)
        << err;
    EXPECT_TRUE(ReadAll(db) == before) << "the damaged store was changed";
    EXPECT_FALSE(fs::exists(*dir_ / "out_more" / "documents.jsonl"));
  }

  static fs::path* dir_;
};
fs::path* KijiDamagedStoreTest::dir_ = nullptr;

constexpr size_t kPageBytes = 4096;  // SQLite's default page size

// The numbers of `db`'s B-tree pages (tables and indexes), page 1 (the
// file header) left out.
std::vector<size_t> BTreePages(const std::string& bytes) {
  std::vector<size_t> pages;
  for (size_t page = 1; (page + 1) * kPageBytes <= bytes.size(); ++page) {
    const unsigned char type =
        static_cast<unsigned char>(bytes[page * kPageBytes]);
    if (type == 2 || type == 5 || type == 10 || type == 13)
      pages.push_back(page);
  }
  return pages;
}

// A damaged disk sector: the first 512 bytes of a few B-tree pages
// overwritten with random bytes (seeded: the same damage every run). SQLite's
// quick check finds such damage, so kiji must refuse every trial.
TEST_F(KijiDamagedStoreTest, RefusesAStoreWithOverwrittenPages) {
  for (uint32_t seed = 1; seed <= 4; ++seed) {
    SCOPED_TRACE(seed);
    const fs::path db = Copy("sectors_" + std::to_string(seed) + ".db");
    std::string bytes = ReadAll(db);
    ASSERT_EQ(bytes.size() % kPageBytes, 0u);
    const std::vector<size_t> pages = BTreePages(bytes);
    ASSERT_GT(pages.size(), 10u);
    std::mt19937 random(seed);
    for (int k = 0; k < 3; ++k) {
      const size_t page = pages[random() % pages.size()];
      for (size_t i = 0; i < 512; ++i) {
        bytes[page * kPageBytes + i] = static_cast<char>(random() & 0xff);
      }
    }
    WriteFile(db, bytes);
    ASSERT_NE(Sql(db, "PRAGMA quick_check"), "ok\n");
    ExpectRefused(db, " is damaged: ");
  }
}

// Random bit flips, as a failing disk or memory makes them. Most land in
// stored text, where no check can see them (SQLite keeps no checksums).
// Every open runs SQLite's quick check: a flipped store it finds damaged
// must be refused. After an unclean stop (the interrupted run's marker in
// the store) kiji runs the full integrity check, which also compares every
// index with its table: a flipped store it finds damaged must be refused.
// The others may be used.
TEST_F(KijiDamagedStoreTest, RefusesEveryBitFlippedStoreTheChecksFindDamaged) {
  for (const bool unclean : {false, true}) {
    SCOPED_TRACE(unclean ? "after an unclean stop" : "closed cleanly");
    int refused = 0;
    for (uint32_t seed = 1; seed <= 6; ++seed) {
      SCOPED_TRACE(seed);
      const fs::path db = Copy("flips_" + std::to_string(seed) + ".db");
      if (unclean) {
        Sql(db,
            "INSERT INTO meta(key, value) VALUES ('pending_ingest_run', "
            "'0000 1')");
      }
      std::string bytes = ReadAll(db);
      std::mt19937 random(seed);
      for (int k = 0; k < 100; ++k) {
        const size_t offset = random() % bytes.size();
        bytes[offset] =
            static_cast<char>(bytes[offset] ^ (1 << (random() % 8)));
      }
      WriteFile(db, bytes);
      // sqlite3 looks at a copy: the file under test stays as flipped.
      const fs::path check = *dir_ / "check.db";
      fs::remove(check);
      fs::copy_file(db, check);
      if (Sql(check, unclean ? "PRAGMA integrity_check"
                             : "PRAGMA quick_check") == "ok\n") {
        continue;
      }
      ++refused;
      ExpectRefused(db, " is damaged");
    }
    // The seeds give damage that the checks find in most trials.
    EXPECT_GE(refused, 4);
  }
}

// Damage that only the full check finds (an index entry that no longer
// matches its row: in the issue a document was stored a second time), in a
// store left by an interrupted run: refused.
TEST_F(KijiDamagedStoreTest, RefusesAnIndexDamagedStoreAfterAnUncleanStop) {
  const fs::path db = Copy("index.db");
  // The interrupted run's marker, as a killed run leaves it.
  Sql(db,
      "INSERT INTO meta(key, value) VALUES ('pending_ingest_run', "
      "'0000 1')");
  std::string bytes = ReadAll(db);
  // In the first index leaf page (type 10) that holds document ids, the
  // last hex digit of the first id changed to another hex digit: the record
  // stays well-formed.
  const std::regex hex("[0-9a-f]{64}");
  size_t at = std::string::npos;
  for (size_t page = 1; page < bytes.size() / kPageBytes; ++page) {
    if (bytes[page * kPageBytes] != 10) continue;
    const std::string content = bytes.substr(page * kPageBytes, kPageBytes);
    std::smatch m;
    if (!std::regex_search(content, m, hex)) continue;
    at = page * kPageBytes + static_cast<size_t>(m.position(0)) + 63;
    break;
  }
  ASSERT_NE(at, std::string::npos);
  bytes[at] = bytes[at] == '0' ? '1' : '0';
  WriteFile(db, bytes);
  const fs::path check = *dir_ / "check.db";
  fs::remove(check);
  fs::copy_file(db, check);
  ASSERT_EQ(Sql(check, "PRAGMA quick_check"), "ok\n");
  ASSERT_NE(Sql(check, "PRAGMA integrity_check"), "ok\n");
  ExpectRefused(db, " is damaged: ");
}

TEST_F(KijiDamagedStoreTest, RefusesATruncatedStore) {
  const fs::path db = Copy("truncated.db");
  const std::string bytes = ReadAll(db);
  WriteFile(db, std::string_view(bytes).substr(0, bytes.size() / 2 + 100));
  ExpectRefused(db, " is damaged: ");
}

TEST_F(KijiDamagedStoreTest, RefusesAFileThatIsNotSQLite) {
  const fs::path db = *dir_ / "notes.db";
  std::string text;
  for (int i = 0; i < 300; ++i) text += "これはメモです。not a database\n";
  WriteFile(db, text);
  ExpectRefused(db, " is damaged or is not a kiji store: ");
}

// Store errors say what happened in the user's words: the store's path and
// the cause, no SQL and no names of functions.
void ExpectUserWords(const std::string& err) {
  for (const char* internal : {"INSERT", "SELECT", "UPDATE", "DELETE", "PRAGMA",
                               "BEGIN", "COMMIT", "ROLLBACK", "journal_mode"}) {
    EXPECT_EQ(err.find(internal), std::string::npos) << internal << ": " << err;
  }
  // CamelCase words are names in the code (PutDocument, DocumentSeq).
  EXPECT_FALSE(std::regex_search(err, std::regex("[a-z][A-Z][a-z]"))) << err;
}

TEST(KijiStoreMessagesTest, UnusableStoresAreNamedWithTheCause) {
  const fs::path dir = FreshDir("kiji_store_safety", "messages");
  MakeCorpus(dir / "in", 0, 3);
  WriteFile(dir / "plain_file", "x");
  fs::create_directories(dir / "folder.db");
  WriteFile(dir / "readonly.db", "");
  fs::permissions(dir / "readonly.db", fs::perms::owner_read |
                                           fs::perms::group_read |
                                           fs::perms::others_read);
  // As root, without the capability that ignores file permissions.
  std::vector<std::string> as_user;
  if (::geteuid() == 0) {
    as_user = {"setpriv", "--bounding-set=-dac_override",
               "--inh-caps=-dac_override"};
  }
  struct Case {
    std::string store;
    std::string message;
    std::vector<std::string> prefix;
  } cases[] = {
      {(dir / "folder.db").string(),
       "store " + (dir / "folder.db").string() + ": is a folder, not a file",
       {}},
      // Its folder cannot be made: a file is in the way.
      {(dir / "plain_file" / "corpus.db").string(),
       "store " + (dir / "plain_file" / "corpus.db").string() +
           ": cannot open the file (Not a directory)",
       {}},
      {(dir / "readonly.db").string(),
       "store " + (dir / "readonly.db").string() +
           ": cannot open the file for writing (Permission denied)",
       as_user},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.store);
    std::string err;
    const int code = RunKiji(IngestArgs(dir / "in", dir / "out", c.store),
                             dir / "stderr", &err, c.prefix);
    EXPECT_EQ(code, 3) << err;
    EXPECT_NE(err.find(c.message), std::string::npos) << err;
    ExpectUserWords(err);
  }
}

// Disk full (a file size limit: writes fail with EFBIG as they would with
// ENOSPC): the message names the store, what could not be done, and the
// system's reason.
TEST(KijiStoreMessagesTest, FullDiskIsSaidInTheUsersWords) {
  const fs::path dir = FreshDir("kiji_store_safety", "full");
  MakeCorpus(dir / "in", 0, 200);
  const fs::path db = dir / "c.db";
  const std::string cmd = "trap '' XFSZ; ulimit -f 256; exec '" + KijiBinary() +
                          "' ingest '" + (dir / "in").string() + "' --out '" +
                          (dir / "out").string() + "' --store '" + db.string() +
                          "' --quiet --threads 1 2>'" + (dir / "err").string() +
                          "'";
  const int status = std::system(("/bin/sh -c \"" + cmd + "\"").c_str());
  ASSERT_TRUE(WIFEXITED(status));
  const std::string err = ReadAll(dir / "err");
  EXPECT_EQ(WEXITSTATUS(status), 3) << err;
  EXPECT_TRUE(std::regex_search(
      err, std::regex("store " + db.string() +
                      ": cannot [a-z ]+: [^\n]*\\(File too large\\)")))
      << err;
  ExpectUserWords(err);
}

}  // namespace
