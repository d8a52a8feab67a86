// Progress display for long runs (`kiji ingest`).
//
// On a terminal, `ProgressMeter` redraws one status line on stderr:
//
//   [#########...........]  1234/5000 files  12.3 MB/s  8765 entities  ETA 1m05s
//
// at most every `redraw_interval`; elsewhere (a log file, CI) it writes a
// plain line every `log_interval`, so that logs stay short on large batches.
// The ETA is from bytes (files differ in size), shown once enough is done to
// estimate. `Finish` clears the terminal line so the summary starts clean.
//
// Thread-compatible: call from one thread (the ingest's writer thread).
#ifndef KIJI_PIPELINE_PROGRESS_H_
#define KIJI_PIPELINE_PROGRESS_H_

#include <chrono>
#include <cstdio>
#include <string>

#include "pipeline/ingest.h"

namespace kiji::pipeline {

// One status line for `p` after `elapsed_seconds`. With `bar`, starts with a
// 20-cell bar; without, it is a plain log line. Pure, for tests.
std::string FormatProgress(const IngestProgress& p, double elapsed_seconds,
                           bool bar);

// Options (defaults):
//   terminal         false  redraw a line in place (\r) instead of logging
//   redraw_interval  0.2 s  terminal: minimum time between redraws
//   log_interval     10 s   not a terminal: minimum time between log lines
struct ProgressOptions {
  bool terminal = false;
  std::chrono::duration<double> redraw_interval{0.2};
  std::chrono::duration<double> log_interval{10.0};
};

class ProgressMeter {
 public:
  // Writes to `out` (not owned; stderr in the CLI).
  ProgressMeter(std::FILE* out, const ProgressOptions& options);

  // Reports the state after a batch; draws or logs when the interval passed
  // (a terminal always shows the last batch).
  void Update(const IngestProgress& p);

  // Ends the display: a terminal's line is cleared.
  void Finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::FILE* out_;
  ProgressOptions options_;
  Clock::time_point start_;
  Clock::time_point last_shown_;
  bool drawn_ = false;
};

}  // namespace kiji::pipeline

#endif  // KIJI_PIPELINE_PROGRESS_H_
