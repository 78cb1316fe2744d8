using System.Buffers;
using CsCheck;
using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Tests.Frames;

/// <summary>Random and truncated outside input: never an exception, InvalidData always says why.</summary>
public class FrameFuzzTests
{
    private static readonly Gen<byte[]> AnyBytes = Gen.Byte.Array[0, 300];

    private static void AssertOutcome(OperationStatus status, string? error)
    {
        Assert.True(status is OperationStatus.Done or OperationStatus.InvalidData, $"unexpected {status}");
        if (status == OperationStatus.InvalidData)
        {
            Assert.False(string.IsNullOrEmpty(error));
        }
        else
        {
            Assert.Null(error);
        }
    }

    [Fact]
    public void FrameParser_RandomBytes_NeverThrows()
    {
        AnyBytes.Sample(bytes =>
        {
            OperationStatus status = T30FrameParser.TryParse(bytes, out T30Frame frame, out string? error);
            AssertOutcome(status, error);
            Assert.True(status != OperationStatus.Done || frame.Info.Length == bytes.Length - 3);
        }, iter: 5000);
    }

    [Fact]
    public void DisDecoder_RandomBytes_NeverThrowsAndAcceptsThreeOctetsOrMore()
    {
        AnyBytes.Sample(bytes =>
        {
            OperationStatus status = DisCodec.TryDecode(bytes, out FaxCapabilities caps, out string? error);
            AssertOutcome(status, error);
            Assert.Equal(bytes.Length >= 3, status == OperationStatus.Done);
            Assert.NotNull(caps);
        }, iter: 5000);
    }

    [Fact]
    public void DcsDecoder_RandomBytes_NeverThrowsAndDoneMeansEncodable()
    {
        AnyBytes.Sample(bytes =>
        {
            OperationStatus status = DcsCodec.TryDecode(bytes, out DcsParameters dcs, out string? error);
            AssertOutcome(status, error);
            if (status == OperationStatus.Done)
            {
                // Whatever we accept we could also have sent: the decoder only hands out valid parameters.
                Assert.Null(DcsCodec.Validate(dcs));
            }
        }, iter: 5000);
    }

    [Fact]
    public void IdentityAndEcmParsers_RandomBytes_NeverThrow()
    {
        bool[] flags = new bool[EcmFrames.MaxFramesPerBlock];
        AnyBytes.Sample(bytes =>
        {
            AssertOutcome(T30Identity.TryDecode(bytes, out string id, out string? e1), e1);
            Assert.True(id.Length <= T30Identity.Length && id.All(c => c is >= ' ' and < '\x7F'));
            AssertOutcome(EcmFrames.TryParseFcd(bytes, out _, out _, out string? e2), e2);
            AssertOutcome(EcmFrames.TryParsePps(bytes, out _, out _, out _, out _, out string? e3), e3);
            AssertOutcome(EcmFrames.TryParsePpr(bytes, flags, out string? e4), e4);
            AssertOutcome(EcmFrames.TryParseCtc(bytes, out _, out string? e5), e5);
        }, iter: 5000);
    }

    [Fact]
    public void Decoders_EveryPrefixOfValidFrames_ShortOnesInvalidLongerOnesDone()
    {
        byte[] dis = Convert.FromHexString("00EEA6C48001");
        byte[] dcs = Convert.FromHexString("0062F04C");
        for (int n = 0; n <= dis.Length; n++)
        {
            Assert.Equal(n >= 3 ? OperationStatus.Done : OperationStatus.InvalidData, DisCodec.TryDecode(dis.AsSpan(0, n), out _, out _));
        }

        for (int n = 0; n <= dcs.Length; n++)
        {
            // A DCS cut after octet 3 loses the ECM bit and so must not claim MMR: still valid, plain MH.
            OperationStatus status = DcsCodec.TryDecode(dcs.AsSpan(0, n), out DcsParameters p, out _);
            Assert.Equal(n >= 3 ? OperationStatus.Done : OperationStatus.InvalidData, status);
            Assert.True(n < 4 ? p.Compression == Compressions.MH : p.Compression == Compressions.MMR);
        }
    }
}
