#include "store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "store/jsonl_writer.h"
#include "corpus/status_macros.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/store_fixture.h"

namespace kiji::store {

using corpus::EntityType;
using corpus::EntityTypeName;
namespace {

using ::kiji::testing::Doc;
using ::kiji::testing::RawSql;

std::string TempPath(const std::string& name) {
  return ::kiji::testing::TempPath("kiji_store_test", name);
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

TEST(StoreTest, EveryMentionFieldRoundTripsAndTheViewShowsThem) {
  const std::string path = TempPath("fields.db");
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
    StoredMention amount;
    amount.type = EntityType::kAmount;
    amount.text = "2億5000万〜3億件";
    amount.start = 10;
    amount.end = 20;
    amount.value = 2.5e8;
    amount.value_max = 3e8;
    amount.counter = "件";
    amount.qualifier = "range";
    amount.source = "amount.ja";
    StoredMention date;
    date.type = EntityType::kDate;
    date.text = "昨年";
    date.start = 0;
    date.end = 2;
    date.norm = "2023";
    date.source = "date.relative";
    StoredMention person;
    person.type = EntityType::kPerson;
    person.text = "ジョン・\"引用\"";
    person.start = 30;
    person.end = 37;
    person.entity_id = "P-1";
    person.source = "person.katakana_name";
    StoredMention percent;
    percent.type = EntityType::kPercent;
    percent.text = "6.2%";
    percent.start = 40;
    percent.end = 44;
    percent.value = 6.2;
    percent.unit = "percent";
    percent.source = "amount.ja";
    ASSERT_OK(store->Begin());
    ASSERT_OK(store->PutDocument(Doc("d1"), {amount, date, person, percent}));
    ASSERT_OK(store->PutDocument(Doc("d2"), {}));
    ASSERT_OK(store->Commit());
    ASSERT_OK_AND_ASSIGN(auto got, store->Mentions("d1"));
    ASSERT_EQ(got.size(), 4u);
    EXPECT_EQ(got[0].type, EntityType::kAmount);
    EXPECT_EQ(got[0].text, amount.text);
    EXPECT_EQ(got[0].start, 10u);
    EXPECT_EQ(got[0].end, 20u);
    EXPECT_EQ(got[0].value, 2.5e8);
    EXPECT_EQ(got[0].value_max, 3e8);
    EXPECT_EQ(got[0].counter, "件");
    EXPECT_EQ(got[0].qualifier, "range");
    EXPECT_TRUE(got[0].entity_id.empty());
    EXPECT_FALSE(got[0].norm.has_value());
    EXPECT_EQ(got[1].norm, "2023");
    EXPECT_FALSE(got[1].value.has_value());
    EXPECT_EQ(got[2].text, person.text);
    EXPECT_EQ(got[2].entity_id, "P-1");
    EXPECT_EQ(got[2].source, "person.katakana_name");
    EXPECT_EQ(got[3].type, EntityType::kPercent);
    EXPECT_EQ(got[3].value, 6.2);
    EXPECT_EQ(got[3].unit, "percent");
    ASSERT_OK_AND_ASSIGN(auto none, store->Mentions("d2"));
    EXPECT_TRUE(none.empty());
    ASSERT_OK_AND_ASSIGN(auto unknown, store->Mentions("d3"));
    EXPECT_TRUE(unknown.empty());
  }
  // The `mentions` view answers SQL as the mention table of version 1 did.
  EXPECT_EQ(RawSql(path,
                   "SELECT doc_id, ord, type, text, start, end, entity_id, "
                   "norm, value, value_max, counter FROM mentions "
                   "ORDER BY doc_id, ord"),
            (std::vector<std::string>{
                "d1|0|AMOUNT|2億5000万〜3億件|10|20|NULL|NULL|250000000.0|"
                "300000000.0|件",
                "d1|1|DATE|昨年|0|2|NULL|2023|NULL|NULL|",
                "d1|2|PERSON|ジョン・\"引用\"|30|37|P-1|NULL|NULL|NULL|",
                "d1|3|PERCENT|6.2%|40|44|NULL|NULL|6.2|NULL|"}));
}

TEST(StoreTest, DurationAndWeekdayRoundTripAndTheViewShowsThem) {
  const std::string path = TempPath("durations.db");
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
    StoredMention duration;
    duration.type = EntityType::kDuration;
    duration.text = "3年半";
    duration.end = 3;
    duration.duration = "P3Y6M";
    duration.source = "duration";
    StoredMention vague = duration;
    vague.text = "数年";
    vague.duration.reset();
    StoredMention weekday;
    weekday.type = EntityType::kDate;
    weekday.text = "水曜日";
    weekday.start = 5;
    weekday.end = 8;
    weekday.weekday = "Wednesday";
    weekday.qualifier = "early";
    weekday.source = "date.weekday";
    ASSERT_OK(store->Begin());
    ASSERT_OK(store->PutDocument(Doc("d1"), {duration, vague, weekday}));
    ASSERT_OK(store->Commit());
    ASSERT_OK_AND_ASSIGN(auto got, store->Mentions("d1"));
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0].type, EntityType::kDuration);
    EXPECT_EQ(got[0].duration, "P3Y6M");
    EXPECT_FALSE(got[1].duration.has_value());
    EXPECT_FALSE(got[2].norm.has_value());
    EXPECT_EQ(got[2].weekday, "Wednesday");
    EXPECT_EQ(got[2].qualifier, "early");
  }
  EXPECT_EQ(RawSql(path,
                   "SELECT type, text, norm, duration, weekday FROM mentions "
                   "ORDER BY ord"),
            (std::vector<std::string>{"DURATION|3年半|NULL|P3Y6M|NULL",
                                      "DURATION|数年|NULL|NULL|NULL",
                                      "DATE|水曜日|NULL|NULL|Wednesday"}));
}

