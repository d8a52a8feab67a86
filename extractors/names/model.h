// The names model: a linear classifier per token over the features of
// features.h (logistic regression, one-vs-rest, trained by liblinear in
// scripts/train_names.sh), decoded into BIO spans by Viterbi.
//
// File format (data/names/name_model.tsv), UTF-8, one record per line:
//   # ...                        comment (credit and licence)
//   labels<TAB>O<TAB>B-PER<TAB>I-PER<TAB>...
//   <feature><TAB>k:w<TAB>k:w... weights of the feature for labels k
//                                (0-based into `labels`); absent: 0
// The first label is O, the others B-X or I-X; every X with an I- has a B-.
//
// Decoding: per token, p_k = sigmoid(w_k . x) normalised over k (as
// liblinear's predict_probability), then the most probable label sequence in
// which I-X follows B-X or I-X only.
//
// Thread-safety: immutable after `Load`; `Score` and `Decode` are const.
#ifndef KIJI_EXTRACTORS_NAMES_MODEL_H_
#define KIJI_EXTRACTORS_NAMES_MODEL_H_

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace kiji::extractors::names {

// A tagged span: tokens [first, last] labelled B-`type` I-`type`... .
struct TaggedSpan {
  size_t first = 0;
  size_t last = 0;
  std::string_view type;  // "PER", "ORG" ... (valid while the model lives)
  float confidence = 0;   // the mean probability of its tokens' labels
};

class NameModel {
 public:
  // Fails with NotFound (no file) or InvalidArgument naming the file and
  // line.
  static absl::StatusOr<std::unique_ptr<NameModel>> Load(
      const std::string& path);
  // Parses model text held in memory; `origin` names it in errors.
  static absl::StatusOr<std::unique_ptr<NameModel>> Parse(
      std::string_view text, std::string_view origin);

  size_t num_labels() const { return labels_.size(); }
  const std::vector<std::string>& labels() const { return labels_; }

  // Adds the weights of `feature` to `scores` (num_labels() entries).
  void Add(std::string_view feature, float* scores) const {
    Add({feature}, scores);
  }
  // The same for the feature made of `parts` joined (no copy made).
  void Add(std::initializer_list<std::string_view> parts, float* scores) const;

  // `scores`: num_labels() sums per token, tokens in order, turned in place
  // into label probabilities (sigmoid, normalised per token).
  void ToProbabilities(std::vector<float>* scores) const;

  // `prob`: label probabilities per token (ToProbabilities). Returns the
  // spans of the best label sequence, in token order.
  std::vector<TaggedSpan> Decode(const std::vector<float>& prob) const;

  // A feature's key, 64 bits, of `parts` joined (the same for any split of
  // the same text; computed by the same function when the model loads, so
  // the file holds feature texts, not keys).
  static uint64_t Key(std::initializer_list<std::string_view> parts);
  static uint64_t Key(std::string_view feature) { return Key({feature}); }

 private:
  NameModel() = default;

  std::vector<std::string> labels_;
  std::vector<std::string> types_;  // per label: "PER" for B-PER and I-PER
  std::vector<char> place_;         // per label: 'O', 'B' or 'I'
  // (from, to) -> whether label `to` may follow `from` (from == labels:
  // the start of the sentence).
  std::vector<char> allowed_;
  // Feature key -> [offset, offset + count) into `entries_`.
  absl::flat_hash_map<uint64_t, std::pair<uint32_t, uint32_t>> rows_;
  std::vector<std::pair<uint32_t, float>> entries_;  // (label, weight)
};

}  // namespace kiji::extractors::names

#endif  // KIJI_EXTRACTORS_NAMES_MODEL_H_
