#include "reconcile/reconciler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "corpus/status_macros.h"
#include "reconcile/name_matcher.h"
#include "store/store.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/store_fixture.h"

namespace kiji::reconcile {

using corpus::EntityType;
using store::EntityRecord;
using store::Store;
using store::StoredDocument;
using store::StoredMention;
namespace {

using ::kiji::testing::Doc;
using ::kiji::testing::RawSql;

std::string TempPath(const std::string& name) {
  return ::kiji::testing::TempPath("kiji_reconciler_test", name);
}

// Reconciles `doc` and its `mentions`, stores them as document `doc_id`
// numbered `seq`; returns the entity id of each mention.
absl::StatusOr<std::vector<std::string>> StoreReconciled(
    Store* store, Reconciler* reconciler, std::string_view normalized,
    const std::string& doc_id, int64_t seq,
    std::vector<StoredMention> mentions) {
  RETURN_IF_ERROR(reconciler->Reconcile(normalized, seq, &mentions));
  StoredDocument stored = Doc(doc_id);
  stored.seq = seq;
  RETURN_IF_ERROR(store->PutDocument(stored, mentions));
  std::vector<std::string> ids;
  for (const StoredMention& m : mentions) ids.push_back(m.entity_id);
  return ids;
}

// Reconciles `texts` (PERSON mentions) as one document stored with `seq`;
// returns the entity id of each mention.
absl::StatusOr<std::vector<std::string>> ReconcileIds(
    Store* store, Reconciler* reconciler, const std::string& doc_id,
    int64_t seq, const std::vector<std::string>& texts) {
  std::vector<StoredMention> mentions;
  for (const std::string& text : texts) {
    StoredMention s;
    s.type = EntityType::kPerson;
    s.text = text;
    mentions.push_back(s);
  }
  return StoreReconciled(store, reconciler, "", doc_id, seq,
                         std::move(mentions));
}

absl::Status ReconcileDoc(Store* store, Reconciler* reconciler,
                          const std::string& doc_id, int64_t seq,
                          const std::vector<std::string>& texts) {
  return ReconcileIds(store, reconciler, doc_id, seq, texts).status();
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// entity_id|text|count of every variant row, sorted.
std::vector<std::string> Variants(const std::string& path) {
  return Sorted(RawSql(path, "SELECT entity_id, text, count FROM variants"));
}

TEST(ReconcilerTest, VariantCountsOfABatchAreWrittenByFlush) {
  const std::string path = TempPath("flush.db");
  ASSERT_OK_AND_ASSIGN(auto matcher, NameMatcher::Create({}));
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  ASSERT_OK_AND_ASSIGN(auto reconciler,
                       Reconciler::Create(store.get(), matcher.get()));
  ASSERT_OK(store->Begin());
  ASSERT_OK(ReconcileDoc(store.get(), reconciler.get(), "d1", 1,
                         {"ゲイツ", "ゲイツ", "ジョブズ"}));
  ASSERT_OK(ReconcileDoc(store.get(), reconciler.get(), "d2", 2,
                         {"ゲイツ"}));
  ASSERT_OK(reconciler->Flush());
  ASSERT_OK(store->Commit());
  ASSERT_OK(store->Begin());
  ASSERT_OK(ReconcileDoc(store.get(), reconciler.get(), "d3", 3,
                         {"ジョブズ", "ゲイツ"}));
  ASSERT_OK(reconciler->Flush());
  ASSERT_OK(reconciler->Flush());  // nothing left to write
  ASSERT_OK(store->Commit());
  ASSERT_OK_AND_ASSIGN(auto registry, store->LoadRegistry());
  ASSERT_EQ(registry.size(), 2u);
  const std::string gates = registry[0].entity_id;
  const std::string jobs = registry[1].entity_id;
  EXPECT_EQ(Variants(path),
            Sorted({gates + "|ゲイツ|4", jobs + "|ジョブズ|2"}));
  EXPECT_EQ(registry[0].docs, (std::vector<std::string>{"d1", "d2", "d3"}));
  EXPECT_EQ(registry[1].docs, (std::vector<std::string>{"d1", "d3"}));
}

TEST(ReconcilerTest, AnInterruptedBatchLeavesTheLastCommittedCounts) {
  const std::string path = TempPath("interrupted.db");
  ASSERT_OK_AND_ASSIGN(auto matcher, NameMatcher::Create({}));
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
    ASSERT_OK_AND_ASSIGN(auto reconciler,
                         Reconciler::Create(store.get(), matcher.get()));
    ASSERT_OK(store->Begin());
    ASSERT_OK(ReconcileDoc(store.get(), reconciler.get(), "d1", 1,
                           {"ゲイツ"}));
    ASSERT_OK(reconciler->Flush());
    ASSERT_OK(store->Commit());
    // Killed in the next batch, before its commit (flushed or not).
    ASSERT_OK(store->Begin());
    ASSERT_OK(ReconcileDoc(store.get(), reconciler.get(), "d2", 2,
                           {"ゲイツ", "ジョブズ"}));
    ASSERT_OK(reconciler->Flush());
    ASSERT_OK(ReconcileDoc(store.get(), reconciler.get(), "d3", 3,
                           {"ゲイツ"}));
  }
  // The run again, from the last commit.
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  ASSERT_OK_AND_ASSIGN(auto reconciler,
                       Reconciler::Create(store.get(), matcher.get()));
  ASSERT_OK_AND_ASSIGN(auto before, store->LoadRegistry());
  ASSERT_EQ(before.size(), 1u);
  const std::string gates = before[0].entity_id;
  EXPECT_EQ(Variants(path), std::vector<std::string>{gates + "|ゲイツ|1"});
  ASSERT_OK(store->Begin());
  ASSERT_OK(ReconcileDoc(store.get(), reconciler.get(), "d2", 2,
                         {"ゲイツ", "ジョブズ"}));
  ASSERT_OK(ReconcileDoc(store.get(), reconciler.get(), "d3", 3,
                         {"ゲイツ"}));
  ASSERT_OK(reconciler->Flush());
  ASSERT_OK(store->Commit());
  ASSERT_OK_AND_ASSIGN(auto after, store->LoadRegistry());
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].entity_id, gates);
  EXPECT_EQ(Variants(path),
            Sorted({gates + "|ゲイツ|3", after[1].entity_id + "|ジョブズ|1"}));
}

