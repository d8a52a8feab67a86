// PERSON / COMPANY / ORG / PRODUCT extraction over normalised text.
//
// `NameExtractor` finds name candidates in `Document::normalized`
// (docs/normalization.md) — katakana sequences joined by `・`/`=`, Latin word
// spans, katakana glued to Latin (ネクサスAI), MeCab organisation tokens and
// kanji organisation/company noun runs, MeCab 姓+名 pairs — and types each
// one from evidence only:
//   - knowledge: the gazetteer files (see lexicon/gazetteer.h), the
//     ENAMDICT index (lexicon/enamdict_index.h) and IPADIC features of the
//     tokens (only dictionary entries, which have 9 feature fields, count:
//     MeCab's unknown-word guesses are not evidence);
//   - structure: corporate suffixes and legal forms (Xホールディングス,
//     株式会社X, X Inc.), organisation suffixes (X大学, X省, X University);
//   - context: honorifics and titles (X氏, X教授), roles before a name
//     (共同創業者のX, CEOであるX), relative clauses whose subject is the name
//     (Yを設立したX), company verbs and nouns (Xに入社, Xを設立, XのCEO,
//     競合企業X), employer and origin contexts (Xを辞め, Xから独立, Xに勤務,
//     X出身のエンジニア, Xの元社員, "Xから…N人は…退職"), coordination lists
//     (XやYなどの企業, XやYを含む…企業, XやYなどの競合; a strongly typed member
//     also types acronyms and dictionary companies that are words or places),
//     parenthesised glosses and abbreviations (X(Y); a kanji name in
//     parentheses after a katakana or Latin person), and consistency within the
//     document (a surface typed once is typed the same everywhere; a Latin
//     spelling with l for I of a typed company is that company; a surname alone
//     refers back to a full name found earlier; a surname with 氏 elsewhere is
//     evidence for the full name; a surface quoted as a title is no person);
//   - kanji names MeCab does not tag as 人名: an ENAMDICT surname + given
//     name split of 3-5 kanji at a token boundary, only with an honorific or
//     title after it or a role before it; a MeCab 姓+名 runs up to a title
//     glued one kanji later (MeCab's 名 + one more kanji);
//   - katakana structure: 2-3 parts of 2+ characters, none a known word
//     (except the surname), place or organisation, outside quotes and
//     without company/product context, is a personal name; ordinary
//     loanwords joined by ・ (a last part that is no ENAMDICT person name
//     but a word or an -ング/-ション/-ティ… loanword, the others words or no
//     known given name) are not.
//
// No name of a specific person or company is written in code: everything
// specific comes from the dictionaries and gazetteers.
//
// Sources written to `Mention::source` ("person.katakana_name",
// "company.suffix", ...): the list, with what each rule means, is
// docs/rule_labels.md, which RuleLabelsTest checks against this code.
//
// Thread-safety: immutable after `Create`; `Extract` is const and may run on
// many documents concurrently (the options' `EnamdictIndex` must outlive the
// extractor and is only read).
#ifndef KIJI_EXTRACTORS_NAME_EXTRACTOR_H_
#define KIJI_EXTRACTORS_NAME_EXTRACTOR_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "corpus/document.h"
#include "lexicon/enamdict_index.h"
#include "lexicon/gazetteer.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace kiji::tokenizers {
class TokenViews;
}  // namespace kiji::tokenizers

namespace kiji::extractors {

struct NameLists;
class DateTables;
namespace names {
class NameModel;
class TokenFeatures;
}  // namespace names

// Options (defaults):
//   data_dir    ""       kiji's data folder; the word lists are read from
//                        `data_dir`/names/*.txt (data/README.md). Required:
//                        `Create` fails when it is empty or a list is
//                        missing or malformed.
//   names       nullptr  ENAMDICT index; when null only structure, context,
//                        IPADIC features and gazetteers are used.
//   gazetteers  {}       TSV files (lexicon/gazetteer.h), merged in order;
//                        a missing or malformed file makes `Create` fail.
//   user_gazetteers {}   the user's own TSV files (also merged into
//                        `gazetteers`' table, last): their names are found
//                        wherever their text is, however the tokeniser
//                        split it, and win over every other reading.
//   model       ""       the names model (extractors/names/model.h), the
//                        decision over the rules' candidates and the
//                        token evidence; "" for the rules alone. A missing
//                        or malformed file makes `Create` fail.
struct NameExtractorOptions {
  std::string data_dir;
  std::string model;
  const lexicon::EnamdictIndex* names = nullptr;
  std::vector<std::string> gazetteers;
  std::vector<std::string> user_gazetteers;
};

class NameExtractor {
 public:
  // Fails with NotFound / InvalidArgument (naming the file, and the line)
  // when a word list or a gazetteer cannot be loaded.
  static absl::StatusOr<std::unique_ptr<NameExtractor>> Create(
      const NameExtractorOptions& options);
  ~NameExtractor();

  // Appends PERSON/COMPANY/ORG/PRODUCT mentions (byte offsets into
  // `doc->normalized`) to `doc->mentions`; reads `doc->tokens` (MeCab
  // features for Japanese, none otherwise) and `doc->lang`. A gloss or
  // abbreviation gets `alias_of` = the index in `doc->mentions` of the
  // mention it glosses (indices are valid until the vector is reordered).
  // Mentions it appends never overlap each other.
  void Extract(corpus::Document* doc) const;

