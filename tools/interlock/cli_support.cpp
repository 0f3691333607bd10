#include "cli_support.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace interlock::cli {

namespace {

bool write_all(int fd, const std::string &contents) {
  size_t done = 0;
  while (done < contents.size()) {
    const ssize_t written = ::write(fd, contents.data() + done, contents.size() - done);
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(written);
  }
  return true;
}

}  // namespace

int report_bad_input(const report::InputError &error) {
  std::fprintf(stderr, "interlock: %s\n", error.to_line().c_str());
  return kExitBadInput;
}

void OutputFiles::add(const std::string &path, std::string contents) {
  pending_.push_back({path, std::move(contents), {}});
}

bool OutputFiles::commit(report::InputError *error) {
  // mkstemp creates 0600; give the file the mode a plain open() would have.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  auto remove_temporaries = [this] {
    for (Pending &file : pending_) {
      if (!file.temporary.empty()) ::unlink(file.temporary.c_str());
      file.temporary.clear();
    }
  };
  for (Pending &file : pending_) {
    // A device, FIFO or socket (-o /dev/null, /dev/stdout, a pipe) is written in place below:
    // renaming a temporary onto it would replace the device node itself with a plain file.
    struct stat target;
    if (::stat(file.path.c_str(), &target) == 0 && !S_ISREG(target.st_mode) &&
        !S_ISDIR(target.st_mode))
      continue;
    // mkstemp in the target's directory, so rename() stays within one file system.
    std::string pattern = file.path + ".tmp.XXXXXX";
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) {
      *error = {file.path, 0, std::string("cannot write: ") + std::strerror(errno)};
      remove_temporaries();
      return false;
    }
    file.temporary = pattern;
    const bool written = write_all(fd, file.contents) && ::fchmod(fd, 0666 & ~mask) == 0;
    const int saved_errno = errno;
    if (::close(fd) != 0 || !written) {
      *error = {file.path, 0,
                std::string("cannot write: ") + std::strerror(written ? errno : saved_errno)};
      remove_temporaries();
      return false;
    }
  }
  for (Pending &file : pending_) {
    if (file.temporary.empty()) {
      const int fd = ::open(file.path.c_str(), O_WRONLY | O_CLOEXEC);
      const bool written = fd >= 0 && write_all(fd, file.contents);
      const int saved_errno = errno;
      if (fd >= 0) ::close(fd);
      if (!written) {
        *error = {file.path, 0, std::string("cannot write: ") + std::strerror(saved_errno)};
        remove_temporaries();
        return false;
      }
      continue;
    }
    if (::rename(file.temporary.c_str(), file.path.c_str()) != 0) {
      *error = {file.path, 0, std::string("cannot write: ") + std::strerror(errno)};
      remove_temporaries();
      return false;
    }
    file.temporary.clear();
  }
  pending_.clear();
  return true;
}

}  // namespace interlock::cli
