/* util: allocation that never fails, messages, growable buffers, an arena, a string map. */
#ifndef FLOW_UTIL_H
#define FLOW_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdnoreturn.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation wrappers: they print "out of memory" and exit instead of returning NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array *p of *cap elements of size sz so that it holds at least need; returns *p. */
void *xgrow(void *p, size_t *cap, size_t need, size_t sz);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A newly allocated formatted string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Push x onto the array v of n elements and capacity cap (fields of a struct or locals). */
#define VEC_PUSH(v, n, cap, x) \
	do { (v) = xgrow((v), &(cap), (n) + 1, sizeof(*(v))); (v)[(n)++] = (x); } while (0)

/* flow's one voice on stderr. Library code does not print: it returns -1 with its message
 * in a struct buf, and main (or the progress view) says it with these. */
/* "flow: error: MSG"; a format ending in ':' appends ": strerror(errno)". Returns -1, for
 * "return error(...)". */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "flow: warning: MSG", the same ':' rule. */
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same to fp, what being "error" or "warning" (for a view that writes elsewhere). */
void vsay(FILE *fp, const char *what, const char *fmt, va_list ap);
/* Like error(), then exit(2). Only main and allocation failures call it. */
noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NUL-terminated byte buffer. Zero-initialise to start; buf_free releases it. */
struct buf {
	char *s;
	size_t len, cap;
};
void buf_put(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Empty the buffer, keeping its memory. */
void buf_reset(struct buf *b);
/* The contents as a string ("" when empty); the buffer keeps ownership. */
const char *buf_str(const struct buf *b);
/* Hand the string to the caller (never NULL) and leave the buffer empty. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

/* A bump allocator: many small objects freed together. Zero-initialise to start. */
struct arena {
	struct arena_block *head;
};
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

/* An open-addressing hash map from strings to pointers. Keys are not copied:
 * they must outlive the map. Zero-initialise to start. */
struct strmap {
	struct strmap_slot *slots;
	size_t cap, len;
};
/* The value for key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key, size_t keylen);
/* The slot for key, created with a NULL value when absent; *found tells which. */
void **strmap_slot(struct strmap *m, const char *key, size_t keylen, bool *found);
/* Point the slot (as returned by strmap_slot, before any further insertion) at key, an
 * equal string that outlives the map: for callers that make a stable copy only once they
 * know the key is new. */
void strmap_rekey(void **slot, const char *key);
/* Make room for n entries without rehashing. */
void strmap_reserve(struct strmap *m, size_t n);
/* The value in slot i (0 <= i < m->cap), or NULL for an empty slot: for iterating. */
void *strmap_value_at(const struct strmap *m, size_t i);
void strmap_free(struct strmap *m);

/* A 128-bit content hash or signature (xxh3-128). */
struct hash128 {
	uint64_t lo, hi;
};

/* The identity of a file's contents as stat sees it; equal identity means equal content. */
struct fstat_id {
	uint64_t dev, ino, size;
	int64_t mtime_ns, ctime_ns;
};

/* 64-bit hash of n bytes (xxh3). */
uint64_t hash_bytes(const void *p, size_t n);

/* The number of single-character edits between a and b, or a value above max
 * when it exceeds max (which bounds the work). */
size_t edit_distance(const char *a, const char *b, size_t max);

/* Append s to b quoted for a POSIX shell: unchanged when it has only safe characters,
 * else in single quotes with embedded quotes escaped. */
void shell_quote(struct buf *b, const char *s);

/* A list of owned strings, NULL-terminated, for argv. */
struct strvec {
	char **v;
	size_t n, cap;
};
/* Append a copy of s. */
void strvec_push(struct strvec *sv, const char *s);
/* Append a formatted string. */
void strvec_pushf(struct strvec *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Free the strings and the list. */
void strvec_free(struct strvec *sv);

/* Everything a runtime's command line depends on, apart from the graph: built by
 * ctr_job_spec, read by ctr_argv (so that command lines can be unit-tested). */
/* Monotonic time in seconds. */
double now_seconds(void);
/* Wall-clock (Unix) time in seconds. */
double wall_seconds(void);

#endif
