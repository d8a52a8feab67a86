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
#ifndef KIJI_STORE_JSONL_WRITER_H_
#define KIJI_STORE_JSONL_WRITER_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store/json_appender.h"
#include "store/store.h"

namespace kiji::store {

class JsonlFile {
 public:
  // Opens `<dir>/<name>` for writing (through a temporary file).
  static absl::StatusOr<std::unique_ptr<JsonlFile>> Create(
      const std::string& dir, const std::string& name);
  ~JsonlFile();  // Removes the temporary file unless committed.

  absl::Status Write(const nlohmann::ordered_json& line);
  // Writes `text` as it is (lines already serialised, or another format's
  // rows: `kiji export` writes its CSV files through this class too).
  absl::Status WriteText(std::string_view text);
  // Writes one line per mention (`AppendMentionLine`), without a DOM (the
  // writer's hot path).
  absl::Status WriteMentions(const std::string& doc_id,
                             const std::vector<StoredMention>& mentions);
  // Writes an entity's line (`AppendEntityLine`), without a DOM.
  absl::Status WriteEntity(const EntityRecord& entity);
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
  // Writes `lines_` (what was appended since its last Clear) and clears it.
  absl::Status WriteLines();

  std::string path_;
  std::string tmp_path_;
  std::FILE* file_;
  bool committed_ = false;
  JsonAppender lines_;  // the lines of WriteMentions and WriteEntity
};

// One line of documents.jsonl.
struct DocumentLine {
  std::string doc_id;  // empty when the file could not be read
  // The path's bytes as listed. JSON text is UTF-8, so a path that is not
  // valid UTF-8 is written with U+FFFD for its invalid bytes (for display)
  // and, in an added `path_bytes` field right after it, its exact bytes in
  // base64 (RFC 4648, padded), which reopen the file.
  std::string path;
  std::string status;  // "ok", "duplicate", "error"
  // A duplicate: the path its first copy was stored from (this run or an
  // earlier one), written as "duplicate_of" after "status".
  std::string duplicate_of;
  std::string error;
  std::string encoding;
  std::string lang;
  std::optional<int64_t> chars;
  std::optional<std::string> date;
  std::vector<std::string> warnings;
};

nlohmann::ordered_json ToJson(const DocumentLine& line);

// The "ok" line of a stored document.
DocumentLine OkLine(const StoredDocument& doc);

// Appends a mention's line of entities.jsonl (CONTRACT.md); `doc_id` is
// omitted when empty (`kiji extract`).
void AppendMentionLine(const StoredMention& mention, std::string_view doc_id,
                       JsonAppender* json);

// Appends an entity's line of entities.jsonl (CONTRACT.md).
void AppendEntityLine(const EntityRecord& entity, JsonAppender* json);

}  // namespace kiji::store

#endif  // KIJI_STORE_JSONL_WRITER_H_
