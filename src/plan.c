/* plan: the rerun decision, by content. A job runs when an output is missing, when there
 * is no record of it, when it was interrupted, when its signature (command, params, env,
 * image, declared outputs, input contents) differs from the recorded one, or when an
 * output was changed outside flow. A job downstream of one that runs is decided only
 * when its inputs are final, so byte-identical outputs stop the wave (early cutoff). */
#include "plan.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *word; unsigned bit; } trigger_words[] = {
	{"input", TRIG_INPUT}, {"command", TRIG_COMMAND}, {"params", TRIG_PARAMS},
	{"env", TRIG_ENV}, {"image", TRIG_IMAGE}, {"output", TRIG_OUTPUT}, {"all", TRIG_ALL},
};

int plan_parse_triggers(const char *s, unsigned *out)
{
	*out = 0;
	while (*s) {
		size_t n = strcspn(s, ",");
		size_t i;
		for (i = 0; i < LEN(trigger_words); i++)
			if (strlen(trigger_words[i].word) == n && strncmp(trigger_words[i].word, s, n) == 0)
				break;
		if (i == LEN(trigger_words))
			return -1;
		*out |= trigger_words[i].bit;
		s += n + (s[n] == ',');
	}
	return *out ? 0 : -1;
}

void plan_init(struct planner *p, struct graph *g, struct store *st, struct recorder *rec)
{
	*p = (struct planner){.g = g, .st = st, .rec = rec, .triggers = TRIG_ALL};
}

static void force_job(struct planner *p, struct job *j)
{
	bool found;
	*strmap_slot(&p->forced, (const char *)&j->id, sizeof(j->id), &found) = j;
}

int plan_force(struct planner *p, const char *target)
{
	struct job *j = NULL;
	struct rule *r = ruleset_find(p->g->rs, target);
	if (r) {
		for (size_t i = 0; i < p->g->njobs && !j; i++)
			if (p->g->order[i]->rule == r)
				j = p->g->order[i];
	} else {
		struct buf path = {0};
		graph_path(p->g, &path, target);
		struct file *f = strmap_get(&p->g->files, path.s, path.len);
		buf_free(&path);
		j = f ? f->producer : NULL;
	}
	if (!j)
		return -1;
	/* A rule that only names targets runs nothing: force the jobs of its targets. */
	if (j->rule->target_only) {
		for (uint32_t i = 0; i < j->nin; i++)
			if (j->in[i]->producer)
				force_job(p, j->in[i]->producer);
		return 0;
	}
	force_job(p, j);
	return 0;
}

static bool unsettled(const struct job *j)
{
	return j && (j->state == JOB_PENDING || j->state == JOB_MAYBE || j->state == JOB_READY ||
		     j->state == JOB_RUNNING);
}

static const struct jrec *record_of(struct planner *p, const struct job *j)
{
	buf_reset(&p->key);
	sig_job_key(&p->key, j);
	return store_job(p->st, p->key.s);
}

/* Reason lines accumulate in p->scratch, one per line. */
static void say(struct planner *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct planner *p, const char *fmt, ...)
{
	if (p->scratch.len)
		buf_putc(&p->scratch, '\n');
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&p->scratch, fmt, ap);
	va_end(ap);
}

static const char *settle(struct planner *p)
{
	if (!p->scratch.len)
		return NULL;
	const char *r = arena_strdup(&p->g->arena, p->scratch.s);
	buf_reset(&p->scratch);
	return r;
}

static void say_hash_change(struct planner *p, const char *what, const char *path, struct hash128 a,
			    struct hash128 b)
{
	struct buf ha = {0}, hb = {0};
	sig_hex(&ha, a, 8);
	sig_hex(&hb, b, 8);
	say(p, "%s '%s' changed (%s → %s)", what, path, ha.s, hb.s);
	buf_free(&ha);
	buf_free(&hb);
}

