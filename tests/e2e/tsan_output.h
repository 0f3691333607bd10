// Reads ThreadSanitizer's text reports (stderr of a -fsanitize=thread program) into an
// Observation. A race's line for each access is the first frame of its stack that lies in the
// program file, which skips TSan's own interceptor frames (memcpy, memset...). A
// "lock-order-inversion (potential deadlock)" becomes a "lock-order-cycle" finding whose lines are,
// for each "Mutex M acquired here while holding mutex N" stack, its first frame in the program
// file: the line where that edge's lock was requested, as in Interlock's edges. "unlock of an
// unlocked mutex (or by a wrong thread)" and "destroy of a locked mutex" become a "mutex-misuse"
// finding at the first program frame of the misusing call's stack. Other warnings
// become findings of kind "tsan:<warning>", and a TSan crash becomes a problem.
// Thread-safety: pure function.
#ifndef INTERLOCK_TESTS_E2E_TSAN_OUTPUT_H
#define INTERLOCK_TESTS_E2E_TSAN_OUTPUT_H

#include <string>

#include "observation.h"
#include "subprocess.h"

namespace interlock::e2e {

Observation observe_tsan_run(const ProcessResult &run, const std::string &program_path);

}  // namespace interlock::e2e

#endif  // INTERLOCK_TESTS_E2E_TSAN_OUTPUT_H
