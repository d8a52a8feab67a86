// Reconciler: assigns every PERSON / COMPANY / ORG mention a stable entity id
// from the corpus-wide registry that lives in the store.
//
// Per document, in ingest order:
//  1. Local groups. Mentions with the same text, a gloss or abbreviation and
//     its long form (`Mention::alias_of`, or a COMPANY/ORG mention whose
//     parentheses another mention of its type fills exactly: 日本銀行(日銀)),
//     and a lone surname with the only full name of the document whose
//     surname it matches (`NameMatcher::SurnameCompatible`) form one group;
//     so do two full names of the document that `NameMatcher::Match` calls
//     the same. Kanji names have no separator: any kanji PERSON name is a
//     possible full name, and a shorter kanji name that begins it its surname
//     (大河内信彦 ... 大河内被告); two full names that fit leave the surname
//     alone.
//  2. Lookup. A group joins the registry entity that has one of its texts as
//     a variant (exact, after NFKC and case folding of Latin); else the
//     entity whose variants best match one of the group's full names
//     (`NameMatcher::Match`, same threshold as `kiji match`), among the
//     candidates that share a blocking key. A group made only of a lone
//     surname joins only by exact variant text: a bare surname is too weak to
//     link across documents. Except inside its document: a group of lone
//     katakana or Latin names that fit no full name of the document as
//     written joins the entity of one of them when that entity has a full
//     name the surname fits (スズクヴァ: the entity of イリヤ・サツケヴァー is
//     also Ilya Sutskever), and only one entity of the document fits.
//     Kanji: a surname joined in step 1 is not looked up by its text; and a
//     bare kanji name (a group without a longer name beginning with it) does
//     not join an entity that has it only as the beginning of a longer name:
//     it gets, and later shares, an entity of its own.
//     A close call (`NameMatcher::IsCloseCall`: a score within 0.05 of its
//     threshold) is decided by context, not spelling alone: the entities
//     the other names of the document already have (by exact variant text)
//     are compared with the entities of the candidate's latest 100
//     documents. Just above the threshold, the group stays apart when both
//     sides have at least two such entities and share none (evidence
//     "apart: close call ..." on the group's entity); just below, it joins
//     only when they share one (named in the merge evidence).
//  3. Otherwise a new entity is created. Its id is "P-"/"C-"/"O-" followed by
//     the first 12 hex digits of SHA-256(type, first text): independent of
//     batch boundaries and of other documents, so shards can be merged.
// Ids that exist never change; variants, counts, documents and the evidence
// of every merge (rule, score, matched variant) accumulate in the store.
//
// Overrides (user file, applied on every run; `#` comments, tab-separated):
//   merge      NAME_A  NAME_B   treat the two as one entity
//   split      NAME_A  NAME_B   never put them in one entity (inside a
//                               document too)
//   canonical  NAME    CANON    the entity with variant NAME is shown as CANON
//
// Not thread-safe: called by the pipeline's single writer. What it holds in
// memory mirrors the store as of its last writes: after a transaction is
// rolled back, create a new one.
#ifndef KIJI_RECONCILE_RECONCILER_H_
#define KIJI_RECONCILE_RECONCILER_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "corpus/document.h"
#include "reconcile/name_matcher.h"
#include "store/store.h"

namespace kiji::reconcile {

struct Overrides {
  std::vector<std::pair<std::string, std::string>> merge;
  std::vector<std::pair<std::string, std::string>> split;
  std::vector<std::pair<std::string, std::string>> canonical;
  // Every line, for messages: "FILE:N" and the action with its names.
  struct Line {
    std::string where;  // "overrides.tsv:3"
    std::string action;
    std::string a, b;
  };
  std::vector<Line> lines;
};

// Parses an overrides file; errors name the line.
absl::StatusOr<Overrides> LoadOverrides(const std::string& path);

// The key under which variant texts are compared exactly: NFKC, Latin lower
// case, separators (・ = space) unified.
std::string VariantKey(std::string_view text);

class Reconciler {
 public:
  // Loads the registry from `store` (not owned; must outlive this).
  static absl::StatusOr<std::unique_ptr<Reconciler>> Create(
      store::Store* store, const NameMatcher* matcher, Overrides overrides = {});

