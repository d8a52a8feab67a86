#include "extractors/date_extractor.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
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

// The tables in the source tree (the build copies them into its data folder).
constexpr char kDataDir[] = KIJI_SOURCE_DIR "/data";

struct Want {
  const char* surface;
  const char* norm;  // DATE: the norm, nullptr for none
  // Non-null: the match is a DURATION with this ISO 8601 duration ("" for a
  // vague one, without a duration); `norm` is then nullptr.
  const char* duration = nullptr;
  const char* weekday = nullptr;    // non-null: the weekday field
  const char* qualifier = nullptr;  // non-null: the qualifier field
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

std::string Show(std::string_view text, const std::vector<DateMatch>& got) {
  std::string all;
  for (const DateMatch& m : got) {
    const std::string surface(text.substr(m.begin, m.end - m.begin));
    absl::StrAppend(&all, "[", surface, "=",
                    m.kind == DateKind::kDuration
                        ? absl::StrCat("DURATION ", m.duration.value_or("null"))
                        : m.norm.value_or("null"),
                    m.weekday.empty() ? "" : " ", m.weekday,
                    m.qualifier.empty() ? "" : " ", m.qualifier, " ", m.source,
                    "] ");
  }
  return all;
}

class DateExtractorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DateExtractorOptions options;
    options.data_dir = kDataDir;
    auto created = DateExtractor::Create(options);
    ASSERT_TRUE(created.ok()) << created.status();
    extractor_ = std::move(*created);
  }

  void Check(const Case& c) { CheckWith(*extractor_, c); }

  static void CheckWith(const DateExtractor& extractor, const Case& c) {
    SCOPED_TRACE(Describe(c));
    const std::string_view text = c.text;
    const std::vector<DateMatch> got = extractor.Extract(text, c.doc, c.lang);
    ASSERT_EQ(got.size(), c.want.size()) << Show(text, got);
    size_t prev_end = 0;
    for (size_t i = 0; i < got.size(); ++i) {
      SCOPED_TRACE(absl::StrCat(i, ": ", Show(text, {got[i]})));
      const DateMatch& m = got[i];
      const Want& want = c.want[i];
      ASSERT_LE(m.begin, m.end);
      ASSERT_LE(m.end, text.size());
      EXPECT_LE(prev_end, m.begin) << "overlap or out of order";
      prev_end = m.end;
      EXPECT_EQ(text.substr(m.begin, m.end - m.begin), want.surface);
      if (want.duration != nullptr) {
        EXPECT_EQ(m.kind, DateKind::kDuration);
        EXPECT_EQ(m.duration.value_or(""), want.duration);
        EXPECT_EQ(m.source, "duration");
      } else {
        EXPECT_EQ(m.kind, DateKind::kDate);
        EXPECT_TRUE(m.source.starts_with("date."));
      }
      if (want.norm == nullptr) {
        EXPECT_FALSE(m.norm.has_value()) << *m.norm;
      } else {
        EXPECT_EQ(m.norm.value_or("null"), want.norm);
      }
      EXPECT_EQ(m.weekday, want.weekday == nullptr ? "" : want.weekday);
      EXPECT_EQ(m.qualifier, want.qualifier == nullptr ? "" : want.qualifier);
    }
  }

  std::unique_ptr<DateExtractor> extractor_;
};

