using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using Tyr.Daemon.Config;
using Tyr.Daemon.Diagnostics;
using Tyr.Daemon.Enrollment;
using Tyr.Daemon.Spool;
using Tyr.Daemon.Transport;
using Tyr.Pki;

namespace Tyr.Daemon.Runtime;

/// <summary>
/// Everything <c>tyrd run</c> needs before it can start, loaded and checked in one place: each
/// problem becomes a <see cref="StartupException"/> (or <see cref="ConfigException"/>) whose message
/// says what to fix.
/// </summary>
internal sealed class DaemonStartup : IDisposable
{
    private DaemonStartup(
        DaemonConfig config,
        StateDirectory state,
        EnrollmentRecord enrollment,
        ServerAddress server,
        string caFile,
        CaTrust trust,
        X509Certificate2 clientCertificate,
        FileStream runLock,
        EventSpool spool)
    {
        Config = config;
        State = state;
        Enrollment = enrollment;
        Server = server;
        CaFile = caFile;
        Trust = trust;
        ClientCertificate = clientCertificate;
        RunLock = runLock;
        Spool = spool;
    }

    public DaemonConfig Config { get; }

    public StateDirectory State { get; }

    public EnrollmentRecord Enrollment { get; }

    /// <summary>The config's server if set, else the one recorded at enrollment.</summary>
    public ServerAddress Server { get; }

    public string CaFile { get; }

    public CaTrust Trust { get; }

    public X509Certificate2 ClientCertificate { get; }

    /// <summary>Held for the life of the daemon: one tyrd per state directory.</summary>
    public FileStream RunLock { get; }

    public EventSpool Spool { get; }

    public static DaemonStartup Load(RunOptions options, TimeProvider time)
    {
        var config = DaemonConfigLoader.Load(options.ConfigPath);
        var state = new StateDirectory(options.StateDirectory);
        var enrollment = LoadEnrollment(state);
        var server = config.Server ?? (ServerAddress.TryParse(enrollment.Server, out var recorded)
            ? recorded
            : throw new StartupException($"{state.EnrollmentFile}: server '{enrollment.Server}' is not HOST:PORT"));
        var caFile = config.CaFile ?? enrollment.CaFile;
        var trust = LoadCa(caFile);

        var runLock = Lock(state);
        X509Certificate2? certificate = null;
        try
        {
            certificate = LoadIdentity(state);
            var spool = OpenSpool(state, config, time);
            return new DaemonStartup(config, state, enrollment, server, caFile, trust, certificate, runLock, spool);
        }
        catch
        {
            certificate?.Dispose();
            runLock.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Spool.Dispose();
        ClientCertificate.Dispose();
        RunLock.Dispose();
    }

    private static EnrollmentRecord LoadEnrollment(StateDirectory state)
    {
        if (!File.Exists(state.EnrollmentFile))
        {
            throw new StartupException($"not enrolled: {state.EnrollmentFile} does not exist; run 'tyrd enroll' first");
        }

        try
        {
            return EnrollmentRecord.Load(state.EnrollmentFile);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new StartupException(e.Message, e);
        }
    }

    private static CaTrust LoadCa(string caFile)
    {
        try
        {
            return CaTrust.FromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new StartupException($"cannot load the Tyr CA from {caFile}: {e.Message}", e);
        }
    }

    private static FileStream Lock(StateDirectory state)
    {
        try
        {
            return state.TryLock() ?? throw new StartupException($"another tyrd is already running with the state directory {state.Path}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StartupException($"cannot write to {state.Path}: {e.Message}", e);
        }
    }

    private static X509Certificate2 LoadIdentity(StateDirectory state)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = Pem.LoadCertificateWithKey(state.CertificateFile, state.KeyFile);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new StartupException($"cannot load the agent's certificate and key from {state.Path}: {e.Message}; enroll again", e);
        }

        if (certificate.NotAfter < DateTime.Now)
        {
            Log.Warn($"the agent certificate {state.CertificateFile} expired on {certificate.NotAfter:u}; the server will refuse it; enroll again");
        }

        return certificate;
    }

    private static EventSpool OpenSpool(StateDirectory state, DaemonConfig config, TimeProvider time)
    {
        try
        {
            return EventSpool.Open(state.SpoolFile, config.SpoolMaxEvents, time);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or SqliteException)
        {
            throw new StartupException($"cannot open the spool {state.SpoolFile}: {e.Message}", e);
        }
    }
}
