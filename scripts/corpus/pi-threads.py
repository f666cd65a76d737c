#!/usr/bin/env python3
"""Find and export threads of a public-inbox epoch (a git repo whose commits each store one message in `m`).

  pi-threads.py index GITDIR > index.tsv          # one row per message: commit, msgid, parent ids, date, from, subject
  pi-threads.py threads index.tsv [--min 6 --max 40] [--grep WORD]   # threads (by Message-ID/In-Reply-To/References), biggest first
  pi-threads.py export GITDIR index.tsv ROOT_MSGID OUT.mbox SLUG >> ../data/corpus/messages.tsv
      writes the thread's messages byte for byte as mboxrd (date order) and prints a source row per message:
      slug, message_id, archive repo dir name, commit

Used to build data/corpus; not part of the product.
"""
import datetime, email.utils, hashlib, signal, os, re, subprocess, sys
from email.parser import BytesHeaderParser

def commits(gitdir):
    out = subprocess.run(['git', '--git-dir', gitdir, 'rev-list', '--reverse', 'HEAD'], capture_output=True, check=True).stdout.split()
    return [c.decode() for c in out]

def blobs(gitdir, commits):
    p = subprocess.Popen(['git', '--git-dir', gitdir, 'cat-file', '--batch'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    for c in commits:
        p.stdin.write(f'{c}:m\n'.encode()); p.stdin.flush()
        head = p.stdout.readline().split()
        if len(head) < 3 or head[1] != b'blob':
            continue
        n = int(head[2]); data = p.stdout.read(n); p.stdout.read(1)
        yield c, data
    p.stdin.close(); p.wait()

IDS = re.compile(r'<([^<>\s]+)>')
def clean(s):
    return re.sub(r'[\t\r\n]+', ' ', str(s or '')).strip()

def index(gitdir):
    hp = BytesHeaderParser()
    for c, data in blobs(gitdir, commits(gitdir)):
        h = hp.parsebytes(data[:65536])
        mid = IDS.findall(clean(h.get('Message-ID')))
        if not mid: continue
        parents = IDS.findall(clean(h.get('References'))) + IDS.findall(clean(h.get('In-Reply-To')))
        try:
            dt = email.utils.parsedate_to_datetime(clean(h.get('Date')))
            d = (dt.astimezone(datetime.timezone.utc) if dt.tzinfo else dt).strftime('%Y-%m-%dT%H:%M:%SZ')
        except Exception: d = ''
        print('\t'.join([c, mid[0], ' '.join(parents), d, clean(h.get('From'))[:80], clean(h.get('Subject'))[:160]]))

def load(path):
    rows = []
    for line in open(path, encoding='utf-8', errors='replace'):
        f = line.rstrip('\n').split('\t')
        if len(f) >= 6: rows.append(f)
    return rows

def groups(rows):
    parent = {}
    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]; x = parent[x]
        return x
    for r in rows:
        for p in r[2].split():
            a, b = find(r[1]), find(p)
            if a != b: parent[a] = b
        find(r[1])
    out = {}
    for r in rows: out.setdefault(find(r[1]), []).append(r)
    return out

def threads(path, lo, hi, grep):
    rows = load(path)
    gs = sorted(groups(rows).values(), key=lambda g: -len(g))
    for g in gs:
        if not (lo <= len(g) <= hi): continue
        g.sort(key=lambda r: r[3])
        root = g[0]
        if grep and not any(grep.lower() in r[5].lower() for r in g): continue
        people = len({r[4] for r in g})
        print(f'{len(g)}\t{people}\t{root[3][:10]}\t{root[1]}\t{root[5]}')

def export(gitdir, path, root, out, slug):
    rows = load(path)
    g = next((g for g in groups(rows).values() if any(r[1] == root for r in g)), None)
    if g is None: sys.exit(f'{root}: not in {path}')
    g.sort(key=lambda r: r[3])
    want = {r[0]: r for r in g}
    data = dict(blobs(gitdir, list(want)))
    repo = os.path.basename(os.path.abspath(gitdir).rstrip('/')).removesuffix('.git')
    with open(out, 'wb') as f:
        for r in g:
            body = data[r[0]]
            body = re.sub(rb'(?m)^(>*From )', rb'>\1', body)
            f.write(b'From mboxrd@z Thu Jan  1 00:00:00 1970\n' + body + (b'' if body.endswith(b'\n') else b'\n') + b'\n')
            print(f'{slug}\t<{r[1]}>\t{repo}\t{r[0]}')

def reserved_hits(path, ids):
    want = {l.strip() for l in open(path) if l.strip() and not l.startswith('#')}
    return [i for i in ids if hashlib.sha256(i.lower().encode()).hexdigest() in want]

if __name__ == '__main__':
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    a = sys.argv[1:]
    if not a: sys.exit(__doc__)
    if a[0] == 'index': index(a[1])
    elif a[0] == 'threads':
        opt = lambda k, d: a[a.index(k) + 1] if k in a else d
        threads(a[1], int(opt('--min', 6)), int(opt('--max', 40)), opt('--grep', ''))
    elif a[0] == 'export': export(a[1], a[2], a[3], a[4], a[5])
    elif a[0] == 'reserved':
        # pi-threads.py reserved RESERVED.sha256 index.tsv ROOT_MSGID : prints any message of the thread reserved for evaluation
        rows = load(a[2]); g = next((g for g in groups(rows).values() if any(r[1] == a[3] for r in g)), [])
        hits = reserved_hits(a[1], [r[1] for r in g] + [p for r in g for p in r[2].split()])
        print('\n'.join(hits) if hits else 'ok: no reserved message')
    else: sys.exit(__doc__)
