// Ingest: files and folders in, store and output files out.
//
// Files are listed in a deterministic order (inputs in the order given,
// folders recursively, entries sorted by path; hidden entries skipped;
// symlinked folders not followed, so symlink loops cannot trap the walk).
// They are processed in batches: read and hash in parallel, skip those whose
// content hash the store already has ("duplicate"), analyse the rest in
// parallel, then reconcile, store and emit them one by one in input order,
// committing once per batch. Output is the same whatever `threads` is.
//
// Every input file gets exactly one line in documents.jsonl.
#ifndef KIJI_PIPELINE_INGEST_H_
#define KIJI_PIPELINE_INGEST_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/analyzer.h"

namespace kiji::pipeline {

struct IngestOptions {
  std::vector<std::string> inputs;  // files and folders
  std::string out_dir;              // created if missing
  std::string store_path;
  std::string overrides_path;  // name overrides file; empty = none
  int threads = 1;
  size_t batch_size = 64;  // documents per transaction
  // Called after each batch with a progress line; may be empty.
  std::function<void(const struct IngestProgress&)> on_progress;
  // Called for each file that fails, with a message naming it.
  std::function<void(const std::string&)> on_file_error;
};

struct IngestProgress {
  size_t files_total = 0;
  size_t files_done = 0;
  size_t ok = 0;
  size_t duplicate = 0;
  size_t error = 0;
  size_t mentions = 0;
  uint64_t bytes_done = 0;
};

struct IngestSummary {
  size_t ok = 0;
  size_t duplicate = 0;
  size_t error = 0;
  size_t mentions = 0;
  size_t entities = 0;
};

// Lists the files under `inputs` in ingest order. Paths that cannot be
// listed are returned with `error` set.
struct InputFile {
  std::string path;
  std::string error;
};
std::vector<InputFile> ListInputs(const std::vector<std::string>& inputs);

// Runs the whole ingest. Fails only when the run cannot go on (store or
// output folder unusable); bad files are reported per file.
absl::StatusOr<IngestSummary> RunIngest(const Analyzer& analyzer,
                                        const IngestOptions& options);

}  // namespace kiji::pipeline

#endif  // KIJI_PIPELINE_INGEST_H_
