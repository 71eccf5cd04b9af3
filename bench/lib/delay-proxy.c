/*
 * delay-proxy.c: a UDP DNS proxy that adds a fixed round-trip time, half on the query and half
 * on the answer, for the benchmarks' "+30 ms" path. Same command line as delay-proxy.ts:
 *
 *   delay-proxy --upstream 127.0.0.1:5300 --delay 30 --listen 127.0.0.1:5301 [--listen ::1:5302]
 *     [--tick-ms 1]
 *
 * prints `ready HOST:PORT` per listener (the port bound, so 0 works), a stats line
 * (`stats {json}`) on stdout on SIGUSR1, and the same line on stderr when it exits on SIGTERM or
 * SIGINT. Loopback or a benchmark's own network namespace only.
 *
 * Why hand-written, and why C:
 * - The kernel here has no sch_netem (CONFIG_NET_SCH_NETEM is not set; nor fq or etf), so
 *   `tc qdisc ... netem delay 15ms` cannot make the path; no Debian package delays UDP by a fixed
 *   time either (relays such as socat forward without one; toxiproxy is TCP only; comcast and
 *   pumba drive netem).
 * - The Node proxy (delay-proxy.ts, kept as the fallback when no C compiler is found) costs
 *   ~18 CPU seconds per bench:serve cycle (1M datagrams through dgram and timer closures) on the
 *   same 2 cores as the client under test: the harness took a core from what it measured.
 *   Here a datagram costs a slot in a ring and a share of one recvmmsg and one sendmmsg call.
 *
 * How: query ids are rewritten (a 65,536-entry table of where each came from) so that any
 * number of client sockets share one connected upstream socket. The delay is constant, so
 * datagrams fall due in arrival order: one FIFO ring per direction, drained by sendmmsg when the
 * head is due, and ppoll sleeps until then. Datagrams are received straight into the ring's
 * slots, each due half the delay after the kernel received it (SO_TIMESTAMPNS), so the proxy
 * may wake at most once per tick (--tick-ms, default 1) without lengthening the delay: a
 * datagram leaves 0-1 ms after its due time. Per datagram the cost is the kernel's (a second
 * loopback hop: perf shows sendmmsg, recvmmsg and ppoll, nothing of ours): waking once per
 * arrival instead (5,000 wake-ups a second) cost 10 CPU s a cycle, once per ms 6-8 s.
 * Socket buffers are enlarged (SO_RCVBUFFORCE as root) so that the proxy is not where
 * datagrams get lost, and what it loses anyway is counted: receive-buffer drops of its own
 * sockets (SO_MEMINFO), a full ring, a datagram too big for a slot, a failed send (counters
 * since start). `lateMsMax`/`lateMsMean` say how far behind their due time datagrams were sent
 * since the previous stats line (the timer slack is 100 us so that wake-ups batch): the harness
 * keeps up when they stay near zero.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define VLEN 64             /* datagrams per recvmmsg / sendmmsg call */
#define MAX_DGRAM 4096      /* bigger than any EDNS payload the clients offer (mxdoctor: 1232) */
#define RING_SLOTS 8192     /* per direction, a power of two: 0.5 s of 16,000 datagrams/s each way */
#define MAX_LISTENERS 16
#define BUFFER_BYTES (8 * 1024 * 1024)
#define READ_ROUNDS 8       /* recvmmsg calls per socket per wake-up, so sends are not starved */
#define TIMER_SLACK_NS 100000
#define TICK_NS 1000000      /* at most one wake-up per ms (--tick-ms) */

struct slot {
  uint64_t due_ns;
  uint32_t len; /* 0: a hole (an answer nobody waits for) */
  uint32_t listener;
  struct sockaddr_storage peer; /* the client (queries: who sent it; answers: where it goes) */
  socklen_t peer_len;
  unsigned char data[MAX_DGRAM];
};

struct ring {
  struct slot *slots;
  uint64_t head, tail; /* counters; index = counter & (RING_SLOTS - 1) */
  int blocked;         /* the last send hit EAGAIN: wait for POLLOUT */
};

