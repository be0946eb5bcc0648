/* version: flow's version and its libraries' versions. */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <git2.h>
#include <jansson.h>
#include <pcre2.h>
#include <xxhash.h>
#include <yaml.h>
#include <zlib.h>

#include "version.h"

void version_print(FILE *out, const char *flow_version)
{
	char pcre[64] = "";
	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	int major = 0, minor = 0, rev = 0;
	git_libgit2_version(&major, &minor, &rev);
	unsigned xxh = XXH_versionNumber();
	fprintf(out, "flow %s\n", flow_version);
	fprintf(out, "  PCRE2   %s\n", pcre);
	fprintf(out, "  libgit2 %d.%d.%d\n", major, minor, rev);
	fprintf(out, "  zlib    %s\n", zlibVersion());
	fprintf(out, "  xxHash  %u.%u.%u\n", xxh / 10000, xxh / 100 % 100, xxh % 100);
	fprintf(out, "  libyaml %s\n", yaml_get_version_string());
	fprintf(out, "  jansson %s\n", jansson_version_str());
}
