/*
 * faxremote send|recv: one fax call using spandsp's fax_state_t (T.30 + modems),
 * with audio exchanged over the stdio line protocol:
 *   - s16le, 8000 samples/s, mono, blocks of 160 samples (320 bytes);
 *   - we write our first block at once, then answer each block read on stdin
 *     with exactly one block on stdout;
 *   - EOF on stdin (or EPIPE on stdout) = the far end hung up;
 *   - when the call is over (phase E reached, T.30 no longer active) we hang up
 *     by closing stdout.
 * At exit one JSON outcome line goes to stderr (or to --outcome FILE).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <spandsp.h>

#include "faxremote.h"

#define BLOCK_SAMPLES 160
#define BLOCK_BYTES (BLOCK_SAMPLES * 2)
#define SAMPLE_RATE 8000

typedef struct
{
    int calling;                /* 1 = send (calling party), 0 = recv (answering party) */
    const char *file;
    int ecm;
    int modems;                 /* T30_SUPPORT_xxx mask */
    const char *ident;
    const char *outcome_path;
    int verbose;
    double timeout_s;
    int transmit_on_idle;
} call_options_t;

typedef struct
{
    const call_options_t *opt;
    fax_state_t *fax;
    t30_state_t *t30;
    long blocks_rx;             /* blocks read from stdin and fed to fax_rx */
    long blocks_tx;             /* blocks written to stdout */
    int phase_e;                /* phase E was reached by the protocol, before any hang-up */
    int terminating;            /* we are calling t30_terminate() after a hang-up/timeout */
    int status_known;           /* the phase E handler reported a completion code */
    int status;                 /* that completion code (T30_ERR_xxx) */
    t30_stats_t stats;          /* transfer statistics taken in the phase E handler */
    t30_stats_t page_stats;     /* statistics of the last page with a known length (phase D) */
    int have_page_stats;
    const char *hangup;         /* who ended the call: "local", "remote", "timeout", "io_error" */
} call_t;

/* Sample time of the current block, for log prefixes. */
static const call_t *log_call;
static int log_verbose;

/* ------------------------------------------------------------------------ */
/* Logging                                                                  */

static void span_message_handler(int level, const char *text)
{
    (void) level;
    if (!log_verbose)
        return;
    double t = log_call ? log_call->blocks_rx * 0.02 : 0.0;
    const char *role = (log_call && log_call->opt->calling) ? "send" : "recv";
    size_t n = strlen(text);
    /* spandsp messages normally end with a newline; add one if not. */
    fprintf(stderr, FAXREMOTE_NAME "[%s] %8.2fs %s%s", role, t, text,
            (n > 0 && text[n - 1] == '\n') ? "" : "\n");
}

static void span_error_handler(const char *text)
{
    span_message_handler(SPAN_LOG_ERROR, text);
}

static void setup_logging(logging_state_t *log, int verbose, const char *tag)
{
    if (log == NULL)
        return;
    span_log_set_message_handler(log, span_message_handler);
    span_log_set_error_handler(log, span_error_handler);
    if (verbose)
    {
        span_log_set_level(log, SPAN_LOG_SHOW_SEVERITY | SPAN_LOG_SHOW_PROTOCOL | SPAN_LOG_SHOW_TAG | SPAN_LOG_FLOW);
        span_log_set_tag(log, tag);
    }
    else
    {
        span_log_set_level(log, SPAN_LOG_NONE);
    }
}

/* ------------------------------------------------------------------------ */
/* Block I/O                                                                */

/* Read exactly n bytes unless EOF comes first. Returns bytes read, or -1 on error. */
static ssize_t read_full(int fd, unsigned char *buf, size_t n)
{
    size_t got = 0;

    while (got < n)
    {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0)
        {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            break;
        got += (size_t) r;
    }
    return (ssize_t) got;
}

/* Write exactly n bytes. Returns 0, or -1 with errno set. */
static int write_full(int fd, const unsigned char *buf, size_t n)
{
    size_t done = 0;

    while (done < n)
    {
        ssize_t r = write(fd, buf + done, n - done);
        if (r < 0)
        {
            if (errno == EINTR)
                continue;
            return -1;
        }
        done += (size_t) r;
    }
    return 0;
}

