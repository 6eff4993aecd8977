/* The keyring and io_uring probe of issue 12's acceptance (SyscallProbe.keys() builds it with gcc
 * -static): the calls as an attacker makes them, each one that would succeed if it got through.
 * add_key puts a "user" key named argv[1] into the user keyring (@u, shared with the host's root
 * when the container is root on the host: how a container left a key in the host's /proc/keys);
 * keyctl asks for that keyring's id; io_uring_setup makes a one-entry ring. One line per call:
 * "<name> OK" or "<name> <errno name>". */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KEY_SPEC_USER_KEYRING -4
#define KEYCTL_GET_KEYRING_ID 0

static void report(const char *name, long rc) {
    const char *e = strerrorname_np(errno);
    printf("%s %s\n", name, rc >= 0 ? "OK" : (e ? e : "E?"));
}

int main(int argc, char **argv) {
    const char *description = argc > 1 ? argv[1] : "minidocker-probe";
    errno = 0;
    report("add_key", syscall(SYS_add_key, "user", description, "payload", 7, KEY_SPEC_USER_KEYRING));
    report("keyctl", syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0));
    long params[16]; /* struct io_uring_params is 120 bytes: all zero asks for the defaults */
    memset(params, 0, sizeof params);
    long ring = syscall(SYS_io_uring_setup, 1, params);
    report("io_uring_setup", ring);
    if (ring >= 0) close((int) ring);
    return 0;
}
