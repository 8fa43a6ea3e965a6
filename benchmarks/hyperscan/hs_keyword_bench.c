/*
 * Hyperscan keyword-scan peer benchmark for Vigil.
 *
 * usage: hs_keyword_bench KEYWORDS POSTS [REPEATS]
 *
 * Compiles every line of KEYWORDS as a literal (hs_compile_lit_multi,
 * HS_FLAG_CASELESS, HS_MODE_BLOCK), timing the compile separately, then scans
 * each line of POSTS with its own hs_scan call (block mode, one scratch reused),
 * counting every match reported to the callback. The whole corpus scan is
 * repeated REPEATS times (default 5) and the fastest run is reported as one
 * JSON object on stdout. Bytes are the post bytes scanned (newlines excluded);
 * MB = 1e6 bytes.
 *
 * build: cc -O2 -o hs_keyword_bench hs_keyword_bench.c $(pkg-config --cflags --libs libhs)
 */
#include <hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    char *buf;     /* whole file */
    size_t size;
    const char **ptr;
    size_t *len;
    size_t n;
} Lines;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *msg, const char *arg) {
    fprintf(stderr, "hs_keyword_bench: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    exit(1);
}

/* Reads a file and splits it into lines (LF, optional CR stripped); skips empty lines. */
static Lines read_lines(const char *path) {
    Lines l = {0};
    FILE *f = fopen(path, "rb");
    if (!f) die("cannot open", path);
    if (fseek(f, 0, SEEK_END) != 0) die("cannot seek", path);
    long sz = ftell(f);
    if (sz < 0) die("cannot size", path);
    rewind(f);
    l.buf = malloc((size_t)sz + 1);
    if (!l.buf) die("out of memory", NULL);
    if (fread(l.buf, 1, (size_t)sz, f) != (size_t)sz) die("short read", path);
    fclose(f);
    l.size = (size_t)sz;
    l.buf[l.size] = '\n';

    size_t cap = 1024;
    l.ptr = malloc(cap * sizeof *l.ptr);
    l.len = malloc(cap * sizeof *l.len);
    size_t start = 0;
    for (size_t i = 0; i <= l.size; i++) {
        if (l.buf[i] != '\n') continue;
        size_t end = i;
        if (end > start && l.buf[end - 1] == '\r') end--;
        if (end > start) {
            if (l.n == cap) {
                cap *= 2;
                l.ptr = realloc(l.ptr, cap * sizeof *l.ptr);
                l.len = realloc(l.len, cap * sizeof *l.len);
                if (!l.ptr || !l.len) die("out of memory", NULL);
            }
            l.ptr[l.n] = l.buf + start;
            l.len[l.n] = end - start;
            l.n++;
        }
        start = i + 1;
    }
    return l;
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *ctx) {
    (void)id; (void)from; (void)to; (void)flags;
    (*(unsigned long long *)ctx)++;
    return 0; /* keep scanning */
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s KEYWORDS POSTS [REPEATS]\n", argv[0]);
        return 2;
    }
    int repeats = argc > 3 ? atoi(argv[3]) : 5;
    if (repeats < 1) repeats = 1;

    Lines kw = read_lines(argv[1]);
    Lines posts = read_lines(argv[2]);
    if (kw.n == 0) die("no keywords in", argv[1]);

    unsigned *flags = malloc(kw.n * sizeof *flags);
    unsigned *ids = malloc(kw.n * sizeof *ids);
    for (size_t i = 0; i < kw.n; i++) {
        flags[i] = HS_FLAG_CASELESS;
        ids[i] = (unsigned)i;
    }

    hs_database_t *db = NULL;
    hs_compile_error_t *err = NULL;
    double t0 = now();
    if (hs_compile_lit_multi(kw.ptr, flags, ids, kw.len, (unsigned)kw.n, HS_MODE_BLOCK,
                             NULL, &db, &err) != HS_SUCCESS) {
        fprintf(stderr, "hs_compile_lit_multi failed (expression %d): %s\n",
                err ? err->expression : -1, err ? err->message : "?");
        return 1;
    }
    double compile_s = now() - t0;

    size_t db_size = 0;
    hs_database_size(db, &db_size);

    hs_scratch_t *scratch = NULL;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) die("hs_alloc_scratch failed", NULL);

    unsigned long long bytes = 0;
    for (size_t i = 0; i < posts.n; i++) bytes += posts.len[i];

    double best = -1;
    unsigned long long matches = 0;
    for (int r = 0; r < repeats; r++) {
        unsigned long long count = 0;
        double s = now();
        for (size_t i = 0; i < posts.n; i++) {
            if (hs_scan(db, posts.ptr[i], (unsigned)posts.len[i], 0, scratch, on_match,
                        &count) != HS_SUCCESS)
                die("hs_scan failed", NULL);
        }
        double e = now() - s;
        if (best < 0 || e < best) best = e;
        matches = count;
    }

    printf("{\"system\":\"hyperscan\",\"version\":\"%d.%d.%d\",\"what\":\"hs_compile_lit_multi caseless, "
           "block mode, one hs_scan per post\",\"keywords\":%zu,\"database_bytes\":%zu,"
           "\"compile_seconds\":%.6f,\"repeats\":%d,\"bytes\":%llu,\"posts\":%zu,"
           "\"matches\":%llu,\"seconds\":%.6f,\"mb_s\":%.2f}\n",
           HS_MAJOR, HS_MINOR, HS_PATCH, kw.n, db_size, compile_s, repeats, bytes, posts.n, matches,
           best, best > 0 ? (double)bytes / 1e6 / best : 0.0);

    hs_free_scratch(scratch);
    hs_free_database(db);
    return 0;
}
