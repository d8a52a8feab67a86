// `kiji review`: the store's entity registry as one self-contained HTML page
// for review (issue 19).
//
// The page lists every reconciled entity (PERSON, COMPANY, ORG, PRODUCT):
// its id, type and canonical name, its variants with their counts, the merge
// evidence of each variant (what `kiji names` shows), a few sentences around
// mentions of each variant with the document's path and date, and override
// lines to copy into an overrides file (README "Name overrides"): `split` per
// variant, `merge` for two entities ticked on the page. It is sortable,
// searchable (substring of the canonical name or a variant) and shows one
// page of entities at a time, so it stays usable with 100,000 entities.
//
// The file has no external resources: the template (pipeline/review/page.*)
// is compiled into kiji, the data is one JSON blob in a
// <script type="application/json"> element and the page's script renders it.
//
// Contexts come from the store: each document's normalised text (the text
// the extractors read; a web page's without its markup), where a mention is
// found in its normalised form near its offset. They need no article file,
// so they work for documents in archives and for files moved since.
#ifndef KIJI_PIPELINE_REVIEW_H_
#define KIJI_PIPELINE_REVIEW_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "corpus/document.h"

namespace kiji::pipeline {

// Options of `RunReview`:
//
//   member      default  meaning
//   store_path  (none)   the store to read (not created: check first)
//   out_path    (none)   the HTML file, written aside and renamed into place
//   types       {}       only entities of these types; empty: every type
//   contexts    3        sentences per variant, each from another document
struct ReviewOptions {
  std::string store_path;
  std::string out_path;
  std::vector<corpus::EntityType> types;
  int contexts = 3;
};

struct ReviewSummary {
  int64_t entities = 0;  // entities on the page
  int64_t contexts = 0;  // contexts on the page
  // Contexts that show the mention alone: its normalised form was not found
  // in the document's stored text.
  int64_t contexts_without_text = 0;
};

// Writes the review page. Fails when the store cannot be read or the file
// cannot be written (nothing is renamed into place then); the message names
// the file.
absl::StatusOr<ReviewSummary> RunReview(const ReviewOptions& options);

// A mention in its sentence, ready to show: `before` + `mention` + `after`,
// with "…" where the sentence was cut.
struct MentionContext {
  std::string before;
  std::string mention;
  std::string after;
};

// The sentence of `text` (code points) around the mention at code points
// [start, end): from just after the previous sentence end (。！？!? or a line
// break) through the next one (a line break is left out), cut to about
// `kContextChars` code points around the mention. nullopt when [start, end)
// is not inside `text`.
inline constexpr size_t kContextChars = 120;
std::optional<MentionContext> SentenceAround(std::u32string_view text,
                                             size_t start, size_t end);

// `json` made safe inside a <script> element: "</" becomes "<\/" and "<!--"
// "\u003c!--" (both mean the same inside JSON strings, where alone they can
// occur), so no text can end the element or change how it is parsed.
std::string EscapeJsonForScript(std::string_view json);

}  // namespace kiji::pipeline

#endif  // KIJI_PIPELINE_REVIEW_H_
