// Dependence pairs (instrument/SiteDependences.h): which instrumented site's value or execution
// depends on which other site's result, in one function. check_dependences.py decodes the table
// the plugin emits: `// @name` names a line, DEPS lines are pairs that must be there, DEPS-NOT
// lines pairs that must not; VALUE and CONTROL lines (and their -NOT) are about the pairs of one
// kind: only the value written or passed was computed from the source, or only whether the
// dependent runs was decided by it. No main: each function is its own case.
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

atomic_int ticket;
int counter;
pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

// A load and a store computed from it (a lost update if another thread stores in between).
// DEPS: ticket_store <- ticket_load
void take_ticket(void) {
  int t = atomic_load(&ticket);  // @ticket_load
  atomic_store(&ticket, t + 1);  // @ticket_store
}

// The store does not use what was loaded.
// DEPS-NOT: reset_store <- reset_load
void reset_ticket(void) {
  atomic_load(&ticket);      // @reset_load
  atomic_store(&ticket, 5);  // @reset_store
}

// A compare-exchange whose expected and desired values come from a load.
// DEPS: cas <- cas_load
void bump_ticket_with_cas(void) {
  int seen = atomic_load_explicit(&ticket, memory_order_relaxed);  // @cas_load
  atomic_compare_exchange_strong(&ticket, &seen, seen + 1);       // @cas
}

// Plain accesses: the store of `counter` is computed from its load on the line before.
// DEPS: plain_store <- plain_load
// VALUE: plain_store <- plain_load
// CONTROL-NOT: plain_store <- plain_load
void double_counter(void) {
  int seen = counter;  // @plain_load
  counter = seen * 2;  // @plain_store
}

// DEPS-NOT: plain_independent <- plain_peek
void print_then_store(void) {
  int seen = counter;     // @plain_peek
  printf("%d\n", seen);
  counter = 7;            // @plain_independent
}

int get_counter(void) {
  pthread_mutex_lock(&counter_lock);
  int value = counter;
  pthread_mutex_unlock(&counter_lock);
  return value;
}

void set_counter(int value) {
  pthread_mutex_lock(&counter_lock);
  counter = value;
  pthread_mutex_unlock(&counter_lock);
}

// get then set in two critical sections: set's value comes from get's.
// DEPS: increment_set <- increment_get
// CONTROL-NOT: increment_set <- increment_get
void increment(void) {
  int value = get_counter();  // @increment_get
  set_counter(value + 1);     // @increment_set
}

// The value read is printed, not written back: set does not depend on get.
// DEPS: print_printf <- print_get
// DEPS-NOT: print_set <- print_get
void print_then_set(void) {
  int value = get_counter();  // @print_get
  printf("%d\n", value);      // @print_printf
  set_counter(42);            // @print_set
}

void read_counter_into(int *out) {
  pthread_mutex_lock(&counter_lock);
  *out = counter;
  pthread_mutex_unlock(&counter_lock);
}

// A call that writes the value into a local through a pointer.
// DEPS: out_set <- out_get
void increment_through_pointer(void) {
  int value;
  read_counter_into(&value);  // @out_get
  set_counter(value + 1);     // @out_set
}

void set_counter_from(const int *value);

// A value passed on by the address of the local holding it.
// DEPS: by_address_set <- by_address_get
void increment_by_address(void) {
  int value = get_counter() + 1;  // @by_address_get
  set_counter_from(&value);       // @by_address_set
}

struct snapshot {
  int values[16];
};
struct snapshot take_snapshot(void);
void publish(const struct snapshot *snapshot);

// A struct result, written into the local through sret, passed on by pointer.
// DEPS: publish_call <- snapshot_call
void republish(void) {
  struct snapshot copy = take_snapshot();  // @snapshot_call
  publish(&copy);                          // @publish_call
}

// Each arm assigns a constant, but which one was decided by the value read.
// DEPS: choose_set <- choose_get
void choose(void) {
  int next;
  if (get_counter() > 10)  // @choose_get
    next = 0;
  else
    next = 1;
  set_counter(next);  // @choose_set
}

struct account {
  pthread_mutex_t lock;
  int balance;
};

int balance(struct account *account) {
  pthread_mutex_lock(&account->lock);
  int result = account->balance;
  pthread_mutex_unlock(&account->lock);
  return result;
}

void withdraw(struct account *account, int amount) {
  pthread_mutex_lock(&account->lock);
  account->balance -= amount;
  pthread_mutex_unlock(&account->lock);
}

// Check-then-act: the withdrawal runs because of the balance read (control dependence), and
// passes nothing computed from it.
// DEPS: act <- check
// CONTROL: act <- check
// VALUE-NOT: act <- check
void checked_withdraw(struct account *account, int amount) {
  if (balance(account) >= amount)  // @check
    withdraw(account, amount);     // @act
}

// The balance is only printed: the withdrawal after it is not decided by it.
// DEPS-NOT: unchecked_act <- unchecked_read
void report_then_withdraw(struct account *account, int amount) {
  int seen = balance(account);  // @unchecked_read
  printf("%d\n", seen);
  withdraw(account, amount);  // @unchecked_act
}

int contains(int key);
void insert(int key, int value);

// A map's check-then-act as two calls.
// DEPS: insert_call <- contains_call
void insert_if_absent(int key, int value) {
  if (!contains(key))    // @contains_call
    insert(key, value);  // @insert_call
}

// After the `if` the insertion runs whatever the check said.
// DEPS-NOT: insert_after <- contains_logged
void log_then_insert(int key) {
  if (contains(key))  // @contains_logged
    printf("present\n");
  insert(key, 0);  // @insert_after
}

// A switch decides too.
// DEPS: insert_case <- contains_switch
void insert_by_case(int key) {
  switch (contains(key)) {  // @contains_switch
  case 0:
    insert(key, 1);  // @insert_case
    break;
  case 1:
    printf("present\n");
    break;
  default:
    break;
  }
}