/* The first line where a and b differ, shown as a short diff. */
static void say_command_diff(struct planner *p, const char *a, const char *b)
{
	while (*a && *b) {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
		if (la != lb || memcmp(a, b, la) != 0)
			break;
		a += la + (a[la] == '\n');
		b += lb + (b[lb] == '\n');
	}
	int la = (int)strcspn(a, "\n"), lb = (int)strcspn(b, "\n");
	say(p, "command changed:\n    - %.*s%s\n    + %.*s%s", la > 100 ? 100 : la, a, la > 100 ? "…" : "",
	    lb > 100 ? 100 : lb, b, lb > 100 ? "…" : "");
}

static const char *kv_find(const struct kv *kv, uint32_t n, const char *name)
{
	for (uint32_t i = 0; i < n; i++)
		if (strcmp(kv[i].name, name) == 0)
			return kv[i].value;
	return NULL;
}

static void compare_kvs(struct planner *p, const char *what, const struct kv *old, uint32_t nold,
			const struct kv *cur, uint32_t ncur)
{
	for (uint32_t i = 0; i < ncur; i++) {
		const char *was = kv_find(old, nold, cur[i].name);
		if (!was)
			say(p, "%s '%s' is new (%s)", what, cur[i].name, cur[i].value);
		else if (strcmp(was, cur[i].value) != 0)
			say(p, "%s '%s' changed (%s → %s)", what, cur[i].name, was, cur[i].value);
	}
	for (uint32_t i = 0; i < nold; i++)
		if (!kv_find(cur, ncur, old[i].name))
			say(p, "%s '%s' was removed", what, old[i].name);
}

static const struct pathhash *ph_find(const struct pathhash *ph, uint32_t n, const char *path)
{
	for (uint32_t i = 0; i < n; i++)
		if (strcmp(ph[i].path, path) == 0)
			return &ph[i];
	return NULL;
}

/* An image identity as shown in a reason: an ID cut to 12 hex digits (as docker and
 * podman show them), "sif:" and 12 for apptainer, "none" for a job on the host; any
 * other text whole. buf holds 20 bytes. */
static const char *short_image(char buf[20], const char *id)
{
	if (!*id)
		return "none";
	size_t pre = strncmp(id, "sif:", 4) == 0 ? 4 : 0;
	size_t hex = strspn(id + pre, "0123456789abcdef");
	if (hex < 12 || id[pre + hex])
		return id;
	snprintf(buf, 20, "%.*s", (int)(pre + 12), id);
	return buf;
}

/* Explain, component by component, how j differs from its record; only the triggers in
 * p->triggers are said. */
static void explain(struct planner *p, const struct job *j, const struct jrec *rec, const struct sigparts *parts)
{
	if (p->triggers & TRIG_INPUT) {
		/* Index the recorded inputs by path: a job may have tens of thousands. */
		struct strmap old = {0};
		bool found;
		for (uint32_t i = 0; i < rec->ninputs; i++)
			*strmap_slot(&old, rec->inputs[i].path, strlen(rec->inputs[i].path), &found) =
				(void *)&rec->inputs[i];
		for (uint32_t i = 0; i < j->nin; i++) {
			struct pathhash *was = strmap_get(&old, j->in[i]->path, j->in[i]->len);
			if (!was)
				say(p, "input '%s' is new", j->in[i]->path);
			else if (memcmp(&was->hash, &j->in[i]->hash, sizeof(was->hash)) != 0)
				say_hash_change(p, "input", j->in[i]->path, was->hash, j->in[i]->hash);
		}
		struct strmap now = {0};
		for (uint32_t i = 0; i < j->nin; i++)
			*strmap_slot(&now, j->in[i]->path, j->in[i]->len, &found) = j->in[i];
		for (uint32_t i = 0; i < rec->ninputs; i++)
			if (!strmap_get(&now, rec->inputs[i].path, strlen(rec->inputs[i].path)))
				say(p, "input '%s' is no longer used", rec->inputs[i].path);
		strmap_free(&old);
		strmap_free(&now);
	}
	if ((p->triggers & TRIG_COMMAND) && strcmp(rec->command, buf_str(&parts->cmd)) != 0)
		say_command_diff(p, rec->command, buf_str(&parts->cmd));
	if (p->triggers & TRIG_PARAMS)
		compare_kvs(p, "param", rec->params, rec->nparams, parts->params, parts->nparams);
	if (p->triggers & TRIG_ENV)
		compare_kvs(p, "env", rec->env, rec->nenv, parts->env, parts->nenv);
	if ((p->triggers & TRIG_IMAGE) && strcmp(rec->image, parts->image) != 0) {
		char was[20], now[20];
		say(p, "image changed (%s → %s)", short_image(was, rec->image), short_image(now, parts->image));
	}
	if (p->triggers & TRIG_OUTPUT) {
		bool same = rec->noutputs == j->nout;
		for (uint32_t i = 0; i < j->nout && same; i++)
			same = strcmp(rec->outputs[i].path, j->out[i]->path) == 0;
		if (!same)
			say(p, "its declared outputs changed");
	}
}

