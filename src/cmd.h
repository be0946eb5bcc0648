/* cmd: a job's command line, interpolated from its rule's shell template, and its log path. */
#ifndef FLOW_CMD_H
#define FLOW_CMD_H

#include <stddef.h>

struct buf;
struct diag;
struct job;
struct param;
struct rule;
struct value;

/* Append the job's command to b: placeholders filled in, every value (file name,
 * wildcard, param item, resource) as data, quoted for the context it stands in; raw
 * param items as written. */
void cmd_build(struct buf *b, const struct job *j);
/* Find the quoting context of every placeholder of r's shell template (from shell, the
 * value it was compiled from); report a placeholder where no value can be quoted
 * (inside `...` or a here-document) to d. Returns the number of errors. */
int cmd_quote_contexts(struct rule *r, const struct value *shell, struct diag *d);
/* Append param p's value with the wildcards wc filled in: its items separated by spaces. */
void cmd_param_text(struct buf *b, const struct param *p, const char *const *wc);
/* Append the job's log path to b: ".flow/log/RULE/NAME=VALUE,....log". */
void cmd_logpath(struct buf *b, const struct job *j);
/* Split cmd into argv when it is one simple command that bash would just execute: plain
 * words and single-quoted strings, no expansions, redirections or builtins. The words are
 * stored in *store (NUL-separated); returns the argument count, or 0 when bash is needed. */
size_t cmd_simple_argv(const char *cmd, struct buf *store, char ***argv);

#endif
