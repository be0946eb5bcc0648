/* main: the command line; wires text → rules → graph → plan → scheduler. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "complete.h"
#include "container.h"
#include "exec.h"
#include "export_argo.h"
#include "eval.h"
#include "graph.h"
#include "json_out.h"
#include "lock.h"
#include "parse.h"
#include "plan.h"
#include "progress.h"
#include "rec.h"
#include "report.h"
#include "rule.h"
#include "sched.h"
#include "store.h"
#include "version.h"

#include <sys/stat.h>
#include <sys/wait.h>

/* Where flow keeps its state, logs and lock, in the project directory. */
#define FLOW_DIR ".flow"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0.1.0"
#endif

enum dag_mode { DAG_NONE, DAG_DOT, DAG_MERMAID };

/* The options that pick what flow does (see modes[] below). */
enum ask { ASK_LIST = 1, ASK_PROVENANCE = 2, ASK_SUMMARY = 4, ASK_DAG = 8, ASK_WHY = 16, ASK_DRY_RUN = 32,
	   ASK_TOUCH = 64, ASK_EXPORT = 128, ASK_COMPLETE = 256 };

struct options {
	const char *file;
	const char *dir;
	unsigned asked;               /* enum ask bits */
	bool recursive, force, forceall;
	bool json;                    /* --json: the report as JSON (json_out.h) */
	unsigned triggers;
	const char *containers;       /* --containers=MODE */
	const char *export_spec;      /* --export=argo,... */
	const char *complete, *complete_prefix; /* --complete=WHAT PREFIX (hidden) */
	bool jobs_set;                /* -j given */
	char gpu_text[32];
	enum dag_mode dag;
	struct sched_opts sched;
	char **overrides;
	size_t noverrides, capoverrides;
	char **targets;
	size_t ntargets, captargets;
	struct cap *caps;
	size_t ncaps, capcaps;
};

static void usage(FILE *fp)
{
	fputs("usage: flow [options] [NAME=value...] [target...]\n"
	      "\n"
	      "Make the targets (files, or names of rules without wildcards; default: the\n"
	      "first rule of the Flowfile), running only the jobs whose outputs are out of date.\n"
	      "\n"
	      "  -j, --jobs N            run at most N threads of jobs at once (default: CPUs)\n"
	      "  -k, --keep-going        after a failure, go on with jobs that do not depend on it\n"
	      "  -n, --dry-run           show the jobs that would run, and why; run nothing\n"
	      "  -p, --print-commands    print each job's command\n"
	      "  -q, --quiet             no status lines, per job or at the end\n"
	      "  -f, --file FILE         read FILE instead of ./Flowfile\n"
	      "  -C, --directory DIR     change to DIR first\n"
	      "      --resources NAME=N  cap a resource that rules declare (e.g. mem=16G, gpu=1)\n"
	      "      --dag[=mermaid]     print the job graph as Graphviz DOT (or Mermaid)\n"
	      "      --list              list the rules\n"
	      "      --json              with -n, --why, --summary, --list, --provenance: JSON\n"
	      "      --why               like -n, and say for every job why it runs or not\n"
	      "      --summary           list every output with its state\n"
	      "      --provenance        show how the target files were made (--recursive: back\n"
	      "                          to the sources)\n"
	      "      --force             run the jobs that make the targets even if up to date\n"
	      "      --forceall          run every job of the graph\n"
	      "      --touch             record the jobs that would run as up to date; run nothing\n"
	      "      --containers=MODE   run rules with an image in podman, docker or apptainer\n"
	      "                          (auto: the first found), or on the host (off)\n"
	      "      --export=argo,pvc=CLAIM[,image=IMAGE]  print the jobs that would run as an\n"
	      "                          Argo Workflow; run nothing (see EXPORT in flow(1))\n"
	      "      --rerun-triggers=LIST  what may cause a rerun: input,command,params,env,\n"
	      "                          image,output (default: all)\n"
	      "  -h, --help              show this help\n"
	      "      --version           show the version\n"
	      "\n"
	      "Long options may be shortened to any unique prefix (--dry for --dry-run).\n"
	      "NAME=value replaces the top-level variable NAME (a comma-separated value for a list).\n"
	      "Exit status: 0 done, 1 a job failed (or --provenance found no record), 2 usage,\n"
	      "Flowfile or graph error, or another flow holds the lock, 130 interrupted.\n"
	      "See flow(1) and Flowfile(5).\n",
	      fp);
}

