# Keeps MooseFS's own mfscli compiled, with its imports loaded, and answers each request
# from a warm worker: a forked child that runs mfscli in-process call after call. A call then
# costs mfscli's own work, not a Python start and a compile of 8000 lines, nor a fork whose
# copy-on-write faults cost more than the call (the figures are in the README's Tests and CI).
# A request that finds every worker busy gets a one-shot forked child, as before; a worker
# past its deadline is killed and replaced.
# Protocol: one JSON request per line on stdin {"id", "args", "timeoutMs"}; one JSON reply
# per line on stdout {"id", "code", "stdout", "stderr", "timedOut"}. EOF on stdin ends it.
import gc
import io
import json
import os
import select
import signal
import sys
import time

# what mfscli imports, loaded once here so that no call pays for it
import codecs, socket, struct, subprocess, traceback, getopt, gettext, unicodedata, stringprep  # noqa: F401,E401
import encodings.idna  # noqa: F401

path = sys.argv[1]
with open(path, encoding='utf-8') as f:
    code = compile(f.read(), path, 'exec')

OUT = 1
REAL_EXIT = os._exit
WORKERS = 2  # the harness's observers rarely have more than two calls in flight
CALLS_PER_WORKER = 500  # a worker is replaced now and then: no state of mfscli's piles up
running = {}  # pid -> one-shot request state
workers = []  # warm workers
inbuf = b''


def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def send_json(fd, msg):
    write_all(fd, (json.dumps(msg) + '\n').encode())


def reply(msg):
    send_json(OUT, msg)


def deadline_of(req):
    timeout = req.get('timeoutMs')
    return time.monotonic() + timeout / 1000 if timeout else None


def status_of(e):
    return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)


# ---- warm workers ------------------------------------------------------------------------

class _Exit(BaseException):
    """mfscli's os._exit(n) inside a worker: ends the call, not the worker."""

    def __init__(self, status):
        super().__init__(status)
        self.code = status


def run_in_process(req):
    """One call of mfscli in this process: its output captured, its exits caught."""
    out_b, err_b = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_b, encoding='utf-8', write_through=True)
    err = io.TextIOWrapper(err_b, encoding='utf-8', write_through=True)
    saved = sys.stdout, sys.stderr, sys.argv
    sys.stdout, sys.stderr = out, err
    sys.argv = ['mfscli'] + [str(a) for a in req['args']]
    status = 0
    g = {'__name__': '__main__', '__file__': path}
    try:
        exec(code, g)
    except (SystemExit, _Exit) as e:
        status = status_of(e)
    except BaseException:
        traceback.print_exc()
        status = 1
    finally:
        for s in (sys.stdout, sys.stderr, out, err):
            try:
                s.flush()
            except Exception:
                pass
        sys.stdout, sys.stderr, sys.argv = saved
        # mfscli's functions hold its globals in a cycle: without a collection its connections to
        # the master stay open call after call
        g.clear()
        gc.collect()
    return {
        'id': req['id'], 'code': status, 'timedOut': False,
        'stdout': out_b.getvalue().decode('utf-8', 'replace'),
        'stderr': err_b.getvalue().decode('utf-8', 'replace'),
    }


def _exit_call(status=0):
    raise _Exit(status)


def worker_main(req_r, rep_w):
    os._exit = _exit_call
    # nothing of mfscli's may reach the server's reply stream
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    buf = b''
    while True:
        while b'\n' not in buf:
            chunk = os.read(req_r, 65536)
            if not chunk:
                REAL_EXIT(0)
            buf += chunk
        line, buf = buf.split(b'\n', 1)
        send_json(rep_w, run_in_process(json.loads(line)))


def spawn_worker():
    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            # only its own pipe ends: another worker's must see EOF when the server closes it
            for w in workers:
                os.close(w['req'])
                os.close(w['rep'])
            for st in running.values():
                for fd in st['fds']:
                    os.close(fd)
            os.close(req_w)
            os.close(rep_r)
            os.close(0)
            worker_main(req_r, rep_w)
        finally:
            REAL_EXIT(1)
    os.close(req_r)
    os.close(rep_w)
    w = {'pid': pid, 'req': req_w, 'rep': rep_r, 'buf': b'', 'busy': None, 'calls': 0}
    workers.append(w)
    return w


