// Twin of vptr_destructor_vs_virtual_call_race.cpp where the derived destructor waits for the
// worker: it first stores its own class's vtable pointer, which the object already holds (no
// change, not a write: as in TSan), then waits; the base destructor's store comes after the wait,
// ordered after the worker's virtual call. Silent (counting the unchanged store as a write would
// be a false race).
// EXPECT: silent
// TSAN: same
// ALSO AT: -O0 -O2
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
struct Job {
  virtual void step() {}
  void finish() { finished.store(true, std::memory_order_release); }
  virtual ~Job() { std::printf("job destroyed\n"); }
  std::atomic<bool> finished{false};
};
struct PrintJob : Job {
  void step() override { std::printf("printing\n"); }
  ~PrintJob() override {
    while (!finished.load(std::memory_order_acquire)) std::this_thread::yield();
  }
};

Job *job;

void destroy() { delete job; }
}  // namespace

int main() {
  job = new PrintJob;
  std::thread destroyer(destroy);
  job->step();
  job->finish();
  destroyer.join();
  return 0;
}
