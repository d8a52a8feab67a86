#include "tokenizers/mecab_tokenizer.h"

#include <mecab.h>

#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace kiji::tokenizers {

struct MecabTokenizer::Impl {
  MecabOptions options;
  std::unique_ptr<MeCab::Model> model;
  std::unique_ptr<MeCab::Tagger> tagger;
};

namespace {

// Length of the next chunk of `text` (which starts at a line start): up to
// and including the next newline, or cut near `max_bytes`.
size_t NextChunk(std::string_view text, size_t max_bytes) {
  const size_t nl = text.find('\n');
  const size_t line = nl == std::string_view::npos ? text.size() : nl + 1;
  if (line <= max_bytes) return line;
  std::string_view window = text.substr(0, max_bytes);
  for (std::string_view end : {"。", "！", "？", ". "}) {
    const size_t p = window.rfind(end);
    if (p != std::string_view::npos && p > max_bytes / 2) {
      return p + end.size();
    }
  }
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return cut == 0 ? line : cut;
}

}  // namespace

MecabTokenizer::MecabTokenizer(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
MecabTokenizer::~MecabTokenizer() = default;

absl::StatusOr<std::unique_ptr<MecabTokenizer>> MecabTokenizer::Create(
    const MecabOptions& options) {
  auto impl = std::make_unique<Impl>();
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
  // One lattice per thread and model; lattices are not shareable.
  thread_local const MeCab::Model* lattice_model = nullptr;
  thread_local std::unique_ptr<MeCab::Lattice> lattice;
  if (lattice == nullptr || lattice_model != impl_->model.get()) {
    lattice.reset(impl_->model->createLattice());
    lattice_model = impl_->model.get();
  }
  const std::string_view text = doc->normalized;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t len =
        NextChunk(text.substr(pos), impl_->options.max_chunk_bytes);
    const char* chunk = text.data() + pos;
    lattice->set_sentence(chunk, len);
    if (impl_->tagger->parse(lattice.get())) {
      for (const MeCab::Node* node = lattice->bos_node(); node != nullptr;
           node = node->next) {
        if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE ||
            node->length == 0) {
          continue;
        }
        corpus::Token token;
        token.norm_begin = static_cast<uint32_t>(node->surface - text.data());
        token.norm_end = token.norm_begin + node->length;
        const std::string_view feature(node->feature);
        token.feature_begin = static_cast<uint32_t>(doc->token_features.size());
        token.feature_len = static_cast<uint32_t>(feature.size());
        doc->token_features.append(feature);
        doc->tokens.push_back(token);
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
