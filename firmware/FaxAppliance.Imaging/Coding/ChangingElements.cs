using System.Numerics;

namespace FaxAppliance.Imaging.Coding;

/// <summary>
/// A row as its changing elements (ITU-T T.4 §4.2.1.3.1): positions where the colour changes, the row starting white;
/// element j is a change to black when j is even. Packed rows are MSB = leftmost pixel, 1 = black.
/// </summary>
internal static class ChangingElements
{
    /// <summary>Sentinels (= width) after the last element, so b1, b2 and the parity step never read past the list.</summary>
    public const int Sentinels = 4;

    /// <summary>Room for a row of the given width: at most one change per pixel plus slack for the
    /// decoder's last append (it checks the count against width before each append) and the sentinels.</summary>
    public static int Capacity(int width) => width + Sentinels + 4;

    /// <summary>Finds the changes of a packed row; returns the count and writes sentinels after them.</summary>
    public static int FromPacked(ReadOnlySpan<byte> row, int width, Span<int> changes)
    {
        int n = 0;
        int color = 0; // colour of the pixels before the scan position
        int bytes = width >> 3;
        for (int i = 0; i < bytes; i++)
        {
            int b = row[i];
            int same = color == 0 ? 0x00 : 0xFF;
            while (b != same)
            {
                // First bit differing from the current colour, counted from the MSB.
                int diff = b ^ same;
                int bit = BitOperations.LeadingZeroCount((uint)diff) - 24;
                changes[n++] = (i << 3) + bit;
                color ^= 1;
                same ^= 0xFF;
                // Pixels left of the change now agree with the new colour for the next search.
                int mask = 0xFF >> bit;
                b = (b & mask) | (same & ~mask & 0xFF);
            }
        }

        for (int s = 0; s < Sentinels; s++)
        {
            changes[n + s] = width;
        }

        return n;
    }

    /// <summary>Writes a packed row from changes (which must be increasing and below width).</summary>
    public static void ToPacked(ReadOnlySpan<int> changes, int count, int width, Span<byte> row)
    {
        row[..(width >> 3)].Clear();
        for (int j = 0; j < count; j += 2)
        {
            int start = changes[j];
            int end = j + 1 < count ? changes[j + 1] : width;
            SetBits(row, start, end);
        }
    }

    /// <summary>Removes zero-length runs (equal neighbours, dropped in pairs) and elements at or past width; writes sentinels.</summary>
    public static int Normalize(Span<int> changes, int count, int width)
    {
        int n = 0;
        for (int i = 0; i < count; i++)
        {
            int p = changes[i];
            if (n > 0 && changes[n - 1] == p)
            {
                n--;
            }
            else
            {
                changes[n++] = p;
            }
        }

        while (n > 0 && changes[n - 1] >= width)
        {
            n--;
        }

        for (int s = 0; s < Sentinels; s++)
        {
            changes[n + s] = width;
        }

        return n;
    }

    private static void SetBits(Span<byte> row, int start, int end)
    {
        while (start < end)
        {
            int byteIndex = start >> 3;
            int bit = start & 7;
            int take = Math.Min(8 - bit, end - start);
            int mask = (0xFF >> bit) & (0xFF << (8 - bit - take));
            row[byteIndex] |= (byte)mask;
            start += take;
        }
    }
}
