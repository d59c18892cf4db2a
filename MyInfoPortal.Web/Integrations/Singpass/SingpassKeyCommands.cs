using System.Globalization;
using Microsoft.Extensions.Options;

namespace MyInfoPortal.Web.Integrations.Singpass;

/// <summary>
/// <c>keys create</c>, <c>keys list</c> and <c>keys rotate</c> for the portal's Singpass key set (<c>Singpass:KeysPath</c>).
/// Exit codes: 0 done, 1 failed, 2 usage. Never prints a private member.
/// </summary>
public static class SingpassKeyCommands
{
    private const string UsageText = """
        Usage:
          keys create    make the first key set at Singpass:KeysPath (refused when the file exists)
          keys list      list the Singpass signing and encryption keys (public details only)
          keys rotate    add a new signing and encryption key pair and retire the oldest
        Example:
          dotnet run --project MyInfoPortal.Web -- keys rotate
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var verb = args.Length == 1 ? args[0] : string.Empty;
        if (verb is not ("create" or "list" or "rotate"))
        {
            await error.WriteLineAsync(UsageText);
            return 2;
        }

        if (verb == "create")
        {
            // Read from configuration, not the validated options: their check requires the very file made here.
            return await CreateAsync(services.GetRequiredService<IConfiguration>()[$"{SingpassOptions.Section}:KeysPath"], time.GetUtcNow(), output, error);
        }

        var options = services.GetRequiredService<IOptions<SingpassOptions>>().Value;

        if (string.IsNullOrWhiteSpace(options.KeysPath) || !File.Exists(options.KeysPath))
        {
            await error.WriteLineAsync($"{SingpassOptions.Section}:KeysPath does not point to a key file ('{options.KeysPath}').");
            return 1;
        }

        var set = SingpassKeySet.Load(options.KeysPath);
        var now = time.GetUtcNow();
        if (verb == "list")
        {
            await ListAsync(set, options, now, output);
            return 0;
        }

        var (rotated, added, retired) = set.Rotate(now, options.KeyActivationDelay);
        rotated.Save(options.KeysPath);
        await output.WriteLineAsync($"Added {string.Join(", ", added.Select(k => k.Kid))}.");
        await output.WriteLineAsync(retired.Count == 0 ? "Retired none." : $"Retired {string.Join(", ", retired.Select(k => k.Kid))}.");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"The new keys are published at /.well-known/jwks.json now; the new signing key is used from {(now + options.KeyActivationDelay):u}, once Singpass has refreshed its copy."));
        await ListAsync(rotated, options, now, output);
        return 0;
    }

    private static async Task<int> CreateAsync(string? path, DateTimeOffset now, TextWriter output, TextWriter error)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            await error.WriteLineAsync($"Set {SingpassOptions.Section}:KeysPath to the file the key set should be written to.");
            return 1;
        }

        var set = SingpassKeySet.Generate(now);
        if (!set.SaveIfAbsent(path))
        {
            await error.WriteLineAsync($"'{path}' already exists; nothing was changed. Use 'keys rotate' to add keys to it.");
            return 1;
        }

        await output.WriteLineAsync($"Wrote a new key set (one signing, one encryption key) to '{path}', readable by its owner only.");
        await output.WriteLineAsync("Register {BaseUrl}/.well-known/jwks.json with Singpass as this client's JWKS URL.");
        return 0;
    }

    private static async Task ListAsync(SingpassKeySet set, SingpassOptions options, DateTimeOffset now, TextWriter output)
    {
        var signing = set.CurrentSigningKey(now, options.KeyActivationDelay);
        foreach (var key in set.Keys.OrderBy(k => k.Use, StringComparer.Ordinal).ThenBy(k => k.CreatedAt ?? 0))
        {
            var created = key.CreatedAt is long at ? DateTimeOffset.FromUnixTimeSeconds(at).ToString("u", CultureInfo.InvariantCulture) : "unknown";
            var state = key.Use == "sig" ? (ReferenceEquals(key, signing) ? "signing" : "published") : "decrypting";
            await output.WriteLineAsync($"{key.Kid,-40} {key.Use,-4} {key.Alg,-15} {key.Crv,-6} created {created}  {state}");
        }
    }
}
