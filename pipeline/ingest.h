// Ingest: files and folders in, store and output files out.
//
// Files are listed in a deterministic order (inputs in the order given,
// folders recursively, entries sorted by path; hidden entries skipped;
// symlinked folders inside a folder not followed, so symlink loops cannot
// trap the walk, and reported as errors). A file listed twice, by any
// spelling of its path, is listed once (see `ListInputs`).
// They are processed in batches: read and hash in parallel, skip those whose
// content hash the store already has ("duplicate"), analyse the rest in
// parallel, then reconcile, store and emit them one by one in input order,
// committing once per batch. Output is the same whatever `threads` is.
// A document whose normalised text a stored document already has (the same
// article in another encoding, or as a web page with the same text) is a
// "duplicate" too; its line's `duplicate_of` names the stored copy's path.
//
// Every input file gets exactly one line in documents.jsonl. The store keeps
// what `kiji merge` needs to write the same lines and reconcile the same way
// from the store alone: each stored document's place in the listing, text,
// mentions and warnings, and the lines of the files not stored (errors,
// duplicates; see Store::PutReport).
//
// Output files. documents.jsonl, entities.jsonl and names.jsonl are written
// under temporary names and renamed into place only when the run completes;
// a run that fails or is stopped leaves the previous files (if any) as they
// were. entities.jsonl is written at the end from the store, so its entity
// ids are those of names.jsonl (after overrides).
//
// Crash safety and resuming. The store commits once per batch; a run killed
// at any point (SIGKILL, power loss) leaves the store as of its last commit.
// At its start a run records in the store a marker of itself: the hash of
// its `inputs` (as given, made absolute) and the first document number it
// will use. A completed run removes the marker after renaming its output
// files. When a run starts and finds the marker of an unfinished run with
// the same `inputs` (the same command run again), it resumes that run: a
// document the unfinished run already committed is reported "ok" again (not
// "duplicate"), analysed again for its documents.jsonl line, and its stored
// mentions are emitted, so that the output files and the store end exactly
// as after one uninterrupted run. Any other run replaces the marker: the
// documents of the unfinished run are then "duplicate" like any others.
//
// Stopping. When `*stop_signal` becomes non-zero (the CLI sets it from a
// SIGINT/SIGTERM handler) the run stops before the next batch: what was
// committed stays in the store, the marker stays (re-running the command
// resumes), no output file is written, and `RunIngest` returns kCancelled.
#ifndef KIJI_PIPELINE_INGEST_H_
#define KIJI_PIPELINE_INGEST_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "input/archive_reader.h"
#include "pipeline/analyzer.h"
#include "store/jsonl_writer.h"

namespace kiji::pipeline {

// The store's `meta` key marking an unfinished ingest run: "<inputs hash>
// <first seq>".
inline constexpr char kPendingIngestRunKey[] = "pending_ingest_run";

// One shard of a corpus split N ways (`kiji ingest --shard K/N`).
struct Shard {
  int index = 0;  // K, 0 <= K < count
  int count = 1;  // N
};

struct IngestOptions {
  std::vector<std::string> inputs;  // files and folders
  // Only the files of this shard (see `ShardOf`); none: all of them.
  std::optional<Shard> shard;
  std::string out_dir;              // created if missing
  std::string store_path;
  std::string overrides_path;  // name overrides file; empty = none
  int threads = 1;
  size_t batch_size = 64;  // documents per transaction
  // Called after each batch with a progress line; may be empty.
  std::function<void(const struct IngestProgress&)> on_progress;
  // Called for each file that fails, with a message naming it.
  std::function<void(const std::string&)> on_file_error;
  // Called with a notice the user should see (e.g. waiting for another
  // process that holds the store, resuming an interrupted run); may be empty.
  std::function<void(const std::string&)> on_notice;
  // When not null and non-zero (a signal number), the run stops before its
  // next batch (see the file comment). Read from the writer thread only;
  // may be set from a signal handler.
  const std::atomic<int>* stop_signal = nullptr;
};

struct IngestProgress {
  size_t files_total = 0;
  size_t files_done = 0;
  size_t ok = 0;
  size_t duplicate = 0;
  size_t error = 0;
  size_t mentions = 0;
  size_t entities = 0;     // in the registry (all runs), after the batch
  uint64_t bytes_done = 0;   // of the files read so far
  uint64_t bytes_total = 0;  // sizes of all listed files at the start
};

struct IngestSummary {
  size_t ok = 0;
  size_t duplicate = 0;
  size_t error = 0;
  size_t mentions = 0;
  size_t entities = 0;
  // Documents reported "ok" because the interrupted run being resumed had
  // already committed them (counted in `ok` too).
  size_t resumed = 0;
};

// Lists the files under `inputs` in ingest order. Paths that cannot be
// listed, and symlinks to folders inside a folder ("symlink to a folder (not
// followed)"), are returned with `error` set. Each folder entry is listed
// once, at its first place and under its first spelling: spellings are the
// same entry when their folders resolve (symlinks, `.`, `..`, repeated
// slashes) to the same folder and their names are equal; symlinks and hard
// links to a file are entries of their own.
//
// Archives and compressed files (input/archive_reader.h, by name) are listed
// as their members, in the archive's order, each with the path
// `ARCHIVE!MEMBER` (a compressed file: its own path); an archive that cannot
// be read, or holds no file, is listed with `error` set.
struct InputFile {
  InputFile() = default;
  InputFile(std::string listed_path, std::string listing_error)
      : path(std::move(listed_path)), error(std::move(listing_error)) {}

  std::string path;
  std::string error;
  // The path relative to the input it was found under (a file given
  // itself: its name; a document of an archive: the archive's), which
  // decides its shard.
  std::string relative;
  // A document inside an archive or a compressed file: that file, its kind
  // and the entry's index in it; `size` is the entry's uncompressed size
  // (-1 when unknown or for a plain file).
  std::string archive;
  input::ArchiveKind archive_kind = input::ArchiveKind::kNone;
  int64_t member_index = 0;
  int64_t size = -1;
  // The place in the full listing of the inputs (0, 1, ...; before a shard
  // is taken): the order `kiji merge` puts the documents of shards in.
  int64_t ordinal = 0;
};
std::vector<InputFile> ListInputs(const std::vector<std::string>& inputs);

// The shard, of `count`, of a file whose path relative to the input it was
// found under is `relative`: the first 64 bits of the SHA-256 of that path,
// modulo `count`. It depends on neither the listing order nor the machine,
// so the same tree is split alike everywhere and each shard lists all
// files but reads only its own (a whole archive is in one shard).
int ShardOf(std::string_view relative, int count);

// The output folder (created when missing) and its three files of the
// contract, written under temporary names until committed: what ingest and
// merge write.
struct RunOutputs {
  std::unique_ptr<store::JsonlFile> documents, entities, names;
};
absl::StatusOr<RunOutputs> OpenRunOutputs(const std::string& out_dir);

// Runs the whole ingest. Fails only when the run cannot go on (store or
// output folder unusable: kUnavailable/kInternal, with a message naming the
// file) or was stopped (kCancelled); bad files are reported per file.
absl::StatusOr<IngestSummary> RunIngest(const Analyzer& analyzer,
                                        const IngestOptions& options);

}  // namespace kiji::pipeline

#endif  // KIJI_PIPELINE_INGEST_H_
