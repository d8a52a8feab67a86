// End-to-end tests of how `kiji ingest` reads and lists its inputs: UTF-32,
// byte-order marks alone, file names that are not UTF-8, symlinks to folders
// inside a folder, and several spellings of one path. Each runs the real
// binary on real files and checks documents.jsonl line by line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "decode/decoder.h"
#include "corpus/script.h"
#include "tests/testing/cli.h"

namespace {

namespace fs = std::filesystem;
using kiji::corpus::CountCodePoints;
using kiji::decode::EncodeAs;
using kiji::corpus::Encoding;
using kiji::testing::CodePoints;
using kiji::testing::FreshDir;
using kiji::testing::ReadAll;
using kiji::testing::ReadJsonl;
using kiji::testing::RunKijiShell;
using kiji::testing::ShellResult;
using kiji::testing::WriteFile;
using nlohmann::json;

constexpr char kArticle[] =
    "2024年8月19日\n"
    "ソフトバンクグループは約78兆円の投資を発表した。"
    "孫正義会長兼社長が東京で記者会見した。\n";

// Single-quoted for /bin/sh (the path may hold any byte but NUL).
std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

// `kiji ingest ARGS` into `dir`/out with a store in `dir`.
ShellResult Ingest(const fs::path& dir, const std::string& args) {
  return RunKijiShell("ingest " + args + " --out " + Quote(dir / "out") +
                      " --store " + Quote(dir / "corpus.db") +
                      " --quiet --date 2025-01-01");
}

std::map<std::string, json> ByFileName(const std::vector<json>& docs) {
  std::map<std::string, json> by_name;
  for (const json& d : docs) {
    by_name[fs::path(d["path"].get<std::string>()).filename()] = d;
  }
  return by_name;
}

std::string Encode(const std::string& text, Encoding encoding) {
  auto bytes = EncodeAs(text, encoding);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : "";
}

TEST(KijiInputsTest, Utf32FilesWithABomAreDecoded) {
  const fs::path dir = FreshDir("kiji_inputs", "utf32");
  const fs::path in = dir / "in";
  fs::create_directories(in);
  WriteFile(in / "a_utf32le.txt", std::string("\xFF\xFE\0\0", 4) +
                                      Encode(kArticle, Encoding::kUtf32Le));
  // Another text: the same text in another encoding is a duplicate.
  const std::string second = std::string(kArticle) + "続報は明日。\n";
  WriteFile(in / "b_utf32be.txt", std::string("\0\0\xFE\xFF", 4) +
                                      Encode(second, Encoding::kUtf32Be));
  // The UTF-16LE BOM, then U+0000: the same first four bytes as UTF-32LE.
  const std::string nul_first = std::string(1, '\0') + kArticle;
  WriteFile(in / "c_utf16le_nul.txt",
            "\xFF\xFE" + Encode(nul_first, Encoding::kUtf16Le));
  ShellResult r = Ingest(dir, Quote(in));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<json> docs = ReadJsonl(dir / "out" / "documents.jsonl");
  ASSERT_EQ(docs.size(), 3u);
  auto by_name = ByFileName(docs);
  struct Expected {
    const char* name;
    const char* encoding;
    std::string text;
  };
  const Expected expected[] = {{"a_utf32le.txt", "UTF-32LE", kArticle},
                               {"b_utf32be.txt", "UTF-32BE", second},
                               {"c_utf16le_nul.txt", "UTF-16LE", nul_first}};
  std::map<std::string, std::string> text_of;  // doc_id -> decoded text
  for (const Expected& e : expected) {
    SCOPED_TRACE(e.name);
    const json& d = by_name[e.name];
    EXPECT_EQ(d["status"], "ok") << d.dump();
    EXPECT_EQ(d["encoding"], e.encoding) << d.dump();
    EXPECT_EQ(d["lang"], "ja") << d.dump();
    // Characters, not code units: no NUL between them.
    EXPECT_EQ(d["chars"], CountCodePoints(e.text)) << d.dump();
    text_of[d["doc_id"]] = e.text;
  }
  // Offsets count code points of the decoded text after the BOM.
  size_t checked = 0;
  for (const json& m : ReadJsonl(dir / "out" / "entities.jsonl")) {
    auto it = text_of.find(m["doc_id"]);
    ASSERT_NE(it, text_of.end());
    EXPECT_EQ(CodePoints(it->second, m["start"], m["end"]),
              m["text"].get<std::string>())
        << m.dump();
    ++checked;
  }
  EXPECT_GE(checked, 6u);
}

TEST(KijiInputsTest, ByteOrderMarkAloneIsAnEmptyFileLikeZeroBytes) {
  const fs::path dir = FreshDir("kiji_inputs", "bom_only");
  const fs::path in = dir / "in";
  fs::create_directories(in);
  const std::map<std::string, std::string> files = {
      {"a_zero_bytes.txt", ""},
      {"b_utf8_bom.txt", "\xEF\xBB\xBF"},
      {"c_utf16le_bom.txt", "\xFF\xFE"},
      {"d_utf16be_bom.txt", "\xFE\xFF"},
      {"e_utf32le_bom.txt", std::string("\xFF\xFE\0\0", 4)},
      {"f_utf32be_bom.txt", std::string("\0\0\xFE\xFF", 4)},
  };
  for (const auto& [name, bytes] : files) WriteFile(in / name, bytes);
  // Whitespace is text: a file of it (after a BOM) is decoded.
  WriteFile(in / "g_bom_space.txt", "\xEF\xBB\xBF \n");
  ShellResult r = Ingest(dir, Quote(in));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::vector<json> docs = ReadJsonl(dir / "out" / "documents.jsonl");
  ASSERT_EQ(docs.size(), files.size() + 1);
  auto by_name = ByFileName(docs);
  for (const auto& [name, bytes] : files) {
    SCOPED_TRACE(name);
    const json& d = by_name[name];
    EXPECT_EQ(d["status"], "error") << d.dump();
    EXPECT_EQ(d["error"], "empty file") << d.dump();
    EXPECT_EQ(d["encoding"], nullptr) << d.dump();
    EXPECT_EQ(d["chars"], nullptr) << d.dump();
    EXPECT_NE(r.err.find(name + ": empty file"), std::string::npos) << r.err;
  }
  EXPECT_EQ(by_name["g_bom_space.txt"]["status"], "ok");
  EXPECT_EQ(by_name["g_bom_space.txt"]["chars"], 2);
}

TEST(KijiInputsTest, PathThatIsNotUtf8KeepsItsBytesInPathBytes) {
  const fs::path dir = FreshDir("kiji_inputs", "path_bytes");
  const fs::path in = dir / "in";
  fs::create_directories(in);
  const std::string bad_name = "bad_\xFF\xFE.txt";
  const std::string bad_path = (in / bad_name).string();
  WriteFile(bad_path, kArticle);
  WriteFile(in / "good_記事.txt", "2024年8月20日\n東京で会議が開かれた。\n");
  // Listed through its folder, and a second file given directly.
  WriteFile(dir / "direct_\xFF.txt", "2024年8月21日\n大阪で会議が開かれた。\n");
  ShellResult r =
      Ingest(dir, Quote(in) + " " + Quote((dir / "direct_\xFF.txt").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = ReadAll(dir / "out" / "documents.jsonl");
  const std::vector<json> docs = ReadJsonl(dir / "out" / "documents.jsonl");
  ASSERT_EQ(docs.size(), 3u);
  std::vector<std::string> reopened;
  for (const json& d : docs) {
    SCOPED_TRACE(d.dump());
    EXPECT_EQ(d["status"], "ok");
    const std::string path = d["path"];
    if (path.find("good_") != std::string::npos) {
      EXPECT_EQ(path, (in / "good_記事.txt").string());
      EXPECT_FALSE(d.contains("path_bytes"));
      continue;
    }
    // `path` is for display (U+FFFD for each bad byte); `path_bytes`, right
    // after it, holds the exact bytes, and they reopen the file.
    EXPECT_NE(path.find("\xEF\xBF\xBD"), std::string::npos);
    ASSERT_TRUE(d.contains("path_bytes"));
    std::string bytes;
    ASSERT_TRUE(
        absl::Base64Unescape(d["path_bytes"].get<std::string>(), &bytes));
    ASSERT_TRUE(fs::exists(bytes));
    reopened.push_back(bytes);
  }
  EXPECT_EQ(reopened, (std::vector<std::string>{
                          bad_path, (dir / "direct_\xFF.txt").string()}));
  EXPECT_EQ(ReadAll(bad_path), kArticle);
  EXPECT_NE(text.find("\"path_bytes\":"), std::string::npos);
  EXPECT_LT(text.find("\"path\":"), text.find("\"path_bytes\":"));
  EXPECT_LT(text.find("\"path_bytes\":"), text.find("\"status\":"));
}

TEST(KijiInputsTest, SymlinkToFolderInsideAFolderGetsAnErrorLine) {
  const fs::path dir = FreshDir("kiji_inputs", "dir_link");
  const fs::path in = dir / "in";
  const fs::path other = dir / "other";
  fs::create_directories(in / "sub");
  fs::create_directories(other);
  WriteFile(in / "a.txt", kArticle);
  WriteFile(in / "sub" / "b.txt", "2024年8月20日\n東京で会議が開かれた。\n");
  WriteFile(other / "c.txt", "2024年8月21日\n大阪で会議が開かれた。\n");
  fs::create_directory_symlink(other, in / "link_other");
  fs::create_directory_symlink(in, in / "sub" / "link_loop");  // a loop
  ShellResult r = Ingest(dir, Quote(in));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::vector<json> docs = ReadJsonl(dir / "out" / "documents.jsonl");
  std::vector<std::string> paths;
  for (const json& d : docs) paths.push_back(d["path"]);
  // Every entry of the folder is accounted for; the links are not followed.
  ASSERT_EQ(paths, (std::vector<std::string>{
                       (in / "a.txt").string(), (in / "link_other").string(),
                       (in / "sub" / "b.txt").string(),
                       (in / "sub" / "link_loop").string()}));
  for (size_t i : {1u, 3u}) {
    SCOPED_TRACE(paths[i]);
    EXPECT_EQ(docs[i]["status"], "error");
    EXPECT_EQ(docs[i]["error"], "symlink to a folder (not followed)");
    EXPECT_EQ(docs[i]["doc_id"], nullptr);
    EXPECT_NE(r.err.find(paths[i] + ": symlink to a folder (not followed)"),
              std::string::npos)
        << r.err;
  }
  EXPECT_EQ(docs[0]["status"], "ok");
  EXPECT_EQ(docs[2]["status"], "ok");
  // A symlinked folder given as an input is followed (the user named it).
  ShellResult direct = RunKijiShell(
      "ingest " + Quote(in / "link_other") + " --out " + Quote(dir / "out2") +
      " --store " + Quote(dir / "corpus2.db") + " --quiet");
  EXPECT_EQ(direct.exit_code, 0) << direct.err;
  const std::vector<json> followed =
      ReadJsonl(dir / "out2" / "documents.jsonl");
  ASSERT_EQ(followed.size(), 1u);
  EXPECT_EQ(followed[0]["path"], (in / "link_other" / "c.txt").string());
  EXPECT_EQ(followed[0]["status"], "ok");
}

TEST(KijiInputsTest, EverySpellingOfOneFileGetsOneLine) {
  const fs::path dir = FreshDir("kiji_inputs", "spellings");
  const fs::path in = dir / "in";
  fs::create_directories(in / "sub");
  WriteFile(in / "a.txt", kArticle);
  WriteFile(in / "sub" / "b.txt", "2024年8月20日\n東京で会議が開かれた。\n");
  // Entries of their own, whatever they point at: reported "duplicate" by
  // their content.
  fs::create_hard_link(in / "a.txt", in / "a_hard.txt");
  fs::create_symlink(in / "a.txt", in / "a_link.txt");
  fs::create_directory_symlink(in, dir / "in_link");
  const fs::path relative = fs::relative(in / "a.txt", fs::current_path());
  ASSERT_FALSE(relative.empty());
  const std::string spellings[] = {
      (in / "a.txt").string(),
      "./" + relative.string(),
      in.string() + "//a.txt",
      (in / "." / "a.txt").string(),
      (in / "sub" / ".." / "a.txt").string(),
      (dir / "in_link" / "a.txt").string(),  // through a symlinked folder
      (dir / "in_link" / "sub" / ".." / ".." / "in" / "a.txt").string(),
  };
  std::string args;
  for (const std::string& s : spellings) args += Quote(s) + " ";
  // The folder itself (its a.txt listed already), through its link too, and
  // a file of it given after it.
  args += Quote(in) + " " + Quote(dir / "in_link") + " " +
          Quote(in.string() + "/sub//b.txt");
  ShellResult r = Ingest(dir, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<json> docs = ReadJsonl(dir / "out" / "documents.jsonl");
  std::vector<std::string> lines;
  for (const json& d : docs) {
    lines.push_back(d["path"].get<std::string>() + " " +
                    d["status"].get<std::string>());
  }
  EXPECT_EQ(lines, (std::vector<std::string>{
                       (in / "a.txt").string() + " ok",
                       (in / "a_hard.txt").string() + " duplicate",
                       (in / "a_link.txt").string() + " duplicate",
                       (in / "sub" / "b.txt").string() + " ok"}));
}

// --files-from: the listed paths after the arguments, a line (or with -0 a
// NUL) each, from a file or stdin; a listed path that is not there gets its
// error line like any other.
TEST(KijiInputsTest, FilesFromAListOrStdin) {
  const fs::path dir = FreshDir("kiji_inputs", "files_from");
  const fs::path in = dir / "in";
  fs::create_directories(in / "sub");
  WriteFile(in / "a.txt", kArticle);
  WriteFile(in / "with space.txt", "2024年8月20日\n東京で会議が開かれた。\n");
  WriteFile(in / "sub" / "c.txt", "2024年8月21日\n大阪で会議が開かれた。\n");
  WriteFile(dir / "list.txt", (in / "with space.txt").string() + "\r\n" +
                                  (in / "missing.txt").string() + "\n\n" +
                                  (in / "sub").string() + "\n");
  ShellResult r = Ingest(dir, Quote(in / "a.txt") + " --files-from " +
                                  Quote(dir / "list.txt"));
  EXPECT_EQ(r.exit_code, 1) << r.err;  // missing.txt
  std::vector<std::string> lines;
  for (const json& d : ReadJsonl(dir / "out" / "documents.jsonl")) {
    lines.push_back(fs::path(d["path"].get<std::string>()).filename().string() +
                    " " + d["status"].get<std::string>());
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"a.txt ok", "with space.txt ok",
                                             "missing.txt error", "c.txt ok"}));
  // NUL-separated on stdin (find -print0), no path arguments.
  const fs::path dir2 = FreshDir("kiji_inputs", "files_from_nul");
  const std::string list =
      (in / "with space.txt").string() + std::string(1, '\0') +
      (in / "a.txt").string() + std::string(1, '\0');
  ShellResult nul = RunKijiShell(
      "ingest --files-from - -0 --out " + Quote(dir2 / "out") + " --store " +
          Quote(dir2 / "corpus.db") + " --quiet",
      list);
  EXPECT_EQ(nul.exit_code, 0) << nul.err;
  lines.clear();
  for (const json& d : ReadJsonl(dir2 / "out" / "documents.jsonl")) {
    lines.push_back(fs::path(d["path"].get<std::string>()).filename().string());
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"with space.txt", "a.txt"}));
  // A list that cannot be read is a usage error naming it.
  ShellResult bad = Ingest(dir, "--files-from " + Quote(dir / "nope.txt"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--files-from " + (dir / "nope.txt").string() +
                         ": cannot open"),
            std::string::npos)
      << bad.err;
}

}  // namespace