static bool is_assignment(const char *s)
{
	const char *eq = strchr(s, '=');
	if (!eq || eq == s)
		return false;
	for (const char *p = s; p < eq; p++)
		if (!(*p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (p > s && *p >= '0' && *p <= '9')))
			return false;
	return true;
}

static int parse_resource(struct options *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *name = eq ? xstrndup(arg, (size_t)(eq - arg)) : NULL;
	long long amount = eq ? resource_amount(name, eq + 1) : -1;
	if (!eq || eq == arg || amount < 0) {
		free(name);
		error("--resources wants NAME=N (e.g. mem=16G or gpu=2), not '%s'", arg);
		return -1;
	}
	struct cap c = {name, amount, eq + 1};
	VEC_PUSH(o->caps, o->ncaps, o->capcaps, c);
	return 0;
}

static int parse_jobs(const char *arg, int *jobs)
{
	char *end;
	errno = 0;
	long n = strtol(arg, &end, 10);
	if (!*arg || *end || errno || n < 1 || n > 100000) {
		error("-j wants a number of at least 1, not '%s'", arg);
		return -1;
	}
	*jobs = (int)n;
	return 0;
}

/* The option that getopt_long just refused, into name: the argument itself (up to any
 * '=') for a long option, or -c for a short one, even inside a cluster such as -x.txt,
 * where argv[optind - 1] is the element before it. missing_value: the ':' case, where
 * argv[optind - 1] is always the option's own element. */
static void refused_option(char *name, size_t size, char **argv, int optind, int optopt, bool missing_value)
{
	const char *arg = argv[optind - 1];
	bool is_long = optind > 1 && strncmp(arg, "--", 2) == 0 && (missing_value || !optopt);
	if (is_long)
		snprintf(name, size, "%.*s", (int)strcspn(arg, "="), arg);
	else
		snprintf(name, size, "-%c", optopt);
}

/* flow --complete=WHAT PREFIX: the options need no Flowfile (-1: done). */
static int parse_complete(struct options *o, const struct option *longopts, const char *shortopts,
			  const char *prefix)
{
	if (!complete_known(o->complete)) {
		error("--complete takes options, rules or targets, not '%s'", o->complete);
		return 2;
	}
	o->complete_prefix = prefix;
	if (strcmp(o->complete, "options") != 0)
		return 0;
	complete_options(stdout, longopts, shortopts, prefix);
	return -1;
}

