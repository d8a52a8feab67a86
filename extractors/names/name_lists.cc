#include "extractors/names/name_lists.h"

#include <array>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace kiji::extractors {
namespace {

// Each list and the files it is read from (DATA_DIR/names/FILE.txt); an
// empty name ends the files.
struct ListFiles {
  lexicon::WordList NameLists::*list;
  std::array<std::string_view, 2> files;
};

const ListFiles kListFiles[] = {
    {&NameLists::katakana_company_suffixes, {"katakana_company_suffixes"}},
    {&NameLists::katakana_org_suffixes, {"katakana_org_suffixes"}},
    {&NameLists::kanji_company_suffixes, {"kanji_company_suffixes"}},
    {&NameLists::kanji_company_suffixes_weak, {"kanji_company_suffixes_weak"}},
    {&NameLists::kanji_org_suffixes,
     {"kanji_org_suffixes", "kanji_org_suffixes_courts"}},
    {&NameLists::legal_forms, {"legal_forms"}},
    {&NameLists::stem_company_suffixes, {"stem_company_suffixes"}},
    {&NameLists::stem_company_suffixes_weak, {"stem_company_suffixes_weak"}},
    {&NameLists::stem_company_tails, {"stem_company_tails"}},
    {&NameLists::glued_company_tails, {"glued_company_tails"}},
    {&NameLists::company_regions, {"company_regions"}},
    {&NameLists::org_endings, {"org_endings"}},
    {&NameLists::party_endings, {"party_endings"}},
    {&NameLists::party_non_modifiers, {"party_non_modifiers"}},
    {&NameLists::non_name_suffix_tokens, {"non_name_suffix_tokens"}},
    {&NameLists::industry_endings, {"industry_endings"}},
    {&NameLists::org_compound_heads, {"org_compound_heads"}},
    {&NameLists::place_org_heads, {"place_org_heads"}},
    {&NameLists::group_suffixes, {"group_suffixes"}},
    {&NameLists::group_stem_industry_words, {"group_stem_industry_words"}},
    {&NameLists::generic_stem_endings, {"generic_stem_endings"}},
    {&NameLists::generic_katakana_stems, {"generic_katakana_stems"}},
    {&NameLists::hiragana_non_stems, {"hiragana_non_stems"}},
    {&NameLists::era_names, {"era_names"}},
    {&NameLists::index_words, {"index_words"}},
    {&NameLists::loanword_endings, {"loanword_endings"}},
    {&NameLists::generic_acronyms, {"generic_acronyms"}},
    {&NameLists::country_acronyms, {"country_acronyms"}},
    {&NameLists::category_nouns, {"category_nouns"}},
    {&NameLists::country_prefixes, {"country_prefixes"}},
    {&NameLists::honorifics, {"honorifics"}},
    {&NameLists::titles_after, {"titles_after"}},
    {&NameLists::person_only_titles, {"person_only_titles"}},
    {&NameLists::title_prefixes, {"title_prefixes"}},
    {&NameLists::non_name_prefixes, {"non_name_prefixes"}},
    {&NameLists::roles_before, {"roles_before"}},
    {&NameLists::person_clause_verbs, {"person_clause_verbs"}},
    {&NameLists::after_company_kanji, {"after_company_kanji"}},
    {&NameLists::company_after_strong, {"company_after_strong"}},
    {&NameLists::company_after_weak, {"company_after_weak"}},
    {&NameLists::employer_after, {"employer_after"}},
    {&NameLists::employee_nouns, {"employee_nouns"}},
    {&NameLists::leave_verbs, {"leave_verbs"}},
    {&NameLists::company_before, {"company_before"}},
    {&NameLists::corporate_titles, {"corporate_titles"}},
    {&NameLists::product_after, {"product_after"}},
    {&NameLists::product_after_strong, {"product_after_strong"}},
    {&NameLists::business_words, {"business_words"}},
    {&NameLists::org_ending_tokens, {"org_ending_tokens"}},
    {&NameLists::org_unit_suffixes, {"org_unit_suffixes"}},
    {&NameLists::company_ending_tokens, {"company_ending_tokens"}},
    {&NameLists::org_legal_forms, {"org_legal_forms"}},
    {&NameLists::sports_words, {"sports_words"}},
    {&NameLists::sports_words_weak, {"sports_words_weak"}},
    {&NameLists::latin_company_words, {"latin_company_words"}},
    {&NameLists::latin_legal_forms, {"latin_legal_forms"}},
    {&NameLists::latin_org_words, {"latin_org_words"}},
    {&NameLists::latin_and_org_heads, {"latin_and_org_heads"}},
    {&NameLists::latin_non_name_words, {"latin_non_name_words"}},
    {&NameLists::latin_stop_words, {"latin_stop_words"}},
    {&NameLists::latin_person_titles, {"latin_person_titles"}},
    {&NameLists::latin_office_titles, {"latin_office_titles"}},
    {&NameLists::english_date_words, {"english_date_words"}},
    {&NameLists::english_person_before, {"english_person_before"}},
    {&NameLists::english_person_after, {"english_person_after"}},
    {&NameLists::english_non_person_before, {"english_non_person_before"}},
    {&NameLists::english_pair_verbs, {"english_pair_verbs"}},
};

}  // namespace