TEST_F(DateExtractorTest, AbsoluteJapanese) {
  const Case cases[] = {
      {"2025年1月22日、ソフトバンクグループは新会社を設立した。",
       kDoc,
       "ja",
       {{"2025年1月22日", "2025-01-22"}}},
      {"公開は2024-08-19です。", kDoc, "ja", {{"2024-08-19", "2024-08-19"}}},
      {"2024/8/19に更新された。", kDoc, "ja", {{"2024/8/19", "2024-08-19"}}},
      {"2024.8.19付の発表によると", kDoc, "ja", {{"2024.8.19", "2024-08-19"}}},
      {"計画は2024年8月に公表された。", kDoc, "ja", {{"2024年8月", "2024-08"}}},
      {"彼は2024年に退職した。", kDoc, "ja", {{"2024年", "2024"}}},
      // Two-digit years with a month or 度 (business style): the century
      // that is at most 20 years after the article's year.
      {"25年3月期の純利益は", kDoc, "ja", {{"25年3月期", "2025-03"}}},
      {"24年度の補正予算", kDoc, "ja", {{"24年度", "2024"}}},
      {"98年4月に上場した", kDoc, "ja", {{"98年4月", "1998-04"}}},
      {"26年1〜3月期の実質GDP",
       kDoc,
       "ja",
       {{"26年1〜3月期", "2026-01/2026-03"}}},
      {"04年10月23日に起きた地震",
       kDoc,
       "ja",
       {{"04年10月23日", "2004-10-23"}}},
      // Without them, two digits and 年 are as often a number of years.
      {"創業25年の老舗", kDoc, "ja", {{"25年", nullptr, "P25Y"}}},
      {"25年ぶりの優勝", kDoc, "ja", {{"25年", nullptr, "P25Y"}}},
      {"勤続30年、3月に退職",
       kDoc,
       "ja",
       {{"30年", nullptr, "P30Y"}, {"3月", "2024-03"}}},
      {"二〇二四年八月十九日に公表した。",
       kDoc,
       "ja",
       {{"二〇二四年八月十九日", "2024-08-19"}}},
      {"二千二十四年十二月の記録",
       kDoc,
       "ja",
       {{"二千二十四年十二月", "2024-12"}}},
      {"西暦2024年の出来事", kDoc, "ja", {{"西暦2024年", "2024"}}},
      {"2024年度の決算は黒字だった。", kDoc, "ja", {{"2024年度", "2024"}}},
      {"2024年8月19日(月)に開かれた会合",
       kDoc,
       "ja",
       {{"2024年8月19日(月)", "2024-08-19", nullptr, "Monday"}}},
      {"2021年に退職しAnthropicを設立、2024年時点で首位。",
       kDoc,
       "ja",
       {{"2021年", "2021"}, {"2024年", "2024"}}},
      {"2022年8月に設立されたスタートアップ",
       std::nullopt,
       "ja",
       {{"2022年8月", "2022-08"}}},
      {"2024年末までに完了する。", kDoc, "ja", {{"2024年末", "2024"}}},
      {"2024年初めて黒字化した。", kDoc, "ja", {{"2024年", "2024"}}},
      {"2020年前後に普及した。", kDoc, "ja", {{"2020年", "2020"}}},
      {"2024年2月29日は閏日", kDoc, "ja", {{"2024年2月29日", "2024-02-29"}}},
      {"1600年10月21日の合戦", kDoc, "ja", {{"1600年10月21日", "1600-10-21"}}},
      {"2024年中国市場で", kDoc, "ja", {{"2024年", "2024"}}},
  };
  for (const Case& c : cases) Check(c);
}