TEST(StoreTest, MentionsOfAMergedEntityPointAtTheKeptOne) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(TempPath("remap.db")));
  auto person = [](const std::string& text, const std::string& id) {
    StoredMention m;
    m.type = EntityType::kPerson;
    m.text = text;
    m.end = 3;
    m.entity_id = id;
    return m;
  };
  ASSERT_OK(store->Begin());
  ASSERT_OK(store->PutDocument(Doc("d1"), {person("ゲイツ", "P-gone"),
                                           person("ジョブズ", "P-other")}));
  ASSERT_OK(store->PutDocument(Doc("d2"), {person("ジョブズ", "P-other")}));
  ASSERT_OK(store->AddEntityDoc("P-gone", 1));  // d1
  ASSERT_OK(store->AddEntityDoc("P-other", 1));
  ASSERT_OK(store->AddEntityDoc("P-other", 2));  // d2
  ASSERT_OK(store->SetMentionEntity("P-gone", "P-kept"));
  ASSERT_OK(store->Commit());
  ASSERT_OK_AND_ASSIGN(auto d1, store->Mentions("d1"));
  ASSERT_EQ(d1.size(), 2u);
  EXPECT_EQ(d1[0].entity_id, "P-kept");
  EXPECT_EQ(d1[1].entity_id, "P-other");
  ASSERT_OK_AND_ASSIGN(auto d2, store->Mentions("d2"));
  ASSERT_EQ(d2.size(), 1u);
  EXPECT_EQ(d2[0].entity_id, "P-other");
}

// A store written by a kiji with schema version 1 (one row per mention).
void WriteVersion1Store(const std::string& path) {
  RawSql(path, R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE documents(doc_id TEXT PRIMARY KEY, path TEXT NOT NULL,
  encoding TEXT, lang TEXT, date TEXT, chars INTEGER,
  status TEXT NOT NULL DEFAULT 'ok', normalized TEXT, seq INTEGER);
CREATE TABLE mentions(doc_id TEXT NOT NULL, ord INTEGER NOT NULL,
  type TEXT NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL,
  end INTEGER NOT NULL, entity_id TEXT, norm TEXT, value REAL, value_max REAL,
  unit TEXT, counter TEXT, qualifier TEXT, source TEXT,
  PRIMARY KEY(doc_id, ord));
CREATE INDEX documents_seq ON documents(seq);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE TABLE entities(entity_id TEXT PRIMARY KEY, type TEXT NOT NULL,
  canonical TEXT NOT NULL, canonical_locked INTEGER NOT NULL DEFAULT 0,
  seq INTEGER NOT NULL);
CREATE TABLE variants(entity_id TEXT NOT NULL, text TEXT NOT NULL,
  count INTEGER NOT NULL, PRIMARY KEY(entity_id, text));
CREATE TABLE entity_docs(entity_id TEXT NOT NULL, doc_id TEXT NOT NULL,
  PRIMARY KEY(entity_id, doc_id));
INSERT INTO entities VALUES ('P-1', 'PERSON', 'ゲイツ', 0, 1);
INSERT INTO variants VALUES ('P-1', 'ゲイツ', 2);
INSERT INTO entity_docs VALUES ('P-1', 'd2');
INSERT INTO entity_docs VALUES ('P-1', 'd1');
INSERT INTO documents VALUES ('d1', 'a.txt', 'UTF-8', 'ja', NULL, 9, 'ok', 'x', 1);
INSERT INTO documents VALUES ('d2', 'b.txt', 'UTF-8', 'ja', NULL, 9, 'ok', 'y', 2);
INSERT INTO mentions VALUES ('d1', 1, 'DATE', '昨年', 5, 7, NULL, '2023', NULL, NULL, '', '', '', 'date.relative');
INSERT INTO mentions VALUES ('d1', 0, 'PERSON', 'ゲイツ', 0, 3, 'P-1', NULL, NULL, NULL, '', '', '', 'person.katakana_name');
INSERT INTO mentions VALUES ('d2', 0, 'AMOUNT', '約78兆円', 0, 5, NULL, NULL, 7.8e13, NULL, 'JPY', '', 'approx', 'amount.ja');
)sql");
}

TEST(StoreTest, OpensAVersion1StoreAndKeepsItsMentions) {
  const std::string path = TempPath("v1.db");
  WriteVersion1Store(path);
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
    ASSERT_OK_AND_ASSIGN(auto d1, store->Mentions("d1"));
    ASSERT_EQ(d1.size(), 2u);
    EXPECT_EQ(d1[0].text, "ゲイツ");  // in `ord` order
    EXPECT_EQ(d1[0].entity_id, "P-1");
    EXPECT_EQ(d1[1].norm, "2023");
    ASSERT_OK_AND_ASSIGN(auto d2, store->Mentions("d2"));
    ASSERT_EQ(d2.size(), 1u);
    EXPECT_EQ(d2[0].value, 7.8e13);
    EXPECT_EQ(d2[0].unit, "JPY");
    ASSERT_OK_AND_ASSIGN(auto version, store->GetMeta("schema_version"));
    EXPECT_EQ(version, "5");
    // Version 4's hash of the normalised text, made for the old documents.
    ASSERT_OK_AND_ASSIGN(auto first_x, store->PathOfText("x"));
    EXPECT_EQ(first_x, "a.txt");
    // Its documents in insertion order, now listed by insertion number.
    ASSERT_OK_AND_ASSIGN(auto registry, store->LoadRegistry());
    ASSERT_EQ(registry.size(), 1u);
    EXPECT_EQ(registry[0].docs, (std::vector<std::string>{"d1", "d2"}));
  }
  EXPECT_EQ(RawSql(path, "SELECT type FROM sqlite_schema WHERE name = 'mentions'"),
            std::vector<std::string>{"view"});
  // Opening it again changes nothing.
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  ASSERT_OK_AND_ASSIGN(auto d1, store->Mentions("d1"));
  EXPECT_EQ(d1.size(), 2u);
}