  // Sets `entity_id` on the PERSON/COMPANY/ORG mentions of `mentions` (a
  // document's mentions in stored form, in text order, with their spans in
  // `normalized`, the document's normalised text) and records them in the
  // registry. Reads nothing else of the document, so stored documents are
  // reconciled again (`kiji merge`) exactly as they were at ingest. Call inside the store transaction of the document, and
  // `Flush` before committing it: the variant counts of the documents of a
  // transaction are added up in memory and written by `Flush` (one row
  // update per variant instead of one per document), with the entities'
  // documents (a few statements instead of one per row).
  // `doc_seq` is the insertion number the document is stored with.
  absl::Status Reconcile(std::string_view normalized, int64_t doc_seq,
                         std::vector<store::StoredMention>* mentions);

  // Writes to the store what `Reconcile` holds back (variant counts, the
  // entities' documents). Call inside the transaction, before committing it.
  absl::Status Flush();

  // Applies `merge`, `split` and `canonical` overrides to entities that
  // exist now (flushing first). A `split A B` whose names are one entity
  // now splits B (with the variants of the same key) off into an entity of
  // its own, with its mentions and documents.
  // Returns the number of merges and splits, each of which changes the
  // `entity_id` of stored mentions.
  absl::StatusOr<int> ApplyOverrides();

  // The override lines that match nothing in the registry, one message each
  // ("overrides.tsv:3: merge ゲイツ / Gates: no entity has the name
  // ゲイツ"): a merge or split whose names are not both known, a canonical
  // whose name is not.
  std::vector<std::string> UnmatchedOverrides() const;

  size_t entity_count() const { return entities_.size(); }

 private:
  struct Entity {
    store::EntityRecord record;
    std::map<std::string, int64_t> variant_counts;  // text -> count
    std::set<std::string> keys;                      // VariantKey of variants
    // The (variant, rule, other) keys of the evidence rows of this entity
    // that this reconciler wrote (or found) in the store: writing one again
    // would change nothing (see AddEvidence).
    absl::flat_hash_set<std::string> evidence;
    // Count increments of `variant_counts` not yet in the store (Flush).
    std::map<std::string, int64_t> unwritten;
  };

  Reconciler(store::Store* store, const NameMatcher* matcher, Overrides overrides)
      : store_(store), matcher_(matcher), overrides_(std::move(overrides)) {}

  void Index(size_t entity);
  // Indexes one variant text of `entity` whose VariantKey is `key` (no-op
  // when the key is indexed).
  void IndexText(size_t entity, const std::string& text, std::string key);
  // VariantKey(text), remembered (texts recur from document to document).
  std::string CachedVariantKey(std::string_view text);
  // Records evidence for `e` in the store unless this reconciler already has
  // (the store keeps the first row of each key; see Store::AddEvidence).
  absl::Status AddEvidence(Entity* e, std::string_view variant,
                           std::string_view rule, double score,
                           std::string_view other);
  // matcher_->Match, remembered: the same pairs of names come back in
  // document after document (bounded; cleared when full).
  // The result is valid until the next call.
  const NameMatch& CachedMatch(std::string_view a, std::string_view b,
                               corpus::EntityType type);
  // matcher_->SurnameCompatible, remembered likewise.
  bool CachedSurnameCompatible(std::string_view full_name,
                               std::string_view surname);
  bool Forbidden(const Entity& e, std::string_view text) const;
  // True when a `split` override names the two `VariantKey`s.
  bool SplitPair(std::string_view key_a, std::string_view key_b) const;
  std::string NewId(corpus::EntityType type, std::string_view text) const;
  void UpdateCanonical(Entity* e) const;
  absl::Status MergeInto(size_t keep, size_t gone);
  // Moves the variants of `entity` with the key of `name` into a new entity.
  absl::Status SplitOff(size_t entity, const std::string& name);

