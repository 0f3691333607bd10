// Sockets: their descriptors' lifetimes (runtime/descriptors.h) and the order a connection gives.
//
// Within one process the two ends of a connection are two different descriptors, so the order
// that data sent on one end gives the reader of the other (libc_io.cpp releases before a send
// and acquires after a receive, on the descriptor's sync key) needs both ends to use one key.
// A stream connection is known by its two endpoints: the connecting side's local address and
// the address it connected to are the accepting side's peer and local addresses. So when
// connect succeeds (or starts, non-blocking) and when accept returns, the end's key becomes one
// made from the two endpoint addresses in a fixed order: the same on both ends, whatever the
// descriptor numbers. Endpoints: IPv4 (IPv4-mapped IPv6 addresses count as IPv4, as a dual-stack
// listener sees an IPv4 client), IPv6 (address and port) and Unix sockets (the path, or the
// abstract name; an unbound client is "unnamed", so all unbound clients of one Unix server share
// the server's keys, which orders them more than the kernel does, never less).
//
// connect → accept: what the connecting thread did before connect happens before accept's
// return in the accepting thread. connect releases to a key of the address it connects to, and
// accept acquires from the key of the new connection's local address, which is that address (as
// long as the client names the server as the server named itself: the same path for a Unix
// socket, the same IP address the listener was reached at).
//
// Datagrams go to an address, not through a connection: a send that names its destination
// (sendto, sendmsg with msg_name) releases to a key of that address, and a datagram socket's own
// key becomes the key of its local address when bind gives it one, or when a send binds it
// implicitly, so its receives acquire what was sent to it. For IPv4 and IPv6 the key is made
// from the port alone: a socket bound to the wildcard address receives what was sent to
// 127.0.0.1 at that port (two sockets of one process on one port at different addresses share a
// key: more order than the kernel gives, never less).
//
// A connected datagram socket's receives acquire from its local address's key too (connect
// bound it), so a reply sent to it orders. Not modelled: send/write on a connected datagram
// socket (it names no address: only the socket's own key); send/receive through a socket connected or bound by a call no interceptor sees
// (getaddrinfo's internal ones).
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "interceptor.h"
#include "real.h"
#include "runtime/descriptors.h"
#include "sockets.h"
#include "user_memory.h"

