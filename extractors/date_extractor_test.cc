#include "extractors/date_extractor.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace kiji::extractors {
namespace {

using corpus::CivilDate;

// Monday 2024-08-19.
constexpr CivilDate kDoc{2024, 8, 19};

struct Want {
  const char* surface;
  const char* norm;  // nullptr: the match must have no norm
};

struct Case {
  const char* text;
  std::optional<CivilDate> doc;
  const char* lang;
  std::vector<Want> want;
};

std::string Describe(const Case& c) {
  const std::string doc =
      c.doc ? absl::StrCat(c.doc->year, "-", c.doc->month, "-", c.doc->day)
            : "none";
  return absl::StrCat("text=\"", c.text, "\" doc=", doc, " lang=", c.lang);
}

class DateExtractorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = DateExtractor::Create();
    ASSERT_TRUE(created.ok()) << created.status();
    extractor_ = std::move(*created);
  }

  void Check(const Case& c) {
    SCOPED_TRACE(Describe(c));
    const std::string_view text = c.text;
    const std::vector<DateMatch> got = extractor_->Extract(text, c.doc, c.lang);
    ASSERT_EQ(got.size(), c.want.size()) << [&] {
      std::string all;
      for (const DateMatch& m : got) {
        const std::string surface(text.substr(m.begin, m.end - m.begin));
        absl::StrAppend(&all, "[", surface, "=", m.norm.value_or("null"), " ",
                        m.source, "] ");
      }
      return all;
    }();
    size_t prev_end = 0;
    for (size_t i = 0; i < got.size(); ++i) {
      SCOPED_TRACE(i);
      const DateMatch& m = got[i];
      ASSERT_LE(m.begin, m.end);
      ASSERT_LE(m.end, text.size());
      EXPECT_LE(prev_end, m.begin) << "overlap or out of order";
      prev_end = m.end;
      EXPECT_EQ(text.substr(m.begin, m.end - m.begin), c.want[i].surface);
      if (c.want[i].norm == nullptr) {
        EXPECT_FALSE(m.norm.has_value()) << *m.norm;
      } else {
        EXPECT_EQ(m.norm.value_or("null"), c.want[i].norm);
      }
      EXPECT_FALSE(m.source.empty());
      EXPECT_TRUE(m.source.starts_with("date."));
    }
  }

  std::unique_ptr<DateExtractor> extractor_;
};

TEST_F(DateExtractorTest, AbsoluteJapanese) {
  const Case cases[] = {
      {"2025年1月22日、ソフトバンクグループは新会社を設立した。", kDoc, "ja",
       {{"2025年1月22日", "2025-01-22"}}},
      {"公開は2024-08-19です。", kDoc, "ja", {{"2024-08-19", "2024-08-19"}}},
      {"2024/8/19に更新された。", kDoc, "ja", {{"2024/8/19", "2024-08-19"}}},
      {"2024.8.19付の発表によると", kDoc, "ja",
       {{"2024.8.19", "2024-08-19"}}},
      {"計画は2024年8月に公表された。", kDoc, "ja",
       {{"2024年8月", "2024-08"}}},
      {"彼は2024年に退職した。", kDoc, "ja", {{"2024年", "2024"}}},
      // Two-digit years with a month or 度 (business style): the century
      // that is at most 20 years after the article's year.
      {"25年3月期の純利益は", kDoc, "ja", {{"25年3月", "2025-03"}}},
      {"24年度の補正予算", kDoc, "ja", {{"24年度", "2024"}}},
      {"98年4月に上場した", kDoc, "ja", {{"98年4月", "1998-04"}}},
      {"26年1〜3月期の実質GDP", kDoc, "ja",
       {{"26年1", "2026-01"}, {"3月", "2026-03"}}},
      {"04年10月23日に起きた地震", kDoc, "ja",
       {{"04年10月23日", "2004-10-23"}}},
      // Without them, two digits and 年 are as often a number of years.
      {"創業25年の老舗", kDoc, "ja", {}},
      {"25年ぶりの優勝", kDoc, "ja", {}},
      {"勤続30年、3月に退職", kDoc, "ja", {{"3月", "2024-03"}}},
      {"二〇二四年八月十九日に公表した。", kDoc, "ja",
       {{"二〇二四年八月十九日", "2024-08-19"}}},
      {"二千二十四年十二月の記録", kDoc, "ja",
       {{"二千二十四年十二月", "2024-12"}}},
      {"西暦2024年の出来事", kDoc, "ja", {{"西暦2024年", "2024"}}},
      {"2024年度の決算は黒字だった。", kDoc, "ja", {{"2024年度", "2024"}}},
      {"2024年8月19日(月)に開かれた会合", kDoc, "ja",
       {{"2024年8月19日", "2024-08-19"}}},
      {"2021年に退職しAnthropicを設立、2024年時点で首位。", kDoc, "ja",
       {{"2021年", "2021"}, {"2024年", "2024"}}},
      {"2022年8月に設立されたスタートアップ", std::nullopt, "ja",
       {{"2022年8月", "2022-08"}}},
      {"2024年末までに完了する。", kDoc, "ja", {{"2024年末", "2024"}}},
      {"2024年初めて黒字化した。", kDoc, "ja", {{"2024年", "2024"}}},
      {"2020年前後に普及した。", kDoc, "ja", {{"2020年", "2020"}}},
      {"2024年2月29日は閏日", kDoc, "ja", {{"2024年2月29日", "2024-02-29"}}},
      {"1600年10月21日の合戦", kDoc, "ja",
       {{"1600年10月21日", "1600-10-21"}}},
      {"2024年中国市場で", kDoc, "ja", {{"2024年", "2024"}}},
  };
  for (const Case& c : cases) Check(c);
}

