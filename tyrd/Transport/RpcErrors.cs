using Grpc.Core;

namespace Tyr.Daemon.Transport;

/// <summary>Digs the transport cause out of an RpcException (Grpc.Net.Client keeps it in Status.DebugException).</summary>
internal static class RpcErrors
{
    public static T? Find<T>(RpcException exception)
        where T : Exception
    {
        for (var e = exception.Status.DebugException ?? exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }

    /// <summary>The innermost exception's message: the one that names the actual problem.</summary>
    public static string Innermost(RpcException exception)
    {
        var inner = exception.Status.DebugException ?? exception.InnerException;
        if (inner is null)
        {
            return exception.Status.Detail;
        }

        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner.Message;
    }
}
