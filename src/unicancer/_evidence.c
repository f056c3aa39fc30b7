/* unicancer._native.Evidence: a tag's hits and their shares of the log-odds, in C.
 *
 * The compiled counterpart of `unicancer._scoring.contributions` and of the `Hit`s
 * that `Tagger._evidence` makes from them, to the last bit (``tests/test_native.py``
 * compares both): each span of one window gets, for each principle asked for,
 *
 *     (its lexicon principle q ? weight[q] * log1p(distinct terms of q) / hits of q : 0)
 *   + (first at its start with its key ? weight of its feature / occurrences of it : 0)
 *
 * rounded as round(share, 6) (`round6`: the same double); the spans whose rounded
 * share is not 0 become `Hit`s, set as attrs' own __init__ sets a frozen instance.
 * Every table is a hash table: the time is linear in the spans, whatever their number.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    PyObject_HEAD
    Py_ssize_t size;       /* principles */
    Py_ssize_t nterms;     /* lexicon terms */
    int32_t *principles;   /* per term position: its principle's number, 1 .. size */
    double *lexicon;       /* lexicon[i * size + q - 1]: principle i's weight of feature q */
    PyObject *terms;       /* tuple: per term position, its Term */
    PyObject *vectors[2];  /* dict per kind (term, phrase): key -> tuple of size floats */
    PyObject *numbers;     /* tuple: per principle index, its number (an int) */
    PyObject *learned;     /* callable: (number, phrase) -> its Term */
    /* Per principle index, a dict phrase -> its Term, as `learned` gives it: calling that
     * (`learned_term`, itself cached) for each hit of a phrase cost 10-15 % more. */
    PyObject *phrase_terms;
    /* The same Terms where the spans come as arrays, by their phrase's number in `phrases`
     * (the scorer's): cache[index * nphrases + number], NULL until first made. */
    PyObject *phrases;
    Py_ssize_t nphrases;
    PyObject **cache;
    PyTypeObject *hit;     /* the Hit class */
    PyObject *round;       /* float.__round__ */
    PyObject *six;         /* 6 */
    PyObject *names[4];    /* "start", "end", "term", "weight" */
    /* Where the Hit class keeps each of `names` (its slots), or -1 where a field is not
     * a plain slot: then set by object.__setattr__, as attrs' own __init__ sets it. */
    Py_ssize_t offsets[4];
} Evidence;

static void
Evidence_dealloc(Evidence *self)
{
    PyMem_Free(self->principles);
    PyMem_Free(self->lexicon);
    Py_XDECREF(self->terms);
    Py_XDECREF(self->vectors[0]);
    Py_XDECREF(self->vectors[1]);
    Py_XDECREF(self->numbers);
    Py_XDECREF(self->learned);
    Py_XDECREF(self->phrase_terms);
    if (self->cache != NULL) {
        for (Py_ssize_t i = 0; i < self->size * self->nphrases; i++) {
            Py_XDECREF(self->cache[i]);
        }
        PyMem_Free(self->cache);
    }
    Py_XDECREF(self->phrases);
    Py_XDECREF(self->hit);
    Py_XDECREF(self->round);
    Py_XDECREF(self->six);
    for (int k = 0; k < 4; k++) {
        Py_XDECREF(self->names[k]);
    }
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Checks that every value of *vectors* is a tuple of *size* floats; 0, or -1 raised. */
static int
check_vectors(PyObject *vectors, Py_ssize_t size)
{
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(vectors, &pos, &key, &value)) {
        if (!PyUnicode_Check(key) || !PyTuple_Check(value) || PyTuple_GET_SIZE(value) != size) {
            PyErr_Format(PyExc_ValueError, "vectors: expected str -> tuple of %zd floats, not %R",
                         size, key);
            return -1;
        }
        for (Py_ssize_t i = 0; i < size; i++) {
            if (!PyFloat_CheckExact(PyTuple_GET_ITEM(value, i))) {
                PyErr_Format(PyExc_ValueError, "vectors[%R]: expected floats", key);
                return -1;
            }
        }
    }
    return 0;
}

