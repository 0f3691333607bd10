// Address dependences (instrument/SiteDependences.h, __interlock_address_dependences): which
// write's (or load's) *address* was computed from which instrumented load's (or call's) result,
// in one function. check_dependences.py decodes the table: `// @name` names a line, ADDR lines are pairs
// the address table must hold, ADDR-NOT lines pairs it must not. DEPS/DEPS-NOT lines are checked
// against the value/control table (__interlock_dependences) of the same module: where an ADDR-NOT
// stands next to a DEPS, the write and the load are both instrumented and related, only not by
// the write's address. No main: each function is its own case.
#include <stdatomic.h>
#include <string.h>

struct node {
  int x;
  struct node *next;
};

// What a thread pool keeps under its lock: a LIFO of tasks and its count.
int slots[16];
int slot_count;
atomic_int atomic_slots[16];
struct node *head;
// Wider than any lock-free atomic: compiled to libatomic's generic __atomic_store.
struct wide {
  long words[4];
};
_Atomic struct wide wide_slots[4];

// A LIFO push: the element written is the one the count just loaded chooses; the count's own
// store is computed from the load too, but its address is a constant.
// ADDR: push_store <- push_count
// DEPS-NOT: push_store <- push_count
// ADDR-NOT: push_count_store <- push_count
// DEPS: push_count_store <- push_count
void push(int value) {
  int index = slot_count;  // @push_count
  slots[index] = value;    // @push_store
  slot_count = index + 1;  // @push_count_store
}

// A pointer loaded from shared memory, then written through.
// ADDR: head_store <- head_load
void mark_head(void) {
  struct node *p = head;  // @head_load
  p->x = 1;               // @head_store
}

// Through a chain of loaded pointers: the address is the result of the last load. (A load's
// result is what memory held, not a value computed from its address: `first->next` does not
// carry the load of `head`, as in the value table.)
// ADDR: second_store <- second_next
// ADDR: second_next <- second_head
void mark_second(void) {
  struct node *first = head;          // @second_head
  struct node *second = first->next;  // @second_next
  second->x = 2;                      // @second_store
}

int slot_for(int key);

// The index is a call's result (an uninlined `slot_for(key)`): paired with the call's site.
// ADDR: call_store <- slot_call
void put_by_key(int key, int value) {
  int index = slot_for(key);  // @slot_call
  slots[index] = value;       // @call_store
}

// The DEPS cases below read and write the same array: a pair of accesses that alias analysis
// proves disjoint is left out of the value/control table, however they are related.

// A constant index: the store runs because of the load (a control dependence, in the other
// table), but its address comes from no load.
// DEPS: constant_store <- constant_check
// ADDR-NOT: constant_store <- constant_check
void clear_first_if_set(void) {
  if (slots[0] > 0)  // @constant_check
    slots[0] = 0;    // @constant_store
}

// An index computed from the arguments alone, in a local: no load chose it.
// DEPS: argument_store <- argument_check
// ADDR-NOT: argument_store <- argument_check
void put_if_empty(int base, int offset, int value) {
  int index = base * 2 + offset;
  if (slots[index] == 0)   // @argument_check
    slots[index] = value;  // @argument_store
}

// The *value* written comes from the load; the element is chosen by an argument.
// DEPS: value_store <- value_load
// ADDR-NOT: value_store <- value_load
void copy_first_to(int position) {
  int seen = slots[0];     // @value_load
  slots[position] = seen;  // @value_store
}

// Atomic writes and memory intrinsics whose destination was chosen by a loaded index.
// ADDR: atomic_store <- atomic_index
// ADDR: atomic_add <- atomic_index
// ADDR: atomic_exchange <- atomic_index
// ADDR: memset_dest <- atomic_index
// ADDR: memcpy_dest <- atomic_index
// ADDR-NOT: memcpy_dest <- memcpy_source_index
void atomic_writes(int expected, const int *from) {
  int index = slot_count;                                                 // @atomic_index
  atomic_store(&atomic_slots[index], 1);                                  // @atomic_store
  atomic_fetch_add(&atomic_slots[index], 1);                              // @atomic_add
  atomic_compare_exchange_strong(&atomic_slots[index], &expected, 3);     // @atomic_exchange
  memset(&slots[index], 0, sizeof(int) * 2);                              // @memset_dest
  int source_index = slots[1];                                            // @memcpy_source_index
  memcpy(&slots[index], &from[source_index], sizeof(int) * 4);            // @memcpy_dest
}

// libatomic's generic store, for an object too wide for an atomic instruction.
// ADDR: wide_store <- wide_index
void store_wide(struct wide value) {
  int index = slot_count;               // @wide_index
  atomic_store(&wide_slots[index], value);  // @wide_store
}
