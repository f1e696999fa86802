// Starts a command and reports, on CLOCK_MONOTONIC, when it was started and when it ended:
//   spawn-timer REPORT_FILE COMMAND [ARGS...]
// writes "pid <pid>" to REPORT_FILE as soon as the command runs; when it ends, "spawned <ns>", "exited <ns>",
// "status <code, or 128+signal, as a shell reports it>", "cpu <user+system ns of the command and its waited-for
// children>", "maxrss_kib <n>" and "end". The clock is read immediately before posix_spawn (vfork + exec), so
// "exec -> child running" of a wrapper is measured from the moment its exec was asked for. Signal dispositions
// and the mask are reset to the defaults in the child (a background job of a shell starts with SIGINT ignored),
// and the command leads a process group of its own (so that a pipeline can be stopped as a whole: kill -PID).
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
    if (argc < 3) {
        fputs("usage: spawn-timer REPORT_FILE COMMAND [ARGS...]\n", stderr);
        return 64;
    }
    FILE *report = fopen(argv[1], "w");
    if (report == NULL) {
        perror("spawn-timer: report file");
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
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
    pid_t pid;
    long long spawned = now_ns();
    int error = posix_spawnp(&pid, argv[2], NULL, &attributes, argv + 2, environ);
    if (error != 0) {
        fprintf(stderr, "spawn-timer: cannot start %s (error %d)\n", argv[2], error);
        return 127;
    }
    fprintf(report, "pid %d\n", (int)pid);
    fflush(report);
    int status;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {
    }
    long long exited = now_ns();
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    long long cpu = ((long long)usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000000LL
                    + ((long long)usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1000LL;
    fprintf(report, "spawned %lld\nexited %lld\nstatus %d\ncpu %lld\nmaxrss_kib %ld\nend\n", spawned, exited, code, cpu, usage.ru_maxrss);
    fclose(report);
    return 0;
}
