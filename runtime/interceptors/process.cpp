// Non-local jumps and fork: the process-life events that bypass the stack bookkeeping.
//
// setjmp/longjmp. Instrumented functions save their caller's calling context on entry and give it
// back on exit (__interlock_func_exit). A longjmp leaves any number of instrumented frames
// without their exits, so the thread's context would still name the abandoned frames, and every
// report of an access made after the jump would show them in its stack. C++ exceptions do not
// have this problem: the plugin gives each frame a cleanup path that calls the exit.
// So every setjmp records, per thread, the jump buffer with the thread's context and its
// runtime nesting and signal-handler depth at that point; a longjmp to that buffer restores them.
//
// setjmp cannot be wrapped by an ordinary function: the real setjmp must record its caller's
// registers and return address, so it must be entered with the caller's stack exactly as it
// was. Each setjmp entry point is therefore a small assembly stub that saves the argument
// registers, notes the jump point (passing the caller's stack pointer), restores the arguments
// and tail-jumps to glibc's function.
//
// fork: in the child only the forking thread exists. Everything the other threads did happened
// before the fork, in the child's view: the forking thread acquires their clocks (else the
// child's first read of data they wrote under a lock would be reported as a race with threads
// that no longer exist), and they are marked finished so that no join, thread lookup or
// deadlock analysis waits for them. Every runtime lock is held across the real fork and
// released on both sides (runtime/fork.h), so the child never inherits one another thread held;
// the child starts a report of its own.
//
// vfork is a fork here (as in TSan): a vfork child shares the parent's memory until it execs or
// exits, so anything the runtime did in it (a close() forgetting a pipe's ordering) would change
// the parent's state. POSIX lets a vfork child only exec or _exit, which a forked child does the
// same; the price is copying the page tables.
//
// Thread-safety: the jump points are thread-local (a jump never crosses threads).
#include <stdint.h>
#include <unistd.h>

#include "interceptor.h"
#include "real.h"
#include "runtime/clock_memory.h"
#include "runtime/file_events.h"
#include "runtime/forced_order.h"
#include "runtime/fork.h"
#include "runtime/thread_state.h"