/* Where instances of *type* keep attribute *name*: the offset of a writable object slot
 * of the class itself (a member descriptor, as __slots__ and attrs' slotted classes
 * make), or -1 for anything else. */
static Py_ssize_t
slot_offset(PyTypeObject *type, PyObject *name)
{
    PyObject *descriptor = PyDict_GetItemWithError(type->tp_dict, name);
    if (descriptor == NULL || !Py_IS_TYPE(descriptor, &PyMemberDescr_Type)) {
        PyErr_Clear();
        return -1;
    }
    PyMemberDef *member = ((PyMemberDescrObject *)descriptor)->d_member;
    if (member->type != T_OBJECT_EX || (member->flags & READONLY) ||
        ((PyMemberDescrObject *)descriptor)->d_common.d_type != type) {
        return -1;
    }
    return member->offset;
}

static int
Evidence_init(Evidence *self, PyObject *args, PyObject *kwargs)
{
    static char *kw[] = {"principles", "lexicon", "terms", "term_vectors", "phrase_vectors",
                         "numbers", "learned", "hit", "phrases", NULL};
    PyObject *principles, *lexicon, *terms, *term_vectors, *phrase_vectors, *numbers, *learned;
    PyObject *hit, *phrases = NULL;
    if (self->terms != NULL) {
        PyErr_SetString(PyExc_TypeError, "an Evidence is initialised once");
        return -1;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOO!O!O!O!OO!|O!:Evidence", kw,
                                     &principles, &lexicon, &PyTuple_Type, &terms, &PyDict_Type,
                                     &term_vectors, &PyDict_Type, &phrase_vectors, &PyTuple_Type,
                                     &numbers, &learned, &PyType_Type, &hit, &PyTuple_Type,
                                     &phrases)) {
        return -1;
    }
    Py_ssize_t size = PyTuple_GET_SIZE(numbers), nterms = PyTuple_GET_SIZE(terms);
    if (!PyCallable_Check(learned)) {
        PyErr_SetString(PyExc_TypeError, "learned must be callable");
        return -1;
    }
    if (PySequence_Size(principles) != nterms || PySequence_Size(lexicon) != size * size) {
        if (!PyErr_Occurred()) {
            PyErr_Format(PyExc_ValueError,
                         "expected a principle per term (%zd) and %zd lexicon weights", nterms,
                         size * size);
        }
        return -1;
    }
    if (check_vectors(term_vectors, size) < 0 || check_vectors(phrase_vectors, size) < 0) {
        return -1;
    }
    self->principles = PyMem_Malloc((nterms + 1) * sizeof(int32_t));
    self->lexicon = PyMem_Malloc((size * size + 1) * sizeof(double));
    if (self->principles == NULL || self->lexicon == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < nterms; i++) {
        PyObject *item = PySequence_GetItem(principles, i);
        long number = item == NULL ? -1 : PyLong_AsLong(item);
        Py_XDECREF(item);
        if (number < 1 || number > size) {
            if (!PyErr_Occurred()) {
                PyErr_Format(PyExc_ValueError, "principles[%zd]: expected 1 to %zd, not %ld", i,
                             size, number);
            }
            return -1;
        }
        self->principles[i] = (int32_t)number;
    }
    for (Py_ssize_t i = 0; i < size * size; i++) {
        PyObject *item = PySequence_GetItem(lexicon, i);
        double weight = item == NULL ? -1.0 : PyFloat_AsDouble(item);
        Py_XDECREF(item);
        if (weight == -1.0 && PyErr_Occurred()) {
            return -1;
        }
        self->lexicon[i] = weight;
    }
    if (phrases != NULL && PyTuple_GET_SIZE(phrases) > 0) {
        self->cache = PyMem_Calloc(size * PyTuple_GET_SIZE(phrases) + 1, sizeof(PyObject *));
        if (self->cache == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        Py_INCREF(phrases);
        self->phrases = phrases;
        self->nphrases = PyTuple_GET_SIZE(phrases);
    }
    self->phrase_terms = PyTuple_New(size);
    if (self->phrase_terms == NULL) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < size; i++) {
        PyObject *cache = PyDict_New();
        if (cache == NULL) {
            return -1;
        }
        PyTuple_SET_ITEM(self->phrase_terms, i, cache);
    }
    self->round = PyObject_GetAttrString((PyObject *)&PyFloat_Type, "__round__");
    self->six = PyLong_FromLong(6);
    static const char *names[4] = {"start", "end", "term", "weight"};
    for (int k = 0; k < 4; k++) {
        self->names[k] = PyUnicode_InternFromString(names[k]);
        if (self->names[k] == NULL) {
            return -1;
        }
    }
    if (self->round == NULL || self->six == NULL) {
        return -1;
    }
    for (int k = 0; k < 4; k++) {
        self->offsets[k] = slot_offset((PyTypeObject *)hit, self->names[k]);
    }
    self->size = size;
    self->nterms = nterms;
    Py_INCREF(terms);
    self->terms = terms;
    Py_INCREF(term_vectors);
    self->vectors[0] = term_vectors;
    Py_INCREF(phrase_vectors);
    self->vectors[1] = phrase_vectors;
    Py_INCREF(numbers);
    self->numbers = numbers;
    Py_INCREF(learned);
    self->learned = learned;
    Py_INCREF(hit);
    self->hit = (PyTypeObject *)hit;
    return 0;
}