/* Parse argv into o; returns -1 to exit 0 (help, version), 2 on a usage error, else 0. */
static int parse_args(struct options *o, int argc, char **argv)
{
	enum { OPT_RESOURCES = 256, OPT_DAG, OPT_LIST, OPT_VERSION, OPT_WHY, OPT_SUMMARY, OPT_PROVENANCE,
	       OPT_RECURSIVE, OPT_FORCE, OPT_FORCEALL, OPT_TOUCH, OPT_TRIGGERS, OPT_CONTAINERS, OPT_EXPORT, OPT_JSON,
	       OPT_COMPLETE };
	static const struct option longopts[] = {
		{"jobs", required_argument, NULL, 'j'},
		{"keep-going", no_argument, NULL, 'k'},
		{"dry-run", no_argument, NULL, 'n'},
		{"print-commands", no_argument, NULL, 'p'},
		{"quiet", no_argument, NULL, 'q'},
		{"file", required_argument, NULL, 'f'},
		{"directory", required_argument, NULL, 'C'},
		{"resources", required_argument, NULL, OPT_RESOURCES},
		{"dag", optional_argument, NULL, OPT_DAG},
		{"list", no_argument, NULL, OPT_LIST},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{"why", no_argument, NULL, OPT_WHY},
		{"summary", no_argument, NULL, OPT_SUMMARY},
		{"provenance", no_argument, NULL, OPT_PROVENANCE},
		{"recursive", no_argument, NULL, OPT_RECURSIVE},
		{"force", no_argument, NULL, OPT_FORCE},
		{"forceall", no_argument, NULL, OPT_FORCEALL},
		{"touch", no_argument, NULL, OPT_TOUCH},
		{"rerun-triggers", required_argument, NULL, OPT_TRIGGERS},
		{"containers", required_argument, NULL, OPT_CONTAINERS},
		{"export", required_argument, NULL, OPT_EXPORT},
		{"json", no_argument, NULL, OPT_JSON},
		{"complete", required_argument, NULL, OPT_COMPLETE},
		{0},
	};
	static const char shortopts[] = ":j:knpqf:C:h";
	int c;
	char name[64];
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if (parse_jobs(optarg, &o->sched.jobs) < 0)
				return 2;
			o->jobs_set = true;
			break;
		case 'k': o->sched.keep_going = true; break;
		case 'n': o->asked |= ASK_DRY_RUN; break;
		case 'p': o->sched.print_cmds = true; break;
		case 'q': o->sched.quiet = true; break;
		case 'f': o->file = optarg; break;
		case 'C': o->dir = optarg; break;
		case OPT_RESOURCES:
			if (parse_resource(o, optarg) < 0)
				return 2;
			break;
		case OPT_DAG:
			if (!optarg || strcmp(optarg, "dot") == 0)
				o->dag = DAG_DOT, o->asked |= ASK_DAG;
			else if (strcmp(optarg, "mermaid") == 0)
				o->dag = DAG_MERMAID, o->asked |= ASK_DAG;
			else {
				error("--dag takes 'dot' or 'mermaid', not '%s'", optarg);
				return 2;
			}
			break;
		case OPT_LIST: o->asked |= ASK_LIST; break;
		case OPT_WHY: o->asked |= ASK_WHY; break;
		case OPT_SUMMARY: o->asked |= ASK_SUMMARY; break;
		case OPT_PROVENANCE: o->asked |= ASK_PROVENANCE; break;
		case OPT_RECURSIVE: o->recursive = true; break;
		case OPT_JSON: o->json = true; break;
		case OPT_FORCE: o->force = true; break;
		case OPT_FORCEALL: o->forceall = true; break;
		case OPT_TOUCH: o->asked |= ASK_TOUCH; break;
		case OPT_CONTAINERS: o->containers = optarg; break;
		case OPT_EXPORT: o->export_spec = optarg, o->asked |= ASK_EXPORT; break;
		case OPT_COMPLETE: o->complete = optarg, o->asked |= ASK_COMPLETE; break;
		case OPT_TRIGGERS:
			if (plan_parse_triggers(optarg, &o->triggers) < 0) {
				error("--rerun-triggers takes a comma-separated list of input, command, params, env, "
				      "image, output or all, not '%s'", optarg);
				return 2;
			}
			break;
		case 'h': usage(stdout); return -1;
		case OPT_VERSION: version_print(stdout, PACKAGE_VERSION); return -1;
		case ':':
			refused_option(name, sizeof(name), argv, optind, optopt, true);
			error("option '%s' needs a value (try 'flow --help')", name);
			return 2;
		default:
			refused_option(name, sizeof(name), argv, optind, optopt, false);
			error("unknown option '%s' (try 'flow --help')", name);
			return 2;
		}
	}
	if (o->recursive && !(o->asked & ASK_PROVENANCE)) {
		error("--recursive goes with --provenance (flow --provenance --recursive FILE)");
		return 2;
	}
	if (o->json && !(o->asked & (ASK_DRY_RUN | ASK_WHY | ASK_SUMMARY | ASK_LIST | ASK_PROVENANCE))) {
		error("--json goes with -n, --why, --summary, --list or --provenance");
		return 2;
	}
	if ((o->asked & ASK_PROVENANCE) && optind == argc) {
		error("--provenance needs the files to explain, e.g. flow --provenance results/report.html");
		return 2;
	}
	if (o->complete)
		return parse_complete(o, longopts, shortopts, optind < argc ? argv[optind] : "");
	for (int i = optind; i < argc; i++) {
		if (is_assignment(argv[i]))
			VEC_PUSH(o->overrides, o->noverrides, o->capoverrides, argv[i]);
		else
			VEC_PUSH(o->targets, o->ntargets, o->captargets, argv[i]);
	}
	return 0;
}

