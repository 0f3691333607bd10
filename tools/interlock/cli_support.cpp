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