/* round(x, 6), exactly: the double nearest to the multiple k of 1e-6 nearest to x
 * (ties to even k), where 1e-7 <= |x| < 1e6; NAN elsewhere (the caller asks Python).
 *
 * p = x * 1e6 rounded, and e = fma(x, 1e6, -p) its error: p + e is x * 1e6 exactly.
 * k = p rounded to an integer (ties to even) is right unless p is half-way and e
 * pushes the exact value off the tie: |p| < 2^40, so p - k is exact and, if not
 * +-0.5, at least one ulp of p from it, more than e can move. k / 1e6 is the
 * correctly rounded quotient of two exact doubles: what strtod gives for "ke-6". */
static double
round6(double x)
{
    double magnitude = fabs(x);
    if (!(magnitude >= 1e-7 && magnitude < 1e6)) {
        return NAN;
    }
    double p = x * 1e6;
    double e = fma(x, 1e6, -p);
    double k = nearbyint(p);
    double d = p - k;
    if (fabs(d) == 0.5 && e != 0.0 && (d > 0) == (e > 0)) {
        k += d > 0 ? 1.0 : -1.0;
    }
    return k / 1e6;
}

/* round(share, 6) as a float object; NULL raised. */
static PyObject *
rounded(Evidence *self, double share)
{
    double fast = round6(share);
    if (!isnan(fast)) {
        return PyFloat_FromDouble(fast);
    }
    PyObject *unrounded = PyFloat_FromDouble(share);
    if (unrounded == NULL) {
        return NULL;
    }
    PyObject *call[2] = {unrounded, self->six};
    PyObject *result = PyObject_Vectorcall(self->round, call, 2, NULL);
    Py_DECREF(unrounded);
    return result;
}

static PyObject *
py_round6(PyObject *module, PyObject *arg)
{
    double x = PyFloat_AsDouble(arg);
    if (x == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    double fast = round6(x);
    if (isnan(fast)) {
        Py_RETURN_NONE;
    }
    return PyFloat_FromDouble(fast);
}

static PyMethodDef functions[] = {
    {"round6", py_round6, METH_O,
     "round6(x) -> round(x, 6), or None where 1e-7 <= |x| < 1e6 does not hold\n\n"
     "What Evidence rounds shares with (the tests compare it with round)."},
    {NULL, NULL, 0, NULL},
};

/* One span of the window, as read from its (start, end, key, position) tuple. */
typedef struct {
    PyObject *start, *end, *key; /* borrowed from the caller's list, or (start, end: NULL
                                  * until a hit needs them, then owned) from arrays */
    Py_ssize_t at, stop;         /* start and end, as numbers */
    long term;                   /* its term's position, or -1: a learned phrase */
    int32_t q;                   /* its lexicon principle's number, 0 for none */
    int kind;                    /* 0: a lexicon term, 1: a learned phrase */
    Py_ssize_t kid;              /* its key's number in the window */
    PyObject *vector;            /* borrowed: its feature's weights, where it first brings them */
    const double *row;           /* or those weights as the arrays give them (NULL: none) */
    Py_ssize_t occurrences;      /* of its feature (key, kind) in the window */
    Py_ssize_t pid;              /* a learned phrase's number in `phrases`, or -1 */
} Span;

/* An open-addressing table of the window's distinct keys, and of its distinct
 * (start, key) pairs: sized for the spans, never full. */
typedef struct {
    PyObject *key;
    Py_hash_t hash;
    Py_ssize_t id;
} KeySlot;

typedef struct {
    Py_ssize_t at, kid; /* kid -1: empty */
} PairSlot;

static Py_ssize_t
key_id(KeySlot *slots, size_t mask, PyObject *key, Py_hash_t hash, Py_ssize_t *count)
{
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        KeySlot *slot = &slots[i];
        if (slot->key == NULL) {
            slot->key = key;
            slot->hash = hash;
            slot->id = (*count)++;
            return slot->id;
        }
        if (slot->key == key ||
            (slot->hash == hash && PyUnicode_Compare(slot->key, key) == 0)) {
            return slot->id;
        }
    }
}

