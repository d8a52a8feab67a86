#include "pipeline/stages.h"

#include <algorithm>
#include <numeric>
#include <utility>
#include <vector>

#include "corpus/script.h"
#include "extractors/date_extractor.h"
#include "input/archive_reader.h"
#include "markup/html_text.h"
#include "tokenizers/language_detector.h"

namespace kiji::pipeline {

absl::Status DecodeStage::Process(corpus::Document& doc) const {
  decoder_->Decode(&doc);
  return absl::OkStatus();
}

absl::Status MarkupStage::Process(corpus::Document& doc) const {
  if (markup::IsHtml(input::WithoutCompressionSuffix(doc.path),
                     doc.original)) {
    doc.markup = "html";
    std::optional<corpus::CivilDate> published;
    doc.text_pieces = markup::HtmlText(doc.original, &published);
    // The page's metadata says when it was published: that is the article's
    // date, before any dateline in its text (--date still overrides it).
    if (published && !doc.date) doc.date = published;
  }
  return absl::OkStatus();
}

absl::Status NormalizeStage::Process(corpus::Document& doc) const {
  if (doc.markup.empty()) {
    normalizer_->Normalize(doc.original, &doc.normalized, &doc.norm_to_orig);
  } else {
    if (doc.original_chars == 0) {
      doc.original_chars = corpus::CountCodePoints(doc.original);
    }
    normalizer_->NormalizePieces(doc.text_pieces,
                                 static_cast<uint32_t>(doc.original_chars),
                                 &doc.normalized, &doc.norm_to_orig);
  }
  if (doc.original_chars == 0) {
    doc.original_chars = doc.norm_to_orig.OriginalChars();
  }
  return absl::OkStatus();
}

absl::Status LanguageStage::Process(corpus::Document& doc) const {
  doc.lang = tokenizers::DetectLanguage(doc.normalized);
  return absl::OkStatus();
}

absl::Status DatelineStage::Process(corpus::Document& doc) const {
  if (date_override_) {
    doc.date = date_override_;
  } else if (!doc.date) {
    if (auto date = extractors::FindDateline(doc.normalized)) {
      doc.date = date;
      doc.date_from_text = true;
    }
  }
  return absl::OkStatus();
}

absl::Status TokenizeStage::Process(corpus::Document& doc) const {
  if (doc.lang == "ja") {
    mecab_->Tokenize(&doc);
  } else {
    words_->Tokenize(&doc);
  }
  return absl::OkStatus();
}

absl::Status NameStage::Process(corpus::Document& doc) const {
  names_->Extract(&doc);
  return absl::OkStatus();
}

absl::Status OrderMentionsStage::Process(corpus::Document& doc) const {
  std::vector<size_t> order(doc.mentions.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const corpus::Mention& ma = doc.mentions[a];
    const corpus::Mention& mb = doc.mentions[b];
    if (ma.norm_begin != mb.norm_begin) return ma.norm_begin < mb.norm_begin;
    return ma.norm_end > mb.norm_end;
  });
  std::vector<size_t> new_pos(order.size());
  for (size_t i = 0; i < order.size(); ++i) new_pos[order[i]] = i;
  std::vector<corpus::Mention> sorted;
  sorted.reserve(order.size());
  for (size_t i : order) {
    corpus::Mention m = std::move(doc.mentions[i]);
    if (m.alias_of) {
      if (*m.alias_of < new_pos.size()) {
        m.alias_of = new_pos[*m.alias_of];
      } else {
        m.alias_of.reset();
      }
    }
    sorted.push_back(std::move(m));
  }
  doc.mentions = std::move(sorted);
  return absl::OkStatus();
}

}  // namespace kiji::pipeline
