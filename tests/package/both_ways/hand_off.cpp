// A hand-off through a relaxed flag that only the annotations order: silent when
// <interlock/annotations.h> is found and enabled (__INTERLOCK__ defined by the build), a false
// race report when the annotations are compiled out.
#include <interlock/annotations.h>
#include <pthread.h>
#include <sched.h>

namespace {
int payload;
int ready;

void *produce(void *) {
  payload = 42;
  INTERLOCK_HAPPENS_BEFORE(&ready);
  __atomic_store_n(&ready, 1, __ATOMIC_RELAXED);
  return nullptr;
}
}  // namespace

extern "C" int hand_off_payload(void) {
  pthread_t producer;
  pthread_create(&producer, nullptr, produce, nullptr);
  while (!__atomic_load_n(&ready, __ATOMIC_RELAXED)) sched_yield();
  INTERLOCK_HAPPENS_AFTER(&ready);
  int received = payload;
  pthread_join(producer, nullptr);
  return received;
}
