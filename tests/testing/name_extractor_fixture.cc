#include "tests/testing/name_extractor_fixture.h"

namespace kiji::extractors::name_testing {

tokenizers::MecabTokenizer* NameExtractorTest::mecab_ = nullptr;
std::string NameExtractorTest::gazetteer_path_;
lexicon::EnamdictIndex* NameExtractorEnamdictTest::index_ = nullptr;

}  // namespace kiji::extractors::name_testing
