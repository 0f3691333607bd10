/* interlock/annotations.h: tell the race detector about synchronization it cannot see.
 *
 * Contract
 *   - Enabled when the code is built by Interlock (the interlock-cc / interlock-c++ wrappers
 *     define __INTERLOCK__) or with ThreadSanitizer (-fsanitize=thread): every macro then calls
 *     one function of TSan's annotation API, which both Interlock's runtime and TSan's define, so
 *     the same annotated code works under either tool.
 *   - Disabled otherwise: every macro expands to ((void)0) and its arguments are not evaluated,
 *     so an annotation costs nothing in a normal build and must not have side effects.
 *   - INTERLOCK_ANNOTATIONS, defined to 1 or 0 before this header (or with -D), forces the
 *     annotations on or off, e.g. for a build that loads Interlock's plugin without the wrappers.
 *     Forcing them on where no runtime defines the functions makes the link fail.
 *   - Usable from C and C++, in executables and in shared libraries the executable loads (the
 *     runtime exports the functions).
 *
 * The macros
 *   INTERLOCK_HAPPENS_BEFORE(addr)      everything before this point ...
 *   INTERLOCK_HAPPENS_AFTER(addr)       ... happens before everything after this point in any
 *                                       thread that passes it later (same addr: any address used
 *                                       as the name of the synchronization, e.g. the flag or the
 *                                       queue slot handed over)
 *   INTERLOCK_BENIGN_RACE(addr, size, "why")
 *                                       races on the bytes [addr, addr+size) are intended and not
 *                                       reported (the range stays exempt for the whole run, even
 *                                       after its memory is freed)
 *   INTERLOCK_LOCK_CREATE(lock)         a lock of the program's own making is initialized
 *   INTERLOCK_LOCK_DESTROY(lock)        ... is destroyed (the address may be reused)
 *   INTERLOCK_LOCK_ACQUIRED(lock)       ... was just locked exclusively by this thread
 *   INTERLOCK_LOCK_RELEASED(lock)       ... is about to be unlocked from exclusive mode
 *   INTERLOCK_LOCK_ACQUIRED_SHARED(lock)  the shared (reader) side, likewise
 *   INTERLOCK_LOCK_RELEASED_SHARED(lock)
 * An annotated lock orders memory like a pthread lock (release at unlock, acquire at lock) and
 * takes part in lock-order (deadlock) and misuse detection. `lock` is any address that names the
 * lock, usually the lock object itself.
 *   INTERLOCK_IGNORE_READS_BEGIN()      until the matching END, this thread's reads are neither
 *   INTERLOCK_IGNORE_READS_END()        checked nor remembered: they race with nothing. Its
 *                                       locks, atomics and thread calls still synchronize.
 *                                       Pairs nest; an END without a BEGIN is ignored (with a
 *                                       warning); threads it creates meanwhile are not ignored.
 *                                       (TSan ignores writes too between these two.)
 *   INTERLOCK_IGNORE_WRITES_BEGIN()     the same for this thread's writes
 *   INTERLOCK_IGNORE_WRITES_END()
 *   INTERLOCK_THREAD_NAME(name)         reports name the calling thread `name` (a C string,
 *                                       copied; at most 31 bytes are kept)
 */
#ifndef INTERLOCK_ANNOTATIONS_H
#define INTERLOCK_ANNOTATIONS_H

#ifndef INTERLOCK_ANNOTATIONS
#if defined(__INTERLOCK__) || defined(__SANITIZE_THREAD__)
#define INTERLOCK_ANNOTATIONS 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define INTERLOCK_ANNOTATIONS 1
#endif
#endif
#endif
#ifndef INTERLOCK_ANNOTATIONS
#define INTERLOCK_ANNOTATIONS 0
#endif

#if INTERLOCK_ANNOTATIONS

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif
/* TSan's annotation functions, with the prototypes of the dynamic-annotations API. */
void AnnotateHappensBefore(const char *file, int line, const volatile void *addr);
void AnnotateHappensAfter(const char *file, int line, const volatile void *addr);
void AnnotateBenignRaceSized(const char *file, int line, const volatile void *addr, size_t size,
                             const char *description);