  // Whether the documents of entity `entity` and the document being
  // reconciled (`doc_seq`, whose other names have the entities
  // `doc_entities`) are about the same things: for close calls.
  struct ContextVerdict {
    bool agrees = false;     // they share an entity
    bool disagrees = false;  // both have >= 2 entities, none shared
    std::string evidence;    // for the merge evidence ("; close call, ...")
  };
  absl::StatusOr<ContextVerdict> CompareContext(
      size_t entity, const std::vector<std::string>& doc_entities,
      int64_t doc_seq);
  // Store::CooccurringEntities of entities compared while reconciling
  // document `context_doc_`.
  int64_t context_doc_ = -1;
  std::map<size_t, std::vector<std::string>> context_cache_;

  store::Store* store_;
  const NameMatcher* matcher_;
  Overrides overrides_;
  std::vector<Entity> entities_;  // registry, in creation order
  // The entities with `unwritten` counts, in the order they got them.
  std::vector<size_t> unwritten_entities_;
  // (entity, document seq) pairs not yet in the store's entity_docs (Flush).
  std::vector<std::pair<size_t, int64_t>> unwritten_docs_;
  std::unordered_map<std::string, size_t> by_id_;
  // (type, VariantKey) -> the entities that have a variant with that key,
  // in registry (seq) order. Which one a lookup finds is `Owner`: a
  // function of the registry alone, never of the order in which the
  // entities got the key, so a run resumed after a stop (which reloads the
  // registry from the store) or a corpus ingested over several days
  // resolves every shared variant as one uninterrupted run does.
  std::map<std::pair<corpus::EntityType, std::string>, std::vector<size_t>> by_key_;
  // The entity a lookup of `key` finds among `holders` (non-empty, seq
  // order): for a bare kanji PERSON name, an entity that has it as a name
  // of its own rather than only as the beginning of a longer name (its
  // surname); then the oldest entity.
  size_t Owner(corpus::EntityType type, const std::string& key,
               const std::vector<size_t>& holders) const;
  // Owner of (type, key), or nullopt when no entity has the key.
  std::optional<size_t> FindOwner(corpus::EntityType type,
                                  const std::string& key) const;
  // (type, blocking key) -> entity indexes.
  std::map<std::pair<corpus::EntityType, std::string>, std::vector<size_t>> by_block_;
  int64_t next_seq_ = 1;
  // Results of a pure function by key; bounded: forgotten all at once when
  // full (the same name pairs recur within a stretch of the corpus).
  template <typename V>
  class Memo {
   public:
    // `compute()` when `key` is new, else the remembered value; `key` is
    // copied only then, and must stay unchanged while `compute` runs. The
    // result is valid until the next call.
    template <typename Compute>
    const V& Get(std::string_view key, const Compute& compute) {
      // Debian's Abseil has its own string_view type (not std's).
      const absl::string_view k(key.data(), key.size());
      auto it = values_.find(k);
      if (it != values_.end()) return it->second;
      if (values_.size() >= kMaxEntries) values_.clear();
      return values_.try_emplace(std::string(key), compute()).first->second;
    }

   private:
    static constexpr size_t kMaxEntries = size_t{1} << 18;
    absl::flat_hash_map<std::string, V> values_;
  };
  // matcher_->BlockingKeys, remembered (variants are indexed, and names
  // looked up, document after document). The result is valid until the next
  // call.
  const std::vector<std::string>& CachedBlockingKeys(std::string_view name,
                                                     corpus::EntityType type);
  // matcher_->Prepare of a PERSON name, remembered: a variant is matched
  // against the names of document after document. Shared so that a result
  // outlives the memo being cleared.
  std::shared_ptr<const PreparedName> CachedPreparedPerson(
      std::string_view name);
  // Scratch for composing memo keys without allocating per lookup. Only the
  // memos keyed by it may use it: a key must not change while it is looked up.
  std::string memo_key_;
  Memo<std::string> key_cache_;
  Memo<NameMatch> match_cache_;
  Memo<bool> surname_cache_;
  Memo<std::vector<std::string>> blocking_cache_;
  Memo<std::shared_ptr<const PreparedName>> prepared_cache_;  // by text
};

}  // namespace kiji::reconcile

#endif  // KIJI_RECONCILE_RECONCILER_H_