/* What a mode works on: the rules; then (for a mode that needs the graph) the graph, the
 * store, the recorder, the planner that has planned every job, and the containers. */
struct session {
	const struct ruleset *rs;
	struct graph *g;
	struct diag *d;
	struct store *st;
	struct recorder *rec;
	struct planner *p;
	struct ctr *ctr;
	size_t nrun;                  /* jobs the plan runs or may run */
};

static void list_rules(const struct ruleset *rs)
{
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];
		printf("%s", r->name);
		const struct fileset *fs = r->target_only ? &r->in : &r->out;
		printf("%s", r->target_only ? "  (targets:" : "  (outputs:");
		for (size_t k = 0; k < fs->npats && k < 4; k++)
			printf(" %s", fs->pats[k].text);
		printf("%s)\n", fs->npats > 4 ? " ..." : "");
	}
}

/* The directory part of path, or NULL when it has none. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return NULL;
	return xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* Refuse a .flow that is a symbolic link: a cloned repository could point it anywhere.
 * Inside .flow, links are never followed (see flowdir.h). */
static int check_flow_dir(void)
{
	struct stat sb;
	if (lstat(FLOW_DIR, &sb) < 0 || !S_ISLNK(sb.st_mode))
		return 0;
	char to[4096];
	ssize_t n = readlink(FLOW_DIR, to, sizeof(to) - 1);
	to[n > 0 ? n : 0] = '\0';
	return error("'%s' is a symbolic link (to '%s'); flow keeps its state in a directory of the project "
		     "only: remove the link", FLOW_DIR, to);
}

/* "flow: error: cannot WHAT 'PATH': REASON", saying so when the reason is a link in .flow. */
static void flow_file_error(const char *what, const char *path)
{
	if (errno == ELOOP)
		error("cannot %s '%s': it is a symbolic link, and flow follows none in '%s'",
			what, path, FLOW_DIR);
	else
		error("cannot %s '%s':", what, path);
}

/* Open the state store, under the lock unless this run only reads: a read-only mode
 * neither waits for nor takes the lock (nor creates anything), and reads the store as a
 * running flow leaves it. Returns the lock fd (or -2 for none), -1 on error. */