TEST(StoreTest, FindsTheFirstDocumentWithTheSameText) {
  const std::string path = TempPath("text_hash.db");
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  StoredDocument a;
  a.doc_id = "sjis";
  a.path = "a_sjis.txt";
  a.normalized = "同じ記事";
  StoredDocument b = a;
  b.doc_id = "utf8";
  b.path = "b_utf8.txt";
  StoredDocument empty;
  empty.doc_id = "empty";
  empty.path = "empty.html";
  ASSERT_OK(store->PutDocument(a, {}));
  ASSERT_OK(store->PutDocument(b, {}));
  ASSERT_OK(store->PutDocument(empty, {}));
  ASSERT_OK_AND_ASSIGN(auto first, store->PathOfText("同じ記事"));
  EXPECT_EQ(first, "a_sjis.txt");
  ASSERT_OK_AND_ASSIGN(auto none, store->PathOfText("別の記事"));
  EXPECT_EQ(none, std::nullopt);
  // An empty text is no article: never a duplicate of another.
  ASSERT_OK_AND_ASSIGN(auto blank, store->PathOfText(""));
  EXPECT_EQ(blank, std::nullopt);
}

TEST(StoreTest, RefusesAStoreFromANewerKiji) {
  const std::string path = TempPath("newer.db");
  { ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path)); }
  RawSql(path, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
  auto store = Store::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("schema version 99"),
            std::string::npos)
      << store.status();
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
  ASSERT_OK(store->AddEntityDoc("P-1", 1));  // d1, twice
  ASSERT_OK(store->AddEntityDoc("P-1", 1));
  ASSERT_OK(store->Commit());
  ASSERT_OK_AND_ASSIGN(auto registry, store->LoadRegistry());
  ASSERT_EQ(registry.size(), 1u);
  ASSERT_EQ(registry[0].variants.size(), 1u);
  EXPECT_EQ(registry[0].variants[0].count, 3);
  EXPECT_EQ(registry[0].docs, std::vector<std::string>{"d1"});
}

// Mentions whose JSON needs care: escapes, invalid UTF-8, every optional
// field, floats that are and are not whole.
std::vector<StoredMention> AwkwardMentions() {
  std::vector<StoredMention> out;
  StoredMention person;
  person.type = EntityType::kPerson;
  person.text = "ジョン・\"引用\"\\\t\x01";
  person.start = 0;
  person.end = 4000000000u;
  person.entity_id = "P-0123456789ab";
  person.source = "person.katakana_name";
  person.norm_begin = 7;
  person.norm_end = 4000000000u;
  out.push_back(person);
  StoredMention bad_utf8 = person;
  bad_utf8.alias_of = 0;
  bad_utf8.text = "a\xff\xfe" "b\xe3\x81";
  bad_utf8.entity_id.clear();
  bad_utf8.type = EntityType::kCompany;
  out.push_back(bad_utf8);
  StoredMention date;
  date.type = EntityType::kDate;
  date.text = "昨年";
  date.norm = "2023";
  date.source = "date.relative";
  out.push_back(date);
  StoredMention no_norm = date;
  no_norm.norm.reset();
  out.push_back(no_norm);
  for (double v : {7.8e13, 0.1, 2.5e8, -3.0, 1e300, 9.5e15, 1.0 / 3,
                   std::numeric_limits<double>::quiet_NaN()}) {
    StoredMention amount;
    amount.type = EntityType::kAmount;
    amount.text = "約78兆円";
    amount.start = 3;
    amount.end = 8;
    amount.value = v;
    amount.unit = "JPY";
    amount.qualifier = "approx";
    amount.source = "amount.ja";
    out.push_back(amount);
    amount.value_max = v * 2;
    amount.counter = "件";
    amount.qualifier.clear();
    out.push_back(amount);
  }
  StoredMention no_value;
  no_value.type = EntityType::kAmount;
  no_value.text = "数億円";
  no_value.unit = "JPY";
  out.push_back(no_value);
  StoredMention percent;
  percent.type = EntityType::kPercent;
  percent.text = "30〜35%";
  percent.value = 30;
  percent.value_max = 35.5;
  percent.unit = "percent";
  percent.qualifier = "approx";
  out.push_back(percent);
  StoredMention product;
  product.type = EntityType::kProduct;
  product.text = "iPhone";
  out.push_back(product);
  return out;
}

// The lines of CONTRACT.md built as an nlohmann DOM: the reference the
// appender's DOM-free lines must equal byte for byte.
nlohmann::ordered_json ReferenceNumber(double v) {
  if (std::isfinite(v) && std::fabs(v) < 9.0e15 && std::floor(v) == v) {
    return static_cast<int64_t>(v);
  }
  return v;
}

