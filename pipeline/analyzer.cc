#include "pipeline/analyzer.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "decode/decoder.h"
#include "lexicon/enamdict_index.h"
#include "corpus/sha256.h"
#include "corpus/status_macros.h"
#include "extractors/amount_extractor.h"
#include "extractors/date_extractor.h"
#include "extractors/name_extractor.h"
#include "pipeline/stages.h"
#include "tokenizers/language_detector.h"
#include "tokenizers/mecab_tokenizer.h"
#include "tokenizers/normalizer.h"
#include "tokenizers/user_dictionary.h"
#include "tokenizers/word_tokenizer.h"

namespace kiji::pipeline {

struct Analyzer::Impl {
  AnalyzerOptions options;
  // The components, owned here; the stages below point at them.
  std::unique_ptr<decode::Decoder> decoder;
  std::unique_ptr<tokenizers::Normalizer> normalizer;
  std::unique_ptr<tokenizers::MecabTokenizer> mecab;
  std::unique_ptr<tokenizers::WordTokenizer> words;
  std::unique_ptr<lexicon::EnamdictIndex> names;
  std::unique_ptr<reconcile::MatchThresholds> match_thresholds;
  std::unique_ptr<extractors::DateExtractor> dates;
  std::unique_ptr<extractors::AmountExtractor> amounts;
  std::unique_ptr<extractors::NameExtractor> entities;
  std::unique_ptr<corpus::Stage> decode;
  // Every stage after decoding, in order (see pipeline/stages.h).
  std::vector<std::unique_ptr<corpus::Stage>> owned_stages;
  std::vector<const corpus::Stage*> text_stages;
};

namespace {

// Runs `stages` over `doc` until one sets `doc.error`. A stage that fails
// (a programming or resource error, never a bad document) stops the
// document with an error naming the stage.
void RunStages(const std::vector<const corpus::Stage*>& stages,
               corpus::Document* doc) {
  for (const corpus::Stage* stage : stages) {
    const absl::Status status = stage->Process(*doc);
    if (!status.ok()) {
      doc->error = absl::StrCat("internal error in stage ",
                                std::string(stage->name()),
                                ": ", status.message());
    }
    if (!doc->error.empty()) return;
  }
}

// Byte offsets of the code points of a text (a code point starts at every
// byte that is not a UTF-8 continuation byte), found by walking forward from
// the last one asked for: mentions come in text order, so the text is read
// once, and only up to the last mention.
class CodePointCursor {
 public:
  explicit CodePointCursor(std::string_view text) : text_(text) {
    SkipContinuation();
  }

  // Moves to code point `cp`, or to the end of the text when it has no more
  // than `cp` code points. Returns the code point reached, min(cp, count).
  uint32_t Seek(uint32_t cp) {
    if (cp < cp_) *this = CodePointCursor(text_);  // only if out of order
    while (cp_ < cp && byte_ < text_.size()) {
      ++byte_;
      SkipContinuation();
      ++cp_;
    }
    return cp_;
  }

  // Byte offset of the code point reached (the text's size at the end).
  size_t byte() const { return byte_; }

 private:
  void SkipContinuation() {
    while (byte_ < text_.size() &&
           (static_cast<unsigned char>(text_[byte_]) & 0xC0) == 0x80) {
      ++byte_;
    }
  }

