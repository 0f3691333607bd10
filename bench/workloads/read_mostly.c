/* read_mostly: reader-writer lock workload.
 * Reader threads look up entries of a shared table under pthread_rwlock_rdlock; one writer
 * occasionally rewrites an entry under pthread_rwlock_wrlock. Every table access holds the lock
 * in the right mode, so the program is race-free. The cost measured is shared-mode lock
 * modelling plus reads of data that many threads read concurrently (read-shared shadow state).
 * Usage: read_mostly [lookups_per_reader] */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { READER_COUNT = 3, TABLE_SIZE = 4096, ENTRIES_PER_LOOKUP = 32, WRITER_UPDATES = 2000 };

/* Every entry is guarded by table_lock. Each entry keeps the invariant check == ~value, which
 * readers verify: a torn read would show up as a wrong result, not only as a race report. */
struct table_entry {
  uint64_t value;
  uint64_t check;
};

static struct table_entry table[TABLE_SIZE];
static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static long lookups_per_reader = 2000000;

static void *read_table(void *raw_seed) {
  uint64_t state = (uint64_t)(uintptr_t)raw_seed * 0x9e3779b97f4a7c15u + 1;
  long broken_invariants = 0;
  for (long lookup = 0; lookup < lookups_per_reader; ++lookup) {
    state = state * 6364136223846793005u + 1442695040888963407u; /* LCG: cheap, deterministic */
    size_t first = (size_t)(state >> 33) % TABLE_SIZE;
    pthread_rwlock_rdlock(&table_lock);
    for (size_t offset = 0; offset < ENTRIES_PER_LOOKUP; ++offset) {
      const struct table_entry *entry = &table[(first + offset) % TABLE_SIZE];
      if (entry->check != ~entry->value)
        ++broken_invariants;
    }
    pthread_rwlock_unlock(&table_lock);
  }
  return (void *)(intptr_t)broken_invariants;
}

static void *update_table(void *unused) {
  (void)unused;
  for (long update = 0; update < WRITER_UPDATES; ++update) {
    size_t index = (size_t)(update * 7919) % TABLE_SIZE;
    pthread_rwlock_wrlock(&table_lock);
    table[index].value += 1;
    table[index].check = ~table[index].value;
    pthread_rwlock_unlock(&table_lock);
    /* Stay rare: let readers through between writes. */
    for (int pause = 0; pause < 50; ++pause) {
      pthread_rwlock_rdlock(&table_lock);
      pthread_rwlock_unlock(&table_lock);
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc > 1)
    lookups_per_reader = strtol(argv[1], NULL, 10);
  for (size_t i = 0; i < TABLE_SIZE; ++i) {
    table[i].value = i;
    table[i].check = ~(uint64_t)i;
  }
  pthread_t readers[READER_COUNT], writer;
  for (int i = 0; i < READER_COUNT; ++i)
    pthread_create(&readers[i], NULL, read_table, (void *)(uintptr_t)(i + 1));
  pthread_create(&writer, NULL, update_table, NULL);
  long broken_invariants = 0;
  for (int i = 0; i < READER_COUNT; ++i) {
    void *reader_result;
    pthread_join(readers[i], &reader_result);
    broken_invariants += (long)(intptr_t)reader_result;
  }
  pthread_join(writer, NULL);
  uint64_t total = 0;
  for (size_t i = 0; i < TABLE_SIZE; ++i)
    total += table[i].value;
  uint64_t expected = (uint64_t)TABLE_SIZE * (TABLE_SIZE - 1) / 2 + WRITER_UPDATES;
  if (broken_invariants != 0 || total != expected) {
    fprintf(stderr, "read_mostly: %ld broken entries seen, total %llu, expected %llu\n",
            broken_invariants, (unsigned long long)total, (unsigned long long)expected);
    return 1;
  }
  printf("read_mostly: %ld lookups, total %llu\n", READER_COUNT * lookups_per_reader,
         (unsigned long long)total);
  return 0;
}
