// syscall(2), for the futex waits libstdc++ makes through it: std::latch, std::barrier,
// std::counting_semaphore / binary_semaphore, std::atomic<T>::wait and atomic_flag::wait (header
// code, <bits/atomic_wait.h>), std::future / shared_future (__atomic_futex_unsigned, in
// libstdc++.so), and the wait inside __cxa_guard_acquire. None of them goes through a pthread
// call, so without this a thread blocked in one looked running to the deadlock watchdog and a
// program hung on a latch that never reaches zero hung forever.
//
// A futex wait without a timeout is announced as a wait some other thread must end (like a
// condition variable); one with a timeout ends by itself and is not. Every other system call
// passes straight through: this sits under every syscall() of the process, the runtime's own
// (platform.cpp) included, and may run in a signal handler, so that path reads no thread state,
// takes no lock and resolves no symbol. The call is made with the instruction itself rather than
// through libc's syscall: glibc's is exactly that plus errno, and resolving it would need dlsym,
// which the runtime's own early calls (the allocator mapping memory, the fatal-error write when a
// symbol cannot be resolved) must not depend on.
//
// The wait is not announced when the thread already is in one: __cxa_guard_acquire's futex is
// part of the guard wait, which names the initializing thread (cxx_runtime.cpp), and a futex
// wait in a signal handler that interrupted a wait must not overwrite it.
#include <linux/futex.h>
#include <stdarg.h>
#include <sys/syscall.h>

#include "interceptor.h"

namespace interlock {
namespace {

// FUTEX_WAIT and FUTEX_WAIT_BITSET, private or not, on either clock, with no timeout.
inline bool is_untimed_futex_wait(long op, long timeout) {
  // The operation is an int: the upper half of its register is whatever the caller left there.
  const int command = static_cast<int>(op) & FUTEX_CMD_MASK;
  return (command == FUTEX_WAIT || command == FUTEX_WAIT_BITSET) && timeout == 0;
}

}  // namespace
}  // namespace interlock

using namespace interlock;

// The callee of a variadic call cannot know how many arguments it was given; reading all six
// reads what the registers (and, for the sixth, the caller's outgoing argument slot) hold, as
// glibc's own syscall does, and the kernel ignores what a call does not use.
INTERLOCK_INTERCEPTOR long syscall(long number, ...) {
  va_list args;
  va_start(args, number);
  const long a0 = va_arg(args, long);
  const long a1 = va_arg(args, long);
  const long a2 = va_arg(args, long);
  const long a3 = va_arg(args, long);
  const long a4 = va_arg(args, long);
  const long a5 = va_arg(args, long);
  va_end(args);
  if (__builtin_expect(number != SYS_futex || !is_untimed_futex_wait(a1, a3), 1))
    return errno_result(raw_syscall6(number, a0, a1, a2, a3, a4, a5));
  ThreadState *thr = cur_thread();
  bool announced = false;
  if (thr != nullptr) {
    const int saved_errno = errno;
    announced = wait_begin_unless_waiting(thr, unsigned(kWaitFutex), static_cast<uptr>(a0));
    errno = saved_errno;
  }
  const long result = raw_syscall6(number, a0, a1, a2, a3, a4, a5);
  if (announced) wait_end(thr);  // touches no errno: the result's errno is set after it
  return errno_result(result);
}
