/* launch: turning a job into what runs. */
#include "launch.h"
#include "cmd.h"
#include "container.h"
#include "exec.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

bool launch_direct(const char *cmd, bool own_env, struct buf *words, char ***argv)
{
	/* With an environment of its own (a PATH, BASH_ENV, functions) the command goes to
	 * bash, which alone knows what that environment means. */
	return !own_env && cmd_simple_argv(cmd, words, argv) > 0;
}

/* The entries j's command gets on top of flow's environment: the rule's env, then the
 * devices granted (once, for the host and the container alike). Strings live in own. */
static size_t added_env(const struct job *j, const struct grant *g, struct kv *kv, struct strvec *own)
{
	size_t n = 0;
	for (size_t k = 0; k < j->rule->nenv; k++)
		kv[n++] = (struct kv){j->rule->env[k].name, j->rule->env[k].value};
	if (g && g->ngpus) {
		struct buf b = {0};
		for (size_t k = 0; k < g->ngpus; k++)
			buf_printf(&b, "%s%d", k ? "," : "", g->gpus[k]);
		strvec_push(own, b.s);
		buf_free(&b);
		kv[n++] = (struct kv){"CUDA_VISIBLE_DEVICES", own->v[own->n - 1]};
	}
	return n;
}

static bool names_var(const char *entry, const char *name)
{
	size_t l = strlen(name);
	return strncmp(entry, name, l) == 0 && entry[l] == '=';
}

/* flow's environment with kv on top; NULL when kv is empty. */
static char **host_env(const struct kv *kv, size_t nkv, struct launch *l)
{
	if (!nkv)
		return NULL;
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = xmalloc((n + nkv + 1) * sizeof(*env));
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		bool overridden = false;
		for (size_t k = 0; k < nkv && !overridden; k++)
			overridden = names_var(environ[i], kv[k].name);
		if (!overridden)
			env[m++] = environ[i];
	}
	for (size_t k = 0; k < nkv; k++)
		env[m++] = xasprintf("%s=%s", kv[k].name, kv[k].value);
	env[m] = NULL;
	l->nenv_own = nkv;
	return env;
}

static void set_argv(char ***out, struct strvec *sv, char *const *argv)
{
	for (size_t i = 0; argv[i]; i++)
		strvec_push(sv, argv[i]);
	*out = sv->v;
}

/* bash -euo pipefail -c CMD, or bash SCRIPT for a command too long for one argument. */
static int host_argv(struct launch *l, const char *cmd, bool own_env, struct buf *err)
{
	char **words = NULL;
	char *bash[] = {"/bin/bash", "-euo", "pipefail", "-c", (char *)cmd, NULL};
	if (launch_direct(cmd, own_env, &l->words, &words)) {
		set_argv(&l->argv, &l->args, words);
		free(words);
		set_argv(&l->fallback, &l->fargs, bash);
		return 0;
	}
	free(words);
	if (exec_too_long(cmd)) {
		if (!(l->script = exec_write_script(cmd, err)))
			return -1;
		bash[3] = l->script;
		bash[4] = NULL;
	}
	set_argv(&l->argv, &l->args, bash);
	return 0;
}

static int ctr_launch(struct launch *l, const struct job *j, const char *cmd, const struct ctr *c,
		      const char *name, const struct kv *kv, size_t nkv, const struct grant *g, struct buf *err)
{
	char *sourced = NULL;
	/* A command too long for one argument is sourced from a script in the project. */
	if (exec_too_long(cmd)) {
		if (!(l->script = exec_write_script(cmd, err)))
			return -1;
		struct buf src = {0};
		buf_puts(&src, ". ");
		char *abs = xasprintf("%s/%s", c->project, l->script);
		shell_quote(&src, abs);
		free(abs);
		cmd = sourced = buf_detach(&src);
	}
	l->ctr_name = xstrdup(name);
	l->container = xasprintf("%s %s", c->exe, name);
	struct ctr_spec spec;
	struct strvec own = {0};
	ctr_job_spec(c, j, cmd, name, kv, nkv, g ? g->gpus : NULL, g ? g->ngpus : 0, &spec, &own);
	const char *bad = ctr_path_ok(c->rt, spec.workdir) ? NULL : spec.workdir;
	for (size_t i = 0; i < spec.nmounts && !bad; i++)
		if (!ctr_path_ok(c->rt, spec.mounts[i].source) || !ctr_path_ok(c->rt, spec.mounts[i].target))
			bad = spec.mounts[i].source;
	if (bad)
		buf_printf(err, "%s cannot mount '%s': the path has ',' or ':'", c->exe, bad);
	ctr_argv(c->rt, &spec, &l->args);
	l->argv = l->args.v;
	free(sourced);
	ctr_spec_free(&spec);
	strvec_free(&own);
	return bad ? -1 : 0;
}

/* What -p shows: the command on the host, the runtime's command line (quoted) otherwise. */
static char *shown(const struct launch *l, const char *cmd)
{
	if (!l->container)
		return xstrdup(cmd);
	struct buf b = {0};
	for (size_t i = 0; l->argv[i]; i++) {
		if (i)
			buf_putc(&b, ' ');
		shell_quote(&b, l->argv[i]);
	}
	return buf_detach(&b);
}

int launch_build(struct launch *l, const struct job *j, const char *cmd, const char *logpath,
		 const struct ctr *c, const char *name, const struct grant *g, struct buf *err)
{
	*l = (struct launch){.logpath = logpath};
	struct kv *kv = xcalloc(j->rule->nenv + 2, sizeof(*kv));
	size_t nkv = added_env(j, g, kv, &l->env);
	int rc;
	if (c && c->rt != RT_OFF && j->rule->container) {
		rc = ctr_launch(l, j, cmd, c, name, kv, nkv, g, err);
	} else {
		l->envp = host_env(kv, nkv, l);
		rc = host_argv(l, cmd, nkv > 0, err);
	}
	free(kv);
	if (rc < 0) {
		launch_free(l);
		return -1;
	}
	l->show = shown(l, cmd);
	return 0;
}

void launch_free(struct launch *l)
{
	if (l->envp) {
		size_t n = 0;
		while (l->envp[n])
			n++;
		for (size_t i = n - l->nenv_own; i < n; i++)
			free(l->envp[i]);
		free(l->envp);
	}
	if (l->script) {
		unlink(l->script);
		free(l->script);
	}
	strvec_free(&l->args);
	strvec_free(&l->fargs);
	strvec_free(&l->env);
	buf_free(&l->words);
	free(l->container);
	free(l->ctr_name);
	free(l->show);
	*l = (struct launch){0};
}
