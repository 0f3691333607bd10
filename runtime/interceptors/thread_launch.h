// Carrying a new thread's identity from its creator to the thread itself.
//
// The creating interceptor (pthread_create, thrd_create) reserves the child's id with
// thread_create() and hands the real create call one of the trampolines below instead of the
// user's routine. The trampoline registers the thread (thread_start), runs the user's routine and
// finishes the thread (thread_finish) exactly once, however it leaves (return, pthread_exit,
// thrd_exit, cancellation): after its thread-exit destructors (C++ thread_local objects,
// pthread_key_create destructors), which are still the thread's own code, have run.
//
// Thread-safety: a ThreadLaunch is written by the parent before the real create and read only by
// the child, which frees it; the create call orders the two.
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_THREAD_LAUNCH_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_THREAD_LAUNCH_H

#include "../rt.h"

namespace interlock {

struct ThreadLaunch;

using PosixThreadRoutine = void *(*)(void *);
using C11ThreadRoutine = int (*)(void *);

// Creates the key whose destructor ends each thread after its thread-exit destructors. Called
// once by the runtime's initialization, while the process has one thread.
void create_thread_exit_key();

// Reserves the child's id. Exactly one of the routines is non-null. `detached` says the thread is
// created detached (nobody will join it). Returns null, and reserves nothing, when out of memory.
ThreadLaunch *prepare_thread_launch(ThreadState *parent, PosixThreadRoutine posix_routine,
                                    C11ThreadRoutine c11_routine, void *argument, bool detached);

// The child's id; read it before the real create call (the child frees the launch).
Tid thread_launch_tid(const ThreadLaunch *launch);

// The real create call failed: gives the id back and frees the launch.
void abandon_thread_launch(ThreadState *parent, ThreadLaunch *launch);

// Start routines to pass to the real pthread_create / thrd_create with the launch as argument.
void *posix_thread_trampoline(void *launch);
int c11_thread_trampoline(void *launch);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_THREAD_LAUNCH_H
