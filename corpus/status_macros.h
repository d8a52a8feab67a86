// RETURN_IF_ERROR / ASSIGN_OR_RETURN for absl::Status and absl::StatusOr.
#ifndef KIJI_CORPUS_STATUS_MACROS_H_
#define KIJI_CORPUS_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define KIJI_STATUS_CONCAT_INNER_(a, b) a##b
#define KIJI_STATUS_CONCAT_(a, b) KIJI_STATUS_CONCAT_INNER_(a, b)

#define RETURN_IF_ERROR(expr)                     \
  do {                                            \
    ::absl::Status kiji_status_ = (expr);         \
    if (!kiji_status_.ok()) return kiji_status_;  \
  } while (0)

#define ASSIGN_OR_RETURN(lhs, rexpr)                                    \
  ASSIGN_OR_RETURN_IMPL_(KIJI_STATUS_CONCAT_(kiji_statusor_, __LINE__), \
                         lhs, rexpr)

#define ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                           \
  if (!statusor.ok()) return statusor.status();      \
  lhs = std::move(statusor).value()

#endif  // KIJI_CORPUS_STATUS_MACROS_H_
