#include "reconcile/reconciler.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "corpus/script.h"
#include "corpus/sha256.h"
#include "corpus/status_macros.h"

namespace kiji::reconcile {

using corpus::CountCodePoints;
using corpus::EntityType;
using corpus::EntityTypeName;
using corpus::HasKanji;
using corpus::Sha256Hex;
using store::EntityRecord;
using store::EntityVariant;
using store::Store;
using store::StoredMention;
namespace {

bool IsNameType(EntityType t) {
  return t == EntityType::kPerson || t == EntityType::kCompany ||
         t == EntityType::kOrg;
}

// A multi-part name: parts separated by ・, = or a space.
bool IsMultiPart(std::string_view s) {
  return s.find("・") != std::string_view::npos ||
         s.find('=') != std::string_view::npos ||
         s.find(' ') != std::string_view::npos;
}

// A PERSON name written in kanji without separators (大河内信彦, 大河内):
// the surname cannot be told from the given name by its form.
bool IsKanjiName(std::string_view s) {
  return !IsMultiPart(s) && HasKanji(s);
}

// True when `key` is a strict prefix of one of `keys` (a sorted set).
bool ExtendedIn(const std::set<std::string>& keys, const std::string& key) {
  auto it = keys.upper_bound(key);
  return it != keys.end() && it->size() > key.size() &&
         it->compare(0, key.size(), key) == 0;
}

struct UnionFind {
  std::vector<size_t> parent;
  explicit UnionFind(size_t n) : parent(n) {
    std::iota(parent.begin(), parent.end(), size_t{0});
  }
  size_t Find(size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  // The smaller index stays the root, so groups are named by first mention.
  void Union(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;
    if (b < a) std::swap(a, b);
    parent[b] = a;
  }
};

std::string_view IdPrefix(EntityType t) {
  switch (t) {
    case EntityType::kPerson:
      return "P-";
    case EntityType::kCompany:
      return "C-";
    default:
      return "O-";
  }
}

// "a\tb\tc": a memo key, composed in `*buffer` (whose capacity is reused);
// valid until `*buffer` changes.
std::string_view JoinKey(std::initializer_list<std::string_view> parts,
                         std::string* buffer) {
  buffer->clear();
  bool first = true;
  for (std::string_view p : parts) {
    if (!first) buffer->push_back('\t');
    first = false;
    buffer->append(p);
  }
  return *buffer;
}

}  // namespace

std::string VariantKey(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (U_SUCCESS(status)) s = nfkc->normalize(s, status);
  std::string out;
  s.toUTF8String(out);
  // One separator form: "・".
  std::string key;
  key.reserve(out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '=') {
      key += "・";
    } else {
      key.push_back(out[i]);
    }
  }
  return key;
}

absl::StatusOr<Overrides> LoadOverrides(const std::string& path) {
  // A folder opens as a stream that reads nothing: refuse it by name, and
  // give the system's reason for a file that cannot be opened.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "overrides: cannot read ", path, ": is a folder, not a file"));
  }
  std::ifstream in(path);
  if (!in) {
    const int err = errno;
    return absl::NotFoundError(absl::StrCat("overrides: cannot read ", path,
                                            ": ", std::strerror(err)));
  }
  Overrides o;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() != 3 || f[1].empty() || f[2].empty()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "overrides: %s:%d: expected 3 tab-separated fields "
          "(merge|split|canonical, NAME, NAME)",
          path, n));
    }
    o.lines.push_back({absl::StrCat(path, ":", n), f[0], f[1], f[2]});
    if (f[0] == "merge") {
      o.merge.emplace_back(f[1], f[2]);
    } else if (f[0] == "split") {
      o.split.emplace_back(f[1], f[2]);
    } else if (f[0] == "canonical") {
      o.canonical.emplace_back(f[1], f[2]);
    } else {
      return absl::InvalidArgumentError(absl::StrFormat(
          "overrides: %s:%d: unknown action '%s' (merge, split, canonical)",
          path, n, f[0]));
    }
  }
  if (in.bad()) {
    return absl::DataLossError(absl::StrCat("overrides: cannot read ", path,
                                            ": read failed after line ", n));
  }
  return o;
}