TEST_F(DateExtractorTest, Ranges) {
  const Case cases[] = {
      {"2024年5〜7月の売上", kDoc, "ja",
       {{"2024年5", "2024-05"}, {"7月", "2024-07"}}},
      {"2024年5月〜7月に実施した。", kDoc, "ja",
       {{"2024年5月", "2024-05"}, {"7月", "2024-07"}}},
      {"2024年11〜2月の冬季", kDoc, "ja",
       {{"2024年11", "2024-11"}, {"2月", "2025-02"}}},
      {"8月19日〜21日に開催", kDoc, "ja",
       {{"8月19日", "2024-08-19"}, {"21日", "2024-08-21"}}},
      {"8月19日(月)〜21日(水)に開催", kDoc, "ja",
       {{"8月19日", "2024-08-19"}, {"21日", "2024-08-21"}}},
      {"2024年8月30日〜9月2日の日程", kDoc, "ja",
       {{"2024年8月30日", "2024-08-30"}, {"9月2日", "2024-09-02"}}},
      {"2023〜2024年に相次いだ。", kDoc, "ja",
       {{"2023", "2023"}, {"2024年", "2024"}}},
      {"4〜6月期の決算", kDoc, "ja", {{"4", "2024-04"}, {"6月", "2024-06"}}},
  };
  for (const Case& c : cases) Check(c);
}

TEST_F(DateExtractorTest, Eras) {
  const Case cases[] = {
      {"令和6年8月19日に施行", kDoc, "ja",
       {{"令和6年8月19日", "2024-08-19"}}},
      {"令和元年に改元された。", kDoc, "ja", {{"令和元年", "2019"}}},
      {"平成31年4月30日まで", kDoc, "ja", {{"平成31年4月30日", "2019-04-30"}}},
      {"昭和64年1月7日", kDoc, "ja", {{"昭和64年1月7日", "1989-01-07"}}},
      {"大正元年の創業", kDoc, "ja", {{"大正元年", "1912"}}},
      {"明治45年に", kDoc, "ja", {{"明治45年", "1912"}}},
      {"令和六年三月に発表", kDoc, "ja", {{"令和六年三月", "2024-03"}}},
      {"平成元年度の予算", kDoc, "ja", {{"平成元年度", "1989"}}},
  };
  for (const Case& c : cases) Check(c);
}

TEST_F(DateExtractorTest, YearlessMonthAndDay) {
  const Case cases[] = {
      {"8月19日に発表した。", kDoc, "ja", {{"8月19日", "2024-08-19"}}},
      // Most recent such date not after the document date.
      {"12月24日に", kDoc, "ja", {{"12月24日", "2023-12-24"}}},
      {"8月25日に予定", kDoc, "ja", {{"8月25日", "2023-08-25"}}},
      {"彼は7月に退任した。", kDoc, "ja", {{"7月", "2024-07"}}},
      {"9月に発売", kDoc, "ja", {{"9月", "2023-09"}}},
      {"8月には", kDoc, "ja", {{"8月", "2024-08"}}},
      {"8月上旬に", kDoc, "ja", {{"8月上旬", "2024-08"}}},
      {"7月末に辞任", kDoc, "ja", {{"7月末", "2024-07"}}},
      {"十月に", kDoc, "ja", {{"十月", "2023-10"}}},
      {"2月29日に", CivilDate{2025, 3, 1}, "ja", {{"2月29日", "2024-02-29"}}},
      {"8月20日に", CivilDate{2024, 8, 0}, "ja", {{"8月20日", "2024-08-20"}}},
      {"イリヤは5月に去り、ダニエルは2月に去った。", kDoc, "ja",
       {{"5月", "2024-05"}, {"2月", "2024-02"}}},
      {"7月に", std::nullopt, "ja", {{"7月", nullptr}}},
      {"7月に", CivilDate{2024, 0, 0}, "ja", {{"7月", nullptr}}},
  };
  for (const Case& c : cases) Check(c);
}

