/* diag: source files and positions, and error messages that show the line with a caret. */
#ifndef FLOW_DIAG_H
#define FLOW_DIAG_H

#include <stdio.h>

/* A source text. Owned by the struct diag that loaded or registered it. Line ends are
 * normalised when it is registered: CR LF and a lone CR become LF. */
struct srcfile {
	char *path;    /* as shown in messages, e.g. "Flowfile" or "rules/align.flow" */
	char *text;    /* NUL-terminated contents */
	size_t len;
	struct srcfile *next;
};

/* A position in a source file: line and column start at 1; file NULL means "no position". */
struct pos {
	const struct srcfile *file;
	int line, col;
};

/* Collects errors for one run. Zero-initialise, then set out (NULL means stderr). */
struct diag {
	FILE *out;
	int nerrors;
	struct srcfile *files;
	/* Optional: called with the position of every positioned message before it is
	 * printed (the fuzz target checks them). */
	void (*on_pos)(struct pos p, void *arg);
	void *on_pos_arg;
};

/* Register a copy of text under path; the returned file lives as long as d. */
const struct srcfile *diag_add_source(struct diag *d, const char *path, const char *text, size_t len);
/* Read path into a registered source (shown as 'shown'); NULL with errno set on failure. */
const struct srcfile *diag_load(struct diag *d, const char *path, const char *shown);
/* Print "file:line:col: error: MSG", the source line and a caret under col; counts the error. */
void diag_error(struct diag *d, struct pos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Print "file:line:col: note: MSG" with the line and caret; does not count as an error. */
void diag_note(struct diag *d, struct pos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Print an indented "hint: MSG" line belonging to the previous message. */
void diag_hint(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "flow: error: MSG" for an error without a source position; counts the error. */
void diag_plain(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Free every registered source. */
void diag_free(struct diag *d);

#endif