absl::StatusOr<std::unique_ptr<Reconciler>> Reconciler::Create(
    Store* store, const NameMatcher* matcher, Overrides overrides) {
  std::unique_ptr<Reconciler> r(
      new Reconciler(store, matcher, std::move(overrides)));
  // The documents of each entity stay in the store (they grow with the
  // corpus); only names and counts are kept in memory.
  ASSIGN_OR_RETURN(std::vector<EntityRecord> records,
                   store->LoadRegistry(/*with_docs=*/false));
  for (EntityRecord& rec : records) {
    Entity e;
    for (const EntityVariant& v : rec.variants) {
      e.variant_counts[v.text] += v.count;
    }
    rec.variants.clear();
    rec.variants.shrink_to_fit();
    r->next_seq_ = std::max(r->next_seq_, rec.seq + 1);
    e.record = std::move(rec);
    r->entities_.push_back(std::move(e));
    r->Index(r->entities_.size() - 1);
  }
  return r;
}

void Reconciler::Index(size_t i) {
  by_id_[entities_[i].record.entity_id] = i;
  for (const auto& [text, count] : entities_[i].variant_counts) {
    IndexText(i, text, CachedVariantKey(text));
  }
}

void Reconciler::IndexText(size_t i, const std::string& text,
                           std::string key) {
  Entity& e = entities_[i];
  const EntityType type = e.record.type;
  if (!e.keys.insert(key).second) return;
  std::vector<size_t>& holders = by_key_[{type, key}];
  holders.insert(std::lower_bound(holders.begin(), holders.end(), i), i);
  for (const std::string& b : CachedBlockingKeys(text, type)) {
    auto& list = by_block_[{type, b}];
    if (list.empty() || list.back() != i) list.push_back(i);
  }
}

size_t Reconciler::Owner(EntityType type, const std::string& key,
                         const std::vector<size_t>& holders) const {
  if (holders.size() > 1 && type == EntityType::kPerson && IsKanjiName(key)) {
    for (size_t i : holders) {
      if (!ExtendedIn(entities_[i].keys, key)) return i;
    }
  }
  return holders.front();
}

std::optional<size_t> Reconciler::FindOwner(EntityType type,
                                            const std::string& key) const {
  auto it = by_key_.find({type, key});
  if (it == by_key_.end() || it->second.empty()) return std::nullopt;
  return Owner(type, key, it->second);
}

std::string Reconciler::CachedVariantKey(std::string_view text) {
  return key_cache_.Get(text, [&] { return VariantKey(text); });
}

const std::vector<std::string>& Reconciler::CachedBlockingKeys(
    std::string_view name, EntityType type) {
  return blocking_cache_.Get(
      JoinKey({EntityTypeName(type), name}, &memo_key_),
      [&] { return matcher_->BlockingKeys(name, type); });
}

absl::Status Reconciler::AddEvidence(Entity* e, std::string_view variant,
                                     std::string_view rule, double score,
                                     std::string_view other) {
  // The store's key is (entity_id, variant, rule, other); lengths keep
  // the concatenation unambiguous.
  std::string key;
  key.reserve(48 + variant.size() + rule.size() + other.size());
  absl::StrAppend(&key, variant.size(), ":", rule.size(), ":");
  key.append(variant).append(rule).append(other);
  if (!e->evidence.insert(std::move(key)).second) {
    return absl::OkStatus();
  }
  return store_->AddEvidence({e->record.entity_id, std::string(variant),
                              std::string(rule), score, std::string(other)});
}

bool Reconciler::CachedSurnameCompatible(std::string_view full_name,
                                         std::string_view surname) {
  return surname_cache_.Get(JoinKey({full_name, surname}, &memo_key_), [&] {
    const std::shared_ptr<const PreparedName> f =
        CachedPreparedPerson(full_name);
    const std::shared_ptr<const PreparedName> s = CachedPreparedPerson(surname);
    return matcher_->SurnameCompatible(*f, *s);
  });
}

const NameMatch& Reconciler::CachedMatch(std::string_view a,
                                         std::string_view b, EntityType type) {
  return match_cache_.Get(
      JoinKey({EntityTypeName(type), a, b}, &memo_key_), [&] {
        if (type != EntityType::kPerson) return matcher_->Match(a, b, type);
        const std::shared_ptr<const PreparedName> pa = CachedPreparedPerson(a);
        const std::shared_ptr<const PreparedName> pb = CachedPreparedPerson(b);
        return matcher_->Match(*pa, *pb);
      });
}

std::shared_ptr<const PreparedName> Reconciler::CachedPreparedPerson(
    std::string_view name) {
  return prepared_cache_.Get(
      name, [&] { return matcher_->Prepare(name, EntityType::kPerson); });
}

