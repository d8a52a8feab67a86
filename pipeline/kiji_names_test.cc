// End-to-end tests of name reconciliation through the `kiji` binary: batch
// boundaries and stable ids (issue 4), the overrides file and `kiji names`,
// and `kiji match` over the name-pairs table (issue 7).
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/testing/cli.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using kiji::testing::FreshDir;
using kiji::testing::ParseJsonLines;
using kiji::testing::ReadAll;
using kiji::testing::ReadJsonl;
using kiji::testing::RunKijiShell;
using kiji::testing::ShellResult;

const fs::path kSeeds = kiji::testing::SeedsDir();

std::string Ingest(const fs::path& in, const fs::path& out,
                   const fs::path& store, const std::string& extra = "") {
  return "ingest " + in.string() + " --out " + out.string() + " --store " +
         store.string() + " --quiet " + extra;
}

// (doc_id, type, start) -> entity_id for every reconciled mention.
using MentionIds = std::map<std::tuple<std::string, std::string, int>, std::string>;

void AddMentionIds(const fs::path& entities, MentionIds* ids) {
  for (const json& m : ReadJsonl(entities)) {
    if (!m.contains("entity_id") || m["entity_id"].is_null()) continue;
    (*ids)[{m["doc_id"], m["type"], m["start"]}] = m["entity_id"];
  }
}

// The partition of mentions into entities, independent of the id strings.
std::set<std::set<std::tuple<std::string, std::string, int>>> Clusters(
    const MentionIds& ids) {
  std::map<std::string, std::set<std::tuple<std::string, std::string, int>>> by;
  for (const auto& [key, id] : ids) by[id].insert(key);
  std::set<std::set<std::tuple<std::string, std::string, int>>> out;
  for (auto& [id, members] : by) out.insert(members);
  return out;
}

// Issue 4: ingest seeds 000-002, then 003-004 into the same store.
TEST(KijiNamesTest, IncrementalBatchesKeepIdsAndMatchASingleRun) {
  const fs::path dir = FreshDir("kiji_names", "incremental");
  std::vector<fs::path> seeds;
  for (const auto& e : fs::directory_iterator(kSeeds)) {
    if (e.path().extension() == ".txt") seeds.push_back(e.path());
  }
  std::sort(seeds.begin(), seeds.end());
  ASSERT_EQ(seeds.size(), 5u);
  fs::create_directories(dir / "batch1");
  fs::create_directories(dir / "batch2");
  for (size_t i = 0; i < seeds.size(); ++i) {
    fs::copy_file(seeds[i], dir / (i < 3 ? "batch1" : "batch2") /
                                seeds[i].filename());
  }

  const fs::path inc = dir / "incremental.db", single = dir / "single.db";
  ASSERT_EQ(RunKijiShell(Ingest(dir / "batch1", dir / "o1", inc)).exit_code, 0);
  ASSERT_EQ(RunKijiShell(Ingest(dir / "batch2", dir / "o2", inc)).exit_code, 0);
  ASSERT_EQ(RunKijiShell(Ingest(kSeeds, dir / "all", single)).exit_code, 0);

  // Every entity of the first batch still exists after the second, with
  // at least the variants and documents it had.
  std::map<std::string, json> after;
  for (const json& e : ReadJsonl(dir / "o2" / "names.jsonl")) {
    after[e["entity_id"]] = e;
  }
  const std::vector<json> first = ReadJsonl(dir / "o1" / "names.jsonl");
  ASSERT_GT(first.size(), 10u);
  for (const json& e : first) {
    SCOPED_TRACE(e.dump());
    auto it = after.find(e["entity_id"]);
    ASSERT_NE(it, after.end());
    EXPECT_EQ(it->second["type"], e["type"]);
    std::map<std::string, int> counts;
    for (const json& v : it->second["variants"]) counts[v["text"]] = v["count"];
    for (const json& v : e["variants"]) {
      EXPECT_GE(counts[v["text"]], v["count"].get<int>()) << v["text"];
    }
    for (const json& d : e["docs"]) {
      const json& docs = it->second["docs"];
      EXPECT_NE(std::find(docs.begin(), docs.end(), d), docs.end()) << d;
    }
  }

  // The same clusters (and, since ids depend only on what came first, the
  // same ids) as one run over all five.
  MentionIds two, one;
  AddMentionIds(dir / "o1" / "entities.jsonl", &two);
  AddMentionIds(dir / "o2" / "entities.jsonl", &two);
  AddMentionIds(dir / "all" / "entities.jsonl", &one);
  ASSERT_GT(one.size(), 30u);
  EXPECT_EQ(two.size(), one.size());
  EXPECT_EQ(Clusters(two), Clusters(one));
  EXPECT_EQ(two, one);
  EXPECT_EQ(ReadAll(dir / "o2" / "names.jsonl"),
            ReadAll(dir / "all" / "names.jsonl"));

  // Re-running on the same input changes nothing in names.jsonl.
  ASSERT_EQ(RunKijiShell(Ingest(kSeeds, dir / "again", single)).exit_code, 0);
  EXPECT_EQ(ReadAll(dir / "again" / "names.jsonl"),
            ReadAll(dir / "all" / "names.jsonl"));
  EXPECT_TRUE(ReadJsonl(dir / "again" / "entities.jsonl").empty());
  ASSERT_EQ(RunKijiShell(Ingest(dir / "batch2", dir / "o3", inc)).exit_code, 0);
  EXPECT_EQ(ReadAll(dir / "o3" / "names.jsonl"),
            ReadAll(dir / "o2" / "names.jsonl"));
}

