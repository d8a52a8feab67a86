// End-to-end tests of the `kiji` binary: real files in, real output files
// checked line by line.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus/script.h"
#include "tests/testing/cli.h"
#include "decode/decoder.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using kiji::testing::CodePoints;
using kiji::testing::FreshDir;
using kiji::testing::ParseJsonLines;
using kiji::testing::ReadAll;
using kiji::testing::ReadJsonl;
using kiji::testing::RunKijiShell;
using kiji::testing::ShellResult;

const fs::path kSeeds = kiji::testing::SeedsDir();

TEST(KijiCliTest, IngestSeedsThenReingestReportsDuplicates) {
  const fs::path dir = FreshDir("kiji_cli", "seeds");
  const std::string common = kSeeds.string() + " --store " +
                             (dir / "corpus.db").string() + " --quiet";
  ShellResult first = RunKijiShell("ingest " + common + " --out " + (dir / "a").string());
  ASSERT_EQ(first.exit_code, 0);
  std::vector<json> docs = ReadJsonl(dir / "a" / "documents.jsonl");
  ASSERT_EQ(docs.size(), 5u);
  for (const json& d : docs) {
    EXPECT_EQ(d["status"], "ok") << d.dump();
    EXPECT_EQ(d["encoding"], "UTF-8");
    EXPECT_EQ(d["lang"], "ja");
    EXPECT_EQ(d["doc_id"].get<std::string>().size(), 64u);
    const std::string name = fs::path(d["path"].get<std::string>()).filename();
    if (name == "004_4f4ba5aed45ce6da.txt") {
      EXPECT_EQ(d["date"], "2024-08-19");
    }
  }
  // Every mention's offsets point at its text in the original file.
  std::map<std::string, std::string> originals;
  for (const json& d : docs) {
    originals[d["doc_id"]] = ReadAll(d["path"].get<std::string>());
  }
  std::vector<json> mentions = ReadJsonl(dir / "a" / "entities.jsonl");
  EXPECT_GT(mentions.size(), 50u);
  for (const json& m : mentions) {
    EXPECT_EQ(CodePoints(originals[m["doc_id"]], m["start"], m["end"]),
              m["text"].get<std::string>())
        << m.dump();
  }
  EXPECT_TRUE(fs::exists(dir / "a" / "names.jsonl"));

  ShellResult second =
      RunKijiShell("ingest " + common + " --out " + (dir / "b").string());
  ASSERT_EQ(second.exit_code, 0);
  std::vector<json> again = ReadJsonl(dir / "b" / "documents.jsonl");
  ASSERT_EQ(again.size(), 5u);
  for (size_t i = 0; i < again.size(); ++i) {
    EXPECT_EQ(again[i]["status"], "duplicate");
    EXPECT_EQ(again[i]["doc_id"], docs[i]["doc_id"]);
    // Named: the path its stored copy came from (an earlier run here).
    EXPECT_EQ(again[i]["duplicate_of"], docs[i]["path"]) << again[i].dump();
    // Not decoded again: no encoding, no language, no counts.
    EXPECT_EQ(again[i]["encoding"], nullptr) << again[i].dump();
    EXPECT_EQ(again[i].value("lang", json()), nullptr) << again[i].dump();
  }
  EXPECT_TRUE(ReadJsonl(dir / "b" / "entities.jsonl").empty());
  for (const json& d : docs) EXPECT_FALSE(d.contains("duplicate_of"));

  // A copy in the same run names the first file of the run.
  const fs::path copies = dir / "copies";
  fs::create_directories(copies);
  const std::string article = "2024年8月19日\n東京で会議が開かれた。\n";
  for (const char* name : {"a.txt", "b.txt"}) {
    std::ofstream(copies / name) << article;
  }
  ShellResult third = RunKijiShell("ingest " + copies.string() + " --store " +
                                   (dir / "corpus.db").string() +
                                   " --quiet --out " + (dir / "c").string());
  ASSERT_EQ(third.exit_code, 0) << third.err;
  std::vector<json> pair = ReadJsonl(dir / "c" / "documents.jsonl");
  ASSERT_EQ(pair.size(), 2u);
  EXPECT_EQ(pair[0]["status"], "ok");
  EXPECT_EQ(pair[1]["status"], "duplicate");
  EXPECT_EQ(pair[1]["duplicate_of"], (copies / "a.txt").string())
      << pair[1].dump();
}

