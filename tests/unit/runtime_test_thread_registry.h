// The thread registry the runtime pieces see in the unit tests (runtime_test_thread_registry.cpp):
// the runtime never initializes in the test process, so it has no threads of its own; a test
// that needs some fills these records (their `passes` above all) and sets the count.
#ifndef INTERLOCK_TESTS_UNIT_RUNTIME_TEST_THREAD_REGISTRY_H
#define INTERLOCK_TESTS_UNIT_RUNTIME_TEST_THREAD_REGISTRY_H

#include "runtime/thread_state.h"

namespace interlock::testing {

constexpr Tid kFakeThreads = 4;
extern ThreadRecord g_fake_records[kFakeThreads];
extern Tid g_fake_thread_count;  // 0: no threads

}  // namespace interlock::testing

#endif  // INTERLOCK_TESTS_UNIT_RUNTIME_TEST_THREAD_REGISTRY_H
