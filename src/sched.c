/* sched: the ready queue, slot and resource accounting, the wait loop and signals. */
#include "sched.h"
#include "cmd.h"
#include "exec.h"
#include "flowdir.h"
#include "launch.h"
#include "progress.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The self-pipe that turns SIGINT, SIGTERM and SIGHUP into readable bytes: the one
 * piece of file-scope state, because a signal handler can reach nothing else. */
static int sigpipe_w = -1;

static void on_signal(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;
	if (sigpipe_w >= 0 && write(sigpipe_w, &c, 1) < 0) {
		/* A full pipe already holds a wake-up. */
	}
	errno = saved;
}

struct running {
	struct exec_handle h;    /* first: collect hands it back */
	struct job *job;
	bool started;            /* its executor started it */
	double start;
	double wall_start;       /* Unix time, for the record */
	char *logpath;
	struct launch l;         /* what runs */
	struct sigparts parts;   /* the signature the job runs with */
	int *gpus;               /* the devices it holds */
	size_t ngpus;
};

struct sched {
	struct graph *g;
	const struct sched_opts *o;
	struct job **heap;       /* ready jobs: highest priority first, then graph order */
	size_t nheap, capheap;
	struct running *run;
	size_t nrun, caprun;
	struct executor *ex;     /* starts and reaps the jobs */
	struct exec_handle **hs; /* scratch for collect: the running jobs' handles */
	long long *used;         /* per cap: amount held by running jobs */
	int slots_used;
	size_t total, done, failed, cutoff;
	bool stopping, interrupted;
	double kill_at;          /* when the SIGKILL follows an interrupt's SIGTERM */
	int pipe_r;
	struct strmap dirs;      /* directories already created */
	int *gpu_free;           /* device indices not held by a running job */
	size_t ngpu_free;
	struct buf tmp;
};

static bool before(const struct job *a, const struct job *b)
{
	if (a->rule->priority != b->rule->priority)
		return a->rule->priority > b->rule->priority;
	return a->id < b->id;
}

static void heap_push(struct sched *s, struct job *j)
{
	VEC_PUSH(s->heap, s->nheap, s->capheap, j);
	for (size_t i = s->nheap - 1; i > 0;) {
		size_t p = (i - 1) / 2;
		if (!before(s->heap[i], s->heap[p]))
			break;
		struct job *t = s->heap[i];
		s->heap[i] = s->heap[p];
		s->heap[p] = t;
		i = p;
	}
}

static struct job *heap_pop(struct sched *s)
{
	struct job *top = s->heap[0];
	s->heap[0] = s->heap[--s->nheap];
	for (size_t i = 0;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < s->nheap && before(s->heap[l], s->heap[m]))
			m = l;
		if (r < s->nheap && before(s->heap[r], s->heap[m]))
			m = r;
		if (m == i)
			break;
		struct job *t = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = t;
		i = m;
	}
	return top;
}

/* The amount of cap c that job j needs (0 when it declares none). */
static long long demand(const struct job *j, const struct cap *c)
{
	for (size_t k = 0; k < j->rule->nres; k++)
		if (strcmp(j->rule->res[k].name, c->name) == 0)
			return j->rule->res[k].amount;
	return 0;
}

int sched_check(const struct graph *g, const struct sched_opts *o, struct diag *d)
{
	int errors = 0;
	bool *reported = xcalloc(g->rs->nrules + 1, sizeof(*reported));
	for (size_t i = 0; i < g->njobs; i++) {
		const struct job *j = g->order[i];
		/* A job that may run (its inputs are remade first) must fit as well: found out
		 * only once it is ready, it would never start. */
		if ((j->state != JOB_PENDING && j->state != JOB_MAYBE) || reported[j->rule->index])
			continue;
		for (size_t c = 0; c < o->ncaps; c++) {
			if (demand(j, &o->caps[c]) <= o->caps[c].amount)
				continue;
			for (size_t k = 0; k < j->rule->nres; k++)
				if (strcmp(j->rule->res[k].name, o->caps[c].name) == 0)
					diag_error(d, j->rule->res[k].pos,
						   "rule '%s' needs %s = %s, more than --resources %s=%s allows",
						   j->rule->name, o->caps[c].name, j->rule->res[k].text, o->caps[c].name,
						   o->caps[c].text);
			reported[j->rule->index] = true;
			errors++;
		}
	}
	free(reported);
	return errors ? -1 : 0;
}

