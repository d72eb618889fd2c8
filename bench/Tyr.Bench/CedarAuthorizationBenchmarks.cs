using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tyr.Cedar.Ast;
using Tyr.Cedar.Authorization;
using Tyr.Cedar.Entities;
using Tyr.Cedar.Json;
using Tyr.Cedar.Syntax;

namespace Tyr.Bench;

/// <summary>
/// Tyr's Cedar engine on the workload of bench/cedar/workload.mjs (100 policies, 1,000 entities,
/// 1,000 requests); bench/cedar/run.sh runs it beside cedar-wasm on the same files and prints the
/// ratio. Parsing happens in the setup, as on the cedar-wasm side.
/// </summary>
[MemoryDiagnoser]
public class CedarAuthorizationBenchmarks
{
    private const int Requests = 1000;
    private PolicySet _policies = null!;
    private CedarAuthorizer _authorizer = null!;
    private EntityStore _entities = null!;
    private Request[] _requests = null!;
    private string[] _sliceJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = Environment.GetEnvironmentVariable("TYR_CEDAR_WORKLOAD")
            ?? throw new InvalidOperationException("set TYR_CEDAR_WORKLOAD (bench/cedar/run.sh does)");
        _policies = CedarText.ParsePolicies(File.ReadAllText(Path.Combine(dir, "policies.cedar")));
        var entitiesJson = File.ReadAllText(Path.Combine(dir, "entities.json"));
        _authorizer = new CedarAuthorizer(_policies);
        _entities = EntitiesJson.Parse(entitiesJson);
        _requests = [.. RequestJson.ParseMany(File.ReadAllText(Path.Combine(dir, "requests.json")))];
        if (_requests.Length != Requests)
        {
            throw new InvalidOperationException($"expected {Requests} requests, found {_requests.Length}");
        }

        using var entitiesDoc = JsonDocument.Parse(entitiesJson);
        var byKey = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var e in entitiesDoc.RootElement.EnumerateArray())
        {
            byKey[Key(e.GetProperty("uid"))] = e;
        }

        _sliceJson = [.. _requests.Select(r => SliceJson(byKey, r))];
    }

    /// <summary>One authorization with the prepared policy set (what tyrd holds between pushes).</summary>
    [Benchmark(OperationsPerInvoke = Requests)]
    public int Authorize()
    {
        var allowed = 0;
        foreach (var request in _requests)
        {
            if (_authorizer.Authorize(request, _entities).Decision == Decision.Allow)
            {
                allowed++;
            }
        }

        return allowed;
    }

    /// <summary>The one-shot entry point: no action index, no constants folded ahead.</summary>
    [Benchmark(OperationsPerInvoke = Requests)]
    public int AuthorizeUnprepared()
    {
        var allowed = 0;
        foreach (var request in _requests)
        {
            if (Authorizer.Authorize(_policies, request, _entities).Decision == Decision.Allow)
            {
                allowed++;
            }
        }

        return allowed;
    }

    /// <summary>
    /// The work cedar-wasm does per call: read the request's entity slice from JSON, build the
    /// store (transitive closure included), then authorize.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Requests)]
    public int ParseSliceAndAuthorize()
    {
        var allowed = 0;
        for (var i = 0; i < _requests.Length; i++)
        {
            var store = EntitiesJson.Parse(_sliceJson[i]);
            if (_authorizer.Authorize(_requests[i], store).Decision == Decision.Allow)
            {
                allowed++;
            }
        }

        return allowed;
    }

    // The principal, action and resource with their ancestors: the same slice wasm-bench.mjs builds.
    private static string SliceJson(Dictionary<string, JsonElement> byKey, Request request)
    {
        var picked = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        void Visit(string key)
        {
            if (!byKey.TryGetValue(key, out var entity) || !picked.TryAdd(key, entity))
            {
                return;
            }

            foreach (var parent in entity.GetProperty("parents").EnumerateArray())
            {
                Visit(Key(parent));
            }
        }

        Visit(request.Principal.Type + "::" + request.Principal.Id);
        Visit(request.Action.Type + "::" + request.Action.Id);
        Visit(request.Resource.Type + "::" + request.Resource.Id);
        return "[" + string.Join(",", picked.Values.Select(e => e.GetRawText())) + "]";
    }

    private static string Key(JsonElement uid) => uid.GetProperty("type").GetString() + "::" + uid.GetProperty("id").GetString();
}
