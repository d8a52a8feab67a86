// Stage: one step of a document's analysis (decode, normalise, detect the
// language, find the dateline, tokenise, extract dates, amounts, names...).
//
// The analyser is a list of stages run in order over one `Document`; each
// stage reads the fields earlier stages filled and adds its own (it never
// rewrites earlier ones), so a stage can be tested, timed and replaced
// alone.
//
// Two kinds of failure, as in the house style: when the document is bad
// (undecodable bytes, say) a stage sets `doc.error` or appends a diagnostic
// and returns OK, and later stages are skipped; a non-OK status means the
// run cannot go on (a programming or resource error).
//
// Thread-safe: `Process` is const, keeps no state between calls and may be
// called from any number of threads at once (per-thread scratch, where a
// stage needs one, lives in thread_local storage).
#ifndef KIJI_CORPUS_STAGE_H_
#define KIJI_CORPUS_STAGE_H_

#include <string_view>

#include "absl/status/status.h"
#include "corpus/document.h"

namespace kiji::corpus {

class Stage {
 public:
  virtual ~Stage() = default;

  // A short noun naming the step ("normalize", "dates"), used in timings and
  // messages.
  virtual std::string_view name() const = 0;

  // Analyses `doc` in place; see the class comment for what the status
  // means.
  virtual absl::Status Process(Document& doc) const = 0;
};

}  // namespace kiji::corpus

#endif  // KIJI_CORPUS_STAGE_H_
