// NameExtractor::Create: what it loads, and its errors.
#include "extractors/name_extractor.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/testing/name_extractor_fixture.h"

namespace kiji::extractors {
namespace {

using name_testing::NameExtractorTest;

TEST_F(NameExtractorTest, MissingGazetteerIsAnError) {
  NameExtractorOptions options;
  options.data_dir = KIJI_DATA_BUILD_DIR;
  options.gazetteers = {"/nonexistent/kiji_gazetteer.tsv"};
  auto e = NameExtractor::Create(options);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(e.status().message().find("kiji_gazetteer.tsv"), std::string::npos)
      << e.status();
}

// The word lists are required: no data folder, or one without names/, is a
// clear error at start that names what is missing.
TEST_F(NameExtractorTest, MissingWordListsAreAnError) {
  NameExtractorOptions options;
  auto e = NameExtractor::Create(options);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(e.status().message().find("no data folder"), std::string::npos)
      << e.status();

  options.data_dir = ::testing::TempDir() + "/kiji_no_such_data_dir";
  e = NameExtractor::Create(options);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(e.status().message().find("kiji_no_such_data_dir/names/"),
            std::string::npos)
      << e.status();
}

}  // namespace
}  // namespace kiji::extractors
