using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Simulators.SafeEntry;

public static class SafeEntrySimulatorExtensions
{
    /// <summary>The gateway simulator's services; its endpoints answer 404 unless Simulators:SafeEntry:Enabled.</summary>
    public static WebApplicationBuilder AddSafeEntrySimulator(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<SafeEntryGatewayControl>();
        services.AddSingleton<SafeEntryGatewayKeys>();
        services.AddScoped<SafeEntryGateway>();
        services.AddSingleton<IValidateOptions<SimulatorOptions>, SafeEntrySimulatorOptionsValidator>();
        services.AddOptions<SimulatorOptions>().ValidateOnStart();
        return builder;
    }
}

/// <summary>When the gateway simulator is on, its key, partner certificate and app id must be there.</summary>
public sealed class SafeEntrySimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.SafeEntry;
        if (!o.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var check = new OptionsChecks(SimulatorOptions.Section + ":SafeEntry");
        check.FileExists(nameof(o.KeyPath), o.KeyPath);
        check.FileExists(nameof(o.ClientCertificatePath), o.ClientCertificatePath);
        check.Require(nameof(o.AppId), o.AppId);
        check.That(o.TimestampSkew > TimeSpan.Zero, "TimestampSkew must be positive.");
        check.That(Enum.IsDefined(o.Fault), "Fault must be None, Down, Slow or Error.");
        return check.Result();
    }
}
