#include "tokenizers/mecab_tokenizer.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tests/testing/status_matchers.h"
#include "tokenizers/language_detector.h"
#include "tokenizers/word_tokenizer.h"

namespace kiji::tokenizers {
namespace {

std::vector<std::string> Surfaces(const corpus::Document& doc) {
  std::vector<std::string> out;
  for (const corpus::Token& t : doc.tokens) out.emplace_back(doc.Surface(t));
  return out;
}

TEST(MecabTokenizerTest, KnownSentenceTokensAndOffsets) {
  ASSERT_OK_AND_ASSIGN(auto mecab, MecabTokenizer::Create());
  corpus::Document doc;
  doc.normalized = "山田太郎は東京で講演した。\n二行目です。";
  mecab->Tokenize(&doc);
  const std::vector<std::string> expected = {
      "山田", "太郎", "は", "東京", "で", "講演", "し", "た", "。",
      "二", "行", "目", "です", "。"};
  EXPECT_EQ(Surfaces(doc), expected);
  // Offsets are byte offsets into `normalized`, in order, non-overlapping.
  uint32_t prev_end = 0;
  for (const corpus::Token& t : doc.tokens) {
    EXPECT_GE(t.norm_begin, prev_end);
    prev_end = t.norm_end;
  }
  EXPECT_EQ(doc.tokens[3].norm_begin, std::string("山田太郎は").size());
  EXPECT_TRUE(doc.Features(doc.tokens[3]).starts_with("名詞,固有名詞,地域"));
  EXPECT_TRUE(doc.Features(doc.tokens[0]).starts_with("名詞,固有名詞,人名,姓"));
  EXPECT_TRUE(doc.Features(doc.tokens[1]).starts_with("名詞,固有名詞,人名,名"));
  // The second line starts after the newline.
  EXPECT_EQ(doc.tokens[9].norm_begin, doc.normalized.find("二"));
}

TEST(MecabTokenizerTest, LongSingleLineIsChunkedWithExactOffsets) {
  MecabOptions options;
  options.max_chunk_bytes = 64;
  ASSERT_OK_AND_ASSIGN(auto mecab, MecabTokenizer::Create(options));
  corpus::Document doc;
  for (int i = 0; i < 50; ++i) doc.normalized += "東京都で会議が開かれた。";
  mecab->Tokenize(&doc);
  size_t tokyo = 0;
  for (const corpus::Token& t : doc.tokens) {
    ASSERT_LE(t.norm_end, doc.normalized.size());
    if (doc.Surface(t) == "東京") ++tokyo;
  }
  EXPECT_EQ(tokyo, 50u);
}

// Tokens cover `doc.normalized` (which has no spaces) exactly, in order.
void ExpectTokensCoverText(const corpus::Document& doc) {
  uint32_t expected_begin = 0;
  for (const corpus::Token& t : doc.tokens) {
    ASSERT_EQ(t.norm_begin, expected_begin);
    ASSERT_GT(t.norm_end, t.norm_begin);
    expected_begin = t.norm_end;
  }
  EXPECT_EQ(expected_begin, doc.normalized.size());
}

TEST(MecabTokenizerTest, HugeSingleScriptRunsAreCutIntoBoundedChunks) {
  MecabOptions options;
  options.max_chunk_bytes = 4096;
  options.max_run_bytes = 300;
  ASSERT_OK_AND_ASSIGN(auto mecab, MecabTokenizer::Create(options));
  corpus::Document doc;
  std::string katakana;
  while (katakana.size() < 60000) katakana += "アイウエオカキクケコ";
  doc.normalized = "東京で" + katakana + "を発表した。" +
                   std::string(20000, '7') + "円" + std::string(5000, 'x') +
                   "。";
  mecab->Tokenize(&doc);
  ExpectTokensCoverText(doc);
  for (const corpus::Token& t : doc.tokens) {
    ASSERT_LE(t.norm_end - t.norm_begin, options.max_run_bytes);
  }
  EXPECT_EQ(doc.Surface(doc.tokens[0]), "東京");
  EXPECT_EQ(doc.Surface(doc.tokens.back()), "。");
}

TEST(MecabTokenizerTest, LongLineWithoutSentenceEndIsCutAtScriptChanges) {
  MecabOptions options;
  options.max_chunk_bytes = 256;
  ASSERT_OK_AND_ASSIGN(auto mecab, MecabTokenizer::Create(options));
  corpus::Document doc;
  for (int i = 0; i < 200; ++i) doc.normalized += "東京都のソフトバンクと";
  mecab->Tokenize(&doc);
  ExpectTokensCoverText(doc);
  size_t tokyo = 0, softbank = 0;
  for (const corpus::Token& t : doc.tokens) {
    if (doc.Surface(t) == "東京") ++tokyo;
    if (doc.Surface(t) == "ソフトバンク") ++softbank;
  }
  // Cuts fall between scripts, never inside a word.
  EXPECT_EQ(tokyo, 200u);
  EXPECT_EQ(softbank, 200u);
}

// A copy of a text whose last byte is the last byte before a page that
// cannot be read: reading one byte past the text is a SIGSEGV.
class GuardedText {
 public:
  explicit GuardedText(std::string_view text) {
    const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    size_ = (text.size() + page - 1) / page * page + page;
    void* base = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) return;
    base_ = static_cast<char*>(base);
    char* const guard = base_ + size_ - page;
    if (::mprotect(guard, page, PROT_NONE) != 0) return;
    char* const begin = guard - text.size();
    std::memcpy(begin, text.data(), text.size());
    text_ = std::string_view(begin, text.size());
  }
  ~GuardedText() {
    if (base_ != nullptr) ::munmap(base_, size_);
  }
  GuardedText(const GuardedText&) = delete;
  GuardedText& operator=(const GuardedText&) = delete;

