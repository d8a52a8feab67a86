#include "store/json_appender.h"

#include <cmath>
#include <memory>

#include "absl/strings/str_cat.h"

namespace kiji::store {
namespace {

// Whole numbers are written as JSON integers (5e11 -> 500000000000).
bool IsWholeNumber(double v) {
  return std::isfinite(v) && std::fabs(v) < 9.0e15 && std::floor(v) == v;
}

}  // namespace

std::string DumpLine(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', /*ensure_ascii=*/false,
                nlohmann::json::error_handler_t::replace);
}

JsonAppender::JsonAppender()
    : string_(nlohmann::json::value_t::string),
      float_(nlohmann::json::value_t::number_float),
      serializer_(
          std::make_shared<
              nlohmann::detail::output_string_adapter<char, std::string>>(out_),
          ' ', nlohmann::json::error_handler_t::replace) {}

void JsonAppender::String(std::string_view s) {
  constexpr size_t kMaxRemembered = 128;  // bytes
  constexpr size_t kMaxEntries = size_t{1} << 15;
  const absl::string_view key(s.data(), s.size());
  if (s.size() <= kMaxRemembered) {
    auto it = serialised_.find(key);
    if (it != serialised_.end()) {
      out_.append(it->second);
      return;
    }
  }
  const size_t begin = out_.size();
  string_.get_ref<std::string&>().assign(s.data(), s.size());
  serializer_.dump(string_, /*pretty_print=*/false, /*ensure_ascii=*/false,
                   /*indent_step=*/0);
  if (s.size() <= kMaxRemembered) {
    if (serialised_.size() >= kMaxEntries) serialised_.clear();
    serialised_.emplace(key, out_.substr(begin));
  }
}

void JsonAppender::Int(int64_t v) {
  // Plain decimal digits, as nlohmann writes integers.
  absl::StrAppend(&out_, v);
}

void JsonAppender::Double(double v) {
  float_.get_ref<double&>() = v;
  serializer_.dump(float_, false, false, 0);
}

void JsonAppender::Number(double v) {
  if (IsWholeNumber(v)) {
    Int(static_cast<int64_t>(v));
  } else {
    Double(v);
  }
}

}  // namespace kiji::store
