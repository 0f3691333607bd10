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

}  // namespace interlock
