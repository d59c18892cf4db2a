using System.Text.Json;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Operations;
using MyInfoPortal.Web.Features.Profile;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Web.Features.SignIn;

/// <summary>What the callback decided: continue to <see cref="ContinueUrl"/>, or stop with <see cref="Problem"/>.</summary>
public sealed record CallbackOutcome(string? ContinueUrl, SignInProblem? Problem);

/// <summary>How a sign-in ended (Myinfo page flow or Singpass): a stored profile for the browser, or a problem to show.</summary>
public sealed record SignInOutcome(NewResidentSession? Session, SignInProblem? Problem);

/// <summary>How the JSON API's retrieval ended: the person's data in the seed's shape, or a problem to answer with.</summary>
public sealed record ApiRetrievalOutcome(IReadOnlyDictionary<string, JsonElement>? SoData, SignInProblem? Problem);

/// <summary>
/// The Myinfo sign-in from start to stored profile, without HTTP: controllers pass in what the
/// browser sent (query values, cookie secrets) and turn the outcome into a response.
/// </summary>
public sealed class SignInService(
    LoginFlowStore flows,
    IMyInfoClient myInfo,
    ResidentSessionStore sessions,
    IOptions<MyInfoOptions> options,
    PortalMetrics metrics,
    ILogger<SignInService> logger)
{
    public const string ApiContinuationPath = "/users/me/external/myinfo";

    public static string PageContinuationPath(Guid flowId) => "/myinfo/complete/" + flowId.ToString("D");

    public async Task<(StartedFlow Flow, string AuthoriseUrl)> StartAsync(LoginOrigin origin, string? existingBindingSecret, CancellationToken cancellationToken)
    {
        var flow = await flows.StartAsync(origin, existingBindingSecret, cancellationToken);
        MyInfoLog.FlowStarted(logger, flow.FlowId, origin);
        metrics.SignInStarted(SignInProviders.MyInfo);
        return (flow, myInfo.BuildAuthoriseUrl(flow.State));
    }

    /// <summary>
    /// Consumes the state (also when Myinfo reports a refusal), records the code, and says where the
    /// browser goes next: the page flow's continuation, or the JSON API with the code.
    /// </summary>
    public async Task<CallbackOutcome> HandleCallbackAsync(CallbackInput input, string? bindingSecret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (flow, refusal) = await flows.ConsumeStateAsync(input.State, bindingSecret, input.Code, cancellationToken);
        if (flow is null)
        {
            MyInfoLog.StateRefused(logger, LoginFlowStore.Describe(refusal));
            return new CallbackOutcome(null, Failed(SignInProblem.StateInvalid));
        }

        if (input.Error is not null)
        {
            var error = SignInInput.ClassifyError(input.Error);
            MyInfoLog.CallbackError(logger, flow.FlowId, error);
            return new CallbackOutcome(null, Failed(error == "access_denied" ? SignInProblem.Denied : SignInProblem.MyInfoDown));
        }

        MyInfoLog.CallbackAccepted(logger, flow.FlowId);
        var next = flow.Origin == LoginOrigin.Api
            ? ApiContinuationPath + "?code=" + Uri.EscapeDataString(input.Code!)
            : PageContinuationPath(flow.FlowId);
        return new CallbackOutcome(next, null);
    }

    /// <summary>The page flow: exchange the code, fetch the person, store the profile for this browser.</summary>
    public async Task<SignInOutcome> CompletePageFlowAsync(
        Guid flowId, string? bindingSecret, string? previousSessionToken, CancellationToken cancellationToken)
    {
        var (code, refusal) = await flows.TakePageCodeAsync(flowId, bindingSecret, cancellationToken);
        if (code is null)
        {
            MyInfoLog.ContinuationRefused(logger, flowId, LoginFlowStore.Describe(refusal));
            return new SignInOutcome(null, Failed(SignInProblem.FlowInvalid));
        }

        var (person, problem) = await RetrieveAsync(flowId, code, cancellationToken);
        if (person is null)
        {
            return new SignInOutcome(null, Failed(problem!));
        }

        var session = await sessions.CreateAsync(person, previousSessionToken, cancellationToken);
        metrics.SignInCompleted(SignInProviders.MyInfo);
        return new SignInOutcome(session, null);
    }

    /// <summary>The seed's JSON API: the code must be one this browser's callback received, used once.</summary>
    public async Task<ApiRetrievalOutcome> RetrieveForApiAsync(
        string code, string? bindingSecret, CancellationToken cancellationToken)
    {
        var (flowId, refusal) = await flows.TakeApiCodeAsync(code, bindingSecret, cancellationToken);
        if (flowId is null)
        {
            MyInfoLog.ApiCodeRefused(logger, LoginFlowStore.Describe(refusal));
            return new ApiRetrievalOutcome(null, Failed(SignInProblem.FromRefusal(refusal)));
        }

        var (person, problem) = await RetrieveAsync(flowId.Value, code, cancellationToken);
        if (person is null)
        {
            return new ApiRetrievalOutcome(null, Failed(problem!));
        }

        metrics.SignInCompleted(SignInProviders.MyInfo);
        return new ApiRetrievalOutcome(SoDataMapper.Map(person, options.Value.AttributeList), null);
    }

    /// <summary>Counts a sign-in stopped by <paramref name="problem"/> (its stable code is the reason).</summary>
    private SignInProblem Failed(SignInProblem problem)
    {
        metrics.SignInFailed(SignInProviders.MyInfo, problem.Code);
        return problem;
    }

    private async Task<(PersonProfile? Person, SignInProblem? Problem)> RetrieveAsync(Guid flowId, string code, CancellationToken cancellationToken)
    {
        try
        {
            var token = await myInfo.ExchangeCodeAsync(code, cancellationToken);
            return (await myInfo.GetPersonAsync(token, cancellationToken), null);
        }
        catch (MyInfoException ex)
        {
            MyInfoLog.RetrievalFailed(logger, flowId, ex.Code);
            return (null, SignInProblem.FromMyInfo(ex.Failure));
        }
    }
}