/* Adds (at, kid); 1 if it was not there, 0 if it was. */
static int
pair_add(PairSlot *slots, size_t mask, Py_ssize_t at, Py_ssize_t kid)
{
    uint64_t h = (uint64_t)at * 0x9E3779B97F4A7C15ULL ^ (uint64_t)kid * 0xC2B2AE3D27D4EB4FULL;
    for (size_t i = (size_t)(h >> 17) & mask;; i = (i + 1) & mask) {
        PairSlot *slot = &slots[i];
        if (slot->kid < 0) {
            slot->at = at;
            slot->kid = kid;
            return 1;
        }
        if (slot->at == at && slot->kid == kid) {
            return 0;
        }
    }
}

/* Checks span *i*'s term, and numbers its key among the window's; 0, or -1 raised. */
static int
number_span(Evidence *self, Span *span, Py_ssize_t i, Py_ssize_t *nkeys, KeySlot *keys,
            size_t mask)
{
    if (span->term < -1 || span->term >= self->nterms) {
        PyErr_Format(PyExc_ValueError, "found[%zd]: no term at position %ld", i, span->term);
        return -1;
    }
    span->kind = span->term < 0;
    span->q = span->kind ? 0 : self->principles[span->term];
    Py_hash_t hash = PyObject_Hash(span->key);
    if (hash == -1) {
        return -1;
    }
    span->kid = key_id(keys, mask, span->key, hash, nkeys);
    return 0;
}

