// Writers for the output files of the contract (documents.jsonl,
// entities.jsonl, names.jsonl), through nlohmann_json.
//
// `JsonlFile` writes to a temporary name in the output folder and renames it
// into place at `Commit`: a reader never sees a partial file presented as
// complete, and a failed run leaves the previous file (if any) untouched.
// Temporary files are named `.<name>.tmp.<pid>`; `Create` removes those of
// processes that no longer exist (a run killed before `Commit`).
//
// Not thread-safe: one writer per file.
#ifndef KIJI_CORPUS_JSONL_WRITER_H_
#define KIJI_CORPUS_JSONL_WRITER_H_

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "corpus/store.h"

namespace kiji::corpus {

class JsonlFile {
 public:
  // Opens `<dir>/<name>` for writing (through a temporary file).
  static absl::StatusOr<std::unique_ptr<JsonlFile>> Create(
      const std::string& dir, const std::string& name);
  ~JsonlFile();  // Removes the temporary file unless committed.

  absl::Status Write(const nlohmann::ordered_json& line);
  // Drops everything written so far (before `Commit`), to write the file
  // again from the start.
  absl::Status Restart();
  // Flushes, syncs and renames into place (and syncs the folder). Fails,
  // leaving the temporary file to the destructor, when any step fails (disk
  // full, folder gone).
  absl::Status Commit();
  const std::string& path() const { return path_; }

 private:
  JsonlFile(std::string path, std::string tmp_path, std::FILE* file)
      : path_(std::move(path)), tmp_path_(std::move(tmp_path)), file_(file) {}
  std::string path_;
  std::string tmp_path_;
  std::FILE* file_;
  bool committed_ = false;
};

// One line of documents.jsonl.
struct DocumentLine {
  std::string doc_id;  // empty when the file could not be read
  std::string path;
  std::string status;  // "ok", "duplicate", "error"
  std::string error;
  std::string encoding;
  std::string lang;
  std::optional<int64_t> chars;
  std::optional<std::string> date;
  std::vector<std::string> warnings;
};

nlohmann::ordered_json ToJson(const DocumentLine& line);
// A mention; `doc_id` is omitted when empty (streaming mode).
nlohmann::ordered_json ToJson(const StoredMention& mention,
                              const std::string& doc_id);
nlohmann::ordered_json ToJson(const EntityRecord& entity);

// Serialises one JSON line (UTF-8, no ASCII escaping, no trailing newline).
std::string DumpLine(const nlohmann::ordered_json& j);

}  // namespace kiji::corpus

#endif  // KIJI_CORPUS_JSONL_WRITER_H_