nlohmann::ordered_json ReferenceLine(const StoredMention& m,
                                     const std::string& doc_id) {
  nlohmann::ordered_json j;
  if (!doc_id.empty()) j["doc_id"] = doc_id;
  j["type"] = EntityTypeName(m.type);
  j["text"] = m.text;
  j["start"] = m.start;
  j["end"] = m.end;
  if (m.type == EntityType::kDate) {
    j["norm"] = m.norm ? nlohmann::ordered_json(*m.norm) : nullptr;
  } else if (m.type == EntityType::kAmount ||
             m.type == EntityType::kPercent) {
    j["value"] = m.value ? ReferenceNumber(*m.value) : nullptr;
    if (m.value_max) j["value_max"] = ReferenceNumber(*m.value_max);
    j["unit"] = m.unit;
    if (!m.counter.empty()) j["counter"] = m.counter;
    if (!m.qualifier.empty()) j["qualifier"] = m.qualifier;
  } else {
    j["entity_id"] =
        m.entity_id.empty() ? nullptr : nlohmann::ordered_json(m.entity_id);
  }
  j["source"] = m.source;
  return j;
}

nlohmann::ordered_json ReferenceLine(const EntityRecord& e) {
  nlohmann::ordered_json j;
  j["entity_id"] = e.entity_id;
  j["type"] = EntityTypeName(e.type);
  j["canonical"] = e.canonical;
  j["variants"] = nlohmann::ordered_json::array();
  for (const EntityVariant& v : e.variants) {
    j["variants"].push_back({{"text", v.text}, {"count", v.count}});
  }
  j["docs"] = e.docs;
  return j;
}

TEST(JsonlWriterTest, MentionLineBytes) {
  StoredMention amount;
  amount.type = EntityType::kAmount;
  amount.text = "約78兆円";
  amount.start = 3;
  amount.end = 8;
  amount.value = 7.8e13;
  amount.unit = "JPY";
  amount.qualifier = "approx";
  amount.source = "amount.ja";
  JsonAppender json;
  AppendMentionLine(amount, "d1", &json);
  EXPECT_EQ(json.text(),
            "{\"doc_id\":\"d1\",\"type\":\"AMOUNT\",\"text\":\"約78兆円\","
            "\"start\":3,\"end\":8,\"value\":78000000000000,\"unit\":\"JPY\","
            "\"qualifier\":\"approx\",\"source\":\"amount.ja\"}");
  StoredMention person;
  person.type = EntityType::kPerson;
  person.text = "ゲイツ\"氏";
  person.end = 4;
  person.source = "name.katakana";
  json.Clear();
  AppendMentionLine(person, "", &json);
  EXPECT_EQ(json.text(),
            "{\"type\":\"PERSON\",\"text\":\"ゲイツ\\\"氏\",\"start\":0,"
            "\"end\":4,\"entity_id\":null,\"source\":\"name.katakana\"}");
}

TEST(JsonlWriterTest, MentionLinesAreThoseOfTheDom) {
  JsonAppender json;
  // Twice: the second round serialises from remembered strings.
  for (int round = 0; round < 2; ++round) {
    for (const std::string doc_id : {"", "d1\"x"}) {
      for (const StoredMention& m : AwkwardMentions()) {
        json.Clear();
        AppendMentionLine(m, doc_id, &json);
        EXPECT_EQ(json.text(), DumpLine(ReferenceLine(m, doc_id)));
      }
    }
  }
}

TEST(JsonlWriterTest, EntityLinesAreThoseOfTheDom) {
  EntityRecord e;
  e.entity_id = "P-0123456789ab";
  e.type = EntityType::kCompany;
  e.canonical = "ソフト\"バンク\"\xff";
  JsonAppender json;
  AppendEntityLine(e, &json);  // no variants, no documents
  EXPECT_EQ(json.text(), DumpLine(ReferenceLine(e)));
  e.variants = {{"ソフトバンク", 3}, {"SoftBank\t", -1}, {"", 0}};
  e.docs = {"d1", "d\n2", "d1"};
  for (int round = 0; round < 2; ++round) {
    json.Clear();
    AppendEntityLine(e, &json);
    EXPECT_EQ(json.text(), DumpLine(ReferenceLine(e)));
  }
}

TEST(JsonlWriterTest, WritesTheLinesOfTheDom) {
  const std::string dir = std::filesystem::path(TempPath("out")).string();
  std::filesystem::create_directories(dir);
  const std::vector<StoredMention> mentions = AwkwardMentions();
  EntityRecord entity;
  entity.entity_id = "P-1";
  entity.canonical = "ゲイツ";
  entity.variants = {{"ゲイツ", 2}};
  entity.docs = {"d1", "d3"};
  {
    ASSERT_OK_AND_ASSIGN(auto file, JsonlFile::Create(dir, "e.jsonl"));
    ASSERT_OK(file->WriteMentions("d1", mentions));
    ASSERT_OK(file->WriteMentions("d2", {}));
    ASSERT_OK(file->WriteMentions("d3", {mentions[0]}));
    ASSERT_OK(file->WriteEntity(entity));
    ASSERT_OK(file->Commit());
  }
  std::string expected;
  for (const StoredMention& m : mentions) {
    expected += DumpLine(ReferenceLine(m, "d1")) + "\n";
  }
  expected += DumpLine(ReferenceLine(mentions[0], "d3")) + "\n";
  expected += DumpLine(ReferenceLine(entity)) + "\n";
  std::ifstream in(dir + "/e.jsonl", std::ios::binary);
  const std::string written((std::istreambuf_iterator<char>(in)),
                            std::istreambuf_iterator<char>());
  EXPECT_EQ(written, expected);
}