// The evidence rows (entity_id|variant|rule|score|other), sorted.
std::vector<std::string> EvidenceRows(const std::string& path) {
  std::vector<std::string> rows = RawSql(path, "SELECT * FROM evidence");
  std::sort(rows.begin(), rows.end());
  return rows;
}

// Close calls (a score within 0.05 of the threshold) are decided by the
// documents: the entities that the other names of the document already have
// against those of the candidate entity's documents.
class CloseCallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = TempPath(std::string(::testing::UnitTest::GetInstance()
                                     ->current_test_info()
                                     ->name()) +
                     ".db");
    ASSERT_OK_AND_ASSIGN(matcher_, NameMatcher::Create({}));  // flat 0.75
    ASSERT_OK_AND_ASSIGN(store_, Store::Open(path_));
    ASSERT_OK_AND_ASSIGN(reconciler_,
                         Reconciler::Create(store_.get(), matcher_.get()));
    ASSERT_OK(store_->Begin());
    // Two stories with their own casts.
    ASSERT_OK(Ids("d1", {kAbove, "ゲイツ", "ジョブズ"}).status());
    ASSERT_OK(Ids("d2", {kBelow, "ゲイツ", "ジョブズ"}).status());
    ASSERT_OK(Ids("d3", {"ベゾス", "マスク"}).status());
  }
  void TearDown() override {
    if (store_ != nullptr) {
      EXPECT_OK(reconciler_->Flush());
      EXPECT_OK(store_->Commit());
    }
  }
  absl::StatusOr<std::vector<std::string>> Ids(
      const std::string& doc_id, const std::vector<std::string>& texts) {
    return ReconcileIds(store_.get(), reconciler_.get(), doc_id, ++seq_,
                        texts);
  }
  std::vector<std::string> Evidence(const std::string& like) {
    EXPECT_OK(reconciler_->Flush());
    EXPECT_OK(store_->Commit());
    std::vector<std::string> rows = RawSql(
        path_, "SELECT variant, rule, other FROM evidence WHERE rule LIKE '" +
                   like + "' ORDER BY variant");
    EXPECT_OK(store_->Begin());
    return rows;
  }

  // Given names one mora apart: 0.75 (same, barely) and 0.74 (different,
  // barely) with the flat threshold.
  static constexpr const char* kAbove = "マルコフ・イワノフ";
  static constexpr const char* kAboveVariant = "マルコン・イワノフ";
  static constexpr const char* kBelow = "カスティーヤ・ロペス";
  static constexpr const char* kBelowVariant = "カスティーリヤ・ロペス";
  std::string path_;
  std::unique_ptr<NameMatcher> matcher_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Reconciler> reconciler_;
  int64_t seq_ = 0;
};

