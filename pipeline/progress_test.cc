#include "pipeline/progress.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace kiji::pipeline {
namespace {

IngestProgress Halfway() {
  IngestProgress p;
  p.files_total = 10;
  p.files_done = 5;
  p.error = 1;
  p.mentions = 120;
  p.entities = 40;
  p.bytes_total = 20'000'000;
  p.bytes_done = 5'000'000;  // a quarter of the bytes: ETA from bytes
  return p;
}

TEST(FormatProgressTest, BarRateEntitiesAndEtaFromBytes) {
  // 5 MB in 10 s = 0.5 MB/s; 15 MB left at that rate = 30 s.
  EXPECT_EQ(FormatProgress(Halfway(), 10.0, /*bar=*/true),
            "[#####...............] 5/10 files (1 failed)  0.5 MB/s  "
            "120 mentions, 40 entities  ETA 30s");
}

TEST(FormatProgressTest, PlainLineHasNoBar) {
  EXPECT_EQ(FormatProgress(Halfway(), 10.0, /*bar=*/false),
            "5/10 files (1 failed)  0.5 MB/s  120 mentions, 40 entities  "
            "ETA 30s");
}

TEST(FormatProgressTest, LongEtaInMinutesAndHours) {
  IngestProgress p = Halfway();
  p.bytes_done = 200'000;  // 1%: 99x the elapsed time remains
  EXPECT_NE(FormatProgress(p, 100.0, false).find("ETA 2h45m"),
            std::string::npos);
  p.bytes_done = 10'000'000;
  EXPECT_NE(FormatProgress(p, 75.0, false).find("ETA 1m15s"),
            std::string::npos);
}

TEST(FormatProgressTest, NoEtaAtTheStartOrTheEnd) {
  IngestProgress p = Halfway();
  EXPECT_EQ(FormatProgress(p, 0.5, false).find("ETA"), std::string::npos);
  p.bytes_done = p.bytes_total;
  p.files_done = p.files_total;
  EXPECT_EQ(FormatProgress(p, 20.0, false).find("ETA"), std::string::npos);
}

TEST(FormatProgressTest, EmptyFilesFallBackToFileCount) {
  IngestProgress p;
  p.files_total = 4;
  p.files_done = 2;  // all files empty: no bytes at all
  EXPECT_EQ(FormatProgress(p, 0.0, true).substr(0, 22),
            "[##########..........]");
}

std::string Written(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  char buf[512];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  return s;
}

TEST(ProgressMeterTest, TerminalRedrawsOneLineAndClearsIt) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  ProgressOptions options;
  options.terminal = true;
  options.redraw_interval = std::chrono::duration<double>(0);
  ProgressMeter meter(f, options);
  meter.Update(Halfway());
  IngestProgress done = Halfway();
  done.files_done = done.files_total;
  meter.Update(done);
  meter.Finish();
  const std::string out = Written(f);
  EXPECT_EQ(out.find('\n'), std::string::npos) << out;  // redrawn in place
  EXPECT_NE(out.find("\r[#####"), std::string::npos) << out;
  EXPECT_NE(out.find("10/10 files"), std::string::npos) << out;
  EXPECT_EQ(out.substr(out.size() - 4), "\r\x1b[K");  // cleared at the end
  std::fclose(f);
}

TEST(ProgressMeterTest, LogModeWritesLinesOnlyAfterTheInterval) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  ProgressOptions options;  // not a terminal, 10 s between lines
  ProgressMeter meter(f, options);
  meter.Update(Halfway());  // too early: nothing
  meter.Finish();
  EXPECT_EQ(Written(f), "");
  std::fclose(f);

  f = std::tmpfile();
  options.log_interval = std::chrono::duration<double>(0);
  ProgressMeter often(f, options);
  often.Update(Halfway());
  often.Update(Halfway());
  often.Finish();
  const std::string out = Written(f);
  EXPECT_EQ(out.find('\r'), std::string::npos);
  EXPECT_EQ(out.rfind("kiji: progress: 5/10 files", 0), 0u) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2);
  std::fclose(f);
}

}  // namespace
}  // namespace kiji::pipeline