// Articles made up for the test (no seed names).
void WriteOverrideArticles(const fs::path& in) {
  fs::create_directories(in);
  std::ofstream(in / "a.txt")
      << "2023年3月1日\n"
         "米マイクロソフト創業者のビル・ゲイツ氏は1日、東京都内で講演した。"
         "ゲイツ氏は気候変動への投資を訴えた。\n";
  std::ofstream(in / "b.txt")
      << "2023年3月2日\n"
         "財団を率いるウィリアム・ゲイツ氏は2日、新たな寄付を発表した。\n";
  std::ofstream(in / "c.txt")
      << "2023年3月3日\n"
         "経済学者のピーター・ハンセン氏と投資家のピーター・ハンソン氏が"
         "3日、対談した。\n";
}

std::map<std::string, std::set<std::string>> IdsByText(const fs::path& out) {
  std::map<std::string, std::set<std::string>> ids;
  for (const json& m : ReadJsonl(out / "entities.jsonl")) {
    if (m["type"] == "PERSON") ids[m["text"]].insert(m["entity_id"]);
  }
  return ids;
}

TEST(KijiNamesTest, OverridesMergeSplitAndCanonicalWithEvidence) {
  const fs::path dir = FreshDir("kiji_names", "overrides");
  WriteOverrideArticles(dir / "in");
  // Without overrides: the nickname is not merged, the two similar
  // surnames are.
  ASSERT_EQ(RunKijiShell(Ingest(dir / "in", dir / "plain", dir / "plain.db")).exit_code,
            0);
  auto plain = IdsByText(dir / "plain");
  ASSERT_EQ(plain["ピーター・ハンセン"].size(), 1u);
  EXPECT_EQ(plain["ピーター・ハンセン"], plain["ピーター・ハンソン"]);
  EXPECT_NE(plain["ビル・ゲイツ"], plain["ウィリアム・ゲイツ"]);

  std::ofstream(dir / "overrides.tsv")
      << "# test overrides\n"
         "merge\tビル・ゲイツ\tウィリアム・ゲイツ\n"
         "split\tピーター・ハンセン\tピーター・ハンソン\n"
         "canonical\tウィリアム・ゲイツ\tBill Gates\n";
  const fs::path store = dir / "c.db";
  ShellResult r = RunKijiShell(Ingest(dir / "in", dir / "out", store,
                            "--overrides " + (dir / "overrides.tsv").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;

  auto ids = IdsByText(dir / "out");
  // entities.jsonl is written again after the merge: each mention once.
  EXPECT_EQ(ReadJsonl(dir / "out" / "entities.jsonl").size(),
            ReadJsonl(dir / "plain" / "entities.jsonl").size());
  ASSERT_EQ(ids["ビル・ゲイツ"].size(), 1u) << r.err;
  ASSERT_EQ(ids["ウィリアム・ゲイツ"].size(), 1u);
  ASSERT_EQ(ids["ピーター・ハンセン"].size(), 1u);
  ASSERT_EQ(ids["ピーター・ハンソン"].size(), 1u);
  const std::string gates = *ids["ビル・ゲイツ"].begin();
  EXPECT_EQ(*ids["ウィリアム・ゲイツ"].begin(), gates);
  EXPECT_NE(*ids["ピーター・ハンセン"].begin(),
            *ids["ピーター・ハンソン"].begin());

  bool found = false;
  for (const json& e : ReadJsonl(dir / "out" / "names.jsonl")) {
    if (e["entity_id"] != gates) continue;
    found = true;
    EXPECT_EQ(e["canonical"], "Bill Gates") << e.dump();
    std::set<std::string> variants;
    for (const json& v : e["variants"]) variants.insert(v["text"]);
    EXPECT_TRUE(variants.count("ビル・ゲイツ")) << e.dump();
    EXPECT_TRUE(variants.count("ウィリアム・ゲイツ")) << e.dump();
    EXPECT_EQ(e["docs"].size(), 2u) << e.dump();
  }
  EXPECT_TRUE(found);

  // `kiji names --json` shows the merge and its evidence.
  ShellResult names = RunKijiShell("names --json --type PERSON --grep ゲイツ --store " +
                         store.string());
  ASSERT_EQ(names.exit_code, 0) << names.err;
  std::vector<json> rows = ParseJsonLines(names.out);
  ASSERT_EQ(rows.size(), 1u) << names.out;
  EXPECT_EQ(rows[0]["entity_id"], gates);
  EXPECT_EQ(rows[0]["canonical"], "Bill Gates");
  bool merge_evidence = false;
  for (const json& ev : rows[0]["evidence"]) {
    EXPECT_TRUE(ev.contains("rule") && ev.contains("score") &&
                ev.contains("variant"))
        << ev.dump();
    if (ev["rule"] == "override:merge") merge_evidence = true;
  }
  EXPECT_TRUE(merge_evidence) << rows[0].dump();
  // The lone surname of the first article joined through document context,
  // and says so.
  EXPECT_NE(rows[0].dump().find("doc:surname"), std::string::npos)
      << rows[0].dump();

  // The human-readable listing shows the same.
  ShellResult text = RunKijiShell("names --grep ゲイツ --store " + store.string());
  EXPECT_NE(text.out.find("Bill Gates"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("evidence:"), std::string::npos) << text.out;

  // Overrides apply on every run: a later batch without new text keeps them,
  // and a later article with one of the split names stays on its side.
  std::ofstream(dir / "in2.txt")
      << "2023年3月4日\nピーター・ハンソン氏は4日、新作を発表した。\n";
  ShellResult again =
      RunKijiShell(Ingest(dir / "in2.txt", dir / "out2", store,
                  "--overrides " + (dir / "overrides.tsv").string()));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto ids2 = IdsByText(dir / "out2");
  ASSERT_EQ(ids2["ピーター・ハンソン"].size(), 1u);
  EXPECT_EQ(*ids2["ピーター・ハンソン"].begin(),
            *ids["ピーター・ハンソン"].begin());
}

// kiji reconcile --overrides applies merge and canonical lines to a store
// that was ingested without them (no document is read again), and warns,
// naming the line, about every line that matches no entity; so does ingest.
TEST(KijiNamesTest, ReconcileAppliesOverridesToTheStore) {
  const fs::path dir = FreshDir("kiji_names", "reconcile");
  WriteOverrideArticles(dir / "in");
  const fs::path store = dir / "c.db";
  ASSERT_EQ(RunKijiShell(Ingest(dir / "in", dir / "plain", store)).exit_code,
            0);
  auto plain = IdsByText(dir / "plain");
  ASSERT_NE(plain["ビル・ゲイツ"], plain["ウィリアム・ゲイツ"]);
  std::ofstream(dir / "overrides.tsv")
      << "# merge the nickname, name the entity, and two lines that match\n"
         "# nothing\n"
         "merge\tビル・ゲイツ\tウィリアム・ゲイツ\n"
         "canonical\tウィリアム・ゲイツ\tBill Gates\n"
         "merge\tビル・ゲイツ\tノーバディ・ナンバーワン\n"
         "canonical\tダレモイナイ\tNobody\n";
  const std::string overrides = (dir / "overrides.tsv").string();
  ShellResult r = RunKijiShell("reconcile --overrides " + overrides +
                               " --store " + store.string());
  EXPECT_EQ(r.exit_code, 1) << r.err;  // applied, two lines matched nothing
  EXPECT_NE(r.err.find(overrides + ":5: merge ビル・ゲイツ / "
                       "ノーバディ・ナンバーワン: no entity has the name "
                       "ノーバディ・ナンバーワン"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(overrides + ":6: canonical ダレモイナイ / Nobody: no "
                       "entity has the name ダレモイナイ"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find(":3:"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(":4:"), std::string::npos) << r.err;
  // The store has the merge: one entity, named as asked, with both names.
  ShellResult names = RunKijiShell(
      "names --json --type PERSON --grep ゲイツ --store " + store.string());
  std::vector<json> rows = ParseJsonLines(names.out);
  ASSERT_EQ(rows.size(), 1u) << names.out;
  EXPECT_EQ(rows[0]["canonical"], "Bill Gates");
  // Applying it again changes nothing and warns again.
  ShellResult again = RunKijiShell("reconcile --overrides " + overrides +
                                   " --store " + store.string());
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("0 merges and splits"), std::string::npos)
      << again.err;
  // An ingest with the same overrides warns about the same lines.
  ShellResult ingest = RunKijiShell(
      Ingest(dir / "in", dir / "out", dir / "d.db", "--overrides " + overrides));
  EXPECT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_NE(ingest.err.find(overrides + ":6: canonical ダレモイナイ"),
            std::string::npos)
      << ingest.err;
  // A store that is not there.
  EXPECT_EQ(RunKijiShell("reconcile --overrides " + overrides + " --store " +
                         (dir / "none.db").string())
                .exit_code,
            3);
}

// A split line for two names that are one entity in the store splits the
// second off now, with its mentions, documents and evidence.
TEST(KijiNamesTest, ReconcileSplitsANameOffAnEntity) {
  const fs::path dir = FreshDir("kiji_names", "split");
  WriteOverrideArticles(dir / "in");
  const fs::path store = dir / "c.db";
  ASSERT_EQ(RunKijiShell(Ingest(dir / "in", dir / "plain", store)).exit_code,
            0);
  auto plain = IdsByText(dir / "plain");
  ASSERT_EQ(plain["ピーター・ハンセン"], plain["ピーター・ハンソン"]);
  const std::string merged = *plain["ピーター・ハンセン"].begin();
  std::ofstream(dir / "overrides.tsv")
      << "split\tピーター・ハンセン\tピーター・ハンソン\n";
  const std::string reconcile = "reconcile --overrides " +
                                (dir / "overrides.tsv").string() +
                                " --store " + store.string();
  ShellResult r = RunKijiShell(reconcile);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("1 merges and splits"), std::string::npos) << r.err;
  ASSERT_EQ(RunKijiShell("export --store " + store.string() + " --out " +
                         (dir / "export").string())
                .exit_code,
            0);
  auto after = IdsByText(dir / "export");
  ASSERT_EQ(after["ピーター・ハンソン"].size(), 1u);
  EXPECT_EQ(after["ピーター・ハンセン"], std::set<std::string>{merged});
  const std::string split = *after["ピーター・ハンソン"].begin();
  EXPECT_NE(split, merged);
  // The registry: two entities, the new one with the override's evidence
  // and the documents of its mentions.
  std::map<std::string, json> by_id;
  for (const json& e : ReadJsonl(dir / "export" / "names.jsonl")) {
    by_id[e["entity_id"]] = e;
  }
  ASSERT_TRUE(by_id.contains(split));
  EXPECT_EQ(by_id[split]["canonical"], "ピーター・ハンソン");
  EXPECT_FALSE(by_id[split]["docs"].empty());
  for (const json& v : by_id[merged]["variants"]) {
    EXPECT_NE(v, "ピーター・ハンソン");
  }
  ShellResult names = RunKijiShell("names --grep ハンソン --store " +
                                   store.string());
  EXPECT_NE(names.out.find("override:split"), std::string::npos) << names.out;
  // Again: already apart, nothing changes.
  ShellResult again = RunKijiShell(reconcile);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("0 merges and splits"), std::string::npos)
      << again.err;
}

TEST(KijiNamesTest, BadOverridesFileIsAUsageOrFatalError) {
  const fs::path dir = FreshDir("kiji_names", "bad_overrides");
  WriteOverrideArticles(dir / "in");
  std::ofstream(dir / "overrides.tsv") << "merge\tonly-one-field\n";
  ShellResult r = RunKijiShell(Ingest(dir / "in", dir / "out", dir / "c.db",
                            "--overrides " + (dir / "overrides.tsv").string()));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(":1:"), std::string::npos) << r.err;
}

TEST(KijiNamesTest, OverridesThatAreNoReadableFileNameTheReason) {
  const fs::path dir = FreshDir("kiji_names", "overrides_not_a_file");
  WriteOverrideArticles(dir / "in");
  fs::create_directories(dir / "a_folder");
  struct Case {
    fs::path path;
    std::string reason;
  };
  for (const Case& c :
       {Case{dir / "a_folder", "is a folder, not a file"},
        Case{dir / "missing.tsv", "No such file or directory"}}) {
    SCOPED_TRACE(c.path.string());
    ShellResult r = RunKijiShell(Ingest(dir / "in", dir / "out", dir / "c.db",
                                        "--overrides " + c.path.string()));
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("overrides: cannot read " + c.path.string() + ": " +
                         c.reason),
              std::string::npos)
        << r.err;
    // Nothing was ingested: the run stops before the first file.
    EXPECT_FALSE(fs::exists(dir / "out" / "documents.jsonl"));
  }
}

struct PairRow {
  int line = 0;
  std::string a, b, type, note;
  bool same = false;
};

std::vector<PairRow> ReadPairs(const fs::path& path) {
  std::vector<PairRow> rows;
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#' || line.rfind("a\tb\t", 0) == 0) {
      continue;
    }
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) f.push_back(field);
    if (f.size() < 4) {
      ADD_FAILURE() << path << ":" << n << ": malformed row";
      continue;
    }
    rows.push_back({n, f[0], f[1], f[2], f.size() > 4 ? f[4] : "", f[3] == "1"});
  }
  return rows;
}

