#include "tokenizers/mecab_tokenizer.h"

#include <mecab.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "corpus/script.h"

namespace kiji::tokenizers {

struct MecabTokenizer::Impl {
  // Unique per instance over the process's life, unlike the model's address,
  // which a later model may reuse: keys the per-thread state below.
  uint64_t serial = 0;
  MecabOptions options;
  std::unique_ptr<MeCab::Model> model;
  std::unique_ptr<MeCab::Tagger> tagger;
};

namespace {

// Coarse character classes, close to IPADIC's char.def categories. MeCab
// groups a run of one category (katakana, Latin letters, digits, symbols)
// into unknown words by scanning to the run's end from every position in it,
// so a long run costs time quadratic in its length.
enum class CharClass : uint8_t {
  kOther,
  kSpace,
  kDigit,
  kLatin,
  kSymbol,
  kHiragana,
  kKatakana,
  kKanji,
};

CharClass Classify(UChar32 c) {
  if (c < 0x80) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      return CharClass::kSpace;
    }
    if (c >= '0' && c <= '9') return CharClass::kDigit;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return CharClass::kLatin;
    return c < 0x20 ? CharClass::kOther : CharClass::kSymbol;
  }
  if (c >= 0x00C0 && c <= 0x024F) return CharClass::kLatin;
  if (corpus::IsHiragana(static_cast<char32_t>(c))) return CharClass::kHiragana;
  if ((c >= 0x30A1 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
      (c >= 0xFF66 && c <= 0xFF9F)) {
    return CharClass::kKatakana;
  }
  if (corpus::IsKanji(static_cast<char32_t>(c))) return CharClass::kKanji;
  if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
      (c >= 0xFF01 && c <= 0xFF65)) {
    return CharClass::kSymbol;
  }
  return CharClass::kOther;
}

// Length of the next chunk of `text` (which starts at a line start or where
// the previous chunk was cut), always on a code-point boundary and at most
// `max_bytes` unless one code point is longer:
//  - up to and including the next newline, when that is within `max_bytes`;
//  - before the character that would make a run of one `CharClass` longer
//    than `max_run_bytes`;
//  - else (a line longer than `max_bytes`) after the last sentence end
//    (。！？, ". ") in the second half of the first `max_bytes`, else at the
//    last change of `CharClass` there, else at `max_bytes`.
// Only the first `max_bytes` are scanned, so chunking a huge line is linear.
size_t NextChunk(std::string_view text, size_t max_bytes,
                 size_t max_run_bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const size_t limit = std::min(text.size(), max_bytes);
  size_t i = 0;
  size_t run_begin = 0;
  size_t last_change = 0;  // last class change, 0 if none
  CharClass run_class = CharClass::kOther;
  while (i < limit) {
    if (s[i] == '\n') return i + 1;
    size_t j = i;
    UChar32 c;
    U8_NEXT(s, j, text.size(), c);
    const CharClass cls = c < 0 ? CharClass::kOther : Classify(c);
    if (i == 0 || cls != run_class) {
      if (i > 0) last_change = i;
      run_class = cls;
      run_begin = i;
    } else if (j - run_begin > max_run_bytes) {
      return i;
    }
    i = j;
  }
  if (text.size() <= max_bytes) return text.size();
  std::string_view window = text.substr(0, max_bytes);
  for (std::string_view end : {"。", "！", "？", ". "}) {
    const size_t p = window.rfind(end);
    if (p != std::string_view::npos && p > max_bytes / 2) {
      return p + end.size();
    }
  }
  if (last_change > max_bytes / 2) return last_change;
  size_t cut = max_bytes;
  while (cut > 0 && (s[cut] & 0xC0) == 0x80) --cut;
  return cut == 0 ? i : cut;
}

// Interns MeCab's feature strings. `node->feature` points into the loaded
// dictionary (the token's CSV in sys.dic / unk.dic), so the pointer is stable
// for the model's life and identifies the string: looking it up by pointer
// avoids a strlen and a string hash per token. Distinct pointers may carry
// equal text, so each pointer maps to the id of its text. Grows with the
// distinct dictionary entries seen, at most the dictionary's size.
class FeatureInterner {
 public:
  struct Feature {
    uint32_t id;   // equal ids <=> equal text
    uint32_t len;  // strlen of the feature
  };

  Feature Intern(const char* feature) {
    const auto [it, inserted] = by_pointer_.try_emplace(feature);
    if (inserted) {
      const std::string_view text(feature);
      const absl::string_view key(text.data(), text.size());
      const uint32_t next_id = static_cast<uint32_t>(id_by_text_.size());
      const auto id_it = id_by_text_.try_emplace(key, next_id).first;
      it->second = Feature{id_it->second, static_cast<uint32_t>(text.size())};
    }
    return it->second;
  }

 private:
  absl::flat_hash_map<const char*, Feature> by_pointer_;
  absl::flat_hash_map<std::string, uint32_t> id_by_text_;
};

// Offset in `Document::token_features` of each interned feature already
// copied there for the current document. Stamped with a document number
// instead of cleared, so starting a document costs nothing.
class FeatureOffsets {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  void StartDocument() { ++generation_; }

  uint32_t Get(uint32_t id) const {
    return id < stamp_.size() && stamp_[id] == generation_ ? offset_[id]
                                                           : kNone;
  }

  void Set(uint32_t id, uint32_t offset) {
    if (id >= stamp_.size()) {
      stamp_.resize(std::max<size_t>(id + 1, stamp_.size() * 2), 0);
      offset_.resize(stamp_.size());
    }
    stamp_[id] = generation_;
    offset_[id] = offset;
  }