std::vector<std::string_view> NameLists::FileNames() {
  std::vector<std::string_view> names;
  for (const ListFiles& l : kListFiles) {
    for (std::string_view file : l.files) {
      if (!file.empty()) names.push_back(file);
    }
  }
  return names;
}

std::vector<const lexicon::WordList*> NameLists::All() const {
  std::vector<const lexicon::WordList*> all;
  for (const ListFiles& l : kListFiles) all.push_back(&(this->*l.list));
  return all;
}

absl::StatusOr<std::unique_ptr<NameLists>> NameLists::Load(
    const std::string& dir) {
  if (dir.empty()) {
    return absl::NotFoundError(
        "name extractor: no data folder: the word lists names/*.txt are "
        "read from the data folder (--data-dir, $KIJI_DATA_DIR)");
  }
  auto lists = std::make_unique<NameLists>();
  for (const ListFiles& l : kListFiles) {
    std::vector<lexicon::WordList> parts;
    for (std::string_view file : l.files) {
      if (file.empty()) break;
      absl::StatusOr<lexicon::WordList> part = lexicon::WordList::Load(
          absl::StrCat(dir, "/", std::string(file), ".txt"));
      if (!part.ok()) return part.status();
      parts.push_back(std::move(part).value());
    }
    if (parts.size() == 1) {
      (*lists).*l.list = std::move(parts[0]);
    } else {
      std::vector<const lexicon::WordList*> all;
      for (const lexicon::WordList& p : parts) all.push_back(&p);
      (*lists).*l.list = lexicon::WordList::Concat(all);
    }
  }
  for (std::string_view w : lists->kanji_company_suffixes.words()) {
    lists->kanji_suffix_bits[w] |= kCompanySuffix;
  }
  for (std::string_view w : lists->kanji_org_suffixes.words()) {
    lists->kanji_suffix_bits[w] |= kOrgSuffix;
  }
  for (std::string_view w : lists->kanji_company_suffixes_weak.words()) {
    lists->kanji_suffix_bits[w] |= kWeakCompanySuffix;
  }
  for (const auto& [w, bits] : lists->kanji_suffix_bits) {
    if (w.size() >= 2) lists->kanji_suffix_last_bytes.set(LastBytesBit(w));
  }
  for (const lexicon::WordList* l :
       {&lists->stem_company_suffixes, &lists->stem_company_suffixes_weak}) {
    for (std::string_view w : l->words()) {
      lists->stem_suffix_first_chars.Add(lexicon::FirstCharKey(w));
    }
  }
  return lists;
}

}  // namespace kiji::extractors
