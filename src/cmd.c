/* cmd: interpolation of shell templates. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

/* A path as one shell word; one that starts with '-' as "./-...", so that no command
 * takes it for an option. */
static void put_path(struct buf *b, const char *path)
{
	if (path[0] == '-') {
		struct buf dotted = {0};
		buf_puts(&dotted, "./");
		buf_puts(&dotted, path);
		shell_quote(b, dotted.s);
		buf_free(&dotted);
		return;
	}
	shell_quote(b, path);
}

static void put_files(struct buf *b, struct file *const *files, size_t first, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ' ');
		put_path(b, files[first + i]->path);
	}
}

static void put_fileset(struct buf *b, const struct tseg *t, const struct fileset *fs, struct file *const *files)
{
	if (t->index >= 0)
		put_files(b, files, (size_t)t->index, 1);
	else if (t->sel >= 0)
		put_files(b, files, fs->groups[t->sel].first, fs->groups[t->sel].count);
	else
		put_files(b, files, 0, fs->npats);
}

/* A param as written, but with the wildcard values in it shell-quoted: they come from
 * file names. */
static void put_param(struct buf *b, const struct pattern *p, const char *const *wc)
{
	for (size_t i = 0; i < p->nsegs; i++) {
		if (p->segs[i].wildcard)
			shell_quote(b, wc[p->segs[i].wc]);
		else
			buf_put(b, p->segs[i].text, p->segs[i].len);
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
			shell_quote(b, j->wc[t->sel]);
			break;
		case PH_PARAM:
			put_param(b, &r->params[t->sel].pat, j->wc);
			break;
		case PH_THREADS:
			buf_printf(b, "%d", j->threads);
			break;
		case PH_RESOURCE:
			buf_puts(b, r->res[t->sel].text);
			break;
		}
	}
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