TEST_F(DateExtractorTest, DayOfMonthAlone) {
  const Case cases[] = {
      {"政府は3日、東京都内で会見した。", kDoc, "ja", {{"3日", "2024-08-03"}}},
      {"18日午後、首相は", kDoc, "ja", {{"18日", "2024-08-18"}}},
      {"2日正午ごろ", kDoc, "ja", {{"2日", "2024-08-02"}}},
      {"14日の東京株式市場で", kDoc, "ja", {{"14日", "2024-08-14"}}},
      {"同社は、14日の会見で", kDoc, "ja", {{"14日", "2024-08-14"}}},
      {"株価は14日の東京株式市場で", kDoc, "ja", {{"14日", "2024-08-14"}}},
      {"最大30日の猶予", kDoc, "ja", {}},
      {"3日は休場した", kDoc, "ja", {{"3日", "2024-08-03"}}},
      {"人は1日は眠る", kDoc, "ja", {}},
      {"1日に3食", kDoc, "ja", {}},
      {"1日に二度", kDoc, "ja", {}},
      {"工場は1日に平均500台を生産する", kDoc, "ja", {}},
      {"1日に何度も連絡した", kDoc, "ja", {}},
      {"審理は3日に及んだ", kDoc, "ja", {}},
      {"入院期間は最大30日、延長できる", kDoc, "ja", {}},
      {"延べ3日、わずか2日で", kDoc, "ja", {}},
      {"米政府は5日(月)に", kDoc, "ja", {{"5日", "2024-08-05"}}},
      // A later day than the document's: last month's (the most recent
      // such day), or the last month that has it.
      {"同社は25日に発表した。", kDoc, "ja", {{"25日", "2024-07-25"}}},
      {"25日から", kDoc, "ja", {{"25日", "2024-07-25"}}},
      {"30日、", CivilDate{2024, 1, 2}, "ja", {{"30日", "2023-12-30"}}},
      {"31日に", CivilDate{2024, 9, 2}, "ja", {{"31日", "2024-08-31"}}},
      {"31日に", CivilDate{2024, 5, 2}, "ja", {{"31日", "2024-03-31"}}},
      {"19日に", kDoc, "ja", {{"19日", "2024-08-19"}}},
      {"3日に", std::nullopt, "ja", {{"3日", nullptr}}},
      // Durations, frequencies, a month-day's tail, counts: not a day.
      {"3日間の日程で", kDoc, "ja", {}},
      {"3日連続", kDoc, "ja", {}},
      {"3日に1回", kDoc, "ja", {}},
      {"毎月3日に", kDoc, "ja", {}},
      {"約30日に", kDoc, "ja", {}},
      {"2月30日に", kDoc, "ja", {}},
      {"1日当たり", kDoc, "ja", {}},
      {"3日で終えた", kDoc, "ja", {}},
  };
  for (const Case& c : cases) Check(c);
}

TEST_F(DateExtractorTest, FullwidthTildeRange) {
  // ～ (U+FF5E) becomes ~ under NFKC, the text the extractor sees.
  Check({"7~9月期の決算", CivilDate{2024, 10, 30}, "ja",
         {{"7", "2024-07"}, {"9月", "2024-09"}}});
}

