// Signals as a source of order: what a thread did before sending a signal (pthread_kill, raise,
// kill, tgkill, sigqueue, pthread_sigqueue) or before installing a handler (sigaction, signal)
// happens before the handler's run, on whichever thread the kernel runs it. Each signal number
// has a sync object; senders and installers release to it, and the handler acquires from it
// before the program's handler runs.
//
// To run code before the program's handler, the handler the kernel gets is one of two
// trampolines here (one for sa_handler, one for SA_SIGINFO's sa_sigaction), and the program's
// handler is kept in a table by signal number; sigaction reports the program's handler back as
// the old one, never a trampoline. SIG_DFL and SIG_IGN are installed as they are. glibc's
// signal(), bsd_signal() and sysv_signal() install through libc's internal sigaction, so they are
// intercepted too and rebuilt on the sigaction here with glibc's flags.
//
// A handler that interrupts the runtime itself (the thread is inside an interceptor's model call,
// an access's slow path, the making of a calling context) is neither watched nor acquires
// anything: the interrupted code may hold any of the runtime's locks, and the handler must take
// none of them (see run_handler). Signals that nobody sent through an intercepted call (a timer's SIGALRM, a child's
// SIGCHLD, a fault) order only what their handler's installation ordered. Handlers installed
// through the raw rt_sigaction system call are not seen.
//
// Thread-safety: the handler tables are updated with atomics before the kernel's handler is
// changed, so a trampoline always finds a handler of the program (the new one, or for a signal
// already on its way, possibly the new one a moment early).
#include <signal.h>

#include "interceptor.h"
#include "real.h"
#include "runtime/descriptors.h"
#include "user_memory.h"

extern "C" {
int tgkill(pid_t tgid, pid_t tid, int sig);
__sighandler_t bsd_signal(int sig, __sighandler_t handler);
__sighandler_t sysv_signal(int sig, __sighandler_t handler);
}

namespace interlock {
namespace {

INTERLOCK_REAL(sigaction);
INTERLOCK_REAL(pthread_kill);
INTERLOCK_REAL(raise);
INTERLOCK_REAL(kill);
INTERLOCK_REAL(sigqueue);
INTERLOCK_REAL(pthread_sigqueue);
INTERLOCK_REAL_FUNCTION_STORAGE RealFunction<int(pid_t, pid_t, int)> real_tgkill("tgkill");

constexpr int kSignals = 65;  // 1..64

using PlainHandler = void (*)(int);
using InfoHandler = void (*)(int, siginfo_t *, void *);

// The program's handlers, by signal number.
PlainHandler g_plain_handlers[kSignals];
InfoHandler g_info_handlers[kSignals];

bool modelled_signal(int sig) { return sig > 0 && sig < kSignals; }

uptr signal_key(int sig) { return kSignalKeys + uptr(sig) * 8; }

// Before a signal is sent or a handler installed.
void release_to_signal(int sig) {
  if (!modelled_signal(sig)) return;
  if (ThreadState *thr = watching_thread()) model(sync_release, thr, signal_key(sig));
}

// First thing in a handler's run.
void acquire_for_handler(int sig) {
  if (ThreadState *thr = watching_thread()) model(sync_acquire, thr, signal_key(sig));
}

// Runs the program's handler through `call`. A handler that interrupted the thread inside the
// runtime runs with in_runtime raised by kHandlerInsideRuntime: the interrupted code may hold
// any of the runtime's locks, and everything the handler reaches (its accesses, its frames'
// entries, the interceptors it calls) then stays out of the runtime instead of spinning on one
// of them. Otherwise the handler is watched as the thread's own code, after acquiring what its
// signal's senders released.
template <typename Call>
INTERLOCK_ALWAYS_INLINE void run_handler(int sig, Call call) {
  ThreadState *thr = tls_thread;
  // The interrupted code may have stored the site of a call it is about to make, or be inside
  // an interceptor that has yet to read it: the handler's own calls consume and replace it.
  const interlock_site *pending_callsite = __interlock_callsite;
  const bool inside_runtime = thr != nullptr && thr->in_runtime != 0;
  if (inside_runtime)
    thr->in_runtime += kHandlerInsideRuntime;
  else
    acquire_for_handler(sig);
  // (The interrupted code may be in the middle of an access: the handler's ticks and waits do
  // not count as the thread's passes between accesses, retired_read_sets.h.) A handler that
  // interrupts a wait or a blocking call makes accesses of its own, so the thread stops counting
  // as waiting until the handler returns: read sets retired meanwhile wait for that return.
  // (A handler that leaves by longjmp leaves the wait as well.)
  const bool interrupted_wait = thr != nullptr && !inside_runtime && thr->handler_depth == 0 &&
                                (__atomic_load_n(thr->passes, __ATOMIC_RELAXED) & 1);
  if (interrupted_wait) note_wait_ends(thr);
  if (thr) thr->handler_depth++;
  call();
  if (thr) thr->handler_depth--;
  if (interrupted_wait) note_wait_begins(thr);
  if (inside_runtime) thr->in_runtime -= kHandlerInsideRuntime;
  __interlock_callsite = pending_callsite;
}

void plain_trampoline(int sig) {
  run_handler(sig, [sig] {
    if (PlainHandler handler = __atomic_load_n(&g_plain_handlers[sig], __ATOMIC_ACQUIRE))
      handler(sig);
  });
}

void info_trampoline(int sig, siginfo_t *info, void *context) {
  run_handler(sig, [sig, info, context] {
    if (InfoHandler handler = __atomic_load_n(&g_info_handlers[sig], __ATOMIC_ACQUIRE))
      handler(sig, info, context);
  });
}

bool is_program_function(PlainHandler handler) {
  return handler != SIG_DFL && handler != SIG_IGN && handler != SIG_ERR;
}

}  // namespace
}  // namespace interlock

