#include "corpus/document.h"

#include "absl/strings/str_format.h"

namespace kiji::corpus {

std::string_view EncodingName(Encoding encoding) {
  for (const EncodingNameEntry& e : kEncodingNames) {
    if (e.encoding == encoding) return e.name;
  }
  return "unknown";
}

Encoding EncodingFromName(std::string_view name) {
  for (const EncodingNameEntry& e : kEncodingNames) {
    if (e.name == name) return e.encoding;
  }
  return Encoding::kUnknown;
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
    case EntityType::kLocation:
      return "LOCATION";
  }
  return "UNKNOWN";
}

}  // namespace kiji::corpus