bool Reconciler::SplitPair(std::string_view key_a,
                           std::string_view key_b) const {
  for (const auto& [a, b] : overrides_.split) {
    const std::string ka = VariantKey(a), kb = VariantKey(b);
    if ((key_a == ka && key_b == kb) || (key_a == kb && key_b == ka)) {
      return true;
    }
  }
  return false;
}

bool Reconciler::Forbidden(const Entity& e, std::string_view text) const {
  if (overrides_.split.empty()) return false;
  const std::string key = VariantKey(text);
  for (const auto& [a, b] : overrides_.split) {
    const std::string ka = VariantKey(a), kb = VariantKey(b);
    if ((key == ka && e.keys.count(kb)) || (key == kb && e.keys.count(ka))) {
      return true;
    }
  }
  return false;
}

std::string Reconciler::NewId(EntityType type, std::string_view text) const {
  const std::string base = absl::StrCat(
      std::string(IdPrefix(type)),
      Sha256Hex(absl::StrCat(std::string(EntityTypeName(type)), "\t", VariantKey(text)))
          .substr(0, 12));
  std::string id = base;
  for (int n = 2; by_id_.count(id); ++n) id = absl::StrCat(base, "-", n);
  return id;
}

void Reconciler::UpdateCanonical(Entity* e) const {
  if (e->record.canonical_locked) return;
  // Prefer a full Latin name, then any full name, then a name that does not
  // begin another (大河内信彦 over its surname 大河内), then the most
  // frequent.
  const auto& variants = e->variant_counts;
  auto rank = [&variants](const std::string& text, int64_t count) {
    const int full = IsMultiPart(text) ? 1 : 0;
    const int latin = full && corpus::HasLatinLetter(text) ? 1 : 0;
    auto next = variants.upper_bound(text);
    const int longest = next != variants.end() &&
                                next->first.compare(0, text.size(), text) == 0
                            ? 0
                            : 1;
    return std::make_tuple(latin, full, longest, count);
  };
  const std::string* best = nullptr;
  std::tuple<int, int, int, int64_t> best_rank{-1, -1, -1, -1};
  for (const auto& [text, count] : e->variant_counts) {
    auto r = rank(text, count);
    if (best == nullptr || r > best_rank) {
      best = &text;
      best_rank = r;
    }
  }
  if (best != nullptr) e->record.canonical = *best;
}

