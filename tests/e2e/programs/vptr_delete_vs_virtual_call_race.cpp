// A worker calls a virtual function of a shape that main deletes: the pointer is handed over
// and the call announced with relaxed atomics, which order nothing, so the delete (a write of
// the whole block, made in Triangle's implicit deleting destructor) races with the virtual call's
// read of the object's vtable pointer. The virtual function touches no field: the vtable pointer
// is the only memory they share. The report names the object's vtable pointer.
// EXPECT: data-race
// TSAN: same
// ALSO AT: -O0 -O2
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
struct Shape {
  virtual ~Shape() = default;
  virtual int sides() const = 0;
};
struct Triangle : Shape {  // RACE: its deleting destructor frees the object
  int sides() const override { return 3; }
};

std::atomic<Shape *> shared_shape{nullptr};
std::atomic<bool> called{false};

void count_sides(int *out) {
  *out = shared_shape.load(std::memory_order_relaxed)->sides();  // RACE
  called.store(true, std::memory_order_relaxed);
}
}  // namespace

int main() {
  shared_shape.store(new Triangle, std::memory_order_relaxed);
  int sides = 0;
  std::thread worker(count_sides, &sides);
  while (!called.load(std::memory_order_relaxed)) std::this_thread::yield();
  delete shared_shape.load(std::memory_order_relaxed);  // calls the deleting destructor
  worker.join();
  std::printf("%d\n", sides);
  return 0;
}
