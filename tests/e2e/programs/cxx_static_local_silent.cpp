// Thread-safe static locals: two threads ask for the codec registry, a function-local static
// whose constructor fills a table. The compiler guards it with __cxa_guard_acquire/release
// (in libstdc++.so) and an inline acquire load of the guard byte: the construction happens
// before every later use, whether the user waited for it or found it done.
// EXPECT: silent
// TSAN: same
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {
struct CodecRegistry {
  std::vector<std::string> names;
  int default_index;
  CodecRegistry() : names{"h264", "vp9", "av1"}, default_index(2) {}
};

const CodecRegistry &codec_registry() {
  static CodecRegistry registry;
  return registry;
}
}  // namespace

int main() {
  std::string chosen_by_worker;
  std::thread worker([&chosen_by_worker] {
    const CodecRegistry &registry = codec_registry();
    chosen_by_worker = registry.names[registry.default_index];
  });
  const CodecRegistry &registry = codec_registry();
  std::string chosen = registry.names[registry.default_index];
  worker.join();
  std::printf("%s %s\n", chosen.c_str(), chosen_by_worker.c_str());
  return 0;
}
