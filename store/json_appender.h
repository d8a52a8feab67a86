// JSON text without a DOM, for the store's mention column and the output
// files: `JsonAppender` and `DumpLine`. Depends on nothing of the store, so
// that the store (which serialises mentions) and the writers (which read the
// store's records) both build on it without including each other.
#ifndef KIJI_STORE_JSON_APPENDER_H_
#define KIJI_STORE_JSON_APPENDER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "absl/container/flat_hash_map.h"

namespace kiji::store {

// Builds JSON text without a DOM. Values go through nlohmann_json's own
// serializer (string escaping, with invalid UTF-8 replaced as `DumpLine`
// does; number formatting), so the bytes are those of dumping the equivalent
// DOM compactly; the caller appends the punctuation and the (constant, plain
// ASCII) keys with `Raw`. Keep one appender for many values: the serialised
// form of recent strings is remembered (types, sources, names and ids recur
// from document to document).
class JsonAppender {
 public:
  JsonAppender();
  JsonAppender(const JsonAppender&) = delete;
  JsonAppender& operator=(const JsonAppender&) = delete;

  // What was appended since the last `Clear`.
  const std::string& text() const { return out_; }
  void Clear() { out_.clear(); }

  void Raw(std::string_view text) { out_.append(text); }
  void Null() { out_.append("null"); }
  void String(std::string_view s);
  void Int(int64_t v);
  void Double(double v);  // always a JSON float, as a double in a DOM
  // A value field: whole numbers as JSON integers (5e11 -> 500000000000),
  // others as floats.
  void Number(double v);
  // `null` for an empty string (an id not assigned).
  void StringOrNull(std::string_view s) { s.empty() ? Null() : String(s); }
  // `null` for an absent value.
  void Optional(const std::optional<std::string>& s) {
    s ? String(*s) : Null();
  }
  void Optional(const std::optional<double>& v) { v ? Double(*v) : Null(); }
  void OptionalNumber(const std::optional<double>& v) {
    v ? Number(*v) : Null();
  }

 private:
  std::string out_;
  nlohmann::json string_;  // a string value, its buffer reused
  nlohmann::json float_;
  nlohmann::detail::serializer<nlohmann::json> serializer_;
  // String -> its serialised form, for short strings; bounded (forgotten
  // all at once when full).
  absl::flat_hash_map<std::string, std::string> serialised_;
};

// Serialises one JSON line (UTF-8, no ASCII escaping, no trailing newline).
std::string DumpLine(const nlohmann::ordered_json& j);

}  // namespace kiji::store

#endif  // KIJI_STORE_JSON_APPENDER_H_
