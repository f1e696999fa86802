// The benchmark's stand-in child: a tiny program that records, on CLOCK_MONOTONIC, when it starts, when
// it has bound its port and when SIGTERM reaches it, by appending "<event> <ns>" lines to $BENCH_PROBE_OUT
// and its pid (one write(2) each, O_APPEND, so lines from several processes never interleave).
//
//   probe -version         prints 0.10.0 and exits 0, as Promscale does: the launcher asks before starting it.
//   BENCH_PROBE_MODE=exit  (default) exits 0 at once.
//   BENCH_PROBE_MODE=wait  waits for a signal; on SIGTERM it records "term" and dies of SIGTERM (Promscale 0.10).
//   BENCH_PROBE_MODE=listen  binds 0.0.0.0:$PORT (or PROMSCALE_WEB_LISTEN_ADDRESS=:port, which the launcher
//                          sets), records "bound", answers every HTTP request with 200 and an empty body.
//   BENCH_PROBE_MODE=burst   writes $BENCH_PROBE_BURST lines to stderr as Promscale's go-kit logger does (logfmt,
//                          `msg="burst line i"`, one write(2) per line, as FAKE_PROMSCALE_LOG_BURST does), then
//                          `msg="log burst done"`, then waits like "wait": a producer faster than the fake.
// Built by bench/run with `cc -O2`; no dependency beyond libc.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int out_fd = -1;

static void record(const char *event) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (out_fd < 0) {
        return;
    }
    char line[96];
    int length = snprintf(line, sizeof line, "%s %lld %d\n", event, (long long)now.tv_sec * 1000000000LL + now.tv_nsec, (int)getpid());
    (void)!write(out_fd, line, (size_t)length);
}

static void on_sigterm(int signal_number) {
    record("term");
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

static int listen_port(void) {
    const char *address = getenv("PROMSCALE_WEB_LISTEN_ADDRESS");
    if (address != NULL && strrchr(address, ':') != NULL) {
        return atoi(strrchr(address, ':') + 1);
    }
    const char *port = getenv("PORT");
    return port != NULL ? atoi(port) : 9201;
}

static int serve(void) {
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int yes = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short)listen_port()), .sin_addr = {htonl(INADDR_ANY)}};
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 16) != 0) {
        perror("probe: bind");
        return 1;
    }
    record("bound");
    static const char response[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    for (;;) {
        int connection = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (connection < 0) {
            if (errno == EINTR) {
                continue;
            }
            return 1;
        }
        char request[4096];
        size_t used = 0;
        while (used < sizeof request - 1) {
            ssize_t got = read(connection, request + used, sizeof request - 1 - used);
            if (got <= 0) {
                break;
            }
            used += (size_t)got;
            request[used] = '\0';
            if (strstr(request, "\r\n\r\n") != NULL) {
                (void)!write(connection, response, sizeof response - 1);
                break;
            }
        }
        close(connection);
    }
}

static int burst(long lines) {
    char line[160];
    char stamp[32] = "";
    time_t stamped = 0;
    for (long i = 1; i <= lines + 1; i++) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        if (now.tv_sec != stamped) {
            struct tm utc;
            gmtime_r(&now.tv_sec, &utc);
            strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
            stamped = now.tv_sec;
        }
        int length = i <= lines
            ? snprintf(line, sizeof line, "level=info ts=%s.%03ldZ caller=burst.go:1 msg=\"burst line %ld\"\n", stamp, now.tv_nsec / 1000000, i)
            : snprintf(line, sizeof line, "level=info ts=%s.%03ldZ caller=burst.go:2 msg=\"log burst done\" lines=%ld\n", stamp, now.tv_nsec / 1000000, lines);
        if (write(STDERR_FILENO, line, (size_t)length) != length) {
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    const char *out = getenv("BENCH_PROBE_OUT");
    if (out != NULL) {
        out_fd = open(out, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    }
    if (argc > 1 && strcmp(argv[1], "-version") == 0) {
        record("version");
        puts("0.10.0");
        return 0;
    }
    record("start");
    const char *mode = getenv("BENCH_PROBE_MODE");
    if (mode == NULL || strcmp(mode, "exit") == 0) {
        return 0;
    }
    signal(SIGTERM, on_sigterm);
    if (strcmp(mode, "burst") == 0) {
        const char *lines = getenv("BENCH_PROBE_BURST");
        if (burst(lines != NULL ? atol(lines) : 1000000) != 0) {
            return 1;
        }
    }
    if (strcmp(mode, "listen") == 0) {
        return serve();
    }
    for (;;) {
        pause();
    }
}
