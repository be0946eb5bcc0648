/* container: runtimes, images and command lines. */
#include "container.h"
#include "sig.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The job's command runs in bash with -euo pipefail when the image has bash, else in its
 * sh with what sh offers of the same. $1 is the command. */
#define LAUNCHER                                                                          \
	"if command -v bash >/dev/null 2>&1; then exec bash -euo pipefail -c \"$1\"; fi; " \
	"set -eu; (set -o pipefail) 2>/dev/null && set -o pipefail; eval \"$1\""

const char *ctr_runtime_name(enum runtime rt)
{
	static const char *const names[] = {"off", "podman", "docker", "apptainer"};
	return names[rt];
}

/* Whether exe is an executable on PATH. */
static bool on_path(const char *exe)
{
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/bin:/bin";
	struct buf b = {0};
	bool found = false;
	for (const char *p = path; !found;) {
		size_t n = strcspn(p, ":");
		buf_reset(&b);
		buf_put(&b, n ? p : ".", n ? n : 1);
		buf_printf(&b, "/%s", exe);
		found = access(b.s, X_OK) == 0;
		if (!p[n])
			break;
		p += n + 1;
	}
	buf_free(&b);
	return found;
}

int ctr_init(struct ctr *c, const char *choice, struct store *st, struct buf *err)
{
	*c = (struct ctr){.rt = RT_OFF, .st = st};
	char real[PATH_MAX];
	c->project = xstrdup(realpath(".", real) ? real : ".");
	c->rootless = geteuid() != 0;
	static const enum runtime order[] = {RT_PODMAN, RT_DOCKER, RT_APPTAINER};
	if (!choice || strcmp(choice, "auto") == 0) {
		for (size_t i = 0; i < LEN(order); i++)
			if (on_path(ctr_runtime_name(order[i]))) {
				c->rt = order[i];
				break;
			}
		c->none_found = c->rt == RT_OFF;
	} else if (strcmp(choice, "off") != 0) {
		size_t i;
		for (i = 0; i < LEN(order) && strcmp(choice, ctr_runtime_name(order[i])) != 0; i++)
			;
		if (i == LEN(order)) {
			buf_printf(err, "--containers takes auto, podman, docker, apptainer or off, not '%s'", choice);
			return -1;
		}
		if (!on_path(choice)) {
			buf_printf(err, "--containers=%s: no '%s' on PATH", choice, choice);
			return -1;
		}
		c->rt = order[i];
	}
	c->exe = c->rt == RT_OFF ? NULL : ctr_runtime_name(c->rt);
	return 0;
}

