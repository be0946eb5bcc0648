/* gitinfo: HEAD and dirtiness through libgit2. */
#include "gitinfo.h"

#include <git2.h>
#include <string.h>

static bool is_dirty(git_repository *repo)
{
	git_status_options opts;
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	git_status_list *list = NULL;
	if (git_status_list_new(&list, repo, &opts) < 0)
		return false;
	bool dirty = git_status_list_entrycount(list) > 0;
	git_status_list_free(list);
	return dirty;
}

void gitinfo_read(struct gitinfo *gi, const char *dir)
{
	memset(gi, 0, sizeof(*gi));
	git_libgit2_init();
	git_repository *repo = NULL;
	if (git_repository_open_ext(&repo, dir, 0, NULL) == 0) {
		gi->in_repo = true;
		git_oid oid;
		if (git_reference_name_to_id(&oid, repo, "HEAD") == 0)
			git_oid_tostr(gi->commit, sizeof(gi->commit), &oid);
		gi->dirty = is_dirty(repo);
		git_repository_free(repo);
	}
	git_libgit2_shutdown();
}
