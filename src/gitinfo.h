/* gitinfo: the project's git commit and whether its tracked files differ from it, read
 * with libgit2 (no git executable), for provenance records. */
#ifndef FLOW_GITINFO_H
#define FLOW_GITINFO_H

#include <stdbool.h>

struct gitinfo {
	char commit[41];  /* hex id of HEAD, "" outside a repository or before the first commit */
	bool dirty;       /* tracked files differ from HEAD */
	bool in_repo;
};

/* Describe the repository containing dir (searching upward). Never fails: outside any
 * repository, in_repo is false. */
void gitinfo_read(struct gitinfo *gi, const char *dir);

#endif