TEST(StoreTest, MentionsColumnIsTheDomDumpOfTheMentionArrays) {
  const std::string path = TempPath("encoded.db");
  const std::vector<StoredMention> mentions = AwkwardMentions();
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
    ASSERT_OK(store->Begin());
    ASSERT_OK(store->PutDocument(Doc("d1"), mentions));
    ASSERT_OK(store->PutDocument(Doc("d2"), {}));
    ASSERT_OK(store->Commit());
  }
  // The encoding of schema version 5, through a DOM.
  nlohmann::json all = nlohmann::json::array();
  for (const StoredMention& m : mentions) {
    nlohmann::json row = nlohmann::json::array();
    row.push_back(EntityTypeName(m.type));
    row.push_back(m.text);
    row.push_back(m.start);
    row.push_back(m.end);
    row.push_back(m.entity_id.empty() ? nlohmann::json(nullptr)
                                      : nlohmann::json(m.entity_id));
    row.push_back(m.norm ? nlohmann::json(*m.norm) : nlohmann::json(nullptr));
    row.push_back(m.value ? nlohmann::json(*m.value)
                          : nlohmann::json(nullptr));
    row.push_back(m.value_max ? nlohmann::json(*m.value_max)
                              : nlohmann::json(nullptr));
    row.push_back(m.unit);
    row.push_back(m.counter);
    row.push_back(m.qualifier);
    row.push_back(m.source);
    row.push_back(m.duration ? nlohmann::json(*m.duration)
                             : nlohmann::json(nullptr));
    row.push_back(m.weekday);
    row.push_back(m.norm_begin);
    row.push_back(m.norm_end);
    row.push_back(m.alias_of ? nlohmann::json(*m.alias_of)
                             : nlohmann::json(nullptr));
    all.push_back(std::move(row));
  }
  EXPECT_EQ(
      RawSql(path, "SELECT mentions FROM documents ORDER BY seq"),
      (std::vector<std::string>{
          all.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
          "[]"}));
}

TEST(StoreTest, EntityDocsInBulkAreThoseAddedOneByOne) {
  const std::string path = TempPath("bulk.db");
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  ASSERT_OK(store->Begin());
  // 75 rows: two full statements' worth and single rows, with repeats
  // (within a statement, across statements and of rows already stored).
  ASSERT_OK(store->AddEntityDoc("P-a", 3));
  std::vector<std::pair<std::string_view, int64_t>> rows;
  std::vector<std::string> expected;
  for (int64_t seq = 1; seq <= 25; ++seq) {
    for (std::string_view id : {"P-a", "P-b", "P-c"}) {
      rows.emplace_back(id, id == "P-c" ? seq % 7 : seq);
      expected.push_back(
          absl::StrCat(std::string(id), "|", rows.back().second));
    }
  }
  ASSERT_OK(store->AddEntityDocs(rows));
  ASSERT_OK(store->AddEntityDocs({}));
  ASSERT_OK(store->Commit());
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()),
                 expected.end());
  std::vector<std::string> stored =
      RawSql(path, "SELECT entity_id, doc_seq FROM entity_docs");
  std::sort(stored.begin(), stored.end());
  EXPECT_EQ(stored, expected);
}

