#include "thread_launch.h"

#include <limits.h>
#include <pthread.h>

#include "real.h"

namespace interlock {

struct ThreadLaunch {
  PosixThreadRoutine posix_routine;
  C11ThreadRoutine c11_routine;
  void *argument;
  Tid tid;
  bool detached;
};

namespace {

// True from thread_start until thread_finish on a thread started by a trampoline; makes the
// finish happen once whichever way the thread leaves. Other threads (main, threads the runtime
// created for itself) never finish through here.
__thread bool t_finish_pending __attribute__((tls_model("initial-exec")));

void finish_current_thread() {
  if (!t_finish_pending) return;
  t_finish_pending = false;
  thread_finish(cur_thread());
}

// A thread goes on running its own code after its start routine returns or unwinds: glibc then
// calls the destructors of its C++ thread_local objects, then the pthread_key_create
// destructors, in rounds (up to PTHREAD_DESTRUCTOR_ITERATIONS) while they keep setting values.
// What those destructors access and how they synchronize is the thread's own, so the thread is
// finished by the destructor of a key of the runtime's, which sets its value again in every
// round but the last. It ends the thread after every thread_local destructor and the first
// rounds of every key; in the last round, the destructors of keys created after the runtime's
// (every key the program made, as the runtime's is made at start-up) that still hold a value
// then, because a destructor set it again in the round before, run unwatched.
constexpr pthread_key_t kNoExitKey = ~pthread_key_t(0);
pthread_key_t exit_key = kNoExitKey;
__thread unsigned t_exit_rounds __attribute__((tls_model("initial-exec")));

void finish_at_last_exit_round(void *) {
  if (++t_exit_rounds < PTHREAD_DESTRUCTOR_ITERATIONS &&
      pthread_setspecific(exit_key, &exit_key) == 0)
    return;
  finish_current_thread();
}

// The start routine is over (returned or unwound); the thread-exit destructors come next. They
// are called by glibc, not by the routine's frames: their stacks start afresh. (An unwind through
// C frames, which have no cleanups, leaves the frames of the pthread_exit call behind.) Without
// the exit key, the thread ends here.
__thread bool t_finish_at_exit_key __attribute__((tls_model("initial-exec")));
void leave_start_routine(void *) {
  leave_all_frames(cur_thread());
  if (!t_finish_at_exit_key) finish_current_thread();
}

// Registers the calling (new) thread and returns what it must run. Frees the launch.
ThreadLaunch begin_child(void *raw_launch) {
  ThreadLaunch launch = *static_cast<ThreadLaunch *>(raw_launch);
  // The block came from the real allocator and was never shown to the model.
  __libc_free(raw_launch);
  // Armed before the thread is registered: glibc may allocate the key's storage (through the
  // intercepted calloc), which is not the program's allocation.
  t_exit_rounds = 0;
  t_finish_at_exit_key = exit_key != kNoExitKey && pthread_setspecific(exit_key, &exit_key) == 0;
  thread_start(launch.tid, pthread_self());
  t_finish_pending = true;
  // Done here rather than by the parent: once a detached child has exited, its pthread_t may
  // already name another thread by the time the parent could report it.
  if (launch.detached) thread_detach(cur_thread(), launch.tid);
  return launch;
}

}  // namespace

void create_thread_exit_key() {
  // At start-up, while the process has one thread: no creation can race, and a fork cannot
  // catch it half done. Without a key (the program used them all first) threads end when their
  // start routine does.
  if (pthread_key_create(&exit_key, finish_at_last_exit_round) != 0) exit_key = kNoExitKey;
}

ThreadLaunch *prepare_thread_launch(ThreadState *parent, PosixThreadRoutine posix_routine,
                                    C11ThreadRoutine c11_routine, void *argument, bool detached) {
  auto *launch = static_cast<ThreadLaunch *>(__libc_malloc(sizeof(ThreadLaunch)));
  if (launch == nullptr) return nullptr;
  launch->posix_routine = posix_routine;
  launch->c11_routine = c11_routine;
  launch->argument = argument;
  launch->detached = detached;
  launch->tid = thread_create(parent);
  return launch;
}

Tid thread_launch_tid(const ThreadLaunch *launch) { return launch->tid; }

void abandon_thread_launch(ThreadState *parent, ThreadLaunch *launch) {
  thread_create_failed(parent, launch->tid);
  __libc_free(launch);
}

// Without the exit key, pthread_cleanup_push (the setjmp form, as we build without exceptions) is
// what makes pthread_exit, thrd_exit and cancellation, which unwind the thread's stack, finish
// the thread too, after the frames above have run their cleanups.
void *posix_thread_trampoline(void *raw_launch) {
  const ThreadLaunch launch = begin_child(raw_launch);
  void *result;
  pthread_cleanup_push(leave_start_routine, nullptr);
  result = launch.posix_routine(launch.argument);
  pthread_cleanup_pop(1);
  return result;
}

int c11_thread_trampoline(void *raw_launch) {
  const ThreadLaunch launch = begin_child(raw_launch);
  int result;
  pthread_cleanup_push(leave_start_routine, nullptr);
  result = launch.c11_routine(launch.argument);
  pthread_cleanup_pop(1);
  return result;
}

}  // namespace interlock
