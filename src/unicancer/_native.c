/* unicancer._native: folding, matching and scoring a text in one pass of C.
 *
 * The compiled counterpart of what `unicancer._folding`, `unicancer._matching`,
 * `unicancer._features` and `unicancer._scoring` do in Python for the scores of
 * `Tagger.tag`. It gives exactly the log-odds the Python path gives (the tests
 * compare both on generated and real text):
 *
 * 1. fold: each character becomes the byte of its fold (a table for Latin-1,
 *    a callable of Python for the others, its answers kept); the characters
 *    folding to none or to several (`splice`) have their folded bytes spliced
 *    in, with the runs that map offsets back as `unicancer._folding._Offsets`;
 * 2. match: at each separator byte (a space, an apostrophe, punctuation), the
 *    longest phrase of each set that follows it as whole words is looked up in
 *    one trie of both sets, in one walk; a phrase's space reads a run of spaces; within a set,
 *    matches are leftmost-longest and do not overlap;
 * 3. score: each match falls in the window of whole sentences that holds its
 *    start; in each window that holds any, each principle's log-odds is the
 *    exactly rounded sum (as math.fsum) of its bias, the weights of the
 *    distinct terms and phrases found, and log1p(n) times the weight of the
 *    lexicon feature of each principle q whose n distinct terms were found;
 * 4. choose (`choose`, for `Tagger.tag_many`): the principles whose probability,
 *    rounded by Python's own `float.__round__`, reaches its threshold.
 *
 * The GIL is held throughout: a Scorer's scratch space is its own.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

/* In _evidence.c: adds the Evidence type (a tag's hits and their shares) to the module;
 * and an Evidence's hits of the *n* spans of one window given as arrays (with the
 * weights of their features: the Scorer's rows, equal to the Evidence's vectors), for
 * each principle of the list *indices* (what calling it on their Found tuples gives). */
int unicancer_add_evidence(PyObject *m);
PyObject *unicancer_evidence(PyObject *evidence, Py_ssize_t n, const Py_ssize_t *starts,
                             const Py_ssize_t *ends, PyObject *const *keys, const long *terms,
                             const double *const *rows, Py_ssize_t size, PyObject *indices);

/* A match as `score(text, size, True)` keeps it: its span in the text (as `found`
 * gives it), its phrase (set 0: the id, set 1: -1 - the id) and its window's number. */
typedef struct {
    Py_ssize_t start, end;
    int32_t key;
    int32_t window;
} Kept;

/* The set (0 or 1) of a kept match's phrase, and its id in *id*. */
static inline int
kept_phrase(const Kept *kept, int32_t *id)
{
    int s = kept->key < 0;
    *id = s ? -1 - kept->key : kept->key;
    return s;
}

/* Asks that the *size* bytes at *p*, if many, be backed by huge pages where the system
 * gives them on request (Linux's transparent huge pages set to "madvise"): a buffer of a
 * large text, allocated afresh for each call (above the allocator's threshold), would
 * otherwise cost one page fault per 4 kB it is written: time growing faster than the text. */
static void
huge(void *p, size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const uintptr_t page = (uintptr_t)1 << 21;
    if (p == NULL || size < 8 * page) {
        return;
    }
    uintptr_t start = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t stop = ((uintptr_t)p + size) & ~(page - 1);
    (void)madvise((void *)start, stop - start, MADV_HUGEPAGE); /* a hint: failing is fine */
#else
    (void)p;
    (void)size;
#endif
}

#define IRREGULAR 0xDF /* the byte of a character folding to none or to several */

/* A trie of the byte strings of two sets: a dense table at the root and at nodes of
 * many edges, sorted edges elsewhere; each node says which phrase of each set ends there.
 * What a walk reads of a node is in 8 bytes, with the edge of a node of one: a step reads
 * one or two cache lines, not one per array, and the nodes fit in a core's L2. */
typedef struct {
    int32_t first; /* its first edge; its only child (`count` 1); its row of 256 in `tables`
                      (`count` -1) */
    int16_t count; /* how many edges (at most 256), or -1: a row of `tables` */
    uint8_t only;  /* `count` 1: its only edge's byte */
    uint8_t ends;  /* bit s: a phrase of set s ends here (its id in `accept[s]`) */
} TrieNode;

typedef struct {
    int32_t node; /* the node it leads to */
    uint8_t byte; /* sorted within a node */
} TrieEdge;

typedef struct {
    int32_t root[256];  /* the node after each first byte, or -1 */
    int32_t *root2;     /* the node after each two first bytes (b0 << 8 | b1), or -1 */
    TrieNode *node;     /* per node */
    TrieEdge *edge;     /* per edge, each node's together */
    int32_t *accept[2]; /* per set, per node: the id of its phrase ending there, or -1 */
    int32_t *tables;    /* rows of 256 children (-1: none), for nodes of many edges */
    Py_ssize_t nodes;
} Trie;

#define DENSE_FROM 6 /* edges from which a node gets a row of 256 */

static void
trie_free(Trie *t)
{
    PyMem_Free(t->node);
    PyMem_Free(t->edge);
    PyMem_Free(t->accept[0]);
    PyMem_Free(t->accept[1]);
    PyMem_Free(t->tables);
    PyMem_Free(t->root2);
    memset(t, 0, sizeof(*t));
}

static inline int32_t trie_child(const Trie *t, int32_t node, uint8_t b);

/* Builds *t* from two sequences of bytes objects; phrase i of set s gets id i in
 * accept[s]. Returns -1 on error. */
static int
trie_build(Trie *t, PyObject *phrases[2])
{
    PyObject *seq[2] = {NULL, NULL};
    int32_t *first = NULL, *next = NULL, *accept[2] = {NULL, NULL};
    uint8_t *byte = NULL;
    Py_ssize_t total = 1;
    for (int set = 0; set < 2; set++) {
        seq[set] = PySequence_Fast(phrases[set], "phrases must be a sequence of bytes");
        if (seq[set] == NULL) {
            goto fail;
        }
        for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq[set]); i++) {
            PyObject *item = PySequence_Fast_GET_ITEM(seq[set], i);
            if (!PyBytes_Check(item) || PyBytes_GET_SIZE(item) == 0) {
                PyErr_SetString(PyExc_TypeError, "each phrase must be non-empty bytes");
                goto fail;
            }
            total += PyBytes_GET_SIZE(item);
        }
    }
    if (total > INT32_MAX / 2) {
        PyErr_SetString(PyExc_OverflowError, "too many phrase bytes");
        goto fail;
    }
    /* Built with sibling lists, then laid out with each node's edges together and sorted. */
    first = PyMem_Malloc(total * sizeof(int32_t));
    next = PyMem_Malloc(total * sizeof(int32_t));
    byte = PyMem_Malloc(total);
    accept[0] = PyMem_Malloc(total * sizeof(int32_t));
    accept[1] = PyMem_Malloc(total * sizeof(int32_t));
    if (first == NULL || next == NULL || byte == NULL || accept[0] == NULL || accept[1] == NULL) {
        goto nomemory;
    }
    Py_ssize_t nodes = 1;
    first[0] = -1;
    next[0] = -1;
    byte[0] = 0;
    accept[0][0] = accept[1][0] = -1;
    for (int set = 0; set < 2; set++) {
        for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq[set]); i++) {
            PyObject *item = PySequence_Fast_GET_ITEM(seq[set], i);
            const uint8_t *s = (const uint8_t *)PyBytes_AS_STRING(item);
            Py_ssize_t len = PyBytes_GET_SIZE(item);
            int32_t node = 0;
            for (Py_ssize_t k = 0; k < len; k++) {
                int32_t *link = &first[node];
                while (*link >= 0 && byte[*link] < s[k]) {
                    link = &next[*link];
                }
                if (*link < 0 || byte[*link] != s[k]) {
                    int32_t fresh = (int32_t)nodes++;
                    first[fresh] = -1;
                    accept[0][fresh] = accept[1][fresh] = -1;
                    byte[fresh] = s[k];
                    next[fresh] = *link;
                    *link = fresh;
                }
                node = *link;
            }
            if (accept[set][node] < 0) {
                accept[set][node] = (int32_t)i;
            }
        }
    }
    t->nodes = nodes;
    t->node = PyMem_Malloc(nodes * sizeof(TrieNode));
    t->edge = PyMem_Malloc(nodes * sizeof(TrieEdge));
    if (t->node == NULL || t->edge == NULL) {
        goto nomemory;
    }
    int32_t edges = 0;
    Py_ssize_t wide = 0;
    for (Py_ssize_t node = 0; node < nodes; node++) {
        TrieNode *here = &t->node[node];
        here->ends = (uint8_t)((accept[0][node] >= 0) | (accept[1][node] >= 0) << 1);
        here->first = edges;
        here->count = 0;
        here->only = 0;
        for (int32_t child = first[node]; child >= 0; child = next[child]) {
            t->edge[edges].node = child;
            t->edge[edges].byte = byte[child];
            edges++;
            here->count++;
        }
        wide += here->count >= DENSE_FROM;
        if (here->count == 1) { /* most nodes: the edge is in the node */
            here->only = t->edge[here->first].byte;
            here->first = t->edge[here->first].node;
        }
    }
    t->tables = PyMem_Malloc((wide * 256 + 1) * sizeof(int32_t));
    if (t->tables == NULL) {
        goto nomemory;
    }
    int32_t row = 0;
    for (Py_ssize_t node = 0; node < nodes; node++) {
        TrieNode *here = &t->node[node];
        if (here->count < DENSE_FROM) {
            continue;
        }
        int32_t *children = &t->tables[(Py_ssize_t)row * 256];
        for (int b = 0; b < 256; b++) {
            children[b] = -1;
        }
        for (int32_t e = here->first; e < here->first + here->count; e++) {
            children[t->edge[e].byte] = t->edge[e].node;
        }
        here->first = row++;
        here->count = -1;
    }
    for (int b = 0; b < 256; b++) {
        t->root[b] = -1;
    }
    for (int32_t child = first[0]; child >= 0; child = next[child]) {
        t->root[byte[child]] = child;
    }
    /* The first two steps of a walk in one load, known from the text's bytes alone. */
    t->root2 = PyMem_Malloc(65536 * sizeof(int32_t));
    if (t->root2 == NULL) {
        goto nomemory;
    }
    for (int b0 = 0; b0 < 256; b0++) {
        for (int b1 = 0; b1 < 256; b1++) {
            int32_t one = t->root[b0];
            t->root2[b0 << 8 | b1] = one < 0 ? -1 : trie_child(t, one, (uint8_t)b1);
        }
    }
    t->accept[0] = accept[0];
    t->accept[1] = accept[1];
    PyMem_Free(first);
    PyMem_Free(next);
    PyMem_Free(byte);
    Py_DECREF(seq[0]);
    Py_DECREF(seq[1]);
    return 0;
