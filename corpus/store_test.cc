#include "corpus/store.h"

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
#include "corpus/jsonl_writer.h"
#include "corpus/name_matcher.h"
#include "corpus/reconciler.h"
#include "corpus/status_macros.h"
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

// Runs `sql` on the database file at `path` outside the Store; returns the
// rows, one string per row with columns joined by '|' (NULL as "NULL").
std::vector<std::string> RawSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::vector<std::string> rows;
  char* err = nullptr;
  const int rc = sqlite3_exec(
      db, sql.c_str(),
      [](void* out, int n, char** values, char**) {
        std::string row;
        for (int i = 0; i < n; ++i) {
          if (i > 0) row += '|';
          row += values[i] ? values[i] : "NULL";
        }
        static_cast<std::vector<std::string>*>(out)->push_back(row);
        return 0;
      },
      &rows, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
  return rows;
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
            (std::vector<std::string>{"DURATION|3年半|NULL|P3Y6M|",
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
    EXPECT_EQ(version, "3");
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
  out.push_back(person);
  StoredMention bad_utf8 = person;
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
  // The encoding of schema version 2, through a DOM.
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
    all.push_back(std::move(row));
  }
  EXPECT_EQ(
      RawSql(path, "SELECT mentions FROM documents ORDER BY seq"),
      (std::vector<std::string>{
          all.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
          "[]"}));
}

// Reconciles `texts` (PERSON mentions) as one document stored with `seq`;
// returns the entity id of each mention.
absl::StatusOr<std::vector<std::string>> ReconcileIds(
    Store* store, Reconciler* reconciler, const std::string& doc_id,
    int64_t seq, const std::vector<std::string>& texts) {
  Document doc;
  std::vector<StoredMention> mentions;
  for (const std::string& text : texts) {
    Mention m;
    m.type = EntityType::kPerson;
    doc.mentions.push_back(m);
    StoredMention s;
    s.type = EntityType::kPerson;
    s.text = text;
    mentions.push_back(s);
  }
  RETURN_IF_ERROR(reconciler->Reconcile(doc, seq, &mentions));
  StoredDocument stored = Doc(doc_id);
  stored.seq = seq;
  RETURN_IF_ERROR(store->PutDocument(stored, mentions));
  std::vector<std::string> ids;
  for (const StoredMention& m : mentions) ids.push_back(m.entity_id);
  return ids;
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
    Document doc;
    doc.normalized = normalized;
    std::vector<StoredMention> mentions;
    size_t from = 0;
    for (const auto& [type, text] : names) {
      const size_t at = normalized.find(text, from);
      if (at == std::string::npos) return absl::InternalError(text);
      from = at + text.size();
      Mention m;
      m.type = type;
      m.norm_begin = static_cast<uint32_t>(at);
      m.norm_end = static_cast<uint32_t>(from);
      doc.mentions.push_back(m);
      StoredMention s;
      s.type = type;
      s.text = text;
      mentions.push_back(s);
    }
    RETURN_IF_ERROR(reconciler->Reconcile(doc, seq, &mentions));
    StoredDocument stored = Doc(doc_id);
    stored.seq = seq;
    RETURN_IF_ERROR(store->PutDocument(stored, mentions));
    std::vector<std::string> ids;
    for (const StoredMention& m : mentions) ids.push_back(m.entity_id);
    return ids;
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

}  // namespace
}  // namespace kiji::corpus
