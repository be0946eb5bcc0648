/* pattern: parsing, compiling and matching file patterns. */
#include "pattern.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pos pattern_seg_pos(const struct pattern *p, size_t i)
{
	return value_pos_at(p->origin, p->segs[i].off);
}

static void add_seg(struct pattern *p, size_t *cap, struct pat_seg s)
{
	/* Merge adjacent literals so a pattern is literal, wildcard, literal, ... */
	if (!s.wildcard && p->nsegs && !p->segs[p->nsegs - 1].wildcard) {
		struct pat_seg *last = &p->segs[p->nsegs - 1];
		char *t = xmalloc(last->len + s.len + 1);
		memcpy(t, last->text, last->len);
		memcpy(t + last->len, s.text, s.len);
		t[last->len + s.len] = '\0';
		free((char *)last->text);
		last->text = t;
		last->len += s.len;
		return;
	}
	if (!s.wildcard)
		s.text = xstrndup(s.text, s.len);
	VEC_PUSH(p->segs, p->nsegs, *cap, s);
}

/* The end of a brace group starting at s (which points at '{'), allowing nested braces in
 * a constraint; NULL when unclosed. */
static const char *group_end(const char *s)
{
	int depth = 0;
	for (const char *q = s; *q; q++) {
		if (*q == '\\' && q[1]) {
			q++;
			continue;
		}
		if (*q == '{')
			depth++;
		else if (*q == '}' && --depth == 0)
			return q;
	}
	return NULL;
}

static bool valid_name(const char *s, size_t n)
{
	if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return false;
	return true;
}

/* Copy literal pieces into the arena once parsing succeeded (segments are built with
 * xmalloc'd literals so that merging is simple). */
static void settle(struct pattern *p, struct arena *a)
{
	struct pat_seg *segs = arena_alloc(a, p->nsegs * sizeof(*segs));
	for (size_t i = 0; i < p->nsegs; i++) {
		segs[i] = p->segs[i];
		if (!segs[i].wildcard) {
			segs[i].text = arena_strndup(a, p->segs[i].text, p->segs[i].len);
			free((char *)p->segs[i].text);
		}
	}
	free(p->segs);
	p->segs = segs;
	p->prefix = p->suffix = "";
	/* A literal pattern is all suffix, so that prefix and suffix never overlap. */
	if (p->nsegs > 1 && !segs[0].wildcard) {
		p->prefix = segs[0].text;
		p->prefix_len = segs[0].len;
	}
	if (p->nsegs && !segs[p->nsegs - 1].wildcard) {
		p->suffix = segs[p->nsegs - 1].text;
		p->suffix_len = segs[p->nsegs - 1].len;
	}
}

int pattern_parse(struct pattern *p, const char *text, const struct value *origin, bool allow_regex,
		  struct diag *d, struct arena *a)
{
	*p = (struct pattern){.text = text, .origin = origin};
	size_t cap = 0;
	int errors = 0;
	const char *s = text;
	while (*s) {
		size_t off = (size_t)(s - text);
		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
			add_seg(p, &cap, (struct pat_seg){.text = s, .len = 1, .off = off});
			s += 2;
			continue;
		}
		if (*s == '}') {
			diag_error(d, value_pos_at(origin, off), "unmatched '}' in pattern '%s'", text);
			diag_hint(d, "write }} for a literal brace");
			errors++;
			s++;
			continue;
		}
		if (*s != '{') {
			size_t n = strcspn(s, "{}");
			add_seg(p, &cap, (struct pat_seg){.text = s, .len = n, .off = off});
			s += n;
			continue;
		}
		const char *end = group_end(s);
		if (!end) {
			diag_error(d, value_pos_at(origin, off), "unclosed '{' in pattern '%s'", text);
			diag_hint(d, "write {{ for a literal brace");
			errors++;
			break;
		}
		const char *name = s + 1;
		const char *comma = memchr(name, ',', (size_t)(end - name));
		size_t nlen = (size_t)((comma ? comma : end) - name);
		struct pat_seg seg = {.text = NULL, .len = nlen, .wildcard = true, .off = off, .wc = -1};
		if (!valid_name(name, nlen)) {
			diag_error(d, value_pos_at(origin, off), "'%.*s' is not a wildcard name",
				   (int)(end - s + 1), s);
			diag_hint(d, "a wildcard is {name} or {name,regex}; write {{ and }} for literal braces");
			errors++;
		} else if (comma && !allow_regex) {
			diag_error(d, value_pos_at(origin, off),
				   "a constraint on wildcard '%.*s' is only allowed in an output pattern",
				   (int)nlen, name);
			errors++;
		} else if (comma && comma + 1 == end) {
			diag_error(d, value_pos_at(origin, off), "empty constraint for wildcard '%.*s'",
				   (int)nlen, name);
			errors++;
		}
		seg.text = arena_strndup(a, name, nlen);
		if (comma)
			seg.regex = arena_strndup(a, comma + 1, (size_t)(end - comma - 1));
		add_seg(p, &cap, seg);
		s = end + 1;
	}
	settle(p, a);
	return errors ? -1 : 0;
}

static void regex_literal(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strchr("\\^$.|?*+()[]{}/-#", s[i]))
			buf_putc(b, '\\');
		buf_putc(b, s[i]);
	}
}