nomemory:
    PyErr_NoMemory();
fail:
    PyMem_Free(first);
    PyMem_Free(next);
    PyMem_Free(byte);
    PyMem_Free(accept[0]);
    PyMem_Free(accept[1]);
    trie_free(t);
    Py_XDECREF(seq[0]);
    Py_XDECREF(seq[1]);
    return -1;
}

static inline int32_t
trie_child(const Trie *t, int32_t node, uint8_t b)
{
    const TrieNode *x = &t->node[node];
    if (x->count == 1) {
        return x->only == b ? x->first : -1;
    }
    if (x->count < 0) {
        return t->tables[(Py_ssize_t)x->first * 256 + b];
    }
    const TrieEdge *e = &t->edge[x->first], *stop = e + x->count;
    for (; e < stop; e++) {
        if (e->byte >= b) {
            return e->byte == b ? e->node : -1;
        }
    }
    return -1;
}

static uint8_t is_separator[256];

/* The longest phrase of each set *wanted* after the separator at *p*, as whole words:
 * id[s] gets its id (or -1), end[s] where it ends (exclusive). One walk for both sets. */
static inline void
trie_longest(const Trie *t, const uint8_t *data, Py_ssize_t n, Py_ssize_t p, const int wanted[2],
             int32_t id[2], Py_ssize_t end[2])
{
    id[0] = id[1] = -1;
    Py_ssize_t i = p + 1;
    if (i >= n) {
        return;
    }
    const int want = (wanted[0] ? 1 : 0) | (wanted[1] ? 2 : 0);
    const int b0 = data[i];
    int32_t node = t->root[b0];
    i++;
    int first = 1; /* the next step is the second: `root2` */
    while (node >= 0) {
        int ends = t->node[node].ends & want;
        if (ends && (i == n || is_separator[data[i]])) {
            if (ends & 1) {
                id[0] = t->accept[0][node];
                end[0] = i;
            }
            if (ends & 2) {
                id[1] = t->accept[1][node];
                end[1] = i;
            }
        }
        if (i == n) {
            break;
        }
        uint8_t b = data[i];
        node = first ? t->root2[b0 << 8 | b] : trie_child(t, node, b);
        first = 0;
        i++;
        if (b == ' ') { /* a phrase's space reads a run of spaces */
            while (i < n && data[i] == ' ') {
                i++;
            }
        }
    }
}

/* The matches of a folded text, separator by separator, as `scan_next` gives them. */
typedef struct {
    const Trie *trie;
    const uint8_t *data;
    Py_ssize_t n;
    Py_ssize_t p;          /* the separator read last: where the matches given start */
    Py_ssize_t reached[2]; /* per set: where its last match ends */
    int sets;              /* the sets read: 1, the lexicon's terms only, or 2, both */
    int32_t ids[2];        /* per set: the match of the last walk not yet given, or -1 */
    Py_ssize_t ends[2];
} Scan;

static void
scan_start(Scan *s, const Trie *trie, const uint8_t *data, Py_ssize_t n, int sets)
{
    s->trie = trie;
    s->data = data;
    s->n = n;
    s->p = -1;
    s->reached[0] = s->reached[1] = 0;
    s->sets = sets;
    s->ids[0] = s->ids[1] = -1;
}

/* The id of the next match (-1: none left); *set* gets its set, *end* where it ends
 * (exclusive) and `s->p` is its separator. Within a set, leftmost-longest and not
 * overlapping; at one separator, the lexicon's match before the phrase's. */
static inline int32_t
scan_next(Scan *s, int *set, Py_ssize_t *end)
{
    for (;;) {
        for (int k = 0; k < 2; k++) {
            int32_t id = s->ids[k];
            if (id >= 0) {
                s->ids[k] = -1;
                *set = k;
                *end = s->reached[k] = s->ends[k];
                return id;
            }
        }
        const uint8_t *data = s->data;
        Py_ssize_t p = s->p + 1, n = s->n;
        while (p < n && !is_separator[data[p]]) {
            p++;
        }
        s->p = p;
        if (p >= n) {
            return -1;
        }
        int wanted[2] = {p >= s->reached[0], s->sets > 1 && p >= s->reached[1]};
        if (wanted[0] || wanted[1]) {
            trie_longest(s->trie, data, n, p, wanted, s->ids, s->ends);
        }
    }
}

/* The exactly rounded sum of values[0:n] (Shewchuk's partials, as math.fsum). */
static double
exact_sum(const double *values, Py_ssize_t n)
{
    double partials[128];
    Py_ssize_t used = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        double x = values[k];
        Py_ssize_t kept = 0;
        for (Py_ssize_t j = 0; j < used; j++) {
            double y = partials[j];
            if (fabs(x) < fabs(y)) {
                double swap = x;
                x = y;
                y = swap;
            }
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0.0) {
                partials[kept++] = lo;
            }
            x = hi;
        }
        /* Finite doubles make at most about 40 partials (non-overlapping, 53 bits each,
         * 2,100 bits of exponents); the model's checks refuse NaN and infinities, and
         * this bound keeps any other value from writing past the array. */
        if (kept >= 128) {
            kept = 127;
        }
        partials[kept] = x;
        used = kept + 1;
    }
    double hi = 0.0;
    if (used > 0) {
        Py_ssize_t m = used;
        double lo = 0.0;
        hi = partials[--m];
        while (m > 0) {
            double x = hi;
            double y = partials[--m];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) {
                break;
            }
        }
        /* Round half-even as the infinitely precise sum would. */
        if (m > 0 && ((lo < 0.0 && partials[m - 1] < 0.0) || (lo > 0.0 && partials[m - 1] > 0.0))) {
            double y = lo * 2.0;
            double x = hi + y;
            double yr = x - hi;
            if (y == yr) {
                hi = x;
            }
        }
    }
    return hi;
}