absl::Status Reconciler::Reconcile(std::string_view normalized,
                                   int64_t doc_seq,
                                   std::vector<StoredMention>* mentions) {
  std::vector<size_t> idx;  // mentions that take part
  for (size_t i = 0; i < mentions->size(); ++i) {
    if (IsNameType((*mentions)[i].type)) idx.push_back(i);
  }
  if (idx.empty()) return absl::OkStatus();
  const size_t n = idx.size();
  std::vector<std::string> keys(n);
  for (size_t k = 0; k < n; ++k) {
    keys[k] = CachedVariantKey((*mentions)[idx[k]].text);
  }
  std::vector<std::string> rule(n, "new");

  UnionFind uf(n);
  // Split overrides hold inside a document too: two groups stay apart when
  // any of their texts are a split pair.
  auto can_union = [&](size_t x, size_t y) {
    if (overrides_.split.empty()) return true;
    const size_t rx = uf.Find(x), ry = uf.Find(y);
    if (rx == ry) return true;
    for (size_t i = 0; i < n; ++i) {
      if (uf.Find(i) != rx) continue;
      for (size_t j = 0; j < n; ++j) {
        if (uf.Find(j) == ry && SplitPair(keys[i], keys[j])) return false;
      }
    }
    return true;
  };
  std::map<std::string, size_t> first_of_key;
  std::vector<size_t> pos_of(mentions->size(), n);
  for (size_t k = 0; k < n; ++k) pos_of[idx[k]] = k;
  for (size_t k = 0; k < n; ++k) {
    const StoredMention& m = (*mentions)[idx[k]];
    auto [it, inserted] =
        first_of_key.emplace(
            std::string(JoinKey({EntityTypeName(m.type), keys[k]}, &memo_key_)),
            k);
    if (!inserted) uf.Union(it->second, k);
    // Glosses and abbreviations.
    if (m.alias_of) {
      const size_t target = *m.alias_of;
      if (target < pos_of.size() && pos_of[target] < n &&
          (*mentions)[target].type == m.type && can_union(pos_of[target], k)) {
        uf.Union(pos_of[target], k);
        rule[k] = "doc:alias";
      }
    }
  }
  // An organisation glossed in parentheses by a shorter mention of its type
  // that fills them exactly: 日本銀行(日銀), 国際通貨基金(IMF). (The
  // extractor records some of these as `alias_of`, not those whose both
  // sides another extractor found.) Mentions are in text order.
  for (size_t k = 0; k < n; ++k) {
    const StoredMention& m = (*mentions)[idx[k]];
    if (m.type != EntityType::kCompany && m.type != EntityType::kOrg) continue;
    const uint32_t open = m.norm_end;
    if (open >= normalized.size() || normalized[open] != '(') continue;
    for (size_t j = k + 1; j < n; ++j) {
      const StoredMention& g = (*mentions)[idx[j]];
      if (g.norm_begin > open + 1) break;
      if (g.norm_begin != open + 1 || g.norm_end >= normalized.size() ||
          normalized[g.norm_end] != ')' || (*mentions)[idx[j]].type != m.type) {
        continue;
      }
      // Only a shorter name glosses: ユニクロ(ファーストリテイリング) names
      // the parent company, not the same one.
      if (CountCodePoints((*mentions)[idx[j]].text) <
              CountCodePoints(m.text) &&
          uf.Find(k) != uf.Find(j) && can_union(k, j)) {
        uf.Union(k, j);
        if (rule[j] == "new") rule[j] = "doc:paren";
      }
      break;
    }
  }
  // Full names of the document that the matcher calls the same.
  std::vector<size_t> full;
  for (const auto& [key, k] : first_of_key) {
    if (IsMultiPart((*mentions)[idx[k]].text)) full.push_back(k);
  }
  std::sort(full.begin(), full.end());
  for (size_t a = 0; a < full.size(); ++a) {
    for (size_t b = a + 1; b < full.size(); ++b) {
      const StoredMention& ma = (*mentions)[idx[full[a]]];
      const StoredMention& mb = (*mentions)[idx[full[b]]];
      if (ma.type != mb.type || uf.Find(full[a]) == uf.Find(full[b]) ||
          !can_union(full[a], full[b])) {
        continue;
      }
      if (CachedMatch(ma.text, mb.text, ma.type).same) {
        uf.Union(full[a], full[b]);
        rule[full[b]] = "doc:match";
      }
    }
  }
  // A lone surname joins the only full name of the document it fits. Kanji
  // full names have no separator: every kanji PERSON name is a possible full
  // name, and a shorter kanji name that begins it is its surname
  // (大河内信彦 ... 大河内被告; SurnameCompatible).
  std::vector<size_t> full_or_kanji = full;
  for (const auto& [key, k] : first_of_key) {
    const StoredMention& m = (*mentions)[idx[k]];
    if (m.type == EntityType::kPerson && IsKanjiName(m.text)) {
      full_or_kanji.push_back(k);
    }
  }
  std::sort(full_or_kanji.begin(), full_or_kanji.end());
  for (const auto& [key, k] : first_of_key) {
    const StoredMention& m = (*mentions)[idx[k]];
    if (m.type != EntityType::kPerson || IsMultiPart(m.text)) continue;
    std::set<size_t> groups;
    for (size_t f : full_or_kanji) {
      if (f == k) continue;
      const StoredMention& mf = (*mentions)[idx[f]];
      if (mf.type == EntityType::kPerson &&
          CachedSurnameCompatible(mf.text, m.text)) {
        groups.insert(uf.Find(f));
      }
    }
    if (groups.size() == 1 && can_union(*groups.begin(), k)) {
      uf.Union(*groups.begin(), k);
      rule[k] = "doc:surname";
    }
  }

  // Each group, in order of first mention; groups of lone katakana or Latin
  // PERSON names (no full name joined them) come last, so that they can be
  // checked against the entities of the full names of the document.
  std::map<size_t, std::vector<size_t>> by_root;
  for (size_t k = 0; k < n; ++k) by_root[uf.Find(k)].push_back(k);
  std::vector<std::pair<size_t, std::vector<size_t>>> groups(
      std::make_move_iterator(by_root.begin()),
      std::make_move_iterator(by_root.end()));
  auto lone_only = [&](const std::pair<size_t, std::vector<size_t>>& g) {
    return (*mentions)[idx[g.first]].type == EntityType::kPerson &&
           std::none_of(g.second.begin(), g.second.end(), [&](size_t k) {
             const std::string& t = (*mentions)[idx[k]].text;
             return IsMultiPart(t) || IsKanjiName(t);
           });
  };
  const size_t first_lone =
      std::stable_partition(groups.begin(), groups.end(),
                            [&](const auto& g) { return !lone_only(g); }) -
      groups.begin();
  // The entities of this document's groups with a full PERSON name.
  std::vector<size_t> full_entities;
  // Context for close calls: the entities that other names of the document
  // have as variants, as the registry stood before this document (entities
  // made by this document are left out, so the answer does not depend on
  // the order of its groups). Looked up on the first close call.
  const int64_t first_new_seq = next_seq_;
  std::vector<std::optional<size_t>> exact_owner;
  auto other_entities = [&](const std::vector<size_t>& members,
                            size_t except) {
    if (exact_owner.empty()) {
      exact_owner.resize(n);
      for (size_t k = 0; k < n; ++k) {
        exact_owner[k] = FindOwner((*mentions)[idx[k]].type, keys[k]);
      }
    }
    std::vector<std::string> out;
    for (size_t k = 0; k < n; ++k) {
      const std::optional<size_t> o = exact_owner[k];
      if (!o || *o == except || entities_[*o].record.seq >= first_new_seq ||
          std::find(members.begin(), members.end(), k) != members.end()) {
        continue;
      }
      out.push_back(entities_[*o].record.entity_id);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  for (size_t gi = 0; gi < groups.size(); ++gi) {
    const size_t root = groups[gi].first;
    const std::vector<size_t>& members = groups[gi].second;
    const EntityType type = (*mentions)[idx[root]].type;
    size_t entity = entities_.size();  // none yet
    std::string how, other;
    double score = 1.0;
    // A bare kanji name that an entity knows only as the beginning of a
    // longer name (its surname, joined in some document) does not join that
    // entity from another document: 大河内 alone may be any 大河内. Such a
    // group gets an entity of its own, which later bare mentions then find
    // (`Owner` prefers it).
    for (size_t k : members) {
      const std::string& text = (*mentions)[idx[k]].text;
      const bool kanji = type == EntityType::kPerson && IsKanjiName(text);
      // A kanji surname joined in this document follows its full name: it
      // never looks up the registry itself, however often it occurs, or a
      // namesake's entity would capture the group.
      if (kanji && std::any_of(members.begin(), members.end(), [&](size_t j) {
            return keys[j].size() > keys[k].size() &&
                   keys[j].compare(0, keys[k].size(), keys[k]) == 0;
          })) {
        continue;
      }
      const std::optional<size_t> owner = FindOwner(type, keys[k]);
      if (!owner || Forbidden(entities_[*owner], text)) continue;
      if (kanji && ExtendedIn(entities_[*owner].keys, keys[k])) continue;
      entity = *owner;
      how = "exact";
      other = text;
      break;
    }
    // A lone surname that fits no full name of the document as written may
    // fit another spelling the registry has for one of them (イリヤ・
    // サツケヴァー is known as Ilya Sutskever: スズクヴァ fits Sutskever).
    // Only when exactly one entity of the document's full names fits.
    if (entity == entities_.size() && gi >= first_lone &&
        !full_entities.empty()) {
      size_t fit = entities_.size();
      const std::string* fit_variant = nullptr;
      bool ambiguous = false;
      for (size_t c : full_entities) {
        if (c == fit) continue;
        for (const auto& variant_count : entities_[c].variant_counts) {
          // Named, not a structured binding: clang 14 cannot capture one in
          // the lambda below.
          const std::string& variant = variant_count.first;
          if (!IsMultiPart(variant)) continue;
          const bool fits = std::any_of(
              members.begin(), members.end(), [&](size_t k) {
                return CachedSurnameCompatible(variant,
                                               (*mentions)[idx[k]].text);
              });
          if (!fits) continue;
          if (fit != entities_.size()) ambiguous = true;
          fit = c;
          fit_variant = &variant;
          break;
        }
        if (ambiguous) break;
      }
      if (!ambiguous && fit != entities_.size() &&
          std::none_of(members.begin(), members.end(), [&](size_t k) {
            return Forbidden(entities_[fit], (*mentions)[idx[k]].text);
          })) {
        entity = fit;
        how = "doc:surname-variant";
        other = *fit_variant;
      }
    }
    std::vector<std::pair<std::string, NameMatch>> kept_apart;
    if (entity == entities_.size()) {
      double best = -1;
      for (size_t k : members) {
        const std::string& text = (*mentions)[idx[k]].text;
        if (!IsMultiPart(text) && type == EntityType::kPerson) continue;
        std::set<size_t> candidates;
        for (const std::string& b : CachedBlockingKeys(text, type)) {
          auto it = by_block_.find({type, b});
          if (it == by_block_.end()) continue;
          candidates.insert(it->second.begin(), it->second.end());
        }
        for (size_t c : candidates) {
          if (Forbidden(entities_[c], text)) continue;
          for (const auto& [variant, count] : entities_[c].variant_counts) {
            if (type == EntityType::kPerson && !IsMultiPart(variant)) continue;
            const NameMatch& found = CachedMatch(text, variant, type);
            const bool close = matcher_->IsCloseCall(found);
            if ((!found.same && !close) || found.score <= best) continue;
            // A copy: the context lookup below may flush the store, and
            // `found` is valid only until the next CachedMatch.
            const NameMatch m = found;
            std::string context;
            if (close) {
              // Spelling barely decides: the documents do. Just above the
              // threshold, a pair stays apart when the contexts disagree;
              // just below, it joins only when they agree.
              ASSIGN_OR_RETURN(
                  const ContextVerdict verdict,
                  CompareContext(c, other_entities(members, c), doc_seq));
              if (m.same ? verdict.disagrees : !verdict.agrees) {
                if (m.same) kept_apart.emplace_back(variant, m);
                continue;
              }
              context = verdict.evidence;
            }
            best = m.score;
            entity = c;
            how = absl::StrCat("match: ", m.why, context);
            other = variant;
            score = m.score;
          }
        }
      }
    }
    const bool is_new = entity == entities_.size();
    if (is_new) {
      Entity e;
      e.record.entity_id = NewId(type, (*mentions)[idx[root]].text);
      e.record.type = type;
      e.record.seq = next_seq_++;
      entities_.push_back(std::move(e));
      by_id_[entities_.back().record.entity_id] = entity;
    }
    Entity& e = entities_[entity];
    // text -> (count, the member it was first seen at).
    std::map<std::string, std::pair<int64_t, size_t>> added;
    for (size_t k : members) {
      StoredMention& m = (*mentions)[idx[k]];
      m.entity_id = e.record.entity_id;
      ++added.try_emplace(m.text, 0, k).first->second.first;
    }
    // Texts the entity did not have yet, to index below (the others are).
    std::vector<std::pair<const std::string*, size_t>> new_texts;
    for (const auto& [text, count_and_member] : added) {
      const auto [count, member] = count_and_member;
      auto [it, inserted] = e.variant_counts.try_emplace(text, 0);
      it->second += count;
      if (inserted) new_texts.emplace_back(&it->first, member);
      if (e.unwritten.empty()) unwritten_entities_.push_back(entity);
      e.unwritten[text] += count;
      if (!how.empty() && text == (*mentions)[idx[members.front()]].text) {
        RETURN_IF_ERROR(AddEvidence(&e, text, how, score, other));
      }
    }
    for (const auto& [variant, m] : kept_apart) {
      // A close call that the documents kept apart (unless the group
      // joined that very spelling's entity another way).
      if (e.variant_counts.count(variant) > 0) continue;
      RETURN_IF_ERROR(AddEvidence(
          &e, (*mentions)[idx[members.front()]].text,
          absl::StrCat("apart: close call (", m.why,
                       "); the documents share no entity"),
          m.score, variant));
    }
    for (size_t k : members) {
      if (rule[k] != "new") {
        RETURN_IF_ERROR(AddEvidence(&e, (*mentions)[idx[k]].text, rule[k], 1.0,
                                    (*mentions)[idx[root]].text));
      }
    }
    unwritten_docs_.emplace_back(entity, doc_seq);
    const std::string canonical = e.record.canonical;
    UpdateCanonical(&e);
    // The stored row changes only with the canonical name.
    if (is_new || e.record.canonical != canonical) {
      RETURN_IF_ERROR(store_->PutEntity(e.record));
    }
    by_id_[e.record.entity_id] = entity;
    for (const auto& [text, member] : new_texts) {
      IndexText(entity, *text, keys[member]);
    }
    if (type == EntityType::kPerson && gi < first_lone &&
        std::any_of(members.begin(), members.end(), [&](size_t k) {
          return IsMultiPart((*mentions)[idx[k]].text);
        }) &&
        std::find(full_entities.begin(), full_entities.end(), entity) ==
            full_entities.end()) {
      full_entities.push_back(entity);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Reconciler::ContextVerdict> Reconciler::CompareContext(
    size_t entity, const std::vector<std::string>& doc_entities,
    int64_t doc_seq) {
  constexpr int64_t kContextDocs = 100;
  if (context_doc_ != doc_seq) {
    context_doc_ = doc_seq;
    context_cache_.clear();
  }
  auto cached = context_cache_.find(entity);
  if (cached == context_cache_.end()) {
    // The entity's documents of this transaction are in the store only
    // after a flush.
    RETURN_IF_ERROR(Flush());
    ASSIGN_OR_RETURN(std::vector<std::string> ids,
                     store_->CooccurringEntities(
                         entities_[entity].record.entity_id, doc_seq,
                         kContextDocs));
    cached = context_cache_.emplace(entity, std::move(ids)).first;
  }
  const std::vector<std::string>& theirs = cached->second;
  std::vector<std::string> shared;
  std::set_intersection(doc_entities.begin(), doc_entities.end(),
                        theirs.begin(), theirs.end(),
                        std::back_inserter(shared));
  ContextVerdict v;
  if (!shared.empty()) {
    v.agrees = true;
    std::vector<std::string> names;
    for (const std::string& id : shared) {
      if (names.size() == 3) break;
      auto it = by_id_.find(id);
      names.push_back(it == by_id_.end() ? id
                                         : entities_[it->second].record.canonical);
    }
    v.evidence = absl::StrCat("; close call, the documents agree (both mention ",
                              absl::StrJoin(names, ", "), ")");
  } else {
    v.disagrees = doc_entities.size() >= 2 && theirs.size() >= 2;
  }
  return v;
}

absl::Status Reconciler::Flush() {
  for (size_t i : unwritten_entities_) {
    Entity& e = entities_[i];
    for (const auto& [text, count] : e.unwritten) {
      RETURN_IF_ERROR(store_->AddVariant(e.record.entity_id, text, count));
    }
    e.unwritten.clear();
  }
  unwritten_entities_.clear();
  std::vector<std::pair<std::string_view, int64_t>> rows;
  rows.reserve(unwritten_docs_.size());
  for (const auto& [entity, doc_seq] : unwritten_docs_) {
    rows.emplace_back(entities_[entity].record.entity_id, doc_seq);
  }
  RETURN_IF_ERROR(store_->AddEntityDocs(rows));
  unwritten_docs_.clear();
  return absl::OkStatus();
}

absl::Status Reconciler::MergeInto(size_t keep, size_t gone) {
  Entity& k = entities_[keep];
  Entity& g = entities_[gone];
  for (const auto& [text, count] : g.variant_counts) {
    k.variant_counts[text] += count;
    RETURN_IF_ERROR(store_->AddVariant(k.record.entity_id, text, count));
  }
  RETURN_IF_ERROR(
      store_->CopyEntityDocs(g.record.entity_id, k.record.entity_id));
  RETURN_IF_ERROR(AddEvidence(&k, g.record.canonical, "override:merge", 1.0,
                              g.record.entity_id));
  RETURN_IF_ERROR(store_->SetMentionEntity(g.record.entity_id,
                                           k.record.entity_id));
  RETURN_IF_ERROR(store_->DeleteEntity(g.record.entity_id));
  UpdateCanonical(&k);
  RETURN_IF_ERROR(store_->PutEntity(k.record));
  // The gone entity's keys are the kept one's now (`Index(keep)` below
  // adds it as a holder); keep indexes stable.
  for (const std::string& key : g.keys) {
    std::vector<size_t>& holders = by_key_[{g.record.type, key}];
    holders.erase(std::remove(holders.begin(), holders.end(), gone),
                  holders.end());
  }
  by_id_.erase(g.record.entity_id);
  g.variant_counts.clear();
  g.keys.clear();
  g.evidence.clear();  // DeleteEntity removed its rows
  g.record.entity_id.clear();
  Index(keep);
  return absl::OkStatus();
}

absl::Status Reconciler::SplitOff(size_t from, const std::string& name) {
  const std::string key = VariantKey(name);
  std::set<std::string> texts;
  for (const auto& [text, count] : entities_[from].variant_counts) {
    if (CachedVariantKey(text) == key) texts.insert(text);
  }
  // Nothing to split off, or nothing would be left.
  if (texts.empty() ||
      texts.size() == entities_[from].variant_counts.size()) {
    return absl::OkStatus();
  }
  Entity split;
  split.record.type = entities_[from].record.type;
  split.record.entity_id = NewId(split.record.type, name);
  split.record.canonical = name;
  split.record.seq = next_seq_++;
  RETURN_IF_ERROR(store_->PutEntity(split.record));
  entities_.push_back(std::move(split));
  const size_t to = entities_.size() - 1;
  Entity& e = entities_[from];
  Entity& n = entities_[to];
  for (const std::string& text : texts) {
    const int64_t count = e.variant_counts[text];
    e.variant_counts.erase(text);
    n.variant_counts[text] = count;
    RETURN_IF_ERROR(store_->DeleteVariant(e.record.entity_id, text));
    RETURN_IF_ERROR(store_->AddVariant(n.record.entity_id, text, count));
  }
  RETURN_IF_ERROR(
      store_->MoveMentions(e.record.entity_id, texts, n.record.entity_id));
  RETURN_IF_ERROR(AddEvidence(&n, name, "override:split", 1.0,
                              e.record.entity_id));
  e.keys.erase(key);
  std::vector<size_t>& holders = by_key_[{e.record.type, key}];
  holders.erase(std::remove(holders.begin(), holders.end(), from),
                holders.end());
  UpdateCanonical(&e);
  RETURN_IF_ERROR(store_->PutEntity(e.record));
  UpdateCanonical(&n);
  RETURN_IF_ERROR(store_->PutEntity(n.record));
  Index(to);
  return absl::OkStatus();
}

std::vector<std::string> Reconciler::UnmatchedOverrides() const {
  auto known = [&](const std::string& name) {
    const std::string key = VariantKey(name);
    for (EntityType t :
         {EntityType::kPerson, EntityType::kCompany, EntityType::kOrg,
          EntityType::kProduct}) {
      if (FindOwner(t, key)) return true;
    }
    return false;
  };
  std::vector<std::string> out;
  for (const Overrides::Line& line : overrides_.lines) {
    std::vector<std::string> missing;
    if (!known(line.a)) missing.push_back(line.a);
    if (line.action != "canonical" && !known(line.b)) missing.push_back(line.b);
    if (missing.empty()) continue;
    out.push_back(absl::StrCat(
        line.where, ": ", line.action, " ", line.a, " / ", line.b,
        ": no entity has the name ", absl::StrJoin(missing, " or ")));
  }
  return out;
}

absl::StatusOr<int> Reconciler::ApplyOverrides() {
  // Merges delete the rows of merged entities: nothing may be held back.
  RETURN_IF_ERROR(Flush());
  auto find = [&](const std::string& name) -> std::optional<size_t> {
    const std::string key = VariantKey(name);
    for (EntityType t :
         {EntityType::kPerson, EntityType::kCompany, EntityType::kOrg}) {
      if (std::optional<size_t> owner = FindOwner(t, key)) return owner;
    }
    return std::nullopt;
  };
  int merges = 0;
  for (const auto& [a, b] : overrides_.merge) {
    auto ea = find(a), eb = find(b);
    if (!ea || !eb || *ea == *eb) continue;
    const size_t keep = entities_[*ea].record.seq <= entities_[*eb].record.seq ? *ea : *eb;
    RETURN_IF_ERROR(MergeInto(keep, keep == *ea ? *eb : *ea));
    ++merges;
  }
  for (const auto& [a, b] : overrides_.split) {
    auto ea = find(a), eb = find(b);
    if (!ea || !eb || *ea != *eb || VariantKey(a) == VariantKey(b)) continue;
    RETURN_IF_ERROR(SplitOff(*ea, b));
    ++merges;
  }
  for (const auto& [name, canonical] : overrides_.canonical) {
    auto e = find(name);
    if (!e) continue;
    Entity& ent = entities_[*e];
    if (ent.record.canonical == canonical && ent.record.canonical_locked) continue;
    ent.record.canonical = canonical;
    ent.record.canonical_locked = true;
    RETURN_IF_ERROR(store_->PutEntity(ent.record));
  }
  return merges;
}

}  // namespace kiji::reconcile
