#include "cli_support.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

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

// What a path names: the file's device and inode when it exists, else where it would be created.
struct FileIdentity {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  std::string normalized;
};

FileIdentity identify(const std::string &path) {
  FileIdentity identity;
  struct stat status;
  if (::stat(path.c_str(), &status) == 0) {
    identity.exists = true;
    identity.device = status.st_dev;
    identity.inode = status.st_ino;
    return identity;
  }
  std::error_code error;
  const std::filesystem::path canonical =
      std::filesystem::weakly_canonical(std::filesystem::absolute(path, error), error);
  identity.normalized = error ? path : canonical.string();
  return identity;
}

bool same_file(const FileIdentity &a, const FileIdentity &b) {
  if (a.exists != b.exists) return false;
  if (a.exists) return a.device == b.device && a.inode == b.inode;
  return a.normalized == b.normalized;
}

}  // namespace

bool outputs_are_distinct(const std::vector<RoleOfPath> &outputs,
                          const std::vector<RoleOfPath> &inputs, report::InputError *error) {
  std::vector<FileIdentity> output_identities;
  for (const RoleOfPath &output : outputs) output_identities.push_back(identify(output.path));
  for (size_t i = 0; i < outputs.size(); i++) {
    for (const RoleOfPath &input : inputs) {
      if (!same_file(output_identities[i], identify(input.path))) continue;
      *error = {outputs[i].path, 0,
                outputs[i].role + " is also " + input.role +
                    ": an output must not overwrite an input"};
      return false;
    }
    for (size_t j = 0; j < i; j++) {
      if (!same_file(output_identities[i], output_identities[j])) continue;
      *error = {outputs[i].path, 0,
                outputs[i].role + " is also " + outputs[j].role +
                    ": two outputs cannot share a file"};
      return false;
    }
  }
  return true;
}

bool write_stdout(const std::string &contents) {
  // Unbuffered, so that an error is seen here, with its errno, and not lost in a later flush.
  if (std::fflush(stdout) != 0) return false;
  return write_all(STDOUT_FILENO, contents);
}

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
    // fsync: some file systems (NFS, quotas) report a failed write only there, and a file
    // renamed into place must be whole.
    const bool written = write_all(fd, file.contents) && ::fchmod(fd, 0666 & ~mask) == 0 &&
                         ::fsync(fd) == 0;
    const int saved_errno = errno;
    if (::close(fd) != 0 || !written) {
      *error = {file.path, 0,
                std::string("cannot write: ") + std::strerror(written ? errno : saved_errno)};
      remove_temporaries();
      return false;
    }
  }
  for (Pending &file : pending_) {
    if (!file.temporary.empty()) continue;
    const int fd = ::open(file.path.c_str(), O_WRONLY | O_CLOEXEC);
    const bool written = fd >= 0 && write_all(fd, file.contents);
    const int saved_errno = errno;
    if (fd >= 0) ::close(fd);
    if (!written) {
      *error = {file.path, 0, std::string("cannot write: ") + std::strerror(saved_errno)};
      remove_temporaries();
      return false;
    }
  }
  for (Pending &file : pending_) {
    if (file.temporary.empty()) continue;
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
