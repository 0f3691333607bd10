// A worker calls a virtual function of a job and then says it is done; main deletes the job,
// whose base destructor waits for "done". But the base destructor's first act, before its body
// runs, is to store the base class's vtable pointer (the object becomes a Job again), and that
// store is not ordered with the worker's virtual call: a race on the object's vtable pointer
// (TSan: "data race on vptr (ctor/dtor vs virtual call)"). The derived destructor's store of
// the vtable the object already has changes nothing and is not counted.
// EXPECT: data-race
// TSAN: same
// ALSO AT: -O0 -O2
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
struct Job {
  virtual void step() {}
  void finish() { finished.store(true, std::memory_order_release); }
  virtual ~Job() {  // RACE
    while (!finished.load(std::memory_order_acquire)) std::this_thread::yield();
  }
  std::atomic<bool> finished{false};
};
struct PrintJob : Job {
  void step() override { std::printf("printing\n"); }
  ~PrintJob() override {}
};

Job *job;

void destroy() { delete job; }
}  // namespace

int main() {
  job = new PrintJob;
  std::thread destroyer(destroy);
  job->step();  // RACE
  job->finish();
  destroyer.join();
  return 0;
}