TEST_F(DateExtractorTest, RelativeJapanese) {
  const Case cases[] = {
      {"今年7月末にも発表した。", kDoc, "ja", {{"今年7月末", "2024-07"}}},
      {"昨年12月に", kDoc, "ja", {{"昨年12月", "2023-12"}}},
      {"来年3月に", kDoc, "ja", {{"来年3月", "2025-03"}}},
      {"昨年入社した", kDoc, "ja", {{"昨年", "2023"}}},
      {"去年の夏", kDoc, "ja", {{"去年", "2023"}}},
      {"今年に入ってから", kDoc, "ja", {{"今年", "2024"}}},
      {"本年の方針", kDoc, "ja", {{"本年", "2024"}}},
      {"来年にはキャッシュフローが", kDoc, "ja", {{"来年", "2025"}}},
      // 翌年 and 同年 count from the last year the text named, never from
      // the document's year.
      {"翌年に", kDoc, "ja", {{"翌年", nullptr}}},
      {"2019年に設立し、同年9月に上場、翌年6月に退任、同年末に解散", kDoc,
       "ja",
       {{"2019年", "2019"},
        {"同年9月", "2019-09"},
        {"翌年6月", "2020-06"},
        {"同年末", "2020"}}},
      // Seasons of the previous, this and the next year; 年明け is the
      // coming January late in the year.
      {"昨秋から値上げが続く", kDoc, "ja", {{"昨秋", "2023"}}},
      {"今夏の電力需給", kDoc, "ja", {{"今夏", "2024"}}},
      {"来春に新工場を稼働させる", kDoc, "ja", {{"来春", "2025"}}},
      {"今冬以降", kDoc, "ja", {{"今冬", "2024"}}},
      {"今秋田県で", kDoc, "ja", {}},
      {"昨夏場所", kDoc, "ja", {}},
      {"年明け以降に判断する", kDoc, "ja", {{"年明け", "2025-01"}}},
      {"月内にも決定する", kDoc, "ja", {{"月内", "2024-08"}}},
      {"月末に発表する", kDoc, "ja", {{"月末", "2024-08"}}},
      {"毎月末に集計する", kDoc, "ja", {}},
      {"10日ごろに発表", kDoc, "ja", {{"10日", "2024-08-10"}}},
      {"3日以降、交渉は", kDoc, "ja", {{"3日", "2024-08-03"}}},
      {"年明け以降に判断する", CivilDate{2025, 2, 3}, "ja",
       {{"年明け", "2025-01"}}},
      {"昨年4月に入社し、同年10月に異動", kDoc, "ja",
       {{"昨年4月", "2023-04"}, {"同年10月", "2023-10"}}},
      // Dates whose year comes from the article's date do not anchor.
      {"2019年の事件で、警察は3日、同年9月に逮捕された男を", kDoc, "ja",
       {{"2019年", "2019"}, {"3日", "2024-08-03"}, {"同年9月", "2019-09"}}},
      {"2019年の事件について、県警は先月、同年の", kDoc, "ja",
       {{"2019年", "2019"}, {"先月", "2024-07"}, {"同年", "2019"}}},
      {"一昨年の", kDoc, "ja", {{"一昨年", "2022"}}},
      {"おととしの", kDoc, "ja", {{"おととし", "2022"}}},
      {"再来年に", kDoc, "ja", {{"再来年", "2026"}}},
      {"先月、", kDoc, "ja", {{"先月", "2024-07"}}},
      {"今月初め、", kDoc, "ja", {{"今月初め", "2024-08"}}},
      {"来月から", CivilDate{2024, 12, 5}, "ja", {{"来月", "2025-01"}}},
      {"先月末に", kDoc, "ja", {{"先月末", "2024-07"}}},
      {"今月25日に", kDoc, "ja", {{"今月25日", "2024-08-25"}}},
      {"昨日", kDoc, "ja", {{"昨日", "2024-08-18"}}},
      {"今日我々が", kDoc, "ja", {{"今日", "2024-08-19"}}},
      {"本日", kDoc, "ja", {{"本日", "2024-08-19"}}},
      {"明日死に至る", kDoc, "ja", {{"明日", "2024-08-20"}}},
      {"一昨日", CivilDate{2024, 3, 1}, "ja", {{"一昨日", "2024-02-28"}}},
      {"昨日今日", kDoc, "ja", {{"昨日", "2024-08-18"}, {"今日", "2024-08-19"}}},
      {"「9年前にOpenAIを共同創業」", kDoc, "ja", {{"9年前", "2015"}}},
      {"3年後に", kDoc, "ja", {{"3年後", "2027"}}},
      {"3カ月前", kDoc, "ja", {{"3カ月前", "2024-05"}}},
      {"6ヶ月後", kDoc, "ja", {{"6ヶ月後", "2025-02"}}},
      {"10日前", kDoc, "ja", {{"10日前", "2024-08-09"}}},
      {"先週", kDoc, "ja", {{"先週", "2024-08-12"}}},
      {"来週", kDoc, "ja", {{"来週", "2024-08-26"}}},
      {"今週", CivilDate{2024, 8, 25}, "ja", {{"今週", "2024-08-19"}}},
      {"年内に", kDoc, "ja", {{"年内", "2024"}}},
      {"年末年始の休暇", kDoc, "ja", {{"年末年始", "2024"}}},
      {"5月前半に", kDoc, "ja", {{"5月前半", "2024-05"}}},
      {"創業以来初めて、年末まで休暇を取る", kDoc, "ja", {{"年末", "2024"}}},
      {"昨年末", kDoc, "ja", {{"昨年末", "2023"}}},
      // Seasons keep the year's granularity; 秋田, 夏場 are other words.
      {"昨年秋に発表した", kDoc, "ja", {{"昨年秋", "2023"}}},
      {"2022年冬の五輪", kDoc, "ja", {{"2022年冬", "2022"}}},
      {"2024年秋田県で", kDoc, "ja", {{"2024年", "2024"}}},
      {"今年夏場に", kDoc, "ja", {{"今年", "2024"}}},
      // 今月中 (within the month), not 今月 + 中国.
      {"今月中に決める", kDoc, "ja", {{"今月中", "2024-08"}}},
      {"来月中、", kDoc, "ja", {{"来月中", "2024-09"}}},
      {"今月中国で", kDoc, "ja", {{"今月", "2024-08"}}},
      // A week's end is its Saturday (the document is a Monday).
      {"先週末に", kDoc, "ja", {{"先週末", "2024-08-17"}}},
      {"今週末", kDoc, "ja", {{"今週末", "2024-08-24"}}},
      {"来週末の試合", CivilDate{2024, 8, 25}, "ja", {{"来週末", "2024-08-31"}}},
      {"今年初め", kDoc, "ja", {{"今年初め", "2024"}}},
      {"今年度の予算", CivilDate{2025, 2, 10}, "ja", {{"今年度", "2024"}}},
      {"来年度から", kDoc, "ja", {{"来年度", "2025"}}},
      {"昨年", std::nullopt, "ja", {{"昨年", nullptr}}},
      {"先月", CivilDate{2024, 0, 0}, "ja", {{"先月", nullptr}}},
      {"昨年", CivilDate{2024, 0, 0}, "ja", {{"昨年", "2023"}}},
      {"昨日", CivilDate{2024, 8, 0}, "ja", {{"昨日", nullptr}}},
      // Anaphoric: a date, but never resolved against the document date.
      {"同年末に", kDoc, "ja", {{"同年末", nullptr}}},
      {"同年5月に", kDoc, "ja", {{"同年5月", nullptr}}},
      // 同日 and 同月 are the day and month of the date before them (written
      // or resolved); with none before, they stay unresolved.
      {"同日、発表した", kDoc, "ja", {{"同日", nullptr}}},
      {"同月20日に", kDoc, "ja", {{"同月20日", nullptr}}},
      {"社長は3日に会見し、同日夜に辞任した", kDoc, "ja",
       {{"3日", "2024-08-03"}, {"同日", "2024-08-03"}}},
      {"2019年3月5日に提訴し、同日中に", kDoc, "ja",
       {{"2019年3月5日", "2019-03-05"}, {"同日", "2019-03-05"}}},
      {"昨日発表し、同日、株価は", kDoc, "ja",
       {{"昨日", "2024-08-18"}, {"同日", "2024-08-18"}}},
      {"2021年5月に上場し、同月20日に", kDoc, "ja",
       {{"2021年5月", "2021-05"}, {"同月20日", "2021-05-20"}}},
      {"先月3日に発表し、同月末に", kDoc, "ja",
       {{"先月3日", "2024-07-03"}, {"同月末", "2024-07"}}},
      {"2018年に入社し、同日付で", kDoc, "ja",
       {{"2018年", "2018"}, {"同日", nullptr}}},
      {"今年1〜3月の", kDoc, "ja",
       {{"今年1", "2024-01"}, {"3月", "2024-03"}}},
  };
  for (const Case& c : cases) Check(c);
}

