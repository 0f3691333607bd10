// A word first used as an atomic and only then annotated as a lock keeps what its release
// published: the writer fills `data`, publishes the word with a release store, and annotates
// the word as a lock of its own making (a static one, whose creation writes nothing); the
// reader, told to go by a relaxed flag (which orders nothing), takes the word with an acquire
// load and reads `data`. The acquire orders the read after the write: nothing is reported.
// EXPECT: silent
// PRINTS: data 42
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

// TSan's dynamic-annotations entry point; the program declares it itself, as such code does.
void AnnotateRWLockCreateStatic(const char *file, int line, const volatile void *lock);

static int word;
static int go;
static int data;

static void *writer(void *unused) {
  (void)unused;
  data = 42;
  __atomic_store_n(&word, 1, __ATOMIC_RELEASE);
  AnnotateRWLockCreateStatic(__FILE__, __LINE__, &word);  // a lock now, after its release
  __atomic_store_n(&go, 1, __ATOMIC_RELAXED);
  return NULL;
}

static void *reader(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&go, __ATOMIC_RELAXED)) sched_yield();
  while (__atomic_load_n(&word, __ATOMIC_ACQUIRE) != 1) sched_yield();
  printf("data %d\n", data);
  return NULL;
}

int main(void) {
  pthread_t w, r;
  pthread_create(&w, NULL, writer, NULL);
  pthread_create(&r, NULL, reader, NULL);
  pthread_join(w, NULL);
  pthread_join(r, NULL);
  return 0;
}
