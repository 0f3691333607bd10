// File descriptors as the race detector sees them: a lifetime location per descriptor number, so
// that closing a descriptor while another thread still uses it is a data race, and the sync
// object each descriptor's transfers go through, so that data sent through a pipe or a socket
// orders the sender's past with the receiver's future.
//
// Lifetime. Each number below kTrackedDescriptors has a location (8 bytes of a reserved range
// nothing else uses; only its shadow is ever touched). Calls that use a descriptor (read, send,
// ...) read it; close writes it; calls that create one (open, socket, accept, pipe, dup) write a
// fresh one. So an I/O call in one thread and a close of the same number in another, unordered,
// are a read and a write that race, reported at the user's lines, and describe_descriptor()
// names the location "file descriptor N" in the report. A number's location is renewed when it
// is closed and again when it is created: a descriptor made by a call no interceptor sees, or a
// use that raced with the close, is never judged against the number's previous life. Each
// number owns kGenerations slots used in turn, so renewing never clears a location another
// thread may be touching at that moment (the slot cleared is the one used kGenerations - 1
// renewals ago). A dup2/dup3 over an open number reads the old location and the new one instead
// of writing (as TSan does: daemons dup /dev/null over stdin, and programs dup a closed pipe over
// a socket before closing it, both deliberately while other threads may still use the number),
// so only a close, not a read, races with it. Higher numbers are not tracked.
//
// Order. A descriptor's transfers release to and acquire from one sync object key:
// descriptor_sync_key() gives the number's own key unless a shared one was set (pipe ends and
// socket pairs share a fresh key, connected sockets a key of their connection, a dup the key of
// the descriptor it copies). Closing, replacing and creating forget the number's shared key and
// its own object (a close inside libc, fclose's, is not seen).
//
// Thread-safety: all functions may be called from any thread at any time; the tables are
// reserved on first use and updated with atomics. Functions taking a ThreadState do nothing for
// a null one.
#ifndef INTERLOCK_RUNTIME_DESCRIPTORS_H
#define INTERLOCK_RUNTIME_DESCRIPTORS_H

#include "runtime/interface.h"
#include "runtime/rt.h"

namespace interlock {

struct ContextNode;

constexpr uint32_t kTrackedDescriptors = 1u << 20;

// ---- lifetime (`site`: the user's call) ----
void descriptor_used(ThreadState *thr, int fd, const interlock_site *site);
void descriptor_created(ThreadState *thr, int fd, const interlock_site *site);
// Before the real close: afterwards the number may already name another thread's new file.
void descriptor_closing(ThreadState *thr, int fd, const interlock_site *site);
// Before a real dup2/dup3 onto `fd` (`fd` may be open or not).
void descriptor_replacing(ThreadState *thr, int fd, const interlock_site *site);
// For reports: whether `addr` is a descriptor's lifetime location, which descriptor, and the
// thread and call that created it (null `*created_at` when no intercepted call did).
bool describe_descriptor(uptr addr, int *fd, Tid *created_by, const ContextNode **created_at);

// ---- order ----
uptr descriptor_sync_key(int fd);
// The two new descriptors of a pipe or socket pair: one fresh key for both.
void descriptor_share_new_key(const int fds[2]);
// `fd` transfers through `key` from now on (a socket's connection).
void descriptor_set_sync_key(int fd, uptr key);
// Whether `fd` uses a shared key (set by one of these calls) rather than its own.
bool descriptor_has_shared_key(int fd);
// `to` now names the file `from` names (dup): same key.
void descriptor_copy_sync_key(int from, int to);

// Key spaces of sync objects that no program address can equal (not canonical x86-64
// addresses): sockets.cpp's connection keys and signals.cpp's signal keys live beside the
// descriptors' own.
constexpr uptr kConnectionKeys = uptr(0xfffc) << 48;
constexpr uptr kListenerKeys = uptr(0xfffb) << 48;
constexpr uptr kDatagramKeys = uptr(0xfff9) << 48;
constexpr uptr kSignalKeys = uptr(0xfffa) << 48;
constexpr uptr kKeySpaceBits = 48;

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_DESCRIPTORS_H