using namespace interlock;

INTERLOCK_INTERCEPTOR int sigaction(int sig, const struct sigaction *action,
                                    struct sigaction *old_action) {
  if (!modelled_signal(sig)) return real_sigaction.get()(sig, action, old_action);
  const PlainHandler previous_plain = __atomic_load_n(&g_plain_handlers[sig], __ATOMIC_ACQUIRE);
  const InfoHandler previous_info = __atomic_load_n(&g_info_handlers[sig], __ATOMIC_ACQUIRE);
  struct sigaction installed;
  const struct sigaction *given = action;
  if (action != nullptr && is_program_function(action->sa_handler)) {
    installed = *action;
    if (action->sa_flags & SA_SIGINFO) {
      __atomic_store_n(&g_info_handlers[sig], action->sa_sigaction, __ATOMIC_RELEASE);
      installed.sa_sigaction = info_trampoline;
    } else {
      __atomic_store_n(&g_plain_handlers[sig], action->sa_handler, __ATOMIC_RELEASE);
      installed.sa_handler = plain_trampoline;
    }
    given = &installed;
    release_to_signal(sig);
  }
  const int result = real_sigaction.get()(sig, given, old_action);
  if (result == 0 && old_action != nullptr) {
    if (old_action->sa_handler == plain_trampoline)
      old_action->sa_handler = previous_plain;
    else if (old_action->sa_sigaction == info_trampoline)
      old_action->sa_sigaction = previous_info;
  }
  return result;
}

namespace interlock {
namespace {

// signal() and its variants on the intercepted sigaction, with `flags` and, unless
// `block_itself` is false, the signal itself blocked while its handler runs.
__sighandler_t install_simple_handler(int sig, __sighandler_t handler, int flags,
                                      bool block_itself) {
  struct sigaction action = {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  if (block_itself && sigaddset(&action.sa_mask, sig) != 0) return SIG_ERR;  // EINVAL
  action.sa_flags = flags;
  struct sigaction old_action;
  if (sigaction(sig, &action, &old_action) != 0) return SIG_ERR;
  return old_action.sa_handler;
}

}  // namespace
}  // namespace interlock

// glibc's signal() has BSD semantics: restarting system calls, the signal blocked in its handler.
INTERLOCK_INTERCEPTOR __sighandler_t signal(int sig, __sighandler_t handler) {
  return install_simple_handler(sig, handler, SA_RESTART, /*block_itself=*/true);
}

INTERLOCK_INTERCEPTOR __sighandler_t bsd_signal(int sig, __sighandler_t handler) {
  return install_simple_handler(sig, handler, SA_RESTART, /*block_itself=*/true);
}

// System V semantics: the handler is reset on delivery and the signal is not blocked in it.
INTERLOCK_INTERCEPTOR __sighandler_t sysv_signal(int sig, __sighandler_t handler) {
  return install_simple_handler(sig, handler, SA_RESETHAND | SA_NODEFER, /*block_itself=*/false);
}

INTERLOCK_INTERCEPTOR int pthread_kill(pthread_t thread, int sig) {
  release_to_signal(sig);
  return real_pthread_kill.get()(thread, sig);
}

INTERLOCK_INTERCEPTOR int raise(int sig) {
  release_to_signal(sig);
  return real_raise.get()(sig);
}

INTERLOCK_INTERCEPTOR int kill(pid_t process, int sig) {
  release_to_signal(sig);
  return real_kill.get()(process, sig);
}

INTERLOCK_INTERCEPTOR int tgkill(pid_t process, pid_t thread, int sig) {
  release_to_signal(sig);
  return real_tgkill.get()(process, thread, sig);
}

INTERLOCK_INTERCEPTOR int sigqueue(pid_t process, int sig, const union sigval value) {
  release_to_signal(sig);
  return real_sigqueue.get()(process, sig, value);
}

INTERLOCK_INTERCEPTOR int pthread_sigqueue(pthread_t thread, int sig, const union sigval value) {
  release_to_signal(sig);
  return real_pthread_sigqueue.get()(thread, sig, value);
}
