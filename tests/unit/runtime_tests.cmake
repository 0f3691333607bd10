# Unit tests for the runtime's shadow memory and calling contexts. Included by
# tests/unit/CMakeLists.txt, which has found Catch2 (find_package(Catch2) + include(Catch)).
#
# The runtime archive is linked normally (not whole-archive), so only the objects these tests
# reference come in, and the interceptors and the start-up code (.preinit_array) stay out: the
# test process keeps libc's malloc and threads and the runtime never initializes.
# The archive also defines malloc, operator new, pthread_create, ... (its interceptors). Left to
# the default order, the test's own references to those (Catch2 uses operator new) would be
# resolved from the archive, which comes before the implicit -lstdc++ -lc, and pull the whole
# runtime in. So libstdc++ and libc go on the link line before the archive.
find_package(Threads REQUIRED)
add_executable(runtime_unit_tests
  ${CMAKE_CURRENT_LIST_DIR}/catch_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_context_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_shadow_tests.cpp
)
target_link_libraries(runtime_unit_tests PRIVATE
  Catch2::Catch2 Threads::Threads
  "-Wl,--push-state,--no-as-needed" stdc++ m c "-Wl,--pop-state"
  interlock_rt)
catch_discover_tests(runtime_unit_tests TEST_PREFIX "runtime: ")

# Guards the premise above: with an interceptor or the start-up object linked in, the tests would
# run on the runtime's malloc and an initialized runtime instead of the pieces in isolation.
find_program(INTERLOCK_NM NAMES llvm-nm-14 llvm-nm nm)
if(INTERLOCK_NM)
  add_test(NAME "runtime: unit test binary keeps libc's malloc and no runtime start-up"
    COMMAND sh -c "\"$0\" --defined-only \"$1\" | grep -E ' (malloc|free|calloc|_Znwm|_ZdlPv|pthread_create|pthread_mutex_lock|__interlock_init)$' && exit 1 || exit 0"
            ${INTERLOCK_NM} $<TARGET_FILE:runtime_unit_tests>)
endif()