static void bytes_to_samples(const unsigned char *b, int16_t *s, int n)
{
    for (int i = 0; i < n; i++)
        s[i] = (int16_t) (uint16_t) (b[2 * i] | (b[2 * i + 1] << 8));
}

static void samples_to_bytes(const int16_t *s, unsigned char *b, int n)
{
    for (int i = 0; i < n; i++)
    {
        uint16_t u = (uint16_t) s[i];
        b[2 * i] = (unsigned char) (u & 0xFF);
        b[2 * i + 1] = (unsigned char) (u >> 8);
    }
}

/* Generate and write one block. Returns 0, 1 if the far end hung up (EPIPE), -1 on other errors. */
static int send_block(call_t *c)
{
    int16_t amp[BLOCK_SAMPLES];
    unsigned char buf[BLOCK_BYTES];

    int n = fax_tx(c->fax, amp, BLOCK_SAMPLES);
    if (n < 0)
        n = 0;
    /* Always a full block on the line: pad with silence. */
    for (int i = n; i < BLOCK_SAMPLES; i++)
        amp[i] = 0;
    samples_to_bytes(amp, buf, BLOCK_SAMPLES);
    if (write_full(STDOUT_FILENO, buf, BLOCK_BYTES) < 0)
        return (errno == EPIPE) ? 1 : -1;
    c->blocks_tx++;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* T.30 callbacks                                                           */

static void phase_e_handler(t30_state_t *s, void *user_data, int completion_code)
{
    call_t *c = user_data;

    c->status_known = 1;
    c->status = completion_code;
    t30_get_transfer_statistics(s, &c->stats);
    if (c->terminating)
        return;
    c->phase_e = 1;
    if (c->opt->verbose)
        span_message_handler(SPAN_LOG_FLOW, "faxremote: phase E reached\n");
}

/* Phase D (after each page): keep the page's statistics; spandsp 0.0.6 reports the
   receiver's page length/image size as 0 again by the time phase E is reached. */
static int phase_d_handler(t30_state_t *s, void *user_data, int result)
{
    call_t *c = user_data;
    t30_stats_t st;

    t30_get_transfer_statistics(s, &st);
    if (st.length > 0)
    {
        c->page_stats = st;
        c->have_page_stats = 1;
    }
    if (c->opt->verbose)
    {
        char text[160];
        snprintf(text, sizeof(text), "faxremote: phase D (0x%02x): pages tx %d rx %d, %dx%d, %d bytes\n",
                 result, st.pages_tx, st.pages_rx, st.width, st.length, st.image_size);
        span_message_handler(SPAN_LOG_FLOW, text);
    }
    return T30_ERR_OK;
}

static int call_over(call_t *c)
{
    return c->phase_e && !t30_call_active(c->t30);
}

/* ------------------------------------------------------------------------ */
/* Outcome                                                                  */

static const char *encoding_name(int encoding)
{
    switch (encoding)
    {
    case T4_COMPRESSION_NONE:
        return "none";
    case T4_COMPRESSION_ITU_T4_1D:
        return "T4-1D";
    case T4_COMPRESSION_ITU_T4_2D:
        return "T4-2D";
    case T4_COMPRESSION_ITU_T6:
        return "T6";
    default:
        return "other";
    }
}

static void build_outcome(call_t *c, strbuf_t *sb)
{
    t30_stats_t st;
    int status;

    if (c->status_known)
    {
        st = c->stats;
    }
    else
    {
        memset(&st, 0, sizeof(st));
        t30_get_transfer_statistics(c->t30, &st);
    }
    /* spandsp's verdict: the code its phase E handler reported, either at the normal end of
       the call or from t30_terminate() after a hang-up (it reports T30_ERR_CALLDROPPED if the
       document was not complete, T30_ERR_OK if it was, e.g. the far end hung up on our DCN). */
    status = c->status_known ? c->status : st.current_status;
    if (st.length <= 0 && c->have_page_stats)
    {
        st.width = c->page_stats.width;
        st.length = c->page_stats.length;
        st.image_size = c->page_stats.image_size;
        st.bad_rows = c->page_stats.bad_rows;
    }

    const char *remote = t30_get_rx_ident(c->t30);
    const char *status_text = t30_completion_code_to_str(status);

    sb_printf(sb, "{\"completed\":%s", (status == T30_ERR_OK) ? "true" : "false");
    sb_printf(sb, ",\"status\":%d,\"status_text\":", status);
    sb_json_string(sb, status_text ? status_text : "");
    sb_printf(sb, ",\"role\":\"%s\"", c->opt->calling ? "send" : "recv");
    sb_printf(sb, ",\"pages\":%d", c->opt->calling ? st.pages_tx : st.pages_rx);
    sb_printf(sb, ",\"pages_tx\":%d,\"pages_rx\":%d,\"pages_in_file\":%d", st.pages_tx, st.pages_rx, st.pages_in_file);
    sb_printf(sb, ",\"bit_rate\":%d,\"ecm\":%s", st.bit_rate, st.error_correcting_mode ? "true" : "false");
    sb_printf(sb, ",\"remote_ident\":");
    sb_json_string(sb, remote ? remote : "");
    sb_printf(sb, ",\"local_ident\":");
    sb_json_string(sb, c->opt->ident);
    sb_printf(sb, ",\"image_size\":%d,\"width\":%d,\"length\":%d", st.image_size, st.width, st.length);
    sb_printf(sb, ",\"x_resolution\":%d,\"y_resolution\":%d", st.x_resolution, st.y_resolution);
    sb_printf(sb, ",\"encoding\":%d,\"compression\":\"%s\"", st.encoding, encoding_name(st.encoding));
    sb_printf(sb, ",\"bad_rows\":%d,\"ecm_retries\":%d", st.bad_rows, st.error_correcting_mode_retries);
    sb_printf(sb, ",\"phase_e\":%s,\"hangup\":\"%s\"", c->phase_e ? "true" : "false", c->hangup);
    sb_printf(sb, ",\"blocks_rx\":%ld,\"blocks_tx\":%ld", c->blocks_rx, c->blocks_tx);
    sb_printf(sb, ",\"duration_s\":%.2f}\n", c->blocks_rx * 0.02);
}

/* ------------------------------------------------------------------------ */
/* Command line                                                             */

static int parse_modems(const char *list)
{
    int mask = 0;
    char tmp[128];

    if (strlen(list) >= sizeof(tmp))
        usage_error("--modems: list too long");
    strcpy(tmp, list);
    char *save = NULL;
    for (char *tok = strtok_r(tmp, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
    {
        if (strcasecmp(tok, "v17") == 0)
            mask |= T30_SUPPORT_V17;
        else if (strcasecmp(tok, "v29") == 0)
            mask |= T30_SUPPORT_V29;
        else if (strcasecmp(tok, "v27ter") == 0)
            mask |= T30_SUPPORT_V27TER;
        else
            usage_error("--modems: unknown modem '%s' (expected v17, v29, v27ter)", tok);
    }
    if (mask == 0)
        usage_error("--modems: empty list");
    return mask;
}

static void parse_call_args(int calling, int argc, char **argv, call_options_t *o)
{
    memset(o, 0, sizeof(*o));
    o->calling = calling;
    o->ecm = 1;
    o->modems = T30_SUPPORT_V17 | T30_SUPPORT_V29 | T30_SUPPORT_V27TER;
    o->ident = "FAXREMOTE";
    o->timeout_s = 600.0;
    o->transmit_on_idle = 1;

    for (int i = 0; i < argc; i++)
    {
        const char *a = argv[i];

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
        {
            print_usage(0);
            exit(0);
        }
        else if (option_is(a, "--ecm"))
        {
            const char *v = option_value(argc, argv, &i, "--ecm");
            if (strcmp(v, "on") == 0)
                o->ecm = 1;
            else if (strcmp(v, "off") == 0)
                o->ecm = 0;
            else
                usage_error("--ecm: expected on or off, got '%s'", v);
        }
        else if (option_is(a, "--modems"))
        {
            o->modems = parse_modems(option_value(argc, argv, &i, "--modems"));
        }
        else if (option_is(a, "--ident"))
        {
            o->ident = option_value(argc, argv, &i, "--ident");
            if (strlen(o->ident) > T30_MAX_IDENT_LEN)
                usage_error("--ident: at most %d characters", T30_MAX_IDENT_LEN);
            for (const char *p = o->ident; *p; p++)
            {
                if (*p < 0x20 || *p > 0x7E)
                    usage_error("--ident: printable ASCII only");
            }
        }
        else if (option_is(a, "--outcome"))
        {
            o->outcome_path = option_value(argc, argv, &i, "--outcome");
        }
        else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0)
        {
            o->verbose = 1;
        }
        else if (option_is(a, "--timeout"))
        {
            const char *v = option_value(argc, argv, &i, "--timeout");
            char *end = NULL;
            double t = strtod(v, &end);
            if (end == v || *end != '\0' || !(t > 0.0) || t > 1e7)
                usage_error("--timeout: expected a positive number of seconds, got '%s'", v);
            o->timeout_s = t;
        }
        else if (strcmp(a, "--transmit-on-idle") == 0)
        {
            o->transmit_on_idle = 1;
        }
        else if (strcmp(a, "--no-transmit-on-idle") == 0)
        {
            o->transmit_on_idle = 0;
        }
        else if (a[0] == '-' && a[1] != '\0')
        {
            usage_error("unknown option '%s' (try --help)", a);
        }
        else if (o->file == NULL)
        {
            o->file = a;
        }
        else
        {
            usage_error("unexpected argument '%s' (try --help)", a);
        }
    }
    if (o->file == NULL)
        usage_error("%s: missing %s (try --help)", calling ? "send" : "recv", calling ? "FILE.tif" : "OUT.tif");
}

/* recv: make sure OUT.tif can be created, without leaving a stray file behind. */
static void check_output_writable(const char *path)
{
    int existed = access(path, F_OK) == 0;
    int fd = open(path, O_WRONLY | O_CREAT, 0644);

    if (fd < 0)
        usage_error("cannot write '%s': %s", path, strerror(errno));
    close(fd);
    if (!existed)
        unlink(path);
}

/* ------------------------------------------------------------------------ */
/* The call                                                                 */

int cmd_call(int calling, int argc, char **argv)
{
    call_options_t opt;
    call_t c;
    FILE *outcome = stderr;
    int exit_code = 0;

    parse_call_args(calling, argc, argv, &opt);
    tiff_install_handlers(opt.verbose);
    log_verbose = opt.verbose;

    if (calling)
    {
        char err[300];
        if (tiff_check_bilevel(opt.file, err, sizeof(err)) < 0)
            usage_error("send: %s", err);
    }
    else
    {
        check_output_writable(opt.file);
    }
    if (opt.outcome_path)
    {
        outcome = fopen(opt.outcome_path, "w");
        if (outcome == NULL)
            usage_error("--outcome: cannot write '%s': %s", opt.outcome_path, strerror(errno));
    }

    signal(SIGPIPE, SIG_IGN);

    memset(&c, 0, sizeof(c));
    c.opt = &opt;
    c.hangup = "local";
    log_call = &c;

    /* Route all spandsp messages through our handler (silent unless --verbose). */
    span_set_message_handler(span_message_handler);
    span_set_error_handler(span_error_handler);

    c.fax = fax_init(NULL, calling);
    if (c.fax == NULL)
    {
        fputs(FAXREMOTE_NAME ": fax_init failed\n", stderr);
        return 1;
    }
    c.t30 = fax_get_t30_state(c.fax);
    setup_logging(fax_get_logging_state(c.fax), opt.verbose, calling ? "send-fe" : "recv-fe");
    setup_logging(t30_get_logging_state(c.t30), opt.verbose, calling ? "send" : "recv");

    fax_set_transmit_on_idle(c.fax, opt.transmit_on_idle);
    t30_set_tx_ident(c.t30, opt.ident);
    t30_set_ecm_capability(c.t30, opt.ecm);
    t30_set_supported_modems(c.t30, opt.modems);
    t30_set_supported_compressions(c.t30,
                                   T30_SUPPORT_T4_1D_COMPRESSION | T30_SUPPORT_T4_2D_COMPRESSION
                                   | (opt.ecm ? T30_SUPPORT_T6_COMPRESSION : 0));
    t30_set_supported_resolutions(c.t30,
                                  T30_SUPPORT_STANDARD_RESOLUTION | T30_SUPPORT_FINE_RESOLUTION
                                  | T30_SUPPORT_SUPERFINE_RESOLUTION | T30_SUPPORT_R8_RESOLUTION
                                  | T30_SUPPORT_R16_RESOLUTION);
    t30_set_supported_image_sizes(c.t30,
                                  T30_SUPPORT_215MM_WIDTH | T30_SUPPORT_255MM_WIDTH | T30_SUPPORT_303MM_WIDTH
                                  | T30_SUPPORT_UNLIMITED_LENGTH | T30_SUPPORT_A4_LENGTH | T30_SUPPORT_B4_LENGTH
                                  | T30_SUPPORT_US_LETTER_LENGTH | T30_SUPPORT_US_LEGAL_LENGTH);
    t30_set_phase_d_handler(c.t30, phase_d_handler, &c);
    t30_set_phase_e_handler(c.t30, phase_e_handler, &c);
    if (calling)
        t30_set_tx_file(c.t30, opt.file, -1, -1);
    else
        t30_set_rx_file(c.t30, opt.file, -1);

    long max_blocks = (long) (opt.timeout_s * SAMPLE_RATE / BLOCK_SAMPLES + 0.5);
    if (max_blocks < 1)
        max_blocks = 1;

    /* Our first block goes out at once. */
    int w = send_block(&c);
    if (w != 0)
        c.hangup = (w > 0) ? "remote" : "io_error";

    while (w == 0)
    {
        unsigned char buf[BLOCK_BYTES];
        int16_t amp[BLOCK_SAMPLES];
        ssize_t r = read_full(STDIN_FILENO, buf, BLOCK_BYTES);

        if (r < 0)
        {
            c.hangup = "io_error";
            break;
        }
        if (r < BLOCK_BYTES)
        {
            /* EOF: the line hung up (a trailing partial block is dropped). */
            c.hangup = "remote";
            break;
        }
        bytes_to_samples(buf, amp, BLOCK_SAMPLES);
        fax_rx(c.fax, amp, BLOCK_SAMPLES);
        c.blocks_rx++;
        if (call_over(&c))
            break;
        if (c.blocks_rx >= max_blocks)
        {
            c.hangup = "timeout";
            break;
        }
        w = send_block(&c);
        if (w != 0)
        {
            c.hangup = (w > 0) ? "remote" : "io_error";
            break;
        }
        if (call_over(&c))
            break;
    }

    /* Hang up: close our side of the line first so the peer sees it at once. */
    close(STDOUT_FILENO);
    if (strcmp(c.hangup, "io_error") == 0)
        exit_code = 1;

    /* Finish spandsp's side of the call (closes a partly received document). */
    if (t30_call_active(c.t30))
    {
        c.terminating = 1;
        t30_terminate(c.t30);
    }

    strbuf_t sb;
    sb_init(&sb);
    build_outcome(&c, &sb);
    fax_free(c.fax);
    c.fax = NULL;
    c.t30 = NULL;
    log_call = NULL;

    if (fputs(sb.data, outcome) < 0 || fflush(outcome) != 0)
        exit_code = 1;
    if (outcome != stderr && fclose(outcome) != 0)
        exit_code = 1;
    sb_free(&sb);
    return exit_code;
}
