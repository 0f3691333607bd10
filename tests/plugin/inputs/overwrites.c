// Overwrites (instrument/InterlockPass.cpp recordOverwrites, __interlock_overwrites): a plain
// load whose very bytes a plain store of the same block writes next, with no call and no atomic
// between (`++n`: a read-modify-write made of two accesses). check_dependences.py decodes the
// table: OVER lines are (write <- read) pairs it must hold, OVER-NOT lines pairs it must not.
// No main: each function is its own case.
#include <stdatomic.h>

long counter;
long total;
long other;
atomic_int flag;
void helper(void);

// OVER: increment <- increment
void increment(void) {
  counter++;  // @increment
}

// A store of another location between the two is no obstacle.
// OVER: add_store <- add_load
void add(long amount) {
  long seen = total;     // @add_load
  other = amount;
  total = seen + amount;  // @add_store
}

// A call between: it may read the bytes again, or never return.
// OVER-NOT: call_store <- call_load
void add_around_call(long amount) {
  long seen = total;      // @call_load
  helper();
  total = seen + amount;  // @call_store
}

// An atomic between: another thread's write may be ordered before the store.
// OVER-NOT: atomic_store <- atomic_load
void add_around_atomic(long amount) {
  long seen = total;                      // @atomic_load
  atomic_fetch_add(&flag, 1);
  total = seen + amount;                  // @atomic_store
}

// The store in another block (decided by a branch on the load): a check, then an act.
// OVER-NOT: checked_store <- checked_load
void add_if_small(long amount) {
  long seen = total;  // @checked_load
  if (seen < 100)
    total = seen + amount;  // @checked_store
}

// A macro's expansion puts all of its code at the macro's use: its check's load and its bump's
// load share one site, and the runtime knows reads by site. The bump alone would be an
// overwrite; the check at the same site is not, so the site is not registered.
#define BUMP_IF_POSITIVE(x) \
  if ((x) > 0)              \
  (x)++
// OVER-NOT: macro_bump <- macro_bump
void bump_if_positive(void) {
  BUMP_IF_POSITIVE(counter);  // @macro_bump
}
