// Overlap resolution (overlaps.cc): of overlapping candidates, the stronger
// and then the longer one is kept; mentions never overlap (every table
// check of these tests also verifies that).
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/name_extractor_fixture.h"

namespace kiji::extractors {
namespace {

using name_testing::Has;
using name_testing::kCompany;
using name_testing::kPerson;
using name_testing::Lacks;
using name_testing::NameExtractorTest;

TEST_F(NameExtractorTest, StrongerAndLongerSpansWin) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e,
        {
            // The legal-form company (structure, 3) over the katakana run
            // inside it.
            {"ミライテック株式会社は新工場を建てた。",
             {Has("ミライテック株式会社", kCompany), Lacks("ミライテック")}},
            // The stem + suffix name over its katakana stem.
            {"カエデ精工は受注を増やした。",
             {Has("カエデ精工", kCompany), Lacks("カエデ")}},
            // A person before a title: the name, not the name + title.
            {"石川官房長官は会見で述べた。",
             {Has("石川", kPerson), Lacks("石川官房")}},
        });
}

}  // namespace
}  // namespace kiji::extractors
