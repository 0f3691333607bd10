// The fcntl interceptor (descriptor_lifetime.cpp) hands lock commands to file_lock_calls.cpp, and
// its close to the file-lock model, so fcntl and close stay defined once.
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_FILE_LOCK_CALLS_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_FILE_LOCK_CALLS_H

namespace interlock {

// F_SETLK, F_SETLKW, F_OFD_SETLK, F_OFD_SETLKW (F_GETLK and F_OFD_GETLK only ask: not modelled).
bool is_file_lock_command(int command);
// Performs fcntl(fd, command, argument) for such a command through `real_fcntl`, modelled.
int fcntl_file_lock(int (*real_fcntl)(int, int, ...), int fd, int command, long argument);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_FILE_LOCK_CALLS_H
