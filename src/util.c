/* util: allocation, messages, buffers, arena, string map. */
#define _POSIX_C_SOURCE 200809L
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

static noreturn void oom(void)
{
	fputs("flow: error: out of memory\n", stderr);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xgrow(void *p, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap : 8;
	while (c < need)
		c *= 2;
	if (c > SIZE_MAX / sz)
		oom();
	*cap = c;
	return xrealloc(p, c * sz);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

void vsay(FILE *fp, const char *what, const char *fmt, va_list ap)
{
	int err = errno;
	size_t n = strlen(fmt);
	fprintf(fp, "flow: %s: ", what);
	vfprintf(fp, fmt, ap);
	if (n && fmt[n - 1] == ':')
		fprintf(fp, " %s", strerror(err));
	fputc('\n', fp);
	errno = err;
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(stderr, "error", fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(stderr, "warning", fmt, ap);
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(stderr, "error", fmt, ap);
	va_end(ap);
	exit(2);
}

void buf_put(struct buf *b, const char *s, size_t n)
{
	b->s = xgrow(b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	if (b->len + 2 > b->cap)
		b->s = xgrow(b->s, &b->cap, b->len + 2, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	/* Try the room there is (at least 64 bytes); format again only when it was short. */
	b->s = xgrow(b->s, &b->cap, b->len + 64, 1);
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, aq);
	va_end(aq);
	if (n < 0) {
		b->s[b->len] = '\0';
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		b->s = xgrow(b->s, &b->cap, b->len + (size_t)n + 1, 1);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

const char *buf_str(const struct buf *b)
{
	return b->s ? b->s : "";
}

char *buf_detach(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	*b = (struct buf){0};
	return s;
}

void buf_free(struct buf *b)
{
	free(b->s);
	*b = (struct buf){0};
}

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > 64 * 1024 ? n : 64 * 1024;
		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_free(struct arena *a)
{
	for (struct arena_block *b = a->head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

struct strmap_slot {
	const char *key;
	size_t keylen;
	uint64_t hash;
	void *value;
};

uint64_t hash_bytes(const void *p, size_t n)
{
	return XXH3_64bits(p, n);
}

static struct strmap_slot *strmap_find(const struct strmap *m, const char *key, size_t keylen,
				       uint64_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key)
			return s;
		if (s->hash == h && s->keylen == keylen && memcmp(s->key, key, keylen) == 0)
			return s;
	}
}

static void strmap_rehash(struct strmap *m)
{
	struct strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*strmap_find(m, old.slots[i].key, old.slots[i].keylen, old.slots[i].hash) =
				old.slots[i];
	free(old.slots);
}

void *strmap_get(const struct strmap *m, const char *key, size_t keylen)
{
	if (!m->cap)
		return NULL;
	struct strmap_slot *s = strmap_find(m, key, keylen, hash_bytes(key, keylen));
	return s->key ? s->value : NULL;
}

void **strmap_slot(struct strmap *m, const char *key, size_t keylen, bool *found)
{
	if ((m->len + 1) * 4 > m->cap * 3)
		strmap_rehash(m);
	uint64_t h = hash_bytes(key, keylen);
	struct strmap_slot *s = strmap_find(m, key, keylen, h);
	*found = s->key != NULL;
	if (!s->key) {
		*s = (struct strmap_slot){key, keylen, h, NULL};
		m->len++;
	}
	return &s->value;
}

void strmap_rekey(void **slot, const char *key)
{
	struct strmap_slot *s = (struct strmap_slot *)((char *)slot - offsetof(struct strmap_slot, value));
	s->key = key;
}

void strmap_reserve(struct strmap *m, size_t n)
{
	while ((n + 1) * 4 > m->cap * 3)
		strmap_rehash(m);
}

void *strmap_value_at(const struct strmap *m, size_t i)
{
	return m->slots[i].key ? m->slots[i].value : NULL;
}

void strmap_free(struct strmap *m)
{
	free(m->slots);
	*m = (struct strmap){0};
}

size_t edit_distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b);
	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	size_t *row = xmalloc((lb + 1) * sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0], best = row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t v = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > max) {
			free(row);
			return max + 1;
		}
	}
	size_t d = row[lb];
	free(row);
	return d;
}

static bool shell_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("_./:@%+,-", c) != NULL);
}

void shell_quote(struct buf *b, const char *s)
{
	bool safe = *s != '\0';
	for (const char *p = s; *p && safe; p++)
		safe = shell_safe((unsigned char)*p);
	if (safe) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '\'')
			buf_puts(b, "'\\''");
		else
			buf_putc(b, *p);
	}
	buf_putc(b, '\'');
}

double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double wall_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void strvec_push(struct strvec *sv, const char *s)
{
	sv->v = xgrow(sv->v, &sv->cap, sv->n + 2, sizeof(*sv->v));
	sv->v[sv->n++] = xstrdup(s);
	sv->v[sv->n] = NULL;
}

void strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	sv->v = xgrow(sv->v, &sv->cap, sv->n + 2, sizeof(*sv->v));
	sv->v[sv->n++] = buf_detach(&b);
	sv->v[sv->n] = NULL;
}

void strvec_free(struct strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	*sv = (struct strvec){0};
}
