// The names model (model.h): loading and Viterbi decoding.
#include "extractors/names/model.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace kiji::extractors::names {
namespace {

// The pieces of `s` between `sep`s (Debian's abseil has a string_view of
// its own).
std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (absl::string_view piece :
       absl::StrSplit(absl::string_view(s.data(), s.size()), sep)) {
    out.emplace_back(piece.data(), piece.size());
  }
  return out;
}

std::string Str(std::string_view s) { return std::string(s); }

}  // namespace

uint64_t NameModel::Key(std::initializer_list<std::string_view> parts) {
  // The bytes of the parts as one stream, eight at a time (little-endian
  // words; the last one padded with zeros), each word mixed in with a
  // multiply and a shift; the length last. A part boundary changes nothing.
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  uint64_t h = 0x243F6A8885A308D3ull;
  uint64_t word = 0;
  size_t filled = 0;  // bytes in `word`
  size_t length = 0;
  auto mix = [&](uint64_t w) {
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  };
  for (std::string_view part : parts) {
    const unsigned char* p =
        reinterpret_cast<const unsigned char*>(part.data());
    size_t n = part.size();
    length += n;
    while (n > 0 && filled > 0) {  // finish the word a part began
      word |= uint64_t{*p++} << (8 * filled);
      --n;
      if (++filled == 8) {
        mix(word);
        word = 0;
        filled = 0;
      }
    }
    for (; n >= 8; p += 8, n -= 8) {
      uint64_t w = 0;
      for (int i = 7; i >= 0; --i) w = (w << 8) | p[i];
      mix(w);
    }
    for (; n > 0; --n) word |= uint64_t{*p++} << (8 * filled++);
  }
  if (filled > 0) mix(word);
  mix(length);
  return h;
}

absl::StatusOr<std::unique_ptr<NameModel>> NameModel::Load(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(path + ": cannot open");
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

absl::StatusOr<std::unique_ptr<NameModel>> NameModel::Parse(
    std::string_view text, std::string_view origin) {
  auto model = std::unique_ptr<NameModel>(new NameModel());
  size_t line_no = 0;
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(
        Str(origin) + ":" + std::to_string(line_no) + ": " + Str(why));
  };
  for (std::string_view line : Split(text, '\n')) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> cols = Split(line, '\t');
    if (cols[0] == "labels" && model->labels_.empty()) {
      for (size_t k = 1; k < cols.size(); ++k) {
        const std::string_view label = cols[k];
        model->labels_.emplace_back(label);
        if (label == "O") {
          model->place_.push_back('O');
          model->types_.emplace_back();
        } else if (label.size() > 2 && (label[0] == 'B' || label[0] == 'I') &&
                   label[1] == '-') {
          model->place_.push_back(label[0]);
          model->types_.emplace_back(label.substr(2));
        } else {
          return bad("label '" + Str(label) + "' is not O, B-X or I-X");
        }
      }
      if (model->labels_.empty() || model->labels_[0] != "O") {
        return bad("the first label is not O");
      }
      for (size_t k = 0; k < model->labels_.size(); ++k) {
        if (model->place_[k] != 'I') continue;
        if (std::find(model->labels_.begin(), model->labels_.end(),
                      "B-" + model->types_[k]) == model->labels_.end()) {
          return bad(model->labels_[k] + " without B-" + model->types_[k]);
        }
      }
      continue;
    }
    if (model->labels_.empty()) return bad("weights before the labels line");
    const uint32_t begin = static_cast<uint32_t>(model->entries_.size());
    for (size_t c = 1; c < cols.size(); ++c) {
      const size_t colon = cols[c].find(':');
      const std::pair<std::string_view, std::string_view> kw =
          colon == std::string_view::npos
              ? std::make_pair(cols[c], std::string_view())
              : std::make_pair(cols[c].substr(0, colon),
                               cols[c].substr(colon + 1));
      uint32_t k = 0;
      float w = 0;
      if (!absl::SimpleAtoi(Str(kw.first), &k) || k >= model->labels_.size() ||
          !absl::SimpleAtof(Str(kw.second), &w)) {
        return bad("bad weight '" + Str(cols[c]) + "'");
      }
      model->entries_.emplace_back(k, w);
    }
    const uint32_t count =
        static_cast<uint32_t>(model->entries_.size()) - begin;
    if (!model->rows_.emplace(Key(cols[0]), std::make_pair(begin, count))
             .second) {
      return bad("feature '" + Str(cols[0]) + "' given twice");
    }
  }
  if (model->labels_.empty()) {
    line_no = 0;
    return bad("no labels line");
  }
  // I-X only after B-X or I-X (a row per label, and one for the start).
  const size_t k_count = model->labels_.size();
  model->allowed_.assign((k_count + 1) * k_count, 1);
  for (size_t from = 0; from <= k_count; ++from) {
    for (size_t to = 0; to < k_count; ++to) {
      if (model->place_[to] != 'I') continue;
      model->allowed_[from * k_count + to] =
          from < k_count && model->place_[from] != 'O' &&
          model->types_[from] == model->types_[to];
    }
  }
  return model;
}

