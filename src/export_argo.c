/* export_argo: the job graph as an Argo Workflow, and the way back (see export_argo.h). */
#include "export_argo.h"
#include "cmd.h"
#include "exec.h"
#include "flowdir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#define ARGO_DIR ".flow/argo"
#define ENTRY "flow"             /* the DAG template */
#define VOLUME "project"         /* the volume holding the project directory */
#define NAME_MAX_RULE 40         /* room for "-<16 hex>" and withItems suffixes in 63 */

/* The pod's script: $1 is flow's container launcher, $2 the job's name. It runs the
 * job's command (written at export time) with the launcher, then records that it
 * finished for the next flow. */
#define POD_SCRIPT                                                              \
	"cmd=$(cat \"" ARGO_DIR "/jobs/$2\") && sh -c \"$1\" flow-job \"$cmd\" && " \
	"mkdir -p " ARGO_DIR "/done && : > \"" ARGO_DIR "/done/$2\""

int argo_parse(struct argo_opts *o, const char *spec, struct buf *err)
{
	*o = (struct argo_opts){.own = xstrdup(spec)};
	char *save = NULL;
	char *word = strtok_r(o->own, ",", &save);
	if (!word || strcmp(word, "argo") != 0) {
		buf_printf(err, "--export takes 'argo' (then ,pvc=CLAIM and ,image=IMAGE), not '%s'", spec);
		return -1;
	}
	while ((word = strtok_r(NULL, ",", &save))) {
		char *eq = strchr(word, '=');
		if (eq && eq[1] && strncmp(word, "pvc=", 4) == 0)
			o->pvc = eq + 1;
		else if (eq && eq[1] && strncmp(word, "image=", 6) == 0)
			o->image = eq + 1;
		else {
			buf_printf(err, "--export=argo: unknown setting '%s' (it takes pvc=CLAIM and image=IMAGE)", word);
			return -1;
		}
	}
	if (!o->pvc) {
		buf_puts(err, "--export=argo needs the ReadWriteMany volume claim that holds the project: "
			      "--export=argo,pvc=CLAIM");
		return -1;
	}
	return 0;
}

void argo_opts_free(struct argo_opts *o)
{
	free(o->own);
	o->own = NULL;
}

/* Append s in Argo's alphabet: lower case letters, digits and single '-', at most max. */
static void put_dns(struct buf *b, const char *s, size_t max)
{
	size_t start = b->len;
	for (; *s && b->len - start < max; s++) {
		char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (ok)
			buf_putc(b, c);
		else if (b->len > start && b->s[b->len - 1] != '-')
			buf_putc(b, '-');
	}
	while (b->len > start && b->s[b->len - 1] == '-')
		b->s[--b->len] = '\0';
	if (b->len == start)
		buf_puts(b, "job");
}

void argo_job_name(struct buf *b, const struct job *j)
{
	struct buf label = {0};
	job_label(&label, j);
	put_dns(b, j->rule->name, NAME_MAX_RULE);
	buf_printf(b, "-%016llx", (unsigned long long)hash_bytes(label.s, label.len));
	buf_free(&label);
}

/* ---- the plan: exported jobs, grouped by rule and depth ---- */

struct xjob {
	const struct job *job;
	char *name;
	size_t level;
};

struct group {
	const struct rule *rule;
	size_t level;
	size_t first, count;      /* its jobs: xs[first .. first+count) */
	size_t *deps;             /* indices of the groups it waits for, sorted */
	size_t ndeps, capdeps;
};

struct export {
	const struct graph *g;
	const struct ctr *c;
	const struct argo_opts *o;
	struct xjob *xs;
	size_t nx;
	size_t *xof;              /* job id -> index in xs + 1 (0: not exported) */
	struct group *groups;
	size_t ngroups, capgroups;
	char **tname;             /* rule index -> template name (NULL: unused) */
};

static bool is_exported(const struct job *j)
{
	return !j->rule->target_only && (j->state == JOB_PENDING || j->state == JOB_MAYBE);
}