typedef struct {
    PyObject_HEAD
    Trie trie;              /* set 0: the lexicon's terms, set 1: the learned phrases */
    Py_ssize_t keys[2];     /* how many phrases in each */
    Py_ssize_t size;        /* principles */
    /* Set 0, key i: its principles' lexicon features, principles[pstart[i]:pstart[i+1]]. */
    int32_t *pstart;
    int32_t *principles;
    int32_t *vector[2];     /* per key of each set: its row in `weights`, or -1 */
    double *weights;        /* rows of `size` weights */
    double *bias;           /* size */
    double *lexicon;        /* lexicon[q * size + i]: principle i's weight of feature q */
    double *log1p;          /* log1p(n) for n = 0 .. keys[0] */
    uint64_t *stamp[2];     /* per key: the window it was last found in */
    uint64_t window;        /* the number of windows scored so far */
    int32_t *found;         /* scratch: the rows found in the window */
    Py_ssize_t found_size;
    int32_t *counts;        /* scratch: distinct terms per lexicon feature */
    double *values;         /* scratch: the terms of one sum */
    double *sums;           /* scratch: per principle, a compensated sum (3 x size) */
    uint8_t table[256];     /* Latin-1 character -> its byte */
    uint8_t *codes;         /* BMP character -> its byte, once known */
    uint8_t *known;         /* bitmap of the BMP characters in `codes` */
    PyObject *code;         /* callable: character -> its byte */
    PyObject *piece;        /* callable: character folding to none or several -> its bytes */
    PyObject *names[2];     /* per set: a tuple of each key's str, as `found` gives them */
    PyObject *positions;    /* set 0, per key: the tuple of its positions in the terms */
    PyObject *minus_one;    /* the position `found` gives a learned phrase */
    Kept *kept;             /* scratch: the matches `score` keeps, grown as needed */
    Py_ssize_t kept_capacity;
    /* Scratch of `choose`, `size` + 1 each: log-odds, windows, rounded probabilities (as
     * doubles and as floats, NULL between calls) and the principles chosen, in order. */
    double *choice_best, *choice_scores;
    Py_ssize_t *choice_where, *choice_order;
    PyObject **choice_rounded;
} Scorer;

/* The runs of characters folding to none or to several in a folded text, as
 * `unicancer._folding._Offsets` keeps them: positions are those of the folded bytes
 * without the leading space. */
typedef struct {
    Py_ssize_t count;
    Py_ssize_t *start;      /* per run: where its bytes start */
    Py_ssize_t *end;        /* per run: where they end */
    Py_ssize_t *origin;     /* per run: the offset of its first character in the text */
    Py_ssize_t *first;      /* per run: its first item in `cumulative` */
    Py_ssize_t *chars;      /* per run: how many characters */
    Py_ssize_t *cumulative; /* per run: 0, then the bytes of its characters so far */
} Runs;

static void
runs_free(Runs *r)
{
    PyMem_Free(r->start);
    PyMem_Free(r->end);
    PyMem_Free(r->origin);
    PyMem_Free(r->first);
    PyMem_Free(r->chars);
    PyMem_Free(r->cumulative);
    memset(r, 0, sizeof(*r));
}

/* `_Offsets._locate`: the offset in the text of folded *position*, the earliest (a
 * start) or the latest (an end); -1 where it falls inside a character's bytes. */
static Py_ssize_t
runs_locate(const Runs *r, Py_ssize_t position, int end)
{
    Py_ssize_t lo = 0, hi = r->count; /* the last run starting at or before position */
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (r->start[mid] <= position) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    Py_ssize_t index = lo - 1;
    if (index < 0) {
        return position;
    }
    if (position > r->end[index]) {
        return r->origin[index] + r->chars[index] + position - r->end[index];
    }
    Py_ssize_t relative = position - r->start[index];
    const Py_ssize_t *cumulative = &r->cumulative[r->first[index]];
    Py_ssize_t found = -1;
    if (end) { /* the last j with cumulative[j] <= relative */
        for (Py_ssize_t j = 0; j <= r->chars[index] && cumulative[j] <= relative; j++) {
            found = j;
        }
    }
    else { /* the first j with cumulative[j] >= relative */
        for (Py_ssize_t j = 0; j <= r->chars[index]; j++) {
            if (cumulative[j] >= relative) {
                found = j;
                break;
            }
        }
    }
    if (found < 0 || cumulative[found] != relative) {
        return -1;
    }
    return r->origin[index] + found;
}

static void
Scorer_dealloc(Scorer *self)
{
    trie_free(&self->trie);
    PyMem_Free(self->pstart);
    PyMem_Free(self->principles);
    PyMem_Free(self->vector[0]);
    PyMem_Free(self->vector[1]);
    PyMem_Free(self->weights);
    PyMem_Free(self->bias);
    PyMem_Free(self->lexicon);
    PyMem_Free(self->log1p);
    PyMem_Free(self->stamp[0]);
    PyMem_Free(self->stamp[1]);
    PyMem_Free(self->found);
    PyMem_Free(self->counts);
    PyMem_Free(self->values);
    PyMem_Free(self->sums);
    PyMem_Free(self->codes);
    PyMem_Free(self->known);
    Py_XDECREF(self->code);
    Py_XDECREF(self->piece);
    Py_XDECREF(self->names[0]);
    Py_XDECREF(self->names[1]);
    Py_XDECREF(self->positions);
    Py_XDECREF(self->minus_one);
    PyMem_Free(self->kept);
    PyMem_Free(self->choice_best);
    PyMem_Free(self->choice_scores);
    PyMem_Free(self->choice_where);
    PyMem_Free(self->choice_order);
    PyMem_Free(self->choice_rounded);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* A sequence of ints or floats as a fresh C array of *n* items (n checked). */
static int
read_ints(PyObject *obj, const char *name, Py_ssize_t n, int32_t **out)
{
    PyObject *seq = PySequence_Fast(obj, name);
    if (seq == NULL) {
        return -1;
    }
    if (n >= 0 && PySequence_Fast_GET_SIZE(seq) != n) {
        PyErr_Format(PyExc_ValueError, "%s: expected %zd items, not %zd", name, n,
                     PySequence_Fast_GET_SIZE(seq));
        Py_DECREF(seq);
        return -1;
    }
    Py_ssize_t size = PySequence_Fast_GET_SIZE(seq);
    *out = PyMem_Malloc((size + 1) * sizeof(int32_t));
    if (*out == NULL) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < size; i++) {
        long v = PyLong_AsLong(PySequence_Fast_GET_ITEM(seq, i));
        if (v == -1 && PyErr_Occurred()) {
            Py_DECREF(seq);
            return -1;
        }
        if (v < INT32_MIN || v > INT32_MAX) {
            PyErr_Format(PyExc_OverflowError, "%s: %ld is out of range", name, v);
            Py_DECREF(seq);
            return -1;
        }
        (*out)[i] = (int32_t)v;
    }
    Py_DECREF(seq);
    return 0;
}

static int
read_floats(PyObject *obj, const char *name, Py_ssize_t n, double **out)
{
    PyObject *seq = PySequence_Fast(obj, name);
    if (seq == NULL) {
        return -1;
    }
    if (PySequence_Fast_GET_SIZE(seq) != n) {
        PyErr_Format(PyExc_ValueError, "%s: expected %zd items, not %zd", name, n,
                     PySequence_Fast_GET_SIZE(seq));
        Py_DECREF(seq);
        return -1;
    }
    *out = PyMem_Malloc((n + 1) * sizeof(double));
    if (*out == NULL) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        double v = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seq, i));
        if (v == -1.0 && PyErr_Occurred()) {
            Py_DECREF(seq);
            return -1;
        }
        (*out)[i] = v;
    }
    Py_DECREF(seq);
    return 0;
}

