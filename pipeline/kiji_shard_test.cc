// `kiji ingest --shard K/N` (issue 20): the shards of a tree are a
// partition of its files, decided by each file's path under its input, so
// the same tree splits alike wherever it lies; the shard runs together
// report every file once.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "pipeline/ingest.h"
#include "tests/testing/cli.h"

namespace {

namespace fs = std::filesystem;
using kiji::pipeline::InputFile;
using kiji::pipeline::ListInputs;
using kiji::pipeline::ShardOf;
using kiji::testing::FreshDir;
using kiji::testing::ReadJsonl;
using kiji::testing::RunKijiShell;
using kiji::testing::ShellResult;
using kiji::testing::WriteFile;
using nlohmann::json;

// A tree of 48 small articles in nested folders.
void WriteTree(const fs::path& root) {
  for (int i = 0; i < 48; ++i) {
    const fs::path folder =
        root / ("d" + std::to_string(i % 3)) / (i % 2 == 0 ? "x" : "y");
    fs::create_directories(folder);
    WriteFile(folder / ("a" + std::to_string(i) + ".txt"),
              "2024年5月" + std::to_string(i % 28 + 1) + "日\n記事" +
                  std::to_string(i) + "：株式会社テスト" + std::to_string(i) +
                  "は約" + std::to_string(i + 1) + "億円を調達した。\n");
  }
}

// Relative path -> shard, for the files listed under `root`.
std::map<std::string, int> Split(const fs::path& root, int n) {
  std::map<std::string, int> shard_of;
  for (const InputFile& f : ListInputs({root.string()})) {
    shard_of[f.relative] = ShardOf(f.relative, n);
  }
  return shard_of;
}

TEST(ShardTest, ShardsPartitionTheTreeAlikeWhereverItLies) {
  const fs::path dir = FreshDir("kiji_shard", "partition");
  WriteTree(dir / "here");
  WriteTree(dir / "elsewhere" / "deeper");
  for (int n = 1; n <= 8; ++n) {
    SCOPED_TRACE(n);
    const std::map<std::string, int> here = Split(dir / "here", n);
    ASSERT_EQ(here.size(), 48u);
    std::vector<int> sizes(static_cast<size_t>(n));
    for (const auto& [relative, k] : here) {
      ASSERT_GE(k, 0);
      ASSERT_LT(k, n);
      ++sizes[static_cast<size_t>(k)];
    }
    // Not all in one shard once there are several.
    if (n > 1) {
      EXPECT_LT(*std::max_element(sizes.begin(), sizes.end()), 48);
    }
    EXPECT_EQ(Split(dir / "elsewhere" / "deeper", n), here);
  }
  EXPECT_EQ(ShardOf("d0/x/a0.txt", 1), 0);
}

TEST(ShardTest, ShardRunsTogetherReportEveryFileOnce) {
  const fs::path dir = FreshDir("kiji_shard", "runs");
  WriteTree(dir / "in");
  const auto paths = [&](const fs::path& out) {
    std::multiset<std::string> p;
    for (const json& d : ReadJsonl(out / "documents.jsonl")) {
      EXPECT_EQ(d["status"], "ok") << d.dump();
      p.insert(d["path"].get<std::string>());
    }
    return p;
  };
  ShellResult whole = RunKijiShell(
      "ingest " + (dir / "in").string() + " --out " + (dir / "whole").string() +
      " --store " + (dir / "whole.db").string() + " -q");
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  const std::multiset<std::string> all = paths(dir / "whole");
  ASSERT_EQ(all.size(), 48u);
  std::multiset<std::string> joined;
  for (int k = 0; k < 3; ++k) {
    const std::string name = "shard-" + std::to_string(k);
    ShellResult r =
        RunKijiShell("ingest " + (dir / "in").string() + " --shard " +
                     std::to_string(k) + "/3 --out " + (dir / name).string() +
                     " --store " + (dir / (name + ".db")).string() + " -q");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::multiset<std::string> mine = paths(dir / name);
    EXPECT_FALSE(mine.empty());
    joined.insert(mine.begin(), mine.end());
  }
  EXPECT_EQ(joined, all);
}

TEST(ShardTest, BadShardIsAUsageError) {
  const fs::path dir = FreshDir("kiji_shard", "bad");
  for (const std::string bad : {"3/3", "-1/2", "1", "a/b", "0/0"}) {
    ShellResult r = RunKijiShell("ingest " + dir.string() + " --shard " + bad +
                                 " --out " + (dir / "o").string() +
                                 " --store " + (dir / "c.db").string());
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find("kiji: error: --shard " + bad), std::string::npos)
        << r.err;
  }
}

}  // namespace
