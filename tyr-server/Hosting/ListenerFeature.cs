namespace Tyr.Server.Hosting;

/// <summary>
/// Tags each connection with the listener that accepted it, so the gRPC port serves only gRPC and
/// the REST port only REST even though both share one application.
/// </summary>
internal sealed class ListenerFeature
{
    public static readonly ListenerFeature Grpc = new("grpc");
    public static readonly ListenerFeature Rest = new("http");

    private ListenerFeature(string name) => Name = name;

    public string Name { get; }
}
