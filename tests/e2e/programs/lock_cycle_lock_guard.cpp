// AB/BA through nested std::lock_guard scopes in two helper functions, run one after the other.
// EXPECT: lock-order-cycle
// TSAN: same
#include <mutex>
#include <thread>

std::mutex config_lock, log_lock;
int config_version, log_lines;

static void reload_config() {
  std::lock_guard<std::mutex> config(config_lock);
  ++config_version;
  std::lock_guard<std::mutex> log(log_lock);  // CYCLE
  ++log_lines;
}

static void rotate_log() {
  std::lock_guard<std::mutex> log(log_lock);
  ++log_lines;
  std::lock_guard<std::mutex> config(config_lock);  // CYCLE
  log_lines += config_version;
}

int main() {
  std::thread reloader(reload_config);
  reloader.join();
  std::thread rotator(rotate_log);
  rotator.join();
  return 0;
}
