// Sockets: their descriptors' lifetimes (runtime/descriptors.h); the two ends of a socket pair
// share one sync key, as a pipe's do.
#include <sys/socket.h>

#include "interceptor.h"
#include "real.h"
#include "runtime/descriptors.h"
#include "user_memory.h"

namespace interlock {
namespace {

INTERLOCK_REAL(socket);
INTERLOCK_REAL(socketpair);

}  // namespace
}  // namespace interlock

using namespace interlock;

INTERLOCK_INTERCEPTOR int socket(int domain, int type, int protocol) {
  const int fd = real_socket.get()(domain, type, protocol);
  if (ThreadState *thr = watching_thread(); thr != nullptr && fd >= 0)
    model(descriptor_created, thr, fd, __interlock_callsite);
  return fd;
}

INTERLOCK_INTERCEPTOR int socketpair(int domain, int type, int protocol, int fds[2]) {
  const int result = real_socketpair.get()(domain, type, protocol, fds);
  if (ThreadState *thr = watching_thread(); thr != nullptr && result == 0) {
    model(descriptor_created, thr, fds[0], __interlock_callsite);
    model(descriptor_created, thr, fds[1], __interlock_callsite);
    descriptor_share_new_key(fds);
  }
  return result;
}
