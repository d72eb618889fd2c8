namespace Tyr.Daemon.Kernel.Records;

/// <summary>Mirror of <c>enum tyr_tls_what</c> (bpf/lib/records.h): what a <see cref="tyr_tls_event"/> carries.</summary>
internal enum TyrTlsWhat : byte
{
    /// <summary>A TCP send that starts with a TLS ClientHello record.</summary>
    Hello = 1,

    /// <summary>Plaintext given to SSL_write/SSL_write_ex.</summary>
    Write = 2,

    /// <summary>Plaintext returned by SSL_read/SSL_read_ex.</summary>
    Read = 3,

    /// <summary>The server name set through SSL_ctrl.</summary>
    ServerName = 4,
}
