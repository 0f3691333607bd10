// std::weak_ptr: the renderer locks its weak_ptr and counts a hit while main, still owning the
// texture, counts one too. lock() keeps the texture alive; it does not order accesses to it.
// EXPECT: data-race
// TSAN: same
#include <cstdio>
#include <memory>
#include <thread>

namespace {
struct Texture {
  int hits = 0;
};
}  // namespace

int main() {
  auto texture = std::make_shared<Texture>();
  std::weak_ptr<Texture> cache_entry = texture;
  std::thread renderer([cache_entry] {
    if (std::shared_ptr<Texture> locked = cache_entry.lock()) ++locked->hits;  // RACE
  });
  ++texture->hits;  // RACE
  renderer.join();
  std::printf("%d hits\n", texture->hits);
  return 0;
}
