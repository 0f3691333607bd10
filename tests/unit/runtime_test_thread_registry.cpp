// The registry of runtime_test_thread_registry.h, in place of runtime/threads.cpp.
#include "runtime_test_thread_registry.h"

namespace interlock {

namespace testing {
ThreadRecord g_fake_records[kFakeThreads];
Tid g_fake_thread_count;
}  // namespace testing

ThreadRecord *thread_record(Tid tid) {
  return tid < testing::g_fake_thread_count ? &testing::g_fake_records[tid] : nullptr;
}
Tid thread_count() { return testing::g_fake_thread_count; }
// Each thread its own clock slot.
Tid clock_slots_used() { return testing::g_fake_thread_count; }
ThreadRecord *latest_in_slot(Tid slot) { return thread_record(slot); }

// No thread of the test process is known to the runtime (shadow_reset then claims a cell's lock
// for no thread).
__thread ThreadState *tls_thread __attribute__((tls_model("initial-exec")));

}  // namespace interlock
