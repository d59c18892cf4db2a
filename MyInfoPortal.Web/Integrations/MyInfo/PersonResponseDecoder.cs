using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Web.Integrations.MyInfo;

/// <summary>
/// Turns a person response into a <see cref="PersonProfile"/>: in signed modes a JWE (RSA-OAEP,
/// A256GCM) to our key around an RS256 JWS from Myinfo's key; real Myinfo wraps the JWS in JSON
/// quotes and MockPass does not, so both are read. Any failure rejects the whole response.
/// </summary>
public static partial class PersonResponseDecoder
{
    /// <summary>Test and Production: JWE to our key, around a JWS from Myinfo's key, around the person JSON.</summary>
    public static PersonProfile DecodeEncrypted(string body, RSA clientPrivateKey, RSA myInfoPublicKey, string subject) =>
        Decode(subject, () =>
        {
            var jwe = Unquote(body);
            var jws = Unquote(JweCodec.Decrypt(jwe, clientPrivateKey));
            return PersonProfile.Parse(JwsCodec.Verify(jws, myInfoPublicKey));
        });

    /// <summary>Sandbox: the person JSON as it is.</summary>
    public static PersonProfile DecodePlain(string body, string subject) => Decode(subject, () => PersonProfile.Parse(body));

    private static PersonProfile Decode(string subject, Func<PersonProfile> read)
    {
        PersonProfile profile;
        try
        {
            profile = read();
        }
        catch (JoseException ex)
        {
            throw new MyInfoException(MyInfoFailure.PersonRejected, "person response refused: " + ex.Message);
        }
        catch (JsonException)
        {
            throw new MyInfoException(MyInfoFailure.PersonRejected, "person response is not the expected JSON");
        }
        catch (FormatException)
        {
            throw new MyInfoException(MyInfoFailure.PersonRejected, "person response is not well-formed");
        }
        catch (ArgumentException)
        {
            throw new MyInfoException(MyInfoFailure.PersonRejected, "person response is not well-formed");
        }

        CheckSubject(profile, subject);
        return profile;
    }

    /// <summary>
    /// When the token's sub is an NRIC/FIN, the uinfin Myinfo returned must be the same person.
    /// An opaque sub (a UUID) cannot be compared.
    /// </summary>
    public static void CheckSubject(PersonProfile profile, string subject)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!NricLike().IsMatch(subject))
        {
            return;
        }

        var uinfin = profile.Uinfin;
        if (uinfin is not null && !string.Equals(uinfin.Trim(), subject, StringComparison.OrdinalIgnoreCase))
        {
            throw new MyInfoException(MyInfoFailure.PersonRejected, "person uinfin does not match the token subject");
        }
    }

    private static string Unquote(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && trimmed[0] == '"')
        {
            return JsonSerializer.Deserialize<string>(trimmed) ?? throw new FormatException("quoted value is null");
        }

        return trimmed;
    }

    /// <summary>The decrypted JWS, read straight from the plaintext bytes without an intermediate string.</summary>
    private static string Unquote(ReadOnlySpan<byte> utf8)
    {
        var trimmed = utf8.Trim(" \t\r\n"u8);
        if (trimmed.Length > 0 && trimmed[0] == (byte)'"')
        {
            return JsonSerializer.Deserialize<string>(trimmed) ?? throw new FormatException("quoted value is null");
        }

        return Encoding.UTF8.GetString(trimmed);
    }

    [GeneratedRegex("^[STFGMstfgm][0-9]{7}[A-Za-z]\\z", RegexOptions.CultureInvariant)]
    private static partial Regex NricLike();
}
