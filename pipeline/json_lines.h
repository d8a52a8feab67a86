// JSON Lines input of the streaming commands (`kiji extract --jsonl`,
// `kiji match --jsonl`): one input line parsed into a value whose nesting is
// bounded, and the output line that answers a line that could not be used.
//
// Why a bound: nlohmann's parser is iterative, but copying, comparing and
// dumping a value recurse once per level, so a line such as
// `{"text":"x","d":[[[…]]]}` 100,000 levels deep overflows the stack when
// its fields are passed through. `ParseJsonLine` refuses such a line before
// anything is built. Stateless functions; thread-safe.
#ifndef KIJI_PIPELINE_JSON_LINES_H_
#define KIJI_PIPELINE_JSON_LINES_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace kiji::pipeline {

// Most levels of arrays and objects a line may hold (the line's top-level
// object is level 1).
inline constexpr int kMaxJsonLineDepth = 64;

// True when `line` opens more than `limit` arrays or objects at once,
// counting brackets outside JSON strings. Exact for every prefix that is
// valid JSON (strings and their escapes are skipped as the parser skips
// them); on the first closing bracket without an opener the scan stops
// (false), since the parser fails there too.
bool NestedDeeperThan(std::string_view line, int limit);

// Parses one line. InvalidArgument with the reason as its message:
// "nested too deeply (limit 64)" (checked first, so nothing deep is ever
// built), "not valid JSON (syntax error at byte N)" (N counted from 1) or
// "not valid JSON (number overflow parsing '1e999')".
// Does not check the value's type.
absl::StatusOr<nlohmann::ordered_json> ParseJsonLine(std::string_view line);

// The output line (with its '\n') that answers input line `line_no`
// (1-based, counting every line of the input) with `error`:
// {"id": …, "line": N, "error": "…"}; "id" is copied from `input` when it is
// an object with that field, and left out otherwise (pass null when the
// line did not parse).
std::string ErrorLine(const nlohmann::ordered_json* input, size_t line_no,
                      std::string_view error);

}  // namespace kiji::pipeline

#endif  // KIJI_PIPELINE_JSON_LINES_H_