// Issue 7: the whole pairs table through `kiji match --jsonl`, with the
// build's name knowledge (the binary finds its data folder by default), and
// malformed lines in between.
// One company in two scripts across documents (made-up names): katakana
// drops the plural s and writes two Latin words as one.
TEST(KijiNamesTest, CompanyAcrossScriptsAndDocumentsIsOneEntity) {
  const fs::path dir = FreshDir("kiji_names", "company_scripts");
  const fs::path in = dir / "in";
  fs::create_directories(in);
  std::ofstream(in / "a.txt")
      << "Startup raises funds\n2026-08-02\n"
         "Kestrel Labs said on Monday it had raised $500 million. Harbor "
         "Light Capital led the round.\n";
  std::ofstream(in / "b.txt")
      << "新興企業が資金調達\n2026年8月3日\n"
         "米新興企業のケストレル・ラボは2日、5億ドルを調達したと発表した。"
         "米投資会社ハーバーライト・キャピタルが主導した。\n";
  ASSERT_EQ(
      RunKijiShell(Ingest(in, dir / "out", dir / "s.db")).exit_code, 0);
  std::map<std::string, std::set<std::string>> ids;
  for (const json& m : ReadJsonl(dir / "out" / "entities.jsonl")) {
    if (m["type"] == "COMPANY") ids[m["text"]].insert(m["entity_id"]);
  }
  ASSERT_EQ(ids["Kestrel Labs"].size(), 1u);
  EXPECT_EQ(ids["ケストレル・ラボ"], ids["Kestrel Labs"]);
  ASSERT_EQ(ids["Harbor Light Capital"].size(), 1u);
  EXPECT_EQ(ids["ハーバーライト・キャピタル"], ids["Harbor Light Capital"]);
  EXPECT_NE(ids["Kestrel Labs"], ids["Harbor Light Capital"]);
}

