// End to end: the address pairs a built program registers (__interlock_address_dependences)
// reach the runtime's table. An access's site is an argument of its entry point, not something
// the program can read back, so the test links with --wrap for the plain 4- and 8-byte read and
// write entry points: the instrumented accesses call the wrappers below (not instrumented), which
// note the site that read or wrote each watched address and go on to the runtime's entry point.
// main then asks the runtime's own lookups (runtime/site_dependences.h, linked into the program)
// about those sites.
#include <cstdio>

struct interlock_site;
extern "C" {
void __real___interlock_read4(const void *address, const interlock_site *site);
void __real___interlock_write4(void *address, const interlock_site *site);
void __real___interlock_read8(const void *address, const interlock_site *site);
}
namespace interlock {
bool site_depends_on(const interlock_site *dependent, const interlock_site *source);
bool address_depends_on(const interlock_site *write, const interlock_site *source);
}  // namespace interlock

struct node {
  int x;
  node *next;
};

// External, and written by no one at -O2's sight: the optimizer must still load them.
int slots[8];
int slot_count = 3;
node first_node;
node *head = &first_node;

namespace {
const interlock_site *count_read_site, *count_write_site, *slot_write_site, *head_read_site,
    *node_write_site;
}  // namespace

extern "C" __attribute__((disable_sanitizer_instrumentation)) void
__wrap___interlock_read4(const void *address, const interlock_site *site) {
  if (address == &slot_count)
    count_read_site = site;
  __real___interlock_read4(address, site);
}

extern "C" __attribute__((disable_sanitizer_instrumentation)) void
__wrap___interlock_write4(void *address, const interlock_site *site) {
  if (address == &slot_count)
    count_write_site = site;
  else if (address >= &slots[0] && address < &slots[8])
    slot_write_site = site;
  else if (address == &first_node.x)
    node_write_site = site;
  __real___interlock_write4(address, site);
}

extern "C" __attribute__((disable_sanitizer_instrumentation)) void
__wrap___interlock_read8(const void *address, const interlock_site *site) {
  if (address == &head)
    head_read_site = site;
  __real___interlock_read8(address, site);
}

// A LIFO push: the element is chosen by the count loaded (an address pair); the count's new
// value is computed from it (a value pair, no address pair).
__attribute__((noinline)) void push(int value) {
  int index = slot_count;
  slots[index] = value;
  slot_count = index + 1;
}

// A write through a pointer loaded from shared memory.
__attribute__((noinline)) void mark_head() {
  node *p = head;
  p->x = 1;
}

int main() {
  push(7);
  mark_head();
  using interlock::address_depends_on;
  using interlock::site_depends_on;
  const bool slot_by_count = address_depends_on(slot_write_site, count_read_site);
  const bool node_by_head = address_depends_on(node_write_site, head_read_site);
  const bool count_address_by_count = address_depends_on(count_write_site, count_read_site);
  const bool count_value_by_count = site_depends_on(count_write_site, count_read_site);
  std::printf("address: slot <- count %d, node <- head %d, count <- count %d; "
              "value: count <- count %d\n",
              slot_by_count, node_by_head, count_address_by_count, count_value_by_count);
  const bool seen = count_read_site && count_write_site && slot_write_site && head_read_site &&
                    node_write_site;
  return seen && slot_by_count && node_by_head && !count_address_by_count && count_value_by_count
             ? 0
             : 1;
}