static bool fits(const struct sched *s, const struct job *j)
{
	if (s->slots_used + j->threads > s->o->jobs)
		return false;
	for (size_t c = 0; c < s->o->ncaps; c++)
		if (s->used[c] + demand(j, &s->o->caps[c]) > s->o->caps[c].amount)
			return false;
	return true;
}

static void hold(struct sched *s, const struct job *j, int sign)
{
	s->slots_used += sign * j->threads;
	for (size_t c = 0; c < s->o->ncaps; c++)
		s->used[c] += sign * demand(j, &s->o->caps[c]);
}

/* Create the directory of path once per run. */
static int ensure_dir(struct sched *s, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return 0;
	size_t n = (size_t)(slash - path);
	if (strmap_get(&s->dirs, path, n))
		return 0;
	if (exec_mkdirs(path) < 0)
		return -1;
	char *key = arena_strndup(&s->g->arena, path, n);
	bool found;
	*strmap_slot(&s->dirs, key, n, &found) = key;
	return 0;
}

/* Remove a failed or interrupted job's outputs, so a half-written file never looks done. */
static void remove_outputs(struct sched *s, struct job *j)
{
	for (uint32_t i = 0; i < j->nout; i++) {
		if (unlink(j->out[i]->path) < 0 && errno != ENOENT && errno != ENOTDIR && errno != EISDIR)
			progress_warning(s->o->progress, "cannot remove '%s':", j->out[i]->path);
		graph_unstat(j->out[i]);
	}
}

/* Mark everything downstream of j as blocked. */
static void block_downstream(struct sched *s, struct job *j)
{
	struct job **stack = NULL;
	size_t n = 0, cap = 0;
	VEC_PUSH(stack, n, cap, j);
	while (n) {
		struct job *cur = stack[--n];
		for (uint32_t i = 0; i < cur->nout; i++)
			for (uint32_t k = 0; k < cur->out[i]->nconsumers; k++) {
				struct job *c = cur->out[i]->consumers[k];
				if (c->state == JOB_PENDING || c->state == JOB_MAYBE) {
					c->state = JOB_BLOCKED;
					VEC_PUSH(stack, n, cap, c);
				}
			}
	}
	free(stack);
	(void)s;
}

/* Jobs whose inputs all became final: queue each, or, when the planner finds it up to
 * date after all (its inputs came out the same), settle it without running it, which
 * may make its own consumers final in turn. A worklist, not recursion: a cut-off wave
 * may run down a chain of any length. */
static void settle_ready(struct sched *s, struct job **work, size_t n, size_t cap)
{
	while (n) {
		struct job *c = work[--n];
		if (c->state == JOB_MAYBE && !plan_final(s->o->plan, c)) {
			if (!c->rule->target_only) {
				s->total--;
				s->cutoff++;
			}
			c->state = JOB_SKIP;
			for (uint32_t i = 0; i < c->nout; i++)
				for (uint32_t k = 0; k < c->out[i]->nconsumers; k++) {
					struct job *d = c->out[i]->consumers[k];
					if ((d->state == JOB_PENDING || d->state == JOB_MAYBE) && --d->pending == 0)
						VEC_PUSH(work, n, cap, d);
				}
			continue;
		}
		c->state = JOB_READY;
		heap_push(s, c);
	}
	free(work);
}

static void make_ready(struct sched *s, struct job *c)
{
	struct job **work = NULL;
	size_t n = 0, cap = 0;
	VEC_PUSH(work, n, cap, c);
	settle_ready(s, work, n, cap);
}

static void release_downstream(struct sched *s, struct job *j)
{
	struct job **work = NULL;
	size_t n = 0, cap = 0;
	for (uint32_t i = 0; i < j->nout; i++)
		for (uint32_t k = 0; k < j->out[i]->nconsumers; k++) {
			struct job *c = j->out[i]->consumers[k];
			if ((c->state == JOB_PENDING || c->state == JOB_MAYBE) && --c->pending == 0)
				VEC_PUSH(work, n, cap, c);
		}
	settle_ready(s, work, n, cap);
}

static void complete_target(struct sched *s, struct job *j)
{
	j->state = JOB_DONE;
	release_downstream(s, j);
}

static void fail(struct sched *s, struct running *r, const char *why)
{
	struct job *j = r->job;
	j->state = JOB_FAILED;
	s->failed++;
	remove_outputs(s, j);
	if (rec_failed(s->o->rec, j, -1) < 0)
		progress_error(s->o->progress, "cannot write the state store:");
	/* A job that never started has no log of this attempt: what is there is an earlier
	 * run's, and would mislead. */
	progress_job_failed(s->o->progress, j, why, r->started ? r->logpath : NULL);
	block_downstream(s, j);
	if (!s->o->keep_going)
		s->stopping = true;
}

