// SHA-256 of a byte string, as lower-case hex (OpenSSL's EVP digest).
// Thread-safe.
#ifndef KIJI_CORPUS_SHA256_H_
#define KIJI_CORPUS_SHA256_H_

#include <string>
#include <string_view>

namespace kiji::corpus {

std::string Sha256Hex(std::string_view bytes);

}  // namespace kiji::corpus

#endif  // KIJI_CORPUS_SHA256_H_
