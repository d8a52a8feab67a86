// `kiji review` (issue 19): the page's data blob read back from the HTML the
// binary writes for a store of the samples, and the sentence cutting and
// script escaping it is made with. The page's script is tested in a browser
// by tests/review_browser_test.py.
#include "pipeline/review.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/testing/cli.h"

namespace {

namespace fs = std::filesystem;
using kiji::pipeline::EscapeJsonForScript;
using kiji::pipeline::MentionContext;
using kiji::pipeline::SentenceAround;
using kiji::testing::FreshDir;
using kiji::testing::ParseJsonLines;
using kiji::testing::ReadAll;
using kiji::testing::ReadJsonl;
using kiji::testing::RunKijiShell;
using kiji::testing::ShellResult;
using nlohmann::json;

const fs::path kSamples = fs::path(KIJI_SOURCE_DIR) / "samples";
constexpr std::string_view kDataOpen =
    "<script type=\"application/json\" id=\"kiji-data\">";

std::string Ingest(const fs::path& in, const fs::path& out,
                   const fs::path& store) {
  return "ingest '" + in.string() + "' --out '" + out.string() + "' --store '" +
         store.string() + "' --quiet";
}

// The page's data blob, as the browser reads it: the text of the data
// element up to the first "</script>". Null when it is not there or not JSON.
json DataBlob(const std::string& html) {
  const size_t open = html.find(kDataOpen);
  if (open == std::string::npos) return json();
  const size_t begin = open + kDataOpen.size();
  const size_t end = html.find("</script>", begin);
  if (end == std::string::npos) return json();
  return json::parse(html.substr(begin, end - begin), nullptr,
                     /*allow_exceptions=*/false);
}

// The page outside the data blob: the template with its style and script.
std::string Template(const std::string& html) {
  const size_t open = html.find(kDataOpen);
  const size_t end = html.find("</script>", open);
  return html.substr(0, open) + html.substr(end);
}

const json* FindEntity(const json& blob, const std::string& name) {
  for (const json& e : blob["entities"]) {
    if (e["name"] == name) return &e;
  }
  return nullptr;
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::string Str(const json& j) { return j.get<std::string>(); }

std::set<std::string> Ids(const std::vector<json>& rows, const char* key) {
  std::set<std::string> ids;
  for (const json& r : rows) ids.insert(Str(r[key]));
  return ids;
}

// One store of the samples for the whole suite, ingested by absolute path so
// that the articles are found from any folder.
class KijiReviewTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(FreshDir("kiji_review", "suite"));
    store_ = new fs::path(*dir_ / "corpus.db");
    const ShellResult r =
        RunKijiShell(Ingest(kSamples, *dir_ / "out", *store_));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete store_;
  }

  // Runs `kiji review` with `flags` into `<dir>/<name>`; its page.
  static std::string Review(const std::string& name, const std::string& flags,
                            ShellResult* result = nullptr) {
    const fs::path out = *dir_ / name;
    const ShellResult r =
        RunKijiShell("review --store '" + store_->string() + "' --out '" +
                     out.string() + "' " + flags);
    if (result != nullptr) *result = r;
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return fs::exists(out) ? ReadAll(out) : "";
  }

  static fs::path* dir_;
  static fs::path* store_;
};

fs::path* KijiReviewTest::dir_ = nullptr;
fs::path* KijiReviewTest::store_ = nullptr;

