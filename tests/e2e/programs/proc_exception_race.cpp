// An exception thrown three instrumented frames deep is caught in record_failure, which then
// writes a global that a worker writes too, with nothing ordering them: a data race. The stack
// of the write after the catch must be record_failure <- main, without the unwound frames
// (parse_level_1..3 appear in no stack: tests/e2e/process/check_process.py checks that).
// EXPECT: data-race
// TSAN: same
// FORBIDDEN-FRAMES: parse_level_1 parse_level_2 parse_level_3
#include <pthread.h>
#include <stdexcept>
#include <cstdio>

int failures;

__attribute__((noinline)) int parse_level_3(int depth) {
  if (depth > 2) throw std::runtime_error("too deep");
  return depth;
}
__attribute__((noinline)) int parse_level_2(int depth) { return parse_level_3(depth + 1) + 1; }
__attribute__((noinline)) int parse_level_1(int depth) { return parse_level_2(depth + 1) + 1; }

__attribute__((noinline)) void record_failure() {
  try {
    parse_level_1(1);
  } catch (const std::runtime_error &) {
    failures = failures + 1;  // RACE:CATCHER
  }
}

static void *reset_failures(void *) {
  failures = 0;  // RACE:WORKER
  return nullptr;
}

int main() {
  pthread_t worker;
  pthread_create(&worker, nullptr, reset_failures, nullptr);
  record_failure();
  pthread_join(worker, nullptr);
  std::printf("failures %d\n", failures);
  return 0;
}