static int
Scorer_init(Scorer *self, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"terms",   "phrases", "pstart",  "principles", "term_rows",
                            "phrase_rows", "weights", "bias", "lexicon", "log1p",
                            "table",   "code",    "piece",   "term_keys", "term_positions",
                            "phrase_keys", NULL};
    PyObject *terms, *phrases, *pstart, *principles, *term_rows, *phrase_rows, *weights;
    PyObject *bias, *lexicon, *log1p, *code, *piece, *term_keys, *term_positions, *phrase_keys;
    Py_buffer table;
    if (self->code != NULL) {
        PyErr_SetString(PyExc_TypeError, "a Scorer is initialised once");
        return -1;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOOOOOOOOOy*OOO!O!O!", names, &terms,
                                     &phrases, &pstart, &principles, &term_rows, &phrase_rows,
                                     &weights, &bias, &lexicon, &log1p, &table, &code, &piece,
                                     &PyTuple_Type, &term_keys, &PyTuple_Type, &term_positions,
                                     &PyTuple_Type, &phrase_keys)) {
        return -1;
    }
    int status = -1;
    if (table.len != 256) {
        PyErr_SetString(PyExc_ValueError, "table: expected 256 bytes");
        goto done;
    }
    memcpy(self->table, table.buf, 256);
    if (!PyCallable_Check(code) || !PyCallable_Check(piece)) {
        PyErr_SetString(PyExc_TypeError, "code and piece must be callable");
        goto done;
    }
    Py_INCREF(code);
    self->code = code;
    Py_INCREF(piece);
    self->piece = piece;
    PyObject *sets[2] = {terms, phrases};
    if (trie_build(&self->trie, sets) < 0) {
        goto done;
    }
    self->keys[0] = PySequence_Size(terms);
    self->keys[1] = PySequence_Size(phrases);
    self->size = PySequence_Size(bias);
    if (self->keys[0] < 0 || self->keys[1] < 0 || self->size < 0) {
        goto done;
    }
    Py_ssize_t size = self->size;
    Py_ssize_t rows = size > 0 ? PySequence_Size(weights) / size : 0;
    if (PyErr_Occurred()) {
        goto done;
    }
    if (read_ints(pstart, "pstart", self->keys[0] + 1, &self->pstart) < 0 ||
        read_ints(principles, "principles", -1, &self->principles) < 0 ||
        read_ints(term_rows, "term_rows", self->keys[0], &self->vector[0]) < 0 ||
        read_ints(phrase_rows, "phrase_rows", self->keys[1], &self->vector[1]) < 0 ||
        read_floats(weights, "weights", rows * size, &self->weights) < 0 ||
        read_floats(bias, "bias", size, &self->bias) < 0 ||
        read_floats(lexicon, "lexicon", size * size, &self->lexicon) < 0 ||
        read_floats(log1p, "log1p", self->keys[0] + 1, &self->log1p) < 0) {
        goto done;
    }
    /* Every index is checked here, so that scoring reads only what is there. */
    Py_ssize_t nprinciples = PySequence_Size(principles);
    for (Py_ssize_t i = 0; i < self->keys[0]; i++) {
        int32_t a = self->pstart[i], b = self->pstart[i + 1];
        if (a < 0 || b < a || b > nprinciples) {
            PyErr_SetString(PyExc_ValueError, "pstart: not a partition of principles");
            goto done;
        }
    }
    for (Py_ssize_t i = 0; i < nprinciples; i++) {
        if (self->principles[i] < 0 || self->principles[i] >= size) {
            PyErr_SetString(PyExc_ValueError, "principles: a lexicon feature out of range");
            goto done;
        }
    }
    for (int s = 0; s < 2; s++) {
        for (Py_ssize_t i = 0; i < self->keys[s]; i++) {
            if (self->vector[s][i] < -1 || self->vector[s][i] >= rows) {
                PyErr_SetString(PyExc_ValueError, "rows: a row out of range");
                goto done;
            }
        }
        self->stamp[s] = PyMem_Calloc(self->keys[s] + 1, sizeof(uint64_t));
        if (self->stamp[s] == NULL) {
            PyErr_NoMemory();
            goto done;
        }
    }
    /* What `found` gives: a str per key, a tuple of positions per term. */
    PyObject *keyed[3] = {term_keys, phrase_keys, term_positions};
    for (int k = 0; k < 3; k++) {
        if (PyTuple_GET_SIZE(keyed[k]) != self->keys[k == 1]) {
            PyErr_SetString(PyExc_ValueError, "term_keys, term_positions, phrase_keys: one per key");
            goto done;
        }
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(keyed[k]); i++) {
            PyObject *item = PyTuple_GET_ITEM(keyed[k], i);
            if (k < 2 ? !PyUnicode_Check(item) : !PyTuple_Check(item)) {
                PyErr_SetString(PyExc_TypeError, k < 2 ? "keys must be str"
                                                       : "term_positions must hold tuples");
                goto done;
            }
        }
    }
    Py_INCREF(term_keys);
    self->names[0] = term_keys;
    Py_INCREF(phrase_keys);
    self->names[1] = phrase_keys;
    Py_INCREF(term_positions);
    self->positions = term_positions;
    self->minus_one = PyLong_FromLong(-1);
    if (self->minus_one == NULL) {
        goto done;
    }
    self->found_size = self->keys[0] + self->keys[1] + 1;
    self->found = PyMem_Malloc(self->found_size * sizeof(int32_t));
    self->counts = PyMem_Calloc(size + 1, sizeof(int32_t));
    self->values = PyMem_Malloc((self->found_size + size + 2) * sizeof(double));
    self->sums = PyMem_Malloc((3 * size + 1) * sizeof(double));
    self->codes = PyMem_Calloc(0x10000, 1);
    self->known = PyMem_Calloc(0x10000 / 8, 1);
    self->choice_best = PyMem_Malloc((size + 1) * sizeof(double));
    self->choice_scores = PyMem_Malloc((size + 1) * sizeof(double));
    self->choice_where = PyMem_Malloc((size + 1) * sizeof(Py_ssize_t));
    self->choice_order = PyMem_Malloc((size + 1) * sizeof(Py_ssize_t));
    self->choice_rounded = PyMem_Calloc(size + 1, sizeof(PyObject *));
    if (self->found == NULL || self->counts == NULL || self->values == NULL || self->sums == NULL ||
        self->codes == NULL || self->known == NULL || self->choice_best == NULL ||
        self->choice_scores == NULL || self->choice_where == NULL || self->choice_order == NULL ||
        self->choice_rounded == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    status = 0;
done:
    PyBuffer_Release(&table);
    return status;
}

/* The byte of character *c* outside Latin-1, asking `code` once per BMP character. */
static int
code_of(Scorer *self, Py_UCS4 c, uint8_t *out)
{
    if (c < 0x10000 && (self->known[c >> 3] & (1 << (c & 7)))) {
        *out = self->codes[c];
        return 0;
    }
    PyObject *result = PyObject_CallFunction(self->code, "C", (int)c);
    if (result == NULL) {
        return -1;
    }
    long v = PyLong_AsLong(result);
    Py_DECREF(result);
    if (v == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (v < 0 || v > 255) {
        PyErr_Format(PyExc_ValueError, "code gave %ld, not a byte", v);
        return -1;
    }
    if (c < 0x10000) {
        self->codes[c] = (uint8_t)v;
        self->known[c >> 3] |= (uint8_t)(1 << (c & 7));
    }
    *out = (uint8_t)v;
    return 0;
}

/* Folds *text* into *out* (room for its length + 1) after a space, one byte per
 * character: 1 done, 0 where a character folds to none or to several (`splice` then
 * makes the folded bytes), -1 error. A buffer of the caller's: `code` may run Python code, even another call. */
static int
fold(Scorer *self, PyObject *text, uint8_t *out)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    out[0] = ' ';
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *chars = data;
        for (Py_ssize_t i = 0; i < n; i++) {
            out[i + 1] = self->table[chars[i]];
        }
    }
    else {
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (c < 256) {
                out[i + 1] = self->table[c];
            }
            else if (code_of(self, c, &out[i + 1]) < 0) {
                return -1;
            }
        }
    }
    return memchr(out + 1, IRREGULAR, n) == NULL;
}

/* *text* folded after a space with each character folding to none or to several
 * spliced in, as `unicancer._folding._splice` does, into a fresh *out* (*size* bytes),
 * and its runs into *runs*. *simple*: the text folded one byte per character. */
