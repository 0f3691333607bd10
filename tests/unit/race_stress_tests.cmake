# Stress tests of the shadow cell's concurrency protocol (real threads on one cell). Included by
# tests/unit/CMakeLists.txt, which has found Catch2 (find_package(Catch2) + include(Catch)).
# Header-only code under test (detector/race/): interlock_detector only supplies the include root.
find_package(Threads REQUIRED)
add_executable(race_stress_tests
  ${CMAKE_CURRENT_LIST_DIR}/catch_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/race_stress_tests.cpp
)
target_include_directories(race_stress_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(race_stress_tests PRIVATE interlock_detector Catch2::Catch2 Threads::Threads)
catch_discover_tests(race_stress_tests TEST_PREFIX "detector_stress: ")