TEST(KijiCliTest, BadInputsGetErrorLinesAndTheBatchGoesOn) {
  const fs::path dir = FreshDir("kiji_cli", "bad");
  const fs::path in = dir / "in";
  fs::create_directories(in / "sub");
  std::ofstream(in / "a_good.txt") << "2024年8月19日\n株式会社テストは約3億円を調達した。\n";
  std::ofstream(in / "b_empty.txt");
  std::ofstream(in / "c_image.png", std::ios::binary)
      << std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 20);
  std::ofstream(in / "d_spaces.txt") << "   \n\t\n";
  auto sjis = kiji::decode::EncodeAs(
      "昨年、東京の会社が5,000億円を投資した。", kiji::corpus::Encoding::kShiftJis);
  ASSERT_TRUE(sjis.ok());
  std::ofstream(in / "sub" / "e_sjis.txt", std::ios::binary) << *sjis;
  fs::create_symlink(in / "f_loop", in / "f_loop");
  fs::create_symlink(in, in / "sub" / "g_dir_link");  // a folder loop

  ShellResult r = RunKijiShell("ingest " + in.string() + " " + (dir / "missing.txt").string() +
                     " --out " + (dir / "out").string() + " --store " +
                     (dir / "corpus.db").string() + " --quiet --date 2025-01-01");
  EXPECT_EQ(r.exit_code, 1);
  std::vector<json> docs = ReadJsonl(dir / "out" / "documents.jsonl");
  std::map<std::string, json> by_name;
  for (const json& d : docs) {
    by_name[fs::path(d["path"].get<std::string>()).filename()] = d;
  }
  ASSERT_EQ(docs.size(), 8u);
  EXPECT_EQ(by_name["a_good.txt"]["status"], "ok");
  EXPECT_EQ(by_name["b_empty.txt"]["status"], "error");
  EXPECT_EQ(by_name["b_empty.txt"]["error"], "empty file");
  EXPECT_EQ(by_name["c_image.png"]["error"], "binary file (PNG image)");
  EXPECT_EQ(by_name["d_spaces.txt"]["status"], "ok");
  EXPECT_EQ(by_name["e_sjis.txt"]["status"], "ok");
  EXPECT_EQ(by_name["e_sjis.txt"]["encoding"], "Shift_JIS");
  EXPECT_EQ(by_name["f_loop"]["status"], "error");
  EXPECT_NE(by_name["f_loop"]["error"].get<std::string>().find("cannot read"),
            std::string::npos);
  EXPECT_EQ(by_name["g_dir_link"]["error"],
            "symlink to a folder (not followed)");
  EXPECT_EQ(by_name["missing.txt"]["status"], "error");
  EXPECT_EQ(by_name["missing.txt"]["doc_id"], nullptr);
  // --date overrides the dateline.
  EXPECT_EQ(by_name["a_good.txt"]["date"], "2025-01-01");
}

TEST(KijiCliTest, ExtractJsonlKeepsOrderAndReportsBadLines) {
  const std::string input =
      "{\"id\": \"a\", \"text\": \"2024年8月19日に5,000億ドルの投資が発表された。\", \"src\": 7}\n"
      "not json\n"
      "{\"id\": \"b\", \"text\": \"来月、約78兆円。\", \"date\": \"2024-08-19\"}\n";
  ShellResult r = RunKijiShell("extract --jsonl --quiet", input);
  EXPECT_EQ(r.exit_code, 1);
  std::vector<json> rows = ParseJsonLines(r.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["id"], "a");
  EXPECT_EQ(rows[0]["src"], 7);
  EXPECT_FALSE(rows[0].contains("text"));
  EXPECT_EQ(rows[1]["line"], 2);  // the bad line's answer, in its place
  EXPECT_TRUE(rows[1].contains("error"));
  EXPECT_EQ(rows[2]["id"], "b");
  bool found_month = false;
  for (const json& e : rows[2]["entities"]) {
    if (e["type"] == "DATE" && e["text"] == "来月") {
      EXPECT_EQ(e["norm"], "2024-09");
      EXPECT_EQ(e["start"], 0);
      EXPECT_EQ(e["end"], 2);
      found_month = true;
    }
  }
  EXPECT_TRUE(found_month) << rows[2].dump();
}

