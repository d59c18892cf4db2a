namespace MyInfoPortal.Web.Integrations.MyInfo;

/// <summary>
/// A Myinfo person-data client. The v3 implementation is <see cref="MyInfoV3Client"/>; a FAPI 2.0 one
/// can stand beside it without touching the sign-in controllers. Every failure is a <see cref="MyInfoException"/>.
/// </summary>
public interface IMyInfoClient
{
    /// <summary>Where to send the browser to sign in and consent; <paramref name="state"/> comes back on the callback.</summary>
    string BuildAuthoriseUrl(string state);

    /// <summary>Trades an authorisation code for a validated access token. Sent at most once per code.</summary>
    Task<MyInfoAccessToken> ExchangeCodeAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Fetches, decrypts and verifies the person named by the token.</summary>
    Task<PersonProfile> GetPersonAsync(MyInfoAccessToken token, CancellationToken cancellationToken = default);
}
