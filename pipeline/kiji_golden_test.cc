// Golden tests: kiji's whole output on fixed inputs, byte for byte, so that
// a change meant to keep behaviour (a refactor, a speed-up) shows every
// result it changes. One case per folder of tests/golden/:
//
//   tests/golden/<case>/inputs          ingest: one input path per line,
//                                       relative to the source tree (a path
//                                       under ../shared is skipped with a
//                                       message when that folder is absent)
//   tests/golden/<case>/expected.jsonl  entities.jsonl of that ingest, then
//   .../expected_names.jsonl            names.jsonl and
//   .../expected_documents.jsonl        documents.jsonl without `path`
//
//   tests/golden/<case>/input.jsonl     extract: `kiji extract --jsonl` input
//   tests/golden/<case>/expected.jsonl  its output
//
// Extract cases run with `--date 2024-08-19`; ingest cases take each
// article's date from its dateline. Expected files are written only on purpose: run the test with
// UPDATE_GOLDEN=1 and review the diff before committing it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/testing/cli.h"

namespace {

namespace fs = std::filesystem;
using kiji::testing::FreshDir;
using kiji::testing::ReadAll;
using kiji::testing::RunKijiShell;
using kiji::testing::ShellResult;
using kiji::testing::WriteFile;

const fs::path kSourceDir = KIJI_SOURCE_DIR;
const fs::path kGoldenDir = kSourceDir / "tests" / "golden";
constexpr const char* kDate = "2024-08-19";

bool Updating() {
  const char* u = std::getenv("UPDATE_GOLDEN");
  return u != nullptr && std::string(u) == "1";
}

std::vector<std::string> Cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(kGoldenDir)) {
    if (e.is_directory()) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// documents.jsonl without the `path` field (it holds the source tree's
// location, which differs from clone to clone).
std::string WithoutPaths(const std::string& jsonl) {
  std::ostringstream out;
  std::istringstream in(jsonl);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(line);
    j.erase("path");
    out << j.dump() << "\n";
  }
  return out.str();
}

// Compares `got` with the expected file, or writes it under UPDATE_GOLDEN=1.
void Check(const fs::path& expected, const std::string& got) {
  SCOPED_TRACE(expected.string());
  if (Updating()) {
    WriteFile(expected, got);
    return;
  }
  ASSERT_TRUE(fs::exists(expected))
      << "no expected file: run with UPDATE_GOLDEN=1 to create it";
  const std::string want = ReadAll(expected);
  if (want == got) return;
  // The first differing line, for the failure message.
  std::istringstream a(want), b(got);
  std::string la, lb;
  int n = 0;
  while (true) {
    ++n;
    const bool ha = static_cast<bool>(std::getline(a, la));
    const bool hb = static_cast<bool>(std::getline(b, lb));
    if (!ha && !hb) break;
    if (!ha || !hb || la != lb) {
      ADD_FAILURE() << "line " << n << " differs\n  expected: "
                    << (ha ? la : "<end>") << "\n  got:      "
                    << (hb ? lb : "<end>")
                    << "\n(UPDATE_GOLDEN=1 rewrites the expected files; "
                       "review the diff)";
      return;
    }
  }
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, OutputIsUnchanged) {
  const fs::path dir = kGoldenDir / GetParam();
  if (fs::exists(dir / "input.jsonl")) {
    const ShellResult r =
        RunKijiShell(std::string("extract --jsonl --threads 2 --date ") + kDate,
                     ReadAll(dir / "input.jsonl"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Check(dir / "expected.jsonl", r.out);
    return;
  }
  std::ifstream list(dir / "inputs");
  ASSERT_TRUE(list) << "a golden case needs `inputs` or `input.jsonl`";
  std::string args, line;
  while (std::getline(list, line)) {
    if (line.empty() || line[0] == '#') continue;
    const fs::path p = kSourceDir / line;
    if (!fs::exists(p) && line.rfind("../shared/", 0) == 0) {
      GTEST_SKIP() << p << " is absent";
    }
    args += " '" + p.string() + "'";
  }
  const fs::path tmp = FreshDir("kiji_golden", GetParam());
  const ShellResult r = RunKijiShell(
      "ingest" + args + " --out '" + (tmp / "out").string() + "' --store '" +
      (tmp / "s.db").string() + "' --quiet --threads 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Check(dir / "expected.jsonl", ReadAll(tmp / "out" / "entities.jsonl"));
  Check(dir / "expected_names.jsonl", ReadAll(tmp / "out" / "names.jsonl"));
  Check(dir / "expected_documents.jsonl",
        WithoutPaths(ReadAll(tmp / "out" / "documents.jsonl")));
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenTest, ::testing::ValuesIn(Cases()),
                         [](const auto& case_info) { return case_info.param; });

}  // namespace
