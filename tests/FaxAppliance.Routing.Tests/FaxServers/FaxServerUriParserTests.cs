using CsCheck;
using FaxAppliance.Routing.FaxServers;

namespace FaxAppliance.Routing.Tests.FaxServers;

public class FaxServerUriParserTests
{
    [Theory]
    [InlineData("sip:fax.example.net;transport=tcp", "fax.example.net", FaxServerHostKind.DnsName, null, SipTransport.Tcp)]
    [InlineData("SIP:Fax.Example.NET:5080;TRANSPORT=TLS", "fax.example.net", FaxServerHostKind.DnsName, 5080, SipTransport.Tls)]
    [InlineData("sip:10.0.0.7;transport=udp", "10.0.0.7", FaxServerHostKind.IPv4, null, SipTransport.Udp)]
    [InlineData("sip:192.0.2.1:65535;transport=tcp", "192.0.2.1", FaxServerHostKind.IPv4, 65535, SipTransport.Tcp)]
    [InlineData("sip:[2001:db8::1]:5061;transport=tls", "2001:db8::1", FaxServerHostKind.IPv6, 5061, SipTransport.Tls)]
    [InlineData("sip:[::1];transport=udp", "::1", FaxServerHostKind.IPv6, null, SipTransport.Udp)]
    [InlineData("  sip:a-b.c1.example ; transport = tcp ", "a-b.c1.example", FaxServerHostKind.DnsName, null, SipTransport.Tcp)]
    [InlineData("sip:localhost:1;transport=tcp", "localhost", FaxServerHostKind.DnsName, 1, SipTransport.Tcp)]
    public void TryParse_ValidUri_GivesItsParts(string text, string host, FaxServerHostKind kind, int? port, SipTransport transport)
    {
        Assert.True(FaxServerUriParser.TryParse(text, out FaxServerUri? uri, out FaxServerUriError error), error.Message);
        Assert.Equal(new FaxServerUri(host, kind, port, transport), uri);
    }

