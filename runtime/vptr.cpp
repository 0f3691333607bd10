// Entry points for C++ vtable-pointer accesses (runtime/interface.h): checked like other
// 8-byte accesses, with access nodes tagged so that a report says the racy memory is an
// object's vtable pointer (a virtual call racing with a constructor, destructor or delete).
#include "runtime/access.h"

using namespace interlock;

namespace {

// Marks the access for access_slow(), the only place that makes its access node; the fast path
// never looks at the flag (an access already recorded in this epoch makes no node). A signal
// handler that runs inside this window would have its own accesses' reports name the vtable
// pointer too: a wording slip in a rare case, not a missed or invented race.
void vptr_access(ThreadState *thr, uptr addr, bool is_write, const interlock_site *site) {
  thr->vptr_access = true;
  access_sized<8>(thr, addr, is_write, site);
  thr->vptr_access = false;
}

}  // namespace

extern "C" void __interlock_vptr_read(const void *addr, const interlock_site *s) {
  ThreadState *thr = tls_thread;
  if (INTERLOCK_UNLIKELY(!thr)) return;
  vptr_access(thr, reinterpret_cast<uptr>(addr), false, s);
}

extern "C" void __interlock_vptr_update(void *addr, void *new_value, const interlock_site *s) {
  ThreadState *thr = tls_thread;
  if (INTERLOCK_UNLIKELY(!thr)) return;
  // A destructor first stores its own class's vtable, which the object already holds: that
  // store changes nothing another thread could see, so it is not a write (as in TSan). This
  // comparison is the runtime's own read and is not checked.
  if (__atomic_load_n(static_cast<void **>(addr), __ATOMIC_RELAXED) == new_value) return;
  vptr_access(thr, reinterpret_cast<uptr>(addr), true, s);
}
