namespace MyInfoPortal.Web.Integrations.MyInfo;

/// <summary>What went wrong with Myinfo, at the level a caller can act on. Each has a stable code.</summary>
public enum MyInfoFailure
{
    /// <summary>The token call answered with an error (code unknown, reused or expired; signature refused).</summary>
    TokenExchangeFailed,

    /// <summary>The access token did not pass validation.</summary>
    TokenRejected,

    /// <summary>The person call answered with a client error other than 404.</summary>
    PersonRequestFailed,

    /// <summary>Myinfo has no profile for the person.</summary>
    PersonNotFound,

    /// <summary>The person response could not be decrypted, verified or read, or names someone else.</summary>
    PersonRejected,

    /// <summary>Myinfo could not be reached or answered with a server error.</summary>
    UpstreamUnavailable,

    /// <summary>Myinfo did not answer in time.</summary>
    UpstreamTimeout,

    /// <summary>Singpass refused the pushed authorization request (client, scope or key set-up).</summary>
    AuthorizationRefused,
}

/// <summary>
/// The one error type the Myinfo client throws. <see cref="Exception.Message"/> is a reason for the
/// logs only (it never holds data from the exchange); callers show <see cref="MyInfoFailures.UserMessage"/>.
/// </summary>
public sealed class MyInfoException(MyInfoFailure failure, string reason, Exception? inner = null) : Exception(reason, inner)
{
    public MyInfoFailure Failure { get; } = failure;

    public string Code => MyInfoFailures.Code(Failure);
}

public static class MyInfoFailures
{
    public static string Code(MyInfoFailure failure) => failure switch
    {
        MyInfoFailure.TokenExchangeFailed => "token_exchange_failed",
        MyInfoFailure.TokenRejected => "token_rejected",
        MyInfoFailure.PersonRequestFailed => "person_request_failed",
        MyInfoFailure.PersonNotFound => "person_not_found",
        MyInfoFailure.PersonRejected => "person_rejected",
        MyInfoFailure.UpstreamUnavailable => "upstream_unavailable",
        MyInfoFailure.UpstreamTimeout => "upstream_timeout",
        MyInfoFailure.AuthorizationRefused => "authorization_refused",
        _ => "upstream_error",
    };

    /// <summary>504 for a timeout, 502 for everything else an upstream caused.</summary>
    public static int HttpStatus(MyInfoFailure failure) =>
        failure == MyInfoFailure.UpstreamTimeout ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway;

    /// <summary>A plain sentence for residents: honest about which step failed, with nothing from the exchange.</summary>
    public static string UserMessage(MyInfoFailure failure) => failure switch
    {
        MyInfoFailure.TokenExchangeFailed =>
            "Myinfo did not accept the sign-in. It may have taken too long or been used already.",
        MyInfoFailure.TokenRejected =>
            "We could not verify the sign-in Myinfo sent back, so we did not use it.",
        MyInfoFailure.PersonRequestFailed =>
            "Myinfo refused to release your profile to this portal.",
        MyInfoFailure.PersonNotFound =>
            "Myinfo has no profile for this Singpass account.",
        MyInfoFailure.PersonRejected =>
            "We could not verify the profile Myinfo sent, so we did not use it.",
        MyInfoFailure.UpstreamUnavailable =>
            "Myinfo is not available at the moment.",
        MyInfoFailure.UpstreamTimeout =>
            "Myinfo did not answer in time.",
        MyInfoFailure.AuthorizationRefused =>
            "Singpass did not accept this portal's sign-in request. The portal's registration with Singpass may need attention.",
        _ => "Something went wrong while talking to Myinfo.",
    };
}