TEST_F(KijiReviewTest, EveryEntityOfTheStoreWithItsVariantsAndEvidence) {
  const std::string html = Review("all.html", "");
  const json blob = DataBlob(html);
  ASSERT_TRUE(blob.is_object()) << "no data blob that parses";
  const ShellResult names =
      RunKijiShell("names --json --store '" + store_->string() + "'");
  ASSERT_EQ(names.exit_code, 0) << names.err;
  const std::vector<json> registry = ParseJsonLines(names.out);
  ASSERT_GT(registry.size(), 10u);
  EXPECT_EQ(Ids(blob["entities"], "id"), Ids(registry, "entity_id"));
  EXPECT_EQ(blob["entities"].size(), registry.size());

  // Each entity as `kiji names` shows it: type, name, counts, evidence.
  for (const json& r : registry) {
    SCOPED_TRACE(r.dump());
    const json* e = nullptr;
    for (const json& x : blob["entities"]) {
      if (x["id"] == r["entity_id"]) e = &x;
    }
    ASSERT_NE(e, nullptr);
    EXPECT_EQ((*e)["type"], r["type"]);
    EXPECT_EQ((*e)["name"], r["canonical"]);
    EXPECT_EQ((*e)["docs"], r["docs"].size());
    int64_t mentions = 0;
    std::set<std::tuple<std::string, std::string, std::string>> page_evidence;
    ASSERT_EQ((*e)["variants"].size(), r["variants"].size());
    for (size_t i = 0; i < r["variants"].size(); ++i) {
      const json& v = (*e)["variants"][i];
      EXPECT_EQ(v["text"], r["variants"][i]["text"]);
      EXPECT_EQ(v["count"], r["variants"][i]["count"]);
      mentions += v["count"].get<int64_t>();
      for (const json& x : v["evidence"]) {
        page_evidence.insert({Str(v["text"]), Str(x["rule"]), Str(x["other"])});
      }
    }
    for (const json& x : e->value("evidence", json::array())) {
      page_evidence.insert(
          {Str(x["variant"]), Str(x["rule"]), Str(x["other"])});
    }
    EXPECT_EQ((*e)["mentions"], mentions);
    std::set<std::tuple<std::string, std::string, std::string>> evidence;
    for (const json& x : r["evidence"]) {
      evidence.insert({Str(x["variant"]), Str(x["rule"]), Str(x["other"])});
    }
    EXPECT_EQ(page_evidence, evidence);
  }

  // A cluster the samples merge: the full name and the surname alone.
  const json* chan = FindEntity(blob, "マイケル・チャン");
  ASSERT_NE(chan, nullptr);
  EXPECT_EQ((*chan)["type"], "PERSON");
  std::map<std::string, json> variants;
  for (const json& v : (*chan)["variants"]) variants[Str(v["text"])] = v;
  ASSERT_EQ(variants.size(), 2u) << chan->dump();
  ASSERT_TRUE(variants.count("チャン")) << chan->dump();
  ASSERT_EQ(variants["チャン"]["evidence"].size(), 1u);
  EXPECT_EQ(variants["チャン"]["evidence"][0]["rule"], "doc:surname");
  EXPECT_EQ(variants["チャン"]["evidence"][0]["other"], "マイケル・チャン");
  ASSERT_EQ(variants["チャン"]["contexts"].size(), 1u);
  const json& context = variants["チャン"]["contexts"][0];
  EXPECT_EQ(context["mention"], "チャン");
  EXPECT_NE(Str(context["before"]) + Str(context["after"]), "");

  // Self-contained: no resource is loaded from anywhere, every marker of
  // the template is replaced, and the template's elements are there once.
  const std::string page = Template(html);
  for (const char* outside : {"src=", "href=", "url(", "@import", "{{"}) {
    EXPECT_EQ(page.find(outside), std::string::npos) << outside;
  }
  EXPECT_NE(page.find("<style>"), std::string::npos);
  EXPECT_NE(page.find("function renderEntity"), std::string::npos);
  EXPECT_EQ(html.find(kDataOpen), html.rfind(kDataOpen));
}

