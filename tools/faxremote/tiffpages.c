/*
 * faxremote mkpages / pixels: libtiff-only helpers for the tests.
 *
 * mkpages writes an N-page bilevel TIFF-F test document (1728 pixels wide, A4 length,
 * Group 3 MH, FillOrder LSB2MSB, MinIsWhite) whose pages all differ, with fax-like
 * content (pseudo text, rules, a table, a border, a big page number, random dots).
 *
 * pixels decodes every page with TIFFReadScanline and prints one JSON line per page
 * with a 64-bit FNV-1a hash of the rows (1 = black, MinIsWhite normalised, padding bits
 * cleared), so two files are pixel-identical iff their width/height/hash agree.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tiffio.h>

#include "faxremote.h"

#define PAGE_WIDTH 1728
#define ROW_BYTES (PAGE_WIDTH / 8)
#define ROWS_STANDARD 1143      /* 297 mm at 3.85 lines/mm */
#define ROWS_FINE 2287          /* 297 mm at 7.7 lines/mm */
#define LINE_PITCH 16           /* text line pitch, in standard rows (about 4 mm) */

/* ------------------------------------------------------------------------ */
/* Pseudo random numbers (splitmix64)                                       */

typedef struct
{
    uint64_t s;
} rng_t;

static uint64_t rng_next(rng_t *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform integer in [lo, hi]. */
static int rng_range(rng_t *r, int lo, int hi)
{
    return lo + (int) (rng_next(r) % (uint64_t) (hi - lo + 1));
}

/* ------------------------------------------------------------------------ */
/* A page bitmap: 1 bit per pixel, MSB = leftmost, 1 = black                 */

typedef struct
{
    uint8_t *bits;
    int width;
    int height;
    int ys;                     /* vertical scale: 1 standard, 2 fine */
} page_t;

static void px(page_t *p, int x, int y)
{
    if (x < 0 || y < 0 || x >= p->width || y >= p->height)
        return;
    p->bits[(size_t) y * ROW_BYTES + (size_t) (x >> 3)] |= (uint8_t) (0x80 >> (x & 7));
}

/* Filled rectangle; y and h are in standard-resolution rows (scaled by p->ys). */
static void rect(page_t *p, int x, int y, int w, int h)
{
    for (int yy = y * p->ys; yy < (y + h) * p->ys; yy++)
    {
        for (int xx = x; xx < x + w; xx++)
            px(p, xx, yy);
    }
}

/* Straight line (Bresenham) in device pixels, `thick` pixels wide horizontally. */
static void line(page_t *p, int x0, int y0, int x1, int y1, int thick)
{
    int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
    int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
    int err = dx + dy;

    for (;;)
    {
        for (int t = 0; t < thick; t++)
            px(p, x0 + t, y0);
        if (x0 == x1 && y0 == y1)
            break;
        int e2 = 2 * err;
        if (e2 >= dy)
        {
            err += dy;
            x0 += sx;
        }
        if (e2 <= dx)
        {
            err += dx;
            y0 += sy;
        }
    }
}

/* Tiny 5x7 digit font: 7 rows per digit, 5 bits per row (bit 4 = leftmost). */
static const uint8_t digit_font[10][7] = {
    {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}, /* 0 */
    {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E}, /* 1 */
    {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}, /* 2 */
    {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E}, /* 3 */
    {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}, /* 4 */
    {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}, /* 5 */
    {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}, /* 6 */
    {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}, /* 7 */
    {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}, /* 8 */
    {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}, /* 9 */
};

/* Draw a 5x7 glyph; each font pixel becomes sx pixels by sy standard rows. */
static void glyph(page_t *p, const uint8_t rows[7], int x, int y, int sx, int sy)
{
    for (int r = 0; r < 7; r++)
    {
        for (int c = 0; c < 5; c++)
        {
            if (rows[r] & (0x10 >> c))
                rect(p, x + c * sx, y + r * sy, sx, sy);
        }
    }
}

/* Draw a decimal number with the digit font; returns the x after the last digit. */
static int number(page_t *p, int value, int x, int y, int sx, int sy)
{
    char text[16];

    snprintf(text, sizeof(text), "%d", value);
    for (const char *c = text; *c; c++)
    {
        glyph(p, digit_font[*c - '0'], x, y, sx, sy);
        x += 6 * sx;
    }
    return x;
}

/* A fixed "alphabet" of 5x7 pseudo letters (same in every document). */
#define ALPHABET 48
static uint8_t alphabet[ALPHABET][7];

static void make_alphabet(void)
{
    rng_t r = {0x5EEDF00DCAFEULL};

    for (int g = 0; g < ALPHABET; g++)
    {
        for (int row = 0; row < 7; row++)
        {
            /* Letter-like: mostly 1-3 black pixels per row, x-height glyphs leave row 0 blank. */
            uint8_t bits = (uint8_t) (rng_next(&r) & rng_next(&r) & 0x1F);
            if (row == 0 && g % 3 != 0)
                bits = 0;
            if (row == 3 || row == 6)
                bits |= (uint8_t) (rng_next(&r) & 0x0E);
            alphabet[g][row] = bits;
        }
    }
}

/* A paragraph of pseudo text; returns the next free y (standard rows). */
static int paragraph(page_t *p, rng_t *r, int x0, int x1, int y, int lines)
{
    for (int l = 0; l < lines; l++)
    {
        int right = (l == lines - 1) ? x0 + rng_range(r, 100, x1 - x0) : x1 - rng_range(r, 0, 60);
        int x = x0 + ((l == 0) ? 48 : 0);

        while (x < right - 24)
        {
            int letters = rng_range(r, 1, 11);
            for (int k = 0; k < letters && x < right; k++)
            {
                glyph(p, alphabet[rng_range(r, 0, ALPHABET - 1)], x, y, 2, 1);
                x += 12;
            }
            x += rng_range(r, 10, 18);
        }
        y += LINE_PITCH;
    }
    return y + 14;
}

/* A ruled table with a few filled cells. */
static void table(page_t *p, rng_t *r, int x0, int y0, int cols, int rows_)
{
    int cw = rng_range(r, 120, 200), rh = 22;
    int x1 = x0 + cols * cw, y1 = y0 + rows_ * rh;

    for (int i = 0; i <= rows_; i++)
        rect(p, x0, y0 + i * rh, x1 - x0 + 2, 1);
    for (int j = 0; j <= cols; j++)
        rect(p, x0 + j * cw, y0, 2, y1 - y0 + 1);
    for (int i = 0; i < rows_; i++)
    {
        for (int j = 0; j < cols; j++)
        {
            int v = rng_range(r, 0, 9999);
            if (i == 0)
                rect(p, x0 + j * cw + 3, y0 + 1, cw - 4, rh - 1);   /* black header row */
            else
                number(p, v, x0 + j * cw + 8, y0 + i * rh + 7, 2, 1);
        }
    }
}

static void draw_page(page_t *p, int page_no, int pages, uint64_t seed)
{
    rng_t r = {seed * 0x100000001B3ULL ^ ((uint64_t) page_no << 32) ^ 0xFA7C0DEULL};
    const int left = 96, right = PAGE_WIDTH - 96;

    memset(p->bits, 0, (size_t) ROW_BYTES * (size_t) p->height);

    /* Border: 3 pixels wide, 2 standard rows high. */
    rect(p, 40, 20, PAGE_WIDTH - 80, 2);
    rect(p, 40, 1120, PAGE_WIDTH - 80, 2);
    rect(p, 40, 20, 3, 1102);
    rect(p, PAGE_WIDTH - 43, 20, 3, 1102);

    /* Big page number, top right; small "page of pages" under it. */
    int digits = page_no >= 100 ? 3 : page_no >= 10 ? 2 : 1;
    number(p, page_no, right - digits * 6 * 16, 36, 16, 8);
    int x = number(p, page_no, right - 200, 100, 3, 2);
    rect(p, x + 4, 106, 12, 2);
    number(p, pages, x + 22, 100, 3, 2);

    /* Letterhead-like block and header rule. */
    rect(p, left, 40, rng_range(&r, 160, 360), 24);
    paragraph(p, &r, left, left + 700, 72, 2);
    rect(p, left, 118, right - left, 2);

    int y = 130;
    int table_at = rng_range(&r, 0, 3);
    for (int block = 0; y < 1040; block++)
    {
        if (block == table_at)
        {
            int rows_ = rng_range(&r, 3, 7);
            table(p, &r, left + rng_range(&r, 0, 200), y, rng_range(&r, 3, 6), rows_);
            y += rows_ * 22 + 16;
            continue;
        }
        int lines = rng_range(&r, 2, 9);
        if (y + lines * LINE_PITCH > 1040)
            lines = (1040 - y) / LINE_PITCH;
        if (lines <= 0)
            break;
        y = paragraph(p, &r, left, right, y, lines);
        if (rng_range(&r, 0, 4) == 0)
        {
            /* Occasional thin full-width rule or heavy bar (long runs). */
            rect(p, left, y, right - left, rng_range(&r, 1, 4));
            y += 10;
        }
    }

    /* A diagonal "signature" stroke and a random-walk scribble. */
    int sx0 = rng_range(&r, left, right - 400);
    line(p, sx0, 1060 * p->ys, sx0 + rng_range(&r, 150, 380), (1060 - rng_range(&r, 10, 40)) * p->ys, 2);
    int wx = rng_range(&r, left, right - 300), wy = 1080 * p->ys;
    for (int i = 0; i < 400; i++)
    {
        int nx = wx + rng_range(&r, 0, 3), ny = wy + rng_range(&r, -3, 3) * p->ys;
        if (ny < 1050 * p->ys)
            ny = 1050 * p->ys;
        if (ny > 1110 * p->ys)
            ny = 1110 * p->ys;
        line(p, wx, wy, nx, ny, 2);
        wx = nx;
        wy = ny;
    }

    /* Random dots (noise specks), anywhere on the page. */
    int dots = rng_range(&r, 150, 400);
    for (int i = 0; i < dots; i++)
    {
        int dx = rng_range(&r, 0, PAGE_WIDTH - 1), dy = rng_range(&r, 0, p->height - 1);
        px(p, dx, dy);
        if (rng_range(&r, 0, 1))
            px(p, dx + 1, dy);
    }

    /* Small page number in the bottom left corner too. */
    number(p, page_no, left, 1100, 3, 2);
}

static int write_document(const char *path, int pages, int fine, uint64_t seed)
{
    page_t p;
    TIFF *tif = TIFFOpen(path, "w");

    if (tif == NULL)
    {
        fprintf(stderr, FAXREMOTE_NAME ": mkpages: cannot create '%s': %s\n", path, tiff_last_error());
        return EXIT_USAGE;
    }
    make_alphabet();
    p.width = PAGE_WIDTH;
    p.height = fine ? ROWS_FINE : ROWS_STANDARD;
    p.ys = fine ? 2 : 1;
    p.bits = malloc((size_t) ROW_BYTES * (size_t) p.height);
    if (p.bits == NULL)
    {
        fputs(FAXREMOTE_NAME ": out of memory\n", stderr);
        TIFFClose(tif);
        return 1;
    }
    char desc[128];
    for (int pg = 1; pg <= pages; pg++)
    {
        draw_page(&p, pg, pages, seed);
        snprintf(desc, sizeof(desc), "faxremote test page %d/%d seed %llu", pg, pages, (unsigned long long) seed);
        TIFFSetField(tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
        TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, (uint32_t) p.width);
        TIFFSetField(tif, TIFFTAG_IMAGELENGTH, (uint32_t) p.height);
        TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 1);
        TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
        TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX3);
        TIFFSetField(tif, TIFFTAG_GROUP3OPTIONS, (uint32_t) GROUP3OPT_FILLBITS);   /* 1-D (MH), EOLs byte aligned */
        TIFFSetField(tif, TIFFTAG_FILLORDER, FILLORDER_LSB2MSB);
        TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
        TIFFSetField(tif, TIFFTAG_ORIENTATION, ORIENTATION_TOPLEFT);
        TIFFSetField(tif, TIFFTAG_XRESOLUTION, 204.0f);
        TIFFSetField(tif, TIFFTAG_YRESOLUTION, fine ? 196.0f : 98.0f);
        TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
        TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, (uint32_t) p.height);
        TIFFSetField(tif, TIFFTAG_PAGENUMBER, (uint16_t) (pg - 1), (uint16_t) pages);
        TIFFSetField(tif, TIFFTAG_CLEANFAXDATA, CLEANFAXDATA_CLEAN);
        TIFFSetField(tif, TIFFTAG_SOFTWARE, "faxremote mkpages");
        TIFFSetField(tif, TIFFTAG_IMAGEDESCRIPTION, desc);
        for (int row = 0; row < p.height; row++)
        {
            if (TIFFWriteScanline(tif, p.bits + (size_t) row * ROW_BYTES, (uint32_t) row, 0) < 0)
            {
                fprintf(stderr, FAXREMOTE_NAME ": mkpages: write error on '%s': %s\n", path, tiff_last_error());
                free(p.bits);
                TIFFClose(tif);
                return 1;
            }
        }
        if (!TIFFWriteDirectory(tif))
        {
            fprintf(stderr, FAXREMOTE_NAME ": mkpages: write error on '%s': %s\n", path, tiff_last_error());
            free(p.bits);
            TIFFClose(tif);
            return 1;
        }
    }
    free(p.bits);
    TIFFClose(tif);
    return 0;
}

