using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.MyInfo;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Web.Features.SignIn;

/// <summary>
/// A flow just started: the state (and for Singpass the nonce) goes to the provider, the binding secret
/// into the browser's cookie.
/// </summary>
public sealed record StartedFlow(Guid FlowId, string State, string BindingSecret, DateTime ExpiresAt, string? Nonce = null);

/// <summary>A flow whose state was consumed by this callback, and only this one.</summary>
public sealed record ConsumedFlow(Guid FlowId, LoginOrigin Origin);

/// <summary>A Singpass flow whose state this callback consumed, with what the token call needs.</summary>
public sealed record ConsumedSingpassFlow(Guid FlowId, string NonceHash, SingpassFlowSecrets Secrets);

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

    private const string SecretsPurpose = "MyInfoPortal.SignIn.SingpassFlowSecrets.v1";

    // The two reads on every Myinfo v3 sign-in's success path, compiled once.
    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<ConsumedFlow>>> ConsumedByStateHash = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string stateHash, CancellationToken _) => db.LoginFlows.AsNoTracking()
            .Where(f => f.StateHash == stateHash)
            .Select(f => new ConsumedFlow(f.Id, f.Origin))
            .Single()));

    private static readonly CompiledPerModel<Func<PortalDbContext, Guid, CancellationToken, Task<string?>>> ProtectedCodeById = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, Guid flowId, CancellationToken _) => db.LoginFlows.AsNoTracking()
            .Where(f => f.Id == flowId)
            .Select(f => f.ProtectedCode)
            .Single()));

    private IDataProtector CodeProtector => dataProtection.CreateProtector(CodePurpose);

    private IDataProtector SecretsProtector => dataProtection.CreateProtector(SecretsPurpose);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Starts a Myinfo v3 flow. A well-formed binding secret already in the browser is reused, so two tabs can sign in side by side.</summary>
    public Task<StartedFlow> StartAsync(LoginOrigin origin, string? existingBindingSecret, CancellationToken cancellationToken) =>
        StartAsync(origin, SignInProvider.MyInfoV3, existingBindingSecret, null, cancellationToken);

    /// <summary>
    /// Starts a Singpass flow: besides the state, a nonce (stored as a hash, checked against the ID
    /// token) and the flow's secrets (PKCE verifier, DPoP key), kept Data Protection encrypted until the
    /// callback consumes the state.
    /// </summary>
    public Task<StartedFlow> StartSingpassAsync(string? existingBindingSecret, SingpassFlowSecrets secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return StartAsync(LoginOrigin.Page, SignInProvider.Singpass, existingBindingSecret, secrets, cancellationToken);
    }

    private async Task<StartedFlow> StartAsync(
        LoginOrigin origin, SignInProvider provider, string? existingBindingSecret, SingpassFlowSecrets? secrets, CancellationToken cancellationToken)
    {
        // Old flows are purged by ResidentDataHousekeeping, off the request path.
        var now = Now;
        var binding = SignInInput.IsSecret(existingBindingSecret) ? existingBindingSecret! : Hashing.NewSecret();
        var state = Hashing.NewSecret();
        var nonce = secrets is null ? null : Hashing.NewSecret();
        var flow = new LoginFlow
        {
            Id = Guid.NewGuid(),
            StateHash = Hashing.Sha256Hex(state),
            BindingHash = Hashing.Sha256Hex(binding),
            Origin = origin,
            Provider = provider,
            NonceHash = nonce is null ? null : Hashing.Sha256Hex(nonce),
            ProtectedSecrets = secrets is null ? null : SecretsProtector.Protect(JsonSerializer.Serialize(secrets)),
            CreatedAt = now,
            ExpiresAt = now + options.Value.StateLifetime,
        };
        db.LoginFlows.Add(flow);
        await using (await UnsyncedWrites.BeginAsync(db, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return new StartedFlow(flow.Id, state, binding, flow.ExpiresAt, nonce);
    }

    /// <summary>
    /// Removes flows whose state expired more than <c>MyInfo:FlowRetention</c> ago (an hour by default):
    /// until then a late replay is reported as such.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var purgeBefore = Now - options.Value.FlowRetention;
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

        await using var unsynced = await UnsyncedWrites.BeginAsync(db, cancellationToken);
        var rows = await db.LoginFlows
            .Where(f => f.StateHash == stateHash && f.BindingHash == bindingHash && f.Provider == SignInProvider.MyInfoV3 &&
                f.StateConsumedAt == null && f.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set
                .SetProperty(f => f.StateConsumedAt, now)
                .SetProperty(f => f.CodeHash, codeHash)
                .SetProperty(f => f.ProtectedCode, f => f.Origin == LoginOrigin.Page ? protectedCode : null),
                cancellationToken);
        if (rows == 1)
        {
            var flow = await ConsumedByStateHash.For(db)(db, stateHash, cancellationToken);
            return (flow, FlowRefusal.None);
        }

        var row = await db.LoginFlows.AsNoTracking().SingleOrDefaultAsync(f => f.StateHash == stateHash, cancellationToken);
        return (null, Diagnose(row, bindingHash, row?.StateConsumedAt, now));
    }

    /// <summary>
    /// The Singpass callback: consumes the state for this browser in one conditional statement and hands
    /// out the flow's secrets once (they are erased in the same statement's transaction).
    /// </summary>
    public async Task<(ConsumedSingpassFlow? Flow, FlowRefusal Refusal)> ConsumeSingpassStateAsync(
        string state, string? bindingSecret, CancellationToken cancellationToken)
    {
        if (!SignInInput.IsSecret(bindingSecret))
        {
            return (null, FlowRefusal.NoBindingCookie);
        }

        var now = Now;
        var stateHash = Hashing.Sha256Hex(state);
        var bindingHash = Hashing.Sha256Hex(bindingSecret!);
        await using var unsynced = await UnsyncedWrites.BeginAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await db.LoginFlows
            .Where(f => f.StateHash == stateHash && f.BindingHash == bindingHash && f.Provider == SignInProvider.Singpass &&
                f.StateConsumedAt == null && f.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.StateConsumedAt, now), cancellationToken);
        if (rows != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            var row = await db.LoginFlows.AsNoTracking()
                .SingleOrDefaultAsync(f => f.StateHash == stateHash && f.Provider == SignInProvider.Singpass, cancellationToken);
            return (null, Diagnose(row, bindingHash, row?.StateConsumedAt, now));
        }

        var taken = await db.LoginFlows.AsNoTracking()
            .Where(f => f.StateHash == stateHash)
            .Select(f => new { f.Id, f.NonceHash, f.ProtectedSecrets })
            .SingleAsync(cancellationToken);

        // What the token call needs is handed out once: nothing readable stays behind.
        await db.LoginFlows.Where(f => f.Id == taken.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.ProtectedSecrets, (string?)null).SetProperty(f => f.CodeConsumedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        try
        {
            var secrets = JsonSerializer.Deserialize<SingpassFlowSecrets>(SecretsProtector.Unprotect(taken.ProtectedSecrets!));
            return secrets is null || taken.NonceHash is null
                ? (null, FlowRefusal.Unknown)
                : (new ConsumedSingpassFlow(taken.Id, taken.NonceHash, secrets), FlowRefusal.None);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return (null, FlowRefusal.Unknown);
        }
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

        // Claim, read and erase in one transaction: one commit instead of two, and the code is never
        // claimed without being erased.
        await using var unsynced = await UnsyncedWrites.BeginAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await db.LoginFlows
            .Where(f => f.Id == flowId && f.BindingHash == bindingHash && f.Origin == LoginOrigin.Page &&
                f.ProtectedCode != null && f.CodeConsumedAt == null && f.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.CodeConsumedAt, now), cancellationToken);
        if (rows != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            var row = await db.LoginFlows.AsNoTracking().SingleOrDefaultAsync(f => f.Id == flowId && f.Origin == LoginOrigin.Page, cancellationToken);
            return (null, Diagnose(row, bindingHash, row?.CodeConsumedAt, now));
        }

        var protectedCode = await ProtectedCodeById.For(db)(db, flowId, cancellationToken);

        // The code has done its job once it is handed out: nothing readable stays behind.
        await db.LoginFlows.Where(f => f.Id == flowId).ExecuteUpdateAsync(set => set.SetProperty(f => f.ProtectedCode, (string?)null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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
        var flowId = await db.LoginFlows.AsNoTracking()
            .Where(f => f.CodeHash == codeHash && f.Origin == LoginOrigin.Api)
            .OrderByDescending(f => f.BindingHash == bindingHash)
            .ThenByDescending(f => f.CreatedAt)
            .Select(f => (Guid?)f.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (flowId is null)
        {
            return (null, FlowRefusal.Unknown);
        }

        // The claim itself is one conditional statement: of concurrent requests, one wins.
        var rows = await db.LoginFlows
            .Where(f => f.Id == flowId && f.BindingHash == bindingHash && f.StateConsumedAt != null && f.CodeConsumedAt == null && f.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.CodeConsumedAt, now), cancellationToken);
        if (rows == 1)
        {
            return (flowId, FlowRefusal.None);
        }

        var row = await db.LoginFlows.AsNoTracking().SingleOrDefaultAsync(f => f.Id == flowId, cancellationToken);
        return (null, Diagnose(row, bindingHash, row?.CodeConsumedAt, now));
    }

    /// <summary>A refusal in words fit for the logs.</summary>
    public static string Describe(FlowRefusal refusal) => refusal switch
    {
        FlowRefusal.NoBindingCookie => "the browser-binding cookie is missing",
        FlowRefusal.Unknown => "no such sign-in",
        FlowRefusal.OtherBrowser => "it belongs to another browser",
        FlowRefusal.AlreadyUsed => "it was used already",
        FlowRefusal.Expired => "it has expired",
        _ => "refused",
    };

    private static FlowRefusal Diagnose(LoginFlow? row, string bindingHash, DateTime? consumedAt, DateTime now) =>
        row is null ? FlowRefusal.Unknown
        : row.BindingHash != bindingHash ? FlowRefusal.OtherBrowser
        : consumedAt is not null ? FlowRefusal.AlreadyUsed
        : row.ExpiresAt <= now ? FlowRefusal.Expired
        : FlowRefusal.Unknown;
}