TEST(StoreTest, CooccurringEntitiesAreThoseOfTheEntitysLatestDocuments) {
  const std::string path = TempPath("cooccurring.db");
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  ASSERT_OK(store->Begin());
  // Document k mentions P-a and the entities listed for it.
  const std::vector<std::vector<std::string>> docs = {
      {"P-a", "C-x", "P-b"}, {"P-a", "C-y", "C-x"}, {"P-b", "C-z"},
      {"P-a", "O-w", ""}};
  for (size_t i = 0; i < docs.size(); ++i) {
    const int64_t seq = static_cast<int64_t>(i) + 1;
    StoredDocument d = Doc(absl::StrCat("d", seq));
    d.seq = seq;
    std::vector<StoredMention> mentions;
    for (const std::string& id : docs[i]) {
      StoredMention m;
      m.type = id.empty() ? EntityType::kDate : EntityType::kPerson;
      m.text = id.empty() ? "昨年" : id;
      m.entity_id = id;
      mentions.push_back(m);
      if (!id.empty()) {
        ASSERT_OK(store->AddEntityDoc(id, seq));
      }
    }
    ASSERT_OK(store->PutDocument(d, mentions));
  }
  ASSERT_OK(store->Commit());
  using V = std::vector<std::string>;
  auto cooccurring = [&](const std::string& id, int64_t except, int64_t max) {
    absl::StatusOr<V> ids = store->CooccurringEntities(id, except, max);
    EXPECT_TRUE(ids.ok()) << ids.status();
    return ids.ok() ? *ids : V{"error"};
  };
  // Sorted, each once, never the entity itself or an empty id.
  EXPECT_EQ(cooccurring("P-a", 0, 100), (V{"C-x", "C-y", "O-w", "P-b"}));
  // The document being reconciled is left out.
  EXPECT_EQ(cooccurring("P-a", 4, 100), (V{"C-x", "C-y", "P-b"}));
  // Only the latest documents: 4, then 2.
  EXPECT_EQ(cooccurring("P-a", 0, 1), (V{"O-w"}));
  EXPECT_EQ(cooccurring("P-a", 4, 1), (V{"C-x", "C-y"}));
  EXPECT_EQ(cooccurring("P-none", 0, 100), V{});
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

// Another name for the store: a hard link or a symlink to it.
enum class Link { kHard, kSymlink };

std::string LinkTo(const std::string& path, Link kind,
                   const std::string& name) {
  const std::string link = TempPath(name);
  if (kind == Link::kHard) {
    std::filesystem::create_hard_link(path, link);
  } else {
    // Relative, from another folder: nothing in common with `path`.
    std::filesystem::create_directories(
        std::filesystem::path(link).parent_path() / "sub");
    const std::string in_sub =
        (std::filesystem::path(link).parent_path() / "sub" / name).string();
    std::filesystem::remove(in_sub);
    std::filesystem::create_symlink(
        "../" + std::filesystem::path(path).filename().string(), in_sub);
    return in_sub;
  }
  return link;
}

TEST(StoreTest, SecondOpenThroughALinkWaitsForTheFirst) {
  for (Link kind : {Link::kHard, Link::kSymlink}) {
    SCOPED_TRACE(kind == Link::kHard ? "hard link" : "symlink");
    const std::string path = TempPath("linked.db");
    ASSERT_OK_AND_ASSIGN(auto first, Store::Open(path));
    const std::string link = LinkTo(path, kind, "link.db");
    StoreOptions options;
    options.lock_timeout_seconds = 0;
    std::string waited;
    options.on_wait = [&](std::string_view m) { waited = m; };
    auto second = Store::Open(link, options);
    ASSERT_FALSE(second.ok());
    EXPECT_NE(second.status().message().find(
                  "store " + link + " is in use by another kiji process"),
              std::string::npos)
        << second.status();
    EXPECT_NE(waited.find("waiting"), std::string::npos);
    // The first store is unharmed and usable; once it is closed, the link
    // opens.
    ASSERT_OK(first->Begin());
    ASSERT_OK(first->PutDocument(Doc("d1"), {}));
    ASSERT_OK(first->Commit());
    first.reset();
    ASSERT_OK_AND_ASSIGN(auto again, Store::Open(link, options));
    ASSERT_OK_AND_ASSIGN(bool has, again->HasDocument("d1"));
    EXPECT_TRUE(has);
  }
}

// The same across processes: a child holds the store through one name, the
// parent opens it through another.
TEST(StoreTest, AnotherProcessHoldingTheStoreThroughALinkMakesOpenWait) {
  for (Link kind : {Link::kHard, Link::kSymlink}) {
    SCOPED_TRACE(kind == Link::kHard ? "hard link" : "symlink");
    const std::string path = TempPath("shared.db");
    { ASSERT_OK_AND_ASSIGN(auto create, Store::Open(path)); }
    const std::string link = LinkTo(path, kind, "shared_link.db");
    int ready[2], done[2];
    ASSERT_EQ(::pipe(ready), 0);
    ASSERT_EQ(::pipe(done), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto held = Store::Open(path);
      char c = held.ok() ? 'y' : 'n';
      (void)!::write(ready[1], &c, 1);
      (void)!::read(done[0], &c, 1);  // until the parent has tried
      ::_exit(0);
    }
    char c = 0;
    ASSERT_EQ(::read(ready[0], &c, 1), 1);
    ASSERT_EQ(c, 'y');
    StoreOptions options;
    options.lock_timeout_seconds = 0;
    auto second = Store::Open(link, options);
    ASSERT_EQ(::write(done[1], "x", 1), 1);
    int status = 0;
    ::waitpid(child, &status, 0);
    for (int fd : {ready[0], ready[1], done[0], done[1]}) ::close(fd);
    ASSERT_FALSE(second.ok());
    EXPECT_NE(
        second.status().message().find("is in use by another kiji process"),
        std::string::npos)
        << second.status();
    // The child has exited: free again.
    ASSERT_OK_AND_ASSIGN(auto after, Store::Open(link, options));
  }
}

// A store with a few documents and entities, closed.
std::string MakeStore(const std::string& name) {
  const std::string path = TempPath(name);
  auto store = Store::Open(path);
  EXPECT_TRUE(store.ok()) << store.status();
  if (!store.ok()) return path;
  EXPECT_OK((*store)->Begin());
  for (int i = 0; i < 300; ++i) {
    StoredDocument d = Doc(absl::StrCat("doc", 1000 + i));
    d.normalized = std::string(2000, static_cast<char>('a' + i % 26));
    EXPECT_OK((*store)->PutDocument(d, {}));
    EntityRecord e;
    e.entity_id = absl::StrCat("P-", i);
    e.canonical = absl::StrCat("Name ", i);
    e.seq = i + 1;
    EXPECT_OK((*store)->PutEntity(e));
    EXPECT_OK((*store)->AddVariant(e.entity_id, e.canonical, 1));
  }
  EXPECT_OK((*store)->Commit());
  return path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// The first 512 bytes of a few pages (not the file header's) overwritten
// with seeded random bytes, as a damaged disk sector leaves them: refused
// with what SQLite found and how to recover, and the file left as it was.
TEST(StoreTest, OpenRefusesADamagedStore) {
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE(seed);
    const std::string path = MakeStore("damaged.db");
    std::string bytes = ReadFile(path);
    const size_t pages = bytes.size() / 4096;
    ASSERT_GT(pages, 20u);
    std::mt19937 random(seed);
    for (int k = 0; k < 4; ++k) {
      const size_t page = 1 + random() % (pages - 1);
      for (size_t i = 0; i < 512; ++i) {
        bytes[page * 4096 + i] = static_cast<char>(random() & 0xff);
      }
    }
    WriteBytes(path, bytes);
    auto store = Store::Open(path);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_NE(store.status().message().find("store " + path + " is damaged: "),
              std::string::npos)
        << store.status();
    EXPECT_NE(store.status().message().find("restore it from a backup"),
              std::string::npos)
        << store.status();
    EXPECT_TRUE(ReadFile(path) == bytes) << "the damaged store was changed";
  }
}

// Damage that only `PRAGMA integrity_check` finds: an index entry that no
// longer matches its row (a stored document would look new and be stored
// again). The quick check of every open misses it; after an unclean stop
// (the unfinished-run marker set) the full check refuses the store.
TEST(StoreTest, FullCheckAfterAnUncleanStopFindsIndexDamage) {
  const std::string path = MakeStore("index.db");
  RawSql(path, "INSERT INTO meta(key, value) VALUES ('unfinished', 'x')");
  std::string bytes = ReadFile(path);
  // The first index leaf page (type 10) that holds document ids.
  size_t at = std::string::npos;
  for (size_t page = 1; page < bytes.size() / 4096 && at == std::string::npos;
       ++page) {
    if (bytes[page * 4096] != 10) continue;
    at = bytes.find("doc1", page * 4096);
    if (at >= (page + 1) * 4096) at = std::string::npos;
  }
  ASSERT_NE(at, std::string::npos);
  bytes[at + 6] = bytes[at + 6] == '9' ? '8' : '9';  // doc1xYz: still a key
  WriteBytes(path, bytes);
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));  // quick check only
  }
  StoreOptions options;
  options.unfinished_marker = "unfinished";
  auto store = Store::Open(path, options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(store.status().message().find("store " + path + " is damaged: "),
            std::string::npos)
      << store.status();
  EXPECT_NE(store.status().message().find("missing from index"),
            std::string::npos)
      << store.status();
}

