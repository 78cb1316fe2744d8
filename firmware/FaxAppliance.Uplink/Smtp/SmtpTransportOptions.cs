namespace FaxAppliance.Uplink.Smtp;

/// <summary>How the connection to the mail server is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS (RFC 3207); a server that does not offer it gets nothing.</summary>
    StartTlsRequired,

    /// <summary>TLS from the first byte (RFC 8314 §3.3, "submissions", usually port 465).</summary>
    ImplicitTls,

    /// <summary>No encryption at all: only when the administrator has chosen it explicitly.</summary>
    PlaintextExplicitlyAllowed,
}

/// <summary>The appliance's client certificate for mutual TLS: a PKCS#12 file, or a PEM certificate and key.</summary>
/// <param name="Pkcs12File">PKCS#12 (.p12/.pfx) file with certificate and key, or null for PEM.</param>
/// <param name="Pkcs12Password">Password of the PKCS#12 file (may be null).</param>
/// <param name="PemCertificateFile">PEM certificate file, when no PKCS#12 file is given.</param>
/// <param name="PemKeyFile">PEM private key file belonging to <paramref name="PemCertificateFile"/>.</param>
public sealed record ClientCertificateOptions(
    string? Pkcs12File = null,
    string? Pkcs12Password = null,
    string? PemCertificateFile = null,
    string? PemKeyFile = null);

/// <summary>SMTP AUTH credentials (RFC 4954).</summary>
/// <param name="UserName">User name.</param>
/// <param name="Password">Password.</param>
public sealed record SmtpCredentials(string UserName, string Password);

/// <summary>Where and how the appliance hands its mail over.</summary>
/// <param name="Host">The mail server's host name or address (the server certificate must name it).</param>
/// <param name="Port">TCP port (25, 587 or 465 usually).</param>
/// <param name="Security">Transport security; STARTTLS required unless configured otherwise.</param>
public sealed record SmtpTransportOptions(string Host, int Port, SmtpSecurity Security = SmtpSecurity.StartTlsRequired)
{
    /// <summary>A PEM file with the CA that must have issued the server's certificate; null validates against the system store.</summary>
    public string? PinnedCaFile { get; init; }

    /// <summary>Whether the server certificate's revocation status is checked (needs the CA's CRL/OCSP reachable).</summary>
    public bool CheckCertificateRevocation { get; init; } = true;

    /// <summary>The client certificate for mutual TLS, or null.</summary>
    public ClientCertificateOptions? ClientCertificate { get; init; }

    /// <summary>SMTP AUTH credentials, or null for none.</summary>
    public SmtpCredentials? Credentials { get; init; }

    /// <summary>Timeout of every network operation.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The name the appliance gives in EHLO (RFC 5321 §4.1.1.1), or null for the machine's name.</summary>
    public string? LocalDomain { get; init; }
}
