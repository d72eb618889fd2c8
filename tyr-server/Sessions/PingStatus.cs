namespace Tyr.Server.Sessions;

internal enum PingStatus
{
    Answered,
    TimedOut,
    Disconnected,
}