void AnnotateRWLockCreate(const char *file, int line, const volatile void *lock);
void AnnotateRWLockDestroy(const char *file, int line, const volatile void *lock);
void AnnotateRWLockAcquired(const char *file, int line, const volatile void *lock, long is_write);
void AnnotateRWLockReleased(const char *file, int line, const volatile void *lock, long is_write);
void AnnotateIgnoreReadsBegin(const char *file, int line);
void AnnotateIgnoreReadsEnd(const char *file, int line);
void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);
void AnnotateThreadName(const char *file, int line, const char *name);
#ifdef __cplusplus
}
#endif

#define INTERLOCK_HAPPENS_BEFORE(addr) AnnotateHappensBefore(__FILE__, __LINE__, (addr))
#define INTERLOCK_HAPPENS_AFTER(addr) AnnotateHappensAfter(__FILE__, __LINE__, (addr))
#define INTERLOCK_BENIGN_RACE(addr, size, why) \
  AnnotateBenignRaceSized(__FILE__, __LINE__, (addr), (size), (why))
#define INTERLOCK_LOCK_CREATE(lock) AnnotateRWLockCreate(__FILE__, __LINE__, (lock))
#define INTERLOCK_LOCK_DESTROY(lock) AnnotateRWLockDestroy(__FILE__, __LINE__, (lock))
#define INTERLOCK_LOCK_ACQUIRED(lock) AnnotateRWLockAcquired(__FILE__, __LINE__, (lock), 1)
#define INTERLOCK_LOCK_RELEASED(lock) AnnotateRWLockReleased(__FILE__, __LINE__, (lock), 1)
#define INTERLOCK_LOCK_ACQUIRED_SHARED(lock) \
  AnnotateRWLockAcquired(__FILE__, __LINE__, (lock), 0)
#define INTERLOCK_LOCK_RELEASED_SHARED(lock) \
  AnnotateRWLockReleased(__FILE__, __LINE__, (lock), 0)
#define INTERLOCK_IGNORE_READS_BEGIN() AnnotateIgnoreReadsBegin(__FILE__, __LINE__)
#define INTERLOCK_IGNORE_READS_END() AnnotateIgnoreReadsEnd(__FILE__, __LINE__)
#define INTERLOCK_IGNORE_WRITES_BEGIN() AnnotateIgnoreWritesBegin(__FILE__, __LINE__)
#define INTERLOCK_IGNORE_WRITES_END() AnnotateIgnoreWritesEnd(__FILE__, __LINE__)
#define INTERLOCK_THREAD_NAME(name) AnnotateThreadName(__FILE__, __LINE__, (name))

#else /* !INTERLOCK_ANNOTATIONS */

#define INTERLOCK_HAPPENS_BEFORE(addr) ((void)0)
#define INTERLOCK_HAPPENS_AFTER(addr) ((void)0)
#define INTERLOCK_BENIGN_RACE(addr, size, why) ((void)0)
#define INTERLOCK_LOCK_CREATE(lock) ((void)0)
#define INTERLOCK_LOCK_DESTROY(lock) ((void)0)
#define INTERLOCK_LOCK_ACQUIRED(lock) ((void)0)
#define INTERLOCK_LOCK_RELEASED(lock) ((void)0)
#define INTERLOCK_LOCK_ACQUIRED_SHARED(lock) ((void)0)
#define INTERLOCK_LOCK_RELEASED_SHARED(lock) ((void)0)
#define INTERLOCK_IGNORE_READS_BEGIN() ((void)0)
#define INTERLOCK_IGNORE_READS_END() ((void)0)
#define INTERLOCK_IGNORE_WRITES_BEGIN() ((void)0)
#define INTERLOCK_IGNORE_WRITES_END() ((void)0)
#define INTERLOCK_THREAD_NAME(name) ((void)0)

#endif /* INTERLOCK_ANNOTATIONS */

#endif /* INTERLOCK_ANNOTATIONS_H */