  const lexicon::Gazetteer& gazetteer() const { return *gazetteer_; }

  // The names model's features of every token of an analysed `doc`
  // (extractors/names/features.h), with `rules` the rule mentions the
  // model weighs: what scripts/train_names.sh trains on.
  void Features(const corpus::Document& doc,
                absl::Span<const corpus::Mention> rules,
                absl::FunctionRef<void(size_t, std::string_view)> emit) const;

  // The names model's label scores (before probabilities) of every token of
  // an analysed `doc`, in token order, `rules` as for `Features`: the sums
  // the decision makes, each distinct token's own weights summed once per
  // thread. Empty without a model.
  std::vector<float> ModelScores(const corpus::Document& doc,
                                 absl::Span<const corpus::Mention> rules) const;

 private:
  NameExtractor() = default;
  // The names model's decision over the rule mentions
  // `doc->mentions[first...]` (name_model.cc); `views`: of `doc->tokens`.
  void ApplyModel(corpus::Document* doc, size_t first,
                  const tokenizers::TokenViews& views) const;
  // The names model's label scores (`num_labels` per token) of the tokens
  // [begin, end) of `doc`, a sentence: the same sums as the weights of
  // TokenFeatures::ForEach's features, each distinct token's own features
  // summed once per thread.
  void Score(const corpus::Document& doc, const tokenizers::TokenViews& views,
             size_t begin, size_t end, absl::Span<const corpus::Mention> rules,
             absl::Span<const size_t> which, std::vector<float>* scores) const;
  static uint64_t NewId();
  // Company mentions `doc->mentions[first...]` with no legal form or
  // company ending in a sentence about a game (a word of `sports_words`
  // and another of it or of `sports_words_weak`) name a team: ORG, source
  // "org.team" (name_teams.cc).
  void TypeTeams(corpus::Document* doc, size_t first) const;
  // A name right before the suffix 家, or a surname token there, is a
  // house: ORG over both, source "org.house" (name_houses.cc); `views`: of
  // `doc->tokens`.
  void MarkHouses(corpus::Document* doc, size_t first,
                  const tokenizers::TokenViews& views) const;
  // A word listed right beside a person (、 と ・ や between them) and
  // shaped like a name (`ListedName`) is a person too: PERSON, source
  // "person.list" (name_listed_people.cc); `views`: of `doc->tokens`.
  void MarkListedPeople(corpus::Document* doc, size_t first,
                        const tokenizers::TokenViews& views) const;
  // Whether tokens [first_token, last_token] of `doc`, a whole kanji
  // (`kanji`) or katakana run, are shaped like a personal name: nouns, no
  // place, organisation or one common word; a name token of MeCab or
  // ENAMDICT's, or for kanji a surname and a given name ENAMDICT lists, or
  // for katakana a word MeCab does not know.
  bool ListedName(const corpus::Document& doc,
                  const tokenizers::TokenViews& views, size_t first_token,
                  size_t last_token, bool kanji) const;
  // The first token of a surname MeCab cut into one or two kanji words
  // right before the given-name token `given` (淡|井|健太; not before
  // `begin`): ENAMDICT lists them as a surname and they start a kanji run;
  // else `given`.
  size_t SplitSurnameStart(const corpus::Document& doc,
                           const tokenizers::TokenViews& views, size_t begin,
                           size_t given) const;
  // Adds `added` to `doc->mentions` after `first`, all of them in text
  // order, with the gloss links (`alias_of`) renumbered.
  static void InsertMentions(corpus::Document* doc, size_t first,
                             std::vector<corpus::Mention> added);
  // Whether [b, e) of `text` is an era name (朱鳥, 康熙; not an emperor's
  // name) with no honorific after it (安永さん is a person).
  bool EraAlone(std::string_view text, uint32_t b, uint32_t e) const;
  // Whether the token `token` is a company or organisation ending (建設,
  // 大学, クラブ): a name before it is an organisation's.
  bool OrgEnding(std::string_view token) const;
  // Whether `s` ends with a legal form or a company ending, or begins with
  // a legal form.
  bool CompanyShaped(std::string_view s) const;
  // The type of an organisation the model found at [b, e) of `text`:
  // COMPANY on company evidence (a rule's COMPANY candidate over it,
  // `rules[which...]`; a gazetteer or ENAMDICT company entry; a legal form
  // or company ending), else ORG.
  corpus::EntityType OrgType(std::string_view text, uint32_t b, uint32_t e,
                             absl::Span<const corpus::Mention> rules,
                             absl::Span<const size_t> which) const;

  const lexicon::EnamdictIndex* names_ = nullptr;
  std::unique_ptr<const NameLists> lists_;
  std::unique_ptr<lexicon::Gazetteer> gazetteer_;
  std::unique_ptr<lexicon::Gazetteer> user_gazetteer_;  // null: none
  std::unique_ptr<re2::RE2> list_tail_;  // "などの企業" after a list
  std::unique_ptr<names::TokenFeatures> features_;
  std::unique_ptr<names::NameModel> model_;  // null: the rules decide
  // The eras of data/dates/eras.tsv: an era name alone is no person (null
  // without a data folder).
  std::unique_ptr<const DateTables> dates_;
  // Tells this extractor's per-thread sums (name_model.cc) from another's.
  const uint64_t id_ = NewId();
};

}  // namespace kiji::extractors

#endif  // KIJI_EXTRACTORS_NAME_EXTRACTOR_H_
