/* rec: recording job starts and results. */
#include "rec.h"
#include "exec.h"

#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void rec_init(struct recorder *r, struct store *st)
{
	*r = (struct recorder){.st = st};
	if (gethostname(r->host, sizeof(r->host) - 1) < 0)
		strcpy(r->host, "unknown");
}

static void need_git(struct recorder *r)
{
	if (!r->have_git) {
		gitinfo_read(&r->git, ".");
		r->have_git = true;
	}
}

int rec_started(struct recorder *r, const struct job *j, const char *executor, const char *handle,
		const char *container)
{
	buf_reset(&r->key);
	sig_job_key(&r->key, j);
	const char **outs = xmalloc((j->nout + 1) * sizeof(*outs));
	for (uint32_t i = 0; i < j->nout; i++)
		outs[i] = j->out[i]->path;
	struct jrec rec = {.key = r->key.s, .executor = executor, .handle = handle,
			   .start = wall_seconds(), .started_outputs = outs, .nstarted_outputs = j->nout,
			   .container = container ? container : "", .run_id = getenv("FLOW_RUN_ID")};
	int rc = store_put_start(r->st, &rec);
	free(outs);
	return rc;
}

int rec_finished(struct recorder *r, struct job *j, const struct sigparts *parts, double start, double end,
		 struct buf *err)
{
	need_git(r);
	struct pathhash *ins = xcalloc(j->nin + 1, sizeof(*ins));
	struct pathhash *outs = xcalloc(j->nout + 1, sizeof(*outs));
	int rc = 0;
	for (uint32_t i = 0; i < j->nin; i++)
		ins[i] = (struct pathhash){.path = j->in[i]->path, .hash = j->in[i]->hash};
	for (uint32_t i = 0; i < j->nout && rc == 0; i++) {
		graph_unstat(j->out[i]);
		if (sig_file_unrecorded(r->st, j->out[i]) < 0) {
			buf_printf(err, "cannot read its output '%s': %s", j->out[i]->path, strerror(errno));
			rc = -1;
		}
		outs[i] = (struct pathhash){j->out[i]->path, j->out[i]->hash, sig_recordable_id(j->out[i])};
		if (rc == 0 && outs[i].id.mtime_ns == INT64_MIN) {
			struct racy rc1 = {j, i, j->out[i]->hash};
			VEC_PUSH(r->racy, r->nracy, r->capracy, rc1);
		}
	}
	if (rc == 0) {
		buf_reset(&r->key);
		sig_job_key(&r->key, j);
		struct jrec rec = {.key = r->key.s, .sig = parts->sig, .status = 0, .start = start, .end = end,
				   .host = r->host, .git_commit = r->git.commit, .git_dirty = r->git.dirty,
				   .rule = j->rule->name, .command = buf_str(&parts->cmd), .image = parts->image,
				   .params = parts->params, .nparams = parts->nparams, .env = parts->env,
				   .nenv = parts->nenv, .inputs = ins, .ninputs = j->nin, .outputs = outs,
				   .noutputs = j->nout};
		if (store_put_result(r->st, &rec) < 0) {
			buf_printf(err, "cannot write the state store: %s", strerror(errno));
			rc = -1;
		}
	}
	free(ins);
	free(outs);
	return rc;
}

int rec_failed(struct recorder *r, const struct job *j, int status)
{
	buf_reset(&r->key);
	sig_job_key(&r->key, j);
	return rec_failed_key(r, r->key.s, status);
}

int rec_failed_key(struct recorder *r, const char *key, int status)
{
	/* A failure is a result of its own: its outputs, whatever is left of them, are
	 * never taken for the job's work (no adoption), and it reruns. */
	struct jrec rec = {.key = key, .status = status ? status : -1, .start = wall_seconds(), .end = wall_seconds(),
			   .host = r->host, .git_commit = "", .rule = "", .command = "", .image = ""};
	return store_put_result(r->st, &rec);
}

struct recover {
	struct recorder *r;
	const struct graph *g;
	FILE *out;
	size_t n;
	struct executor *ex; /* the local executor, which ends what a dead flow left */
	struct strmap runs;  /* run ids of flows that left jobs running */
	struct buf key;
};

/* Why recovery must not remove path, named by the start record of job key, or NULL when it
 * may: only a declared output of that very job in the current graph (never a source, nor
 * a file another job makes), inside the project: relative, without "..", and without a
 * symbolic link among the directories on its way (the file itself, if a link, is removed,
 * not what it points to). A damaged or crafted record names anything. */
