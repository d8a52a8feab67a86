#include "pipeline/json_lines.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "store/jsonl_writer.h"

namespace kiji::pipeline {

// A byte scan rather than a SAX pre-pass or a parse callback: it allocates
// nothing, costs one pass over bytes the parser reads anyway (a SAX pass
// would tokenise the line twice), and a callback sees `depth` only while the
// parser is already building the nested values.
bool NestedDeeperThan(std::string_view line, int limit) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character, '"' or '\\' included
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      if (--depth < 0) return false;
    }
  }
  return false;
}

absl::StatusOr<nlohmann::ordered_json> ParseJsonLine(std::string_view line) {
  if (NestedDeeperThan(line, kMaxJsonLineDepth)) {
    return absl::InvalidArgumentError(
        absl::StrCat("nested too deeply (limit ", kMaxJsonLineDepth, ")"));
  }
  try {
    return nlohmann::ordered_json::parse(line);
  } catch (const nlohmann::ordered_json::parse_error& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("not valid JSON (syntax error at byte ", e.byte, ")"));
  } catch (const nlohmann::ordered_json::exception& e) {
    // A number beyond the range of double ("[1e999]", out_of_range.406).
    std::string what = e.what();
    if (const size_t end = what.find("] "); end != std::string::npos) {
      what.erase(0, end + 2);  // "[json.exception.…] "
    }
    return absl::InvalidArgumentError(
        absl::StrCat("not valid JSON (", what, ")"));
  }
}

std::string ErrorLine(const nlohmann::ordered_json* input, size_t line_no,
                      std::string_view error) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (input != nullptr && input->is_object()) {
    if (auto id = input->find("id"); id != input->end()) j["id"] = *id;
  }
  j["line"] = line_no;
  j["error"] = error;
  std::string out = store::DumpLine(j);
  out += '\n';
  return out;
}

}  // namespace kiji::pipeline
