// Streaming mode (`kiji extract --jsonl`): JSON lines in, JSON lines out.
//
// Each input line is an object with a string "text" (and usually "id"; an
// optional "date" YYYY-MM-DD resolves relative dates). Each output line is
// the input object without "text", plus "entities": the mentions found, with
// code-point offsets into that line's text. Lines are processed in parallel
// batches and written in input order, each batch flushed as soon as it is
// written.
//
// Every non-blank input line gets exactly one output line. A line that
// cannot be analysed (not valid JSON, nested more than `kMaxJsonLineDepth`
// levels, not an object, no string "text") is answered in its place by an
// error line, {"id": … (when the object has one), "line": N, "error": "…"},
// N counting every input line from 1; it has no "entities". It is also
// reported through `on_error` ("line N: reason"), and the run goes on.
#ifndef KIJI_PIPELINE_EXTRACT_STREAM_H_
#define KIJI_PIPELINE_EXTRACT_STREAM_H_

#include <functional>
#include <istream>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "pipeline/analyzer.h"

namespace kiji::pipeline {

struct ExtractStreamOptions {
  int threads = 1;
  size_t batch_lines = 256;
  std::function<void(const std::string&)> on_error;
};

struct ExtractStreamSummary {
  size_t lines = 0;   // input lines read, blank ones included
  size_t errors = 0;  // lines answered by an error line
};

// Reads `in` to its end. Fails (DataLoss, with the system's reason) only
// when `out` cannot be written; the lines before were written and flushed.
absl::StatusOr<ExtractStreamSummary> RunExtractStream(
    const Analyzer& analyzer, std::istream& in, std::ostream& out,
    const ExtractStreamOptions& options);

}  // namespace kiji::pipeline

#endif  // KIJI_PIPELINE_EXTRACT_STREAM_H_
