// I/O-error injection at the syscall boundary, LD_PRELOADed into mfschunkserver only (T5).
//
// Why a preload and not the kernel: this kernel has no device-mapper (dm-flakey/dm-error),
// no fault injection, no nbd/null_blk. The chunkserver's own error accounting
// (hddspacemgr.c, MooseFS 3.0.117) counts EIO/EROFS/ENOENT returned by the calls it makes
// on chunk files: open, pread/pwrite, read/write (headers), fsync, ftruncate. Failing
// those calls with EIO is what a disk with transient media errors shows the core.
//
// Only chunk files are touched: fds opened on /mfs/bays/bayNN/.../chunk_* are mapped to
// their bay. A control file (ctl, MAP_SHARED, written by the harness on the host through
// the bind mount) holds one record per bay:
//   mode 0 off | 1 burst: fail the next `remaining` calls, then off | 2 persistent
//   | 3 discard: writes and syncs of chunk data report success and store nothing (a disk
//     that acknowledges what it does not keep: the broken core of the read-back control)
// Every injected error is appended to log (one write(2) per line, O_APPEND):
//   <epoch ms> <bay> <call> <errno>
// Cost per chunk I/O when idle: one table load and one relaxed atomic add.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define DIR_ENV "ACCEPT_IOERR_DIR"
#define DEFAULT_DIR "/accept/preload"
#define BAY_PREFIX_ENV "ACCEPT_IOERR_BAY_PREFIX"
#define DEFAULT_BAY_PREFIX "/mfs/bays/bay"
#define MAX_FD 65536
#define MAX_BAYS 128
#define CTL_MAGIC 0x3154435252454f49ULL /* "IOERRCT1" as little-endian bytes */

struct bay_ctl {
  int32_t mode;
  int32_t remaining;
  uint32_t injected;
  uint32_t ops; /* chunk I/O calls that went through (not injected) */
  uint32_t pad[4];
};

struct ctl_file {
  uint64_t magic;
  uint32_t version;
  uint32_t bays;
  uint32_t pad[12];
  struct bay_ctl bay[MAX_BAYS];
};

static struct ctl_file *ctl;
static unsigned char fd_bay[MAX_FD]; /* bay number + 1, 0 = not a chunk file */
static int log_fd = -1;
static char dir[256];
static char bay_prefix[256];
static size_t bay_prefix_len;

static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pread)(int, void *, size_t, off_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_ftruncate)(int, off_t);
static int (*real_close)(int);

__attribute__((constructor)) static void ioerr_init(void) {
  const char *d = getenv(DIR_ENV);
  snprintf(dir, sizeof dir, "%s", d && *d ? d : DEFAULT_DIR);
  const char *bp = getenv(BAY_PREFIX_ENV); /* for the library's own test outside a node */
  snprintf(bay_prefix, sizeof bay_prefix, "%s", bp && *bp ? bp : DEFAULT_BAY_PREFIX);
  bay_prefix_len = strlen(bay_prefix);
  real_read = dlsym(RTLD_NEXT, "read");
  real_write = dlsym(RTLD_NEXT, "write");
  real_pread = dlsym(RTLD_NEXT, "pread64");
  real_pwrite = dlsym(RTLD_NEXT, "pwrite64");
  real_fsync = dlsym(RTLD_NEXT, "fsync");
  real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
  real_ftruncate = dlsym(RTLD_NEXT, "ftruncate64");
  real_close = dlsym(RTLD_NEXT, "close");
  char path[320];
  snprintf(path, sizeof path, "%s/ctl", dir);
  int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDWR | O_CLOEXEC);
  if (fd < 0) return; /* no control file: the library does nothing */
  void *m = mmap(NULL, sizeof(struct ctl_file), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  syscall(SYS_close, fd);
  if (m == MAP_FAILED) return;
  if (((struct ctl_file *)m)->magic != CTL_MAGIC) {
    munmap(m, sizeof(struct ctl_file));
    return;
  }
  ctl = m;
}

/* the next definition of a call; resolved on first use if another library's constructor calls it before ours ran */
static void *resolve(void **slot, const char *sym) {
  if (!*slot) *slot = dlsym(RTLD_NEXT, sym);
  return *slot;
}
#define REAL(name, sym) ((__typeof__(real_##name))resolve((void **)&real_##name, sym))

/* The bay of a chunk file path, or -1. */
static int bay_of_path(const char *p) {
  if (!ctl || !p || strncmp(p, bay_prefix, bay_prefix_len) != 0) return -1;
  const char *s = p + bay_prefix_len;
  int n = 0, digits = 0;
  while (*s >= '0' && *s <= '9' && digits < 4) n = n * 10 + (*s++ - '0'), digits++;
  if (!digits || *s != '/' || n >= MAX_BAYS) return -1;
  if (!strstr(s, "/chunk_")) return -1;
  return n;
}