int cmd_mkpages(int argc, char **argv)
{
    const char *path = NULL, *count = NULL;
    int fine = 0;
    uint64_t seed = 1;

    for (int i = 0; i < argc; i++)
    {
        const char *a = argv[i];

        if (option_is(a, "--res"))
        {
            const char *v = option_value(argc, argv, &i, "--res");
            if (strcmp(v, "standard") == 0)
                fine = 0;
            else if (strcmp(v, "fine") == 0)
                fine = 1;
            else
                usage_error("mkpages: --res expects standard or fine, got '%s'", v);
        }
        else if (option_is(a, "--seed"))
        {
            const char *v = option_value(argc, argv, &i, "--seed");
            char *end = NULL;
            errno = 0;
            unsigned long long s = strtoull(v, &end, 0);
            if (end == v || *end != '\0' || errno != 0 || v[0] == '-')
                usage_error("mkpages: --seed expects a non-negative integer, got '%s'", v);
            seed = s;
        }
        else if (a[0] == '-' && a[1] != '\0')
        {
            usage_error("mkpages: unknown option '%s' (try --help)", a);
        }
        else if (path == NULL)
        {
            path = a;
        }
        else if (count == NULL)
        {
            count = a;
        }
        else
        {
            usage_error("mkpages: unexpected argument '%s' (try --help)", a);
        }
    }
    if (path == NULL || count == NULL)
        usage_error("mkpages: usage: faxremote mkpages OUT.tif N [--res standard|fine] [--seed S]");

    char *end = NULL;
    long n = strtol(count, &end, 10);
    if (end == count || *end != '\0' || n < 1 || n > 999)
        usage_error("mkpages: N must be a page count from 1 to 999, got '%s'", count);

    tiff_install_handlers(0);
    return write_document(path, (int) n, fine, seed);
}

