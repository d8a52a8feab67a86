#include "tokenizers/user_dictionary.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "corpus/document.h"
#include "tokenizers/mecab_tokenizer.h"

namespace kiji::tokenizers {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() /
      ("kiji_userdic_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(UserDictionaryTest, CompiledOnceAndReadByMecab) {
  const fs::path dir = TempDir("ok");
  const fs::path csv = dir / "words.csv";
  std::ofstream(csv) << "霞野谷,1290,1290,3000,名詞,固有名詞,人名,姓,*,*,"
                        "霞野谷,カスミノヤ,カスミノヤ\n";
  UserDictionaryOptions options;
  options.cache_dir = (dir / "cache").string();
  const absl::StatusOr<std::string> compiled =
      CompileUserDictionary(csv.string(), options);
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  EXPECT_EQ(fs::path(*compiled).parent_path(), dir / "cache");
  // The same file again: the same path, not written again.
  const auto written = fs::last_write_time(*compiled);
  EXPECT_EQ(CompileUserDictionary(csv.string(), options).value(), *compiled);
  EXPECT_EQ(fs::last_write_time(*compiled), written);
  // Another version of the file: another compiled file.
  std::ofstream(csv, std::ios::app)
      << "ゼノバース,1292,1292,3000,名詞,固有名詞,組織,*,*,*,ゼノバース,"
         "ゼノバース,ゼノバース\n";
  const absl::StatusOr<std::string> second =
      CompileUserDictionary(csv.string(), options);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(*second, *compiled);

  MecabOptions mecab;
  mecab.userdic = *second;
  auto tokenizer = MecabTokenizer::Create(mecab);
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  corpus::Document doc;
  doc.normalized = "霞野谷氏とゼノバース";
  (*tokenizer)->Tokenize(&doc);
  ASSERT_FALSE(doc.tokens.empty());
  EXPECT_EQ(doc.Surface(doc.tokens[0]), "霞野谷");
  EXPECT_NE(doc.Features(doc.tokens[0]).find("人名,姓"), std::string::npos);
  EXPECT_EQ(doc.Surface(doc.tokens.back()), "ゼノバース");
  fs::remove_all(dir);
}

TEST(UserDictionaryTest, ErrorsNameTheFileAndTheReason) {
  const fs::path dir = TempDir("bad");
  UserDictionaryOptions options;
  options.cache_dir = (dir / "cache").string();
  absl::StatusOr<std::string> r =
      CompileUserDictionary((dir / "missing.csv").string(), options);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("missing.csv"), std::string::npos);

  std::ofstream(dir / "bad.csv") << "three,fields,only\n";
  r = CompileUserDictionary((dir / "bad.csv").string(), options);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("bad.csv: format error: three"),
            std::string::npos)
      << r.status();
  // Nothing half-written is left in the cache.
  EXPECT_TRUE(fs::is_empty(dir / "cache"));

  options.indexer = (dir / "no-such-indexer").string();
  std::ofstream(dir / "ok.csv")
      << "x,1288,1288,3000,名詞,固有名詞,一般,*,*,*,x,x,x\n";
  r = CompileUserDictionary((dir / "ok.csv").string(), options);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("mecab-utils"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kiji::tokenizers