// Contexts: per variant, one mention from each of its first N documents,
// in the sentence read from the article file (the Shift_JIS one too).
TEST_F(KijiReviewTest, ContextsPerVariantFollowTheFlag) {
  // (entity_id, variant) -> the documents that mention it.
  std::map<std::pair<std::string, std::string>, std::set<std::string>> docs;
  for (const json& m : ReadJsonl(*dir_ / "out" / "entities.jsonl")) {
    if (!m.contains("entity_id") || m["entity_id"].is_null()) continue;
    docs[{Str(m["entity_id"]), Str(m["text"])}].insert(Str(m["doc_id"]));
  }
  std::map<std::string, std::string> path_of;  // doc_id -> path
  for (const json& d : ReadJsonl(*dir_ / "out" / "documents.jsonl")) {
    path_of[Str(d["doc_id"])] = Str(d["path"]);
  }
  for (const int n : {3, 1, 0}) {
    SCOPED_TRACE(n);
    const std::string html =
        Review("contexts" + std::to_string(n) + ".html",
               n == 3 ? "" : "--contexts " + std::to_string(n));
    const json blob = DataBlob(html);
    ASSERT_TRUE(blob.is_object());
    EXPECT_EQ(blob["contexts"], n);
    size_t total = 0;
    bool sjis_sentence = false;
    for (const json& e : blob["entities"]) {
      for (const json& v : e["variants"]) {
        const std::set<std::string>& in = docs[{Str(e["id"]), Str(v["text"])}];
        SCOPED_TRACE(v.dump());
        EXPECT_EQ(v["contexts"].size(), std::min<size_t>(n, in.size()));
        std::set<std::string> paths;
        for (const json& c : v["contexts"]) {
          ++total;
          EXPECT_EQ(c["mention"], v["text"]);
          const json& doc = blob["docs"][c["doc"].get<size_t>()];
          EXPECT_EQ(c["found"], true);
          paths.insert(Str(doc["path"]));
          const std::string sentence =
              Str(c["before"]) + Str(c["mention"]) + Str(c["after"]);
          EXPECT_EQ(sentence.find('\n'), std::string::npos);
          if (Str(doc["path"]).ends_with("004_sjis_retail.txt") &&
              sentence.size() > Str(c["mention"]).size()) {
            sjis_sentence = true;
          }
        }
        // Each from another document, one the variant occurs in.
        EXPECT_EQ(paths.size(), v["contexts"].size());
        std::set<std::string> in_paths;
        for (const std::string& id : in) in_paths.insert(path_of[id]);
        for (const std::string& p : paths) EXPECT_TRUE(in_paths.count(p)) << p;
      }
    }
    if (n == 0) {
      EXPECT_EQ(total, 0u);
      EXPECT_TRUE(blob["docs"].empty());
    } else {
      EXPECT_GT(total, 0u);
      EXPECT_TRUE(sjis_sentence);
    }
  }
}

