/*
 * faxremote - reference remote fax machine (test peer) over Debian's libspandsp 0.0.6.
 * Shared declarations for the few source files of the tool.
 */
#ifndef FAXREMOTE_H
#define FAXREMOTE_H

#include <stddef.h>
#include <stdint.h>

#define FAXREMOTE_NAME "faxremote"

/* Exit codes. */
#define EXIT_USAGE 2

/* --- util.c ------------------------------------------------------------- */

/* Print "faxremote: <message>" as one line on stderr and exit with code 2. */
void usage_error(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2), __noreturn__));

/* Print the full usage text on the given stream. */
void print_usage(int to_stderr);

/* Small growable string buffer, used to build the JSON lines. */
typedef struct
{
    char *data;
    size_t len;
    size_t cap;
} strbuf_t;

void sb_init(strbuf_t *sb);
void sb_free(strbuf_t *sb);
void sb_printf(strbuf_t *sb, const char *fmt, ...) __attribute__((__format__(__printf__, 2, 3)));
/* Append a JSON string literal (with quotes); bytes >= 0x80 are escaped as \u00XX (Latin-1). */
void sb_json_string(strbuf_t *sb, const char *s);

/* Option value helpers: "--name value" or "--name=value". Returns the value or exits 2. */
const char *option_value(int argc, char **argv, int *i, const char *name);
/* Is argv[i] the option `name` (exactly, or as "name=...")? */
int option_is(const char *arg, const char *name);

/* Route libtiff warnings/errors: silent unless verbose; the last error text is kept. */
void tiff_install_handlers(int verbose);
const char *tiff_last_error(void);

/* --- tiffpages.c -------------------------------------------------------- */

int cmd_mkpages(int argc, char **argv);
int cmd_pixels(int argc, char **argv);

/* Check that `path` is a readable bilevel TIFF with at least one page.
   Returns the number of pages, or -1 with a one-line reason in err. */
int tiff_check_bilevel(const char *path, char *err, size_t errlen);

/* --- call.c ------------------------------------------------------------- */

/* faxremote send|recv ...; calling = 1 for send. */
int cmd_call(int calling, int argc, char **argv);

#endif
