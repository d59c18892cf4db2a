using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Web.Features.SignIn;

/// <summary>A flow just started: the state goes to Myinfo, the binding secret into the browser's cookie.</summary>
public sealed record StartedFlow(Guid FlowId, string State, string BindingSecret, DateTime ExpiresAt);

/// <summary>A flow whose state was consumed by this callback, and only this one.</summary>
public sealed record ConsumedFlow(Guid FlowId, LoginOrigin Origin);

/// <summary>Why a state or a code was refused, for the logs and for picking a status code.</summary>
public enum FlowRefusal
{
    None,
    NoBindingCookie,
    Unknown,
    OtherBrowser,
    AlreadyUsed,
    Expired,
}

/// <summary>
/// The server side of Myinfo sign-ins. A state is 32 random bytes, stored only as its SHA-256, bound to
/// the browser by the hash of a secret held in an HttpOnly cookie, and consumed by exactly one callback
/// through a single conditional UPDATE. The code that comes back is kept as a hash (and, for the page
/// flow, Data Protection encrypted until the continuation exchanges it), and is handed out once.
/// </summary>
public sealed class LoginFlowStore(
    PortalDbContext db,
    TimeProvider time,
    IOptions<MyInfoOptions> options,
    IDataProtectionProvider dataProtection)
{
    private const string CodePurpose = "MyInfoPortal.SignIn.AuthorisationCode.v1";

    /// <summary>Rows are kept a little after expiry, so a late replay is reported as such, then removed.</summary>
    private static readonly TimeSpan RetainAfterExpiry = TimeSpan.FromHours(1);

    private IDataProtector CodeProtector => dataProtection.CreateProtector(CodePurpose);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Starts a flow. A well-formed binding secret already in the browser is reused, so two tabs can sign in side by side.</summary>
    public async Task<StartedFlow> StartAsync(LoginOrigin origin, string? existingBindingSecret, CancellationToken cancellationToken)
    {
        var now = Now;
        await PurgeExpiredAsync(cancellationToken);

        var binding = SignInInput.IsSecret(existingBindingSecret) ? existingBindingSecret! : Hashing.NewSecret();
        var state = Hashing.NewSecret();
        var flow = new LoginFlow
        {
            Id = Guid.NewGuid(),
            StateHash = Hashing.Sha256Hex(state),
            BindingHash = Hashing.Sha256Hex(binding),
            Origin = origin,
            CreatedAt = now,
            ExpiresAt = now + options.Value.StateLifetime,
        };
        db.LoginFlows.Add(flow);
        await db.SaveChangesAsync(cancellationToken);
        return new StartedFlow(flow.Id, state, binding, flow.ExpiresAt);
    }

    /// <summary>Removes flows that ended (or lapsed) more than an hour ago.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var purgeBefore = Now - RetainAfterExpiry;
        return await db.LoginFlows.Where(f => f.ExpiresAt < purgeBefore).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Consumes the state for this browser, in one statement that also records the code (when Myinfo
    /// sent one). Of any number of concurrent callbacks with the same state, exactly one gets a flow.
    /// </summary>
    public async Task<(ConsumedFlow? Flow, FlowRefusal Refusal)> ConsumeStateAsync(
        string state, string? bindingSecret, string? code, CancellationToken cancellationToken)
    {
        if (!SignInInput.IsSecret(bindingSecret))
        {
            return (null, FlowRefusal.NoBindingCookie);
        }

        var now = Now;
        var stateHash = Hashing.Sha256Hex(state);
        var bindingHash = Hashing.Sha256Hex(bindingSecret!);
        var codeHash = code is null ? null : Hashing.Sha256Hex(code);
        var protectedCode = code is null ? null : CodeProtector.Protect(code);

        var rows = await db.LoginFlows
            .Where(f => f.StateHash == stateHash && f.BindingHash == bindingHash && f.StateConsumedAt == null && f.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set
                .SetProperty(f => f.StateConsumedAt, now)
                .SetProperty(f => f.CodeHash, codeHash)
                .SetProperty(f => f.ProtectedCode, f => f.Origin == LoginOrigin.Page ? protectedCode : null),
                cancellationToken);
        if (rows == 1)
        {
            var flow = await db.LoginFlows.AsNoTracking()
                .Where(f => f.StateHash == stateHash)
                .Select(f => new ConsumedFlow(f.Id, f.Origin))
                .SingleAsync(cancellationToken);
            return (flow, FlowRefusal.None);
        }

        var row = await db.LoginFlows.AsNoTracking().SingleOrDefaultAsync(f => f.StateHash == stateHash, cancellationToken);
        return (null, Diagnose(row, bindingHash, row?.StateConsumedAt, now));
    }

    /// <summary>The page flow's continuation: the code recorded by the callback, once, to the browser that started it.</summary>
    public async Task<(string? Code, FlowRefusal Refusal)> TakePageCodeAsync(Guid flowId, string? bindingSecret, CancellationToken cancellationToken)
    {
        if (!SignInInput.IsSecret(bindingSecret))
        {
            return (null, FlowRefusal.NoBindingCookie);
        }

        var now = Now;
        var bindingHash = Hashing.Sha256Hex(bindingSecret!);
        var rows = await db.LoginFlows
            .Where(f => f.Id == flowId && f.BindingHash == bindingHash && f.Origin == LoginOrigin.Page &&
                f.ProtectedCode != null && f.CodeConsumedAt == null && f.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.CodeConsumedAt, now), cancellationToken);
        if (rows != 1)
        {
            var row = await db.LoginFlows.AsNoTracking().SingleOrDefaultAsync(f => f.Id == flowId && f.Origin == LoginOrigin.Page, cancellationToken);
            return (null, Diagnose(row, bindingHash, row?.CodeConsumedAt, now));
        }

        var protectedCode = await db.LoginFlows.AsNoTracking().Where(f => f.Id == flowId).Select(f => f.ProtectedCode).SingleAsync(cancellationToken);

        // The code has done its job once it is handed out: nothing readable stays behind.
        await db.LoginFlows.Where(f => f.Id == flowId).ExecuteUpdateAsync(set => set.SetProperty(f => f.ProtectedCode, (string?)null), cancellationToken);
        try
        {
            return (CodeProtector.Unprotect(protectedCode!), FlowRefusal.None);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return (null, FlowRefusal.Unknown);
        }
    }

    /// <summary>
    /// The JSON API: a code is accepted once, and only from the browser whose flow's callback received it.
    /// </summary>
    public async Task<(Guid? FlowId, FlowRefusal Refusal)> TakeApiCodeAsync(string code, string? bindingSecret, CancellationToken cancellationToken)
    {
        if (!SignInInput.IsSecret(bindingSecret))
        {
            return (null, FlowRefusal.NoBindingCookie);
        }

        var now = Now;
        var codeHash = Hashing.Sha256Hex(code);
        var bindingHash = Hashing.Sha256Hex(bindingSecret!);
        var rows = await db.LoginFlows
            .Where(f => f.CodeHash == codeHash && f.BindingHash == bindingHash && f.Origin == LoginOrigin.Api &&
                f.StateConsumedAt != null && f.CodeConsumedAt == null && f.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.CodeConsumedAt, now), cancellationToken);
        if (rows == 1)
        {
            var id = await db.LoginFlows.AsNoTracking()
                .Where(f => f.CodeHash == codeHash && f.BindingHash == bindingHash && f.CodeConsumedAt == now)
                .Select(f => f.Id)
                .FirstAsync(cancellationToken);
            return (id, FlowRefusal.None);
        }

        var row = await db.LoginFlows.AsNoTracking()
            .Where(f => f.CodeHash == codeHash && f.Origin == LoginOrigin.Api)
            .OrderByDescending(f => f.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return (null, Diagnose(row, bindingHash, row?.CodeConsumedAt, now));
    }

    private static FlowRefusal Diagnose(LoginFlow? row, string bindingHash, DateTime? consumedAt, DateTime now) =>
        row is null ? FlowRefusal.Unknown
        : row.BindingHash != bindingHash ? FlowRefusal.OtherBrowser
        : consumedAt is not null ? FlowRefusal.AlreadyUsed
        : row.ExpiresAt <= now ? FlowRefusal.Expired
        : FlowRefusal.Unknown;
}
