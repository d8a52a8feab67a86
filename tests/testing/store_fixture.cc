#include "tests/testing/store_fixture.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

namespace kiji::testing {

std::string TempPath(const std::string& prefix, const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             (prefix + "_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  std::filesystem::remove(p);
  return p.string();
}

store::StoredDocument Doc(const std::string& id) {
  store::StoredDocument d;
  d.doc_id = id;
  d.path = "in/" + id + ".txt";
  d.encoding = "UTF-8";
  d.lang = "ja";
  d.date = "2024-08-19";
  d.chars = 42;
  d.normalized = "本文";
  return d;
}

std::vector<std::string> RawSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::vector<std::string> rows;
  char* err = nullptr;
  const int rc = sqlite3_exec(
      db, sql.c_str(),
      [](void* out, int n, char** values, char**) {
        std::string row;
        for (int i = 0; i < n; ++i) {
          if (i > 0) row += '|';
          row += values[i] ? values[i] : "NULL";
        }
        static_cast<std::vector<std::string>*>(out)->push_back(row);
        return 0;
      },
      &rows, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
  return rows;
}

}  // namespace kiji::testing