// The line is the input object without "text", "id" first, "entities" last
// (an input field of that name is replaced); an object without fields gets
// only "entities".
TEST(KijiCliTest, ExtractJsonlLineShape) {
  const std::string input =
      "{\"src\": [1, \"x\"], \"text\": \"来月\", \"entities\": 5, "
      "\"id\": \"q\", \"date\": \"2024-08-19\"}\n"
      "{\"text\": \"なし\"}\n";
  ShellResult r = RunKijiShell("extract --jsonl --quiet", input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "{\"id\":\"q\",\"src\":[1,\"x\"],\"date\":\"2024-08-19\","
            "\"entities\":[{\"type\":\"DATE\",\"text\":\"来月\",\"start\":0,"
            "\"end\":2,\"norm\":\"2024-09\",\"source\":\"date.relative\"}]}\n"
            "{\"entities\":[]}\n");
}

// The mentions of `extract`'s only output line, as "TYPE text source".
std::vector<std::string> ExtractMentions(const std::string& flags,
                                         const std::string& text) {
  ShellResult r = RunKijiShell("extract --quiet " + flags,
                               json{{"text", text}}.dump() + "\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> out;
  for (const json& row : ParseJsonLines(r.out)) {
    for (const json& e : row["entities"]) {
      out.push_back(e["type"].get<std::string>() + " " +
                    e["text"].get<std::string>() + " " +
                    e["source"].get<std::string>());
    }
  }
  return out;
}

// A user's MeCab dictionary makes their words MeCab's (a made-up company
// and surname become mentions), compiled once into the cache; a malformed
// one stops kiji with the file and the indexer's reason.
TEST(KijiCliTest, UserDictionaryWordsBecomeMentions) {
  const fs::path dir = FreshDir("kiji_cli", "userdic");
  const fs::path csv = dir / "words.csv";
  std::ofstream(csv)
      << "ゼノバース,1292,1292,3000,名詞,固有名詞,組織,*,*,*,ゼノバース,"
         "ゼノバース,ゼノバース\n"
         "霞野谷,1290,1290,3000,名詞,固有名詞,人名,姓,*,*,霞野谷,カスミノヤ,"
         "カスミノヤ\n";
  const std::string text = "ゼノバースは新製品を発表した。霞野谷氏が説明した。";
  // The cache in the test's folder (kiji runs as a child of this process).
  const fs::path cache = dir / "cache";
  ASSERT_EQ(::setenv("XDG_CACHE_HOME", cache.c_str(), 1), 0);
  // Without it neither word is a name (the names model may guess a name in
  // a part of 霞野谷, which MeCab splits).
  for (const std::string& m : ExtractMentions("", text)) {
    EXPECT_EQ(m.find("ゼノバース"), std::string::npos) << m;
    EXPECT_EQ(m.find("霞野谷"), std::string::npos) << m;
  }
  const std::vector<std::string> want = {"COMPANY ゼノバース company.ipadic",
                                         "PERSON 霞野谷 person.kanji"};
  EXPECT_EQ(ExtractMentions("--user-dic '" + csv.string() + "'", text), want);
  // Compiled once: the second run finds it in the cache.
  std::vector<fs::path> compiled;
  for (const auto& e : fs::directory_iterator(cache / "kiji" / "userdic")) {
    compiled.push_back(e.path());
  }
  ASSERT_EQ(compiled.size(), 1u);
  EXPECT_EQ(compiled[0].extension(), ".dic");
  const auto first_write = fs::last_write_time(compiled[0]);
  EXPECT_EQ(ExtractMentions("--user-dic '" + csv.string() + "'", text), want);
  EXPECT_EQ(fs::last_write_time(compiled[0]), first_write);
  std::ofstream(dir / "bad.csv") << "a line without its fields\n";
  ShellResult r = RunKijiShell("extract --quiet --user-dic '" + (dir / "bad.csv").string() +
                   "'", "{\"text\": \"x\"}\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("bad.csv: format error: a line without its fields"),
            std::string::npos) << r.err;
}

// A user's gazetteer entry wins over MeCab's split and every other reading:
// NTTドコモ stays one company.
TEST(KijiCliTest, UserGazetteerEntriesWinOverTheSplit) {
  const fs::path dir = FreshDir("kiji_cli", "gazetteer");
  std::ofstream(dir / "mine.tsv") << "# my companies\nNTTドコモ\tCOMPANY\n";
  const std::string text = "NTTドコモは新料金を発表した。KDDIも追随した。";
  const std::vector<std::string> without = ExtractMentions("", text);
  EXPECT_TRUE(std::find(without.begin(), without.end(),
                        "COMPANY NTTドコモ company.user_gazetteer") ==
              without.end());
  const std::vector<std::string> with = ExtractMentions(
      "--gazetteer '" + (dir / "mine.tsv").string() + "'", text);
  ASSERT_FALSE(with.empty());
  EXPECT_EQ(with[0], "COMPANY NTTドコモ company.user_gazetteer");
  EXPECT_EQ(with.back(), "COMPANY KDDI company.gazetteer");
}

// A web page's publication date (its metadata) is the article's date:
// relative dates resolve against it.
TEST(KijiCliTest, AWebPagesPublicationDateResolvesRelativeDates) {
  const std::string page =
      "<!DOCTYPE html><html><head><meta property=\"article:published_time\" "
      "content=\"2021-03-04T09:00:00+09:00\"></head><body><p>昨年、"
      "株式会社テストが設立された。</p></body></html>";
  ShellResult r = RunKijiShell("extract --quiet",
                               json{{"text", page}}.dump() + "\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<json> rows = ParseJsonLines(r.out);
  ASSERT_EQ(rows.size(), 1u);
  bool found = false;
  for (const json& e : rows[0]["entities"]) {
    if (e["text"] == "昨年") {
      EXPECT_EQ(e["norm"], "2020") << e.dump();
      // Offsets into the page itself.
      EXPECT_EQ(e["start"], kiji::corpus::CountCodePoints(
                                page.substr(0, page.find("昨年"))));
      found = true;
    }
  }
  EXPECT_TRUE(found) << r.out;
}

// Percentages are their own type, with the number as written.
TEST(KijiCliTest, ExtractJsonlPercent) {
  ShellResult r = RunKijiShell(
      "extract --jsonl --quiet",
      "{\"id\": 1, \"text\": \"売上高は前期比6.2％増の1兆円。\"}\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<json> rows = ParseJsonLines(r.out);
  ASSERT_EQ(rows.size(), 1u);
  std::vector<std::string> types;
  for (const json& e : rows[0]["entities"]) {
    types.push_back(e["type"].get<std::string>());
    if (e["type"] == "PERCENT") {
      EXPECT_EQ(e["text"], "6.2％");
      EXPECT_EQ(e["value"], 6.2);
      EXPECT_EQ(e["unit"], "percent");
      EXPECT_FALSE(e.contains("entity_id"));
    }
  }
  EXPECT_EQ(types, (std::vector<std::string>{"PERCENT", "AMOUNT"}));
}

// Several batches in flight on the work pool: input order and identical
// output whatever the number of threads.
TEST(KijiCliTest, ExtractJsonlSameOutputForAnyThreadCount) {
  std::string input;
  for (int i = 0; i < 700; ++i) {
    input += "{\"id\": " + std::to_string(i) + ", \"text\": \"2024年" +
             std::to_string(i % 12 + 1) + "月、山田太郎氏の会社は約" +
             std::to_string(i + 1) + "億円を調達した。\"}\n";
    if (i % 100 == 50) input += "broken line\n";
  }
  ShellResult one = RunKijiShell("extract --jsonl --quiet --threads 1", input);
  ShellResult many = RunKijiShell("extract --jsonl --quiet --threads 3", input);
  EXPECT_EQ(one.exit_code, 1);  // the broken lines
  EXPECT_EQ(many.exit_code, 1);
  EXPECT_TRUE(one.out == many.out);
  std::vector<json> rows;
  for (json& row : ParseJsonLines(many.out)) {
    if (!row.contains("error")) rows.push_back(std::move(row));
  }
  ASSERT_EQ(rows.size(), 700u);
  for (int i = 0; i < 700; ++i) {
    EXPECT_EQ(rows[i]["id"], i);
    bool amount = false;
    for (const json& e : rows[i]["entities"]) {
      if (e["type"] == "AMOUNT") {
        EXPECT_EQ(e["value"], (i + 1) * 100000000LL);
        amount = true;
      }
    }
    EXPECT_TRUE(amount) << rows[i].dump();
  }
}

TEST(KijiCliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(RunKijiShell("ingest").exit_code, 2);
  EXPECT_EQ(RunKijiShell("frobnicate").exit_code, 2);
  EXPECT_EQ(RunKijiShell("ingest x --out /tmp/x --date 2024-13-45").exit_code, 2);
  EXPECT_EQ(RunKijiShell("--help").exit_code, 0);
}

// Argument errors are one "kiji: error:" line on stderr, with the reason,
// and a pointer to --help; nothing on stdout.
TEST(KijiCliTest, ArgumentErrorsSayKijiAndWhy) {
  struct Case {
    const char* args;
    const char* want;  // on stderr
  } cases[] = {
      {"ingest --out o", "kiji: error: ingest: give files or folders"},
      {"ingest --bogus x --out o", "kiji: error: "},
      {"frobnicate", "kiji: error: "},
      {"extract --threads 0", "kiji: error: --threads"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args);
    ShellResult r = RunKijiShell(c.args);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.rfind(c.want, 0), 0u) << r.err;
    EXPECT_NE(r.err.find("Run with --help"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

// --date must be a date of the calendar, and the message says what is wrong.
TEST(KijiCliTest, DateFlagIsACalendarDate) {
  struct Case {
    const char* date;
    const char* want;  // empty: accepted
  } cases[] = {
      {"2024-02-29", ""},
      {"2000-02-29", ""},
      {"2024-12-31", ""},
      {"2024-02-30", "--date 2024-02-30: 2024-02 has 29 days"},
      {"2023-02-29", "--date 2023-02-29: 2023-02 has 28 days"},
      {"1900-02-29", "--date 1900-02-29: 1900-02 has 28 days"},
      {"2024-04-31", "--date 2024-04-31: 2024-04 has 30 days"},
      {"2024-13-45", "--date 2024-13-45: month 13 is not 1-12"},
      {"2024-00-10", "--date 2024-00-10: month 0 is not 1-12"},
      {"2024-1-5", "--date 2024-1-5: expected YYYY-MM-DD"},
      {"yesterday", "--date yesterday: expected YYYY-MM-DD"},
      {"2024-01-05x", "--date 2024-01-05x: expected YYYY-MM-DD"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.date);
    ShellResult r = RunKijiShell(std::string("extract --quiet --date ") + c.date,
                                 "{\"id\":\"1\",\"text\":\"昨年\"}\n");
    if (*c.want == '\0') {
      EXPECT_EQ(r.exit_code, 0) << r.err;
      continue;
    }
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find(std::string("kiji: error: ") + c.want),
              std::string::npos)
        << r.err;
  }
}

// extract reads and writes JSON lines with or without --jsonl.
TEST(KijiCliTest, ExtractNeedsNoJsonlFlag) {
  const std::string input = "{\"id\":\"1\",\"text\":\"昨年OpenAIに入社した。\"}\n";
  ShellResult plain = RunKijiShell("extract --quiet --date 2024-08-19", input);
  ShellResult named =
      RunKijiShell("extract --jsonl --quiet --date 2024-08-19", input);
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out, named.out);
  EXPECT_NE(plain.out.find("\"entities\""), std::string::npos) << plain.out;
}

// kiji match NAME NAME: the answer is the exit status (0 same, 1
// different), and the usage names the arguments.
TEST(KijiCliTest, MatchExitStatusAndUsage) {
  EXPECT_EQ(RunKijiShell("match ドナルド・トランプ \"Donald Trump\"").exit_code,
            0);
  EXPECT_EQ(RunKijiShell("match バラク・オバマ ミシェル・オバマ").exit_code, 1);
  ShellResult help = RunKijiShell("match --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("[NAME1] [NAME2]"), std::string::npos) << help.out;
  EXPECT_EQ(help.out.find("(0x)"), std::string::npos) << help.out;
}

// --version names the dictionaries and the data files it reads.
TEST(KijiCliTest, VersionNamesTheDictionaries) {
  ShellResult r = RunKijiShell("--version");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("kiji 0.", 0), 0u) << r.out;
  for (const char* want :
       {"IPADIC: Debian mecab-ipadic-utf8 2.7", "ENAMDICT: Debian enamdict 20",
        "enamdict.idx (sha256 ", "gazetteer.tsv (sha256 ",
        "names/match_thresholds.tsv (sha256 "}) {
    EXPECT_NE(r.out.find(want), std::string::npos) << want << "\n" << r.out;
  }
}

}  // namespace
