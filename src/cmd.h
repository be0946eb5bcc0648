/* cmd: a job's command line, interpolated from its rule's shell template, and its log path. */
#ifndef FLOW_CMD_H
#define FLOW_CMD_H

#include "graph.h"

/* Append the job's command to b: placeholders filled in, file names and wildcard values
 * shell-quoted, params as written. */
void cmd_build(struct buf *b, const struct job *j);
/* Append the job's log path to b: ".flow/log/RULE/NAME=VALUE,....log". */
void cmd_logpath(struct buf *b, const struct job *j);
/* Split cmd into argv when it is one simple command that bash would just execute: plain
 * words and single-quoted strings, no expansions, redirections or builtins. The words are
 * stored in *store (NUL-separated); returns the argument count, or 0 when bash is needed. */
size_t cmd_simple_argv(const char *cmd, struct buf *store, char ***argv);

#endif
