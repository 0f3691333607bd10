#include "thread_launch.h"

#include <limits.h>
#include <pthread.h>
#include <sched.h>

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
// round but the last: it ends the thread after every thread_local destructor and every round of
// the other keys but the last one, where only a key set again three times runs later.
enum ExitKeyState : int { kExitKeyUnset, kExitKeyCreating, kExitKeyReady, kExitKeyMissing };
int exit_key_state = kExitKeyUnset;  // atomic
pthread_key_t exit_key;
__thread unsigned t_exit_rounds __attribute__((tls_model("initial-exec")));

void finish_at_last_exit_round(void *) {
  if (++t_exit_rounds < PTHREAD_DESTRUCTOR_ITERATIONS &&
      pthread_setspecific(exit_key, &exit_key) == 0)
    return;
  finish_current_thread();
}

// Creates the key once, from the first thread creation on (the runtime never calls the
// program's, intercepted, pthread_once). False when no key could be had: the program used them
// all, and its threads are finished when their start routine ends instead.
bool exit_key_ready() {
  int state = __atomic_load_n(&exit_key_state, __ATOMIC_ACQUIRE);
  if (state == kExitKeyUnset &&
      __atomic_compare_exchange_n(&exit_key_state, &state, kExitKeyCreating, false,
                                  __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    state = pthread_key_create(&exit_key, finish_at_last_exit_round) == 0 ? kExitKeyReady
                                                                           : kExitKeyMissing;
    __atomic_store_n(&exit_key_state, state, __ATOMIC_RELEASE);
  }
  while (state == kExitKeyCreating) {
    sched_yield();
    state = __atomic_load_n(&exit_key_state, __ATOMIC_ACQUIRE);
  }
  return state == kExitKeyReady;
}

// Cleanup of the start routine's frame (returned or unwound): the thread ends here only when the
// exit key could not be armed.
__thread bool t_finish_at_exit_key __attribute__((tls_model("initial-exec")));
void finish_on_unwind(void *) {
  if (!t_finish_at_exit_key) finish_current_thread();
}

// Registers the calling (new) thread and returns what it must run. Frees the launch.
ThreadLaunch begin_child(void *raw_launch) {
  ThreadLaunch launch = *static_cast<ThreadLaunch *>(raw_launch);
  // The block came from the real allocator and was never shown to the model.
  __libc_free(raw_launch);
  thread_start(launch.tid, pthread_self());
  t_finish_pending = true;
  t_exit_rounds = 0;
  t_finish_at_exit_key = exit_key_ready() && pthread_setspecific(exit_key, &exit_key) == 0;
  // Done here rather than by the parent: once a detached child has exited, its pthread_t may
  // already name another thread by the time the parent could report it.
  if (launch.detached) thread_detach(cur_thread(), launch.tid);
  return launch;
}

}  // namespace

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
  pthread_cleanup_push(finish_on_unwind, nullptr);
  result = launch.posix_routine(launch.argument);
  pthread_cleanup_pop(1);
  return result;
}

int c11_thread_trampoline(void *raw_launch) {
  const ThreadLaunch launch = begin_child(raw_launch);
  int result;
  pthread_cleanup_push(finish_on_unwind, nullptr);
  result = launch.c11_routine(launch.argument);
  pthread_cleanup_pop(1);
  return result;
}

}  // namespace interlock