struct origin {
  struct sockaddr_storage peer;
  socklen_t peer_len;
  uint16_t id;
  uint8_t listener;
  uint8_t pending;
};

static struct {
  uint64_t queries, answers, queue_full, too_big, send_error, unmatched, unanswered;
  uint64_t late_ns_max, late_ns_sum, late_count, wakeups;
} st;

static volatile sig_atomic_t want_exit, want_stats;
static int listen_fd[MAX_LISTENERS];
static int n_listen;
static int up_fd;
static uint64_t half_ns;
static uint64_t tick_ns = TICK_NS;
static struct origin origins[65536];
static uint16_t next_id;
static struct ring qring, aring;

static void on_signal(int sig) {
  if (sig == SIGUSR1) want_stats = 1;
  else want_exit = 1;
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts); /* the clock of the kernel's receive timestamps */
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *what) {
  fprintf(stderr, "delay-proxy: %s: %s\n", what, strerror(errno));
  exit(1);
}

/* "127.0.0.1:53", "::1:53" or "[::1]:53" (the Node proxy's form: the port after the last colon). */
static void parse_addr(const char *text, struct sockaddr_storage *ss, socklen_t *len, char *host, size_t hostlen) {
  const char *colon = strrchr(text, ':');
  if (!colon || colon == text) {
    fprintf(stderr, "delay-proxy: bad address %s (want HOST:PORT)\n", text);
    exit(2);
  }
  size_t n = (size_t)(colon - text);
  const char *h = text;
  if (text[0] == '[' && colon[-1] == ']') h++, n -= 2;
  if (n >= hostlen) n = hostlen - 1;
  memcpy(host, h, n);
  host[n] = 0;
  int port = atoi(colon + 1);
  memset(ss, 0, sizeof *ss);
  struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
  if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    *len = sizeof *v4;
  } else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)port);
    *len = sizeof *v6;
  } else {
    fprintf(stderr, "delay-proxy: bad host %s (want an IP address)\n", host);
    exit(2);
  }
}

static int open_socket(int family) {
  int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) die("socket");
  int on = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) < 0) die("SO_TIMESTAMPNS");
  int size = BUFFER_BYTES;
  /* FORCE passes net.core.rmem_max/wmem_max (CAP_NET_ADMIN, i.e. root in the bench's namespace). */
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) < 0)
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  return fd;
}

static uint64_t socket_drops(int fd) {
  uint32_t mem[SK_MEMINFO_VARS];
  socklen_t len = sizeof mem;
  if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, mem, &len) < 0 || len <= SK_MEMINFO_DROPS * sizeof(uint32_t))
    return 0;
  return mem[SK_MEMINFO_DROPS];
}

static void print_stats(FILE *out) {
  uint64_t rx = socket_drops(up_fd);
  for (int i = 0; i < n_listen; i++) rx += socket_drops(listen_fd[i]);
  fprintf(out,
          "stats {\"impl\":\"c\",\"queries\":%llu,\"answers\":%llu,\"dropped\":{\"rxOverflow\":%llu,"
          "\"queueFull\":%llu,\"tooBig\":%llu,\"sendError\":%llu},\"unmatchedAnswers\":%llu,"
          "\"unanswered\":%llu,\"wakeups\":%llu,\"lateMsMax\":%.3f,\"lateMsMean\":%.3f}\n",
          (unsigned long long)st.queries, (unsigned long long)st.answers, (unsigned long long)rx,
          (unsigned long long)st.queue_full, (unsigned long long)st.too_big,
          (unsigned long long)st.send_error, (unsigned long long)st.unmatched,
          (unsigned long long)st.unanswered, (unsigned long long)st.wakeups, st.late_ns_max / 1e6,
          st.late_count ? (double)st.late_ns_sum / st.late_count / 1e6 : 0.0);
  fflush(out);
}

