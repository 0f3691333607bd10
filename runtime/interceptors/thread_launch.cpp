#include "thread_launch.h"

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

void finish_on_unwind(void *) { finish_current_thread(); }

// Registers the calling (new) thread and returns what it must run. Frees the launch.
ThreadLaunch begin_child(void *raw_launch) {
  ThreadLaunch launch = *static_cast<ThreadLaunch *>(raw_launch);
  // The block came from the real allocator and was never shown to the model.
  __libc_free(raw_launch);
  thread_start(launch.tid, pthread_self());
  t_finish_pending = true;
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

// pthread_cleanup_push (the setjmp form, as we build without exceptions) is what makes
// pthread_exit, thrd_exit and cancellation, which unwind the thread's stack, finish the thread
// too, after the frames above have run their cleanups.
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
