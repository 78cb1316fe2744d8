using System.Security.Cryptography.X509Certificates;

namespace FaxAppliance.Uplink.Smtp;

/// <summary>Loads the client certificate for mutual TLS from PKCS#12 (RFC 7292) or PEM (RFC 7468) files.</summary>
internal static class ClientCertificateLoader
{
    /// <summary>The certificate with its private key, or null when none is configured.</summary>
    /// <exception cref="ArgumentException">Neither a PKCS#12 file nor a PEM certificate and key are configured.</exception>
    public static X509Certificate2? Load(ClientCertificateOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        if (options.Pkcs12File is not null)
        {
            return X509CertificateLoader.LoadPkcs12FromFile(options.Pkcs12File, options.Pkcs12Password);
        }

        if (options.PemCertificateFile is not null && options.PemKeyFile is not null)
        {
            using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(options.PemCertificateFile, options.PemKeyFile);
            // SslStream wants a key it can use for the handshake: round-trip through PKCS#12 (an ephemeral PEM key is
            // refused by some platforms' TLS stacks).
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }

        throw new ArgumentException("a client certificate needs a PKCS#12 file or a PEM certificate and key file");
    }
}
