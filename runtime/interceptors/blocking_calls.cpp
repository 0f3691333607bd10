// Calls that may block for as long as they like and order nothing in the model: waiting for
// descriptors (poll, ppoll, epoll_wait, epoll_pwait, select, pselect), for time to pass
// (nanosleep, clock_nanosleep, sleep, usleep) and for a signal (sigwait, sigwaitinfo,
// sigtimedwait, pause, sigsuspend). Each is the real call made as a blocking call
// (interceptor.h): a thread asleep in one for the whole run (an idle event loop, a thread
// handling signals) then does not hold every read set retired after it fell asleep. What the
// calls read and write of the program's memory is not checked here, as before they were
// intercepted. (The reads and waits that do order something are intercepted where they are
// modelled: libc_io.cpp, sockets.cpp, child_reaping.cpp and the synchronization files.)
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "interceptor.h"
#include "real.h"

namespace interlock {
namespace {

INTERLOCK_REAL(poll);
INTERLOCK_REAL(ppoll);
INTERLOCK_REAL(epoll_wait);
INTERLOCK_REAL(epoll_pwait);
INTERLOCK_REAL(select);
INTERLOCK_REAL(pselect);
INTERLOCK_REAL(nanosleep);
INTERLOCK_REAL(clock_nanosleep);
INTERLOCK_REAL(sleep);
INTERLOCK_REAL(usleep);
INTERLOCK_REAL(sigwait);
INTERLOCK_REAL(sigwaitinfo);
INTERLOCK_REAL(sigtimedwait);
INTERLOCK_REAL(pause);
INTERLOCK_REAL(sigsuspend);

}  // namespace
}  // namespace interlock

using namespace interlock;

INTERLOCK_INTERCEPTOR int poll(struct pollfd *fds, nfds_t count, int timeout) {
  return blocking_call([&] { return real_poll.get()(fds, count, timeout); });
}

INTERLOCK_INTERCEPTOR int ppoll(struct pollfd *fds, nfds_t count, const struct timespec *timeout,
                                const sigset_t *mask) {
  return blocking_call([&] { return real_ppoll.get()(fds, count, timeout, mask); });
}

INTERLOCK_INTERCEPTOR int epoll_wait(int fd, struct epoll_event *events, int capacity,
                                     int timeout) {
  return blocking_call([&] { return real_epoll_wait.get()(fd, events, capacity, timeout); });
}

INTERLOCK_INTERCEPTOR int epoll_pwait(int fd, struct epoll_event *events, int capacity,
                                      int timeout, const sigset_t *mask) {
  return blocking_call(
      [&] { return real_epoll_pwait.get()(fd, events, capacity, timeout, mask); });
}

INTERLOCK_INTERCEPTOR int select(int count, fd_set *reads, fd_set *writes, fd_set *errors,
                                 struct timeval *timeout) {
  return blocking_call([&] { return real_select.get()(count, reads, writes, errors, timeout); });
}

INTERLOCK_INTERCEPTOR int pselect(int count, fd_set *reads, fd_set *writes, fd_set *errors,
                                  const struct timespec *timeout, const sigset_t *mask) {
  return blocking_call(
      [&] { return real_pselect.get()(count, reads, writes, errors, timeout, mask); });
}

INTERLOCK_INTERCEPTOR int nanosleep(const struct timespec *duration, struct timespec *left) {
  return blocking_call([&] { return real_nanosleep.get()(duration, left); });
}

INTERLOCK_INTERCEPTOR int clock_nanosleep(clockid_t clock, int flags,
                                          const struct timespec *duration,
                                          struct timespec *left) {
  return blocking_call([&] { return real_clock_nanosleep.get()(clock, flags, duration, left); });
}

INTERLOCK_INTERCEPTOR unsigned sleep(unsigned seconds) {
  return blocking_call([&] { return real_sleep.get()(seconds); });
}

INTERLOCK_INTERCEPTOR int usleep(useconds_t microseconds) {
  return blocking_call([&] { return real_usleep.get()(microseconds); });
}

INTERLOCK_INTERCEPTOR int sigwait(const sigset_t *set, int *signal) {
  return blocking_call([&] { return real_sigwait.get()(set, signal); });
}

INTERLOCK_INTERCEPTOR int sigwaitinfo(const sigset_t *set, siginfo_t *info) {
  return blocking_call([&] { return real_sigwaitinfo.get()(set, info); });
}

INTERLOCK_INTERCEPTOR int sigtimedwait(const sigset_t *set, siginfo_t *info,
                                       const struct timespec *timeout) {
  return blocking_call([&] { return real_sigtimedwait.get()(set, info, timeout); });
}

INTERLOCK_INTERCEPTOR int pause() {
  return blocking_call([&] { return real_pause.get()(); });
}

INTERLOCK_INTERCEPTOR int sigsuspend(const sigset_t *mask) {
  return blocking_call([&] { return real_sigsuspend.get()(mask); });
}