namespace interlock {
namespace {

INTERLOCK_REAL(socket);
INTERLOCK_REAL(socketpair);
INTERLOCK_REAL(connect);
INTERLOCK_REAL(accept);
INTERLOCK_REAL(accept4);
INTERLOCK_REAL(getsockname);
INTERLOCK_REAL(getpeername);
INTERLOCK_REAL(getsockopt);
INTERLOCK_REAL(bind);

// FNV-1a, continued over `size` bytes.
uint64_t hash_bytes(uint64_t hash, const void *data, size_t size) {
  const unsigned char *bytes = static_cast<const unsigned char *>(data);
  for (size_t i = 0; i < size; i++) hash = (hash ^ bytes[i]) * 0x100000001b3ull;
  return hash;
}
constexpr uint64_t kHashStart = 0xcbf29ce484222325ull;

// A hash of what identifies the endpoint `address` names; false for families not modelled.
bool endpoint_hash(const struct sockaddr *address, socklen_t size, uint64_t *hash) {
  if (address == nullptr || size < socklen_t(sizeof(sa_family_t))) return false;
  const unsigned char family = static_cast<unsigned char>(address->sa_family);
  if (family == AF_INET && size >= socklen_t(sizeof(struct sockaddr_in))) {
    const auto *in = reinterpret_cast<const struct sockaddr_in *>(address);
    uint64_t h = hash_bytes(kHashStart, "4", 1);
    h = hash_bytes(h, &in->sin_addr, sizeof in->sin_addr);
    *hash = hash_bytes(h, &in->sin_port, sizeof in->sin_port);
    return true;
  }
  if (family == AF_INET6 && size >= socklen_t(sizeof(struct sockaddr_in6))) {
    const auto *in6 = reinterpret_cast<const struct sockaddr_in6 *>(address);
    uint64_t h;
    if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {  // an IPv4 peer of a dual-stack socket
      h = hash_bytes(kHashStart, "4", 1);
      h = hash_bytes(h, &in6->sin6_addr.s6_addr[12], 4);
    } else {
      h = hash_bytes(kHashStart, "6", 1);
      h = hash_bytes(h, &in6->sin6_addr, sizeof in6->sin6_addr);
    }
    *hash = hash_bytes(h, &in6->sin6_port, sizeof in6->sin6_port);
    return true;
  }
  if (family == AF_UNIX) {
    const auto *un = reinterpret_cast<const struct sockaddr_un *>(address);
    const size_t path_offset = offsetof(struct sockaddr_un, sun_path);
    size_t length = size > path_offset ? size - path_offset : 0;
    if (length > sizeof un->sun_path) length = sizeof un->sun_path;
    // A path ends at its terminator (lengths differ by whether they count it); an abstract
    // name starts with a zero byte and is all of the bytes given.
    if (length > 0 && un->sun_path[0] != '\0') {
      size_t end = 0;
      while (end < length && un->sun_path[end] != '\0') end++;
      length = end;
    }
    *hash = hash_bytes(hash_bytes(kHashStart, "u", 1), un->sun_path, length);
    return true;
  }
  return false;
}

constexpr uptr kKeyMask = ((uptr(1) << kKeySpaceBits) - 1) & ~uptr(7);

uptr listener_key(uint64_t endpoint) { return kListenerKeys + (uptr(endpoint) & kKeyMask); }

uptr connection_key(uint64_t one, uint64_t other) {
  const uint64_t low = one < other ? one : other;
  const uint64_t high = one < other ? other : one;
  const uint64_t mixed = (low ^ (high * 0x9E3779B97F4A7C15ull)) * 0xff51afd7ed558ccdull;
  return kConnectionKeys + (uptr(mixed ^ (mixed >> 29)) & kKeyMask);
}

// `fd`'s own address (getsockname) or its peer's (getpeername), hashed.
template <typename Query>
bool queried_endpoint(Query query, int fd, uint64_t *hash) {
  struct sockaddr_storage address;
  socklen_t size = sizeof address;
  if (query(fd, reinterpret_cast<struct sockaddr *>(&address), &size) != 0) return false;
  if (size > socklen_t(sizeof address)) size = sizeof address;
  return endpoint_hash(reinterpret_cast<struct sockaddr *>(&address), size, hash);
}

int socket_type(int fd) {
  int type = 0;
  socklen_t size = sizeof type;
  return real_getsockopt.get()(fd, SOL_SOCKET, SO_TYPE, &type, &size) == 0 ? type : -1;
}

// A datagram destination's key: for IP its port alone (see above), else the endpoint's.
bool datagram_key(const struct sockaddr *address, socklen_t size, uptr *key) {
  if (address == nullptr || size < socklen_t(sizeof(sa_family_t))) return false;
  uint64_t hash;
  if (address->sa_family == AF_INET && size >= socklen_t(sizeof(struct sockaddr_in))) {
    const auto *in = reinterpret_cast<const struct sockaddr_in *>(address);
    hash = hash_bytes(hash_bytes(kHashStart, "ip", 2), &in->sin_port, sizeof in->sin_port);
  } else if (address->sa_family == AF_INET6 && size >= socklen_t(sizeof(struct sockaddr_in6))) {
    const auto *in6 = reinterpret_cast<const struct sockaddr_in6 *>(address);
    hash = hash_bytes(hash_bytes(kHashStart, "ip", 2), &in6->sin6_port, sizeof in6->sin6_port);
  } else if (!endpoint_hash(address, size, &hash)) {
    return false;
  }
  *key = kDatagramKeys + (uptr(hash) & kKeyMask);
  return true;
}

// A datagram socket `fd` has a local address now (bind, or a send that bound it): its receives
// acquire from that address's key.
void key_datagram_socket(int fd) {
  struct sockaddr_storage address;
  socklen_t size = sizeof address;
  uptr key;
  if (socket_type(fd) == SOCK_DGRAM &&
      real_getsockname.get()(fd, reinterpret_cast<struct sockaddr *>(&address), &size) == 0 &&
      datagram_key(reinterpret_cast<struct sockaddr *>(&address),
                   size < socklen_t(sizeof address) ? size : socklen_t(sizeof address), &key))
    descriptor_set_sync_key(fd, key);
}

void used(ThreadState *thr, int fd) { model(descriptor_used, thr, fd, __interlock_callsite); }

// A descriptor accept returned: new, ordered after the connects to its address, and keyed by
// its connection.
void accepted(ThreadState *thr, int fd) {
  const int saved_errno = errno;
  descriptor_created(thr, fd, __interlock_callsite);
  uint64_t local, peer;
  if (queried_endpoint(real_getsockname.get(), fd, &local)) {
    sync_acquire(thr, listener_key(local));
    if (queried_endpoint(real_getpeername.get(), fd, &peer))
      descriptor_set_sync_key(fd, connection_key(local, peer));
  }
  errno = saved_errno;
}

}  // namespace

void datagram_sending(const struct sockaddr *to, socklen_t size) {
  ThreadState *thr = watching_thread();
  uptr key;
  if (thr != nullptr && datagram_key(to, size, &key)) model(sync_release, thr, key);
}

void datagram_sent(int fd, const struct sockaddr *to, ssize_t result) {
  if (result < 0 || to == nullptr || watching_thread() == nullptr) return;
  // A socket keyed already is a bound datagram socket, or a connected or paired one.
  if (descriptor_has_shared_key(fd)) return;
  const int saved_errno = errno;
  key_datagram_socket(fd);
  errno = saved_errno;
}

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

INTERLOCK_INTERCEPTOR int connect(int fd, const struct sockaddr *address, socklen_t size) {
  ThreadState *thr = watching_thread();
  uint64_t target = 0;
  const bool modelled = thr != nullptr && endpoint_hash(address, size, &target);
  if (thr != nullptr) used(thr, fd);
  if (modelled) model(sync_release, thr, listener_key(target));
  const int result = blocking_call([&] { return real_connect.get()(fd, address, size); });
  if (!modelled || (result != 0 && errno != EINPROGRESS)) return result;
  const int saved_errno = errno;
  const int type = socket_type(fd);
  uint64_t local;
  if ((type == SOCK_STREAM || type == SOCK_SEQPACKET) &&
      queried_endpoint(real_getsockname.get(), fd, &local))
    descriptor_set_sync_key(fd, connection_key(local, target));
  else if (type == SOCK_DGRAM)  // connect bound it: replies sent to it order with its receives
    key_datagram_socket(fd);
  errno = saved_errno;
  return result;
}

INTERLOCK_INTERCEPTOR int accept(int fd, struct sockaddr *address, socklen_t *size) {
  ThreadState *thr = watching_thread();
  if (thr != nullptr) used(thr, fd);
  const int result = blocking_call([&] { return real_accept.get()(fd, address, size); });
  if (thr != nullptr && result >= 0) accepted(thr, result);
  return result;
}

INTERLOCK_INTERCEPTOR int accept4(int fd, struct sockaddr *address, socklen_t *size, int flags) {
  ThreadState *thr = watching_thread();
  if (thr != nullptr) used(thr, fd);
  const int result =
      blocking_call([&] { return real_accept4.get()(fd, address, size, flags); });
  if (thr != nullptr && result >= 0) accepted(thr, result);
  return result;
}

INTERLOCK_INTERCEPTOR int bind(int fd, const struct sockaddr *address, socklen_t size) {
  ThreadState *thr = watching_thread();
  if (thr != nullptr) used(thr, fd);
  const int result = real_bind.get()(fd, address, size);
  if (thr != nullptr && result == 0) {
    const int saved_errno = errno;
    key_datagram_socket(fd);
    errno = saved_errno;
  }
  return result;
}
