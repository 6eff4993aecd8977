/* The C declarations behind dev.minidocker.linux's file bindings used by layer extraction
 * (FileSyscalls / LinuxFileSyscalls, FileFlags) and by cgroup kill (Signals). Hand-written
 * handles for the same reason as runtime.h: each needs captureCallState("errno"). */
#define _GNU_SOURCE
#include <fcntl.h>            /* openat, AT_SYMLINK_NOFOLLOW, O_* (O_DIRECTORY/O_NOFOLLOW differ per arch) */
#include <signal.h>           /* kill */
#include <sys/stat.h>         /* mkdirat, mknodat, fchmodat, utimensat, futimens, statx */
#include <sys/syscall.h>      /* SYS_openat2 */
#include <sys/xattr.h>        /* lsetxattr, setxattr, lgetxattr */
#include <unistd.h>           /* symlinkat, linkat, unlinkat, fchownat, fchown, write, close, geteuid */
#include <linux/openat2.h>    /* struct open_how, RESOLVE_IN_ROOT */
