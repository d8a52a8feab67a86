// A user's MeCab dictionary: their own words in MeCab's user-dictionary CSV
// (the format of IPADIC's own files), compiled with Debian's
// `mecab-dict-index` (package mecab-utils) into a cache keyed by the file's
// SHA-256, so each version of the file is compiled once.
//
// One line per word, UTF-8, the text as kiji normalises it (NFKC: half-width
// Latin and digits, full-width katakana):
//
//   表層形,左文脈ID,右文脈ID,コスト,品詞,品詞細分類1,品詞細分類2,品詞細分類3,活用型,活用形,原形,読み,発音
//   NTTドコモ,1292,1292,3000,名詞,固有名詞,組織,*,*,*,NTTドコモ,エヌティーティードコモ,エヌティーティードコモ
//
// The context ids are IPADIC's (`/usr/share/mecab/dic/ipadic/left-id.def`,
// EUC-JP): 1292 is 名詞,固有名詞,組織 (an organisation), 1288
// 名詞,固有名詞,一般, 1290 名詞,固有名詞,人名,姓 (a surname), 1291 人名,名.
// A lower cost makes MeCab prefer the word.
//
// Thread-safety: `CompileUserDictionary` may run in several processes at
// once (each writes its own temporary file and renames it into place).
#ifndef KIJI_TOKENIZERS_USER_DICTIONARY_H_
#define KIJI_TOKENIZERS_USER_DICTIONARY_H_

#include <string>

#include "absl/status/statusor.h"

namespace kiji::tokenizers {

// Options (defaults):
//   cache_dir      ""  where compiled dictionaries are kept; "" is
//                      $XDG_CACHE_HOME/kiji/userdic, else
//                      ~/.cache/kiji/userdic
//   source_dicdir  IPADIC's source folder (its .def files), from Debian's
//                  mecab-ipadic
//   indexer        Debian's mecab-dict-index
struct UserDictionaryOptions {
  std::string cache_dir;
  std::string source_dicdir = "/usr/share/mecab/dic/ipadic";
  std::string indexer = "/usr/lib/mecab/mecab-dict-index";
};

// The path of the compiled form of the CSV file `csv_path`, compiled now
// unless the cache has it. Fails naming the file: kNotFound when it cannot
// be read, kInvalidArgument with mecab-dict-index's message when it is
// malformed ("format error: LINE"), kUnavailable when the indexer or the
// cache folder is missing.
absl::StatusOr<std::string> CompileUserDictionary(
    const std::string& csv_path, const UserDictionaryOptions& options = {});

}  // namespace kiji::tokenizers

#endif  // KIJI_TOKENIZERS_USER_DICTIONARY_H_