TEST_F(DateExtractorTest, English) {
  const Case cases[] = {
      // Weekdays (the document is Monday 2024-08-19): the most recent such
      // day, "last" the one before today, "next" the first after.
      {"Acme said on Tuesday it agreed.", kDoc, "en",
       {{"Tuesday", "2024-08-13"}}},
      {"published on Monday", kDoc, "en", {{"Monday", "2024-08-19"}}},
      {"last Monday and next Monday", kDoc, "en",
       {{"Monday", "2024-08-12"}, {"Monday", "2024-08-26"}}},
      {"on Friday", std::nullopt, "en", {{"Friday", nullptr}}},
      {"Black Friday sales and Cyber Monday deals on Mondays", kDoc, "en", {}},
      {"Analysts said Monday that", kDoc, "en", {{"Monday", "2024-08-19"}}},
      // A year after a period of it, fiscal, a quarter or FY.
      {"in the first half of 2027", kDoc, "en", {{"2027", "2027"}}},
      {"sales in fiscal 2025 and Q3 2024 and FY2026", kDoc, "en",
       {{"2025", "2025"}, {"2024", "2024"}, {"2026", "2026"}}},
      {"a total of 2025 votes", kDoc, "en", {}},
      {"Monday, August 19, 2024", kDoc, "en",
       {{"August 19, 2024", "2024-08-19"}}},
      // Year ranges.
      {"sites surveyed between 2019 and 2025", kDoc, "en",
       {{"2019", "2019"}, {"2025", "2025"}}},
      {"from 2001 to 2003", kDoc, "en", {{"2001", "2001"}, {"2003", "2003"}}},
      {"between 2025 and 2019", kDoc, "en", {}},
      {"It launched on August 19, 2024.", kDoc, "en",
       {{"August 19, 2024", "2024-08-19"}}},
      {"Aug. 19, 2024", kDoc, "en", {{"Aug. 19, 2024", "2024-08-19"}}},
      {"filed in Aug. 2024 with", kDoc, "en", {{"Aug. 2024", "2024-08"}}},
      {"On 19 August 2024 the board met", kDoc, "en",
       {{"19 August 2024", "2024-08-19"}}},
      {"On September 3rd, 2024,", kDoc, "en",
       {{"September 3rd, 2024", "2024-09-03"}}},
      {"Founded in 2015, the lab", kDoc, "en", {{"2015", "2015"}}},
      {"since 2021 and until 2023", kDoc, "en",
       {{"2021", "2021"}, {"2023", "2023"}}},
      {"He left last year.", kDoc, "en", {{"last year", "2023"}}},
      {"due next month", kDoc, "en", {{"next month", "2024-09"}}},
      {"Yesterday, the firm said", kDoc, "en", {{"Yesterday", "2024-08-18"}}},
      {"two years ago", kDoc, "en", {{"two years ago", "2022"}}},
      {"3 months ago", kDoc, "en", {{"3 months ago", "2024-05"}}},
      {"He resigned in May.", kDoc, "en", {{"May", "2024-05"}}},
      {"He resigned in May 2024.", kDoc, "en", {{"May 2024", "2024-05"}}},
      {"on August 5", kDoc, "en", {{"August 5", "2024-08-05"}}},
      {"8/19/2024", kDoc, "en", {{"8/19/2024", "2024-08-19"}}},
      {"last week", kDoc, "en", {{"last week", "2024-08-12"}}},
      {"発表はAugust 5, 2024だった。", kDoc, "ja",
       {{"August 5, 2024", "2024-08-05"}}},
      {"in 2024年8月に", kDoc, "ja", {{"2024年8月", "2024-08"}}},
  };
  for (const Case& c : cases) Check(c);
}

