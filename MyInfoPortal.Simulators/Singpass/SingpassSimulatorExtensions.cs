using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Simulators.Singpass;

public static class SingpassSimulatorExtensions
{
    /// <summary>The Singpass FAPI simulator's services; its routes answer 404 unless Simulators:Singpass:Enabled.</summary>
    public static WebApplicationBuilder AddSingpassSimulator(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<SingpassSimulatorKeys>();
        services.AddSingleton<SingpassSimulatorLedger>();
        services.AddSingleton<SingpassSimulatorControl>();
        services.AddSingleton<SingpassSimulatorClients>();
        services.AddSingleton<SingpassProofVerifier>();
        services.AddScoped<SingpassSimulatorServer>();
        services.AddHttpClient(SingpassSimulatorClients.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .RemoveAllLoggers();
        services.AddSingleton<IValidateOptions<SimulatorOptions>, SingpassSimulatorOptionsValidator>();
        services.AddOptions<SimulatorOptions>().ValidateOnStart();
        return builder;
    }
}

/// <summary>When the Singpass simulator is on, each registered client needs an id, a key source and a redirect URI.</summary>
public sealed class SingpassSimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Singpass;
        if (!o.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var check = new OptionsChecks(SimulatorOptions.Section + ":Singpass");
        check.That(Enum.IsDefined(o.Fault), "Fault must be None, Down, Slow, Error or JwksRotated.");
        check.That(o.CodeLifetime > TimeSpan.Zero && o.RequestUriLifetime > TimeSpan.Zero, "CodeLifetime and RequestUriLifetime must be positive.");
        for (var i = 0; i < o.Clients.Count; i++)
        {
            var client = o.Clients[i];
            var prefix = $"Clients:{i}:";
            check.Require(prefix + "ClientId", client.ClientId);
            check.That(!string.IsNullOrWhiteSpace(client.JwksUri) || !string.IsNullOrWhiteSpace(client.JwksPath), prefix + "JwksUri or " + prefix + "JwksPath is required.");
            if (!string.IsNullOrWhiteSpace(client.JwksPath))
            {
                check.FileExists(prefix + "JwksPath", client.JwksPath);
            }

            if (!string.IsNullOrWhiteSpace(client.JwksUri))
            {
                check.AbsoluteHttpUrl(prefix + "JwksUri", client.JwksUri);
            }

            check.That(client.RedirectUris.Count > 0, prefix + "RedirectUris needs at least one URI.");
            for (var j = 0; j < client.RedirectUris.Count; j++)
            {
                check.AbsoluteHttpUrl($"{prefix}RedirectUris:{j}", client.RedirectUris[j]);
            }
        }

        return check.Result();
    }
}