TEST_F(CloseCallTest, SpellingDecidesWithoutContext) {
  const NameMatch above =
      matcher_->Match(kAbove, kAboveVariant, EntityType::kPerson);
  const NameMatch below =
      matcher_->Match(kBelow, kBelowVariant, EntityType::kPerson);
  ASSERT_TRUE(above.same && matcher_->IsCloseCall(above)) << above.why;
  ASSERT_TRUE(!below.same && matcher_->IsCloseCall(below)) << below.why;
  ASSERT_OK_AND_ASSIGN(auto d1, Ids("d1b", {kAbove}));
  ASSERT_OK_AND_ASSIGN(auto a, Ids("a", {kAboveVariant}));
  ASSERT_OK_AND_ASSIGN(auto b, Ids("b", {kBelowVariant}));
  ASSERT_OK_AND_ASSIGN(auto d2, Ids("d2b", {kBelow}));
  EXPECT_EQ(a[0], d1[0]);  // just above: same
  EXPECT_NE(b[0], d2[0]);  // just below: apart
}

TEST_F(CloseCallTest, AboveTheThresholdDisagreeingDocumentsKeepApart) {
  ASSERT_OK_AND_ASSIGN(auto d1, Ids("d1b", {kAbove}));
  ASSERT_OK_AND_ASSIGN(auto x, Ids("x", {kAboveVariant, "ベゾス", "マスク"}));
  EXPECT_NE(x[0], d1[0]);
  const std::vector<std::string> rows = Evidence("apart:%");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].rfind(std::string(kAboveVariant) +
                              "|apart: close call (person: given 0.75",
                          0),
            0u)
      << rows[0];
  EXPECT_NE(rows[0].find("the documents share no entity|" +
                         std::string(kAbove)),
            std::string::npos)
      << rows[0];
}

TEST_F(CloseCallTest, AboveTheThresholdAgreeingDocumentsJoin) {
  ASSERT_OK_AND_ASSIGN(auto d1, Ids("d1b", {kAbove}));
  ASSERT_OK_AND_ASSIGN(auto x, Ids("x", {kAboveVariant, "ジョブズ", "マスク"}));
  EXPECT_EQ(x[0], d1[0]);
  const std::vector<std::string> rows = Evidence("match:%");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(rows[0].find("close call, the documents agree (both mention "
                         "ジョブズ)"),
            std::string::npos)
      << rows[0];
}

TEST_F(CloseCallTest, BelowTheThresholdAgreeingDocumentsJoin) {
  ASSERT_OK_AND_ASSIGN(auto d2, Ids("d2b", {kBelow}));
  ASSERT_OK_AND_ASSIGN(auto x, Ids("x", {kBelowVariant, "ゲイツ"}));
  EXPECT_EQ(x[0], d2[0]);  // one shared entity is enough
}

TEST_F(CloseCallTest, BelowTheThresholdOtherDocumentsKeepApart) {
  ASSERT_OK_AND_ASSIGN(auto d2, Ids("d2b", {kBelow}));
  ASSERT_OK_AND_ASSIGN(auto y, Ids("y", {kBelowVariant, "ベゾス"}));
  EXPECT_NE(y[0], d2[0]);
  EXPECT_TRUE(Evidence("apart:%").empty());  // spelling said apart anyway
}