static unsigned ring_free(const struct ring *r) { return RING_SLOTS - (unsigned)(r->tail - r->head); }

/* Receives up to VLEN datagrams from fd into the ring's next free slots (a scratch ring slot
 * when the ring is full: counted and dropped). Returns how many were received. */
static int receive(int fd, struct ring *r, int want_peer, unsigned *first, int *scratch) {
  static struct mmsghdr msgs[VLEN];
  static struct iovec iov[VLEN];
  static union {
    char buf[CMSG_SPACE(sizeof(struct timespec))];
    struct cmsghdr align;
  } ctrl[VLEN];
  static struct slot spare[VLEN];
  unsigned start = (unsigned)(r->tail & (RING_SLOTS - 1));
  unsigned n = ring_free(r);
  if (n > RING_SLOTS - start) n = RING_SLOTS - start; /* contiguous up to the ring's end */
  if (n > VLEN) n = VLEN;
  *scratch = n == 0;
  if (*scratch) n = VLEN;
  for (unsigned i = 0; i < n; i++) {
    struct slot *s = *scratch ? &spare[i] : &r->slots[start + i];
    iov[i].iov_base = s->data;
    iov[i].iov_len = MAX_DGRAM;
    memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    if (want_peer) {
      msgs[i].msg_hdr.msg_name = &s->peer;
      msgs[i].msg_hdr.msg_namelen = sizeof s->peer;
    }
    msgs[i].msg_hdr.msg_control = ctrl[i].buf;
    msgs[i].msg_hdr.msg_controllen = sizeof ctrl[i].buf;
  }
  int got = recvmmsg(fd, msgs, n, MSG_DONTWAIT, NULL);
  if (got < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNREFUSED) die("recvmmsg");
    return 0;
  }
  *first = start;
  uint64_t now = now_ns();
  for (int i = 0; i < got; i++) {
    struct slot *s = *scratch ? &spare[i] : &r->slots[start + i];
    /* Due half the delay after the kernel received it, however late we read it (TICK_NS). */
    s->due_ns = now + half_ns;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msgs[i].msg_hdr); c; c = CMSG_NXTHDR(&msgs[i].msg_hdr, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
        struct timespec ts;
        memcpy(&ts, CMSG_DATA(c), sizeof ts);
        s->due_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec + half_ns;
      }
    }
    s->len = msgs[i].msg_len;
    if (msgs[i].msg_hdr.msg_flags & MSG_TRUNC) {
      st.too_big++;
      s->len = 0;
    } else if (s->len < 12) {
      s->len = 0; /* not DNS: no header to rewrite */
    }
    s->peer_len = msgs[i].msg_hdr.msg_namelen;
  }
  if (*scratch) st.queue_full += (uint64_t)got;
  return got;
}

static void read_queries(int li) {
  for (int round = 0; round < READ_ROUNDS; round++) {
    unsigned first;
    int scratch;
    int got = receive(listen_fd[li], &qring, 1, &first, &scratch);
    if (got <= 0) return;
    if (!scratch) {
      for (int i = 0; i < got; i++) {
        struct slot *s = &qring.slots[first + i];
        s->listener = (uint32_t)li;
        if (s->len == 0) continue;
        struct origin *o = &origins[next_id];
        if (o->pending) st.unanswered++; /* its answer never came within 65,536 queries */
        o->pending = 1;
        o->listener = (uint8_t)li;
        o->peer = s->peer;
        o->peer_len = s->peer_len;
        o->id = (uint16_t)(s->data[0] << 8 | s->data[1]);
        s->data[0] = (unsigned char)(next_id >> 8);
        s->data[1] = (unsigned char)next_id;
        next_id++;
      }
      qring.tail += (uint64_t)got;
    }
    if (got < VLEN) return;
  }
}

