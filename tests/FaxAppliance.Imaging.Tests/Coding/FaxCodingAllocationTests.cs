using System.Buffers;
using FaxAppliance.Imaging.Coding;

namespace FaxAppliance.Imaging.Tests.Coding;

/// <summary>After construction the coders allocate nothing per call (they run per received block on the appliance).</summary>
public sealed class FaxCodingAllocationTests
{
    private const int Width = 1728;
    private const int Height = 100;
    private const int Rounds = 20;

    [Theory]
    [MemberData(nameof(FaxCodingRoundTripTests.Schemes), MemberType = typeof(FaxCodingRoundTripTests))]
    public void EncodeAndDecode_ManyCalls_AllocateNothing(FaxPages.Scheme scheme)
    {
        byte[] page = FaxPages.Realistic(Width, Height, 9);
        byte[] coded = FaxPages.Encode(scheme, Width, page, BitOrder.LsbFirst);
        byte[] damaged = (byte[])coded.Clone();
        for (int i = 100; i < damaged.Length; i += 97)
        {
            damaged[i] ^= 0x10; // concealment and resynchronisation paths too
        }

        byte[] codeBuffer = new byte[coded.Length + 1024];
        byte[] smallBuffer = new byte[64];
        byte[] rows = new byte[page.Length];
        var t4e = new T4Encoder(Width, scheme == FaxPages.Scheme.Mh ? T4Coding.ModifiedHuffman : T4Coding.ModifiedRead, BitOrder.LsbFirst, scheme == FaxPages.Scheme.MrK4 ? 4 : 2, minScanLineBits: 96);
        var t6e = new T6Encoder(Width, BitOrder.LsbFirst);
        var t4d = new T4Decoder(Width, scheme == FaxPages.Scheme.Mh ? T4Coding.ModifiedHuffman : T4Coding.ModifiedRead, BitOrder.LsbFirst);
        var t6d = new T6Decoder(Width, BitOrder.LsbFirst);
        bool mmr = scheme == FaxPages.Scheme.Mmr;

        long calls = 0;
        void Round()
        {
            // Whole page, then into a 64-byte destination (pending bytes carried between calls).
            if (mmr)
            {
                t6e.Reset();
                _ = t6e.Encode(page, codeBuffer);
                _ = t6e.Finish(codeBuffer, true);
                calls += 2;
                t6e.Reset();
                for (int offset = 0; offset < page.Length;)
                {
                    FaxCodingResult r = t6e.Encode(page.AsSpan(offset), smallBuffer);
                    offset += r.BytesConsumed;
                    calls++;
                }

                while (t6e.Finish(smallBuffer, true).Status != OperationStatus.Done)
                {
                    calls++;
                }
            }
            else
            {
                t4e.Reset();
                _ = t4e.Encode(page, codeBuffer);
                _ = t4e.Finish(codeBuffer, true);
                calls += 2;
                t4e.Reset();
                for (int offset = 0; offset < page.Length;)
                {
                    FaxCodingResult r = t4e.Encode(page.AsSpan(offset), smallBuffer);
                    offset += r.BytesConsumed;
                    calls++;
                }

                while (t4e.Finish(smallBuffer, true).Status != OperationStatus.Done)
                {
                    calls++;
                }
            }

            // Decode whole, one byte at a time, and a damaged page.
            Decode(coded, coded.Length);
            Decode(coded, 1);
            Decode(damaged, damaged.Length);
            Decode(damaged, 1);
        }

        void Decode(byte[] input, int chunk)
        {
            t4d.Reset();
            t6d.Reset();
            int consumed = 0;
            int written = 0;
            for (int available = Math.Min(chunk, input.Length); ; available = Math.Min(input.Length, available + chunk))
            {
                FaxCodingResult r = mmr
                    ? t6d.Decode(input.AsSpan(consumed, available - consumed), rows.AsSpan(written))
                    : t4d.Decode(input.AsSpan(consumed, available - consumed), rows.AsSpan(written));
                consumed += r.BytesConsumed;
                written += r.BytesWritten;
                calls++;
                if (r.Status != OperationStatus.NeedMoreData || available == input.Length)
                {
                    break;
                }
            }
        }

        Round(); // first calls JIT-compile
        calls = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Rounds; i++)
        {
            Round();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(calls > Rounds * coded.Length, $"only {calls} calls");
        Assert.Equal(0, allocated);
        Assert.Equal(page, Decoded(scheme, coded, rows, t4d, t6d));
    }

    /// <summary>The measured decoders still decode correctly (so the loop above measured real work).</summary>
    private static byte[] Decoded(FaxPages.Scheme scheme, byte[] coded, byte[] rows, T4Decoder t4d, T6Decoder t6d)
    {
        t4d.Reset();
        t6d.Reset();
        FaxCodingResult r = scheme == FaxPages.Scheme.Mmr ? t6d.Decode(coded, rows) : t4d.Decode(coded, rows);
        Assert.Equal(OperationStatus.Done, r.Status);
        return rows;
    }
}
