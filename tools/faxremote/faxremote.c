/*
 * faxremote - reference remote fax machine for tests.
 *
 * A test peer wrapping Debian's libspandsp 0.0.6 (its T.30 engine and fax modems),
 * driven over the project's stdio line protocol (s16le 8 kHz mono audio in lockstep
 * blocks of 160 samples). Also offers two libtiff helper modes used by the tests
 * (mkpages: make a test document; pixels: per-page pixel hashes).
 *
 *   faxremote send FILE.tif [options]
 *   faxremote recv OUT.tif  [options]
 *   faxremote mkpages OUT.tif N [--res standard|fine] [--seed S]
 *   faxremote pixels FILE.tif
 *
 * See tools/faxremote/README.md.
 */
#include <stdio.h>
#include <string.h>

#include "faxremote.h"

int main(int argc, char **argv)
{
    if (argc < 2)
        usage_error("missing mode: send, recv, mkpages or pixels (try --help)");

    const char *mode = argv[1];

    if (strcmp(mode, "--help") == 0 || strcmp(mode, "-h") == 0 || strcmp(mode, "help") == 0)
    {
        print_usage(0);
        return 0;
    }
    if (strcmp(mode, "send") == 0)
        return cmd_call(1, argc - 2, argv + 2);
    if (strcmp(mode, "recv") == 0)
        return cmd_call(0, argc - 2, argv + 2);
    if (strcmp(mode, "mkpages") == 0)
        return cmd_mkpages(argc - 2, argv + 2);
    if (strcmp(mode, "pixels") == 0)
        return cmd_pixels(argc - 2, argv + 2);
    usage_error("unknown mode '%s': expected send, recv, mkpages or pixels (try --help)", mode);
}