TEST(StoreTest, OpenRefusesATruncatedStoreAndAFileThatIsNotSQLite) {
  const std::string truncated = MakeStore("truncated.db");
  const std::string bytes = ReadFile(truncated);
  WriteBytes(truncated, bytes.substr(0, bytes.size() / 2));
  const std::string text = TempPath("notes.txt");
  WriteBytes(text, std::string(10000, 'x'));
  struct Case {
    std::string path;
    std::string message;
  } cases[] = {
      {truncated, "store " + truncated + " is damaged: "},
      {text, "store " + text +
                 " is damaged or is not a kiji store: file is not a database"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    const std::string before = ReadFile(c.path);
    auto store = Store::Open(c.path);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_NE(store.status().message().find(c.message), std::string::npos)
        << store.status();
    EXPECT_TRUE(ReadFile(c.path) == before) << "the file was changed";
  }
}

// Errors say what happened in the user's words, with the store's path and
// the cause; no SQL, no names of functions.
TEST(StoreTest, ErrorsNameTheStoreAndTheCause) {
  const std::string dir = TempPath("messages");
  std::filesystem::create_directories(dir + "/folder.db");
  struct Case {
    std::string path;
    std::string message;
  } cases[] = {
      {dir + "/folder.db",
       "store " + dir + "/folder.db: is a folder, not a file (Is a directory)"},
      {dir + "/missing/corpus.db",
       "store " + dir + "/missing/corpus.db: cannot create the file: folder " +
           dir + "/missing does not exist (No such file or directory)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    auto store = Store::Open(c.path);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().message(), c.message);
  }
  // A statement that fails: what kiji was doing and SQLite's reason.
  const std::string path = TempPath("twice.db");
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  ASSERT_OK(store->Begin());
  ASSERT_OK(store->PutDocument(Doc("d1"), {}));
  const absl::Status twice = store->PutDocument(Doc("d1"), {});
  EXPECT_EQ(twice.message(),
            "store " + path +
                ": cannot store document d1: UNIQUE constraint failed: "
                "documents.doc_id");
  ASSERT_OK(store->Rollback());
}

TEST(StoreTest, WhatReconciliationReadsRoundTrips) {
  const std::string path = TempPath("spans.db");
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  const std::vector<StoredMention> mentions = AwkwardMentions();
  StoredDocument doc = Doc("d1");
  doc.list_ord = 41;
  doc.warnings = {"mixed encodings", "line 3: \"quoted\""};
  doc.normalized = "ボストン・コンサルティング・グループ(BCG)";
  ASSERT_OK(store->Begin());
  ASSERT_OK(store->PutDocument(doc, mentions));
  ASSERT_OK(store->Commit());
  ASSERT_OK_AND_ASSIGN(auto back, store->Mentions("d1"));
  ASSERT_EQ(back.size(), mentions.size());
  for (size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].norm_begin, mentions[i].norm_begin) << i;
    EXPECT_EQ(back[i].norm_end, mentions[i].norm_end) << i;
    EXPECT_EQ(back[i].alias_of, mentions[i].alias_of) << i;
  }
  EXPECT_EQ(back[1].alias_of, 0u);
  EXPECT_FALSE(back[0].alias_of.has_value());
  ASSERT_OK_AND_ASSIGN(auto reader, store->ReadListing());
  ListedItem item;
  ASSERT_OK_AND_ASSIGN(bool any, reader->Next(&item));
  ASSERT_TRUE(any);
  EXPECT_TRUE(item.stored);
  EXPECT_EQ(item.document.list_ord, 41);
  EXPECT_EQ(item.document.warnings, doc.warnings);
  EXPECT_EQ(item.document.normalized, doc.normalized);
  EXPECT_EQ(item.mentions.size(), mentions.size());
  reader.reset();
  const std::vector<std::string> rows =
      RawSql(path,
             "SELECT type, norm_begin, norm_end, alias_of FROM mentions "
             "WHERE ord < 2 ORDER BY ord");
  EXPECT_EQ(rows, (std::vector<std::string>{"PERSON|7|4000000000|NULL",
                                            "COMPANY|7|4000000000|0"}));
}

