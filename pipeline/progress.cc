#include "pipeline/progress.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace kiji::pipeline {
namespace {

constexpr int kBarCells = 20;

// 75 → "1m15s", 4000 → "1h06m", 9 → "9s".
std::string FormatDuration(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  if (s >= 3600) return absl::StrFormat("%dh%02dm", s / 3600, (s % 3600) / 60);
  if (s >= 60) return absl::StrFormat("%dm%02ds", s / 60, s % 60);
  return absl::StrFormat("%ds", s);
}

}  // namespace

std::string FormatProgress(const IngestProgress& p, double elapsed_seconds,
                           bool bar) {
  const double fraction =
      p.bytes_total > 0
          ? std::min(1.0, static_cast<double>(p.bytes_done) /
                              static_cast<double>(p.bytes_total))
          : (p.files_total > 0 ? static_cast<double>(p.files_done) /
                                     static_cast<double>(p.files_total)
                               : 1.0);
  std::string line;
  if (bar) {
    const int full = static_cast<int>(fraction * kBarCells);
    line = absl::StrCat("[", std::string(full, '#'),
                        std::string(kBarCells - full, '.'), "] ");
  }
  absl::StrAppend(&line, p.files_done, "/", p.files_total, " files");
  if (p.error > 0) absl::StrAppend(&line, " (", p.error, " failed)");
  if (p.duplicate > 0) absl::StrAppend(&line, " (", p.duplicate, " seen)");
  if (elapsed_seconds > 0) {
    absl::StrAppend(&line, absl::StrFormat("  %.1f MB/s",
                                           static_cast<double>(p.bytes_done) /
                                               1e6 / elapsed_seconds));
  }
  absl::StrAppend(&line, "  ", p.mentions, " mentions, ", p.entities,
                  " entities");
  // An estimate needs some work done; none is shown at the very start.
  if (fraction >= 0.01 && fraction < 1.0 && elapsed_seconds >= 1.0) {
    absl::StrAppend(&line, "  ETA ",
                    FormatDuration(elapsed_seconds * (1 - fraction) / fraction));
  }
  return line;
}

ProgressMeter::ProgressMeter(std::FILE* out, const ProgressOptions& options)
    : out_(out), options_(options), start_(Clock::now()), last_shown_(start_) {}

void ProgressMeter::Update(const IngestProgress& p) {
  const Clock::time_point now = Clock::now();
  const std::chrono::duration<double> since = now - last_shown_;
  const bool last = p.files_done >= p.files_total;
  if (options_.terminal) {
    if (since < options_.redraw_interval && !last) return;
  } else if (since < options_.log_interval) {
    return;  // the final summary line covers the end
  }
  last_shown_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const std::string line = FormatProgress(p, elapsed, options_.terminal);
  if (options_.terminal) {
    // \r and erase-to-end-of-line: a shorter line leaves nothing behind.
    std::fprintf(out_, "\r%s\x1b[K", line.c_str());
    drawn_ = true;
  } else {
    std::fprintf(out_, "kiji: progress: %s\n", line.c_str());
  }
  std::fflush(out_);
}

void ProgressMeter::Finish() {
  if (drawn_) {
    std::fprintf(out_, "\r\x1b[K");
    std::fflush(out_);
    drawn_ = false;
  }
}

}  // namespace kiji::pipeline
