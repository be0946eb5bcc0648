/* cmd: interpolation of shell templates. */
#include "cmd.h"
#include "graph.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Append value s to b so that bash reads it as the data s, in quoting context q. */
static void put_datum(struct buf *b, const char *s, enum qctx q)
{
	size_t start = b->len;
	switch (q) {
	case QC_PLAIN:
	case QC_COMMENT:
		shell_quote(b, s);
		break;
	case QC_SINGLE:
		for (; *s; s++)
			if (*s == '\'')
				buf_puts(b, "'\\''");
			else
				buf_putc(b, *s);
		break;
	case QC_DOUBLE:
		for (; *s; s++) {
			if (strchr("$`\"\\", *s))
				buf_putc(b, '\\');
			buf_putc(b, *s);
		}
		break;
	case QC_ANSI:
		/* No quote character at all: a shell without $'...' (the sh of a container
		 * image) reads it as '...', where \x27 is harmless text. */
		for (; *s; s++)
			if (*s == '\'')
				buf_puts(b, "\\x27");
			else if (*s == '\\')
				buf_puts(b, "\\\\");
			else
				buf_putc(b, *s);
		break;
	}
	if (q == QC_COMMENT)
		/* Only a line end could end a comment. */
		for (size_t i = start; i < b->len; i++)
			if (b->s[i] == '\n' || b->s[i] == '\r')
				b->s[i] = ' ';
}

/* A path as data; one that starts with '-' as "./-...", so that no command takes it for
 * an option. */
static void put_path(struct buf *b, const char *path, enum qctx q)
{
	if (path[0] == '-') {
		struct buf dotted = {0};
		buf_puts(&dotted, "./");
		buf_puts(&dotted, path);
		put_datum(b, dotted.s, q);
		buf_free(&dotted);
		return;
	}
	put_datum(b, path, q);
}

static void put_files(struct buf *b, struct file *const *files, size_t first, size_t n, enum qctx q)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ' ');
		put_path(b, files[first + i]->path, q);
	}
}

static void put_fileset(struct buf *b, const struct tseg *t, const struct fileset *fs, struct file *const *files)
{
	if (t->index >= 0)
		put_files(b, files, (size_t)t->index, 1, t->quote);
	else if (t->sel >= 0)
		put_files(b, files, fs->groups[t->sel].first, fs->groups[t->sel].count, t->quote);
	else
		put_files(b, files, 0, fs->npats, t->quote);
}

/* A raw param item: shell code as written, with the wildcard values in it shell-quoted
 * (they come from file names). */
static void put_raw(struct buf *b, const struct pattern *p, const char *const *wc)
{
	for (size_t i = 0; i < p->nsegs; i++) {
		if (p->segs[i].wildcard)
			shell_quote(b, wc[p->segs[i].wc]);
		else
			buf_put(b, p->segs[i].text, p->segs[i].len);
	}
}

/* A param: each item as data (an empty one, unquoted, as nothing), raw items as code;
 * items separated by spaces. */
static void put_param(struct buf *b, const struct param *p, const char *const *wc, enum qctx q)
{
	struct buf v = {0};
	bool first = true;
	for (size_t i = 0; i < p->nitems; i++) {
		buf_reset(&v);
		if (!p->items[i].raw)
			pattern_subst(&v, &p->items[i].pat, wc);
		if (!p->items[i].raw && v.len == 0 && q == QC_PLAIN)
			continue;
		if (!first)
			buf_putc(b, ' ');
		first = false;
		if (p->items[i].raw)
			put_raw(b, &p->items[i].pat, wc);
		else
			put_datum(b, buf_str(&v), q);
	}
	buf_free(&v);
}

void cmd_param_text(struct buf *b, const struct param *p, const char *const *wc)
{
	for (size_t i = 0; i < p->nitems; i++) {
		if (i)
			buf_putc(b, ' ');
		pattern_subst(b, &p->items[i].pat, wc);
	}
}

