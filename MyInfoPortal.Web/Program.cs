using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Kiosk;
using MyInfoPortal.Web.Features.Operations;
using MyInfoPortal.Web.Features.PhoneCheckIn;
using MyInfoPortal.Web.Features.Profile;
using MyInfoPortal.Web.Features.SelfCheckIn;
using MyInfoPortal.Web.Features.SignIn;
using MyInfoPortal.Web.Features.Staff;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.MyInfo;
using MyInfoPortal.Web.Integrations.SafeEntry;
using MyInfoPortal.Web.Integrations.Singpass;
using Serilog;

Log.Logger = LoggingExtensions.CreateBootstrapLogger();

// Disposed in finally, after a failed start has been logged: disposing the host closes the logger it made.
WebApplication? app = null;
try
{
    var builder = WebApplication.CreateBuilder(args);
    var paths = PortalPaths.From(builder);

    builder.AddPortalLogging(paths)
        .AddPortalOptions(paths)
        .AddPortalData(paths)
        .AddPortalSecurity(paths)
        .AddPortalMvc()
        .AddRuntimeViewCompilationInDevelopment()
        .AddMyInfoIntegration()
        .AddSingpassIntegration()
        .AddSafeEntryIntegration()
        .AddSignIn()
        .AddResidentProfile()
        .AddStaffAccess()
        .AddKiosk()
        .AddSelfCheckIn()
        .AddPhoneCheckIn()
        .AddPortalOperations()
        .AddSimulators();

    app = builder.Build();
    if (PortalCommands.IsCommand(args))
    {
        await DatabaseInitializer.InitialiseAsync(app.Services);
        return await PortalCommands.RunAsync(app.Services, args, Console.In, Console.Out, Console.Error);
    }

    app.UsePortalRequestLogging();
    app.UsePortalPipeline();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "MyInfoPortal failed to start");
    return 1;
}
finally
{
    // Disposing the host flushes and closes its logger, whether it served requests or ran a command.
    if (app is not null)
    {
        await app.DisposeAsync();
    }

    await Log.CloseAndFlushAsync();
}

public partial class Program;
