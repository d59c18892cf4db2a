using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Operations;
using MyInfoPortal.Web.Features.Profile;
using MyInfoPortal.Web.Integrations.MyInfo;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Web.Features.SignIn;

/// <summary>How starting a Singpass sign-in went: the flow and the authorization URL, or a problem to show.</summary>
public sealed record SingpassStart(StartedFlow? Flow, string? AuthorizationUrl, SignInProblem? Problem);

/// <summary>
/// The Singpass FAPI 2.0 sign-in from start to stored profile, without HTTP. State, binding and expiry
/// work exactly as for Myinfo v3 (the same <see cref="LoginFlowStore"/>); the nonce, PKCE verifier and
/// DPoP key are the FAPI additions, kept with the flow until its callback.
/// </summary>
public sealed class SingpassSignInService(
    LoginFlowStore flows,
    SingpassClient singpass,
    ResidentSessionStore sessions,
    IOptions<SingpassOptions> options,
    PortalMetrics metrics,
    ILogger<SingpassSignInService> logger)
{
    /// <returns>The started flow and the authorization URL, or a problem when Singpass refused or could not be reached.</returns>
    public async Task<SingpassStart> StartAsync(string? existingBindingSecret, CancellationToken cancellationToken)
    {
        var secrets = SingpassClient.NewFlowSecrets();
        var flow = await flows.StartSingpassAsync(existingBindingSecret, secrets, cancellationToken);
        try
        {
            var url = await singpass.PushAuthorizationRequestAsync(flow.State, flow.Nonce!, secrets, cancellationToken);
            SingpassLog.FlowStarted(logger, flow.FlowId);
            metrics.SignInStarted(SignInProviders.Singpass);
            return new SingpassStart(flow, url, null);
        }
        catch (MyInfoException ex)
        {
            SingpassLog.SignInFailed(logger, flow.FlowId, ex.Code);
            return new SingpassStart(null, null, Failed(SignInProblem.FromMyInfo(ex.Failure)));
        }
    }

    /// <summary>
    /// Consumes the state (also when Singpass reports an error), then trades the code, verifies the ID
    /// token and userinfo, and stores the profile for this browser.
    /// </summary>
    public async Task<SignInOutcome> CompleteAsync(
        CallbackInput input, string? issuerParameter, string? bindingSecret, string? previousSessionToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (flow, refusal) = await flows.ConsumeSingpassStateAsync(input.State, bindingSecret, cancellationToken);
        if (flow is null)
        {
            SingpassLog.CallbackRefused(logger, LoginFlowStore.Describe(refusal));
            return new SignInOutcome(null, Failed(SignInProblem.StateInvalid));
        }

        // RFC 9207: when the server names itself, it must be the issuer this sign-in was started with.
        if (issuerParameter is not null && !string.Equals(issuerParameter, options.Value.EffectiveIssuer, StringComparison.Ordinal))
        {
            SingpassLog.CallbackRefused(logger, "the iss parameter names another issuer");
            return new SignInOutcome(null, Failed(SignInProblem.InvalidRequest));
        }

        if (input.Error is not null)
        {
            var error = SignInInput.ClassifyOAuthError(input.Error);
            SingpassLog.CallbackError(logger, flow.FlowId, error);
            return new SignInOutcome(null, Failed(error == "access_denied" ? SignInProblem.Denied : SignInProblem.SingpassDown));
        }

        try
        {
            var tokens = await singpass.ExchangeCodeAsync(input.Code!, flow.Secrets, flow.NonceHash, cancellationToken);
            var person = await singpass.GetUserinfoAsync(tokens, flow.Secrets, cancellationToken);
            var session = await sessions.CreateAsync(person, previousSessionToken, SignInProvider.Singpass, cancellationToken);
            SingpassLog.SignInCompleted(logger, flow.FlowId);
            metrics.SignInCompleted(SignInProviders.Singpass);
            return new SignInOutcome(session, null);
        }
        catch (MyInfoException ex)
        {
            SingpassLog.SignInFailed(logger, flow.FlowId, ex.Code);
            return new SignInOutcome(null, Failed(SignInProblem.FromMyInfo(ex.Failure)));
        }
    }

    /// <summary>Counts a sign-in stopped by <paramref name="problem"/> (its stable code is the reason).</summary>
    private SignInProblem Failed(SignInProblem problem)
    {
        metrics.SignInFailed(SignInProviders.Singpass, problem.Code);
        return problem;
    }
}