/* Sets the fields of a fresh *hit* to *values* (new references taken); 0, or -1 raised. */
static int
set_fields(Evidence *self, PyObject *hit, PyObject *const *values)
{
    for (int k = 0; k < 4; k++) {
        if (self->offsets[k] >= 0) { /* the slot of a fresh instance: NULL */
            Py_INCREF(values[k]);
            *(PyObject **)((char *)hit + self->offsets[k]) = values[k];
        }
        /* object.__setattr__, as attrs' __init__ of a frozen class sets its fields */
        else if (PyObject_GenericSetAttr(hit, self->names[k], values[k]) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Reads *found* into *spans*, their keys numbered; 0, or -1 raised. */
static int
read_spans(Evidence *self, PyObject *found, Span *spans, Py_ssize_t n, Py_ssize_t *nkeys,
           KeySlot *keys, size_t mask)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyList_GET_ITEM(found, i);
        Span *span = &spans[i];
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 4 ||
            !PyUnicode_Check(PyTuple_GET_ITEM(item, 2))) {
            PyErr_Format(PyExc_TypeError, "found[%zd]: expected (start, end, key, position)", i);
            return -1;
        }
        span->start = PyTuple_GET_ITEM(item, 0);
        span->end = PyTuple_GET_ITEM(item, 1);
        span->key = PyTuple_GET_ITEM(item, 2);
        span->at = PyLong_AsSsize_t(span->start);
        span->stop = 0; /* not read: span->end is given */
        span->pid = -1;
        span->term = PyLong_AsLong(PyTuple_GET_ITEM(item, 3));
        if (PyErr_Occurred()) {
            return -1;
        }
        if (number_span(self, span, i, nkeys, keys, mask) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Reads the spans of arrays, their keys numbered (their start and end made later, where
 * a hit needs them), with the weights of their features (*rows*: NULL for none, else
 * `size` doubles: what the vectors map their key to); *terms* gives a learned phrase as
 * -1 - its number in the scorer's phrases. 0, or -1 raised. */
static int
read_arrays(Evidence *self, const Py_ssize_t *starts, const Py_ssize_t *ends,
            PyObject *const *keys_of, const long *terms, const double *const *rows, Span *spans,
            Py_ssize_t n, Py_ssize_t *nkeys, KeySlot *keys, size_t mask)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        Span *span = &spans[i];
        span->start = span->end = NULL;
        span->key = keys_of[i];
        span->at = starts[i];
        span->stop = ends[i];
        span->term = terms[i] < 0 ? -1 : terms[i];
        span->row = rows[i];
        if (!PyUnicode_Check(span->key)) {
            PyErr_Format(PyExc_TypeError, "spans[%zd]: expected a str key", i);
            return -1;
        }
        /* Its Term is kept by that number where it is its key's number here too (the
         * scorers of a tagger number the phrases as it does: the same str objects). */
        span->pid = terms[i] < 0 ? -1 - terms[i] : -1;
        if (span->pid >= self->nphrases ||
            (span->pid >= 0 && PyTuple_GET_ITEM(self->phrases, span->pid) != span->key &&
             PyUnicode_Compare(PyTuple_GET_ITEM(self->phrases, span->pid), span->key) != 0)) {
            span->pid = -1;
        }
        if (number_span(self, span, i, nkeys, keys, mask) < 0) {
            return -1;
        }
    }
    return 0;
}

/* The hits of *spans* for principle *index*, in a new tuple; NULL raised. */
static PyObject *
hits_of(Evidence *self, Span *spans, Py_ssize_t n, Py_ssize_t index, const double *value,
        const Py_ssize_t *terms_of, PyObject **made)
{
    Py_ssize_t size = self->size, count = 0;
    const double *weights = &self->lexicon[index * size];
    PyObject *number = PyTuple_GET_ITEM(self->numbers, index);
    PyObject *cache = PyTuple_GET_ITEM(self->phrase_terms, index);
    for (Py_ssize_t i = 0; i < n; i++) {
        Span *span = &spans[i];
        double share = span->q ? weights[span->q - 1] * value[span->q] / (double)terms_of[span->q]
                               : 0.0;
        if (span->row != NULL) {
            share += span->row[index] / (double)span->occurrences;
        }
        else if (span->vector != NULL) {
            share += PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(span->vector, index)) /
                     (double)span->occurrences;
        }
        if (share == 0.0) {
            continue; /* rounds to 0 */
        }
        PyObject *weight = rounded(self, share);
        if (weight == NULL) {
            goto fail;
        }
        if (PyFloat_AsDouble(weight) == 0.0) {
            Py_DECREF(weight);
            continue;
        }
        PyObject *term;
        PyObject **slot = span->pid < 0 ? NULL : &self->cache[index * self->nphrases + span->pid];
        if (span->kind == 0) {
            term = PyTuple_GET_ITEM(self->terms, span->term);
            Py_INCREF(term);
        }
        else if (slot != NULL && *slot != NULL) {
            term = *slot;
            Py_INCREF(term);
        }
        else {
            term = PyDict_GetItemWithError(cache, span->key);
            if (term != NULL) {
                Py_INCREF(term);
            }
            else if (!PyErr_Occurred()) {
                term = PyObject_CallFunctionObjArgs(self->learned, number, span->key, NULL);
                if (term != NULL && PyDict_SetItem(cache, span->key, term) < 0) {
                    Py_CLEAR(term);
                }
            }
            if (term != NULL && slot != NULL) { /* kept by its number too */
                Py_INCREF(term);
                *slot = term;
            }
        }
        if (term != NULL && span->start == NULL) { /* made once, for every tag's hit */
            span->start = PyLong_FromSsize_t(span->at);
            span->end = span->start == NULL ? NULL : PyLong_FromSsize_t(span->stop);
            if (span->end == NULL) {
                Py_CLEAR(term);
            }
        }
        PyObject *hit = term == NULL ? NULL : self->hit->tp_alloc(self->hit, 0);
        PyObject *values[4] = {span->start, span->end, term, weight};
        int status = hit == NULL ? -1 : set_fields(self, hit, values);
        Py_XDECREF(term);
        Py_DECREF(weight);
        if (status < 0) {
            Py_XDECREF(hit);
            goto fail;
        }
        /* A hit holds two ints, a float and a frozen Term made before it: it cannot be
         * in a cycle, so the garbage collector need not read it (as it stops reading
         * a tuple of such values). Results kept by the million cost it nothing. */
        if (PyObject_IS_GC(hit)) {
            PyObject_GC_UnTrack(hit);
        }
        made[count++] = hit;
    }
    PyObject *result = PyTuple_New(count);
    if (result == NULL) {
        goto fail;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyTuple_SET_ITEM(result, i, made[i]);
    }
    return result;
fail:
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_DECREF(made[i]);
    }
    return NULL;
}