TEST_F(KijiReviewTest, TypeFilterKeepsThoseTypes) {
  const json blob = DataBlob(Review("types.html", "--type ORG --type COMPANY"));
  ASSERT_TRUE(blob.is_object());
  EXPECT_EQ(blob["types"], json({"ORG", "COMPANY"}));
  std::set<std::string> expected;
  for (const char* type : {"ORG", "COMPANY"}) {
    const ShellResult r =
        RunKijiShell("names --json --type " + std::string(type) + " --store '" +
                     store_->string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const std::string& id : Ids(ParseJsonLines(r.out), "entity_id")) {
      expected.insert(id);
    }
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(Ids(blob["entities"], "id"), expected);

  const ShellResult r =
      RunKijiShell("review --type DATE --store '" + store_->string() +
                   "' --out '" + (*dir_ / "bad.html").string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--type DATE: expected PERSON, COMPANY, ORG or PRODUCT"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(*dir_ / "bad.html"));
}

TEST(KijiReviewErrorsTest, MissingStoreIsNamedAndNotCreated) {
  const fs::path dir = FreshDir("kiji_review", "missing");
  const fs::path store = dir / "nowhere.db";
  const ShellResult r =
      RunKijiShell("review --store '" + store.string() + "' --out '" +
                   (dir / "r.html").string() + "'");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("store " + store.string() + " does not exist"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(store));
  EXPECT_FALSE(fs::exists(dir / "r.html"));
}

// A name holding "</script>" (given by a canonical override) cannot end the
// data element: the blob still parses and holds the name as it is.
TEST(KijiReviewErrorsTest, ScriptEndInANameIsEscaped) {
  const fs::path dir = FreshDir("kiji_review", "escape");
  const fs::path store = dir / "c.db";
  ASSERT_EQ(RunKijiShell(Ingest(kSamples, dir / "out", store)).exit_code, 0);
  const std::string evil = "</script><script>alert(1)</script><!--";
  kiji::testing::WriteFile(dir / "overrides.tsv",
                           "canonical\tマイケル・チャン\t" + evil + "\n");
  const ShellResult reconciled = RunKijiShell(
      "reconcile --overrides '" + (dir / "overrides.tsv").string() +
      "' --store '" + store.string() + "'");
  ASSERT_EQ(reconciled.exit_code, 0) << reconciled.err;
  const ShellResult r =
      RunKijiShell("review --store '" + store.string() + "' --out '" +
                   (dir / "r.html").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html = ReadAll(dir / "r.html");
  // Only the page's own two script elements end: "<script>" inside the
  // data opens nothing.
  size_t script_ends = 0;
  for (size_t at = 0; (at = html.find("</script", at)) != std::string::npos;
       ++at) {
    ++script_ends;
  }
  EXPECT_EQ(script_ends, 2u);
  const json blob = DataBlob(html);
  ASSERT_TRUE(blob.is_object());
  const json* e = FindEntity(blob, evil);
  ASSERT_NE(e, nullptr);
  bool split_variant = false;
  for (const json& v : (*e)["variants"]) {
    split_variant = split_variant || v["text"] == "チャン";
  }
  EXPECT_TRUE(split_variant);
}

// Contexts come from the store's text: the articles' files are not read,
// so files deleted since, and documents read from an archive, have theirs.
TEST(KijiReviewErrorsTest, ContextsNeedNoArticleFile) {
  const fs::path dir = FreshDir("kiji_review", "moved");
  fs::copy(kSamples, dir / "in");
  const fs::path store = dir / "c.db";
  ASSERT_EQ(RunKijiShell(Ingest(dir / "in", dir / "out", store)).exit_code, 0);
  fs::remove_all(dir / "in");
  const ShellResult r =
      RunKijiShell("review --store '" + store.string() + "' --out '" +
                   (dir / "r.html").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("mention alone"), std::string::npos) << r.err;
  const json blob = DataBlob(ReadAll(dir / "r.html"));
  ASSERT_TRUE(blob.is_object());
  size_t contexts = 0, with_sentence = 0;
  for (const json& e : blob["entities"]) {
    for (const json& v : e["variants"]) {
      for (const json& c : v["contexts"]) {
        ++contexts;
        EXPECT_EQ(c["found"], true) << c.dump();
        if (!Str(c["before"]).empty() || !Str(c["after"]).empty()) {
          ++with_sentence;
        }
      }
    }
  }
  EXPECT_GT(contexts, 10u);
  // Most mentions stand in a sentence with other words.
  EXPECT_GT(with_sentence * 4, contexts * 3) << with_sentence << "/" << contexts;
}

TEST(SentenceAroundTest, CutsTheSentenceAroundTheMention) {
  struct Case {
    std::u32string text;
    size_t start, end;
    MentionContext want;
  };
  const std::u32string long_run(200, U'あ');
  const Case cases[] = {
      // From after the previous end mark through the next one.
      {U"前の文。山田氏は来た。次の文", 4, 6, {"", "山田", "氏は来た。"}},
      {U"Hi! Is Smith here? Yes", 7, 12, {"Is ", "Smith", " here?"}},
      // A line break ends a sentence and is left out; leading spaces too.
      {U"見出し\n　田中氏が語った\n本文", 5, 7, {"", "田中", "氏が語った"}},
      {U"佐藤", 0, 2, {"", "佐藤", ""}},
      // Long sentences are cut to 120 characters, shared evenly, with "…".
      {long_run + U"鈴木" + long_run,
       200,
       202,
       {"…" + Repeat("あ", 59), "鈴木", Repeat("あ", 59) + "…"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.start);
    const std::optional<MentionContext> got =
        SentenceAround(c.text, c.start, c.end);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->before, c.want.before);
    EXPECT_EQ(got->mention, c.want.mention);
    EXPECT_EQ(got->after, c.want.after);
  }
  EXPECT_FALSE(SentenceAround(U"短い", 1, 5).has_value());
  EXPECT_FALSE(SentenceAround(U"短い", 2, 1).has_value());
}

TEST(SentenceAroundTest, AShortSideLeavesItsRoomToTheOther) {
  const std::u32string text = U"。高橋" + std::u32string(300, U'い');
  const std::optional<MentionContext> got = SentenceAround(text, 1, 3);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->before, "");
  EXPECT_EQ(got->after, Repeat("い", 118) + "…");
}

TEST(EscapeJsonForScriptTest, NoTextCanEndTheElement) {
  const json value = {{"name", "</script><!-- a<b </SCRIPT>"}};
  const std::string escaped = EscapeJsonForScript(value.dump());
  EXPECT_EQ(escaped.find("</"), std::string::npos) << escaped;
  EXPECT_EQ(escaped.find("<!--"), std::string::npos) << escaped;
  EXPECT_NE(escaped.find("<\\/script>"), std::string::npos) << escaped;
  EXPECT_EQ(json::parse(escaped), value);
}

}  // namespace