void cmd_build(struct buf *b, const struct job *j)
{
	const struct rule *r = j->rule;
	for (size_t i = 0; i < r->ntmpl; i++) {
		const struct tseg *t = &r->tmpl[i];
		if (!t->placeholder) {
			buf_put(b, t->text, t->len);
			continue;
		}
		switch (t->kind) {
		case PH_INPUT:
			put_fileset(b, t, &r->in, j->in);
			break;
		case PH_OUTPUT:
			put_fileset(b, t, &r->out, j->out);
			break;
		case PH_LOG:
			put_fileset(b, t, &r->log, j->log);
			break;
		case PH_WILDCARD:
			put_datum(b, j->wc[t->sel], t->quote);
			break;
		case PH_PARAM:
			put_param(b, &r->params[t->sel], j->wc, t->quote);
			break;
		case PH_THREADS:
			buf_printf(b, "%d", j->threads);
			break;
		case PH_RESOURCE:
			put_datum(b, r->res[t->sel].text, t->quote);
			break;
		}
	}
}

/* How bash reads the shell text at a point: enough of its quoting rules to know how a
 * value placed there must be quoted, or that it cannot be. */
enum qstate { QS_PLAIN, QS_SINGLE, QS_DOUBLE, QS_ANSI, QS_COMMENT, QS_BACKTICK, QS_HEREDOC };

#define QS_MAX 64

struct qscan {
	enum qstate st[QS_MAX];  /* st[depth - 1] is the current state */
	int parens[QS_MAX];      /* '(' open within each level of $( ) */
	int depth;
	bool esc;                /* the previous character was an unquoted backslash */
	int cases[QS_MAX];       /* case statements open within each level */
	char word[8];            /* the unquoted word being read, and its length */
	int wlen;
	bool word_cmd;           /* that word started a command */
	bool cmd_start;          /* the next word starts a command */
	char prev;
	int lts;                 /* '<' just before, in a row */
	bool word_start;         /* the next character starts a word */
	int hd_stage;            /* after "<<": 1 reading '-' and blanks, 2 the delimiter */
	bool hd_dash, hd_pending;
	struct buf hd_word, hd_delim, line;
};

static void qs_push(struct qscan *q, enum qstate st)
{
	if (q->depth < QS_MAX) {
		q->st[q->depth] = st;
		q->cases[q->depth] = 0;
		q->parens[q->depth++] = 0;
		/* A quoted string is part of a word; $( ) starts a command. */
		q->cmd_start = st == QS_PLAIN;
		q->wlen = 0;
	}
}

static void qs_pop(struct qscan *q)
{
	if (q->depth > 1)
		q->depth--;
	q->cmd_start = false;
	q->wlen = 0;
}

/* The delimiter word of a here-document, after "<<" and an optional '-'; true when c
 * was taken. */
static bool qs_heredoc_word(struct qscan *q, char c)
{
	if (q->hd_stage == 1 && c == '<') {
		q->hd_stage = 0; /* <<< is a here-string */
		return false;
	}
	if (q->hd_stage == 1 && (c == '-' || c == ' ' || c == '\t')) {
		q->hd_dash |= c == '-';
		return true;
	}
	if (q->hd_stage == 1)
		q->hd_stage = 2;
	if (!strchr(" \t\n;&|<>()", c)) {
		if (c != '\'' && c != '"' && c != '\\')
			buf_putc(&q->hd_word, c);
		return true;
	}
	q->hd_stage = 0;
	buf_reset(&q->hd_delim);
	buf_puts(&q->hd_delim, buf_str(&q->hd_word));
	q->hd_pending = true;
	return false;
}

static void qs_newline(struct qscan *q)
{
	if (q->hd_pending && q->st[q->depth - 1] == QS_PLAIN) {
		q->hd_pending = false;
		buf_reset(&q->line);
		qs_push(q, QS_HEREDOC);
	}
}

static void qs_heredoc(struct qscan *q, char c)
{
	if (c != '\n') {
		if (!(q->hd_dash && c == '\t' && q->line.len == 0))
			buf_putc(&q->line, c);
		return;
	}
	if (strcmp(buf_str(&q->line), buf_str(&q->hd_delim)) == 0)
		qs_pop(q);
	buf_reset(&q->line);
}

/* Track reserved words at the start of a command: in "case ... in a) ...;; esac" the
 * ')' after a pattern closes nothing. True when c was a letter of a word. */