TEST_F(CloseCallTest, NamesMadeByTheSameDocumentAreNoContext) {
  // ゲイツ's entity exists; 新人 and 別人 are new here and count for nothing
  // (the answer must not depend on the order of the document's names).
  ASSERT_OK_AND_ASSIGN(auto d1, Ids("d1b", {kAbove}));
  ASSERT_OK_AND_ASSIGN(auto x, Ids("x", {"シンジン", "ベツジン", kAboveVariant}));
  EXPECT_EQ(x[2], d1[0]);  // no context on this side: spelling decides
}

TEST(ReconcilerTest, EvidenceIsWrittenOnceAndSurvivesAnOverrideMerge) {
  const std::string path = TempPath("evidence.db");
  ASSERT_OK_AND_ASSIGN(auto matcher, NameMatcher::Create({}));
  Overrides overrides;
  overrides.merge.emplace_back("ビル・ゲイツ", "ジョブズ");
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  ASSERT_OK_AND_ASSIGN(auto reconciler,
                       Reconciler::Create(store.get(), matcher.get(),
                                          overrides));
  ASSERT_OK(store->Begin());
  // "ゲイツ" joins the full name in d1 (doc:surname); both join by exact
  // text in d2 and d3.
  ASSERT_OK(ReconcileDoc(store.get(), reconciler.get(), "d1", 1,
                         {"ビル・ゲイツ", "ゲイツ"}));
  ASSERT_OK(ReconcileDoc(store.get(), reconciler.get(), "d2", 2,
                         {"ビル・ゲイツ", "ゲイツ", "ジョブズ"}));
  ASSERT_OK(ReconcileDoc(store.get(), reconciler.get(), "d3", 3,
                         {"ビル・ゲイツ", "ゲイツ", "ジョブズ"}));
  ASSERT_OK(reconciler->Flush());
  ASSERT_OK(store->Commit());
  ASSERT_OK_AND_ASSIGN(auto registry, store->LoadRegistry());
  ASSERT_EQ(registry.size(), 2u);
  const std::string gates = registry[0].entity_id;
  const std::string jobs = registry[1].entity_id;
  const std::vector<std::string> gates_evidence = {
      gates + "|ゲイツ|doc:surname|1.0|ビル・ゲイツ",
      gates + "|ビル・ゲイツ|exact|1.0|ビル・ゲイツ"};
  EXPECT_EQ(EvidenceRows(path),
            Sorted({gates_evidence[0], gates_evidence[1],
                    jobs + "|ジョブズ|exact|1.0|ジョブズ"}));

  ASSERT_OK(store->Begin());
  ASSERT_OK_AND_ASSIGN(int merges, reconciler->ApplyOverrides());
  EXPECT_EQ(merges, 1);
  ASSERT_OK(store->Commit());
  const std::vector<std::string> merged = {
      gates_evidence[0], gates_evidence[1],
      gates + "|ジョブズ|override:merge|1.0|" + jobs};
  EXPECT_EQ(EvidenceRows(path), Sorted(merged));
  EXPECT_EQ(Variants(path), Sorted({gates + "|ゲイツ|3", gates + "|ジョブズ|2",
                                    gates + "|ビル・ゲイツ|3"}));

  // After the merge, "ジョブズ" joins the kept entity by exact text: its
  // evidence is written for the kept entity, once.
  ASSERT_OK(store->Begin());
  ASSERT_OK(ReconcileDoc(store.get(), reconciler.get(), "d4", 4,
                         {"ジョブズ"}));
  ASSERT_OK(ReconcileDoc(store.get(), reconciler.get(), "d5", 5,
                         {"ジョブズ"}));
  ASSERT_OK(reconciler->Flush());
  ASSERT_OK(store->Commit());
  std::vector<std::string> expected = merged;
  expected.push_back(gates + "|ジョブズ|exact|1.0|ジョブズ");
  EXPECT_EQ(EvidenceRows(path), Sorted(expected));
  EXPECT_EQ(Variants(path), Sorted({gates + "|ゲイツ|3", gates + "|ジョブズ|4",
                                    gates + "|ビル・ゲイツ|3"}));
}


