// `kiji merge STORE... --store TARGET [--out DIR]`: the stores of the shards
// of a corpus (`kiji ingest --shard K/N`) combined into one, with one
// reconciliation over the union.
//
// The documents and reports (Store::PutReport) of all shard stores are read
// together in listing order: by each file's place in the full listing of the
// inputs (`list_ord`, the same in every shard of one command), then path,
// then doc_id. The order of the STORE arguments does not matter. Each
// document is then treated as ingest treats it: a doc_id or a normalised text
// TARGET already has makes it a "duplicate" of that copy; otherwise it is
// reconciled (its stored mentions, with their spans in the stored normalised
// text: no MeCab, no extractor runs) and stored with the next insertion
// number. Reconciliation runs over the union in the order one `kiji ingest`
// of the whole corpus would have used, so N shards merged into a new store
// give the entities, clusters and entity ids of that single run; merged into
// an existing store they keep every id it has (ids are never renumbered).
// Overrides apply at the end, as in ingest.
//
// Atomic: TARGET is copied (SQLite's VACUUM INTO) to `TARGET.merging.PID`
// beside it, the merge is written there, and the copy replaces TARGET by a
// rename only when complete (Store::ReplaceFileWith, under TARGET's lock). A
// merge that fails or is killed leaves TARGET as it was (a new TARGET is not
// created); a killed merge's copy is removed by the next merge of TARGET.
// --out files are written under temporary names and renamed into place after
// TARGET was replaced.
//
// Memory: the registry (distinct names) and one document per shard store.
#ifndef KIJI_PIPELINE_MERGE_H_
#define KIJI_PIPELINE_MERGE_H_

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/ingest.h"
#include "reconcile/name_matcher.h"

namespace kiji::pipeline {

struct MergeOptions {
  std::vector<std::string> stores;  // the shard stores, read only
  std::string target;               // created when missing
  // documents.jsonl, entities.jsonl, names.jsonl as ingest writes them:
  // lines for the files of the shard stores, the whole registry. Empty: no
  // output files.
  std::string out_dir;
  std::string overrides_path;  // empty: none
  // Progress after each batch of documents (files = documents and reports
  // of the shard stores).
  std::function<void(const IngestProgress&)> on_progress;
  // Notices the user should see (waiting for a store, unmatched overrides).
  std::function<void(const std::string&)> on_notice;
  // Non-zero: stop before the next batch; TARGET stays as it was.
  const std::atomic<int>* stop_signal = nullptr;
  size_t batch_size = 64;  // documents per transaction and progress report
  // Called when the merged copy is complete, just before it replaces
  // TARGET (tests kill the process there).
  std::function<void()> before_replace;
};

struct MergeSummary {
  size_t ok = 0;         // documents added to TARGET
  size_t duplicate = 0;  // documents TARGET (or an earlier shard) had
  size_t error = 0;      // files the shards could not read
  size_t mentions = 0;   // of the documents added
  size_t entities = 0;   // in TARGET's registry
};

// Fails with a message naming the store (and TARGET unchanged) for a store
// that is missing, not a file, not a kiji store, of another schema version,
// made by a kiji before merge existed, with an unfinished ingest run, or
// given twice (also as TARGET).
absl::StatusOr<MergeSummary> RunMerge(const reconcile::NameMatcher& matcher,
                                      const MergeOptions& options);

}  // namespace kiji::pipeline

#endif  // KIJI_PIPELINE_MERGE_H_