static int cmp_xjob(const void *a, const void *b)
{
	const struct xjob *x = a, *y = b;
	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	if (x->job->rule->index != y->job->rule->index)
		return x->job->rule->index < y->job->rule->index ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Collect the exported jobs with their depths, in (depth, rule, name) order. */
static void collect(struct export *x)
{
	const struct graph *g = x->g;
	size_t *level = xcalloc(g->njobs ? g->njobs : 1, sizeof(*level));
	x->xs = xcalloc(g->njobs ? g->njobs : 1, sizeof(*x->xs));
	struct buf name = {0};
	for (size_t i = 0; i < g->njobs; i++) {
		const struct job *j = g->order[i];
		if (!is_exported(j))
			continue;
		for (uint32_t k = 0; k < j->nin; k++) {
			const struct job *up = j->in[k]->producer;
			if (up && is_exported(up) && level[up->id] + 1 > level[i])
				level[i] = level[up->id] + 1;
		}
		buf_reset(&name);
		argo_job_name(&name, j);
		x->xs[x->nx++] = (struct xjob){j, xstrdup(name.s), level[i]};
	}
	buf_free(&name);
	free(level);
	qsort(x->xs, x->nx, sizeof(*x->xs), cmp_xjob);
	x->xof = xcalloc(g->njobs ? g->njobs : 1, sizeof(*x->xof));
	for (size_t i = 0; i < x->nx; i++)
		x->xof[x->xs[i].job->id] = i + 1;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* Split the sorted jobs into groups and find each group's dependencies. */
static void group(struct export *x)
{
	size_t *gof = xcalloc(x->nx ? x->nx : 1, sizeof(*gof));
	for (size_t i = 0; i < x->nx; i++) {
		const struct xjob *xj = &x->xs[i];
		struct group *last = x->ngroups ? &x->groups[x->ngroups - 1] : NULL;
		if (!last || last->rule != xj->job->rule || last->level != xj->level) {
			struct group gr = {.rule = xj->job->rule, .level = xj->level, .first = i};
			VEC_PUSH(x->groups, x->ngroups, x->capgroups, gr);
			last = &x->groups[x->ngroups - 1];
		}
		last->count++;
		gof[i] = x->ngroups - 1;
	}
	for (size_t i = 0; i < x->nx; i++) {
		struct group *gr = &x->groups[gof[i]];
		const struct job *j = x->xs[i].job;
		for (uint32_t k = 0; k < j->nin; k++) {
			const struct job *up = j->in[k]->producer;
			if (up && x->xof[up->id])
				VEC_PUSH(gr->deps, gr->ndeps, gr->capdeps, gof[x->xof[up->id] - 1]);
		}
	}
	for (size_t i = 0; i < x->ngroups; i++) {
		struct group *gr = &x->groups[i];
		if (gr->ndeps > 1)
			qsort(gr->deps, gr->ndeps, sizeof(*gr->deps), cmp_size);
		size_t n = 0;
		for (size_t k = 0; k < gr->ndeps; k++)
			if (!n || gr->deps[n - 1] != gr->deps[k])
				gr->deps[n++] = gr->deps[k];
		gr->ndeps = n;
	}
	free(gof);
}

/* Name each used rule's template: its name in Argo's alphabet, with the rule's index
 * appended where two would be the same (or the same as the DAG's). */
static void name_templates(struct export *x)
{
	const struct ruleset *rs = x->g->rs;
	x->tname = xcalloc(rs->nrules ? rs->nrules : 1, sizeof(*x->tname));
	struct strmap taken = {0};
	bool found;
	*strmap_slot(&taken, ENTRY, strlen(ENTRY), &found) = ENTRY;
	struct buf b = {0};
	for (size_t i = 0; i < x->ngroups; i++) {
		const struct rule *r = x->groups[i].rule;
		if (x->tname[r->index])
			continue;
		buf_reset(&b);
		put_dns(&b, r->name, NAME_MAX_RULE);
		if (strmap_get(&taken, b.s, b.len))
			buf_printf(&b, "-%zu", r->index);
		x->tname[r->index] = xstrdup(b.s);
		*strmap_slot(&taken, x->tname[r->index], b.len, &found) = x->tname[r->index];
	}
	buf_free(&b);
	strmap_free(&taken);
}

static void export_free(struct export *x)
{
	for (size_t i = 0; i < x->nx; i++)
		free(x->xs[i].name);
	for (size_t i = 0; i < x->ngroups; i++)
		free(x->groups[i].deps);
	for (size_t i = 0; x->tname && i < x->g->rs->nrules; i++)
		free(x->tname[i]);
	free(x->tname);
	free(x->groups);
	free(x->xof);
	free(x->xs);
}

/* ---- checks before anything is written ---- */

/* Refuse rules without an image (when image= gives none) and rules with mounts. */
static int check_rules(const struct export *x, struct buf *err)
{
	struct buf noimg = {0}, mounts = {0};
	for (size_t i = 0; i < x->g->rs->nrules; i++) {
		const struct rule *r = &x->g->rs->rules[i];
		if (!x->tname[i])
			continue;
		if (!r->container && !x->o->image)
			buf_printf(&noimg, "%s'%s'", noimg.len ? ", " : "", r->name);
		if (r->nmounts)
			buf_printf(&mounts, "%s'%s'", mounts.len ? ", " : "", r->name);
	}
	if (noimg.len)
		buf_printf(err, "--export=argo: every job runs in an image, and these rules name none: %s (give one "
				"with --export=argo,pvc=CLAIM,image=IMAGE, or image: in the rule)", noimg.s);
	else if (mounts.len)
		buf_printf(err, "--export=argo: rules %s have mounts:, which a pod cannot have (only the project "
				"volume is mounted; put the files in the project)", mounts.s);
	int rc = noimg.len || mounts.len ? -1 : 0;
	buf_free(&noimg);
	buf_free(&mounts);
	return rc;
}

/* ---- the way out: commands and directories in the project ---- */

/* The directory name under fd, made when create is set and it is missing; never a link.
 * Closes fd (unless AT_FDCWD). -1 when it cannot be had (errno). */
static int subdir(int fd, const char *name, bool create)
{
	if (create && mkdirat(fd, name, 0777) < 0 && errno != EEXIST)
		return -1;
	int d = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int err = errno;
	if (fd != AT_FDCWD)
		close(fd);
	errno = err;
	return d;
}

/* Write len bytes of text to the file name under dirfd, replacing it; no link followed. */
static int write_at(int dirfd, const char *name, const char *text, size_t len)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, len);
	int rc = n == (ssize_t)len ? 0 : -1;
	if (close(fd) < 0)
		rc = -1;
	return rc;
}

