// Starts a command and reports, on CLOCK_MONOTONIC, when it was started and when it ended:
//   spawn-timer COMMAND [ARGS...]
// prints "pid <pid>" as soon as the command runs, then "spawned <ns>", "exited <ns>" and "status <wait status
// as the shell reports it: code, or 128+signal>" when it ends, then "cpu <user+system ns of the command and its
// waited-for children>". The clock is read immediately before posix_spawn (vfork + exec), so "exec -> child
// running" of a wrapper is measured from the moment its exec was asked for. Signal dispositions are reset to
// their defaults in the child (a shell's background job would otherwise start with SIGINT ignored).
#define _GNU_SOURCE
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static long long now_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs("usage: spawn-timer COMMAND [ARGS...]\n", stderr);
        return 64;
    }
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t all;
    sigfillset(&all);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    pid_t pid;
    long long spawned = now_ns();
    int error = posix_spawnp(&pid, argv[1], NULL, &attributes, argv + 1, environ);
    if (error != 0) {
        fprintf(stderr, "spawn-timer: cannot start %s (error %d)\n", argv[1], error);
        return 127;
    }
    printf("pid %d\n", (int)pid);
    fflush(stdout);
    int status;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {
    }
    long long exited = now_ns();
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    long long cpu = ((long long)usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000000LL
                    + ((long long)usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1000LL;
    printf("spawned %lld\nexited %lld\nstatus %d\ncpu %lld\nmaxrss_kib %ld\n", spawned, exited, code, cpu, usage.ru_maxrss);
    return 0;
}
