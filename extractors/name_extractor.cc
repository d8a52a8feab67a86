// The front door of the name extractor: loading at `Create`, one
// names::Run per `Extract` (extractors/names/run.h maps the wing).
#include "extractors/name_extractor.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "extractors/date_tables.h"
#include "extractors/names/features.h"
#include "extractors/names/model.h"
#include "extractors/names/name_lists.h"
#include "extractors/names/run.h"
#include "re2/re2.h"

namespace kiji::extractors {

using lexicon::Gazetteer;

NameExtractor::~NameExtractor() = default;

absl::StatusOr<std::unique_ptr<NameExtractor>> NameExtractor::Create(
    const NameExtractorOptions& options) {
  auto extractor = std::unique_ptr<NameExtractor>(new NameExtractor());
  extractor->names_ = options.names;
  auto lists = NameLists::Load(
      options.data_dir.empty() ? std::string() : options.data_dir + "/names");
  if (!lists.ok()) return lists.status();
  extractor->lists_ = std::move(lists).value();
  std::vector<std::string> all = options.gazetteers;
  all.insert(all.end(), options.user_gazetteers.begin(),
             options.user_gazetteers.end());
  auto gazetteer = Gazetteer::Load(all);
  if (!gazetteer.ok()) return gazetteer.status();
  extractor->gazetteer_ = std::move(gazetteer).value();
  if (!options.user_gazetteers.empty()) {
    auto user = Gazetteer::Load(options.user_gazetteers);
    if (!user.ok()) return user.status();
    extractor->user_gazetteer_ = std::move(user).value();
  }
  extractor->list_tail_ = std::make_unique<re2::RE2>(
      "^(?:(?:など|等)(?:の|、)?[\\p{Han}\\p{Katakana}ーA-Za-z]{0,10}?"
      "(?:企業|会社|大手|各社|メーカー|スタートアップ|社|"
      "(?:競合|ライバル)(?:他社|企業|会社|相手)?[^\\p{Han}\\p{Katakana}ー]|"
      "競争相手)"
      "|(?:を含む|を含めた|をはじめとする|をはじめ)[^。、「」]{0,16}?"
      "(?:企業|会社|大手|各社|メーカー|スタートアップ))");
  if (!extractor->list_tail_->ok()) {
    return absl::InternalError("name_extractor: bad list pattern");
  }
  if (!options.data_dir.empty()) {
    auto dates = DateTables::Load(options.data_dir + "/dates");
    if (!dates.ok()) return dates.status();
    extractor->dates_ = std::make_unique<const DateTables>(*std::move(dates));
  }
  extractor->features_ = std::make_unique<names::TokenFeatures>(
      *extractor->lists_, extractor->names_, *extractor->gazetteer_);
  if (!options.model.empty()) {
    auto model = names::NameModel::Load(options.model);
    if (!model.ok()) return model.status();
    extractor->model_ = std::move(model).value();
  }
  return extractor;
}

void NameExtractor::Features(
    const corpus::Document& doc, absl::Span<const corpus::Mention> rules,
    absl::FunctionRef<void(size_t, std::string_view)> emit) const {
  const tokenizers::TokenViews views(doc);
  std::string feature;
  names::TokenFeatures::Sentences(
      doc, rules,
      [&](size_t begin, size_t end, absl::Span<const size_t> which) {
        features_->ForEach(doc, views, begin, end, rules, which,
                           [&](size_t token, names::FeatureParts parts) {
                             feature.clear();
                             for (std::string_view p : parts) {
                               feature.append(p.data(), p.size());
                             }
                             emit(token, feature);
                           });
      });
}

std::vector<float> NameExtractor::ModelScores(
    const corpus::Document& doc,
    absl::Span<const corpus::Mention> rules) const {
  std::vector<float> all;
  if (model_ == nullptr) return all;
  const tokenizers::TokenViews views(doc);
  std::vector<float> scores;
  names::TokenFeatures::Sentences(
      doc, rules,
      [&](size_t begin, size_t end, absl::Span<const size_t> which) {
        Score(doc, views, begin, end, rules, which, &scores);
        all.insert(all.end(), scores.begin(), scores.end());
      });
  return all;
}

void NameExtractor::InsertMentions(corpus::Document* doc, size_t first,
                                   std::vector<corpus::Mention> added) {
  if (added.empty()) return;
  std::vector<corpus::Mention>& mentions = doc->mentions;
  std::vector<corpus::Mention> all(
      mentions.begin() + static_cast<std::ptrdiff_t>(first), mentions.end());
  const size_t old_count = all.size();
  for (corpus::Mention& m : added) all.push_back(std::move(m));
  std::vector<size_t> order(all.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return all[a].norm_begin < all[b].norm_begin;
  });
  std::vector<size_t> position(all.size());
  for (size_t k = 0; k < order.size(); ++k) position[order[k]] = first + k;
  mentions.resize(first);
  for (size_t k : order) {
    corpus::Mention m = std::move(all[k]);
    if (m.alias_of.has_value() && *m.alias_of >= first &&
        *m.alias_of - first < old_count) {
      m.alias_of = position[*m.alias_of - first];
    }
    mentions.push_back(std::move(m));
  }
}

void NameExtractor::Extract(corpus::Document* doc) const {
  if (doc->normalized.empty()) return;
  const size_t first = doc->mentions.size();
  // Split once for the rules and the model (neither changes the tokens).
  const tokenizers::TokenViews views(*doc);
  names::Run run(doc, views, names_, *gazetteer_, *lists_, *list_tail_,
                 user_gazetteer_.get());
  run.Go();
  if (model_ != nullptr) ApplyModel(doc, first, views);
  MarkHouses(doc, first, views);
  MarkListedPeople(doc, first, views);
  TypeTeams(doc, first);
}

}  // namespace kiji::extractors
