/* diag: positioned error messages. */
#define _POSIX_C_SOURCE 200809L
#include "diag.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct srcfile *diag_add_source(struct diag *d, const char *path, const char *text, size_t len)
{
	struct srcfile *f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	f->text = xmalloc(len + 1);
	/* Line ends are normalised, as Python's universal newlines: CR LF and a lone CR
	 * become LF, so a CRLF file's strings hold no CR. */
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		f->text[n++] = text[i] == '\r' ? '\n' : text[i];
		if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
			i++;
	}
	f->text[n] = '\0';
	f->len = n;
	f->next = d->files;
	d->files = f;
	return f;
}

const struct srcfile *diag_load(struct diag *d, const char *path, const char *shown)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	struct buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&b, chunk, n);
	int err = ferror(fp) ? errno : 0;
	fclose(fp);
	if (err) {
		buf_free(&b);
		errno = err;
		return NULL;
	}
	const struct srcfile *f = diag_add_source(d, shown, buf_str(&b), b.len);
	buf_free(&b);
	return f;
}

static FILE *out(const struct diag *d)
{
	return d->out ? d->out : stderr;
}

/* The source line containing p, and its length (it may hold NUL bytes). */
static const char *line_of(struct pos p, size_t *len)
{
	const char *s = p.file->text, *end = s + p.file->len;
	for (int l = 1; l < p.line && s < end; s++)
		if (*s == '\n')
			l++;
	const char *e = memchr(s, '\n', (size_t)(end - s));
	*len = (size_t)((e ? e : end) - s);
	return s;
}

static void show_line(FILE *fp, struct pos p)
{
	size_t len;
	const char *line = line_of(p, &len);
	fprintf(fp, "%5d | ", p.line);
	/* A NUL byte is shown as the symbol for it, one column wide. */
	for (size_t i = 0; i < len; i++)
		if (line[i])
			fputc(line[i], fp);
		else
			fputs("\xe2\x90\x80", fp); /* U+2400 */
	fputs("\n      | ", fp);
	/* Keep tabs so the caret lines up with the source line as printed; a UTF-8
	 * character takes one column however many bytes it has. */
	for (int i = 1; i < p.col && (size_t)(i - 1) < len; i++) {
		unsigned char c = (unsigned char)line[i - 1];
		if ((c & 0xc0) != 0x80)
			fputc(c == '\t' ? '\t' : ' ', fp);
	}
	fputs("^\n", fp);
}

static void vmessage(struct diag *d, struct pos p, const char *kind, const char *fmt, va_list ap)
{
	FILE *fp = out(d);
	if (p.file && d->on_pos)
		d->on_pos(p, d->on_pos_arg);
	if (p.file)
		fprintf(fp, "%s:%d:%d: %s: ", p.file->path, p.line, p.col, kind);
	else
		fprintf(fp, "flow: %s: ", kind);
	vfprintf(fp, fmt, ap);
	fputc('\n', fp);
	if (p.file)
		show_line(fp, p);
}

void diag_error(struct diag *d, struct pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(d, p, "error", fmt, ap);
	va_end(ap);
	d->nerrors++;
}

void diag_note(struct diag *d, struct pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(d, p, "note", fmt, ap);
	va_end(ap);
}

void diag_hint(struct diag *d, const char *fmt, ...)
{
	FILE *fp = out(d);
	va_list ap;
	va_start(ap, fmt);
	fputs("      = hint: ", fp);
	vfprintf(fp, fmt, ap);
	fputc('\n', fp);
	va_end(ap);
}

void diag_plain(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(d, (struct pos){0}, "error", fmt, ap);
	va_end(ap);
	d->nerrors++;
}

void diag_free(struct diag *d)
{
	for (struct srcfile *f = d->files, *next; f; f = next) {
		next = f->next;
		free(f->path);
		free(f->text);
		free(f);
	}
	d->files = NULL;
}