/* The spans of one window, as a list of Found tuples or as arrays (one item per span). */
typedef struct {
    PyObject *found;           /* the list, or NULL: the arrays */
    const Py_ssize_t *starts, *ends;
    PyObject *const *keys;     /* borrowed */
    const long *terms;
    const double *const *rows;
    Py_ssize_t n;
} Window;

/* The hits of *window* for each principle of the list *indices*; NULL raised. */
static PyObject *
evidence_of(Evidence *self, const Window *window, PyObject *indices)
{
    Py_ssize_t n = window->n, size = self->size, nkeys = 0;
    size_t capacity = 8;
    while (capacity < 2 * (size_t)n) {
        capacity <<= 1;
    }
    PyObject *result = NULL;
    Span *spans = PyMem_Calloc(n + 1, sizeof(Span)); /* no start nor end owned yet */
    KeySlot *keys = PyMem_Calloc(capacity, sizeof(KeySlot));
    PairSlot *pairs = PyMem_Malloc(capacity * sizeof(PairSlot));
    PyObject **made = PyMem_Malloc((n + 1) * sizeof(PyObject *));
    double *value = PyMem_Calloc(size + 1, sizeof(double));
    Py_ssize_t *terms_of = PyMem_Calloc(size + 1, sizeof(Py_ssize_t));
    Py_ssize_t *occurrences = PyMem_Calloc(2 * (n + 1), sizeof(Py_ssize_t));
    uint8_t *seen = PyMem_Calloc((n + 1) * (size + 1), 1); /* key's term of q counted */
    if (spans == NULL || keys == NULL || pairs == NULL || made == NULL || value == NULL ||
        terms_of == NULL || occurrences == NULL || seen == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (size_t i = 0; i < capacity; i++) {
        pairs[i].kid = -1;
    }
    if (window->found != NULL
            ? read_spans(self, window->found, spans, n, &nkeys, keys, capacity - 1) < 0
            : read_arrays(self, window->starts, window->ends, window->keys, window->terms,
                          window->rows, spans, n, &nkeys, keys, capacity - 1) < 0) {
        goto done;
    }
    /* As `features` and `contributions`: distinct terms and hits per lexicon principle,
     * occurrences per feature, and each feature's weights on its first span at a start. */
    for (Py_ssize_t i = 0; i < n; i++) {
        Span *span = &spans[i];
        if (span->q) {
            terms_of[span->q]++;
            uint8_t *mark = &seen[span->kid * (size + 1) + span->q];
            if (!*mark) {
                *mark = 1;
                value[span->q] += 1.0;
            }
        }
        occurrences[2 * span->kid + span->kind]++;
        /* Its feature's weights where it first brings them: the row the arrays gave, or
         * the vector its key's Found tuple maps to. */
        span->vector = NULL;
        if (!pair_add(pairs, capacity - 1, span->at, span->kid)) {
            span->row = NULL;
        }
        else if (window->found != NULL) {
            span->vector = PyDict_GetItemWithError(self->vectors[span->kind], span->key);
            if (span->vector == NULL && PyErr_Occurred()) {
                goto done;
            }
        }
    }
    for (Py_ssize_t q = 1; q <= size; q++) {
        value[q] = log1p(value[q]); /* as math.log1p(len(terms)) */
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        spans[i].occurrences = occurrences[2 * spans[i].kid + spans[i].kind];
    }
    Py_ssize_t count = PyList_GET_SIZE(indices);
    result = PyList_New(count);
    if (result == NULL) {
        goto done;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        Py_ssize_t index = PyLong_AsSsize_t(PyList_GET_ITEM(indices, k));
        if (index < 0 || index >= size) {
            if (!PyErr_Occurred()) {
                PyErr_Format(PyExc_IndexError, "indices[%zd]: no principle %zd", k, index);
            }
            Py_CLEAR(result);
            goto done;
        }
        PyObject *hits = hits_of(self, spans, n, index, value, terms_of, made);
        if (hits == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, k, hits);
    }
done:
    if (window->found == NULL && spans != NULL) {
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_XDECREF(spans[i].start);
            Py_XDECREF(spans[i].end);
        }
    }
    PyMem_Free(spans);
    PyMem_Free(keys);
    PyMem_Free(pairs);
    PyMem_Free(made);
    PyMem_Free(value);
    PyMem_Free(terms_of);
    PyMem_Free(occurrences);
    PyMem_Free(seen);
    return result;
}

