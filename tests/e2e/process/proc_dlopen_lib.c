// The shared library proc_dlopen_race.c and proc_dlopen_silent.c load with dlopen, built with
// interlock-cc -shared -fPIC: its code is instrumented, and reaches the runtime in the program.
#include <pthread.h>

long library_counter;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

void library_bump(void) {
  library_counter += 1;  // RACE:LIBRARY
}

void library_bump_locked(void) {
  pthread_mutex_lock(&counter_lock);
  library_counter += 1;
  pthread_mutex_unlock(&counter_lock);
}

long library_read_locked(void) {
  pthread_mutex_lock(&counter_lock);
  long value = library_counter;
  pthread_mutex_unlock(&counter_lock);
  return value;
}

void library_store(long *target) {
  *target = 1;  // STORE:LIBRARY
}
