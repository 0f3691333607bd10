// Twin of vptr_delete_vs_virtual_call_race.cpp: main joins the worker before deleting the shape,
// so the virtual call's read of the vtable pointer happens before the delete. Silent.
// EXPECT: silent
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
struct Triangle : Shape {
  int sides() const override { return 3; }
};

std::atomic<Shape *> shared_shape{nullptr};

void count_sides(int *out) { *out = shared_shape.load(std::memory_order_relaxed)->sides(); }
}  // namespace

int main() {
  shared_shape.store(new Triangle, std::memory_order_relaxed);
  int sides = 0;
  std::thread worker(count_sides, &sides);
  worker.join();
  delete shared_shape.load(std::memory_order_relaxed);
  std::printf("%d\n", sides);
  return 0;
}