// Issue 16: one spelling, two entities. インテル the football club (a game's
// sentence types it ORG) and インテル the chip maker (COMPANY) get two ids;
// each keeps one id across its documents.
TEST(KijiNamesTest, OneSpellingTypedByContextIsTwoEntities) {
  const fs::path dir = FreshDir("kiji_names", "club_and_company");
  const fs::path in = dir / "in";
  fs::create_directories(in);
  std::ofstream(in / "a.txt")
      << "長友が先発\n2024年5月6日\n"
         "長友佑都が所属するインテルは5日、リーグ戦の試合でローマに勝った。\n";
  std::ofstream(in / "b.txt")
      << "新型CPU\n2024年5月7日\n"
         "インテルは6日、新しいCPUを発表した。インテルの株価は上がった。\n";
  std::ofstream(in / "c.txt")
      << "首位浮上\n2024年5月13日\n"
         "インテルは12日の試合に勝ち、リーグの首位に立った。\n";
  ASSERT_EQ(
      RunKijiShell(Ingest(in, dir / "out", dir / "s.db")).exit_code, 0);
  std::map<std::string, std::set<std::string>> ids;  // by type
  for (const json& m : ReadJsonl(dir / "out" / "entities.jsonl")) {
    if (m["text"] == "インテル") {
      ids[m["type"].get<std::string>()].insert(m["entity_id"]);
    }
  }
  ASSERT_EQ(ids["ORG"].size(), 1u);
  ASSERT_EQ(ids["COMPANY"].size(), 1u);
  EXPECT_NE(*ids["ORG"].begin(), *ids["COMPANY"].begin());
}

