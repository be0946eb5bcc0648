/* container: running a job's command inside its rule's container image — the runtime
 * (podman, docker or apptainer), image checks and identities, and the command lines. */
#ifndef FLOW_CONTAINER_H
#define FLOW_CONTAINER_H

#include <stdbool.h>
#include <sys/types.h>

#include "diag.h"
#include "graph.h"
#include "store.h"

enum runtime { RT_OFF, RT_PODMAN, RT_DOCKER, RT_APPTAINER };

struct ctr_spec {
	const char *image;
	const char *name;            /* container name, unique per job and run */
	const char *cmd;             /* the job's shell command */
	const char *workdir;         /* the project directory, mounted at the same path */
	struct mountspec *mounts;    /* extra binds: declared mounts and outside inputs */
	size_t nmounts;
	struct kv *env;
	size_t nenv;
	int threads;                 /* CPU limit; 0 for none */
	long long mem;               /* memory limit in bytes; 0 for none */
	bool network_off;
	const int *gpus;             /* device indices handed to the job */
	size_t ngpus;
	uid_t uid;
	gid_t gid;
	bool rootless;               /* podman without root: keep the user's id with keep-id */
};

struct ctr {
	enum runtime rt;
	const char *exe;             /* "podman", "docker", "apptainer" */
	char *project;               /* absolute, real path of the project directory */
	bool rootless;
	bool none_found;             /* auto found no runtime (an image is then an error) */
	bool no_pull;                /* a dry run: an absent image counts as "missing" */
	struct strmap ids;           /* image name -> identity (malloc'd) */
	struct store *st;            /* for hashing .sif images through the stat cache */
};

/* The runtime named by choice ("auto", "podman", "docker", "apptainer", "off"); auto
 * takes the first found on PATH and "off" when none is. 0, or -1 with a message in err. */
int ctr_init(struct ctr *c, const char *choice, struct store *st, struct buf *err);
/* Check, once per run, every image that a job of g uses: present (or pulled) and its
 * identity read. Reports each missing image with the rules using it; 0 or -1. With no
 * runtime, a rule with an image is an error. */
int ctr_prepare(struct ctr *c, const struct graph *g, struct diag *d);
/* The identity of rule r's image for signatures ("" for none, NULL for an image that is
 * absent and was not pulled): an image_fn for plan.h. */
const char *ctr_image_id(void *ctx, const struct rule *r);
/* Fill spec for running cmd of j in the container name, with the environment entries env
 * (the rule's and the GPU grant's, as launch builds them) and the devices gpus; strings
 * live as long as own and env. */
void ctr_job_spec(const struct ctr *c, const struct job *j, const char *cmd, const char *name, const struct kv *env,
		  size_t nenv, const int *gpus, size_t ngpus, struct ctr_spec *spec, struct strvec *own);
void ctr_spec_free(struct ctr_spec *spec);
/* Whether rt can mount path (apptainer cannot express ',' or ':' in one). */
bool ctr_path_ok(enum runtime rt, const char *path);
/* The command line that runs spec with runtime rt. */
void ctr_argv(enum runtime rt, const struct ctr_spec *spec, struct strvec *argv);
/* The command line that removes a job's container (after a kill, or docker's job end);
 * empty when the runtime needs none. */
void ctr_rm_argv(enum runtime rt, const char *name, struct strvec *argv);
/* Remove the container that handle ("RUNTIME NAME", as a start record keeps it) names
 * once its job has ended: always for docker (its --rm loses the status), and for podman
 * when the job was killed (a killed client leaves its container behind). Errors are
 * ignored. */
void ctr_cleanup(const char *handle, bool killed);
/* The shell script that runs its $1 as a job's command in an image: bash -euo pipefail
 * where the image has bash, else sh with -eu and pipefail when sh has it. */
const char *ctr_launcher(void);
/* The name of runtime rt. */
const char *ctr_runtime_name(enum runtime rt);
void ctr_free(struct ctr *c);

/* Run argv (searching PATH) to completion with stdin from /dev/null; stdout into out
 * (may be NULL), stderr into err (may be NULL). Returns the wait status, or -1 when it
 * could not start. For short helper commands, not jobs. */
int ctr_run_capture(char *const *argv, struct buf *out, struct buf *err);

#endif
