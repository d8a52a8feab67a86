// `kiji export`: what the store holds, as the contract's files.
//
// The ingest's --out files cover the documents of one run; export writes the
// whole store (or a part of it) in the same format, so a daily job can
// rebuild its entity files from the store at any time:
//   documents.jsonl  one line per stored document (status "ok")
//   entities.jsonl   one line per mention of those documents
//   names.jsonl      one line per entity (the registry)
// With --format csv (or tsv) the same three as documents.csv, entities.csv,
// names.csv: a header line, then one row per JSON line, a column per field
// (RFC 4180: fields with a separator, a quote or a line break are quoted,
// quotes doubled; lines end in CRLF), UTF-8 without a byte-order mark unless
// `bom` (for Excel). A cell is the field's string, or its JSON text for
// numbers, booleans, arrays and objects (names' variants and docs), and
// empty for null or an absent field: reading a CSV file back gives the
// JSONL export's values.
//
// Filters: `types` keeps mentions and entities of those types; `since`
// keeps documents dated on or after a day (undated ones are left out);
// `doc_ids` keeps those documents. With a document filter, names lists the
// entities mentioned in the kept documents, each with its whole record.
//
// Files are written under temporary names and renamed into place when
// complete; a failed export leaves earlier files as they were.
#ifndef KIJI_PIPELINE_EXPORT_H_
#define KIJI_PIPELINE_EXPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "corpus/document.h"

namespace kiji::pipeline {

enum class ExportFormat { kJsonl, kCsv, kTsv };

struct ExportOptions {
  std::string store_path;
  std::string out_dir;
  ExportFormat format = ExportFormat::kJsonl;
  bool bom = false;  // CSV/TSV only
  std::vector<corpus::EntityType> types;  // empty: every type
  std::optional<std::string> since;       // YYYY-MM-DD
  std::vector<std::string> doc_ids;       // empty: every document
};

struct ExportSummary {
  int64_t documents = 0;
  int64_t mentions = 0;
  int64_t entities = 0;
};

// Fails (nothing renamed into place) when the store cannot be read or a
// file cannot be written; the message names the file.
absl::StatusOr<ExportSummary> RunExport(const ExportOptions& options);

// One CSV/TSV field, quoted when it holds `separator`, '"', CR or LF.
std::string CsvField(const std::string& value, char separator);

}  // namespace kiji::pipeline

#endif  // KIJI_PIPELINE_EXPORT_H_
