// Two unrelated AB/BA cycles on std::mutex in one process. Every std::mutex::lock() goes through
// the same inlined library frames (gthr-default.h, std_mutex.h), so only the program's own frames
// tell the two cycles apart: they must be two findings with two keys, not one.
// EXPECT: lock-order-cycle :first
// EXPECT: lock-order-cycle :second
// TSAN: same
#include <mutex>
#include <thread>

std::mutex a, b, c, d;
int moves;

int main() {
  std::thread([] {
    std::lock_guard<std::mutex> hold_a(a);
    std::lock_guard<std::mutex> hold_b(b);  // CYCLE:first EDGE_AB
    ++moves;
  }).join();
  std::thread([] {
    std::lock_guard<std::mutex> hold_b(b);
    std::lock_guard<std::mutex> hold_a(a);  // CYCLE:first EDGE_AB
    ++moves;
  }).join();
  std::thread([] {
    std::lock_guard<std::mutex> hold_c(c);
    std::lock_guard<std::mutex> hold_d(d);  // CYCLE:second EDGE_CD
    ++moves;
  }).join();
  std::thread([] {
    std::lock_guard<std::mutex> hold_d(d);
    std::lock_guard<std::mutex> hold_c(c);  // CYCLE:second EDGE_CD
    ++moves;
  }).join();
  return moves == 4 ? 0 : 1;
}
