// std::weak_ptr: a texture cache holds weak references. A renderer thread locks its weak_ptr,
// counts a hit and lets the temporary go, while main records an upload (another field) and
// drops the only owning reference. The texture's destructor reads both: the lock() (an acq_rel compare-exchange on the use
// count) and both releases order it, whichever thread destroys the texture. Two rounds, so that
// each side is the last owner once.
// EXPECT: silent
// TSAN: same
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

namespace {
int hits_at_destruction;

struct Texture {
  int hits = 0;
  int uploads = 0;
  ~Texture() { hits_at_destruction += hits + uploads; }
};

void run_round(bool renderer_finishes_last) {
  auto texture = std::make_shared<Texture>();
  std::weak_ptr<Texture> cache_entry = texture;
  std::thread renderer([cache_entry, renderer_finishes_last] {
    if (std::shared_ptr<Texture> locked = cache_entry.lock()) {
      if (renderer_finishes_last) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      ++locked->hits;
    }
  });
  if (!renderer_finishes_last) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  texture->uploads = 1;
  texture.reset();
  renderer.join();
  std::printf("expired: %d\n", cache_entry.expired() ? 1 : 0);
}
}  // namespace

int main() {
  run_round(true);
  run_round(false);
  std::printf("%d hits\n", hits_at_destruction);
  return 0;
}