static void read_answers(void) {
  for (int round = 0; round < READ_ROUNDS; round++) {
    unsigned first;
    int scratch;
    int got = receive(up_fd, &aring, 0, &first, &scratch);
    if (got <= 0) return;
    if (!scratch) {
      for (int i = 0; i < got; i++) {
        struct slot *s = &aring.slots[first + i];
        if (s->len == 0) continue;
        struct origin *o = &origins[s->data[0] << 8 | s->data[1]];
        if (!o->pending) {
          st.unmatched++;
          s->len = 0;
          continue;
        }
        o->pending = 0;
        s->listener = o->listener;
        s->peer = o->peer;
        s->peer_len = o->peer_len;
        s->data[0] = (unsigned char)(o->id >> 8);
        s->data[1] = (unsigned char)o->id;
      }
      aring.tail += (uint64_t)got;
    }
    if (got < VLEN) return;
  }
}

/* Sends every due datagram at the ring's head, batched per destination socket. */
static void flush(struct ring *r, int to_upstream, uint64_t now) {
  static struct mmsghdr msgs[VLEN];
  static struct iovec iov[VLEN];
  r->blocked = 0;
  while (r->head != r->tail) {
    struct slot *s = &r->slots[r->head & (RING_SLOTS - 1)];
    if (s->due_ns > now) return;
    if (s->len == 0) {
      r->head++;
      continue;
    }
    int fd = to_upstream ? up_fd : listen_fd[s->listener];
    unsigned n = 0;
    uint64_t c = r->head;
    for (; c != r->tail && n < VLEN; c++) {
      s = &r->slots[c & (RING_SLOTS - 1)];
      if (s->due_ns > now || s->len == 0) break;
      if (!to_upstream && listen_fd[s->listener] != fd) break;
      iov[n].iov_base = s->data;
      iov[n].iov_len = s->len;
      memset(&msgs[n].msg_hdr, 0, sizeof msgs[n].msg_hdr);
      msgs[n].msg_hdr.msg_iov = &iov[n];
      msgs[n].msg_hdr.msg_iovlen = 1;
      if (!to_upstream) {
        msgs[n].msg_hdr.msg_name = &s->peer;
        msgs[n].msg_hdr.msg_namelen = s->peer_len;
      }
      uint64_t late = now - s->due_ns;
      if (late > st.late_ns_max) st.late_ns_max = late;
      st.late_ns_sum += late;
      st.late_count++;
      n++;
    }
    int sent = sendmmsg(fd, msgs, n, MSG_DONTWAIT);
    if (sent < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) {
        r->blocked = 1;
        return;
      }
      if (errno == EINTR) continue;
      st.send_error++; /* e.g. ECONNREFUSED from an ICMP error: this datagram is lost */
      r->head++;
      continue;
    }
    if (to_upstream) st.queries += (uint64_t)sent;
    else st.answers += (uint64_t)sent;
    r->head += (uint64_t)sent;
  }
}

static uint64_t next_due(const struct ring *r) {
  for (uint64_t c = r->head; c != r->tail; c++) {
    const struct slot *s = &r->slots[c & (RING_SLOTS - 1)];
    if (s->len != 0) return s->due_ns;
  }
  return UINT64_MAX;
}

static const char *arg_value(int argc, char **argv, int *i, const char *name) {
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) != 0) return NULL;
  if (argv[*i][n] == '=') return argv[*i] + n + 1;
  if (argv[*i][n] != 0) return NULL;
  if (*i + 1 >= argc) {
    fprintf(stderr, "delay-proxy: %s needs a value\n", name);
    exit(2);
  }
  return argv[++*i];
}