def retire(w, answer=None):
    """Ends a worker (killed if it is in a call); a call it was serving gets `answer`."""
    workers.remove(w)
    os.close(w['req'])
    os.close(w['rep'])
    try:
        os.kill(w['pid'], signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(w['pid'], 0)
    if w['busy'] is not None and answer is not None:
        reply({'id': w['busy']['id'], **answer})


def give_to_worker(req):
    idle = next((w for w in workers if w['busy'] is None), None)
    if idle is None and len(workers) < WORKERS:
        idle = spawn_worker()
    if idle is None:
        return False
    idle['busy'] = {'id': req['id'], 'deadline': deadline_of(req)}
    send_json(idle['req'], req)
    return True


def worker_readable(w):
    chunk = os.read(w['rep'], 65536)
    if not chunk:
        retire(w, {'code': 1, 'stdout': '', 'stderr': 'mfscli worker ended during the call', 'timedOut': False})
        return
    w['buf'] += chunk
    while b'\n' in w['buf']:
        line, w['buf'] = w['buf'].split(b'\n', 1)
        write_all(OUT, line + b'\n')
        w['busy'] = None
        w['calls'] += 1
    if w['busy'] is None and w['calls'] >= CALLS_PER_WORKER:
        retire(w)


# ---- one-shot children (every worker busy) ------------------------------------------------

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
            for w in workers:
                os.close(w['req'])
                os.close(w['rep'])
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            sys.stdout = open(1, 'w', encoding='utf-8', closefd=False)
            sys.stderr = open(2, 'w', encoding='utf-8', closefd=False)
            sys.argv = ['mfscli'] + [str(a) for a in req['args']]
            status = 0
            try:
                exec(code, {'__name__': '__main__', '__file__': path})
            except SystemExit as e:
                status = status_of(e)
            except BaseException:
                traceback.print_exc()
                status = 1
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)
    os.close(out_w)
    os.close(err_w)
    running[pid] = {
        'id': req['id'], 'fds': {out_r, err_r}, 'out': out_r, 'err': err_r, 'chunks_out': [], 'chunks_err': [],
        'deadline': deadline_of(req),
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


TIMED_OUT = {'code': 124, 'stdout': '', 'stderr': '', 'timedOut': True}


def main():
    global inbuf
    stdin_open = True
    while stdin_open or running or any(w['busy'] for w in workers):
        fds = [0] if stdin_open else []
        for st in running.values():
            fds.extend(st['fds'])
        fds.extend(w['rep'] for w in workers)
        deadlines = [st['deadline'] for st in running.values() if st['deadline'] is not None]
        deadlines += [w['busy']['deadline'] for w in workers if w['busy'] and w['busy']['deadline'] is not None]
        wait = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready, _, _ = select.select(fds, [], [], wait)
        # the harness's requests last: a new worker's pipes may reuse a number closed above
        for fd in sorted(ready, key=lambda x: x == 0):
            if fd == 0:
                chunk = os.read(0, 65536)
                if not chunk:
                    stdin_open = False
                    for pid in list(running):
                        finish(pid, timed_out=True)
                    for w in list(workers):
                        retire(w, TIMED_OUT)
                    continue
                inbuf += chunk
                while b'\n' in inbuf:
                    line, inbuf = inbuf.split(b'\n', 1)
                    if line.strip():
                        req = json.loads(line)
                        if not give_to_worker(req):
                            start(req)
                continue
            w = next((w for w in workers if w['rep'] == fd), None)
            if w is not None:
                worker_readable(w)
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
        for w in list(workers):
            if w['busy'] and w['busy']['deadline'] is not None and now >= w['busy']['deadline']:
                retire(w, TIMED_OUT)
    for w in list(workers):
        retire(w)


if __name__ == '__main__':
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the harness ends it by closing stdin
    main()
