# Keeps MooseFS's own mfscli compiled, with its imports loaded, and runs each request in a
# forked child: a call then costs a fork instead of a Python start and a compile of 8000
# lines (the figures are in the README's Tests and CI).
# Protocol: one JSON request per line on stdin {"id", "args", "timeoutMs"}; one JSON reply
# per line on stdout {"id", "code", "stdout", "stderr", "timedOut"}. EOF on stdin ends it.
import json
import os
import select
import signal
import sys
import time

# what mfscli imports, loaded once here so that no child pays for it
import codecs, socket, struct, subprocess, traceback  # noqa: F401,E401

path = sys.argv[1]
with open(path, encoding='utf-8') as f:
    code = compile(f.read(), path, 'exec')

OUT = 1
running = {}  # pid -> request state
inbuf = b''


def reply(msg):
    data = (json.dumps(msg) + '\n').encode()
    while data:
        data = data[os.write(OUT, data):]


def start(req):
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            os.close(0)
            for fd in (out_r, out_w, err_r, err_w):
                os.close(fd)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            sys.stdout = open(1, 'w', encoding='utf-8', closefd=False)
            sys.stderr = open(2, 'w', encoding='utf-8', closefd=False)
            sys.argv = ['mfscli'] + [str(a) for a in req['args']]
            status = 0
            try:
                exec(code, {'__name__': '__main__', '__file__': path})
            except SystemExit as e:
                status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
            except BaseException:
                traceback.print_exc()
                status = 1
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)
    os.close(out_w)
    os.close(err_w)
    timeout = req.get('timeoutMs')
    running[pid] = {
        'id': req['id'], 'fds': {out_r, err_r}, 'out': out_r, 'err': err_r, 'chunks_out': [], 'chunks_err': [],
        'deadline': time.monotonic() + timeout / 1000 if timeout else None,
    }


def finish(pid, timed_out=False):
    st = running.pop(pid)
    for fd in list(st['fds']):
        os.close(fd)
    if timed_out:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(pid, 0)
    rc = os.waitstatus_to_exitcode(status)
    reply({
        'id': st['id'], 'code': 124 if timed_out else (rc if rc >= 0 else 128 - rc),
        'stdout': b''.join(st['chunks_out']).decode('utf-8', 'replace'),
        'stderr': b''.join(st['chunks_err']).decode('utf-8', 'replace'),
        'timedOut': timed_out,
    })


def main():
    global inbuf
    stdin_open = True
    while stdin_open or running:
        fds = [0] if stdin_open else []
        for st in running.values():
            fds.extend(st['fds'])
        deadlines = [st['deadline'] for st in running.values() if st['deadline'] is not None]
        wait = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready, _, _ = select.select(fds, [], [], wait)
        for fd in ready:
            if fd == 0:
                chunk = os.read(0, 65536)
                if not chunk:
                    stdin_open = False
                    for pid in list(running):
                        finish(pid, timed_out=True)
                    continue
                inbuf += chunk
                while b'\n' in inbuf:
                    line, inbuf = inbuf.split(b'\n', 1)
                    if line.strip():
                        start(json.loads(line))
                continue
            for pid, st in list(running.items()):
                if fd in st['fds']:
                    data = os.read(fd, 65536)
                    if data:
                        st['chunks_out' if fd == st['out'] else 'chunks_err'].append(data)
                    else:
                        os.close(fd)
                        st['fds'].discard(fd)
                        if not st['fds']:
                            finish(pid)
                    break
        now = time.monotonic()
        for pid, st in list(running.items()):
            if st['deadline'] is not None and now >= st['deadline']:
                finish(pid, timed_out=True)


if __name__ == '__main__':
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the harness ends it by closing stdin
    main()
