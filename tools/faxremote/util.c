/*
 * faxremote - small helpers: usage errors, JSON string building, option parsing,
 * libtiff message routing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tiffio.h>

#include "faxremote.h"

void print_usage(int to_stderr)
{
    FILE *f = to_stderr ? stderr : stdout;
    fputs(
        "usage:\n"
        "  faxremote send FILE.tif [options]   calling party: transmits FILE.tif\n"
        "  faxremote recv OUT.tif  [options]   answering party: writes received pages to OUT.tif\n"
        "    options: --ecm on|off (default on)\n"
        "             --modems LIST            comma list of v17,v29,v27ter (default all)\n"
        "             --ident STRING           local ident, up to 20 chars (default FAXREMOTE)\n"
        "             --outcome FILE           write the outcome JSON line to FILE instead of stderr\n"
        "             --verbose                spandsp T.30 logging on stderr\n"
        "             --timeout SECONDS        audio-time limit (default 600)\n"
        "             --transmit-on-idle | --no-transmit-on-idle (default on)\n"
        "  faxremote mkpages OUT.tif N [--res standard|fine] [--seed S]\n"
        "  faxremote pixels FILE.tif\n"
        "Audio on stdin/stdout: s16le, 8000 Hz, mono, lockstep blocks of 160 samples.\n",
        f);
}

void usage_error(const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    /* Keep it to exactly one line. */
    for (char *p = msg; *p; p++)
    {
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    }
    fprintf(stderr, FAXREMOTE_NAME ": %s\n", msg);
    exit(EXIT_USAGE);
}

void sb_init(strbuf_t *sb)
{
    sb->data = NULL;
    sb->len = 0;
    sb->cap = 0;
}

void sb_free(strbuf_t *sb)
{
    free(sb->data);
    sb_init(sb);
}

static void sb_reserve(strbuf_t *sb, size_t extra)
{
    size_t need = sb->len + extra + 1;

    if (need <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < need)
        cap *= 2;
    char *p = realloc(sb->data, cap);
    if (p == NULL)
    {
        fputs(FAXREMOTE_NAME ": out of memory\n", stderr);
        exit(1);
    }
    sb->data = p;
    sb->cap = cap;
}

void sb_printf(strbuf_t *sb, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    sb_reserve(sb, (size_t) n);
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t) n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t) n;
}

void sb_json_string(strbuf_t *sb, const char *s)
{
    sb_printf(sb, "\"");
    for (const unsigned char *p = (const unsigned char *) (s ? s : ""); *p; p++)
    {
        switch (*p)
        {
        case '"':
            sb_printf(sb, "\\\"");
            break;
        case '\\':
            sb_printf(sb, "\\\\");
            break;
        case '\n':
            sb_printf(sb, "\\n");
            break;
        case '\r':
            sb_printf(sb, "\\r");
            break;
        case '\t':
            sb_printf(sb, "\\t");
            break;
        default:
            if (*p < 0x20 || *p >= 0x7F)
                sb_printf(sb, "\\u%04x", *p);
            else
                sb_printf(sb, "%c", *p);
            break;
        }
    }
    sb_printf(sb, "\"");
}

int option_is(const char *arg, const char *name)
{
    size_t n = strlen(name);

    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

const char *option_value(int argc, char **argv, int *i, const char *name)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);

    if (arg[n] == '=')
        return arg + n + 1;
    if (*i + 1 >= argc)
        usage_error("option %s needs a value", name);
    (*i)++;
    return argv[*i];
}

/* ---- libtiff message routing ---- */

static int tiff_verbose;
static char tiff_error_text[256];

static void tiff_error_handler(const char *module, const char *fmt, va_list ap)
{
    char text[200];

    vsnprintf(text, sizeof(text), fmt, ap);
    snprintf(tiff_error_text, sizeof(tiff_error_text), "%s%s%s",
             module ? module : "", module ? ": " : "", text);
    if (tiff_verbose)
        fprintf(stderr, FAXREMOTE_NAME " libtiff error: %s\n", tiff_error_text);
}

static void tiff_warning_handler(const char *module, const char *fmt, va_list ap)
{
    if (!tiff_verbose)
        return;
    fprintf(stderr, FAXREMOTE_NAME " libtiff warning: %s%s", module ? module : "", module ? ": " : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void tiff_install_handlers(int verbose)
{
    tiff_verbose = verbose;
    TIFFSetErrorHandler(tiff_error_handler);
    TIFFSetWarningHandler(tiff_warning_handler);
}

const char *tiff_last_error(void)
{
    return tiff_error_text[0] ? tiff_error_text : "unknown libtiff error";
}