/* Make the directory of path (once per directory: dirs remembers them); 0 or -1. */
static int make_dir_of(struct strmap *dirs, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash || strmap_get(dirs, path, (size_t)(slash - path)))
		return 0;
	if (exec_mkdirs(path) < 0)
		return -1;
	bool found;
	char *key = xstrndup(path, (size_t)(slash - path));
	*strmap_slot(dirs, key, strlen(key), &found) = key;
	return 0;
}

static void free_dirs(struct strmap *dirs)
{
	for (size_t i = 0; i < dirs->cap; i++)
		free(strmap_value_at(dirs, i));
	strmap_free(dirs);
}

/* One exported job: its command in jobs/NAME, its done file removed, and the directories
 * of its outputs and logs made, as flow makes them before a job runs. On error, what
 * failed is in path. */
static int write_job(const struct xjob *xj, int jobs, int done, struct strmap *dirs, struct buf *path)
{
	struct buf cmd = {0};
	cmd_build(&cmd, xj->job);
	buf_reset(path);
	buf_printf(path, ARGO_DIR "/jobs/%s", xj->name);
	int rc = write_at(jobs, xj->name, buf_str(&cmd), cmd.len);
	buf_free(&cmd);
	if (rc == 0 && done >= 0 && unlinkat(done, xj->name, 0) < 0 && errno != ENOENT) {
		buf_reset(path);
		buf_printf(path, ARGO_DIR "/done/%s", xj->name);
		rc = -1;
	}
	const struct job *j = xj->job;
	for (uint32_t k = 0; k < j->nout + j->nlog && rc == 0; k++) {
		const char *p = k < j->nout ? j->out[k]->path : j->log[k - j->nout]->path;
		if (make_dir_of(dirs, p) < 0)
			buf_reset(path), buf_puts(path, p), rc = -1;
	}
	return rc;
}

/* Every exported job (write_job), then the index of names and labels. */
static int write_jobs(const struct export *x, struct buf *err)
{
	struct buf path = {0}, index = {0};
	struct strmap dirs = {0};
	buf_puts(&path, ARGO_DIR);
	int argo = subdir(subdir(AT_FDCWD, ".flow", true), "argo", true);
	int jobs = argo < 0 ? -1 : subdir(dup(argo), "jobs", true);
	int done = argo < 0 ? -1 : subdir(dup(argo), "done", false);
	int rc = jobs < 0 ? -1 : 0;
	for (size_t i = 0; i < x->nx && rc == 0; i++) {
		rc = write_job(&x->xs[i], jobs, done, &dirs, &path);
		buf_printf(&index, "%s\t", x->xs[i].name);
		job_label(&index, x->xs[i].job);
		buf_putc(&index, '\n');
	}
	if (rc == 0) {
		buf_reset(&path);
		buf_puts(&path, ARGO_DIR "/index");
		rc = write_at(argo, "index", buf_str(&index), index.len);
	}
	if (rc < 0)
		buf_printf(err, "--export=argo: cannot write '%s': %s", path.s, strerror(errno));
	for (int fd = 0, fds[] = {argo, jobs, done}; fd < 3; fd++)
		if (fds[fd] >= 0)
			close(fds[fd]);
	free_dirs(&dirs);
	buf_free(&path);
	buf_free(&index);
	return rc;
}

