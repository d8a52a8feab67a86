// Latin spans (latin.cc, kLatinRules in decision.cc): English context,
// dates, acronyms.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/name_extractor_fixture.h"

namespace kiji::extractors {
namespace {

using name_testing::Has;
using name_testing::kCompany;
using name_testing::kOrg;
using name_testing::kPerson;
using name_testing::Lacks;
using name_testing::NameExtractorEnamdictTest;
using name_testing::NameExtractorTest;

// An acronym glued before a category noun (AI企業, EV関連, IoT分野) is a
// field, whatever context is around it; acronyms with real evidence stay.
TEST_F(NameExtractorTest, AcronymBeforeACategoryNounIsAField) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e, {
                {"新興AI企業が資金調達した。IoT分野とEV関連銘柄も伸びた。",
                 {Lacks("AI"), Lacks("IoT"), Lacks("EV")}},
                {"QRX社は新興AI企業だ。IT大手も参入した。",
                 {Has("QRX", kCompany), Lacks("AI"), Lacks("IT")}},
                {"新興のQRXに出資した。", {Has("QRX", kCompany)}},
                {"KDR各社は増益だった。", {Has("KDR", kCompany)}},
            });
}

// A legal form after a comma is the company name's ("Kawasemi Broadcasting
// Co., Ltd.", capitals too); a list of names stays a list.
TEST_F(NameExtractorTest, LatinLegalFormAfterAComma) {
  auto e = Make(nullptr);
  ASSERT_NE(e, nullptr);
  Check(*e,
        {
            {"英語名はKawasemi Broadcasting Co., Ltd.である。",
             {Has("Kawasemi Broadcasting Co., Ltd.", kCompany), Lacks("Ltd.")}},
            {"英語：NORTHWIND TRADING, INC.",
             {Has("NORTHWIND TRADING, INC.", kCompany), Lacks("INC.")}},
            {"Quellwerk Systems, Inc. and Brightmoor Labs signed.",
             {Has("Quellwerk Systems, Inc.", kCompany),
              Has("Brightmoor Labs", kCompany)},
             "en"},
            {"Quellwerk, Brightmoor Labs and Ostrava Motors signed.",
             {Lacks("Quellwerk, Brightmoor Labs")},
             "en"},
        });
}