/* ------------------------------------------------------------------------ */
/* pixels                                                                   */

typedef struct
{
    uint32_t width, height;
    uint16_t bps, spp, photometric, compression, fill_order, res_unit;
    float xres, yres;
} page_info_t;

/* Read the current directory's tags; returns 0, or -1 with a reason in err. */
static int read_page_info(TIFF *tif, page_info_t *pi, char *err, size_t errlen)
{
    memset(pi, 0, sizeof(*pi));
    if (!TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &pi->width) || !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &pi->height))
    {
        snprintf(err, errlen, "missing image width/length");
        return -1;
    }
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &pi->bps);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &pi->spp);
    TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &pi->compression);
    TIFFGetFieldDefaulted(tif, TIFFTAG_FILLORDER, &pi->fill_order);
    TIFFGetFieldDefaulted(tif, TIFFTAG_RESOLUTIONUNIT, &pi->res_unit);
    if (!TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &pi->photometric))
        pi->photometric = PHOTOMETRIC_MINISWHITE;
    if (!TIFFGetField(tif, TIFFTAG_XRESOLUTION, &pi->xres))
        pi->xres = 0.0f;
    if (!TIFFGetField(tif, TIFFTAG_YRESOLUTION, &pi->yres))
        pi->yres = 0.0f;
    if (pi->bps != 1 || pi->spp != 1)
    {
        snprintf(err, errlen, "not bilevel (%u bits per sample, %u samples per pixel)", pi->bps, pi->spp);
        return -1;
    }
    if (pi->photometric != PHOTOMETRIC_MINISWHITE && pi->photometric != PHOTOMETRIC_MINISBLACK)
    {
        snprintf(err, errlen, "not bilevel (photometric %u)", pi->photometric);
        return -1;
    }
    if (pi->width == 0 || pi->height == 0)
    {
        snprintf(err, errlen, "empty image (%ux%u)", pi->width, pi->height);
        return -1;
    }
    return 0;
}

