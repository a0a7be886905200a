/* bench/serve/floor_server.c — the floor: the least a libmicrohttpd + GnuTLS server can do per request
 * (same threading, TLS priorities and certificate as certctl-serve, a constant /healthz answer).
 * Usage: floor_server PORT CERT.pem KEY.pem */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(1); }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = calloc(1, (size_t)n + 1);
  if (fread(buf, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(1); }
  fclose(f);
  return buf;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *data, size_t *size, void **state) {
  (void)cls; (void)url; (void)method; (void)version; (void)data;
  if (*state == NULL) { *state = c; return MHD_YES; }
  if (*size != 0) { *size = 0; return MHD_YES; }
  static const char body[] = "{\"status\":\"ok\"}\n";
  struct MHD_Response *r = MHD_create_response_from_buffer(sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
  MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
  enum MHD_Result rc = MHD_queue_response(c, MHD_HTTP_OK, r);
  MHD_destroy_response(r);
  return rc;
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: floor_server PORT CERT KEY\n"); return 64; }
  struct MHD_Daemon *d = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL | MHD_USE_TLS,
      (uint16_t)atoi(argv[1]), NULL, NULL, &on_request, NULL, MHD_OPTION_HTTPS_MEM_CERT, slurp(argv[2]),
      MHD_OPTION_HTTPS_MEM_KEY, slurp(argv[3]), MHD_OPTION_HTTPS_PRIORITIES,
      "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:%SERVER_PRECEDENCE", MHD_OPTION_END);
  if (!d) { fprintf(stderr, "cannot start\n"); return 69; }
  sigset_t s; sigemptyset(&s); sigaddset(&s, SIGTERM); sigaddset(&s, SIGINT);
  sigprocmask(SIG_BLOCK, &s, NULL);
  int sig; sigwait(&s, &sig);
  MHD_stop_daemon(d);
  return 0;
}