// Invented names throughout.
TEST(ReconcilerTest, KanjiSurnameJoinsTheOnlyFullNameOfItsDocument) {
  const std::string path = TempPath("kanji_surname.db");
  ASSERT_OK_AND_ASSIGN(auto matcher, NameMatcher::Create({}));
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  ASSERT_OK_AND_ASSIGN(auto reconciler,
                       Reconciler::Create(store.get(), matcher.get()));
  ASSERT_OK(store->Begin());
  // Surname first (a headline), then the full name, then the surname again.
  ASSERT_OK_AND_ASSIGN(
      auto d1, ReconcileIds(store.get(), reconciler.get(), "d1", 1,
                            {"鬼塚", "鬼塚政臣", "鬼塚", "葛城冴子"}));
  EXPECT_EQ(d1[0], d1[1]);
  EXPECT_EQ(d1[2], d1[1]);
  EXPECT_NE(d1[3], d1[1]);
  // Two people share the surname: the bare surname stays apart from both.
  ASSERT_OK_AND_ASSIGN(
      auto d2, ReconcileIds(store.get(), reconciler.get(), "d2", 2,
                            {"葛城冴子", "葛城航", "葛城"}));
  EXPECT_EQ(d2[0], d1[3]);
  EXPECT_NE(d2[1], d2[0]);
  EXPECT_NE(d2[2], d2[0]);
  EXPECT_NE(d2[2], d2[1]);
  // A different given name is a different person, surname or not.
  ASSERT_OK_AND_ASSIGN(
      auto d3, ReconcileIds(store.get(), reconciler.get(), "d3", 3,
                            {"鬼塚千春", "鬼塚"}));
  EXPECT_NE(d3[0], d1[1]);
  EXPECT_EQ(d3[1], d3[0]);
  // Also when the surname recurs (the usual news pattern): no repeat of it
  // looks the registry up, where a namesake's entity knows the bare surname.
  ASSERT_OK_AND_ASSIGN(
      auto d4, ReconcileIds(store.get(), reconciler.get(), "d4", 4,
                            {"鬼塚晴美", "鬼塚", "鬼塚", "鬼塚"}));
  EXPECT_NE(d4[0], d1[1]);
  EXPECT_NE(d4[0], d3[0]);
  EXPECT_EQ(d4[1], d4[0]);
  EXPECT_EQ(d4[3], d4[0]);
  ASSERT_OK(reconciler->Flush());
  ASSERT_OK(store->Commit());
  ASSERT_OK_AND_ASSIGN(auto registry, store->LoadRegistry());
  for (const EntityRecord& r : registry) {
    if (r.entity_id == d1[1]) {
      EXPECT_EQ(r.canonical, "鬼塚政臣");
    }
  }
  EXPECT_EQ(matcher->Match("鬼塚", "鬼塚政臣", EntityType::kPerson).why,
            "partial: surname only (kanji prefix)");
}

TEST(ReconcilerTest, BareKanjiSurnameDoesNotJoinAFullNameAcrossDocuments) {
  const std::string path = TempPath("kanji_bare.db");
  ASSERT_OK_AND_ASSIGN(auto matcher, NameMatcher::Create({}));
  std::string full, bare;
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
    ASSERT_OK_AND_ASSIGN(auto reconciler,
                         Reconciler::Create(store.get(), matcher.get()));
    ASSERT_OK(store->Begin());
    ASSERT_OK_AND_ASSIGN(auto d1,
                         ReconcileIds(store.get(), reconciler.get(), "d1", 1,
                                      {"御手洗静香", "御手洗"}));
    ASSERT_EQ(d1[0], d1[1]);
    full = d1[0];
    // Alone in a document, the surname may be anyone of that name.
    ASSERT_OK_AND_ASSIGN(auto d2, ReconcileIds(store.get(), reconciler.get(),
                                               "d2", 2, {"御手洗"}));
    EXPECT_NE(d2[0], full);
    bare = d2[0];
    // Later bare mentions share that entity; the full name keeps its own.
    ASSERT_OK_AND_ASSIGN(auto d3, ReconcileIds(store.get(), reconciler.get(),
                                               "d3", 3, {"御手洗"}));
    EXPECT_EQ(d3[0], bare);
    ASSERT_OK_AND_ASSIGN(auto d4,
                         ReconcileIds(store.get(), reconciler.get(), "d4", 4,
                                      {"御手洗", "御手洗静香"}));
    EXPECT_EQ(d4[0], full);
    EXPECT_EQ(d4[1], full);
    ASSERT_OK(reconciler->Flush());
    ASSERT_OK(store->Commit());
  }
  // The same after reopening the store.
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  ASSERT_OK_AND_ASSIGN(auto reconciler,
                       Reconciler::Create(store.get(), matcher.get()));
  ASSERT_OK(store->Begin());
  ASSERT_OK_AND_ASSIGN(auto d5, ReconcileIds(store.get(), reconciler.get(),
                                             "d5", 5, {"御手洗"}));
  EXPECT_EQ(d5[0], bare);
  ASSERT_OK(reconciler->Flush());
  ASSERT_OK(store->Commit());
  ASSERT_OK_AND_ASSIGN(auto registry, store->LoadRegistry());
  EXPECT_EQ(registry.size(), 2u);
}