  std::string_view text_;
  uint32_t cp_ = 0;
  size_t byte_ = 0;
};

}  // namespace

const extractors::NameExtractor& Analyzer::name_extractor() const {
  return *impl_->entities;
}

const lexicon::EnamdictIndex* Analyzer::names() const {
  return impl_->names.get();
}

const reconcile::MatchThresholds* Analyzer::match_thresholds() const {
  return impl_->match_thresholds.get();
}

Analyzer::Analyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Analyzer::~Analyzer() = default;

absl::StatusOr<std::unique_ptr<Analyzer>> Analyzer::Create(
    const AnalyzerOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  ASSIGN_OR_RETURN(impl->decoder, decode::Decoder::Create());
  ASSIGN_OR_RETURN(impl->normalizer, tokenizers::Normalizer::Create());
  tokenizers::MecabOptions mecab;
  mecab.dicdir = options.mecab_dicdir;
  if (!options.user_dic.empty()) {
    ASSIGN_OR_RETURN(mecab.userdic,
                     tokenizers::CompileUserDictionary(options.user_dic));
  }
  ASSIGN_OR_RETURN(impl->mecab, tokenizers::MecabTokenizer::Create(mecab));
  ASSIGN_OR_RETURN(impl->words, tokenizers::WordTokenizer::Create());
  extractors::DateExtractorOptions date_options;
  date_options.data_dir = options.data_dir;
  ASSIGN_OR_RETURN(impl->dates,
                   extractors::DateExtractor::Create(date_options));
  ASSIGN_OR_RETURN(impl->amounts, extractors::AmountExtractor::Create());
  extractors::NameExtractorOptions name_options;
  name_options.data_dir = options.data_dir;  // word lists: required
  if (!options.data_dir.empty()) {
    ASSIGN_OR_RETURN(impl->names,
                     lexicon::EnamdictIndex::Load(absl::StrCat(
                         options.data_dir, "/enamdict.idx")));
    name_options.names = impl->names.get();
    ASSIGN_OR_RETURN(reconcile::MatchThresholds thresholds,
                     reconcile::MatchThresholds::Load(absl::StrCat(
                         options.data_dir, "/names/match_thresholds.tsv")));
    impl->match_thresholds =
        std::make_unique<reconcile::MatchThresholds>(std::move(thresholds));
    name_options.gazetteers.push_back(
        absl::StrCat(options.data_dir, "/gazetteer.tsv"));
    if (options.name_model) {
      name_options.model =
          absl::StrCat(options.data_dir, "/names/name_model.tsv");
    }
  }
  name_options.user_gazetteers = options.gazetteers;
  ASSIGN_OR_RETURN(impl->entities,
                   extractors::NameExtractor::Create(name_options));
  impl->decode = std::make_unique<DecodeStage>(impl->decoder.get());
  auto& owned = impl->owned_stages;
  owned.push_back(std::make_unique<MarkupStage>());
  owned.push_back(std::make_unique<NormalizeStage>(impl->normalizer.get()));
  owned.push_back(std::make_unique<LanguageStage>());
  owned.push_back(std::make_unique<DatelineStage>(options.date_override));
  owned.push_back(
      std::make_unique<TokenizeStage>(impl->mecab.get(), impl->words.get()));
  for (const auto& stage : owned) impl->text_stages.push_back(stage.get());
  impl->text_stages.push_back(impl->dates.get());
  impl->text_stages.push_back(impl->amounts.get());
  owned.push_back(std::make_unique<NameStage>(impl->entities.get()));
  impl->text_stages.push_back(owned.back().get());
  owned.push_back(std::make_unique<OrderMentionsStage>());
  impl->text_stages.push_back(owned.back().get());
  return std::unique_ptr<Analyzer>(new Analyzer(std::move(impl)));
}

std::vector<const corpus::Stage*> Analyzer::stages() const {
  std::vector<const corpus::Stage*> out = {impl_->decode.get()};
  out.insert(out.end(), impl_->text_stages.begin(), impl_->text_stages.end());
  return out;
}

void Analyzer::Analyze(corpus::Document* doc) const {
  if (doc->doc_id.empty()) doc->doc_id = corpus::Sha256Hex(doc->raw);
  RunStages({impl_->decode.get()}, doc);
  if (!doc->error.empty()) return;
  AnalyzeText(doc);
}

void Analyzer::AnalyzeText(corpus::Document* doc) const {
  RunStages(impl_->text_stages, doc);
}

std::vector<store::StoredMention> Analyzer::ToStored(
    const corpus::Document& doc) {
  const std::string_view original(doc.original);
  CodePointCursor cursor(original);
  std::vector<store::StoredMention> out;
  out.reserve(doc.mentions.size());
  for (const corpus::Mention& m : doc.mentions) {
    auto [start, end] = doc.norm_to_orig.ToOriginalSpan(m.norm_begin,
                                                        m.norm_end);
    // Kept even if empty, so that stored mentions stay parallel to
    // `doc.mentions` (which `alias_of` indexes). Spans are clamped to the
    // code points of the original.
    start = cursor.Seek(start);
    CodePointCursor end_cursor = cursor;
    end = end_cursor.Seek(std::max(end, start));
    const size_t start_byte = cursor.byte();
    const size_t end_byte = end_cursor.byte();
    store::StoredMention& s = out.emplace_back();
    s.type = m.type;
    s.start = start;
    s.end = end;
    s.text = std::string(original.substr(start_byte, end_byte - start_byte));
    s.entity_id = m.entity_id;
    s.norm = m.date_norm;
    s.duration = m.duration;
    s.weekday = m.weekday;
    s.value = m.value;
    s.value_max = m.value_max;
    s.unit = m.unit;
    s.counter = m.counter;
    s.qualifier = m.qualifier;
    s.source = m.source;
    s.norm_begin = m.norm_begin;
    s.norm_end = m.norm_end;
    if (m.alias_of) s.alias_of = static_cast<uint32_t>(*m.alias_of);
  }
  return out;
}

}  // namespace kiji::pipeline