TEST(StoreTest, ListingInterleavesDocumentsAndReportsInListingOrder) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(TempPath("listing.db")));
  ASSERT_OK(store->Begin());
  for (const auto& [id, ord] : std::vector<std::pair<std::string, int64_t>>{
           {"d5", 5}, {"d1", 1}, {"d3", 3}}) {
    StoredDocument d = Doc(id);
    d.list_ord = ord;
    ASSERT_OK(store->PutDocument(d, {}));
  }
  FileReport error;
  error.path = "in/e2.txt";
  error.list_ord = 2;
  error.status = "error";
  error.error = "binary file";
  FileReport duplicate;
  duplicate.path = "in/c4.txt";
  duplicate.list_ord = 4;
  duplicate.status = "duplicate";
  duplicate.doc_id = "d1";
  duplicate.duplicate_of = "in/d1.txt";
  duplicate.duplicate_of_doc = "d1";
  ASSERT_OK(store->PutReport(error));
  ASSERT_OK(store->PutReport(duplicate));
  // A later report of a path replaces the earlier one; a stored file's is
  // forgotten.
  FileReport gone = error;
  gone.path = "in/d3.txt";
  gone.list_ord = 3;
  ASSERT_OK(store->PutReport(gone));
  ASSERT_OK(store->DeleteReport("in/d3.txt"));
  ASSERT_OK(store->Commit());
  ASSERT_OK_AND_ASSIGN(int64_t reports, store->CountReports());
  EXPECT_EQ(reports, 2);
  ASSERT_OK_AND_ASSIGN(auto reader, store->ReadListing());
  std::vector<std::string> seen;
  ListedItem item;
  while (true) {
    ASSERT_OK_AND_ASSIGN(bool more, reader->Next(&item));
    if (!more) break;
    seen.push_back(item.stored
                       ? absl::StrCat("doc ", item.document.doc_id)
                       : absl::StrCat(item.report.status, " ",
                                      item.report.path, " ",
                                      item.report.duplicate_of_doc));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "doc d1", "error in/e2.txt ", "doc d3",
                      "duplicate in/c4.txt d1", "doc d5"}));
}

TEST(StoreTest, ExistingKijiStoreIsRequiredWhenAsked) {
  StoreOptions options;
  options.existing_kiji_store = true;
  // An SQLite database without kiji's tables.
  const std::string foreign = TempPath("foreign.db");
  RawSql(foreign, "CREATE TABLE t(x)");
  absl::StatusOr<std::unique_ptr<Store>> opened = Store::Open(foreign, options);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(opened.status().message().find("not a kiji store"),
            std::string::npos)
      << opened.status();
  EXPECT_EQ(RawSql(foreign, "SELECT name FROM sqlite_schema"),
            std::vector<std::string>{"t"});  // nothing written
  // Another schema version.
  const std::string old = TempPath("old.db");
  { ASSERT_OK(Store::Open(old).status()); }
  RawSql(old, "UPDATE meta SET value = '4' WHERE key = 'schema_version'");
  opened = Store::Open(old, options);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.status().message().find("schema version 4"),
            std::string::npos)
      << opened.status();
  // A store made by this kiji opens, and says which schema it was made with.
  const std::string current = TempPath("current.db");
  { ASSERT_OK(Store::Open(current).status()); }
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(current, options));
  ASSERT_OK_AND_ASSIGN(auto created, store->GetMeta("created_schema"));
  EXPECT_EQ(created, "5");
}

TEST(StoreTest, ReplaceFileWithPutsTheCopyInPlaceUnderTheLock) {
  const std::string path = TempPath("replaced.db");
  const std::string copy = path + ".copy";
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(path));
  ASSERT_OK(store->Begin());
  ASSERT_OK(store->PutDocument(Doc("d1"), {}));
  ASSERT_OK(store->Commit());
  ASSERT_OK(store->CopyTo(copy));
  {
    ASSERT_OK_AND_ASSIGN(auto other, Store::Open(copy));
    ASSERT_OK(other->Begin());
    ASSERT_OK(other->PutDocument(Doc("d2"), {}));
    ASSERT_OK(other->Commit());
  }
  ASSERT_OK(store->ReplaceFileWith(copy));
  store.reset();
  EXPECT_FALSE(std::filesystem::exists(copy));
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
  ASSERT_OK_AND_ASSIGN(auto reopened, Store::Open(path));
  ASSERT_OK_AND_ASSIGN(int64_t docs, reopened->CountDocuments());
  EXPECT_EQ(docs, 2);
}

}  // namespace
}  // namespace kiji::store
