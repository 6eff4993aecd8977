/* The syscall probe of the seccomp tests (SyscallProbe builds it with gcc -static): calls what
 * Docker's default profile refuses, with arguments a kernel rejects quickly when the call gets
 * through (so an allowed call prints EINVAL, EFAULT, ... and a refused one EPERM or ENOSYS), and
 * prints one line per call: "<name> OK" or "<name> <errno name>". Then the filter state. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *name, long rc) {
    const char *e = strerrorname_np(errno);
    printf("%s %s\n", name, rc >= 0 ? "OK" : (e ? e : "E?"));
}

int main(void) {
    errno = 0;
    report("bpf", syscall(SYS_bpf, 9999, 0, 0));                                   /* unknown command: EINVAL */
    report("perf_event_open", syscall(SYS_perf_event_open, 0, 0, -1, -1, 0));       /* NULL attr: EFAULT */
    report("kexec_load", syscall(SYS_kexec_load, 0, 0, 0, 0xffffffffUL));           /* bad flags: EINVAL (or EPERM, ENOSYS) */
    report("open_by_handle_at", syscall(SYS_open_by_handle_at, -1, 0, 0));          /* NULL handle: EFAULT (or EPERM) */
    report("userfaultfd", syscall(SYS_userfaultfd, -1));                            /* bad flags: EINVAL */
    report("add_key", syscall(SYS_add_key, "user", 0, 0, 0, 0));                    /* no description: EINVAL */
    report("keyctl", syscall(SYS_keyctl, 9999, 0, 0, 0, 0));                        /* unknown command: EOPNOTSUPP */
    report("io_uring_setup", syscall(SYS_io_uring_setup, 0, 0));                    /* NULL params: EFAULT */
    report("unshare", syscall(SYS_unshare, CLONE_NEWUSER));
    long rc = syscall(SYS_mkdirat, AT_FDCWD, "probe-mkdirat", 0700);
    report("mkdirat", rc);
    if (rc == 0) rmdir("probe-mkdirat");
    report("personality", syscall(SYS_personality, 0xffffffffUL));                 /* query only */
    printf("no_new_privs %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    FILE *status = fopen("/proc/self/status", "r");
    char line[256];
    while (status && fgets(line, sizeof line, status)) {
        int mode;
        if (sscanf(line, "Seccomp: %d", &mode) == 1) printf("seccomp_mode %d\n", mode);
    }
    return 0;
}
