// std::shared_ptr: main waits for the uploader to drop its reference by polling use_count(),
// then reads what the uploader wrote. use_count() is a relaxed load: it orders nothing, so the
// read races with the uploader's write.
// EXPECT: data-race
// TSAN: same
#include <cstdio>
#include <memory>
#include <thread>

namespace {
struct Upload {
  long bytes_sent = 0;
};
}  // namespace

int main() {
  auto upload = std::make_shared<Upload>();
  std::thread uploader([upload]() mutable {
    upload->bytes_sent = 4096;  // RACE
    upload.reset();
  });
  while (upload.use_count() > 1) std::this_thread::yield();
  std::printf("%ld bytes sent\n", upload->bytes_sent);  // RACE
  uploader.join();
  return 0;
}