static int
splice(Scorer *self, PyObject *text, const uint8_t *simple, uint8_t **out, Py_ssize_t *size,
       Runs *runs)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t capacity = n + 16, used = 1, room = 0, cum_used = 0, cum_room = 0;
    uint8_t *buffer = PyMem_Malloc(capacity);
    if (buffer == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    huge(buffer, capacity);
    buffer[0] = ' ';
    for (Py_ssize_t i = 0; i < n; i++) {
        if (simple[i + 1] != IRREGULAR) {
            buffer[used++] = simple[i + 1];
            continue;
        }
        if (runs->count == room || cum_used + (n - i) + 2 > cum_room) {
            /* Room for another run, and for the cumulative lengths of the rest. */
            Py_ssize_t more = room * 2 + 8, cum_more = cum_used + (n - i) + 2 + cum_room;
            Py_ssize_t **fields[] = {&runs->start, &runs->end, &runs->origin, &runs->first,
                                     &runs->chars};
            for (int f = 0; f < 5; f++) {
                Py_ssize_t *grown = PyMem_Realloc(*fields[f], more * sizeof(Py_ssize_t));
                if (grown == NULL) {
                    goto nomemory;
                }
                *fields[f] = grown;
            }
            room = more;
            if (cum_used + (n - i) + 2 > cum_room) {
                Py_ssize_t *grown = PyMem_Realloc(runs->cumulative, cum_more * sizeof(Py_ssize_t));
                if (grown == NULL) {
                    goto nomemory;
                }
                runs->cumulative = grown;
                cum_room = cum_more;
            }
        }
        Py_ssize_t r = runs->count++;
        runs->start[r] = used - 1;
        runs->origin[r] = i;
        runs->first[r] = cum_used;
        runs->cumulative[cum_used++] = 0;
        Py_ssize_t chars = 0, length = 0;
        for (; i < n && simple[i + 1] == IRREGULAR; i++, chars++) {
            PyObject *bytes = PyObject_CallFunction(self->piece, "C",
                                                    (int)PyUnicode_READ(kind, data, i));
            if (bytes == NULL) {
                goto fail;
            }
            if (!PyBytes_Check(bytes)) {
                Py_DECREF(bytes);
                PyErr_SetString(PyExc_TypeError, "piece must give bytes");
                goto fail;
            }
            Py_ssize_t len = PyBytes_GET_SIZE(bytes);
            if (used + len + (n - i) > capacity) {
                Py_ssize_t want = (used + len + (n - i)) * 2;
                uint8_t *grown = PyMem_Realloc(buffer, want);
                if (grown == NULL) {
                    Py_DECREF(bytes);
                    goto nomemory;
                }
                buffer = grown;
                capacity = want;
                huge(buffer, capacity);
            }
            memcpy(buffer + used, PyBytes_AS_STRING(bytes), len);
            Py_DECREF(bytes);
            used += len;
            length += len;
            runs->cumulative[cum_used++] = length;
        }
        i--; /* the loop's i++ moves past the run */
        runs->chars[r] = chars;
        runs->end[r] = runs->start[r] + length;
    }
    *out = buffer;
    *size = used;
    return 0;
nomemory:
    PyErr_NoMemory();
fail:
    PyMem_Free(buffer);
    return -1;
}

/* Whether text[j] ends a sentence as `unicancer._features._boundary` reads it: one of
 * ".!?;…" before whitespace, or a line feed. */
static inline int
is_boundary(int kind, const void *data, Py_ssize_t n, Py_ssize_t j)
{
    Py_UCS4 c = PyUnicode_READ(kind, data, j);
    if (c == '\n') {
        return 1;
    }
    if (c != '.' && c != '!' && c != '?' && c != ';' && c != 0x2026) {
        return 0;
    }
    return j + 1 < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j + 1));
}

/* Where each window of *text* but the first starts, as `unicancer._features.windows`
 * cuts them: window k after the first sentence end at or after k * size. Returns how
 * many; *cuts* gets room for len // size + 1. */
static Py_ssize_t
window_cuts(PyObject *text, Py_ssize_t size, Py_ssize_t *cuts)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n <= size) {
        return 0;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t count = 0, last = -1; /* the sentence end found last, or -1 */
    Py_ssize_t previous = 0;
    for (Py_ssize_t k = 1; k <= n / size; k++) {
        Py_ssize_t from = k * size;
        if (last < from) {
            Py_ssize_t j = from;
            while (j < n && !is_boundary(kind, data, n, j)) {
                j++;
            }
            last = j; /* n: none */
        }
        Py_ssize_t cut = last < n ? last + 1 : n;
        if (cut != previous && cut < n) {
            cuts[count++] = cut;
            previous = cut;
        }
        if (last >= n) {
            break;
        }
    }
    return count;
}

/* Adds *x* to the sum *s* of principle i, keeping the rounding error of each addition
 * (TwoSum: exact) in *c*, and the sum of their magnitudes in *e*. */
static inline void
two_sum(double *s, double *c, double *e, double x)
{
    double sum = *s + x;
    double b = sum - *s;
    double error = (*s - (sum - b)) + (x - b);
    *s = sum;
    *c += error;
    *e += fabs(error);
}

/* The sum *s* + *c* rounded, if that is the exactly rounded sum of the *n* values whose
 * TwoSum chain gave *s*, *c* and *e*; 0 where that cannot be proven (`exact_sum` then). */
static inline int
proven_sum(double s, double c, double e, Py_ssize_t n, double *out)
{
    double r = s + c;
    double b = r - s;
    double t = (s - (r - b)) + (c - b); /* s + c = r + t, exactly */
    /* c is the sum of the errors rounded n times at most: within (n - 1) u e of their
     * exact sum (u = 2^-53). Twice that bound, and more, covers every rounding of this
     * check. The exact sum is then within |t| + bound of r; less than half the spacing
     * of the doubles around r, it rounds to r. A power of two (spacing below it half
     * that above), zero, a subnormal, an infinity: not proven here. */
    double bound = (double)(n + 4) * 0x1p-52 * e;
    if (!isfinite(r) || !isfinite(bound) || r == 0.0) {
        return 0;
    }
    int exponent;
    double mantissa = frexp(fabs(r), &exponent); /* |r| = mantissa 2^exponent, in [0.5, 1) */
    if (mantissa == 0.5 || exponent - 53 < -1022) {
        return 0;
    }
    double half_spacing = ldexp(1.0, exponent - 54);
    if (fabs(t) + bound < half_spacing) {
        *out = r;
        return 1;
    }
    return 0;
}

/* Ends the window being scored: each principle's log-odds, kept where best so far. Each
 * is the exactly rounded sum (as `math.fsum`) of its bias, the weights of the features
 * found and the lexicon features' values times their weights: a sum that depends on the
 * values only, not on their order. A compensated sum gives it where its error bound
 * proves it (nearly always), Shewchuk's partials (`exact_sum`) elsewhere. */
static void
close_window(Scorer *self, Py_ssize_t found, double *best, Py_ssize_t *where, Py_ssize_t ordinal)
{
    Py_ssize_t size = self->size;
    double *s = self->sums, *c = s + size, *e = c + size;
    for (Py_ssize_t i = 0; i < size; i++) {
        s[i] = self->bias[i];
        c[i] = e[i] = 0.0;
    }
    Py_ssize_t n = 1;
    for (Py_ssize_t f = 0; f < found; f++, n++) {
        const double *row = &self->weights[(Py_ssize_t)self->found[f] * size];
        for (Py_ssize_t i = 0; i < size; i++) {
            two_sum(&s[i], &c[i], &e[i], row[i]);
        }
    }
    for (Py_ssize_t q = 0; q < size; q++) {
        if (self->counts[q] > 0) {
            double value = self->log1p[self->counts[q]];
            const double *row = &self->lexicon[q * size];
            for (Py_ssize_t i = 0; i < size; i++) {
                two_sum(&s[i], &c[i], &e[i], value * row[i]);
            }
            n++;
        }
    }
    for (Py_ssize_t i = 0; i < size; i++) {
        double logit;
        if (!proven_sum(s[i], c[i], e[i], n, &logit)) {
            double *values = self->values;
            Py_ssize_t k = 0;
            values[k++] = self->bias[i];
            for (Py_ssize_t f = 0; f < found; f++) {
                values[k++] = self->weights[(Py_ssize_t)self->found[f] * size + i];
            }
            for (Py_ssize_t q = 0; q < size; q++) {
                if (self->counts[q] > 0) {
                    values[k++] = self->log1p[self->counts[q]] * self->lexicon[q * size + i];
                }
            }
            logit = exact_sum(values, k);
        }
        if (ordinal == 0 || logit > best[i]) {
            best[i] = logit;
            where[i] = ordinal;
        }
    }
    memset(self->counts, 0, size * sizeof(int32_t));
}

/* *text* folded after a space into a fresh *out* of *n* bytes, with the characters
 * folding to none or to several spliced in and their runs in *runs* (zeroed by the
 * caller, freed by it on success). Returns -1 on error, everything freed. */
