// std::shared_ptr: a session is handed to an uploader thread; each side updates the session and
// then drops its reference, and whichever drops the last one runs the destructor, which reads
// what both wrote. libstdc++ decrements the count with an acq_rel RMW (and reads both counts
// with an acquire load on the fast path), so the destructor is ordered after the other side's
// last use. Two rounds, so that each side is the last one once.
// EXPECT: silent
// TSAN: same
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

namespace {
long total_bytes_logged;

struct Session {
  std::string user;
  long bytes_uploaded = 0;
  long bytes_indexed = 0;
  ~Session() { total_bytes_logged += bytes_uploaded + bytes_indexed; }
};

void run_round(bool uploader_finishes_last) {
  auto session = std::make_shared<Session>();
  session->user = "ada";
  std::thread uploader([session, uploader_finishes_last]() mutable {
    if (uploader_finishes_last) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    session->bytes_uploaded = 4096;
    session.reset();
  });
  if (!uploader_finishes_last) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  session->bytes_indexed = 512;
  session.reset();
  uploader.join();
}
}  // namespace

int main() {
  run_round(true);
  run_round(false);
  std::printf("%ld bytes\n", total_bytes_logged);
  return 0;
}