TEST(ReconcilerTest, LoneSurnameMayFitAnotherSpellingOfAFullNameInItsDocument) {
  const std::string path = TempPath("surname_variant.db");
  ASSERT_OK_AND_ASSIGN(auto matcher, NameMatcher::Create({}));
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  ASSERT_OK_AND_ASSIGN(auto reconciler,
                       Reconciler::Create(store.get(), matcher.get()));
  ASSERT_OK(store->Begin());
  ASSERT_OK_AND_ASSIGN(
      auto d1, ReconcileIds(store.get(), reconciler.get(), "d1", 1,
                            {"Oskar Fenwright", "オスカー・フェンライト",
                             "Hugo Fenwright", "ヒューゴ・フェンライト"}));
  ASSERT_EQ(d1[0], d1[1]);
  ASSERT_EQ(d1[2], d1[3]);
  ASSERT_NE(d1[0], d1[2]);
  // フェンウリト is too far from フェンライト, close enough to Fenwright.
  ASSERT_FALSE(matcher->SurnameCompatible("オスカー・フェンライト",
                                          "フェンウリト"));
  ASSERT_TRUE(matcher->SurnameCompatible("Oskar Fenwright", "フェンウリト"));
  ASSERT_OK_AND_ASSIGN(
      auto d2, ReconcileIds(store.get(), reconciler.get(), "d2", 2,
                            {"フェンウリト", "オスカー・フェンライト"}));
  EXPECT_EQ(d2[0], d1[0]);
  EXPECT_EQ(d2[1], d1[0]);
  // Both Fenwrights in the document: another such spelling is left alone.
  ASSERT_TRUE(matcher->SurnameCompatible("Hugo Fenwright", "フェヌリト"));
  ASSERT_OK_AND_ASSIGN(
      auto d3, ReconcileIds(store.get(), reconciler.get(), "d3", 3,
                            {"オスカー・フェンライト", "ヒューゴ・フェンライト",
                             "フェヌリト"}));
  EXPECT_NE(d3[2], d1[0]);
  EXPECT_NE(d3[2], d1[2]);
  // Same surname, different given names: two people; the bare surname joins
  // neither.
  ASSERT_OK_AND_ASSIGN(
      auto d4, ReconcileIds(store.get(), reconciler.get(), "d4", 4,
                            {"ジャスパー・ロウェル", "クリント・ロウェル",
                             "ロウェル"}));
  EXPECT_NE(d4[0], d4[1]);
  EXPECT_NE(d4[2], d4[0]);
  EXPECT_NE(d4[2], d4[1]);
  ASSERT_OK(reconciler->Flush());
  ASSERT_OK(store->Commit());
}