/* Outputs edited, replaced or removed by hand since flow recorded them. */
static void check_outputs(struct planner *p, struct job *j, const struct jrec *rec)
{
	if (!(p->triggers & TRIG_OUTPUT))
		return;
	for (uint32_t i = 0; i < j->nout; i++) {
		const struct pathhash *old = ph_find(rec->outputs, rec->noutputs, j->out[i]->path);
		/* Unchanged since flow recorded it: nothing to look up or read. */
		if (!old || sig_file_known(j->out[i], &old->id, old->hash) || sig_file(p->st, j->out[i]) < 0)
			continue;
		if (memcmp(&old->hash, &j->out[i]->hash, sizeof(old->hash)) != 0)
			say(p, "output '%s' was modified outside flow", j->out[i]->path);
	}
}

/* Outputs that exist with no record are taken as made by another tool when each is newer
 * than every input. */
static bool adoptable(const struct job *j)
{
	int64_t oldest = INT64_MAX;
	for (uint32_t i = 0; i < j->nout; i++)
		if (j->out[i]->mtime_ns < oldest)
			oldest = j->out[i]->mtime_ns;
	for (uint32_t i = 0; i < j->nin; i++)
		if (!graph_stat(j->in[i]) || j->in[i]->mtime_ns > oldest)
			return false;
	return true;
}

/* p->exported for j, saying why when it did not finish where it was exported to. */
static int exported(struct planner *p, const struct job *j)
{
	if (!p->exported)
		return 0;
	struct buf why = {0};
	int ex = p->exported(p->exported_ctx, j, &why);
	if (ex < 0)
		say(p, "%s", buf_str(&why));
	buf_free(&why);
	return ex;
}

int plan_parts(struct planner *p, struct job *j, struct sigparts *parts, struct buf *err)
{
	for (uint32_t i = 0; i < j->nin; i++)
		if (sig_file(p->st, j->in[i]) < 0) {
			if (errno == EINTR) {
				buf_printf(err, "interrupted while reading input '%s'", j->in[i]->path);
				return -2;
			}
			buf_printf(err, "cannot read input '%s': %s", j->in[i]->path, strerror(errno));
			return -1;
		}
	const char *image = p->image ? p->image(p->image_ctx, j->rule) : "";
	if (!image) {
		buf_printf(err, "image '%s' is not present here (flow pulls images only when it runs jobs)",
			   j->rule->container);
		return -1;
	}
	sig_job(j, image, parts);
	return 0;
}

enum verdict { V_SKIP, V_RUN, V_MAYBE, V_ADOPT };

