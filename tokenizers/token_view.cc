#include "tokenizers/token_view.h"

#include <algorithm>
#include <array>

namespace kiji::tokenizers {

TokenFields TokenFields::Split(std::string_view features) {
  TokenFields out;
  if (features.empty()) return out;
  size_t start = 0;
  for (size_t i = 0; i < out.head_.size(); ++i) {
    const size_t comma = features.find(',', start);
    out.head_[i] = features.substr(
        start, comma == std::string_view::npos ? comma : comma - start);
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
  out.rest_ = features.substr(start);
  out.has_rest_ = true;
  return out;
}

void TokenFields::SplitTail() const {
  tail_split_ = true;
  if (!has_rest_) return;
  // `rest_` holds fields 4, 5, 6 (base), 7 (reading), 8 ...
  size_t start = 0;
  for (size_t field = 4;; ++field) {
    const size_t comma = rest_.find(',', start);
    const std::string_view value = rest_.substr(
        start, comma == std::string_view::npos ? comma : comma - start);
    if (field == 6) base_ = value;
    if (field == 7) reading_ = value;
    if (field == 8) {
      known_ = true;
      return;
    }
    if (comma == std::string_view::npos) return;
    start = comma + 1;
  }
}

TokenViews::TokenViews(const corpus::Document& doc) : doc_(&doc) {
  // Split once per distinct feature string: the tokeniser stores equal
  // features once per document, so equal (offset, length) pairs are common,
  // and equal pairs always mean equal strings. A direct-mapped cache finds
  // most repeats; a miss only splits again.
  // The cache has about two slots per token, 64 to 1024: clearing it costs
  // as much as a short document's tokens.
  constexpr uint32_t kNotSplit = UINT32_MAX;
  struct Seen {
    uint32_t begin;
    uint32_t len;
    uint32_t index;
  };
  const std::vector<corpus::Token>& tokens = doc.tokens;
  int seen_bits = 6;
  while (seen_bits < 10 && (size_t{1} << seen_bits) < 2 * tokens.size()) {
    ++seen_bits;
  }
  std::array<Seen, 1024> seen;
  std::fill_n(seen.begin(), size_t{1} << seen_bits, Seen{0, 0, kNotSplit});
  fields_of_.resize(tokens.size());
  script_.assign(tokens.size(), 0);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const corpus::Token& t = tokens[i];
    const uint64_t key = uint64_t{t.feature_begin} << 32 | t.feature_len;
    Seen& slot = seen[(key * 0x9E3779B97F4A7C15u) >> (64 - seen_bits)];
    if (slot.index == kNotSplit || slot.begin != t.feature_begin ||
        slot.len != t.feature_len) {
      slot = {t.feature_begin, t.feature_len,
              static_cast<uint32_t>(parsed_.size())};
      parsed_.push_back(TokenFields::Split(doc.Features(t)));
    }
    fields_of_[i] = slot.index;
  }
}

}  // namespace kiji::tokenizers
