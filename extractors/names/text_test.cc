// Script classes and word shapes (text.h).
#include "extractors/names/text.h"

#include <cstddef>

#include "gtest/gtest.h"

namespace kiji::extractors {
namespace {

// The byte table behind the acronym scan (JR西日本) answers as IsUpper.
TEST(NameExtractorPrefilterTest, UpperByteTableMatchesIsUpper) {
  for (size_t c = 0; c < 256; ++c) {
    EXPECT_EQ(names::UpperByteTable()[c],
              names::IsUpper(static_cast<char32_t>(c)))
        << c;
  }
}

}  // namespace
}  // namespace kiji::extractors
