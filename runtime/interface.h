// The ABI between Interlock's compiler plugin and its runtime (docs/design.md, section 1): the
// two structures the plugin emits, the one variable it stores to, and the C declarations of the
// entry points listed in entry_points.def, the single list of what crosses the boundary (the
// plugin declares the same list in each module: instrument/RuntimeAbi.cpp).
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

// ---- calling contexts ----
// Site of the call being made by instrumented code; stored by the caller right before each call
// (interceptors read it to name the user's line).
extern __thread const struct interlock_site *__interlock_callsite
    __attribute__((tls_model("initial-exec")));

// 16-byte atomic values come right after the address, so each one is passed in a register pair
// (clang 14 and GCC disagree on an __int128 argument that would straddle the last argument
// register and the stack).
typedef unsigned __int128 interlock_uint128_t;

// libatomic's generic functions, which the runtime calls to perform an operation on an object of
// any size (std::atomic of a struct). compare_exchange returns nonzero when it swapped.
typedef void (*interlock_libatomic_load_fn)(size_t, const volatile void *, void *, int);
typedef void (*interlock_libatomic_store_fn)(size_t, volatile void *, void *, int);
typedef void (*interlock_libatomic_exchange_fn)(size_t, volatile void *, void *, void *, int);
typedef bool (*interlock_libatomic_compare_exchange_fn)(size_t, volatile void *, void *, void *,
                                                         int, int);

// Every entry point, from the one list (entry_points.def says what each one models).
#define INTERLOCK_C_TYPE_Void void
#define INTERLOCK_C_TYPE_Site const struct interlock_site *
#define INTERLOCK_C_TYPE_Addr void *
#define INTERLOCK_C_TYPE_ConstAddr const void *
#define INTERLOCK_C_TYPE_VolatileAddr volatile void *
#define INTERLOCK_C_TYPE_ConstVolatileAddr const volatile void *
#define INTERLOCK_C_TYPE_Size size_t
#define INTERLOCK_C_TYPE_Int int
#define INTERLOCK_C_TYPE_Order int
#define INTERLOCK_C_TYPE_Context void *
#define INTERLOCK_C_TYPE_Globals const struct interlock_global *
#define INTERLOCK_C_TYPE_SitePairs const int32_t *
#define INTERLOCK_C_TYPE_Val8 uint8_t
#define INTERLOCK_C_TYPE_Val16 uint16_t
#define INTERLOCK_C_TYPE_Val32 uint32_t
#define INTERLOCK_C_TYPE_Val64 uint64_t
#define INTERLOCK_C_TYPE_Val128 interlock_uint128_t
#define INTERLOCK_C_TYPE_Ptr8 volatile uint8_t *
#define INTERLOCK_C_TYPE_Ptr16 volatile uint16_t *
#define INTERLOCK_C_TYPE_Ptr32 volatile uint32_t *
#define INTERLOCK_C_TYPE_Ptr64 volatile uint64_t *
#define INTERLOCK_C_TYPE_Ptr128 volatile interlock_uint128_t *
#define INTERLOCK_C_TYPE_ConstPtr8 const volatile uint8_t *
#define INTERLOCK_C_TYPE_ConstPtr16 const volatile uint16_t *
#define INTERLOCK_C_TYPE_ConstPtr32 const volatile uint32_t *
#define INTERLOCK_C_TYPE_ConstPtr64 const volatile uint64_t *
#define INTERLOCK_C_TYPE_ConstPtr128 const volatile interlock_uint128_t *
#define INTERLOCK_C_TYPE_LibatomicLoad interlock_libatomic_load_fn
#define INTERLOCK_C_TYPE_LibatomicStore interlock_libatomic_store_fn
#define INTERLOCK_C_TYPE_LibatomicExchange interlock_libatomic_exchange_fn
#define INTERLOCK_C_TYPE_LibatomicCompareExchange interlock_libatomic_compare_exchange_fn
#define INTERLOCK_PARAM(t, n) INTERLOCK_C_TYPE_##t n
#define INTERLOCK_PARAM_LIST(...) (__VA_ARGS__)
#define INTERLOCK_NO_PARAMS (void)
#define INTERLOCK_ENTRY(group, name, result, params, model) \
  INTERLOCK_EXPORT INTERLOCK_C_TYPE_##result __interlock_##name params;
#include "entry_points.def"
#undef INTERLOCK_ENTRY
#undef INTERLOCK_PARAM
#undef INTERLOCK_PARAM_LIST
#undef INTERLOCK_NO_PARAMS

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // INTERLOCK_RUNTIME_INTERFACE_H