 private:
  uint64_t generation_ = 0;  // stamp 0 is never a live document
  std::vector<uint64_t> stamp_;
  std::vector<uint32_t> offset_;
};

// What one thread keeps for one tokenizer: lattices and the interned
// features are not shareable between threads.
struct ThreadState {
  uint64_t serial = 0;  // `Impl::serial` of the owner; 0 for none
  std::unique_ptr<MeCab::Lattice> lattice;
  // The chunk MeCab analyses, copied so that a NUL ends it (see `Tokenize`);
  // reused, so it grows once to the longest chunk.
  std::string chunk;
  FeatureInterner features;
  FeatureOffsets offsets;
};

std::atomic<uint64_t> next_serial{1};

}  // namespace

MecabTokenizer::MecabTokenizer(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
MecabTokenizer::~MecabTokenizer() = default;

absl::StatusOr<std::unique_ptr<MecabTokenizer>> MecabTokenizer::Create(
    const MecabOptions& options) {
  // MeCab keeps node lengths in 16 bits.
  if (options.max_chunk_bytes == 0 || options.max_chunk_bytes > 0xFFFF ||
      options.max_run_bytes == 0) {
    return absl::InvalidArgumentError(
        "mecab: max_chunk_bytes must be in [1, 65535] and max_run_bytes "
        "positive");
  }
  auto impl = std::make_unique<Impl>();
  impl->serial = next_serial.fetch_add(1, std::memory_order_relaxed);
  impl->options = options;
  std::string arg = absl::StrCat("-d ", options.dicdir);
  if (!options.userdic.empty()) absl::StrAppend(&arg, " -u ", options.userdic);
  impl->model.reset(MeCab::createModel(arg.c_str()));
  if (impl->model == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("mecab: cannot load dictionary ", options.dicdir, ": ",
                     MeCab::getLastError(),
                     " (install mecab-ipadic-utf8: scripts/setup.sh)"));
  }
  impl->tagger.reset(impl->model->createTagger());
  if (impl->tagger == nullptr) {
    return absl::InternalError(
        absl::StrCat("mecab: cannot create tagger: ", MeCab::getLastError()));
  }
  return std::unique_ptr<MecabTokenizer>(new MecabTokenizer(std::move(impl)));
}

void MecabTokenizer::Tokenize(corpus::Document* doc) const {
  Tokenize(doc->normalized, doc);
}

void MecabTokenizer::Tokenize(std::string_view text,
                              corpus::Document* doc) const {
  thread_local std::unique_ptr<ThreadState> state;
  if (state == nullptr || state->serial != impl_->serial) {
    state = std::make_unique<ThreadState>();
    state->serial = impl_->serial;
    state->lattice.reset(impl_->model->createLattice());
  }
  MeCab::Lattice* const lattice = state->lattice.get();
  // Tokens with the same features share one copy in `token_features`: a
  // dictionary has far fewer distinct feature strings than a long text has
  // tokens, and each is ~50 bytes.
  state->offsets.StartDocument();
  std::vector<corpus::Token>& tokens = doc->tokens;
  const size_t first_token = tokens.size();
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t len =
        NextChunk(text.substr(pos), impl_->options.max_chunk_bytes,
                  impl_->options.max_run_bytes);
    // MeCab does not keep to the length it is given: where only whitespace
    // is left before the end, its dictionary lookup is handed an empty key,
    // which Darts reads as a C string up to the next NUL. Without a NUL
    // right after the chunk that is the rest of the document, once per
    // chunk: quadratic in the number of lines.
    state->chunk.assign(text.data() + pos, len);
    const char* const chunk = state->chunk.c_str();
    lattice->set_sentence(chunk, len);
    if (impl_->tagger->parse(lattice)) {
      for (const MeCab::Node* node = lattice->bos_node(); node != nullptr;
           node = node->next) {
        if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE ||
            node->length == 0) {
          continue;
        }
        corpus::Token token;
        token.norm_begin = static_cast<uint32_t>(
            pos + static_cast<size_t>(node->surface - chunk));
        token.norm_end = token.norm_begin + node->length;
        const FeatureInterner::Feature feature =
            state->features.Intern(node->feature);
        uint32_t offset = state->offsets.Get(feature.id);
        if (offset == FeatureOffsets::kNone) {
          offset = static_cast<uint32_t>(doc->token_features.size());
          state->offsets.Set(feature.id, offset);
          doc->token_features.append(node->feature, feature.len);
        }
        token.feature_begin = offset;
        token.feature_len = feature.len;
        if (tokens.size() == tokens.capacity() && pos > 0) {
          // Grow to the size the text so far projects, not to twice the
          // current size: a long text's tokens fit with little slack.
          const double per_byte =
              static_cast<double>(tokens.size() - first_token) /
              static_cast<double>(pos);
          const double projected =
              per_byte * static_cast<double>(text.size()) * 1.05;
          tokens.reserve(
              std::max(first_token + static_cast<size_t>(projected) + 1024,
                       tokens.size() + 1024));
        }
        tokens.push_back(token);
      }
    } else {
      doc->diagnostics.push_back(corpus::Diagnostic{
          "tokenize", "mecab_failed", 0,
          absl::StrCat("tokenize: MeCab failed on bytes ", pos, "..",
                       pos + len, ": ", lattice->what())});
    }
    pos += len;
  }
}

}  // namespace kiji::tokenizers