int ctr_run_capture(char *const *argv, struct buf *out, struct buf *err)
{
	int po[2], pe[2];
	if (pipe2(po, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(pe, O_CLOEXEC) < 0) {
		close(po[0]);
		close(po[1]);
		return -1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	pid_t pid;
	/* With the signal mask of its own: a flow that runs jobs blocks SIGCHLD (see
	 * exec_local_new). */
	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	sigset_t none;
	sigemptyset(&none);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK);
	int rc = posix_spawnp(&pid, argv[0], &fa, &at, argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	if (rc != 0) {
		close(po[0]);
		close(pe[0]);
		errno = rc;
		return -1;
	}
	struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
	int open_fds = 2;
	char chunk[4096];
	while (open_fds) {
		int ready = poll(fds, 2, -1);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready < 0)
			break;
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t n = read(fds[i].fd, chunk, sizeof(chunk));
			if (n > 0) {
				struct buf *b = i == 0 ? out : err;
				if (b)
					buf_put(b, chunk, (size_t)n);
			} else if (n == 0 || errno != EINTR) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			}
		}
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

/* Run "EXE args..." quietly; the wait status (or -1), its stdout in out. */
static int run_tool(const struct ctr *c, struct buf *out, struct buf *err, const char *a1, const char *a2,
		    const char *a3, const char *a4, const char *a5)
{
	char *argv[] = {(char *)c->exe, (char *)a1, (char *)a2, (char *)a3, (char *)a4, (char *)a5, NULL};
	return ctr_run_capture(argv, out, err);
}

static bool ok(int status)
{
	return status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The identity of a runtime image: its ID from inspect, pulling the image first when it is
 * absent. NULL (with the runtime's words in err) when it cannot be had. */
static char *image_identity(struct ctr *c, const char *image, struct buf *err)
{
	struct buf out = {0};
	if (c->rt == RT_APPTAINER) {
		/* A .sif file: its content hash, through the stat cache. */
		struct file f = {.path = image, .len = strlen(image)};
		if (sig_file(c->st, &f) < 0) {
			buf_printf(err, "cannot read image file '%s': %s", image, strerror(errno));
			return NULL;
		}
		buf_puts(&out, "sif:");
		sig_hex(&out, f.hash, 32);
		return buf_detach(&out);
	}
	const char *fmt = "{{.Id}}";
	int st = run_tool(c, &out, NULL, "image", "inspect", "--format", fmt, image);
	if (!ok(st) && c->no_pull) {
		buf_free(&out);
		return xstrdup(""); /* absent: ctr_image_id says NULL */
	}
	if (!ok(st)) {
		struct buf pullerr = {0};
		int pst = run_tool(c, NULL, &pullerr, "pull", "-q", image, NULL, NULL);
		if (!ok(pst)) {
			const char *e = buf_str(&pullerr);
			const char *last = e;
			/* The last non-empty line says why. */
			for (const char *p = e; *p; p++)
				if (*p == '\n' && p[1])
					last = p + 1;
			buf_printf(err, "%.*s", (int)strcspn(last, "\n"), last);
			buf_free(&pullerr);
			buf_free(&out);
			return NULL;
		}
		buf_free(&pullerr);
		buf_reset(&out);
		st = run_tool(c, &out, err, "image", "inspect", "--format", fmt, image);
		if (!ok(st)) {
			buf_free(&out);
			return NULL;
		}
	}
	char *id = xstrndup(buf_str(&out), strcspn(buf_str(&out), "\r\n"));
	buf_free(&out);
	/* docker says sha256:HEX where podman says HEX: the same identity. */
	if (strncmp(id, "sha256:", 7) == 0)
		memmove(id, id + 7, strlen(id + 7) + 1);
	return id;
}

int ctr_prepare(struct ctr *c, const struct graph *g, struct diag *d)
{
	int errors = 0;
	struct strmap seen = {0};
	for (size_t i = 0; i < g->rs->nrules; i++) {
		const struct rule *r = &g->rs->rules[i];
		if (!r->container)
			continue;
		bool used = false;
		for (size_t k = 0; k < g->njobs && !used; k++)
			used = g->order[k]->rule == r;
		bool found;
		void **slot = strmap_slot(&seen, r->container, strlen(r->container), &found);
		if (!used || found)
			continue;
		*slot = (void *)r;
		if (c->rt == RT_OFF)
			continue;
		struct buf err = {0};
		char *id = image_identity(c, r->container, &err);
		if (id) {
			*strmap_slot(&c->ids, r->container, strlen(r->container), &found) = id;
		} else {
			diag_error(d, r->pos, "image '%s' is not available to %s: %s", r->container, c->exe,
				   err.len ? err.s : "no reason given");
			for (size_t k = i + 1; k < g->rs->nrules; k++)
				if (g->rs->rules[k].container && strcmp(g->rs->rules[k].container, r->container) == 0)
					diag_note(d, g->rs->rules[k].pos, "rule '%s' uses it too", g->rs->rules[k].name);
			errors++;
		}
		buf_free(&err);
	}
	if (c->rt == RT_OFF && c->none_found && seen.len) {
		for (size_t i = 0; i < g->rs->nrules; i++) {
			const struct rule *r = &g->rs->rules[i];
			if (r->container && strmap_get(&seen, r->container, strlen(r->container)) == r) {
				diag_error(d, r->pos, "rule '%s' runs in image '%s', but no container runtime was found", r->name,
					   r->container);
				diag_hint(d, "install podman, docker or apptainer, or run the commands on the host with --containers=off");
				errors++;
			}
		}
	}
	strmap_free(&seen);
	return errors ? -1 : 0;
}

const char *ctr_image_id(void *ctx, const struct rule *r)
{
	const struct ctr *c = ctx;
	if (!r->container || c->rt == RT_OFF)
		return "";
	const char *id = strmap_get(&c->ids, r->container, strlen(r->container));
	return id ? (*id ? id : NULL) : "";
}

/* Add a read-only mount of path at the same path, unless it is inside the project or
 * already mounted. */
static void mount_outside(const struct ctr *c, const char *path, struct ctr_spec *spec, size_t *cap,
			  struct strvec *own)
{
	size_t plen = strlen(c->project);
	if (strncmp(path, c->project, plen) == 0 && (path[plen] == '/' || path[plen] == '\0'))
		return;
	for (size_t i = 0; i < spec->nmounts; i++)
		if (strcmp(spec->mounts[i].target, path) == 0)
			return;
	strvec_push(own, path);
	spec->mounts = xgrow(spec->mounts, cap, spec->nmounts + 1, sizeof(*spec->mounts));
	spec->mounts[spec->nmounts++] = (struct mountspec){own->v[own->n - 1], own->v[own->n - 1], true};
}

void ctr_job_spec(const struct ctr *c, const struct job *j, const char *cmd, const char *name, const struct kv *env,
		  size_t nenv, const int *gpus, size_t ngpus, struct ctr_spec *spec, struct strvec *own)
{
	const struct rule *r = j->rule;
	*spec = (struct ctr_spec){.image = r->container, .name = name, .cmd = cmd, .workdir = c->project,
				  .threads = j->threads, .network_off = r->network_off, .gpus = gpus,
				  .ngpus = ngpus, .uid = getuid(), .gid = getgid(), .rootless = c->rootless};
	size_t cap = 0;
	for (size_t i = 0; i < r->nmounts; i++) {
		struct mountspec m = r->mounts[i];
		if (m.source[0] != '/') {
			strvec_pushf(own, "%s/%s", c->project, m.source);
			m.source = own->v[own->n - 1];
		}
		spec->mounts = xgrow(spec->mounts, &cap, spec->nmounts + 1, sizeof(*spec->mounts));
		spec->mounts[spec->nmounts++] = m;
	}
	/* Inputs outside the project (absolute, or reached through symlinks) are mounted
	 * read-only where they are, and where their links lead. */
	char real[PATH_MAX];
	for (uint32_t i = 0; i < j->nin; i++) {
		const char *p = j->in[i]->path;
		if (p[0] == '/')
			mount_outside(c, p, spec, &cap, own);
		if (realpath(p, real))
			mount_outside(c, real, spec, &cap, own);
	}
	for (size_t k = 0; k < r->nres; k++)
		if (strcmp(r->res[k].name, "mem") == 0)
			spec->mem = r->res[k].amount;
	spec->env = xcalloc(nenv + 1, sizeof(*spec->env));
	for (size_t k = 0; k < nenv; k++)
		spec->env[spec->nenv++] = env[k];
}

static void csv_field(struct buf *b, const char *key, const char *value)
{
	if (!strpbrk(value, ",\"\n")) {
		buf_printf(b, "%s%s", key, value);
		return;
	}
	buf_putc(b, '"');
	buf_puts(b, key);
	for (const char *p = value; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

bool ctr_path_ok(enum runtime rt, const char *path)
{
	/* apptainer's --bind has no quoting: ',' and ':' would split the path. */
	return rt != RT_APPTAINER || !strpbrk(path, ",:");
}

static void bind_args(enum runtime rt, const struct mountspec *m, struct strvec *argv)
{
	if (rt == RT_APPTAINER) {
		strvec_push(argv, "--bind");
		strvec_pushf(argv, "%s:%s:%s", m->source, m->target, m->readonly ? "ro" : "rw");
		return;
	}
	/* --mount, not -v: -v cannot take a path with ':' in it. Its value is read as CSV:
	 * a field with ',' or '"' in it is quoted, so a path cannot add options. */
	struct buf b = {0};
	strvec_push(argv, "--mount");
	buf_puts(&b, "type=bind,");
	csv_field(&b, "source=", m->source);
	buf_putc(&b, ',');
	csv_field(&b, "target=", m->target);
	if (m->readonly)
		buf_puts(&b, ",readonly");
	strvec_push(argv, b.s);
	buf_free(&b);
}

static void gpu_list(struct buf *b, const struct ctr_spec *s)
{
	for (size_t k = 0; k < s->ngpus; k++)
		buf_printf(b, "%s%d", k ? "," : "", s->gpus[k]);
}

void ctr_argv(enum runtime rt, const struct ctr_spec *s, struct strvec *argv)
{
	struct mountspec project = {s->workdir, s->workdir, false};
	if (rt == RT_APPTAINER) {
		strvec_push(argv, "apptainer");
		strvec_push(argv, "exec");
		strvec_push(argv, "--containall");
		strvec_push(argv, "--cleanenv");
		strvec_push(argv, "--pwd");
		strvec_push(argv, s->workdir);
		bind_args(rt, &project, argv);
		for (size_t i = 0; i < s->nmounts; i++)
			bind_args(rt, &s->mounts[i], argv);
		if (s->network_off) {
			strvec_push(argv, "--net");
			strvec_push(argv, "--network");
			strvec_push(argv, "none");
		}
		if (s->ngpus)
			strvec_push(argv, "--nv");
		for (size_t i = 0; i < s->nenv; i++) {
			strvec_push(argv, "--env");
			strvec_pushf(argv, "%s=%s", s->env[i].name, s->env[i].value);
		}
	} else {
		strvec_push(argv, rt == RT_PODMAN ? "podman" : "docker");
		strvec_push(argv, "run");
		/* docker's --rm loses the exit status through podman's socket: flow removes the
		 * container itself after the job. */
		if (rt == RT_PODMAN)
			strvec_push(argv, "--rm");
		strvec_push(argv, "--init");
		strvec_push(argv, "--pull=never");
		strvec_push(argv, "--name");
		strvec_push(argv, s->name);
		if (rt == RT_PODMAN && s->rootless) {
			strvec_push(argv, "--userns=keep-id");
		} else {
			strvec_push(argv, "--user");
			strvec_pushf(argv, "%u:%u", (unsigned)s->uid, (unsigned)s->gid);
		}
		if (s->network_off)
			strvec_push(argv, "--network=none");
		bind_args(rt, &project, argv);
		strvec_push(argv, "-w");
		strvec_push(argv, s->workdir);
		for (size_t i = 0; i < s->nmounts; i++)
			bind_args(rt, &s->mounts[i], argv);
		for (size_t i = 0; i < s->nenv; i++) {
			strvec_push(argv, "-e");
			strvec_pushf(argv, "%s=%s", s->env[i].name, s->env[i].value);
		}
		if (s->threads > 0)
			strvec_pushf(argv, "--cpus=%d", s->threads);
		if (s->mem > 0)
			strvec_pushf(argv, "--memory=%lld", s->mem);
		struct buf g = {0};
		gpu_list(&g, s);
		if (s->ngpus && rt == RT_PODMAN) {
			/* podman ignores --gpus: the devices go by CDI name. */
			for (size_t k = 0; k < s->ngpus; k++) {
				strvec_push(argv, "--device");
				strvec_pushf(argv, "nvidia.com/gpu=%d", s->gpus[k]);
			}
		} else if (s->ngpus) {
			strvec_push(argv, "--gpus");
			strvec_pushf(argv, "\"device=%s\"", g.s);
		}
		buf_free(&g);
	}
	strvec_push(argv, s->image);
	strvec_push(argv, "sh");
	strvec_push(argv, "-c");
	strvec_push(argv, LAUNCHER);
	strvec_push(argv, "flow-job");
	strvec_push(argv, s->cmd);
}

void ctr_rm_argv(enum runtime rt, const char *name, struct strvec *argv)
{
	if (rt == RT_PODMAN) {
		strvec_push(argv, "podman");
		strvec_push(argv, "rm");
		strvec_push(argv, "-f");
		strvec_push(argv, "-t");
		strvec_push(argv, "0");
		strvec_push(argv, name);
	} else if (rt == RT_DOCKER) {
		strvec_push(argv, "docker");
		strvec_push(argv, "rm");
		strvec_push(argv, "-f");
		strvec_push(argv, name);
	}
}

void ctr_cleanup(const char *handle, bool killed)
{
	size_t n = strcspn(handle, " ");
	if (!handle[n])
		return;
	enum runtime rt = strncmp(handle, "docker", n) == 0 && n == 6   ? RT_DOCKER
			  : strncmp(handle, "podman", n) == 0 && n == 6 ? RT_PODMAN
									: RT_OFF;
	if (rt == RT_PODMAN && !killed)
		return;
	struct strvec argv = {0};
	ctr_rm_argv(rt, handle + n + 1, &argv);
	if (argv.n)
		ctr_run_capture(argv.v, NULL, NULL);
	strvec_free(&argv);
}

void ctr_spec_free(struct ctr_spec *spec)
{
	free(spec->mounts);
	free(spec->env);
}

void ctr_free(struct ctr *c)
{
	for (size_t i = 0; i < c->ids.cap; i++)
		free(strmap_value_at(&c->ids, i));
	strmap_free(&c->ids);
	free(c->project);
}

const char *ctr_launcher(void)
{
	return LAUNCHER;
}
