// kiji_enamdict_index IN OUT: builds the ENAMDICT name index (see
// lexicon/enamdict_index.h) from the EUC-JP dictionary IN into OUT.
#include <cstdio>
#include <string>

#include "lexicon/enamdict_index.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s ENAMDICT_EUCJP OUT_INDEX\n", argv[0]);
    return 2;
  }
  absl::Status status = kiji::lexicon::BuildEnamdictIndex(argv[1], argv[2]);
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
