// Raw operating-system access for the runtime.
//
// The runtime must never re-enter intercepted or instrumented code and must keep its metadata out
// of the program's heap, so it talks to the kernel directly through these wrappers (system calls,
// no errno, no libc buffering). Thread-safety: all functions are safe from any thread and from
// signal handlers.
#ifndef INTERLOCK_RUNTIME_PLATFORM_H
#define INTERLOCK_RUNTIME_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#define INTERLOCK_ALWAYS_INLINE inline __attribute__((always_inline))
#define INTERLOCK_NOINLINE __attribute__((noinline))
#define INTERLOCK_LIKELY(x) __builtin_expect(!!(x), 1)
#define INTERLOCK_UNLIKELY(x) __builtin_expect(!!(x), 0)

namespace interlock {

using uptr = uintptr_t;
using u64 = uint64_t;
using u32 = uint32_t;

constexpr uptr kPageSize = 4096;
// ---- system calls: made here and only here, straight to the kernel ----
// The kernel's result of system call `number` (-errno on failure). Never through libc's
// syscall(), which the runtime itself intercepts (interceptors/futex.cpp).
inline long raw_syscall6(long number, long a0, long a1, long a2, long a3, long a4, long a5) {
  register long r10 __asm__("r10") = a3;
  register long r8 __asm__("r8") = a4;
  register long r9 __asm__("r9") = a5;
  long result;
  __asm__ volatile("syscall"
                   : "=a"(result)
                   : "a"(number), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return result;
}
// libc's convention for a raw result: -1 with errno set for the kernel's -4095..-1 (os_last_error
// reads that errno).
long errno_result(long raw_result);
namespace detail {
inline long syscall_argument(decltype(nullptr)) { return 0; }
template <class T>
inline long syscall_argument(T *pointer) {
  return reinterpret_cast<long>(pointer);
}
template <class T>
inline long syscall_argument(T value) {
  return static_cast<long>(value);
}
}  // namespace detail
// A system call with libc's result convention, made by raw_syscall6.
template <class... Args>
inline long os_syscall(long number, Args... args) {
  static_assert(sizeof...(Args) <= 6, "at most six arguments");
  long a[6] = {detail::syscall_argument(args)...};
  return errno_result(raw_syscall6(number, a[0], a[1], a[2], a[3], a[4], a[5]));
}

inline uptr round_up(uptr x, uptr a) { return (x + a - 1) & ~(a - 1); }
inline uptr round_down(uptr x, uptr a) { return x & ~(a - 1); }

// Anonymous private mapping; `reserve_only` maps with MAP_NORESERVE. Returns null on failure.
void *os_map(size_t size, bool reserve_only = false);
void os_unmap(void *p, size_t size);
// Maps `size` bytes at `address` (page-aligned), which must be free, fills them with `data` and
// makes them read-only. False (errno set) when the range is taken or the mapping fails.
bool os_map_fixed_copy_read_only(uintptr_t address, const void *data, size_t size);
// Gives the pages back to the kernel; they read as zero afterwards.
void os_discard(void *p, size_t size);
// Asks for transparent huge pages: one fault per 2 MiB instead of a read fault on the zero page
// and a copy-on-write fault (with a cross-CPU TLB flush) for every 4 KiB of shadow.
void os_prefer_huge_pages(void *p, size_t size);
// Makes [p, p + size) resident and writable now, each page the process's own (MADV_POPULATE_WRITE,
// Linux 5.14; older kernels leave the pages to fault in later, as before).
void os_populate_for_write(void *p, size_t size);
// The lazily reserved region in `*slot` (a table entry of shadow-like metadata): if it is still
// 0, reserves `size` bytes (MAP_NORESERVE) and installs them; of two threads racing, the loser
// unmaps its own. Never 0: failing to reserve is an internal error naming `what`.
uintptr_t os_map_once(uintptr_t *slot, size_t size, const char *what);

// Writes all of `data`, retrying interrupted and partial writes; false when an error stopped it.
bool os_write(int fd, const char *data, size_t size);
int os_open_read(const char *path);
int os_open_write_new(const char *path);  // O_CREAT|O_TRUNC|O_WRONLY, 0644
int os_open_append_new(const char *path);  // O_CREAT|O_EXCL|O_APPEND|O_WRONLY, 0644
bool os_unlink(const char *path);
long os_read(int fd, char *buf, size_t size);
void os_close(int fd);
bool os_rename(const char *from, const char *to);
bool os_mkdir(const char *path);  // with missing parents (mkdir -p); true if it exists afterwards
// errno as the last failed os_* call (or libc call) of this thread left it, and its text
// ("No space left on device"), for the one-line messages that say why something failed.
int os_last_error();
const char *os_error_text(int error);
int os_getpid();
// 64 unpredictable bits (getrandom(2)); where the kernel has no entropy to give yet, the clock's
// nanoseconds mixed with the pid, which still differ between two processes of one pid.
u64 os_random();
void os_yield();
// Sleeps `milliseconds` in all, with the system call (never the program's nanosleep, which
// Interlock intercepts): a signal's handler interrupts it, then it sleeps the rest.
void os_sleep_ms(unsigned milliseconds);
[[noreturn]] void os_exit(int status);  // _exit: no atexit handlers, no flushing

// Formats into `buf` like snprintf (libc's, which never allocates for the formats we use).
size_t format(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

// Prints "interlock: <message>" on stderr.
void print_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
// "interlock: internal error: <message>", then exit status 70. For broken invariants only.
[[noreturn]] void internal_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// The command line of this process (from /proc/self/cmdline), spaces between arguments.
const char *process_command();

// One step of waiting for a lock the runtime spins on: a pause for the first 64 attempts, then
// the CPU is yielded (with more threads than CPUs the holder may be descheduled).
void spin_wait(unsigned attempt);

// A test-and-test-and-set lock for the runtime's slow paths; never used on the access fast path.
// Spins briefly, then yields the CPU: with more threads than CPUs the holder may be descheduled,
// and spinning out the waiter's time slice would only delay it further.
class SpinLock {
 public:
  void lock() {
    if (INTERLOCK_LIKELY(!__atomic_exchange_n(&locked_, 1, __ATOMIC_ACQUIRE))) return;
    lock_contended();
  }
  void unlock() { __atomic_store_n(&locked_, 0, __ATOMIC_RELEASE); }

 private:
  INTERLOCK_NOINLINE void lock_contended();
  int locked_ = 0;
};

class SpinLockGuard {
 public:
  explicit SpinLockGuard(SpinLock &l) : l_(l) { l_.lock(); }
  ~SpinLockGuard() { l_.unlock(); }
  SpinLockGuard(const SpinLockGuard &) = delete;
  SpinLockGuard &operator=(const SpinLockGuard &) = delete;

 private:
  SpinLock &l_;
};

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_PLATFORM_H
