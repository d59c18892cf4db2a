namespace MyInfoPortal.Web.Features.Staff;

/// <summary>
/// On a database without staff accounts, says once at start how to create the first one. There is no
/// default account and no default password.
/// </summary>
public sealed class FirstAccountHint(IServiceScopeFactory scopes, ILogger<FirstAccountHint> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccountService>();
        if (!await accounts.AnyAsync(cancellationToken))
        {
            StaffLog.NoStaffAccounts(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
