/*
 * TEST STAND-IN — not TimescaleDB; see src/Launcher.Tests/Support/Postgres/StandIn/README.md
 * stand-in revision: 2
 *
 * A preloadable library for the tests' private copy of Debian's PostgreSQL 15, installed there as
 * $libdir/timescaledb so that shared_preload_libraries = 'timescaledb' loads it, and for the npm
 * PostgreSQL 14, which has no server headers: built with -DSTAND_IN_PG14_ABI against pg14_abi.h and
 * installed as $libdir/timescaledb of a copy of that build (see StandIn/README.md). It reproduces what
 * docs/timescaledb.md records of the real loader and versioned library, and nothing else:
 *  - loaded through shared_preload_libraries, it defines the loader's four settings, which then
 *    appear in pg_settings (a placeholder set in postgresql.conf without the library does not);
 *  - loaded any other way (the extension's script creating its C function), it ends the session
 *    with FATAL "extension \"timescaledb\" must be preloaded", SQLSTATE XX000, with the real hint;
 *  - in a session whose database has the extension, it defines the versioned library's settings
 *    timescaledb.license, timescaledb.telemetry_level and timescaledb.enable_deprecation_warnings.
 * Written here from those observations; no TimescaleDB code.
 */
#include <limits.h>

#ifdef STAND_IN_PG14_ABI
#include "pg14_abi.h"
#else
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_authid.h"
#include "commands/extension.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "parser/analyze.h"
#include "utils/acl.h"
#include "utils/guc.h"
#endif

PG_MODULE_MAGIC;

void _PG_init(void);

PG_FUNCTION_INFO_V1(ts_stand_in_loader_present);

static int max_background_workers = 16;
static int bgw_launcher_poll_time = 60000;
static bool disable_load = false;
static bool osm_disable_load = false;

static char *license = NULL;
static int telemetry_level = 2;
static bool enable_deprecation_warnings = true;
static bool versioned_settings_defined = false;

static const struct config_enum_entry telemetry_level_options[] = {
	{"off", 0, false},
	{"no_functions", 1, false},
	{"basic", 2, false},
	{NULL, 0, false},
};

static post_parse_analyze_hook_type previous_post_parse_analyze_hook = NULL;

/* The real hint names the configuration file only to roles allowed to see it. */
static void
refuse_without_preload(void)
{
	if (superuser() || has_privs_of_role(GetUserId(), ROLE_PG_READ_ALL_SETTINGS))
		ereport(FATAL,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("extension \"timescaledb\" must be preloaded"),
				 errhint("Please preload the timescaledb library via shared_preload_libraries.\n\n"
						 "This can be done by editing the config file at: %s\n"
						 "and adding 'timescaledb' to the list in the shared_preload_libraries config.\n"
						 "\t# Modify postgresql.conf:\n\tshared_preload_libraries = 'timescaledb'\n\n"
						 "Another way to do this, if not preloading other libraries, is with the command:\n"
						 "\techo \"shared_preload_libraries = 'timescaledb'\" >> %s \n\n"
						 "(Will require a database restart.)\n\n",
						 ConfigFileName, ConfigFileName)));
	ereport(FATAL,
			(errcode(ERRCODE_INTERNAL_ERROR),
			 errmsg("extension \"timescaledb\" must be preloaded"),
			 errhint("Please preload the timescaledb library via shared_preload_libraries.\n\n"
					 "This can be done by editing the postgres config file \n"
					 "and adding 'timescaledb' to the list in the shared_preload_libraries config.\n"
					 "\t# Modify postgresql.conf:\n\tshared_preload_libraries = 'timescaledb'\n\n"
					 "Another way to do this, if not preloading other libraries, is with the command:\n"
					 "\techo \"shared_preload_libraries = 'timescaledb'\" >> /path/to/config/file \n\n"
					 "(Will require a database restart.)\n\n")));
}

/* The licence is fixed once the library is loaded: only the server's configuration chooses it. */
static bool
check_license(char **newval, void **extra, GucSource source)
{
	if (*newval == NULL)
		return true;
	if (strcmp(*newval, "apache") != 0 && strcmp(*newval, "timescale") != 0)
	{
		GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
		GUC_check_errdetail("Unrecognized license type.");
		GUC_check_errhint("Supported license types are 'timescale' or 'apache'.");
		return false;
	}
	if (versioned_settings_defined && source >= PGC_S_SESSION && license != NULL && strcmp(*newval, license) != 0)
	{
		GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
		GUC_check_errdetail("Cannot change the license in a session (TimescaleDB stand-in).");
		return false;
	}
	return true;
}

static void
define_versioned_settings(void)
{
	versioned_settings_defined = true;
	DefineCustomStringVariable("timescaledb.license",
							   "TimescaleDB license type (TEST STAND-IN)",
							   "Determines which features are enabled",
							   &license, "apache", PGC_SUSET, 0, check_license, NULL, NULL);
	DefineCustomEnumVariable("timescaledb.telemetry_level",
							 "Telemetry settings level (TEST STAND-IN)",
							 "Level used to determine which telemetry to send",
							 &telemetry_level, 2, telemetry_level_options, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("timescaledb.enable_deprecation_warnings",
							 "Enable warnings when using deprecated functionality (TEST STAND-IN)",
							 NULL, &enable_deprecation_warnings, true, PGC_USERSET, 0, NULL, NULL, NULL);
}

/* Real: the loader loads the versioned library in the first statement of a session whose database
 * has the extension (and in the session that creates it). */
static void
post_parse_analyze(ParseState *pstate, Query *query, JumbleState *jstate)
{
	if (previous_post_parse_analyze_hook != NULL)
		previous_post_parse_analyze_hook(pstate, query, jstate);
	if (!versioned_settings_defined && IsNormalProcessingMode() && IsTransactionState() &&
		!IsAbortedTransactionBlockState() && OidIsValid(MyDatabaseId) &&
		OidIsValid(get_extension_oid("timescaledb", true)))
		define_versioned_settings();
}

void
_PG_init(void)
{
	if (!process_shared_preload_libraries_in_progress)
		refuse_without_preload();

	DefineCustomIntVariable("timescaledb.max_background_workers",
							"Maximum background worker processes allocated to TimescaleDB (TEST STAND-IN)",
							"Max background worker processes allocated to TimescaleDB - set to at least 1 + number of databases in Postgres instance to use background workers",
							&max_background_workers, 16, 0, 1000, PGC_POSTMASTER, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("timescaledb.bgw_launcher_poll_time",
							"Launcher timeout value in milliseconds (TEST STAND-IN)",
							"Configure the time the launcher waits to look for new TimescaleDB instances",
							&bgw_launcher_poll_time, 60000, 10, INT_MAX, PGC_POSTMASTER, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("timescaledb.disable_load",
							 "Disable the loading of the actual extension (TEST STAND-IN)",
							 NULL, &disable_load, false, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("timescaledb_osm.disable_load",
							 "Disable the loading of the OSM extension (TEST STAND-IN)",
							 NULL, &osm_disable_load, false, PGC_USERSET, 0, NULL, NULL, NULL);

	previous_post_parse_analyze_hook = post_parse_analyze_hook;
	post_parse_analyze_hook = post_parse_analyze;
}

/* Called by the extension's scripts: reaching it means the library was preloaded (_PG_init). */
Datum
ts_stand_in_loader_present(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(true);
}
