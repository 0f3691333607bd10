// The ABI between Interlock's compiler plugin and its runtime (docs/design.md, section 1).
//
// Everything the plugin emits a call to is declared here, once. The plugin refers to these
// symbols by name; any change here is a change to instrument/InterlockPass.cpp too.
// All entry points are safe to call from any thread, at any time after the program's first
// constructor, including from signal handlers; none of them takes a lock on its fast path.
#ifndef INTERLOCK_RUNTIME_INTERFACE_H
#define INTERLOCK_RUNTIME_INTERFACE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// A source location, built by the plugin from debug info. Immutable; lives as long as the module.
struct interlock_site {
  const char *function;                     // demangled name of the (possibly inlined) function
  const char *file;                         // absolute path
  uint32_t line;                            // 0 when unknown
  uint32_t column;                          // 0 when unknown
  const struct interlock_site *inlined_at;  // call site of the inlined function, or NULL
};

// A global variable of an instrumented module, registered so reports can name it.
struct interlock_global {
  const void *address;
  uint64_t size;
  const char *name;
  const char *file;
  uint32_t line;
};

#define INTERLOCK_EXPORT __attribute__((visibility("default")))

// ---- module life ----
INTERLOCK_EXPORT void __interlock_init(void);
INTERLOCK_EXPORT void __interlock_register_globals(const struct interlock_global *globals,
                                                   size_t count);

// ---- stacks ----
// Site of the call being made by instrumented code; stored by the caller right before each call.
extern __thread const struct interlock_site *__interlock_callsite
    __attribute__((tls_model("initial-exec")));
INTERLOCK_EXPORT void *__interlock_func_entry(const struct interlock_site *function_site);
INTERLOCK_EXPORT void __interlock_func_exit(void *saved_context);

// ---- plain memory accesses (called before the access) ----
#define INTERLOCK_ACCESS_DECL(N)                                                                \
  INTERLOCK_EXPORT void __interlock_read##N(const void *addr, const struct interlock_site *s);  \
  INTERLOCK_EXPORT void __interlock_write##N(void *addr, const struct interlock_site *s);
INTERLOCK_ACCESS_DECL(1)
INTERLOCK_ACCESS_DECL(2)
INTERLOCK_ACCESS_DECL(4)
INTERLOCK_ACCESS_DECL(8)
INTERLOCK_ACCESS_DECL(16)
#define INTERLOCK_UNALIGNED_DECL(N)                                                        \
  INTERLOCK_EXPORT void __interlock_unaligned_read##N(const void *addr,                    \
                                                      const struct interlock_site *s);     \
  INTERLOCK_EXPORT void __interlock_unaligned_write##N(void *addr, const struct interlock_site *s);
INTERLOCK_UNALIGNED_DECL(2)
INTERLOCK_UNALIGNED_DECL(4)
INTERLOCK_UNALIGNED_DECL(8)
INTERLOCK_UNALIGNED_DECL(16)
#undef INTERLOCK_ACCESS_DECL
#undef INTERLOCK_UNALIGNED_DECL
INTERLOCK_EXPORT void __interlock_read_range(const void *addr, size_t size,
                                             const struct interlock_site *s);
INTERLOCK_EXPORT void __interlock_write_range(void *addr, size_t size,
                                              const struct interlock_site *s);

// ---- memory intrinsics: checked and performed by the runtime ----
INTERLOCK_EXPORT void *__interlock_memcpy(void *dst, const void *src, size_t n,
                                          const struct interlock_site *s);
INTERLOCK_EXPORT void *__interlock_memmove(void *dst, const void *src, size_t n,
                                           const struct interlock_site *s);
INTERLOCK_EXPORT void *__interlock_memset(void *dst, int value, size_t n,
                                          const struct interlock_site *s);

// ---- atomics: performed by the runtime; mo is the C11 memory order (0 relaxed .. 5 seq_cst) ----
#define INTERLOCK_ATOMIC_RMW_DECL(N, OP)                                                      \
  INTERLOCK_EXPORT uint##N##_t __interlock_atomic##N##_##OP(volatile uint##N##_t *a,          \
                                                            uint##N##_t v, int mo,            \
                                                            const struct interlock_site *s);
#define INTERLOCK_ATOMIC_DECL(N)                                                              \
  INTERLOCK_EXPORT uint##N##_t __interlock_atomic##N##_load(const volatile uint##N##_t *a,    \
                                                            int mo,                           \
                                                            const struct interlock_site *s);  \
  INTERLOCK_EXPORT void __interlock_atomic##N##_store(volatile uint##N##_t *a, uint##N##_t v, \
                                                      int mo, const struct interlock_site *s);\
  INTERLOCK_ATOMIC_RMW_DECL(N, exchange)                                                      \
  INTERLOCK_ATOMIC_RMW_DECL(N, fetch_add)                                                     \
  INTERLOCK_ATOMIC_RMW_DECL(N, fetch_sub)                                                     \
  INTERLOCK_ATOMIC_RMW_DECL(N, fetch_and)                                                     \
  INTERLOCK_ATOMIC_RMW_DECL(N, fetch_or)                                                      \
  INTERLOCK_ATOMIC_RMW_DECL(N, fetch_xor)                                                     \
  INTERLOCK_ATOMIC_RMW_DECL(N, fetch_nand)                                                    \
  INTERLOCK_ATOMIC_RMW_DECL(N, fetch_max)                                                     \
  INTERLOCK_ATOMIC_RMW_DECL(N, fetch_min)                                                     \
  INTERLOCK_ATOMIC_RMW_DECL(N, fetch_umax)                                                    \
  INTERLOCK_ATOMIC_RMW_DECL(N, fetch_umin)                                                    \
  INTERLOCK_EXPORT uint##N##_t __interlock_atomic##N##_compare_exchange(                      \
      volatile uint##N##_t *a, uint##N##_t expected, uint##N##_t desired, int success_mo,     \
      int failure_mo, const struct interlock_site *s);
INTERLOCK_ATOMIC_DECL(8)
INTERLOCK_ATOMIC_DECL(16)
INTERLOCK_ATOMIC_DECL(32)
INTERLOCK_ATOMIC_DECL(64)
#undef INTERLOCK_ATOMIC_DECL
#undef INTERLOCK_ATOMIC_RMW_DECL
INTERLOCK_EXPORT void __interlock_atomic_fence(int mo);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // INTERLOCK_RUNTIME_INTERFACE_H