static enum verdict decide(struct planner *p, struct job *j, bool final)
{
	const struct job *up = NULL;
	for (uint32_t i = 0; i < j->nin && !up; i++)
		if (unsettled(j->in[i]->producer))
			up = j->in[i]->producer;
	if (j->rule->target_only)
		return up ? V_RUN : V_SKIP;
	if (p->forceall || strmap_get(&p->forced, (const char *)&j->id, sizeof(j->id))) {
		say(p, "forced");
		return V_RUN;
	}
	const struct jrec *rec = record_of(p, j);
	if (rec && rec->running) {
		say(p, "interrupted last time");
		return V_RUN;
	}
	if (rec && rec->finished && rec->status != 0) {
		say(p, "it failed last time");
		return V_RUN;
	}
	for (uint32_t i = 0; i < j->nout; i++)
		if (!graph_stat(j->out[i])) {
			say(p, "missing output '%s'", j->out[i]->path);
			return V_RUN;
		}
	if (!rec || !rec->finished) {
		/* (A start record without a result is "interrupted", above.) */
		int ex = up ? 0 : exported(p, j);
		if (ex)
			return ex > 0 ? V_ADOPT : V_RUN;
		if (up)
			say(p, "no record of how its outputs were made, and an upstream job runs first");
		else if (adoptable(j))
			return V_ADOPT;
		else
			say(p, "no record of how its outputs were made, and they are older than its inputs");
		return V_RUN;
	}
	if (up && !final) {
		struct buf label = {0};
		job_label(&label, up);
		say(p, "upstream job '%s' may change its inputs", label.s);
		buf_free(&label);
		return V_MAYBE;
	}
	struct sigparts parts;
	struct buf err = {0};
	if (plan_parts(p, j, &parts, &err) < 0) {
		say(p, "%s", err.s);
		buf_free(&err);
		return V_RUN;
	}
	buf_free(&err);
	if (memcmp(&parts.sig, &rec->sig, sizeof(parts.sig)) != 0) {
		const struct jrec *full = store_job_full(p->st, p->key.s);
		if (full)
			explain(p, j, full, &parts);
		else
			say(p, "its record is damaged");
	}
	sigparts_free(&parts);
	check_outputs(p, j, rec);
	return p->scratch.len ? V_RUN : V_SKIP;
}

static void apply(struct planner *p, struct job *j, enum verdict v)
{
	j->reason = settle(p);
	j->adopted = false;
	switch (v) {
	case V_RUN:
		j->state = JOB_PENDING;
		if (!j->reason)
			j->reason = "target";
		break;
	case V_MAYBE:
		j->state = JOB_MAYBE;
		break;
	case V_ADOPT:
		j->adopted = true;
		j->state = JOB_SKIP;
		if (!p->dry && plan_record_unrun(p, j) < 0)
			p->errors++;
		break;
	case V_SKIP:
		j->state = JOB_SKIP;
		break;
	}
}

size_t plan_jobs(struct planner *p)
{
	size_t n = 0;
	p->nmaybe = 0;
	for (size_t i = 0; i < p->g->njobs; i++) {
		struct job *j = p->g->order[i];
		apply(p, j, decide(p, j, false));
		if (j->rule->target_only)
			continue;
		n += j->state == JOB_PENDING || j->state == JOB_MAYBE;
		p->nmaybe += j->state == JOB_MAYBE;
	}
	return n;
}

bool plan_final(struct planner *p, struct job *j)
{
	enum verdict v = decide(p, j, true);
	apply(p, j, v);
	return j->state == JOB_PENDING;
}

int plan_record_unrun(struct planner *p, struct job *j)
{
	struct sigparts parts;
	struct buf err = {0};
	int rc = plan_parts(p, j, &parts, &err);
	if (rc == 0) {
		rc = rec_finished(p->rec, j, &parts, 0, 0, &err);
		sigparts_free(&parts);
	}
	if (rc < 0) {
		struct buf label = {0};
		job_label(&label, j);
		warn("cannot record job '%s': %s", label.s, err.s);
		buf_free(&label);
	}
	buf_free(&err);
	return rc;
}

void plan_free(struct planner *p)
{
	strmap_free(&p->forced);
	buf_free(&p->key);
	buf_free(&p->scratch);
}