static void log_injected(int bay, const char *call) {
  int lfd = __atomic_load_n(&log_fd, __ATOMIC_ACQUIRE);
  if (lfd < 0) {
    char path[320];
    snprintf(path, sizeof path, "%s/injected.log", dir);
    /* opened on first use, as the user the chunkserver runs as by then; one fd for all threads */
    int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) return;
    int expected = -1;
    if (__atomic_compare_exchange_n(&log_fd, &expected, fd, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
      lfd = fd;
    } else {
      syscall(SYS_close, fd);
      lfd = expected;
    }
  }
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  char line[96];
  int n = snprintf(line, sizeof line, "%lld %d %s %d\n", (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, bay, call, EIO);
  if (n > 0) syscall(SYS_write, lfd, line, (size_t)n);
}

/* 1: fail this call with EIO. */
static int inject(int fd, const char *call) {
  if (!ctl || fd < 0 || fd >= MAX_FD) return 0;
  int b = __atomic_load_n(&fd_bay[fd], __ATOMIC_RELAXED) - 1;
  if (b < 0) return 0;
  struct bay_ctl *c = &ctl->bay[b];
  int mode = __atomic_load_n(&c->mode, __ATOMIC_ACQUIRE);
  int fail = 0;
  if (mode == 2) {
    fail = 1;
  } else if (mode == 1) {
    int32_t r = __atomic_load_n(&c->remaining, __ATOMIC_ACQUIRE);
    while (r > 0 && !__atomic_compare_exchange_n(&c->remaining, &r, r - 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    }
    fail = r > 0;
  }
  if (!fail) {
    __atomic_fetch_add(&c->ops, 1, __ATOMIC_RELAXED);
    return 0;
  }
  __atomic_fetch_add(&c->injected, 1, __ATOMIC_RELAXED);
  log_injected(b, call);
  errno = EIO;
  return 1;
}

/* 1: this write or sync on a chunk file is acknowledged and dropped (mode 3, counted, not logged) */
static int discards(int fd) {
  if (!ctl || fd < 0 || fd >= MAX_FD) return 0;
  int b = __atomic_load_n(&fd_bay[fd], __ATOMIC_RELAXED) - 1;
  if (b < 0 || __atomic_load_n(&ctl->bay[b].mode, __ATOMIC_ACQUIRE) != 3) return 0;
  __atomic_fetch_add(&ctl->bay[b].injected, 1, __ATOMIC_RELAXED);
  return 1;
}

static void track(int fd, const char *path) {
  if (fd < 0 || fd >= MAX_FD) return;
  int b = bay_of_path(path);
  __atomic_store_n(&fd_bay[fd], (unsigned char)(b < 0 ? 0 : b + 1), __ATOMIC_RELAXED);
}

static int open_mode(int flags, va_list ap) {
  return (flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE ? va_arg(ap, int) : 0;
}

/* open of a chunk file on a failing bay fails too (the core counts it like a read error) */
static int do_openat(int dirfd, const char *path, int flags, int mode, const char *call) {
  int b = bay_of_path(path);
  if (b >= 0) {
    struct bay_ctl *c = &ctl->bay[b];
    int m = __atomic_load_n(&c->mode, __ATOMIC_ACQUIRE);
    if (m == 2) {
      __atomic_fetch_add(&c->injected, 1, __ATOMIC_RELAXED);
      log_injected(b, call);
      errno = EIO;
      return -1;
    }
  }
  int fd = (int)syscall(SYS_openat, dirfd, path, flags, mode);
  if (fd >= 0) track(fd, path);
  return fd;
}

int open(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  int mode = open_mode(flags, ap);
  va_end(ap);
  return do_openat(AT_FDCWD, path, flags, mode, "open");
}
int open64(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  int mode = open_mode(flags, ap);
  va_end(ap);
  return do_openat(AT_FDCWD, path, flags, mode, "open");
}
int openat(int dirfd, const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  int mode = open_mode(flags, ap);
  va_end(ap);
  return do_openat(dirfd, path, flags, mode, "openat");
}
int openat64(int dirfd, const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  int mode = open_mode(flags, ap);
  va_end(ap);
  return do_openat(dirfd, path, flags, mode, "openat");
}
int __open_2(const char *path, int flags) { return do_openat(AT_FDCWD, path, flags, 0, "open"); }
int __open64_2(const char *path, int flags) { return do_openat(AT_FDCWD, path, flags, 0, "open"); }

int close(int fd) {
  if (fd >= 0 && fd < MAX_FD) __atomic_store_n(&fd_bay[fd], 0, __ATOMIC_RELAXED);
  /* another library's constructor may close before ours ran */
  return REAL(close, "close")(fd);
}

ssize_t read(int fd, void *buf, size_t n) { return inject(fd, "read") ? -1 : REAL(read, "read")(fd, buf, n); }
ssize_t write(int fd, const void *buf, size_t n) { return discards(fd) ? (ssize_t)n : inject(fd, "write") ? -1 : REAL(write, "write")(fd, buf, n); }
ssize_t pread(int fd, void *buf, size_t n, off_t off) { return inject(fd, "pread") ? -1 : REAL(pread, "pread64")(fd, buf, n, off); }
ssize_t pread64(int fd, void *buf, size_t n, off_t off) { return inject(fd, "pread") ? -1 : REAL(pread, "pread64")(fd, buf, n, off); }
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) { return discards(fd) ? (ssize_t)n : inject(fd, "pwrite") ? -1 : REAL(pwrite, "pwrite64")(fd, buf, n, off); }
ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) { return discards(fd) ? (ssize_t)n : inject(fd, "pwrite") ? -1 : REAL(pwrite, "pwrite64")(fd, buf, n, off); }
int fsync(int fd) { return discards(fd) ? 0 : inject(fd, "fsync") ? -1 : REAL(fsync, "fsync")(fd); }
int fdatasync(int fd) { return discards(fd) ? 0 : inject(fd, "fdatasync") ? -1 : REAL(fdatasync, "fdatasync")(fd); }
int ftruncate(int fd, off_t len) { return inject(fd, "ftruncate") ? -1 : REAL(ftruncate, "ftruncate64")(fd, len); }
int ftruncate64(int fd, off_t len) { return inject(fd, "ftruncate") ? -1 : REAL(ftruncate, "ftruncate64")(fd, len); }
