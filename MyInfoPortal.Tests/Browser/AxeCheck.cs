using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Playwright;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.Browser;

/// <summary>
/// axe-core (npm, tools/e2e) run inside the page. The script is served to the page from the portal's own
/// origin through a Playwright route, so it loads under the strict CSP (script-src 'self') without
/// weakening it and without an inline-script violation of its own.
/// </summary>
public static class AxeCheck
{
    /// <summary>A path on the portal's origin that only the test browser answers (never the portal).</summary>
    public const string ScriptPath = "/__e2e/axe.min.js";

    public static string ScriptFile => Path.Combine(RepoPaths.NodeModules, "axe-core", "axe.min.js");

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static async Task InstallAsync(IBrowserContext context, string baseUrl)
    {
        if (!File.Exists(ScriptFile))
        {
            throw new InvalidOperationException("axe-core is not installed: run ./test.sh (it runs npm ci in tools/e2e).");
        }

        var script = await File.ReadAllBytesAsync(ScriptFile);
        await context.RouteAsync(baseUrl.TrimEnd('/') + ScriptPath, route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "application/javascript; charset=utf-8",
            BodyBytes = script,
        }));
    }

    /// <summary>Runs every axe rule on the current page and returns the serious and critical violations.</summary>
    public static async Task<IReadOnlyList<AxeViolation>> SeriousViolationsAsync(IPage page)
    {
        var loaded = await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'");
        if (!loaded)
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Url = ScriptPath });
        }

        var json = await page.EvaluateAsync<string>(
            """
            async () => {
                const result = await window.axe.run(document, { resultTypes: ['violations'] });
                return JSON.stringify(result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\s+/g, ' '))
                })));
            }
            """);
        var violations = JsonSerializer.Deserialize<List<AxeViolation>>(json, Json) ?? [];
        return violations.Where(v => v.Impact is "serious" or "critical").ToList();
    }

    public static string Describe(IEnumerable<AxeViolation> violations)
    {
        var text = new StringBuilder();
        foreach (var violation in violations)
        {
            text.Append(CultureInfoInvariant($"- [{violation.Impact}] {violation.Id}: {violation.Help}\n"));
            foreach (var node in violation.Nodes.Take(8))
            {
                text.Append("    ").Append(node).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string CultureInfoInvariant(FormattableString value) => FormattableString.Invariant(value);
}

public sealed record AxeViolation(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("impact")] string? Impact,
    [property: JsonPropertyName("help")] string Help,
    [property: JsonPropertyName("nodes")] IReadOnlyList<string> Nodes);
