// The throughput ceiling for kiji: MeCab's C++ API alone tokenising the
// files of a corpus (read into memory first), with N threads.
//
// usage: mecab_ceiling DICDIR THREADS FILE...
// Prints one line: "mecab_ceiling threads=N bytes=B seconds=S mb_per_s=X".
#include <mecab.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s DICDIR THREADS FILE...\n", argv[0]);
    return 2;
  }
  const std::string arg = std::string("-d ") + argv[1];
  const int threads = std::max(1, std::atoi(argv[2]));
  std::vector<std::string> texts;
  size_t bytes = 0;
  for (int i = 3; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    bytes += texts.back().size();
  }
  std::unique_ptr<MeCab::Model> model(MeCab::createModel(arg.c_str()));
  if (!model) {
    std::fprintf(stderr, "cannot load %s\n", argv[1]);
    return 1;
  }
  std::unique_ptr<MeCab::Tagger> tagger(model->createTagger());
  std::atomic<size_t> next{0};
  std::atomic<size_t> nodes{0};
  auto work = [&] {
    std::unique_ptr<MeCab::Lattice> lattice(model->createLattice());
    std::string line;  // NUL-terminated copy: MeCab may read to a NUL
    size_t count = 0;
    for (size_t i = next++; i < texts.size(); i = next++) {
      std::string_view text = texts[i];
      // Line by line, each copied, as kiji does (issue #14: given a line
      // that ends in whitespace and no NUL after it, MeCab reads on to the
      // end of the text).
      size_t pos = 0;
      while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
        line.assign(text.data() + pos, end - pos);
        lattice->set_sentence(line.c_str(), line.size());
        if (tagger->parse(lattice.get())) {
          for (const MeCab::Node* n = lattice->bos_node(); n; n = n->next) ++count;
        }
        pos = end;
      }
    }
    nodes += count;
  };
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  const double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("mecab_ceiling threads=%d bytes=%zu seconds=%.3f mb_per_s=%.2f nodes=%zu\n",
              threads, bytes, s, bytes / 1e6 / s, nodes.load());
  return 0;
}
