// Helpers for the end-to-end tests that run the `kiji` binary
// (pipeline/kiji_*_test.cc): running it through the shell, reading its JSON
// Lines output, per-process temporary folders.
#ifndef KIJI_TESTS_TESTING_CLI_H_
#define KIJI_TESTS_TESTING_CLI_H_

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace kiji::testing {

// The binary under test: $KIJI_TEST_BINARY, else the build's (KIJI_BINARY).
std::string KijiBinary();

// The user's example articles, ../shared/corpus/seeds.
std::filesystem::path SeedsDir();

struct ShellResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// Runs `kiji ARGS` through /bin/sh with `stdin_text` on stdin; stdout and
// stderr captured. ARGS is shell text (quote paths with spaces).
ShellResult RunKijiShell(const std::string& args,
                         const std::string& stdin_text = "");

// A `kiji` process started without waiting: stdout goes to /dev/null,
// stderr to `stderr_path`.
struct KijiChild {
  pid_t pid = -1;  // -1 when it could not be started
  std::filesystem::path stderr_path;
  std::optional<int> status;  // waitpid's, once a caller has reaped it
};

// Starts `PREFIX... kiji ARGS...` (PREFIX: a wrapper such as `nice`, looked
// up on PATH) with stderr to `log`.
KijiChild SpawnKiji(const std::vector<std::string>& args,
                    const std::filesystem::path& log,
                    const std::vector<std::string>& prefix = {});

// Output of `sqlite3 -batch DB SQL` (stderr included).
std::string Sql(const std::filesystem::path& db, const std::string& sql);

// JSON Lines: one value per non-empty line.
std::vector<nlohmann::json> ParseJsonLines(std::string_view text);
std::vector<nlohmann::json> ReadJsonl(const std::filesystem::path& path);

std::string ReadAll(const std::filesystem::path& path);
void WriteFile(const std::filesystem::path& path, std::string_view bytes);

// An empty folder `<tmp>/<prefix>_<name>_<pid>` (removed first if present),
// so that test binaries running in parallel do not share files.
std::filesystem::path FreshDir(std::string_view prefix, std::string_view name);

// Code-point substring [start, end) of UTF-8 `s`; "<out of range>" when the
// range does not fit.
std::string CodePoints(std::string_view s, size_t start, size_t end);

}  // namespace kiji::testing

#endif  // KIJI_TESTS_TESTING_CLI_H_
