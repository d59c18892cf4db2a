using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MyInfoPortal.Tests.Browser;

/// <summary>A resident's steps through the portal and the embedded Myinfo simulator.</summary>
public static partial class ResidentSteps
{
    /// <summary>A simulator persona with building, floor and unit in an SG address.</summary>
    public static readonly Persona Aisyah = new(
        "S8523671G", "NUR AISYAH BINTE ROSLAN",
        ["BLK 27 THE LAGUNA GROVE", "#15-03 MARINE PARADE ROAD", "SINGAPORE 449301"]);

    public static async Task StartAtHomeAsync(Journey journey)
    {
        await journey.StepAsync("home", async () =>
        {
            await journey.GotoAsync("/");
            await Expect(journey.Page.GetByRole(AriaRole.Link, new() { Name = "Retrieve Myinfo" })).ToBeVisibleAsync();
        });
    }

    public static async Task OpenSimulatorPersonaPickerAsync(Journey journey)
    {
        await journey.StepAsync("persona-picker", async () =>
        {
            await journey.Page.GetByRole(AriaRole.Link, new() { Name = "Retrieve Myinfo" }).ClickAsync();
            await Expect(journey.Page).ToHaveURLAsync(SimulatorAuthorise());
            await Expect(journey.Page.GetByRole(AriaRole.Heading, new() { Name = "Who is signing in?" })).ToBeVisibleAsync();
        });
    }

    public static async Task PickSimulatorPersonaAsync(Journey journey, Persona persona)
    {
        await journey.StepAsync("consent", async () =>
        {
            await journey.Page.GetByRole(AriaRole.Button, new() { Name = persona.Name }).ClickAsync();
            await Expect(journey.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Share your data");
            await Expect(journey.Page.Locator(".sim-signed-in")).ToContainTextAsync(persona.Name);
        });
    }

    /// <summary>The profile as Myinfo gave it: the name, the NRIC masked to its last four, the address in lines.</summary>
    public static async Task AssertProfileAsync(Journey journey, Persona persona)
    {
        var page = journey.Page;
        await Expect(page).ToHaveURLAsync(journey.BaseUrl + "/profile");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(persona.Name);
        var uinfin = page.Locator("#field-uinfin .profile-field__value");
        await Expect(uinfin).ToHaveTextAsync("*****" + persona.Uinfin[^4..]);
        var address = page.Locator("#field-regadd .profile-field__value");
        foreach (var line in persona.AddressLines)
        {
            await Expect(address).ToContainTextAsync(line);
        }

        Assert.DoesNotContain(persona.Uinfin, await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("#field-uinfin .profile-field__source")).ToContainTextAsync("Myinfo");

        // The header says a profile is held, without repeating any of it.
        var state = page.GetByTestId("resident-state");
        await Expect(state).ToBeVisibleAsync();
        await Expect(state).Not.ToContainTextAsync(persona.Name);
    }

    public static async Task RevealAndSignOutAsync(Journey journey, Persona persona)
    {
        var page = journey.Page;
        await journey.StepAsync("reveal-nric", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Reveal full NRIC/FIN" }).ClickAsync();
            await Expect(page.Locator("#field-uinfin .profile-field__value")).ToHaveTextAsync(persona.Uinfin);
        });

        await journey.StepAsync("signed-out", async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out and delete my data" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You have signed out" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("resident-state")).ToHaveCountAsync(0);
        });

        await journey.StepAsync("back-after-sign-out", async () =>
        {
            await page.GoBackAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/profile"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("There is no Myinfo profile to show");
            var html = await page.ContentAsync();
            Assert.DoesNotContain(persona.Name, html, StringComparison.Ordinal);
            Assert.DoesNotContain(persona.Uinfin[^4..], html, StringComparison.Ordinal);
        });
    }

    [GeneratedRegex("/sim/myinfo/v3/authorise")]
    private static partial Regex SimulatorAuthorise();
}

public sealed record Persona(string Uinfin, string Name, IReadOnlyList<string> AddressLines);