namespace interlock {
namespace {

// A live setjmp of this thread: its buffer, the stack pointer of the frame that called setjmp
// (the frame a longjmp returns to), and what to restore.
struct JumpPoint {
  uptr buffer;
  uptr caller_stack_pointer;
  const ContextNode *context;
  int in_runtime;
  int handler_depth;
};

// Deep enough for nested recovery points (interpreters, parsers); when full, the oldest is
// forgotten, and a longjmp to it leaves the context as it is (stacks may show stale frames).
constexpr unsigned kMaxJumpPoints = 64;

__thread JumpPoint t_jump_points[kMaxJumpPoints] __attribute__((tls_model("initial-exec")));
__thread unsigned t_jump_point_count __attribute__((tls_model("initial-exec")));

// Whether `stack_pointer` lies in the thread's own stack: only there does "below the newest
// frame" mean "a frame that has returned" (a signal's alternate stack or a coroutine's is
// elsewhere).
bool on_thread_stack(const ThreadState *thr, uptr stack_pointer) {
  return thr->stack_end > thr->stack_begin && stack_pointer >= thr->stack_begin &&
         stack_pointer < thr->stack_end;
}

// Forgets the jump points of frames that are gone now that the frame at `stack_pointer` runs:
// the stack grows down, so on the same stack a point with a lower stack pointer belonged to a
// frame that returned or was jumped over.
void forget_dead_points(const ThreadState *thr, uptr stack_pointer) {
  if (!on_thread_stack(thr, stack_pointer)) return;
  unsigned kept = 0;
  for (unsigned i = 0; i < t_jump_point_count; i++) {
    const JumpPoint &point = t_jump_points[i];
    if (on_thread_stack(thr, point.caller_stack_pointer) &&
        point.caller_stack_pointer < stack_pointer)
      continue;
    t_jump_points[kept++] = point;
  }
  t_jump_point_count = kept;
}

void remember_jump_point(uptr buffer, uptr caller_stack_pointer) {
  ThreadState *thr = tls_thread;
  if (thr == nullptr) return;
  forget_dead_points(thr, caller_stack_pointer);
  // The same buffer set again: the newer setjmp replaces the older.
  unsigned count = t_jump_point_count;
  for (unsigned i = 0; i < count; i++) {
    if (t_jump_points[i].buffer != buffer) continue;
    for (unsigned j = i + 1; j < count; j++) t_jump_points[j - 1] = t_jump_points[j];
    count--;
    break;
  }
  if (count == kMaxJumpPoints) {
    for (unsigned j = 1; j < count; j++) t_jump_points[j - 1] = t_jump_points[j];
    count--;
  }
  t_jump_points[count] = {buffer, caller_stack_pointer, thr->context, thr->in_runtime,
                          thr->handler_depth};
  t_jump_point_count = count + 1;
}

void restore_jump_point(uptr buffer) {
  ThreadState *thr = tls_thread;
  if (thr == nullptr) return;
  for (unsigned i = t_jump_point_count; i-- > 0;) {
    const JumpPoint point = t_jump_points[i];
    if (point.buffer != buffer) continue;
    thr->context = point.context;
    // A longjmp out of a signal handler that interrupted the runtime must not leave the thread
    // marked as inside it (it would never be watched again).
    thr->in_runtime = point.in_runtime;
    // Nor as inside a handler: its passes would stop counting, and the read sets retired after
    // it would never be freed (ThreadRecord::passes).
    thr->handler_depth = point.handler_depth;
    // A pending call site belongs to a call the jump abandoned.
    __interlock_callsite = nullptr;
    // Points set by the frames being jumped over are dead; this one stays (it may be the
    // target of another longjmp).
    t_jump_point_count = i + 1;
    return;
  }
}

// The real setjmp family, in the order the stubs below pass as `which`.
enum SetjmpFunction : unsigned { kSetjmp, kUnderscoreSetjmp, kSigsetjmp };

INTERLOCK_REAL_FUNCTION_STORAGE RealFunction<void()> real_setjmp("setjmp");
INTERLOCK_REAL_FUNCTION_STORAGE RealFunction<void()> real_underscore_setjmp("_setjmp");
INTERLOCK_REAL_FUNCTION_STORAGE RealFunction<void()> real_sigsetjmp("__sigsetjmp");

using LongjmpFn = void(void *, int);
INTERLOCK_REAL_FUNCTION_STORAGE RealFunction<LongjmpFn> real_longjmp("longjmp");
INTERLOCK_REAL_FUNCTION_STORAGE RealFunction<LongjmpFn> real_underscore_longjmp("_longjmp");
INTERLOCK_REAL_FUNCTION_STORAGE RealFunction<LongjmpFn> real_siglongjmp("siglongjmp");
INTERLOCK_REAL_FUNCTION_STORAGE RealFunction<LongjmpFn> real_longjmp_chk("__longjmp_chk");

// In a forked child, by its only thread: what every other thread did is ordered before it. Each
// thread's own component is what orders its accesses, so a thread that has finished gives the
// one it finished with.
void inherit_other_threads_history(ThreadState *thr) {
  ScopedInRuntime in_runtime(thr);
  for (Tid tid = 0; tid < thread_count(); tid++) {
    const ThreadRecord *record = thread_record(tid);
    if (record == nullptr || tid == thr->tid) continue;
    if (record->state != nullptr)
      thr->clock.join(record->state->clock, clock_memory());
    else if (record->final_own_clock > thr->clock.get(record->slot))
      thr->clock.set(record->slot, record->final_own_clock, clock_memory());
  }
  thr->forced.count = 0;  // the fork orders all of it, forcedly
  forced_changed(thr);
}

using ForkFn = pid_t();
INTERLOCK_REAL_FUNCTION_STORAGE RealFunction<ForkFn> real_fork("fork");

}  // namespace
}  // namespace interlock

using namespace interlock;

// Called by the stubs, with the arguments of the setjmp call: notes the jump point and returns
// the real function to continue in. Must preserve nothing special: the stub saves what it needs.
extern "C" __attribute__((used, visibility("hidden"))) void *interlock_note_setjmp(
    void *buffer, uptr caller_stack_pointer, unsigned which) {
  const int saved_errno = errno;
  remember_jump_point(reinterpret_cast<uptr>(buffer), caller_stack_pointer);
  errno = saved_errno;
  switch (which) {
    case kSetjmp: return reinterpret_cast<void *>(real_setjmp.get());
    case kUnderscoreSetjmp: return reinterpret_cast<void *>(real_underscore_setjmp.get());
    default: return reinterpret_cast<void *>(real_sigsetjmp.get());
  }
}

