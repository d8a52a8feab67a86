// Helpers of the store's and the reconciler's tests: a fresh database path,
// a stored document, and SQL run on a database file outside the Store.
#ifndef KIJI_TESTS_TESTING_STORE_FIXTURE_H_
#define KIJI_TESTS_TESTING_STORE_FIXTURE_H_

#include <string>
#include <vector>

#include "store/store.h"

namespace kiji::testing {

// `<tmp>/<prefix>_<pid>/<name>`, removed if it exists.
std::string TempPath(const std::string& prefix, const std::string& name);

// A stored document `id` (path in/<id>.txt, Japanese, dated, 42 chars).
store::StoredDocument Doc(const std::string& id);

// Runs `sql` on the database file at `path` outside the Store; returns the
// rows, one string per row with columns joined by '|' (NULL as "NULL").
std::vector<std::string> RawSql(const std::string& path, const std::string& sql);

}  // namespace kiji::testing

#endif  // KIJI_TESTS_TESTING_STORE_FIXTURE_H_
