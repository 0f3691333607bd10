// Exceptions, templates, lambdas, virtual calls, std::thread, std::atomic and loops the
// vectorizer turns into vector accesses: the instrumented IR must verify at every level.
#include <atomic>
#include <thread>
#include <vector>
#include <stdexcept>
#include <mutex>
#include <string>
#include <functional>
namespace ns { int shared; std::atomic<long> hits; std::atomic<void*> ptr; std::atomic<double> dbl; }
struct Base { virtual ~Base() = default; virtual int get() const { return 1; } int field = 0; };
struct Derived : Base { int get() const override { return field + 2; } };
template <typename T> T twice(T v) { if (v < 0) throw std::runtime_error("neg"); return v * 2; }
std::mutex m;
int run(int n) {
  std::vector<float> data(n, 1.0f);
  std::vector<float> out(n);
  for (int i = 0; i < n; ++i) out[i] = data[i] * 3.0f + out[i];
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t)
    threads.emplace_back([&, t] {
      std::lock_guard<std::mutex> lock(m);
      ns::shared += t;
      ns::hits.fetch_add(1, std::memory_order_relaxed);
      ns::hits.fetch_sub(1, std::memory_order_acq_rel);
      ns::hits.fetch_or(1); ns::hits.fetch_and(1); ns::hits.fetch_xor(1);
      ns::ptr.exchange(nullptr, std::memory_order_acquire);
      ns::dbl.store(1.5); (void)ns::dbl.load(std::memory_order_acquire);
      void *exp = nullptr; ns::ptr.compare_exchange_weak(exp, &exp, std::memory_order_release, std::memory_order_relaxed);
    });
  for (auto &t : threads) t.join();
  Base *b = new Derived;
  int r = b->get();
  delete b;
  try { r += twice(n); r += twice(-1); } catch (const std::exception &e) { r += (int)std::string(e.what()).size(); }
  std::function<int(int)> f = [](int x) { return twice(x); };
  return r + f(3) + (int)out[0];
}
int main() { return run(100) > 0 ? 0 : 1; }

// CHECK-LABEL: define {{.*}} @_Z3runi(
// CHECK: call i8* @__interlock_func_entry(
// CHECK: store %interlock.site* @__interlock_site{{[.0-9]*}}, %interlock.site** @__interlock_callsite
// CHECK-LABEL: define {{.*}} @main(
// CHECK: call void @__interlock_func_exit(
