/* sig: file hashes and job signatures. */
#include "sig.h"
#include "cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

/* How close to now a file's timestamps may be before its stat identity is not trusted:
 * more than the coarse clock that file systems stamp files with (a few ms on ext4). */
#define RACY_NS (50 * 1000000LL)

/* Whether SIGINT, SIGTERM or SIGHUP is waiting (they are blocked while a file is hashed). */
static bool stop_pending(void)
{
	sigset_t pend;
	return sigpending(&pend) == 0 &&
	       (sigismember(&pend, SIGINT) || sigismember(&pend, SIGTERM) || sigismember(&pend, SIGHUP));
}

/* Hash the open file fd into out: 0, or -1 with errno set (EINTR when a stop signal came:
 * it is delivered when the caller's signal mask comes back). */
static int hash_fd(int fd, struct hash128 *out)
{
	XXH3_state_t *st = XXH3_createState();
	if (!st)
		fatal("out of memory");
	XXH3_128bits_reset(st);
	char chunk[1 << 16];
	int rc = 0;
	for (unsigned k = 0;; k++) {
		/* A large file takes seconds: look for a stop signal every 4 MiB. */
		if (k % 64 == 63 && stop_pending()) {
			errno = EINTR;
			rc = -1;
			break;
		}
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		XXH3_128bits_update(st, chunk, (size_t)n);
	}
	XXH128_hash_t h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	*out = (struct hash128){h.low64, h.high64};
	return rc;
}

/* Hash a regular file. Anything else fails before a byte is read: EISDIR for a directory,
 * ENXIO for a FIFO, device or socket, which could block or never end. Stop signals are
 * held while it reads, and end the hashing when they come. */
static int hash_contents(const char *path, struct hash128 *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -1;
	struct stat st;
	int rc = fstat(fd, &st);
	if (rc == 0 && !S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : ENXIO;
		rc = -1;
	}
	if (rc == 0) {
		sigset_t stops, old;
		sigemptyset(&stops);
		sigaddset(&stops, SIGINT);
		sigaddset(&stops, SIGTERM);
		sigaddset(&stops, SIGHUP);
		sigprocmask(SIG_BLOCK, &stops, &old);
		rc = hash_fd(fd, out);
		int err = errno;
		sigprocmask(SIG_SETMASK, &old, NULL);
		errno = err;
	}
	int err = errno;
	close(fd);
	errno = err;
	return rc;
}

struct fstat_id sig_recordable_id(const struct file *f)
{
	/* A file written moments ago may be written again within the file system's clock
	 * granularity without its identity changing (git's "racy" files): record such a
	 * file so that its identity will not match, and it is hashed again next time. */
	struct fstat_id id = f->id;
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	int64_t recent = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec - RACY_NS;
	if (id.mtime_ns > recent || id.ctime_ns > recent)
		id.mtime_ns = INT64_MIN;
	return id;
}

bool sig_file_known(struct file *f, const struct fstat_id *id, struct hash128 hash)
{
	if (!graph_stat(f) || memcmp(&f->id, id, sizeof(*id)) != 0)
		return false;
	f->hash = hash;
	f->hashed = true;
	return true;
}

static int hash_file(struct store *st, struct file *f, bool record);

int sig_file(struct store *st, struct file *f)
{
	return hash_file(st, f, true);
}

int sig_file_unrecorded(struct store *st, struct file *f)
{
	return hash_file(st, f, false);
}

static int hash_file(struct store *st, struct file *f, bool record)
{
	if (!graph_stat(f)) {
		errno = ENOENT;
		return -1;
	}
	if (f->hashed)
		return 0;
	const struct frec *rec = store_file(st, f->path);
	if (rec && memcmp(&rec->id, &f->id, sizeof(f->id)) == 0) {
		f->hash = rec->hash;
		f->hashed = true;
		return 0;
	}
	if (hash_contents(f->path, &f->hash) < 0)
		return -1;
	f->hashed = true;
	struct fstat_id id = sig_recordable_id(f);
	if (record && store_put_file(st, f->path, &id, f->hash) < 0)
		warning("cannot record in the state store:");
	return 0;
}

static void update_str(XXH3_state_t *st, const char *tag, const char *s)
{
	XXH3_128bits_update(st, tag, strlen(tag) + 1);
	XXH3_128bits_update(st, s, strlen(s) + 1);
}

void sig_job(const struct job *j, const char *image, struct sigparts *p)
{
	const struct rule *r = j->rule;
	*p = (struct sigparts){.image = image ? image : ""};
	cmd_build(&p->cmd, j);
	p->params = xcalloc(r->nparams + 1, sizeof(*p->params));
	struct buf v = {0};
	for (size_t i = 0; i < r->nparams; i++) {
		buf_reset(&v);
		cmd_param_text(&v, &r->params[i], j->wc);
		p->params[p->nparams++] = (struct kv){r->params[i].name, xstrdup(buf_str(&v))};
	}
	buf_free(&v);
	p->env = xcalloc(r->nenv + 1, sizeof(*p->env));
	for (size_t i = 0; i < r->nenv; i++)
		p->env[p->nenv++] = (struct kv){r->env[i].name, r->env[i].value};
	XXH3_state_t state, *st = &state;
	XXH3_128bits_reset(st);
	update_str(st, "command", buf_str(&p->cmd));
	for (uint32_t i = 0; i < p->nparams; i++) {
		update_str(st, "param", p->params[i].name);
		update_str(st, "=", p->params[i].value);
	}
	for (uint32_t i = 0; i < p->nenv; i++) {
		update_str(st, "env", p->env[i].name);
		update_str(st, "=", p->env[i].value);
	}
	for (uint32_t i = 0; i < j->nout; i++)
		update_str(st, "output", j->out[i]->path);
	update_str(st, "image", p->image);
	for (uint32_t i = 0; i < j->nin; i++) {
		update_str(st, "input", j->in[i]->path);
		XXH3_128bits_update(st, &j->in[i]->hash, sizeof(j->in[i]->hash));
	}
	XXH128_hash_t h = XXH3_128bits_digest(st);
	p->sig = (struct hash128){h.low64, h.high64};
}

void sigparts_free(struct sigparts *p)
{
	for (uint32_t i = 0; i < p->nparams; i++)
		free((char *)p->params[i].value);
	free(p->params);
	free(p->env);
	buf_free(&p->cmd);
}

void sig_job_key(struct buf *b, const struct job *j)
{
	job_words(b, j, '\t');
}

void sig_hex(struct buf *b, struct hash128 h, int n)
{
	char full[33];
	snprintf(full, sizeof(full), "%016llx%016llx", (unsigned long long)h.hi, (unsigned long long)h.lo);
	buf_put(b, full, (size_t)(n < 32 ? n : 32));
}
