/* parse: hand-written recursive-descent parser from Flowfile text to struct ast. */
#ifndef FLOW_PARSE_H
#define FLOW_PARSE_H

#include "ast.h"
#include "diag.h"

/* Parse the file at path (shown in messages as shown), following includes relative to
 * the including file. Errors go to d (several are collected where the parser can
 * resynchronise); the caller checks d->nerrors. Always returns a tree to free with
 * ast_free, possibly partial. */
struct ast *parse_file(struct diag *d, const char *path, const char *shown);
/* The same for text in memory named name; includes are resolved relative to the
 * current directory. */
struct ast *parse_string(struct diag *d, const char *name, const char *text, size_t len);

#endif
