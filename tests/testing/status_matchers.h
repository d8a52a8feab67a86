// Test helpers for absl::Status / StatusOr.
#ifndef KIJI_TESTS_TESTING_STATUS_MATCHERS_H_
#define KIJI_TESTS_TESTING_STATUS_MATCHERS_H_

#include <gtest/gtest.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define EXPECT_OK(expr) EXPECT_TRUE((expr).ok()) << (expr)
#define ASSERT_OK(expr) ASSERT_TRUE((expr).ok()) << (expr)

#define KIJI_TESTING_CONCAT_INNER_(a, b) a##b
#define KIJI_TESTING_CONCAT_(a, b) KIJI_TESTING_CONCAT_INNER_(a, b)
#define ASSERT_OK_AND_ASSIGN(lhs, rexpr)                                  \
  auto KIJI_TESTING_CONCAT_(statusor_, __LINE__) = (rexpr);               \
  ASSERT_TRUE(KIJI_TESTING_CONCAT_(statusor_, __LINE__).ok())             \
      << KIJI_TESTING_CONCAT_(statusor_, __LINE__).status();              \
  lhs = std::move(KIJI_TESTING_CONCAT_(statusor_, __LINE__)).value()

#endif  // KIJI_TESTS_TESTING_STATUS_MATCHERS_H_