/* ---- the document ---- */

struct em {
	yaml_emitter_t e;
	bool failed;
};

static void emit(struct em *m, yaml_event_t *ev)
{
	if (!m->failed && !yaml_emitter_emit(&m->e, ev))
		m->failed = true;
}

/* Whether a plain s would read back as something other than a string. */
static bool needs_quotes(const char *s)
{
	static const char *const words[] = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"};
	if (!*s || strchr("0123456789-+.", *s))
		return true;
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (strcasecmp(s, words[i]) == 0)
			return true;
	return false;
}

static void str(struct em *m, const char *s)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = needs_quotes(s) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE;
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1, style);
	emit(m, &ev);
}

static void num(struct em *m, long long n)
{
	char text[32];
	snprintf(text, sizeof(text), "%lld", n);
	yaml_event_t ev;
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, (int)strlen(text), 1, 0,
				     YAML_PLAIN_SCALAR_STYLE);
	emit(m, &ev);
}

static void boolean(struct em *m, bool b)
{
	yaml_event_t ev;
	const char *text = b ? "true" : "false";
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, (int)strlen(text), 1, 0,
				     YAML_PLAIN_SCALAR_STYLE);
	emit(m, &ev);
}

static void map_start(struct em *m)
{
	yaml_event_t ev;
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	emit(m, &ev);
}

static void map_end(struct em *m)
{
	yaml_event_t ev;
	yaml_mapping_end_event_initialize(&ev);
	emit(m, &ev);
}

static void seq_start(struct em *m)
{
	yaml_event_t ev;
	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
	emit(m, &ev);
}

static void seq_end(struct em *m)
{
	yaml_event_t ev;
	yaml_sequence_end_event_initialize(&ev);
	emit(m, &ev);
}

/* key: "value" */
static void kv(struct em *m, const char *key, const char *value)
{
	str(m, key);
	str(m, value);
}

/* A Kubernetes quantity of bytes: in Mi when it divides, else in bytes. */
static void put_bytes(struct buf *b, long long n)
{
	if (n % (1024 * 1024) == 0)
		buf_printf(b, "%lldMi", n / (1024 * 1024));
	else
		buf_printf(b, "%lld", n);
}

/* cpu (threads), memory (resources: mem) and nvidia.com/gpu (resources: gpu): requests
 * and limits alike, so the pod gets what flow would have reserved for the job. */
static void emit_resources(struct em *m, const struct rule *r)
{
	struct buf mem = {0}, cpu = {0}, gpu = {0};
	buf_printf(&cpu, "%d", r->threads > 0 ? r->threads : 1);
	for (size_t i = 0; i < r->nres; i++)
		if (strcmp(r->res[i].name, "mem") == 0)
			put_bytes(&mem, r->res[i].amount);
	if (r->gpus > 0)
		buf_printf(&gpu, "%lld", r->gpus);
	str(m, "resources");
	map_start(m);
	for (int limits = 0; limits < 2; limits++) {
		str(m, limits ? "limits" : "requests");
		map_start(m);
		kv(m, "cpu", cpu.s);
		if (mem.len)
			kv(m, "memory", mem.s);
		if (gpu.len)
			kv(m, "nvidia.com/gpu", gpu.s);
		map_end(m);
	}
	map_end(m);
	buf_free(&mem);
	buf_free(&cpu);
	buf_free(&gpu);
}

static void emit_container(struct em *m, const struct export *x, const struct rule *r)
{
	str(m, "container");
	map_start(m);
	kv(m, "image", r->container ? r->container : x->o->image);
	str(m, "command");
	seq_start(m);
	str(m, "sh");
	str(m, "-c");
	str(m, POD_SCRIPT);
	str(m, "flow-pod");
	str(m, ctr_launcher());
	str(m, "{{inputs.parameters.job}}");
	seq_end(m);
	kv(m, "workingDir", x->c->project);
	if (r->nenv) {
		str(m, "env");
		seq_start(m);
		for (size_t i = 0; i < r->nenv; i++) {
			map_start(m);
			kv(m, "name", r->env[i].name);
			kv(m, "value", r->env[i].value);
			map_end(m);
		}
		seq_end(m);
	}
	emit_resources(m, r);
	str(m, "volumeMounts");
	seq_start(m);
	map_start(m);
	kv(m, "name", VOLUME);
	kv(m, "mountPath", x->c->project);
	map_end(m);
	seq_end(m);
	map_end(m);
}