TEST_F(DateExtractorTest, NotDates) {
  const Case cases[] = {
      {"オープンAIに約6年間務めてきた", kDoc, "ja", {}},
      {"主任エンジニアで3年半後に去りました。", kDoc, "ja", {}},
      {"今後4年間で総額5,000億円を投資", kDoc, "ja", {}},
      {"4ヶ月の安息休暇を取る", kDoc, "ja", {}},
      {"テスラで約5年働いた", kDoc, "ja", {}},
      {"数年間テスラで働いた", kDoc, "ja", {}},
      {"数年前から", kDoc, "ja", {}},
      {"数十年前の", kDoc, "ja", {}},
      {"1000年に一度の大雨", kDoc, "ja", {}},
      {"2,000年の歴史", kDoc, "ja", {}},
      {"300年続く老舗", kDoc, "ja", {}},
      {"2000年前の遺跡", kDoc, "ja", {}},
      {"10時に開始", kDoc, "ja", {}},
      {"GPT-3.5とGPT-4", kDoc, "ja", {}},
      {"100億ドル以上の投資", kDoc, "ja", {}},
      {"1,000億円", kDoc, "ja", {}},
      {"2024年13月", kDoc, "ja", {}},
      {"2月30日", kDoc, "ja", {}},
      {"2023年2月29日", kDoc, "ja", {}},
      {"平成32年", kDoc, "ja", {}},
      {"5年前後の経験", kDoc, "ja", {}},
      {"1990年代に", kDoc, "ja", {}},
      {"十年以上", kDoc, "ja", {}},
      {"30日間の試用", kDoc, "ja", {}},
      {"14人の重要人物", kDoc, "ja", {}},
      {"Python 3.12.1 was released", kDoc, "en", {}},
      {"192.168.1.1", kDoc, "en", {}},
      {"明日香さんが", kDoc, "ja", {}},
      {"May I help you?", kDoc, "en", {}},
      {"in 1500 BC", kDoc, "en", {}},
      {"12345年", kDoc, "ja", {}},
      {"第3四半期", kDoc, "ja", {}},
      {"月曜日に", kDoc, "ja", {}},
      {"一月前に", kDoc, "ja", {}},
      {"ver2024.1", kDoc, "en", {}},
      {"2024-25 season", kDoc, "en", {}},
      {"最近の年、トップ企業の", kDoc, "ja", {}},
      {"", kDoc, "ja", {}},
      {"ひらがなだけのぶん", kDoc, "ja", {}},
  };
  for (const Case& c : cases) Check(c);
}

