/* plan: the rerun decision, by content. A job runs when an output is missing, when there
 * is no record of it, when it was interrupted, when its signature (command, params, env,
 * image, declared outputs, input contents) differs from the recorded one, or when an
 * output was changed outside flow. A job downstream of one that runs is decided only
 * when its inputs are final, so byte-identical outputs stop the wave (early cutoff). */
#include "plan.h"
#include "progress.h"

#include <errno.h>
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

static const char *dup(struct planner *p, const char *s)
{
	return s ? arena_strdup(&p->g->arena, s) : NULL;
}

/* Note a reason of the job being decided; the strings are copied. */
static void say(struct planner *p, enum reason_kind k, const char *subject, const char *was, const char *now)
{
	struct reason r = {k, dup(p, subject), dup(p, was), dup(p, now)};
	VEC_PUSH(p->said, p->nsaid, p->capsaid, r);
}

/* Hand the reasons said so far to j, and start afresh. */
static void settle(struct planner *p, struct job *j)
{
	j->reasons = NULL;
	j->nreasons = (uint32_t)p->nsaid;
	if (p->nsaid) {
		struct reason *r = arena_alloc(&p->g->arena, p->nsaid * sizeof(*r));
		memcpy(r, p->said, p->nsaid * sizeof(*r));
		j->reasons = r;
	}
	p->nsaid = 0;
}

static void say_hash_change(struct planner *p, enum reason_kind k, const char *path, struct hash128 a,
			    struct hash128 b)
{
	struct buf ha = {0}, hb = {0};
	sig_hex(&ha, a, 8);
	sig_hex(&hb, b, 8);
	say(p, k, path, ha.s, hb.s);
	buf_free(&ha);
	buf_free(&hb);
}

/* The first line where a and b differ, each cut to 100 bytes. */
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
	struct buf wa = {0}, wb = {0};
	buf_printf(&wa, "%.*s%s", la > 100 ? 100 : la, a, la > 100 ? "…" : "");
	buf_printf(&wb, "%.*s%s", lb > 100 ? 100 : lb, b, lb > 100 ? "…" : "");
	say(p, R_COMMAND, NULL, wa.s, wb.s);
	buf_free(&wa);
	buf_free(&wb);
}

/* A name's change: "WHAT 'NAME' is new (V)", "... changed (A → B)", "... was removed". */
static void name_change_text(struct buf *b, const char *what, const struct reason *r)
{
	if (!r->was)
		buf_printf(b, "%s '%s' is new (%s)", what, r->subject, r->now);
	else if (!r->now)
		buf_printf(b, "%s '%s' was removed", what, r->subject);
	else
		buf_printf(b, "%s '%s' changed (%s → %s)", what, r->subject, r->was, r->now);
}

void reason_text(struct buf *b, const struct reason *r)
{
	switch (r->kind) {
	case R_TARGET: buf_puts(b, "target"); break;
	case R_FORCED: buf_puts(b, "forced"); break;
	case R_INTERRUPTED: buf_puts(b, "interrupted last time"); break;
	case R_FAILED: buf_puts(b, "it failed last time"); break;
	case R_MISSING_OUTPUT: buf_printf(b, "missing output '%s'", r->subject); break;
	case R_NO_RECORD:
		buf_puts(b, "no record of how its outputs were made, and they are older than its inputs");
		break;
	case R_NO_RECORD_UPSTREAM:
		buf_puts(b, "no record of how its outputs were made, and an upstream job runs first");
		break;
	case R_UPSTREAM: buf_printf(b, "upstream job '%s' may change its inputs", r->subject); break;
	case R_UNREADABLE: buf_puts(b, r->subject); break;
	case R_DAMAGED: buf_puts(b, "its record is damaged"); break;
	case R_EXPORTED: buf_puts(b, r->subject); break;
	case R_INPUT:
		if (!r->was)
			buf_printf(b, "input '%s' is new", r->subject);
		else if (!r->now)
			buf_printf(b, "input '%s' is no longer used", r->subject);
		else
			buf_printf(b, "input '%s' changed (%s → %s)", r->subject, r->was, r->now);
		break;
	case R_COMMAND: buf_printf(b, "command changed:\n    - %s\n    + %s", r->was, r->now); break;
	case R_PARAM: name_change_text(b, "param", r); break;
	case R_ENV: name_change_text(b, "env", r); break;
	case R_IMAGE: buf_printf(b, "image changed (%s → %s)", r->was, r->now); break;
	case R_OUTPUTS_DECLARED: buf_puts(b, "its declared outputs changed"); break;
	case R_OUTPUT_EDITED: buf_printf(b, "output '%s' was modified outside flow", r->subject); break;
	}
}

bool job_has_reason(const struct job *j, enum reason_kind k)
{
	for (uint32_t i = 0; i < j->nreasons; i++)
		if (j->reasons[i].kind == k)
			return true;
	return false;
}

static const char *kv_find(const struct kv *kv, uint32_t n, const char *name)
{
	for (uint32_t i = 0; i < n; i++)
		if (strcmp(kv[i].name, name) == 0)
			return kv[i].value;
	return NULL;
}

