# Unit tests for detector/deadlock (the lock-order graph). Included by tests/unit/CMakeLists.txt,
# which has found Catch2 (find_package(Catch2) + include(Catch)).
add_executable(deadlock_graph_tests
  ${CMAKE_CURRENT_LIST_DIR}/catch_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/deadlock_graph_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/deadlock_wait_for_tests.cpp
)
target_include_directories(deadlock_graph_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(deadlock_graph_tests PRIVATE interlock_detector Catch2::Catch2)
catch_discover_tests(deadlock_graph_tests TEST_PREFIX "deadlock_graph: ")

# The graph runs inside C programs that have no libstdc++: its objects must not reference it.
find_program(INTERLOCK_NM NAMES llvm-nm-14 llvm-nm nm)
if(INTERLOCK_NM)
  add_test(NAME "deadlock_graph: core objects need no libstdc++"
    COMMAND sh -c "\"$0\" -C --undefined-only \"$@\" | grep -E 'std::|operator new|operator delete|__cxa|__gxx|_Unwind|malloc|calloc|realloc|free$' && exit 1 || exit 0"
            ${INTERLOCK_NM} $<TARGET_OBJECTS:interlock_deadlock_core>
    COMMAND_EXPAND_LISTS)
endif()
