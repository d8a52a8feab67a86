#include "corpus/store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/testing/status_matchers.h"

namespace kiji::corpus {
namespace {

std::string TempPath(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("kiji_store_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  std::filesystem::remove(p);
  return p.string();
}

StoredDocument Doc(const std::string& id) {
  StoredDocument d;
  d.doc_id = id;
  d.path = "in/" + id + ".txt";
  d.encoding = "UTF-8";
  d.lang = "ja";
  d.date = "2024-08-19";
  d.chars = 42;
  d.normalized = "本文";
  return d;
}

TEST(StoreTest, DocumentsAndMentionsRoundTrip) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(TempPath("a.db")));
  StoredMention m;
  m.type = EntityType::kAmount;
  m.text = "約78兆円";
  m.start = 3;
  m.end = 8;
  m.value = 7.8e13;
  m.unit = "JPY";
  m.qualifier = "approx";
  m.source = "amount.ja";
  ASSERT_OK(store->Begin());
  ASSERT_OK(store->PutDocument(Doc("d1"), {m}));
  ASSERT_OK(store->Commit());
  ASSERT_OK_AND_ASSIGN(bool has, store->HasDocument("d1"));
  EXPECT_TRUE(has);
  ASSERT_OK_AND_ASSIGN(bool other, store->HasDocument("d2"));
  EXPECT_FALSE(other);
  ASSERT_OK_AND_ASSIGN(auto mentions, store->Mentions("d1"));
  ASSERT_EQ(mentions.size(), 1u);
  EXPECT_EQ(mentions[0].text, "約78兆円");
  EXPECT_EQ(*mentions[0].value, 7.8e13);
  EXPECT_EQ(mentions[0].qualifier, "approx");
  EXPECT_FALSE(mentions[0].norm.has_value());
}

TEST(StoreTest, SameDocumentTwiceIsRejectedAndRolledBack) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(TempPath("b.db")));
  ASSERT_OK(store->Begin());
  ASSERT_OK(store->PutDocument(Doc("d1"), {}));
  ASSERT_OK(store->Commit());
  ASSERT_OK(store->Begin());
  EXPECT_FALSE(store->PutDocument(Doc("d1"), {}).ok());
  ASSERT_OK(store->Rollback());
  ASSERT_OK_AND_ASSIGN(int64_t n, store->CountDocuments());
  EXPECT_EQ(n, 1);
}

TEST(StoreTest, UncommittedWorkIsNotVisibleAfterReopen) {
  const std::string path = TempPath("c.db");
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
    ASSERT_OK(store->Begin());
    ASSERT_OK(store->PutDocument(Doc("kept"), {}));
    ASSERT_OK(store->Commit());
    ASSERT_OK(store->Begin());
    ASSERT_OK(store->PutDocument(Doc("lost"), {}));
    // Closed without commit, as a killed process would leave it.
  }
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  ASSERT_OK_AND_ASSIGN(bool kept, store->HasDocument("kept"));
  ASSERT_OK_AND_ASSIGN(bool lost, store->HasDocument("lost"));
  EXPECT_TRUE(kept);
  EXPECT_FALSE(lost);
  ASSERT_OK_AND_ASSIGN(bool ok, store->IntegrityOk());
  EXPECT_TRUE(ok);
}

TEST(StoreTest, RegistryVariantsAccumulate) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(TempPath("d.db")));
  ASSERT_OK(store->Begin());
  ASSERT_OK(store->PutDocument(Doc("d1"), {}));
  EntityRecord e;
  e.entity_id = "P-1";
  e.type = EntityType::kPerson;
  e.canonical = "John Smith";
  e.seq = 1;
  ASSERT_OK(store->PutEntity(e));
  ASSERT_OK(store->AddVariant("P-1", "ジョン・スミス", 2));
  ASSERT_OK(store->AddVariant("P-1", "ジョン・スミス", 1));
  ASSERT_OK(store->AddEntityDoc("P-1", "d1"));
  ASSERT_OK(store->AddEntityDoc("P-1", "d1"));
  ASSERT_OK(store->Commit());
  ASSERT_OK_AND_ASSIGN(auto registry, store->LoadRegistry());
  ASSERT_EQ(registry.size(), 1u);
  ASSERT_EQ(registry[0].variants.size(), 1u);
  EXPECT_EQ(registry[0].variants[0].count, 3);
  EXPECT_EQ(registry[0].docs, std::vector<std::string>{"d1"});
}

TEST(StoreTest, SecondOpenerTimesOutWithClearMessage) {
  const std::string path = TempPath("e.db");
  ASSERT_OK_AND_ASSIGN(auto first, Store::Open(path));
  StoreOptions options;
  options.lock_timeout_seconds = 0;
  std::string waited;
  options.on_wait = [&](std::string_view m) { waited = m; };
  auto second = Store::Open(path, options);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("in use by another kiji process"),
            std::string::npos);
  EXPECT_NE(waited.find("waiting"), std::string::npos);
}

}  // namespace
}  // namespace kiji::corpus