int pattern_compile(struct pattern *p, const char *const *regexes, size_t nwc, struct diag *d)
{
	struct buf b = {0};
	bool *seen = xcalloc(nwc + 1, sizeof(*seen));
	for (size_t i = 0; i < p->nsegs; i++) {
		const struct pat_seg *s = &p->segs[i];
		if (!s->wildcard)
			regex_literal(&b, s->text, s->len);
		else if (seen[s->wc])
			buf_printf(&b, "\\k<w%d>", s->wc);
		else {
			buf_printf(&b, "(?<w%d>(?:%s))", s->wc, regexes[s->wc]);
			seen[s->wc] = true;
		}
	}
	free(seen);
	int err;
	PCRE2_SIZE erroff;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)buf_str(&b), b.len,
					 PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_DOTALL, &err, &erroff, NULL);
	buf_free(&b);
	p->re = (struct pattern_re *)code;
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(err, msg, sizeof(msg));
		diag_error(d, p->origin ? p->origin->pos : (struct pos){0},
			   "invalid wildcard constraint in pattern '%s': %s", p->text, (char *)msg);
		return -1;
	}
	uint32_t groups = 0;
	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
	if (groups >= PATTERN_MAX_GROUPS) {
		diag_error(d, p->origin ? p->origin->pos : (struct pos){0},
			   "the wildcard constraints of pattern '%s' have too many groups (%u)", p->text, groups);
		pcre2_code_free(code);
		p->re = NULL;
		return -1;
	}
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* best effort: the interpreter still works */
	p->groups = xcalloc(nwc + 1, sizeof(*p->groups));
	for (size_t k = 0; k < nwc; k++) {
		char name[32];
		snprintf(name, sizeof(name), "w%zu", k);
		int g = pcre2_substring_number_from_name(code, (PCRE2_SPTR)name);
		p->groups[k] = g > 0 ? (uint32_t)g : 0;
	}
	return 0;
}

/* The compiled regex of p (struct pattern_re is PCRE2's code under a name of our own, so
 * that pattern.h need not include pcre2.h; likewise struct pattern_md). */
static pcre2_code *re_of(const struct pattern *p)
{
	return (pcre2_code *)p->re;
}

struct pattern_md *pattern_match_data(void)
{
	pcre2_match_data *md = pcre2_match_data_create(PATTERN_MAX_GROUPS, NULL);
	if (!md)
		fatal("out of memory");
	return (struct pattern_md *)md;
}

void pattern_match_data_free(struct pattern_md *md)
{
	pcre2_match_data_free((pcre2_match_data *)md);
}

bool pattern_match(const struct pattern *p, const char *path, size_t len, struct pattern_md *pmd,
		   const char **vals, size_t *lens)
{
	pcre2_match_data *md = (pcre2_match_data *)pmd;
	if (len < p->prefix_len + p->suffix_len || memcmp(path, p->prefix, p->prefix_len) != 0 ||
	    memcmp(path + len - p->suffix_len, p->suffix, p->suffix_len) != 0)
		return false;
	if (pcre2_match(re_of(p), (PCRE2_SPTR)path, len, 0, 0, md, NULL) < 0)
		return false;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	for (size_t i = 0; i < p->nsegs; i++) {
		const struct pat_seg *s = &p->segs[i];
		if (!s->wildcard)
			continue;
		uint32_t g = p->groups[s->wc];
		vals[s->wc] = path + ov[2 * g];
		lens[s->wc] = ov[2 * g + 1] - ov[2 * g];
	}
	return true;
}

void pattern_subst(struct buf *b, const struct pattern *p, const char *const *vals)
{
	for (size_t i = 0; i < p->nsegs; i++) {
		if (p->segs[i].wildcard)
			buf_puts(b, vals[p->segs[i].wc]);
		else
			buf_put(b, p->segs[i].text, p->segs[i].len);
	}
}

bool pattern_is_literal(const struct pattern *p)
{
	return p->nsegs == 0 || (p->nsegs == 1 && !p->segs[0].wildcard);
}

size_t pattern_distance(const struct pattern *p, const char *path)
{
	/* Approximate matching: dist[j] is the cost of matching the pattern so far against
	 * path[0..j). A wildcard absorbs any run of non-'/' characters for free. */
	size_t n = strlen(path);
	size_t *dist = xmalloc((n + 1) * sizeof(*dist)), *next = xmalloc((n + 1) * sizeof(*next));
	for (size_t j = 0; j <= n; j++)
		dist[j] = j;
	for (size_t i = 0; i < p->nsegs; i++) {
		const struct pat_seg *s = &p->segs[i];
		if (s->wildcard) {
			/* Need at least one character; take it from any earlier point without '/'. */
			next[0] = dist[0] + 1;
			for (size_t j = 1; j <= n; j++) {
				size_t v = next[j - 1] + 1;
				if (path[j - 1] != '/') {
					size_t reach = dist[j - 1] < next[j - 1] ? dist[j - 1] : next[j - 1];
					if (reach < v)
						v = reach;
				}
				next[j] = v;
			}
			memcpy(dist, next, (n + 1) * sizeof(*dist));
			continue;
		}
		for (size_t k = 0; k < s->len; k++) {
			next[0] = dist[0] + 1;
			for (size_t j = 1; j <= n; j++) {
				size_t v = dist[j - 1] + (s->text[k] != path[j - 1]);
				if (dist[j] + 1 < v)
					v = dist[j] + 1;
				if (next[j - 1] + 1 < v)
					v = next[j - 1] + 1;
				next[j] = v;
			}
			memcpy(dist, next, (n + 1) * sizeof(*dist));
		}
	}
	size_t r = dist[n];
	free(dist);
	free(next);
	return r;
}

void pattern_free(struct pattern *p)
{
	pcre2_code_free(re_of(p));
	free(p->groups);
	p->re = NULL;
	p->groups = NULL;
}
