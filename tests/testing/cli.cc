#include "tests/testing/cli.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#ifndef KIJI_BINARY
#define KIJI_BINARY "kiji"
#endif
#ifndef KIJI_SHARED_DIR
#define KIJI_SHARED_DIR "../shared"
#endif

extern char** environ;

namespace kiji::testing {

KijiChild SpawnKiji(const std::vector<std::string>& args,
                    const std::filesystem::path& log,
                    const std::vector<std::string>& prefix) {
  std::vector<std::string> argv_s = prefix;
  argv_s.push_back(KijiBinary());
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  KijiChild c;
  c.stderr_path = log;
  if (posix_spawnp(&c.pid, argv[0], &actions, nullptr, argv.data(), environ) !=
      0) {
    c.pid = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  return c;
}


namespace fs = std::filesystem;

std::string KijiBinary() {
  if (const char* b = std::getenv("KIJI_TEST_BINARY"); b && *b) return b;
  return KIJI_BINARY;
}

fs::path SeedsDir() { return fs::path(KIJI_SHARED_DIR) / "corpus" / "seeds"; }

namespace {

// Reads everything `p` writes, then closes it; returns the exit status.
int Drain(FILE* p, std::string* out) {
  if (p == nullptr) return -1;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  const int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

ShellResult RunKijiShell(const std::string& args,
                         const std::string& stdin_text) {
  static std::atomic<int> counter{0};
  const std::string tag =
      std::to_string(::getpid()) + "." + std::to_string(counter++);
  const fs::path err = fs::temp_directory_path() / ("kiji_test." + tag + ".err");
  const fs::path in = fs::temp_directory_path() / ("kiji_test." + tag + ".in");
  WriteFile(in, stdin_text);
  const std::string cmd = KijiBinary() + " " + args + " <" + in.string() +
                          " 2>" + err.string();
  ShellResult r;
  r.exit_code = Drain(::popen(cmd.c_str(), "r"), &r.out);
  r.err = ReadAll(err);
  std::error_code ec;
  fs::remove(err, ec);
  fs::remove(in, ec);
  return r;
}

std::string Sql(const fs::path& db, const std::string& sql) {
  const std::string cmd =
      "sqlite3 -batch '" + db.string() + "' \"" + sql + "\" 2>&1";
  std::string out;
  if (Drain(::popen(cmd.c_str(), "r"), &out) == -1 && out.empty()) {
    return "<sqlite3 failed>";
  }
  return out;
}

std::vector<nlohmann::json> ParseJsonLines(std::string_view text) {
  std::vector<nlohmann::json> rows;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return rows;
}

std::vector<nlohmann::json> ReadJsonl(const fs::path& path) {
  return ParseJsonLines(ReadAll(path));
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const fs::path& path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

fs::path FreshDir(std::string_view prefix, std::string_view name) {
  fs::path dir = fs::temp_directory_path() /
                 (std::string(prefix) + "_" + std::string(name) + "_" +
                  std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string CodePoints(std::string_view s, size_t start, size_t end) {
  size_t cp = 0, b = 0, begin_byte = std::string_view::npos;
  for (; b <= s.size(); ++b) {
    if (b == s.size() || (static_cast<unsigned char>(s[b]) & 0xC0) != 0x80) {
      if (cp == start) begin_byte = b;
      if (cp == end) break;
      ++cp;
    }
  }
  if (begin_byte == std::string_view::npos || cp != end) {
    return "<out of range>";
  }
  return std::string(s.substr(begin_byte, b - begin_byte));
}

}  // namespace kiji::testing
