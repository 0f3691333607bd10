// The ABI between Interlock's compiler plugin and its runtime (docs/design.md, section 1).
//
// Everything the plugin emits a call to is declared here, once. The plugin refers to these
// symbols by name; any change here is a change to instrument/InterlockPass.cpp too.
// All entry points are safe to call from any thread, at any time after the program's first
// constructor, including from signal handlers; none of them takes a lock on its fast path.
#ifndef INTERLOCK_RUNTIME_INTERFACE_H
#define INTERLOCK_RUNTIME_INTERFACE_H

#include <stdbool.h>
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
// ---- C++ vtable pointers (called before the access) ----
// A load of an object's vtable pointer (a virtual call, dynamic_cast, typeid): an 8-byte read.
INTERLOCK_EXPORT void __interlock_vptr_read(const void *addr, const struct interlock_site *s);
// A store of one (constructors and destructors): an 8-byte write, unless *addr already holds
// new_value (a destructor re-storing its own class's vtable, which orders nothing and changes
// nothing; as in TSan).
INTERLOCK_EXPORT void __interlock_vptr_update(void *addr, void *new_value,
                                              const struct interlock_site *s);
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
// T is the unsigned type of the width. 16-byte values come right after the address, so each one
// is passed in a register pair (clang 14 and GCC disagree on an __int128 argument that would
// straddle the last argument register and the stack).
typedef unsigned __int128 interlock_uint128_t;
#define INTERLOCK_ATOMIC_RMW_DECL(N, T, OP)                                                   \
  INTERLOCK_EXPORT T __interlock_atomic##N##_##OP(volatile T *a, T v, int mo,                 \
                                                  const struct interlock_site *s);
#define INTERLOCK_ATOMIC_DECL(N, T)                                                           \
  INTERLOCK_EXPORT T __interlock_atomic##N##_load(const volatile T *a, int mo,                \
                                                  const struct interlock_site *s);            \
  INTERLOCK_EXPORT void __interlock_atomic##N##_store(volatile T *a, T v, int mo,             \
                                                      const struct interlock_site *s);        \
  INTERLOCK_ATOMIC_RMW_DECL(N, T, exchange)                                                   \
  INTERLOCK_ATOMIC_RMW_DECL(N, T, fetch_add)                                                  \
  INTERLOCK_ATOMIC_RMW_DECL(N, T, fetch_sub)                                                  \
  INTERLOCK_ATOMIC_RMW_DECL(N, T, fetch_and)                                                  \
  INTERLOCK_ATOMIC_RMW_DECL(N, T, fetch_or)                                                   \
  INTERLOCK_ATOMIC_RMW_DECL(N, T, fetch_xor)                                                  \
  INTERLOCK_ATOMIC_RMW_DECL(N, T, fetch_nand)                                                 \
  INTERLOCK_ATOMIC_RMW_DECL(N, T, fetch_max)                                                  \
  INTERLOCK_ATOMIC_RMW_DECL(N, T, fetch_min)                                                  \
  INTERLOCK_ATOMIC_RMW_DECL(N, T, fetch_umax)                                                 \
  INTERLOCK_ATOMIC_RMW_DECL(N, T, fetch_umin)                                                 \
  INTERLOCK_EXPORT T __interlock_atomic##N##_compare_exchange(                                \
      volatile T *a, T expected, T desired, int success_mo, int failure_mo,                  \
      const struct interlock_site *s);
INTERLOCK_ATOMIC_DECL(8, uint8_t)
INTERLOCK_ATOMIC_DECL(16, uint16_t)
INTERLOCK_ATOMIC_DECL(32, uint32_t)
INTERLOCK_ATOMIC_DECL(64, uint64_t)
INTERLOCK_ATOMIC_DECL(128, interlock_uint128_t)
#undef INTERLOCK_ATOMIC_DECL
#undef INTERLOCK_ATOMIC_RMW_DECL

// libatomic's generic functions (objects of any size, e.g. std::atomic of a struct): the plugin
// replaces a call to one by a call to the entry point with the same arguments, followed by the
// site and the libatomic function itself, which the runtime calls to perform the operation.
// compare_exchange returns nonzero when it swapped.
typedef void (*interlock_libatomic_load_fn)(size_t, const volatile void *, void *, int);
typedef void (*interlock_libatomic_store_fn)(size_t, volatile void *, void *, int);
typedef void (*interlock_libatomic_exchange_fn)(size_t, volatile void *, void *, void *, int);
typedef bool (*interlock_libatomic_compare_exchange_fn)(size_t, volatile void *, void *, void *,
                                                         int, int);
INTERLOCK_EXPORT void __interlock_atomic_generic_load(size_t n, const volatile void *a, void *ret,
                                                      int mo, const struct interlock_site *s,
                                                      interlock_libatomic_load_fn perform);
INTERLOCK_EXPORT void __interlock_atomic_generic_store(size_t n, volatile void *a, void *value,
                                                       int mo, const struct interlock_site *s,
                                                       interlock_libatomic_store_fn perform);
INTERLOCK_EXPORT void __interlock_atomic_generic_exchange(size_t n, volatile void *a, void *value,
                                                          void *ret, int mo,
                                                          const struct interlock_site *s,
                                                          interlock_libatomic_exchange_fn perform);
INTERLOCK_EXPORT int __interlock_atomic_generic_compare_exchange(
    size_t n, volatile void *a, void *expected, void *desired, int success_mo, int failure_mo,
    const struct interlock_site *s, interlock_libatomic_compare_exchange_fn perform);
INTERLOCK_EXPORT void __interlock_atomic_fence(int mo);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // INTERLOCK_RUNTIME_INTERFACE_H