TEST_F(DateExtractorTest, OffsetsAreBytesOnCharacterBoundaries) {
  const std::string text = "概要:今年7月末、OpenAIは2024-08-19に発表。";
  const auto got = extractor_->Extract(text, kDoc, "ja");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].begin, text.find("今年"));
  EXPECT_EQ(got[0].end, text.find("、"));
  EXPECT_EQ(got[0].source, "date.relative");
  EXPECT_EQ(got[1].begin, text.find("2024"));
  EXPECT_EQ(got[1].end, text.find("に発表"));
  EXPECT_EQ(got[1].source, "date.absolute");
  for (const DateMatch& m : got) {
    for (const size_t off : {m.begin, m.end}) {
      ASSERT_TRUE(off == text.size() ||
                  (static_cast<unsigned char>(text[off]) & 0xC0) != 0x80);
    }
  }
}

TEST_F(DateExtractorTest, Sources) {
  const std::string text = "令和6年、8月19日、昨年、Aug. 5, 2024";
  const auto got = extractor_->Extract(text, kDoc, "ja");
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].source, "date.era");
  EXPECT_EQ(got[1].source, "date.partial");
  EXPECT_EQ(got[2].source, "date.relative");
  EXPECT_EQ(got[3].source, "date.english");
}

TEST_F(DateExtractorTest, LongTextKeepsOrderAndFindsEveryRepeat) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "彼は2024年8月19日に、約6年間の勤務を経て退職した。";
  const auto got = extractor_->Extract(text, kDoc, "ja");
  ASSERT_EQ(got.size(), 500u);
  for (size_t i = 1; i < got.size(); ++i) {
    EXPECT_LT(got[i - 1].end, got[i].begin);
    EXPECT_EQ(got[i].norm, "2024-08-19");
  }
}

// Parses of candidate spans are reused across calls and extractors on a
// thread; what is accepted must still depend on the document date and the
// surrounding text of each occurrence.
TEST_F(DateExtractorTest, RepeatedSpansResolvePerCall) {
  Check({"7月19日に", kDoc, "ja", {{"7月19日", "2024-07-19"}}});
  Check(
      {"7月19日に", CivilDate{2024, 5, 1}, "ja", {{"7月19日", "2023-07-19"}}});
  Check({"7月19日に", std::nullopt, "ja", {{"7月19日", nullptr}}});
  // The same span glued to a digit is not a date; alone again, it is.
  Check({"17月19日", kDoc, "ja", {}});
  Check({"7月19日", kDoc, "ja", {{"7月19日", "2024-07-19"}}});
  auto other = DateExtractor::Create();
  ASSERT_TRUE(other.ok());
  const auto got = (*other)->Extract("今年7月", kDoc, "ja");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].norm, "2024-07");
}

struct DatelineCase {
  const char* text;
  std::optional<CivilDate> want;
};

