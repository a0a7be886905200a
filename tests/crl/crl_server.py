#!/usr/bin/env python3
"""tests/crl/crl_server.py DIR [CERT KEY] — a scripted CRL server on 127.0.0.1 for the fault tests
(HTTPS with CERT/KEY when given).

Listens on an ephemeral port and writes it to DIR/port. Each request reads DIR/mode (one word) and
answers accordingly, so a test switches faults without restarting the server:
  ok            serve DIR/serve.crl with ETag and Last-Modified; 304 when If-None-Match matches
  404 | 500     that status with a short text body
  hang          accept and never answer (until the client gives up)
  drip          200 with the right Content-Length, then one byte every 0.5 s
  truncated     200 announcing the full length, half the body, then close
  garbage       200 with random bytes
  html          200 with an HTML error page
  redirect_loop 302 to itself, forever
  redirect_file 302 to file:///etc/passwd
  always304     304 whatever was asked
Every request line and its If-None-Match/User-Agent headers are appended to DIR/requests.log.
The server exits by itself after 600 s, or when DIR/stop exists.
"""
import hashlib
import http.server
import os
import socketserver
import sys
import threading
import time

DIR = sys.argv[1]


def read(name, default=b""):
    try:
        with open(os.path.join(DIR, name), "rb") as f:
            return f.read()
    except FileNotFoundError:
        return default


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def note(self):
        with open(os.path.join(DIR, "requests.log"), "a") as f:
            f.write("%s %s inm=%s ims=%s ua=%s\n" % (
                self.command, self.path, self.headers.get("If-None-Match"),
                self.headers.get("If-Modified-Since"), self.headers.get("User-Agent")))

    def send_body(self, status, body, ctype="application/pkix-crl", extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.note()
        mode = read("mode", b"ok").decode().strip()
        body = read("serve.crl") if mode != "ok" else b""
        if mode == "ok":
            # The validator comes from size and mtime, so a 304 for a 48 MB CRL costs the server nothing.
            st = os.stat(os.path.join(DIR, "serve.crl"))
            etag = '"%s"' % hashlib.sha256(("%d-%d" % (st.st_size, st.st_mtime_ns)).encode()).hexdigest()[:16]
            lm = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(st.st_mtime))
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_body(200, read("serve.crl"), extra={"ETag": etag, "Last-Modified": lm})
        elif mode in ("404", "500"):
            self.send_body(int(mode), b"no such CRL\n", "text/plain")
        elif mode == "hang":
            time.sleep(30)
        elif mode == "drip":
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for b in body[:60]:
                self.wfile.write(bytes([b]))
                self.wfile.flush()
                time.sleep(0.5)
        elif mode == "truncated":
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif mode == "garbage":
            self.send_body(200, os.urandom(3000))
        elif mode == "html":
            self.send_body(200, b"<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>\n", "text/html")
        elif mode == "redirect_loop":
            self.send_response(302)
            self.send_header("Location", self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif mode == "always304":
            self.send_response(304)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif mode == "redirect_file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_body(500, b"unknown mode\n", "text/plain")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    server = Server(("127.0.0.1", 0), Handler)
    if len(sys.argv) > 3:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    with open(os.path.join(DIR, "port.tmp"), "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    deadline = time.time() + 600
    while time.time() < deadline and not os.path.exists(os.path.join(DIR, "stop")):
        time.sleep(0.2)
    server.shutdown()


if __name__ == "__main__":
    main()