// One stub per setjmp entry point. On entry %rsp points at the return address, so the caller's
// stack pointer after the call is %rsp + 8. Two pushes and 8 bytes of padding keep the stack
// 16-byte aligned for the call; the real function then finds the stack exactly as on entry.
#define INTERLOCK_SETJMP_STUB(name, which)          \
  ".globl " #name "\n"                              \
  ".type " #name ", @function\n"                    \
  #name ":\n"                                       \
  "  pushq %rdi\n"                                  \
  "  pushq %rsi\n"                                  \
  "  subq $8, %rsp\n"                               \
  "  leaq 32(%rsp), %rsi\n"                         \
  "  movl $" #which ", %edx\n"                      \
  "  call interlock_note_setjmp\n"                  \
  "  addq $8, %rsp\n"                               \
  "  popq %rsi\n"                                   \
  "  popq %rdi\n"                                   \
  "  jmp *%rax\n"                                   \
  ".size " #name ", . - " #name "\n"

asm(".text\n"
    INTERLOCK_SETJMP_STUB(setjmp, 0)
    INTERLOCK_SETJMP_STUB(_setjmp, 1)
    INTERLOCK_SETJMP_STUB(__sigsetjmp, 2));
static_assert(kSetjmp == 0 && kUnderscoreSetjmp == 1 && kSigsetjmp == 2,
              "the stubs pass these numbers");

// Declared under our own names (asm labels give the exported ones) so that <setjmp.h>'s
// prototypes, with their array parameter types, do not have to match.
extern "C" [[noreturn]] void interlock_longjmp(void *buffer, int value) __asm__("longjmp");
extern "C" [[noreturn]] void interlock_underscore_longjmp(void *buffer, int value)
    __asm__("_longjmp");
extern "C" [[noreturn]] void interlock_siglongjmp(void *buffer, int value) __asm__("siglongjmp");
extern "C" [[noreturn]] void interlock_longjmp_chk(void *buffer, int value)
    __asm__("__longjmp_chk");

INTERLOCK_INTERCEPTOR void interlock_longjmp(void *buffer, int value) {
  restore_jump_point(reinterpret_cast<uptr>(buffer));
  real_longjmp.get()(buffer, value);
  __builtin_unreachable();
}

INTERLOCK_INTERCEPTOR void interlock_underscore_longjmp(void *buffer, int value) {
  restore_jump_point(reinterpret_cast<uptr>(buffer));
  real_underscore_longjmp.get()(buffer, value);
  __builtin_unreachable();
}

INTERLOCK_INTERCEPTOR void interlock_siglongjmp(void *buffer, int value) {
  restore_jump_point(reinterpret_cast<uptr>(buffer));
  real_siglongjmp.get()(buffer, value);
  __builtin_unreachable();
}

// What longjmp becomes with _FORTIFY_SOURCE.
INTERLOCK_INTERCEPTOR void interlock_longjmp_chk(void *buffer, int value) {
  restore_jump_point(reinterpret_cast<uptr>(buffer));
  real_longjmp_chk.get()(buffer, value);
  __builtin_unreachable();
}

INTERLOCK_INTERCEPTOR pid_t fork() noexcept {
  ThreadState *thr = cur_thread();
  if (thr == nullptr) return real_fork.get()();  // called from inside the runtime, or too early
  const int saved_errno = errno;
  file_events_before_fork(thr);
  thr->in_runtime++;  // what the real fork allocates or copies is not the program's doing
  fork_prepare();
  errno = saved_errno;
  const pid_t child = real_fork.get()();
  const int fork_errno = errno;
  if (child == 0) {
    fork_child(thr);
    inherit_other_threads_history(thr);
    forget_other_threads_after_fork();
  } else {
    fork_parent();
  }
  thr->in_runtime--;
  errno = fork_errno;
  return child;
}

INTERLOCK_INTERCEPTOR pid_t vfork() noexcept { return fork(); }