/* Hand the job as many free devices as it asks for (fits() made sure there are). */
static void take_gpus(struct sched *s, const struct job *j, struct running *r)
{
	size_t want = j->rule->gpus > 0 ? (size_t)j->rule->gpus : 0;
	if (!want || want > s->ngpu_free)
		return;
	r->gpus = xmalloc(want * sizeof(*r->gpus));
	for (size_t k = 0; k < want; k++)
		r->gpus[k] = s->gpu_free[--s->ngpu_free];
	r->ngpus = want;
}

/* Give back what a finished (or failed to start) job held. */
static void release_running(struct sched *s, struct running *r)
{
	for (size_t k = 0; k < r->ngpus; k++)
		s->gpu_free[s->ngpu_free++] = r->gpus[k];
	free(r->gpus);
	launch_free(&r->l);
	sigparts_free(&r->parts);
	free(r->logpath);
	*r = (struct running){0};
}

static void interrupt(struct sched *s, int sig);
static void take_signals(struct sched *s);

static void start(struct sched *s, struct job *j)
{
	struct running r = {.job = j};
	buf_reset(&s->tmp);
	cmd_logpath(&s->tmp, j);
	r.logpath = xstrdup(s->tmp.s);
	buf_reset(&s->tmp);
	int planned = plan_parts(s->o->plan, j, &r.parts, &s->tmp);
	if (planned == -2) {
		/* A stop signal came while an input was hashed; it has reached the pipe as the
		 * hashing ended. The job neither ran nor failed. */
		take_signals(s);
		if (!s->interrupted)
			interrupt(s, SIGINT);
		free(r.logpath);
		return;
	}
	if (planned < 0) {
		fail(s, &r, s->tmp.s);
		free(r.logpath);
		return;
	}
	const char *cmd = buf_str(&r.parts.cmd);
	int err = 0;
	const char *what = NULL;
	for (uint32_t i = 0; i < j->nout && !err; i++)
		if (ensure_dir(s, j->out[i]->path) < 0)
			err = errno, what = j->out[i]->path;
	for (uint32_t i = 0; i < j->nlog && !err; i++)
		if (ensure_dir(s, j->log[i]->path) < 0)
			err = errno, what = j->log[i]->path;
	if (err)
		buf_printf(&s->tmp, "cannot create the directory of '%s': %s", what, strerror(err));
	take_gpus(s, j, &r);
	struct grant g = {r.gpus, r.ngpus};
	char name[64];
	snprintf(name, sizeof(name), "flow-%d-%zu", (int)getpid(), j->id);
	if (!err && launch_build(&r.l, j, cmd, r.logpath, s->o->ctr, name, &g, &s->tmp) < 0)
		err = -1;
	/* The start is on record before the job can write anything. */
	if (!err && rec_started(s->o->rec, j, s->ex->ops->name, "", r.l.container) < 0) {
		err = errno;
		buf_printf(&s->tmp, "cannot write the state store: %s", strerror(err));
	}
	/* A rerun starts from nothing: a command that appends to its output, or a tool that
	 * skips a file that exists, would otherwise build on the previous run's output. */
	if (!err)
		remove_outputs(s, j);
	if (!err)
		progress_job_started(s->o->progress, j, r.l.show);
	if (!err)
		r.started = s->ex->ops->start(s->ex, &r.l, &r.h, &s->tmp) == 0;
	r.start = now_seconds();
	r.wall_start = wall_seconds();
	if (r.started)
		rec_started(s->o->rec, j, s->ex->ops->name, r.h.id, r.l.container);
	if (!r.started) {
		fail(s, &r, s->tmp.s);
		release_running(s, &r);
		return;
	}
	j->state = JOB_RUNNING;
	hold(s, j, +1);
	VEC_PUSH(s->run, s->nrun, s->caprun, r);
}

static void start_ready(struct sched *s)
{
	struct job **later = NULL;
	size_t nlater = 0, caplater = 0;
	while (s->nheap && !s->stopping) {
		struct job *j = heap_pop(s);
		if (j->state != JOB_READY)
			continue;
		if (j->rule->target_only) {
			complete_target(s, j);
			continue;
		}
		if (!fits(s, j)) {
			VEC_PUSH(later, nlater, caplater, j);
			/* Look a little further for a job that fits, but not through every ready
			 * job on every completion. */
			if (s->slots_used >= s->o->jobs || nlater >= 64)
				break;
			continue;
		}
		start(s, j);
	}
	for (size_t i = 0; i < nlater; i++)
		heap_push(s, later[i]);
	free(later);
}

