using System.Buffers;
using CsCheck;
using FaxAppliance.Imaging.Coding;

namespace FaxAppliance.Imaging.Tests.Coding;

/// <summary>
/// The decoders take outside input (the line, TIFF files): random bytes, every prefix of a real page and real pages with
/// flipped bits must give only Done / NeedMoreData / InvalidData / DestinationTooSmall, never an exception or a hang,
/// and never more rows than the input has bits.
/// </summary>
public sealed class FaxDecoderRobustnessTests
{
    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(3);

    public static TheoryData<FaxPages.Scheme> Schemes() => [.. FaxPages.All];

    [Fact]
    public async Task RandomBytes_AnyDecoder_OnlyStatusResults_BoundedRows()
    {
        // Bytes biased towards 0x00 / 0xFF as well as uniform, so that EOL-like and long-run codes come up often.
        Gen<byte> biased = Gen.Frequency((3, Gen.Byte), (1, Gen.Const((byte)0)), (1, Gen.Const((byte)0xFF)), (1, Gen.Byte[0, 7]));
        Gen<(byte[] Input, int Scheme, bool Conceal, bool Lsb, int Width, int Chunk)> gen = Gen.Select(
            biased.Array[0, 3000], Gen.Int[0, 3], Gen.Bool, Gen.Bool, Gen.OneOfConst(8, 64, 1728, 2048, 2432), Gen.OneOfConst(1, 7, 100, int.MaxValue));
        await RunWithHangGuard(() => gen.Sample(t =>
        {
            Drive(FaxPages.All[t.Scheme], t.Width, t.Lsb, t.Conceal, t.Input, t.Chunk);
        }, iter: 1500));
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task EveryPrefixOfARealPage_DecodesTheFirstRows_ThenResumes(FaxPages.Scheme scheme)
    {
        const int Width = 1728;
        const int Height = 40;
        byte[] page = FaxPages.Realistic(Width, Height, 21);
        byte[] coded = FaxPages.Encode(scheme, Width, page, BitOrder.LsbFirst);
        byte[] decoded = new byte[page.Length];
        await RunWithHangGuard(() =>
        {
            for (int length = 0; length <= coded.Length; length++)
            {
                var decode = FaxPages.Decoder(scheme, Width, BitOrder.LsbFirst, out Func<int> badRows);
                FaxCodingResult first = decode(coded.AsMemory(0, length), decoded);
                Assert.True(first.Status == (length == coded.Length ? OperationStatus.Done : OperationStatus.NeedMoreData), $"{first.Status} for {length} of {coded.Length} bytes");
                Assert.InRange(first.BytesConsumed, 0, length);
                Assert.True(decoded.AsSpan(0, first.BytesWritten).SequenceEqual(page.AsSpan(0, first.BytesWritten)), $"rows differ for prefix {length}");

                // The rest of the page continues where the prefix stopped.
                FaxCodingResult rest = decode(coded.AsMemory(first.BytesConsumed), decoded.AsMemory(first.BytesWritten));
                Assert.Equal(OperationStatus.Done, rest.Status);
                Assert.Equal(Height, first.Rows + rest.Rows);
                Assert.Equal(0, badRows());
                Assert.True(decoded.AsSpan().SequenceEqual(page), $"page differs after resuming at {length}");
                Array.Clear(decoded);
            }
        });
    }

    [Fact]
    public async Task RealPagesWithFlippedBits_AnyDecoder_OnlyStatusResults_BoundedRows()
    {
        const int Width = 1728;
        byte[][] pages = [.. FaxPages.All.Select(s => FaxPages.Encode(s, Width, FaxPages.Realistic(Width, 60, 5), BitOrder.MsbFirst))];
        Gen<(int Scheme, int Seed, int Flips, bool Conceal, int Chunk)> gen =
            Gen.Select(Gen.Int[0, 3], Gen.Int, Gen.Int[1, 40], Gen.Bool, Gen.OneOfConst(1, 50, int.MaxValue));
        await RunWithHangGuard(() => gen.Sample(t =>
        {
            byte[] damaged = (byte[])pages[t.Scheme].Clone();
            var rng = new Random(t.Seed);
            for (int i = 0; i < t.Flips; i++)
            {
                int bit = rng.Next(damaged.Length * 8);
                damaged[bit >> 3] ^= (byte)(0x80 >> (bit & 7));
            }

            (OperationStatus last, _) = Drive(FaxPages.All[t.Scheme], Width, lsb: false, t.Conceal, damaged, t.Chunk);
            if (t.Conceal && FaxPages.All[t.Scheme] != FaxPages.Scheme.Mmr)
            {
                Assert.NotEqual(OperationStatus.InvalidData, last); // T.4 concealment never gives up on a page
            }
        }, iter: 1500));
    }

    /// <summary>
    /// Feeds <paramref name="input"/> <paramref name="chunk"/> bytes at a time into an 8-row destination, as a receiver
    /// does, and checks every result; returns the last status and the rows delivered.
    /// </summary>
    internal static (OperationStatus Last, int Rows) Drive(FaxPages.Scheme scheme, int width, bool lsb, bool conceal, byte[] input, int chunk)
    {
        int rowBytes = width / 8;
        BitOrder order = lsb ? BitOrder.LsbFirst : BitOrder.MsbFirst;
        Func<ReadOnlyMemory<byte>, Memory<byte>, FaxCodingResult> decode;
        if (scheme == FaxPages.Scheme.Mmr)
        {
            var d6 = new T6Decoder(width, order);
            decode = (s, d) => d6.Decode(s.Span, d.Span);
        }
        else
        {
            var d4 = new T4Decoder(width, scheme == FaxPages.Scheme.Mh ? T4Coding.ModifiedHuffman : T4Coding.ModifiedRead, order, conceal);
            decode = (s, d) => d4.Decode(s.Span, d.Span);
        }

        byte[] destination = new byte[rowBytes * 8];
        int available = Math.Min(chunk, input.Length);
        int consumed = 0;
        int rows = 0;
        long calls = 0;
        long maxCalls = (20L * input.Length) + 100;
        while (true)
        {
            FaxCodingResult r = decode(input.AsMemory(consumed, available - consumed), destination);
            Assert.True(r.Status is OperationStatus.Done or OperationStatus.NeedMoreData or OperationStatus.InvalidData or OperationStatus.DestinationTooSmall);
            Assert.InRange(r.BytesConsumed, 0, available - consumed);
            Assert.Equal(r.Rows * rowBytes, r.BytesWritten);
            Assert.InRange(r.BytesWritten, 0, destination.Length);
            consumed += r.BytesConsumed;
            rows += r.Rows;
            Assert.True(rows <= (8L * input.Length) + 1, $"{rows} rows from {input.Length} bytes");
            Assert.True(++calls <= maxCalls, "no progress");
            if (r.Status == OperationStatus.DestinationTooSmall)
            {
                Assert.True(r.Rows > 0, "DestinationTooSmall without a row for a destination of 8 rows");
                continue;
            }

            if (r.Status == OperationStatus.NeedMoreData && available < input.Length)
            {
                available = (int)Math.Min(input.Length, (long)available + chunk);
                continue;
            }

            return (r.Status, rows);
        }
    }

    /// <summary>Runs a property on a worker thread; TimeoutException when it does not finish in time (a decoder loop that hangs).</summary>
    private static Task RunWithHangGuard(Action property) => Task.Run(property).WaitAsync(HangLimit);
}