static bool qs_word(struct qscan *q, char c)
{
	if (isalnum((unsigned char)c) || c == '_') {
		if (q->wlen == 0)
			q->word_cmd = q->cmd_start;
		if (q->wlen < (int)sizeof(q->word) - 1)
			q->word[q->wlen] = c;
		q->wlen++;
		return true;
	}
	if (q->wlen) {
		q->word[q->wlen < (int)sizeof(q->word) ? q->wlen : 0] = '\0';
		int *cases = &q->cases[q->depth - 1];
		static const char *const leads[] = {"if", "then", "else", "elif", "do", "while", "until", "time"};
		bool lead = false;
		for (size_t i = 0; i < LEN(leads); i++)
			lead |= strcmp(q->word, leads[i]) == 0;
		if (q->word_cmd && strcmp(q->word, "case") == 0)
			++*cases;
		else if (q->word_cmd && strcmp(q->word, "esac") == 0 && *cases > 0)
			--*cases;
		q->cmd_start = q->word_cmd && lead;
		q->wlen = 0;
	}
	if (strchr(";&|(\n", c))
		q->cmd_start = true;
	else if (c != ' ' && c != '\t')
		q->cmd_start = false;
	return false;
}

static void qs_plain(struct qscan *q, char c)
{
	int *parens = &q->parens[q->depth - 1];
	if (qs_word(q, c))
		return;
	switch (c) {
	case '\\': q->esc = true; break;
	case '\'': qs_push(q, q->prev == '$' ? QS_ANSI : QS_SINGLE); break;
	case '"': qs_push(q, QS_DOUBLE); break;
	case '`': qs_push(q, QS_BACKTICK); break;
	case '(':
		if (q->prev == '$')
			qs_push(q, QS_PLAIN);
		else
			++*parens;
		break;
	case ')':
		if (*parens > 0)
			--*parens;
		else if (q->cases[q->depth - 1] > 0)
			q->cmd_start = true; /* the end of a case pattern */
		else
			qs_pop(q);
		break;
	case '#':
		if (q->word_start)
			qs_push(q, QS_COMMENT);
		break;
	case '\n': qs_newline(q); break;
	case '<':
		/* (Inside (( )) or $(( )), << is a shift.) */
		if (q->lts == 1 && q->hd_stage == 0 && *parens == 0) {
			q->hd_stage = 1;
			q->hd_dash = false;
			buf_reset(&q->hd_word);
		}
		break;
	}
}

/* Read one character of shell text. */
static void qs_feed(struct qscan *q, char c)
{
	enum qstate st = q->st[q->depth - 1];
	if (q->esc) {
		q->esc = false;
		c = c == '\n' ? ' ' : 'x';
	} else if (st == QS_PLAIN && q->hd_stage && qs_heredoc_word(q, c)) {
		/* part of a here-document's delimiter */
	} else {
		switch (st) {
		case QS_PLAIN: qs_plain(q, c); break;
		case QS_SINGLE: if (c == '\'') qs_pop(q); break;
		case QS_ANSI:
		case QS_DOUBLE:
		case QS_BACKTICK:
			if (c == '\\')
				q->esc = true;
			else if ((c == '"' && st == QS_DOUBLE) || (c == '\'' && st == QS_ANSI) ||
				 (c == '`' && st == QS_BACKTICK))
				qs_pop(q);
			else if (st == QS_DOUBLE && c == '`')
				qs_push(q, QS_BACKTICK);
			else if (st == QS_DOUBLE && c == '(' && q->prev == '$')
				qs_push(q, QS_PLAIN);
			break;
		case QS_COMMENT:
			if (c == '\n') {
				qs_pop(q);
				qs_newline(q);
			}
			break;
		case QS_HEREDOC: qs_heredoc(q, c); break;
		}
	}
	q->word_start = strchr(" \t\n;&|()<>", c) != NULL;
	q->lts = c == '<' ? q->lts + 1 : 0;
	q->prev = c;
}

