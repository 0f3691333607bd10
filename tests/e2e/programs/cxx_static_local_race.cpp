// Thread-safe static locals: the registry is constructed safely, but both threads then bump its
// plain lookup counter: the guard orders the construction, not later uses.
// EXPECT: data-race
// TSAN: same
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {
struct CodecRegistry {
  std::vector<std::string> names{"h264", "vp9", "av1"};
  int lookups = 0;
};

CodecRegistry &codec_registry() {
  static CodecRegistry registry;
  return registry;
}
}  // namespace

int main() {
  std::thread worker([] { ++codec_registry().lookups; });  // RACE
  ++codec_registry().lookups;  // RACE
  worker.join();
  std::printf("%d\n", codec_registry().lookups);
  return 0;
}