TEST(ReconcilerTest, AliasOfAStoredMentionJoinsItsLongForm) {
  const std::string path = TempPath("alias.db");
  ASSERT_OK_AND_ASSIGN(auto matcher, NameMatcher::Create({}));
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  ASSERT_OK_AND_ASSIGN(auto reconciler,
                       Reconciler::Create(store.get(), matcher.get()));
  auto mention = [](const std::string& text) {
    StoredMention m;
    m.type = EntityType::kCompany;
    m.text = text;
    return m;
  };
  // The glossing mention points at its long form; a third company does not.
  std::vector<StoredMention> mentions = {mention("楓山重工業"),
                                         mention("KJH"), mention("梅田精機")};
  mentions[1].alias_of = 0;
  ASSERT_OK(store->Begin());
  ASSERT_OK_AND_ASSIGN(auto ids, StoreReconciled(store.get(), reconciler.get(),
                                                 "", "d1", 1, mentions));
  EXPECT_EQ(ids[1], ids[0]);
  EXPECT_NE(ids[2], ids[0]);
  // Without the link the abbreviation is an entity of its own.
  mentions[1].alias_of.reset();
  ASSERT_OK_AND_ASSIGN(auto apart, StoreReconciled(store.get(), reconciler.get(),
                                                   "", "d2", 2,
                                                   {mention("楓山化成"),
                                                    mention("KJK")}));
  EXPECT_NE(apart[1], apart[0]);
  ASSERT_OK(reconciler->Flush());
  ASSERT_OK(store->Commit());
  ASSERT_OK_AND_ASSIGN(auto evidence, store->Evidence(ids[0]));
  EXPECT_TRUE(std::any_of(evidence.begin(), evidence.end(), [](const auto& e) {
    return e.variant == "KJH" && e.rule == "doc:alias";
  }));
}

TEST(ReconcilerTest, ParenthesisedAbbreviationJoinsItsOrganisation) {
  const std::string path = TempPath("paren.db");
  ASSERT_OK_AND_ASSIGN(auto matcher, NameMatcher::Create({}));
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  ASSERT_OK_AND_ASSIGN(auto reconciler,
                       Reconciler::Create(store.get(), matcher.get()));
  // (type, text) in order; offsets are found in `normalized`.
  auto reconcile = [&](const std::string& doc_id, int64_t seq,
                       const std::string& normalized,
                       const std::vector<std::pair<EntityType, std::string>>&
                           names) -> absl::StatusOr<std::vector<std::string>> {
    std::vector<StoredMention> mentions;
    size_t from = 0;
    for (const auto& [type, text] : names) {
      const size_t at = normalized.find(text, from);
      if (at == std::string::npos) return absl::InternalError(text);
      from = at + text.size();
      StoredMention s;
      s.type = type;
      s.text = text;
      s.norm_begin = static_cast<uint32_t>(at);
      s.norm_end = static_cast<uint32_t>(from);
      mentions.push_back(s);
    }
    return StoreReconciled(store.get(), reconciler.get(), normalized, doc_id,
                           seq,
                           std::move(mentions));
  };
  const EntityType kC = EntityType::kCompany, kO = EntityType::kOrg;
  ASSERT_OK(store->Begin());
  ASSERT_OK_AND_ASSIGN(
      auto d1, reconcile("d1", 1,
                         "桜花中央銀行(桜銀)は発表した。桜銀によると、"
                         "梅田精機(松原工業の子会社)も応じた。",
                         {{kC, "桜花中央銀行"}, {kC, "桜銀"}, {kC, "桜銀"},
                          {kC, "梅田精機"}, {kC, "松原工業"}}));
  EXPECT_EQ(d1[1], d1[0]);
  EXPECT_EQ(d1[2], d1[0]);
  EXPECT_NE(d1[4], d1[3]);  // does not fill the parentheses
  // The abbreviation alone later: the same entity, by its text.
  ASSERT_OK_AND_ASSIGN(auto d2, reconcile("d2", 2, "桜銀が利上げ",
                                          {{kC, "桜銀"}}));
  EXPECT_EQ(d2[0], d1[0]);
  // Different types in parentheses stay apart.
  ASSERT_OK_AND_ASSIGN(
      auto d3, reconcile("d3", 3, "楓山電機(楓山協会)が",
                         {{kC, "楓山電機"}, {kO, "楓山協会"}}));
  EXPECT_NE(d3[0], d3[1]);
  // A longer name in parentheses is another company (the parent), not a
  // gloss.
  ASSERT_OK_AND_ASSIGN(
      auto d4, reconcile("d4", 4, "柊屋(柊屋ホールディングス)は",
                         {{kC, "柊屋"}, {kC, "柊屋ホールディングス"}}));
  EXPECT_NE(d4[0], d4[1]);
  ASSERT_OK(reconciler->Flush());
  ASSERT_OK(store->Commit());
}

}  // namespace
}  // namespace kiji::reconcile
