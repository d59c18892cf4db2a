using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Web.Features.SignIn;

/// <summary>
/// Why a sign-in step stopped, in the words a resident sees, with a stable code for the JSON API and
/// a status code. Nothing in it comes from the request or from Myinfo's answer.
/// </summary>
public sealed record SignInProblem(string Code, int Status, string Title, string Message)
{
    public static SignInProblem InvalidRequest { get; } = new(
        "invalid_request", StatusCodes.Status400BadRequest,
        "This sign-in link is not valid",
        "The address that brought you here is incomplete or has been changed. Please start again.");

    public static SignInProblem StateInvalid { get; } = new(
        "state_invalid", StatusCodes.Status400BadRequest,
        "This sign-in cannot be continued",
        "For your security, a sign-in works once, only in the browser that started it, and only for a few minutes. Please start again.");

    public static SignInProblem FlowInvalid { get; } = new(
        "flow_invalid", StatusCodes.Status400BadRequest,
        "This sign-in cannot be continued",
        "It has already been completed, has expired, or was started in another browser. Please start again.");

    public static SignInProblem CodeInvalid { get; } = new(
        "code_invalid", StatusCodes.Status400BadRequest,
        "This Myinfo code cannot be used",
        "The code is unknown, has expired or has been used already. Please start again.");

    public static SignInProblem BrowserMismatch { get; } = new(
        "browser_mismatch", StatusCodes.Status401Unauthorized,
        "This Myinfo code belongs to another browser",
        "A code only works in the browser that started the sign-in. Please start again in this browser.");

    public static SignInProblem Denied { get; } = new(
        "access_denied", StatusCodes.Status200OK,
        "You did not share your Myinfo data",
        "Nothing was retrieved and nothing was stored. You can try again whenever you are ready.");

    public static SignInProblem MyInfoDown { get; } = new(
        "myinfo_unavailable", StatusCodes.Status200OK,
        "Myinfo is not available right now",
        "Myinfo reported a problem on its side before you could share your data. Nothing was stored. Please try again in a few minutes.");

    public static SignInProblem SingpassDown { get; } = new(
        "singpass_unavailable", StatusCodes.Status200OK,
        "Singpass is not available right now",
        "Singpass reported a problem on its side before you could share your data. Nothing was stored. Please try again in a few minutes.");

    public static SignInProblem FromMyInfo(MyInfoFailure failure) => new(
        MyInfoFailures.Code(failure),
        MyInfoFailures.HttpStatus(failure),
        failure == MyInfoFailure.UpstreamTimeout ? "Myinfo took too long to answer" : "We could not retrieve your Myinfo profile",
        MyInfoFailures.UserMessage(failure) + " Nothing was stored. Please try again.");

    public static SignInProblem FromRefusal(FlowRefusal refusal) =>
        refusal is FlowRefusal.OtherBrowser or FlowRefusal.NoBindingCookie ? BrowserMismatch : CodeInvalid;
}
