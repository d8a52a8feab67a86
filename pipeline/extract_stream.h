// Streaming mode (`kiji extract --jsonl`): JSON lines in, JSON lines out.
//
// Each input line is an object with a string "text" (and usually "id"; an
// optional "date" YYYY-MM-DD resolves relative dates). Each output line is
// the input object without "text", plus "entities": the mentions found, with
// code-point offsets into that line's text. Lines are processed in parallel
// batches and written in input order. A malformed line is reported through
// `on_error` with its line number and skipped; the run goes on.
#ifndef KIJI_PIPELINE_EXTRACT_STREAM_H_
#define KIJI_PIPELINE_EXTRACT_STREAM_H_

#include <functional>
#include <istream>
#include <ostream>
#include <string>

#include "pipeline/analyzer.h"

namespace kiji::pipeline {

struct ExtractStreamOptions {
  int threads = 1;
  size_t batch_lines = 256;
  std::function<void(const std::string&)> on_error;
};

struct ExtractStreamSummary {
  size_t lines = 0;
  size_t errors = 0;
};

ExtractStreamSummary RunExtractStream(const Analyzer& analyzer,
                                      std::istream& in, std::ostream& out,
                                      const ExtractStreamOptions& options);

}  // namespace kiji::pipeline

#endif  // KIJI_PIPELINE_EXTRACT_STREAM_H_