int tiff_check_bilevel(const char *path, char *err, size_t errlen)
{
    page_info_t pi;
    char why[200];
    int pages = 0;
    TIFF *tif = TIFFOpen(path, "r");

    if (tif == NULL)
    {
        snprintf(err, errlen, "cannot read TIFF '%s': %s", path, tiff_last_error());
        return -1;
    }
    do
    {
        pages++;
        if (read_page_info(tif, &pi, why, sizeof(why)) < 0)
        {
            snprintf(err, errlen, "'%s' page %d: %s", path, pages, why);
            TIFFClose(tif);
            return -1;
        }
    }
    while (TIFFReadDirectory(tif));
    TIFFClose(tif);
    return pages;
}

int cmd_pixels(int argc, char **argv)
{
    const char *path = NULL;

    for (int i = 0; i < argc; i++)
    {
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            usage_error("pixels: unknown option '%s' (try --help)", argv[i]);
        if (path != NULL)
            usage_error("pixels: unexpected argument '%s' (try --help)", argv[i]);
        path = argv[i];
    }
    if (path == NULL)
        usage_error("pixels: usage: faxremote pixels FILE.tif");

    tiff_install_handlers(0);
    TIFF *tif = TIFFOpen(path, "r");
    if (tif == NULL)
        usage_error("pixels: cannot read TIFF '%s': %s", path, tiff_last_error());

    int page = 0;
    do
    {
        page_info_t pi;
        char why[200];

        page++;
        if (read_page_info(tif, &pi, why, sizeof(why)) < 0)
        {
            TIFFClose(tif);
            usage_error("pixels: '%s' page %d: %s", path, page, why);
        }
        tmsize_t line_size = TIFFScanlineSize(tif);
        size_t row_bytes = (pi.width + 7) / 8;
        if (line_size < (tmsize_t) row_bytes)
        {
            TIFFClose(tif);
            usage_error("pixels: '%s' page %d: unexpected scanline size", path, page);
        }
        uint8_t *buf = malloc((size_t) line_size);
        if (buf == NULL)
        {
            fputs(FAXREMOTE_NAME ": out of memory\n", stderr);
            TIFFClose(tif);
            return 1;
        }
        uint8_t tail_mask = (pi.width % 8) ? (uint8_t) (0xFF << (8 - pi.width % 8)) : 0xFF;
        uint8_t invert = (pi.photometric == PHOTOMETRIC_MINISBLACK) ? 0xFF : 0x00;
        uint64_t hash = 0xCBF29CE484222325ULL;
        uint64_t black = 0;

        for (uint32_t row = 0; row < pi.height; row++)
        {
            if (TIFFReadScanline(tif, buf, row, 0) < 0)
            {
                free(buf);
                TIFFClose(tif);
                usage_error("pixels: '%s' page %d: decode error at row %u: %s", path, page, row, tiff_last_error());
            }
            for (size_t i = 0; i < row_bytes; i++)
            {
                uint8_t b = buf[i] ^ invert;
                if (i == row_bytes - 1)
                    b &= tail_mask;
                black += (uint64_t) __builtin_popcount(b);
                hash ^= b;
                hash *= 0x100000001B3ULL;
            }
        }
        free(buf);
        printf("{\"page\":%d,\"width\":%u,\"height\":%u,\"xres\":%g,\"yres\":%g,\"res_unit\":%u,"
               "\"compression\":%u,\"fill_order\":%u,\"photometric\":%u,\"black_pixels\":%llu,\"hash\":\"%016llx\"}\n",
               page, pi.width, pi.height, (double) pi.xres, (double) pi.yres, pi.res_unit,
               pi.compression, pi.fill_order, pi.photometric, (unsigned long long) black, (unsigned long long) hash);
    }
    while (TIFFReadDirectory(tif));
    TIFFClose(tif);
    if (fflush(stdout) != 0)
        return 1;
    return 0;
}