TEST(KijiMatchTest, PairsTableThroughJsonl) {
  const std::vector<PairRow> rows =
      ReadPairs(fs::path(KIJI_SOURCE_DIR) / "tests" / "data" / "name_pairs.tsv");
  ASSERT_GE(rows.size(), 100u);
  std::string input;
  std::set<int> bad_lines;
  int line = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i == 2) {
      input += "not json\n";
      bad_lines.insert(++line);
    }
    if (i == 7) {
      input += "{\"a\": \"ジョン\"}\n";
      bad_lines.insert(++line);
    }
    if (i == 11) {
      input += "{\"a\": \"ジョン\", \"b\": \"John\", \"type\": \"PLANET\"}\n";
      bad_lines.insert(++line);
    }
    json j = {{"a", rows[i].a},
              {"b", rows[i].b},
              {"type", rows[i].type},
              {"row", rows[i].line}};
    input += j.dump() + "\n";
    ++line;
  }
  ShellResult r = RunKijiShell("match --jsonl", input);
  EXPECT_EQ(r.exit_code, 1) << r.err;  // some lines failed
  for (int bad : bad_lines) {
    EXPECT_NE(r.err.find("line " + std::to_string(bad) + ":"),
              std::string::npos)
        << r.err;
  }
  // Each bad line is answered in its place by an error line.
  std::vector<json> out;
  int out_line = 0;
  for (json& o : ParseJsonLines(r.out)) {
    ++out_line;
    if (bad_lines.count(out_line) > 0) {
      EXPECT_EQ(o["line"], out_line) << o.dump();
      EXPECT_TRUE(o.contains("error")) << o.dump();
      continue;
    }
    out.push_back(std::move(o));
  }
  ASSERT_EQ(out.size(), rows.size()) << r.err;
  int tp = 0, fp = 0, fn = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const PairRow& p = rows[i];
    const json& o = out[i];
    SCOPED_TRACE("name_pairs.tsv:" + std::to_string(p.line) + " " + p.a +
                 " / " + p.b + " (" + p.note + ")");
    ASSERT_EQ(o["row"], p.line);  // input order, extra fields passed through
    EXPECT_EQ(o["a"], p.a);
    EXPECT_EQ(o["b"], p.b);
    EXPECT_EQ(o["type"], p.type);
    ASSERT_TRUE(o["same"].is_boolean());
    EXPECT_EQ(o["same"].get<bool>(), p.same) << o.dump();
    EXPECT_GE(o["score"].get<double>(), 0.0);
    EXPECT_LE(o["score"].get<double>(), 1.0);
    EXPECT_FALSE(o["why"].get<std::string>().empty());
    // A close call is a score near its threshold, either side; the
    // threshold is the flat 0.75 or a row of the table
    // (data/names/match_thresholds.tsv), named by "basis".
    ASSERT_TRUE(o["close"].is_boolean());
    const double threshold = o["threshold"].get<double>();
    EXPECT_GE(threshold, 0.5);  // 0.5: a word of a name written as one
    EXPECT_LE(threshold, 0.95);
    EXPECT_EQ(o["close"].get<bool>(),
              std::fabs(o["score"].get<double>() - threshold) < 0.05)
        << o.dump();
    if (o["basis"].get<std::string>().empty()) {
      EXPECT_EQ(threshold, 0.75);
    }
    const bool same = o["same"].get<bool>();
    tp += same && p.same;
    fp += same && !p.same;
    fn += !same && p.same;
  }
  EXPECT_EQ(fp, 0);
  std::printf("kiji match on name_pairs.tsv: %zu pairs, tp=%d fp=%d fn=%d\n",
              rows.size(), tp, fp, fn);
}