static int
fold_text(Scorer *self, PyObject *text, uint8_t **out, Py_ssize_t *n, Runs *runs)
{
    *n = PyUnicode_GET_LENGTH(text) + 1;
    uint8_t *buffer = PyMem_Malloc(*n);
    huge(buffer, *n);
    if (buffer == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    int folded = fold(self, text, buffer);
    if (folded == 0) {
        uint8_t *spliced = NULL;
        folded = splice(self, text, buffer, &spliced, n, runs) < 0 ? -1 : 1;
        PyMem_Free(buffer);
        buffer = spliced;
    }
    if (folded < 0) {
        PyMem_Free(buffer);
        runs_free(runs);
        return -1;
    }
    *out = buffer;
    return 0;
}

static int
ready(PyObject *text)
{
#if PY_VERSION_HEX < 0x030C0000
    return PyUnicode_READY(text);
#else
    (void)text;
    return 0;
#endif
}

/* The arguments (text, window size) of `parts`, and (text, window size, keep) of
 * `score` where *keep* is not NULL, parsed by *format*: -1 with an error set if they are
 * not a str and an int of at least 1 (and a bool). */
/* Whether *size*, a window's, is at least 1: 0, or -1 raised. */
static int
check_size(Py_ssize_t size)
{
    if (size < 1) {
        PyErr_Format(PyExc_ValueError, "window size must be at least 1, not %zd", size);
        return -1;
    }
    return 0;
}

static int
text_and_size(PyObject *args, const char *format, PyObject **text, Py_ssize_t *size, int *keep)
{
    if (!(keep == NULL ? PyArg_ParseTuple(args, format, text, size)
                       : PyArg_ParseTuple(args, format, text, size, keep))) {
        return -1;
    }
    return check_size(*size);
}

/* Appends *item* to the growing array *kept* of *count* items; 0, or -1 raised. */
static int
keep(Kept **kept, Py_ssize_t *count, Py_ssize_t *capacity, Kept item)
{
    if (*count == *capacity) {
        Py_ssize_t more = *capacity < 16 ? 16 : 2 * *capacity;
        Kept *grown = PyMem_Realloc(*kept, more * sizeof(Kept));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        *kept = grown;
        *capacity = more;
        huge(grown, more * sizeof(Kept));
    }
    (*kept)[(*count)++] = item;
    return 0;
}

/* Scores *text* in windows of *window_size* characters: each principle's best log-odds
 * in *best* and its window's number in *where* (`self->size` each), and where *spans*
 * is not NULL, each match kept into a fresh bytes object there. 0, or -1 raised. */
static int
score_text(Scorer *self, PyObject *text, Py_ssize_t window_size, double *best,
           Py_ssize_t *where, PyObject **spans)
{
    if (ready(text) < 0) {
        return -1;
    }
    int keeping = spans != NULL;
    Py_ssize_t nkept = 0;
    Py_ssize_t *cuts = PyMem_Malloc((PyUnicode_GET_LENGTH(text) / window_size + 2) *
                                    sizeof(Py_ssize_t));
    if (cuts == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t ncuts = window_cuts(text, window_size, cuts);
    uint8_t *data;
    Py_ssize_t n;
    Runs runs = {0};
    if (fold_text(self, text, &data, &n, &runs) < 0) {
        goto fail;
    }
    Scan scan;
    scan_start(&scan, &self->trie, data, n, 2);
    Py_ssize_t cut = 0, found = 0, ordinal = 0, end;
    int open = 0; /* the window being read holds a match */
    int s;
    int32_t id;
    uint64_t window = ++self->window;
    while ((id = scan_next(&scan, &s, &end)) >= 0) {
        /* The phrase's offset in the text: that of the separator's byte, p, or, past
         * characters folded to none or several, as `_Offsets` maps it; a phrase
         * starting or ending inside a character's bytes is not a match. */
        Py_ssize_t origin = scan.p, last = end - 1;
        if (runs.count > 0) {
            origin = runs_locate(&runs, scan.p, 0);
            last = runs_locate(&runs, end - 1, 1);
            if (origin < 0 || last < 0) {
                continue;
            }
        }
        if (cut < ncuts && origin >= cuts[cut]) {
            if (open) {
                close_window(self, found, best, where, ordinal++);
                found = 0;
                open = 0;
                window = ++self->window;
            }
            while (cut < ncuts && origin >= cuts[cut]) {
                cut++;
            }
        }
        open = 1;
        if (keeping) {
            if (ordinal > INT32_MAX) {
                PyErr_SetString(PyExc_OverflowError, "score: too many windows to keep");
                goto unfold;
            }
            Kept item = {origin, last, s == 0 ? id : -1 - id, (int32_t)ordinal};
            if (keep(&self->kept, &nkept, &self->kept_capacity, item) < 0) {
                goto unfold;
            }
        }
        if (self->stamp[s][id] != window) {
            self->stamp[s][id] = window;
            if (s == 0) {
                for (int32_t k = self->pstart[id]; k < self->pstart[id + 1]; k++) {
                    self->counts[self->principles[k]]++;
                }
            }
            if (self->vector[s][id] >= 0) {
                self->found[found++] = self->vector[s][id];
            }
        }
    }
    if (open || ordinal == 0) {
        close_window(self, found, best, where, ordinal);
    }
    PyMem_Free(data);
    runs_free(&runs);
    PyMem_Free(cuts);
    if (keeping) {
        *spans = PyBytes_FromStringAndSize(NULL, nkept * sizeof(Kept));
        if (*spans != NULL) {
            huge(PyBytes_AS_STRING(*spans), nkept * sizeof(Kept));
            memcpy(PyBytes_AS_STRING(*spans), self->kept, nkept * sizeof(Kept));
        }
    }
    if (self->kept_capacity > 65536) { /* kept for the next text, unless a large one's */
        PyMem_Free(self->kept);
        self->kept = NULL;
        self->kept_capacity = 0;
    }
    return keeping && *spans == NULL ? -1 : 0;
unfold:
    PyMem_Free(data);
    runs_free(&runs);
fail:
    PyMem_Free(cuts);
    return -1;
}

/* `score(text, size, keep=False)`: each principle's best log-odds and its window's
 * number, and the matches kept if *keep*. */
static PyObject *
Scorer_score(Scorer *self, PyObject *args)
{
    PyObject *text, *spans = NULL;
    Py_ssize_t window_size, size = self->size;
    int keeping = 0;
    if (text_and_size(args, "Un|p:score", &text, &window_size, &keeping) < 0) {
        return NULL;
    }
    double *best = PyMem_Malloc((size + 1) * sizeof(double));
    Py_ssize_t *where = PyMem_Malloc((size + 1) * sizeof(Py_ssize_t));
    if (best == NULL || where == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    if (score_text(self, text, window_size, best, where, keeping ? &spans : NULL) < 0) {
        goto fail;
    }
    PyObject *logits = PyList_New(size);
    PyObject *windows = PyList_New(size);
    if (logits == NULL || windows == NULL) {
        Py_XDECREF(logits);
        Py_XDECREF(windows);
        Py_XDECREF(spans);
        goto fail;
    }
    for (Py_ssize_t i = 0; i < size; i++) {
        PyObject *x = PyFloat_FromDouble(best[i]);
        PyObject *w = PyLong_FromSsize_t(where[i]);
        if (x == NULL || w == NULL) {
            Py_XDECREF(x);
            Py_XDECREF(w);
            Py_DECREF(logits);
            Py_DECREF(windows);
            Py_XDECREF(spans);
            goto fail;
        }
        PyList_SET_ITEM(logits, i, x);
        PyList_SET_ITEM(windows, i, w);
    }
    PyMem_Free(best);
    PyMem_Free(where);
    return keeping ? Py_BuildValue("(NNN)", logits, windows, spans)
                   : Py_BuildValue("(NN)", logits, windows);
fail:
    PyMem_Free(best);
    PyMem_Free(where);
    return NULL;
}

static PyObject *round_name; /* "__round__" */
static PyObject *six;        /* 6: scores are rounded to 6 places */

/* `unicancer._scoring.sigmoid`, to the last bit (the same `exp`). */
static double
sigmoid(double x)
{
    if (x >= 0) {
        return 1.0 / (1.0 + exp(-x));
    }
    double z = exp(x);
    return z / (1.0 + z);
}

/* The tags of *text* chosen as `unicancer._scoring.choose` chooses them, a new list of
 * (index, score, window), its windows of *window_size* (at least 1); the matches kept
 * into *spans* if not NULL; in the Scorer's scratch. *floor*: each principle's threshold
 * and floor. NULL raised. */
static PyObject *
chosen_of(Scorer *self, PyObject *text, Py_ssize_t window_size, const double *floor,
          PyObject **spans)
{
    Py_ssize_t size = self->size;
    PyObject *chosen = NULL;
    double *best = self->choice_best, *scores = self->choice_scores;
    Py_ssize_t *where = self->choice_where, *order = self->choice_order;
    PyObject **rounded = self->choice_rounded;
    if (score_text(self, text, window_size, best, where, spans) < 0) {
        goto done;
    }
    /* The principles tagged, best first and ties in index order: an insertion sort. */
    Py_ssize_t count = 0;
    for (Py_ssize_t i = 0; i < size; i++) {
        if (best[i] < floor[2 * i + 1]) {
            continue;
        }
        PyObject *p = PyFloat_FromDouble(sigmoid(best[i]));
        if (p == NULL) {
            goto done;
        }
        PyObject *r = PyObject_CallMethodOneArg(p, round_name, six);
        Py_DECREF(p);
        if (r == NULL) {
            goto done;
        }
        double score = PyFloat_AsDouble(r);
        if (!(score >= floor[2 * i] && score > 0)) {
            Py_DECREF(r);
            continue;
        }
        rounded[i] = r;
        scores[i] = score;
        Py_ssize_t k = count++;
        while (k > 0 && scores[order[k - 1]] < score) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    chosen = PyList_New(count);
    if (chosen == NULL) {
        goto done;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        Py_ssize_t i = order[k];
        PyObject *item = Py_BuildValue("(nOn)", i, rounded[i], where[i]);
        if (item == NULL) {
            Py_CLEAR(chosen);
            goto done;
        }
        PyList_SET_ITEM(chosen, k, item);
    }
done:
    for (Py_ssize_t i = 0; i < size; i++) {
        Py_CLEAR(rounded[i]); /* the scratch left empty for the next call */
    }
    if (chosen == NULL && spans != NULL) {
        Py_CLEAR(*spans);
    }
    return chosen;
}

/* Whether *floors* holds a threshold and a floor for each principle; -1 raised if not. */
static int
check_floors(Scorer *self, const Py_buffer *floors)
{
    if (floors->len != (Py_ssize_t)(2 * self->size * sizeof(double))) {
        PyErr_Format(PyExc_ValueError, "floors must be %zd doubles, not %zd bytes",
                     2 * self->size, floors->len);
        return -1;
    }
    return 0;
}

/* `choose(text, size, floors)`: `unicancer._scoring.choose` of what `score(text, size,
 * True)` gives, and the matches kept. *floors*: each principle's threshold and floor,
 * 2 * size doubles (`_compiled.pack`). Scores are rounded by `float.__round__`, so
 * that they are Python's `round(sigmoid(value), 6)` to the last bit. */
static PyObject *
Scorer_choose(Scorer *self, PyObject *args)
{
    PyObject *text, *spans = NULL, *chosen = NULL;
    Py_ssize_t window_size;
    Py_buffer floors = {0};
    if (!PyArg_ParseTuple(args, "Uny*:choose", &text, &window_size, &floors)) {
        return NULL;
    }
    if (check_size(window_size) == 0 && check_floors(self, &floors) == 0) {
        chosen = chosen_of(self, text, window_size, floors.buf, &spans);
    }
    PyBuffer_Release(&floors);
    return chosen == NULL ? NULL : Py_BuildValue("(NN)", chosen, spans);
}

/* `choose_many(texts, start, stop, window, floors)`: for each text of texts[start:stop]
 * (a tuple), the first item of `choose(text, min(window, len(text) + 1), floors)` ([]
 * for an empty text). The texts are read where they are, borrowed from the tuple (which
 * holds them): in a forked worker, a reference to each would write to a page it shares
 * with its parent, which the system would then copy, a page a text. */
static PyObject *
Scorer_choose_many(Scorer *self, PyObject *args)
{
    PyObject *texts, *result = NULL;
    Py_ssize_t start, stop, window;
    Py_buffer floors = {0};
    if (!PyArg_ParseTuple(args, "O!nnny*:choose_many", &PyTuple_Type, &texts, &start, &stop,
                          &window, &floors)) {
        return NULL;
    }
    if (start < 0 || stop < start || stop > PyTuple_GET_SIZE(texts)) {
        PyErr_Format(PyExc_ValueError, "start %zd and stop %zd: expected 0 <= start <= stop <= %zd",
                     start, stop, PyTuple_GET_SIZE(texts));
        goto done;
    }
    if (check_size(window) < 0 || check_floors(self, &floors) < 0) {
        goto done;
    }
    result = PyList_New(stop - start);
    if (result == NULL) {
        goto done;
    }
    for (Py_ssize_t i = start; i < stop; i++) {
        PyObject *text = PyTuple_GET_ITEM(texts, i);
        if (!PyUnicode_Check(text)) {
            PyErr_Format(PyExc_TypeError, "texts[%zd] must be a str, not %.100s", i,
                         Py_TYPE(text)->tp_name);
            Py_CLEAR(result);
            goto done;
        }
        Py_ssize_t n = PyUnicode_GET_LENGTH(text);
        PyObject *chosen = n == 0 ? PyList_New(0)
                                  : chosen_of(self, text, window < n + 1 ? window : n + 1,
                                              floors.buf, NULL);
        if (chosen == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, i - start, chosen);
    }
done:
    PyBuffer_Release(&floors);
    return result;
}

/* Appends (start, end, key, position) to *list*; 0, or -1 on error. */
static int
append_found(PyObject *list, PyObject *start, PyObject *end, PyObject *key, PyObject *position)
{
    PyObject *item = PyTuple_New(4);
    if (item == NULL) {
        return -1;
    }
    Py_INCREF(start);
    Py_INCREF(end);
    Py_INCREF(key);
    Py_INCREF(position);
    PyTuple_SET_ITEM(item, 0, start);
    PyTuple_SET_ITEM(item, 1, end);
    PyTuple_SET_ITEM(item, 2, key);
    PyTuple_SET_ITEM(item, 3, position);
    int status = PyList_Append(list, item);
    Py_DECREF(item);
    return status;
}

static PyObject *found_list(Scorer *self, PyObject *text, int phrases);

static PyObject *
Scorer_found(Scorer *self, PyObject *args)
{
    PyObject *text;
    int phrases;
    if (!PyArg_ParseTuple(args, "Up:found", &text, &phrases)) {
        return NULL;
    }
    return found_list(self, text, phrases);
}

/* `found(text, phrases)`: the list of spans. */
static PyObject *
found_list(Scorer *self, PyObject *text, int phrases)
{
    if (ready(text) < 0) {
        return NULL;
    }
    uint8_t *data;
    Py_ssize_t n, end;
    Runs runs = {0};
    if (fold_text(self, text, &data, &n, &runs) < 0) {
        return NULL;
    }
    PyObject *list = PyList_New(0);
    if (list == NULL) {
        goto fail;
    }
    Scan scan;
    scan_start(&scan, &self->trie, data, n, phrases ? 2 : 1);
    int s;
    int32_t id;
    while ((id = scan_next(&scan, &s, &end)) >= 0) {
        Py_ssize_t first = scan.p, last = end - 1; /* in the text: as `_matching._back` */
        if (runs.count > 0) {
            first = runs_locate(&runs, scan.p, 0);
            last = runs_locate(&runs, end - 1, 1);
            if (first < 0 || last < 0) {
                continue;
            }
        }
        PyObject *start = PyLong_FromSsize_t(first);
        PyObject *stop = PyLong_FromSsize_t(last);
        int status = start == NULL || stop == NULL ? -1 : 0;
        if (status == 0 && s == 0) {
            PyObject *positions = PyTuple_GET_ITEM(self->positions, id);
            PyObject *key = PyTuple_GET_ITEM(self->names[0], id);
            for (Py_ssize_t k = 0; status == 0 && k < PyTuple_GET_SIZE(positions); k++) {
                status = append_found(list, start, stop, key, PyTuple_GET_ITEM(positions, k));
            }
        }
        else if (status == 0) {
            status = append_found(list, start, stop, PyTuple_GET_ITEM(self->names[1], id),
                                  self->minus_one);
        }
        Py_XDECREF(start);
        Py_XDECREF(stop);
        if (status < 0) {
            Py_DECREF(list);
            goto fail;
        }
    }
    PyMem_Free(data);
    runs_free(&runs);
    return list;
fail:
    PyMem_Free(data);
    runs_free(&runs);
    return NULL;
}

/* The spans of `found(text, 1)` cut into runs, one per window of *text* (as
 * `window_cuts` cuts them) that holds any: what `unicancer._features.split` gives. A
 * span joins the run of the window being read unless it starts in a later one. */
static PyObject *
Scorer_parts(Scorer *self, PyObject *args)
{
    PyObject *text;
    Py_ssize_t size;
    if (text_and_size(args, "Un:parts", &text, &size, NULL) < 0) {
        return NULL;
    }
    PyObject *found = found_list(self, text, 1);
    if (found == NULL) {
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), total = PyList_GET_SIZE(found);
    Py_ssize_t *cuts = NULL, count = 0;
    if (n > size && total > 0) {
        cuts = PyMem_New(Py_ssize_t, n / size + 1);
        if (cuts == NULL) {
            Py_DECREF(found);
            return PyErr_NoMemory();
        }
        count = window_cuts(text, size, cuts);
    }
    PyObject *parts = NULL, *part = NULL;
    if (count == 0) {
        parts = PyList_New(1);
        if (parts != NULL) {
            PyList_SET_ITEM(parts, 0, found); /* the reference is the list's */
            found = NULL;
        }
        goto done;
    }
    parts = PyList_New(0);
    part = PyList_New(0);
    if (parts == NULL || part == NULL) {
        goto fail;
    }
    Py_ssize_t w = -1;    /* the window being read starts at cuts[w] (at 0 for -1) */
    Py_ssize_t end = cuts[0]; /* and ends there */
    for (Py_ssize_t i = 0; i < total; i++) {
        PyObject *span = PyList_GET_ITEM(found, i);
        Py_ssize_t start = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 0));
        if (start == -1 && PyErr_Occurred()) {
            goto fail;
        }
        if (start >= end) {
            while (w + 1 < count && cuts[w + 1] <= start) {
                w++;
            }
            end = w + 1 < count ? cuts[w + 1] : n;
            if (PyList_GET_SIZE(part) > 0) {
                int appended = PyList_Append(parts, part);
                Py_DECREF(part);
                part = appended < 0 ? NULL : PyList_New(0);
                if (part == NULL) {
                    goto fail;
                }
            }
        }
        if (PyList_Append(part, span) < 0) {
            goto fail;
        }
    }
    if (PyList_Append(parts, part) < 0) {
        goto fail;
    }
    Py_DECREF(part);
    goto done;
fail:
    Py_XDECREF(part);
    Py_CLEAR(parts);
done:
    PyMem_Free(cuts);
    Py_XDECREF(found);
    return parts;
}

/* `hits(spans, window, indices, evidence)`: the hits of window number *window* of what
 * `score(text, size, True)` kept, for each principle of *indices*, as *evidence* gives
 * them for that window of `parts(text, size)`: the same spans, in the same order, read
 * without a Found tuple (a term of several positions gives a span per position). */
static PyObject *
Scorer_hits(Scorer *self, PyObject *args)
{
    Py_buffer spans;
    Py_ssize_t window;
    PyObject *indices, *evidence;
    if (!PyArg_ParseTuple(args, "y*nO!O:hits", &spans, &window, &PyList_Type, &indices,
                          &evidence)) {
        return NULL;
    }
    PyObject *result = NULL;
    Py_ssize_t *starts = NULL, *ends = NULL;
    PyObject **keys = NULL;
    long *terms = NULL;
    const double **rows = NULL;
    if (spans.len % (Py_ssize_t)sizeof(Kept) != 0) {
        PyErr_SetString(PyExc_ValueError, "spans: not what score(text, size, True) keeps");
        goto done;
    }
    const Kept *kept = spans.buf;
    Py_ssize_t total = spans.len / (Py_ssize_t)sizeof(Kept), n = 0;
    for (Py_ssize_t i = 0; i < total; i++) { /* the spans of the window, and their room */
        int32_t id;
        int s = kept_phrase(&kept[i], &id);
        if (id >= self->keys[s]) {
            PyErr_SetString(PyExc_ValueError, "spans: a phrase out of range");
            goto done;
        }
        if (kept[i].window == window) {
            n += s ? 1 : PyTuple_GET_SIZE(PyTuple_GET_ITEM(self->positions, id));
        }
    }
    starts = PyMem_New(Py_ssize_t, n + 1);
    ends = PyMem_New(Py_ssize_t, n + 1);
    keys = PyMem_New(PyObject *, n + 1);
    terms = PyMem_New(long, n + 1);
    rows = PyMem_New(const double *, n + 1);
    if (starts == NULL || ends == NULL || keys == NULL || terms == NULL || rows == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 0; i < total; i++) {
        if (kept[i].window != window) {
            continue;
        }
        int32_t id;
        int s = kept_phrase(&kept[i], &id);
        PyObject *positions = s ? NULL : PyTuple_GET_ITEM(self->positions, id);
        Py_ssize_t count = s ? 1 : PyTuple_GET_SIZE(positions);
        for (Py_ssize_t j = 0; j < count; j++, k++) {
            starts[k] = kept[i].start;
            ends[k] = kept[i].end;
            keys[k] = PyTuple_GET_ITEM(self->names[s], id);
            int32_t row = self->vector[s][id];
            rows[k] = row < 0 ? NULL : &self->weights[(Py_ssize_t)row * self->size];
            terms[k] = s ? -1 - (long)id : PyLong_AsLong(PyTuple_GET_ITEM(positions, j));
            if (!s && terms[k] == -1 && PyErr_Occurred()) {
                goto done;
            }
        }
    }
    result = unicancer_evidence(evidence, n, starts, ends, keys, terms, rows, self->size,
                                indices);
done:
    PyBuffer_Release(&spans);
    PyMem_Free(starts);
    PyMem_Free(ends);
    PyMem_Free(keys);
    PyMem_Free(terms);
    PyMem_Free(rows);
    return result;
}

static PyMethodDef Scorer_methods[] = {
    {"score", (PyCFunction)Scorer_score, METH_VARARGS,
     "score(text, size, keep=False) -> (log-odds, windows[, spans])\n\n"
     "Each principle's log-odds in its likeliest window of whole sentences of\n"
     "about *size* characters, and that window's number among the windows\n"
     "holding a match; if *keep*, the matches too (bytes, for `hits`)."},
    {"choose", (PyCFunction)Scorer_choose, METH_VARARGS,
     "choose(text, size, floors) -> (chosen, spans)\n\n"
     "unicancer._scoring.choose(*score(text, size)[:2], floors) and the spans\n"
     "of score(text, size, True); *floors* packed: 2 * size doubles."},
    {"choose_many", (PyCFunction)Scorer_choose_many, METH_VARARGS,
     "choose_many(texts, start, stop, window, floors) -> [chosen, ...]\n\n"
     "choose(text, min(window, len(text) + 1), floors)[0] for each text of\n"
     "texts[start:stop] (a tuple; [] if empty), read where they are."},
    {"hits", (PyCFunction)Scorer_hits, METH_VARARGS,
     "hits(spans, window, indices, evidence) -> [(Hit, ...), ...]\n\n"
     "What evidence(parts(text, size)[window], indices) gives, from the spans\n"
     "that score(text, size, True) kept."},
    {"found", (PyCFunction)Scorer_found, METH_VARARGS,
     "found(text, phrases) -> [(start, end, key, position), ...]\n\n"
     "The spans of the lexicon's terms, and of the learned phrases if\n"
     "*phrases*, in text order, as `unicancer._features.extract` gives them."},
    {"parts", (PyCFunction)Scorer_parts, METH_VARARGS,
     "parts(text, size) -> [[(start, end, key, position), ...], ...]\n\n"
     "found(text, True) cut into runs, one per window of *text* that holds any,\n"
     "as `unicancer._features.split(text, found, size)` cuts them."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScorerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "unicancer._native.Scorer",
    .tp_basicsize = sizeof(Scorer),
    .tp_dealloc = (destructor)Scorer_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A model's terms, phrases and weights, compiled for scoring texts.",
    .tp_methods = Scorer_methods,
    .tp_init = (initproc)Scorer_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "unicancer._native",
    .m_doc = "Folding, matching and scoring a text in one pass of C.",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__native(void)
{
    is_separator[' '] = 1;
    is_separator['\''] = 1;
    is_separator[0] = 1;
    round_name = PyUnicode_InternFromString("__round__");
    six = PyLong_FromLong(6);
    if (round_name == NULL || six == NULL || PyType_Ready(&ScorerType) < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&ScorerType);
    if (PyModule_AddObject(m, "Scorer", (PyObject *)&ScorerType) < 0) {
        Py_DECREF(&ScorerType);
        Py_DECREF(m);
        return NULL;
    }
    if (unicancer_add_evidence(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