int main(int argc, char **argv) {
  const char *upstream = "127.0.0.1:5300";
  const char *listens[MAX_LISTENERS];
  double delay_ms = 30;
  for (int i = 1; i < argc; i++) {
    const char *v;
    if ((v = arg_value(argc, argv, &i, "--upstream"))) upstream = v;
    else if ((v = arg_value(argc, argv, &i, "--delay"))) delay_ms = atof(v);
    else if ((v = arg_value(argc, argv, &i, "--tick-ms"))) tick_ns = (uint64_t)(atof(v) * 1e6);
    else if ((v = arg_value(argc, argv, &i, "--listen"))) {
      if (n_listen == MAX_LISTENERS) {
        fprintf(stderr, "delay-proxy: at most %d --listen\n", MAX_LISTENERS);
        return 2;
      }
      listens[n_listen++] = v;
    } else {
      fprintf(stderr, "delay-proxy: unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  if (n_listen == 0) listens[n_listen++] = "127.0.0.1:5301";
  half_ns = delay_ms > 0 ? (uint64_t)(delay_ms * 1e6 / 2) : 0;

  qring.slots = calloc(RING_SLOTS, sizeof(struct slot));
  aring.slots = calloc(RING_SLOTS, sizeof(struct slot));
  if (!qring.slots || !aring.slots) die("calloc");
  prctl(PR_SET_TIMERSLACK, TIMER_SLACK_NS, 0, 0, 0);

  sigset_t block, during_poll;
  sigemptyset(&block);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, &during_poll); /* signals arrive only inside ppoll: no race */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGUSR1, &sa, NULL);

  struct sockaddr_storage ss;
  socklen_t len;
  char host[INET6_ADDRSTRLEN + 2];
  parse_addr(upstream, &ss, &len, host, sizeof host);
  up_fd = open_socket(ss.ss_family);
  if (connect(up_fd, (struct sockaddr *)&ss, len) < 0) die("connect upstream");
  for (int i = 0; i < n_listen; i++) {
    parse_addr(listens[i], &ss, &len, host, sizeof host);
    listen_fd[i] = open_socket(ss.ss_family);
    if (bind(listen_fd[i], (struct sockaddr *)&ss, len) < 0) die(listens[i]);
    len = sizeof ss;
    getsockname(listen_fd[i], (struct sockaddr *)&ss, &len);
    int port = ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                                             : ((struct sockaddr_in6 *)&ss)->sin6_port);
    printf("ready %s:%d\n", host, port);
  }
  fflush(stdout);

  struct pollfd fds[MAX_LISTENERS + 1];
  uint64_t last_wake = 0;
  while (!want_exit) {
    if (want_stats) {
      want_stats = 0;
      print_stats(stdout);
      st.late_ns_max = st.late_ns_sum = st.late_count = 0; /* lateness: per stats window */
    }
    uint64_t now = now_ns();
    /* At most one wake-up per tick: datagrams carry their kernel receive time, so reading them
     * up to a tick late does not lengthen their delay, and each wake-up moves a bigger batch. */
    if (now < last_wake + tick_ns) {
      uint64_t wait = last_wake + tick_ns - now;
      struct timespec ts = {(time_t)(wait / 1000000000u), (long)(wait % 1000000000u)};
      ppoll(NULL, 0, &ts, &during_poll);
      continue;
    }
    last_wake = now;
    st.wakeups++;
    for (int i = 0; i < n_listen; i++) read_queries(i);
    read_answers();
    now = now_ns();
    flush(&qring, 1, now);
    flush(&aring, 0, now);
    uint64_t due = next_due(&qring);
    uint64_t due_a = next_due(&aring);
    if (due_a < due) due = due_a;
    struct timespec ts, *timeout = NULL;
    if (due != UINT64_MAX) {
      uint64_t wait = due > now ? due - now : 0;
      ts.tv_sec = (time_t)(wait / 1000000000u);
      ts.tv_nsec = (long)(wait % 1000000000u);
      timeout = &ts;
    }
    for (int i = 0; i < n_listen; i++) {
      fds[i].fd = listen_fd[i];
      fds[i].events = POLLIN | (aring.blocked ? POLLOUT : 0);
    }
    fds[n_listen].fd = up_fd;
    fds[n_listen].events = POLLIN | (qring.blocked ? POLLOUT : 0);
    if (ppoll(fds, (nfds_t)n_listen + 1, timeout, &during_poll) < 0 && errno != EINTR) die("ppoll");
  }
  print_stats(stderr);
  return 0;
}