int cmd_quote_contexts(struct rule *r, const struct value *shell, struct diag *d)
{
	struct qscan q = {.depth = 1, .st = {QS_PLAIN}, .word_start = true, .cmd_start = true};
	int errors = 0;
	for (size_t i = 0; i < r->ntmpl; i++) {
		struct tseg *t = &r->tmpl[i];
		if (!t->placeholder) {
			for (size_t k = 0; k < t->len; k++)
				qs_feed(&q, t->text[k]);
			continue;
		}
		enum qstate st = q.st[q.depth - 1];
		static const enum qctx ctx[] = {QC_PLAIN, QC_SINGLE, QC_DOUBLE, QC_ANSI, QC_COMMENT};
		if (st == QS_BACKTICK || st == QS_HEREDOC) {
			const char *ph = shell->s + t->off;
			int len = (int)(strchr(ph, '}') - ph + 1);
			diag_error(d, value_pos_at(shell, t->off), "placeholder '%.*s' inside %s in shell command of rule '%s'",
				   len, ph, st == QS_BACKTICK ? "`...`" : "a here-document", r->name);
			diag_hint(d, "%s", st == QS_BACKTICK ? "write $(...) instead of `...`: flow can quote values there"
							     : "flow cannot quote a value inside a here-document: pass it "
							       "as an argument, e.g. printf '%s\\n' {params.x}");
			errors++;
		} else {
			t->quote = ctx[st];
		}
		qs_feed(&q, 'x');
	}
	buf_free(&q.hd_word);
	buf_free(&q.hd_delim);
	buf_free(&q.line);
	return errors;
}

/* Append s to b so that it is one safe file-name component. */
static void put_component(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '/' || *s == '%' || *s == ',' || *s == '=' || (unsigned char)*s < 0x20)
			buf_printf(b, "%%%02X", (unsigned char)*s);
		else
			buf_putc(b, *s);
	}
}

void cmd_logpath(struct buf *b, const struct job *j)
{
	buf_puts(b, ".flow/log/");
	put_component(b, j->rule->name);
	if (!j->rule->nwc) {
		buf_puts(b, ".log");
		return;
	}
	buf_putc(b, '/');
	size_t start = b->len;
	for (size_t k = 0; k < j->rule->nwc; k++) {
		if (k)
			buf_putc(b, ',');
		put_component(b, j->rule->wcs[k].name);
		buf_putc(b, '=');
		put_component(b, j->wc[k]);
	}
	if (b->len - start > 200 || b->s[start] == '.') {
		/* Keep names within file-system limits and never hidden; the hash keeps them apart. */
		uint64_t h = hash_bytes(b->s + start, b->len - start);
		b->len = start + (b->len - start > 180 ? 180 : b->len - start);
		if (b->s[start] == '.')
			b->s[start] = '_';
		buf_printf(b, "~%016llx", (unsigned long long)h);
	}
	buf_puts(b, ".log");
}

static bool is_builtin(const char *w)
{
	static const char *const names[] = {
		".", ":", "[", "[[", "]]", "{", "}", "!", "alias", "bg", "bind", "break", "builtin", "caller",
		"case", "cd", "command", "compgen", "complete", "compopt", "continue", "coproc", "declare",
		"dirs", "disown", "do", "done", "echo", "elif", "else", "enable", "esac", "eval", "exec",
		"exit", "export", "false", "fc", "fg", "fi", "for", "function", "getopts", "hash", "help",
		"history", "if", "in", "jobs", "kill", "let", "local", "logout", "mapfile", "popd",
		"printf", "pushd", "pwd", "read", "readarray", "readonly", "return", "select", "set",
		"shift", "shopt", "source", "suspend", "test", "then", "time", "times", "trap", "true",
		"type", "typeset", "ulimit", "umask", "unalias", "unset", "until", "wait", "while",
	};
	for (size_t i = 0; i < LEN(names); i++)
		if (strcmp(w, names[i]) == 0)
			return true;
	return false;
}

size_t cmd_simple_argv(const char *cmd, struct buf *store, char ***argv)
{
	static const char safe[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:@%+,=-";
	buf_reset(store);
	size_t nwords = 0;
	const char *s = cmd;
	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		bool first = nwords == 0;
		while (*s && *s != ' ' && *s != '\t') {
			if (*s == '\'') {
				const char *end = strchr(s + 1, '\'');
				if (!end)
					return 0;
				buf_put(store, s + 1, (size_t)(end - s - 1));
				s = end + 1;
			} else if (strchr(safe, *s) && *s) {
				if (first && *s == '=')
					return 0; /* an assignment */
				buf_putc(store, *s++);
			} else {
				return 0;
			}
		}
		buf_putc(store, '\0');
		nwords++;
	}
	if (nwords == 0 || is_builtin(store->s))
		return 0;
	*argv = xmalloc((nwords + 1) * sizeof(**argv));
	char *w = store->s;
	for (size_t i = 0; i < nwords; i++) {
		(*argv)[i] = w;
		w += strlen(w) + 1;
	}
	(*argv)[nwords] = NULL;
	return nwords;
}
