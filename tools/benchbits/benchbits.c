/* A native bit source for timing spandsp's transmitters fairly in tools/bench: spandsp pulls each
 * bit through a get_bit callback, and a managed callback would add a reverse P/Invoke per bit to
 * spandsp's time. The 2^23-1 PRBS of ITU-T O.151 (x^23 + x^18 + 1), state passed by the caller. */
#include <stdint.h>

int benchbits_prbs23(void *user_data)
{
    uint32_t *state = (uint32_t *) user_data;
    uint32_t s = *state;
    int bit = (int) (((s >> 22) ^ (s >> 17)) & 1u);
    *state = ((s << 1) | (uint32_t) bit) & 0x7FFFFFu;
    return bit;
}