TEST(FindDatelineTest, Table) {
  const DatelineCase cases[] = {
      {"記事タイトル\n\n本文の前置き。\n\n2024-08-19\n\n本文が続く。",
       CivilDate{2024, 8, 19}},
      {"公開日:2024/8/19\nタイトル", CivilDate{2024, 8, 19}},
      {"タイトル\n2024年8月19日(月) 10:30\n本文", CivilDate{2024, 8, 19}},
      {"2010-05-22T14:30:00+0900\n本文", CivilDate{2010, 5, 22}},
      {"見出し\n2024.08.19 10:30\n本文", CivilDate{2024, 8, 19}},
      {"Headline\nPublished August 19, 2024\nBody text.",
       CivilDate{2024, 8, 19}},
      {"Monday, August 19, 2024 10:30 AM\nBody.", CivilDate{2024, 8, 19}},
      {"Updated: Aug. 19, 2024 at 10:30 a.m. EDT\n", CivilDate{2024, 8, 19}},
      {"2024/08/19 (月) 10:30 | 日経\n", CivilDate{2024, 8, 19}},
      {"令和6年8月19日 更新\n本文", CivilDate{2024, 8, 19}},
      // Kanji digits only: no ASCII digit on the line.
      {"見出し\n令和六年八月十九日\n本文", CivilDate{2024, 8, 19}},
      {"二〇二四年八月十九日\n", CivilDate{2024, 8, 19}},
      {"タイトル\n今日\n本文", std::nullopt},
      {"公開日:2024/08/19 更新日:2024/08/20\n本文", CivilDate{2024, 8, 19}},
      {"  \n \n2024年8月19日\n", CivilDate{2024, 8, 19}},
      {"2025年1月22日、ソフトバンクグループは新会社を設立した。\n",
       std::nullopt},
      // A place or a byline after a dash: a few capitalised words or one
      // katakana word.
      {"Council backs plan\nNovember 20, 2026 — Manchester\nBody.",
       CivilDate{2026, 11, 20}},
      {"By Jane Doe | Aug. 19, 2024\n", CivilDate{2024, 8, 19}},
      {"2024年8月19日 ニューヨーク\n本文", CivilDate{2024, 8, 19}},
      {"On August 19, 2024 the council voted to close it.\n", std::nullopt},
      {"2024年8月19日 アップルは新製品を発表\n", std::nullopt},
      {"タイトル\n2024年8月\n本文", std::nullopt},
      {"タイトル\n昨日\n本文", std::nullopt},
      {"タイトル\n8月19日\n本文", std::nullopt},
      {"タイトル\n2024年2月30日\n本文", std::nullopt},
      {"", std::nullopt},
      {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n2024-08-19\n",
       std::nullopt},
      {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n2024-08-19\n",
       CivilDate{2024, 8, 19}},
  };
  for (const DatelineCase& c : cases) {
    SCOPED_TRACE(std::string(c.text).substr(0, 80));
    const auto got = FindDateline(c.text);
    ASSERT_EQ(got.has_value(), c.want.has_value());
    if (got) {
      EXPECT_EQ(*got, *c.want);
    }
  }
}

TEST(FindDatelineTest, OnlyLooksAtTheFirstTwoKilobytes) {
  const std::string late = std::string(3000, 'x') + "\n2024-08-19\n";
  EXPECT_EQ(FindDateline(late), std::nullopt);
  const std::string early = std::string(100, 'x') + "\n2024-08-19\n";
  EXPECT_EQ(FindDateline(early), (CivilDate{2024, 8, 19}));
}

struct IntegerCase {
  const char* text;
  std::optional<long long> want;
};

TEST(ParseJapaneseIntegerTest, Table) {
  const IntegerCase cases[] = {
      {"二〇二四", 2024},     {"十九", 19},        {"12", 12},
      {"二千二十四", 2024},   {"三十一", 31},      {"十", 10},
      {"百", 100},            {"千百", 1100},      {"三億五千万", 350000000},
      {"3万", 30000},         {"一二三", 123},     {"零", 0},
      {"1億2000万", 120000000},
      {"", std::nullopt},     {"十十", std::nullopt},
      {"百千", std::nullopt}, {"abc", std::nullopt},
      {"十二三", std::nullopt}, {"万", std::nullopt},
      {"12a", std::nullopt},  {"99999999999999999999", std::nullopt},
      {"九千九百九十九兆九千九百九十九億", 9999999900000000},
  };
  for (const IntegerCase& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(ParseJapaneseInteger(c.text), c.want);
  }
}

}  // namespace
}  // namespace kiji::extractors