void NameModel::Add(std::initializer_list<std::string_view> parts,
                    float* scores) const {
  const auto it = rows_.find(Key(parts));
  if (it == rows_.end()) return;
  const auto [begin, count] = it->second;
  for (uint32_t e = begin; e < begin + count; ++e) {
    scores[entries_[e].first] += entries_[e].second;
  }
}

void NameModel::ToProbabilities(std::vector<float>* scores) const {
  const size_t k_count = labels_.size();
  for (size_t t = 0; t + k_count <= scores->size(); t += k_count) {
    float sum = 0;
    for (size_t k = 0; k < k_count; ++k) {
      float& p = (*scores)[t + k];
      p = 1.0f / (1.0f + std::exp(-p));
      sum += p;
    }
    for (size_t k = 0; k < k_count; ++k) (*scores)[t + k] /= sum;
  }
}

std::vector<TaggedSpan> NameModel::Decode(
    const std::vector<float>& prob) const {
  const size_t k_count = labels_.size();
  const size_t n = prob.size() / k_count;
  std::vector<TaggedSpan> spans;
  if (n == 0) return spans;
  auto allowed = [&](size_t from, size_t to) {  // from == k_count: start
    return allowed_[from * k_count + to] != 0;
  };
  constexpr float kNone = -std::numeric_limits<float>::infinity();
  std::vector<float> best(n * k_count, kNone);
  std::vector<uint32_t> back(n * k_count, 0);
  for (size_t k = 0; k < k_count; ++k) {
    if (allowed(k_count, k)) best[k] = std::log(prob[k] + 1e-12f);
  }
  for (size_t t = 1; t < n; ++t) {
    for (size_t k = 0; k < k_count; ++k) {
      const float here = std::log(prob[t * k_count + k] + 1e-12f);
      for (size_t p = 0; p < k_count; ++p) {
        const float before = best[(t - 1) * k_count + p];
        if (before == kNone || !allowed(p, k)) continue;
        if (before + here > best[t * k_count + k]) {
          best[t * k_count + k] = before + here;
          back[t * k_count + k] = static_cast<uint32_t>(p);
        }
      }
    }
  }
  std::vector<uint32_t> path(n);
  path[n - 1] =
      static_cast<uint32_t>(std::max_element(best.end() - k_count, best.end()) -
                            (best.end() - k_count));
  for (size_t t = n - 1; t > 0; --t) {
    path[t - 1] = back[t * k_count + path[t]];
  }
  for (size_t t = 0; t < n; ++t) {
    const uint32_t k = path[t];
    if (place_[k] == 'O') continue;
    const float p = prob[t * k_count + k];
    if (place_[k] == 'B' || spans.empty() || spans.back().last + 1 != t ||
        spans.back().type != types_[k]) {
      spans.push_back(TaggedSpan{t, t, types_[k], p});
    } else {
      spans.back().last = t;
      spans.back().confidence += p;  // a sum until the loop ends
    }
  }
  for (TaggedSpan& s : spans) s.confidence /= (s.last - s.first + 1);
  return spans;
}

}  // namespace kiji::extractors::names