static PyObject *
Evidence_call(Evidence *self, PyObject *args, PyObject *kwargs)
{
    PyObject *found, *indices;
    static char *kw[] = {"found", "indices", NULL};
    if (self->terms == NULL) {
        PyErr_SetString(PyExc_TypeError, "Evidence not initialised");
        return NULL;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!O!:Evidence", kw, &PyList_Type, &found,
                                     &PyList_Type, &indices)) {
        return NULL;
    }
    Window window = {.found = found, .n = PyList_GET_SIZE(found)};
    return evidence_of(self, &window, indices);
}

static PyTypeObject EvidenceType;

PyObject *
unicancer_evidence(PyObject *evidence, Py_ssize_t n, const Py_ssize_t *starts,
                   const Py_ssize_t *ends, PyObject *const *keys, const long *terms,
                   const double *const *rows, Py_ssize_t size, PyObject *indices)
{
    if (!PyObject_TypeCheck(evidence, &EvidenceType) || ((Evidence *)evidence)->terms == NULL) {
        PyErr_Format(PyExc_TypeError, "expected an initialised Evidence, not %R", evidence);
        return NULL;
    }
    if (size != ((Evidence *)evidence)->size) {
        PyErr_Format(PyExc_ValueError, "rows of %zd weights for an Evidence of %zd principles",
                     size, ((Evidence *)evidence)->size);
        return NULL;
    }
    Window window = {NULL, starts, ends, keys, terms, rows, n}; /* indices: a list */
    return evidence_of((Evidence *)evidence, &window, indices);
}

static PyTypeObject EvidenceType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "unicancer._native.Evidence",
    .tp_basicsize = sizeof(Evidence),
    .tp_dealloc = (destructor)Evidence_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Evidence(principles, lexicon, terms, term_vectors, phrase_vectors, numbers,\n"
              "         learned, hit)\n\n"
              "evidence(found, indices) -> [(Hit, ...), ...]: the hits of one window's\n"
              "spans that move each principle of *indices*, with their shares.",
    .tp_call = (ternaryfunc)Evidence_call,
    .tp_init = (initproc)Evidence_init,
    .tp_new = PyType_GenericNew,
};

/* Adds the Evidence type to module *m*; 0, or -1 raised. */
int
unicancer_add_evidence(PyObject *m)
{
    if (PyType_Ready(&EvidenceType) < 0 || PyModule_AddFunctions(m, functions) < 0) {
        return -1;
    }
    Py_INCREF(&EvidenceType);
    if (PyModule_AddObject(m, "Evidence", (PyObject *)&EvidenceType) < 0) {
        Py_DECREF(&EvidenceType);
        return -1;
    }
    return 0;
}
