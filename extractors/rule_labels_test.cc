// Checks docs/rule_labels.md, the list of `source` labels, against the code
// of the extractors and against the golden outputs: the list is neither
// short of a rule the code writes nor longer than what the code writes.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "gtest/gtest.h"

namespace kiji::extractors {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = KIJI_SOURCE_DIR;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The label a rule gives a mention of `type`: "<type>.<rule>" in lower case,
// "amount.<rule>" for PERCENT, the rule alone for DURATION.
std::string Label(const std::string& type, const std::string& rule) {
  if (type == "DURATION") return rule;
  if (type == "PERCENT") return "amount." + rule;
  std::string t = type;
  std::transform(t.begin(), t.end(), t.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return t + "." + rule;
}

struct Table {
  std::map<std::string, std::set<std::string>> types_of_rule;
  std::set<std::pair<std::string, std::string>> typed_labels;  // (type, label)
  std::set<std::string> labels;
};

// Rows `| `rule` | TYPE TYPE | where | meaning |` of docs/rule_labels.md.
Table ReadTable() {
  Table t;
  std::istringstream in(ReadFile(kSource / "docs/rule_labels.md"));
  const std::regex row(R"(^\| `([a-z_]+)` \| ([A-Z ]+) \|)");
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_search(line, m, row)) continue;
    const std::string rule = m[1];
    std::istringstream types(m[2].str());
    std::string type;
    while (types >> type) {
      EXPECT_TRUE(t.types_of_rule[rule].insert(type).second)
          << rule << ": " << type << " twice";
      t.typed_labels.emplace(type, Label(type, rule));
      t.labels.insert(Label(type, rule));
    }
  }
  return t;
}

// The extractors' sources, tests left out.
std::vector<std::pair<std::string, std::string>> ExtractorSources() {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& e : fs::recursive_directory_iterator(kSource / "extractors")) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".cc" || name.ends_with("_test.cc")) continue;
    files.emplace_back(fs::relative(e.path(), kSource).string(),
                       ReadFile(e.path()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Full labels written as literals ("date.era", "amount.ja", "duration").
std::set<std::string> LabelLiterals(const std::string& code) {
  static const std::regex literal(
      R"re("((?:person|company|org|product|location|date|amount)\.[a-z_]+|duration)")re");
  std::set<std::string> out;
  for (std::sregex_iterator it(code.begin(), code.end(), literal), end;
       it != end; ++it) {
    out.insert((*it)[1]);
  }
  return out;
}

// The rules of the names wing: the string literals among the arguments of
// SetType(...), Type(...) and AddTyped(...) calls (the rule is the last
// argument, sometimes a choice between two literals).
std::set<std::string> TypedCallRules(const std::string& code) {
  static const std::regex call(R"((^|[^A-Za-z0-9_.>])(SetType|Type|AddTyped)\()");
  static const std::regex word(R"re("([a-z_]+)")re");
  std::set<std::string> out;
  for (std::sregex_iterator it(code.begin(), code.end(), call), end;
       it != end; ++it) {
    size_t i = it->position() + it->length();
    const size_t begin = i;
    for (int depth = 1; i < code.size() && depth > 0; ++i) {
      if (code[i] == '(') ++depth;
      if (code[i] == ')') --depth;
    }
    const std::string args = code.substr(begin, i - begin);
    if (args.find(';') != std::string::npos) continue;  // a declaration's body
    for (std::sregex_iterator w(args.begin(), args.end(), word), wend;
         w != wend; ++w) {
      out.insert((*w)[1]);
    }
  }
  return out;
}

TEST(RuleLabelsTest, TheListIsReadable) {
  const Table t = ReadTable();
  // Names, dates and amounts have rules of their own.
  EXPECT_GT(t.types_of_rule.size(), 30u);
  EXPECT_TRUE(t.labels.contains("person.katakana_name"));
  EXPECT_TRUE(t.labels.contains("date.era"));
  EXPECT_TRUE(t.labels.contains("amount.ja"));
  EXPECT_TRUE(t.labels.contains("duration"));
}

TEST(RuleLabelsTest, EveryLabelTheCodeWritesIsListed) {
  const Table t = ReadTable();
  for (const auto& [path, code] : ExtractorSources()) {
    for (const std::string& label : LabelLiterals(code)) {
      EXPECT_TRUE(t.labels.contains(label))
          << path << " writes \"" << label
          << "\", which docs/rule_labels.md does not list";
    }
    if (path.find("extractors/names/") == std::string::npos) continue;
    for (const std::string& rule : TypedCallRules(code)) {
      EXPECT_TRUE(t.types_of_rule.contains(rule))
          << path << " types a name with rule \"" << rule
          << "\", which docs/rule_labels.md does not list";
    }
  }
}

TEST(RuleLabelsTest, EveryListedRuleIsWrittenByTheCode) {
  const Table t = ReadTable();
  std::set<std::string> written_rules;
  std::set<std::string> written_labels;
  for (const auto& [path, code] : ExtractorSources()) {
    for (const std::string& l : LabelLiterals(code)) written_labels.insert(l);
    if (path.find("extractors/names/") == std::string::npos) continue;
    for (const std::string& r : TypedCallRules(code)) written_rules.insert(r);
  }
  for (const auto& [rule, types] : t.types_of_rule) {
    bool written = written_rules.contains(rule);
    for (const std::string& type : types) {
      if (written_labels.contains(Label(type, rule))) written = true;
    }
    EXPECT_TRUE(written) << "docs/rule_labels.md lists \"" << rule
                         << "\", which no extractor writes";
  }
}

TEST(RuleLabelsTest, EverySourceOfTheGoldenOutputsIsListedForItsType) {
  const Table t = ReadTable();
  size_t checked = 0;
  for (const auto& e : fs::recursive_directory_iterator(kSource / "tests/golden")) {
    if (e.path().filename() != "expected.jsonl") continue;
    std::ifstream in(e.path());
    std::string line;
    while (std::getline(in, line)) {
      const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object() || !j.contains("source")) continue;
      const std::string type = j.value("type", "");
      const std::string source = j.value("source", "");
      EXPECT_TRUE(t.typed_labels.contains({type, source}))
          << e.path() << ": " << type << " from \"" << source
          << "\", which docs/rule_labels.md does not list for " << type;
      ++checked;
    }
  }
  EXPECT_GT(checked, 500u);
}

}  // namespace
}  // namespace kiji::extractors