  // Empty when the guard could not be set up.
  std::string_view text() const { return text_; }

 private:
  char* base_ = nullptr;
  size_t size_ = 0;
  std::string_view text_;
};

// MeCab reads a sentence that ends in whitespace up to the next NUL (issue
// #14: over the rest of the document, once per line). Every chunk handed to
// it must end with a NUL: here the text ends right before an unreadable
// page, so a read past any chunk's end (the last one's or, across the
// following lines, an earlier one's) crashes the test.
TEST(MecabTokenizerTest, NeverReadsPastTheText) {
  struct Case {
    const char* name;
    std::string text;
    size_t max_chunk_bytes;
  };
  std::string long_line;  // cut after ". ": chunks end in a space
  while (long_line.size() < 2000) long_line += "Tokyo is large. ";
  const Case cases[] = {
      {"lines ending in newlines", "山田太郎は東京で講演した。\n二行目です。\n",
       32 * 1024},
      {"blank lines", "東京\n\n\n大阪\n \n", 32 * 1024},
      {"trailing spaces and tabs", "東京で会議 \t ", 32 * 1024},
      {"CRLF", "東京\r\n大阪\r\n", 32 * 1024},
      {"only whitespace", " \n\t\n", 32 * 1024},
      {"no trailing whitespace", "東京\n大阪", 32 * 1024},
      {"long line cut after sentence ends", long_line, 256},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    MecabOptions options;
    options.max_chunk_bytes = c.max_chunk_bytes;
    ASSERT_OK_AND_ASSIGN(auto mecab, MecabTokenizer::Create(options));
    const GuardedText guarded(c.text);
    ASSERT_EQ(guarded.text(), c.text) << "cannot set up a guard page";
    corpus::Document doc;
    mecab->Tokenize(guarded.text(), &doc);
    // The same tokens as over the text in `normalized`.
    corpus::Document plain;
    plain.normalized = c.text;
    mecab->Tokenize(&plain);
    ASSERT_EQ(doc.tokens.size(), plain.tokens.size());
    for (size_t i = 0; i < doc.tokens.size(); ++i) {
      EXPECT_EQ(doc.tokens[i].norm_begin, plain.tokens[i].norm_begin);
      EXPECT_EQ(doc.tokens[i].norm_end, plain.tokens[i].norm_end);
      EXPECT_EQ(doc.Features(doc.tokens[i]), plain.Features(plain.tokens[i]));
    }
    EXPECT_TRUE(doc.diagnostics.empty());
  }
  // Offsets are bytes of the text, across lines.
  ASSERT_OK_AND_ASSIGN(auto mecab, MecabTokenizer::Create());
  const GuardedText guarded("東京\n大阪\n");
  corpus::Document doc;
  mecab->Tokenize(guarded.text(), &doc);
  ASSERT_EQ(doc.tokens.size(), 2u);
  EXPECT_EQ(
      guarded.text().substr(doc.tokens[1].norm_begin,
                            doc.tokens[1].norm_end - doc.tokens[1].norm_begin),
      "大阪");
}

TEST(MecabTokenizerTest, EqualFeaturesAreStoredOnce) {
  ASSERT_OK_AND_ASSIGN(auto mecab, MecabTokenizer::Create());
  corpus::Document doc;
  doc.normalized = "東京と東京と東京";
  mecab->Tokenize(&doc);
  ASSERT_EQ(doc.tokens.size(), 5u);
  EXPECT_EQ(doc.tokens[0].feature_begin, doc.tokens[2].feature_begin);
  EXPECT_EQ(doc.tokens[0].feature_begin, doc.tokens[4].feature_begin);
  EXPECT_EQ(doc.tokens[1].feature_begin, doc.tokens[3].feature_begin);
  EXPECT_TRUE(doc.Features(doc.tokens[4]).starts_with("名詞,固有名詞,地域"));
  EXPECT_TRUE(doc.Features(doc.tokens[3]).starts_with("助詞"));
  EXPECT_EQ(doc.token_features.size(), doc.Features(doc.tokens[0]).size() +
                                           doc.Features(doc.tokens[1]).size());
}

// Features are interned per thread across documents and looked up by
// MeCab's pointer; each document must still get its own copy of exactly the
// features it uses, in first-use order.
TEST(MecabTokenizerTest, EachDocumentStoresItsOwnFeatures) {
  ASSERT_OK_AND_ASSIGN(auto mecab, MecabTokenizer::Create());
  corpus::Document first;
  first.normalized = "東京と大阪";
  mecab->Tokenize(&first);
  corpus::Document second;
  second.normalized = "大阪で東京で大阪";
  mecab->Tokenize(&second);
  ASSERT_EQ(second.tokens.size(), 5u);
  // First-use order within this document: 大阪, で, 東京; repeats share.
  const uint32_t osaka = second.tokens[0].feature_len;
  const uint32_t de = second.tokens[1].feature_len;
  EXPECT_EQ(second.tokens[0].feature_begin, 0u);
  EXPECT_EQ(second.tokens[1].feature_begin, osaka);
  EXPECT_EQ(second.tokens[2].feature_begin, osaka + de);
  EXPECT_EQ(second.tokens[3].feature_begin, osaka);
  EXPECT_EQ(second.tokens[4].feature_begin, 0u);
  EXPECT_TRUE(second.Features(second.tokens[1]).starts_with("助詞"));
  EXPECT_TRUE(
      second.Features(second.tokens[2]).starts_with("名詞,固有名詞,地域"));
  EXPECT_EQ(second.token_features.size(),
            osaka + de + second.tokens[2].feature_len);
  EXPECT_EQ(second.Features(second.tokens[2]), first.Features(first.tokens[0]));

  // The same text gives the same tokens and features whatever was tokenised
  // before, also by another tokenizer on this thread.
  ASSERT_OK_AND_ASSIGN(auto other, MecabTokenizer::Create());
  corpus::Document between;
  between.normalized = "今日は晴れ";
  other->Tokenize(&between);
  corpus::Document again;
  again.normalized = first.normalized;
  mecab->Tokenize(&again);
  EXPECT_EQ(again.token_features, first.token_features);
  ASSERT_EQ(again.tokens.size(), first.tokens.size());
  for (size_t i = 0; i < first.tokens.size(); ++i) {
    EXPECT_EQ(again.Features(again.tokens[i]), first.Features(first.tokens[i]));
    EXPECT_EQ(again.tokens[i].feature_begin, first.tokens[i].feature_begin);
  }
}

// A second `Tokenize` of one document appends tokens and a fresh copy of
// their features, as before the features were interned.
TEST(MecabTokenizerTest, TokenizeAppends) {
  ASSERT_OK_AND_ASSIGN(auto mecab, MecabTokenizer::Create());
  corpus::Document doc;
  doc.normalized = "東京";
  mecab->Tokenize(&doc);
  const std::string features = doc.token_features;
  mecab->Tokenize(&doc);
  ASSERT_EQ(doc.tokens.size(), 2u);
  EXPECT_EQ(doc.token_features, features + features);
  EXPECT_EQ(doc.tokens[1].feature_begin, features.size());
  EXPECT_EQ(doc.Features(doc.tokens[1]), features);
}

TEST(MecabTokenizerTest, MissingDictionaryIsAnError) {
  MecabOptions options;
  options.dicdir = "/nonexistent/dic";
  auto mecab = MecabTokenizer::Create(options);
  ASSERT_FALSE(mecab.ok());
  EXPECT_NE(mecab.status().message().find("/nonexistent/dic"),
            std::string::npos);
}

TEST(MecabTokenizerTest, OutOfRangeChunkOptionsAreErrors) {
  for (auto [chunk, run] : {std::pair<size_t, size_t>{0, 1024},
                            {size_t{1} << 16, 1024},
                            {4096, 0}}) {
    SCOPED_TRACE(chunk);
    MecabOptions options;
    options.max_chunk_bytes = chunk;
    options.max_run_bytes = run;
    EXPECT_EQ(MecabTokenizer::Create(options).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
}

TEST(WordTokenizerTest, SplitsWordsAndSkipsPunctuation) {
  ASSERT_OK_AND_ASSIGN(auto words, WordTokenizer::Create());
  corpus::Document doc;
  doc.normalized = "Ilya Sutskever left OpenAI, in May 2024.";
  words->Tokenize(&doc);
  const std::vector<std::string> expected = {"Ilya", "Sutskever", "left",
                                             "OpenAI", "in", "May", "2024"};
  EXPECT_EQ(Surfaces(doc), expected);
}

TEST(LanguageDetectorTest, DetectsPerDocument) {
  EXPECT_EQ(DetectLanguage("OpenAIは新しいモデルを発表した。"), "ja");
  EXPECT_EQ(DetectLanguage("人工知能公司发布了新的模型，引起广泛关注。"), "zh");
  EXPECT_EQ(DetectLanguage("The company announced a new model on Monday, "
                           "and investors reacted quickly to the news."),
            "en");
  EXPECT_EQ(DetectLanguage("12345 !!!"), "und");
}

// CountScripts classifies the BMP from a table and other planes with ICU.
TEST(LanguageDetectorTest, CountScriptsByScript) {
  // Kana ひ カ; ー is Common and not counted; Han 漢 and 𠮷 (outside the
  // BMP); Hangul 한; Latin é a b; other Ω; 1, space and an ill-formed byte
  // are not letters.
  const ScriptCounts c = CountScripts("ひカー漢\U00020BB7한éΩab1 \xff", 1000);
  EXPECT_EQ(c.kana, 2u);
  EXPECT_EQ(c.han, 2u);
  EXPECT_EQ(c.hangul, 1u);
  EXPECT_EQ(c.latin, 3u);
  EXPECT_EQ(c.other_letters, 1u);
  // Only the first `max_bytes` count.
  EXPECT_EQ(CountScripts("漢漢漢", 6).han, 2u);
}

}  // namespace
}  // namespace kiji::tokenizers