// A range whose ends share a part (the year, the month, 年 or 月) is one
// mention with an interval norm; ends written in full are two mentions.
TEST_F(DateExtractorTest, Ranges) {
  const Case cases[] = {
      {"2024年5〜7月の売上", kDoc, "ja", {{"2024年5〜7月", "2024-05/2024-07"}}},
      {"2024年5月〜7月に実施した。",
       kDoc,
       "ja",
       {{"2024年5月〜7月", "2024-05/2024-07"}}},
      {"2024年11〜2月の冬季",
       kDoc,
       "ja",
       {{"2024年11〜2月", "2024-11/2025-02"}}},
      {"8月19日〜21日に開催",
       kDoc,
       "ja",
       {{"8月19日〜21日", "2024-08-19/2024-08-21"}}},
      {"8月19日(月)〜21日(水)に開催",
       kDoc,
       "ja",
       {{"8月19日(月)〜21日(水)", "2024-08-19/2024-08-21"}}},
      {"2024年8月30日〜9月2日の日程",
       kDoc,
       "ja",
       {{"2024年8月30日〜9月2日", "2024-08-30/2024-09-02"}}},
      {"2012年10月25日-26日に開催",
       kDoc,
       "ja",
       {{"2012年10月25日-26日", "2012-10-25/2012-10-26"}}},
      {"2023〜2024年に相次いだ。", kDoc, "ja", {{"2023〜2024年", "2023/2024"}}},
      {"1990〜91年にかけて", kDoc, "ja", {{"1990〜91年", "1990/1991"}}},
      {"92〜94年に会長を務めた", kDoc, "ja", {{"92〜94年", "1992/1994"}}},
      {"2004-05シーズンは", kDoc, "ja", {{"2004-05", "2004/2005"}}},
      {"1999-00シーズン", kDoc, "ja", {{"1999-00", "1999/2000"}}},
      {"4〜6月期の決算", kDoc, "ja", {{"4〜6月期", "2024-04/2024-06"}}},
      {"9・10月に採れる", kDoc, "ja", {{"9・10月", "2023-09/2023-10"}}},
      {"19〜21日の", kDoc, "ja", {}},
      // Two ends in full: two dates.
      {"5月〜7月に", kDoc, "ja", {{"5月", "2024-05"}, {"7月", "2024-07"}}},
      {"8月30日〜9月2日に",
       kDoc,
       "ja",
       {{"8月30日", "2023-08-30"}, {"9月2日", "2023-09-02"}}},
      {"1333年-1334年", kDoc, "ja", {{"1333年", "1333"}, {"1334年", "1334"}}},
      // Not ranges: scores and inverted ends.
      {"3-1で勝った", kDoc, "ja", {}},
      {"2025〜2019年", kDoc, "ja", {{"2019年", "2019"}}},
      {"2004-07シーズン", kDoc, "ja", {}},
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
      {"22日午後3時ごろ", kDoc, "ja", {{"22日", "2024-07-22"}}},
      {"4日未明に", kDoc, "ja", {{"4日", "2024-08-04"}}},
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
      {"審理は3日に及んだ", kDoc, "ja", {{"3日", nullptr, "P3D"}}},
      {"入院期間は最大30日、延長できる", kDoc, "ja", {}},
      {"延べ3日、わずか2日で", kDoc, "ja", {}},
      {"米政府は5日(月)に",
       kDoc,
       "ja",
       {{"5日(月)", "2024-08-05", nullptr, "Monday"}}},
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
      {"3日間の日程で", kDoc, "ja", {{"3日間", nullptr, "P3D"}}},
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
  Check({"7~9月期の決算",
         CivilDate{2024, 10, 30},
         "ja",
         {{"7~9月期", "2024-07/2024-09"}}});
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
      {"2019年に設立し、同年9月に上場、翌年6月に退任、同年末に解散",
       kDoc,
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
      {"年明け以降に判断する",
       CivilDate{2025, 2, 3},
       "ja",
       {{"年明け", "2025-01"}}},
      {"昨年4月に入社し、同年10月に異動",
       kDoc,
       "ja",
       {{"昨年4月", "2023-04"}, {"同年10月", "2023-10"}}},
      // Dates whose year comes from the article's date do not anchor.
      {"2019年の事件で、警察は3日、同年9月に逮捕された男を",
       kDoc,
       "ja",
       {{"2019年", "2019"}, {"3日", "2024-08-03"}, {"同年9月", "2019-09"}}},
      {"2019年の事件について、県警は先月、同年の",
       kDoc,
       "ja",
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
      {"昨日今日",
       kDoc,
       "ja",
       {{"昨日", "2024-08-18"}, {"今日", "2024-08-19"}}},
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
      {"来週末の試合",
       CivilDate{2024, 8, 25},
       "ja",
       {{"来週末", "2024-08-31"}}},
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
      {"社長は3日に会見し、同日夜に辞任した",
       kDoc,
       "ja",
       {{"3日", "2024-08-03"}, {"同日", "2024-08-03"}}},
      {"2019年3月5日に提訴し、同日中に",
       kDoc,
       "ja",
       {{"2019年3月5日", "2019-03-05"}, {"同日", "2019-03-05"}}},
      {"昨日発表し、同日、株価は",
       kDoc,
       "ja",
       {{"昨日", "2024-08-18"}, {"同日", "2024-08-18"}}},
      {"2021年5月に上場し、同月20日に",
       kDoc,
       "ja",
       {{"2021年5月", "2021-05"}, {"同月20日", "2021-05-20"}}},
      {"先月3日に発表し、同月末に",
       kDoc,
       "ja",
       {{"先月3日", "2024-07-03"}, {"同月末", "2024-07"}}},
      {"2018年に入社し、同日付で",
       kDoc,
       "ja",
       {{"2018年", "2018"}, {"同日", nullptr}}},
      {"今年1〜3月の", kDoc, "ja", {{"今年1〜3月", "2024-01/2024-03"}}},
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

// Years of any era: four digits as today; three only in a year's context
// (807年に, 1000年から); a number of years is a DURATION; 紀元前 and 前 count
// before the common era (ISO 8601: 520 BCE is -0519).
TEST_F(DateExtractorTest, HistoricalYears) {
  const Case cases[] = {
      {"1740年に設立された", kDoc, "ja", {{"1740年", "1740"}}},
      {"1971年生産の車体", kDoc, "ja", {{"1971年", "1971"}}},
      {"1947年制定の法律", kDoc, "ja", {{"1947年", "1947"}}},
      {"アラゴン王は1462年、", kDoc, "ja", {{"1462年", "1462"}}},
      {"807年に創建された", kDoc, "ja", {{"807年", "0807"}}},
      {"819年から1821年まで",
       kDoc,
       "ja",
       {{"819年", "0819"}, {"1821年", "1821"}}},
      {"西暦800年の", kDoc, "ja", {{"西暦800年", "0800"}}},
      {"220年3月15日に没した", kDoc, "ja", {{"220年3月15日", "0220-03-15"}}},
      {"紀元前520年に", kDoc, "ja", {{"紀元前520年", "-0519"}}},
      {"在位:前171年-前138年",
       kDoc,
       "ja",
       {{"前171年", "-0170"}, {"前138年", "-0137"}}},
      {"紀元14年8月19日", kDoc, "ja", {{"紀元14年8月19日", "0014-08-19"}}},
      {"1500年の歴史を持つ寺", kDoc, "ja", {{"1500年", nullptr, "P1500Y"}}},
      {"1000年間続いた", kDoc, "ja", {{"1000年間", nullptr, "P1000Y"}}},
      // Counts, ordinals and editions are no years.
      {"300年続く老舗", kDoc, "ja", {}},
      {"寿命は300年で", kDoc, "ja", {}},
      {"3年生の", kDoc, "ja", {}},
      {"5年連続で", kDoc, "ja", {}},
      {"創立50周年の", kDoc, "ja", {}},
      {"大会2日目", kDoc, "ja", {}},
      {"2017年版の白書", kDoc, "ja", {}},
      {"第3千年紀", kDoc, "ja", {}},
      {"午前10時", kDoc, "ja", {}},
      {"以前57年", kDoc, "ja", {}},
      // A date that numbers a law is part of its name.
      {"昭和22年法律第67号", kDoc, "ja", {}},
      {"平成8年6月26日法律第109号", kDoc, "ja", {}},
  };
  for (const Case& c : cases) Check(c);
}

// Eras from data/dates/eras.tsv. Before 1873 (明治6年) Japan's months and
// days were lunisolar: such a date keeps its year alone.
TEST_F(DateExtractorTest, HistoricalEras) {
  const Case cases[] = {
      {"天保11年2月13日に生まれた", kDoc, "ja", {{"天保11年2月13日", "1840"}}},
      {"天保11年", kDoc, "ja", {{"天保11年", "1840"}}},
      {"文政13年8月10日", kDoc, "ja", {{"文政13年8月10日", "1830"}}},
      {"天保9年閏4月22日", kDoc, "ja", {{"天保9年閏4月22日", "1838"}}},
      {"明治5年11月9日", kDoc, "ja", {{"明治5年11月9日", "1872"}}},
      {"明治6年1月1日", kDoc, "ja", {{"明治6年1月1日", "1873-01-01"}}},
      {"慶長3年に", kDoc, "ja", {{"慶長3年", "1598"}}},
      {"大化元年", kDoc, "ja", {{"大化元年", "0645"}}},
      {"光緒21年", kDoc, "ja", {{"光緒21年", "1895"}}},
      {"康熙元年", kDoc, "ja", {{"康熙元年", "1662"}}},
      {"民国34年", kDoc, "ja", {{"民国34年", "1945"}}},
      {"推古天皇36年3月7日", kDoc, "ja", {{"推古天皇36年3月7日", "0628"}}},
      {"持統天皇4年", kDoc, "ja", {{"持統天皇4年", "0690"}}},
      // Era years past the era's end are none.
      {"天保99年", kDoc, "ja", {}},
      {"大化10年", kDoc, "ja", {}},
  };
  for (const Case& c : cases) Check(c);
}

// 1912年(明治45年)7月30日 is one date; the bracketed year is checked (see
// BracketYearMismatchWarns). A weekday after a date stays in its span.
TEST_F(DateExtractorTest, OneMentionForOneDate) {
  const Case cases[] = {
      {"1912年(明治45年)7月30日に崩御",
       kDoc,
       "ja",
       {{"1912年(明治45年)7月30日", "1912-07-30"}}},
      {"1926年〈大正15年/昭和元年〉12月25日",
       kDoc,
       "ja",
       {{"1926年〈大正15年/昭和元年〉12月25日", "1926-12-25"}}},
      {"弘安5年(1282年)10月13日",
       kDoc,
       "ja",
       {{"弘安5年(1282年)10月13日", "1282"}}},
      // Without a month after it the bracket is apart.
      {"永寿元年(155年)",
       kDoc,
       "ja",
       {{"永寿元年", "0155"}, {"155年", "0155"}}},
      {"4月6日火曜日に",
       CivilDate{2021, 5, 1},
       "ja",
       {{"4月6日火曜日", "2021-04-06", nullptr, "Tuesday"}}},
      {"9日(月)に",
       CivilDate{2024, 9, 10},
       "ja",
       {{"9日(月)", "2024-09-09", nullptr, "Monday"}}},
      {"2024年8月19日(月・祝)",
       kDoc,
       "ja",
       {{"2024年8月19日(月・祝)", "2024-08-19", nullptr, "Monday"}}},
  };
  for (const Case& c : cases) Check(c);
}

TEST_F(DateExtractorTest, BracketYearAndWeekdayMismatchesWarn) {
  const std::string text = "1912年(明治44年)7月30日と2024年8月20日(月)";
  const auto got = extractor_->Extract(text, kDoc, "ja");
  ASSERT_EQ(got.size(), 2u) << Show(text, got);
  EXPECT_EQ(got[0].norm, "1912-07-30");
  EXPECT_NE(got[0].warning.find("明治44年"), std::string::npos)
      << got[0].warning;
  EXPECT_EQ(got[1].weekday, "Monday");
  EXPECT_NE(got[1].warning.find("Tuesday"), std::string::npos)
      << got[1].warning;
  const auto fine = extractor_->Extract("1912年(明治45年)7月30日", kDoc, "ja");
  ASSERT_EQ(fine.size(), 1u);
  EXPECT_EQ(fine[0].warning, "");
}

// Centuries and decades in EDTF form (ISO 8601-2): 18世紀 is 17XX, 1950年代
// 195X; a part word (後半, 初頭) is the qualifier.
TEST_F(DateExtractorTest, CenturiesAndDecades) {
  const Case cases[] = {
      {"18世紀には", kDoc, "ja", {{"18世紀", "17XX"}}},
      {"18世紀後半",
       kDoc,
       "ja",
       {{"18世紀後半", "17XX", nullptr, nullptr, "late"}}},
      {"20世紀初頭",
       kDoc,
       "ja",
       {{"20世紀初頭", "19XX", nullptr, nullptr, "early"}}},
      {"21世紀", kDoc, "ja", {{"21世紀", "20XX"}}},
      {"1世紀", kDoc, "ja", {{"1世紀", "00XX"}}},
      {"紀元前3世紀", kDoc, "ja", {{"紀元前3世紀", "-0299/-0200"}}},
      {"前1世紀、", kDoc, "ja", {{"前1世紀", "-0099/0000"}}},
      {"1950年代に", kDoc, "ja", {{"1950年代", "195X"}}},
      {"1990年代後半",
       kDoc,
       "ja",
       {{"1990年代後半", "199X", nullptr, nullptr, "late"}}},
      {"1800年代は", kDoc, "ja", {{"1800年代", "18XX"}}},
      {"2000年代", kDoc, "ja", {{"2000年代", "200X"}}},
      {"80年代の", kDoc, "ja", {{"80年代", "198X"}}},
      {"昭和30年代中盤",
       kDoc,
       "ja",
       {{"昭和30年代中盤", "195X", nullptr, nullptr, "mid"}}},
      {"半世紀ぶり", kDoc, "ja", {{"半世紀", nullptr, "P50Y"}}},
      // Not centuries or decades.
      {"数世紀", kDoc, "ja", {}},
      {"1995年代", kDoc, "ja", {}},
      {"20世紀以上", kDoc, "ja", {}},
  };
  for (const Case& c : cases) Check(c);
}

// Named periods from data/dates/periods.tsv and eras as periods.
TEST_F(DateExtractorTest, Periods) {
  const Case cases[] = {
      {"江戸時代から", kDoc, "ja", {{"江戸時代", "1603/1868"}}},
      {"江戸時代初期",
       kDoc,
       "ja",
       {{"江戸時代初期", "1603/1868", nullptr, nullptr, "early"}}},
      {"平安時代末期に",
       kDoc,
       "ja",
       {{"平安時代末期", "0794/1185", nullptr, nullptr, "late"}}},
      {"江戸期の", kDoc, "ja", {{"江戸期", "1603/1868"}}},
      {"江戸中期の",
       kDoc,
       "ja",
       {{"江戸中期", "1603/1868", nullptr, nullptr, "mid"}}},
      {"唐代の詩", kDoc, "ja", {{"唐代", "0618/0907"}}},
      {"清代中期",
       kDoc,
       "ja",
       {{"清代中期", "1644/1912", nullptr, nullptr, "mid"}}},
      {"後漢末",
       kDoc,
       "ja",
       {{"後漢末", "0025/0220", nullptr, nullptr, "late"}}},
      {"戦後の日本", kDoc, "ja", {{"戦後", "1945/.."}}},
      {"戦前から", kDoc, "ja", {{"戦前", "../1945"}}},
      {"第二次世界大戦後、", kDoc, "ja", {{"第二次世界大戦後", "1945/.."}}},
      {"幕末に", kDoc, "ja", {{"幕末", "1853/1868"}}},
      {"南北朝時代", kDoc, "ja", {{"南北朝時代", "1336/1392"}}},
      {"ジュラ紀の化石", kDoc, "ja", {{"ジュラ紀", nullptr}}},
      {"中世の", kDoc, "ja", {{"中世", nullptr}}},
      // Eras as periods.
      {"明治時代の", kDoc, "ja", {{"明治時代", "1868/1912"}}},
      {"寛永期以降", kDoc, "ja", {{"寛永期", "1624/1644"}}},
      {"寛文年間に", kDoc, "ja", {{"寛文年間", "1661/1673"}}},
      {"明治初期",
       kDoc,
       "ja",
       {{"明治初期", "1868/1912", nullptr, nullptr, "early"}}},
      {"明治以降の", kDoc, "ja", {{"明治", "1868/1912"}}},
      {"明治・大正期",
       kDoc,
       "ja",
       {{"明治", "1868/1912"}, {"大正期", "1912/1926"}}},
      // Names of periods inside other words, and eras that are words.
      {"江戸の町", kDoc, "ja", {}},
      {"明治の新商品", kDoc, "ja", {}},
      {"元代表", kDoc, "ja", {}},
      {"世界大戦後", kDoc, "ja", {}},
      {"中世的な", kDoc, "ja", {}},
      {"清朝の皇帝", kDoc, "ja", {}},
      {"北宋が", kDoc, "ja", {}},
      {"政治・文化・技術", kDoc, "ja", {}},
      {"治安を回復した", kDoc, "ja", {}},
      {"文化から", kDoc, "ja", {}},
  };
  for (const Case& c : cases) Check(c);
}

// Lengths of time are DURATION with an ISO 8601 duration; counts are not.
TEST_F(DateExtractorTest, Durations) {
  const Case cases[] = {
      {"20年間務めた", kDoc, "ja", {{"20年間", nullptr, "P20Y"}}},
      {"オープンAIに約6年間務めてきた",
       kDoc,
       "ja",
       {{"6年間", nullptr, "P6Y"}}},
      {"在籍3年半", kDoc, "ja", {{"3年半", nullptr, "P3Y6M"}}},
      {"2ヶ月間の休暇", kDoc, "ja", {{"2ヶ月間", nullptr, "P2M"}}},
      {"産後1か月で", kDoc, "ja", {{"1か月", nullptr, "P1M"}}},
      {"4ヶ月の安息休暇を取る", kDoc, "ja", {{"4ヶ月", nullptr, "P4M"}}},
      {"半年ほどで", kDoc, "ja", {{"半年", nullptr, "P6M"}}},
      {"1年2カ月の", kDoc, "ja", {{"1年2カ月", nullptr, "P1Y2M"}}},
      {"2週間無料", kDoc, "ja", {{"2週間", nullptr, "P2W"}}},
      {"30日間の試用", kDoc, "ja", {{"30日間", nullptr, "P30D"}}},
      {"遅くとも30日以内に", kDoc, "ja", {{"30日", nullptr, "P30D"}}},
      {"10日ぶりに", kDoc, "ja", {{"10日", nullptr, "P10D"}}},
      {"六週間", kDoc, "ja", {{"六週間", nullptr, "P6W"}}},
      {"発生から4カ月余。", kDoc, "ja", {{"4カ月余", nullptr, "P4M"}}},
      {"約10カ月ぶりに", kDoc, "ja", {{"10カ月", nullptr, "P10M"}}},
      {"四半世紀", kDoc, "ja", {{"四半世紀", nullptr, "P25Y"}}},
      {"十年以上", kDoc, "ja", {{"十年", nullptr, "P10Y"}}},
      {"今後4年間で総額5,000億円を投資",
       kDoc,
       "ja",
       {{"4年間", nullptr, "P4Y"}}},
      {"テスラで約5年働いた", kDoc, "ja", {{"5年", nullptr, "P5Y"}}},
      {"懲役5年の判決", kDoc, "ja", {{"5年", nullptr, "P5Y"}}},
      {"45年の歴史", kDoc, "ja", {{"45年", nullptr, "P45Y"}}},
      // A count too large for any calendar: a vague length, and no
      // undefined conversion (found by the date fuzzer).
      {"7777777777777777777777777777777777777777年間", kDoc, "ja",
       {{"7777777777777777777777777777777777777777年間", nullptr, ""}}},
      // A large fraction is written in fixed notation (no 1.2e+14).
      {"123456789012.5年間", kDoc, "ja",
       {{"123456789012.5年間", nullptr, "P123456789012.5Y"}}},
      // Vague lengths: no duration.
      {"数年間テスラで働いた", kDoc, "ja", {{"数年間", nullptr, ""}}},
      {"ここ十数年で", kDoc, "ja", {{"十数年", nullptr, ""}}},
      {"数日間晒された", kDoc, "ja", {{"数日間", nullptr, ""}}},
      // Counts that are no lengths.
      {"5年連続", kDoc, "ja", {}},
      {"2カ月目に突入", kDoc, "ja", {}},
      {"11年目の", kDoc, "ja", {}},
      {"3年生", kDoc, "ja", {}},
      {"4年制大学", kDoc, "ja", {}},
      {"奇数年", kDoc, "ja", {}},
      {"上半年", kDoc, "ja", {}},
      {"1日に3食", kDoc, "ja", {}},
      {"25年の", kDoc, "ja", {}},
  };
  for (const Case& c : cases) Check(c);
}

// Weekdays resolve when the sentence names the week (the document is
// Monday 2024-08-19); else they keep the weekday without a norm.
TEST_F(DateExtractorTest, Weekdays) {
  const Case cases[] = {
      {"水曜日と金曜日に開く",
       kDoc,
       "ja",
       {{"水曜日", nullptr, nullptr, "Wednesday"},
        {"金曜日", nullptr, nullptr, "Friday"}}},
      {"先週土曜日の夕方",
       kDoc,
       "ja",
       {{"先週土曜日", "2024-08-17", nullptr, "Saturday"}}},
      {"来週の月曜日に",
       kDoc,
       "ja",
       {{"来週の月曜日", "2024-08-26", nullptr, "Monday"}}},
      {"今週は水曜日に会議がある",
       kDoc,
       "ja",
       {{"今週", "2024-08-19"},
        {"水曜日", "2024-08-21", nullptr, "Wednesday"}}},
      {"先週は忙しかった。水曜日に会議",
       kDoc,
       "ja",
       {{"先週", "2024-08-12"}, {"水曜日", nullptr, nullptr, "Wednesday"}}},
      {"土曜午後に", kDoc, "ja", {{"土曜", nullptr, nullptr, "Saturday"}}},
      {"毎週日曜日の", kDoc, "ja", {{"日曜日", nullptr, nullptr, "Sunday"}}},
      {"月曜日に",
       std::nullopt,
       "ja",
       {{"月曜日", nullptr, nullptr, "Monday"}}},
      // Words and titles.
      {"日曜大工", kDoc, "ja", {}},
      {"金曜ロードショー", kDoc, "ja", {}},
      {"第3水曜", kDoc, "ja", {}},
  };
  for (const Case& c : cases) Check(c);
}

// 前日, 翌日 and 当日 count from the date before them; 先日 is some recent
// day; N年前 and N日後 from the article's date, without a norm beyond the
// range of dates (2億年前) or when vague (数年前).
TEST_F(DateExtractorTest, RelativeWordsAndOffsets) {
  const Case cases[] = {
      {"前日の会見", kDoc, "ja", {{"前日", "2024-08-18"}}},
      {"3日に会見し、翌日に辞任",
       kDoc,
       "ja",
       {{"3日", "2024-08-03"}, {"翌日", "2024-08-04"}}},
      {"2024年3月10日に提訴し、翌12日に",
       kDoc,
       "ja",
       {{"2024年3月10日", "2024-03-10"}, {"翌12日", "2024-03-12"}}},
      {"2010年に入社し、翌11年1月14日に",
       kDoc,
       "ja",
       {{"2010年", "2010"}, {"翌11年1月14日", "2011-01-14"}}},
      {"1875年に帰国し、翌1876年に",
       kDoc,
       "ja",
       {{"1875年", "1875"}, {"翌1876年", "1876"}}},
      {"当日は", kDoc, "ja", {{"当日", nullptr}}},
      {"先日、", kDoc, "ja", {{"先日", nullptr}}},
      {"2019年に設立、前年度比", kDoc, "ja", {{"2019年", "2019"}}},
      {"2019年に上場し、前年に",
       kDoc,
       "ja",
       {{"2019年", "2019"}, {"前年", "2018"}}},
      {"株価は前日比で", kDoc, "ja", {}},
      {"当日券", kDoc, "ja", {}},
      {"4年前に", kDoc, "ja", {{"4年前", "2020"}}},
      {"3日後に", kDoc, "ja", {{"3日後", "2024-08-22"}}},
      {"半年後に", kDoc, "ja", {{"半年後", "2025-02"}}},
      {"主任エンジニアで3年半後に去りました。",
       kDoc,
       "ja",
       {{"3年半後", "2028-02"}}},
      {"半世紀前の", kDoc, "ja", {{"半世紀前", "1974"}}},
      {"数年前から", kDoc, "ja", {{"数年前", nullptr}}},
      {"数十年前の", kDoc, "ja", {{"数十年前", nullptr}}},
      {"20数年前", kDoc, "ja", {{"20数年前", nullptr}}},
      {"15,000年前に", kDoc, "ja", {{"15,000年前", nullptr}}},
      {"約2億年前の", kDoc, "ja", {{"2億年前", nullptr}}},
      {"1万6500年前", kDoc, "ja", {{"1万6500年前", nullptr}}},
      {"2000年前の遺跡", kDoc, "ja", {{"2000年前", nullptr}}},
      {"4年前に", std::nullopt, "ja", {{"4年前", nullptr}}},
      {"5年前後の経験", kDoc, "ja", {}},
      {"直前に", kDoc, "ja", {}},
  };
  for (const Case& c : cases) Check(c);
}

// The tables are read from the data folder at start; a missing or malformed
// one is an error naming the file and line.
TEST(DateTablesTest, MissingOrMalformedTableIsAnError) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      absl::StrCat("kiji_date_tables_", ::getpid());
  std::filesystem::create_directories(dir / "dates");
  DateExtractorOptions options;
  options.data_dir = dir.string();
  auto missing = DateExtractor::Create(options);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("eras.tsv"), std::string::npos)
      << missing.status();
  {
    std::ofstream eras(dir / "dates" / "eras.tsv");
    eras << "# comment\n明治\t1868\t1912\tja\tera\n令和\t2019\tja\tera\n";
    std::ofstream periods(dir / "dates" / "periods.tsv");
    periods << "江戸\t1603/1868\t時代\n";
  }
  auto bad_era = DateExtractor::Create(options);
  ASSERT_FALSE(bad_era.ok());
  EXPECT_NE(bad_era.status().message().find("eras.tsv:3"), std::string::npos)
      << bad_era.status();
  {
    std::ofstream eras(dir / "dates" / "eras.tsv");
    eras << "明治\t1868\t1912\tja\tera\n";
    std::ofstream periods(dir / "dates" / "periods.tsv");
    periods << "# comment\n\n江戸\t1868/1603\t時代\n";
  }
  options.data_dir = (dir / ".").string();  // a new key: compiled afresh
  auto bad_period = DateExtractor::Create(options);
  ASSERT_FALSE(bad_period.ok());
  EXPECT_NE(bad_period.status().message().find("periods.tsv:3"),
            std::string::npos)
      << bad_period.status();
  std::filesystem::remove_all(dir);
}

// Without a data folder the extractor knows the eras 明治..令和 only.
TEST(DateTablesTest, BuiltInTablesKnowModernErasOnly) {
  auto created = DateExtractor::Create();
  ASSERT_TRUE(created.ok());
  const auto got =
      (*created)->Extract("令和6年と天保11年と江戸時代", kDoc, "ja");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].norm, "2024");
}

