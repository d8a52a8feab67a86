#include "tokenizers/user_dictionary.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "corpus/sha256.h"

extern char** environ;

namespace kiji::tokenizers {
namespace {

namespace fs = std::filesystem;

std::string DefaultCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    return absl::StrCat(xdg, "/kiji/userdic");
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return absl::StrCat(home, "/.cache/kiji/userdic");
  }
  return (fs::temp_directory_path() / "kiji-userdic").string();
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(
        "user dictionary ", path, ": cannot read: ", std::strerror(errno)));
  }
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  if (in.bad()) {
    return absl::NotFoundError(
        absl::StrCat("user dictionary ", path, ": read failed"));
  }
  return bytes;
}

// The last line of the indexer's output that says what went wrong
// ("dictionary.cpp(316) [n == 5] format error: LINE" -> "format error:
// LINE").
std::string Reason(std::string_view log) {
  while (!log.empty() && (log.back() == '\n' || log.back() == ' ')) {
    log.remove_suffix(1);
  }
  const size_t nl = log.rfind('\n');
  std::string_view last =
      nl == std::string_view::npos ? log : log.substr(nl + 1);
  if (const size_t bracket = last.find("] ");
      bracket != std::string_view::npos) {
    last.remove_prefix(bracket + 2);
  }
  return std::string(last);
}

// Runs `argv` with its stdout and stderr in `log_path`; its exit status, or
// -1 when it could not be started.
int RunTool(const std::vector<std::string>& argv, const std::string& log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  std::vector<char*> args;
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc =
      posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

absl::StatusOr<std::string> CompileUserDictionary(
    const std::string& csv_path, const UserDictionaryOptions& options) {
  auto csv = ReadFile(csv_path);
  if (!csv.ok()) return csv.status();
  // The same words against another IPADIC are another dictionary.
  const std::string key = corpus::Sha256Hex(
      absl::StrCat(*csv, std::string(1, '\0'), options.source_dicdir));
  const fs::path cache =
      options.cache_dir.empty() ? DefaultCacheDir() : options.cache_dir;
  const fs::path compiled = cache / (key + ".dic");
  std::error_code ec;
  if (fs::is_regular_file(compiled, ec)) return compiled.string();
  fs::create_directories(cache, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("user dictionary ", csv_path, ": cannot create the cache ",
                     cache.string(), ": ", ec.message()));
  }
  if (!fs::exists(options.indexer, ec)) {
    return absl::UnavailableError(absl::StrCat(
        "user dictionary ", csv_path, ": ", options.indexer,
        " is missing (Debian package mecab-utils: scripts/setup.sh installs "
        "it)"));
  }
  // Written aside and renamed: a compiled file in the cache is complete.
  const std::string suffix = absl::StrCat(".", getpid(), ".tmp");
  const std::string partial = compiled.string() + suffix;
  const std::string log = (cache / (key + suffix + ".log")).string();
  const int status =
      RunTool({options.indexer, "-d", options.source_dicdir, "-u", partial,
               "-f", "utf-8", "-t", "utf-8", csv_path},
              log);
  auto output = ReadFile(log);
  fs::remove(log, ec);
  if (status != 0) {
    fs::remove(partial, ec);
    if (status < 0) {
      return absl::UnavailableError(absl::StrCat(
          "user dictionary ", csv_path, ": cannot run ", options.indexer));
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "user dictionary ", csv_path, ": ",
        output.ok() ? Reason(*output) : "mecab-dict-index failed",
        " (MeCab's CSV: surface,left id,right id,cost,POS,...,reading,"
        "pronunciation; see README \"Dictionaries\")"));
  }
  fs::rename(partial, compiled, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("user dictionary ", csv_path, ": cannot write ",
                     compiled.string(), ": ", ec.message()));
  }
  return compiled.string();
}

}  // namespace kiji::tokenizers