/* The template that runs one job of rule r, named by its parameter "job". Keys that rules
 * do not have yet go here, one line each: runtime → activeDeadlineSeconds, retries →
 * retryStrategy {limit}. */
static void emit_rule_template(struct em *m, const struct export *x, const struct rule *r)
{
	map_start(m);
	kv(m, "name", x->tname[r->index]);
	str(m, "metadata");
	map_start(m);
	str(m, "annotations");
	map_start(m);
	kv(m, "flow/rule", r->name);
	const char *id = r->container ? ctr_image_id((void *)x->c, r) : NULL;
	if (id && *id)
		kv(m, "flow/image-id", id);
	map_end(m);
	map_end(m);
	str(m, "inputs");
	map_start(m);
	str(m, "parameters");
	seq_start(m);
	map_start(m);
	kv(m, "name", "job");
	map_end(m);
	seq_end(m);
	map_end(m);
	emit_container(m, x, r);
	map_end(m);
}

static void task_name(struct buf *b, const struct export *x, const struct group *gr)
{
	buf_reset(b);
	buf_printf(b, "%s-%zu", x->tname[gr->rule->index], gr->level);
}

static void emit_task(struct em *m, const struct export *x, const struct group *gr)
{
	struct buf name = {0};
	map_start(m);
	task_name(&name, x, gr);
	kv(m, "name", name.s);
	kv(m, "template", x->tname[gr->rule->index]);
	if (gr->ndeps) {
		str(m, "dependencies");
		seq_start(m);
		for (size_t k = 0; k < gr->ndeps; k++) {
			task_name(&name, x, &x->groups[gr->deps[k]]);
			str(m, name.s);
		}
		seq_end(m);
	}
	str(m, "arguments");
	map_start(m);
	str(m, "parameters");
	seq_start(m);
	map_start(m);
	kv(m, "name", "job");
	kv(m, "value", "{{item}}");
	map_end(m);
	seq_end(m);
	map_end(m);
	str(m, "withItems");
	seq_start(m);
	for (size_t i = gr->first; i < gr->first + gr->count; i++)
		str(m, x->xs[i].name);
	seq_end(m);
	map_end(m);
	buf_free(&name);
}

static void emit_templates(struct em *m, const struct export *x)
{
	str(m, "templates");
	seq_start(m);
	map_start(m);
	kv(m, "name", ENTRY);
	str(m, "dag");
	map_start(m);
	str(m, "failFast");
	boolean(m, !x->o->keep_going);
	str(m, "tasks");
	seq_start(m);
	for (size_t i = 0; i < x->ngroups; i++)
		emit_task(m, x, &x->groups[i]);
	seq_end(m);
	map_end(m);
	map_end(m);
	for (size_t i = 0; i < x->g->rs->nrules; i++)
		if (x->tname[i])
			emit_rule_template(m, x, &x->g->rs->rules[i]);
	seq_end(m);
}

static void emit_workflow(struct em *m, const struct export *x)
{
	struct buf b = {0};
	map_start(m);
	kv(m, "apiVersion", "argoproj.io/v1alpha1");
	kv(m, "kind", "Workflow");
	str(m, "metadata");
	map_start(m);
	buf_puts(&b, "flow-");
	const char *base = strrchr(x->c->project, '/');
	put_dns(&b, base && base[1] ? base + 1 : "project", 40);
	buf_putc(&b, '-');
	kv(m, "generateName", b.s);
	str(m, "annotations");
	map_start(m);
	kv(m, "flow/project", x->c->project);
	buf_reset(&b);
	buf_printf(&b, "%zu", x->nx);
	kv(m, "flow/jobs", b.s);
	map_end(m);
	map_end(m);
	str(m, "spec");
	map_start(m);
	kv(m, "entrypoint", ENTRY);
	if (x->o->parallelism > 0) {
		str(m, "parallelism");
		num(m, x->o->parallelism);
	}
	str(m, "volumes");
	seq_start(m);
	map_start(m);
	kv(m, "name", VOLUME);
	str(m, "persistentVolumeClaim");
	map_start(m);
	kv(m, "claimName", x->o->pvc);
	map_end(m);
	map_end(m);
	seq_end(m);
	emit_templates(m, x);
	map_end(m);
	map_end(m);
	buf_free(&b);
}