    [Theory]
    [InlineData("", FaxServerUriPart.Entry, "empty entry")]
    [InlineData("fax.example.net;transport=tcp", FaxServerUriPart.Scheme, "must start with 'sip:'")]
    [InlineData("sips:fax.example.net;transport=tls", FaxServerUriPart.Scheme, "scheme 'sips:' is not supported: write 'sip:' with ';transport=tls'")]
    [InlineData("sip:fax@fax.example.net;transport=tcp", FaxServerUriPart.UserPart, "user part 'fax' is not allowed: a fax server URI names a host (sip:<host>[:<port>];transport=<udp|tcp|tls>)")]
    [InlineData("sip:;transport=tcp", FaxServerUriPart.Host, "missing host")]
    [InlineData("sip:fax_1.example.net;transport=tcp", FaxServerUriPart.Host, "label 'fax_1' contains '_' (letters, digits and '-' only)")]
    [InlineData("sip:-fax.example.net;transport=tcp", FaxServerUriPart.Host, "label '-fax' starts or ends with '-'")]
    [InlineData("sip:fax..example.net;transport=tcp", FaxServerUriPart.Host, "empty label in host 'fax..example.net' (two dots in a row, or a leading or trailing dot)")]
    [InlineData("sip:fax.123;transport=tcp", FaxServerUriPart.Host, "top-level label '123' of host 'fax.123' is all digits")]
    [InlineData("sip:256.1.1.1;transport=tcp", FaxServerUriPart.Host, "'256.1.1.1' is not an IPv4 address (four numbers 0-255)")]
    [InlineData("sip:10.0.7;transport=tcp", FaxServerUriPart.Host, "'10.0.7' is not an IPv4 address (four numbers 0-255)")]
    [InlineData("sip:2001:db8::1;transport=tcp", FaxServerUriPart.Host, "IPv6 address '2001:db8::1' must be in brackets: [2001:db8::1]")]
    [InlineData("sip:[2001:db8::zz];transport=tcp", FaxServerUriPart.Host, "'[2001:db8::zz]' is not an IPv6 address")]
    [InlineData("sip:[2001:db8::1;transport=tcp", FaxServerUriPart.Host, "'[' without ']' around the IPv6 address")]
    [InlineData("sip:fax.example.net:0;transport=tcp", FaxServerUriPart.Port, "port 0 is out of range (1-65535)")]
    [InlineData("sip:fax.example.net:65536;transport=tcp", FaxServerUriPart.Port, "port 65536 is out of range (1-65535)")]
    [InlineData("sip:fax.example.net:99999999999;transport=tcp", FaxServerUriPart.Port, "port 99999999999 is out of range (1-65535)")]
    [InlineData("sip:fax.example.net:50x;transport=tcp", FaxServerUriPart.Port, "port '50x' is not a number")]
    [InlineData("sip:fax.example.net:;transport=tcp", FaxServerUriPart.Port, "missing port number after ':'")]
    [InlineData("sip:fax.example.net", FaxServerUriPart.Transport, "missing ';transport=<udp|tcp|tls>'")]
    [InlineData("sip:fax.example.net;transport=sctp", FaxServerUriPart.Transport, "unknown transport 'sctp' (udp, tcp or tls)")]
    [InlineData("sip:fax.example.net;transport=", FaxServerUriPart.Transport, "transport has no value (udp, tcp or tls)")]
    [InlineData("sip:fax.example.net;transport=tcp;transport=udp", FaxServerUriPart.Transport, "transport given twice")]
    [InlineData("sip:fax.example.net;maddr=10.0.0.1;transport=tcp", FaxServerUriPart.Parameter, "parameter 'maddr' is not supported (only ';transport=')")]
    [InlineData("sip:fax.example.net;;transport=tcp", FaxServerUriPart.Parameter, "empty URI parameter (';;' or a ';' with nothing after it)")]
    public void TryParse_BadUri_NamesThePartAndWhy(string text, FaxServerUriPart part, string message)
    {
        Assert.False(FaxServerUriParser.TryParse(text, out FaxServerUri? uri, out FaxServerUriError error));
        Assert.Null(uri);
        Assert.Equal(part, error.Part);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void TryParse_LabelOf64Characters_IsRejected()
    {
        string label = new('a', 64);
        Assert.False(FaxServerUriParser.TryParse($"sip:{label}.example;transport=tcp", out _, out FaxServerUriError error));
        Assert.Equal(FaxServerUriPart.Host, error.Part);
        Assert.EndsWith("is longer than 63 characters", error.Message);
        Assert.True(FaxServerUriParser.TryParse($"sip:{label[1..]}.example;transport=tcp", out _, out _));
    }

    [Fact]
    public void TryParseList_SplitsAtSemicolonsThatStartAnEntry_InFailoverOrder()
    {
        Assert.True(FaxServerUriParser.TryParseList(
            "sip:fax1.example.net;transport=tls; sip:10.0.0.7:5080;transport=tcp;SIP:[2001:db8::7];transport=udp;",
            out IReadOnlyList<FaxServerUri> uris, out FaxServerUriError error), error.Message);
        Assert.Equal(
            ["sip:fax1.example.net;transport=tls", "sip:10.0.0.7:5080;transport=tcp", "sip:[2001:db8::7];transport=udp"],
            uris.Select(u => u.ToString()));
    }

    [Fact]
    public void TryParseList_BadSecondEntry_NamesTheEntry()
    {
        Assert.False(FaxServerUriParser.TryParseList("sip:a.example;transport=tcp;sip:b.example;transport=ftp", out var uris, out FaxServerUriError error));
        Assert.Empty(uris);
        Assert.Equal(1, error.Entry);
        Assert.Equal(FaxServerUriPart.Transport, error.Part);
        Assert.Equal("fax server URI 2 ('sip:b.example;transport=ftp'): unknown transport 'ftp' (udp, tcp or tls)", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void TryParseList_Nothing_IsAnError(string? text)
    {
        Assert.False(FaxServerUriParser.TryParseList(text, out _, out FaxServerUriError error));
        Assert.Equal("no fax server URI given", error.Message);
    }

    [Fact]
    public void TryParseList_MoreThanTheLimit_IsAnError()
    {
        string text = string.Join(";", Enumerable.Range(0, FaxServerUriParser.MaxEntries + 1).Select(i => $"sip:f{i}.example;transport=tcp"));
        Assert.False(FaxServerUriParser.TryParseList(text, out _, out FaxServerUriError error));
        Assert.Equal($"more than {FaxServerUriParser.MaxEntries} fax server URIs", error.Message);
    }

    [Fact]
    public void EffectivePort_DefaultsByTransport()
    {
        Assert.Equal(5061, new FaxServerUri("a.example", FaxServerHostKind.DnsName, null, SipTransport.Tls).EffectivePort);
        Assert.Equal(5060, new FaxServerUri("a.example", FaxServerHostKind.DnsName, null, SipTransport.Tcp).EffectivePort);
        Assert.Equal(7000, new FaxServerUri("a.example", FaxServerHostKind.DnsName, 7000, SipTransport.Udp).EffectivePort);
    }

    private static readonly Gen<string> UriLike = Gen.OneOf(
        Gen.String,
        Gen.Char["sip:;=[]@.:-atcpuldx0159 "].Array[0, 60].Select(c => new string(c)),
        Gen.Char["sip:;=[]@.:-atcpuldx0159 "].Array[0, 40].Select(c => "sip:" + new string(c)));

    [Fact]
    public void RandomText_ParsesOrGivesAnError_NeverThrows() =>
        UriLike.Sample(text =>
        {
            bool ok = FaxServerUriParser.TryParseList(text, out IReadOnlyList<FaxServerUri> uris, out FaxServerUriError error);
            Assert.Equal(ok, uris.Count > 0);
            Assert.Equal(ok, error.Message is null);
        }, iter: 20_000);

    [Fact]
    public void ValidUri_RoundTripsThroughItsCanonicalText() =>
        Gen.Select(Gen.Int[0, 3], Gen.Int[1, 65535], Gen.Int[0, 2], Gen.Bool).Sample((hostChoice, port, transport, withPort) =>
        {
            string host = hostChoice switch { 0 => "fax.example.net", 1 => "192.0.2.55", 2 => "[2001:db8::5]", _ => "a1-b" };
            string text = $"sip:{host}{(withPort ? ":" + port : "")};transport={(SipTransport)transport}";
            Assert.True(FaxServerUriParser.TryParse(text, out FaxServerUri? uri, out FaxServerUriError error), error.Message);
            Assert.True(FaxServerUriParser.TryParse(uri!.ToString(), out FaxServerUri? again, out _));
            Assert.Equal(uri, again);
            Assert.Equal(withPort ? port : null, uri.Port);
        });
}
