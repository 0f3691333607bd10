// A small class whose setter and getter are called from two threads without a lock; the race is
// on the member, inside the methods.
// EXPECT: data-race
// TSAN: same
#include <cstdio>
#include <thread>

class Thermostat {
 public:
  void set_target(int celsius) {
    target_ = celsius;  // RACE
  }
  int target() const {
    return target_;  // RACE
  }

 private:
  int mode_ = 0;
  int target_ = 18;
};

int main() {
  Thermostat thermostat;
  std::thread adjust([&thermostat] { thermostat.set_target(22); });
  std::thread display([&thermostat] { std::printf("%d\n", thermostat.target()); });
  adjust.join();
  display.join();
  return 0;
}
