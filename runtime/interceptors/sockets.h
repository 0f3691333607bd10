// What the sending calls of libc_io.cpp ask sockets.cpp about datagrams (see sockets.cpp).
//
// Contract: datagram_sending is called before a send that names a destination address (`to`
// non-null), datagram_sent after it with the call's result. Both do nothing for an unwatched
// thread, a null or unmodelled address, and leave errno as it was.
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_SOCKETS_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_SOCKETS_H

#include <sys/socket.h>
#include <sys/types.h>

namespace interlock {

void datagram_sending(const struct sockaddr *to, socklen_t size);
void datagram_sent(int fd, const struct sockaddr *to, ssize_t result);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_SOCKETS_H
