// Forced into every runtime source (and the heap-free detector code linked into the runtime) by
// the build, before anything else: the runtime's own calls to memcpy, memmove, memset, memcmp,
// strlen, strcmp and strncmp -- written in the code, or made by the compiler for a struct copy or
// a zeroing loop -- go to the runtime's private copies below instead of the program's symbols,
// which are our interceptors (runtime/interceptors/libc_memory.cpp). An interceptor would check
// the runtime's metadata as if the program had touched it (shadow of shadow, races on "unknown
// memory") whenever the runtime runs on a thread not marked as inside it.
//
// GCC applies an assembler name given to a builtin to the calls it generates as well; the
// `runtime: no libc string calls` test checks the objects. libc_memory.cpp, which defines the
// program-facing functions, is the one runtime file built without this header.
// Thread-safety: the functions are pure memory operations.
#ifndef INTERLOCK_RUNTIME_INTERNAL_LIBC_H
#define INTERLOCK_RUNTIME_INTERNAL_LIBC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#define INTERLOCK_NOEXCEPT noexcept
#else
#define INTERLOCK_NOEXCEPT
#endif

void *memcpy(void *destination, const void *source, size_t size) INTERLOCK_NOEXCEPT
    __asm__("__interlock_internal_memcpy");
void *memmove(void *destination, const void *source, size_t size) INTERLOCK_NOEXCEPT
    __asm__("__interlock_internal_memmove");
void *memset(void *destination, int value, size_t size) INTERLOCK_NOEXCEPT
    __asm__("__interlock_internal_memset");
int memcmp(const void *a, const void *b, size_t size) INTERLOCK_NOEXCEPT
    __asm__("__interlock_internal_memcmp");
size_t strlen(const char *text) INTERLOCK_NOEXCEPT __asm__("__interlock_internal_strlen");
int strcmp(const char *a, const char *b) INTERLOCK_NOEXCEPT __asm__("__interlock_internal_strcmp");
int strncmp(const char *a, const char *b, size_t size) INTERLOCK_NOEXCEPT
    __asm__("__interlock_internal_strncmp");

#ifdef __cplusplus
}
#endif
#undef INTERLOCK_NOEXCEPT

#endif  // INTERLOCK_RUNTIME_INTERNAL_LIBC_H
