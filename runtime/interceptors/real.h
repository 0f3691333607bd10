// Addresses of the functions our interceptors replace ("real" functions).
//
// Contract: a RealFunction names one libc/libstdc++ function and yields its address in the next
// object after the executable (dlsym(RTLD_NEXT) / dlvsym for a given symbol version). The address
// is resolved on first use and cached; a function that cannot be resolved is a fatal internal
// error (exit status 70). Resolution happens inside ScopedInRuntime, so allocations dlsym makes
// are not modelled, and it never needs an intercepted allocator: the malloc family's real
// functions are glibc's __libc_* entry points, declared below and called directly.
//
// Thread-safety: any number of threads may resolve the same RealFunction concurrently; they all
// store the same address (relaxed races are benign, the slot is atomic). RealFunction objects are
// constant-initialized, so interceptors work before any static constructor has run.
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_REAL_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_REAL_H

#include <stddef.h>

#include <atomic>

// GCC warns that glibc's nonnull attributes do not carry into decltype(::func) as a template
// argument (INTERLOCK_REAL below); they do not matter for calling through the pointer. Only
// interceptor files include this header.
#pragma GCC diagnostic ignored "-Wignored-attributes"

namespace interlock {

// Prints "interlock: internal error: cannot resolve <name>" with a raw write(2) and _exit(70).
[[noreturn]] void die_cannot_resolve(const char *name);

// Looks `name` up in the objects after the executable; `version` null means the default version.
// Returns null when not found (callers decide whether that is fatal).
void *lookup_next_symbol(const char *name, const char *version);

// Resolves every real function now. For the runtime's initialize(): resolving lazily means a
// dlsym (which takes the loader's lock and is not async-signal-safe) at the first call of each
// intercepted function, wherever that happens. Missing optional symbols stay unresolved; a missing
// required one is reported at its first use.
void resolve_all_real_functions();

// The untyped part of a RealFunction. Every RealFunction is placed in one linker section, so
// resolve_all_real_functions can walk them all.
class RealFunctionSlot {
 public:
  constexpr RealFunctionSlot(const char *name, const char *version)
      : name_(name), version_(version), address_(nullptr) {}

  void *address() {
    void *address = address_.load(std::memory_order_acquire);
    if (__builtin_expect(address == nullptr, 0)) address = resolve_or_die();
    return address;
  }

  // Like address(), but null instead of dying when the symbol does not exist in this process.
  void *address_if_present() {
    void *address = address_.load(std::memory_order_acquire);
    return address != nullptr ? address : try_resolve();
  }

  void *try_resolve() {
    void *address = lookup_next_symbol(name_, version_);
    if (address != nullptr) address_.store(address, std::memory_order_release);
    return address;
  }

 private:
  void *resolve_or_die() {
    void *address = try_resolve();
    if (address == nullptr) die_cannot_resolve(name_);
    return address;
  }

  const char *name_;
  const char *version_;
  std::atomic<void *> address_;
};

template <typename Fn>
class RealFunction {
 public:
  constexpr RealFunction(const char *name, const char *version = nullptr)
      : slot_(name, version) {}

  Fn *get() { return reinterpret_cast<Fn *>(slot_.address()); }
  Fn *get_if_present() { return reinterpret_cast<Fn *>(slot_.address_if_present()); }

 private:
  RealFunctionSlot slot_;
};

// Every RealFunction object must carry this, so that resolve_all_real_functions sees it.
#define INTERLOCK_REAL_FUNCTION_STORAGE \
  __attribute__((section("interlock_real_functions"), used, aligned(alignof(void *))))

// Declares `real_<func>`, the RealFunction for the libc function `func` (its prototype comes from
// the system header already included).
#define INTERLOCK_REAL_VERSIONED(func, version)                                       \
  INTERLOCK_REAL_FUNCTION_STORAGE static ::interlock::RealFunction<decltype(::func)> \
      real_##func(#func, version)
#define INTERLOCK_REAL(func) INTERLOCK_REAL_VERSIONED(func, nullptr)

}  // namespace interlock

// glibc's own allocator entry points: what malloc & co. are when nobody interposes them.
extern "C" {
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t count, size_t size);
void *__libc_realloc(void *pointer, size_t size);
void __libc_free(void *pointer);
void *__libc_memalign(size_t alignment, size_t size);
void *__libc_valloc(size_t size);
void *__libc_pvalloc(size_t size);
}

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_REAL_H
