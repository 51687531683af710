using System.Text.Json;

namespace QosAnalyzers.Package.Tests;

/// <summary>The QOS results and rule metadata of a SARIF 2.1 error log.</summary>
internal sealed record SarifLog(IReadOnlyList<SarifResult> Results, IReadOnlyDictionary<string, string?> HelpUris)
{
    public static SarifLog Read(string path)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        var results = new List<SarifResult>();
        var help = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (JsonElement run in doc.RootElement.GetProperty("runs").EnumerateArray())
        {
            if (run.TryGetProperty("tool", out JsonElement tool) && tool.GetProperty("driver").TryGetProperty("rules", out JsonElement rules))
            {
                foreach (JsonElement rule in rules.EnumerateArray())
                {
                    string id = rule.GetProperty("id").GetString()!;
                    help[id] = rule.TryGetProperty("helpUri", out JsonElement uri) ? uri.GetString() : null;
                }
            }

            if (!run.TryGetProperty("results", out JsonElement resultArray))
            {
                continue;
            }

            foreach (JsonElement r in resultArray.EnumerateArray())
            {
                string id = r.GetProperty("ruleId").GetString()!;
                string level = r.TryGetProperty("level", out JsonElement l) ? l.GetString()! : "warning";
                string message = r.GetProperty("message").GetProperty("text").GetString()!;
                string file = "";
                int line = 0;
                if (r.TryGetProperty("locations", out JsonElement locations) && locations.GetArrayLength() > 0)
                {
                    JsonElement physical = locations[0].GetProperty("physicalLocation");
                    file = Path.GetFileName(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!);
                    line = physical.GetProperty("region").GetProperty("startLine").GetInt32();
                }

                results.Add(new SarifResult(id, level, message, file, line));
            }
        }

        return new SarifLog(results, help);
    }

    public IEnumerable<SarifResult> Qos => Results.Where(r => r.RuleId.StartsWith("QOS", StringComparison.Ordinal));
}

internal sealed record SarifResult(string RuleId, string Level, string Message, string File, int Line)
{
    public override string ToString() => $"{File}({Line}): {RuleId} [{Level}] {Message}";
}
