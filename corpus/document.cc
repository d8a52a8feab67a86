#include "corpus/document.h"

#include "absl/strings/str_format.h"

namespace kiji::corpus {

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8:
      return "UTF-8";
    case Encoding::kShiftJis:
      return "Shift_JIS";
    case Encoding::kEucJp:
      return "EUC-JP";
    case Encoding::kIso2022Jp:
      return "ISO-2022-JP";
    case Encoding::kUtf16Le:
      return "UTF-16LE";
    case Encoding::kUtf16Be:
      return "UTF-16BE";
    case Encoding::kUtf32Le:
      return "UTF-32LE";
    case Encoding::kUtf32Be:
      return "UTF-32BE";
    case Encoding::kUnknown:
      break;
  }
  return "unknown";
}

std::string FormatIsoDate(const CivilDate& date) {
  if (date.month == 0) return absl::StrFormat("%04d", date.year);
  if (date.day == 0) return absl::StrFormat("%04d-%02d", date.year, date.month);
  return absl::StrFormat("%04d-%02d-%02d", date.year, date.month, date.day);
}

std::string_view EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return "PERSON";
    case EntityType::kCompany:
      return "COMPANY";
    case EntityType::kOrg:
      return "ORG";
    case EntityType::kProduct:
      return "PRODUCT";
    case EntityType::kDate:
      return "DATE";
    case EntityType::kAmount:
      return "AMOUNT";
    case EntityType::kPercent:
      return "PERCENT";
    case EntityType::kDuration:
      return "DURATION";
  }
  return "UNKNOWN";
}

}  // namespace kiji::corpus
