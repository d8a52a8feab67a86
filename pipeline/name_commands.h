// `kiji names`, `kiji reconcile` and `kiji match`: review the entity
// registry, apply overrides to it, and decide
// whether two spellings name the same entity (the reconciler's decision
// without document context).
#ifndef KIJI_PIPELINE_NAME_COMMANDS_H_
#define KIJI_PIPELINE_NAME_COMMANDS_H_

#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "corpus/document.h"
#include "reconcile/name_matcher.h"
#include "store/store.h"

namespace kiji::pipeline {

// The store a command after ingest reads (names, reconcile, export,
// review): waits up to 60 s for a running ingest that holds it.
absl::StatusOr<std::unique_ptr<store::Store>> OpenStoreOfCommand(
    const std::string& path);

struct NamesOptions {
  std::string store_path;
  std::optional<corpus::EntityType> type;
  std::string grep;  // substring of any variant or the canonical name
  bool json = false; // JSON lines instead of text
};

// Lists entities with variants, documents and merge evidence.
absl::Status RunNames(const NamesOptions& options, std::ostream& out);

struct ReconcileSummary {
  int merges = 0;  // merges and splits
  std::vector<std::string> unmatched;  // UnmatchedOverrides(), one per line
};

// Applies the overrides file's merge, split and canonical lines to the
// store's registry now, in one transaction, without reading any document
// again (Reconciler::ApplyOverrides; split lines also keep the names apart
// as documents are reconciled from then on).
absl::StatusOr<ReconcileSummary> RunReconcile(const std::string& store_path,
                                              const std::string& overrides);

struct MatchStreamSummary {
  size_t lines = 0;   // input lines read, blank ones included
  size_t errors = 0;  // lines answered by an error line
};

// JSON lines {"a", "b", ["type"]} in; {"a", "b", "same", "score", "why"} out,
// other fields passed through. Every non-blank input line gets exactly one
// output line, in input order, flushed before the next line is read. A line
// that cannot be matched (not valid JSON, nested more than
// `kMaxJsonLineDepth` levels, not an object, no string "a" or "b", an
// unknown "type") is answered by {"id": … (when the object has one),
// "line": N, "error": "…"} (no "same"), N counting every input line from 1,
// and reported through `on_error` ("line N: reason"). Fails (DataLoss, with
// the system's reason) only when `out` cannot be written.
absl::StatusOr<MatchStreamSummary> RunMatchStream(
    const reconcile::NameMatcher& matcher, corpus::EntityType default_type,
    std::istream& in, std::ostream& out,
    const std::function<void(const std::string&)>& on_error);

std::optional<corpus::EntityType> ParseEntityType(std::string_view name);

}  // namespace kiji::pipeline

#endif  // KIJI_PIPELINE_NAME_COMMANDS_H_
