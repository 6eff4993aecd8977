/* The C declarations behind dev.minidocker.linux.seccomp: libseccomp (libseccomp.so.2, Debian's
 * libseccomp2; this header is in libseccomp-dev) for LinuxLibseccomp, which compiles a profile to
 * BPF in the parent, and prctl(PR_SET_SECCOMP) for SeccompInstall, which stage 2 calls before
 * execve. Hand-written handles, like the others (Native.call's one shape); the constants
 * (SCMP_ACT_*, SCMP_CMP_*, SCMP_FLTATR_*) are in Scmp and the struct scmp_arg_cmp layout is
 * { uint32 arg; enum scmp_compare op; uint64 datum_a; uint64 datum_b; } (24 bytes). */
#define _GNU_SOURCE
#include <seccomp.h>          /* seccomp_init, seccomp_rule_add_array, struct scmp_arg_cmp, SCMP_ACT_* */
#include <sys/mman.h>         /* memfd_create, MFD_CLOEXEC: seccomp_export_bpf writes to an fd */
#include <sys/prctl.h>        /* prctl, PR_SET_SECCOMP */
#include <linux/seccomp.h>    /* SECCOMP_MODE_FILTER */
#include <linux/filter.h>     /* struct sock_fprog, struct sock_filter */
