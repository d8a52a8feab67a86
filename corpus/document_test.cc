#include "corpus/document.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace kiji::corpus {
namespace {

TEST(EncodingNamesTest, EveryEncodingHasOneNameThatLeadsBack) {
  std::set<std::string_view> names;
  for (const EncodingNameEntry& e : kEncodingNames) {
    EXPECT_TRUE(names.insert(e.name).second) << e.name << " twice";
    EXPECT_EQ(EncodingName(e.encoding), e.name);
    EXPECT_EQ(EncodingFromName(e.name), e.encoding);
  }
  // Every value of the enum but kUnknown is in the table.
  EXPECT_EQ(names.size(), static_cast<size_t>(Encoding::kUtf32Be));
}

TEST(EncodingNamesTest, UnknownNamesAndSpellings) {
  EXPECT_EQ(EncodingName(Encoding::kUnknown), "unknown");
  EXPECT_EQ(EncodingFromName("unknown"), Encoding::kUnknown);
  EXPECT_EQ(EncodingFromName("shift_jis"), Encoding::kUnknown);  // exact
  EXPECT_EQ(EncodingFromName("windows-1252"), Encoding::kUnknown);
  EXPECT_EQ(EncodingFromName(""), Encoding::kUnknown);
}

}  // namespace
}  // namespace kiji::corpus
