#include "lexicon/word_lists.h"

#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "unicode/normalizer2.h"
#include "unicode/utf8.h"

namespace kiji::lexicon {
namespace {

bool ValidUtf8(std::string_view s) {
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0) return false;
  }
  return true;
}

// Whether valid UTF-8 `s` is NFKC-normalised; true when ICU cannot tell.
bool IsNfkc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return true;
  const bool normalized = nfkc->isNormalizedUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), status);
  return U_FAILURE(status) || normalized;
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

WordList::WordList() = default;
WordList::WordList(WordList&&) noexcept = default;
WordList& WordList::operator=(WordList&&) noexcept = default;
WordList::~WordList() = default;

absl::StatusOr<WordList> WordList::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("word list: cannot open ", path,
                                            ": ", std::strerror(errno)));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return absl::NotFoundError(absl::StrCat("word list: cannot read ", path));
  }
  return Parse(buffer.str(), path);
}

absl::StatusOr<WordList> WordList::Parse(std::string_view text,
                                         std::string_view origin) {
  std::vector<std::string> words;
  absl::flat_hash_set<std::string> seen;
  size_t line_no = 0;
  bool header = false;
  auto error = [&](std::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat("word list: ", std::string(origin), ":", line_no, ": ",
                     std::string(what)));
  };
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") {
      line.remove_prefix(3);
    }
    if (line_no == 1) {
      if (line.empty() || line.front() != '#') {
        return error(
            "expected a header comment (# what the list is for, its source)");
      }
      header = true;
    }
    if (!line.empty() && line.front() == '#') continue;
    bool blank = true;
    for (const char c : line) blank = blank && IsBlank(c);
    if (blank) continue;
    if (!ValidUtf8(line)) return error("invalid UTF-8");
    std::string_view word = line;
    if (word.front() == '"') {
      if (word.size() < 2 || word.back() != '"') {
        return error("unclosed quote (write \"entry\" on one line)");
      }
      word = word.substr(1, word.size() - 2);
    } else if (IsBlank(word.front()) || IsBlank(word.back())) {
      return error(
          "blank at the start or end of the entry (quote it: \" entry\")");
    }
    if (word.empty()) return error("empty entry");
    if (word.find('\t') != std::string_view::npos) {
      return error("tab inside the entry");
    }
    if (!IsNfkc(word)) {
      return error(absl::StrCat("\"", std::string(word),
                                "\" is not NFKC-normalised: the normalised "
                                "text never holds it"));
    }
    if (!seen.insert(std::string(word)).second) {
      return error(absl::StrCat("\"", std::string(word), "\" is listed twice"));
    }
    words.emplace_back(word);
  }
  if (!header) {
    line_no = 1;
    return error(
        "empty file (expected a header comment and one entry per line)");
  }
  return Build(std::move(words), std::string(origin));
}

WordList WordList::Concat(const std::vector<const WordList*>& lists) {
  std::vector<std::string> words;
  absl::flat_hash_set<std::string_view> seen;
  std::string origin;
  for (const WordList* list : lists) {
    for (std::string_view w : list->words()) {
      if (seen.insert(w).second) words.emplace_back(w);
    }
    absl::StrAppend(&origin, origin.empty() ? "" : " + ", list->origin());
  }
  return Build(std::move(words), std::move(origin));
}

WordList WordList::Build(std::vector<std::string> words, std::string origin) {
  WordList list;
  list.origin_ = std::move(origin);
  size_t bytes = 0;
  for (const std::string& w : words) bytes += w.size();
  list.storage_ = std::make_unique<char[]>(bytes + 1);
  char* at = list.storage_.get();
  list.words_.reserve(words.size());
  for (const std::string& w : words) {
    std::memcpy(at, w.data(), w.size());
    list.words_.emplace_back(at, w.size());
    at += w.size();
  }
  for (std::string_view w : list.words_) {
    list.by_first_.Add(CharKey(corpus::FirstChar(w)), w);
    list.by_last_.Add(CharKey(corpus::LastChar(w)), w);
  }
  return list;
}

}  // namespace kiji::lexicon