static int open_state(bool reads_only, struct store *st)
{
	if (check_flow_dir() < 0)
		return -1;
	if (!reads_only && mkdir(FLOW_DIR, 0777) < 0 && errno != EEXIST) {
		flow_file_error("create", FLOW_DIR);
		return -1;
	}
	int fd = -2;
	if (!reads_only) {
		struct buf holder = {0};
		fd = lock_take(FLOW_DIR, &holder);
		if (fd < 0 && holder.len)
			error("another flow (%s) is running in this directory", holder.s);
		else if (fd < 0)
			flow_file_error("lock", FLOW_DIR "/lock");
		buf_free(&holder);
		if (fd < 0)
			return -1;
	}
	enum store_mode mode = !reads_only ? STORE_WRITE : lock_held(FLOW_DIR) ? STORE_READ_BESIDE_WRITER : STORE_READ;
	if (store_open(st, FLOW_DIR, stderr, mode) < 0) {
		flow_file_error("open the state store", FLOW_DIR "/state");
		store_close(st);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Settle the recorder and write the store out at the end of a run: a store that cannot be
 * written (a full disk) is an error, since the next run would not know what this one did. */
static int close_state(struct recorder *rec, struct store *st)
{
	rec_settle(rec);
	if (store_compact(st, false) == 0 && store_sync(st) == 0)
		return 0;
	return error("cannot write the state store '%s/state': %s (the jobs whose records were lost will rerun)",
		     FLOW_DIR, strerror(errno));
}

/* Record every job that would run as up to date (--touch). */
static int touch_jobs(struct planner *p)
{
	int rc = 0;
	struct buf label = {0};
	for (size_t i = 0; i < p->g->njobs; i++) {
		struct job *j = p->g->order[i];
		if ((j->state != JOB_PENDING && j->state != JOB_MAYBE) || j->rule->target_only)
			continue;
		buf_reset(&label);
		job_label(&label, j);
		for (uint32_t k = 0; k < j->nout; k++)
			graph_unstat(j->out[k]);
		bool missing = false;
		for (uint32_t k = 0; k < j->nout && !missing; k++)
			if (!graph_stat(j->out[k])) {
				error("cannot touch '%s': its output '%s' is missing", label.s, j->out[k]->path);
				missing = true;
			}
		struct buf err = {0};
		bool unrecorded = !missing && plan_record_unrun(p, j, &err) < 0;
		if (unrecorded)
			error("%s", err.s);
		buf_free(&err);
		if (missing || unrecorded) {
			rc = 1;
			continue;
		}
		j->state = JOB_SKIP;
		printf("touched %s\n", label.s);
	}
	buf_free(&label);
	/* A job that planning could not adopt (its image is absent, say) was not recorded. */
	return p->errors ? 1 : rc;
}

/* The number of GPUs on this machine: the lines of `nvidia-smi -L` that name one. */
static long long count_gpus(void)
{
	char *argv[] = {"nvidia-smi", "-L", NULL};
	struct buf out = {0};
	long long n = 0;
	int st = ctr_run_capture(argv, &out, NULL);
	if (st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
		for (const char *p = buf_str(&out); (p = strstr(p, "GPU ")); p += 4)
			n += p == out.s || p[-1] == '\n';
	buf_free(&out);
	return n;
}

/* Without --resources gpu=N, the GPUs found on the machine cap the jobs that ask for some. */
static void default_gpu_cap(struct options *o, const struct graph *g)
{
	for (size_t c = 0; c < o->ncaps; c++)
		if (strcmp(o->caps[c].name, "gpu") == 0)
			return;
	bool wanted = false;
	for (size_t i = 0; i < g->rs->nrules && !wanted; i++)
		wanted = g->rs->rules[i].gpus > 0;
	if (!wanted)
		return;
	long long n = count_gpus();
	snprintf(o->gpu_text, sizeof(o->gpu_text), "%lld", n);
	struct cap c = {xstrdup("gpu"), n, o->gpu_text};
	VEC_PUSH(o->caps, o->ncaps, o->capcaps, c);
	o->sched.caps = o->caps;
	o->sched.ncaps = o->ncaps;
}

static int mode_list(struct options *o, struct session *s)
{
	if (o->json)
		json_list(stdout, s->rs);
	else
		list_rules(s->rs);
	return 0;
}

static int mode_provenance(struct options *o, struct session *s)
{
	if (o->json)
		return json_provenance(stdout, stderr, s->g, s->st, o->targets, o->ntargets, o->recursive) < 0;
	int rc = 0;
	for (size_t i = 0; i < o->ntargets; i++)
		if (report_provenance(stdout, stderr, s->g, s->st, o->targets[i], o->recursive) < 0)
			rc = 1;
	return rc;
}

static int mode_summary(struct options *o, struct session *s)
{
	if (o->json)
		json_summary(stdout, s->g);
	else
		report_summary(stdout, s->g);
	return 0;
}

static int mode_dag(struct options *o, struct session *s)
{
	graph_write_dag(s->g, stdout, o->dag == DAG_MERMAID);
	return 0;
}

static int mode_why(struct options *o, struct session *s)
{
	if (o->json)
		json_plan(stdout, s->g, true, o->sched.print_cmds);
	else
		report_dry_run(stdout, s->g, true, o->sched.print_cmds, false);
	return 0;
}

static int mode_dry_run(struct options *o, struct session *s)
{
	if (o->json)
		json_plan(stdout, s->g, false, o->sched.print_cmds);
	else
		report_dry_run(stdout, s->g, false, o->sched.print_cmds, o->sched.quiet);
	return 0;
}

static int mode_touch(struct options *o, struct session *s)
{
	(void)o;
	return touch_jobs(s->p);
}

/* --export=argo: the planned jobs as an Argo Workflow on stdout. */
static int mode_export(struct options *o, struct session *s)
{
	struct argo_opts ao;
	struct buf err = {0};
	int rc = argo_parse(&ao, o->export_spec, &err);
	ao.parallelism = o->jobs_set ? o->sched.jobs : 0;
	ao.keep_going = o->sched.keep_going;
	if (rc == 0)
		rc = argo_export(s->g, s->ctr, &ao, stdout, &err);
	if (rc < 0)
		error("%s", err.s);
	else if (rc > 0)
		fprintf(stderr, "flow: %s\n", err.s);
	argo_opts_free(&ao);
	buf_free(&err);
	return rc < 0 ? 2 : 0;
}

/* --complete=rules|targets from .flow/complete, when the Flowfile has not changed since. */
static int complete_from_cache(const struct options *o)
{
	char *dir = dir_of(o->file);
	const char *top = dir ? o->file + strlen(dir) + (o->file[strlen(dir)] == '/') : o->file;
	int rc = complete_cached(stdout, dir, top, o->complete, o->complete_prefix);
	free(dir);
	return rc;
}

/* --complete=rules|targets: the graph (the first rule's), when it could be built; the words
 * are kept in .flow/complete for the next time. */
static int mode_complete(struct options *o, struct session *s)
{
	if (strcmp(o->complete, "rules") == 0)
		complete_rules(stdout, s->rs, o->complete_prefix, 0);
	else
		complete_targets(stdout, s->g, s->rs, o->complete_prefix);
	char *dir = dir_of(o->file);
	if (s->g)
		complete_write_cache(s->d, dir, s->g, s->rs);
	free(dir);
	return 0;
}

static int mode_run(struct options *o, struct session *s)
{
	if (s->nrun == 0) {
		size_t njobs = 0;
		for (size_t i = 0; i < s->g->njobs; i++)
			njobs += !s->g->order[i]->rule->target_only;
		progress_up_to_date(o->sched.progress, njobs);
		return 0;
	}
	o->sched.plan = s->p;
	o->sched.rec = s->rec;
	o->sched.ctr = s->ctr;
	return sched_run(s->g, &o->sched);
}

/* How much of a project a mode needs. */
enum stage { STAGE_RULES, STAGE_GRAPH, STAGE_PLAN };
/* What a mode does with container images before planning: nothing, look them up (an absent
 * image leaves its jobs unsigned), look them up only where a container runtime is (an export
 * runs its images elsewhere), or pull the absent ones. */
enum images { IMAGES_NONE, IMAGES_LOOK, IMAGES_LOOK_IF_RUNTIME, IMAGES_PULL };

/* Everything flow can be asked to do, the first asked for winning (--why over -n, -n over
 * --touch); the last row, asked by nothing, is the default. A new view (a report, the runs,
 * a server) is one more row. */
static const struct mode {
	const char *name;
	unsigned asked;               /* the enum ask bit that picks it; 0: the default */
	enum stage stage;
	bool reads_only;              /* no lock, the store opened read-only, nothing recorded */
	enum images images;           /* only a run that may use images pulls them */
	bool checks_fit;              /* the jobs to run must fit -j and --resources */
	int (*run)(struct options *o, struct session *s);
} modes[] = {
	{"complete", ASK_COMPLETE, STAGE_GRAPH, true, IMAGES_NONE, false, mode_complete},
	{"list", ASK_LIST, STAGE_RULES, true, IMAGES_NONE, false, mode_list},
	{"provenance", ASK_PROVENANCE, STAGE_PLAN, true, IMAGES_NONE, false, mode_provenance},
	{"summary", ASK_SUMMARY, STAGE_PLAN, true, IMAGES_LOOK, false, mode_summary},
	{"dag", ASK_DAG, STAGE_PLAN, true, IMAGES_LOOK, false, mode_dag},
	{"export", ASK_EXPORT, STAGE_PLAN, true, IMAGES_LOOK_IF_RUNTIME, false, mode_export},
	{"why", ASK_WHY, STAGE_PLAN, true, IMAGES_LOOK, true, mode_why},
	{"dry run", ASK_DRY_RUN, STAGE_PLAN, true, IMAGES_LOOK, true, mode_dry_run},
	{"touch", ASK_TOUCH, STAGE_PLAN, false, IMAGES_LOOK, true, mode_touch},
	{"run", 0, STAGE_PLAN, false, IMAGES_PULL, true, mode_run},
};

static const struct mode *mode_of(const struct options *o)
{
	size_t i = 0;
	while (modes[i].asked && !(o->asked & modes[i].asked))
		i++;
	return &modes[i];
}

/* Force the jobs that --force names (or the targets' jobs). */
static void force_jobs(const struct options *o, struct planner *p)
{
	for (size_t i = 0; o->force && i < o->ntargets; i++)
		if (plan_force(p, o->targets[i]) < 0)
			fprintf(stderr, "flow: --force: '%s' is a source; no job makes it\n", o->targets[i]);
	if (o->force && !o->ntargets)
		for (size_t i = 0; i < p->g->ntargets; i++)
			plan_force(p, p->g->targets[i]->rule->name);
}

/* Everything after the graph: plan against the store st (locked by lockfd, or -2 for a
 * read-only store), then do what mode m does. */
static int plan_and_run(struct options *o, const struct mode *m, struct session *s, int lockfd)
{
	struct store *st = s->st;
	struct recorder rec;
	rec_init(&rec, st);
	if (!st->readonly)
		rec_recover(&rec, s->g, stderr);
	struct ctr ctr;
	struct buf cerr = {0};
	if (ctr_init(&ctr, o->containers, st, &cerr) < 0) {
		error("%s", cerr.s);
		buf_free(&cerr);
		rec_free(&rec);
		ctr_free(&ctr);
		return 2;
	}
	buf_free(&cerr);
	struct planner p;
	plan_init(&p, s->g, st, &rec);
	p.image = ctr_image_id;
	p.image_ctx = &ctr;
	p.dry = st->readonly;
	p.progress = o->sched.progress;
	default_gpu_cap(o, s->g);
	p.forceall = o->forceall;
	if (argo_any_exported())
		p.exported = argo_exported;
	if (o->triggers)
		p.triggers = o->triggers;
	int rc = 2;
	force_jobs(o, &p);
	ctr.no_pull = m->images != IMAGES_PULL;
	bool look = m->images == IMAGES_LOOK || m->images == IMAGES_PULL ||
		    (m->images == IMAGES_LOOK_IF_RUNTIME && ctr.rt != RT_OFF);
	if (look && ctr_prepare(&ctr, s->g, s->d) < 0)
		goto out;
	s->nrun = plan_jobs(&p);
	s->rec = &rec;
	s->p = &p;
	s->ctr = &ctr;
	if (!m->checks_fit || sched_check(s->g, &o->sched, s->d) == 0)
		rc = m->run(o, s);
out:
	ctr_free(&ctr);
	if (lockfd >= 0 && close_state(&rec, st) < 0 && rc == 0)
		rc = 1;
	plan_free(&p);
	rec_free(&rec);
	return rc;
}

static int run(struct options *o)
{
	struct diag d = {0};
	struct arena values = {0};
	struct eval ev;
	struct ruleset rs = {0};
	struct graph g = {0};
	struct store st;
	int rc = 2, lockfd = -2;
	bool have_graph = false, have_store = false;
	if (o->dir && chdir(o->dir) < 0) {
		error("cannot change to directory '%s':", o->dir);
		return 2;
	}
	if (o->complete && complete_from_cache(o) == 0)
		return 0;
	struct ast *ast = parse_file(&d, o->file, o->file);
	char *dir = dir_of(o->file);
	if (dir && chdir(dir) < 0)
		warning("cannot change to directory '%s':", dir);
	free(dir);
	eval_init(&ev, &d, ast, &values);
	if (d.nerrors)
		goto out;
	for (size_t i = 0; i < o->noverrides; i++)
		eval_override(&ev, o->overrides[i]);
	eval_all(&ev);
	if (ruleset_build(&rs, ast, &ev, &d) < 0 || d.nerrors)
		goto out;
	const struct mode *m = mode_of(o);
	struct session s = {.rs = &rs, .g = &g, .d = &d, .st = &st};
	if (m->stage == STAGE_RULES) {
		rc = m->run(o, &s);
		goto out;
	}
	if (m->stage == STAGE_GRAPH) {
		/* No store, no lock. The graph of every rule without wildcards, else the first
		 * rule's; one that fails still leaves the rules. */
		struct graph_opts go = {.max_threads = o->sched.jobs};
		size_t nroots;
		char **roots = complete_roots(&rs, &nroots);
		have_graph = true;
		if (graph_build(&g, &rs, &d, roots, nroots, &go) < 0) {
			graph_free(&g);
			g = (struct graph){0};
			if (graph_build(&g, &rs, &d, NULL, 0, &go) < 0)
				s.g = NULL;
		}
		free(roots);
		rc = m->run(o, &s);
		goto out;
	}
	lockfd = open_state(m->reads_only, &st);
	if (lockfd == -1)
		goto out;
	have_store = true;
	have_graph = true;
	/* The last run's number of jobs sizes the graph's maps. */
	struct graph_opts go = {.max_threads = o->sched.jobs, .hint = st.jobs.len};
	if (graph_build(&g, &rs, &d, o->targets, o->ntargets, &go) < 0)
		goto out;
	rc = plan_and_run(o, m, &s, lockfd);
out:
	if (have_store)
		store_close(&st);
	if (lockfd >= 0)
		close(lockfd);
	if (d.nerrors > 1)
		fprintf(stderr, "flow: %d errors\n", d.nerrors);
	if (have_graph)
		graph_free(&g);
	ruleset_free(&rs);
	eval_free(&ev);
	arena_free(&values);
	ast_free(ast);
	diag_free(&d);
	return rc;
}

/* Mark every process this flow starts, so that a later flow can find and end them if
 * this one dies while they run (see rec_recover). */
static void set_run_id(void)
{
	char id[64];
	snprintf(id, sizeof(id), "%d.%llu", (int)getpid(), (unsigned long long)exec_proc_start(getpid()));
	setenv("FLOW_RUN_ID", id, 1);
}

int main(int argc, char **argv)
{
	struct options o = {.file = "Flowfile"};
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	o.sched = (struct sched_opts){.jobs = cpus > 0 ? (int)cpus : 1, .grace = 5.0};
	int rc = parse_args(&o, argc, argv);
	if (rc == 0) {
		set_run_id();
		o.sched.caps = o.caps;
		o.sched.ncaps = o.ncaps;
		o.sched.progress = progress_plain(stdout, stderr, o.sched.quiet, o.sched.print_cmds);
		rc = run(&o);
		progress_free(o.sched.progress);
	} else if (rc < 0) {
		rc = 0;
	}
	for (size_t i = 0; i < o.ncaps; i++)
		free((char *)o.caps[i].name);
	free(o.caps);
	free(o.overrides);
	free(o.targets);
	return rc;
}