static void compare_kvs(struct planner *p, enum reason_kind k, const struct kv *old, uint32_t nold,
			const struct kv *cur, uint32_t ncur)
{
	for (uint32_t i = 0; i < ncur; i++) {
		const char *was = kv_find(old, nold, cur[i].name);
		if (!was || strcmp(was, cur[i].value) != 0)
			say(p, k, cur[i].name, was, cur[i].value);
	}
	for (uint32_t i = 0; i < nold; i++)
		if (!kv_find(cur, ncur, old[i].name))
			say(p, k, old[i].name, old[i].value, NULL);
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
				say(p, R_INPUT, j->in[i]->path, NULL, "");
			else if (memcmp(&was->hash, &j->in[i]->hash, sizeof(was->hash)) != 0)
				say_hash_change(p, R_INPUT, j->in[i]->path, was->hash, j->in[i]->hash);
		}
		struct strmap now = {0};
		for (uint32_t i = 0; i < j->nin; i++)
			*strmap_slot(&now, j->in[i]->path, j->in[i]->len, &found) = j->in[i];
		for (uint32_t i = 0; i < rec->ninputs; i++)
			if (!strmap_get(&now, rec->inputs[i].path, strlen(rec->inputs[i].path)))
				say(p, R_INPUT, rec->inputs[i].path, "", NULL);
		strmap_free(&old);
		strmap_free(&now);
	}
	if ((p->triggers & TRIG_COMMAND) && strcmp(rec->command, buf_str(&parts->cmd)) != 0)
		say_command_diff(p, rec->command, buf_str(&parts->cmd));
	if (p->triggers & TRIG_PARAMS)
		compare_kvs(p, R_PARAM, rec->params, rec->nparams, parts->params, parts->nparams);
	if (p->triggers & TRIG_ENV)
		compare_kvs(p, R_ENV, rec->env, rec->nenv, parts->env, parts->nenv);
	if ((p->triggers & TRIG_IMAGE) && strcmp(rec->image, parts->image) != 0) {
		char was[20], now[20];
		say(p, R_IMAGE, NULL, short_image(was, rec->image), short_image(now, parts->image));
	}
	if (p->triggers & TRIG_OUTPUT) {
		bool same = rec->noutputs == j->nout;
		for (uint32_t i = 0; i < j->nout && same; i++)
			same = strcmp(rec->outputs[i].path, j->out[i]->path) == 0;
		if (!same)
			say(p, R_OUTPUTS_DECLARED, NULL, NULL, NULL);
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
			say(p, R_OUTPUT_EDITED, j->out[i]->path, NULL, NULL);
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
		say(p, R_EXPORTED, buf_str(&why), NULL, NULL);
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
		say(p, R_FORCED, NULL, NULL, NULL);
		return V_RUN;
	}
	const struct jrec *rec = record_of(p, j);
	if (rec && rec->running) {
		say(p, R_INTERRUPTED, NULL, NULL, NULL);
		return V_RUN;
	}
	if (rec && rec->finished && rec->status != 0) {
		say(p, R_FAILED, NULL, NULL, NULL);
		return V_RUN;
	}
	for (uint32_t i = 0; i < j->nout; i++)
		if (!graph_stat(j->out[i])) {
			say(p, R_MISSING_OUTPUT, j->out[i]->path, NULL, NULL);
			return V_RUN;
		}
	if (!rec || !rec->finished) {
		/* (A start record without a result is "interrupted", above.) */
		int ex = up ? 0 : exported(p, j);
		if (ex)
			return ex > 0 ? V_ADOPT : V_RUN;
		if (up)
			say(p, R_NO_RECORD_UPSTREAM, NULL, NULL, NULL);
		else if (adoptable(j))
			return V_ADOPT;
		else
			say(p, R_NO_RECORD, NULL, NULL, NULL);
		return V_RUN;
	}
	if (up && !final) {
		struct buf label = {0};
		job_label(&label, up);
		say(p, R_UPSTREAM, label.s, NULL, NULL);
		buf_free(&label);
		return V_MAYBE;
	}
	struct sigparts parts;
	struct buf err = {0};
	if (plan_parts(p, j, &parts, &err) < 0) {
		say(p, R_UNREADABLE, err.s, NULL, NULL);
		buf_free(&err);
		return V_RUN;
	}
	buf_free(&err);
	if (memcmp(&parts.sig, &rec->sig, sizeof(parts.sig)) != 0) {
		const struct jrec *full = store_job_full(p->st, p->key.s);
		if (full)
			explain(p, j, full, &parts);
		else
			say(p, R_DAMAGED, NULL, NULL, NULL);
	}
	sigparts_free(&parts);
	check_outputs(p, j, rec);
	return p->nsaid ? V_RUN : V_SKIP;
}

/* Record j as made by another tool; a failure leaves it unrecorded, and is said. */
static int adopt(struct planner *p, struct job *j)
{
	struct buf err = {0};
	int rc = plan_record_unrun(p, j, &err);
	if (rc < 0)
		progress_warning(p->progress, "%s", err.s);
	buf_free(&err);
	return rc;
}

static void apply(struct planner *p, struct job *j, enum verdict v)
{
	if (v == V_RUN && !p->nsaid)
		say(p, R_TARGET, NULL, NULL, NULL);
	settle(p, j);
	j->adopted = false;
	switch (v) {
	case V_RUN:
		j->state = JOB_PENDING;
		break;
	case V_MAYBE:
		j->state = JOB_MAYBE;
		break;
	case V_ADOPT:
		j->adopted = true;
		j->state = JOB_SKIP;
		if (!p->dry && adopt(p, j) < 0)
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

int plan_record_unrun(struct planner *p, struct job *j, struct buf *err)
{
	struct sigparts parts;
	struct buf why = {0};
	int rc = plan_parts(p, j, &parts, &why);
	if (rc == 0) {
		rc = rec_finished(p->rec, j, &parts, 0, 0, &why);
		sigparts_free(&parts);
	}
	if (rc < 0) {
		buf_puts(err, "cannot record job '");
		job_label(err, j);
		buf_printf(err, "': %s", why.s);
	}
	buf_free(&why);
	return rc;
}

void plan_free(struct planner *p)
{
	strmap_free(&p->forced);
	buf_free(&p->key);
	free(p->said);
}