TEST(KijiMatchTest, OnePairIsHumanReadable) {
  ShellResult same = RunKijiShell("match ドナルド・トランプ \"Donald Trump\"");
  EXPECT_EQ(same.exit_code, 0) << same.err;
  EXPECT_EQ(same.out.rfind("same", 0), 0u) << same.out;
  EXPECT_NE(same.out.find("score"), std::string::npos) << same.out;
  EXPECT_NE(same.out.find("person:"), std::string::npos) << same.out;
  ShellResult diff = RunKijiShell("match バラク・オバマ ミシェル・オバマ");
  EXPECT_EQ(diff.exit_code, 1) << diff.err;  // different
  EXPECT_EQ(diff.out.rfind("different", 0), 0u) << diff.out;
  ShellResult company = RunKijiShell("match --type COMPANY ソニー Sony");
  EXPECT_EQ(company.out.rfind("same", 0), 0u) << company.out;
  EXPECT_EQ(RunKijiShell("match onlyone").exit_code, 2);
  EXPECT_EQ(RunKijiShell("match --type PLANET a b").exit_code, 2);
}

// The shipped threshold table decides by length; --thresholds picks another
// table or none, and a bad table stops the command with its file and line.
TEST(KijiMatchTest, ThresholdTableFlag) {
  const fs::path dir = FreshDir("kiji_names", "thresholds");
  const std::string pair = " カスティーヤ カスティーリヤ";
  ShellResult table = RunKijiShell("match" + pair);
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out.rfind("same", 0), 0u) << table.out;
  EXPECT_NE(table.out.find("kana 5 morae"), std::string::npos) << table.out;
  ShellResult flat = RunKijiShell("match --thresholds none" + pair);
  EXPECT_EQ(flat.out.rfind("different", 0), 0u) << flat.out;
  EXPECT_NE(flat.out.find("needs 0.75"), std::string::npos) << flat.out;
  {
    std::ofstream(dir / "strict.tsv") << "# all parts\nkana\t1\t0.95\n";
  }
  ShellResult strict = RunKijiShell("match --thresholds " +
                                    (dir / "strict.tsv").string() + pair);
  EXPECT_EQ(strict.out.rfind("different", 0), 0u) << strict.out;
  EXPECT_NE(strict.out.find("needs 0.95"), std::string::npos) << strict.out;
  {
    std::ofstream(dir / "bad.tsv") << "# bad\nkana\t1\t0.95\nkana\t1\t0.9\n";
  }
  ShellResult bad = RunKijiShell("match --thresholds " +
                                 (dir / "bad.tsv").string() + pair);
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_NE(bad.err.find("bad.tsv:3: kana 1 given twice"), std::string::npos)
      << bad.err;
}

// The same decision as reconciliation without context: a truncated surname
// with an identical given name is matched, with its rule named.
TEST(KijiMatchTest, TruncatedSurnameEvidence) {
  ShellResult r = RunKijiShell("match --jsonl",
                     "{\"a\": \"ジョン・ロックフェー\", \"b\": \"John Rockefeller\"}\n"
                     "{\"a\": \"ジョン・スミス\", \"b\": \"ジョン・スミスソン\"}\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<json> out = ParseJsonLines(r.out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0]["same"].get<bool>()) << out[0].dump();
  EXPECT_NE(out[0]["why"].get<std::string>().find("truncated surname"),
            std::string::npos);
  EXPECT_FALSE(out[1]["same"].get<bool>()) << out[1].dump();
}

}  // namespace