static void finish(struct sched *s, size_t idx, int status)
{
	struct running r = s->run[idx];
	s->run[idx] = s->run[--s->nrun];
	struct job *j = r.job;
	hold(s, j, -1);
	double secs = now_seconds() - r.start;
	s->done++;
	struct buf why = {0};
	/* A job that finished before the interrupt reached it keeps its work; one that the
	 * interrupt reached does not, whatever its status (a command that traps SIGTERM, or a
	 * container client that exits 0 while its container is stopped, proves nothing). */
	if (s->interrupted && (r.h.signalled || !(WIFEXITED(status) && WEXITSTATUS(status) == 0))) {
		j->state = JOB_FAILED;
		remove_outputs(s, j);
		rec_failed(s->o->rec, j, -1);
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		exec_describe(&why, status);
		fail(s, &r, why.s);
		goto out;
	}
	for (uint32_t i = 0; i < j->nout; i++) {
		graph_unstat(j->out[i]);
		if (!graph_stat(j->out[i])) {
			buf_printf(&why, "it exited 0 but did not create its output '%s'", j->out[i]->path);
			fail(s, &r, why.s);
			goto out;
		}
	}
	if (rec_finished(s->o->rec, j, &r.parts, r.wall_start, wall_seconds(), &why) < 0) {
		fail(s, &r, why.s);
		goto out;
	}
	j->state = JOB_DONE;
	progress_job_done(s->o->progress, j, s->done, s->total, secs);
	release_downstream(s, j);
out:
	buf_free(&why);
	release_running(s, &r);
}

static void on_done(void *ctx, struct exec_handle *h, int status, bool leftovers)
{
	struct sched *s = ctx;
	(void)leftovers;
	finish(s, (size_t)((struct running *)h - s->run), status);
}

/* Take in the jobs the executor has seen finish. */
static void reap(struct sched *s)
{
	s->hs = xrealloc(s->hs, (s->nrun + 1) * sizeof(*s->hs));
	for (size_t i = 0; i < s->nrun; i++)
		s->hs[i] = &s->run[i].h;
	s->ex->ops->collect(s->ex, s->hs, s->nrun, 0, on_done, s);
}

/* The first SIGINT, SIGTERM or SIGHUP stops the jobs with SIGTERM and gives them the grace
 * period; a further one hurries that up: SIGKILL at once, never a longer wait. */
static void interrupt(struct sched *s, int sig)
{
	if (s->interrupted) {
		s->kill_at = now_seconds();
		return;
	}
	s->interrupted = s->stopping = true;
	s->kill_at = now_seconds() + s->o->grace;
	for (size_t i = 0; i < s->nrun; i++)
		s->ex->ops->signal(s->ex, &s->run[i].h, SIGTERM);
	/* The terminal may be gone (SIGHUP): the jobs were signalled first. */
	progress_interrupted(s->o->progress, sig, s->nrun);
}

/* Act on the signals the handler has passed through the (non-blocking) pipe. */
static void take_signals(struct sched *s)
{
	unsigned char sigs[64];
	ssize_t n;
	while ((n = read(s->pipe_r, sigs, sizeof(sigs))) > 0)
		for (ssize_t i = 0; i < n; i++)
			if (sigs[i] == SIGINT || sigs[i] == SIGTERM || sigs[i] == SIGHUP)
				interrupt(s, sigs[i]);
}

static void wait_events(struct sched *s)
{
	int timeout = -1;
	if (s->interrupted) {
		double left = s->kill_at - now_seconds();
		if (left <= 0) {
			for (size_t i = 0; i < s->nrun; i++)
				s->ex->ops->signal(s->ex, &s->run[i].h, SIGKILL);
			left = 1;
		}
		timeout = (int)(left * 1000) + 1;
	}
	if (s->ex->poll_ms >= 0 && (timeout < 0 || s->ex->poll_ms < timeout))
		timeout = s->ex->poll_ms;
	/* The signals, and the executor's news. */
	struct pollfd p[2] = {{.fd = s->pipe_r, .events = POLLIN}, {.fd = s->ex->wake_fd, .events = POLLIN}};
	if (poll(p, s->ex->wake_fd >= 0 ? 2 : 1, timeout) <= 0 || !(p[0].revents & POLLIN))
		return;
	take_signals(s);
}

