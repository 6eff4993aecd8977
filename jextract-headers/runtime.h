/* The C declarations behind dev.minidocker.linux's process, mount, namespace, capability, bpf and
 * terminal bindings (ProcessSyscalls, PosixSpawn, LinuxMountSyscalls, NamespaceSyscalls,
 * CapabilitySyscalls, LinuxBpfSyscalls, TerminalSyscalls, RawSyscall). The handles are
 * hand-written because each needs Linker.Option.captureCallState("errno"), which jextract does not
 * add; this header is the reference for their shapes and for the constants (e.g. jextract
 * --include-macro MS_BIND). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pty.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>      /* SYS_pivot_root, SYS_openat2, SYS_close_range, SYS_capset, SYS_bpf: see Arch */
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <grp.h>
#include <linux/capability.h> /* struct __user_cap_header_struct / __user_cap_data_struct */
#include <linux/openat2.h>    /* struct open_how, RESOLVE_BENEATH, RESOLVE_NO_MAGICLINKS */
#include <linux/bpf.h>        /* union bpf_attr (BPF_PROG_LOAD, BPF_PROG_ATTACH), struct bpf_insn, BPF_CGROUP_DEVICE */