static const char *not_removable(struct recover *rc, const char *key, const char *path)
{
	if (path[0] == '/' || !path[0])
		return "it is outside the project directory";
	for (const char *p = path; *p; p += strcspn(p, "/"), p += *p == '/')
		if (strncmp(p, "..", 2) == 0 && (p[2] == '/' || !p[2]))
			return "it is outside the project directory";
	struct file *f = strmap_get(&rc->g->files, path, strlen(path));
	if (!f)
		return "no job of this run's graph makes it";
	if (!f->producer)
		return "it is a source";
	buf_reset(&rc->key);
	sig_job_key(&rc->key, f->producer);
	if (strcmp(rc->key.s, key) != 0)
		return "another job makes it";
	char *dir = xstrdup(path);
	const char *why = NULL;
	for (char *slash = strchr(dir, '/'); slash && !why; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		struct stat st;
		if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode))
			why = "a directory on its way is a symbolic link";
		*slash = '/';
	}
	free(dir);
	return why;
}

/* Remove what the start record j names and recovery may remove; report what it keeps. */
static void remove_started(struct recover *rc, const struct jrec *j)
{
	for (uint32_t i = 0; i < j->nstarted_outputs; i++) {
		const char *path = j->started_outputs[i];
		const char *why = not_removable(rc, j->key, path);
		if (why) {
			struct stat st;
			if (lstat(path, &st) == 0)
				fprintf(rc->out, "flow: warning: kept '%s', named by the interrupted job's record: %s\n",
					path, why);
			continue;
		}
		if (unlink(path) < 0 && errno != ENOENT && errno != ENOTDIR && errno != EISDIR)
			fprintf(rc->out, "flow: cannot remove '%s': %s\n", path, strerror(errno));
	}
}

static void collect_run(const struct jrec *j, void *arg)
{
	struct recover *rc = arg;
	bool found;
	if (j->running && j->run_id && *j->run_id)
		*strmap_slot(&rc->runs, j->run_id, strlen(j->run_id), &found) = (void *)j->run_id;
}

static void recover_one(const struct jrec *j, void *arg)
{
	struct recover *rc = arg;
	if (!j->running)
		return;
	/* Only the local executor exists so far: a record of another is cleaned up as far as
	 * its outputs go. */
	bool killed = rc->ex && (!*j->executor || strcmp(j->executor, rc->ex->ops->name) == 0) &&
		      rc->ex->ops->recover(rc->ex, j->handle, j->container);
	remove_started(rc, j);
	struct buf label = {0};
	for (const char *k = j->key; *k; k++)
		buf_putc(&label, *k == '\t' ? ' ' : *k);
	fprintf(rc->out, "flow: job '%s' was interrupted last time%s; its outputs were removed and it will rerun\n",
		label.s, killed ? " (its processes were still running and have been ended)" : "");
	buf_free(&label);
	/* Changes the record in place: safe while iterating. */
	rec_failed_key(rc->r, j->key, -1);
	rc->n++;
}

size_t rec_recover(struct recorder *r, const struct graph *g, FILE *out)
{
	struct recover rc = {.r = r, .g = g, .out = out};
	if (!r->st->nrunning)
		return 0;
	store_each_job(r->st, collect_run, &rc);
	rc.ex = exec_local_new();
	if (rc.ex && rc.runs.len) {
		const char **ids = xmalloc(rc.runs.len * sizeof(*ids));
		size_t n = 0;
		for (size_t i = 0; i < rc.runs.cap; i++)
			if (strmap_value_at(&rc.runs, i))
				ids[n++] = strmap_value_at(&rc.runs, i);
		rc.ex->ops->end_runs(rc.ex, ids, n);
		free(ids);
	}
	store_each_job(r->st, recover_one, &rc);
	if (rc.ex)
		rc.ex->ops->free(rc.ex);
	strmap_free(&rc.runs);
	buf_free(&rc.key);
	return rc.n;
}

void rec_settle(struct recorder *r)
{
	for (size_t i = 0; i < r->nracy; i++) {
		const struct racy *ry = &r->racy[i];
		struct file *f = ry->job->out[ry->idx];
		graph_unstat(f);
		if (!graph_stat(f))
			continue;
		for (int tries = 0; tries < 100 && sig_recordable_id(f).mtime_ns == INT64_MIN; tries++)
			usleep(2000);
		/* Read it again now that a later write would show in its identity: only if the
		 * content is still what the job's record says is that identity recorded there. */
		if (sig_file_unrecorded(r->st, f) < 0 || memcmp(&f->hash, &ry->hash, sizeof(f->hash)) != 0)
			continue;
		struct fstat_id id = sig_recordable_id(f);
		if (id.mtime_ns == INT64_MIN)
			continue;
		buf_reset(&r->key);
		sig_job_key(&r->key, ry->job);
		store_put_outid(r->st, r->key.s, ry->idx, &id);
	}
	r->nracy = 0;
}

void rec_free(struct recorder *r)
{
	buf_free(&r->key);
	free(r->racy);
}