static int setup_signals(struct sched *s, struct sigaction *old)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	s->pipe_r = fds[0];
	sigpipe_w = fds[1];
	struct sigaction sa = {.sa_handler = on_signal, .sa_flags = SA_RESTART | SA_NOCLDSTOP};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old[1]);
	sigaction(SIGTERM, &sa, &old[2]);
	sigaction(SIGHUP, &sa, &old[3]);
	/* A closed terminal or pipe makes writes fail rather than end flow with its jobs left
	 * running (the jobs get every signal's default back: see exec). */
	struct sigaction ign = {.sa_handler = SIG_IGN};
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old[4]);
	return 0;
}

static void restore_signals(struct sched *s, const struct sigaction *old)
{
	sigaction(SIGINT, &old[1], NULL);
	sigaction(SIGTERM, &old[2], NULL);
	sigaction(SIGHUP, &old[3], NULL);
	sigaction(SIGPIPE, &old[4], NULL);
	close(s->pipe_r);
	close(sigpipe_w);
	sigpipe_w = -1;
}

/* The first job left unrun though nothing failed. */
static const struct job *first_stuck(const struct sched *s)
{
	for (size_t i = 0; i < s->g->njobs; i++) {
		const struct job *j = s->g->order[i];
		if ((j->state == JOB_PENDING || j->state == JOB_MAYBE || j->state == JOB_READY) &&
		    !j->rule->target_only)
			return j;
	}
	return NULL;
}

int sched_run(struct graph *g, const struct sched_opts *o)
{
	struct sched s = {.g = g, .o = o};
	s.used = xcalloc(o->ncaps + 1, sizeof(*s.used));
	for (size_t c = 0; c < o->ncaps; c++)
		if (strcmp(o->caps[c].name, "gpu") == 0 && o->caps[c].amount > 0 && o->caps[c].amount < 4096) {
			s.gpu_free = xmalloc((size_t)o->caps[c].amount * sizeof(*s.gpu_free));
			/* Hand out low indices first: the free list is used from its end. */
			for (long long k = o->caps[c].amount; k > 0; k--)
				s.gpu_free[s.ngpu_free++] = (int)(k - 1);
		}
	for (size_t i = 0; i < g->njobs; i++) {
		struct job *j = g->order[i];
		if (j->state != JOB_PENDING && j->state != JOB_MAYBE)
			continue;
		s.total += !j->rule->target_only;
		j->pending = 0;
		for (uint32_t k = 0; k < j->nin; k++) {
			const struct job *p = j->in[k]->producer;
			j->pending += p && (p->state == JOB_PENDING || p->state == JOB_MAYBE || p->state == JOB_READY);
		}
		if (!j->pending)
			make_ready(&s, j);
	}
	struct sigaction old[5];
	s.ex = o->exec ? o->exec : exec_local_new();
	if (!s.ex || setup_signals(&s, old) < 0) {
		progress_error(o->progress, "cannot create a pipe:");
		if (s.ex && s.ex != o->exec)
			s.ex->ops->free(s.ex);
		free(s.used);
		return 2;
	}
	double t0 = now_seconds();
	for (;;) {
		if (!s.stopping)
			start_ready(&s);
		if (!s.nrun)
			break;
		wait_events(&s);
		reap(&s);
	}
	restore_signals(&s, old);
	if (s.ex != o->exec)
		s.ex->ops->free(s.ex);
	free(s.hs);
	size_t blocked = 0, notrun = 0;
	for (size_t i = 0; i < g->njobs; i++) {
		const struct job *j = g->order[i];
		blocked += j->state == JOB_BLOCKED && !j->rule->target_only;
		notrun += (j->state == JOB_PENDING || j->state == JOB_MAYBE || j->state == JOB_READY) &&
			  !j->rule->target_only;
	}
	int rc = s.interrupted ? 130 : s.failed ? 1 : 0;
	struct run_totals t = {.total = s.total, .failed = s.failed, .not_run = blocked + notrun, .cutoff = s.cutoff,
			       .interrupted = s.interrupted, .keep_going = o->keep_going,
			       .secs = now_seconds() - t0};
	/* sched_check lets nothing through that can never start; should anything be left all
	 * the same, the run did not make its targets and must not say it did. */
	if (!s.interrupted && !s.failed && notrun) {
		t.stuck = notrun;
		t.first_stuck = first_stuck(&s);
		rc = 1;
	}
	progress_finished(o->progress, &t);
	free(s.heap);
	free(s.run);
	free(s.used);
	free(s.gpu_free);
	strmap_free(&s.dirs);
	buf_free(&s.tmp);
	return rc;
}
