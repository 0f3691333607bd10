// wait, waitpid, wait4 and waitid: a parent that reaps a child's end is ordered after everything
// the child did. Memory is not shared between processes, so the only order that matters is the
// one between their accesses to files: the reap is recorded for the join of file contents
// across processes (runtime/file_events.h). A stopped or continued child is no end, and a
// WNOWAIT peek (waitid) reaps nothing but is an end all the same: the child did everything.
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "interceptor.h"
#include "real.h"
#include "runtime/file_events.h"
#include "user_memory.h"

namespace interlock {
namespace {

INTERLOCK_REAL(wait);
INTERLOCK_REAL(waitpid);
INTERLOCK_REAL(wait4);
INTERLOCK_REAL(waitid);

// After a call that returned `pid` with `status` (null: the caller did not ask, so the end is
// not told from a stop; a stop is only reported with WUNTRACED, which such callers rarely pass).
pid_t reaped(pid_t pid, const int *status) {
  if (pid <= 0) return pid;
  if (status != nullptr && !WIFEXITED(*status) && !WIFSIGNALED(*status)) return pid;
  if (ThreadState *thr = watching_thread()) {
    const int saved_errno = errno;
    file_event_reaped(thr, pid);
    errno = saved_errno;
  }
  return pid;
}

}  // namespace
}  // namespace interlock

using namespace interlock;

INTERLOCK_INTERCEPTOR pid_t wait(int *status) {
  int own;
  int *where = status != nullptr ? status : &own;
  return reaped(blocking_call([&] { return real_wait.get()(where); }), where);
}

INTERLOCK_INTERCEPTOR pid_t waitpid(pid_t pid, int *status, int options) {
  int own;
  int *where = status != nullptr ? status : &own;
  return reaped(blocking_call([&] { return real_waitpid.get()(pid, where, options); }), where);
}

INTERLOCK_INTERCEPTOR pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage) {
  int own;
  int *where = status != nullptr ? status : &own;
  return reaped(blocking_call([&] { return real_wait4.get()(pid, where, options, usage); }),
                where);
}

INTERLOCK_INTERCEPTOR int waitid(idtype_t type, id_t id, siginfo_t *info, int options) {
  const int result = blocking_call([&] { return real_waitid.get()(type, id, info, options); });
  if (result == 0 && info != nullptr &&
      (info->si_code == CLD_EXITED || info->si_code == CLD_KILLED || info->si_code == CLD_DUMPED))
    reaped(info->si_pid, nullptr);
  return result;
}