// Kanji names MeCab reads as common nouns, split by ENAMDICT (surname +
// given name) when person context is there.
// English person cues (said, chief executive X, Mr. X, Norway's X, X, who)
// for names whose given name is unknown; capitalised words after an
// article or a place preposition need person evidence.
TEST_F(NameExtractorEnamdictTest, EnglishPersonContext) {
  auto e = Make(index_);
  ASSERT_NE(e, nullptr);
  Check(
      *e,
      {
          {"Group chief executive Tobiah Wennerholm said the plan was "
           "ready. Wennerholm told reporters more.",
           {Has("Tobiah Wennerholm", kPerson), Has("Wennerholm", kPerson)},
           "en"},
          {"Norway's Sigvald Utterstrom won the final. Utterstrom's coach "
           "was pleased.",
           {Has("Sigvald Utterstrom", kPerson), Has("Utterstrom", kPerson)},
           "en"},
          {"Dr. Marisol Quenneville, who leads the lab, disagreed.",
           {Has("Marisol Quenneville", kPerson)},
           "en"},
          {"He played at Lake Placid before the Grand Slam season began.",
           {Lacks("Lake Placid", kPerson), Lacks("Grand Slam", kPerson)},
           "en"},
          {"The White House said it would respond.",
           {Lacks("White House", kPerson)},
           "en"},
          {"Vorlander Pharma agreed to buy a rival. Vorlander said the "
           "deal would close soon.",
           {Has("Vorlander Pharma", kCompany), Has("Vorlander", kCompany),
            Lacks("Vorlander", kPerson)},
           "en"},
          {"Halvorsen Marine AB said sales rose.",
           {Has("Halvorsen Marine AB", kCompany)},
           "en"},
          // A known name after "to" or "that" is still a person; a team
          // that won is not one.
          {"He sent a letter to Joe Biden last week. She said that John "
           "Smith was wrong.",
           {Has("Joe Biden", kPerson), Has("John Smith", kPerson)},
           "en"},
          {"Real Madrid won the match after it beat rival Tottenham "
           "Hotspur.",
           {Lacks("Real Madrid", kPerson), Lacks("Tottenham Hotspur", kPerson)},
           "en"},
          // An organisation's or company's head word before "said".
          {"The advocacy group Prairie Futures Coalition said it would "
           "sue. Ostmark Foods said it agreed.",
           {Lacks("Prairie Futures Coalition", kPerson),
            Has("Prairie Futures Coalition", kOrg),
            Lacks("Ostmark Foods", kPerson), Has("Ostmark Foods", kCompany)},
           "en"},
          // Titles of office are a cue, not part of the name.
          {"Councillor Maren Holloway said the budget was fair. Mayor "
           "Desmond Pryce welcomed it.",
           {Has("Maren Holloway", kPerson), Lacks("Councillor Maren Holloway"),
            Has("Desmond Pryce", kPerson), Lacks("Mayor Desmond Pryce")},
           "en"},
          {"Prime Minister Oriel Vance and Chief Executive Tamsin Loy met.",
           {Has("Oriel Vance", kPerson), Has("Tamsin Loy", kPerson),
            Lacks("Prime Minister Oriel Vance"),
            Lacks("Chief Executive Tamsin Loy")},
           "en"},
          // Chair is a title too; an unknown acronym before a chair is the
          // body chaired, a known one keeps its gazetteer type.
          {"QFX Chair Elowen Tarrant told the Senate Banking Committee. "
           "Chairwoman Ilse Moravec and KDR Chairman Tobin Alder agreed.",
           {Has("Elowen Tarrant", kPerson), Lacks("QFX Chair Elowen Tarrant"),
            Has("QFX", kOrg), Has("Ilse Moravec", kPerson),
            Has("Tobin Alder", kPerson), Has("KDR", kCompany)},
           "en"},
          {"AI Chair Elowen Tarrant spoke. He met the QFX Chairman.",
           {Lacks("AI"), Lacks("QFX", kOrg)},
           "en"},
          // "and" inside an organisation name that ends in a head word,
          // after the, a possessive or an organisation word; two names
          // joined by "and" stay two.
          {"Norway's Fishing and Coastal Affairs Authority said. The Food "
           "and Drug Administration and the Department of Health and Human "
           "Services agreed.",
           {Has("Fishing and Coastal Affairs Authority", kOrg),
            Has("Food and Drug Administration", kOrg),
            Has("Department of Health and Human Services", kOrg),
            Lacks("Human Services"), Lacks("and Drug Administration")},
           "en"},
          {"Veltrix and Energy Department officials met. The Senate Banking "
           "Committee and Budget Office agreed. Google and Apple said so, "
           "as did the QFX and the European Commission.",
           {Lacks("Veltrix and Energy Department"),
            Has("Senate Banking Committee", kOrg), Has("Budget Office", kOrg),
            Lacks("Google and Apple"), Has("European Commission", kOrg)},
           "en"},
          // "X and Y" with X a known company: an unknown acronym Y that
          // ends the clause or comes before a verb is a company; fields,
          // countries and acronyms before a noun are not.
          {"Ostmark Foods and QRTX will finance part of it. ZMBK and "
           "Ostmark Foods said so.",
           {Has("QRTX", kCompany), Has("ZMBK", kCompany)},
           "en"},
          {"Ostmark Foods and AI chips. Ostmark Foods and USA said. Ostmark "
           "Foods and NHTZ officials met. Ostmark Foods and GDP rose. Lina "
           "Marsh and QRTY said.",
           {Lacks("AI"), Lacks("USA"), Lacks("NHTZ"), Lacks("GDP"),
            Lacks("QRTY")},
           "en"},
          // A title word with no name after it stays as it was.
          {"The Mayor's office declined to comment. Director Fund rules "
           "apply.",
           {Lacks("Mayor", kPerson), Lacks("Fund", kPerson)},
           "en"},
      });
}

// Kanji names: a given name MeCab cuts (姓+名+one kanji), a surname alone
// after the full name, a party name with a kanji noun before it.
// Month and weekday names before a day number are dates, no names; a
// month name after a given name is a surname.
TEST_F(NameExtractorEnamdictTest, EnglishDatesAreNoNames) {
  auto e = Make(index_);
  ASSERT_NE(e, nullptr);
  Check(*e, {
                {"A hearing is set for Dec. 3. Another follows on Mar. 5, "
                 "then Sept. 12, Oct 20 and May 3.",
                 {Lacks("Dec"), Lacks("Mar"), Lacks("Sept"), Lacks("Oct"),
                  Lacks("May")},
                 "en"},
                {"Talks resume on Monday, January 5. Voting ends Wed. 7.",
                 {Lacks("Monday"), Lacks("January"), Lacks("Wed")},
                 "en"},
                {"公聴会はDec. 3に開かれる。", {Lacks("Dec")}},
                {"Former minister Linda May said the plan was fine.",
                 {Has("Linda May", kPerson)},
                 "en"},
            });
}

}  // namespace
}  // namespace kiji::extractors