TEST_F(DateExtractorTest, NotDates) {
  const Case cases[] = {
      {"1000年に一度の大雨", kDoc, "ja", {}},
      {"300年続く老舗", kDoc, "ja", {}},
      {"10時に開始", kDoc, "ja", {}},
      {"GPT-3.5とGPT-4", kDoc, "ja", {}},
      {"100億ドル以上の投資", kDoc, "ja", {}},
      {"1,000億円", kDoc, "ja", {}},
      {"2024年13月", kDoc, "ja", {}},
      {"2月30日", kDoc, "ja", {}},
      {"2023年2月29日", kDoc, "ja", {}},
      {"平成32年", kDoc, "ja", {}},
      {"5年前後の経験", kDoc, "ja", {}},
      {"14人の重要人物", kDoc, "ja", {}},
      {"Python 3.12.1 was released", kDoc, "en", {}},
      {"192.168.1.1", kDoc, "en", {}},
      {"明日香さんが", kDoc, "ja", {}},
      {"May I help you?", kDoc, "en", {}},
      {"in 1500 BC", kDoc, "en", {}},
      {"12345年", kDoc, "ja", {}},
      {"第3四半期", kDoc, "ja", {}},
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
  ASSERT_EQ(got.size(), 1000u);
  for (size_t i = 1; i < got.size(); ++i) {
    EXPECT_LT(got[i - 1].end, got[i].begin);
    if (i % 2 == 0) {
      EXPECT_EQ(got[i].norm, "2024-08-19");
    } else {
      EXPECT_EQ(got[i].duration, "P6Y");
    }
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
  DateExtractorOptions options;
  options.data_dir = kDataDir;
  auto other = DateExtractor::Create(options);
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
      // A weekday after the date, written apart, is filler as before.
      {"2024年8月19日 月曜日\n本文", CivilDate{2024, 8, 19}},
      {"2024年8月19日月曜日\n本文", CivilDate{2024, 8, 19}},
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