/* The comments above the document: what it is, and what it does not carry over. */
static void write_header(FILE *out, const struct export *x)
{
	fprintf(out, "# Argo Workflow exported by flow: %zu job%s in %zu task%s.\n", x->nx, x->nx == 1 ? "" : "s", x->ngroups, x->ngroups == 1 ? "" : "s");
	fprintf(out, "# Submit with 'kubectl create -f' or 'argo submit' (not 'kubectl apply': generateName).\n"
		     "# Each job's command is in %s/jobs/NAME of the project, which must be on the volume.\n",
		ARGO_DIR);
	for (size_t i = 0; i < x->g->rs->nrules; i++) {
		const struct rule *r = &x->g->rs->rules[i];
		if (x->tname[i] && r->network_off)
			fprintf(out, "# Rule '%s' has network: off, which a pod cannot have: its jobs have the network.\n",
				r->name);
		for (size_t k = 0; x->tname[i] && k < r->nres; k++)
			if (strcmp(r->res[k].name, "mem") != 0 && strcmp(r->res[k].name, "gpu") != 0)
				fprintf(out, "# Rule '%s': resource '%s' has no Kubernetes equivalent and is left out.\n",
					r->name, r->res[k].name);
	}
}

static int emit_document(FILE *out, const struct export *x, struct buf *err)
{
	struct em m = {0};
	yaml_emitter_initialize(&m.e);
	yaml_emitter_set_output_file(&m.e, out);
	yaml_emitter_set_width(&m.e, -1);
	yaml_emitter_set_unicode(&m.e, 1);
	yaml_event_t ev;
	write_header(out, x);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit(&m, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	emit(&m, &ev);
	emit_workflow(&m, x);
	yaml_document_end_event_initialize(&ev, 1);
	emit(&m, &ev);
	yaml_stream_end_event_initialize(&ev);
	emit(&m, &ev);
	if (m.failed)
		buf_printf(err, "--export=argo: cannot write the document: %s",
			   m.e.problem ? m.e.problem : strerror(errno));
	yaml_emitter_delete(&m.e);
	return m.failed ? -1 : 0;
}

int argo_export(const struct graph *g, const struct ctr *c, const struct argo_opts *o, FILE *out,
		struct buf *err)
{
	struct export x = {.g = g, .c = c, .o = o};
	collect(&x);
	group(&x);
	name_templates(&x);
	int rc = check_rules(&x, err);
	if (rc == 0 && x.nx == 0) {
		buf_puts(err, "nothing to export: no job would run (--forceall exports them all)");
		rc = 1;
	}
	if (rc == 0)
		rc = write_jobs(&x, err);
	if (rc == 0)
		rc = emit_document(out, &x, err);
	export_free(&x);
	return rc;
}

/* ---- the way back ---- */

bool argo_any_exported(void)
{
	int fd = flowdir_dir(ARGO_DIR "/jobs");
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* The content of the file rel under .flow, or -1. */
static int read_file(const char *rel, struct buf *b)
{
	int fd = flowdir_open(rel, O_RDONLY, 0);
	if (fd < 0)
		return -1;
	char chunk[4096];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_put(b, chunk, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

int argo_exported(void *ctx, const struct job *j, struct buf *why)
{
	(void)ctx;
	struct buf name = {0}, path = {0}, text = {0}, cmd = {0};
	argo_job_name(&name, j);
	buf_printf(&path, ARGO_DIR "/jobs/%s", name.s);
	int rc = 0;
	if (read_file(path.s, &text) == 0) {
		cmd_build(&cmd, j);
		buf_reset(&path);
		buf_printf(&path, ARGO_DIR "/done/%s", name.s);
		if (text.len != cmd.len || memcmp(buf_str(&text), buf_str(&cmd), cmd.len) != 0)
			buf_printf(why, "exported to Argo as '%s', and its command changed since", name.s), rc = -1;
		else if (access(path.s, F_OK) != 0)
			buf_printf(why, "exported to Argo as '%s', and it did not finish there", name.s), rc = -1;
		else
			rc = 1;
	}
	buf_free(&name);
	buf_free(&path);
	buf_free(&text);
	buf_free(&cmd);
	return rc;
}
