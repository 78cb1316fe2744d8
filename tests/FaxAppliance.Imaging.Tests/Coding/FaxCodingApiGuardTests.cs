using System.Buffers;
using FaxAppliance.Imaging.Coding;

namespace FaxAppliance.Imaging.Tests.Coding;

/// <summary>
/// Destinations smaller than a coded or decoded row: the encoders make progress with any non-empty destination (bytes
/// of a coded row that do not fit wait for the next call); the decoders write whole rows, so a destination of 1 to
/// RowBytes - 1 bytes is a caller bug and throws ArgumentException, while an empty one is allowed (to read RTC/EOFB).
/// </summary>
public sealed class FaxCodingApiGuardTests
{
    [Theory]
    [MemberData(nameof(FaxCodingRoundTripTests.Schemes), MemberType = typeof(FaxCodingRoundTripTests))]
    public void Encoder_DestinationSmallerThanARow_StillProgresses_SameBytes(FaxPages.Scheme scheme)
    {
        const int Width = 2432;
        byte[] page = FaxPages.Realistic(Width, 50, 4);
        byte[] expected = FaxPages.Encode(scheme, Width, page, BitOrder.LsbFirst);
        foreach (int size in (int[])[1, 3, 100])
        {
            (Func<ReadOnlyMemory<byte>, Memory<byte>, FaxCodingResult> encode, Func<Memory<byte>, FaxCodingResult> finish, _) = Encoder(scheme, Width);
            byte[] destination = new byte[size];
            var coded = new List<byte>();
            int offset = 0;
            FaxCodingResult r;
            do
            {
                r = encode(page.AsMemory(offset), destination);
                Assert.True(r.Status is OperationStatus.Done or OperationStatus.DestinationTooSmall);
                Assert.True(r.BytesWritten > 0 || r.Rows > 0 || r.Status == OperationStatus.Done, "no progress");
                coded.AddRange(destination.AsSpan(0, r.BytesWritten).ToArray());
                offset += r.BytesConsumed;
            }
            while (r.Status != OperationStatus.Done);

            Assert.Equal(page.Length, offset);
            do
            {
                r = finish(destination);
                Assert.True(r.BytesWritten > 0 || r.Status == OperationStatus.Done, "no progress");
                coded.AddRange(destination.AsSpan(0, r.BytesWritten).ToArray());
            }
            while (r.Status != OperationStatus.Done);

            Assert.Equal(expected, coded.ToArray());
        }
    }

    [Theory]
    [InlineData(FaxPages.Scheme.Mh, 1728)]
    [InlineData(FaxPages.Scheme.MrK2, 2048)]
    [InlineData(FaxPages.Scheme.MrK4, 2432)]
    [InlineData(FaxPages.Scheme.Mmr, 2432)]
    public void Encoder_MaxCodedRowBytes_TakesAnyRowInOneCall(FaxPages.Scheme scheme, int width)
    {
        // Worst rows: every pixel a run (0xAA, 0x55 alternating, and shifted against the row above), plus noise.
        int rowBytes = width / 8;
        byte[] page = FaxPages.Realistic(width, 16, 8);
        for (int y = 0; y < 8; y++)
        {
            page.AsSpan(y * rowBytes, rowBytes).Fill(y % 2 == 0 ? (byte)0xAA : (byte)0x55);
        }

        new Random(1).NextBytes(page.AsSpan(8 * rowBytes, 4 * rowBytes));
        (Func<ReadOnlyMemory<byte>, Memory<byte>, FaxCodingResult> encode, Func<Memory<byte>, FaxCodingResult> finish, int max) =
            Encoder(scheme, width, minScanLineBits: scheme == FaxPages.Scheme.Mmr ? 0 : 4000);
        Assert.True(max >= 500 + rowBytes, $"{max}"); // fill of 4000 bits alone is 500 bytes
        byte[] destination = new byte[max];
        for (int y = 0; y < 16; y++)
        {
            FaxCodingResult r = encode(page.AsMemory(y * rowBytes, rowBytes), destination);
            Assert.Equal((OperationStatus.Done, 1), (r.Status, r.Rows));
        }

        Assert.Equal(OperationStatus.Done, finish(destination).Status); // and the RTC / EOFB trailer
    }

    [Theory]
    [MemberData(nameof(FaxCodingRoundTripTests.Schemes), MemberType = typeof(FaxCodingRoundTripTests))]
    public void Decoder_DestinationBetweenOneByteAndARow_Throws_EmptyIsAllowed(FaxPages.Scheme scheme)
    {
        const int Width = 1728;
        byte[] page = FaxPages.Realistic(Width, 10, 2);
        byte[] coded = FaxPages.Encode(scheme, Width, page, BitOrder.LsbFirst);
        var decode = FaxPages.Decoder(scheme, Width, BitOrder.LsbFirst, out _);
        Assert.Throws<ArgumentException>(() => decode(coded, new byte[1]));
        Assert.Throws<ArgumentException>(() => decode(coded, new byte[(Width / 8) - 1]));

        // Empty: the next row is pending.
        FaxCodingResult empty = decode(coded, Memory<byte>.Empty);
        Assert.Equal((OperationStatus.DestinationTooSmall, 0), (empty.Status, empty.Rows));

        // All rows into an exact buffer, then the trailer with an empty destination.
        byte[] rows = new byte[page.Length];
        FaxCodingResult all = decode(coded.AsMemory(empty.BytesConsumed), rows);
        Assert.Equal(10, all.Rows);
        Assert.Equal(page, rows);
        int consumed = empty.BytesConsumed + all.BytesConsumed;
        if (all.Status != OperationStatus.Done)
        {
            Assert.Equal(OperationStatus.Done, decode(coded.AsMemory(consumed), Memory<byte>.Empty).Status);
        }
    }

    private static (Func<ReadOnlyMemory<byte>, Memory<byte>, FaxCodingResult> Encode, Func<Memory<byte>, FaxCodingResult> Finish, int MaxCodedRowBytes) Encoder(FaxPages.Scheme scheme, int width, int minScanLineBits = 0)
    {
        if (scheme == FaxPages.Scheme.Mmr)
        {
            var e6 = new T6Encoder(width, BitOrder.LsbFirst);
            return ((s, d) => e6.Encode(s.Span, d.Span), d => e6.Finish(d.Span, true), e6.MaxCodedRowBytes);
        }

        var e4 = new T4Encoder(width, scheme == FaxPages.Scheme.Mh ? T4Coding.ModifiedHuffman : T4Coding.ModifiedRead, BitOrder.LsbFirst, scheme == FaxPages.Scheme.MrK4 ? 4 : 2, minScanLineBits);
        return ((s, d) => e4.Encode(s.Span, d.Span), d => e4.Finish(d.Span, true), e4.MaxCodedRowBytes);
    }
}
