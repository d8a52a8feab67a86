// Analyzer: the per-document stages, decode -> normalise -> detect language
// -> find the dateline -> tokenise -> extract, over one `Document`: a list of
// `corpus::Stage`s (pipeline/stages.h) run in order.
//
// Documents are independent: `Analyze` reads nothing but the document and the
// models loaded at `Create`, so a corpus can be split into shards and
// processed anywhere in any order with the same result per document.
//
// Thread-safe: `Analyze` is const; call it from any number of workers.
#ifndef KIJI_PIPELINE_ANALYZER_H_
#define KIJI_PIPELINE_ANALYZER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "corpus/document.h"
#include "lexicon/enamdict_index.h"
#include "corpus/stage.h"
#include "extractors/name_extractor.h"
#include "reconcile/match_thresholds.h"
#include "store/store.h"

namespace kiji::pipeline {

struct AnalyzerOptions {
  // MeCab IPADIC directory.
  std::string mecab_dicdir = "/var/lib/mecab/dic/ipadic-utf8";
  // Folder with kiji's data files (data/README.md): the enamdict index, the
  // gazetteer, the name extractor's word lists (names/*.txt) and the name
  // matcher's thresholds (names/match_thresholds.tsv), all required:
  // `Create` fails without them.
  std::string data_dir;
  // The user's gazetteer files (documented format in data/README.md):
  // their entries win over every other reading of their text.
  std::vector<std::string> gazetteers;
  // The user's MeCab dictionary, a CSV file (tokenizers/user_dictionary.h),
  // compiled once into the cache; "" for none.
  std::string user_dic;
  // Overrides the dateline of every document when set.
  std::optional<corpus::CivilDate> date_override;
  // Whether the names model (names/name_model.tsv of the data folder)
  // decides the names; false: the rules alone, as the model's feature dumper
  // needs them (pipeline/name_features_main.cc).
  bool name_model = true;
};

class Analyzer {
 public:
  static absl::StatusOr<std::unique_ptr<Analyzer>> Create(
      const AnalyzerOptions& options);
  ~Analyzer();

  // Runs every stage on `doc` (whose `raw` and `path` are set). On a bad
  // document sets `doc->error` and returns; never fails the batch.
  void Analyze(corpus::Document* doc) const;

  // Analyses already-decoded text (streaming mode): `doc->original` set.
  void AnalyzeText(corpus::Document* doc) const;

  // The stages `Analyze` runs, in order (the first decodes; `AnalyzeText`
  // runs the others), to time or test one alone. Owned by the analyser.
  std::vector<const corpus::Stage*> stages() const;

  // The name knowledge loaded at `Create` (null without a data folder).
  const lexicon::EnamdictIndex* names() const;
  // The name extractor loaded at `Create`.
  const extractors::NameExtractor& name_extractor() const;
  // The name matcher's threshold table (names/match_thresholds.tsv of the
  // data folder; null without a data folder).
  const reconcile::MatchThresholds* match_thresholds() const;

  // The mentions of an analysed document in the output contract's space
  // (code points of the original, original surface text), parallel to
  // `doc.mentions`.
  static std::vector<store::StoredMention> ToStored(
      const corpus::Document& doc);

 private:
  struct Impl;
  explicit Analyzer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiji::pipeline

#endif  // KIJI_PIPELINE_ANALYZER_H_
