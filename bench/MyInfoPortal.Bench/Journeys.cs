using System.Net;
using System.Text.Json;
using MyInfoPortal.Simulators.MyInfo;

namespace MyInfoPortal.Bench;

/// <summary>A resident's complete Myinfo sign-in, as a browser walks it, checked to end on the persona's name.</summary>
internal static class SignInJourney
{
    private static readonly MyInfoPersona[] Personas = [.. MyInfoPersonas.All.Take(8)];

    public static async Task RunAsync(Browser browser, int n)
    {
        var persona = Personas[n % Personas.Length];
        browser.ClearCookies();

        Expect(await browser.GetAsync("/"), HttpStatusCode.OK, "home");
        var login = Expect(await browser.GetAsync("/login"), HttpStatusCode.Redirect, "/login");
        var picker = Expect(await browser.GetAsync(login.Location!.ToString()), HttpStatusCode.OK, "persona picker");
        var consent = Expect(await browser.SubmitAsync(picker.Body, "persona-form", ("persona", persona.Id)), HttpStatusCode.OK, "persona");
        var back = Expect(await browser.SubmitAsync(consent.Body, "consent-form", ("decision", "allow")), HttpStatusCode.Redirect, "consent");
        if (back.Location!.AbsolutePath != "/callback")
        {
            throw new JourneyException($"Consent sent the browser to {back.Location.AbsolutePath}, not /callback.");
        }

        var callback = Expect(await browser.GetAsync(back.Location.PathAndQuery), HttpStatusCode.OK, "callback");
        var marker = callback.Body.IndexOf("id=\"myinfo-continue\"", StringComparison.Ordinal);
        if (marker < 0)
        {
            throw new JourneyException("The callback page has no continue link.");
        }

        var href = WebUtility.HtmlDecode(Between(callback.Body, "href=\"", "\"", marker));
        var complete = Expect(await browser.GetAsync(href), HttpStatusCode.SeeOther, "continue");
        var profile = Expect(await browser.GetAsync(complete.Location!.PathAndQuery), HttpStatusCode.OK, "profile");
        if (!profile.Body.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(persona.Name), StringComparison.Ordinal))
        {
            throw new JourneyException($"The profile page does not show {persona.Name}.");
        }
    }

    internal static (HttpStatusCode Status, string Body, Uri? Location) Expect(
        (HttpStatusCode Status, string Body, Uri? Location) response, HttpStatusCode expected, string step)
    {
        if (response.Status != expected)
        {
            throw new JourneyException($"{step}: HTTP {(int)response.Status}, expected {(int)expected}.");
        }

        if (expected is HttpStatusCode.Redirect or HttpStatusCode.SeeOther && response.Location is null)
        {
            throw new JourneyException($"{step}: a redirect without a Location.");
        }

        return response;
    }

    private static string Between(string text, string open, string close, int from)
    {
        var start = text.IndexOf(open, from, StringComparison.Ordinal) + open.Length;
        return text[start..text.IndexOf(close, start, StringComparison.Ordinal)];
    }
}

/// <summary>
/// Venue staff at a kiosk: signed in once, the kiosk set up for a simulator venue, then each visitor a
/// fresh form and a submission. Delivery to the gateway is counted separately (the outbox sends it).
/// </summary>
internal static class KioskJourney
{
    public const string Venue = "STG-180000001W-83338-SEQRSELFTESTSINGLE-SE";

    public static async Task SignInStaffAsync(Browser browser, string user, string password)
    {
        var login = SignInJourney.Expect(await browser.GetAsync("/staff/login"), HttpStatusCode.OK, "staff login page");
        var signedIn = await browser.SubmitAsync(login.Body, "staff-login", ("Username", user), ("Password", password));
        SignInJourney.Expect(signedIn, HttpStatusCode.Redirect, "staff login");
        var setup = await browser.GetAsync("/kiosk/setup");
        SignInJourney.Expect(setup, HttpStatusCode.OK, "kiosk setup");
        var (_, hidden) = Browser.ReadForm(setup.Body, "kiosk-setup");
        var token = hidden.First(h => h.Key == "__RequestVerificationToken");
        SignInJourney.Expect(await browser.PostAsync("/kiosk/setup/simulated", [token, new("VenueId", Venue)]), HttpStatusCode.Redirect, "kiosk set-up");
    }

    /// <summary>One visitor checked in with an NRIC nobody else uses in this run; returns the submission id.</summary>
    public static async Task<Guid> SubmitAsync(Browser browser, int n)
    {
        var form = SignInJourney.Expect(await browser.GetAsync("/kiosk"), HttpStatusCode.OK, "kiosk form");
        var (_, hidden) = Browser.ReadForm(form.Body, "kiosk-form");
        var submissionId = Guid.Parse(hidden.First(h => h.Key == "SubmissionId").Value);
        var stored = await browser.PostAsync("/kiosk", hidden.Concat(
        [
            new("ActionType", "checkin"),
            new("SubType", "uinfin"),
            new("Sub", Nrics.Make(n)),
            new("MobileNo", "9" + (1000000 + n % 9000000).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]));
        SignInJourney.Expect(stored, HttpStatusCode.Redirect, "kiosk submit");
        if (!stored.Location!.AbsolutePath.StartsWith("/kiosk/done/", StringComparison.Ordinal))
        {
            throw new JourneyException($"The kiosk sent the browser to {stored.Location.AbsolutePath}, not the done page.");
        }

        return submissionId;
    }

    /// <summary>Today's counts from the staff log's status feed.</summary>
    public static async Task<(int Total, int Accepted, int Pending, int Failed)> CountsAsync(Browser browser)
    {
        var response = SignInJourney.Expect(await browser.GetAsync("/kiosk/log/status"), HttpStatusCode.OK, "log status");
        using var json = JsonDocument.Parse(response.Body);
        var counts = json.RootElement.GetProperty("counts");
        return (counts.GetProperty("total").GetInt32(), counts.GetProperty("accepted").GetInt32(),
            counts.GetProperty("pending").GetInt32() + counts.GetProperty("unconfirmed").GetInt32(), counts.GetProperty("failed").GetInt32() + counts.GetProperty("needsAttention").GetInt32());
    }
}

/// <summary>NRICs that pass the checksum, one per number, so no two visitors in a run are the same person.</summary>
internal static class Nrics
{
    private static readonly int[] Weights = [2, 7, 6, 5, 4, 3, 2];

    public static string Make(int n)
    {
        var digits = (1000000 + (n % 9000000)).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        var sum = digits.Select((d, i) => (d - '0') * Weights[i]).Sum();
        return "S" + digits + "JZIHGFEDCBA"[sum % 11];
    }
}
