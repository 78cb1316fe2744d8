using System.Buffers;
using CsCheck;
using FaxAppliance.Imaging.Coding;

namespace FaxAppliance.Imaging.Tests.Coding;

public class FaxCodingRoundTripTests
{
    public static TheoryData<FaxPages.Scheme> Schemes() => [.. FaxPages.All];

    [Theory]
    [MemberData(nameof(Schemes))]
    public void AnyWidthAndRows_DecodeOfEncode_GivesTheRowsBack(FaxPages.Scheme scheme)
    {
        Gen<(int Width, int Height, int Seed, bool Noise, bool Lsb)> gen =
            Gen.Select(Gen.Int[1, 304], Gen.Int[1, 12], Gen.Int, Gen.Bool, Gen.Bool, (w, h, s, n, l) => (w * 8, h, s, n, l));
        gen.Sample(t =>
        {
            byte[] page = new byte[t.Width / 8 * t.Height];
            if (t.Noise)
            {
                new Random(t.Seed).NextBytes(page);
            }
            else
            {
                page = FaxPages.Realistic(t.Width, t.Height, t.Seed);
            }

            BitOrder order = t.Lsb ? BitOrder.LsbFirst : BitOrder.MsbFirst;
            byte[] coded = FaxPages.Encode(scheme, t.Width, page, order);
            (FaxCodingResult r, byte[] decoded) = FaxPages.Decode(scheme, t.Width, t.Height, coded, order);
            Assert.Equal(OperationStatus.Done, r.Status);
            Assert.Equal(t.Height, r.Rows);
            Assert.Equal(coded.Length, r.BytesConsumed);
            Assert.Equal(page, decoded);
        }, iter: 150);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void RealisticA4Page_RoundTrips_AndCompresses(FaxPages.Scheme scheme)
    {
        byte[] page = FaxPages.Realistic(1728, 1143, 7);
        byte[] coded = FaxPages.Encode(scheme, 1728, page, BitOrder.LsbFirst);
        (FaxCodingResult r, byte[] decoded) = FaxPages.Decode(scheme, 1728, 1143, coded, BitOrder.LsbFirst);
        Assert.Equal(OperationStatus.Done, r.Status);
        Assert.Equal(1143, r.Rows);
        Assert.Equal(page, decoded);
        Assert.True(coded.Length < page.Length, $"{scheme}: {coded.Length} coded bytes for {page.Length} raw");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void PageFedOneByteAtATime_DecodesTheSameRows(FaxPages.Scheme scheme)
    {
        const int Width = 1728;
        const int Height = 60;
        byte[] page = FaxPages.Realistic(Width, Height, 11);
        byte[] coded = FaxPages.Encode(scheme, Width, page, BitOrder.LsbFirst);
        var decode = FaxPages.Decoder(scheme, Width, BitOrder.LsbFirst, out _);
        byte[] decoded = new byte[page.Length];
        int consumed = 0;
        int rows = 0;
        OperationStatus last = OperationStatus.NeedMoreData;
        for (int available = 1; available <= coded.Length && last != OperationStatus.Done; available++)
        {
            // Unconsumed bytes stay with the caller, as with a PipeReader; one new byte arrives per call.
            FaxCodingResult r = decode(coded.AsMemory(consumed, available - consumed), decoded.AsMemory(rows * (Width / 8)));
            Assert.True(r.Status is OperationStatus.NeedMoreData or OperationStatus.Done, $"{r.Status} at byte {available}");
            consumed += r.BytesConsumed;
            rows += r.Rows;
            last = r.Status;
        }

        Assert.Equal(OperationStatus.Done, last);
        Assert.Equal(Height, rows);
        Assert.Equal(page, decoded);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void SmallDestination_ReportsDestinationTooSmall_AndResumes(FaxPages.Scheme scheme)
    {
        const int Width = 864;
        const int Height = 40;
        byte[] page = FaxPages.Realistic(Width, Height, 3);
        byte[] expected = FaxPages.Encode(scheme, Width, page, BitOrder.MsbFirst);

        // Encoder into 1200-byte pieces (more than one noise row of 864 pixels codes to, less than the page).
        var coded = new List<byte>();
        byte[] chunk = new byte[1200];
        Func<ReadOnlyMemory<byte>, Memory<byte>, FaxCodingResult> encode;
        Func<Memory<byte>, FaxCodingResult> finish;
        if (scheme == FaxPages.Scheme.Mmr)
        {
            var e6 = new T6Encoder(Width, BitOrder.MsbFirst);
            encode = (s, d) => e6.Encode(s.Span, d.Span);
            finish = d => e6.Finish(d.Span, true);
        }
        else
        {
            var e4 = new T4Encoder(Width, scheme == FaxPages.Scheme.Mh ? T4Coding.ModifiedHuffman : T4Coding.ModifiedRead, BitOrder.MsbFirst, scheme == FaxPages.Scheme.MrK4 ? 4 : 2);
            encode = (s, d) => e4.Encode(s.Span, d.Span);
            finish = d => e4.Finish(d.Span, true);
        }

        int offset = 0;
        while (true)
        {
            FaxCodingResult r = encode(page.AsMemory(offset), chunk);
            coded.AddRange(chunk.AsSpan(0, r.BytesWritten).ToArray());
            offset += r.BytesConsumed;
            if (r.Status == OperationStatus.Done)
            {
                break;
            }

            Assert.Equal(OperationStatus.DestinationTooSmall, r.Status);
            Assert.True(r.Rows > 0, "no progress");
        }

        FaxCodingResult f = finish(chunk);
        coded.AddRange(chunk.AsSpan(0, f.BytesWritten).ToArray());
        Assert.Equal(expected, coded.ToArray());

        // Decoder into a three-row destination.
        var decode = FaxPages.Decoder(scheme, Width, BitOrder.MsbFirst, out _);
        byte[] rowsOut = new byte[3 * Width / 8];
        var decoded = new List<byte>();
        int consumed = 0;
        FaxCodingResult d;
        do
        {
            d = decode(expected.AsMemory(consumed), rowsOut);
            decoded.AddRange(rowsOut.AsSpan(0, d.BytesWritten).ToArray());
            consumed += d.BytesConsumed;
        }
        while (d.Status == OperationStatus.DestinationTooSmall);

        Assert.Equal(OperationStatus.Done, d.Status);
        Assert.Equal(page, decoded.ToArray());
    }

    [Theory]
    [InlineData(FaxPages.Scheme.Mh)]
    [InlineData(FaxPages.Scheme.MrK4)]
    public void MinimumScanLineBits_EveryLineIsPaddedWithFill_AndStillDecodes(FaxPages.Scheme scheme)
    {
        // 9600 bit/s × 20 ms minimum scan-line time (T.30 DIS bits 21-23) = 192 bits per line.
        const int Width = 1728;
        byte[] page = new byte[Width / 8 * 30]; // white rows code in a handful of bits
        byte[] coded = FaxPages.Encode(scheme, Width, page, BitOrder.LsbFirst, trailer: true, minScanLineBits: 192);
        Assert.True(coded.Length * 8 >= 30 * 192, $"{coded.Length} bytes");
        (FaxCodingResult r, byte[] decoded) = FaxPages.Decode(scheme, Width, 30, coded, BitOrder.LsbFirst);
        Assert.Equal(OperationStatus.Done, r.Status);
        Assert.Equal(page, decoded);
    }
}
