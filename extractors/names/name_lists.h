// NameLists: the word lists of the name extractor, read once at start
// from `DATA_DIR/names/*.txt` (data/names/ in the source tree; format in
// lexicon/word_lists.h and data/README.md), and the lookup tables built from
// them.
//
// Each list is the member named like its file (honorifics <-
// names/honorifics.txt); `kanji_org_suffixes` is read from two files. Grep
// a member's name to find the rules that read it.
//
// Thread-safety: immutable after `Load`; shared by every `Extract` call.
#ifndef KIJI_EXTRACTORS_NAMES_NAME_LISTS_H_
#define KIJI_EXTRACTORS_NAMES_NAME_LISTS_H_

#include <bitset>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "lexicon/word_lists.h"

namespace kiji::extractors {

// Which of `kanji_company_suffixes`, `kanji_org_suffixes` and
// `kanji_company_suffixes_weak` hold a token (`NameLists::KanjiSuffixes`).
enum KanjiSuffix : uint8_t {
  kCompanySuffix = 1,
  kOrgSuffix = 2,
  kWeakCompanySuffix = 4,
};

struct NameLists {
  // Reads every list from `dir` (DATA_DIR/names). Fails with NotFound naming
  // the file when one is missing (or `dir` is empty: no data folder), and
  // with InvalidArgument naming the file and line when one is malformed.
  static absl::StatusOr<std::unique_ptr<NameLists>> Load(
      const std::string& dir);

  // The file names (without ".txt") `Load` reads, in order.
  static std::vector<std::string_view> FileNames();
  // Every list, in the order of `FileNames`.
  std::vector<const lexicon::WordList*> All() const;

  // KanjiSuffix bits of a token `s`: one hash lookup instead of three list
  // scans per token.
  uint8_t KanjiSuffixes(std::string_view s) const {
    if (s.size() >= 2 && !kanji_suffix_last_bytes.test(LastBytesBit(s))) {
      return 0;
    }
    const auto it = kanji_suffix_bits.find(s);
    return it == kanji_suffix_bits.end() ? 0 : it->second;
  }
  // Whether `s` may begin with a word of `stem_company_suffixes` or
  // `stem_company_suffixes_weak` (false: certainly not).
  bool MayBeginStemSuffix(std::string_view s) const {
    return !s.empty() &&
           stem_suffix_first_chars.MayHold(lexicon::FirstCharKey(s));
  }

  // Company and organisation endings.
  lexicon::WordList katakana_company_suffixes;
  lexicon::WordList katakana_org_suffixes;
  lexicon::WordList kanji_company_suffixes;
  lexicon::WordList kanji_company_suffixes_weak;
  lexicon::WordList kanji_org_suffixes;
  lexicon::WordList legal_forms;
  lexicon::WordList stem_company_suffixes;
  lexicon::WordList stem_company_suffixes_weak;
  lexicon::WordList stem_company_tails;
  lexicon::WordList glued_company_tails;
  lexicon::WordList company_regions;
  lexicon::WordList org_endings;
  lexicon::WordList party_endings;
  lexicon::WordList party_non_modifiers;
  lexicon::WordList non_name_suffix_tokens;
  lexicon::WordList industry_endings;
  lexicon::WordList org_compound_heads;
  lexicon::WordList place_org_heads;
  lexicon::WordList group_suffixes;
  lexicon::WordList group_stem_industry_words;
  // Words that are no names, or no part of one.
  lexicon::WordList generic_stem_endings;
  lexicon::WordList generic_katakana_stems;
  lexicon::WordList hiragana_non_stems;
  lexicon::WordList era_names;
  lexicon::WordList index_words;
  lexicon::WordList loanword_endings;
  lexicon::WordList generic_acronyms;
  lexicon::WordList country_acronyms;
  lexicon::WordList category_nouns;
  lexicon::WordList country_prefixes;
  // Person context (Japanese).
  lexicon::WordList honorifics;
  lexicon::WordList titles_after;
  lexicon::WordList person_only_titles;
  lexicon::WordList title_prefixes;
  lexicon::WordList non_name_prefixes;
  lexicon::WordList roles_before;
  lexicon::WordList person_clause_verbs;
  // Company and product context (Japanese).
  lexicon::WordList after_company_kanji;
  lexicon::WordList company_after_strong;
  lexicon::WordList company_after_weak;
  lexicon::WordList employer_after;
  lexicon::WordList employee_nouns;
  lexicon::WordList leave_verbs;
  lexicon::WordList company_before;
  lexicon::WordList corporate_titles;
  lexicon::WordList product_after;
  lexicon::WordList product_after_strong;
  // Sentence context: business news (a gazetteer name that is a word too
  // is the company's).
  lexicon::WordList business_words;
  // Tokens ending an organisation after a name the model found (クラブ).
  lexicon::WordList org_ending_tokens;
  // Katakana trades ending a company the model found (中日|スポーツ).
  lexicon::WordList company_ending_tokens;
  // One-kanji suffix tokens ending an organisation the model found
  // (理事|会, 取引|所).
  lexicon::WordList org_unit_suffixes;
  // Legal forms of organisations (財団法人): no name, nor part of one.
  lexicon::WordList org_legal_forms;
  // Sentence context: a game (a company name in it is a team).
  lexicon::WordList sports_words;
  lexicon::WordList sports_words_weak;
  // Latin script and English context.
  lexicon::WordList latin_company_words;
  // Legal forms that follow a Latin company name after a comma (, Ltd.).
  lexicon::WordList latin_legal_forms;
  lexicon::WordList latin_org_words;
  lexicon::WordList latin_and_org_heads;
  lexicon::WordList latin_non_name_words;
  lexicon::WordList latin_stop_words;
  lexicon::WordList latin_person_titles;
  lexicon::WordList latin_office_titles;
  lexicon::WordList english_date_words;
  lexicon::WordList english_person_before;
  lexicon::WordList english_person_after;
  lexicon::WordList english_non_person_before;
  lexicon::WordList english_pair_verbs;

  // Built from the lists by `Load`.
  absl::flat_hash_map<std::string_view, uint8_t> kanji_suffix_bits;
  // `LastBytesBit` of every kanji suffix: most tokens end in a character
  // that ends no suffix, which this 512-byte table tells without hashing.
  std::bitset<4096> kanji_suffix_last_bytes;
  // The first characters of the stem suffixes (strong and weak): a text
  // position whose character is none of them begins no stem suffix, so the
  // stem scan skips it with one filter probe instead of two list lookups.
  lexicon::CharKeyFilter stem_suffix_first_chars;

 private:
  // A bit for the low 6 bits of each of the last two bytes of `s` (size >=
  // 2): for a word ending in a 2-, 3- or 4-byte UTF-8 character, its last
  // character mostly.
  static size_t LastBytesBit(std::string_view s) {
    return (static_cast<size_t>(s[s.size() - 2]) & 0x3F) << 6 |
           (static_cast<size_t>(s[s.size() - 1]) & 0x3F);
  }
};

}  // namespace kiji::extractors

#endif  // KIJI_EXTRACTORS_NAMES_NAME_LISTS_H_
